"""The real UK NOS list exports in ../shared (skipped when absent): nothing lost, fast enough,
searchable, and usable by frameworks."""

from __future__ import annotations

import json
import time

import openpyxl
import pytest

import nosframe
from nosframe.library import NosLibrary, import_exports
from nosframe.model import Validity, normalise_code
from nosframe.plugins import load_plugins


@pytest.fixture(scope="module")
def imported(real_exports, tmp_path_factory):
    db = tmp_path_factory.mktemp("real-library") / "library.sqlite"
    start = time.perf_counter()
    report = import_exports(real_exports, db)
    return db, report, time.perf_counter() - start


@pytest.fixture(scope="module")
def independent(real_exports):
    """URNs and row counts read straight from the files with openpyxl, not through nosframe."""
    urns: set[str] = set()
    rows: dict[str, int] = {}
    review_1905 = 0
    for path in real_exports:
        workbook = openpyxl.load_workbook(path, read_only=True)
        sheet = workbook["owssvr"]
        values = sheet.iter_rows(values_only=True)
        header = list(next(values))
        urn, review = header.index("URN"), header.index("Indicative Review Date")
        count = 0
        for row in values:
            if not any(v is not None for v in row):
                continue
            count += 1
            if row[urn] is not None and str(row[urn]).strip():
                urns.add(str(row[urn]).strip())
            if row[review] is not None and row[review].year == 1905:
                review_1905 += 1
        workbook.close()
        rows[path.name] = count
    return urns, rows, review_1905


def test_import_is_fast_enough(imported):
    _, _, seconds = imported
    assert seconds < 60, f"importing the real exports took {seconds:.1f} s"


def test_every_row_is_kept(imported, independent):
    db, report, _ = imported
    _, rows, _ = independent
    assert {s.name: s.rows for s in report.sources} == rows
    assert report.rows == sum(rows.values())


def test_every_distinct_urn_is_in_the_library(imported, independent):
    db, report, _ = imported
    urns, _, _ = independent
    library = NosLibrary(db)
    rows = library.all_rows()
    # nothing lost: every URN cell of the files is stored as it was read
    stored = {str(r.raw["URN"]).strip() for r in rows if r.raw["URN"] is not None}
    assert stored - {""} == urns
    # every URN is a code of the library, except cells holding "code + title" (NL015),
    # whose code is the part before the title
    split = {(f.location.file, f.location.line) for f in library.findings(code="NL015")}
    assert len(split) > 50
    expected = set()
    for r in rows:
        urn = " ".join(str(r.raw["URN"] or "").split())
        if not urn:
            assert r.code == "" and r.key == ""
        elif (r.source, r.row) in split:
            assert urn.endswith(r.title) or urn.casefold().endswith(r.title.casefold())
            assert urn.startswith(r.code) and len(r.code) < len(urn)
            expected.add(normalise_code(r.code))
        else:
            assert r.code == urn
            expected.add(normalise_code(urn))
    assert set(library.keys()) == expected
    assert report.codes == len(expected)
    for key in sorted(expected)[::97]:  # a spread of codes resolves through get()
        assert library.get(key) is not None, key
    assert library.get("SFJ EA2") is not None and library.get("PPLFDC06") is not None


def test_findings_have_file_row_and_column(imported, independent):
    db, report, _ = imported
    library = NosLibrary(db)
    names = {s.name for s in report.sources}
    findings = library.findings()
    assert findings
    for f in findings:
        assert f.location.file in names and f.location.line >= 2 and f.location.path
    no_urn = library.findings(code="NL001")
    assert [(f.location.file, f.location.line) for f in no_urn] == [
        ("PublishedNos_Details.xlsx", n) for n in [*range(187, 201), 753, 962]]
    _, _, review_1905 = independent
    assert len(library.findings(code="NL007")) == review_1905


def test_known_dirt_in_the_real_files(imported):
    db, _, _ = imported
    library = NosLibrary(db)
    archived = library.record("EUSNCO108W")
    assert archived.raw["Validity"] == "Archive" and archived.validity is None
    assert "validity" in library.get("EUSNCO108W").unconfirmed
    assert library.get("COSVR539").validity is Validity.CURRENT  # spelled "current"
    spellings = {r.code for r in library.records("SFJEA2")}
    assert spellings == {"SFJEA2", "SFJ EA2"}
    both = library.findings(code="NL022")
    assert both and {f.location.file for f in both} <= {"PublishedNos_Details.xlsx",
                                                         "PublishedNos-old_Details.xlsx"}
    assert library.findings(code="NL023")  # legacy URNs ending in L beside their successor


def test_search_victims_json(imported, cli_run):
    db, _, _ = imported
    result = cli_run("library", "search", "victims", "--json", "--db", db)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    top = data["results"][:10]
    assert len(top) == 10
    for hit in top:
        assert hit["code"].startswith("SFJ"), hit
        assert "victim" in hit["title"].lower(), hit
        assert hit["source"]["row"] >= 2
    # the victim-support NOS of the Community Justice suite, by their real codes
    keys = {hit["key"] for hit in data["results"]}
    assert {"SFJCJBE1", "SFJCJBE3", "SFJDE1", "SFJDE5", "SFJBE1"} <= keys, sorted(keys)


def test_framework_composes_with_a_library_code(imported, monkeypatch, write):
    db, _, _ = imported
    monkeypatch.setenv("NOSFRAME_HOME", str(db.parent))
    path = write("victims.toml", """
        [framework]
        id = "victim-support"

        [[roles]]
        id = "caseworker"
        title = "Victim caseworker"
        standards = ["SFJCJBE1", "sfj ea2"]
    """)
    composed = nosframe.load(path, load_plugins(entry_points=False))
    standard = composed.standard("SFJCJBE1")
    assert standard is not None and "victims" in standard.title
    assert standard.developed_by == "Skills for Justice"
    for key in ("SFJCJBE1", "SFJEA2"):
        prov = composed.provenance_of("standard", key)
        assert prov.origin.kind == "library" and prov.origin.name == "uk-nos"
