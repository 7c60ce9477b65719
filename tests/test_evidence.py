"""Evidence CSV import (nosframe.evidence): the column mapping, bad rows by line with the
reason, the store (reopen, replace by file name, schema version, a file that is not a store),
and that nothing about a person reaches a framework file or an export of it."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

import nosframe
from nosframe.evidence import (
    DEFAULT,
    EvidenceError,
    import_evidence,
    load_mapping,
    open_store,
    read_evidence,
)
from nosframe.model.people import Method

DATA = Path(__file__).parent / "data" / "evidence"
FRAMEWORK = DATA / "team.toml"
HEADER = ("person_id,name,role,standard,criterion,behaviour,level,date,assessor,method,"
          "reference,expires,note\n")
TODAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def framework():
    return nosframe.load(FRAMEWORK).framework


def csv_file(tmp_path: Path, body: str, name: str = "hr.csv", header: str = HEADER,
             encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes((header + body).encode(encoding) if isinstance(body, str) else body)
    return path


def problems(read) -> list[tuple[int, str, str]]:
    return [(p.line, p.field, p.message) for p in read.problems]


def test_the_sample_reads_whole(framework):
    read = read_evidence(DATA / "team.csv", framework, today=TODAY)
    assert read.problems == []
    assert (read.rows, len(read.criteria), len(read.behaviours)) == (13, 10, 3)
    assert read.people["PX4102"] == ("Sam Sample", "constable", 6)
    # a code in any spelling is stored with its normalised key, the spelling kept
    row = next(r for r in read.criteria if r[0] == "PX4102" and r[1] == "sfjgd9")
    assert row[2] == "SFJGD9" and row[4] == "2024-01-15" and row[6] == "simulation"


def test_bad_rows_are_reported_by_line_and_good_rows_kept(tmp_path, framework):
    path = csv_file(tmp_path, (
        "C1,Alex,constable,SFJAA1,P1,,,2025-01-10,,,,,\n"          # 2 good
        "C1,Alex,constable,SFJAA1,P1,,,31/02/2025,,,,,\n"          # 3 wrong date
        "C1,Alex,constable,SFJAA1,P9,,,2025-01-10,,,,,\n"          # 4 unknown criterion
        "C4,Kim,nobody,SFJAA1,P1,,,2025-01-10,,,,,\n"              # 5 unknown role
        "C1,Alex,constable,SFJZZ9,P1,,,2025-01-10,,,,,\n"          # 6 unknown standard
        "C1,Alex,constable,,,we-collaborate,7,2025-01-10,,,,,\n"   # 7 level not on the scale
        "C1,Alex,constable,SFJAA1,P2,,,2025-01-10,,telepathy,,,\n" # 8 unknown method
        "C1,Alex,constable,SFJAA1,P2,,,2030-01-10,,,,,\n"          # 9 after today
        ",Alex,constable,SFJAA1,P2,,,2025-01-10,,,,,\n"            # 10 no person
        "C1,Alex,constable,SFJAA1\n"                               # 11 short row
        "\n"                                                       # 12 blank: skipped
        "C1,Alex,constable,SFJAA1,P2,,,2025-01-10,,,,2024-01-01,\n"  # 13 expires before
        "C2,Sam,Police Constable,SFJAA1,P2,,,10/01/2025,,Observation,,,\n"))  # 14 good: title
    read = read_evidence(path, framework, today=TODAY)
    found = problems(read)
    assert [line for line, _, _ in found] == [3, 4, 5, 6, 7, 8, 9, 10, 11, 13]
    assert found[0] == (3, "date", "'31/02/2025' is not a date")
    assert found[1] == (4, "criterion", "unknown criterion 'P9' of SFJAA1")
    assert found[2] == (5, "role", "unknown role 'nobody' (person 'C4')")
    assert found[3] == (6, "standard", "unknown standard 'SFJZZ9'")
    assert found[4][1] == "level" and found[5] == (8, "method", "unknown method 'telepathy'")
    assert "P1, P2" in read.problems[1].hint
    assert "constable" in read.problems[2].hint
    assert read.bad_rows == 10 and read.blank_rows == 1
    assert [(r[0], r[3], r[4], r[6], r[10]) for r in read.criteria] == [
        ("C1", "P1", "2025-01-10", None, 2), ("C2", "P2", "2025-01-10", "observation", 14)]
    assert read.people["C2"][1] == "constable"  # the role's title is the role


def test_a_standard_whose_criteria_are_not_listed_is_evidenced_as_a_whole(tmp_path, framework):
    path = csv_file(tmp_path, "E1,,constable,SFJAF1,*,,,2025-01-10,,,,,\n"
                              "E1,,constable,SFJAF1,P1,,,2025-01-10,,,,,\n"
                              "E1,,constable,SFJAA1,*,,,2025-01-10,,,,,\n")
    read = read_evidence(path, framework, today=TODAY)
    assert problems(read) == [(3, "criterion", "unknown criterion 'P1' of SFJAF1: the "
                                               "framework lists none")]
    assert "criterion *" in read.problems[0].hint
    assert [(r[1], r[3]) for r in read.criteria] == [("SFJAF1", "*"), ("SFJAA1", "*")]


def test_bad_encoding_is_a_bad_row_and_the_rest_is_imported(tmp_path, framework):
    body = (HEADER + "C1,Alex,constable,SFJAA1,P1,,,2025-01-10,,,,,\n").encode() \
        + "C2,Zoë,constable,SFJAA1,P1,,,2025-01-10,,,,,\n".encode("cp1252") \
        + b"C3,Jo,constable,SFJAA1,P2,,,2025-01-10,,,,,\n"
    path = tmp_path / "latin.csv"
    path.write_bytes(body)
    read = read_evidence(path, framework, today=TODAY)
    assert problems(read) == [(3, "", "the row is not utf-8 text (column 'name')")]
    assert "encoding" in read.problems[0].hint
    assert [r[0] for r in read.criteria] == ["C1", "C3"]
    # the mapping's encoding reads it
    mapping = tmp_path / "map.toml"
    mapping.write_text('encoding = "cp1252"\n')
    read = read_evidence(path, framework, load_mapping(mapping), today=TODAY)
    assert read.problems == [] and read.people["C2"][0] == "Zoë"


def test_excels_unicode_text_is_read(tmp_path, framework):
    """Excel's "Unicode text" export: UTF-16 with a byte order mark, tab-delimited."""
    text = (HEADER + "PX1,Zoë,constable,SFJAA1,P1,,,2025-01-10,,,,,\n").replace(",", "\t")
    path = tmp_path / "unicode.txt"
    path.write_bytes(text.encode("utf-16"))
    read = read_evidence(path, framework, today=TODAY)
    assert read.problems == [] and read.people["PX1"][0] == "Zoë"
    path.write_bytes(b"\x00\x01binary")
    with pytest.raises(EvidenceError, match="binary, not CSV"):
        read_evidence(path, framework, today=TODAY)


def test_a_missing_column_is_one_error_naming_it(tmp_path, framework):
    path = csv_file(tmp_path, "C1,constable,SFJAA1,P1\n",
                    header="person_id,role,standard,criterion\n")
    with pytest.raises(EvidenceError) as caught:
        read_evidence(path, framework, today=TODAY)
    error = caught.value
    assert error.message == "no column 'date' (for date) in the header"
    assert error.location.line == 1 and error.location.file == str(path)
    assert "'person_id', 'role', 'standard', 'criterion'" in error.hint and "--mapping" in error.hint
    path = csv_file(tmp_path, "C1,constable,2025-01-01\n", header="person_id,role,date\n")
    with pytest.raises(EvidenceError, match="standard and criterion, or behaviour and level"):
        read_evidence(path, framework, today=TODAY)


def test_a_mapping_names_the_exports_columns(tmp_path, framework):
    mapping = tmp_path / "hr.toml"
    mapping.write_text('''
date_format = "%m/%d/%Y"

[columns]
person_id = "Employee No"
role = "Job Role"
standard = "NOS URN"
criterion = "Criterion"
date = "Assessed On"
method = "How"

[methods]
"Obs" = "observation"

[roles]
"PC" = "constable"
''')
    path = csv_file(tmp_path, "E1;PC;SFJAA1;P1;01/31/2025;Obs\n",
                    header="Employee No;Job Role;NOS URN;Criterion;Assessed On;How\n")
    read = read_evidence(path, framework, load_mapping(mapping), today=TODAY)
    assert read.problems == []
    assert read.criteria[0][:7] == ("E1", "SFJAA1", "SFJAA1", "P1", "2025-01-31", "",
                                    "observation")
    assert read.people == {"E1": ("", "constable", 2)}
    # header names match without regard to case, spaces, - and _
    path = csv_file(tmp_path, "E1,constable,SFJAA1,P1,2025-01-31\n",
                    header="Person ID,ROLE,Standard,criterion,Date\n")
    assert read_evidence(path, framework, DEFAULT, today=TODAY).problems == []


@pytest.mark.parametrize("text, message", [
    ('[colums]\nname = "x"\n', "unknown key 'colums'"),
    ('[columns]\nperson = "x"\n', "unknown field 'person' in [columns]"),
    ('[columns]\nperson_id = 3\n', "columns.person_id must be a non-empty string"),
    ('[columns]\nname = "A"\nnote = "a"\n', "both read column 'a'"),
    ('[methods]\n"Obs" = "looking"\n', "'looking' is not an assessment method"),
    ('encoding = "klingon"\n', "unknown encoding 'klingon'"),
    ('date_format = "%Y-%m"\n', "has no day"),
    ('delimiter = "x"\n', "is not one nosframe reads"),
    ('[columns\n', "not valid TOML"),
    ('[columns]\nname = "A"\nencoding = "cp1252"\n', "encoding is inside [columns]"),
])
def test_a_bad_mapping_is_one_error_at_its_line(tmp_path, text, message):
    path = tmp_path / "map.toml"
    path.write_text(text)
    with pytest.raises(EvidenceError, match=message.replace("[", r"\[").replace("]", r"\]")) \
            as caught:
        load_mapping(path)
    assert caught.value.location.file == str(path)
    assert caught.value.hint


def test_the_store_reopens_and_a_file_of_the_same_name_replaces_its_rows(tmp_path, framework):
    store = tmp_path / "team.db"
    summary = import_evidence(DATA / "team.csv", framework, store, today=TODAY)
    assert (summary.imported, summary.people, summary.bad_rows, summary.replaced) == (
        13, 4, 0, False)
    assert store.stat().st_mode & 0o777 == 0o600  # personal data: the owner's only
    with open_store(store) as opened:
        assert opened.totals() == {"people": 4, "criterion_evidence": 10,
                                   "behaviour_evidence": 3, "sources": 1}
        person = opened.person("PX4103")
        assert person.person.name == "Jo Fielding" and person.person.role == "constable"
        assert person.person.framework == "team-test"  # the framework it was checked against
        assert [(e.standard, e.criterion, e.expires) for e in person.evidence] == [
            ("SFJAA1", "P1", None), ("SFJAA1", "P2", dt.date(2027, 1, 31)),
            ("SFJGD9", "P1", None)]
        assert person.evidence[0].method is Method.PRODUCT
        journal = opened.query("PRAGMA journal_mode")[0][0]
    assert journal == "wal"
    # the same file name again, now with C3 only: the earlier rows are replaced, people no
    # export names any more are gone
    smaller = tmp_path / "again" / "team.csv"
    smaller.parent.mkdir()
    smaller.write_text("\n".join(line for line in (DATA / "team.csv").read_text().splitlines()
                                 if not line.startswith(("PX4101", "PX4102", "PX4201"))) + "\n")
    summary = import_evidence(smaller, framework, store, today=TODAY)
    assert summary.replaced and summary.totals["people"] == 1
    assert summary.totals["criterion_evidence"] == 3
    # another file's rows stay
    other = csv_file(tmp_path, "C9,Kim,sergeant,SFJAA1,P1,,,2025-01-10,,,,,\n", name="b.csv")
    summary = import_evidence(other, framework, store, today=TODAY)
    assert summary.totals == {"people": 2, "criterion_evidence": 4, "behaviour_evidence": 0,
                              "sources": 2}


def test_forget_erases_a_person(tmp_path, framework):
    store = tmp_path / "team.db"
    import_evidence(DATA / "team.csv", framework, store, today=TODAY)
    with open_store(store) as opened:
        assert opened.forget("PX4101") == 4
        assert opened.person("PX4101") is None
        with pytest.raises(EvidenceError, match="no person 'PX4101'"):
            opened.forget("PX4101")
    assert b"Alex Example" not in store.read_bytes()


def test_forget_erases_the_problems_about_a_persons_rows_too(tmp_path, framework):
    """An import problem names the row's person ("unknown criterion ... (person 'PX9')"):
    forgetting the person forgets those, and a person who had only bad rows can be forgotten
    (a new-user trial found both left behind)."""
    store = tmp_path / "team.db"
    body = ("PX7001,Robin Sample,constable,SFJAA1,P1,,,2025-01-10,,,,,\n"
            "PX7001,Robin Sample,constable,SFJAA1,P99,,,2025-01-11,,,,,\n"
            "PX7002,Sam Only-Bad,nobody,SFJAA1,P1,,,2025-01-10,,,,,\n"
            "PX7003,Kim Kept,constable,SFJAA1,P98,,,2025-01-10,,,,,\n")
    import_evidence(csv_file(tmp_path, body), framework, store, today=TODAY)
    with open_store(store) as opened:
        about = {p.person for p in opened.problems()}
        assert about == {"PX7001", "PX7002", "PX7003"}
        assert opened.forget("PX7001") == 1
        assert opened.forget("PX7002") == 0  # only bad rows: their problems go
        assert {p.person for p in opened.problems()} == {"PX7003"}
        with pytest.raises(EvidenceError, match="no person 'PX7002'"):
            opened.forget("PX7002")
    data = store.read_bytes()
    assert b"PX7001" not in data and b"PX7002" not in data and b"Robin" not in data
    assert b"PX7003" in data  # the others stay


def test_a_schema_1_store_is_migrated_with_its_problems_people(tmp_path, framework):
    import sqlite3

    store = tmp_path / "team.db"
    body = "PX7001,Robin Sample,nobody,SFJAA1,P1,,,2025-01-10,,,,,\n"
    import_evidence(csv_file(tmp_path, body), framework, store, today=TODAY)
    conn = sqlite3.connect(store)  # as schema 1 made it: no person column
    conn.execute("ALTER TABLE problems DROP COLUMN person")
    conn.execute("UPDATE meta SET value = '1' WHERE name = 'schema'")
    conn.commit()
    conn.close()
    with open_store(store) as opened:
        assert opened.meta["schema"] == "2"
        assert [p.person for p in opened.problems()] == ["PX7001"]
        assert opened.forget("PX7001") == 0
        assert opened.problems() == []
    conn = sqlite3.connect(store)
    assert conn.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone() == ("2",)
    conn.close()


def test_cli_forget(tmp_path, cli_run):
    store = tmp_path / "team.db"
    cli_run("evidence", "import", DATA / "team.csv", "--framework", FRAMEWORK, "--store", store)
    result = cli_run("evidence", "forget", "PX4102", "--store", store, "--json")
    assert json.loads(result.stdout) == {"store": str(store), "person": "PX4102",
                                         "evidence_rows": 3}
    result = cli_run("evidence", "forget", "PX4102", "--store", store)
    assert result.exit_code == 2 and "no person 'PX4102'" in result.stderr


def test_a_store_of_another_schema_version_is_refused(tmp_path, framework):
    store = tmp_path / "team.db"
    import_evidence(DATA / "team.csv", framework, store, today=TODAY)
    with sqlite3.connect(store) as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE name = 'schema'")
    conn.close()
    with pytest.raises(EvidenceError, match="schema '99' is not the one"):
        open_store(store)


@pytest.mark.parametrize("content", [
    b"person_id,role\nC1,constable\n",               # text
    b"SQLite format 3\x00" + b"\x00" * 200,          # a damaged header
    b"SQLite format 3\x00" + b"\xff" * 5000,         # garbage pages
    "sqlite-other",                                  # another program's database
])
def test_a_file_that_is_not_a_store_is_one_clear_error_and_untouched(tmp_path, framework,
                                                                     content):
    store = tmp_path / "team.db"
    if content == "sqlite-other":
        with sqlite3.connect(store) as conn:
            conn.execute("CREATE TABLE t (x)")
        conn.close()
    else:
        store.write_bytes(content)
    before = store.read_bytes()
    for attempt in (lambda: open_store(store),
                    lambda: import_evidence(DATA / "team.csv", framework, store, today=TODAY)):
        with pytest.raises(EvidenceError, match="not a nosframe evidence store|damaged") \
                as caught:
            attempt()
        assert caught.value.location.file == str(store)
    assert store.read_bytes() == before


# -- the command line ------------------------------------------------------------------------


def test_cli_import_reports_bad_rows_and_a_summary(tmp_path, cli_run):
    path = csv_file(tmp_path, "C1,Alex,constable,SFJAA1,P1,,,2025-01-10,,,,,\n"
                              "C1,Alex,constable,SFJAA1,P1,,,2025-13-10,,,,,\n")
    result = cli_run("evidence", "import", path, "--framework", FRAMEWORK,
                     "--store", tmp_path / "t.db")
    assert result.exit_code == 0, result.output
    assert f"{path}:3: date: error: '2025-13-10' is not a date" in result.stderr
    assert result.stdout.splitlines()[0] == (
        "imported hr.csv: 1 of 2 rows (1 criterion, 0 behaviours) for 1 person; "
        "1 bad row left out")
    result = cli_run("evidence", "import", path, "--framework", FRAMEWORK,
                     "--store", tmp_path / "t.db", "--json")
    data = json.loads(result.stdout)
    assert data["replaced"] and data["bad_rows"] == 1
    assert data["problems"][0]["line"] == 3 and data["problems"][0]["field"] == "date"
    result = cli_run("evidence", "info", "--store", tmp_path / "t.db", "--problems")
    assert "1 person," in result.stdout and "2025-13-10" in result.stdout


def test_cli_a_missing_column_or_a_bad_store_exits_2_with_one_message(tmp_path, cli_run):
    path = csv_file(tmp_path, "C1,constable\n", header="person_id,role\n")
    result = cli_run("evidence", "import", path, "--framework", FRAMEWORK,
                     "--store", tmp_path / "t.db")
    assert result.exit_code == 2
    assert "no column 'date'" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "t.db").exists()
    bad = tmp_path / "bad.db"
    bad.write_text("not a database")
    for args in (("evidence", "info", "--store", bad),
                 ("needs", FRAMEWORK, "--evidence", bad),
                 ("evidence", "import", DATA / "team.csv", "--framework", FRAMEWORK,
                  "--store", bad)):
        result = cli_run(*args)
        assert result.exit_code == 2, args
        assert result.stderr.count("error:") == 1 and "not a nosframe evidence store" in \
            result.stderr
        assert "Traceback" not in result.output
    result = cli_run("needs", FRAMEWORK, "--evidence", tmp_path / "none.db")
    assert result.exit_code == 2 and "no evidence store here" in result.stderr


# -- personal data stays in the store ----------------------------------------------------------


def test_nothing_about_a_person_reaches_the_framework_or_its_exports(tmp_path, cli_run):
    framework = tmp_path / "team.toml"
    framework.write_bytes(FRAMEWORK.read_bytes())
    before = framework.read_bytes()
    result = cli_run("evidence", "import", DATA / "team.csv", "--framework", framework,
                     "--store", tmp_path / "team.db")
    assert result.exit_code == 0, result.output
    assert framework.read_bytes() == before
    people = [line.split(",")[:2] for line in (DATA / "team.csv").read_text().splitlines()[1:]]
    needles = {value for pair in people for value in pair}
    exported = []
    for fmt, name, *extra in (
            ("json", "f.json"), ("markdown", "f.md"), ("html", "f.html"),
            ("case", "f.case.json"), ("moodle", "f.csv"), ("xlsx", "f.xlsx"),
            ("job-description", "jd.docx", "--role", "constable"),
            ("training-plan", "plan.md", "--role", "sergeant", "--from-role", "constable")):
        out = tmp_path / name
        result = cli_run("export", framework, "--to", fmt, "-o", out, *extra)
        assert result.exit_code == 0, (fmt, result.output)
        exported.append(out)
    for out in exported:
        data = out.read_bytes()
        if out.suffix in (".xlsx", ".docx"):
            import zipfile

            with zipfile.ZipFile(out) as book:  # the parts of the package, uncompressed
                data = b"".join(book.read(n) for n in book.namelist())
        for needle in needles:
            assert needle.encode() not in data, (out.name, needle)
    # nothing about a person in NOSFRAME_HOME either (it may hold caches of frameworks)
    for kept in (tmp_path / "nosframe-home").glob("**/*"):
        if kept.is_file():
            for needle in needles:
                assert needle.encode() not in kept.read_bytes(), (kept.name, needle)


def test_a_store_damaged_after_its_header_is_one_clear_error(tmp_path, cli_run):
    store = tmp_path / "team.db"
    result = cli_run("evidence", "import", DATA / "team.csv", "--framework", FRAMEWORK,
                     "--store", store)
    assert result.exit_code == 0, result.output
    data = bytearray(store.read_bytes())
    page = 4096
    data[page:] = b"\xa5" * (len(data) - page)  # every page but the first
    store.write_bytes(bytes(data))
    for args in (("needs", FRAMEWORK, "--evidence", store),
                 ("evidence", "info", "--store", store)):
        result = cli_run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr.count("error:") == 1, result.stderr
        assert str(store) in result.stderr and "Traceback" not in result.output


def test_a_mapping_naming_a_role_the_framework_lacks_is_one_error_naming_the_mapping(
        tmp_path, cli_run):
    mapping = tmp_path / "hr.toml"
    mapping.write_text('[roles]\n"PC" = "constabl"\n', encoding="utf-8")
    path = csv_file(tmp_path, "C1,Alex,PC,SFJAA1,P1,,,2025-01-10,,,,,\n")
    result = cli_run("evidence", "import", path, "--framework", FRAMEWORK, "--store",
                     tmp_path / "t.db", "--mapping", mapping)
    assert result.exit_code == 2, result.output
    assert (f"{mapping}: roles.pc: [roles] 'pc' = 'constabl': the framework has no role "
            "'constabl'") in result.stderr
    assert "did you mean 'constable'?" in result.stderr
    assert not (tmp_path / "t.db").exists()  # nothing imported, no store made


def test_an_import_of_no_good_row_exits_1(tmp_path, cli_run):
    path = csv_file(tmp_path, "C1,Alex,nobody,SFJAA1,P1,,,2025-01-10,,,,,\n")
    result = cli_run("evidence", "import", path, "--framework", FRAMEWORK, "--store",
                     tmp_path / "t.db")
    assert result.exit_code == 1, result.output
    assert "nothing imported from hr.csv: every row was left out" in result.stderr
    assert cli_run("evidence", "import", path, "--framework", FRAMEWORK, "--store",
                   tmp_path / "t.db", "--json").exit_code == 1


def test_the_same_export_under_another_name_is_refused_and_a_dated_one_replaces(
        tmp_path, cli_run):
    store = tmp_path / "t.db"
    first = csv_file(tmp_path, "C1,Alex,constable,SFJAA1,P1,,,2025-01-10,,,,,\n",
                     name="hr-2026-11.csv")
    again = tmp_path / "copy.csv"
    again.write_bytes(first.read_bytes())
    assert cli_run("evidence", "import", first, "--framework", FRAMEWORK, "--store",
                   store).exit_code == 0
    result = cli_run("evidence", "import", again, "--framework", FRAMEWORK, "--store", store)
    assert result.exit_code == 2
    assert "the same content was imported already as 'hr-2026-11.csv'" in result.stderr
    assert "--replaces hr-2026-11.csv" in result.stderr
    newer = csv_file(tmp_path, "C2,Kim,constable,SFJAA1,P1,,,2025-02-10,,,,,\n",
                     name="hr-2026-12.csv")
    result = cli_run("evidence", "import", newer, "--framework", FRAMEWORK, "--store", store,
                     "--replaces", "hr-2026-12-typo.csv")
    assert result.exit_code == 2 and "no earlier import named 'hr-2026-12-typo.csv'" in \
        result.stderr and "hr-2026-11.csv" in result.stderr
    result = cli_run("evidence", "import", newer, "--framework", FRAMEWORK, "--store", store,
                     "--replaces", "hr-2026-11.csv")
    assert result.exit_code == 0, result.output
    assert "; replaced hr-2026-11.csv" in result.stdout
    with open_store(store) as opened:
        assert [s["name"] for s in opened.sources()] == ["hr-2026-12.csv"]
        assert [ref for ref, _, _ in opened.people()] == ["C2"]  # Alex left with the old one


def test_needs_against_another_framework_than_the_import_warns(tmp_path, cli_run):
    store = tmp_path / "t.db"
    cli_run("evidence", "import", DATA / "team.csv", "--framework", FRAMEWORK, "--store", store)
    other = tmp_path / "other.toml"
    other.write_text(FRAMEWORK.read_text().replace('id = "team-test"', 'id = "other-team"', 1))
    result = cli_run("needs", other, "--evidence", store, "--today", "2026-12-01")
    assert result.exit_code == 0
    assert (f"warning: {store}: its evidence was checked against framework 'team-test' on "
            "import, not 'other-team'") in result.stderr
    same = cli_run("needs", FRAMEWORK, "--evidence", store, "--today", "2026-12-01")
    assert "checked against" not in same.stderr


def test_the_docs_mapping_example_loads_and_every_field_is_documented(tmp_path):
    import re

    from nosframe.evidence import FIELDS

    docs = (Path(__file__).parents[1] / "docs" / "evidence.md").read_text()
    example = re.search(r"```toml\n(# hr\.toml.*?)```", docs, re.S).group(1)
    path = tmp_path / "hr.toml"
    path.write_text(example)
    mapping = load_mapping(path)
    assert mapping.columns["person_id"] == "Employee No" and mapping.delimiter == ";"
    assert mapping.methods["obs"] is Method.OBSERVATION
    assert mapping.roles["police constable (response)"] == "police-constable"
    for name in FIELDS:
        assert f"| `{name}` |" in docs, name


def test_lines_are_where_rows_start_and_a_byte_order_mark_is_no_column(tmp_path, framework):
    body = ("PX1,Ann,constable,SFJAA1,P1,,,2025-01-10,,,,,\"a note\nover two lines\"\n"
            "PX1,Ann,constable,SFJAA1,P2,,,not a date,,,,,\n")
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + body).encode())
    read = read_evidence(path, framework, today=TODAY)
    assert problems(read) == [(4, "date", "'not a date' is not a date")]
    assert read.criteria[0][9] == "a note\nover two lines" and read.criteria[0][10] == 2
