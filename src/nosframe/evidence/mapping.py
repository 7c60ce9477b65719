"""Which column of an HR or learning system's CSV export holds which field of the evidence.

The defaults are the field names themselves (``person_id``, ``role``, ``standard``,
``criterion``, ``date`` ...; case, spaces, ``-`` and ``_`` do not matter); a small TOML file
(``--mapping map.toml``, docs/evidence.md) names the export's own columns, how it writes dates,
its words for assessment methods and its role names.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
from pathlib import Path

from attrs import field, frozen

from nosframe.io import Location, NosframeError
from nosframe.io.limits import read_regular_file
from nosframe.model.people import Method


class EvidenceError(NosframeError):
    """An evidence CSV, mapping or store cannot be used (exit code 2 in the CLI)."""


#: field -> default column name; the order is the documented one
FIELDS: dict[str, str] = {
    "person_id": "person_id",
    "name": "name",
    "role": "role",
    "standard": "standard",
    "criterion": "criterion",
    "behaviour": "behaviour",
    "level": "level",
    "date": "date",
    "assessor": "assessor",
    "method": "method",
    "reference": "reference",
    "expires": "expires",
    "note": "note",
}
#: a file must have these columns; and either standard + criterion or behaviour + level
REQUIRED = ("person_id", "role", "date")
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}
_KEYS = ("columns", "date_format", "delimiter", "encoding", "methods", "roles")
_SPACING = re.compile(r"[\s_\-]+")


def column_key(name: str) -> str:
    """How column names are compared: case, spaces, ``-`` and ``_`` do not matter."""
    return _SPACING.sub("", name).casefold()


def method_key(text: str) -> str:
    return _SPACING.sub(" ", text).strip().casefold()


#: the methods' own names (and with ``_``/``-``), as nosframe writes them
METHOD_WORDS: dict[str, Method] = {method_key(m.value): m for m in Method}


@frozen
class Mapping:
    """A column mapping. ``columns`` maps each field to the export's column name."""

    columns: dict[str, str] = field(factory=lambda: dict(FIELDS))
    date_format: str = ""  # strptime format; "" reads 2026-03-31 and 31/03/2026
    delimiter: str = ""  # "" takes it from the header row
    encoding: str = "utf-8"
    methods: dict[str, Method] = field(factory=dict)  # method_key(their word) -> method
    roles: dict[str, str] = field(factory=dict)  # their role name (casefolded) -> role id
    file: str = ""  # where it was read from ("" for the defaults)

    def to_json(self) -> dict:
        return {"columns": dict(self.columns), "date_format": self.date_format or None,
                "delimiter": self.delimiter or None, "encoding": self.encoding,
                "methods": {k: v.value for k, v in self.methods.items()},
                "roles": dict(self.roles), "file": self.file or None}


DEFAULT = Mapping()


def _close(word: str, known) -> str:
    found = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f"did you mean {found[0]!r}? " if found else ""


def load_mapping(path: str | Path) -> Mapping:
    """Read a mapping file; every mistake is an :class:`EvidenceError` naming the file."""
    path = Path(path)
    raw = read_regular_file(path, max_bytes=1024 * 1024, what="a mapping file",
                            hint="check the path of --mapping")
    where = Location(file=str(path))
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise EvidenceError("the mapping file is not UTF-8 text", location=where,
                            hint="save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise EvidenceError(f"not valid TOML ({exc})",
                            location=Location(str(path), int(match.group(1)) if match else None),
                            hint="see docs/evidence.md for an example mapping") from None

    def line_of(key: str) -> Location:
        for number, line in enumerate(text.splitlines(), start=1):
            if re.match(rf"\s*\[?\s*\"?{re.escape(key)}\"?\s*[\]=]", line):
                return Location(str(path), number, key)
        return Location(str(path), None, key)

    def fail(key: str, message: str, hint: str) -> EvidenceError:
        return EvidenceError(message, location=line_of(key), hint=hint)

    for key in data:
        if key not in _KEYS:
            raise fail(key, f"unknown key {key!r}",
                       f"{_close(key, _KEYS)}a mapping has {', '.join(_KEYS)}")

    def table(key: str) -> dict[str, str]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            raise fail(key, f"{key} must be a table", f"write [{key}] and then its entries")
        for k, v in value.items():
            if not isinstance(v, str) or not v.strip():
                raise fail(k, f"{key}.{k} must be a non-empty string", 'write it in quotes')
        return value

    columns = dict(FIELDS)
    for name, column in table("columns").items():
        if name in _KEYS:
            raise fail(name, f"{name} is inside [columns]",
                       f"keys after a [table] header belong to it: put {name} before "
                       "[columns], at the top of the file")
        if name not in FIELDS:
            raise fail(name, f"unknown field {name!r} in [columns]",
                       f"{_close(name, FIELDS)}the fields are {', '.join(FIELDS)}")
        columns[name] = column.strip()
    taken: dict[str, str] = {}
    for name, column in columns.items():
        other = taken.get(column_key(column))
        if other:
            raise fail(name, f"fields {other!r} and {name!r} both read column {column!r}",
                       "give each field its own column")
        taken[column_key(column)] = name
    scalars = {}
    for key in ("date_format", "delimiter", "encoding"):
        value = data.get(key, "")
        if not isinstance(value, str):
            raise fail(key, f"{key} must be a string", "write it in quotes")
        scalars[key] = value
    if scalars["date_format"]:
        try:
            dt.datetime.strptime(dt.date(2026, 3, 31).strftime(scalars["date_format"]),
                                 scalars["date_format"])
        except ValueError:
            raise fail("date_format", f"date_format {scalars['date_format']!r} cannot read "
                       "the dates it writes", 'use strftime codes, e.g. "%d/%m/%Y"') from None
        if not re.search(r"%[dj]", scalars["date_format"]):
            raise fail("date_format", f"date_format {scalars['date_format']!r} has no day",
                       'e.g. "%d/%m/%Y" or "%Y-%m-%d"')
    delimiter = scalars["delimiter"].replace("\\t", "\t")
    if delimiter and delimiter not in DELIMITERS:
        raise fail("delimiter", f"delimiter {delimiter!r} is not one nosframe reads",
                   'one of ",", ";", "\\t" (tab) or "|"; or leave it out to take it from '
                   "the header")
    encoding = scalars["encoding"] or "utf-8"
    try:
        "".encode(encoding)
        b"".decode(encoding)
    except LookupError:
        raise fail("encoding", f"unknown encoding {encoding!r}",
                   'e.g. "utf-8", "cp1252" (Windows) or "latin-1"') from None
    methods = {}
    for word, value in table("methods").items():
        method = METHOD_WORDS.get(method_key(value))
        if method is None:
            raise fail(word, f"methods.{word}: {value!r} is not an assessment method",
                       f"{_close(method_key(value), METHOD_WORDS)}one of "
                       + ", ".join(m.value for m in Method))
        methods[method_key(word)] = method
    roles = {name.strip().casefold(): role.strip() for name, role in table("roles").items()}
    return Mapping(columns=columns, date_format=scalars["date_format"], delimiter=delimiter,
                   encoding=encoding, methods=methods, roles=roles, file=str(path))


__all__ = ["DEFAULT", "DELIMITERS", "EvidenceError", "FIELDS", "Mapping", "REQUIRED",
           "column_key", "load_mapping", "method_key"]
