"""Incremental checks (issue 13): after any sequence of edits, the findings a session keeps
(checks that run element by element run again only for the elements an edit can change, checks
that declare what they read only when that changed; kept findings found again where their
elements are) are those of a full check of the same state, locations and lines included.

The compositions behind them are incremental too: an edit that changes only what some of the
file's own elements say is patched into the last composition (``compose.patch_composed``), and
the tests below compare every such composition, the session's index of elements and the tree's
layout with ones made from nothing.

25 sequences a framework in CI; a long run: ``NOSFRAME_HYPOTHESIS=long .venv/bin/python -m
pytest tests/editing/test_incremental_checks.py`` (500 sequences a framework; about a minute).
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
from nosframe.compose.composer import compose_layers
from nosframe.editing import EditError, Session
from nosframe.editing.operations import Acknowledge
from nosframe.io import NosframeError
from nosframe.model import Behaviour, Criterion, Finding, Level, Role, Severity, Standard, Value
from nosframe.plugins import load_plugins
from nosframe.registry import Check, PerElement

ROOT = Path(__file__).parents[2]

settings.register_profile("incremental-ci", max_examples=25, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                 HealthCheck.too_slow])
settings.register_profile("incremental-long", max_examples=500, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                 HealthCheck.too_slow])
PROFILE = "incremental-long" if os.environ.get("NOSFRAME_HYPOTHESIS") == "long" \
    else "incremental-ci"


class WithChecks:
    """Plugins with some more checks (the same Check objects on every call, as a real plugin
    manager gives): for the checks a plugin author writes."""

    def __init__(self, plugins, extra):
        self.plugins = plugins
        self.extra = {check.name: check for check in extra}

    def checks(self):
        return {**self.plugins.checks(), **self.extra}

    def __getattr__(self, name):
        return getattr(self.plugins, name)


def _long_titles(ctx, kind, element):
    """A plugin's per-element check with the default rule: findings about a role or mapping
    from it and what it names (here: the titles of the standards it names)."""
    titles = [ctx.element("standard", code).title for code in
              getattr(element, "standards", ()) + ((element.standard,) if kind == "mapping"
                                                   else ())
              if ctx.element("standard", code) is not None]
    if kind == "role" and len(element.title) > 12:
        yield ctx.finding("XT001", Severity.INFO, f"long title {element.title!r}",
                          kind="role", key=element.key, subpath="title")
    if any(" x" in t for t in titles):
        yield ctx.finding("XT002", Severity.INFO, f"{kind} {element.key} names a retitled "
                          "standard", kind=kind, key=element.key)


def _built_by_hand(ctx):
    """A plugin's check that builds its findings itself (no ctx.finding, so their places
    cannot be found again: it reruns when they may have moved)."""
    for role in ctx.framework.roles:
        if not role.progresses_to:
            continue
        yield Finding("XT003", Severity.INFO, f"{role.id} progresses",
                      location=ctx.locate("role", role.key, "progresses_to"),
                      element=("role", role.key))


PLUGIN_CHECKS = (
    Check("long-titles", codes={"XT001": "long title", "XT002": "names a retitled standard"},
          each=PerElement({"role", "mapping"}, _long_titles)),
    Check("by-hand", _built_by_hand, {"XT003": "progresses"}, reads={"role.progresses_to"}),
)


@pytest.fixture(scope="module")
def frameworks(tmp_path_factory):
    """The Northshire example (inherits a preset: edits become overrides) and a small
    generated framework (benchmarks/generate.py), also with two plugin checks."""
    tmp = tmp_path_factory.mktemp("incremental")
    shutil.copy(ROOT / "frameworks" / "northshire-police.toml", tmp / "northshire.toml")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import generate
    finally:
        sys.path.pop(0)
    files = generate(tmp / "generated", standards=30, roles=12, mappings=60, seed=2)
    generated = load_plugins(entry_points=False)
    return {"northshire": (tmp / "northshire.toml", load_plugins()),
            "generated": (files[-1], generated),
            "generated+plugins": (files[-1], WithChecks(generated, PLUGIN_CHECKS))}


#: every kind of edit a person makes (operations of each kind, undo and redo)
EDITS = ["retitle", "add-standard", "drop-standards", "map", "unmap", "delete", "rename",
         "add", "progress", "criteria", "needs", "revert", "acknowledge", "undo", "redo",
         "repeat", "same-title"]

#: one edit: (what, index of the element, index of another, a word)
edit = st.tuples(st.sampled_from(EDITS), st.integers(0, 10_000), st.integers(0, 10_000),
                 st.sampled_from(["x", "Y", "ZZB00001", "behaviour-1", "SFJAA1", "P1", "K9"]))


def _pick(items, n):
    return items[n % len(items)] if items else None


def apply(session: Session, what: str, i: int, j: int, word: str) -> None:
    fw = session.ensure_composed().framework
    roles, standards, behaviours = fw.roles, fw.standards, fw.behaviours
    role, standard = _pick(roles, i), _pick(standards, j)
    behaviour = _pick(behaviours, j)
    elements = {"role": role, "standard": standard, "behaviour": behaviour,
                "value": _pick(fw.values, j), "level": _pick(fw.levels, j),
                "mapping": _pick(fw.mappings, i)}
    kind = ["role", "standard", "behaviour", "value", "level", "mapping"][(i + j) % 6]
    if what == "retitle" and kind in ("role", "standard", "behaviour") and elements[kind]:
        element = elements[kind]
        title = getattr(element, "title", None) or getattr(element, "name", "")
        session.retitle(kind, element.key, f"{title} {word}".strip())
    elif what == "add-standard" and role:
        session.add_standards(role.id, [standard.code if standard and word != "ZZB00001"
                                        else word], optional=j % 2 == 1)
    elif what == "repeat" and role and role.standards:  # a standard listed again (NF152)
        again = role.standards[j % len(role.standards)].lower()
        field = "optional_standards" if j % 2 else "standards"
        session.change("role", role.id, role,
                       evolve(role, **{field: getattr(role, field) + (again,)}))
    elif what == "same-title" and standard and len(standards) > 1:  # NF153: another's title
        other = standards[i % len(standards)]
        if other.key != standard.key and other.title:
            session.retitle("standard", standard.key, other.title.upper())
    elif what == "drop-standards" and role:
        session.change("role", role.id, role, evolve(role, standards=()))
    elif what == "map" and standard and behaviours:
        session.set_mapping(standard.code, [word if word in ("P1", "K9") else "P1"],
                            behaviour=behaviours[i % len(behaviours)].id)
    elif what == "unmap" and fw.mappings:
        m = fw.mappings[i % len(fw.mappings)]
        session.set_mapping(m.standard, [], behaviour=m.behaviour, value=m.value)
    elif what == "delete" and elements[kind] is not None:
        session.delete(kind, elements[kind].key)
    elif what == "rename" and kind in ("role", "standard", "behaviour") and elements[kind]:
        key = elements[kind].key
        session.rename(kind, key, f"{key}-{word.lower()}" if kind != "standard"
                       else f"{key}{word.upper()[:1]}")
    elif what == "add":
        new = {"role": Role(f"new-{i}", "New role", standards=(word,),
                            behaviours={behaviour.id: 1 + j % 5} if behaviour else {},
                            progresses_to=(role.id,) if role else ()),
               "standard": Standard(f"NEW{i % 50}", "New", performance=(Criterion("P1"),)),
               "behaviour": Behaviour(f"new-b{i % 50}", "New", values=(word,),
                                      levels={1 + j % 5: ("does it",)}),
               "value": Value(word.lower(), "A value"),
               "level": Level(1 + j % 9, "A level")}.get(kind)
        if new is not None:
            session.add(kind, new)
    elif what == "progress" and role and len(roles) > 1:
        other = roles[j % len(roles)]
        session.change("role", role.id, role,
                       evolve(role, progresses_to=role.progresses_to + (other.id,)))
    elif what == "criteria" and standard:  # a criterion mappings may name goes
        session.change("standard", standard.key, standard,
                       evolve(standard, performance=standard.performance[1:]))
    elif what == "needs" and role and behaviour:  # at a level the scale may not have
        session.change("role", role.id, role, evolve(
            role, behaviours={**role.behaviours, behaviour.id: 1 + j % 7}))
    elif what == "revert":
        overridden = [o.target for o in session.root.overrides if ":" in o.target]
        if overridden:
            kind, _, key = overridden[i % len(overridden)].partition(":")
            session.revert(kind, key)
    elif what == "acknowledge":
        open_ = [f for f in session.findings() if f.severity is not Severity.ERROR
                 and f.element is not None]
        if open_:
            f = open_[i % len(open_)]
            session.do(Acknowledge(f.code, f.element, "accepted for now"), check=False)
    elif what == "undo":
        session.undo()
    elif what == "redo":
        session.redo()


@pytest.mark.parametrize("name", ["northshire", "generated", "generated+plugins"])
@settings(settings.get_profile(PROFILE))
@given(edits=st.lists(edit, min_size=1, max_size=8))
def test_incremental_findings_equal_a_full_check(frameworks, name, edits):
    """Equal as findings: code, message, hint, element, origin, acknowledgement and location
    (file, line, path) alike."""
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
        full = run_checks(session.ensure_composed(), plugins, today=session.today)
        assert [(f, f.location.line) for f in kept] == [(f, f.location.line) for f in full]


def _reran(session):
    """{check: elements checked again (None: the whole check ran)} of the last run, for the
    checks that ran at all."""
    return {t.check: t.elements for t in session._check_run.timings if not t.reused}


def test_an_edit_reruns_only_what_it_can_change(frameworks):
    path, plugins = frameworks["generated"]
    session = Session.open(path, plugins)
    session.findings()
    session.retitle("role", "role-1", "A title")  # the first edit: the file's lines go
    # a title: the role itself (references, coverage, standards-in-use's NF114, its id, the
    # standards it repeats) and what the role names (its standards' and behaviours' "used
    # by"); no whole check
    role = session.element("role", "role-1")
    session.findings()
    assert _reran(session) == {
        "references": 1, "coverage": 1, "unused": len(role.behaviours), "ids": 1,
        "repeats": 1, "same-titles": 1,
        "standards-in-use": 1 + len(set(role.standards + role.optional_standards))}
    before = session.ensure_composed()
    session.set_mapping("ZZB00002", ["P1"], behaviour="behaviour-3")
    after = session.ensure_composed()
    assert changed_kinds(before, after) == {"mapping"}
    session.findings()
    users = {u.key for u in session.where_used("standard", "ZZB00002") if u.kind == "role"}
    assert _reran(session) == {"references": 1, "coverage": len(users)}
    # a role's progression: the progression check runs whole
    session.change("role", "role-2", session.element("role", "role-2"),
                   evolve(session.element("role", "role-2"), progresses_to=("role-9",)))
    session.findings()
    assert _reran(session)["progression"] is None
    assert _reran(session)["references"] == 1 + sum(
        "role-2" in r.progresses_to for r in session.ensure_composed().framework.roles)


def test_findings_kept_point_where_their_elements_are_now(frameworks):
    """Deleting a role moves every role after it in the file (roles[5] becomes roles[4]): the
    findings kept about them say so, as a full check would."""
    path, plugins = frameworks["generated"]
    session = Session.open(path, plugins)
    session.change("role", "role-7", session.element("role", "role-7"),
                   evolve(session.element("role", "role-7"), standards=(), behaviours={}))
    first = [f for f in session.findings() if f.code == "NF114"]
    assert [f.location.path for f in first] == ["roles[7]"]
    session.delete("role", "role-0")
    moved = [f for f in session.findings() if f.code == "NF114"]
    assert [f.location.path for f in moved] == ["roles[6]"]
    assert _reran(session).get("standards-in-use", 0) < 10  # kept, not found again
    assert session.findings() == run_checks(session.ensure_composed(), plugins)


def test_a_hint_naming_what_exists_follows_an_added_element(frameworks):
    """A finding's "did you mean" lists what exists: adding an element of the kind it names
    checks the elements with findings again (the default rule)."""
    path, plugins = frameworks["generated"]
    session = Session.open(path, plugins)
    session.add("role", Role("new", "New", standards=("ZZB99999",)))
    [before] = [f for f in session.findings() if f.code == "NF102"]
    assert "ZZB99998" not in before.hint
    session.add("standard", Standard("ZZB99998", "Close"))
    [after] = [f for f in session.findings() if f.code == "NF102"]
    assert "did you mean 'ZZB99998'?" in after.hint
    assert session.findings() == run_checks(session.ensure_composed(), plugins)


def test_a_per_element_check_that_fails_is_one_finding_either_way(frameworks):
    path, plugins = frameworks["generated"]

    def fails_on_role_3(ctx, kind, element):
        if element.key == "role-3" and element.title != "fixed":
            raise ValueError("no")
        return ()

    failing = WithChecks(plugins, [Check("fails", each=PerElement({"role"}, fails_on_role_3))])
    session = Session.open(path, failing)
    [nf001] = [f for f in session.findings() if f.code == "NF001"]
    assert nf001.message == ("check 'fails' from plugin '' failed on role 'role-3': "
                             "ValueError: no")
    session.retitle("role", "role-1", "other")
    assert [f for f in session.findings() if f.code == "NF001"] == [nf001]
    session.retitle("role", "role-3", "fixed")
    assert not [f for f in session.findings() if f.code == "NF001"]
    assert session.findings() == run_checks(session.ensure_composed(), failing)


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


def test_the_per_element_example_of_the_docs_works(frameworks):
    """docs/checks.md's PerElement example, registered as a plugin would: its findings after
    edits are a full check's."""
    import re

    page = (ROOT / "docs" / "checks.md").read_text()
    [code] = [b for b in re.findall(r"```python\n(.*?)```", page, re.S) if "PerElement" in b]
    registered = []
    exec(code, {"Severity": Severity, "register": registered.append})
    [check] = registered
    path, plugins = frameworks["generated"]
    with_example = WithChecks(plugins, registered)
    session = Session.open(path, with_example)
    def unknown():
        return {f.element[1]: f.location.path for f in session.findings() if f.code == "XY002"}

    assert unknown() == {f"role-{n}": f"roles[{n}].family" for n in range(12)}  # "Family 4"
    role = session.element("role", "role-4")
    session.change("role", "role-4", role, evolve(role, family="Operations"))
    assert "role-4" not in unknown() and len(unknown()) == 11
    assert _reran(session)["families"] == 2  # role-4, and role-3, which progresses to it
    session.delete("role", "role-0")
    assert unknown() == {f"role-{n}": f"roles[{n - 1}].family" for n in range(1, 12) if n != 4}
    assert session.findings() == run_checks(session.ensure_composed(), with_example)


#: edits that change what elements say (patched), and some that do not (composed again)
PATCHABLE = ["retitle", "retitle", "criteria", "needs", "progress", "acknowledge", "undo",
             "redo", "add-standard", "rename", "delete", "map"]
patch_edit = st.tuples(st.sampled_from(PATCHABLE), st.integers(0, 10_000),
                       st.integers(0, 10_000),
                       st.sampled_from(["x", "Y", "ZZB00001", "behaviour-1", "P1"]))


def _fresh_tree(session):
    from nosframe.tui.screens.main import MainScreen

    return MainScreen._tree_layout(type("Fresh", (), {"_tree_kept": (None, {})})(), session)


@pytest.mark.parametrize("name", ["northshire", "generated"])
@settings(settings.get_profile(PROFILE))
@given(edits=st.lists(patch_edit, min_size=1, max_size=10))
def test_a_patched_composition_equals_a_full_one(frameworks, name, edits):
    """After every edit: the composition (patched where it can be) equals the composition of
    the same layers made from nothing (framework, provenance with locations and lines,
    composition findings), and so do the session's index of elements and the tree's layout
    (kept for the kinds an edit did not touch)."""
    from nosframe.tui.screens.main import MainScreen

    path, plugins = frameworks[name]
    session = Session.open(path, plugins)
    tree_holder = type("Kept", (), {"_tree_kept": (None, {})})()
    for what, i, j, word in edits:
        try:
            apply(session, what, i, j, word)
            composed = session.ensure_composed()
        except (EditError, NosframeError):
            continue
        full = compose_layers(list(composed.layers), plugins)
        assert composed.framework == full.framework
        assert composed.provenance == full.provenance
        assert [(p.location, p.location.line) for p in composed.provenance.values()] == \
            [(p.location, p.location.line) for p in full.provenance.values()]
        assert composed.problems == full.problems
        for kind, attr in ELEMENT_KINDS_:
            for element in getattr(full.framework, attr):
                assert session.element(kind, element.key) == element
        assert MainScreen._tree_layout(tree_holder, session) == _fresh_tree(session)


ELEMENT_KINDS_ = [("role", "roles"), ("standard", "standards"), ("behaviour", "behaviours"),
                  ("mapping", "mappings"), ("value", "values"), ("level", "levels")]


def test_what_is_patched_and_what_is_composed_again(frameworks, monkeypatch):
    path, plugins = frameworks["generated"]
    session = Session.open(path, plugins)
    opened = session.ensure_composed()

    def composed_again(edit):
        before = session.ensure_composed()
        edit()
        after = session.ensure_composed()
        assert after == compose_layers(list(after.layers), plugins)
        return after.structure is not before.structure

    session.retitle("role", "role-1", "First")
    first = session.ensure_composed()
    # the file's own text gave lines a composition from memory does not have: composed again
    assert first.structure is not opened.structure
    session.retitle("role", "role-1", "Second")
    session.retitle("role", "role-3", "Another title")
    session.change("role", "role-2", session.element("role", "role-2"),
                   evolve(session.element("role", "role-2"), purpose="a purpose"))
    patched = session.ensure_composed()
    assert patched.structure is first.structure  # three edits, patched into the last
    assert session.element("role", "role-1").title == "Second"
    assert session.element("role", "role-3").title == "Another title"
    # a standard the file inherits: retitled by a new override (the first key typed into it),
    # then typing on changes that override's title alone: both patched, provenance included
    assert not composed_again(lambda: session.retitle("standard", "ZZB00001", "Another title"))
    assert not composed_again(lambda: session.retitle("standard", "ZZB00001", "Titled again"))
    what = [w for w, _ in session.provenance("standard", "ZZB00001").overrides]
    assert what == [f"retitled to 'Titled again' by {session.ensure_composed().root.origin}"]
    # a field set on an inherited element: a new override, then that override changed
    def overview(text):
        standard = session.element("standard", "ZZB00002")
        session.change("standard", "ZZB00002", standard, evolve(standard, overview=text))

    assert not composed_again(lambda: overview("A new overview"))
    assert not composed_again(lambda: overview("A newer overview"))
    assert session.element("standard", "ZZB00002").overview == "A newer overview"
    # an inherited element overridden twice over (a field set, then retitled): composed again
    assert composed_again(lambda: session.retitle("standard", "ZZB00002", "Retitled too"))
    assert composed_again(lambda: overview("A third overview"))
    assert patched.framework == compose_layers(list(patched.layers), plugins).framework

    # what a role names (another standard: perhaps pulled from a library), a new id, one more
    assert composed_again(lambda: session.add_standards("role-3", ["ZZB00009"]))
    assert composed_again(lambda: session.rename("role", "role-3", "role-three"))
    assert composed_again(lambda: session.add("role", Role("extra", "Extra")))
    assert not composed_again(lambda: session.retitle("role", "extra", "Extra role"))
    # a few elements changed at once are patched; more than MAX_PATCHED are composed again
    from nosframe.compose import composer

    def purposes(count, word):
        roles = session.root.roles
        session.apply(evolve(session.root, roles=tuple(
            evolve(r, purpose=f"{word} {n}") if n < count else r for n, r in enumerate(roles))),
            f"{count} purposes")

    monkeypatch.setattr(composer, "MAX_PATCHED", 3)
    assert not composed_again(lambda: purposes(3, "three"))
    assert composed_again(lambda: purposes(4, "four"))


def test_findings_of_a_composition_are_a_full_checks_and_incremental(frameworks):
    """The editor checks in a thread the composition it was given (an edit may have replaced
    it meanwhile): the findings of a full check, found from the last run."""
    path, plugins = frameworks["generated"]
    session = Session.open(path, plugins)
    first = session.ensure_composed()
    assert session.findings_of(first) == run_checks(first, plugins, today=session.today)
    session.retitle("role", "role-1", "Retitled")
    second = session.ensure_composed()
    session.retitle("role", "role-2", "Another")  # a newer edit, not composed yet
    assert session.findings_of(second, 1) == run_checks(second, plugins, today=session.today)
    assert _reran(session)["references"] == 1  # incremental: the one role edited
    assert session.findings_of(second) == session.findings_of(second)  # kept, not run again
    assert session.findings() == run_checks(session.ensure_composed(), plugins,
                                             today=session.today)


def test_prepared_for_edits_the_first_edit_is_patched(frameworks):
    """An editor prepares the session once the file is open: the first edit is then patched
    into a composition of the file's root from memory, not composed whole."""
    path, plugins = frameworks["generated"]
    session = Session.open(path, plugins)
    opened = session.ensure_composed()
    session.prepare_for_edits()
    assert session.parent() is session.parent()  # what the file extends, composed once
    prepared = session._from_memory[1]
    session.retitle("role", "role-1", "First")
    first = session.ensure_composed()
    assert first.structure is prepared.structure is not opened.structure
    assert first == compose_layers(list(first.layers), plugins)
    # prepared for the root it was made for only: an edit first, and it is not used
    other = Session.open(path, plugins)
    other.retitle("role", "role-1", "First")
    other.prepare_for_edits()  # stale: nothing to do
    assert other._from_memory is None
