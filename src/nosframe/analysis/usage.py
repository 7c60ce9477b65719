"""Where a standard (or a behaviour) is used across a folder of frameworks: every framework and
role that uses it, and through which layer (the organisation's own file, or inherited from a
preset), for ``nosframe where-used``.

Built on :func:`nosframe.model.references.where_used` over each composed framework; a file that
does not load is reported and skipped, never the end of the search.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterable

from attrs import frozen

from nosframe.io import NosframeError
from nosframe.model import normalise_code
from nosframe.model.references import where_used


@frozen
class Usage:
    """One element of a framework that uses the standard or behaviour."""

    kind: str  # of the using element: role, mapping, standard
    key: str
    title: str
    text: str  # "requires it", "requires it (optional)", "needs it at level 2"
    via: str  # "own" or the layer it comes through: "preset probation"
    detail: str  # in words: "inherited from preset probation; set by westvale-probation.toml"


@frozen
class FrameworkUsage:
    path: str
    framework: str  # its id
    title: str
    defined_in: str  # where the element itself comes from ("" when the framework lacks it)
    uses: tuple[Usage, ...]


@frozen
class Skipped:
    path: str
    error: str


@frozen
class UsageReport:
    kind: str  # "standard" or "behaviour"
    key: str  # as asked
    frameworks: tuple[FrameworkUsage, ...]  # those that use it
    unused: tuple[str, ...]  # paths of frameworks that load and do not use it
    skipped: tuple[Skipped, ...]


def _layer_name(composed, index: int | None) -> str:
    if index is None:
        return "library"
    origin = composed.layers[index].origin
    if origin.kind == "file":
        return "own" if index == len(composed.layers) - 1 else f"file {Path(origin.name).name}"
    return f"{origin.kind} {origin.name}"


def _describe(composed, kind: str, key: str, field: str) -> tuple[str, str]:
    """(via, detail): the layer the referring field's value comes from, and the element's
    provenance in words."""
    prov = composed.provenance_of(kind, key)
    if prov is None:
        return "own", ""
    element = "library" if prov.layer is None else _layer_name(composed, prov.layer)
    source = prov.field_source(field)
    via = _layer_name(composed, source.layer) if source is not None else element
    own_file = Path(str(composed.root.origin.name)).name
    if element == "own":
        detail = f"defined in {own_file}"
    else:
        detail = f"inherited from {element}"
    if source is not None:
        setter = own_file if via == "own" else via
        detail += f"; {field} set by an override in {setter}"
    return via, detail


def framework_usage(composed, kind: str, key: str, path: str = "") -> FrameworkUsage | None:
    """What in one composed framework uses the ``kind`` element ``key`` (a standard's code in any
    spelling, a behaviour's id); None when nothing does."""
    uses = where_used(composed.framework, kind, key)
    if not uses:
        return None
    titles = {r.id: r.title or r.id for r in composed.framework.roles}
    rows = []
    for use in uses:
        via, detail = _describe(composed, use.kind, use.key, use.field)
        rows.append(Usage(use.kind, use.key, titles.get(use.key, "") if use.kind == "role"
                          else "", use.text, via, detail))
    rows.sort(key=lambda u: (u.kind != "role", u.kind, u.key))
    wanted = normalise_code(key) if kind == "standard" else key
    prov = composed.provenance_of(kind, wanted)
    defined = ""
    if prov is not None:
        defined = "library" if prov.layer is None else _layer_name(composed, prov.layer)
    info = composed.framework.framework
    return FrameworkUsage(path, info.id, info.title or info.id, defined, tuple(rows))


def framework_files(folder: Path) -> list[Path]:
    """Every ``*.toml`` under ``folder``, recursively, in a stable order; hidden folders
    (``.git``, ``.venv``) left out."""
    return sorted(p for p in folder.rglob("*.toml")
                  if p.is_file() and not any(part.startswith(".")
                                             for part in p.relative_to(folder).parts[:-1]))


def usage_in(paths: Iterable[Path], kind: str, key: str,
             load: Callable[[Path], Any]) -> UsageReport:
    """Where ``key`` is used in each framework of ``paths``, each composed by ``load`` (a file
    ``load`` raises a :class:`NosframeError` for is skipped and reported)."""
    found, unused, skipped = [], [], []
    for path in paths:
        try:
            composed = load(path)
        except NosframeError as exc:
            skipped.append(Skipped(str(path), str(exc).splitlines()[0]))
            continue
        usage = framework_usage(composed, kind, key, str(path))
        if usage is None:
            unused.append(str(path))
        else:
            found.append(usage)
    return UsageReport(kind, key, tuple(found), tuple(unused), tuple(skipped))


def usage_data(report: UsageReport) -> dict[str, Any]:
    """The report as plain data (``nosframe where-used --json``)."""
    return {"kind": report.kind, "key": report.key,
            "frameworks": [{"path": f.path, "framework": f.framework, "title": f.title,
                            "defined_in": f.defined_in,
                            "uses": [{"kind": u.kind, "key": u.key, "title": u.title,
                                      "how": u.text, "via": u.via, "provenance": u.detail}
                                     for u in f.uses]} for f in report.frameworks],
            "unused": list(report.unused),
            "skipped": [{"path": s.path, "error": s.error} for s in report.skipped]}
