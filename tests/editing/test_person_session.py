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
    assert session.undo() == "remove evidence 1"
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
    assert evidence_from_form("CD1", "P1", {"date": "2026-12-01"}).method is Method.OBSERVATION
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
