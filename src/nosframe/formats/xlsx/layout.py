"""The workbook layout: which sheets, which columns, what each column holds.

One table read by the writer (headers, widths, validation lists) and by the reader (what a
header means, how a cell's value becomes a model value), so the two cannot drift apart.
docs/formats.md describes the same layout for people.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from typing import Any

import attrs
from attrs import frozen

from nosframe.model import (
    Behaviour,
    Category,
    FrameworkStatus,
    Level,
    Mapping,
    Role,
    Source,
    Standard,
    StandardStatus,
    TextOrigin,
    Validity,
    Value,
)

# how a cell's value is written and read
TEXT = "text"  # free text, kept as it is
KEY = "key"  # an id, a code or a reference: spaces around it are dropped
INT = "int"  # a whole number
DATE = "date"  # a date
LINES = "lines"  # a list of texts, one per line of the cell
IDS = "ids"  # a list of ids, one per line (commas and semicolons also separate)
ENUM = "enum"  # one of ``choices``
YESNO = "yesno"  # yes / no
ORIGIN = "origin"  # where the row comes from: written, never read

#: Excel's limit on the characters of one cell
MAX_CELL_CHARS = 32767
#: rows read from one sheet at most (the header included); more is refused with the sheet
MAX_ROWS = 50_000
#: the uncompressed size of the whole workbook, and of one part of it, read at most
MAX_UNCOMPRESSED = 64 * 1024 * 1024
MAX_PART = 32 * 1024 * 1024
#: parts (files inside the zip) at most
MAX_PARTS = 2000
#: a validation list covers the rows written and this many more, for rows people add
SPARE_ROWS = 500


@frozen
class Column:
    header: str  # as written in row 1 (matched without regard to case and spaces)
    field: str  # the model field (or a name the reader knows: ``type``, ``optional`` ...)
    how: str = TEXT
    width: int = 16
    choices: tuple[str, ...] = ()  # ENUM values; YESNO: yes, no
    ids_from: str = ""  # a sheet whose first column lists the ids this column takes
    required: bool = False
    note: str = ""  # what to write (the About sheet, the drop-down's prompt)
    auto: bool = False  # made from the model for a field the layout does not name


def _values(enum_cls) -> tuple[str, ...]:
    return tuple(member.value for member in enum_cls)


TEXT_ORIGINS = _values(TextOrigin)


@frozen
class Sheet:
    name: str
    kind: str  # the element kind the rows make, or the parent's for child rows
    columns: tuple[Column, ...]
    about: str  # one line for the About sheet
    freeze: str = "B2"

    def column(self, field: str) -> Column:
        return next(c for c in self.columns if c.field == field)

    def letter(self, field: str) -> str:
        from openpyxl.utils import get_column_letter

        return get_column_letter(self.columns.index(self.column(field)) + 1)


def _origin() -> Column:
    return Column("Origin", "origin", ORIGIN, 30,
                  note="own: defined in this framework; inherited: from a preset (editing "
                       "the row writes an override); library: from an installed library. "
                       "Written by nosframe, not read back.")


SOURCE_TEXT = (Column("Source URL", "source_url", TEXT, 30), Column("Licence", "licence", TEXT, 24),
               Column("Text origin", "text_origin", ENUM, 14, TEXT_ORIGINS))

FRAMEWORK_SHEET = "Framework"
FRAMEWORK_FIELDS: tuple[Column, ...] = (
    Column("id", "id", KEY, required=True),
    Column("title", "title"),
    Column("organisation", "organisation"),
    Column("version", "version"),
    Column("status", "status", ENUM, choices=_values(FrameworkStatus)),
    Column("licence", "licence"),
    Column("description", "description"),
    Column("extends", "extends", ORIGIN),
)

ROLES = Sheet("Roles", "role", (
    Column("Id", "id", KEY, 26, required=True),
    Column("Title", "title", TEXT, 34),
    Column("Family", "family", TEXT, 18),
    Column("Level", "level", TEXT, 12, note="the role's grade or band, as the organisation "
                                            "names it"),
    Column("Purpose", "purpose", TEXT, 50),
    Column("Responsibilities", "responsibilities", LINES, 50, note="one per line"),
    Column("Progresses to", "progresses_to", IDS, 26, note="role ids, one per line"),
    Column("Qualifications", "qualifications", LINES, 30, note="one per line"),
    _origin(),
), "one row per role profile; its standards and behaviour levels are on the next two sheets")

ROLE_STANDARDS = Sheet("Role standards", "role", (
    Column("Role", "role", KEY, 26, ids_from="Roles", required=True),
    Column("Standard", "standard", KEY, 16, ids_from="Standards", required=True,
           note="a NOS code: one of the Standards sheet, or one an installed library has"),
    Column("Optional", "optional", YESNO, 10, ("yes", "no"),
           note="yes: an optional standard of the role; no (or empty): mandatory"),
    _origin(),
), "the NOS each role needs: one row per role and standard, in order", freeze="C2")

ROLE_BEHAVIOURS = Sheet("Role behaviours", "role", (
    Column("Role", "role", KEY, 26, ids_from="Roles", required=True),
    Column("Behaviour", "behaviour", KEY, 30, ids_from="Behaviours", required=True),
    Column("Level", "level", INT, 8, ids_from="Levels", required=True,
           note="the level the role needs, a number of the Levels sheet"),
    _origin(),
), "the behaviour levels each role needs: one row per role and behaviour", freeze="C2")

STANDARDS = Sheet("Standards", "standard", (
    Column("Code", "code", KEY, 14, required=True, note="the NOS URN as published"),
    Column("Title", "title", TEXT, 44),
    Column("Overview", "overview", TEXT, 50),
    Column("Suites", "suites", LINES, 24, note="one per line"),
    Column("Category", "category", ENUM, 13, _values(Category)),
    Column("Validity", "validity", ENUM, 10, _values(Validity)),
    Column("Status", "status", ENUM, 10, _values(StandardStatus)),
    Column("Version", "version_number", INT, 9),
    Column("Date approved", "date_approved", DATE, 13),
    Column("Review date", "indicative_review_date", DATE, 13),
    Column("Developed by", "developed_by", TEXT, 20),
    Column("Originating organisation", "originating_organisation", TEXT, 20),
    Column("Original URN", "original_urn", KEY, 14),
    Column("Superseded by", "superseded_by", KEY, 14),
    Column("Links to other NOS", "links_to_other_nos", LINES, 18, note="one per line"),
    Column("External links", "external_links", LINES, 24, note="one per line"),
    Column("Occupations", "occupations", LINES, 24, note="one per line"),
    Column("SOC codes", "soc_codes", LINES, 10, note="one per line"),
    Column("Keywords", "keywords", LINES, 24, note="one per line"),
    Column("Scope range", "scope_range", TEXT, 30),
    Column("NOS values", "values", TEXT, 24, note="the NOS's own Values field (free text)"),
    Column("NOS behaviours", "behaviours", TEXT, 24,
           note="the NOS's own Behaviours field (free text)"),
    Column("Skills", "skills", TEXT, 24),
    Column("Glossary", "glossary", TEXT, 24),
    *SOURCE_TEXT,
    Column("Unconfirmed", "unconfirmed", LINES, 16,
           note="names of fields whose value could not be confirmed, one per line"),
    _origin(),
), "one row per National Occupational Standard; criteria are on the Criteria sheet")

CRITERIA = Sheet("Criteria", "standard", (
    Column("Standard", "standard", KEY, 14, ids_from="Standards", required=True),
    Column("Type", "type", ENUM, 13, ("performance", "knowledge"), required=True,
           note="performance (P) or knowledge (K)"),
    Column("Id", "id", KEY, 12, required=True),
    Column("Text", "text", TEXT, 70),
    Column("Group", "element", KEY, 12, note="the code of a criteria group (Criteria groups "
                                             "sheet), for older NOS"),
    _origin(),
), "the performance criteria (P) and knowledge (K) of each standard, in order", freeze="D2")

GROUPS = Sheet("Criteria groups", "standard", (
    Column("Standard", "standard", KEY, 14, ids_from="Standards", required=True),
    Column("Code", "code", KEY, 12, required=True),
    Column("Title", "title", TEXT, 60),
    _origin(),
), "groups of criteria inside a standard (older NOS call them elements: CD1.1)", freeze="C2")

BEHAVIOURS = Sheet("Behaviours", "behaviour", (
    Column("Id", "id", KEY, 28, required=True),
    Column("Name", "name", TEXT, 34),
    Column("Cluster", "cluster", TEXT, 26),
    Column("Description", "description", TEXT, 50),
    Column("Values", "values", IDS, 20, note="ids of the values it expresses, one per line"),
    *SOURCE_TEXT,
    _origin(),
), "the organisation's behaviours (competencies); their level indicators are on Indicators")

INDICATORS = Sheet("Indicators", "behaviour", (
    Column("Behaviour", "behaviour", KEY, 28, ids_from="Behaviours", required=True),
    Column("Level", "level", INT, 8, ids_from="Levels", required=True),
    Column("Indicator", "indicator", TEXT, 80, required=True),
    _origin(),
), "what each behaviour looks like at each level: one row per indicator, in order",
    freeze="C2")

VALUES = Sheet("Values", "value", (
    Column("Id", "id", KEY, 20, required=True),
    Column("Name", "name", TEXT, 26),
    Column("Description", "description", TEXT, 60),
    *SOURCE_TEXT,
    _origin(),
), "the organisation's values")

LEVELS = Sheet("Levels", "level", (
    Column("Number", "number", INT, 9, required=True),
    Column("Name", "name", TEXT, 30),
    Column("Description", "description", TEXT, 60),
    _origin(),
), "the level scale roles and behaviour indicators use")

MAPPINGS = Sheet("Mappings", "mapping", (
    Column("Standard", "standard", KEY, 14, ids_from="Standards", required=True),
    Column("Behaviour", "behaviour", KEY, 28, ids_from="Behaviours",
           note="the behaviour the criteria evidence (or leave it empty and give a value)"),
    Column("Value", "value", KEY, 18, ids_from="Values"),
    Column("Criteria", "criteria", IDS, 22, required=True,
           note="the standard's P and K ids, one per line"),
    Column("Note", "note", TEXT, 50),
    _origin(),
), "which criteria of a standard evidence a behaviour (or a value): one row each",
    freeze="D2")

SOURCES = Sheet("Sources", "source", (
    Column("Id", "id", KEY, 22, required=True),
    Column("Title", "title", TEXT, 40),
    Column("URL", "url", TEXT, 40),
    Column("Licence", "licence", TEXT, 24),
    Column("Notes", "notes", TEXT, 60),
    _origin(),
), "the public sources the facts were taken from, with their licences")

#: fields of an element held on another sheet (a role's standards on Role standards ...)
HELD_ELSEWHERE = {"role": ("standards", "optional_standards", "behaviours"),
                  "standard": ("performance", "knowledge", "elements"),
                  "behaviour": ("levels",)}


def _column_for(name: str, hint: Any) -> Column | None:
    """A column for a model field the layout above does not name (one added to the model
    later), from its type: text, a whole number, a date, a list of texts, a choice. None for a
    type a cell cannot hold (a table): export reports its values as not carried."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and len(args) == 1:
        hint = args[0]
    header = name.replace("_", " ").capitalize()
    if hint is str:
        return Column(header, name, TEXT, 20, auto=True)
    if hint is bool:
        return Column(header, name, YESNO, 10, ("yes", "no"), auto=True)
    if hint is int:
        return Column(header, name, INT, 10, auto=True)
    if hint is dt.date:
        return Column(header, name, DATE, 13, auto=True)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return Column(header, name, ENUM, 14, _values(hint), auto=True)
    if typing.get_origin(hint) is tuple and typing.get_args(hint)[:1] == (str,):
        return Column(header, name, LINES, 24, note="one per line", auto=True)
    return None


def _complete(sheet: Sheet, cls: type) -> Sheet:
    """``sheet`` with a column (before Origin) for each field of ``cls`` it does not hold."""
    named = {c.field for c in sheet.columns} | set(HELD_ELSEWHERE.get(sheet.kind, ()))
    hints = typing.get_type_hints(cls)
    extra = tuple(column for f in attrs.fields(cls) if f.name not in named
                  and (column := _column_for(f.name, hints[f.name])) is not None)
    if not extra:
        return sheet
    return attrs.evolve(sheet, columns=sheet.columns[:-1] + extra + sheet.columns[-1:])


ROLES = _complete(ROLES, Role)
STANDARDS = _complete(STANDARDS, Standard)
BEHAVIOURS = _complete(BEHAVIOURS, Behaviour)
VALUES = _complete(VALUES, Value)
LEVELS = _complete(LEVELS, Level)
MAPPINGS = _complete(MAPPINGS, Mapping)
SOURCES = _complete(SOURCES, Source)
CLASSES = {"role": Role, "standard": Standard, "behaviour": Behaviour, "value": Value,
           "level": Level, "mapping": Mapping, "source": Source}


def not_held(kind: str) -> tuple[str, ...]:
    """Fields of an element of ``kind`` no sheet holds (reported by export when set)."""
    sheet = next(s for s in SHEETS if s.kind == kind and s.columns[0].how != ORIGIN
                 and s.name not in ("Role standards", "Role behaviours", "Criteria",
                                    "Criteria groups", "Indicators"))
    named = {c.field for c in sheet.columns} | set(HELD_ELSEWHERE.get(kind, ()))
    return tuple(f.name for f in attrs.fields(CLASSES[kind]) if f.name not in named)


#: the sheets of elements, in the order the workbook has them
SHEETS: tuple[Sheet, ...] = (ROLES, ROLE_STANDARDS, ROLE_BEHAVIOURS, STANDARDS, CRITERIA, GROUPS,
                             BEHAVIOURS, INDICATORS, VALUES, LEVELS, MAPPINGS, SOURCES)
ABOUT_SHEET = "About"
COVERAGE_SHEET = "Coverage"
#: a very hidden sheet: the framework as exported (compressed JSON in column A), so that
#: ``import --into`` tells the edits made in the workbook from changes made to the file since
RECORD_SHEET = "nosframe-export"
RECORD_FORMAT = "nosframe-xlsx-export-record"
RECORD_CHUNK = 32000  # characters a cell of the record holds (Excel: at most 32,767)
#: sheets written but never read as elements (people may delete them)
UNREAD = (ABOUT_SHEET, COVERAGE_SHEET, RECORD_SHEET)
#: every sheet the reader needs
REQUIRED = (FRAMEWORK_SHEET,) + tuple(s.name for s in SHEETS)


def norm_header(text: str) -> str:
    return "".join(str(text).split()).lower()
