"""A standard a role lists more than once: the rule, said once.

Codes compare normalised (:func:`nosframe.model.normalise_code`: ``"sfj aa1"`` is ``SFJAA1``).
An entry repeats an earlier one when it names the same standard in the same list, or in
``optional_standards`` a standard ``standards`` already requires: mandatory wins. The
``repeats`` check (``NF152``) flags each repeat at its entry, and two codes of one title
(``NF153``: one NOS under two codes, a legacy code and its successor); the documents
(:mod:`nosframe.formats.documents`) list each standard once, through :func:`listed_once`.
"""

from __future__ import annotations

from typing import Iterator

from attrs import frozen

from nosframe.model import Role, normalise_code

#: the role's lists of standards, mandatory first (so a code in both is mandatory)
FIELDS = ("standards", "optional_standards")


@frozen
class Repeat:
    """An entry of a role's lists of standards naming a standard an earlier entry names."""

    field: str  # "standards" or "optional_standards"
    index: int
    code: str  # as written in this entry
    first_field: str  # where the standard is listed first
    first_index: int

    @property
    def path(self) -> str:
        return f"{self.field}[{self.index}]"

    @property
    def first_path(self) -> str:
        return f"{self.first_field}[{self.first_index}]"


def repeats(role: Role) -> Iterator[Repeat]:
    """Each entry of ``role``'s standards naming one an earlier entry names, in list order."""
    first: dict[str, tuple[str, int]] = {}
    for field in FIELDS:
        for index, code in enumerate(getattr(role, field)):
            key = normalise_code(code)
            if key in first:
                yield Repeat(field, index, code, *first[key])
            else:
                first[key] = (field, index)


def listed_once(role: Role) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``role``'s mandatory and optional standards with every repeat left out: each standard
    once, as its first entry spells it, and one both mandatory and optional only as mandatory."""
    repeated = {(r.field, r.index) for r in repeats(role)}
    standards, optional = (tuple(code for index, code in enumerate(getattr(role, field))
                                 if (field, index) not in repeated) for field in FIELDS)
    return standards, optional


def title_key(title: str) -> str:
    """A title as two spellings of one NOS title compare: case, spacing and punctuation aside
    ("Evaluate and process referrals ..." in a preset and in the library)."""
    return " ".join("".join(ch if ch.isalnum() else " " for ch in title.casefold()).split())


__all__ = ["FIELDS", "Repeat", "listed_once", "repeats", "title_key"]
