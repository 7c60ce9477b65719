"""Findings: what checks, importers and composition say about a framework. Plain data."""

from __future__ import annotations

import enum

from attrs import frozen

from nosframe.model.elements import Acknowledgement


@frozen
class Location:
    """Where something is: a file, the line where known, and the path inside the document."""

    file: str = ""
    line: int | None = None
    path: str = ""  # e.g. "roles[3].standards[1]"

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
