"""Saving keeps the user's file: only what was edited changes (issue 9 §1).

The examples in frameworks/ are hand-written (a long header comment, section comments, inline
tables, overrides between the elements): an edit through the editing engine changes only the
lines it must, and what is written always loads back as the edited framework.
"""

from __future__ import annotations

import difflib
import re
import shutil
import string
from pathlib import Path

import pytest
from attrs import evolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nosframe.editing import (Add, AddStandards, Delete, Rename, Retitle, Session, SetField,
                              new_element)
from nosframe.io import dumps, load_document, loads
from nosframe.io import preserve
from nosframe.io.preserve import render
from nosframe.model import (Behaviour, Criterion, Framework, FrameworkInfo, Level, Mapping,
                            Override, OverrideAction, Role, Standard, Value)
from nosframe.model.kinds import KINDS
from nosframe.plugins import load_plugins

FRAMEWORKS = Path(__file__).parents[1] / "frameworks"
EXAMPLES = sorted(p.name for p in FRAMEWORKS.glob("*.toml"))
NORTHSHIRE = FRAMEWORKS / "northshire-police.toml"


@pytest.fixture(scope="module")
def installed():
    """The installed plugins: the examples extend the sector presets (as tests/test_frameworks)."""
    return load_plugins()


def changed_lines(before: str, after: str) -> list[str]:
    """The + and - lines of a unified diff (what `git diff` shows)."""
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(),
                                                  lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def header_comment(text: str) -> str:
    return text[:text.index("[framework]")]


def tables(text: str) -> list[str]:
    """The text of each top-level table with its sub-tables (header to the next one)."""
    starts = [m.start() for m in re.finditer(r"^\[\[?[a-z_]+\]\]?$", text, re.MULTILINE)]
    out = []
    for a, b in zip(starts, starts[1:] + [len(text)]):
        lines = text[a:b].splitlines()
        while lines and (not lines[-1].strip() or lines[-1].startswith("#")):
            lines.pop()  # the comments after a table introduce the next one
        out.append("\n".join(lines))
    return out


def edit(path: Path, plugins, operation) -> tuple[str, str, Session]:
    session = Session.open(path, plugins)
    before = path.read_text()
    assert session.do(operation, check=False).applied
    rendered = session.save()
    after = path.read_text()
    assert rendered.canonical == "", rendered.canonical
    assert load_document(path).framework == session.root  # what was written is what was edited
    return before, after, session


# -- one title: at most 2 lines ---------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLES)
def test_one_title_edit_changes_at_most_two_lines(tmp_path, installed, name):
    path = tmp_path / name
    shutil.copy(FRAMEWORKS / name, path)
    role = load_document(path).framework.roles[0]
    before, after, _ = edit(path, installed, Retitle("role", role.id, role.title + " (acting)"))
    diff = changed_lines(before, after)
    assert len(diff) <= 2, diff
    assert diff == [f'-title = "{role.title}"', f'+title = "{role.title} (acting)"']


@pytest.mark.parametrize("name", EXAMPLES)
def test_one_field_of_the_framework_table(tmp_path, installed, name):
    path = tmp_path / name
    shutil.copy(FRAMEWORKS / name, path)
    before, after, _ = edit(path, installed, SetField("framework", "", "version", "9.9.9"))
    diff = changed_lines(before, after)
    assert len(diff) == 2 and diff[1] == '+version = "9.9.9"', diff


def test_retitle_through_an_existing_override_changes_its_title_line(tmp_path, installed):
    path = tmp_path / "n.toml"
    shutil.copy(NORTHSHIRE, path)
    before, after, _ = edit(path, installed, Retitle("role", "pcso", "PCSO"))
    assert changed_lines(before, after) == [
        '-title = "Police community support officer (neighbourhood)"', '+title = "PCSO"']


# -- add, delete, rename, overrides: the header and untouched elements byte for byte ----------


def kept_except(before: str, after: str, *markers: str) -> None:
    """The header comment is the same, and every table of ``before`` naming none of
    ``markers`` is in ``after`` unchanged."""
    assert header_comment(after) == header_comment(before)
    for table in tables(before):
        if not any(marker in table for marker in markers):
            assert table.rstrip() in after, table


def test_add_goes_after_the_last_of_its_kind(tmp_path, installed):
    path = tmp_path / "n.toml"
    shutil.copy(NORTHSHIRE, path)
    before, after, _ = edit(path, installed,
                            Add("role", new_element("role", "dog-handler", title="Dog handler")))
    assert all(line.startswith("+") for line in changed_lines(before, after))
    kept_except(before, after)
    last_role = after.index('id = "neighbourhood-sergeant"')
    new_role = after.index('id = "dog-handler"')
    mappings = after.index("# --- mappings")
    assert last_role < new_role < mappings


def test_add_of_an_absent_kind_goes_in_document_order(tmp_path, installed):
    path = tmp_path / "n.toml"
    shutil.copy(NORTHSHIRE, path)
    assert not load_document(path).framework.levels
    before, after, _ = edit(path, installed, Add("level", new_element("level", "7", name="Seven")))
    assert all(line.startswith("+") for line in changed_lines(before, after))
    kept_except(before, after)
    # after the [[sources]] (levels come next in a framework file), before the values
    assert after.index("[[sources]]") < after.index("[[levels]]") < after.index("[[values]]")
    assert after.index("[[levels]]") < after.index("# --- value and behaviour")


def test_delete_removes_only_its_table(tmp_path, installed):
    path = tmp_path / "n.toml"
    shutil.copy(NORTHSHIRE, path)
    key = "SFJCJHD14->behaviour:we-take-ownership"
    before, after, _ = edit(path, installed, Delete("mapping", key))
    diff = changed_lines(before, after)
    assert all(line.startswith("-") for line in diff) and len(diff) == 6, diff
    kept_except(before, after, 'criteria = ["NSP-P3"]\nbehaviour = "we-take-ownership"')
    assert after.endswith('note = "Northshire mapping for first-line leaders."\n')


def test_delete_keeps_the_section_comment_after_it(tmp_path, installed):
    path = tmp_path / "n.toml"
    shutil.copy(NORTHSHIRE, path)
    before, after, _ = edit(path, installed, Delete("role", "neighbourhood-sergeant"))
    assert all(line.startswith("-") for line in changed_lines(before, after))
    assert "# --- mappings: which criteria evidence which behaviour or value" in after
    kept_except(before, after, "neighbourhood-sergeant")


def test_rename_changes_only_the_lines_naming_it(tmp_path, installed):
    path = tmp_path / "n.toml"
    shutil.copy(NORTHSHIRE, path)
    old = "we-listen-to-neighbourhoods"
    before, after, _ = edit(path, installed, Rename("behaviour", old, "we-listen"))
    diff = changed_lines(before, after)
    removed = [line for line in diff if line.startswith("-")]
    added = [line for line in diff if line.startswith("+")]
    naming = [line for line in before.splitlines() if old in line and not line.startswith("#")]
    assert len(removed) == len(added) == len(naming) > 1
    assert all(old in line for line in removed)
    assert [line.replace(old, "we-listen") for line in removed] == \
        [line.replace("+", "-", 1) for line in added]
    kept_except(before, after, old)


def test_override_edits_add_one_override_and_keep_the_rest(tmp_path, installed):
    path = tmp_path / "n.toml"
    shutil.copy(NORTHSHIRE, path)
    # police-sergeant is inherited and the file does not override it yet: a new override
    before, after, session = edit(path, installed, AddStandards("police-sergeant", ["SFJ HI1"]))
    diff = changed_lines(before, after)
    assert diff and all(line.startswith("+") for line in diff)
    kept_except(before, after)
    # the new override goes after the last override, before the roles' section comment
    assert after.index('target = "role:contact-handler"') < \
        after.index('"SFJ HI1"') < after.index("# --- roles")
    # police-constable has a set override already: the standards join it, one line changes
    before, after, session = edit(path, installed, AddStandards("police-constable", ["SFJ HI1"]))
    diff = changed_lines(before, after)
    assert len(diff) == 2 and all(line[1:].startswith("fields = {") for line in diff)
    assert after.count('target = "role:police-constable"') == 1
    # and an override removed (reverting an inherited element) removes only its table
    before, after, _ = edit(path, installed, Delete("role", "pcso"))
    kept_except(before, after, 'target = "role:pcso"')


def test_saves_in_a_row_keep_the_file(tmp_path, installed):
    path = tmp_path / "n.toml"
    shutil.copy(NORTHSHIRE, path)
    session = Session.open(path, installed)
    original = path.read_text()
    session.do(Retitle("role", "contact-handler", "Call handler"), check=False)
    session.save()
    session.do(Retitle("role", "contact-handler", "Contact handler"), check=False)
    session.save()
    assert path.read_text() == original


def test_canonical_on_request(tmp_path, installed):
    path = tmp_path / "n.toml"
    shutil.copy(NORTHSHIRE, path)
    session = Session.open(path, installed)
    session.save(canonical=True)
    assert path.read_text() == dumps(session.root)


# -- the safety nets: never a wrong file ------------------------------------------------------


def test_a_table_tomlkit_cannot_patch_is_written_canonically(tmp_path, installed, monkeypatch):
    monkeypatch.setattr(preserve, "_patched_block", lambda *args: None)
    path = tmp_path / "n.toml"
    shutil.copy(NORTHSHIRE, path)
    session = Session.open(path, installed)
    before = path.read_text()
    session.do(Retitle("role", "contact-handler", "Call handler"), check=False)
    rendered = session.save()
    after = path.read_text()
    assert rendered.canonical == "" and rendered.rewritten == ("role contact-handler",)
    assert load_document(path).framework == session.root
    kept_except(before, after, 'id = "contact-handler"')
    assert 'behaviours = { we-are-emotionally-aware = 1' not in after.split(
        'id = "contact-handler"')[1].split("[[roles]]")[0], "that role is canonical now"


def test_text_that_would_load_differently_falls_back_to_canonical(monkeypatch):
    text = NORTHSHIRE.read_text()
    before = loads(text).framework
    after = evolve(before, roles=before.roles[:1])
    monkeypatch.setattr(preserve, "_render_kept", lambda text, b, a: (text, []))  # a wrong text
    rendered = render(text, before, after)
    assert rendered.canonical == "the edited text did not load back as the edited framework"
    assert rendered.text == dumps(after) and rendered.document.framework == after


@pytest.mark.parametrize("text, reason", [
    ('roles = [{ id = "a", title = "A" }]\n[framework]\nid = "x"\n', "keys before the first"),
    ('[framework]\nid = "x"\n\n[[roles]]\nid = "a"\n\n[[values]]\nid = "v"\n\n'
     '[roles.behaviours]\nb = 1\n', "not where nosframe writes it"),
])
def test_layouts_it_does_not_follow_are_written_canonically(text, reason):
    before = loads(text).framework
    after = evolve(before, roles=(evolve(before.roles[0], title="B"),))
    rendered = render(text, before, after)
    assert reason in rendered.canonical
    assert rendered.text == dumps(after)


def test_unchanged_framework_is_the_same_text():
    text = NORTHSHIRE.read_text()
    framework = loads(text).framework
    assert render(text, framework, framework).text == text


def test_crlf_files_stay_crlf():
    text = NORTHSHIRE.read_text().replace("\n", "\r\n")
    before = loads(text).framework
    role = before.roles[0]
    after = evolve(before, roles=(evolve(role, title="T"),) + before.roles[1:],
                   values=before.values + (Value("v2", "V2"),))
    rendered = render(text, before, after)
    assert rendered.canonical == "" and rendered.document.framework == after
    assert "\n" not in rendered.text.replace("\r\n", "")


# -- round trip: load(save(x)) == x, for preserved saves as for canonical ones ---------------

ident = st.text(string.ascii_lowercase + "-", min_size=1, max_size=8).filter(
    lambda s: s.strip("-") == s)
texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"),
                max_size=30)
BASE = loads(NORTHSHIRE.read_text()).framework
OWN = [(k, e) for k in KINDS for e in k.elements(BASE)]


@st.composite
def edits(draw):
    """The Northshire example's framework after a few random edits: titles, a list, deletes,
    new elements, overrides."""
    fw = BASE
    for _ in range(draw(st.integers(1, 4))):
        what = draw(st.sampled_from(["title", "delete", "add", "list", "override", "info"]))
        if what == "info":
            fw = evolve(fw, framework=evolve(fw.framework, description=draw(texts)))
        elif what == "override":
            fw = evolve(fw, overrides=fw.overrides + (Override(
                OverrideAction.RETITLE, f"role:{draw(ident)}", title=draw(texts) or "t"),))
        elif what == "add":
            new = draw(st.sampled_from([
                ("roles", Role(draw(ident) + "-new", draw(texts),
                               standards=tuple(draw(st.lists(ident, max_size=2))))),
                ("levels", Level(draw(st.integers(1, 9)), draw(texts))),
                ("standards", Standard("NEW" + str(draw(st.integers(1, 999))), draw(texts))),
                ("mappings", Mapping("SFJAA1", ("NSP-P1",), behaviour=draw(ident))),
                ("behaviours", Behaviour(draw(ident) + "-b", levels={1: (draw(texts),)})),
            ]))
            attr, element = new
            if element.key not in {e.key for e in getattr(fw, attr)}:
                fw = evolve(fw, **{attr: getattr(fw, attr) + (element,)})
        else:
            kind = draw(st.sampled_from([k for k in KINDS if k.elements(fw)]))
            items = kind.elements(fw)
            i = draw(st.integers(0, len(items) - 1))
            element = items[i]
            if what == "delete":
                changed = items[:i] + items[i + 1:]
            elif what == "title" and kind.title_field:
                changed = items[:i] + (evolve(element, **{kind.title_field: draw(texts)}),) + \
                    items[i + 1:]
            elif what == "list" and kind.name == "role":
                changed = items[:i] + (evolve(element, responsibilities=tuple(
                    draw(st.lists(texts, max_size=3)))),) + items[i + 1:]
            else:
                continue
            fw = evolve(fw, **{kind.attr: changed})
    return fw


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits())
def test_preserved_saves_round_trip(after):
    text = NORTHSHIRE.read_text()
    rendered = render(text, BASE, after)
    assert rendered.canonical == "", rendered.canonical  # the file's layout kept
    assert rendered.rewritten == ()  # every changed table patched, none rewritten
    assert loads(rendered.text).framework == after
    assert header_comment(rendered.text) == header_comment(text)
    # saving it again changes nothing; and back to the original gives the original's model
    again = render(rendered.text, after, after)
    assert again.text == rendered.text
    back = render(rendered.text, after, BASE)
    assert loads(back.text).framework == BASE


@st.composite
def frameworks(draw):
    roles = draw(st.lists(st.builds(Role, id=ident, title=texts, level=texts,
                                    standards=st.lists(ident, max_size=2).map(tuple),
                                    behaviours=st.dictionaries(ident, st.integers(1, 5),
                                                               max_size=2)),
                          max_size=4, unique_by=lambda r: r.id))
    values = draw(st.lists(st.builds(Value, id=ident, name=texts), max_size=3,
                           unique_by=lambda v: v.id))
    overrides = draw(st.lists(st.builds(Override, action=st.sampled_from(OverrideAction),
                                        target=ident.map(lambda i: f"role:{i}"), title=texts,
                                        fields=st.dictionaries(st.sampled_from(["title",
                                                                                "purpose"]),
                                                               texts, max_size=2)),
                              max_size=3))
    criteria = st.lists(st.builds(Criterion, id=st.sampled_from(["P1", "P2", "K1"]), text=texts),
                        max_size=3, unique_by=lambda c: c.id).map(tuple)
    standards = draw(st.lists(st.builds(Standard, code=st.sampled_from(["AB1", "AB2", "CD3"]),
                                        title=texts, performance=criteria),
                              max_size=2, unique_by=lambda s: s.key))
    behaviours = draw(st.lists(st.builds(
        Behaviour, id=ident, name=texts,
        levels=st.dictionaries(st.integers(1, 3), st.lists(texts, max_size=2).map(tuple),
                               max_size=2)), max_size=2, unique_by=lambda b: b.id))
    return Framework(FrameworkInfo(id=draw(ident), title=draw(texts)), values=tuple(values),
                     behaviours=tuple(behaviours), standards=tuple(standards),
                     roles=tuple(roles), overrides=tuple(overrides))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frameworks(), frameworks(), st.booleans())
def test_any_edit_of_any_file_loads_back_as_edited(before, after, comments):
    """Whatever the two frameworks, the text written loads as the edited one (patched where
    the layout allows, canonical where not), like a canonical save."""
    text = dumps(before)
    if comments:
        text = "# a comment\n" + text.replace("\n[[", "\n# about the next one\n[[")
    rendered = render(text, loads(text).framework, after)
    assert loads(rendered.text).framework == after
    assert rendered.canonical == "" and rendered.rewritten == ()
    if comments and rendered.canonical == "":
        assert rendered.text.startswith("# a comment\n")
    assert loads(dumps(after)).framework == after


# -- nosframe fmt: the canonical form for those who want it ----------------------------------


def test_fmt_check_then_write(tmp_path, cli_run):
    path = tmp_path / "mini.toml"
    shutil.copy(Path(__file__).parent / "data" / "mini.toml", path)
    path.write_text("# a comment\n" + path.read_text())
    original = path.read_text()
    result = cli_run("fmt", path, "--check")
    assert result.exit_code == 1
    assert "not in canonical form" in result.stderr and "nosframe fmt" in result.stderr
    assert "and drops its 1 comment (line 1))" in result.stderr  # said before it happens
    assert path.read_text() == original, "--check writes nothing"
    result = cli_run("fmt", path)
    assert result.exit_code == 0 and "canonical form" in result.stderr
    assert "note: dropped its 1 comment (line 1)" in result.stderr  # nothing lost silently
    assert path.read_text() == dumps(loads(original).framework)
    result = cli_run("fmt", path, "--check")
    assert result.exit_code == 0 and "already in canonical form" in result.stderr
    assert "comment" not in cli_run("fmt", path).stderr  # none left to drop


def test_fmt_of_a_broken_file_is_an_error_not_a_traceback(tmp_path, cli_run):
    path = tmp_path / "bad.toml"
    path.write_text("[framework\n")
    result = cli_run("fmt", path)
    assert result.exit_code == 2 and "TOML syntax error" in result.stderr


# -- save() takes only what it can write (issue 9 defect 6) ----------------------------------


def test_save_refuses_a_composed_framework(tmp_path, installed):
    import nosframe

    composed = nosframe.load(NORTHSHIRE, installed)
    out = tmp_path / "out.toml"
    with pytest.raises(TypeError, match="not a Composed framework"):
        nosframe.save(composed, out)
    with pytest.raises(TypeError, match="not Composed.framework.*extends"):
        nosframe.save(composed.framework, out)
    with pytest.raises(TypeError, match=r"save\(document.framework, path\)"):
        nosframe.save(load_document(NORTHSHIRE), out)
    assert not out.exists()
    # the documented one call: the file's own framework, which reloads cleanly
    nosframe.save(nosframe.load_document(NORTHSHIRE).framework, out)
    again = nosframe.load(out, installed)
    assert not [f for f in nosframe.check(again, installed) if f.code == "NF123"]
    assert again.framework == composed.framework


def test_a_file_without_a_final_newline_keeps_it_so():
    text = NORTHSHIRE.read_text().rstrip("\n")
    before = loads(text).framework
    role = before.roles[0]
    after = evolve(before, roles=(evolve(role, title="T"),) + before.roles[1:])
    rendered = render(text, before, after)
    assert len(changed_lines(text, rendered.text)) == 2 and not rendered.text.endswith("\n")


def test_new_criteria_in_a_file_that_had_none_are_patched_not_rewritten():
    """A list of tables added to an element (its first criteria) is written as [[...]] tables
    inside its table: the element is patched, not rewritten canonically."""
    text = ('# keep\n[framework]\nid = "x"\n\n[[standards]]\ncode = "AB1"  # mine\n'
            'title = "T"\n')
    before = loads(text).framework
    standard = evolve(before.standards[0], performance=(Criterion("P1", "do it"),
                                                        Criterion("P2", "and this")))
    after = evolve(before, standards=(standard,))
    rendered = render(text, before, after)
    assert rendered.canonical == "" and rendered.rewritten == ()
    assert 'code = "AB1"  # mine' in rendered.text
    assert loads(rendered.text).framework == after


def test_a_key_added_to_an_inline_table_keeps_the_spacing_of_what_it_held():
    """A standard added to an inherited role's set override adds `standards = [...]` to its
    `fields = { ... }`: the nested `behaviours = { a = 1 }` beside it keeps its spaces (it was
    written `{a = 1}`), so only the new key differs on that line."""
    text = ('[framework]\nid = "x"\n\n[[overrides]]\naction = "set"\ntarget = "role:r"\n'
            'fields = { behaviours = { a = 1, b = 2 }, progresses_to = ["q"] }\n')
    before = loads(text).framework
    override = before.overrides[0]
    fields = {**override.fields, "standards": ["SFJAA1"]}
    after = evolve(before, overrides=(evolve(override, fields=fields),))
    rendered = render(text, before, after)
    assert rendered.canonical == ""
    assert ('fields = { behaviours = { a = 1, b = 2 }, progresses_to = ["q"], '
            'standards = ["SFJAA1"] }') in rendered.text
    assert loads(rendered.text).framework == after
    # a nested table that changes is spaced like the one it replaces
    fields = {**override.fields, "behaviours": {"a": 1, "c": 3}, "standards": ["SFJAA1"]}
    after = evolve(before, overrides=(evolve(override, fields=fields),))
    assert "behaviours = { a = 1, c = 3 }" in render(text, before, after).text
