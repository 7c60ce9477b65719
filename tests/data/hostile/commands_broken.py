"""A commands hook that raises half way: the command it made before is not added."""

from nosframe import hookimpl


@hookimpl
def nosframe_commands(cli):
    @cli.command("half")
    def half():
        """Never reachable."""

    raise ImportError("optional dependency missing")
