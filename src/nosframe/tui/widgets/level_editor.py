"""Level editors: a behaviour's indicators for each level of the scale, and the behaviours a
role requires with the level of each."""

from __future__ import annotations

from typing import Any, Callable, Iterable

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Label, Select, TextArea

from nosframe.tui.widgets.code_list import CodesInput, CodesSuggester


class FieldValue(Message):
    """A compound field editor has a new value for ``field``."""

    def __init__(self, field: str, value: Any, editor: Any = None):
        super().__init__()
        self.field = field
        self.value = value
        self.editor = editor  # the widget that posted it


class IndicatorsEditor(Vertical):
    """One text area a level: the indicators of a behaviour, one a line."""

    DEFAULT_CSS = """
    IndicatorsEditor { height: auto; }
    IndicatorsEditor > Label { color: $text-muted; text-style: italic; }
    IndicatorsEditor > TextArea { height: auto; max-height: 8; min-height: 1; }
    """

    def __init__(self, field: str, value: dict[int, tuple[str, ...]],
                 levels: Iterable[tuple[int, str]], **kwargs: Any):
        super().__init__(**kwargs)
        self.field = field
        self.value = dict(value)
        names = dict(levels)
        self.numbers = sorted(set(names) | set(self.value))
        self.names = names

    def compose(self) -> ComposeResult:
        for n in self.numbers:
            name = self.names.get(n)
            yield Label(f"Level {n}" + (f" {name}" if name else " (not in the scale)"))
            yield TextArea("\n".join(self.value.get(n, ())), id=f"{self.id}-{n}",
                           soft_wrap=True, tab_behavior="focus", compact=True)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        number = int(str(event.text_area.id).rsplit("-", 1)[1])
        lines = tuple(line.strip() for line in event.text_area.text.splitlines()
                      if line.strip())
        value = dict(self.value)
        if lines:
            value[number] = lines
        else:
            value.pop(number, None)
        value = dict(sorted(value.items()))
        if value != self.value:
            self.value = value
            self.post_message(FieldValue(self.field, value, self))

    def set_value(self, value: dict[int, tuple[str, ...]]) -> None:
        self.value = dict(value)
        for n in self.numbers:
            try:
                area = self.query_one(f"#{self.id}-{n}", TextArea)
            except Exception:
                continue
            text = "\n".join(value.get(n, ()))
            if area.text.strip() != text:
                with area.prevent(TextArea.Changed):
                    area.load_text(text)


class RequirementsEditor(Vertical):
    """The behaviours a role requires, each with a level; an input below adds one."""

    DEFAULT_CSS = """
    RequirementsEditor { height: auto; }
    RequirementsEditor .req-row { height: auto; }
    RequirementsEditor .req-row Label { width: 1fr; padding-right: 1; }
    RequirementsEditor .req-row Select { width: 20; max-width: 45%; }
    """

    #: the option that drops a requirement: not a number, so no level (0 included, which a
    #: file may say) can be taken for it
    NOT_REQUIRED = "not required"

    def __init__(self, field: str, value: dict[str, int], levels: Iterable[tuple[int, str]],
                 behaviours: Callable[[], dict[str, str]], **kwargs: Any):
        super().__init__(**kwargs)
        self.field = field
        self.value = dict(value)
        self.levels = list(levels)
        self.behaviours = behaviours  # id -> name, called when needed
        self._keys: list[str] = []
        self._shown_labels: list[str] = []

    def _labels_for(self, value: dict[str, int]) -> list[str]:
        names = self.behaviours()
        return [names.get(bid, f"{bid} (not defined)") for bid in value]

    def compose(self) -> ComposeResult:
        self._keys = list(self.value)
        self._shown_labels = self._labels_for(self.value)
        for i, (bid, level) in enumerate(self.value.items()):
            with Horizontal(classes="req-row"):
                yield Label(self._shown_labels[i])
                options = self._options(level)
                select = Select(options, value=level, allow_blank=False,
                                id=f"{self.id}-{i}", compact=True)
                # as wide as its longest level name (within reason), so none wraps
                select.styles.width = min(max(20, max(len(o[0]) for o in options) + 4), 36)
                yield select
        yield CodesInput(placeholder="+ behaviour (tab completes an id; enter adds by id or name)",
                         suggester=CodesSuggester(self._unrequired, multiple=False),
                         id=f"{self.id}-add", compact=True)

    def _unrequired(self) -> list[str]:
        return [b for b in self.behaviours() if b not in self.value]

    def _options(self, level: int) -> list[tuple[str, int]]:
        options = [(f"{n} {name}".strip(), n) for n, name in self.levels]
        if level not in dict(self.levels):  # level 0 too: shown, never taken for "not required"
            options.append((f"{level} (not in the scale)", level))
        options.append(("not required", self.NOT_REQUIRED))
        return options

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        index = int(str(event.select.id).rsplit("-", 1)[1])
        if index >= len(self._keys) or event.value is Select.NULL:
            return
        bid = self._keys[index]
        value = dict(self.value)
        if event.value == self.NOT_REQUIRED:
            value.pop(bid, None)
        else:
            value[bid] = int(event.value)  # type: ignore[arg-type]
        self._emit(value)

    def on_input_submitted(self, event: CodesInput.Submitted) -> None:
        event.stop()
        bid = event.value.strip()
        if not bid:
            return
        names = self.behaviours()
        if bid not in names:
            matches = [b for b, name in names.items()
                       if b not in self.value and bid.lower() in f"{b} {name}".lower()]
            if len(matches) != 1:
                hint = f"; did you mean {', '.join(matches[:5])}?" if matches else ""
                self.notify(f"no behaviour {bid!r} in this framework{hint}",
                            severity="warning")
                return
            bid = matches[0]  # one behaviour has these letters in its id or name: that one
        if bid in self.value:
            return
        value = dict(self.value)
        value[bid] = self.levels[0][0] if self.levels else 1
        event.input.value = ""
        self._emit(value)

    def on_input_changed(self, event: CodesInput.Changed) -> None:
        event.stop()

    def _emit(self, value: dict[str, int]) -> None:
        if value == self.value:
            return
        self.value = value
        self.post_message(FieldValue(self.field, value, self))
        if list(value) != self._keys:
            self.run_worker(self._rebuild(self._focused_id()), group=f"{self.id}-rebuild")

    def needs_update(self, value: dict[str, int]) -> bool:
        return value != self.value or self._labels_for(value) != self._shown_labels

    def set_value(self, value: dict[str, int]) -> None:
        """Show ``value``; rebuilt when the behaviours or their names changed (a rename, or
        its undo, elsewhere), else only the levels are set."""
        if list(value) != self._keys or self._labels_for(value) != self._shown_labels:
            self.value = dict(value)
            self.run_worker(self._rebuild(self._focused_id()), group=f"{self.id}-rebuild")
            return
        self.value = dict(value)
        for i, bid in enumerate(self._keys):
            select = self.query_one(f"#{self.id}-{i}", Select)
            if select.value != value[bid]:
                with select.prevent(Select.Changed):
                    select.set_options(self._options(value[bid]))
                    select.value = value[bid]

    def _focused_id(self) -> str | None:
        """The id of the focused field inside this editor, if the cursor is here."""
        focused = self.app.focused
        if focused is not None and self in focused.ancestors and focused.id:
            return focused.id
        return None

    async def _rebuild(self, focused_id: str | None) -> None:
        """Build the rows again; the cursor stays here (on the same row, or the one before a
        row that went), never jumping to another field."""
        await self.recompose()
        if focused_id is None:
            return
        wanted = [focused_id]
        index = focused_id.rsplit("-", 1)[1]
        if index.isdigit():
            wanted += [f"{self.id}-{i}" for i in range(int(index) - 1, -1, -1)]
        wanted.append(f"{self.id}-add")
        for ident in wanted:
            found = list(self.query(f"#{ident}"))
            if found:
                found[0].focus()
                return


__all__ = ["FieldValue", "IndicatorsEditor", "RequirementsEditor"]
