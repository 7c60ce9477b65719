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
