"""nosframe.testing's helpers for tests of published facts: the list exports read once, cached,
and keywords compared with the published strings."""

from __future__ import annotations

import os

import openpyxl

from nosframe.testing import (EXPORT_NAMES, export_rows, exports_present,
                              keywords_not_as_published, published_keywords)


def _export(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "owssvr"
    sheet.append(["URN", "Title", "Keywords"])
    for row in rows:
        sheet.append(row)
    book.save(path)


def test_rows_by_urn_then_from_the_cache_until_an_export_changes(tmp_path):
    assert not exports_present(tmp_path)
    _export(tmp_path / EXPORT_NAMES[0], [[" SFJAA1 ", "Promote equality", "equality; diversity"],
                                         [None, "no URN: left out", ""]])
    _export(tmp_path / EXPORT_NAMES[1], [["SFJAA1", "Older row", "equality"]])
    assert exports_present(tmp_path)
    first = export_rows(tmp_path)
    assert list(first) == ["SFJAA1"]
    assert [r["Title"] for r in first["SFJAA1"]] == ["Promote equality", "Older row"]
    assert export_rows(tmp_path) == first  # the cache gives the same rows
    _export(tmp_path / EXPORT_NAMES[1], [["SFJAB1", "Communicate", "communication"]])
    stat = (tmp_path / EXPORT_NAMES[1]).stat()
    os.utime(tmp_path / EXPORT_NAMES[1], ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    again = export_rows(tmp_path)  # a changed export is read again, never the stale rows
    assert sorted(again) == ["SFJAA1", "SFJAB1"] and len(again["SFJAA1"]) == 1


def test_keywords_compared_with_the_published_strings(tmp_path):
    assert published_keywords("equality ;\n diversity  and\ninclusion;; ") == [
        "equality", "diversity and inclusion"]
    (tmp_path / "preset.toml").write_text(
        '[[standards]]\ncode = "SFJAA1"\nkeywords = ["equality", "diversity"]\n\n'
        '[[standards]]\ncode = "SFJAB1"\nkeywords = ["talking"]\n\n'
        '[[standards]]\ncode = "SFJAE1"\n', encoding="utf-8")  # no keywords: not compared
    rows = {"SFJAA1": [{"Keywords": "equality; diversity"}],
            "SFJAB1": [{"Keywords": "communication"}, {"Keywords": None}]}
    assert keywords_not_as_published(tmp_path, rows) == [
        ("preset.toml", "SFJAB1", ["talking"], [["communication"], []])]
    assert keywords_not_as_published(tmp_path, {}) == [  # no row at all: both wrong
        ("preset.toml", "SFJAA1", ["equality", "diversity"], []),
        ("preset.toml", "SFJAB1", ["talking"], [])]
