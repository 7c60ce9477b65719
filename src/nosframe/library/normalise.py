"""One row of a list export -> a normalised row and the findings about it.

What is unambiguous is normalised (surrounding spaces, the case of ``Validity``, ``JobSpecific``,
``;``-lists with trailing separators, repeated list items). What is not is reported as a finding
(codes in :mod:`nosframe.library.codes`) and left out of the normalised field, while the row's
raw cells are always kept, so nothing is lost and nothing is guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from attrs import field, frozen

from nosframe.library.codes import SEVERITIES
from nosframe.model import (
    Category,
    Finding,
    Location,
    Standard,
    StandardStatus,
    TextOrigin,
    Validity,
    normalise_code,
)

PLUGIN = "nosframe.library.plugin"
CHECK = "library-import"

#: earliest and latest plausible indicative review dates (NOS date from the late 1980s)
PLAUSIBLE_YEARS = (1990, 2100)

#: a title ending in one of these words was probably cut short
_JOINING_WORDS = frozenset({
    "and", "of", "the", "to", "for", "with", "in", "or", "a", "an", "from", "by", "at", "into",
    "your", "their", "its", "&",
})

_SOC = re.compile(r"\d{4}")
_SOC_SPLIT = re.compile(r"[;,/\s]+")
_DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y", "%d.%m.%Y",
                 "%d %m %Y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y")

_VALIDITY = {"current": Validity.CURRENT, "legacy": Validity.LEGACY}
_CATEGORY = {"core": Category.CORE, "generic": Category.GENERIC,
             "jobspecific": Category.JOB_SPECIFIC}
_STATUS = {"original": StandardStatus.ORIGINAL, "tailored": StandardStatus.TAILORED}


@frozen
class NormalRow:
    """A row of a list export after normalisation; ``raw`` keeps every cell as it was read."""

    source: str  # file name of the list export
    row: int  # spreadsheet row number (the header is row 1)
    code: str  # URN as published, without surrounding spaces; "" when the row has none
    key: str  # normalised code; "" when the row has no URN
    title: str = ""
    developed_by: str = ""
    suites: tuple[str, ...] = ()
    occupations: tuple[str, ...] = ()
    soc_codes: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    validity: Validity | None = None
    category: Category | None = None
    status: StandardStatus | None = None
    indicative_review_date: dt.date | None = None
    original_urn: str = ""
    created: dt.datetime | None = None
    modified: dt.datetime | None = None
    document: str = ""  # "Path/Name" as the export gives it (site-relative, no host)
    unconfirmed: tuple[str, ...] = ()
    raw: dict[str, Any] = field(factory=dict, hash=False)
    preferred: bool = False  # set by the library: the row ``get`` returns for its code

    def to_standard(self) -> Standard | None:
        """The :class:`Standard` this row describes, or ``None`` when it has no URN."""
        if not self.code:
            return None
        return Standard(
            code=self.code,
            title=self.title,
            developed_by=self.developed_by,
            original_urn=self.original_urn,
            indicative_review_date=self.indicative_review_date,
            validity=self.validity or Validity.LEGACY,
            status=self.status or StandardStatus.ORIGINAL,
            category=self.category,
            suites=self.suites,
            occupations=self.occupations,
            soc_codes=self.soc_codes,
            keywords=self.keywords,
            text_origin=TextOrigin.NONE,
            unconfirmed=self.unconfirmed,
        )


def finding(code: str, message: str, source: str, row: int | None, column: str = "",
            key: str = "", hint: str = "") -> Finding:
    return Finding(code, SEVERITIES[code], message, hint,
                   Location(file=source, line=row, path=column),
                   ("standard", key) if key else None, check=CHECK, plugin=PLUGIN)


# -- cells -----------------------------------------------------------------------------------


def text(value: Any) -> str:
    """A cell as text: surrounding spaces removed, runs of spaces and newlines made one space."""
    if type(value) is str:  # most cells: the test first
        return " ".join(value.split())
    if value is None:
        return ""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return " ".join(str(value).split())


def shown(value: Any) -> str:
    """A cell as a person would read it in a message (a midnight timestamp as a date)."""
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    return text(value)


def json_cell(value: Any) -> Any:
    """A cell as a JSON value, for the raw copy of the row."""
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def split_list(value: Any, separators: str = ";") -> tuple[str, ...]:
    """A ``;``-separated cell as items: blanks (trailing ``;``) and repeats dropped."""
    items: list[str] = []
    seen: set[str] = set()
    raw = text(value)
    for separator in separators[1:]:
        raw = raw.replace(separator, separators[0])
    for part in raw.split(separators[0]):
        part = part.strip()
        if part and part.casefold() not in seen:
            seen.add(part.casefold())
            items.append(part)
    return tuple(items)


def split_keywords(value: Any) -> tuple[str, ...]:
    """Keywords are ``;``-separated by the specification; some rows use commas instead."""
    raw = text(value)
    return split_list(raw, ";" if ";" in raw else ",")


def parse_date(value: Any) -> tuple[dt.date | None, str]:
    """A date cell -> (date, problem). ``problem`` is "" (fine), "blank", "implausible" or
    "not a date"."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, "blank"
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, str):
        day = None
        for fmt in _DATE_FORMATS:
            try:
                day = dt.datetime.strptime(value.strip(), fmt).date()
                break
            except ValueError:
                continue
        if day is None:
            return None, "not a date"
    else:  # a number without a date format (an Excel serial?) is ambiguous
        return None, "not a date"
    if not PLAUSIBLE_YEARS[0] <= day.year <= PLAUSIBLE_YEARS[1]:
        return None, "implausible"
    return day, ""


def parse_timestamp(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str) and value.strip():
        try:
            return dt.datetime.fromisoformat(value.strip())
        except ValueError:
            day, problem = parse_date(value)
            if day is not None:
                return dt.datetime(day.year, day.month, day.day)
    return None


_CODE_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._/\-]*")
_WORD = re.compile(r"[A-Za-z]*[a-z][A-Za-z]*")


def looks_like_text(code: str) -> bool:
    """True when a URN holds words after its first part (``PPLRET21Diagnose faults in ...``,
    ``aviation problems, problem solving``), not when it is spaced (``SFS SYS 20``)."""
    return any(len(token) >= 3 and _WORD.fullmatch(token.strip(",;:"))
               for token in code.split()[1:])


def split_title_from_urn(urn: str, title: str) -> str:
    """The code when a URN cell is "code + the row's own title", else "".

    ``PPLFDC06 - Manage abnormal landing situations`` with that title gives ``PPLFDC06``. Only
    an exact (case- and space-insensitive) copy of the title counts, so nothing is guessed.
    """
    if not urn or not title or len(title.split()) < 2 or len(urn) <= len(title):
        return ""
    lower_urn, lower_title = urn.lower(), title.lower()
    if len(lower_urn) != len(urn) or len(lower_title) != len(title):
        return ""  # lower() changed a length: slicing by it would be wrong
    if not lower_urn.endswith(lower_title):
        return ""
    prefix = urn[:len(urn) - len(title)].rstrip(" -:\u2013")
    if not prefix or not _CODE_PART.fullmatch(prefix) or looks_like_text(prefix):
        return ""
    return prefix


def looks_truncated(title: str) -> bool:
    words = title.split()
    return bool(words) and words[-1].casefold() in _JOINING_WORDS


# -- rows ------------------------------------------------------------------------------------


def normalise_row(source: str, row: int, cells: dict[str, Any]
                  ) -> tuple[NormalRow, list[Finding]]:
    """Normalise one row of a list export; findings carry the file, row number and column."""
    findings: list[Finding] = []
    unconfirmed: list[str] = []
    urn = text(cells.get("URN"))
    title = text(cells.get("NOS Title"))
    code = split_title_from_urn(urn, title) or urn
    key = normalise_code(code) if code else ""

    def report(code_: str, message: str, column: str, hint: str = "") -> None:
        findings.append(finding(code_, message, source, row, column, key, hint))

    label = f"{code!r}" if code else "this row"
    if not code:
        name = text(cells.get("Name"))
        report("NL001", "row has no URN; kept as a record, not usable as a standard", "URN",
               f"the Name column holds {name!r}" if name else "the row's other cells are kept")
    elif code != urn:
        report("NL015", f"URN cell {urn!r} holds the code and then the row's title; the code "
                        f"is {code!r}", "URN", "the raw cell is kept in the library record")
    elif looks_like_text(code):
        report("NL016", f"URN {code!r} does not look like a code (it holds words); kept as "
                        "published", "URN",
               "a framework can only reference it by this exact text; search finds it by its "
               "words")

    if code and not title:
        report("NL011", f"{label} has no title", "NOS Title")
    elif title and looks_truncated(title):
        report("NL010", f"title of {label} looks truncated: {title!r}", "NOS Title",
               "kept as published; check the NOS document for the full title")
        unconfirmed.append("title")

    raw_validity = text(cells.get("Validity"))
    validity = _VALIDITY.get(raw_validity.casefold())
    if validity is None:
        unconfirmed.append("validity")
        if not raw_validity:
            if code:
                report("NL002", f"{label} has no Validity; treated as legacy", "Validity")
        else:
            report("NL003", f"Validity {raw_validity!r} of {label} is neither Current nor "
                            "Legacy; treated as legacy", "Validity",
                   "the raw value is kept in the library record")

    raw_category = text(cells.get("NOSCategory"))
    category = _CATEGORY.get(re.sub(r"[\s_-]+", "", raw_category).casefold())
    if category is None and code:
        if not raw_category:
            report("NL004", f"{label} has no NOSCategory", "NOSCategory")
        else:
            report("NL005", f"NOSCategory {raw_category!r} of {label} is not Core, Generic or "
                            "Job Specific", "NOSCategory")

    raw_status = text(cells.get("NOS Document Status"))
    status = _STATUS.get(raw_status.casefold())
    if status is None and code:
        unconfirmed.append("status")
        if not raw_status:
            report("NL012", f"{label} has no NOS Document Status; treated as original",
                   "NOS Document Status")
        else:
            report("NL013", f"NOS Document Status {raw_status!r} of {label} is neither "
                            "Original nor Tailored; treated as original", "NOS Document Status")

    review_cell = cells.get("Indicative Review Date")
    review, problem = parse_date(review_cell)
    if code and problem == "blank":
        report("NL006", f"{label} has no Indicative Review Date", "Indicative Review Date")
    elif problem == "implausible":
        report("NL007", f"Indicative Review Date {shown(review_cell)!r} of {label} is "
                        "implausible; not used", "Indicative Review Date",
               "dates like 1905-03-15 are artefacts of the export, not review dates; the NOS "
               "document itself gives the real one")
    elif problem == "not a date":
        report("NL008", f"Indicative Review Date {shown(review_cell)!r} of {label} is not a "
                        "date; not used", "Indicative Review Date")

    raw_soc = text(cells.get("SOC Code"))
    soc_codes: list[str] = []
    bad_soc: list[str] = []
    for token in _SOC_SPLIT.split(raw_soc):
        if not token:
            continue
        if _SOC.fullmatch(token):
            if token not in soc_codes:
                soc_codes.append(token)
        else:
            bad_soc.append(token)
    if bad_soc:
        report("NL009", f"SOC Code {raw_soc!r} of {label}: "
                        + ", ".join(repr(t) for t in bad_soc) + " not four-digit SOC codes",
               "SOC Code", "kept: " + (", ".join(soc_codes) or "none"))

    stamps = {}
    for column in ("Created", "Modified"):
        cell = cells.get(column)
        stamps[column] = parse_timestamp(cell)
        if stamps[column] is None and text(cell):
            report("NL014", f"{column} {text(cell)!r} of {label} is not a date", column)

    path, name = text(cells.get("Path")), text(cells.get("Name"))
    document = f"{path}/{name}" if path and name else name

    normal = NormalRow(
        source=source, row=row, code=code, key=key, title=title,
        developed_by=text(cells.get("Developed By")),
        suites=split_list(cells.get("Suite")),
        occupations=split_list(cells.get("Occupations")),
        soc_codes=tuple(soc_codes),
        keywords=split_keywords(cells.get("Keywords")),
        validity=validity, category=category, status=status,
        indicative_review_date=review,
        original_urn=text(cells.get("Original URN")),
        created=stamps["Created"], modified=stamps["Modified"],
        document=document,
        unconfirmed=tuple(unconfirmed) if code else (),
        raw={column: value if value is None or type(value) is str else json_cell(value)
             for column, value in cells.items()},
    )
    return normal, findings
