"""A person against a framework: the state of each requirement of a role (met, expiring,
expired, missing), role matching, an individual development plan and an audit record, as data.
The CLI and documents only present these.

A requirement is one criterion (P or K) of a standard the role lists; a standard whose criteria
the framework does not record is one requirement, "the standard as a whole", evidenced with
``criterion = "*"`` (which also evidences every criterion of a standard that lists them).
Behaviours are requirements too: met by an assessment at the role's level or above.

Evidence is current until the earliest of its own ``expires`` and its date plus the validity
period (``evidence_valid_for``) of its standard and of the role; expired evidence is shown,
marked expired, and never counts.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
from pathlib import Path

from attrs import frozen

from nosframe.model import Framework, Role, normalise_code
from nosframe.model.people import BehaviourAssessment, CriterionEvidence, Person
from nosframe.model.periods import add_months, period_months

#: evidence ending within this many days is "expiring"
SOON_DAYS = 90
WHOLE = "*"  # a criterion id meaning the standard as a whole


class State(enum.Enum):
    MET = "met"
    EXPIRING = "expiring"  # met, but the evidence ends within SOON_DAYS
    EXPIRED = "expired"  # the only evidence there is has ended
    MISSING = "missing"  # no evidence (for a behaviour: none at the level needed)

    @property
    def counts(self) -> bool:
        return self in (State.MET, State.EXPIRING)


@frozen
class Held:
    """One piece of evidence with the day it stops being current (None: no end)."""

    evidence: CriterionEvidence | BehaviourAssessment
    until: dt.date | None
    expired: bool


@frozen
class CriterionStatus:
    standard: str  # the code as the role lists it
    key: str  # normalised code
    title: str
    criterion: str  # "P1", or "*" for a standard whose criteria the framework does not list
    text: str
    optional: bool
    state: State
    held: Held | None = None  # the evidence that decides the state (the best one)
    #: the record's other evidence of it, latest first (earlier or expired: kept for audit)
    also: tuple[Held, ...] = ()


@frozen
class BehaviourStatus:
    behaviour: str
    name: str
    required: int
    state: State
    held: Held | None = None  # the best assessment (the highest current level)
    also: tuple[Held, ...] = ()  # the record's other assessments of it, latest first

    @property
    def level(self) -> int | None:
        return self.held.evidence.level if self.held else None  # type: ignore[union-attr]


@frozen
class RoleStatus:
    """Every requirement of one role, for one person, on one day."""

    role: str
    title: str
    today: dt.date
    criteria: tuple[CriterionStatus, ...]
    behaviours: tuple[BehaviourStatus, ...]
    #: evidence naming a standard or criterion the role does not ask for (kept in the record)
    other: tuple[CriterionEvidence, ...] = ()

    @property
    def mandatory(self) -> tuple[CriterionStatus, ...]:
        return tuple(c for c in self.criteria if not c.optional)

    @property
    def total(self) -> int:
        """The weight of the role: one per mandatory criterion, one per behaviour."""
        return len(self.mandatory) + len(self.behaviours)

    @property
    def met(self) -> int:
        return (sum(c.state.counts for c in self.mandatory)
                + sum(b.state.counts for b in self.behaviours))

    @property
    def fit(self) -> float:
        return self.met / self.total if self.total else 1.0

    @property
    def missing(self) -> tuple[CriterionStatus | BehaviourStatus, ...]:
        """Mandatory requirements not met (missing or expired)."""
        return tuple(r for r in self.mandatory + self.behaviours if not r.state.counts)

    @property
    def expiring(self) -> tuple[CriterionStatus | BehaviourStatus, ...]:
        return tuple(r for r in self.criteria + self.behaviours if r.state is State.EXPIRING)


def role_of(framework: Framework, role_id: str) -> Role:
    for role in framework.roles:
        if role.id == role_id:
            return role
    raise KeyError(role_id)


def current_until(date: dt.date, expires: dt.date | None, *periods: str) -> dt.date | None:
    """The last day evidence dated ``date`` is current: the earliest of its own ``expires`` and
    ``date`` plus each validity period (``"3y"``) that applies; None: it does not expire."""
    ends = [expires] if expires else []
    for period in periods:
        months = period_months(period) if period else None
        if months:
            ends.append(add_months(date, months))
    return min(ends) if ends else None


def _best(held: list[Held]) -> Held | None:
    """Current evidence first, the one lasting longest; else the latest expired."""
    current = [h for h in held if not h.expired]
    if current:
        return max(current, key=lambda h: (h.until or dt.date.max, h.evidence.date))
    return max(held, key=lambda h: (h.until or dt.date.max, h.evidence.date), default=None)


def _others(held: list[Held], best: Held | None) -> tuple[Held, ...]:
    return tuple(sorted((h for h in held if h is not best),
                        key=lambda h: h.evidence.date, reverse=True))


def evidence_state(until: dt.date | None, today: dt.date, soon: int) -> State:
    """The state of evidence current until ``until`` on ``today``: expired after it, expiring
    within ``soon`` days of it, else met. The one rule of expiry (the team needs report's
    counts use it too)."""
    if until is not None and until < today:
        return State.EXPIRED
    if until is not None and (until - today).days <= soon:
        return State.EXPIRING
    return State.MET


def held_on(date: dt.date, today: dt.date) -> bool:
    """Evidence counts from the day it was assessed: on ``today`` only what is dated on or
    before it (a report as of an earlier day never counts what came later; a date after the
    real today is a mistake :func:`record_problems` names). The team needs report asks the same
    of its rows."""
    return date <= today


def _state(held: Held | None, today: dt.date, soon: int) -> State:
    return State.MISSING if held is None else evidence_state(held.until, today, soon)


def role_status(framework: Framework, person: Person, role_id: str, today: dt.date, *,
                soon: int = SOON_DAYS) -> RoleStatus:
    """The state of each requirement of ``role_id`` for ``person`` on ``today``. Raises
    ``KeyError`` for an unknown role."""
    role = role_of(framework, role_id)
    standards = {s.key: s for s in framework.standards}
    names = {b.id: b.name or b.id for b in framework.behaviours}
    by_standard: dict[str, list[CriterionEvidence]] = {}
    for item in person.evidence:
        if held_on(item.date, today):
            by_standard.setdefault(item.standard_key, []).append(item)
    asked: set[tuple[str, str]] = set()
    criteria = []
    seen = set()
    for codes, optional in ((role.standards, False), (role.optional_standards, True)):
        for code in codes:
            key = normalise_code(code)
            if key in seen:
                continue
            seen.add(key)
            standard = standards.get(key)
            period = standard.evidence_valid_for if standard else ""
            items = by_standard.get(key, [])
            wanted = ([(c.id, c.text) for c in standard.criteria] if standard else [])
            wanted = wanted or [(WHOLE, "the standard as a whole")]
            for cid, text in wanted:
                asked.add((key, cid))
                held = []
                for item in items:
                    if item.criterion in (cid, WHOLE):
                        until = current_until(item.date, item.expires, period, role.evidence_valid_for)
                        held.append(Held(item, until, until is not None and until < today))
                best = _best(held)
                criteria.append(CriterionStatus(
                    code, key, standard.title if standard else "", cid, text, optional,
                    _state(best, today, soon), best, _others(held, best)))
    behaviours = []
    for bid, level in role.behaviours.items():
        held = []
        for item in person.behaviours:
            if item.behaviour == bid and held_on(item.date, today):
                until = current_until(item.date, item.expires, role.evidence_valid_for)
                held.append(Held(item, until, until is not None and until < today))
        enough = [h for h in held if h.evidence.level >= level]  # type: ignore[union-attr]
        best = _best(enough) or _best([h for h in held if not h.expired]) or _best(held)
        state = _state(best, today, soon)
        if best is not None and best.evidence.level < level:  # type: ignore[union-attr]
            state = State.MISSING  # assessed, below the level needed
        behaviours.append(BehaviourStatus(bid, names.get(bid, bid), level, state, best,
                                          _others(held, best)))
    other = tuple(e for e in person.evidence
                  if (e.standard_key, e.criterion) not in asked
                  and not (e.criterion == WHOLE and e.standard_key in seen))
    return RoleStatus(role.id, role.title or role.id, today, tuple(criteria), tuple(behaviours),
                      other)


# ---------------------------------------------------------------------------------------------
# match


def match(framework: Framework, person: Person, today: dt.date, *,
          soon: int = SOON_DAYS) -> tuple[RoleStatus, ...]:
    """Every role of the framework by fit for ``person`` (criteria-weighted: each mandatory
    criterion and each behaviour weighs one; expired evidence does not count), best first; ties
    in the framework's order."""
    statuses = [role_status(framework, person, r.id, today, soon=soon) for r in framework.roles]
    return tuple(sorted(statuses, key=lambda s: -s.fit))


# ---------------------------------------------------------------------------------------------
# plan


@frozen
class PlanStandard:
    """What to evidence for one standard: its criteria not met, and those expiring soon."""

    code: str
    title: str
    optional: bool
    to_evidence: tuple[CriterionStatus, ...]
    expiring: tuple[CriterionStatus, ...]


@frozen
class Plan:
    """An individual development plan towards a role."""

    person: str  # id
    name: str
    current_role: str
    role: str
    title: str
    today: dt.date
    standards: tuple[PlanStandard, ...]
    behaviours: tuple[BehaviourStatus, ...]  # to be assessed (missing, expired, below)
    behaviours_expiring: tuple[BehaviourStatus, ...]
    status: RoleStatus

    @property
    def empty(self) -> bool:
        return not (self.standards or self.behaviours or self.behaviours_expiring)


def plan(framework: Framework, person: Person, role_id: str, today: dt.date, *,
         soon: int = SOON_DAYS) -> Plan:
    """What ``person`` has to evidence for ``role_id``, grouped by standard and behaviour,
    with what expires within ``soon`` days."""
    status = role_status(framework, person, role_id, today, soon=soon)
    groups: dict[str, list[CriterionStatus]] = {}
    for c in status.criteria:
        groups.setdefault(c.key, []).append(c)
    standards = []
    for items in groups.values():
        todo = tuple(c for c in items if not c.state.counts)
        ending = tuple(c for c in items if c.state is State.EXPIRING)
        if todo or ending:
            first = items[0]
            standards.append(PlanStandard(first.standard, first.title, first.optional, todo,
                                          ending))
    standards.sort(key=lambda s: s.optional)  # mandatory first, each in the role's order
    return Plan(person.id, person.person.name, person.person.role, status.role, status.title,
                today, tuple(standards),
                tuple(b for b in status.behaviours if not b.state.counts),
                tuple(b for b in status.behaviours if b.state is State.EXPIRING), status)


# ---------------------------------------------------------------------------------------------
# audit


@frozen
class FileHash:
    name: str  # the file's path, or a preset's id
    path: str
    sha256: str
    kind: str  # "file" or "preset"
    plugin: str = ""  # for a preset: the plugin that ships it, and its version
    version: str = ""


@frozen
class Audit:
    """A record a manager can defend: each requirement, the evidence that meets it (who
    assessed it, when, how, until when) or the gap, and exactly what it was made against."""

    person: str
    name: str
    role: str
    title: str
    today: dt.date
    framework_id: str
    framework_version: str
    files: tuple[FileHash, ...]  # the framework file first, then each file it extends
    status: RoleStatus
    record: FileHash | None = None  # the person's record judged, when read from a file
    soon: int = SOON_DAYS  # evidence ending within this many days was "expiring"
    made_with: str = ""  # "nosframe 0.1.0"

    @property
    def complete(self) -> bool:
        return not self.status.missing


def sha256_of(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def audit(composed, person: Person, role_id: str, today: dt.date, *,
          soon: int = SOON_DAYS, record_path: str | Path | None = None) -> Audit:
    """The audit of ``person`` against ``role_id`` of a composed framework (``nosframe.load``),
    with the sha256 of the framework file and of every file it extends (presets included: a
    preset is a file a plugin ships), of the person's record (``record_path``), the window
    ``soon`` and the nosframe version: all it takes to make it again."""
    framework = composed.framework
    status = role_status(framework, person, role_id, today, soon=soon)
    files = []
    for layer in reversed(composed.layers):  # the file itself is the last layer
        path = layer.document.path
        if path is None:
            continue
        files.append(FileHash(layer.origin.name if layer.origin.kind != "file" else str(path),
                              str(path), sha256_of(path), layer.origin.kind,
                              layer.origin.plugin, layer.origin.version))
    record = (FileHash(str(record_path), str(record_path), sha256_of(record_path),
                       "person record") if record_path is not None else None)
    return Audit(person.id, person.person.name, status.role, status.title, today,
                 framework.framework.id, framework.framework.version, tuple(files), status,
                 record, soon, made_with())


def made_with() -> str:
    """``nosframe 0.1.0``: what made an audit or a document, so that it can be made again."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"nosframe {version('nosframe')}"
    except PackageNotFoundError:  # pragma: no cover - a source tree without metadata
        return "nosframe"



# ---------------------------------------------------------------------------------------------
# what in a record the framework does not know


def record_problems(framework: Framework, person: Person, today: dt.date | None = None
                    ) -> list[tuple[str, str]]:
    """(document path, message) for what a record says that does not fit the framework or
    the day: another framework than the one given, a role, a standard, a criterion of a
    standard, a behaviour, a level of the scale it does not define, and evidence dated after
    ``today`` (the real today, given: a typing mistake; it counts only from its date). Such
    evidence is kept and shown, and counts for nothing."""
    out: list[tuple[str, str]] = []
    roles = {r.id for r in framework.roles}
    standards = {s.key: s for s in framework.standards}
    behaviours = {b.id for b in framework.behaviours}
    levels = {lv.number for lv in framework.levels}
    held_against, given = person.person.framework, framework.framework.id
    if held_against and held_against != given:
        out.append(("person.framework", f"the record is held against framework "
                    f"{held_against!r}, not {given!r}: its evidence may name another "
                    "framework's standards and behaviours"))
    if person.person.role and person.person.role not in roles:
        out.append(("person.role", f"role {person.person.role!r} is not in the framework"))
    for index, e in enumerate(person.evidence):
        standard = standards.get(e.standard_key)
        where = f"evidence[{index}]"
        if today is not None and not held_on(e.date, today):
            out.append((f"{where}.date", f"dated {e.date.isoformat()}, after today "
                        f"({today.isoformat()}): it counts from that day on"))
        if standard is None:
            out.append((f"{where}.standard", f"standard {e.standard!r} is not in the framework"))
        elif e.criterion != WHOLE and standard.criterion(e.criterion) is None:
            known = ", ".join(c.id for c in standard.criteria) or "none recorded: use \"*\""
            out.append((f"{where}.criterion", f"{e.standard} has no criterion {e.criterion!r} "
                        f"(its criteria: {known})"))
    for index, b in enumerate(person.behaviours):
        where = f"behaviours[{index}]"
        if today is not None and not held_on(b.date, today):
            out.append((f"{where}.date", f"dated {b.date.isoformat()}, after today "
                        f"({today.isoformat()}): it counts from that day on"))
        if b.behaviour not in behaviours:
            out.append((f"{where}.behaviour", f"behaviour {b.behaviour!r} is not in the "
                        "framework"))
        elif levels and b.level not in levels:
            out.append((f"{where}.level", f"level {b.level} is not on the framework's scale "
                        f"({', '.join(str(n) for n in sorted(levels))})"))
    return out


# ---------------------------------------------------------------------------------------------
# as plain data: what `--json` prints and what the documents are made from


def _date(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def held_data(held: Held | None) -> dict | None:
    if held is None:
        return None
    e = held.evidence
    out = {"date": _date(e.date), "assessor": e.assessor,
           "method": e.method.value if e.method else None, "reference": e.reference,
           "expires": _date(e.expires), "until": _date(held.until), "expired": held.expired}
    if isinstance(e, CriterionEvidence):
        out["criterion"] = e.criterion
    else:
        out["level"] = e.level
    return out


def criterion_data(c: CriterionStatus) -> dict:
    return {"standard": c.standard, "title": c.title, "criterion": c.criterion, "text": c.text,
            "optional": c.optional, "state": c.state.value, "evidence": held_data(c.held),
            "also": [held_data(h) for h in c.also]}


def behaviour_data(b: BehaviourStatus) -> dict:
    return {"behaviour": b.behaviour, "name": b.name, "required": b.required,
            "level": b.level, "state": b.state.value, "assessment": held_data(b.held),
            "also": [held_data(h) for h in b.also]}


def status_data(status: RoleStatus) -> dict:
    return {"role": status.role, "title": status.title, "today": _date(status.today),
            "fit": round(status.fit, 4), "met": status.met, "total": status.total,
            "criteria": [criterion_data(c) for c in status.criteria],
            "behaviours": [behaviour_data(b) for b in status.behaviours],
            "missing": [criterion_data(r) if isinstance(r, CriterionStatus) else behaviour_data(r)
                        for r in status.missing],
            "other_evidence": [{"standard": e.standard, "criterion": e.criterion,
                                "date": _date(e.date)} for e in status.other]}


def plan_data(p: Plan) -> dict:
    return {"person": {"id": p.person, "name": p.name, "role": p.current_role},
            "role": p.role, "title": p.title, "today": _date(p.today),
            "fit": round(p.status.fit, 4), "met": p.status.met, "total": p.status.total,
            "standards": [{"code": s.code, "title": s.title, "optional": s.optional,
                           "to_evidence": [criterion_data(c) for c in s.to_evidence],
                           "expiring": [criterion_data(c) for c in s.expiring]}
                          for s in p.standards],
            "behaviours": [behaviour_data(b) for b in p.behaviours],
            "behaviours_expiring": [behaviour_data(b) for b in p.behaviours_expiring]}


def _file_data(f: FileHash) -> dict:
    return {"name": f.name, "path": f.path, "sha256": f.sha256, "kind": f.kind,
            "plugin": f.plugin, "version": f.version}


def audit_data(a: Audit) -> dict:
    return {"person": {"id": a.person, "name": a.name}, "role": a.role, "title": a.title,
            "today": _date(a.today), "complete": a.complete,
            "expiring_within_days": a.soon, "made_with": a.made_with,
            "record": _file_data(a.record) if a.record else None,
            "framework": {"id": a.framework_id, "version": a.framework_version,
                          "files": [_file_data(f) for f in a.files]},
            **{k: v for k, v in status_data(a.status).items()
               if k in ("fit", "met", "total", "criteria", "behaviours", "missing",
                        "other_evidence")}}


__all__ = ["Audit", "BehaviourStatus", "CriterionStatus", "FileHash", "Held", "Plan",
           "PlanStandard", "RoleStatus", "SOON_DAYS", "State", "WHOLE", "audit", "audit_data",
           "current_until", "evidence_state", "match", "plan", "plan_data", "record_problems",
           "held_on", "role_status", "sha256_of", "status_data"]
