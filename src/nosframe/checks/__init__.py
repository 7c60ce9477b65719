"""Running checks over a composed framework.

Checks are registered by plugins (the built-in ones by :mod:`nosframe.checks.builtin`, a default
plugin). Each gets a :class:`CheckContext` and yields :class:`~nosframe.model.Finding` objects.
What a check yields is checked here, since it comes from a plugin: a check that raises becomes
one ``NF001`` finding naming the check and its plugin, one that yields something that is not a
usable finding one ``NF003``, and findings with codes the check does not declare one ``NF004``.
Each check is timed (:func:`run_checks_timed`); ``nosframe check --verbose`` prints the times.
"""

from __future__ import annotations

import datetime as dt
import time
from functools import cached_property
from typing import TYPE_CHECKING, Any, Iterable

from attrs import evolve, field, frozen

from nosframe.checks.attribution import attribute
from nosframe.checks.incremental import (
    Anchor,
    Change,
    Changes,
    Index,
    Relocator,
    changed_kinds,
    changes_between,
)
from nosframe.compose import Composed
from nosframe.graph import graph_of
from nosframe.io.toml import gc_paused
from nosframe.model import Finding, Framework, Location, Severity
from nosframe.model.kinds import KINDS
from nosframe.model.references import between

if TYPE_CHECKING:  # pragma: no cover - types only
    import networkx as nx

    from nosframe.registry import Check

#: codes raised by the engine and by composition, documented with the built-in checks
ENGINE_CODES = {
    "NF001": "a check raised an exception (the check and its plugin are named)",
    "NF002": "a library of standards failed to answer",
    "NF003": "a check yielded something that is not a usable finding (the plugin is named)",
    "NF004": "a check made findings with codes it does not declare in its codes",
    "NF101": "duplicate id or code within one file",
    "NF120": "override target is not written as kind:id",
    "NF121": "override target is not an inherited element",
    "NF122": "override sets a field to an invalid value",
    "NF123": "an element redefines an inherited one without a replace override",
    "NF124": "the installed library's copy of a standard differs from the one the file recorded "
             "(info)",
    "NF125": "the file records a library standard the framework does not take from a library "
             "(info)",
    "NF126": "an [[acknowledged]] entry matches no finding (stale), or only errors (info)",
}

#: a check slower than this (seconds) is reported on stderr by ``nosframe check``
SLOW_CHECK_SECONDS = 1.0


class CheckContext:
    """What a check sees: the composed framework, its graph, today's date, and helpers that
    make findings pointing into the right file and line.

    A check is a function ``run(ctx: CheckContext) -> Iterable[Finding]``::

        def role_purpose(ctx: CheckContext) -> Iterator[Finding]:
            for role in ctx.framework.roles:
                if not role.purpose:
                    yield ctx.finding("EX001", Severity.WARNING, f"role {role.id!r} has no "
                                      "purpose", "say why the role exists",
                                      kind="role", key=role.id, subpath="purpose")

    The context is shared by every check of one run: treat it as read-only.
    """

    composed: Composed
    today: dt.date

    def __init__(self, composed: Composed, today: dt.date | None = None, *,
                 index: Index | None = None):
        self.composed = composed
        self.today = today or dt.date.today()
        self.index = index if index is not None else Index(composed.framework)
        # the (kind, key, subpath) of each finding made by :meth:`finding`, by id (the finding
        # kept beside it), so a finding kept after an edit is found again where it is now
        self._anchors: dict[int, tuple[Finding, str, str, str]] = {}
        self._cache: dict[Any, Any] = {}

    @property
    def framework(self) -> Framework:
        """The composed framework: the file and everything it extends, overrides applied."""
        return self.composed.framework

    @cached_property
    def graph(self) -> nx.DiGraph:
        """Who references whom (see :mod:`nosframe.graph`), built once per composed framework
        (:func:`nosframe.graph.graph_of`) and shared with every other reader."""
        return graph_of(self.composed.framework)

    def locate(self, kind: str, key: str, subpath: str = "") -> Location:
        """Where an element is defined (file, line, document path), or a field inside it."""
        return self.composed.locate(kind, key, subpath)

    def finding(self, code: str, severity: Severity, message: str, hint: str = "", *,
                kind: str = "", key: str = "", subpath: str = "") -> Finding:
        """A finding about element ``kind``/``key`` (or about the framework when no kind)."""
        location = self.locate(kind, key, subpath) if kind else Location()
        made = Finding(code, severity, message, hint, location, (kind, key) if kind else None)
        self._anchors[id(made)] = (made, kind, key, subpath)
        return made

    def anchor(self, finding: Finding) -> Anchor:
        """What ``finding`` was made for by :meth:`finding` (None: the check built it)."""
        entry = self._anchors.get(id(finding))
        return entry[1:] if entry is not None and entry[0] is finding else None

    def cached(self, key: Any, make: Any) -> Any:
        """``make()``, computed once per run and shared by every check of it (key it by your
        check's name: ``ctx.cached(("my-check", "titles"), lambda: ...)``)."""
        try:
            return self._cache[key]
        except KeyError:
            value = self._cache[key] = make()
            return value

    def elements(self, kind: str) -> dict[str, Any]:
        """The composed framework's elements of ``kind`` by key (``elements("standard")``),
        shared by the checks of a run and kept up to date from run to run."""
        return self.index.elements(kind)

    def element(self, kind: str, key: str) -> Any:
        """The element of ``kind`` with ``key`` (as matched: a normalised code), or None."""
        return self.index.elements(kind).get(key)

    def referring(self, kind: str, key: str, by: str) -> tuple:
        """The elements of kind ``by`` that name the ``kind`` element ``key`` through the
        table of references (``referring("standard", "SFJAA1", by="role")``: the roles
        requiring it), each once, in no particular order; kept up to date from run to run."""
        return self.index.referring(kind, key, by)


@frozen
class CheckTiming:
    """How long one check took, and how many findings it made."""

    check: str
    plugin: str
    seconds: float
    findings: int
    reused: bool = False  # kept from the previous run: nothing it reads changed
    #: of a check that runs element by element (``Check.each``), after an edit: how many
    #: elements it checked again (None: it ran over the whole framework)
    elements: int | None = None


@frozen
class CheckRun:
    """The findings of a run (sorted for people) and each check's time, in running order.

    ``composed``, ``raw`` (each check's findings as it made them, element by element for a
    check that runs so), ``index`` and ``today`` are what a later run needs to rerun only what
    an edit can change (``run_checks_timed(previous=)``)."""

    findings: tuple[Finding, ...]
    timings: tuple[CheckTiming, ...]
    composed: Composed | None = field(default=None, eq=False, repr=False)
    raw: dict = field(factory=dict, eq=False, repr=False)
    today: dt.date | None = None
    index: Index | None = field(default=None, eq=False, repr=False)

    def slow(self, seconds: float | None = None) -> list[CheckTiming]:
        """Checks that took ``seconds`` or more (default :data:`SLOW_CHECK_SECONDS`)."""
        limit = SLOW_CHECK_SECONDS if seconds is None else seconds
        return [t for t in self.timings if t.seconds >= limit]


def run_checks(composed: Composed, plugins: Any, *, today: dt.date | None = None,
               select: Iterable[str] | None = None) -> list[Finding]:
    """Composition problems plus every registered check's findings, sorted for people.

    ``select`` limits the run to checks with those names.
    """
    return list(run_checks_timed(composed, plugins, today=today, select=select).findings)


def run_checks_timed(composed: Composed, plugins: Any, *, today: dt.date | None = None,
                     select: Iterable[str] | None = None,
                     previous: CheckRun | None = None) -> CheckRun:
    """:func:`run_checks`, with the time each check took.

    ``previous``: the run of an earlier state of the same framework (an editor's, before an
    edit), same ``today``. What changed since is compared element by element
    (:func:`changes_between`); a check that runs element by element (``Check.each``) runs
    again only for the elements an edit can change, a check that declares what it reads
    (``Check.reads``) only when that changed, and every finding kept is found again where its
    element is now. The findings are those of a full run.

    The cyclic garbage collector is paused meanwhile (:func:`nosframe.io.toml.gc_paused`): a
    run makes tens of thousands of objects in no cycle, over the heap of a large framework."""
    with gc_paused():
        return _run_checks(composed, plugins, today, select, previous)


def _run_checks(composed: Composed, plugins: Any, today: dt.date | None,
                select: Iterable[str] | None, previous: CheckRun | None) -> CheckRun:
    changes = changes_between(previous.composed, composed) if (
        previous is not None and previous.composed is not None
        and previous.today == (today or dt.date.today())) else None
    index = previous.index.advanced(composed.framework, changes) if (
        changes is not None and previous is not None and previous.index is not None) else None
    ctx = CheckContext(composed, today, index=index)
    relocator = Relocator(previous.composed, composed) if changes is not None else None
    findings: list[Finding] = list(composed.problems)
    timings: list[CheckTiming] = []
    wanted = set(select) if select is not None else None
    raw: dict[str, _Kept] = {}
    for name, check in plugins.checks().items():
        if wanted is not None and name not in wanted:
            continue
        kept = previous.raw.get(name) if changes is not None and previous is not None else None
        if kept is not None and kept.check is not check:
            kept = None
        start = time.perf_counter()
        if check.each is not None:
            result, rerun = _run_each(name, check, ctx, kept, changes, relocator)
            elements = None if kept is None else rerun
            reused = kept is not None and rerun == 0 and result.whole is kept.whole
        else:
            result = None
            if kept is not None and check.reads is not None and not changes.touch(check.reads):
                placed = relocator.place_all(kept.whole)
                if placed is not None:
                    result = kept if placed is kept.whole else evolve(kept, whole=placed)
            reused = result is not None
            if result is None:
                result = _run_whole_kept(name, check, ctx)
            elements = None
        made = result.findings()
        seconds = 0.0 if reused else time.perf_counter() - start
        timings.append(CheckTiming(name, check.plugin, seconds, len(made), reused=reused,
                                   elements=elements))
        raw[name] = result
        findings += made
    # whose each finding is (own or inherited) and what the file acknowledges: decided once
    known = set(ENGINE_CODES).union(*(c.codes for c in plugins.checks().values()))
    findings = attribute(composed, findings, stale=wanted is None, codes=known)
    return CheckRun(tuple(sort_findings(findings)), tuple(timings), composed=composed,
                    raw=raw, today=ctx.today, index=ctx.index)


#: a run's findings of one check, or of one element, with the anchor of each
Made = tuple[tuple[Finding, Anchor], ...]


@frozen
class _Trouble:
    """What a check (or its run on one element) got wrong: it raised, yielded what is not a
    finding, or findings with codes it does not declare."""

    failed: str = ""
    unusable: tuple[str, ...] = ()
    undeclared: tuple[str, ...] = ()


@frozen
class _Entry:
    """One element's findings from a check that runs element by element."""

    element: Any
    made: Made
    trouble: _Trouble | None = None


@frozen
class _Kept:
    """One check's findings in a run: its whole part (everything, for a check that does not
    run element by element) and, by (kind, key), each element's."""

    check: Check
    whole: Made = ()
    whole_trouble: _Trouble | None = None
    elements: dict = field(factory=dict)  # (kind, key) -> _Entry, only those with any

    def findings(self) -> list[Finding]:
        name, check = self.check.name, self.check
        out = [f for f, _ in self.whole]
        if check.each is None:
            return out + _trouble_findings(name, check, [("", self.whole_trouble)])
        order = {k.name: n for n, k in enumerate(KINDS)}
        troubles = [("", self.whole_trouble)]
        for key in sorted(self.elements, key=lambda k: (order.get(k[0], 99), k[1])):
            entry = self.elements[key]
            out += [f for f, _ in entry.made]
            if entry.trouble is not None:
                troubles.append((f"{key[0]} {key[1]!r}", entry.trouble))
        return out + _trouble_findings(name, check, troubles)


def _collect(name: str, check: Check, ctx: CheckContext, produce: Any, *args: Any
             ) -> tuple[Made, _Trouble | None]:
    """The findings ``produce(*args)`` yields, each validated and credited to the check, with
    its anchor; and what it got wrong (None: nothing)."""
    made: list[tuple[Finding, Anchor]] = []
    unusable: list[str] = []
    undeclared: dict[str, None] = {}
    failed = ""
    try:
        result = produce(*args)
        if result is None or isinstance(result, (str, bytes)) or not hasattr(result, "__iter__"):
            unusable.append(f"run() returned {_describe(result)}, not an iterable of findings")
            result = ()
        for item in result:
            problem = _unusable(item)
            if problem:
                unusable.append(problem)
                continue
            if item.code not in check.codes:
                undeclared[item.code] = None
            made.append((evolve(item, check=name, plugin=check.plugin), ctx.anchor(item)))
    except BaseException as exc:  # a plugin's SystemExit is its failure, not the program's exit
        if isinstance(exc, KeyboardInterrupt):
            raise
        failed = f"{type(exc).__name__}: {exc}"
    trouble = _Trouble(failed, tuple(unusable), tuple(undeclared)) if (
        failed or unusable or undeclared) else None
    return tuple(made), trouble


def _trouble_findings(name: str, check: Check,
                      troubles: list[tuple[str, _Trouble | None]]) -> list[Finding]:
    """NF001, NF003 and NF004 for what a check got wrong (``troubles``: (where, trouble), where
    "" for the check as a whole, else the element it ran on)."""
    troubles = [(where, t) for where, t in troubles if t is not None]
    if not troubles:
        return []
    blame = f"check {name!r} from plugin {check.plugin!r}"
    leave_out = f"report it to the plugin's authors, or leave it out with --disable-plugin " \
                f"{check.plugin}"
    out: list[Finding] = []
    failed = [(where, t.failed) for where, t in troubles if t.failed]
    if failed:
        where, text = failed[0]
        on = f" on {where}" if where else ""
        more = f" (and on {len(failed) - 1} more elements)" if len(failed) > 1 else ""
        out.append(Finding("NF001", Severity.ERROR, f"{blame} failed{on}: {text}{more}",
                           leave_out, check=name, plugin=check.plugin))
    unusable = [u for _, t in troubles for u in t.unusable]
    if unusable:
        more = f" (and {len(unusable) - 1} more)" if len(unusable) > 1 else ""
        out.append(Finding(
            "NF003", Severity.ERROR, f"{blame} yielded {unusable[0]}{more}; left out",
            "a check yields nosframe.model.Finding objects with a Severity (make them with "
            f"ctx.finding(code, Severity.ERROR, ...)); {leave_out}",
            check=name, plugin=check.plugin))
    undeclared = list(dict.fromkeys(c for _, t in troubles for c in t.undeclared))
    if undeclared:
        codes = ", ".join(repr(code) for code in undeclared)
        out.append(Finding(
            "NF004", Severity.WARNING, f"{blame} made findings with undeclared codes {codes}",
            f"declare each code with a description in Check(codes={{...}}); {leave_out}",
            check=name, plugin=check.plugin))
    return out


def _run_whole(name: str, check: Check, ctx: CheckContext) -> tuple[Made, _Trouble | None]:
    return _collect(name, check, ctx, check.run, ctx)


def _run_whole_kept(name: str, check: Check, ctx: CheckContext) -> _Kept:
    made, trouble = _run_whole(name, check, ctx)
    return _Kept(check, made, trouble)


def _run_each(name: str, check: Check, ctx: CheckContext, kept: _Kept | None,
              changes: Changes | None, relocator: Relocator | None) -> tuple[_Kept, int]:
    """A check that runs element by element: over every element of its kinds, or, after an
    edit (``kept``: its findings before), only over the elements the edit can change, keeping
    (found again where they are now) every other element's findings. Returns its findings and
    how many elements it ran on."""
    per = check.each
    assert per is not None
    fw = ctx.framework

    def run_on(kind: str, element: Any) -> _Entry | None:
        made, trouble = _collect(name, check, ctx, per.each, ctx, kind, element)
        return _Entry(element, made, trouble) if made or trouble else None

    if kept is None or changes is None or relocator is None:
        whole, trouble = _collect(name, check, ctx, per.whole, ctx) if per.whole else ((), None)
        store: dict[tuple[str, str], _Entry] = {}
        count = 0
        for k in KINDS:
            if k.name in per.kinds:
                for element in k.elements(fw):
                    count += 1
                    entry = run_on(k.name, element)
                    if entry is not None:
                        store[(k.name, element.key)] = entry
        return _Kept(check, whole, trouble, store), count
    # the whole part: again after an edit to what the check reads, else kept
    whole, trouble = kept.whole, kept.whole_trouble
    if per.whole is not None:
        placed = None if check.reads is None or changes.touch(check.reads) else \
            relocator.place_all(whole)
        if placed is None:
            whole, trouble = _collect(name, check, ctx, per.whole, ctx)
        else:
            whole = placed
    # the elements to check again: those changed, and those the change can affect
    again: dict[tuple[str, str], Any] = {}
    for change in changes:
        if change.kind in per.kinds:
            again[(change.kind, change.key)] = change.after
    affected = per.affected(ctx, changes) if per.affected is not None else \
        _default_affected(ctx, changes, per.kinds, kept)
    for kind, element in affected:
        if kind in per.kinds and element is not None:
            again.setdefault((kind, element.key), element)
    store = dict(kept.elements)
    for key, entry in kept.elements.items():
        if key in again:
            continue
        placed = relocator.place_all(entry.made)
        if placed is None:  # a finding the check built itself, whose element moved
            again[key] = entry.element
        elif placed is not entry.made:
            store[key] = evolve(entry, made=placed)
    count = 0
    for key, element in again.items():
        entry = run_on(key[0], element) if element is not None else None
        count += element is not None
        if entry is None:
            store.pop(key, None)
        else:
            store[key] = entry
    return _Kept(check, whole, trouble, store), count


def _default_affected(ctx: CheckContext, changes: Changes, kinds: frozenset[str],
                      kept: _Kept) -> Iterable[tuple[str, Any]]:
    """The elements of ``kinds`` whose findings an edit can change besides the changed ones,
    when findings about an element depend on it and on what it names: the elements naming a
    changed element, and, when elements of a kind were added or removed, the elements with
    findings that name that kind (a hint listing what exists, a "did you mean")."""
    for change in changes:
        for source in kinds:
            if between(source, change.kind):
                key = change.key
                for element in ctx.referring(change.kind, key, by=source):
                    yield source, element
    grown = [k.name for k in KINDS if changes.added_or_removed(k.name)]
    if grown:
        for (kind, _), entry in kept.elements.items():
            if any(between(kind, target) for target in grown):
                yield kind, entry.element
def _unusable(item: Any) -> str:
    """Why ``item`` is not a finding nosframe can sort and show ("" when it is)."""
    if not isinstance(item, Finding):
        return f"{_describe(item)}, not a Finding"
    if not isinstance(item.severity, Severity):
        return (f"a finding {item.code!r} whose severity is {_describe(item.severity)}, "
                "not a Severity")
    for attr in ("code", "message", "hint"):
        if not isinstance(getattr(item, attr), str):
            return f"a finding whose {attr} is {_describe(getattr(item, attr))}, not a string"
    if not isinstance(item.location, Location):
        return f"a finding {item.code!r} whose location is {_describe(item.location)}"
    return ""


def _describe(value: Any) -> str:
    text = repr(value)
    return f"{type(value).__name__} {text if len(text) <= 40 else text[:37] + '...'}"


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.severity.rank, f.location.file,
                                           f.location.line or 0, f.location.path, f.code,
                                           f.message))


def summary(findings: Iterable[Finding]) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0}
    for finding in findings:
        counts[finding.severity.value] += 1
    counts["total"] = sum(counts.values())
    return counts


__all__ = ["ENGINE_CODES", "SLOW_CHECK_SECONDS", "Change", "Changes", "CheckContext", "CheckRun",
           "CheckTiming", "changed_kinds", "changes_between", "run_checks", "run_checks_timed",
           "sort_findings", "summary"]
