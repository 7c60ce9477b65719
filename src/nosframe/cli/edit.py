"""``nosframe edit``: open the terminal editor. Textual is imported only when it runs."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import sys
import threading
import time
from concurrent.futures import Future
from pathlib import Path
from typing import Any, Callable

import click

from nosframe.cli import _state, fail, handles_errors

EXAMPLE = Path("frameworks") / "northshire-police.toml"
#: seconds ``nosframe edit`` waits for a file to open before it starts the editor anyway: a file
#: that takes longer (thousands of roles) opens behind the editor's screen, in a thread
OPEN_WAIT = 0.5
SWITCH_INTERVAL = 0.0005


def _in_background(work: Callable[[], Any]) -> Future:
    """Run ``work`` in a daemon thread (quitting never waits for it); its result or error in a
    future."""
    future: Future = Future()

    def run() -> None:
        try:
            future.set_result(work())
        except BaseException as exc:  # noqa: BLE001 - handed over to whoever waits
            future.set_exception(exc)

    # a thread that computes holds the interpreter for the switch interval (5 ms) each time
    # the editor's loop wants it back, which starved the first paint: switch more often
    sys.setswitchinterval(SWITCH_INTERVAL)
    threading.Thread(target=run, name="nosframe-open", daemon=True).start()
    return future


def _default_path() -> Path | None:
    """The bundled example framework: in the current folder, else in the source checkout."""
    candidates = [Path.cwd() / EXAMPLE, Path(__file__).resolve().parents[3] / EXAMPLE]
    return next((p for p in candidates if p.is_file()), None)


@click.command("edit")
@click.argument("path", required=False, type=click.Path(dir_okay=False))
@click.option("--preset", "presets", multiple=True, metavar="ID",
              help="For a new file: preset to extend (repeatable); see `nosframe presets`.")
@click.option("--org", metavar="NAME", help="For a new file: the organisation's name.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Date to compare review dates against (default: today).")
@click.option("--theme", metavar="NAME", default=None,
              help="Textual theme (default: the config's, else textual-dark).")
@handles_errors
def edit(path: str | None, presets: tuple[str, ...], org: str | None,
         today: dt.datetime | None, theme: str | None) -> None:
    """Edit a framework in the terminal: tree, editor, NOS picker, mappings, coverage.

    Without PATH, opens the example framework (frameworks/northshire-police.toml). A PATH that
    does not exist starts a new framework from --preset, written only when you save (ctrl+s).

    \b
    Example:
      nosframe edit my-force.toml
      nosframe edit new-force.toml --preset policing --org "New Force"
    """
    if path is None:
        found = _default_path()
        if found is None:
            fail(f"no PATH given and the example framework {EXAMPLE} was not found "
                 "(hint: nosframe edit my-force.toml, or start one with "
                 "nosframe edit new.toml --preset ID --org NAME)")
        target = found
    else:
        target = Path(path)
    if target.is_dir():
        fail(f"{target}: is a folder (hint: give the path of a .toml file)")
    if not target.exists() and not presets and target.parent.is_dir():
        # a typo must not open an empty framework: a new one is asked for with --preset
        near = sorted(p.name for p in target.parent.glob("*.toml"))
        close = difflib.get_close_matches(target.name, near, n=1)
        fail(f"{target}: no such file"
             + (f" (did you mean {close[0]}?)" if close else "")
             + f" (hint: to start a new framework there: nosframe edit {target} --preset ID "
               "--org NAME; nosframe presets lists the presets)")
    from nosframe.editing.session import Session

    state = _state()
    started = time.monotonic()
    opening = _in_background(functools.partial(
        Session.open, target, state.plugins, presets=presets, org=org,
        today=today.date() if today else None))

    from nosframe.tui.app import NosframeApp  # Textual is imported here, and only here
    from nosframe.tui.config import load_config

    config = load_config()
    try:  # a file that opens at once has its errors said before any screen, as always
        opened: Session | Future = opening.result(
            timeout=max(0.0, OPEN_WAIT - (time.monotonic() - started)))
    except TimeoutError:  # a large one: the editor paints first, and fills in when it opens
        opened = opening
    app = NosframeApp(opened, theme=theme or config.theme, keymap=config.keymap,
                      notices=config.problems, name=target.name)
    app.run()
    if app.open_error is not None:  # it failed to open after the editor was up
        raise app.open_error
    session = app.session
    if session is not None and session.dirty:
        click.echo(f"{session.name}: quit with unsaved changes "
                   f"(a recovery journal is kept: {session.journal.name})"
                   if session.journal.exists() else
                   f"{session.name}: quit without saving", err=True)


@click.command("person")
@click.argument("person", type=click.Path())
@click.argument("framework", type=click.Path())
@click.option("--role", default=None, metavar="ROLE",
              help="Show the requirements of this role (default: the person's current role).")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The day to judge expiry on (default: today).")
@click.option("--id", "person_id", default=None, metavar="ID",
              help="A new record's person id, e.g. a staff number (default: the file's name).")
@click.option("--name", default="", metavar="NAME", help="A new record's person's name.")
@handles_errors
def person_command(person: str, framework: str, role: str | None, today,
                   person_id: str | None, name: str) -> None:
    """Open a person's record in the person view: the requirements of the role, the evidence
    against each, what is missing or expiring; add evidence, set assessed levels, remove, undo,
    save (atomic, the file's layout kept). A path where there is no file starts a new record
    there (give --role; written when you save, readable by you alone).

    \b
    Examples:
      nosframe person examples/people/constable-a.toml frameworks/northshire-police.toml
      nosframe person new-starter.toml frameworks/northshire-police.toml --role pcso \\
          --id NP-0042 --name "A New Starter"
    """
    from nosframe.cli import _load
    from nosframe.cli.people import day, role_for
    from nosframe.editing.person import PersonSession
    from nosframe.io import FormatError, Location

    path = Path(person)
    if path.exists() or path.is_symlink():
        if person_id is not None or name:
            raise FormatError("--id and --name start a new record; this one exists",
                              location=Location(file=person),
                              hint="leave them out to open it (edit the name in the file)")
        session = PersonSession.open(person)
        composed = _load(framework)
        role = role_for(composed, session.person, role, framework, person)
    else:
        if not path.parent.is_dir():
            raise FormatError("folder not found", location=Location(file=str(path.parent)),
                              hint="create it first, or give a path in a folder that exists")
        composed = _load(framework)
        roles = composed.framework.roles
        if role is None:
            raise FormatError("no record is there: a new one needs its role (--role ROLE)",
                              location=Location(file=person),
                              hint=("roles: " + ", ".join(r.id for r in roles)) if roles
                              else f"{framework} has no roles")
        new_id = (person_id if person_id is not None else path.stem).strip()
        if not new_id:
            raise FormatError("a person record needs an id", location=Location(file=person),
                              hint="give --id, e.g. a staff number")
        role = role_for(composed, None, role, framework, person)  # --role given: no record read
        session = PersonSession.new(path, new_id, name=name.strip(), role=role)

    from nosframe.tui.person_app import PersonApp  # Textual is imported here too

    PersonApp(session, composed, role, day(today)).run()
    if session.dirty:
        click.echo(f"{Path(person).name}: quit without saving", err=True)


def compare_tui(comparison) -> None:
    """``nosframe compare A B --tui``: the comparison in the terminal (Textual is imported
    here, so ``nosframe compare`` without --tui stays free of it)."""
    from nosframe.tui.compare_app import run_compare

    run_compare(comparison)


__all__ = ["compare_tui", "edit", "person_command"]
