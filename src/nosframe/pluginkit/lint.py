"""``nosframe plugin lint PATH``: check a plugin package before it is published.

Every data file loads; every preset composes and passes checks (no errors); sources and licence
are present; no standard code or preset id collides with another installed plugin's.
"""

from __future__ import annotations

import importlib
import sys
import tomllib
from pathlib import Path

from nosframe.checks import run_checks
from nosframe.compose import compose
from nosframe.io import LoadError, NosframeError, load_document
from nosframe.model import Finding, Location, Severity
from nosframe.pluginkit.scaffold import PLACEHOLDER_LICENCE, PLACEHOLDER_SPDX
from nosframe.plugins import load_plugins

LINT_CODES = {
    "PL001": "pyproject.toml declares no entry point in the `nosframe` group",
    "PL002": "the plugin module fails to import or to register",
    "PL003": "a data file does not load",
    "PL004": "a preset does not compose, or its checks find errors",
    "PL005": "a preset has no licence in [framework]",
    "PL006": "a preset lists no [[sources]], or a source has no licence",
    "PL007": "a standard code is also defined by another installed plugin's preset",
    "PL008": "a preset id is also registered by another installed plugin",
    "PL009": "the package has no licence or no SOURCES.md",
    "PL010": "the plugin registers no presets, checks, importers, exporters or libraries",
    "PL011": "a licence is still the placeholder written by `nosframe plugin init`",
}

E, W = Severity.ERROR, Severity.WARNING


def _finding(code: str, severity: Severity, message: str, hint: str = "",
             location: Location | None = None) -> Finding:
    return Finding(code, severity, message, hint, location or Location(), check="plugin-lint")


def lint_plugin(root: Path) -> list[Finding]:
    root = Path(root)
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file():
        raise NosframeError(f"{root}: no pyproject.toml", hint="give the plugin package's folder")
    try:
        meta = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise LoadError(f"pyproject.toml is not valid TOML: {exc}",
                        location=Location(str(pyproject))) from None
    project = meta.get("project", {})
    out: list[Finding] = []
    entry_points = project.get("entry-points", {}).get("nosframe", {})
    if not entry_points:
        out.append(_finding("PL001", E, "no entry point in group `nosframe`",
                            '[project.entry-points.nosframe]\nmy-sector = "my_module"',
                            Location(str(pyproject))))
        return out
    if not project.get("license"):
        out.append(_finding("PL009", W, "pyproject.toml declares no licence", "",
                            Location(str(pyproject), path="project.license")))
    elif _placeholder(project["license"]):
        out.append(_finding("PL011", W, f"pyproject.toml licence is still {PLACEHOLDER_SPDX!r}",
                            'choose one, e.g. license = "MIT"',
                            Location(str(pyproject), path="project.license")))
    if not (root / "SOURCES.md").is_file():
        out.append(_finding("PL009", W, "no SOURCES.md listing the sources of the data and their "
                            "licences", "", Location(str(root / "SOURCES.md"))))

    src = root / "src" if (root / "src").is_dir() else root
    sys.path.insert(0, str(src))
    try:
        modules = []
        for name, target in entry_points.items():
            module_name = target.split(":")[0]
            try:
                modules.append((name, importlib.import_module(module_name)))
            except Exception as exc:
                out.append(_finding("PL002", E, f"entry point {name!r}: cannot import "
                                    f"{module_name!r}: {type(exc).__name__}: {exc}"))
        names = [name for name, _ in modules]
        plugins = load_plugins(disabled=names, extra=modules)
        for failure in plugins.failures:
            if failure.plugin in names:
                out.append(_finding("PL002", E, str(failure)))
        out += _lint_contents(plugins, set(names), src)
    finally:
        sys.path.remove(str(src))
    return out


def _placeholder(licence) -> bool:
    text = str(licence).casefold()
    return (PLACEHOLDER_LICENCE.casefold() in text
            or PLACEHOLDER_SPDX.casefold() in text)


def _lint_contents(plugins, names: set[str], src: Path) -> list[Finding]:
    out: list[Finding] = []
    presets = plugins.presets()
    mine = {pid: p for pid, p in presets.items() if p.plugin in names}
    contributes = mine or any(
        item.plugin in names for items in (plugins.checks(), plugins.importers(),
                                           plugins.exporters(), plugins.libraries())
        for item in items.values())
    if not contributes:
        out.append(_finding("PL010", E, "the plugin registers nothing",
                            "implement nosframe_presets (or another hook) with @hookimpl"))
    for failure in plugins.failures:
        if failure.plugin not in names and "already registered" in failure.error:
            if any(f"{pid!r}" in failure.error for pid in mine):
                out.append(_finding("PL008", E, str(failure)))
    # every TOML data file parses; preset files load as frameworks
    preset_paths = {p.path.resolve() for p in mine.values()}
    for path in sorted(src.rglob("*.toml")):
        where = Location(str(path))
        if path.resolve() in preset_paths:
            continue
        try:
            tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            out.append(_finding("PL003", E, f"not valid TOML: {exc}", "", where))
    others: dict[str, tuple[str, str, str]] = {}
    for pid, preset in presets.items():
        if preset.plugin in names:
            continue
        try:
            for standard in load_document(preset.path).framework.standards:
                others.setdefault(standard.key, (pid, preset.plugin, standard.title))
        except NosframeError:
            continue
    for pid, preset in sorted(mine.items()):
        try:
            doc = load_document(preset.path)
        except NosframeError as exc:
            out.append(_finding("PL003", E, f"preset {pid!r}: {exc.message}", exc.hint,
                                exc.location))
            continue
        info = doc.framework.framework
        if info.id != pid:
            out.append(_finding("PL004", E, f"preset registered as {pid!r} but its file says "
                                f"id = {info.id!r}", "make them the same",
                                doc.location("framework.id")))
        if not info.licence.strip():
            out.append(_finding("PL005", E, f"preset {pid!r} has no licence",
                                'add licence = "..." to [framework]', doc.location("framework")))
        elif _placeholder(info.licence):
            out.append(_finding("PL011", W, f"preset {pid!r}: [framework] licence is still the "
                                "scaffold's placeholder", "choose a licence for your own "
                                "structure and text", doc.location("framework.licence")))
        if not doc.framework.sources:
            out.append(_finding("PL006", E, f"preset {pid!r} lists no [[sources]]",
                                "add [[sources]] with title, url, licence and notes",
                                doc.location("framework")))
        for n, source in enumerate(doc.framework.sources):
            if not source.licence.strip():
                out.append(_finding("PL006", E, f"source {source.id!r} has no licence",
                                    "say under which licence (or unconfirmed terms) it is used",
                                    doc.location(f"sources[{n}]")))
            elif _placeholder(source.licence):
                out.append(_finding("PL011", W, f"source {source.id!r}: licence is still the "
                                    "scaffold's placeholder",
                                    "say under which licence (or unconfirmed terms) it is used",
                                    doc.location(f"sources[{n}].licence")))
        for n, standard in enumerate(doc.framework.standards):
            other = others.get(standard.key)
            if other:
                opid, oplugin, otitle = other
                same = otitle == standard.title
                out.append(_finding(
                    "PL007", W if same else E,
                    f"{standard.code} is also defined by preset {opid!r} of plugin {oplugin!r}"
                    + ("" if same else f" with another title ({otitle!r})"),
                    f"extend {opid!r} instead of defining {standard.code} again",
                    doc.location(f"standards[{n}]")))
        try:
            composed = compose(doc, plugins)
        except NosframeError as exc:
            out.append(_finding("PL004", E, f"preset {pid!r} does not compose: {exc.message}",
                                exc.hint, exc.location))
            continue
        for finding in run_checks(composed, plugins):
            if finding.severity is Severity.ERROR:
                out.append(_finding("PL004", E, f"preset {pid!r}: {finding.code} "
                                    f"{finding.message}", finding.hint, finding.location))
    return out
