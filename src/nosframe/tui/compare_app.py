"""``nosframe compare A B --tui``: two frameworks side by side. The table of role pairs (best
first) on top, the highlighted pair's differences under it: the standards both roles require,
what each requires that the other does not, and the behaviours each needs against those aligned
with them. Read-only: the comparison is made by :func:`nosframe.analysis.compare.compare`."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from nosframe.tui.markup import escape


def _pct(value: float) -> str:
    return f"{round(100 * value)}%"


def pair_text(pair) -> str:
    """The differences of one pair, as markup."""
    lines = [f"[b]{escape(pair.a_title)}[/b] (A) and [b]{escape(pair.b_title)}[/b] (B): "
             f"score {_pct(pair.score)}, A→B {_pct(pair.a_to_b)}, B→A {_pct(pair.b_to_a)}", ""]
    lines.append("[b]Both require[/b]")
    for s in pair.shared:
        extra = f" ({_pct(s.shared)} of its criteria in common)" if s.shared < 1 else ""
        lines.append(f"  {escape(s.code)}  {escape(s.title)}{extra}")
    if not pair.shared:
        lines.append("  nothing")
    for label, items, other in (("Only A's role requires", pair.only_a, "B"),
                                ("Only B's role requires", pair.only_b, "A")):
        lines += ["", f"[b]{label}[/b]"]
        for r in items:
            lines.append(f"  {escape(r.code)}  {escape(r.title)}"
                         + (f"  (optional for {other})" if r.optional_in_other else ""))
        if not items:
            lines.append("  nothing")
    lines += ["", "[b]Behaviours B's role needs[/b] (what A's role needs of those aligned)"]
    for n in pair.behaviours_b:
        counterparts = "; ".join(f"{escape(c[1])} level {c[2]} ({c[3]})"
                                 for c in n.counterparts) or "nothing aligned"
        lines.append(f"  {escape(n.name)} level {n.level}: {counterparts}")
    if not pair.behaviours_b:
        lines.append("  none")
    return "\n".join(lines)


class CompareApp(App[None]):
    """The role pairs of two frameworks and the highlighted pair's differences."""

    TITLE = "nosframe compare"
    CSS = """
    #pairs { height: 45%; }
    #pair { height: 1fr; border-top: solid $accent; padding: 0 1; }
    """
    BINDINGS = [Binding("q", "quit", "Quit"), Binding("ctrl+q", "quit", "Quit", show=False)]

    def __init__(self, comparison):
        super().__init__()
        self.comparison = comparison
        self.sub_title = f"A: {comparison.a}  B: {comparison.b}"

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="pairs", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="pair"):
            yield Static(id="pair-text")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#pairs", DataTable)
        table.add_columns("Score", "A→B", "B→A", "Role of A", "Role of B", "Shared")
        for n, p in enumerate(self.comparison.pairs):
            table.add_row(_pct(p.score), _pct(p.a_to_b), _pct(p.b_to_a), p.a_title, p.b_title,
                          str(len(p.shared)), key=str(n))
        self.show(0)
        table.focus()

    @property
    def selected(self):
        return self._selected

    def show(self, index: int) -> None:
        pairs = self.comparison.pairs
        self._selected = pairs[index] if 0 <= index < len(pairs) else None
        self.query_one("#pair-text", Static).update(
            pair_text(self._selected) if self._selected else "no roles to compare")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show(event.cursor_row)


def run_compare(comparison) -> None:
    CompareApp(comparison).run()


__all__ = ["CompareApp", "pair_text", "run_compare"]
