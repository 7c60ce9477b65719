"""Calls sys.exit inside a hook, and inside a check."""

import sys

from nosframe import hookimpl
from nosframe.registry import Check


def exits(ctx):
    raise SystemExit(5)
    yield  # pragma: no cover


@hookimpl
def nosframe_exporters(register):
    sys.exit(4)


@hookimpl
def nosframe_checks(register):
    register(Check("hostile-exit", exits, {"HX005": "never made"}))
