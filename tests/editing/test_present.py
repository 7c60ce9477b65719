"""The headless presenter: labels and provenance text every face shows."""

from __future__ import annotations

from nosframe.editing import Session, present
from nosframe.editing.operations import AddStandards, Retitle
from nosframe.model import Level, Mapping, Role, Standard


def test_element_labels():
    assert present.element_label("standard", Standard("SFJ AB1", "Investigate")) == \
        "SFJ AB1 Investigate"
    assert present.element_label("role", Role("r", "Custody officer", level="2")) == \
        "[2] Custody officer"
    assert present.element_label("role", Role("r")) == "r"
    assert present.element_label("level", Level(2, "Supervisor")) == "2 Supervisor"
    assert present.element_label("mapping", Mapping("X1", ("P1", "K2"), behaviour="b")) == \
        "X1 (2)"


def test_provenance_text_says_what_an_edit_writes(force_file, tui_plugins):
    s = Session.open(force_file, tui_plugins)
    assert present.provenance_text(s, "role", "custody-officer") == ("defined in force.toml", ())
    text, overrides = present.provenance_text(s, "role", "constable")
    assert text == "inherited from preset tui-base (tui-test 0.1.0) — changes are saved as overrides in force.toml"
    assert present.state_of(s, "role", "constable") == "inherited"
    s.do(Retitle("role", "constable", "Constable"), check=False)
    text, overrides = present.provenance_text(s, "role", "constable")
    s.ensure_composed()
    text, overrides = present.provenance_text(s, "role", "constable")
    assert overrides == ("retitled to 'Constable' by force.toml",)  # a file name, not a path
    assert present.state_of(s, "role", "constable") == "overridden"
    s.do(AddStandards("custody-officer", ["LIBZZ9"]), check=False)
    s.ensure_composed()
    text, _ = present.provenance_text(s, "standard", "LIBZZ9")
    assert text.startswith("from library test-national") and "tailor" in text


def test_file_text_names_a_presets_file_by_preset(force_file, tui_plugins):
    s = Session.open(force_file, tui_plugins)
    preset_file = str(s.composed.layers[0].document.path)
    assert present.file_text(s.composed, preset_file) == "preset tui-base (tui-test 0.1.0): tui-base.toml"
    assert present.file_text(s.composed, str(force_file)) == "force.toml"
    assert present.without_paths(s.composed, f"see {force_file.resolve()}") == "see force.toml"


def test_cut_keeps_whole_words_and_says_it_cut():
    from nosframe.editing.present import cut

    title = "Provide initial support to victims, survivors and witnesses"
    assert cut(title, 80) == title
    assert cut(title, 30) == "Provide initial support to…"
    assert len(cut(title, 30)) <= 30
    assert cut("Supercalifragilistic", 8) == "Superca…"  # one long word: cut inside it
    assert cut("a  b\n c", 10) == "a b c"
    for width in range(1, 60):
        assert len(cut(title, width)) <= width


def test_a_persons_evidence_and_fit_read_as_the_cli_says_them():
    """The person view and ``nosframe match``/``plan``/``audit`` say evidence in the same
    words (the CLI prints ``present.evidence_text``)."""
    import datetime as dt
    from pathlib import Path

    from nosframe.analysis.people import Held, role_status
    from nosframe.io.people import load_person
    from nosframe.model.people import BehaviourAssessment, CriterionEvidence, Method

    day = dt.date(2026, 1, 10)
    e = CriterionEvidence("SFJAA1", "P1", day, "", Method.PRODUCT, "PDR-1", dt.date(2027, 1, 1))
    assert present.evidence_text(Held(e, dt.date(2027, 1, 1), False)) == \
        "product, no assessor named, 2026-01-10, until 2027-01-01"
    assert present.evidence_text(Held(e, dt.date(2026, 6, 1), True)).endswith(
        ", expired 2026-06-01")
    assert present.evidence_text(Held(e, None, False)) == "product, no assessor named, 2026-01-10"
    assert present.entry_text(e) == ("product, no assessor named, 2026-01-10 (PDR-1), "
                                     "expires 2027-01-01")
    assert present.entry_text(BehaviourAssessment("b", 2, day, "Sgt T")) == \
        "level 2, assessed, Sgt T, 2026-01-10"

    import nosframe
    from nosframe.model.people import Person, PersonInfo
    from nosframe.plugins import load_plugins

    mini = Path(__file__).parents[1] / "data" / "mini.toml"
    framework = nosframe.load(mini, load_plugins(entry_points=False)).framework
    person = Person(PersonInfo("T-1"), evidence=(
        CriterionEvidence("SFJAA1", "P1", day),
        CriterionEvidence("SFJAA1", "P2", dt.date(2024, 1, 10), expires=day)))
    status = role_status(framework, person, "constable", dt.date(2026, 12, 3))
    assert present.fit_text(status) == "1 of 4 met (25%) · 3 not met (1 of them expired)"
    alone = role_status(framework, Person(PersonInfo("T-2"), evidence=person.evidence[1:]),
                        "constable", dt.date(2026, 12, 3))
    assert present.fit_text(alone) == "0 of 4 met (0%) · 4 not met (1 of them expired)"
