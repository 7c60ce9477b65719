"""Tab and shift+tab between the fields of a screen, for the editor's main screen and every
form dialog alike (:class:`~nosframe.tui.screens.modal.FormDialog`).

The bindings are priority ones, so focus moves before the next key is dispatched: keys that
arrive in one burst after a tab (fast typing, or while a worker holds the interpreter) belong
to the next field, never to the one being left. Without priority, Textual hands the tab to the
focused field first and moves focus only when it bubbles back, by which time the keys after it
have gone to the field being left.
"""

from __future__ import annotations

from textual.binding import Binding

from nosframe.tui.widgets.code_list import CodesInput

FIELD_BINDINGS = [
    Binding("tab", "next_field", "", show=False, priority=True),
    Binding("shift+tab", "previous_field", "", show=False, priority=True),
]


class FieldFocus:
    """A screen's ``next_field`` and ``previous_field`` actions (bound by
    :data:`FIELD_BINDINGS`): tab accepts the completion a codes field shows, else moves on."""

    def action_next_field(self) -> None:
        focused = self.focused  # type: ignore[attr-defined]
        if isinstance(focused, CodesInput) and focused.completion_pending():
            focused.action_complete()  # tab accepts the completion shown
        else:
            self.focus_next()  # type: ignore[attr-defined]

    def action_previous_field(self) -> None:
        self.focus_previous()  # type: ignore[attr-defined]


__all__ = ["FIELD_BINDINGS", "FieldFocus"]
