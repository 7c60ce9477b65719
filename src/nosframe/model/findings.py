"""Findings: what checks, importers and composition say about a framework. Plain data."""

from __future__ import annotations

import enum

from attrs import frozen


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


@frozen
class Finding:
    """One thing a check found. ``code`` is stable (``NF101``) so it can be looked up and ignored."""

    code: str
    severity: Severity
    message: str
    hint: str = ""
    location: Location = Location()
    element: tuple[str, str] | None = None  # (kind, key) of the element it is about, if any
    check: str = ""  # name of the check that made it
    plugin: str = ""  # plugin that registered that check

    def to_json(self) -> dict:
        return {"code": self.code, "severity": self.severity.value, "message": self.message,
                "hint": self.hint, "location": self.location.to_json()}

    def __str__(self) -> str:
        text = f"{self.location}: {self.severity.value} {self.code}: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text
