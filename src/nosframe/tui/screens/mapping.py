"""The mapping editor: tick which performance (P) and knowledge (K) criteria of a standard
evidence a behaviour (or a value). Saving writes ``[[mappings]]`` in the organisation's file."""

from __future__ import annotations

from typing import Any, Callable, Sequence

from attrs import evolve, frozen
from rich.segment import Segment
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.strip import Strip
from textual.widgets import Button, Checkbox, Label, Select, SelectionList, Static
from textual.widgets.option_list import OptionDoesNotExist
from textual.widgets.selection_list import Selection

from nosframe.model import Standard
from nosframe.tui.markup import escape
from nosframe.tui.screens.modal import Dialog


@frozen
class MappingResult:
    standard: str
    target_kind: str  # "behaviour" or "value"
    target: str
    criteria: tuple[str, ...]
    #: other standard x target pairs ticked differently in the same dialog, saved with it
    others: tuple["MappingResult", ...] = ()


def _result(standard: str, target: str, criteria: tuple[str, ...]) -> MappingResult:
    kind, _, ident = target.partition(":")
    return MappingResult(standard, kind, ident, criteria)


class TickList(SelectionList[str]):
    """A selection list whose ticked rows differ from unticked ones in shape (``✓``), not only
    in colour: Textual draws the same ``X`` for both, which a monochrome terminal, a colour-blind
    user or a screen reader cannot tell apart."""

    TICKED, UNTICKED = "✓", " "

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        try:
            selection = self.get_option_at_index(self.scroll_offset[1] + y)
        except OptionDoesNotExist:
            return strip
        if len(segments) < 3 or segments[1].text != Checkbox.BUTTON_INNER:
            return strip
        ticked = selection.value in self.selected
        segments[1] = Segment(self.TICKED if ticked else self.UNTICKED, segments[1].style)
        return Strip(segments, strip.cell_length)


class MappingScreen(Dialog[MappingResult | None]):
    """Choose a standard and a behaviour, then tick criteria; ctrl+s saves, escape cancels.
    Ticks of a pair are kept while switching to another, and saved together."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="mapping.cancel"),
        Binding("ctrl+s", "save", "Save mapping", id="mapping.save"),
        Binding("ctrl+a", "all", "Tick all", id="mapping.all", show=False),
        Binding("ctrl+g", "accept_suggested", "Tick suggested", id="mapping.suggested"),
    ]

    DEFAULT_CSS = """
    MappingScreen { align: center middle; }
    MappingScreen > Vertical {
        width: 96%; height: 90%; border: thick $accent; background: $surface; padding: 0 1;
    }
    MappingScreen #mapping-title { text-style: bold; height: 1; }
    MappingScreen .row { height: auto; }
    MappingScreen .row Select { width: 1fr; }
    MappingScreen #mapping-criteria { height: 1fr; }
    MappingScreen #mapping-status { height: auto; color: $text-muted; }
    MappingScreen .buttons { height: auto; align-horizontal: right; }
    MappingScreen .buttons Button { margin-left: 1; }
    """

    def __init__(self, standards: Sequence[tuple[str, str]], targets: Sequence[tuple[str, str]],
                 *, standard: str | None, target: str | None,
                 lookup: Callable[[str], Standard | None],
                 current: Callable[[str, str], tuple[str, ...]], context: str = "",
                 suggest: Callable[[Standard], Sequence[Any]] | None = None,
                 reach: Callable[[str], Sequence[str]] | None = None):
        """``standards``: (code, label); ``targets``: ("behaviour:id" or "value:id", label);
        ``current(code, target)`` gives the criteria mapped now; ``suggest(standard)`` the
        suggested mappings of its criteria (:func:`nosframe.analysis.suggest.
        suggest_mappings`), marked in the list for the user to tick or leave; ``reach(code)``
        the roles requiring a standard: a mapping holds wherever the standard is required, not
        only for the role the editor was opened from, and the help line says so."""
        super().__init__()
        self.standards = list(standards)
        self.targets = list(targets)
        self.standard = standard if standard else (self.standards[0][0] if self.standards
                                                   else None)
        self.target = target if target else (self.targets[0][0] if self.targets else None)
        self.lookup = lookup
        self.current = current
        self.context = context
        #: (standard, target) -> criteria ticked here, kept while switching between pairs
        self._ticked: dict[tuple[str, str], tuple[str, ...]] = {}
        self._loading = False
        self.suggest = suggest
        self.reach = reach
        self._suggested_cache: dict[str, Sequence[Any]] = {}
        #: criterion id -> the words that support suggesting it for the pair shown
        self.suggested: dict[str, tuple[str, ...]] = {}

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Map criteria" + (f" — {self.context}" if self.context else ""),
                        id="mapping-title", classes="dialog-title")
            with Horizontal(classes="row"):
                yield Select([(label, code) for code, label in self.standards],
                             value=self.standard or Select.NULL,
                             allow_blank=not self.standards, id="mapping-standard",
                             prompt="standard")
                yield Select([(label, value) for value, label in self.targets],
                             value=self.target or Select.NULL,
                             allow_blank=not self.targets, id="mapping-target",
                             prompt="behaviour or value")
            yield Static("", id="mapping-help")
            yield TickList(id="mapping-criteria")
            yield Static("", id="mapping-status")
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", id="mapping-save", variant="primary")
                yield Button("Cancel (esc)", id="mapping-cancel")

    def on_mount(self) -> None:
        self._load()
        criteria = self.query_one("#mapping-criteria", SelectionList)
        if criteria.option_count:
            criteria.focus()
        else:  # nothing to tick (no criteria, or no standard or behaviour yet): choose first
            missing = "#mapping-target" if self.standard and not self.target else \
                "#mapping-standard"
            self.query_one(missing, Select).focus()

    def _load(self) -> None:
        criteria = self.query_one("#mapping-criteria", SelectionList)
        criteria.clear_options()
        help_text = self.query_one("#mapping-help", Static)
        if not self.standard or not self.target:
            help_text.update("Choose a standard and a behaviour.")
            return
        standard = self.lookup(self.standard)
        target_label = dict(self.targets).get(self.target, self.target)
        if standard is None:
            help_text.update(f"{escape(self.standard)} is not defined in this framework, so "
                             "its criteria are unknown.")
            return
        pair = (self.standard, self.target)
        ticked = set(self._ticked[pair] if pair in self._ticked
                     else self.current(self.standard, self.target))
        target_label = target_label.removesuffix(" (required)")
        self.suggested = {}
        if self.suggest is not None:
            if standard.key not in self._suggested_cache:
                try:
                    self._suggested_cache[standard.key] = tuple(self.suggest(standard))
                except Exception:  # suggestions must never stop the editor
                    self._suggested_cache[standard.key] = ()
            found = {m.criterion: m.words for m in self._suggested_cache[standard.key]
                     if m.target == self.target}
            self.suggested = {c.id: found[c.id] for c in standard.criteria if c.id in found}
        roles = list(self.reach(standard.code)) if self.reach else []
        applies = ""
        if len(roles) > 1:  # one role: the one the editor is for, nothing to say
            shown = ", ".join(roles[:4]) + (f" and {len(roles) - 4} more" if len(roles) > 4
                                            else "")
            applies = (f"\n[dim]For every role requiring {escape(standard.code)} "
                       f"({len(roles)}: {escape(shown)}), not only this one.[/dim]")
        help_text.update(f"Tick (space) the criteria of [b]{escape(standard.code)}[/b] "
                         f"{escape(standard.title)} that evidence [b]{escape(target_label)}"
                         "[/b]:" + applies)
        selections = []
        ids = [c.id for c in standard.criteria] + sorted(ticked)
        width = max([4, *map(len, ids)]) + 1  # ids like NSP-P12 still get a space
        for c in standard.criteria:
            prompt = Text(f"{c.id:<{width}}", style="bold")
            if c.id in self.suggested:  # before the text, which a narrow list cuts
                prompt.append(f"◆ {', '.join(self.suggested[c.id])} · ", style="italic")
            prompt.append(c.text or "(no text recorded)", style="" if c.text else "dim")
            selections.append(Selection(prompt, c.id, c.id in ticked))
        for extra in sorted(ticked - {c.id for c in standard.criteria}):
            selections.append(Selection(Text(f"{extra:<{width}}not a criterion of this standard",
                                             style="red"), extra, True))
        self._loading = True
        criteria.add_options(selections)
        self._loading = False
        if selections:
            criteria.highlighted = 0
        if not standard.criteria:
            help_text.update(f"{escape(standard.code)} has no criteria recorded; add them to "
                             "the standard first (P1: text, one a line).")
        self._status()

    def _status(self) -> None:
        chosen = self.query_one("#mapping-criteria", SelectionList).selected
        status = f"{len(chosen)} ticked: {', '.join(chosen) or 'none'}"
        if self.suggested:
            status += (f" · ◆ {len(self.suggested)} suggested by shared words: "
                       f"{', '.join(self.suggested)} (ctrl+g ticks them)")
        self.query_one("#mapping-status", Static).update(status)

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        if self.standard and self.target and not self._loading:
            self._ticked[(self.standard, self.target)] = self._chosen()
        self._status()

    def _chosen(self) -> tuple[str, ...]:
        """The ticked criteria, in the standard's order."""
        criteria = self.query_one("#mapping-criteria", SelectionList)
        ticked = set(criteria.selected)
        order = [criteria.get_option_at_index(i).value for i in range(criteria.option_count)]
        return tuple(value for value in order if value in ticked)

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        value = None if event.value is Select.NULL else str(event.value)
        if event.select.id == "mapping-standard":
            self.standard = value
        else:
            self.target = value
        self._load()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "mapping-save":
            self.action_save()
        else:
            self.action_cancel()

    def action_all(self) -> None:
        self.query_one("#mapping-criteria", SelectionList).select_all()

    def action_accept_suggested(self) -> None:
        """Tick the suggested criteria (the others stay as they are)."""
        if not self.suggested:
            self.notify("no criteria suggested for this pair", severity="warning")
            return
        criteria = self.query_one("#mapping-criteria", SelectionList)
        for criterion in self.suggested:
            criteria.select(criterion)

    def action_save(self) -> None:
        if not self.standard or not self.target:
            self.notify("choose a standard and a behaviour first", severity="warning")
            return
        here = (self.standard, self.target)
        others = tuple(_result(standard, target, chosen)
                       for (standard, target), chosen in self._ticked.items()
                       if (standard, target) != here
                       and chosen != tuple(self.current(standard, target)))
        self.dismiss(evolve(_result(self.standard, self.target, self._chosen()), others=others))

    def action_cancel(self) -> None:
        self.dismiss(None)


__all__ = ["MappingResult", "MappingScreen"]
