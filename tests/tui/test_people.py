"""The gap view and the person view, through Pilot: one test per wiring path (the rules are
tested headless in tests/test_people.py and tests/editing/test_person_session.py)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

import nosframe
from nosframe.editing.person import PersonSession
from nosframe.io.people import load_person
from nosframe.tui.selection import Item

SIZE = (120, 40)
MINI = Path(__file__).parents[1] / "data" / "mini.toml"
DAY = dt.date(2026, 12, 3)
RECORD = """\
# a test record (fictional)
[person]
id = "T-1"
name = "Test Person"
role = "constable"

[[evidence]]
standard = "SFJAA1"
criterion = "P1"
date = 2026-01-10
assessor = "Sgt T"

[[evidence]]
standard = "SFJAA1"
criterion = "P2"
date = 2024-01-10
assessor = "Sgt T"
expires = 2026-01-10

[[behaviours]]
behaviour = "we-are-collaborative"
level = 1
date = 2026-01-10
assessor = "Sgt T"
"""


@pytest.fixture
def mini_file(tmp_path):
    path = tmp_path / "mini.toml"
    shutil.copy(MINI, path)
    return path


async def test_f9_opens_the_gap_view_from_the_selected_role(make_app, mini_file, settle,
                                                             tree_to, keys):
    app = make_app(mini_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("role", "constable"))
        await keys(pilot, "f9")
        screen = app.screen
        assert type(screen).__name__ == "GapScreen"
        assert (screen.from_role, screen.to_role) == ("constable", "sergeant")
        text = screen.text()
        assert "We are collaborative  1 -> 2" in text and "kept: SFJ AA1" in text
        await keys(pilot, "s")  # swap
        assert (screen.from_role, screen.to_role) == ("sergeant", "constable")
        assert "nothing to gain" in screen.text()
        await keys(pilot, "escape")
        assert app.screen is app.main


async def test_g_in_the_tree_and_the_palette_open_the_gap_view(make_app, mini_file, settle,
                                                               tree_to, keys):
    app = make_app(mini_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "show_gap" in [action for _, action, _ in app.main.palette_actions()]
        await tree_to(pilot, Item("role", "sergeant"))
        await keys(pilot, "g")
        assert type(app.screen).__name__ == "GapScreen"
        assert app.screen.from_role == "sergeant"


def _person_app(tmp_path, tui_plugins):
    from nosframe.tui.person_app import PersonApp

    path = tmp_path / "person.toml"
    path.write_text(RECORD, encoding="utf-8")
    composed = nosframe.load(MINI, tui_plugins)
    app = PersonApp(PersonSession.open(path), composed, "constable", DAY)
    app.animation_level = "none"
    return app, path


def _rows(app):
    return [(getattr(r, "criterion", None) or r.behaviour, r.state.value)
            for r in app.screen.rows]


async def test_person_view_shows_expired_and_adds_evidence(tmp_path, tui_plugins, settle, keys):
    app, path = _person_app(tmp_path, tui_plugins)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert _rows(app) == [("P1", "met"), ("P2", "expired"), ("K1", "missing"),
                              ("we-are-collaborative", "met")]
        assert "1 expired" in str(app.screen.query_one("#person-summary").render())
        await keys(pilot, "down", "down", "a")  # K1
        form = app.screen
        assert type(form).__name__ == "EvidenceScreen"
        await keys(pilot, "tab", text="Sgt U")
        await keys(pilot, "tab", "tab", text="REF-9")
        await keys(pilot, "enter")
        assert app.screen is not form
        assert _rows(app)[2] == ("K1", "met")
        added = app.session.person.evidence[-1]
        assert (added.criterion, added.assessor, added.reference, added.date) == (
            "K1", "Sgt U", "REF-9", DAY)
        await keys(pilot, "ctrl+s")
        assert load_person(path).person == app.session.person
        assert path.read_text(encoding="utf-8").startswith("# a test record (fictional)")


async def test_person_view_form_error_stays_open(tmp_path, tui_plugins, settle, keys):
    app, _ = _person_app(tmp_path, tui_plugins)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "down", "down", "down", "a")  # the behaviour: a level form
        form = app.screen
        await keys(pilot, text="two")
        await keys(pilot, "enter")
        assert app.screen is form
        assert "not a whole number" in str(form.query_one("#prompt-error").render())
        await keys(pilot, "escape")
        assert not app.session.dirty


async def test_person_view_remove_and_undo(tmp_path, tui_plugins, settle, keys):
    app, _ = _person_app(tmp_path, tui_plugins)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "d")  # P1: remove its evidence, after asking
        assert type(app.screen).__name__ == "ChoiceScreen"
        await keys(pilot, "r")
        assert _rows(app)[0] == ("P1", "missing") and app.session.dirty
        await keys(pilot, "ctrl+z")
        assert _rows(app)[0] == ("P1", "met") and not app.session.dirty
        await keys(pilot, "ctrl+y")
        assert _rows(app)[0] == ("P1", "missing")


async def test_person_view_quit_asks_when_unsaved(tmp_path, tui_plugins, settle, keys):
    app, path = _person_app(tmp_path, tui_plugins)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "d", "r", "ctrl+q")
        assert type(app.screen).__name__ == "ChoiceScreen"
        await keys(pilot, "c")
        assert type(app.screen).__name__ == "PersonScreen"
        await keys(pilot, "ctrl+q", "d")  # discard
    assert path.read_text(encoding="utf-8") == RECORD


def test_nosframe_person_opens_the_person_view(tmp_path, monkeypatch, mini_file):
    """The command's wiring: the record, the framework, the role (default: the person's) and
    the day reach the app (App.run replaced: the terminal is not taken over)."""
    from click.testing import CliRunner

    import nosframe.cli as cli_module
    from nosframe.tui.person_app import PersonApp

    apps = []
    monkeypatch.setattr(PersonApp, "run", lambda self, *a, **k: apps.append(self))
    path = tmp_path / "person.toml"
    path.write_text(RECORD, encoding="utf-8")
    result = CliRunner().invoke(cli_module.cli, ["person", str(path), str(mini_file),
                                                 "--today", "2026-12-03"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    (app,) = apps
    screen = app.screen_
    assert (screen.role, screen.today) == ("constable", DAY)
    assert app.session.path == path


async def test_person_view_r_shows_another_role(tmp_path, tui_plugins, settle, keys):
    app, _ = _person_app(tmp_path, tui_plugins)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "r")
        assert type(app.screen).__name__ == "PromptScreen"
        await keys(pilot, "ctrl+a", "ctrl+k", text="chief")  # not a role: the prompt stays
        await keys(pilot, "enter")
        assert type(app.screen).__name__ == "PromptScreen"
        await keys(pilot, "ctrl+u", text="sergeant")
        await keys(pilot, "enter")
        assert app.screen.role == "sergeant"
        assert _rows(app)[-1] == ("we-are-collaborative", "missing")  # 2 needed, 1 held
        assert not app.session.dirty
