"""The built-in checks, registered as an ordinary (default) plugin.

Every code is listed in :data:`CODES` and documented in ``docs/checks.md``.
"""

from __future__ import annotations

from typing import Iterator

from attrs import evolve

from nosframe.checks.licences import CODES as LICENCE_CODES
from nosframe.checks.licences import restricted_text
from nosframe.graph import evidence_by_role, progression_cycles, progression_graph
from nosframe.model import Finding, Level, Severity, Validity
from nosframe.model.elements import looks_like_nos_code
from nosframe.model import references as reference_table
from nosframe.hookspecs import hookimpl
from nosframe.registry import Check

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

CODES = {
    "NF102": "a role requires a standard that is not defined (or in any library)",
    "NF103": "a role requires a behaviour that is not defined",
    "NF104": "a role progresses to a role that is not defined",
    "NF105": "a mapping names a standard that is not defined",
    "NF106": "a mapping names a criterion the standard does not have",
    "NF107": "a mapping names a behaviour or value that is not defined",
    "NF108": "a behaviour expresses a value that is not defined",
    "NF109": "a mapping must name exactly one of behaviour or value, and at least one criterion",
    "NF110": "role progression has a cycle",
    "NF111": "a value that no behaviour expresses",
    "NF112": "a role requires a behaviour at a level the scale does not have",
    "NF113": "a behaviour has indicators for a level the scale does not have",
    "NF114": "a role with no standards",
    "NF115": "a standard in use is past its indicative review date",
    "NF116": "a legacy standard is still used",
    "NF117": "a superseded standard is still used",
    "NF118": "coverage gap: a role needs a behaviour that none of its standards' mapped criteria "
             "evidence",
    "NF119": "no [[levels]]: the level numbers the behaviours' indicators use are the scale (info)",
    "NF130": "a standard no role uses (info)",
    "NF131": "a behaviour no role requires (info)",
    **LICENCE_CODES,
}


def _dangling(ctx, levels: bool) -> Iterator[Finding]:
    """Dangling references, from the table of references (the level ones, or all others)."""
    refs = [r for r in reference_table.REFS if (r.target == "level") == levels]
    for d in reference_table.dangling(ctx.framework, refs):
        hint = d.hint
        if d.ref.target == "standard" and isinstance(d.raw, str):
            hint = _unknown_standard_hint(ctx, d.raw, hint)
        yield ctx.finding(d.code, d.severity, d.message, hint, kind=d.kind, key=d.key,
                          subpath=d.subpath)


#: how the national library is installed (docs/library.md)
INSTALL_LIBRARY = ("nosframe library import PublishedNos_Details.xlsx "
                   "PublishedNos-old_Details.xlsx")


def _unknown_standard_hint(ctx, raw: str, hint: str) -> str:
    """The hint for a standard code nothing defines. Whether a code is published is known only
    to an installed library, so with none installed the hint says so instead of guessing (a
    close code of the framework is offered after it, as a second possibility)."""
    if not looks_like_nos_code(raw):
        return hint
    close = f"; or {hint[0].lower()}{hint[1:]}" if hint.startswith("did you mean") else ""
    if not ctx.composed.libraries:
        return (f"if {raw.strip()!r} is a national standard, install the national library "
                "(no library is installed, so whether it is published cannot be checked here): "
                f"{INSTALL_LIBRARY} (docs/library.md); else define it in [[standards]]{close}")
    names = ", ".join(ctx.composed.libraries)
    return (f"not in the installed libraries ({names}) either; define it in [[standards]]"
            f"{close or ', or fix the code'}")


def references(ctx) -> Iterator[Finding]:
    yield from _dangling(ctx, levels=False)
    for mapping in ctx.framework.mappings:
        if bool(mapping.behaviour) == bool(mapping.value) or not mapping.criteria:
            yield ctx.finding("NF109", E, f"mapping of {mapping.standard!r} must name exactly one "
                              "of behaviour or value, and at least one criterion",
                              "e.g. criteria = [\"P1\", \"K3\"], behaviour = \"...\"",
                              kind="mapping", key=mapping.key)


def progression(ctx) -> Iterator[Finding]:
    for cycle in progression_cycles(progression_graph(ctx.framework)):
        path = " -> ".join(cycle + cycle[:1])
        yield ctx.finding("NF110", E, f"role progression loops: {path}",
                          "progression should lead upwards; remove one progresses_to link",
                          kind="role", key=cycle[0], subpath="progresses_to")


def values_and_levels(ctx) -> Iterator[Finding]:
    fw = ctx.framework
    expressed = reference_table.referrers(fw, "behaviour", "value")
    for value in fw.values:
        if value.id not in expressed:
            yield ctx.finding("NF111", W, f"no behaviour expresses value {value.id!r}",
                              "add it to the values = [...] of the behaviours that express it",
                              kind="value", key=value.id)
    implied = sorted({n for b in fw.behaviours for n in b.levels}) if not fw.levels else []
    if not implied:
        yield from _dangling(ctx, levels=True)  # NF112, NF113
        return
    # No [[levels]] at all: the numbers the behaviours' indicators use are the scale (rather
    # than an NF112 error on every role that needs a behaviour at a level)
    first = next(b for b in fw.behaviours if b.levels)
    numbers = ", ".join(str(n) for n in implied)
    yield ctx.finding("NF119", I, f"the framework has no [[levels]]: its scale is the levels its "
                      f"behaviours' indicators use ({numbers})",
                      "name them: add [[levels]] entries with number = 1, name = \"...\" "
                      "(see docs/format.md)", kind="behaviour", key=first.id, subpath="levels")
    scaled = evolve(fw, levels=tuple(Level(number=n) for n in implied))
    refs = [r for r in reference_table.REFS if r.target == "level"]
    for d in reference_table.dangling(scaled, refs):  # NF112 beyond the implied scale
        yield ctx.finding(d.code, d.severity, d.message, d.hint, kind=d.kind, key=d.key,
                          subpath=d.subpath)


def standards_in_use(ctx) -> Iterator[Finding]:
    fw = ctx.framework
    used = reference_table.referrers(fw, "role", "standard")
    users = {role for roles in used.values() for role in roles}
    for role in fw.roles:
        if role.key not in users:
            yield ctx.finding("NF114", W, f"role {role.id!r} has no standards",
                              "add the NOS this role must meet to standards = [...]",
                              kind="role", key=role.id)
    for standard in fw.standards:
        roles = used.get(standard.key)
        if not roles:
            yield ctx.finding("NF130", I, f"standard {standard.code} is not used by any role",
                              "add it to a role, or remove it", kind="standard", key=standard.key)
            continue
        who = ", ".join(sorted(set(roles)))
        review = standard.indicative_review_date
        if review is not None and review < ctx.today:
            yield ctx.finding("NF115", W, f"{standard.code} was due for review on "
                              f"{review.isoformat()} and is used by {who}",
                              "check for a newer version of this NOS",
                              kind="standard", key=standard.key,
                              subpath="indicative_review_date")
        if standard.validity is Validity.LEGACY:
            yield ctx.finding("NF116", W, f"{standard.code} is legacy and is used by {who}",
                              "replace it with its current successor",
                              kind="standard", key=standard.key, subpath="validity")
        if standard.superseded_by:
            yield ctx.finding("NF117", W, f"{standard.code} is superseded by "
                              f"{standard.superseded_by} and is used by {who}",
                              f"use {standard.superseded_by} instead",
                              kind="standard", key=standard.key, subpath="superseded_by")


def coverage(ctx) -> Iterator[Finding]:
    known = {b.id for b in ctx.framework.behaviours}
    evidenced = evidence_by_role(ctx.framework)
    for role in ctx.framework.roles:
        evidence = evidenced.get(role.id, ())
        for behaviour in role.behaviours:
            if behaviour in known and behaviour not in evidence:
                yield ctx.finding(
                    "NF118", W, f"role {role.id!r} needs {behaviour!r} but none of its "
                    "standards' criteria are mapped to it",
                    f"add a [[mappings]] entry from one of the role's standards to {behaviour!r}",
                    kind="role", key=role.id, subpath=f"behaviours.{behaviour}")


def unused(ctx) -> Iterator[Finding]:
    needed = reference_table.referrers(ctx.framework, "role", "behaviour")
    for behaviour in ctx.framework.behaviours:
        if behaviour.id not in needed:
            yield ctx.finding("NF131", I, f"behaviour {behaviour.id!r} is not required by any role",
                              "add it to a role's behaviours, or remove it",
                              kind="behaviour", key=behaviour.id)


_CHECKS = (
    ("references", references, ("NF102", "NF103", "NF104", "NF105", "NF106", "NF107", "NF108",
                                "NF109"), {"role", "mapping", "behaviour", "standard", "value"}),
    ("progression", progression, ("NF110",), {"role"}),
    ("values-and-levels", values_and_levels, ("NF111", "NF112", "NF113", "NF119"),
     {"value", "behaviour", "level", "role"}),
    ("standards-in-use", standards_in_use, ("NF114", "NF115", "NF116", "NF117", "NF130"),
     {"role", "standard"}),
    ("coverage", coverage, ("NF118",), {"role", "behaviour", "mapping", "standard"}),
    ("unused", unused, ("NF131",), {"role", "behaviour"}),
    ("licences", restricted_text, ("NF140", "NF141"), {"standard", "behaviour", "value"}),
)


@hookimpl
def nosframe_checks(register) -> None:
    for name, run, codes, reads in _CHECKS:
        register(Check(name, run, {code: CODES[code] for code in codes}, reads=reads))
