"""Progression and people: ``nosframe gap``, ``pathways``, ``match``, ``plan``, ``audit`` and
``person`` (the person view of the editor, in :mod:`nosframe.cli.edit`: only that module
starts Textual).

The CLI only presents: the gaps and routes come from :mod:`nosframe.analysis.gap`, the state
of a person's requirements, matching, plans and audits from :mod:`nosframe.analysis.people`.
A person record is personal data: these commands read it and write documents about it where
told (``-o``), never into a framework file.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from nosframe.cli import _load, framework_inputs, handles_errors, refuse_writing_over
from nosframe.cli.words import plural
from nosframe.io import FormatError, Location

_TODAY = click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
                      help="The day to judge expiry on (default: today).")
_SOON = click.option("--soon", type=click.IntRange(0, 3650), default=90, show_default=True,
                     help="Evidence ending within this many days is 'expiring'.")


def day(value) -> dt.date:
    return value.date() if value is not None else dt.date.today()


def _role_or_fail(composed, role_id: str, option: str, path: str) -> str:
    """The id of the role named (by id or title), or one located error with a close match."""
    from nosframe.analysis.roles import find_role

    return find_role(composed.framework, role_id, given=option, file=path).id


def _print_json(data) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _titles(composed) -> dict[str, str]:
    return {r.id: r.title or r.id for r in composed.framework.roles}


@click.command("gap")
@click.argument("framework", type=click.Path())
@click.option("--from", "from_role", required=True, metavar="ROLE", help="The current role.")
@click.option("--to", "to_role", required=True, metavar="ROLE", help="The role to move to.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handles_errors
def gap_command(framework: str, from_role: str, to_role: str, as_json: bool) -> None:
    """What a person in one role must gain for another (standards with their criteria,
    behaviour levels, qualifications), and what they keep.

    \b
    Example:
      nosframe gap frameworks/northshire-police.toml --from police-constable --to police-sergeant
    """
    from nosframe.analysis import gap, gap_data
    from nosframe.analysis.gap import describe_gap

    composed = _load(framework)
    from_role = _role_or_fail(composed, from_role, "--from", framework)
    to_role = _role_or_fail(composed, to_role, "--to", framework)
    found = gap(composed.framework, from_role, to_role)
    if as_json:
        _print_json(gap_data(found))
        return
    titles = _titles(composed)
    click.secho(f"{titles[from_role]} -> {titles[to_role]}: "
                f"{plural(len(found.standards), 'standard')} "
                f"({plural(found.criteria_count, 'criterion')} of the mandatory ones), "
                f"{plural(len(found.behaviours), 'behaviour level')} to gain", bold=True)
    for line in describe_gap(composed.framework, found):
        click.echo(line)


@click.command("pathways")
@click.argument("framework", type=click.Path())
@click.option("--from", "from_role", required=True, metavar="ROLE", help="The starting role.")
@click.option("--to", "to_role", default=None, metavar="ROLE",
              help="Only routes ending at this role (default: to every role reachable).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handles_errors
def pathways_command(framework: str, from_role: str, to_role: str | None, as_json: bool) -> None:
    """The routes through the progression ladder (progresses_to) from a role, with what each
    route asks a person to gain in all. Simple paths (no role twice), at most 8 steps and 100
    routes, shortest first.

    \b
    Example:
      nosframe pathways frameworks/northshire-police.toml --from police-constable --to police-inspector
    """
    from nosframe.analysis import pathways, pathways_data
    from nosframe.analysis.gap import MAX_ROUTES

    composed = _load(framework)
    from_role = _role_or_fail(composed, from_role, "--from", framework)
    if to_role is not None:
        to_role = _role_or_fail(composed, to_role, "--to", framework)
    found = pathways(composed.framework, from_role, to_role)
    if as_json:
        _print_json(pathways_data(found))
        return
    titles = _titles(composed)
    if not found.routes:
        click.echo(f"no route from {from_role}" + (f" to {to_role}" if to_role else "")
                   + " along progresses_to")
        return
    from nosframe.analysis import gap

    for number, route in enumerate(found.routes, 1):
        total = route.total
        click.secho(f"{number}. " + " -> ".join(titles.get(r, r) for r in route.roles),
                    bold=True)
        click.echo(f"   {plural(len(route.steps), 'step')}; along the way "
                   f"{plural(len(total.standards), 'standard')} "
                   f"({plural(total.criteria_count, 'criterion')} of the mandatory ones), "
                   f"{plural(len(total.behaviours), 'behaviour level')}, "
                   f"{plural(len(total.qualifications), 'qualification')} to gain")
        if len(route.steps) > 1:  # what the end role alone asks: `nosframe gap`'s answer
            direct = gap(composed.framework, route.roles[0], route.roles[-1])
            click.echo(f"   (the end role alone asks {plural(len(direct.standards), 'standard')}"
                       f" of them, as `nosframe gap` says; the others are for the roles on the "
                       f"way)")
        for s in total.standards:
            click.echo(f"     {s.code}  {s.title or '(not defined)'}"
                       + (" (optional)" if s.optional else ""))
    if found.truncated:
        click.echo(f"(only the first {MAX_ROUTES} routes are listed)", err=True)


# -- people -----------------------------------------------------------------------------------


def _person(path: str):
    from nosframe.io.people import load_person

    return load_person(path)


def _warn_unknown(document, composed) -> None:
    """What the record names that the framework does not define: warnings on stderr, each at
    its line (the record is still used: such evidence counts for nothing)."""
    from nosframe.analysis.people import record_problems

    for path, message in record_problems(composed.framework, document.person,
                                         dt.date.today()):
        click.secho(f"warning: {document.location(path)}: {message}", fg="yellow", err=True)


_MARK = {"met": "✓", "expiring": "!", "expired": "✗ EXPIRED", "missing": "·"}
#: each state in a sentence: expired is written as the documents and the marks write it
_WORD = {"met": "met", "expiring": "expiring", "expired": "EXPIRED", "missing": "missing"}


@click.command("match")
@click.argument("person", type=click.Path())
@click.argument("framework", type=click.Path())
@_TODAY
@_SOON
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handles_errors
def match_command(person: str, framework: str, today, soon: int, as_json: bool) -> None:
    """Rank the framework's roles by how well a person's record fits them (each mandatory
    criterion and each behaviour weighs one; expired evidence does not count), with what is
    missing for each.

    \b
    Example:
      nosframe match examples/people/constable-a.toml frameworks/northshire-police.toml
    """
    from nosframe.analysis.people import match, status_data

    document = _person(person)
    record = document.person
    composed = _load(framework)
    _warn_unknown(document, composed)
    ranked = match(composed.framework, record, day(today), soon=soon)
    if as_json:
        _print_json({"person": record.id, "today": day(today).isoformat(),
                     "roles": [status_data(s) for s in ranked]})
        return
    for status in ranked:
        current = " (current role)" if status.role == record.person.role else ""
        click.secho(f"{status.fit:6.1%}  {status.title} ({status.role}){current}: "
                    f"{status.met} of {status.total}", bold=True)
        missing = status.missing
        if missing:
            parts = []
            from nosframe.analysis.people import WHOLE

            for r in missing:
                label = ((f"{r.standard} (as a whole)" if r.criterion == WHOLE
                          else f"{r.standard} {r.criterion}") if hasattr(r, "criterion")
                         else f"{r.name} level {r.required}")
                parts.append(label + (" EXPIRED" if r.state.value == "expired" else ""))
            click.echo("        missing: " + "; ".join(parts))


def _write_document(document: str, ctx, out: str, fmt: str | None, force: bool,
                    inputs: list) -> None:
    from nosframe.cli import write_output
    from nosframe.formats.documents import render
    from nosframe.io.people import PERSON_FILE_MODE

    path = Path(out)
    if out == "-":  # stdout
        if fmt is None:
            raise FormatError("-o - (stdout) has no suffix to tell the document's form by",
                              hint="give --as md|html|docx")
    else:
        refuse_writing_over(path, inputs, force, hint="write the document to another file (-o)")
    form = fmt or {".md": "md", ".html": "html", ".htm": "html",
                   ".docx": "docx"}.get(path.suffix.lower())
    if form is None:
        raise FormatError(f"cannot tell the form of {path.name} from its suffix",
                          location=Location(file=out),
                          hint="end -o with .md, .html or .docx, or give --as md|html|docx")
    # a plan, an audit or a team's needs is about people: personal data, written as their
    # records are (0600 when new; a file its owner gave another mode keeps it)
    write_output(out, render(document, form, ctx), f"the {document} ({form})",
                 mode=None if out == "-" or path.exists() else PERSON_FILE_MODE)


_OUT = click.option("-o", "--output", "out", type=click.Path(), default=None,
                    help="Write the document here (.md, .html or .docx; - for stdout, with "
                         "--as).")
_AS = click.option("--as", "fmt", type=click.Choice(["md", "html", "docx"]), default=None,
                   help="The form of -o (default: its suffix).")
_FORCE = click.option("--force", is_flag=True, help="Replace an existing -o.")


def role_for(composed, record, role: str | None, framework: str, person: str) -> str:
    """The role named by --role, else the record's current role (said as such when the
    framework does not have it)."""
    if role is not None:
        return _role_or_fail(composed, role, "--role", framework)
    if not record.person.role:
        raise FormatError("give --role ROLE: the record names no current role",
                          location=Location(file=person))
    return _role_or_fail(composed, record.person.role,
                         f"the record's [person] role, in {framework}; give --role ROLE",
                         person)


def _document_command(name: str, role_help: str, what: str):
    """The arguments and options ``plan`` and ``audit`` share."""
    def decorate(func):
        for option in reversed((
                click.command(name),
                click.argument("person", type=click.Path()),
                click.argument("framework", type=click.Path()),
                click.option("--role", default=None, metavar="ROLE",
                             help=f"{role_help} (default: the person's current role)."),
                _OUT, _AS, _FORCE, _TODAY, _SOON,
                click.option("--json", "as_json", is_flag=True,
                             help=f"Print the {what} as JSON."),
                handles_errors)):
            func = option(func)
        return func
    return decorate


def _inputs(person: str, framework: str, composed) -> list:
    return [(Path(person), "the person's record"),
            *framework_inputs(Path(framework), composed)]


def _record_and_role(person: str, framework: str, role: str | None):
    document = _person(person)
    record = document.person
    composed = _load(framework)
    _warn_unknown(document, composed)
    return record, composed, role_for(composed, record, role, framework, person)


def _emit(document: str, ctx, data: dict, out, fmt, force, as_json, inputs: list) -> bool:
    """Write the document (-o) and print JSON (--json); True when nothing else is to print.
    ``inputs``: the files the command read (never written over, even with --force)."""
    if out:
        _write_document(document, ctx, out, fmt, force, inputs)
    if as_json:
        _print_json(data)
    return bool(out or as_json)


@_document_command("plan", "The role to plan towards", "plan")
def plan_command(person, framework, role, out, fmt, force, today, soon, as_json) -> None:
    """An individual development plan: what a person has to evidence for a role, grouped by
    NOS and behaviour, with what expires soon. Written as Markdown, HTML or Word (-o).

    \b
    Example:
      nosframe plan examples/people/constable-a.toml frameworks/northshire-police.toml \\
          --role police-sergeant -o plan.docx
    """
    from nosframe.analysis.people import plan, plan_data
    from nosframe.editing.present import evidence_text
    from nosframe.formats.documents import development_plan_context

    record, composed, role = _record_and_role(person, framework, role)
    found = plan(composed.framework, record, role, day(today), soon=soon)
    if _emit("development-plan", development_plan_context(composed, found), plan_data(found),
             out, fmt, force, as_json, _inputs(person, framework, composed)):
        return
    status = found.status
    click.secho(f"{record.person.name or record.id} -> {found.title}: {status.met} of "
                f"{status.total} met ({status.fit:.0%})", bold=True)
    for s in found.standards:
        click.echo(f"{s.code}  {s.title}" + (" (optional)" if s.optional else ""))
        for c in s.to_evidence:
            click.echo(f"  {_MARK[c.state.value]} {c.criterion} {c.text}".rstrip()
                       + (f"  [{evidence_text(c.held)}]" if c.held else ""))
        for c in s.expiring:
            click.echo(f"  ! {c.criterion} expiring  [{evidence_text(c.held)}]")
    for b in found.behaviours + found.behaviours_expiring:
        click.echo(f"{b.name}: level {b.required} {_WORD[b.state.value]}"
                   + (f"  [level {b.level}, {evidence_text(b.held)}]" if b.held else ""))
    if found.empty:
        click.echo("nothing to evidence: every requirement is met and current")


@_document_command("audit", "The role to audit against", "audit")
def audit_command(person, framework, role, out, fmt, force, today, soon, as_json) -> None:
    """A record a manager can defend: each requirement of a role with the evidence that meets
    it (who assessed it, when, how, until when) or the gap, and the framework version and the
    sha256 of every file it was made against, so it can be reproduced.

    \b
    Example:
      nosframe audit examples/people/constable-a.toml frameworks/northshire-police.toml \\
          --role police-constable -o audit.html
    """
    from nosframe.analysis.people import audit, audit_data
    from nosframe.editing.present import evidence_text
    from nosframe.formats.documents import audit_context

    record, composed, role = _record_and_role(person, framework, role)
    found = audit(composed, record, role, day(today), soon=soon, record_path=person)
    if _emit("audit", audit_context(composed, found), audit_data(found), out, fmt, force,
             as_json, _inputs(person, framework, composed)):
        return
    click.secho(f"Audit of {record.person.name or record.id} ({record.id}) against "
                f"{found.title} on {found.today.isoformat()}", bold=True)
    click.echo(f"framework {found.framework_id} version {found.framework_version or '(none)'}"
               f"; made with {found.made_with}; expiring: within {found.soon} days")
    for f in found.files + ((found.record,) if found.record else ()):
        click.echo(f"  sha256 {f.sha256}  {f.name}" + (" (the person's record)"
                                                        if f is found.record else ""))
    for c in found.status.criteria:
        click.echo(f"{_MARK[c.state.value]:>9} {c.standard} {c.criterion}"
                   + (" (optional)" if c.optional else "")
                   + (f"  {evidence_text(c.held)}" if c.held else "  no evidence"))
        for h in c.also:
            click.echo(f"{'':>9}   also recorded: {evidence_text(h)}")
    for b in found.status.behaviours:
        click.echo(f"{_MARK[b.state.value]:>9} {b.name} level {b.required}"
                   + (f"  level {b.level}: {evidence_text(b.held)}" if b.held
                      else "  not assessed"))
        for h in b.also:
            click.echo(f"{'':>9}   also recorded: level {h.evidence.level}, "
                       f"{evidence_text(h)}")
    for e in found.status.other:
        click.echo(f"{'other':>9} {e.standard} {e.criterion}  not asked for by this role "
                   f"(kept, not counted), {e.date.isoformat()}")
    click.echo(f"{found.status.met} of {found.status.total} met"
               + ("" if found.complete else f"; {len(found.status.missing)} not evidenced or "
                  "expired"))


COMMANDS = (gap_command, pathways_command, match_command, plan_command, audit_command)
