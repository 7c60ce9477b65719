"""Comparing two organisations' frameworks: which roles of one correspond to which of the other
by the National Occupational Standards they share, and which values and behaviours line up.

NOS are the common language between organisations, so a role of A and a role of B are matched
by the mandatory standards both require, each standard weighing its criteria (docs/compare.md
has the formula). Values and behaviours are each organisation's own, so they are aligned only
on evidence: the same element inherited from the same preset, a declared correspondence (the
policing plugin's CVF 2016 -> 2024 one, :func:`read_correspondences`), the same NOS criteria
mapped to both, or (weakly) names that match.

Pure functions over two :class:`~nosframe.compose.Composed` frameworks; no I/O except reading a
correspondence file.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, Iterable

from attrs import frozen

from nosframe.io import FormatError, Location
from nosframe.model import TextOrigin, normalise_code

#: how strong each basis of an alignment is, strongest first
BASES = ("preset", "correspondence", "mappings", "name")
STRENGTH = {"preset": "strong", "correspondence": "declared", "mappings": "evidence",
            "name": "weak"}


# -- declared correspondences ------------------------------------------------------------------


@frozen
class CorrespondenceRow:
    """One declared correspondence: an element of one framework (``kind:id``) corresponds to
    one or more of another's (the CVF 2016 value ``integrity`` to the 2024 ``courage``)."""

    source: str  # "kind:id"
    targets: tuple[str, ...]  # "kind:id", ...
    note: str = ""
    origin: str = ""  # the file (or plugin) it came from


def read_correspondences(path: str | Path) -> tuple[CorrespondenceRow, ...]:
    """The ``[[correspond]]`` rows of a correspondence file (``from = "kind:id"``, ``to =
    ["kind:id", ...]``, ``note``), the format the policing plugin ships
    (``nosframe_policing/data/cvf-2016-to-2024.toml``)."""
    path = Path(path)
    where = Location(file=str(path))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FormatError("no such correspondence file", location=where,
                          hint="give a TOML file of [[correspond]] rows (from, to, note)") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise FormatError(f"cannot read the correspondence file: {exc}", location=where,
                          hint="a TOML file of [[correspond]] rows (from, to, note)") from None
    rows = data.get("correspond")
    if not isinstance(rows, list) or not rows:
        raise FormatError("holds no [[correspond]] rows", location=where,
                          hint='each row: from = "behaviour:ID", to = ["behaviour:ID"], note')
    out = []
    for n, row in enumerate(rows):
        at = Location(file=str(path), path=f"correspond[{n}]")
        source, targets = (row.get("from"), row.get("to")) if isinstance(row, dict) else (None,
                                                                                          None)
        if isinstance(targets, str):
            targets = [targets]
        if not _kind_id(source) or not isinstance(targets, list) \
                or not all(_kind_id(t) for t in targets):
            raise FormatError("a row needs from = \"kind:id\" and to = [\"kind:id\", ...]",
                              location=at, hint="kind is value, behaviour or level")
        out.append(CorrespondenceRow(source, tuple(targets), str(row.get("note", "")),
                                  path.name))
    return tuple(out)


def rows_of(correspondence) -> tuple[CorrespondenceRow, ...]:
    """The rows of a correspondence a plugin registers (:class:`nosframe.registry.
    Correspondence`, for ``nosframe migrate``), for comparing."""
    origin = correspondence.title or correspondence.key
    if correspondence.plugin:
        origin += f", plugin {correspondence.plugin}"
    return tuple(CorrespondenceRow(source, tuple(targets),
                                   correspondence.notes.get(source, ""), origin)
                 for source, targets in correspondence.mapping.items())


def _kind_id(text: Any) -> bool:
    return isinstance(text, str) and bool(re.fullmatch(r"(value|behaviour|level):\S+", text))


# -- the result ----------------------------------------------------------------------------------


#: the note of a standard one side records its own evidence statements for
OWN_STATEMENTS = "an organisation's own evidence statements are not compared (not NOS text)"


@frozen
class Requirement:
    """A standard one role of the pair requires (mandatory) and the other does not."""

    code: str
    key: str
    title: str
    weight: float  # 1: every standard a role requires counts the same
    optional_in_other: bool = False  # the other role has it as an optional standard


@frozen
class SharedStandard:
    """A standard both roles require, with the criteria each side records for it."""

    code: str
    key: str
    title: str
    weight: float  # 1: every standard counts the same
    shared: float  # the part of it both sides hold: the share of their criteria in common when
    #: both record NOS criteria for it, else 1 (the same NOS)
    only_a: tuple[str, ...] = ()  # NOS criteria only A records
    only_b: tuple[str, ...] = ()
    note: str = ""


@frozen
class BehaviourNeed:
    """A behaviour one role needs, with what the other role needs of the behaviours aligned with
    it (empty: nothing aligned that the other role needs)."""

    behaviour: str
    name: str
    level: int
    counterparts: tuple[tuple[str, str, int, str], ...] = ()  # (id, name, level, strength)


@frozen
class RolePair:
    a: str
    b: str
    a_title: str
    b_title: str
    score: float  # shared weight / weight of everything either role requires
    a_to_b: float  # of what b requires, the share a person in a already meets
    b_to_a: float
    shared: tuple[SharedStandard, ...]
    only_a: tuple[Requirement, ...]  # what a requires that b does not
    only_b: tuple[Requirement, ...]
    behaviours_a: tuple[BehaviourNeed, ...] = ()
    behaviours_b: tuple[BehaviourNeed, ...] = ()


@frozen
class Alignment:
    """A value or behaviour of A lined up with one of B, and on what basis."""

    kind: str  # "value" or "behaviour"
    a: str
    b: str
    a_name: str
    b_name: str
    bases: tuple[str, ...]  # of BASES, strongest first
    note: str = ""

    @property
    def strength(self) -> str:
        return STRENGTH[self.bases[0]]


@frozen
class Comparison:
    a: str  # framework ids
    b: str
    a_title: str
    b_title: str
    pairs: tuple[RolePair, ...]  # every pair, best first
    best_for_a: dict[str, RolePair | None]  # role of A -> its best pair (None: no roles in B)
    best_for_b: dict[str, RolePair | None]
    alignments: tuple[Alignment, ...]
    unaligned_a: tuple[tuple[str, str], ...]  # (kind, id) of A aligned with nothing in B
    unaligned_b: tuple[tuple[str, str], ...]
    shared_standards: tuple[str, ...]  # codes both frameworks define (or reference)

    def best_pairs(self) -> tuple[RolePair, ...]:
        """Each role's best pair (A's roles' and B's), each pair once, best first."""
        seen, out = set(), []
        for best in (*self.best_for_a.values(), *self.best_for_b.values()):
            if best is not None and (best.a, best.b) not in seen:
                seen.add((best.a, best.b))
                out.append(best)
        return tuple(sorted(out, key=lambda p: (-p.score, p.a, p.b)))

    def pair(self, a: str, b: str) -> RolePair:
        for p in self.pairs:
            if p.a == a and p.b == b:
                return p
        raise KeyError((a, b))


# -- weights ---------------------------------------------------------------------------------


def _nos_criteria(standard) -> frozenset[str]:
    """The criteria ids of a standard that can be compared across frameworks: the NOS's own
    (published or paraphrased). An organisation's own evidence statements (text_origin
    "organisation") are its own words and ids, so they are not compared."""
    if standard is None or standard.text_origin is TextOrigin.ORGANISATION:
        return frozenset()
    return frozenset(c.id for c in standard.criteria)


class _Side:
    def __init__(self, composed):
        fw = composed.framework
        self.composed = composed
        self.fw = fw
        self.standards = {s.key: s for s in fw.standards}
        self.roles = {r.id: r for r in fw.roles}
        self.behaviours = {b.id: b for b in fw.behaviours}
        self.values = {v.id: v for v in fw.values}

    def criteria(self, key: str) -> frozenset[str]:
        return _nos_criteria(self.standards.get(key))

    def title(self, key: str, code: str) -> str:
        s = self.standards.get(key)
        return s.title if s else ""

    def code(self, key: str, fallback: str) -> str:
        s = self.standards.get(key)
        return s.code if s else fallback

    def name(self, kind: str, key: str) -> str:
        element = (self.behaviours if kind == "behaviour" else self.values).get(key)
        return (element.name or element.id) if element else key


def _codes(codes: Iterable[str]) -> dict[str, str]:
    """normalised key -> code as written, in order, first spelling kept."""
    out: dict[str, str] = {}
    for code in codes:
        out.setdefault(normalise_code(code), code)
    return out


def compare_roles(a: _Side, b: _Side, ra, rb, aligned: dict) -> RolePair:
    mand_a, mand_b = _codes(ra.standards), _codes(rb.standards)
    opt_a = set(_codes(ra.optional_standards)) - set(mand_a)
    opt_b = set(_codes(rb.optional_standards)) - set(mand_b)
    shared, only_a, only_b = [], [], []
    total = held = need_a = need_b = 0.0
    for key, code in mand_a.items():
        ca = a.criteria(key)
        if key in mand_b:
            cb = b.criteria(key)
            note = ""
            weight = 1.0
            if ca and cb:
                part = len(ca & cb) / len(ca | cb)
                if ca != cb:
                    note = "the two frameworks record different criteria for it"
            else:
                part = 1.0
                sa, sb = a.standards.get(key), b.standards.get(key)
                if any(s is not None and s.text_origin is TextOrigin.ORGANISATION and s.criteria
                       for s in (sa, sb)):
                    note = OWN_STATEMENTS
            shared.append(SharedStandard(a.code(key, code), key, a.title(key, code)
                                         or b.title(key, code), weight, part,
                                         tuple(sorted(ca - cb)) if cb else (),
                                         tuple(sorted(cb - ca)) if ca else (), note))
            total += weight
            held += part
            need_a += weight
            need_b += weight
        else:
            weight = 1.0
            only_a.append(Requirement(a.code(key, code), key, a.title(key, code), weight,
                                      key in opt_b))
            total += weight
            need_a += weight
    for key, code in mand_b.items():
        if key in mand_a:
            continue
        weight = 1.0
        only_b.append(Requirement(b.code(key, code), key, b.title(key, code), weight,
                                  key in opt_a))
        total += weight
        need_b += weight
    return RolePair(
        ra.id, rb.id, ra.title or ra.id, rb.title or rb.id,
        score=_ratio(held, total), a_to_b=_ratio(held, need_b), b_to_a=_ratio(held, need_a),
        shared=tuple(shared), only_a=tuple(only_a), only_b=tuple(only_b),
        behaviours_a=_needs(a, b, ra, rb, aligned["a"]),
        behaviours_b=_needs(b, a, rb, ra, aligned["b"]))


def _ratio(part: float, whole: float) -> float:
    return round(part / whole, 4) if whole else 0.0


def _needs(side: _Side, other: _Side, role, other_role, aligned: dict) -> tuple:
    out = []
    for bid, level in role.behaviours.items():
        counterparts = tuple(
            (oid, other.name("behaviour", oid), other_role.behaviours[oid], strength)
            for oid, strength in aligned.get(bid, ()) if oid in other_role.behaviours)
        out.append(BehaviourNeed(bid, side.name("behaviour", bid), level, counterparts))
    return tuple(out)


# -- aligning values and behaviours ---------------------------------------------------------------


def _name_key(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.casefold()).split())


def _preset_of(composed, kind: str, key: str) -> str:
    prov = composed.provenance_of(kind, key)
    return prov.origin.name if prov is not None and prov.origin.kind == "preset" else ""


def _evidence(side: _Side, kind: str) -> dict[str, set[tuple[str, str]]]:
    """For each behaviour (or value), the NOS criteria mapped to it: (standard key, criterion),
    (key, "*") for a mapping naming the whole standard. Only NOS criteria: an organisation's own
    statements are its own."""
    out: dict[str, set[tuple[str, str]]] = {}
    for m in side.fw.mappings:
        target = m.behaviour if kind == "behaviour" else m.value
        if not target:
            continue
        key = normalise_code(m.standard)
        comparable = side.criteria(key)
        if not m.criteria:
            out.setdefault(target, set()).add((key, "*"))
        for c in m.criteria:
            if c in comparable:
                out.setdefault(target, set()).add((key, c))
    return out


def align(a: _Side, b: _Side, correspondences: Iterable[CorrespondenceRow] = ()) -> \
        tuple[Alignment, ...]:
    found: dict[tuple[str, str, str], dict[str, str]] = {}  # (kind, a, b) -> basis -> note

    def add(kind: str, x: str, y: str, basis: str, note: str) -> None:
        found.setdefault((kind, x, y), {}).setdefault(basis, note)

    corr = tuple(correspondences)
    for kind in ("value", "behaviour"):
        mine = a.behaviours if kind == "behaviour" else a.values
        theirs = b.behaviours if kind == "behaviour" else b.values
        for x in mine:
            if x in theirs:
                pa, pb = _preset_of(a.composed, kind, x), _preset_of(b.composed, kind, x)
                if pa and pa == pb:
                    add(kind, x, x, "preset", f"both inherit it from preset {pa}")
        for row in corr:
            skind, _, sid = row.source.partition(":")
            if skind != kind:
                continue
            for target in row.targets:
                tkind, _, tid = target.partition(":")
                if tkind != kind:
                    continue
                note = f"{row.source} -> {target}" + (f": {row.note}" if row.note else "") \
                    + (f" ({row.origin})" if row.origin else "")
                if sid in mine and tid in theirs:
                    add(kind, sid, tid, "correspondence", note)
                if sid in theirs and tid in mine:
                    add(kind, tid, sid, "correspondence", note)
        ea, eb = _evidence(a, kind), _evidence(b, kind)
        for x, xs in ea.items():
            for y, ys in eb.items():
                common = xs & ys
                if x in mine and y in theirs and common:
                    listed = ", ".join(f"{a.code(k, k)} {c}" if c != "*" else a.code(k, k)
                                       for k, c in sorted(common))
                    add(kind, x, y, "mappings",
                        f"{len(common)} of {len(xs | ys)} mapped NOS criteria in common: "
                        f"{listed}")
        by_name: dict[str, list[str]] = {}
        for y, element in theirs.items():
            by_name.setdefault(_name_key(element.name or y), []).append(y)
        for x, element in mine.items():
            for y in by_name.get(_name_key(element.name or x), ()):
                add(kind, x, y, "name", "the names match (after normalising case and "
                                        "punctuation); nothing else says they mean the same")
    out = []
    for (kind, x, y), bases in found.items():
        ordered = tuple(sorted(bases, key=BASES.index))
        # a weak match is said only when it is the only basis
        note = "; ".join(bases[basis] for basis in ordered
                         if basis != "name" or ordered == ("name",))
        out.append(Alignment(kind, x, y, a.name(kind, x), b.name(kind, y), ordered, note))
    order = {"value": 0, "behaviour": 1}
    return tuple(sorted(out, key=lambda al: (order[al.kind], BASES.index(al.bases[0]),
                                             al.a, al.b)))


# -- comparing ----------------------------------------------------------------------------------


def compare(composed_a, composed_b, correspondences: Iterable[CorrespondenceRow] = ()) -> Comparison:
    """Compare two composed frameworks: every pair of roles scored by the standards they share,
    each role's best match, and the alignment of values and behaviours."""
    a, b = _Side(composed_a), _Side(composed_b)
    alignments = align(a, b, correspondences)
    aligned: dict[str, dict[str, list[tuple[str, str]]]] = {"a": {}, "b": {}}
    for al in alignments:
        if al.kind == "behaviour":
            aligned["a"].setdefault(al.a, []).append((al.b, al.strength))
            aligned["b"].setdefault(al.b, []).append((al.a, al.strength))
    pairs = [compare_roles(a, b, ra, rb, aligned) for ra in a.fw.roles for rb in b.fw.roles]
    pairs.sort(key=lambda p: (-p.score, -(p.a_to_b + p.b_to_a), p.a, p.b))

    def best(attr: str, roles) -> dict[str, RolePair | None]:
        return {r.id: next((p for p in pairs if getattr(p, attr) == r.id), None)
                for r in roles}

    used_a = {(al.kind, al.a) for al in alignments}
    used_b = {(al.kind, al.b) for al in alignments}
    unaligned_a = tuple((k, x) for k, items in (("value", a.values), ("behaviour", a.behaviours))
                        for x in items if (k, x) not in used_a)
    unaligned_b = tuple((k, y) for k, items in (("value", b.values), ("behaviour", b.behaviours))
                        for y in items if (k, y) not in used_b)
    info_a, info_b = a.fw.framework, b.fw.framework
    return Comparison(
        info_a.id, info_b.id, info_a.title or info_a.id, info_b.title or info_b.id,
        tuple(pairs), best("a", a.fw.roles), best("b", b.fw.roles), alignments,
        unaligned_a, unaligned_b,
        tuple(a.standards[k].code for k in a.standards if k in b.standards))


# -- as data ---------------------------------------------------------------------------------


def pair_data(p: RolePair) -> dict[str, Any]:
    def need(n: BehaviourNeed) -> dict:
        return {"behaviour": n.behaviour, "name": n.name, "level": n.level,
                "counterparts": [{"behaviour": c[0], "name": c[1], "level": c[2],
                                  "strength": c[3]} for c in n.counterparts]}

    def req(r: Requirement) -> dict:
        return {"code": r.code, "title": r.title, "weight": r.weight,
                "optional_in_other": r.optional_in_other}

    return {"a": p.a, "b": p.b, "a_title": p.a_title, "b_title": p.b_title,
            "score": p.score, "a_to_b": p.a_to_b, "b_to_a": p.b_to_a,
            "shared": [{"code": s.code, "title": s.title, "weight": s.weight,
                        "shared": round(s.shared, 4), "criteria_only_a": list(s.only_a),
                        "criteria_only_b": list(s.only_b), "note": s.note} for s in p.shared],
            "only_a": [req(r) for r in p.only_a], "only_b": [req(r) for r in p.only_b],
            "behaviours_a": [need(n) for n in p.behaviours_a],
            "behaviours_b": [need(n) for n in p.behaviours_b]}


def comparison_data(c: Comparison) -> dict[str, Any]:
    """The comparison as plain data (``nosframe compare --json``)."""
    return {
        "a": {"id": c.a, "title": c.a_title}, "b": {"id": c.b, "title": c.b_title},
        "shared_standards": list(c.shared_standards),
        "best_for_a": {r: ({"b": p.b, "score": p.score} if p else None)
                       for r, p in c.best_for_a.items()},
        "best_for_b": {r: ({"a": p.a, "score": p.score} if p else None)
                       for r, p in c.best_for_b.items()},
        "pairs": [pair_data(p) for p in c.pairs],
        "alignments": [{"kind": al.kind, "a": al.a, "b": al.b, "a_name": al.a_name,
                        "b_name": al.b_name, "bases": list(al.bases),
                        "strength": al.strength, "note": al.note} for al in c.alignments],
        "unaligned_a": [{"kind": k, "id": x} for k, x in c.unaligned_a],
        "unaligned_b": [{"kind": k, "id": y} for k, y in c.unaligned_b],
    }
