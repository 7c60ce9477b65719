"""A check whose finding has a string severity, and one that yields a plain string."""

from nosframe import hookimpl
from nosframe.model import Finding
from nosframe.registry import Check


def string_severity(ctx):
    yield Finding("HX001", "error", "severity given as a string")


def not_findings(ctx):
    yield "a string, not a finding"
    yield {"code": "HX002"}


@hookimpl
def nosframe_checks(register):
    register(Check("hostile-severity", string_severity, {"HX001": "string severity"}))
    register(Check("hostile-not-findings", not_findings, {"HX002": "not findings"}))
