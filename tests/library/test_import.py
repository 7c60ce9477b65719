"""Importing list exports: every row kept, the real-world dirt normalised or reported."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from nosframe.library import (
    CODES,
    SEVERITIES,
    LibraryError,
    NosLibrary,
    import_exports,
    read_export,
)
from nosframe.model import Category, StandardStatus, Validity


def findings_of(library: NosLibrary, code: str) -> list:
    return library.findings(code=code)


def test_clean_row_maps_to_a_standard(export, nos_row, db):
    path = export("a.xlsx", [nos_row("SFJAA1")])
    report = import_exports([path], db)
    assert (report.rows, report.standards, report.codes) == (1, 1, 1)
    assert report.findings_by_code == {}
    standard = NosLibrary(db).get("SFJAA1")
    assert standard.code == "SFJAA1"
    assert standard.title == "Promote equality and value diversity"
    assert standard.developed_by == "Skills for Justice"
    assert standard.validity is Validity.CURRENT
    assert standard.status is StandardStatus.ORIGINAL
    assert standard.category is Category.CORE
    assert standard.suites == ("Common standards across the Justice sector",)
    assert standard.occupations == ("Police Officers",)
    assert standard.soc_codes == ("3312",)
    assert standard.keywords == ("equality", "diversity")
    assert standard.indicative_review_date == dt.date(2024, 3, 31)
    assert standard.original_urn == "SFJAA1"
    assert standard.source_url == ""  # the export holds no web address
    assert standard.unconfirmed == ()


@pytest.mark.parametrize("raw, expected", [
    ("Current", Validity.CURRENT), ("current", Validity.CURRENT),
    ("Legacy", Validity.LEGACY), ("LEGACY", Validity.LEGACY), ("legacy", Validity.LEGACY),
    (" Legacy ", Validity.LEGACY),
])
def test_validity_spellings_are_normalised(export, nos_row, db, raw, expected):
    import_exports([export("a.xlsx", [nos_row("X1", Validity=raw)])], db)
    library = NosLibrary(db)
    assert library.get("X1").validity is expected
    assert library.get("X1").unconfirmed == ()
    assert library.findings() == []


def test_archive_and_blank_validity_are_reported_and_kept_raw(export, nos_row, db):
    path = export("a.xlsx", [nos_row("X1", Validity="Archive"), nos_row("X2", Validity=None)])
    import_exports([path], db)
    library = NosLibrary(db)
    archived = library.record("X1")
    assert archived.validity is None and archived.raw["Validity"] == "Archive"
    assert library.get("X1").validity is Validity.LEGACY
    assert "validity" in library.get("X1").unconfirmed
    assert "validity" in library.get("X2").unconfirmed
    (nl003,) = findings_of(library, "NL003")
    assert "'Archive'" in nl003.message
    assert (nl003.location.file, nl003.location.line, nl003.location.path) == (
        "a.xlsx", 2, "Validity")
    (nl002,) = findings_of(library, "NL002")
    assert nl002.location.line == 3 and nl002.element == ("standard", "X2")


@pytest.mark.parametrize("raw, expected", [
    ("Core", Category.CORE), ("Generic", Category.GENERIC),
    ("Job Specific", Category.JOB_SPECIFIC), ("JobSpecific", Category.JOB_SPECIFIC),
    ("job-specific", Category.JOB_SPECIFIC),
])
def test_category_spellings_are_normalised(export, nos_row, db, raw, expected):
    import_exports([export("a.xlsx", [nos_row("X1", NOSCategory=raw)])], db)
    assert NosLibrary(db).get("X1").category is expected


def test_blank_and_unknown_category_are_reported(export, nos_row, db):
    path = export("a.xlsx", [nos_row("X1", NOSCategory=None),
                             nos_row("X2", NOSCategory="Optional")])
    import_exports([path], db)
    library = NosLibrary(db)
    assert library.get("X1").category is None and library.get("X2").category is None
    assert [f.location.line for f in findings_of(library, "NL004")] == [2]
    (nl005,) = findings_of(library, "NL005")
    assert nl005.location.line == 3 and "'Optional'" in nl005.message
    assert library.record("X2").raw["NOSCategory"] == "Optional"


def test_lists_with_trailing_separators_and_repeats(export, nos_row, db):
    path = export("a.xlsx", [nos_row(
        "X1", Suite="Highways Maintenance (Construction); ",
        Occupations="Arts Administrator; Artist; Arts Administrator;  ;",
        Keywords="Court; tribunal; case;\n\n")])
    import_exports([path], db)
    standard = NosLibrary(db).get("X1")
    assert standard.suites == ("Highways Maintenance (Construction)",)
    assert standard.occupations == ("Arts Administrator", "Artist")
    assert standard.keywords == ("Court", "tribunal", "case")


def test_keywords_separated_by_commas_only(export, nos_row, db):
    import_exports([export("a.xlsx", [nos_row("X1", Keywords="Supervise, maintenance,  "
                                                              "explosives")])], db)
    assert NosLibrary(db).get("X1").keywords == ("Supervise", "maintenance", "explosives")


def test_review_dates(export, nos_row, db):
    path = export("a.xlsx", [
        nos_row("X1", Indicative_Review_Date=None),
        nos_row("X2", Indicative_Review_Date=dt.datetime(1905, 3, 15)),
        nos_row("X3", Indicative_Review_Date="sometime next year"),
        nos_row("X4", Indicative_Review_Date="31/03/2022"),
        nos_row("X5", Indicative_Review_Date=44651),  # a number: an unformatted serial?
    ])
    import_exports([path], db)
    library = NosLibrary(db)
    assert [library.get(c).indicative_review_date for c in ("X1", "X2", "X3", "X4", "X5")] == [
        None, None, None, dt.date(2022, 3, 31), None]
    assert [f.location.line for f in findings_of(library, "NL006")] == [2]
    (nl007,) = findings_of(library, "NL007")
    assert nl007.location.line == 3 and "1905-03-15" in nl007.message
    assert [f.location.line for f in findings_of(library, "NL008")] == [4, 6]
    assert library.record("X2").raw["Indicative Review Date"].startswith("1905-03-15")
    assert library.record("X3").raw["Indicative Review Date"] == "sometime next year"


def test_truncated_titles_are_reported_not_changed(export, nos_row, db):
    title = "Provide safe, emergency accommodation for victims and"
    path = export("a.xlsx", [nos_row("X1", NOS_Title=f"  {title} "),
                             nos_row("X2", NOS_Title=None)])
    import_exports([path], db)
    library = NosLibrary(db)
    assert library.get("X1").title == title
    assert library.get("X1").unconfirmed == ("title",)
    (nl010,) = findings_of(library, "NL010")
    assert nl010.location.line == 2 and nl010.location.path == "NOS Title"
    assert [f.location.line for f in findings_of(library, "NL011")] == [3]


def test_soc_codes(export, nos_row, db):
    path = export("a.xlsx", [nos_row("X1", SOC_Code="1150, 2462"),
                             nos_row("X2", SOC_Code="3567; 2222;"),
                             nos_row("X3", SOC_Code="x2122"),
                             nos_row("X4", SOC_Code=5434)])
    import_exports([path], db)
    library = NosLibrary(db)
    assert library.get("X1").soc_codes == ("1150", "2462")
    assert library.get("X2").soc_codes == ("3567", "2222")
    assert library.get("X3").soc_codes == ()
    assert library.get("X4").soc_codes == ("5434",)
    (nl009,) = findings_of(library, "NL009")
    assert nl009.location.line == 4 and "'x2122'" in nl009.message


def test_document_status(export, nos_row, db):
    path = export("a.xlsx", [nos_row("X1", NOS_Document_Status="Tailored"),
                             nos_row("X2", NOS_Document_Status=None),
                             nos_row("X3", NOS_Document_Status="Draft")])
    import_exports([path], db)
    library = NosLibrary(db)
    assert library.get("X1").status is StandardStatus.TAILORED
    assert library.get("X2").unconfirmed == ("status",)
    assert [f.location.line for f in findings_of(library, "NL012")] == [3]
    assert [f.location.line for f in findings_of(library, "NL013")] == [4]


def test_row_without_urn_is_kept_but_not_a_standard(export, nos_row, db):
    path = export("a.xlsx", [nos_row("X1"), nos_row(None, Name="SKASS24.pdf", Validity=None),
                             None, None])
    report = import_exports([path], db)
    (source,) = report.sources
    assert (source.rows, source.standards, source.codes, source.blank_rows) == (2, 1, 1, 2)
    library = NosLibrary(db)
    (nl001,) = findings_of(library, "NL001")
    assert (nl001.location.line, nl001.location.path) == (3, "URN")
    assert "SKASS24.pdf" in nl001.hint
    kept = library.row("a.xlsx", 3)
    assert kept.code == "" and kept.raw["Name"] == "SKASS24.pdf"
    assert kept.to_standard() is None
    assert library.keys() == ["X1"]


def test_urn_spaces_and_case(export, nos_row, db):
    path = export("a.xlsx", [nos_row("COGDO28 "), nos_row("LANFe9")])
    import_exports([path], db)
    library = NosLibrary(db)
    assert library.get("COGDO28").code == "COGDO28"
    assert library.get("lanfe9").code == "LANFe9"  # published spelling kept, matched by key
    assert library.record("COGDO28").raw["URN"] == "COGDO28 "


def test_spelling_variants_are_one_code_with_a_preferred_row(export, nos_row, db):
    path = export("a.xlsx", [
        nos_row("SFJEA2", NOS_Title="Old title", Modified=dt.datetime(2015, 1, 1)),
        nos_row("SFJ EA2", NOS_Title="New title", Modified=dt.datetime(2019, 3, 11)),
    ])
    import_exports([path], db)
    library = NosLibrary(db)
    assert library.get("SFJEA2").title == "New title"
    assert library.get("sfj ea2").code == "SFJ EA2"
    rows = library.records("SFJEA2")
    assert [(r.row, r.preferred) for r in rows] == [(3, True), (2, False)]
    (nl021,) = findings_of(library, "NL021")
    assert nl021.location.line == 2 and "'SFJEA2'" in nl021.message
    (nl020,) = findings_of(library, "NL020")
    assert nl020.location.line == 2 and "row 3" in nl020.message


def test_current_beats_newer_legacy(export, nos_row, db):
    path = export("a.xlsx", [
        nos_row("X1", NOS_Title="Current one", Modified=dt.datetime(2015, 1, 1)),
        nos_row("X1", NOS_Title="Legacy one", Validity="Legacy",
                Modified=dt.datetime(2019, 1, 1)),
    ])
    import_exports([path], db)
    assert NosLibrary(db).get("X1").title == "Current one"


def test_legacy_urn_ending_in_l(export, nos_row, db):
    path = export("a.xlsx", [nos_row("COSVR290L", Validity="Legacy", NOS_Title="Old"),
                             nos_row("COSVR290", NOS_Title="New"),
                             nos_row("SFHCI.L", NOS_Title="Not legacy")])
    import_exports([path], db)
    library = NosLibrary(db)
    assert library.get("COSVR290L").title == "Old"
    assert library.get("COSVR290L").validity is Validity.LEGACY
    assert library.get("COSVR290").title == "New"
    assert library.get("COSVR290L").superseded_by == ""  # not said by the export
    (nl023,) = findings_of(library, "NL023")
    assert nl023.location.line == 2 and "'COSVR290'" in nl023.message


def test_same_urn_in_both_files(export, nos_row, db):
    new = export("PublishedNos_Details.xlsx", [
        nos_row("SFSCSH8", NOS_Title="Newer", Modified=dt.datetime(2019, 4, 4))])
    old = export("PublishedNos-old_Details.xlsx", [
        nos_row("SFSCSH8", NOS_Title="Older", Modified=dt.datetime(2018, 8, 7)),
        nos_row("SFSCSH9")])
    report = import_exports([new, old], db)
    assert (report.rows, report.standards, report.codes) == (3, 3, 2)
    library = NosLibrary(db)
    assert library.get("SFSCSH8").title == "Newer"
    (nl022,) = findings_of(library, "NL022")
    assert nl022.location.file == "PublishedNos-old_Details.xlsx"
    assert nl022.location.line == 2
    assert "PublishedNos_Details.xlsx:2" in nl022.message


def test_every_finding_has_a_file_row_and_column(export, nos_row, db):
    path = export("a.xlsx", [nos_row("X1", Validity="Archive", NOSCategory=None,
                                     Indicative_Review_Date=dt.datetime(1905, 3, 15)),
                             nos_row("X 1", SOC_Code="x"), nos_row(None)])
    import_exports([path], db)
    found = NosLibrary(db).findings()
    assert {f.code for f in found} >= {"NL001", "NL003", "NL004", "NL007", "NL009", "NL021"}
    for f in found:
        assert f.location.file == "a.xlsx" and f.location.line >= 2 and f.location.path
        assert f.code in CODES and f.severity is SEVERITIES[f.code]


def test_extra_columns_are_kept_raw(export, nos_row, db):
    row = nos_row("X1") | {"Welsh Title": "Hyrwyddo cydraddoldeb"}
    path = export("a.xlsx", [row], columns=[*row])
    import_exports([path], db)
    assert NosLibrary(db).record("X1").raw["Welsh Title"] == "Hyrwyddo cydraddoldeb"


def test_header_names_match_case_and_space_insensitively(export, nos_row, tmp_path):
    from nosframe.library import COLUMNS

    path = export("a.xlsx", [nos_row("X1")], columns=[" " + c.upper() for c in COLUMNS])
    # the rows are written by the original names, so only the header differs
    export_file = read_export(path)
    assert export_file.columns[:len(COLUMNS)] == COLUMNS


# -- idempotent and atomic imports ------------------------------------------------------------


def test_reimport_replaces_the_rows_of_that_file(export, nos_row, db):
    a = export("a.xlsx", [nos_row("X1"), nos_row("X2")])
    b = export("b.xlsx", [nos_row("Y1")])
    import_exports([a, b], db)
    again = import_exports([a], db)
    assert (again.rows, again.standards, again.codes) == (3, 3, 3)
    assert NosLibrary(db).findings() == []
    # a newer download of a.xlsx, elsewhere: one row fewer, one changed
    newer = export("a.xlsx", [nos_row("X1", NOS_Title="Changed")], folder="downloads")
    report = import_exports([newer], db)
    assert (report.rows, report.codes) == (2, 2)
    library = NosLibrary(db)
    assert library.keys() == ["X1", "Y1"]
    assert library.get("X1").title == "Changed"
    assert [s.path for s in library.sources() if s.name == "a.xlsx"] == [str(newer.resolve())]


def test_cross_row_findings_are_recomputed(export, nos_row, db):
    a = export("a.xlsx", [nos_row("X1", Modified=dt.datetime(2019, 1, 1))])
    b = export("b.xlsx", [nos_row("X1", Modified=dt.datetime(2018, 1, 1))])
    import_exports([a, b], db)
    assert [f.location.file for f in NosLibrary(db).findings(code="NL022")] == ["b.xlsx"]
    import_exports([export("b.xlsx", [nos_row("Z9")])], db)
    assert NosLibrary(db).findings(code="NL022") == []


def test_failed_import_changes_nothing(export, nos_row, db, tmp_path):
    good = export("a.xlsx", [nos_row("X1")])
    import_exports([good], db)
    before = db.read_bytes()
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    with pytest.raises(LibraryError):
        import_exports([export("c.xlsx", [nos_row("C1")]), bad], db)
    assert db.read_bytes() == before
    assert sorted(p.name for p in db.parent.iterdir()) == ["library.sqlite"]


def test_import_into_a_file_that_is_not_a_library(export, nos_row, tmp_path):
    target = tmp_path / "notes.sqlite"
    target.write_text("my notes")
    with pytest.raises(LibraryError, match="not a nosframe library"):
        import_exports([export("a.xlsx", [nos_row("X1")])], target)
    assert target.read_text() == "my notes"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_two_different_files_with_one_name(export, nos_row, db):
    a = export("a.xlsx", [nos_row("X1")])
    other = export("a.xlsx", [nos_row("X2")], folder="other")
    with pytest.raises(LibraryError, match="two files named 'a.xlsx'"):
        import_exports([a, other], db)
    assert not db.exists()


def test_library_file_is_replaced_and_readers_follow(export, nos_row, db):
    import_exports([export("a.xlsx", [nos_row("X1")])], db)
    library = NosLibrary(db)
    assert library.get("X1") is not None
    inode = os.stat(db).st_ino
    import_exports([export("a.xlsx", [nos_row("X2")])], db)
    assert os.stat(db).st_ino != inode  # a new file swapped in, not the old one rewritten
    assert library.get("X1") is None and library.get("X2") is not None  # the reader follows
    db.unlink()
    with pytest.raises(LibraryError, match="no library here"):
        library.get("X2")


def test_default_location_is_nosframe_home(export, nos_row, monkeypatch, tmp_path):
    from nosframe.library import default_db_path

    monkeypatch.setenv("NOSFRAME_HOME", str(tmp_path / "home"))
    assert default_db_path() == tmp_path / "home" / "library.sqlite"
    report = import_exports([export("a.xlsx", [nos_row("X1")])])
    assert report.db == tmp_path / "home" / "library.sqlite" and report.db.is_file()
    monkeypatch.delenv("NOSFRAME_HOME")
    assert str(default_db_path()).endswith(os.path.join(".local", "share", "nosframe",
                                                        "library.sqlite"))


def test_urn_cell_holding_code_and_title(export, nos_row, db):
    title = "Manage abnormal landing situations"
    path = export("a.xlsx", [
        nos_row("PPLFDC06 - Manage abnormal landing situations", NOS_Title=title),
        nos_row("SFL 233 Develop and use a programme of role play",
                NOS_Title="Develop and use a programme of role play"),
        nos_row("aviation problems, problem solving", NOS_Title="Identify and resolve problems"),
    ])
    import_exports([path], db)
    library = NosLibrary(db)
    assert library.get("PPLFDC06").title == title
    assert library.record("PPLFDC06").raw["URN"] == "PPLFDC06 - " + title
    assert library.get("SFL233").code == "SFL 233"
    assert [f.location.line for f in findings_of(library, "NL015")] == [2, 3]
    (nl016,) = findings_of(library, "NL016")
    assert nl016.location.line == 4
    assert library.get("aviation problems, problem solving") is not None  # kept as published
