"""``nosframe suggest``: standards for a role or a job description, criteria for behaviours,
ranked by BM25 with the words that matched (nosframe.analysis.suggest)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from nosframe.io import Location, NosframeError

#: a --text file is read up to this many bytes (a job description is a few kilobytes)
MAX_TEXT_BYTES = 1_000_000


class SuggestError(NosframeError):
    """A suggestion asked for that cannot be made: no such role, nothing to search for."""


@click.group("suggest")
def suggest() -> None:
    """Suggest standards for a role, and criteria that evidence behaviours and values.

    \b
    Example:
      nosframe suggest standards frameworks/northshire-police.toml --role police-constable
      nosframe suggest standards my-force.toml --text job-description.txt --json
      nosframe suggest mappings frameworks/northshire-police.toml --standard SFJAB1
    """


def _read_text(path: str) -> str:
    file = Path(path)
    try:
        with open(file, "rb") as handle:
            data = handle.read(MAX_TEXT_BYTES + 1)
    except OSError as exc:
        raise SuggestError(f"cannot read the text: {exc.strerror or exc}",
                           location=Location(file=str(file)),
                           hint="--text takes a plain text file holding a role's purpose or a "
                                "job description") from None
    if b"\0" in data[:4096]:
        raise SuggestError("this is not a text file", location=Location(file=str(file)),
                           hint="save the job description as plain text (.txt) and pass that")
    return data[:MAX_TEXT_BYTES].decode("utf-8", errors="replace")


@suggest.command("standards")
@click.argument("framework", type=click.Path())
@click.option("--role", "role_id", metavar="ROLE",
              help="Rank for this role: its title, purpose and responsibilities.")
@click.option("--text", "text_file", type=click.Path(dir_okay=False), metavar="FILE",
              help="Rank for the text of FILE (a pasted job description).")
@click.option("--limit", type=click.IntRange(1, 200), default=20, show_default=True,
              help="How many to list.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def standards_cmd(framework: str, role_id: str | None, text_file: str | None, limit: int,
                  as_json: bool) -> None:
    """Rank the installed standards for a role or a job description, with the words that
    matched.

    Every installed source takes part: the framework's standards, every preset's, and the
    national library when it is installed. The ranking is BM25 over code, title, overview,
    keywords, suites, occupations and SOC codes (docs/suggest.md), plus the standards that the
    framework's roles like this one take (with --role, or with a role's text: the roles that
    share its words, and those next to it in the progression graph).

    \b
    Example:
      nosframe suggest standards frameworks/northshire-police.toml --role police-constable
      nosframe suggest standards my-force.toml --text job.txt --limit 10 --json
    """
    from nosframe.cli import _state, handles_errors

    handles_errors(_standards)(framework, role_id, text_file, limit, as_json, _state())


def _standards(framework: str, role_id: str | None, text_file: str | None, limit: int,
               as_json: bool, state) -> None:
    from nosframe.analysis.suggest import (framework_roles, removed_standards, suggest_for_role,
                                           suggest_standards)
    from nosframe.compose import load
    from nosframe.editing.catalogue import Catalogue
    from nosframe.io import load_document

    if role_id is None and text_file is None:
        raise SuggestError("nothing to suggest for", location=Location(file=framework),
                           hint="pass --role ROLE (its purpose and responsibilities) or "
                                "--text FILE (a job description)")
    composed = load(framework, state.plugins)
    fw = composed.framework
    role = None
    if role_id is not None:
        from nosframe.analysis.roles import find_role

        role = find_role(fw, role_id, file=framework)
    text = None  # --role alone: the role's own words
    if text_file is not None:
        text = _read_text(text_file)
        if not text.strip():
            raise SuggestError("the text is empty: nothing to rank standards by",
                               location=Location(file=text_file),
                               hint="paste the role's purpose and responsibilities, or a job "
                                    "description, into the file")
    catalogue = Catalogue.build(composed, state.plugins)
    own = load_document(framework).framework
    if role is not None:
        result = suggest_for_role(role, fw, catalogue.entries, catalogue.libraries, own=own,
                                  text=text, limit=limit)
    else:
        result = suggest_standards(text or "", catalogue.entries, catalogue.libraries,
                                   limit=limit, roles=framework_roles(fw),
                                   exclude=removed_standards(own))
    notes = list(catalogue.failures) + list(result.notes)
    if not result.query.terms:
        notes.append("the text has no words to search for (only common words such as "
                     "'the' and 'and', or none)")
    if result.query.left_out:
        notes.append(f"{result.query.left_out} words of the text were left out (a query uses "
                     "its first 100 distinct words)")
    if as_json:
        click.echo(json.dumps({
            "framework": fw.framework.id, "role": role.id if role else None,
            "query": [result.query.written[t] for t in result.query.terms],
            "left_out": result.query.left_out, "considered": result.considered,
            "suggestions": [s.to_json() for s in result.suggestions], "notes": notes},
            indent=2, ensure_ascii=False))
    else:
        head = f"role {role.id}" if role and text_file is None else f"text of {text_file}"
        click.echo(f"Standards for {head}, best first ({result.considered} considered):")
        if not result.suggestions:
            click.echo("  none matched")
        for n, s in enumerate(result.suggestions, 1):
            mark = " (in role)" if s.in_role else ""
            click.echo(f"{n:>3}. {s.standard.code}  {s.standard.title}{mark}")
            reasons = s.reasons()
            words = [r for r in reasons if r.startswith("words: ")]
            click.echo("     " + " · ".join([f"score {s.score:.1f}", s.source, *words]))
            for reason in reasons:
                if reason not in words:
                    click.echo(f"     {reason}")
    for note in notes:
        click.secho(f"note: {note}", fg="yellow", err=True)


@suggest.command("mappings")
@click.argument("framework", type=click.Path())
@click.option("--standard", "code", metavar="CODE", required=True,
              help="The standard whose criteria to map.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def mappings_cmd(framework: str, code: str, as_json: bool) -> None:
    """Suggest which criteria of a standard evidence which behaviours and values, with the
    words each shares with the behaviour's or value's name, description and indicators.

    \b
    Example:
      nosframe suggest mappings frameworks/northshire-police.toml --standard SFJAB1
    """
    from nosframe.cli import _state, handles_errors

    handles_errors(_mappings)(framework, code, as_json, _state())


def _mappings(framework: str, code: str, as_json: bool, state) -> None:
    from nosframe.analysis.suggest import suggest_mappings
    from nosframe.compose import load

    from nosframe.model import normalise_code

    composed = load(framework, state.plugins)
    standard = next((s for s in composed.framework.standards
                     if s.key == normalise_code(code)), None)
    if standard is None:
        raise SuggestError(f"no standard {code!r} in this framework",
                           location=Location(file=framework),
                           hint="nosframe show FRAMEWORK lists its standards")
    found = suggest_mappings(standard, composed.framework)
    if as_json:
        click.echo(json.dumps({"standard": standard.code,
                               "suggestions": [s.to_json() for s in found]}, indent=2,
                              ensure_ascii=False))
        return
    if not standard.criteria:
        click.echo(f"{standard.code} has no criteria recorded: nothing to map")
        return
    click.echo(f"Criteria of {standard.code} {standard.title}, best first:")
    if not found:
        click.echo("  none shares a word with a behaviour or value")
    for s in found:
        click.echo(f"  {s.criterion:<10} -> {s.target}  (score {s.score:.1f}; words: "
                   f"{', '.join(s.words)})")


__all__ = ["SuggestError", "suggest"]
