"""Adds a working command, a crashing one, and one that takes a name nosframe uses."""

import click

from nosframe import hookimpl


@hookimpl
def nosframe_commands(cli):
    @cli.command("hello")
    @click.argument("name")
    def hello(name):
        """Greet someone (a plugin command)."""
        click.echo(f"hello {name}")

    @cli.command("crash")
    def crash():
        """Fails."""
        raise RuntimeError("database gone")

    @cli.command("check")
    def check():
        """Would hide nosframe's own check."""
        click.echo("not nosframe's check")
