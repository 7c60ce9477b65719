"""Facts in the policing presets agree with their published sources (issue 9, 5).

The export tests read the real UK NOS list exports in ../shared/data/nos and skip when it is
absent (a user's clone has no ../shared)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import nosframe
import nosframe_community_justice
import nosframe_policing as plugin
from nosframe.plugins import load_plugins
from nosframe.testing import data_standards, export_rows_or_skip, keywords_not_as_published

DATA = Path(plugin.__file__).parent / "data"
PLUGIN = Path(__file__).resolve().parents[1]
LICENCE_V12 = "https://www.college.police.uk/non-commercial-college-licence"
SPA_VALUES = ("https://www.spa.police.uk/publication-library/strategic-policing-plan-for-"
              "scotland-2026-2029-consultation-draft/values-and-core-delivery-principles")
COLLEGE_WE_COLLABORATE = ("http://www.app.college.police.uk/career-learning/"
                          "competency-and-values-framework/we-collaborate")

# --- reading the UK NOS list exports in ../shared (skips when absent) ----------------------

SHARED_NOS = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "nos"


@pytest.fixture(scope="module")
def export_rows() -> dict[str, list[dict]]:
    """Every export row by its URN as published (read once for every plugin's tests)."""
    return export_rows_or_skip(SHARED_NOS)


@pytest.fixture(scope="module")
def plugins():
    return load_plugins(entry_points=False, extra=[
        ("community-justice", nosframe_community_justice), ("policing", plugin)])


def load(plugins, pid):
    return nosframe.load(plugins.presets()[pid].path, plugins).framework


def toml(name: str) -> dict:
    with (DATA / name).open("rb") as handle:
        return tomllib.load(handle)


def text(name: str) -> str:
    path = PLUGIN / name if (PLUGIN / name).is_file() else DATA / name
    return path.read_text(encoding="utf-8")


# --- keywords are the published strings ---------------------------------------------------

def test_keywords_are_the_published_strings(export_rows):
    assert keywords_not_as_published(DATA, export_rows) == []


def test_sources_say_how_keywords_were_reshaped():
    assert "split on `;`" in text("SOURCES.md") and "not split on commas" in text("SOURCES.md")


# --- SFSINV: security occupations, attached to investigators by nosframe ------------------

def test_sfsinv_export_occupations_are_security_occupations(export_rows):
    for name, standard in data_standards(DATA):
        if standard["code"].startswith("SFSINV"):
            for row in export_rows[standard["code"]]:
                assert "Security" in row["Occupations"], standard["code"]
                assert "olice" not in row["Occupations"], standard["code"]
                assert "nvestigat" not in row["Occupations"], standard["code"]
            assert any("Security" in o for o in standard["occupations"]), standard["code"]


def test_sfsinv_are_described_as_security_standards_attached_by_nosframe():
    notes = next(s["notes"] for s in toml("policing-nos.toml")["sources"]
                 if s["id"] == "nos-export-policing")
    assert "written for investigation work generally" not in notes
    assert "security occupations" in notes and "nosframe editorial" in notes


# --- Police Scotland ----------------------------------------------------------------------

def test_scotland_human_rights_value_cites_the_spa_plan(plugins):
    fw = load(plugins, "policing-scotland")
    values = {v.id: v for v in fw.values}
    assert values["human-rights"].source_url == SPA_VALUES
    assert "Scottish Police Authority" in values["human-rights"].description
    assert SPA_VALUES in {s.url for s in fw.sources}


def test_scotland_levels_do_not_carry_the_colleges_names(plugins):
    fw = load(plugins, "policing-scotland")
    levels = {l.number: l for l in fw.levels}
    assert levels[1].name == "Constable"  # "Level 1 – Constable" in the Police Scotland CVF
    college = {"Practitioner", "Supervisor/Middle Manager", "Senior Manager/Executive"}
    assert not {l.name for l in fw.levels} & college
    for number in (2, 3):
        assert "UNCONFIRMED" in levels[number].description


# --- College of Policing licence v1.2 -----------------------------------------------------

@pytest.mark.parametrize("pid", ["policing", "policing-cvf-2016", "policing-northern-ireland"])
def test_college_material_cites_the_current_licence_v1_2(plugins, pid):
    fw = load(plugins, pid)
    assert LICENCE_V12 in {s.url for s in fw.sources}
    for element in fw.values + fw.behaviours:
        if "College of Policing" in element.licence:
            assert "v1.2" in element.licence, element.id


def test_docs_cite_the_current_licence_v1_2():
    for name in ("SOURCES.md", "README.md", "CORRESPONDENCE.md"):
        assert "v1.2" in text(name), name
    assert LICENCE_V12 in text("SOURCES.md")


# --- the correspondence records names and reasoning, never the College's descriptions -----

#: wording of the College's 2024 value descriptions that the old files summarised
SUMMARY_WORDS = ("ethical standards", "unprofessional", "discriminat", "honest", "open about",
                 "being open", "doing the right thing", "framed", "fair treatment",
                 "respectful treatment", "covers")


def test_no_cvf_value_summaries_in_the_correspondence():
    notes = " ".join(row["note"] for row in plugin.correspondence())
    for body in (text("CORRESPONDENCE.md"), text("cvf-2016-to-2024.toml"), notes):
        found = [w for w in SUMMARY_WORDS if w in body.lower()]
        assert found == []


# --- "We collaborate" on a College page ---------------------------------------------------

FORCE_ONLY = ("seen on a force page only", "not from a College page",
              "confirmed from a force page, not a College page",
              "names were not seen on a College page")


def test_we_collaborate_is_sourced_from_the_college(plugins):
    fw = load(plugins, "policing")
    behaviour = next(b for b in fw.behaviours if b.id == "we-collaborate")
    assert behaviour.source_url == COLLEGE_WE_COLLABORATE
    assert COLLEGE_WE_COLLABORATE in {s.url for s in fw.sources}
    for name in ("SOURCES.md", "CORRESPONDENCE.md", "policing-cvf-2024.toml"):
        assert not [p for p in FORCE_ONLY if p in text(name)], name
