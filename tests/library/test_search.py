"""Search: code, title, keyword, suite or occupation; exact codes first; with and without FTS5."""

from __future__ import annotations

import datetime as dt

import pytest

from nosframe.library import NosLibrary, fts5_available, import_exports


@pytest.fixture(params=["fts", "like"])
def library(request, export, nos_row, db):
    if request.param == "fts" and not fts5_available():
        pytest.skip("this SQLite has no FTS5")
    rows = [
        nos_row("SFJCJBE1", NOS_Title="Evaluate and process referrals to provide services to "
                                      "victims, survivors and witnesses",
                Suite="Victims, Survivors and Witnesses", Keywords="victim; referral"),
        nos_row("SFJGK103", NOS_Title="Assist victims and survivors of domestic violence and "
                                      "abuse", Suite="Domestic Abuse"),
        nos_row("SFJ AA1", NOS_Title="Promote equality and value diversity",
                Keywords="equality; inclusion", Suite="Common standards"),
        nos_row("SFJAA10", NOS_Title="Something with code prefix", Suite="Common standards"),
        nos_row("LANCS66", NOS_Title="Maintain the health and welfare of animals during "
                                     "transportation", Developed_By="Lantra",
                Suite="Animal Care", Occupations="Animal transporter", Keywords="welfare"),
        nos_row("SSR1", NOS_Title="Deal with incidents", Developed_By="Skills for Security",
                Keywords="victims; incidents", Suite="Security"),
        nos_row("SFJGK103", NOS_Title="An older version", Validity="Legacy",
                Modified=dt.datetime(2010, 1, 1)),
    ]
    path = export("lib.xlsx", rows)
    import_exports([path], db, fts=request.param == "fts")
    library = NosLibrary(db)
    assert library.fts is (request.param == "fts")
    return library


def codes(results):
    return [s.code for s in results]


def test_exact_code_first_whatever_the_spelling(library):
    assert codes(library.search("sfjaa1"))[:2] == ["SFJ AA1", "SFJAA10"]
    assert codes(library.search("SFJ AA1"))[0] == "SFJ AA1"


def test_code_prefix(library):
    assert set(codes(library.search("SFJ"))) == {"SFJCJBE1", "SFJGK103", "SFJ AA1", "SFJAA10"}


def test_title_keyword_suite_and_occupation(library):
    assert set(codes(library.search("victims"))) == {"SFJCJBE1", "SFJGK103", "SSR1"}
    assert codes(library.search("transporter")) == ["LANCS66"]  # occupation
    assert codes(library.search("animal care")) == ["LANCS66"]  # suite
    assert codes(library.search("inclusion")) == ["SFJ AA1"]  # keyword


def test_one_result_per_code_the_preferred_row(library):
    results = library.search("victims")
    assert codes(results).count("SFJGK103") == 1
    assert next(s for s in results if s.code == "SFJGK103").title.startswith("Assist")
    # a text only an older row has still finds the code, and returns the preferred row
    assert [s.title for s in library.search("older version")] == [
        "Assist victims and survivors of domestic violence and abuse"]


def test_filters(library):
    assert codes(library.search("victims", developer="skills for security")) == ["SSR1"]
    assert codes(library.search("victims", suite="domestic")) == ["SFJGK103"]
    assert codes(library.search("", developer="LANTRA")) == ["LANCS66"]
    assert codes(library.search("victims", suite="no such suite")) == []


def test_limit(library):
    assert len(library.search("SFJ", limit=2)) == 2
    assert library.search("SFJ", limit=0) == []


def test_query_syntax_is_not_interpreted(library):
    for text in ('"', "victims OR", "NEAR(", "*", "a:b", "'); DROP TABLE records; --"):
        library.search(text)  # no error
    assert library.get("SFJGK103") is not None


def test_title_matches_rank_before_keyword_matches(library):
    results = codes(library.search("victims"))
    assert results.index("SSR1") == 2  # only a keyword says victims


def test_get_and_size(library):
    assert library.get("SFJAA1").title == "Promote equality and value diversity"
    assert library.get("NOPE") is None
    assert library.size() == 6
