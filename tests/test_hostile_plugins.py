"""Plugins that get things wrong are reported by name, never with a traceback or their exit code.

Each plugin in tests/data/hostile/ gets one thing wrong; tests load copies of the ones they need
with --plugins-dir (the CLI) or ``load_plugins(plugins_dir=...)`` (the API).
"""

from __future__ import annotations

import importlib.metadata
import json
import shutil
from pathlib import Path

import pytest

import nosframe
import nosframe.checks
from nosframe.io import LoadError, NosframeError
from nosframe.hookspecs import hookimpl
from nosframe.model import Severity, Standard
from nosframe.plugins import PluginError, load_plugins
from nosframe.registry import Check, Exporter, Importer, Library

HOSTILE = Path(__file__).parent / "data" / "hostile"
MINI = Path(__file__).parent / "data" / "mini.toml"


@pytest.fixture
def folder(tmp_path):
    """folder(*names) -> a plugins folder holding copies of those hostile plugins."""

    def make(*names: str) -> Path:
        target = tmp_path / "plugs"
        target.mkdir(exist_ok=True)
        for name in names:
            shutil.copy(HOSTILE / f"{name}.py", target)
        return target

    return make


@pytest.fixture
def mini(tmp_path) -> Path:
    target = tmp_path / "mini.toml"
    shutil.copy(MINI, target)
    return target


def no_traceback(result) -> None:
    assert "Traceback" not in result.output
    assert "Traceback" not in result.stderr


def by_code(findings, code):
    return [f for f in findings if f.code == code]


# -- checks ------------------------------------------------------------------------------------


def test_string_severity_and_non_findings_api(folder):
    plugins = load_plugins(entry_points=False, plugins_dir=folder("severity_string"))
    findings = nosframe.check(nosframe.load(MINI, plugins), plugins)
    bad = {f.check: f for f in by_code(findings, "NF003")}
    assert set(bad) == {"hostile-severity", "hostile-not-findings"}
    severity = bad["hostile-severity"]
    assert severity.severity is Severity.ERROR and severity.plugin == "severity_string"
    assert "plugin 'severity_string'" in severity.message
    assert "severity is str 'error', not a Severity" in severity.message
    assert "Severity.ERROR" in severity.hint
    not_findings = bad["hostile-not-findings"].message
    assert "str 'a string, not a finding', not a Finding (and 1 more)" in not_findings
    assert not by_code(findings, "HX001") and not by_code(findings, "HX002")


def test_string_severity_through_cli(cli_run, folder, mini):
    result = cli_run("--plugins-dir", folder("severity_string"), "check", mini)
    no_traceback(result)
    assert result.exit_code == 1
    assert "error NF003: check 'hostile-severity' from plugin 'severity_string'" in result.stdout
    json_run = cli_run("--plugins-dir", folder("severity_string"), "check", mini,
                       "--format", "json")
    codes = [f["code"] for f in json.loads(json_run.stdout)["findings"]]
    assert codes.count("NF003") == 2


def test_undeclared_code_is_kept_and_reported(cli_run, folder, mini):
    result = cli_run("--plugins-dir", folder("undeclared_code"), "check", mini)
    no_traceback(result)
    assert result.exit_code == 0
    assert "info HX999: a code nobody documented" in result.stdout
    assert ("warning NF004: check 'hostile-undeclared' from plugin 'undeclared_code' made "
            "findings with undeclared codes 'HX999'") in result.stdout


def test_system_exit_in_a_check_and_in_a_hook(cli_run, folder, mini):
    plugs = folder("exit_in_hook")
    plugins = load_plugins(entry_points=False, plugins_dir=plugs)
    findings = nosframe.check(nosframe.load(MINI, plugins), plugins)
    crash = by_code(findings, "NF001")
    assert len(crash) == 1 and "SystemExit" in crash[0].message
    assert crash[0].plugin == "exit_in_hook"
    assert "json" in plugins.exporters()  # the built-in exporters survive the exiting hook
    failure = next(f for f in plugins.failures if f.stage == "nosframe_exporters")
    assert failure.plugin == "exit_in_hook" and "SystemExit(4)" in failure.error

    result = cli_run("--plugins-dir", plugs, "check", mini)
    no_traceback(result)
    assert result.exit_code == 1  # the NF001 error, not the plugin's 5
    assert "check 'hostile-exit' from plugin 'exit_in_hook' failed: SystemExit" in result.stdout
    exported = cli_run("--plugins-dir", plugs, "export", mini, "--to", "json", "-o", "-")
    assert exported.exit_code == 0, exported.stderr
    assert "plugin 'exit_in_hook' failed (nosframe_exporters): SystemExit(4)" in exported.stderr


def test_system_exit_at_import(cli_run, folder, mini, monkeypatch):
    plugs = folder("exit_at_import", "undeclared_code")
    plugins = load_plugins(entry_points=False, plugins_dir=plugs)
    failure = next(f for f in plugins.failures if f.plugin == "exit_at_import")
    assert failure.stage == "import" and "SystemExit(3)" in failure.error
    assert "hostile-undeclared" in plugins.checks()
    result = cli_run("--plugins-dir", plugs, "check", mini)
    no_traceback(result)
    assert result.exit_code == 0
    assert "plugin 'exit_at_import' failed (import): SystemExit(3)" in result.stderr

    class ExitingEntryPoint:
        name, dist = "exits-on-load", None

        def load(self):
            raise SystemExit(9)

    monkeypatch.setattr(importlib.metadata, "entry_points", lambda group: [ExitingEntryPoint()])
    plugins = load_plugins()
    assert [(f.plugin, f.stage) for f in plugins.failures] == [("exits-on-load", "import")]


def test_slow_check_is_reported(cli_run, folder, mini, monkeypatch):
    plugs = folder("slow_check")
    quiet = cli_run("--plugins-dir", plugs, "check", mini)
    assert "slow" not in quiet.stderr and "took" not in quiet.stderr
    monkeypatch.setattr(nosframe.checks, "SLOW_CHECK_SECONDS", 0.02)
    result = cli_run("--plugins-dir", plugs, "check", mini)
    assert result.exit_code == 0
    assert "warning: check 'hostile-slow' from plugin 'slow_check' took" in result.stderr
    assert "nosframe check --verbose" in result.stderr
    assert result.stdout.count("took") == 0  # diagnostics stay on stderr


def test_verbose_times_every_check_and_plugin(cli_run, folder, mini):
    result = cli_run("--plugins-dir", folder("slow_check"), "check", mini, "--verbose")
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    slow = next(line for line in lines if line.startswith("check hostile-slow "))
    assert "(plugin slow_check)" in slow and float(slow.split(": ")[1].split(" s")[0]) >= 0.05
    assert any(line.startswith("check references (plugin nosframe.checks.builtin): ")
               for line in lines)
    from nosframe.checks.builtin import _CHECKS

    assert any(line.startswith("plugin nosframe.checks.builtin: ")
               and f"{len(_CHECKS)} checks" in line for line in lines)
    assert any(line.startswith("plugin slow_check: ") and "1 check" in line for line in lines)
    assert "check hostile-slow" not in result.stdout


def test_timings_through_the_api(folder):
    plugins = load_plugins(entry_points=False, plugins_dir=folder("slow_check"))
    run = nosframe.checks.run_checks_timed(nosframe.load(MINI, plugins), plugins)
    timing = next(t for t in run.timings if t.check == "hostile-slow")
    assert timing.plugin == "slow_check" and timing.seconds >= 0.05 and timing.findings == 0
    assert run.slow(0.04) == [timing]


# -- libraries ---------------------------------------------------------------------------------


REFERENCES_UNKNOWN = """
    [framework]
    id = "f"

    [[roles]]
    id = "r"
    standards = ["ZZZ1"]
"""


def test_library_get_returning_a_dict(folder, write, cli_run):
    plugs = folder("library_junk")
    plugins = load_plugins(entry_points=False, plugins_dir=plugs)
    library = plugins.libraries()["junk-library"]
    assert library.plugin == "library_junk"
    with pytest.raises(PluginError) as raised:
        library.get("ZZZ1")
    message = str(raised.value)
    assert "library 'junk-library' from plugin 'library_junk': get('ZZZ1') returned dict" \
        in message and "expected a Standard or None" in message
    assert "--disable-plugin library_junk" in message
    path = write("f.toml", REFERENCES_UNKNOWN)
    composed = nosframe.load(path, plugins)
    problem = by_code(composed.problems, "NF002")[0]
    assert "returned dict" in problem.message and "library_junk" in problem.message

    result = cli_run("--plugins-dir", plugs, "check", path)
    no_traceback(result)
    assert result.exit_code == 1  # ZZZ1 stays undefined
    assert "warning NF002" in result.stdout and "returned dict" in result.stdout


def test_library_search_and_size_returning_junk(folder):
    plugins = load_plugins(entry_points=False, plugins_dir=folder("library_junk"))
    library = plugins.libraries()["junk-library"]
    with pytest.raises(PluginError, match=r"search\('fire'\) returned str 'not a list', "
                                          r"expected a list of Standards"):
        library.search("fire")
    with pytest.raises(PluginError, match=r"size\(\) returned str 'many'"):
        library.size()


def test_library_that_exits_or_raises(folder, write):
    plugins = load_plugins(entry_points=False, plugins_dir=folder("library_exits"))
    library = plugins.libraries()["exiting-library"]
    with pytest.raises(PluginError, match=r"get\('ZZZ1'\) failed: SystemExit\(7\)"):
        library.get("ZZZ1")
    with pytest.raises(PluginError, match="search index missing"):
        library.search("x")  # a search(text) without limit is still called
    composed = nosframe.load(write("f.toml", REFERENCES_UNKNOWN), plugins)
    assert "SystemExit(7)" in by_code(composed.problems, "NF002")[0].message


def test_the_editing_catalogue_reports_a_junk_search(folder, write):
    from nosframe.editing import Session

    plugins = load_plugins(entry_points=False, plugins_dir=folder("library_junk"))
    session = Session.open(write("f.toml", REFERENCES_UNKNOWN), plugins)
    catalogue = session.catalogue()
    assert catalogue.search("fire") == []
    assert any("junk-library" in f and "not a list" in f for f in catalogue.failures)


# -- exporters and importers ---------------------------------------------------------------------


@pytest.mark.parametrize("name, wrong", [
    ("hostile-none", "write() returned NoneType None, not an ExportResult"),
    ("hostile-str", "write() returned str 'just text', not an ExportResult"),
    ("hostile-raises", "failed: ZeroDivisionError: division by zero"),
])
def test_exporters_returning_junk(cli_run, folder, mini, tmp_path, name, wrong):
    out = tmp_path / "out.txt"
    result = cli_run("--plugins-dir", folder("exporter_none"), "export", mini, "--to", name,
                     "-o", out)
    no_traceback(result)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: exporter {name!r} from plugin 'exporter_none'")
    assert wrong in result.stderr and "--disable-plugin exporter_none" in result.stderr
    # one message, and its hint on a line of its own (as every error prints)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and lines[1].startswith("  hint: ")
    assert not out.exists()


def test_exporter_junk_through_the_api(folder):
    plugins = load_plugins(entry_points=False, plugins_dir=folder("exporter_none"))
    composed = nosframe.load(MINI, plugins)
    with pytest.raises(PluginError) as raised:
        plugins.exporters()["hostile-none"].write(composed)
    assert isinstance(raised.value, NosframeError) and raised.value.plugin == "exporter_none"


@pytest.mark.parametrize("name, wrong", [
    ("hostile-dict", "read() returned dict {'framework': {}}, not an ImportResult"),
    ("hostile-inner", "read() returned a framework that is dict"),
    ("hostile-raises", "failed: ValueError: cannot parse row 3"),
])
def test_importers_returning_junk(cli_run, folder, tmp_path, name, wrong):
    source = tmp_path / "in.txt"
    source.write_text("anything")
    out = tmp_path / "out.toml"
    result = cli_run("--plugins-dir", folder("importer_junk"), "import", source, "--from", name,
                     "-o", out)
    no_traceback(result)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: importer {name!r} from plugin 'importer_junk'")
    assert wrong in result.stderr
    assert not out.exists()


def test_importer_hint_names_the_structure_helper(folder, tmp_path):
    plugins = load_plugins(entry_points=False, plugins_dir=folder("importer_junk"))
    with pytest.raises(PluginError) as raised:
        plugins.importers()["hostile-dict"].read(tmp_path / "x")
    assert "nosframe.io.structure(data, path)" in raised.value.hint


def test_everything_hostile_at_once(cli_run, folder, mini):
    """All of them together: the built-ins still work, every failure is named."""
    plugs = folder(*(p.stem for p in HOSTILE.glob("*.py")))
    result = cli_run("--plugins-dir", plugs, "check", mini)
    no_traceback(result)
    assert result.exit_code == 1
    listing = cli_run("--plugins-dir", plugs, "plugins", "--json")
    assert listing.exit_code == 0
    failed = {f["plugin"] for f in json.loads(listing.stdout)["failures"]}
    assert {"exit_at_import", "exit_in_hook", "commands", "commands_broken"} <= failed


# -- typed contributions -------------------------------------------------------------------------


def test_library_needs_get_and_callables():
    with pytest.raises(TypeError, match="needs get"):
        Library("no-get", "No get")
    with pytest.raises(TypeError, match="get must be callable"):
        Library("bad-get", "Bad", get={"A1": None})
    with pytest.raises(TypeError, match="needs a name"):
        Library("", "Nameless", get=lambda key: None)


def test_library_subclass_is_the_contract():
    standard = Standard("SUB1", "Subclassed")

    class Mine(Library):
        name, title = "mine", "Mine"

        def get(self, key):
            return standard if key == "SUB1" else None

        def search(self, text, limit=50):
            return [standard][:limit]

        def size(self):
            return 1

    mine = Mine()
    assert (mine.get("SUB1"), mine.search("x", limit=0), mine.size()) == (standard, [], 1)
    credited = mine.credited("p", "1.0")
    assert (credited.plugin, mine.plugin, credited.get("SUB1")) == ("p", "", standard)
    callables = Library("c", "C", get=lambda key: None)
    assert (callables.search("x"), callables.size()) == ([], 0)


@pytest.mark.parametrize("make, wrong", [
    (lambda: Check("", lambda ctx: []), "non-empty string"),
    (lambda: Check("c", "not callable"), "Check.run must be callable"),
    (lambda: Check("c", lambda ctx: [], {"X1": 1}), "dict"),
    (lambda: Exporter("e", "E", ".e", None), "Exporter.write must be callable"),
    (lambda: Importer("i", "I", 3), "Importer.read must be callable"),
])
def test_contributions_are_checked_when_built(make, wrong):
    with pytest.raises(TypeError, match=wrong):
        make()


def test_library_file_errors_pass_through():
    """A library's own clear error (its file is broken) passes through, not as a PluginError."""

    def get(key):
        raise LoadError("not a nosframe library", hint="run `nosframe library import`")

    class Broken:
        @hookimpl
        def nosframe_libraries(self, register):
            register(Library("broken-file", "Broken", get))

    plugins = load_plugins(entry_points=False, extra=[("broken-file", Broken())])
    with pytest.raises(LoadError) as raised:
        plugins.libraries()["broken-file"].get("X")
    assert not isinstance(raised.value, PluginError)
