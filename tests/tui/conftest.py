"""Fixtures for the TUI tests: a plugin manager with only a test preset and a tiny test library
(never the installed sector plugins), framework files copied to a temporary folder, and an app
factory with a fixed theme, a fixed date, no cursor blink and no user config."""

from __future__ import annotations

import asyncio
import datetime as dt
import inspect
import shutil
from pathlib import Path

import pytest

from textual.worker import WorkerCancelled, WorkerFailed


TODAY = dt.date(2025, 6, 1)
SIZE = (120, 40)
TEST_TIMEOUT = 90  # seconds: a test waiting on a dialog that never comes fails, never hangs

# Pilot waits for "idle" after every key: it sleeps SLEEP_GRANULARITY (20 ms) at a time until
# the process used under a twentieth of that in CPU. What a test waits on is the screen's message
# queues and the workers (``_settle``); the idle heuristic is only a margin on top, so a finer
# granularity keeps the margin and halves the suite (about 110 ms a key before, 50 ms after).
IDLE_GRANULARITY = 1 / 200


def pytest_collection_modifyitems(config, items):
    """Every Pilot test (an ``async def`` test, or a snapshot) is ``slow``: a second or more
    each, so ``-m "not slow"`` leaves them out."""
    here = Path(__file__).parent
    for item in items:
        if here not in item.path.parents:
            continue  # this hook sees the whole session's items
        function = getattr(item, "obj", None)
        if inspect.iscoroutinefunction(function) or "snap_compare" in item.fixturenames:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True, scope="session")
def _finer_idle_waits():
    from textual import _wait

    saved = _wait.SLEEP_GRANULARITY, _wait.SLEEP_IDLE
    _wait.SLEEP_GRANULARITY, _wait.SLEEP_IDLE = IDLE_GRANULARITY, IDLE_GRANULARITY / 20
    yield
    _wait.SLEEP_GRANULARITY, _wait.SLEEP_IDLE = saved


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run ``async def`` tests in a fresh event loop (no pytest-asyncio needed)."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        names = pyfuncitem._fixtureinfo.argnames
        coroutine = pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names})
        asyncio.run(asyncio.wait_for(coroutine, TEST_TIMEOUT))
        return True
    return None


@pytest.fixture(autouse=True)
def _no_user_config(monkeypatch, tmp_path):
    """A developer's own config and plugin settings never reach these tests."""
    for name in ("NOSFRAME_PLUGINS_DIR", "NOSFRAME_DISABLE_PLUGINS", "NOSFRAME_LOAD_PLUGINS"):
        monkeypatch.delenv(name, raising=False)
    # no settings file: the variable unset and the default place empty (a file the variable
    # names but that is not there is warned about)
    monkeypatch.delenv("NOSFRAME_TUI_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))


@pytest.fixture
def make_app(tui_plugins):
    """make_app(path, **app_options) -> NosframeApp on a fresh session of ``path``."""
    from nosframe.tui.app import NosframeApp
    from nosframe.editing.session import Session

    def make(path: Path, *, presets=(), org=None, **options):
        session = Session.open(path, tui_plugins, presets=presets, org=org, today=TODAY)
        options.setdefault("check_delay", 0)
        options.setdefault("journal_delay", 0)
        options.setdefault("search_delay", 0)
        options.setdefault("cursor_blink", False)
        options.setdefault("theme", "textual-dark")
        app = NosframeApp(session, **options)
        app.animation_level = "none"  # no scrolling animations to wait for
        return app

    return make


#: the person view's tests: a record against tests/data/mini.toml's constable, on this day
PERSON_DAY = dt.date(2026, 12, 3)
MINI = Path(__file__).parents[1] / "data" / "mini.toml"


@pytest.fixture
def person_app(tmp_path, tui_plugins):
    """person_app(record_text, name="person.toml") -> (PersonApp, the record's path): the record
    written to a temporary folder, opened against tests/data/mini.toml's constable on
    PERSON_DAY; person_app(session=PersonSession.new(...)) for a record not yet written."""
    import nosframe
    from nosframe.editing.person import PersonSession
    from nosframe.tui.person_app import PersonApp

    def make(text: str | None = None, *, name: str = "person.toml", session=None,
             role: str = "constable"):
        path = tmp_path / name
        if session is None:
            path.write_text(text or "", encoding="utf-8")
            session = PersonSession.open(path)
        else:
            path = session.path
        app = PersonApp(session, nosframe.load(MINI, tui_plugins), role, PERSON_DAY)
        app.animation_level = "none"
        return app, path

    return make


async def _settle(pilot) -> None:
    """Let messages, the checks worker and refreshes finish. Dialog flows (workers waiting
    for a person) are not waited for."""
    for _ in range(2):
        await pilot.pause()
        for worker in list(pilot.app.workers):
            if worker.group in ("checks", "journal", "editor", "picker") and \
                    not worker.is_finished:
                try:
                    await worker.wait()
                except (WorkerCancelled, WorkerFailed):
                    pass


@pytest.fixture
def settle():
    return _settle


@pytest.fixture
def keys(settle):
    """keys(pilot, "a", "b", text="typed") presses keys one by one, then settles."""

    async def press(pilot, *names: str, text: str = "") -> None:
        for name in names:
            await pilot.press(name)
            await pilot.pause()
        for ch in text:
            await pilot.press(ch if ch != " " else "space")
        await settle(pilot)

    return press


@pytest.fixture
def focus_to(settle):
    """Press tab until the focused widget has the given id (keyboard only), or fail."""

    async def go(pilot, widget_id: str, key: str = "tab", limit: int = 40) -> None:
        for _ in range(limit):
            focused = pilot.app.focused
            if focused is not None and focused.id == widget_id:
                return
            await pilot.press(key)
            await pilot.pause()
        raise AssertionError(f"could not reach #{widget_id} with {key}; focused "
                             f"{pilot.app.focused!r}")

    return go


@pytest.fixture
def tree_to(settle):
    """Move the tree's cursor with the arrow keys until it rests on ``data`` (expanding
    branches with enter on the way), like a person would."""

    async def go(pilot, data, limit: int = 60) -> None:
        app = pilot.app
        tree = app.main.framework_tree
        if app.focused is not tree:
            await pilot.press("ctrl+b")
            await settle(pilot)
        for _ in range(limit):
            node = tree.cursor_node
            if node is not None and node.data == data:
                return
            target = tree._find(data)
            if target is None:
                raise AssertionError(f"{data} is not in the tree")
            anchor = target  # the target, or its nearest ancestor that is on screen
            while anchor.parent is not None and not _visible(tree, anchor):
                anchor = anchor.parent
            tree._tree_lines  # noqa: B018 - line numbers of what is visible
            if anchor is node:
                await pilot.press("right")  # open the branch that holds the target
            elif anchor._line < tree.cursor_line:
                await pilot.press("up")
            else:
                await pilot.press("down")
            await pilot.pause()
        raise AssertionError(f"tree cursor never reached {data}")

    return go


def _visible(tree, node) -> bool:
    parent = node.parent
    while parent is not None and parent is not tree.root:
        if not parent.is_expanded:
            return False
        parent = parent.parent
    return True
