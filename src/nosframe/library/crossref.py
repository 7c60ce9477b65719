"""Rows compared with each other: which row of a code ``get`` returns, and what to report.

The same code can appear in many rows: older and newer versions (``SFJEA2`` and ``SFJ EA2``),
the same URN in both list exports, a legacy row beside a current one. All rows are kept; for each
normalised code one row is *preferred*: current over legacy over unknown validity, then the
newest ``Modified``, then the newest ``Created``, then the file name and row number (so the
choice is stable). This runs over the whole library after every import.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Iterable

from attrs import frozen

from nosframe.library.normalise import finding
from nosframe.model import Finding

_VALIDITY_RANK = {"current": 0, "legacy": 1}


@frozen
class Entry:
    """What the comparison needs of one stored row."""

    id: int
    source: str
    row: int
    code: str
    key: str
    validity: str | None  # "current", "legacy" or None
    modified: str | None  # ISO timestamp
    created: str | None


def _stamp(value: str | None) -> float:
    if not value:
        return float("-inf")
    try:
        return dt.datetime.fromisoformat(value).timestamp()
    except ValueError:
        return float("-inf")


def preference(entry: Entry) -> tuple:
    """Sort key: the preferred row of a code sorts first."""
    return (_VALIDITY_RANK.get(entry.validity or "", 2), -_stamp(entry.modified),
            -_stamp(entry.created), entry.source, entry.row)


def _describe(entry: Entry) -> str:
    parts = [entry.validity or "validity unknown"]
    if entry.modified:
        parts.append(f"modified {entry.modified[:10]}")
    return ", ".join(parts)


def analyse(entries: Iterable[Entry]) -> tuple[set[int], list[Finding]]:
    """(ids of the preferred rows, findings about rows seen together)."""
    groups: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        if entry.key:
            groups[entry.key].append(entry)
    preferred: set[int] = set()
    findings: list[Finding] = []
    best: dict[str, Entry] = {}
    for key, group in groups.items():
        group.sort(key=preference)
        top = group[0]
        best[key] = top
        preferred.add(top.id)
        for other in group[1:]:
            where = f"{top.source}:{top.row}"
            if other.source == top.source:
                findings.append(finding(
                    "NL020", f"{other.code!r} is also at row {top.row}, which is the row "
                             f"returned for {key} ({_describe(top)})",
                    other.source, other.row, "URN", key,
                    f"this row: {_describe(other)}"))
            else:
                findings.append(finding(
                    "NL022", f"{other.code!r} is also in {where}, which is the row returned "
                             f"for {key} ({_describe(top)})",
                    other.source, other.row, "URN", key,
                    f"this row: {_describe(other)}"))
            if other.code != top.code:
                findings.append(finding(
                    "NL021", f"URN spelled {other.code!r} here and {top.code!r} at {where}; "
                             f"both are the code {key}",
                    other.source, other.row, "URN", key))
    for key, group in groups.items():
        if not key.endswith("L") or key[:-1] not in best:
            continue
        successor = best[key[:-1]]
        for entry in group:
            if entry.validity == "legacy":
                findings.append(finding(
                    "NL023", f"legacy {entry.code!r} ends in L and {successor.code!r} is also "
                             f"in the library ({successor.source}:{successor.row}, "
                             f"{_describe(successor)}); probably the standard that replaced it",
                    entry.source, entry.row, "URN", key,
                    "not recorded as superseded_by: the export does not say so"))
    findings.sort(key=lambda f: (f.location.file, f.location.line or 0, f.code))
    return preferred, findings
