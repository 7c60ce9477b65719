"""The problems panel: live findings of the checks; choosing one jumps to its element and
field. Only the first few hundred rows are drawn (a table costs about 30 us a cell). The table
cuts long messages: while the panel has focus, the lines under the table give the highlighted
finding with its hint, and ``i`` opens it whole (where it is, too). The panel keeps its size and place, so the row under the mouse
stays the row under the mouse.

It lists the file's own findings (:attr:`Finding.open`); one line in the title counts what the
file only inherits and what it acknowledges, and ``h`` shows those too (marked). ``a`` asks the
screen to acknowledge the highlighted finding (or drop its acknowledgement)."""

from __future__ import annotations

import re
from typing import Any, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from nosframe.checks.attribution import count
from nosframe.editing.present import cut
from nosframe.model import Finding, Severity
from nosframe.model.kinds import KINDS
from nosframe.tui.widgets.steady import SteadyStatic

MAX_ROWS = 300
ICONS = {Severity.ERROR: ("✖", "bold red"), Severity.WARNING: ("▲", "yellow"),
         Severity.INFO: ("●", "blue")}
FILTERS = ("all", "warnings", "errors")


#: ``overrides[2].fields.standards[1]`` (a set override's field) or ``overrides[0].title``
_OVERRIDE_FIELD = re.compile(r"^overrides\[\d+\]\.(fields\.|title$)")
KINDS_BY_NAME = {k.name: k for k in KINDS}


def field_of(finding: Finding, element_path: str) -> str:
    """The field a finding points at: ``roles[3].standards[1]`` under ``roles[3]`` is
    ``standards``."""
    path = finding.location.path
    written = _OVERRIDE_FIELD.match(path)  # located at the file's override of the element
    if written:
        if written.group(1) == "title":
            kind = finding.element[0] if finding.element else ""
            return (KINDS_BY_NAME[kind].title_field or "") if kind in KINDS_BY_NAME else ""
        path = path[written.end():]
    elif element_path and path.startswith(element_path):
        path = path[len(element_path):].lstrip(".")
    elif path:
        path = path.split(".", 1)[1] if "." in path else ""
    head = path.split(".", 1)[0]
    return head.split("[", 1)[0]


class ProblemsPanel(Vertical):
    """Findings as a table; enter (or a click) on a row posts :class:`ProblemsPanel.Chosen`."""

    BINDINGS = [Binding("f", "cycle_filter", "Filter", id="problems.filter"),
                Binding("i", "details", "Details", id="problems.details"),
                Binding("h", "toggle_inherited", "Inherited", id="problems.inherited"),
                Binding("a", "acknowledge", "Acknowledge", id="problems.acknowledge")]

    DEFAULT_CSS = """
    ProblemsPanel { height: 25%; min-height: 5; max-height: 12;
                    border-top: solid $panel-lighten-2; }
    ProblemsPanel:focus-within { border-top: solid $accent; }
    ProblemsPanel #problems-title { height: 1; padding: 0 1; background: $panel; }
    ProblemsPanel DataTable { height: 1fr; min-height: 3; scrollbar-size-horizontal: 0; }
    ProblemsPanel #problems-detail { height: auto; max-height: 2; padding: 0 1;
                                     color: $text-muted; display: none; }
    ProblemsPanel:focus-within #problems-detail { display: block; }
    ProblemsPanel:focus-within #problems-detail.-empty { display: none; }
    """

    class Chosen(Message):
        def __init__(self, finding: Finding):
            super().__init__()
            self.finding = finding

    class AcknowledgeWanted(Message):
        """Acknowledge the highlighted finding (or drop its acknowledgement)."""

        def __init__(self, finding: Finding):
            super().__init__()
            self.finding = finding

    class DetailsWanted(Message):
        """Show the whole finding (message, hint, where) of the highlighted row."""

        def __init__(self, finding: Finding):
            super().__init__()
            self.finding = finding

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.findings: list[Finding] = []
        self.shown: list[Finding] = []
        self.filter = "all"
        self.checking = False
        self.opening = False  # the file is still opening: no counts to show yet
        self.show_inherited = False  # also what the file inherits and what it acknowledges

    def compose(self) -> ComposeResult:
        yield SteadyStatic("Problems", id="problems-title")
        table: DataTable = DataTable(cursor_type="row", zebra_stripes=False,
                                     id="problems-table")
        yield table
        yield SteadyStatic("", id="problems-detail")

    def _widths(self) -> tuple[int, int]:
        """(element, message) column widths for the panel's width: the message takes what the
        other columns leave, so it is cut at a word with … rather than at the panel's edge."""
        room = self.query_one(DataTable).size.width or self.size.width or 80
        element = 26 if room >= 100 else max(14, room // 4)
        fixed = (1 + 2) + (5 + 2) + (element + 2) + 2  # a cell's padding either side; scrollbar
        return element, max(20, room - fixed)

    def on_resize(self, event: Any) -> None:
        if self._widths() != getattr(self, "_columns", None):
            self._draw()

    def show(self, findings: Sequence[Finding]) -> None:
        findings = list(findings)
        if findings == self.findings and self.shown:
            self._title()
            return
        self.findings = findings
        self._draw()

    def set_opening(self, opening: bool) -> None:
        self.opening = opening
        self._title()

    def set_checking(self, checking: bool) -> None:
        self.checking = checking
        self._title()

    def action_cycle_filter(self) -> None:
        self.filter = FILTERS[(FILTERS.index(self.filter) + 1) % len(FILTERS)]
        self._draw()

    def action_toggle_inherited(self) -> None:
        self.show_inherited = not self.show_inherited
        self._draw()

    def _visible(self) -> list[Finding]:
        listed = self.findings if self.show_inherited else [f for f in self.findings if f.open]
        if self.filter == "errors":
            return [f for f in listed if f.severity is Severity.ERROR]
        if self.filter == "warnings":
            return [f for f in listed if f.severity is not Severity.INFO]
        return listed

    def _title(self) -> None:
        counts = {s: 0 for s in Severity}
        for f in self.findings:
            if f.open:
                counts[f.severity] += 1
        text = Text("Problems ", style="bold")
        if self.opening:
            text.append(" opening the file…", style="dim italic")
            self._title_shown = None
            self.query_one("#problems-title", Static).update(text)
            return
        errors, warnings = counts[Severity.ERROR], counts[Severity.WARNING]
        text.append(f"{errors} error{'s' if errors != 1 else ''}",
                    style="red" if errors else "dim")
        text.append(" · ")
        text.append(f"{warnings} warning{'s' if warnings != 1 else ''}",
                    style="yellow" if warnings else "dim")
        text.append(f" · {counts[Severity.INFO]} info", style="dim")
        groups = count(self.findings)
        inherited, acknowledged = groups["inherited"], groups["acknowledged"]["total"]
        parts = []
        if inherited["total"]:
            icons = " ".join(f"{ICONS[sev][0]}{inherited[sev.value]}" for sev in Severity
                             if inherited[sev.value])
            parts.append(f"{icons} inherited")
        if acknowledged:
            parts.append(f"✓{acknowledged} acknowledged")
        if parts:
            key = "h hides" if self.show_inherited else "h shows"
            text.append(f"  + {', '.join(parts)} ({key})", style="dim")
        if self.filter != "all":
            shown = "warnings and errors" if self.filter == "warnings" else self.filter
            text.append(f"  (showing {shown}; f cycles)", style="dim")
        if len(self._visible()) > MAX_ROWS:
            text.append(f"  first {MAX_ROWS} shown", style="dim")
        if self.checking:
            text.append("  checking…", style="dim italic")
        if text.markup != getattr(self, "_title_shown", None):
            self._title_shown = text.markup
            self.query_one("#problems-title", Static).update(text)

    def _draw(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        widths = self._widths()
        if widths != getattr(self, "_columns", None):
            self._columns = widths
            table.clear(columns=True)
            table.add_column("", width=1, key="sev")
            table.add_column("code", width=5, key="code")
            table.add_column("element", width=widths[0], key="element")
            table.add_column("message", width=widths[1], key="message")
        else:
            table.clear()
        element_width, message_width = widths
        self.shown = self._visible()[:MAX_ROWS]
        for i, finding in enumerate(self.shown):
            icon, style = ICONS[finding.severity]
            element = ":".join(finding.element) if finding.element else \
                (finding.location.path or "")
            message = Text(cut(finding.message, message_width))
            if finding.acknowledged is not None:
                icon, style = "✓", "dim"
                message = Text(cut(f"acknowledged: {finding.message}", message_width),
                               style="dim")
            elif not finding.own:
                message = Text(cut(f"inherited: {finding.message}", message_width),
                               style="dim italic")
            table.add_row(Text(icon, style=style), finding.code,
                          cut(element, element_width), message, key=str(i))
        if self.shown:
            table.move_cursor(row=min(max(row, 0), len(self.shown) - 1), animate=False)
        self._detail(table.cursor_row)
        self._title()

    def _detail(self, index: int) -> None:
        """The whole message and hint of the finding at ``index`` (none: the line is empty)."""
        text = Text()
        if 0 <= index < len(self.shown):
            finding = self.shown[index]
            icon, style = ICONS[finding.severity]
            text.append(f"{icon} {finding.code} ", style=style)
            text.append(finding.message)
            if finding.hint:
                text.append(f"  hint: {finding.hint}", style="italic")
            if finding.acknowledged is not None:
                text.append(f"  acknowledged: {finding.acknowledged.reason}", style="dim")
        detail = self.query_one("#problems-detail", Static)
        detail.update(text)
        detail.set_class(not text, "-empty")  # shown while the panel has focus

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._detail(event.cursor_row)

    def action_acknowledge(self) -> None:
        index = self.query_one(DataTable).cursor_row
        if 0 <= index < len(self.shown):
            self.post_message(self.AcknowledgeWanted(self.shown[index]))

    def action_details(self) -> None:
        index = self.query_one(DataTable).cursor_row
        if 0 <= index < len(self.shown):
            self.post_message(self.DetailsWanted(self.shown[index]))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        index = event.cursor_row
        if 0 <= index < len(self.shown):
            self.post_message(self.Chosen(self.shown[index]))


__all__ = ["ProblemsPanel", "field_of"]
