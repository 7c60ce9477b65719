"""An edit the framework cannot be composed with is undone (the problem said in a
notification); the field that made it keeps the text typed, marked as an error with the reason
under it, as a field holding text that does not parse is."""

from __future__ import annotations

SIZE = (120, 40)


def _field(app, name):
    editor = app.main.editor
    widget = editor.query_one(f"#field-{name}")
    errors = list(editor.query(f"#error-{name}"))
    shown = errors[0].render().plain if errors and errors[0].has_class("-shown") else ""
    return widget.value, widget.has_class("-invalid"), shown


async def test_a_rejected_extends_edit_keeps_its_text_marked_as_an_error(make_app, force_file,
                                                                        settle, keys,
                                                                        focus_to):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "enter")  # the Framework node: its fields
        await focus_to(pilot, "field-extends")
        await keys(pilot, "end", text=", polcing")
        await keys(pilot, "enter")
        assert app.session.root.framework.extends == ("tui-base",)  # undone
        assert any("unknown preset 'polcing'" in n.message for n in app._notifications)
        value, invalid, error = _field(app, "extends")
        assert value == "tui-base, polcing" and invalid
        assert error.startswith("unknown preset 'polcing'")  # the field says where it is
        # leaving the field keeps it so; the next edit of another field does too
        await keys(pilot, "tab")
        await keys(pilot, text="x")
        await settle(pilot)
        assert _field(app, "extends")[:2] == ("tui-base, polcing", True)
        # corrected: applied, and no longer marked
        await focus_to(pilot, "field-extends", key="shift+tab")
        await keys(pilot, "end", "backspace", "backspace", "backspace", "backspace",
                   "backspace", "backspace", "backspace", "backspace", "backspace")
        await keys(pilot, "enter")
        assert _field(app, "extends") == ("tui-base", False, "")
        assert app.session.root.framework.extends == ("tui-base",)


async def test_a_rejected_extends_edit_left_with_tab_is_marked_too(make_app, force_file, settle,
                                                                  keys, focus_to):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "enter")
        await focus_to(pilot, "field-extends")
        await keys(pilot, "end", text=", polcing")
        await keys(pilot, "tab")  # applied on leaving the field
        assert app.session.root.framework.extends == ("tui-base",)
        value, invalid, error = _field(app, "extends")
        assert value == "tui-base, polcing" and invalid
        assert "unknown preset 'polcing'" in error


async def test_text_that_does_not_parse_stays_marked_after_leaving_the_field(
        make_app, force_file, settle, tree_to, keys, focus_to):
    """The same rule for a field whose text does not parse: leaving it (Textual's own
    validation on blur used to clear the mark) and editing another field keep it shown."""
    from nosframe.editing import rules as edits
    from nosframe.tui.selection import Item

    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("standard", "TFX1"))
        await keys(pilot, "enter")
        await focus_to(pilot, "field-version_number")
        await keys(pilot, text="two")
        await keys(pilot, "shift+tab")
        await keys(pilot, text="x")  # an edit of another field, composed and shown
        await settle(pilot)
        value, invalid, error = _field(app, "version_number")
        assert (value, invalid) == ("two", True) and "not a whole number" in error
        assert edits.find(app.session.root, "standard", "TFX1")[1].version_number is None


async def test_a_rejected_extends_edit_after_an_undone_framework_edit_fails_nothing_else(
        make_app, force_file, settle, keys, focus_to):
    """The tree's layout of the [framework] table is never patched (it is one element, not a
    list of them): laying it out after the undo asked len() of it, an unexpected error."""
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "enter")
        await focus_to(pilot, "field-licence")
        await keys(pilot, text="x")
        await keys(pilot, "ctrl+z")
        await focus_to(pilot, "field-extends", key="shift+tab")
        await keys(pilot, "end", text=", polcing")
        await keys(pilot, "enter")
        titles = [n.title for n in app._notifications]
        assert "Change undone: the framework cannot be composed with it" in titles
        assert not [t for t in titles if t.startswith("Unexpected error")], titles
        assert _field(app, "extends")[:2] == ("tui-base, polcing", True)


def test_the_framework_table_is_laid_out_again_not_patched():
    from nosframe.model import FrameworkInfo
    from nosframe.tui.widgets.framework_tree import patch_kind_layout

    before, after = FrameworkInfo("f", "Before"), FrameworkInfo("f", "After")
    assert patch_kind_layout("framework", before, after, {}, lambda kind, key: "own") is None
