"""At 80 columns the NOS picker has no room for its "from" column: where each standard comes
from is still shown, in a word, and whole for the highlighted one in the status line."""

from __future__ import annotations

from nosframe.tui.selection import Item


async def test_at_80_columns_a_library_nos_is_told_from_a_preset_one(make_app, force_file,
                                                                     settle, tree_to, keys):
    app = make_app(force_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("role", "custody-officer"))
        await keys(pilot, "n", text="in")
        picker = app.screen
        assert [(e.standard.code, e.source) for e in picker.results] == \
            [("TSTAB2", "preset tui-base"), ("LIB ZZ9", "library test-national")]
        table = picker.query_one("#picker-table")
        columns = [str(c.key.value) for c in table.columns.values()]
        assert "source" not in columns, "the test is about a table too narrow for 'from'"
        rows = ["".join(s.text for s in table.render_line(y)) for y in range(3)]
        assert "from" in rows[0]
        assert "TSTAB2" in rows[1] and rows[1].rstrip().endswith("preset")
        assert "LIB ZZ9" in rows[2] and rows[2].rstrip().endswith("lib")
        status = str(picker.query_one("#picker-status").render())
        assert status.startswith("TSTAB2 (from preset tui-base)")
        await keys(pilot, "down")
        status = str(picker.query_one("#picker-status").render())
        assert status.startswith("LIB ZZ9 (from library test-national)")
        # wide enough, the whole "from" column and no word column
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        columns = [str(c.key.value) for c in table.columns.values()]
        assert "source" in columns and "kind" not in columns
        assert "LIB ZZ9 (from" not in str(picker.query_one("#picker-status").render())
