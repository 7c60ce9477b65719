"""Suggestions in the editor (issue 11 §5): the NOS picker's "suggested for this role" list and
the mapping editor's suggested criteria. The ranking is tested headless (tests/test_suggest.py);
these check only that the keys reach it."""

from __future__ import annotations

from nosframe.editing import rules as edits
from nosframe.tui.selection import Item

SIZE = (120, 40)


async def test_picker_lists_suggestions_while_the_search_is_empty(make_app, force_file, settle,
                                                                  tree_to, keys):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("role", "custody-officer"))
        await keys(pilot, "n")
        picker = app.screen
        assert type(picker).__name__ == "PickerScreen"
        # the role says only its title, "Custody officer": TFX1 "Local custody procedures"
        # (already in the role, ticked) is the one standard sharing a word
        assert [e.standard.code for e in picker.results] == ["TFX1"]
        assert picker.why == {"TFX1": "Custody"}
        table = picker.query_one("#picker-table")
        assert [str(c.label) for c in table.columns.values()][3] == "matched"
        status = str(picker.query_one("#picker-status").render())
        assert "suggested for this role" in status
        assert status.startswith("TFX1: words: Custody\n")  # the reasons, as the CLI says them
        await keys(pilot, text="conflict")  # typing searches as before
        assert [e.standard.code for e in picker.results] == ["TSTAD4"] and not picker.why
        for _ in range(8):
            await pilot.press("backspace")
        await settle(pilot)
        assert picker.why  # empty again: the suggestions are back
        await keys(pilot, "escape")


async def test_picker_suggestions_for_a_role_with_a_purpose(make_app, force_file, settle,
                                                            tree_to, keys):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        from nosframe.editing import SetField

        app.session.do(SetField("role", "custody-officer", "purpose",
                                "Gives first aid to detainees and manages conflict."))
        await tree_to(pilot, Item("role", "custody-officer"))
        await keys(pilot, "n")
        picker = app.screen
        codes = [e.standard.code for e in picker.results]
        assert codes[:2] == ["TSTAC3", "TSTAD4"] or codes[:2] == ["TSTAD4", "TSTAC3"]
        assert picker.why["TSTAC3"] == "first, aid"
        assert picker.why["TSTAD4"] == "manages, conflict"  # "Manage conflict": stemmed
        await keys(pilot, "enter")  # adds the highlighted suggestion
        assert app.screen is app.main
        assert app.session.element("role", "custody-officer").standards == ("TFX1", codes[0])


async def test_mapping_editor_marks_suggested_criteria_and_ctrl_g_ticks_them(
        make_app, force_file, settle, tree_to, keys):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("standard", "TSTAB2"))  # Conduct investigations
        await keys(pilot, "m")
        screen = app.screen
        assert type(screen).__name__ == "MappingScreen"
        screen.query_one("#mapping-target").value = "behaviour:analyse"
        await settle(pilot)
        assert screen.target == "behaviour:analyse"
        # "Gather evidence" and "Rules of evidence" share "evidence" with "Weighs evidence"
        assert screen.suggested == {"P2": ("evidence",), "K1": ("evidence",)}
        criteria = screen.query_one("#mapping-criteria")
        rows = ["".join(s.text for s in criteria.render_line(y)) for y in range(5)]
        assert "P2   ◆ evidence · Gather evidence" in rows[1] and "◆" not in rows[0]
        status = str(screen.query_one("#mapping-status").render())
        assert "◆ 2 suggested by shared words: P2, K1 (ctrl+g ticks them)" in status
        assert criteria.selected == []  # suggested, not ticked: the user decides
        await keys(pilot, "ctrl+g")
        assert sorted(criteria.selected) == ["K1", "P2"]
        await keys(pilot, "ctrl+s")
        mapping = edits.find(app.session.root, "mapping",
                             edits.mapping_key("TSTAB2", behaviour="analyse"))[1]
        assert mapping.criteria == ("P2", "K1")
