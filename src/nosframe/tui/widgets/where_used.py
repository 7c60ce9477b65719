"""Where-used: the elements that refer to the selected standard, behaviour, value, role or
level. Enter jumps to one."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

RELATIONS = {"requires": "requires it", "needs": "needs it", "progresses_to": "progresses to it",
             "evidences": "evidences it", "expresses": "expresses it"}


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
        self.rows: list[tuple[tuple[str, str], str]] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="used-title")
        table: DataTable = DataTable(cursor_type="row", id="used-table")
        table.add_column("kind", width=10)
        table.add_column("id", width=30)
        table.add_column("relation")
        yield table

    def show(self, target: tuple[str, str] | None, rows: list[tuple[tuple[str, str], str]],
             labels: dict[tuple[str, str], str]) -> None:
        self.rows = list(rows)
        title = self.query_one("#used-title", Static)
        table = self.query_one(DataTable)
        table.clear()
        if target is None:
            title.update("Select a standard, behaviour, value, role or level to see what "
                         "uses it.")
            return
        kind, key = target
        title.update(f"[b]{kind} {key}[/b] is used by {len(rows)} element"
                     f"{'s' if len(rows) != 1 else ''}" + (":" if rows else "."))
        for (rkind, rkey), rel in rows:
            label = labels.get((rkind, rkey), "")
            shown = f"{rkey} {label}".strip() if label and label != rkey else rkey
            table.add_row(rkind, shown, RELATIONS.get(rel, rel))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if 0 <= event.cursor_row < len(self.rows):
            (kind, key), _ = self.rows[event.cursor_row]
            self.post_message(self.Jump(kind, key))


__all__ = ["WhereUsedView"]
