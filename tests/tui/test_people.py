"""The gap view and the person view, through Pilot: one test per wiring path (the rules are
tested headless in tests/test_people.py and tests/editing/test_person_session.py)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

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


def _rows(app):
    return [(getattr(r, "criterion", None) or r.behaviour, r.state.value)
            for r in app.screen.rows]


async def test_person_view_shows_expired_and_adds_evidence(person_app, settle, keys):
    app, path = person_app(RECORD)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert _rows(app) == [("P1", "met"), ("P2", "expired"), ("K1", "missing"),
                              ("we-are-collaborative", "met")]
        summary = str(app.screen.query_one("#person-summary").render())
        assert "2 of 4 met (50%) · 2 not met (1 of them expired) · as of 2026-12-03" in summary
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


async def test_person_view_form_error_stays_open(person_app, settle, keys):
    app, _ = person_app(RECORD)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "down", "down", "down", "a")  # the behaviour: a level form
        form = app.screen
        await keys(pilot, text="two")
        await keys(pilot, "enter")
        assert app.screen is form
        assert "not a whole number" in str(form.query_one("#prompt-error").render())
        form.query_one("#form-level").value = "9"  # a number off the scale (1, 2)
        await keys(pilot, "enter")
        assert app.screen is form
        assert "level: 9 is not on the framework's scale (1, 2)" in str(
            form.query_one("#prompt-error").render())
        await keys(pilot, "escape")
        assert not app.session.dirty


async def test_person_view_remove_and_undo(person_app, settle, keys):
    app, _ = person_app(RECORD)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "d")  # P1: remove its evidence, after asking
        assert type(app.screen).__name__ == "ChoiceScreen"
        await keys(pilot, "y")
        assert _rows(app)[0] == ("P1", "missing") and app.session.dirty
        await keys(pilot, "ctrl+z")
        assert _rows(app)[0] == ("P1", "met") and not app.session.dirty
        await keys(pilot, "ctrl+y")
        assert _rows(app)[0] == ("P1", "missing")


async def test_person_view_quit_asks_when_unsaved(person_app, settle, keys):
    app, path = person_app(RECORD)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "d", "y", "ctrl+q")
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


async def test_person_view_r_picks_another_role_from_a_list(person_app, settle, keys):
    app, _ = person_app(RECORD)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "r")
        picker = app.screen
        assert type(picker).__name__ == "PickScreen"
        assert picker.highlighted == "constable"  # the role shown, highlighted
        from textual.widgets import OptionList
        shown = [str(o.prompt) for o in picker.query_one(OptionList).options]
        assert shown == ["Police constable (constable) · current role",
                         "Police sergeant (sergeant)"]
        await keys(pilot, text="zzz")  # narrows to nothing: enter does nothing
        await keys(pilot, "enter")
        assert app.screen is picker
        await keys(pilot, "ctrl+u", "down")  # the whole list again; down moves to sergeant
        assert picker.highlighted == "sergeant"
        await keys(pilot, "enter")
        assert app.screen.role == "sergeant"
        assert _rows(app)[-1] == ("we-are-collaborative", "missing")  # 2 needed, 1 held
        assert not app.session.dirty
        await keys(pilot, "r", text="const")  # typing narrows the list
        assert app.screen.highlighted == "constable"
        await keys(pilot, "enter")
        assert app.screen.role == "constable"


def _changed_elsewhere(path: Path) -> None:
    """Another program saves the record: renames the person and adds evidence."""
    path.write_text(path.read_text(encoding="utf-8").replace('name = "Test Person"',
                                                             'name = "Renamed Elsewhere"')
                    + '\n[[evidence]]\nstandard = "SFJAA1"\ncriterion = "K1"\n'
                      'date = 2026-11-01\nassessor = "Sgt Other"\n', encoding="utf-8")


async def test_person_view_save_over_a_changed_record_merges(person_app, settle, keys):
    app, path = person_app(RECORD)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "d", "y")  # remove P1's evidence
        _changed_elsewhere(path)
        await keys(pilot, "ctrl+s")
        dialog = app.screen
        assert type(dialog).__name__ == "ChoiceScreen"
        assert [c[0] for c in dialog.choices] == ["merge", "overwrite", "reload", "cancel"]
        message = str(dialog.query_one("#dialog-message").render())
        assert "Merge re-applies your 1 edit" in message
        assert "remove evidence of SFJAA1 P1 (2026-01-10)" in message
        await keys(pilot, "m")
        await settle(pilot)
        assert type(app.screen).__name__ == "PersonScreen" and not app.session.dirty
    saved = load_person(path).person
    assert saved.person.name == "Renamed Elsewhere"  # theirs
    assert [e.criterion for e in saved.evidence] == ["P2", "K1"]  # mine re-applied, theirs kept
    assert path.read_text(encoding="utf-8").startswith("# a test record (fictional)")


async def test_person_view_quit_save_over_a_changed_record_overwrites_after_asking(
        person_app, settle, keys):
    app, path = person_app(RECORD)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "d", "y")
        _changed_elsewhere(path)
        await keys(pilot, "ctrl+q", "s")  # quit, save: the record changed on disk
        assert app.screen.title_text == "The record changed on disk"
        await keys(pilot, "o")
        assert app.screen.title_text == "Overwrite the record?"
        await keys(pilot, "n")  # not now: nothing written, still open
        assert type(app.screen).__name__ == "PersonScreen" and app.session.dirty
        assert "Renamed Elsewhere" in path.read_text(encoding="utf-8")
        await keys(pilot, "ctrl+s", "o", "y")
        assert not app.session.dirty
    saved = load_person(path).person
    assert saved.person.name == "Test Person" and [e.criterion for e in saved.evidence] == ["P2"]


async def test_person_view_merge_that_cannot_be_done_says_which_edit(person_app, settle, keys):
    app, path = person_app(RECORD)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "d", "y")  # remove P1's evidence, which is corrected on disk
        path.write_text(RECORD.replace('assessor = "Sgt T"', 'assessor = "Sgt T (corrected)"',
                                       1), encoding="utf-8")
        await keys(pilot, "ctrl+s", "m")
        said = " ".join(n.message for n in app._notifications if n.title == "Not merged")
        assert "remove evidence of SFJAA1 P1 (2026-01-10)" in said
        assert app.session.dirty and "(corrected)" in path.read_text(encoding="utf-8")


async def test_person_view_keeps_a_journal_and_recovers_it(person_app, settle, keys):
    from nosframe.editing.session import journal_path

    app, path = person_app(RECORD)
    journal = journal_path(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "down", "down", "a", "enter")  # evidence of K1, no assessor named
        assert journal.exists() and journal.stat().st_mode & 0o777 == 0o600
        await keys(pilot, "ctrl+z")
        assert not journal.exists()  # nothing unsaved
        await keys(pilot, "ctrl+y")
        assert journal.exists()
        detail = str(app.screen.query_one("#person-detail").render())
        assert "observation, no assessor named, 2026-12-03" in detail and "by ?" not in detail
    # the app ended without saving or asking (as a killed process would): a new one recovers
    assert journal.exists() and path.read_text(encoding="utf-8") == RECORD
    again, _ = person_app(session=PersonSession.open(path))
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause()
        dialog = again.screen
        assert dialog.title_text == "Recover unsaved edits?"
        assert "• add evidence of SFJAA1 K1" in str(dialog.query_one("#dialog-message").render())
        await keys(pilot, "r")
        assert again.session.dirty
        assert ("K1", "met") in _rows(again)
        await keys(pilot, "ctrl+s")
    assert not journal.exists()
    assert load_person(path).person.evidence[-1].criterion == "K1"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_person_view_fits_80x24_and_120x40(person_app, settle, keys, size):
    from textual.widgets import Button, DataTable

    app, _ = person_app(RECORD)
    width, height = size
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        widths = {str(c.label): c.width for c in table.columns.values()}
        assert list(widths) == ["State", "Requirement", "Evidence", "Text"]
        assert sum(widths.values()) + 2 * len(widths) <= width  # nothing cut at the edge
        assert widths["Evidence"] >= 24  # a date and its end
        assert widths["Text"] >= (18 if width == 80 else 40)  # the criterion's words
        assert widths["Text"] > widths["Requirement"]
        await keys(pilot, "down", "down", "a")
        screen = app.screen
        assert type(screen).__name__ == "EvidenceScreen"
        for button in screen.query(Button):
            region = button.region
            assert region.width and region.height, button.id
            assert region.right <= width and region.bottom <= height, (button.id, region)
        await keys(pilot, "escape")
        await pilot.resize_terminal(120 if width == 80 else 80, 40 if width == 80 else 24)
        await settle(pilot)
        assert table.columns[table.ordered_columns[3].key].width != widths["Text"]


async def test_person_view_palette_saves(person_app, settle, keys):
    app, path = person_app(RECORD)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "d", "y")
        assert app.session.dirty
        await keys(pilot, "ctrl+p", text="Save")
        for _ in range(20):  # the palette searches in a worker
            await pilot.pause(0.05)
        await keys(pilot, "enter")
        await settle(pilot)
        assert not app.session.dirty
    assert [e.criterion for e in load_person(path).person.evidence] == ["P2"]


# -- one scheme of confirmation keys, the editor's and the person view's ----------------------

def _buttons(app) -> list[str]:
    from textual.widgets import Button

    return [str(b.label) for b in app.screen.query(Button)]


async def test_delete_in_the_editor_and_remove_in_the_person_view_take_the_same_keys(
        make_app, force_file, person_app, settle, tree_to, keys):
    app = make_app(force_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("role", "custody-officer"))
        for key in ("n", "escape"):  # each says no
            await keys(pilot, "d")
            assert _buttons(app) == ["Delete (y)", "Cancel (n, esc)"]
            await keys(pilot, key)
            assert app.screen is app.main and app.session.element("role", "custody-officer")
        await keys(pilot, "ctrl+b", "d", "y")
        assert app.screen is app.main
        assert app.session.element("role", "custody-officer") is None

    person, _ = person_app(RECORD)
    async with person.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        evidence = len(person.session.person.evidence)
        for key in ("n", "escape"):
            await keys(pilot, "d")
            assert _buttons(person) == ["Remove (y)", "Cancel (n, esc)"]
            await keys(pilot, key)
            assert type(person.screen).__name__ == "PersonScreen"
            assert len(person.session.person.evidence) == evidence
        await keys(pilot, "d", "y")
        assert len(person.session.person.evidence) == evidence - 1
