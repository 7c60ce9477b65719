"""The base of every dialog the editor opens over its main screen."""

from __future__ import annotations

from typing import TypeVar

from rich.markup import escape
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from nosframe.tui.focus import FIELD_BINDINGS, FieldFocus

ResultType = TypeVar("ResultType")
#: the widest a notification is (Textual's Toast: 60 cells, at most half the screen)
TOAST_WIDTH = 60


class Dialog(ModalScreen[ResultType]):
    """A modal screen whose keys are its own.

    The tree's keys (``a`` Add, ``m`` Map ...) name ``screen.`` actions, which Textual checks
    on the active screen: a dialog turns down the ones it does not have, so the main screen's
    footer behind it shows no key that would do nothing.
    """

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return hasattr(self, f"action_{action}")

    # -- notifications never hide the title --------------------------------------------------

    def on_mount(self) -> None:
        self.call_after_refresh(self.keep_title_clear)

    def on_resize(self) -> None:
        self.call_after_refresh(self.keep_title_clear)

    def keep_title_clear(self) -> None:
        """Notifications stand at the top right (app.tcss), where a dialog's title may be
        (the gap view's, at 80 columns): then they start under the title instead. Each
        dialog's title is its ``.dialog-title``."""
        titles, racks = self.query(".dialog-title"), self.query("#textual-toastrack")
        if not titles or not racks:
            return
        title = titles.first().region
        width = self.size.width
        toasts_from = width - min(TOAST_WIDTH, (width + 1) // 2)  # a toast's left edge
        below = title.right > toasts_from and title.height > 0
        # a toast has a margin of 1 above it: the rack's margin puts the first one's top at
        # the line under the title, or where app.tcss puts it
        racks.first().styles.margin = (title.bottom - 1 if below else 1, 0, 0, 0)


class FormDialog(FieldFocus, Dialog[ResultType]):
    """A dialog of fields with an OK button (``#prompt-ok``), a cancel button and an error line
    (``#prompt-error``): enter in a field or OK calls :meth:`submit`, esc or the other button
    closes it with None. Tab and shift+tab move between its fields as in the editor: keys typed
    in one burst after a tab go to the next field (:mod:`nosframe.tui.focus`)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel"), *FIELD_BINDINGS]

    def submit(self) -> None:
        """Read the fields: :meth:`dismiss` with the result, or :meth:`show_error`."""
        raise NotImplementedError

    def show_error(self, text: str) -> None:
        self.query_one("#prompt-error", Static).update(escape(text))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "prompt-ok":
            self.submit()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
