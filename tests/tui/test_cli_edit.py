"""``nosframe edit``: argument handling, errors before any screen, and wiring to the app."""

from __future__ import annotations

import importlib

import pytest
from click.testing import CliRunner

import nosframe.cli as cli_module
import nosframe.plugins as plugins_module


@pytest.fixture
def run(monkeypatch, tui_plugin):
    real = plugins_module.load_plugins

    def fake_load_plugins(**kwargs):
        kwargs["entry_points"] = False
        kwargs["extra"] = [("tui-test", tui_plugin), *kwargs.get("extra", ())]
        return real(**kwargs)

    monkeypatch.setattr(plugins_module, "load_plugins", fake_load_plugins)
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(cli_module.cli, ["edit", *map(str, args)], catch_exceptions=False)

    return invoke


@pytest.fixture
def launched(monkeypatch):
    """Replace App.run: record the app instead of taking over the terminal."""
    from nosframe.tui.app import NosframeApp

    apps = []
    monkeypatch.setattr(NosframeApp, "run", lambda self, *a, **k: apps.append(self))
    return apps


def test_edit_opens_the_app_on_a_file(run, force_file, launched):
    result = run(force_file, "--today", "2025-06-01", "--theme", "textual-light")
    assert result.exit_code == 0, result.output
    (app,) = launched
    assert app.session.path == force_file and app.session.today.isoformat() == "2025-06-01"
    assert app._initial_theme == "textual-light"


def test_edit_new_file_with_preset_writes_nothing(run, tmp_path, launched):
    path = tmp_path / "new.toml"
    result = run(path, "--preset", "tui-base", "--org", "New Force")
    assert result.exit_code == 0, result.output
    assert not path.exists()
    (app,) = launched
    assert app.session.root.framework.extends == ("tui-base",)
    assert "quit without saving" in result.output


def test_edit_reads_the_user_config(run, force_file, launched, tmp_path, monkeypatch):
    config = tmp_path / "tui.toml"
    config.write_text('theme = "textual-light"\n[keymap]\nsave = "f10"\n')
    monkeypatch.setenv("NOSFRAME_TUI_CONFIG", str(config))
    assert run(force_file).exit_code == 0
    (app,) = launched
    assert app._initial_theme == "textual-light"


def test_edit_errors_exit_2_before_any_screen(run, force_file, tmp_path, launched):
    result = run(force_file, "--preset", "tui-base")
    assert result.exit_code == 2 and "already exists" in result.output
    broken = tmp_path / "broken.toml"
    broken.write_text("[framework\nid = 1\n")
    result = run(broken)
    assert result.exit_code == 2 and "TOML syntax error" in result.output
    result = run(tmp_path / "new.toml", "--preset", "no-such-preset")
    assert result.exit_code == 2 and "unknown preset" in result.output
    result = run(tmp_path / "missing-dir" / "x.toml")
    assert result.exit_code == 2 and "folder not found" in result.output
    assert launched == []


def test_edit_without_path_and_no_example(run, monkeypatch, launched):
    import sys

    edit_module = sys.modules["nosframe.cli.edit"]  # nosframe.cli.edit is also the command
    monkeypatch.setattr(edit_module, "_default_path", lambda: None)
    result = run()
    assert result.exit_code == 2
    assert "frameworks/northshire-police.toml was not found" in result.output
    assert launched == []


def test_edit_a_mistyped_path_opens_nothing_and_suggests_the_file(run, force_file, launched):
    result = run(force_file.with_name("forse.toml"))
    assert result.exit_code == 2
    assert "forse.toml: no such file (did you mean force.toml?)" in result.output
    assert "--preset" in result.output and not launched
    assert not force_file.with_name("forse.toml").exists()


def test_edit_a_file_slow_to_open_starts_the_editor_while_it_opens(run, force_file, monkeypatch,
                                                                  launched):
    import threading

    edit_module = importlib.import_module("nosframe.cli.edit")  # the module, not the command
    from nosframe.editing.session import Session

    gate = threading.Event()
    real_open = Session.open
    monkeypatch.setattr(edit_module, "OPEN_WAIT", 0.0)
    monkeypatch.setattr(Session, "open", classmethod(
        lambda cls, *a, **k: gate.wait(10) and real_open(*a, **k)))
    result = run(force_file)
    assert result.exit_code == 0, result.output
    (app,) = launched
    assert app.session is None and app.opening is not None and not app.opening.done()
    assert app.title == "nosframe — force.toml"
    gate.set()
    assert app.opening.result(timeout=10).path == force_file


def test_edit_a_file_failing_after_the_editor_started_exits_2(run, tmp_path, monkeypatch):
    edit_module = importlib.import_module("nosframe.cli.edit")  # the module, not the command
    from nosframe.tui.app import NosframeApp

    broken = tmp_path / "broken.toml"
    broken.write_text("[framework\nid = 1\n")
    monkeypatch.setattr(edit_module, "OPEN_WAIT", 0.0)

    def fake_run(self, *a, **k):  # what the screen does when the future fails
        if self.opening is not None:
            self.open_error = self.opening.exception(timeout=10)

    monkeypatch.setattr(NosframeApp, "run", fake_run)
    result = run(broken)
    assert result.exit_code == 2 and "TOML syntax error" in result.output
