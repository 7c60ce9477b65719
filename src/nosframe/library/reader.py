"""Reading a UK NOS database list export (.xlsx, sheet ``owssvr``) into plain rows.

Only the shape of the file is checked here (a workbook, the sheet, the columns); what the cells
say is normalised by :mod:`nosframe.library.normalise`. A file that cannot be used raises
:class:`LibraryError` with the file's name, never a traceback.
"""

from __future__ import annotations

import hashlib
import warnings
import zipfile
from pathlib import Path
from typing import Any, Iterator

from attrs import frozen

from nosframe.io import Location, NosframeError
from nosframe.io.limits import require_regular_file
from nosframe.io.workbook import (
    RowBeyond,
    check_zip,
    count_bytes,
    count_rows,
    sheet_parts,
    sheet_values,
)

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


#: the limits on a list export (docs/hardening.md): the national exports are 0.3 and 3.7 MB
#: (22,095 rows, the largest part 19 MB unpacked), so these leave room for many times that
MAX_EXPORT_BYTES = 100 * 1024 * 1024
MAX_EXPORT_PARTS = 2000
MAX_EXPORT_PART = 256 * 1024 * 1024
MAX_EXPORT_UNPACKED = 512 * 1024 * 1024
MAX_EXPORT_ROWS = 200_000
_SMALLER = "a NOS list export is far smaller"


def read_export(path: str | Path) -> ExportFile:
    """Read one list export: an .xlsx workbook with the ``owssvr`` sheet and the 19 columns.

    The file's size, the zip's parts and their unpacked sizes (a zip bomb) and the sheet's rows
    are checked first (:data:`MAX_EXPORT_BYTES` ...), from the zip's directory and a scan of
    the sheet's bytes, before any XML is parsed. The values are read with
    :func:`nosframe.io.workbook.sheet_values` (what openpyxl's read-only mode gives, faster),
    or with openpyxl where that does not read the workbook."""
    path = Path(path)
    if not path.exists():
        raise _fail(path, "file not found",
                    "check the path: a list export is an .xlsx file the UK NOS database gives "
                    "(PublishedNos_Details.xlsx)")
    if not path.is_file():
        raise _fail(path, "not a file", "give the path of a list export (.xlsx); for a "
                                        "folder's exports, its files: DIR/*.xlsx")
    try:
        require_regular_file(path, what="a NOS list export (.xlsx)")
    except NosframeError as exc:
        raise _fail(path, exc.message, exc.hint) from None

    def fail(message: str, hint: str = "export the NOS list from the database as Excel "
                                        "(.xlsx)") -> LibraryError:
        return _fail(path, message, hint)

    check_zip(path, fail, max_file=MAX_EXPORT_BYTES, max_parts=MAX_EXPORT_PARTS,
              max_part=MAX_EXPORT_PART, max_total=MAX_EXPORT_UNPACKED,
              what="the library import", smaller=_SMALLER)
    _check_rows(path)
    sha256, size = _digest(path)
    try:
        columns, rows, blank = _read_rows(
            path, iter(list(sheet_values(path, SHEET, max_row=MAX_EXPORT_ROWS))))
    except RowBeyond as exc:
        raise _row_beyond(path, exc.row) from None
    except LibraryError:
        raise
    except Exception:  # Unsupported, or a damaged part: openpyxl reads it, or says what is wrong
        columns, rows, blank = _read_with_openpyxl(path)
    return ExportFile(path=path, sha256=sha256, size=size, columns=columns, rows=tuple(rows),
                      blank_rows=blank)


def _check_rows(path: Path) -> None:
    """Refuse a sheet of more than :data:`MAX_EXPORT_ROWS` rows, by a scan of its bytes."""
    try:
        with zipfile.ZipFile(path) as archive:
            part = sheet_parts(archive).get(SHEET)
            rows = 0
            # "row" occurs at least once in every row tag: a sheet with fewer of them than the
            # limit is under it, without the slower scan that counts the tags themselves
            if part and count_bytes(archive, part, b"row") > MAX_EXPORT_ROWS:
                rows = count_rows(archive, part)[0]
    except Exception as exc:  # a broken zip or workbook part, a compression zipfile lacks
        raise _fail(path, f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})",
                    "export the NOS list from the database as Excel (.xlsx)") from None
    if rows > MAX_EXPORT_ROWS:
        raise LibraryError(f"sheet {SHEET!r} has {rows:,} rows, more than the "
                           f"{MAX_EXPORT_ROWS:,} a list export may have",
                           location=Location(file=str(path),
                                             path=f"{SHEET}!A{MAX_EXPORT_ROWS + 1}"),
                           hint=f"{_SMALLER} (22,095 rows in 2026); is this the right file?")


def _row_beyond(path: Path, row: int) -> LibraryError:
    """A row numbered past :data:`MAX_EXPORT_ROWS` (the rows above it would all be read)."""
    return LibraryError(f"sheet {SHEET!r} has a row numbered {row:,}, past the "
                        f"{MAX_EXPORT_ROWS:,} rows a list export may have",
                        location=Location(file=str(path), path=f"{SHEET}!A{row}"),
                        hint=f"{_SMALLER} (22,095 rows in 2026); is this the right file?")


def _read_with_openpyxl(path: Path
                        ) -> tuple[tuple[str, ...], list[tuple[int, dict[str, Any]]], int]:
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
            return _read_rows(path, sheet.iter_rows(values_only=True))
        except LibraryError:
            raise
        except Exception as exc:  # a damaged sheet inside a readable zip
            raise _fail(path, f"sheet {SHEET!r} cannot be read ({type(exc).__name__}: {exc})"
                        ) from None
        finally:
            workbook.close()


def _read_rows(path: Path, cells: Iterator[tuple[Any, ...]]
               ) -> tuple[tuple[str, ...], list[tuple[int, dict[str, Any]]], int]:
    header = next(cells, None)
    if header is None:
        raise _fail(path, f"sheet {SHEET!r} is empty", "the first row must hold column names")
    columns = _header_map(path, header)
    rows: list[tuple[int, dict[str, Any]]] = []
    blank = 0
    for number, values in enumerate(cells, start=2):
        if number > MAX_EXPORT_ROWS:  # openpyxl gives every row up to one numbered far below
            raise _row_beyond(path, number)
        if not any(v is not None and (not isinstance(v, str) or v.strip()) for v in values):
            blank += 1
            continue
        width = len(values)
        rows.append((number, {column: values[index] if index < width else None
                              for column, index in columns.items()}))
    return tuple(columns), rows, blank
