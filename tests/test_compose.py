"""Composition: extends (presets and files), overrides, provenance, redefinitions."""

from __future__ import annotations

import pytest

import nosframe
from nosframe.compose import compose, recompose
from nosframe.io import ComposeError, load_document
from nosframe.model import Framework, FrameworkInfo, Role


def test_extends_preset_chain_and_provenance(plugins, write):
    path = write("org.toml", """
        [framework]
        id = "org"
        extends = ["test-child"]

        [[roles]]
        id = "boss"
        title = "Boss"
        standards = ["TST02"]
    """)
    composed = nosframe.load(path, plugins)
    fw = composed.framework
    assert [r.id for r in fw.roles] == ["worker", "lead", "boss"]
    assert [layer.origin.name for layer in composed.layers][:2] == ["test-base", "test-child"]
    base = composed.provenance_of("role", "worker")
    assert base.origin.kind == "preset" and base.origin.name == "test-base"
    assert base.origin.plugin == "test-presets"
    assert base.location.path == "roles[0]" and base.location.line is not None
    own = composed.provenance_of("role", "boss")
    assert own.origin.kind == "file" and own.location.line == 5
    assert own.location.file == str(path)
    assert not own.inherited and base.inherited


def test_diamond_applies_a_preset_once(plugins, write):
    path = write("org.toml", '[framework]\nid = "org"\nextends = ["test-base", "test-child"]\n')
    composed = nosframe.load(path, plugins)
    names = [layer.origin.name for layer in composed.layers]
    assert names.count("test-base") == 1
    assert composed.problems == ()


def test_extends_relative_file(plugins, write):
    write("shared/common.toml", """
        [framework]
        id = "common"

        [[values]]
        id = "honesty"
        name = "Honesty"
    """)
    path = write("org.toml", '[framework]\nid = "org"\nextends = ["shared/common.toml"]\n')
    composed = nosframe.load(path, plugins)
    assert [v.id for v in composed.framework.values] == ["honesty"]
    assert composed.provenance_of("value", "honesty").origin.kind == "file"


@pytest.mark.parametrize("action, extra, check", [
    ("remove", "", lambda fw: "worker" not in [r.id for r in fw.roles]),
    ("retitle", 'title = "Team member"',
     lambda fw: fw.roles[0].title == "Team member"),
    ("set", 'fields = { purpose = "Does the work", standards = ["TST02"] }',
     lambda fw: fw.roles[0].purpose == "Does the work" and fw.roles[0].standards == ("TST02",)),
])
def test_overrides(plugins, write, action, extra, check):
    path = write("org.toml", f"""
        [framework]
        id = "org"
        extends = ["test-base"]

        [[overrides]]
        action = "{action}"
        target = "role:worker"
        {extra}
    """)
    composed = nosframe.load(path, plugins)
    assert composed.problems == ()
    assert check(composed.framework)
    if action != "remove":
        prov = composed.provenance_of("role", "worker")
        assert prov.overridden and prov.origin.name == "test-base"
        what, where = prov.overrides[0]
        assert where.file == str(path) and where.line == 5


def test_replace_override(plugins, write):
    path = write("org.toml", """
        [framework]
        id = "org"
        extends = ["test-base"]

        [[roles]]
        id = "worker"
        title = "Our worker"
        standards = ["TST02"]

        [[overrides]]
        action = "replace"
        target = "role:worker"
    """)
    composed = nosframe.load(path, plugins)
    assert composed.problems == ()
    worker = composed.framework.roles[0]
    assert worker.title == "Our worker" and worker.standards == ("TST02",)
    prov = composed.provenance_of("role", "worker")
    assert prov.origin.kind == "file" and prov.overridden


def test_override_standard_by_any_spelling(plugins, write):
    path = write("org.toml", """
        [framework]
        id = "org"
        extends = ["test-base"]

        [[overrides]]
        action = "retitle"
        target = "standard:tst01"
        title = "Renamed"
    """)
    composed = nosframe.load(path, plugins)
    assert composed.standard("TST 01").title == "Renamed"


def test_redefinition_without_override_is_reported(plugins, write):
    path = write("org.toml", """
        [framework]
        id = "org"
        extends = ["test-base"]

        [[roles]]
        id = "worker"
        title = "Clash"
    """)
    composed = nosframe.load(path, plugins)
    [problem] = composed.problems
    assert problem.code == "NF123" and problem.location.line == 5
    assert 'action = "replace"' in problem.hint
    assert composed.framework.roles[0].title == "Clash"  # kept and reported, not dropped


def test_override_of_unknown_target_has_did_you_mean(plugins, write):
    path = write("org.toml", """
        [framework]
        id = "org"
        extends = ["test-base"]

        [[overrides]]
        action = "remove"
        target = "role:wroker"
    """)
    [problem] = nosframe.load(path, plugins).problems
    assert problem.code == "NF121" and "role:worker" in problem.hint


def test_override_with_bad_field_value(plugins, write):
    path = write("org.toml", """
        [framework]
        id = "org"
        extends = ["test-base"]

        [[overrides]]
        action = "set"
        target = "role:worker"
        fields = { purpose = 3 }
    """)
    [problem] = nosframe.load(path, plugins).problems
    assert problem.code == "NF122" and "expected a string" in problem.message


def test_override_with_malformed_target(plugins, write):
    path = write("org.toml", """
        [framework]
        id = "org"
        [[overrides]]
        action = "remove"
        target = "worker"
    """)
    [problem] = nosframe.load(path, plugins).problems
    assert problem.code == "NF120"


def test_mappings_from_layers_merge(plugins, write):
    path = write("org.toml", """
        [framework]
        id = "org"
        extends = ["test-base"]

        [[mappings]]
        standard = "TST 01"
        criteria = ["K1"]
        behaviour = "listens"
    """)
    composed = nosframe.load(path, plugins)
    [mapping] = composed.framework.mappings
    assert mapping.criteria == ("P1", "K1")


def test_compose_in_memory_framework(plugins, tmp_path):
    fw = Framework(FrameworkInfo(id="mem", extends=("test-base",)),
                   roles=(Role(id="new", standards=("TST02",)),))
    composed = compose(fw, plugins, base_dir=tmp_path)
    assert [r.id for r in composed.framework.roles] == ["worker", "new"]
    assert composed.provenance_of("role", "new").origin.kind == "memory"


def test_recompose_reuses_parent_layers(plugins, write):
    path = write("org.toml", '[framework]\nid = "org"\nextends = ["test-base"]\n')
    composed = nosframe.load(path, plugins)
    root = composed.root.document.framework
    edited = root.__class__(root.framework, roles=(Role(id="added"),))
    again = recompose(composed, edited, plugins)
    assert again.layers[0] is composed.layers[0]
    assert [r.id for r in again.framework.roles] == ["worker", "added"]


def test_duplicates_in_memory_become_findings(plugins, tmp_path):
    fw = Framework(FrameworkInfo(id="mem"), roles=(Role(id="x"), Role(id="x", title="2")))
    composed = compose(fw, plugins, base_dir=tmp_path)
    assert [p.code for p in composed.problems] == ["NF101"]
    assert composed.framework.roles[0].title == ""


def test_preset_cannot_escape(plugins, write):
    path = write("in/org.toml", '[framework]\nid = "org"\nextends = ["../../etc/x.toml"]\n')
    with pytest.raises(ComposeError, match="outside"):
        nosframe.load(path, plugins)


def test_load_document_does_not_compose(write):
    path = write("org.toml", '[framework]\nid = "org"\nextends = ["nothing-like-this"]\n')
    assert load_document(path).framework.framework.extends == ("nothing-like-this",)
