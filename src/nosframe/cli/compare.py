"""Across organisations: ``nosframe compare A B`` (roles matched by the NOS they share, values
and behaviours aligned) and ``nosframe where-used CODE DIR`` (every framework and role in a
folder using a standard or a behaviour, and through which preset).

The CLI only presents: :mod:`nosframe.analysis.compare` and :mod:`nosframe.analysis.usage`
decide; documents come from the templates in ``nosframe/formats/templates``.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from nosframe.cli import _load, _state, framework_inputs, handles_errors, refuse_writing_over
from nosframe.io import FormatError, Location

_FORMS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}


def _print_json(data) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _pct(value: float) -> str:
    return f"{round(100 * value):3d}%"


@click.command("compare")
@click.argument("a", type=click.Path())
@click.argument("b", type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
@click.option("-o", "--output", "out", type=click.Path(), default=None,
              help="Write the comparison as a document (.md or .html).")
@click.option("--force", is_flag=True, help="Replace an existing -o.")
@click.option("--correspondence", "correspondences", multiple=True, type=click.Path(),
              metavar="FILE",
              help="A correspondence of values and behaviours to use ([[correspond]] rows: "
                   "from, to, note), besides those installed plugins register between the "
                   "presets the two frameworks extend (repeatable).")
@click.option("--all", "show_all", is_flag=True, help="List every pair of roles, not only "
                                                      "each role's best match.")
@click.option("--tui", is_flag=True, help="Browse the pairs in the terminal.")
@handles_errors
def compare_command(a: str, b: str, as_json: bool, out: str | None, force: bool,
                    correspondences: tuple[str, ...], show_all: bool, tui: bool) -> None:
    """Compare two frameworks: match their roles by the National Occupational Standards both
    require (each standard counts once), score each pair's transferability with what
    each side requires that the other does not, and align values and behaviours (same preset,
    declared correspondence, common mapped criteria; matching names only weakly). The score
    is explained in docs/compare.md.

    \b
    Example:
      nosframe compare frameworks/westvale-probation.toml \\
          frameworks/eastmoor-justice-partnership.toml -o compare.html
    """
    from nosframe.analysis.compare import compare, comparison_data, read_correspondences

    form = None
    if out is not None:
        form = _FORMS.get(Path(out).suffix.lower())
        if form is None:
            raise FormatError(f"cannot tell the form of {Path(out).name} from its suffix",
                              location=Location(file=out), hint="end -o with .md or .html")
        refuse_writing_over(Path(out), framework_inputs(Path(a)) + framework_inputs(Path(b)),
                            force, hint="write the comparison to another file (-o)")
    if tui and (as_json or out):
        raise FormatError("--tui shows the comparison in the terminal: it takes no --json or -o",
                          hint="run it once with --tui, and again with --json or -o")
    declared = [row for path in correspondences for row in read_correspondences(path)]
    composed_a, composed_b = _load(a), _load(b)
    declared += _installed_correspondences(composed_a, composed_b)
    found = compare(composed_a, composed_b, declared)
    if out is not None:
        from nosframe.formats.documents import comparison_context, render
        from nosframe.io import atomic_write

        refuse_writing_over(Path(out), framework_inputs(Path(a), composed_a)
                            + framework_inputs(Path(b), composed_b), force,
                            hint="write the comparison to another file (-o)")

        atomic_write(Path(out), render("comparison", form,
                                       comparison_context(composed_a, composed_b, found)))
        click.echo(f"wrote {out}", err=True)
    if as_json:
        _print_json(comparison_data(found))
    if out is not None or as_json:
        return
    if tui:
        from nosframe.cli.edit import compare_tui  # only cli.edit starts Textual

        compare_tui(found)
        return
    _print_text(found, show_all)


def _presets(composed) -> set[str]:
    return {layer.origin.name for layer in composed.layers if layer.origin.kind == "preset"}


def _installed_correspondences(composed_a, composed_b) -> list:
    """The rows of correspondences plugins register (``nosframe_correspondences``) between a
    preset one framework extends and a preset the other extends (CVF 2016 and 2024)."""
    from nosframe.analysis.compare import rows_of

    registered = getattr(_state().plugins, "correspondences", None)
    if registered is None:
        return []
    pa, pb = _presets(composed_a), _presets(composed_b)
    return [row for c in registered().values()
            if (c.from_preset in pa and c.to_preset in pb)
            or (c.from_preset in pb and c.to_preset in pa)
            for row in rows_of(c)]


def _print_text(found, show_all: bool) -> None:
    click.secho(f"A: {found.a_title}\nB: {found.b_title}", bold=True)
    click.echo(f"{len(found.shared_standards)} standards in both frameworks; score = the "
               "standards both roles require / the standards either requires, each counted "
               "once (A->B: of what B's role requires, the share A's role already meets)")
    pairs = found.pairs if show_all else found.best_pairs()
    click.secho("\nscore  A->B  B->A  role of A -> role of B", bold=True)
    for p in pairs:
        click.echo(f"{_pct(p.score)}  {_pct(p.a_to_b)}  {_pct(p.b_to_a)}  "
                   f"{p.a_title} ({p.a}) -> {p.b_title} ({p.b})")
        if not show_all:
            shared = ", ".join(s.code for s in p.shared) or "none"
            click.echo(f"        both: {shared}")
            click.echo("        only A: " + (", ".join(
                r.code + (" (optional in B)" if r.optional_in_other else "")
                for r in p.only_a) or "nothing"))
            click.echo("        only B: " + (", ".join(
                r.code + (" (optional in A)" if r.optional_in_other else "")
                for r in p.only_b) or "nothing"))
    click.secho("\nvalues and behaviours", bold=True)
    if not found.alignments:
        click.echo("  nothing aligns (no shared preset, correspondence, common mapped criteria "
                   "or matching names)")
    for al in found.alignments:
        click.echo(f"  {al.kind} {al.a_name or al.a} ~ {al.b_name or al.b}  "
                   f"[{al.strength}: {', '.join(al.bases)}]  {al.note}")
    for label, items in (("only in A", found.unaligned_a), ("only in B", found.unaligned_b)):
        if items:
            click.echo(f"  {label}: " + ", ".join(f"{k} {x}" for k, x in items))


@click.command("where-used")
@click.argument("args", nargs=-1, metavar="[CODE] DIR")
@click.option("--behaviour", "behaviour", default=None, metavar="ID",
              help="Look for a behaviour id instead of a standard's code.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handles_errors
def where_used_command(args: tuple[str, ...], behaviour: str | None, as_json: bool) -> None:
    """Every framework (*.toml under DIR, recursively) and role that uses a standard, or a
    behaviour (--behaviour ID), and through which preset: the organisation's own file or one
    it inherits from. Files that do not load are reported and skipped.

    \b
    Example:
      nosframe where-used "SFJ AA1" frameworks/
      nosframe where-used --behaviour keeping-people-safe frameworks/ --json
    """
    from nosframe.analysis.usage import framework_files, usage_data, usage_in
    from nosframe.compose import load
    from nosframe.model import normalise_code

    usage = 'where-used CODE DIR, or where-used --behaviour ID DIR'
    if behaviour is not None:
        if len(args) != 1:
            raise FormatError(f"--behaviour takes the place of CODE: give one folder "
                              f"(got {len(args)} argument{'s' if len(args) != 1 else ''})",
                              hint=usage)
        kind, key, folder = "behaviour", behaviour, args[0]
    else:
        if len(args) != 2:
            raise FormatError(f"give a standard's code and a folder (got {len(args)} "
                              f"argument{'s' if len(args) != 1 else ''})", hint=usage)
        kind, (key, folder) = "standard", args
    if not key.strip():
        raise FormatError(f"the {'behaviour id' if kind == 'behaviour' else 'code'} is empty",
                          hint=usage)
    directory = Path(folder)
    if not directory.is_dir():
        raise FormatError("is not a folder" if directory.exists() else "no such folder",
                          location=Location(file=folder),
                          hint="give a folder of framework files (searched recursively)")
    plugins = _state().plugins
    files = framework_files(directory)
    report = usage_in(files, kind, key, lambda path: load(path, plugins))
    for skipped in report.skipped:
        click.secho(f"warning: skipped {skipped.path}: {skipped.error}", fg="yellow",
                    err=True)
    if as_json:
        _print_json(usage_data(report))
        return
    what = f"behaviour {key}" if kind == "behaviour" else f"standard {normalise_code(key)}"
    if not report.frameworks:
        click.echo(f"no framework under {folder} uses {what} ({len(report.unused)} "
                   f"framework{'s' if len(report.unused) != 1 else ''} searched"
                   + (f", {len(report.skipped)} skipped" if report.skipped else "") + ")")
        return
    for f in report.frameworks:
        click.secho(f"{f.path}: {f.title}" + (f"  [{what} from {f.defined_in}]"
                                             if f.defined_in else ""), bold=True)
        for u in f.uses:
            name = f"{u.kind} {u.key}" + (f" ({u.title})" if u.title and u.title != u.key
                                          else "")
            click.echo(f"  {name}: {u.text}  [{'own file' if u.via == 'own' else u.via}]"
                       + (f"  {u.detail}" if u.detail else ""))
    click.echo(f"{len(report.frameworks)} of {len(report.frameworks) + len(report.unused)} "
               f"frameworks use {what}" + (f"; {len(report.skipped)} file(s) skipped"
                                          if report.skipped else ""), err=True)


COMMANDS = (compare_command, where_used_command)
