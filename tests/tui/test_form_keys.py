"""Keys typed in one burst in a form dialog (the person view's evidence form, the add dialog):
those after a tab belong to the next field, never the one being left (as in the main editor)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from nosframe.tui.selection import Category

SIZE = (120, 40)
MINI = Path(__file__).parents[1] / "data" / "mini.toml"
DAY = dt.date(2026, 12, 3)
RECORD = """\
[person]
id = "T-1"
name = "Test Person"
role = "constable"
"""


def _burst(pilot, *keys: str) -> None:
    """Post every key to the app at once, as a terminal delivers keys typed quickly: no key
    waits for the one before it to be handled. (``pilot.press("tab", "S", ...)`` waits for
    the app to be idle after each key, so it passes without the fix.)"""
    from textual import events

    driver = pilot.app._driver
    for key in keys:
        char = key if len(key) == 1 else (" " if key == "space" else None)
        driver.send_message(events.Key(key, char))


async def _quiet(pilot, settle) -> None:
    for _ in range(5):
        await settle(pilot)


def _typed(text: str) -> list[str]:
    return ["space" if ch == " " else ch for ch in text]


async def test_evidence_form_keys_after_tab_go_to_the_next_field(person_app, settle, keys):
    app, path = person_app(RECORD)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "down", "a")
        form = app.screen
        assert type(form).__name__ == "EvidenceScreen" and app.focused.id == "form-date"
        # the trial's keys, then back to the method (a field's text is selected when the focus
        # reaches it: what is typed replaces it)
        _burst(pilot, "tab", *_typed("Sgt Q"), "tab", *_typed("product"), "tab",
               *_typed("REF1"), "shift+tab", *_typed("simulation"))
        await _quiet(pilot, settle)
        assert form.form() == {"date": DAY.isoformat(), "assessor": "Sgt Q",
                               "method": "simulation", "reference": "REF1", "expires": ""}


async def test_add_dialog_keys_after_tab_go_to_the_id(make_app, force_file, settle, tree_to,
                                                      keys):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Category("value"))
        await keys(pilot, "a")
        dialog = app.screen
        assert type(dialog).__name__ == "AddScreen" and app.focused.id == "add-name"
        _burst(pilot, *_typed("Fair"), "tab", *_typed("just"), "shift+tab", *_typed("Fairer"))
        await _quiet(pilot, settle)
        name = dialog.query_one("#add-name").value
        key = dialog.query_one("#add-key").value
        assert (name, key) == ("Fairer", "just")
