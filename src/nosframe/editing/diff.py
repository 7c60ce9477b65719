"""A semantic diff of two frameworks: element by element, by id, field by field.

:func:`diff_frameworks` compares two :class:`~nosframe.model.Framework` values (two versions of
one file's own document, or two composed frameworks) and says what was added, removed, renamed
(the same content under a new id), retitled, and what changed in criteria, behaviour levels and
indicators, mappings, and the file's own ``[[overrides]]``, ``[[library_lock]]`` and
``[[acknowledged]]``. The field-by-field comparison is the one the update preview uses
(:mod:`nosframe.editing.update`: :class:`FieldChange`, ``old -> new``), so both read alike.

It lives in ``editing`` beside that comparison (``analysis`` and ``editing`` are independent
layers); :mod:`nosframe.editing.merge` builds on the same identities. Nothing here prints.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from typing import Any

import attrs
from attrs import frozen

from nosframe.editing.update import (
    FieldChange,
    _field_changes,
    _label,
    _removed_fields,
    count_summary,
    field_lines,
)
from nosframe.model import Framework
from nosframe.model.kinds import KINDS

ADDED, REMOVED, RENAMED, CHANGED = "added", "removed", "renamed", "changed"

#: the Framework attributes that are the file's own records rather than elements
RECORDS = ("overrides", "library_lock", "acknowledged")

_KIND_OF_ATTR = {k.attr: k for k in KINDS}
_CRITERIA_FIELDS = ("performance", "knowledge", "elements")


@frozen
class ElementDiff:
    """One element (or override, library record, acknowledgement) that differs."""

    kind: str  # "role", "standard" ... "framework", "override", "library_lock", "acknowledged"
    key: str  # its id (the old one for a rename)
    label: str  # how people name it: "role pcso", "override set role:pcso"
    action: str  # ADDED, REMOVED, RENAMED or CHANGED
    aspects: tuple[str, ...] = ()  # "retitled", "criteria changed" ...
    fields: tuple[FieldChange, ...] = ()
    new_key: str = ""  # for a rename

    def to_json(self) -> dict:
        out: dict[str, Any] = {"kind": self.kind, "key": self.key, "label": self.label,
                               "action": self.action, "aspects": list(self.aspects),
                               "fields": [{"field": f.field, "old": plain(f.old),
                                           "new": plain(f.new)} for f in self.fields]}
        if self.new_key:
            out["new_key"] = self.new_key
        return out


@frozen
class Diff:
    changes: tuple[ElementDiff, ...]

    def __bool__(self) -> bool:
        return bool(self.changes)

    def counts(self) -> dict[str, int]:
        return {a: sum(c.action == a for c in self.changes)
                for a in (ADDED, REMOVED, RENAMED, CHANGED)}

    def summary(self) -> str:
        return count_summary(self.counts())

    def lines(self) -> list[str]:
        """One line per element (``role pcso: retitled``), one indented line per field."""
        out: list[str] = []
        for change in self.changes:
            if change.action == RENAMED:
                out.append(f"{change.label}: renamed to {change.new_key}")
            elif change.action == CHANGED:
                out.append(f"{change.label}: {', '.join(change.aspects) or 'changed'}")
            else:
                out.append(f"{change.label}: {change.action}")
            out += field_lines(change.action, change.fields)
        return out

    def to_json(self) -> dict:
        return {"summary": self.summary(), "counts": self.counts(),
                "changes": [c.to_json() for c in self.changes]}


def plain(value: Any) -> Any:
    """A model value as JSON data."""
    if attrs.has(type(value)):
        return {a.name: plain(getattr(value, a.name)) for a in attrs.fields(type(value))}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def identity(attr: str, element: Any) -> Any:
    """What names an element of ``attr`` in both versions: its key; an override by action and
    target; an acknowledgement by code and element."""
    if attr in _KIND_OF_ATTR or attr == "library_lock":
        return element.key
    if attr == "overrides":
        return (element.action.value, element.target)
    if attr == "acknowledged":
        return (element.code, element.element)
    return repr(element)


def keyed(attr: str, elements: tuple) -> dict[Any, Any]:
    """Elements by identity, in order; a repeated identity gets its occurrence number (two
    ``set`` overrides of one target)."""
    out: dict[Any, Any] = {}
    for element in elements:
        key = identity(attr, element)
        n = 1
        while (key, n) in out:
            n += 1
        out[(key, n)] = element
    return out


def record_label(attr: str, key: Any) -> str:
    ident, n = key
    more = f" (#{n})" if n > 1 else ""
    if attr == "overrides":
        return f"override {ident[0]} {ident[1]}{more}"
    if attr == "acknowledged":
        return f"acknowledged {ident[0]}" + (f" on {ident[1]}" if ident[1] else "") + more
    if attr == "library_lock":
        return f"library record {ident}{more}"
    return f"{attr} {ident}{more}"


def _detail(fields: tuple[FieldChange, ...]) -> tuple[FieldChange, ...]:
    """Field changes with lists of criteria and tables split item by item: ``performance P2``,
    ``levels.2``, ``behaviours.we-collaborate``, ``fields.title``."""
    out: list[FieldChange] = []
    for f in fields:
        old, new = f.old, f.new
        if isinstance(old, dict) and isinstance(new, dict):
            for k in list(old) + [k for k in new if k not in old]:
                if old.get(k) != new.get(k):
                    out.append(FieldChange(f"{f.field}.{k}", old.get(k), new.get(k)))
            continue
        if isinstance(old, tuple) and isinstance(new, tuple) and \
                all(attrs.has(type(v)) and _item_id(v) for v in old + new) and old + new:
            before = {_item_id(v): v for v in old}
            after = {_item_id(v): v for v in new}
            for k in list(before) + [k for k in after if k not in before]:
                a, b = before.get(k), after.get(k)
                if a == b:
                    continue
                if a is not None and b is not None:
                    out += [FieldChange(f"{f.field} {k} {c.field}", c.old, c.new)
                            for c in _field_changes(a, b)]
                else:
                    out.append(FieldChange(f"{f.field} {k}", _item_text(a), _item_text(b)))
            if list(before) != list(after) and set(before) == set(after):
                out.append(FieldChange(f"{f.field} order", tuple(before), tuple(after)))
            continue
        out.append(f)
    return tuple(out)


def _item_id(item: Any) -> str:
    return getattr(item, "id", "") or getattr(item, "code", "")


def _item_text(item: Any) -> Any:
    if item is None:
        return None
    return getattr(item, "text", None) or getattr(item, "title", None) or _item_id(item)


def _aspects(kind: str, fields: tuple[FieldChange, ...]) -> tuple[str, ...]:
    found: list[str] = []
    title = next((k.title_field for k in KINDS if k.name == kind), None)

    def add(what: str) -> None:
        if what not in found:
            found.append(what)

    for f in fields:
        if kind == "mapping":
            add("mapping changed")
        elif title and f.field == title:
            add("retitled")
        elif f.field in _CRITERIA_FIELDS:
            add("criteria changed")
        elif kind == "behaviour" and f.field == "levels":
            add("levels or indicators changed")
        elif kind == "level":
            add("level changed")
        elif kind == "role" and f.field == "behaviours":
            add("behaviour levels changed")
        elif kind == "role" and f.field in ("standards", "optional_standards"):
            add("standards changed")
        else:
            add(f"{f.field} changed")
    return tuple(found)


def _renames(kind: Any, gone: list, came: list) -> dict[str, str]:
    """Old key -> new key for each element gone whose content (all but its id) an element
    that came has, matched by that content in one pass."""
    field = kind.key_field
    if field is None or not gone or not came:
        return {}

    def content(element: Any) -> str:
        data = plain(element)
        data.pop(field)
        return json.dumps(data, sort_keys=True, default=str)

    waiting: dict[str, list[Any]] = {}
    for element in came:
        waiting.setdefault(content(element), []).append(element)
    out: dict[str, str] = {}
    for element in gone:
        matches = waiting.get(content(element))
        if matches:
            out[element.key] = matches.pop(0).key
    return out


def _added_fields(element: Any) -> tuple[FieldChange, ...]:
    return _field_changes(None, element)


def diff_frameworks(old: Framework, new: Framework) -> Diff:
    """What changed from ``old`` to ``new``, in document order: ``[framework]``, each kind of
    element (additions, renames, changes, removals), then overrides, library records and
    acknowledgements."""
    changes: list[ElementDiff] = []
    if old.framework != new.framework:
        fields = _detail(_field_changes(old.framework, new.framework))
        aspects = tuple(f"{f.field} changed" for f in _field_changes(old.framework,
                                                                      new.framework))
        changes.append(ElementDiff("framework", new.framework.id, "[framework]", CHANGED,
                                   aspects, fields))
    for kind in KINDS:
        before = {e.key: e for e in kind.elements(old)}
        after = {e.key: e for e in kind.elements(new)}
        gone = [k for k in before if k not in after]
        came = [k for k in after if k not in before]
        renames = _renames(kind, [before[k] for k in gone], [after[k] for k in came])
        renamed_to = {v: k for k, v in renames.items()}
        for key, element in after.items():
            if key in renamed_to:
                was = renamed_to[key]
                changes.append(ElementDiff(kind.name, was, _label(kind.name, before[was]),
                                           RENAMED, new_key=_label(kind.name, element)
                                           .split(" ", 1)[1] if kind.name != "mapping"
                                           else key))
            elif key not in before:
                changes.append(ElementDiff(kind.name, key, _label(kind.name, element), ADDED,
                                           fields=_added_fields(element)))
            elif before[key] != element:
                fields = _field_changes(before[key], element)
                changes.append(ElementDiff(kind.name, key, _label(kind.name, element), CHANGED,
                                           _aspects(kind.name, fields), _detail(fields)))
        for key in gone:
            if key in renames:
                continue
            element = before[key]
            changes.append(ElementDiff(kind.name, key, _label(kind.name, element), REMOVED,
                                       fields=_removed_fields(kind.name, element)))
    for attr in RECORDS:
        before = keyed(attr, getattr(old, attr))
        after = keyed(attr, getattr(new, attr))
        name = {"overrides": "override"}.get(attr, attr)
        for key, element in after.items():
            label = record_label(attr, key)
            if key not in before:
                changes.append(ElementDiff(name, _record_key(key), label, ADDED,
                                           fields=_detail(_added_fields(element))))
            elif before[key] != element:
                fields = _field_changes(before[key], element)
                changes.append(ElementDiff(name, _record_key(key), label, CHANGED,
                                           tuple(f"{f.field} changed" for f in fields),
                                           _detail(fields)))
        for key, element in before.items():
            if key not in after:
                changes.append(ElementDiff(name, _record_key(key), record_label(attr, key),
                                           REMOVED))
    return Diff(tuple(changes))


def listing(framework: Framework) -> list[str]:
    """The framework as lines, one per field (one per item of a list), each naming its element
    and field: ``role pcso: title = "PCSO"``. A line diff of two listings reads as a semantic
    diff (git's ``textconv``: ``git log -p`` shows it without ``--ext-diff``)."""
    out: list[str] = []
    items: list[tuple[str, Any]] = [("[framework]", framework.framework)]
    for kind in KINDS:
        items += [(_label(kind.name, e), e) for e in kind.elements(framework)]
    for attr in RECORDS:
        items += [(record_label(attr, k), e) for k, e in keyed(attr, getattr(framework,
                                                                             attr)).items()]
    out.append(f"[framework]: id = {json.dumps(framework.framework.id, ensure_ascii=False)}")
    for label, element in items:
        for f in _field_changes(None, element):
            out += _flat(label, f.field, f.new)
    return out


def _flat(label: str, name: str, value: Any) -> list[str]:
    if isinstance(value, dict):
        return [line for k, v in value.items() for line in _flat(label, f"{name}.{k}", v)]
    if isinstance(value, tuple) and value and all(attrs.has(type(v)) for v in value):
        return [line for i, v in enumerate(value) for a in attrs.fields(type(v))
                if getattr(v, a.name) not in ("", (), None)
                for line in _flat(label, f"{name} {_item_id(v) or i + 1} {a.name}",
                                  getattr(v, a.name))]
    if attrs.has(type(value)):
        return [line for a in attrs.fields(type(value))
                for line in _flat(label, f"{name}.{a.name}", getattr(value, a.name))]
    if isinstance(value, tuple):
        return [f"{label}: {name}[] = {json.dumps(plain(v), ensure_ascii=False)}"
                for v in value]
    return [f"{label}: {name} = {json.dumps(plain(value), ensure_ascii=False)}"]


def _record_key(key: Any) -> str:
    ident, n = key
    text = ":".join(ident) if isinstance(ident, tuple) else str(ident)
    if isinstance(ident, tuple) and ident[0] in ("retitle", "remove", "replace", "set"):
        text = f"{ident[0]} {ident[1]}"
    return text + (f"#{n}" if n > 1 else "")


__all__ = ["ADDED", "CHANGED", "Diff", "ElementDiff", "REMOVED", "RENAMED", "diff_frameworks",
           "identity", "keyed", "listing", "plain"]
