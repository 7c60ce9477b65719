"""The example frameworks in frameworks/ check clean against the installed sector presets and
show what they claim: their own values or behaviours, applied overrides, mappings and a
progression ladder.

Unlike the other core tests these use the installed plugins on purpose: the examples extend the
sector presets from plugins/, which ./dev always installs. A missing preset fails loudly.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import nosframe
from nosframe.cli import cli
from nosframe.io import dumps, load_document, loads
from nosframe.model import ELEMENT_KINDS, OverrideAction, TextOrigin, normalise_code
from nosframe.plugins import load_plugins

FRAMEWORKS = Path(__file__).parents[1] / "frameworks"

#: file -> (preset it extends, warning codes its header comment explains)
EXAMPLES = {
    "northshire-police.toml": ("policing", {"NF115", "NF116"}),
    "westvale-probation.toml": ("probation", {"NF115"}),
    "eastmoor-justice-partnership.toml": ("community-justice", {"NF115"}),
}

params = pytest.mark.parametrize("name", sorted(EXAMPLES))


@pytest.fixture
def installed():
    """The installed plugins, entry points included (not conftest's test-only `plugins`): the
    examples need the sector presets."""
    loaded = load_plugins()
    presets = loaded.presets()
    missing = sorted({preset for preset, _ in EXAMPLES.values()} - set(presets))
    if missing:
        pytest.fail(f"sector preset(s) {missing} not installed; the example frameworks extend "
                    "them. Run ./dev test, which installs every plugin under plugins/ "
                    "(installed: " + (", ".join(sorted(presets)) or "none") + ")")
    return loaded


def _path(name: str) -> Path:
    return FRAMEWORKS / name


def _invoke(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@params
def test_check_exits_0_without_errors(installed, name):
    result = _invoke("check", _path(name), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    errors = [f for f in data["findings"] if f["severity"] == "error"]
    assert data["summary"]["error"] == 0 and not errors, errors
    # every warning is one the file's header comment explains
    warned = {f["code"] for f in data["findings"] if f["severity"] == "warning"}
    assert warned <= EXAMPLES[name][1], warned - EXAMPLES[name][1]


@params
def test_extends_its_preset(installed, name):
    composed = nosframe.load(_path(name), installed)
    preset = EXAMPLES[name][0]
    assert preset in composed.root.document.framework.framework.extends
    assert any(layer.origin.kind == "preset" and layer.origin.name == preset
               for layer in composed.layers)
    assert "fictional" in composed.framework.framework.description.lower()


@params
def test_overrides_are_applied(installed, name):
    composed = nosframe.load(_path(name), installed)
    overrides = composed.root.document.framework.overrides
    assert overrides
    assert composed.problems == ()  # no override missed its target (NF120-NF123)
    present = {(kind, element.key) for kind, attr in ELEMENT_KINDS
               for element in getattr(composed.framework, attr)}
    for override in overrides:
        kind, _, key = override.target.partition(":")
        key = normalise_code(key) if kind == "standard" else key
        prov = composed.provenance_of(kind, key)
        assert prov is not None and prov.overridden, override.target
        if override.action is OverrideAction.REMOVE:
            assert (kind, key) not in present, override.target
        else:
            assert (kind, key) in present, override.target


def test_overrides_use_every_action_across_the_examples(installed):
    actions = {override.action for name in EXAMPLES
               for override in load_document(_path(name)).framework.overrides}
    assert actions == set(OverrideAction)


@params
def test_own_values_or_behaviours_come_from_the_file(installed, name):
    composed = nosframe.load(_path(name), installed)
    own = [(kind, element) for kind, attr in (("value", "values"), ("behaviour", "behaviours"))
           for element in getattr(composed.root.document.framework, attr)]
    assert own
    for kind, element in own:
        prov = composed.provenance_of(kind, element.key)
        assert prov.origin.kind == "file", (kind, element.key)
        assert element.text_origin is TextOrigin.ORGANISATION, (kind, element.key)


@params
def test_organisation_criteria_are_marked_as_the_organisations(installed, name):
    """Criteria an organisation adds to a NOS are its own words, never passed off as NOS text."""
    composed = nosframe.load(_path(name), installed)
    for override in composed.root.document.framework.overrides:
        fields = override.fields
        if "performance" in fields or "knowledge" in fields:
            assert override.target.startswith("standard:")
            assert fields.get("text_origin") == TextOrigin.ORGANISATION.value, override.target
            standard = composed.standard(override.target.partition(":")[2])
            assert standard.text_origin is TextOrigin.ORGANISATION
            assert "not NOS text" in standard.licence


@params
def test_mappings_name_real_criteria(installed, name):
    composed = nosframe.load(_path(name), installed)
    mappings = composed.root.document.framework.mappings
    assert mappings
    for mapping in mappings:
        standard = composed.standard(mapping.standard)
        assert standard is not None, mapping.standard
        ids = {criterion.id for criterion in standard.criteria}
        assert set(mapping.criteria) <= ids, (mapping.key, set(mapping.criteria) - ids)


@params
def test_progression_ladder_has_three_roles_and_an_own_role(installed, name):
    composed = nosframe.load(_path(name), installed)
    roles = {role.id: role for role in composed.framework.roles}
    root = composed.root.document.framework
    replaced = {o.target.partition(":")[2] for o in root.overrides
                if o.action is OverrideAction.REPLACE and o.target.startswith("role:")}
    own = {role.id for role in root.roles if role.id not in replaced
           and composed.provenance_of("role", role.id).origin.kind == "file"}
    assert own  # a role of the organisation's own, not a replaced inherited one

    def chains(start: str, seen: tuple[str, ...] = ()):
        seen = seen + (start,)
        nexts = [r for r in roles[start].progresses_to if r in roles and r not in seen]
        if not nexts:
            yield seen
        for other in nexts:
            yield from chains(other, seen)

    ladders = [chain for start in roles for chain in chains(start)]
    assert max(len(chain) for chain in ladders) >= 3
    assert any(len(chain) >= 3 and own & set(chain) for chain in ladders)


@params
def test_show_json(installed, name):
    result = _invoke("show", _path(name), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["framework"]["id"] == load_document(_path(name)).framework.framework.id
    assert data["counts"]["roles"] > 0 and data["counts"]["mappings"] > 0
    assert any(item["provenance"]["origin"]["kind"] == "file"
               for item in data["elements"]["roles"])
    assert any(item["provenance"]["overrides"]
               for attr in data["elements"] for item in data["elements"][attr])


@params
def test_round_trips(name):
    doc = load_document(_path(name))
    assert loads(dumps(doc.framework)).framework == doc.framework


@params
def test_export_and_import_round_trip(installed, name, tmp_path):
    """`export --to json|markdown` and `import --from json` work on each bundled example; the
    imported file is the composed framework, flattened, and checks as the original does."""
    composed = nosframe.load(_path(name), installed)
    out = tmp_path / "out.json"
    result = _invoke("export", _path(name), "--to", "json", "-o", out)
    assert result.exit_code == 0, result.output
    back = tmp_path / "back.toml"
    result = _invoke("import", out, "--from", "json", "-o", back)
    assert result.exit_code == 0, result.output
    assert load_document(back).framework.roles == composed.framework.roles
    assert _invoke("check", back).exit_code == 0
    result = _invoke("export", _path(name), "--to", "markdown", "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"# {composed.framework.framework.title}")


@params
def test_new_from_the_examples_preset_then_check(installed, name, tmp_path):
    preset, _ = EXAMPLES[name]
    target = tmp_path / "starter.toml"
    result = _invoke("new", target, "--preset", preset, "--org", "Test Org")
    assert result.exit_code == 0, result.output
    assert load_document(target).framework.framework.extends == (preset,)
    assert _invoke("check", target).exit_code == 0


def test_plugins_and_presets_list_the_examples_presets(installed):
    plugins = json.loads(_invoke("plugins", "--json").stdout)
    assert plugins["failures"] == []
    presets = {p["id"]: p for p in json.loads(_invoke("presets", "--json").stdout)["presets"]}
    for preset, _ in EXAMPLES.values():
        assert "error" not in presets[preset] and presets[preset]["counts"]["standards"] > 0
