"""The team needs report (nosframe.analysis.needs, nosframe needs): hand-checked counts on a
small store, the expiring window, one role, --json, and agreement with a person's own record
(analysis.people.role_status) for everyone in a generated store."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest

import nosframe
from nosframe.analysis import people as record
from nosframe.analysis.needs import needs
from nosframe.evidence import import_evidence, open_store
from nosframe.evidence.reader import WHOLE

ROOT = Path(__file__).parents[1]
DATA = Path(__file__).parent / "data" / "evidence"
FRAMEWORK = DATA / "team.toml"
TODAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def framework():
    return nosframe.load(FRAMEWORK).framework


@pytest.fixture
def store(tmp_path, framework):
    path = tmp_path / "team.db"
    import_evidence(DATA / "team.csv", framework, path, today=TODAY)
    with open_store(path) as opened:
        yield opened


def table(report) -> dict:
    return {(role.role, r.id): (r.met, r.expiring, r.lacking)
            for role in report.roles for r in role.requirements}


def test_hand_checked_needs(framework, store):
    # today 2026-12-01, window 90 days (to 2027-03-01); first aid (SFJ GD9) valid 3 years:
    # PX4101 meets everything; PX4102 lacks SFJAA1 P2, first aid (2024-01-15) ends 2027-01-15;
    # PX4103's first aid (2022-06-01) ended 2025-06-01, SFJAA1 P2 expires 2027-01-31, no
    # behaviour; PX4201 (sergeant) is assessed at level 1 where the role needs 2
    report = needs(framework, store, today=TODAY)
    assert table(report) == {
        ("constable", "SFJAA1"): (1, 1, 1),
        ("constable", "SFJ GD9"): (1, 1, 1),
        ("constable", "we-collaborate"): (2, 0, 1),
        ("sergeant", "SFJAA1"): (1, 0, 0),
        ("sergeant", "we-collaborate"): (0, 0, 1),
    }
    assert [(r.role, r.people) for r in report.roles] == [("constable", 3), ("sergeant", 1)]
    assert [(p.id, p.lacking, p.expiring, p.required) for p in report.furthest] == [
        ("PX4103", 2, 1, 3), ("PX4102", 1, 1, 3), ("PX4201", 1, 0, 2), ("PX4101", 0, 0, 3)]
    assert report.furthest[0].name == "Jo Fielding"
    assert report.people == 4 and report.unknown_roles == {}


def test_the_expiring_window(framework, store):
    # 30 days: nothing ends by 2026-12-31
    assert table(needs(framework, store, today=TODAY, within=30))[
        ("constable", "SFJ GD9")] == (2, 0, 1)
    assert table(needs(framework, store, today=TODAY, within=30))[
        ("constable", "SFJAA1")] == (2, 0, 1)
    # 200 days (to 2027-06-19): PX4101's first aid (2024-06-01 + 3y = 2027-06-01) ends too
    assert table(needs(framework, store, today=TODAY, within=200))[
        ("constable", "SFJ GD9")] == (0, 2, 1)
    # a year on, PX4102's first aid and PX4103's P2 have ended
    later = needs(framework, store, today=dt.date(2027, 12, 1), within=0)
    assert table(later)[("constable", "SFJ GD9")] == (0, 0, 3)
    assert table(later)[("constable", "SFJAA1")] == (1, 0, 2)


def test_one_role_and_people_in_roles_the_framework_lost(framework, store, tmp_path):
    report = needs(framework, store, role="sergeant", today=TODAY, top=1)
    assert [r.role for r in report.roles] == ["sergeant"]
    assert [p.id for p in report.furthest] == ["PX4201"]
    with pytest.raises(KeyError):
        needs(framework, store, role="inspector", today=TODAY)
    import attrs

    fewer = attrs.evolve(framework, roles=framework.roles[:1])
    assert needs(fewer, store, today=TODAY).unknown_roles == {"sergeant": 1}


def test_the_whole_standard_criterion_is_the_person_records():
    assert WHOLE == record.WHOLE


def test_needs_agree_with_each_persons_record(tmp_path):
    """For every person of a generated store (fictional people, the Northshire example's real
    codes, its three-year first-aid validity), the report's counts are what
    analysis.people.role_status says of each person's record, today, at a later date and at an
    earlier one."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from evidence_generate import generate
    finally:
        sys.path.pop(0)
    composed = nosframe.load(ROOT / "frameworks" / "northshire-police.toml")
    framework = composed.framework
    csv_path = tmp_path / "people.csv"
    generate(csv_path, framework, people=60, rows=40, seed=3, today=TODAY)
    summary = import_evidence(csv_path, framework, tmp_path / "t.db", today=TODAY)
    assert summary.bad_rows == 0
    with open_store(tmp_path / "t.db") as store:
        # a day before much of the evidence was assessed, too: both count it from its date
        for day, within in ((TODAY, 90), (dt.date(2027, 9, 1), 400), (dt.date(2025, 6, 1), 90)):
            report = needs(framework, store, today=day, within=within, top=1000)
            expected: dict = {}
            distance = {}
            for ref, _, role in store.people():
                status = record.role_status(framework, store.person(ref), role, day,
                                            soon=within)
                by_standard: dict = {}
                for c in status.mandatory:
                    by_standard.setdefault(c.standard, []).append(c.state)
                states = [("standard", code,
                           "lacking" if not all(s.counts for s in found) else
                           "expiring" if record.State.EXPIRING in found else "met")
                          for code, found in by_standard.items()]
                states += [("behaviour", b.behaviour,
                            "lacking" if not b.state.counts else
                            "expiring" if b.state is record.State.EXPIRING else "met")
                           for b in status.behaviours]
                for kind, rid, state in states:
                    cell = expected.setdefault((role, rid), {"met": 0, "expiring": 0,
                                                            "lacking": 0})
                    cell[state] += 1
                distance[ref] = (sum(s == "lacking" for *_, s in states),
                                 sum(s == "expiring" for *_, s in states))
            got = {(role.role, r.id): {"met": r.met, "expiring": r.expiring,
                                       "lacking": r.lacking}
                   for role in report.roles for r in role.requirements if role.people}
            assert got == expected
            assert {p.id: (p.lacking, p.expiring) for p in report.furthest} == distance


def test_cli_needs_text_and_json(tmp_path, cli_run):
    store = tmp_path / "team.db"
    result = cli_run("evidence", "import", DATA / "team.csv", "--framework", FRAMEWORK,
                     "--store", store)
    assert result.exit_code == 0, result.output
    result = cli_run("needs", FRAMEWORK, "--evidence", store, "--today", "2026-12-01")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Police constable (constable): 3 people" in out
    assert "SFJ GD9 Administer First Aid" in out
    assert "PX4103  Jo Fielding  constable: lacks 2 of 3, 1 expiring" in out
    result = cli_run("needs", FRAMEWORK, "--evidence", store, "--today", "2026-12-01",
                     "--role", "constable", "--within", "30", "--json")
    data = json.loads(result.stdout)
    assert data["today"] == "2026-12-01" and data["within_days"] == 30
    assert [r["role"] for r in data["roles"]] == ["constable"]
    first_aid = next(r for r in data["roles"][0]["requirements"] if r["id"] == "SFJ GD9")
    assert first_aid == {"kind": "standard", "id": "SFJ GD9", "title": "Administer First Aid",
                         "level": None, "criteria": 1, "met": 2, "expiring": 0,
                         "lacking": 1}
    assert data["furthest"][0] == {"id": "PX4103", "name": "Jo Fielding", "role": "constable",
                                   "required": 3, "lacking": 2, "expiring": 0}
    result = cli_run("needs", FRAMEWORK, "--evidence", store, "--role", "constabel")
    assert result.exit_code == 2 and "did you mean 'constable'" in result.stderr


def test_cli_people_in_a_role_the_framework_no_longer_has_are_a_warning(tmp_path, cli_run):
    store = tmp_path / "team.db"
    cli_run("evidence", "import", DATA / "team.csv", "--framework", FRAMEWORK, "--store", store)
    text = FRAMEWORK.read_text()
    smaller = tmp_path / "smaller.toml"
    smaller.write_text(text[:text.index('[[roles]]\nid = "sergeant"')]
                       .replace('progresses_to = ["sergeant"]\n', ""))
    result = cli_run("needs", smaller, "--evidence", store, "--today", "2026-12-01",
                     "--top", "0")
    assert result.exit_code == 0, result.output
    assert "warning: 1 person in role 'sergeant', which the framework does not define: not " \
           "counted" in result.stderr
    assert "furthest" not in result.stdout and "Police constable (constable): 3 people" in \
        result.stdout


def test_an_empty_store_has_no_needs_counted(tmp_path, framework):
    with open_store(tmp_path / "empty.db", create=True) as store:
        report = needs(framework, store, today=TODAY)
    assert report.people == 0 and report.furthest == ()
    assert all((r.met, r.expiring, r.lacking) == (0, 0, 0)
               for role in report.roles for r in role.requirements)


def test_a_role_no_one_holds_says_so_instead_of_a_table_of_zeros(tmp_path, cli_run):
    store = tmp_path / "team.db"
    body = ("person_id,name,role,standard,criterion,behaviour,level,date,assessor,method,"
            "reference,expires,note\nC1,Alex,constable,SFJAA1,P1,,,2025-01-10,,,,,\n")
    (tmp_path / "one.csv").write_text(body, encoding="utf-8")
    cli_run("evidence", "import", tmp_path / "one.csv", "--framework", FRAMEWORK, "--store",
            store)
    result = cli_run("needs", FRAMEWORK, "--evidence", store, "--today", "2026-12-01")
    assert result.exit_code == 0, result.output
    assert "Police constable (constable): 1 person" in result.stdout
    sergeant = result.stdout.split("(sergeant): 0 people", 1)[1].split("\n\n", 1)[0]
    assert sergeant.strip().startswith("no one in this role in the store (")
    assert "meet" not in sergeant
