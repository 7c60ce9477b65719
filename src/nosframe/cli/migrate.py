"""``nosframe migrate FILE --from PRESET --to PRESET``: move a framework to a new edition of a
preset, after a preview (like ``nosframe import --into``).

The CLI only presents: what changes, and what is left to a person, come from
:mod:`nosframe.editing.migrate`, applied by the editing engine like the editor's edits.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from nosframe.cli import _state, handles_errors

EXIT_OK, EXIT_NOT_APPLIED = 0, 1


@click.command("migrate")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--from", "from_preset", required=True, metavar="PRESET",
              help="The preset the file extends now (e.g. policing-cvf-2016).")
@click.option("--to", "to_preset", required=True, metavar="PRESET",
              help="The preset to extend instead (e.g. policing); see `nosframe presets`.")
@click.option("--yes", "-y", is_flag=True,
              help="Apply without asking (for scripts). Without it and without a terminal: "
                   "preview only, exit 1, nothing written.")
@click.option("--json", "as_json", is_flag=True,
              help="Print the plan (and whether it was applied) as JSON on stdout.")
@handles_errors
def migrate(file: str, from_preset: str, to_preset: str, yes: bool, as_json: bool) -> None:
    """Move a framework from one preset to another (a new edition): preview what changes,
    apply what can be applied mechanically when confirmed, and list what is left to decide.

    Applied: `extends`, references renamed by the correspondence a sector plugin registers
    (policing-cvf-2016 -> policing: behaviour and value ids, levels), standards the new presets
    mark superseded_by. Left to a person: an element with several counterparts or none, an
    override of an element that is gone, the findings the move brings (a mapping to criteria
    the new standard lacks). The file keeps its layout; only what changes is written.

    \b
    Example:
      nosframe migrate my-force.toml --from policing-cvf-2016 --to policing
      nosframe migrate my-force.toml --from policing-cvf-2016 --to policing --yes --json
    """
    from nosframe.cli.interchange import _interactive
    from nosframe.editing import EditError, Session
    from nosframe.editing.migrate import apply_migration, plan_migration
    from nosframe.io import FormatError, Location
    from nosframe.io.limits import require_regular_file

    state = _state()
    require_regular_file(file, what="a framework file",
                         hint="give the framework file to migrate")
    session = Session.open(Path(file), state.plugins)
    plan = plan_migration(session, from_preset, to_preset)
    name = Path(file).name
    out = sys.stderr if as_json else sys.stdout
    if not as_json:
        for index, line in enumerate(plan.lines()):
            click.secho(line, bold=index == 0 or not line.startswith(" "), file=out)
        click.echo(plan.summary(), file=out)
    if plan.problems:
        if as_json:
            click.echo(json.dumps(dict(plan.to_json(), applied=False), indent=2))
        raise FormatError("the migration cannot be applied: " + "; ".join(plan.problems),
                          location=Location(file=file), hint="nothing was written")
    if not yes:
        asked = not as_json and _interactive()
        if not asked or not click.confirm(f"Apply these changes to {name}?", default=False,
                                          err=True):
            if as_json:
                click.echo(json.dumps(dict(plan.to_json(), applied=False), indent=2))
            click.secho(f"not applied: nothing written to {name}"
                        + ("" if asked else " (run again with --yes to apply, or at a "
                           "terminal to be asked)"), fg="yellow", err=True)
            sys.exit(EXIT_NOT_APPLIED)
    try:
        apply_migration(session, plan)
    except EditError as exc:
        raise FormatError(f"cannot apply the migration: {exc}", location=Location(file=file),
                          hint="nothing was written") from None
    session.save()
    if as_json:
        click.echo(json.dumps(dict(plan.to_json(), applied=True), indent=2))
    click.echo(f"wrote {file} ({len(plan.steps)} change{'s' if len(plan.steps) != 1 else ''})",
               err=True)
    if plan.decisions:
        click.secho(f"left to decide: {len(plan.decisions)} (listed above; `nosframe check "
                    f"{file}` shows what is still wrong)", fg="yellow", err=True)
    state.report_plugin_failures()
    sys.exit(EXIT_OK)
