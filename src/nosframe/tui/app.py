"""``nosframe edit``: the Textual app that composes NOS with an organisation's behaviours.

The app holds one :class:`~nosframe.editing.session.Session` (the organisation's file and its
undo history), the theme, the key map and the command palette. Everything the editor does is
on its main screen (:class:`~nosframe.tui.screens.main.MainScreen`): its bindings, actions and
the flows of :mod:`nosframe.tui.actions`.
"""

from __future__ import annotations

import sys
from concurrent.futures import Future
from typing import Any, Iterable

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from nosframe.editing.session import Session
from nosframe.tui.commands import NosframeCommands
from nosframe.tui.config import SettingProblem, theme_error
from nosframe.tui.screens.dialogs import ChoiceScreen
from nosframe.tui.screens.main import MainScreen
from nosframe.tui.widgets.coverage import CoverageView
from nosframe.tui.widgets.element_editor import ElementEditor
from nosframe.tui.widgets.framework_tree import FrameworkTree
from nosframe.tui.widgets.problems import ProblemsPanel

DARK, LIGHT = "textual-dark", "textual-light"
SWITCH_INTERVAL = 0.0005  # seconds (sys.setswitchinterval) while the editor runs
#: at most this many settings problems are shown whole in the opening toast; more are counted
SHOWN_WHOLE = 2


def settings_notices(problems: list[SettingProblem]) -> list[str]:
    """What the opening toast says of the settings file's problems: each whole when they are
    few, else one short line per file counting them (all are printed when the editor quits)."""
    if len(problems) <= SHOWN_WHOLE:
        return [*problems, "(printed again when the editor quits)"] if problems else []
    files: dict[str, int] = {}
    for problem in problems:
        files[str(problem.path)] = files.get(str(problem.path), 0) + 1
    return [f"{count} settings in {path} were not used (their defaults are): each is printed "
            "with its line when the editor quits (docs/tui.md, Settings)"
            for path, count in files.items()]


class NosframeApp(App[None]):
    """The framework editor."""

    CSS_PATH = "app.tcss"
    TITLE = "nosframe"
    COMMANDS = App.COMMANDS | {NosframeCommands}
    COMMAND_PALETTE_DISPLAY = "ctrl+p"

    BINDINGS = [
        # Textual's own ctrl+q would quit at once: on the main screen it asks first, and a
        # dialog open over it takes no quit (as no other editor key)
        Binding("ctrl+q", "quit", "Quit", id="quit", show=False, priority=True),
        Binding("ctrl+t", "toggle_theme", "Theme", id="theme", show=False),
    ]

    def __init__(self, session: Session | Future[Session], *, theme: str | None = None,
                 keymap: dict[str, str] | None = None, check_delay: float = 0.3,
                 journal_delay: float = 1.0, cursor_blink: bool = True,
                 notices: Iterable[str] = (), search_delay: float = 0.015, name: str = ""):
        """``session`` may be a future of one still opening (a large file): the editor paints
        its screen at once, shows that it is opening, and fills in when the future is done
        (``name``: the file's name, for the title meanwhile)."""
        super().__init__()
        #: the future of the session while it opens, else None
        self.opening: Future[Session] | None = None
        #: the error it failed to open with, once the editor was up (``nosframe edit`` says it)
        self.open_error: BaseException | None = None
        if isinstance(session, Future):
            self.opening, session = session, None
        self.session: Session = session  # type: ignore[assignment] # None while opening
        self.opening_name = name
        self.check_delay = check_delay
        self.search_delay = search_delay  # the NOS picker's debounce (0: search at once)
        self.journal_delay = journal_delay
        self.cursor_blink = cursor_blink
        notices = list(notices)
        #: the settings file's problems, every one: printed to stderr when the editor quits
        self.setting_problems = [n for n in notices if isinstance(n, SettingProblem)]
        self.notices = settings_notices(self.setting_problems) + \
            [n for n in notices if not isinstance(n, SettingProblem)]
        self.main = MainScreen()
        error = theme_error(theme) if theme else None
        if error:  # the settings' theme is checked when read: this one is --theme's
            self.notices.append(f"--theme: {error}; {DARK} is used")
            theme = None
        self._initial_theme = theme or DARK
        self.title = f"nosframe — {session.name if session is not None else name}"
        if keymap:
            self.set_keymap(keymap)

    def run(self, *args: Any, **kwargs: Any) -> Any:
        """Run the editor; when it ends, print the settings file's problems to stderr, where
        they stay readable (the toast said only how many when they were several)."""
        try:
            return super().run(*args, **kwargs)
        finally:
            for problem in self.setting_problems:
                print(f"nosframe edit: {problem}", file=sys.stderr)

    def get_default_screen(self) -> Screen:
        return self.main

    def on_load(self) -> None:
        # a worker thread that computes (composing, checking) holds the interpreter for the
        # switch interval each time the event loop wants it back: 5 ms by default, which a key
        # or a frame waits for again and again while the thread runs. Switch sooner.
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(min(self._switch_interval, SWITCH_INTERVAL))

    def on_unmount(self) -> None:
        sys.setswitchinterval(self._switch_interval)

    def on_mount(self) -> None:
        self.theme = self._initial_theme

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if not self.cursor_blink and hasattr(event.widget, "cursor_blink"):
            event.widget.cursor_blink = False  # type: ignore[attr-defined]

    async def action_quit(self) -> None:
        if self.screen is self.main:
            await self.main.action_quit()

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.current_theme.dark else DARK

    # -- what help shows -------------------------------------------------------------------

    def binding_rows(self) -> list[tuple[str, str, str, str]]:
        """(where, keys, what, id) of every binding, with the user's keymap applied."""
        from nosframe.tui.screens.mapping import MappingScreen as _Mapping
        from nosframe.tui.screens.picker import PickerScreen as _Picker

        keymap = getattr(self, "_keymap", {}) or {}
        rows = [("anywhere", "ctrl+p", "command palette: every action, go to element", "")]
        groups = [("anywhere", self.BINDINGS + MainScreen.BINDINGS), ("tree", FrameworkTree.BINDINGS),
                  ("editor", ElementEditor.BINDINGS), ("problems", ProblemsPanel.BINDINGS),
                  ("coverage", CoverageView.BINDINGS), ("picker", _Picker.BINDINGS),
                  ("mapping", _Mapping.BINDINGS), ("dialogs", ChoiceScreen.BINDINGS[:1])]
        helps = {action: help_text.split(" (")[0] for _, action, help_text in MainScreen.PALETTE}
        seen: set[tuple[str, str]] = set()
        for where, bindings in groups:
            for binding in bindings:
                if not isinstance(binding, Binding) or not binding.description:
                    continue
                if (where, binding.key) in seen:  # the app's ctrl+q routes to the screen's
                    continue
                seen.add((where, binding.key))
                keys = keymap.get(binding.id or "", binding.key) if binding.id else binding.key
                keys = keys.replace("question_mark", "?")
                action = binding.action.removeprefix("app.").removeprefix("screen.")
                what = helps.get(action, "") \
                    if where in ("anywhere", "tree") else ""
                what = f"{binding.description}: {what}" if what else binding.description
                rows.append((where, keys, what, binding.id or ""))
        rows += [("tree", "enter", "open a branch; on an element, edit its fields", ""),
                 ("editor", "tab / shift+tab", "next / previous field", ""),
                 ("codes", "tab or →", "accept the completion shown", ""),
                 ("problems", "enter", "jump to the element and field", ""),
                 ("coverage", "enter", "map criteria for that role and behaviour", "")]
        return rows



__all__ = ["NosframeApp"]
