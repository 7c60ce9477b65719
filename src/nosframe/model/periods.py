"""Validity periods: ``evidence_valid_for = "3y"`` on a standard or a role says how long
evidence of it stays current (high-risk competence such as public order or first aid)."""

from __future__ import annotations

import datetime as dt
import re

_PERIOD = re.compile(r"\s*(?:(\d+)\s*y)?\s*(?:(\d+)\s*m)?\s*", re.ASCII | re.IGNORECASE)


def period_months(text: str) -> int | None:
    """The months of a validity period written ``"3y"``, ``"18m"`` or ``"1y6m"``; None when
    ``text`` is empty; ValueError when it is not a period."""
    if not text or not text.strip():
        return None
    match = _PERIOD.fullmatch(text)
    if not match or not (match.group(1) or match.group(2)):
        raise ValueError(f"{text!r} is not a period: write years and/or months, e.g. \"3y\", "
                         "\"18m\" or \"1y6m\"")
    months = int(match.group(1) or 0) * 12 + int(match.group(2) or 0)
    if months <= 0:
        raise ValueError(f"{text!r} is not a period: it must be longer than nothing")
    return months


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months (the 31st becomes the month's last day)."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def valid_period(instance, attribute, value: str) -> None:
    """attrs validator for an ``evidence_valid_for`` field."""
    if value:
        period_months(value)


__all__ = ["add_months", "period_months", "valid_period"]
