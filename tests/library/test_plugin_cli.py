"""The default plugin (library "uk-nos"), composition through it, and the CLI commands."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

import nosframe
from nosframe.library import CODES, SEVERITIES, import_exports
from nosframe.plugins import DEFAULT_PLUGINS, load_plugins

ROOT = Path(__file__).resolve().parents[2]


def test_library_plugin_is_a_default_plugin():
    assert "nosframe.library.plugin" in DEFAULT_PLUGINS


def test_no_library_file_registers_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("NOSFRAME_HOME", str(tmp_path / "empty"))
    plugins = load_plugins(entry_points=False)
    assert "uk-nos" not in plugins.libraries()
    assert plugins.failures == []


def test_library_file_registers_uk_nos(export, nos_row, tmp_path, monkeypatch):
    home = tmp_path / "home"
    import_exports([export("a.xlsx", [nos_row("SFJAA1"), nos_row("SFJ AB2",
                                                                  NOS_Title="Other")])],
                   home / "library.sqlite")
    monkeypatch.setenv("NOSFRAME_HOME", str(home))
    plugins = load_plugins(entry_points=False)
    library = plugins.libraries()["uk-nos"]
    assert library.plugin == "nosframe.library.plugin"
    assert library.size() == 2
    assert library.get("SFJAB2").title == "Other"
    assert [s.code for s in library.search("other")] == ["SFJ AB2"]


def test_framework_pulls_a_code_it_does_not_define(export, nos_row, tmp_path, monkeypatch,
                                                   write):
    home = tmp_path / "home"
    import_exports([export("a.xlsx", [nos_row("SFJ AB2", NOS_Title="From the library")])],
                   home / "library.sqlite")
    monkeypatch.setenv("NOSFRAME_HOME", str(home))
    path = write("f.toml", """
        [framework]
        id = "f"

        [[roles]]
        id = "r"
        standards = ["SFJAB2"]
    """)
    composed = nosframe.load(path, load_plugins(entry_points=False))
    assert composed.standard("SFJAB2").title == "From the library"
    prov = composed.provenance_of("standard", "SFJAB2")
    assert prov.origin.kind == "library" and prov.origin.name == "uk-nos"
    assert prov.origin.plugin == "nosframe.library.plugin"


def test_a_broken_library_file_is_a_warning_not_a_crash(tmp_path, monkeypatch, write):
    home = tmp_path / "home"
    home.mkdir()
    (home / "library.sqlite").write_text("not a database")
    monkeypatch.setenv("NOSFRAME_HOME", str(home))
    path = write("f.toml", '[framework]\nid = "f"\n\n[[roles]]\nid = "r"\nstandards = ["X1"]\n')
    composed = nosframe.load(path, load_plugins(entry_points=False))
    assert [p.code for p in composed.problems] == ["NF002"]
    assert "not a nosframe library" in composed.problems[0].message


# -- CLI ---------------------------------------------------------------------------------------


@pytest.fixture
def dirty(export, nos_row):
    return export("dirty.xlsx", [
        nos_row("SFJAA1", Validity="LEGACY"),
        nos_row("SFJ AA1", Modified=dt.datetime(2019, 1, 1)),
        nos_row(None, Name="SKASS24.pdf"),
        nos_row("SFJCJBE1", NOS_Title="Evaluate and process referrals to provide services to "
                                      "victims, survivors and witnesses", NOSCategory=None),
    ])


def test_import_prints_counts_and_findings_by_code(cli_run, dirty, db):
    result = cli_run("library", "import", dirty, "--db", db)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "imported dirty.xlsx: 4 rows, 3 with a URN, 2 distinct codes" in out
    assert "3 standards, 2 distinct codes" in out
    for code in ("NL001", "NL004", "NL020", "NL021"):
        assert code in out
    assert "dirty.xlsx:4: URN" not in out  # individual findings only with --findings
    listed = cli_run("library", "import", dirty, "--db", db, "--findings")
    assert listed.exit_code == 0
    assert "dirty.xlsx:4: URN: warning NL001" in listed.stdout


def test_import_json(cli_run, dirty, db):
    result = cli_run("library", "import", dirty, "--db", db, "--json", "--findings")
    data = json.loads(result.stdout)
    assert data["library"] == {"rows": 4, "standards": 3, "codes": 2, "fts": data["library"]["fts"]}
    assert data["findings_by_code"]["NL001"] == 1
    rows = {(f["code"], f["location"]["line"]) for f in data["findings"]}
    assert ("NL001", 4) in rows and ("NL004", 5) in rows


def test_search_json_and_text(cli_run, dirty, db):
    cli_run("library", "import", dirty, "--db", db)
    data = json.loads(cli_run("library", "search", "victims", "--json", "--db", db).stdout)
    assert data["count"] == 1
    (hit,) = data["results"]
    assert hit["code"] == "SFJCJBE1" and hit["source"] == {"file": "dirty.xlsx", "row": 5}
    text = cli_run("library", "search", "sfjaa1", "--db", db).stdout
    assert text.startswith("SFJ AA1 ")
    none = cli_run("library", "search", "zebra", "--db", db)
    assert none.exit_code == 0 and none.stdout == "" and "no standards match" in none.stderr


def test_show(cli_run, dirty, db):
    cli_run("library", "import", dirty, "--db", db)
    result = cli_run("library", "show", "sfj aa1", "--db", db)
    assert result.exit_code == 0
    assert result.stdout.startswith("SFJ AA1  Promote equality")
    assert "other rows with this code (1):" in result.stdout
    assert "dirty.xlsx:2  'SFJAA1'  legacy" in result.stdout
    assert "NL021" in result.stdout
    data = json.loads(cli_run("library", "show", "SFJAA1", "--json", "--raw", "--db",
                              db).stdout)
    assert data["standard"]["source"] == {"file": "dirty.xlsx", "row": 3}
    assert data["other_rows"][0]["raw"]["Validity"] == "LEGACY"
    missing = cli_run("library", "show", "SFJAA", "--db", db)
    assert missing.exit_code == 2 and "did you mean SFJ AA1" in missing.stderr


def test_info(cli_run, dirty, db):
    cli_run("library", "import", dirty, "--db", db)
    text = cli_run("library", "info", "--db", db).stdout
    assert "dirty.xlsx: 4 rows, 3 with a URN, 2 codes" in text
    assert "NL001" in text and CODES["NL001"] in text
    data = json.loads(cli_run("library", "info", "--json", "--findings", "--code", "NL001",
                              "--db", db).stdout)
    assert data["totals"]["rows"] == 4 and data["totals"]["codes"] == 2
    assert [f["code"] for f in data["findings"]] == ["NL001"]
    assert data["finding_codes"]["NL007"]["severity"] == "warning"


def test_info_uses_nosframe_home(cli_run, dirty, tmp_path, monkeypatch):
    monkeypatch.setenv("NOSFRAME_HOME", str(tmp_path / "h"))
    assert cli_run("library", "import", dirty).exit_code == 0
    assert str(tmp_path / "h" / "library.sqlite") in cli_run("library", "info").stdout


@pytest.mark.parametrize("command", [(), ("import",), ("search",), ("info",), ("show",)])
def test_every_command_has_help_with_an_example(cli_run, command):
    result = cli_run("library", *command, "--help")
    assert result.exit_code == 0 and "Example:" in result.stdout
    assert "nosframe library" in result.stdout.split("Example:")[1]


def test_library_is_listed_in_the_main_help(cli_run):
    assert "library" in cli_run("--help").stdout


def test_every_code_is_documented():
    doc = (ROOT / "docs" / "library.md").read_text(encoding="utf-8")
    assert CODES.keys() == SEVERITIES.keys()
    for code in CODES:
        assert f"`{code}`" in doc, f"{code} missing from docs/library.md"


def test_codes_in_docs_are_known():
    doc = (ROOT / "docs" / "library.md").read_text(encoding="utf-8")
    assert set(re.findall(r"`(NL\d{3})`", doc)) == set(CODES)
