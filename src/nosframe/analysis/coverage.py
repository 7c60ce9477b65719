"""Coverage: for each role and behaviour, is the required level evidenced by mapped NOS criteria?"""

from __future__ import annotations

import enum

from attrs import frozen

from nosframe.graph import build_graph, role_evidence
from nosframe.model import Framework


class Status(enum.Enum):
    COVERED = "covered"  # required, and a mandatory standard's criteria evidence it
    OPTIONAL_ONLY = "optional-only"  # required, evidenced only through optional standards
    GAP = "gap"  # required, nothing evidences it
    EXTRA = "extra"  # not required, but the role's standards evidence it
    NONE = "none"  # neither


@frozen
class Cell:
    role: str
    behaviour: str
    level: int | None  # required level, None when not required
    status: Status
    evidence: tuple[tuple[str, tuple[str, ...], bool], ...] = ()  # (standard, criteria, optional)


@frozen
class CoverageMatrix:
    roles: tuple[str, ...]
    behaviours: tuple[str, ...]
    cells: dict[tuple[str, str], Cell]

    def cell(self, role: str, behaviour: str) -> Cell:
        return self.cells[(role, behaviour)]

    def gaps(self) -> list[Cell]:
        return [c for c in self.cells.values() if c.status is Status.GAP]

    def required(self) -> list[Cell]:
        return [c for c in self.cells.values() if c.level is not None]

    @property
    def ratio(self) -> float:
        """Share of required (role, behaviour) pairs that are evidenced by mandatory NOS."""
        required = self.required()
        if not required:
            return 1.0
        return sum(c.status is Status.COVERED for c in required) / len(required)


def coverage_matrix(framework: Framework, graph=None) -> CoverageMatrix:
    graph = graph if graph is not None else build_graph(framework)
    behaviours = tuple(b.id for b in framework.behaviours)
    cells = {}
    for role in framework.roles:
        evidence = role_evidence(graph, role.id)
        for behaviour in behaviours:
            level = role.behaviours.get(behaviour)
            found = tuple(evidence.get(behaviour, ()))
            mandatory = any(not optional for _, _, optional in found)
            if level is None:
                status = Status.EXTRA if found else Status.NONE
            elif mandatory:
                status = Status.COVERED
            elif found:
                status = Status.OPTIONAL_ONLY
            else:
                status = Status.GAP
            cells[(role.id, behaviour)] = Cell(role.id, behaviour, level, status, found)
    return CoverageMatrix(tuple(r.id for r in framework.roles), behaviours, cells)
