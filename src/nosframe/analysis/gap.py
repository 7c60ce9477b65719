"""What one role requires that another does not: the ground of a training plan and of
progression (``nosframe gap``). ``gap(framework, None, role)`` is everything the role requires.
:func:`pathways` follows ``progresses_to`` through the graph: the routes from a role, each with
its steps' gaps and their sum."""

from __future__ import annotations

from attrs import frozen

from nosframe.graph import build_graph, role_evidence
from nosframe.model import Framework, Role, normalise_code


@frozen
class StandardGap:
    """A standard the target role requires and the current role does not."""

    code: str  # as the target role lists it
    key: str  # normalised code
    optional: bool  # an optional standard of the target role
    title: str = ""  # "" when no layer or library defines the standard
    criteria: tuple[str, ...] = ()  # ids of its criteria (P and K): what there is to evidence


@frozen
class BehaviourGap:
    """A behaviour the target role needs at a higher level than the current role (or at all)."""

    behaviour: str  # behaviour id
    from_level: int | None  # the current role's level, None when it does not need it
    to_level: int
    #: criteria of the target role's standards mapped to the behaviour:
    #: (standard key, criterion ids, optional standard?)
    evidence: tuple[tuple[str, tuple[str, ...], bool], ...] = ()


@frozen
class Gap:
    from_role: str | None  # None: the plan starts from nothing
    to_role: str
    standards: tuple[StandardGap, ...] = ()
    behaviours: tuple[BehaviourGap, ...] = ()
    qualifications: tuple[str, ...] = ()
    #: what the person keeps: codes of the target role's standards the current role already
    #: requires (or, for optional ones, offers)
    kept_standards: tuple[str, ...] = ()
    #: behaviours the target role needs at a level the current role already needs: (id, level)
    kept_behaviours: tuple[tuple[str, int], ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.standards or self.behaviours or self.qualifications)

    @property
    def criteria_count(self) -> int:
        """How many criteria of mandatory standards there are to gain."""
        return sum(len(s.criteria) for s in self.standards if not s.optional)


def _role(framework: Framework, role_id: str) -> Role:
    for role in framework.roles:
        if role.id == role_id:
            return role
    raise KeyError(role_id)


def gap(framework: Framework, from_role: str | None, to_role: str, graph=None) -> Gap:
    """What ``to_role`` requires that ``from_role`` does not: its standards (mandatory ones the
    current role does not require; optional ones it neither requires nor offers), behaviours
    needed at a higher level (with the criteria of the target role's standards mapped to them)
    and qualifications. Raises ``KeyError`` for an unknown role id."""
    target = _role(framework, to_role)
    current = _role(framework, from_role) if from_role is not None else None
    held = {normalise_code(c) for c in current.standards} if current else set()
    offered = held | ({normalise_code(c) for c in current.optional_standards} if current
                      else set())
    defined = {s.key: s for s in framework.standards}
    standards = []
    kept = []
    seen = set()
    for codes, optional, known in ((target.standards, False, held),
                                   (target.optional_standards, True, offered)):
        for code in codes:
            key = normalise_code(code)
            if key in seen:
                continue
            seen.add(key)
            if key in known:
                kept.append(code)
                continue
            standard = defined.get(key)
            standards.append(StandardGap(
                code, key, optional, standard.title if standard else "",
                tuple(c.id for c in standard.criteria) if standard else ()))
    graph = graph if graph is not None else build_graph(framework)
    evidence = role_evidence(graph, target.id)
    behaviours = []
    kept_behaviours = []
    for bid, level in target.behaviours.items():
        had = current.behaviours.get(bid) if current else None
        if had is not None and had >= level:
            kept_behaviours.append((bid, level))
        else:
            behaviours.append(BehaviourGap(bid, had, level, tuple(
                (key, tuple(criteria), optional) for key, criteria, optional
                in evidence.get(bid, ()))))
    had_qualifications = set(current.qualifications) if current else set()
    qualifications = tuple(q for q in target.qualifications if q not in had_qualifications)
    return Gap(from_role, to_role, tuple(standards), tuple(behaviours), qualifications,
               tuple(kept), tuple(kept_behaviours))


#: the bounds of :func:`pathways`: routes are simple paths (no role twice) of at most
#: MAX_STEPS steps, and at most MAX_ROUTES of them are listed (``Pathways.truncated`` says so)
MAX_STEPS = 8
MAX_ROUTES = 100


@frozen
class Pathway:
    """One route through the progression graph: its roles in order, the gap of each step and
    the cumulative gap (everything gained along the way, each standard once, each behaviour at
    the highest level a step needs)."""

    roles: tuple[str, ...]
    steps: tuple[Gap, ...]
    total: Gap


@frozen
class Pathways:
    from_role: str
    to_role: str | None
    routes: tuple[Pathway, ...]
    truncated: bool = False  # more than MAX_ROUTES routes: the first ones (shortest) are listed


def _progression(framework: Framework):
    import networkx as nx

    graph = nx.DiGraph()
    ids = {r.id for r in framework.roles}
    graph.add_nodes_from(ids)
    for role in framework.roles:
        for target in role.progresses_to:
            if target in ids and target != role.id:
                graph.add_edge(role.id, target)
    return graph


def _sum(start: Role, steps: list[Gap], direct: Gap) -> Gap:
    """The steps' gaps added up, less what the starting role already has (a route through a
    role that needs less may ask again for what the person held at the start)."""
    held = {normalise_code(c) for c in start.standards}
    offered = held | {normalise_code(c) for c in start.optional_standards}
    standards: dict[str, StandardGap] = {}
    behaviours: dict[str, BehaviourGap] = {}
    qualifications: list[str] = []
    had_qualifications = set(start.qualifications)
    for step in steps:
        for s in step.standards:
            if s.key in (offered if s.optional else held):
                continue
            have = standards.get(s.key)
            if have is None:
                standards[s.key] = s
            elif have.optional and not s.optional:
                standards[s.key] = s  # mandatory somewhere on the route
        for b in step.behaviours:
            had = start.behaviours.get(b.behaviour)
            if had is not None and had >= b.to_level:
                continue
            have = behaviours.get(b.behaviour)
            if have is None:
                behaviours[b.behaviour] = BehaviourGap(b.behaviour, had, b.to_level, b.evidence)
            elif b.to_level > have.to_level:
                behaviours[b.behaviour] = BehaviourGap(b.behaviour, have.from_level, b.to_level,
                                                       b.evidence)
        qualifications += [q for q in step.qualifications
                           if q not in qualifications and q not in had_qualifications]
    # what is kept is what the last role needs that the first one already had
    return Gap(start.id, direct.to_role, tuple(standards.values()), tuple(behaviours.values()),
               tuple(qualifications), direct.kept_standards, direct.kept_behaviours)


def pathways(framework: Framework, from_role: str, to_role: str | None = None, *,
             max_steps: int = MAX_STEPS, max_routes: int = MAX_ROUTES) -> Pathways:
    """The routes from ``from_role`` along ``progresses_to``: to ``to_role`` when given, else
    to every role reachable; simple paths of at most ``max_steps`` steps, shortest first, at
    most ``max_routes``. Raises ``KeyError`` for an unknown role id."""
    start = _role(framework, from_role)
    if to_role is not None:
        _role(framework, to_role)
    graph = _progression(framework)
    found: list[list[str]] = []
    truncated = False
    # depth-first over simple paths, bounded: a dense graph cannot make this run away
    stack = [[from_role]]
    while stack:
        path = stack.pop()
        if len(path) > 1 and (to_role is None or path[-1] == to_role):
            if len(found) >= max_routes:
                truncated = True
                break
            found.append(path)
        if len(path) - 1 >= max_steps or (to_role is not None and path[-1] == to_role):
            continue
        for nxt in sorted(graph.successors(path[-1]), reverse=True):
            if nxt not in path:
                stack.append(path + [nxt])
    found.sort(key=lambda p: (len(p), p))
    graph_of = build_graph(framework)
    cache: dict[tuple[str, str], Gap] = {}

    def step(a: str, b: str) -> Gap:
        if (a, b) not in cache:
            cache[(a, b)] = gap(framework, a, b, graph_of)
        return cache[(a, b)]

    routes = []
    for path in found:
        steps = [step(a, b) for a, b in zip(path, path[1:])]
        routes.append(Pathway(tuple(path), tuple(steps), _sum(start, steps, step(from_role, path[-1]))))
    return Pathways(from_role, to_role, tuple(routes), truncated)


def gap_data(found: Gap) -> dict:
    """A gap as plain data (``nosframe gap --json``)."""
    return {"from": found.from_role, "to": found.to_role,
            "standards": [{"code": s.code, "title": s.title, "optional": s.optional,
                           "criteria": list(s.criteria)} for s in found.standards],
            "criteria_count": found.criteria_count,
            "behaviours": [{"behaviour": b.behaviour, "from_level": b.from_level,
                            "to_level": b.to_level,
                            "evidence": [{"standard": k, "criteria": list(c), "optional": o}
                                         for k, c, o in b.evidence]} for b in found.behaviours],
            "qualifications": list(found.qualifications),
            "kept": {"standards": list(found.kept_standards),
                     "behaviours": [{"behaviour": b, "level": lv}
                                    for b, lv in found.kept_behaviours]}}


def pathways_data(found: Pathways) -> dict:
    return {"from": found.from_role, "to": found.to_role, "truncated": found.truncated,
            "limits": {"max_steps": MAX_STEPS, "max_routes": MAX_ROUTES},
            "routes": [{"roles": list(p.roles), "steps": [gap_data(s) for s in p.steps],
                        "total": gap_data(p.total)} for p in found.routes]}


def describe_gap(framework: Framework, found: Gap) -> list[str]:
    """A gap in lines of plain text (``nosframe gap``, the editor's gap view)."""
    names = {b.id: b.name or b.id for b in framework.behaviours}
    lines = []
    if found.standards:
        lines.append("standards to gain:")
        for s in found.standards:
            criteria = (f" · criteria {', '.join(s.criteria)}" if s.criteria
                        else " · no criteria recorded")
            lines.append(f"  {s.code}  {s.title or '(not defined)'}"
                         + (" (optional)" if s.optional else "") + criteria)
    if found.behaviours:
        lines.append("behaviour levels to gain:")
        for b in found.behaviours:
            was = "none" if b.from_level is None else str(b.from_level)
            lines.append(f"  {names.get(b.behaviour, b.behaviour)}  {was} -> {b.to_level}")
    if found.qualifications:
        lines.append("qualifications to gain: " + "; ".join(found.qualifications))
    if found.kept_standards or found.kept_behaviours:
        lines.append("kept: " + (", ".join(found.kept_standards) or "no standards")
                     + (f"; {len(found.kept_behaviours)} behaviour level(s)"
                        if found.kept_behaviours else ""))
    if found.empty:
        lines.append("nothing to gain")
    return lines

