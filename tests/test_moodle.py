"""Moodle competency framework CSV (tool_lpimportcsv): the layout Moodle's importer reads, round
trips of the example frameworks, what is reported as not carried, and bad CSVs refused with the
line.

The round trips use the installed plugins (the examples extend the sector presets in plugins/,
as tests/test_frameworks.py explains)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import nosframe
from nosframe.cli import cli
from nosframe.formats import moodle
from nosframe.io import FormatError, load_document

FRAMEWORKS = Path(__file__).parents[1] / "frameworks"
EXAMPLES = sorted(p.name for p in FRAMEWORKS.glob("*.toml"))

#: the language strings of Moodle's tool_lpimportcsv (lang/en/tool_lpimportcsv.php), in the
#: order of framework_importer::list_required_headers()
MOODLE_HEADERS = [
    "Parent ID number", "ID number", "Short name", "Description", "Description format",
    "Scale values", "Scale configuration", "Rule type (optional)", "Rule outcome (optional)",
    "Rule config (optional)", "Cross-referenced competency ID numbers", "Exported ID (optional)",
    "Is framework", "Taxonomy",
]


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("name", EXAMPLES)
def test_round_trip_through_the_command_line(name, tmp_path):
    """export --to moodle, import --from moodle: the framework as the CSV holds it, exactly;
    and exporting the imported file again gives the same bytes."""
    out, back, again = tmp_path / "fw.csv", tmp_path / "back.toml", tmp_path / "again.csv"
    exported = run("export", FRAMEWORKS / name, "--to", "moodle", "-o", out)
    assert exported.exit_code == 0, exported.output
    imported = run("import", out, "--from", "moodle", "-o", back)
    assert imported.exit_code == 0, imported.output
    composed = nosframe.load(FRAMEWORKS / name)
    assert load_document(back).framework == moodle.held(composed.framework)
    assert run("export", back, "--to", "moodle", "-o", again).exit_code == 0
    assert again.read_bytes() == out.read_bytes()


def test_the_layout_is_moodles():
    composed = nosframe.load(FRAMEWORKS / "northshire-police.toml")
    text = moodle.to_csv(composed.framework)
    rows = rows_of(text)
    assert list(rows[0]) == MOODLE_HEADERS
    framework = [r for r in rows if r["Is framework"]]
    assert len(framework) == 1 and framework[0] is rows[0]
    top = framework[0]
    assert top["ID number"] == "northshire-police" and top["Parent ID number"] == ""
    # the levels are the scale, level 1 the default and every level proficient
    assert top["Scale values"] == "Practitioner,Supervisor/middle manager,Senior manager/executive"
    config = json.loads(top["Scale configuration"])
    assert "scaleid" in config[0]
    assert config[1:] == [{"id": 1, "scaledefault": 1, "proficient": 1},
                          {"id": 2, "scaledefault": 0, "proficient": 1},
                          {"id": 3, "scaledefault": 0, "proficient": 1}]
    # Moodle's taxonomy constants, one per depth
    assert top["Taxonomy"] == "domain,competency,level,indicator"
    competencies = rows[1:]
    assert all(r["Is framework"] == "" and r["Taxonomy"] == "" for r in competencies)
    assert all(r["Description format"] == "2" for r in rows)  # FORMAT_PLAIN
    assert all(len(r["Short name"]) <= 100 and len(r["ID number"]) <= 100 for r in rows)
    ids = {r["ID number"] for r in competencies}
    assert all(r["Parent ID number"] in ids | {""} for r in competencies)
    assert [r["Exported ID (optional)"] for r in competencies] == \
        [str(i) for i in range(1, len(competencies) + 1)]
    by_id = {r["ID number"]: r for r in competencies}
    # a behaviour's levels and indicators; the full text of a criterion in its description
    level = by_id["behaviour:we-listen-to-neighbourhoods:level:2"]
    assert level["Short name"] == "Level 2: Supervisor/middle manager"
    assert by_id["behaviour:we-listen-to-neighbourhoods:level:2:1"]["Description"] == \
        "Uses what residents say to set the team's neighbourhood priorities."
    crit = by_id["standard:SFJAB1:performance:NSP-P4"]
    assert crit["Parent ID number"] == "standard:SFJAB1:performance"
    # mappings as related competencies
    assert "behaviour:we-listen-to-neighbourhoods" in crit[
        "Cross-referenced competency ID numbers"].split(",")


def test_what_is_not_carried_is_named():
    composed = nosframe.load(FRAMEWORKS / "northshire-police.toml")
    lost = "\n".join(moodle.losses(composed.framework))
    for role in composed.framework.roles:
        assert role.id in lost
    assert "learning plan templates" in lost
    assert "level descriptions" in lost and "mapping notes" in lost
    assert "northshire-own-text" in lost  # sources
    held = moodle.held(composed.framework)
    assert held.roles == () and held.sources == ()
    assert moodle.losses(held) == ()  # what the CSV holds, it carries


def test_a_csv_in_moodles_own_wording_and_html_reads(tmp_path):
    """Older Moodle versions word the headers differently ("Shortname", "Id number"); Moodle's
    own exports write HTML descriptions (format 1). Competencies outside nosframe's layout are
    reported, not silently dropped."""
    path = tmp_path / "moodle.csv"
    header = ('"Parent id number","Id number",Shortname,Description,"Description format",'
              '"Scale values","Scale configuration","Rule type (optional)",'
              '"Rule outcome (optional)","Rule config (optional)",'
              '"Cross referenced competency id numbers","Exported id (optional)",'
              '"Is framework",Taxonomy\n')
    path.write_text(
        header
        + ',demo,"Demo framework","<p>First line<br>second &amp; last</p>",1,'
          '"Not yet,Competent","[{""scaleid"":""2""},{""id"":1,""scaledefault"":1,'
          '""proficient"":0},{""id"":2,""scaledefault"":0,""proficient"":1}]",,,,,,1,'
          'competency\n'
        + ',other,"Something else",,1,,,,0,null,,7,,\n'
        + 'behaviours,behaviour:b1,"Behaviour one",,1,,,,0,null,,8,,\n'
        + ',behaviours,Behaviours,,1,,,,0,null,,9,,\n', encoding="utf-8")
    result = moodle.import_moodle(path)
    fw = result.framework
    assert fw.framework.title == "Demo framework"
    assert fw.framework.description == "First line\nsecond & last"
    assert [lv.name for lv in fw.levels] == ["Not yet", "Competent"]
    assert [b.id for b in fw.behaviours] == ["b1"]
    assert any("'other'" in f.message and f.location.line == 3 for f in result.findings)


def _csv(tmp_path, body: str, header: str = ",".join(MOODLE_HEADERS)) -> Path:
    path = tmp_path / "bad.csv"
    path.write_text(header + "\n" + body, encoding="utf-8")
    return path


FRAMEWORK_ROW = ",fw,Framework,,2,\"One,Two\",\"[{}]\",,,,,,1,domain\n"


@pytest.mark.parametrize("body, header, line, words", [
    (FRAMEWORK_ROW, "Parent ID number,ID number,Short name", 1, "missing 'Description'"),
    (FRAMEWORK_ROW, ",".join(MOODLE_HEADERS) + ",Colour", 1, "unknown 'Colour'"),
    (FRAMEWORK_ROW, ",".join(MOODLE_HEADERS[:2] + MOODLE_HEADERS[1:]), 1, "there twice"),
    (FRAMEWORK_ROW + "nowhere,value:x,X,,2,,,,0,null,,1,,\n", None, 3, "parent 'nowhere'"),
    (FRAMEWORK_ROW + ",values,Values,,2,,,,0,null,,1\n", None, 3, "12 cells where the header has 14"),
    (",values,Values,,2,,,,0,null,,1,,\n", None, None, "no row with 'Is framework'"),
    (FRAMEWORK_ROW + FRAMEWORK_ROW, None, 3, "a second row with 'Is framework'"),
    (FRAMEWORK_ROW + ",values,V,,2,,,,0,null,,1,,\n,values,W,,2,,,,0,null,,2,,\n", None, 4,
     "used twice (first at line 3)"),
    (FRAMEWORK_ROW + "b,a,A,,2,,,,0,null,,1,,\na,b,B,,2,,,,0,null,,2,,\n", None, 3,
     "its own ancestor"),
    (FRAMEWORK_ROW + ',values,"Values,,2,,,,0,null,,1,,\n', None, 3, "not a readable CSV row"),
    # a row whose grandparent is missing, before the row naming it (found by benchmarks/fuzz.py)
    (FRAMEWORK_ROW + "a,b,B,,2,,,,0,null,,1,,\nnowhere,a,A,,2,,,,0,null,,2,,\n", None, 4,
     "parent 'nowhere'"),
])
def test_bad_csv_is_one_clear_message_naming_the_line(tmp_path, body, header, line, words):
    path = _csv(tmp_path, body, header or ",".join(MOODLE_HEADERS))
    with pytest.raises(FormatError) as caught:
        moodle.import_moodle(path)
    assert words in caught.value.message
    assert caught.value.location.line == line
    assert caught.value.hint


def test_bad_csv_on_the_command_line_exits_2_without_a_traceback(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes((",".join(MOODLE_HEADERS) + "\n" + FRAMEWORK_ROW
                      + ",values,Caf\xe9,,2,,,,0,null,,1,,\n").encode("latin-1"))
    result = run("import", path, "--from", "moodle", "-o", tmp_path / "out.toml")
    assert result.exit_code == 2
    assert f"{path}:3" in result.output and "not UTF-8" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out.toml").exists()


def test_a_framework_without_levels_gets_the_levels_its_indicators_use(tmp_path):
    mini = (Path(__file__).parent / "data" / "mini.toml").read_text(encoding="utf-8")
    start = mini.index("[[levels]]")
    path = tmp_path / "no-levels.toml"
    path.write_text(mini[:start] + mini[mini.index("[[values]]"):], encoding="utf-8")
    composed = nosframe.load(path)
    assert composed.framework.levels == ()
    text = moodle.to_csv(composed.framework)
    assert rows_of(text)[0]["Scale values"] == "Level 1,Level 2"
    assert any("no [[levels]]" in loss for loss in moodle.losses(composed.framework))
    out = tmp_path / "fw.csv"
    out.write_text(text, encoding="utf-8")
    back = moodle.import_moodle(out).framework
    assert back == moodle.held(composed.framework)
    assert [lv.number for lv in back.levels] == [1, 2]


def test_a_semicolon_separated_csv_reads_like_moodles_import(tmp_path):
    """Moodle's import form offers comma, semicolon, colon and tab; spreadsheets in many
    locales save CSV with semicolons."""
    composed = nosframe.load(FRAMEWORKS / "eastmoor-justice-partnership.toml")
    rows = list(csv.reader(io.StringIO(moodle.to_csv(composed.framework))))
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    path = tmp_path / "semicolons.csv"
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    assert moodle.import_moodle(path).framework == moodle.held(composed.framework)


def test_an_id_number_moodle_would_cut_is_reported(tmp_path):
    mini = (Path(__file__).parent / "data" / "mini.toml").read_text(encoding="utf-8")
    long_id = "we-are-collaborative" + "-and-more" * 10
    path = tmp_path / "long.toml"
    path.write_text(mini.replace("we-are-collaborative", long_id), encoding="utf-8")
    result = moodle.export_moodle(nosframe.load(path))
    assert any("ID numbers over 100 characters" in loss and f"behaviour:{long_id}" in loss
               for loss in result.losses)
