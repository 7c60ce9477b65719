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


__all__ = ["Ladder", "ladder"]
