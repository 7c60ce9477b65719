"""A file that takes long to open (thousands of roles): the editor paints its screen first, says
the file is opening, refuses what needs the framework, and fills in when it is open."""

from __future__ import annotations

from concurrent.futures import Future

from nosframe.editing.session import Session
from nosframe.io import NosframeError

from .conftest import TODAY

SIZE = (120, 40)


def opening_app(**options):
    from nosframe.tui.app import NosframeApp

    future: Future = Future()
    app = NosframeApp(future, theme="textual-dark", cursor_blink=False, check_delay=0,
                      journal_delay=0, search_delay=0, name="force.toml", **options)
    app.animation_level = "none"
    return app, future


async def until(pilot, condition, what: str, tries: int = 400) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError(f"never: {what}")


async def test_paints_opening_then_fills_in_with_the_problems(force_file, tui_plugins, settle):
    app, future = opening_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        tree = app.main.framework_tree
        labels = [str(node.label) for node in tree.root.children]
        assert labels == ["Framework", "Levels …", "Values …", "Behaviours …", "Standards …",
                          "Roles …", "Mappings …", "Sources …"]
        assert "Opening force.toml" in str(app.main.editor.query_one("#editor-header").render())
        assert "opening" in str(app.main.status.render())
        problems = str(app.main.problems.query_one("#problems-title").render())
        assert "opening the file" in problems and "errors" not in problems
        assert app.title == "nosframe — force.toml"
        # what needs the framework is refused, and says why
        await pilot.press("a")
        await pilot.press("f4")
        await pilot.press("down", "enter")
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert said and all("force.toml is still opening" in m for m in said), said
        assert app.main.editor.kind is None and app.main.findings == []

        future.set_result(Session.open(force_file, tui_plugins, today=TODAY))
        await until(pilot, lambda: app.session is not None, "the session arrives")
        await until(pilot, lambda: app.main.findings, "the checks end")
        await settle(pilot)
        labels = [str(node.label) for node in tree.root.children]
        assert labels == ["Framework", "Levels 3", "Values 2", "Behaviours 3", "Standards 5",
                          "Roles 2", "Mappings 2", "Sources 0"]
        assert app.main.editor.kind == "framework"
        assert "NF118" in {f.code for f in app.main.findings}
        assert app.main.problems.shown
        problems = str(app.main.problems.query_one("#problems-title").render())
        assert "warning" in problems and "opening" not in problems
        assert "force.toml" in str(app.main.status.render()) and "5 NOS" in str(
            app.main.status.render())
        assert not app.main.refused_while_opening("action_add_element")  # edits as ever


async def test_quits_at_once_while_opening(tui_plugins):
    app, future = opening_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0 and app.session is None


async def test_a_file_that_fails_to_open_ends_the_editor_with_its_error(tui_plugins):
    app, future = opening_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        future.set_exception(NosframeError("force.toml:3: TOML syntax error"))
        await until(pilot, lambda: app.open_error is not None, "the error arrives")
        await pilot.pause()
    assert app.return_code == 2 and "TOML syntax error" in str(app.open_error)
