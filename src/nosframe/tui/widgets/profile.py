"""The role profile preview: what a job description built from the role would say."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Markdown

from nosframe.analysis import role_profile


class ProfileView(VerticalScroll):
    DEFAULT_CSS = """
    ProfileView { padding: 0 1; }
    """

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self._text = ""

    def compose(self) -> ComposeResult:
        yield Markdown("Select a role to preview its profile.", id="profile-markdown")

    def show(self, framework: Any, role_id: str | None) -> None:
        if role_id is None:
            text = "Select a role in the tree to preview its profile."
        else:
            try:
                text = role_profile(framework, role_id)
            except KeyError:
                text = f"No role `{role_id}`."
        if text != self._text:
            self._text = text
            self.query_one(Markdown).update(text)

    @property
    def text(self) -> str:
        return self._text


__all__ = ["ProfileView"]
