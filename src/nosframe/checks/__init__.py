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

from attrs import evolve, field, fields, frozen

from nosframe.checks.attribution import attribute
from nosframe.compose import Composed
from nosframe.graph import graph_of
from nosframe.model import Finding, Framework, Location, Severity
from nosframe.model.kinds import KINDS, is_kind

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

    def __init__(self, composed: Composed, today: dt.date | None = None):
        self.composed = composed
        self.today = today or dt.date.today()

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
        return Finding(code, severity, message, hint, location,
                       (kind, key) if kind else None)


@frozen
class CheckTiming:
    """How long one check took, and how many findings it made."""

    check: str
    plugin: str
    seconds: float
    findings: int
    reused: bool = False  # kept from the previous run: nothing it reads changed


@frozen
class CheckRun:
    """The findings of a run (sorted for people) and each check's time, in running order.

    ``composed``, ``raw`` (each check's findings as it made them) and ``today`` are what a
    later run needs to rerun only what an edit can change (``run_checks_timed(previous=)``)."""

    findings: tuple[Finding, ...]
    timings: tuple[CheckTiming, ...]
    composed: Composed | None = field(default=None, eq=False, repr=False)
    raw: dict = field(factory=dict, eq=False, repr=False)
    today: dt.date | None = None

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
    edit), same ``today``. Checks that declare what they read (``Check.reads``) and read no
    kind of element that changed since (:func:`changed_kinds`) keep its findings instead of
    running again; the rest run. The findings are those of a full run."""
    ctx = CheckContext(composed, today)
    findings: list[Finding] = list(composed.problems)
    timings: list[CheckTiming] = []
    wanted = set(select) if select is not None else None
    changed = changed_kinds(previous.composed, composed) if (
        previous is not None and previous.composed is not None and previous.today == ctx.today
    ) else None
    raw: dict[str, tuple[Check, tuple[Finding, ...]]] = {}
    for name, check in plugins.checks().items():
        if wanted is not None and name not in wanted:
            continue
        kept = previous.raw.get(name) if changed is not None and previous is not None else None
        if (kept is not None and kept[0] is check and check.reads is not None
                and not (check.reads & changed)):
            made = list(kept[1])
            timings.append(CheckTiming(name, check.plugin, 0.0, len(made), reused=True))
        else:
            start = time.perf_counter()
            made = _run_one(name, check, ctx)
            timings.append(CheckTiming(name, check.plugin, time.perf_counter() - start,
                                       len(made)))
        raw[name] = (check, tuple(made))
        findings += made
    # whose each finding is (own or inherited) and what the file acknowledges: decided once
    findings = attribute(composed, findings, stale=wanted is None)
    return CheckRun(tuple(sort_findings(findings)), tuple(timings), composed=composed,
                    raw=raw, today=ctx.today)


def changed_kinds(before: Composed, after: Composed) -> frozenset[str] | None:
    """The kinds of element (``"role"``, ``"mapping"``, ...) that differ between two
    compositions of one framework: in the composed model, in the file's own layer, or as the
    target of an override added or removed. ``None`` when anything may differ: other layers,
    the installed libraries, the file's text (its lines), or another part of the file."""
    if before is after:
        return frozenset()
    if (len(before.layers) != len(after.layers) or before.libraries != after.libraries
            or any(a is not b for a, b in zip(before.layers[:-1], after.layers[:-1]))):
        return None
    old_doc, new_doc = before.layers[-1].document, after.layers[-1].document
    if old_doc.text != new_doc.text or old_doc.path != new_doc.path:
        return None
    old_root, new_root = old_doc.framework, new_doc.framework
    changed: set[str] = set()
    for k in KINDS:
        if (getattr(before.framework, k.attr) != getattr(after.framework, k.attr)
                or getattr(old_root, k.attr) != getattr(new_root, k.attr)):
            changed.add(k.name)
    ignored = {k.attr for k in KINDS} | {"acknowledged"}  # acknowledged: attribution only
    for f in fields(Framework):
        if f.name == "overrides":
            if old_root.overrides != new_root.overrides:
                moved = [o for o in old_root.overrides if o not in new_root.overrides] + \
                        [o for o in new_root.overrides if o not in old_root.overrides]
                for override in moved:
                    target = str(override.target).partition(":")[0].strip()
                    if not is_kind(target):
                        return None
                    changed.add(target)
        elif f.name not in ignored and getattr(old_root, f.name) != getattr(new_root, f.name):
            return None
    return frozenset(changed)


def _run_one(name: str, check: Check, ctx: CheckContext) -> list[Finding]:
    """One check's findings, each validated; what a plugin got wrong becomes a finding."""
    made: list[Finding] = []
    unusable: list[str] = []
    undeclared: dict[str, None] = {}
    blame = f"check {name!r} from plugin {check.plugin!r}"
    leave_out = f"report it to the plugin's authors, or leave it out with --disable-plugin " \
                f"{check.plugin}"
    try:
        result = check.run(ctx)
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
            made.append(evolve(item, check=name, plugin=check.plugin))
    except BaseException as exc:  # a plugin's SystemExit is its failure, not the program's exit
        if isinstance(exc, KeyboardInterrupt):
            raise
        made.append(Finding("NF001", Severity.ERROR,
                            f"{blame} failed: {type(exc).__name__}: {exc}", leave_out,
                            check=name, plugin=check.plugin))
    if unusable:
        more = f" (and {len(unusable) - 1} more)" if len(unusable) > 1 else ""
        made.append(Finding(
            "NF003", Severity.ERROR, f"{blame} yielded {unusable[0]}{more}; left out",
            "a check yields nosframe.model.Finding objects with a Severity (make them with "
            f"ctx.finding(code, Severity.ERROR, ...)); {leave_out}",
            check=name, plugin=check.plugin))
    if undeclared:
        codes = ", ".join(repr(code) for code in undeclared)
        made.append(Finding(
            "NF004", Severity.WARNING, f"{blame} made findings with undeclared codes {codes}",
            f"declare each code with a description in Check(codes={{...}}); {leave_out}",
            check=name, plugin=check.plugin))
    return made


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


__all__ = ["ENGINE_CODES", "SLOW_CHECK_SECONDS", "CheckContext", "CheckRun", "CheckTiming",
           "changed_kinds", "run_checks", "run_checks_timed", "sort_findings", "summary"]
