"""Acknowledging a finding (issue 9 §3), headless: the Acknowledge and Unacknowledge operations
through Session.do, what they write, what they report, undo, and what follows a rename."""

from __future__ import annotations

import datetime as dt

import pytest

from nosframe.editing import (Acknowledge, EditError, Rename, Session, SetField,
                              Unacknowledge)
from nosframe.io import load_document

TODAY = dt.date(2025, 6, 1)


@pytest.fixture
def session(force_file, tui_plugins) -> Session:
    return Session.open(force_file, tui_plugins, today=TODAY)


def finding(session, code, element):
    return next(f for f in session.findings() if f.code == code and f.element == element)


def test_acknowledge_writes_an_entry_and_resolves_the_finding(session):
    gap = finding(session, "NF118", ("role", "custody-officer"))
    assert gap.open
    result = session.do(Acknowledge("NF118", ("role", "custody-officer"),
                                    "  analysis is evidenced by the custody course ",
                                    by="Jo Bloggs"))
    assert result.applied and result.label == "acknowledge NF118 on role custody-officer"
    assert result.changes == ("NF118 on role:custody-officer acknowledged",)
    assert [f.code for f in result.resolved] == ["NF118"] and not result.appeared
    [entry] = session.root.acknowledged
    assert (entry.code, entry.element, entry.reason, entry.by, entry.date) == (
        "NF118", "role:custody-officer", "analysis is evidenced by the custody course",
        "Jo Bloggs", TODAY)
    gap = finding(session, "NF118", ("role", "custody-officer"))
    assert gap.acknowledged == entry and not gap.open
    session.save()
    assert load_document(session.path).framework.acknowledged == (entry,)
    assert session.undo() == "acknowledge NF118 on role custody-officer"
    assert finding(session, "NF118", ("role", "custody-officer")).open


def test_an_inherited_finding_can_be_acknowledged_by_kind_colon_key(session):
    session.do(Acknowledge("NF130", "standard:tst ab2", "kept for the next intake"))
    [entry] = session.root.acknowledged
    assert entry.element == "standard:TSTAB2"
    assert finding(session, "NF130", ("standard", "TSTAB2")).acknowledged == entry


def test_acknowledging_again_replaces_the_reason(session):
    session.do(Acknowledge("NF130", ("standard", "TSTAB2"), "first"))
    session.do(Acknowledge("NF130", ("standard", "TSTAB2"), "second"))
    assert [a.reason for a in session.root.acknowledged] == ["second"]


def test_acknowledge_needs_a_reason_and_a_finding_and_refuses_errors(session):
    before = session.root
    with pytest.raises(EditError, match="give a reason"):
        session.do(Acknowledge("NF118", ("role", "custody-officer"), "   "))
    with pytest.raises(EditError, match="no finding NF115 about standard TFX1"):
        session.do(Acknowledge("NF115", ("standard", "TFX1"), "why"))
    session.do(SetField("role", "custody-officer", "standards", ("TFX1", "NOPE9")))
    with pytest.raises(EditError, match="errors cannot be acknowledged"):
        session.do(Acknowledge("NF102", ("role", "custody-officer"), "later"))
    session.undo()
    assert session.root == before


def test_unacknowledge_brings_the_finding_back(session):
    session.do(Acknowledge("NF130", ("standard", "TSTAB2"), "kept"))
    result = session.do(Unacknowledge("NF130", "standard:TSTAB2"))
    assert result.applied and not session.root.acknowledged
    assert [f.code for f in result.appeared] == ["NF130"]
    with pytest.raises(EditError, match="does not acknowledge"):
        session.do(Unacknowledge("NF130", "standard:TSTAB2"))


def test_an_acknowledgement_follows_a_rename_of_the_files_element(session):
    session.do(Acknowledge("NF118", ("role", "custody-officer"), "evidenced elsewhere"))
    session.do(Rename("role", "custody-officer", "custody-sergeant"))
    assert session.root.acknowledged[0].element == "role:custody-sergeant"
    assert finding(session, "NF118", ("role", "custody-sergeant")).acknowledged is not None
    assert not [f for f in session.findings() if f.code == "NF126"]


def test_the_journal_keeps_acknowledgements(session):
    session.do(Acknowledge("NF130", ("standard", "TSTAB2"), "kept"))
    session.write_journal()
    recovery = session.read_journal()
    assert recovery.framework.acknowledged == session.root.acknowledged
    assert "NF130 on standard:TSTAB2 acknowledged" in recovery.changes


def test_every_element_of_a_kind_is_acknowledged_by_kind_colon_star(session):
    """A framework taking hundreds of library NOS has as many review-date warnings: one entry,
    ``standard:*``, acknowledges a code for every standard; a finding about another kind, or of
    another code, still shows; a single one under it cannot be dropped alone (said so)."""
    before = [f for f in session.findings() if f.code == "NF130" and not f.acknowledged]
    assert len(before) >= 2 and all(f.element[0] == "standard" for f in before)
    others = [f for f in session.findings() if not f.acknowledged and f.code != "NF130"]
    result = session.do(Acknowledge("NF130", "standard:*", "our own standards come later"))
    [entry] = session.root.acknowledged
    assert entry.element == "standard:*"
    assert sorted(f.element for f in result.resolved) == sorted(f.element for f in before)
    after = session.findings()
    assert all(f.acknowledged == entry for f in after if f.code == "NF130")
    said = lambda fs: [(f.code, f.element, f.message) for f in fs]  # noqa: E731
    assert said(f for f in after if not f.acknowledged) == said(others)
    one = before[0].element
    with pytest.raises(EditError, match=r"acknowledged by the entry for every standard"):
        session.do(Unacknowledge("NF130", one))
    with pytest.raises(EditError, match="there is no finding NF114"):
        session.do(Acknowledge("NF114", "standard:*", "no such finding about a standard"))
    session.save()
    assert load_document(session.path).framework.acknowledged == (entry,)
    session.do(Unacknowledge("NF130", "standard:*"))
    assert said(f for f in session.findings() if f.code == "NF130" and not f.acknowledged) \
        == said(before)
