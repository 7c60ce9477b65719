"""The limits on a list export (docs/hardening.md, "Limits"): `nosframe library import` refuses a
file over them before parsing it, with one message naming the file and a hint, exit 2, no
traceback, and the library as it was (no file written, none half-written, nothing left beside
it). Each file is built small: the limits are lowered where a real one would be slow to make."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from nosframe.library import import_exports, reader


@pytest.fixture
def library(export, nos_row, db) -> Path:
    """A library already imported, which a refused import must leave byte for byte."""
    import_exports([export("kept_Details.xlsx", [nos_row("SFJAA1")], folder="kept")], db)
    return db


def refused(cli_run, path: Path, db: Path, *fragments: str) -> str:
    """Import ``path`` into ``db`` and check that it was refused as a limit is."""
    folder = db.parent
    before = {p.name: p.read_bytes() for p in folder.iterdir()} if folder.is_dir() else None
    result = cli_run("library", "import", path, "--db", db)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output + result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("error: ") and path.name in lines[0], result.stderr
    assert any(line.strip().startswith("hint: ") for line in lines[1:]), result.stderr
    assert len([line for line in lines if line.startswith("error: ")]) == 1, result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, f"{fragment!r} not in {result.stderr!r}"
    after = {p.name: p.read_bytes() for p in folder.iterdir()} if folder.is_dir() else None
    assert after == before  # the library as it was, and no temporary file beside it
    return result.stderr


def _rebuilt(source: Path, target: Path, extra: dict[str, bytes]) -> Path:
    """``source``'s zip with ``extra`` parts added (deflated: zeros unpack far larger)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(buffer, "w",
                                                         zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item, old.read(item.filename))
        for name, content in extra.items():
            new.writestr(name, content)
    target.write_bytes(buffer.getvalue())
    return target


def test_a_list_export_over_100_mb_is_refused_before_it_is_opened(cli_run, tmp_path, library):
    path = tmp_path / "huge_Details.xlsx"
    with open(path, "wb") as handle:  # sparse: the size alone is checked first
        handle.truncate(reader.MAX_EXPORT_BYTES + 1)
    refused(cli_run, path, library, "larger than 100 MB, the most the library import reads",
            "a NOS list export is far smaller")


def test_a_list_export_of_more_than_2000_zip_parts_is_refused(cli_run, tmp_path, export,
                                                              nos_row, db):
    good = export("good_Details.xlsx", [nos_row("SFJAA1")])
    path = _rebuilt(good, tmp_path / "parts_Details.xlsx",
                    {f"xl/media/{n}.xml": b"<a/>" for n in range(reader.MAX_EXPORT_PARTS)})
    refused(cli_run, path, db, "parts, more than the 2,000 nosframe reads", "is this a workbook?")
    assert not db.exists()


def test_a_list_export_with_a_part_unpacking_too_large_is_refused_unread(
        cli_run, tmp_path, export, nos_row, library, monkeypatch):
    monkeypatch.setattr(reader, "MAX_EXPORT_PART", 200_000)  # the real 256 MB, made small
    good = export("good_Details.xlsx", [nos_row("SFJAA1")])
    path = _rebuilt(good, tmp_path / "bomb_Details.xlsx", {"xl/media/bomb.bin": bytes(300_000)})
    assert path.stat().st_size < 10_000  # a zip bomb: small, unpacking large
    refused(cli_run, path, library, "part xl/media/bomb.bin of the workbook unpacks to 300,000 "
                                    "bytes, more than the 200,000 bytes nosframe reads",
            "(a zip bomb?)", "nothing was read")


def test_a_list_export_unpacking_past_the_total_is_refused_unread(
        cli_run, tmp_path, export, nos_row, library, monkeypatch):
    monkeypatch.setattr(reader, "MAX_EXPORT_UNPACKED", 200_000)  # the real 512 MB, made small
    good = export("good_Details.xlsx", [nos_row("SFJAA1")])
    parts = {f"xl/media/{n}.bin": bytes(60_000) for n in range(4)}  # each under the part limit
    path = _rebuilt(good, tmp_path / "wide_Details.xlsx", parts)
    refused(cli_run, path, library, "the workbook unpacks to 2", "bytes, more than the 200,000 bytes nosframe reads",
            "(a zip bomb?)")


def test_a_list_export_of_more_than_200000_rows_is_refused_before_parsing(
        cli_run, export, nos_row, library, monkeypatch):
    monkeypatch.setattr(reader, "MAX_EXPORT_ROWS", 5)  # the real 200,000, made small
    path = export("long_Details.xlsx", [nos_row(f"SFJAA{n}") for n in range(1, 8)])
    refused(cli_run, path, library, "sheet 'owssvr' has 8 rows, more than the 5 a list export "
                                    "may have", "22,095 rows in 2026")


def _row_moved(source: Path, target: Path, row: int) -> Path:
    """``source`` with its last row renumbered ``row`` (every row between is then empty)."""
    with zipfile.ZipFile(source) as old:
        parts = {item.filename: old.read(item.filename) for item in old.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    last = sheet.rindex('<row r="')
    number = sheet[last:].split('"')[1]
    sheet = sheet[:last] + sheet[last:].replace(f'r="{number}"', f'r="{row}"', 1).replace(
        f'{number}"', f'{row}"')
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for name, content in parts.items():
            new.writestr(name, content)
    return target


@pytest.mark.parametrize("calendar", ["1900", "1904"])  # 1904: read by openpyxl, not the fast way
def test_a_row_numbered_far_below_the_data_is_refused_at_once(cli_run, tmp_path, nos_row,
                                                              library, calendar):
    import time

    import openpyxl

    from nosframe.library import COLUMNS

    workbook = openpyxl.Workbook()
    if calendar == "1904":
        workbook.epoch = openpyxl.utils.datetime.MAC_EPOCH
    sheet = workbook.active
    sheet.title = "owssvr"
    sheet.append(list(COLUMNS))
    for urn in ("SFJAA1", "SFJAA2"):
        sheet.append([nos_row(urn).get(c) for c in COLUMNS])
    good = tmp_path / "good.xlsx"
    workbook.save(good)
    path = _row_moved(good, tmp_path / "far_Details.xlsx", 50_000_000)
    start = time.perf_counter()
    message = refused(cli_run, path, library, "sheet 'owssvr' has a row numbered",
                      "past the 200,000 rows a list export may have", "22,095 rows in 2026")
    assert time.perf_counter() - start < 10  # not 50 million empty rows read first
    assert ("50,000,000" if calendar == "1900" else "200,001") in message
