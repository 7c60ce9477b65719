"""The framework's graph (:func:`nosframe.graph.build_graph`: roles, progression, standards,
behaviours, values, mappings) as GraphML, for graph tools (Gephi, yEd, networkx), and as a
Mermaid flowchart, for Markdown pages that draw it (GitHub, GitLab, docs sites).

Nodes are named ``kind:key`` (``role:pcso``, ``standard:SFJAA1``) with ``kind``, ``key``,
``label`` and ``defined`` (a reference to something the framework does not define is a node
with ``defined`` false). Edges keep ``rel`` and its data: ``level`` (a role needs a behaviour),
``optional`` (a role requires a standard), ``criteria`` (a mapping, space-separated).
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from nosframe.compose import Composed
from nosframe.graph import build_graph
from nosframe.hookspecs import hookimpl
from nosframe.model import Framework
from nosframe.model.kinds import kind as kind_named
from nosframe.registry import Exporter, ExportResult


def _label(framework: Framework, kind: str, key: str) -> str:
    element = kind_named(kind).find(framework, key)
    title = kind_named(kind).title_of(element) if element is not None else ""
    return title or key


def _edge_data(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"rel": data["rel"]}
    for name, value in data.items():
        if name == "rel" or value is None:
            continue
        out[name] = " ".join(value) if isinstance(value, tuple) else value
    return out


def labelled_graph(framework: Framework) -> nx.DiGraph:
    """:func:`build_graph` with nodes named ``kind:key`` and plain attribute values (what
    GraphML holds)."""
    graph = build_graph(framework)
    out = nx.DiGraph()
    for (kind, key), data in graph.nodes(data=True):
        out.add_node(f"{kind}:{key}", kind=kind, key=key,
                     label=_label(framework, kind, key), defined=bool(data["defined"]))
    for (ak, akey), (bk, bkey), data in graph.edges(data=True):
        out.add_edge(f"{ak}:{akey}", f"{bk}:{bkey}", **_edge_data(data))
    return out


def export_graphml(composed: Composed) -> ExportResult:
    graph = labelled_graph(composed.framework)
    text = "\n".join(nx.generate_graphml(graph, prettyprint=True)) + "\n"
    return ExportResult(text, losses=_losses())


def _losses() -> tuple[str, ...]:
    return ("criteria text, indicators, descriptions and provenance (the graph holds who "
            "refers to whom: ids, titles and the references' data)",)


# -- Mermaid -----------------------------------------------------------------------------------

_SHAPES = {"role": ('["', '"]'), "standard": ('[/"', '"/]'), "behaviour": ('("', '")'),
           "value": ('(["', '"])'), "level": ('{{"', '"}}')}
_CLASSES = {"role": "fill:#dbeafe,stroke:#1d4ed8", "standard": "fill:#fef3c7,stroke:#b45309",
            "behaviour": "fill:#dcfce7,stroke:#15803d", "value": "fill:#fce7f3,stroke:#be185d",
            "undefined": "fill:#fee2e2,stroke:#b91c1c,stroke-dasharray:4 3"}


def _text(value: str) -> str:
    """Text inside a Mermaid label's quotes: no quotes, brackets or line breaks to end it."""
    return (" ".join(str(value).split()).replace("#", "#35;").replace('"', "#quot;")
            .replace("<", "#lt;").replace(">", "#gt;"))


def mermaid(framework: Framework) -> str:
    graph = labelled_graph(framework)
    ids = {node: f"n{n}" for n, node in enumerate(graph.nodes)}
    lines = ["flowchart LR"]
    by_kind: dict[str, list[str]] = {}
    for node, data in graph.nodes(data=True):
        by_kind.setdefault(data["kind"], []).append(node)
    for kind, nodes in by_kind.items():
        lines.append(f"  subgraph {kind}s [\"{_text(kind_named(kind).plural.capitalize())}\"]")
        for node in nodes:
            data = graph.nodes[node]
            start, end = _SHAPES.get(kind, ('["', '"]'))
            label = data["label"] if data["label"] == data["key"] else \
                f"{data['label']} ({data['key']})"
            lines.append(f"    {ids[node]}{start}{_text(label)}{end}")
        lines.append("  end")
    for a, b, data in graph.edges(data=True):
        rel = data["rel"]
        label = {"needs": f"needs L{data.get('level')}",
                 "requires": "optional" if data.get("optional") else "requires",
                 "evidences": f"evidences {data.get('criteria', '')}".strip()}.get(rel, rel)
        arrow = "==>" if rel == "progresses_to" else \
            "-.->" if rel == "requires" and data.get("optional") else "-->"
        lines.append(f"  {ids[a]} {arrow}|\"{_text(label)}\"| {ids[b]}")
    for kind, style in _CLASSES.items():
        lines.append(f"  classDef {kind} {style}")
    for node, data in graph.nodes(data=True):
        cls = data["kind"] if data["defined"] else "undefined"
        if cls in _CLASSES:
            lines.append(f"  class {ids[node]} {cls}")
    return "\n".join(lines) + "\n"


def export_mermaid(composed: Composed) -> ExportResult:
    return ExportResult(mermaid(composed.framework), losses=_losses())


@hookimpl
def nosframe_exporters(register) -> None:
    register(Exporter("graphml", "The framework's graph as GraphML (Gephi, yEd, networkx)",
                      ".graphml", export_graphml))
    register(Exporter("mermaid", "The framework's graph as a Mermaid flowchart", ".mmd",
                      export_mermaid))


__all__ = ["export_graphml", "export_mermaid", "labelled_graph", "mermaid"]
