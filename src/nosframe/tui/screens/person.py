"""The person view: the requirements of a role for one person, the evidence against each, what
is missing, expiring or expired; add evidence, record an assessed level, remove, undo, save.

It decides nothing: the state of each requirement is :func:`nosframe.analysis.people.
role_status`, every edit a typed operation of :class:`nosframe.editing.person.PersonSession`
(forms parsed by ``evidence_from_form`` / ``assessment_from_form``).
"""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Input, Label, Static

from nosframe.analysis.people import BehaviourStatus, CriterionStatus, State, role_status
from nosframe.editing.person import (
    AddEvidence,
    PersonSession,
    RemoveAssessment,
    RemoveEvidence,
    SetLevel,
    assessment_from_form,
    evidence_from_form,
)
from nosframe.editing.rules import EditError
from nosframe.io.errors import NosframeError
from nosframe.model import normalise_code
from nosframe.tui.guard import guarded
from nosframe.tui.markup import escape
from nosframe.tui.screens.dialogs import DIALOG_CSS, ChoiceScreen, PromptScreen
from nosframe.tui.screens.modal import Dialog

_STYLE = {State.MET: "green", State.EXPIRING: "yellow", State.EXPIRED: "bold red",
          State.MISSING: "dim"}
_LABEL = {State.MET: "met", State.EXPIRING: "expiring", State.EXPIRED: "EXPIRED",
          State.MISSING: "missing"}


def _held_text(held) -> str:
    if held is None:
        return ""
    e = held.evidence
    text = f"{e.date.isoformat()} {e.method.value if e.method else ''} {e.assessor}".strip()
    if held.until:
        text += f" · {'expired' if held.expired else 'until'} {held.until.isoformat()}"
    return text


class EvidenceScreen(Dialog["dict[str, str] | None"]):
    """A form for one piece of evidence (or, with ``level=True``, an assessed level)."""

    DEFAULT_CSS = DIALOG_CSS.replace("PromptScreen", "EvidenceScreen") + """
    EvidenceScreen .form-row { height: 1; margin-bottom: 1; }
    EvidenceScreen .form-row Label { width: 12; }
    EvidenceScreen .form-row Input { width: 1fr; height: 1; border: none; padding: 0 1; }
    EvidenceScreen .hint { color: $text-muted; height: auto; margin-bottom: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]

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
            yield Static("Dates YYYY-MM-DD; expires is optional. Methods: observation, "
                         "simulation, professional discussion, product, questioning, witness "
                         "testimony, recognised prior learning, other (a start is enough). "
                         "tab: next field; enter: add", classes="hint")
            for name, label, value in self.fields:
                with Horizontal(classes="form-row"):
                    yield Label(label)
                    yield Input(value, id=f"form-{name}")
            yield Static("", classes="error", id="prompt-error")
            with Horizontal(classes="buttons"):
                yield Button("Add (enter)", id="prompt-ok", variant="primary")
                yield Button("Cancel (esc)", id="prompt-cancel")

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    def form(self) -> dict[str, str]:
        return {name: self.query_one(f"#form-{name}", Input).value for name, _, _ in self.fields}

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "prompt-ok":
            self._submit()
        else:
            self.dismiss(None)

    def _submit(self) -> None:
        form = self.form()
        try:
            self.parse(form)
        except (EditError, ValueError) as exc:
            self.query_one("#prompt-error", Static).update(escape(str(exc)))
            return
        self.dismiss(form)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PersonScreen(Screen):
    """One person against one role."""

    DEFAULT_CSS = """
    PersonScreen #person-summary { height: auto; padding: 0 1; background: $boost; }
    PersonScreen #requirements { height: 1fr; }
    PersonScreen #person-detail { height: auto; max-height: 12; padding: 0 1;
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

    def __init__(self, session: PersonSession, framework, role: str, today: dt.date):
        super().__init__()
        self.session = session
        self.framework = framework
        self.role = role
        self.today = today
        self.rows: list[CriterionStatus | BehaviourStatus] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="person-summary")
        yield DataTable(id="requirements", cursor_type="row", zebra_stripes=True)
        yield Static("", id="person-detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("State", "Requirement", "Evidence", "Text")
        self.refresh_view()
        table.focus()

    # -- showing ----------------------------------------------------------------------------

    @property
    def status(self):
        return role_status(self.framework, self.session.person, self.role, self.today)

    def refresh_view(self) -> None:
        from rich.text import Text

        status = self.status
        person = self.session.person.person
        dirty = " · [b]unsaved[/b]" if self.session.dirty else ""
        expired = sum(r.state is State.EXPIRED for r in status.criteria + status.behaviours)
        expiring = len(status.expiring)
        self.query_one("#person-summary", Static).update(
            f"[b]{escape(person.name or person.id)}[/b] ({escape(person.id)}) · "
            f"{escape(status.title)} · {status.met} of {status.total} met "
            f"({status.fit:.0%}) · {len(status.missing)} missing · {expired} expired · "
            f"{expiring} expiring · as of {self.today.isoformat()}{dirty}")
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        self.rows = list(status.criteria) + list(status.behaviours)
        for item in self.rows:
            if isinstance(item, CriterionStatus):
                name = f"{item.standard} {item.criterion}" + (" (opt)" if item.optional else "")
                text = item.text
            else:
                name = f"{item.name} ≥ {item.required}"
                text = f"assessed at {item.level}" if item.level is not None else ""
            table.add_row(Text(_LABEL[item.state], style=_STYLE[item.state]), name,
                          _held_text(item.held), text[:60])
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
            return [(i, f"{e.date} {e.method.value} by {e.assessor or '?'}"
                        + (f" ({e.reference})" if e.reference else "")
                        + (f", expires {e.expires}" if e.expires else ""))
                    for i, e in enumerate(person.evidence)
                    if normalise_code(e.standard) == item.key
                    and e.criterion in (item.criterion, "*")]
        return [(i, f"{a.date} level {a.level} by {a.assessor or '?'}"
                    + (f", expires {a.expires}" if a.expires else ""))
                for i, a in enumerate(person.behaviours) if a.behaviour == item.behaviour]

    def show_detail(self) -> None:
        item = self.current()
        detail = self.query_one("#person-detail", Static)
        if item is None:
            detail.update("")
            return
        if isinstance(item, CriterionStatus):
            head = f"[b]{escape(item.standard)} {escape(item.criterion)}[/b] {escape(item.title)}"
        else:
            head = f"[b]{escape(item.name)}[/b] at level {item.required}"
        lines = [head, f"{_LABEL[item.state]}" + (f": {escape(_held_text(item.held))}"
                                                   if item.held else "")]
        found = self.entries(item)
        lines += [f"  {escape(line)}" for _, line in found] or ["  no evidence recorded"]
        lines.append("[dim]a add · d remove the latest · r another role · ctrl+z undo · "
                     "ctrl+s save[/dim]")
        detail.update("\n".join(lines))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def report_error(self, exc: Exception) -> None:
        message = exc.message if isinstance(exc, NosframeError) else str(exc)
        self.notify(message, severity="error", title="Not done")

    # -- editing ----------------------------------------------------------------------------

    def _do(self, operation) -> None:
        try:
            changed = self.session.do(operation)
        except EditError as exc:
            self.report_error(exc)
            return
        if changed:
            self.notify(operation.label, title="Done", timeout=2)
        self.refresh_view()

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
                return SetLevel(assessment_from_form(item.behaviour, form))
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
        operation = (RemoveEvidence(index) if isinstance(item, CriterionStatus)
                     else RemoveAssessment(index))

        def done(answer: str) -> None:
            if answer == "remove":
                self._do(operation)

        self.app.push_screen(ChoiceScreen("Remove evidence", f"Remove {line}? (undo with "
                                          "ctrl+z)", [("remove", "Remove", "r"),
                                                      ("cancel", "Cancel", "c")],
                                          default="cancel"), done)

    @guarded
    def action_choose_role(self) -> None:
        """Show the record against another role of the framework (nothing is edited)."""
        ids = [r.id for r in self.framework.roles]

        def validate(value: str) -> str | None:
            return None if value in ids else f"no role {value!r}; roles: {', '.join(ids)}"

        def done(value: str | None) -> None:
            if value:
                self.role = value
                self.refresh_view()

        self.app.push_screen(PromptScreen("Show the record against a role",
                                          f"Role id ({len(ids)} roles; a wrong one lists them)",
                                          self.role, validate=validate), done)

    def action_undo(self) -> None:
        label = self.session.undo()
        self.notify(f"undone: {label}" if label else "nothing to undo", timeout=2)
        self.refresh_view()

    def action_redo(self) -> None:
        label = self.session.redo()
        self.notify(f"redone: {label}" if label else "nothing to redo", timeout=2)
        self.refresh_view()

    @guarded
    def action_save(self) -> None:
        self.session.save()
        self.notify(f"saved {self.session.path.name}", timeout=2)
        self.refresh_view()

    def action_quit(self) -> None:
        if not self.session.dirty:
            self.app.exit()
            return

        def done(answer: str) -> None:
            if answer == "save":
                try:
                    self.session.save()
                except NosframeError as exc:
                    self.report_error(exc)
                    return
                self.app.exit()
            elif answer == "discard":
                self.app.exit()

        self.app.push_screen(ChoiceScreen("Unsaved changes", "Save the record before quitting?",
                                          [("save", "Save", "s"), ("discard", "Discard", "d"),
                                           ("cancel", "Cancel", "c")]), done)


__all__ = ["EvidenceScreen", "PersonScreen"]
