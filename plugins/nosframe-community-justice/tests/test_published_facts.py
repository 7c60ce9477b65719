"""Facts in the community-justice presets agree with their published sources (issue 9, 5).

The export tests read the real UK NOS list exports in ../shared/data/nos and skip when it is
absent (a user's clone has no ../shared)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

import nosframe_community_justice as plugin

DATA = Path(plugin.__file__).parent / "data"
PLUGIN = Path(__file__).resolve().parents[1]

# --- reading the UK NOS list exports in ../shared (skips when absent) ----------------------

SHARED_NOS = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "nos"
EXPORTS = ("PublishedNos_Details.xlsx", "PublishedNos-old_Details.xlsx")
needs_shared = pytest.mark.skipif(
    not all((SHARED_NOS / name).is_file() for name in EXPORTS),
    reason="../shared/data/nos (the real UK NOS list exports) is not present")


@pytest.fixture(scope="module")
def export_rows() -> dict[str, list[dict]]:
    """Every export row by its URN exactly as published (surrounding spaces trimmed)."""
    import openpyxl

    rows: dict[str, list[dict]] = {}
    for name in EXPORTS:
        book = openpyxl.load_workbook(SHARED_NOS / name, read_only=True)
        try:
            cells = book["owssvr"].iter_rows(values_only=True)
            header = next(cells)
            for values in cells:
                row = dict(zip(header, values))
                if row.get("URN"):
                    rows.setdefault(str(row["URN"]).strip(), []).append(row)
        finally:
            book.close()
    return rows


def published_keywords(cell) -> list[str]:
    """The keyword strings of an export cell: split on ';' (the field specification's
    separator), each trimmed, runs of whitespace (line breaks in the cell) made one space.
    Nothing else: no splitting on commas, nothing dropped."""
    return [" ".join(part.split()) for part in str(cell or "").split(";") if part.strip()]


def data_standards(data_dir: Path):
    """(file name, standard table) for every [[standards]] of the plugin's data files."""
    for path in sorted(data_dir.glob("*.toml")):
        with path.open("rb") as handle:
            for standard in tomllib.load(handle).get("standards", []):
                yield path.name, standard


# --- keywords are the published strings ---------------------------------------------------

@needs_shared
def test_keywords_are_the_published_strings(export_rows):
    wrong = []
    for name, standard in data_standards(DATA):
        if "keywords" not in standard:
            continue
        rows = export_rows.get(standard["code"], [])
        assert rows, f"{name}: {standard['code']} has no export row with that URN"
        published = [published_keywords(row.get("Keywords")) for row in rows]
        if list(standard["keywords"]) not in published:
            wrong.append((name, standard["code"], standard["keywords"], published))
    assert wrong == []


def test_sources_say_how_keywords_were_reshaped():
    text = (PLUGIN / "SOURCES.md").read_text(encoding="utf-8")
    assert "split on `;`" in text and "not split on commas" in text


# --- source URLs name the row the standard was taken from ----------------------------------

def _url_urn(url: str) -> str:
    return unquote(urlparse(url).path.split("/")[3])


@needs_shared
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


@needs_shared
@pytest.mark.parametrize("code", ["SFJ HG4", "SFJ HI1"])
def test_hg4_hi1_urls_are_built_from_the_current_rows(export_rows, code):
    standard = next(s for _, s in data_standards(DATA) if s["code"] == code)
    rows = export_rows[_url_urn(standard["source_url"])]
    assert [(r["Validity"], r["Name"]) for r in rows] == [("Current", f"{code}.pdf")]
    assert "source_url" in standard["unconfirmed"]  # the finder's URL pattern is not confirmed
