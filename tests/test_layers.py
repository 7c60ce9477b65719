"""The layer arrows and "Textual only under nosframe.tui", as import-linter contracts.

The contracts live in pyproject.toml (``[tool.importlinter]``); these tests run them on this
checkout, and on a copy of ``src/nosframe`` broken on purpose to show that they fail when a model
module imports Textual or a lower layer imports a higher one. ``tests/tui/test_headless.py``
complements them at run time (a lazy import inside a function is an import here too).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"
CONTRACTS = {c["id"]: c for c in tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
             ["tool"]["importlinter"]["contracts"]}


def lint_imports(project: Path) -> subprocess.CompletedProcess[str]:
    """Run ``lint-imports`` on the ``nosframe`` package under ``project/src``, with the
    contracts in ``project/pyproject.toml`` (no cache, so parallel runs share nothing)."""
    env = {**os.environ, "PYTHONPATH": str(project / "src"), "COLUMNS": "1000",
           "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command;"
                               " sys.exit(lint_imports_command())",
         "--no-cache", "--no-logo", str(project / "pyproject.toml")],
        cwd=project, env=env, capture_output=True, text=True, timeout=120)


def outcome(result: subprocess.CompletedProcess[str], contract_id: str) -> str:
    """'KEPT' or 'BROKEN', from the line of lint-imports' summary naming the contract."""
    name = CONTRACTS[contract_id]["name"]
    for line in result.stdout.splitlines():
        if line.startswith(name + " "):
            return line[len(name) + 1:].split()[0]
    raise AssertionError(f"contract {name!r} not in the output:\n{result.stdout}{result.stderr}")


def test_this_checkout_keeps_every_contract():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    for contract_id in CONTRACTS:
        assert outcome(result, contract_id) == "KEPT"


def test_every_package_but_the_tui_is_forbidden_textual():
    """A new top-level module or package cannot slip past the Textual contract (the layers
    contract is ``exhaustive``, so import-linter itself makes it take a layer)."""
    package = ROOT / "src" / "nosframe"
    modules = {f"nosframe.{p.stem}" for p in package.glob("*.py") if p.stem != "__init__"}
    modules |= {f"nosframe.{p.parent.name}" for p in package.glob("*/__init__.py")}
    sources = set(CONTRACTS["textual-only-in-tui"]["source_modules"])
    assert sources == modules - {"nosframe.tui"}


@pytest.fixture
def broken_copy(tmp_path):
    """A copy of the package and the contracts; break(module, line) appends a line to one of
    its modules and returns the lint-imports result for the copy."""
    shutil.copytree(ROOT / "src" / "nosframe", tmp_path / "src" / "nosframe",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PYPROJECT, tmp_path / "pyproject.toml")

    def break_(module: str, line: str) -> subprocess.CompletedProcess[str]:
        path = tmp_path / "src" / Path(*module.split("."))
        path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
        path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
        return lint_imports(tmp_path)

    return break_


def test_a_model_module_importing_textual_breaks_the_textual_contract(broken_copy):
    result = broken_copy("nosframe.model.findings", "import textual")
    assert result.returncode == 1
    assert outcome(result, "textual-only-in-tui") == "BROKEN"
    assert outcome(result, "layers") == "KEPT"
    assert "nosframe.model.findings -> textual" in result.stdout


def test_the_package_root_importing_textual_breaks_the_root_contract(broken_copy):
    result = broken_copy("nosframe", "import textual.app")
    assert result.returncode == 1
    assert outcome(result, "textual-not-in-root") == "BROKEN"
    assert outcome(result, "textual-only-in-tui") == "KEPT"


def test_the_model_importing_io_breaks_the_layers(broken_copy):
    result = broken_copy("nosframe.model.kinds", "from nosframe.io import dumps")
    assert result.returncode == 1
    assert outcome(result, "layers") == "BROKEN"
    assert outcome(result, "textual-only-in-tui") == "KEPT"
    assert "nosframe.model is not allowed to import nosframe.io" in result.stdout
    assert "nosframe.model.kinds -> nosframe.io" in result.stdout


def test_a_lazy_import_of_the_tui_breaks_both(broken_copy):
    """An import inside a function counts: the checks reaching the TUI is upward, and brings
    Textual in indirectly."""
    result = broken_copy("nosframe.checks.builtin",
                         "def _show():\n    from nosframe.tui.app import NosframeApp")
    assert result.returncode == 1
    assert outcome(result, "layers") == "BROKEN"
    assert outcome(result, "textual-only-in-tui") == "BROKEN"
    assert "nosframe.checks is not allowed to import nosframe.tui" in result.stdout
