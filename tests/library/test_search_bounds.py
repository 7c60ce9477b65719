"""Search on odd input (issue 9 §4, defect 14): results that stop at --limit say so, a lone
surrogate or a 2,000-word query is bounded, an empty library file is no library."""

from __future__ import annotations

import json

import pytest

from nosframe.library import NosLibrary, import_exports
from nosframe.library.store import MAX_QUERY_WORDS, bounded_query


@pytest.fixture
def many(export, nos_row, db):
    rows = [nos_row(f"SFJX{n:02d}", NOS_Title=f"Standard number {n} about victims")
            for n in range(60)]
    import_exports([export("lib.xlsx", rows)], db)
    return db


def test_an_empty_search_that_stops_at_the_limit_says_so(cli_run, many):
    result = cli_run("library", "search", "", "--db", many)
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 50
    assert "showing the first 50 results; there are more" in result.stderr
    assert "--limit" in result.stderr
    everything = cli_run("library", "search", "", "--db", many, "--limit", "100")
    assert len(everything.stdout.splitlines()) == 60 and "there are more" not in everything.stderr


def test_json_says_whether_there_are_more(cli_run, many):
    data = json.loads(cli_run("library", "search", "", "--db", many, "--limit", "10",
                              "--json").stdout)
    assert data["count"] == 10 and data["limit"] == 10 and data["more"] is True


def test_a_lone_surrogate_is_no_error(many):
    library = NosLibrary(many)
    assert library.search("victims\udc80") == library.search("victims")
    assert library.search("\ud800") != []  # nothing left: as an empty search
    assert library.search_records("x", suite="\udfff") == []


def test_a_long_query_uses_its_first_words_and_says_so(cli_run, many):
    text = "victims " * 2000
    used, dropped = bounded_query(text)
    assert used.split() == ["victims"] * MAX_QUERY_WORDS and dropped == 2000 - MAX_QUERY_WORDS
    assert bounded_query("victims standard") == ("victims standard", 0)
    assert bounded_query("a" * 50_000)[0] == ""  # one word longer than a query may be
    result = cli_run("library", "search", text, "--db", many, "--limit", "100")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 60
    assert f"the first {MAX_QUERY_WORDS} words" in result.stderr
    assert f"{2000 - MAX_QUERY_WORDS} left out" in result.stderr


def test_an_empty_library_file_is_no_library(cli_run, db):
    db.parent.mkdir(parents=True, exist_ok=True)
    db.write_bytes(b"")
    result = cli_run("library", "search", "x", "--db", db)
    assert result.exit_code == 2
    assert "no library here" in result.stderr and "not a nosframe library" not in result.stderr
    with pytest.raises(Exception, match="no library here"):
        NosLibrary(db).get("SFJAA1")


def test_an_empty_default_library_file_registers_no_library(monkeypatch, tmp_path):
    from nosframe.library.store import default_db_path
    from nosframe.plugins import load_plugins

    path = default_db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")
    assert "uk-nos" not in load_plugins(entry_points=False).libraries()


def test_an_import_into_an_empty_library_file_writes_a_library(export, nos_row, db):
    db.parent.mkdir(parents=True, exist_ok=True)
    db.write_bytes(b"")
    import_exports([export("lib.xlsx", [nos_row("SFJAA1", NOS_Title="Promote equality")])], db)
    assert NosLibrary(db).get("SFJAA1").title == "Promote equality"


def test_get_and_records_of_a_code_with_a_lone_surrogate_find_nothing(many):
    library = NosLibrary(many)
    assert library.get("SFJX01\udc80") is None and library.records("\ud800") == []
    assert library.get("SFJX01") is not None
