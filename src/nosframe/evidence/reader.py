"""Reading an evidence CSV: one row per person and criterion (or behaviour), checked against
the framework, each bad row reported by its line with the reason while the good rows are kept.

Rows become plain tuples in the store's column order (the fields of
:class:`nosframe.model.people.CriterionEvidence` and :class:`BehaviourAssessment`), not attrs
objects: an export of 300,000 rows is read in a second or two.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import hashlib
import io
import re
from pathlib import Path

from attrs import frozen

from nosframe.evidence.mapping import (
    DEFAULT,
    DELIMITERS,
    FIELDS,
    METHOD_WORDS,
    REQUIRED,
    EvidenceError,
    Mapping,
    column_key,
    method_key,
)
from nosframe.io import Location
from nosframe.io.limits import read_regular_file
from nosframe.model import Framework, normalise_code
from nosframe.model.people import Method

#: the criterion id of evidence of a standard as a whole (as in person records:
#: ``nosframe.analysis.people.WHOLE``, which the analyses above this layer use)
WHOLE = "*"

#: an evidence export may be large (300,000 rows are about 40 MB); beyond this it is refused
MAX_CSV_BYTES = 2 * 1024 * 1024 * 1024
#: bad rows kept in a report (the count is always exact)
MAX_PROBLEMS = 10_000
_ESCAPED = re.compile("[\udc80-\udcff]")
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


@frozen
class RowProblem:
    """A row of the CSV that was left out (``error``) or imported with a remark (``warning``)."""

    line: int | None
    field: str  # the mapping's field ("date"), "" for the whole row
    message: str
    hint: str = ""
    severity: str = "error"
    file: str = ""
    #: the row's person id when the row names one (so that forgetting a person forgets the
    #: problems about their rows too); never shown
    person: str = ""

    def to_json(self) -> dict:
        return {"file": self.file, "line": self.line, "field": self.field or None,
                "severity": self.severity, "message": self.message, "hint": self.hint}

    def __str__(self) -> str:
        where = str(Location(self.file, self.line, self.field))
        text = f"{where}: {self.severity}: {self.message}"
        return text + (f"\n  hint: {self.hint}" if self.hint else "")


@frozen
class EvidenceFile:
    """One CSV, read and checked: what to store and what was left out."""

    path: Path
    sha256: str
    size: int
    columns: tuple[str, ...]
    rows: int  # data rows (not blank)
    blank_rows: int
    #: person id -> (name, role id, first line)
    people: dict[str, tuple[str, str, int]]
    #: (person id, standard as written, standard key, criterion, date, assessor, method,
    #: reference, expires, note, line); dates ISO text, method value or None
    criteria: list[tuple]
    #: (person id, behaviour, level, date, assessor, method, reference, expires, note, line)
    behaviours: list[tuple]
    problems: list[RowProblem]
    bad_rows: int  # rows left out (exact, even past MAX_PROBLEMS)
    warnings: int

    @property
    def name(self) -> str:
        return self.path.name


class _Known:
    """What the framework defines, in the shapes the row checks look up."""

    def __init__(self, framework: Framework, mapping: Mapping):
        self.criteria: dict[str, frozenset[str]] = {
            s.key: frozenset(c.id for c in s.criteria) for s in framework.standards}
        self.codes = {s.key: s.code for s in framework.standards}
        scale = {lv.number for lv in framework.levels}
        self.levels: dict[str, frozenset[int]] = {
            b.id: frozenset(scale | set(b.levels)) for b in framework.behaviours}
        self.roles: dict[str, str] = {}
        for r in framework.roles:
            if r.title:
                self.roles.setdefault(r.title.strip().casefold(), r.id)
        for r in framework.roles:
            self.roles[r.id.casefold()] = r.id
        self.role_ids = {r.id for r in framework.roles}
        for name, role in mapping.roles.items():
            if role not in self.role_ids:
                raise EvidenceError(
                    f"[roles] {name!r} = {role!r}: the framework has no role {role!r}",
                    location=Location(mapping.file or "", None, f"roles.{name}"),
                    hint=f"{_close(role, self.role_ids)}a role id of the framework: "
                         + ", ".join(sorted(self.role_ids)[:12])
                         + ("..." if len(self.role_ids) > 12 else ""))
            self.roles[name] = role


def _close(word: str, known) -> str:
    found = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f"did you mean {found[0]!r}? " if found else ""


def _decode(raw: bytes, mapping: Mapping, path: Path) -> tuple[str, bool]:
    """The text, and whether it held bytes the encoding cannot read (kept as escapes, so those
    rows are reported by line and the others imported)."""
    encoding = mapping.encoding
    if encoding.replace("-", "").replace("_", "").lower() == "utf8":
        encoding = "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" is UTF-16
        encoding = "utf-16"
    elif b"\x00" in raw[:8192] and "16" not in encoding and "32" not in encoding:
        raise EvidenceError("the file is binary, not CSV text", location=Location(str(path)),
                            hint="export the evidence as CSV (comma-separated values)")
    try:
        return raw.decode(encoding), False
    except UnicodeDecodeError:
        return raw.decode(encoding, errors="surrogateescape"), True


def _delimiter(header_line: str, mapping: Mapping) -> str:
    if mapping.delimiter:
        return mapping.delimiter
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_evidence(path: str | Path, framework: Framework,
                  mapping: Mapping = DEFAULT, *, today: dt.date | None = None) -> EvidenceFile:
    """Read and check an evidence CSV against ``framework``.

    A file that cannot be used (not found, binary, no header, a required column missing)
    raises :class:`EvidenceError`; a row that cannot be used is a :class:`RowProblem` and the
    rest are kept.
    """
    path = Path(path)
    file = str(path)
    raw = read_regular_file(path, max_bytes=MAX_CSV_BYTES, what="an evidence CSV file",
                            hint="check the path of the CSV export")
    text, escaped = _decode(raw, mapping, path)
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first, mapping))
    try:
        header = next(reader)
    except StopIteration:
        raise EvidenceError("the file is empty: no header row", location=Location(file, 1),
                            hint="the first row names the columns (docs/evidence.md)") from None
    except csv.Error as exc:
        raise EvidenceError(f"not CSV ({exc})", location=Location(file, 1)) from None
    header_line = reader.line_num
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        key = column_key(name)
        if key and key in positions:
            raise EvidenceError(f"column {name.strip()!r} is named twice in the header",
                                location=Location(file, header_line),
                                hint="rename one of them in the export, or map the field "
                                     "to the other name (--mapping)")
        if key:
            positions[key] = index
    cols: dict[str, int] = {}
    for fld, column in mapping.columns.items():
        index = positions.get(column_key(column))
        if index is not None:
            cols[fld] = index
    shown = ", ".join(repr(h.strip()) for h in header if h.strip()) or "nothing"
    for fld in REQUIRED:
        if fld not in cols:
            column = mapping.columns[fld]
            raise EvidenceError(
                f"no column {column!r} (for {fld}) in the header", location=Location(
                    file, header_line, fld),
                hint=f"{_close(column, [h.strip() for h in header])}the header has {shown}; "
                     f"name the export's column in a mapping file ([columns] {fld} = "
                     f"\"...\", --mapping) as docs/evidence.md shows")
    has_criteria = "standard" in cols and "criterion" in cols
    has_behaviours = "behaviour" in cols and "level" in cols
    if not (has_criteria or has_behaviours):
        raise EvidenceError(
            "no columns for what is evidenced: the header needs standard and criterion, "
            "or behaviour and level, or all four", location=Location(file, header_line),
            hint=f"the header has {shown}; name the export's columns in a mapping file "
                 "(--mapping, docs/evidence.md)")
    known = _Known(framework, mapping)
    today = today or dt.date.today()
    date_format = mapping.date_format
    parsed: dict[str, dt.date | None] = {}  # a date text -> its date (None: not a date)

    def parse_date(value: str) -> dt.date | None:
        if value in parsed:
            return parsed[value]
        day: dt.date | None = None
        try:
            if date_format:
                day = dt.datetime.strptime(value, date_format).date()
            else:
                match = _DMY.fullmatch(value)
                if match:
                    day = dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
                else:
                    day = (dt.date.fromisoformat(value) if len(value) == 10
                           else dt.datetime.fromisoformat(value).date())
        except ValueError:
            day = None
        if day is not None and not 1900 <= day.year <= 2200:
            day = None
        parsed[value] = day
        return day

    date_hint = (f"write dates as the mapping's date_format says ({date_format!r})"
                 if date_format else
                 "write dates as 2026-03-31 or 31/03/2026, or set date_format in a mapping "
                 'file (e.g. date_format = "%m/%d/%Y")')
    methods = dict(METHOD_WORDS)
    methods.update(mapping.methods)
    method_names = ", ".join(m.value for m in Method)
    width = len(header)
    index_of = cols.get
    i_person, i_role, i_date = cols["person_id"], cols["role"], cols["date"]
    optional = {f: index_of(f) for f in FIELDS if f not in REQUIRED}
    people: dict[str, tuple[str, str, int]] = {}
    criteria: list[tuple] = []
    behaviours: list[tuple] = []
    problems: list[RowProblem] = []
    counts = {"bad": 0, "warnings": 0, "rows": 0, "blank": 0}
    warned_people: set[str] = set()

    about = [""]  # the person id of the row being read, once read

    def problem(line: int, fld: str, message: str, hint: str = "",
                severity: str = "error") -> None:
        counts["bad" if severity == "error" else "warnings"] += 1
        if len(problems) < MAX_PROBLEMS:
            problems.append(RowProblem(line, fld, message, hint, severity, file, about[0]))

    def cell(row: list[str], fld: str) -> str:
        index = optional.get(fld)
        return row[index].strip() if index is not None else ""

    last = header_line
    try:
        for row in reader:
            line = last + 1  # where the row starts (a quoted cell may span lines)
            last = reader.line_num
            if not row or not any(c.strip() for c in row):
                counts["blank"] += 1
                continue
            counts["rows"] += 1
            about[0] = ""
            if len(row) != width:
                problem(line, "", f"the row has {len(row)} cells, the header {width}",
                        "a cell holding the delimiter must be in double quotes")
                continue
            if escaped and _ESCAPED.search("".join(row)):
                bad = next(i for i, c in enumerate(row) if _ESCAPED.search(c))
                problem(line, "", f"the row is not {mapping.encoding} text (column "
                        f"{header[bad].strip()!r})",
                        "export the file as UTF-8, or set encoding (e.g. \"cp1252\") in a "
                        "mapping file")
                continue
            person = about[0] = row[i_person].strip()
            if not person:
                problem(line, "person_id", "no person id", "every row names the person it "
                        f"is about (column {mapping.columns['person_id']!r})")
                continue
            written_role = row[i_role].strip()
            if not written_role:
                problem(line, "role", f"no role for person {person!r}",
                        f"every row gives the person's current role (column "
                        f"{mapping.columns['role']!r}): a role id of the framework")
                continue
            role = known.roles.get(written_role.casefold())
            if role is None or role not in known.role_ids:
                problem(line, "role", f"unknown role {written_role!r} (person {person!r})",
                        f"{_close(written_role, known.role_ids)}the framework's roles are "
                        + ", ".join(sorted(known.role_ids)[:12])
                        + ("..." if len(known.role_ids) > 12 else "")
                        + "; name the export's role in the mapping's [roles]")
                continue
            written_date = row[i_date].strip()
            day = parse_date(written_date) if written_date else None
            if day is None:
                problem(line, "date", f"{written_date!r} is not a date" if written_date
                        else "no date", date_hint)
                continue
            if day > today:
                problem(line, "date", f"the date {day.isoformat()} is after today",
                        "evidence is dated when it was assessed")
                continue
            written_expiry = cell(row, "expires")
            expires = parse_date(written_expiry) if written_expiry else None
            if written_expiry and expires is None:
                problem(line, "expires", f"{written_expiry!r} is not a date", date_hint)
                continue
            if expires is not None and expires < day:
                problem(line, "expires", f"it expires ({expires.isoformat()}) before it was "
                        f"assessed ({day.isoformat()})", "check the two dates")
                continue
            written_method = cell(row, "method")
            method = None
            if written_method:
                found = methods.get(method_key(written_method))
                if found is None:
                    problem(line, "method", f"unknown method {written_method!r}",
                            f"one of {method_names}, or name the export's word in the "
                            "mapping's [methods]")
                    continue
                method = found.value
            standard = cell(row, "standard") if has_criteria else ""
            criterion = cell(row, "criterion") if has_criteria else ""
            behaviour = cell(row, "behaviour") if has_behaviours else ""
            level_text = cell(row, "level") if has_behaviours else ""
            expiry_iso = expires.isoformat() if expires else None
            if (standard or criterion) and behaviour:
                problem(line, "", "the row names both a criterion and a behaviour",
                        "one row evidences one criterion or one behaviour")
                continue
            if standard or criterion:
                if not standard:
                    problem(line, "standard", f"criterion {criterion!r} without a standard",
                            "give the NOS code the criterion belongs to")
                    continue
                key = normalise_code(standard)
                ids = known.criteria.get(key)
                if ids is None:
                    problem(line, "standard", f"unknown standard {standard!r}",
                            f"{_close(key, known.criteria)}the framework defines no standard "
                            "of that code")
                    continue
                if not criterion:
                    problem(line, "criterion", f"no criterion of {standard}",
                            f"give the criterion evidenced, e.g. P1 or K3, or {WHOLE} for "
                            "the standard as a whole")
                    continue
                if criterion != WHOLE and criterion not in ids:
                    upper = criterion.upper()
                    if upper in ids:
                        criterion = upper
                    elif not ids:
                        problem(line, "criterion", f"unknown criterion {criterion!r} of "
                                f"{known.codes[key]}: the framework lists none",
                                f"evidence {known.codes[key]} as a whole: criterion {WHOLE}")
                        continue
                    else:
                        ends = sorted(i for i in ids if i.upper().endswith("-" + upper))
                        guess = (f"did you mean {ends[0]!r}? " if len(ends) == 1
                                 else _close(criterion, ids))
                        problem(line, "criterion", f"unknown criterion {criterion!r} of "
                                f"{known.codes[key]}",
                                f"{guess}{known.codes[key]} has "
                                + ", ".join(sorted(ids)) + f" ({WHOLE}: the standard as a "
                                "whole)")
                        continue
                criteria.append((person, standard, key, criterion, day.isoformat(),
                                 cell(row, "assessor"), method, cell(row, "reference"),
                                 expiry_iso, cell(row, "note"), line))
            elif behaviour:
                levels = known.levels.get(behaviour)
                if levels is None:
                    problem(line, "behaviour", f"unknown behaviour {behaviour!r}",
                            f"{_close(behaviour, known.levels)}give a behaviour id of the "
                            "framework")
                    continue
                try:
                    level = int(level_text)
                except ValueError:
                    problem(line, "level", f"{level_text!r} is not a level" if level_text
                            else f"no level for behaviour {behaviour!r}",
                            "a whole number of the framework's level scale")
                    continue
                if levels and level not in levels:
                    problem(line, "level", f"level {level} is not on the scale of "
                            f"{behaviour!r}", "levels: " + ", ".join(map(str, sorted(levels))))
                    continue
                behaviours.append((person, behaviour, level, day.isoformat(),
                                   cell(row, "assessor"), method, cell(row, "reference"),
                                   expiry_iso, cell(row, "note"), line))
            else:
                problem(line, "", "the row names no criterion and no behaviour",
                        "fill in standard and criterion, or behaviour and level")
                continue
            name = cell(row, "name")
            known_person = people.get(person)
            if known_person is None:
                people[person] = (name, role, line)
            elif (known_person[1] != role or (name and known_person[0] != name)) \
                    and person not in warned_people:
                warned_people.add(person)
                which = "role" if known_person[1] != role else "name"
                problem(line, which, f"person {person!r} has another {which} here than on "
                        f"line {known_person[2]}; the first is kept",
                        "one person has one current role and name", severity="warning")
    except csv.Error as exc:
        raise EvidenceError(f"not CSV ({exc})", location=Location(file, reader.line_num),
                            hint="check the quoting near that line") from None
    return EvidenceFile(
        path=path, sha256=hashlib.sha256(raw).hexdigest(), size=len(raw),
        columns=tuple(h.strip() for h in header), rows=counts["rows"],
        blank_rows=counts["blank"], people=people, criteria=criteria, behaviours=behaviours,
        problems=problems, bad_rows=counts["bad"], warnings=counts["warnings"])


__all__ = ["EvidenceFile", "MAX_PROBLEMS", "RowProblem", "read_evidence"]
