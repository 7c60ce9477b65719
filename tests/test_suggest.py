"""Suggestions (issue 11 §5): BM25 with the words that matched, bounded queries, the national
library on one scale with the presets, mapping suggestions; the Northshire constable."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from attrs import frozen

import nosframe
from nosframe.analysis.suggest import (KEPT_WEIGHT, MAX_QUERY_WORDS, RoleText, framework_roles,
                                       kept_share, make_query, suggest_for_role,
                                       suggest_mappings, suggest_standards)
from nosframe.editing.catalogue import Catalogue
from nosframe.io import load_document
from nosframe.library import NosLibrary, fts5_available, import_exports
from nosframe.plugins import load_plugins

ROOT = Path(__file__).resolve().parents[1]
NORTHSHIRE = ROOT / "frameworks" / "northshire-police.toml"


@frozen
class E:
    standard: nosframe.model.Standard
    source: str = "preset test"


@pytest.fixture(scope="module")
def northshire():
    plugins = load_plugins()
    composed = nosframe.load(NORTHSHIRE, plugins)
    return composed, Catalogue.build(composed, plugins)


def entries(composed, *codes):
    fw = composed.framework
    return [E(next(s for s in fw.standards if s.key == c.replace(" ", ""))) for c in codes]


def test_hand_checked_ranking_and_the_words_that_matched(northshire):
    composed, _ = northshire
    pool = entries(composed, "SFJ GD9", "SFJBE2", "CD1", "SFJAA1", "SFJCB1")
    found = suggest_standards("supports victims and gives first aid", pool)
    # SFJ GD9 "Administer First Aid": two title words; SFJBE2 "Provide initial support to
    # victims...": two title words in a longer title; SFJCB1 only "support" (in its title);
    # CD1 only "first" in its overview ("... the first response ..."); SFJAA1 shares none
    assert [s.standard.code for s in found.suggestions] == ["SFJ GD9", "SFJBE2", "SFJCB1",
                                                            "CD1"]
    assert found.suggestions[3].fields == {"overview": ("first",)}
    first = found.suggestions[0]
    assert first.words == ("first", "aid")
    assert first.fields["title"] == ("first", "aid")
    assert found.suggestions[1].words == ("supports", "victims")  # stemmed: support, victim
    assert found.query.terms == ("support", "victim", "give", "first", "aid")  # no "and"


def test_the_northshire_constable_gets_its_own_standards_in_the_top_10(northshire):
    """The done-when, hand-checked: what `nosframe suggest standards --role police-constable`
    ranks. SFJAF1 (reduce risks to health and safety) shares no word with the role's
    description and only the PCSO takes it; the PCSO progresses to constable, and a role keeps
    most of what the role before it required, so it is there, 10th, said to be kept."""
    composed, catalogue = northshire
    role = next(r for r in composed.framework.roles if r.id == "police-constable")
    found = suggest_for_role(role, composed.framework, catalogue.entries, limit=10,
                             own=load_document(NORTHSHIRE).framework)
    top = [s.standard.code for s in found.suggestions]
    assert set(role.standards) <= set(top)
    assert top[9] == "SFJAF1" and found.suggestions[9].kept_from == ("pcso",)
    assert found.suggestions[9].words == () and found.suggestions[9].in_role
    # the standards the PCSO requires are all kept from it; the others are not
    pcso = next(r for r in composed.framework.roles if r.id == "pcso")
    for s in found.suggestions:
        assert s.kept_from == (("pcso",) if s.standard.code in pcso.standards else ())
    gd9 = found.suggestions[top.index("SFJ GD9")]
    assert gd9.words == ("Police", "first", "aid") and gd9.in_role
    assert "pcso" in gd9.roles  # the PCSO progresses to constable and takes it
    assert "SFJRM4" not in top  # Northshire removes it: never suggested


def test_the_share_kept_on_promotion_is_measured_on_the_other_steps(northshire):
    """Hand-checked on Northshire, leaving out the constable's steps (PCSO -> constable,
    constable -> sergeant, neighbourhood sergeant, detective constable): detective constable
    -> sergeant keeps 4 of 6, sergeant -> inspector 4 of 7, staff investigator -> detective
    constable 6 of 6, contact handler -> supervisor 5 of 7, neighbourhood sergeant ->
    inspector 6 of 8: 25 of 34."""
    composed, _ = northshire
    assert kept_share(composed.framework, leave_out="police-constable") == 25 / 34
    roles = {r.id: r for r in framework_roles(composed.framework, leave_out="police-constable")}
    assert roles["pcso"].keeps == 25 / 34  # the one role that progresses to constable
    assert all(r.keeps == 0 for r in roles.values() if r.id != "pcso")
    assert roles["police-sergeant"].neighbour and not roles["police-sergeant"].keeps


def test_a_standard_the_role_before_requires_is_passed_its_share_of_the_best_score():
    from nosframe.model import Standard

    pool = [E(Standard("SFJ GD9", "Administer First Aid")),
            E(Standard("SFJAF1", "Ensure your own actions reduce risks to health and safety"))]
    words_only = suggest_standards("first aid", pool)
    assert [s.standard.code for s in words_only.suggestions] == ["SFJ GD9"]
    best = words_only.suggestions[0].score
    before = [RoleText("trainee", "learns", ("SFJAF1",), keeps=0.6)]
    found = suggest_standards("first aid", pool, roles=before)
    by_code = {s.standard.code: s for s in found.suggestions}
    assert by_code["SFJAF1"].kept_from == ("trainee",) and by_code["SFJAF1"].words == ()
    assert by_code["SFJAF1"].score == pytest.approx(best * 0.6 * KEPT_WEIGHT)
    assert by_code["SFJ GD9"].score == pytest.approx(best)  # nothing passed to it
    # a role that does not progress to this one passes nothing for being before
    other = [RoleText("trainee", "learns", ("SFJAF1",))]
    assert [s.standard.code for s in suggest_standards("first aid", pool, roles=other)
            .suggestions] == ["SFJ GD9"]


def test_words_alone_find_half_of_the_constables_standards(northshire):
    composed, catalogue = northshire
    role = next(r for r in composed.framework.roles if r.id == "police-constable")
    found = suggest_standards(role.purpose, catalogue.entries, limit=10)
    hits = {s.standard.code for s in found.suggestions} & set(role.standards)
    assert hits == {"SFJ GD9", "CD1", "SFJCB1", "SFJBE2"}  # the four that share its words


def test_similar_roles_pass_their_standards_and_say_so():
    from nosframe.model import Standard

    pool = [E(Standard("SFJAA1", "Promote equality and value diversity")),
            E(Standard("SFJ GD9", "Administer First Aid"))]
    roles = [RoleText("medic", "gives first aid at events", ("SFJAA1",)),
             RoleText("clerk", "keeps records", ()), RoleText("driver", "drives vans", ())]
    found = suggest_standards("first aid", pool, roles=roles)
    by_code = {s.standard.code: s for s in found.suggestions}
    assert by_code["SFJAA1"].words == () and by_code["SFJAA1"].roles == {"medic": ("first",
                                                                                   "aid")}
    assert by_code["SFJAA1"].from_roles == by_code["SFJAA1"].score > 0


@pytest.mark.parametrize("text", ["", "   ", "the and of", "\ud800\udfff", "***", '" OR NEAR('])
def test_empty_and_odd_queries_suggest_nothing_without_error(northshire, text):
    _, catalogue = northshire
    found = suggest_standards(text, catalogue.entries)
    assert found.suggestions == () and found.query.left_out == 0


def test_fts_syntax_in_a_query_is_words(northshire):
    _, catalogue = northshire
    found = suggest_standards('first" OR aid* NEAR(', catalogue.entries, limit=3)
    assert found.suggestions[0].standard.code in {"SFJ GD9", "SFJRM4"}
    assert found.suggestions[0].words == ("first", "aid")


def test_a_huge_query_is_bounded_and_says_what_it_left_out(northshire):
    _, catalogue = northshire
    text = " ".join(f"word{n}" for n in range(5000)) + " first aid"
    start = time.perf_counter()
    found = suggest_standards(text, catalogue.entries)
    assert time.perf_counter() - start < 5  # bounded (not a timing test: 100 words are used)
    assert len(found.query.terms) == MAX_QUERY_WORDS
    assert found.query.left_out > 2000  # distinct words beyond the 100, in 20,000 characters
    # past the 20,000 characters read: every word there is left out, and counted
    assert make_query("first aid " * 5000).left_out == 10_000 - 20_000 // len("first aid ") * 2


def test_a_library_that_fails_or_answers_nonsense_is_a_note():
    class Broken:
        name = "broken"

        def rank(self, *args, **kwargs):
            raise RuntimeError("disk on fire")

    class Nonsense:
        name = "nonsense"

        def rank(self, *args, **kwargs):
            return "not a ranking"

    found = suggest_standards("first aid", [], [Broken(), Nonsense()])
    assert found.suggestions == ()
    assert found.notes[0] == "library broken: disk on fire"
    assert found.notes[1].startswith("library nonsense: ")


def test_mapping_suggestions_hand_checked(northshire):
    composed, _ = northshire
    sfjab1 = next(s for s in composed.framework.standards if s.key == "SFJAB1")
    found = suggest_mappings(sfjab1, composed.framework)
    pairs = {(m.criterion, m.target): m.words for m in found}
    # NSP-P4 "explains to the public what was done and why, and what will happen next" and
    # the indicator "Tells people what will happen next and when they will hear back."
    assert pairs[("NSP-P4", "behaviour:we-listen-to-neighbourhoods")] == ("public", "happen",
                                                                          "next")
    assert pairs[("NSP-P4", "value:public-service")] == ("public",)
    assert all(m.words for m in found)
    # a standard without criteria: nothing to suggest
    gd9 = next(s for s in composed.framework.standards if s.key == "SFJGD9")
    assert suggest_mappings(gd9, composed.framework) == ()


# -- the command line ------------------------------------------------------------------------


@pytest.fixture
def role_file(write):
    return write("force.toml", """
        [framework]
        id = "test-force"
        title = "Test force"
        extends = ["test-base"]

        [[standards]]
        code = "SFJ GD9"
        title = "Administer First Aid"
        keywords = ["First Aid", "CPR"]

        [[standards]]
        code = "SFJBE2"
        title = "Provide initial support to victims, survivors and witnesses and assess their need for further support"

        [[roles]]
        id = "responder"
        title = "Responder"
        purpose = "Gives first aid at incidents."
        responsibilities = ["Support victims."]
        standards = ["SFJ GD9"]
        """)


def test_cli_role_json(cli_run, role_file):
    result = cli_run("suggest", "standards", role_file, "--role", "responder", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["role"] == "responder"
    assert data["query"] == ["Responder", "Gives", "first", "aid", "incidents", "Support",
                             "victims"]
    first, second = data["suggestions"][:2]
    assert (first["code"], first["words"], first["in_role"]) == ("SFJ GD9", ["first", "aid"],
                                                                  True)
    assert first["fields"]["title"] == ["first", "aid"]
    assert (second["code"], second["words"]) == ("SFJBE2", ["Support", "victims"])


def test_cli_text_file_and_plain_output(cli_run, role_file, tmp_path):
    job = tmp_path / "job.txt"
    job.write_text("Job description\n\nYou will support victims of crime.\n", encoding="utf-8")
    result = cli_run("suggest", "standards", role_file, "--text", job, "--limit", "1")
    assert result.exit_code == 0, result.output
    assert "  1. SFJBE2  Provide initial support" in result.stdout
    assert "words: support, victims" in result.stdout
    assert "  2." not in result.stdout


@pytest.mark.parametrize("args, message", [
    ((), "nothing to suggest for"),
    (("--role", "nobody"), "no role 'nobody' (--role)"),
    (("--text", "missing.txt"), "cannot read the text"),
])
def test_cli_mistakes_are_clear(cli_run, role_file, args, message):
    result = cli_run("suggest", "standards", role_file, *args)
    assert result.exit_code == 2
    assert message in result.stderr and "hint:" in result.stderr
    assert "Traceback" not in result.output


def test_cli_empty_and_binary_text(cli_run, role_file, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    result = cli_run("suggest", "standards", role_file, "--text", empty)
    assert result.exit_code == 2 and "the text is empty" in result.stderr
    binary = tmp_path / "job.docx"
    binary.write_bytes(b"PK\x03\x04\x00\x00binary")
    result = cli_run("suggest", "standards", role_file, "--text", binary)
    assert result.exit_code == 2 and "not a text file" in result.stderr
    words = tmp_path / "stop.txt"
    words.write_text("the and of", encoding="utf-8")
    result = cli_run("suggest", "standards", role_file, "--text", words, "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["suggestions"] == []
    assert "no words to search for" in result.stderr


def test_cli_mappings(cli_run, write):
    path = write("maps.toml", """
        [framework]
        id = "maps"
        title = "Maps"

        [[behaviours]]
        id = "we-listen"
        name = "We listen to our neighbourhoods"
        levels = { "1" = ["Tells people what will happen next."] }

        [[behaviours]]
        id = "we-analyse"
        name = "We analyse critically"

        [[standards]]
        code = "SFJAB1"
        title = "Communicate effectively with people"
        performance = [{ id = "P1", text = "Explain what will happen next to the public" }]
        """)
    result = cli_run("suggest", "mappings", path, "--standard", "sfjab1", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(s["criterion"], s["target"], s["words"]) for s in data["suggestions"]] == [
        ("P1", "behaviour:we-listen", ["happen", "next"])]
    result = cli_run("suggest", "mappings", path, "--standard", "NOPE1")
    assert result.exit_code == 2 and "no standard 'NOPE1'" in result.stderr


def test_the_wording_every_criterion_shares_supports_no_mapping():
    """Westvale writes "Westvale evidence statement: ..." before each of its criteria: those
    words are its template, not what a criterion is about, so "evidence" (which the behaviour
    'making effective decisions' also uses) supports no suggestion."""
    from nosframe.analysis.suggest import _template_words, stems

    composed = nosframe.load(Path(__file__).parents[1] / "frameworks" / "westvale-probation.toml")
    fw = composed.framework
    template = _template_words(fw)
    assert set(stems(["Westvale evidence statement"])[0]) <= template
    assert "risk" not in template  # a word of some criteria only
    standard = next(s for s in fw.standards if s.key == "SFJEA2")
    found = suggest_mappings(standard, fw)
    assert found and all("evidence" not in s.words and "statement" not in s.words
                         for s in found)
    assert any(s.words == ("risk", "judgement", "records") for s in found)


def test_reasons_say_why_in_words_and_count_roles_when_most_take_it():
    from nosframe.analysis.suggest import StandardSuggestion
    from nosframe.model import Standard

    s = Standard("SFJAA1", "Promote equality")
    many = StandardSuggestion(s, "preset", 1.0, ("equality",), {}, roles={
        f"r{i}": () for i in range(6)}, kept_from=("r0",), of_roles=8)
    assert many.reasons() == ("words: equality",
                              "required by the role before it (kept on promotion): r0",
                              "taken by 6 similar roles of the 8 others")
    few = StandardSuggestion(s, "preset", 1.0, (), {}, roles={"medic": ("aid",)}, of_roles=8)
    assert few.reasons() == ("taken by similar roles: medic",)
    # the picker's column says the same in the fewest words
    assert many.brief() == "equality; kept from r0; like r1, r2, r3, r4, r5"
    assert few.brief() == "like medic"
    assert StandardSuggestion(s, "preset", 1.0, (), {}).brief() == ""
