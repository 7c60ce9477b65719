"""Fixtures for the national NOS library: small list exports written with openpyxl."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Iterable

import openpyxl
import pytest

from nosframe.library import COLUMNS

ROOT = Path(__file__).resolve().parents[2]
SHARED_NOS = (ROOT / ".." / "shared" / "data" / "nos").resolve()
NEW_EXPORT = SHARED_NOS / "PublishedNos_Details.xlsx"
OLD_EXPORT = SHARED_NOS / "PublishedNos-old_Details.xlsx"


def _nos_row(urn: str | None = "SFJAA1", **cells: Any) -> dict[str, Any]:
    """A clean list-export row; ``cells`` override columns (spaces as underscores)."""
    row: dict[str, Any] = {
        "Developed By": "Skills for Justice",
        "NOS Title": "Promote equality and value diversity",
        "Suite": "Common standards across the Justice sector",
        "SuiteMetadata": "1;#Common standards across the Justice sector",
        "Occupations": "Police Officers",
        "OccupationsMetadata": "2;#Police Officers",
        "Name": f"{urn}.pdf" if urn else "nothing.pdf",
        "Validity": "Current",
        "Indicative Review Date": dt.datetime(2024, 3, 31),
        "NOS Document Status": "Original",
        "URN": urn,
        "SOC Code": "3312",
        "NOSCategory": "Core",
        "Keywords": "equality; diversity",
        "Original URN": urn,
        "Created": dt.datetime(2018, 1, 1, 9, 0),
        "Modified": dt.datetime(2018, 6, 1, 9, 0),
        "Item Type": "Item",
        "Path": "PublishedNos",
    }
    for name, value in cells.items():
        column = name.replace("_", " ")
        assert column in row, column
        row[column] = value
    return row


def write_export(path: Path, rows: Iterable[dict[str, Any] | None], *,
                 sheet: str = "owssvr", columns: Iterable[str] = COLUMNS) -> Path:
    """Write a list export; a ``None`` row is written as an empty row."""
    columns = list(columns)
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = sheet
    ws.append(columns)
    for row in rows:
        ws.append([None] * len(columns) if row is None else [row.get(c) for c in columns])
    workbook.save(path)
    return path


@pytest.fixture
def nos_row():
    """nos_row(urn, **cells) -> a clean list-export row with some cells changed."""
    return _nos_row


@pytest.fixture
def export(tmp_path):
    """export(name, rows, folder="", **kw) -> path of a list export in a temporary folder."""

    def _export(name: str, rows: Iterable[dict[str, Any] | None], folder: str = "",
                **kw: Any) -> Path:
        target = tmp_path / folder
        target.mkdir(parents=True, exist_ok=True)
        return write_export(target / name, rows, **kw)

    return _export


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "lib" / "library.sqlite"


@pytest.fixture(scope="session")
def real_exports() -> tuple[Path, Path]:
    """The real list exports in ../shared; skips when ../shared is absent."""
    if not (NEW_EXPORT.is_file() and OLD_EXPORT.is_file()):
        pytest.skip(f"the real NOS list exports are not in {SHARED_NOS} (../shared is absent)")
    return NEW_EXPORT, OLD_EXPORT
