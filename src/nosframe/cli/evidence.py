"""``nosframe evidence ...`` (an organisation's evidence for many people, from an HR or
learning system's CSV, in an SQLite store) and ``nosframe needs`` (the team's training needs).

Evidence is personal data: it goes into the store named by ``--store`` and nowhere else.
Results go to stdout, diagnostics to stderr; unusable input exits 2 with one message.
"""

from __future__ import annotations

import datetime as dt
import json
import sys

import click

from nosframe.cli import EXIT_FINDINGS, _load, handles_errors
from nosframe.cli.words import plural

_STORE_HELP = ("The evidence store (an SQLite file; personal data: keep it where your "
               "organisation keeps such records, see docs/evidence.md).")
#: bad rows printed by `evidence import` without --problems
_SHOWN = 20


def _n(value: int) -> str:
    return f"{value:,}"


@click.group("evidence")
def evidence() -> None:
    """Evidence of many people (an HR or learning system's CSV export) in an evidence store.

    \b
    Example:
      nosframe evidence import people.csv --framework my-force.toml --store team.db
      nosframe needs my-force.toml --evidence team.db
    """


@evidence.command("import")
@click.argument("csv_file", metavar="CSV", type=click.Path(dir_okay=False))
@click.option("--framework", "framework_path", required=True, type=click.Path(),
              metavar="FRAMEWORK", help="The framework the rows are checked against (roles, "
                                        "standards and their criteria, behaviours).")
@click.option("--store", required=True, type=click.Path(dir_okay=False), metavar="STORE",
              help=_STORE_HELP + " Created when there is none.")
@click.option("--mapping", "mapping_path", type=click.Path(dir_okay=False), metavar="MAP",
              help="A TOML file naming the export's columns (docs/evidence.md); without it "
                   "the columns are person_id, name, role, standard, criterion, behaviour, "
                   "level, date, assessor, method, reference, expires, note.")
@click.option("--replaces", multiple=True, metavar="NAME",
              help="An earlier import (its file name, as `evidence info` lists it) this one "
                   "replaces: a newer dated export of the same system. Repeatable.")
@click.option("--problems", "all_problems", is_flag=True,
              help=f"List every bad row (by default the first {_SHOWN}).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handles_errors
def import_cmd(csv_file: str, framework_path: str, store: str, mapping_path: str | None,
               replaces: tuple[str, ...], all_problems: bool, as_json: bool) -> None:
    """Import an evidence CSV: one row per person and criterion, or person and behaviour.

    Bad rows are reported by line with the reason and left out; the good rows are imported
    (exit 0; exit 1 when no row could be). A file that cannot be used (a required column
    missing, a mapping naming a role the framework lacks) exits 2 and imports nothing.
    Importing a CSV of the same file name again replaces its rows; a dated export that
    replaces an earlier one names it with --replaces; the same content under another name
    is refused (its rows would count twice).

    \b
    Example:
      nosframe evidence import hr-export.csv --framework my-force.toml --store team.db \\
          --mapping hr-columns.toml
    """
    from nosframe.evidence import DEFAULT, import_evidence, load_mapping

    mapping = load_mapping(mapping_path) if mapping_path else DEFAULT
    composed = _load(framework_path)
    summary = import_evidence(csv_file, composed.framework, store, mapping, replaces=replaces)
    nothing = summary.rows > 0 and summary.imported == 0
    if as_json:
        click.echo(json.dumps(summary.to_json(), indent=2, ensure_ascii=False))
        if nothing:
            sys.exit(EXIT_FINDINGS)
        return
    problems = summary.problems if all_problems else summary.problems[:_SHOWN]
    for problem in problems:
        colour = "red" if problem.severity == "error" else "yellow"
        where = f"{problem.file}:{problem.line}" + (f": {problem.field}" if problem.field
                                                    else "")
        click.echo(f"{where}: " + click.style(problem.severity, fg=colour)
                   + f": {problem.message}", err=True)
        if problem.hint:
            click.echo(f"  hint: {problem.hint}", err=True)
    left = summary.bad_rows + summary.warnings - len(problems)
    if left > 0:
        click.echo(f"... and {_n(left)} more (--problems lists them all)", err=True)
    totals = summary.totals
    click.echo(f"imported {summary.source}: {_n(summary.imported)} of {_n(summary.rows)} rows "
               f"({plural(summary.criteria, 'criterion')}, "
               f"{plural(summary.behaviours, 'behaviour')}) for "
               f"{plural(summary.people, 'person')}; {plural(summary.bad_rows, 'bad row')} left out"
               + (f", {_n(summary.warnings)} warnings" if summary.warnings else "")
               + (f"; replaced the earlier {summary.source}" if summary.replaced else "")
               + (f"; replaced {', '.join(replaces)}" if replaces else ""))
    click.echo(f"store {summary.store}: {plural(totals['people'], 'person')}, "
               f"{_n(totals['criterion_evidence'] + totals['behaviour_evidence'])} evidence "
               f"rows from {_n(totals['sources'])} file"
               + ("s" if totals["sources"] != 1 else ""))
    if nothing:
        click.secho(f"nothing imported from {summary.source}: every row was left out (see "
                    "above)", fg="red", err=True)
        sys.exit(EXIT_FINDINGS)


@evidence.command("info")
@click.option("--store", required=True, type=click.Path(dir_okay=False), metavar="STORE",
              help=_STORE_HELP)
@click.option("--problems", "show_problems", is_flag=True,
              help="Also list the bad rows of every import.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handles_errors
def info_cmd(store: str, show_problems: bool, as_json: bool) -> None:
    """What an evidence store holds: the files imported, counts of people and rows.

    \b
    Example:
      nosframe evidence info --store team.db
    """
    from nosframe.evidence import open_store

    with open_store(store) as opened:
        info = opened.info()
        problems = opened.problems() if show_problems else []
    if as_json:
        if show_problems:
            info["problems"] = [p.to_json() for p in problems]
        click.echo(json.dumps(info, indent=2, ensure_ascii=False))
        return
    totals = info["totals"]
    click.echo(f"{info['path']}: evidence store (schema {info['schema']}), "
               f"{plural(totals['people'], 'person')}, {_n(totals['criterion_evidence'])} criterion "
               f"and {_n(totals['behaviour_evidence'])} behaviour evidence rows")
    for s in info["sources"]:
        click.echo(f"  {s['name']}: {_n(s['rows'])} rows, {_n(s['bad_rows'])} bad, checked "
                   f"against {s['framework']}, imported {s['imported_at']}")
    for p in problems:
        click.echo(str(p))


@evidence.command("forget")
@click.argument("person")
@click.option("--store", required=True, type=click.Path(dir_okay=False), metavar="STORE",
              help=_STORE_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handles_errors
def forget_cmd(person: str, store: str, as_json: bool) -> None:
    """Erase everything the store holds about one person (their id, name, role, evidence, and
    the import problems about their rows).

    The rows are overwritten on disk, not only unlinked. An export imported again brings the
    person back: remove them from the export too.

    \b
    Example:
      nosframe evidence forget E000123 --store team.db
    """
    from nosframe.evidence import open_store

    with open_store(store) as opened:
        rows = opened.forget(person)
    if as_json:
        click.echo(json.dumps({"store": store, "person": person, "evidence_rows": rows}))
        return
    click.echo(f"erased {person}: {_n(rows)} evidence rows, and the import problems about "
               f"their rows, from {store}")


def _report_text(report) -> None:
    click.echo(f"training needs against {report.framework} from {report.store}: "
               f"{plural(report.people, 'person')}, on {report.today.isoformat()}, expiring within "
               f"{report.within} days")
    for role in report.roles:
        click.echo("")
        click.secho(f"{role.title} ({role.role}): {plural(role.people, 'person')}", bold=True)
        if not role.requirements:
            click.echo("  the role names no standards or behaviours")
            continue
        if not role.people:
            counted = plural(len(role.requirements), "requirement")
            click.echo(f"  no one in this role in the store ({counted} not counted)")
            continue
        width = max(len(_label(r)) for r in role.requirements)
        click.echo(f"  {'requirement':<{width}}  {'meet':>7} {'expiring':>8} {'lack':>7}")
        for r in role.requirements:
            click.echo(f"  {_label(r):<{width}}  {_n(r.met):>7} {_n(r.expiring):>8} "
                       f"{_n(r.lacking):>7}")
    if report.furthest:
        click.echo("")
        click.secho("furthest from their role (requirements lacking, expiring)", bold=True)
        for p in report.furthest:
            click.echo(f"  {p.id}  {p.name or '-'}  {p.role}: lacks {p.lacking} of "
                       f"{p.required}" + (f", {p.expiring} expiring" if p.expiring else ""))
    for role_id, count in sorted(report.unknown_roles.items()):
        click.secho(f"warning: {plural(count, 'person')} in role {role_id!r}, which the framework "
                    "does not define: not counted", fg="yellow", err=True)


#: a requirement's label is cut (at a word, with …) to this many characters
_LABEL = 60


def _label(r) -> str:
    text = f"{r.title} (level {r.level})" if r.kind == "behaviour" else f"{r.id} {r.title}"
    text = text.strip()
    if len(text) <= _LABEL:
        return text
    cut = text[:_LABEL - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


@click.command("needs")
@click.argument("framework_path", metavar="FRAMEWORK", type=click.Path())
@click.option("--evidence", "store", required=True, type=click.Path(dir_okay=False),
              metavar="STORE", help=_STORE_HELP)
@click.option("--role", default=None, metavar="ROLE", help="Only this role (its id).")
@click.option("--within", default=90, show_default=True, type=click.IntRange(0, 36500),
              metavar="DAYS", help="Evidence lapsing within this many days is expiring.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The day to report on (default: today).")
@click.option("--top", default=10, show_default=True, type=click.IntRange(0, 100000),
              help="How many people to list as furthest from their role.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handles_errors
def needs(framework_path: str, store: str, role: str | None, within: int,
          today: dt.datetime | None, top: int, as_json: bool) -> None:
    """A team's training needs: per role and per standard or behaviour it needs, how many
    people meet it, hold evidence expiring within --within days, or lack it; and the
    people furthest from their role.

    \b
    Example:
      nosframe needs my-force.toml --evidence team.db --role police-constable --json
    """
    from nosframe.analysis.needs import needs as team_needs
    from nosframe.evidence import open_store

    composed = _load(framework_path)
    if role is not None:
        from nosframe.analysis.roles import find_role

        role = find_role(composed.framework, role, file=framework_path).id
    with open_store(store) as opened:
        report = team_needs(composed.framework, opened, role=role, within=within, top=top,
                       today=today.date() if today else None)
        against = sorted({s["framework"] for s in opened.sources()} - {composed.framework.id})
    for other in against:  # rows checked against another framework: counts may mean little
        click.secho(f"warning: {store}: its evidence was checked against framework {other!r} "
                    f"on import, not {composed.framework.id!r} (hint: report with the framework "
                    "it was imported against, or import the exports again against this one)",
                    fg="yellow", err=True)
    if as_json:
        click.echo(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        _report_text(report)


__all__ = ["evidence", "needs"]
