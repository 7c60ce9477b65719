"""``nosframe import FILE --into FRAMEWORK`` (update a framework from a file edited elsewhere,
after a preview) and ``nosframe template FORMAT`` (an empty file to fill in).

The CLI only presents: the changes and the operations making them come from
:mod:`nosframe.editing.update`, applied by the editing engine like the editor's edits.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from nosframe.cli import _state, fail, handles_errors, write_output
from nosframe.cli.helptext import TemplateCommand
from nosframe.io import NosframeError

EXIT_OK, EXIT_NOT_APPLIED, EXIT_UNUSABLE = 0, 1, 2


def _interactive() -> bool:
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


#: removing more than this share of what a framework composes (and at least MOST_REMOVED
#: elements) takes ``--remove-most`` besides ``--yes``, or a yes at a terminal after a warning
MOST_SHARE, MOST_REMOVED = 0.5, 10


def update_into(state, result, file: str, fmt: str, into: str, yes: bool, *,
                remove_most: bool = False) -> None:
    """Preview how the imported framework changes ``into``, then apply and save it when
    confirmed (``--yes``, or yes at a terminal). Without a terminal and without --yes: the
    preview only, exit 1, nothing written. Changes removing most of the framework are
    warned of, and with --yes refused unless ``remove_most`` (``--remove-most``)."""
    from nosframe.editing import EditError, Session
    from nosframe.editing.update import apply_update, plan_update
    from nosframe.io import FormatError, Location

    target_path = Path(into)
    if not target_path.exists():
        raise FormatError("not found: --into updates an existing framework",
                          location=Location(file=into),
                          hint=f"write a new framework with -o {into} instead")
    session = Session.open(target_path, state.plugins)
    refuse_unknown_implied(result, session, f"nor in {target_path.name}")
    base = getattr(result, "base", None)
    plan = plan_update(session, result.framework, base=base)
    name = target_path.name
    if not plan.changes:
        for line in plan.lines():
            click.echo(line)
        click.echo(f"{name} already matches {Path(file).name}: nothing to change", err=True)
        return
    click.secho(f"Changes to {name} from {Path(file).name}:", bold=True)
    for line in plan.lines():
        click.echo(line)
    click.echo(plan.summary())
    if plan.problems:
        raise FormatError(f"the changes from {Path(file).name} cannot be applied: "
                          + "; ".join(plan.problems), location=Location(file=into),
                          hint="nothing was written; correct the file imported and import it "
                               "again")
    from nosframe.model.kinds import KINDS

    removed = plan.counts()["removed"]
    total = sum(len(kind.elements(session.ensure_composed().framework)) for kind in KINDS)
    if removed >= MOST_REMOVED and removed > MOST_SHARE * total:
        click.secho(f"warning: these changes remove {removed} of the {total} elements {name} "
                    f"composes: {Path(file).name} may not show the framework whole (a file "
                    "not exported from it, or edited down)", fg="red", bold=True, err=True)
        if yes and not remove_most:
            click.secho(f"error: {into}: not applied: the changes from {Path(file).name} "
                        f"remove most of the framework ({removed} of {total} elements); "
                        "nothing written", fg="red", err=True)
            click.echo("  hint: if that is meant, run again with --yes --remove-most; to add "
                       "or change rows only, import a workbook filled in from `nosframe "
                       "template xlsx`", err=True)
            sys.exit(EXIT_NOT_APPLIED)
    if not yes:
        if not _interactive():
            click.secho(f"not applied: nothing written to {name} (run again with --yes to "
                        "apply, or at a terminal to be asked)", fg="yellow", err=True)
            sys.exit(EXIT_NOT_APPLIED)
        if not click.confirm(f"Apply these changes to {name}?", default=False, err=True):
            click.echo(f"not applied: nothing written to {name}", err=True)
            sys.exit(EXIT_NOT_APPLIED)
    before = session.findings()
    try:
        applied = apply_update(session, plan, result.framework, base=base)
    except EditError as exc:
        raise FormatError(f"cannot apply the changes from {Path(file).name}: {exc}",
                          location=Location(file=into),
                          hint="nothing was written; correct the file imported and import it "
                               "again") from None
    for line in applied.left:
        click.secho(f"not applied: {line}", fg="yellow", err=True)
    _say_recorded(applied.recorded, applied.dropped)
    if not session.dirty:
        click.echo(f"nothing written to {name}: none of the changes can be made", err=True)
        return
    after = session.findings()
    session.save()
    done = len(plan.changes) - len(applied.left)
    click.echo(f"wrote {target_path} ({done} of {plan.summary()} applied)" if applied.left
               else f"wrote {target_path} ({plan.summary()})", err=True)
    from nosframe.editing import EditResult

    appeared, resolved = EditResult.compare(before, after)
    for finding in appeared:
        if finding.own:
            click.secho(f"new finding: {finding}", fg="yellow", err=True)
    if resolved:
        click.echo(f"{len(resolved)} finding{'s' if len(resolved) != 1 else ''} resolved",
                   err=True)


def new_extending(state, result, file: str, out: Path) -> None:
    """A new framework extending the presets the imported file names: composed on them, the
    file's rows applied through the editing engine (:mod:`nosframe.editing.update`), so what a
    preset already says stays inherited and only the differences are written (overrides and
    the organisation's own elements), exactly as ``--into`` would on a framework just made."""
    import os

    from nosframe.editing import EditError, Session
    from attrs import evolve

    from nosframe.editing.update import (
        apply_update,
        from_template,
        onto_presets,
        plan_update,
        respell,
        taken_from_library,
    )
    from nosframe.io import FormatError, Location, save

    framework = without_placeholders(result, out)
    info = framework.framework
    scratch = out.with_name(f".{out.name}.{os.getpid()}.new")  # never written: a name only
    session = Session.new(scratch, state.plugins, presets=result.extends,
                          org=info.organisation or None, title=info.title or None)
    refuse_unknown_implied(result, session,
                           f"nor in the presets it extends ({', '.join(result.extends)})")
    # the standards the framework exported took from a library are recorded, not defined
    _, entries = taken_from_library(session, respell(session, framework), result.base)
    if entries:
        session.apply(evolve(session.root, library_lock=entries), "library records")
        # as the session composes them (a preset's role naming one already), or left to the
        # rows naming them to take from the records
        composed = {s.key: s for s in session.ensure_composed().framework.standards}
        keys = {e.key for e in entries}
        framework = evolve(framework, standards=tuple(
            composed.get(s.key, s) for s in framework.standards
            if s.key not in keys or s.key in composed))
    target = onto_presets(session, framework,
                          filled_in=result.base is None or from_template(result.base))
    plan = plan_update(session, target)
    if plan.problems:
        raise FormatError(f"{Path(file).name} cannot become a framework extending "
                          f"{', '.join(result.extends)}: " + "; ".join(plan.problems),
                          location=Location(file=file), hint="nothing was written")
    try:
        applied = apply_update(session, plan, target)
    except EditError as exc:
        raise FormatError(f"{Path(file).name}: {exc}", location=Location(file=file),
                          hint="nothing was written") from None
    for line in applied.left:
        click.secho(f"not carried: {line}", fg="yellow", err=True)
    _say_recorded(tuple(e.standard.code for e in entries) + applied.recorded, applied.dropped)
    save(session.root, out)
    click.echo(f"wrote {out} (extends {', '.join(result.extends)}; {plan.summary()})",
               err=True)


def new_plain(state, result, file: str, out: Path) -> None:
    """A new framework holding every row of the imported file itself (it names no presets),
    recording the library standards it takes (``[[library_lock]]``: a role naming a code only
    an installed library has) as the editor and ``--into`` do, so that the file composes the
    same where that library is not installed."""
    import os

    from attrs import evolve

    from nosframe.editing import Session
    from nosframe.editing.update import record_library_standards, respell, taken_from_library
    from nosframe.io import save

    refuse_unknown_implied(result, None, "")
    framework = without_placeholders(result, out)
    scratch = out.with_name(f".{out.name}.{os.getpid()}.new")  # never written: a name only
    if not out.parent.is_dir():  # saving names the folder
        save(framework, out)
    try:
        session = Session.new(scratch, state.plugins)
        # the standards the framework exported took from a library are recorded, not defined
        own, entries = taken_from_library(session, respell(session, framework), result.base)
        session.apply(evolve(own, library_lock=own.library_lock + entries),
                      f"import {Path(file).name}")
        recorded = tuple(e.standard.code for e in entries) + \
            record_library_standards(session)
        framework = session.root
    except NosframeError as exc:  # it does not compose: written as read, and said
        recorded = ()
        click.secho(f"warning: library standards not recorded in {out.name}: "
                    f"{getattr(exc, 'message', None) or exc} (see `nosframe check {out}`)",
                    fg="yellow", err=True)
    _say_recorded(recorded)
    save(framework, out)
    click.echo(f"wrote {out}", err=True)


def without_placeholders(result, out: Path):
    """The imported framework, with the placeholders of a template it was filled in from
    (:data:`nosframe.formats.TEMPLATE`: id ``my-framework``, title ``My framework``) not
    taken, as ``--into`` does not take them: the id from the name of the file written, the
    title from the organisation (or that name) as ``nosframe new`` makes it."""
    from attrs import evolve

    from nosframe.editing.session import slug, starter_title
    from nosframe.editing.update import from_template
    from nosframe.formats import TEMPLATE

    framework = result.framework
    info = framework.framework
    if not from_template(getattr(result, "base", None)):
        return framework
    changes = {}
    if info.id == TEMPLATE.framework.id:
        changes["id"] = slug(out.stem)
    if info.title in ("", TEMPLATE.framework.title):
        changes["title"] = starter_title(out, info.organisation)
    return evolve(framework, framework=evolve(info, **changes)) if changes else framework


def refuse_unknown_implied(result, session, nor: str) -> None:
    """A template's rows naming a role its Roles sheet leaves out (``result.implied``) are
    rows of a role the framework (``session``: the file --into updates, or the presets a new
    one extends) has; one it does not have is a typo, refused at the first cell naming it.
    Without a session (a new framework naming no presets) every such role is unknown."""
    from nosframe.io import FormatError

    have = set() if session is None else \
        {r.key for r in session.ensure_composed().framework.roles}
    for (kind, key), where in getattr(result, "implied", {}).items():
        if key not in have:
            raise FormatError(
                f"{kind} {key!r} is not on the Roles sheet" + (f", {nor}" if nor else ""),
                location=where,
                hint="correct the id, or add the role to Roles" + (
                    "" if session is not None else "; to add to a preset's role, name the "
                    "preset in the Framework sheet's extends row") + " (nothing was written)")


def _say_recorded(codes: tuple[str, ...], dropped: tuple[str, ...] = ()) -> None:
    if codes:
        click.echo(f"recorded from the library: {', '.join(codes)} ([[library_lock]]: the "
                   "file checks the same where the library is not installed)", err=True)
    if dropped:
        click.echo(f"records dropped: {', '.join(dropped)} ([[library_lock]]: the framework "
                   "no longer takes them from a library)", err=True)


@click.command("template", cls=TemplateCommand)
@click.argument("fmt", metavar="FORMAT")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="File to write (never overwritten without --force).")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
@handles_errors
def template(fmt: str, output: str, force: bool) -> None:
    """Write an empty framework in a format, to fill in and import (`nosframe import OUT
    --from FORMAT -o new.toml`).

    \b
    Example:
      nosframe template xlsx -o blank.xlsx
    """
    from nosframe.cli.helptext import template_formats
    from nosframe.compose import compose
    from nosframe.formats import TEMPLATE

    state = _state()
    exporters = template_formats(state.plugins)
    if fmt not in exporters:
        every = state.plugins.exporters()
        if fmt in every:
            fail(f"{fmt!r} is written by export but not read back by import: a template of it "
                 "could not be filled in and imported",
                 hint=f"templates: {', '.join(sorted(exporters))}; for a {fmt} of a framework: "
                      f"nosframe export FRAMEWORK --to {fmt} -o FILE")
        fail(f"unknown format {fmt!r} (hint: templates: {', '.join(sorted(exporters))})")
    out = Path(output)
    if output != "-" and out.exists() and not force:
        fail(f"{out}: already exists (hint: use --force to overwrite)")
    try:
        result = exporters[fmt].write(compose(TEMPLATE, state.plugins))
    except NosframeError:
        raise
    except Exception as exc:
        fail(f"exporter {fmt!r} (plugin {exporters[fmt].plugin!r}) failed: "
             f"{type(exc).__name__}: {exc}")
    write_output(output, result.content, f"the {fmt} template")
    state.report_plugin_failures()
