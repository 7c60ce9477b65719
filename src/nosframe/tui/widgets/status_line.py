"""The status line: file name, unsaved marker, counts, and error and warning totals."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

SHORT = {"levels": "levels", "values": "values", "behaviours": "behaviours",
         "standards": "NOS", "roles": "roles", "mappings": "mappings"}


class StatusLine(Static):
    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $text; padding: 0 1; }
    """

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
        text.append("  ".join(f"{n} {SHORT.get(k, k)}" for k, n in counts.items()))
        if checking:
            text.append("  checking…", style="dim italic")
        if text.markup != getattr(self, "_shown", None):
            self._shown = text.markup
            self.update(text)


__all__ = ["StatusLine"]
