"""Saving, quitting, recovering after a crash, and noticing a file changed on disk."""

from __future__ import annotations

import json

from nosframe.io import dumps, load_document
from nosframe.editing import rules as edits
from nosframe.editing.session import journal_path
from nosframe.tui.selection import Item

SIZE = (120, 40)


async def _edit_title(pilot, tree_to, keys, text=" (edited)"):
    await tree_to(pilot, Item("role", "custody-officer"))
    await keys(pilot, "enter", "end", text=text)


async def test_save_keeps_hand_formatting_and_reopens_identical(make_app, force_file, settle,
                                                                tree_to, keys):
    original_text = force_file.read_text()
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _edit_title(pilot, tree_to, keys)
        await keys(pilot, "ctrl+s")
        # the file has a comment: saving keeps it (and everything else not edited), so there
        # is nothing to ask and no copy to keep
        assert app.screen is app.main, "no dialog: nothing is lost"
        saved_root = app.session.root
        assert not app.session.dirty
        assert "saved" in str(app.main.status.render())
    assert not force_file.with_name("force.orig.toml").exists()
    text = force_file.read_text()
    assert text != dumps(saved_root)  # not canonical: the file's own layout
    assert text == original_text.replace('"Custody officer"', '"Custody officer (edited)"')
    assert not journal_path(force_file).exists()
    # re-open: the same framework, and a second save asks nothing either
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.session.root == saved_root
        await _edit_title(pilot, tree_to, keys, text="!")
        await keys(pilot, "ctrl+s")
        assert app.screen is app.main, "no dialog: nothing to lose any more"
        assert not app.session.dirty
    assert load_document(force_file).framework.roles[0].title == "Custody officer (edited)!"
    assert not force_file.with_name("force.orig-2.toml").exists()


async def test_save_that_cannot_keep_the_layout_says_so(make_app, force_file, settle, tree_to,
                                                         keys):
    # elements written as an inline array: a layout nosframe does not edit in place, so the
    # save is canonical and the notification says why
    force_file.write_text('roles = [{ id = "custody-officer", title = "Custody officer" }]\n'
                          '[framework]\nid = "test-force"\nextends = ["tui-base"]\n')
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _edit_title(pilot, tree_to, keys)
        await keys(pilot, "ctrl+s")
        assert not app.session.dirty
        assert any("canonical form" in n.message for n in app._notifications)
    assert force_file.read_text() == dumps(app.session.root)


async def test_quit_with_unsaved_changes_asks(make_app, force_file, settle, tree_to, keys):
    before = force_file.read_text()
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _edit_title(pilot, tree_to, keys)
        assert journal_path(force_file).exists()
        await keys(pilot, "ctrl+q")
        assert "unsaved changes" in str(app.screen.query_one("#dialog-message").render())
        await keys(pilot, "c")  # cancel: still editing
        assert app.is_running and app.screen is app.main
        await keys(pilot, "ctrl+q", "d")  # quit without saving
        assert not app.is_running
    assert force_file.read_text() == before
    assert not journal_path(force_file).exists(), "a clean quit removes the journal"


async def test_quit_save_and_quit(make_app, force_file, settle, tree_to, keys):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _edit_title(pilot, tree_to, keys)
        await keys(pilot, "ctrl+q", "s")  # save and quit
        assert not app.is_running
    assert load_document(force_file).framework.roles[0].title == "Custody officer (edited)"


async def test_quit_without_changes_just_quits(make_app, force_file, settle, keys):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "ctrl+q")
        assert not app.is_running


async def test_recover_after_a_crash(make_app, force_file, settle, tree_to, keys):
    before = force_file.read_text()
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _edit_title(pilot, tree_to, keys, text=" (not saved)")
        edited = app.session.root
        assert journal_path(force_file).exists()
        app.exit()  # a crash or kill: no quit dialog, nothing cleaned up
    assert journal_path(force_file).exists()
    assert force_file.read_text() == before
    data = json.loads(journal_path(force_file).read_text())
    assert data["format"] == "nosframe-journal" and data["file"] == "force.toml"

    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        message = str(app.screen.query_one("#dialog-message").render())
        assert "never saved" in message and "role custody-officer changed" in message
        await keys(pilot, "r")
        assert app.session.root == edited
        assert app.session.dirty
        assert app.main.framework_tree.group_of("role", "custody-officer") == "Custody"
        await keys(pilot, "ctrl+z")  # recovering is one undoable step
        assert app.session.root == load_document(force_file).framework


async def test_discard_recovered_edits(make_app, force_file, settle, keys):
    journal = journal_path(force_file)
    framework = load_document(force_file).framework
    from attrs import evolve

    from nosframe.io import to_data

    edited = evolve(framework, framework=evolve(framework.framework, title="Crashed edit"))
    journal.write_text(json.dumps({"format": "nosframe-journal", "version": 1,
                                   "file": "force.toml", "written": "2025-06-01T10:00:00",
                                   "base_sha256": "", "framework": to_data(edited)}))
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        message = str(app.screen.query_one("#dialog-message").render())
        assert "framework details changed" in message
        assert "has changed since" in message  # the journal's base is not this file
        await keys(pilot, "d")
        assert app.session.root == framework
        assert not journal.exists()


async def test_unreadable_journal_is_reported_not_fatal(make_app, force_file, settle):
    journal_path(force_file).write_text("{not json")
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen is app.main
        assert any("unreadable journal" in n.message for n in app._notifications)
    assert journal_path(force_file).exists(), "left for a person to look at"


async def test_file_changed_on_disk_is_detected_before_saving(make_app, force_file, settle,
                                                              tree_to, keys):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _edit_title(pilot, tree_to, keys)
        # another program (or person) changes the file meanwhile
        other = force_file.read_text().replace("Test Force Framework", "Changed elsewhere")
        force_file.write_text(other)
        await keys(pilot, "ctrl+s")
        message = str(app.screen.query_one("#dialog-message").render())
        assert "changed by another program" in message
        await keys(pilot, "c")
        assert force_file.read_text() == other, "cancel leaves their change alone"
        assert app.session.dirty
        await keys(pilot, "ctrl+s", "o")  # overwrite, knowingly
        assert not app.session.dirty
    text = force_file.read_text()
    assert "Custody officer (edited)" in text and "Changed elsewhere" not in text


async def test_file_changed_on_disk_reload_drops_edits(make_app, force_file, settle, tree_to,
                                                       keys):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _edit_title(pilot, tree_to, keys)
        other = force_file.read_text().replace("Test Force Framework", "Changed elsewhere")
        force_file.write_text(other)
        await keys(pilot, "ctrl+s", "r")
        assert app.session.root.framework.title == "Changed elsewhere"
        assert not app.session.dirty
        assert edits.find(app.session.root, "role", "custody-officer")[1].title == \
            "Custody officer"
    assert force_file.read_text() == other


async def test_file_changed_on_disk_merge_keeps_both(make_app, force_file, settle, tree_to,
                                                     keys):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _edit_title(pilot, tree_to, keys)
        other = force_file.read_text().replace("Test Force Framework", "Changed elsewhere")
        force_file.write_text(other)
        await keys(pilot, "ctrl+s", "m")  # merge: theirs and mine touch different fields
        await settle(pilot)
        assert not app.session.dirty
        assert app.session.root.framework.title == "Changed elsewhere"
    text = force_file.read_text()
    assert "Custody officer (edited)" in text and "Changed elsewhere" in text


async def test_file_deleted_meanwhile_offers_to_save_it_again(make_app, force_file, settle,
                                                              tree_to, keys):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _edit_title(pilot, tree_to, keys)
        moved = force_file.with_name("moved.toml")
        force_file.rename(moved)
        await keys(pilot, "ctrl+s")
        message = app.screen.query_one("#dialog-message").render().plain
        assert "was deleted or moved" in message
        assert not app.screen.query("#choice-reload"), "nothing to reload from"
        await keys(pilot, "y")  # save it again
        await settle(pilot)
        assert not app.session.dirty
    assert "Custody officer (edited)" in force_file.read_text()


async def test_touch_without_change_is_not_a_change(make_app, force_file, settle, tree_to,
                                                    keys):
    import os

    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _edit_title(pilot, tree_to, keys)
        stat = force_file.stat()
        os.utime(force_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
        await keys(pilot, "ctrl+s")
        assert app.screen is app.main, "a touch alone is no change: nothing to ask"
        assert not app.session.dirty
