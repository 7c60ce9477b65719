"""The community-justice plugin's presets load, compose and check with no errors."""

from __future__ import annotations

import importlib.metadata
import tomllib

import pytest

import nosframe
import nosframe_community_justice as plugin
from nosframe.model import Framework, FrameworkInfo, Severity, TextOrigin, Validity
from nosframe.plugins import load_plugins

PRESET_IDS = ["justice-common", "community-justice"]


@pytest.fixture(scope="module")
def plugins():
    loaded = load_plugins(entry_points=False, extra=[("community-justice", plugin)])
    assert loaded.failures == []
    return loaded


def errors(findings):
    return [f for f in findings if f.severity is Severity.ERROR]


def test_entry_point_is_declared():
    eps = importlib.metadata.entry_points(group="nosframe")
    assert any(ep.name == "community-justice" and ep.value == "nosframe_community_justice"
               for ep in eps)


def test_presets_registered_and_files_match(plugins):
    presets = plugins.presets()
    assert set(PRESET_IDS) <= set(presets)
    for pid in PRESET_IDS:
        preset = presets[pid]
        assert preset.path.is_file()
        assert preset.plugin == "community-justice"
        data = tomllib.loads(preset.path.read_text(encoding="utf-8"))
        assert data["framework"]["id"] == pid
        assert data["sources"], "every data file starts with [[sources]]"


@pytest.mark.parametrize("pid", PRESET_IDS)
def test_preset_file_composes_without_errors(plugins, pid):
    composed = nosframe.load(plugins.presets()[pid].path, plugins)
    assert errors(composed.problems) == []
    assert errors(nosframe.check(composed, plugins)) == []


@pytest.mark.parametrize("pid", PRESET_IDS)
def test_framework_extending_preset_has_no_errors(plugins, pid):
    framework = Framework(FrameworkInfo(id="org", extends=(pid,)))
    composed = nosframe.compose(framework, plugins)
    found = nosframe.check(composed, plugins)
    assert errors(found) == [], "\n".join(str(f) for f in errors(found))


def test_justice_common_holds_the_common_suite(plugins):
    composed = nosframe.load(plugins.presets()["justice-common"].path, plugins)
    titles = {s.code: s.title for s in composed.framework.standards}
    assert titles["SFJAA1"] == "Promote equality and value diversity"
    assert titles["SFJAB1"] == "Communicate effectively with people"
    assert {"SFJAC1", "SFJAE1", "SFJAD3", "SFJAF1"} <= set(titles)
    assert not composed.framework.levels and not composed.framework.behaviours


def test_community_justice_roles_and_standards(plugins):
    composed = nosframe.load(plugins.presets()["community-justice"].path, plugins)
    fw = composed.framework
    roles = {r.id for r in fw.roles}
    assert roles == {"victim-support-caseworker", "restorative-practitioner",
                     "community-safety-officer", "youth-justice-worker",
                     "unpaid-work-supervisor"}
    keys = {s.key for s in fw.standards}
    assert {"SFJBE1", "SFJDE1", "SFJDJ101", "SFJBA2", "SFJGA7"} <= keys


def test_facts_only_and_honest_metadata(plugins):
    composed = nosframe.load(plugins.presets()["community-justice"].path, plugins)
    for s in composed.framework.standards:
        assert s.licence and s.source_url, s.code
        assert s.developed_by, s.code
        assert s.validity is Validity.CURRENT, s.code
        # criteria only where paraphrased; never verbatim NOS text
        assert s.text_origin is not TextOrigin.VERBATIM
        if s.criteria:
            assert s.text_origin is TextOrigin.PARAPHRASE
        # 1905 review dates (Excel artefacts) are never shipped
        if s.indicative_review_date is None:
            assert "indicative_review_date" in s.unconfirmed, s.code
        else:
            assert s.indicative_review_date.year > 2000
