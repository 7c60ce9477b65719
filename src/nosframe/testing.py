"""Helpers for plugin authors' tests (and nosframe's own): is a preset clean?

    from nosframe.testing import preset_problems

    def test_my_presets(plugins):
        assert preset_problems(plugins, "my-sector", plugin="my-sector") == []
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import pickle
import tempfile
import tomllib
from pathlib import Path
from typing import Any

from nosframe.checks import run_checks
from nosframe.compose import compose, load
from nosframe.io import NosframeError, load_document
from nosframe.model import Framework, FrameworkInfo, Severity


def preset_problems(plugins: Any, preset_id: str, *, plugin: str | None = None) -> list[str]:
    """Everything wrong with one preset, as readable lines (empty when clean).

    The preset must be registered (by ``plugin`` when given), its file's ``[framework] id`` must
    match, it must list ``[[sources]]``, and both the preset itself and a new framework extending
    it must compose and check without errors.
    """
    preset = plugins.presets().get(preset_id)
    if preset is None:
        return [f"preset {preset_id!r} is not registered"]
    problems: list[str] = []
    if plugin is not None and preset.plugin != plugin:
        problems.append(f"preset {preset_id!r} is registered by {preset.plugin!r}, not {plugin!r}")
    try:
        doc = load_document(preset.path)
        if doc.framework.framework.id != preset_id:
            problems.append(f"{preset.path}: id {doc.framework.framework.id!r} != {preset_id!r}")
        if not doc.framework.sources:
            problems.append(f"{preset.path}: no [[sources]]")
        for composed in (load(preset.path, plugins),
                         compose(Framework(FrameworkInfo(id="org", extends=(preset_id,))),
                                 plugins)):
            problems += [str(f) for f in run_checks(composed, plugins)
                         if f.severity is Severity.ERROR]
    except NosframeError as exc:
        problems.append(str(exc))
    return problems


def entry_point_declared(name: str, module: str) -> bool:
    """True when an installed distribution declares ``name = module`` in group ``nosframe``."""
    return any(ep.name == name and ep.value == module
               for ep in importlib.metadata.entry_points(group="nosframe"))


# -- the real UK NOS list exports, for tests of published facts -------------------------------

#: the list exports' file names, as ../shared/data/nos holds them
EXPORT_NAMES = ("PublishedNos_Details.xlsx", "PublishedNos-old_Details.xlsx")


def exports_present(folder: Path | str) -> bool:
    """Are both list exports in ``folder`` (tests skip when not)?"""
    return all((Path(folder) / name).is_file() for name in EXPORT_NAMES)


def export_rows(folder: Path | str) -> dict[str, list[dict]]:
    """Every row of the list exports in ``folder`` by its URN exactly as published (surrounding
    spaces trimmed), each row ``{column: value}`` as openpyxl reads it.

    Reading both exports takes openpyxl seconds, and several plugins' tests read them: the rows
    are kept in a cache file in the temporary folder, keyed by each export's path, size and
    modification time, written atomically and read back only when it loads whole (else the
    exports are read again)."""
    paths = [Path(folder).resolve() / name for name in EXPORT_NAMES]
    key = hashlib.sha256(repr([(str(p), p.stat().st_size, p.stat().st_mtime_ns)
                               for p in paths]).encode()).hexdigest()[:24]
    cache = Path(tempfile.gettempdir()) / "nosframe-tests" / f"export-rows-{key}.pickle"
    try:
        with cache.open("rb") as handle:
            rows = pickle.load(handle)
        if isinstance(rows, dict):
            return rows
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        pass
    import openpyxl

    rows = {}
    for path in paths:
        book = openpyxl.load_workbook(path, read_only=True)
        try:
            cells = book["owssvr"].iter_rows(values_only=True)
            header = next(cells)
            for values in cells:
                row = dict(zip(header, values))
                if row.get("URN"):
                    rows.setdefault(str(row["URN"]).strip(), []).append(row)
        finally:
            book.close()
    try:
        from nosframe.io import atomic_write

        cache.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(cache, pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL))
    except (OSError, NosframeError):
        pass  # no cache: the next reader reads the exports again
    return rows


def export_rows_or_skip(folder: Path | str) -> dict[str, list[dict]]:
    """:func:`export_rows`, or the calling test skipped with the reason when ``folder`` does
    not hold both exports (a user's clone has no ../shared)."""
    if not exports_present(folder):
        import pytest

        pytest.skip(f"{folder} (the real UK NOS list exports) is not present")
    return export_rows(folder)


def published_keywords(cell: Any) -> list[str]:
    """The keyword strings of an export cell: split on ';' (the field specification's
    separator), each trimmed, runs of whitespace (line breaks in the cell) made one space.
    Nothing else: no splitting on commas, nothing dropped."""
    return [" ".join(part.split()) for part in str(cell or "").split(";") if part.strip()]


def data_standards(data_dir: Path | str):
    """(file name, standard table) for every [[standards]] of a plugin's data files."""
    for path in sorted(Path(data_dir).glob("*.toml")):
        with path.open("rb") as handle:
            for standard in tomllib.load(handle).get("standards", []):
                yield path.name, standard


def keywords_not_as_published(data_dir: Path | str, rows: dict[str, list[dict]]
                              ) -> list[tuple[str, str, list, list]]:
    """The standards of a plugin's data files whose ``keywords`` are not the published strings
    of any export row of their URN: (file, code, keywords, the published ones); a standard
    with keywords and no export row at all is one too (with no published ones)."""
    wrong = []
    for name, standard in data_standards(data_dir):
        if "keywords" not in standard:
            continue
        published = [published_keywords(row.get("Keywords"))
                     for row in rows.get(standard["code"], [])]
        if list(standard["keywords"]) not in published:
            wrong.append((name, standard["code"], list(standard["keywords"]), published))
    return wrong
