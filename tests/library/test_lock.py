"""A framework file that uses national-library standards works on another machine (issue 9 §2).

What the framework takes from the library is recorded in the file (``[[library_lock]]``: the
standard's published metadata, the library, its source, the date), so the file checks the same
where no library is installed; where the installed library now differs, an info finding names
the fields, and ``nosframe library refresh`` records the library's copy again.

The rows are copied as published from the UK NOS list exports in ``../shared/data/nos``
(``tests/data/nos/rows.json``, the ``published_rows`` fixture): SFJZB3, and SFJGM1 in the old
export (its legacy version) and in the current one. Importing the second export is the library
changing under a framework that recorded the first.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from attrs import evolve

import nosframe
from nosframe.editing import AddStandards, Change, RefreshLibrary, Session, Tailor
from nosframe.editing import EditError
from nosframe.io import dumps, load_document, loads
from nosframe.library import NosLibrary, import_exports
from nosframe.model import StandardStatus
from nosframe.model.elements import looks_like_nos_code
from nosframe.plugins import load_plugins

TODAY = dt.date(2026, 12, 3)

FRAMEWORK = """
    [framework]
    id = "custody"
    title = "Custody suite framework"
    organisation = "Northshire Police"

    [[roles]]
    id = "custody-officer"
    title = "Custody officer"
    purpose = "Looks after detained people"
"""


@pytest.fixture
def rows(published_rows):
    return published_rows


@pytest.fixture
def home(tmp_path, export, monkeypatch):
    """home(*exports) -> the NOSFRAME_HOME holding a library of those exports, each a
    (file name, rows) pair; set as NOSFRAME_HOME. An empty call makes a home with no library."""

    def _home(*exports: tuple[str, list[dict]], name: str = "home") -> Path:
        folder = tmp_path / name
        folder.mkdir(exist_ok=True)
        if exports:
            import_exports([export(file, rows, folder=f"exports-{name}")
                            for file, rows in exports], folder / "library.sqlite")
        monkeypatch.setenv("NOSFRAME_HOME", str(folder))
        return folder

    return _home


def plugins():
    """The default plugins, the library plugin reading NOSFRAME_HOME as it is now."""
    return load_plugins(entry_points=False)


def add_from_library(path: Path, *codes: str) -> Session:
    session = Session.open(path, plugins(), today=TODAY)
    session.do(AddStandards("custody-officer", list(codes)))
    session.save()
    return session


def check_json(cli_run, path: Path) -> tuple[int, list[dict]]:
    result = cli_run("check", path, "--format", "json", "--today", "2026-12-03")
    return result.exit_code, json.loads(result.stdout)["findings"]


# ---------------------------------------------------------------------------------------------
# recording


def test_adding_a_library_standard_records_it_in_the_file(rows, home, write):
    library_home = home(("PublishedNos-old_Details.xlsx", [rows["SFJZB3"]]))
    path = write("custody.toml", FRAMEWORK)
    session = Session.open(path, plugins(), today=TODAY)
    result = session.do(AddStandards("custody-officer", ["SFJZB3"]))
    assert "library standard SFJZB3 recorded from uk-nos" in result.changes
    session.save()

    text = path.read_text()
    assert "[[library_lock]]" in text and "[library_lock.standard]" in text
    entry = load_document(path).framework.locked("SFJZB3")
    published = NosLibrary(library_home / "library.sqlite").get("SFJZB3")
    assert entry.standard == published
    assert entry.standard.title == "Provide effective customer service in custodial environments"
    assert entry.standard.suites == ("Custodial Care",)
    assert entry.library == "uk-nos"
    assert re.fullmatch(r"PublishedNos-old_Details\.xlsx row 2, sha256 [0-9a-f]{64}",
                        entry.source)
    assert entry.taken == TODAY
    # the role names the code only; the standard itself is not copied into [[standards]]
    assert load_document(path).framework.standards == ()


def test_typing_a_library_code_into_a_role_records_it_and_changing_it_drops_it(rows, home, write):
    home(("PublishedNos-old_Details.xlsx", [rows["SFJZB3"]]))
    path = write("custody.toml", FRAMEWORK)
    session = Session.open(path, plugins(), today=TODAY)
    role = session.element("role", "custody-officer")
    session.do(Change("role", "custody-officer", evolve(role, standards=("SFJZB3",)), role))
    assert session.root.locked("SFJZB3") is not None
    role = session.element("role", "custody-officer")
    session.do(Change("role", "custody-officer", evolve(role, standards=()), role))
    assert session.root.library_lock == ()


def test_check_and_compose_record_nothing(rows, home, write, cli_run):
    home(("PublishedNos-old_Details.xlsx", [rows["SFJZB3"]]))
    path = write("custody.toml", FRAMEWORK + '    standards = ["SFJZB3"]\n')
    before = path.read_bytes()
    assert cli_run("check", path).exit_code == 0
    composed = nosframe.load(path, plugins())
    assert composed.provenance_of("standard", "SFJZB3").origin.kind == "library"
    assert path.read_bytes() == before
    assert load_document(path).framework.library_lock == ()


# ---------------------------------------------------------------------------------------------
# another machine


def test_the_file_checks_the_same_without_the_library(rows, home, write, cli_run):
    home(("PublishedNos-old_Details.xlsx", [rows["SFJZB3"]]))
    path = write("custody.toml", FRAMEWORK)
    add_from_library(path, "SFJZB3")
    code_here, here = check_json(cli_run, path)

    home(name="elsewhere")  # an empty NOSFRAME_HOME: no library
    assert "uk-nos" not in plugins().libraries()
    code_there, there = check_json(cli_run, path)
    assert (code_there, there) == (code_here, here) == (0, here)
    assert not [f for f in there if f["code"] in ("NF102", "NF124", "NF125")]

    composed = nosframe.load(path, plugins())
    standard = composed.standard("SFJZB3")
    assert standard.title == "Provide effective customer service in custodial environments"
    origin = composed.provenance_of("standard", "SFJZB3").origin
    assert (origin.kind, origin.name, origin.note) == ("library", "uk-nos",
                                                      "copy recorded 2026-12-03")

    # what the file did before: without its records the same file fails there
    bare = path.with_name("bare.toml")
    bare.write_text(dumps(evolve(load_document(path).framework, library_lock=())))
    result = cli_run("check", bare)
    assert result.exit_code == 1
    assert "error NF102: role 'custody-officer' requires unknown standard 'SFJZB3'" in \
        result.output


def test_a_changed_library_is_an_info_finding_naming_the_fields(rows, home, write, cli_run):
    home(("PublishedNos-old_Details.xlsx", [rows["SFJGM1 legacy"]]))
    path = write("custody.toml", FRAMEWORK)
    add_from_library(path, "SFJGM1")
    recorded = load_document(path).framework.locked("SFJGM1").standard
    assert recorded.validity.value == "legacy"
    assert not [f for f in check_json(cli_run, path)[1] if f["code"] == "NF124"]

    # the current export is imported beside the old one: SFJGM1's preferred row is now current
    home(("PublishedNos-old_Details.xlsx", [rows["SFJGM1 legacy"]]),
         ("PublishedNos_Details.xlsx", [rows["SFJGM1"]]), name="updated")
    code, findings = check_json(cli_run, path)
    assert code == 0
    (info,) = [f for f in findings if f["code"] == "NF124"]
    assert info["severity"] == "info"
    assert info["message"] == (
        "standard SFJGM1 in library 'uk-nos' differs from the copy recorded 2026-12-03: "
        "title, indicative_review_date, validity, category, soc_codes")
    assert "nosframe library refresh custody.toml --code SFJGM1" in info["hint"]
    assert info["location"]["path"] == "library_lock[0]"
    # the installed library's copy is the one used
    composed = nosframe.load(path, plugins())
    assert composed.standard("SFJGM1").title.endswith("before they give evidence")


def test_refresh_records_the_library_copy_again(rows, home, write, cli_run):
    home(("PublishedNos-old_Details.xlsx", [rows["SFJGM1 legacy"], rows["SFJZB3"]]))
    path = write("custody.toml", FRAMEWORK)
    add_from_library(path, "SFJGM1", "SFJZB3")
    zb3_before = load_document(path).framework.locked("SFJZB3")
    home(("PublishedNos-old_Details.xlsx", [rows["SFJGM1 legacy"], rows["SFJZB3"]]),
         ("PublishedNos_Details.xlsx", [rows["SFJGM1"]]), name="updated")

    result = cli_run("library", "refresh", path, "--code", "sfj gm1")
    assert result.exit_code == 0, result.output
    assert "library standard SFJGM1: recorded copy refreshed from uk-nos" in result.output
    framework = load_document(path).framework
    entry = framework.locked("SFJGM1")
    assert entry.standard == plugins().libraries()["uk-nos"].get("SFJGM1")
    assert entry.standard.validity.value == "current"
    assert entry.source.startswith("PublishedNos_Details.xlsx row 2, sha256 ")
    assert entry.taken == dt.date.today()
    assert framework.locked("SFJZB3") == zb3_before  # not asked for: unchanged
    assert [e.key for e in framework.library_lock] == ["SFJGM1", "SFJZB3"]  # in place
    assert not [f for f in check_json(cli_run, path)[1] if f["code"] == "NF124"]

    again = cli_run("library", "refresh", path)
    assert again.exit_code == 0 and "nothing to write" in again.output


def test_a_new_export_with_the_same_copy_changes_nothing(rows, home, write, cli_run):
    home(("PublishedNos-old_Details.xlsx", [rows["SFJZB3"]]))
    path = write("custody.toml", FRAMEWORK)
    add_from_library(path, "SFJZB3")
    before = path.read_bytes()
    # another release of the export: SFJZB3 is the same, on another row of another file
    home(("PublishedNos-old_Details.xlsx", [rows["SFJGM1 legacy"], rows["SFJZB3"]]),
         name="release")
    assert not [f for f in check_json(cli_run, path)[1] if f["code"] == "NF124"]
    result = cli_run("library", "refresh", path)
    assert result.exit_code == 0 and "nothing to write" in result.output
    assert path.read_bytes() == before


def test_refresh_records_what_an_older_file_takes_and_drops_unused_records(rows, home, write,
                                                                          cli_run):
    home(("PublishedNos-old_Details.xlsx", [rows["SFJZB3"], rows["SFJGM1 legacy"]]))
    path = write("custody.toml", FRAMEWORK)
    add_from_library(path, "SFJGM1")
    session = Session.open(path, plugins(), today=TODAY)
    role = session.element("role", "custody-officer")
    # a file written before records existed: the role names rows["SFJZB3"], nothing records it
    session.do(Change("role", "custody-officer", evolve(role, standards=("SFJZB3",)), role))
    path.write_text(dumps(evolve(session.root, library_lock=load_document(path)
                                 .framework.library_lock)))
    code, findings = check_json(cli_run, path)
    (unused,) = [f for f in findings if f["code"] == "NF125"]
    assert unused["severity"] == "info" and "SFJGM1" in unused["message"]

    result = cli_run("library", "refresh", path)
    assert result.exit_code == 0, result.output
    assert "library standard SFJZB3 recorded from uk-nos" in result.output
    assert "library standard SFJGM1: record dropped" in result.output
    assert [e.key for e in load_document(path).framework.library_lock] == ["SFJZB3"]


def test_refresh_without_a_library_or_for_a_code_not_taken_from_one_exits_2(rows, home, write,
                                                                            cli_run):
    home(("PublishedNos-old_Details.xlsx", [rows["SFJZB3"]]))
    path = write("custody.toml", FRAMEWORK)
    add_from_library(path, "SFJZB3")
    result = cli_run("library", "refresh", path, "--code", "SFJAA1")
    assert result.exit_code == 2
    assert "does not take standard 'SFJAA1' from a library" in result.output
    home(("PublishedNos_Details.xlsx", [rows["SFJGM1"]]), name="without-sfjzb3")
    result = cli_run("library", "refresh", path, "--code", "SFJZB3")
    assert result.exit_code == 2
    assert "recorded from library 'uk-nos', which no longer has it; its record stays" in \
        result.output
    home(name="elsewhere")
    before = path.read_bytes()
    result = cli_run("library", "refresh", path)
    assert result.exit_code == 2
    assert "no library of standards is installed" in result.output
    assert "nosframe library import" in result.output
    assert path.read_bytes() == before
    assert cli_run("library", "refresh", path.with_name("nope.toml")).exit_code == 2


def test_refresh_is_an_operation_with_undo(rows, home, write):
    home(("PublishedNos-old_Details.xlsx", [rows["SFJGM1 legacy"]]))
    path = write("custody.toml", FRAMEWORK)
    add_from_library(path, "SFJGM1")
    home(("PublishedNos-old_Details.xlsx", [rows["SFJGM1 legacy"]]),
         ("PublishedNos_Details.xlsx", [rows["SFJGM1"]]), name="updated")
    session = Session.open(path, plugins(), today=TODAY)
    assert [f.code for f in session.findings()].count("NF124") == 1
    result = session.do(RefreshLibrary())
    assert result.label == "refresh library standards"
    assert [f.code for f in result.resolved] == ["NF124"]
    assert session.root.locked("SFJGM1").standard.validity.value == "current"
    assert session.undo() == "refresh library standards"
    assert session.root.locked("SFJGM1").standard.validity.value == "legacy"
    with pytest.raises(EditError, match="does not take standard 'SFJAA1'"):
        session.do(RefreshLibrary(["SFJAA1"]))


def test_tailoring_a_library_standard_drops_its_record(rows, home, write):
    home(("PublishedNos-old_Details.xlsx", [rows["SFJZB3"]]))
    path = write("custody.toml", FRAMEWORK)
    session = add_from_library(path, "SFJZB3")
    session.do(Tailor("SFJZB3"))
    assert session.root.library_lock == ()
    assert session.own_element("standard", "SFJZB3").status is StandardStatus.TAILORED
    assert not [f for f in session.findings() if f.code in ("NF102", "NF125")]
    # editing one of its fields tailors a copy too, and drops the record the same way
    session = add_from_library(write("other.toml", FRAMEWORK), "SFJZB3")
    standard = session.element("standard", "SFJZB3")
    session.do(Change("standard", "SFJZB3", evolve(standard, overview="Our custody suites"),
                      standard))
    assert session.root.library_lock == ()
    assert session.own_element("standard", "SFJZB3").overview == "Our custody suites"


# ---------------------------------------------------------------------------------------------
# the format


def test_records_survive_load_save_and_the_journal(rows, home, write):
    home(("PublishedNos-old_Details.xlsx", [rows["SFJZB3"], rows["SFJGM1 legacy"]]))
    path = write("custody.toml", FRAMEWORK)
    add_from_library(path, "SFJZB3", "SFJGM1")
    document = load_document(path)
    lock = document.framework.library_lock
    assert [e.key for e in lock] == ["SFJZB3", "SFJGM1"]
    assert loads(dumps(document.framework)).framework == document.framework
    assert dumps(loads(dumps(document.framework)).framework) == dumps(document.framework)

    session = Session.open(path, plugins(), today=TODAY)  # an edit elsewhere keeps them
    session.do(Change("role", "custody-officer",
                      evolve(session.element("role", "custody-officer"), title="Detention "
                             "officer"), session.element("role", "custody-officer")))
    session.write_journal()
    assert session.read_journal().framework.library_lock == lock
    session.save()
    assert load_document(path).framework.library_lock == lock
    assert load_document(path).framework.roles[0].title == "Detention officer"


def test_a_code_recorded_twice_is_refused(write, cli_run):
    entry = """
        [[library_lock]]
        library = "uk-nos"
        taken = 2026-12-03
        [library_lock.standard]
        code = "SFJZB3"
        title = "Provide effective customer service in custodial environments"
    """
    path = write("twice.toml", FRAMEWORK + entry + entry.replace('"SFJZB3"', '"SFJ ZB3"'))
    result = cli_run("check", path)
    assert result.exit_code == 2
    assert "duplicate recorded library standard 'SFJZB3'" in result.output


def test_a_record_with_an_unknown_key_is_refused_with_a_hint(write, cli_run):
    path = write("typo.toml", FRAMEWORK + """
        [[library_lock]]
        library = "uk-nos"
        takn = 2026-12-03
        [library_lock.standard]
        code = "SFJZB3"
    """)
    result = cli_run("check", path)
    assert result.exit_code == 2
    assert "did you mean 'taken'" in result.output
    assert "Traceback" not in result.output


# ---------------------------------------------------------------------------------------------
# the hint for an unknown code


def test_an_unknown_code_hint_says_to_install_the_library_when_none_is(home, write, cli_run):
    home(name="empty")
    path = write("custody.toml", FRAMEWORK + """    standards = ["SFJZB3", "custody skills"]

        [[standards]]
        code = "SFJZA13"
        title = "Ensure organisational compliance with Freedom of Information legislation"
    """.replace("\n        ", "\n    "))
    result = cli_run("check", path, "--format", "json")
    assert result.exit_code == 1
    hints = {f["message"]: f["hint"] for f in json.loads(result.stdout)["findings"]
             if f["code"] == "NF102"}
    urn = hints["role 'custody-officer' requires unknown standard 'SFJZB3'"]
    assert urn.startswith("if 'SFJZB3' is a national standard, install the national library")
    assert "no library is installed, so whether it is published cannot be checked here" in urn
    assert "nosframe library import PublishedNos_Details.xlsx PublishedNos-old_Details.xlsx" \
        in urn
    assert urn.endswith("; or did you mean 'SFJZA13'?")
    # words are not written like a URN: no claim about the national library
    words = hints["role 'custody-officer' requires unknown standard 'custody skills'"]
    assert "national" not in words


def test_an_unknown_code_hint_names_the_installed_library(rows, home, write, cli_run):
    home(("PublishedNos-old_Details.xlsx", [rows["SFJZB3"]]))  # a library of one row: no SFJZB4
    path = write("custody.toml", FRAMEWORK + '    standards = ["SFJZB4"]\n')
    result = cli_run("check", path, "--format", "json")
    (finding,) = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "NF102"]
    assert finding["hint"].startswith("not in the installed libraries (uk-nos) either")
    assert "install the" not in finding["hint"]


@pytest.fixture(scope="module")
def real_library(real_exports, tmp_path_factory) -> NosLibrary:
    db = tmp_path_factory.mktemp("real") / "library.sqlite"
    import_exports(real_exports, db)
    return NosLibrary(db)


def test_the_rows_are_copied_as_published(real_library):
    data = json.loads((Path(__file__).parents[1] / "data" / "nos" / "rows.json").read_text())
    for name, entry in data.items():
        if name.startswith("_"):
            continue
        row = real_library.row(entry["file"], entry["row"])
        assert {k: v for k, v in row.raw.items() if v is not None} == entry["cells"], name


def test_published_codes_look_like_nos_codes(real_library):
    """The URN heuristic of the hint against every code of the real exports."""
    library = real_library
    codes = [row.code for row in library.all_rows() if row.preferred and row.code]
    misses = [c for c in codes if not looks_like_nos_code(c)]
    assert len(codes) > 20_000
    assert len(misses) <= 10, misses  # URN cells holding a title, a stray character
    for words in ("custody skills", "police-constable", "Provide customer service", "P1"):
        assert not looks_like_nos_code(words)


def test_a_library_whose_source_of_fails_is_still_recorded(write, home):
    """A plugin's library that raises in source_of (or returns no string): the record is made,
    with an empty source, never a traceback."""
    from nosframe.hookspecs import hookimpl
    from nosframe.model import Standard
    from nosframe.registry import Library

    home(name="empty")
    published = Standard("SFJZB3", "Provide effective customer service in custodial "
                         "environments", developed_by="Skills for Justice")

    class Broken(Library):
        name = "sector"

        def get(self, key):
            return published if key == "SFJZB3" else None

        def source_of(self, key):
            raise RuntimeError("no idea")

    class Plugin:
        @hookimpl
        def nosframe_libraries(self, register):
            register(Broken())

    path = write("custody.toml", FRAMEWORK)
    session = Session.open(path, load_plugins(entry_points=False, extra=[("sector", Plugin())]),
                           today=TODAY)
    session.do(AddStandards("custody-officer", ["SFJZB3"]))
    entry = session.root.locked("SFJZB3")
    assert (entry.library, entry.source, entry.standard) == ("sector", "", published)


@pytest.mark.parametrize("how", ["-o", "-o extending a preset", "--into"])
def test_a_workbook_imported_records_the_library_standards_its_roles_use(rows, home, write,
                                                                        cli_run, tmp_path,
                                                                        how):
    """A workbook filled in from the template names a library standard on Role standards
    only: the framework imported from it (a new one, with -o, extending a preset or not, or
    one updated --into) records it, as the editor does, so it checks the same on a machine
    without the library."""
    import openpyxl

    home(("PublishedNos-old_Details.xlsx", [rows["SFJZB3"]]))
    book = tmp_path / "filled.xlsx"
    assert cli_run("template", "xlsx", "-o", book).exit_code == 0
    wb = openpyxl.load_workbook(book)
    sheet = wb["Framework"]
    row = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "id")
    sheet.cell(row, 2, "custody")
    if how == "-o extending a preset":
        row = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "extends")
        sheet.cell(row, 2, "test-base")
    wb["Roles"].append(["case-officer", "Case officer"])
    wb["Role standards"].append(["case-officer", "SFJ ZB3"])
    wb.save(book)
    path = tmp_path / "filled.toml"
    if how == "--into":
        write("filled.toml", FRAMEWORK)
        result = cli_run("import", book, "--from", "xlsx", "--into", path, "--yes")
    else:
        result = cli_run("import", book, "-o", path)
    assert result.exit_code == 0, result.output
    written = load_document(path).framework
    assert [e.standard.code for e in written.library_lock] == ["SFJZB3"]
    assert written.library_lock[0].library == "uk-nos"
    assert written.standards == ()  # recorded, not copied into the file's own standards

    home(name="elsewhere")  # an empty NOSFRAME_HOME: no library
    result = cli_run("check", path)
    assert result.exit_code == 0, result.output
    assert "NF102" not in result.output


def _edit_role_standards(book: Path, edit) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(book)
    edit(wb["Role standards"])
    wb.save(book)


def test_into_previews_every_record_it_writes_and_drops_and_says_them(rows, home, write,
                                                                      cli_run, tmp_path):
    """An exported workbook edited: the role's library standard SFJZB3 taken out, SFJGM1
    typed in (spelt ' sfj gm1 '). The preview lists what that does to [[library_lock]]
    (SFJGM1 recorded, SFJZB3's record dropped), and applying it says both: what the preview
    says is what is written."""
    home(("PublishedNos-old_Details.xlsx", [rows["SFJZB3"]]),
         ("PublishedNos_Details.xlsx", [rows["SFJGM1"]]))
    path = write("custody.toml", FRAMEWORK)
    add_from_library(path, "SFJZB3")
    book = tmp_path / "custody.xlsx"
    assert cli_run("export", path, "--to", "xlsx", "-o", book).exit_code == 0

    def edit(sheet):
        sheet.delete_rows(2)  # custody-officer SFJZB3
        sheet.append(["custody-officer", " sfj gm1 "])

    _edit_role_standards(book, edit)
    result = cli_run("import", book, "--from", "xlsx", "--into", path, "--yes")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:4] == [
        "changed role custody-officer", "    standards: +SFJGM1, -SFJZB3",
        "records of library standards ([[library_lock]]): +SFJGM1, -SFJZB3"]
    assert "recorded from the library: SFJGM1 ([[library_lock]]" in result.stderr
    assert "records dropped: SFJZB3 ([[library_lock]]" in result.stderr
    written = load_document(path).framework
    assert [e.standard.code for e in written.library_lock] == ["SFJGM1"]
    assert written.roles[0].standards == ("SFJGM1",)  # as published, not as typed


def test_a_template_into_names_every_record_it_writes(rows, home, write, cli_run, tmp_path):
    """A template's row adding a library standard to a preset's role: the record the edit of
    the role writes is in the preview and in the line saying what was recorded."""
    import openpyxl

    home(("PublishedNos-old_Details.xlsx", [rows["SFJZB3"]]))
    path = tmp_path / "t.toml"
    assert cli_run("new", path, "--preset", "test-base", "--org", "T Force").exit_code == 0
    book = tmp_path / "filled.xlsx"
    assert cli_run("template", "xlsx", "-o", book).exit_code == 0
    wb = openpyxl.load_workbook(book)
    wb["Role standards"].append(["worker", "SFJZB3", "yes"])
    wb.save(book)
    result = cli_run("import", book, "--from", "xlsx", "--into", path, "--yes")
    assert result.exit_code == 0, result.output
    assert "    optional_standards: (empty) -> SFJZB3\n" \
           "records of library standards ([[library_lock]]): +SFJZB3\n" in result.stdout
    assert "recorded from the library: SFJZB3 ([[library_lock]]" in result.stderr
    assert [e.standard.code for e in load_document(path).framework.library_lock] == ["SFJZB3"]


def test_a_code_respelt_in_a_workbook_is_no_change(rows, home, write, cli_run, tmp_path):
    """' sfj zb3 ' typed over SFJZB3 names the same standard: nothing to change."""
    home(("PublishedNos-old_Details.xlsx", [rows["SFJZB3"]]))
    path = write("custody.toml", FRAMEWORK)
    add_from_library(path, "SFJZB3")
    before = path.read_bytes()
    book = tmp_path / "custody.xlsx"
    assert cli_run("export", path, "--to", "xlsx", "-o", book).exit_code == 0

    def edit(sheet):
        sheet.cell(2, 2, " sfj zb3 ")

    _edit_role_standards(book, edit)
    result = cli_run("import", book, "--from", "xlsx", "--into", path, "--yes")
    assert result.exit_code == 0, result.output
    assert "nothing to change" in result.stderr and "sfj zb3" not in result.output
    assert path.read_bytes() == before


@pytest.mark.parametrize("extends", ["", "test-base"])
@pytest.mark.parametrize("library", ["installed", "not installed"])
def test_export_then_import_o_records_library_standards_instead_of_defining_them(
        rows, home, write, cli_run, tmp_path, extends, library):
    """export --to xlsx, then import -o: a standard the exported framework took from the
    library comes back as a record ([[library_lock]]), not as the new file's own standard:
    the workbook's export record says where each came from (so it works where the library is
    not installed), and a copy identical to the installed library's is the library's. A
    library standard edited in the workbook is the file's own."""
    import openpyxl

    home(("PublishedNos-old_Details.xlsx", [rows["SFJZB3"]]),
         ("PublishedNos_Details.xlsx", [rows["SFJGM1"]]))
    text = FRAMEWORK.replace('organisation = "Northshire Police"',
                             'organisation = "Northshire Police"\n'
                             f'    extends = ["{extends}"]' if extends else
                             'organisation = "Northshire Police"')
    path = write("custody.toml", text + '    standards = ["SFJZB3", "SFJGM1"]\n')
    assert cli_run("library", "refresh", path).exit_code == 0
    assert len(load_document(path).framework.library_lock) == 2
    book = tmp_path / "rt.xlsx"
    assert cli_run("export", path, "--to", "xlsx", "-o", book).exit_code == 0
    wb = openpyxl.load_workbook(book)
    sheet = wb["Standards"]
    row = next(r for r in range(2, 20) if sheet.cell(r, 1).value == "SFJGM1")
    sheet.cell(row, 2, "Tailored title")
    wb.save(book)
    if library == "not installed":
        home(name="elsewhere")
    out = tmp_path / "rt.toml"
    result = cli_run("import", book, "-o", out)
    assert result.exit_code == 0, result.output
    written = load_document(out).framework
    assert [e.standard.code for e in written.library_lock] == ["SFJZB3"]
    assert [(s.code, s.title) for s in written.standards] == [("SFJGM1", "Tailored title")]
    assert "recorded from the library: SFJZB3 " in result.stderr
    entry = written.library_lock[0]
    assert entry.library == "uk-nos" and entry.source.startswith("PublishedNos-old_Details")
    result = cli_run("check", out)
    assert "NF125" not in result.output and "NF102" not in result.output
