"""docs/plugins.md documents every hook with the hookspec's exact signature, a test implements
every hook, and the page's examples work as plugins (datasette's test_docs.py is the model)."""

from __future__ import annotations

import inspect
import json
import re
import shutil
from pathlib import Path

import pytest

import nosframe
from nosframe import hookspecs
from nosframe.plugins import load_plugins

HERE = Path(__file__).parent
ROOT = HERE.parent
PAGE = (ROOT / "docs" / "plugins.md").read_text()

HOOKS = sorted(name for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
               if getattr(fn, "nosframe_spec", None) is not None)


def test_hooks_are_found():
    assert {"nosframe_presets", "nosframe_checks", "nosframe_commands"} <= set(HOOKS)
    assert all(name.startswith("nosframe_") for name in HOOKS)


def section(hook: str) -> str:
    args = ", ".join(inspect.signature(getattr(hookspecs, hook)).parameters)
    heading = f"### `{hook}({args})`"
    assert heading in PAGE, f"docs/plugins.md has no heading {heading}"
    start = PAGE.index(heading)
    end = PAGE.find("\n### ", start + 1)
    return PAGE[start:end if end > 0 else None]


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_is_documented_with_its_signature(hook):
    spec = getattr(hookspecs, hook)
    assert len((spec.__doc__ or "").strip()) > 40, f"{hook} needs a docstring"
    params = ", ".join(f"{p.name}: {p.annotation}"
                       for p in inspect.signature(spec).parameters.values())
    typed = f"def {hook}({params}) -> None"
    assert typed in section(hook), f"docs/plugins.md must show {typed!r}"


def _tests_text() -> str:
    files = [p for p in HERE.rglob("*.py") if p.name != Path(__file__).name]
    return "".join(p.read_text(encoding="utf-8") for p in files)


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_is_implemented_by_a_test(hook):
    assert re.search(rf"def {hook}\((self, )?\w+\)", _tests_text()), \
        f"no test plugin implements {hook}"


def test_readme_and_contributing_link_the_page():
    assert "docs/plugins.md" in (ROOT / "README.md").read_text()
    contributing = (ROOT / "CONTRIBUTING.md").read_text()
    assert "docs/plugins.md" in contributing
    for hook in HOOKS:
        assert hook in contributing, f"{hook} missing from CONTRIBUTING.md's hook table"


# -- the page's examples, run as a local plugin folder ------------------------------------------


def examples() -> dict[str, str]:
    """Each hook section's plugin example (the python block with @hookimpl)."""
    out = {}
    for hook in HOOKS:
        blocks = re.findall(r"```python\n(.*?)```", section(hook), re.S)
        code = [b for b in blocks if "@hookimpl" in b]
        assert len(code) == 1, f"the {hook} section needs one example plugin"
        out[hook] = code[0]
    return out


@pytest.fixture
def example_folder(tmp_path) -> Path:
    folder = tmp_path / "examples"
    (folder / "data").mkdir(parents=True)
    shutil.copy(HERE / "data" / "presets" / "base.toml", folder / "data" / "my-sector.toml")
    for hook, code in examples().items():
        if hook == "nosframe_libraries":  # the page leaves where the standards come from open
            code = "def load_my_standards():\n    return []\n\n" + code
        (folder / f"example_{hook}.py").write_text(code, encoding="utf-8")
    return folder


def test_the_examples_load_without_failures(example_folder):
    plugins = load_plugins(entry_points=False, plugins_dir=example_folder)
    assert plugins.failures == []
    assert plugins.presets()["my-sector"].plugin == "example_nosframe_presets"
    assert plugins.checks()["role-purpose"].plugin == "example_nosframe_checks"
    assert "roles-csv" in plugins.exporters() and "my-json" in plugins.importers()
    assert plugins.libraries()["my-sector-nos"].size() == 0
    assert set(plugins.commands()) == {"sector-report"}
    assert plugins.failures == [] and plugins.replacements == []


def test_the_examples_work_through_the_cli(cli_run, example_folder, tmp_path):
    mini = tmp_path / "mini.toml"
    shutil.copy(HERE / "data" / "mini.toml", mini)
    run = lambda *args: cli_run("--plugins-dir", example_folder, *args)  # noqa: E731
    checked = run("check", mini)
    assert checked.exit_code == 0
    assert "warning MS001: role 'constable' has no purpose" in checked.stdout
    assert "roles[0].purpose" in checked.stdout
    exported = run("export", mini, "--to", "roles-csv", "-o", "-")
    assert exported.stdout == "constable,Police constable\nsergeant,Police sergeant\n"
    assert "not exported: behaviours, standards and mappings" in exported.stderr
    as_json = tmp_path / "mini.json"
    assert run("export", mini, "--to", "json", "-o", as_json).exit_code == 0
    back = tmp_path / "back.toml"
    imported = run("import", as_json, "--from", "my-json", "-o", back)
    assert imported.exit_code == 0, imported.stderr
    assert nosframe.load(back, load_plugins(entry_points=False)).framework.roles[0].id == \
        "constable"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"framework": {"framework": {"id": 1}}}))
    refused = run("import", broken, "--from", "my-json", "-o", tmp_path / "no.toml")
    assert refused.exit_code == 2
    assert f"{broken}: framework.framework.id: expected a string" in refused.stderr
    report = run("sector-report", mini)
    assert report.exit_code == 0 and report.stdout == "2 roles\n"
