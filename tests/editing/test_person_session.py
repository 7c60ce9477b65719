"""The editing session of person records (nosframe.editing.person), headless: typed
operations, undo and redo, forms as the person view sends them, saves that are atomic, keep
the file's layout and refuse a file changed on disk."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from nosframe.editing import EditError
from nosframe.editing.person import (
    AddEvidence,
    CannotMerge,
    ChangedOnDisk,
    PersonSession,
    RemoveAssessment,
    RemoveEvidence,
    SetLevel,
    SetPerson,
    assessment_from_form,
    evidence_from_form,
)
from nosframe.io import NosframeError
from nosframe.io.people import load_person
from nosframe.model.people import BehaviourAssessment, CriterionEvidence, Method

EXAMPLE = Path(__file__).parents[2] / "examples" / "people" / "constable-a.toml"
DAY = dt.date(2026, 12, 1)


@pytest.fixture
def session(tmp_path):
    path = tmp_path / "a.toml"
    shutil.copy(EXAMPLE, path)
    return PersonSession.open(path)


def test_add_remove_undo_redo(session):
    before = session.person
    new = CriterionEvidence("SFJAB1", "NSP-P4", DAY, "Sgt Z")
    assert session.do(AddEvidence(new)) and session.dirty
    assert session.person.evidence[-1] == new
    assert session.do(SetLevel(BehaviourAssessment("we-take-ownership", 2, DAY)))
    assert session.do(RemoveEvidence(0))
    assert session.undo() == "remove evidence of SFJAA1 NSP-P1 (2025-05-12)"
    assert session.undo() == "assess we-take-ownership at level 2"
    assert session.undo() == "add evidence of SFJAB1 NSP-P4"
    assert session.person == before and not session.dirty
    assert session.undo() is None
    assert session.redo() == "add evidence of SFJAB1 NSP-P4"
    assert session.person.evidence[-1] == new


def test_operations_refuse_what_cannot_be(session):
    with pytest.raises(EditError, match="there is no evidence 99"):
        session.do(RemoveEvidence(98))
    with pytest.raises(EditError, match="no assessment 99"):
        session.do(RemoveAssessment(98))
    with pytest.raises(EditError, match="no field 'grade'"):
        session.do(SetPerson("grade", "3"))
    existing = session.person.evidence[0]
    with pytest.raises(EditError, match="already recorded"):
        session.do(AddEvidence(existing))
    assert not session.dirty


def test_forms():
    e = evidence_from_form("CD1", "CD1.1-P5", {"date": "2026-12-01", "assessor": " Sgt Z ",
                                               "method": "prof", "reference": "R-1",
                                               "expires": ""})
    assert e == CriterionEvidence("CD1", "CD1.1-P5", DAY, "Sgt Z",
                                  Method.PROFESSIONAL_DISCUSSION, "R-1")
    assert evidence_from_form("CD1", "P1", {"date": "2026-12-01", "method": "obs"}).method \
        is Method.OBSERVATION
    for blank in ({"date": "2026-12-01"}, {"date": "2026-12-01", "method": "  "}):
        with pytest.raises(EditError, match="method: say how it was assessed"):
            evidence_from_form("CD1", "P1", blank)  # never a method nobody recorded
    with pytest.raises(EditError, match="date: '2026-13-01' is not a date"):
        evidence_from_form("CD1", "P1", {"date": "2026-13-01"})
    with pytest.raises(EditError, match="method: 'telepathy' is none of"):
        evidence_from_form("CD1", "P1", {"date": "2026-12-01", "method": "telepathy"})
    with pytest.raises(EditError, match="cannot end before"):
        evidence_from_form("CD1", "P1", {"date": "2026-12-01", "expires": "2026-01-01"})
    with pytest.raises(EditError, match=r"date: 2030-01-01 is after today \(2026-12-01\)"):
        evidence_from_form("CD1", "P1", {"date": "2030-01-01"}, today=DAY)
    with pytest.raises(EditError, match="date: 2030-01-01 is after today"):
        assessment_from_form("we-collaborate", {"level": "2", "date": "2030-01-01"})
    with pytest.raises(EditError, match="cannot end before"):
        assessment_from_form("we-collaborate", {"level": "2", "date": "2026-12-01",
                                                "expires": "2026-01-01"})
    a = assessment_from_form("we-collaborate", {"level": "2", "date": "2026-12-01"})
    assert (a.level, a.date, a.method) == (2, DAY, None)
    # off the framework's scale: refused as typed (plan and audit would only warn later)
    with pytest.raises(EditError, match=r"level: 9 is not on the framework's scale \(1, 2, 3\)"):
        assessment_from_form("we-collaborate", {"level": "9", "date": "2026-12-01"},
                             scale=[1, 2, 3])
    assert assessment_from_form("we-collaborate", {"level": "3", "date": "2026-12-01"},
                                scale=[1, 2, 3]).level == 3
    with pytest.raises(EditError, match="level: 'two' is not a whole number"):
        assessment_from_form("we-collaborate", {"level": "two", "date": "2026-12-01"})


def test_save_keeps_the_layout_and_loads_back(session):
    text = session.path.read_text(encoding="utf-8")
    session.do(AddEvidence(CriterionEvidence("SFJAB1", "NSP-P4", DAY, "Sgt Z")))
    session.save()
    assert not session.dirty
    saved = session.path.read_text(encoding="utf-8")
    assert saved.startswith(text.split("[[behaviours]]")[0].split("# --- behaviours")[0]
                            .rstrip("\n"))
    assert load_person(session.path).person == session.person
    assert not list(session.path.parent.glob("*.tmp*"))  # atomic: nothing left beside it


def test_save_refuses_a_file_changed_on_disk(session):
    session.do(SetPerson("name", "Someone"))
    path = session.path
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited elsewhere\n",
                    encoding="utf-8")
    with pytest.raises(ChangedOnDisk) as caught:
        session.save()
    assert caught.value.location.file == str(path)
    assert "edited elsewhere" in path.read_text(encoding="utf-8")
    session.save(force=True)
    assert load_person(path).person.person.name == "Someone"


def test_new_record_never_overwrites(tmp_path):
    with pytest.raises(NosframeError, match="already there"):
        PersonSession.new(EXAMPLE, "x")
    session = PersonSession.new(tmp_path / "b.toml", "NP-0002", name="B", role="pcso")
    assert session.dirty
    session.save()
    assert load_person(tmp_path / "b.toml").person.person.role == "pcso"


def test_a_new_record_is_readable_by_its_owner_alone_and_a_shared_one_stays_shared(tmp_path):
    """A person's record is personal data: written new, mode 0600; one its owner has made
    readable by a group keeps that mode when saved again."""
    path = tmp_path / "c.toml"
    session = PersonSession.new(path, "NP-0003", name="C", role="pcso")
    session.save()
    assert path.stat().st_mode & 0o777 == 0o600
    path.chmod(0o640)
    session = PersonSession.open(path)
    assert session.do(SetPerson("name", "C, renamed"))
    session.save()
    assert path.stat().st_mode & 0o777 == 0o640
    assert load_person(path).person.person.name == "C, renamed"


# -- merge: the edits since the last save, re-applied to the record as it is on disk ----------

OTHER = """
[[evidence]]
standard = "SFJAE1"
criterion = "P9"
date = 2026-11-30
assessor = "Insp Other (fictional)"
"""


def _write_elsewhere(path, change):
    """Another program's save of the record (a new mtime and size)."""
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def test_a_removal_names_its_entry_so_it_removes_that_one_wherever_it_is(session):
    first = session.person.evidence[0]
    op = RemoveEvidence(0, first)
    moved = session.person.evidence[1:2] + (first,) + session.person.evidence[2:]
    from attrs import evolve
    after = op.apply(evolve(session.person, evidence=moved))
    assert first not in after.evidence and moved[0] in after.evidence
    with pytest.raises(EditError, match="no longer in the record"):
        op.apply(after)
    # given only an index, the session records which entry it removed
    session.do(RemoveEvidence(0))
    assert session.unsaved_operations == (RemoveEvidence(0, first),)
    assessment = session.person.behaviours[0]
    session.do(RemoveAssessment(0))
    assert session.unsaved_operations[-1] == RemoveAssessment(0, assessment)


def test_save_merge_reapplies_the_edits_since_the_last_save(session):
    path = session.path
    first = session.person.evidence[0]
    new = CriterionEvidence("SFJAB1", "NSP-P4", DAY, "Sgt Z")
    session.do(AddEvidence(new))
    session.do(RemoveEvidence(0))
    session.do(SetPerson("note", "moving to Northshire East"))
    _write_elsewhere(path, lambda text: text.replace(
        'name = "Constable A (fictional)"', 'name = "Constable A (renamed elsewhere)"')
        + OTHER)
    with pytest.raises(ChangedOnDisk, match="changed on disk"):
        session.save()
    session.save(merge=True)
    on_disk = load_person(path).person
    assert on_disk == session.person and not session.dirty
    assert on_disk.person.name == "Constable A (renamed elsewhere)"  # theirs kept
    assert on_disk.person.note == "moving to Northshire East"  # mine re-applied
    assert new in on_disk.evidence and first not in on_disk.evidence
    assert any(e.criterion == "P9" for e in on_disk.evidence)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# A person record (FICTIONAL EXAMPLE)")  # the layout kept
    assert session.unsaved_operations == ()
    session.save()  # the session now knows the file as merged: a plain save works


def test_save_merge_reports_edits_that_cannot_be_reapplied_and_writes_nothing(session):
    path = session.path
    session.do(RemoveEvidence(0))  # SFJAA1 NSP-P1 of 2025-05-12, assessed by Sgt B
    session.do(SetPerson("name", "Mine"))
    _write_elsewhere(path, lambda text: text.replace(
        'assessor = "Sgt B (fictional)"', 'assessor = "Sgt B (corrected)"', 1).replace(
        'name = "Constable A (fictional)"', 'name = "Theirs"'))
    before = path.read_bytes()
    with pytest.raises(CannotMerge) as caught:
        session.save(merge=True)
    labels = [label for label, _ in caught.value.failed]
    assert labels == ["remove evidence of SFJAA1 NSP-P1 (2025-05-12)", "set name"]
    assert "changed on disk" in caught.value.failed[0][1]
    assert "'Theirs'" in caught.value.failed[1][1]
    assert path.read_bytes() == before and session.dirty


def test_save_merge_takes_edits_made_on_disk_too_as_done(session):
    path = session.path
    first = session.person.evidence[0]
    new = CriterionEvidence("SFJAE1", "P9", dt.date(2026, 11, 30), "Insp Other (fictional)")
    session.do(AddEvidence(new))  # the same evidence, recorded on disk too
    session.do(RemoveEvidence(0))  # removed on disk too
    _write_elsewhere(path, lambda text: text.replace(
        '[[evidence]]\nstandard = "SFJAA1"\ncriterion = "NSP-P1"', "[[evidence]]\n"
        'standard = "SFJAA1"\ncriterion = "NSP-P1-gone"', 1) + OTHER)
    session.save(merge=True)
    on_disk = load_person(path).person
    assert on_disk.evidence.count(new) == 1 and first not in on_disk.evidence


def test_merge_follows_undo_and_redo_and_stops_past_the_last_save(session):
    a = CriterionEvidence("SFJAB1", "NSP-P4", DAY, "Sgt Z")
    b = CriterionEvidence("SFJAB1", "NSP-P3", DAY, "Sgt Z")
    session.do(AddEvidence(a))
    session.do(AddEvidence(b))
    session.undo()
    assert session.unsaved_operations == (AddEvidence(a),)
    session.redo()
    assert session.unsaved_operations == (AddEvidence(a), AddEvidence(b))
    session.save()
    assert session.unsaved_operations == ()
    session.undo()  # past the last save: the record is no longer "the file plus edits"
    assert session.unsaved_operations is None
    _write_elsewhere(session.path, lambda text: text + OTHER)
    with pytest.raises(CannotMerge, match="undo went back past the last save"):
        session.save(merge=True)
    session.redo()  # back at the save
    assert session.unsaved_operations == ()
    session.undo()
    session.do(SetPerson("note", "x"))  # the state saved is gone from the redo stack
    assert session.unsaved_operations is None


# -- the recovery journal ---------------------------------------------------------------------


def test_journal_is_private_written_after_edits_and_gone_when_nothing_is_unsaved(session):
    from nosframe.editing.session import journal_path

    journal = journal_path(session.path)
    assert session.journal == journal
    session.write_journal()
    assert not journal.exists()  # nothing unsaved: no journal
    session.do(AddEvidence(CriterionEvidence("SFJAB1", "NSP-P4", DAY, "Sgt Z")))
    session.write_journal()
    assert journal.stat().st_mode & 0o777 == 0o600
    import json
    data = json.loads(journal.read_text(encoding="utf-8"))
    assert data["format"] == "nosframe-person-journal" and data["file"] == "a.toml"
    session.undo()
    session.write_journal()
    assert not journal.exists()
    session.redo()
    session.write_journal()
    session.save()
    assert not journal.exists()
    assert not list(session.path.parent.glob("*.tmp"))


def test_journal_recovers_the_unsaved_edits(session):
    new = CriterionEvidence("SFJAB1", "NSP-P4", DAY, "")
    first = session.person.evidence[0]
    session.do(AddEvidence(new))
    session.do(RemoveEvidence(0))
    session.write_journal()
    wanted = session.person
    # the process is killed here: a new session of the same file finds the journal
    again = PersonSession.open(session.path)
    recovery = again.read_journal()
    assert recovery.base_matches and not recovery.failed
    assert recovery.changes == ("remove evidence of SFJAA1 NSP-P1 (2025-05-12)",
                                "add evidence of SFJAB1 NSP-P4")
    again.recover(recovery)
    assert again.person == wanted and again.dirty
    assert again.unsaved_operations == (RemoveEvidence(0, first), AddEvidence(new))
    again.undo()
    assert not again.dirty
    again.redo()
    again.save()
    assert load_person(session.path).person == wanted and not again.journal.exists()


def test_journal_of_a_record_changed_since_reapplies_its_edits(session):
    new = CriterionEvidence("SFJAB1", "NSP-P4", DAY, "Sgt Z")
    session.do(AddEvidence(new))
    session.do(SetPerson("name", "Mine"))
    session.write_journal()
    _write_elsewhere(session.path, lambda text: text.replace(
        'name = "Constable A (fictional)"', 'name = "Theirs"') + OTHER)
    again = PersonSession.open(session.path)
    recovery = again.read_journal()
    assert not recovery.base_matches
    assert recovery.changes == ("add evidence of SFJAB1 NSP-P4",)
    assert [label for label, _ in recovery.failed] == ["set name"]
    again.recover(recovery)
    assert new in again.person.evidence and again.person.person.name == "Theirs"
    assert any(e.criterion == "P9" for e in again.person.evidence)


def test_an_unreadable_journal_is_said_and_left_alone(session):
    session.journal.write_text("{not json", encoding="utf-8")
    with pytest.raises(NosframeError, match="unreadable journal"):
        session.read_journal()
    assert session.journal.exists()


def test_an_observation_is_written_as_one_and_no_method_is_not_an_observation(tmp_path):
    """The file tells a recorded observation from a method nobody recorded: an observation is
    written `method = "observation"`; an entry without `method` reads as not recorded."""
    path = tmp_path / "d.toml"
    session = PersonSession.new(path, "NP-0004", name="D", role="pcso")
    e = evidence_from_form("SFJAA1", "P1", {"date": "2026-12-01", "method": "obs"}, today=DAY)
    session.do(AddEvidence(e))
    session.save()
    assert 'method = "observation"' in path.read_text(encoding="utf-8")
    assert load_person(path).person.evidence[0].method is Method.OBSERVATION
    bare = tmp_path / "e.toml"
    bare.write_text('[person]\nid = "NP-5"\n\n[[evidence]]\nstandard = "SFJAA1"\n'
                    'criterion = "P1"\ndate = 2026-01-01\n', encoding="utf-8")
    [entry] = load_person(bare).person.evidence
    assert entry.method is None
    from nosframe.editing.present import entry_text

    assert entry_text(entry).startswith("method not recorded, ")
