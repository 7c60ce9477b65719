"""Editing a person record, headless: typed operations applied by :meth:`PersonSession.do`,
undo and redo (the framework session's :class:`~nosframe.editing.session.History`), atomic
saves that keep the file's layout (:func:`nosframe.io.people.save_person`), a merge that
re-applies the edits made since the last save to the record as another writer left it, and a
recovery journal beside the record (like the framework editor's, mode 0600: personal data).

The record is checked against nothing here: what a requirement needs is
``nosframe.analysis.people``. An operation refuses only what cannot be a record (an entry that
is not there, a level that is not a whole number), with :class:`EditError`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import ClassVar, Iterable

import attrs
from attrs import evolve, frozen

from nosframe.editing.rules import EditError
from nosframe.editing.session import DiskState, History, journal_path
from nosframe.io.atomic import atomic_write
from nosframe.io.convert import converter
from nosframe.io.errors import Location, NosframeError
from nosframe.io.people import (
    PersonDocument,
    dumps_person,
    load_person,
    loads_person,
    person_data,
    save_person,
)
from nosframe.model.people import (
    BehaviourAssessment,
    CriterionEvidence,
    Method,
    Person,
    PersonInfo,
)


class PersonOperation:
    """Base of every edit of a person record."""

    name: ClassVar[str] = ""

    @property
    def label(self) -> str:  # pragma: no cover - every operation has its own
        return self.name

    def apply(self, person: Person) -> Person:
        raise NotImplementedError

    def bound(self, person: Person) -> "PersonOperation":
        """This operation as recorded for replaying: one that names an entry by its index
        also names the entry itself (so a merge never removes another one)."""
        return self

    def replay(self, person: Person, base: Person) -> Person:
        """Apply this edit, made on ``base``, to ``person`` (the record as another writer
        left it). Raises :class:`EditError` when it cannot be re-applied there."""
        return self.apply(person)


def _entry_index(items: tuple, index: int, entry: object, what: str) -> int:
    """Where ``entry`` is in ``items``: at ``index`` if it is still there, else its first
    place; without ``entry``, ``index`` itself. Raises EditError when it is not there."""
    if entry is None:
        if not 0 <= index < len(items):
            raise EditError(f"there is no {what} {index + 1} (the record holds {len(items)})")
        return index
    if 0 <= index < len(items) and items[index] == entry:
        return index
    for i, item in enumerate(items):
        if item == entry:
            return i
    raise EditError(f"that {what} is no longer in the record")


def _replay_removal(op: "RemoveEvidence | RemoveAssessment", items: tuple) -> bool:
    """For a removal being re-applied: True to apply it, False when the entry is gone
    already (removed there too). An entry of the same key but changed is a conflict."""
    if op.entry is None or op.entry in items:
        return True
    if any(item.key == op.entry.key for item in items):
        raise EditError("that entry was changed on disk since (the same criterion and date, "
                        "other details)")
    return False


@frozen
class AddEvidence(PersonOperation):
    """Record evidence of one criterion (``"*"``: the standard as a whole)."""

    evidence: CriterionEvidence
    name: ClassVar[str] = "add-evidence"

    @property
    def label(self) -> str:
        return f"add evidence of {self.evidence.standard} {self.evidence.criterion}"

    def apply(self, person: Person) -> Person:
        if any(e.key == self.evidence.key and e == self.evidence for e in person.evidence):
            raise EditError(f"this evidence of {self.evidence.standard} "
                            f"{self.evidence.criterion} is already recorded")
        return evolve(person, evidence=person.evidence + (self.evidence,))

    def replay(self, person: Person, base: Person) -> Person:
        if self.evidence in person.evidence:  # added there too
            return person
        return self.apply(person)


@frozen
class RemoveEvidence(PersonOperation):
    """Remove one piece of evidence: ``entry`` (found at ``index`` or, if the record changed,
    wherever it is now), or without ``entry`` whatever is at ``index``."""

    index: int
    entry: CriterionEvidence | None = None
    name: ClassVar[str] = "remove-evidence"

    @property
    def label(self) -> str:
        e = self.entry
        if e is None:
            return f"remove evidence {self.index + 1}"
        return f"remove evidence of {e.standard} {e.criterion} ({e.date.isoformat()})"

    def apply(self, person: Person) -> Person:
        index = _entry_index(person.evidence, self.index, self.entry, "evidence")
        items = list(person.evidence)
        del items[index]
        return evolve(person, evidence=tuple(items))

    def bound(self, person: Person) -> "RemoveEvidence":
        if self.entry is None and 0 <= self.index < len(person.evidence):
            return evolve(self, entry=person.evidence[self.index])
        return self

    def replay(self, person: Person, base: Person) -> Person:
        return self.apply(person) if _replay_removal(self, person.evidence) else person


@frozen
class SetLevel(PersonOperation):
    """Record an assessed behaviour level (a new assessment; earlier ones stay, for audit)."""

    assessment: BehaviourAssessment
    name: ClassVar[str] = "set-level"

    @property
    def label(self) -> str:
        return f"assess {self.assessment.behaviour} at level {self.assessment.level}"

    def apply(self, person: Person) -> Person:
        level = self.assessment.level
        if type(level) is not int or level < 0:
            raise EditError(f"a level is a whole number, not {level!r}")
        if self.assessment in person.behaviours:
            raise EditError("this assessment is already recorded")
        return evolve(person, behaviours=person.behaviours + (self.assessment,))

    def replay(self, person: Person, base: Person) -> Person:
        if self.assessment in person.behaviours:  # recorded there too
            return person
        return self.apply(person)


@frozen
class RemoveAssessment(PersonOperation):
    """Remove one behaviour assessment: ``entry`` (found at ``index`` or wherever it is now),
    or without ``entry`` whatever is at ``index``."""

    index: int
    entry: BehaviourAssessment | None = None
    name: ClassVar[str] = "remove-assessment"

    @property
    def label(self) -> str:
        a = self.entry
        if a is None:
            return f"remove assessment {self.index + 1}"
        return f"remove assessment of {a.behaviour} at level {a.level} ({a.date.isoformat()})"

    def apply(self, person: Person) -> Person:
        index = _entry_index(person.behaviours, self.index, self.entry, "assessment")
        items = list(person.behaviours)
        del items[index]
        return evolve(person, behaviours=tuple(items))

    def bound(self, person: Person) -> "RemoveAssessment":
        if self.entry is None and 0 <= self.index < len(person.behaviours):
            return evolve(self, entry=person.behaviours[self.index])
        return self

    def replay(self, person: Person, base: Person) -> Person:
        return self.apply(person) if _replay_removal(self, person.behaviours) else person


@frozen
class SetPerson(PersonOperation):
    """Set one field of the ``[person]`` table (name, role, ...)."""

    field: str
    value: object
    name: ClassVar[str] = "set-person"

    @property
    def label(self) -> str:
        return f"set {self.field}"

    def apply(self, person: Person) -> Person:
        names = {a.name for a in attrs.fields(PersonInfo)}
        if self.field not in names:
            raise EditError(f"[person] has no field {self.field!r}; its fields: "
                            + ", ".join(sorted(names)))
        try:
            info = evolve(person.person, **{self.field: self.value})
        except (TypeError, ValueError) as exc:
            raise EditError(f"person {self.field}: {exc}") from None
        return evolve(person, person=info)

    def replay(self, person: Person, base: Person) -> Person:
        theirs = getattr(person.person, self.field, None)
        if theirs != getattr(base.person, self.field, None) and theirs != self.value:
            raise EditError(f"{self.field} was changed on disk too (to {theirs!r})")
        return self.apply(person)


def operations_between(before: Person, after: Person) -> tuple[PersonOperation, ...]:
    """The edits that turn ``before`` into ``after``: entries removed, entries added,
    ``[person]`` fields set (for a recovered journal: what it changed, and what to re-apply
    to a record changed since)."""
    out: list[PersonOperation] = []
    for attr, remove, add in (("evidence", RemoveEvidence, AddEvidence),
                              ("behaviours", RemoveAssessment, SetLevel)):
        remaining = list(getattr(after, attr))
        for index, item in enumerate(getattr(before, attr)):
            if item in remaining:
                remaining.remove(item)
            else:
                out.append(remove(index, item))
        out += [add(item) for item in remaining]
    for f in attrs.fields(PersonInfo):
        value = getattr(after.person, f.name)
        if getattr(before.person, f.name) != value:
            out.append(SetPerson(f.name, value))
    return tuple(out)


class ChangedOnDisk(NosframeError):
    """The record was changed by someone else since it was opened (or last saved here)."""


class CannotMerge(NosframeError):
    """``save(merge=True)`` could not re-apply some edits to the record on disk; nothing was
    written. ``failed``: (the edit's label, why) of each."""

    def __init__(self, message: str, failed: tuple[tuple[str, str], ...] = (), **kwargs):
        super().__init__(message, **kwargs)
        self.failed = failed


JOURNAL_FORMAT = "nosframe-person-journal"
JOURNAL_VERSION = 1
#: a journal holds a person's record: readable by its owner only
JOURNAL_MODE = 0o600


@frozen
class PersonRecovery:
    """Edits found in a journal: what a killed or crashed person view had not saved."""

    person: Person  # the record with them (re-applied to the file on disk when it changed)
    written: str  # ISO timestamp
    base_matches: bool  # the file on disk is still the one the edits started from
    operations: tuple[PersonOperation, ...]  # the edits that re-apply
    failed: tuple[tuple[str, str], ...] = ()  # (label, why) of those that do not

    @property
    def changes(self) -> tuple[str, ...]:
        return tuple(op.label for op in self.operations)


class PersonSession:
    """One person record being edited: ``do``, ``undo``, ``redo``, ``save``."""

    def __init__(self, document: PersonDocument):
        self.document = document
        self.person = document.person
        self.history = History()
        self.disk = DiskState.of(document.path) if document.path else DiskState(False)
        # the operations of each undo step, beside the history's stacks
        self._past_ops: list[tuple[PersonOperation, ...]] = []
        self._future_ops: list[tuple[PersonOperation, ...]] = []
        self._saved_at: int | None = 0  # undo steps from the start to the state saved

    @classmethod
    def open(cls, path: str | os.PathLike) -> "PersonSession":
        return cls(load_person(path))

    @classmethod
    def new(cls, path: str | os.PathLike, person_id: str, *, name: str = "",
            role: str = "") -> "PersonSession":
        """A record not yet written (``save`` writes it; an existing file is refused)."""
        path = Path(path)
        if path.exists():
            raise NosframeError("a file is already there", location=Location(str(path)),
                                hint="open it instead, or choose another name")
        person = Person(PersonInfo(person_id, name, role))
        session = cls(loads_person(dumps_person(person), path))
        session._new = True
        session._saved_at = None  # nothing to merge into: the file is new
        return session

    _new = False

    @property
    def path(self) -> Path | None:
        return self.document.path

    @property
    def dirty(self) -> bool:
        return self._new or self.person != self.document.person

    def do(self, operation: PersonOperation) -> bool:
        """Apply one operation; True when the record changed. Raises EditError."""
        operation = operation.bound(self.person)
        after = operation.apply(self.person)
        if after == self.person:
            return False
        self._record(operation.label, (operation,))
        self.person = after
        return True

    def _record(self, label: str, operations: tuple[PersonOperation, ...]) -> None:
        """One undo step from the current record, made of ``operations``."""
        past = self._past_ops
        if self._saved_at is not None and len(past) < self._saved_at:
            self._saved_at = None  # the state saved was on the redo stack, cleared now
        self.history.record(self.person, label)  # type: ignore[arg-type]
        past.append(operations)
        self._future_ops.clear()
        dropped = len(past) - len(self.history.past)  # the history keeps a limited number
        if dropped > 0:
            del past[:dropped]
            if self._saved_at is not None:
                self._saved_at = self._saved_at - dropped if self._saved_at >= dropped else None

    def undo(self) -> str | None:
        step = self.history.undo(self.person)  # type: ignore[arg-type]
        if step is None:
            return None
        self._future_ops.append(self._past_ops.pop())
        self.person, label = step  # type: ignore[assignment]
        return label

    def redo(self) -> str | None:
        step = self.history.redo(self.person)  # type: ignore[arg-type]
        if step is None:
            return None
        self._past_ops.append(self._future_ops.pop())
        self.person, label = step  # type: ignore[assignment]
        return label

    @property
    def unsaved_operations(self) -> tuple[PersonOperation, ...] | None:
        """The edits made since the last save (what a merge re-applies), in order; None when
        they are not a list of edits: undone past the last save, or a new record."""
        at = self._saved_at
        if at is None or len(self._past_ops) < at:
            return None
        return tuple(op for step in self._past_ops[at:] for op in step)

    def disk_changed(self) -> bool:
        return self.path is not None and self.disk.differs(self.path)

    def save(self, *, force: bool = False, merge: bool = False) -> None:
        """Write the record atomically, keeping its comments and layout. A file changed on
        disk since it was opened (or last saved) is refused with :class:`ChangedOnDisk`;
        ``merge=True`` then reloads it and re-applies the edits made since the last save
        (:attr:`unsaved_operations`) to it, raising :class:`CannotMerge` with those that
        cannot be and writing nothing; ``force=True`` overwrites it."""
        path = self.document.path
        if path is None:  # pragma: no cover - sessions always have a path
            raise NosframeError("this record has no file to save to")
        if not force and self.disk_changed():
            if not merge:
                raise ChangedOnDisk(
                    "the record was changed on disk since it was opened",
                    location=Location(str(path)),
                    hint="merge: save(merge=True) re-applies these edits to the record as it "
                         "is now (the person view's Merge); or overwrite: save(force=True)")
            self._save_merged(path)
            return
        before = None if self._new else self.document
        self._saved(save_person(self.person, path, before=before))

    def _saved(self, document: PersonDocument) -> None:
        self.document = document
        self.disk = DiskState.of(document.path)  # type: ignore[arg-type]
        self._new = False
        self._saved_at = len(self._past_ops)
        self.discard_journal()

    def _save_merged(self, path: Path) -> None:
        where = Location(str(path))
        if not path.exists():
            raise CannotMerge("the record was deleted or moved since it was opened: there is "
                              "nothing to merge into", location=where,
                              hint="save(force=True) writes it again from what is open here")
        operations = self.unsaved_operations
        if operations is None:
            raise CannotMerge("these edits cannot be re-applied one by one: undo went back "
                              "past the last save", location=where,
                              hint="redo up to the last save, or overwrite: save(force=True)")
        disk = DiskState.of(path)
        theirs = load_person(path)
        merged, _, failed = _replay(operations, theirs.person, self.document.person)
        if failed:
            shown = "; ".join(f"{label} ({why})" for label, why in failed)
            raise CannotMerge(f"nothing was written: {len(failed)} of your edits cannot be "
                              f"re-applied to the record as it is now: {shown}",
                              failed=failed, location=where,
                              hint="open the record again to see the other changes, or "
                                   "overwrite: save(force=True)")
        if disk.differs(path):  # a third writer meanwhile
            raise ChangedOnDisk("the record changed on disk again while merging",
                                location=where, hint="save again to merge again")
        document = save_person(merged, path, before=theirs)
        if merged != self.person:
            self._record("merge the changes made on disk", ())
            self.person = merged
        self._saved(document)

    def reload(self) -> None:
        """Read the record again from disk, dropping every unsaved edit (undo included)."""
        fresh = PersonSession.open(self.path)  # type: ignore[arg-type]
        self.__dict__.update(fresh.__dict__)
        self.discard_journal()

    # -- the recovery journal ---------------------------------------------------------------

    @property
    def journal(self) -> Path:
        return journal_path(self.path)  # type: ignore[arg-type]

    def write_journal(self) -> None:
        """Write (or, with nothing unsaved, remove) the recovery journal beside the record,
        atomically and readable by its owner only (mode 0600): it holds personal data."""
        if not self.dirty:
            self.discard_journal()
            return
        data = {"format": JOURNAL_FORMAT, "version": JOURNAL_VERSION,
                "file": self.path.name,  # type: ignore[union-attr]
                "written": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                "base_sha256": self.disk.sha256 if self.disk.exists else "",
                "base": person_data(self.document.person), "person": person_data(self.person)}
        atomic_write(self.journal, json.dumps(data, default=str, ensure_ascii=False, indent=1)
                     + "\n", mode=JOURNAL_MODE)

    def discard_journal(self) -> None:
        try:
            self.journal.unlink()
        except FileNotFoundError:
            pass

    def read_journal(self) -> PersonRecovery | None:
        """The edits a previous person view left unsaved, if any (made on the record as it is
        on disk, or re-applied to it when it changed since). Raises NosframeError for a
        journal that cannot be read (it is left in place for a person to look at)."""
        if not self.journal.exists():
            return None
        try:
            data = json.loads(self.journal.read_text(encoding="utf-8"))
            if data.get("format") != JOURNAL_FORMAT:
                raise ValueError("not a nosframe person journal")
            person = converter.structure(data["person"], Person)
            base = converter.structure(data["base"], Person)
        except Exception as exc:
            raise NosframeError(f"{self.journal.name}: unreadable journal ({exc})",
                                location=Location(str(self.journal)),
                                hint="delete it to stop this message") from None
        on_disk = self.disk.sha256 if self.disk.exists else ""
        matches = data.get("base_sha256", "") == on_disk
        operations = operations_between(base, person)
        if matches:
            return PersonRecovery(person, str(data.get("written", "")), True, operations)
        merged, applied, failed = _replay(operations, self.document.person, base)
        return PersonRecovery(merged, str(data.get("written", "")), False, applied, failed)

    def recover(self, recovery: PersonRecovery) -> None:
        """Take the journal's edits as one undoable step (the journal stays until a save)."""
        if recovery.person != self.person:
            self._record("recover unsaved edits", recovery.operations)
            self.person = recovery.person


def _replay(operations, person: Person, base: Person):
    """``operations`` (made on ``base``) re-applied to ``person``: the record then, the
    operations re-applied, and (label, why) of each that cannot be."""
    applied: list[PersonOperation] = []
    failed: list[tuple[str, str]] = []
    for op in operations:
        try:
            person = op.replay(person, base)
        except EditError as exc:
            failed.append((op.label, str(exc)))
        else:
            applied.append(op)
    return person, tuple(applied), tuple(failed)


# -- from what a person types (the person view's forms), headless -----------------------------


def _parse_date(text: str, what: str, *, optional: bool = False,
                not_after: dt.date | None = None) -> dt.date | None:
    text = text.strip()
    if not text:
        if optional:
            return None
        raise EditError(f"{what}: a date is needed (YYYY-MM-DD)")
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise EditError(f"{what}: {text!r} is not a date (write YYYY-MM-DD)") from None
    if not_after is not None and day > not_after:
        raise EditError(f"{what}: {day.isoformat()} is after today ({not_after.isoformat()}): "
                        "record evidence once it has been assessed")
    return day


def _dates(form: dict[str, str], today: dt.date | None) -> tuple[dt.date, dt.date | None]:
    """The form's date (not after today) and optional expiry (not before the date)."""
    date = _parse_date(form.get("date", ""), "date", not_after=today or dt.date.today())
    expires = _parse_date(form.get("expires", ""), "expires", optional=True)
    if expires is not None and date is not None and expires < date:
        raise EditError("expires: the evidence cannot end before it was assessed")
    return date, expires  # type: ignore[return-value]


def _parse_method(text: str) -> Method | None:
    text = " ".join(text.strip().lower().split())
    if not text:
        return None
    for method in Method:
        if method.value == text or method.value.startswith(text):
            return method
    raise EditError(f"method: {text!r} is none of " + ", ".join(m.value for m in Method))


def evidence_from_form(standard: str, criterion: str, form: dict[str, str], *,
                       today: dt.date | None = None) -> CriterionEvidence:
    """Evidence from the person view's form: ``date`` (YYYY-MM-DD, not after ``today``, by
    default the real one), ``assessor``, ``method`` (needed; any unambiguous start: "obs",
    "prof"), ``reference``, ``expires`` (optional date, not before the date), ``note``. Raises
    :class:`EditError` naming the field."""
    date, expires = _dates(form, today)
    method = _parse_method(form.get("method", ""))
    if method is None:  # an audit must not say a method nobody recorded
        raise EditError("method: say how it was assessed: " + ", ".join(m.value for m in Method))
    return CriterionEvidence(standard, criterion, date, form.get("assessor", "").strip(),
                             method, form.get("reference", "").strip(), expires,
                             form.get("note", "").strip())


def assessment_from_form(behaviour: str, form: dict[str, str], *,
                         today: dt.date | None = None,
                         scale: Iterable[int] = ()) -> BehaviourAssessment:
    """A behaviour assessment from the person view's form: ``level`` (a whole number; one of
    ``scale``, the framework's level numbers, when it has any), ``date`` (not after
    ``today``), ``assessor``, ``method``, ``reference``, ``expires``."""
    text = form.get("level", "").strip()
    if not text.isdigit():
        raise EditError(f"level: {text!r} is not a whole number" if text
                        else "level: a level number is needed")
    numbers = sorted(set(scale))
    if numbers and int(text) not in numbers:
        raise EditError(f"level: {text} is not on the framework's scale "
                        f"({', '.join(str(n) for n in numbers)})")
    date, expires = _dates(form, today)
    return BehaviourAssessment(behaviour, int(text), date, form.get("assessor", "").strip(),
                               _parse_method(form.get("method", "")),
                               form.get("reference", "").strip(), expires,
                               form.get("note", "").strip())


__all__ = ["AddEvidence", "CannotMerge", "ChangedOnDisk", "JOURNAL_FORMAT", "Method",
           "PersonOperation", "PersonRecovery", "PersonSession", "RemoveAssessment",
           "RemoveEvidence", "SetLevel", "SetPerson", "assessment_from_form",
           "evidence_from_form", "operations_between"]
