"""Helpers for plugin authors' tests (and nosframe's own): is a preset clean?

    from nosframe.testing import preset_problems

    def test_my_presets(plugins):
        assert preset_problems(plugins, "my-sector", plugin="my-sector") == []
"""

from __future__ import annotations

import importlib.metadata
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
