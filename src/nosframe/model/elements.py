"""Element classes of a professional development framework.

Field names of :class:`Standard` follow the UK NOS database's field specification
(``NOS_data_fields_v1.2.xlsx``: URN, Title, Overview, Performance_criteria, ...), in snake case.
"""

from __future__ import annotations

import datetime as dt
import functools
import enum
import re

from attrs import field, frozen

from nosframe.model.periods import valid_period

_SPACES = re.compile(r"\s+")


def normalise_code(code: str) -> str:
    """The matching form of a NOS code (URN): upper case, no spaces.

    ``SFJ EA2``, ``sfjea2`` and ``SFJEA2`` all normalise to ``SFJEA2``. The published spelling is
    kept in :attr:`Standard.code`; this form is only used to match references.
    """
    if type(code) is str:  # the same few thousand codes, matched hundreds of thousands of times
        return _normalised(code)
    return _SPACES.sub("", code).upper()


@functools.lru_cache(maxsize=1 << 16)
def _normalised(code: str) -> str:
    return _SPACES.sub("", code).upper()


_URN = re.compile(r"[A-Z][A-Z0-9.&/()_\-\]]{2,24}")


def looks_like_nos_code(text: str) -> bool:
    """Whether ``text`` is written like a published NOS URN (``SFJZB3``, ``SFJ CD1``,
    ``CFAM&LBA5``, ``COGBENG-06``, ``SFHCI.N``): a letter, then 2-24 letters, digits or
    ``. & / ( ) _ - ]`` once spaces are removed, with a digit or in capitals. Not a lookup: only
    the national library knows which codes are published. 20,678 of the 20,688 codes in the UK
    NOS list exports match; those that do not hold a title or a stray character in the URN cell.
    """
    raw = text.strip()
    key = normalise_code(raw)
    return bool(_URN.fullmatch(key)) and (any(c.isdigit() for c in key) or raw == raw.upper())


class Validity(enum.Enum):
    CURRENT = "current"
    LEGACY = "legacy"


class StandardStatus(enum.Enum):
    ORIGINAL = "original"
    TAILORED = "tailored"


class Category(enum.Enum):
    CORE = "core"
    GENERIC = "generic"
    JOB_SPECIFIC = "job-specific"


class TextOrigin(enum.Enum):
    """Where the descriptive text of an element comes from (licences differ)."""

    NONE = "none"  # facts and structure only, no descriptive text
    PARAPHRASE = "paraphrase"  # our own short paraphrase of a published text
    VERBATIM = "verbatim"  # the published text itself: its licence applies
    ORGANISATION = "organisation"  # written by the organisation that owns the framework


class FrameworkStatus(enum.Enum):
    DRAFT = "draft"
    CONSULTATION = "consultation"
    APPROVED = "approved"
    RETIRED = "retired"


class OverrideAction(enum.Enum):
    RETITLE = "retitle"  # change the title (or name) of an inherited element
    REMOVE = "remove"  # drop an inherited element
    REPLACE = "replace"  # the element of the same id in this file replaces the inherited one
    SET = "set"  # change some fields of an inherited element


def _stripped(instance, attribute, value: str) -> None:
    if not value or value != value.strip():
        raise ValueError(f"{attribute.name} must be a non-empty string without surrounding spaces")


# ---------------------------------------------------------------------------------------------
# National Occupational Standards


@frozen
class Criterion:
    """One performance criterion (``P1``) or knowledge-and-understanding item (``K1``)."""

    id: str = field(validator=_stripped)
    text: str = ""
    element: str = ""  # code of the CriteriaGroup it belongs to, e.g. "EA2.1"


@frozen
class CriteriaGroup:
    """An optional grouping of criteria inside a standard (older NOS call it an element:
    ``CD1.1``). Written ``[[standards.elements]]`` in a file."""

    code: str = field(validator=_stripped)
    title: str = ""


@frozen
class Standard:
    """One National Occupational Standard."""

    code: str = field(validator=_stripped)  # URN as published, e.g. "SFJ EA2" or "SFJEA2"
    title: str = ""
    overview: str = ""
    elements: tuple[CriteriaGroup, ...] = ()  # groups of criteria (the TOML key)
    performance: tuple[Criterion, ...] = ()
    knowledge: tuple[Criterion, ...] = ()
    scope_range: str = ""
    values: str = ""  # the NOS's own "Values" field (free text), not framework values
    behaviours: str = ""  # the NOS's own "Behaviours" field (free text)
    skills: str = ""
    glossary: str = ""
    links_to_other_nos: tuple[str, ...] = ()
    external_links: tuple[str, ...] = ()
    developed_by: str = ""
    originating_organisation: str = ""
    original_urn: str = ""  # lineage: the URN this standard was derived from
    superseded_by: str = ""  # code of the standard that replaces this one, when known
    version_number: int | None = None
    date_approved: dt.date | None = None
    indicative_review_date: dt.date | None = None
    validity: Validity = Validity.CURRENT
    status: StandardStatus = StandardStatus.ORIGINAL
    category: Category | None = None
    suites: tuple[str, ...] = ()
    occupations: tuple[str, ...] = ()
    soc_codes: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    source_url: str = ""
    licence: str = ""
    text_origin: TextOrigin = TextOrigin.NONE
    unconfirmed: tuple[str, ...] = ()  # names of fields whose value could not be confirmed
    #: how long evidence of this standard stays current ("3y", "18m"); "" for no limit
    evidence_valid_for: str = field(default="", validator=valid_period)

    @property
    def key(self) -> str:
        return normalise_code(self.code)

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        return self.performance + self.knowledge

    def criterion(self, criterion_id: str) -> Criterion | None:
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        return None


# ---------------------------------------------------------------------------------------------
# The organisation's own values, behaviours and levels


@frozen
class Level:
    """One step of the organisation's level scale (e.g. 1 Practitioner, 2 Supervisor)."""

    number: int
    name: str = ""
    description: str = ""

    @property
    def key(self) -> str:
        return str(self.number)


@frozen
class Value:
    id: str = field(validator=_stripped)
    name: str = ""
    description: str = ""
    source_url: str = ""
    licence: str = ""
    text_origin: TextOrigin = TextOrigin.NONE

    @property
    def key(self) -> str:
        return self.id


@frozen
class Behaviour:
    """A behaviour or competency, with indicators for each level of the scale."""

    id: str = field(validator=_stripped)
    name: str = ""
    cluster: str = ""
    description: str = ""
    values: tuple[str, ...] = ()  # ids of the values this behaviour expresses
    levels: dict[int, tuple[str, ...]] = field(factory=dict)  # level number -> indicators
    source_url: str = ""
    licence: str = ""
    text_origin: TextOrigin = TextOrigin.NONE

    @property
    def key(self) -> str:
        return self.id


@frozen
class Role:
    """A role profile: the NOS and behaviour levels a role needs."""

    id: str = field(validator=_stripped)
    title: str = ""
    family: str = ""
    level: str = ""  # the role's grade or band as the organisation names it ("B", "2", ...)
    purpose: str = ""
    responsibilities: tuple[str, ...] = ()
    standards: tuple[str, ...] = ()  # mandatory NOS codes
    optional_standards: tuple[str, ...] = ()
    behaviours: dict[str, int] = field(factory=dict)  # behaviour id -> required level
    progresses_to: tuple[str, ...] = ()  # role ids
    qualifications: tuple[str, ...] = ()
    #: how long evidence for this role stays current ("3y", "18m"); "" for no limit
    evidence_valid_for: str = field(default="", validator=valid_period)

    @property
    def key(self) -> str:
        return self.id


@frozen
class Mapping:
    """Which criteria of a standard evidence a behaviour (or a value): the "combine" step."""

    standard: str = field(validator=_stripped)
    criteria: tuple[str, ...] = ()
    behaviour: str = ""
    value: str = ""
    note: str = ""

    @property
    def key(self) -> str:
        target = f"behaviour:{self.behaviour}" if self.behaviour else f"value:{self.value}"
        return f"{normalise_code(self.standard)}->{target}"


@frozen
class Override:
    """A change an organisation makes to an element it inherited through ``extends``.

    ``target`` is ``kind:id`` (``role:pcso``, ``standard:SFJAA1``, ``behaviour:...``).
    """

    action: OverrideAction
    target: str = field(validator=_stripped)
    title: str = ""  # for retitle
    fields: dict[str, object] = field(factory=dict)  # for set: field name -> new value
    reason: str = ""


def _reason(instance, attribute, value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("an acknowledgement needs a reason: say why the finding is accepted "
                         "(it is kept for audit)")


@frozen
class Acknowledgement:
    """A finding the organisation has looked at and accepts for now, with why: it stops
    showing (``nosframe check``, the problems panel) but stays in the file for audit. Written
    ``[[acknowledged]]``; one that no longer matches a finding is reported (stale).

    It matches every finding with ``code`` about ``element`` (``kind:id`` as in override
    targets, any spelling of a code; empty: a finding about no element).
    """

    code: str = field(validator=_stripped)
    element: str = ""  # "standard:SFJAA1"; "" for a finding about the framework as a whole
    reason: str = field(default="", validator=_reason)  # required: why it is accepted
    by: str = ""  # who acknowledged it
    date: dt.date | None = None  # when


@frozen
class Source:
    """A public source the facts of a file were taken from, with its licence."""

    id: str = field(validator=_stripped)
    title: str = ""
    url: str = ""
    licence: str = ""
    notes: str = ""

    @property
    def key(self) -> str:
        return self.id


@frozen
class FrameworkInfo:
    """The ``[framework]`` table."""

    id: str = field(validator=_stripped)
    title: str = ""
    organisation: str = ""
    version: str = ""
    status: FrameworkStatus = FrameworkStatus.DRAFT
    licence: str = ""
    description: str = ""
    extends: tuple[str, ...] = ()
    #: data of other formats that the model has no place for, kept so that it goes out again as
    #: it came in: a table per format (``[framework.extensions.case]``: a CASE package's items,
    #: associations and definitions that are not nosframe elements). Free-form below the
    #: format's name; nosframe reads only its own formats' tables.
    extensions: dict[str, object] = field(factory=dict)


@frozen
class LockedStandard:
    """A standard as the framework took it from a library, recorded in the file like an entry
    of a lock file: the library's published metadata (``standard``), which library and which of
    its sources it came from, and the date it was taken. Written ``[[library_lock]]``.

    Composition uses the installed library when it has the standard and this copy when not, so
    a file checks the same on a machine without the library; where the two differ, an info
    finding names the fields (``nosframe library refresh`` takes the library's again).
    """

    standard: Standard
    library: str = field(validator=_stripped)  # the library's name, e.g. "uk-nos"
    source: str = ""  # where in the library it came from: "PublishedNos_Details.xlsx row 12 ..."
    taken: dt.date | None = None  # when it was recorded

    @property
    def key(self) -> str:
        return self.standard.key


@frozen
class Framework:
    """One framework document (a file or a preset), or the composed result of several."""

    framework: FrameworkInfo
    sources: tuple[Source, ...] = ()
    levels: tuple[Level, ...] = ()
    values: tuple[Value, ...] = ()
    behaviours: tuple[Behaviour, ...] = ()
    standards: tuple[Standard, ...] = ()
    roles: tuple[Role, ...] = ()
    mappings: tuple[Mapping, ...] = ()
    overrides: tuple[Override, ...] = ()
    library_lock: tuple[LockedStandard, ...] = ()  # standards as taken from libraries
    acknowledged: tuple[Acknowledgement, ...] = ()  # findings accepted, with a reason each

    @property
    def id(self) -> str:
        return self.framework.id

    def locked(self, code: str) -> LockedStandard | None:
        """The recorded copy of the library standard ``code`` (any spelling), or None."""
        key = normalise_code(code)
        return next((entry for entry in self.library_lock if entry.key == key), None)


def __getattr__(name: str):
    # ELEMENT_KINDS moved to the table of kinds (nosframe.model.kinds), which imports this
    # module; kept importable from here for code written before it
    if name == "ELEMENT_KINDS":
        from nosframe.model.kinds import ELEMENT_KINDS

        return ELEMENT_KINDS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def element_key(element: object) -> str:
    """The identity of an element within its kind (normalised code for standards)."""
    return element.key  # type: ignore[attr-defined]
