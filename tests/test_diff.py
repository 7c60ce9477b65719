"""``nosframe diff``: a framework against an edited copy lists exactly the edits, by element;
OLD as a git revision; nosframe as git's diff driver (``git diff``, ``git log -p``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from nosframe.editing.diff import ADDED, CHANGED, REMOVED, RENAMED, diff_frameworks, listing
from nosframe.io import loads

ROOT = Path(__file__).resolve().parents[1]
NORTHSHIRE = ROOT / "frameworks" / "northshire-police.toml"


def _edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def _edited(text: str) -> str:
    """Northshire with seven edits, one of each sort."""
    text = _edit(text, 'title = "Neighbourhood sergeant"', 'title = "Neighbourhood team leader"')
    text = _edit(text, 'progresses_to = ["contact-centre-supervisor"]',
                 'progresses_to = ["contact-centre-supervisor", "neighbourhood-sergeant"]')
    text = _edit(text, 'criteria = ["NSP-P3"]\nbehaviour = "we-collaborate"',
                 'criteria = ["NSP-P3", "NSP-P1"]\nbehaviour = "we-collaborate"')
    text = _edit(text, 'title = "Police community support officer (neighbourhood)"',
                 'title = "Neighbourhood PCSO"')
    text = _edit(text, '    "Reports back to the community on what the team did and why.",\n',
                 '    "Reports back to the community on what the team did and why.",\n'
                 '    "Holds regular street meetings.",\n')
    text = _edit(text, '[[mappings]]\nstandard = "SFJCJHD14"\ncriteria = ["NSP-P3"]\n'
                       'behaviour = "we-take-ownership"\n'
                       'note = "Northshire mapping for first-line leaders."\n', '')
    return text.rstrip("\n") + '\n\n[[acknowledged]]\ncode = "NF116"\nelement = "standard:CD1"\n' \
        'reason = "CD1 is kept for its criteria"\n'


def test_diff_of_northshire_against_an_edited_copy_lists_exactly_the_edits():
    text = NORTHSHIRE.read_text(encoding="utf-8")
    result = diff_frameworks(loads(text).framework, loads(_edited(text)).framework)
    got = {(c.kind, c.key, c.action, c.aspects) for c in result.changes}
    assert got == {
        ("behaviour", "we-listen-to-neighbourhoods", CHANGED,
         ("levels or indicators changed",)),
        ("role", "contact-handler", CHANGED, ("progresses_to changed",)),
        ("role", "neighbourhood-sergeant", CHANGED, ("retitled",)),
        ("mapping", "SFJAB1->behaviour:we-collaborate", CHANGED, ("mapping changed",)),
        ("mapping", "SFJCJHD14->behaviour:we-take-ownership", REMOVED, ()),
        ("override", "retitle role:pcso", CHANGED, ("title changed",)),
        ("acknowledged", "NF116:standard:CD1", ADDED, ()),
    }
    fields = {(c.key, f.field): (f.old, f.new) for c in result.changes for f in c.fields}
    assert fields[("neighbourhood-sergeant", "title")] == ("Neighbourhood sergeant",
                                                          "Neighbourhood team leader")
    assert fields[("we-listen-to-neighbourhoods", "levels.2")][1][-1] == \
        "Holds regular street meetings."
    assert fields[("SFJAB1->behaviour:we-collaborate", "criteria")] == (
        ("NSP-P3",), ("NSP-P3", "NSP-P1"))
    lines = result.lines()
    assert "role neighbourhood-sergeant: retitled" in lines
    assert "    title: 'Neighbourhood sergeant' -> 'Neighbourhood team leader'" in lines
    assert result.summary() == "7 changes: 1 added, 1 removed, 5 changed"


def test_rename_criteria_and_levels(write):
    old = write("old.toml", """
        [framework]
        id = "f"

        [[levels]]
        number = 1
        name = "Practitioner"

        [[values]]
        id = "openness"
        name = "Openness"
        description = "We say what we do."

        [[standards]]
        code = "ABC1"
        title = "Do things"
        performance = [{ id = "P1", text = "one" }, { id = "P2", text = "two" }]

        [[roles]]
        id = "r"
        title = "R"
        """)
    text = old.read_text(encoding="utf-8")
    text = _edit(text, 'id = "openness"', 'id = "transparency"')
    text = _edit(text, '{ id = "P2", text = "two" }]',
                 '{ id = "P2", text = "two, better" }]\nknowledge = [{ id = "K1", text = "k" }]')
    text = _edit(text, 'name = "Practitioner"', 'name = "Officer"')
    text = _edit(text, '[[roles]]\nid = "r"\ntitle = "R"\n', "")
    result = diff_frameworks(loads(old.read_text()).framework, loads(text).framework)
    by_key = {c.key: c for c in result.changes}
    assert by_key["openness"].action == RENAMED and by_key["openness"].new_key == "transparency"
    assert by_key["ABC1"].aspects == ("criteria changed",)
    assert [(f.field, f.old, f.new) for f in by_key["ABC1"].fields] == [
        ("performance P2 text", "two", "two, better"), ("knowledge K1", None, "k")]
    assert by_key["1"].aspects == ("retitled",)  # a level's name is its title
    assert by_key["r"].action == REMOVED
    assert len(result.changes) == 4
    assert "value openness: renamed to transparency" in result.lines()


def test_cli_diff_json_and_textconv(cli_run, tmp_path):
    old = tmp_path / "old.toml"
    new = tmp_path / "new.toml"
    shutil.copyfile(NORTHSHIRE, old)
    new.write_text(_edited(old.read_text(encoding="utf-8")), encoding="utf-8")
    result = cli_run("diff", old, new, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["counts"] == {"added": 1, "removed": 1, "renamed": 0, "changed": 5}
    role = next(c for c in data["changes"] if c["key"] == "neighbourhood-sergeant")
    assert role["fields"] == [{"field": "title", "old": "Neighbourhood sergeant",
                               "new": "Neighbourhood team leader"}]
    text = cli_run("diff", old, new)
    assert "role neighbourhood-sergeant: retitled" in text.stdout
    assert cli_run("diff", old, old, "--exit-code").exit_code == 0
    assert cli_run("diff", old, new, "--exit-code").exit_code == 1
    conv = cli_run("diff", "--textconv", new)
    assert 'role neighbourhood-sergeant: title = "Neighbourhood team leader"' in \
        conv.stdout.splitlines()
    assert listing(loads(new.read_text()).framework) == conv.stdout.splitlines()


def test_git_revision_and_git_diff_driver(git_repo, cli_run):
    force = git_repo.root / "force.toml"
    shutil.copyfile(NORTHSHIRE, force)
    git_repo.commit("Northshire")
    force.write_text(_edited(force.read_text(encoding="utf-8")), encoding="utf-8")
    git_repo.commit("edits")

    # OLD as a revision: git show HEAD~1:force.toml in the file's repository
    result = cli_run("diff", "HEAD~1", force)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("nosframe diff HEAD~1:force.toml ")
    assert "role neighbourhood-sergeant: retitled" in result.stdout
    assert "7 changes: 1 added, 1 removed, 5 changed" in result.stdout

    # the diff driver (diff.nosframe.command): git diff, and git log -p --ext-diff
    shown = git_repo.git("diff", "HEAD~1", "HEAD").stdout
    assert "nosframe diff a/force.toml b/force.toml" in shown
    assert "mapping SFJCJHD14 -> behaviour we-take-ownership: removed" in shown
    log = git_repo.git("log", "-p", "--ext-diff").stdout
    assert "role neighbourhood-sergeant: retitled" in log
    assert "    title: 'Neighbourhood sergeant' -> 'Neighbourhood team leader'" in log
    # and diff.nosframe.textconv: plain git log -p shows each changed field as one line
    log = git_repo.git("log", "-p").stdout
    assert '-role neighbourhood-sergeant: title = "Neighbourhood sergeant"' in log
    assert '+role neighbourhood-sergeant: title = "Neighbourhood team leader"' in log
    assert '+acknowledged NF116 on standard:CD1: reason = "CD1 is kept for its criteria"' in log
    # a file added: everything in it is new; git never sees a failing driver
    (git_repo.root / "other.toml").write_text('[framework]\nid = "other"\n', encoding="utf-8")
    git_repo.git("add", "other.toml")
    added = git_repo.git("diff", "--cached").stdout
    assert "nosframe diff a/other.toml b/other.toml" in added


def test_bad_input_is_one_message_exit_2(git_repo, cli_run, tmp_path, monkeypatch):
    force = git_repo.root / "force.toml"
    shutil.copyfile(NORTHSHIRE, force)
    git_repo.commit("Northshire")
    junk = tmp_path / "junk.toml"
    junk.write_text("this is not = = toml\n", encoding="utf-8")
    for args, words in (
            ((junk, force), "TOML syntax error"),
            (("HEAD~7", force), "'HEAD~7' is neither a file nor a revision"),
            (("HEAD:missing.toml", force), "revision HEAD has no file missing.toml"),
            ((force, tmp_path / "absent.toml"), "absent.toml: not found")):
        result = cli_run("diff", *args)
        assert result.exit_code == 2, result.output
        assert words in result.stderr
        assert [line[:6] for line in result.stderr.splitlines()] == ["error:", "  hint"]
    # not in a git repository
    plain = tmp_path / "plain"
    plain.mkdir()
    shutil.copyfile(NORTHSHIRE, plain / "force.toml")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = cli_run("diff", "HEAD~1", plain / "force.toml")
    assert result.exit_code == 2
    assert "is not in a git repository" in result.stderr


def test_composed_diff_shows_an_override_as_the_change_it_makes(cli_run, write):
    old = write("old.toml", """
        [framework]
        id = "mine"
        extends = ["test-base"]
        """)
    new = write("new.toml", """
        [framework]
        id = "mine"
        extends = ["test-base"]

        [[overrides]]
        action = "retitle"
        target = "role:worker"
        title = "Operative"
        """)
    own = cli_run("diff", old, new)
    assert "override retitle role:worker: added" in own.stdout
    composed = cli_run("diff", old, new, "--composed", "--json")
    assert composed.exit_code == 0, composed.output
    changes = json.loads(composed.stdout)["changes"]
    role = next(c for c in changes if c["kind"] == "role")
    assert (role["key"], role["aspects"], role["fields"]) == (
        "worker", ["retitled"], [{"field": "title", "old": "Worker", "new": "Operative"}])


def test_a_list_changed_is_shown_as_the_items_added_and_removed():
    """The diff's lines are the update preview's: a role's standards, progressions and a
    behaviour level's indicators changed read as every item added and removed, none cut."""
    text = NORTHSHIRE.read_text(encoding="utf-8")
    result = diff_frameworks(loads(text).framework, loads(_edited(text)).framework)
    lines = result.lines()
    assert "    progresses_to: +neighbourhood-sergeant" in lines
    assert "    criteria: +NSP-P1" in lines
    assert "    levels.2: +Holds regular street meetings." in lines
    assert not any("…" in line for line in lines)
