"""nosframe migrate: a framework moved from one preset to the edition replacing it.

The CVF 2016 -> 2024 expectations are checked by hand against the policing plugin's
correspondence (plugins/nosframe-policing/src/nosframe_policing/data/cvf-2016-to-2024.toml):
integrity -> courage, transparency -> courage, impartiality -> respect-and-empathy or courage
(two: a person decides), we-are-collaborative -> we-collaborate, we-deliver-support-and-inspire
-> we-support-and-inspire, levels 1-3 unchanged. The framework below is fictional.
"""

from __future__ import annotations

import json
import textwrap

import nosframe_community_justice
import nosframe_policing
import pytest

import nosframe
from nosframe.editing import Session
from nosframe.editing.migrate import MigrateError, apply_migration, plan_migration
from nosframe.hookspecs import hookimpl
from nosframe.plugins import load_plugins
from nosframe.registry import Correspondence, Preset

FORCE = '''\
# Testshire Police: a fictional force still on the 2016 CVF
[framework]
id = "testshire"
title = "Testshire Police framework"
organisation = "Testshire Police (fictional)"
version = "1.0.0"
extends = ["policing-cvf-2016"]

[[behaviours]]
id = "we-listen"
name = "We listen to neighbourhoods"
values = ["integrity", "impartiality"]

[[roles]]
id = "neighbourhood-officer"
title = "Neighbourhood officer"  # the force's own role
standards = ["SFJAA1", "CD1"]
behaviours = { we-are-collaborative = 1, we-deliver-support-and-inspire = 1, we-take-ownership = 1, we-listen = 1 }

[[mappings]]
standard = "CD1"
criteria = ["CD1.1-P1"]
behaviour = "we-are-collaborative"

[[mappings]]
standard = "CD1"
criteria = ["CD1.1-P2"]
value = "transparency"

[[mappings]]
standard = "CD1"
criteria = ["CD1.1-P3"]
value = "impartiality"

[[overrides]]
action = "retitle"
target = "behaviour:we-deliver-support-and-inspire"
title = "We deliver, support and inspire (Testshire)"

[[overrides]]
action = "set"
target = "role:pcso"
fields = { behaviours = { we-are-collaborative = 2 } }
'''


def policing_plugins(*extra):
    return load_plugins(entry_points=False, extra=[
        ("community-justice", nosframe_community_justice), ("policing", nosframe_policing),
        *extra])


@pytest.fixture
def force(tmp_path):
    path = tmp_path / "testshire.toml"
    path.write_text(FORCE, encoding="utf-8")
    return path


def test_the_policing_plugin_registers_its_correspondence():
    plugins = policing_plugins()
    found = plugins.correspondences()["policing-cvf-2016->policing"]
    assert plugins.failures == []
    assert found.plugin == "policing"
    rows = {row["from"]: tuple(row["to"]) for row in nosframe_policing.correspondence()}
    assert found.mapping == rows
    assert found.mapping["behaviour:we-are-collaborative"] == ("behaviour:we-collaborate",)
    assert found.mapping["value:impartiality"] == ("value:respect-and-empathy", "value:courage")


def test_preview_lists_the_mechanical_changes_and_the_decisions(force):
    session = Session.open(force, policing_plugins())
    plan = plan_migration(session, "policing-cvf-2016", "policing")
    assert not session.dirty and session.history.past == []  # rehearsed, then dropped
    assert [s.text for s in plan.steps] == [
        "extends: policing-cvf-2016 -> policing",
        "value integrity -> courage",
        "value transparency -> courage",
        "behaviour we-are-collaborative -> we-collaborate",
        "behaviour we-deliver-support-and-inspire -> we-support-and-inspire",
    ]
    steps = {s.text: s for s in plan.steps}
    assert steps["behaviour we-are-collaborative -> we-collaborate"].uses == (
        "role neighbourhood-officer: needs it at level 1",
        "mapping CD1->behaviour:we-are-collaborative: CD1 criteria evidence it",
        "override (set) of role:pcso: behaviours")
    assert "override (retitle) of behaviour:we-deliver-support-and-inspire" in \
        steps["behaviour we-deliver-support-and-inspire -> we-support-and-inspire"].uses
    assert steps["behaviour we-are-collaborative -> we-collaborate"].note == "Renamed."
    # impartiality corresponds to two 2024 values: left to a person, with both
    assert [d.element for d in plan.decisions] == ["value:impartiality"]
    decision = plan.decisions[0]
    assert decision.options == ("value:respect-and-empathy", "value:courage")
    assert decision.uses == ("behaviour we-listen: expresses it",
                             "mapping CD1->value:impartiality: CD1 criteria evidence it")
    assert plan.problems == ()
    text = "\n".join(plan.lines())
    assert "left to a person:" in text and "choose: value:respect-and-empathy" in text
    assert plan.summary() == "5 changes to apply, 1 decision left to a person"


def test_apply_makes_the_changes_through_the_engine_and_keeps_the_layout(force):
    session = Session.open(force, policing_plugins())
    plan = plan_migration(session, "policing-cvf-2016", "policing")
    results = apply_migration(session, plan)
    assert all(r.applied for r in results) and len(session.history.past) == 5
    text = session.save().text
    assert "# Testshire Police: a fictional force still on the 2016 CVF" in text
    assert 'title = "Neighbourhood officer"  # the force\'s own role' in text
    root = nosframe.load_document(force).framework
    assert root.framework.extends == ("policing",)
    role = root.roles[0]
    assert role.behaviours == {"we-collaborate": 1, "we-support-and-inspire": 1,
                               "we-take-ownership": 1, "we-listen": 1}
    assert root.behaviours[0].values == ("courage", "impartiality")  # impartiality: decide
    assert {m.key: m.criteria for m in root.mappings} == {
        "CD1->behaviour:we-collaborate": ("CD1.1-P1",),
        "CD1->value:courage": ("CD1.1-P2",),
        "CD1->value:impartiality": ("CD1.1-P3",)}
    assert [(o.action.value, o.target) for o in root.overrides] == [
        ("retitle", "behaviour:we-support-and-inspire"), ("set", "role:pcso")]
    assert root.overrides[1].fields == {"behaviours": {"we-collaborate": 2}}
    composed = nosframe.load(force, policing_plugins())
    assert composed.framework.roles[[r.id for r in composed.framework.roles].index("pcso")
                                    ].behaviours["we-collaborate"] == 2
    open_errors = sorted(f.code for f in nosframe.check(composed, policing_plugins())
                         if f.open and f.severity.value == "error")
    assert open_errors == ["NF107", "NF108"]  # only impartiality, the decision left
    assert session.undo() is not None  # each step undoes on its own


def test_two_old_values_becoming_one_merge_their_mappings(tmp_path):
    path = tmp_path / "two.toml"
    path.write_text(textwrap.dedent('''\
        [framework]
        id = "two"
        extends = ["policing-cvf-2016"]

        [[mappings]]
        standard = "CD1"
        criteria = ["CD1.1-P1"]
        value = "integrity"

        [[mappings]]
        standard = "CD1"
        criteria = ["CD1.1-P2"]
        value = "transparency"
        '''), encoding="utf-8")
    session = Session.open(path, policing_plugins())
    apply_migration(session, plan_migration(session, "policing-cvf-2016", "policing"))
    assert [(m.key, m.criteria) for m in session.root.mappings] == [
        ("CD1->value:courage", ("CD1.1-P1", "CD1.1-P2"))]


@pytest.mark.parametrize("old, new, message, hint", [
    ("policing", "policing-cvf-2016", "--from policing: the file does not extend it",
     "it extends policing-cvf-2016"),
    ("policing-cvf-2016", "policing-cvf-2024", "--to policing-cvf-2024: no such preset",
     "a correspondence from policing-cvf-2016 goes to --to policing"),
    ("policing-cvf-2016", "policing-cvf-2016", "--from and --to are both", ""),
])
def test_arguments_that_do_not_fit_the_file(force, old, new, message, hint):
    session = Session.open(force, policing_plugins())
    with pytest.raises(MigrateError) as error:
        plan_migration(session, old, new)
    assert message in error.value.message and hint in error.value.hint
    assert error.value.location.file == str(force)


# -- a plugin's own correspondence, and a preset whose NOS were refreshed ----------------------
# Test presets with made-up codes (TST ...): not real NOS data.

OLD = '''\
[framework]
id = "sector-old"
title = "Sector (old edition)"

[[levels]]
number = 1
name = "One"

[[behaviours]]
id = "leads"
name = "Leads"

[[behaviours]]
id = "innovates"
name = "Innovates"

[[standards]]
code = "TST 10"
title = "Old standard"
performance = [{ id = "P1", text = "do" }, { id = "P2", text = "do more" }]
'''

NEW = '''\
[framework]
id = "sector-new"
title = "Sector (new edition)"

[[levels]]
number = 1
name = "One"

[[behaviours]]
id = "leads-others"
name = "Leads others"

[[standards]]
code = "TST 10"
title = "Old standard"
validity = "legacy"
superseded_by = "TST 20"
performance = [{ id = "P1", text = "do" }, { id = "P2", text = "do more" }]

[[standards]]
code = "TST 20"
title = "New standard"
performance = [{ id = "P1", text = "do" }]
'''

ORG = '''\
[framework]
id = "org"
extends = ["sector-old"]

[[roles]]
id = "worker"
title = "Worker"
standards = ["TST10"]
behaviours = { leads = 1, innovates = 1 }

[[mappings]]
standard = "TST 10"
criteria = ["P1", "P2"]
behaviour = "leads"
'''


class Sector:
    def __init__(self, folder):
        (folder / "old.toml").write_text(OLD, encoding="utf-8")
        (folder / "new.toml").write_text(NEW, encoding="utf-8")
        self.folder = folder

    @hookimpl
    def nosframe_presets(self, register):
        register(Preset("sector-old", "Old", self.folder / "old.toml"))
        register(Preset("sector-new", "New", self.folder / "new.toml"))

    @hookimpl
    def nosframe_correspondences(self, register):
        register(Correspondence("sector-old", "sector-new",
                                {"behaviour:leads": ["behaviour:leads-others"],
                                 "behaviour:innovates": []},
                                notes={"behaviour:innovates": "dropped in the new edition"}))


def test_a_plugins_correspondence_and_superseded_standards(tmp_path):
    plugins = load_plugins(entry_points=False, extra=[("sector", Sector(tmp_path))])
    assert plugins.failures == []
    org = tmp_path / "org.toml"
    org.write_text(ORG, encoding="utf-8")
    session = Session.open(org, plugins)
    plan = plan_migration(session, "sector-old", "sector-new")
    assert [s.text for s in plan.steps] == [
        "extends: sector-old -> sector-new", "behaviour leads -> leads-others",
        "standard TST 10 -> TST 20 (superseded_by)"]
    decisions = {d.element: d for d in plan.decisions}
    assert decisions["behaviour:innovates"].text.startswith("has no counterpart in sector-new")
    assert decisions["behaviour:innovates"].note == "dropped in the new edition"
    assert decisions["behaviour:innovates"].uses == ("role worker: needs it at level 1",)
    # the mapping's P2 is not a criterion of TST 20: a mapping to a removed criterion
    removed = [d for d in plan.decisions if d.text.startswith("NF106")]
    assert len(removed) == 1 and "'P2'" in removed[0].text
    apply_migration(session, plan)
    assert session.root.roles[0].standards == ("TST 20",)
    assert session.root.roles[0].behaviours == {"leads-others": 1, "innovates": 1}
    assert session.root.mappings[0].key == "TST20->behaviour:leads-others"


def test_an_override_of_an_element_that_is_gone(tmp_path):
    plugins = load_plugins(entry_points=False, extra=[("sector", Sector(tmp_path))])
    org = tmp_path / "org.toml"
    org.write_text('[framework]\nid = "org"\nextends = ["sector-old"]\n\n[[overrides]]\n'
                   'action = "retitle"\ntarget = "behaviour:innovates"\ntitle = "Invents"\n',
                   encoding="utf-8")
    plan = plan_migration(Session.open(org, plugins), "sector-old", "sector-new")
    assert [(d.element, d.uses) for d in plan.decisions] == [
        ("behaviour:innovates", ("override (retitle) of behaviour:innovates",))]


# -- the command line ------------------------------------------------------------------------


@pytest.fixture
def run_policing(cli_run, monkeypatch):
    import nosframe.plugins as plugins_module

    real = plugins_module.load_plugins

    def with_policing(**kwargs):
        kwargs["extra"] = [("community-justice", nosframe_community_justice),
                           ("policing", nosframe_policing), *kwargs.get("extra", ())]
        return real(**kwargs)

    monkeypatch.setattr(plugins_module, "load_plugins", with_policing)
    return cli_run


def test_cli_preview_without_yes_writes_nothing(run_policing, force):
    result = run_policing("migrate", force, "--from", "policing-cvf-2016", "--to", "policing")
    assert result.exit_code == 1
    assert "behaviour we-are-collaborative -> we-collaborate" in result.stdout
    assert "value:impartiality: corresponds to 2 elements of policing" in result.stdout
    assert "not applied: nothing written" in result.stderr
    assert force.read_text(encoding="utf-8") == FORCE


def test_cli_yes_json_applies(run_policing, force):
    result = run_policing("migrate", force, "--from", "policing-cvf-2016", "--to", "policing",
                          "--yes", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["applied"] is True and len(data["changes"]) == 5
    assert [d["element"] for d in data["decisions"]] == ["value:impartiality"]
    assert 'extends = ["policing"]' in force.read_text(encoding="utf-8")


@pytest.mark.parametrize("args, message", [
    (("--from", "policing-cvf-2016", "--to", "nope"), "--to nope: no such preset"),
    (("--from", "policing", "--to", "policing-cvf-2016"), "the file does not extend it"),
])
def test_cli_bad_arguments_exit_2_with_one_message(run_policing, force, args, message):
    result = run_policing("migrate", force, *args)
    assert result.exit_code == 2
    assert result.stderr.count("error:") == 1 and message in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_missing_file(run_policing, tmp_path):
    result = run_policing("migrate", tmp_path / "none.toml", "--from", "a", "--to", "b")
    assert result.exit_code == 2 and "not found" in result.stderr


def test_levels_move_with_the_correspondence(tmp_path):
    """A correspondence moving a level: roles' required levels, behaviours' indicators and
    overrides follow (test presets, made-up content)."""
    old = tmp_path / "old.toml"
    new = tmp_path / "new.toml"
    old.write_text('[framework]\nid = "old"\n\n[[levels]]\nnumber = 1\n\n[[levels]]\n'
                   'number = 2\n\n[[behaviours]]\nid = "b"\n\n[[roles]]\nid = "lead"\n'
                   'behaviours = { b = 2 }\n', encoding="utf-8")
    new.write_text('[framework]\nid = "new"\n\n[[levels]]\nnumber = 1\n\n[[levels]]\n'
                   'number = 3\n\n[[behaviours]]\nid = "b"\n\n[[roles]]\nid = "lead"\n'
                   'behaviours = { b = 3 }\n', encoding="utf-8")

    class Levels:
        @hookimpl
        def nosframe_presets(self, register):
            register(Preset("old", "Old", old))
            register(Preset("new", "New", new))

        @hookimpl
        def nosframe_correspondences(self, register):
            register(Correspondence("old", "new", {"level:2": ["level:3"]}))

    org = tmp_path / "org.toml"
    org.write_text('[framework]\nid = "org"\nextends = ["old"]\n\n[[behaviours]]\nid = "own"\n'
                   'levels = { "1" = ["starts"], "2" = ["leads"] }\n\n[[roles]]\nid = "mine"\n'
                   'behaviours = { own = 2, b = 1 }\n\n[[overrides]]\naction = "set"\n'
                   'target = "role:lead"\nfields = { behaviours = { b = 2 } }\n',
                   encoding="utf-8")
    session = Session.open(org, load_plugins(entry_points=False, extra=[("lv", Levels())]))
    plan = plan_migration(session, "old", "new")
    assert [s.text for s in plan.steps] == ["extends: old -> new", "level 2 -> 3"]
    apply_migration(session, plan)
    root = session.root
    assert root.roles[0].behaviours == {"own": 3, "b": 1}
    assert root.behaviours[0].levels == {1: ("starts",), 3: ("leads",)}
    assert root.overrides[0].fields == {"behaviours": {"b": 3}}


def test_nosframe_plugins_lists_the_correspondences(run_policing):
    listed = json.loads(run_policing("plugins", "--json").stdout)["correspondences"]
    assert {(c["from"], c["to"], c["plugin"]) for c in listed} == {
        ("policing-cvf-2016", "policing", "policing")}
    text = run_policing("plugins").stdout
    assert "policing-cvf-2016 -> policing" in text


def test_an_override_of_an_old_value_that_merges_into_a_new_one_is_left_to_a_person(tmp_path):
    """integrity and transparency both become courage: removing transparency must not remove
    courage, so the override stays and is a decision."""
    path = tmp_path / "drop.toml"
    path.write_text(textwrap.dedent('''\
        [framework]
        id = "drop"
        extends = ["policing-cvf-2016"]

        [[mappings]]
        standard = "CD1"
        criteria = ["CD1.1-P2"]
        value = "transparency"

        [[overrides]]
        action = "retitle"
        target = "value:transparency"
        title = "Openness"
        '''), encoding="utf-8")
    session = Session.open(path, policing_plugins())
    plan = plan_migration(session, "policing-cvf-2016", "policing")
    steps = {s.text: s for s in plan.steps}
    assert steps["value transparency -> courage"].uses == (
        "mapping CD1->value:transparency: CD1 criteria evidence it",)
    decision = next(d for d in plan.decisions if d.element == "value:transparency")
    assert decision.options == ("value:courage",)
    assert decision.uses == ("override (retitle) of value:transparency",)
    apply_migration(session, plan)
    assert [o.target for o in session.root.overrides] == ["value:transparency"]
    assert session.root.mappings[0].value == "courage"
