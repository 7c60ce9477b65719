"""``nosframe person``: the Textual app of the person view (one person record against a role
of a framework). The screen is :class:`~nosframe.tui.screens.person.PersonScreen`."""

from __future__ import annotations

import datetime as dt

from textual.app import App
from textual.screen import Screen

from nosframe.editing.person import PersonSession
from nosframe.tui.screens.person import PersonScreen


class PersonApp(App[None]):
    """The person view."""

    TITLE = "nosframe person"

    def __init__(self, session: PersonSession, composed, role: str, today: dt.date):
        super().__init__()
        self.session = session
        self.screen_ = PersonScreen(session, composed.framework, role, today)
        name = session.path.name if session.path else session.person.id
        self.title = f"nosframe person — {name}"

    def get_default_screen(self) -> Screen:
        return self.screen_


__all__ = ["PersonApp"]
