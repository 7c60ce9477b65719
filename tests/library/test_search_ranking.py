"""Search ranks in SQL (``ORDER BY bm25 ... LIMIT``, issue 13) and returns what it returned when
it fetched every match and sorted them in Python: the same first N, for typed prefixes of real
titles and codes, with and without filters, on a small library of the real rows in
tests/data/nos/rows.json (both exports' rows of SFJGM1: a code with two rows) and rows made from
their words (many matches, ties, several pages)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from nosframe.library import NosLibrary, fts5_available, import_exports
from nosframe.library.store import _FTS_WEIGHTS, _CODE_LIKE, _fts_query, bounded_query
from nosframe.model import normalise_code

from .conftest import write_export


def old_search(library: NosLibrary, text: str, suite: str | None = None,
               developer: str | None = None, limit: int = 50) -> list[str]:
    """The codes search returned before issue 13: every FTS match fetched, best score per
    code, sorted in Python (the ranking part of the old ``search_records``, kept here)."""
    filters, params = ["preferred = 1"], []
    if suite:
        filters.append("instr(lower(suites), lower(?)) > 0")
        params.append(suite)
    if developer:
        filters.append("instr(lower(developed_by), lower(?)) > 0")
        params.append(developer)
    where = " AND ".join(filters)
    text = bounded_query(text)[0].strip()
    if not text:
        return [c for (c,) in library._query(
            f"SELECT code FROM records WHERE {where} ORDER BY length(key), key LIMIT ?",
            (*params, limit)) if c]
    results: dict[str, str] = {}

    def add(rows):
        for key, code in rows:
            if key not in results and len(results) < limit:
                results[key] = code

    key = normalise_code(text)
    add(library._query(f"SELECT key, code FROM records WHERE key = ? AND {where}",
                       (key, *params)))
    if _CODE_LIKE.fullmatch(key):
        add(library._query(f"SELECT key, code FROM records WHERE key > ? AND key < ? AND "
                           f"{where} ORDER BY length(key), key LIMIT ?",
                           (key, key + "\uffff", *params, limit)))
    best: dict[str, float] = {}
    query = _fts_query(text)
    for k, score in library._query(
            f"SELECT r.key, bm25(records_fts, {_FTS_WEIGHTS}) FROM records_fts JOIN records r "
            "ON r.id = records_fts.rowid WHERE records_fts MATCH ? AND r.key != ''",
            (query,)) if query else ():
        if k not in best or score < best[k]:
            best[k] = score
    for k in sorted(best, key=lambda k: (best[k], len(k), k)):
        add(library._query(f"SELECT key, code FROM records WHERE key = ? AND {where}",
                           (k, *params)))
    return list(results.values())


@pytest.fixture(scope="module")
def library(tmp_path_factory, request):
    if not fts5_available():
        pytest.skip("this SQLite has no FTS5")
    published = request.getfixturevalue("published_rows")
    by_file: dict[str, list[dict]] = {}
    data = json.loads((Path(__file__).parents[1] / "data" / "nos" / "rows.json").read_text())
    for name, entry in data.items():
        if not name.startswith("_"):
            by_file.setdefault(entry["file"], []).append(published[name])
    # rows made from the real rows' words: titles of 2-6 of their words, so many rows match a
    # prefix with different scores and some tie; every tenth code has a second, legacy row
    words = sorted({w for cells in published.values() for w in cells["NOS Title"].split()})
    base = published["SFJZB3"]
    made = []
    for n in range(120):
        title = " ".join(words[(n * 7 + i * 3) % len(words)] for i in range(2 + n % 5))
        made.append({**base, "URN": f"TSTR{n:03d}", "Original URN": f"TSTR{n:03d}",
                     "NOS Title": title, "Keywords": words[n % len(words)],
                     "Developed By": "Skills for Justice" if n % 3 else "Lantra",
                     "Suite": "Custodial Care" if n % 2 else "Animal Care"})
        if n % 10 == 0:
            made.append({**made[-1], "NOS Title": f"{title} custodial", "Validity": "Legacy",
                         "Modified": dt.datetime(2010, 1, 1)})
    by_file.setdefault("made.xlsx", []).extend(made)
    folder = tmp_path_factory.mktemp("ranking")
    paths = [write_export(folder / name, rows) for name, rows in by_file.items()]
    db = folder / "library.sqlite"
    import_exports(paths, db, fts=True)
    return NosLibrary(db)


def typed(text: str) -> list[str]:
    return [text[:i] for i in range(1, len(text) + 1)]


QUERIES = sorted({*typed("Provide effective customer service"), *typed("Assess communication"),
                  *typed("SFJ GM1"), *typed("TSTR01"), "custodial", "vulnerable evidence",
                  "service", "a", "in the", "zebra", "", "---", "sfjzb3"})


@pytest.mark.parametrize("limit", [1, 3, 10, 200])
def test_the_same_first_n_as_the_old_ranking(library, limit):
    for text in QUERIES:
        assert [s.code for s in library.search(text, limit=limit)] == \
            old_search(library, text, limit=limit), text
    assert len(library.search("a", limit=200)) > 50  # more matches than a first page holds


def test_the_same_with_filters(library):
    for text in QUERIES:
        for suite, developer in (("custodial", None), (None, "lantra"), ("animal", "justice")):
            assert [s.code for s in library.search(text, suite=suite, developer=developer,
                                                   limit=10)] == \
                old_search(library, text, suite, developer, limit=10), (text, suite, developer)


def test_records_and_standards_agree(library):
    for text in ("custodial", "SFJ", "assess"):
        rows = library.search_records(text, limit=20)
        assert [r.to_standard() for r in rows] == library.search(text, limit=20)
        assert all(r.preferred and r.raw for r in rows)


def test_pages_of_ranked_keys_follow_each_other(library):
    pages = list(library._fts_pages("a", (False, False), [], 1))  # 17 rows, then 34, 68, ...
    assert len(pages) == 3 and [len(p) for p in pages[:2]] == [17, 34] and len(pages[2]) < 68
    keys = list(dict.fromkeys(k for page in pages for k in page))
    assert [library.get(k).code for k in keys] == old_search(library, "a", limit=1000)
