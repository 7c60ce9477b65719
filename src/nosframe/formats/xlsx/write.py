"""Writing a framework as a workbook a person reads and edits in Excel or LibreOffice.

The composed framework, flattened (everything inherited included, like the JSON export), one
sheet per kind of element, with an Origin column saying which rows the file defines and which
it inherits; the coverage matrix coloured like the editor's; an About sheet saying how to edit
it. What a cell cannot hold (a line break inside a list item, a carriage return, characters
XML forbids, text over Excel's 32,767 characters) is reported as a loss naming the element,
never dropped silently.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any, Callable

import attrs

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from nosframe.analysis import coverage_matrix
from nosframe.analysis.coverage import Status
from nosframe.formats.xlsx import layout as L
from nosframe.model import Framework
from nosframe.model.kinds import KINDS

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
WRAP = Alignment(wrap_text=True, vertical="top")
HEADER_ALIGN = Alignment(wrap_text=True, vertical="center")
INHERITED_FONT = Font(italic=True, color="595959")  # inherited rows: dim and italic, as in the TUI
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
THIN = Side(style="thin", color="BFBFBF")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)

#: the coverage matrix's cells, as the editor draws them (tui/widgets/coverage.py CELL):
#: mark, fill colour, font
COVERAGE = {
    Status.COVERED: ("✓", "C6EFCE", Font(color="006100")),
    Status.OPTIONAL_ONLY: ("~", "FFEB9C", Font(color="9C5700")),
    Status.GAP: ("✗", "C00000", Font(bold=True, color="FFFFFF")),
    Status.EXTRA: ("+", None, Font(color="808080")),
    Status.NONE: ("·", None, Font(color="A6A6A6")),
}
LEGEND = (
    (Status.COVERED, "covered: a mandatory standard's mapped criteria evidence the level"),
    (Status.OPTIONAL_ONLY, "only optional standards evidence it"),
    (Status.GAP, "gap: the role needs it and nothing evidences it"),
    (Status.EXTRA, "not required, but the role's standards evidence it"),
    (Status.NONE, "not required"),
)

#: (kind, key) -> (origin text, inherited?)
OriginOf = Callable[[str, str], tuple[str, bool]]


class Losses:
    """What the workbook cannot carry, element by element, in the order met."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, kind: str, key: str, field: str, what: str) -> None:
        line = f"{kind} {key}: {field}: {what}"
        if line not in self.items:
            self.items.append(line)


def _text(value: str, losses: Losses, where: tuple[str, str, str]) -> str:
    if ILLEGAL_CHARACTERS_RE.search(value):
        losses.add(*where, "control characters a workbook cannot hold were left out")
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if "\r" in value:
        losses.add(*where, "carriage returns (\\r) become line breaks")
    if len(value) > L.MAX_CELL_CHARS:
        losses.add(*where, f"longer than a cell holds ({L.MAX_CELL_CHARS:,} characters): cut")
        value = value[:L.MAX_CELL_CHARS]
    return value


def cell_value(column: L.Column, value: Any, losses: Losses, where: tuple[str, str, str]) -> Any:
    """The value a cell is given for a model value (None for an empty cell)."""
    how = column.how
    if value is None or value == "" or value == ():
        return None
    if how in (L.TEXT, L.KEY, L.ORIGIN):
        return _text(str(value), losses, where)
    if how == L.ENUM:
        return getattr(value, "value", value)
    if how == L.YESNO:
        return "yes" if value else "no"
    if how in (L.INT, L.DATE):
        return value
    items = [str(item) for item in value]
    if how == L.LINES:
        for item in items:
            if "\n" in item:
                losses.add(*where, f"the item {item[:40]!r} has a line break, and the cell "
                                   "holds one item per line")
            elif item == "":
                losses.add(*where, "an empty item (the cell holds one item per line)")
    else:  # IDS
        for item in items:
            if any(sep in item for sep in "\n,;") or item != item.strip() or not item:
                losses.add(*where, f"the id {item!r} has a separator (line break, comma, "
                                   "semicolon) or spaces around it")
    return _text("\n".join(items), losses, where)


def _put(ws, row: int, col: int, value: Any, *, font: Font | None = None,
         align: Alignment | None = WRAP) -> Any:
    cell = ws.cell(row=row, column=col)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # text that starts with '=' stays text, never a formula
    elif isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"
    if font is not None:
        cell.font = font
    if align is not None:
        cell.alignment = align
    return cell


def _header(ws, columns: tuple[L.Column, ...]) -> None:
    for i, column in enumerate(columns, start=1):
        cell = _put(ws, 1, i, column.header, font=HEADER_FONT, align=HEADER_ALIGN)
        cell.fill = HEADER_FILL
        ws.column_dimensions[get_column_letter(i)].width = column.width
    ws.row_dimensions[1].height = 30


def _validate(ws, sheet: L.Sheet, rows: int, list_rows: dict[str, int]) -> None:
    """Drop-down lists for the columns that take ids (from the sheet listing them) or one of
    a few words; a value not in the list warns (a library standard is not on Standards)."""
    last = max(rows, 1) + L.SPARE_ROWS
    for i, column in enumerate(sheet.columns, start=1):
        if column.ids_from:
            other = column.ids_from
            formula = f"'{other}'!$A$2:$A${list_rows.get(other, 1) + L.SPARE_ROWS}"
            prompt = f"one of the ids on the {other} sheet"
        elif column.choices:
            formula = '"' + ",".join(column.choices) + '"'
            prompt = "one of: " + ", ".join(column.choices)
        else:
            continue
        dv = DataValidation(type="list", formula1=formula, allow_blank=True,
                            showErrorMessage=True, errorStyle="warning",
                            errorTitle=column.header, error=f"Expected {prompt}.",
                            showInputMessage=True, promptTitle=column.header,
                            prompt=(column.note or prompt)[:250])
        letter = get_column_letter(i)
        dv.add(f"{letter}2:{letter}{last}")
        ws.add_data_validation(dv)


def _table(wb, sheet: L.Sheet, rows: list[tuple[dict, str, bool]], losses: Losses,
           list_rows: dict[str, int]) -> None:
    """One sheet of elements: header, rows (inherited ones dim and italic), widths, frozen
    header, filter, validation lists."""
    ws = wb.create_sheet(sheet.name)
    _header(ws, sheet.columns)
    for r, (values, origin, inherited) in enumerate(rows, start=2):
        font = INHERITED_FONT if inherited else None
        key = values.get("__key__", "")
        texts = {}
        for c, column in enumerate(sheet.columns, start=1):
            raw = origin if column.how == L.ORIGIN else values.get(column.field)
            value = cell_value(column, raw, losses, (sheet.kind, key, column.field))
            _put(ws, r, c, value, font=font)
            if isinstance(value, str):
                texts[c] = value
        _fit(ws, r, texts)
    ws.freeze_panes = sheet.freeze
    last = get_column_letter(len(sheet.columns))
    ws.auto_filter.ref = f"A1:{last}{max(len(rows) + 1, 2)}"
    _validate(ws, sheet, len(rows) + 1, list_rows)


def _fields(element: Any, names: tuple[str, ...]) -> dict:
    return {name: getattr(element, name) for name in names if hasattr(element, name)}


def sheet_rows(framework: Framework, origin_of: OriginOf) -> dict[str, list]:
    """Every sheet's rows: (values by field, origin text, inherited?)."""
    out: dict[str, list] = {s.name: [] for s in L.SHEETS}

    def row(sheet: L.Sheet, kind: str, key: str, values: dict) -> None:
        text, inherited = origin_of(kind, key)
        values["__key__"] = key
        out[sheet.name].append((values, text, inherited))

    def plain(sheet: L.Sheet, element: Any, kind: str) -> None:
        row(sheet, kind, element.key, _fields(element, tuple(c.field for c in sheet.columns)))

    for role in framework.roles:
        plain(L.ROLES, role, "role")
        for optional, codes in ((False, role.standards), (True, role.optional_standards)):
            for code in codes:
                row(L.ROLE_STANDARDS, "role", role.key,
                    {"role": role.id, "standard": code, "optional": optional})
        for behaviour, level in role.behaviours.items():
            row(L.ROLE_BEHAVIOURS, "role", role.key,
                {"role": role.id, "behaviour": behaviour, "level": level})
    for standard in framework.standards:
        plain(L.STANDARDS, standard, "standard")
        for kind_name, criteria in (("performance", standard.performance),
                                    ("knowledge", standard.knowledge)):
            for c in criteria:
                row(L.CRITERIA, "standard", standard.key,
                    {"standard": standard.code, "type": kind_name, "id": c.id, "text": c.text,
                     "element": c.element})
        for group in standard.elements:
            row(L.GROUPS, "standard", standard.key,
                {"standard": standard.code, "code": group.code, "title": group.title})
    for behaviour in framework.behaviours:
        plain(L.BEHAVIOURS, behaviour, "behaviour")
        for level, indicators in behaviour.levels.items():
            for indicator in indicators:
                row(L.INDICATORS, "behaviour", behaviour.key,
                    {"behaviour": behaviour.id, "level": level, "indicator": indicator})
    for value in framework.values:
        plain(L.VALUES, value, "value")
    for level in framework.levels:
        plain(L.LEVELS, level, "level")
    for mapping in framework.mappings:
        plain(L.MAPPINGS, mapping, "mapping")
    for source in framework.sources:
        plain(L.SOURCES, source, "source")
    return out


def _framework_sheet(wb, framework: Framework, losses: Losses) -> None:
    ws = wb.create_sheet(L.FRAMEWORK_SHEET)
    _header(ws, (L.Column("Field", "field", width=16), L.Column("Value", "value", width=70),
                 L.Column("About", "about", width=50)))
    info = framework.framework
    notes = {"id": "required: a stable id (kebab-case)",
             "status": "draft, consultation, approved or retired",
             "extends": "the presets the framework extends, one a line: import -o writes a "
                        "framework extending them, holding only what differs from them"}
    for r, column in enumerate(L.FRAMEWORK_FIELDS, start=2):
        value = getattr(info, column.field)
        if column.field == "extends":
            value = "\n".join(value)
        _put(ws, r, 1, column.header, font=BOLD)
        _put(ws, r, 2, cell_value(column, value, losses, ("framework", info.id, column.field)))
        if column.field in notes:
            _put(ws, r, 3, notes[column.field], font=INHERITED_FONT)
        _fit(ws, r, {2: value if isinstance(value, str) else "", 3: notes.get(column.field, "")})
    dv = DataValidation(type="list", formula1='"' + ",".join(L.FRAMEWORK_FIELDS[4].choices)
                        + '"', allow_blank=True, showErrorMessage=True, errorStyle="warning")
    dv.add(f"B{2 + [c.field for c in L.FRAMEWORK_FIELDS].index('status')}")
    ws.add_data_validation(dv)
    ws.freeze_panes = "A2"


def _coverage_sheet(wb, framework: Framework) -> None:
    ws = wb.create_sheet(L.COVERAGE_SHEET)
    matrix = coverage_matrix(framework)
    names = {b.id: b.name or b.id for b in framework.behaviours}
    titles = {r.id: r.title or r.id for r in framework.roles}
    _header(ws, (L.Column("Role", "role", width=26), L.Column("Title", "title", width=34))
            + tuple(L.Column(names[b], b, width=14) for b in matrix.behaviours))
    ws.row_dimensions[1].height = 60
    for r, role in enumerate(matrix.roles, start=2):
        _put(ws, r, 1, role, font=BOLD)
        _put(ws, r, 2, titles[role])
        _fit(ws, r, {1: role, 2: titles[role]})
        for c, behaviour in enumerate(matrix.behaviours, start=3):
            cell = matrix.cell(role, behaviour)
            mark, fill, font = COVERAGE[cell.status]
            text = f"{mark} {cell.level}" if cell.level is not None else mark
            target = _put(ws, r, c, text, font=font,
                          align=Alignment(horizontal="center", vertical="center"))
            target.border = BOX
            if fill:
                target.fill = PatternFill("solid", fgColor=fill)
    r = len(matrix.roles) + 3
    required, gaps = len(matrix.required()), len(matrix.gaps())
    _put(ws, r, 1, f"{matrix.ratio:.0%} of {required} required role × behaviour pairs "
                   f"evidenced; {gaps} gap{'s' if gaps != 1 else ''}", font=BOLD, align=None)
    for i, (status, words) in enumerate(LEGEND, start=r + 1):
        mark, fill, font = COVERAGE[status]
        cell = _put(ws, i, 1, mark, font=font, align=Alignment(horizontal="center"))
        if fill:
            cell.fill = PatternFill("solid", fgColor=fill)
        _put(ws, i, 2, words, align=None)
    _put(ws, r + len(LEGEND) + 2, 1, "Worked out by nosframe from the other sheets when the "
         "workbook was written; not read back. The number is the level the role needs.",
         font=INHERITED_FONT, align=None)
    ws.freeze_panes = "C2"


def _about_sheet(wb, framework: Framework, source: str, losses: list[str],
                 blank: bool, licence_notes: tuple[str, ...] = ()) -> None:
    ws = wb.active
    ws.title = L.ABOUT_SHEET
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 100
    info = framework.framework
    lines: list[tuple[str, str, Font | None]] = [
        ("", "A blank nosframe framework workbook: fill in the sheets, then `nosframe import "
             "THIS.xlsx --from xlsx -o new.toml`." if blank else
         f"{info.title or info.id}: written by nosframe from {source} on "
         f"{dt.date.today().isoformat()}, to read and edit.", None),
        ("", "", None),
        ("How to edit", "Change cells, add rows, delete rows. Keep the sheet names and the "
                        "headers in row 1 as they are (columns may be moved; a column nosframe "
                        "does not know is reported and not read).", BOLD),
        ("", "Ids (first column) name elements; other sheets refer to them, and the drop-down "
             "lists offer them. A list in one cell has one item per line (Alt+Enter in Excel, "
             "Ctrl+Enter in LibreOffice); lists of ids may also be separated by commas.", None),
        ("", "Origin says where a row comes from: own (this framework's file), inherited (from "
             "a preset, shown dim and italic), library (an installed library of standards). "
             "Editing an inherited row writes an override into the file; the preset is never "
             "changed. Origin itself is not read back.", None),
        ("", "Type values, not formulas: a formula where a value belongs is refused, with its "
             "sheet and cell. Do not merge cells.", None),
        ("", "Add to a framework or change it from this workbook: `nosframe import THIS.xlsx "
             "--from xlsx --into FRAMEWORK.toml` shows every change (old and new values) and "
             "applies it when you confirm. Its rows are added or change the framework's "
             "elements (only the cells filled in); nothing it does not show is removed, and the "
             "placeholders of the Framework sheet change nothing. To delete elements, export "
             "the framework, delete their rows there and import that workbook." if blank else
         "Update the framework from this workbook: `nosframe import THIS.xlsx --from xlsx "
         "--into FRAMEWORK.toml` shows every change (added, changed, removed, old and new "
         "values) and applies it when you confirm. Or write a new framework holding "
         "everything shown: `--from xlsx -o new.toml`.", None),
        ("", "", None),
        ("Sheets", "", BOLD),
        (L.COVERAGE_SHEET, "roles × behaviours: the level each role needs and whether the "
                           "mapped NOS criteria evidence it (written, not read)", None),
        (L.FRAMEWORK_SHEET, "the framework's id, title, organisation, version, status, "
                            "licence", None),
    ] + [(sheet.name, sheet.about, None) for sheet in L.SHEETS]
    lines += [("", "", None), ("Columns", "", BOLD)]
    for sheet in L.SHEETS:
        for column in sheet.columns:
            if column.how == L.ORIGIN:
                continue
            what = column.note or {L.LINES: "one per line", L.IDS: "ids, one per line",
                                   L.DATE: "a date", L.INT: "a whole number",
                                   L.YESNO: "yes or no"}.get(column.how, "")
            if column.choices and column.how == L.ENUM:
                what = (what + "; " if what else "") + "one of " + ", ".join(column.choices)
            if column.required:
                what = "required" + ("; " + what if what else "")
            lines.append((sheet.name, f"{column.header}: {what}" if what else column.header,
                          None))
    if licence_notes:
        lines += [("", "", None), ("Licences", "This workbook holds published text whose "
                   "licence restricts passing it on: keep it inside the organisation.", BOLD)]
        lines += [("", note, None) for note in licence_notes]
    if losses:
        lines += [("", "", None), ("Not in this workbook", "", BOLD)]
        lines += [("", loss, None) for loss in losses]
    _put(ws, 1, 1, info.title or info.id, font=TITLE_FONT, align=None)
    ws.row_dimensions[1].height = 24
    for r, (label, text, font) in enumerate(lines, start=2):
        if label:
            _put(ws, r, 1, label, font=font)
        if text:
            _put(ws, r, 2, _text(text, Losses(), ("", "", "")))
        _fit(ws, r, {2: text})


def _fit(ws, row: int, texts: dict[int, str]) -> None:
    """A row tall enough for its wrapped text (neither Excel nor LibreOffice works it out for
    a file they did not write): about one line per column width of characters."""
    lines = 1
    for col, text in texts.items():
        if not text:
            continue
        width = ws.column_dimensions[get_column_letter(col)].width or 10
        per_line = max(int(width * 1.1) - 1, 1)
        lines = max(lines, sum(max(1, -(-len(part) // per_line))
                               for part in str(text).split("\n")))
    if lines > 1:
        ws.row_dimensions[row].height = min(15 * lines, 300)


def _default(field: Any) -> Any:
    default = field.default
    return default.factory() if isinstance(default, attrs.Factory) else default


def _not_held(framework: Framework, losses: Losses) -> None:
    """Values of fields no sheet holds (a table-valued field added to the model later), named
    element by element."""
    from nosframe.model import FrameworkInfo

    for kind, cls in L.CLASSES.items():
        names = L.not_held(kind)
        if not names:
            continue
        fields = [f for f in attrs.fields(cls) if f.name in names]
        for element in getattr(framework, next(k.attr for k in KINDS if k.name == kind)):
            for f in fields:
                if getattr(element, f.name) != _default(f):
                    losses.add(kind, element.key, f.name, "no column of the workbook holds it")
    shown = {c.field for c in L.FRAMEWORK_FIELDS} | {"extensions"}  # extensions: reported
    for f in attrs.fields(FrameworkInfo):
        if f.name not in shown and getattr(framework.framework, f.name) != _default(f):
            losses.add("framework", framework.framework.id, f.name,
                       "no row of the Framework sheet holds it")


def _record_sheet(wb, framework: Framework) -> None:
    """The framework as exported, very hidden: compressed JSON in column A, a chunk a cell."""
    import base64
    import json
    import zlib

    from nosframe.io import to_data

    payload = json.dumps({"format": L.RECORD_FORMAT, "version": 1,
                          "framework": to_data(framework)}, ensure_ascii=True, default=str)
    text = base64.b64encode(zlib.compress(payload.encode("ascii"), 9)).decode("ascii")
    ws = wb.create_sheet(L.RECORD_SHEET)
    ws.sheet_state = "veryHidden"
    _put(ws, 1, 1, "nosframe: the framework as exported, to tell edits made here from changes "
                   "made to the framework file since (import --into). Do not edit.", align=None)
    for i in range(0, len(text), L.RECORD_CHUNK):
        _put(ws, 2 + i // L.RECORD_CHUNK, 1, text[i:i + L.RECORD_CHUNK], align=None)


def build(framework: Framework, origin_of: OriginOf, *, source: str = "",
          extra_losses: tuple[str, ...] = (), blank: bool = False,
          licence_notes: tuple[str, ...] = (), library: tuple = ()
          ) -> tuple[bytes, tuple[str, ...]]:
    """The workbook's bytes and what it could not carry. ``library``: the records of the
    standards the framework takes from a library, kept in the export record (its
    ``library_lock``), not on a sheet."""
    losses = Losses()
    _not_held(framework, losses)
    rows = sheet_rows(framework, origin_of)
    wb = Workbook()
    list_rows = {s.name: len(rows[s.name]) + 1 for s in L.SHEETS}
    _coverage_sheet(wb, framework)
    _framework_sheet(wb, framework, losses)
    for sheet in L.SHEETS:
        _table(wb, sheet, rows[sheet.name], losses, list_rows)
    all_losses = tuple(extra_losses) + tuple(losses.items)
    _about_sheet(wb, framework, source, list(all_losses), blank, licence_notes)
    wb.properties.creator = "nosframe"
    wb.properties.title = framework.framework.title or framework.framework.id
    if not blank:
        # the record is what the workbook holds, as it reads back: an element the workbook
        # cannot carry whole and nobody edits is then no change to the file
        record = _read_back(_saved(wb)) if losses.items else framework
        _record_sheet(wb, attrs.evolve(record, library_lock=tuple(library)))
    return _saved(wb), all_losses


def _saved(wb) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _read_back(content: bytes) -> Framework:
    import tempfile
    from pathlib import Path

    from nosframe.formats.xlsx.read import read_workbook

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "workbook.xlsx"
        path.write_bytes(content)
        return read_workbook(path).framework
