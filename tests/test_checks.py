"""Each built-in check code is raised by a minimal framework, at the right place."""

from __future__ import annotations

import datetime as dt

import pytest

import nosframe
from nosframe.checks import ENGINE_CODES, run_checks, summary
from nosframe.checks.builtin import CODES
from nosframe.hookspecs import hookimpl
from nosframe.model import Severity
from nosframe.registry import Check

TODAY = dt.date(2026, 11, 23)

BASE = """
[framework]
id = "t"

[[levels]]
number = 1
name = "One"

[[values]]
id = "v"
name = "V"

[[behaviours]]
id = "b"
values = ["v"]
levels = { "1" = ["does b"] }

[[standards]]
code = "S1"
title = "Standard one"
performance = [{ id = "P1" }]
knowledge = [{ id = "K1" }]

[[roles]]
id = "r"
standards = ["S1"]
behaviours = { b = 1 }

[[mappings]]
standard = "S1"
criteria = ["P1"]
behaviour = "b"
"""


def findings_for(write, plugins, text):
    path = write("f.toml", text)
    return run_checks(nosframe.load(path, plugins), plugins, today=TODAY)


def codes(findings):
    return sorted(f.code for f in findings)


def test_clean_base_has_no_findings(write, plugins):
    assert findings_for(write, plugins, BASE) == []


@pytest.mark.parametrize("old, new, code, path", [
    ('standards = ["S1"]', 'standards = ["S1", "S9"]', "NF102", "roles[0].standards[1]"),
    ("behaviours = { b = 1 }", "behaviours = { b = 1, zz = 1 }", "NF103", "roles[0].behaviours.zz"),
    ('behaviours = { b = 1 }', 'behaviours = { b = 1 }\nprogresses_to = ["nobody"]', "NF104",
     "roles[0].progresses_to[0]"),
    ('standard = "S1"', 'standard = "S2"', "NF105", "mappings[0].standard"),
    ('criteria = ["P1"]', 'criteria = ["P1", "P7"]', "NF106", "mappings[0].criteria[1]"),
    ('behaviour = "b"\n', 'behaviour = "bb"\n', "NF107", "mappings[0].behaviour"),
    ('values = ["v"]', 'values = ["v", "w"]', "NF108", "behaviours[0].values[1]"),
    ('criteria = ["P1"]', 'criteria = []', "NF109", "mappings[0]"),
    ("behaviours = { b = 1 }", "behaviours = { b = 2 }", "NF112", "roles[0].behaviours.b"),
    ('levels = { "1" = ["does b"] }', 'levels = { "1" = ["x"], "4" = ["y"] }', "NF113",
     "behaviours[0].levels"),
    ('standards = ["S1"]', "standards = []", "NF114", "roles[0]"),
    ('title = "Standard one"', "title = \"Standard one\"\nindicative_review_date = 2020-01-01",
     "NF115", "standards[0].indicative_review_date"),
    ('title = "Standard one"', 'title = "Standard one"\nvalidity = "legacy"', "NF116",
     "standards[0].validity"),
    ('title = "Standard one"', 'title = "Standard one"\nsuperseded_by = "S2"', "NF117",
     "standards[0].superseded_by"),
])
def test_each_code(write, plugins, old, new, code, path):
    assert old in BASE
    found = findings_for(write, plugins, BASE.replace(old, new, 1))
    mine = [f for f in found if f.code == code]
    assert mine, codes(found)
    assert mine[0].location.path == path
    assert mine[0].location.line is not None and mine[0].location.file.endswith("f.toml")
    assert mine[0].hint


def test_dangling_reference_line_points_at_the_key(write, plugins):
    found = findings_for(write, plugins, BASE.replace('standards = ["S1"]',
                                                      'standards = ["S1", "S9"]'))
    [finding] = [f for f in found if f.code == "NF102"]
    lines = BASE.lstrip().splitlines()
    assert lines[finding.location.line - 1].startswith("standards = ")


def test_did_you_mean_for_dangling_standard(write, plugins):
    found = findings_for(write, plugins, BASE.replace('standards = ["S1"]', 'standards = ["S 1x"]'))
    [f] = [f for f in found if f.code == "NF102"]
    assert "S1" in f.hint


def test_progression_cycle(write, plugins):
    text = BASE + '\n[[roles]]\nid = "q"\nstandards = ["S1"]\nprogresses_to = ["r"]\n'
    text = text.replace("behaviours = { b = 1 }", 'behaviours = { b = 1 }\nprogresses_to = ["q"]')
    found = findings_for(write, plugins, text)
    [cycle] = [f for f in found if f.code == "NF110"]
    assert "r -> q -> r" in cycle.message or "q -> r -> q" in cycle.message


def test_value_nothing_expresses(write, plugins):
    text = BASE.replace('[[behaviours]]', '[[values]]\nid = "lonely"\n\n[[behaviours]]')
    found = findings_for(write, plugins, text)
    assert [f.location.path for f in found if f.code == "NF111"] == ["values[1]"]


def test_coverage_gap_and_its_closing(write, plugins):
    gap = BASE.replace('criteria = ["P1"]\nbehaviour = "b"', 'criteria = ["P1"]\nvalue = "v"')
    found = findings_for(write, plugins, gap)
    assert [f.code for f in found if f.severity is Severity.WARNING] == ["NF118"]
    assert findings_for(write, plugins, BASE) == []


def test_unused_standard_and_behaviour_are_info(write, plugins):
    text = BASE + '\n[[standards]]\ncode = "S2"\n\n[[behaviours]]\nid = "c"\nvalues = ["v"]\n'
    found = findings_for(write, plugins, text)
    info = {(f.code, f.location.path) for f in found if f.severity is Severity.INFO}
    assert info == {("NF130", "standards[1]"), ("NF131", "behaviours[1]")}


def test_ids_the_editor_would_refuse_are_flagged_where_the_file_says_them(write, plugins):
    """A file written by hand or by another tool is held to the editor's rule for ids (one
    rule, nosframe.model.kinds.id_problem): a warning at the id, with the id the editor would
    suggest; a level numbered below 1 likewise. Codes of standards are published: not judged."""
    from nosframe.editing import EditError
    from nosframe.editing.rules import new_element

    text = (BASE.replace('id = "r"\nstandards', 'id = "my role"\nstandards')
            .replace('id = "v"\nname = "V"', 'id = "v!"\nname = "V"')
            .replace('values = ["v"]', 'values = ["v!"]')
            .replace('value = "v"', 'value = "v!"')
            + '\n[[levels]]\nnumber = 0\nname = "None yet"\n'
            + '\n[[standards]]\ncode = "SFJ AA1"\ntitle = "A published code with a space"\n')
    found = findings_for(write, plugins, text)
    flagged = {(f.code, f.location.path, f.location.line) for f in found
               if f.code in ("NF150", "NF151")}
    lines = text.lstrip().splitlines()
    line = {needle: lines.index(needle) + 1
            for needle in ('id = "my role"', 'id = "v!"', "number = 0")}
    assert flagged == {("NF150", "roles[0].id", line['id = "my role"']),
                       ("NF150", "values[0].id", line['id = "v!"']),
                       ("NF151", "levels[1].number", line["number = 0"])}
    role = next(f for f in found if f.code == "NF150" and f.element == ("role", "my role"))
    assert role.severity is Severity.WARNING and "'my-role'" in role.hint
    for kind, key in (("role", "my role"), ("value", "v!"), ("level", "0")):
        with pytest.raises(EditError):  # the editor refuses each of them
            new_element(kind, key)
    assert findings_for(write, plugins, BASE) == []  # good ids: nothing
    from nosframe.model.kinds import suggest_id

    # the suggestion keeps accented letters as their plain letter; the rule says how ids start
    assert suggest_id("value", "Café culture") == "cafe-culture"
    assert suggest_id("value", "Gwasanaeth ŵ") == "gwasanaeth-w"
    assert "starts with a letter or digit" in role.message


def test_a_standard_a_role_lists_twice_is_flagged_at_the_repeat(write, plugins):
    """Codes compare normalised, and a standard both mandatory and optional is a repeat too:
    a warning at each repeating entry (the first stays), with the hint to remove it."""
    text = BASE.replace('id = "r"\nstandards = ["S1"]',
                        'id = "r"\nstandards = ["S1", "S1", "s 1"]\n'
                        'optional_standards = ["S1"]')
    found = [f for f in findings_for(write, plugins, text) if f.code == "NF152"]
    line = text.lstrip().splitlines().index('standards = ["S1", "S1", "s 1"]') + 1
    assert [(f.location.path, f.location.line) for f in found] == [
        ("roles[0].standards[1]", line), ("roles[0].standards[2]", line),
        ("roles[0].optional_standards[0]", line + 1)]
    assert all(f.severity is Severity.WARNING and f.element == ("role", "r") and f.own
               for f in found)
    assert found[0].message == "role 'r' lists standard 'S1' twice (standards[1] repeats " \
                               "standards[0])"
    assert found[0].hint.startswith("remove standards[1] from the role")
    assert "repeats standards[0] 'S1'" in found[1].message
    assert found[2].message == "role 'r' lists standard 'S1' as both mandatory (standards[0]) " \
                               "and optional (optional_standards[0])"
    assert found[2].hint.startswith("remove optional_standards[0] from the role")
    once = BASE.replace('id = "r"\nstandards = ["S1"]',
                        'id = "r"\nstandards = ["S1"]\noptional_standards = ["S2"]')
    assert not [f for f in findings_for(write, plugins, once) if f.code == "NF152"]


def test_a_repeat_a_set_override_writes_is_located_at_the_override(write, plugins):
    path = write("org.toml", """
        [framework]
        id = "org"
        extends = ["test-base"]

        [[overrides]]
        action = "set"
        target = "role:worker"
        fields = { standards = ["TST01", "TST02", "tst 02"] }
    """)
    found = [f for f in run_checks(nosframe.load(path, plugins), plugins, today=TODAY)
             if f.code == "NF152"]
    [repeat] = found
    assert repeat.location.file == str(path) and repeat.own
    assert repeat.location.path == "overrides[0].fields.standards[2]"


def test_one_nos_under_two_codes_in_a_role_is_flagged(write, plugins):
    """A preset's SFJBE1 and the library's SFJCJBE1 carry one title: a role requiring both
    very likely requires one NOS twice. Titles compare without case, spacing or punctuation;
    other roles and distinct titles are left alone."""
    text = BASE + """
[[standards]]
code = "SFJBE1"
title = "Evaluate and process referrals to provide services to victims, survivors and witnesses"

[[standards]]
code = "SFJ CJBE1"
title = "Evaluate and  process referrals to provide services to victims, survivors, and witnesses."

[[roles]]
id = "caseworker"
standards = ["SFJBE1", "S1"]
optional_standards = ["SFJ CJBE1"]

[[roles]]
id = "other"
standards = ["SFJBE1", "S1"]
"""
    found = [f for f in findings_for(write, plugins, text) if f.code == "NF153"]
    assert [(f.element, f.location.path, f.severity) for f in found] == [
        (("role", "caseworker"), "roles[1].optional_standards[0]", Severity.WARNING)]
    assert "requires SFJBE1 (standards[0]) and SFJ CJBE1 (optional_standards[0])" \
        in found[0].message and "one NOS under two codes" in found[0].message
    assert "nosframe library show 'SFJBE1' and 'SFJ CJBE1'" in found[0].hint


def test_review_date_in_future_is_fine(write, plugins):
    text = BASE.replace('title = "Standard one"',
                        'title = "Standard one"\nindicative_review_date = 2027-01-01')
    assert findings_for(write, plugins, text) == []


def test_inherited_element_findings_point_at_the_preset(write, plugins):
    path = write("org.toml", """
        [framework]
        id = "org"
        extends = ["test-base"]

        [[overrides]]
        action = "remove"
        target = "standard:TST01"
    """)
    found = run_checks(nosframe.load(path, plugins), plugins, today=TODAY)
    [dangling] = [f for f in found if f.code == "NF102"]
    assert dangling.location.file.endswith("base.toml")
    assert dangling.location.path == "roles[0].standards[0]"


def test_a_crashing_check_is_reported_and_others_run(write, plugins):
    class Broken:
        @hookimpl
        def nosframe_checks(self, register):
            def run(ctx):
                raise RuntimeError("boom")
                yield  # pragma: no cover

            register(Check("broken", run, {"XX001": "never"}))

    plugins.register(Broken(), "broken-plugin")
    found = findings_for(write, plugins, BASE.replace("behaviours = { b = 1 }",
                                                      "behaviours = { b = 2 }"))
    crash = [f for f in found if f.code == "NF001"]
    assert len(crash) == 1 and "broken-plugin" in crash[0].message and "boom" in crash[0].message
    assert "NF112" in codes(found)


def test_every_code_is_documented():
    from pathlib import Path

    doc = (Path(__file__).parents[1] / "docs" / "checks.md").read_text()
    for code in list(CODES) + list(ENGINE_CODES):
        assert f"`{code}`" in doc, code


def test_summary_counts():
    assert summary([])["total"] == 0


@pytest.mark.parametrize("licence, code", [
    ("Non-Commercial College Licence v1.1", "NF140"),
    ("UK NOS: redistribution terms unconfirmed", "NF140"),
    ("CC BY-NC-ND 4.0", "NF140"),
    ("", "NF141"),
    ("Open Government Licence v3.0", None),
])
def test_verbatim_text_licences(write, plugins, licence, code):
    text = BASE.replace('title = "Standard one"',
                        f'title = "Standard one"\ntext_origin = "verbatim"\nlicence = "{licence}"')
    found = [f.code for f in findings_for(write, plugins, text)]
    assert found == ([code] if code else [])


def test_paraphrase_under_restrictive_licence_is_fine(write, plugins):
    text = BASE.replace('title = "Standard one"', 'title = "Standard one"\n'
                        'text_origin = "paraphrase"\nlicence = "Non-Commercial College Licence"')
    assert findings_for(write, plugins, text) == []


def test_export_repeats_licence_warning(cli_run, write):
    path = write("f.toml", BASE.replace('title = "Standard one"', 'title = "Standard one"\n'
                                        'text_origin = "verbatim"\nlicence = "CC BY-NC-ND 4.0"'))
    result = cli_run("export", path, "--to", "markdown", "-o", "-")
    assert result.exit_code == 0
    assert "licence warning" in result.stderr and "NF140" in result.stderr
