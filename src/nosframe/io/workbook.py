"""Workbooks (.xlsx) before and without openpyxl: the zip's limits, rows counted, and the values
of one plain sheet read fast.

A workbook is a zip of XML parts. :func:`check_zip` refuses what is not one, or one of too many
parts or parts that unpack too large (a zip bomb), from the zip's directory alone, before
anything is unpacked; :func:`count_rows` counts a sheet's rows by a linear scan of its bytes,
so a sheet of a million rows is refused without being parsed. Both are used by the xlsx
importer (``formats/xlsx/read.py``) and the national library's list-export reader
(``library/reader.py``), each with its own limits (docs/hardening.md).

:func:`sheet_values` reads the values of one sheet as openpyxl's read-only mode gives them
(``iter_rows(values_only=True)`` after ``reset_dimensions()``: the same tuples, shared and
inline strings, numbers, booleans and dates), with one ElementTree pull parser, its queue of
events taken a chunk at a time, and little Python per cell. It reads only the plain subset that
list exports (and workbooks openpyxl writes) are made of; anything else (ISO dates, a 1904
calendar, time-of-day formats, odd cell references or inline strings) raises
:class:`Unsupported`, and the caller reads the workbook with openpyxl instead.
(tests/library/test_sheet_values.py compares the two.)
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any, Callable, Iterator
from xml.etree.ElementTree import XMLPullParser, fromstring

MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
_MERGE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^>]*?ref=\"([^\"]{1,40})\"")
_CHUNK, _OVERLAP = 1 << 20, 256


class Unsupported(Exception):
    """A sheet :func:`sheet_values` does not read (the caller uses openpyxl)."""


class RowBeyond(Exception):
    """A row numbered past ``sheet_values``'s ``max_row`` (its ``r`` far below the data: the
    rows between would each be given)."""

    def __init__(self, row: int):
        super().__init__(f"row {row:,}")
        self.row = row


def _size(limit: int) -> str:
    """A limit as a message gives it: whole megabytes, or bytes below one (a lowered limit)."""
    return f"{limit // 2**20} MB" if limit >= 2**20 else f"{limit:,} bytes"


def check_zip(path: Path, fail: Callable[..., Exception], *, max_file: int, max_parts: int,
              max_part: int, max_total: int, what: str, smaller: str
              ) -> list[zipfile.ZipInfo]:
    """The zip's parts, after refusing (``raise fail(message, hint=...)``) a file over
    ``max_file`` bytes, not a zip, of more than ``max_parts`` parts, with a part unpacking to
    more than ``max_part`` bytes or all to more than ``max_total``, or without a workbook part.
    Nothing is unpacked: the sizes are the zip directory's (inflating stops there too, as
    zipfile checks what it inflates against them). ``what`` names the reader ("the xlsx
    importer"), ``smaller`` says what such a file is ("a framework's workbook is far
    smaller")."""
    size = path.stat().st_size
    if size > max_file:
        raise fail(f"larger than {_size(max_file)}, the most {what} reads",
                   hint=f"{smaller}; is this the right file?")
    if not zipfile.is_zipfile(path):
        raise fail("not an .xlsx workbook (an .xlsx file is a zip archive, and this is not "
                   "one)", hint="save it from Excel or LibreOffice as Excel Workbook (.xlsx); "
                                ".xls and .csv are not read, nor a workbook with a password")
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except Exception as exc:  # BadZipFile, OSError, ValueError; NotImplementedError for a
        # directory entry claiming a zip version zipfile does not know ("zip file version 14.2",
        # found by the fuzzer)
        raise fail(f"not a readable .xlsx workbook ({exc})") from None
    if len(parts) > max_parts:
        raise fail(f"the workbook's zip holds {len(parts):,} parts, more than the "
                   f"{max_parts:,} nosframe reads", hint="is this a workbook?")
    total = 0
    for part in parts:
        total += part.file_size
        if part.file_size > max_part:
            raise fail(f"part {part.filename} of the workbook unpacks to {part.file_size:,} "
                       f"bytes, more than the {_size(max_part)} nosframe reads (a zip "
                       "bomb?)", hint=f"nothing was read; {smaller}")
    if total > max_total:
        raise fail(f"the workbook unpacks to {total:,} bytes, more than the "
                   f"{_size(max_total)} nosframe reads (a zip bomb?)",
                   hint=f"nothing was read; {smaller}")
    names = {p.filename for p in parts}
    if "xl/workbook.xml" not in names and not any(n.endswith("workbook.xml") for n in names):
        raise fail("not an .xlsx workbook (a zip archive without a workbook part)",
                   hint="save it from Excel or LibreOffice as Excel Workbook (.xlsx)")
    return parts


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the zip part holding it, from the workbook part and its relationships
    (both small: their sizes were checked)."""
    book = fromstring(archive.read("xl/workbook.xml"))
    rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{PKG_NS}Relationship")}
    out = {}
    for sheet in book.iter(f"{MAIN_NS}sheet"):
        target = targets.get(sheet.get(f"{R_NS}id"), "")
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        if part in archive.namelist():
            out[sheet.get("name", "")] = part
    return out


def count_rows(archive: zipfile.ZipFile, part: str) -> tuple[int, list[str]]:
    """(rows, merged ranges) of one sheet's XML, read in chunks: linear time, bounded memory."""
    rows, merges, tail = 0, [], b""
    with archive.open(part) as source:
        while True:
            chunk = source.read(_CHUNK)
            buffer = tail + chunk
            # a match starting in the last _OVERLAP bytes may go on in the next chunk: it is
            # counted then (every match is shorter than _OVERLAP)
            settled = len(buffer) - _OVERLAP if chunk else len(buffer)
            rows += sum(1 for m in _ROW.finditer(buffer) if m.start() < settled)
            merges += [m.group(1).decode("ascii", "replace") for m in _MERGE.finditer(buffer)
                       if m.start() < settled]
            if not chunk:
                return rows, merges
            tail = buffer[max(settled, 0):]


def count_bytes(archive: zipfile.ZipFile, part: str, needle: bytes) -> int:
    """How often ``needle`` (of distinct bytes, like ``b"row"``) occurs in one part, read in
    chunks: a bound on :func:`count_rows` (every row tag holds ``row``) at a fraction of its
    cost, so that a sheet far under a limit needs no regex scan."""
    count, tail, keep = 0, b"", len(needle) - 1
    with archive.open(part) as source:
        while chunk := source.read(_CHUNK):
            buffer = tail + chunk
            count += buffer.count(needle)  # tail is shorter than needle: nothing counted twice
            tail = buffer[-keep:] if keep else b""
    return count


# -- values, fast ---------------------------------------------------------------------------

_SI, _T, _R, _C, _V, _ROWTAG, _IS, _RPH, _PHONETIC_PR = (
    f"{MAIN_NS}{n}" for n in ("si", "t", "r", "c", "v", "row", "is", "rPh", "phoneticPr"))
_CELL_REF = re.compile(r"([A-Z]{1,3})([0-9]+)")
_DIGITS = "0123456789"


def _pull(source: Any, tags: tuple[str, ...]) -> Iterator[Any]:
    """The elements of ``tags`` as they end, from a stream, each cleared after use."""
    for batch in _pull_batches(source, tags[0] if len(tags) == 1 else tags):
        yield from batch


def _pull_batches(source: Any, tag: Any) -> Iterator[list[Any]]:
    """The elements named ``tag`` (or any of a tuple of names) that ended in each chunk of the
    stream, a list a chunk. The parser's queue of events is taken whole (a C-level copy)
    rather than one event at a time through ``read_events``, which was a third of the time."""
    parser = XMLPullParser(("end",))
    queue = getattr(parser, "_events_queue", None)
    single = isinstance(tag, str)

    def take() -> list[Any]:
        if queue is None:  # another ElementTree: the public way
            events = list(parser.read_events())
        else:
            events = list(queue)
            queue.clear()
        error = None
        if events and isinstance(events[-1], Exception):  # feed queues a parse error last
            error = events.pop()
        if single:
            batch = [element for _, element in events if element.tag == tag]
        else:
            batch = [element for _, element in events if element.tag in tag]
        if error is not None:
            if batch:
                yield_then_raise.append(error)
                return batch
            raise error
        return batch

    yield_then_raise: list[Exception] = []
    while True:
        chunk = source.read(1 << 16)
        if not chunk:
            break
        parser.feed(chunk)
        batch = take()
        if batch:
            yield batch
        if yield_then_raise:
            raise yield_then_raise[0]
    parser.close()
    batch = take()
    if batch:
        yield batch
    if yield_then_raise:
        raise yield_then_raise[0]


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    out = []
    with archive.open("xl/sharedStrings.xml") as source:
        for si in _pull(source, (_SI,)):
            parts = []
            for child in si:
                if child.tag == _T:
                    parts.append(child.text or "")
                elif child.tag == _R:
                    t = child.find(_T)
                    if t is not None:
                        parts.append(t.text or "")
            out.append("".join(parts).replace("x005F_", ""))  # as openpyxl does
            si.clear()
    return out


def _date_styles(archive: zipfile.ZipFile) -> set[int]:
    """The cell styles (``s``) whose number format is a date, as openpyxl decides it."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

    if "xl/styles.xml" not in archive.namelist():
        return set()
    root = fromstring(archive.read("xl/styles.xml"))
    custom = {int(f.get("numFmtId")): f.get("formatCode")
              for f in root.iter(f"{MAIN_NS}numFmt")}
    xfs = root.find(f"{MAIN_NS}cellXfs")
    dates = set()
    for index, xf in enumerate(xfs if xfs is not None else ()):
        number = int(xf.get("numFmtId", 0))
        code = custom[number] if number in custom else BUILTIN_FORMATS.get(number)
        if is_timedelta_format(code):
            raise Unsupported("a time format")
        if is_date_format(code):
            dates.add(index)
    return dates


def _column(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


def sheet_values(path: Path, sheet: str, *, max_row: int | None = None) -> Iterator[tuple]:
    """The rows of ``sheet`` as openpyxl's ``iter_rows(values_only=True)`` gives them (read-only,
    ``data_only``, dimensions reset), or :class:`Unsupported` before the first row.

    With ``max_row``, a row numbered past it raises :class:`RowBeyond` before the rows up to
    it are given (one ``<row r="50000000">`` would otherwise be 50 million empty rows)."""
    from openpyxl.utils.datetime import WINDOWS_EPOCH, from_excel

    archive = zipfile.ZipFile(path)
    try:
        book = fromstring(archive.read("xl/workbook.xml"))
        properties = book.find(f"{MAIN_NS}workbookPr")
        if properties is not None and properties.get("date1904", "0").lower() in ("1", "true"):
            raise Unsupported("the 1904 calendar")
        part = sheet_parts(archive).get(sheet)
        if part is None:
            raise Unsupported("no such sheet")
        dates = _date_styles(archive)
        strings = _shared_strings(archive)
    except Unsupported:
        archive.close()
        raise
    except Exception as exc:
        archive.close()
        raise Unsupported(str(exc)) from None
    return _rows(archive, part, strings, dates, from_excel, WINDOWS_EPOCH, max_row)


def _inline_string(c: Any) -> str | None:
    """An ``inlineStr`` cell's text as openpyxl gives it (``Text.content``: the plain ``t``
    and the runs' ``t``), or :class:`Unsupported` for a shape it might read otherwise."""
    box = c.find(_IS)
    if box is None:
        return None
    plain: str | None = None
    runs: list[str] = []
    for child in box:
        if child.tag == _T:
            if plain is not None:
                raise Unsupported("an inline string of two texts")
            plain = child.text or ""
        elif child.tag == _R:
            t = child.find(_T)
            if t is not None:
                runs.append(t.text or "")
        elif child.tag not in (_RPH, _PHONETIC_PR):
            raise Unsupported(f"an inline string holding {child.tag}")
    return (plain or "") + "".join(runs)


def _rows(archive: zipfile.ZipFile, part: str, strings: list[str], dates: set[int],
          from_excel: Any, epoch: Any, max_row: int | None) -> Iterator[tuple]:
    cell_ref = _CELL_REF.fullmatch
    columns: dict[str, int] = {}  # column letters -> number, as met
    is_date: dict[str | None, bool] = {None: False, "": False}  # a cell's s -> a date style?
    c_tag, v_tag = _C, _V
    try:
        with archive.open(part) as source:
            counter = 1  # the next row number to give
            row_number = 0
            for batch in _pull_batches(source, _ROWTAG):
                for row in batch:
                    r = row.get("r")
                    row_number = int(r) if r is not None else row_number + 1
                    if max_row is not None and row_number > max_row:
                        raise RowBeyond(row_number)
                    cells: list[tuple[int, Any]] = []
                    column = 0
                    for c in row:
                        if c.tag != c_tag:
                            continue
                        attrib = c.attrib
                        ref = attrib.get("r")
                        if ref:
                            # ref = letters + digits: what _CELL_REF matches, without the
                            # regex per cell (the letters are checked once, when first met)
                            letters = ref.rstrip(_DIGITS)
                            column = columns.get(letters)
                            if column is None or len(letters) == len(ref):
                                if cell_ref(ref) is None:
                                    raise Unsupported(f"cell reference {ref!r}")
                                column = columns[letters] = _column(letters)
                        else:
                            column += 1
                        kind = attrib.get("t", "n")
                        if kind == "inlineStr":
                            cells.append((column, _inline_string(c)))
                            continue
                        value = c.findtext(v_tag) or None
                        if value is not None:
                            if kind == "s":
                                value = strings[int(value)]
                            elif kind == "n":
                                value = float(value) if ("." in value or "E" in value
                                                         or "e" in value) else int(value)
                                style = attrib.get("s")
                                date = is_date.get(style)
                                if date is None:  # openpyxl: int(s) among the date styles
                                    date = is_date[style] = int(style) in dates
                                if date:
                                    try:
                                        value = from_excel(value, epoch)
                                    except (OverflowError, ValueError):
                                        value = "#VALUE!"  # as openpyxl, which warns
                            elif kind == "b":
                                value = bool(int(value))
                            elif kind not in ("str", "e"):
                                raise Unsupported(f"a cell of type {kind!r}")
                        cells.append((column, value))
                    row.clear()
                    for _ in range(counter, row_number):  # missing rows (openpyxl: a list)
                        counter += 1
                        yield []
                    if counter <= row_number:
                        counter += 1
                        if not cells:
                            yield ()
                            continue
                        width = cells[-1][0]  # openpyxl's: the last cell's column
                        out = [None] * width
                        for index, value in cells:
                            if 1 <= index <= width:
                                out[index - 1] = value
                        yield tuple(out)
    finally:
        archive.close()


__all__ = ["MAIN_NS", "RowBeyond", "Unsupported", "check_zip", "count_bytes", "count_rows",
           "sheet_parts", "sheet_values"]
