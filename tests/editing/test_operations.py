"""The editing engine's operations, headless: what each one writes into the file, what it
reports, undo and redo, and the rules that decide between in-place edits, overrides and
tailored copies. These run in milliseconds; the TUI's Pilot tests only check the wiring."""

from __future__ import annotations

import datetime as dt
import difflib
import shutil
from pathlib import Path

import pytest

from nosframe.editing import EditError, Session
from nosframe.editing.diff import diff_frameworks
from nosframe.editing.operations import (
    Add,
    AddStandards,
    Change,
    ClearMapping,
    Delete,
    Rename,
    Retitle,
    Revert,
    SetField,
    SetMapping,
    Tailor,
    new_element,
)
from nosframe.io import NosframeError, load_document
from nosframe.model import OverrideAction, StandardStatus
from nosframe.plugins import load_plugins

TODAY = dt.date(2025, 6, 1)


@pytest.fixture
def session(force_file, tui_plugins) -> Session:
    return Session.open(force_file, tui_plugins, today=TODAY)


def overrides(session: Session, target: str) -> list:
    return [o for o in session.root.overrides if o.target == target]


def codes(findings) -> list[str]:
    return sorted(f.code for f in findings)


def test_add_then_undo_and_redo(session):
    result = session.do(Add("role", new_element("role", "detective", title="Detective")))
    assert result.applied and result.label == "add role detective"
    assert result.changes == ("role detective added",)
    assert "NF114" in codes(result.appeared)  # a role with no standards yet
    assert session.element("role", "detective").title == "Detective"
    assert session.undo() == "add role detective"
    assert session.element("role", "detective") is None and not session.dirty
    assert session.redo() == "add role detective"
    assert session.element("role", "detective") is not None


def test_adding_an_existing_element_is_refused_and_changes_nothing(session):
    before = session.root
    with pytest.raises(EditError, match="already exists"):
        session.do(Add("behaviour", new_element("behaviour", "collaborative")))
    assert session.root is before and not session.history.past


def test_retitle_an_own_element_in_place_and_an_inherited_one_by_override(session):
    session.do(Retitle("role", "custody-officer", "Detention officer"))
    assert session.own_element("role", "custody-officer").title == \
        "Detention officer"
    assert not session.root.overrides
    session.do(Retitle("role", "constable", "Constable"))
    [override] = overrides(session, "role:constable")
    assert override.action is OverrideAction.RETITLE and override.title == "Constable"
    session.do(Retitle("role", "constable", "Police constable"))  # back to the inherited title
    assert overrides(session, "role:constable") == []


def test_a_mapping_has_no_title(session):
    key = "TFX1->behaviour:collaborative"
    with pytest.raises(EditError, match="mapping has no title"):
        session.do(Retitle("mapping", key, "A title"))


def test_set_field_on_an_inherited_element_writes_a_set_override(session):
    result = session.do(SetField("role", "constable", "purpose", "Keep the peace"))
    assert result.changes == ("role constable (inherited): purpose changed",)
    [override] = overrides(session, "role:constable")
    assert override.action is OverrideAction.SET
    assert override.fields == {"purpose": "Keep the peace"}
    with pytest.raises(EditError, match="no field 'colour'"):
        session.do(SetField("role", "constable", "colour", "blue"))


def test_add_a_library_standard_to_an_inherited_role(session):
    result = session.do(AddStandards("constable", ["LIB ZZ9"]))
    assert result.applied
    [override] = overrides(session, "role:constable")
    assert override.fields == {"standards": ["TSTAA1", "TSTAC3", "LIB ZZ9"]}
    # a library standard is not copied into the file: the composer pulls it by code
    assert not session.root.standards[1:]
    assert session.provenance("standard", "LIBZZ9").origin.kind == "library"
    # adding it again changes nothing
    assert not session.do(AddStandards("constable", ["LIBZZ9"])).applied


NORTHSHIRE = Path(__file__).parents[2] / "frameworks" / "northshire-police.toml"


def test_a_standard_added_to_an_inherited_role_goes_into_its_set_override(tmp_path):
    """The NOS picker (AddStandards) on Northshire's police-constable, inherited and already
    changed by a set override with a reason: the standards join that override (one per
    element and action, as behaviour edits do), and the save changes only its fields line."""
    path = tmp_path / "northshire.toml"
    shutil.copyfile(NORTHSHIRE, path)
    before = path.read_text(encoding="utf-8")
    session = Session.open(path, load_plugins(), today=TODAY)
    target = "role:police-constable"
    [existing] = overrides(session, target)
    assert existing.action is OverrideAction.SET and existing.reason
    inherited = session.element("role", "police-constable").standards
    assert "SFJAA2" not in inherited
    result = session.do(AddStandards("police-constable", ["SFJAA2"]))
    assert result.applied
    session.save()
    saved = load_document(path).framework
    [one] = [o for o in saved.overrides if o.target == target]
    assert one.action is OverrideAction.SET and one.reason == existing.reason
    assert one.fields == {**existing.fields, "standards": [*inherited, "SFJAA2"]}
    assert Session.open(path, load_plugins()).element("role", "police-constable").standards \
        == (*inherited, "SFJAA2")
    after = path.read_text(encoding="utf-8")
    changed = [line for line in difflib.ndiff(before.splitlines(), after.splitlines())
               if line[:2] in ("- ", "+ ")]
    assert len(changed) == 2 and all(line[2:].startswith("fields = {") for line in changed)
    found = diff_frameworks(load_document(NORTHSHIRE).framework, saved)
    assert found.lines()[0] == f"override set {target}: fields changed"
    assert len(found.changes) == 1 and found.counts()["changed"] == 1


def test_add_a_standard_nobody_has_is_refused(session):
    with pytest.raises(EditError, match="no standard 'NOPE1'"):
        session.do(AddStandards("custody-officer", ["NOPE1"]))
    with pytest.raises(EditError, match="no role 'nobody'"):
        session.do(AddStandards("nobody", ["TSTAB2"]))


def test_set_mapping_reports_the_gap_it_closes(session):
    before = codes(f for f in session.findings() if f.code == "NF118")
    assert before == ["NF118"]  # custody-officer needs analyse, nothing evidences it
    result = session.do(SetMapping("TFX1", ["P2", "K1"], behaviour="analyse"))
    assert "NF118" in codes(result.resolved)
    assert session.element("mapping", "TFX1->behaviour:analyse").criteria == ("P2", "K1")
    result = session.do(ClearMapping("TFX1", behaviour="analyse"))
    assert "NF118" in codes(result.appeared)
    assert session.element("mapping", "TFX1->behaviour:analyse") is None


def test_a_mapping_of_inherited_criteria_drops_them_with_an_override(session):
    session.do(SetMapping("TSTAA1", ["K1"], behaviour="collaborative"))
    [override] = overrides(session, "mapping:TSTAA1->behaviour:collaborative")
    assert override.action is OverrideAction.SET and override.fields == {"criteria": ["K1"]}
    session.do(SetMapping("TSTAA1", [], behaviour="collaborative"))
    [override] = overrides(session, "mapping:TSTAA1->behaviour:collaborative")
    assert override.action is OverrideAction.REMOVE
    with pytest.raises(EditError, match="exactly one of behaviour or value"):
        session.do(SetMapping("TSTAA1", ["P1"]))


def test_rename_follows_every_reference_and_undo_brings_them_back(session):
    session.do(SetField("role", "constable", "behaviours", {"collaborative": 1, "analyse": 1}))
    session.do(Add("behaviour", new_element("behaviour", "listens", name="Listens")))
    session.do(SetField("role", "custody-officer", "behaviours",
                        {"collaborative": 2, "analyse": 2, "listens": 1}))
    session.do(SetMapping("TFX1", ["P2"], behaviour="listens"))
    result = session.do(Rename("behaviour", "listens", "we-listen"))
    assert result.appeared == () and result.resolved == ()  # nothing left dangling
    role = session.own_element("role", "custody-officer")
    assert "we-listen" in role.behaviours and "listens" not in role.behaviours
    assert session.element("mapping", "TFX1->behaviour:we-listen") is not None
    session.undo()
    assert session.element("mapping", "TFX1->behaviour:listens") is not None
    with pytest.raises(EditError, match="inherited: its id cannot change"):
        session.do(Rename("behaviour", "analyse", "analyses"))


def test_delete_an_own_and_an_inherited_element(session):
    result = session.do(Delete("standard", "TFX1"))
    assert "NF102" in codes(result.appeared) and "NF105" in codes(result.appeared)
    session.undo()
    session.do(Delete("role", "constable"))
    assert [o.action for o in overrides(session, "role:constable")] == [OverrideAction.REMOVE]
    assert session.is_removed("role", "constable")
    session.do(Revert("role", "constable"))
    assert session.element("role", "constable") is not None
    with pytest.raises(EditError, match="no role 'ghost' to delete"):
        session.do(Delete("role", "ghost"))


def test_change_of_a_library_standard_tailors_a_copy(session):
    session.do(AddStandards("custody-officer", ["LIBZY8"]))
    original = session.element("standard", "LIBZY8")
    from attrs import evolve

    session.do(Change("standard", "LIBZY8", evolve(original, title="Handle detained property")))
    own = session.own_element("standard", "LIBZY8")
    assert own.title == "Handle detained property" and own.status is StandardStatus.TAILORED


def test_tailor_an_inherited_standard_replaces_it_in_the_file(session):
    session.do(Tailor("TST AA1"))
    own = session.own_element("standard", "TSTAA1")
    assert own.status is StandardStatus.TAILORED
    assert [o.action for o in overrides(session, "standard:TST AA1")] == [OverrideAction.REPLACE]
    assert not [f for f in session.findings() if f.code == "NF123"]  # no redefinition error
    with pytest.raises(EditError, match="already defined"):
        session.do(Tailor("TSTAA1"))


def test_save_writes_what_was_edited_and_it_loads_back(session, force_file):
    session.do(AddStandards("custody-officer", ["TSTAB2"], optional=True))
    session.save()
    reloaded = load_document(force_file).framework
    assert reloaded.roles[0].optional_standards == ("TSTAB2",)
    assert not session.dirty


def test_composing_does_not_delete_the_journal_of_unsaved_edits(session):
    session.do(Retitle("role", "constable", "Constable"), check=False)
    session.write_journal()
    assert session.journal.exists()
    session.ensure_composed()  # the NOS picker composes before it opens
    session.findings()
    assert session.journal.exists(), "unsaved edits lost their recovery journal"
    session.save()
    assert not session.journal.exists()


def test_new_framework_from_presets(tmp_path, tui_plugins):
    path = tmp_path / "new.toml"
    session = Session.new(path, tui_plugins, presets=["tui-base"], org="  New Force ")
    assert session.root.framework.title == "New Force Professional Development Framework"
    assert session.root.framework.id == "new-force"
    assert session.element("role", "constable") is not None and not path.exists()
    session.save()
    assert load_document(path).framework.framework.extends == ("tui-base",)
    with pytest.raises(NosframeError, match="already exists"):
        Session.new(path, tui_plugins)
    with pytest.raises(NosframeError, match="organisation's name is empty"):
        Session.new(tmp_path / "x.toml", tui_plugins, org=" ")
    with pytest.raises(NosframeError, match="unknown preset"):
        Session.new(tmp_path / "y.toml", tui_plugins, presets=["no-such-preset"])


def test_changes_name_only_the_fields_an_edit_changed(session):
    """A set override already holding several fields: adding a standard says 'standards
    changed', not every field the override sets (the recovery summary uses the same words)."""
    session.do(SetField("role", "constable", "purpose", "Keep the peace"))
    result = session.do(AddStandards("constable", ["TSTAB2"]))
    assert result.changes == ("role constable (inherited): standards changed",)


def test_where_used_lists_the_mappings_a_delete_leaves_dangling(session):
    uses = session.where_used("standard", "TSTAA1")
    assert ("role", "constable") in {use.element for use in uses}
    mapping_uses = [use for use in uses if use.kind == "mapping"]
    assert mapping_uses, "the mapping of TSTAA1's criteria uses it too"
    assert {use.text for use in mapping_uses} == {"maps its criteria"}
    result = session.do(Delete("standard", "TSTAA1"))
    left = {(f.code, f.element) for f in result.appeared}
    # every mapping where_used named is now a dangling reference, and nothing else is
    dangling_mappings = {element for code, element in left if code == "NF105"}
    assert dangling_mappings == {use.element for use in mapping_uses}
    assert ("NF102", ("role", "constable")) in left


def test_where_used_of_a_level_names_roles_and_behaviours(session):
    uses = session.where_used("level", "1")
    assert (("role", "constable"), "needs collaborative at this level") in \
        {(use.element, use.text) for use in uses}
    assert ("behaviour", "collaborative") in {use.element for use in uses}
    assert session.where_used("framework", "x") == []


def test_overrides_name_a_standard_by_its_code_as_published(tmp_path):
    """An override the editor writes for an inherited standard says `standard:SFJ GD9`, as the
    file and the NOS do, not the normalised key `standard:SFJGD9` (both match)."""
    path = tmp_path / "northshire-police.toml"
    shutil.copy(Path(__file__).parents[2] / "frameworks" / "northshire-police.toml", path)
    session = Session.open(path, load_plugins())
    session.do(Retitle("standard", "sfjgd9", "First aid at work"))
    [retitle] = [o for o in session.root.overrides if o.action is OverrideAction.RETITLE
                 and o.title == "First aid at work"]
    assert retitle.target == "standard:SFJ GD9"
    session.undo()
    session.do(Delete("standard", "SFJGD9"))
    [remove] = [o for o in session.root.overrides if o.action is OverrideAction.REMOVE
                and "GD9" in o.target]
    assert remove.target == "standard:SFJ GD9"
    assert session.element("standard", "SFJGD9") is None  # still matched by any spelling


def test_an_empty_key_is_asked_for_in_the_words_of_its_kind():
    for kind, words in (("level", "give it a number"), ("standard", "give its NOS code"),
                        ("role", "give it an id")):
        with pytest.raises(EditError, match=words):
            new_element(kind, "  ")
