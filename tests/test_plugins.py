"""Plugin loading: defaults, entry points, local folders only when asked, failures by name."""

from __future__ import annotations

import importlib.metadata
import json
import re
import shutil
from pathlib import Path

import click
import pytest

import nosframe
from nosframe.hookspecs import hookimpl
from nosframe.io import LoadError, StructureError, structure
from nosframe.model import Framework, FrameworkInfo, Standard
from nosframe.plugins import DEFAULT_PLUGINS, load_plugins
from nosframe.registry import (
    Check,
    Exporter,
    ExportResult,
    Importer,
    ImportResult,
    Library,
    Preset,
)

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
    """Presets are the exception to "later wins": frameworks extend them by id."""
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


# -- later wins: plugins replace built-ins (and each other) by name, and say so -----------------

HOSTILE = HERE / "data" / "hostile"


def _plugs(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "replacing"
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(HOSTILE / f"{name}.py", folder)
    return folder


def test_a_plugin_replaces_a_builtin_check_and_exporter(tmp_path):
    plugins = load_plugins(entry_points=False, plugins_dir=_plugs(tmp_path, "sector_replaces"))
    assert plugins.checks()["coverage"].plugin == "sector_replaces"
    assert plugins.exporters()["json"].plugin == "sector_replaces"
    assert plugins.importers()["json"].plugin == "nosframe.formats.json_format"  # not replaced
    assert [str(r) for r in plugins.replacements] == [
        "check 'coverage' from plugin 'nosframe.checks.builtin' is replaced by plugin "
        "'sector_replaces'",
        "exporter 'json' from plugin 'nosframe.formats.json_format' is replaced by plugin "
        "'sector_replaces'"]
    assert plugins.failures == []
    findings = nosframe.check(nosframe.load(HERE / "data/mini.toml", plugins), plugins)
    assert [f.code for f in findings if f.check == "coverage"] == ["SX001"]


def test_later_wins_among_third_parties_and_in_code(tmp_path):
    folder = _plugs(tmp_path, "sector_replaces", "tz_later_replaces")

    class InCode:
        @hookimpl
        def nosframe_libraries(self, register):
            register(Library("uk-nos", "Replaces the national library", lambda key: None))

        @hookimpl
        def nosframe_exporters(self, register):
            register(Exporter("json", "Last of all", ".json", lambda c: ExportResult("{}")))

        @hookimpl
        def nosframe_importers(self, register):
            register(Importer("json", "Sector JSON reader", lambda path: ImportResult(
                Framework(FrameworkInfo(id="from-sector")))))

    plugins = load_plugins(entry_points=False, plugins_dir=folder)
    assert plugins.exporters()["json"].title == "Later JSON"
    assert [(r.replaced, r.plugin) for r in plugins.replacements if r.kind == "exporter"] == [
        ("nosframe.formats.json_format", "sector_replaces"),
        ("sector_replaces", "tz_later_replaces")]
    class FirstLibrary:
        @hookimpl
        def nosframe_libraries(self, register):
            register(Library("uk-nos", "Registered first", lambda key: None))

    plugins = load_plugins(entry_points=False, plugins_dir=folder,
                           extra=[("first-library", FirstLibrary()), ("in-code", InCode())])
    assert plugins.exporters()["json"].plugin == "in-code"
    assert plugins.libraries()["uk-nos"].plugin == "in-code"
    importer = plugins.importers()["json"]
    assert importer.plugin == "in-code"
    assert importer.read(tmp_path / "any.json").framework.framework.id == "from-sector"
    assert {(r.kind, r.name) for r in plugins.replacements if r.plugin == "in-code"} == {
        ("library", "uk-nos"), ("exporter", "json"), ("importer", "json")}


def test_a_replaced_builtin_comes_back_when_the_plugin_is_disabled(tmp_path):
    folder = _plugs(tmp_path, "sector_replaces")
    plugins = load_plugins(entry_points=False, plugins_dir=folder, disabled=["sector_replaces"])
    assert plugins.checks()["coverage"].plugin == "nosframe.checks.builtin"
    assert plugins.replacements == []


def test_replacements_are_listed_by_plugins_command(cli_run, tmp_path, mini):
    folder = _plugs(tmp_path, "sector_replaces", "tz_later_replaces")
    text = cli_run("--plugins-dir", folder, "plugins")
    assert text.exit_code == 0
    assert ("replaced: check 'coverage' from plugin 'nosframe.checks.builtin' is replaced by "
            "plugin 'sector_replaces'") in text.stdout
    assert ("replaced: exporter 'json' from plugin 'sector_replaces' is replaced by plugin "
            "'tz_later_replaces'") in text.stdout
    data = json.loads(cli_run("--plugins-dir", folder, "plugins", "--json").stdout)
    assert {"kind": "check", "name": "coverage", "plugin": "sector_replaces",
            "replaced": "nosframe.checks.builtin"} in data["replacements"]
    assert len(data["replacements"]) == 3
    exported = cli_run("--plugins-dir", folder, "export", mini, "--to", "json", "-o", "-")
    assert exported.stdout == '{"later": true}\n'


def test_hook_failures_are_not_repeated_when_plugins_are_added():
    class Raises:
        @hookimpl
        def nosframe_checks(self, register):
            raise ValueError("no data")

    plugins = load_plugins(entry_points=False, extra=[("raises", Raises())])
    plugins.checks()
    plugins.register(type("Other", (), {})(), "other")
    plugins.checks()
    assert [(f.plugin, f.stage) for f in plugins.failures] == [("raises", "nosframe_checks")]


def test_registering_a_name_twice_in_one_plugin_is_reported():
    class Twice:
        @hookimpl
        def nosframe_checks(self, register):
            register(Check("twice", lambda ctx: [], {}))
            register(Check("twice", lambda ctx: [], {"TW001": "the second"}))

    plugins = load_plugins(entry_points=False, extra=[("twice", Twice())])
    assert plugins.checks()["twice"].codes == {"TW001": "the second"}
    assert [f.error for f in plugins.failures] == ["registers check 'twice' twice; kept the last"]


# -- commands ------------------------------------------------------------------------------------


def test_plugin_commands_run_and_are_listed(cli_run, tmp_path):
    folder = _plugs(tmp_path, "commands")
    result = cli_run("--plugins-dir", folder, "hello", "world")
    assert result.exit_code == 0 and result.stdout == "hello world\n"
    helped = cli_run("--plugins-dir", folder, "--help")
    assert re.search(r"\n  hello +Greet someone \(a plugin command\)\.", helped.stdout)
    assert "hello" not in cli_run("--help").stdout
    unknown = cli_run("hello", "world")
    assert unknown.exit_code == 2 and "No such command 'hello'" in unknown.stderr


def test_a_plugin_command_cannot_take_a_builtin_name(cli_run, tmp_path, mini):
    folder = _plugs(tmp_path, "commands")
    result = cli_run("--plugins-dir", folder, "check", mini)
    assert result.exit_code == 0 and "not nosframe's check" not in result.stdout
    data = json.loads(cli_run("--plugins-dir", folder, "plugins", "--json").stdout)
    assert {"plugin": "commands", "stage": "nosframe_commands",
            "error": "command 'check' is one of nosframe's own commands; left out (choose "
                     "another name)"} in data["failures"]


def test_a_failing_plugin_command_is_reported_by_plugin(cli_run, tmp_path):
    result = cli_run("--plugins-dir", _plugs(tmp_path, "commands"), "crash")
    assert result.exit_code == 2
    assert result.stderr == ("error: command 'crash' from plugin 'commands' failed: "
                             "RuntimeError: database gone\n  hint: report it to the plugin's "
                             "authors, or leave it out with --disable-plugin commands\n")


def test_a_commands_hook_that_raises_adds_nothing(cli_run, tmp_path):
    folder = _plugs(tmp_path, "commands_broken", "commands")
    result = cli_run("--plugins-dir", folder, "half")
    assert result.exit_code == 2 and "No such command 'half'" in result.stderr
    assert cli_run("--plugins-dir", folder, "hello", "x").stdout == "hello x\n"
    listing = cli_run("--plugins-dir", folder, "plugins")
    assert ("plugin 'commands_broken' failed (nosframe_commands): ImportError: optional "
            "dependency missing") in listing.stderr


def test_disabled_plugin_adds_no_command(cli_run, tmp_path):
    folder = _plugs(tmp_path, "commands")
    result = cli_run("--plugins-dir", folder, "--disable-plugin", "commands", "hello", "x")
    assert result.exit_code == 2 and "No such command" in result.stderr


def test_commands_through_the_api():
    class Adds:
        @hookimpl
        def nosframe_commands(self, cli):
            @cli.group("sector")
            def sector():
                """Sector tools."""

            @sector.command("count")
            def count():
                click.echo("3")

    plugins = load_plugins(entry_points=False, extra=[("adds", Adds())])
    commands = plugins.commands(reserved=["check"])
    assert set(commands) == {"sector"} and commands["sector"].plugin == "adds"
    assert isinstance(commands["sector"].command, click.Group)


# -- nosframe.io.structure: the converter importers share ---------------------------------------


def test_structure_reports_document_paths_and_the_file():
    data = {"framework": {"id": "f"},
            "roles": [{"id": "a"}, {"id": "b", "standards": ["SFJAA1", 3]}]}
    with pytest.raises(LoadError) as raised:
        structure(data, "in.json", at="framework")
    error = raised.value
    assert isinstance(error, StructureError)
    assert error.location.file == "in.json"
    assert error.location.path == "framework.roles[1].standards[1]"
    assert error.message == "expected a string, got int 3"
    assert str(error).startswith("in.json: framework.roles[1].standards[1]: expected a string")
    assert error.hint


def test_structure_lists_every_problem_with_hints():
    data = {"framework": {"id": "f", "tittle": "x"}, "roles": [{"id": "r", "standards": "S1"}]}
    with pytest.raises(StructureError) as raised:
        structure(data)
    problems = raised.value.problems
    assert [p.location.path for p in problems] == ["framework", "roles[0].standards"]
    assert "did you mean 'title'" in problems[0].hint
    assert "(and 1 more problem)" in raised.value.message


def test_structure_into_other_model_classes():
    standard = structure({"code": "SFJ AA1", "title": "T"}, into=Standard)
    assert standard.key == "SFJAA1"
    with pytest.raises(LoadError, match="not a valid"):
        structure({"code": "X", "title": "T", "validity": "sometimes"}, "s.json",
                  into=Standard, at="standards[0]")
    assert isinstance(structure({"framework": {"id": "f"}}), Framework)


def test_json_importer_reports_locations_through_structure(cli_run, tmp_path):
    bad = tmp_path / "in.json"
    bad.write_text(json.dumps({"format": "nosframe-json", "version": 1,
                               "framework": {"framework": {"id": "f"},
                                             "roles": [{"id": "r", "standards": [1]}]}}))
    result = cli_run("import", bad, "--from", "json", "-o", tmp_path / "out.toml")
    assert result.exit_code == 2
    assert f"error: {bad}: framework.roles[0].standards[0]: expected a string" in result.stderr
    assert "hint:" in result.stderr and "Traceback" not in result.output


@pytest.fixture
def mini(tmp_path) -> Path:
    target = tmp_path / "mini.toml"
    shutil.copy(HERE / "data" / "mini.toml", target)
    return target
