"""What loads saves back the same; saves are canonical, deterministic and atomic."""

from __future__ import annotations

import datetime as dt
import os
import string
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nosframe.io import dumps, load_document, loads, save
from nosframe.io.locate import Locator
from nosframe.model import (
    Behaviour,
    Category,
    CriteriaGroup,
    Criterion,
    Framework,
    FrameworkInfo,
    FrameworkStatus,
    Level,
    Mapping,
    Override,
    OverrideAction,
    Role,
    Source,
    Standard,
    TextOrigin,
    Validity,
    Value,
)

DATA = Path(__file__).parent / "data"


def full_framework() -> Framework:
    return Framework(
        FrameworkInfo(id="full", title="Full", organisation="Org", version="2.0",
                      status=FrameworkStatus.CONSULTATION, licence="OGL-UK-3.0",
                      description="Line one\nline two", extends=("a", "b.toml")),
        sources=(Source(id="s", title="Src", url="https://example.org", licence="x"),),
        levels=(Level(1, "One", "first"), Level(2, "Two")),
        values=(Value("v", "V", "desc", text_origin=TextOrigin.ORGANISATION),),
        behaviours=(Behaviour("b", "B", "cluster", "d", ("v",), {1: ("x", "y"), 2: ("z",)}),),
        standards=(Standard(
            code="SFJ EA2", title="T", overview="[looks like a header]\nmore",
            elements=(CriteriaGroup("EA2.1", "E"),),
            performance=(Criterion("P1", "text", "EA2.1"),), knowledge=(Criterion("K1"),),
            version_number=3, date_approved=dt.date(2019, 1, 2),
            indicative_review_date=dt.date(2024, 1, 2), validity=Validity.LEGACY,
            category=Category.JOB_SPECIFIC, suites=("Suite A", "Suite B"), keywords=("k",),
            links_to_other_nos=("SFJEA1",), unconfirmed=("title",),
            text_origin=TextOrigin.PARAPHRASE),),
        roles=(Role("r", "R", "fam", "B", "p", ("resp",), ("SFJEA2",), ("X",), {"b": 2},
                    ("r2",), ("q",)),),
        mappings=(Mapping("SFJEA2", ("P1", "K1"), behaviour="b", note="n"),),
        overrides=(Override(OverrideAction.SET, "role:x", fields={"purpose": "p",
                                                                  "standards": ["A"]}),
                   Override(OverrideAction.RETITLE, "value:y", title="Y")),
    )


def test_full_model_round_trip(tmp_path):
    fw = full_framework()
    path = tmp_path / "f.toml"
    save(fw, path)
    again = load_document(path).framework
    assert again == fw
    save(again, path)
    assert path.read_text() == dumps(fw)


def test_save_load_save_is_byte_identical_for_the_fixture():
    text = (DATA / "mini.toml").read_text()
    first = dumps(loads(text).framework)
    assert dumps(loads(first).framework) == first


def test_byte_order_mark_is_read_and_not_saved(tmp_path):
    """Some Windows editors start UTF-8 files with a BOM: the file loads, lines stay right, and
    a save writes canonical TOML without it."""
    text = (DATA / "mini.toml").read_text()
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    doc = load_document(path)
    assert doc.framework == loads(text).framework
    assert doc.location("roles[0]").line == loads(text).location("roles[0]").line
    assert not doc.text.startswith("\ufeff")
    save(doc.framework, path)
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert path.read_text() == dumps(doc.framework)


def test_canonical_order_framework_first():
    text = dumps(full_framework())
    headers = [line for line in text.splitlines() if line.startswith("[")]
    assert headers[0] == "[framework]"
    order = [h for h in headers if h.startswith("[[")]
    assert order == ["[[sources]]", "[[levels]]", "[[levels]]", "[[values]]", "[[behaviours]]",
                     "[[standards]]", "[[roles]]", "[[mappings]]", "[[overrides]]",
                     "[[overrides]]"]


def test_defaults_are_omitted():
    text = dumps(Framework(FrameworkInfo(id="x"), roles=(Role("r"),)))
    assert text == '[framework]\nid = "x"\n\n[[roles]]\nid = "r"\n'


def test_atomic_save_leaves_old_file_when_writing_fails(tmp_path, monkeypatch):
    path = tmp_path / "f.toml"
    save(Framework(FrameworkInfo(id="old")), path)
    before = path.read_text()

    def broken_fsync(fd):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        save(Framework(FrameworkInfo(id="new")), path)
    assert path.read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.toml"]


def test_hand_formatting_is_detected():
    plain = dumps(Framework(FrameworkInfo(id="x")))
    assert not loads(plain).has_hand_formatting
    assert loads("# comment\n" + plain).has_hand_formatting
    assert loads(plain.replace('id = "x"', 'id    =   "x"')).has_hand_formatting


def test_locator_handles_nested_and_multiline():
    text = (
        '[framework]\nid = "x"\ndescription = """\n[[roles]]\nnot a header\n"""\n\n'
        '[[roles]]\nid = "a"\nstandards = [\n  "A",\n  "B",\n]\n\n[roles.behaviours]\nb = 1\n\n'
        '[[standards]]\ncode = "S"\n\n[[standards.performance]]\nid = "P1"\n\n'
        '[[standards.performance]]\nid = "P2"\n\n[[standards]]\ncode = "T"\n'
        '\n[[standards.performance]]\nid = "P1"\n'
    )
    loc = Locator(text)
    assert loc.line_of("framework.description") == 3
    assert loc.line_of("roles[0]") == 8
    assert loc.line_of("roles[0].standards[1]") == 10
    assert loc.line_of("roles[0].behaviours.b") == 16
    assert loc.line_of("standards[0].performance[1].id") == 25
    assert loc.line_of("standards[1].performance[0]") == 30
    assert loc.line_of("roles[5]") is None
    assert tomllib.loads(text)["roles"][0]["behaviours"] == {"b": 1}


# -- property-based round trip -----------------------------------------------------------------

ident = st.text(string.ascii_lowercase + "-", min_size=1, max_size=8).filter(
    lambda s: s.strip("-") == s)
texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"),
                max_size=40)
criteria = st.lists(st.builds(Criterion, id=st.sampled_from(["P1", "P2", "K1", "K2"]),
                              text=texts), max_size=3, unique_by=lambda c: c.id)


@st.composite
def frameworks(draw):
    standards = draw(st.lists(st.builds(
        Standard, code=st.from_regex(r"[A-Z]{3}[0-9]{1,3}", fullmatch=True), title=texts,
        overview=texts, performance=criteria.map(tuple), knowledge=criteria.map(tuple),
        suites=st.lists(texts.filter(bool), max_size=2).map(tuple),
        indicative_review_date=st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2040, 1, 1)),
        validity=st.sampled_from(Validity), category=st.none() | st.sampled_from(Category),
        version_number=st.none() | st.integers(0, 99),
    ), max_size=4, unique_by=lambda s: s.key))
    behaviours = draw(st.lists(st.builds(
        Behaviour, id=ident, name=texts, values=st.lists(ident, max_size=2).map(tuple),
        levels=st.dictionaries(st.integers(1, 5), st.lists(texts, max_size=2).map(tuple),
                               max_size=3)), max_size=3, unique_by=lambda b: b.id))
    roles = draw(st.lists(st.builds(
        Role, id=ident, title=texts, level=texts,
        standards=st.lists(st.sampled_from([s.code for s in standards] or ["X1"]),
                           max_size=3).map(tuple),
        behaviours=st.dictionaries(ident, st.integers(1, 5), max_size=3),
        progresses_to=st.lists(ident, max_size=2).map(tuple)),
        max_size=3, unique_by=lambda r: r.id))
    return Framework(FrameworkInfo(id=draw(ident), title=draw(texts),
                                   status=draw(st.sampled_from(FrameworkStatus))),
                     behaviours=tuple(behaviours), standards=tuple(standards), roles=tuple(roles))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frameworks())
def test_any_framework_round_trips(fw):
    text = dumps(fw)
    again = loads(text).framework
    assert again == fw
    assert dumps(again) == text
