"""The probation plugin's presets load, compose and check with no errors."""

from __future__ import annotations


import pytest

import nosframe
import nosframe_community_justice
import nosframe_probation as plugin
from nosframe.plugins import load_plugins
from nosframe.testing import entry_point_declared, preset_problems

PRESET_IDS = ["civil-service-behaviours", "probation"]
NINE = ["seeing-the-big-picture", "changing-and-improving", "making-effective-decisions",
        "leadership", "communicating-and-influencing", "working-together",
        "developing-self-and-others", "managing-a-quality-service", "delivering-at-pace"]


@pytest.fixture(scope="module")
def plugins():
    loaded = load_plugins(entry_points=False, extra=[
        ("community-justice", nosframe_community_justice), ("probation", plugin)])
    assert loaded.failures == []
    return loaded


def test_entry_point_is_declared():
    assert entry_point_declared("probation", "nosframe_probation")


@pytest.mark.parametrize("pid", PRESET_IDS)
def test_preset_is_clean(plugins, pid):
    assert preset_problems(plugins, pid, plugin="probation") == []


def test_civil_service_behaviours_have_no_scale(plugins):
    composed = nosframe.load(plugins.presets()["civil-service-behaviours"].path, plugins)
    assert [b.id for b in composed.framework.behaviours] == NINE
    assert composed.framework.levels == ()
    assert all(not b.levels for b in composed.framework.behaviours)


def test_probation_scale_and_roles(plugins):
    fw = nosframe.load(plugins.presets()["probation"].path, plugins).framework
    assert [(l.number, l.name) for l in fw.levels] == [
        (1, "Level A Entry Level"), (2, "Level B Professionally Competent"),
        (3, "Level C Qualified"), (4, "Level D Advanced")]
    roles = {r.id: r for r in fw.roles}
    assert set(roles) == {"case-administrator", "probation-services-officer",
                          "probation-officer", "senior-probation-officer",
                          "approved-premises-manager"}
    assert roles["case-administrator"].progresses_to == ("probation-services-officer",)
    for role in roles.values():
        assert set(role.behaviours) <= set(NINE)
        assert set(role.behaviours.values()) <= {1, 2, 3, 4}
    # justice-common and the probation NOS are both there
    keys = {s.key for s in fw.standards}
    assert {"SFJAA1", "SFJEA1", "SFJEA2", "SFJEA3", "SFJEB1", "SFJEB2", "SFJDA1", "SFJDA2",
            "SFJGC101", "SFJGC102", "SFJGC103", "SFJHF35", "SFJHF36"} <= keys


def test_mappings_give_some_coverage(plugins):
    from nosframe.analysis.coverage import Status, coverage_matrix

    fw = nosframe.load(plugins.presets()["probation"].path, plugins).framework
    assert fw.mappings
    matrix = coverage_matrix(fw)
    covered = {c.behaviour for c in matrix.cells.values() if c.status is Status.COVERED}
    assert "developing-self-and-others" in covered
