"""The main screen: the tree on the left; the editor and views in the middle; the problems
panel under them; a status line and the footer at the bottom.

The screen owns the editor's bindings and actions (as frogmouth's and posting's main screens
do): widgets post messages, the screen turns them into operations of the session
(:mod:`nosframe.editing`), recomposes, and runs the checks in a thread worker (exclusive,
debounced) so typing never waits for them. The app holds the session, theme and palette.
"""

from __future__ import annotations

import functools
import getpass
import threading
from pathlib import Path
from typing import Any, Awaitable, Callable

from attrs import evolve
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, TabbedContent, TabPane, Tree
from textual.worker import get_current_worker

from nosframe.editing import present
from nosframe.editing import rules as edits
from nosframe.editing.operations import Acknowledge, Change, Unacknowledge
from nosframe.editing.session import Session
from nosframe.io import NosframeError
from nosframe.model import Finding, Severity
from nosframe.model.references import Use
from nosframe.tui.actions.combine import CombineActions
from nosframe.tui.actions.elements import ElementActions
from nosframe.tui.actions.files import FileActions
from nosframe.tui.actions.progression import ProgressionActions
from nosframe.tui.focus import FIELD_BINDINGS, FieldFocus
from nosframe.tui.guard import guarded
from nosframe.tui.markup import escape
from nosframe.tui.screens.dialogs import ChoiceScreen, PromptScreen
from nosframe.tui.screens.help import HelpScreen
from nosframe.tui.selection import Category, Group, Item, Selection
from nosframe.tui.widgets.coverage import CoverageView
from nosframe.tui.widgets.element_editor import EditorContext, ElementEditor
from nosframe.tui.widgets.framework_tree import CATEGORIES, FrameworkTree, layout, patch_kind_layout
from nosframe.tui.widgets.problems import ProblemsPanel, field_of
from nosframe.tui.widgets.profile import ProfileView
from nosframe.tui.widgets.status_line import StatusLine
from nosframe.tui.widgets.where_used import WhereUsedView

def _user() -> str:
    """Who acknowledges: the login name, for the audit trail ("" when it cannot be told)."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name is no reason to fail
        return ""


VIEWS = (("edit", "Edit"), ("coverage", "Coverage"), ("profile", "Profile"),
         ("used", "Used by"))
KIND_PLURAL = dict(CATEGORIES)
#: a field whose change moves the element in the tree (or needs composing at once)
STRUCTURAL_FIELDS = {"cluster", "suites", "family", "level", "extends", "number"}


class MainScreen(FieldFocus, FileActions, ElementActions, CombineActions, ProgressionActions,
                 Screen):
    """The editor's main screen, which owns its bindings and actions (the app only holds the
    session, the theme and the palette). Dialog flows live in :mod:`nosframe.tui.actions`
    (files, elements, the combine step)."""

    DEFAULT_CSS = """
    MainScreen #body { height: 1fr; }
    MainScreen #middle { width: 1fr; }
    MainScreen TabbedContent { height: 1fr; }
    MainScreen TabPane { padding: 0; }
    """

    # Bindings that move the cursor or change the view are priority ones: they act before the
    # next key is dispatched, so keys arriving in one burst go where the person meant.
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="save", priority=True),
        Binding("ctrl+z", "undo", "Undo", id="undo", priority=True),
        Binding("ctrl+y", "redo", "Redo", id="redo", priority=True),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),  # the app's routes here
        Binding("f1", "help", "Help", id="help"),
        Binding("question_mark", "help", "Help", id="help.alt", show=False),
        Binding("ctrl+n", "add_element", "Add", id="add", show=False, priority=True),
        Binding("f2", "rename_element", "Rename", id="rename", show=False, priority=True),
        Binding("f3", "show_view('edit')", "Edit", id="view.edit", show=False, priority=True),
        Binding("f4", "show_view('coverage')", "Coverage", id="view.coverage", priority=True),
        Binding("f5", "show_view('profile')", "Profile", id="view.profile", show=False,
                priority=True),
        Binding("f6", "show_view('used')", "Used by", id="view.used", show=False, priority=True),
        Binding("f7", "pick_standards", "Add NOS", id="pick", show=False, priority=True),
        Binding("f8", "map_criteria", "Map", id="map", show=False, priority=True),
        Binding("f9", "show_gap", "Gap", id="gap", show=False, priority=True),
        Binding("ctrl+t", "toggle_theme", "Theme", id="theme", show=False),
        # priority: text fields bind ctrl+e to "end of line" (the end key still does that)
        Binding("ctrl+e", "focus_problems", "Problems", id="focus.problems", show=False,
                priority=True),
        Binding("ctrl+b", "focus_tree", "Tree", id="focus.tree", show=False, priority=True),
        *FIELD_BINDINGS,  # tab and shift+tab, priority ones too (nosframe.tui.focus)
    ]

    #: (title, action, help) of everything the command palette offers
    PALETTE: tuple[tuple[str, str, str], ...] = (
        ("Save", "save", "write the file atomically; only what was edited changes (ctrl+s)"),
        ("Undo", "undo", "undo the last edit (ctrl+z)"),
        ("Redo", "redo", "redo what was undone (ctrl+y)"),
        ("Add element", "add_element", "add a value, behaviour, standard, role, level ... "
                                       "where the tree's cursor is (a, ctrl+n)"),
        ("Rename element", "rename_element", "rename an element of your file, or retitle an "
                                             "inherited one (r, F2)"),
        ("Delete element", "delete_element", "delete the selected element, after showing what "
                                             "uses it (d)"),
        ("Make element the file's own", "make_own",
         "copy the selected inherited element into your file, replacing the inherited one "
         "(settles two presets' conflict over it, NF123)"),
        ("Revert overrides of element", "revert_element",
         "drop your file's overrides of the selected inherited element"),
        ("Add NOS to role (picker)", "pick_standards", "search every installed standard and "
                                                      "add it to the selected role (n, F7)"),
        ("Map criteria to a behaviour", "map_criteria", "tick which P and K criteria of a "
                                                        "standard evidence a behaviour (m, F8)"),
        ("Refresh library standards", "refresh_library",
         "record the installed library's copies of the NOS the file takes from it (NF124)"),
        ("Show gap between two roles", "show_gap", "what a person in one role must gain for "
         "another, and what they keep (F9, g in the tree)"),
        ("Show progression ladder", "show_ladder", "the roles in rungs along progresses_to, "
         "drawn"),
        ("Show editor", "show_view('edit')", "the selected element's fields (F3)"),
        ("Show coverage matrix", "show_view('coverage')", "roles x behaviours: are required "
                                                           "behaviours evidenced? (F4)"),
        ("Show role profile", "show_view('profile')", "the selected role as a profile (F5)"),
        ("Show where used", "show_view('used')", "what refers to the selected element (F6)"),
        ("Focus tree", "focus_tree", "move to the framework tree (ctrl+b, escape)"),
        ("Focus problems", "focus_problems", "move to the problems panel (ctrl+e)"),
        ("Show or hide inherited problems", "toggle_inherited",
         "also list what the file only inherits and what it acknowledges (h in the problems "
         "panel)"),
        ("Toggle light/dark theme", "toggle_theme", "switch between light and dark (ctrl+t)"),
        ("Help: keys", "help", "every key binding (F1, ?)"),
        ("Quit", "quit", "quit; asks when there are unsaved changes (ctrl+q)"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.selection: Selection = Category("framework")
        self.findings: list[Finding] = []
        self.checking = False
        self._settle_timer: Any = None
        self._journal_timer: Any = None
        self._candidates: tuple[int, dict[str, list[str]]] = (-1, {})
        self._journal_error_shown = False
        #: (label of the step, kind, key, field) of the last edit typed into a field, to mark
        #: that field when the step is undone because the framework cannot be composed
        self._field_edit: tuple[str, str, str, str] | None = None
        #: (Composed.structure, kind -> (its elements, its removed ones, groups)) of the last
        #: tree layout, for the kinds an edit did not touch (see _tree_layout)
        self._tree_kept: tuple[object, dict[str, tuple]] = (None, {})

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            yield FrameworkTree(id="tree", opening=self.opening)
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

    # -- what the screen shows and edits ---------------------------------------------------------

    @property
    def session(self) -> Session:
        return self.app.session  # type: ignore[attr-defined]

    @property
    def main(self) -> "MainScreen":
        """This screen (the action mixins reach widgets through ``self.main``)."""
        return self

    @property
    def check_delay(self) -> float:
        return self.app.check_delay  # type: ignore[attr-defined]

    @property
    def journal_delay(self) -> float:
        return self.app.journal_delay  # type: ignore[attr-defined]

    async def push_screen_wait(self, screen: Screen) -> Any:
        return await self.app.push_screen_wait(screen)

    def call_from_thread(self, callback: Callable[..., Any], *args: Any) -> Any:
        return self.app.call_from_thread(callback, *args)

    def exit(self) -> None:
        self.app.exit()

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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The editor's keys are off (and not in its footer) while a dialog is over it."""
        return self.app.screen is self

    # -- start -------------------------------------------------------------------------------

    @property
    def opening(self) -> bool:
        """The file is still opening (loading and composing, in a thread): nothing to edit."""
        return self.app.session is None  # type: ignore[attr-defined]

    #: what works while the file opens (nothing that reads or edits the framework)
    WHILE_OPENING = {"action_help", "action_toggle_theme", "action_focus_tree",
                     "action_focus_problems"}

    def refused_while_opening(self, name: str) -> bool:
        """True (and, for an action, say why) when ``name`` needs the framework and the file
        is still opening (:func:`~nosframe.tui.guard.guarded` asks before each)."""
        if not self.opening or name in self.WHILE_OPENING:
            return False
        if name.startswith("action_"):
            self.notify(f"{escape(self.app.opening_name)} is still opening: nothing can be "  # type: ignore[attr-defined]
                        "changed until it is loaded", severity="warning", timeout=3)
        return True

    def on_mount(self) -> None:
        """Show the framework once the widgets exist (or, while it opens, say so and wait for
        it in a thread)."""
        if not self.opening:
            self._start()
            return
        name = self.app.opening_name  # type: ignore[attr-defined]
        self.main.framework_tree.focus()
        self.main.editor.show_guide(
            f"Opening [b]{escape(name)}[/b]…\nThe tree, this editor and the problems fill in "
            "once it is loaded and composed; until then nothing can be changed (ctrl+q quits).")
        self.main.status.show_opening(name)
        self.main.problems.set_opening(True)
        opening = self.app.opening  # type: ignore[attr-defined]
        if opening.done():
            self.call_later(self._open_done, opening)
        else:  # not a worker waiting on it: quitting must not wait for the file to open
            opening.add_done_callback(self._open_done_in_thread)

    def _open_done_in_thread(self, opening: Any) -> None:
        if threading.get_ident() == getattr(self.app, "_thread_id", None):
            self.call_later(self._open_done, opening)  # done by the editor's own thread
            return
        tree_layout = None
        if opening.exception() is None:  # in the opening's thread: what the tree shows, too
            try:
                tree_layout = self._tree_layout(opening.result())
                opening.result().element("framework", "")  # the element index, made here
            except Exception:  # noqa: BLE001 - made again (and any error shown) by the editor
                tree_layout = None
        try:
            self.app.call_from_thread(self._open_done, opening, tree_layout)
        except RuntimeError:  # the editor has quit meanwhile
            pass

    def _open_done(self, opening: Any, tree_layout: dict | None = None) -> None:
        error = opening.exception()
        if error is not None:  # nosframe edit says it, once the screen is gone
            self.app.open_error = error  # type: ignore[attr-defined]
            self.app.exit(return_code=2)
            return
        self._opened(opening.result(), tree_layout)

    def _opened(self, session: Session, tree_layout: dict | None = None) -> None:
        app = self.app
        app.session, app.opening = session, None  # type: ignore[attr-defined]
        app.title = f"nosframe — {session.name}"
        self._start(tree_layout)

    async def action_quit(self) -> None:
        if self.opening:  # nothing is edited yet: quit at once
            self.app.exit()
            return
        await super().action_quit()

    def _start(self, tree_layout: dict | None = None) -> None:
        self.main.problems.set_opening(False)
        self.session.plugins.checks()  # fill the plugin cache here, not in the checks thread
        self.main.framework_tree.show_layout(tree_layout or self._tree_layout())
        tree = self.main.framework_tree
        tree.focus()
        tree.reveal(Category("framework"))
        self._show_selection()
        self._update_status()
        self._start_checks()
        failures = [str(f) for f in getattr(self.session.plugins, "failures", [])]
        notices = list(self.app.notices) + failures  # type: ignore[attr-defined]
        if notices:
            self.notify(escape("\n".join(notices)),  # "[keymap] save: ..." is no markup
                        title="Some plugins or settings failed to load",
                        severity="warning", timeout=10)
        if self.session.journal.exists():
            self.run_worker(self._recovery_flow(), group="recovery")

    def report_error(self, exc: BaseException) -> None:
        if isinstance(exc, (NosframeError, edits.EditError)):
            self.notify(escape(str(exc)), severity="error", title="Cannot do that")
        else:
            self.log.error(exc)
            self.notify(escape(f"{type(exc).__name__}: {exc}"), severity="error",
                        title="Unexpected error (nothing was changed on disk)")

    # -- helpers: state -> widgets ------------------------------------------------------------

    def _refresh_tree(self) -> None:
        self.main.framework_tree.show_layout(self._tree_layout())

    def _tree_layout(self, session: Session | None = None) -> dict:
        """The composed framework as the tree shows it, with the inherited elements the file
        removes (struck through, so they can be found and restored with v). Reads the session
        only: the background settle (and the opening) computes it in its thread."""
        session = session or self.session
        composed = session.composed
        fw = composed.framework
        removed = session.removed_elements()
        extra: dict[str, list[Any]] = {}
        if removed:
            for kind, element in removed:
                extra.setdefault(edits.KIND_ATTR[kind], []).append(element)
            fw = evolve(fw, **{attr: getattr(fw, attr) + tuple(items)
                               for attr, items in extra.items()})
        gone = {(kind, element.key) for kind, element in removed}

        def state_of(kind: str, key: str) -> str:
            return "removed" if (kind, key) in gone else present.state_of(session, kind, key,
                                                                         fresh=False)

        # A composition patched from the last one laid out (Composed.structure) has the same
        # elements with the same states: a kind whose elements are the same objects, with the
        # same removed ones, keeps its groups (typing into a title lays out its kind alone).
        def made_of(kind: str) -> tuple[Any, tuple]:
            if kind == "framework":
                return composed.framework.framework, ()
            attr = edits.KIND_ATTR[kind]
            return getattr(composed.framework, attr), tuple(extra.get(attr, ()))

        structure, kept = self._tree_kept
        if structure is not composed.structure:
            kept = {}

        def reuse(kind: str) -> Any:
            before = kept.get(kind)
            if before is None:
                return None
            elements, dropped = made_of(kind)
            if before[1] != dropped:
                return None
            if before[0] is elements:
                return before[2]
            # some of its elements changed (a title typed): their leaves relabelled
            return patch_kind_layout(kind, before[0], elements, before[2], state_of)

        out = layout(fw, state_of, reuse)
        self._tree_kept = (composed.structure,
                           {kind: (*made_of(kind), groups) for kind, groups in out.items()})
        return out

    def _update_status(self) -> None:
        """Counts of the file's own problems (not what it inherits or acknowledges)."""
        errors = sum(f.open and f.severity is Severity.ERROR for f in self.findings)
        warnings = sum(f.open and f.severity is Severity.WARNING for f in self.findings)
        s = self.session
        self.main.status.show_status(s.name, s.dirty, s.counts(fresh=False), errors, warnings,
                                     checking=self.checking, new=s.is_new)

    def _editor_context(self, kind: str, key: str) -> EditorContext:
        s = self.session
        own = s.is_own(kind, key)
        text, overrides = present.provenance_text(s, kind, key)
        fw = s.composed.framework
        levels = [(lv.number, lv.name) for lv in fw.levels]
        return EditorContext(provenance=text, own=own, overrides=overrides, levels=levels,
                             candidates=self._candidates_for,
                             behaviours=lambda: {b.id: b.name or b.id
                                                 for b in self.session.composed.framework
                                                 .behaviours})

    def _candidates_for(self, source: str) -> list[str]:
        ident = id(self.session.composed)
        if self._candidates[0] != ident:
            fw = self.session.composed.framework
            self._candidates = (ident, {
                "standards": [s.code for s in fw.standards],
                "behaviours": [b.id for b in fw.behaviours],
                "values": [v.id for v in fw.values],
                "roles": [r.id for r in fw.roles],
                "presets": sorted(self.session.plugins.presets()),
            })
        selected = self.selection
        shared = {"families": ("role", "family"), "grades": ("role", "level"),
                  "clusters": ("behaviour", "cluster")}
        if source in shared:  # what the other elements say, each once, as first written
            kind, field = shared[source]
            this = selected.key if isinstance(selected, Item) and selected.kind == kind else None
            return list(dict.fromkeys(
                getattr(e, field) for e in edits.elements(self.session.composed.framework, kind)
                if getattr(e, field) and e.key != this))
        if source == "criteria" and isinstance(selected, Item) and selected.kind == "mapping":
            mapping = self.session.element("mapping", selected.key)
            standard = self.session.element("standard", mapping.standard) if mapping else None
            return [c.id for c in standard.criteria] if standard else []
        return self._candidates[1].get(source, [])

    def _guide(self, data: Category | Group) -> str:
        kind = data.kind
        fw = self.session.composed.framework
        if kind == "framework":
            return "Framework details."
        items = edits.elements(fw, kind)
        if isinstance(data, Group):  # this branch's elements, not the whole category's
            keys = self.main.framework_tree.keys_in(kind, data.group)
            items = [e for e in items if e.key in keys]
        inherited = sum(1 for e in items if not self.session.is_own(kind, e.key))
        where = f" in {data.group or '(none)'}" if isinstance(data, Group) else ""
        lines = [f"[b]{KIND_PLURAL[kind]}[/b]{escape(where)}: {len(items)} in the framework, "
                 f"{inherited} inherited."]
        if kind == "mapping":
            lines.append("Press [b]a[/b] or [b]m[/b] to map criteria of a standard to a "
                         "behaviour.")
        else:
            lines.append(f"Press [b]a[/b] to add a {kind}; open a branch with enter or →.")
        if kind == "role":
            lines.append("On a role: [b]n[/b] adds NOS from the picker, [b]m[/b] maps "
                         "criteria, F5 previews its profile.")
        return "\n".join(lines)

    def _show_selection(self, force: bool = True) -> None:
        data = self.selection
        editor = self.main.editor
        if isinstance(data, Item):
            kind, key = data.kind, data.key
            element = self.session.element(kind, key)
            if element is None and self.session.is_removed(kind, key):
                editor.show_guide(
                    f"[b]{escape(kind)} {escape(key)}[/b] is inherited, and removed by an "
                    f"override in {escape(self.session.name)}.\nPress [b]v[/b] (or \"Revert "
                    "overrides of element\" in the palette) to bring it back.")
            elif element is None:
                editor.show_guide(f"{kind} {escape(key)} is no longer in the framework.")
            elif editor.kind == kind and editor.key == key:
                editor.update_element(element, self._editor_context(kind, key), force=force)
            else:
                editor.show(kind, key, element, self._editor_context(kind, key))
        elif isinstance(data, (Category, Group)) and data.kind == "framework":
            element = self.session.composed.framework.framework
            if editor.kind == "framework":
                editor.update_element(element, self._editor_context("framework", ""),
                                      force=force)
            else:
                editor.show("framework", "", element, self._editor_context("framework", ""))
        elif isinstance(data, (Category, Group)):
            editor.show_guide(self._guide(data))
        self._refresh_view()

    def _active_view(self) -> str:
        return (self.main.views.active or "tab-edit").removeprefix("tab-")

    def _refresh_view(self, name: str | None = None) -> None:
        name = name or self._active_view()
        fw = self.session.composed.framework
        if name == "coverage":
            self.main.coverage.show(fw, self.session.graph())
        elif name == "profile":
            self.main.profile.show(fw, self._role_in_context())
        elif name == "used":
            data = self.selection
            if isinstance(data, Item) and data.kind not in ("mapping", "source"):
                rows = self.session.where_used(data.kind, data.key)
                self.main.used.show((data.kind, data.key), rows, self._labels(rows))
            else:
                self.main.used.show(None, [], {})

    def _labels(self, uses: list[Use]) -> dict[tuple[str, str], str]:
        out = {}
        for use in uses:
            element = self.session.element(*use.element)
            if element is not None:
                out[use.element] = present.element_title(element)
        return out

    def _role_in_context(self) -> str | None:
        if self._active_view() == "coverage":
            current = self.main.coverage.current()
            if current and self.main.coverage.has_focus_within:
                return current[0]
        if isinstance(self.selection, Item) and self.selection.kind == "role":
            return self.selection.key
        return None

    # -- model changes --------------------------------------------------------------------------

    def settle(self, force: bool = True) -> None:
        """Compose the current state, show it everywhere, and start the checks.

        ``force=False`` (after typing) leaves the focused field alone: it may hold keys whose
        messages are still on their way, and the person is looking at it."""
        if self._settle_timer is not None:
            self._settle_timer.stop()
            self._settle_timer = None
        try:
            self.session.ensure_composed()
        except NosframeError as exc:
            rejected = self._rejected_field()
            self.session.drop_last()
            self.session.ensure_composed()
            if rejected is not None:  # its text stays, marked, as text that does not parse
                self.main.editor.reject(*rejected, self._field_reason(exc))
            self.notify(escape(str(exc)), title="Change undone: the framework cannot be "
                        "composed with it", severity="error", timeout=10)
        self._refresh_tree()
        self._show_selection(force=force)
        self._update_status()
        self._start_checks()

    def _field_reason(self, exc: NosframeError) -> str:
        """Why an edit was undone, said under its field: the place only when it is another
        file (a preset, a file extended) than the one edited, which the field is in."""
        where = exc.location.file
        own = self.session.path.name if self.session.path is not None else ""
        text = exc.message if not where or Path(where).name == own else str(exc).split(
            "\n  hint: ")[0]
        return text + (f" (hint: {exc.hint})" if exc.hint else "")

    def _rejected_field(self) -> tuple[str, str, str] | None:
        """(kind, key, field) of the editor's field whose edit is the last step, if it is."""
        past = self.session.history.past
        if self._field_edit is None or not past or past[-1][1] != self._field_edit[0]:
            return None
        return self._field_edit[1:]

    def settle_in_background(self) -> None:
        """Compose, lay the tree out and check in a thread (after typing): keys typed meanwhile
        are handled at once, and each is one more edit; what the thread made is shown only
        if no edit came since (else the next settle shows it)."""
        if self._settle_timer is not None:
            self._settle_timer.stop()
            self._settle_timer = None
        self.checking = True
        self.main.problems.set_checking(True)
        self._update_status()
        self.run_worker(self._settle_in_thread, name="checks", group="checks",
                        description="compose and check", exclusive=True, thread=True,
                        exit_on_error=False)

    def _settle_in_thread(self) -> None:
        worker = get_current_worker()
        s = self.session
        try:
            composed = s.ensure_composed()
        except NosframeError as exc:
            if not worker.is_cancelled:
                self.call_from_thread(self._settle_failed, exc)
            return
        except Exception as exc:  # noqa: BLE001 - shown, never a traceback
            self.call_from_thread(self.report_error, exc)
            return
        generation = s.composed_generation
        if worker.is_cancelled or s.generation != generation:
            return  # an edit came meanwhile: its settle follows
        tree = self._tree_layout()
        s.element("framework", "")  # the element index of this composition, made here
        if worker.is_cancelled:
            return
        self.call_from_thread(self._show_composed, tree, generation)
        self._run_checks(composed, generation)

    def _show_composed(self, tree: dict, generation: int) -> None:
        if generation != self.session.composed_generation or self.session.stale:
            return
        self.main.framework_tree.show_layout(tree)
        self._show_selection(force=False)
        self._update_status()

    def _settle_failed(self, exc: NosframeError) -> None:
        """The last edit leaves a framework that cannot be composed: undone, as settle does."""
        self.checking = False
        self.settle(force=False)  # composes again here: fails the same way, and says so

    def _after_edit(self, structural: bool, typing: bool = False) -> None:
        self._update_status()
        self._schedule_journal()
        if structural or self.check_delay <= 0:
            self.settle(force=not typing)
            return
        if self._settle_timer is not None:
            self._settle_timer.stop()
        self._settle_timer = self.set_timer(self.check_delay, self.settle_in_background)

    def _schedule_journal(self) -> None:
        if self.journal_delay <= 0:
            self._write_journal()
            return
        if self._journal_timer is not None:
            self._journal_timer.stop()
        self._journal_timer = self.set_timer(self.journal_delay, self._write_journal)

    def _write_journal(self) -> None:
        """Write the journal in a thread (JSON of a large framework takes a while)."""
        self._journal_timer = None
        self.run_worker(self._journal_in_thread, name="journal", group="journal",
                        description="write the recovery journal", thread=True,
                        exit_on_error=False)

    def _journal_in_thread(self) -> None:
        try:
            self.session.write_journal()
        except OSError as exc:
            if not self._journal_error_shown:
                self._journal_error_shown = True
                self.call_from_thread(self.notify, f"cannot write the recovery journal: {exc}",
                                      severity="warning")

    def _start_checks(self) -> None:
        self.checking = True
        self.main.problems.set_checking(True)
        composed, generation = self.session.composed, self.session.composed_generation
        # run_worker, not @work: that decorator builds a description from repr(arguments)
        self.run_worker(functools.partial(self._run_checks, composed, generation),
                        name="checks", group="checks", description="run the checks",
                        exclusive=True, thread=True, exit_on_error=False)

    def _run_checks(self, composed: Any, generation: int) -> None:
        try:
            # incremental: only the checks the edits since the last run can change run again
            findings = self.session.findings_of(composed, generation)
        except Exception as exc:  # noqa: BLE001 - shown, never a traceback
            findings = [Finding("NF001", Severity.ERROR, f"checks failed: {exc}")]
        if get_current_worker().is_cancelled:
            return
        self.call_from_thread(self._show_findings, findings, generation)
        try:
            # what the first edits need, worked out here (once) rather than between two keys
            self.session.prepare_for_edits()
        except Exception:  # noqa: BLE001 - the edit that needs it says what is wrong
            pass

    def _show_findings(self, findings: list[Finding], generation: int) -> None:
        if generation != self.session.composed_generation:
            return
        self.findings = findings
        self.checking = False
        self.main.problems.checking = False
        self.main.problems.show(findings)
        self._update_status()

    # -- messages from widgets ------------------------------------------------------------------

    @guarded
    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted) -> None:
        data = event.node.data
        if data is None or data == self.selection:
            return
        self.selection = data
        self._show_selection()

    @guarded
    def on_tree_node_selected(self, event: Tree.NodeSelected) -> None:
        data = event.node.data
        if data is None:
            return
        if data != self.selection:
            self.selection = data
            self._show_selection()
        if isinstance(data, Item) or data == Category("framework"):
            self.action_show_view("edit")
            self.call_after_refresh(self._focus_first_field)

    def _focus_first_field(self) -> None:
        self.main.editor.focus_first_field()

    @guarded
    def on_element_editor_changed(self, event: ElementEditor.Changed) -> None:
        s = self.session
        own_before = s.is_own(event.kind, event.key)
        change = Change(event.kind, event.key, event.new, event.old, event.field)
        changed = s.do(change, check=False, coalesce=(event.kind, event.key, event.field))
        if not changed:
            return
        self._field_edit = (change.label, event.kind, event.key, event.field)
        structural = (event.field in STRUCTURAL_FIELDS or event.kind == "mapping"
                      or own_before != s.is_own(event.kind, event.key)
                      or (event.kind == "role" and event.field == "behaviours"))
        if not structural and event.kind != "framework":
            title_field = edits.TITLE_FIELD.get(event.kind, "title")
            if event.field in (title_field, "title", "name"):
                self._relabel(event.kind, event.key, event.new)
        self._after_edit(structural, typing=True)

    def _relabel(self, kind: str, key: str, element: Any) -> None:
        self.main.framework_tree.relabel(kind, key, present.element_label(kind, element))

    @guarded
    def on_element_editor_revert(self, event: ElementEditor.Revert) -> None:
        self._revert(event.kind, event.key)

    @guarded
    def on_problems_panel_chosen(self, event: ProblemsPanel.Chosen) -> None:
        finding = event.finding
        if not finding.element:
            self.notify(escape(finding.message), title=finding.code)
            return
        kind, key = finding.element
        prov = self.session.provenance(kind, key)
        field = field_of(finding, prov.location.path if prov else "")
        self.go_to(kind, key, field or "")  # no field named: the element's first field

    @guarded
    def on_problems_panel_details_wanted(self, event: ProblemsPanel.DetailsWanted) -> None:
        event.stop()
        self._flow(self._finding_flow, event.finding, group="finding")

    async def _finding_flow(self, finding: Finding) -> None:
        loc = finding.location
        lines = [finding.message]
        if finding.hint:
            lines += ["", f"hint: {finding.hint}"]
        where = [present.file_text(self.session.composed, loc.file), f"line {loc.line}" if loc.line else "", loc.path]
        if any(where):
            lines += ["", "where: " + ", ".join(w for w in where if w)]
        if finding.element:
            lines.append(f"element: {finding.element[0]} {finding.element[1]}")
        lines.append("the file's own" if finding.own else
                     "inherited: only in what the file extends")
        if finding.acknowledged is not None:
            ack = finding.acknowledged
            credit = ", ".join(x for x in (ack.by, ack.date.isoformat() if ack.date else "") if x)
            lines.append(f"acknowledged: {ack.reason}" + (f" ({credit})" if credit else ""))
        choices = [("close", "Close", "escape")]
        if finding.element:
            choices.insert(0, ("jump", "Go to it", "g"))
        title = f"{finding.code} ({finding.severity.value})"
        choice = await self.push_screen_wait(ChoiceScreen(title, "\n".join(lines), choices,
                                                          cancel_id="close"))
        if choice == "jump":
            self.post_message(ProblemsPanel.Chosen(finding))

    @guarded
    def on_problems_panel_acknowledge_wanted(self, event: ProblemsPanel.AcknowledgeWanted
                                             ) -> None:
        event.stop()
        self._flow(self._acknowledge_flow, event.finding, group="acknowledge")

    async def _acknowledge_flow(self, finding: Finding) -> None:
        """Ask why, then acknowledge the finding in the file (an acknowledged one: drop it)."""
        if finding.acknowledged is not None:
            self.session.do(Unacknowledge(finding.code, finding.element), check=False)
            self.notify(f"{finding.code}: acknowledgement dropped", timeout=3)
            self._after_edit(structural=True)
            return
        if finding.severity is Severity.ERROR:
            self.notify("errors cannot be acknowledged: fix it", severity="warning")
            return
        about = f" about {finding.element[0]} {finding.element[1]}" if finding.element else ""
        reason = await self.push_screen_wait(PromptScreen(
            f"Acknowledge {finding.code}{about}",
            f"Why is it accepted? (kept in {self.session.name}, for audit)",
            validate=lambda t: None if t else "give a reason"))
        if not reason:
            return
        self.session.do(Acknowledge(finding.code, finding.element, reason, by=_user()),
                        check=False)
        self._after_edit(structural=True)

    @guarded
    def action_toggle_inherited(self) -> None:
        self.main.problems.action_toggle_inherited()

    @guarded
    def on_coverage_view_cell_chosen(self, event: CoverageView.CellChosen) -> None:
        self._map_for(role_id=event.role, behaviour=event.behaviour)

    @guarded
    def on_coverage_view_role_chosen(self, event: CoverageView.RoleChosen) -> None:
        self.go_to("role", event.role)

    @guarded
    def on_where_used_view_jump(self, event: WhereUsedView.Jump) -> None:
        self.go_to(event.kind, event.key)

    @guarded
    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.tabbed_content.id == "views":
            self._refresh_view()

    # -- navigation -----------------------------------------------------------------------------

    def go_to(self, kind: str, key: str, field: str | None = None) -> bool:
        """Show an element in the tree and editor (and put the cursor in ``field``; ``""``:
        its first field, as enter in the tree does)."""
        if self.refused_while_opening("action_go_to"):
            return False
        if self.session.element(kind, key) is None and kind != "framework":
            self.notify(f"{kind} {key} is not in the framework", severity="warning")
            return False
        data: Selection = Category("framework") if kind == "framework" else \
            Item(kind, edits.match_key(kind, key))
        self.main.framework_tree.reveal(data)
        self.selection = data
        self._show_selection()
        self.action_show_view("edit")
        if field:
            self.call_after_refresh(self._focus_field, field)
        elif field == "":
            self.call_after_refresh(self._focus_first_field)
        return True

    def _focus_field(self, field: str) -> None:
        """The cursor in ``field``; a field that cannot take it (an id, shown as text: F2
        renames) puts it in the element's first field instead, never left where it was."""
        if not self.main.editor.focus_field(field):
            self._focus_first_field()

    def element_index(self) -> list[tuple[str, str, str]]:
        """(kind, key, label) of every element, for "go to" in the palette."""
        if self.opening:
            return []
        fw = self.session.composed.framework
        out = []
        for kind, _ in CATEGORIES:
            if kind == "framework":
                continue
            for element in edits.elements(fw, kind):
                label = present.element_title(element)
                code = getattr(element, "code", "")
                if code and code != element.key:  # "SFJ GD9" finds SFJGD9 too
                    label = f"{code} {label}".strip()
                out.append((kind, element.key, label))
        return out

    def palette_actions(self) -> tuple[tuple[str, str, str], ...]:
        return self.PALETTE

    # -- actions ------------------------------------------------------------------------------

    @guarded
    def action_focus_tree(self) -> None:
        self.main.framework_tree.focus()

    @guarded
    def action_focus_problems(self) -> None:
        self.main.problems.query_one("#problems-table").focus()

    @guarded
    def action_show_view(self, name: str) -> None:
        if name not in dict(VIEWS):
            return
        views = self.main.views
        if views.active != f"tab-{name}":
            views.active = f"tab-{name}"
        self._refresh_view(name)
        if name == "coverage":
            self.main.coverage.query_one("#coverage-table").focus()
        elif name == "used":
            self.main.used.query_one("#used-table").focus()

    @guarded
    def action_toggle_theme(self) -> None:
        self.app.action_toggle_theme()  # type: ignore[attr-defined]

    @guarded
    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.app.binding_rows()))  # type: ignore[attr-defined]

    @guarded
    def action_undo(self) -> None:
        label = self.session.undo()
        if label is None:
            self.notify("nothing to undo")
            return
        self.settle()
        self._schedule_journal()
        self.notify(f"undid: {label}", timeout=2)

    @guarded
    def action_redo(self) -> None:
        label = self.session.redo()
        if label is None:
            self.notify("nothing to redo")
            return
        self.settle()
        self._schedule_journal()
        self.notify(f"redid: {label}", timeout=2)

    def _flow(self, flow: Callable[..., Awaitable[Any]], *args: Any, group: str) -> None:
        """Run a dialog flow (which awaits screens) in a worker, errors notified."""

        async def run() -> None:
            try:
                await flow(*args)
            except Exception as exc:  # noqa: BLE001
                self.report_error(exc)

        self.run_worker(run(), group=group, exclusive=True, exit_on_error=False)


__all__ = ["MainScreen", "STRUCTURAL_FIELDS", "VIEWS"]
