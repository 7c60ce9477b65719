"""The checks find the same things after they were made fast (issue 13): every finding of the
example frameworks and of a generated framework with broken references, against the findings
recorded before (``tests/data/findings/*.json``, written by the checks as they were).

After a deliberate change to a check or an example, rewrite them with
``NOSFRAME_WRITE_FINDINGS=1 .venv/bin/python -m pytest tests/test_check_findings_kept.py``
and read the diff.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

import pytest
from attrs import evolve

from nosframe.checks import run_checks
from nosframe.compose import compose, memory_document
from nosframe.io import load_document
from nosframe.model import Mapping, Role
from nosframe.plugins import load_plugins

ROOT = Path(__file__).parents[1]
RECORDED = ROOT / "tests" / "data" / "findings"
TODAY = dt.date(2026, 12, 1)
EXAMPLES = sorted((ROOT / "frameworks").glob("*.toml")) + [ROOT / "tests" / "data" / "mini.toml"]


def rows(findings) -> list[list]:
    def place(f):
        loc = f.location
        return [Path(loc.file).name if loc.file else "", loc.line, loc.path]
    return [[f.code, f.severity.value, f.message, f.hint, *place(f),
             list(f.element) if f.element else None, f.check, f.origin.value,
             f.acknowledged is not None] for f in findings]


def compare(name: str, findings) -> None:
    path = RECORDED / f"{name}.json"
    got = rows(findings)
    if os.environ.get("NOSFRAME_WRITE_FINDINGS"):
        path.write_text(json.dumps(got, indent=0, ensure_ascii=False) + "\n")
    assert got == json.loads(path.read_text())


def broken_generated(tmp: Path):
    """A generated framework (benchmarks/generate.py) with a reference of every kind broken."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import generate
    finally:
        sys.path.pop(0)
    files = generate(tmp, standards=120, roles=60, mappings=600, seed=5)
    document = load_document(files[-1])
    fw = document.framework
    roles = list(fw.roles)
    roles[0] = evolve(roles[0], standards=roles[0].standards + ("ZZB99999", "zzb00001"),
                      behaviours={**roles[0].behaviours, "behaviour-99": 2, "behaviour-1": 7},
                      progresses_to=("role-1", "role-404"))
    roles[4] = evolve(roles[4], progresses_to=("role-0",))  # role-0 -> ... -> role-4 -> role-0
    roles.append(Role("role-empty", "A role with no standards"))
    mappings = list(fw.mappings) + [
        Mapping("ZZB00003", ("P1", "P99", "K77"), behaviour="behaviour-2"),
        Mapping("ZZB77777", ("P1",), behaviour="behaviour-3"),
        Mapping("ZZB00004", ("P2",), behaviour="behaviour-404"),
        Mapping("ZZB00005", ("P3",), value="value-9"),
        Mapping("ZZB00006", (), behaviour="behaviour-4"),
    ]
    fw = evolve(fw, roles=tuple(roles), mappings=tuple(mappings))
    return compose(memory_document(fw, files[-1]), load_plugins(entry_points=False))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_examples_findings_are_kept(path):
    plugins = load_plugins()
    composed = compose(load_document(path), plugins)
    compare(path.stem, run_checks(composed, plugins, today=TODAY))


def test_a_generated_frameworks_findings_are_kept(tmp_path):
    composed = broken_generated(tmp_path)
    compare("generated-broken", run_checks(composed, load_plugins(entry_points=False),
                                           today=TODAY))


def test_every_roles_evidence_in_one_pass_is_the_graphs(tmp_path):
    from nosframe.graph import build_graph, evidence_by_role, role_evidence

    fw = broken_generated(tmp_path).framework
    graph = build_graph(fw)
    assert evidence_by_role(fw) == {r.key: set(role_evidence(graph, r.key)) for r in fw.roles}
