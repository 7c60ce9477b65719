"""Incremental checks (issue 13): after any sequence of edits, the findings a session keeps
(only the checks reading a kind of element an edit changed run again) are those of a full
check of the same state.

Few examples in CI; a long run: ``NOSFRAME_HYPOTHESIS=long .venv/bin/python -m pytest
tests/editing/test_incremental_checks.py`` (500 sequences a framework).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from attrs import evolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nosframe.checks import changed_kinds, run_checks, run_checks_timed
from nosframe.editing import EditError, Session
from nosframe.model import Role
from nosframe.io import NosframeError
from nosframe.plugins import load_plugins
from nosframe.registry import Check

ROOT = Path(__file__).parents[2]

settings.register_profile("incremental-ci", max_examples=12, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                 HealthCheck.too_slow])
settings.register_profile("incremental-long", max_examples=500, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                 HealthCheck.too_slow])
PROFILE = "incremental-long" if os.environ.get("NOSFRAME_HYPOTHESIS") == "long" \
    else "incremental-ci"


@pytest.fixture(scope="module")
def frameworks(tmp_path_factory):
    """The Northshire example (inherits a preset: edits become overrides) and a small
    generated framework (benchmarks/generate.py)."""
    tmp = tmp_path_factory.mktemp("incremental")
    shutil.copy(ROOT / "frameworks" / "northshire-police.toml", tmp / "northshire.toml")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import generate
    finally:
        sys.path.pop(0)
    files = generate(tmp / "generated", standards=30, roles=12, mappings=60, seed=2)
    return {"northshire": (tmp / "northshire.toml", load_plugins()),
            "generated": (files[-1], load_plugins(entry_points=False))}


#: one edit: (what, index of the element, index of another, a word)
edit = st.tuples(st.sampled_from(["retitle", "add-standard", "drop-standards", "map", "unmap",
                                  "delete", "rename", "add-role", "progress", "undo", "redo"]),
                 st.integers(0, 10_000), st.integers(0, 10_000),
                 st.sampled_from(["x", "Y", "ZZB00001", "behaviour-1", "SFJAA1", "P1", "K9"]))


def apply(session: Session, what: str, i: int, j: int, word: str) -> None:
    fw = session.ensure_composed().framework
    roles, standards, behaviours = fw.roles, fw.standards, fw.behaviours
    role = roles[i % len(roles)] if roles else None
    standard = standards[j % len(standards)] if standards else None
    if what == "retitle" and role:
        session.retitle("role", role.id, f"{role.title} {word}")
    elif what == "add-standard" and role:
        session.add_standards(role.id, [standard.code if standard and word != "ZZB00001"
                                        else word])
    elif what == "drop-standards" and role:
        session.change("role", role.id, role, evolve(role, standards=()))
    elif what == "map" and standard and behaviours:
        session.set_mapping(standard.code, [word if word in ("P1", "K9") else "P1"],
                            behaviour=behaviours[i % len(behaviours)].id)
    elif what == "unmap" and fw.mappings:
        m = fw.mappings[i % len(fw.mappings)]
        session.set_mapping(m.standard, [], behaviour=m.behaviour, value=m.value)
    elif what == "delete":
        target = [("role", role.id if role else None), ("standard", standard and standard.key),
                  ("behaviour", behaviours[j % len(behaviours)].id if behaviours else None)]
        kind, key = target[i % 3]
        if key:
            session.delete(kind, key)
    elif what == "rename" and role:
        session.rename("role", role.id, f"{role.id}-{word.lower()}")
    elif what == "add-role":
        session.add("role", Role(f"new-{i}", "New role", standards=(word,),
                                 progresses_to=(role.id,) if role else ()))
    elif what == "progress" and role and len(roles) > 1:
        other = roles[j % len(roles)]
        session.change("role", role.id, role,
                       evolve(role, progresses_to=role.progresses_to + (other.id,)))
    elif what == "undo":
        session.undo()
    elif what == "redo":
        session.redo()


@pytest.mark.parametrize("name", ["northshire", "generated"])
@settings(settings.get_profile(PROFILE))
@given(edits=st.lists(edit, min_size=1, max_size=6))
def test_incremental_findings_equal_a_full_check(frameworks, name, edits):
    path, plugins = frameworks[name]
    session = Session.open(path, plugins)
    session.findings()
    for what, i, j, word in edits:
        try:
            apply(session, what, i, j, word)
        except (EditError, NosframeError):
            continue
        try:
            kept = session.findings()
        except NosframeError:
            continue
        assert kept == run_checks(session.ensure_composed(), plugins, today=session.today)


def test_an_edit_reruns_only_the_checks_reading_what_it_changed(frameworks):
    path, plugins = frameworks["generated"]
    session = Session.open(path, plugins)
    session.findings()
    session.retitle("role", "role-1", "A title")  # the first edit: the file's lines go
    session.findings()
    before = session.ensure_composed()
    session.set_mapping("ZZB00002", ["P1"], behaviour="behaviour-3")
    after = session.ensure_composed()
    assert changed_kinds(before, after) == {"mapping"}
    session.findings()
    reused = {t.check for t in session._check_run.timings if t.reused}
    assert reused == {"progression", "values-and-levels", "standards-in-use", "unused",
                      "licences"}


def test_a_check_without_reads_always_reruns(frameworks):
    path, plugins = frameworks["generated"]
    assert all(check.reads is not None for check in plugins.checks().values()
               if check.plugin == "nosframe.checks.builtin")
    calls = []

    def counting(ctx):
        calls.append(len(ctx.framework.roles))
        return ()

    class WithPluginCheck:
        def checks(self):
            return {**plugins.checks(), "plugin-check": Check("plugin-check", counting)}

    session = Session.open(path, plugins)
    session.retitle("role", "role-1", "A title")  # the first edit: the file's lines go
    first = run_checks_timed(session.ensure_composed(), WithPluginCheck(), today=session.today)
    session.set_mapping("ZZB00002", ["P1"], behaviour="behaviour-3")
    again = run_checks_timed(session.ensure_composed(), WithPluginCheck(), today=session.today,
                             previous=first)
    assert calls == [12, 12]
    rerun = {t.check for t in again.timings if not t.reused}
    assert "plugin-check" in rerun and "progression" not in rerun
