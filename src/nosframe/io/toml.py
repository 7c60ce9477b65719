"""Reading and writing framework TOML files: safe to feed anything, atomic to save."""

from __future__ import annotations

import contextlib
import gc
import os
import re
import tomllib
import weakref
from pathlib import Path
from typing import Iterator

import attrs
import tomli_w
from attrs import frozen

from nosframe.io.atomic import atomic_write
from nosframe.io.convert import problems_from, structure_framework, unstructure
from nosframe.io.errors import LoadError, Location
from nosframe.io.limits import (MAX_BYTES, check_toml_limits, check_writable_nesting,
                                read_regular_file)
from nosframe.io.locate import Locator
from nosframe.model import ELEMENT_KINDS, Framework

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_COMMENT = re.compile(r"^\s*#|[\"'\]\}\w]\s+#")
_CONFLICT_MARKER = re.compile(r"^<<<<<<< ", re.MULTILINE)


@frozen
class Document:
    """A framework as read from one file, with what is needed to point into that file."""

    framework: Framework
    path: Path | None
    text: str
    locator: Locator
    _keys: dict[str, tuple] = attrs.field(init=False, factory=dict, eq=False, repr=False)

    def location(self, doc_path: str) -> Location:
        return self.locator.location(self.path, doc_path)

    def keys_of(self, attr: str) -> tuple:
        """The key of each element of ``framework.<attr>`` (``"roles"``), in order (found once:
        loading and composing both go through every one)."""
        keys = self._keys.get(attr)
        if keys is None:
            keys = self._keys[attr] = tuple(e.key for e in getattr(self.framework, attr))
        return keys

    @property
    def has_hand_formatting(self) -> bool:
        """True when the text holds comments or layout that a canonical save would drop."""
        return any(_COMMENT.search(line) for line in self.text.splitlines()) or (
            self.text != dumps(self.framework)
        )


def read_text(path: Path, *, what: str = "a framework file", missing: str = "") -> str:
    """Read a file as UTF-8 text (without a leading byte order mark), refusing what cannot be
    ``what`` (a framework file, a person record); ``missing``: the hint when there is no such
    file (how to start one)."""
    # a FIFO, a device (/dev/zero) or a socket would hang the read: only regular files, and
    # none over MAX_BYTES (nosframe.io.limits)
    return decode_text(read_regular_file(path, max_bytes=MAX_BYTES, what=what, hint=missing),
                       path)


def decode_text(raw: bytes, path: Path) -> str:
    """The text of a framework file's bytes, as :func:`read_text` gives it."""
    where = Location(file=str(path))
    if b"\x00" in raw[:8192]:
        raise LoadError("file is binary, not TOML text", location=where,
                        hint=_not_toml_hint(str(path)) or "framework files are UTF-8 TOML text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise LoadError(f"not UTF-8 text (byte {exc.start})", location=Location(str(path), line),
                        hint="save the file as UTF-8") from None
    # A byte order mark (some Windows editors write one) is not part of the text: such a file
    # loads, and saving is canonical, so it writes none.
    return text.removeprefix("\ufeff")


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a file's model is built.

    Reading a large framework makes a few hundred thousand objects, none of them in a cycle;
    the collector, run every few hundred of them over a heap that keeps growing, took as long
    as building them. Reference counting still frees everything as usual, and the collector
    runs again afterwards (unless it was off before, which is left as it was). What was made
    meanwhile joins the oldest generation at once (``gc.freeze()`` then ``gc.unfreeze()``: a
    move of lists, no scan) rather than being scanned by the first young collection after:
    the model lives as long as the framework is open, which is what the oldest generation is
    for, and a full collection still looks at it. Not done when something else froze objects
    (``gc.get_freeze_count()``), whose frozen objects must stay frozen."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        gc.enable()


def loads(text: str, path: Path | None = None) -> Document:
    """Parse and structure framework TOML text; raise :class:`LoadError` on the first problem."""
    file = str(path) if path else ""
    with gc_paused():
        data = parse_toml(text, file)
        locator = Locator(text)  # reads the text for lines only when one is asked for
        if "framework" not in data:
            raise LoadError("no [framework] table", location=Location(file, 1),
                            hint="this is a person record: open it with `nosframe person "
                                 "RECORD FRAMEWORK`" if "person" in data else
                            'start the file with [framework] and id = "your-framework-id"')
        try:
            framework = structure_framework(data)
        except Exception as exc:  # cattrs raises exception groups of many kinds
            raise structure_error(exc, file, locator) from None
        doc = Document(framework, path, text, locator)
        _refuse_duplicates(doc)
    return doc


def parse_toml(text: str, file: str) -> dict:
    """TOML text as plain data, within nosframe's limits; :class:`LoadError` with the line of a
    syntax error. Framework files and person records are both read through this."""
    # what would hang tomllib (a dotted key of 50,000 parts) or exhaust the stack (arrays
    # nested 1,000 deep) is refused first, by one linear scan
    check_toml_limits(text, file)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        marker = _CONFLICT_MARKER.search(text)
        if marker:  # a merge left its conflict markers (nosframe merge, git)
            raise LoadError("an unresolved merge conflict (<<<<<<< ... ======= ... >>>>>>>)",
                            location=Location(file, text.count("\n", 0, marker.start()) + 1),
                            hint="keep one side of each conflict and delete the marker lines "
                                 "(docs/git.md)") from None
        message = str(exc)
        m = _TOML_POSITION.search(message)
        line = int(m.group(1)) if m else None
        message = _TOML_POSITION.sub("", message).strip()
        raise LoadError(f"TOML syntax error: {message}",
                        location=Location(file, line, path_at_line(text, line) if line else ""),
                        hint=_not_toml_hint(file)
                        or "fix the TOML syntax at that line (https://toml.io)") from None


#: suffixes of the files the built-in importers read (xlsx; json and CASE; Moodle's CSV)
_IMPORTABLE = (".xlsx", ".json", ".csv")


def _not_toml_hint(file: str) -> str:
    """For a file whose suffix says it is not TOML: how to read it into a framework."""
    suffix = Path(file).suffix.lower() if file else ""
    if suffix in ("", ".toml"):
        return ""
    name = Path(file).name
    if suffix not in _IMPORTABLE:  # a document, a picture: nothing reads it back
        return f"{name} is not a framework file: give the framework's .toml file"
    hint = (f"{name} is not a framework file (TOML, .toml); to make one from it: "
            f"nosframe import {name} -o NEW.toml (nosframe import --help: the forms it reads)")
    if suffix == ".xlsx":
        hint += f"; a NOS list export goes into the library: nosframe library import {name}"
    return hint


_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\- \"']+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+|\"[^\"]*\")\s*=")


def path_at_line(text: str, line: int) -> str:
    """The document path of a line that may not parse (``evidence[4].date``), from the tables
    above it and the key on it: what a syntax error names besides its line. "" when the line
    is no key of a table (a header, a continuation of a multi-line value)."""
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return ""
    counts: dict[str, int] = {}
    table = ""
    for raw in lines[:line - 1]:
        m = _HEADER.match(raw)
        if not m:
            continue
        name = m.group(2).replace('"', "").replace("'", "").replace(" ", "")
        if m.group(1) == "[[":
            counts[name] = counts.get(name, -1) + 1
            table = f"{name}[{counts[name]}]"
        else:
            table = name
    key = _KEY.match(lines[line - 1])
    if key is None:
        return table
    name = key.group(1).strip('"')
    return f"{table}.{name}" if table else name


def structure_error(exc: BaseException, file: str, locator: Locator) -> LoadError:
    """The first problem of a failed structuring as one located :class:`LoadError`."""
    problems = problems_from(exc)
    first = problems[0]
    rest = problems[1:]
    more = ""
    if rest:  # one message, but the other places are named so none is a surprise later
        places = "; ".join(f"{p.path}: {p.message}" if p.path else p.message
                           for p in rest[:3]) + ("; ..." if len(rest) > 3 else "")
        more = f" (and {len(rest)} more problem{'s' if len(rest) != 1 else ''}: {places})"
    return LoadError(first.message + more,
                     location=Location(file, locator.line_of(first.line_path), first.path),
                     hint=first.hint)


def load_document(path: str | os.PathLike) -> Document:
    """Read one framework file (no ``extends`` resolution: see :func:`nosframe.compose`)."""
    path = Path(path)
    return loads(read_text(path), path)


def _refuse_duplicates(doc: Document) -> None:
    for kind, attr in ELEMENT_KINDS + (("recorded library standard", "library_lock"),):
        keys = doc.keys_of(attr)
        if len(set(keys)) == len(keys):
            continue
        seen: dict[str, int] = {}
        for index, key in enumerate(keys):
            if key in seen:
                where = doc.location(f"{attr}[{index}]")
                first = doc.location(f"{attr}[{seen[key]}]")
                raise LoadError(
                    f"duplicate {kind} {key!r} (first defined at line {first.line})",
                    location=where,
                    hint=f"give each {kind} a unique id, or merge the two entries")
            seen[key] = index


# ---------------------------------------------------------------------------------------------
# Writing

#: the top-level tables in model order: [framework], the element kinds, [[overrides]], then
#: whatever else the model holds ([[library_lock]]), so a new Framework field is written too
_TOP_ORDER = tuple(a.name for a in attrs.fields(Framework))


def to_data(framework: Framework) -> dict:
    """The canonical plain-data form of a framework (stable key order, defaults omitted)."""
    data = unstructure(framework)
    data["framework"] = data.get("framework", {})
    return {key: data[key] for key in _TOP_ORDER if data.get(key) not in (None, [], {})}


def dumps(framework: Framework) -> str:
    """Canonical TOML: the same model always gives the same bytes.

    ``[framework]`` first, then one ``[[kind]]`` table per element in document order, fields in
    model order. Nested tables (criteria, level indicators) follow their element.
    """
    data = to_data(framework)
    check_writable_nesting(data)
    chunks = []
    for key, value in data.items():
        if key == "framework":
            chunks.append(_table(key, value, aot=False))
        else:
            chunks.extend(_table(key, item, aot=True) for item in value)
    return "\n".join(chunks)


_SUB_HEADER = re.compile(r"^(\[\[?)([^\[\]].*?)(\]\]?)$", re.MULTILINE)


def _table(name: str, item: dict, *, aot: bool) -> str:
    """One table with its nested tables, headers prefixed with ``name``.

    Multi-line strings read best; if one of them holds a line that looks like a table header the
    prefixing would corrupt it, which the round-trip check catches: then strings are escaped.
    """
    expected = {name: [item] if aot else item}
    header = f"[[{name}]]\n" if aot else f"[{name}]\n"
    for multiline in (True, False):
        body = tomli_w.dumps(item, multiline_strings=multiline)
        body = _SUB_HEADER.sub(lambda m: f"{m.group(1)}{name}.{m.group(2)}{m.group(3)}", body)
        text = header + body
        if multiline is False or tomllib.loads(text) == expected:
            return text
    raise AssertionError("unreachable")  # pragma: no cover


def save(framework: Framework, path: str | os.PathLike) -> None:
    """Write ``framework`` (a file's own framework: ``Document.framework``, ``Session.root``)
    as canonical TOML, atomically. A composed framework is refused: it holds everything its
    presets gave, so written with its ``extends`` it would define all of that twice. To save a
    file you edited, keeping its layout, use :meth:`nosframe.editing.Session.save`."""
    _refuse_unwritable(framework)
    atomic_write(Path(path), dumps(framework))


#: frameworks made by composition (``Composed.framework``), by id: see :func:`mark_composed`
_COMPOSED: "weakref.WeakValueDictionary[int, Framework]" = weakref.WeakValueDictionary()


def mark_composed(framework: Framework) -> None:
    """Note that ``framework`` is a composition's merged result, which :func:`save` refuses."""
    _COMPOSED[id(framework)] = framework


def _refuse_unwritable(framework: object) -> None:
    kind = type(framework).__name__
    if _COMPOSED.get(id(framework)) is framework:
        raise TypeError(
            "save() takes a framework file's own Framework, not Composed.framework: that is "
            "the merged result, everything its presets give included, so written with its "
            "`extends` it would define all of that twice (hint: to save what was loaded, "
            "save(nosframe.load_document(path).framework, path), or edit and save with "
            "nosframe.editing.Session; to write the merged result, export it: "
            "nosframe export PATH --to json)")
    if kind == "Composed":
        raise TypeError(
            "save() takes a framework file's own Framework, not a Composed framework (hint: "
            "save what was loaded with nosframe.load_document(path).framework or an editing "
            "Session (Session.open(path, plugins).save()); to write everything composed into "
            "one file, export it: nosframe export PATH --to json)")
    if kind == "Document":
        raise TypeError("save() takes a Framework, not a Document (hint: "
                        "save(document.framework, path))")
    if not isinstance(framework, Framework):
        raise TypeError(f"save() takes a Framework, not {kind}")
