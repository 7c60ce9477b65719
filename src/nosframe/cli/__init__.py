"""The ``nosframe`` command line. Results go to stdout, diagnostics to stderr.

Exit codes: 0 ok (warnings allowed), 1 errors found by checks, 2 unusable input, 141 stdout was
closed by its reader (``nosframe check FILE | head -1``).
Textual is imported only by ``nosframe edit``.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import shutil
import sys
import textwrap
from pathlib import Path

import click

from nosframe.cli.helptext import ExportCommand, ImportCommand
from nosframe.cli.words import plural
from nosframe.io import NosframeError

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2
#: 128 + SIGPIPE: what a shell reports for a tool that stopped because its reader went away
#: (``cat``, ``yes`` and ``grep`` under ``| head``). Unlike 1 or 2 it claims neither findings nor
#: bad input, and ``set -o pipefail`` scripts already know it.
EXIT_BROKEN_PIPE = 141


class State:
    """Per-invocation state: plugin options, plugins loaded on first use."""

    def __init__(self, plugins_dir: str | None, disabled: tuple[str, ...]):
        self.plugins_dir = plugins_dir
        self.disabled = disabled
        self._plugins = None

    @property
    def plugins(self):
        if self._plugins is None:
            from nosframe.plugins import load_plugins

            self._plugins = load_plugins(plugins_dir=self.plugins_dir, disabled=self.disabled)
        return self._plugins

    def report_plugin_failures(self) -> None:
        if self._plugins is None:
            return
        for failure in self._plugins.failures:
            click.secho(f"warning: {failure}", fg="yellow", err=True)


def fail(message: str, code: int = EXIT_UNUSABLE, *, hint: str = "") -> None:
    """End the command with one message, printed as every error is (``error: ...``, then
    ``  hint: ...`` on its own line, like a :class:`NosframeError`'s)."""
    if not hint and message.endswith(")") and " (hint: " in message:
        message, _, hint = message[:-1].rpartition(" (hint: ")
    click.secho(f"error: {message}", fg="red", err=True)
    if hint:
        click.echo(f"  hint: {hint}", err=True)
    sys.exit(code)


def write_output(output: str, content: str | bytes, what: str, *, mode: int | None = None
                 ) -> None:
    """``content`` to the file ``output`` (atomically, ``mode`` for a new file), or to stdout
    for ``-``: text as it is, bytes only when stdout is not a terminal (a binary file there
    garbles it). Every command with ``-o`` writes through here, so ``-`` is never a file."""
    if output == "-":
        if isinstance(content, bytes):
            if _is_terminal(sys.stdout):
                fail(f"{what} is a binary file: it is not printed to a terminal",
                     hint="write it to a file (-o FILE), or send stdout to one (-o - > FILE)")
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()
        else:
            click.echo(content, nl=False)
        return
    from nosframe.io import atomic_write

    out = Path(output)
    atomic_write(out, content, mode=mode)  # text or bytes; a failure names the file
    click.echo(f"wrote {out}", err=True)


def _is_terminal(stream) -> bool:
    """Whether ``stream`` is a terminal (a binary export there would garble it)."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def end_on_broken_pipe() -> None:
    """The reader of stdout went away (``| head``): stop quietly, as command line tools do.

    stdout is pointed at the null device first, so the flush at interpreter exit cannot raise a
    second BrokenPipeError ("Exception ignored ...") on stderr.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real file descriptor (e.g. under a test runner)
        pass
    sys.exit(EXIT_BROKEN_PIPE)


def handles_errors(func):
    """Turn nosframe errors into one clear message on stderr and exit code 2; end quietly when
    stdout is closed."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        state = click.get_current_context().find_object(State)
        try:
            return func(*args, **kwargs)
        except NosframeError as exc:
            if state:
                state.report_plugin_failures()
            fail(str(exc))
        except BrokenPipeError:
            end_on_broken_pipe()
        except OSError as exc:  # never ": No space left on device" (a write names its file)
            fail(f"{exc.filename}: {exc.strerror or exc}" if exc.filename
                 else str(exc.strerror or exc))

    return wrapper


class NosframeGroup(click.Group):
    """The ``nosframe`` group: its own commands, then those plugins add (``nosframe_commands``).

    Plugin commands are looked up only for a name that is not one of nosframe's own, and for
    ``--help``; the plugins loaded are the ones the command then uses (same options)."""

    def plugin_commands(self, ctx: click.Context) -> dict:
        state = _state_of(ctx)
        return {name: _guard_command(found) for name, found in
                state.plugins.commands(reserved=self.commands).items()}

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None or ctx.resilient_parsing:
            return command
        return self.plugin_commands(ctx).get(cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        own = super().list_commands(ctx)
        if ctx.resilient_parsing:
            return own
        return own + sorted(set(self.plugin_commands(ctx)) - set(own))


def _state_of(ctx: click.Context) -> State:
    """The invocation's State, made from the group's options if the callback has not run yet
    (click resolves the subcommand before calling the group)."""
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State(root.params.get("plugins_dir"), tuple(root.params.get("disabled") or ()))
    return root.obj


def _guard_command(found) -> click.Command:
    """A plugin's command, with what it raises reported by plugin name instead of a traceback
    (click's own exits, usage errors and a deliberate ``sys.exit`` pass through)."""
    command = found.command
    if getattr(command, "_nosframe_guarded", False):
        return command
    invoke = command.invoke

    def guarded_invoke(ctx: click.Context):
        try:
            return invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort,
                SystemExit, KeyboardInterrupt, BrokenPipeError):
            raise
        except NosframeError as exc:
            _state_of(ctx).report_plugin_failures()
            fail(str(exc))
        except Exception as exc:
            fail(f"command {found.name!r} from plugin {found.plugin!r} failed: "
                 f"{type(exc).__name__}: {exc} (hint: report it to the plugin's authors, or "
                 f"leave it out with --disable-plugin {found.plugin})")

    command.invoke = guarded_invoke
    command._nosframe_guarded = True
    return command


@click.group(cls=NosframeGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="nosframe")
# eager, like --help, so `nosframe --plugins-dir DIR --help` lists that folder's commands
@click.option("--plugins-dir", type=click.Path(file_okay=False), envvar="NOSFRAME_PLUGINS_DIR",
              is_eager=True,
              help="Also load plugin modules (*.py) from this folder. Never loaded unless asked.")
@click.option("--disable-plugin", "disabled", multiple=True, metavar="NAME", is_eager=True,
              help="Leave a plugin out (repeatable). Also NOSFRAME_DISABLE_PLUGINS=a,b.")
@click.pass_context
def cli(ctx: click.Context, plugins_dir: str | None, disabled: tuple[str, ...]) -> None:
    """Compose National Occupational Standards with your values and behaviours into a checked
    professional development framework.

    \b
    Example:
      nosframe new my-force.toml --preset policing --org "Northshire Police"
      nosframe check my-force.toml
      nosframe edit my-force.toml
    """
    if not isinstance(ctx.obj, State):
        ctx.obj = State(plugins_dir, disabled)


def _state() -> State:
    return click.get_current_context().find_object(State)


# -- plugins and presets ---------------------------------------------------------------------


@cli.command("plugins")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handles_errors
def plugins_cmd(as_json: bool) -> None:
    """List loaded plugins, their hooks, and any that failed.

    \b
    Example:
      nosframe plugins --json
    """
    plugins = _state().plugins
    plugins.collect_all()
    cli.plugin_commands(click.get_current_context())  # so failures adding commands are known
    infos = plugins.info()
    formats = {"export": plugins.exporters(), "import": plugins.importers()}
    if as_json:
        click.echo(json.dumps({
            "plugins": [{"name": p.name, "version": p.version, "kind": p.kind,
                         "hooks": list(p.hooks)} for p in infos],
            "exporters": [{"name": e.name, "title": e.title, "suffix": e.suffix,
                           "options": list(e.options), "forms": list(e.forms),
                           "plugin": e.plugin} for _, e in sorted(formats["export"].items())],
            "importers": [{"name": i.name, "title": i.title, "plugin": i.plugin}
                          for _, i in sorted(formats["import"].items())],
            "correspondences": [{"from": c.from_preset, "to": c.to_preset, "title": c.title,
                                 "plugin": c.plugin}
                                for _, c in sorted(plugins.correspondences().items())],
            "replacements": [{"kind": r.kind, "name": r.name, "plugin": r.plugin,
                              "replaced": r.replaced} for r in plugins.replacements],
            "failures": [{"plugin": f.plugin, "stage": f.stage, "error": f.error}
                         for f in plugins.failures]}, indent=2))
        return
    for p in infos:
        click.echo(f"{p.name} {p.version} ({p.kind}): {', '.join(p.hooks)}")
    for direction, found in formats.items():  # what --to and --from take
        option = "--to" if direction == "export" else "--from"
        click.echo(f"{direction} formats ({direction} {option} NAME):"
                   + ("" if found else " none"))
        width = max((len(name) for name in found), default=0)
        for name, fmt in sorted(found.items()):
            click.echo(f"  {name:<{max(width, 12)}} {fmt.title}  [{fmt.plugin}]")
    correspondences = sorted(plugins.correspondences().items())
    if correspondences:
        click.echo("correspondences (migrate --from FROM --to TO):")
        for _, c in correspondences:
            click.echo(f"  {c.from_preset} -> {c.to_preset}  {c.title}  [{c.plugin}]")
    for replacement in plugins.replacements:
        click.echo(f"replaced: {replacement}")
    _state().report_plugin_failures()


@cli.command("presets")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handles_errors
def presets_cmd(as_json: bool) -> None:
    """List the presets plugins provide, with what each contains.

    \b
    Example:
      nosframe presets
    """
    from nosframe.compose import compose
    from nosframe.io import load_document

    state = _state()
    rows = []
    for preset in sorted(state.plugins.presets().values(), key=lambda p: p.id):
        row = {"id": preset.id, "title": preset.title, "plugin": preset.plugin,
               "version": preset.version, "description": preset.description}
        try:
            composed = compose(load_document(preset.path), state.plugins)
            fw = composed.framework
            row["extends"] = list(load_document(preset.path).framework.framework.extends)
            row["counts"] = {attr: len(getattr(fw, attr)) for attr in
                             ("levels", "values", "behaviours", "standards", "roles",
                              "mappings")}
        except NosframeError as exc:
            row["error"] = str(exc)
        rows.append(row)
    if as_json:
        click.echo(json.dumps({"presets": rows}, indent=2))
    else:
        if not rows:
            click.echo("no presets installed (install a sector plugin, see README)")
        for row in rows:
            counts = row.get("counts")
            summary = (", ".join(f"{n} {k}" for k, n in counts.items() if n) if counts
                       else click.style(row.get("error", ""), fg="red"))
            click.echo(f"{click.style(row['id'], bold=True)}  {row['title']}  "
                       f"[{row['plugin']} {row['version']}]  {summary}")
    state.report_plugin_failures()


# -- new ---------------------------------------------------------------------------------------


@cli.command("new")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--preset", "presets", multiple=True, metavar="ID",
              help="Preset to extend (repeatable); see `nosframe presets`.")
@click.option("--org", required=True, help="The organisation's name.")
@click.option("--title", help="Framework title (default: '<org> Professional Development "
                              "Framework').")
@handles_errors
def new_cmd(path: str, presets: tuple[str, ...], org: str, title: str | None) -> None:
    """Write a starter framework that extends presets. Refuses to overwrite a file; warns
    (still writing it) when the presets together do not pass `nosframe check`.

    \b
    Example:
      nosframe new northshire.toml --preset policing --org "Northshire Police"
    """
    from nosframe.editing import Session
    from nosframe.model import Severity

    target = Path(path)
    state = _state()
    # composed first, so an unknown preset is reported before anything is written
    session = Session.new(target, state.plugins, presets=presets, org=org, title=title)
    # what `check` fails on: the new file's own errors (presets that conflict in it)
    errors = [f for f in session.findings() if f.severity is Severity.ERROR and f.open]
    session.save()
    click.echo(f"wrote {target}")
    if not errors:
        click.echo(f"next: nosframe check {target}   or   nosframe edit {target}", err=True)
        return
    # The starter is still written (it is what was asked for, and new never overwrites), but a
    # file that fails `check` must not look like a good start.
    _warn_starter_errors(target, presets, errors)


#: At most this many of a new starter's errors are printed; `nosframe check` lists them all.
_NEW_ERRORS_SHOWN = 5


def _warn_starter_errors(target: Path, presets: tuple[str, ...], errors: list) -> None:
    count = f"{len(errors)} error{'s' if len(errors) != 1 else ''}"
    click.secho(f"warning: {target} does not pass `nosframe check`: {count}"
                + (" from its presets" if presets else ""), fg="yellow", err=True)
    for finding in errors[:_NEW_ERRORS_SHOWN]:
        click.echo("  " + str(finding).replace("\n", "\n  "), err=True)
    if len(errors) > _NEW_ERRORS_SHOWN:
        click.echo(f"  ... and {len(errors) - _NEW_ERRORS_SHOWN} more", err=True)
    if len(presets) > 1:
        options = " or ".join(f"--preset {p}" for p in presets)
        hint = (f"presets {', '.join(presets)} do not combine cleanly: settle each conflict in "
                f"{target} as its hint says (your own element and a replace override of it, "
                f"docs/format.md), or start from one of them ({options})")
    elif presets:
        hint = (f"the preset {presets[0]!r} itself has errors: report them to its plugin, "
                f"or resolve them with [[overrides]] in {target}")
    else:
        hint = f"fix them in {target}"
    click.echo(f"  hint: {hint}; then run `nosframe check {target}`", err=True)


# -- check, show -------------------------------------------------------------------------------


def _load(path: str):
    from nosframe.compose import load

    return load(path, _state().plugins)


@cli.command("check")
@click.argument("path", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Date to compare review dates against (default: today).")
@click.option("--min-severity", type=click.Choice(["error", "warning", "info"]),
              default="info", show_default=True, help="Hide findings below this severity.")
@click.option("-v", "--verbose", is_flag=True,
              help="Print the time each check and each plugin took (on stderr).")
@click.option("--inherited", "--all", "show_all", is_flag=True,
              help="Also list the findings only in what the file inherits (presets, files it "
                   "extends, libraries) and the ones it acknowledges, marked.")
@handles_errors
def check_cmd(path: str, fmt: str, today: dt.datetime | None, min_severity: str,
              verbose: bool, show_all: bool) -> None:
    """Check a framework. Exit 0 clean (warnings allowed), 1 errors of the file's own, 2
    unusable input.

    Lists the file's own findings: those about what it defines or overrides. What it only
    inherits, and what it acknowledges ([[acknowledged]]), is summarised in one line each
    (--inherited lists them too); the exit code counts the file's own errors. JSON lists every
    finding with its "origin" ("own" or "inherited") and "acknowledged".

    \b
    Example:
      nosframe check frameworks/northshire-police.toml --format json
    """
    from nosframe.checks import run_checks_timed, summary
    from nosframe.checks.attribution import count, counted
    from nosframe.model import Severity

    state = _state()
    try:
        composed = _load(path)
    except NosframeError as exc:
        if fmt == "json":  # a script reading stdout gets JSON, whatever happened
            where = exc.location
            click.echo(json.dumps({"error": {
                "message": exc.message, "file": where.file or path, "line": where.line,
                "path": where.path or None, "hint": exc.hint or None}, "findings": []},
                indent=2))
        raise
    run = run_checks_timed(composed, state.plugins, today=today.date() if today else None)
    findings = list(run.findings)
    _report_timings(run, verbose)
    rank = Severity(min_severity).rank
    groups = count(findings)
    own = groups["own"]
    if fmt == "json":
        shown = [f for f in findings if f.severity.rank <= rank]
        click.echo(json.dumps({"findings": [f.to_json() for f in shown],
                               "summary": own, "all": summary(findings),
                               "by_origin": groups},
                              indent=2))
    else:
        shown = [f for f in findings if f.severity.rank <= rank and (show_all or f.open)]
        colours = {"error": "red", "warning": "yellow", "info": "blue"}
        for f in shown:
            mark = "" if f.open else " (acknowledged)" if f.acknowledged else " (inherited)"
            click.echo(f"{f.location}: " + click.style(f"{f.severity.value} {f.code}",
                                                       fg=colours[f.severity.value])
                       + click.style(mark, dim=True) + f": {f.message}")
            if f.hint:
                click.echo(f"  hint: {f.hint}")
            if f.acknowledged:
                click.echo("  acknowledged: " + _acknowledgement_text(f.acknowledged))
    summary_lines = [", ".join((plural(own["error"], "error"), plural(own["warning"], "warning"),
                                plural(own["info"], "info", "info")))]
    where = "marked above" if show_all and fmt == "text" else "--inherited shows them"
    if groups["inherited"]["total"]:
        summary_lines.append(f"+ {counted(groups['inherited'])} in what it inherits ({where})")
    if groups["acknowledged"]["total"]:
        summary_lines.append(f"{groups['acknowledged']['total']} acknowledged ({where})")
    for line in summary_lines:
        click.echo(line, err=fmt == "json")
    state.report_plugin_failures()
    sys.exit(EXIT_FINDINGS if own["error"] else EXIT_OK)


def _acknowledgement_text(ack) -> str:
    """``reason (by Jo Bloggs, 2026-12-03)``."""
    credit = ", ".join(part for part in (f"by {ack.by}" if ack.by else "",
                                         ack.date.isoformat() if ack.date else "") if part)
    return ack.reason + (f" ({credit})" if credit else "")


def _report_timings(run, verbose: bool) -> None:
    """Slow checks always, on stderr; with --verbose, every check's time and each plugin's."""
    from nosframe.checks import SLOW_CHECK_SECONDS

    if verbose:
        per_plugin: dict[str, list[float]] = {}
        for t in run.timings:
            click.echo(f"check {t.check} (plugin {t.plugin}): {t.seconds:.3f} s, "
                       f"{t.findings} finding{'s' if t.findings != 1 else ''}", err=True)
            per_plugin.setdefault(t.plugin, []).append(t.seconds)
        for plugin, times in per_plugin.items():
            click.echo(f"plugin {plugin}: {sum(times):.3f} s in {len(times)} "
                       f"check{'s' if len(times) != 1 else ''}", err=True)
    for t in run.slow():
        click.secho(f"warning: check {t.check!r} from plugin {t.plugin!r} took "
                    f"{t.seconds:.1f} s (slow: over {SLOW_CHECK_SECONDS:g} s; the editor runs "
                    f"checks after every edit) (hint: `nosframe check --verbose` times every "
                    f"check; report it to the plugin's authors)", fg="yellow", err=True)


@cli.command("show")
@click.argument("path", type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handles_errors
def show_cmd(path: str, as_json: bool) -> None:
    """Show the composed framework: counts, and each element with its provenance.

    \b
    Example:
      nosframe show frameworks/northshire-police.toml --json
    """
    from nosframe.model import ELEMENT_KINDS

    composed = _load(path)
    fw = composed.framework
    info = fw.framework
    layers = [str(layer.origin) for layer in composed.layers]
    sections = []
    for kind, attr in ELEMENT_KINDS:
        items = []
        for element in getattr(fw, attr):
            prov = composed.provenance_of(kind, element.key)
            label = getattr(element, "title", "") or getattr(element, "name", "")
            item = {"key": element.key, "label": label,
                    "provenance": prov.to_json() if prov else None}
            if kind == "standard":  # its code as published ("SFJ GD9"); the key is normalised
                item["code"] = element.code
            origin = getattr(element, "text_origin", None)
            if origin is not None:
                item["text"] = {"origin": origin.value, "licence": element.licence or None}
            items.append(item)
        sections.append((attr, items))
    if as_json:
        click.echo(json.dumps({
            "framework": {"id": info.id, "title": info.title, "organisation": info.organisation,
                          "version": info.version, "status": info.status.value},
            "layers": layers,
            "counts": {attr: len(items) for attr, items in sections},
            "elements": {attr: items for attr, items in sections},
        }, indent=2))
        return
    click.secho(f"{info.title or info.id}", bold=True)
    click.echo(f"organisation: {info.organisation}  version: {info.version}  "
               f"status: {info.status.value}")
    # cut to a terminal's width; into a pipe or a file (no COLUMNS said), whole lines
    piped = "COLUMNS" not in os.environ and not sys.stdout.isatty()
    width = 100_000 if piped else shutil.get_terminal_size((100, 24)).columns
    lines = ["layers: " + " <- ".join(reversed(layers)),
             "counts: " + ", ".join(f"{len(items)} {attr}" for attr, items in sections)]
    for name, table in info.extensions.items():  # other formats' data, kept for their export
        held = [f"{len(v)} {k}" for k, v in (table.items() if isinstance(table, dict) else ())
                if isinstance(v, list) and v]
        lines.append(f"kept for {name} export: " + (", ".join(held) or "document data")
                     + f" ([framework.extensions.{name}])")
    for text in lines:
        click.echo(textwrap.fill(text, width=max(width, 40), subsequent_indent="  ",
                                 break_long_words=False, break_on_hyphens=False))
    for attr, items in sections:
        if not items:
            continue
        click.echo("")
        click.secho(attr, bold=True)
        rows = []
        for item in items:
            prov = composed.provenance_of(attr_kind(attr), item["key"])
            where = str(prov.origin) if prov else "?"
            line = prov.location.line if prov else None
            if prov and prov.origin.kind == "file" and line:
                where = f"{Path(prov.origin.name).name}:{line}"
            mark = " [overridden]" if prov and prov.overridden else ""
            if item.get("text", {}).get("origin") not in (None, "none"):
                mark += f" [text: {item['text']['origin']}]"
            rows.append((item.get("code", item["key"]), item["label"], where, mark))
        for line in _columns(rows, width):
            click.echo(line)
    _state().report_plugin_failures()


def fit(text: str, width: int) -> str:
    """``text`` in at most ``width`` characters: cut at a word, with an ellipsis when cut (the
    editor's cut, :func:`nosframe.editing.present.cut`)."""
    from nosframe.editing.present import cut

    return cut(text, width)


def _columns(rows: list[tuple[str, str, str, str]], width: int) -> list[str]:
    """Rows of (key, label, where, marks) in aligned columns fitting ``width`` (the
    terminal's): what does not fit is cut at a word, with …; the label keeps at least 3/5 of
    what the key leaves; the origin is cut before its marks ([overridden])."""
    key_width = min(max(len(key) for key, *_ in rows), max(width // 4, 12))
    avail = max(width - key_width - 6, 20)  # two spaces before, two between the columns
    widest_label = max(len(label) for _, label, *_ in rows)
    widest_where = max(len(where) + len(mark) for _, _, where, mark in rows)
    label_width = min(widest_label, max(avail - widest_where, avail * 3 // 5))
    where_width = avail - label_width

    def place(where: str, mark: str) -> str:  # the origin cut before the marks are
        if len(where) + len(mark) <= where_width or where_width - len(mark) < 8:
            return fit(where + mark, where_width)
        return fit(where, where_width - len(mark)) + mark

    return [f"  {fit(key, key_width):<{key_width}}  {fit(label, label_width):<{label_width}}"
            f"  {place(where, mark)}".rstrip() for key, label, where, mark in rows]


def attr_kind(attr: str) -> str:
    from nosframe.compose.composer import ATTR_KIND

    return ATTR_KIND[attr]


# -- export, import ----------------------------------------------------------------------------


@cli.command("export", cls=ExportCommand)
@click.argument("path", type=click.Path())
@click.option("--to", "fmt", required=True, metavar="FORMAT",
              help="Exporter name; see `nosframe plugins`.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="Output file, or - for stdout (never overwritten without --force).")
@click.option("--force", is_flag=True,
              help="Overwrite OUTPUT if it exists (never the framework or a file it extends).")
@click.option("--role", metavar="ID", help="The role a document is about (job-description, "
              "training-plan).")
@click.option("--from-role", metavar="ID",
              help="training-plan: the role the person holds now (the plan covers the gap).")
@click.option("--as", "form", metavar="FORM",
              help="The form of a document (html, md, docx); default: from OUTPUT's suffix.")
@click.option("--base-url", metavar="URL",
              help="case: the base of the uris (URL/ims/case/v1p1/CFItems/ID; default "
                   "$NOSFRAME_CASE_BASE_URL, else urn:uuid:ID).")
@handles_errors
def export_cmd(path: str, fmt: str, output: str, force: bool, role: str | None,
               from_role: str | None, form: str | None, base_url: str | None) -> None:
    """Export the composed framework through an exporter plugin.

    What the format cannot carry is listed on stderr. An existing OUTPUT is overwritten only
    with --force, and never when it is the framework itself or a file it extends. Documents
    (job-description, training-plan) are about one role (--role) and come as html, md or docx
    (--as, or the suffix of OUTPUT).

    \b
    Examples:
      nosframe export frameworks/northshire-police.toml --to markdown -o northshire.md
      nosframe export frameworks/northshire-police.toml --to case -o northshire.json \\
          --base-url https://case.example.org
      nosframe export frameworks/northshire-police.toml --to job-description \\
          --role police-constable -o jd.docx
      nosframe export frameworks/northshire-police.toml --to training-plan \\
          --role neighbourhood-sergeant --from-role police-constable -o plan.html
    """

    state = _state()
    exporters = state.plugins.exporters()
    if fmt not in exporters:
        fail(f"unknown export format {fmt!r} (hint: available: {', '.join(sorted(exporters))})")
    options = _export_options(exporters[fmt], output, role=role, from_role=from_role,
                              form=form, base_url=base_url)
    hint = "write the export to another file (-o FILE, or -o - for stdout)"
    if output != "-":  # before composing: the cheap refusals first
        refuse_writing_over(Path(output), framework_inputs(
            Path(path), what="the framework being exported"), force, hint=hint)
    composed = _load(path)
    if output != "-":
        refuse_writing_over(Path(output), framework_inputs(
            Path(path), composed, what="the framework being exported"), force, hint=hint)
    from nosframe.checks import run_checks

    # the licence check, repeated here; composition problems come with it and are no licence
    # matter, so they are told apart
    for finding in run_checks(composed, state.plugins, select=["licences"]):
        label = "licence warning" if finding.check == "licences" else \
            f"warning: {path} does not compose cleanly (see `nosframe check`)"
        click.secho(f"{label}: {finding}", fg="yellow", err=True)
    try:
        result = exporters[fmt].write(composed, **options)
    except NosframeError:
        raise
    except Exception as exc:
        fail(f"exporter {fmt!r} (plugin {exporters[fmt].plugin!r}) failed: "
             f"{type(exc).__name__}: {exc}")
    write_output(output, result.content, f"the {fmt} export")
    for loss in result.losses:
        click.secho(f"not exported: {loss}", fg="yellow", err=True)
    state.report_plugin_failures()


@cli.command("import", cls=ImportCommand)
@click.argument("file", type=click.Path())
@click.option("--from", "fmt", default=None, metavar="FORMAT",
              help="Importer name; see `nosframe plugins`. Without it, the one importer that "
                   "reads FILE's suffix (.xlsx, .csv); a .json file needs it (json or case).")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Framework TOML file to write (never overwritten without --force).")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
@click.option("--into", type=click.Path(dir_okay=False), metavar="FRAMEWORK",
              help="Update this existing framework instead: preview every change, apply it "
                   "when confirmed (inherited elements become overrides, as in the editor).")
@click.option("--yes", "-y", is_flag=True,
              help="With --into: apply without asking (for scripts). Without it and without "
                   "a terminal: preview only, exit 1, nothing written.")
@click.option("--remove-most", is_flag=True,
              help="With --into --yes: apply even when the changes remove most of the "
                   "framework (refused without it).")
@handles_errors
def import_cmd(file: str, fmt: str, output: str | None, force: bool, into: str | None,
               yes: bool, remove_most: bool) -> None:
    """Import a file into a new framework TOML file (-o), or update an existing one from it
    (--into), through an importer plugin.

    \b
    Example:
      nosframe import northshire.json --from json -o northshire-copy.toml
      nosframe export my-force.toml --to xlsx -o my-force.xlsx   # edit it in Excel, then
      nosframe import my-force.xlsx --from xlsx --into my-force.toml
    """
    from nosframe.io.limits import require_regular_file

    state = _state()
    importers = state.plugins.importers()
    if fmt is None:
        suffix = Path(file).suffix.lower()
        readers = sorted(name for name, imp in importers.items() if suffix in imp.suffixes)
        if len(readers) != 1:
            fail(f"{file}: give --from FORMAT"
                 + (f" ({' or '.join(readers)} read {suffix} files)" if readers else
                    f" (no importer says it reads {suffix or 'files without a suffix'})")
                 + f" (hint: available: {', '.join(sorted(importers))})")
        fmt = readers[0]
    if fmt not in importers:
        fail(f"unknown import format {fmt!r} (hint: available: {', '.join(sorted(importers))})")
    # a regular file only: a FIFO or a device would hang the importer's read
    require_regular_file(file, what="a file to import",
                         hint=f"check the path of the file to import; --from {fmt} reads "
                              f"{importers[fmt].title}")
    if (output is None) == (into is None):
        fail("give -o OUTPUT (a new framework) or --into FRAMEWORK (update one), not "
             + ("both" if output else "neither"))
    if into is not None:
        require_regular_file(into, what="a framework file", hint="--into updates an existing "
                             f"framework; write a new one with -o {into}")
    out = Path(output or into)
    if output is not None:
        refuse_writing_over(out, [(Path(file), "the file being imported")], force,
                            hint="write the framework to another file (-o)")
    try:
        result = importers[fmt].read(Path(file))
    except NosframeError:
        raise
    except Exception as exc:
        fail(f"importer {fmt!r} (plugin {importers[fmt].plugin!r}) failed: "
             f"{type(exc).__name__}: {exc}")
    for finding in result.findings:
        click.echo(str(finding), err=True)
    _refuse_unloadable_import(result.framework, file, fmt, out)
    if into is not None:
        from nosframe.cli.interchange import update_into

        update_into(state, result, file, fmt, into, yes, remove_most=remove_most)
        state.report_plugin_failures()
        return
    if result.extends:
        from nosframe.cli.interchange import new_extending

        new_extending(state, result, file, out)
    else:
        from nosframe.cli.interchange import new_plain

        new_plain(state, result, file, out)
    state.report_plugin_failures()


#: the form of a document an output file's suffix says
FORM_OF_SUFFIX = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md",
                  ".docx": "docx"}


def _export_options(exporter, output: str, **given: str | None) -> dict[str, str]:
    """The options ``exporter.write`` is given: those it takes (``Exporter.options``), and a
    form (``--as``, else the suffix of OUTPUT, else its first) when it writes several."""
    from nosframe.registry import EXPORT_OPTIONS

    form = given.pop("form")
    options = {}
    for name, value in given.items():
        if value is None:
            continue
        if name not in exporter.options:
            takers = ("--to case" if name == "base_url" else
                      "documents about a role: --to job-description, --to training-plan")
            fail(f"--to {exporter.name} takes no {EXPORT_OPTIONS[name]} (hint: it is for "
                 f"{takers})")
        options[name] = value
    if not exporter.forms:
        if form is not None:
            fail(f"--to {exporter.name} writes one form only; --as is for documents "
                 "(--to job-description, --to training-plan)")
        return options
    suffix = Path(output).suffix.lower() if output != "-" else ""
    if form is None and suffix:
        form = FORM_OF_SUFFIX.get(suffix)
        if form is None:
            fail(f"cannot tell which form of --to {exporter.name} to write from {output!r} "
                 f"(hint: add --as {'|'.join(exporter.forms)}, or end OUTPUT in "
                 + ", ".join(s for s, f in FORM_OF_SUFFIX.items() if f in exporter.forms)
                 + ")")
    form = form or exporter.forms[0]
    if form not in exporter.forms:
        fail(f"--to {exporter.name} has no form {form!r} (hint: --as "
             f"{'|'.join(exporter.forms)})")
    options["form"] = form
    return options


def refuse_writing_over(out: Path, inputs: "list[tuple[Path, str]]", force: bool, *,
                        hint: str) -> None:
    """Writing OUT is refused when it is one of the command's ``inputs`` ((path, what it is):
    the framework, a file it extends, a person's record), even with --force, and when it
    exists without --force. Nothing is read or written before."""
    from nosframe.io import FormatError, Location

    def same(a: Path, b: Path) -> bool:
        try:
            return os.path.samefile(a, b)
        except OSError:
            return False

    if not out.exists():
        return
    where = Location(file=str(out))
    for source, what in inputs:
        if same(out, source):
            raise FormatError(f"is {what}: writing there would replace it", location=where,
                              hint=hint)
    if not force:
        raise FormatError("already exists", location=where,
                          hint="use --force to overwrite it, or write to another file")


def framework_inputs(root: Path, composed=None, *, what: str = "the framework being read"
                     ) -> "list[tuple[Path, str]]":
    """The framework file and, once composed, every file it extends, as
    :func:`refuse_writing_over` takes them."""
    inputs = [(root, what)]
    if composed is not None:
        inputs += [(Path(layer.origin.name), f"a file {root} extends")
                   for layer in composed.layers if layer.origin.kind == "file"]
    return inputs


def _refuse_unloadable_import(framework, file: str, fmt: str, out: Path) -> None:
    """What an importer made is written only if it loads back (two roles with one id, a value
    no TOML can hold): otherwise nothing is written and the problem is named."""
    import re

    from nosframe.io import FormatError, Location, LoadError, dumps, loads

    try:
        loads(dumps(framework), out)
    except LoadError as exc:
        message = re.sub(r" \(first defined at line \d+\)", "", exc.message)
        where = exc.location.path
        raise FormatError(
            f"the framework imported with --from {fmt} would not load: {message}"
            + (f" (at {where} of the imported framework)" if where else ""),
            location=Location(file=file),
            hint=f"nothing was written to {out}; fix the input file"
                 + (f" ({exc.hint})" if exc.hint else "")) from None
    except Exception as exc:  # a value no TOML can hold, from a plugin's importer
        raise FormatError(
            f"the framework imported with --from {fmt} cannot be written as TOML: "
            f"{type(exc).__name__}: {exc}", location=Location(file=file),
            hint=f"nothing was written to {out}; report it to the importer's authors") from None


# -- fmt ---------------------------------------------------------------------------------------


@cli.command("fmt")
@click.argument("path", type=click.Path())
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; exit 1 when PATH is not in canonical form.")
@handles_errors
def fmt_cmd(path: str, check_only: bool) -> None:
    """Write a framework file in canonical form: the same model always gives the same text.

    Saving (`nosframe edit`, the API) keeps a file's own layout and comments and changes only
    what was edited; fmt is for those who want the canonical form instead. It drops comments
    and hand formatting.

    \b
    Example:
      nosframe fmt my-force.toml --check   # exit 1 when it is not canonical
    """
    from nosframe.io import atomic_write, dumps, load_document, loads

    target = Path(path)
    document = load_document(target)
    text = dumps(document.framework)
    if loads(text, target).framework != document.framework:  # never write a wrong file
        fail(f"{target}: its canonical form would not load back the same; nothing written")
    if target.read_bytes() == text.encode("utf-8"):
        click.echo(f"{target}: already in canonical form", err=True)
        return
    from nosframe.io.comments import comment_lines

    comments = comment_lines(document.text)
    dropped = ""
    if comments:
        shown = ", ".join(map(str, comments[:8])) + (", ..." if len(comments) > 8 else "")
        dropped = (f"{len(comments)} comment{'s' if len(comments) != 1 else ''} "
                   f"(line{'s' if len(comments) != 1 else ''} {shown})")
    if check_only:
        old, new = document.text.splitlines(), text.splitlines()
        import difflib

        changed = sum(1 for line in difflib.unified_diff(old, new, lineterm="", n=0)
                      if line[:1] in "+-" and not line.startswith(("+++", "---")))
        click.secho(f"{target}: not in canonical form ({changed} lines differ; "
                    f"`nosframe fmt {path}` writes it"
                    + (f" and drops its {dropped}" if dropped else "") + ")",
                    fg="yellow", err=True)
        sys.exit(EXIT_FINDINGS)
    atomic_write(target, text)
    click.echo(f"wrote {target} in canonical form", err=True)
    if dropped:
        click.secho(f"note: dropped its {dropped}; saving from `nosframe edit` or the API "
                    "keeps comments (git shows the old text)", fg="yellow", err=True)


from nosframe.cli.plugin import plugin  # noqa: E402

cli.add_command(plugin)

from nosframe.cli.library import library  # noqa: E402

cli.add_command(library)

from nosframe.cli.evidence import evidence, needs  # noqa: E402

cli.add_command(evidence)
cli.add_command(needs)

from nosframe.cli.edit import edit, person_command  # noqa: E402

cli.add_command(edit)
cli.add_command(person_command)

from nosframe.cli.people import COMMANDS as _PEOPLE  # noqa: E402

for _command in _PEOPLE:
    cli.add_command(_command)

from nosframe.cli.interchange import template  # noqa: E402

cli.add_command(template)

from nosframe.cli.suggest import suggest  # noqa: E402

cli.add_command(suggest)

from nosframe.cli.compare import COMMANDS as _ACROSS  # noqa: E402

for _command in _ACROSS:
    cli.add_command(_command)

from nosframe.cli.vcs import COMMANDS as _VCS  # noqa: E402

for _command in _VCS:
    cli.add_command(_command)

from nosframe.cli.migrate import migrate  # noqa: E402

cli.add_command(migrate)


def main() -> None:
    cli(prog_name="nosframe")


__all__ = ["cli", "main"]
