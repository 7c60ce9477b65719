"""Every edit a face can make to a framework, as a named, typed operation.

An operation is a small frozen value (``AddStandards("custody-officer", ("SFJZB3",))``) that a
:class:`~nosframe.editing.Session` applies with :meth:`~nosframe.editing.Session.do`. The TUI,
the CLI, importers that update a framework and integrators' scripts all build the same values,
so an edit means the same thing everywhere. Each operation computes the new root
:class:`~nosframe.model.Framework` (the organisation's file) from the session's current state
through the pure rules in :mod:`nosframe.editing.rules`; the session records it as one undo
step and reports what changed.

Where an element comes from decides what an edit writes (the same rule for every operation):

- an element the file defines is changed in place;
- an inherited element (from a preset) is never changed: the edit becomes an ``[[overrides]]``
  entry (``retitle``, ``set`` or ``remove``), and a field typed back to its inherited value
  leaves the overrides;
- a standard pulled from a library is copied into the file, tailored (a library cannot be
  overridden).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar, Iterable

import attrs
from attrs import evolve, field, frozen

from nosframe.editing import rules
from nosframe.editing.rules import EditError
from nosframe.checks.attribution import EVERY, code_of, element_of, element_text
from nosframe.model import Acknowledgement, Severity
from nosframe.model import Finding, Framework, OverrideAction, Override, Standard, StandardStatus
from nosframe.model import normalise_code
from nosframe.model.kinds import kind_of
from nosframe.model.references import references_of, refs_to, where_used

if TYPE_CHECKING:  # pragma: no cover
    from nosframe.editing.session import Session


def _tuple(items: Iterable[Any]) -> tuple:
    return (items,) if isinstance(items, (str, Standard)) else tuple(items)


class Operation:
    """Base of every edit. ``name`` is the operation's stable name (for scripts and logs),
    ``label`` what a person reads in undo and history."""

    name: ClassVar[str] = ""

    @property
    def label(self) -> str:  # pragma: no cover - every operation has its own
        return self.name

    def apply(self, session: "Session") -> Framework:
        """The new root; raises :class:`EditError` for an edit that cannot be made."""
        raise NotImplementedError


# ---------------------------------------------------------------------------------------------
# elements


@frozen
class Add(Operation):
    """Add a new element to the file (``element`` from :func:`new_element`, or any element)."""

    kind: str
    element: Any
    name: ClassVar[str] = "add"

    @property
    def label(self) -> str:
        return f"add {self.kind} {self.element.key}"

    def apply(self, session: "Session") -> Framework:
        _known_kind(self.kind, mapping_ok=False)
        if session.element(self.kind, self.element.key) is not None:
            raise EditError(f"{self.kind} {self.element.key!r} already exists")
        return rules.append(session.root, self.kind, self.element)


@frozen
class Delete(Operation):
    """Delete an element: from the file when it defines it, else with a ``remove`` override.
    What used it is listed by :meth:`Session.where_used` first (the TUI shows it)."""

    kind: str
    key: str
    name: ClassVar[str] = "delete"

    @property
    def label(self) -> str:
        return f"delete {self.kind} {self.key}"

    def apply(self, session: "Session") -> Framework:
        _known_kind(self.kind)
        if session.element(self.kind, self.key) is None:
            raise EditError(f"there is no {self.kind} {self.key!r} to delete")
        if session.is_own(self.kind, self.key):
            root = rules.remove(session.root, self.kind, self.key)
            if self.kind == "mapping":
                root = rules.revert(root, self.kind, self.key)
            return root
        return rules.override_remove(session.root, self.kind, self.key,
                                     session.element(self.kind, self.key))


@frozen
class Rename(Operation):
    """Give an element of the file a new id (code, number); every reference in the file,
    overrides of inherited elements included, follows. Inherited elements keep their id."""

    kind: str
    key: str
    new: str
    name: ClassVar[str] = "rename"

    @property
    def label(self) -> str:
        return f"rename {self.kind} {self.key} to {self.new}"

    def apply(self, session: "Session") -> Framework:
        _known_kind(self.kind)
        if session.element(self.kind, self.key) is None and \
                not rules.defines(session.root, self.kind, self.key):
            raise EditError(f"there is no {self.kind} {self.key!r} to rename")
        if not session.is_own(self.kind, self.key):
            raise EditError(f"{self.kind} {self.key!r} is inherited: its id cannot change; "
                            "retitle it instead")
        fresh = rules.new_element(self.kind, self.new)
        if fresh.key != rules.match_key(self.kind, self.key) and \
                session.element(self.kind, fresh.key) is not None:
            raise EditError(f"{self.kind} {fresh.key!r} already exists")
        return rules.rename(session.root, self.kind, self.key, self.new)


@frozen
class Change(Operation):
    """Make an element look like ``element`` (a whole new version of it, as an editor form
    produces). ``old`` is the version the change was made from (default: the composed one);
    only the fields that differ from it are written for an inherited element."""

    kind: str
    key: str
    element: Any
    old: Any = None
    field_name: str = ""  # the field a person edited, for the label
    name: ClassVar[str] = "change"

    @property
    def label(self) -> str:
        what = f"{self.field_name} of " if self.field_name else ""
        return f"edit {what}{self.kind} {self.key}".replace("  ", " ").strip()

    def apply(self, session: "Session") -> Framework:
        root = self._apply(session)
        if self.kind in ("role", "mapping"):  # a standard typed into a role is recorded too
            old = self.old if self.old is not None else session.element(self.kind, self.key)
            for code in _standards_named(self.element, exclude=old):
                root = _record_library(session, root, code)
            for code in _standards_named(old, exclude=self.element):  # one typed, then changed
                root = _drop_unused_record(session, root, code, (self.kind, self.key))
        return root

    def _apply(self, session: "Session") -> Framework:
        kind, key, new = self.kind, self.key, self.element
        root = session.root
        if kind == "framework":
            return evolve(root, framework=new)
        _known_kind(kind)
        old = self.old if self.old is not None else session.element(kind, key)
        if old is None:
            raise EditError(f"there is no {kind} {key!r} to change")
        if kind == "mapping":
            return rules.set_mapping(root, session.inherited_element("mapping", key),
                                     new.standard, new.criteria, behaviour=new.behaviour,
                                     value=new.value, note=new.note)
        if session.is_own(kind, key):
            return rules.replace(root, kind, key, new)
        prov = session.provenance(kind, key, fresh=False)  # typing must not compose
        if prov is not None and prov.layer is None:  # from a library: tailor a copy
            return rules.append(rules.drop_library_record(root, key), kind, _tailored(new))
        changed = rules.changed_fields(old, new)
        inherited = session.inherited_element(kind, key)
        reverted = {name for name in changed if inherited is not None
                    and getattr(inherited, name, None) == getattr(new, name)}
        return rules.override_fields(root, kind, key,
                                     {k: v for k, v in changed.items() if k not in reverted},
                                     reverted=reverted, element=old)


@frozen
class SetField(Operation):
    """Set one field of an element (the same rules as :class:`Change`)."""

    kind: str
    key: str
    field: str
    value: Any
    name: ClassVar[str] = "set"

    @property
    def label(self) -> str:
        return f"set {self.field} of {self.kind} {self.key}"

    def apply(self, session: "Session") -> Framework:
        current = _current(session, self.kind, self.key)
        names = {a.name for a in attrs.fields(type(current))}
        if self.field not in names:
            raise EditError(f"a {self.kind} has no field {self.field!r}; its fields: "
                            + ", ".join(sorted(names)))
        try:
            new = evolve(current, **{self.field: self.value})
        except (TypeError, ValueError) as exc:
            raise EditError(f"{self.kind} {self.key}: {self.field}: {exc}") from None
        return Change(self.kind, self.key, new, current, self.field).apply(session)


@frozen
class Retitle(Operation):
    """Change an element's title (or name, for values, behaviours and levels)."""

    kind: str
    key: str
    title: str
    name: ClassVar[str] = "retitle"

    @property
    def label(self) -> str:
        return f"retitle {self.kind} {self.key}"

    def apply(self, session: "Session") -> Framework:
        field_name = rules.TITLE_FIELD.get(self.kind)
        if self.kind == "mapping" or not field_name:
            raise EditError(f"a {self.kind} has no title; "
                            + ("give it a note instead (SetField ... 'note')"
                               if self.kind == "mapping" else "nothing to retitle"))
        return SetField(self.kind, self.key, field_name, self.title).apply(session)


@frozen
class Revert(Operation):
    """Drop every override the file makes to an inherited element (brings back one it
    removed)."""

    kind: str
    key: str
    name: ClassVar[str] = "revert"

    @property
    def label(self) -> str:
        return f"revert {self.kind} {self.key}"

    def apply(self, session: "Session") -> Framework:
        if session.is_own(self.kind, self.key):
            raise EditError(f"{self.kind} {self.key} is defined in {session.name}; "
                            "nothing to revert")
        return rules.revert(session.root, self.kind, self.key)


# ---------------------------------------------------------------------------------------------
# standards of roles, mappings, tailoring


@frozen
class AddStandards(Operation):
    """Add standards to a role (mandatory, or ``optional``), by code or as :class:`Standard`
    values (from a picker). A code the framework does not have yet is looked up in the
    installed presets and libraries; one found only in a preset the file does not extend is
    copied into the file. Codes the role already has are skipped."""

    role: str
    standards: tuple[Any, ...] = field(converter=_tuple)
    optional: bool = False
    name: ClassVar[str] = "add-standards"

    @property
    def label(self) -> str:
        n = len(self.standards)
        return f"add {n} standard{'s' if n != 1 else ''} to {self.role}"

    def apply(self, session: "Session") -> Framework:
        role = session.element("role", self.role)
        if role is None:
            if session.is_removed("role", self.role):
                raise EditError(f"role {self.role!r} is removed by an override; revert it "
                                "first")
            raise EditError(f"there is no role {self.role!r}")
        have = {normalise_code(c) for c in role.standards + role.optional_standards}
        root = session.root
        added: list[str] = []
        for wanted in self.standards:
            standard = session.resolve_standard(wanted)
            if standard.key in have:
                continue
            have.add(standard.key)
            added.append(standard.code)
            if session.element("standard", standard.key) is None and \
                    not session.library_has(standard.key) and \
                    not rules.defines(root, "standard", standard.key):
                root = rules.append(root, "standard", standard)
            root = _record_library(session, root, standard.key)
        if not added:
            return session.root
        attr = "optional_standards" if self.optional else "standards"
        new_role = evolve(role, **{attr: getattr(role, attr) + tuple(added)})
        if session.is_own("role", self.role):
            return rules.replace(root, "role", self.role, new_role)
        return rules.override_fields(root, "role", self.role,
                                     rules.changed_fields(role, new_role))


@frozen
class SetMapping(Operation):
    """Make the mapping from ``standard`` to a behaviour (or a value) hold exactly
    ``criteria`` (P and K ids of the standard). Criteria beyond the inherited ones go in the
    file's ``[[mappings]]``; dropping inherited ones writes an override. Empty ``criteria``
    clears the mapping."""

    standard: str
    criteria: tuple[str, ...] = field(converter=_tuple)
    behaviour: str = ""
    value: str = ""
    note: str | None = None
    name: ClassVar[str] = "map"

    @property
    def label(self) -> str:
        target = self.behaviour or f"value {self.value}"
        if not self.criteria:
            return f"clear mapping of {self.standard} to {target}"
        return f"map {len(self.criteria)} criteria of {self.standard} to {target}"

    def apply(self, session: "Session") -> Framework:
        if bool(self.behaviour) == bool(self.value):
            raise EditError("a mapping names exactly one of behaviour or value")
        key = rules.mapping_key(self.standard, self.behaviour, self.value)
        return rules.set_mapping(session.root, session.inherited_element("mapping", key),
                                 self.standard, self.criteria, behaviour=self.behaviour,
                                 value=self.value, note=self.note)


def ClearMapping(standard: str, behaviour: str = "", value: str = "") -> SetMapping:
    """The operation that removes a mapping (the file's entry, or an inherited one)."""
    return SetMapping(standard, (), behaviour=behaviour, value=value)


@frozen
class Tailor(Operation):
    """Copy a standard the framework takes from a library or a preset into the file, marked
    ``tailored``, so the organisation can change its text. An inherited (preset) standard is
    replaced with a ``replace`` override; a library one needs none."""

    code: str
    name: ClassVar[str] = "tailor"

    @property
    def label(self) -> str:
        return f"tailor standard {self.code}"

    def apply(self, session: "Session") -> Framework:
        key = normalise_code(self.code)
        if session.is_own("standard", key):
            raise EditError(f"standard {self.code} is already defined in {session.name}")
        standard = session.element("standard", key)
        if standard is None:
            raise EditError(f"the framework does not use standard {self.code!r}; add it to a "
                            "role first")
        # the file defines it now: its record of the library's copy has nothing left to do
        root = rules.drop_library_record(session.root, key)
        root = rules.append(root, "standard", _tailored(standard))
        prov = session.provenance("standard", key)
        if prov is not None and prov.layer is not None:  # from a preset: say it replaces it
            root = rules.revert(root, "standard", key)
            root = evolve(root, overrides=root.overrides + (
                Override(OverrideAction.REPLACE, rules.target("standard", key, standard)),))
        return root


@frozen
class MakeOwn(Operation):
    """Copy an inherited element, as the framework has it now, into the file with a
    ``replace`` override: the file's own from then on (its other overrides of it are folded
    into the copy). What settles a conflict between two presets the file extends (``NF123``:
    its own definition and a replace override); a standard goes through :class:`Tailor`
    (marked ``tailored``, a library one needs no override)."""

    kind: str
    key: str
    name: ClassVar[str] = "make-own"

    @property
    def label(self) -> str:
        return f"make {self.kind} {self.key} the file's own"

    def apply(self, session: "Session") -> Framework:
        _known_kind(self.kind, mapping_ok=False)
        if self.kind == "standard":
            return Tailor(self.key).apply(session)
        key = rules.match_key(self.kind, self.key)
        if session.is_own(self.kind, key):
            raise EditError(f"{self.kind} {self.key} is already defined in {session.name}")
        element = session.element(self.kind, key)
        if element is None:
            raise EditError(f"there is no {self.kind} {self.key!r}")
        root = rules.revert(session.root, self.kind, key)  # the copy says what they said
        root = rules.append(root, self.kind, element)
        return evolve(root, overrides=root.overrides + (
            Override(OverrideAction.REPLACE, rules.target(self.kind, key, element)),))


@frozen
class RefreshLibrary(Operation):
    """Record again, from the installed libraries, the standards the framework takes from a
    library (``[[library_lock]]``): each record becomes the library's copy as it is now, with
    today's date, where the copy differs (``NF124``); a standard taken from a library but not
    recorded yet (a file written before records existed) is recorded. Without ``codes``, every one, and records of standards the
    framework no longer takes from a library are dropped. A record stays as it is when the
    library it came from is not installed or no longer has the standard."""

    codes: tuple[str, ...] = field(converter=_tuple, default=())
    name: ClassVar[str] = "refresh-library"

    @property
    def label(self) -> str:
        if not self.codes:
            return "refresh library standards"
        return "refresh library standard" + ("s " if len(self.codes) > 1 else " ") + \
            ", ".join(self.codes)

    def apply(self, session: "Session") -> Framework:
        if not session._libraries():
            raise EditError("no library of standards is installed, so there is nothing to "
                            "refresh from; install the national library first: nosframe "
                            "library import PublishedNos_Details.xlsx "
                            "PublishedNos-old_Details.xlsx")
        composed = session.ensure_composed()
        taken = [s.key for s in composed.framework.standards
                 if (p := composed.provenance_of("standard", s.key)) is not None
                 and p.origin.kind == "library"]
        wanted = list(dict.fromkeys(normalise_code(c) for c in self.codes)) or taken
        for key in wanted:
            if key not in taken:
                raise EditError(f"the framework does not take standard {key!r} from a "
                                "library" + (": it defines it itself"
                                             if session.element("standard", key) is not None
                                             else "; add it to a role first"))
        root = session.root
        for key in wanted:
            recorded = composed.framework.locked(key)  # the file's, or a preset's
            entry = session.library_copy(key, recorded.library if recorded else None)
            if entry is None:  # not installed, or gone from it: the record stays
                if self.codes and recorded is None:  # a library failed to answer
                    raise EditError(f"no installed library answers for standard {key} now")
                if self.codes:  # asked for by name: say why nothing changes
                    installed = any(
                        library.name == recorded.library for library in session._libraries())
                    raise EditError(
                        f"standard {key} was recorded from library {recorded.library!r}, "
                        + ("which no longer has it" if installed else "which is not "
                           "installed") + "; its record stays as it is")
                continue
            if recorded is not None and (recorded.standard, recorded.library) == \
                    (entry.standard, entry.library):
                # the same copy (a new export may only move its row): the record, its source
                # and date stay, so a refresh changes only what changed
                continue
            root = rules.record_library_standard(root, entry)
        if not self.codes:
            for entry in session.root.library_lock:
                if entry.key not in taken:
                    root = rules.drop_library_record(root, entry.key)
        return root


def _standards_named(element: Any, exclude: Any = None) -> list[str]:
    """The standard codes an element's reference fields name (a role's standards, a mapping's
    standard), less those ``exclude`` (its version before an edit) names already."""
    try:
        kind = kind_of(element).name
    except KeyError:
        return []
    refs = [r for r in refs_to("standard") if r.source == kind]
    before = set()
    if exclude is not None and type(exclude) is type(element):
        before = {r.key for r in references_of(kind, exclude, refs)}
    return list(dict.fromkeys(r.key for r in references_of(kind, element, refs)
                              if r.key not in before))


def _record_library(session: "Session", root: Framework, key: str) -> Framework:
    """``root`` recording the library standard ``key`` (``[[library_lock]]``) when the
    framework takes it from an installed library and no layer records it yet: the file then
    composes the same on a machine without that library. Reads the last composition (a person
    typing a code into a role must not make every keystroke compose)."""
    if rules.defines(root, "standard", key) or root.locked(key) is not None:
        return root
    composed = session.composed
    if composed.framework.locked(key) is not None:  # a preset records it
        return root
    prov = composed.provenance_of("standard", key)
    if prov is not None and prov.origin.kind != "library":
        return root  # defined by a preset or the file
    entry = session.library_copy(key)
    return root if entry is None else rules.record_library_standard(root, entry)


def _drop_unused_record(session: "Session", root: Framework, key: str,
                        element: tuple[str, str]) -> Framework:
    """``root`` without its record of ``key`` when ``element`` no longer names it and nothing
    else in the last composition does (a code typed on the way to another one)."""
    if root.locked(key) is None:
        return root
    if any(use.element != element for use in where_used(session.composed.framework,
                                                        "standard", key)):
        return root
    return rules.drop_library_record(root, key)


def _tailored(standard: Any) -> Any:
    if isinstance(standard, Standard):
        return evolve(standard, status=StandardStatus.TAILORED)
    return standard


def _current(session: "Session", kind: str, key: str) -> Any:
    if kind == "framework":
        return session.root.framework
    _known_kind(kind)
    element = session.element(kind, key)
    if element is None:
        raise EditError(f"there is no {kind} {key!r}")
    return element


def _known_kind(kind: str, mapping_ok: bool = True) -> None:
    if kind not in rules.KIND_ATTR:
        raise EditError(f"unknown kind {kind!r}; kinds: " + ", ".join(rules.KIND_ATTR))
    if kind == "mapping" and not mapping_ok:
        raise EditError("add mappings with SetMapping (the mapping editor)")


# ---------------------------------------------------------------------------------------------
# acknowledging findings


def _about(element: Any) -> tuple[str, str] | None:
    """``(kind, key)`` from ``("standard", "sfj aa1")`` or ``"standard:SFJ AA1"`` (None: the
    framework as a whole)."""
    if not element:
        return None
    if isinstance(element, str):
        kind, _, key = element.partition(":")
    else:
        kind, key = element
    _known_kind(kind)
    return kind, rules.match_key(kind, key)


def _naming(element: Any, word: str) -> str:
    """`` on role pcso`` (with ``word`` "on"), or ``""`` for no element."""
    about = _about(element)
    return f" {word} {about[0]} {about[1]}" if about else ""


def _acknowledges(entry: Acknowledgement, code: str, about: tuple[str, str] | None) -> bool:
    try:
        return code_of(entry) == code.strip().upper() and element_of(entry) == about
    except ValueError:
        return False


@frozen
class Acknowledge(Operation):
    """Acknowledge the findings with ``code`` about ``element`` (``(kind, key)`` or
    ``"kind:key"``; ``"kind:*"``: every element of that kind; None: about no element): an
    ``[[acknowledged]]`` entry with the reason (kept for audit), who and when (default today),
    so they stop showing. Acknowledging again replaces the entry's reason. Refused for a
    finding that is not there, and for errors."""

    code: str
    element: Any
    reason: str
    by: str = ""
    date: dt.date | None = None
    name: ClassVar[str] = "acknowledge"

    @property
    def label(self) -> str:
        return f"acknowledge {self.code}{_naming(self.element, 'on')}"

    def apply(self, session: "Session") -> Framework:
        about = _about(self.element)
        reason = " ".join(self.reason.split())
        if not reason:
            raise EditError("give a reason: an acknowledgement keeps why, for audit")
        if about is not None and about[1] == EVERY:  # "standard:*": every one of its kind
            found = [f for f in session.findings() if f.code == self.code and f.element
                     and f.element[0] == about[0]]
        else:
            found = [f for f in session.findings() if f.code == self.code and f.element == about]
        if not found:
            raise EditError(f"there is no finding {self.code}{_naming(about, 'about')} to "
                            "acknowledge")
        if all(f.severity is Severity.ERROR for f in found):
            raise EditError(f"{self.code} is an error: errors cannot be acknowledged; fix it")
        entry = Acknowledgement(self.code, element_text(about), reason, self.by.strip(),
                                self.date or session.today or dt.date.today())
        root = session.root
        kept = [a for a in root.acknowledged if not _acknowledges(a, self.code, about)]
        at = next((i for i, a in enumerate(root.acknowledged)
                   if _acknowledges(a, self.code, about)), len(kept))
        return evolve(root, acknowledged=tuple(kept[:at]) + (entry,) + tuple(kept[at:]))


@frozen
class Unacknowledge(Operation):
    """Drop the file's acknowledgement of ``code`` about ``element``: the findings show again."""

    code: str
    element: Any
    name: ClassVar[str] = "unacknowledge"

    @property
    def label(self) -> str:
        return f"unacknowledge {self.code}{_naming(self.element, 'on')}"

    def apply(self, session: "Session") -> Framework:
        about = _about(self.element)
        root = session.root
        kept = tuple(a for a in root.acknowledged if not _acknowledges(a, self.code, about))
        if len(kept) == len(root.acknowledged):
            if about is not None and any(_acknowledges(a, self.code, (about[0], EVERY))
                                         for a in root.acknowledged):
                raise EditError(f"{self.code}{_naming(about, 'about')} is acknowledged by the "
                                f"entry for every {about[0]} ({about[0]}:*); drop that one to "
                                "show them all again")
            raise EditError(f"the file does not acknowledge {self.code}"
                            f"{_naming(about, 'about')}")
        return evolve(root, acknowledged=kept)


# ---------------------------------------------------------------------------------------------
# what an edit did


def _finding_key(finding: Finding) -> tuple:
    # Lines move when the file changes; a finding is the same one when it says the same thing
    # about the same element.
    return (finding.code, finding.severity, finding.element, finding.message,
            finding.location.path)


@frozen
class EditResult:
    """What one operation did: whether the state changed, the changes in words, and which
    findings appeared or went away (when the session was asked to check)."""

    operation: Operation
    applied: bool
    changes: tuple[str, ...] = ()
    appeared: tuple[Finding, ...] = ()
    resolved: tuple[Finding, ...] = ()
    checked: bool = False

    @property
    def label(self) -> str:
        return self.operation.label

    def __bool__(self) -> bool:
        return self.applied

    @staticmethod
    def compare(before: Iterable[Finding], after: Iterable[Finding]
                ) -> tuple[tuple[Finding, ...], tuple[Finding, ...]]:
        """(appeared, resolved) between two lists of findings. An acknowledged finding is not
        shown, so acknowledging one resolves it (and dropping the acknowledgement brings it
        back)."""
        old = {_finding_key(f): f for f in before if f.acknowledged is None}
        new = {_finding_key(f): f for f in after if f.acknowledged is None}
        return (tuple(f for k, f in new.items() if k not in old),
                tuple(f for k, f in old.items() if k not in new))


new_element = rules.new_element

__all__ = ["Acknowledge", "Add", "AddStandards", "Change", "ClearMapping", "Delete", "EditResult",
           "Operation", "Unacknowledge",
           "MakeOwn", "RefreshLibrary", "Rename", "Retitle", "Revert", "SetField", "SetMapping", "Tailor",
           "new_element"]
