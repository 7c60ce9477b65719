"""A :class:`Static` that lays the screen out again only when what it shows needs another
height.

Textual's ``Static.update`` lays out the whole screen on every call, even with the same text.
The editor updates its status line, the problems panel's heading and detail and the editor's
heading after every edit and every check run; on the main screen of a large framework each
layout took about 60 ms, and the key typed next waited for it (issue 13's keystroke figure).
A text that is the same is not set again, and one that wraps to the same number of lines is
drawn without a layout (the screen's geometry cannot change). A width that follows the text
(``width: auto``) is laid out as before.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Static


class SteadyStatic(Static):
    _steady_shown: Any = None
    _steady_set = False

    def update(self, content: Any = "", *, layout: bool = True) -> None:
        if self._steady_set and type(content) is type(self._steady_shown) and \
                content == self._steady_shown:
            return  # the same text: nothing to draw
        self._steady_shown, self._steady_set = content, True
        if not layout:
            super().update(content, layout=False)
            return
        styles = self.styles
        width = self.content_size.width
        if styles.width is not None and styles.width.is_auto or not width or \
                not self.is_mounted:
            super().update(content, layout=True)
            return
        super().update(content, layout=False)
        if styles.height is not None and not styles.height.is_auto:
            return  # a height of its own: no text changes where anything is
        height = self.get_content_height(self.content_size, self.app.size, width)
        if height != self.content_size.height:
            self.refresh(layout=True)


__all__ = ["SteadyStatic"]
