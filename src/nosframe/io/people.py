"""Reading and writing person records (``[person]``, ``[[evidence]]``, ``[[behaviours]]``):
the same strict converter, limits and located errors as framework files, the one atomic writer,
and saves that keep the file's comments and layout (tomlkit on the tables that changed).

A person record is personal data: it lives in its own file, wherever the organisation keeps
its records; nothing here writes it into a framework file.
"""

from __future__ import annotations

import os
from pathlib import Path

import tomlkit
from attrs import frozen

from nosframe.io.atomic import atomic_write
from nosframe.io.convert import converter, unstructure
from nosframe.io.errors import LoadError, Location
from nosframe.io.locate import Locator
from nosframe.io.toml import _table, parse_toml, read_text, structure_error
from nosframe.model.people import Person

_ARRAYS = ("evidence", "behaviours")


@frozen
class PersonDocument:
    """A person record as read from one file, with what is needed to point into it."""

    person: Person
    path: Path | None
    text: str
    locator: Locator

    def location(self, doc_path: str) -> Location:
        return self.locator.location(self.path, doc_path)


def loads_person(text: str, path: Path | None = None) -> PersonDocument:
    """Parse and structure a person record; raise :class:`LoadError` on the first problem."""
    file = str(path) if path else ""
    data = parse_toml(text, file)
    locator = Locator(text)
    if "person" not in data:
        hint = ("this is a framework file; a person record starts with [person] (the "
                "person's record comes first: nosframe plan|audit|match|person RECORD "
                "FRAMEWORK)"
                if "framework" in data else
                'start the file with [person] and id = "..." (docs/format.md, Person records)')
        raise LoadError("no [person] table: not a person record", location=Location(file, 1),
                        hint=hint)
    try:
        person = converter.structure(data, Person)
    except Exception as exc:  # cattrs raises exception groups of many kinds
        raise structure_error(exc, file, locator) from None
    return PersonDocument(person, path, text, locator)


def load_person(path: str | os.PathLike) -> PersonDocument:
    """Read one person record."""
    path = Path(path)
    return loads_person(read_text(path, what="a person record", missing=NEW_RECORD_HINT), path)


#: how to start a record, said when a person record's path names no file
NEW_RECORD_HINT = ("check the path; `nosframe person NEW.toml FRAMEWORK --role ROLE` starts a "
                   "new record there (written when you save)")


def person_data(person: Person) -> dict:
    data = unstructure(person)
    return {key: data[key] for key in ("person",) + _ARRAYS if data.get(key) not in (None, [])}


def dumps_person(person: Person) -> str:
    """Canonical TOML of a person record: ``[person]``, then each ``[[evidence]]`` and
    ``[[behaviours]]`` table in order."""
    chunks = []
    for key, value in person_data(person).items():
        if key == "person":
            chunks.append(_table(key, value, aot=False))
        else:
            chunks.extend(_table(key, item, aot=True) for item in value)
    return "\n".join(chunks)


def render_person(text: str, before: Person, after: Person, path: Path | None = None) -> str:
    """``after`` written over ``text`` (which loads as ``before``), keeping comments and layout:
    the ``[person]`` keys that changed are rewritten, removed entries go, new ones are appended.
    The result is loaded back and compared; if it differs, the record is written canonically."""
    if before == after:
        return text
    try:
        out = _patched(text, person_data(before), person_data(after))
        if loads_person(out, path).person == after:
            return out
    except Exception:  # a safety net: a wrong record is never written
        pass
    return dumps_person(after)


def _patched(text: str, old: dict, new: dict) -> str:
    """Changed ``[person]`` keys and removed entries through tomlkit; new entries as canonical
    tables inserted after the last entry of their kind (or at the end)."""
    doc = tomlkit.parse(text)
    table = doc["person"]
    for key in list(table.keys()):
        if key not in new["person"]:
            del table[key]
    for key, value in new["person"].items():
        if old["person"].get(key) != value:
            table[key] = value
    appended: dict[str, list] = {}
    for name in _ARRAYS:
        old_items, new_items = old.get(name, []), new.get(name, [])
        if old_items == new_items:
            continue
        kept = [item for item in old_items if item in new_items]
        if kept != new_items[:len(kept)]:
            raise ValueError("entries reordered")  # canonical: keeps nothing wrong
        if name in doc:
            aot = doc[name]
            for index in reversed(range(len(old_items))):
                if old_items[index] not in new_items:
                    del aot[index]
            if not kept:
                del doc[name]
        appended[name] = new_items[len(kept):]
    out = tomlkit.dumps(doc)
    for name, items in appended.items():
        if items:
            out = _insert_after_last(out, name, "\n".join(_table(name, item, aot=True)
                                                         for item in items))
    return out


def _insert_after_last(text: str, name: str, chunk: str) -> str:
    """``chunk`` after the last line of the last ``[[name]]`` table (blank lines and comments
    after it stay where they are, before the next table), or at the end of the text."""
    lines = text.splitlines(keepends=True)
    header = f"[[{name}]]"
    last = max((i for i, line in enumerate(lines) if line.strip() == header), default=None)
    if last is None:
        return text.rstrip("\n") + "\n\n" + chunk
    end = last + 1
    for i in range(last + 1, len(lines)):
        stripped = lines[i].strip()
        if stripped.startswith("["):
            break
        if stripped and not stripped.startswith("#"):
            end = i + 1
    before, after = "".join(lines[:end]), "".join(lines[end:])
    return before.rstrip("\n") + "\n\n" + chunk.rstrip("\n") + "\n" + (
        "\n" + after.lstrip("\n") if after.strip() else "")


#: the mode a new person record is written with (owner read and write only)
PERSON_FILE_MODE = 0o600


def save_person(person: Person, path: str | os.PathLike, *,
                before: PersonDocument | None = None) -> PersonDocument:
    """Write ``person`` to ``path`` atomically: over ``before`` (the record as loaded from that
    file) keeping its layout, else canonically. Returns the record as written."""
    path = Path(path)
    text = (render_person(before.text, before.person, person, path) if before is not None
            else dumps_person(person))
    written = loads_person(text, path)
    # a person's record is personal data: a new one is readable by its owner alone; an
    # existing one keeps the mode it has (someone may have shared it on purpose)
    atomic_write(path, text, mode=None if path.exists() else PERSON_FILE_MODE)
    return written


__all__ = ["PersonDocument", "dumps_person", "load_person", "loads_person", "render_person",
           "save_person"]
