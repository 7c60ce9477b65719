"""The editor's settings file (NOSFRAME_TUI_CONFIG): a setting that will not do is one warning
naming the file, the setting and a hint, and keeps its default; the editor still opens."""

from __future__ import annotations

import pytest
from rich.text import Text

from nosframe.tui.config import load_config

SIZE = (120, 40)


def _config(tmp_path, text: str):
    path = tmp_path / "tui.toml"
    path.write_text(text, encoding="utf-8")
    return path, load_config(path)


def test_an_unknown_theme_is_one_problem_and_the_default_is_kept(tmp_path):
    path, config = _config(tmp_path, 'theme = "nope"\n[keymap]\nsave = "f10"\n')
    (problem,) = config.problems
    assert problem.startswith(f"{path}:1: theme: 'nope' is not a theme")
    assert "textual-light" in problem and "default theme is used" in problem
    assert config.theme is None
    assert config.keymap == {"save": "f10"}  # the other settings still apply


@pytest.mark.parametrize("keys, bad", [("notakey+++", "notakey+++"), ("ctrl+s,", ""),
                                       ("ctrl+hello", "ctrl+hello"), ("f10, nope", "nope")])
def test_keys_that_are_not_keys_are_a_problem_and_the_default_keys_are_kept(tmp_path, keys,
                                                                             bad):
    path, config = _config(tmp_path, f'[keymap]\nsave = "{keys}"\nundo = "f11"\n')
    (problem,) = config.problems
    assert problem.startswith(f"{path}:2: [keymap] save: {bad!r} is not a key; save keeps its "
                              "keys, ctrl+s (hint: ")
    assert 'a key looks like "ctrl+s"' in problem
    assert config.keymap == {"undo": "f11"}


def test_an_unknown_binding_id_is_a_problem_with_the_ids_it_may_mean(tmp_path):
    path, config = _config(tmp_path, '[keymap]\n"tree.nope" = "x"\n"tree.ad" = "x"\n'
                                     'nope = "x"\nsave = 1\n')
    problems = dict(p.split(": [keymap] ", 1)[1].split(": ", 1) for p in config.problems)
    assert set(problems) == {"tree.nope", "tree.ad", "nope", "save"}
    assert "'tree.nope' is not a binding id of the editor" in problems["tree.nope"]
    assert "the tree ids are tree.add, tree.collapse" in problems["tree.nope"]
    assert "did you mean 'tree.add'?" in problems["tree.ad"]
    assert [p.line for p in config.problems] == [2, 3, 4, 5]
    assert "the keys must be a string" in problems["save"]
    assert config.keymap == {}


def test_good_keys_are_kept_as_textual_spells_them(tmp_path):
    _, config = _config(tmp_path, '[keymap]\nsave = "ctrl+s, f10"\n"help.alt" = "?"\n'
                                  '"tree.add" = "a,insert"\n')
    assert config.problems == ()
    assert config.keymap == {"save": "ctrl+s,f10", "help.alt": "question_mark",
                             "tree.add": "a,insert"}


async def test_the_editor_opens_with_bad_settings_warns_once_and_keeps_ctrl_s(
        make_app, force_file, tmp_path, settle, tree_to, keys):
    from nosframe.editing import rules as edits
    from nosframe.tui.selection import Item

    path, config = _config(tmp_path, 'theme = "nope"\n[keymap]\nsave = "notakey+++"\n'
                                     '"tree.nope" = "x"\n')
    app = make_app(force_file, theme=config.theme, keymap=config.keymap,
                   notices=config.problems)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        (shown,) = [n for n in app._notifications if n.severity == "warning"]
        lines = Text.from_markup(shown.message).plain.splitlines()  # as the toast shows it
        assert lines == [f"3 settings in {path} were not used (their defaults are): each is "
                         "printed with its line when the editor quits (docs/tui.md, Settings)"]
        footer = " ".join(str(w.render()) for w in app.screen.query("FooterKey"))
        assert "notakey" not in footer
        await tree_to(pilot, Item("role", "custody-officer"))
        await keys(pilot, "enter", "end", text="!")
        await keys(pilot, "ctrl+s")
        assert not app.session.dirty
        assert edits.find(app.session.root, "role", "custody-officer")[1].title == \
            "Custody officer!"


async def test_an_unknown_theme_option_opens_the_editor_with_a_warning(make_app, force_file,
                                                                       settle):
    app = make_app(force_file, theme="nope")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.is_running and app.theme == "textual-dark"
        (shown,) = [n for n in app._notifications if n.severity == "warning"]
        assert shown.message.startswith("--theme: 'nope' is not a theme (hint: one of")


def test_five_bad_settings_are_one_short_toast_and_every_one_is_printed_on_quit(
        make_app, force_file, tmp_path, monkeypatch, capsys):
    from textual.app import App

    path, config = _config(tmp_path, 'theme = "nope"\ncolour = 1\n[keymap]\nsave = "ctrl+q"\n'
                                     'nope = "x"\nundo = "notakey+++"\n')
    assert len(config.problems) == 5
    app = make_app(force_file, notices=config.problems)
    assert app.notices == [f"5 settings in {path} were not used (their defaults are): each is "
                           "printed with its line when the editor quits (docs/tui.md, Settings)"]
    monkeypatch.setattr(App, "run", lambda self, *a, **k: None)  # no terminal here
    app.run()
    printed = capsys.readouterr().err.splitlines()
    assert printed == [f"nosframe edit: {p}" for p in config.problems]
    assert [line.split(": ", 2)[1] for line in printed] == [
        f"{path}:{n}" for n in (1, 2, 4, 5, 6)]


def test_few_bad_settings_are_shown_whole(make_app, force_file, tmp_path):
    path, config = _config(tmp_path, 'theme = "nope"\n')
    app = make_app(force_file, notices=config.problems)
    assert app.notices == [config.problems[0], "(printed again when the editor quits)"]


def test_every_problem_names_the_file_the_line_and_the_setting(tmp_path):
    path, config = _config(tmp_path, '# mine\n\ntheme = 3\nthem = "x"\n[keymap]\n'
                                     '# save\n"tree.add" = 2\n[other]\nx = 1\n')
    assert [(p.line, p.setting) for p in config.problems] == [
        (3, "theme"), (4, "them"), (7, "[keymap] tree.add"), (8, "other")]
    assert config.problems[0].startswith(f"{path}:3: theme: must be a string")
    assert "did you mean 'theme'?" in config.problems[1]
    _, dotted = _config(tmp_path, 'keymap.save = 3\n')
    assert dotted.problems[0].startswith(f"{path}:1: [keymap] save: the keys must be a string")


def test_a_toml_syntax_error_names_its_line_and_says_the_defaults_are_used(tmp_path):
    path, config = _config(tmp_path, '[keymap]\nsave = "f10"\ntheme = nord\n')
    (problem,) = config.problems
    assert problem.startswith(f"{path}:3: TOML syntax error: Invalid value (at line 3, "
                              "column 9); the editor's default settings are used (hint: fix "
                              "that line")
    assert "docs/tui.md, Settings" in problem
    assert config.keymap == {} and config.theme is None


def test_a_settings_file_named_by_the_variable_must_be_there(tmp_path, monkeypatch):
    missing = tmp_path / "nope.toml"
    for named, why in ((missing, "no such file"), (tmp_path, "is a folder, not a settings file")):
        monkeypatch.setenv("NOSFRAME_TUI_CONFIG", str(named))
        (problem,) = load_config().problems
        assert problem.startswith(f"{named}: {why} (named by NOSFRAME_TUI_CONFIG); the "
                                  "editor's default settings are used (hint: ")
    monkeypatch.delenv("NOSFRAME_TUI_CONFIG")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "nothing"))
    assert load_config().problems == ()  # the default place may hold nothing


@pytest.mark.parametrize("text, ident, other, where", [
    ('save = "ctrl+q"', "save", "quit (Quit)", "on the main screen"),
    ('"tree.add" = "ctrl+s"', "tree.add", "save (Save)", "in the tree"),
    ('"tree.add" = "enter"', "tree.add", "", "(Textual's) in the tree"),
    ('undo = "f10"\nsave = "f10"', "save", "undo (Undo)", "on the main screen"),
    ('"picker.mark" = "ctrl+p"', "picker.mark", "the command palette", "in the NOS picker"),
])
def test_a_key_another_action_has_there_is_one_warning_naming_both(tmp_path, text, ident,
                                                                   other, where):
    path, config = _config(tmp_path, f"[keymap]\n{text}\n")
    (problem,) = config.problems
    assert problem.setting == f"[keymap] {ident}" and problem.line == text.count("\n") + 2
    assert "is already the key of " + other in problem and where in problem
    assert "so this setting is not used" in problem and ident not in config.keymap


def test_a_key_freed_by_another_setting_may_be_taken(tmp_path):
    _, config = _config(tmp_path, '[keymap]\nundo = "ctrl+s"\nsave = "f10"\n'
                                  '"tree.add" = "a,insert"\n"help.alt" = "f1"\n')
    assert config.problems == ()  # help.alt is help too: f1 twice is one action
    _, config = _config(tmp_path, '[keymap]\nundo = "ctrl+s"\nsave = "ctrl+q"\n')
    # save is not used, so ctrl+s is save's again: undo cannot have it either
    assert [p.setting for p in config.problems] == ["[keymap] undo", "[keymap] save"]
    assert config.keymap == {}


def test_an_unknown_id_says_the_setting_does_nothing_and_names_real_ids(tmp_path):
    _, config = _config(tmp_path, '[keymap]\nnope = "x"\n')
    (problem,) = config.problems
    assert "its default keys" not in problem and "keeps its keys" not in problem
    assert "'nope' is not a binding id of the editor; this setting does nothing" in problem
    assert "such as save, undo, quit" in problem and "docs/tui.md, Keys" in problem
    assert "F1" not in problem
