"""An input for a list of codes or ids (``SFJAA1, SFJAB2``) that completes the word being typed
from the framework's own ids: right arrow or tab accepts the suggestion."""

from __future__ import annotations

from typing import Callable, Iterable

from textual.binding import Binding
from textual.suggester import Suggester

from nosframe.tui.widgets.field_input import FieldInput



class CodesSuggester(Suggester):
    """Completes the last comma-separated word from ``candidates()`` (called each time, so the
    list follows the framework as it changes)."""

    def __init__(self, candidates: Callable[[], Iterable[str]], *, multiple: bool = True):
        super().__init__(use_cache=False, case_sensitive=True)
        self.candidates = candidates
        self.multiple = multiple

    async def get_suggestion(self, value: str) -> str | None:
        head, sep, word = value.rpartition(",") if self.multiple else ("", "", value)
        stripped = word.lstrip()
        if not stripped:
            return None
        lead = word[: len(word) - len(stripped)]
        taken = {p.strip() for p in head.split(",")} if self.multiple else set()
        want = stripped.lower()
        for candidate in self.candidates():
            if candidate in taken:
                continue
            if candidate.lower().startswith(want) and len(candidate) > len(stripped):
                # the candidate as spelled (tab on "cd" gives "CD1", never "cd1")
                return f"{head}{sep}{lead}{candidate}"
        return None


class CodesInput(FieldInput):
    """An input for a list of codes, completing each one."""

    BINDINGS = [Binding("tab", "complete", "Complete", show=False, id="codes.complete")]

    def completion_pending(self) -> bool:
        """Whether a completion is shown that tab would accept."""
        return bool(self._suggestion) and self.cursor_at_end

    def action_complete(self) -> None:
        if self.completion_pending():
            self.value = self._suggestion
            self.cursor_position = len(self.value)
        else:
            self.screen.focus_next()


__all__ = ["CodesInput", "CodesSuggester"]
