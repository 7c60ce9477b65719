"""The person view: the requirements of a role for one person, the evidence against each, what
is missing, expiring or expired; add evidence, record an assessed level, remove, undo, save.

It decides nothing: the state of each requirement is :func:`nosframe.analysis.people.
role_status`, every edit a typed operation of :class:`nosframe.editing.person.PersonSession`
(forms parsed by ``evidence_from_form`` / ``assessment_from_form``; a save over a record
changed on disk merges through ``save(merge=True)``; the recovery journal is the session's),
and the words for evidence and fit are :mod:`nosframe.editing.present`'s, as the CLI's.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any, Awaitable, Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Input, Label, Static

from nosframe.analysis.people import BehaviourStatus, CriterionStatus, State, role_status
from nosframe.editing.person import (
    AddEvidence,
    CannotMerge,
    ChangedOnDisk,
    PersonSession,
    RemoveAssessment,
    RemoveEvidence,
    SetLevel,
    assessment_from_form,
    evidence_from_form,
)
from nosframe.editing.present import cut, entry_text, evidence_text, fit_text
from nosframe.editing.rules import EditError
from nosframe.io.errors import NosframeError
from nosframe.model import normalise_code
from nosframe.tui.guard import guarded
from nosframe.tui.widgets.field_input import FieldInput
from nosframe.tui.markup import escape
from nosframe.tui.screens.dialogs import (DIALOG_CSS, ChoiceScreen, PickScreen, listed,
                                         offer_recovery, read_recovery)
from nosframe.tui.screens.modal import FormDialog

_STYLE = {State.MET: "green", State.EXPIRING: "yellow", State.EXPIRED: "bold red",
          State.MISSING: "dim"}
_LABEL = {State.MET: "met", State.EXPIRING: "expiring", State.EXPIRED: "EXPIRED",
          State.MISSING: "missing"}

#: the table's columns, and what each cell costs besides its text (DataTable's padding)
COLUMNS = ("State", "Requirement", "Evidence", "Text")
_CELL_PADDING = 2
_SCROLLBAR = 2


def column_widths(width: int, longest_requirement: int) -> tuple[int, int, int, int]:
    """Widths of the State, Requirement, Evidence and Text columns in a table ``width`` cells
    wide: State fixed, Requirement and Evidence fixed-ish shares (Requirement no wider than
    its longest entry), Text the rest, so the criterion's words get the room."""
    free = max(width - _SCROLLBAR - _CELL_PADDING * len(COLUMNS), 40)
    state = 8
    requirement = min(max(longest_requirement, 8), max(14, min(32, free * 27 // 100)))
    evidence = max(24, min(46, free * 32 // 100))
    text = max(10, free - state - requirement - evidence)
    return state, requirement, evidence, text


def held_cell(held) -> str:
    """The Evidence column: when, until when, how and by whom (the detail says it in full)."""
    if held is None:
        return ""
    e = held.evidence
    text = e.date.isoformat() + (f" to {held.until.isoformat()}" if held.until else "")
    how = ", ".join(part for part in (e.method.value if e.method else "", e.assessor) if part)
    return f"{text} {how}".strip()


class EvidenceScreen(FormDialog["dict[str, str] | None"]):
    """A form for one piece of evidence (or, with ``level=True``, an assessed level). Compact,
    so it fits 80×24 with its buttons; the fields scroll on a smaller screen."""

    DEFAULT_CSS = DIALOG_CSS.replace("PromptScreen", "EvidenceScreen") + """
    EvidenceScreen > Vertical { padding: 0 1; max-height: 100%; }
    EvidenceScreen .dialog-title { margin-bottom: 0; }
    EvidenceScreen #form-fields { height: auto; max-height: 1fr; }
    EvidenceScreen .form-row { height: 1; }
    EvidenceScreen .form-row Label { width: 12; }
    EvidenceScreen .form-row Input { width: 1fr; height: 1; border: none; padding: 0 1; }
    EvidenceScreen .hint { color: $text-muted; height: auto; margin-bottom: 1; }
    EvidenceScreen .buttons { margin-top: 0; height: 3; }
    """
    def __init__(self, title: str, parse, *, level: bool = False, today: dt.date):
        super().__init__()
        self.title_text = title
        self.parse = parse  # form -> operation (raises EditError)
        self.fields = ((("level", "Level", ""),) if level else ()) + (
            ("date", "Date", today.isoformat()),
            ("assessor", "Assessor", ""),
            ("method", "Method", "" if level else "observation"),
            ("reference", "Reference", ""),
            ("expires", "Expires", ""))

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(escape(self.title_text), classes="dialog-title")
            yield Static("Dates YYYY-MM-DD, expires optional. Method: observation, simulation, "
                         "professional discussion, product, questioning, witness testimony, "
                         "recognised prior learning, other (a start is enough). "
                         "tab: next field · enter: add", classes="hint")
            with VerticalScroll(id="form-fields"):
                for name, label, value in self.fields:
                    with Horizontal(classes="form-row"):
                        yield Label(label)
                        yield FieldInput(value, id=f"form-{name}")
            yield Static("", classes="error", id="prompt-error")
            with Horizontal(classes="buttons"):
                yield Button("Add (enter)", id="prompt-ok", variant="primary")
                yield Button("Cancel (esc)", id="prompt-cancel")

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    def form(self) -> dict[str, str]:
        return {name: self.query_one(f"#form-{name}", Input).value for name, _, _ in self.fields}

    def submit(self) -> None:
        form = self.form()
        try:
            self.parse(form)
        except (EditError, ValueError) as exc:
            self.show_error(str(exc))
            return
        self.dismiss(form)


class PersonCommands(Provider):
    """The person view's actions in the command palette (ctrl+p), from ``PersonScreen.PALETTE``
    (the framework editor's pattern)."""

    def _actions(self) -> tuple[tuple[str, str, str], ...]:
        return getattr(self.screen, "PALETTE", ())

    def _run(self, action: str) -> None:
        self.app.call_later(self.screen.run_action, action)

    async def discover(self) -> Hits:
        for title, action, help_text in self._actions():
            yield DiscoveryHit(title, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, action, help_text in self._actions():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(self._run, action),
                          help=help_text)


class PersonScreen(Screen):
    """One person against one role."""

    DEFAULT_CSS = """
    PersonScreen #person-summary { height: auto; padding: 0 1; background: $boost; }
    PersonScreen #requirements { height: 1fr; }
    PersonScreen #person-detail { height: auto; max-height: 10; padding: 0 1;
                                  border-top: solid $accent; }
    """
    BINDINGS = [
        Binding("a", "add", "Add evidence", id="person.add"),
        Binding("d", "remove", "Remove", id="person.remove"),
        Binding("r", "choose_role", "Role", id="person.role"),
        Binding("ctrl+z", "undo", "Undo", id="person.undo"),
        Binding("ctrl+y", "redo", "Redo", id="person.redo"),
        Binding("ctrl+s", "save", "Save", id="person.save"),
        Binding("ctrl+q", "quit", "Quit", id="person.quit"),
    ]
    COMMANDS = {PersonCommands}
    #: (title, action, help) of what the command palette offers
    PALETTE: tuple[tuple[str, str, str], ...] = (
        ("Save", "save", "write the record atomically, its layout kept; merges when it "
                         "changed on disk (ctrl+s)"),
        ("Undo", "undo", "undo the last edit (ctrl+z)"),
        ("Redo", "redo", "redo what was undone (ctrl+y)"),
        ("Add evidence", "add", "evidence of the highlighted criterion, or an assessed level "
                                "of the highlighted behaviour (a)"),
        ("Remove evidence", "remove", "remove the latest evidence of the highlighted "
                                      "requirement, after asking (d)"),
        ("Show another role", "choose_role", "the record against another role of the "
                                             "framework (r)"),
    )

    def __init__(self, session: PersonSession, framework, role: str, today: dt.date):
        super().__init__()
        self.session = session
        self.framework = framework
        self.role = role
        self.today = today
        self.rows: list[CriterionStatus | BehaviourStatus] = []
        self.widths: tuple[int, ...] = ()
        self._journal_error_shown = False

    def compose(self) -> ComposeResult:
        yield Static("", id="person-summary")
        yield DataTable(id="requirements", cursor_type="row", zebra_stripes=True)
        yield Static("", id="person-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_view()
        self.query_one(DataTable).focus()
        if self.session.path is not None and self.session.journal.exists():
            self._flow(self._recovery_flow, group="recovery")

    def on_resize(self) -> None:
        if self.fitting_widths() != self.widths:
            self.refresh_view()

    # -- showing ----------------------------------------------------------------------------

    @property
    def status(self):
        return role_status(self.framework, self.session.person, self.role, self.today)

    def fitting_widths(self) -> tuple[int, ...]:
        width = self.size.width or self.app.size.width
        return column_widths(width, max((len(self.requirement_name(r)) for r in self.rows), default=0))

    @staticmethod
    def requirement_name(item) -> str:
        if isinstance(item, CriterionStatus):
            return f"{item.standard} {item.criterion}" + (" (opt)" if item.optional else "")
        return f"{item.name} ≥ {item.required}"

    def refresh_view(self) -> None:
        from rich.text import Text

        status = self.status
        person = self.session.person.person
        dirty = " · [b]unsaved[/b]" if self.session.dirty else ""
        expiring = len(status.expiring)
        self.query_one("#person-summary", Static).update(
            f"[b]{escape(person.name or person.id)}[/b] ({escape(person.id)}) · "
            f"{escape(status.title)} · {escape(fit_text(status))}"
            + (f" · {expiring} expiring" if expiring else "")
            + f" · as of {self.today.isoformat()}{dirty}")
        table = self.query_one(DataTable)
        row = table.cursor_row
        self.rows = list(status.criteria) + list(status.behaviours)
        self.widths = self.fitting_widths()
        table.clear(columns=True)
        for label, width in zip(COLUMNS, self.widths):
            table.add_column(label, width=width, key=label.lower())
        _, name_width, held_width, text_width = self.widths
        for item in self.rows:
            if isinstance(item, CriterionStatus):
                text = item.text
            else:
                text = f"assessed at {item.level}" if item.level is not None else ""
            table.add_row(Text(_LABEL[item.state], style=_STYLE[item.state]),
                          cut(self.requirement_name(item), name_width), cut(held_cell(item.held), held_width),
                          cut(text, text_width))
        if self.rows:
            table.move_cursor(row=min(max(row, 0), len(self.rows) - 1))
        self.show_detail()

    def current(self) -> CriterionStatus | BehaviourStatus | None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row < 0:
            return None
        return self.rows[min(table.cursor_row, len(self.rows) - 1)]

    def entries(self, item) -> list[tuple[int, str]]:
        """(index in the record, line) of the evidence recorded for a requirement."""
        person = self.session.person
        if isinstance(item, CriterionStatus):
            return [(i, entry_text(e)) for i, e in enumerate(person.evidence)
                    if normalise_code(e.standard) == item.key
                    and e.criterion in (item.criterion, "*")]
        return [(i, entry_text(a)) for i, a in enumerate(person.behaviours)
                if a.behaviour == item.behaviour]

    def show_detail(self) -> None:
        item = self.current()
        detail = self.query_one("#person-detail", Static)
        if item is None:
            detail.update("")
            return
        if isinstance(item, CriterionStatus):
            head = (f"[b]{escape(item.standard)} {escape(item.criterion)}[/b] "
                    f"{escape(item.title)}" + (f": {escape(item.text)}" if item.text else ""))
        else:
            head = f"[b]{escape(item.name)}[/b] at level {item.required}"
        lines = [head, f"{_LABEL[item.state]}" + (f": {escape(evidence_text(item.held))}"
                                                   if item.held else "")]
        found = self.entries(item)
        lines += [f"  {escape(line)}" for _, line in found] or ["  no evidence recorded"]
        lines.append("[dim]a add · d remove the latest · r another role · ctrl+z undo · "
                     "ctrl+s save · ctrl+p all commands[/dim]")
        detail.update("\n".join(lines))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def report_error(self, exc: Exception) -> None:
        message = exc.message if isinstance(exc, NosframeError) else str(exc)
        self.notify(escape(message), severity="error", title="Not done")

    def _flow(self, flow: Callable[[], Awaitable[Any]], *, group: str) -> None:
        """Run a dialog flow (which awaits screens) in a worker, errors notified."""

        async def run() -> None:
            try:
                await flow()
            except Exception as exc:  # noqa: BLE001
                self.report_error(exc)

        self.run_worker(run(), group=group, exclusive=True, exit_on_error=False)

    # -- editing ----------------------------------------------------------------------------

    def changed(self) -> None:
        """After every edit, undo, redo or recovery: the journal, then the screen."""
        try:
            self.session.write_journal()
        except (NosframeError, OSError) as exc:
            if not self._journal_error_shown:
                self._journal_error_shown = True
                self.notify(escape(f"cannot write the recovery journal: {exc}"),
                            severity="warning", timeout=10)
        self.refresh_view()

    def _do(self, operation) -> None:
        try:
            changed = self.session.do(operation)
        except EditError as exc:
            self.report_error(exc)
            return
        if changed:
            self.notify(escape(operation.label), title="Done", timeout=2)
        self.changed()

    @guarded
    def action_add(self) -> None:
        item = self.current()
        if item is None:
            return
        if isinstance(item, CriterionStatus):
            def parse(form):
                return AddEvidence(evidence_from_form(item.standard, item.criterion, form))
            title = f"Evidence of {item.standard} {item.criterion}"
            screen = EvidenceScreen(title, parse, today=self.today)
        else:
            def parse(form):
                return SetLevel(assessment_from_form(
                    item.behaviour, form, scale=[lv.number for lv in self.framework.levels]))
            title = f"Assessed level of {item.name} (needed: {item.required})"
            screen = EvidenceScreen(title, parse, level=True, today=self.today)

        def done(form) -> None:
            if form is not None:
                self._do(parse(form))

        self.app.push_screen(screen, done)

    @guarded
    def action_remove(self) -> None:
        item = self.current()
        found = self.entries(item) if item is not None else []
        if not found:
            self.notify("no evidence recorded for this requirement", title="Nothing to remove")
            return
        index, line = found[-1]
        person = self.session.person
        operation = (RemoveEvidence(index, person.evidence[index])
                     if isinstance(item, CriterionStatus)
                     else RemoveAssessment(index, person.behaviours[index]))

        def done(answer: str) -> None:
            if answer == "remove":
                self._do(operation)

        self.app.push_screen(ChoiceScreen.confirm(
            "Remove evidence", f"Remove {line}? (undo with ctrl+z)", "Remove",
            ident="remove"), done)

    @guarded
    def action_choose_role(self) -> None:
        """Show the record against another role of the framework (nothing is edited)."""
        mine = self.session.person.person.role
        choices = [(r.id, f"{r.title or r.id} ({r.id})"
                    + (" · current role" if r.id == mine else ""))
                   for r in self.framework.roles]

        def done(value: str | None) -> None:
            if value:
                self.role = value
                self.refresh_view()

        self.app.push_screen(PickScreen("Show the record against a role", choices,
                                        current=self.role), done)

    def action_undo(self) -> None:
        label = self.session.undo()
        self.notify(escape(f"undone: {label}") if label else "nothing to undo", timeout=2)
        self.changed()

    def action_redo(self) -> None:
        label = self.session.redo()
        self.notify(escape(f"redone: {label}") if label else "nothing to redo", timeout=2)
        self.changed()

    # -- saving, quitting, recovering -------------------------------------------------------

    @guarded
    def action_save(self) -> None:
        self._flow(self._save_flow, group="save")

    async def _save_flow(self) -> bool:
        """Save; when the record changed on disk, ask: merge, overwrite (confirmed), reload or
        cancel. True when it was written."""
        s = self.session
        name = s.path.name  # type: ignore[union-attr]
        force = False
        if s.disk_changed():
            choice = await self.app.push_screen_wait(self._changed_on_disk_dialog())
            if choice == "reload":
                s.reload()
                self.changed()
                self.notify(escape(f"reloaded {name} from disk"))
                return False
            if choice == "merge":
                try:
                    s.save(merge=True)
                except CannotMerge as exc:
                    shown = "\n".join(f"• {label}: {why}" for label, why in exc.failed)
                    self.notify(escape(f"not saved: {exc.message}" if not shown else
                                       f"not saved: these edits cannot be re-applied to "
                                       f"{name} as it is now:\n{shown}"),
                                severity="warning", title="Not merged", timeout=15)
                    return False
                except ChangedOnDisk as exc:
                    self.notify(escape(f"not saved: {exc.message}"), severity="warning")
                    return False
                self.changed()
                self.notify(escape(f"merged your edits into {name} as it is on disk, "
                                   "and saved it"), timeout=3)
                return True
            if choice == "overwrite" and s.path.exists():  # type: ignore[union-attr]
                choice = await self.app.push_screen_wait(ChoiceScreen.confirm(
                    "Overwrite the record?",
                    f"This replaces {name} on disk with the record shown here: the changes "
                    "made to it there since it was opened here are lost.", "Overwrite",
                    ident="overwrite"))
            if choice != "overwrite":
                self.notify("not saved")
                return False
            force = True
        s.save(force=force)
        self.notify(escape(f"saved {name}"), timeout=2)
        self.refresh_view()
        return True

    def _changed_on_disk_dialog(self) -> ChoiceScreen:
        s = self.session
        name = s.path.name  # type: ignore[union-attr]
        if not s.path.exists():  # type: ignore[union-attr]
            return ChoiceScreen.confirm(
                "The record changed on disk",
                f"{name} was deleted or moved since it was opened here. Saving writes it "
                "again from the record shown here.", "Save it again", ident="overwrite")
        operations = s.unsaved_operations
        message = (f"{name} was changed by another program (or another person view) since "
                   "it was opened here; saving now would overwrite those changes.")
        choices = []
        if operations:
            shown = "\n".join(f"• {op.label}" for op in operations[:10])
            if len(operations) > 10:
                shown += f"\n• … and {len(operations) - 10} more"
            message += (f"\n\nMerge re-applies your {len(operations)} edit"
                        f"{'s' if len(operations) != 1 else ''} to the file as it is now:"
                        f"\n{shown}")
            choices.append(("merge", "Merge", "m"))
        elif operations is None:
            message += ("\n\n(Merge is not offered: undo went back past the last save, so "
                        "your record is not a list of edits to re-apply.)")
        message += ("\n\nOverwrite replaces the file with the record shown here (after asking); "
                    "Reload drops your edits and shows the file as it is now.")
        choices += [("overwrite", "Overwrite", "o"), ("reload", "Reload", "r"),
                    ("cancel", "Cancel", "c")]
        return ChoiceScreen("The record changed on disk", message, choices,
                            default="merge" if operations else "cancel")

    def action_quit(self) -> None:
        if not self.session.dirty:
            if self.session.path is not None:
                self.session.discard_journal()
            self.app.exit()
            return
        self._flow(self._quit_flow, group="quit")

    async def _quit_flow(self) -> None:
        choice = await self.app.push_screen_wait(ChoiceScreen(
            "Unsaved changes", "Save the record before quitting?",
            [("save", "Save", "s"), ("discard", "Discard", "d"), ("cancel", "Cancel", "c")]))
        if choice == "save":
            if await self._save_flow():
                self.app.exit()
        elif choice == "discard":
            self.session.discard_journal()
            self.app.exit()

    async def _recovery_flow(self) -> None:
        s = self.session
        recovery = read_recovery(self, s)
        if recovery is None:
            return
        name = s.path.name  # type: ignore[union-attr]
        changes = list(recovery.changes)
        if not changes and not recovery.failed:
            s.discard_journal()
            return
        note = ""
        if not recovery.base_matches:
            note = ("\n\nThe record on disk changed since those edits began: recovering "
                    "re-applies them to it as it is now.")
            if recovery.failed:
                note += " These cannot be, and are left out:\n" + "\n".join(
                    f"• {label}: {why}" for label, why in recovery.failed)
        await offer_recovery(self, s, recovery, name=name, closed="the person view",
                             shown=listed(changes) or "• none that can be re-applied",
                             note=note, recovered=self.changed)


__all__ = ["EvidenceScreen", "PersonCommands", "PersonScreen", "column_widths", "held_cell"]
