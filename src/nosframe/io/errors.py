"""Errors that make an input unusable (exit code 2), with a location a person can act on."""

from __future__ import annotations

from nosframe.model.findings import Location


class NosframeError(Exception):
    """Base class of every error nosframe reports to a person instead of a traceback."""

    def __init__(self, message: str, *, location: Location | None = None, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.location = location or Location()
        self.hint = hint

    def __str__(self) -> str:
        where = self.location
        # an error about no file in particular (an option, a path named in the message) has no
        # place to print before it
        text = f"{where}: {self.message}" if where != Location() else self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class LoadError(NosframeError):
    """A framework file (or preset) cannot be read: syntax, types, keys, size, encoding."""


class ComposeError(NosframeError):
    """``extends`` cannot be resolved: unknown preset, missing file, escape, cycle."""


class FormatError(NosframeError):
    """An importer or exporter cannot do what was asked."""
