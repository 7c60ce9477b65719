"""A check that takes a while (the test lowers the "slow" limit rather than waiting long)."""

import time

from nosframe import hookimpl
from nosframe.registry import Check


def slow(ctx):
    time.sleep(0.05)
    return []


@hookimpl
def nosframe_checks(register):
    register(Check("hostile-slow", slow, {"HX006": "never made"}))
