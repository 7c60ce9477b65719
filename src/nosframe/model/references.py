"""The one table of references: which field of which kind of element names which other element.

:data:`REFS` says it once; the graph (:func:`nosframe.graph.build_graph`), the dangling-reference
checks, a rename following every reference (in elements and in ``set`` overrides) and
where-used (delete's "used by") are all built from it, as plain functions over a
:class:`~nosframe.model.Framework`. A new reference field is one more :class:`Ref` row.
"""

from __future__ import annotations

import difflib
import enum
from typing import Any, Callable, Iterable, Iterator

from attrs import evolve, frozen

from nosframe.model.elements import Framework, OverrideAction
from nosframe.model.findings import Severity
from nosframe.model.kinds import KINDS, all_elements, is_kind, kind


class Shape(enum.Enum):
    """How a field holds its references."""

    ONE = "one"  # a string; "" is no reference
    MANY = "many"  # a tuple of strings (a TOML list)
    KEYS = "keys"  # the keys of a dict (a TOML table)
    VALUES = "values"  # the values of a dict


@frozen
class Part:
    """Things inside an element that references can name (a standard's criteria)."""

    of: str  # the kind that holds them
    items: str  # the attribute of that element listing them
    key: str  # the field naming one


#: referable things that are not elements themselves
PARTS: dict[str, Part] = {"criterion": Part("standard", "criteria", "id")}


@frozen
class Ref:
    """One reference field: ``Ref("role", "standards", "standard", Shape.MANY)``.

    Templates are ``str.format`` strings. ``used`` (where-used) sees ``element`` (the referring
    element) and ``other`` (for a dict: the value beside the key, or the key beside the value).
    ``message`` and ``hint`` (a dangling reference) also see ``kind`` and ``key`` of the referring
    element, ``ref`` (the reference as written), ``target``, ``scope`` (the element a part is
    looked up in), ``known`` (what exists, listed; ``none_known`` when nothing does) and, for a
    ``grouped`` ref, ``refs`` (every dangling one, sorted). No ``hint``: "did you mean ...?".
    """

    source: str  # the kind holding the field
    field: str
    target: str  # the kind referred to, or a part (PARTS) looked up ``within`` another ref
    shape: Shape
    rel: str | None = None  # the graph's edge relation; None: not an edge
    used: str = "refers to it"
    code: str = ""  # the finding code of a dangling reference; "" = not checked
    message: str = "{kind} {key!r}: {field} names unknown {target} {ref!r}"
    hint: str = ""
    none_known: str = "none defined"
    severity: Severity = Severity.ERROR
    within: str = ""  # for a part: the field of the same element whose target holds the parts
    grouped: bool = False  # one finding per element and field, at the field, for all dangling
    if_any: bool = False  # checked only when at least one element of the target kind exists
    sorted_keys: bool = False  # the dict is kept in key order (a behaviour's levels)
    # the graph: constant edge data, the dict value beside a key carried as, fields of the
    # element carried (concatenated when two elements make the same edge), and the field whose
    # reference is the edge's start instead of the element itself (a mapping is an edge)
    data: tuple[tuple[str, Any], ...] = ()
    value_as: str = ""
    carry: tuple[str, ...] = ()
    edge_from: str = ""


W = Severity.WARNING

#: every reference field, by the kind holding it, in document order
REFS: tuple[Ref, ...] = (
    Ref("behaviour", "values", "value", Shape.MANY, rel="expresses", used="expresses it",
        code="NF108", message="behaviour {key!r} expresses unknown value {ref!r}"),
    Ref("behaviour", "levels", "level", Shape.KEYS, used="has indicators at this level",
        code="NF113", severity=W, grouped=True, if_any=True, sorted_keys=True,
        message="behaviour {key!r} has indicators for level(s) {refs} not in the scale",
        hint="levels in the scale: {known}"),
    Ref("standard", "superseded_by", "standard", Shape.ONE, used="is superseded by it"),
    Ref("role", "standards", "standard", Shape.MANY, rel="requires", used="requires it",
        code="NF102", message="role {key!r} requires unknown standard {ref!r}",
        data=(("optional", False),)),
    Ref("role", "optional_standards", "standard", Shape.MANY, rel="requires",
        used="requires it (optional)", code="NF102",
        message="role {key!r} requires unknown standard {ref!r}", data=(("optional", True),)),
    Ref("role", "behaviours", "behaviour", Shape.KEYS, rel="needs",
        used="needs it at level {other}", code="NF103",
        message="role {key!r} requires unknown behaviour {ref!r}", value_as="level"),
    Ref("role", "behaviours", "level", Shape.VALUES, used="needs {other} at this level",
        code="NF112",
        message="role {key!r} requires {other!r} at level {ref}, which the scale does not have",
        hint="levels in the scale: {known}; add [[levels]] or change it"),
    Ref("role", "progresses_to", "role", Shape.MANY, rel="progresses_to",
        used="progresses to it", code="NF104",
        message="role {key!r} progresses to unknown role {ref!r}"),
    Ref("mapping", "standard", "standard", Shape.ONE, used="maps its criteria", code="NF105",
        message="mapping names unknown standard {ref!r}"),
    Ref("mapping", "criteria", "criterion", Shape.MANY, within="standard", used="maps it",
        code="NF106", message="{scope.code} has no criterion {ref!r}",
        hint="criteria of this standard: {known}", none_known="none recorded — add them"),
    Ref("mapping", "behaviour", "behaviour", Shape.ONE, rel="evidences",
        used="{element.standard} criteria evidence it", code="NF107",
        message="mapping names unknown behaviour {ref!r}", carry=("criteria",),
        edge_from="standard"),
    Ref("mapping", "value", "value", Shape.ONE, rel="evidences",
        used="{element.standard} criteria evidence it", code="NF107",
        message="mapping names unknown value {ref!r}", carry=("criteria",),
        edge_from="standard"),
)


def refs_from(source: str) -> tuple[Ref, ...]:
    """The reference fields of one kind, in table order."""
    return tuple(r for r in REFS if r.source == source)


def refs_to(target: str) -> tuple[Ref, ...]:
    """The reference fields that name elements of one kind."""
    return tuple(r for r in REFS if r.target == target)


# ---------------------------------------------------------------------------------------------
# reading references


@frozen
class Reference:
    """One reference an element makes: ``roles[...].standards[1]`` naming ``SFJAA1``."""

    ref: Ref
    subpath: str  # inside the referring element: "standards[1]", "behaviours.leadership"
    raw: Any  # as written (a level is a number)
    key: str  # the key it names (a normalised code for standards)
    other: Any = None  # for a dict: the value beside the key, or the key beside the value
    scope: str = ""  # for a part: the key of the element it is looked up in


def _match(target: str, raw: Any) -> str:
    if is_kind(target):
        return kind(target).match(raw)
    return str(raw).strip()


def _matcher(target: str) -> Callable[[Any], str]:
    """:func:`_match` for one target, looked up once."""
    if is_kind(target):
        return kind(target).matcher
    return lambda raw: str(raw).strip()


def _items(ref: Ref, value: Any) -> Iterator[tuple[str, Any, Any]]:
    """(subpath, raw reference, other) of each reference in a field's value."""
    if ref.shape is Shape.ONE:
        if isinstance(value, str) and value:
            yield ref.field, value, None
    elif ref.shape is Shape.MANY:
        if isinstance(value, (tuple, list)):
            for i, item in enumerate(value):
                yield f"{ref.field}[{i}]", item, None
    elif isinstance(value, dict):
        for k, v in value.items():
            if ref.shape is Shape.KEYS:
                yield f"{ref.field}.{k}", k, v
            else:
                yield f"{ref.field}.{k}", v, k


def references_of(kind_name: str, element: Any,
                  refs: Iterable[Ref] | None = None) -> Iterator[Reference]:
    """Every reference ``element`` (of ``kind_name``) makes, in table order."""
    table = refs_from(kind_name) if refs is None else refs
    for ref in table:
        if ref.source != kind_name:
            continue
        scope = ""
        if ref.within:
            scope = _match(PARTS[ref.target].of, getattr(element, ref.within, ""))
        for subpath, raw, other in _items(ref, getattr(element, ref.field, None)):
            yield Reference(ref, subpath, raw, _match(ref.target, raw), other, scope)


def keys_named(kind_name: str, element: Any, refs: Iterable[Ref]) -> set[str]:
    """The keys ``element`` (of ``kind_name``) names through ``refs``: the keys of its
    :func:`references_of`, without making a :class:`Reference` of each (an index of who
    names what is built from every element)."""
    out: set[str] = set()
    for ref in refs:
        if ref.source != kind_name:
            continue
        match = _MATCHERS.get(ref.target) or _matcher(ref.target)
        value = getattr(element, ref.field, None)
        shape = ref.shape
        if shape is Shape.ONE:
            if isinstance(value, str) and value:
                out.add(match(value))
        elif shape is Shape.MANY:
            if isinstance(value, (tuple, list)) and value:
                out.update(map(match, value))
        elif isinstance(value, dict) and value:
            out.update(map(match, value if shape is Shape.KEYS else value.values()))
    return out


#: each kind's matcher, looked up once (parts are matched by :func:`_matcher`)
_MATCHERS: dict[str, Callable[[Any], str]] = {k.name: k.matcher for k in KINDS}


def all_references(framework: Framework) -> Iterator[tuple[str, Any, Reference]]:
    """(kind, element, reference) for every reference in a framework."""
    for k, element in all_elements(framework):
        for reference in references_of(k.name, element):
            yield k.name, element, reference


def between(source: str, target: str) -> tuple[Ref, ...]:
    """The reference fields by which a ``source`` element names a ``target`` one."""
    return tuple(r for r in REFS if r.source == source and r.target == target)


def referrers(framework: Framework, source: str, target: str) -> dict[str, list[str]]:
    """For each ``target`` key named by a ``source`` element: the keys of those elements, in
    document order (``referrers(fw, "role", "standard")``: which roles use each standard)."""
    refs = between(source, target)
    out: dict[str, list[str]] = {}
    for element in kind(source).elements(framework):
        for reference in references_of(source, element, refs):
            users = out.setdefault(reference.key, [])
            if element.key not in users:
                users.append(element.key)
    return out


# ---------------------------------------------------------------------------------------------
# where-used


@frozen
class Use:
    """An element that refers to another, and how, in words a UI can print."""

    kind: str
    key: str
    text: str  # "requires it", "needs it at level 2", "SFJAA1 criteria evidence it"
    field: str  # the referring field
    subpath: str  # inside the referring element, for finding its location
    rel: str | None = None  # the graph relation, when the reference is an edge

    @property
    def element(self) -> tuple[str, str]:
        return self.kind, self.key


def where_used(framework: Framework, kind_name: str, key: Any) -> list[Use]:
    """Every element of ``framework`` referring to the ``kind_name`` element ``key``: roles
    needing a behaviour, mappings naming a standard, roles needing a behaviour at a level ...

    Sorted by kind, key and place; an element naming it twice (a standard required and
    optional) is listed twice, once per place."""
    wanted = _match(kind_name, key)
    out = []
    for source, element, reference in all_references(framework):
        ref = reference.ref
        if ref.target != kind_name or reference.key != wanted:
            continue
        text = ref.used.format(element=element, other=reference.other)
        out.append(Use(source, element.key, text, ref.field, reference.subpath, ref.rel))
    return sorted(out, key=lambda u: (u.kind, u.key, u.subpath))


# ---------------------------------------------------------------------------------------------
# dangling references


@frozen
class Dangling:
    """A reference to something the framework does not have."""

    ref: Ref
    kind: str  # of the referring element
    key: str
    subpath: str
    message: str
    hint: str
    raw: Any = None  # the reference as written (None for a grouped finding)

    @property
    def code(self) -> str:
        return self.ref.code

    @property
    def severity(self) -> Severity:
        return self.ref.severity


def _did_you_mean(word: str, known: Iterable[str], what: str) -> str:
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    if close:
        # a standard as published ("SFJ GD9"), not its normalised key
        shown = getattr(known[close[0]], "code", close[0]) if isinstance(known, dict) \
            else close[0]
        return f"did you mean {shown!r}?"
    return f"define the {what}, or fix the reference"


def _listed(values: Iterable[Any], none: str) -> str:
    return ", ".join(str(v) for v in sorted(values)) or none


class Known:
    """What exists, per kind, computed once per framework (``elements``: a function giving a
    kind's elements by key, when the caller already holds them)."""

    def __init__(self, framework: Framework,
                 elements: Callable[[str], dict[str, Any]] | None = None):
        self.framework = framework
        self._keys: dict[str, dict[str, Any]] = {}
        self._source = elements
        self._shown: dict[str, list[Any]] = {}
        self._parts: dict[tuple[str, str], dict[str, Any]] = {}

    def elements(self, kind_name: str) -> dict[str, Any]:
        found = self._keys.get(kind_name)
        if found is None:
            found = self._keys[kind_name] = (
                self._source(kind_name) if self._source is not None else
                {e.key: e for e in kind(kind_name).elements(self.framework)})
        return found

    def shown(self, kind_name: str) -> list[Any]:
        """Keys as the model holds them (numbers for levels), for listing."""
        if kind_name not in self._shown:
            key_field = kind(kind_name).key_field
            self._shown[kind_name] = [getattr(e, key_field) if key_field else e.key
                                      for e in self.elements(kind_name).values()]
        return self._shown[kind_name]

    def parts(self, part_name: str, scope_key: str, scope: Any) -> dict[str, Any]:
        """The parts (a standard's criteria by id) of one element, computed once."""
        key = (part_name, scope_key)
        if key not in self._parts:
            part = PARTS[part_name]
            self._parts[key] = {str(getattr(p, part.key)): p for p in getattr(scope, part.items)}
        return self._parts[key]


def dangling(framework: Framework, refs: Iterable[Ref] | None = None) -> Iterator[Dangling]:
    """References (of the checked ``refs``, default all with a code) naming nothing."""
    table = [r for r in (REFS if refs is None else refs) if r.code]
    known = Known(framework)
    for k in KINDS:
        mine = [r for r in table if r.source == k.name]
        if not mine:
            continue
        for element in k.elements(framework):
            for ref in mine:
                yield from _dangling_in(known, k.name, element, ref)


def dangling_in(known: Known, kind_name: str, element: Any,
                refs: Iterable[Ref] | None = None) -> Iterator[Dangling]:
    """The dangling references of one element (of the checked ``refs``, default all with a
    code), against what ``known`` says exists: :func:`dangling` for one element."""
    for ref in (REFS if refs is None else refs):
        if ref.code and ref.source == kind_name:
            yield from _dangling_in(known, kind_name, element, ref)


def _dangling_in(known: Known, kind_name: str, element: Any, ref: Ref) -> Iterator[Dangling]:
    scope = None
    if ref.target in PARTS:
        part = PARTS[ref.target]
        scope_key = _match(part.of, getattr(element, ref.within, ""))
        scope = known.elements(part.of).get(scope_key)
        if scope is None:
            return  # the element it is looked up in is missing: that is its own finding
        options = known.parts(ref.target, scope_key, scope)
    else:
        options = known.elements(ref.target)
        if ref.if_any and not options:
            return
    if _all_in(ref, getattr(element, ref.field, None), options):
        return  # the common case, without making a Reference of each
    missing = [r for r in references_of(kind_name, element, (ref,)) if r.key not in options]
    if not missing:
        return
    shown = list(options) if ref.target in PARTS else known.shown(ref.target)
    values = dict(kind=kind_name, key=element.key, element=element, field=ref.field,
                  target=ref.target, scope=scope, known=_listed(shown, ref.none_known))
    if ref.grouped:
        refs = sorted(r.raw for r in missing)
        yield Dangling(ref, kind_name, element.key, ref.field,
                       ref.message.format(ref=refs, refs=refs, other=None, **values),
                       _hint(ref, missing[0], options, values, refs=refs))
        return
    for r in missing:
        yield Dangling(ref, kind_name, element.key, r.subpath,
                       ref.message.format(ref=r.raw, refs=[r.raw], other=r.other, **values),
                       _hint(ref, r, options, values, refs=[r.raw]), r.raw)


def _all_in(ref: Ref, value: Any, options: dict) -> bool:
    """Whether every reference in a field's value names one of ``options`` (what
    :func:`_items` yields, matched, without a generator per field)."""
    match = _MATCHERS.get(ref.target) or _matcher(ref.target)
    shape = ref.shape
    if shape is Shape.ONE:
        return not (isinstance(value, str) and value) or match(value) in options
    if shape is Shape.MANY:
        return not isinstance(value, (tuple, list)) or \
            all(map(options.__contains__, map(match, value)))
    if not isinstance(value, dict):
        return True
    return all(map(options.__contains__,
                   map(match, value if shape is Shape.KEYS else value.values())))


def _hint(ref: Ref, r: Reference, options: dict, values: dict, refs: list) -> str:
    if ref.hint:
        return ref.hint.format(ref=r.raw, refs=refs, other=r.other, **values)
    return _did_you_mean(r.key, options, ref.target)


# ---------------------------------------------------------------------------------------------
# renames


def _renamed(ref: Ref, value: Any, old: str, new: Any, *, toml: bool = False) -> Any:
    """``value`` of a ``ref`` field with references to ``old`` (a key) naming ``new``.

    ``toml``: the value is unstructured (lists, dicts with str keys), as in an override."""
    def same(raw: Any) -> bool:
        return (isinstance(raw, (str, int)) and not isinstance(raw, bool)
                and _match(ref.target, raw) == old)

    if ref.shape is Shape.ONE:
        return new if isinstance(value, str) and value and same(value) else value
    if ref.shape is Shape.MANY:
        if not isinstance(value, (tuple, list)):
            return value
        return type(value)(new if same(item) else item for item in value)
    if not isinstance(value, dict):
        return value
    if ref.shape is Shape.VALUES:
        return {k: (new if same(v) else v) for k, v in value.items()}
    new_key = str(new) if toml else new
    out = {(new_key if same(k) else k): v for k, v in value.items()}
    if ref.sorted_keys:
        try:
            out = dict(sorted(out.items(), key=lambda kv: int(kv[0]) if toml else kv[0]))
        except (TypeError, ValueError):
            pass
    return out


def rename_references(framework: Framework, kind_name: str, old_key: Any,
                      new_key: Any) -> Framework:
    """Every reference in ``framework``'s elements to the ``kind_name`` element ``old_key``
    made to name ``new_key`` instead (spelt as given: a level is stored as its number).

    The element itself is not renamed: that is the caller's (``editing.rules.rename``)."""
    old = _match(kind_name, old_key)
    new = kind(kind_name).key_value(new_key)
    changes: dict[str, tuple] = {}
    for k in KINDS:
        refs = [r for r in refs_from(k.name) if r.target == kind_name]
        if not refs:
            continue
        items = []
        for element in k.elements(framework):
            updates = {}
            for ref in refs:
                value = updates.get(ref.field, getattr(element, ref.field))
                renamed = _renamed(ref, value, old, new)
                if renamed != value:
                    updates[ref.field] = renamed
            items.append(evolve(element, **updates) if updates else element)
        changes[k.attr] = tuple(items)
    return evolve(framework, **changes)


def rename_in_override_fields(target_kind: str, fields: dict[str, Any], kind_name: str,
                              old_key: Any, new_key: Any) -> dict[str, Any]:
    """The ``fields`` of a ``set`` override of a ``target_kind`` element, with references to
    the ``kind_name`` element ``old_key`` naming ``new_key``. Values are as TOML holds them
    (lists; tables with str keys, so a level is ``"2"`` as a key and ``2`` as a value)."""
    old = _match(kind_name, old_key)
    new = kind(kind_name).key_value(new_key)
    out = dict(fields)
    for ref in refs_from(target_kind):
        if ref.target == kind_name and ref.field in out:
            out[ref.field] = _renamed(ref, out[ref.field], old, new, toml=True)
    return out


def rename_in_overrides(framework: Framework, kind_name: str, old_key: Any,
                        new_key: Any) -> Framework:
    """A rename followed into the file's ``set`` overrides of inherited elements (an inherited
    role set to need the file's own behaviour keeps needing it)."""
    overrides = []
    for o in framework.overrides:
        target_kind = o.target.partition(":")[0]
        if o.action is OverrideAction.SET and is_kind(target_kind):
            fields = rename_in_override_fields(target_kind, o.fields, kind_name, old_key,
                                               new_key)
            if fields != o.fields:
                o = evolve(o, fields=fields)
        overrides.append(o)
    return evolve(framework, overrides=tuple(overrides))


__all__ = ["Dangling", "Known", "PARTS", "Part", "REFS", "Ref", "Reference", "Shape", "Use",
           "all_references", "between", "dangling", "dangling_in", "keys_named", "referrers", "references_of", "refs_from", "refs_to",
           "rename_in_override_fields", "rename_in_overrides", "rename_references",
           "where_used"]
