"""What one role requires that another does not: the ground of a training plan (and later of
progression). ``gap(framework, None, role)`` is everything the role requires."""

from __future__ import annotations

from attrs import frozen

from nosframe.graph import build_graph, role_evidence
from nosframe.model import Framework, Role, normalise_code


@frozen
class StandardGap:
    """A standard the target role requires and the current role does not."""

    code: str  # as the target role lists it
    key: str  # normalised code
    optional: bool  # an optional standard of the target role


@frozen
class BehaviourGap:
    """A behaviour the target role needs at a higher level than the current role (or at all)."""

    behaviour: str  # behaviour id
    from_level: int | None  # the current role's level, None when it does not need it
    to_level: int
    #: criteria of the target role's standards mapped to the behaviour:
    #: (standard key, criterion ids, optional standard?)
    evidence: tuple[tuple[str, tuple[str, ...], bool], ...] = ()


@frozen
class Gap:
    from_role: str | None  # None: the plan starts from nothing
    to_role: str
    standards: tuple[StandardGap, ...] = ()
    behaviours: tuple[BehaviourGap, ...] = ()
    qualifications: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.standards or self.behaviours or self.qualifications)


def _role(framework: Framework, role_id: str) -> Role:
    for role in framework.roles:
        if role.id == role_id:
            return role
    raise KeyError(role_id)


def gap(framework: Framework, from_role: str | None, to_role: str, graph=None) -> Gap:
    """What ``to_role`` requires that ``from_role`` does not: its standards (mandatory ones the
    current role does not require; optional ones it neither requires nor offers), behaviours
    needed at a higher level (with the criteria of the target role's standards mapped to them)
    and qualifications. Raises ``KeyError`` for an unknown role id."""
    target = _role(framework, to_role)
    current = _role(framework, from_role) if from_role is not None else None
    held = {normalise_code(c) for c in current.standards} if current else set()
    offered = held | ({normalise_code(c) for c in current.optional_standards} if current
                      else set())
    standards = []
    seen = set()
    for codes, optional, known in ((target.standards, False, held),
                                   (target.optional_standards, True, offered)):
        for code in codes:
            key = normalise_code(code)
            if key not in known and key not in seen:
                seen.add(key)
                standards.append(StandardGap(code, key, optional))
    graph = graph if graph is not None else build_graph(framework)
    evidence = role_evidence(graph, target.id)
    behaviours = []
    for bid, level in target.behaviours.items():
        had = current.behaviours.get(bid) if current else None
        if had is None or had < level:
            behaviours.append(BehaviourGap(bid, had, level, tuple(
                (key, tuple(criteria), optional) for key, criteria, optional
                in evidence.get(bid, ()))))
    had_qualifications = set(current.qualifications) if current else set()
    qualifications = tuple(q for q in target.qualifications if q not in had_qualifications)
    return Gap(from_role, to_role, tuple(standards), tuple(behaviours), qualifications)
