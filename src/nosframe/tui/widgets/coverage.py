"""The coverage matrix: roles by behaviours, the level each role requires, and whether the
role's mapped NOS criteria evidence it. Gaps are red; enter on a cell maps criteria for it."""

from __future__ import annotations

import textwrap
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from nosframe.analysis import coverage_matrix
from nosframe.analysis.coverage import Status

CELL = {
    Status.COVERED: ("✓", "green"),
    Status.OPTIONAL_ONLY: ("~", "yellow"),
    Status.GAP: ("✗", "bold white on red"),
    Status.EXTRA: ("+", "dim"),
    Status.NONE: ("·", "dim"),
}


def _two_lines(text: str, width: int) -> Text:
    lines = textwrap.wrap(text, width, break_long_words=False) or [""]
    if len(lines) > 2:
        lines = [lines[0], _short(" ".join(lines[1:]), width)]
    return Text("\n".join(_short(line, width) for line in lines))


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


class CoverageView(Vertical):
    BINDINGS = [Binding("e", "edit_role", "Edit role", id="coverage.edit-role")]

    DEFAULT_CSS = """
    CoverageView { height: 1fr; }
    CoverageView #coverage-summary { height: auto; padding: 0 1; }
    CoverageView DataTable { height: 1fr; }
    """

    class CellChosen(Message):
        def __init__(self, role: str, behaviour: str):
            super().__init__()
            self.role, self.behaviour = role, behaviour

    class RoleChosen(Message):
        def __init__(self, role: str):
            super().__init__()
            self.role = role

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.matrix = None
        self._signature: object = None
        self._shown: tuple[Any, Any] | None = None

    #: a behaviour's column: at least wide enough for "✓ 2" and a short name, at most enough
    #: for two lines of a long one; role titles up to this wide
    MIN_COLUMN, MAX_COLUMN, MIN_LABEL, MAX_LABEL = 12, 28, 22, 40

    def _widths(self, titles: list[str], columns: int) -> tuple[int, int]:
        """(role label, behaviour column) widths filling the space there is: a wide terminal
        gets readable names instead of narrow columns beside empty space."""
        room = self.size.width or 80
        label = max(self.MIN_LABEL, min(self.MAX_LABEL, max(map(len, titles), default=0)))
        label = min(label, max(self.MIN_LABEL, room // 3))
        if not columns:
            return label, self.MIN_COLUMN
        # each column also takes a cell of padding either side
        fits = (room - label - 2) // columns - 2
        return label, max(self.MIN_COLUMN, min(self.MAX_COLUMN, fits))

    def on_resize(self, event: Any) -> None:
        if self._shown is not None:
            self.show(*self._shown)

    def compose(self) -> ComposeResult:
        yield Static("", id="coverage-summary")
        table: DataTable = DataTable(cursor_type="cell", id="coverage-table",
                                     zebra_stripes=True)
        table.header_height = 2
        yield table

    def show(self, framework: Any, graph: Any = None) -> None:
        self._shown = (framework, graph)
        matrix = coverage_matrix(framework, graph)
        names = {b.id: b.name or b.id for b in framework.behaviours}
        titles = {r.id: r.title or r.id for r in framework.roles}
        label_width, column_width = self._widths(
            [titles[rid] for rid in matrix.roles], len(matrix.behaviours))
        signature = (matrix, tuple(names.items()), tuple(titles.items()), label_width,
                     column_width)
        if signature == self._signature:
            return
        self._signature = signature
        self.matrix = matrix
        table = self.query_one(DataTable)
        cursor = table.cursor_coordinate
        table.clear(columns=True)
        for bid in matrix.behaviours:
            table.add_column(_two_lines(names[bid], column_width), key=bid, width=column_width)
        for rid in matrix.roles:
            cells = []
            for bid in matrix.behaviours:
                cell = matrix.cell(rid, bid)
                mark, style = CELL[cell.status]
                level = str(cell.level) if cell.level is not None else ""
                cells.append(Text(f"{mark} {level}".rstrip(), style=style))
            table.add_row(*cells, key=rid, label=_short(titles[rid], label_width))
        if matrix.roles and matrix.behaviours:
            table.move_cursor(row=min(cursor.row, len(matrix.roles) - 1),
                              column=min(cursor.column, len(matrix.behaviours) - 1),
                              animate=False)
        gaps = len(matrix.gaps())
        required = len(matrix.required())
        summary = Text()
        summary.append("Coverage ", style="bold")
        summary.append(f"{matrix.ratio:.0%}", style="bold green" if not gaps else "bold yellow")
        summary.append(f" of {required} required role×behaviour pairs evidenced · ")
        summary.append(f"{gaps} gap{'s' if gaps != 1 else ''}",
                       style="bold red" if gaps else "green")
        summary.append("\n✓ covered  ~ optional NOS only  ✗ gap  · not required  "
                       "+ also evidenced  ⏎ maps", style="dim")
        self.query_one("#coverage-summary", Static).update(summary)

    def current(self) -> tuple[str, str] | None:
        if self.matrix is None or not self.matrix.roles or not self.matrix.behaviours:
            return None
        coordinate = self.query_one(DataTable).cursor_coordinate
        return (self.matrix.roles[coordinate.row], self.matrix.behaviours[coordinate.column])

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        current = self.current()
        if current:
            self.post_message(self.CellChosen(*current))

    def action_edit_role(self) -> None:
        current = self.current()
        if current:
            self.post_message(self.RoleChosen(current[0]))


__all__ = ["CoverageView"]
