"""Every button of the editor's and the person view's choice dialogs is on screen, whole, at
80x24 (the smallest size the layout is designed for) and at 120x40."""

from __future__ import annotations

import pytest

from nosframe.tui.selection import Item

RECORD = """\
[person]
id = "T-1"
name = "Test Person"
role = "constable"

[[evidence]]
standard = "SFJAA1"
criterion = "P1"
date = 2026-01-10
assessor = "Sgt T"
"""
SIZES = [(80, 24), (120, 40)]


def assert_buttons_fit(screen, size) -> list[str]:
    """Every button of the dialog ``screen`` lies whole inside the screen and inside the box
    that holds it (a button past the box's edge is cut off there); their labels."""
    from textual.widgets import Button

    width, height = size
    box = screen.query_one("ChoiceScreen > Vertical").content_region
    labels = []
    for button in screen.query(Button):
        region = button.region
        label = str(button.label)
        assert region.width >= len(label) and region.height, (label, region)
        assert region.x >= 0 and region.y >= 0, (label, region)
        assert region.right <= width and region.bottom <= height, (label, region, size)
        assert box.contains_region(region), (label, region, box)
        labels.append(label)
    return labels


@pytest.mark.parametrize("size", SIZES)
async def test_file_changed_on_disk_dialog_shows_every_button(make_app, force_file, settle,
                                                              tree_to, keys, size):
    app = make_app(force_file)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("role", "custody-officer"))
        await keys(pilot, "enter", "end", text="!")
        force_file.write_text(force_file.read_text().replace("Test Force Framework",
                                                             "Changed elsewhere"))
        await keys(pilot, "ctrl+s")
        labels = assert_buttons_fit(app.screen, size)
        assert [label.split(" (")[0] for label in labels] == ["Merge", "Overwrite", "Reload",
                                                              "Cancel"]
        message = app.screen.query_one("#dialog-message").render().plain
        assert "Reload drops your edits" in message  # what the short label no longer says
        await keys(pilot, "c")
        await keys(pilot, "ctrl+q")  # the quit dialog too
        assert [label.split(" (")[0] for label in assert_buttons_fit(app.screen, size)] == [
            "Save and quit", "Quit without saving", "Cancel"]
        await keys(pilot, "c")
        force_file.rename(force_file.with_name("moved.toml"))
        await keys(pilot, "ctrl+s")
        assert len(assert_buttons_fit(app.screen, size)) == 2  # save it again, cancel


@pytest.mark.parametrize("size", SIZES)
async def test_person_view_changed_on_disk_dialog_shows_every_button(person_app, settle, keys,
                                                                     size):
    app, path = person_app(RECORD)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await keys(pilot, "d")
        assert len(assert_buttons_fit(app.screen, size)) == 2  # remove, cancel
        await keys(pilot, "y")
        path.write_text(path.read_text(encoding="utf-8").replace("Test Person", "Renamed"),
                        encoding="utf-8")
        await keys(pilot, "ctrl+s")
        assert [label.split(" (")[0] for label in assert_buttons_fit(app.screen, size)] == [
            "Merge", "Overwrite", "Reload", "Cancel"]
        await keys(pilot, "o")  # asks again before overwriting
        assert len(assert_buttons_fit(app.screen, size)) == 2
        await keys(pilot, "n")
        await keys(pilot, "ctrl+q")
        assert len(assert_buttons_fit(app.screen, size)) == 3  # save, discard, cancel


def test_buttons_too_wide_for_one_row_wrap_to_the_next():
    from nosframe.tui.screens.dialogs import button_rows

    assert button_rows(["Merge (m)", "Overwrite (o)", "Reload (r)", "Cancel (c)"]) == [
        [0, 1, 2, 3]]
    assert button_rows(["Merge (m)", "Overwrite (o)", "Reload, drop my edits (r)",
                        "Cancel (c)"]) == [[0, 1, 2], [3]]
    assert button_rows(["x" * 80, "y"]) == [[0], [1]]  # a row holds one however long


async def test_a_choice_dialog_with_long_labels_wraps_its_buttons(make_app, force_file, settle,
                                                                 keys):
    from nosframe.tui.screens.dialogs import ChoiceScreen

    app = make_app(force_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # two rows of buttons under a message longer than the screen: the message scrolls
        choices = [(str(i), f"Long answer number {i}", str(i)) for i in range(4)]
        message = "\n".join(f"• line {i} of the question" for i in range(30))
        app.push_screen(ChoiceScreen("Which?", message, choices))
        await settle(pilot)
        dialog = app.screen
        assert len(assert_buttons_fit(dialog, (80, 24))) == 4
        rows = {button.region.y for button in dialog.query("Button")}
        assert len(rows) == 2
        assert dialog.query_one("VerticalScroll").max_scroll_y > 0
        await keys(pilot, "right", "right", "enter")  # left and right cross the rows
        assert app.screen is app.main
