"""The community-justice plugin's presets load, compose and check with no errors."""

from __future__ import annotations


import pytest

import nosframe
import nosframe_community_justice as plugin
from nosframe.model import TextOrigin, Validity
from nosframe.plugins import load_plugins
from nosframe.testing import entry_point_declared, preset_problems

PRESET_IDS = ["justice-common", "community-justice"]


@pytest.fixture(scope="module")
def plugins():
    loaded = load_plugins(entry_points=False, extra=[("community-justice", plugin)])
    assert loaded.failures == []
    return loaded


def test_entry_point_is_declared():
    assert entry_point_declared("community-justice", "nosframe_community_justice")


@pytest.mark.parametrize("pid", PRESET_IDS)
def test_preset_is_clean(plugins, pid):
    assert preset_problems(plugins, pid, plugin="community-justice") == []


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
