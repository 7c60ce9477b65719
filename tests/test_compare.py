"""nosframe compare and nosframe where-used: across organisations' frameworks.

The probation (Westvale, extends ``probation``) and community justice (Eastmoor, extends
``community-justice``) examples are compared with the installed sector presets, as in
tests/test_frameworks.py; the scores asserted are worked out by hand in the comments. The rest
uses small frameworks written here, through ``cli_run`` (no installed plugins).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import nosframe
from nosframe.analysis.compare import CorrespondenceRow, compare, read_correspondences
from nosframe.analysis.usage import framework_files, usage_in
from nosframe.cli import cli
from nosframe.io import FormatError
from nosframe.plugins import load_plugins

ROOT = Path(__file__).parents[1]
FRAMEWORKS = ROOT / "frameworks"
WESTVALE = FRAMEWORKS / "westvale-probation.toml"  # probation
EASTMOOR = FRAMEWORKS / "eastmoor-justice-partnership.toml"  # community justice
CVF = ROOT / "plugins" / "nosframe-policing" / "src" / "nosframe_policing" / "data" \
    / "cvf-2016-to-2024.toml"


@pytest.fixture(scope="module")
def installed():
    loaded = load_plugins()
    missing = {"probation", "community-justice"} - set(loaded.presets())
    if missing:
        pytest.fail(f"sector presets {sorted(missing)} not installed (./dev test installs "
                    "plugins/)")
    return loaded


@pytest.fixture(scope="module")
def examples(installed):
    a, b = nosframe.load(WESTVALE, installed), nosframe.load(EASTMOOR, installed)
    return a, b, compare(a, b)


def _invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


# -- the probation and community justice examples, hand-checked ------------------------------
#
# Weights: every standard a role requires counts once (1); a standard both frameworks record
# NOS criteria for counts, in common, by the share of its criteria they share. SFJAE1 records
# P1-P7 in both (justice-common): 1 in common. The WVP- and EJP- evidence statements on SFJAA1,
# SFJAB1, SFJAC1, SFJEA2, SFJDJ302 ... are the organisations' own words (text_origin
# "organisation"): not compared, so those standards are the same NOS, 1 in common.


def test_managers_share_more_than_a_probation_officer_and_a_team_leader(examples):
    _, _, found = examples
    # senior-probation-officer requires SFJAA1 AB1 AC1 AE1 AF1 CJHD14 CJHD15 HF35 HG4 AA2;
    # partnership-team-leader SFJAA1 AA2 AB1 AC1 AE1 CJHD14 CJHD15 AD3 HG4 DJ302.
    # both: AA1 AA2 AB1 AC1 AE1 CJHD14 CJHD15 HG4 (1 each) = 8
    # only A: AF1, HF35 = 2; only B: AD3, DJ302 = 2 -> 8 / 12
    managers = found.pair("senior-probation-officer", "partnership-team-leader")
    assert managers.score == round(8 / 12, 4)
    assert managers.a_to_b == round(8 / 10, 4) and managers.b_to_a == round(8 / 10, 4)
    assert {s.code for s in managers.shared} == {
        "SFJAA1", "SFJAA2", "SFJAB1", "SFJAC1", "SFJAE1", "SFJCJHD14", "SFJCJHD15", "SFJ HG4"}
    assert [r.code for r in managers.only_a] == ["SFJAF1", "SFJHF35"]
    assert [(r.code, r.optional_in_other) for r in managers.only_b] == [
        ("SFJAD3", True), ("SFJDJ302", False)]  # AD3 is optional for the senior PO
    # probation-officer (15 mandatory) and partnership-team-leader share only the justice
    # core: AA1 AB1 AC1 AE1 = 4; PO's 11 others, PTL's 6 others -> 4 / 21
    officer = found.pair("probation-officer", "partnership-team-leader")
    assert officer.score == round(4 / 21, 4)
    assert managers.score > officer.score
    # the team leader's best match in Westvale is its team manager
    assert found.best_for_b["partnership-team-leader"].a == "senior-probation-officer"


def test_roles_sharing_specialist_nos_score_above_those_sharing_only_the_core(examples):
    _, _, found = examples
    # case-administrator (AA1 AB1 AC1 AE1 AF1) and victim-support-volunteer
    # (AA1 AB1 AC1 AE1 BE2 DE5): shared 4, only A 1 (AF1), only B 2 -> 4 / 7
    volunteer = found.pair("case-administrator", "victim-support-volunteer")
    assert volunteer.score == round(4 / 7, 4)
    assert volunteer.a_to_b == round(4 / 6, 4)
    # every pair shares the justice core, so the ones that also share management NOS
    # (CJHD14, CJHD15, HG4, AA2) stand above those that share only it
    core = {"SFJAA1", "SFJAB1", "SFJAC1", "SFJAE1", "SFJAF1"}
    beyond = [p for p in found.pairs if {s.code for s in p.shared} - core]
    only_core = [p for p in found.pairs if not {s.code for s in p.shared} - core]
    assert [(p.a, p.b) for p in beyond] == [("senior-probation-officer",
                                             "partnership-team-leader")]
    senior = [p for p in only_core if p.a == "senior-probation-officer"]
    assert all(beyond[0].score > p.score for p in senior)
    assert found.pairs == tuple(sorted(found.pairs, key=lambda p: -p.score))


def test_every_standard_counts_once_and_own_statements_are_not_compared(examples):
    """A standard whose criteria a preset records is not worth more than one whose criteria it
    does not (SFJAE1's seven criteria made it count seven times, and every pair of roles
    requiring it look alike)."""
    _, _, found = examples
    shared = {s.code: s for s in found.pair("senior-probation-officer",
                                            "partnership-team-leader").shared}
    assert (shared["SFJAE1"].weight, shared["SFJAE1"].shared) == (1, 1)
    assert (shared["SFJAB1"].weight, shared["SFJAB1"].shared) == (1, 1)
    assert "evidence statements are not compared" in shared["SFJAB1"].note


def test_behaviours_align_on_common_mapped_criteria_not_on_their_names(examples):
    _, _, found = examples
    aligned = {(al.a, al.b): al for al in found.alignments}
    # Westvale maps SFJAE1 P1 P3 P4 P7 P5 to developing-self-and-others, Eastmoor P1 P2 P4 P6
    # P7 to owning-our-practice: P1, P4, P7 in common, of 7
    dev = aligned[("developing-self-and-others", "owning-our-practice")]
    assert dev.bases == ("mappings",) and dev.strength == "evidence"
    assert dev.note.startswith("3 of 7 mapped NOS criteria in common: SFJAE1 P1, SFJAE1 P4")
    assert ("value", "dignity") in found.unaligned_b


def test_names_alone_align_weakly_and_correspondences_are_declared(plugins, write):
    a = write("a.toml", """
        [framework]
        id = "a"
        [[values]]
        id = "integrity"
        name = "Integrity"
        [[behaviours]]
        id = "we-are-collaborative"
        name = "We are collaborative"
        """)
    b = write("b.toml", """
        [framework]
        id = "b"
        [[values]]
        id = "honesty"
        name = "INTEGRITY!"
        [[behaviours]]
        id = "we-collaborate"
        name = "We collaborate"
        """)
    ca, cb = nosframe.load(a, plugins), nosframe.load(b, plugins)
    found = compare(ca, cb)
    [weak] = found.alignments
    assert (weak.a, weak.b, weak.strength) == ("integrity", "honesty", "weak")
    assert "nothing else says they mean the same" in weak.note
    rows = read_correspondences(CVF)
    assert CorrespondenceRow("behaviour:we-are-collaborative", ("behaviour:we-collaborate",),
                          "Renamed.", CVF.name) in rows
    declared = {(al.a, al.b): al for al in compare(ca, cb, rows).alignments}
    assert declared[("we-are-collaborative", "we-collaborate")].strength == "declared"
    # read both ways: B (2024) against A (2016)
    back = {(al.a, al.b): al for al in compare(cb, ca, rows).alignments}
    assert back[("we-collaborate", "we-are-collaborative")].bases == ("correspondence",)


def test_roles_sharing_no_standard_score_zero(plugins, write):
    a = write("a.toml", """
        [framework]
        id = "a"
        [[standards]]
        code = "SFJAA1"
        title = "Equality"
        performance = [{ id = "P1" }, { id = "P2" }, { id = "P3" }]
        [[standards]]
        code = "SFJZZ1"
        title = "Other"
        [[roles]]
        id = "x"
        standards = ["SFJ AA1"]
        [[roles]]
        id = "y"
        standards = ["SFJZZ1"]
        """)
    b = write("b.toml", """
        [framework]
        id = "b"
        [[standards]]
        code = "SFJ AA1"
        title = "Equality"
        performance = [{ id = "P1" }, { id = "P2" }, { id = "P4" }]
        [[roles]]
        id = "z"
        standards = ["sfjaa1"]
        """)
    found = compare(nosframe.load(a, plugins), nosframe.load(b, plugins))
    x, y = found.pair("x", "z"), found.pair("y", "z")
    # codes match normalised; criteria P1 P2 in common of P1 P2 P3 P4
    assert (x.score, x.shared[0].only_a, x.shared[0].only_b) == (0.5, ("P3",), ("P4",))
    assert (x.shared[0].weight, x.shared[0].shared) == (1, 0.5)
    from nosframe.tui.compare_app import pair_text

    assert "SFJAA1  Equality (50% of its criteria in common)" in pair_text(x)  # A writes SFJAA1
    assert y.score == 0 and not y.shared
    assert found.best_for_b["z"].a == "x"


# -- the command: text, --json, documents ------------------------------------------------------


def test_compare_json(installed):
    result = _invoke("compare", WESTVALE, EASTMOOR, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["a"]["id"] == "westvale-probation"
    assert data["b"]["id"] == "eastmoor-justice-partnership"
    assert len(data["pairs"]) == 5 * 6
    first = data["pairs"][0]
    assert set(first) >= {"a", "b", "score", "a_to_b", "b_to_a", "shared", "only_a", "only_b",
                          "behaviours_a", "behaviours_b"}
    assert data["best_for_b"]["partnership-team-leader"] == {
        "a": "senior-probation-officer", "score": round(8 / 12, 4)}
    assert {al["strength"] for al in data["alignments"]} == {"evidence"}


def test_compare_text_lists_best_matches_and_differences(installed):
    result = _invoke("compare", WESTVALE, EASTMOOR)
    assert result.exit_code == 0, result.output
    assert "67%   80%   80%  Senior probation officer (team manager)" in result.stdout
    assert "only B: SFJAD3 (optional in A), SFJDJ302" in result.stdout
    # alignments by name, as a person reads them (ids are in --json)
    aligned = [line for line in result.stdout.splitlines() if " ~ " in line]
    assert any(line.strip().startswith("behaviour Changing and Improving ~ Owning and "
                                       "developing our practice") for line in aligned)
    assert not any("changing-and-improving" in line for line in aligned)


def test_compare_markdown_and_html_documents(installed, tmp_path):
    md, html = tmp_path / "c.md", tmp_path / "c.html"
    assert _invoke("compare", WESTVALE, EASTMOOR, "-o", md).exit_code == 0
    assert _invoke("compare", WESTVALE, EASTMOOR, "-o", html).exit_code == 0
    text = md.read_text()
    assert text.startswith("# Comparison: Westvale Probation Delivery Unit")
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings[0] == "Best matches" and headings[-2:] == ["Values and behaviours",
                                                               "Every pair"]
    assert "## Senior probation officer (team manager) (A) and Partnership team leader (B): 67%" \
        in text
    assert "| Role of A | Role of B | Score | A → B | B → A | Shared standards |" in text
    # the note on organisations' own statements: once under a pair, its standards marked
    assert "- **SFJAA1**\\* Promote equality" in text
    assert text.count("not compared (not NOS text)") == len(re.findall(r"^## .+ \(A\) and ",
                                                                       text, re.M))
    page = html.read_text()
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert page.count('<section class="pair"') == len(re.findall(r"^## .+ \(A\) and ", text,
                                                                 re.M))
    assert '<tr data-a="senior-probation-officer" data-b="partnership-team-leader">' in page
    # never over an existing file without --force
    again = _invoke("compare", WESTVALE, EASTMOOR, "-o", md)
    assert again.exit_code == 2 and "already exists" in again.stderr


@pytest.mark.parametrize("args, message", [
    (["missing.toml", "{a}"], "missing.toml"),
    (["{a}", "{a}", "-o", "out.pdf"], "cannot tell the form of out.pdf"),
    (["{a}", "{a}", "--correspondence", "nope.toml"], "no such correspondence file"),
    (["{a}", "{a}", "--tui", "--json"], "--tui shows the comparison in the terminal"),
])
def test_compare_bad_arguments_one_message_exit_2(cli_run, write, tmp_path, monkeypatch,
                                                  args, message):
    monkeypatch.chdir(tmp_path)
    a = write("a.toml", '[framework]\nid = "a"\n')
    result = cli_run("compare", *[x.format(a=a) for x in args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output and result.stderr.count("error:") == 1


# -- where-used ------------------------------------------------------------------------------


def test_where_used_a_standard_every_example_uses(installed):
    result = _invoke("where-used", "sfj aa1", FRAMEWORKS, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    paths = {Path(f["path"]).name: f for f in data["frameworks"]}
    assert set(paths) == {"northshire-police.toml", "westvale-probation.toml",
                          "eastmoor-justice-partnership.toml"}
    westvale = {u["key"]: u for u in paths["westvale-probation.toml"]["uses"]
                if u["kind"] == "role"}
    assert westvale["probation-officer"]["via"] == "preset probation"
    assert westvale["trainee-probation-officer"]["via"] == "own"  # Westvale's own role
    assert paths["westvale-probation.toml"]["defined_in"] == "preset justice-common"
    assert data["skipped"] == []


def test_where_used_behaviour_through_an_override(installed):
    result = _invoke("where-used", "--behaviour", "keeping-people-safe", FRAMEWORKS)
    assert result.exit_code == 0, result.output
    assert "westvale-probation.toml" in result.stdout
    assert "eastmoor" not in result.stdout and "northshire" not in result.stdout
    # an inherited role whose behaviours Westvale sets: the use comes through its own file
    assert ("role probation-officer (Probation officer): needs it at level 3  [own file]  "
            "inherited from preset probation; behaviours set by an override in "
            "westvale-probation.toml") in result.stdout


def test_where_used_a_code_no_example_uses(installed):
    result = _invoke("where-used", "SFJZZ99", FRAMEWORKS)
    assert result.exit_code == 0
    assert "no framework under" in result.stdout and "3 frameworks searched" in result.stdout


def test_where_used_reports_a_broken_file_and_goes_on(cli_run, tmp_path):
    folder = tmp_path / "many"
    (folder / "deep").mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "data" / "mini.toml", folder / "deep" / "mini.toml")
    (folder / "broken.toml").write_text("[framework\nid = 'x'\n")
    result = cli_run("where-used", "SFJ AA1", folder, "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [Path(f["path"]).name for f in data["frameworks"]] == ["mini.toml"]
    assert [u["key"] for u in data["frameworks"][0]["uses"] if u["kind"] == "role"] == [
        "constable", "sergeant"]
    assert [Path(s["path"]).name for s in data["skipped"]] == ["broken.toml"]
    assert "warning: skipped" in result.stderr and "broken.toml" in result.stderr


def test_usage_in_skips_what_does_not_load(plugins, tmp_path):
    (tmp_path / "bad.toml").write_text("not toml =")
    report = usage_in(framework_files(tmp_path), "standard", "SFJAA1",
                      lambda p: nosframe.load(p, plugins))
    assert report.frameworks == () and len(report.skipped) == 1


@pytest.mark.parametrize("args, message", [
    (["SFJAA1"], "give a standard's code and a folder (got 1 argument)"),
    (["--behaviour", "x", "SFJAA1", "{dir}"], "--behaviour takes the place of CODE"),
    (["SFJAA1", "{dir}/nowhere"], "no such folder"),
    (["SFJAA1", "{file}"], "is not a folder"),
    (["  ", "{dir}"], "the code is empty"),
])
def test_where_used_bad_arguments_one_message_exit_2(cli_run, tmp_path, args, message):
    file = tmp_path / "f.toml"
    file.write_text('[framework]\nid = "f"\n')
    result = cli_run("where-used", *[x.format(dir=tmp_path, file=file) for x in args])
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("error:") == 1
    assert "Traceback" not in result.output


def test_read_correspondences_refuses_a_bad_row(tmp_path):
    bad = tmp_path / "c.toml"
    bad.write_text('[[correspond]]\nfrom = "integrity"\nto = ["value:courage"]\n')
    with pytest.raises(FormatError, match="kind:id") as exc:
        read_correspondences(bad)
    assert "correspond[0]" in str(exc.value)


def test_an_installed_correspondence_aligns_cvf_2016_with_2024(tmp_path):
    """The policing plugin registers CVF 2016 -> 2024 (nosframe_correspondences): comparing a
    force on the 2016 preset with Northshire (2024) uses it, both ways."""
    if "policing-cvf-2016" not in load_plugins().presets():
        pytest.fail("the policing plugin is not installed (./dev test installs plugins/)")
    old = tmp_path / "old.toml"
    assert _invoke("new", old, "--preset", "policing-cvf-2016", "--org", "Old").exit_code == 0
    northshire = FRAMEWORKS / "northshire-police.toml"
    for a, b, pair in ((old, northshire, ("we-are-collaborative", "we-collaborate")),
                       (northshire, old, ("we-collaborate", "we-are-collaborative"))):
        result = _invoke("compare", a, b, "--json")
        assert result.exit_code == 0, result.output
        aligned = {(al["a"], al["b"]): al for al in json.loads(result.stdout)["alignments"]}
        assert aligned[pair]["bases"][0] == "correspondence"
        assert aligned[pair]["strength"] == "declared"
    # the 2016 value integrity has no 2024 namesake: only the correspondence lines it up
    assert aligned[("courage", "integrity")]["bases"] == ["correspondence"]
