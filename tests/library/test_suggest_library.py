"""Suggestions from the national library: candidates by FTS5 bm25, bounded, scored on one scale
with the presets' standards (nosframe.analysis.suggest)."""

from __future__ import annotations

import pytest
from attrs import frozen

from nosframe.analysis.suggest import suggest_standards
from nosframe.library import NosLibrary, fts5_available, import_exports
from nosframe.model import Standard


@frozen
class E:
    standard: Standard
    source: str = "preset test"


@pytest.fixture
def library(export, nos_row, db):
    if not fts5_available():
        pytest.skip("this SQLite has no FTS5")
    rows = [  # real standards of the UK NOS list exports (code, title as published)
        nos_row("SFJCJBE1", NOS_Title="Evaluate and process referrals to provide services to "
                                      "victims, survivors and witnesses",
                Suite="Victims, Survivors and Witnesses", Keywords="victim; referral"),
        nos_row("LANCS66", NOS_Title="Maintain the health and welfare of animals during "
                                     "transportation", Developed_By="Lantra",
                Suite="Animal Care", Occupations="Animal transporter", Keywords="welfare",
                SOC_Code="6139"),
        nos_row("SFJ GD9", NOS_Title="Administer First Aid", Keywords="First Aid; CPR"),
    ]
    import_exports([export("lib.xlsx", rows)], db)
    return NosLibrary(db)


def test_library_candidates_are_ranked_on_one_scale_with_the_presets(library):
    entry = type("Lib", (), {"name": "uk-nos", "rank": staticmethod(library.rank)})()
    local = [E(Standard("SFJBE2", "Provide initial support to victims, survivors and "
                                  "witnesses and assess their need for further support"))]
    found = suggest_standards("victims referral", local, [entry])
    codes = [(s.standard.code, s.source) for s in found.suggestions]
    assert codes == [("SFJCJBE1", "library uk-nos"), ("SFJBE2", "preset test")]
    assert found.suggestions[0].words == ("victims", "referral")
    assert found.suggestions[0].fields["keywords"] == ("victims", "referral")
    assert found.considered == 2  # only the library's candidates were read, not all its rows
    # a SOC code in the text finds the standard of that code
    soc = suggest_standards("SOC 6139", [], [entry])
    assert [s.standard.code for s in soc.suggestions] == ["LANCS66"]
    assert soc.suggestions[0].fields == {"soc_codes": ("6139",)}
    # the local copy of a code wins over the library's
    gd9 = suggest_standards("first aid", [E(Standard("SFJ GD9", "Administer First Aid"),
                                            "framework")], [entry])
    assert [(s.standard.code, s.source) for s in gd9.suggestions] == [("SFJ GD9", "framework")]


def test_library_rank_is_bounded(library):
    ranked = library.rank(["victims", "first", "aid", "welfare"],
                          ["victim", "first", "aid", "welfar"], limit=2)
    assert len(ranked.standards) == 2 and ranked.rows == 3
    assert ranked.df == {"victim": 1, "first": 1, "aid": 1, "welfar": 1}
    assert library.rank([], [], limit=5).standards == ()
    assert library.rank(['"', "OR"], ["or"], limit=5).standards == ()


