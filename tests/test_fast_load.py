"""Loading made fast (issue 13) must not change what loading says.

The limits scan takes runs of tokens whole and the line locator works on demand: here each is
compared with the plain one-token-at-a-time reference it replaced, on real files and on random
text, and locations made lazily equal those made at once.
"""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nosframe.io import load_document, loads
from nosframe.io.errors import LoadError
from nosframe.io.limits import MAX_KEY_PARTS, MAX_NESTING, check_toml_limits
from nosframe.io.locate import Locator, _bracket_balance
from nosframe.model.findings import Location

ROOT = Path(__file__).parents[1]
FILES = sorted((ROOT / "frameworks").glob("*.toml")) + [ROOT / "tests" / "data" / "mini.toml"]

# -- the reference: the scan as it was, one token at a time ---------------------------------

_TOKENS = re.compile(
    r'"""(?:\\.|[^\\])*?"""{0,2}'
    r"|'''.*?''''{0,2}"
    r'|"(?:\\.|[^"\\\n])*"?'
    r"|'[^'\n]*'?"
    r"|#[^\n]*"
    r"|[\[\]{}.=,\n]",
    re.DOTALL,
)


def reference_scan(text: str) -> tuple[str, int] | None:
    """What the one-token-at-a-time scan found: ("key" | "deep", line), or None."""
    line, depth, dots, line_start, header, too_deep = 1, 0, 0, True, False, None
    for match in _TOKENS.finditer(text):
        token = match.group()
        first = token[0]
        if first == "\n":
            line += 1
            line_start, header, dots = True, False, 0
            continue
        if first in "\"'#":
            line += token.count("\n")
            line_start = False
            continue
        if first == ".":
            dots += 1
            if dots >= MAX_KEY_PARTS:
                return ("key", line)
            continue
        dots = 0
        if first == "[" and (header or (line_start and depth == 0)):
            header = True
        elif header and first == "]":
            pass
        elif first in "[{":
            depth += 1
            if depth > MAX_NESTING and too_deep is None:
                too_deep = line
        elif first in "]}":
            depth = max(depth - 1, 0)
        line_start = False
    return None if too_deep is None else ("deep", too_deep)


def fast_scan(text: str) -> tuple[str, int] | None:
    try:
        check_toml_limits(text, "x.toml")
    except LoadError as exc:
        kind = "key" if "dotted key" in exc.message else "deep"
        return (kind, exc.location.line)
    return None


def expected(text: str) -> tuple[str, int] | None:
    found = reference_scan(text)
    if found and found[0] == "deep":
        from nosframe.io.limits import _unclosed

        if _unclosed(text):  # the reference, too, leaves an unclosed array to tomllib
            return None
    return found


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_the_limits_scan_agrees_on_every_example(path):
    text = path.read_text()
    assert fast_scan(text) == expected(text) is None


def test_the_limits_scan_agrees_near_the_limits():
    texts = []
    for n in (MAX_KEY_PARTS - 2, MAX_KEY_PARTS - 1, MAX_KEY_PARTS, MAX_KEY_PARTS + 1):
        key = ".".join(["a"] * n)
        texts += [f"{key} = 1\n", f"[{key}]\nx = 1\n", f"x = 1\n[[{key}]]\n",
                  f'["{key}"]\n', f"t = {{ {key} = 1 }}\n", f'x = """\n{key}\n"""\n{key} = 2\n']
    for n in (MAX_NESTING - 2, MAX_NESTING - 1, MAX_NESTING, MAX_NESTING + 1, MAX_NESTING + 3):
        texts += [f"x = {'[' * n}1{']' * n}\n", f"[t]\nx = {'[' * n}\n{']' * n}\n",
                  "x = [\n" + "  [\n" * (n - 1) + "  { a = 1 },\n" + "]\n" * n,
                  "x = " + "{ a = " * n + "1" + " }" * n + "\n",
                  "[a]\n" + "x = [\n" * n + '  "s",\n' + "]\n" * n]
    for text in texts:
        assert fast_scan(text) == expected(text), text


FRAGMENTS = ["[", "]", "[[", "]]", "{", "}", ".", "=", ",", "\n", " ", "\t", "#", "a", "b.c",
             '"', "'", '"""', "'''", '"x.y"', "'z'", "\\", '\\"', "\\\n", "key = ", "[t]\n",
             "[[a.b]]\n", 'x = "v"\n', "  { id = 1 },\n", "= [\n", "]\n", '"s", ', "\r"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=80), st.integers(0, 40))
def test_the_limits_scan_agrees_on_random_text(parts, repeat):
    text = "".join(parts)
    for variant in (text, text * (repeat // 10 + 1), "x = [\n" * repeat + text,
                    text + ("." * repeat), "[" * repeat + text + "]" * repeat):
        assert fast_scan(variant) == expected(variant), repr(variant)


# -- the line locator ------------------------------------------------------------------------


def _reference_balance(text: str) -> int:
    balance, quote = 0, None
    for ch in text:
        if quote:
            if ch == quote:
                quote = None
            continue
        if ch in "\"'":
            quote = ch
        elif ch == "#":
            break
        elif ch in "[{":
            balance += 1
        elif ch in "]}":
            balance -= 1
    return balance


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="[]{}\"'# ax=,", max_size=40))
def test_bracket_balance_is_the_character_walk(text):
    assert _bracket_balance(text) == _reference_balance(text)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_lazy_locations_equal_the_lines_found_at_once(path):
    """Every element's location, found on demand, is the line a locator built at once finds;
    and the locator is built only when a line is first read."""
    document = load_document(path)
    assert not document.locator.ready  # loading read no line
    eager = Locator(path.read_text())
    paths = ["framework", "framework.id", "framework.extends[0]"]
    for attr in ("roles", "standards", "behaviours", "values", "levels", "mappings",
                 "overrides"):
        for index, element in enumerate(getattr(document.framework, attr)):
            paths += [f"{attr}[{index}]", f"{attr}[{index}].title", f"{attr}[{index}].nope"]
    locations = [document.location(p) for p in paths]
    assert not document.locator.ready  # making locations reads no line either
    for where, path_ in zip(locations, paths):
        assert where.line == eager.line_of(path_), path_
        assert where == Location(str(path), eager.line_of(path_), path_)
        assert hash(where) == hash(Location(str(path), eager.line_of(path_), path_))
    assert document.locator.ready


def test_a_lazy_location_prints_compares_and_pickles_like_a_plain_one():
    text = '[framework]\nid = "f"\n\n[[roles]]\nid = "r"\ntitle = "R"\n'
    document = loads(text, Path("f.toml"))
    where = document.location("roles[0].title")
    plain = Location("f.toml", 6, "roles[0].title")
    copy = pickle.loads(pickle.dumps(where))  # before its line is read: it stays lazy
    assert where == plain and str(where) == "f.toml:6: roles[0].title"
    assert repr(where) == repr(plain) == \
        "Location(file='f.toml', line=6, path='roles[0].title')"
    assert copy == plain and copy.to_json() == plain.to_json()
    assert pickle.loads(pickle.dumps(where)) == plain
    assert Location("f.toml", 5, "roles[0].title") != where
    match where:
        case Location(file, line, path):
            assert (file, line, path) == ("f.toml", 6, "roles[0].title")


def test_a_finding_shows_its_line_from_a_lazy_location(tmp_path):
    from nosframe import check, load

    path = tmp_path / "f.toml"
    path.write_text('[framework]\nid = "f"\n\n[[roles]]\nid = "r"\ntitle = "R"\n'
                    'standards = ["NOPE1"]\n')
    findings = [f for f in check(load(path)) if f.element == ("role", "r")]
    assert findings and all(f.location.line == 7 for f in findings), findings
    assert f"{path}:7: roles[0].standards[0]" in str(findings[0])


# -- structuring: the generated path gives cattrs's model or leaves the data to cattrs ---------

_VALUES = st.one_of(st.text(max_size=3), st.integers(-2, 3), st.booleans(), st.none(),
                    st.lists(st.text(max_size=2), max_size=2), st.dates(),
                    st.dictionaries(st.text(max_size=2), st.integers(0, 3), max_size=2))


def _table(keys: list[str]):
    return st.dictionaries(st.sampled_from(keys + ["nope"]), _VALUES, max_size=5)


_ROLE_KEYS = ["id", "title", "level", "standards", "behaviours", "progresses_to"]
_STANDARD_KEYS = ["code", "title", "version_number", "date_approved", "validity", "suites"]
_DATA = st.fixed_dictionaries(
    {"framework": st.one_of(st.just({"id": "f"}), _table(["id", "title", "extends"]))},
    optional={"roles": st.lists(_table(_ROLE_KEYS), max_size=3),
              "standards": st.lists(st.one_of(
                  _table(_STANDARD_KEYS),
                  st.fixed_dictionaries({"code": st.just("S1")}, optional={
                      "performance": st.lists(_table(["id", "text", "element"]), max_size=2)})),
                  max_size=3),
              "mappings": st.lists(_table(["standard", "criteria", "behaviour"]), max_size=3),
              "overrides": st.lists(_table(["action", "target", "fields"]), max_size=2)})


def _outcome(fn, data):
    try:
        return fn(data)
    except Exception as exc:  # noqa: BLE001 - any refusal
        return exc


@settings(max_examples=300, deadline=None)
@given(_DATA)
def test_the_fast_structuring_gives_what_cattrs_gives_or_leaves_it_to_cattrs(data):
    from nosframe.io.convert import _fast_framework, converter
    from nosframe.model import Framework

    slow = _outcome(lambda d: converter.structure(d, Framework), data)
    fast = _outcome(_fast_framework, data)
    if isinstance(slow, Exception):
        assert isinstance(fast, Exception), data  # so cattrs says what is wrong
    elif not isinstance(fast, Exception):
        assert fast == slow


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_the_fast_structuring_takes_every_example(path):
    import tomllib

    from nosframe.io.convert import _fast_framework, converter
    from nosframe.model import Framework

    data = tomllib.loads(path.read_text())
    assert _fast_framework(data) == converter.structure(data, Framework)
