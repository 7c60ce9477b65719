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
    assert problem.startswith(f"{path}: theme: 'nope' is not a theme")
    assert "textual-light" in problem and "default theme is used" in problem
    assert config.theme is None
    assert config.keymap == {"save": "f10"}  # the other settings still apply


@pytest.mark.parametrize("keys, bad", [("notakey+++", "notakey+++"), ("ctrl+s,", ""),
                                       ("ctrl+hello", "ctrl+hello"), ("f10, nope", "nope")])
def test_keys_that_are_not_keys_are_a_problem_and_the_default_keys_are_kept(tmp_path, keys,
                                                                             bad):
    path, config = _config(tmp_path, f'[keymap]\nsave = "{keys}"\nundo = "f11"\n')
    (problem,) = config.problems
    assert problem.startswith(f"{path}: [keymap] save: {bad!r} is not a key")
    assert 'a key looks like "ctrl+s"' in problem and "default keys are kept" in problem
    assert config.keymap == {"undo": "f11"}


def test_an_unknown_binding_id_is_a_problem_with_the_ids_it_may_mean(tmp_path):
    path, config = _config(tmp_path, '[keymap]\n"tree.nope" = "x"\n"tree.ad" = "x"\n'
                                     'nope = "x"\nsave = 1\n')
    problems = dict(p.removeprefix(f"{path}: [keymap] ").split(": ", 1)
                    for p in config.problems)
    assert set(problems) == {"tree.nope", "tree.ad", "nope", "save"}
    assert "'tree.nope' is not a binding id of the editor" in problems["tree.nope"]
    assert "the tree ids are tree.add, tree.collapse" in problems["tree.nope"]
    assert "did you mean 'tree.add'?" in problems["tree.ad"]
    assert "F1 in the editor lists every key with its binding id" in problems["nope"]
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
        assert len(lines) == 3 and all(line.startswith(str(path)) for line in lines)
        assert ": theme: 'nope' is not a theme" in lines[0]
        assert ": [keymap] save: 'notakey+++' is not a key" in lines[1]
        assert ": [keymap] tree.nope: 'tree.nope' is not a binding id" in lines[2]
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
