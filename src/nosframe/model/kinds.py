"""The one table of element kinds: what each kind of framework element is.

Every per-kind fact (the :class:`~nosframe.model.Framework` attribute that holds them, the class,
the field that names one, the field a ``retitle`` override changes, how a reference is matched
to a key) is said here once; the composer, the editing rules, the graph and the checks derive
their tables from :data:`KINDS`. What refers to what is the other table,
:mod:`nosframe.model.references`.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Callable, Iterator

from attrs import frozen

from nosframe.model.elements import (
    Behaviour,
    Framework,
    Level,
    Mapping,
    Role,
    Source,
    Standard,
    Value,
    normalise_code,
)


def _as_key(raw: Any) -> str:
    return str(raw).strip()


@frozen
class Kind:
    """One kind of element (``role``, ``standard`` ...)."""

    name: str  # as written in override targets: ``role:pcso``
    attr: str  # the Framework attribute (and TOML array of tables) holding them
    cls: type
    key_fields: tuple[str, ...]  # the field naming one; a mapping is named by three
    title_field: str | None  # the field ``retitle`` changes; None: it has no title
    label: str  # one of them, for people ("behaviour", "NOS")
    plural: str  # several of them, for people
    group_field: str | None = None  # the field the tree groups them by (cluster, suites ...)
    group_label: str | None = None  # one group, for people ("cluster", "suite", "family")
    key_type: type = str  # the type the key field holds (a level's number is an int)
    matcher: Callable[[Any], str] = _as_key  # a reference (or a key as typed) -> the key
    node: bool = True  # a node of the graph (a mapping is an edge; a source stands apart)

    @property
    def key_field(self) -> str | None:
        """The one field naming an element, or None when a key is composite (mappings)."""
        return self.key_fields[0] if len(self.key_fields) == 1 else None

    def match(self, raw: Any) -> str:
        """The key a reference (or a key as someone typed it) names: ``"sfj aa1"`` ->
        ``"SFJAA1"`` for standards, ``2`` -> ``"2"`` for levels."""
        return self.matcher(raw)

    def key_value(self, text: Any) -> Any:
        """A key as the model stores it in the key field (and in references): levels are
        numbers, everything else keeps its spelling."""
        if self.key_type is int:
            return int(text)
        return str(text).strip()

    def elements(self, framework: Framework) -> tuple:
        return getattr(framework, self.attr)

    def find(self, framework: Framework, key: Any) -> Any:
        """The element of ``framework`` with ``key`` (any spelling), or None."""
        wanted = self.match(key)
        return next((e for e in self.elements(framework) if e.key == wanted), None)

    def title_of(self, element: Any) -> str:
        return getattr(element, self.title_field) if self.title_field else ""


#: every kind of element, in document order (the order of a framework file's tables)
KINDS: tuple[Kind, ...] = (
    Kind("source", "sources", Source, ("id",), "title", "source", "sources", node=False),
    Kind("level", "levels", Level, ("number",), "name", "level", "levels", key_type=int),
    Kind("value", "values", Value, ("id",), "name", "value", "values"),
    Kind("behaviour", "behaviours", Behaviour, ("id",), "name", "behaviour", "behaviours",
         group_field="cluster", group_label="cluster"),
    Kind("standard", "standards", Standard, ("code",), "title", "standard", "standards",
         group_field="suites", group_label="suite", matcher=normalise_code),
    Kind("role", "roles", Role, ("id",), "title", "role", "roles",
         group_field="family", group_label="family"),
    Kind("mapping", "mappings", Mapping, ("standard", "behaviour", "value"), None,
         "mapping", "mappings", node=False),
)

_BY_NAME = {k.name: k for k in KINDS}
_BY_ATTR = {k.attr: k for k in KINDS}

#: (kind, Framework attribute) in document order, for code that only needs the pair
ELEMENT_KINDS: tuple[tuple[str, str], ...] = tuple((k.name, k.attr) for k in KINDS)


def kind(name: str) -> Kind:
    """The kind called ``name``; ``KeyError`` naming the known ones otherwise."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown kind {name!r}; kinds: " + ", ".join(_BY_NAME)) from None


def is_kind(name: str) -> bool:
    return name in _BY_NAME


def kind_of_attr(attr: str) -> Kind:
    """The kind a Framework attribute holds (``"roles"`` -> the role kind)."""
    return _BY_ATTR[attr]


def kind_of(element: Any) -> Kind:
    """The kind of an element object (subclasses count as their base class)."""
    for k in KINDS:
        if isinstance(element, k.cls):
            return k
    raise KeyError(f"{type(element).__name__} is not an element kind")


def all_elements(framework: Framework) -> Iterator[tuple[Kind, Any]]:
    """Every element of a framework with its kind, in document order."""
    for k in KINDS:
        for element in k.elements(framework):
            yield k, element


# -- what an id may be: the editor refuses other ids, the checks flag them in a file -----------

ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
#: a NOS code (URN) as the editor takes one typed: published codes are never made up here, so a
#: file's codes are not checked against it
CODE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._/-]*")
ID_RULE = ("an id is letters, digits and - _ . and starts with a letter or digit (no spaces or "
           "other signs, so it reads the same in every file and tool)")
LEVEL_RULE = "levels are numbered from 1 (1 is the first step of the scale)"
_ID_WORD = re.compile(r"[a-z0-9]+")


def suggest_id(kind: str, title: str) -> str:
    """An id for an element from its title (or from an id that will not do), as a person would
    write it: ``"Detective constable"`` -> ``"detective-constable"``. Nothing for a standard (its
    code is published, never made up), a level (a number) or a mapping."""
    if kind in ("standard", "level", "mapping"):
        return ""
    # letters with accents or circumflexes as their plain letter ("Café", Welsh "ŵ" -> "w")
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    return "-".join(_ID_WORD.findall(plain.lower()))


def id_problem(kind: str, key: Any) -> str | None:
    """Why ``key`` will not do as the id of an element of ``kind`` (:data:`ID_RULE`,
    :data:`LEVEL_RULE`), or None. Standards' codes and mappings are not judged here."""
    if kind == "level":
        return LEVEL_RULE if isinstance(key, int) and key < 1 else None
    if kind in ("standard", "mapping"):
        return None
    return None if ID_PATTERN.fullmatch(str(key)) else ID_RULE


__all__ = ["CODE_PATTERN", "ELEMENT_KINDS", "ID_PATTERN", "ID_RULE", "KINDS", "Kind",
           "LEVEL_RULE", "all_elements", "id_problem", "is_kind", "kind", "kind_of",
           "kind_of_attr", "suggest_id"]
