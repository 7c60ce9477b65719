"""The status line: file name, unsaved marker, counts, and error and warning totals."""

from __future__ import annotations

from rich.text import Text

from nosframe.model.kinds import KINDS
from nosframe.tui.widgets.steady import SteadyStatic

#: (one, many) of each count, by Framework attribute; the line is short, so standards are "NOS"
SHORT = {k.attr: (k.label, k.plural) for k in KINDS} | {"standards": ("NOS", "NOS")}


def count_text(kind: str, n: int) -> str:
    one, many = SHORT.get(kind, (kind, kind))
    return f"{n} {one if n == 1 else many}"


class StatusLine(SteadyStatic):
    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    def show_opening(self, name: str) -> None:
        """While the file opens (loading and composing, before anything can be edited)."""
        self._shown = None
        self.update(Text.assemble((name, "bold"), ("  opening…", "dim italic")))

    def show_status(self, name: str, dirty: bool, counts: dict[str, int], errors: int,
                    warnings: int, *, checking: bool = False, new: bool = False) -> None:
        text = Text()
        text.append(name, style="bold")
        if new:
            text.append(" (new)", style="italic")
        text.append(" ● unsaved" if dirty else " saved", style="bold yellow" if dirty
                    else "green")
        text.append("  │  ")
        text.append(f"✖ {errors}", style="bold red" if errors else "dim")
        text.append("  ")
        text.append(f"▲ {warnings}", style="yellow" if warnings else "dim")
        text.append("  │  ")
        text.append("  ".join(count_text(k, n) for k, n in counts.items()))
        if checking:
            text.append("  checking…", style="dim italic")
        if text.markup != getattr(self, "_shown", None):
            self._shown = text.markup
            self.update(text)


__all__ = ["StatusLine", "count_text"]
