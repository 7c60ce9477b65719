"""The policing plugin's presets load, compose and check with no errors."""

from __future__ import annotations


import pytest

import nosframe
import nosframe_community_justice
import nosframe_policing as plugin
from nosframe.model import TextOrigin, Validity
from nosframe.plugins import load_plugins
from nosframe.testing import entry_point_declared, preset_problems

PRESET_IDS = ["policing-nos", "policing", "policing-cvf-2016", "policing-scotland",
              "policing-northern-ireland"]
ROLES = {"police-constable", "police-sergeant", "police-inspector", "detective-constable",
         "pcso", "police-staff-investigator", "contact-handler"}


@pytest.fixture(scope="module")
def plugins():
    loaded = load_plugins(entry_points=False, extra=[
        ("community-justice", nosframe_community_justice), ("policing", plugin)])
    assert loaded.failures == []
    return loaded


def load(plugins, pid):
    return nosframe.load(plugins.presets()[pid].path, plugins)


def test_entry_point_is_declared():
    assert entry_point_declared("policing", "nosframe_policing")


@pytest.mark.parametrize("pid", PRESET_IDS)
def test_preset_is_clean(plugins, pid):
    assert preset_problems(plugins, pid, plugin="policing") == []


def test_cvf_2024(plugins):
    fw = load(plugins, "policing").framework
    assert [v.name for v in fw.values] == ["Courage", "Respect and empathy", "Public service"]
    assert len(fw.behaviours) == 6
    assert [l.number for l in fw.levels] == [1, 2, 3]
    assert {r.id for r in fw.roles} == ROLES
    for role in fw.roles:
        assert set(role.behaviours.values()) <= {1, 2, 3}


def test_cvf_2016(plugins):
    fw = load(plugins, "policing-cvf-2016").framework
    assert [v.name for v in fw.values] == ["Integrity", "Impartiality", "Public service",
                                           "Transparency"]
    assert len({b.cluster for b in fw.behaviours}) == 3
    assert len(fw.behaviours) == 6


def test_cvf_text_is_never_reproduced(plugins):
    for pid in ("policing", "policing-cvf-2016"):
        fw = load(plugins, pid).framework
        for element in fw.values + fw.behaviours:
            assert element.text_origin is TextOrigin.NONE, element.id
            assert "College of Policing" in element.licence
        assert all(not b.levels for b in fw.behaviours)


def test_scotland_values_replace_the_colleges(plugins):
    fw = load(plugins, "policing-scotland").framework
    assert [v.name for v in fw.values] == ["Integrity", "Fairness", "Respect", "Human rights"]
    assert all(b.values == ("integrity", "fairness", "respect", "human-rights")
               for b in fw.behaviours)
    assert "pcso" not in {r.id for r in fw.roles}


def test_policing_nos(plugins):
    fw = load(plugins, "policing-nos").framework
    by_key = {s.key: s for s in fw.standards}
    assert {"SFJCB1", "SFJBE2", "SFJDA101", "SFJGD9", "SFJRM4", "SFJZA11", "SFJZA12",
            "SFJZA13", "SFJZA14", "SFJHG3", "CD1"} <= set(by_key)
    cd1 = by_key["CD1"]
    assert [e.code for e in cd1.elements] == ["CD1.1", "CD1.2"]
    assert cd1.validity is Validity.LEGACY and "validity" in cd1.unconfirmed
    assert cd1.text_origin is TextOrigin.PARAPHRASE
    assert by_key["SFJZA12"].code == "SFJ ZA12"  # trailing space of the export trimmed


def test_correspondence_refers_to_real_elements(plugins):
    def keys(pid):
        fw = load(plugins, pid).framework
        return ({f"value:{v.id}" for v in fw.values}
                | {f"behaviour:{b.id}" for b in fw.behaviours}
                | {f"level:{l.number}" for l in fw.levels})

    old, new = keys("policing-cvf-2016"), keys("policing")
    rows = plugin.correspondence()
    assert {row["from"] for row in rows} == old  # every 2016 element is covered
    for row in rows:
        assert row["to"] and set(row["to"]) <= new, row
