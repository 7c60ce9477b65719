"""Where a TOML text's comments are (what `nosframe fmt` says it drops)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import tomlkit
from tomlkit.items import AoT, Comment, Whitespace

from nosframe.io.comments import comment_lines

ROOT = Path(__file__).parents[2]


def test_hand_checked_lines_strings_are_not_comments():
    text = ('# top\n'
            'a = "x # not" # yes\n'
            "b = 'y # no'\n"
            'c = """\n# no\n"""  # yes\n'
            "d = '''\n#no'''\n"
            'e = "esc \\" # still string" # yes\n'
            'f = [1, # yes\n  2]\n'
            'g = """two ""quotes"" then # no"""""\n'
            'h = 1\n')
    tomllib.loads(text)  # a valid document
    assert comment_lines(text) == [1, 2, 6, 9, 10]
    assert comment_lines("") == [] and comment_lines("a = 1\n") == []


def _tomlkit_comments(text: str) -> int:
    """How many comments tomlkit sees: whole-line Comment items and end-of-line trivia."""
    count = 0

    def walk(container) -> None:
        nonlocal count
        for _key, item in container.body:
            if isinstance(item, Whitespace):
                continue
            if isinstance(item, Comment):
                count += 1
                continue
            if item.trivia.comment:
                count += 1
            tables = item.body if isinstance(item, AoT) else [item]
            for table in tables:
                inner = getattr(table, "value", None)
                if hasattr(inner, "body"):  # a table's container
                    if table is not item and table.trivia.comment:
                        count += 1
                    walk(inner)
    walk(tomlkit.parse(text))
    return count


@pytest.mark.parametrize("path", sorted((ROOT / "frameworks").glob("*.toml"))
                         + sorted(ROOT.glob("plugins/*/src/*/data/*.toml")),
                         ids=lambda p: p.name)
def test_every_bundled_file_counts_what_tomlkit_sees(path):
    text = path.read_text(encoding="utf-8")
    assert len(comment_lines(text)) == _tomlkit_comments(text)
