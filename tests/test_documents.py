"""Documents people read: the framework as HTML (and Markdown), job descriptions and training
plans as HTML, Markdown and Word. HTML is parsed and checked for structure and for anything
fetched from the network; .docx files are opened with python-docx; the training plan between two
Northshire roles holds exactly the gap (analysis.gap).

Like tests/test_frameworks.py these use the installed plugins: the examples extend the sector
presets in plugins/."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

import nosframe
from nosframe.analysis import gap
from nosframe.cli import cli
from nosframe.formats import documents
from nosframe.io import FormatError
from nosframe.model import normalise_code

FRAMEWORKS = Path(__file__).parents[1] / "frameworks"
NORTHSHIRE = FRAMEWORKS / "northshire-police.toml"
MINI = Path(__file__).parent / "data" / "mini.toml"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def northshire():
    return nosframe.load(NORTHSHIRE)


class Page(HTMLParser):
    """The parts of an HTML page the tests look at: headings with their text, tables, every
    tag's attributes, elements with data- attributes, and the style sheet."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[str, str]] = []
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.tables = 0
        self.style = ""
        self._heading: list[str] | None = None
        self._tag = ""
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._tag = tag
        if tag in ("h1", "h2", "h3", "h4"):
            self._heading = [tag, ""]
        if tag == "table":
            self.tables += 1

    def handle_endtag(self, tag):
        if self._heading and tag == self._heading[0]:
            self.headings.append((tag, " ".join(self._heading[1].split())))
            self._heading = None

    def handle_data(self, data):
        if self._heading is not None:
            self._heading[1] += data
        if self._tag == "style":
            self.style += data

    def texts(self, level: str) -> list[str]:
        return [text for tag, text in self.headings if tag == level]

    def data(self, name: str) -> list[str]:
        return [attrs[name] for _, attrs in self.tags if name in attrs]


def assert_self_contained(page: Page) -> None:
    """Nothing is fetched: no scripts, no linked style sheets, images or frames, no url() in
    the style sheet. Links (<a href>) to published sources are fine: they are not loaded."""
    for tag, attrs in page.tags:
        assert tag not in ("script", "link", "img", "iframe", "object", "embed", "video",
                           "audio", "source"), tag
        for name, value in attrs.items():
            if tag != "a" and name in ("src", "href", "data", "poster", "srcset"):
                pytest.fail(f"<{tag} {name}={value!r}> would be fetched")
    assert "url(" not in page.style and "@import" not in page.style


def test_framework_html_structure_names_every_role_and_fetches_nothing(northshire):
    result = documents.export_html(northshire)
    page = Page(result.content)
    assert page.texts("h1") == [northshire.framework.framework.title]
    assert page.texts("h2") == ["Levels", "Values", "Behaviours", "Roles",
                                "National Occupational Standards",
                                "Evidence: criteria mapped to behaviours and values",
                                "Coverage", "Sources and licences"]
    h3 = page.texts("h3")
    for role in northshire.framework.roles:
        assert role.title in h3
    for standard in northshire.framework.standards:
        assert f"{standard.code} {standard.title}" in h3
    assert page.tables > 20  # levels, behaviours' level tables, roles, criteria, matrix...
    assert "Performance criteria" in page.texts("h4")
    # every in-page link points at an anchor that is there
    ids = set(page.data("id"))
    for href in page.data("href"):
        if href.startswith("#"):
            assert href[1:] in ids, href
    assert_self_contained(page)
    # prints cleanly: print CSS with a page break between roles
    assert "@media print" in page.style and "break-before: page" in page.style
    assert "section.role + section.role" in page.style
    text = result.content
    assert "covered" in text and "Sources and licences" in text
    assert "Non-Commercial College Licence" in text  # the sources' licences are noted


def test_framework_markdown_from_the_same_templates(northshire):
    text = documents.export_framework(northshire, "md").content
    assert text.startswith(f"# {northshire.framework.framework.title}\n")
    for heading in ("## Levels", "## Behaviours", "## Roles", "## Coverage",
                    "## Sources and licences"):
        assert f"\n{heading}\n" in text
    for role in northshire.framework.roles:
        assert f"\n### {role.title}\n" in text


def test_job_description_for_the_constable(northshire):
    role = next(r for r in northshire.framework.roles if r.id == "police-constable")
    html = documents.export_job_description(northshire, "police-constable").content
    page = Page(html)
    assert page.texts("h1") == ["Police constable"]
    assert page.texts("h2") == ["Purpose of the role", "National Occupational Standards the "
                                "role must meet", "Behaviours", "Qualifications", "Progression"]
    for code in role.standards + role.optional_standards:
        assert f'<td class="id">{code}</td>' in html
    assert page.data("data-behaviour") == list(role.behaviours)
    assert "Level 1 (Practitioner)" in html
    assert "Takes time on patrol and at contacts to hear residents" in html  # an indicator
    assert_self_contained(page)
    md = documents.export_job_description(northshire, "police-constable", form="md").content
    assert md.startswith("# Police constable\n")
    assert "## Purpose of the role" in md and "### We listen to our neighbourhoods · Level 1" in md
    for code in role.standards:
        assert f"| {code} |" in md


def _docx(content: bytes):
    return docx.Document(io.BytesIO(content))


def _headings(doc, style: str) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name == style]


def _cells(doc) -> list[str]:
    return [cell.text for table in doc.tables for row in table.rows for cell in row.cells]


def test_job_description_docx(northshire):
    role = next(r for r in northshire.framework.roles if r.id == "police-constable")
    result = documents.export_job_description(northshire, "police-constable", form="docx")
    assert isinstance(result.content, bytes) and result.content[:2] == b"PK"
    doc = _docx(result.content)
    assert _headings(doc, "Title") == ["Police constable"]
    assert doc.core_properties.title == "Police constable"
    assert _headings(doc, "Heading 1") == [
        "Purpose of the role", "National Occupational Standards the role must meet",
        "Behaviours", "Qualifications", "Progression"]
    cells = _cells(doc)
    for code in role.standards + role.optional_standards:
        assert code in cells
    behaviours = _headings(doc, "Heading 2")
    assert "We listen to our neighbourhoods · Level 1 (Practitioner)" in behaviours
    assert len([h for h in behaviours if "· Level 1 (Practitioner)" in h]) == len(role.behaviours)
    bullets = [p.text for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert "Tells people what will happen next and when they will hear back." in bullets
    assert "Police sergeant" in bullets  # progression


def test_training_plan_between_two_northshire_roles_is_exactly_the_gap(northshire):
    fw = northshire.framework
    expected = gap(fw, "police-constable", "neighbourhood-sergeant")
    codes = [g.code for g in expected.standards]
    behaviours = [g.behaviour for g in expected.behaviours]
    assert codes == ["SFJAC1", "SFJCJHD14", "SFJCJHD15", "SFJHG1", "SFJAD3", "SFJHG3",
                     "SFJ HG4"]
    constable = next(r for r in fw.roles if r.id == "police-constable")
    assert not {normalise_code(c) for c in constable.standards} & {g.key for g in
                                                                  expected.standards}
    html = documents.export_training_plan(northshire, "neighbourhood-sergeant",
                                          "police-constable").content
    page = Page(html)
    assert page.texts("h1") == ["Training plan: Neighbourhood sergeant"]
    assert page.data("data-code") == codes
    assert page.data("data-behaviour") == behaviours
    assert page.data("data-level") == ["2"] * len(behaviours)
    assert "Level 1 (Practitioner) → Level 2 (Supervisor/middle manager)" in html
    # criteria to evidence: the sergeant's own evidence statements on SFJCJHD14
    assert "NSP-P2" in html and "recognises good work" in html
    # what both roles require is not in the plan
    assert "SFJAA1 Promote equality" not in " ".join(page.texts("h3"))
    assert_self_contained(page)
    md = documents.export_training_plan(northshire, "neighbourhood-sergeant", "police-constable",
                                        form="md").content
    assert re.findall(r"^### (\S+(?: HG4)?) ", md, re.M)[:len(codes)] == codes
    doc = _docx(documents.export_training_plan(northshire, "neighbourhood-sergeant",
                                               "police-constable", form="docx").content)
    standards_h2 = [h for h in _headings(doc, "Heading 2") if "·" not in h]
    assert [h.split(" ")[0] if not h.startswith("SFJ HG4") else "SFJ HG4"
            for h in standards_h2] == codes
    assert len([h for h in _headings(doc, "Heading 2") if "· Level 1" in h]) == len(behaviours)
    assert "NSP-P1" in _cells(doc)


def test_training_plan_for_one_role_is_everything_it_requires(northshire):
    role = next(r for r in northshire.framework.roles if r.id == "police-constable")
    page = Page(documents.export_training_plan(northshire, "police-constable").content)
    assert page.data("data-code") == list(role.standards + role.optional_standards)
    assert page.data("data-behaviour") == list(role.behaviours)


def test_a_plan_from_a_role_to_itself_is_refused(northshire):
    assert gap(northshire.framework, "pcso", "pcso").empty
    with pytest.raises(FormatError) as caught:
        documents.export_training_plan(northshire, "pcso", "pcso")
    assert "both 'pcso'" in caught.value.message and "--from-role" in caught.value.hint


def test_text_a_licence_forbids_passing_on_is_left_out_with_a_note(tmp_path):
    text = MINI.read_text(encoding="utf-8").replace(
        'knowledge = [{ id = "K1" }]',
        'knowledge = [{ id = "K1" }]\ntext_origin = "verbatim"\n'
        'licence = "CC BY-NC-ND 4.0 (test: restrictive)"')
    path = tmp_path / "mini.toml"
    path.write_text(text, encoding="utf-8")
    composed = nosframe.load(path)
    for result in (documents.export_html(composed),
                   documents.export_job_description(composed, "constable", form="md"),
                   documents.export_training_plan(composed, "sergeant", form="html")):
        assert "treat people fairly" not in str(result.content)
        assert any("standard SFJAA1" in loss and "does not allow passing it on" in loss
                   for loss in result.losses)
    html = documents.export_training_plan(composed, "sergeant").content
    assert "Text not included: it is published under “CC BY-NC-ND 4.0 (test: restrictive)”" \
        in html
    doc = _docx(documents.export_training_plan(composed, "sergeant", form="docx").content)
    assert not any("treat people fairly" in c for c in _cells(doc))
    assert any(p.text.startswith("Text not included") for p in doc.paragraphs)
    result = run("export", path, "--to", "training-plan", "--role", "sergeant",
                 "-o", tmp_path / "plan.md")
    assert result.exit_code == 0
    assert "not exported: text of standard SFJAA1" in result.output


def test_html_is_escaped_and_markdown_lets_no_html_through(tmp_path):
    path = tmp_path / "mini.toml"
    path.write_text(MINI.read_text(encoding="utf-8").replace(
        'title = "Police constable"', 'title = "Constable <script>alert(1)</script>"'),
        encoding="utf-8")
    composed = nosframe.load(path)
    html = documents.export_job_description(composed, "constable").content
    assert "<script>" not in html and "&lt;script&gt;" in html
    md = documents.export_job_description(composed, "constable", form="md").content
    assert "<script>" not in md


def test_a_standard_a_role_repeats_is_listed_once_and_mandatory_wins(tmp_path):
    """standards = ["SFJAA1", "SFJAA1", "sfj aa1"], optional_standards = ["SFJAA1"]: one row,
    under the mandatory standards, in every form of the job description and the framework
    document, and one section in the training plan (the check says NF152 for the repeats)."""
    path = tmp_path / "mini.toml"
    path.write_text(MINI.read_text(encoding="utf-8").replace(
        'title = "Police constable"\nstandards = ["SFJAA1"]',
        'title = "Police constable"\nstandards = ["SFJAA1", "SFJAA1", "sfj aa1"]\n'
        'optional_standards = ["SFJAA1"]'), encoding="utf-8")
    composed = nosframe.load(path)
    assert composed.framework.roles[0].standards == ("SFJAA1", "SFJAA1", "sfj aa1")
    md = documents.export_job_description(composed, "constable", form="md").content
    assert md.count("| SFJAA1 | Promote equality and value diversity |") == 1
    assert "Optional standards" not in md
    html = documents.export_job_description(composed, "constable").content
    assert html.count('<td class="id">SFJAA1</td>') == 1
    doc = _docx(documents.export_job_description(composed, "constable", form="docx").content)
    assert _cells(doc).count("SFJAA1") == 1 and "Optional standards" not in \
        _headings(doc, "Heading 2")
    [role] = [r for r in documents.framework_context(composed)[0]["roles"]
              if r["id"] == "constable"]
    assert [s["code"] for s in role["standards"]] == ["SFJAA1"]
    assert role["optional_standards"] == []
    plan = documents.export_training_plan(composed, "constable", form="md").content
    assert plan.count("### SFJAA1 ") == 1 and "(optional)" not in plan


def test_unknown_or_missing_role_is_a_clear_error(northshire):
    with pytest.raises(FormatError) as caught:
        documents.export_job_description(northshire, "chief-constable")
    assert "no role 'chief-constable'" in caught.value.message
    assert "police-constable" in caught.value.hint
    with pytest.raises(FormatError) as caught:
        documents.export_job_description(northshire, "police-constabel")
    assert caught.value.hint.startswith("did you mean 'police-constable'?")
    with pytest.raises(FormatError) as caught:
        documents.export_training_plan(northshire, None)
    assert "give --role ID" in caught.value.message


def test_command_line_picks_the_form_from_the_suffix_or_as(tmp_path):
    base = ["export", NORTHSHIRE, "--to", "job-description", "--role", "police-constable"]
    result = run(*base, "-o", tmp_path / "jd.docx")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "jd.docx").read_bytes()[:2] == b"PK"
    result = run(*base, "--as", "md", "-o", "-")
    assert result.exit_code == 0 and result.stdout.startswith("# Police constable\n")
    result = run(*base, "-o", tmp_path / "jd.pdf")
    assert result.exit_code == 2 and "--as html|md|docx" in result.output
    result = run("export", NORTHSHIRE, "--to", "job-description", "-o", tmp_path / "x.html")
    assert result.exit_code == 2 and "give --role ID" in result.output
    assert "Traceback" not in result.output
    result = run("export", NORTHSHIRE, "--to", "json", "--role", "pcso", "-o", "-")
    assert result.exit_code == 2 and "--to json takes no --role" in result.output
    result = run("export", NORTHSHIRE, "--to", "training-plan", "--role",
                 "neighbourhood-sergeant", "--from-role", "police-constable", "-o",
                 tmp_path / "plan.html")
    assert result.exit_code == 0
    assert 'data-code="SFJCJHD14"' in (tmp_path / "plan.html").read_text(encoding="utf-8")
    result = run("export", NORTHSHIRE, "--to", "html", "-o", tmp_path / "fw.html")
    assert result.exit_code == 0


def test_examples_in_docs_are_current(northshire):
    """docs/examples/ holds the constable's job description and training plan in each form,
    made by the commands in docs/examples/README.md."""
    examples = Path(__file__).parents[1] / "docs" / "examples"
    for name in ("police-constable-job-description", "police-constable-training-plan"):
        for suffix in (".html", ".md", ".docx"):
            assert (examples / f"{name}{suffix}").is_file(), f"{name}{suffix}"
    jd = (examples / "police-constable-job-description.html").read_text(encoding="utf-8")
    fresh = documents.export_job_description(northshire, "police-constable").content
    strip = re.compile(r"Made with nosframe [\w.+-]* ?on \d{4}-\d\d-\d\d")
    assert strip.sub("", jd) == strip.sub("", fresh), \
        "docs/examples is out of date: make it again with the commands in docs/examples/README.md"
