"""The integrator examples run and do what they say."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
MINI = ROOT / "tests" / "data" / "mini.toml"


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def test_compose_and_check_example():
    result = run(ROOT / "examples" / "compose_and_check.py", MINI)
    assert result.returncode == 0, result.stderr
    assert "Mini Force Framework: 2 roles, 1 standards" in result.stdout


def test_coverage_example():
    result = run(ROOT / "examples" / "coverage_report.py", MINI)
    assert result.returncode == 0, result.stderr
    assert "constable" in result.stdout and "1/1 behaviours evidenced" in result.stdout


def test_build_in_code_example(tmp_path):
    out = tmp_path / "unit.toml"
    result = run(ROOT / "examples" / "build_in_code.py", out)
    assert result.returncode == 0, result.stderr
    assert "(0 findings)" in result.stdout
    from nosframe.io import load_document

    assert load_document(out).framework.roles[0].id == "officer"


def test_local_plugin_example(cli_run):
    result = cli_run("--plugins-dir", ROOT / "examples" / "local_plugins", "check", MINI,
                     "--format", "json")
    assert result.exit_code == 0, result.output
    found = {(f["code"], f["location"]["path"]) for f in json.loads(result.stdout)["findings"]}
    assert found == {("EX001", "roles[0]"), ("EX001", "roles[1]"), ("EX002", "roles[0]"),
                     ("EX002", "roles[1]")}


def test_edit_with_api_example(tmp_path, published_rows):
    """The integrator's script: through nosframe.editing it adds a national-library standard
    to an inherited role, maps two criteria, undoes a step, renames a behaviour and saves."""
    import os

    import openpyxl

    from nosframe.library import COLUMNS, import_exports
    from nosframe.plugins import load_plugins

    export = tmp_path / "PublishedNos-old_Details.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "owssvr"
    sheet.append(list(COLUMNS))
    sheet.append([published_rows["SFJZB3"].get(c) for c in COLUMNS])
    workbook.save(export)
    home = tmp_path / "home"
    import_exports([export], home / "library.sqlite")

    out = tmp_path / "northshire.toml"
    env = dict(os.environ, NOSFRAME_HOME=str(home))
    result = subprocess.run(
        [sys.executable, ROOT / "examples" / "edit_with_api.py",
         ROOT / "frameworks" / "northshire-police.toml", out],
        capture_output=True, text=True, cwd=ROOT, timeout=120, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "undo: retitle role pcso" in result.stdout
    assert "wrote" in result.stdout and ": 0 errors" in result.stdout

    import nosframe

    os.environ["NOSFRAME_HOME"] = str(home)  # restored by the autouse fixture's monkeypatch
    composed = nosframe.load(out, load_plugins())
    role = {r.id: r for r in composed.framework.roles}["police-constable"]
    assert "SFJZB3" in role.standards
    assert composed.provenance_of("standard", "SFJZB3").origin.kind == "library"
    mappings = {m.key: m for m in composed.framework.mappings}
    assert mappings["SFJAB1->behaviour:we-take-ownership"].criteria == ("NSP-P1", "NSP-P3")
    assert mappings["SFJAB1->behaviour:we-listen"].criteria == ("NSP-P2", "NSP-P4")
    assert "SFJAB1->behaviour:we-listen-to-neighbourhoods" not in mappings
    pcso = {r.id: r for r in composed.framework.roles}["pcso"]
    assert "typo" not in pcso.title
    assert not [f for f in nosframe.check(composed) if f.severity.value == "error"]

    # the file records SFJZB3, so on a machine without the library it checks the same
    assert composed.framework.locked("SFJZB3").library == "uk-nos"
    here = [(f.code, f.message) for f in nosframe.check(composed)]
    os.environ["NOSFRAME_HOME"] = str(tmp_path / "no-library-here")
    elsewhere = nosframe.load(out, load_plugins())
    assert "uk-nos" not in load_plugins().libraries()
    assert [(f.code, f.message) for f in nosframe.check(elsewhere)] == here
    assert elsewhere.standard("SFJZB3").title == published_rows["SFJZB3"]["NOS Title"]
