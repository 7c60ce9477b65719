"""``nosframe merge BASE OURS THEIRS``: element by element and field by field, OURS's layout
kept, conflicts named and left between markers; scripted ``git merge`` runs with nosframe as
the merge driver."""

from __future__ import annotations

import shutil
from pathlib import Path

from nosframe.editing.merge import merge_texts
from nosframe.io import loads
from nosframe.model.kinds import kind

ROOT = Path(__file__).resolve().parents[1]
NORTHSHIRE = ROOT / "frameworks" / "northshire-police.toml"
BASE = NORTHSHIRE.read_text(encoding="utf-8")
HEADER = BASE.splitlines()[0]


def _edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def _role(framework, key: str):
    return kind("role").find(framework, key)


def test_edits_to_different_elements_and_fields_merge_cleanly_keeping_ours_layout():
    ours = _edit(BASE, 'title = "Contact centre supervisor"', 'title = "Contact centre lead"')
    ours = _edit(ours, "# --- roles ---", "# --- roles (ours) ---")  # a comment of OURS's
    # THEIRS: another role, and the field on the line after OURS's edit (git's line merge
    # would call that a conflict), a behaviour level and a standard added
    theirs = _edit(BASE, 'title = "Neighbourhood sergeant"', 'title = "Neighbourhood lead"')
    theirs = _edit(theirs, 'title = "Contact centre supervisor"\nfamily = "Police staff"',
                   'title = "Contact centre supervisor"\nfamily = "Contact centre"')
    theirs = _edit(theirs, 'progresses_to = ["contact-centre-supervisor"]',
                   'progresses_to = ["contact-centre-supervisor", "neighbourhood-sergeant"]')
    # both add a standard to one role: both are kept
    ours = _edit(ours, 'optional_standards = ["CD1", "SFJHG3", "SFJ HG4"]',
                 'optional_standards = ["CD1", "SFJHG3", "SFJ HG4", "SFJAD3"]')
    theirs = _edit(theirs, 'optional_standards = ["CD1", "SFJHG3", "SFJ HG4"]',
                   'optional_standards = ["CD1", "SFJHG3", "SFJ HG4", "SFJCJHD15"]')
    result = merge_texts(BASE, ours, theirs)
    assert result.clean, [c.text() for c in result.conflicts]
    merged = loads(result.text).framework
    assert merged == result.framework
    supervisor = _role(merged, "contact-centre-supervisor")
    assert (supervisor.title, supervisor.family) == ("Contact centre lead", "Contact centre")
    sergeant = _role(merged, "neighbourhood-sergeant")
    assert sergeant.title == "Neighbourhood lead"
    assert sergeant.optional_standards == ("CD1", "SFJHG3", "SFJ HG4", "SFJAD3", "SFJCJHD15")
    assert _role(merged, "contact-handler").progresses_to[-1] == "neighbourhood-sergeant"
    # OURS's text, comments and layout, with THEIRS's changes only where they are
    assert result.text.splitlines()[0] == HEADER
    assert "# --- roles (ours) ---" in result.text
    changed = [line for line in result.text.splitlines() if line not in ours.splitlines()]
    assert changed == ['progresses_to = ["contact-centre-supervisor", "neighbourhood-sergeant"]',
                       'family = "Contact centre"',
                       'title = "Neighbourhood lead"',
                       'optional_standards = ["CD1", "SFJHG3", "SFJ HG4", "SFJAD3", '
                       '"SFJCJHD15"]']


def test_table_keys_merge_one_by_one_and_additions_and_removals_are_taken():
    ours = _edit(BASE, "we-are-innovative-and-open-minded = 2, we-listen-to-neighbourhoods = 2 }",
                 "we-are-innovative-and-open-minded = 3, we-listen-to-neighbourhoods = 2 }")
    theirs = _edit(BASE, "we-are-innovative-and-open-minded = 2, we-listen-to-neighbourhoods = 2 }",
                   "we-are-innovative-and-open-minded = 2, we-listen-to-neighbourhoods = 3 }")
    theirs = theirs + '\n[[roles]]\nid = "analyst"\ntitle = "Analyst"\n'
    ours = _edit(ours, '[[mappings]]\nstandard = "SFJCJHD14"\ncriteria = ["NSP-P3"]\n'
                       'behaviour = "we-take-ownership"\n'
                       'note = "Northshire mapping for first-line leaders."\n', "")
    result = merge_texts(BASE, ours, theirs)
    assert result.clean
    merged = loads(result.text).framework
    levels = _role(merged, "neighbourhood-sergeant").behaviours
    assert levels["we-are-innovative-and-open-minded"] == 3
    assert levels["we-listen-to-neighbourhoods"] == 3
    assert _role(merged, "analyst").title == "Analyst"
    assert not any(m.key == "SFJCJHD14->behaviour:we-take-ownership" for m in merged.mappings)


def test_the_same_field_edited_both_ways_is_a_conflict_named_by_element_and_field():
    ours = _edit(BASE, 'title = "Neighbourhood sergeant"', 'title = "Sergeant (ours)"')
    theirs = _edit(BASE, 'title = "Neighbourhood sergeant"', 'title = "Sergeant (theirs)"')
    theirs = _edit(theirs, 'title = "Contact handler"', 'title = "Call handler"')
    result = merge_texts(BASE, ours, theirs)
    assert [(c.label, c.field, c.ours, c.theirs) for c in result.conflicts] == [
        ("role neighbourhood-sergeant", "title", "Sergeant (ours)", "Sergeant (theirs)")]
    assert result.conflicts[0].text() == ("role neighbourhood-sergeant title: ours "
                                          "'Sergeant (ours)', theirs 'Sergeant (theirs)' "
                                          "(base 'Neighbourhood sergeant')")
    assert ("<<<<<<< ours (nosframe merge conflict: role neighbourhood-sergeant title)\n"
            'title = "Sergeant (ours)"\n=======\ntitle = "Sergeant (theirs)"\n>>>>>>> theirs\n'
            ) in result.text
    assert 'title = "Call handler"' in result.text  # the rest merged
    # removed on one side, changed on the other: the whole element
    ours = _edit(BASE, '[[roles]]\nid = "neighbourhood-sergeant"\n',
                 '[[roles]]\nid = "neighbourhood-sergeant"\n').replace(
        'title = "Neighbourhood sergeant"', 'title = "Sergeant (ours)"')
    start = BASE.index('[[roles]]\nid = "neighbourhood-sergeant"')
    end = BASE.index("# --- mappings")
    theirs = BASE[:start] + BASE[end:]
    result = merge_texts(BASE, ours, theirs)
    assert [(c.label, c.field) for c in result.conflicts] == [
        ("role neighbourhood-sergeant", "")]
    assert "theirs (absent)" in result.conflicts[0].text()


def test_git_merge_of_branches_editing_different_roles_and_the_same_title(git_repo, cli_run):
    force = git_repo.root / "force.toml"
    shutil.copyfile(NORTHSHIRE, force)
    git_repo.commit("Northshire")
    # two branches editing different roles: adjacent lines, which git's own merge would call
    # a conflict (contact-handler's progresses_to and contact-centre-supervisor's header)
    git_repo.git("checkout", "-q", "-b", "theirs")
    force.write_text(_edit(BASE, 'progresses_to = ["contact-centre-supervisor"]',
                           'progresses_to = ["contact-centre-supervisor", '
                           '"neighbourhood-sergeant"]'), encoding="utf-8")
    git_repo.commit("contact handlers progress to neighbourhood sergeant")
    git_repo.git("checkout", "-q", "main")
    force.write_text(_edit(BASE, '\n[[roles]]\nid = "contact-centre-supervisor"',
                           '\n[[roles]]  # the shift lead\nid = "contact-centre-supervisor"'),
                     encoding="utf-8")
    git_repo.commit("a comment on the supervisor")
    merged = git_repo.git("merge", "--no-edit", "theirs")
    assert "force.toml: merged" in merged.stderr + merged.stdout  # nosframe's driver ran
    framework = loads(force.read_text(encoding="utf-8")).framework
    assert _role(framework, "contact-handler").progresses_to[-1] == "neighbourhood-sergeant"
    text = force.read_text(encoding="utf-8")
    assert text.splitlines()[0] == HEADER and "[[roles]]  # the shift lead" in text
    assert git_repo.git("status", "--porcelain").stdout == ""

    # two branches retitling the same role: git reports a conflict, nosframe names it
    git_repo.git("checkout", "-q", "-b", "other")
    force.write_text(_edit(text, 'title = "Neighbourhood sergeant"',
                           'title = "Sergeant (theirs)"'), encoding="utf-8")
    git_repo.commit("theirs retitles")
    git_repo.git("checkout", "-q", "main")
    force.write_text(_edit(text, 'title = "Neighbourhood sergeant"', 'title = "Sergeant (ours)"'),
                     encoding="utf-8")
    git_repo.commit("ours retitles")
    conflicted = git_repo.git("merge", "--no-edit", "other", check=False)
    assert conflicted.returncode != 0
    said = conflicted.stdout + conflicted.stderr
    assert "CONFLICT" in said and "Merge conflict in force.toml" in said
    assert "conflict: role neighbourhood-sergeant title: ours 'Sergeant (ours)', theirs " \
           "'Sergeant (theirs)'" in said
    assert git_repo.git("status", "--porcelain").stdout.startswith("UU force.toml")
    left = force.read_text(encoding="utf-8")
    assert "<<<<<<< ours (nosframe merge conflict: role neighbourhood-sergeant title)" in left
    checked = cli_run("check", force)
    assert checked.exit_code == 2
    assert "force.toml:229: an unresolved merge conflict" in checked.stderr
    # a person keeps one side and deletes the markers: it loads and commits
    resolved = _edit(left, "<<<<<<< ours (nosframe merge conflict: role neighbourhood-sergeant "
                           'title)\ntitle = "Sergeant (ours)"\n=======\n', "").replace(
        ">>>>>>> theirs\n", "")
    force.write_text(resolved, encoding="utf-8")
    assert _role(loads(resolved).framework, "neighbourhood-sergeant").title == \
        "Sergeant (theirs)"
    git_repo.commit("merged")


def test_merge_cli_output_and_bad_input(cli_run, tmp_path):
    base = tmp_path / "base.toml"
    ours = tmp_path / "ours.toml"
    theirs = tmp_path / "theirs.toml"
    base.write_text(BASE, encoding="utf-8")
    ours.write_text(_edit(BASE, 'title = "Contact handler"', 'title = "Call handler"'),
                    encoding="utf-8")
    theirs.write_text(_edit(BASE, 'title = "Neighbourhood sergeant"', 'title = "NS"'),
                      encoding="utf-8")
    out = tmp_path / "merged.toml"
    result = cli_run("merge", base, ours, theirs, "-o", out)
    assert result.exit_code == 0, result.output
    assert ours.read_text(encoding="utf-8") != out.read_text(encoding="utf-8")
    assert 'title = "NS"' in out.read_text(encoding="utf-8")
    result = cli_run("merge", base, ours, theirs)  # over OURS, as git expects
    assert result.exit_code == 0 and ours.read_text(encoding="utf-8") == out.read_text()
    junk = tmp_path / "junk.toml"
    junk.write_text("[[roles]\n", encoding="utf-8")
    before = ours.read_text(encoding="utf-8")
    result = cli_run("merge", base, ours, junk)
    assert result.exit_code == 2
    assert "junk.toml:1: TOML syntax error" in result.stderr and "Traceback" not in result.stderr
    assert ours.read_text(encoding="utf-8") == before  # nothing written
    result = cli_run("merge", base, ours, tmp_path / "absent.toml")
    assert result.exit_code == 2 and "absent.toml" in result.stderr


def test_a_toml_file_that_is_no_framework_is_merged_line_by_line(git_repo):
    project = git_repo.root / "pyproject.toml"
    project.write_text('[project]\nname = "x"\nversion = "1"\n\ndescription = "d"\n',
                       encoding="utf-8")
    git_repo.commit("project")
    git_repo.git("checkout", "-q", "-b", "theirs")
    project.write_text(project.read_text().replace('version = "1"', 'version = "2"'))
    git_repo.commit("theirs")
    git_repo.git("checkout", "-q", "main")
    project.write_text(project.read_text().replace('"d"', '"e"'))
    git_repo.commit("ours")
    result = git_repo.git("merge", "--no-edit", "theirs")
    assert "merged line by line" in result.stdout + result.stderr
    assert project.read_text() == '[project]\nname = "x"\nversion = "2"\n\ndescription = "e"\n'
    # the diff driver gives such a file a line diff
    assert git_repo.git("diff", "HEAD~1", "HEAD").stdout.count("version") == 2


def test_a_framework_added_on_both_branches_merges_from_an_empty_base():
    ours = '[framework]\nid = "f"\n\n[[roles]]\nid = "a"\ntitle = "A"\n'
    theirs = '[framework]\nid = "f"\n\n[[roles]]\nid = "b"\ntitle = "B"\n'
    result = merge_texts("", ours, theirs)
    assert result.clean
    assert [r.id for r in loads(result.text).framework.roles] == ["a", "b"]


def test_a_crlf_file_keeps_its_line_ends_and_its_markers_use_them():
    base = BASE.replace("\n", "\r\n")
    ours = _edit(base, 'title = "Neighbourhood sergeant"', 'title = "A"')
    theirs = _edit(base, 'title = "Neighbourhood sergeant"', 'title = "B"')
    theirs = _edit(theirs, 'title = "Contact handler"', 'title = "Call handler"')
    result = merge_texts(base, ours, theirs)
    assert len(result.conflicts) == 1
    assert "\n" not in result.text.replace("\r\n", "")
    assert '=======\r\ntitle = "B"\r\n>>>>>>> theirs\r\n' in result.text


def test_an_overrides_fields_merge_key_by_key_and_a_conflict_names_the_key():
    line = ("fields = { behaviours = { we-are-emotionally-aware = 1, we-take-ownership = 1, "
            "we-collaborate = 1, ")
    assert BASE.count(line) == 2  # pcso's and police-constable's set overrides
    start = BASE.index('target = "role:pcso"\nfields')
    head, tail = BASE[:start], BASE[start:]

    def pcso(old: str, new: str) -> str:  # an edit to pcso's override alone
        return head + tail.replace(old, new, 1)

    ours = pcso("we-take-ownership = 1,", "we-take-ownership = 2,")
    theirs = pcso("we-collaborate = 1,", "we-collaborate = 3,")
    result = merge_texts(BASE, ours, theirs)
    assert result.clean
    override = next(o for o in loads(result.text).framework.overrides
                    if o.target == "role:pcso" and o.action.value == "set")
    levels = override.fields["behaviours"]
    assert (levels["we-take-ownership"], levels["we-collaborate"]) == (2, 3)
    ours = pcso("we-collaborate = 1,", "we-collaborate = 2,")
    result = merge_texts(BASE, ours, theirs)
    assert [(c.label, c.field) for c in result.conflicts] == [
        ("override set role:pcso", "fields.behaviours.we-collaborate")]
