"""The table of kinds and the table of references, and what is built from them: the graph, the
dangling-reference checks, renames (in elements and in ``set`` overrides) and where-used."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from attrs import evolve, frozen

import nosframe
from nosframe.checks import run_checks
from nosframe.compose import compose
from nosframe.compose.composer import recompose
from nosframe.editing import rules
from nosframe.graph import build_graph
from nosframe.io import ComposeError, load_document
from nosframe.model import (
    Behaviour,
    Criterion,
    Framework,
    FrameworkInfo,
    Level,
    Mapping,
    Override,
    OverrideAction,
    Role,
    Standard,
    Value,
)
from nosframe.model import references
from nosframe.model.kinds import ELEMENT_KINDS, KINDS, kind, kind_of
from nosframe.model.references import (
    REFS,
    Ref,
    Shape,
    dangling,
    rename_in_override_fields,
    rename_references,
    where_used,
)


def sample() -> Framework:
    return Framework(
        FrameworkInfo("f"),
        levels=(Level(1, "One"), Level(2, "Two")),
        values=(Value("v", "V"),),
        behaviours=(Behaviour("b", "B", values=("v",), levels={1: ("x",), 2: ("y",)}),
                    Behaviour("c", "C")),
        standards=(Standard("S 1", "One", performance=(Criterion("P1"), Criterion("P2"))),),
        roles=(Role("r", standards=("s1",), optional_standards=("S1",),
                    behaviours={"b": 2, "c": 1}, progresses_to=("q",)),
               Role("q", standards=("S1",), behaviours={"b": 1})),
        mappings=(Mapping("S1", ("P1",), behaviour="b"), Mapping("S 1", ("P2",), value="v")))


# ---------------------------------------------------------------------------------------------
# the table of kinds


def test_kinds_follow_the_framework_in_document_order():
    # [framework], [[overrides]] and the tables about the elements ([[library_lock]] records,
    # [[acknowledged]] findings) are not elements
    tables = [a.name for a in attrs.fields(Framework)
              if a.name not in ("framework", "overrides", "library_lock", "acknowledged")]
    assert [k.attr for k in KINDS] == tables
    assert ELEMENT_KINDS == tuple((k.name, k.attr) for k in KINDS)
    from nosframe.model.elements import ELEMENT_KINDS as old_place

    assert old_place == ELEMENT_KINDS


def test_each_kind_names_real_fields():
    for k in KINDS:
        names = {a.name for a in attrs.fields(k.cls)}
        assert set(k.key_fields) <= names, k.name
        assert k.title_field is None or k.title_field in names, k.name
        assert k.group_field is None or k.group_field in names, k.name
        assert kind_of(k.cls.__new__(k.cls)) is k
    assert kind("mapping").title_field is None and kind("mapping").key_field is None
    assert kind("role").attr == "roles" and kind("role").cls is Role
    assert kind("standard").match("sfj aa1") == "SFJAA1"
    assert kind("level").match(2) == "2" and kind("level").key_value("2") == 2
    with pytest.raises(KeyError, match="kinds: source"):
        kind("framework")


def test_the_editing_and_compose_tables_are_derived():
    from nosframe.compose.composer import ATTR_KIND, KIND_ATTR

    assert rules.KIND_ATTR == KIND_ATTR == dict(ELEMENT_KINDS)
    assert ATTR_KIND == {attr: name for name, attr in ELEMENT_KINDS}
    assert rules.KIND_CLASS["standard"] is Standard
    assert rules.TITLE_FIELD == {"source": "title", "level": "name", "value": "name",
                                 "behaviour": "name", "standard": "title", "role": "title"}
    assert rules.KEY_FIELD["level"] == "number" and "mapping" not in rules.KEY_FIELD


# ---------------------------------------------------------------------------------------------
# the table of references


def test_every_reference_names_a_real_field_and_target():
    for ref in REFS:
        names = {a.name for a in attrs.fields(kind(ref.source).cls)}
        assert ref.field in names, ref
        assert ref.target in references.PARTS or kind(ref.target), ref
        assert not ref.within or ref.within in names, ref


def test_references_of_an_element_with_their_subpaths():
    role = sample().roles[0]
    found = [(r.ref.target, r.subpath, r.key) for r in references.references_of("role", role)]
    assert found == [("standard", "standards[0]", "S1"),
                     ("standard", "optional_standards[0]", "S1"),
                     ("behaviour", "behaviours.b", "b"), ("behaviour", "behaviours.c", "c"),
                     ("level", "behaviours.b", "2"), ("level", "behaviours.c", "1"),
                     ("role", "progresses_to[0]", "q")]


def test_where_used_lists_mappings_of_a_standard_and_users_of_levels():
    fw = sample()
    used = [(u.element, u.text, u.subpath) for u in where_used(fw, "standard", "s 1")]
    assert used == [
        (("mapping", "S1->behaviour:b"), "maps its criteria", "standard"),
        (("mapping", "S1->value:v"), "maps its criteria", "standard"),
        (("role", "q"), "requires it", "standards[0]"),
        (("role", "r"), "requires it (optional)", "optional_standards[0]"),
        (("role", "r"), "requires it", "standards[0]")]
    assert [(u.element, u.text) for u in where_used(fw, "level", "2")] == [
        (("behaviour", "b"), "has indicators at this level"),
        (("role", "r"), "needs b at this level")]
    assert [(u.element, u.text) for u in where_used(fw, "behaviour", "b")] == [
        (("mapping", "S1->behaviour:b"), "S1 criteria evidence it"),
        (("role", "q"), "needs it at level 1"), (("role", "r"), "needs it at level 2")]
    assert [u.element for u in where_used(fw, "value", "v")] == [
        ("behaviour", "b"), ("mapping", "S1->value:v")]
    assert where_used(fw, "role", "r") == []


def test_dangling_references_of_every_shape():
    fw = sample()
    fw = evolve(fw, roles=(evolve(fw.roles[0], behaviours={"b": 3, "zz": 1}),),
                mappings=(Mapping("S1", ("P1", "P9"), behaviour="b"),
                          Mapping("S2", ("P1",), value="w")),
                behaviours=(evolve(fw.behaviours[0], levels={1: (), 7: (), 5: ()}),))
    found = sorted((d.code, d.kind, d.subpath, d.message) for d in dangling(fw))
    assert found == [
        ("NF103", "role", "behaviours.zz", "role 'r' requires unknown behaviour 'zz'"),
        ("NF104", "role", "progresses_to[0]", "role 'r' progresses to unknown role 'q'"),
        ("NF105", "mapping", "standard", "mapping names unknown standard 'S2'"),
        ("NF106", "mapping", "criteria[1]", "S 1 has no criterion 'P9'"),
        ("NF107", "mapping", "value", "mapping names unknown value 'w'"),
        ("NF112", "role", "behaviours.b",
         "role 'r' requires 'b' at level 3, which the scale does not have"),
        ("NF113", "behaviour", "levels",
         "behaviour 'b' has indicators for level(s) [5, 7] not in the scale")]


def test_rename_references_in_elements_and_in_override_fields():
    fw = rename_references(sample(), "standard", "S1", "S 9")
    assert fw.roles[0].standards == ("S 9",) and fw.roles[1].standards == ("S 9",)
    assert [m.standard for m in fw.mappings] == ["S 9", "S 9"]
    assert fw.standards[0].code == "S 1"  # the element itself is the caller's to rename
    fw = rename_references(sample(), "level", "2", "4")
    assert fw.roles[0].behaviours == {"b": 4, "c": 1}
    assert list(fw.behaviours[0].levels) == [1, 4]  # kept in scale order
    fw = rename_references(sample(), "level", "1", "3")
    assert list(fw.behaviours[0].levels) == [2, 3]
    fields = {"behaviours": {"b": 2, "c": 1}, "standards": ["x", "s1"], "purpose": "s1"}
    assert rename_in_override_fields("role", fields, "level", "2", "6") == {
        "behaviours": {"b": 6, "c": 1}, "standards": ["x", "s1"], "purpose": "s1"}
    assert rename_in_override_fields("role", fields, "standard", "S1", "S2")["standards"] == [
        "x", "S2"]
    levels = {"levels": {"2": ["x"], "1": ["y"]}, "values": "not a list"}
    assert rename_in_override_fields("behaviour", levels, "level", "2", "0") == {
        "levels": {"0": ["x"], "1": ["y"]}, "values": "not a list"}


def test_the_graph_keeps_its_contract():
    graph = build_graph(sample())
    assert graph.edges[("role", "r"), ("standard", "S1")] == {"rel": "requires",
                                                              "optional": False}
    assert graph.edges[("role", "r"), ("behaviour", "b")] == {"rel": "needs", "level": 2}
    assert graph.edges[("role", "r"), ("role", "q")] == {"rel": "progresses_to"}
    assert graph.edges[("behaviour", "b"), ("value", "v")] == {"rel": "expresses"}
    assert graph.edges[("standard", "S1"), ("behaviour", "b")] == {"rel": "evidences",
                                                                   "criteria": ("P1",)}
    assert graph.nodes[("level", "1")]["defined"] is True
    fw = evolve(sample(), mappings=sample().mappings + (Mapping("S1", ("P2",), behaviour="b"),
                                                        Mapping("X1", ("P1",))))
    graph = build_graph(fw)
    assert graph.edges[("standard", "S1"), ("behaviour", "b")]["criteria"] == ("P1", "P2")
    assert graph.nodes[("standard", "X1")]["defined"] is False  # named by a mapping


# ---------------------------------------------------------------------------------------------
# a made-up reference field: one row in the table, and everything follows


@frozen
class MentoredRole(Role):
    """A role with a field nosframe does not have (for this test only)."""

    mentors: tuple[str, ...] = ()


MENTORS = Ref("role", "mentors", "role", Shape.MANY, rel="mentors", used="mentors it",
              code="NF104", message="role {key!r} mentors unknown role {ref!r}")


def test_a_new_reference_field_is_one_row_in_the_table(monkeypatch, plugins):
    monkeypatch.setattr(references, "REFS", REFS + (MENTORS,))
    fw = Framework(FrameworkInfo("f"), roles=(
        MentoredRole("lead", standards=("S1",), mentors=("novice", "ghost")),
        MentoredRole("novice", standards=("S1",))),
        standards=(Standard("S1"),),
        overrides=(Override(OverrideAction.SET, "role:inherited",
                            fields={"mentors": ["novice", "other"]}),))
    # the graph
    assert build_graph(fw).edges[("role", "lead"), ("role", "novice")] == {"rel": "mentors"}
    # the dangling check, through the registered built-in check
    composed = compose(evolve(fw, overrides=()), plugins)
    found = [f for f in run_checks(composed, plugins, today=dt.date(2026, 1, 1))
             if f.code == "NF104"]
    assert [(f.message, f.location.path, f.hint) for f in found] == [
        ("role 'lead' mentors unknown role 'ghost'", "roles[0].mentors[1]",
         "define the role, or fix the reference")]
    # where-used
    assert [(u.element, u.text, u.subpath) for u in where_used(fw, "role", "novice")] == [
        (("role", "lead"), "mentors it", "mentors[0]")]
    # a rename, in the file's elements and in its set overrides
    renamed = rules.rename(fw, "role", "novice", "apprentice")
    assert renamed.roles[0].mentors == ("apprentice", "ghost")
    assert renamed.overrides[0].fields == {"mentors": ["apprentice", "other"]}
    assert [u.element for u in where_used(renamed, "role", "apprentice")] == [("role", "lead")]


# ---------------------------------------------------------------------------------------------
# a retitle override on a kind without a title


RETITLE_MAPPING = """
[framework]
id = "t"
extends = ["test-base"]

[[overrides]]
action = "retitle"
target = "mapping:TST01->behaviour:listens"
title = "Listening"
"""


def test_retitling_a_mapping_is_a_clear_error(write, plugins):
    path = write("f.toml", RETITLE_MAPPING)
    with pytest.raises(ComposeError) as caught:
        nosframe.load(path, plugins)
    error = caught.value
    assert error.location.path == "overrides[0]" and error.location.line == 5
    assert error.location.file.endswith("f.toml")
    assert "mapping has no title" in error.message
    assert 'action = "set"' in error.hint and "note" in error.hint and "remove" in error.hint


def test_retitling_a_mapping_exits_2_from_check(cli_run, write):
    path = write("f.toml", RETITLE_MAPPING)
    result = cli_run("check", path)
    assert result.exit_code == 2
    assert "Traceback" not in result.output and "TypeError" not in result.output
    assert "f.toml:5: overrides[0]" in result.stderr
    assert "has no title" in result.stderr and "hint:" in result.stderr
    assert result.stdout == ""


def test_editing_a_mapping_note_never_writes_a_retitle(write, plugins):
    path = write("f.toml", RETITLE_MAPPING.split("[[overrides]]")[0])
    key = "TST01->behaviour:listens"
    fw = rules.override_fields(load_document(path).framework, "mapping", key,
                               {"note": "heard"})
    assert [(o.action, o.fields) for o in fw.overrides] == [(OverrideAction.SET,
                                                             {"note": "heard"})]
    composed = compose(load_document(path), plugins)
    composed = recompose(composed, fw, plugins)
    assert composed.provenance_of("mapping", key).overridden
    assert [m.note for m in composed.framework.mappings if m.key == key] == ["heard"]


def test_did_you_mean_names_a_standard_by_its_code_as_published():
    fw = Framework(FrameworkInfo("f"), standards=(Standard("SFJ GD9", "Administer First Aid"),),
                   roles=(Role("r", standards=("SFJ GD8",)),))
    [found] = [d for d in dangling(fw) if d.code == "NF102"]
    assert found.hint == "did you mean 'SFJ GD9'?"
