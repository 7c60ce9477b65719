"""Every input limit in the table of docs/hardening.md is enforced: the limits not tested
elsewhere are tested here, and a test checks that each row of the table names a test that
exists (so the table and the tests cannot drift apart)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from nosframe.io import NosframeError
from nosframe.io.limits import MAX_BYTES

ROOT = Path(__file__).parents[1]
DATA = ROOT / "tests" / "data"


def _sparse(path: Path, size: int) -> Path:
    with open(path, "wb") as handle:  # no bytes written: the size alone is checked first
        handle.truncate(size)
    return path


def test_every_limit_in_the_table_names_a_test_that_exists():
    text = (ROOT / "docs" / "hardening.md").read_text(encoding="utf-8")
    table = text.split("## Limits", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) > 15
    for row in rows[1:]:
        tests = re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", row)
        assert tests, f"no test named in: {row}"
        for file, name in tests:
            source = (ROOT / file).read_text(encoding="utf-8")
            assert re.search(rf"^(async )?def {name}\(", source, re.M), f"{file}::{name}"


@pytest.mark.parametrize("fmt", ["json", "case", "moodle", "person"])
def test_an_importers_file_over_20_mb_is_refused_before_it_is_read(tmp_path, fmt):
    from nosframe.formats.case import import_case
    from nosframe.formats.json_format import import_json
    from nosframe.formats.moodle import import_moodle
    from nosframe.io.people import load_person

    read = {"json": import_json, "case": import_case, "moodle": import_moodle,
            "person": load_person}[fmt]
    path = _sparse(tmp_path / f"big.{fmt}", MAX_BYTES + 1)
    with pytest.raises(NosframeError, match="MB"):
        read(path)


def test_an_evidence_csv_over_2_gb_is_refused_before_it_is_read(tmp_path):
    import nosframe
    from nosframe.evidence.reader import MAX_CSV_BYTES, read_evidence

    framework = nosframe.load(DATA / "evidence" / "team.toml").framework
    path = _sparse(tmp_path / "huge.csv", MAX_CSV_BYTES + 1)
    with pytest.raises(NosframeError, match="MB"):
        read_evidence(path, framework)


def test_an_evidence_mapping_file_over_1_mb_is_refused(tmp_path):
    from nosframe.evidence.mapping import load_mapping

    path = _sparse(tmp_path / "mapping.toml", 1024 * 1024 + 1)
    with pytest.raises(NosframeError, match="MB"):
        load_mapping(path)


def test_only_the_first_problem_rows_of_an_evidence_csv_are_kept(tmp_path, monkeypatch):
    import nosframe
    from nosframe.evidence import reader

    framework = nosframe.load(DATA / "evidence" / "team.toml").framework
    header, first = (DATA / "evidence" / "team.csv").read_text().splitlines()[:2]
    bad = first.replace("SFJAA1", "NOSUCH1")
    path = tmp_path / "bad.csv"
    path.write_text("\n".join([header] + [bad] * 5) + "\n")
    monkeypatch.setattr(reader, "MAX_PROBLEMS", 3)
    read = reader.read_evidence(path, framework)
    assert len(read.problems) == 3 and read.bad_rows == 5  # counted exactly, kept bounded


def test_a_workbook_over_50_mb_is_refused_before_it_is_opened(tmp_path):
    from nosframe.formats.xlsx import import_xlsx
    from nosframe.formats.xlsx.read import MAX_FILE

    path = _sparse(tmp_path / "big.xlsx", MAX_FILE + 1)
    with pytest.raises(NosframeError, match="50 MB"):
        import_xlsx(path)


def _zip(path: Path, parts: dict[str, bytes]) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    path.write_bytes(buffer.getvalue())
    return path


def test_a_workbook_of_too_many_parts_is_refused(tmp_path):
    from nosframe.formats.xlsx import import_xlsx, layout

    path = _zip(tmp_path / "parts.xlsx", {f"x/{n}.xml": b"<a/>"
                                          for n in range(layout.MAX_PARTS + 1)})
    with pytest.raises(NosframeError, match="parts"):
        import_xlsx(path)


def test_a_workbook_expanding_past_the_total_is_refused_before_it_is_unpacked(
        tmp_path, monkeypatch):
    from nosframe.formats.xlsx import import_xlsx, layout

    monkeypatch.setattr(layout, "MAX_UNCOMPRESSED", 30_000)  # each part is under MAX_PART
    path = _zip(tmp_path / "wide.xlsx", {f"xl/{n}.xml": b" " * 10_000 for n in range(4)})
    with pytest.raises(NosframeError, match="zip bomb"):
        import_xlsx(path)


def test_a_library_query_over_1000_characters_is_cut(tmp_path):
    from nosframe.library.store import MAX_QUERY_CHARS, bounded_query

    text, left_out = bounded_query("a" * 600 + " " + "b" * 600)
    assert len(text) <= MAX_QUERY_CHARS and text == "a" * 600 and left_out == 1


def test_suggest_reads_at_most_1_mb_of_text(tmp_path):
    from nosframe.cli.suggest import MAX_TEXT_BYTES, _read_text

    path = tmp_path / "job.txt"
    path.write_bytes(b"first aid " * (MAX_TEXT_BYTES // 10 + 100))
    assert len(_read_text(str(path))) == MAX_TEXT_BYTES


def test_a_case_package_nested_deeper_than_32_is_refused(tmp_path):
    from nosframe.formats.case import import_case

    path = tmp_path / "deep.json"
    path.write_text('{"CFDocument": ' + "[" * 100 + "]" * 100 + "}")
    with pytest.raises(NosframeError, match="nested more than 32 deep"):
        import_case(path)
