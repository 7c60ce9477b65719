"""``nosframe library``: import the UK NOS database's list exports, search them, show a standard.

Results go to stdout, diagnostics to stderr; unusable input (a file that is not a list export,
no library yet, an unknown code) exits 2 with one message, never a traceback.
"""

from __future__ import annotations

import json

import click

from nosframe.cli import EXIT_UNUSABLE, fail, handles_errors

_DB_HELP = ("Library file (default: $NOSFRAME_HOME/library.sqlite, NOSFRAME_HOME defaulting to "
            "~/.local/share/nosframe).")


def _db_option(func):
    return click.option("--db", "db", type=click.Path(dir_okay=False), default=None,
                        metavar="PATH", help=_DB_HELP)(func)


def _open(db: str | None):
    from nosframe.library import open_library

    return open_library(db)


def _record_json(row, *, raw: bool = False) -> dict:
    standard = row.to_standard()
    data = {
        "code": row.code or None,
        "key": row.key or None,
        "title": row.title,
        "validity": standard.validity.value if standard else None,
        "category": row.category.value if row.category else None,
        "status": standard.status.value if standard else None,
        "developed_by": row.developed_by,
        "suites": list(row.suites),
        "occupations": list(row.occupations),
        "soc_codes": list(row.soc_codes),
        "keywords": list(row.keywords),
        "indicative_review_date": (row.indicative_review_date.isoformat()
                                   if row.indicative_review_date else None),
        "original_urn": row.original_urn or None,
        "document": row.document or None,
        "unconfirmed": list(row.unconfirmed),
        "modified": row.modified.isoformat() if row.modified else None,
        "preferred": row.preferred,
        "source": {"file": row.source, "row": row.row},
    }
    if raw:
        data["raw"] = row.raw
    return data


def _count(n: int) -> str:
    return f"{n:,}"


@click.group("library")
def library() -> None:
    """The national NOS library: the UK NOS database's list exports, indexed on disk.

    Once imported, frameworks that reference a NOS code they do not define get the standard
    from it (library "uk-nos").

    \b
    Example:
      nosframe library import PublishedNos_Details.xlsx PublishedNos-old_Details.xlsx
      nosframe library search "victims" --developer "skills for justice"
      nosframe library show SFJAA1
    """


@library.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@_db_option
@click.option("--findings", "show_findings", is_flag=True,
              help="Also print every finding about the imported rows.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handles_errors
def import_cmd(files: tuple[str, ...], db: str | None, show_findings: bool,
               as_json: bool) -> None:
    """Import NOS database list exports (.xlsx, sheet owssvr) into the library.

    Every row is kept; what could not be normalised is reported as findings (codes NL001...,
    see docs/library.md). Importing a file again replaces the rows of the file of that name.

    \b
    Example:
      nosframe library import ../shared/data/nos/PublishedNos_Details.xlsx \\
          ../shared/data/nos/PublishedNos-old_Details.xlsx --db /tmp/nos.sqlite
    """
    from nosframe.library import CODES, SEVERITIES, import_exports
    from pathlib import Path

    from nosframe.library.reader import LibraryError

    try:
        report = import_exports(files, db)
    except LibraryError as exc:
        if len(files) > 1 and exc.location.file:  # one bad file of several: none went in
            named = Path(exc.location.file).name
            exc.hint = "; ".join(part for part in (
                exc.hint, f"nothing was imported: leave {named} out to import the others")
                if part)
        raise
    findings = []
    if show_findings:
        library = _open(str(report.db))
        try:
            findings = library.findings(sources=[s.name for s in report.sources])
        finally:
            library.close()
    if as_json:
        out = {"db": str(report.db),
               "sources": [s.to_json() for s in report.sources],
               "library": {"rows": report.rows, "standards": report.standards,
                           "codes": report.codes, "fts": report.fts},
               "findings_by_code": report.findings_by_code}
        if show_findings:
            out["findings"] = [f.to_json() for f in findings]
        click.echo(json.dumps(out, indent=2))
        return
    for s in report.sources:
        click.echo(f"imported {s.name}: {_count(s.rows)} rows, {_count(s.standards)} with a URN, "
                   f"{_count(s.codes)} distinct codes"
                   + (f" ({_count(s.blank_rows)} blank rows skipped)" if s.blank_rows else ""))
    click.echo(f"library {report.db}: {_count(report.rows)} rows, "
               f"{_count(report.standards)} standards, {_count(report.codes)} distinct codes "
               f"(search: {'FTS5' if report.fts else 'LIKE'})")
    total = sum(report.findings_by_code.values())
    click.echo(f"findings about these rows: {_count(total)}")
    for code, n in report.findings_by_code.items():
        severity = SEVERITIES[code].value if code in SEVERITIES else "?"
        click.echo(f"  {code} {n:>7,}  {severity:<7}  {CODES.get(code, '')}")
    for f in findings:
        click.echo(str(f))
    if total and not show_findings:
        click.echo("list them with --findings, or later: nosframe library info --findings",
                   err=True)


@library.command("search")
@click.argument("text")
@click.option("--suite", default=None, metavar="S",
              help="Only standards in a suite whose name contains S (any case).")
@click.option("--developer", default=None, metavar="D",
              help="Only standards whose Developed By contains D (any case).")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(min=1),
              help="At most this many results.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_db_option
@handles_errors
def search_cmd(text: str, suite: str | None, developer: str | None, limit: int, as_json: bool,
               db: str | None) -> None:
    """Search standards by code, title, keyword, suite or occupation.

    Exact code matches come first (spaces and case do not matter), then codes starting with
    TEXT, then text matches by relevance. One result per code: the preferred row (current over
    legacy, then the newest). TEXT may be "" to list by --suite or --developer alone.

    \b
    Example:
      nosframe library search victims --developer "skills for justice" --limit 10
      nosframe library search "SFJ EA2" --json
    """
    from nosframe.library.store import MAX_QUERY_WORDS, bounded_query

    _, dropped = bounded_query(text)
    library = _open(db)
    try:  # one more than asked, to know whether the results stopped at --limit
        rows = library.search_records(text, suite=suite, developer=developer, limit=limit + 1)
    finally:
        library.close()
    more = len(rows) > limit
    rows = rows[:limit]
    if dropped:
        click.secho(f"note: the search used the first {MAX_QUERY_WORDS} words of the text "
                    f"({dropped} left out)", fg="yellow", err=True)
    if as_json:
        click.echo(json.dumps({"query": text, "suite": suite, "developer": developer,
                               "count": len(rows), "limit": limit, "more": more,
                               "words_left_out": dropped,
                               "results": [_record_json(r) for r in rows]}, indent=2))
    elif not rows:
        click.echo("no standards match", err=True)
    else:
        width = max(len(r.code) for r in rows)
        for r in rows:
            validity = r.validity.value if r.validity else "validity?"
            click.echo(f"{r.code:<{width}}  {r.title}  [{validity}; {r.developed_by or '?'}]")
    if more:
        click.echo(f"showing the first {limit} results; there are more (--limit N shows more, "
                   "or narrow the search with TEXT, --suite or --developer)", err=True)


@library.command("info")
@click.option("--findings", "show_findings", is_flag=True, help="List the findings too.")
@click.option("--code", "codes", multiple=True, metavar="NLxxx",
              help="List only the findings with these codes (repeatable; implies --findings).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_db_option
@handles_errors
def info_cmd(show_findings: bool, codes: tuple[str, ...], as_json: bool, db: str | None) -> None:
    """Show what the library holds: its file, sources, counts and findings by code.

    \b
    Example:
      nosframe library info
      nosframe library info --findings --code NL001 --code NL003
    """
    from nosframe.library import CODES, SEVERITIES

    show_findings = show_findings or bool(codes)
    library = _open(db)
    try:
        info = library.info()
        findings = []
        if show_findings:
            for code in codes or (None,):
                findings += library.findings(code=code)
    finally:
        library.close()
    if as_json:
        info["finding_codes"] = {code: {"severity": SEVERITIES[code].value, "description": text}
                                 for code, text in CODES.items()}
        if show_findings:
            info["findings"] = [f.to_json() for f in findings]
        click.echo(json.dumps(info, indent=2))
        return
    size = info["size_bytes"] / 1e6
    click.echo(f"library {info['path']} ({size:.1f} MB), built {info['built_at']} by nosframe "
               f"{info['nosframe_version']}; search: {'FTS5' if info['fts'] else 'LIKE'}")
    click.echo("sources:")
    for s in info["sources"]:
        click.echo(f"  {s['name']}: {_count(s['rows'])} rows, {_count(s['standards'])} with a "
                   f"URN, {_count(s['codes'])} codes; imported {s['imported_at']} from "
                   f"{s['path']} (sha256 {s['sha256'][:12]})")
    t = info["totals"]
    click.echo(f"totals: {_count(t['rows'])} rows, {_count(t['standards'])} standards, "
               f"{_count(t['codes'])} distinct codes ({_count(t['current'])} current, "
               f"{_count(t['legacy'])} legacy, {_count(t['unknown_validity'])} validity unknown)")
    by_code = info["findings_by_code"]
    click.echo(f"findings: {_count(sum(by_code.values()))}")
    for code, n in by_code.items():
        severity = SEVERITIES[code].value if code in SEVERITIES else "?"
        click.echo(f"  {code} {n:>7,}  {severity:<7}  {CODES.get(code, '')}")
    for f in findings:
        click.echo(str(f))


@library.command("show")
@click.argument("code")
@click.option("--raw", is_flag=True, help="Also print the raw cells of every row.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_db_option
@handles_errors
def show_cmd(code: str, raw: bool, as_json: bool, db: str | None) -> None:
    """Show one standard: the row `get` returns, the other rows of its code, and findings.

    \b
    Example:
      nosframe library show "SFJ AA1"
      nosframe library show SFJAA1 --json --raw
    """
    library = _open(db)
    try:
        rows = library.records(code)
        findings = library.findings(key=code) if rows else []
        close = [] if rows else library.search_records(code, limit=5)
    finally:
        library.close()
    if not rows:
        hint = (" (hint: did you mean " + ", ".join(r.code for r in close) + "?)") if close else \
            " (hint: nosframe library search TEXT finds codes by title)"
        fail(f"no standard with code {code!r} in {library.path}{hint}", EXIT_UNUSABLE)
    if as_json:
        click.echo(json.dumps({"standard": _record_json(rows[0], raw=raw),
                               "other_rows": [_record_json(r, raw=raw) for r in rows[1:]],
                               "findings": [f.to_json() for f in findings]},
                              indent=2))
        return
    top = rows[0]
    standard = top.to_standard()
    click.secho(f"{top.code}  {top.title}", bold=True)
    fields = [
        ("validity", standard.validity.value if standard else ""),
        ("category", top.category.value if top.category else ""),
        ("status", standard.status.value if standard else ""),
        ("developed by", top.developed_by),
        ("suites", "; ".join(top.suites)),
        ("occupations", "; ".join(top.occupations)),
        ("keywords", "; ".join(top.keywords)),
        ("SOC codes", ", ".join(top.soc_codes)),
        ("indicative review date",
         top.indicative_review_date.isoformat() if top.indicative_review_date else ""),
        ("original URN", top.original_urn),
        ("modified", top.modified.isoformat(sep=" ") if top.modified else ""),
        ("document", f"{top.document} (file in the NOS database's document library; the "
                     "export gives no web address)" if top.document else ""),
        ("unconfirmed", ", ".join(top.unconfirmed)),
        ("from", f"{top.source} row {top.row}"),
    ]
    for name, value in fields:
        if value:
            click.echo(f"  {name + ':':<24}{value}")
    if raw:
        _echo_raw(top.raw)
    if len(rows) > 1:
        click.echo(f"other rows with this code ({len(rows) - 1}):")
        for r in rows[1:]:
            validity = r.validity.value if r.validity else "validity?"
            modified = r.modified.date().isoformat() if r.modified else "?"
            click.echo(f"  {r.source}:{r.row}  {r.code!r}  {validity}, modified {modified}  "
                       f"{r.title}")
            if raw:
                _echo_raw(r.raw)
    if findings:
        click.echo(f"findings ({len(findings)}):")
        for f in findings:
            click.echo(f"  {f}")


@library.command("refresh")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--code", "codes", multiple=True, metavar="CODE",
              help="Refresh only this standard (repeatable; any spelling: \"SFJ ZB3\").")
@handles_errors
def refresh_cmd(path: str, codes: tuple[str, ...]) -> None:
    """Record again in PATH what it takes from the installed library.

    A framework file records each standard it takes from a library ([[library_lock]]: the
    published metadata, the library's source, the date), so it checks the same on a machine
    without the library. When the installed library has changed (`nosframe check` says so
    with NF124, naming the fields), this takes the library's copy, dated today, and records
    standards taken from a library but not recorded yet. Without --code it refreshes every
    one and drops records the framework no longer uses (NF125). Only the records change.

    \b
    Example:
      nosframe library refresh my-force.toml
      nosframe library refresh my-force.toml --code SFJZB3
    """
    from pathlib import Path

    from nosframe.cli import _state
    from nosframe.editing import EditError, RefreshLibrary, Session

    if not Path(path).is_file():
        fail(f"{path}: file not found (hint: give the framework file to refresh)",
             EXIT_UNUSABLE)
    session = Session.open(path, _state().plugins)
    try:
        result = session.do(RefreshLibrary(tuple(codes)), check=False)
    except EditError as exc:
        fail(f"{path}: {exc}", EXIT_UNUSABLE)
    if not result.applied:
        click.echo(f"{path}: its records of library standards match the installed library; "
                   "nothing to write")
        return
    session.save()
    for change in result.changes:
        click.echo(f"  {change}")
    click.echo(f"wrote {path}")


def _echo_raw(raw: dict) -> None:
    click.echo("  raw cells:")
    for column, value in raw.items():
        click.echo(f"    {column}: {value!r}")


__all__ = ["library"]
