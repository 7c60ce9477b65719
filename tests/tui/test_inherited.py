"""Inherited elements are shown with their provenance; editing one writes an override in the
organisation's file, never a change to the preset."""

from __future__ import annotations

from pathlib import Path

from nosframe.io import load_document
from nosframe.model import OverrideAction
from nosframe.editing import rules as edits
from nosframe.tui.selection import Category, Item

SIZE = (120, 40)
PRESET = Path(__file__).parents[1] / "data" / "editing" / "presets" / "tui-base.toml"


async def test_inherited_element_shows_provenance(make_app, force_file, settle, tree_to):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("behaviour", "analyse"))
        header = str(app.main.editor.query_one("#editor-header").render())
        assert "inherited from preset tui-base (tui-test" in header
        assert "overrides in force.toml" in header
        node = app.main.framework_tree.cursor_node
        assert "italic" in str(node.label.style)  # drawn as inherited
        await tree_to(pilot, Item("role", "custody-officer"))
        header = str(app.main.editor.query_one("#editor-header").render())
        assert "defined in force.toml" in header


async def test_editing_inherited_element_creates_override(make_app, force_file, settle,
                                                          tree_to, keys, focus_to):
    preset_text = PRESET.read_text()
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("behaviour", "analyse"))
        await keys(pilot, "enter")
        assert app.focused.id == "field-name"
        await keys(pilot, "end", text=" together")
        root = app.session.root
        assert not root.behaviours, "the preset's behaviour is not copied into the file"
        (override,) = root.overrides
        assert (override.action, override.target, override.title) == \
            (OverrideAction.RETITLE, "behaviour:analyse", "We analyse critically together")
        assert app.session.element("behaviour", "analyse").name == \
            "We analyse critically together"
        # another field: a "set" override with just that field
        await focus_to(pilot, "field-description")
        await keys(pilot, text="Looks at evidence.")
        retitle, set_ = app.session.root.overrides
        assert set_.action is OverrideAction.SET and set_.target == "behaviour:analyse"
        assert set_.fields == {"description": "Looks at evidence."}
        # the tree marks it as overridden, the header lists the overrides
        await settle(pilot)
        header = str(app.main.editor.query_one("#editor-header").render())
        assert "retitled to 'We analyse critically together' by force.toml" in header
        node = app.main.framework_tree._find(Item("behaviour", "analyse"))
        assert str(node.label).startswith("* ")
        # saved: the organisation's file holds the overrides; the preset is untouched
        await keys(pilot, "ctrl+s")
    assert PRESET.read_text() == preset_text
    saved = load_document(force_file).framework
    assert [o.action for o in saved.overrides] == [OverrideAction.RETITLE, OverrideAction.SET]


async def test_revert_and_delete_inherited(make_app, force_file, settle, tree_to, keys):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("standard", "TSTAC3"))
        await keys(pilot, "r")  # rename on an inherited element retitles it
        assert "Retitle inherited" in str(app.screen.query_one(".dialog-title").render())
        for _ in range(30):
            await pilot.press("backspace")
        await keys(pilot, text="Emergency first aid")
        await keys(pilot, "enter")
        (override,) = app.session.root.overrides
        assert override.action is OverrideAction.RETITLE and override.target == \
            "standard:TSTAC3"
        await settle(pilot)
        # revert (the button in the editor, or the palette)
        app.main.editor.query_one("#revert").press()
        await settle(pilot)
        # it says which overrides go first
        message = str(app.screen.query_one("#dialog-message").render())
        assert "retitled to 'Emergency first aid'" in message and "deleted" in message
        await keys(pilot, "y")
        assert not app.session.root.overrides
        assert app.session.element("standard", "TSTAC3").title == "Provide first aid"
        # delete an inherited standard: a remove override, after seeing who uses it
        await keys(pilot, "ctrl+b")
        await tree_to(pilot, Item("standard", "TSTAC3"))
        await keys(pilot, "d")
        message = str(app.screen.query_one("#dialog-message").render())
        assert "role constable: requires it" in message and "remove" in message
        await keys(pilot, "y")
        (override,) = app.session.root.overrides
        assert override.action is OverrideAction.REMOVE
        assert app.session.element("standard", "TSTAC3") is None
        # the removed standard stays in the tree, struck through and not counted; v restores it
        await settle(pilot)
        tree = app.main.framework_tree
        node = tree._find(Item("standard", "TSTAC3"))
        assert node is not None and str(node.label).startswith("✗ ")
        assert str(tree._find(Category("standard")).label) == "Standards 4"
        await tree_to(pilot, Item("standard", "TSTAC3"))
        guide = str(app.main.editor.query_one("#editor-header").render())
        assert "removed by an override" in guide
        await keys(pilot, "v")
        assert "• removed" in str(app.screen.query_one("#dialog-message").render())
        await keys(pilot, "y")
        assert not app.session.root.overrides
        assert app.session.element("standard", "TSTAC3").title == "Provide first aid"
        assert str(tree._find(Category("standard")).label) == "Standards 5"


async def test_library_standard_edit_tailors_a_copy(make_app, force_file, settle, tree_to,
                                                    keys):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("role", "custody-officer"))
        await keys(pilot, "n", text="LIBZY8")
        await keys(pilot, "enter")
        await tree_to(pilot, Item("standard", "LIBZY8"))
        header = str(app.main.editor.query_one("#editor-header").render())
        assert "from library test-national" in header and "tailor" in header
        await keys(pilot, "enter", "end", text=" (local)")
        root = app.session.root
        assert edits.find(root, "standard", "LIBZY8")[1].title == "Handle property (local)"
        assert not root.overrides
        await keys(pilot, text="!")  # still one copy, edited in place
        assert sum(1 for s in app.session.root.standards if s.key == "LIBZY8") == 1


async def test_typing_an_inherited_value_back_leaves_no_override(make_app, force_file, settle,
                                                                 tree_to, keys, focus_to):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("role", "constable"))
        await keys(pilot, "enter")
        await focus_to(pilot, "field-family")
        await keys(pilot, "end", text="zz")
        await keys(pilot, "tab")
        assert [o.fields for o in app.session.root.overrides] == [{"family": "Policingzz"}]
        await focus_to(pilot, "field-family", key="shift+tab")
        await keys(pilot, "end", "backspace", "backspace", "tab")
        assert app.session.root.overrides == ()
        assert app.session.element("role", "constable").family == "Policing"
        # a cleared title says so once: no retitle left beside it
        await focus_to(pilot, "field-title", key="shift+tab")
        await keys(pilot, "end", text="!")
        await keys(pilot, "ctrl+u", "tab")
        assert [(o.action.value, o.fields) for o in app.session.root.overrides] == \
            [("set", {"title": ""})]
