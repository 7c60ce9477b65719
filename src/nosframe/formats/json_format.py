"""JSON export of a composed framework (with provenance) and import of that JSON back.

The export is flattened: everything inherited is included, so ``extends`` is left empty and the
result stands alone; provenance says where each element came from. Importing it gives a
framework equal to the composed one.
"""

from __future__ import annotations

import json
from pathlib import Path

from attrs import evolve

from nosframe.hookspecs import hookimpl
from nosframe.io import FormatError, Location, structure, to_data
from nosframe.io.limits import check_json_nesting, read_regular_file
from nosframe.registry import Exporter, ExportResult, Importer, ImportResult

FORMAT = "nosframe-json"
VERSION = 1


def export_json(composed) -> ExportResult:
    framework = composed.framework
    flat = evolve(framework, framework=evolve(framework.framework, extends=()))
    provenance = {f"{kind}:{key}": prov.to_json()
                  for (kind, key), prov in sorted(composed.provenance.items())}
    payload = {
        "format": FORMAT,
        "version": VERSION,
        "composed_from": [str(layer.origin) for layer in composed.layers],
        "framework": to_data(flat),
        "provenance": provenance,
    }
    return ExportResult(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n")


def import_json(path: Path) -> ImportResult:
    where = Location(file=str(path))
    try:
        # a regular file only (a FIFO or /dev/zero would hang the read), nested no deeper
        # than MAX_NESTING (json.loads would end in a RecursionError)
        data = read_regular_file(path, what="a JSON file")
        text = data.decode("utf-8")
        check_json_nesting(text, str(path))
        payload = json.loads(text)
    except OSError as exc:
        raise FormatError(f"cannot read: {exc}", location=where) from None
    except UnicodeDecodeError as exc:
        raise not_json(path, data, exc) from None
    except RecursionError:  # pragma: no cover - check_json_nesting refuses such text first
        raise FormatError("nested too deeply", location=where) from None
    except json.JSONDecodeError as exc:
        raise FormatError(f"not valid JSON: {exc.msg}", location=Location(str(path), exc.lineno),
                          hint="the json importer reads files made by `nosframe export --to json`"
                          ) from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise FormatError(f"not a {FORMAT} document (no \"format\": \"{FORMAT}\")", location=where,
                          hint="the json importer reads files made by `nosframe export --to json`")
    if "framework" not in payload:
        raise FormatError('no "framework" in the document', location=where,
                          hint="the json importer reads files made by `nosframe export --to json`")
    return ImportResult(structure(payload["framework"], path, at="framework"))


def not_json(path: Path, data: bytes, exc: UnicodeDecodeError) -> FormatError:
    """One message for a file that is not JSON text at all: what it looks like (a zip, as an
    .xlsx workbook is; another binary file; text not in UTF-8) and the importer to use."""
    line = data.count(b"\n", 0, exc.start) + 1
    if data.startswith(b"PK\x03\x04"):
        return FormatError("not JSON: a binary file, a zip (as an .xlsx workbook is)",
                           location=Location(str(path)),
                           hint="to import a workbook: --from xlsx; the json importer reads "
                                "files made by `nosframe export --to json`")
    binary = b"\x00" in data[:4096]
    return FormatError(
        f"not JSON: {'a binary file' if binary else 'text not in UTF-8'} (byte "
        f"0x{data[exc.start]:02x} at offset {exc.start})", location=Location(str(path), line),
        hint="the json importer reads files made by `nosframe export --to json` (UTF-8); "
             "`nosframe plugins` lists the importers of other formats (--from xlsx, case, "
             "moodle)")


@hookimpl
def nosframe_exporters(register) -> None:
    register(Exporter("json", "nosframe JSON (composed, with provenance)", ".json", export_json))


@hookimpl
def nosframe_importers(register) -> None:
    register(Importer("json", "nosframe JSON (as written by export --to json)", import_json,
                      suffixes=(".json",)))
