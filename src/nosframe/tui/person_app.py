"""``nosframe person``: the Textual app of the person view (one person record against a role
of a framework). The screen is :class:`~nosframe.tui.screens.person.PersonScreen`."""

from __future__ import annotations

import datetime as dt

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from nosframe.editing.person import PersonSession
from nosframe.tui.screens.person import PersonScreen


class PersonApp(App[None]):
    """The person view."""

    TITLE = "nosframe person"
    # Textual's own ctrl+q would quit at once: the person view asks first when unsaved
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", id="quit", show=False, priority=True)]

    def __init__(self, session: PersonSession, composed, role: str, today: dt.date):
        super().__init__()
        self.session = session
        self.screen_ = PersonScreen(session, composed.framework, role, today)
        name = session.path.name if session.path else session.person.id
        self.title = f"nosframe person — {name}"

    def get_default_screen(self) -> Screen:
        return self.screen_

    async def action_quit(self) -> None:
        if self.screen is self.screen_:
            self.screen_.action_quit()


__all__ = ["PersonApp"]
