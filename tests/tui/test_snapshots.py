"""Screens as SVG snapshots (pytest-textual-snapshot). Update after a deliberate change with
``pytest tests/tui/test_snapshots.py --snapshot-update`` and look at the SVGs before committing.

Deterministic by construction: a fixed theme and date, no cursor blink, no animations, file
names instead of paths, and no notifications on screen."""

from __future__ import annotations
from nosframe.tui.selection import Item


def _prepare(settle, tree_to, keys, *steps):
    async def run_before(pilot) -> None:
        await settle(pilot)
        for step in steps:
            if isinstance(step, Item):
                await tree_to(pilot, step)
            else:
                await keys(pilot, *step.split(" "))
        await settle(pilot)
        pilot.app.clear_notifications()
        await settle(pilot)

    return run_before


def test_main_layout(snap_compare, make_app, force_file, settle, tree_to, keys):
    app = make_app(force_file)
    assert snap_compare(app, terminal_size=(120, 40), run_before=_prepare(
        settle, tree_to, keys, Item("role", "custody-officer")))


def test_main_layout_80x24(snap_compare, make_app, force_file, settle, tree_to, keys):
    app = make_app(force_file)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_prepare(
        settle, tree_to, keys, Item("role", "custody-officer")))


def test_coverage_matrix(snap_compare, make_app, force_file, settle, tree_to, keys):
    app = make_app(force_file)
    assert snap_compare(app, terminal_size=(120, 40), run_before=_prepare(
        settle, tree_to, keys, "f4", "down right"))


def test_nos_picker(snap_compare, make_app, force_file, settle, tree_to, keys):
    app = make_app(force_file)
    assert snap_compare(app, terminal_size=(120, 40), run_before=_prepare(
        settle, tree_to, keys, Item("role", "custody-officer"), "n",
        "r e s p o n s e", "down"))


def test_mapping_editor(snap_compare, make_app, force_file, settle, tree_to, keys):
    app = make_app(force_file)
    assert snap_compare(app, terminal_size=(120, 40), run_before=_prepare(
        settle, tree_to, keys, Item("role", "custody-officer"), "m", "down space"))


def test_role_profile(snap_compare, make_app, force_file, settle, tree_to, keys):
    app = make_app(force_file)
    assert snap_compare(app, terminal_size=(120, 40), run_before=_prepare(
        settle, tree_to, keys, Item("role", "custody-officer"), "f5"))


def test_problems_panel_focused_with_a_finding_open(snap_compare, make_app, force_file, settle,
                                                    tree_to, keys):
    app = make_app(force_file)
    assert snap_compare(app, terminal_size=(120, 40), run_before=_prepare(
        settle, tree_to, keys, "ctrl+e", "i"))
