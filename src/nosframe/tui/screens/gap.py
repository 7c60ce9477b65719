"""The gap view: what a person in one role must gain for another (standards with their
criteria, behaviour levels, qualifications) and what they keep, between two roles chosen here.
The gap is :func:`nosframe.analysis.gap`; this screen only shows it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Label, Select, Static

from nosframe.analysis.gap import describe_gap, gap
from nosframe.model import Framework
from nosframe.tui.markup import escape
from nosframe.tui.screens.modal import Dialog


class GapScreen(Dialog[None]):
    """Two role choosers and the gap between them, recomputed as either changes."""

    DEFAULT_CSS = """
    GapScreen { align: center middle; }
    GapScreen > Vertical { width: 110; max-width: 98%; height: 90%; border: thick $accent;
                           background: $surface; padding: 0 1; }
    GapScreen .dialog-title { text-style: bold; }
    GapScreen #gap-roles { height: auto; }
    GapScreen #gap-roles Select { width: 1fr; }
    GapScreen #gap-roles Label { padding: 1 1 0 1; }
    GapScreen #gap-body { height: 1fr; }
    """
    BINDINGS = [Binding("escape", "close", "Close", id="gap.close"),
                Binding("s", "swap", "Swap roles", id="gap.swap")]

    def __init__(self, framework: Framework, from_role: str, to_role: str):
        super().__init__()
        self.framework = framework
        self.from_role, self.to_role = from_role, to_role
        self.options = [(f"{r.title or r.id} ({r.id})", r.id) for r in framework.roles]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Gap between two roles (escape closes, s swaps)", classes="dialog-title")
            with Horizontal(id="gap-roles"):
                yield Label("from")
                yield Select(self.options, value=self.from_role, allow_blank=False,
                             id="gap-from")
                yield Label("to")
                yield Select(self.options, value=self.to_role, allow_blank=False, id="gap-to")
            with VerticalScroll(id="gap-body"):
                yield Static("", id="gap-text")

    def on_mount(self) -> None:
        self.show_gap()
        self.query_one("#gap-to", Select).focus()

    def text(self) -> str:
        titles = {r.id: r.title or r.id for r in self.framework.roles}
        found = gap(self.framework, self.from_role, self.to_role)
        head = (f"[b]{escape(titles[self.from_role])} → {escape(titles[self.to_role])}[/b]: "
                f"{len(found.standards)} standards ({found.criteria_count} criteria of "
                f"mandatory ones), {len(found.behaviours)} behaviour levels to gain")
        return "\n".join([head, ""] + [escape(line) for line in
                                       describe_gap(self.framework, found)])

    def show_gap(self) -> None:
        self.query_one("#gap-text", Static).update(self.text())

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if event.value is Select.BLANK:
            return
        if event.select.id == "gap-from":
            self.from_role = str(event.value)
        else:
            self.to_role = str(event.value)
        self.show_gap()

    def action_swap(self) -> None:
        self.from_role, self.to_role = self.to_role, self.from_role
        with self.prevent(Select.Changed):
            self.query_one("#gap-from", Select).value = self.from_role
            self.query_one("#gap-to", Select).value = self.to_role
        self.show_gap()

    def action_close(self) -> None:
        self.dismiss(None)


__all__ = ["GapScreen"]
