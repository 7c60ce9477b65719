"""The command line on the fixture framework and presets."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import nosframe
from nosframe.hookspecs import hookimpl
from nosframe.io import load_document
from nosframe.model import Standard
from nosframe.registry import Exporter, ExportResult, Importer, ImportResult, Library, Preset

DATA = Path(__file__).parent / "data"


@pytest.fixture
def mini(tmp_path):
    target = tmp_path / "mini.toml"
    shutil.copy(DATA / "mini.toml", target)
    return target


def test_every_command_has_help_with_an_example(cli_run):
    from nosframe.cli import cli

    for name in cli.commands:
        result = cli_run(name, "--help")
        assert result.exit_code == 0
        assert "Example" in result.stdout, name


def test_check_clean_exits_0(cli_run, mini):
    result = cli_run("check", mini)
    assert result.exit_code == 0
    assert "0 errors, 0 warnings" in result.stdout


def test_check_json_shape_and_exit_1(cli_run, write):
    path = write("f.toml", '[framework]\nid = "f"\n\n[[roles]]\nid = "r"\nstandards = ["NOPE1"]\n')
    result = cli_run("check", path, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["summary"] == {"error": 1, "warning": 0, "info": 0, "total": 1}
    [finding] = data["findings"]
    assert set(finding) == {"code", "severity", "message", "hint", "location", "origin",
                            "acknowledged"}
    assert finding["code"] == "NF102" and finding["severity"] == "error"
    assert finding["origin"] == "own" and finding["acknowledged"] is None
    assert finding["location"] == {"file": str(path), "line": 6, "path": "roles[0].standards[0]"}


def test_check_warnings_only_exit_0(cli_run, write):
    path = write("f.toml", '[framework]\nid = "f"\n\n[[roles]]\nid = "r"\n')
    result = cli_run("check", path)
    assert result.exit_code == 0 and "NF114" in result.stdout


def test_check_no_colour_when_not_a_tty(cli_run, write):
    path = write("f.toml", '[framework]\nid = "f"\n\n[[roles]]\nid = "r"\n')
    assert "\x1b[" not in cli_run("check", path).stdout


def test_new_then_check(cli_run, tmp_path):
    target = tmp_path / "org.toml"
    result = cli_run("new", target, "--preset", "test-child", "--org", "Northshire Test")
    assert result.exit_code == 0, result.output
    doc = load_document(target).framework
    assert doc.framework.id == "northshire-test"
    assert doc.framework.organisation == "Northshire Test"
    assert doc.framework.extends == ("test-child",)
    assert cli_run("check", target).exit_code == 0


def test_new_refuses_to_overwrite(cli_run, mini):
    before = mini.read_text()
    result = cli_run("new", mini, "--preset", "test-base", "--org", "X")
    assert result.exit_code == 2 and "already exists" in result.stderr
    assert mini.read_text() == before


def test_new_with_unknown_preset_writes_nothing(cli_run, tmp_path):
    result = cli_run("new", tmp_path / "x.toml", "--preset", "nope", "--org", "X")
    assert result.exit_code == 2 and "unknown preset 'nope'" in result.stderr
    assert not (tmp_path / "x.toml").exists()


def test_new_with_conflicting_presets_warns_after_writing(cli_run, write, monkeypatch, tmp_path):
    """Two presets that both define level 1: the starter is written, the conflict is named."""
    other = write("presets/other.toml", '[framework]\nid = "test-other"\n\n'
                  '[[levels]]\nnumber = 1\nname = "Other"\n')

    class OtherPreset:
        @hookimpl
        def nosframe_presets(self, register):
            register(Preset(id="test-other", title="Test other", path=other))

    import nosframe.plugins as plugins_module

    real = plugins_module.load_plugins
    monkeypatch.setattr(plugins_module, "load_plugins",
                        lambda **kw: real(**kw, extra=[("other-preset", OtherPreset())]))
    target = tmp_path / "x.toml"
    result = cli_run("new", target, "--preset", "test-base", "--preset", "test-other",
                     "--org", "X")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {target}\n"
    assert load_document(target).framework.framework.extends == ("test-base", "test-other")
    assert f"warning: {target} does not pass `nosframe check`: 1 error" in result.stderr
    assert "other.toml:4: levels[0]: error NF123: level '1' redefines" in result.stderr
    assert "--preset test-base or --preset test-other" in result.stderr
    assert f"run `nosframe check {target}`" in result.stderr
    assert "next:" not in result.stderr
    assert cli_run("check", target).exit_code == 1
    # export still works, and names the composition problem for what it is
    exported = cli_run("export", target, "--to", "json", "-o", tmp_path / "x.json")
    assert exported.exit_code == 0, exported.output
    assert "does not compose cleanly" in exported.stderr and "NF123" in exported.stderr
    assert "licence warning" not in exported.stderr


def test_show_text_and_json(cli_run, write):
    path = write("org.toml", """
        [framework]
        id = "org"
        title = "Org framework"
        extends = ["test-base"]

        [[overrides]]
        action = "retitle"
        target = "role:worker"
        title = "Colleague"
    """)
    text = cli_run("show", path)
    assert text.exit_code == 0
    assert "Org framework" in text.stdout and "preset test-base (test-presets" in text.stdout
    assert "[overridden]" in text.stdout
    data = json.loads(cli_run("show", path, "--json").stdout)
    assert data["counts"]["roles"] == 1 and data["counts"]["standards"] == 2
    [worker] = data["elements"]["roles"]
    assert worker["label"] == "Colleague"
    assert worker["provenance"]["origin"]["name"] == "test-base"
    assert worker["provenance"]["overrides"][0]["location"]["line"] == 6
    standard = data["elements"]["standards"][0]
    assert standard["text"] == {"origin": "none", "licence": None}


def test_show_prints_codes_as_published(cli_run, write):
    path = write("org.toml", """
        [framework]
        id = "org"

        [[standards]]
        code = "SFJ GD9"
        title = "Administer First Aid"
    """)
    text = cli_run("show", path).stdout
    assert "SFJ GD9" in text and "SFJGD9" not in text
    [standard] = json.loads(cli_run("show", path, "--json").stdout)["elements"]["standards"]
    assert (standard["key"], standard["code"]) == ("SFJGD9", "SFJ GD9")


def test_plugins_and_presets(cli_run):
    result = cli_run("presets", "--json")
    presets = {p["id"]: p for p in json.loads(result.stdout)["presets"]}
    assert presets["test-child"]["counts"]["roles"] == 2
    assert presets["test-child"]["extends"] == ["test-base"]
    assert "test-base" in cli_run("presets").stdout
    assert "nosframe.checks.builtin" in cli_run("plugins").stdout


def test_export_json_import_round_trip(cli_run, mini, tmp_path):
    out = tmp_path / "mini.json"
    assert cli_run("export", mini, "--to", "json", "-o", out).exit_code == 0
    data = json.loads(out.read_text())
    assert data["provenance"]["role:constable"]["location"]["line"] == 32
    back = tmp_path / "back.toml"
    assert cli_run("import", out, "--from", "json", "-o", back).exit_code == 0
    assert load_document(back).framework == load_document(mini).framework
    again = cli_run("import", out, "--from", "json", "-o", back)
    assert again.exit_code == 2 and "already exists" in again.stderr


def test_export_markdown_reports_losses(cli_run, mini):
    result = cli_run("export", mini, "--to", "markdown", "-o", "-")
    assert result.exit_code == 0
    assert result.stdout.startswith("# Mini Force Framework")
    assert "| Police constable | 1 ok |" in result.stdout  # names, not ids (issue 9 §4.12)
    assert "not exported:" in result.stderr


def test_unknown_format(cli_run, mini, tmp_path):
    result = cli_run("export", mini, "--to", "excel", "-o", tmp_path / "x")
    available = result.stderr.partition("available: ")[2].rstrip(")\n").split(", ")
    assert result.exit_code == 2 and {"json", "markdown"} <= set(available)


class FormatsPlugin:
    """A third-party plugin adding an exporter, an importer and a library."""

    @hookimpl
    def nosframe_exporters(self, register):
        register(Exporter("codes", "Codes", ".txt", lambda composed: ExportResult(
            "\n".join(s.code for s in composed.framework.standards) + "\n",
            losses=("everything but codes",))))

    @hookimpl
    def nosframe_importers(self, register):
        def read(path):
            from nosframe.model import Framework, FrameworkInfo, Role

            ids = path.read_text().split()
            return ImportResult(Framework(FrameworkInfo(id="imported"),
                                          roles=tuple(Role(i) for i in ids)))

        register(Importer("ids", "Role ids", read))

    @hookimpl
    def nosframe_libraries(self, register):
        books = {"LIB1": Standard(code="LIB 1", title="From the library")}
        register(Library("test-lib", "Test library", books.get))


def test_third_party_formats_and_library(write, tmp_path):
    from nosframe.plugins import load_plugins

    plugins = load_plugins(entry_points=False, extra=[("formats", FormatsPlugin())])
    path = write("f.toml", '[framework]\nid = "f"\n\n[[roles]]\nid = "r"\nstandards = ["LIB1"]\n')
    composed = nosframe.load(path, plugins)
    assert composed.standard("LIB1").title == "From the library"
    prov = composed.provenance_of("standard", "LIB1")
    assert prov.origin.kind == "library" and prov.origin.plugin == "formats"
    assert [f.code for f in nosframe.check(composed, plugins)] == []
    result = plugins.exporters()["codes"].write(composed)
    assert result.content == "LIB 1\n" and result.losses
    ids = tmp_path / "ids.txt"
    ids.write_text("a b")
    assert [r.id for r in plugins.importers()["ids"].read(ids).framework.roles] == ["a", "b"]


def test_exporter_that_crashes_is_reported(cli_run, mini, monkeypatch, tmp_path):
    class Crashy:
        @hookimpl
        def nosframe_exporters(self, register):
            register(Exporter("crashy", "Crashy", ".x", lambda c: 1 / 0))

    import nosframe.plugins as plugins_module

    real = plugins_module.load_plugins
    monkeypatch.setattr(plugins_module, "load_plugins",
                        lambda **kw: real(**kw, extra=[("crashy-plugin", Crashy())]))
    result = cli_run("export", mini, "--to", "crashy", "-o", tmp_path / "out.x")
    assert result.exit_code == 2
    assert "crashy-plugin" in result.stderr and "ZeroDivisionError" in result.stderr
    assert not (tmp_path / "out.x").exists()


def test_closed_stdout_ends_quietly(write, tmp_path):
    """`nosframe check FILE | head -1`: the reader goes away; no message, no traceback, 141."""
    import os
    import subprocess
    import sys

    roles = "".join(f'\n[[roles]]\nid = "r{n}"\n' for n in range(2000))  # >64 KB of findings
    path = write("f.toml", '[framework]\nid = "f"\n' + roles)
    env = {**os.environ, "NOSFRAME_LOAD_PLUGINS": ""}
    process = subprocess.Popen(
        [sys.executable, "-c", "from nosframe.cli import main; main()", "check", str(path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp_path)
    first = process.stdout.readline()
    process.stdout.close()  # what `head -1` does after its line
    stderr = process.stderr.read().decode()
    process.stderr.close()
    assert process.wait(timeout=120) == 141, stderr
    assert b"NF114" in first
    assert stderr == ""


def test_a_binary_export_is_not_printed_to_a_terminal(mini, tmp_path):
    """`nosframe export F --to xlsx -o -` with stdout a terminal would garble it: refused with
    a hint, nothing written; into a pipe the workbook's bytes come whole."""
    import os
    import subprocess
    import sys

    command = [sys.executable, "-c", "from nosframe.cli import main; main()", "export",
               str(mini), "--to", "xlsx", "-o", "-"]
    main, terminal = os.openpty()
    try:
        done = subprocess.run(command, stdout=terminal, stderr=subprocess.PIPE, cwd=tmp_path,
                              timeout=120)
        os.close(terminal)
        terminal = None
        printed = b""
        os.set_blocking(main, False)
        try:
            while chunk := os.read(main, 65536):
                printed += chunk
        except (BlockingIOError, OSError):
            pass
    finally:
        if terminal is not None:
            os.close(terminal)
        os.close(main)
    assert done.returncode == 2
    stderr = done.stderr.decode()
    assert "the xlsx export is a binary file: it is not printed to a terminal" in stderr
    assert "hint: write it to a file (-o FILE)" in stderr and "Traceback" not in stderr
    assert b"PK" not in printed  # no zip bytes reached the terminal
    piped = subprocess.run(command, capture_output=True, cwd=tmp_path, timeout=120)
    assert piped.returncode == 0 and piped.stdout.startswith(b"PK\x03\x04")
