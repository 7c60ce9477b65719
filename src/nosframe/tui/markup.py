"""Escaping text for Textual's content markup.

``rich.markup.escape`` (and Textual's own, as of 8.x) leave the first ``[`` of ``[[`` alone and
Textual then shows the backslash: a hint like ``add a [[mappings]] entry`` came out as
``[\\[mappings]]``. Escaping every ``[`` is right for Textual's parser, and a backslash just before a ``[`` (or at
the end, where a closing tag may follow) gets a zero-width space after it, since Textual has no
way to write a literal backslash there: it would escape the bracket.
"""

from __future__ import annotations

import re

ZERO_WIDTH = "\u200b"
_LONE_BACKSLASH = re.compile(r"\\(?=\[|$)")


def escape(text: str) -> str:
    """``text`` shown as it is inside markup (``[b]{escape(name)}[/b]``)."""
    return _LONE_BACKSLASH.sub("\\\\" + ZERO_WIDTH, text).replace("[", "\\[")


__all__ = ["escape"]
