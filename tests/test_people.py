"""Progression and people (issue 11 §1-3): the gap between two Northshire roles and the routes
up its ladder, checked against answers worked out by hand from frameworks/northshire-police.toml
and the presets it extends; the fictional person record examples/people/constable-a.toml
matched, planned and audited on a fixed day (2026-12-03), with expired evidence shown as
expired; person records read and written like framework files; every command's --json; bad
person files one located message, exit 2.

Like tests/test_documents.py these use the installed plugins: the examples extend the sector
presets in plugins/."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

import nosframe
from nosframe.analysis import gap, pathways
from nosframe.analysis.people import (State, audit, match, plan, record_problems,
                                      role_status)
from nosframe.cli import cli
from nosframe.io import LoadError
from nosframe.io.people import dumps_person, load_person, loads_person, render_person
from nosframe.model.periods import add_months, period_months

ROOT = Path(__file__).parents[1]
NORTHSHIRE = ROOT / "frameworks" / "northshire-police.toml"
CONSTABLE_A = ROOT / "examples" / "people" / "constable-a.toml"
TODAY = dt.date(2026, 12, 3)


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def northshire():
    return nosframe.load(NORTHSHIRE)


@pytest.fixture(scope="module")
def person():
    return load_person(CONSTABLE_A).person


# -- gap and pathways -------------------------------------------------------------------------


def test_gap_from_constable_to_sergeant_is_the_hand_checked_answer(northshire):
    # constable: SFJAA1 SFJAB1 SFJAE1 CD1 SFJCB1 SFJBE2 "SFJ GD9" SFJAF1, optional SFJAC1 SFJAD3,
    #   seven behaviours at level 1 (the six CVF ones and we-listen-to-neighbourhoods)
    # sergeant: SFJAA1 SFJAB1 SFJAE1 CD1 SFJAC1 SFJCJHD14 SFJCJHD15, optional SFJHG3 SFJAD3
    #   SFJAA2, the six CVF behaviours at level 2
    found = gap(northshire.framework, "police-constable", "police-sergeant")
    mandatory = [s.code for s in found.standards if not s.optional]
    optional = [s.code for s in found.standards if s.optional]
    assert mandatory == ["SFJAC1", "SFJCJHD14", "SFJCJHD15"]  # SFJAC1: optional before
    assert optional == ["SFJHG3", "SFJAA2"]  # SFJAD3 the constable role already offers
    criteria = {s.code: s.criteria for s in found.standards}
    assert criteria["SFJCJHD14"] == ("NSP-P1", "NSP-P2", "NSP-P3")  # Northshire's statements
    assert criteria["SFJAC1"] == ()  # the preset records no criteria
    assert found.criteria_count == 3
    assert [(b.behaviour, b.from_level, b.to_level) for b in found.behaviours] == [
        (b, 1, 2) for b in ("we-are-emotionally-aware", "we-take-ownership", "we-collaborate",
                            "we-support-and-inspire", "we-analyse-critically",
                            "we-are-innovative-and-open-minded")]
    assert found.kept_standards == ("SFJAA1", "SFJAB1", "SFJAE1", "CD1", "SFJAD3")
    assert found.kept_behaviours == ()  # every behaviour the sergeant needs goes up a level
    assert found.qualifications == ()


def test_gap_keeps_behaviour_levels_already_held(northshire):
    # sergeant -> inspector: both need the six CVF behaviours at level 2
    found = gap(northshire.framework, "police-sergeant", "police-inspector")
    assert found.behaviours == ()
    assert len(found.kept_behaviours) == 6
    assert [s.code for s in found.standards if not s.optional] == [
        "SFJ HG4", "SFJHG1", "SFJAA2", "SFJAD3"]


def test_pathways_from_constable_to_inspector(northshire):
    found = pathways(northshire.framework, "police-constable", "police-inspector")
    assert [r.roles for r in found.routes] == [
        ("police-constable", "neighbourhood-sergeant", "police-inspector"),
        ("police-constable", "police-sergeant", "police-inspector"),
        ("police-constable", "detective-constable", "police-sergeant", "police-inspector")]
    via_sergeant = found.routes[1]
    # the cumulative gap: both steps' standards once each, nothing the constable had
    assert [s.code for s in via_sergeant.total.standards] == [
        "SFJAC1", "SFJCJHD14", "SFJCJHD15", "SFJHG3", "SFJAA2", "SFJ HG4", "SFJHG1", "SFJAD3",
        "SFJ HI1", "SFJHF14", "SFJ ZA11", "SFJ ZA13"]
    # SFJAA2: optional for the sergeant, mandatory for the inspector: mandatory on the route
    assert {s.code: s.optional for s in via_sergeant.total.standards}["SFJAA2"] is False
    # through the detective constable: CD1 (dropped, then asked again) is not a gain
    assert "CD1" not in [s.code for s in found.routes[2].total.standards]
    assert not found.truncated


def test_pathways_to_every_role_and_the_bound(northshire):
    found = pathways(northshire.framework, "police-constable")
    assert len(found.routes) == 7  # 3 to the inspector, 2 to the sergeant, 1 each to DC, NS
    assert [len(r.steps) for r in found.routes] == sorted(len(r.steps) for r in found.routes)
    bounded = pathways(northshire.framework, "police-constable", max_routes=2)
    assert len(bounded.routes) == 2 and bounded.truncated


def test_gap_and_pathways_commands(northshire):
    result = run("gap", NORTHSHIRE, "--from", "police-constable", "--to", "police-sergeant",
                 "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [s["code"] for s in data["standards"]] == ["SFJAC1", "SFJCJHD14", "SFJCJHD15",
                                                     "SFJHG3", "SFJAA2"]
    assert data["kept"]["standards"] == ["SFJAA1", "SFJAB1", "SFJAE1", "CD1", "SFJAD3"]
    text = run("gap", NORTHSHIRE, "--from", "police-constable", "--to", "police-sergeant")
    assert "SFJCJHD14" in text.stdout and "1 -> 2" in text.stdout and "kept:" in text.stdout
    result = run("pathways", NORTHSHIRE, "--from", "police-constable", "--to",
                 "police-inspector", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert len(data["routes"]) == 3 and data["limits"] == {"max_steps": 8, "max_routes": 100}
    assert data["routes"][0]["roles"][-1] == "police-inspector"
    result = run("gap", NORTHSHIRE, "--from", "police-constable", "--to", "sergeant")
    assert result.exit_code == 2
    assert "no role 'sergeant' (--to)" in result.stderr and "police-sergeant" in result.stderr


# -- validity periods -------------------------------------------------------------------------


def test_periods():
    assert period_months("3y") == 36 and period_months("18m") == 18
    assert period_months("1y6m") == 18 and period_months("") is None
    with pytest.raises(ValueError):
        period_months("3 years")
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2023, 6, 10), 36) == dt.date(2026, 6, 10)


def test_a_bad_validity_period_is_a_located_error(tmp_path):
    path = tmp_path / "f.toml"
    path.write_text('[framework]\nid = "f"\n\n[[roles]]\nid = "r"\nevidence_valid_for = "3 '
                    'years"\n', encoding="utf-8")
    result = run("check", path)
    assert result.exit_code == 2
    assert "f.toml:4: roles[0]" in result.stderr and "not a period" in result.stderr


# -- a person against the constable role, by hand ---------------------------------------------


def test_constable_a_against_the_constable_role(northshire, person):
    status = role_status(northshire.framework, person, "police-constable", TODAY)
    states = {(c.standard, c.criterion): c.state for c in status.criteria}
    assert states[("SFJAB1", "NSP-P4")] is State.MISSING
    assert states[("SFJAE1", "P5")] is State.MET  # "*": the portfolio evidences all of SFJAE1
    assert states[("CD1", "CD1.1-P3")] is State.EXPIRING  # its own expiry, 2026-12-31
    assert states[("CD1", "CD1.1-P4")] is State.EXPIRED  # its own expiry, 2026-03-31
    # first aid: evidence of 2023-06-10, SFJ GD9 valid for 3y (Northshire's override)
    gd9 = next(c for c in status.criteria if c.standard == "SFJ GD9")
    assert gd9.state is State.EXPIRED and gd9.held.until == dt.date(2026, 6, 10)
    behaviours = {b.behaviour: b.state for b in status.behaviours}
    assert behaviours["we-analyse-critically"] is State.EXPIRED
    assert behaviours["we-are-innovative-and-open-minded"] is State.MISSING
    assert behaviours["we-collaborate"] is State.MET  # level 2 meets level 1
    # 25 mandatory requirements (4+4+7+6 criteria, 4 whole standards) + 7 behaviours = 32;
    # not met: SFJAB1 P4, CD1 P4 (expired) P5 P6, SFJBE2, GD9 (expired), two behaviours
    assert (status.met, status.total) == (24, 32)
    assert [e.standard for e in status.other] == ["SFJCJHD14"]  # towards sergeant


def test_expired_evidence_is_not_counted_and_counts_before_it_ends(northshire, person):
    before = role_status(northshire.framework, person, "police-constable", dt.date(2026, 3, 1))
    # CD1 P4 and first aid were current then; we-collaborate (level 2, assessed 2026-04-08)
    # was not yet assessed
    assert before.met == 24 + 2 - 1
    states = {(c.standard, c.criterion): c.state for c in before.criteria}
    assert states[("CD1", "CD1.1-P4")] is State.EXPIRING


def test_evidence_counts_from_its_date_only(northshire, person):
    """A report as of a day counts only evidence assessed by then (a new-user trial: an audit
    --today 2024-01-01 showed evidence of 2025 as met), and a date after the real today is
    named as a mistake and counts from that day on."""
    early = dt.date(2024, 1, 1)
    status = role_status(northshire.framework, person, "police-constable", early)
    for c in status.criteria:
        assert c.held is None or c.held.evidence.date <= early, c
    for b in status.behaviours:
        assert b.held is None or b.held.evidence.date <= early, b
    later = [e for e in person.evidence if e.date > early]
    assert later and status.met < 24
    found = run("audit", CONSTABLE_A, NORTHSHIRE, "--today", "2024-01-01", "--json")
    data = json.loads(found.stdout)
    dates = [c["evidence"]["date"] for c in data["criteria"] if c["evidence"]]
    dates += [b["assessment"]["date"] for b in data["behaviours"] if b["assessment"]]
    assert dates and max(dates) <= "2024-01-01"
    # the record itself: a date after today is a warning where it is, and not counted today
    from attrs import evolve

    future = evolve(person.evidence[0], date=TODAY + dt.timedelta(days=30))
    changed = evolve(person, evidence=(future,) + person.evidence[1:])
    assert (("evidence[0].date", f"dated {future.date.isoformat()}, after today "
             f"({TODAY.isoformat()}): it counts from that day on")
            in record_problems(northshire.framework, changed, TODAY))
    now = role_status(northshire.framework, changed, "police-constable", TODAY)
    assert all(c.held is None or c.held.evidence is not future for c in now.criteria)


def test_a_record_held_against_another_framework_is_said_first(northshire, person, tmp_path):
    from attrs import evolve

    other = evolve(person, person=evolve(person.person, framework="westvale-probation"))
    problems = record_problems(northshire.framework, other)
    assert problems[0] == ("person.framework", "the record is held against framework "
                           "'westvale-probation', not 'northshire-police': its evidence may "
                           "name another framework's standards and behaviours")
    assert record_problems(northshire.framework, person, TODAY) == []  # the example is clean


def test_an_expiry_before_the_date_is_a_located_error(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text('[person]\nid = "a"\n\n[[evidence]]\nstandard = "SFJAA1"\n'
                    'criterion = "P1"\ndate = 2025-05-01\nexpires = 2025-01-01\n',
                    encoding="utf-8")
    result = run("match", path, NORTHSHIRE)
    assert result.exit_code == 2
    assert "p.toml:4: evidence[0]: expires 2025-01-01, before the date it was assessed " \
           "(2025-05-01)" in result.stderr


def test_match_ranks_roles_by_fit(northshire, person):
    ranked = match(northshire.framework, person, TODAY)
    assert [(s.role, s.met, s.total) for s in ranked[:4]] == [
        ("pcso", 21, 26), ("detective-constable", 19, 24),
        ("police-staff-investigator", 19, 24), ("police-constable", 24, 32)]
    assert ranked[-1].role == "neighbourhood-sergeant"
    assert [s.fit for s in ranked] == sorted((s.fit for s in ranked), reverse=True)


def test_plan_towards_sergeant(northshire, person):
    found = plan(northshire.framework, person, "police-sergeant", TODAY)
    codes = [s.code for s in found.standards]
    assert codes[:5] == ["SFJAB1", "CD1", "SFJAC1", "SFJCJHD14", "SFJCJHD15"]
    cd1 = found.standards[1]
    assert [(c.criterion, c.state) for c in cd1.to_evidence] == [
        ("CD1.1-P4", State.EXPIRED), ("CD1.1-P5", State.MISSING), ("CD1.1-P6", State.MISSING)]
    assert [c.criterion for c in cd1.expiring] == ["CD1.1-P3"]
    # SFJCJHD14: NSP-P2 already evidenced (2026-04-08)
    assert [c.criterion for c in found.standards[3].to_evidence] == ["NSP-P1", "NSP-P3"]
    # every behaviour at level 2 except we-collaborate, assessed at 2
    assert [b.behaviour for b in found.behaviours] == [
        "we-are-emotionally-aware", "we-take-ownership", "we-support-and-inspire",
        "we-analyse-critically", "we-are-innovative-and-open-minded"]


def test_audit_states_what_it_was_made_against(northshire, person):
    found = audit(northshire, person, "police-constable", TODAY)
    assert found.framework_id == "northshire-police" and found.framework_version == "1.0.0"
    assert found.files[0].sha256 == hashlib.sha256(NORTHSHIRE.read_bytes()).hexdigest()
    assert [f.name for f in found.files[1:]] == ["policing", "policing-nos", "justice-common"]
    for f in found.files:
        assert f.sha256 == hashlib.sha256(Path(f.path).read_bytes()).hexdigest()
    assert not found.complete


# -- the commands -----------------------------------------------------------------------------


def test_match_plan_audit_json():
    result = run("match", CONSTABLE_A, NORTHSHIRE, "--today", "2026-12-03", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["roles"][0]["role"] == "pcso" and data["roles"][0]["met"] == 21
    result = run("plan", CONSTABLE_A, NORTHSHIRE, "--role", "police-sergeant", "--today",
                 "2026-12-03", "--json")
    data = json.loads(result.stdout)
    cd1 = next(s for s in data["standards"] if s["code"] == "CD1")
    assert cd1["to_evidence"][0]["state"] == "expired"
    assert cd1["to_evidence"][0]["evidence"]["until"] == "2026-03-31"
    result = run("audit", CONSTABLE_A, NORTHSHIRE, "--today", "2026-12-03", "--json")
    data = json.loads(result.stdout)
    assert data["role"] == "police-constable"  # the person's current role by default
    assert data["framework"]["version"] == "1.0.0"
    assert data["framework"]["files"][0]["sha256"] == hashlib.sha256(
        NORTHSHIRE.read_bytes()).hexdigest()
    gd9 = next(c for c in data["criteria"] if c["standard"] == "SFJ GD9")
    assert gd9["state"] == "expired" and gd9["evidence"]["assessor"].startswith("First aid")
    assert gd9["evidence"]["method"] == "simulation"
    assert gd9["evidence"]["reference"] == "FA-CERT-2023-118"


def test_text_output_shows_expired_as_expired():
    result = run("audit", CONSTABLE_A, NORTHSHIRE, "--today", "2026-12-03")
    assert "✗ EXPIRED SFJ GD9 *" in result.stdout and "expired 2026-06-10" in result.stdout
    assert "sha256 " in result.stdout
    result = run("match", CONSTABLE_A, NORTHSHIRE, "--today", "2026-12-03")
    assert "SFJ GD9 (as a whole) EXPIRED" in result.stdout  # one spelling: EXPIRED
    assert "(expired)" not in result.stdout
    result = run("plan", CONSTABLE_A, NORTHSHIRE, "--today", "2026-12-03", "--role",
                 "police-sergeant")
    assert "We analyse critically: level 2 missing" in result.stdout
    assert " expired  [" not in result.stdout


def test_plan_and_audit_documents(tmp_path):
    for form in ("md", "html", "docx"):
        out = tmp_path / f"plan.{form}"
        result = run("plan", CONSTABLE_A, NORTHSHIRE, "--role", "police-sergeant", "--today",
                     "2026-12-03", "-o", out)
        assert result.exit_code == 0, result.output
        out = tmp_path / f"audit.{form}"
        assert run("audit", CONSTABLE_A, NORTHSHIRE, "--today", "2026-12-03",
                   "-o", out).exit_code == 0
    plan_md = (tmp_path / "plan.md").read_text(encoding="utf-8")
    assert "# Development plan: Constable A (fictional) → Police sergeant" in plan_md
    assert "| CD1.1-P4: Set priorities" in plan_md and "| EXPIRED |" in plan_md
    assert "**Expiring soon**" in plan_md and "CD1.1-P3" in plan_md
    audit_html = (tmp_path / "audit.html").read_text(encoding="utf-8")
    assert hashlib.sha256(NORTHSHIRE.read_bytes()).hexdigest() in audit_html
    assert '<tr class="expired"><td>SFJ GD9</td>' in audit_html
    doc = docx.Document(io.BytesIO((tmp_path / "audit.docx").read_bytes()))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "EXPIRED" in cells and any("expired 2026-06-10" in c for c in cells)
    doc = docx.Document(io.BytesIO((tmp_path / "plan.docx").read_bytes()))
    assert "Standards (NOS) to evidence" in [p.text for p in doc.paragraphs]
    # an expiring criterion's bullet carries its text, as in md and html
    md_bullet = next(line for line in plan_md.splitlines() if line.startswith("- CD1.1-P3"))
    assert md_bullet[2:] in [p.text for p in doc.paragraphs]
    again = run("audit", CONSTABLE_A, NORTHSHIRE, "-o", tmp_path / "audit.md")
    assert again.exit_code == 2 and "--force" in again.stderr
    # documents about a person are personal data: new ones readable by their owner alone; one
    # its owner made group-readable keeps that mode when written again
    for form in ("md", "html", "docx"):
        assert (tmp_path / f"plan.{form}").stat().st_mode & 0o777 == 0o600
        assert (tmp_path / f"audit.{form}").stat().st_mode & 0o777 == 0o600
    (tmp_path / "audit.md").chmod(0o640)
    assert run("audit", CONSTABLE_A, NORTHSHIRE, "-o", tmp_path / "audit.md",
               "--force").exit_code == 0
    assert (tmp_path / "audit.md").stat().st_mode & 0o777 == 0o640


def test_a_document_is_never_written_over_what_the_command_read(tmp_path):
    """A person's document over the framework (or a file it extends, or the record) would put
    personal data into a framework file: refused, even with --force; nothing is changed."""
    framework = tmp_path / "f.toml"
    shutil.copy(NORTHSHIRE, framework)
    record = tmp_path / "p.toml"
    shutil.copy(CONSTABLE_A, record)
    before = framework.read_bytes(), record.read_bytes()
    for command in ("plan", "audit"):
        for out, what in ((framework, "the framework being read"),
                          (record, "the person's record")):
            result = run(command, record, framework, "--role", "pcso", "-o", out, "--as", "md",
                         "--force")
            assert result.exit_code == 2, result.output
            assert f"{out}: is {what}: writing there would replace it" in result.stderr
    assert (framework.read_bytes(), record.read_bytes()) == before
    # a preset file a framework extends by path is refused the same way
    child = tmp_path / "child.toml"
    child.write_text('[framework]\nid = "child"\nextends = ["f.toml"]\n', encoding="utf-8")
    result = run("audit", record, child, "--role", "pcso", "-o", framework, "--as", "md",
                 "--force")
    assert result.exit_code == 2 and f"is a file {child} extends" in result.stderr
    assert framework.read_bytes() == before[0]


def test_compare_and_import_never_write_over_their_inputs(tmp_path):
    a = tmp_path / "a.toml"
    shutil.copy(NORTHSHIRE, a)
    before = a.read_bytes()
    result = run("compare", a, ROOT / "frameworks" / "westvale-probation.toml", "-o",
                 tmp_path / "report.md")
    assert result.exit_code == 0, result.output  # a new file: written
    a_md = tmp_path / "cmp.md"
    a_md.symlink_to(a)  # the framework under another name: refused, even with --force
    result = run("compare", a, ROOT / "frameworks" / "westvale-probation.toml", "-o", a_md,
                 "--force")
    assert result.exit_code == 2 and "is the framework being read" in result.stderr
    workbook = tmp_path / "w.xlsx"
    assert run("export", a, "--to", "xlsx", "-o", workbook).exit_code == 0
    kept = workbook.read_bytes()
    result = run("import", workbook, "--from", "xlsx", "-o", workbook, "--force")
    assert result.exit_code == 2 and "is the file being imported" in result.stderr
    assert workbook.read_bytes() == kept and a.read_bytes() == before


def test_person_data_never_goes_into_a_framework_export(tmp_path):
    out = tmp_path / "f.json"
    assert run("export", NORTHSHIRE, "--to", "json", "-o", out).exit_code == 0
    assert "Constable A" not in out.read_text(encoding="utf-8")
    plugins = run("plugins", "--json").stdout
    assert "development-plan" not in plugins and '"audit"' not in plugins


# -- person files: reading, bad input, writing ------------------------------------------------


@pytest.mark.parametrize("text, where, words", [
    ('[person]\nid = "a"\n\n[[evidence]]\nstandard = "X1"\ncriterion = "P1"\ndate = "soon"\n',
     ":7: evidence[0].date", "not a valid date"),
    ('[person]\nid = "a"\n\n[[evidence]]\nstandard = "X1"\ncriterion = "P1"\ndate = 2025-01-01'
     '\nmethod = "telepathy"\n', ":8: evidence[0].method", "not a valid method"),
    ('[person]\nid = "a"\nrole = "x"\ngrade = 3\n', ":4: person", "unknown key 'grade'"),
    ('[person]\nid = "a"\n\n[[behaviours]]\nbehaviour = "b"\ndate = 2025-01-01\n',
     ":4: behaviours[0]", "required key 'level' missing"),
    ('[framework]\nid = "f"\n', ":1", "no [person] table"),
    ('[person\nid = "a"\n', ":1", "TOML syntax error"),
])
def test_a_bad_person_file_is_one_located_message_exit_2(tmp_path, text, where, words):
    path = tmp_path / "p.toml"
    path.write_text(text, encoding="utf-8")
    for command in (["match", path, NORTHSHIRE], ["plan", path, NORTHSHIRE, "--role", "pcso"],
                    ["audit", path, NORTHSHIRE, "--role", "pcso"]):
        result = run(*command)
        assert result.exit_code == 2, result.output
        assert f"p.toml{where}" in result.stderr and words in result.stderr
        assert "Traceback" not in result.stderr
        assert [line.startswith("error:") for line in result.stderr.splitlines()] == [True, False]


def test_a_missing_person_file_and_an_unknown_role(tmp_path):
    result = run("match", tmp_path / "nobody.toml", NORTHSHIRE)
    assert result.exit_code == 2 and "nobody.toml" in result.stderr
    result = run("plan", CONSTABLE_A, NORTHSHIRE, "--role", "chief")
    assert result.exit_code == 2 and "no role 'chief' (--role)" in result.stderr


def test_the_example_record_round_trips_canonically(person):
    assert loads_person(dumps_person(person)).person == person


def test_rendering_keeps_comments_and_appends_after_the_last_entry(person):
    import attrs

    from nosframe.model.people import CriterionEvidence

    text = CONSTABLE_A.read_text(encoding="utf-8")
    new = CriterionEvidence("SFJAB1", "NSP-P4", dt.date(2026, 12, 1), "Sgt Z")
    after = attrs.evolve(person, evidence=person.evidence[1:] + (new,),
                         person=attrs.evolve(person.person, name="A (renamed)"))
    out = render_person(text, person, after)
    assert loads_person(out).person == after
    assert out.startswith("# A person record (FICTIONAL EXAMPLE)")
    assert "# first aid: Northshire holds" in out and "# --- behaviours" in out
    assert out.index('criterion = "NSP-P4"\ndate = 2026-12-01') < out.index("# --- behaviours")
    assert 'reference = "PDR-2025-014"' in out  # NSP-P2 keeps it; only NSP-P1 went
    assert out.count("[[evidence]]") == text.count("[[evidence]]")


def test_the_example_record_is_fictional():
    text = CONSTABLE_A.read_text(encoding="utf-8")
    assert "FICTIONAL" in text and "(fictional)" in text


def test_copy_of_example_opens_in_a_session(tmp_path):
    from nosframe.editing.person import PersonSession

    path = tmp_path / "a.toml"
    shutil.copy(CONSTABLE_A, path)
    assert PersonSession.open(path).person == load_person(CONSTABLE_A).person
    with pytest.raises(LoadError):
        load_person(NORTHSHIRE)


@pytest.mark.parametrize("cls, heading", [
    ("PersonInfo", "### `[person]`"), ("CriterionEvidence", "### `[[evidence]]`"),
    ("BehaviourAssessment", "### `[[behaviours]]`")])
def test_every_key_of_a_person_record_is_documented(cls, heading):
    import attrs

    from nosframe.model import people

    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    start = text.index(heading)
    part = text[start:text.index("\n### ", start + 1)]
    for field in attrs.fields(getattr(people, cls)):
        assert f"`{field.name}`" in part, f"{cls}.{field.name} missing from docs/format.md"
    for method in people.Method:
        assert f'"{method.value}"' in text


def test_person_command_refuses_bad_input_before_the_terminal_opens(tmp_path):
    bad = tmp_path / "p.toml"
    bad.write_text('[person]\nid = "a"\nrole = 3\n', encoding="utf-8")
    result = run("person", bad, NORTHSHIRE)
    assert result.exit_code == 2 and "p.toml:3: person.role" in result.stderr
    result = run("person", CONSTABLE_A, NORTHSHIRE, "--role", "chief")
    assert result.exit_code == 2 and "no role 'chief' (--role)" in result.stderr


def test_what_the_framework_does_not_know_is_a_warning_at_its_line(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text('[person]\nid = "a"\nrole = "police-constable"\n\n[[evidence]]\n'
                    'standard = "SFJAB1"\ncriterion = "P1"\ndate = 2025-01-01\n\n'
                    '[[evidence]]\nstandard = "XYZ9"\ncriterion = "*"\ndate = 2025-01-01\n\n'
                    '[[behaviours]]\nbehaviour = "we-collaborate"\nlevel = 7\n'
                    'date = 2025-01-01\n', encoding="utf-8")
    result = run("audit", path, NORTHSHIRE, "--today", "2026-12-03")
    assert result.exit_code == 0
    assert ("p.toml:7: evidence[0].criterion: SFJAB1 has no criterion 'P1' (its criteria: "
            "NSP-P1, NSP-P2, NSP-P3, NSP-P4)") in result.stderr
    assert "p.toml:11: evidence[1].standard: standard 'XYZ9' is not in the framework" \
        in result.stderr
    assert "p.toml:17: behaviours[0].level: level 7 is not on the framework's scale (1, 2, 3)" \
        in result.stderr
    assert "other SFJAB1 P1  not asked for by this role" in result.stdout


def test_every_command_finds_a_role_by_id_or_title_and_offers_the_closest(tmp_path):
    """One lookup (analysis.roles.find_role) for --role, --from and --to everywhere."""
    from nosframe.analysis.roles import find_role
    from nosframe.io import FormatError

    framework = nosframe.load(NORTHSHIRE).framework
    assert find_role(framework, "police-sergeant").id == "police-sergeant"
    assert find_role(framework, "Police Sergeant").id == "police-sergeant"  # its title
    assert find_role(framework, " POLICE-SERGEANT ").id == "police-sergeant"
    with pytest.raises(FormatError) as caught:
        find_role(framework, "police-sargeant", given="--to", file="f.toml")
    assert caught.value.message == "no role 'police-sargeant' (--to)"
    assert caught.value.hint.startswith("did you mean 'police-sergeant'? the roles are ")
    with pytest.raises(FormatError) as caught:
        find_role(framework, "Police sargent")  # a title misspelt: its role offered
    assert caught.value.hint.startswith("did you mean 'police-sergeant'?")
    for command in (["gap", NORTHSHIRE, "--from", "Police constable", "--to", "police-sergent"],
                    ["pathways", NORTHSHIRE, "--from", "police-constabel"],
                    ["plan", CONSTABLE_A, NORTHSHIRE, "--role", "police-sergent"],
                    ["suggest", "standards", NORTHSHIRE, "--role", "police-sergent"]):
        result = run(*command)
        assert result.exit_code == 2, (command, result.output)
        assert "did you mean 'police-" in result.stderr, command
    gap_by_title = run("gap", NORTHSHIRE, "--from", "Police constable", "--to",
                       "Police sergeant", "--json")
    assert gap_by_title.exit_code == 0
    assert gap_by_title.stdout == run("gap", NORTHSHIRE, "--from", "police-constable", "--to",
                                      "police-sergeant", "--json").stdout


def test_a_record_whose_role_the_framework_lacks_says_so_and_how_to_go_on(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text('[person]\nid = "a"\nrole = "probation-service-officer"\n', encoding="utf-8")
    result = run("plan", path, NORTHSHIRE)
    assert result.exit_code == 2
    assert "no role 'probation-service-officer' (the record's [person] role" in result.stderr
    assert "give --role ROLE" in result.stderr and "(--role)" not in result.stderr


def test_an_audit_records_everything_to_make_it_again_and_the_earlier_evidence(tmp_path):
    """The record judged (its sha256), the nosframe version and the expiring window are part
    of the audit; a requirement's earlier or expired evidence is shown beside the deciding one
    ("stays in the record for audit"), in text, JSON and every document form."""
    record = tmp_path / "p.toml"
    record.write_text(
        '[person]\nid = "T-1"\nname = "Tess Test (fictional)"\nrole = "pcso"\n\n'
        '[[evidence]]\nstandard = "SFJAA1"\ncriterion = "NSP-P1"\ndate = 2022-03-01\n'
        'assessor = "Sgt Old"\nexpires = 2023-03-01\n\n'
        '[[evidence]]\nstandard = "SFJAA1"\ncriterion = "NSP-P1"\ndate = 2025-03-01\n'
        'assessor = "Sgt New"\n', encoding="utf-8")
    found = run("audit", record, NORTHSHIRE, "--today", "2026-12-03", "--soon", "30", "--json")
    data = json.loads(found.stdout)
    assert data["record"]["sha256"] == hashlib.sha256(record.read_bytes()).hexdigest()
    assert data["record"]["kind"] == "person record"
    assert data["expiring_within_days"] == 30
    assert data["made_with"].startswith("nosframe ")
    p1 = next(c for c in data["criteria"] if (c["standard"], c["criterion"])
              == ("SFJAA1", "NSP-P1"))
    assert p1["state"] == "met" and p1["evidence"]["assessor"] == "Sgt New"
    assert [(h["assessor"], h["expired"]) for h in p1["also"]] == [("Sgt Old", True)]
    text = run("audit", record, NORTHSHIRE, "--today", "2026-12-03").stdout
    # the record names no method: said so, never taken for an observation
    assert "also recorded: method not recorded, Sgt Old, 2022-03-01, expired 2023-03-01" in text
    assert f"{record} (the person's record)" in text and "made with nosframe " in text
    for form in ("md", "html"):
        out = tmp_path / f"audit.{form}"
        assert run("audit", record, NORTHSHIRE, "--today", "2026-12-03", "-o", out
                   ).exit_code == 0
        body = out.read_text(encoding="utf-8")
        assert hashlib.sha256(record.read_bytes()).hexdigest() in body
        assert "also recorded:" in body and "Sgt Old" in body
        assert "method not recorded by Sgt New" in body and "observation" not in body
        assert "Made with nosframe " in body
    out = tmp_path / "audit.docx"
    assert run("audit", record, NORTHSHIRE, "--today", "2026-12-03", "-o", out).exit_code == 0
    cells = [c.text for t in docx.Document(io.BytesIO(out.read_bytes())).tables
             for row in t.rows for c in row.cells]
    assert any("also recorded:" in c and "Sgt Old" in c for c in cells)
    assert hashlib.sha256(record.read_bytes()).hexdigest() in cells


def test_a_syntax_error_names_the_path_of_its_line_and_a_big_record_its_own_hint(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text('[person]\nid = "a"\n\n[[evidence]]\nstandard = "X"\ncriterion = "P1"\n'
                    'date = 2025-01-01\n\n[[evidence]]\nstandard = "X"\ncriterion = "P1"\n'
                    'date = 2025-02-30\n', encoding="utf-8")
    result = run("match", path, NORTHSHIRE)
    assert result.exit_code == 2
    assert f"{path}:12: evidence[1].date: TOML syntax error: Invalid date" in result.stderr
    big = tmp_path / "big.toml"
    big.write_bytes(b'[person]\nid = "a"\nnote = "' + b"x" * (21 * 1024 * 1024) + b'"\n')
    result = run("match", big, NORTHSHIRE)
    assert result.exit_code == 2
    assert "MB a person record may be" in result.stderr
    assert "evidence store" in result.stderr and "extends" not in result.stderr


def test_path_at_line():
    from nosframe.io.toml import path_at_line

    text = ('[framework]\nid = "x"\n\n[[roles]]\nid = "a"\n\n[[roles]]  # second\n'
            'id = "b"\ntitle = "oops\n\n[roles.fields]\n"odd key" = 1\n')
    assert path_at_line(text, 2) == "framework.id"
    assert path_at_line(text, 5) == "roles[0].id"
    assert path_at_line(text, 9) == "roles[1].title"
    assert path_at_line(text, 7) == "roles[0]"  # a header line: the table above it
    assert path_at_line(text, 12) == "roles.fields.odd key"
    assert path_at_line(text, 99) == "" and path_at_line("x = 1\n", 1) == "x"


def test_pathways_say_how_their_total_relates_to_the_gap():
    eastmoor = ROOT / "frameworks" / "eastmoor-justice-partnership.toml"
    text = run("pathways", eastmoor, "--from", "victim-support-volunteer", "--to",
               "partnership-team-leader").stdout
    direct = json.loads(run("gap", eastmoor, "--from", "victim-support-volunteer", "--to",
                            "partnership-team-leader", "--json").stdout)
    assert "2 steps; along the way 21 standards (1 criterion of the mandatory ones)" in text
    assert (f"(the end role alone asks {len(direct['standards'])} standards of them, as "
            "`nosframe gap` says") in text
    assert "step(s)" not in text and "1 criteria" not in text


def test_documents_to_stdout_with_o_dash_never_make_a_file_named_dash(tmp_path, monkeypatch):
    """`-o -` is stdout for plan and audit, as for export and template: a file named '-'
    holding a person's data was written; a form is needed (no suffix to tell it by)."""
    monkeypatch.chdir(tmp_path)
    result = run("plan", CONSTABLE_A, NORTHSHIRE, "--role", "police-sergeant", "--today",
                 "2026-12-03", "-o", "-", "--as", "md")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Development plan: Constable A (fictional)")
    assert not (tmp_path / "-").exists()
    result = run("audit", CONSTABLE_A, NORTHSHIRE, "--today", "2026-12-03", "-o", "-")
    assert result.exit_code == 2 and "give --as md|html|docx" in result.stderr
    result = run("audit", CONSTABLE_A, NORTHSHIRE, "--today", "2026-12-03", "-o", "-",
                 "--as", "docx")
    assert result.exit_code == 0 and result.stdout_bytes.startswith(b"PK")  # not a terminal
    assert not (tmp_path / "-").exists()
    result = run("template", "xlsx", "-o", "-")
    assert result.exit_code == 0 and result.stdout_bytes.startswith(b"PK")
    assert not (tmp_path / "-").exists()
