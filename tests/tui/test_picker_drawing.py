"""How the NOS picker draws quickly without drawing anything else: QuickTable (its table) draws
exactly what Textual's DataTable draws (every cell, every line, the size, with the cursor
anywhere, focused or not, hovered or not), and its screen's frames are paced without Textual's
skipped frame after a pause (nosframe.tui.frames)."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.app import App
from textual.widgets import DataTable
from textual.widgets.data_table import DuplicateKey

from nosframe.tui.widgets.quick_table import QuickTable

WIDTHS = (2, 10, 24, 8)
ROWS = [
    (Text("✓", style="green"), "SFJAA1", "Ensure your own actions reduce risks", "suite"),
    (Text("●", style="bold yellow"), "LIB ZZ9", "Maintain archive records", ""),
    (Text(""), "CD1", "Exactly twenty-four cells", "Policing"),  # fills its column
    (Text(""), "é漢字", "wide: 漢字 and accents é", "a:b"),  # ':' Rich may read as emoji
    (Text(""), "[b]X[/b]", "markup [i]is[/i] Rich's", ":smile:"),
    (Text("✓"), "TOOLONGCODE1", "far too long for its column of twenty-four", "x" * 9),
    (Text("x", style="red on blue"), "", "tab\there", Text("two", style="italic")),
]


class Both(App):
    def __init__(self):
        super().__init__()
        self.highlighted: list[tuple[str, int, str]] = []

    def compose(self):
        yield DataTable(cursor_type="row", id="plain")
        yield QuickTable(cursor_type="row", id="quick")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.highlighted.append((event.data_table.id, event.cursor_row, event.row_key.value))


def fill(table: DataTable, rows=ROWS) -> None:
    """DataTable's own way (clear, add_row) or QuickTable.replace_rows."""
    if not table.columns:
        for n, width in enumerate(WIDTHS):
            table.add_column(f"c{n}", width=width, key=f"c{n}")
    if isinstance(table, QuickTable):
        table.replace_rows([(f"r{n}", row) for n, row in enumerate(rows)])
    else:
        table.clear()
        for n, row in enumerate(rows):
            table.add_row(*row, key=f"r{n}")


async def test_replacing_the_rows_leaves_the_table_as_clear_and_add_row_do():
    app = Both()
    async with app.run_test(size=(80, 30)) as pilot:
        plain, quick = app.query_one("#plain", DataTable), app.query_one("#quick", QuickTable)
        for rows in (ROWS, ROWS[2:], [], ROWS[:1], ROWS):
            for table in (plain, quick):
                table.move_cursor(row=3)
                fill(table, rows)
            await pilot.pause()
            for table in (plain, quick):
                assert table.row_count == len(rows)
                assert table.cursor_coordinate == plain.cursor_coordinate
                assert [table.get_row_at(n) for n in range(len(rows))] == \
                    [list(row) for row in rows]
                assert [table.get_row_index(f"r{n}") for n in range(len(rows))] == \
                    list(range(len(rows)))
            assert quick.virtual_size == plain.virtual_size
        # the same rows highlighted (the cursor's row, whenever a table gains rows)
        seen = {name: [(row, key) for table, row, key in app.highlighted if table == name]
                for name in ("plain", "quick")}
        assert seen["quick"] == seen["plain"] and seen["plain"]
        with pytest.raises(DuplicateKey):  # a key twice is refused, as add_row refuses it
            quick.replace_rows([("same", ROWS[0]), ("same", ROWS[1])])


async def test_quick_table_draws_what_data_table_draws():
    app = Both()
    async with app.run_test(size=(80, 30)) as pilot:
        plain, quick = app.query_one("#plain", DataTable), app.query_one("#quick", QuickTable)
        fill(plain)
        fill(quick)
        await pilot.pause()
        assert quick.virtual_size == plain.virtual_size
        assert [c.get_render_width(quick) for c in quick.columns.values()] == \
            [c.get_render_width(plain) for c in plain.columns.values()]
        checked = 0
        for focused, hovering in ((True, False), (False, False), (True, True), (False, True)):
            for row in range(len(ROWS)):
                drawn = {}
                for table in (plain, quick):
                    table._show_hover_cursor = hovering  # the mouse moved over the table
                    if focused:
                        table.focus()
                    else:
                        app.set_focus(None)
                    table.move_cursor(row=row)
                    table.hover_coordinate = table.cursor_coordinate.down()
                    await pilot.pause()
                    table._pseudo_class_state = table.get_pseudo_class_state()
                    lines = [list(table.render_line(y)) for y in range(len(ROWS) + 1)]
                    cells = [table._render_cell(r, c, table.rich_style, width + 2, cursor, hover)
                             for r in range(len(ROWS)) for c, width in enumerate(WIDTHS)
                             for cursor in (False, True) for hover in (False, True)]
                    drawn[table] = lines, cells
                assert drawn[quick][0] == drawn[plain][0], (focused, hovering, row)
                assert drawn[quick][1] == drawn[plain][1], (focused, hovering, row)
                checked += len(drawn[quick][1])
        assert checked == 4 * len(ROWS) * len(ROWS) * len(WIDTHS) * 4


async def test_quick_table_measures_columns_without_a_width_as_data_table_does():
    app = Both()
    async with app.run_test(size=(80, 30)) as pilot:
        for table in app.query(DataTable):
            table.add_column("a", key="a")  # fits its content: measured
            table.add_column("b", width=5, key="b")
            table.add_row("a long cell", "x", key="one")
            table.add_row("short", "y", height=None, key="two")
        await pilot.pause()
        plain, quick = app.query_one("#plain", DataTable), app.query_one("#quick", QuickTable)
        assert quick.columns["a"].content_width == plain.columns["a"].content_width == 11
        assert quick.virtual_size == plain.virtual_size


async def test_a_paced_timer_ticks_at_once_after_a_pause_and_one_period_after_the_last(
        monkeypatch):
    """Textual's own timer, resumed after a pause, ticks at once and then waits two periods
    for the next tick (17-33 ms at 60 frames a second): the NOS picker's results, ready just
    after the key's echo, waited for that second frame."""
    import asyncio

    from nosframe.tui import frames

    clock = [100.0]
    waits: list[float] = []

    async def sleep(seconds):
        waits.append(seconds)
        clock[0] += seconds
        await asyncio.sleep(0)

    monkeypatch.setattr(frames, "now", lambda: clock[0])
    monkeypatch.setattr(frames, "sleep", sleep)
    ticks: list[float] = []
    app = Both()
    async with app.run_test(size=(40, 10)):
        timer = frames.PacedTimer(app, 0.02, callback=lambda: (ticks.append(clock[0]),
                                                               timer.pause()), pause=True)
        timer._start()

        async def resume_at(when):
            clock[0] = when
            timer.resume()
            for _ in range(20):
                await asyncio.sleep(0)

        await resume_at(100.0)  # the first change: painted at once
        await resume_at(100.005)  # 5 ms later: one period after the last frame
        await resume_at(100.5)  # after a pause: at once again
        await resume_at(100.501)
        timer.stop()
    assert ticks == pytest.approx([100.0, 100.02, 100.5, 100.52])
    assert waits == pytest.approx([0.015, 0.019])


async def test_the_picker_paints_with_a_paced_timer(make_app, force_file, settle, tree_to,
                                                    keys):
    from nosframe.tui.frames import PacedTimer
    from nosframe.tui.selection import Item

    app = make_app(force_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("role", "custody-officer"))
        await keys(pilot, "n", text="conflict")
        picker = app.screen
        # Textual asked the screen for its frame timer, and got the paced one
        assert isinstance(picker.__dict__.get("_paced_timer"), PacedTimer)
        assert [e.standard.code for e in picker.results] == ["TSTAD4"]
        assert "TSTAD4" in "".join(s.text for s in picker.query_one(QuickTable).render_line(1))
        await keys(pilot, "escape")
