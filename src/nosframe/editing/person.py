"""Editing a person record, headless: typed operations applied by :meth:`PersonSession.do`,
undo and redo (the framework session's :class:`~nosframe.editing.session.History`), and atomic
saves that keep the file's layout (:func:`nosframe.io.people.save_person`).

The record is checked against nothing here: what a requirement needs is
``nosframe.analysis.people``. An operation refuses only what cannot be a record (an entry that
is not there, a level that is not a whole number), with :class:`EditError`.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import ClassVar

import attrs
from attrs import evolve, frozen

from nosframe.editing.rules import EditError
from nosframe.editing.session import History
from nosframe.io.errors import Location, NosframeError
from nosframe.io.people import (
    PersonDocument,
    dumps_person,
    load_person,
    loads_person,
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


@frozen
class RemoveEvidence(PersonOperation):
    """Remove one piece of evidence (by its index in the record)."""

    index: int
    name: ClassVar[str] = "remove-evidence"

    @property
    def label(self) -> str:
        return f"remove evidence {self.index + 1}"

    def apply(self, person: Person) -> Person:
        if not 0 <= self.index < len(person.evidence):
            raise EditError(f"there is no evidence {self.index + 1} (the record holds "
                            f"{len(person.evidence)})")
        items = list(person.evidence)
        del items[self.index]
        return evolve(person, evidence=tuple(items))


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


@frozen
class RemoveAssessment(PersonOperation):
    """Remove one behaviour assessment (by its index in the record)."""

    index: int
    name: ClassVar[str] = "remove-assessment"

    @property
    def label(self) -> str:
        return f"remove assessment {self.index + 1}"

    def apply(self, person: Person) -> Person:
        if not 0 <= self.index < len(person.behaviours):
            raise EditError(f"there is no assessment {self.index + 1} (the record holds "
                            f"{len(person.behaviours)})")
        items = list(person.behaviours)
        del items[self.index]
        return evolve(person, behaviours=tuple(items))


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


class ChangedOnDisk(NosframeError):
    """The record was changed by someone else since it was opened."""


class PersonSession:
    """One person record being edited: ``do``, ``undo``, ``redo``, ``save``."""

    def __init__(self, document: PersonDocument):
        self.document = document
        self.person = document.person
        self.history = History()
        self._stamp = _stamp(document.path)

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
        session._stamp = None
        session._new = True
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
        after = operation.apply(self.person)
        if after == self.person:
            return False
        self.history.record(self.person, operation.label)  # type: ignore[arg-type]
        self.person = after
        return True

    def undo(self) -> str | None:
        step = self.history.undo(self.person)  # type: ignore[arg-type]
        if step is None:
            return None
        self.person, label = step  # type: ignore[assignment]
        return label

    def redo(self) -> str | None:
        step = self.history.redo(self.person)  # type: ignore[arg-type]
        if step is None:
            return None
        self.person, label = step  # type: ignore[assignment]
        return label

    def save(self, *, force: bool = False) -> None:
        """Write the record atomically, keeping its comments and layout. A file changed on
        disk since it was opened is refused (``force=True`` overwrites it)."""
        path = self.document.path
        if path is None:  # pragma: no cover - sessions always have a path
            raise NosframeError("this record has no file to save to")
        if not force and _stamp(path) != self._stamp:
            raise ChangedOnDisk("the record was changed on disk since it was opened",
                                location=Location(str(path)),
                                hint="open it again to see the other changes, then redo yours")
        before = None if self._new else self.document
        self.document = save_person(self.person, path, before=before)
        self._stamp = _stamp(path)
        self._new = False


def _stamp(path: Path | None) -> tuple[int, int] | None:
    try:
        st = os.stat(path) if path is not None else None
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size) if st else None


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
    default the real one), ``assessor``, ``method`` (any unambiguous start: "obs", "prof"),
    ``reference``, ``expires`` (optional date, not before the date), ``note``. Raises
    :class:`EditError` naming the field."""
    date, expires = _dates(form, today)
    method = _parse_method(form.get("method", "")) or Method.OBSERVATION
    return CriterionEvidence(standard, criterion, date, form.get("assessor", "").strip(),
                             method, form.get("reference", "").strip(), expires,
                             form.get("note", "").strip())


def assessment_from_form(behaviour: str, form: dict[str, str], *,
                         today: dt.date | None = None) -> BehaviourAssessment:
    """A behaviour assessment from the person view's form: ``level`` (a whole number),
    ``date`` (not after ``today``), ``assessor``, ``method``, ``reference``, ``expires``."""
    text = form.get("level", "").strip()
    if not text.isdigit():
        raise EditError(f"level: {text!r} is not a whole number" if text
                        else "level: a level number is needed")
    date, expires = _dates(form, today)
    return BehaviourAssessment(behaviour, int(text), date, form.get("assessor", "").strip(),
                               _parse_method(form.get("method", "")),
                               form.get("reference", "").strip(), expires,
                               form.get("note", "").strip())


__all__ = ["AddEvidence", "ChangedOnDisk", "Method", "PersonOperation", "PersonSession",
           "RemoveAssessment", "RemoveEvidence", "SetLevel", "SetPerson", "assessment_from_form",
           "evidence_from_form"]
