"""Facts in the probation presets agree with their published sources (issue 9, 5).

The export tests read the real UK NOS list exports in ../shared/data/nos and skip when it is
absent (a user's clone has no ../shared)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

import nosframe
import nosframe_community_justice
import nosframe_probation as plugin
from nosframe.plugins import load_plugins
from nosframe.testing import export_rows_or_skip, keywords_not_as_published

DATA = Path(plugin.__file__).parent / "data"
PLUGIN = Path(__file__).resolve().parents[1]
TEXTS = [DATA / "probation.toml", DATA / "civil-service-behaviours.toml", PLUGIN / "README.md",
         PLUGIN / "SOURCES.md"]

# --- reading the UK NOS list exports in ../shared (skips when absent) ----------------------

SHARED_NOS = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "nos"


@pytest.fixture(scope="module")
def export_rows() -> dict[str, list[dict]]:
    """Every export row by its URN as published (read once for every plugin's tests)."""
    return export_rows_or_skip(SHARED_NOS)


def test_keywords_are_the_published_strings(export_rows):
    assert keywords_not_as_published(DATA, export_rows) == []


def test_sources_say_how_keywords_were_reshaped():
    text = (PLUGIN / "SOURCES.md").read_text(encoding="utf-8")
    assert "split on `;`" in text and "not split on commas" in text


def test_register_level_names_are_as_published():
    """The Probation Institute's register page names the levels 'Level A Entry Level',
    'Level B Professionally Competent', 'Level C Qualified', 'Level D Advanced'."""
    plugins = load_plugins(entry_points=False, extra=[
        ("community-justice", nosframe_community_justice), ("probation", plugin)])
    fw = nosframe.load(plugins.presets()["probation"].path, plugins).framework
    assert [(l.number, l.name) for l in fw.levels] == [
        (1, "Level A Entry Level"), (2, "Level B Professionally Competent"),
        (3, "Level C Qualified"), (4, "Level D Advanced")]


def test_the_probation_professional_register_is_not_called_statutory_without_a_source():
    """No source seen calls the HMPPS register statutory: the files may say that is unconfirmed,
    never state it; the register's introduction is sourced."""
    stated = re.compile(r"statutory\s+(?:HMPPS\s+)?Probation Professional Register"
                        r"|Probation Professional Register[^.;]*\bis statutory", re.I)
    for path in TEXTS:
        body = " ".join(path.read_text(encoding="utf-8").split())
        assert not stated.search(body), (path.name, stated.search(body).group())
    with (DATA / "probation.toml").open("rb") as handle:
        sources = {s["id"]: s for s in tomllib.load(handle)["sources"]}
    register = sources["probation-professional-register"]
    assert register["url"].startswith("https://") and "NOT confirmed" in register["notes"]


#: "levels 1-5", "Level 1-5", "Level 1 (AA/AO) to Level 5": a count of Success Profiles levels
LEVELS_1_TO_5 = re.compile(r"[Ll]evels? 1\s*[-–]\s*5|Level 1\b[^.]*\bto Level 5")


def test_success_profiles_levels_are_stated_as_unconfirmed_everywhere():
    """The GOV.UK page says only that the behaviours are specific to the grade level of the job;
    the number of levels and the level-to-grade table were not confirmed."""
    for path in TEXTS:
        body = path.read_text(encoding="utf-8")
        assert not LEVELS_1_TO_5.search(body), (path.name, LEVELS_1_TO_5.search(body).group())
        if "Success Profiles" in body and "grade level" in body:
            assert "unconfirmed" in body.lower() or "not confirmed" in body.lower(), path.name
