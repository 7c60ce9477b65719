"""The combine step: the NOS picker, the mapping editor, the coverage matrix, and the
end-to-end "done when" flow with the keyboard alone."""

from __future__ import annotations

import tomllib
from pathlib import Path

from nosframe.analysis.coverage import Status
from nosframe.io import load_document
from nosframe.editing import rules as edits
from nosframe.tui.selection import Category, Item

SIZE = (120, 40)


def role(app, role_id):
    return app.session.element("role", role_id)


async def test_picker_searches_and_adds_a_standard_to_a_role(make_app, force_file, settle,
                                                             tree_to, keys):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("role", "custody-officer"))
        await keys(pilot, "n")
        picker = app.screen
        assert type(picker).__name__ == "PickerScreen"
        # by keyword
        await keys(pilot, text="investigate")
        assert [e.standard.code for e in picker.results] == ["TSTAB2"]
        await keys(pilot, "enter")
        assert app.screen is app.main
        assert role(app, "custody-officer").standards == ("TFX1", "TSTAB2")
        # the role is the file's own: changed in place, no override
        assert not app.session.root.overrides


async def test_picker_search_by_code_suite_and_title(make_app, force_file, settle, tree_to,
                                                     keys):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("role", "custody-officer"))
        await keys(pilot, "n")
        picker = app.screen
        await keys(pilot, text="tst ad")  # a code typed with a space still finds TSTAD4
        assert picker.results[0].standard.code == "TSTAD4"
        for _ in range(6):
            await pilot.press("backspace")
        await keys(pilot, text="response")  # a suite
        assert {e.standard.code for e in picker.results} == {"TSTAC3", "TSTAD4"}
        for _ in range(8):
            await pilot.press("backspace")
        await keys(pilot, text="first aid")  # words of a title
        assert [e.standard.code for e in picker.results] == ["TSTAC3"]
        await keys(pilot, "escape")
        assert role(app, "custody-officer").standards == ("TFX1",)


async def test_picker_marks_several_and_finds_library_standards(make_app, force_file, settle,
                                                                tree_to, keys):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("role", "custody-officer"))
        await keys(pilot, "n", text="archive")
        picker = app.screen
        codes = [e.standard.code for e in picker.results]
        assert codes == ["LIB ZZ9", "LIBZY8"]  # from the national library, via its search
        assert {e.source for e in picker.results} == {"library test-national"}
        await keys(pilot, "ctrl+t", "down", "ctrl+t", "enter")  # mark both, add them
        assert role(app, "custody-officer").standards == ("TFX1", "LIB ZZ9", "LIBZY8")
        # library standards are pulled in by composition, not copied into the file
        assert not edits.defines(app.session.root, "standard", "LIBZZ9")
        prov = app.session.provenance("standard", "LIBZZ9")
        assert prov.origin.kind == "library"
        assert app.session.element("standard", "LIBZZ9").title == "Maintain archive records"


async def test_picker_on_inherited_role_writes_an_override(make_app, force_file, settle,
                                                           tree_to, keys):
    preset = Path(__file__).parents[1] / "data" / "editing" / "presets" / "tui-base.toml"
    preset_text = preset.read_text()
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("role", "constable"))
        await keys(pilot, "n", text="conflict")
        await keys(pilot, "enter")
        root = app.session.root
        assert not edits.defines(root, "role", "constable")
        (override,) = root.overrides
        assert override.target == "role:constable" and override.action.value == "set"
        assert override.fields == {"standards": ["TSTAA1", "TSTAC3", "TSTAD4"]}
        assert role(app, "constable").standards == ("TSTAA1", "TSTAC3", "TSTAD4")
    assert preset.read_text() == preset_text, "the preset's own data is never changed"


async def test_mapping_editor_ticks_criteria(make_app, force_file, settle, tree_to, keys):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("role", "custody-officer"))
        await keys(pilot, "m")
        screen = app.screen
        assert type(screen).__name__ == "MappingScreen"
        # the role's gap (analyse) is chosen first; TFX1 is the role's standard
        assert screen.standard == "TFX1" and screen.target == "behaviour:analyse"
        # tick P2 and K1: the list is focused; space ticks the highlighted criterion
        await keys(pilot, "down", "space", "down", "space")
        criteria = screen.query_one("#mapping-criteria")
        rows = ["".join(segment.text for segment in criteria.render_line(y)) for y in range(3)]
        # ticked and unticked differ in shape, not only colour
        assert [(row[3:].split()[0], row[1]) for row in rows] == [("P1", " "), ("P2", "✓"),
                                                                   ("K1", "✓")]
        await keys(pilot, "ctrl+s")
        assert app.screen is app.main
        key = edits.mapping_key("TFX1", behaviour="analyse")
        mapping = edits.find(app.session.root, "mapping", key)[1]
        assert mapping.criteria == ("P2", "K1")
        cell = app.main.coverage.matrix
        await keys(pilot, "f4")
        matrix = app.main.coverage.matrix
        assert matrix.cell("custody-officer", "analyse").status is Status.COVERED
        assert cell is None or cell is not matrix


async def test_mapping_editor_keeps_ticks_when_switching_and_saves_every_pair(
        make_app, force_file, settle, tree_to, keys):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("role", "custody-officer"))
        await keys(pilot, "m")
        screen = app.screen
        assert screen.target == "behaviour:analyse"
        await keys(pilot, "down", "space")  # P2 for analyse
        # to "collaborative" (P1 mapped already) and back, with the keyboard
        await keys(pilot, "shift+tab", "enter", "up", "enter")
        assert screen.target == "behaviour:collaborative"
        await keys(pilot, "tab", "down", "down", "space")  # add K1 for collaborative
        await keys(pilot, "shift+tab", "enter", "down", "enter")
        assert screen.target == "behaviour:analyse"
        assert screen.query_one("#mapping-criteria").selected == ["P2"]  # kept, not lost
        await keys(pilot, "ctrl+s")
        assert app.screen is app.main
        root = app.session.root
        assert edits.find(root, "mapping", edits.mapping_key(
            "TFX1", behaviour="analyse"))[1].criteria == ("P2",)
        assert edits.find(root, "mapping", edits.mapping_key(
            "TFX1", behaviour="collaborative"))[1].criteria == ("P1", "K1")


async def test_mapping_an_inherited_mapping_adds_then_overrides(make_app, force_file, settle,
                                                                tree_to, keys):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        key = edits.mapping_key("TSTAA1", behaviour="collaborative")
        await tree_to(pilot, Item("mapping", key))
        await keys(pilot, "m")
        screen = app.screen
        assert screen.standard == "TSTAA1" and screen.target == "behaviour:collaborative"
        # inherited P1 and K1 are ticked; tick P2 too
        await keys(pilot, "down", "space", "ctrl+s")
        root = app.session.root
        assert edits.find(root, "mapping", key)[1].criteria == ("P2",)  # only the addition
        assert not root.overrides
        assert app.session.element("mapping", key).criteria == ("P1", "K1", "P2")
        # untick the inherited P1: that needs an override of the preset's mapping
        await keys(pilot, "m", "space", "ctrl+s")
        root = app.session.root
        (override,) = root.overrides
        assert override.target == f"mapping:{key}" and override.fields == {"criteria": ["K1"]}
        assert set(app.session.element("mapping", key).criteria) == {"K1", "P2"}


async def test_coverage_matrix_shows_gaps_and_maps_from_a_cell(make_app, force_file, settle,
                                                               keys):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "f4")
        coverage = app.main.coverage
        matrix = coverage.matrix
        assert matrix.roles == ("constable", "custody-officer")
        assert matrix.cell("custody-officer", "analyse").status is Status.GAP
        assert matrix.cell("custody-officer", "collaborative").status is Status.COVERED
        summary = str(coverage.query_one("#coverage-summary").render())
        assert "1 gap" in summary
        # move to the gap with the keyboard and press enter: the mapping editor opens there
        await keys(pilot, "down", "right", "enter")
        screen = app.screen
        assert screen.target == "behaviour:analyse" and screen.standard == "TFX1"
        await keys(pilot, "space", "ctrl+s")
        assert app.main.coverage.matrix.cell("custody-officer", "analyse").status \
            is Status.COVERED
        assert "0 gaps" in str(coverage.query_one("#coverage-summary").render())
        assert "NF118" not in {f.code for f in app.main.findings}


async def test_where_used_and_profile_views(make_app, force_file, settle, tree_to, keys):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("behaviour", "collaborative"))
        await keys(pilot, "u")
        rows = {(use.element, use.text) for use in app.main.used.rows}
        assert (("role", "constable"), "needs it at level 1") in rows
        assert (("mapping", "TSTAA1->behaviour:collaborative"),
                "TSTAA1 criteria evidence it") in rows
        title = str(app.main.used.query_one("#used-title").render())
        assert f"is used by {len({e for e, _ in rows})} elements" in title
        await keys(pilot, "enter")  # jump to the first user
        assert isinstance(app.main.selection, Item)
        await keys(pilot, "escape")
        await tree_to(pilot, Item("role", "custody-officer"))
        await keys(pilot, "f5")
        text = app.main.profile.text
        assert text.startswith("# Custody officer")
        assert "**TFX1** Local custody procedures" in text


async def test_problem_jumps_to_element_and_field(make_app, force_file, settle, keys):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "ctrl+e")  # focus the problems panel
        shown = app.main.problems.shown
        index = next(i for i, f in enumerate(shown) if f.code == "NF118")
        for _ in range(index):
            await pilot.press("down")
        await keys(pilot, "enter")
        assert app.main.selection == Item("role", "custody-officer")
        await settle(pilot)
        assert app.focused.id == "field-behaviours-add"  # the behaviours field


async def test_problems_panel_gives_the_whole_finding_and_filters(make_app, force_file, settle,
                                                                 keys):
    from nosframe.model import Severity

    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = app.main.problems
        detail = panel.query_one("#problems-detail")
        assert not detail.display or detail.region.height == 0  # hidden until focused
        region = panel.region
        await keys(pilot, "ctrl+e")
        assert panel.region == region  # nothing moves under the mouse
        index = next(i for i, f in enumerate(panel.shown) if f.code == "NF118")
        for _ in range(index):
            await pilot.press("down")
        await settle(pilot)
        finding = panel.shown[index]
        text = str(detail.render())
        assert finding.message in text and finding.hint and finding.hint in text
        # i opens the whole finding, with where it is; g goes to its element
        await keys(pilot, "i")
        message = app.screen.query_one("#dialog-message").render().plain
        assert finding.message in message and f"hint: {finding.hint}" in message
        assert "where: force.toml" in message and finding.location.path in message
        await keys(pilot, "escape")
        assert app.screen is app.main and app.focused.id == "problems-table"
        await keys(pilot, "i", "g")
        assert app.main.selection == Item(*finding.element)
        await settle(pilot)
        assert app.focused.id == "field-behaviours-add"  # the finding's field
        await keys(pilot, "ctrl+e")
        assert app.focused.id == "problems-table"
        # f cycles all -> warnings (and errors) -> errors only
        await keys(pilot, "h")  # what the file inherits too: the preset's info findings
        everything = list(panel.shown)
        assert any(f.severity is Severity.INFO for f in everything)
        await keys(pilot, "f")
        assert panel.shown == [f for f in everything if f.severity is not Severity.INFO]
        assert "showing warnings" in str(panel.query_one("#problems-title").render())
        await keys(pilot, "f")
        assert panel.shown == [f for f in everything if f.severity is Severity.ERROR]
        await keys(pilot, "f")
        assert panel.shown == everything


async def test_done_when_keyboard_only(make_app, force_file, settle, tree_to, keys, focus_to):
    """Add a role, give it two NOS from the picker, map criteria to a behaviour, watch the
    coverage gap close in the matrix, save, quit, and find exactly those changes in the file."""
    before = load_document(force_file).framework
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # 1. add a role
        await tree_to(pilot, Category("role"))
        await keys(pilot, "a", text="Detective constable")
        # the id suggested from the title is not wanted: tab to it and type another
        await keys(pilot, "tab")
        for _ in range(len("detective-constable")):
            await pilot.press("backspace")
        await keys(pilot, text="detective")
        await keys(pilot, "enter")
        assert app.focused.id == "field-title"
        # it needs "we analyse critically" at level 2
        await focus_to(pilot, "field-behaviours-add")
        await keys(pilot, text="ana")
        await keys(pilot, "tab", "enter")
        await focus_to(pilot, "field-behaviours-0")
        await keys(pilot, "enter", "down", "enter")  # level 1 -> 2
        assert role(app, "detective").behaviours == {"analyse": 2}
        # the matrix shows the gap
        await keys(pilot, "f4")
        assert app.main.coverage.matrix.cell("detective", "analyse").status is Status.GAP
        # 2. two NOS from the picker (n works from the matrix too: the cursor's role)
        await keys(pilot, "f3", "ctrl+b")
        await tree_to(pilot, Item("role", "detective"))
        await keys(pilot, "n", text="investig")
        await keys(pilot, "enter")
        await keys(pilot, "n", text="conflict")
        await keys(pilot, "enter")
        assert role(app, "detective").standards == ("TSTAB2", "TSTAD4")
        # 3. map criteria of TSTAB2 to "analyse"
        await keys(pilot, "m")
        screen = app.screen
        assert screen.standard == "TSTAB2" and screen.target == "behaviour:analyse"
        await keys(pilot, "down", "space", "down", "down", "down", "space", "ctrl+s")
        # 4. the gap closes
        await keys(pilot, "f4")
        assert app.main.coverage.matrix.cell("detective", "analyse").status is Status.COVERED
        # 5. save (only what was edited changes), quit
        await keys(pilot, "ctrl+s")
        await keys(pilot, "ctrl+q")
        assert not app.is_running
    after = load_document(force_file).framework
    # exactly those changes
    assert after.roles[:-1] == before.roles
    new_role = after.roles[-1]
    assert (new_role.id, new_role.title) == ("detective", "Detective constable")
    assert new_role.standards == ("TSTAB2", "TSTAD4")
    assert new_role.behaviours == {"analyse": 2}
    assert after.mappings[:-1] == before.mappings
    mapping = after.mappings[-1]
    assert (mapping.standard, mapping.behaviour, mapping.criteria) == \
        ("TSTAB2", "analyse", ("P2", "K2"))
    for attr in ("framework", "levels", "values", "behaviours", "standards", "overrides",
                 "sources"):
        assert getattr(after, attr) == getattr(before, attr), attr
    data = tomllib.loads(force_file.read_text())
    assert data["roles"][-1] == {"id": "detective", "title": "Detective constable",
                                 "standards": ["TSTAB2", "TSTAD4"],
                                 "behaviours": {"analyse": 2}}


async def test_map_from_the_tree_while_the_matrix_is_shown_maps_the_tree_role(
        make_app, force_file, settle, tree_to, keys):
    """With the coverage tab open but the cursor in the tree, m maps the tree's role, not the
    role under the matrix's (unseen) cursor."""
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "f4")  # the matrix's cursor rests on the first role, constable
        assert app.main.coverage.current()[0] == "constable"
        await tree_to(pilot, Item("role", "custody-officer"))
        assert app.main._active_view() == "coverage"
        await keys(pilot, "m")
        screen = app.screen
        assert type(screen).__name__ == "MappingScreen"
        assert screen.context == "role Custody officer"
        assert screen.target == "behaviour:analyse"  # that role's gap


async def test_mapping_editor_on_a_standard_without_criteria_focuses_the_standard(
        make_app, force_file, settle):
    from nosframe.model import Standard
    from nosframe.tui.screens.mapping import MappingScreen

    bare = Standard("TFX2", "Nothing recorded")
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(MappingScreen(
            [("TFX2", "TFX2 Nothing recorded"), ("TFX1", "TFX1 Local custody procedures")],
            [("behaviour:analyse", "Analyse")], standard="TFX2", target="behaviour:analyse",
            lookup=lambda code: bare if code == "TFX2" else app.session.element("standard",
                                                                                 code),
            current=lambda code, target: ()))
        await settle(pilot)
        screen = app.screen
        assert "has no criteria recorded" in str(screen.query_one("#mapping-help").render())
        # nothing to tick: the standard's choice has the focus, so another can be chosen
        assert app.focused is screen.query_one("#mapping-standard")


async def test_coverage_columns_use_a_wide_terminal(make_app, force_file, settle, keys):
    from textual.widgets import DataTable

    from nosframe.tui.widgets.coverage import CoverageView

    widths = {}
    for size in ((80, 24), (120, 40), (220, 50)):
        app = make_app(force_file)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await keys(pilot, "f4")
            table = app.main.coverage.query_one(DataTable)
            widths[size[0]] = [column.width for column in table.columns.values()]
    # narrow: the smallest readable columns; wider terminals: wider columns, up to two lines
    # of a long behaviour name, instead of 12 columns beside empty space
    assert widths[80] == [CoverageView.MIN_COLUMN] * 3
    assert all(CoverageView.MIN_COLUMN < w < CoverageView.MAX_COLUMN for w in widths[120])
    assert widths[220] == [CoverageView.MAX_COLUMN] * 3


async def test_picker_columns_fit_the_terminal(make_app, force_file, settle, tree_to, keys):
    from textual.widgets import DataTable

    from nosframe.editing.present import cut

    seen = {}
    for size in ((80, 24), (120, 40)):
        app = make_app(force_file)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await tree_to(pilot, Item("role", "custody-officer"))
            await keys(pilot, "n")
            picker = app.screen
            table = picker.query_one(DataTable)
            columns = {str(c.key.value): c.width for c in table.columns.values()}
            seen[size[0]] = columns
            # every column in view: nothing hidden to the right of the table
            assert sum(w + 2 for w in columns.values()) <= table.size.width
            titles = [table.get_row(entry.key)[list(columns).index("title")]
                      for entry in picker.results]
            # a narrow table has no column for why a standard is suggested: the title says it
            why = {k: f" · {w}" for k, w in picker.why.items()} if "suite" not in columns else {}
            assert titles == [cut(e.standard.title + why.get(e.key, ""), columns["title"])
                              for e in picker.results]
    assert "suite" not in seen[80] and "suite" in seen[120]  # narrow: code and title first
    assert seen[80]["title"] >= 40


async def test_mapping_editor_opens_on_a_standard_with_criteria_and_says_whom_it_reaches(
        make_app, force_file, settle, tree_to, keys):
    text = force_file.read_text()
    text = text.replace('standards = ["TFX1"]', 'standards = ["TFX0", "TFX1", "TSTAA1"]')
    force_file.write_text(text + '\n[[standards]]\ncode = "TFX0"\ntitle = "Nothing recorded"\n')
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("role", "custody-officer"))
        await keys(pilot, "m")
        screen = app.screen
        # TFX0 comes first in the role but has nothing to tick
        assert screen.standard == "TFX1"
        await keys(pilot, "escape")
        await tree_to(pilot, Item("role", "custody-officer"))
        await keys(pilot, "m")
        screen = app.screen
        screen.query_one("#mapping-standard").value = "TSTAA1"
        await settle(pilot)
        help_text = str(screen.query_one("#mapping-help").render())
        # the preset's constable requires TSTAA1 too: a mapping holds for both roles
        assert "For every role requiring TST AA1 (2: " in help_text
        assert "Police constable" in help_text and "Custody officer" in help_text


async def test_a_field_the_picker_changed_takes_typing_at_its_end(make_app, force_file, settle,
                                                                  tree_to, keys, focus_to):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("role", "custody-officer"))
        await keys(pilot, "enter")
        await focus_to(pilot, "field-standards")
        await keys(pilot, "home")  # the cursor left at the start of the old value
        await keys(pilot, "ctrl+b", "n", text="investigate")
        await keys(pilot, "enter")
        field = app.main.editor.query_one("#field-standards")
        assert field.value == "TFX1, TSTAB2"
        assert field.cursor_position == len(field.value)


async def test_a_standard_from_a_preset_the_file_does_not_extend_is_said_to_be_copied(
        make_app, tmp_path, settle, tree_to, keys):
    solo = tmp_path / "solo.toml"
    solo.write_text('[framework]\nid = "solo"\ntitle = "Solo"\n\n[[roles]]\nid = "r"\n'
                    'title = "R"\n')
    app = make_app(solo)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("role", "r"))
        await keys(pilot, "n", text="investigate")
        await keys(pilot, "enter")
        assert app.session.element("role", "r").standards == ("TSTAB2",)
        said = [n for n in app._notifications if n.title == "Copied, not inherited"]
        assert said and "TSTAB2 (preset tui-base)" in said[0].message


async def test_a_problem_whose_field_takes_no_cursor_jumps_to_the_elements_first_field(
        make_app, force_file, settle, keys):
    """NF150 is about a role's id, which is text (F2 renames it): enter on it shows the role
    with the cursor in its first field, not left in the problems panel."""
    force_file.write_text(force_file.read_text(encoding="utf-8")
                          + '\n[[roles]]\nid = "my role"\ntitle = "Mine"\nstandards = ["TSTAB2"]\n',
                          encoding="utf-8")
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "ctrl+e")
        shown = app.main.problems.shown
        index = next(i for i, f in enumerate(shown) if f.code == "NF150")
        for _ in range(index):
            await pilot.press("down")
        await keys(pilot, "enter")
        await settle(pilot)
        assert app.main.selection == Item("role", "my role")
        assert app.focused is not None and app.focused.id.startswith("field-")
