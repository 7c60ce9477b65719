"""Two real presets that conflict, combined in one file (a joint justice-partnership framework):
`policing` and `probation` both define levels 1-3. The file that extends both settles each
conflict by defining the element itself with a `replace` override of it (docs/format.md, "Two
presets that define the same element"); `nosframe new` prints a hint saying exactly that.

Like test_sector_presets.py these use the installed first-party plugins on purpose.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from nosframe.checks import run_checks
from nosframe.cli import cli
from nosframe.compose import load
from nosframe.plugins import load_plugins

LEVELS = """
[[levels]]
number = 1
name = "Partnership practitioner"

[[levels]]
number = 2
name = "Partnership supervisor"

[[levels]]
number = 3
name = "Partnership manager"
"""
OVERRIDES = "".join(f'\n[[overrides]]\naction = "replace"\ntarget = "level:{n}"\n'
                    for n in (1, 2, 3))


def _invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def plugins():
    loaded = load_plugins()
    missing = {"policing", "probation"} - set(loaded.presets())
    if missing:
        pytest.fail(f"preset(s) {sorted(missing)} not installed: run ./dev test")
    return loaded


def _new(tmp_path):
    target = tmp_path / "two.toml"
    result = _invoke("new", target, "--preset", "policing", "--preset", "probation",
                     "--org", "Both")
    assert result.exit_code == 0, result.output
    return target, result.stderr


def _errors(path):
    checked = _invoke("check", path, "--format", "json")
    return checked.exit_code, [f for f in json.loads(checked.stdout)["findings"]
                               if f["severity"] == "error"]


def test_new_names_the_fix_and_the_fix_passes_check(tmp_path, plugins):
    target, stderr = _new(tmp_path)
    for n in (1, 2, 3):
        assert f"error NF123: level '{n}' redefines the one inherited from preset policing" \
            in stderr
        # the hint says what to write, and where
        assert (f"the two meet in two.toml, which extends both: settle it there, add [[levels]] "
                f"with number = {n} (copy preset policing's or preset probation's, or write "
                f'your own) and [[overrides]] with action = "replace", target = "level:{n}"'
                ) in stderr
    # and the closing hint points at them, not at overrides alone
    assert f"settle each conflict in {target} as its hint says (your own element and a " \
        "replace override of it" in stderr and "resolve the conflicts with" not in stderr
    code, errors = _errors(target)
    assert code == 1 and [e["code"] for e in errors] == ["NF123"] * 3

    with target.open("a", encoding="utf-8") as out:  # what the hint says
        out.write(LEVELS + OVERRIDES)
    code, errors = _errors(target)
    assert (code, errors) == (0, [])
    result = _invoke("check", target)
    assert result.exit_code == 0 and result.stdout.startswith("0 errors"), result.output

    composed = load(target, plugins)
    assert not [f for f in run_checks(composed, plugins) if f.code == "NF123"]  # none at all
    levels = {level.key: level.name for level in composed.framework.levels}
    assert levels == {"1": "Partnership practitioner", "2": "Partnership supervisor",
                      "3": "Partnership manager", "4": "Level D Advanced"}
    prov = composed.provenance_of("level", "1")
    assert prov.origin.kind == "file" and prov.location.path == "levels[0]"
    settled, replaced = prov.overrides
    assert settled[0].startswith("preset probation") and "preset policing" in settled[0]
    assert "two.toml settles it with its own and a replace override" in settled[0]
    assert settled[1].file.endswith("probation.toml") and settled[1].path == "levels[0]"
    assert replaced[0] == f"replaced by {target}" and replaced[1].path == "overrides[0]"


def test_a_replace_override_alone_settles_nothing_and_the_hint_says_what_is_missing(
        tmp_path, plugins):
    """The trial's first attempt: the hinted overrides without the file's own levels."""
    target, _ = _new(tmp_path)
    with target.open("a", encoding="utf-8") as out:
        out.write(OVERRIDES)
    code, errors = _errors(target)
    assert code == 1 and [e["code"] for e in errors] == ["NF123"] * 3
    assert errors[0]["hint"].startswith(
        'two.toml has [[overrides]] with action = "replace", target = "level:1" but does not '
        "define the level itself: add [[levels]] with number = 1")


def test_own_levels_without_the_override_are_still_reported(tmp_path, plugins):
    target, _ = _new(tmp_path)
    with target.open("a", encoding="utf-8") as out:
        out.write(LEVELS)
    code, errors = _errors(target)
    assert code == 1
    # the presets' conflict and the file's own redefinition, each with its hint
    assert sorted(e["location"]["file"].rsplit("/", 1)[-1] for e in errors) == \
        ["probation.toml"] * 3 + ["two.toml"] * 3
    assert all('action = "replace"' in e["hint"] for e in errors)


def test_make_own_settles_the_conflict_as_the_hint_says(tmp_path, plugins):
    """The editor's way (MakeOwn, the palette's "Make element the file's own"): each level the
    two presets both define, made the file's own, leaves no NF123; the file checks clean."""
    from nosframe.editing import MakeOwn, Session
    from nosframe.io import load_document

    target, stderr = _new(tmp_path)
    assert "Make element the file's own" in stderr  # the hint names the editor's way
    session = Session.open(target, plugins)
    for n in ("1", "2", "3"):
        assert session.do(MakeOwn("level", n)).applied
    session.save()
    code, errors = _errors(target)
    assert (code, errors) == (0, [])
    written = load_document(target).framework
    assert [o.target for o in written.overrides if o.action.value == "replace"] == [
        "level:1", "level:2", "level:3"]
    assert len(written.levels) == 3
