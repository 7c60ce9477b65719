"""Where-used: the elements that refer to the selected standard, behaviour, value, role or
level. Enter jumps to one."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from nosframe.model.references import Use
from nosframe.tui.markup import escape


class WhereUsedView(Vertical):
    DEFAULT_CSS = """
    WhereUsedView { height: 1fr; }
    WhereUsedView #used-title { height: auto; padding: 0 1; }
    WhereUsedView DataTable { height: 1fr; }
    """

    class Jump(Message):
        def __init__(self, kind: str, key: str):
            super().__init__()
            self.kind, self.key = kind, key

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.rows: list[Use] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="used-title")
        table: DataTable = DataTable(cursor_type="row", id="used-table")
        table.add_column("kind", width=10)
        table.add_column("id", width=30)
        table.add_column("relation")
        yield table

    def show(self, target: tuple[str, str] | None, rows: list[Use],
             labels: dict[tuple[str, str], str]) -> None:
        """The uses of ``target`` (one row per place: a role needing a standard as required
        and as optional is two rows), titled with the number of elements using it."""
        self.rows = list(rows)
        title = self.query_one("#used-title", Static)
        table = self.query_one(DataTable)
        table.clear()
        if target is None:
            title.update("Select a standard, behaviour, value, role or level to see what "
                         "uses it.")
            return
        kind, key = target
        users = len({use.element for use in rows})
        title.update(f"[b]{escape(kind)} {escape(key)}[/b] is used by {users} element"
                     f"{'s' if users != 1 else ''}" + (":" if rows else "."))
        for use in rows:
            label = labels.get(use.element, "")
            shown = f"{use.key} {label}".strip() if label and label != use.key else use.key
            table.add_row(use.kind, shown, use.text)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if 0 <= event.cursor_row < len(self.rows):
            self.post_message(self.Jump(*self.rows[event.cursor_row].element))


__all__ = ["WhereUsedView"]
