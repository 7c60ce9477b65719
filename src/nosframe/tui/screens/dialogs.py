"""Small dialogs: a choice between a few buttons (each with a key), and a one-line prompt."""

from __future__ import annotations

from typing import Callable, Sequence

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from nosframe.io import NosframeError
from nosframe.tui.markup import escape
from nosframe.tui.screens.modal import Dialog, FormDialog
from nosframe.tui.widgets.field_input import FieldInput

DIALOG_CSS = """
ChoiceScreen, PromptScreen, AddScreen, PickScreen { align: center middle; }
ChoiceScreen > Vertical, PromptScreen > Vertical, AddScreen > Vertical, PickScreen > Vertical {
    width: 72; max-width: 95%; height: auto; max-height: 90%;
    border: thick $accent; background: $surface; padding: 1 2;
}
ChoiceScreen .dialog-title, PromptScreen .dialog-title, AddScreen .dialog-title,
PickScreen .dialog-title {
    text-style: bold; margin-bottom: 1;
}
ChoiceScreen VerticalScroll { height: auto; max-height: 16; }  /* less on a small screen */
ChoiceScreen .buttons, PromptScreen .buttons, AddScreen .buttons {
    height: auto; margin-top: 1; align-horizontal: right;
}
ChoiceScreen Button, PromptScreen Button, AddScreen Button { margin-left: 1; }
ChoiceScreen Button { min-width: 8; }  /* as wide as its label: four fit in a row at 80x24 */
PromptScreen .error, AddScreen .error { color: $error; height: auto; }
PromptScreen Label, AddScreen Label { width: 100%; }  /* long text wraps, not cut at the edge */
AddScreen .hint, PickScreen .hint { color: $text-muted; height: auto; }
PickScreen > Vertical { padding: 0 2; }
PickScreen .dialog-title { margin: 1 0 0 0; }
PickScreen Input { border: none; height: 1; margin-top: 1; padding: 0 1; }
PickScreen OptionList { height: auto; max-height: 14; }
"""


#: the width a row of a choice dialog's buttons has: the dialog's 72 cells less its border (2)
#: and padding (4) (DIALOG_CSS; 72 is its width from 76 columns up)
BUTTON_ROOM = 66


def button_rows(labels: Sequence[str], room: int = BUTTON_ROOM) -> list[list[int]]:
    """The buttons of ``labels`` (their indexes) in rows that fit ``room`` cells: one row
    unless they are too many or too long to fit, never a button cut off at the edge."""
    rows: list[list[int]] = [[]]
    used = 0
    for index, label in enumerate(labels):
        width = 1 + max(8, len(label) + 4)  # margin, then label, padding and border
        if rows[-1] and used + width > room:
            rows.append([])
            used = 0
        rows[-1].append(index)
        used += width
    return rows


#: the keys of every yes/no confirmation (:meth:`ChoiceScreen.confirm`), the editor's and the
#: person view's alike: y does it, n (or escape) does not
YES_KEY, NO_KEY = "y", "n"


class ChoiceScreen(Dialog[str]):
    """Ask a question; dismissed with the id of the chosen answer. Each answer has a key
    (shown in brackets after it); escape gives ``cancel_id``, and the answer that is
    ``cancel_id`` says so (``Cancel (c, esc)``). A yes/no question is :meth:`confirm`."""

    @classmethod
    def confirm(cls, title: str, message: str, action: str, *, ident: str = "yes",
                markup: bool = False) -> "ChoiceScreen":
        """Do ``action`` (the yes button's label: ``Delete``, ``Overwrite``)? ``Delete (y)``
        or ``Cancel (n, esc)``, dismissed with ``ident`` or ``"cancel"``. Cancel has the focus
        (enter presses the highlighted button), so enter alone never does it."""
        return cls(title, message, [(ident, action, YES_KEY), ("cancel", "Cancel", NO_KEY)],
                   default="cancel", markup=markup)

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

    def button_label(self, ident: str, label: str, key: str) -> str:
        """A button's label with its keys: ``Delete (y)``, ``Cancel (n, esc)``."""
        keys = [key] + (["esc"] if ident == self.cancel_id and key != "escape" else [])
        return f"{label} ({', '.join('esc' if k == 'escape' else k for k in keys)})"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="dialog-title")
            with VerticalScroll():
                yield Static(self.message, id="dialog-message")
            labels = [self.button_label(*choice) for choice in self.choices]
            for row in button_rows(labels):
                with Horizontal(classes="buttons"):
                    for i in row:
                        ident = self.choices[i][0]
                        variant = "primary" if ident == self.default else "default"
                        yield Button(labels[i], id=f"choice-{ident}", variant=variant)

    def on_mount(self) -> None:
        self.query_one(f"#choice-{self.default}", Button).focus()
        self._fit_message(self.app.size.height)

    def on_resize(self, event: events.Resize) -> None:
        self._fit_message(event.size.height)

    def _fit_message(self, height: int) -> None:
        """The message scrolls in what the title and the buttons leave of the dialog's 90% of
        the screen, so the buttons always show: its border and padding take 4 lines, the title
        2 and each row of buttons 4 (a margin and the button)."""
        rows = len(self.query(".buttons"))
        room = height * 9 // 10 - 4 - 2 - 4 * rows
        self.query_one(VerticalScroll).styles.max_height = max(1, min(16, room))

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


class PromptScreen(FormDialog[str | None]):
    """Ask for one line of text; ``validate`` returns an error message or None."""

    DEFAULT_CSS = DIALOG_CSS
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
            yield FieldInput(self.value, placeholder=self.placeholder, id="prompt-input")
            yield Static("", classes="error", id="prompt-error")
            with Horizontal(classes="buttons"):
                yield Button("OK (enter)", id="prompt-ok", variant="primary")
                yield Button("Cancel (esc)", id="prompt-cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def submit(self) -> None:
        value = self.query_one(Input).value.strip()
        error = self.validate(value) if self.validate else None
        if error:
            self.show_error(error)
            return
        self.dismiss(value)


class AddScreen(FormDialog["tuple[str, str] | None"]):
    """Add an element: its title (or name) first, as a person thinks of it, then its id,
    suggested from the title until the id is typed by hand. Enter adds; tab reaches the id.
    Returns (id, title)."""

    DEFAULT_CSS = DIALOG_CSS
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
            yield FieldInput(placeholder=self.placeholder, id="add-name")
            yield Label(self.key_label)
            yield FieldInput(self.initial_key, id="add-key")
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

    def submit(self) -> None:
        """Enter adds (the suggested id is usually right); tab goes to the id to change it.
        An id that will not do takes the focus there, with the reason."""
        key = self.query_one("#add-key", Input).value.strip()
        name = self.query_one("#add-name", Input).value.strip()
        error = self.validate(key)
        if error:
            self.show_error(error)
            self.query_one("#add-key", Input).focus()
            return
        self.dismiss((key, name))


class PickScreen(Dialog["str | None"]):
    """Pick one of a list, by keyboard: type to narrow it, up and down to move, enter picks,
    escape cancels. ``choices``: (id, text shown); ``current`` is highlighted at first.
    Dismissed with the id picked, or None."""

    DEFAULT_CSS = DIALOG_CSS
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
                Binding("down", "move(1)", show=False), Binding("up", "move(-1)", show=False),
                Binding("pagedown", "move(10)", show=False),
                Binding("pageup", "move(-10)", show=False)]

    def __init__(self, title: str, choices: Sequence[tuple[str, str]], *,
                 current: str | None = None, hint: str = ""):
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.current = current
        self.hint = hint or "type to narrow the list · ↑ ↓ move · enter: pick · esc: cancel"

    def compose(self) -> ComposeResult:
        from rich.text import Text

        with Vertical():
            yield Label(escape(self.title_text), classes="dialog-title")
            yield FieldInput(placeholder="type to narrow the list", id="pick-filter")
            yield OptionList(*(Option(Text(text), id=ident) for ident, text in self.choices),
                             id="pick-list")
            yield Static(escape(self.hint), classes="hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        ids = [ident for ident, _ in self.choices]
        if self.current in ids:
            options.highlighted = ids.index(self.current)
        elif ids:
            options.highlighted = 0
        self.query_one(Input).focus()

    @property
    def highlighted(self) -> str | None:
        """The id of the highlighted choice."""
        options = self.query_one(OptionList)
        if options.highlighted is None or not options.option_count:
            return None
        return options.get_option_at_index(options.highlighted).id

    def on_input_changed(self, event: Input.Changed) -> None:
        from rich.text import Text

        event.stop()
        words = event.value.lower().split()
        options = self.query_one(OptionList)
        keep = self.highlighted
        shown = [(i, t) for i, t in self.choices
                 if all(w in f"{t} {i}".lower() for w in words)]
        options.clear_options()
        options.add_options([Option(Text(t), id=i) for i, t in shown])
        ids = [i for i, _ in shown]
        if ids:
            options.highlighted = ids.index(keep) if keep in ids else 0

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if not options.option_count:
            return
        now = options.highlighted if options.highlighted is not None else -1
        options.highlighted = min(max(now + step, 0), options.option_count - 1)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.highlighted is not None:
            self.dismiss(self.highlighted)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)




def listed(items, most: int = 10) -> str:
    """``• item`` lines, the first ``most`` of them and how many more."""
    items = list(items)
    text = "\n".join(f"• {item}" for item in items[:most])
    if len(items) > most:
        text += f"\n• … and {len(items) - most} more"
    return text


def read_recovery(owner, session):
    """The session's recovery journal (None: there is none), a journal that cannot be read
    said as a warning rather than raised."""
    try:
        return session.read_journal()
    except NosframeError as exc:
        owner.notify(escape(str(exc)), severity="warning", timeout=10)
        return None


async def offer_recovery(owner, session, recovery, *, name: str, closed: str, shown: str,
                         note: str, recovered: Callable[[], None]) -> None:
    """Ask whether to recover the unsaved edits of a recovery journal (the editor's and the
    person view's alike), then recover them (``recovered()`` shows the result) or discard
    the journal; "later" leaves it. ``closed``: what was closed ("it", "the person view")."""
    choice = await owner.app.push_screen_wait(ChoiceScreen(
        "Recover unsaved edits?",
        f"nosframe found edits to {name} that were never saved (journal written "
        f"{recovery.written}), probably because {closed} was closed by a crash or a kill:\n\n"
        f"{shown}{note}",
        [("recover", "Recover", "r"), ("discard", "Discard", "d")], cancel_id="later"))
    if choice == "recover":
        session.recover(recovery)
        recovered()
        owner.notify("recovered the unsaved edits: ctrl+s saves them, ctrl+z drops them")
    elif choice == "discard":
        session.discard_journal()
        owner.notify("discarded the unsaved edits")

__all__ = ["AddScreen", "ChoiceScreen", "PickScreen", "PromptScreen", "listed", "offer_recovery",
           "read_recovery"]
