"""The help screen: every key binding, where it applies, and its id (for a keymap)."""

from __future__ import annotations

from typing import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Label, Static

from nosframe.tui.screens.modal import Dialog

LEGEND = ("In the tree, inherited elements are [i]dim and italic[/i]; an inherited element your "
          "file overrides starts with [b]*[/b]. Editing an inherited element writes an "
          "[b]override[/b] in your file, never a change to the preset.")


class HelpScreen(Dialog[None]):
    BINDINGS = [Binding("escape,f1,q,question_mark", "close", "Close", id="help.close")]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 96%; height: 92%; border: thick $accent; background: $surface; padding: 0 1;
    }
    HelpScreen #help-title { text-style: bold; }
    HelpScreen DataTable { height: 1fr; }
    HelpScreen #help-legend { height: auto; color: $text-muted; }
    """

    def __init__(self, rows: Sequence[tuple[str, str, str, str]]):
        """``rows``: (where, keys, what, binding id)."""
        super().__init__()
        self.rows = list(rows)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("nosframe edit — keys (escape closes)", id="help-title")
            table: DataTable = DataTable(cursor_type="row", id="help-table")
            table.add_column("where", width=12)
            table.add_column("keys", width=16)
            table.add_column("what", width=60)
            table.add_column("binding id")
            for row in self.rows:
                table.add_row(*row)
            yield table
            yield Static(LEGEND, id="help-legend")

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()

    def action_close(self) -> None:
        self.dismiss(None)


__all__ = ["HelpScreen"]
