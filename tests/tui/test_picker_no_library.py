"""The NOS picker with no national library installed: a search that finds nothing says so, and
how to install it (the words and command of docs/library.md and the NF102 hint)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from nosframe.checks.builtin import INSTALL_LIBRARY
from nosframe.hookspecs import hookimpl
from nosframe.tui.selection import Item

SIZE = (120, 40)
TODAY = dt.date(2025, 6, 1)
PRESET = Path(__file__).parents[1] / "data" / "editing" / "presets" / "tui-base.toml"


class PresetOnly:
    """The test preset, and no library."""

    __test__ = False

    @hookimpl
    def nosframe_presets(self, register):
        from nosframe.registry import Preset

        register(Preset(id="tui-base", title="TUI test base", path=PRESET))


def _app_without_library(path):
    from nosframe.editing.session import Session
    from nosframe.plugins import load_plugins
    from nosframe.tui.app import NosframeApp

    plugins = load_plugins(entry_points=False, extra=[("preset-only", PresetOnly())])
    assert not plugins.libraries()
    session = Session.open(path, plugins, today=TODAY)
    app = NosframeApp(session, check_delay=0, journal_delay=0, search_delay=0,
                      cursor_blink=False, theme="textual-dark")
    app.animation_level = "none"
    return app


def _status(picker) -> str:
    return str(picker.query_one("#picker-status").render())


async def test_nothing_found_without_a_library_says_how_to_install_it(force_file, settle,
                                                                     tree_to, keys):
    app = _app_without_library(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("role", "custody-officer"))
        await keys(pilot, "n")
        picker = app.screen
        await keys(pilot, text="SFJCK3")
        assert picker.results == []
        status = _status(picker)
        assert status.startswith("0 found")
        assert "no national library is installed" in status and INSTALL_LIBRARY in status
        await keys(pilot, "enter")
        assert app.screen is picker
        (said,) = [n.message for n in app._notifications if "nothing found" in n.message]
        assert "no national library is installed" in said and INSTALL_LIBRARY in said
        # a search that finds something says nothing of it
        for _ in range(6):
            await pilot.press("backspace")
        await keys(pilot, text="investigate")
        assert picker.results and "library" not in _status(picker)


async def test_nothing_found_with_a_library_says_only_that(make_app, force_file, settle,
                                                          tree_to, keys):
    app = make_app(force_file)  # the tests' plugins have a library
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("role", "custody-officer"))
        await keys(pilot, "n")
        picker = app.screen
        await keys(pilot, text="SFJCK3")
        assert picker.results == [] and "library" not in _status(picker)
        await keys(pilot, "enter")
        (said,) = [n.message for n in app._notifications if "nothing found" in n.message]
        assert said == "nothing found to add"
