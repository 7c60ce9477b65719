"""A person's record: who they are, the evidence they hold of NOS criteria and the behaviour
levels they were assessed at. One TOML file per person (docs/format.md, "Person records").

Person data is personal data: it is never part of a framework, never written into a framework
file nor into an export of a framework. A record names the framework and role it is held
against by id only. Like the framework model, these classes hold facts and no rules: whether a
piece of evidence is current depends on the framework's validity periods
(``evidence_valid_for`` on a standard or a role) and on the day asked, and is worked out in
``nosframe.analysis.people``.
"""

from __future__ import annotations

import datetime as dt
import enum

from attrs import field, frozen

from nosframe.model.elements import _stripped, normalise_code
from nosframe.model.periods import add_months, period_months


class Method(enum.Enum):
    """How a piece of evidence was assessed (the assessment methods of vocational assessment)."""

    OBSERVATION = "observation"  # seen in the workplace
    SIMULATION = "simulation"  # a realistic exercise, where the real thing is rare or unsafe
    PROFESSIONAL_DISCUSSION = "professional discussion"
    PRODUCT = "product"  # something the person produced: a statement, a file, a report
    QUESTIONING = "questioning"  # oral or written questions, for knowledge
    WITNESS_TESTIMONY = "witness testimony"
    RECOGNISED_PRIOR_LEARNING = "recognised prior learning"
    OTHER = "other"


def _not_before_date(instance, attribute, value) -> None:
    """An end before the day assessed is a mistake in the record (a swapped pair of dates)."""
    if value is not None and value < instance.date:
        raise ValueError(f"expires {value.isoformat()}, before the date it was assessed "
                         f"({instance.date.isoformat()})")


@frozen
class CriterionEvidence:
    """Evidence that the person meets one criterion (``P3`` or ``K2``) of one standard.

    Written ``[[evidence]]``. ``expires`` is the evidence's own end (a certificate's expiry); the
    framework's validity period for the standard or role may end it sooner.
    """

    standard: str = field(validator=_stripped)  # NOS code, any spelling ("SFJ AA1")
    criterion: str = field(validator=_stripped)  # "P1", "K3"
    date: dt.date  # when it was assessed
    assessor: str = ""  # who assessed it (name, role or number)
    #: how it was assessed; None: the record does not say (an audit says so, never a method
    #: nobody recorded)
    method: Method | None = None
    reference: str = ""  # where the evidence itself is kept: a portfolio item, a PDR number
    expires: dt.date | None = field(default=None, validator=_not_before_date)
    note: str = ""

    @property
    def key(self) -> str:
        """Identity within a record: one criterion may be evidenced several times."""
        return f"{normalise_code(self.standard)}/{self.criterion}/{self.date.isoformat()}"

    @property
    def standard_key(self) -> str:
        return normalise_code(self.standard)


@frozen
class BehaviourAssessment:
    """A behaviour level the person was assessed at. Written ``[[behaviours]]``."""

    behaviour: str = field(validator=_stripped)  # behaviour id in the framework
    level: int  # the level of the framework's scale assessed
    date: dt.date
    assessor: str = ""
    method: Method | None = None
    reference: str = ""
    expires: dt.date | None = field(default=None, validator=_not_before_date)
    note: str = ""

    @property
    def key(self) -> str:
        return f"{self.behaviour}/{self.date.isoformat()}"


@frozen
class PersonInfo:
    """The ``[person]`` table: who the record is about."""

    id: str = field(validator=_stripped)  # the organisation's own reference, not a name
    name: str = ""
    role: str = ""  # id of the person's current role in the framework
    framework: str = ""  # id of the framework the record is held against (informational)
    since: dt.date | None = None  # in the current role since
    note: str = ""


@frozen
class Person:
    """One person's record (one file)."""

    person: PersonInfo
    evidence: tuple[CriterionEvidence, ...] = ()
    behaviours: tuple[BehaviourAssessment, ...] = ()

    @property
    def id(self) -> str:
        return self.person.id


__all__ = ["BehaviourAssessment", "CriterionEvidence", "Method", "Person", "PersonInfo",
           "add_months", "period_months"]
