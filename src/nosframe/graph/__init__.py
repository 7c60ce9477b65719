"""The framework as a networkx graph: who references whom.

Nodes are ``(kind, key)`` pairs (``("role", "constable")``, ``("standard", "SFJAA1")``).
Edges point from the referring element to the referred one and carry ``rel``:
``requires`` (role -> standard; ``optional=True`` for optional ones), ``needs`` (role ->
behaviour, with ``level``), ``progresses_to`` (role -> role), ``evidences`` (standard ->
behaviour or value, with ``criteria``), ``expresses`` (behaviour -> value). Nodes that are
referenced but not defined have ``defined=False``: dangling references are easy to find.
The edges are the references of :data:`nosframe.model.references.REFS` that have a ``rel``;
levels are numbers on edges, not nodes with edges (see ``where_used`` there for them).
"""

from __future__ import annotations

import weakref

import networkx as nx

from nosframe.model import Framework
from nosframe.model.kinds import KINDS, kind
from nosframe.model import references as reference_table
from nosframe.model.references import Ref, references_of

Node = tuple[str, str]


def build_graph(framework: Framework) -> nx.DiGraph:
    """The graph of every reference in :data:`~nosframe.model.references.REFS` that is an edge
    (``rel``). Between two nodes the first edge wins, except that fields a ref ``carry``-ies
    (a mapping's criteria) are concatenated.

    Nodes and edges are gathered in plain dicts and handed to networkx at once (in the order
    they were met), which is what keeps this linear and quick at 50,000 mappings."""
    node_kinds = {k.name for k in KINDS if k.node}
    nodes: dict[Node, bool] = {}
    for k in KINDS:
        if k.node:
            for element in k.elements(framework):
                nodes[(k.name, element.key)] = True
    edges: dict[tuple[Node, Node], dict] = {}
    table = reference_table.REFS
    edge_refs = [r for r in table if r.rel is not None and r.target in node_kinds]
    anchors: dict[tuple[str, str], Ref] = {(r.source, r.field): r for r in table}
    for k in KINDS:
        mine = [r for r in edge_refs if r.source == k.name]
        if not mine:
            continue
        starts = [(f, anchors[(k.name, f)].target, kind(anchors[(k.name, f)].target).matcher)
                  for f in dict.fromkeys(r.edge_from for r in mine if r.edge_from)]
        for element in k.elements(framework):
            start_of = {f: (target, match(getattr(element, f)))
                        for f, target, match in starts if getattr(element, f, "")}
            for a in start_of.values():
                nodes.setdefault(a, False)
            for reference in references_of(k.name, element, mine):
                ref = reference.ref
                if ref.edge_from:
                    if ref.edge_from not in start_of:
                        continue
                    a = start_of[ref.edge_from]
                else:
                    a = (k.name, element.key)
                b = (ref.target, reference.key)
                nodes.setdefault(b, False)
                current = edges.get((a, b))
                if current is not None:
                    if current["rel"] == ref.rel:
                        for name in ref.carry:
                            current[name] = current[name] + tuple(getattr(element, name))
                    continue
                data = dict(ref.data, rel=ref.rel)
                if ref.value_as:
                    data[ref.value_as] = reference.other
                for name in ref.carry:
                    data[name] = tuple(getattr(element, name))
                edges[(a, b)] = data
    graph = nx.DiGraph()
    graph.add_nodes_from((n, {"defined": defined}) for n, defined in nodes.items())
    graph.add_edges_from((a, b, data) for (a, b), data in edges.items())
    return graph


_GRAPHS: list[tuple[weakref.ref, nx.DiGraph]] = []
_GRAPHS_KEPT = 2  # the current framework and the one before it (an edit's before and after)


def graph_of(framework: Framework) -> nx.DiGraph:
    """:func:`build_graph` of ``framework``, built once while that framework object lives and
    shared by every reader (the checks of one run, the editor's views). Treat it as read-only."""
    for ref, graph in _GRAPHS:
        if ref() is framework:
            return graph
    graph = build_graph(framework)
    _GRAPHS.insert(0, (weakref.ref(framework), graph))
    del _GRAPHS[_GRAPHS_KEPT:]
    return graph


def forget_graphs() -> None:
    """Drop the graphs :func:`graph_of` keeps (a benchmark measuring a cold check)."""
    _GRAPHS.clear()


def evidence_by_role(framework: Framework) -> dict[str, set[str]]:
    """For every role: the behaviours one of its standards (optional ones too) has criteria
    mapped to (what :func:`role_evidence` answers for one role, from the graph's ``requires``
    and ``evidences`` edges), in one pass over the roles and mappings, without the graph."""
    requires = [r for r in reference_table.REFS if r.rel == "requires"]
    evidences = [r for r in reference_table.REFS
                 if r.rel == "evidences" and r.source == "mapping" and r.target == "behaviour"]
    match_standard = kind("standard").matcher
    by_standard: dict[str, set[str]] = {}
    for mapping in framework.mappings:
        if not mapping.standard:
            continue
        for reference in references_of("mapping", mapping, evidences):
            by_standard.setdefault(match_standard(mapping.standard), set()).add(reference.key)
    out: dict[str, set[str]] = {}
    for role in framework.roles:
        evidenced = out.setdefault(role.key, set())
        for reference in references_of("role", role, requires):
            evidenced |= by_standard.get(reference.key, set())
    return out


def progression_graph(framework: Framework) -> nx.DiGraph:
    """Only the graph's ``progresses_to`` edges (all :func:`progression_cycles` reads), built
    without the rest."""
    refs = [r for r in reference_table.REFS if r.rel == "progresses_to"]
    graph = nx.DiGraph()
    for role in framework.roles:
        for reference in references_of("role", role, refs):
            graph.add_edge(("role", role.key), (reference.ref.target, reference.key),
                           rel="progresses_to")
    return graph


def where_used(graph: nx.DiGraph, node: Node) -> list[tuple[Node, str]]:
    """Nodes with an edge to ``node``, with the relation, in a stable order.

    Only edges: :func:`nosframe.model.references.where_used` lists every reference (mappings
    naming a standard, roles and behaviours using a level), in words."""
    if node not in graph:
        return []
    return sorted((pred, graph.edges[pred, node]["rel"]) for pred in graph.predecessors(node))


def progression_cycles(graph: nx.DiGraph) -> list[list[str]]:
    """Cycles in role progression (each as a list of role ids), smallest first."""
    roles = graph.edge_subgraph(
        [(a, b) for a, b, rel in graph.edges(data="rel") if rel == "progresses_to"])
    cycles = []
    for cycle in nx.simple_cycles(roles):
        keys = [key for _, key in cycle]
        first = keys.index(min(keys))  # the same cycle, from the same role, on every run
        cycles.append(keys[first:] + keys[:first])
    return sorted(cycles, key=lambda c: (len(c), c))


def role_evidence(graph: nx.DiGraph, role_key: str) -> dict[str, list[tuple[str, tuple, bool]]]:
    """For one role: behaviour key -> [(standard key, mapped criteria, optional?)].

    A behaviour is evidenced for a role when one of the role's standards has criteria mapped to
    it. Optional standards count, flagged, because a person may not hold them.
    """
    out: dict[str, list[tuple[str, tuple, bool]]] = {}
    role = ("role", role_key)
    if role not in graph:
        return out
    for _, standard, data in graph.out_edges(role, data=True):
        if data["rel"] != "requires":
            continue
        for _, target, edge in graph.out_edges(standard, data=True):
            if edge["rel"] == "evidences" and target[0] == "behaviour":
                out.setdefault(target[1], []).append(
                    (standard[1], edge["criteria"], data["optional"]))
    for evidence in out.values():
        evidence.sort()
    return out


__all__ = ["Node", "build_graph", "evidence_by_role", "forget_graphs", "graph_of",
           "progression_cycles", "progression_graph", "role_evidence", "where_used"]
