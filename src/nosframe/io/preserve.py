"""Saving that keeps the user's file: only what was edited changes.

A framework file is hand-written text: a header comment, section comments, blank lines, keys in
the order the author chose, inline tables. :func:`render` takes the text as it was read, the
framework as it was loaded from it and the edited framework, and changes only the tables of the
elements that differ:

- an element whose fields changed keeps its table; only the changed keys are rewritten (with
  tomlkit, on that table alone), so comments and layout around and inside it stay;
- a deleted element's table goes (the comments between tables stay: they usually introduce a
  section, not one element);
- a new element is written canonically after the last element of its kind, or in document order
  (after the nearest kind before it) when the file has none of that kind.

Elements are matched by kind and key (``nosframe.model.kinds.KINDS``); overrides by action and
target, in order; other arrays of tables by content, in order. A renamed element is changed in
place. The result always loads back to exactly the edited framework: each rewritten table is
parsed and compared with its element (a mismatch: that element is written canonically), then
the whole text is (a mismatch: the whole file is canonical, and :attr:`Rendered.canonical` says
why). A file whose layout this module does not follow (elements written as inline arrays or
dotted keys at the top, sub-tables away from their element) is also written canonically.
"""

from __future__ import annotations

import difflib
import enum
import re
import tomllib
from pathlib import Path
from typing import Any

import attrs
import tomlkit
from attrs import frozen
from tomlkit.items import AoT, Array, InlineTable, String, Table

from nosframe.io.convert import converter
from nosframe.io.toml import Document, _table, dumps, loads
from nosframe.model import Framework, Override
from nosframe.model.kinds import KINDS

_KIND_OF_ATTR = {k.attr: k for k in KINDS}


@frozen
class Rendered:
    """The text to write and what happened."""

    text: str
    document: Document  # ``text`` loaded back (it equals the edited framework)
    canonical: str = ""  # why the whole text is canonical rather than the file's ("": kept)
    rewritten: tuple[str, ...] = ()  # "role pcso": elements written canonically (not patched)


# -- the blocks of a file ---------------------------------------------------------------------


@frozen
class _Block:
    attr: str  # "framework", "roles", "overrides", ...
    start: int  # line index of the header
    end: int  # line index after its last content line (blank lines and comments after it are
    # the gap before the next block)


_BARE = r"[A-Za-z0-9_-]+"
_BASIC = r'"(?:[^"\\\n]|\\.)*"'
_LITERAL = r"'[^'\n]*'"
_KEYPART = rf"(?:{_BARE}|{_BASIC}|{_LITERAL})"
_HEADER = re.compile(rf"[ \t]*(\[\[?)[ \t]*({_KEYPART}(?:[ \t]*\.[ \t]*{_KEYPART})*)[ \t]*\]\]?")
_TOKEN = re.compile(rf'"""|\'\'\'|{_BASIC}|{_LITERAL}|#[^\n]*|[\[\]{{}}]|\n')
_ML_BASIC_END = re.compile(r'(?:[^"\\]|\\.|"(?!""))*""""{0,2}', re.S)
_ML_LITERAL_END = re.compile(r"(?:[^']|'(?!''))*'''('{0,2})", re.S)


class _Unsupported(Exception):
    """The file's layout is not one this module can edit in place (say why)."""


def _key_parts(dotted: str) -> list[str]:
    parts = re.findall(_KEYPART, dotted)
    return [p[1:-1] if p[:1] in "\"'" else p for p in parts]


def _headers(text: str) -> list[tuple[int, str, list[str]]]:
    """(offset, "[" or "[[", key parts) of each table header, skipping strings and values."""
    out = []
    pos, depth, line_start = 0, 0, True
    n = len(text)
    while pos < n:
        if line_start and depth == 0:
            m = _HEADER.match(text, pos)
            if m:
                out.append((pos, m.group(1), _key_parts(m.group(2))))
                pos = m.end()
                line_start = False
                continue
        m = _TOKEN.search(text, pos)
        if m is None:
            break
        token = m.group()
        line_start = False
        pos = m.end()
        if token == "\n":
            line_start = True
        elif token == '"""' or token == "'''":
            end = (_ML_BASIC_END if token == '"""' else _ML_LITERAL_END).match(text, pos)
            if end is None:
                raise _Unsupported("an unclosed multi-line string")
            pos = end.end()
        elif token in "[{":
            depth += 1
        elif token in "]}":
            depth = max(0, depth - 1)
    return out


def _blocks(text: str, lines: list[str], before: Framework) -> list[_Block]:
    """The top-level tables of ``text``, each with its sub-tables, checked against ``before``."""
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    line_of = {offset: index for index, offset in enumerate(offsets)}
    arrays = {a.name for a in attrs.fields(Framework)} - {"framework"}
    found: list[tuple[str, int]] = []
    current = None
    for offset, bracket, parts in _headers(text):
        if offset not in line_of:  # a header after something else on its line
            raise _Unsupported("a table header that does not start its line")
        top = parts[0]
        if len(parts) == 1 and ((bracket == "[[" and top in arrays)
                                or (bracket == "[" and top == "framework")):
            current = top
            found.append((top, line_of[offset]))
        elif len(parts) > 1 and top == current:
            continue  # a sub-table of the current element
        else:
            raise _Unsupported(f"the table [{'.'.join(parts)}] is not where nosframe writes "
                               "it (right after its element)")
    if not found:
        raise _Unsupported("no table headers")
    if any(_content(line) for line in lines[:found[0][1]]):
        raise _Unsupported("keys before the first table")
    blocks = []
    for i, (attr, start) in enumerate(found):
        stop = found[i + 1][1] if i + 1 < len(found) else len(lines)
        end = stop
        while end > start + 1 and not _content(lines[end - 1]):
            end -= 1
        blocks.append(_Block(attr, start, end))
    for a in attrs.fields(Framework):
        count = sum(1 for b in blocks if b.attr == a.name)
        want = 1 if a.name == "framework" else len(getattr(before, a.name))
        if count != want:
            raise _Unsupported(f"{a.name} are not all written as [[{a.name}]] tables"
                               if a.name != "framework" else "no single [framework] table")
    return blocks


def _content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


# -- element data -----------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """Unstructured data as plain TOML values (lists, dicts, scalars)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _data(element: Any) -> dict:
    return _plain(converter.unstructure(element, type(element)))


def _identity(attr: str, element: Any) -> Any:
    """What matches an element of the file with one of the edited framework."""
    if attr in _KIND_OF_ATTR:
        return element.key
    if isinstance(element, Override):
        return (element.action.value, element.target)
    key = getattr(element, "key", None)
    return key if key is not None else repr(element)


def _label(attr: str, element: Any) -> str:
    if attr == "framework":
        return "[framework]"
    kind = _KIND_OF_ATTR.get(attr)
    name = kind.name if kind else attr
    return f"{name} {_identity(attr, element)}"


# -- patching one table -----------------------------------------------------------------------


def _scalar(value: Any) -> bool:
    return not isinstance(value, (dict, list))


def _new_item(value: Any, *, inline: bool, like: Any = None, table: bool = False) -> Any:
    """A tomlkit item for a new value, in the style of the one it replaces where there is one."""
    if isinstance(value, str) and isinstance(like, String) and like.type.value.startswith(
            ("\"\"\"", "'''")) and "\n" in value:
        return tomlkit.string(value, multiline=True)
    if isinstance(value, dict):
        nested = any(isinstance(v, dict) or (isinstance(v, list) and v and
                                             isinstance(v[0], dict)) for v in value.values())
        if not table and (inline or isinstance(like, InlineTable)
                          or (not nested and not isinstance(like, Table))):
            out = tomlkit.inline_table()
            for k, v in value.items():
                out[k] = _new_item(v, inline=True)
            return out
        out = tomlkit.table()
        for k, v in value.items():
            out[k] = _new_item(v, inline=False)
        return out
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        if inline or isinstance(like, Array):
            array = tomlkit.array()
            for v in value:
                array.append(_new_item(v, inline=True))
            return array
        aot = tomlkit.aot()
        for v in value:
            aot.append(_new_item(v, inline=False, table=True))
        return aot
    if isinstance(value, list):
        array = tomlkit.array()
        for v in value:
            array.append(_new_item(v, inline=True))
        return array
    return tomlkit.item(value)


def _inline_like(old: InlineTable, value: dict) -> Any:
    """A new inline table holding ``value``, spaced like ``old`` (``{ a = 1 }``): editing one
    key by key leaves uneven commas and spaces. What a key held before and still holds is kept
    as written (a nested ``{ a = 1 }`` keeps its spaces); a nested inline table that changed is
    made the same way."""
    spaced = old.as_string().startswith("{ ")
    fresh = tomlkit.inline_table()
    for key, v in value.items():
        before = old.get(key) if key in old else None
        if before is not None and _plain(before) == v:
            fresh[key] = before
        elif isinstance(v, dict) and isinstance(before, InlineTable):
            fresh[key] = _inline_like(before, v)
        else:
            fresh[key] = _new_item(v, inline=True, like=before)
    text = fresh.as_string()
    if value and spaced and not text.startswith("{ "):
        return tomlkit.value("{ " + text[1:-1].strip() + " }")
    return fresh


def _plain(item: Any) -> Any:
    """A tomlkit item's value as plain Python data."""
    return item.unwrap() if hasattr(item, "unwrap") else item


def _patch_array(array: Array, old: list, new: list) -> None:
    """Edit a list of scalars in place: its layout (one item a line, comments) stays."""
    ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in reversed(ops):
        if tag == "equal":
            continue
        for i in range(i2 - 1, i1 - 1, -1):
            del array[i]
        for offset, value in enumerate(new[j1:j2]):
            array.insert(i1 + offset, value)


def _patch(container: Any, old: dict, new: dict, inline: bool) -> None:
    """Make ``container`` (a tomlkit table) say ``new`` where it said ``old``."""
    for key in [k for k in old if k not in new]:
        if key in container:
            del container[key]
    for key, value in new.items():
        before = old.get(key)
        if key in old and before == value:
            continue
        item = container.get(key) if key in container else None
        if isinstance(value, dict) and isinstance(before, dict) and isinstance(item, InlineTable) \
                and list(before) != list(value):
            container[key] = _inline_like(item, value)  # keys renamed, added or dropped
        elif isinstance(value, dict) and isinstance(before, dict) and \
                isinstance(item, (Table, InlineTable)):
            _patch(item, before, value, inline or isinstance(item, InlineTable))
        elif isinstance(value, list) and isinstance(before, list) and isinstance(item, Array) \
                and all(map(_scalar, value)) and all(map(_scalar, before)):
            _patch_array(item, before, value)
        elif isinstance(value, list) and isinstance(before, list) and \
                isinstance(item, (AoT, Array)) and len(item) == len(before) and value and \
                before and all(isinstance(v, dict) for v in value + before):
            common = min(len(before), len(value))
            for i in range(common):
                if before[i] != value[i]:
                    _patch(item[i], before[i], value[i],
                           inline or isinstance(item, Array))
            for i in range(len(before) - 1, common - 1, -1):
                del item[i]
            for v in value[common:]:
                inline_item = inline or isinstance(item, Array)
                item.append(_new_item(v, inline=inline_item, table=not inline_item))
        else:
            container[key] = _new_item(value, inline=inline, like=item)


def _canonical_block(attr: str, element: Any) -> str:
    return _table(attr, _data(element), aot=attr != "framework")


def _patched_block(attr: str, block_text: str, old: Any, new: Any) -> str | None:
    """The table of ``old`` changed to say ``new``, or None when tomlkit cannot do it exactly."""
    try:
        doc = tomlkit.parse(block_text)
        table = doc[attr] if attr == "framework" else doc[attr][0]
        _patch(table, _data(old), _data(new), False)
        text = doc.as_string()
        data = tomllib.loads(text)
        item = data[attr] if attr == "framework" else data[attr][0]
        if len(data) != 1 or (attr != "framework" and len(data[attr]) != 1):
            return None
        if converter.structure(item, type(new)) != new:
            return None
        return text
    except Exception:  # tomlkit and structuring raise many kinds; the canonical form is safe
        return None


# -- the whole file ---------------------------------------------------------------------------


def _plan(before: Framework, after: Framework, blocks: list[_Block]):
    """What changes: ({block index: (attr, old element, new element or None to delete)},
    {line: [(attr, new element), ...]} to insert before that line; a negative key -1 - n
    inserts before line n ahead of everything else there)."""
    by_attr: dict[str, list[int]] = {}
    for index, block in enumerate(blocks):
        by_attr.setdefault(block.attr, []).append(index)
    changes: dict[int, tuple[str, Any, Any]] = {}  # block -> (attr, old, new)
    inserts: dict[int, list[tuple[str, Any]]] = {}  # at line -> [(attr, element)]
    order = [a.name for a in attrs.fields(Framework)]
    last_line = {}  # attr -> line after the last block of it (for insertions)
    for position, attr in enumerate(order):
        mine = by_attr.get(attr, [])
        if mine:
            last_line[attr] = max(blocks[i].end for i in mine)
        else:
            anchor = next((last_line[a] for a in reversed(order[:position]) if a in last_line),
                          None)
            if anchor is None:
                anchor = min(b.start for b in blocks)
            last_line[attr] = anchor
    if before.framework != after.framework:
        changes[by_attr["framework"][0]] = ("framework", before.framework, after.framework)
    for attr in order[1:]:
        old, new = getattr(before, attr), getattr(after, attr)
        if old == new:
            continue
        mine = by_attr.get(attr, [])
        old_ids = [_identity(attr, e) for e in old]
        new_ids = [_identity(attr, e) for e in new]
        ops = difflib.SequenceMatcher(None, old_ids, new_ids, autojunk=False).get_opcodes()
        for tag, i1, i2, j1, j2 in ops:
            paired = min(i2 - i1, j2 - j1) if tag in ("equal", "replace") else 0
            for k in range(paired):
                if old[i1 + k] != new[j1 + k]:
                    changes[mine[i1 + k]] = (attr, old[i1 + k], new[j1 + k])
            for k in range(i1 + paired, i2):
                changes[mine[k]] = (attr, old[k], None)
            if j2 - j1 > paired:
                if i1 + paired > 0:
                    at = blocks[mine[i1 + paired - 1]].end
                elif mine:
                    at = -1 - blocks[mine[0]].start  # before the first one (negative: before)
                else:
                    at = last_line[attr]
                inserts.setdefault(at, []).extend((attr, e) for e in new[j1 + paired:j2])
    return changes, inserts


def _newline(text: str) -> str:
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def _render_kept(text: str, before: Framework, after: Framework) -> tuple[str, list[str]]:
    lines = text.splitlines(keepends=True)
    unterminated = bool(lines) and not lines[-1].endswith("\n")
    if unterminated:
        lines[-1] += _newline(text)
    blocks = _blocks(text, lines, before)
    changes, inserts = _plan(before, after, blocks)
    nl = _newline(text)
    rewritten: list[str] = []
    drop: set[int] = set()
    replace: dict[int, str] = {}  # block start line -> new text of lines start..end
    for index, (attr, old, new) in changes.items():
        block = blocks[index]
        if new is None:
            drop.update(range(block.start, block.end))
            after_end = block.end
            while after_end < len(lines) and not lines[after_end].strip():
                after_end += 1
            if after_end < len(lines):
                drop.update(range(block.end, after_end))
            else:  # the last table of the file: the blank lines before it go instead
                before_start = block.start
                while before_start > 0 and not lines[before_start - 1].strip():
                    before_start -= 1
                drop.update(range(before_start, len(lines)))
            continue
        body = "".join(lines[block.start:block.end])
        patched = _patched_block(attr, body.replace("\r\n", "\n"), old, new)
        if patched is None:
            patched = _canonical_block(attr, new)
            rewritten.append(_label(attr, new))
        replace[block.start] = patched.replace("\n", nl) if nl != "\n" else patched
    out: list[str] = []
    skip_to = -1

    def chunk(attr: str, element: Any) -> str:
        body = _canonical_block(attr, element)
        return body.replace("\n", nl) if nl != "\n" else body

    for number in range(len(lines) + 1):
        for attr, element in inserts.get(-1 - number, ()):
            out.append(chunk(attr, element) + nl)
        for attr, element in inserts.get(number, ()):
            if out and out[-1].strip():
                out.append(nl)
            out.append(chunk(attr, element))
            if number < len(lines) and lines[number].strip():
                out.append(nl)
        if number == len(lines):
            break
        if number in replace:
            out.append(replace[number])
            skip_to = next(b.end for b in blocks if b.start == number)
        if number < skip_to or number in drop:
            continue
        out.append(lines[number])
    if unterminated and out and out[-1] is lines[-1]:  # the file's last line, as it was
        out[-1] = out[-1].rstrip("\r\n")
    return "".join(out), rewritten


def render(text: str, before: Framework, after: Framework,
           path: Path | None = None) -> Rendered:
    """The text of ``after`` written over ``text`` (which loads as ``before``), keeping
    everything that did not change. Never raises for a layout it cannot follow: the result is
    then canonical (``Rendered.canonical`` says why)."""
    if before == after:
        return Rendered(text, loads(text, path))
    reason, rewritten = "", ()
    try:
        kept, rewritten = _render_kept(text, before, after)
        document = loads(kept, path)
        if document.framework == after:
            return Rendered(kept, document, "", tuple(rewritten))
        reason = "the edited text did not load back as the edited framework"
    except _Unsupported as exc:
        reason = str(exc)
    except Exception as exc:  # a safety net: a wrong file is never written
        reason = f"the layout could not be kept ({type(exc).__name__})"
    canonical = dumps(after)
    return Rendered(canonical, loads(canonical, path), reason)


__all__ = ["Rendered", "render"]
