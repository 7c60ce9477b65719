"""Which widget edits which field of each element kind, and how its text becomes a value.

Plain data and functions (no Textual): the editor widget reads :data:`FIELDS` to build itself,
and :func:`parse` turns what a person typed into a model value, or raises ``ValueError`` with a
message worth showing.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from attrs import frozen

from nosframe.model import (
    Category,
    Criterion,
    CriteriaGroup,
    FrameworkStatus,
    StandardStatus,
    TextOrigin,
    Validity,
)


@frozen
class FieldSpec:
    """One editable field.

    ``widget`` is one of: ``key`` (read only: renamed with the rename action), ``text`` (one
    line), ``area`` (free text), ``lines`` (a list, one item a line), ``codes`` (a list of ids
    or codes, comma separated, completed from ``source``), ``int``, ``date``, ``enum``
    (``choices`` is the enum class), ``criteria``, ``elements``, ``indicators`` (a behaviour's
    indicators per level), ``requirements`` (a role's behaviours and levels).
    """

    name: str
    label: str
    widget: str = "text"
    source: str = ""  # completion source for codes: standards, behaviours, values, roles, presets
    choices: type[enum.Enum] | None = None
    optional: bool = False  # for enum/int/date: may be empty
    help: str = ""
    live: bool = True  # apply while typing (False: on enter or leaving the field)
    more: bool = False  # rarely edited: under "More fields", folded


# provenance fields, folded under "More fields"
_SOURCE_URL_MORE = FieldSpec("source_url", "Source URL", more=True)
_LICENCE_MORE = FieldSpec("licence", "Licence", more=True)
_ORIGIN_MORE = FieldSpec("text_origin", "Text origin", "enum", choices=TextOrigin, more=True,
                         help="where the descriptive text comes from (licences differ)")

FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    "framework": (
        FieldSpec("id", "Id", "key"),
        FieldSpec("title", "Title"),
        FieldSpec("organisation", "Organisation"),
        FieldSpec("version", "Version"),
        FieldSpec("status", "Status", "enum", choices=FrameworkStatus),
        FieldSpec("extends", "Extends", "codes", source="presets", live=False,
                  help="preset ids or .toml paths, comma separated; applied on enter"),
        FieldSpec("licence", "Licence"),
        FieldSpec("description", "Description", "area"),
    ),
    "level": (
        FieldSpec("number", "Number", "key"),
        FieldSpec("name", "Name"),
        FieldSpec("description", "Description", "area"),
    ),
    "value": (
        FieldSpec("id", "Id", "key"),
        FieldSpec("name", "Name"),
        FieldSpec("description", "Description", "area"),
        _SOURCE_URL_MORE, _LICENCE_MORE, _ORIGIN_MORE,
    ),
    "behaviour": (
        FieldSpec("id", "Id", "key"),
        FieldSpec("name", "Name"),
        FieldSpec("cluster", "Cluster", source="clusters"),
        FieldSpec("values", "Values", "codes", source="values"),
        FieldSpec("levels", "Indicators", "indicators",
                  help="one indicator a line, for each level of the scale"),
        FieldSpec("description", "Description", "area"),
        _SOURCE_URL_MORE, _LICENCE_MORE, _ORIGIN_MORE,
    ),
    "standard": (
        FieldSpec("code", "Code (URN)", "key"),
        FieldSpec("title", "Title"),
        FieldSpec("overview", "Overview", "area"),
        FieldSpec("suites", "Suites", "lines"),
        FieldSpec("keywords", "Keywords", "codes"),
        FieldSpec("performance", "Performance (P)", "criteria",
                  help="one a line: P1: text"),
        FieldSpec("knowledge", "Knowledge (K)", "criteria",
                  help="one a line: K1: text"),
        FieldSpec("elements", "Elements", "elements", help="one a line: CODE: title"),
        FieldSpec("validity", "Validity", "enum", choices=Validity),
        FieldSpec("status", "Status", "enum", choices=StandardStatus),
        FieldSpec("category", "Category", "enum", choices=Category, optional=True),
        FieldSpec("superseded_by", "Superseded by", source="standards"),
        FieldSpec("original_urn", "Original URN", more=True),
        FieldSpec("version_number", "Version", "int", optional=True),
        FieldSpec("date_approved", "Approved", "date", optional=True),
        FieldSpec("indicative_review_date", "Review date", "date", optional=True),
        FieldSpec("developed_by", "Developed by", more=True),
        FieldSpec("originating_organisation", "Originating org", more=True),
        FieldSpec("occupations", "Occupations", "lines", more=True),
        FieldSpec("soc_codes", "SOC codes", "codes", more=True),
        FieldSpec("links_to_other_nos", "Linked NOS", "codes", source="standards", more=True),
        FieldSpec("scope_range", "Scope/range", "area", more=True),
        FieldSpec("values", "Values (text)", "area", more=True),
        FieldSpec("behaviours", "Behaviours (text)", "area", more=True),
        FieldSpec("skills", "Skills", "area", more=True),
        FieldSpec("glossary", "Glossary", "area", more=True),
        FieldSpec("external_links", "External links", "lines", more=True),
        _SOURCE_URL_MORE, _LICENCE_MORE, _ORIGIN_MORE,
        FieldSpec("unconfirmed", "Unconfirmed", "codes", more=True),
        FieldSpec("evidence_valid_for", "Evidence valid for", more=True,
                  help="how long evidence of it stays current: 3y, 18m, 1y6m; empty: no limit"),
    ),
    "role": (
        FieldSpec("id", "Id", "key"),
        FieldSpec("title", "Title"),
        FieldSpec("family", "Family", source="families"),
        FieldSpec("level", "Level (grade)", source="grades"),
        FieldSpec("behaviours", "Behaviours", "requirements",
                  help="the level of each behaviour this role needs"),
        FieldSpec("standards", "Standards (NOS)", "codes", source="standards",
                  help="codes, comma separated; the picker (F7, or n in the tree) searches every "
                       "installed NOS"),
        FieldSpec("optional_standards", "Optional NOS", "codes", source="standards"),
        FieldSpec("purpose", "Purpose", "area"),
        FieldSpec("responsibilities", "Responsibilities", "lines"),
        FieldSpec("progresses_to", "Progresses to", "codes", source="roles"),
        FieldSpec("qualifications", "Qualifications", "lines"),
        FieldSpec("evidence_valid_for", "Evidence valid for", more=True,
                  help="how long evidence for this role stays current: 3y, 18m; empty: none"),
    ),
    "mapping": (
        FieldSpec("standard", "Standard", "key"),
        FieldSpec("behaviour", "Behaviour", "key"),
        FieldSpec("value", "Value", "key"),
        FieldSpec("criteria", "Criteria", "codes", source="criteria",
                  help="the mapping editor (m) ticks them against the standard's list"),
        FieldSpec("note", "Note", "area"),
    ),
    "source": (
        FieldSpec("id", "Id", "key"),
        FieldSpec("title", "Title"),
        FieldSpec("url", "URL"),
        FieldSpec("licence", "Licence"),
        FieldSpec("notes", "Notes", "area"),
    ),
}


#: model fields the editor does not show, and why: ``[framework] extensions`` holds other
#: formats' data (a CASE package's items), kept so that an export writes it again
NOT_EDITED: dict[str, tuple[str, ...]] = {"framework": ("extensions",)}


def spec(kind: str, name: str) -> FieldSpec | None:
    return next((f for f in FIELDS.get(kind, ()) if f.name == name), None)


# ---------------------------------------------------------------------------------------------
# text <-> value


def split_codes(text: str) -> tuple[str, ...]:
    parts = [p.strip() for p in text.replace("\n", ",").split(",")]
    return tuple(dict.fromkeys(p for p in parts if p))


def format_value(field: FieldSpec, value: Any) -> str:
    """The text a widget shows for a value."""
    widget = field.widget
    if value is None:
        return ""
    if widget in ("codes",):
        return ", ".join(value)
    if widget == "lines":
        return "\n".join(value)
    if widget == "criteria":
        return "\n".join(f"{c.id}: {c.text}" if c.text else c.id for c in value)
    if widget == "elements":
        return "\n".join(f"{e.code}: {e.title}" if e.title else e.code for e in value)
    if widget == "date":
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return str(value)


def parse(field: FieldSpec, text: str, old: Any = None) -> Any:
    """The model value for what a person typed; ``ValueError`` with a message if it is not one."""
    widget = field.widget
    if widget in ("text", "area", "key"):
        return text.strip() if widget == "text" else text.rstrip()
    if widget == "codes":
        return split_codes(text)
    if widget == "lines":
        return tuple(line.strip() for line in text.splitlines() if line.strip())
    if widget == "int":
        if not text.strip():
            if field.optional:
                return None
            raise ValueError("a whole number is needed")
        try:
            return int(text.strip())
        except ValueError:
            raise ValueError(f"{text.strip()!r} is not a whole number") from None
    if widget == "date":
        if not text.strip():
            if field.optional:
                return None
            raise ValueError("a date is needed")
        try:
            return dt.date.fromisoformat(text.strip())
        except ValueError:
            raise ValueError(f"{text.strip()!r} is not a date: write YYYY-MM-DD") from None
    if widget == "criteria":
        return _parse_criteria(text, old or ())
    if widget == "elements":
        out = []
        for line in text.splitlines():
            if not line.strip():
                continue
            code, _, title = line.partition(":")
            if not code.strip():
                raise ValueError(f"element line {line!r} needs a code before ':'")
            out.append(CriteriaGroup(code.strip(), title.strip()))
        return tuple(out)
    if widget == "enum":
        if text in ("", None):
            if field.optional:
                return None
            raise ValueError("choose a value")
        assert field.choices is not None
        return field.choices(text)
    raise ValueError(f"no parser for {widget}")  # pragma: no cover


def _parse_criteria(text: str, old: tuple[Criterion, ...]) -> tuple[Criterion, ...]:
    elements = {c.id: c.element for c in old}
    out: list[Criterion] = []
    seen: set[str] = set()
    for line in text.splitlines():
        if not line.strip():
            continue
        ident, sep, rest = line.partition(":")
        ident = ident.strip()
        if not ident or " " in ident:
            raise ValueError(f"criterion line {line.strip()!r} should start with an id "
                             "such as P1 and a colon")
        if ident in seen:
            raise ValueError(f"criterion {ident} appears twice")
        seen.add(ident)
        out.append(Criterion(ident, rest.strip() if sep else "", elements.get(ident, "")))
    return tuple(out)


__all__ = ["FIELDS", "FieldSpec", "format_value", "parse", "spec", "split_codes"]
