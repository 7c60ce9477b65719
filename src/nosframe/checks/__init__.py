"""Running checks over a composed framework.

Checks are registered by plugins (the built-in ones by :mod:`nosframe.checks.builtin`, a default
plugin). Each gets a :class:`CheckContext` and yields :class:`~nosframe.model.Finding` objects.
A check that raises becomes one ``NF001`` finding naming the check and its plugin.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Any, Iterable

from attrs import evolve

from nosframe.compose import Composed
from nosframe.graph import build_graph
from nosframe.model import Finding, Framework, Location, Severity

#: codes raised by the engine and by composition, documented with the built-in checks
ENGINE_CODES = {
    "NF001": "a check raised an exception (the check and its plugin are named)",
    "NF002": "a library of standards failed to answer",
    "NF101": "duplicate id or code within one file",
    "NF120": "override target is not written as kind:id",
    "NF121": "override target is not an inherited element",
    "NF122": "override sets a field to an invalid value",
    "NF123": "an element redefines an inherited one without a replace override",
}


class CheckContext:
    """What a check sees: the composed framework, its graph, and helpers to make findings."""

    def __init__(self, composed: Composed, today: dt.date | None = None):
        self.composed = composed
        self.today = today or dt.date.today()

    @property
    def framework(self) -> Framework:
        return self.composed.framework

    @cached_property
    def graph(self):
        return build_graph(self.composed.framework)

    def locate(self, kind: str, key: str, subpath: str = "") -> Location:
        return self.composed.locate(kind, key, subpath)

    def finding(self, code: str, severity: Severity, message: str, hint: str = "", *,
                kind: str = "", key: str = "", subpath: str = "") -> Finding:
        location = self.locate(kind, key, subpath) if kind else Location()
        return Finding(code, severity, message, hint, location,
                       (kind, key) if kind else None)


def run_checks(composed: Composed, plugins: Any, *, today: dt.date | None = None,
               select: Iterable[str] | None = None) -> list[Finding]:
    """Composition problems plus every registered check's findings, sorted for people.

    ``select`` limits the run to checks with those names.
    """
    ctx = CheckContext(composed, today)
    findings: list[Finding] = list(composed.problems)
    wanted = set(select) if select is not None else None
    for name, check in plugins.checks().items():
        if wanted is not None and name not in wanted:
            continue
        try:
            for finding in check.run(ctx):
                findings.append(evolve(finding, check=name, plugin=check.plugin))
        except Exception as exc:
            findings.append(Finding(
                "NF001", Severity.ERROR,
                f"check {name!r} from plugin {check.plugin!r} failed: {type(exc).__name__}: {exc}",
                f"report it to the plugin's authors, or disable it with "
                f"--disable-plugin {check.plugin}", check=name, plugin=check.plugin))
    return sort_findings(findings)


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


__all__ = ["ENGINE_CODES", "CheckContext", "run_checks", "sort_findings", "summary"]
