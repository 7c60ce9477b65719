"""The progression ladder, drawn: roles in rungs along ``progresses_to``, entry roles at the
bottom (:func:`nosframe.analysis.ladder.draw_ladder`; this screen only shows it)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from nosframe.analysis.ladder import draw_ladder, ladder
from nosframe.model import Framework
from nosframe.tui.markup import escape
from nosframe.tui.screens.modal import Dialog


class LadderScreen(Dialog[None]):
    """The ladder of the composed framework, scrollable; escape closes."""

    DEFAULT_CSS = """
    LadderScreen { align: center middle; }
    LadderScreen > Vertical { width: 98%; height: 90%; border: thick $accent;
                              background: $surface; padding: 0 1; }
    LadderScreen .dialog-title { text-style: bold; }
    LadderScreen #ladder-body { height: 1fr; }
    LadderScreen #ladder-text { width: auto; }
    """
    BINDINGS = [Binding("escape", "close", "Close", id="ladder.close")]

    def __init__(self, framework: Framework):
        super().__init__()
        self.framework = framework

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Progression ladder (escape closes)", classes="dialog-title")
            with VerticalScroll(id="ladder-body"):
                yield Static("", id="ladder-text")

    def on_mount(self) -> None:
        self.show_ladder()
        self.query_one("#ladder-body").focus()

    def text(self) -> str:
        width = max(self.size.width - 6, 40) if self.size.width else 100
        found = ladder(self.framework)
        if not found.roles:
            return "the framework has no roles"
        return "\n".join(draw_ladder(found, width))

    def show_ladder(self) -> None:
        self.query_one("#ladder-text", Static).update(escape(self.text()))

    def on_resize(self) -> None:
        self.show_ladder()

    def action_close(self) -> None:
        self.dismiss(None)


__all__ = ["LadderScreen"]
