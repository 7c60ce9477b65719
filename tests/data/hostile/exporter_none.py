"""Exporters returning None, a bare string, and raising."""

from nosframe import hookimpl
from nosframe.registry import Exporter


@hookimpl
def nosframe_exporters(register):
    register(Exporter("hostile-none", "Returns None", ".txt", lambda composed: None))
    register(Exporter("hostile-str", "Returns a str", ".txt", lambda composed: "just text"))
    register(Exporter("hostile-raises", "Raises", ".txt", lambda composed: 1 / 0))
