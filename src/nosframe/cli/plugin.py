"""``nosframe plugin init`` and ``nosframe plugin lint``: for sector bodies publishing plugins."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from nosframe.cli import EXIT_FINDINGS, EXIT_OK, handles_errors
from nosframe.cli.words import plural


@click.group("plugin")
def plugin() -> None:
    """Create and check plugin packages (for sector bodies publishing presets).

    \b
    Example:
      nosframe plugin init fire-and-rescue
      nosframe plugin lint nosframe-fire-and-rescue
    """


@plugin.command("init")
@click.argument("name")
@click.option("--dir", "parent", type=click.Path(file_okay=False), default=".",
              show_default=True, help="Folder to create the package in.")
@handles_errors
def init_cmd(name: str, parent: str) -> None:
    """Scaffold a plugin package: pyproject with entry point, hook, data file, passing test.

    \b
    Example:
      nosframe plugin init fire-and-rescue --dir plugins
    """
    from nosframe.pluginkit import scaffold_plugin

    root = scaffold_plugin(name, Path(parent))
    click.echo(f"wrote {root}")
    click.echo(f"next: edit {root}/src/*/data/*.toml, then `nosframe plugin lint {root}` and "
               f"`pip install -e {root}`", err=True)


@plugin.command("lint")
@click.argument("path", type=click.Path(file_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@handles_errors
def lint_cmd(path: str, fmt: str) -> None:
    """Check a plugin before publishing. Exit 0 clean (warnings allowed), 1 errors, 2 unusable.

    \b
    Example:
      nosframe plugin lint plugins/nosframe-policing
    """
    from nosframe.checks import summary
    from nosframe.pluginkit import lint_plugin

    findings = lint_plugin(Path(path))
    counts = summary(findings)
    if fmt == "json":
        click.echo(json.dumps({"findings": [f.to_json() for f in findings], "summary": counts},
                              indent=2))
    else:
        for finding in findings:
            click.echo(str(finding))
        click.echo(f"{plural(counts['error'], 'error')}, {plural(counts['warning'], 'warning')}")
    sys.exit(EXIT_FINDINGS if counts["error"] else EXIT_OK)
