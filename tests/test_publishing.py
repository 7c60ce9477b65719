"""Follow CONTRIBUTING.md's "Publishing a sector plugin" commands end to end, and lint the
first-party plugins."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from nosframe.io import load_document
from nosframe.pluginkit import lint_plugin

ROOT = Path(__file__).parents[1]


def publishing_commands() -> list[list[str]]:
    text = (ROOT / "CONTRIBUTING.md").read_text()
    section = text[text.index("## Publishing a sector plugin"):]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [shlex.split(line) for line in block.splitlines() if line.strip()]


def test_publishing_steps_from_contributing(cli_run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    commands = publishing_commands()
    assert [c[0] for c in commands] == ["nosframe", "cd", "nosframe", "pytest", "pip",
                                        "nosframe"]
    for command in commands:
        if command[0] == "nosframe":
            if command[1:] == ["presets"]:
                continue  # needs the pip install below; see test_scaffold_preset_is_listed
            result = cli_run(*command[1:])
            assert result.exit_code == 0, (command, result.output)
        elif command[0] == "cd":
            monkeypatch.chdir(Path.cwd() / command[1])
        elif command[0] == "pytest":
            env = dict(os.environ, PYTHONPATH=str(Path.cwd() / "src"))
            run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p",
                                  "no:cacheprovider", *command[1:]],
                                 capture_output=True, text=True, env=env, timeout=300)
            assert run.returncode == 0, run.stdout + run.stderr
            assert "1 passed" in run.stdout
        elif command[0] == "pip":
            # installing would change the test environment for every other test; the entry
            # point it creates is exercised in test_scaffold_preset_is_listed instead
            assert command == ["pip", "install", "-e", "."]
    assert Path.cwd().name == "nosframe-fire-and-rescue"


def test_scaffold_preset_is_listed(tmp_path, monkeypatch):
    """What `pip install -e .` gives: the pyproject's entry point, loaded by nosframe."""
    import importlib.metadata
    import tomllib

    from nosframe.pluginkit import scaffold_plugin
    from nosframe.plugins import load_plugins

    root = scaffold_plugin("fire-and-rescue", tmp_path)
    monkeypatch.syspath_prepend(str(root / "src"))
    declared = tomllib.loads((root / "pyproject.toml").read_text())
    eps = [importlib.metadata.EntryPoint(name, value, "nosframe") for name, value in
           declared["project"]["entry-points"]["nosframe"].items()]
    monkeypatch.setattr(importlib.metadata, "entry_points", lambda group: eps)
    plugins = load_plugins()
    assert plugins.failures == []
    preset = plugins.presets()["fire-and-rescue"]
    assert preset.plugin == "fire-and-rescue"
    assert load_document(preset.path).framework.framework.id == "fire-and-rescue"


def test_init_refuses_existing_folder_and_bad_names(cli_run, tmp_path):
    assert cli_run("plugin", "init", "x-y", "--dir", tmp_path).exit_code == 0
    again = cli_run("plugin", "init", "x-y", "--dir", tmp_path)
    assert again.exit_code == 2 and "already exists" in again.stderr
    bad = cli_run("plugin", "init", "Bad Name", "--dir", tmp_path)
    assert bad.exit_code == 2 and "kebab-case" in bad.stderr


def test_lint_finds_problems(tmp_path):
    from nosframe.pluginkit import scaffold_plugin

    root = scaffold_plugin("broken-sector", tmp_path)
    data = root / "src" / "nosframe_broken_sector" / "data" / "broken-sector.toml"
    text = data.read_text()
    text = text.replace('licence = "CHOOSE A LICENCE for this preset\'s own structure and text"\n',
                        "")
    text += '\n[[roles]]\nid = "ghost"\nstandards = ["NOPE1"]\n'
    data.write_text(text)
    (root / "src" / "nosframe_broken_sector" / "data" / "extra.toml").write_text("x = [\n")
    codes = {(f.code, f.severity.value) for f in lint_plugin(root)}
    assert ("PL005", "error") in codes
    assert ("PL004", "error") in codes  # NF102 for the ghost role
    assert ("PL003", "error") in codes


def test_lint_not_a_plugin(cli_run, tmp_path):
    result = cli_run("plugin", "lint", tmp_path)
    assert result.exit_code == 2 and "no pyproject.toml" in result.stderr


def test_lint_reports_import_failure(tmp_path):
    from nosframe.pluginkit import scaffold_plugin

    root = scaffold_plugin("crashing", tmp_path)
    (root / "src" / "nosframe_crashing" / "__init__.py").write_text("raise RuntimeError('x')\n")
    codes = [f.code for f in lint_plugin(root)]
    assert "PL002" in codes


FIRST_PARTY = sorted(p for p in (ROOT / "plugins").iterdir() if (p / "pyproject.toml").exists())


@pytest.mark.parametrize("plugin", FIRST_PARTY, ids=lambda p: p.name)
def test_first_party_plugins_lint_clean(plugin):
    errors = [f for f in lint_plugin(plugin) if f.severity.value == "error"]
    assert errors == []
    for data in (plugin / "src").rglob("data/*.toml"):
        text = data.read_text()
        if "[framework]" in text:
            doc = load_document(data)
            assert doc.framework.sources, f"{data} lists no sources"


def test_scaffold_pyproject_builds_before_a_licence_is_chosen(tmp_path):
    """`pip install -e .` straight after `plugin init` must work: setuptools (>= 77) rejects a
    `project.license` that is not a valid SPDX expression, so the placeholder is a LicenseRef."""
    import tomllib

    from nosframe.pluginkit import scaffold_plugin

    licenses = pytest.importorskip("packaging.licenses")
    root = scaffold_plugin("fire-and-rescue", tmp_path)
    meta = tomllib.loads((root / "pyproject.toml").read_text())
    licenses.canonicalize_license_expression(meta["project"]["license"])  # raises if invalid
    assert meta["build-system"]["requires"] == ["setuptools>=77"]  # first with PEP 639 strings


def test_lint_warns_while_scaffold_licences_are_placeholders(tmp_path):
    from nosframe.pluginkit import scaffold_plugin

    # a name no other test uses: lint imports the module, and a cached one would be stale
    root = scaffold_plugin("placeholder-sector", tmp_path)
    data = root / "src" / "nosframe_placeholder_sector" / "data" / "placeholder-sector.toml"
    found = lint_plugin(root)
    assert [f for f in found if f.severity.value == "error"] == []
    assert sorted(f.location.path for f in found if f.code == "PL011") == [
        "framework.licence", "project.license", "sources[0].licence"]
    for path in (root / "pyproject.toml", data):
        text = path.read_text()
        text = text.replace("LicenseRef-Choose-A-Licence", "MIT")
        text = text.replace("CHOOSE A LICENCE for this preset's own structure and text", "MIT")
        path.write_text(text.replace("CHOOSE A LICENCE", "Fire Skills Body, CC BY 4.0"))
    assert [f.code for f in lint_plugin(root)] == []
