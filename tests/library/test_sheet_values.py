"""``io.workbook.sheet_values`` (the list-export reader's fast path) gives exactly the rows
openpyxl's read-only mode gives (``iter_rows(values_only=True)`` after ``reset_dimensions()``):
on the real exports in ../shared (skipped when absent) and on a small generated workbook of every
kind of cell it reads: shared and inline strings (plain, rich, empty, escaped), numbers,
booleans, dates, empty cells, cells without a reference, rows left out and empty rows."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import re
import warnings
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import openpyxl
import pytest

from nosframe.io.workbook import Unsupported, sheet_values
from nosframe.library.reader import SHEET

FIRST_ROWS = 1500  # of the larger export: compared one by one
SAMPLED_UP_TO, SAMPLE = 5000, 300  # and a random sample of the rows up to this one


def openpyxl_rows(path: Path, sheet: str = SHEET, max_row: int | None = None) -> list[tuple]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            ws = workbook[sheet]
            ws.reset_dimensions()
            return list(ws.iter_rows(max_row=max_row, values_only=True))
        finally:
            workbook.close()


def same_rows(expected: list, got: list) -> None:
    """Equal, and of the same types cell by cell (1 == 1.0 == True would hide a difference)."""
    assert len(got) == len(expected)
    for number, (want, row) in enumerate(zip(expected, got), start=1):
        assert row == want, f"row {number}"
        assert type(row) is type(want), f"row {number}"
        assert [type(v) for v in row] == [type(v) for v in want], f"row {number}"


def test_the_new_export_reads_as_openpyxl_reads_it(real_exports):
    new, _ = real_exports
    same_rows(openpyxl_rows(new), list(sheet_values(new, SHEET)))


def test_the_old_export_reads_as_openpyxl_reads_it_first_rows_and_a_sample(real_exports):
    _, old = real_exports
    expected = openpyxl_rows(old, max_row=SAMPLED_UP_TO)
    got = list(itertools.islice(sheet_values(old, SHEET), SAMPLED_UP_TO))
    same_rows(expected[:FIRST_ROWS], got[:FIRST_ROWS])
    picked = sorted(random.Random(13).sample(range(FIRST_ROWS, len(expected)), SAMPLE))
    same_rows([expected[i] for i in picked], [got[i] for i in picked])


@pytest.mark.slow
def test_the_whole_old_export_reads_as_openpyxl_reads_it(real_exports):
    """Every row, to the end of the sheet (the test above stops at SAMPLED_UP_TO)."""
    _, old = real_exports
    same_rows(openpyxl_rows(old), list(sheet_values(old, SHEET)))


# -- a generated workbook ----------------------------------------------------------------------

_INLINE = re.compile(r'<c ([^>]*?)t="inlineStr"([^>]*)><is><t(?: [^>]*)?>(.*?)</t></is></c>',
                     re.S)


def to_shared_strings(path: Path, *, every: int = 2, rich: dict[str, list[str]] | None = None,
                      drop_refs: tuple[str, ...] = ()) -> None:
    """Rewrite an openpyxl-written workbook (inline strings only) so that every ``every``-th
    string cell is a shared string, as Excel and the NOS database write them; ``rich`` makes
    the shared string of a text a rich one of these runs; the cells of ``drop_refs`` lose their
    ``r`` attribute (allowed: the cell after the one before)."""
    rich = rich or {}
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    strings: list[str] = []
    seen = itertools.count()

    def shared(match: re.Match) -> str:
        before, after, text = match.groups()
        if next(seen) % every:
            return match.group(0)
        strings.append(text)
        return f'<c {before}t="s"{after}><v>{len(strings) - 1}</v></c>'

    sheet = _INLINE.sub(shared, sheet)
    for ref in drop_refs:
        sheet = sheet.replace(f'<c r="{ref}"', "<c", 1)
    items = []
    for text in strings:
        runs = rich.get(text)
        if runs:
            items.append("<si>" + "".join(f"<r><rPr><b/></rPr><t>{escape(run)}</t></r>"
                                          for run in runs) + "</si>")
        else:
            items.append(f'<si><t xml:space="preserve">{text}</t></si>')
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    parts["xl/sharedStrings.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{main}" count="{len(items)}" '
        f'uniqueCount="{len(items)}">' + "".join(items) + "</sst>").encode()
    types = parts["[Content_Types].xml"].decode()
    if "sharedStrings" not in types:
        types = types.replace("</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType='
                              '"application/vnd.openxmlformats-officedocument.spreadsheetml.'
                              'sharedStrings+xml"/></Types>')
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    if "sharedStrings" not in rels:
        rels = rels.replace("</Relationships>", '<Relationship Id="rIdStrings" Type="http://'
                            'schemas.openxmlformats.org/officeDocument/2006/relationships/'
                            'sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    parts["[Content_Types].xml"], parts["xl/_rels/workbook.xml.rels"] = (types.encode(),
                                                                         rels.encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


ROWS: list[list] = [
    ["text", "number", "float", "when", "day", "flag", "empty", "spaces", "last"],
    ["Plain", 1, 1.5, dt.datetime(2024, 3, 31, 9, 30), dt.date(2019, 1, 2), True, None,
     "  two  spaces  ", "end"],
    ["Ünïcödé — “quotes” & <tags>", -7, 1e-9, dt.datetime(1905, 3, 15), None, False, None,
     "line\nbreak", None],
    [None, None, None, None, None, None, None, None, None],  # an empty row
    ["rich text", 10 ** 15, 3.0, dt.datetime(2018, 6, 1, 9, 0, 0, 500000), None, None, None,
     "", "x"],
    ["_x005F_x000D_ escaped", 0, -0.0, None, dt.date(2030, 12, 31), None, None, "tab\tin", 2],
]


def rows_workbook(path: Path) -> tuple[Any, Any]:
    """(workbook, its sheet) of ROWS as openpyxl writes them, not saved yet."""
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = SHEET
    for row in ROWS:
        ws.append(row)
    return workbook, ws


@pytest.fixture
def generated(tmp_path) -> Path:
    path = tmp_path / "cells.xlsx"
    workbook, ws = rows_workbook(path)
    ws.cell(row=10, column=3, value="after a gap of rows")  # rows 7-9 are not written at all
    ws.cell(row=11, column=1, value=42)
    ws.cell(row=11, column=12, value="far right")  # a row wider than the header
    ws.cell(row=13, column=2, value=dt.datetime(2000, 2, 29))
    workbook.save(path)
    to_shared_strings(path, rich={"rich text": ["rich ", "text"]}, drop_refs=("B2", "C2"))
    return path


def test_a_generated_workbook_reads_as_openpyxl_reads_it(generated):
    with zipfile.ZipFile(generated) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
        assert "xl/sharedStrings.xml" in archive.namelist()
    assert 't="s"' in sheet and 't="inlineStr"' in sheet  # both kinds of string
    assert '<c t="n"><v>1.5</v>' in sheet  # a cell without r
    assert '<r><rPr><b/></rPr><t>rich </t></r>' in archive_text(generated, "xl/sharedStrings.xml")
    expected = openpyxl_rows(generated)
    assert len(expected) == 13
    assert expected[3] == () and expected[6] == []  # an empty row; a row not written
    assert expected[4][0] == "rich text" and expected[5][0] == "_x000D_ escaped"
    same_rows(expected, list(sheet_values(generated, SHEET)))


def test_a_generated_workbook_with_inline_strings_only_reads_as_openpyxl(tmp_path):
    path = tmp_path / "inline.xlsx"
    workbook, _ = rows_workbook(path)
    workbook.save(path)
    same_rows(openpyxl_rows(path), list(sheet_values(path, SHEET)))


def archive_text(path: Path, part: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(part).decode()


def test_what_the_fast_reader_does_not_read_it_leaves_to_openpyxl(tmp_path):
    """A 1904 calendar: sheet_values refuses it before the first row (the reader then uses
    openpyxl)."""
    path = tmp_path / "1904.xlsx"
    workbook = openpyxl.Workbook()
    workbook.epoch = openpyxl.utils.datetime.MAC_EPOCH
    ws = workbook.active
    ws.title = SHEET
    ws.append(["a", "b"])
    ws.append([dt.datetime(2020, 1, 1), 1])
    workbook.save(path)
    with pytest.raises(Unsupported):
        sheet_values(path, SHEET)
