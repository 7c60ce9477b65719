"""The editor of the selected element: one widget a field, chosen from :mod:`nosframe.tui.fields`.

It never changes the model: each valid edit is posted as :class:`ElementEditor.Changed` with
the element before and after, and the app decides whether that is an in-place change or an
override of an inherited element.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import attrs
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Collapsible, Input, Label, Select, Static, TextArea

from nosframe.model.kinds import KINDS
from nosframe.tui.fields import FIELDS, FieldSpec, format_value, parse
from nosframe.tui.markup import escape
from nosframe.tui.widgets.code_list import CodesInput, CodesSuggester
from nosframe.tui.widgets.field_input import FieldInput
from nosframe.tui.widgets.level_editor import FieldValue, IndicatorsEditor, RequirementsEditor
from nosframe.tui.widgets.steady import SteadyStatic

#: the editor's heading for each kind ("Behaviour collaborative")
KIND_NAMES = {"framework": "Framework"} | {k.name: k.label.capitalize() for k in KINDS}


@dataclass
class EditorContext:
    """What the editor needs besides the element: where it comes from, and lists to offer."""

    provenance: str = ""  # one line: where the element is defined
    own: bool = True
    overrides: tuple[str, ...] = ()
    levels: list[tuple[int, str]] = field(default_factory=list)
    candidates: Callable[[str], list[str]] = lambda source: []
    behaviours: Callable[[], dict[str, str]] = dict


class ElementEditor(VerticalScroll):
    """Fields of one element (or a short guide when a branch of the tree is selected)."""

    BINDINGS = [Binding("escape", "screen.focus_tree", "Tree", id="editor.tree")]

    DEFAULT_CSS = """
    ElementEditor { padding: 0 1; }
    ElementEditor #editor-header { margin-bottom: 0; }
    ElementEditor .fields { height: auto; }
    ElementEditor .field-row { height: auto; margin-top: 1; }
    ElementEditor .field-label { width: 17; color: $text-muted; padding-right: 1; }
    ElementEditor .field-row > Input, ElementEditor .field-row > TextArea,
    ElementEditor .field-row > Select, ElementEditor .field-row > .field-key,
    ElementEditor .field-row > IndicatorsEditor,
    ElementEditor .field-row > RequirementsEditor { width: 1fr; }
    ElementEditor .field-key { text-style: bold; }
    ElementEditor TextArea { height: auto; min-height: 1; max-height: 8; }
    ElementEditor .field-help { color: $text-muted; text-style: italic; padding-left: 17; }
    ElementEditor .field-error { color: $error; display: none; padding-left: 17; }
    ElementEditor .field-error.-shown { display: block; }
    ElementEditor Input.-invalid, ElementEditor TextArea.-invalid { background: $error 30%; }
    ElementEditor #revert { margin-bottom: 1; width: auto; }
    ElementEditor Collapsible { margin-top: 1; padding: 0; border: none; }
    ElementEditor Collapsible > Contents { padding: 0; }
    """

    class Changed(Message):
        """A field of the element was edited: ``old`` and ``new`` are whole elements."""

        def __init__(self, kind: str, key: str, old: Any, new: Any, field: str):
            super().__init__()
            self.kind, self.key, self.old, self.new, self.field = kind, key, old, new, field

    class Revert(Message):
        def __init__(self, kind: str, key: str):
            super().__init__()
            self.kind, self.key = kind, key

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.kind: str | None = None
        self.key: str = ""
        self.element: Any = None
        self.context = EditorContext()
        self._body: Vertical | None = None
        self._error_labels: tuple[Any, dict[str, Static]] = (None, {})  # (body, field -> label)
        self._pending: dict[str, str] = {}
        self._wanted: Callable[[], list[Widget]] | None = None
        self._building = False
        self._focus_after: str | None = None

    # -- building ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        self._body = Vertical(SteadyStatic("Select an element in the tree.", id="editor-header"),
                              classes="fields")
        yield self._body

    def show_guide(self, text: str) -> None:
        """Show a short text instead of an element (a category of the tree is selected)."""
        self.kind, self.key, self.element = None, "", None
        self._header_text = None
        self._request(lambda: [SteadyStatic(text, id="editor-header")])

    def show(self, kind: str, key: str, element: Any, context: EditorContext) -> None:
        """Build the fields of ``element``."""
        self.kind, self.key, self.element, self.context = kind, key, element, context
        self._pending.clear()
        self._header_text = self._header()
        self._request(self._field_widgets)

    def _field_widgets(self) -> list[Widget]:
        assert self.kind is not None
        kind, element, context = self.kind, self.element, self.context
        self._header_text = self._header()
        widgets: list[Widget] = [SteadyStatic(self._header_text, id="editor-header")]
        if not context.own and context.overrides:
            widgets.append(Button("Revert to inherited", id="revert", variant="warning",
                                  compact=True))
        more: list[Widget] = []
        for spec in FIELDS.get(kind, ()):
            target = more if spec.more else widgets
            value = getattr(element, spec.name)
            label = Label(spec.label, classes="field-label")
            if spec.widget == "key":
                if kind == "mapping" and not value:
                    continue
                shown = format_value(spec, value) or "(none)"
                hint = ""
                if context.own and kind not in ("framework", "mapping"):
                    hint = "  (F2 renames)" if self.size.width >= 60 else "  (F2)"
                target.append(Horizontal(label, Static(escape(shown) + f"[dim]{hint}[/]",
                                                       classes="field-key",
                                                       id=f"field-{spec.name}"),
                                         classes="field-row"))
                continue
            target.append(Horizontal(label, self._field_widget(spec, value),
                                     classes="field-row", id=f"row-{spec.name}"))
            if spec.help:
                target.append(Static(spec.help, classes="field-help"))
        if more:
            widgets.append(Collapsible(*more, title="More fields", collapsed=True,
                                       id="more-fields"))
        return widgets

    def _request(self, make: Callable[[], list[Widget]]) -> None:
        """Rebuild the fields, latest request wins. Builds run one at a time, each waiting for
        the old fields to go and the new ones to mount: moving fast through the tree never
        removes fields that are still being mounted."""
        self._wanted = make
        self._focus_after = None
        if not self._building:
            self._building = True
            self.run_worker(self._build_loop(), group="editor", exit_on_error=False)

    async def _build_loop(self) -> None:
        try:
            while self._wanted is not None:
                make, self._wanted = self._wanted, None
                old, self._body = self._body, Vertical(*make(), classes="fields")
                if old is not None:
                    await old.remove()
                await self.mount(self._body)
                self.scroll_home(animate=False)
        finally:
            self._building = False
        if self._focus_after:
            name, self._focus_after = self._focus_after, None
            if not self.focus_field(name):  # an id (text: F2 renames): the first field then
                self.focus_first_field()

    @property
    def building(self) -> bool:
        return self._building

    def _header(self) -> str:
        assert self.kind is not None
        element = self.element
        name = getattr(element, "title", "") or getattr(element, "name", "")
        key = getattr(element, "code", "") or self.key or getattr(element, "id", "")
        title = f"[b]{KIND_NAMES.get(self.kind, self.kind)}[/b] {escape(key)}"
        if name and name != key:
            title += f" — {escape(name)}"
        lines = [title]
        if self.context.provenance:
            style = "" if self.context.own else "italic"
            lines.append(f"[{style or 'dim'}]{escape(self.context.provenance)}[/]")
        for what in self.context.overrides:
            lines.append(f"[dim]• {escape(what)}[/]")
        return "\n".join(lines)

    def _field_widget(self, spec: FieldSpec, value: Any) -> Widget:
        wid = f"field-{spec.name}"
        text = format_value(spec, value)
        w = spec.widget
        if w == "indicators":
            return IndicatorsEditor(spec.name, value, self.context.levels, id=wid)
        if w == "requirements":
            return RequirementsEditor(spec.name, value, self.context.levels,
                                      self.context.behaviours, id=wid)
        if w == "enum":
            assert spec.choices is not None
            options = [(m.value, m.value) for m in spec.choices]
            return Select(options, value=text if text else Select.NULL,
                          allow_blank=spec.optional, id=wid, compact=True)
        if w in ("area", "lines", "criteria", "elements"):
            return TextArea(text, id=wid, soft_wrap=True, tab_behavior="focus", compact=True)
        if w == "codes":
            source = spec.source
            return CodesInput(text, id=wid, select_on_focus=False, compact=True,
                              suggester=CodesSuggester(lambda: self.context.candidates(source))
                              if source else None)
        if spec.source:
            source = spec.source
            return CodesInput(text, id=wid, select_on_focus=False, compact=True,
                              suggester=CodesSuggester(lambda: self.context.candidates(source),
                                                       multiple=False))
        placeholder = {"date": "YYYY-MM-DD", "int": "a whole number"}.get(w, "")
        return FieldInput(text, id=wid, placeholder=placeholder, select_on_focus=False,
                          compact=True)

    # -- edits -> messages ------------------------------------------------------------------

    def _current(self, widget: Widget | None) -> bool:
        """Whether a widget belongs to the element shown now: messages from the fields of an
        element shown a moment ago (still being removed) must not edit this one."""
        return widget is not None and self._body is not None and \
            self._body in widget.ancestors

    def _spec(self, widget: Widget | None) -> FieldSpec | None:
        widget_id = widget.id if widget is not None else None
        if not widget_id or not widget_id.startswith("field-") or self.kind is None or \
                not self._current(widget):
            return None
        name = widget_id[len("field-"):]
        return next((s for s in FIELDS.get(self.kind, ()) if s.name == name), None)

    def on_input_changed(self, event: Input.Changed) -> None:
        spec = self._spec(event.input)
        if spec is None:
            return
        event.stop()
        if spec.live:
            self._apply(spec, event.value, event.input)
        else:
            self._pending[spec.name] = event.value

    def on_input_submitted(self, event: Input.Submitted) -> None:
        spec = self._spec(event.input)
        if spec is not None and not spec.live:
            event.stop()
            self._apply(spec, event.value, event.input)
            self._pending.pop(spec.name, None)

    def on_input_blurred(self, event: Input.Blurred) -> None:
        spec = self._spec(event.input)
        if spec is not None and spec.name in self._pending:
            self._apply(spec, self._pending.pop(spec.name), event.input)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        spec = self._spec(event.text_area)
        if spec is None:
            return
        event.stop()
        self._apply(spec, event.text_area.text, event.text_area)

    def on_select_changed(self, event: Select.Changed) -> None:
        spec = self._spec(event.select)
        if spec is None:
            return
        event.stop()
        value = "" if event.value is Select.NULL else str(event.value)
        self._apply(spec, value, event.select)

    def on_field_value(self, event: FieldValue) -> None:
        event.stop()
        if self.element is None or self.kind is None or not self._current(event.editor):
            return
        self._commit(event.field, event.value, None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "revert" and self.kind is not None:
            event.stop()
            self.post_message(self.Revert(self.kind, self.key))

    def _apply(self, spec: FieldSpec, text: str, widget: Widget) -> None:
        if self.element is None or self.kind is None:
            return
        try:
            value = parse(spec, text, getattr(self.element, spec.name))
        except ValueError as exc:
            self._error(spec.name, str(exc), widget)
            return
        self._commit(spec.name, value, widget)

    def _commit(self, name: str, value: Any, widget: Widget | None) -> None:
        if getattr(self.element, name) == value:
            self._error(name, "", widget)
            return
        try:
            new = attrs.evolve(self.element, **{name: value})
        except (ValueError, TypeError) as exc:
            self._error(name, str(exc), widget)
            return
        self._error(name, "", widget)
        old, self.element = self.element, new
        assert self.kind is not None
        self.post_message(self.Changed(self.kind, self.key, old, new, name))

    def reject(self, kind: str, key: str, name: str, message: str) -> None:
        """The edit of field ``name`` was undone (the framework cannot be composed with it):
        the field keeps what was typed, marked as an error with ``message`` under it, as text
        that does not parse is, until it is corrected or the element is shown again."""
        if (self.kind, self.key) != (kind, key) or self._body is None:
            return
        widgets = list(self._body.query(f"#field-{name}"))
        if widgets:
            self._error(name, message, widgets[0])

    def _error(self, name: str, message: str, widget: Widget | None) -> None:
        """Show (or clear) a field's error under it; the label is made on first need."""
        body = self._body
        if body is None:
            return
        # the labels made in this body, by field: no query of the editor's widgets on each key
        # typed (a query walks every field: a fifth of a key's time on a large role)
        if self._error_labels[0] is not body:
            self._error_labels = (body, {})
        made = self._error_labels[1]
        labels = [made[name]] if name in made else []
        if message and not labels:
            rows = list(body.query(f"#row-{name}"))
            if rows:
                label = Static("", classes="field-error", id=f"error-{name}")
                rows[0].parent.mount(label, after=rows[0])  # type: ignore[union-attr]
                labels = [label]
                made[name] = label
        for label in labels:
            if getattr(label, "_message", "") != message:
                label._message = message  # type: ignore[attr-defined]
                label.update(escape(message))
                label.set_class(bool(message), "-shown")
        if widget is not None and widget.has_class("-invalid") != bool(message):
            widget.set_class(bool(message), "-invalid")

    # -- model -> widgets ---------------------------------------------------------------------

    def update_element(self, element: Any, context: EditorContext, *,
                       force: bool = True) -> None:
        """Show new values for the same element (after undo, or a change made elsewhere)
        without rebuilding, so focus and cursor stay where they are. ``force=False`` leaves
        the focused field alone (it is being typed in)."""
        if self._body is None or self.kind is None:
            return
        self.element, self.context = element, context
        if self._building:  # the fields being mounted may be out of date: build again
            if self._wanted is None:
                self._wanted = self._field_widgets
            return
        header = self._header()
        if header != getattr(self, "_header_text", None):
            self._header_text = header
            try:
                self._body.query_one("#editor-header", Static).update(header)
            except Exception:
                pass
        self._sync_revert_button()
        for spec in FIELDS.get(self.kind, ()):
            if spec.widget == "key":
                continue
            try:
                widget = self._body.query_one(f"#field-{spec.name}")
            except Exception:
                continue
            value = getattr(element, spec.name)
            if not force and (self._typing_in(widget) or widget.has_class("-invalid")):
                continue  # being typed in, or holding text that is not valid yet: keep it
            self._set_widget(widget, spec, value)

    def _typing_in(self, widget: Widget) -> bool:
        focused = self.app.focused
        return focused is not None and (focused is widget or widget in focused.ancestors)

    def _sync_revert_button(self) -> None:
        """Show "Revert to inherited" exactly when an inherited element has overrides."""
        if self._body is None:
            return
        wanted = not self.context.own and bool(self.context.overrides)
        buttons = list(self._body.query("#revert"))
        if wanted and not buttons:
            header = self._body.query_one("#editor-header")
            self._body.mount(Button("Revert to inherited", id="revert", variant="warning",
                                    compact=True), after=header)
        elif not wanted:
            for button in buttons:
                button.remove()

    def _set_widget(self, widget: Widget, spec: FieldSpec, value: Any) -> None:
        if isinstance(widget, RequirementsEditor):
            if widget.needs_update(value):  # the value, or the names it shows
                widget.set_value(value)
            return
        if isinstance(widget, IndicatorsEditor):
            if widget.value != value:
                widget.set_value(value)
            return
        if spec.name in self._pending:
            return
        text = format_value(spec, value)
        if isinstance(widget, Input):
            try:
                if parse(spec, widget.value, value) == value:
                    return
            except ValueError:
                pass
            with widget.prevent(Input.Changed):
                widget.value = text
                # a value set from elsewhere (the picker, undo): typing continues at its end,
                # not where the cursor was in the old value
                widget.cursor_position = len(text)
        elif isinstance(widget, TextArea):
            try:
                if parse(spec, widget.text, value) == value:
                    return
            except ValueError:
                pass
            with widget.prevent(TextArea.Changed):
                widget.load_text(text)
        elif isinstance(widget, Select):
            current = "" if widget.value is Select.NULL else widget.value
            if current != text:
                with widget.prevent(Select.Changed):
                    widget.value = text if text else Select.NULL
        self._error(spec.name, "", widget)

    def focus_first_field(self) -> bool:
        """Put the cursor in the element's first field that takes it (not its id)."""
        if self.kind is None:
            return False
        return any(spec.widget != "key" and self.focus_field(spec.name)
                   for spec in FIELDS.get(self.kind, ()))

    def focus_field(self, name: str) -> bool:
        """Put the cursor in a field (used by the problems panel and after adding)."""
        if self._building:
            self._focus_after = name
            return True
        if self._body is None:
            return False
        try:
            widget = self._body.query_one(f"#field-{name}")
        except Exception:
            return False
        for ancestor in widget.ancestors:
            if isinstance(ancestor, Collapsible) and ancestor.collapsed:
                ancestor.collapsed = False
        target = widget
        if isinstance(widget, (IndicatorsEditor, RequirementsEditor)):
            focusable = [w for w in widget.query("*") if w.can_focus]
            if isinstance(widget, RequirementsEditor):
                focusable = list(widget.query(CodesInput)) or focusable
            if not focusable:
                return False
            target = focusable[0]
        if not target.can_focus:
            self.scroll_to_widget(target, animate=False)
            return False
        target.focus()
        self.scroll_to_widget(target, animate=False, top=False)
        return True


__all__ = ["EditorContext", "ElementEditor", "KIND_NAMES"]
