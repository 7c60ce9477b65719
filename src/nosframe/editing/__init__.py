"""Editing a framework file, headless: the rules every face (TUI, CLI, integrators) shares.

:class:`Session` opens a framework file (or starts a new one from presets), applies edits as
named operations (:mod:`nosframe.editing.operations`: ``session.do(AddStandards(...))``), each
reporting what changed and which findings appeared or went away; it keeps undo and redo, a
crash journal, and saves. See ``docs/api.md``. :mod:`nosframe.editing.rules`
holds the pure functions from :class:`~nosframe.model.Framework` to ``Framework`` that the
session is built on. No Textual here.
"""

from nosframe.editing.catalogue import Catalogue, Entry
from nosframe.editing.operations import (
    Acknowledge,
    Add,
    AddStandards,
    Change,
    ClearMapping,
    Delete,
    EditResult,
    MakeOwn,
    Operation,
    RefreshLibrary,
    Rename,
    Retitle,
    Revert,
    SetField,
    SetMapping,
    Tailor,
    Unacknowledge,
    new_element,
)
from nosframe.editing.rules import EditError
from nosframe.editing.session import (
    ChangedOnDiskError,
    DiskState,
    History,
    MergeConflictError,
    Recovery,
    Session,
    describe_changes,
    journal_path,
)

__all__ = ["Acknowledge", "Unacknowledge", "Add", "AddStandards", "Catalogue", "ChangedOnDiskError",
           "Change", "ClearMapping", "Delete", "DiskState",
           "EditError", "EditResult", "Entry", "History", "MergeConflictError", "Operation", "Recovery", "RefreshLibrary",
           "Rename",
           "MakeOwn", "Retitle", "Revert", "Session", "SetField", "SetMapping", "Tailor", "describe_changes",
           "journal_path", "new_element"]
