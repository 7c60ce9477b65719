"""Find the line of a document path (``roles[3].standards[1]``) in TOML text.

tomllib returns plain data without positions, so this module reads the text once, line by line,
and records where each table header and each key starts: when a line is first asked for, not at
load (most locations made while loading and composing never have their line read). It understands the subset of TOML that
framework files use: ``[table]``, ``[[array.of.tables]]``, ``key = value`` (values may span lines;
lines inside multi-line strings and arrays are skipped). When a path cannot be found exactly, the
nearest enclosing table's line is returned, which is still the right place to look.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

from nosframe.model.findings import Location

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_\-.]+)\s*=""")


_KEY_PART = re.compile(r""""(?:[^"\\]|\\.)*"|'[^']*'|[^.\s]+""")


def _key_parts(dotted: str) -> list[str]:
    """The parts of a (dotted) key, quotes taken off: ``a."b.c"`` is ``a`` and ``b.c``."""
    if '"' not in dotted and "'" not in dotted:
        return [part.strip() for part in dotted.split(".")]
    return [_strip_quotes(part) for part in _KEY_PART.findall(dotted)]


def _strip_quotes(part: str) -> str:
    part = part.strip()
    if len(part) >= 2 and part[0] == part[-1] and part[0] in "\"'":
        return part[1:-1]
    return part


class Locator:
    """Maps document paths to 1-based line numbers for one TOML text."""

    def __init__(self, text: str):
        self.text = text
        self._lines: dict[str, int] = {}
        self._ready = False
        self._lock = threading.Lock()

    def __getstate__(self) -> dict:
        return {"text": self.text, "_lines": self._lines, "_ready": self._ready}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    @property
    def ready(self) -> bool:
        """Whether the text has been read for lines (it is, when a line is first asked for)."""
        return self._ready

    def _built(self) -> dict[str, int]:
        """The lines of every path, read from the text the first time they are needed."""
        if not self._ready:
            with self._lock:
                if not self._ready:
                    self._build(self.text)
                    self._ready = True
        return self._lines

    def _build(self, text: str) -> None:
        self._latest: dict[str, int] = {}  # resolved array-of-tables path -> latest index
        prefix = ""
        in_multiline: str | None = None
        depth = 0  # open brackets of a multi-line array / inline table value
        for number, line in enumerate(text.splitlines(), start=1):
            if in_multiline:
                if line.count(in_multiline) % 2 == 1:
                    in_multiline = None
                continue
            if depth > 0:
                depth += _bracket_balance(line)
                continue
            header = _HEADER.match(line)
            if header and not _KEY.match(line):
                name = ".".join(_key_parts(header.group(2)))
                if header.group(1) == "[[":
                    base = self._resolve(name)
                    index = self._latest.get(base, -1) + 1
                    self._latest[base] = index
                    prefix = f"{base}[{index}]"
                else:
                    prefix = self._resolve(name)
                self._lines.setdefault(prefix, number)
                continue
            key = _KEY.match(line)
            if key:
                name = ".".join(_key_parts(key.group(1)))
                path = f"{prefix}.{name}" if prefix else name
                self._lines.setdefault(path, number)
                rest = line[key.end():]
                for quote in ('"""', "'''"):
                    if rest.count(quote) % 2 == 1:
                        in_multiline = quote
                        break
                else:
                    depth = _bracket_balance(rest)

    def _resolve(self, dotted: str) -> str:
        """Turn ``roles.performance`` into ``roles[2].performance`` using the latest items."""
        parts = dotted.split(".")
        out = ""
        for i, part in enumerate(parts):
            out = f"{out}.{part}" if out else part
            if i < len(parts) - 1 and out in self._latest:
                out = f"{out}[{self._latest[out]}]"
        return out

    def location(self, file: Path | None, doc_path: str) -> Location:
        """Where ``doc_path`` (``roles[3].standards[1]``) is in ``file``, with its line."""
        return Location.lazy(str(file) if file else "", doc_path, self)

    def line_of(self, path: str) -> int | None:
        """The line of ``path``, or of its nearest enclosing key or table."""
        lines = self._built()
        candidate = path
        while candidate:
            if candidate in lines:
                return lines[candidate]
            if candidate == path and f"{path}[0]" in lines:
                return lines[f"{path}[0]"]  # a whole array of tables: its first [[header]]
            # drop the last ".key" or "[i]"
            if candidate.endswith("]"):
                candidate = candidate[: candidate.rfind("[")]
            elif "." in candidate:
                candidate = candidate[: candidate.rfind(".")]
            else:
                break
        return None


_BALANCE_TOKENS = re.compile(r""""[^"]*"?|'[^']*'?|#|[\[{]|[\]}]""")


def _bracket_balance(text: str) -> int:
    """Open minus closed brackets and braces, ignoring those inside simple strings (a quote runs
    to the next of the same quote) and after a ``#`` outside them."""
    if "[" not in text and "{" not in text and "]" not in text and "}" not in text:
        return 0
    balance = 0
    for match in _BALANCE_TOKENS.finditer(text):
        ch = match.group()[0]
        if ch in "\"'":
            continue
        if ch == "#":
            break
        balance += 1 if ch in "[{" else -1
    return balance

