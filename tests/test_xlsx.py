"""Excel workbooks (issue 10 §2): export, import, --into with its preview, the template, and
workbooks that are broken or hostile.

The example frameworks extend the sector presets under plugins/, so the tests on them use the
installed plugins (as tests/test_frameworks.py does); the rest use conftest's test-only ones.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from attrs import evolve
from click.testing import CliRunner

import nosframe
from nosframe.cli import cli
from nosframe.compose import compose
from nosframe.editing import Session
from nosframe.editing.update import apply_update, plan_update
from nosframe.formats.xlsx import export_xlsx, layout
from nosframe.formats.xlsx.read import read_workbook
from nosframe.io import FormatError, load_document
from nosframe.model import (
    Behaviour,
    Framework,
    FrameworkInfo,
    Level,
    Mapping,
    OverrideAction,
    Role,
    Standard,
    Criterion,
)
from nosframe.plugins import load_plugins

FRAMEWORKS = Path(__file__).parents[1] / "frameworks"
EXAMPLES = sorted(p.name for p in FRAMEWORKS.glob("*.toml"))
DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def installed():
    loaded = load_plugins()
    if "policing" not in loaded.presets():
        pytest.fail("the sector presets are not installed; run ./dev test")
    return loaded


def flattened(framework: Framework) -> Framework:
    """What the workbook holds of a composed framework: everything but extends, overrides,
    records of library standards and acknowledgements."""
    return evolve(framework, framework=evolve(framework.framework, extends=(), extensions={}),
                  overrides=(), library_lock=(), acknowledged=())


def _invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def _write(tmp_path: Path, framework: Framework, name: str = "book.xlsx") -> Path:
    composed = compose(framework, load_plugins(entry_points=False))
    path = tmp_path / name
    path.write_bytes(export_xlsx(composed).content)
    return path


# -- round trips -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLES)
def test_round_trip_of_each_example(installed, tmp_path, name):
    composed = nosframe.load(FRAMEWORKS / name, installed)
    result = export_xlsx(composed)
    book = tmp_path / "book.xlsx"
    book.write_bytes(result.content)
    back = read_workbook(book)
    assert back.findings == ()
    assert back.framework == flattened(composed.framework)
    # what the layout does not hold is reported, naming the elements
    own = composed.layers[-1].document.framework
    overrides = next(loss for loss in result.losses if loss.startswith("overrides of the file"))
    for o in own.overrides:
        assert f"{o.action.value} {o.target}" in overrides
    assert not any(loss.startswith("extends (") for loss in result.losses)  # read back
    # and the About sheet says the same
    about = openpyxl.load_workbook(book)["About"]
    texts = [c.value for row in about.iter_rows() for c in row if c.value]
    assert "Not in this workbook" in texts and overrides in texts
    # and through the command line: import -o, then load the file written
    out = tmp_path / "new.toml"
    assert _invoke("import", book, "--from", "xlsx", "-o", out).exit_code == 0
    # a new framework extending the same presets, holding only what differs from them, that
    # composes to the same framework
    again = nosframe.load(out, installed)
    assert again.root.document.framework.framework.extends == \
        composed.root.document.framework.framework.extends
    for attr in ("levels", "values", "behaviours", "standards", "roles", "mappings", "sources"):
        assert sorted(getattr(again.framework, attr), key=lambda e: str(e.key)) == \
            sorted(getattr(composed.framework, attr), key=lambda e: str(e.key)), attr
    written = again.root.document.framework
    assert len(written.standards) < len(composed.framework.standards)  # inherited stay so


def test_round_trip_of_the_test_fixture(plugins, tmp_path):
    framework = load_document(DATA / "mini.toml").framework
    composed = compose(framework, plugins)
    book = tmp_path / "mini.xlsx"
    book.write_bytes(export_xlsx(composed).content)
    assert read_workbook(book).framework == flattened(composed.framework)


def _awkward() -> Framework:
    """Values a workbook holds only with care: a formula-like title, numbers as text, spaces
    at the ends of text, line breaks inside text, dates, an empty-looking value."""
    return Framework(
        FrameworkInfo(id="awkward", title="=SUM(A1:A3)", version="1.10", description="  two\n"
                                                                                    "lines  "),
        levels=(Level(1, "One"), Level(2, "Two")),
        behaviours=(Behaviour("b", name="@b", levels={1: ("first", "=second"), 2: ("x",)}),),
        standards=(Standard("SFJ AA1", title="Promote equality", version_number=3,
                            date_approved=dt.date(2016, 3, 31),
                            performance=(Criterion("P1", "+1 text"), Criterion("01")),
                            suites=("Suite, with comma",)),),
        roles=(Role("r", title="007", level="2", standards=("SFJ AA1",),
                    behaviours={"b": 2}, responsibilities=("one", "two; still two")),),
        mappings=(Mapping("SFJ AA1", ("P1", "01"), behaviour="b", note="-1"),),
    )


def test_awkward_values_round_trip_exactly(tmp_path):
    framework = _awkward()
    book = _write(tmp_path, framework)
    back = read_workbook(book)
    assert back.framework == flattened(framework)
    sheet = openpyxl.load_workbook(book)["Framework"]
    assert sheet["B3"].value == "=SUM(A1:A3)" and sheet["B3"].data_type == "s"  # not a formula


def test_what_a_cell_cannot_hold_is_reported_naming_the_element(tmp_path):
    framework = Framework(FrameworkInfo(id="lossy"), roles=(
        Role("r", title="a\rb", responsibilities=("two\nlines", "")),
        Role("s", purpose="bell\x07", progresses_to=("x,y",))))
    composed = compose(framework, load_plugins(entry_points=False))
    result = export_xlsx(composed)
    losses = "\n".join(result.losses)
    assert "role r: title: carriage returns" in losses
    assert "role r: responsibilities: the item 'two\\nlines' has a line break" in losses
    assert "role r: responsibilities: an empty item" in losses
    assert "role s: purpose: control characters" in losses
    assert "role s: progresses_to: the id 'x,y' has a separator" in losses
    book = tmp_path / "lossy.xlsx"
    book.write_bytes(result.content)
    back = read_workbook(book).framework
    assert back.roles[1].purpose == "bell"  # the rest of the text is kept


def test_what_other_formats_keep_is_reported_and_kept_by_into(cli_run, tmp_path):
    from nosframe.io import save

    framework = evolve(_awkward(), framework=evolve(_awkward().framework,
                                                    extensions={"case": {"uri": "x"}}))
    path = tmp_path / "f.toml"
    save(framework, path)
    book = tmp_path / "f.xlsx"
    result = cli_run("export", path, "--to", "xlsx", "-o", book)
    assert "not exported: data of other formats kept in [framework.extensions] (case)" in \
        result.stderr
    same = cli_run("import", book, "--from", "xlsx", "--into", path)
    assert same.exit_code == 0 and "nothing to change" in same.stderr
    assert load_document(path).framework == framework


def test_restricted_text_is_kept_and_named_on_the_about_sheet(tmp_path):
    from nosframe.model import TextOrigin

    framework = Framework(FrameworkInfo(id="lic"), standards=(
        Standard("SFJAA1", title="Promote equality", text_origin=TextOrigin.VERBATIM,
                 licence="All rights reserved", performance=(Criterion("P1", "the text"),)),))
    book = _write(tmp_path, framework)
    assert read_workbook(book).framework == framework  # kept: a working copy loses nothing
    about = [c.value for row in openpyxl.load_workbook(book)["About"].iter_rows() for c in row
             if c.value]
    assert "Licences" in about
    assert "standard SFJAA1: verbatim text under 'All rights reserved'" in about


# -- the workbook a person opens -----------------------------------------------------------------


@pytest.fixture(scope="module")
def northshire_book(installed, tmp_path_factory):
    composed = nosframe.load(FRAMEWORKS / "northshire-police.toml", installed)
    path = tmp_path_factory.mktemp("book") / "northshire.xlsx"
    path.write_bytes(export_xlsx(composed).content)
    return path


def test_every_part_is_well_formed_xml_and_openpyxl_reads_it_back(northshire_book):
    with zipfile.ZipFile(northshire_book) as archive:
        assert archive.testzip() is None
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                ElementTree.fromstring(archive.read(name))  # raises when malformed
    wb = openpyxl.load_workbook(northshire_book)
    assert wb.sheetnames == (["About", "Coverage", "Framework"] + [s.name for s in layout.SHEETS]
                             + [layout.RECORD_SHEET])
    assert wb[layout.RECORD_SHEET].sheet_state == "veryHidden"


def test_sheets_are_laid_out_for_people(northshire_book):
    wb = openpyxl.load_workbook(northshire_book)
    roles = wb["Roles"]
    assert [c.value for c in roles[1]] == [c.header for c in layout.ROLES.columns]
    assert roles.freeze_panes == "B2"
    assert roles.column_dimensions["E"].width == layout.ROLES.column("purpose").width
    assert roles["E2"].alignment.wrap_text and roles["A1"].font.bold
    assert roles.auto_filter.ref.startswith("A1:")
    rows = {r[0].value: r for r in roles.iter_rows(min_row=2)}
    # inherited rows say so and are dim and italic; the file's own are not
    assert rows["pcso"][-1].value == "inherited: preset policing, changed here"
    assert rows["pcso"][0].font.italic
    assert rows["neighbourhood-sergeant"][-1].value == "own"
    assert not rows["neighbourhood-sergeant"][0].font.italic
    # drop-down lists where a column takes ids, from the sheet listing them
    lists = {str(dv.sqref).split(":")[0]: dv.formula1
             for dv in wb["Role standards"].data_validations.dataValidation}
    assert lists["A2"].startswith("'Roles'!$A$2") and lists["B2"].startswith("'Standards'!$A$2")
    assert lists["C2"] == '"yes,no"'
    criteria = {str(dv.sqref).split(":")[0]: dv.formula1
                for dv in wb["Criteria"].data_validations.dataValidation}
    assert criteria["B2"] == '"performance,knowledge"'


def test_drop_down_lists_keep_within_excels_limits(northshire_book):
    """Excel repairs (and drops) a data validation whose texts are too long: titles 32
    characters, prompt 255, error 225, a literal list 255."""
    wb = openpyxl.load_workbook(northshire_book)
    seen = 0
    for ws in wb.worksheets:
        for dv in ws.data_validations.dataValidation:
            seen += 1
            assert len(dv.promptTitle or "") <= 32 and len(dv.errorTitle or "") <= 32
            assert len(dv.prompt or "") <= 255 and len(dv.error or "") <= 225
            assert len(dv.formula1) <= 255
    assert seen > 10


def test_coverage_is_coloured_like_the_editor(installed, northshire_book):
    from nosframe.analysis import coverage_matrix
    from nosframe.analysis.coverage import Status

    composed = nosframe.load(FRAMEWORKS / "northshire-police.toml", installed)
    matrix = coverage_matrix(composed.framework)
    ws = openpyxl.load_workbook(northshire_book)["Coverage"]
    assert ws.freeze_panes == "C2"
    seen = set()
    for r, role in enumerate(matrix.roles, start=2):
        assert ws.cell(r, 1).value == role
        for c, behaviour in enumerate(matrix.behaviours, start=3):
            cell = matrix.cell(role, behaviour)
            mark, fill, _ = __import__("nosframe.formats.xlsx.write", fromlist=["COVERAGE"]
                                       ).COVERAGE[cell.status]
            shown = ws.cell(r, c)
            assert shown.value == (f"{mark} {cell.level}" if cell.level else mark)
            if fill:
                assert shown.fill.fgColor.rgb.endswith(fill)
            seen.add(cell.status)
    assert Status.COVERED in seen


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_it(northshire_book, tmp_path):
    """LibreOffice converts the workbooks (it refuses a file it cannot repair) and its own
    re-save reads back the same framework: the example's, and awkward values (a formula-like
    title, numbers as text, spaces at the ends, line breaks, dates)."""
    awkward = _write(tmp_path, _awkward(), "awkward.xlsx")
    done = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                           "--convert-to", "xlsx", "--outdir", str(tmp_path / "out"),
                           str(northshire_book), str(awkward)],
                          capture_output=True, text=True, timeout=180)
    for book in (northshire_book, awkward):
        resaved = tmp_path / "out" / book.name
        assert done.returncode == 0 and resaved.exists(), done.stderr
        again, first = read_workbook(resaved), read_workbook(book)
        assert again.framework == first.framework
        assert again.base == first.base is not None  # the export record survives a re-save


# -- updating a framework from an edited workbook --------------------------------------------------


def _edited(book: Path, out: Path) -> Path:
    """The workbook as a person edits it in Excel: a role retitled, a standard added (to the
    Standards sheet and to a role), a mapping removed."""
    wb = openpyxl.load_workbook(book)
    for row in wb["Roles"].iter_rows(min_row=2):
        if row[0].value == "pcso":
            row[1].value = "PCSO (neighbourhood)"
    wb["Standards"].append(["SFJBE1", "Evaluate and process referrals to provide services to "
                                      "victims, survivors and witnesses"])
    wb["Role standards"].append(["neighbourhood-sergeant", "SFJBE1", "yes"])
    mappings = wb["Mappings"]
    row = next(r[0].row for r in mappings.iter_rows(min_row=2)
               if (r[0].value, r[1].value) == ("CD1", "we-analyse-critically"))
    mappings.delete_rows(row)
    wb.save(out)
    return out


EXPECTED_PREVIEW = [
    "Changes to northshire-police.toml from edited.xlsx:",
    "added standard SFJBE1",
    "    title: 'Evaluate and process referrals to provide services to victims…'",
    "changed role pcso (inherited from preset policing (policing 0.1.0): written as an override "
    "in northshire-police.toml)",
    "    title: 'Police community support officer (neighbourhood)' -> 'PCSO (neighbourhood)'",
    "changed role neighbourhood-sergeant",
    "    optional_standards: +SFJBE1",
    "removed mapping CD1 -> behaviour we-analyse-critically (inherited from preset policing "
    "(policing 0.1.0): written as a remove override in northshire-police.toml)",
    "    criteria was: CD1.1-P1, CD1.1-P2, CD1.1-P3",
    "4 changes: 1 added, 2 changed, 1 removed",
]


def test_an_edited_workbook_updates_the_framework_after_a_preview(installed, northshire_book,
                                                                   tmp_path):
    target = tmp_path / "northshire-police.toml"
    shutil.copyfile(FRAMEWORKS / "northshire-police.toml", target)
    original = target.read_bytes()
    before = load_document(target).framework
    edited = _edited(northshire_book, tmp_path / "edited.xlsx")

    # no terminal and no --yes: the preview, exit 1, nothing written
    result = _invoke("import", edited, "--from", "xlsx", "--into", target)
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines() == EXPECTED_PREVIEW
    assert "not applied: nothing written to northshire-police.toml" in result.stderr
    assert target.read_bytes() == original

    result = _invoke("import", edited, "--from", "xlsx", "--into", target, "--yes")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == EXPECTED_PREVIEW
    assert "wrote" in result.stderr and "not applied" not in result.stderr

    after = load_document(target).framework
    # exactly those edits: the role retitled by an override, the standard added, the
    # sergeant's optional standard, the inherited mapping removed by an override
    assert after.framework == before.framework
    for attr in ("sources", "levels", "values", "behaviours", "mappings", "library_lock",
                 "acknowledged"):
        assert getattr(after, attr) == getattr(before, attr), attr
    assert [s.code for s in after.standards] == [s.code for s in before.standards] + ["SFJBE1"]
    assert after.standards[:-1] == before.standards
    changed_roles = [r.id for r, old in zip(after.roles, before.roles) if r != old]
    assert changed_roles == ["neighbourhood-sergeant"]
    sergeant = after.roles[[r.id for r in after.roles].index("neighbourhood-sergeant")]
    assert sergeant.optional_standards == ("CD1", "SFJHG3", "SFJ HG4", "SFJBE1")
    new = [o for o in after.overrides if o not in before.overrides]
    gone = [o for o in before.overrides if o not in after.overrides]
    assert [(o.action, o.target, o.title) for o in new] == [
        (OverrideAction.RETITLE, "role:pcso", "PCSO (neighbourhood)"),
        (OverrideAction.REMOVE, "mapping:CD1->behaviour:we-analyse-critically", "")]
    assert [(o.action, o.target) for o in gone] == [(OverrideAction.RETITLE, "role:pcso")]
    # the file's comments are still there (the save keeps the user's layout)
    assert b"# " in target.read_bytes()[:200]

    # importing the same workbook again changes nothing
    again = _invoke("import", edited, "--from", "xlsx", "--into", target)
    assert again.exit_code == 0 and "nothing to change" in again.stderr
    # and the composed framework is what the workbook shows
    composed = nosframe.load(target, installed)
    assert flattened(composed.framework) == read_workbook(edited).framework


def test_asks_at_a_terminal(installed, northshire_book, tmp_path, monkeypatch):
    import nosframe.cli.interchange as interchange

    target = tmp_path / "northshire-police.toml"
    shutil.copyfile(FRAMEWORKS / "northshire-police.toml", target)
    original = target.read_bytes()
    edited = _edited(northshire_book, tmp_path / "edited.xlsx")
    monkeypatch.setattr(interchange, "_interactive", lambda: True)
    runner = CliRunner()
    no = runner.invoke(cli, ["import", str(edited), "--from", "xlsx", "--into", str(target)],
                       input="n\n", catch_exceptions=False)
    assert no.exit_code == 1 and target.read_bytes() == original
    yes = runner.invoke(cli, ["import", str(edited), "--from", "xlsx", "--into", str(target)],
                        input="y\n", catch_exceptions=False)
    assert yes.exit_code == 0 and target.read_bytes() != original


def test_the_plan_says_what_each_edit_writes(installed, northshire_book, tmp_path):
    target = tmp_path / "northshire-police.toml"
    shutil.copyfile(FRAMEWORKS / "northshire-police.toml", target)
    wb = openpyxl.load_workbook(northshire_book)
    roles = wb["Roles"]
    for row in roles.iter_rows(min_row=2):
        if row[0].value == "police-constable":
            row[2].value = "Response"  # family of an inherited role
    # delete an own role and an inherited one
    for rid in ("contact-centre-supervisor", "police-inspector"):
        roles.delete_rows(next(r[0].row for r in roles.iter_rows(min_row=2)
                               if r[0].value == rid))
        for sheet in ("Role standards", "Role behaviours"):
            ws = wb[sheet]
            for r in reversed([r[0].row for r in ws.iter_rows(min_row=2) if r[0].value == rid]):
                ws.delete_rows(r)
    for row in wb["Roles"].iter_rows(min_row=2):  # progressions to them go too
        if row[6].value:
            kept = [x for x in row[6].value.split("\n") if x not in ("contact-centre-supervisor",
                                                                     "police-inspector")]
            row[6].value = "\n".join(kept) or None
    wb.save(tmp_path / "e.xlsx")
    session = Session.open(target, installed)
    plan = plan_update(session, read_workbook(tmp_path / "e.xlsx").framework)
    by = {(c.action, c.label): c for c in plan.changes}
    assert "written as an override" in by[("changed", "role police-constable")].writes
    assert by[("removed", "role contact-centre-supervisor")].writes == ""
    assert "remove override" in by[("removed", "role police-inspector")].writes
    # removals come after the changes, so roles stop naming them first
    actions = [c.action for c in plan.changes]
    assert actions == sorted(actions, key=lambda a: a == "removed")


# -- the template ---------------------------------------------------------------------------------


def test_template_is_an_empty_workbook_to_fill_in(cli_run, tmp_path):
    blank = tmp_path / "blank.xlsx"
    result = cli_run("template", "xlsx", "-o", blank)
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(blank)
    assert set(layout.REQUIRED) <= set(wb.sheetnames)
    for sheet in layout.SHEETS:
        ws = wb[sheet.name]
        assert [c.value for c in ws[1]] == [c.header for c in sheet.columns]
        assert ws.max_row == 1
    about = [c.value for row in wb["About"].iter_rows() for c in row if c.value]
    assert any("blank nosframe framework workbook" in str(t) for t in about)
    assert any("nothing it does not show is removed" in str(t) for t in about)
    # filled in: a role and a standard
    wb["Framework"]["B2"] = "new-force"
    wb["Roles"].append(["constable", "Constable"])
    wb["Standards"].append(["SFJAA1", "Promote equality and value diversity"])
    wb["Role standards"].append(["constable", "SFJAA1"])
    wb.save(blank)
    out = tmp_path / "new.toml"
    result = cli_run("import", blank, "--from", "xlsx", "-o", out)
    assert result.exit_code == 0, result.output
    fw = load_document(out).framework
    assert fw.framework.id == "new-force"
    assert fw.roles == (Role("constable", title="Constable", standards=("SFJAA1",)),)
    # never over a file without --force
    assert cli_run("template", "xlsx", "-o", blank).exit_code == 2
    assert cli_run("template", "nope", "-o", tmp_path / "x").exit_code == 2


# -- bad workbooks ---------------------------------------------------------------------------------


@pytest.fixture
def good(tmp_path):
    return _write(tmp_path, _awkward(), "good.xlsx")


def _edit(path: Path, change) -> Path:
    wb = openpyxl.load_workbook(path)
    change(wb)
    wb.save(path)
    return path


def _rename(wb):
    wb["Roles"].title = "Role profiles"


def _merge_header(wb):
    wb["Roles"].merge_cells("A1:B1")


def _merge_data(wb):
    wb["Standards"].merge_cells("B2:C2")


def _formula(wb):
    wb["Roles"]["B2"] = '=A2&" officer"'


def _header_renamed(wb):
    wb["Roles"]["A1"] = "Identifier"


def _bad_level(wb):
    wb["Role behaviours"]["C2"] = "two"


def _date_in_text(wb):
    wb["Roles"]["B2"] = dt.datetime(2026, 1, 2)


def _bad_enum(wb):
    wb["Standards"]["F2"] = "ancient"


def _duplicate(wb):
    wb["Roles"].append(["r", "again"])


def _orphan(wb):
    wb["Criteria"].append(["SFJ XX1", "performance", "P9"])


def _no_id(wb):
    wb["Framework"]["B2"] = None


def _bad_date(wb):
    wb["Standards"]["I2"] = "31/03/2016"


def _framework_field_twice(wb):
    wb["Framework"].append(["title", "Another title"])


def _error_value(wb):
    wb["Roles"]["D2"] = "#N/A"
    wb["Roles"]["D2"].data_type = "e"


BAD = {
    "a sheet renamed": (_rename, "no sheet 'Roles'", ""),
    "a merged header": (_merge_header, "merged cells (A1:B1) in the header row", "Roles!A1"),
    "merged cells": (_merge_data, "merged cells (B2:C2)", "Standards!B2"),
    "a formula where text belongs": (_formula, "a formula (=A2&\" officer\") where text (Title) "
                                               "belongs", "Roles!B2"),
    "a header renamed": (_header_renamed, "no 'Id' column in row 1", "Roles!A1"),
    "a level that is not a number": (_bad_level, "'two' is not a whole number", "Role "
                                                                               "behaviours!C2"),
    "a date where text belongs": (_date_in_text, "a date or time", "Roles!B2"),
    "a value not in the list": (_bad_enum, "'ancient' is not one of current, legacy",
                                "Standards!F2"),
    "a duplicate id": (_duplicate, "role 'r' is also on row 2", "Roles!A3"),
    "criteria of no standard": (_orphan, "standard 'SFJ XX1' is not on the Standards sheet",
                                "Criteria!A4"),
    "no framework id": (_no_id, "no framework id", "Framework!B2"),
    "a date that is not one": (_bad_date, "'31/03/2016' is not a date", "Standards!I2"),
    "an error value": (_error_value, "an error value (#N/A)", "Roles!D2"),
    "a framework field twice": (_framework_field_twice, "a second 'title' row (the first is "
                                                        "row 3)", "Framework!A10"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_workbook_gets_a_clear_message_with_its_sheet_and_cell(cli_run, good, tmp_path,
                                                                     case):
    change, message, where = BAD[case]
    _edit(good, change)
    result = cli_run("import", good, "--from", "xlsx", "-o", tmp_path / "out.toml")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert message in result.stderr
    assert f"good.xlsx: {where}: " in result.stderr if where else "good.xlsx: " in result.stderr
    assert "hint:" in result.stderr
    assert not (tmp_path / "out.toml").exists()


def test_not_a_workbook(cli_run, tmp_path):
    fake = tmp_path / "fake.xlsx"
    fake.write_text("id,title\nr,Role\n")
    result = cli_run("import", fake, "--from", "xlsx", "-o", tmp_path / "out.toml")
    assert result.exit_code == 2
    assert "not an .xlsx workbook" in result.stderr
    other = tmp_path / "other.xlsx"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("hello.txt", "hi")
    result = cli_run("import", other, "--from", "xlsx", "-o", tmp_path / "out.toml")
    assert result.exit_code == 2 and "without a workbook part" in result.stderr


def test_a_workbook_of_other_sheets(cli_run, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Sheet1"
    wb.active["A1"] = "Name"
    wb.save(tmp_path / "other.xlsx")
    result = cli_run("import", tmp_path / "other.xlsx", "--from", "xlsx", "-o",
                     tmp_path / "out.toml")
    assert result.exit_code == 2
    assert "no sheet 'Framework'" in result.stderr and "its sheets: 'Sheet1'" in result.stderr


def test_a_zip_directory_claiming_an_unknown_zip_version_is_refused(tmp_path):
    """zipfile raises NotImplementedError ("zip file version 25.5") for such an entry; the
    fuzzer found it (benchmarks/fuzz.py, nos-export seed 1), in the zip guard both readers use."""
    path = tmp_path / "version.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    data = bytearray(path.read_bytes())
    entry = data.index(b"PK\x01\x02")  # the central directory's entry
    data[entry + 6:entry + 8] = (255).to_bytes(2, "little")  # version needed to extract
    path.write_bytes(bytes(data))
    with pytest.raises(FormatError, match="not a readable .xlsx workbook .*zip file version"):
        read_workbook(path)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            chunk = b"\0" * (1 << 20)
            for _ in range(layout.MAX_PART // len(chunk) + 1):
                part.write(chunk)
    assert bomb.stat().st_size < 1 << 20  # a small file that unpacks to over 100 MB
    with pytest.raises(FormatError) as caught:
        read_workbook(bomb)
    assert "xl/sharedStrings.xml" in caught.value.message
    assert "zip bomb" in caught.value.message


def test_too_many_rows(good, tmp_path):
    """100,000 rows: refused at the first row over the limit, with the sheet and cell."""
    with zipfile.ZipFile(good) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    wb = openpyxl.load_workbook(good)
    index = wb.sheetnames.index("Criteria") + 1
    sheet_xml = f"xl/worksheets/sheet{index}.xml"
    rows = "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>SFJ AA1</t></is></c>'
                   f'<c r="B{n}" t="inlineStr"><is><t>knowledge</t></is></c>'
                   f'<c r="C{n}" t="inlineStr"><is><t>K{n}</t></is></c></row>'
                   for n in range(2, 100_002))
    parts[sheet_xml] = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Standard</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Type</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>Id</t></is></c></row>' + rows +
        '</sheetData></worksheet>').encode()
    big = tmp_path / "big.xlsx"
    with zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    with pytest.raises(FormatError) as caught:
        read_workbook(big)
    assert f"100,001 rows, more than the {layout.MAX_ROWS:,}" in caught.value.message
    assert caught.value.location.path == f"Criteria!A{layout.MAX_ROWS + 1}"


def test_a_row_far_below_the_data_is_refused_while_reading(good, tmp_path):
    """Two rows, the second numbered 60,000: refused at the limit, not read a million times."""
    wb = openpyxl.load_workbook(good)
    wb["Roles"].cell(60_000, 1, "far-away")
    wb.save(good)
    with pytest.raises(FormatError) as caught:
        read_workbook(good)
    assert f"more than {layout.MAX_ROWS:,} rows" in caught.value.message
    assert caught.value.location.path == f"Roles!A{layout.MAX_ROWS + 1}"


def test_what_is_not_read_is_reported(cli_run, good, tmp_path):
    def extra(wb):
        wb.create_sheet("Notes")["A1"] = "our notes"
        wb["Roles"]["K1"] = "Comments"
        wb["Roles"]["K2"] = "check with HR"
        wb["Roles"]["M2"] = "no header above"

    _edit(good, extra)
    result = cli_run("import", good, "--from", "xlsx", "-o", tmp_path / "out.toml")
    assert result.exit_code == 0, result.output
    assert "XL001" in result.stderr and "sheet 'Notes'" in result.stderr
    assert "XL002" in result.stderr and "column K ('Comments')" in result.stderr
    assert "Roles!K2" in result.stderr
    assert "Roles!M2: warning XL002: column M (no header)" in result.stderr


# -- the command line ------------------------------------------------------------------------------


def test_exit_codes(cli_run, good, tmp_path):
    out = tmp_path / "out.toml"
    assert cli_run("import", good, "--from", "xlsx", "-o", out).exit_code == 0
    assert cli_run("import", good, "--from", "xlsx", "-o", out).exit_code == 2  # exists
    both = cli_run("import", good, "--from", "xlsx", "-o", out, "--into", out)
    assert both.exit_code == 2 and "not both" in both.stderr
    neither = cli_run("import", good, "--from", "xlsx")
    assert neither.exit_code == 2 and "not neither" in neither.stderr
    missing = cli_run("import", good, "--from", "xlsx", "--into", tmp_path / "none.toml")
    assert missing.exit_code == 2 and "file not found" in missing.stderr
    # the file the workbook came from: nothing to change
    same = cli_run("import", good, "--from", "xlsx", "--into", out)
    assert same.exit_code == 0 and "nothing to change" in same.stderr
    exported = cli_run("export", out, "--to", "xlsx", "-o", tmp_path / "again.xlsx")
    assert exported.exit_code == 0
    assert read_workbook(tmp_path / "again.xlsx").framework == load_document(out).framework
    listed = cli_run("plugins")
    assert "xlsx" in listed.output


def test_a_bad_workbook_into_a_framework_writes_nothing(cli_run, good, tmp_path):
    out = tmp_path / "out.toml"
    assert cli_run("import", good, "--from", "xlsx", "-o", out).exit_code == 0
    text = out.read_bytes()
    _edit(good, _formula)
    result = cli_run("import", good, "--from", "xlsx", "--into", out, "--yes")
    assert result.exit_code == 2 and "Roles!B2" in result.stderr
    assert out.read_bytes() == text


def test_docs_describe_every_sheet_and_column():
    text = (Path(__file__).parents[1] / "docs" / "formats.md").read_text()
    start = text.index("## Excel workbooks (`xlsx`)")
    section = text[start:text.find("\n## ", start + 1)]
    for sheet in layout.SHEETS:
        row = next(line for line in section.splitlines() if line.startswith(f"| {sheet.name} |"))
        for column in sheet.columns:
            if column.how != layout.ORIGIN and not column.auto:
                assert column.header in row, (sheet.name, column.header)
    for name in layout.UNREAD + (layout.FRAMEWORK_SHEET,):
        assert f"| {name} |" in section
    for code in ("XL001", "XL002", "XL003"):
        assert code in section


def test_help_lists_the_formats(cli_run):
    for command, heading in (("export", "Formats (--to):"), ("import", "Formats (--from):"),
                             ("template", "Formats (each read back by import --from):")):
        text = cli_run(command, "--help").stdout
        assert heading in text and "\n  xlsx " in text, command
    # a template is only of what import reads back: no document or picture to fill in
    text = cli_run("template", "--help").stdout
    assert "job-description" not in text and "ladder-svg" not in text


def test_a_template_of_a_format_import_cannot_read_is_refused_with_a_hint(cli_run, tmp_path):
    result = cli_run("template", "job-description", "-o", tmp_path / "jd.md")
    assert result.exit_code == 2 and not (tmp_path / "jd.md").exists()
    assert "'job-description' is written by export but not read back by import" in result.stderr
    assert "hint: templates: " in result.stderr and "xlsx" in result.stderr
    assert "nosframe export FRAMEWORK --to job-description -o FILE" in result.stderr


def test_the_plan_is_rehearsed_so_the_preview_says_what_cannot_be_done(installed,
                                                                        northshire_book,
                                                                        tmp_path):
    target = tmp_path / "northshire-police.toml"
    shutil.copyfile(FRAMEWORKS / "northshire-police.toml", target)
    wb = openpyxl.load_workbook(northshire_book)
    row = next(r for r in wb["Mappings"].iter_rows(min_row=2)
               if (r[0].value, r[1].value) == ("CD1", "we-analyse-critically"))
    row[4].value = "a note of our own"  # the note of an inherited mapping: no override says it
    wb.save(tmp_path / "e.xlsx")
    session = Session.open(target, installed)
    plan = plan_update(session, read_workbook(tmp_path / "e.xlsx").framework)
    assert plan.notes == ("changed mapping CD1 -> behaviour we-analyse-critically: not possible "
                          "through the editing engine (nor in the editor) (note)",)
    assert not session.dirty and not session.history.past and not session.history.future
    result = _invoke("import", tmp_path / "e.xlsx", "--from", "xlsx", "--into", target, "--yes")
    assert result.exit_code == 0
    assert "note: changed mapping CD1 -> behaviour we-analyse-critically" in result.stdout
    assert "not applied: changed mapping CD1 -> behaviour we-analyse-critically" in \
        result.stderr


def test_entities_that_expand_a_billion_times_are_refused(good, tmp_path):
    with zipfile.ZipFile(good) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    index = openpyxl.load_workbook(good).sheetnames.index("Roles") + 1
    name = f"xl/worksheets/sheet{index}.xml"
    laughs = '<!DOCTYPE lolz [<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)) + "]>"
    parts[name] = (laughs + parts[name].decode().replace(
        "</sheetData>", '<row r="9"><c r="A9" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
                        "</sheetData>")).encode()
    bad = tmp_path / "laughs.xlsx"
    with zipfile.ZipFile(bad, "w") as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
    with pytest.raises(FormatError) as caught:
        read_workbook(bad)
    assert caught.value.location.path == "Roles"
    assert "cannot be read" in caught.value.message


def test_into_takes_any_importer_a_json_export_edited_elsewhere(cli_run, tmp_path):
    """--into is the engine's, not the workbook's: a JSON export edited by another tool
    updates the framework the same way."""
    import json

    target = tmp_path / "mini.toml"
    shutil.copyfile(DATA / "mini.toml", target)
    exported = tmp_path / "mini.json"
    assert cli_run("export", target, "--to", "json", "-o", exported).exit_code == 0
    data = json.loads(exported.read_text())
    data["framework"]["roles"][0]["title"] = "Constable"
    exported.write_text(json.dumps(data))
    result = cli_run("import", exported, "--from", "json", "--into", target, "--yes")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Changes to mini.toml from mini.json:", "changed role constable",
        "    title: 'Police constable' -> 'Constable'", "1 change: 1 changed"]
    assert load_document(target).framework.roles[0].title == "Constable"


def _retitle(book: Path, out: Path, role: str, title: str) -> Path:
    wb = openpyxl.load_workbook(book)
    next(r for r in wb["Roles"].iter_rows(min_row=2) if r[0].value == role)[1].value = title
    wb.save(out)
    return out


def test_changes_made_to_the_file_since_the_export_stay(plugins, tmp_path):
    """The workbook records the framework as exported: --into applies only what was edited in
    the workbook, and leaves alone what changed in the file meanwhile; an element edited in
    both places takes the workbook's edit, and the preview says so."""
    from nosframe.editing import Add, Retitle, new_element

    target = tmp_path / "mini.toml"
    shutil.copyfile(DATA / "mini.toml", target)
    book = tmp_path / "mini.xlsx"
    book.write_bytes(export_xlsx(nosframe.load(target, plugins)).content)
    # meanwhile, in the file: a role added, the sergeant retitled, the constable retitled
    session = Session.open(target, plugins)
    session.do(Add("role", new_element("role", "inspector", title="Inspector")))
    session.do(Retitle("role", "sergeant", "Sergeant (file)"))
    session.do(Retitle("role", "constable", "Constable (file)"))
    session.save()
    # in the workbook: the constable retitled, the sergeant's family changed
    edited = _retitle(book, tmp_path / "edited.xlsx", "constable", "Constable (workbook)")
    wb = openpyxl.load_workbook(edited)
    next(r for r in wb["Roles"].iter_rows(min_row=2) if r[0].value == "sergeant")[2].value = \
        "Supervisors"
    wb.save(edited)
    result = read_workbook(edited)
    assert result.base is not None
    plan = plan_update(Session.open(target, plugins), result.framework, base=result.base)
    assert plan.lines() == [
        "changed role constable (title also changed in mini.toml since the export: the edit "
        "replaces that)", "    title: 'Constable (file)' -> 'Constable (workbook)'",
        "changed role sergeant", "    family: (empty) -> 'Supervisors'"]
    # field by field: the sergeant keeps the file's new title and takes the workbook's family
    session = Session.open(target, plugins)
    apply_update(session, plan_update(session, result.framework, base=result.base),
                 result.framework, base=result.base)
    sergeant = session.element("role", "sergeant")
    assert (sergeant.title, sergeant.family) == ("Sergeant (file)", "Supervisors")
    assert session.element("role", "inspector") is not None
    # without the record, the workbook's view would undo the file's changes
    blind = plan_update(Session.open(target, plugins), result.framework)
    assert "removed role inspector" in blind.lines()
    assert "changed role sergeant" in blind.lines()


def test_what_a_workbook_cannot_hold_is_no_change_when_nobody_edits_it(plugins, tmp_path):
    from nosframe.io import save

    framework = Framework(FrameworkInfo(id="lossy"), roles=(
        Role("r", title="R", responsibilities=("two\nlines",)), Role("s", title="S")))
    target = tmp_path / "lossy.toml"
    save(framework, target)
    book = tmp_path / "lossy.xlsx"
    book.write_bytes(export_xlsx(nosframe.load(target, plugins)).content)
    edited = _retitle(book, tmp_path / "edited.xlsx", "s", "S2")
    result = read_workbook(edited)
    plan = plan_update(Session.open(target, plugins), result.framework, base=result.base)
    assert [c.label for c in plan.changes] == ["role s"]  # r keeps its two-line item


def test_an_unreadable_record_is_reported_and_the_file_compared_as_it_is(good, cli_run,
                                                                         tmp_path):
    wb = openpyxl.load_workbook(good)
    wb[layout.RECORD_SHEET]["A2"] = "not what nosframe wrote"
    wb.save(good)
    result = read_workbook(good)
    assert result.base is None
    assert [f.code for f in result.findings] == ["XL004"]


def test_an_edit_the_engine_refuses_stops_before_anything_is_written(installed,
                                                                     northshire_book,
                                                                     tmp_path):
    """Clearing the review date of an inherited standard: an override cannot say "empty"."""
    target = tmp_path / "northshire-police.toml"
    shutil.copyfile(FRAMEWORKS / "northshire-police.toml", target)
    original = target.read_bytes()
    wb = openpyxl.load_workbook(northshire_book)
    ws = wb["Standards"]
    column = layout.STANDARDS.columns.index(layout.STANDARDS.column("indicative_review_date"))
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "SFJAA1")
    row[column].value = None
    wb.save(tmp_path / "e.xlsx")
    result = _invoke("import", tmp_path / "e.xlsx", "--from", "xlsx", "--into", target, "--yes")
    assert result.exit_code == 2
    assert "cannot apply: changed standard SFJAA1: an override cannot clear " \
           "'indicative_review_date'" in result.stdout
    assert f"error: {target}: the changes from e.xlsx cannot be applied" in result.stderr
    assert target.read_bytes() == original


def test_every_field_of_the_model_has_a_place_in_the_workbook():
    """A field added to the model gets a column of its own (named after it) unless a cell
    cannot hold its type, and then export names the elements whose value is left out."""
    for kind in layout.CLASSES:
        assert layout.not_held(kind) == (), kind


def test_a_field_a_cell_cannot_hold_is_reported(monkeypatch, tmp_path):
    monkeypatch.setattr(layout, "not_held", lambda kind: ("behaviours",) if kind == "role"
                        else ())
    framework = Framework(FrameworkInfo(id="f"), roles=(Role("r", behaviours={"b": 1}),))
    composed = compose(framework, load_plugins(entry_points=False))
    assert "role r: behaviours: no column of the workbook holds it" in export_xlsx(
        composed).losses


def test_an_element_removed_from_the_file_since_the_export(plugins, tmp_path):
    from nosframe.editing import Delete

    target = tmp_path / "mini.toml"
    shutil.copyfile(DATA / "mini.toml", target)
    book = tmp_path / "mini.xlsx"
    book.write_bytes(export_xlsx(nosframe.load(target, plugins)).content)
    session = Session.open(target, plugins)
    session.do(Delete("role", "sergeant"))
    session.save()
    untouched = read_workbook(book)
    plan = plan_update(Session.open(target, plugins), untouched.framework, base=untouched.base)
    assert plan.changes == ()  # the file's removal stands
    edited = read_workbook(_retitle(book, tmp_path / "e.xlsx", "sergeant", "Sergeant"))
    plan = plan_update(Session.open(target, plugins), edited.framework, base=edited.base)
    assert plan.lines()[0] == ("added role sergeant (removed from mini.toml since the export: "
                               "the edit brings it back)")


def test_a_template_filled_in_on_a_preset_imports_as_a_framework_extending_it(installed,
                                                                             tmp_path):
    """A blank workbook whose Framework sheet names a preset, with one new role: the new file
    extends the preset and holds only the role (a preset's elements are not removed because
    the template does not show them)."""
    blank = tmp_path / "blank.xlsx"
    assert _invoke("template", "xlsx", "-o", blank).exit_code == 0
    wb = openpyxl.load_workbook(blank)
    framework = wb["Framework"]
    row = next(r for r in range(1, 20) if framework.cell(r, 1).value == "extends")
    framework.cell(row, 2, "policing")
    wb["Roles"].append(["call-taker", "Call taker"])
    wb["Role standards"].append(["call-taker", "CD1"])
    wb["Role behaviours"].append(["call-taker", "we-collaborate", 1])
    wb.save(blank)
    out = tmp_path / "filled.toml"
    result = _invoke("import", blank, "-o", out)
    assert result.exit_code == 0, result.output
    written = load_document(out).framework
    assert written.framework.extends == ("policing",)
    assert [r.id for r in written.roles] == ["call-taker"] and not written.overrides
    assert not written.standards and not written.behaviours
    composed = nosframe.load(out, installed)
    assert "police-constable" in {r.id for r in composed.framework.roles}
    errors = [f for f in nosframe.check(composed, installed)
              if f.own and f.severity.value == "error"]
    assert not errors


def test_following_the_templates_own_instructions_adds_and_removes_nothing(cli_run, plugins,
                                                                          tmp_path):
    """The template's About sheet says to update a framework with `import --into`: a template
    filled with one role, into a framework extending a preset, adds the role and nothing else:
    what the template never showed (the preset's roles, standards ...) is not removed, and its
    placeholders (id my-framework, an empty organisation and version) change nothing."""
    target = tmp_path / "t.toml"
    assert cli_run("new", target, "--preset", "test-base", "--org", "T Force").exit_code == 0
    before = load_document(target).framework.framework
    blank = tmp_path / "tb.xlsx"
    assert cli_run("template", "xlsx", "-o", blank).exit_code == 0
    wb = openpyxl.load_workbook(blank)
    wb["Roles"].append(["case-officer", "Case officer"])
    wb["Role standards"].append(["case-officer", "TST02"])
    wb.save(blank)
    result = cli_run("import", blank, "--from", "xlsx", "--into", target, "--yes")
    assert result.exit_code == 0, result.output
    assert "removed" not in result.stdout and "framework details" not in result.stdout
    assert result.stdout.splitlines()[1:4] == ["added role case-officer",
                                               "    title: 'Case officer'",
                                               "    standards: TST02"]
    assert "elements of t.toml it does not show stay" in result.stdout
    assert result.stdout.splitlines()[-1] == "1 change: 1 added"
    written = load_document(target).framework
    assert written.framework == before  # id, organisation, version, extends as they were
    assert [r.id for r in written.roles] == ["case-officer"] and not written.overrides
    composed = nosframe.load(target, plugins)
    assert {r.id for r in composed.framework.roles} == {"worker", "case-officer"}
    assert {s.key for s in composed.framework.standards} == {"TST01", "TST02"}


def test_a_templates_row_of_an_inherited_element_changes_only_the_cells_filled(plugins,
                                                                              tmp_path):
    """Filled-in cells of the template are edits; its empty cells and placeholders are not: a
    row naming the preset's role with a new title retitles it (an override) and leaves its
    standards and behaviours; a framework detail typed in (not the placeholder) is taken."""
    from nosframe.formats import TEMPLATE

    target = tmp_path / "t.toml"
    session = Session.new(target, plugins, presets=["test-base"], org="T Force")
    session.save()
    blank = tmp_path / "tb.xlsx"
    blank.write_bytes(export_xlsx(compose(TEMPLATE, plugins)).content)
    wb = openpyxl.load_workbook(blank)
    wb["Roles"].append(["worker", "Case worker"])
    framework = wb["Framework"]
    row = next(r for r in range(1, 20) if framework.cell(r, 1).value == "version")
    framework.cell(row, 2, "2.0")
    wb.save(blank)
    result = read_workbook(blank)
    assert result.base == TEMPLATE
    plan = plan_update(Session.open(target, plugins), result.framework, base=result.base)
    assert plan.lines()[:4] == [
        "changed framework details", "    version: '0.1.0' -> '2.0'",
        "changed role worker (inherited from preset test-base (test-presets 0.1.0): written as "
        "an override in t.toml)", "    title: 'Worker' -> 'Case worker'"]
    assert plan.summary() == "2 changes: 2 changed"


def test_import_o_from_a_template_changes_only_the_cells_filled_as_into_does(installed,
                                                                             tmp_path):
    """`import -o` of a template naming a preset: a row of an inherited role with only a new
    title retitles it and keeps what the preset says of it (its standards, behaviours), as
    --into does; it is not replaced by the row."""
    blank = tmp_path / "blank.xlsx"
    assert _invoke("template", "xlsx", "-o", blank).exit_code == 0
    wb = openpyxl.load_workbook(blank)
    framework = wb["Framework"]
    row = next(r for r in range(1, 20) if framework.cell(r, 1).value == "extends")
    framework.cell(row, 2, "policing")
    wb["Roles"].append(["police-constable", "Constable (patrol)"])
    wb.save(blank)
    out = tmp_path / "filled.toml"
    result = _invoke("import", blank, "-o", out)
    assert result.exit_code == 0, result.output
    written = load_document(out).framework
    assert not written.roles
    assert [(o.action.value, o.target) for o in written.overrides] == [
        ("retitle", "role:police-constable")]
    constable = {r.id: r for r in nosframe.load(out, installed).framework.roles}[
        "police-constable"]
    assert constable.title == "Constable (patrol)"
    assert constable.standards and constable.behaviours  # the preset's, kept


def test_a_list_changed_is_previewed_as_every_item_added_and_removed(plugins, tmp_path):
    """The preview is the only safeguard before --yes: a role's long list of standards with
    two codes added and one taken out says exactly those, never cut off by an ellipsis."""
    from nosframe.io import save

    codes = [f"SFJCCDA{n}.1" for n in range(1, 13)]
    framework = Framework(FrameworkInfo(id="long"), standards=tuple(
        Standard(code, f"Standard {code}") for code in codes + ["SFJ CJBE6", "SFJNOPE"]),
        roles=(Role("case-officer", title="Case officer", standards=tuple(codes)),))
    target = tmp_path / "long.toml"
    save(framework, target)
    book = tmp_path / "long.xlsx"
    book.write_bytes(export_xlsx(nosframe.load(target, plugins)).content)
    wb = openpyxl.load_workbook(book)
    ws = wb["Role standards"]
    ws.delete_rows(next(r[0].row for r in ws.iter_rows(min_row=2)
                        if r[1].value == "SFJCCDA5.1"))
    ws.append(["case-officer", "SFJ CJBE6"])
    ws.append(["case-officer", "SFJNOPE"])
    wb.save(book)
    result = read_workbook(book)
    plan = plan_update(Session.open(target, plugins), result.framework, base=result.base)
    assert plan.lines() == ["changed role case-officer",
                            "    standards: +SFJ CJBE6, +SFJNOPE, -SFJCCDA5.1"]
    # the same list, reordered: the new order whole
    again = evolve(result.framework, roles=(Role("case-officer", title="Case officer",
                                                 standards=tuple(reversed(codes))),))
    line = plan_update(Session.open(target, plugins), again).lines()[1]
    assert line == "    standards: order: " + ", ".join(reversed(codes))


def test_removing_most_of_a_framework_is_warned_of_and_takes_a_flag(installed, tmp_path):
    """A file that does not show the framework whole (here a JSON export cut down to one
    role) would remove most of it: the preview warns, and --yes alone writes nothing (exit 1,
    the message names the file and the flag); --yes --remove-most applies it."""
    import json

    target = tmp_path / "t.toml"
    assert _invoke("new", target, "--preset", "policing", "--org", "T Force").exit_code == 0
    original = target.read_bytes()
    exported = tmp_path / "t.json"
    assert _invoke("export", target, "--to", "json", "-o", exported).exit_code == 0
    data = json.loads(exported.read_text())
    fw = data["framework"]
    fw.update(roles=fw["roles"][:1], mappings=[], behaviours=[], values=[], sources=[],
              standards=[s for s in fw["standards"]
                         if s["code"] in fw["roles"][0].get("standards", ())])
    exported.write_text(json.dumps(data))
    result = _invoke("import", exported, "--from", "json", "--into", target, "--yes")
    assert result.exit_code == 1, result.output
    assert "warning: these changes remove" in result.stderr
    assert f"error: {target}: not applied: the changes from t.json remove most of the " \
           "framework" in result.stderr
    assert "--yes --remove-most" in result.stderr and "Traceback" not in result.output
    assert target.read_bytes() == original
    result = _invoke("import", exported, "--from", "json", "--into", target, "--yes",
                     "--remove-most")
    assert result.exit_code == 0, result.output
    assert load_document(target).framework.overrides


def _template(tmp_path: Path, *, extends: str = "", roles=(), role_standards=(),
              role_behaviours=(), name: str = "filled.xlsx") -> Path:
    """``nosframe template xlsx`` filled in: the Framework sheet's extends row, and rows."""
    book = tmp_path / name
    assert _invoke("template", "xlsx", "-o", book).exit_code == 0
    wb = openpyxl.load_workbook(book)
    if extends:
        sheet = wb["Framework"]
        row = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "extends")
        sheet.cell(row, 2, extends)
    for sheet, rows in (("Roles", roles), ("Role standards", role_standards),
                        ("Role behaviours", role_behaviours)):
        for row in rows:
            wb[sheet].append(list(row))
    wb.save(book)
    return book


@pytest.mark.parametrize("how", ["--into", "-o"])
def test_a_templates_rows_add_to_what_a_preset_gives_on_both_paths(installed, tmp_path, how):
    """The template promises that nothing it does not show is removed: a Role standards row
    of a preset's role adds the standard to its list (the inherited order first; a row for a
    standard the role holds says which list it is in), a Role behaviours row sets that
    behaviour's level and keeps the others, and a preset's role needs no Roles row (the
    sergeant has none) -- on --into and on import -o of a template naming the preset alike."""
    book = _template(tmp_path, extends="policing" if how == "-o" else "",
                     roles=[("pcso", "PCSO")],
                     role_standards=[("pcso", "SFJHG3", "yes"), ("pcso", "CD1"),
                                     ("police-sergeant", "SFJRM4")],
                     role_behaviours=[("police-sergeant", "we-collaborate", 3)])
    out = tmp_path / "f.toml"
    if how == "--into":
        assert _invoke("new", out, "--preset", "policing", "--org", "T Force").exit_code == 0
        result = _invoke("import", book, "--from", "xlsx", "--into", out, "--yes")
    else:
        result = _invoke("import", book, "-o", out)
    assert result.exit_code == 0, result.output
    if how == "--into":
        lines = result.stdout.splitlines()
        at = lines.index("changed role police-sergeant (inherited from preset policing "
                         "(policing 0.1.0): written as an override in f.toml)")
        assert lines[at + 1:at + 3] == ["    standards: +SFJRM4",
                                        "    behaviours: we-collaborate: 2 -> 3"]
        at = lines.index("changed role pcso (inherited from preset policing (policing "
                         "0.1.0): written as an override in f.toml)")
        assert lines[at + 1:at + 4] == [
            "    title: 'Police community support officer' -> 'PCSO'",
            "    standards: +CD1", "    optional_standards: +SFJHG3, -CD1"]
        assert "removed" not in result.stdout
    roles = {r.id: r for r in nosframe.load(out, installed).framework.roles}
    pcso, sergeant = roles["pcso"], roles["police-sergeant"]
    assert pcso.title == "PCSO"
    assert pcso.standards == ("SFJAA1", "SFJAB1", "SFJAE1", "SFJCB1", "SFJBE2", "SFJ GD9",
                              "SFJAF1", "CD1")
    assert pcso.optional_standards == ("SFJAD3", "SFJHG3")
    assert set(pcso.behaviours.values()) == {1} and len(pcso.behaviours) == 6
    assert sergeant.title == "Police sergeant"
    assert sergeant.standards == ("SFJAA1", "SFJAB1", "SFJAE1", "CD1", "SFJAC1", "SFJCJHD14",
                                  "SFJCJHD15", "SFJRM4")
    assert sergeant.optional_standards == ("SFJHG3", "SFJAD3", "SFJAA2")
    assert sergeant.behaviours == {
        "we-are-emotionally-aware": 2, "we-take-ownership": 2, "we-collaborate": 3,
        "we-support-and-inspire": 2, "we-analyse-critically": 2,
        "we-are-innovative-and-open-minded": 2}


@pytest.mark.parametrize("how", ["--into", "-o extending", "-o"])
def test_a_templates_row_of_an_unknown_role_is_one_message_at_the_row(installed, tmp_path,
                                                                      how):
    """A role the template's Roles sheet leaves out is taken from the framework or the
    presets; a typo (no such role there either) is refused at the row naming it, nothing
    written (a new framework naming no presets has no role but its Roles sheet's)."""
    book = _template(tmp_path, extends="policing" if how == "-o extending" else "",
                     role_standards=[("police-sergeant", "SFJRM4"),
                                     ("police-sergent", "SFJRM4")])
    out = tmp_path / "f.toml"
    if how == "--into":
        assert _invoke("new", out, "--preset", "policing", "--org", "T Force").exit_code == 0
        before = out.read_bytes()
        result = _invoke("import", book, "--from", "xlsx", "--into", out, "--yes")
        assert out.read_bytes() == before
        nor = ", nor in f.toml"
    else:
        result = _invoke("import", book, "-o", out)
        assert not out.exists()
        nor = ", nor in the presets it extends (policing)" if how != "-o" else ""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    # with no presets, the first row's role is unknown too
    cell, role = ("A2", "police-sergeant") if how == "-o" else ("A3", "police-sergent")
    assert f"error: {book}: Role standards!{cell}: role '{role}' is not on the Roles " \
           f"sheet{nor}\n" in result.stderr
    assert "hint: correct the id, or add the role to Roles" in result.stderr


@pytest.mark.parametrize("extends", ["policing", ""])
def test_import_o_of_a_template_does_not_take_its_placeholders(installed, tmp_path, extends):
    """The template's id my-framework and title My framework are placeholders: import -o
    names the framework after the file written and titles it as `nosframe new` does, with or
    without presets; an id or title typed in is taken."""
    book = _template(tmp_path, extends=extends, roles=[("case-officer", "Case officer")])
    out = tmp_path / "north-force.toml"
    result = _invoke("import", book, "-o", out)
    assert result.exit_code == 0, result.output
    info = load_document(out).framework.framework
    assert (info.id, info.title) == ("north-force",
                                     "North Force Professional Development Framework")
    wb = openpyxl.load_workbook(book)
    sheet = wb["Framework"]
    for field, value in (("id", "nf"), ("organisation", "Northshire Police")):
        row = next(r for r in range(1, 20) if sheet.cell(r, 1).value == field)
        sheet.cell(row, 2, value)
    wb.save(book)
    out = tmp_path / "other.toml"
    assert _invoke("import", book, "-o", out).exit_code == 0
    info = load_document(out).framework.framework
    assert (info.id, info.title) == ("nf", "Northshire Police Professional Development "
                                           "Framework")


def test_a_workbook_imported_as_json_is_one_message_with_the_importer_to_use(cli_run,
                                                                             tmp_path):
    """`--from json` on a workbook: one message naming the file, that it is a zip and not
    JSON, and the hint --from xlsx; other bytes that are not UTF-8 are said with where."""
    book = tmp_path / "filled.xlsx"
    assert cli_run("template", "xlsx", "-o", book).exit_code == 0
    result = cli_run("import", book, "--from", "json", "-o", tmp_path / "z.toml")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.splitlines()[0] == \
        f"error: {book}: not JSON: a binary file, a zip (as an .xlsx workbook is)"
    assert "hint: to import a workbook: --from xlsx" in result.stderr
    assert "codec" not in result.output and not (tmp_path / "z.toml").exists()
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"format": "nosframe-json",\n "title": "caf\xe9"}')
    result = cli_run("import", latin, "--from", "json", "-o", tmp_path / "z.toml")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == \
        f"error: {latin}:2: not JSON: text not in UTF-8 (byte 0xe9 at offset 42)"


def test_a_nos_list_export_is_pointed_to_the_library(cli_run, tmp_path):
    """A UK NOS database list export (sheet owssvr) is not a framework workbook: the message
    says so and hints `nosframe library import FILE`."""
    export = tmp_path / "PublishedNos_Details.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "owssvr"
    wb.active.append(["URN", "Title"])
    wb.save(export)
    result = cli_run("import", export, "-o", tmp_path / "x.toml")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.splitlines() == [
        f"error: {export}: owssvr: a list export of the UK NOS database (sheet 'owssvr'), "
        "not a framework workbook",
        f"  hint: to add its standards to the national library: nosframe library import "
        f"{export}; then name their codes in a framework (docs/library.md)"]
