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


async def test_a_paced_timer_ticks_one_period_after_the_last_or_at_once(
        monkeypatch):
    """Textual's own timer, resumed after a pause, ticks at once and then waits two periods
    for the next tick (17-33 ms at 60 frames a second): the NOS picker's results, ready just
    after the key's echo, waited for that second frame."""
    import asyncio

    from nosframe.tui import frames

    clock = [100.0]
    waits: list[float] = []

    async def wait_or_wake(wake, seconds):
        waits.append(seconds)
        await asyncio.sleep(0)
        if not wake.is_set():
            clock[0] += seconds

    monkeypatch.setattr(frames, "now", lambda: clock[0])
    monkeypatch.setattr(frames, "wait_or_wake", wait_or_wake)
    ticks: list[float] = []
    app = Both()
    async with app.run_test(size=(40, 10)):
        timer = frames.PacedTimer(app, 0.02, callback=lambda: (ticks.append(clock[0]),
                                                               timer.pause()), pause=True)
        timer._start()

        async def resume_at(when, hurry=False):
            clock[0] = when
            if hurry:
                timer.hurry()
            timer.resume()
            for _ in range(20):
                await asyncio.sleep(0)

        await resume_at(100.0)  # the first change: painted at once
        await resume_at(100.005)  # 5 ms later: one period after the last frame
        await resume_at(100.5)  # after a pause: at once again
        await resume_at(100.501)
        await resume_at(100.525, hurry=True)  # hurried: at once, 5 ms after the last
        await resume_at(100.530)  # still within the hurried moment (a period)
        await resume_at(100.6)
        await resume_at(100.61)  # the moment over: paced again
        timer.stop()
    assert ticks == pytest.approx([100.0, 100.02, 100.5, 100.52, 100.525, 100.53, 100.6,
                                   100.62])
    assert waits == pytest.approx([0.015, 0.019, 0.01])


async def open_picker(pilot, settle, tree_to, keys, text: str):
    """The NOS picker opened on the custody officer, ``text`` typed into its search."""
    from nosframe.tui.selection import Item

    await settle(pilot)
    await tree_to(pilot, Item("role", "custody-officer"))
    await keys(pilot, "n", text=text)
    return pilot.app.screen


async def test_the_picker_paints_with_a_paced_timer(make_app, force_file, settle, tree_to,
                                                    keys):
    from nosframe.tui.frames import PacedTimer

    app = make_app(force_file)
    async with app.run_test(size=(120, 40)) as pilot:
        picker = await open_picker(pilot, settle, tree_to, keys, "conflict")
        # Textual asked the screen for its frame timer, and got the paced one
        assert isinstance(picker.__dict__.get("_paced_timer"), PacedTimer)
        assert [e.standard.code for e in picker.results] == ["TSTAD4"]
        assert "TSTAD4" in "".join(s.text for s in picker.query_one(QuickTable).render_line(1))
        await keys(pilot, "escape")


async def test_typing_into_the_picker_lays_it_out_only_when_its_status_needs_more_lines(
        make_app, force_file, settle, tree_to, keys):
    """A layout of the picker costs more than drawing its results: typing (the search box, the
    results' table, the status saying how many were found) lays it out again only when the
    status takes another number of lines."""
    app = make_app(force_file)
    async with app.run_test(size=(120, 40)) as pilot:
        picker = await open_picker(pilot, settle, tree_to, keys, "c")
        layouts = []
        refresh_layout = picker._refresh_layout

        def counted(*args, **kwargs):
            layouts.append(picker.query_one("#picker-status").content_size.height)
            return refresh_layout(*args, **kwargs)

        picker._refresh_layout = counted
        status = picker.query_one("#picker-status")
        heights = [status.content_size.height]
        for ch in "onflict":  # the count found changes from key to key
            await keys(pilot, text=ch)
            heights.append(status.content_size.height)
        assert [e.standard.code for e in picker.results] == ["TSTAD4"]
        assert len(set(heights)) == 1 and layouts == [], (heights, layouts)
        await keys(pilot, "escape")


class Counted(App):
    """A plain widget and ours side by side, each screen layout counted."""

    CSS = "DataTable { height: 6; } Input { width: 24; }"

    def __init__(self, *widgets):
        super().__init__()
        self.widgets = widgets
        self.layouts = 0

    def compose(self):
        yield from self.widgets

    def on_mount(self):
        screen = self.screen
        refresh_layout = screen._refresh_layout

        def counted(*args, **kwargs):
            self.layouts += 1
            return refresh_layout(*args, **kwargs)

        screen._refresh_layout = counted

    async def quiet(self, pilot) -> None:
        """Wait until the screen is done laying itself out: a scrollbar that comes lays the
        screen out over more than one frame, so one pause can leave a layout to the next
        step (a count that then depends on the machine's speed)."""
        still = 0
        for _ in range(100):
            before = self.layouts
            await pilot.pause()
            still = still + 1 if self.layouts == before else 0
            if still == 3:
                return


async def test_a_table_of_fixed_size_lays_the_screen_out_only_when_a_scrollbar_comes_or_goes():
    """The picker refills its table on every key with another number of rows: that changes
    what scrolls, not where anything is, so no layout of the screen, unless the scrollbar
    comes or goes; the table scrolls, draws and measures as DataTable does."""
    app = Counted(DataTable(cursor_type="row", id="plain"), QuickTable(cursor_type="row",
                                                                       id="quick"))
    async with app.run_test(size=(80, 30)) as pilot:
        plain, quick = app.query_one("#plain", DataTable), app.query_one("#quick", QuickTable)
        many = [(Text(""), f"C{n}", f"title {n}", "suite") for n in range(40)]
        for rows in (ROWS[:2], ROWS[:3], many[:20], many[:30], many, ROWS[:1], many[:2]):
            for table in (plain, quick):
                fill(table, rows)
            await pilot.pause()
            assert quick.virtual_size == plain.virtual_size
            assert quick.show_vertical_scrollbar == plain.show_vertical_scrollbar == \
                (len(rows) > 6)
            assert quick.max_scroll_y == plain.max_scroll_y
            app.set_focus(None)  # both drawn unfocused
            for table in (plain, quick):
                table.scroll_end(animate=False, immediate=True)
            await pilot.pause()
            assert quick.scroll_y == plain.scroll_y == plain.max_scroll_y
            assert [list(quick.render_line(y)) for y in range(6)] == \
                [list(plain.render_line(y)) for y in range(6)]
            for table in (plain, quick):
                table.scroll_home(animate=False, immediate=True)
        # the plain table lays the screen out on every new number of rows; the quick one
        # adds nothing of its own beyond what the plain one asks for
        plain_only = Counted(DataTable(cursor_type="row", id="plain"))
        async with plain_only.run_test(size=(80, 30)) as pilot2:
            table = plain_only.query_one(DataTable)
            counts = []
            for rows in (ROWS[:2], ROWS[:3], many[:20], many[:30], many, ROWS[:1], many[:2]):
                before = plain_only.layouts
                fill(table, rows)
                await plain_only.quiet(pilot2)
                counts.append(plain_only.layouts - before)
        assert all(counts[1:]), counts  # every refill with another count: a layout
    quick_only = Counted(QuickTable(cursor_type="row", id="quick"))
    async with quick_only.run_test(size=(80, 30)) as pilot:
        table = quick_only.query_one(QuickTable)
        fill(table, ROWS[:1])
        await quick_only.quiet(pilot)
        counts = []
        for rows in (ROWS[:2], ROWS[:3], many[:20], many[:30], many, ROWS[:1], many[:2]):
            before = quick_only.layouts
            fill(table, rows)
            await quick_only.quiet(pilot)
            counts.append(quick_only.layouts - before)
        # a layout only where the scrollbar came (3 -> 20 rows) or went (40 -> 1)
        assert [bool(n) for n in counts] == [False, False, True, False, False, True, False]
        before = quick_only.layouts
        fill(table, many[:2][::-1])  # the same number of rows again
        await quick_only.quiet(pilot)
        assert quick_only.layouts == before


async def test_a_field_input_does_not_lay_the_screen_out_as_it_is_typed_into():
    """Textual's Input lays the whole screen out on every key (its virtual size follows its
    text); a FieldInput's size never depends on its text, so it does not, and it scrolls a
    long value and draws exactly as Input does."""
    from textual.widgets import Input

    from nosframe.tui.widgets.field_input import FieldInput

    for kind in (Input, FieldInput):
        app = Counted(kind(id="box"))
        async with app.run_test(size=(80, 10)) as pilot:
            box = app.query_one("#box", Input)
            box.focus()
            await app.quiet(pilot)
            before = app.layouts
            await pilot.press(*"a long value that will not fit in the box")
            await app.quiet(pilot)
            typed = app.layouts - before
            drawn = [list(box.render_line(y)) for y in range(3)]
            if kind is Input:
                assert typed > 10
                want = drawn
            else:
                assert typed == 0
                assert box.value == "a long value that will not fit in the box"
                assert box.scroll_x > 0 and box.scroll_x == box.max_scroll_x
                assert drawn == want


async def test_a_steady_static_lays_out_only_when_its_height_changes():
    """The editor's status line, problem heading and detail and editor heading are updated
    after every edit and check run: the same text is not set again, another text of the same
    height is drawn without a layout, one that wraps to more lines is laid out (and grows),
    as a plain Static would show it."""
    from textual.widgets import Static

    from nosframe.tui.widgets.steady import SteadyStatic

    app = Counted(SteadyStatic("one line", id="steady"), Static("one line", id="plain"))
    app.CSS = "Static { width: 30; height: auto; }"
    async with app.run_test(size=(80, 20)) as pilot:
        steady, plain = app.query_one("#steady", Static), app.query_one("#plain", Static)
        await pilot.pause()

        async def both(text):
            before = app.layouts
            steady.update(text)
            await app.quiet(pilot)
            steady_layouts = app.layouts - before
            plain.update(text)
            await app.quiet(pilot)
            assert steady.size == plain.size
            assert [list(steady.render_line(y)) for y in range(steady.size.height)] == \
                [list(plain.render_line(y)) for y in range(plain.size.height)]
            return steady_layouts

        assert await both("one line") == 0  # the same text
        assert await both("another line") == 0  # another, the same height
        assert await both("a text long enough to wrap onto a second line of the box") >= 1
        assert steady.size.height == 2
        assert await both("short") >= 1  # back to one line: laid out again
        assert steady.size.height == 1
