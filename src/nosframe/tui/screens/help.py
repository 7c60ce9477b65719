"""The help screen: every key binding, where it applies, and its id (for a keymap).

The table's "what" column takes the width the dialog has; the line under the table shows the
row under the cursor whole (its text and binding id), so nothing is lost at 80 columns. The
legend says what the marks the editor uses mean.
"""

from __future__ import annotations

from typing import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Label, Static

from nosframe.tui.screens.modal import Dialog

LEGEND = ("[b]Tree:[/b] inherited elements are [i]dim and italic[/i]; one your file overrides "
          "starts with [b]*[/b]; editing an inherited element writes an [b]override[/b] in your "
          "file, never a change to the preset.  [b]Problems:[/b] [bold red]✖[/] error, "
          "[yellow]▲[/] warning, [blue]●[/] info.  [b]NOS picker:[/b] [green]✓[/] the role "
          "has it, [bold yellow]●[/] ticked to add.  [b]Status line:[/b] [bold yellow]●[/] "
          "unsaved edits.")

#: widths of the where and keys columns; "what" takes the rest, binding id what it needs
WHERE, KEYS = 12, 16
#: the binding id column is shown when "what" keeps at least this width beside it
WIDE_WHAT = 50


class HelpScreen(Dialog[None]):
    BINDINGS = [Binding("escape,f1,q,question_mark", "close", "Close", id="help.close")]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 96%; height: 92%; border: thick $accent; background: $surface; padding: 0 1;
    }
    HelpScreen #help-title { text-style: bold; }
    HelpScreen DataTable { height: 1fr; }
    HelpScreen #help-row { height: auto; color: $text; text-style: italic; }
    HelpScreen #help-legend { height: auto; color: $text-muted; }
    """

    def __init__(self, rows: Sequence[tuple[str, str, str, str]]):
        """``rows``: (where, keys, what, binding id)."""
        super().__init__()
        self.rows = list(rows)
        self.with_ids = True

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Keys (escape closes; the line under the table shows a row whole)",
                        id="help-title", classes="dialog-title")
            yield DataTable(cursor_type="row", id="help-table")
            yield Static("", id="help-row")
            yield Static(LEGEND, id="help-legend")

    def on_mount(self) -> None:
        self._fill()
        self.query_one(DataTable).focus()

    def on_resize(self) -> None:
        self._fill()

    def _fill(self) -> None:
        """(Re)build the table so that "what" takes the width there is."""
        table = self.query_one(DataTable)
        ids = max((len(r[3]) for r in self.rows), default=10)
        inner = self.query_one(Vertical).content_size.width or self.app.size.width - 6
        # each column has one cell of padding either side; the scrollbar takes 2
        what = inner - WHERE - KEYS - ids - 4 * 2 - 2
        self.with_ids = what >= WIDE_WHAT  # else the ids are in the line below alone
        if not self.with_ids:
            what = max(inner - WHERE - KEYS - 3 * 2 - 2, 20)
        row = table.cursor_row
        table.clear(columns=True)
        table.add_column("where", width=WHERE)
        table.add_column("keys", width=KEYS)
        table.add_column("what", width=what)
        if self.with_ids:
            table.add_column("binding id", width=ids)
        for cells in self.rows:
            table.add_row(*(cells if self.with_ids else cells[:3]))
        if self.rows:
            table.move_cursor(row=min(max(row, 0), len(self.rows) - 1))
            self._show(table.cursor_row)

    def _show(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            where, keys, what, binding = self.rows[row]
            self.query_one("#help-row", Static).update(
                f"{keys} ({where}): {what}  [dim]binding id: {binding}[/dim]")

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show(event.cursor_row)

    def action_close(self) -> None:
        self.dismiss(None)


__all__ = ["HelpScreen"]
