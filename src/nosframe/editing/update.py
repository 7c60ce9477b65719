"""A framework as edited elsewhere (a workbook, another tool's export) -> operations, with a
preview.

An importer reads a file into a :class:`~nosframe.model.Framework` holding everything it shows
(flattened: what the file inherits included). :func:`plan_update` compares it with what a
:class:`~nosframe.editing.Session` composes and says, element by element, what was added,
changed (field by field, old and new values) or removed, with the operations that make those
edits: the same operations the editor applies, so an inherited element changed elsewhere
becomes an override exactly as it would in the TUI, and a library standard changed elsewhere
is copied into the file, tailored. :func:`apply_update` applies them with
:meth:`Session.do`; the caller saves. Any face (the CLI's ``import --into``, a script) presents
the plan; nothing here prints or asks.

What the plan cannot do is said, never skipped silently: notes in the plan (a library
standard whose row was deleted while roles still use it) and, after applying,
:attr:`Applied.left` lists every element that still differs from what was asked.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs
from attrs import evolve, frozen

from nosframe.editing.operations import (
    Add,
    Change,
    ClearMapping,
    Delete,
    EditResult,
    Operation,
    RefreshLibrary,
    Revert,
    SetMapping,
)
from nosframe.editing.present import cut, origin_text
from nosframe.editing.rules import EditError
from nosframe.io import NosframeError
from nosframe.model import Framework, Mapping, Role, normalise_code
from nosframe.model.kinds import KINDS
from nosframe.model.references import where_used

ADDED, CHANGED, REMOVED = "added", "changed", "removed"
#: how long a value may be in a preview line before it is cut (at a word, with …)
VALUE_WIDTH = 70


@frozen
class FieldChange:
    """One field of an element: its value now and its value asked for."""

    field: str
    old: Any
    new: Any


@frozen
class ElementChange:
    """One element added, changed or removed, with the operations doing it."""

    kind: str  # "role", "standard" ... or "framework"
    key: str
    label: str  # how people name it: "role pcso", "standard SFJ AA1"
    action: str  # ADDED, CHANGED or REMOVED
    fields: tuple[FieldChange, ...]
    operations: tuple[Operation, ...]
    origin: str = ""  # "" for the file's own; "preset policing", "library uk-nos"
    writes: str = ""  # what the edit writes, when not a plain change to the file


@frozen
class UpdatePlan:
    changes: tuple[ElementChange, ...]
    notes: tuple[str, ...] = ()  # what will not be done, and why
    problems: tuple[str, ...] = ()  # edits the engine refuses: the plan cannot be applied
    #: what applying it does to the file's records of library standards (``[[library_lock]]``),
    #: as the rehearsal found: the codes recorded and those whose record is dropped
    recorded: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()

    @property
    def operations(self) -> tuple[Operation, ...]:
        return tuple(op for change in self.changes for op in change.operations)

    def counts(self) -> dict[str, int]:
        return {action: sum(c.action == action for c in self.changes)
                for action in (ADDED, CHANGED, REMOVED)}

    def summary(self) -> str:
        return count_summary(self.counts())

    def lines(self) -> list[str]:
        """The preview: one line per element (what happens to it, and what that writes for an
        inherited one), then one indented line per field, ``old -> new``."""
        out: list[str] = []
        for change in self.changes:
            head = f"{change.action} {change.label}"
            if change.writes:
                head += f" ({change.writes})"
            out.append(head)
            out += field_lines(change.action, change.fields)
        if self.recorded or self.dropped:
            out.append("records of library standards ([[library_lock]]): " + ", ".join(
                [f"+{code}" for code in self.recorded] + [f"-{code}" for code in self.dropped]))
        out += [f"note: {note}" for note in self.notes]
        out += [f"cannot apply: {problem}" for problem in self.problems]
        return out


@frozen
class Applied:
    """What applying a plan did: each operation's result, and what still differs."""

    results: tuple[EditResult, ...]
    left: tuple[str, ...] = ()  # elements that still differ from what was asked, in words
    #: the library standards the edits brought in, recorded in the file (``[[library_lock]]``),
    #: and those whose record the edits dropped (no longer taken from a library)
    recorded: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()


def count_summary(counts: dict[str, int]) -> str:
    """``3 changes: 1 added, 2 changed`` from the count of each action (in its order)."""
    n = sum(counts.values())
    if not n:
        return "no changes"
    return f"{n} change{'s' if n != 1 else ''}: " + ", ".join(
        f"{count} {action}" for action, count in counts.items() if count)


def field_lines(action: str, fields: tuple[FieldChange, ...]) -> list[str]:
    """One indented line per field: its value for an element added, what it was for one
    removed, ``old -> new`` otherwise (the update preview and ``nosframe diff``). A list of
    texts (a role's standards, its responsibilities) is never cut: an element's list whole, a
    list changed as the items added and removed (``+SFJ CJBE6, -SFJAA1``), so that what a
    preview asks about is on its line; a long text changed shows where it changes."""
    if action == ADDED:
        return [f"    {f.field}: {show_whole(f.new)}" for f in fields]
    if action == REMOVED:
        return [f"    {f.field} was: {show_whole(f.old)}" for f in fields]
    out = []
    for f in fields:
        if _texts(f.old) and _texts(f.new):
            out.append(f"    {f.field}: {list_change(tuple(f.old or ()), tuple(f.new or ()))}")
        elif isinstance(f.old, dict) and isinstance(f.new, dict) and f.old and f.new:
            out.append(f"    {f.field}: {dict_change(f.old, f.new)}")
        elif isinstance(f.old, str) and isinstance(f.new, str) and f.old and f.new:
            old, new = _around_change(f.old, f.new)
            out.append(f"    {f.field}: {old} -> {new}")
        else:
            out.append(f"    {f.field}: {show(f.old)} -> {show(f.new)}")
    return out


def _texts(value: Any) -> bool:
    """A list of texts (or none: a list not set)."""
    return value is None or (isinstance(value, tuple) and
                             all(isinstance(item, str) for item in value))


def _item(text: str) -> str:
    """A list's item on a preview line: bare, or quoted when it could be read as two items
    or as a sign."""
    text = " ".join(text.split())
    return repr(text) if not text or "," in text or text[0] in "+-'\"" else text


def show_whole(value: Any) -> str:
    """:func:`show`, but a list of texts whole (an element added or removed)."""
    if isinstance(value, tuple) and value and _texts(value):
        return ", ".join(_item(item) for item in value)
    return show(value)


def list_change(old: tuple[str, ...], new: tuple[str, ...]) -> str:
    """A list's change in words: the items added (``+``) and removed (``-``), every one, and
    the new order when the items kept move (``order: A, B, C``)."""
    from collections import Counter

    if not new:
        return f"{show_whole(old)} -> (empty)"
    if not old:
        return f"(empty) -> {show_whole(new)}"
    def beyond(items: tuple[str, ...], other: tuple[str, ...]) -> list[str]:
        """The items of ``items`` not in ``other`` (a repeated item counted as often as it
        is there), in their order."""
        left = Counter(other)
        out = []
        for item in items:
            if left[item]:
                left[item] -= 1
            else:
                out.append(item)
        return out

    parts = [f"+{_item(item)}" for item in beyond(new, old)]
    parts += [f"-{_item(item)}" for item in beyond(old, new)]
    kept = set(old) & set(new)
    if [i for i in old if i in kept] != [i for i in new if i in kept]:
        parts.append(f"order: {show_whole(new)}")
    return ", ".join(parts)


def dict_change(old: dict, new: dict) -> str:
    """A dict's change in words (a role's behaviour levels): each key added (``+KEY = V``),
    changed (``KEY: OLD -> NEW``) and removed (``-KEY``), every one, never cut."""
    parts = [f"+{k} = {show(v)}" for k, v in new.items() if k not in old]
    parts += [f"{k}: {show(old[k])} -> {show(v)}" for k, v in new.items()
              if k in old and old[k] != v]
    parts += [f"-{k}" for k in old if k not in new]
    return ", ".join(parts)


def _around_change(old: str, new: str) -> tuple[str, str]:
    """Two texts for a preview line, each cut to :data:`VALUE_WIDTH`; when cutting would hide
    where they differ, both shown from a little before it (``…``)."""
    a, b = " ".join(old.split()), " ".join(new.split())
    if cut(a, VALUE_WIDTH) != cut(b, VALUE_WIDTH) or a == b:
        return show(old), show(new)
    at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    start = a.rfind(" ", 0, max(at - 20, 0)) + 1
    return (repr("…" + cut(a[start:], VALUE_WIDTH - 1)),
            repr("…" + cut(b[start:], VALUE_WIDTH - 1)))


def show(value: Any) -> str:
    """A value for a preview line: quoted text, lists joined, empty said as such."""
    if value is None or value == "" or value == () or value == {}:
        return "(empty)"
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dt.date, int)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dict):
        return cut(", ".join(f"{k} = {show(v)}" for k, v in value.items()), VALUE_WIDTH)
    if isinstance(value, tuple):
        if value and not isinstance(value[0], str):
            return f"{len(value)} item{'s' if len(value) != 1 else ''}"
        return cut(", ".join(value), VALUE_WIDTH)
    return repr(cut(str(value), VALUE_WIDTH))


def _label(kind: str, element: Any) -> str:
    if kind == "standard":
        return f"standard {element.code}"
    if kind == "mapping":
        target = f"behaviour {element.behaviour}" if element.behaviour else \
            f"value {element.value}"
        return f"mapping {element.standard} -> {target}"
    return f"{kind} {element.key}"


def _empty(element: Any) -> Any:
    """``element`` with only its required fields (its key): every other field as a new
    element has it, or None."""
    try:
        return type(element)(**{a.name: getattr(element, a.name)
                                for a in attrs.fields(type(element))
                                if a.default is attrs.NOTHING})
    except Exception:  # pragma: no cover - every element class has defaults past its key
        return None


def _field_changes(old: Any, new: Any) -> tuple[FieldChange, ...]:
    if old is None:
        default = _empty(new)
        return tuple(FieldChange(a.name, None, getattr(new, a.name))
                     for a in attrs.fields(type(new))
                     if default is None or getattr(new, a.name) != getattr(default, a.name))
    return tuple(FieldChange(a.name, getattr(old, a.name), getattr(new, a.name))
                 for a in attrs.fields(type(new)) if getattr(old, a.name) != getattr(new, a.name))


def _removed_fields(kind: str, old: Any) -> tuple[FieldChange, ...]:
    """What a removed element's preview line recalls: its title, or a mapping's criteria."""
    if kind == "mapping":
        return (FieldChange("criteria", old.criteria, None),)
    title = next((k.title_field for k in KINDS if k.name == kind), None)
    if title and getattr(old, title, ""):
        return (FieldChange(title, getattr(old, title), None),)
    return ()


def _merge(current: Any, edited: Any, base: Any) -> tuple[Any, list[str]]:
    """``current`` with the fields ``edited`` changed from ``base`` (what was edited elsewhere
    since the export), and those of them the file changed since too (edited in both places:
    the edit wins)."""
    names = [a.name for a in attrs.fields(type(edited))
             if getattr(edited, a.name) != getattr(base, a.name)]
    merged = evolve(current, **{name: getattr(edited, name) for name in names})
    return merged, [name for name in names if getattr(current, name) != getattr(base, name)]


def _mapping_op(mapping: Mapping) -> SetMapping:
    return SetMapping(mapping.standard, mapping.criteria, behaviour=mapping.behaviour,
                      value=mapping.value, note=mapping.note)


def onto_presets(session: Any, target: Framework, *, filled_in: bool) -> Framework:
    """What a framework read from elsewhere means on top of the session's presets.

    An export holds every element, so ``target`` is meant whole (an element it lacks was
    removed). A file ``filled_in`` from a template holds only what the organisation adds or
    changes: what the presets give and it leaves out stays as inherited, and a row naming an
    inherited element is taken by :func:`filled_onto`, as ``--into`` takes it."""
    target = respell(session, target)
    if not filled_in:
        return target
    inherited = session.composed.framework
    merged = {}
    for kind in KINDS:
        items = {e.key: e for e in kind.elements(inherited)}
        for e in kind.elements(target):
            items[e.key] = filled_onto(items[e.key], e) if e.key in items else e
        merged[kind.attr] = tuple(items.values())
    return evolve(target, **merged)


def filled_onto(inherited: Any, row: Any) -> Any:
    """The rule for a row of a file filled in from a template (no export record) that names an
    element the framework already has (its own, or a preset's), on every path (``import
    --into``, ``import -o`` of a template naming presets): the row adds to the element, it
    never replaces it.

    - a field left as a new element has it (an empty cell, no rows) is no edit;
    - a role's standards and optional standards (Role standards rows) are added to its lists,
      the inherited order first; a row for a standard the role holds says which list it is in
      (``Optional``), so it moves from the other;
    - a dict (a role's behaviour levels, a behaviour's indicators by level) keeps the keys the
      rows do not name; a key named takes the row's value (a behaviour's level), its texts
      added to those there (a level's indicators);
    - a list of parts with ids (a standard's criteria and groups) keeps the parts the rows do
      not name, a part named takes the row, a new one is added at the end;
    - any other field filled in (a title, a list in one cell) takes the cell."""
    if type(inherited) is not type(row):
        return row
    default = _empty(row)
    changed = {}
    for field in attrs.fields(type(row)):
        value = getattr(row, field.name)
        if default is not None and value == getattr(default, field.name):
            continue
        old = getattr(inherited, field.name)
        if isinstance(row, Role) and field.name in ("standards", "optional_standards"):
            continue  # below: the two lists together
        if isinstance(value, dict) and isinstance(old, dict):
            value = {**old, **{k: _added(old[k], v) if k in old else v
                               for k, v in value.items()}}
        elif _parts(value) and _parts(old):
            by_key = {_part_key(p): p for p in value}
            value = tuple(by_key.pop(_part_key(p), p) for p in old) + tuple(by_key.values())
        if value != old:
            changed[field.name] = value
    if isinstance(row, Role) and (row.standards or row.optional_standards):
        mandatory = {normalise_code(c) for c in row.standards}
        optional = {normalise_code(c) for c in row.optional_standards}
        for name, other in (("standards", optional), ("optional_standards", mandatory)):
            old = getattr(inherited, name)
            kept = tuple(c for c in old if normalise_code(c) not in other)
            value = _added(kept, getattr(row, name), key=normalise_code)
            if value != old:
                changed[name] = value
    return evolve(inherited, **changed) if changed else inherited


def _added(old: Any, new: Any, key: Any = None) -> Any:
    """``old`` with the items of ``new`` it lacks added after it (lists of texts); otherwise
    ``new``."""
    if not (isinstance(old, tuple) and isinstance(new, tuple)):
        return new
    key = key or (lambda item: item)
    have = {key(item) for item in old}
    return old + tuple(item for item in new if key(item) not in have)


def _parts(value: Any) -> bool:
    return isinstance(value, tuple) and bool(value) and all(
        attrs.has(type(item)) and _part_key(item) is not None for item in value)


def _part_key(part: Any) -> Any:
    for name in ("key", "id", "code"):
        if isinstance(key := getattr(part, name, None), str):
            return key
    return None


def respell(session: Any, target: Framework, base: Framework | None = None) -> Framework:
    """``target`` with every standard code it names (a role's standards, a mapping's, a
    Standards row's own, ``superseded_by``) spelt as the standard it names is published, when
    the code, normalised (:func:`~nosframe.model.normalise_code`), names a standard the
    session's framework or an installed library has: `` sfj fm2 `` typed in a workbook is
    SFJFM2, no change. A code naming no known standard stays as typed (the file's own, or an
    unknown one the checks report). A reference spelt as the framework (or ``base``, the
    export the file records) already spells it stays as it is."""
    composed = session.ensure_composed()
    spelt: dict[str, str | None] = {s.key: s.code for s in composed.framework.standards}
    libraries = session._libraries()

    def spelling(code: str) -> str:
        key = normalise_code(code)
        if key not in spelt:
            spelt[key] = None
            for library in libraries:
                try:
                    found = library.get(key)
                except Exception:  # a failing library is reported by composition
                    found = None
                if found is not None:
                    spelt[key] = found.code
                    break
        return spelt[key] or code

    # a reference the framework (or the export the file records) already makes keeps its
    # spelling: no change either
    by_role: dict[str, dict[str, str]] = {}
    by_mapping: dict[str, dict[str, str]] = {}
    superseded: dict[str, dict[str, str]] = {}
    for framework in (base, composed.framework):
        for r in framework.roles if framework is not None else ():
            by_role.setdefault(r.key, {}).update(
                {normalise_code(c): c for c in r.standards + r.optional_standards})
        for m in framework.mappings if framework is not None else ():
            by_mapping.setdefault(m.key, {})[normalise_code(m.standard)] = m.standard
        for st in framework.standards if framework is not None else ():
            if st.superseded_by:
                superseded.setdefault(st.key, {})[normalise_code(st.superseded_by)] = \
                    st.superseded_by

    def spelt_in(had: dict[str, str], code: str) -> str:
        if not code or code in had.values():
            return code
        return had.get(normalise_code(code)) or spelling(code)

    def codes(role: Role, items: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(spelt_in(by_role.get(role.key, {}), code) for code in items)

    def later(standard: Any) -> str:
        return spelt_in(superseded.get(standard.key, {}), standard.superseded_by)

    standards = tuple(evolve(s, code=spelling(s.code), superseded_by=later(s))
                      for s in target.standards)
    roles = tuple(evolve(r, standards=codes(r, r.standards),
                         optional_standards=codes(r, r.optional_standards))
                  for r in target.roles)
    mappings = tuple(evolve(m, standard=spelt_in(by_mapping.get(m.key, {}), m.standard))
                     for m in target.mappings)
    return evolve(target, standards=standards, roles=roles, mappings=mappings)


def taken_from_library(session: Any, target: Framework, base: Framework | None = None
                       ) -> tuple[Framework, tuple[Any, ...]]:
    """The standards of ``target`` (a framework read from an export, or filled in) that the
    framework takes from a library rather than defines: ``target`` without them, and their
    records for the file's ``[[library_lock]]``.

    A standard its roles or mappings name is one when the export ``base`` records it as taken
    from a library (its ``library_lock``) and the file shows it unchanged; or, when the file
    cannot tell, when it is an installed library's copy exactly (:meth:`Session.library_copy`).
    A standard edited in the file, or no library's, stays the file's own."""
    named = {normalise_code(c) for r in target.roles
             for c in r.standards + r.optional_standards}
    named |= {normalise_code(m.standard) for m in target.mappings}
    recorded = {e.key: e for e in (base.library_lock if base is not None else ())}
    exported = {s.key: s for s in (base.standards if base is not None else ())}
    kept, entries = [], []
    for standard in target.standards:
        entry = None
        if standard.key in named and session.root.locked(standard.key) is None:
            copy = session.library_copy(standard.code)
            if copy is not None and copy.standard == standard:
                entry = copy  # with where in the library it is, and today
            elif standard.key in recorded and exported.get(standard.key) == standard:
                entry = recorded[standard.key]
        if entry is None:
            kept.append(standard)
        else:
            entries.append(entry)
    return evolve(target, standards=tuple(kept)), tuple(entries)


def from_template(base: Framework | None) -> bool:
    """Whether ``base`` (what a file read from elsewhere was exported from) is an empty
    framework: the file was filled in from a template (``nosframe template``), so its rows are
    what someone adds or changes, and what it does not show was never in it to be deleted."""
    return base is not None and not any(kind.elements(base) for kind in KINDS)


def plan_update(session: Any, target: Framework, *, base: Framework | None = None,
                rehearse: bool = True) -> UpdatePlan:
    """The changes that make the session's composed framework equal ``target`` (a framework
    holding everything it shows, as importers of flattened exports read it), and the
    operations making them. ``target``'s ``extends``, overrides, records of library
    standards and acknowledgements are not compared: the file keeps its own (and its
    ``[framework.extensions]`` when ``target`` has none: a format that cannot carry them).

    With ``rehearse`` the operations are applied once and undone, so the plan knows before
    anyone confirms it what they cannot do: an edit the engine refuses (:attr:`UpdatePlan.
    problems`) or a change that would not hold afterwards (in :attr:`UpdatePlan.notes`). The
    session is left as it was (the rehearsal leaves no undo or redo step).

    ``base`` is the framework as it was exported into the file ``target`` was read from
    (:attr:`nosframe.registry.ImportResult.base`), when the file records it. Only what was
    edited there since (``target`` against ``base``) is then changed, field by field: an
    element the file added, changed or removed after the export, and nobody edited there, stays
    as the file has it; a field edited in both places takes the edit, and the preview says
    so. A ``base`` with no elements (:func:`from_template`: a file filled in from a template)
    removes nothing and changes a framework detail only where the file gives one of its own
    (not the template's placeholder, not an empty cell)."""
    target = respell(session, target, base)
    plan = _plan(session, target, base)
    if not rehearse or not plan.changes:
        return plan
    done = 0
    problems: list[str] = []
    left: list[str] = []
    locks = _locks(session)
    unrecorded = set(_unrecorded(session))
    recorded: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()
    try:
        for change in plan.changes:
            for op in change.operations:
                try:
                    result = session.do(op, check=False)
                except (EditError, NosframeError) as exc:  # refused, or would not compose
                    problems.append(f"{change.action} {change.label}: "
                                    f"{getattr(exc, 'message', None) or exc}")
                    continue
                done += result.applied
        if not problems:
            left = [f"{c.action} {c.label}: not possible through the editing engine (nor in "
                    "the editor)"
                    + (f" ({', '.join(f.field for f in c.fields)})" if c.fields else "")
                    for c in _plan(session, target, base).changes]
            done += bool(record_library_standards(session, exclude=unrecorded))
            recorded, dropped = _lock_change(locks, _locks(session))
    finally:
        for _ in range(done):
            session.drop_last()
    return evolve(plan, notes=plan.notes + tuple(left), problems=tuple(problems),
                  recorded=recorded, dropped=dropped)


def _locks(session: Any) -> dict[str, Any]:
    """The file's records of library standards (``[[library_lock]]``), by key."""
    return {entry.key: entry for entry in session.root.library_lock}


def _lock_change(before: dict[str, Any], after: dict[str, Any]
                 ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The codes recorded (new records, or records taken again) and those dropped."""
    return (tuple(e.standard.code for k, e in after.items() if before.get(k) != e),
            tuple(e.standard.code for k, e in before.items() if k not in after))


def _plan(session: Any, target: Framework, base: Framework | None = None) -> UpdatePlan:
    composed = session.ensure_composed()
    current = composed.framework
    changes: list[ElementChange] = []
    removals: list[ElementChange] = []
    notes: list[str] = []
    name = session.name
    both = f"also changed in {name} since the export: the edit replaces that"

    def with_(writes: str, extra: str) -> str:
        return f"{writes}; {extra}" if writes else extra

    root_info = session.root.framework

    def kept(info_: Any) -> Any:
        return evolve(info_, extends=root_info.extends,
                      extensions=target.framework.extensions or root_info.extensions)

    template = from_template(base)
    info = kept(target.framework)
    writes = ""
    if base is not None:
        info, clash = _merge(root_info, info, kept(base.framework))
        writes = f"{', '.join(clash)} {both}" if clash and not template else ""
    if info != root_info:
        changes.append(ElementChange("framework", "", "framework details", CHANGED,
                                     _field_changes(root_info, info),
                                     (Change("framework", "", info),), "", writes))
    unshown = 0  # elements the file has that a filled-in template does not show: they stay
    for kind in KINDS:
        old = {e.key: e for e in kind.elements(current)}
        new = {e.key: e for e in kind.elements(target)}
        was = None if base is None else {e.key: e for e in kind.elements(base)}
        for key, element in new.items():
            before = old.get(key)
            if before == element:
                continue
            if was is not None and key in was and was[key] == element:
                continue  # not edited where it was exported to: what the file says now stands
            # edited there, and the file changed (or added) it since the export too (a
            # template's row of an element the file has: the row, as filled in, replaces it)
            conflict = was is not None and was.get(key) != before and not template
            clash: list[str] = []
            if template and before is not None:
                # a template's row of an element the file has adds to it (filled_onto)
                element = filled_onto(before, element)
                if element == before:
                    continue
            if conflict and before is not None and key in was:
                # only the fields edited there are taken; the file's other changes stay
                element, clash = _merge(before, element, was[key])
                conflict = bool(clash)
                if element == before:
                    continue
            own = session.is_own(kind.name, key)
            prov = session.provenance(kind.name, key)
            where = origin_text(prov.origin) if prov is not None and not own else ""
            if before is None:
                if kind.name == "mapping":
                    ops: tuple[Operation, ...] = (_mapping_op(element),)
                    writes = ""
                elif session.is_removed(kind.name, key):
                    ops = (Revert(kind.name, key), Change(kind.name, key, element))
                    writes = f"inherited, removed in {name}: the remove override is dropped"
                else:
                    ops = (Add(kind.name, element),)
                    writes = ""
                if conflict:
                    writes = with_(writes, f"removed from {name} since the export: the edit "
                                           "brings it back" if key in was else both)
                changes.append(ElementChange(kind.name, key, _label(kind.name, element), ADDED,
                                             _field_changes(None, element), ops, where, writes))
                continue
            if kind.name == "mapping":
                ops = (_mapping_op(element),)
            else:
                ops = (Change(kind.name, key, element, before),)
            if own:
                writes = ""
            elif prov is not None and prov.origin.kind == "library":
                writes = f"from {where}: copied into {name}, tailored"
            else:
                writes = f"inherited from {where}: written as an override in {name}"
            if conflict:
                writes = with_(writes, f"{', '.join(clash)} {both}" if clash else both)
            changes.append(ElementChange(kind.name, key, _label(kind.name, element), CHANGED,
                                         _field_changes(before, element), ops, where, writes))
        for key, element in old.items():
            if key in new:
                continue
            if was is not None and key not in was:
                unshown += template
                continue  # added to the file since the export: not a removal
            conflict = was is not None and was[key] != element
            own = session.is_own(kind.name, key)
            prov = session.provenance(kind.name, key)
            where = origin_text(prov.origin) if prov is not None and not own else ""
            if prov is not None and prov.origin.kind == "library" and not own:
                users = [u for u in where_used(target, kind.name, key)]
                if users:
                    notes.append(f"{_label(kind.name, element)} comes from {where} and is "
                                 "still used (" + ", ".join(
                                     f"{u.element[0]} {u.element[1]}" for u in users[:3])
                                 + (" ..." if len(users) > 3 else "") + "): it stays; take it "
                                 "out of those to drop it")
                continue  # a library standard no one uses drops out by itself
            if kind.name == "mapping":
                ops = (ClearMapping(element.standard, behaviour=element.behaviour,
                                    value=element.value),)
            else:
                ops = (Delete(kind.name, key),)
            writes = "" if own else f"inherited from {where}: written as a remove override " \
                                    f"in {name}"
            if conflict:
                writes = with_(writes, both)
            removals.append(ElementChange(kind.name, key, _label(kind.name, element), REMOVED,
                                          _removed_fields(kind.name, element), ops, where,
                                          writes))
    # additions and changes in document order (a standard before the role naming it), then
    # removals in reverse (a mapping before its standard, a role before its behaviours)
    order = {k.name: i for i, k in enumerate(KINDS)}
    removals.sort(key=lambda c: -order[c.kind])
    if unshown:
        notes.insert(0, f"the file imported records no export of {name} (it was filled in "
                        f"from a template): its rows are added or changed, and the {unshown} "
                        f"element"
                        f"{'s' if unshown != 1 else ''} of {name} it does not show stay (to "
                        f"remove one, export {name} to a workbook, delete its row there and "
                        "import that)")
    return UpdatePlan(tuple(changes) + tuple(removals), tuple(notes))


def apply_update(session: Any, plan: UpdatePlan, target: Framework | None = None, *,
                 base: Framework | None = None) -> Applied:
    """Apply a plan's operations with :meth:`Session.do`, one undo step each (the caller
    saves). Raises :class:`~nosframe.editing.EditError` for an edit that cannot be made (the
    steps before it stay applied, unsaved: ``session.undo()`` takes them back). With
    ``target``, :attr:`Applied.left` says what still differs from it afterwards.

    The library standards the edits bring in (a role added naming one) are recorded in the
    file afterwards (:func:`record_library_standards`), as the editor records one typed into
    a role: :attr:`Applied.recorded` names every record the edits wrote (those the operations
    made themselves too, a library code typed into a role), :attr:`Applied.dropped` every one
    they took out; :attr:`UpdatePlan.recorded` and ``dropped`` said the same beforehand."""
    unrecorded = set(_unrecorded(session))
    locks = _locks(session)
    results = tuple(session.do(op, check=False) for op in plan.operations)
    record_library_standards(session, exclude=unrecorded)
    recorded, dropped = _lock_change(locks, _locks(session))
    left: tuple[str, ...] = ()
    if target is not None:
        again = _plan(session, respell(session, target, base), base)
        left = tuple(f"{c.action} {c.label}: not applied"
                     + (f" ({', '.join(f.field for f in c.fields)})" if c.fields else "")
                     for c in again.changes)
    return Applied(results, left, recorded, dropped)


def _unrecorded(session: Any) -> list[str]:
    """The standards the session's framework takes from an installed library that no layer
    records (``[[library_lock]]``), by key."""
    composed = session.ensure_composed()
    return [s.key for s in composed.framework.standards
            if (prov := composed.provenance_of("standard", s.key)) is not None
            and prov.origin.kind == "library" and composed.framework.locked(s.key) is None]


def record_library_standards(session: Any, *, exclude: set[str] = frozenset()
                             ) -> tuple[str, ...]:
    """Record in the file every standard its framework takes from an installed library and
    nothing records yet (but those in ``exclude``), by the operation ``nosframe library
    refresh CODE`` applies (:class:`~nosframe.editing.RefreshLibrary`): the file then composes
    the same where the library is not installed. One undo step; the codes recorded."""
    codes = tuple(code for code in _unrecorded(session) if code not in exclude)
    if codes:
        session.do(RefreshLibrary(codes), check=False)
    return codes


__all__ = ["ADDED", "CHANGED", "REMOVED", "Applied", "ElementChange", "FieldChange",
           "UpdatePlan", "apply_update", "count_summary", "field_lines", "from_template",
           "filled_onto", "list_change", "onto_presets", "respell", "taken_from_library",
           "plan_update", "record_library_standards", "show", "show_whole"]
