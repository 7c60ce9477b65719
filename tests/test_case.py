"""CASE 1.1: exports validate against the official 1EdTech package schema (format checking on),
the real packages in ../shared/data/case import and export again without losing an item, an
association or their order, both round trips are exact, identifiers are stable, and bad input
is one clear message (exit 2).

The example frameworks extend the sector presets, so those tests use the installed plugins (as
tests/test_frameworks.py does); the schema and the real packages are read from ../shared and the
tests that need them skip when it is absent.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import nosframe
from nosframe.cli import cli
from nosframe.compose import compose
from nosframe.compose.composer import memory_document
from nosframe.formats.case import build_package, export_case, import_case
from nosframe.formats.case.spec import UNLISTED
from nosframe.io import FormatError, LoadError, dumps, loads
from nosframe.model import (
    Behaviour,
    CriteriaGroup,
    Criterion,
    Framework,
    FrameworkInfo,
    Level,
    Mapping,
    Role,
    Standard,
    TextOrigin,
    Value,
)
from nosframe.plugins import load_plugins

ROOT = Path(__file__).parents[1]
SHARED = ROOT.parent / "shared"
FRAMEWORKS = sorted((ROOT / "frameworks").glob("*.toml"))
SCHEMA = SHARED / "schemas" / "case" / "case_v1p1_cfpackage-jsonschema1.json"
REAL = sorted((SHARED / "data" / "case").glob("*.json")) if SHARED.is_dir() else []
shared = pytest.mark.skipif(not SHARED.is_dir(),
                            reason="../shared (the CASE schema and real packages) is not present")


@pytest.fixture(scope="module")
def validator():
    if not SCHEMA.is_file():
        pytest.skip(f"the official CASE 1.1 schema is not in {SCHEMA} (../shared is absent)")
    jsonschema = pytest.importorskip("jsonschema", reason="pip install -e '.[test]'")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.Draft201909Validator
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def errors_of(validator, package: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
            for e in validator.iter_errors(package)]


@pytest.fixture(scope="module")
def installed():
    return load_plugins()


def small() -> Framework:
    """Every kind of element and association, in memory (facts invented for the test only:
    codes marked as test codes, no real standard)."""
    return Framework(
        FrameworkInfo(id="test-org", title="Test organisation", organisation="Test Org",
                      version="2", licence="MIT"),
        levels=(Level(1, "Practitioner"), Level(2, "Supervisor", "Leads a team")),
        values=(Value("openness", "Openness", "We say what we do"),),
        behaviours=(Behaviour("listens", "Listens", cluster="People", values=("openness",),
                              levels={1: ("Asks", "Hears"), 2: ("Coaches",)}),
                    Behaviour("quoted", "Quoted", description="a published description",
                              text_origin=TextOrigin.VERBATIM,
                              licence="Non-commercial licence", levels={1: ("published",)})),
        standards=(
            Standard("TEST 1", "Old test standard", superseded_by="TEST2",
                     elements=(CriteriaGroup("TEST1.1", "First group"),),
                     performance=(Criterion("P1", "Do a", "TEST1.1"), Criterion("P2", "Do b")),
                     knowledge=(Criterion("K1", "Know c"),), suites=("Test suite",),
                     keywords=("alpha", "beta"), validity=nosframe.model.Validity.LEGACY),
            Standard("TEST2", "New test standard", overview="published overview",
                     text_origin=TextOrigin.VERBATIM, licence="All rights reserved",
                     performance=(Criterion("P1", "published criterion"),)),
        ),
        roles=(Role("junior", "Junior", level="1", standards=("TEST 1",),
                    optional_standards=("TEST2",), behaviours={"listens": 1},
                    progresses_to=("senior",), purpose="Does things"),
               Role("senior", "Senior", behaviours={"listens": 2, "quoted": 1},
                    standards=("TEST2",))),
        mappings=(Mapping("TEST1", ("P1", "K1"), behaviour="listens", note="because"),
                  Mapping("TEST2", (), value="openness")),
    )


def composed_of(fw: Framework, tmp_path: Path | None = None):
    if tmp_path is None:
        return compose(memory_document(fw))
    path = tmp_path / "fw.toml"
    path.write_text(dumps(fw), encoding="utf-8")
    return nosframe.load(path, plugins=load_plugins(entry_points=False))


def package_of(result) -> dict:
    return json.loads(result.content)


# -- strict: exports validate against the official schema ------------------------------------


@shared
@pytest.mark.parametrize("path", FRAMEWORKS, ids=[p.name for p in FRAMEWORKS])
def test_example_frameworks_validate(path, validator, installed):
    result = export_case(nosframe.load(path, plugins=installed))
    package = package_of(result)
    assert errors_of(validator, package) == []
    types = {i["CFItemType"] for i in package["CFItems"]}
    assert {"National Occupational Standard", "Role profile", "Behaviour"} <= types
    assert all(i["CFItemType"] in {t["title"] for t in package["CFDefinitions"]["CFItemTypes"]}
               for i in package["CFItems"])


@shared
def test_small_framework_validates_with_every_association(validator, tmp_path):
    result = export_case(composed_of(small(), tmp_path), base_url="https://case.example.org")
    package = package_of(result)
    assert errors_of(validator, package) == []
    kinds = {a["associationType"] for a in package["CFAssociations"]}
    assert {"isChildOf", "isRelatedTo", "precedes", "hasSkillLevel", "replacedBy",
            "ext:requiresStandard", "ext:mayUseStandard", "ext:expressesValue"} <= kinds
    assert package["CFDocument"]["uri"].startswith("https://case.example.org/ims/case/v1p1/")
    assert all(i["uri"] == f"https://case.example.org/ims/case/v1p1/CFItems/{i['identifier']}"
               for i in package["CFItems"])


def test_what_the_package_says(tmp_path):
    package = package_of(export_case(composed_of(small(), tmp_path)))
    items = {(i["CFItemType"], i.get("humanCodingScheme")): i for i in package["CFItems"]}
    old = items[("National Occupational Standard", "TEST 1")]
    assert old["fullStatement"] == "Old test standard"
    assert old["conceptKeywords"] == ["alpha", "beta"] and old["subject"] == ["Test suite"]
    assert old["extensions"]["nosframe"]["validity"] == "legacy"
    by_id = {i["identifier"]: i for i in package["CFItems"]}
    doc = package["CFDocument"]["identifier"]

    def ends(kind):
        return [(by_id.get(a["originNodeURI"]["identifier"], {}).get("humanCodingScheme"),
                 by_id.get(a["destinationNodeURI"]["identifier"], {}).get("humanCodingScheme",
                                                                          "DOC" if a[
                     "destinationNodeURI"]["identifier"] == doc else None))
                for a in package["CFAssociations"] if a["associationType"] == kind]

    assert ("P1", "TEST1.1") in ends("isChildOf") and ("P2", "TEST 1") in ends("isChildOf")
    assert ("TEST 1", "DOC") in ends("isChildOf")
    assert ends("isRelatedTo") == [("P1", "listens"), ("K1", "listens"), ("TEST2", "openness")]
    assert ends("precedes") == [("junior", "senior")]
    assert ends("replacedBy") == [("TEST 1", "TEST2")]
    assert ("junior", "listens.1") in ends("hasSkillLevel")
    assert ("listens.2", "2") in ends("hasSkillLevel")  # a behaviour level -> the scale
    notes = [a.get("notes") for a in package["CFAssociations"]
             if a["associationType"] == "isRelatedTo"]
    assert notes[:2] == ["because", "because"]


def test_licence_restricted_text_is_left_out_with_a_note(tmp_path):
    result = export_case(composed_of(small(), tmp_path))
    text = result.content
    for published in ("published overview", "published criterion", "a published description",
                      '"published"'):
        assert published not in text
    assert "Do a" in text  # text without a restrictive licence is kept
    note = next(loss for loss in result.losses if "licence restricts" in loss)
    assert "standard TEST2" in note and "behaviour quoted" in note


def test_losses_name_elements(tmp_path):
    fw = small()
    fw = Framework(fw.framework, roles=(Role("r", standards=("NOPE1",)),),
                   mappings=(Mapping("TEST9", ("P7",), behaviour="ghost"),))
    losses = export_case(composed_of(fw, tmp_path)).losses
    assert any("role r" in x and "NOPE1" in x for x in losses)
    assert any("ghost" in x for x in losses) and any("P7" in x for x in losses)


# -- identifiers and times ---------------------------------------------------------------------


def test_identifiers_are_stable(tmp_path):
    one = package_of(export_case(composed_of(small(), tmp_path)))
    two = package_of(export_case(composed_of(small())))  # another route, same framework
    ids = lambda p: [o["identifier"] for k in ("CFItems", "CFAssociations") for o in p[k]]  # noqa
    assert ids(one) == ids(two) and len(set(ids(one))) == len(ids(one))
    assert one["CFDocument"]["identifier"] == two["CFDocument"]["identifier"]
    other = Framework(FrameworkInfo(id="other-org"), standards=small().standards)
    assert set(ids(one)).isdisjoint(ids(package_of(export_case(composed_of(other)))))


def test_last_change_is_the_files_not_now(tmp_path):
    composed = composed_of(small(), tmp_path)
    os.utime(tmp_path / "fw.toml", (1_700_000_000, 1_700_000_000))
    first = export_case(composed).content
    assert first == export_case(composed).content
    assert package_of(export_case(composed))["CFDocument"]["lastChangeDateTime"] == \
        "2023-11-14T22:13:20+00:00"


# -- round trips -------------------------------------------------------------------------------


def round_trip(tmp_path: Path, first: str) -> tuple[str, Framework]:
    (tmp_path / "x.json").write_text(first, encoding="utf-8")
    imported = import_case(tmp_path / "x.json").framework
    toml = tmp_path / "y.toml"
    toml.write_text(dumps(imported), encoding="utf-8")
    again = nosframe.load(toml, plugins=load_plugins(entry_points=False))
    return export_case(again).content, imported


def test_export_import_export_is_identical(tmp_path):
    first = export_case(composed_of(small(), tmp_path)).content
    second, imported = round_trip(tmp_path, first)
    assert second == first
    original = small()
    assert imported.roles == original.roles and imported.levels == original.levels
    assert imported.mappings == original.mappings and imported.values == original.values
    assert imported.standards[0] == original.standards[0]


@shared
@pytest.mark.parametrize("path", FRAMEWORKS, ids=[p.name for p in FRAMEWORKS])
def test_examples_round_trip(path, installed, tmp_path):
    first = export_case(nosframe.load(path, plugins=installed)).content
    second, imported = round_trip(tmp_path, first)
    assert second == first
    composed = nosframe.load(path, plugins=installed).framework
    assert [r.id for r in imported.roles] == [r.id for r in composed.roles]
    assert imported.mappings == composed.mappings


@shared
@pytest.mark.parametrize("path", REAL, ids=[p.name for p in REAL])
def test_real_packages_import_and_export_without_loss(path, validator, tmp_path):
    original = json.loads(path.read_text(encoding="utf-8"))
    result = import_case(path)
    assert any(f.code == "CASE001" and "CFDocumentURI" in f.message for f in result.findings)
    toml = tmp_path / "imported.toml"
    toml.write_text(dumps(result.framework), encoding="utf-8")
    assert loads(toml.read_text(encoding="utf-8"), toml).framework == result.framework
    out = json.loads(export_case(nosframe.load(toml, plugins=load_plugins(
        entry_points=False))).content)
    assert errors_of(validator, out) == []

    def ends(package):
        return [(a["identifier"], a["associationType"], a["originNodeURI"]["identifier"],
                 a["destinationNodeURI"]["identifier"], a.get("sequenceNumber"))
                for a in package["CFAssociations"]]

    assert [i["identifier"] for i in out["CFItems"]] == \
        [i["identifier"] for i in original["CFItems"]]
    assert ends(out) == ends(original)
    assert out["CFDocument"]["identifier"] == original["CFDocument"]["identifier"]
    assert out["CFDocument"]["lastChangeDateTime"] == original["CFDocument"]["lastChangeDateTime"]
    # every property is kept: where CASE 1.1 has it, or in the object's extensions
    for key in ("CFItems", "CFAssociations"):
        for before, after in zip(original[key], out[key]):
            assert unlisted_back(after) == before
    assert unlisted_back(out["CFDocument"]) == original["CFDocument"]
    for key, defs in original["CFDefinitions"].items():
        assert [d["identifier"] for d in out["CFDefinitions"].get(key, [])] == \
            [d["identifier"] for d in defs]
        for before, after in zip(defs, out["CFDefinitions"][key]):
            assert all(after[k] == v for k, v in before.items())
    # and once more through a file: nothing changes
    again_toml = tmp_path / "again.toml"
    (tmp_path / "out.json").write_text(json.dumps(out), encoding="utf-8")
    again_toml.write_text(dumps(import_case(tmp_path / "out.json").framework), encoding="utf-8")
    again = json.loads(export_case(nosframe.load(again_toml, plugins=load_plugins(
        entry_points=False))).content)
    assert again == out


def unlisted_back(obj: dict) -> dict:
    """``obj`` with what the importer moved into ``extensions`` put back where it was."""
    restored = dict(obj)
    ext = dict(restored.pop("extensions", {}))
    restored.update(ext.pop(UNLISTED, {}))
    if ext:
        restored["extensions"] = ext
    return restored


@shared
def test_unknown_types_are_kept(tmp_path):
    g3 = SHARED / "data" / "case" / "smarterbalanced_g3_math_itemspec_c1_th_cfpackage.json"
    data = json.loads(g3.read_text(encoding="utf-8"))
    data["CFAssociations"][0]["associationType"] = "hasPart"  # not a CASE 1.1 type
    data["CFItems"][0]["CFItemType"] = "Something new"
    (tmp_path / "p.json").write_text(json.dumps(data), encoding="utf-8")
    result = import_case(tmp_path / "p.json")
    assert any("'hasPart' is not a CASE 1.1 type" in f.message for f in result.findings)
    out = package_of(export_case(composed_of(result.framework)))
    assoc = out["CFAssociations"][0]
    assert assoc["associationType"] == "ext:hasPart"
    assert assoc["extensions"][UNLISTED]["associationType"] == "hasPart"
    assert out["CFItems"][0]["CFItemType"] == "Something new"
    assert len(out["CFAssociations"]) == len(data["CFAssociations"])


def test_a_foreign_package_with_nulls_and_missing_fields(tmp_path):
    package = {"CFDocument": {"identifier": "5b1d6c58-2b4e-4c3f-9a5e-6c1c1d0a0b01",
                              "title": "Made up for a test", "notes": None},
               "CFItems": [{"identifier": "5b1d6c58-2b4e-4c3f-9a5e-6c1c1d0a0b02",
                            "fullStatement": "An item", "sequenceNumber": "3",
                            "lastChangeDateTime": "2020-01-02 03:04:05"}],
               "CFAssociations": [{"identifier": "5b1d6c58-2b4e-4c3f-9a5e-6c1c1d0a0b03",
                                   "associationType": "isChildOf", "sequenceNumber": "2",
                                   "originNodeURI": {"identifier": "x", "uri": "u"},
                                   "destinationNodeURI": {"title": "d", "identifier": "y",
                                                          "uri": "v"}},
                                  {"identifier": "no-ends", "associationType": "isChildOf"}],
               "CFDefinitions": None}
    (tmp_path / "p.json").write_text(json.dumps(package), encoding="utf-8")
    result = import_case(tmp_path / "p.json")
    messages = " | ".join(f.message for f in result.findings)
    assert "null dropped" in messages and "required 'creator' missing" in messages
    assert "'2' written as the number 2" in messages and "left out (it links nothing)" in messages
    assert result.framework.framework.id == "made-up-for-a-test"
    out = package_of(export_case(composed_of(result.framework)))
    assert out["CFItems"][0]["lastChangeDateTime"] == "2020-01-02T03:04:05+00:00"
    assert out["CFItems"][0]["extensions"][UNLISTED] == {"sequenceNumber": "3"}
    assert out["CFAssociations"][0]["sequenceNumber"] == 2


# -- the command line and bad input ------------------------------------------------------------


@shared
def test_cli_export_and_import(tmp_path, validator):
    runner = CliRunner()
    x, y = tmp_path / "x.json", tmp_path / "y.toml"
    northshire = ROOT / "frameworks" / "northshire-police.toml"
    result = runner.invoke(cli, ["export", str(northshire), "--to", "case", "-o", str(x)])
    assert result.exit_code == 0, result.output
    assert errors_of(validator, json.loads(x.read_text(encoding="utf-8"))) == []
    assert "not exported: extends and overrides are flattened" in result.stderr
    result = runner.invoke(cli, ["import", str(x), "--from", "case", "-o", str(y)])
    assert result.exit_code == 0, result.output
    z = tmp_path / "z.json"
    result = runner.invoke(cli, ["export", str(y), "--to", "case", "-o", str(z)])
    assert result.exit_code == 0, result.output
    assert z.read_text(encoding="utf-8") == x.read_text(encoding="utf-8")
    result = runner.invoke(cli, ["export", str(y), "--to", "case", "-o", "-",
                                 "--base-url", "https://case.example.org/"])
    assert '"uri": "https://case.example.org/ims/case/v1p1/CFDocuments/' in result.stdout
    result = runner.invoke(cli, ["export", str(y), "--to", "json", "-o", "-",
                                 "--base-url", "https://case.example.org"])
    assert result.exit_code == 2 and "takes no --base-url" in result.stderr


BAD = {
    "not-json.json": (b"CFDocument: yes\n", "not valid JSON"),
    "array.json": (b"[1, 2]", "not a CASE package: the file holds a JSON array"),
    "no-document.json": (b'{"CFItems": []}', "no CFDocument object"),
    "items-not-list.json": (b'{"CFDocument": {}, "CFItems": {"a": 1}}', "CFItems is a JSON "
                                                                          "object, not a list"),
    "item-not-object.json": (b'{"CFDocument": {}, "CFItems": [1]}', "CFItems[0] is a JSON "
                                                                    "number, not an object"),
    "defs.json": (b'{"CFDocument": {}, "CFDefinitions": {"CFItemTypes": 3}}',
                  "CFDefinitions.CFItemTypes is not a list of objects"),
    "binary.json": (b"\xff\xfe\x00{", "not UTF-8"),
    "surrogate.json": (b'{"CFDocument": {"title": "\\ud800"}}', "lone surrogate"),
    "nested.json": (b"[" * 5_000_000 + b"]" * 5_000_000, "nested more than 32 deep"),
    "bad-nosframe.json": (json.dumps({"CFDocument": {"identifier": "d", "title": "t",
                                                     "extensions": {"nosframe": {"id": "t"}}},
                                      "CFItems": [{"identifier": "i", "fullStatement": "s",
                                                   "extensions": {"nosframe": {
                                                       "kind": "role", "level": [1]}}}]}
                                     ).encode(), "does not make a framework"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_is_one_clear_message(name, tmp_path, cli_run):
    content, expected = BAD[name]
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises((FormatError, LoadError)):
        import_case(path)
    result = cli_run("import", path, "--from", "case", "-o", tmp_path / "out.toml")
    assert result.exit_code == 2
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.output and len(result.stderr.splitlines()) <= 3
    assert not (tmp_path / "out.toml").exists()


def test_listed_as_a_format(cli_run):
    result = cli_run("plugins")
    assert "case " in result.stdout and "CASE 1.1 CFPackage" in result.stdout


def test_build_package_needs_no_files():
    package, losses = build_package(small())
    assert package["CFDocument"]["title"] == "Test organisation"
    assert package["CFDocument"]["caseVersion"] == "1.1"


def test_a_code_changed_in_another_tool(tmp_path):
    """A standard whose code was edited in another CASE tool becomes that standard, once."""
    package = package_of(export_case(composed_of(small(), tmp_path)))
    standard = next(i for i in package["CFItems"] if i.get("humanCodingScheme") == "TEST 1")
    standard["humanCodingScheme"] = "TEST 3"
    (tmp_path / "edited.json").write_text(json.dumps(package), encoding="utf-8")
    result = import_case(tmp_path / "edited.json")
    assert [s.code for s in result.framework.standards] == ["TEST 3", "TEST2"]
    assert any("get new ones" in f.message for f in result.findings)
    out = package_of(export_case(composed_of(result.framework)))
    assert [i.get("humanCodingScheme") for i in out["CFItems"]].count("TEST 3") == 1
    assert standard["identifier"] not in {i["identifier"] for i in out["CFItems"]}
    # the roles still name TEST 1 (nosframe check reports it): linked outside the package
    assert any("standard TEST 1 is not in the framework" in loss
               for loss in export_case(composed_of(result.framework)).losses)


@shared
def test_show_says_what_is_kept_for_case(tmp_path, cli_run):
    dok = SHARED / "data" / "case" / "smarterbalanced_dok_levels_cfpackage.json"
    out = tmp_path / "dok.toml"
    assert cli_run("import", dok, "--from", "case", "-o", out).exit_code == 0
    shown = cli_run("show", out).stdout
    assert "kept for case export: 15 items, 15 associations" in shown
