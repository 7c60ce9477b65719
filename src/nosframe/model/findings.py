"""Findings: what checks, importers and composition say about a framework. Plain data."""

from __future__ import annotations

import enum
from typing import Any

from attrs import define, field, frozen

from nosframe.model.elements import Acknowledgement


@define(frozen=True, eq=False, repr=False)
class Location:
    """Where something is: a file, the line where known, and the path inside the document.

    A location made by a document's locator (:meth:`lazy`) finds its line only when the line
    is first read: loading a file locates every element, and most of those lines are never
    shown. Equality, hashing and ``repr`` are those of the three fields, the line found."""

    file: str = ""
    _line: int | None = field(default=None, alias="line")
    path: str = ""
    #: (lines, doc_path) while the line is not found yet: ``lines.line_of(doc_path)`` finds it
    _pending: Any = field(default=None, alias="pending", kw_only=True)

    __match_args__ = ("file", "line", "path")

    @classmethod
    def lazy(cls, file: str, path: str, lines: Any) -> "Location":
        """The location of ``path`` in ``file``, its line found by ``lines.line_of(path)`` when
        first read (``lines`` is a :class:`nosframe.io.locate.Locator`)."""
        return cls(file, None, path, pending=(lines, path))

    @property
    def line(self) -> int | None:
        pending = self._pending
        if pending is not None:
            object.__setattr__(self, "_line", pending[0].line_of(pending[1]))
            object.__setattr__(self, "_pending", None)
        return self._line

    def _key(self) -> tuple:
        return (self.file, self.line, self.path)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()  # type: ignore[attr-defined]

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Location(file={self.file!r}, line={self.line!r}, path={self.path!r})"

    def __getstate__(self) -> tuple:  # a line not found yet stays so (its locator is kept)
        return (self.file, self._line, self.path, self._pending)

    def __setstate__(self, state: tuple) -> None:
        for name, value in zip(("file", "_line", "path", "_pending"), state):
            object.__setattr__(self, name, value)

    def __str__(self) -> str:
        text = self.file or "<memory>"
        if self.line is not None:
            text += f":{self.line}"
        if self.path:
            text += f": {self.path}"
        return text

    def to_json(self) -> dict:
        return {"file": self.file or None, "line": self.line, "path": self.path or None}


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


class FindingOrigin(enum.Enum):
    """Whose problem a finding is. The check engine decides it from provenance
    (:func:`nosframe.checks.attribution.attribute`): a finding about an element the file defines
    or overrides, or at a reference its own element or override makes, is the file's ``own``;
    one only in what it inherits (presets, files it extends, libraries) is ``inherited``."""

    OWN = "own"
    INHERITED = "inherited"


@frozen
class Finding:
    """One thing a check found. ``code`` is stable (``NF101``) so it can be looked up and
    acknowledged. ``origin`` and ``acknowledged`` are set by the check engine."""

    code: str
    severity: Severity
    message: str
    hint: str = ""
    location: Location = Location()
    element: tuple[str, str] | None = None  # (kind, key) of the element it is about, if any
    check: str = ""  # name of the check that made it
    plugin: str = ""  # plugin that registered that check
    origin: FindingOrigin = FindingOrigin.OWN  # the file's own, or only in what it inherits
    acknowledged: Acknowledgement | None = None  # the file's [[acknowledged]] entry matching it

    @property
    def own(self) -> bool:
        """The file's own problem (not only in what it inherits)."""
        return self.origin is FindingOrigin.OWN

    @property
    def open(self) -> bool:
        """Shown by default: the file's own and not acknowledged."""
        return self.own and self.acknowledged is None

    def to_json(self) -> dict:
        ack = self.acknowledged
        return {"code": self.code, "severity": self.severity.value, "message": self.message,
                "hint": self.hint, "location": self.location.to_json(),
                "origin": self.origin.value,
                "acknowledged": None if ack is None else {
                    "reason": ack.reason, "by": ack.by or None,
                    "date": ack.date.isoformat() if ack.date else None}}

    def __str__(self) -> str:
        text = f"{self.location}: {self.severity.value} {self.code}: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text
