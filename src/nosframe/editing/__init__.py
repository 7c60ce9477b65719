"""Editing a framework file, headless: the rules every face (TUI, CLI, integrators) shares.

:class:`Session` opens a framework file (or starts a new one from presets), applies edits as
named operations, keeps undo and redo, a crash journal, and saves. :mod:`nosframe.editing.rules`
holds the pure functions from :class:`~nosframe.model.Framework` to ``Framework`` that the
session is built on. No Textual here.
"""

from nosframe.editing.catalogue import Catalogue, Entry
from nosframe.editing.rules import EditError
from nosframe.editing.session import (
    DiskState,
    History,
    Recovery,
    Session,
    describe_changes,
    journal_path,
)

__all__ = ["Catalogue", "DiskState", "EditError", "Entry", "History", "Recovery", "Session",
           "describe_changes", "journal_path"]
