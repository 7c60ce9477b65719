"""Command palette, help, themes, a new file from a preset, small terminals."""

from __future__ import annotations

from nosframe.io import load_document
from nosframe.editing import rules as edits
from nosframe.tui.selection import Category, Item

SIZE = (120, 40)


async def test_palette_runs_actions_and_goes_to_elements(make_app, force_file, settle, keys):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "ctrl+p", text="coverage matrix")
        await keys(pilot, "enter")
        await settle(pilot)
        assert app.main.views.active == "tab-coverage"
        await keys(pilot, "ctrl+p", text="go to role custody-officer")
        await keys(pilot, "enter")
        await settle(pilot)
        assert app.main.selection == Item("role", "custody-officer")
        assert app.main.views.active == "tab-edit"
        await settle(pilot)
        assert app.focused.id == "field-title"  # ready to type, as enter in the tree is
        # a code as published, with its space, finds the standard
        await keys(pilot, "ctrl+p", text="TST AA1")
        await keys(pilot, "enter")
        await settle(pilot)
        assert app.main.selection == Item("standard", "TSTAA1")
        # and a code published without a space is found when typed with one
        await keys(pilot, "ctrl+p", text="TST AB2")
        await keys(pilot, "enter")
        await settle(pilot)
        assert app.main.selection == Item("standard", "TSTAB2")


async def test_every_palette_action_exists(make_app, force_file, settle):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for title, action, _ in app.main.palette_actions():
            name = action.split("(")[0]
            assert hasattr(app.main, f"action_{name}"), title


async def test_help_lists_bindings_with_ids(make_app, force_file, settle, keys):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "f1")
        assert type(app.screen).__name__ == "HelpScreen"
        rows = app.screen.rows
        ids = {row[3] for row in rows}
        assert {"save", "undo", "redo", "quit", "tree.add", "picker.mark", "mapping.save"} <= ids
        await keys(pilot, "escape")
        assert app.screen is app.main
        await keys(pilot, "question_mark")
        assert type(app.screen).__name__ == "HelpScreen"


async def test_help_shows_the_row_under_the_cursor_whole_in_a_small_terminal(
        make_app, force_file, settle, keys):
    from textual.widgets import DataTable, Static

    app = make_app(force_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await keys(pilot, "f1")
        table = app.screen.query_one(DataTable)
        assert [str(c.label) for c in table.columns.values()] == ["where", "keys", "what"]
        save = next(n for n, row in enumerate(app.screen.rows) if row[3] == "save")
        await keys(pilot, *["down"] * save)
        where, key, what, _ = app.screen.rows[save]
        line = str(app.screen.query_one("#help-row", Static).render())
        assert line == f"{key} ({where}): {what}  binding id: save"
        # the columns fit the dialog: no part of the table is off to the right
        assert sum(c.get_render_width(table) for c in table.ordered_columns) <= table.size.width
        legend = str(app.screen.query_one("#help-legend", Static).render())
        for mark in ("✖ error", "▲ warning", "● info", "✓ the role has it", "● unsaved"):
            assert mark in legend, mark
    app = make_app(force_file)
    async with app.run_test(size=(200, 40)) as pilot:  # wide: the ids have their column
        await settle(pilot)
        await keys(pilot, "f1")
        table = app.screen.query_one(DataTable)
        assert [str(c.label) for c in table.columns.values()][-1] == "binding id"
        what = table.ordered_columns[2]
        assert what.width >= max(len(row[2]) for row in app.screen.rows) - 10


async def test_keymap_remaps_a_binding_by_id(make_app, force_file, settle, keys, tree_to):
    app = make_app(force_file, keymap={"save": "f10"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("role", "custody-officer"))
        await keys(pilot, "enter", "end", text="x")
        await keys(pilot, "f10")
        assert not app.session.dirty, "f10 saved"
        assert any(row[1] == "f10" and row[3] == "save" for row in app.binding_rows())


async def test_theme_toggle(make_app, force_file, settle, keys):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        await keys(pilot, "ctrl+t")
        assert app.theme == "textual-light"
        await keys(pilot, "ctrl+t")
        assert app.theme == "textual-dark"


async def test_new_file_from_preset_is_written_only_on_save(make_app, tmp_path, settle, keys,
                                                            tree_to):
    path = tmp_path / "new-force.toml"
    app = make_app(path, presets=("tui-base",), org="New Force")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not path.exists()
        assert app.session.dirty and "(new)" in str(app.main.status.render())
        assert "5 NOS" not in str(app.main.status.render())
        assert "4 NOS" in str(app.main.status.render())  # inherited from the preset
        await tree_to(pilot, Category("role"))
        await keys(pilot, "a", text="PCSO")
        await keys(pilot, "enter")
        assert not path.exists()
        await keys(pilot, "ctrl+s")  # a new file: nothing to lose, no question
        assert path.exists()
        assert not app.session.dirty
    framework = load_document(path).framework
    assert framework.framework.extends == ("tui-base",)
    assert framework.framework.organisation == "New Force"
    assert edits.defines(framework, "role", "pcso")


async def test_small_terminal_80x24(make_app, force_file, settle, tree_to, keys):
    app = make_app(force_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("role", "custody-officer"))
        await keys(pilot, "enter", "end", text="!")
        assert edits.find(app.session.root, "role", "custody-officer")[1].title == \
            "Custody officer!"
        await keys(pilot, "f4")
        assert app.main.coverage.matrix is not None


async def test_actions_without_a_selection_explain_instead_of_failing(make_app, force_file,
                                                                      settle, keys):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in ("n", "r", "d", "ctrl+z", "ctrl+y"):
            await keys(pilot, key)
            assert app.screen is app.main and app.is_running
        messages = " ".join(n.message for n in app._notifications)
        assert "select a role" in messages and "nothing to undo" in messages


async def test_extends_change_that_cannot_compose_is_undone(make_app, force_file, settle,
                                                            keys, focus_to):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "enter")  # the Framework node: its fields
        await focus_to(pilot, "field-extends")
        await keys(pilot, "ctrl+k", text="no-such-preset")
        await keys(pilot, "enter")
        assert app.session.root.framework.extends == ("tui-base",)
        assert any("unknown preset" in n.message for n in app._notifications)
        assert app.is_running


async def test_mouse_tabs_tree_and_problems(make_app, force_file, settle):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.click("#--content-tab-tab-coverage")
        await settle(pilot)
        assert app.main.views.active == "tab-coverage"
        assert app.main.coverage.matrix is not None
        await pilot.click("#--content-tab-tab-edit")
        await settle(pilot)
        # click the "Roles" line of the tree (the sixth line), then a problem row
        await pilot.click("#tree", offset=(4, 5))
        await settle(pilot)
        assert app.main.selection == Category("role")
        await pilot.click("#problems-table", offset=(10, 1))
        await settle(pilot)
        await pilot.click("#problems-table", offset=(10, 1))
        await settle(pilot)
        assert isinstance(app.main.selection, Item)


def _documented_keys(text: str) -> set[str]:
    """Backticked keys in the first column of the markdown tables of ``text``."""
    import re

    keys = set()
    for line in text.splitlines():
        cells = line.split("|")
        if line.startswith("|") and len(cells) > 2:
            first = cells[1] if "`" in cells[1] else cells[2]
            keys |= {k.lower() for k in re.findall(r"`([^`]+)`", first)}
    return keys


def test_the_keys_the_readme_and_docs_name_are_real_bindings(make_app, force_file):
    """The README's key table and docs/tui.md's never name a key the editor does not have."""
    from pathlib import Path

    root = Path(__file__).parents[2]
    app = make_app(force_file)
    bound = set()
    for _, keys, _, _ in app.binding_rows():
        for part in keys.replace(" / ", ",").replace(" or ", ",").split(","):
            bound.add(part.strip().lower())
    bound |= {"↑", "↓", "→", "←", "esc", "enter", "j", "k"}  # tree and dialog keys
    bound.add("ctrl+p")
    text = (root / "README.md").read_text()
    start = text.index("## The terminal editor")
    readme = _documented_keys(text[start:text.index("\n## ", start)])
    assert {"ctrl+s", "ctrl+z", "n", "m", "f4"} <= readme, readme
    assert readme - bound == set()
    docs = (root / "docs" / "tui.md").read_text()
    for where, keys, what, binding_id in app.binding_rows():
        if binding_id:
            assert f"| `{keys}` |" in docs and f"`{binding_id}`" in docs, (where, keys)


def test_status_counts_say_one_value_not_one_values():
    from nosframe.tui.widgets.status_line import count_text

    assert [count_text("values", 1), count_text("values", 2), count_text("standards", 1),
            count_text("mappings", 0)] == ["1 value", "2 values", "1 NOS", "0 mappings"]


async def test_notifications_leave_the_status_line_and_the_pickers_hints_visible(
        make_app, force_file, settle, keys, tree_to):
    from textual.widgets._toast import Toast

    app = make_app(force_file)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        app.notify("a long notification " * 6)
        await settle(pilot)
        toasts = [t.region for t in app.screen.query(Toast)]
        assert toasts, "a notification is shown"
        status = app.main.status.region
        assert not any(t.overlaps(status) for t in toasts)
        # and over the picker, its key hints stay readable
        await tree_to(pilot, Item("role", "custody-officer"))
        await keys(pilot, "n")
        app.notify("another notification " * 6)
        await settle(pilot)
        hints = app.screen.query_one("#picker-status").region
        toasts = [t.region for t in app.screen.query(Toast)]
        assert toasts and not any(t.overlaps(hints) for t in toasts)


async def test_tree_labels_too_long_for_a_small_terminal_end_with_an_ellipsis(
        make_app, force_file, settle, tree_to):
    from rich.style import Style
    from rich.text import Text

    app = make_app(force_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("standard", "TSTAB2"))
        tree = app.main.framework_tree
        node = tree.cursor_node
        full = node.label.plain
        label = tree.render_label(node, Style(), Style()).plain
        room = tree.scrollable_content_region.width - 2 * tree.guide_depth
        assert len(full) + 2 > room, "the test needs a label that does not fit"
        assert label.endswith("…") and len(label) <= room
        assert full.startswith(label[:-1].rstrip().removeprefix("▶ ").removeprefix("▼ "))
        # a group keeps its count when its name is cut
        group = node.parent
        group.set_label(Text("A suite with a very long name indeed") + Text(" 7", style="dim"))
        label = tree.render_label(group, Style(), Style()).plain
        assert label.endswith("… 7") and len(label) <= room + tree.guide_depth


async def test_problem_messages_fit_a_small_terminal(make_app, force_file, settle):
    from textual.widgets import DataTable

    from nosframe.editing.present import cut

    app = make_app(force_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        panel = app.main.problems
        table = panel.query_one(DataTable)
        widths = {str(c.key.value): c.width for c in table.columns.values()}
        assert sum(w + 2 for w in widths.values()) <= table.size.width
        assert panel.shown, "the test needs a finding"
        messages = [table.get_row(str(i))[3].plain for i in range(len(panel.shown))]
        # cut at a word with … to the column, never at the panel's edge
        assert messages == [cut(f.message, widths["message"]) for f in panel.shown]
        assert any(m.endswith("…") for m in messages), "the test needs a long message"


def test_help_lists_each_key_once_per_place(make_app, force_file):
    app = make_app(force_file)
    places = [(where, keys) for where, keys, _, _ in app.binding_rows()]
    assert len(places) == len(set(places))
    assert ("anywhere", "ctrl+q") in places


async def test_a_dialogs_long_text_wraps_in_a_small_terminal(make_app, force_file, settle,
                                                           tree_to, keys):
    app = make_app(force_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("role", "constable"))
        await keys(pilot, "r")  # an inherited role: retitle, with a long explanation
        label = next(lbl for lbl in app.screen.query("Label")
                     if "saved as an override" in str(lbl.render()))
        assert label.size.height >= 2  # wrapped onto more lines
        assert label.region.right <= app.screen.query_one("Vertical").content_region.right
