"""Limits on what input may be, checked before a parser sees it.

A framework file is hand-edited text. Input that no person writes (a FIFO or a device instead of
a file, arrays nested a thousand deep, a dotted key of 50,000 parts) is refused here, in time
bounded by the size of the text, with the file, the line and a hint, instead of hanging the
parser or ending in a ``RecursionError``. The limits are documented in ``docs/format.md``.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from pathlib import Path

from nosframe.io.errors import LoadError, Location, NosframeError

#: Arrays and inline tables nested deeper than this (inside one value) are refused. The deepest
#: nosframe's own format goes is 3 (an override's ``fields = { performance = [{ ... }] }``).
MAX_NESTING = 32
#: Dotted keys (``a.b.c = 1``, ``[a.b.c]``) of more parts than this are refused: nosframe's
#: format uses 2 (``framework.extends``), and tomllib's time grows with the square of the parts.
MAX_KEY_PARTS = 32
#: Larger files are refused before reading: a framework is hand-edited text, not a data dump.
MAX_BYTES = 20 * 1024 * 1024

_NESTING_HINT = (f"nosframe reads at most {MAX_NESTING} levels of nested arrays and inline "
                 "tables (see docs/format.md); no framework needs more")


#: what to do with a file over the size limit, by what it was meant to be
_SIZE_HINTS = {
    "a framework file": "split it into framework files joined with `extends`, or use the "
                        "national library for large NOS sets (`nosframe library import`)",
    "a person record": "a person record holds one person's evidence (a few KB); many people's "
                       "evidence goes into an evidence store (`nosframe evidence import`)",
}


def read_regular_file(path: str | os.PathLike, *, max_bytes: int = MAX_BYTES,
                      what: str = "a framework file", hint: str = "") -> bytes:
    """The bytes of ``path``, refusing anything that is not a regular file (a FIFO, a device
    such as ``/dev/zero``, a socket, a folder) and files over ``max_bytes``.

    The file is opened without blocking (opening a FIFO would wait for a writer) and checked
    on the open descriptor, so nothing can be swapped in between the check and the read.
    """
    path = Path(path)
    where = Location(file=str(path))
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise LoadError("file not found", location=where,
                        hint=hint or "check the path; `nosframe new PATH` creates a starter "
                                     "framework") from None
    except IsADirectoryError:
        raise LoadError(f"is a folder, not {what}", location=where,
                        hint="give the path of a file") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise LoadError(f"is a folder, not {what}", location=where,
                            hint="give the path of a file")
        if not stat.S_ISREG(info.st_mode):
            raise LoadError(f"is a {_file_type(info.st_mode)}, not a regular file",
                            location=where,
                            hint=f"give the path of {what} (an ordinary file on disk); "
                                 "nosframe does not read pipes, devices or sockets")
        if info.st_size > max_bytes:
            raise LoadError(
                f"file is {info.st_size / 1024 / 1024:.0f} MB, more than the "
                f"{max_bytes // 1024 // 1024} MB {what} may be", location=where,
                hint=_SIZE_HINTS.get(what, f"give a smaller file: {what} of at most "
                                           f"{max_bytes // 1024 // 1024} MB"))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        with os.fdopen(fd, "rb") as handle:
            fd = -1
            raw = handle.read(max_bytes + 1)
        if len(raw) > max_bytes:  # grew while being read
            raise LoadError(f"file is more than the {max_bytes // 1024 // 1024} MB {what} may "
                            "be", location=where, hint="split it into smaller files")
        return raw
    finally:
        if fd >= 0:
            os.close(fd)


def require_regular_file(path: str | os.PathLike, *, what: str = "a file",
                         hint: str = "") -> None:
    """Refuse a path that does not exist or is not a regular file, without opening it (for
    readers nosframe does not control, such as a plugin's importer)."""
    where = Location(file=str(path))
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise LoadError("file not found", location=where,
                        hint=hint or "check the path") from None
    if stat.S_ISDIR(mode):
        raise LoadError(f"is a folder, not {what}", location=where, hint="give the path of a file")
    if not stat.S_ISREG(mode):
        raise LoadError(f"is a {_file_type(mode)}, not a regular file", location=where,
                        hint=f"give the path of {what} (an ordinary file on disk); nosframe "
                             "does not read pipes, devices or sockets")


def _file_type(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "named pipe (FIFO)"), (stat.S_ISCHR, "character device"),
                       (stat.S_ISBLK, "block device"), (stat.S_ISSOCK, "socket")):
        if test(mode):
            return name
    return "special file"  # pragma: no cover - no other kinds on POSIX


# ---------------------------------------------------------------------------------------------
# TOML: nesting and dotted keys, by one linear scan of the text

# Strings and comments are skipped whole (brackets and dots inside them mean nothing); what is
# left that matters is brackets, dots and what separates keys (=, comma, newline).
_PLAIN = (
    r'"""(?:\\.|[^\\])*?"""{0,2}'   # multi-line basic string (up to 2 quotes end its content)
    r"|'''.*?''''{0,2}"             # multi-line literal string
    r'|"(?:\\.|[^"\\\n])*"?'         # basic string (an unterminated one ends at the line)
    r"|'[^'\n]*'?"                  # literal string
    r"|#[^\n]*"                     # comment
    r"|[\[\]{}.=,\n]"
)
_TOML_TOKENS = re.compile(_PLAIN, re.DOTALL)

# Runs of tokens the scan takes whole, each with the effect its tokens would have one by one (so
# most of a file is a few matches, not one a token). Inside them a string is one the basic and
# literal patterns above take whole (not the start of a multi-line string), matched without
# backtracking; nothing in them is a dot outside a string.
_STRING = r'"(?!"")(?>(?:[^"\\\n]++|\\.)*+)"?'
_LITERAL = r"'(?!'')[^'\n]*+'?"
_BLAND = rf"""(?:[^\[\]{{}}."'#\n]++|{_STRING}|{_LITERAL}|#[^\n]*+)*+"""
#: a line without brackets and dots outside its strings and comments, or with one inline table
#: { ... } not nested in it (``title = "..."``, an array's ``"SFJAA1",`` and ``{ id = "P1",
#: text = "..." },`` lines)
_LINE = rf"{_BLAND}(?:\{{{_BLAND}\}}{_BLAND})?\n"
#: ``key = [``, such lines, then ``]``: an array one deep (two with its inline tables)
_ARRAY = (rf"""(?:[^\[\]{{}}."'#\n=]++|{_STRING}|{_LITERAL})*+=[ \t]*+\[[ \t]*+(?:#[^\n]*+)?\n"""
          rf"(?:{_LINE})*+[ \t]*+\]{_BLAND}\n")
_KEY_PART = rf"(?:[A-Za-z0-9_-]++|{_STRING}|{_LITERAL})"
#: a ``[table]`` or ``[[array.of.tables]]`` header of fewer dots than make a too long key
_HEADER = (rf"[ \t]*+\[\[?[ \t]*+{_KEY_PART}(?:[ \t]*+\.[ \t]*+{_KEY_PART}){{0,{MAX_KEY_PARTS - 2}}}"
           r"[ \t]*+\]\]?[ \t]*+(?:#[^\n]*+)?\n")
_FAST_TOKENS = re.compile(
    # whole lines from a line start, ending at a line start with no dotted key under way and the
    # nesting where it was: a table's header and body (at the top, not inside an array), and
    # lines and arrays that go at most two deeper than where they are
    rf"(?P<table>(?m:^){_HEADER}(?:{_LINE}|{_ARRAY})*+)"
    rf"|(?P<lines>(?m:^)(?:{_LINE}|{_ARRAY})++)"
    # strings separated by commas (a one-line array's items): no dotted key, not a line start
    rf"|(?P<items>(?:{_STRING}|{_LITERAL})(?:[ \t]*+,[ \t]*+(?:{_STRING}|{_LITERAL}))++)"
    rf"|{_PLAIN}",
    re.DOTALL,
)


class _Scan:
    """Where the scan of :func:`check_toml_limits` is."""

    __slots__ = ("file", "line", "depth", "dots", "line_start", "header", "too_deep")

    def __init__(self, file: str):
        self.file = file
        self.line = 1
        self.depth = 0
        self.dots = 0  # dots since the last separator: the parts of a dotted key, less one
        self.line_start = True
        self.header = False  # in a [table] or [[array.of.tables]] header: no nesting
        self.too_deep: int | None = None  # the line where nesting first went past MAX_NESTING


def check_toml_limits(text: str, file: str = "") -> None:
    """Refuse TOML text that nests arrays or inline tables deeper than :data:`MAX_NESTING` or
    has a dotted key of more than :data:`MAX_KEY_PARTS` parts, naming the line.

    One pass over the text (strings and comments are skipped whole), so it takes time in
    proportion to the text's length, whatever the text holds. It does not validate TOML:
    tomllib does that afterwards, on text known to be within the limits.
    """
    if "[" not in text and "{" not in text and "." not in text:
        return
    scan = _Scan(file)
    _scan(scan, text, _FAST_TOKENS, 0, len(text))
    if scan.too_deep is not None and not _unclosed(text):
        raise LoadError(f"arrays or inline tables nested more than {MAX_NESTING} deep",
                        location=Location(file, scan.too_deep), hint=_NESTING_HINT)


def _scan(scan: _Scan, text: str, tokens: re.Pattern, start: int, end: int) -> None:
    """Scan ``text[start:end]`` from where ``scan`` is, token by token (or run by run)."""
    line, depth, dots = scan.line, scan.depth, scan.dots
    line_start, header, too_deep = scan.line_start, scan.header, scan.too_deep
    for match in tokens.finditer(text, start, end):
        group = match.lastgroup
        if group is not None:
            if group == "items":
                line += match.group().count("\n")
                line_start = False
                dots = 0
                continue
            if (depth == 0 if group == "table" else depth <= MAX_NESTING - 2) \
                    or (too_deep is not None and group == "lines"):
                line += match.group().count("\n")
                line_start = True
                header = False
                dots = 0
                continue
            # a header inside an array, or nesting that may go too deep: token by token
            scan.line, scan.depth, scan.dots = line, depth, dots
            scan.line_start, scan.header, scan.too_deep = line_start, header, too_deep
            _scan(scan, text, _TOML_TOKENS, match.start(), match.end())
            line, depth, dots = scan.line, scan.depth, scan.dots
            line_start, header, too_deep = scan.line_start, scan.header, scan.too_deep
            continue
        token = match.group()
        first = token[0]
        if first == "\n":
            line += 1
            line_start = True
            header = False
            dots = 0
            continue
        if first in "\"'#":
            line += token.count("\n")
            line_start = False
            continue
        if first == ".":
            dots += 1
            if dots >= MAX_KEY_PARTS:
                raise LoadError(
                    f"a dotted key of more than {MAX_KEY_PARTS} parts",
                    location=Location(scan.file, line),
                    hint=f"nosframe reads keys of at most {MAX_KEY_PARTS} parts (a.b.c is 3; see "
                         "docs/format.md); no framework needs more")
            continue
        dots = 0
        if first == "[" and (header or (line_start and depth == 0)):
            header = True  # a table header, not an array
        elif header and first == "]":
            pass
        elif first in "[{":
            depth += 1
            if depth > MAX_NESTING and too_deep is None:
                too_deep = line
        elif first in "]}":
            depth = max(depth - 1, 0)
        line_start = False
    scan.line, scan.depth, scan.dots = line, depth, dots
    scan.line_start, scan.header, scan.too_deep = line_start, header, too_deep


def _unclosed(text: str) -> bool:
    """True when the text is not TOML for another reason: an array left open makes every
    [table] header after it look nested, so a forgotten ``]`` is reported as the syntax error it
    is, not as nesting. Only asked when the scan found too deep a nesting (tomllib stops at a
    syntax error, or at its recursion limit, quickly: the text holds no long dotted key)."""
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return True
    except RecursionError:
        return False
    return False


# ---------------------------------------------------------------------------------------------
# JSON (importers)

_JSON_TOKENS = re.compile(r'"(?:\\.|[^"\\])*"?|[\[\]{}\n]', re.DOTALL)


def check_json_nesting(text: str, file: str = "") -> None:
    """Refuse JSON text nesting arrays or objects deeper than :data:`MAX_NESTING` (counting
    the outermost object) before ``json.loads`` recurses into it, naming the line."""
    if text.count("[") + text.count("{") <= MAX_NESTING:
        return
    line = 1
    depth = 0
    for match in _JSON_TOKENS.finditer(text):
        token = match.group()
        first = token[0]
        if first == "\n":
            line += 1
        elif first == '"':
            line += token.count("\n")
        elif first in "[{":
            depth += 1
            if depth > MAX_NESTING:
                raise LoadError(f"arrays or objects nested more than {MAX_NESTING} deep",
                                location=Location(file, line), hint=_NESTING_HINT)
        else:
            depth = max(depth - 1, 0)


def check_writable_nesting(data: dict, file: str = "") -> None:
    """Refuse to write plain framework data (``to_data``) holding a value nested deeper than a
    reader would take back (:data:`MAX_NESTING` arrays or tables within one field), naming the
    element: a model built in Python can hold any depth, and a file nosframe could not read
    again must not be written (nor a ``RecursionError`` reach the user)."""
    for table, items in data.items():
        for index, item in enumerate(items if isinstance(items, list) else [items]):
            stack = [(item, 0)]
            while stack:
                value, depth = stack.pop()
                if isinstance(value, dict):
                    children = list(value.values())
                elif isinstance(value, (list, tuple)):
                    children = list(value)
                else:
                    continue
                if depth > MAX_NESTING:
                    where = table if not isinstance(items, list) else f"{table}[{index}]"
                    raise NosframeError(f"a value nested more than {MAX_NESTING} deep "
                                        "cannot be written: no file nosframe reads may "
                                        "hold it", location=Location(file, None, where),
                                        hint="flatten the value (a list of texts, a table "
                                             "of texts or numbers)")
                stack.extend((child, depth + 1) for child in children)

