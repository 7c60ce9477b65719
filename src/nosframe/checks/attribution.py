"""Whose problem a finding is, and which ones the file acknowledges: decided here, once, for
every finding of a run (composition's and every check's), from the composer's provenance.

A finding is the file's **own** when it is about an element the file defines or changes (an
override, criteria added to an inherited mapping), when it is about a library standard the
file's own elements name, when it is a conflict between presets that meet only because the file
extends both (``NF123``), or, for a finding about no element, when it is not located in an
inherited layer. A reference that the file's ``set`` override makes is located at that override
(:meth:`nosframe.compose.Composed.locate`), and its element is overridden, so it is own too.
Everything else is **inherited**: only in the presets, files or libraries the file builds on.

An ``[[acknowledged]]`` entry of the file (its root layer) marks every finding with its code
about its element; one that matches none is itself a finding (``NF126``, info), so a fixed
problem does not leave a stale acknowledgement behind. Errors cannot be acknowledged.
"""

from __future__ import annotations

import difflib
from typing import Iterable

from attrs import evolve

from nosframe.compose import Composed
from nosframe.compose.composer import layer_ancestors
from nosframe.model import Acknowledgement, Finding, FindingOrigin, Location, Severity
from nosframe.model.kinds import KINDS, is_kind, kind as kind_named
from nosframe.model.references import all_references

STALE = "NF126"
#: an acknowledgement's element ``kind:*``: every element of that kind (``standard:*``, for the
#: review dates of a framework that takes hundreds of NOS from the national library)
EVERY = "*"


def element_of(acknowledgement: Acknowledgement) -> tuple[str, str] | None:
    """The (kind, key) an acknowledgement is about (``None``: the framework as a whole);
    raises ValueError when ``element`` is not ``kind:id``."""
    text = acknowledgement.element.strip()
    if not text:
        return None
    kind, _, raw = text.partition(":")
    if not is_kind(kind) or not raw.strip():
        raise ValueError(text)
    if raw.strip() == EVERY:
        return kind, EVERY
    return kind, kind_named(kind).match(raw)


def element_text(element: tuple[str, str] | None) -> str:
    """How an acknowledgement names an element: ``standard:SFJAA1`` (``""`` for none)."""
    return f"{element[0]}:{element[1]}" if element else ""


class Attribution:
    """Own or inherited, for the findings of one composed framework."""

    def __init__(self, composed: Composed):
        self.composed = composed
        self.root = len(composed.layers) - 1
        root_path = composed.root.document.path
        self.root_file = str(root_path) if root_path else ""
        self.inherited_files = {str(layer.document.path) for layer in composed.layers[:-1]
                                if layer.document.path is not None} - {self.root_file}
        self._named: set[str] | None = None
        self._extends: list[set[int]] | None = None

    def element_is_own(self, kind: str, key: str) -> bool | None:
        """Whether the file defines or changes the element (``None``: no provenance)."""
        prov = self.composed.provenance_of(kind, key)
        if prov is None:
            return None
        if prov.layer is None:  # a library standard: whoever names it brought it in
            recorded = bool(self.root_file) and prov.location.file == self.root_file
            return recorded or key in self._named_by_own()
        return prov.layer == self.root or self.root in prov.changed_by

    def _named_by_own(self) -> set[str]:
        """Keys of the standards the file's own (defined or changed) elements name."""
        if self._named is None:
            named: set[str] = set()
            for source, element, reference in all_references(self.composed.framework):
                if reference.ref.target != "standard" or reference.key in named:
                    continue
                prov = self.composed.provenance_of(source, element.key)
                if prov is not None and prov.layer is not None and (
                        prov.layer == self.root or self.root in prov.changed_by):
                    named.add(reference.key)
            self._named = named
        return self._named

    def _ancestors(self) -> list[set[int]]:
        """For each layer, the layers it extends, directly or not (by index)."""
        if self._extends is None:
            self._extends = layer_ancestors(self.composed.layers)
        return self._extends

    def _combined_by_file(self, finding: Finding) -> bool:
        """An inherited element redefined (``NF123``) by a layer that does not extend the one
        defining it first: the two meet only because the file combines them."""
        if finding.code != "NF123":
            return False
        layers = self.composed.layers
        at = next((i for i, layer in enumerate(layers) if layer.document.path is not None
                   and str(layer.document.path) == finding.location.file), None)
        if at is None or at == self.root:
            return False
        kind, key = finding.element
        first = next((i for i, layer in enumerate(layers[:at])
                      if kind_named(kind).find(layer.document.framework, key) is not None), None)
        if first is None:
            return False
        ancestors = self._ancestors()
        if first in ancestors[at]:
            return False  # a preset redefining what it extends: the preset's own problem
        # combined by the file, unless a layer it inherits already extends both
        return not any({first, at} <= ancestors[i] for i in range(self.root))

    def origin(self, finding: Finding) -> FindingOrigin:
        element = about(finding)
        if element is not None and self._combined_by_file(finding):
            return FindingOrigin.OWN
        file = finding.location.file
        if finding.code == "NF123" and isinstance(file, str) and file in self.inherited_files:
            # a preset redefining what it extends: its own problem, even where the file
            # replaces that element (an error the file could neither fix nor acknowledge)
            return FindingOrigin.INHERITED
        if element is not None:
            own = self.element_is_own(*element)
            if own is not None:
                return FindingOrigin.OWN if own else FindingOrigin.INHERITED
        if isinstance(file, str) and file in self.inherited_files:
            return FindingOrigin.INHERITED
        return FindingOrigin.OWN


def about(finding: Finding) -> tuple[str, str] | None:
    """The (kind, key) a finding is about, or None (also for what a plugin's check got wrong:
    an element that is not a pair of strings is no element)."""
    element = finding.element
    if isinstance(element, tuple) and len(element) == 2 and \
            all(isinstance(part, str) for part in element):
        return element
    return None


def code_of(acknowledgement: Acknowledgement) -> str:
    """The finding code an acknowledgement names, as findings spell codes (``nf115`` is
    ``NF115``)."""
    return acknowledgement.code.strip().upper()


def attribute(composed: Composed, findings: Iterable[Finding], *,
              stale: bool = True, codes: Iterable[str] | None = None) -> list[Finding]:
    """``findings`` with their origin and acknowledgement set, plus an ``NF126`` finding for
    each acknowledgement of the file that matches none (``stale=False`` leaves those out: a run
    of only some checks). ``codes``: every code the run's checks can make, so an entry naming
    another says so instead of calling a problem gone that no check looks for."""
    known = set(codes) if codes is not None else None
    who = Attribution(composed)
    acknowledged = composed.root.document.framework.acknowledged
    doc = composed.root.document
    wanted: dict[tuple[str, tuple[str, str] | None], int] = {}
    extra: list[Finding] = []
    for n, ack in enumerate(acknowledged):
        try:
            wanted.setdefault((code_of(ack), element_of(ack)), n)
        except ValueError:
            kind = ack.element.strip().partition(":")[0]
            close = difflib.get_close_matches(kind, [k.name for k in KINDS], n=1)
            extra.append(_stale(doc.location(f"acknowledged[{n}].element"),
                                f"acknowledgement of {code_of(ack)} names {ack.element!r}, not "
                                "kind:id", (f"did you mean {close[0]!r}? " if close and
                                            close[0] != kind else "")
                                + 'write element = "kind:id", e.g. "standard:SFJAA1" (or '
                                '"standard:*"), or leave it out for a finding about no '
                                "element"))
    matched: set[int] = set()
    errors: set[int] = set()
    out: list[Finding] = []
    for finding in findings:
        finding = evolve(finding, origin=who.origin(finding), acknowledged=None)
        element = about(finding)
        n = wanted.get((finding.code, element))
        if n is None and element is not None:  # an entry for every element of its kind
            n = wanted.get((finding.code, (element[0], EVERY)))
        if n is not None:
            if finding.severity is Severity.ERROR:
                errors.add(n)
            else:
                matched.add(n)
                finding = evolve(finding, acknowledged=acknowledged[n])
        out.append(finding)
    if stale:
        for (code, element), n in wanted.items():
            if n in matched:
                continue
            what = f" about {element_text(element)}" if element else " about the framework"
            where = doc.location(f"acknowledged[{n}]")
            if known is not None and code not in known:
                extra.append(_stale(where, f"acknowledgement of {code}{what} matches no "
                                    f"finding: no check makes {code}", "check the code "
                                    "(docs/checks.md lists nosframe's; nosframe plugins, the "
                                    "checks installed)"))
            elif n in errors:
                extra.append(_stale(where, f"acknowledgement of {code}{what} has no effect: "
                                    "errors cannot be acknowledged", "fix the error, then "
                                    "remove the [[acknowledged]] entry"))
            else:
                extra.append(_stale(where, f"acknowledgement of {code}{what} matches no "
                                    "finding (stale)", "the problem is gone: remove the "
                                    "[[acknowledged]] entry"))
    return out + extra


def _stale(where: Location, message: str, hint: str) -> Finding:
    return Finding(STALE, Severity.INFO, message, hint, where, check="acknowledgements",
                   plugin="nosframe", origin=FindingOrigin.OWN)


def count(findings: Iterable[Finding]) -> dict[str, dict[str, int]]:
    """Counts by severity of the open (own, not acknowledged) findings, the inherited ones not
    acknowledged, and the acknowledged ones: what `check` and the problems panel summarise."""
    out = {name: {"error": 0, "warning": 0, "info": 0}
           for name in ("own", "inherited", "acknowledged")}
    for f in findings:
        group = "acknowledged" if f.acknowledged is not None else \
            "own" if f.own else "inherited"
        out[group][f.severity.value] += 1
    for counts in out.values():
        counts["total"] = sum(counts.values())
    return out


def counted(counts: dict[str, int], *, zero: str = "") -> str:
    """``40 warnings, 3 info`` (the severities that occur), or ``zero``."""
    parts = []
    for name, one, many in (("error", "error", "errors"), ("warning", "warning", "warnings"),
                            ("info", "info", "info")):
        n = counts.get(name, 0)
        if n:
            parts.append(f"{n} {one if n == 1 else many}")
    return ", ".join(parts) or zero


__all__ = ["EVERY", "STALE", "Attribution", "attribute", "code_of", "count", "counted",
           "element_of", "element_text"]
