"""What plugins register: presets, checks, importers, exporters and libraries.

Plain attrs classes with callables; the plugin manager (:mod:`nosframe.plugins`) fills in
``plugin`` and ``version`` so every contribution is credited.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterable

from attrs import field, frozen

from nosframe.model import Finding, Framework, Standard


@frozen
class Preset:
    """A framework file shipped by a plugin, which frameworks extend by ``id``."""

    id: str
    title: str
    path: Path = field(converter=Path)
    description: str = ""
    plugin: str = ""
    version: str = ""


@frozen
class Check:
    """A check: ``run(ctx)`` yields findings whose codes are keys of ``codes``."""

    name: str
    run: Callable[[Any], Iterable[Finding]]
    codes: dict[str, str] = field(factory=dict)  # code -> one-line description
    plugin: str = ""
    version: str = ""


@frozen
class ImportResult:
    framework: Framework
    findings: tuple[Finding, ...] = ()


@frozen
class Importer:
    name: str
    title: str
    read: Callable[[Path], ImportResult]
    plugin: str = ""
    version: str = ""


@frozen
class ExportResult:
    """An export's content and what it could not carry (reported, never dropped silently)."""

    content: str | bytes
    losses: tuple[str, ...] = ()


@frozen
class Exporter:
    name: str
    title: str
    suffix: str
    write: Callable[[Any], ExportResult]  # takes a nosframe.compose.Composed
    plugin: str = ""
    version: str = ""


@frozen
class Library:
    """A source of standards by code: ``get(key)`` for one, ``search(text)`` for pickers."""

    name: str
    title: str
    get: Callable[[str], Standard | None]
    search: Callable[..., list[Standard]] = lambda *a, **k: []
    size: Callable[[], int] = lambda: 0
    plugin: str = ""
    version: str = ""
