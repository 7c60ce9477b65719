"""Reading a workbook in the layout of :mod:`.layout` back into a framework.

Hostile or broken workbooks are refused before openpyxl parses them where that can be known
(not a zip, too many parts, parts whose uncompressed size is over the limits: a zip bomb), and
while reading (a missing sheet, a merged or renamed header, a formula or an error where a
value belongs, more rows than :data:`~.layout.MAX_ROWS`), each with its sheet and cell and a
hint. openpyxl reads in read-only (streaming) mode, so memory follows the largest part, which
the limits bound. What is in the workbook but not read (a sheet or column nosframe does not
know) is reported as a finding, never dropped silently.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
import zipfile
from pathlib import Path
from typing import Any, Iterator
from xml.etree.ElementTree import ParseError

from nosframe.formats.xlsx import layout as L
from nosframe.io import FormatError, Location, NosframeError, StructureError, structure
from nosframe.io.limits import require_regular_file
from nosframe.io.workbook import check_zip, count_rows, sheet_parts
from nosframe.model import (
    Behaviour,
    CriteriaGroup,
    Criterion,
    Finding,
    Framework,
    FrameworkInfo,
    Level,
    Mapping,
    Role,
    Severity,
    Source,
    Standard,
    Value,
    normalise_code,
)
from attrs import field, frozen

from nosframe.registry import ImportResult

#: the compressed file read at most
MAX_FILE = 50 * 1024 * 1024
HINT = "the xlsx importer reads workbooks in the layout `nosframe export --to xlsx` and " \
       "`nosframe template xlsx` write (see the About sheet, and docs/formats.md)"
SHEET_NOT_READ, COLUMN_NOT_READ, FIELD_NOT_READ, RECORD_NOT_READ = \
    "XL001", "XL002", "XL003", "XL004"
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


class Reader:
    def __init__(self, path: Path):
        self.path = path
        self.file = str(path)
        self.findings: list[Finding] = []
        #: the presets the Framework sheet names (its extends row): not folded into the rows
        self.extends: tuple[str, ...] = ()

    # -- errors and findings -------------------------------------------------------------------

    def at(self, sheet: str, cell: str = "") -> Location:
        return Location(file=self.file, path=f"{sheet}!{cell}" if cell else sheet)

    def fail(self, message: str, sheet: str = "", cell: str = "", hint: str = HINT):
        return FormatError(message, location=self.at(sheet, cell) if sheet
                           else Location(file=self.file), hint=hint)

    def note(self, code: str, message: str, sheet: str, cell: str = "", hint: str = "") -> None:
        self.findings.append(Finding(code, Severity.WARNING, message, hint,
                                     self.at(sheet, cell), check="import xlsx"))

    # -- the zip, before openpyxl reads it ----------------------------------------------------

    def check_zip(self) -> None:
        require_regular_file(self.path, what="an .xlsx workbook", hint="check the path")
        check_zip(self.path, self.fail, max_file=MAX_FILE, max_parts=L.MAX_PARTS,
                  max_part=L.MAX_PART, max_total=L.MAX_UNCOMPRESSED,
                  what="the xlsx importer", smaller="a framework's workbook is far smaller")

    # -- the workbook --------------------------------------------------------------------------

    def open(self):
        import openpyxl

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions
            try:
                return openpyxl.load_workbook(self.path, read_only=True, data_only=False)
            except Exception as exc:  # openpyxl raises many kinds for a broken workbook
                raise self.fail(f"not a readable .xlsx workbook ({type(exc).__name__}: "
                                f"{exc})", hint="open it in Excel or LibreOffice and save it "
                                                "again as Excel Workbook (.xlsx)") from None

    def scan_sheets(self) -> None:
        """Before openpyxl parses anything big: each sheet's rows counted and its merged
        ranges found, by a linear scan of the sheet's XML bytes (read-only mode does not say
        merges, and a sheet of a million rows must be refused without parsing it)."""
        self.merges: dict[str, list[str]] = {}
        try:
            with zipfile.ZipFile(self.path) as archive:
                for name, part in sheet_parts(archive).items():
                    rows, merges = count_rows(archive, part)
                    self.merges[name] = merges
                    if rows > L.MAX_ROWS:
                        raise self.fail(f"{rows:,} rows, more than the {L.MAX_ROWS:,} "
                                        "nosframe reads from one sheet", name,
                                        f"A{L.MAX_ROWS + 1}", hint=_ROWS_HINT)
        except FormatError:
            raise
        except Exception as exc:  # a broken zip or XML part, a compression zipfile lacks
            raise self.fail(f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})",
                            hint="open it in Excel or LibreOffice and save it again as Excel "
                                 "Workbook (.xlsx)") from None

    def rows(self, ws, width: int | None = None) -> Iterator[tuple[int, tuple]]:
        """(row number, cells) of a sheet, at most MAX_ROWS; cells are openpyxl's read-only
        cells (``value``, ``data_type``) or empty ones."""
        try:
            ws.reset_dimensions()  # a dimension claiming a million rows must not be believed
            for number, cells in enumerate(ws.iter_rows(min_row=1, max_col=width), start=1):
                if number > L.MAX_ROWS:
                    raise self.fail(f"more than {L.MAX_ROWS:,} rows, the most nosframe reads "
                                    "from one sheet", ws.title, f"A{number}", hint=_ROWS_HINT)
                yield number, cells
        except FormatError:
            raise
        except Exception as exc:  # a sheet's XML openpyxl cannot parse
            raise self.fail(f"the sheet cannot be read ({type(exc).__name__}: {exc})",
                            ws.title) from None

    # -- cells ---------------------------------------------------------------------------------

    def value(self, sheet: str, coordinate: str, cell: Any, column: L.Column) -> Any:
        """A cell's value as the model takes it (texts, numbers, dates, lists), or a clear
        error naming the cell."""
        raw = getattr(cell, "value", None)
        kind = getattr(cell, "data_type", "n")
        what = _what(column)
        if kind == "f" or (isinstance(raw, str) and raw.startswith("=") and kind == "f"):
            raise self.fail(f"a formula ({str(raw)[:60]}) where {what} belongs", sheet,
                            coordinate, hint="type the value itself (in Excel: copy, then "
                                             "Paste Special > Values); nosframe reads values, "
                                             "not formulas")
        if kind == "e":
            raise self.fail(f"an error value ({raw}) where {what} belongs", sheet, coordinate,
                            hint="type the value itself")
        if raw is not None and not isinstance(raw, (str, int, float, dt.date, dt.time,
                                                    dt.timedelta)):
            raise self.fail(f"{type(raw).__name__} where {what} belongs", sheet, coordinate,
                            hint="type the value itself")
        how = column.how
        if how in (L.INT,):
            return self._int(raw, sheet, coordinate, column)
        if how == L.DATE:
            return self._date(raw, sheet, coordinate, column)
        if how == L.YESNO:
            return self._yesno(raw, sheet, coordinate, column)
        text = self._text(raw, sheet, coordinate, column)
        if how == L.KEY:
            return text.strip()
        if how == L.ENUM:
            word = text.strip().lower()
            if column.field == "type":  # P and K, as NOS number their criteria
                word = {"p": "performance", "k": "knowledge"}.get(word, word)
            if word and word not in column.choices:
                raise self.fail(f"{text.strip()!r} is not one of " + ", ".join(column.choices),
                                sheet, coordinate, hint=f"{column.header}: choose from the "
                                                        "drop-down list")
            return word
        if how == L.LINES:
            return [line.rstrip("\r") for line in text.split("\n") if line.rstrip("\r")]
        if how == L.IDS:
            return [item.strip() for item in re.split(r"[\n,;]", text) if item.strip()]
        return text

    def _text(self, raw: Any, sheet: str, coordinate: str, column: L.Column) -> str:
        if raw is None:
            return ""
        if isinstance(raw, bool):
            raise self.fail(f"TRUE or FALSE where {_what(column)} belongs", sheet, coordinate,
                            hint="type the text (format the cell as Text first)")
        if isinstance(raw, (int, float)):
            return str(int(raw)) if float(raw).is_integer() else repr(raw)
        if isinstance(raw, (dt.date, dt.time, dt.timedelta)):
            raise self.fail(f"a date or time ({raw}) where {_what(column)} belongs", sheet,
                            coordinate, hint="Excel turned what was typed into a date: format "
                                             "the cell as Text and type it again")
        return raw

    def _int(self, raw: Any, sheet: str, coordinate: str, column: L.Column) -> int | None:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        if isinstance(raw, bool):
            raw = None
        elif isinstance(raw, float) and raw.is_integer():
            return int(raw)
        elif isinstance(raw, int):
            return raw
        elif isinstance(raw, str) and re.fullmatch(r"[0-9]+", raw.strip()):
            return int(raw.strip())
        raise self.fail(f"{raw!r} is not a whole number ({column.header})", sheet, coordinate,
                        hint="type a whole number, e.g. 2")

    def _date(self, raw: Any, sheet: str, coordinate: str, column: L.Column) -> dt.date | None:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        if isinstance(raw, str):
            try:
                return dt.date.fromisoformat(raw.strip())
            except ValueError:
                pass
        raise self.fail(f"{raw!r} is not a date ({column.header})", sheet, coordinate,
                        hint="type a date, e.g. 2026-03-31")

    def _yesno(self, raw: Any, sheet: str, coordinate: str, column: L.Column) -> bool:
        if raw is None or isinstance(raw, bool):
            return bool(raw)
        word = str(raw).strip().lower()
        if word in ("yes", "y", "true", "1", "optional"):
            return True
        if word in ("no", "n", "false", "0", ""):
            return False
        raise self.fail(f"{raw!r} is not yes or no ({column.header})", sheet, coordinate,
                        hint="type yes or no")

    # -- sheets --------------------------------------------------------------------------------

    def table(self, wb, sheet: L.Sheet) -> Iterator[tuple[int, dict, dict]]:
        """(row number, values by field, cell coordinates by field) of each row with data."""
        from openpyxl.utils import get_column_letter

        ws = wb[sheet.name]
        self.refuse_merged(wb, ws)
        rows = self.rows(ws)  # every column: those nosframe does not know are reported
        header = next(rows, None)
        known = {L.norm_header(c.header): c for c in sheet.columns}
        known.update({L.norm_header(c.field): c for c in sheet.columns})
        at: dict[int, L.Column] = {}
        unread: dict[int, str] = {}
        for i, cell in enumerate(header[1] if header else (), start=1):
            letter = get_column_letter(i)
            raw = getattr(cell, "value", None)
            if getattr(cell, "data_type", "") == "f":
                raise self.fail("a formula in the header row", sheet.name, f"{letter}1",
                                hint=f"row 1 holds the column names: {_headers(sheet)}")
            if raw is None or str(raw).strip() == "":
                unread[i] = f"column {letter} (no header)"
                continue
            column = known.get(L.norm_header(str(raw)))
            if column is None:
                unread[i] = f"column {letter} ({str(raw).strip()!r})"
                continue
            if column in at.values():
                first = get_column_letter(next(k for k, v in at.items() if v is column))
                raise self.fail(f"a second {column.header!r} column (the first is column "
                                f"{first})", sheet.name, f"{letter}1",
                                hint="delete or rename one of them")
            at[i] = column
        for column in sheet.columns:
            if column.required and column not in at.values():
                raise self.fail(f"no {column.header!r} column in row 1", sheet.name, "A1",
                                hint=f"row 1 holds the column names: {_headers(sheet)}")
        with_data: dict[int, str] = {}
        for number, cells in rows:
            values: dict[str, Any] = {}
            where: dict[str, str] = {}
            for i, cell in enumerate(cells, start=1):
                if getattr(cell, "value", None) is None:
                    continue
                column = at.get(i)
                if column is None:  # no header, or one nosframe does not know
                    unread.setdefault(i, f"column {get_column_letter(i)} (no header)")
                    with_data.setdefault(i, f"{get_column_letter(i)}{number}")
                    continue
                if column.how == L.ORIGIN:
                    continue
                coordinate = f"{get_column_letter(i)}{number}"
                value = self.value(sheet.name, coordinate, cell, column)
                if value in (None, "", []):
                    continue
                values[column.field] = value
                where[column.field] = coordinate
            if values:
                yield number, values, where
        for i, first in with_data.items():
            self.note(COLUMN_NOT_READ, f"{unread[i]} is not a column of the layout; its values "
                      "were not read", sheet.name, first,
                      hint=f"the columns of {sheet.name}: {_headers(sheet)}")

    def refuse_merged(self, wb, ws) -> None:
        for ref in getattr(self, "merges", {}).get(ws.title, ()):
            first = ref.split(":")[0]
            in_header = re.fullmatch(r"[A-Z]+1", first) is not None
            raise self.fail(f"merged cells ({ref})" + (" in the header row" if in_header else
                                                       ""), ws.title, first,
                            hint="unmerge them (merged cells keep a value only in their first "
                                 "cell); each row is one element, each column one field")


_ROWS_HINT = ("a framework's workbook is far smaller; delete the rows below the data (or split "
              "the framework)")
def _what(column: L.Column) -> str:
    return {L.INT: "a whole number", L.DATE: "a date", L.YESNO: "yes or no"}.get(
        column.how, "text" if column.how in (L.TEXT, L.LINES) else "a value") + \
        f" ({column.header})"


def _headers(sheet: L.Sheet) -> str:
    return ", ".join(c.header for c in sheet.columns)


def _build(reader: Reader, cls: type, data: dict, sheet: L.Sheet, number: int,
           where: dict) -> Any:
    """A model element from a row's values, strictly (the converter of framework files), an
    error naming the cell of the field that is wrong."""
    try:
        return structure(data, reader.path, into=cls)
    except StructureError as exc:
        problem = exc.problems[0]
        field = re.split(r"[.\[]", problem.location.path or "", maxsplit=1)[0] or \
            _culprit(cls, data)
        cell = where.get(field) or f"A{number}"
        raise reader.fail(problem.message, sheet.name, cell,
                          hint=problem.hint or f"{sheet.name} row {number}") from None


def _culprit(cls: type, data: dict) -> str:
    """The field whose value a class refuses when the error does not say (a validator of the
    whole element): each field tried alone with the required ones."""
    import attrs

    required = {f.name: data[f.name] for f in attrs.fields(cls)
                if f.default is attrs.NOTHING and f.name in data}
    for name, value in data.items():
        if name in required:
            continue
        try:
            structure({**required, name: value}, into=cls)
        except StructureError:
            return name
    return ""


def _unique(reader: Reader, seen: dict, key: Any, sheet: L.Sheet, number: int, cell: str,
            what: str) -> None:
    if key in seen:
        raise reader.fail(f"{what} is also on row {seen[key]}", sheet.name, cell,
                          hint="each element has one row; delete one of them (or give it "
                               "another id)")
    seen[key] = number


def _need(reader: Reader, sheet: L.Sheet, row: dict, number: int, fields: tuple[str, ...],
          hint: str) -> None:
    """A child row (an indicator, a criterion ...) names what it belongs to."""
    for field in fields:
        if field not in row:
            raise reader.fail(f"the {sheet.column(field).header} cell is empty", sheet.name,
                              f"{sheet.letter(field)}{number}", hint=hint)


def _parent(reader: Reader, index: dict, key: str, sheet: L.Sheet, cell: str,
            parent: str, what: str, shown: str = "") -> Any:
    if key not in index:
        raise reader.fail(f"{what} {shown or repr(key)} is not on the {parent} sheet",
                          sheet.name, cell,
                          hint=f"correct the id, add the {what} to {parent}, or delete this row "
                               f"(deleting a {what} from {parent} takes its rows here with it)")
    return index[key]


def read_framework_sheet(reader: Reader, wb) -> dict:
    from openpyxl.utils import get_column_letter

    if L.FRAMEWORK_SHEET not in wb.sheetnames:
        return {}
    ws = wb[L.FRAMEWORK_SHEET]
    reader.refuse_merged(wb, ws)
    fields = {L.norm_header(c.header): c for c in L.FRAMEWORK_FIELDS}
    data: dict[str, Any] = {}
    seen: dict[str, int] = {}
    for number, cells in reader.rows(ws, 3):
        if number == 1 or not cells:
            continue
        name_cell = cells[0]
        raw = getattr(name_cell, "value", None)
        if raw is None:
            continue
        if getattr(name_cell, "data_type", "") == "f":
            raise reader.fail("a formula where a field name belongs", L.FRAMEWORK_SHEET,
                              f"A{number}")
        column = fields.get(L.norm_header(str(raw)))
        value_cell = cells[1] if len(cells) > 1 else None
        if column is None:
            if getattr(value_cell, "value", None) is not None:
                reader.note(FIELD_NOT_READ, f"{str(raw).strip()!r} is not a field of the "
                            "framework; not read", L.FRAMEWORK_SHEET, f"A{number}",
                            hint="fields: " + ", ".join(c.header for c in L.FRAMEWORK_FIELDS))
            continue
        if column.how == L.ORIGIN:
            if column.field == "extends" and isinstance(getattr(value_cell, "value", None),
                                                        str):
                reader.extends = tuple(p.strip() for p in
                                       value_cell.value.replace(",", "\n").splitlines()
                                       if p.strip())
            continue
        if column.field in seen:
            raise reader.fail(f"a second {column.header!r} row (the first is row "
                              f"{seen[column.field]})", L.FRAMEWORK_SHEET, f"A{number}",
                              hint="each field of the framework has one row; delete one")
        seen[column.field] = number
        value = reader.value(L.FRAMEWORK_SHEET, f"{get_column_letter(2)}{number}",
                             value_cell, column)
        if value not in (None, ""):
            data[column.field] = value
    return data


def read_record(reader: Reader, wb) -> Framework | None:
    """The framework as it was exported into the workbook (its very hidden record sheet).

    A workbook without the sheet was filled in from ``nosframe template xlsx`` (or made by
    hand in its layout): it was "exported" from the empty framework of the template
    (:data:`nosframe.formats.TEMPLATE`), so ``--into`` reads its rows as additions and
    changes, never what it does not show as removed, and its placeholders (``my-framework``,
    empty cells) as no edit. A record that cannot be read (edited, cut) is reported and gives
    None: the workbook is then compared with the file as it is."""
    import base64
    import binascii
    import json
    import zlib

    from nosframe.formats import TEMPLATE
    from nosframe.io.limits import check_json_nesting

    if L.RECORD_SHEET not in wb.sheetnames:
        return TEMPLATE
    chunks = []
    for number, cells in reader.rows(wb[L.RECORD_SHEET], 1):
        value = getattr(cells[0], "value", None) if cells else None
        if number > 1 and isinstance(value, str):
            chunks.append(value)
    try:
        packed = base64.b64decode("".join(chunks), validate=True)
        inflate = zlib.decompressobj()
        text = inflate.decompress(packed, L.MAX_PART)
        if inflate.unconsumed_tail:
            raise ValueError("larger than the limits")
        check_json_nesting(text.decode("ascii"), reader.file)
        payload = json.loads(text)
        if payload.get("format") != L.RECORD_FORMAT:
            raise ValueError("not nosframe's")
        return structure(payload["framework"], reader.path)
    except (binascii.Error, zlib.error, ValueError, UnicodeDecodeError, KeyError, TypeError,
            AttributeError, NosframeError) as exc:
        reader.note(RECORD_NOT_READ, f"the record of the export cannot be read ({exc}); the "
                    "workbook is compared with the framework file as it is now",
                    L.RECORD_SHEET, hint="export the framework again to get a new record")
        return None


def read_workbook(path: Path) -> ImportResult:
    reader = Reader(Path(path))
    reader.check_zip()
    reader.scan_sheets()
    wb = reader.open()
    try:
        return _read(reader, wb)
    finally:
        wb.close()


def _read(reader: Reader, wb) -> ImportResult:
    names = wb.sheetnames
    missing = [name for name in L.REQUIRED if name not in names]
    if missing and "owssvr" in names:
        raise reader.fail("a list export of the UK NOS database (sheet 'owssvr'), not a "
                          "framework workbook", "owssvr",
                          hint=f"to add its standards to the national library: nosframe "
                               f"library import {reader.path}; then name their codes in "
                               "a framework (docs/library.md)")
    if missing:
        nor = f" (nor {', '.join(map(repr, missing[1:]))})" if missing[1:] else ""
        raise reader.fail(f"no sheet {missing[0]!r}{nor}"
                          + f"; its sheets: {', '.join(map(repr, names[:12]))}"
                          + (" ..." if len(names) > 12 else ""),
                          hint=HINT + "; sheet names must stay as written")
    for name in names:
        if name not in L.REQUIRED and name not in L.UNREAD:
            reader.note(SHEET_NOT_READ, f"sheet {name!r} is not part of the layout; not read",
                        name, hint="the sheets: " + ", ".join(L.REQUIRED))

    info = read_framework_sheet(reader, wb)
    if not info.get("id"):
        raise reader.fail("no framework id (the row 'id', column B)", L.FRAMEWORK_SHEET, "B2",
                          hint="give the framework a stable id, e.g. northshire-police")
    try:
        framework_info = structure(info, reader.path, into=FrameworkInfo)
    except StructureError as exc:
        raise reader.fail(exc.problems[0].message, L.FRAMEWORK_SHEET, "B2",
                          hint=exc.problems[0].hint) from None

    def plain(sheet: L.Sheet, cls: type, key_of) -> tuple[list, dict, dict]:
        items, index, seen = [], {}, {}
        for number, values, where in reader.table(wb, sheet):
            first = sheet.columns[0].field
            if first not in values:
                raise reader.fail(f"no {sheet.columns[0].header} (a row needs one)",
                                  sheet.name, f"A{number}",
                                  hint="give the row its id, or delete the row")
            _unique(reader, seen, key_of(values[first]), sheet, number, where[first],
                    f"{sheet.kind} {values[first]!r}")
            items.append((number, values, where))
            index[key_of(values[first])] = len(items) - 1
        return items, index, seen

    def simple(sheet: L.Sheet, cls: type, key_of=str) -> list:
        items, _, _ = plain(sheet, cls, key_of)
        return [_build(reader, cls, values, sheet, number, where)
                for number, values, where in items]

    sources = simple(L.SOURCES, Source)
    levels = simple(L.LEVELS, Level, key_of=int)
    values = simple(L.VALUES, Value)

    # behaviours and their indicators
    b_rows, b_index, _ = plain(L.BEHAVIOURS, Behaviour, str)
    b_levels: list[dict] = [{} for _ in b_rows]
    for number, row, where in reader.table(wb, L.INDICATORS):
        _need(reader, L.INDICATORS, row, number, ("behaviour", "level", "indicator"),
              "an indicator row names its behaviour, level and text")
        i = _parent(reader, b_index, row["behaviour"], L.INDICATORS, where["behaviour"],
                    L.BEHAVIOURS.name, "behaviour")
        b_levels[i].setdefault(str(row["level"]), []).append(row["indicator"])
    behaviours = []
    for (number, row, where), lv in zip(b_rows, b_levels):
        row = dict(row, levels=lv) if lv else row
        behaviours.append(_build(reader, Behaviour, row, L.BEHAVIOURS, number, where))

    # standards, their criteria and groups
    s_rows, s_index, _ = plain(L.STANDARDS, Standard, normalise_code)
    criteria: list[dict] = [{"performance": [], "knowledge": [], "elements": []} for _ in s_rows]
    seen_criteria: dict = {}
    for number, row, where in reader.table(wb, L.CRITERIA):
        _need(reader, L.CRITERIA, row, number, ("standard", "type", "id"),
              "a criterion row names its standard, type and id")
        i = _parent(reader, s_index, normalise_code(row["standard"]), L.CRITERIA,
                    where["standard"], L.STANDARDS.name, "standard", repr(row["standard"]))
        _unique(reader, seen_criteria, (i, row["id"]), L.CRITERIA, number, where["id"],
                f"criterion {row['id']!r} of {row['standard']}")
        data = {"id": row["id"], "text": row.get("text", ""), "element": row.get("element", "")}
        criteria[i][row["type"]].append(_build(reader, Criterion, data, L.CRITERIA, number,
                                               where))
    seen_groups: dict = {}
    for number, row, where in reader.table(wb, L.GROUPS):
        _need(reader, L.GROUPS, row, number, ("standard", "code"),
              "a group row names its standard and code")
        i = _parent(reader, s_index, normalise_code(row["standard"]), L.GROUPS,
                    where["standard"], L.STANDARDS.name, "standard", repr(row["standard"]))
        _unique(reader, seen_groups, (i, row["code"]), L.GROUPS, number, where["code"],
                f"group {row['code']!r} of {row['standard']}")
        criteria[i]["elements"].append(_build(reader, CriteriaGroup, {
            "code": row["code"], "title": row.get("title", "")}, L.GROUPS, number, where))
    standards = []
    for (number, row, where), parts in zip(s_rows, criteria):
        standard = _build(reader, Standard, row, L.STANDARDS, number, where)
        standards.append(_evolve(standard, **{k: tuple(v) for k, v in parts.items()}))

    # roles, their standards and behaviour levels
    r_rows, r_index, _ = plain(L.ROLES, Role, str)
    r_parts: list[dict] = [{"standards": [], "optional_standards": [], "behaviours": {}}
                           for _ in r_rows]
    # a template's rows may name a role its Roles sheet leaves out: one the framework it is
    # imported into (or the presets it names) has; that is checked where those are known
    # (nosframe.cli.interchange), at the row naming it
    template = L.RECORD_SHEET not in wb.sheetnames
    implied: dict[tuple[str, str], Location] = {}

    def role_of(sheet: L.Sheet, row: dict, where: dict) -> int:
        role = row["role"]
        if template and role not in r_index:
            r_rows.append((0, {"id": role}, {}))
            r_parts.append({"standards": [], "optional_standards": [], "behaviours": {}})
            r_index[role] = len(r_rows) - 1
            implied[("role", role)] = reader.at(sheet.name, where["role"])
        return _parent(reader, r_index, role, sheet, where["role"], L.ROLES.name, "role")

    seen_rs: dict = {}
    for number, row, where in reader.table(wb, L.ROLE_STANDARDS):
        _need(reader, L.ROLE_STANDARDS, row, number, ("role", "standard"),
              "a row names a role and a standard")
        i = role_of(L.ROLE_STANDARDS, row, where)
        _unique(reader, seen_rs, (i, normalise_code(row["standard"])), L.ROLE_STANDARDS,
                number, where["standard"], f"standard {row['standard']!r} of {row['role']}")
        attr = "optional_standards" if row.get("optional") else "standards"
        r_parts[i][attr].append(row["standard"])
    seen_rb: dict = {}
    for number, row, where in reader.table(wb, L.ROLE_BEHAVIOURS):
        _need(reader, L.ROLE_BEHAVIOURS, row, number, ("role", "behaviour", "level"),
              "a row names a role, a behaviour and the level needed")
        i = role_of(L.ROLE_BEHAVIOURS, row, where)
        _unique(reader, seen_rb, (i, row["behaviour"]), L.ROLE_BEHAVIOURS, number,
                where["behaviour"], f"behaviour {row['behaviour']!r} of {row['role']}")
        r_parts[i]["behaviours"][row["behaviour"]] = row["level"]
    roles = [_build(reader, Role, dict(row, **{k: v for k, v in parts.items() if v}), L.ROLES,
                    number, where)
             for (number, row, where), parts in zip(r_rows, r_parts)]

    # mappings
    mappings, seen_m = [], {}
    for number, row, where in reader.table(wb, L.MAPPINGS):
        if "standard" not in row:
            raise reader.fail("no Standard", L.MAPPINGS.name, f"A{number}",
                              hint="a mapping names a standard, a behaviour or a value, and "
                                   "criteria")
        mapping = _build(reader, Mapping, row, L.MAPPINGS, number, where)
        _unique(reader, seen_m, mapping.key, L.MAPPINGS, number, where["standard"],
                f"the mapping of {mapping.standard} to "
                f"{mapping.behaviour or 'value ' + mapping.value}")
        mappings.append(mapping)

    framework = Framework(framework_info, sources=tuple(sources), levels=tuple(levels),
                          values=tuple(values), behaviours=tuple(behaviours),
                          standards=tuple(standards), roles=tuple(roles),
                          mappings=tuple(mappings))
    base = read_record(reader, wb)
    return WorkbookImport(framework, tuple(reader.findings), base, extends=reader.extends,
                          implied=implied)


@frozen
class WorkbookImport(ImportResult):
    """What a workbook gave, and the elements a template's rows name that its own sheet leaves
    out (a preset's role on Role standards), each with the cell naming it first: those are
    the framework's or its presets' to have, else the cell is wrong."""

    implied: dict[tuple[str, str], Location] = field(factory=dict)


def _evolve(element: Any, **changes: Any) -> Any:
    from attrs import evolve

    return evolve(element, **changes)
