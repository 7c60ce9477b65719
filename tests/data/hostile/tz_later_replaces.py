"""Loaded after sector_replaces (folders load in name order): its json exporter wins."""

from nosframe import hookimpl
from nosframe.registry import Exporter, ExportResult


@hookimpl
def nosframe_exporters(register):
    register(Exporter("json", "Later JSON", ".json",
                      lambda composed: ExportResult('{"later": true}\n')))
