"""The progression ladder: roles in rungs along ``progresses_to``, entry roles at the bottom.

A role's rung is the length of the longest route up to it from a role nothing progresses to
(roles in a progression cycle share a rung). Roles with no progression either way stand apart
(:attr:`Ladder.apart`). Drawn by the ``ladder-svg`` exporter and the editor's ladder view.
"""

from __future__ import annotations

import networkx as nx
from attrs import frozen

from nosframe.model import Framework


@frozen
class Ladder:
    rungs: tuple[tuple[str, ...], ...]  # role ids, rung 0 (entry) first
    edges: tuple[tuple[str, str], ...]  # (role, role it progresses to), both on the ladder
    apart: tuple[str, ...]  # roles with no progression to or from them
    titles: dict[str, str]

    def rung_of(self, role: str) -> int | None:
        return next((n for n, rung in enumerate(self.rungs) if role in rung), None)

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(r for rung in self.rungs for r in rung) + self.apart


def ladder(framework: Framework) -> Ladder:
    roles = {r.id: r for r in framework.roles}
    order = {rid: n for n, rid in enumerate(roles)}
    graph = nx.DiGraph()
    for role in framework.roles:
        for target in role.progresses_to:
            if target in roles and target != role.id:
                graph.add_edge(role.id, target)
    dag = nx.condensation(graph)
    rank: dict[int, int] = {}
    for component in nx.topological_sort(dag):
        rank[component] = max((rank[p] + 1 for p in dag.predecessors(component)), default=0)
    rung_of = {rid: rank[dag.graph["mapping"][rid]] for rid in graph}
    rungs: list[list[str]] = [[] for _ in range(max(rung_of.values(), default=-1) + 1)]
    for rid in sorted(rung_of, key=lambda r: (roles[r].family, order[r])):
        rungs[rung_of[rid]].append(rid)
    edges = tuple(sorted(graph.edges, key=lambda e: (order[e[0]], order[e[1]])))
    return Ladder(tuple(tuple(r) for r in rungs), edges,
                  tuple(rid for rid in roles if rid not in rung_of),
                  {rid: role.title or rid for rid, role in roles.items()})


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def draw_ladder(found: Ladder, width: int = 100, box: int = 0) -> list[str]:
    """The ladder drawn with box-drawing characters, the top rung first: one box per role
    (its title and the roles it progresses to), a ``▲`` under each box whose role progresses
    to the rung above, rungs wider than ``width`` wrapped. Plain text (the editor's ladder
    view shows it; a terminal without colour reads it the same)."""
    widest = max([len(r) for r in found.rungs] + [len(found.apart), 1])
    box = box or min(36, max(22, (width - 8) // widest - 2))
    inner = box - 4
    per_line = max(1, (width - 8 + 2) // (box + 2))
    out: list[str] = ["▲ progresses to the rung above  → the roles it progresses to", ""]

    def boxes(roles: list[str], numbered: str) -> list[str]:
        lines = []
        for start in range(0, len(roles), per_line):
            chunk = roles[start:start + per_line]
            onward = [", ".join(b for a, b in found.edges if a == r) for r in chunk]
            rows = [[f"┌{'─' * (box - 2)}┐" for _ in chunk],
                    [f"│ {_cut(found.titles.get(r, r), inner):<{inner}} │" for r in chunk],
                    [f"│ {_cut(('→ ' + o) if o else r, inner):<{inner}} │"
                     for r, o in zip(chunk, onward)],
                    [f"└{'─' * (box - 2)}┘" for _ in chunk]]
            label = numbered if start == 0 else ""
            lines += [f"{label if n == 1 else '':<8}" + "  ".join(row)
                      for n, row in enumerate(rows)]
        return lines

    top = len(found.rungs) - 1
    for n in range(top, -1, -1):
        rung = list(found.rungs[n])
        out += boxes(rung, f"rung {n + 1}")
        if n > 0:
            up = set(found.rungs[n - 1])
            marks = "  ".join(
                f"{'▲' if any(a == r and b in set(rung) for a, b in found.edges) else ' ':^{box}}"
                for r in list(found.rungs[n - 1])[:per_line])
            out.append(" " * 8 + marks.rstrip() if up else "")
    if found.apart:
        out += ["", "no progression to or from them:"]
        out += boxes(list(found.apart), "")
    return out


__all__ = ["Ladder", "draw_ladder", "ladder"]
