"""What plugins register: presets, checks, importers, exporters and libraries.

Each is a typed value a plugin builds and passes to a hook's ``register`` callback; the plugin
manager (:mod:`nosframe.plugins`) credits it (``plugin``, ``version``) and checks what its
callables return. :class:`Library` is a base class: subclass it and write ``get`` (and
``search``, ``size``), or pass those as callables. docs/plugins.md shows each in use.
"""

from __future__ import annotations

import copy
import inspect
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from attrs import field, frozen, validators

from nosframe.model import Finding, Framework, Standard
from nosframe.model.kinds import KINDS

if TYPE_CHECKING:  # pragma: no cover - types only
    from nosframe.checks import CheckContext
    from nosframe.compose import Composed


def _name(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise TypeError(f"{type(instance).__name__}.{attribute.name} must be a non-empty "
                        f"string, got {value!r}")


def _callable(instance: Any, attribute: Any, value: Any) -> None:
    if not callable(value):
        raise TypeError(f"{type(instance).__name__}.{attribute.name} must be callable, got "
                        f"{type(value).__name__} {value!r}")


def _codes(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise TypeError("Check.codes must map each finding code to a one-line description "
                        f"(dict[str, str]), got {value!r}")


@frozen
class Preset:
    """A framework file shipped by a plugin, which frameworks extend by ``id``."""

    id: str = field(validator=_name)
    title: str
    path: Path = field(converter=Path)
    description: str = ""
    plugin: str = ""
    version: str = ""


def _reads(value: Any) -> frozenset[str] | None:
    if value is None:
        return None
    if isinstance(value, str) or not all(isinstance(v, str) and v.strip() for v in value):
        raise TypeError("Check.reads must be a set of kinds of element ('role') or fields of "
                        f"them ('role.progresses_to'), got {value!r}")
    return frozenset(value)


def _kinds(value: Any) -> frozenset[str]:
    if isinstance(value, str) or not all(isinstance(v, str) for v in value):
        raise TypeError(f"PerElement.kinds must be a set of kinds of element, got {value!r}")
    return frozenset(value)


def _optional_callable(instance: Any, attribute: Any, value: Any) -> None:
    if value is not None:
        _callable(instance, attribute, value)


@frozen
class PerElement:
    """How a check runs one element at a time, so that an editor reruns it only for the
    elements an edit can change and keeps every other element's findings (docs/checks.md,
    "Checks that run element by element").

    ``each(ctx, kind, element)`` yields the findings about one element of one of ``kinds``.
    What they may depend on: the element itself, and, through ``ctx.element`` and
    ``ctx.referring``, the elements it names (the table of references,
    :mod:`nosframe.model.references`) and which elements of a kind exist (a "did you mean"
    hint). ``affected(ctx, changes)``, when a check's findings about an element depend on
    other elements too (those naming it), yields the ``(kind, element)`` pairs an edit's
    ``changes`` (:class:`nosframe.checks.Changes`) can change besides the changed elements
    themselves; ``None`` is that default rule. ``whole(ctx)`` yields the findings that need
    the whole framework; it reruns after an edit to what the check's ``reads`` names (after
    every edit without ``reads``).
    """

    kinds: frozenset[str] = field(converter=_kinds)
    each: Callable[..., Iterable[Finding]] = field(validator=_callable)
    whole: Callable[..., Iterable[Finding]] | None = field(default=None,
                                                            validator=_optional_callable)
    affected: Callable[..., Iterable[tuple[str, Any]]] | None = field(
        default=None, validator=_optional_callable)

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """Every finding: the whole part's, then each element's, in document order."""
        if self.whole is not None:
            yield from self.whole(ctx)
        for k in KINDS:
            if k.name in self.kinds:
                for element in k.elements(ctx.framework):
                    yield from self.each(ctx, k.name, element)


@frozen
class Check:
    """A check: ``run(ctx)`` yields findings whose codes are keys of ``codes``.

    ``ctx`` is a :class:`nosframe.checks.CheckContext`; make findings with ``ctx.finding``.
    A check that runs element by element gives ``each`` (a :class:`PerElement`) instead of
    ``run`` (``run`` is then ``each.run``).
    """

    name: str = field(validator=_name)
    run: Callable[[CheckContext], Iterable[Finding]] | None = field(
        default=None, validator=_optional_callable)
    codes: dict[str, str] = field(factory=dict, validator=_codes)  # code -> description
    plugin: str = ""
    version: str = ""
    #: what the check reads: kinds of element (``{"role", "standard"}``) or fields of them
    #: (``{"role.progresses_to"}``), so an editor reruns it only after an edit changed one of
    #: them (a kind: any of its elements changed, was added or removed; a field: that field
    #: of an element changed, or an element of that kind was added or removed); ``None`` (the
    #: default): it reruns after every edit. For a :class:`PerElement` check it says when
    #: the ``whole`` part reruns.
    reads: frozenset[str] | None = field(default=None, converter=_reads)
    #: run element by element (:class:`PerElement`); None: ``run`` reruns whole
    each: PerElement | None = field(default=None,
                                    validator=validators.optional(
                                        validators.instance_of(PerElement)))

    def __attrs_post_init__(self) -> None:
        if self.run is None:
            if self.each is None:
                raise TypeError(f"Check {self.name!r} needs run (a callable) or each (a "
                                "PerElement)")
            object.__setattr__(self, "run", self.each.run)


@frozen
class ImportResult:
    """What an importer read: a framework, and what it met on the way (rows it guessed...).

    ``base``, when the file records it, is the framework as it was exported into that file
    (an exported workbook keeps it): ``import --into`` then applies only what was edited in
    the file since, and leaves alone what changed in the framework file meanwhile.
    """

    framework: Framework
    findings: tuple[Finding, ...] = ()
    base: Framework | None = None
    #: presets the file says its framework extends, not folded into ``framework`` (which holds
    #: every row itself, as a workbook does): ``import -o`` then writes a new framework that
    #: extends them, holding only what differs from them (overrides, its own elements)
    extends: tuple[str, ...] = ()


@frozen
class Importer:
    """``read(path)`` reads a file into an :class:`ImportResult` (``nosframe import --from``)."""

    name: str = field(validator=_name)
    title: str
    read: Callable[[Path], ImportResult] = field(validator=_callable)
    plugin: str = ""
    version: str = ""
    #: the file suffixes it reads (``(".xlsx",)``): ``import FILE`` without ``--from`` takes
    #: the one importer whose suffix FILE has
    suffixes: tuple[str, ...] = ()


@frozen
class ExportResult:
    """An export's content and what it could not carry (reported, never dropped silently)."""

    content: str | bytes
    losses: tuple[str, ...] = ()


#: options of ``nosframe export`` an exporter may take (``Exporter.options``): the keyword
#: ``write`` is given and the command-line option that sets it
EXPORT_OPTIONS = {"role": "--role", "from_role": "--from-role", "base_url": "--base-url"}


def _options(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, tuple) or not all(isinstance(v, str) for v in value):
        raise TypeError(f"Exporter.{attribute.name} must be a tuple of strings, got {value!r}")
    if attribute.name == "options" and set(value) - set(EXPORT_OPTIONS):
        raise TypeError(f"Exporter.options: {sorted(set(value) - set(EXPORT_OPTIONS))} are not "
                        f"options of nosframe export (known: {', '.join(EXPORT_OPTIONS)})")


@frozen
class Exporter:
    """``write(composed)`` turns a composed framework into an :class:`ExportResult`.

    An exporter of documents may take options: ``options`` names those ``write`` accepts as
    keywords (``role``, ``from_role``: ``nosframe export --role ID --from-role ID``), and
    ``forms`` the forms it writes (``("html", "md", "docx")``, the first the default), one of
    which ``write`` is given as ``form=`` (``--as FORM``, or the suffix of ``-o``).
    """

    name: str = field(validator=_name)
    title: str
    suffix: str = field(validator=validators.instance_of(str))
    write: Callable[..., ExportResult] = field(validator=_callable)
    plugin: str = ""
    version: str = ""
    options: tuple[str, ...] = field(default=(), validator=_options)
    forms: tuple[str, ...] = field(default=(), validator=_options)


class Library:
    """A source of standards by code, for standards a framework references but does not define.

    Write a subclass (the usual way for a library with state, like a database)::

        class SectorLibrary(Library):
            name = "sector-nos"
            title = "Sector standards"

            def get(self, key: str) -> Standard | None: ...
            def search(self, text: str, limit: int = 50) -> list[Standard]: ...
            def size(self) -> int: ...

    or pass callables: ``Library(name, title, get, search, size)``. ``get`` is required;
    without ``search`` a library is never offered in pickers, and ``size`` defaults to 0.
    ``source_of(key)`` (or ``source=``) says where in the library a standard comes from (an
    export file and row, a release); framework files record it with their copy of the standard.
    ``plugin`` and ``version`` are filled in by the plugin manager.
    """

    name: str = ""
    title: str = ""
    plugin: str = ""
    version: str = ""
    _get: Callable[[str], Standard | None] | None = None
    _search: Callable[..., list[Standard]] | None = None
    _size: Callable[[], int] | None = None
    _source: Callable[[str], str] | None = None
    _search_takes_limit = True

    def __init__(self, name: str | None = None, title: str | None = None,
                 get: Callable[[str], Standard | None] | None = None,
                 search: Callable[..., list[Standard]] | None = None,
                 size: Callable[[], int] | None = None, *,
                 source: Callable[[str], str] | None = None,
                 plugin: str = "", version: str = ""):
        self.name = type(self).name if name is None else name
        self.title = type(self).title if title is None else title
        if not isinstance(self.name, str) or not self.name.strip():
            raise TypeError(f"Library needs a name (a non-empty string), got {self.name!r}")
        for label, value in (("get", get), ("search", search), ("size", size),
                             ("source", source)):
            if value is not None and not callable(value):
                raise TypeError(f"Library {self.name!r}: {label} must be callable, got "
                                f"{type(value).__name__} {value!r}")
        if get is None and type(self).get is Library.get:
            raise TypeError(f"Library {self.name!r} needs get: pass get=... or write a "
                            "subclass with a get(key) method")
        self._get, self._search, self._size, self._source = get, search, size, source
        if search is not None:
            self._search_takes_limit = _accepts(search, "limit")
        self.plugin = plugin or type(self).plugin
        self.version = version or type(self).version

    def get(self, key: str) -> Standard | None:
        """The standard whose normalised code is ``key``, or ``None``."""
        assert self._get is not None
        return self._get(key)

    def search(self, text: str, limit: int = 50) -> list[Standard]:
        """Up to ``limit`` standards matching ``text`` (code, title, keywords), for pickers."""
        if self._search is None:
            return []
        if self._search_takes_limit:
            return self._search(text, limit=limit)
        return list(self._search(text))[:limit]

    def size(self) -> int:
        """How many standards the library holds (0 when it does not say)."""
        return self._size() if self._size is not None else 0

    def source_of(self, key: str) -> str:
        """Where in the library the standard ``key`` comes from ("" when it does not say)."""
        return self._source(key) if self._source is not None else ""

    def credited(self, plugin: str, version: str) -> Library:
        """A copy credited to the plugin that registered it."""
        clone = copy.copy(self)
        clone.plugin, clone.version = plugin, version
        return clone

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r} from {self.plugin or '?'!r}>"


def _accepts(func: Callable, name: str) -> bool:
    try:
        params = inspect.signature(func).parameters.values()
    except (TypeError, ValueError):  # builtins without signatures: assume the full contract
        return True
    return any(p.name == name or p.kind is p.VAR_KEYWORD for p in params)


def _targets(value: Any) -> dict[str, tuple[str, ...]]:
    """``{"kind:id": ["kind:id", ...]}`` as a dict of tuples (a single target may be a string)."""
    if not isinstance(value, dict):
        raise TypeError(f"Correspondence.mapping must be a dict of 'kind:id' to a list of "
                        f"'kind:id', got {type(value).__name__}")
    out: dict[str, tuple[str, ...]] = {}
    for source, targets in value.items():
        targets = (targets,) if isinstance(targets, str) else tuple(targets)
        for item in (source, *targets):
            if not isinstance(item, str) or ":" not in item or not item.partition(":")[2]:
                raise TypeError(f"Correspondence.mapping: {item!r} is not written kind:id "
                                "(behaviour:we-take-ownership)")
        out[source] = targets
    return out


@frozen
class Correspondence:
    """Which elements of one preset correspond to which of another (an edition that replaces
    it): ``nosframe migrate FILE --from from_preset --to to_preset`` follows it.

    ``mapping`` maps ``"kind:id"`` of ``from_preset`` to the ``"kind:id"`` of ``to_preset``
    it corresponds to: one target is a rename migrate makes; several, or none (an empty list),
    are a decision left to a person. ``notes`` says, per source, why (shown in the preview);
    ``source`` where the correspondence is documented. Kinds: value, behaviour, level,
    standard, role.
    """

    from_preset: str = field(validator=_name)
    to_preset: str = field(validator=_name)
    mapping: dict[str, tuple[str, ...]] = field(converter=_targets)
    notes: dict[str, str] = field(factory=dict)
    title: str = ""
    source: str = ""
    plugin: str = ""
    version: str = ""

    @property
    def key(self) -> str:
        return f"{self.from_preset}->{self.to_preset}"


__all__ = ["Check", "Correspondence", "ExportResult", "Exporter", "ImportResult", "Importer",
           "Library", "PerElement", "Preset"]
