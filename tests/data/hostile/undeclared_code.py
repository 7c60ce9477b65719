"""A check making a finding whose code its `codes` does not declare."""

from nosframe import hookimpl
from nosframe.model import Severity
from nosframe.registry import Check


def run(ctx):
    yield ctx.finding("HX999", Severity.INFO, "a code nobody documented")


@hookimpl
def nosframe_checks(register):
    register(Check("hostile-undeclared", run, {"HX003": "the only declared code"}))
