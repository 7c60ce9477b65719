"""An :class:`Input` for one field of the editor that does not lay the whole screen out again
on every key.

Textual's ``Input`` sets its ``virtual_size`` (a layout reactive) from the text on each change of
its value, and the layout sets it back: so each key typed laid out and repainted the whole main
screen (a hundred widgets: about 30 ms a key on the development machine, 2.5 ms in a screen with
one input). A field's size never depends on its text (one line, the width its row gives it), so
while the value changes the virtual size (what scrolling a long value uses) is updated without a
layout of the screen. Its ``-invalid`` class is the editor's to set (Textual's validation, with
no validators, would clear it when the field is left).
"""

from __future__ import annotations

from typing import Any

from textual.geometry import Region
from textual.widgets import Input


class FieldInput(Input):
    _value_changing = False

    def validate(self, value: str) -> Any:
        """Textual's validation, only for an input given validators: without any, Textual's
        would clear ``-invalid`` on each change, enter and blur, which is the editor's mark of
        text that does not parse or an edit that was undone (``ElementEditor._error``)."""
        if not self.validators:
            return None
        return super().validate(value)

    def _watch_value(self, value: str) -> None:
        self._value_changing = True
        try:
            super()._watch_value(value)
        finally:
            self._value_changing = False

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False,
                recompose: bool = False) -> Any:
        if layout and self._value_changing and not self.styles.auto_dimensions:
            layout = False  # only the virtual size changed, which no other widget depends on
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)


__all__ = ["FieldInput"]
