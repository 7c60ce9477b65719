"""What an edit changed, element by element, and what a check run carries to the next one.

An editor checks again after every edit (:func:`nosframe.checks.run_checks_timed` with
``previous=``). :func:`changes_between` compares the composed framework before and after,
element by element (the composer reuses every element an edit left alone, so this is a pass of
identity comparisons over each kind's tuple, most of it in C); :class:`Changes` is the answer a
check's ``PerElement.affected`` and ``Check.reads`` are asked about. :class:`Index` holds what
checks look elements up by (each kind's elements by key, who names whom), built once and then
carried from run to run, updated for the changed elements only. :class:`Relocator` moves the
findings a run keeps to where their elements are now (the file's lines give way to the edited
model at the first edit; a deleted element moves the ones after it).
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator

from attrs import evolve, fields, frozen

from nosframe.compose import Composed
from nosframe.model import Finding, Framework, Location
from nosframe.model.kinds import KINDS, is_kind, kind as kind_named
from nosframe.model.references import between, keys_named

#: a finding's anchor: the (kind, key, subpath) it was made for by ``CheckContext.finding``,
#: from which its location is found again after an edit; None when a check built the finding
#: itself (its location cannot be found again, so the check reruns when it may have moved)
Anchor = tuple[str, str, str] | None


@frozen
class Change:
    """One element an edit changed: ``before`` None when added, ``after`` None when removed.
    A ``moved`` element has the same content at another place in its kind's order."""

    kind: str
    key: str
    before: Any
    after: Any
    moved: bool = False

    @property
    def added(self) -> bool:
        return self.before is None

    @property
    def removed(self) -> bool:
        return self.after is None


class Changes:
    """What changed between two compositions of one framework, element by element.

    ``places``: kinds whose elements may sit elsewhere in the file or be another layer's now
    (the file's own elements of that kind, or overrides of one) although the composed elements
    are the same; a check reading a kind (``Check.reads``) reruns after those too."""

    def __init__(self, changes: Iterable[Change], places: Iterable[str] = ()):
        self._by_kind: dict[str, dict[str, Change]] = {}
        for change in changes:
            self._by_kind.setdefault(change.kind, {})[change.key] = change
        self.places = frozenset(places)
        self._fields: dict[str, frozenset[str]] = {}

    def __iter__(self) -> Iterator[Change]:
        for changes in self._by_kind.values():
            yield from changes.values()

    def __len__(self) -> int:
        return sum(len(c) for c in self._by_kind.values())

    def __repr__(self) -> str:
        return f"Changes({list(self)!r}, places={sorted(self.places)!r})"

    @property
    def kinds(self) -> frozenset[str]:
        """The kinds with an element added, removed or changed."""
        return frozenset(self._by_kind)

    def of(self, kind: str) -> tuple[Change, ...]:
        """The changes to elements of one kind."""
        return tuple(self._by_kind.get(kind, {}).values())

    def get(self, kind: str, key: str) -> Change | None:
        return self._by_kind.get(kind, {}).get(key)

    def keys(self, kind: str) -> set[str]:
        """The keys of the changed elements of one kind (added, removed or changed)."""
        return set(self._by_kind.get(kind, ()))

    def added_or_removed(self, kind: str) -> bool:
        """True when an element of ``kind`` was added or removed (which exist changed)."""
        return any(c.before is None or c.after is None
                   for c in self._by_kind.get(kind, {}).values())

    def fields(self, kind: str) -> frozenset[str]:
        """The fields that differ in the changed elements of one kind (every field of one added,
        removed or moved)."""
        if kind not in self._fields:
            names = [a.name for a in fields(kind_named(kind).cls)] if is_kind(kind) else []
            out: set[str] = set()
            for c in self._by_kind.get(kind, {}).values():
                if c.before is None or c.after is None or c.moved:
                    out.update(names)
                    break
                out.update(n for n in names if getattr(c.before, n) != getattr(c.after, n))
            self._fields[kind] = frozenset(out)
        return self._fields[kind]

    def named(self, target: str, by: str | None = None) -> set[str]:
        """Keys of ``target`` elements that a changed element (of kind ``by``, or any) names,
        before the edit or after it: the elements whose findings depend on who names them."""
        out: set[str] = set()
        for source, changes in self._by_kind.items():
            if by is not None and source != by:
                continue
            refs = between(source, target)
            if not refs:
                continue
            for c in changes.values():
                for element in (c.before, c.after):
                    if element is not None:
                        out |= keys_named(source, element, refs)
        return out

    def touch(self, reads: Iterable[str]) -> bool:
        """Whether an edit changed what ``reads`` names (``Check.reads``: ``"role"``, any
        element of the kind, or where it is; ``"role.progresses_to"``, that field, or a role
        added or removed)."""
        for entry in reads:
            name, _, field_name = entry.partition(".")
            if not field_name:
                if name in self._by_kind or name in self.places:
                    return True
            elif name in self._by_kind and field_name in self.fields(name):
                return True
        return False


# ---------------------------------------------------------------------------------------------
# comparing two compositions


def changes_between(before: Composed, after: Composed) -> Changes | None:
    """The elements that differ between two compositions of one framework, or ``None`` when
    anything may differ: other layers than the file's, the installed libraries, another part
    of the file than its elements and overrides (``[framework]``, ``extends``,
    ``[[library_lock]]`` ...). The file's text giving way to the edited model is no change to
    its elements (findings are found again where they are, :class:`Relocator`)."""
    if before is after:
        return Changes(())
    if (len(before.layers) != len(after.layers) or before.libraries != after.libraries
            or any(a is not b for a, b in zip(before.layers[:-1], after.layers[:-1]))):
        return None
    old_doc, new_doc = before.layers[-1].document, after.layers[-1].document
    if old_doc.path != new_doc.path:
        return None
    old_root, new_root = old_doc.framework, new_doc.framework
    places: set[str] = set()
    element_attrs = {k.attr for k in KINDS}
    for f in fields(Framework):
        if f.name in element_attrs or f.name == "acknowledged":  # acknowledged: attribution
            continue
        old, new = getattr(old_root, f.name), getattr(new_root, f.name)
        if old == new:
            continue
        if f.name != "overrides":
            return None
        moved = [o for o in old if o not in new] + [o for o in new if o not in old]
        for override in moved:
            target = str(override.target).partition(":")[0].strip()
            if not is_kind(target):
                return None
            places.add(target)
    changes: list[Change] = []
    for k in KINDS:
        if getattr(old_root, k.attr) != getattr(new_root, k.attr):
            places.add(k.name)
        changes += diff_elements(k.name, getattr(before.framework, k.attr),
                                 getattr(after.framework, k.attr))
    return Changes(changes, places)


def changed_kinds(before: Composed, after: Composed) -> frozenset[str] | None:
    """The kinds of element (``"role"``, ``"mapping"``, ...) that differ between two
    compositions of one framework: in the composed model, in the file's own layer, or as the
    target of an override added or removed (``None``: anything may differ,
    :func:`changes_between`)."""
    changes = changes_between(before, after)
    return None if changes is None else changes.kinds | changes.places


def _prefix(a: tuple, b: tuple, n: int) -> int:
    """How many leading elements ``a`` and ``b`` share (of the first ``n``): a binary search
    comparing slices (tuple equality in C, identity first)."""
    lo, hi = 0, n
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _suffix(a: tuple, b: tuple, n: int) -> int:
    """How many trailing elements ``a`` and ``b`` share (of the last ``n``)."""
    la, lb = len(a), len(b)
    lo, hi = 0, n
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[la - mid:la - lo] == b[lb - mid:lb - lo]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def diff_elements(kind: str, old: tuple, new: tuple) -> list[Change]:
    """The changes between two versions of one kind's elements (keys are unique in a
    composed framework)."""
    if old is new or old == new:
        return []
    p = _prefix(old, new, min(len(old), len(new)))
    s = _suffix(old, new, min(len(old), len(new)) - p)
    a, b = old[p:len(old) - s], new[p:len(new) - s]
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    moved: set[str] = set()
    if len(a) == len(b):  # changed in place (or moved among themselves)
        for x, y in zip(a, b):
            if x is y:
                continue
            kx, ky = x.key, y.key
            if kx == ky:
                if x != y:
                    before[kx], after[ky] = x, y
            else:
                before[kx], after[ky] = x, y
                moved.update((kx, ky))
    else:
        before = {x.key: x for x in a}
        after = {y.key: y for y in b}
    out = []
    for key in dict.fromkeys([*before, *after]):
        x, y = before.get(key), after.get(key)
        if x is not None and y is not None and key not in moved and (x is y or x == y):
            continue
        out.append(Change(kind, key, x, y, moved=key in moved and x is not None
                          and y is not None))
    return out


# ---------------------------------------------------------------------------------------------
# what checks look elements up by, carried from run to run


class Index:
    """Each kind's elements by key, and for a (naming kind, named kind) pair who names each
    key: built the first time a check asks, then carried to the next run and updated there for
    the changed elements alone (:meth:`advanced`). Never changed once a run has used it: the
    next run copies what it updates."""

    def __init__(self, framework: Framework):
        self.framework = framework
        self._elements: dict[str, dict[str, Any]] = {}
        self._naming: dict[tuple[str, str], dict[str, tuple]] = {}

    def elements(self, kind: str) -> dict[str, Any]:
        """The elements of ``kind`` by key."""
        found = self._elements.get(kind)
        if found is None:
            found = {e.key: e for e in kind_named(kind).elements(self.framework)}
            self._elements[kind] = found
        return found

    def referring(self, target: str, key: str, by: str) -> tuple:
        """The elements of kind ``by`` that name the ``target`` element ``key`` (a matched
        key: ``SFJAA1`` for a standard), each once, in no particular order."""
        pair = (by, target)
        index = self._naming.get(pair)
        if index is None:
            refs = between(by, target)
            building: dict[str, list] = {}
            for element in kind_named(by).elements(self.framework):
                for named in keys_named(by, element, refs):
                    building.setdefault(named, []).append(element)
            index = {k: tuple(v) for k, v in building.items()}
            self._naming[pair] = index
        return index.get(key, ())

    def advanced(self, framework: Framework, changes: Changes) -> "Index":
        """This index for ``framework``, the next state (``changes`` between the two)."""
        out = Index(framework)
        for kind, elements in self._elements.items():
            made = changes.of(kind)
            if not made:
                out._elements[kind] = elements
                continue
            elements = dict(elements)
            for c in made:
                if c.after is None:
                    elements.pop(c.key, None)
                else:
                    elements[c.key] = c.after
            out._elements[kind] = elements
        for (by, target), index in self._naming.items():
            made = changes.of(by)
            if not made:
                out._naming[(by, target)] = index
                continue
            refs = between(by, target)
            index = dict(index)
            for c in made:
                if c.before is not None:
                    for named in keys_named(by, c.before, refs):
                        index[named] = tuple(e for e in index.get(named, ())
                                             if e is not c.before and e.key != c.key)
                        if not index[named]:
                            del index[named]
                if c.after is not None:
                    for named in keys_named(by, c.after, refs):
                        index[named] = tuple(e for e in index.get(named, ())
                                             if e.key != c.key) + (c.after,)
            out._naming[(by, target)] = index
        return out


# ---------------------------------------------------------------------------------------------
# findings kept, found again where their elements are


def _empty(location: Location) -> bool:
    return not location.file and not location.path and location.line is None


class Relocator:
    """Where the findings kept from the run of ``before`` are in ``after``."""

    def __init__(self, before: Composed, after: Composed):
        self.before = before
        self.after = after
        old_root, new_root = before.root.document, after.root.document
        self.root_file = str(new_root.path) if new_root.path else ""
        # the file's text gave way to the edited model, or one model to another: places in
        # the file may have changed (lines, or indices when elements were added or removed)
        self.root_changed = old_root is not new_root
        self.lines_gone = self.root_changed and bool(old_root.text)

    def same_place(self, element: tuple[str, str]) -> bool:
        """Whether an element is where it was (the same provenance, in the same layer)."""
        a = self.before.provenance.get(element)
        b = self.after.provenance.get(element)
        if a is b:
            return True
        if a is None or b is None or a != b:
            return False
        return not (self.lines_gone and (a.layer == len(self.after.layers) - 1
                                         or any(f.layer == len(self.after.layers) - 1
                                                for f in a.fields)))

    def place(self, finding: Finding, anchor: Anchor) -> Finding | None:
        """``finding`` where it is now; None when that cannot be known (the check built the
        finding itself, and its element may have moved)."""
        if anchor is None:
            element = finding.element
            location = finding.location
            if _empty(location):
                return finding
            in_file = self.root_changed and location.file == self.root_file
            if isinstance(element, tuple) and len(element) == 2:
                if self.same_place(element) and not (in_file and self.lines_gone):
                    return finding
                return None
            return None if in_file else finding
        kind, key, subpath = anchor
        if not kind or (not self.lines_gone and self.same_place((kind, key))):
            return finding
        location = self.after.locate(kind, key, subpath)
        return finding if location == finding.location else evolve(finding, location=location)

    def place_all(self, made: tuple[tuple[Finding, Anchor], ...]
                  ) -> tuple[tuple[Finding, Anchor], ...] | None:
        """Every finding of ``made`` where it is now (the same tuple when none moved); None
        when one cannot be placed."""
        out = []
        moved = False
        for finding, anchor in made:
            placed = self.place(finding, anchor)
            if placed is None:
                return None
            moved = moved or placed is not finding
            out.append((placed, anchor))
        return tuple(out) if moved else made


__all__ = ["Anchor", "Change", "Changes", "Index", "Relocator", "changed_kinds",
           "changes_between", "diff_elements"]
