"""The main screen: the tree on the left; the editor and views in the middle; the problems
panel under them; a status line and the footer at the bottom."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, TabbedContent, TabPane

from nosframe.tui.widgets.coverage import CoverageView
from nosframe.tui.widgets.element_editor import ElementEditor
from nosframe.tui.widgets.framework_tree import FrameworkTree
from nosframe.tui.widgets.problems import ProblemsPanel
from nosframe.tui.widgets.profile import ProfileView
from nosframe.tui.widgets.status_line import StatusLine
from nosframe.tui.widgets.where_used import WhereUsedView

VIEWS = (("edit", "Edit"), ("coverage", "Coverage"), ("profile", "Profile"),
         ("used", "Used by"))


class MainScreen(Screen):
    DEFAULT_CSS = """
    MainScreen #body { height: 1fr; }
    MainScreen #middle { width: 1fr; }
    MainScreen TabbedContent { height: 1fr; }
    MainScreen TabPane { padding: 0; }
    """

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            yield FrameworkTree(id="tree")
            with Vertical(id="middle"):
                with TabbedContent(initial="tab-edit", id="views"):
                    with TabPane("Edit F3", id="tab-edit"):
                        yield ElementEditor(id="editor")
                    with TabPane("Coverage F4", id="tab-coverage"):
                        yield CoverageView(id="coverage")
                    with TabPane("Profile F5", id="tab-profile"):
                        yield ProfileView(id="profile")
                    with TabPane("Used by F6", id="tab-used"):
                        yield WhereUsedView(id="used")
                yield ProblemsPanel(id="problems")
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        ready = getattr(self.app, "main_ready", None)
        if ready is not None:
            ready()

    @property
    def framework_tree(self) -> FrameworkTree:
        return self.query_one("#tree", FrameworkTree)

    @property
    def editor(self) -> ElementEditor:
        return self.query_one("#editor", ElementEditor)

    @property
    def problems(self) -> ProblemsPanel:
        return self.query_one("#problems", ProblemsPanel)

    @property
    def status(self) -> StatusLine:
        return self.query_one("#status", StatusLine)

    @property
    def coverage(self) -> CoverageView:
        return self.query_one("#coverage", CoverageView)

    @property
    def profile(self) -> ProfileView:
        return self.query_one("#profile", ProfileView)

    @property
    def used(self) -> WhereUsedView:
        return self.query_one("#used", WhereUsedView)

    @property
    def views(self) -> TabbedContent:
        return self.query_one("#views", TabbedContent)


__all__ = ["MainScreen", "VIEWS"]
