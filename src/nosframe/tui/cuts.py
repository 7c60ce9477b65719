"""Cutting the labels of one branch to the tree's width so that no two read the same.

Cut at its end alone, ``[Constable] Police constable`` and ``[Constable] Detective constable``
both read ``[Constable]…``. Each label that does not fit is shown in the first of these forms
that no other label of the branch could be read as (a form "could be" a label when the label
starts with what it shows before its ``…``, ends with what it shows after, or, for a form
without the bracket, when the label's title does):

1. the label cut at its end, when that keeps a word of the title (``[Sergeant] Police…``);
2. the title without its bracketed level (the branch already groups by it):
   ``Police constable``, ``Police community support…``;
3. the label cut at its end, even with the bracket alone left (``[Inspector]…``);
4. its end: ``…staff supervisor``;
5. around where it differs from the label most like it: ``…north team…``.

Headless: widths in characters, labels as strings; the tree turns a form into styled text."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from typing import Sequence, Union

from nosframe.editing.present import cut

ELLIPSIS = "…"
#: a role's label starts with its level in brackets: ``[Constable] Police constable``
BRACKET = re.compile(r"\[[^\]]*\]\s+")
_TOP = chr(0x10FFFF)
#: in a branch of more labels than this, a form shown around where labels part is not
#: checked against every other (a look through them all for each label left)
MANY = 200

#: a span ``(start, end)`` of the label, or :data:`ELLIPSIS`
Piece = Union[tuple[int, int], str]
Form = tuple[Piece, ...]


def shown(label: str, form: Form | None) -> str:
    """The text a form shows (the label itself for None)."""
    if form is None:
        return label
    return "".join(p if isinstance(p, str) else label[p[0]:p[1]] for p in form)


def distinct_cuts(labels: Sequence[str], widths: Sequence[int]) -> list[Form | None]:
    """For each label, None when it fits its width, else the form to show it in (at most
    its width long): the first form of the module's list that reads as no other, different,
    label of ``labels``; the plain cut at the end when none does."""
    if all(len(label) <= width for label, width in zip(labels, widths)):
        return [None] * len(labels)
    index = _Index(labels)
    return [None if len(label) <= width else _form(label, width, index)
            for label, width in zip(labels, widths)]


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def _title_start(label: str) -> int:
    bracket = BRACKET.match(label)
    return bracket.end() if bracket else 0


class _Index:
    """The labels' readings (each label, and its title without the bracket), sorted, to count
    in a few steps how many labels a form could be, for branches of thousands."""

    def __init__(self, labels: Sequence[str]):
        self.norms = [_norm(label) for label in labels]
        self.copies = Counter(self.norms)
        self.sorted = sorted(self.copies)
        self.readings = sorted(r for label, own in zip(labels, self.norms)
                               for r in {own, _norm(label[_title_start(label):])})
        self.ends = sorted(own[::-1] for own in self.norms)

    @staticmethod
    def _count(keys: list[str], low: str, high: str) -> int:
        return bisect.bisect_left(keys, high) - bisect.bisect_left(keys, low)

    def only(self, label: str, form: Form) -> bool:
        """True when ``form`` could be ``label`` (and its copies) alone."""
        own = _norm(label)
        readings = {own, _norm(label[_title_start(label):])}
        text = shown(label, form)
        head, *rest = text.split(ELLIPSIS)
        head = _norm(head)
        if len(rest) == 0:  # whole: exactly these readings
            others = self._count(self.readings, head, head + "\0")
            return others == self.copies[own] * (head in readings)
        if len(rest) == 1 and head:  # "X…": the readings starting with X
            others = self._count(self.readings, head, head + _TOP)
            return others == self.copies[own] * sum(r.startswith(head) for r in readings)
        if len(rest) == 1:  # "…Y": the labels ending with Y
            end = _norm(rest[0])[::-1]
            return self._count(self.ends, end, end + _TOP) == self.copies[own]
        middle = _norm(rest[0])  # "…Z…": the labels holding Z, looked for while they are few
        if len(self.norms) > MANY:
            return True  # the best left to show
        return sum(middle in n for n in self.norms) == self.copies[own]


def _head(label: str, start: int, width: int) -> Form:
    """``label[start:]`` whole when it fits ``width``, else cut at a word with ``…``
    (:func:`nosframe.editing.present.cut`)."""
    rest = label[start:]
    if len(rest) <= width:
        return ((start, len(label)),)
    short = cut(rest, width)
    keep = len(short) - 1
    if not (short.endswith(ELLIPSIS) and rest.startswith(short[:-1])):
        keep = max(width - 1, 0)  # spacing cut normalised: cut where the width ends
    return ((start, start + keep), ELLIPSIS)


def _tail(label: str, width: int) -> Form:
    """``…`` and the label's end, from a word when one starts in the first half."""
    start = len(label) - (width - 1)
    space = label.find(" ", start - 1)
    if label[start - 1] != " " and 0 <= space - start < (width - 1) // 2:
        start = space + 1
    while start < len(label) and label[start] in " ,;:-–":
        start += 1
    return (ELLIPSIS, (start, len(label)))


def _window(label: str, width: int, index: _Index) -> Form:
    """``…`` and the label from the word where it parts from the label most like it (one
    of its neighbours in sorted order)."""
    own = _norm(label)
    low = " ".join(label.casefold().split())
    parted = 0
    at = bisect.bisect_left(index.sorted, own)
    after = bisect.bisect_right(index.sorted, own)
    for other in index.sorted[max(at - 1, 0):at] + index.sorted[after:after + 1]:
        same = 0
        while same < min(len(low), len(other)) and low[same] == other[same]:
            same += 1
        parted = max(parted, same)
    start = label.rfind(" ", 0, parted) + 1 if len(low) == len(label) else 0
    head = _head(label, start, width - 1)
    return (ELLIPSIS,) + head if start else head


def _form(label: str, width: int, index: _Index) -> Form:
    title = _title_start(label)
    head = _head(label, 0, width)

    def candidates():
        if not title or head[0][1] > title:
            yield head
        if title:
            yield _head(label, title, width)
            yield head
        if width > 2:
            yield _tail(label, width)
            yield _window(label, width, index)

    for form in candidates():
        if len(shown(label, form)) <= width and index.only(label, form):
            return form
    return head


__all__ = ["ELLIPSIS", "Form", "distinct_cuts", "shown"]
