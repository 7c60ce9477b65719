"""Shared fixtures: a plugin manager with only nosframe's defaults and a test preset plugin,
so tests never depend on what else is installed."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from nosframe.hookspecs import hookimpl
from nosframe.plugins import load_plugins
from nosframe.model import Criterion, Standard, normalise_code
from nosframe.registry import Library, Preset

DATA = Path(__file__).parent / "data"
EDITING_DATA = DATA / "editing"  # the editing and TUI tests' preset, library and file
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


class TestPresets:
    """A plugin object registering the test presets."""

    __test__ = False

    @hookimpl
    def nosframe_presets(self, register):
        register(Preset(id="test-base", title="Test base", path=DATA / "presets" / "base.toml"))
        register(Preset(id="test-child", title="Test child",
                        path=DATA / "presets" / "child.toml"))


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    """Keep the user's environment out: no local plugins, no library, no disabled list."""
    for name in ("NOSFRAME_PLUGINS_DIR", "NOSFRAME_DISABLE_PLUGINS", "NOSFRAME_LOAD_PLUGINS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NOSFRAME_HOME", str(tmp_path / "nosframe-home"))


@pytest.fixture
def plugins():
    return load_plugins(entry_points=False, extra=[("test-presets", TestPresets())])


@pytest.fixture
def write(tmp_path):
    """write(name, toml_text) -> Path of a file in a temporary folder (text is dedented)."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def cli_run(monkeypatch):
    """Run the CLI with the test presets and no installed entry points."""
    import nosframe.cli as cli_module
    import nosframe.plugins as plugins_module

    real = plugins_module.load_plugins

    def fake_load_plugins(**kwargs):
        kwargs["entry_points"] = False
        kwargs["extra"] = [("test-presets", TestPresets()), *kwargs.get("extra", ())]
        return real(**kwargs)

    monkeypatch.setattr(plugins_module, "load_plugins", fake_load_plugins)
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(cli_module.cli, [str(a) for a in args], catch_exceptions=False)

    return run


_DATE_COLUMNS = ("Indicative Review Date", "Created", "Modified")


@pytest.fixture(scope="session")
def published_rows() -> dict[str, dict]:
    """Rows of the real UK NOS list exports (tests/data/nos/rows.json), their cells as openpyxl
    reads them (dates as datetimes): ``"SFJZB3"`` -> {column: value}, for a small library of
    real standards."""
    data = json.loads((DATA / "nos" / "rows.json").read_text(encoding="utf-8"))
    return {name: {column: dt.datetime.fromisoformat(value) if column in _DATE_COLUMNS
                   else value for column, value in entry["cells"].items()}
            for name, entry in data.items() if not name.startswith("_")}


def needs_shared():
    return pytest.mark.skipif(not SHARED.is_dir(),
                              reason="../shared (real NOS exports, CASE files) is not present")


# -- the editing engine's and the TUI's test plugin ------------------------------------------

LIBRARY_STANDARDS = {
    s.key: s for s in (
        Standard("LIB ZZ9", "Maintain archive records", suites=("Archive",),
                 keywords=("records",),
                 performance=(Criterion("P1", "Index records"), Criterion("P2", "Retain")),
                 knowledge=(Criterion("K1", "Retention law"),)),
        Standard("LIBZY8", "Handle property", suites=("Archive",),
                 performance=(Criterion("P1", "Log property"),)),
    )
}


def _library_search(text: str, limit: int = 50) -> list[Standard]:
    words = text.lower().split()
    return [s for s in LIBRARY_STANDARDS.values()
            if all(w in f"{s.code} {s.key} {s.title} {' '.join(s.suites)}".lower()
                   for w in words)][:limit]


class TuiTestPlugin:
    """Registers the test preset and a two-standard "national library"."""

    __test__ = False

    @hookimpl
    def nosframe_presets(self, register):
        register(Preset(id="tui-base", title="TUI test base",
                        path=EDITING_DATA / "presets" / "tui-base.toml"))

    @hookimpl
    def nosframe_libraries(self, register):
        register(Library(name="test-national", title="Test national library",
                         get=lambda key: LIBRARY_STANDARDS.get(normalise_code(key)),
                         search=_library_search, size=lambda: len(LIBRARY_STANDARDS)))


@pytest.fixture
def tui_plugin():
    return TuiTestPlugin()


@pytest.fixture
def tui_plugins():
    return load_plugins(entry_points=False, extra=[("tui-test", TuiTestPlugin())])


@pytest.fixture
def force_file(tmp_path) -> Path:
    """An organisation's file (with a hand-written comment) extending the test preset."""
    target = tmp_path / "force.toml"
    shutil.copy(EDITING_DATA / "force.toml", target)
    return target


class GitRepo:
    """A git repository in a temporary folder, for tests of nosframe as git's diff and merge
    driver: its own config (user, the nosframe drivers), no global or system config, and the
    venv's ``nosframe`` first on PATH so git runs the nosframe under test."""

    __test__ = False

    def __init__(self, root: Path):
        import os
        import sys

        self.root = root
        bin_dir = str(Path(sys.executable).parent)
        self.env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
                    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
                    "HOME": str(root), "GIT_CEILING_DIRECTORIES": str(root.parent),
                    "GIT_PAGER": "cat", "GIT_TERMINAL_PROMPT": "0"}
        self.git("init", "-q", "-b", "main")
        for key, value in (("user.name", "Test"), ("user.email", "test@example.invalid"),
                           ("diff.nosframe.command", "nosframe diff"),
                           ("diff.nosframe.textconv", "nosframe diff --textconv"),
                           ("merge.nosframe.name", "nosframe framework merge"),
                           ("merge.nosframe.driver", "nosframe merge %O %A %B --name %P")):
            self.git("config", key, value)
        (root / ".gitattributes").write_text("*.toml diff=nosframe merge=nosframe\n",
                                             encoding="utf-8")

    def git(self, *args: str, check: bool = True):
        import subprocess

        result = subprocess.run(["git", *args], cwd=self.root, env=self.env,
                                capture_output=True, text=True)
        if check and result.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed ({result.returncode}):\n"
                                 f"{result.stdout}\n{result.stderr}")
        return result

    def commit(self, message: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)


@pytest.fixture
def git_repo(tmp_path):
    """A fresh git repository (``GitRepo``) with nosframe as its diff and merge driver."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    folder = tmp_path / "repo"
    folder.mkdir()
    return GitRepo(folder)
