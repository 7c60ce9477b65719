"""Edits to an organisation's framework file, as pure functions from Framework to Framework.

The editable state of the TUI is the root :class:`~nosframe.model.Framework` (the organisation's
file). Elements the file defines are changed in place; elements it inherits from presets are
never touched: a change to one becomes an ``[[overrides]]`` entry (``retitle``, ``set`` or
``remove``). No Textual here, so every rule is testable on its own.
"""

from __future__ import annotations

from typing import Any, Iterable

import attrs
from attrs import evolve

from nosframe.io.convert import converter
from nosframe.model import (
    Framework,
    Level,
    LockedStandard,
    Mapping,
    Override,
    OverrideAction,
    normalise_code,
)
from nosframe.model.kinds import (CODE_PATTERN, KINDS, LEVEL_RULE, id_problem, is_kind,
                                  suggest_id)
from nosframe.model.kinds import kind as kind_named
from nosframe.model.references import rename_in_overrides, rename_references

# per-kind tables, derived from the table of kinds (nosframe.model.kinds); kept for the TUI
KIND_ATTR: dict[str, str] = {k.name: k.attr for k in KINDS}
KIND_CLASS: dict[str, type] = {k.name: k.cls for k in KINDS}
#: the field a retitle override changes, per kind (a mapping has none)
TITLE_FIELD: dict[str, str] = {k.name: k.title_field for k in KINDS if k.title_field}
#: the field that holds an element's identity, per kind (a mapping's is composite)
KEY_FIELD: dict[str, str] = {k.name: k.key_field for k in KINDS if k.key_field}


class EditError(ValueError):
    """An edit that cannot be made, with a message for people."""


def target(kind: str, key: str, element: Any = None) -> str:
    """An override's target, ``kind:id``: a standard by its code as published (``standard:SFJ
    GD9``) when the element is given, as a person writes it (any spelling matches)."""
    code = getattr(element, "code", None) if kind == "standard" else None
    return f"{kind}:{code or key}"


def elements(fw: Framework, kind: str) -> tuple:
    return getattr(fw, KIND_ATTR[kind])


def match_key(kind: str, key: str) -> str:
    return kind_named(kind).match(key) if is_kind(kind) else key


#: (kind, id of an elements tuple) -> (that tuple, key -> index of its first element with the
#: key), for the last few tuples looked into: typing into a title finds its element on every
#: key, in 2,000 roles or 5,000 standards (each key a normalised code)
_POSITIONS: dict[tuple[str, int], tuple[tuple, dict[str, int]]] = {}
_POSITIONS_KEPT = 8


def _positions(kind: str, items: tuple) -> dict[str, int]:
    entry = _POSITIONS.get((kind, id(items)))
    if entry is not None and entry[0] is items:
        return entry[1]
    positions: dict[str, int] = {}
    for index, element in enumerate(items):
        positions.setdefault(element.key, index)
    _keep_positions(kind, items, positions)
    return positions


def _keep_positions(kind: str, items: tuple, positions: dict[str, int]) -> None:
    while len(_POSITIONS) >= _POSITIONS_KEPT:
        _POSITIONS.pop(next(iter(_POSITIONS)), None)
    _POSITIONS[(kind, id(items))] = (items, positions)


def find(fw: Framework, kind: str, key: str) -> tuple[int, Any] | tuple[None, None]:
    """(index, element) of the element with ``key`` defined in ``fw`` itself, or (None, None)."""
    key = match_key(kind, key)
    items = elements(fw, kind)
    index = _positions(kind, items).get(key)
    if index is None:
        return None, None
    return index, items[index]


def defines(fw: Framework, kind: str, key: str) -> bool:
    return find(fw, kind, key)[0] is not None


def replace(fw: Framework, kind: str, key: str, new: Any) -> Framework:
    index, old = find(fw, kind, key)
    if index is None:
        raise EditError(f"{kind} {key!r} is not defined in this file")
    before = elements(fw, kind)
    items = list(before)
    items[index] = new
    after = tuple(items)
    if new.key == old.key:  # the same keys in the same places: the next key finds it at once
        _keep_positions(kind, after, _positions(kind, before))
    return evolve(fw, **{KIND_ATTR[kind]: after})


def append(fw: Framework, kind: str, new: Any) -> Framework:
    if defines(fw, kind, new.key):
        raise EditError(f"{kind} {new.key!r} already exists")
    return evolve(fw, **{KIND_ATTR[kind]: elements(fw, kind) + (new,)})


def remove(fw: Framework, kind: str, key: str) -> Framework:
    key = match_key(kind, key)
    kept = tuple(e for e in elements(fw, kind) if e.key != key)
    return evolve(fw, **{KIND_ATTR[kind]: kept})


# ---------------------------------------------------------------------------------------------
# overrides of inherited elements


def overrides_of(fw: Framework, kind: str, key: str) -> list[tuple[int, Override]]:
    wanted = _target_key(kind, key)
    return [(i, o) for i, o in enumerate(fw.overrides) if _override_key(o) == wanted]


def _target_key(kind: str, key: str) -> tuple[str, str]:
    return kind, match_key(kind, key)


def _override_key(override: Override) -> tuple[str, str]:
    kind, _, key = override.target.partition(":")
    return kind, match_key(kind, key) if kind in KIND_ATTR else key


def changed_fields(old: Any, new: Any) -> dict[str, object]:
    """The fields that differ between two versions of an element, as TOML-ready values.

    Raises :class:`EditError` for a change TOML cannot say (clearing a number or a date of an
    inherited element: TOML has no null).
    """
    if type(old) is not type(new):
        raise EditError("cannot change the kind of an element")
    out: dict[str, object] = {}
    for a in attrs.fields(attrs.resolve_types(type(new))):
        before, after = getattr(old, a.name), getattr(new, a.name)
        if before == after:
            continue
        if after is None:
            raise EditError(f"an override cannot clear {a.name!r} (TOML has no empty value); "
                            "give it a value instead")
        out[a.name] = converter.unstructure(after, a.type)
    return out


def override_fields(fw: Framework, kind: str, key: str, fields: dict[str, object], *,
                    reverted: Iterable[str] = (), element: Any = None) -> Framework:
    """Record changed fields of an inherited element, by one rule:

    - a new title goes where the file already says the title (its ``retitle`` override, or a
      ``set`` override holding it), else into a ``retitle`` override of its own;
    - any other field goes into the ``set`` override already saying that field, else into the
      element's ``set`` override (one without a ``reason`` first, where a file has several):
      one override per element and action, so the file says each element's changes in one
      place and a save rewrites only that override. Its ``reason`` stays as written (the
      editor shows it beside the fields, to say more in it); a ``set`` override is written
      only for an element the file has none for.

    ``reverted`` names fields changed back to their inherited value: the overrides stop saying
    them (an override left empty goes), so the file never carries a change that changes nothing.
    A cleared title is a ``set`` of ``""`` (a retitle to nothing would say otherwise). Fields an
    override sets that this edit did not touch stay as they are."""
    reverted = set(reverted)
    if not fields and not reverted:
        return fw
    title_field = TITLE_FIELD.get(kind)  # None: no title (a mapping), so never a retitle
    overrides: list[Override | None] = list(fw.overrides)
    mine = [i for i, _ in overrides_of(fw, kind, key)]

    def of(action: OverrideAction) -> list[int]:
        return [i for i in mine if overrides[i] is not None
                and overrides[i].action is action]  # type: ignore[union-attr]

    fields = dict(fields)
    title = fields.pop(title_field, None) if title_field and title_field in fields else None
    if title_field and (title is not None or title_field in reverted):
        retitles = of(OverrideAction.RETITLE)
        if title_field in reverted or title == "":  # the inherited title back, or cleared
            for i in retitles:
                overrides[i] = None
            retitles = []
        if title is not None:
            holder = next((i for i in of(OverrideAction.SET)
                           if title_field in overrides[i].fields), None)  # type: ignore[union-attr]
            if not title or holder is not None:
                fields[title_field] = title  # a set says it (cleared, or already there)
            elif retitles:
                overrides[retitles[0]] = evolve(overrides[retitles[0]], title=title)
            else:
                overrides.append(Override(OverrideAction.RETITLE, target(kind, key, element),
                                          title=title))
    for i in of(OverrideAction.SET):  # reverted fields: no override says them any more
        kept = {k: v for k, v in overrides[i].fields.items()  # type: ignore[union-attr]
                if k not in reverted}
        overrides[i] = evolve(overrides[i], fields=kept) if kept else None  # type: ignore[arg-type]
    sets = of(OverrideAction.SET)
    new: dict[str, object] = {}
    for name, value in fields.items():
        holder = next((i for i in sets if name in overrides[i].fields), None)  # type: ignore[union-attr]
        if holder is None:
            new[name] = value
        else:
            overrides[holder] = evolve(overrides[holder], fields={  # type: ignore[arg-type]
                **overrides[holder].fields, name: value})  # type: ignore[union-attr]
    if new:
        open_set = next((i for i in sets if not overrides[i].reason),  # type: ignore[union-attr]
                        sets[0] if sets else None)
        if open_set is not None:
            overrides[open_set] = evolve(overrides[open_set], fields={  # type: ignore[arg-type]
                **overrides[open_set].fields, **new})  # type: ignore[union-attr]
        else:
            overrides.append(Override(OverrideAction.SET, target(kind, key, element),
                                      fields=new))
    return evolve(fw, overrides=tuple(o for o in overrides if o is not None))


def override_remove(fw: Framework, kind: str, key: str, element: Any = None) -> Framework:
    """Drop an inherited element: one ``remove`` override replaces any others for it."""
    drop = {i for i, _ in overrides_of(fw, kind, key)}
    kept = tuple(o for i, o in enumerate(fw.overrides) if i not in drop)
    return evolve(fw, overrides=kept + (Override(OverrideAction.REMOVE,
                                                 target(kind, key, element)),))


def revert(fw: Framework, kind: str, key: str) -> Framework:
    """Remove every override this file makes to an inherited element."""
    drop = {i for i, _ in overrides_of(fw, kind, key)}
    return evolve(fw, overrides=tuple(o for i, o in enumerate(fw.overrides) if i not in drop))


# ---------------------------------------------------------------------------------------------
# new elements and renames


def new_element(kind: str, key: str, **fields: Any) -> Any:
    """A fresh element of ``kind`` whose identity is ``key`` (validated for people)."""
    key = key.strip()
    if not key:
        raise EditError({"level": "give it a number (its step on the scale: 1, 2, 3 ...)",
                         "standard": "give its NOS code (URN), e.g. SFJAA1"}.get(kind,
                                                                                "give it an id"))
    if kind == "level":
        try:
            number = int(key)
        except ValueError:
            raise EditError(f"a level is a whole number, not {key!r}") from None
        if id_problem(kind, number):
            raise EditError(LEVEL_RULE)
        return Level(number, **fields)
    if kind == "mapping":
        raise EditError("add mappings with the mapping editor")
    problem = id_problem(kind, key)
    if problem:
        suggestion = suggest_id(kind, key)
        hint = f": try {suggestion!r}" if suggestion else ""
        raise EditError(f"{problem}{hint}")
    if kind == "standard" and not CODE_PATTERN.fullmatch(key):
        raise EditError("a NOS code (URN) is letters and digits, with spaces if published so "
                        "(e.g. SFJAA1 or SFJ AA1)")
    cls = KIND_CLASS[kind]
    return cls(**{KEY_FIELD[kind]: key}, **fields)


def rename(fw: Framework, kind: str, old: str, new: str) -> Framework:
    """Give an element of this file a new id (code, number) and update this file's references."""
    index, element = find(fw, kind, old)
    if element is None:
        raise EditError(f"{kind} {old!r} is not defined in this file")
    if kind == "mapping":
        raise EditError("a mapping is named by its standard and behaviour; edit those instead")
    fresh = new_element(kind, new)
    if fresh.key == element.key:
        if kind == "standard" and fresh.key == element.key and new != element.code:
            return replace(fw, kind, old, evolve(element, code=new))
        return fw
    if defines(fw, kind, fresh.key):
        raise EditError(f"{kind} {fresh.key!r} already exists")
    value = getattr(fresh, KEY_FIELD[kind])
    fw = replace(fw, kind, old, evolve(element, **{KEY_FIELD[kind]: value}))
    fw = rename_references(fw, kind, element.key, value)
    fw = _rename_in_acknowledged(fw, kind, element.key, fresh.key)
    return _rename_in_overrides(fw, kind, element.key, value)


def _rename_in_acknowledged(fw: Framework, kind: str, old_key: str, new_key: str) -> Framework:
    """The file's acknowledgements of findings about a renamed element follow it."""
    def renamed(a: Any) -> Any:
        k, _, raw = a.element.partition(":")
        if k == kind and raw and match_key(kind, raw) == old_key:
            return evolve(a, element=f"{kind}:{new_key}")
        return a

    return evolve(fw, acknowledged=tuple(renamed(a) for a in fw.acknowledged))


def _rename_in_overrides(fw: Framework, kind: str, old_key: str, new: Any) -> Framework:
    """The file's ``set`` overrides of inherited elements refer to its own elements too (an
    inherited role that now needs the organisation's behaviour): they follow a rename."""
    return rename_in_overrides(fw, kind, old_key, new)


# ---------------------------------------------------------------------------------------------
# mappings (the combine step)


def mapping_key(standard: str, behaviour: str = "", value: str = "") -> str:
    return Mapping(standard, behaviour=behaviour, value=value).key


def set_mapping(fw: Framework, inherited: Mapping | None, standard: str, criteria: tuple[str, ...],
                *, behaviour: str = "", value: str = "", note: str | None = None) -> Framework:
    """Make the composed mapping from ``standard`` to a behaviour (or value) hold ``criteria``.

    ``inherited`` is the mapping as the parent layers define it (``None`` when not inherited).
    Criteria beyond the inherited ones go in this file's ``[[mappings]]`` entry (composition
    merges the two); dropping inherited criteria needs an override (``set``, or ``remove`` when
    none remain). An empty list removes this file's entry.
    """
    key = mapping_key(standard, behaviour, value)
    criteria = tuple(dict.fromkeys(c.strip() for c in criteria if c.strip()))
    _, own = find(fw, "mapping", key)
    # overrides of this mapping are rebuilt from scratch below
    fw = revert(fw, "mapping", key)
    if inherited is not None:
        kept = tuple(c for c in inherited.criteria if c in criteria)
        if not kept:
            fw = evolve(fw, overrides=fw.overrides + (
                Override(OverrideAction.REMOVE, target("mapping", key)),))
        elif kept != inherited.criteria:
            fw = evolve(fw, overrides=fw.overrides + (
                Override(OverrideAction.SET, target("mapping", key),
                         fields={"criteria": list(kept)}),))
        extra = tuple(c for c in criteria if c not in kept)
        if not kept:
            extra = criteria
    else:
        extra = criteria
    note_text = note if note is not None else (own.note if own is not None else "")
    if not extra:
        return remove(fw, "mapping", key)
    mapping = Mapping(own.standard if own is not None else standard, extra,
                      behaviour=behaviour, value=value, note=note_text)
    if own is not None:
        return replace(fw, "mapping", key, mapping)
    return append(fw, "mapping", mapping)


# ---------------------------------------------------------------------------------------------
# the file's records of library standards ([[library_lock]])


def record_library_standard(fw: Framework, entry: LockedStandard) -> Framework:
    """``fw`` recording ``entry``: an earlier record of the same code is replaced in place
    (so a refresh changes one entry of the file), a new one goes last."""
    lock = fw.library_lock
    for n, old in enumerate(lock):
        if old.key == entry.key:
            if old == entry:
                return fw
            return evolve(fw, library_lock=lock[:n] + (entry,) + lock[n + 1:])
    return evolve(fw, library_lock=lock + (entry,))


def drop_library_record(fw: Framework, code: str) -> Framework:
    """``fw`` without its record of the library standard ``code`` (any spelling)."""
    key = normalise_code(code)
    return evolve(fw, library_lock=tuple(e for e in fw.library_lock if e.key != key))


__all__ = ["EditError", "KEY_FIELD", "KIND_ATTR", "KIND_CLASS", "TITLE_FIELD", "append",
           "changed_fields", "defines", "elements", "find", "mapping_key", "new_element",
           "override_fields", "override_remove", "overrides_of", "remove", "rename", "replace",
           "revert", "set_mapping", "suggest_id", "target", "record_library_standard",
           "drop_library_record"]
