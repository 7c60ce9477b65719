"""Facts in the community-justice presets agree with their published sources (issue 9, 5).

The export tests read the real UK NOS list exports in ../shared/data/nos and skip when it is
absent (a user's clone has no ../shared)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

import nosframe_community_justice as plugin
from nosframe.testing import data_standards, export_rows_or_skip, keywords_not_as_published

DATA = Path(plugin.__file__).parent / "data"
PLUGIN = Path(__file__).resolve().parents[1]

# --- reading the UK NOS list exports in ../shared (skips when absent) ----------------------

SHARED_NOS = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "nos"


@pytest.fixture(scope="module")
def export_rows() -> dict[str, list[dict]]:
    """Every export row by its URN as published (read once for every plugin's tests)."""
    return export_rows_or_skip(SHARED_NOS)


# --- keywords are the published strings ---------------------------------------------------

def test_keywords_are_the_published_strings(export_rows):
    assert keywords_not_as_published(DATA, export_rows) == []


def test_sources_say_how_keywords_were_reshaped():
    text = (PLUGIN / "SOURCES.md").read_text(encoding="utf-8")
    assert "split on `;`" in text and "not split on commas" in text


# --- source URLs name the row the standard was taken from ----------------------------------

def _url_urn(url: str) -> str:
    return unquote(urlparse(url).path.split("/")[3])


def test_source_urls_do_not_name_another_rows_urn(export_rows):
    """A NOS finder URL built from a URN must not be the URN of a different export row (the
    legacy 'SFJHG4' / 'SFJHI1' rows, for the current 'SFJ HG4' / 'SFJ HI1')."""
    wrong = []
    for name, standard in data_standards(DATA):
        url = standard.get("source_url", "")
        if "/nos-finder/" not in url:
            continue
        urn = _url_urn(url)
        if urn != standard["code"] and urn in export_rows:
            wrong.append((name, standard["code"], urn,
                          [(r.get("Validity"), r.get("Name")) for r in export_rows[urn]]))
    assert wrong == []


@pytest.mark.parametrize("code", ["SFJ HG4", "SFJ HI1"])
def test_hg4_hi1_urls_are_built_from_the_current_rows(export_rows, code):
    standard = next(s for _, s in data_standards(DATA) if s["code"] == code)
    rows = export_rows[_url_urn(standard["source_url"])]
    assert [(r["Validity"], r["Name"]) for r in rows] == [("Current", f"{code}.pdf")]
    assert "source_url" in standard["unconfirmed"]  # the finder's URL pattern is not confirmed
