"""Composition: resolve ``extends``, apply overrides, pull referenced NOS from libraries.

Layers are applied parents first (depth first, in the order ``extends`` lists them; a preset
reached twice is applied once). Within a layer, its overrides are applied to what it inherited,
then its own elements are added. An element that redefines an inherited one without a
``replace`` override is kept (the later wins) and reported as a problem, never silently.

Two layers that do not extend one another may both define an element (two presets a file
combines, each with its level 1): the later one's is kept and the conflict reported (``NF123``),
unless a layer extending both settles it, by defining the element itself with a ``replace``
override of it: its own definition is then used and the provenance records the conflict it
settled.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import attrs
import tomli_w
from attrs import evolve, field, frozen

from nosframe.io import ComposeError, Document, LoadError, Location, load_document
from nosframe.io.toml import gc_paused, mark_composed
from nosframe.io.convert import problems_from, structure, unstructure
from nosframe.io.locate import Locator
from nosframe.model import (
    ELEMENT_KINDS,
    Finding,
    Framework,
    LockedStandard,
    Mapping,
    OverrideAction,
    Severity,
    Standard,
    normalise_code,
)
from nosframe.model.kinds import KINDS, kind as kind_named
from nosframe.model.references import Shape, refs_to

#: kept for code written before the table of kinds (``nosframe.model.kinds``)
KIND_ATTR = {k.name: k.attr for k in KINDS}
ATTR_KIND = {k.attr: k.name for k in KINDS}


@frozen
class Origin:
    """Where a layer (or a library standard) came from."""

    kind: str  # "file", "preset", "library" or "memory"
    name: str  # file path, preset id or library name
    plugin: str = ""
    version: str = ""
    note: str = ""  # e.g. "copy recorded 2026-12-03" for a library standard the file recorded

    def __str__(self) -> str:
        if self.kind == "file":
            return self.name
        credit = f" ({self.plugin} {self.version})".rstrip() if self.plugin else ""
        note = f" ({self.note})" if self.note else ""
        return f"{self.kind} {self.name}{credit}{note}"


@frozen
class Layer:
    origin: Origin
    document: Document


@frozen
class FieldSource:
    """Which layer last gave a field of an element its value, and where: a ``set`` override's
    ``overrides[2].fields.standards``, a ``retitle``'s ``overrides[0].title``."""

    field: str
    layer: int  # index into Composed.layers
    path: str  # document path of the value in that layer


@frozen
class Provenance:
    """Where a composed element was defined, and which overrides changed it."""

    origin: Origin
    location: Location
    layer: int | None = None  # index into Composed.layers; None for library standards
    overrides: tuple[tuple[str, Location], ...] = ()  # (description, where) of each override
    fields: tuple[FieldSource, ...] = ()  # fields overrides set, the latest last
    changed_by: tuple[int, ...] = ()  # the layers whose overrides or additions changed it

    def field_source(self, name: str) -> FieldSource | None:
        """The override that last set field ``name``, if one did."""
        return next((f for f in reversed(self.fields) if f.field == name), None)

    @property
    def inherited(self) -> bool:
        return self.origin.kind != "file" or self.layer is None

    @property
    def overridden(self) -> bool:
        return bool(self.overrides)

    def to_json(self) -> dict:
        return {"origin": {"kind": self.origin.kind, "name": self.origin.name,
                           "plugin": self.origin.plugin or None,
                           "version": self.origin.version or None,
                           "note": self.origin.note or None},
                "location": self.location.to_json(),
                "overrides": [{"what": what, "location": loc.to_json()}
                              for what, loc in self.overrides]}


@frozen
class Composed:
    """A composed framework: the merged model plus provenance for every element."""

    framework: Framework
    layers: tuple[Layer, ...]
    provenance: dict[tuple[str, str], Provenance] = field(factory=dict)
    problems: tuple[Finding, ...] = ()  # composition findings (override misses, redefinitions)
    libraries: tuple[str, ...] = ()  # names of the libraries installed when it was composed
    #: shared by a composition and those patched from it (:func:`patch_composed`): the same
    #: elements, in the same places, from the same layers; only what some of them say differs
    #: (and, for an inherited one, the override of the file that says it). What is worked out from the structure alone (an index by key,
    #: the tree's groups) can be kept from one to the next and updated for the changed ones.
    structure: object = field(factory=object, eq=False, repr=False)

    @property
    def root(self) -> Layer:
        return self.layers[-1]

    def provenance_of(self, kind: str, key: str) -> Provenance | None:
        return self.provenance.get((kind, key))

    def standard(self, code: str) -> Standard | None:
        key = normalise_code(code)
        for standard in self.framework.standards:
            if standard.key == key:
                return standard
        return None

    def locate(self, kind: str, key: str, subpath: str = "") -> Location:
        """The location of an element (or of ``subpath`` inside it, e.g. ``standards[1]``)."""
        prov = self.provenance.get((kind, key))
        if prov is None:
            return Location()
        # a field an override set is the override's: point into the file that wrote it
        head = re.split(r"[.\[]", subpath, maxsplit=1)[0] if subpath else ""
        source = prov.field_source(head) if head else None
        if source is not None:
            path = source.path + subpath[len(head):]
            return self.layers[source.layer].document.location(path)
        if not subpath or prov.layer is None:
            return prov.location
        path = f"{prov.location.path}.{subpath}"
        doc = self.layers[prov.layer].document
        return doc.location(path)


# ---------------------------------------------------------------------------------------------


def _ident(origin: Origin) -> str:
    """The identity of a layer for cycle and repeat detection: files by their resolved path, so
    ``a.toml`` given on the command line and ``/abs/a.toml`` reached through extends are one."""
    if origin.kind == "file":
        return f"file:{Path(origin.name).resolve()}"
    return f"{origin.kind}:{origin.name}"


def _is_path(ref: str) -> bool:
    return ref.endswith(".toml") or "/" in ref or "\\" in ref


class _Resolver:
    def __init__(self, plugins: Any):
        self.plugins = plugins
        self.layers: list[Layer] = []
        self.seen: set[str] = set()

    def visit(self, layer: Layer, stack: tuple[str, ...]) -> None:
        ident = _ident(layer.origin)
        info = layer.document.framework.framework
        for index, ref in enumerate(info.extends):
            where = layer.document.location(f"framework.extends[{index}]")
            child = self._open(ref, layer, where)
            child_ident = _ident(child.origin)
            if child_ident in stack or child_ident == ident:
                chain = " -> ".join(s.split(":", 1)[1] for s in stack + (ident, child_ident))
                raise ComposeError(f"extends makes a cycle: {chain}", location=where,
                                   hint="remove one of the extends entries in that loop")
            if child_ident in self.seen:
                continue
            self.visit(child, stack + (ident,))
        self.seen.add(ident)
        self.layers.append(layer)

    def _open(self, ref: str, parent: Layer, where: Location) -> Layer:
        if _is_path(ref):
            base = parent.document.path.parent if parent.document.path else Path.cwd()
            if parent.origin.kind == "preset" and not parent.document.path:
                raise ComposeError("a preset cannot extend a file", location=where)
            target = (base / ref).resolve()
            if not _inside(target, base.resolve()):
                raise ComposeError(
                    f"extends {ref!r} points outside the framework's folder", location=where,
                    hint="frameworks may only extend files in their own folder or below it, "
                         "or presets by id (see `nosframe presets`)")
            try:
                document = load_document(target)
            except LoadError as exc:
                raise LoadError(exc.message + f" (extended from {where})",
                                location=exc.location, hint=exc.hint) from None
            return Layer(Origin("file", str(target)), document)
        presets = self.plugins.presets() if self.plugins is not None else {}
        preset = presets.get(ref)
        if preset is None:
            close = difflib.get_close_matches(ref, list(presets), n=1)
            hint = (f"did you mean {close[0]!r}?" if close else
                    "installed presets: " + (", ".join(sorted(presets)) or "none") +
                    "; a file path must end in .toml")
            raise ComposeError(f"unknown preset {ref!r}", location=where, hint=hint)
        try:
            document = load_document(preset.path)
        except LoadError as exc:  # a plugin's preset pointing at a missing or broken file
            by = f" from plugin {preset.plugin!r}" if preset.plugin else ""
            raise LoadError(f"preset {preset.id!r}{by}: {exc.message} (extended from {where})",
                            location=exc.location,
                            hint=f"the plugin's preset file is missing or broken: report it to "
                                 f"the plugin's authors, or reinstall it"
                                 + (f" ({exc.hint})" if exc.hint and "not found" not in
                                    exc.message else "")) from None
        return Layer(Origin("preset", preset.id, preset.plugin, preset.version), document)


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
        return True
    except ValueError:
        return False


def layer_ancestors(layers: Sequence[Layer]) -> list[set[int]]:
    """For each layer, the layers it extends, directly or not (by index into ``layers``,
    which lists parents first, as composition applies them)."""
    index: dict[tuple[str, str], int] = {}
    for i, layer in enumerate(layers):
        name = layer.origin.name
        index[(layer.origin.kind, str(Path(name).resolve()) if layer.origin.kind == "file"
               else name)] = i
    out: list[set[int]] = []
    for i, layer in enumerate(layers):  # parents come first, so theirs are known
        base = layer.document.path.parent if layer.document.path else Path.cwd()
        found: set[int] = set()
        for ref in layer.document.framework.framework.extends:
            key = ("file", str((base / ref).resolve())) if _is_path(ref) else ("preset", ref)
            j = index.get(key)
            if j is not None and j < i:
                found |= {j} | out[j]
        out.append(found)
    return out


# ---------------------------------------------------------------------------------------------


class _Merger:
    def __init__(self, layers: list[Layer]):
        self.layers = layers
        # kind -> ordered dict key -> element
        self.elements: dict[str, dict[str, Any]] = {kind: {} for kind, _ in ELEMENT_KINDS}
        self.provenance: dict[tuple[str, str], Provenance] = {}
        self.problems: list[Finding] = []
        # the layers' [[library_lock]] entries by code (a later layer's wins), with where
        self.locked: dict[str, tuple[LockedStandard, Location]] = {}
        self.ancestors = layer_ancestors(layers)
        # per layer, the (kind, key) it settles: defined by itself, with a replace override
        self.settles = [_settled_in(layer) for layer in layers]

    def problem(self, code: str, message: str, hint: str, where: Location,
                element: tuple[str, str] | None = None,
                severity: Severity = Severity.ERROR) -> None:
        self.problems.append(Finding(code, severity, message, hint, where, element,
                                     check="compose", plugin="nosframe"))

    def run(self) -> None:
        for index, layer in enumerate(self.layers):
            replaced = self._apply_overrides(index, layer)
            self._add_elements(index, layer, replaced)
            for n, entry in enumerate(layer.document.framework.library_lock):
                self.locked[entry.key] = (entry, layer.document.location(f"library_lock[{n}]"))

    def _apply_overrides(self, index: int, layer: Layer) -> set[tuple[str, str]]:
        replaced: set[tuple[str, str]] = set()
        doc = layer.document
        for n, override in enumerate(doc.framework.overrides):
            where = doc.location(f"overrides[{n}]")
            kind, _, raw_key = override.target.partition(":")
            if kind not in KIND_ATTR or not raw_key:
                self.problem("NF120", f"override target {override.target!r} is not kind:id",
                             "write e.g. target = \"role:pcso\" or \"standard:SFJAA1\"; kinds: "
                             + ", ".join(KIND_ATTR), where)
                continue
            title_field = kind_named(kind).title_field
            if override.action is OverrideAction.RETITLE and title_field is None:
                raise ComposeError(
                    f"override target {override.target!r}: a {kind} has no title to retitle",
                    location=where,
                    hint=f'to change its note write action = "set" with fields = {{ note = '
                         f'"..." }}; to drop it, action = "remove"')
            key = kind_named(kind).match(raw_key)
            current = self.elements[kind]
            if key not in current:
                close = difflib.get_close_matches(key, list(current), n=1)
                hint = (f"did you mean {kind}:{close[0]}?" if close else
                        f"only inherited {kind}s can be overridden")
                self.problem("NF121", f"override target {override.target!r} is not inherited",
                             hint, where)
                continue
            prov = self.provenance[(kind, key)]
            action = override.action
            fields: tuple[FieldSource, ...] = ()
            if action is OverrideAction.REMOVE:
                del current[key]
                what = "removed"
            elif action is OverrideAction.RETITLE:
                current[key] = evolve(current[key], **{title_field: override.title})
                what = f"retitled to {override.title!r}"
                fields = (FieldSource(title_field, index, f"overrides[{n}].title"),)
            elif action is OverrideAction.SET:
                updated = self._set_fields(current[key], override.fields, where, n, doc)
                if updated is None:
                    continue
                current[key] = updated
                what = "changed " + ", ".join(sorted(override.fields))
                fields = tuple(FieldSource(name, index, f"overrides[{n}].fields.{name}")
                               for name in override.fields)
            else:  # REPLACE
                replaced.add((kind, key))
                what = "replaced"
            self.provenance[(kind, key)] = evolve(
                prov, overrides=prov.overrides + ((f"{what} by {layer.origin}", where),),
                fields=prov.fields + fields, changed_by=prov.changed_by + (index,))
        return replaced

    def _set_fields(self, element: Any, fields: dict, where: Location, n: int,
                    doc: Document) -> Any | None:
        data = unstructure(element)
        data.update(fields)
        try:
            return structure(data, type(element))
        except Exception as exc:
            first = problems_from(exc)[0]
            path = f"overrides[{n}].fields" + (f".{first.line_path}" if first.line_path else "")
            self.problem("NF122", f"override sets an invalid field: {first.message}",
                         first.hint, doc.location(path))
            return None

    def _add_elements(self, index: int, layer: Layer, replaced: set[tuple[str, str]]) -> None:
        doc = layer.document
        file, lines, origin = str(doc.path) if doc.path else "", doc.locator, layer.origin
        lazy = Location.lazy  # doc.location(...), without two calls an element
        for kind, attr in ELEMENT_KINDS:
            current = self.elements[kind]
            own: set[str] = set()
            for n, (element, key) in enumerate(zip(getattr(doc.framework, attr),
                                                   doc.keys_of(attr))):
                where = lazy(file, f"{attr}[{n}]", lines)
                prov = Provenance(origin, where, index)
                if key in own:
                    self.problem("NF101", f"duplicate {kind} {key!r}; the first one is kept",
                                 f"give each {kind} a unique id, or merge the two", where,
                                 (kind, key))
                    continue
                own.add(key)
                if key in current:
                    old = self.provenance[(kind, key)]
                    if kind == "mapping":
                        element = _merge_mapping(current[key], element)
                        prov = evolve(old, overrides=old.overrides + (
                            (f"criteria added by {layer.origin}", where),),
                            changed_by=old.changed_by + (index,))
                    elif (kind, key) in replaced:
                        prov = evolve(prov, overrides=old.overrides)
                    elif (settler := self._settler(index, old, kind, key)) is not None:
                        prov = evolve(prov, overrides=((
                            f"{layer.origin} redefines the one of {old.origin}; "
                            f"{_short(self.layers[settler].origin)} settles it with its own "
                            "and a replace override", where),))
                    else:
                        self.problem(
                            "NF123",
                            f"{kind} {key!r} redefines the one inherited from {old.origin}",
                            self._conflict_hint(index, old, kind, key, element),
                            where, (kind, key), Severity.ERROR)
                current[key] = element
                self.provenance[(kind, key)] = prov


    def _combiners(self, index: int, old: Provenance) -> list[int]:
        """The layers after ``index`` that extend both it and the layer of ``old`` when those
        two do not extend one another (they meet only there), nearest first; else none."""
        first = old.layer
        if first is None or first in self.ancestors[index]:
            return []  # a layer redefining what it extends itself: its own problem
        return [i for i in range(index + 1, len(self.layers))
                if {first, index} <= self.ancestors[i]]

    def _settler(self, index: int, old: Provenance, kind: str, key: str) -> int | None:
        """The layer combining the two that settles their conflict over ``(kind, key)``."""
        return next((i for i in self._combiners(index, old)
                     if (kind, key) in self.settles[i]), None)

    def _conflict_hint(self, index: int, old: Provenance, kind: str, key: str,
                       element: Any) -> str:
        combiners = self._combiners(index, old)
        if not combiners:
            return (f'add [[overrides]] action = "replace", target = "{kind}:{key}" to say '
                    "this is intended, or give it a new id")
        at = self.layers[combiners[0]]
        name = _short(at.origin)
        k = kind_named(kind)
        ident = tomli_w.dumps({k.key_field: getattr(element, k.key_field)}).strip()
        define = (f"[[{k.attr}]] with {ident} (copy {_short(old.origin)}'s or "
                  f"{_short(self.layers[index].origin)}'s, or write your own)")
        override = f'[[overrides]] with action = "replace", target = "{kind}:{key}"'
        if (kind, key) in _replace_targets(at):
            return (f"{name} has {override} but does not define the {k.label} itself: add "
                    f"{define} to {name}, and its own is used")
        return (f"the two meet in {name}, which extends both: settle it there, add {define} "
                f"and {override} (in nosframe edit: select it, then \"Make element the file's "
                "own\" in the palette, ctrl+p); or extend only one of them")


def _short(origin: Origin) -> str:
    """A layer as a hint names it: a file by its name, a preset by its id."""
    return Path(origin.name).name if origin.kind == "file" else f"{origin.kind} {origin.name}"


def _replace_targets(layer: Layer) -> set[tuple[str, str]]:
    """The (kind, key) ``layer``'s ``replace`` overrides name."""
    out: set[tuple[str, str]] = set()
    for override in layer.document.framework.overrides:
        kind, _, raw_key = override.target.partition(":")
        if override.action is OverrideAction.REPLACE and kind in KIND_ATTR and raw_key:
            out.add((kind, kind_named(kind).match(raw_key)))
    return out


def _settled_in(layer: Layer) -> set[tuple[str, str]]:
    """The (kind, key) of the elements ``layer`` defines itself and names in a ``replace``
    override: conflicts over them between the layers it extends are settled by its own."""
    return {(kind, key) for kind, key in _replace_targets(layer)
            if key in layer.document.keys_of(KIND_ATTR[kind])}


def _merge_mapping(old: Mapping, new: Mapping) -> Mapping:
    criteria = old.criteria + tuple(c for c in new.criteria if c not in old.criteria)
    return evolve(old, criteria=criteria, note=new.note or old.note)


def _named_keys(kind_name: str, element: Any, refs: Iterable[Any]) -> Iterator[str]:
    """The key of each reference ``element`` makes through ``refs`` (references to a kind), in
    the order of :func:`nosframe.model.references.references_of`, without making them."""
    for ref in refs:
        if ref.source != kind_name:
            continue
        match = kind_named(ref.target).matcher
        value = getattr(element, ref.field, None)
        if ref.shape is Shape.ONE:
            if isinstance(value, str) and value:
                yield match(value)
        elif ref.shape is Shape.MANY:
            if isinstance(value, (tuple, list)):
                yield from map(match, value)
        elif isinstance(value, dict):
            yield from map(match, value if ref.shape is Shape.KEYS else value.values())


def _pull_from_libraries(merger: _Merger, libraries: Iterable[Any]) -> None:
    """Standards the framework references and no layer defines: from the installed libraries,
    or, for one the file recorded (``[[library_lock]]``), from the library it was taken from
    when that is installed and from the recorded copy when not, so the file composes the same
    on every machine. Where the library and the record differ, an info finding (NF124) names
    the fields; a record of a standard the framework does not take from a library is NF125."""
    libraries = list(libraries)
    if not libraries and not merger.locked:
        return  # nothing to pull from, and no record to use or report
    by_name = {library.name: library for library in libraries}
    standards = merger.elements["standard"]
    wanted: dict[str, None] = {}  # the standards checked references name, in order
    refs = [r for r in refs_to("standard") if r.code]
    for k in KINDS:
        own = [r for r in refs if r.source == k.name]
        if not own:
            continue
        for element in merger.elements[k.name].values():
            for key in _named_keys(k.name, element, own):
                wanted[key] = None
    pulled: set[str] = set()
    for key in wanted:
        if key in standards:
            continue
        entry, where = merger.locked.get(key, (None, None))
        asked = libraries if entry is None else \
            [by_name[entry.library]] if entry.library in by_name else []
        for library in asked:
            try:
                found = library.get(key)
            except Exception as exc:
                merger.problem("NF002", f"library {library.name!r} failed: {exc}",
                               f"plugin {library.plugin!r}; try --disable-plugin", Location(),
                               severity=Severity.WARNING)
                continue
            if found is not None:
                if entry is not None:
                    _compare_recorded(merger, entry, where, found)
                standards[key] = found
                merger.provenance[("standard", key)] = Provenance(
                    Origin("library", library.name, library.plugin, library.version),
                    where or Location(file=f"library:{library.name}", path=found.code))
                break
            if entry is not None:
                merger.problem(
                    "NF124", f"standard {entry.standard.code} is no longer in library "
                    f"{library.name!r}; the copy {_recorded(entry)} is used",
                    "look for the standard that replaced it (nosframe library search), or "
                    "keep the recorded copy", where, ("standard", key), Severity.INFO)
        if key not in standards and entry is not None:
            standards[key] = entry.standard
            merger.provenance[("standard", key)] = Provenance(
                Origin("library", entry.library, note=f"copy {_recorded(entry)}"), where)
        if key in standards:
            pulled.add(key)
    for key, (entry, where) in merger.locked.items():
        if key not in pulled:
            defined = key in standards
            merger.problem(
                "NF125", f"the file records library standard {entry.standard.code}, which the "
                "framework " + ("defines itself" if defined else "does not use"),
                "`nosframe library refresh FILE` drops records nothing uses; or delete the "
                "[[library_lock]] entry", where, severity=Severity.INFO)


def _recorded(entry: LockedStandard) -> str:
    return f"recorded {entry.taken.isoformat()}" if entry.taken else "recorded in the file"


def _compare_recorded(merger: _Merger, entry: LockedStandard, where: Location,
                      found: Standard) -> None:
    changed = changed_fields(entry.standard, found)
    if not changed:
        return
    file = Path(where.file).name if where.file else "FILE"
    merger.problem(
        "NF124", f"standard {found.code} in library {entry.library!r} differs from the copy "
        f"{_recorded(entry)}: " + ", ".join(changed),
        f"the library's is used; `nosframe library refresh {file} --code {found.key}` records "
        "it in the file", where, ("standard", found.key), Severity.INFO)


def changed_fields(recorded: Standard, current: Standard) -> list[str]:
    """The fields of a standard whose values differ between two copies, in model order."""
    return [a.name for a in attrs.fields(Standard)
            if getattr(recorded, a.name) != getattr(current, a.name)]


def compose_layers(layers: list[Layer], plugins: Any = None) -> Composed:
    merger = _Merger(layers)
    merger.run()
    libraries = list(plugins.libraries().values()) if plugins is not None else []
    _pull_from_libraries(merger, libraries)
    root = layers[-1].document.framework
    merged = Framework(
        framework=root.framework,
        **{attr: tuple(merger.elements[kind].values()) for kind, attr in ELEMENT_KINDS},
        library_lock=tuple(entry for entry, _ in merger.locked.values()),
    )
    mark_composed(merged)  # save() refuses it: written with `extends`, it would repeat them
    return Composed(merged, tuple(layers), merger.provenance, tuple(merger.problems),
                    tuple(library.name for library in libraries))


def memory_document(framework: Framework, path: Path | None = None) -> Document:
    """A document for a framework held in memory (no text, so locations have no lines)."""
    return Document(framework, path, "", Locator(""))


def recompose(composed: Composed, framework: Framework, plugins: Any = None) -> Composed:
    """Compose an edited root framework again, reusing the parent layers when ``extends`` is
    unchanged (the TUI calls this after every edit, and after each key typed into a field).

    An edit that changed only what a few of the root's own elements say (a title typed, a note,
    criteria) and not which elements there are, their ids, what they name or what overrides
    them, is patched into the last composition (:func:`patch_composed`) rather than composed
    again: the same result, in a small fraction of the time at national size."""
    root = composed.root
    if framework.framework.extends != root.document.framework.framework.extends:
        return compose(memory_document(framework, root.document.path), plugins)
    patched = patch_composed(composed, framework)
    if patched is not None:
        return patched
    layer = Layer(root.origin, memory_document(framework, root.document.path))
    with gc_paused():  # as compose: hundreds of thousands of objects at national size
        return compose_layers(list(composed.layers[:-1]) + [layer], plugins)


#: at most this many changed elements are patched into a composition; more are composed again
MAX_PATCHED = 64


def patch_composed(composed: Composed, framework: Framework) -> Composed | None:
    """The composition of the edited root ``framework``, made from ``composed`` (the last
    composition, of the root before the edit) by putting the changed elements in place, or
    None when the edit needs a composition of its own.

    Patched, it equals what :func:`compose_layers` makes of the same layers (the hypothesis test
    in ``tests/compose/test_patch.py`` compares the two after random edits). That holds when:

    * the last composition's root was held in memory (one made after an edit), so no element's
      location has a line that a composition from memory would not have;
    * ``extends``, the overrides and the library records are the same;
    * each kind of element has the same number, and each changed element (``is not`` the one
      at its place before) has the same key, is the root's own (defined there first, not
      merged into an inherited one, replaced or changed by an override), at the place its
      provenance gives, and names the same standards in the same order (so the same library
      standards are pulled, in the same order);
    * at most :data:`MAX_PATCHED` elements changed.

    Libraries are not asked again: a patched composition has what the last one took from
    them."""
    root = composed.root
    old = root.document.framework
    if root.document.text or framework.framework.extends != old.framework.extends or \
            framework.library_lock != old.library_lock:
        return None
    last = len(composed.layers) - 1
    document = memory_document(framework, root.document.path)
    merged = composed.framework
    replaced: dict[str, tuple] = {}
    provenance = composed.provenance
    patched = 0
    if framework.overrides is not old.overrides and framework.overrides != old.overrides:
        found = _patch_overrides(composed, framework, document)
        if found is None:
            return None
        provenance = dict(provenance)
        for kind, before, element, prov in found:
            attr = KIND_ATTR[kind]
            into = list(replaced.get(attr, getattr(merged, attr)))
            place = next((i for i, e in enumerate(into) if e is before), None)
            if place is None:
                return None
            into[place] = element
            replaced[attr] = tuple(into)
            provenance[(kind, element.key)] = prov
        patched += len(found)
    for kind, attr in ELEMENT_KINDS:
        new_elements, old_elements = getattr(framework, attr), getattr(old, attr)
        if new_elements is old_elements:
            continue
        if len(new_elements) != len(old_elements):
            return None
        changed = [n for n, (a, b) in enumerate(zip(new_elements, old_elements)) if a is not b]
        if not changed:
            continue
        patched += len(changed)
        if patched > MAX_PATCHED:
            return None
        keys = root.document.keys_of(attr)
        refs = [r for r in refs_to("standard") if r.source == kind]
        into = list(replaced.get(attr, getattr(merged, attr)))
        for n in changed:
            element, before = new_elements[n], old_elements[n]
            key = element.key
            if key != keys[n]:
                return None
            prov = composed.provenance.get((kind, key))
            if prov is None or prov.layer != last or prov.changed_by or prov.overrides or \
                    prov.fields or prov.location.path != f"{attr}[{n}]":
                return None
            if refs and list(_named_keys(kind, element, refs)) != \
                    list(_named_keys(kind, before, refs)):
                return None
            place = next((i for i, e in enumerate(into) if e is before), None)
            if place is None:
                return None
            into[place] = element
        replaced[attr] = tuple(into)
        document._keys[attr] = keys  # the same keys, found once
    for _, attr in ELEMENT_KINDS:  # unchanged kinds: their keys, found once
        if attr not in document._keys and attr in root.document._keys and \
                getattr(framework, attr) is getattr(old, attr):
            document._keys[attr] = root.document._keys[attr]
    result = attrs.evolve(merged, framework=framework.framework, **replaced)
    mark_composed(result)
    layers = composed.layers[:-1] + (Layer(root.origin, document),)
    return Composed(result, layers, provenance if provenance is not composed.provenance
                    else dict(provenance), composed.problems, composed.libraries,
                    composed.structure)


def _patch_overrides(composed: Composed, framework: Framework, document: Document
                     ) -> list[tuple[str, Any, Any, Provenance]] | None:
    """(kind, element before, element now, its provenance now) of each inherited element whose
    ``retitle`` or ``set`` override in the root changed what it gives (a title typed into an
    inherited standard), or that one new such override at the end of the root's overrides
    changes (the first key typed into it); or None when the overrides changed otherwise: their
    order, actions or targets, the fields a ``set`` names, a target overridden twice in the
    root or also defined there, an override that had a problem, or a ``set`` that now names
    other standards or fails."""
    root = composed.root
    old = root.document.framework
    now_all, before_all = framework.overrides, old.overrides
    appended = len(now_all) == len(before_all) + 1
    if len(now_all) != len(before_all) and not appended:
        return None
    last = len(composed.layers) - 1
    targets = [o.target for o in now_all]
    file = str(root.document.path) if root.document.path else ""
    found = []
    for n, now in enumerate(now_all):
        before = before_all[n] if n < len(before_all) else None
        if before is not None and (now is before or now == before):
            continue
        if now.action not in (OverrideAction.RETITLE, OverrideAction.SET) or \
                targets.count(now.target) != 1:
            return None
        if before is not None and (now.action is not before.action or
                                   now.target != before.target or appended):
            return None
        if before is not None and now.action is OverrideAction.SET and \
                set(now.fields) != set(before.fields):
            return None
        kind, _, raw_key = now.target.partition(":")
        if kind not in KIND_ATTR or not raw_key:
            return None
        key = kind_named(kind).match(raw_key)
        prov = composed.provenance.get((kind, key))
        where = f"overrides[{n}]"
        if prov is None or prov.layer is None or prov.layer == last or \
                key in root.document.keys_of(KIND_ATTR[kind]) or \
                any(p.location.file == file and p.location.path.startswith(where)
                    for p in composed.problems):
            return None
        element = _element_of(composed.framework, kind, key)
        if element is None:
            return None
        if now.action is OverrideAction.RETITLE:
            title_field = kind_named(kind).title_field
            if title_field is None:
                return None
            updated = evolve(element, **{title_field: now.title})
            what = f"retitled to {now.title!r}"
            fields: tuple[FieldSource, ...] = (FieldSource(title_field, last, f"{where}.title"),)
        else:
            try:
                updated = structure({**unstructure(element), **now.fields}, type(element))
            except Exception:  # an invalid field: the composition says so (NF122)
                return None
            what = "changed " + ", ".join(sorted(now.fields))
            fields = tuple(FieldSource(name, last, f"{where}.fields.{name}")
                           for name in now.fields)
        what += f" by {root.origin}"
        refs = [r for r in refs_to("standard") if r.source == kind]
        if refs and list(_named_keys(kind, updated, refs)) != \
                list(_named_keys(kind, element, refs)):
            return None
        if before is None:  # as the merger records a new override of the last layer
            prov = evolve(prov, overrides=prov.overrides + ((what, document.location(where)),),
                          fields=prov.fields + fields, changed_by=prov.changed_by + (last,))
        else:
            mine = [i for i, (_, loc) in enumerate(prov.overrides)
                    if loc.file == file and loc.path == where]
            if len(mine) != 1:
                return None
            overrides = list(prov.overrides)
            overrides[mine[0]] = (what, overrides[mine[0]][1])
            prov = evolve(prov, overrides=tuple(overrides))
        found.append((kind, element, updated, prov))
    return found


def _element_of(framework: Framework, kind: str, key: str) -> Any:
    return next((e for e in getattr(framework, KIND_ATTR[kind]) if e.key == key), None)


def compose(document: Document | Framework, plugins: Any = None, *,
            base_dir: str | os.PathLike | None = None) -> Composed:
    """Compose a framework document (or an in-memory :class:`Framework`) with what it extends.

    ``plugins`` is a :class:`nosframe.plugins.Plugins`; ``None`` loads the installed ones.
    In-memory frameworks resolve relative ``extends`` paths against ``base_dir`` (default: cwd).
    """
    if plugins is None:
        from nosframe.plugins import load_plugins

        plugins = load_plugins()
    if isinstance(document, Framework):
        document = memory_document(document, Path(base_dir or Path.cwd()) / "<memory>.toml")
        origin = Origin("memory", document.framework.id)
    else:
        origin = Origin("file" if document.path else "memory",
                        str(document.path) if document.path else document.framework.id)
    with gc_paused():  # a few hundred thousand objects, none in a cycle (io.toml.gc_paused)
        resolver = _Resolver(plugins)
        resolver.visit(Layer(origin, document), ())
        return compose_layers(resolver.layers, plugins)


def load(path: str | os.PathLike, plugins: Any = None) -> Composed:
    """Read a framework file and compose it: the one call most integrators need.

    An unchanged file opened again is read from the cache of composed frameworks
    (:mod:`nosframe.compose.cache`: keyed by the content of every file composed;
    ``NOSFRAME_CACHE=0`` turns it off)."""
    from nosframe.compose.cache import load as load_cached

    with gc_paused():
        return load_cached(path, plugins)
