"""The NOS picker: search every installed standard (the framework's, every preset's, and the
national library when one is installed) by code, title, keyword or suite, as you type, and add
the chosen ones to a role.

A search runs in a thread worker (exclusive: a newer one makes an older one's results void), at
once when none is under way, else a short while after the last key (the app's
``search_delay``), so typing never waits for it; the table keeps the last results until the new
ones arrive, and is refilled without rebuilding its columns."""

from __future__ import annotations

import functools
import threading
from typing import Any, Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, DataTable, Input, Label, Static
from textual.worker import get_current_worker

from nosframe.checks.builtin import INSTALL_LIBRARY
from nosframe.model import Standard
from nosframe.editing.catalogue import Catalogue, Entry
from nosframe.editing.present import cut
from nosframe.tui.frames import paced_update_timer
from nosframe.tui.screens.modal import Dialog
from nosframe.tui.widgets.field_input import FieldInput
from nosframe.tui.widgets.quick_table import QuickTable
from nosframe.tui.widgets.steady import SteadyStatic

LIMIT = 100
#: what a search that finds nothing says when no national library is installed (the words of
#: docs/library.md and of NF102's hint)
NO_LIBRARY = ("no national library is installed, so only the framework's and the presets' "
              f"standards are searched; to search every published NOS: {INSTALL_LIBRARY} "
              "(docs/library.md)")
#: seconds after the last key before a search starts (``NosframeApp(search_delay=...)``)
SEARCH_DELAY = 0.015


class PickerResult:
    def __init__(self, standards: list[Standard], optional: bool):
        self.standards = standards
        self.optional = optional


class PickerScreen(Dialog[PickerResult | None]):
    """Type to search; up/down move; space marks; enter adds the marked (or the highlighted)
    standard; escape cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
        Binding("down", "cursor(1)", "Down", show=False, id="picker.down"),
        Binding("up", "cursor(-1)", "Up", show=False, id="picker.up"),
        Binding("pagedown", "cursor(10)", show=False),
        Binding("pageup", "cursor(-10)", show=False),
        Binding("ctrl+t", "toggle_mark", "Mark", id="picker.mark"),
        Binding("ctrl+o", "toggle_optional", "Optional", id="picker.optional"),
    ]

    DEFAULT_CSS = """
    PickerScreen { align: center middle; }
    PickerScreen > Vertical {
        width: 96%; height: 90%; border: thick $accent; background: $surface; padding: 0 1;
    }
    PickerScreen #picker-title { text-style: bold; height: 1; }
    PickerScreen #picker-table { height: 1fr; }
    PickerScreen #picker-status { height: auto; color: $text-muted; }
    PickerScreen .row { height: auto; }
    PickerScreen .row Input { width: 1fr; }
    PickerScreen .row Checkbox { width: auto; }
    """

    def __init__(self, catalogue: Catalogue, role_title: str, have: set[str],
                 suggest: Callable[[], Any] | None = None):
        """``suggest()``: the standards suggested for the role
        (:class:`nosframe.analysis.suggest.StandardSuggestions`), listed while the search box
        is empty, each with the words that matched."""
        super().__init__()
        self.catalogue = catalogue
        self.role_title = role_title
        self.have = have  # normalised codes the role already has
        self.results: list[Entry] = []
        self.marked: dict[str, Standard] = {}
        self.suggest = suggest
        self.suggested: list[Any] | None = None  # StandardSuggestion, once asked
        self.suggest_note = ""
        self.why: dict[str, str] = {}  # key -> why it is suggested (shown while suggesting)
        self.shown_for: str | None = None  # the search text whose results the table shows
        self._asked = 0  # searches asked for; a result older than the one shown is dropped
        self._shown = -1
        self._timer: Any = None
        self._suggesting = threading.Lock()  # the worker and enter may both ask for them

    @property
    def _update_timer(self) -> Any:
        """Textual's frame timer for this screen, paced without Textual's skipped frame and
        hurried when results are drawn, so they are painted when ready rather than at the
        next frame time (:mod:`nosframe.tui.frames`)."""
        timer = self.__dict__.get("_paced_timer")
        if timer is None:
            timer = self.__dict__["_paced_timer"] = paced_update_timer(self,
                                                                       self._on_timer_update)
        return timer

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Add NOS to {self.role_title}", id="picker-title", classes="dialog-title")
            with Horizontal(classes="row"):
                yield FieldInput(placeholder="search by code, title, keyword or suite",
                            id="picker-search")
                yield Checkbox("optional", id="picker-optional", compact=True)
            yield QuickTable(cursor_type="row", id="picker-table")
            yield SteadyStatic("", id="picker-status")

    #: (key, heading, width; 0: what is left) of the columns, and the table width each
    #: optional column needs before it is shown (or, SHOW_UNDER, the width from which it is
    #: not): a narrow terminal shows code, title and where each comes from in a word
    #: (``file``, ``preset``, ``lib``), the status line the highlighted one's source whole
    COLUMNS = (("mark", "", 2), ("code", "code", 10), ("title", "title", 0),
               ("suite", "suite", 18), ("source", "from", 16), ("kind", "from", 6))
    SHOW_FROM = {"suite": 84, "source": 100}
    SHOW_UNDER = {"kind": 100}
    MIN_TITLE = 20
    #: the first word of an entry's source (:class:`nosframe.editing.catalogue.Entry`) as the
    #: narrow "from" column says it
    KIND_WORDS = {"framework": "file", "library": "lib"}

    def on_mount(self) -> None:
        self.query_one("#picker-search", Input).focus()
        self._columns = self._layout()
        self._start_search()

    def on_resize(self, event: Any) -> None:
        layout = self._layout()
        if layout != getattr(self, "_columns", None):
            self._columns = layout
            self._draw()

    def _layout(self) -> tuple[tuple[str, str, int], ...]:
        """The columns that fit the table's width, the title taking what is left."""
        table = self.query_one("#picker-table", DataTable)
        room = table.size.width or self.size.width or 80
        shown = [(key, heading, width) for key, heading, width in self.COLUMNS
                 if self.SHOW_FROM.get(key, 0) <= room < self.SHOW_UNDER.get(key, room + 1)]
        fixed = sum(width + 2 for _, _, width in shown) + 2  # a cell's padding; the title's
        return tuple((key, heading, width or max(self.MIN_TITLE, room - fixed - 1))
                     for key, heading, width in shown)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._search(event.value)

    @property
    def search_delay(self) -> float:
        return getattr(self.app, "search_delay", SEARCH_DELAY)

    def _search(self, text: str) -> None:
        """Search for ``text`` in a worker after the debounce; the table shows the last
        results meanwhile."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        idle = self._shown == self._asked  # no search under way: this key's starts at once
        if self.search_delay > 0 and not idle:
            self._timer = self.set_timer(self.search_delay, self._start_search)
        else:
            self._start_search()

    def _start_search(self) -> None:
        self._timer = None
        self._asked += 1
        text = self.query_one("#picker-search", Input).value
        self.run_worker(functools.partial(self._run_search, text, self._asked), name="search",
                        group="picker", description="search the standards", exclusive=True,
                        thread=True, exit_on_error=False)

    def _run_search(self, text: str, asked: int) -> None:
        found = self._find(text)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, text, asked, *found)

    def _find(self, text: str) -> tuple[list[Entry], dict[str, str]]:
        """(results, why each is suggested): the suggestions while the text is empty."""
        if not text.strip() and self._suggestions():
            return ([Entry(s.standard, s.source) for s in self._suggestions()],
                    {s.standard.key: s.brief() for s in self._suggestions()})
        return self.catalogue.search(text, limit=LIMIT), {}

    def _show(self, text: str, asked: int, results: list[Entry], why: dict[str, str]) -> None:
        if asked < self._shown or not self.is_attached:
            return  # a newer search's results are shown already
        self._shown = asked
        self.results, self.why = results, why
        self.shown_for = text
        self._draw()
        self._update_timer.hurry()  # painted now, not at the next frame time

    def _search_now(self) -> None:
        """What is typed, searched here and now (enter pressed before the worker answered)."""
        text = self.query_one("#picker-search", Input).value
        if text == self.shown_for:
            return
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._asked += 1
        self._show(text, self._asked, *self._find(text))

    def _suggestions(self) -> list[Any]:
        """The suggestions for the role, asked for once."""
        with self._suggesting:
            return self._suggest_once()

    def _suggest_once(self) -> list[Any]:
        if self.suggested is None:
            self.suggested = []
            if self.suggest is not None:
                try:
                    found = self.suggest()
                    self.suggested = list(found.suggestions)
                    self.suggest_note = "; ".join(found.notes)
                except Exception as exc:  # suggestions must never stop the picker
                    self.suggest_note = f"no suggestions: {type(exc).__name__}: {exc}"
        return self.suggested

    def _draw(self) -> None:
        table = self.query_one("#picker-table", QuickTable)
        columns = getattr(self, "_columns", None) or self._layout()
        if self.why:  # suggestions: the suite column says why instead, given more room
            title = next(w for k, _, w in columns if k == "title")
            extra = max(0, min(14, title - self.MIN_TITLE - 10)) \
                if any(key == "suite" for key, _, _ in columns) else 0
            columns = tuple((key, "matched" if key == "suite" else heading,
                             width + extra if key == "suite" else
                             width - extra if key == "title" else width)
                            for key, heading, width in columns)
        if [str(c.key.value) for c in table.columns.values()] != [k for k, _, _ in columns] or \
                [c.width for c in table.columns.values()] != [w for _, _, w in columns] or \
                [str(c.label) for c in table.columns.values()] != [h for _, h, _ in columns]:
            table.clear(columns=True)
            for key, heading, width in columns:
                table.add_column(heading, width=width, key=key)
        rows = []
        for entry in self.results:
            s = entry.standard
            if s.key in self.have:
                mark = Text("✓", style="green")
            elif s.key in self.marked:
                mark = Text("●", style="bold yellow")
            else:
                mark = Text("")
            suite = s.suites[0] if s.suites else ""
            cells = {"mark": mark, "code": s.code, "title": s.title,
                     "suite": self.why.get(s.key, suite) if self.why else suite,
                     "source": entry.source, "kind": self._kind(entry)}
            if self.why and not any(key == "suite" for key, _, _ in columns):
                cells["title"] = f"{s.title} · {self.why.get(s.key, '')}"
            rows.append((s.key, [cut(cells[key], width) if isinstance(cells[key], str) else
                                 cells[key] for key, _, width in columns]))
        table.replace_rows(rows)
        self._status()

    def _status(self) -> None:
        shown = len(self.results)
        found = (f"{shown} suggested for this role (its purpose and responsibilities; type to "
                 "search)" if self.why else f"{shown}{'+' if shown >= LIMIT else ''} found")
        status = (f"{found} · {len(self.marked)} marked"
                  " · ↑↓ move · ctrl+t (or space in the list) marks · enter adds · "
                  "ctrl+o optional · esc cancels")
        notes = self.catalogue.failures[:3] + ([self.suggest_note] if self.suggest_note else [])
        if not shown and not self.why and (self.shown_for or "").strip() and \
                not self.catalogue.libraries:
            notes.insert(0, NO_LIBRARY)
        if notes:
            status += "\n" + "; ".join(notes)
        narrow = not self._shows("source")
        entry = self._highlighted() if self.why or narrow else None
        reasons = self._reasons(entry) if entry is not None and self.why else ()
        source = f" (from {entry.source})" if entry is not None and narrow else ""
        if reasons:  # the whole reason, however narrow: the engine's words, as the CLI says it
            status = f"{entry.standard.code}{source}: {'; '.join(reasons)}\n" + status
        elif source:  # the "from" column in a word: the source whole for the highlighted one
            status = f"{entry.standard.code}{source}\n" + status
        # a SteadyStatic: the same text is not set again, and the screen is laid out again
        # only when the status takes another number of lines (a layout of the picker costs
        # more than drawing its results)
        self.query_one("#picker-status", Static).update(Text(status))

    def _shows(self, column: str) -> bool:
        columns = getattr(self, "_columns", None) or self._layout()
        return any(key == column for key, _, _ in columns)

    def _kind(self, entry: Entry) -> str:
        word = entry.source.split(" ", 1)[0]
        return self.KIND_WORDS.get(word, word)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if self.why or not self._shows("source"):
            self._status()

    def _reasons(self, entry: Entry) -> tuple[str, ...]:
        for suggestion in self.suggested or ():
            if suggestion.standard.key == entry.key:
                return suggestion.reasons()
        return ()

    def _highlighted(self) -> Entry | None:
        table = self.query_one("#picker-table", DataTable)
        if not self.results:
            return None
        row = table.cursor_row
        return self.results[row] if 0 <= row < len(self.results) else None

    def action_cursor(self, delta: int) -> None:
        table = self.query_one("#picker-table", DataTable)
        if self.results:
            table.move_cursor(row=max(0, min(len(self.results) - 1, table.cursor_row + delta)))

    def action_toggle_mark(self) -> None:
        entry = self._highlighted()
        if entry is None or entry.key in self.have:
            return
        if entry.key in self.marked:
            del self.marked[entry.key]
        else:
            self.marked[entry.key] = entry.standard
        table = self.query_one("#picker-table", DataTable)
        row = table.cursor_row
        self._draw()
        table.move_cursor(row=row)

    def action_toggle_optional(self) -> None:
        box = self.query_one("#picker-optional", Checkbox)
        box.value = not box.value

    def on_key(self, event: Any) -> None:
        if event.key == "space" and self.focused is self.query_one("#picker-table"):
            event.stop()
            self.action_toggle_mark()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._confirm()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._confirm()

    def _confirm(self) -> None:
        self._search_now()
        chosen = list(self.marked.values())
        if not chosen:
            entry = self._highlighted()
            if entry is None:
                self.notify("nothing found to add" + (
                    "" if self.catalogue.libraries else f": {NO_LIBRARY}"),
                    severity="warning", timeout=10)
                return
            if entry.key in self.have:
                self.notify(f"{entry.standard.code} is already in this role",
                            severity="warning")
                return
            chosen = [entry.standard]
        optional = self.query_one("#picker-optional", Checkbox).value
        self.dismiss(PickerResult(chosen, optional))

    def action_cancel(self) -> None:
        self.dismiss(None)


__all__ = ["PickerResult", "PickerScreen"]
