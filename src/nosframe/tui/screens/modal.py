"""The base of every dialog the editor opens over its main screen."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """A modal screen whose keys are its own.

    The tree's keys (``a`` Add, ``m`` Map ...) name ``screen.`` actions, which Textual checks
    on the active screen: a dialog turns down the ones it does not have, so the main screen's
    footer behind it shows no key that would do nothing.
    """

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return hasattr(self, f"action_{action}")
