"""Plugin loading: defaults, entry points, local folders only when asked, failures by name."""

from __future__ import annotations

import importlib.metadata
import inspect
import json
from pathlib import Path

import pytest

from nosframe import hookspecs
from nosframe.hookspecs import hookimpl
from nosframe.plugins import DEFAULT_PLUGINS, load_plugins
from nosframe.registry import Preset

HERE = Path(__file__).parent


def test_defaults_are_ordinary_plugins():
    plugins = load_plugins(entry_points=False)
    names = {p.name for p in plugins.info()}
    assert set(DEFAULT_PLUGINS) <= names
    assert {"json", "markdown"} <= set(plugins.exporters())
    assert "json" in plugins.importers()
    assert "references" in plugins.checks()
    assert plugins.failures == []


def test_disable_a_default_plugin_by_name():
    plugins = load_plugins(entry_points=False, disabled=["markdown"])
    assert "markdown" not in plugins.exporters()


def test_disable_through_environment(monkeypatch):
    monkeypatch.setenv("NOSFRAME_DISABLE_PLUGINS", "nosframe.formats.json_format")
    plugins = load_plugins(entry_points=False)
    assert "json" not in plugins.exporters()


def _local_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "plugs"
    folder.mkdir()
    (folder / "good.py").write_text(
        "from nosframe import hookimpl\n"
        "from nosframe.registry import Preset\n"
        "@hookimpl\n"
        "def nosframe_presets(register):\n"
        f"    register(Preset(id='local-one', title='L', path={str(HERE / 'data/presets/base.toml')!r}))\n")
    (folder / "broken_import.py").write_text("import does_not_exist_anywhere\n")
    (folder / "raises.py").write_text(
        "from nosframe import hookimpl\n"
        "@hookimpl\n"
        "def nosframe_presets(register):\n"
        "    raise ValueError('bad data file')\n")
    (folder / "misspelt.py").write_text(
        "from nosframe import hookimpl\n"
        "@hookimpl\n"
        "def nosframe_prests(register):\n"
        "    pass\n")
    return folder


def test_local_folder_loads_and_failures_are_named(tmp_path):
    plugins = load_plugins(entry_points=False, plugins_dir=_local_folder(tmp_path))
    assert "local-one" in plugins.presets()
    assert plugins.presets()["local-one"].plugin == "good"
    failures = {f.plugin: f for f in plugins.failures}
    assert failures["broken_import"].stage == "import"
    assert "does_not_exist_anywhere" in failures["broken_import"].error
    assert failures["raises"].stage == "nosframe_presets" and "bad data file" in failures["raises"].error
    assert failures["misspelt"].stage == "hooks" and "nosframe_prests" in failures["misspelt"].error
    # everything else still works
    assert "json" in plugins.exporters()


def test_local_folder_never_loaded_unless_asked(tmp_path, monkeypatch):
    folder = _local_folder(tmp_path)
    monkeypatch.chdir(folder)
    plugins = load_plugins(entry_points=False)
    assert "local-one" not in plugins.presets()
    monkeypatch.setenv("NOSFRAME_PLUGINS_DIR", str(folder))
    assert "local-one" in load_plugins(entry_points=False).presets()


def test_framework_next_to_plugin_folder_does_not_load_it(tmp_path, cli_run):
    folder = _local_folder(tmp_path)
    (folder / "f.toml").write_text('[framework]\nid = "f"\nextends = ["local-one"]\n')
    result = cli_run("check", folder / "f.toml")
    assert result.exit_code == 2 and "unknown preset 'local-one'" in result.stderr
    result = cli_run("--plugins-dir", folder, "check", folder / "f.toml")
    assert result.exit_code == 0, result.output
    assert "plugin 'broken_import' failed" in result.stderr


def test_duplicate_preset_id_keeps_first_and_reports():
    class One:
        @hookimpl
        def nosframe_presets(self, register):
            register(Preset(id="same", title="one", path=HERE / "data/presets/base.toml"))

    class Two:
        @hookimpl
        def nosframe_presets(self, register):
            register(Preset(id="same", title="two", path=HERE / "data/presets/base.toml"))

    plugins = load_plugins(entry_points=False, extra=[("one", One()), ("two", Two())])
    assert plugins.presets()["same"].title == "one"
    assert any(f.plugin == "two" and "already registered" in f.error for f in plugins.failures)


def test_register_wrong_type_is_a_failure():
    class Wrong:
        @hookimpl
        def nosframe_exporters(self, register):
            register("not an exporter")

    plugins = load_plugins(entry_points=False, extra=[("wrong", Wrong())])
    assert "json" in plugins.exporters()
    assert any(f.plugin == "wrong" for f in plugins.failures)


class _FakeEntryPoint:
    def __init__(self, name, target):
        self.name, self._target, self.dist = name, target, None

    def load(self):
        if isinstance(self._target, Exception):
            raise self._target
        return self._target


def test_entry_points_failures_and_load_list(monkeypatch):
    class Good:
        @hookimpl
        def nosframe_presets(self, register):
            register(Preset(id="ep", title="EP", path=HERE / "data/presets/base.toml"))

    eps = [_FakeEntryPoint("good", Good()), _FakeEntryPoint("bad", ImportError("no module x"))]
    monkeypatch.setattr(importlib.metadata, "entry_points", lambda group: eps)
    plugins = load_plugins()
    assert "ep" in plugins.presets()
    assert [(f.plugin, f.stage) for f in plugins.failures] == [("bad", "import")]
    monkeypatch.setenv("NOSFRAME_LOAD_PLUGINS", "")
    plugins = load_plugins()
    assert "ep" not in plugins.presets() and plugins.failures == []
    monkeypatch.setenv("NOSFRAME_LOAD_PLUGINS", "good")
    assert "ep" in load_plugins().presets()
    monkeypatch.delenv("NOSFRAME_LOAD_PLUGINS")
    assert "ep" not in load_plugins(disabled=["good"]).presets()


def test_plugins_command_json_lists_failures(cli_run, tmp_path):
    result = cli_run("--plugins-dir", _local_folder(tmp_path), "plugins", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert {"good", "nosframe.checks.builtin"} <= {p["name"] for p in data["plugins"]}
    assert {f["plugin"] for f in data["failures"]} == {"broken_import", "raises", "misspelt"}


HOOKS = [name for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
         if name.startswith("nosframe_")]


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_is_documented_and_tested(hook):
    doc = getattr(hookspecs, hook).__doc__ or ""
    assert len(doc.strip()) > 40, f"{hook} needs a docstring"
    contributing = (HERE.parent / "CONTRIBUTING.md").read_text()
    assert hook in contributing, f"{hook} is not described in CONTRIBUTING.md"
    tested = "".join(p.read_text() for p in HERE.rglob("test_*.py") if p.name != "test_plugins.py")
    tested += Path(__file__).read_text().split("HOOKS = [")[0]
    assert f"def {hook}(" in tested, f"no test implements {hook}"
