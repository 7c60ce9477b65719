"""CASE 1.1 (1EdTech Competencies and Academic Standards Exchange): export a framework as a
CFPackage that validates against the official schema, and import real packages leniently,
keeping everything (docs/formats.md). A default plugin, like the JSON and Markdown formats."""

from __future__ import annotations

from nosframe.formats.case.export import build_package, export_case
from nosframe.formats.case.read import import_case, read_package
from nosframe.hookspecs import hookimpl
from nosframe.registry import Exporter, Importer


@hookimpl
def nosframe_exporters(register) -> None:
    register(Exporter("case", "CASE 1.1 CFPackage (JSON; --base-url URL)", ".json",
                      export_case, options=("base_url",)))


@hookimpl
def nosframe_importers(register) -> None:
    register(Importer("case", "CASE 1.0/1.1 CFPackage (JSON, read leniently)", import_case,
                      suffixes=(".json",)))


__all__ = ["build_package", "export_case", "import_case", "read_package"]
