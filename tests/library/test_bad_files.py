"""Files that are not list exports: one clear error naming the file, exit 2, no traceback."""

from __future__ import annotations

import openpyxl
import pytest

from nosframe.io import NosframeError
from nosframe.library import COLUMNS, LibraryError, import_exports, read_export


def unusable(cli_run, *args, fragments=()):
    result = cli_run("library", *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output + result.stderr
    assert result.stderr.startswith("error: "), result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, f"{fragment!r} not in {result.stderr!r}"
    return result


def test_not_an_xlsx(cli_run, tmp_path, db):
    path = tmp_path / "export.xlsx"
    path.write_text("URN,NOS Title\nSFJAA1,Promote equality\n")
    with pytest.raises(NosframeError, match="not an .xlsx workbook") as caught:
        read_export(path)
    assert isinstance(caught.value, LibraryError)
    assert caught.value.location.file == str(path)
    unusable(cli_run, "import", path, "--db", db,
             fragments=("export.xlsx", "not an .xlsx workbook", "hint:"))
    assert not db.exists()


def test_old_xls_extension(cli_run, tmp_path, db):
    path = tmp_path / "export.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0 not really")
    unusable(cli_run, "import", path, "--db", db, fragments=("export.xls", "not an .xlsx"))


def test_missing_file_and_folder(cli_run, tmp_path, db):
    unusable(cli_run, "import", tmp_path / "nope.xlsx", "--db", db,
             fragments=("nope.xlsx", "file not found", "hint: check the path"))
    unusable(cli_run, "import", tmp_path, "--db", db,
             fragments=("not a file", "hint: give the path of a list export", "DIR/*.xlsx"))


def test_missing_sheet(cli_run, tmp_path, db):
    path = tmp_path / "renamed.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = "Sheet1"
    workbook.active.append(list(COLUMNS))
    workbook.save(path)
    unusable(cli_run, "import", path, "--db", db,
             fragments=("renamed.xlsx", "no sheet named 'owssvr'", "'Sheet1'"))


def test_missing_columns(cli_run, export, nos_row, db):
    columns = [c for c in COLUMNS if c not in ("URN", "Validity")]
    path = export("cut.xlsx", [nos_row("X1")], columns=columns)
    message = unusable(cli_run, "import", path, "--db", db,
                       fragments=("cut.xlsx", "lacks column(s) Validity, URN", "hint:")).stderr
    assert "Developed By" in message  # the hint lists what the header does hold


def test_empty_sheet(tmp_path):
    path = tmp_path / "empty.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = "owssvr"
    workbook.save(path)
    with pytest.raises(LibraryError, match="empty"):
        read_export(path)


def test_good_files_are_not_imported_when_one_is_bad(cli_run, export, nos_row, tmp_path, db):
    good = export("good.xlsx", [nos_row("X1")])
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 truncated zip")
    unusable(cli_run, "import", good, bad, "--db", db,
             fragments=("bad.xlsx", "nothing was imported: leave bad.xlsx out to import the "
                                    "others"))
    assert not db.exists()


def test_library_commands_without_a_library(cli_run, tmp_path):
    missing = tmp_path / "none.sqlite"
    for args in (("search", "victims"), ("info",), ("show", "SFJAA1")):
        unusable(cli_run, *args, "--db", missing,
                 fragments=("none.sqlite", "no library here", "nosframe library import"))


def test_default_library_missing(cli_run):
    # NOSFRAME_HOME points at an empty temporary folder (tests/conftest.py)
    unusable(cli_run, "info", fragments=("library.sqlite", "no library here"))


def test_a_file_that_is_not_a_library(cli_run, tmp_path):
    path = tmp_path / "library.sqlite"
    path.write_text("hello")
    unusable(cli_run, "info", "--db", path, fragments=("not a nosframe library",))


def test_no_files_given(cli_run):
    result = cli_run("library", "import")
    assert result.exit_code == 2 and "Missing argument" in result.stderr


def test_import_api_without_files(db):
    with pytest.raises(LibraryError, match="no files"):
        import_exports([], db)


def test_a_zip_directory_claiming_an_unknown_zip_version(cli_run, export, nos_row, db):
    """zipfile's NotImplementedError ("zip file version 25.5"), found by the fuzzer, is the same
    clean refusal as any broken zip."""
    path = export("version_Details.xlsx", [nos_row("SFJAA1")])
    data = bytearray(path.read_bytes())
    entry = data.index(b"PK\x01\x02")  # the first entry of the central directory
    data[entry + 6:entry + 8] = (255).to_bytes(2, "little")  # version needed to extract
    path.write_bytes(bytes(data))
    unusable(cli_run, "import", path, "--db", db,
             fragments=("version_Details.xlsx", "not a readable .xlsx workbook",
                        "zip file version", "hint:"))
    assert not db.exists()
