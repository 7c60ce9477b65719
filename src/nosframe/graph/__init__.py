"""The framework as a networkx graph: who references whom.

Nodes are ``(kind, key)`` pairs (``("role", "constable")``, ``("standard", "SFJAA1")``).
Edges point from the referring element to the referred one and carry ``rel``:
``requires`` (role -> standard; ``optional=True`` for optional ones), ``needs`` (role ->
behaviour, with ``level``), ``progresses_to`` (role -> role), ``evidences`` (standard ->
behaviour or value, with ``criteria``), ``expresses`` (behaviour -> value). Nodes that are
referenced but not defined have ``defined=False``: dangling references are easy to find.
"""

from __future__ import annotations

import networkx as nx

from nosframe.model import ELEMENT_KINDS, Framework, normalise_code

Node = tuple[str, str]


def build_graph(framework: Framework) -> nx.DiGraph:
    graph = nx.DiGraph()
    for kind, attr in ELEMENT_KINDS:
        if kind in ("source", "mapping"):
            continue
        for element in getattr(framework, attr):
            graph.add_node((kind, element.key), defined=True)

    def edge(a: Node, b: Node, **data) -> None:
        if b not in graph:
            graph.add_node(b, defined=False)
        if graph.has_edge(a, b) and data.get("rel") == "evidences":
            graph.edges[a, b]["criteria"] += data["criteria"]
            return
        graph.add_edge(a, b, **data)

    for behaviour in framework.behaviours:
        for value in behaviour.values:
            edge(("behaviour", behaviour.id), ("value", value), rel="expresses")
    for role in framework.roles:
        node = ("role", role.id)
        for code in role.standards:
            edge(node, ("standard", normalise_code(code)), rel="requires", optional=False)
        for code in role.optional_standards:
            if not graph.has_edge(node, ("standard", normalise_code(code))):
                edge(node, ("standard", normalise_code(code)), rel="requires", optional=True)
        for behaviour, level in role.behaviours.items():
            edge(node, ("behaviour", behaviour), rel="needs", level=level)
        for other in role.progresses_to:
            edge(node, ("role", other), rel="progresses_to")
    for mapping in framework.mappings:
        source = ("standard", normalise_code(mapping.standard))
        if source not in graph:
            graph.add_node(source, defined=False)
        if mapping.behaviour:
            edge(source, ("behaviour", mapping.behaviour), rel="evidences",
                 criteria=tuple(mapping.criteria))
        if mapping.value:
            edge(source, ("value", mapping.value), rel="evidences",
                 criteria=tuple(mapping.criteria))
    return graph


def where_used(graph: nx.DiGraph, node: Node) -> list[tuple[Node, str]]:
    """Elements that refer to ``node``, with the relation, in a stable order."""
    if node not in graph:
        return []
    return sorted((pred, graph.edges[pred, node]["rel"]) for pred in graph.predecessors(node))


def progression_cycles(graph: nx.DiGraph) -> list[list[str]]:
    """Cycles in role progression (each as a list of role ids), smallest first."""
    roles = graph.edge_subgraph(
        [(a, b) for a, b, rel in graph.edges(data="rel") if rel == "progresses_to"])
    cycles = [[key for _, key in cycle] for cycle in nx.simple_cycles(roles)]
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


__all__ = ["Node", "build_graph", "progression_cycles", "role_evidence", "where_used"]
