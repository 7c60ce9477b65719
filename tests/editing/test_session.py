"""The headless parts of the editor: edits as pure functions, the undo history, disk state,
the journal, and the standards catalogue."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from attrs import evolve

from nosframe.io import NosframeError, dumps, load_document
from nosframe.model import (Behaviour, Framework, FrameworkInfo, Mapping, Override,
                            OverrideAction, Role)
from nosframe.editing import rules as edits
from nosframe.editing.catalogue import Catalogue
from nosframe.tui.fields import FIELDS, NOT_EDITED, parse, spec
from nosframe.editing.session import DiskState, History, Session, describe_changes, journal_path

TODAY = dt.date(2025, 6, 1)


def small() -> Framework:
    return Framework(FrameworkInfo("f"), behaviours=(Behaviour("b", "B"), Behaviour("c", "C")),
                     roles=(Role("r", behaviours={"b": 1, "c": 2}),),
                     mappings=(Mapping("S1", ("P1",), behaviour="b"),))


def test_rename_updates_references_in_the_file():
    fw = edits.rename(small(), "behaviour", "b", "bee")
    assert [b.id for b in fw.behaviours] == ["bee", "c"]
    assert fw.roles[0].behaviours == {"bee": 1, "c": 2}  # order kept
    assert fw.mappings[0].behaviour == "bee"
    with pytest.raises(edits.EditError):
        edits.rename(fw, "behaviour", "bee", "c")


def test_rename_follows_into_the_files_overrides_of_inherited_elements():
    """An inherited role set to need the file's behaviour (standard, role, level) must keep
    needing it after a rename: references inside ``set`` overrides follow too."""
    from nosframe.model import Level, Override, Standard, Value

    fw = evolve(small(), levels=(Level(1, "One"), Level(2, "Two")), values=(Value("v"),),
                standards=(Standard("S 1", "One"),), overrides=(
        Override(OverrideAction.SET, "role:pcso", fields={
            "behaviours": {"b": 2, "other": 1}, "standards": ["s1", "X9"],
            "optional_standards": ["S 1"], "progresses_to": ["r", "q"]}),
        Override(OverrideAction.SET, "behaviour:inherited", fields={
            "values": ["v", "w"], "levels": {"2": ["x"], "1": ["y"]}}),
        Override(OverrideAction.SET, "mapping:S1/inherited", fields={"criteria": ["P1"]})))
    fw = edits.rename(fw, "behaviour", "b", "bee")
    fw = edits.rename(fw, "standard", "S1", "S 2")
    fw = edits.rename(fw, "role", "r", "role-r")
    fw = edits.rename(fw, "value", "v", "vee")
    fw = edits.rename(fw, "level", "2", "5")
    role, behaviour, mapping = (o.fields for o in fw.overrides)
    assert role == {"behaviours": {"bee": 5, "other": 1}, "standards": ["S 2", "X9"],
                    "optional_standards": ["S 2"], "progresses_to": ["role-r", "q"]}
    assert behaviour == {"values": ["vee", "w"], "levels": {"5": ["x"], "1": ["y"]}}
    assert mapping == {"criteria": ["P1"]}


def test_changed_fields_are_toml_ready():
    old = Behaviour("b", levels={1: ("x",)})
    new = evolve(old, levels={1: ("x",), 2: ("y",)}, values=("v",))
    assert edits.changed_fields(old, new) == {"values": ["v"], "levels": {"1": ["x"],
                                                                         "2": ["y"]}}


def test_override_fields_retitle_then_merge_into_set():
    fw = edits.override_fields(small(), "role", "x", {"title": "New"})
    assert fw.overrides[0].action is OverrideAction.RETITLE
    fw = edits.override_fields(fw, "role", "x", {"title": "Newer"})
    assert len(fw.overrides) == 1 and fw.overrides[0].title == "Newer"
    fw = edits.override_fields(fw, "role", "x", {"purpose": "p"})
    fw = edits.override_fields(fw, "role", "x", {"level": "2"})
    assert [o.action for o in fw.overrides] == [OverrideAction.RETITLE, OverrideAction.SET]
    assert fw.overrides[1].fields == {"purpose": "p", "level": "2"}
    fw = edits.override_remove(fw, "role", "x")
    assert [o.action for o in fw.overrides] == [OverrideAction.REMOVE]


def test_override_fields_changed_back_or_cleared_leave_no_contradiction():
    fw = edits.override_fields(small(), "role", "x", {"title": "New"})
    fw = edits.override_fields(fw, "role", "x", {"purpose": "p", "level": "2"})
    # level typed back to its inherited value: the set override stops saying it
    fw = edits.override_fields(fw, "role", "x", {}, reverted={"level"})
    assert [(o.action, o.fields) for o in fw.overrides] == [
        (OverrideAction.RETITLE, {}), (OverrideAction.SET, {"purpose": "p"})]
    # the title cleared: no retitle saying otherwise
    fw = edits.override_fields(fw, "role", "x", {"title": ""})
    assert [(o.action, o.fields) for o in fw.overrides] == [
        (OverrideAction.SET, {"purpose": "p", "title": ""})]
    # everything back as inherited: no overrides at all
    fw = edits.override_fields(fw, "role", "x", {}, reverted={"purpose", "title"})
    assert fw.overrides == ()


def test_set_mapping_own_and_inherited():
    fw = Framework(FrameworkInfo("f"))
    inherited = Mapping("S1", ("P1", "K1"), behaviour="b")
    key = edits.mapping_key("S1", behaviour="b")
    # only additions: this file's entry holds the new criteria
    fw = edits.set_mapping(fw, inherited, "S1", ("P1", "K1", "P2"), behaviour="b")
    assert fw.mappings == (Mapping("S1", ("P2",), behaviour="b"),) and not fw.overrides
    # dropping an inherited criterion needs a set override
    fw = edits.set_mapping(fw, inherited, "S1", ("K1", "P2"), behaviour="b")
    assert fw.overrides[0].target == f"mapping:{key}"
    assert fw.overrides[0].fields == {"criteria": ["K1"]}
    # dropping them all: remove the inherited one
    fw = edits.set_mapping(fw, inherited, "S1", ("P2",), behaviour="b")
    assert fw.overrides[0].action is OverrideAction.REMOVE
    assert fw.mappings[0].criteria == ("P2",)
    # back to exactly the inherited: nothing in the file
    fw = edits.set_mapping(fw, inherited, "S1", ("P1", "K1"), behaviour="b")
    assert not fw.mappings and not fw.overrides


def test_history_coalesces_typing_into_one_step():
    a, b, c, d = (Framework(FrameworkInfo(x)) for x in "abcd")
    history = History()
    history.record(a, "type", coalesce=("role", "r", "title"))
    history.record(b, "type", coalesce=("role", "r", "title"))
    history.record(c, "other")
    assert [f.framework.id for f, _ in history.past] == ["a", "c"]
    assert history.undo(d)[0] is c
    assert history.redo(c)[0] is d


def test_disk_state_notices_content_not_touches(tmp_path):
    import os

    path = tmp_path / "x.toml"
    path.write_text("a")
    state = DiskState.of(path)
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert not state.differs(path)
    path.write_text("b")
    assert state.differs(path)
    path.unlink()
    assert state.differs(path)
    assert not DiskState.of(path).differs(path)


def test_session_journal_roundtrip(tui_plugins, force_file):
    session = Session.open(force_file, tui_plugins, today=TODAY)
    assert not session.dirty and session.read_journal() is None
    role = session.element("role", "custody-officer")
    session.change("role", "custody-officer", role, evolve(role, title="T"))
    session.write_journal()
    data = json.loads(journal_path(force_file).read_text())
    assert data["file"] == "force.toml"
    other = Session.open(force_file, tui_plugins, today=TODAY)
    recovery = other.read_journal()
    assert recovery.framework == session.root and recovery.base_matches
    assert recovery.changes == ("role custody-officer changed",)
    original = force_file.read_text()
    session.save()
    assert not journal_path(force_file).exists()
    assert not force_file.with_name("force.orig.toml").exists(), "no copy: the file is kept"
    text = force_file.read_text()
    assert text != dumps(session.root) and text.splitlines()[0] == original.splitlines()[0]
    assert load_document(force_file).framework == session.root


def test_session_refuses_preset_for_existing_file(tui_plugins, force_file):
    with pytest.raises(NosframeError, match="already exists"):
        Session.open(force_file, tui_plugins, presets=["tui-base"])


def test_describe_changes():
    before = small()
    after = edits.remove(edits.append(before, "behaviour", Behaviour("d")), "behaviour", "c")
    assert describe_changes(before, after) == ("behaviour d added", "behaviour c removed")


def test_describe_changes_names_overridden_elements():
    from nosframe.model import Override

    before = small()
    retitled = evolve(before, overrides=(Override(OverrideAction.RETITLE, "role:pcso",
                                                  title="PCSO"),))
    assert describe_changes(before, retitled) == \
        ("role pcso (inherited): retitled to 'PCSO'",)
    both = evolve(retitled, overrides=(Override(OverrideAction.RETITLE, "role:pcso",
                                                title="PCSO (n)"),
                                       Override(OverrideAction.SET, "standard:SFJAA1",
                                                fields={"performance": [], "title": "x"})))
    assert describe_changes(retitled, both) == (
        "role pcso (inherited): retitled to 'PCSO (n)'",
        "standard SFJAA1 (inherited): performance, title changed")
    assert describe_changes(both, before) == (
        "role pcso (inherited): override dropped (retitled to 'PCSO (n)')",
        "standard SFJAA1 (inherited): override dropped (performance, title changed)")


def test_catalogue_ranks_codes_first(tui_plugins, force_file):
    session = Session.open(force_file, tui_plugins)
    catalogue = Catalogue.build(session.composed, tui_plugins)
    assert catalogue.search("TSTAA1")[0].standard.code == "TST AA1"
    assert [e.standard.code for e in catalogue.search("tst a")][:4] == \
        ["TST AA1", "TSTAB2", "TSTAC3", "TSTAD4"]
    assert [e.standard.code for e in catalogue.search("archive")] == ["LIB ZZ9", "LIBZY8"]
    assert catalogue.search("zzzz") == []


def test_catalogue_survives_a_failing_library(force_file, tui_plugins):
    class Broken:
        name = "broken"

        def search(self, text, limit=50):
            raise RuntimeError("offline")

    session = Session.open(force_file, tui_plugins)
    catalogue = Catalogue(Catalogue.build(session.composed, tui_plugins).entries, [Broken()])
    assert catalogue.search("records") == []
    assert "offline" in catalogue.failures[0]


def test_field_specs_cover_every_model_field():
    import attrs

    from nosframe.model import FrameworkInfo as Info
    from nosframe.editing.rules import KIND_CLASS

    classes = dict(KIND_CLASS, framework=Info)
    for kind, cls in classes.items():
        names = {a.name for a in attrs.fields(cls)} - set(NOT_EDITED.get(kind, ()))
        shown = {f.name for f in FIELDS[kind]}
        assert shown == names, (kind, names ^ shown)


def test_parse_criteria_and_dates():
    criteria = parse(spec("standard", "performance"), "P1: Plan\nP2:Act\n\nP3")
    assert [(c.id, c.text) for c in criteria] == [("P1", "Plan"), ("P2", "Act"), ("P3", "")]
    with pytest.raises(ValueError, match="twice"):
        parse(spec("standard", "performance"), "P1: a\nP1: b")
    assert parse(spec("standard", "date_approved"), "2024-02-03") == dt.date(2024, 2, 3)
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse(spec("standard", "date_approved"), "3/2/24")


def test_load_document_of_saved_file_is_unchanged(tui_plugins, force_file):
    session = Session.open(force_file, tui_plugins)
    session.save()
    assert load_document(force_file).framework == session.root


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab []/\\=#$@.:'\"\n"), max_size=30))
def test_escaped_text_shows_as_itself_in_textual_markup(text):
    """Hints like "add a [[mappings]] entry" once showed a stray backslash."""
    from textual.content import Content

    from nosframe.tui.markup import ZERO_WIDTH, escape

    def shown(markup: str) -> str:
        return Content.from_markup(markup).plain.replace(ZERO_WIDTH, "")

    assert shown(escape(text)) == text
    assert shown(f"[b]{escape(text)}[/b] end") == f"{text} end"


def test_tree_groups_suites_that_differ_only_in_case_or_spacing():
    from nosframe.model import Standard
    from nosframe.tui.widgets.framework_tree import layout

    fw = Framework(FrameworkInfo("f"), standards=(
        Standard("A1", "One", suites=("Common standards across the Justice Sector",)),
        Standard("A2", "Two", suites=("Common Standards  across the justice sector",)),
        Standard("B1", "Three", suites=("Youth Justice",))))
    groups = layout(fw, lambda kind, key: "own")["standard"]
    assert list(groups) == ["Common standards across the Justice Sector", "Youth Justice"]
    assert [leaf.key for leaf in groups["Common standards across the Justice Sector"]] == \
        ["A1", "A2"]


def test_completion_gives_the_code_as_spelled():
    import asyncio

    from nosframe.tui.widgets.code_list import CodesSuggester

    suggester = CodesSuggester(lambda: ["CD1", "SFJAA1"])
    assert asyncio.run(suggester.get_suggestion("SFJAB1, cd")) == "SFJAB1, CD1"
    assert asyncio.run(suggester.get_suggestion("sfj")) == "SFJAA1"


@pytest.mark.parametrize("kind,key,message", [
    ("behaviour", "we-are-bad-id!", "try 'we-are-bad-id'"),
    ("value", "has space", "try 'has-space'"),
    ("role", "-x", "letters, digits"),
    ("level", "0", "numbered from 1"),
    ("standard", "SFJ AA1!", "letters and digits"),
])
def test_new_ids_are_refused_with_a_hint(kind, key, message):
    with pytest.raises(edits.EditError, match=re.escape(message)):
        edits.new_element(kind, key)


def test_new_ids_as_published_are_accepted():
    assert edits.new_element("standard", "SFJ AA1").key == "SFJAA1"
    assert edits.new_element("behaviour", "we-are-open_2.0").id == "we-are-open_2.0"
    assert edits.new_element("level", "3").number == 3


def test_tree_shows_levels_in_scale_order():
    from nosframe.model import Level
    from nosframe.tui.widgets.framework_tree import layout

    fw = Framework(FrameworkInfo("f"), levels=(Level(1, "One"), Level(5, "Five"),
                                               Level(3, "Three")))
    assert [leaf.label for leaf in layout(fw, lambda k, key: "own")["level"][""]] == \
        ["1 One", "3 Three", "5 Five"]


def test_one_rule_for_titles_and_one_set_override_per_element():
    """Issue 9 defect 11: a title goes into a retitle override whatever else the file says
    about the element. A new-user trial: other fields go into the element's one set override,
    a reason or not (its reason stays as written), never into a second one."""
    explained = Override(OverrideAction.SET, "role:x", fields={"purpose": "p"},
                         reason="our purpose statement")
    fw = evolve(small(), overrides=(explained,))
    fw = edits.override_fields(fw, "role", "x", {"title": "New"})
    assert [(o.action, o.title, o.fields, o.reason) for o in fw.overrides] == [
        (OverrideAction.SET, "", {"purpose": "p"}, "our purpose statement"),
        (OverrideAction.RETITLE, "New", {}, "")]
    fw = edits.override_fields(fw, "role", "x", {"level": "2"})
    assert [(o.action, o.fields, o.reason) for o in fw.overrides
            if o.action is OverrideAction.SET] == [
        (OverrideAction.SET, {"purpose": "p", "level": "2"}, "our purpose statement")]
    # a file with two (written by hand): a field goes where it is said, a new one into the
    # one without a reason
    two = evolve(small(), overrides=(explained, Override(OverrideAction.SET, "role:x",
                                                         fields={"level": "2"})))
    two = edits.override_fields(two, "role", "x", {"purpose": "q", "family": "f"})
    assert [(o.fields, o.reason) for o in two.overrides] == [
        ({"purpose": "q"}, "our purpose statement"), ({"level": "2", "family": "f"}, "")]
    # a title a set override already says stays there (no second place saying it)
    held = evolve(small(), overrides=(Override(OverrideAction.SET, "role:x",
                                               fields={"title": "A", "purpose": "p"}),))
    held = edits.override_fields(held, "role", "x", {"title": "B"})
    assert [(o.action, o.fields) for o in held.overrides] == [
        (OverrideAction.SET, {"title": "B", "purpose": "p"})]


def test_suggested_ids_come_from_titles_but_never_make_up_a_code():
    assert edits.suggest_id("role", "Detective constable (PIP 2)") == "detective-constable-pip-2"
    assert edits.suggest_id("behaviour", "We are emotionally aware") == \
        "we-are-emotionally-aware"
    assert edits.suggest_id("standard", "Conduct investigations") == ""  # a URN is published
    assert edits.suggest_id("level", "Expert") == ""
    with pytest.raises(edits.EditError, match="try 'has-space'"):
        edits.new_element("value", "has space")
