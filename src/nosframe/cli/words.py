"""Counted words in what the command line prints: "1 person", "3 people", "1 criterion"."""

from __future__ import annotations

#: words whose plural is not the word + "s"
_PLURALS = {"person": "people", "criterion": "criteria", "qualification": "qualifications",
            "step": "steps", "behaviour level": "behaviour levels", "row": "rows"}


def plural(n: int, word: str, many: str | None = None) -> str:
    """``n`` and ``word``, in the plural unless ``n`` is 1: ``plural(1, "criterion")`` is
    "1 criterion", ``plural(3, "person")`` "3 people" (thousands separated)."""
    form = word if n == 1 else (many or _PLURALS.get(word) or word + "s")
    return f"{n:,} {form}"


__all__ = ["plural"]
