"""Pictures of a framework: its graph as GraphML (read back by networkx) and Mermaid, the
progression ladder and the coverage matrix as SVG (well-formed, naming every role)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

import nosframe
from nosframe.analysis.ladder import ladder
from nosframe.formats.graph_formats import labelled_graph, mermaid
from nosframe.graph import build_graph

ROOT = Path(__file__).resolve().parents[1]
NORTHSHIRE = ROOT / "frameworks" / "northshire-police.toml"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def composed():
    return nosframe.load(NORTHSHIRE)


def test_graphml_read_by_networkx_is_the_graph(composed, tmp_path):
    from nosframe.formats.graph_formats import export_graphml

    path = tmp_path / "g.graphml"
    path.write_text(export_graphml(composed).content, encoding="utf-8")
    read = nx.read_graphml(path)
    graph = build_graph(composed.framework)
    assert set(read.nodes) == {f"{k}:{key}" for k, key in graph.nodes}
    assert set(read.edges) == {(f"{a[0]}:{a[1]}", f"{b[0]}:{b[1]}") for a, b in graph.edges}
    for (ak, akey), (bk, bkey), data in graph.edges(data=True):
        edge = read.edges[f"{ak}:{akey}", f"{bk}:{bkey}"]
        assert edge["rel"] == data["rel"]
        if data["rel"] == "needs":
            assert edge["level"] == data["level"]
        if data["rel"] == "evidences":
            assert edge["criteria"].split() == list(data["criteria"])
    constable = read.nodes["role:police-constable"]
    assert constable["kind"] == "role" and constable["label"] == "Police constable"
    assert constable["defined"] is True


def test_mermaid_structure(composed):
    text = mermaid(composed.framework)
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    graph = labelled_graph(composed.framework)
    assert sum(1 for line in lines if line.startswith("  subgraph ")) == \
        len({data["kind"] for _, data in graph.nodes(data=True)})
    assert sum(1 for line in lines if line.strip() == "end") == \
        sum(1 for line in lines if line.startswith("  subgraph "))
    edges = [line for line in lines if "-->" in line or "==>" in line or "-.->" in line]
    assert len(edges) == graph.number_of_edges()
    assert sum("==>" in line for line in edges) == sum(
        1 for *_, rel in graph.edges(data="rel") if rel == "progresses_to")
    assert '["Police constable (police-constable)"]' in text
    assert all('"' not in label for label in
               (line.split('"')[1] for line in lines if line.startswith("    n")))


def test_mermaid_escapes_what_would_end_a_label(write):
    path = write("q.toml", '''
        [framework]
        id = "q"

        [[roles]]
        id = "a"
        title = 'The "best" <role> #1'
        ''')
    assert 'n0["The #quot;best#quot; #lt;role#gt; #35;1 (a)"]' in mermaid(
        nosframe.load(path).framework)


def test_ladder_rungs(composed):
    found = ladder(composed.framework)
    assert found.rung_of("pcso") == 0
    assert found.rung_of("police-constable") == 1
    assert found.rung_of("police-sergeant") > found.rung_of("detective-constable")
    assert found.rung_of("police-inspector") == len(found.rungs) - 1
    assert set(found.roles) == {r.id for r in composed.framework.roles}


@pytest.mark.parametrize("fmt", ["ladder-svg", "coverage-svg"])
def test_svgs_are_well_formed_and_name_every_role(composed, fmt, tmp_path):
    from nosframe.plugins import load_plugins

    content = load_plugins(entry_points=False).exporters()[fmt].write(composed).content
    tree = ET.fromstring(content.encode("utf-8"))
    assert tree.tag == f"{SVG}svg"
    texts = " ".join("".join(e.itertext()) for e in tree.iter(f"{SVG}g")
                     if e.get("class") == "role")
    drawn = {e.get("data-role") for e in tree.iter(f"{SVG}g") if e.get("class") == "role"}
    assert drawn == {r.id for r in composed.framework.roles}
    for role in composed.framework.roles:
        assert role.title in texts  # whole in its tooltip, even where the drawn text is cut


def test_ladder_with_a_cycle_and_roles_apart(write):
    path = write("c.toml", '''
        [framework]
        id = "c"

        [[roles]]
        id = "a"
        progresses_to = ["b"]

        [[roles]]
        id = "b"
        progresses_to = ["a"]

        [[roles]]
        id = "alone"
        ''')
    fw = nosframe.load(path).framework
    found = ladder(fw)
    assert found.rungs == (("a", "b"),) and found.apart == ("alone",)
    from nosframe.formats.svg import ladder_svg

    ET.fromstring(ladder_svg(fw).encode("utf-8"))


def test_the_cli_exports_them(cli_run, tmp_path):
    for fmt in ("graphml", "mermaid", "ladder-svg", "coverage-svg"):
        out = tmp_path / f"out.{fmt}"
        result = cli_run("export", ROOT / "tests" / "data" / "mini.toml", "--to", fmt, "-o", out)
        assert result.exit_code == 0, result.stderr
        assert out.stat().st_size > 100


def test_the_ladder_drawn_in_text(composed):
    from nosframe.analysis.ladder import draw_ladder

    found = ladder(composed.framework)
    lines = draw_ladder(found, width=110)
    text = "\n".join(lines)
    assert max(len(line) for line in lines) <= 110
    assert text.index("Police inspector") < text.index("Police sergeant") < \
        text.index("Police constable") < text.index("Police community support")
    assert "→ police-inspector" in text  # the sergeant's box says where it leads
    tops = [line for line in lines if "┌" in line]
    assert sum(line.count("┌") for line in tops) == len(found.roles)
    assert all(line.count("┌") == line.count("┐") for line in tops)
    narrow = draw_ladder(found, width=60)
    assert max(len(line) for line in narrow) <= 60
    assert sum(line.count("┌") for line in narrow) == len(found.roles)
