"""Open, navigate, edit fields, undo and redo, add, rename and delete: with keys, like a person."""

from __future__ import annotations

from nosframe.io import load_document
from nosframe.editing import rules as edits
from nosframe.tui.selection import Category, Item

SIZE = (120, 40)


async def test_open_shows_tree_editor_problems_and_status(make_app, force_file, settle):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        tree = app.main.framework_tree
        labels = [str(node.label) for node in tree.root.children]
        assert labels == ["Framework", "Levels 3", "Values 2", "Behaviours 3", "Standards 5",
                          "Roles 2", "Mappings 2", "Sources 0"]
        assert app.main.editor.kind == "framework"
        status = str(app.main.status.render())
        assert "force.toml" in status and "saved" in status and "5 NOS" in status
        # the custody officer needs "analyse", which nothing evidences: a coverage warning
        codes = {f.code for f in app.main.findings}
        assert "NF118" in codes
        assert "▲ 1" in str(app.main.status.render()) or "▲" in str(app.main.status.render())
        assert app.main.problems.shown, "the problems panel lists the findings"


async def test_navigate_with_keys_and_edit_a_field(make_app, force_file, settle, tree_to, keys):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("role", "custody-officer"))
        assert app.main.editor.kind == "role" and app.main.editor.key == "custody-officer"
        await keys(pilot, "enter")  # enter on an element puts the cursor in its first field
        assert app.focused.id == "field-title"
        await keys(pilot, "end", text=" (sergeant)")
        role = edits.find(app.session.root, "role", "custody-officer")[1]
        assert role.title == "Custody officer (sergeant)"
        assert app.session.dirty
        assert "unsaved" in str(app.main.status.render())
        node = app.main.framework_tree.cursor_node
        assert "Custody officer (sergeant)" in str(node.label)
        # nothing is written until a save
        assert load_document(force_file).framework.roles[0].title == "Custody officer"


async def test_invalid_value_is_shown_not_applied(make_app, force_file, settle, tree_to, keys,
                                                  focus_to):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("standard", "TFX1"))
        await keys(pilot, "enter")
        await focus_to(pilot, "field-version_number")
        await keys(pilot, text="two")
        error = app.main.editor.query_one("#error-version_number")
        assert "not a whole number" in str(error.render())
        assert edits.find(app.session.root, "standard", "TFX1")[1].version_number is None
        await keys(pilot, "ctrl+w", text="2")  # ctrl+w deletes the word
        assert edits.find(app.session.root, "standard", "TFX1")[1].version_number == 2


async def test_invalid_text_survives_an_edit_of_another_field(make_app, force_file, settle,
                                                              tree_to, keys, focus_to):
    """A line the criteria parser refuses stays on screen, marked, while the person edits
    another field: it is never silently replaced by the last valid value."""
    app = make_app(force_file, check_delay=0.3)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("standard", "TFX1"))
        await keys(pilot, "enter")
        await focus_to(pilot, "field-performance")
        area = app.focused
        await keys(pilot, "ctrl+end", "enter", text="A line without any id")
        await focus_to(pilot, "field-knowledge")
        await keys(pilot, "ctrl+end", "enter", text="K9: Another")
        await pilot.pause(0.5)
        await settle(pilot)
        assert edits.find(app.session.root, "standard", "TFX1")[1].knowledge[-1].id == "K9"
        assert "A line without any id" in area.text and area.has_class("-invalid")


async def test_undo_and_redo_every_edit(make_app, force_file, settle, tree_to, keys):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        original = app.session.root
        await tree_to(pilot, Item("role", "custody-officer"))
        await keys(pilot, "enter", "end", text="abc")  # typing in one field is one step
        typed = app.session.root
        assert typed != original
        await keys(pilot, "ctrl+z")
        assert app.session.root == original
        assert app.main.editor.query_one("#field-title").value == "Custody officer"
        assert not app.session.dirty
        await keys(pilot, "ctrl+y")
        assert app.session.root == typed
        assert app.main.editor.query_one("#field-title").value == "Custody officerabc"
        # a structural edit (delete) is undoable too
        await keys(pilot, "escape")
        await keys(pilot, "d")
        await keys(pilot, "y")
        assert not edits.defines(app.session.root, "role", "custody-officer")
        await keys(pilot, "ctrl+z")
        assert edits.defines(app.session.root, "role", "custody-officer")


async def test_add_rename_and_delete(make_app, force_file, settle, tree_to, keys):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # add a value
        await tree_to(pilot, Category("value"))
        await keys(pilot, "a", text="Moral courage")  # its name first; the id is suggested
        assert app.screen.query_one("#add-key").value == "moral-courage"
        await keys(pilot, "enter")  # enter adds, with the suggested id
        assert edits.find(app.session.root, "value", "moral-courage")[1].name == "Moral courage"
        assert app.focused.id == "field-name"
        # a bad id is refused in the prompt, with the reason
        await tree_to(pilot, Category("value"))
        await keys(pilot, "a", text="Candour")
        await keys(pilot, "tab")  # to the id
        for _ in range(len("candour")):
            await pilot.press("backspace")
        await keys(pilot, text="has space")
        await keys(pilot, "enter")
        assert "no spaces" in str(app.screen.query_one("#prompt-error").render())
        await keys(pilot, "escape")
        # rename the file's own standard: the role and mapping that use it follow
        await tree_to(pilot, Item("standard", "TFX1"))
        await keys(pilot, "r")
        for _ in range(10):
            await pilot.press("backspace")
        await keys(pilot, text="TFX9")
        await keys(pilot, "enter")
        root = app.session.root
        assert edits.defines(root, "standard", "TFX9")
        assert edits.find(root, "role", "custody-officer")[1].standards == ("TFX9",)
        assert root.mappings[0].standard == "TFX9"
        assert app.main.editor.key == "TFX9"
        # delete it: the dialog lists what uses it first
        await keys(pilot, "escape")
        await tree_to(pilot, Item("standard", "TFX9"))
        await keys(pilot, "d")
        message = str(app.screen.query_one("#dialog-message").render())
        assert "role custody-officer: requires it" in message
        assert "mapping TFX9->behaviour:collaborative: maps its criteria" in message
        await keys(pilot, "y")
        assert not edits.defines(app.session.root, "standard", "TFX9")
        assert "NF102" in {f.code for f in app.main.findings}  # the role now needs a missing NOS


async def test_role_behaviour_levels_editor(make_app, force_file, settle, tree_to, keys,
                                            focus_to):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("role", "custody-officer"))
        await keys(pilot, "enter")
        await focus_to(pilot, "field-behaviours-add")
        await keys(pilot, text="del")
        await keys(pilot, "tab")  # tab accepts the completion
        assert app.focused.value == "deliver"
        await keys(pilot, "enter")
        role = edits.find(app.session.root, "role", "custody-officer")[1]
        assert role.behaviours == {"collaborative": 2, "analyse": 2, "deliver": 1}
        # change a level with its select: the last row is deliver
        await settle(pilot)
        select = app.main.editor.query_one("#field-behaviours-2")
        select.focus()
        await keys(pilot, "enter", "down", "enter")
        role = edits.find(app.session.root, "role", "custody-officer")[1]
        assert role.behaviours["deliver"] == 2


async def test_role_behaviour_added_by_a_word_of_its_name(make_app, force_file, settle,
                                                          tree_to, keys, focus_to):
    """Ids like we-are-emotionally-aware do not start with what a person types: enter adds
    the one behaviour whose id or name holds the letters, and names the choices otherwise."""
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("role", "custody-officer"))
        await keys(pilot, "enter")
        await focus_to(pilot, "field-behaviours-add")
        await keys(pilot, text="we ")  # "We deliver and inspire" only: the others are required
        await keys(pilot, "enter")
        role = edits.find(app.session.root, "role", "custody-officer")[1]
        assert role.behaviours == {"collaborative": 2, "analyse": 2, "deliver": 1}
        await focus_to(pilot, "field-behaviours-add")
        await keys(pilot, text="zzz")
        await keys(pilot, "enter")
        assert edits.find(app.session.root, "role", "custody-officer")[1] == role
        assert any("no behaviour 'zzz'" in n.message for n in app._notifications)


async def test_behaviour_indicators_by_level(make_app, force_file, settle, tree_to, keys):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Category("behaviour"))
        await keys(pilot, "a", text="We listen")
        await keys(pilot, "enter")
        area = app.main.editor.query_one("#field-levels-2")
        area.focus()
        await keys(pilot, text="Listens first")
        await keys(pilot, "enter", text="Checks understanding")
        behaviour = edits.find(app.session.root, "behaviour", "we-listen")[1]
        assert behaviour.levels == {2: ("Listens first", "Checks understanding")}


async def test_fast_navigation_never_edits(make_app, force_file, settle, tree_to, keys):
    """Fields of an element shown a moment ago must not write into the next one."""
    import asyncio

    from textual import events

    app = make_app(force_file, check_delay=0.3)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Category("role"))
        await keys(pilot, "right", "down", "right")  # open Roles and its Custody group
        for key in ("down", "down", "right", "down", "up", "up", "down", "down"):
            app._driver.send_message(events.Key(key, None))  # as fast as a terminal sends
        await asyncio.sleep(0.8)
        await settle(pilot)
        assert isinstance(app.main.selection, Item)
        assert not app.session.dirty, [label for _, label in app.session.history.past]
        assert app.session.root == load_document(force_file).framework


async def test_fast_typing_keeps_every_key(make_app, force_file, settle, tree_to, keys):
    """Composing and checking between keys never overwrites what is being typed."""
    app = make_app(force_file)  # check_delay=0: compose and check after every key
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("role", "custody-officer"))
        await keys(pilot, "enter", "end")
        await pilot.press(*" ?and more, typed fast")
        await settle(pilot)
        expected = "Custody officer ?and more, typed fast"
        assert app.focused.value == expected
        assert edits.find(app.session.root, "role", "custody-officer")[1].title == expected


async def test_keys_typed_in_a_burst_after_tab_land_in_the_next_field(make_app, force_file,
                                                                      settle, tree_to, keys):
    """A terminal delivers keys typed quickly (or while the checks run) in one burst: those
    after a tab belong to the next field, never the one being left."""
    import asyncio

    from textual import events

    app = make_app(force_file, check_delay=0.3)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("role", "custody-officer"))
        await keys(pilot, "enter", "end")
        assert app.focused.id == "field-title"
        burst = [("tab", None), ("F", "F"), ("m", "m"), ("tab", None), ("7", "7"),
                 ("shift+tab", None), ("x", "x")]
        for key, char in burst:
            app._driver.send_message(events.Key(key, char))
        await asyncio.sleep(0.8)
        await settle(pilot)
        role = edits.find(app.session.root, "role", "custody-officer")[1]
        assert role.title == "Custody officer"
        assert (role.family, role.level) == ("CustodyFmx", "27")


async def test_a_level_in_use_says_who_uses_it_before_delete(make_app, force_file, settle,
                                                             tree_to, keys):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("level", "2"))
        await keys(pilot, "d")
        message = app.screen.query_one("#dialog-message").render().plain
        assert "role custody-officer: needs analyse at this level" in message
        assert "Nothing uses it" not in message
        await keys(pilot, "n")
        assert app.session.element("level", "2") is not None
        await keys(pilot, "u")  # used by
        assert ("role", "custody-officer") in {u.element for u in app.session.where_used("level", "2")}
        assert app.main.views.active == "tab-used"


async def test_removing_a_required_behaviour_keeps_the_cursor_in_the_list(
        make_app, force_file, settle, tree_to, keys):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("role", "custody-officer"))
        await keys(pilot, "enter")
        app.main.editor.query_one("#field-behaviours-1").focus()
        await keys(pilot, "enter", "down", "down", "enter")  # level 2 -> "not required"
        await settle(pilot)
        role = edits.find(app.session.root, "role", "custody-officer")[1]
        assert role.behaviours == {"collaborative": 2}
        assert app.focused.id == "field-behaviours-0"  # the row before, not another field
        await keys(pilot, text="x")  # and a key typed now edits nothing else
        assert edits.find(app.session.root, "role", "custody-officer")[1] == role


async def test_a_role_needing_a_behaviour_at_level_0_is_shown_and_never_edited_by_showing_it(
        make_app, force_file, settle, tree_to, keys):
    """A file may say level 0 (NF151/NF112 say what is wrong with it); showing the role must
    not take 0 for "not required" and drop the requirement (it did, silently, on selection)."""
    force_file.write_text(force_file.read_text(encoding="utf-8").replace(
        "behaviours = { collaborative = 2, analyse = 2 }",
        "behaviours = { collaborative = 0, analyse = 2 }"), encoding="utf-8")
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("role", "custody-officer"))
        await settle(pilot)
        assert not app.session.dirty
        assert edits.find(app.session.root, "role", "custody-officer")[1].behaviours == {
            "collaborative": 0, "analyse": 2}
        select = app.main.editor.query_one("#field-behaviours-0")
        assert select.value == 0 and "0 (not in the scale)" in [
            str(prompt) for prompt, _ in select._options]
        select.focus()
        await keys(pilot, "enter", "end", "enter")  # the last option: "not required"
        await settle(pilot)
        assert edits.find(app.session.root, "role", "custody-officer")[1].behaviours == {
            "analyse": 2}  # chosen, it does drop it


async def test_names_in_the_behaviour_list_follow_a_rename_and_its_undo(
        make_app, force_file, settle, tree_to, keys):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("role", "custody-officer"))
        labels = lambda: [str(w.render()) for w in  # noqa: E731
                          app.main.editor.query("RequirementsEditor .req-row Label")]
        assert labels() == ["We are collaborative", "We analyse critically"]
        app.session.retitle("behaviour", "analyse", "We analyse evidence")
        app.main.settle()
        await settle(pilot)
        assert labels() == ["We are collaborative", "We analyse evidence"]
        await keys(pilot, "ctrl+z")
        await settle(pilot)
        assert labels() == ["We are collaborative", "We analyse critically"]


async def test_keys_in_a_burst_after_a_view_or_focus_key_go_where_it_sent_them(
        make_app, force_file, settle, tree_to, keys):
    """ctrl+b (tree) then arrows, typed faster than the app redraws: the arrows move the tree's
    cursor, not the coverage table that had the focus a moment before."""
    import asyncio

    from textual import events

    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Category("framework"))
        await keys(pilot, "f4")
        assert app.focused.id == "coverage-table"
        for key in ("ctrl+b", "down", "down"):
            app._driver.send_message(events.Key(key, None))
        await asyncio.sleep(0.5)
        await settle(pilot)
        assert app.focused is app.main.framework_tree
        assert app.main.selection == Category("value")  # framework -> levels -> values


async def test_adding_a_level_offers_the_next_number(make_app, force_file, settle, tree_to,
                                                     keys):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        top = max(level.number for level in app.session.composed.framework.levels)
        await tree_to(pilot, Category("level"))
        await keys(pilot, "a", text="Expert")
        assert app.screen.query_one("#add-key").value == str(top + 1)
        await keys(pilot, "enter")
        assert app.session.element("level", str(top + 1)).name == "Expert"


async def test_family_and_grade_complete_from_the_other_roles(make_app, force_file, settle,
                                                              tree_to, keys, focus_to):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("role", "custody-officer"))
        await keys(pilot, "enter")
        await focus_to(pilot, "field-family")
        app.focused.value = ""
        await keys(pilot, text="pol")
        await keys(pilot, "tab")  # the constable's family, as it is spelled there
        assert app.focused.value == "Policing"
        await keys(pilot, "enter")
        assert app.session.element("role", "custody-officer").family == "Policing"
        await focus_to(pilot, "field-level")
        # the other roles' grades: its own is not offered back to it
        others = {role.level for role in app.session.composed.framework.roles
                  if role.id != "custody-officer"}
        assert set(app.focused.suggester.candidates()) == others == {"1"}


async def test_typing_composes_and_checks_in_the_background(make_app, force_file, settle,
                                                            tree_to, keys, focus_to):
    """After a pause in typing the framework is composed, laid out and checked in a thread:
    keys typed meanwhile are kept, and what is shown at the end is the last state's."""
    import asyncio

    app = make_app(force_file, check_delay=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("role", "custody-officer"))
        await keys(pilot, "enter")
        await focus_to(pilot, "field-standards")
        await keys(pilot, "end")
        for ch in ", NOPE1":  # slower than the debounce: settles start between keys
            await pilot.press({",": "comma", " ": "space"}.get(ch, ch))
            await asyncio.sleep(0.08)
        await asyncio.sleep(0.3)
        await settle(pilot)
        assert app.focused.value.endswith(", NOPE1")
        assert not app.session.stale and not app.main.checking
        assert "NOPE1" in edits.find(app.session.composed.framework, "role",
                                     "custody-officer")[1].standards
        assert any("NOPE1" in f.message for f in app.main.findings), app.main.findings
        assert any("NOPE1" in f.message for f in app.main.problems.shown)
        assert "checking" not in str(app.main.status.render())


async def test_the_palette_makes_an_inherited_element_the_files_own(make_app, force_file, settle,
                                                                   tree_to, keys):
    """What settles two presets' conflict (NF123): the selected inherited element copied into
    the file with a replace override; ctrl+z undoes it."""
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.session.is_own("behaviour", "collaborative")
        assert "make_own" in [action for _, action, _ in app.main.palette_actions()]
        await tree_to(pilot, Item("behaviour", "collaborative"))
        await app.main.run_action("make_own")
        await settle(pilot)
        assert app.session.is_own("behaviour", "collaborative")
        assert [(o.action.value, o.target) for o in app.session.root.overrides
                if o.target == "behaviour:collaborative"] == [("replace", "behaviour:collaborative")]
        await keys(pilot, "ctrl+z")
        assert not app.session.is_own("behaviour", "collaborative")
