"""A sector plugin supplying its own coverage check and json exporter."""

from nosframe import hookimpl
from nosframe.model import Severity
from nosframe.registry import Check, Exporter, ExportResult


def coverage(ctx):
    yield ctx.finding("SX001", Severity.INFO, "sector coverage rules applied")


@hookimpl
def nosframe_checks(register):
    register(Check("coverage", coverage, {"SX001": "sector coverage"}))


@hookimpl
def nosframe_exporters(register):
    register(Exporter("json", "Sector JSON", ".json",
                      lambda composed: ExportResult('{"sector": true}\n')))
