"""A three-way merge of framework files, element by element and field by field (the git merge
driver ``nosframe merge %O %A %B``).

Each element (by kind and id, as :mod:`nosframe.editing.diff` names them; overrides by action
and target, library records by code, acknowledgements by code and element) is merged on its
own: changed on one side only, that side's version is taken; changed on both sides, field by
field, and within a table (a role's behaviour levels, a behaviour's levels, a ``set``
override's fields) key by key. Lists of ids (a role's standards) changed on both sides take
both sides' additions and removals. What is left, the same field changed both ways (or an
element removed on one side and changed on the other), is a :class:`Conflict`.

The merged framework is written over OURS's text with :func:`nosframe.io.preserve.render`, so
the result keeps OURS's comments and layout like any save. Conflicts are left as git-style
markers around the lines that differ between the two resolutions (OURS's value, THEIRS's
value), each naming the elements and fields: the file does not load until a person picks one.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import attrs
from attrs import frozen

from nosframe.editing.diff import keyed, record_label
from nosframe.editing.update import _label, show
from nosframe.io.preserve import render
from nosframe.io.toml import loads
from nosframe.model import Framework, FrameworkInfo
from nosframe.model.kinds import KINDS

_MISSING = object()
_KIND_OF_ATTR = {k.attr: k for k in KINDS}


@frozen
class Conflict:
    """One field (or whole element) changed differently on both sides."""

    label: str  # "role pcso"
    field: str  # "title", "behaviours.we-collaborate"; "" for the whole element
    base: Any
    ours: Any
    theirs: Any

    def text(self) -> str:
        def said(value: Any) -> str:
            return "(absent)" if value is _MISSING or value is None else show(value)

        what = f"{self.label} {self.field}" if self.field else self.label
        return f"{what}: ours {said(self.ours)}, theirs {said(self.theirs)} " \
               f"(base {said(self.base)})"


@frozen
class MergeResult:
    text: str  # the merged file (with conflict markers when there are conflicts)
    conflicts: tuple[Conflict, ...]
    framework: Framework  # the merged framework, OURS's value kept at each conflict
    canonical: str = ""  # why OURS's layout could not be kept (nosframe.io.preserve), or ""

    @property
    def clean(self) -> bool:
        return not self.conflicts


def _value(value: Any) -> Any:
    return None if value is _MISSING else value


def _merge3(base: Any, ours: Any, theirs: Any, label: str, field: str,
            conflicts: list[Conflict]) -> tuple[Any, Any]:
    """The merged value twice: with OURS's and with THEIRS's side taken at conflicts."""
    if ours == theirs:
        return ours, ours
    if base == ours:
        return theirs, theirs
    if base == theirs:
        return ours, ours
    present = [v for v in (base, ours, theirs) if v is not _MISSING]
    if len(present) == 3 and attrs.has(type(ours)) and type(base) is type(ours) is type(theirs):
        fields_o, fields_t = {}, {}
        for a in attrs.fields(type(ours)):
            sub = f"{field}.{a.name}" if field else a.name
            fields_o[a.name], fields_t[a.name] = _merge3(
                getattr(base, a.name), getattr(ours, a.name), getattr(theirs, a.name), label,
                sub, conflicts)
        return _build(ours, fields_o), _build(ours, fields_t)
    if len(present) == 3 and all(isinstance(v, dict) for v in present):
        out_o: dict = {}
        out_t: dict = {}
        for k in list(ours) + [k for k in theirs if k not in ours]:
            vo, vt = _merge3(base.get(k, _MISSING), ours.get(k, _MISSING),
                             theirs.get(k, _MISSING), label, f"{field}.{k}" if field else str(k),
                             conflicts)
            if vo is not _MISSING:
                out_o[k] = vo
            if vt is not _MISSING:
                out_t[k] = vt
        return out_o, out_t
    if len(present) == 3 and all(isinstance(v, tuple) for v in present) and \
            all(isinstance(x, str) for v in present for x in v):
        gone = (set(base) - set(ours)) | (set(base) - set(theirs))
        merged = [x for x in ours if x not in gone]
        merged += [x for x in theirs if x not in base and x not in merged]
        return tuple(merged), tuple(merged)
    conflicts.append(Conflict(label, field, _value(base), _value(ours), _value(theirs)))
    return ours, theirs


def _build(like: Any, fields: dict) -> Any:
    try:
        return attrs.evolve(like, **fields)
    except (TypeError, ValueError):  # pragma: no cover - each field came from a valid element
        return like


def _merge_items(attr: str, base: tuple, ours: tuple, theirs: tuple,
                 conflicts: list[Conflict]) -> tuple[tuple, tuple]:
    b, o, t = keyed(attr, base), keyed(attr, ours), keyed(attr, theirs)
    order = list(o)
    t_order = list(t)
    for i, key in enumerate(t_order):  # THEIRS's additions go after what precedes them there
        if key in o or key in b:
            continue
        before = next((k for k in reversed(t_order[:i]) if k in order), None)
        order.insert(order.index(before) + 1 if before is not None else len(order), key)
    placed = set(order)
    for key in b:
        if key not in placed:
            order.append(key)  # removed on both sides: dropped below
    merged_o, merged_t = [], []
    for key in order:
        kind = _KIND_OF_ATTR.get(attr)
        sample = o.get(key) or t.get(key) or b.get(key)
        label = _label(kind.name, sample) if kind else record_label(attr, key)
        vo, vt = _merge3(b.get(key, _MISSING), o.get(key, _MISSING), t.get(key, _MISSING),
                         label, "", conflicts)
        if vo is not _MISSING:
            merged_o.append(vo)
        if vt is not _MISSING:
            merged_t.append(vt)
    return tuple(merged_o), tuple(merged_t)


def merge_frameworks(base: Framework, ours: Framework, theirs: Framework
                     ) -> tuple[Framework, Framework, tuple[Conflict, ...]]:
    """The merge of the three, once with OURS's value at each conflict and once with
    THEIRS's, and the conflicts."""
    conflicts: list[Conflict] = []
    info_o, info_t = _merge3(base.framework, ours.framework, theirs.framework, "[framework]",
                             "", conflicts)
    fields_o: dict[str, Any] = {"framework": info_o}
    fields_t: dict[str, Any] = {"framework": info_t}
    for a in attrs.fields(Framework)[1:]:
        fields_o[a.name], fields_t[a.name] = _merge_items(
            a.name, getattr(base, a.name), getattr(ours, a.name), getattr(theirs, a.name),
            conflicts)
    return Framework(**fields_o), Framework(**fields_t), tuple(conflicts)


def merge_texts(base: str, ours: str, theirs: str, *, paths: tuple[Path | None, ...] = (
        None, None, None), labels: tuple[str, str] = ("ours", "theirs")) -> MergeResult:
    """Merge three versions of a framework file's text; the result keeps OURS's layout. Raises
    :class:`~nosframe.io.LoadError` for a version that is not a framework file."""
    doc_o = loads(ours, paths[1])
    doc_t = loads(theirs, paths[2])
    # git gives an empty BASE for a file added on both branches
    base_fw = loads(base, paths[0]).framework if base.strip() else Framework(
        FrameworkInfo(id=doc_o.framework.id))
    merged_o, merged_t, conflicts = merge_frameworks(base_fw, doc_o.framework,
                                                     doc_t.framework)
    rendered = render(ours, doc_o.framework, merged_o, paths[1])
    if not conflicts:
        return MergeResult(rendered.text, (), merged_o, rendered.canonical)
    text_t = render(ours, doc_o.framework, merged_t, paths[1]).text
    return MergeResult(_with_markers(rendered.text, text_t, conflicts, labels), conflicts,
                       merged_o, rendered.canonical)


def _with_markers(ours: str, theirs: str, conflicts: tuple[Conflict, ...],
                  labels: tuple[str, str]) -> str:
    """``ours`` with each run of lines that differs from ``theirs`` between git-style conflict
    markers, the opening one naming the conflicts (element and field) the run holds."""
    nl = "\r\n" if "\r\n" in ours else "\n"  # markers end their lines as the file does
    a = ours.splitlines(keepends=True)
    b = theirs.splitlines(keepends=True)
    for lines in (a, b):
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += nl
    out: list[str] = []
    named = [f"{c.label} {c.field}".strip() for c in conflicts]
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out += a[i1:i2]
            continue
        run = "".join(a[i1:i2] + b[j1:j2])
        here = [n for n, c in zip(named, conflicts) if _mentions(run, c)] or named
        out.append(f"<<<<<<< {labels[0]} (nosframe merge conflict: {'; '.join(here)}){nl}")
        out += a[i1:i2]
        out.append(f"======={nl}")
        out += b[j1:j2]
        out.append(f">>>>>>> {labels[1]}{nl}")
    return "".join(out)


def _mentions(text: str, conflict: Conflict) -> bool:
    leaf = conflict.field.split(".")[-1] if conflict.field else ""
    return bool(leaf) and leaf in text


__all__ = ["Conflict", "MergeResult", "merge_frameworks", "merge_texts"]
