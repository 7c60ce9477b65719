"""Small dialogs: a choice between a few buttons (each with a key), and a one-line prompt."""

from __future__ import annotations

from typing import Callable, Sequence

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from nosframe.tui.markup import escape
from nosframe.tui.screens.modal import Dialog

DIALOG_CSS = """
ChoiceScreen, PromptScreen, AddScreen { align: center middle; }
ChoiceScreen > Vertical, PromptScreen > Vertical, AddScreen > Vertical {
    width: 72; max-width: 95%; height: auto; max-height: 90%;
    border: thick $accent; background: $surface; padding: 1 2;
}
ChoiceScreen .dialog-title, PromptScreen .dialog-title, AddScreen .dialog-title {
    text-style: bold; margin-bottom: 1;
}
ChoiceScreen VerticalScroll { height: auto; max-height: 16; }
ChoiceScreen .buttons, PromptScreen .buttons, AddScreen .buttons {
    height: auto; margin-top: 1; align-horizontal: right;
}
ChoiceScreen Button, PromptScreen Button, AddScreen Button { margin-left: 1; }
PromptScreen .error, AddScreen .error { color: $error; height: auto; }
PromptScreen Label, AddScreen Label { width: 100%; }  /* long text wraps, not cut at the edge */
AddScreen .hint { color: $text-muted; height: auto; }
"""


class ChoiceScreen(Dialog[str]):
    """Ask a question; dismissed with the id of the chosen answer. Each answer has a key
    (shown in brackets after it); escape gives ``cancel_id``."""

    DEFAULT_CSS = DIALOG_CSS
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
                Binding("left", "app.focus_previous", show=False),
                Binding("right", "app.focus_next", show=False)]

    def __init__(self, title: str, message: str, choices: Sequence[tuple[str, str, str]], *,
                 cancel_id: str = "cancel", default: str | None = None, markup: bool = False):
        """``choices``: (id, label, key) in display order."""
        super().__init__()
        self.title_text = title
        self.message = message if markup else escape(message)
        self.choices = list(choices)
        self.cancel_id = cancel_id
        self.default = default or self.choices[0][0]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="dialog-title")
            with VerticalScroll():
                yield Static(self.message, id="dialog-message")
            with Horizontal(classes="buttons"):
                for ident, label, key in self.choices:
                    variant = "primary" if ident == self.default else "default"
                    yield Button(f"{label} ({key})", id=f"choice-{ident}", variant=variant)

    def on_mount(self) -> None:
        self.query_one(f"#choice-{self.default}", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(str(event.button.id).removeprefix("choice-"))

    def on_key(self, event: events.Key) -> None:
        for ident, _, key in self.choices:
            if event.key == key or event.character == key:
                event.stop()
                self.dismiss(ident)
                return

    def action_cancel(self) -> None:
        self.dismiss(self.cancel_id)


class PromptScreen(Dialog[str | None]):
    """Ask for one line of text; ``validate`` returns an error message or None."""

    DEFAULT_CSS = DIALOG_CSS
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]

    def __init__(self, title: str, label: str, value: str = "", *,
                 validate: Callable[[str], str | None] | None = None, placeholder: str = ""):
        super().__init__()
        self.title_text = title
        self.label = label
        self.value = value
        self.validate = validate
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="dialog-title")
            yield Label(self.label)
            yield Input(self.value, placeholder=self.placeholder, id="prompt-input")
            yield Static("", classes="error", id="prompt-error")
            with Horizontal(classes="buttons"):
                yield Button("OK (enter)", id="prompt-ok", variant="primary")
                yield Button("Cancel (esc)", id="prompt-cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit(event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "prompt-ok":
            self._submit(self.query_one(Input).value)
        else:
            self.dismiss(None)

    def _submit(self, value: str) -> None:
        value = value.strip()
        error = self.validate(value) if self.validate else None
        if error:
            self.query_one("#prompt-error", Static).update(escape(error))
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class AddScreen(Dialog["tuple[str, str] | None"]):
    """Add an element: its title (or name) first, as a person thinks of it, then its id,
    suggested from the title until the id is typed by hand. Enter adds; tab reaches the id.
    Returns (id, title)."""

    DEFAULT_CSS = DIALOG_CSS
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]

    def __init__(self, title: str, *, name_label: str, key_label: str,
                 suggest: Callable[[str], str], validate: Callable[[str], str | None],
                 key: str = "", placeholder: str = "", hint: str = ""):
        super().__init__()
        self.title_text = title
        self.name_label, self.key_label = name_label, key_label
        self.suggest = suggest
        self.validate = validate
        self.initial_key = key
        self.placeholder = placeholder
        self.hint = hint
        self._suggested = key  # the id shown is the suggestion until someone types one

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="dialog-title")
            yield Label(self.name_label)
            yield Input(placeholder=self.placeholder, id="add-name")
            yield Label(self.key_label)
            yield Input(self.initial_key, id="add-key")
            if self.hint:
                yield Static(escape(self.hint), classes="hint")
            yield Static("", classes="error", id="prompt-error")
            with Horizontal(classes="buttons"):
                yield Button("Add (enter)", id="prompt-ok", variant="primary")
                yield Button("Cancel (esc)", id="prompt-cancel")

    def on_mount(self) -> None:
        self.query_one("#add-name", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        key = self.query_one("#add-key", Input)
        if event.input.id == "add-name" and key.value == self._suggested:
            self._suggested = self.suggest(event.value) or self.initial_key
            key.value = self._suggested

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter adds (the suggested id is usually right); tab goes to the id to change it.
        An id that will not do takes the focus there, with the reason."""
        event.stop()
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "prompt-ok":
            self._submit()
        else:
            self.dismiss(None)

    def _submit(self) -> None:
        key = self.query_one("#add-key", Input).value.strip()
        name = self.query_one("#add-name", Input).value.strip()
        error = self.validate(key)
        if error:
            self.query_one("#prompt-error", Static).update(escape(error))
            self.query_one("#add-key", Input).focus()
            return
        self.dismiss((key, name))

    def action_cancel(self) -> None:
        self.dismiss(None)


__all__ = ["AddScreen", "ChoiceScreen", "PromptScreen"]
