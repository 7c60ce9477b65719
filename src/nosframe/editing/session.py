"""An editing session on one framework file: state, undo, saving, the recovery journal.

Headless (no Textual), so the TUI stays a thin view and every rule here is testable alone. The
editable state is the root :class:`Framework` (the organisation's file); the composed framework
follows it through :func:`nosframe.compose.recompose`. Frameworks are immutable, so the undo
history is a list of earlier roots.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import threading
from pathlib import Path
from typing import Any, Iterable

import attrs
from attrs import evolve, frozen

from nosframe.editing.present import override_text
from nosframe.compose import Composed, compose, load, memory_document, recompose
from nosframe.compose.composer import Layer, compose_layers
from nosframe.graph import graph_of
from nosframe.model import references
from nosframe.model.kinds import is_kind
from nosframe.model.references import Use
from nosframe.io import NosframeError, atomic_write, dumps, load_document, loads
from nosframe.io.toml import gc_paused
from nosframe.io.preserve import Rendered, render
from nosframe.model.findings import Location
from nosframe.io.convert import converter, structure_framework
from nosframe.model import (
    ELEMENT_KINDS,
    Finding,
    Framework,
    FrameworkInfo,
    LockedStandard,
    OverrideAction,
    Standard,
    normalise_code,
)
from nosframe.checks import CheckRun, run_checks_timed
from nosframe.editing import rules as edits
from nosframe.editing.rules import EditError
from nosframe.editing.catalogue import Catalogue
from nosframe.editing.operations import (
    Add,
    AddStandards,
    Change,
    Delete,
    EditResult,
    Operation,
    Rename,
    Retitle,
    Revert,
    SetMapping,
)

#: what the journal holds besides [framework]: every other part of the model, in its order
#: (the element kinds, overrides, the records of library standards ...)
_JOURNAL_ATTRS = tuple(a.name for a in attrs.fields(Framework) if a.name != "framework")

JOURNAL_FORMAT = "nosframe-journal"
JOURNAL_VERSION = 1


def journal_path(path: Path) -> Path:
    """Where the autosave journal of ``path`` lives: beside it, hidden."""
    return path.with_name(f".{path.name}.nosframe-journal")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def starter_title(path: Path, org: str | None = None) -> str:
    """The title a new framework gets when none is given: its organisation's name (else its
    file's) and "Professional Development Framework"."""
    name = (org or "").strip() or path.stem.replace("-", " ").replace("_", " ").title()
    return f"{name} Professional Development Framework"


def slug(text: str) -> str:
    """An id made from a name or a file's stem (a new framework's)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "framework"


class ChangedOnDiskError(NosframeError):
    """A save refused: another program changed (or removed) the file since it was opened or
    last saved, and writing now would overwrite that. ``Session.save(merge=True)`` merges;
    ``Session.save(force=True)`` overwrites; ``Session.reload()`` drops the edits."""

    def __init__(self, session: "Session"):
        self.path = session.path
        since = "opened" if session.saved_root is not None else "started"
        if session.path.exists():
            what = (f"{session.path} changed on disk since it was {since} here (another "
                    "program or session saved it); saving now would overwrite those changes")
            hint = ("merge both: save(merge=True) (the editor's Merge); or reload, dropping "
                    "these edits; or overwrite: save(force=True)")
        else:
            what = f"{session.path} was deleted or moved since it was {since} here"
            hint = "save(force=True) writes it again from what is open here"
        super().__init__(what, location=Location(file=str(session.path)), hint=hint)


class MergeConflictError(NosframeError):
    """``Session.save(merge=True)`` found the same field changed both here and on disk."""

    def __init__(self, session: "Session", conflicts: tuple):
        self.path = session.path
        self.conflicts = conflicts
        shown = "; ".join(c.text() for c in conflicts[:5])
        more = f"; and {len(conflicts) - 5} more" if len(conflicts) > 5 else ""
        super().__init__(
            f"{session.path} changed on disk since it was opened, and cannot be merged: "
            f"{len(conflicts)} conflict(s): {shown}{more}",
            location=Location(file=str(session.path)),
            hint="nothing was written: change those fields to agree, or reload (dropping "
                 "these edits), or overwrite: save(force=True)")


@frozen
class DiskState:
    """What a file looked like when it was read or written: to notice changes by others."""

    exists: bool
    mtime_ns: int = 0
    size: int = 0
    sha256: str = ""

    @classmethod
    def of(cls, path: Path) -> "DiskState":
        try:
            st = path.stat()
        except FileNotFoundError:
            return cls(False)
        return cls(True, st.st_mtime_ns, st.st_size, _sha256(path))

    def differs(self, path: Path) -> bool:
        """True when the file's content is not what it was (a touch alone is no change)."""
        try:
            st = path.stat()
        except FileNotFoundError:
            return self.exists
        if not self.exists:
            return True
        if st.st_mtime_ns == self.mtime_ns and st.st_size == self.size:
            return False
        return _sha256(path) != self.sha256


class History:
    """Undo and redo as stacks of earlier roots. Edits with the same ``coalesce`` key in a row
    (typing into one field) make one step."""

    def __init__(self, limit: int = 1000):
        self.limit = limit
        self.past: list[tuple[Framework, str]] = []
        self.future: list[tuple[Framework, str]] = []
        self._coalesce: object = None

    def record(self, before: Framework, label: str, coalesce: object = None) -> None:
        self.future.clear()
        if coalesce is not None and coalesce == self._coalesce and self.past:
            return
        self.past.append((before, label))
        del self.past[:-self.limit]
        self._coalesce = coalesce

    def undo(self, current: Framework) -> tuple[Framework, str] | None:
        self._coalesce = None
        if not self.past:
            return None
        before, label = self.past.pop()
        self.future.append((current, label))
        return before, label

    def redo(self, current: Framework) -> tuple[Framework, str] | None:
        self._coalesce = None
        if not self.future:
            return None
        after, label = self.future.pop()
        self.past.append((current, label))
        return after, label

    def break_run(self) -> None:
        self._coalesce = None


@frozen
class Recovery:
    """Edits found in a journal: what a crashed or killed session had not saved."""

    framework: Framework
    written: str  # ISO timestamp
    base_matches: bool  # the file on disk is still the one the journal's edits started from
    changes: tuple[str, ...]  # "role detective added", ... compared with the file on disk


def describe_changes(before: Framework | None, after: Framework) -> tuple[str, ...]:
    """Element-level differences between two roots, in words."""
    out: list[str] = []
    if before is None:
        return ("a new framework",)
    if before.framework != after.framework:
        out.append("framework details changed")
    for kind, attr in ELEMENT_KINDS:
        if getattr(before, attr) is getattr(after, attr):  # an edit keeps the tuples it leaves
            continue
        old = {e.key: e for e in getattr(before, attr)}
        new = {e.key: e for e in getattr(after, attr)}
        out += [f"{kind} {k} added" for k in new if k not in old]
        out += [f"{kind} {k} removed" for k in old if k not in new]
        # the same object is unchanged (an edit keeps the elements it leaves): compared only
        # when it is another one (attrs compares field by field, 2,000 roles on every key)
        out += [f"{kind} {k} changed" for k in new
                if k in old and new[k] is not old[k] and new[k] != old[k]]
    out += _describe_overrides(before.overrides, after.overrides)
    out += _describe_acknowledged(before.acknowledged, after.acknowledged)
    out += _describe_library_lock(before.library_lock, after.library_lock)
    return tuple(out)


def _describe_library_lock(old: tuple, new: tuple) -> list[str]:
    """Records of library standards ([[library_lock]]) made, refreshed or dropped, in words."""
    before = {e.key: e for e in old}
    after = {e.key: e for e in new}
    out = [f"library standard {e.standard.code} recorded from {e.library}"
           for k, e in after.items() if k not in before]
    out += [f"library standard {e.standard.code}: recorded copy refreshed from {e.library}"
            for k, e in after.items() if k in before and before[k] != e]
    out += [f"library standard {e.standard.code}: record dropped"
            for k, e in before.items() if k not in after]
    return out


def _describe_acknowledged(old: tuple, new: tuple) -> list[str]:
    """Acknowledgements added, changed or dropped: ``NF115 on standard:SFJAA1 acknowledged``."""
    def about(a: Any) -> str:
        return f"{a.code} on {a.element}" if a.element else a.code

    before = {(a.code, a.element): a for a in old}
    after = {(a.code, a.element): a for a in new}
    return ([f"{about(a)} acknowledged" for k, a in after.items() if k not in before]
            + [f"{about(a)}: acknowledgement changed" for k, a in after.items()
               if k in before and before[k] != a]
            + [f"{about(a)}: acknowledgement dropped" for k, a in before.items()
               if k not in after])


def _describe_overrides(old: tuple, new: tuple) -> list[str]:
    """Overrides of inherited elements added, changed or dropped, in words (``role pcso:
    retitled to 'PCSO'``). An override whose content changed is described by what changed
    (``standards changed``), not by every field it sets."""
    gone = [o for o in old if o not in new]
    came = [o for o in new if o not in old]
    out = []
    for o in came:
        before = next((g for g in gone if g.target == o.target and g.action == o.action), None)
        words = override_text(o)
        if before is not None and o.action.value == "set":
            fields = sorted(k for k in set(before.fields) | set(o.fields)
                            if before.fields.get(k) != o.fields.get(k))
            words = f"{', '.join(fields) or 'reason'} changed"
        out.append(f"{o.target.replace(':', ' ', 1)} (inherited): {words}")
    out += [f"{o.target.replace(':', ' ', 1)} (inherited): override dropped "
            f"({override_text(o)})" for o in gone
            if not any(c.target == o.target and c.action == o.action for c in came)]
    return out


class Session:
    """One framework file being edited."""

    def __init__(self, path: Path, plugins: Any, root: Framework, composed: Composed, *,
                 document: Any = None, today: dt.date | None = None):
        self.path = Path(path)
        self.plugins = plugins
        self.root = root
        self.composed = composed
        self.document = document  # the Document read from disk (None for a new file)
        self.saved_root: Framework | None = root if document is not None else None
        self.disk = DiskState.of(self.path)
        self.today = today
        self.history = History()
        self.generation = 0
        self.composed_generation = 0
        self._index: tuple[Composed | None, dict] = (None, {})  # (of what, key -> element)
        self._parent: tuple[tuple, Composed | None] = ((), None)
        #: (a root, its composition from memory) made by prepare_for_edits, for the first
        #: edit after opening to be patched into (see ensure_composed)
        self._from_memory: tuple[Framework, Composed] | None = None
        self._graph: tuple[int, Any] = (-1, None)
        self._own: dict[str, tuple[tuple, set[str]]] = {}  # kind: (its tuple, its keys)
        self._journal_lock = threading.Lock()
        self._journal_build_lock = threading.Lock()
        self._journal_cache: dict[int, tuple[Any, str]] = {}
        self._findings: tuple[int, list[Finding]] = (-1, [])
        self._check_run: CheckRun | None = None  # the last, for rerunning only some checks
        self._checks_lock = threading.Lock()  # one run at a time builds on the last
        self._catalogue: tuple[int, Any] = (-1, None)
        self._preset_cache: dict[str, Any] = {}

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike, plugins: Any, *, presets: Iterable[str] = (),
             org: str | None = None, today: dt.date | None = None) -> "Session":
        """Open a framework file, or start a new one (written only on save) when it does not
        exist. Raises :class:`NosframeError` for a file that cannot be read or composed."""
        path = Path(path)
        presets = tuple(presets)
        if path.exists():
            if presets:
                raise NosframeError(f"{path} already exists; --preset only starts a new file",
                                    hint="leave out --preset to edit it, or give a new path")
            # through the cache of compositions (NOSFRAME_CACHE): an unchanged file opens
            # from its entry, which holds its document (text, locator) as reading it gives
            composed = load(path, plugins)
            document = composed.root.document
            return cls(path, plugins, document.framework, composed, document=document,
                       today=today)
        return cls.new(path, plugins, presets=presets, org=org, today=today)

    @classmethod
    def new(cls, path: str | os.PathLike, plugins: Any, *, presets: Iterable[str] = (),
            org: str | None = None, title: str | None = None,
            today: dt.date | None = None) -> "Session":
        """Start a new framework extending ``presets``, to be written to ``path`` by
        :meth:`save` (nothing is written before). Raises :class:`NosframeError` when ``path``
        exists, its folder does not, or the presets cannot be composed (an unknown preset)."""
        path = Path(path)
        if path.exists():
            raise NosframeError(f"{path}: already exists; a new framework never overwrites a "
                                "file", hint="choose another path, or open it to edit it")
        if not path.parent.exists():
            raise NosframeError(f"{path.parent}: folder not found", hint="create it first")
        if org is not None and not org.strip():
            raise NosframeError("the organisation's name is empty",
                                hint='give it, e.g. --org "Northshire Police"')
        org = org.strip() if org else None
        root = Framework(FrameworkInfo(
            id=slug(org or path.stem),
            title=(title or "").strip() or starter_title(path, org),
            organisation=org or "", version="0.1.0", extends=tuple(presets)))
        composed = compose(memory_document(root, path.resolve()), plugins)
        return cls(path, plugins, root, composed, today=today)

    @property
    def name(self) -> str:
        """The file name people see (never a full path: screens stay the same everywhere)."""
        return self.path.name

    @property
    def is_new(self) -> bool:
        return self.saved_root is None

    @property
    def dirty(self) -> bool:
        return self.saved_root is None or self.root != self.saved_root

    # -- state changes --------------------------------------------------------------------------

    def apply(self, new_root: Framework, label: str, coalesce: object = None) -> bool:
        """Make ``new_root`` the current state (one undo step, unless coalesced)."""
        if new_root == self.root:
            return False
        self.history.record(self.root, label, coalesce)
        self.root = new_root
        self.generation += 1
        return True

    def undo(self) -> str | None:
        step = self.history.undo(self.root)
        if step is None:
            return None
        self.root, label = step
        self.generation += 1
        return label

    def redo(self) -> str | None:
        step = self.history.redo(self.root)
        if step is None:
            return None
        self.root, label = step
        self.generation += 1
        return label

    def drop_last(self) -> None:
        """Undo the last step and forget it (an edit that turned out unusable)."""
        if self.undo() is not None:
            self.history.future.pop()

    @property
    def stale(self) -> bool:
        return self.composed_generation != self.generation

    def ensure_composed(self) -> Composed:
        """Compose the current root if it changed since the last composition."""
        if self.stale:
            generation = self.generation
            base = self.composed
            prepared = self._from_memory
            if prepared is not None and prepared[0] is base.root.document.framework:
                base = prepared[1]  # the same root, composed from memory: patched into
            self._from_memory = None
            self.composed = recompose(base, self.root, self.plugins)
            self.composed_generation = generation
        return self.composed

    def prepare_for_edits(self) -> None:
        """Work out ahead what the first edits need, for an editor to call in the background
        once the file is open (each is 0.2 to 0.9 s at national size, which a key typed would
        otherwise wait for): the composition of what the file extends (:meth:`parent`, read by
        an edit of an inherited element), and the file's root composed from memory. A
        composition read from the file's text has the lines of its elements, which one made
        after an edit does not, so the first edit cannot be patched into it
        (:func:`nosframe.compose.composer.patch_composed`); into this one it can."""
        self.parent()
        composed = self.composed
        root = composed.root
        if self.stale or not root.document.text:
            return
        prepared = self._from_memory
        if prepared is not None and prepared[0] is root.document.framework:
            return
        layer = Layer(root.origin, memory_document(root.document.framework, root.document.path))
        with gc_paused():
            made = compose_layers(list(composed.layers[:-1]) + [layer], self.plugins)
        if self.composed is composed:  # no edit came meanwhile
            self._from_memory = (root.document.framework, made)

    # -- reading the composed model -------------------------------------------------------------

    def _elements(self) -> dict:
        if self.stale:
            self.ensure_composed()
        composed = self.composed
        indexed, index = self._index
        if indexed is composed:
            return index
        if indexed is not None and indexed.structure is composed.structure:
            # patched from the composition indexed: the same keys in the same places, so only
            # the elements that are not the ones there before are put in (in place: the index
            # is of the session's current composition, and each entry is replaced at once)
            index[("framework", "")] = composed.framework.framework
            for kind, attr in ELEMENT_KINDS:
                before, now = getattr(indexed.framework, attr), getattr(composed.framework, attr)
                if before is not now:
                    for old, element in zip(before, now):
                        if old is not element:
                            index[(kind, element.key)] = element
        else:
            index = {("framework", ""): composed.framework.framework}
            for kind, attr in ELEMENT_KINDS:
                for element in getattr(composed.framework, attr):
                    index[(kind, element.key)] = element
        self._index = (composed, index)
        return index

    def element(self, kind: str, key: str) -> Any:
        return self._elements().get((kind, edits.match_key(kind, key) if kind != "framework"
                                     else ""))

    def provenance(self, kind: str, key: str, *, fresh: bool = True):
        """Where an element comes from. ``fresh=False`` reads the last composition even when
        edits came since (the TUI while a person types: an element's origin does not change
        by editing its fields)."""
        if fresh and self.stale:
            self.ensure_composed()
        return self.composed.provenance_of(kind, edits.match_key(kind, key))

    def own_element(self, kind: str, key: str) -> Any:
        """The element as the organisation's file defines it (None when it is inherited)."""
        return edits.find(self.root, kind, key)[1]

    def is_own(self, kind: str, key: str) -> bool:
        """True when the organisation's file defines the element (else it is inherited)."""
        if kind == "framework":
            return True
        attr = edits.KIND_ATTR.get(kind)
        if attr is None:
            return False
        elements = getattr(self.root, attr)
        known = self._own.get(kind)
        if known is None or known[0] is not elements:  # an edit keeps the tuples it leaves
            known = self._own[kind] = (elements, {e.key for e in elements})
        return edits.match_key(kind, key) in known[1]

    def parent(self) -> Composed | None:
        """The composition of everything the file extends (without the file), cached."""
        layers = self.composed.layers[:-1]
        if not layers:
            return None
        if self._parent[0] != layers:
            self._parent = (layers, compose_layers(list(layers), None))
        return self._parent[1]

    def removed_elements(self) -> list[tuple[str, Any]]:
        """(kind, element) of each inherited element the file drops with a ``remove``
        override, as the presets define it."""
        out = []
        for o in self.root.overrides:
            if o.action is OverrideAction.REMOVE and ":" in o.target:
                kind, _, key = o.target.partition(":")
                if kind not in edits.KIND_ATTR or self.element(kind, key) is not None:
                    continue
                element = self.inherited_element(kind, key)
                if element is not None:
                    out.append((kind, element))
        return out

    def is_removed(self, kind: str, key: str) -> bool:
        wanted = edits.match_key(kind, key)
        return any(k == kind and e.key == wanted for k, e in self.removed_elements())

    def inherited_element(self, kind: str, key: str) -> Any:
        parent = self.parent()
        if parent is None:
            return None
        _, element = edits.find(parent.framework, kind, key)
        return element

    def graph(self):
        ident = id(self.ensure_composed())
        if self._graph[0] != ident:
            self._graph = (ident, graph_of(self.composed.framework))
        return self._graph[1]

    def where_used(self, kind: str, key: str) -> list[Use]:
        """Every element of the composed framework that refers to the ``kind`` element ``key``
        (roles requiring a standard and the mappings of its criteria, roles needing a behaviour
        or a level ...): what a delete leaves dangling, and the "used by" view."""
        if not is_kind(kind):
            return []
        return references.where_used(self.ensure_composed().framework, kind, key)

    def counts(self, *, fresh: bool = True) -> dict[str, int]:
        """Elements of each kind in the composed framework (``fresh=False``: as last
        composed, for a status line updated while a person types)."""
        fw = (self.ensure_composed() if fresh else self.composed).framework
        return {attr: len(getattr(fw, attr)) for _, attr in ELEMENT_KINDS if attr != "sources"}

    # -- edits ------------------------------------------------------------------------------

    def do(self, operation: Operation, *, check: bool = True,
           coalesce: object = None) -> EditResult:
        """Apply one operation as one undo step (unless ``coalesce`` matches the previous
        step's: typing into one field). Returns what changed and, with ``check``, which
        findings appeared or went away. Raises :class:`EditError` for an edit that cannot be
        made, leaving the state as it was."""
        before_root = self.root
        before = self.findings() if check else None
        new_root = operation.apply(self)
        applied = self.apply(new_root, operation.label, coalesce)
        if not applied:
            return EditResult(operation, False)
        changes = describe_changes(before_root, new_root)
        if not check:
            return EditResult(operation, True, changes)
        try:
            after = self.findings()
        except NosframeError:
            self.drop_last()  # the edit leaves a framework that cannot be composed
            raise
        appeared, resolved = EditResult.compare(before or (), after)
        return EditResult(operation, True, changes, appeared, resolved, checked=True)

    def findings(self) -> list[Finding]:
        """Every finding on the current state (composition problems and every check), cached
        until the next edit."""
        composed = self.ensure_composed()
        if self._findings[0] != self.composed_generation:
            self.findings_of(composed, self.composed_generation)
        return self._findings[1]

    def findings_of(self, composed: Composed, generation: int | None = None) -> list[Finding]:
        """The findings on ``composed``, a composition of this session (the current one or one
        an edit has since replaced: an editor checks in a thread while keys are typed), found
        as :meth:`findings` finds them: only the checks an edit can change run again, from the
        last run. ``generation``: the session's generation ``composed`` is of, to keep them as
        :meth:`findings`' answer while it is current."""
        with self._checks_lock:
            previous = self._check_run
            if previous is None or previous.composed is not composed:
                self._check_run = previous = run_checks_timed(
                    composed, self.plugins, today=self.today, previous=previous)
            found = list(previous.findings)
            if generation is not None and composed is self.composed:
                self._findings = (generation, found)
            return list(found)

    # The methods below are shorthands for :meth:`do` with the operation of the same name;
    # they return True when the state changed.

    def change(self, kind: str, key: str, old: Any, new: Any, *, label: str = "",
               coalesce: object = None) -> bool:
        """Apply a changed element (see :class:`~nosframe.editing.operations.Change`)."""
        return self.do(Change(kind, key, new, old), check=False, coalesce=coalesce).applied

    def add(self, kind: str, element: Any) -> bool:
        return self.do(Add(kind, element), check=False).applied

    def delete(self, kind: str, key: str) -> bool:
        return self.do(Delete(kind, key), check=False).applied

    def rename(self, kind: str, key: str, new: str) -> bool:
        return self.do(Rename(kind, key, new), check=False).applied

    def retitle(self, kind: str, key: str, title: str) -> bool:
        return self.do(Retitle(kind, key, title), check=False).applied

    def revert(self, kind: str, key: str) -> bool:
        return self.do(Revert(kind, key), check=False).applied

    def set_mapping(self, standard: str, criteria: Iterable[str], *, behaviour: str = "",
                    value: str = "", note: str | None = None) -> bool:
        return self.do(SetMapping(standard, tuple(criteria), behaviour=behaviour, value=value,
                                  note=note), check=False).applied

    def add_standards(self, role_id: str, standards: Iterable[Standard | str], *,
                      optional: bool = False) -> list[str]:
        """Add standards to a role; returns the codes added."""
        role = self.element("role", role_id)
        have = {normalise_code(c) for c in role.standards + role.optional_standards} \
            if role is not None else set()
        if not self.do(AddStandards(role_id, tuple(standards), optional), check=False):
            return []
        self.ensure_composed()
        role = self.element("role", role_id)
        return [c for c in role.standards + role.optional_standards
                if normalise_code(c) not in have]

    # -- standards from presets and libraries --------------------------------------------------

    def resolve_standard(self, wanted: Standard | str) -> Standard:
        """A standard given by code: the framework's own, else an installed preset's, else a
        library's. A :class:`Standard` value is taken as it is."""
        if isinstance(wanted, Standard):
            return wanted
        key = normalise_code(str(wanted))
        found = self.element("standard", key)
        if found is not None:
            return found
        for library in self._libraries():
            try:
                standard = library.get(key)
            except Exception:  # a failing library is reported by the checks, not here
                continue
            if isinstance(standard, Standard):
                return standard
        entry = next((e for e in self.catalogue().entries if e.key == key), None)
        if entry is not None:
            return entry.standard
        if not key:
            raise EditError("give a standard's code")
        raise EditError(f"no standard {wanted!r} in the framework, its presets or any "
                        "installed library")

    def catalogue(self) -> Catalogue:
        """Every standard a person could add (framework, presets, libraries), for pickers."""
        ident = id(self.ensure_composed())
        if self._catalogue[0] != ident:
            self._catalogue = (ident, Catalogue.build(self.composed, self.plugins,
                                                      self._preset_cache))
        return self._catalogue[1]

    def _libraries(self) -> list[Any]:
        return list(self.plugins.libraries().values()) if self.plugins is not None else []

    def library_copy(self, code: str, library: str | None = None) -> LockedStandard | None:
        """A record of the library standard ``code`` as an installed library (the first that
        has it, or the one named ``library``) holds it now: its copy, where in the library it
        comes from and today's date, for the file's ``[[library_lock]]``. None when no
        installed library has it."""
        key = normalise_code(code)
        for found in self._libraries():
            if library is not None and found.name != library:
                continue
            try:
                standard = found.get(key)
            except Exception:  # a failing library is reported by the checks, not here
                continue
            if not isinstance(standard, Standard):
                continue
            try:
                source = found.source_of(key)
            except Exception:
                source = ""
            return LockedStandard(standard, found.name,
                                  source if isinstance(source, str) else "",
                                  self.today or dt.date.today())
        return None

    def library_has(self, key: str) -> bool:
        for library in self._libraries():
            try:
                if library.get(key) is not None:
                    return True
            except Exception:
                continue
        return False

    # -- saving -------------------------------------------------------------------------------

    def disk_changed(self) -> bool:
        return self.disk.differs(self.path)

    def save(self, *, canonical: bool = False, force: bool = False,
             merge: bool = False) -> Rendered:
        """Write the file atomically, changing only what was edited: comments, blank lines,
        key order and inline tables of everything else stay as they were
        (:func:`nosframe.io.preserve.render`). ``canonical=True`` writes the canonical form
        instead (``nosframe fmt``). The text written always loads back as :attr:`root`; the
        result says when it had to be canonical and why (``Rendered.canonical``).

        Another writer is never overwritten silently: when the file changed on disk since it
        was opened (or last saved), this raises :class:`ChangedOnDiskError` and writes nothing.
        ``merge=True`` then merges instead (:mod:`nosframe.editing.merge`, three-way: the file
        as opened, these edits, the file as it is now; written over the file's present text),
        raising :class:`MergeConflictError` and writing nothing when both changed one field
        differently; ``force=True`` overwrites."""
        if not force and self.disk_changed():
            if not merge or not self.path.exists():
                raise ChangedOnDiskError(self)
            return self._save_merged()
        if self.document is not None and self.document.text and not canonical:
            rendered = render(self.document.text, self.document.framework, self.root,
                              self.path)
        else:
            text = dumps(self.root)
            rendered = Rendered(text, loads(text, self.path),
                                "" if self.document is None else "asked for")
        atomic_write(self.path, rendered.text)
        return self._saved(rendered)

    def _saved(self, rendered: Rendered) -> Rendered:
        """What holds once ``rendered`` is on disk: it is the file now, nothing is unsaved."""
        self.document = rendered.document
        self.saved_root = self.root
        self.disk = DiskState.of(self.path)
        self.history.break_run()
        self.discard_journal()
        return rendered

    def _save_merged(self) -> Rendered:
        from nosframe.editing.merge import merge_frameworks

        disk = DiskState.of(self.path)
        theirs = load_document(self.path)
        base = self.saved_root if self.saved_root is not None else Framework(
            FrameworkInfo(id=self.root.framework.id))
        merged, _, conflicts = merge_frameworks(base, self.root, theirs.framework)
        if conflicts:
            raise MergeConflictError(self, conflicts)
        rendered = render(theirs.text, theirs.framework, merged, self.path)
        if disk.differs(self.path):  # a third writer meanwhile: merge again from the start
            raise ChangedOnDiskError(self)
        atomic_write(self.path, rendered.text)
        if merged != self.root:
            self.apply(merged, "merge the changes made on disk")
        return self._saved(rendered)

    def reload(self) -> None:
        """Read the file again from disk, dropping every unsaved edit (undo included)."""
        fresh = Session.open(self.path, self.plugins, today=self.today)
        lock = self._journal_lock
        generation = self.generation + 1
        self.__dict__.update(fresh.__dict__)
        self._journal_lock = lock
        self.generation = generation  # a journal being written for the old state is dropped
        self.composed_generation = generation
        self.discard_journal()

    # -- journal ------------------------------------------------------------------------------

    @property
    def journal(self) -> Path:
        return journal_path(self.path)

    def write_journal(self) -> None:
        """Write (or, with nothing unsaved, remove) the autosave journal, atomically.

        Safe to call from a worker thread: the text is built outside the lock, and written
        only if the state it was built from is still the current, unsaved one."""
        root, generation = self.root, self.generation
        if not self.dirty:
            self.discard_journal()
            return
        with self._journal_build_lock:
            head = json.dumps({
                "format": JOURNAL_FORMAT, "version": JOURNAL_VERSION, "file": self.name,
                "written": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                "base_sha256": self.disk.sha256}, ensure_ascii=False)
            text = head[:-1] + ', "framework": ' + self._journal_text(root) + "}"
        with self._journal_lock:
            if self.generation == generation and self.dirty:
                atomic_write(self.journal, text)

    def _journal_text(self, root: Framework) -> str:
        """JSON of ``root`` for the journal, element by element. Elements are immutable, so
        each one's JSON is kept between writes: after an edit only the changed element is
        converted again, and no single step holds the interpreter for long (this runs in a
        thread while the person types)."""
        cache = self._journal_cache
        fresh: dict[int, tuple[Any, str]] = {}

        def text(element: Any) -> str:
            hit = cache.get(id(element))
            if hit is None or hit[0] is not element:
                data = converter.unstructure(element, type(element))
                hit = (element, json.dumps(data, default=str, ensure_ascii=False))
            fresh[id(element)] = hit
            return hit[1]

        sections = [f'"framework": {text(root.framework)}']
        for attr in _JOURNAL_ATTRS:
            items = getattr(root, attr)
            if items:
                sections.append(f'"{attr}": [' + ", ".join(text(e) for e in items) + "]")
        self._journal_cache = fresh
        return "{" + ", ".join(sections) + "}"

    def discard_journal(self) -> None:
        with self._journal_lock:
            try:
                self.journal.unlink()
            except FileNotFoundError:
                pass

    def read_journal(self) -> Recovery | None:
        """The edits a previous session left unsaved, if any. Raises NosframeError for a
        journal that cannot be read (it is left in place for a person to look at)."""
        if not self.journal.exists():
            return None
        try:
            data = json.loads(self.journal.read_text(encoding="utf-8"))
            if data.get("format") != JOURNAL_FORMAT:
                raise ValueError("not a nosframe journal")
            framework = structure_framework(data["framework"])
        except Exception as exc:
            raise NosframeError(f"{self.journal.name}: unreadable journal ({exc})",
                                hint="delete it to stop this message") from None
        base = self.disk.sha256 if self.disk.exists else ""
        return Recovery(framework, str(data.get("written", "")),
                        data.get("base_sha256", "") == base,
                        describe_changes(self.saved_root, framework))

    def recover(self, recovery: Recovery) -> None:
        """Take the journal's edits as one undoable step (the journal stays until a save)."""
        self.apply(recovery.framework, "recover unsaved edits")


__all__ = ["ChangedOnDiskError", "DiskState", "MergeConflictError", "History", "Recovery", "Session", "describe_changes", "journal_path"]
