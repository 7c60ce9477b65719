"""The built-in checks, registered as an ordinary (default) plugin.

Every code is listed in :data:`CODES` and documented in ``docs/checks.md``.
"""

from __future__ import annotations

from typing import Iterator

from attrs import evolve

from nosframe.checks.licences import CODES as LICENCE_CODES
from nosframe.checks.licences import restricted_text
from nosframe.checks.repeats import repeats, title_key
from nosframe.graph import progression_cycles, progression_graph
from nosframe.model import Finding, Level, Severity, Validity, normalise_code
from nosframe.model.elements import looks_like_nos_code
from nosframe.model.kinds import KINDS, LEVEL_RULE, id_problem, suggest_id
from nosframe.model import references as reference_table
from nosframe.hookspecs import hookimpl
from nosframe.registry import Check, PerElement

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
    "NF150": "an id the editor would refuse: not letters, digits and - _ .",
    "NF151": "a level numbered below 1",
    "NF152": "a role lists a standard twice, or as both mandatory and optional",
    "NF153": "a role requires two standards of the same title (one NOS under two codes?)",
    **LICENCE_CODES,
}


def _dangling(ctx, levels: bool) -> Iterator[Finding]:
    """Dangling references, from the table of references (the level ones, or all others)."""
    refs = [r for r in reference_table.REFS if (r.target == "level") == levels]
    for d in reference_table.dangling(ctx.framework, refs):
        yield _dangling_finding(ctx, d)


def _dangling_finding(ctx, d) -> Finding:
    hint = d.hint
    if d.ref.target == "standard" and isinstance(d.raw, str):
        hint = _unknown_standard_hint(ctx, d.raw, hint)
    return ctx.finding(d.code, d.severity, d.message, hint, kind=d.kind, key=d.key,
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


_TABLES: dict[str, tuple] = {}


def _refs(name: str, keep) -> tuple:
    """The rows of the table of references ``keep`` selects, computed again only when the
    table changes (a test adds a row)."""
    table = reference_table.REFS
    found = _TABLES.get(name)
    if found is None or found[0] is not table:
        found = _TABLES[name] = (table, tuple(r for r in table if keep(r)))
    return found[1]


def reference_refs(kind: str) -> tuple:
    """The references of one kind of element the references check follows (those naming a
    level are values-and-levels')."""
    return _refs(f"references:{kind}",
                 lambda r: r.code and r.target != "level" and r.source == kind)


def references(ctx, kind: str, element) -> Iterator[Finding]:
    """The dangling references of one element (and a mapping's shape): its findings depend
    on it, on what it names and on which elements of those kinds exist (the default rule of
    ``PerElement.affected``)."""
    refs = reference_refs(kind)
    if refs:
        known = ctx.cached(("references", "known"),
                           lambda: reference_table.Known(ctx.framework, ctx.elements))
        for d in reference_table.dangling_in(known, kind, element, refs):
            yield _dangling_finding(ctx, d)
    if kind == "mapping" and (bool(element.behaviour) == bool(element.value)
                              or not element.criteria):
        yield ctx.finding("NF109", E, f"mapping of {element.standard!r} must name exactly one "
                          "of behaviour or value, and at least one criterion",
                          "e.g. criteria = [\"P1\", \"K3\"], behaviour = \"...\"",
                          kind="mapping", key=element.key)


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




def standards_in_use(ctx, kind: str, element) -> Iterator[Finding]:
    """A role without standards; a standard no role uses, or one in use that is due for review,
    legacy or superseded (its findings depend on the roles naming it)."""
    if kind == "role":
        if not reference_table.keys_named("role", element,
                                          _refs("role-standards", lambda r: r.source == "role"
                                                and r.target == "standard")):
            yield ctx.finding("NF114", W, f"role {element.id!r} has no standards",
                              "add the NOS this role must meet to standards = [...]",
                              kind="role", key=element.id)
        return
    standard = element
    roles = ctx.referring("standard", standard.key, by="role")
    if not roles:
        yield ctx.finding("NF130", I, f"standard {standard.code} is not used by any role",
                          "add it to a role, or remove it", kind="standard", key=standard.key)
        return
    who = ", ".join(sorted({role.key for role in roles}))
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


def _named_by_roles(ctx, changes, target: str) -> Iterator[tuple[str, object]]:
    """The ``target`` elements a changed role names, before or after the edit: the findings
    about them depend on the roles naming them."""
    for key in changes.named(target, by="role"):
        yield target, ctx.element(target, key)


def standards_in_use_affected(ctx, changes) -> Iterator[tuple[str, object]]:
    return _named_by_roles(ctx, changes, "standard")




def _evidenced_by(ctx, standard: str) -> set[str]:
    """The behaviours the mappings of one standard's criteria evidence (once per run)."""
    found = ctx.cached(("coverage", "by-standard"), dict)
    if standard not in found:
        out: set[str] = set()
        for mapping in ctx.referring("standard", standard, by="mapping"):
            out |= reference_table.keys_named("mapping", mapping, _refs(
                "evidences", lambda r: r.rel == "evidences" and r.source == "mapping"
                and r.target == "behaviour"))
        found[standard] = out
    return found[standard]


def coverage(ctx, kind: str, role) -> Iterator[Finding]:
    """A behaviour a role needs that none of its standards' mapped criteria evidence (what
    :func:`nosframe.graph.role_evidence` answers, one role at a time)."""
    known = ctx.elements("behaviour")
    evidence: set[str] = set()
    requires = _refs("requires", lambda r: r.rel == "requires")
    for standard in reference_table.keys_named("role", role, requires):
        evidence |= _evidenced_by(ctx, standard)
    for behaviour in role.behaviours:
        if behaviour in known and behaviour not in evidence:
            yield ctx.finding(
                "NF118", W, f"role {role.id!r} needs {behaviour!r} but none of its "
                "standards' criteria are mapped to it",
                f"add a [[mappings]] entry from one of the role's standards to {behaviour!r}",
                kind="role", key=role.id, subpath=f"behaviours.{behaviour}")


def coverage_affected(ctx, changes) -> Iterator[tuple[str, object]]:
    """Roles whose standards' mappings changed, and roles needing a behaviour added or
    removed."""
    for standard in changes.named("standard", by="mapping"):
        for role in ctx.referring("standard", standard, by="role"):
            yield "role", role
    for change in changes.of("behaviour"):
        for role in ctx.referring("behaviour", change.key, by="role"):
            yield "role", role


def unused(ctx, kind: str, behaviour) -> Iterator[Finding]:
    if not ctx.referring("behaviour", behaviour.key, by="role"):
        yield ctx.finding("NF131", I, f"behaviour {behaviour.id!r} is not required by any role",
                          "add it to a role's behaviours, or remove it",
                          kind="behaviour", key=behaviour.id)


def unused_affected(ctx, changes) -> Iterator[tuple[str, object]]:
    return _named_by_roles(ctx, changes, "behaviour")


def only_itself(ctx, changes) -> tuple:
    """For a check whose findings about an element depend on that element alone."""
    return ()


def ids(ctx, kind: str, element) -> Iterator[Finding]:
    """An id (or level number) in a file that the editor would refuse when typed: the same
    rule (:func:`nosframe.model.kinds.id_problem`), so a file written by hand or by another
    tool is held to what the editor holds people to."""
    if kind == "level":
        if id_problem("level", element.number):
            yield ctx.finding("NF151", W, f"level {element.number}: {LEVEL_RULE}",
                              "number the scale's steps 1, 2, 3 ... (and the levels roles and "
                              "indicators name with them)", kind="level", key=element.key,
                              subpath="number")
        return
    problem = id_problem(kind, element.key)
    if problem:
        better = suggest_id(kind, element.key)
        yield ctx.finding("NF150", W, f"{kind} id {element.key!r}: {problem}",
                          "rename it" + (f", e.g. to {better!r}" if better else "")
                          + " (in nosframe edit: r; its references in the file follow)",
                          kind=kind, key=element.key, subpath="id")


def repeated_standards(ctx, kind: str, role) -> Iterator[Finding]:
    """Each entry of a role's standards that names (normalised) a standard an earlier entry
    names (:mod:`nosframe.checks.repeats`): it adds nothing, and documents list it once."""
    for r in repeats(role):
        first = getattr(role, r.first_field)[r.first_index]
        spelt = f" {first!r}" if first != r.code else ""
        if r.field == r.first_field:
            what = f"lists standard {r.code!r} twice ({r.path} repeats {r.first_path}{spelt})"
            why = "it adds nothing" + (": codes match whatever their spelling" if spelt else "")
        else:
            what = (f"lists standard {r.code!r} as both mandatory ({r.first_path}{spelt}) and "
                    f"optional ({r.path})")
            why = "a mandatory standard is required anyway; documents list it as mandatory"
        yield ctx.finding("NF152", W, f"role {role.id!r} {what}",
                          f"remove {r.path} from the role ({why})",
                          kind="role", key=role.key, subpath=r.path)


def same_titles(ctx, kind: str, role) -> Iterator[Finding]:
    """Two standards a role requires whose titles are one (case, spacing and punctuation
    aside): one NOS under two codes, e.g. a preset's SFJBE1 and the library's SFJCJBE1."""
    titles = ctx.cached(("same-titles", "titles"), dict)  # standard key -> its title's key
    first: dict[str, tuple[str, str]] = {}  # title -> (code, path) of the first
    seen: set[str] = set()  # standards met already (a repeat is NF152's)
    for field in ("standards", "optional_standards"):
        for index, code in enumerate(getattr(role, field)):
            key = normalise_code(code)
            if key in seen:
                continue
            seen.add(key)
            title = titles.get(key)
            if title is None:
                standard = ctx.element("standard", key)
                title = titles[key] = title_key(standard.title) if standard is not None \
                    else ""
            if not title:
                continue
            path = f"{field}[{index}]"
            there = first.setdefault(title, (code, path))
            if there[1] != path:
                standard = ctx.element("standard", key)
                earlier = ctx.element("standard", normalise_code(there[0]))
                yield ctx.finding(
                    "NF153", W, f"role {role.id!r} requires {earlier.code} ({there[1]}) and "
                    f"{standard.code} ({path}), both titled {standard.title!r}: probably one "
                    "NOS under two codes", f"compare the two (their developer, URN and review "
                    f"date: nosframe library show {earlier.code!r} and {standard.code!r} where "
                    "the national library is installed, or the NOS finder) and keep the one "
                    "in use", kind="role", key=role.key, subpath=path)


def same_titles_affected(ctx, changes) -> Iterator[tuple[str, object]]:
    """Roles naming a standard that changed, came or went (its title is read)."""
    for change in changes.of("standard"):
        for role in ctx.referring("standard", change.key, by="role"):
            yield "role", role


def licences(ctx, kind: str, element) -> Iterator[Finding]:
    yield from restricted_text(ctx, ((kind, (element,)),))


_CHECKS = (
    ("references", ("NF102", "NF103", "NF104", "NF105", "NF106", "NF107", "NF108", "NF109"),
     {"role", "mapping", "behaviour", "standard", "value"},
     PerElement({k.name for k in KINDS}, references)),
    ("progression", ("NF110",), {"role.progresses_to"}, progression),
    ("values-and-levels", ("NF111", "NF112", "NF113", "NF119"),
     {"value", "level", "behaviour.values", "behaviour.levels", "role.behaviours"},
     values_and_levels),
    ("standards-in-use", ("NF114", "NF115", "NF116", "NF117", "NF130"), {"role", "standard"},
     PerElement({"role", "standard"}, standards_in_use, affected=standards_in_use_affected)),
    ("coverage", ("NF118",), {"role", "behaviour", "mapping"},
     PerElement({"role"}, coverage, affected=coverage_affected)),
    ("unused", ("NF131",), {"role", "behaviour"},
     PerElement({"behaviour"}, unused, affected=unused_affected)),
    ("ids", ("NF150", "NF151"), {"value", "behaviour", "role", "source", "level"},
     PerElement({"value", "behaviour", "role", "source", "level"}, ids, affected=only_itself)),
    ("repeats", ("NF152",), {"role"},
     PerElement({"role"}, repeated_standards, affected=only_itself)),
    ("same-titles", ("NF153",), {"role", "standard"},
     PerElement({"role"}, same_titles, affected=same_titles_affected)),
    ("licences", ("NF140", "NF141"), {"standard", "behaviour", "value"},
     PerElement({"standard", "behaviour", "value"}, licences, affected=only_itself)),
)


@hookimpl
def nosframe_checks(register) -> None:
    for name, codes, reads, how in _CHECKS:
        codes = {code: CODES[code] for code in codes}
        if isinstance(how, PerElement):
            register(Check(name, codes=codes, reads=reads, each=how))
        else:
            register(Check(name, how, codes, reads=reads))
