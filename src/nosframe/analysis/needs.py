"""A team's training needs: for each role, how many of its people meet, lack or are about to
lose each standard and behaviour the role needs, and who is furthest from their role.

The evidence is in an SQLite store (``nosframe.evidence``), and the counting happens there: a
store of 5,000 people holds 300,000 rows, which Python would visit one by one. Whether a piece
of evidence is current is the person record's rule (``nosframe.analysis.people``: its own expiry
and the framework's validity periods), applied in Python once to each distinct combination of
what it depends on (the standard or behaviour, the role, the date and the expiry), never
written again in SQL; SQLite joins the answers back and aggregates.

As in a person's record (``role_status``): a standard is met when every criterion the framework
lists for it has current evidence, of the criterion or of the standard as a whole (criterion
``*``, the only requirement of a standard whose criteria the framework does not list); a
behaviour when a current assessment is at the role's level or above. *Expiring*: met today, but
the evidence it rests on ends within the window (``within`` days); *lacking*: not met today.
"""

from __future__ import annotations

import datetime as dt
from attrs import frozen

from nosframe.evidence import EvidenceStore
from nosframe.model import Framework, Role, normalise_code

#: people listed as furthest from their role, by default
TOP = 10
#: days ahead a requirement counts as expiring, by default
WITHIN = 90


@frozen
class RequirementNeed:
    """One requirement of one role: a standard (``kind="standard"``) or a behaviour."""

    kind: str  # "standard" or "behaviour"
    id: str  # the standard's code as the role writes it, or the behaviour id
    title: str
    level: int | None  # the behaviour level the role needs
    criteria: int  # criteria the framework defines for the standard (0: none listed)
    met: int  # people who meet it beyond the window
    expiring: int  # people who meet it now, not at the end of the window
    lacking: int  # people who do not meet it now

    def to_json(self) -> dict:
        return {"kind": self.kind, "id": self.id, "title": self.title, "level": self.level,
                "criteria": self.criteria, "met": self.met, "expiring": self.expiring,
                "lacking": self.lacking}


@frozen
class PersonDistance:
    """How far one person is from their role: requirements lacking and expiring."""

    id: str
    name: str
    role: str
    required: int
    lacking: int
    expiring: int

    def to_json(self) -> dict:
        return {"id": self.id, "name": self.name, "role": self.role,
                "required": self.required, "lacking": self.lacking, "expiring": self.expiring}


@frozen
class RoleNeeds:
    role: str
    title: str
    people: int
    requirements: tuple[RequirementNeed, ...]

    def to_json(self) -> dict:
        return {"role": self.role, "title": self.title, "people": self.people,
                "requirements": [r.to_json() for r in self.requirements]}


@frozen
class NeedsReport:
    framework: str
    store: str
    today: dt.date
    within: int
    people: int  # people counted (in the roles reported)
    roles: tuple[RoleNeeds, ...]
    furthest: tuple[PersonDistance, ...]
    #: role id -> people whose current role the framework does not define (not counted)
    unknown_roles: dict[str, int]

    def to_json(self) -> dict:
        return {"framework": self.framework, "store": self.store,
                "today": self.today.isoformat(), "within_days": self.within,
                "people": self.people, "roles": [r.to_json() for r in self.roles],
                "furthest": [p.to_json() for p in self.furthest],
                "unknown_roles": self.unknown_roles}


# -- the person record's rule, applied to distinct inputs -----------------------------------


def _rule_states(periods: tuple[str, ...], date: str, expires: str, today: dt.date,
                 within: int) -> tuple[int, int]:
    """(counts today, met beyond the window) of one piece of evidence, by the person record's
    rule (``nosframe.analysis.people``: counted from its date, its end, whether it has
    expired, its state)."""
    from nosframe.analysis.people import State, current_until, evidence_state, held_on

    day = dt.date.fromisoformat(date)
    if not held_on(day, today):  # assessed after the day of the report: not yet evidence
        return 0, 0
    until = current_until(day, dt.date.fromisoformat(expires) if expires else None, *periods)
    state = evidence_state(until, today, within)
    return int(state.counts), int(state is State.MET)


def _whole() -> str:
    from nosframe.analysis.people import WHOLE

    return WHOLE


# -- the report ---------------------------------------------------------------------------


def _role_requirements(framework: Framework, role: Role, whole: str):
    """The role's mandatory standards (code, key, title, criteria ids: ``whole`` for a
    standard whose criteria the framework does not list) and its behaviours."""
    standards = {s.key: s for s in framework.standards}
    behaviours = {b.id: b for b in framework.behaviours}
    std = []
    seen = set()
    for code in role.standards:
        key = normalise_code(code)
        if key in seen:
            continue
        seen.add(key)
        standard = standards.get(key)
        criteria = tuple(c.id for c in standard.criteria) if standard else ()
        std.append((code, key, standard.title if standard else "", criteria or (whole,)))
    beh = [(bid, level, (behaviours[bid].name if bid in behaviours else "") or bid)
           for bid, level in role.behaviours.items()]
    return std, beh


_TEMP = ("nf_roles", "nf_req_std", "nf_req_crit", "nf_req_beh", "nf_period", "nf_ok", "nf_met")


def needs(framework: Framework, store: EvidenceStore, *, role: str | None = None,
          today: dt.date | None = None, within: int = WITHIN, top: int = TOP) -> NeedsReport:
    """The training needs of the people in ``store`` against ``framework`` (composed).

    ``role`` limits it to one role; ``within`` is the expiring window in days (evidence ending
    within it is expiring, as in a person's plan); ``top`` how many people are listed as
    furthest from their role. Raises KeyError for an unknown role."""
    import sqlite3

    from nosframe.evidence.store import _fail

    today = today or dt.date.today()
    roles = {r.id: r for r in framework.roles}
    if role is not None and role not in roles:
        raise KeyError(role)
    chosen = [roles[role]] if role else list(framework.roles)
    conn = store.connection
    with store._lock:  # one connection: temp tables are per connection
        try:
            return _aggregate(conn, framework, store, chosen, roles, today, within, top)
        except sqlite3.DatabaseError as exc:
            raise _fail(store.path, f"the evidence store is damaged or unreadable ({exc})",
                        "import the CSV exports again into a new store") from None
        finally:
            for table in _TEMP:
                try:
                    conn.execute(f"DROP TABLE IF EXISTS temp.{table}")
                except sqlite3.DatabaseError:
                    pass


def _aggregate(conn, framework: Framework, store: EvidenceStore, chosen: list[Role],
               roles: dict[str, Role], today: dt.date, within: int, top: int) -> NeedsReport:
    q = conn.execute
    whole = _whole()
    standards = {s.key: s for s in framework.standards}
    q("CREATE TEMP TABLE nf_roles (role TEXT PRIMARY KEY, required INTEGER) WITHOUT ROWID")
    q("CREATE TEMP TABLE nf_req_std (role TEXT, key TEXT, n INTEGER, PRIMARY KEY (role, key)) "
      "WITHOUT ROWID")
    q("CREATE TEMP TABLE nf_req_crit (role TEXT, key TEXT, criterion TEXT, "
      "PRIMARY KEY (role, key, criterion)) WITHOUT ROWID")
    q("CREATE TEMP TABLE nf_req_beh (role TEXT, behaviour TEXT, level INTEGER, "
      "PRIMARY KEY (role, behaviour)) WITHOUT ROWID")
    # what the rule depends on besides the evidence's own dates: the validity periods of the
    # standard and of the role. One group per distinct set of periods.
    q("CREATE TEMP TABLE nf_period (kind TEXT, id TEXT, role TEXT, grp INTEGER, "
      "PRIMARY KEY (kind, id, role)) WITHOUT ROWID")
    groups: dict[tuple[str, ...], int] = {}
    plan = {}
    for r in chosen:
        std, beh = _role_requirements(framework, r, whole)
        plan[r.id] = (std, beh)
        q("INSERT INTO nf_roles VALUES (?, ?)", (r.id, len(std) + len(beh)))
        conn.executemany("INSERT INTO nf_req_std VALUES (?, ?, ?)",
                         ((r.id, key, len(set(criteria))) for _, key, _, criteria in std))
        conn.executemany("INSERT OR IGNORE INTO nf_req_crit VALUES (?, ?, ?)",
                         ((r.id, key, c) for _, key, _, criteria in std for c in criteria))
        conn.executemany("INSERT INTO nf_req_beh VALUES (?, ?, ?)",
                         ((r.id, bid, level) for bid, level, _ in beh))
        for kind, ids, periods_of in (
                ("standard", [key for _, key, _, _ in std],
                 lambda key: (standards[key].evidence_valid_for if key in standards else "",
                              r.evidence_valid_for)),
                ("behaviour", [bid for bid, _, _ in beh],
                 lambda bid: (r.evidence_valid_for,))):
            for id_ in ids:
                periods = tuple(p for p in periods_of(id_) if p)
                grp = groups.setdefault(periods, len(groups))
                q("INSERT OR IGNORE INTO nf_period VALUES (?, ?, ?, ?)", (kind, id_, r.id, grp))
    # the rule, once per distinct (periods, date, expires)
    q("CREATE TEMP TABLE nf_ok (grp INTEGER, date TEXT, expires TEXT, now INTEGER, "
      "later INTEGER, PRIMARY KEY (grp, date, expires)) WITHOUT ROWID")
    inputs = set(q(
        "SELECT DISTINCT g.grp, e.date, coalesce(e.expires, '') FROM criterion_evidence e "
        "JOIN people p ON p.id = e.person "
        "JOIN nf_period g ON g.kind = 'standard' AND g.id = e.key AND g.role = p.role"))
    inputs.update(q(
        "SELECT DISTINCT g.grp, e.date, coalesce(e.expires, '') FROM behaviour_evidence e "
        "JOIN people p ON p.id = e.person "
        "JOIN nf_period g ON g.kind = 'behaviour' AND g.id = e.behaviour AND g.role = p.role"))
    by_group = {grp: periods for periods, grp in groups.items()}
    conn.executemany("INSERT INTO nf_ok VALUES (?, ?, ?, ?, ?)", (
        (grp, date, expires, *_rule_states(by_group[grp], date, expires, today, within))
        for grp, date, expires in inputs))
    # per person and requirement: counts today, met beyond the window. A criterion is met by
    # evidence of it or of the standard as a whole; a standard when all its criteria are.
    q("CREATE TEMP TABLE nf_met (person INTEGER, kind TEXT, id TEXT, now INTEGER, "
      "later INTEGER)")
    q("""INSERT INTO nf_met
         SELECT person, 'standard', key, min(now) * (count(*) = n), min(later) * (count(*) = n)
         FROM (SELECT e.person, e.key, c.criterion, max(ok.now) AS now, max(ok.later) AS later,
                      s.n
               FROM criterion_evidence e
               JOIN people p ON p.id = e.person
               JOIN nf_req_std s ON s.role = p.role AND s.key = e.key
               JOIN nf_req_crit c ON c.role = p.role AND c.key = e.key
                    AND (c.criterion = e.criterion OR e.criterion = ?)
               JOIN nf_period g ON g.kind = 'standard' AND g.id = e.key AND g.role = p.role
               JOIN nf_ok ok ON ok.grp = g.grp AND ok.date = e.date
                    AND ok.expires = coalesce(e.expires, '')
               GROUP BY e.person, e.key, c.criterion)
         GROUP BY person, key""", (whole,))
    q("""INSERT INTO nf_met
         SELECT e.person, 'behaviour', e.behaviour, max(ok.now), max(ok.later)
         FROM behaviour_evidence e
         JOIN people p ON p.id = e.person
         JOIN nf_req_beh r ON r.role = p.role AND r.behaviour = e.behaviour
              AND e.level >= r.level
         JOIN nf_period g ON g.kind = 'behaviour' AND g.id = e.behaviour AND g.role = p.role
         JOIN nf_ok ok ON ok.grp = g.grp AND ok.date = e.date
              AND ok.expires = coalesce(e.expires, '')
         GROUP BY e.person, e.behaviour""")
    counts = {(role_id, kind, rid): (now, later) for role_id, kind, rid, now, later in q(
        "SELECT p.role, m.kind, m.id, sum(m.now), sum(m.later) FROM nf_met m "
        "JOIN people p ON p.id = m.person GROUP BY p.role, m.kind, m.id")}
    population = dict(q("SELECT p.role, count(*) FROM people p JOIN nf_roles r "
                        "ON r.role = p.role GROUP BY p.role"))
    out = []
    for r in chosen:
        std, beh = plan[r.id]
        people = population.get(r.id, 0)
        requirements = []
        for code, key, title, criteria in std:
            now, later = counts.get((r.id, "standard", key), (0, 0))
            listed = 0 if criteria == (whole,) else len(criteria)
            requirements.append(RequirementNeed("standard", code, title, None, listed,
                                                later, now - later, people - now))
        for bid, level, name in beh:
            now, later = counts.get((r.id, "behaviour", bid), (0, 0))
            requirements.append(RequirementNeed("behaviour", bid, name, level, 0, later,
                                                now - later, people - now))
        out.append(RoleNeeds(r.id, r.title or r.id, people, tuple(requirements)))
    furthest = tuple(PersonDistance(*row) for row in q(
        """SELECT p.ref, p.name, p.role, r.required,
                  r.required - coalesce(sum(m.now), 0) AS lacking,
                  coalesce(sum(m.now) - sum(m.later), 0) AS expiring
           FROM people p JOIN nf_roles r ON r.role = p.role
           LEFT JOIN nf_met m ON m.person = p.id
           GROUP BY p.id
           ORDER BY lacking DESC, expiring DESC, p.ref
           LIMIT ?""", (max(int(top), 0),)))
    unknown = {k: v for k, v in q("SELECT role, count(*) FROM people GROUP BY role")
               if k not in roles}
    return NeedsReport(framework=framework.id, store=str(store.path), today=today,
                       within=within, people=sum(population.values()), roles=tuple(out),
                       furthest=furthest, unknown_roles=unknown)


__all__ = ["NeedsReport", "PersonDistance", "RequirementNeed", "RoleNeeds", "TOP", "WITHIN",
           "needs"]
