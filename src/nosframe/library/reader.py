"""Reading a UK NOS database list export (.xlsx, sheet ``owssvr``) into plain rows.

Only the shape of the file is checked here (a workbook, the sheet, the columns); what the cells
say is normalised by :mod:`nosframe.library.normalise`. A file that cannot be used raises
:class:`LibraryError` with the file's name, never a traceback.
"""

from __future__ import annotations

import hashlib
import warnings
from pathlib import Path
from typing import Any, Iterator

from attrs import frozen

from nosframe.io import Location, NosframeError

SHEET = "owssvr"

#: the 19 columns of the list export, in the order the database writes them
COLUMNS: tuple[str, ...] = (
    "Developed By", "NOS Title", "Suite", "SuiteMetadata", "Occupations",
    "OccupationsMetadata", "Name", "Validity", "Indicative Review Date", "NOS Document Status",
    "URN", "SOC Code", "NOSCategory", "Keywords", "Original URN", "Created", "Modified",
    "Item Type", "Path",
)


class LibraryError(NosframeError):
    """A list export or a library file cannot be used (exit code 2 in the CLI)."""


@frozen
class ExportFile:
    """One list export, read: its identity and its data rows with their spreadsheet numbers."""

    path: Path
    sha256: str
    size: int
    columns: tuple[str, ...]  # the 19 known columns, then any others the sheet has
    rows: tuple[tuple[int, dict[str, Any]], ...]  # (row number, column -> cell value)
    blank_rows: int  # rows with no value in any cell, skipped

    @property
    def name(self) -> str:
        return self.path.name


def _fail(path: Path, message: str, hint: str = "") -> LibraryError:
    return LibraryError(message, location=Location(file=str(path)), hint=hint)


def _digest(path: Path) -> tuple[str, int]:
    sha = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
            size += len(block)
    return sha.hexdigest(), size


def _header_map(path: Path, header: tuple[Any, ...]) -> dict[str, int]:
    """Column name -> index, matching names case- and space-insensitively.

    Columns beyond the 19 known ones are kept under their own names (nothing is dropped).
    """
    found: dict[str, int] = {}
    extra: dict[str, int] = {}
    for index, cell in enumerate(header):
        if cell is None or not str(cell).strip():
            continue
        name = " ".join(str(cell).split())
        if name.casefold() in found:
            continue
        found[name.casefold()] = index
        extra[name] = index
    columns: dict[str, int] = {}
    missing = []
    for column in COLUMNS:
        index = found.get(column.casefold())
        if index is None:
            missing.append(column)
        else:
            columns[column] = index
    if missing:
        shown = [str(c) for c in header if c is not None]
        raise _fail(path, f"sheet {SHEET!r} lacks column(s) {', '.join(missing)}",
                    "the first row must hold the list export's 19 column names; found: "
                    + (", ".join(shown[:25]) or "an empty row"))
    known = set(columns.values())
    columns.update({name: index for name, index in extra.items() if index not in known})
    return columns


def read_export(path: str | Path) -> ExportFile:
    """Read one list export: an .xlsx workbook with the ``owssvr`` sheet and the 19 columns."""
    path = Path(path)
    if not path.exists():
        raise _fail(path, "file not found")
    if not path.is_file():
        raise _fail(path, "not a file")
    sha256, size = _digest(path)
    try:
        import openpyxl
        from openpyxl.utils.exceptions import InvalidFileException
    except ImportError as exc:  # pragma: no cover - openpyxl is a dependency
        raise _fail(path, f"cannot read .xlsx files: {exc}") from None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles it does not know
        try:
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except (InvalidFileException, OSError, ValueError, KeyError) as exc:
            raise _fail(path, f"not an .xlsx workbook ({type(exc).__name__}: {exc})",
                        "export the NOS list from the database as Excel (.xlsx)") from None
        except Exception as exc:  # zipfile.BadZipFile and the XML parsers' own errors
            raise _fail(path, f"not an .xlsx workbook ({type(exc).__name__}: {exc})",
                        "export the NOS list from the database as Excel (.xlsx)") from None
        try:
            if SHEET not in workbook.sheetnames:
                raise _fail(path, f"no sheet named {SHEET!r}",
                            "a NOS list export has one sheet called owssvr; this file has: "
                            + ", ".join(repr(s) for s in workbook.sheetnames))
            sheet = workbook[SHEET]
            sheet.reset_dimensions()  # stored dimensions can be wrong; read every row
            columns, rows, blank = _read_rows(path, sheet.iter_rows(values_only=True))
        except LibraryError:
            raise
        except Exception as exc:  # a damaged sheet inside a readable zip
            raise _fail(path, f"sheet {SHEET!r} cannot be read ({type(exc).__name__}: {exc})"
                        ) from None
        finally:
            workbook.close()
    return ExportFile(path=path, sha256=sha256, size=size, columns=columns, rows=tuple(rows),
                      blank_rows=blank)


def _read_rows(path: Path, cells: Iterator[tuple[Any, ...]]
               ) -> tuple[tuple[str, ...], list[tuple[int, dict[str, Any]]], int]:
    header = next(cells, None)
    if header is None:
        raise _fail(path, f"sheet {SHEET!r} is empty", "the first row must hold column names")
    columns = _header_map(path, header)
    rows: list[tuple[int, dict[str, Any]]] = []
    blank = 0
    for number, values in enumerate(cells, start=2):
        if not any(v is not None and (not isinstance(v, str) or v.strip()) for v in values):
            blank += 1
            continue
        width = len(values)
        rows.append((number, {column: values[index] if index < width else None
                              for column, index in columns.items()}))
    return tuple(columns), rows, blank
