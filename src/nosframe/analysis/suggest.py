"""Suggestions a person can check: standards for a role, criteria for a behaviour or value.

Both rank with **BM25**, the formula search engines use, and say which words matched, so a
person sees why a suggestion is there and can accept or reject it.

* Words are the text's words stemmed as the national library's index stems them (SQLite FTS5's
  ``porter unicode61 remove_diacritics 2`` tokenizer, run on an in-memory table, so ``victims``
  matches ``victim`` and ``gathers`` ``gather``); common English words (:data:`STOP_WORDS`) are
  left out of a query.
* A standard is scored over its fields, a match in the code or title counting most:
  :data:`FIELD_WEIGHTS`. The score of a document *d* for query words *q* is
  ``sum over q of idf(q) * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len(d) / avglen))`` with
  ``k1 = 1.2``, ``b = 0.75``, ``tf`` the weighted count of *q* in *d*'s fields, ``len`` in
  words, and ``idf(q) = ln((N - n + 0.5) / (n + 0.5))`` (*N* documents, *n* holding *q*; at
  least 0.000001: a word in half the documents or more says next to nothing), as FTS5's
  ``bm25()`` computes it.
* **One scale for every source.** The framework's and every installed preset's standards are
  scored in Python; the national library, when installed, gives its best candidates by FTS5's
  ``bm25()`` over its own index (at most :data:`LIBRARY_CANDIDATES`), with its document count,
  word count and how many of its rows hold each query word. Every candidate is then scored by
  the formula above over one collection (the local standards plus the library's rows), so a
  preset's standard and a library one compare directly.

Headless: no Textual, no editing engine; the CLI, the NOS picker and the mapping editor call it.
"""

from __future__ import annotations

import math
import re
import sqlite3
import threading
from typing import Any, Iterable, Sequence

from attrs import evolve, frozen

from nosframe.model import (Behaviour, Framework, OverrideAction, Role, Standard, Value,
                            normalise_code)

K1 = 1.2
B = 0.75
#: how much a match in each field of a standard counts (the library's index weighs code and
#: title the same way)
FIELD_WEIGHTS = {"code": 10.0, "title": 5.0, "keywords": 2.0, "soc_codes": 2.0,
                 "overview": 1.0, "suites": 1.0, "occupations": 1.0}
#: a query uses at most this many distinct words (a pasted two-page job description has a few
#: hundred, about 150 distinct; the first ones are kept, and the result says how many were left
#: out; 250 words rank as fast as 100 with the library: 0.2 s) ...
MAX_QUERY_WORDS = 250
#: ... read from at most this many characters of its text
MAX_QUERY_CHARS = 20_000
#: the most candidates the national library gives a query (best first by its bm25)
LIBRARY_CANDIDATES = 200

#: words too common to say anything about a standard; never a query word
STOP_WORDS = frozenset("""
a about above after all also am an and any are as at be been before being between both but by
can could did do does doing during each etc for from further had has have having he her here
hers him his how i if in into is it its itself may me might more most must my no nor not of off
on once only or other our ours out over own per shall she should so some such than that the
their theirs them then there these they this those through to too under until up upon us very
was we were what when where which while who whom why will with within without would you your
yours e g ie eg including include includes
""".split())

_WORD = re.compile(r"\w+", flags=re.UNICODE)
_SURROGATE = re.compile("[\ud800-\udfff]")
_TOKENIZE = "porter unicode61 remove_diacritics 2"


# -- words -----------------------------------------------------------------------------------


class _Stemmer:
    """Texts -> their words as FTS5 tokenizes them, through an in-memory FTS5 table (one per
    thread); without FTS5, lower-cased words with a plural ``s`` dropped."""

    def __init__(self) -> None:
        self._local = threading.local()

    def _conn(self) -> sqlite3.Connection | None:
        conn = getattr(self._local, "conn", False)
        if conn is False:
            try:
                conn = sqlite3.connect(":memory:")
                conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(x, tokenize='{_TOKENIZE}')")
                conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, instance)")
            except sqlite3.Error:
                conn = None
            self._local.conn = conn
        return conn

    def __call__(self, texts: Sequence[str]) -> list[list[str]]:
        texts = [_SURROGATE.sub("", t) for t in texts]
        conn = self._conn()
        if conn is None:
            return [[_fallback_stem(w) for w in _WORD.findall(t.lower())] for t in texts]
        out: list[list[str]] = [[] for _ in texts]
        with conn:
            conn.execute("DELETE FROM t")
            conn.executemany("INSERT INTO t(rowid, x) VALUES (?, ?)",
                             ((n + 1, t) for n, t in enumerate(texts) if t))
            for term, doc in conn.execute("SELECT term, doc FROM v ORDER BY doc, offset"):
                out[doc - 1].append(term)
            conn.execute("DELETE FROM t")
        return out


def _fallback_stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") \
        else word


stems = _Stemmer()


@frozen
class Query:
    """A query's words: each stem once, with the word as written that gave it."""

    text: str  # the text used (after bounding)
    terms: tuple[str, ...]  # stems, in order of first use
    written: dict[str, str]  # stem -> the word as written
    #: distinct words beyond MAX_QUERY_WORDS, plus the words past MAX_QUERY_CHARS characters
    left_out: int = 0

    def words(self, terms: Iterable[str]) -> tuple[str, ...]:
        chosen = set(terms)
        return tuple(self.written[t] for t in self.terms if t in chosen)


def make_query(text: str) -> Query:
    """The words of ``text`` that a query uses: not stop words (nor single letters: the ``s`` of
    ``people's``), stemmed, each once, at most
    :data:`MAX_QUERY_WORDS` of them from at most :data:`MAX_QUERY_CHARS` characters."""
    text = _SURROGATE.sub("", text or "")
    past = 0
    if len(text) > MAX_QUERY_CHARS:
        cut = text.rfind(" ", 0, MAX_QUERY_CHARS + 1)  # not in the middle of a word
        cut = cut if cut > 0 else MAX_QUERY_CHARS
        past = len(_WORD.findall(text[cut:]))
        text = text[:cut]
    written = [w for w in _WORD.findall(text) if w.lower() not in STOP_WORDS]
    stemmed = stems(written)
    terms: dict[str, str] = {}
    left_out = 0
    for word, found in zip(written, stemmed):
        for term in found:
            if term in terms or term in STOP_WORDS or (len(term) < 2 and not term.isdigit()):
                continue
            if len(terms) >= MAX_QUERY_WORDS:
                left_out += 1
                continue
            terms[term] = word
    return Query(text, tuple(terms), terms, left_out + past)


# -- BM25 ------------------------------------------------------------------------------------


@frozen
class Document:
    """A thing to rank: its words by field (stems), and its length in words."""

    fields: dict[str, tuple[str, ...]]
    length: int


def _document(texts: dict[str, str]) -> Document:
    names = list(texts)
    found = stems([texts[n] for n in names])
    fields = {n: tuple(words) for n, words in zip(names, found)}
    return Document(fields, sum(map(len, fields.values())))


def frequencies(docs: Iterable[Document]) -> dict[str, int]:
    """How many of ``docs`` hold each word."""
    df: dict[str, int] = {}
    for doc in docs:
        for term in {t for words in doc.fields.values() for t in words}:
            df[term] = df.get(term, 0) + 1
    return df


def idf(n: int, total: int) -> float:
    """FTS5's: a word in half the documents or more says (next to) nothing."""
    return max(math.log((total - n + 0.5) / (n + 0.5)), 1e-6)


def idf_plus(n: int, total: int) -> float:
    """Lucene's: never below zero, for small collections (a framework's few behaviours)."""
    return math.log(1 + (total - n + 0.5) / (n + 0.5))


def bm25(query: Sequence[str], doc: Document, df: dict[str, int], total: int,
         avglen: float, weights: dict[str, float], weigh: Any = None
         ) -> tuple[float, dict[str, set[str]]]:
    """The score of ``doc`` for the query's stems, and which stems matched in which field."""
    score = 0.0
    matched: dict[str, set[str]] = {}
    norm = K1 * (1 - B + B * doc.length / avglen) if avglen else K1
    for term in query:
        tf = 0.0
        for name, words in doc.fields.items():
            count = words.count(term)
            if count:
                tf += weights.get(name, 1.0) * count
                matched.setdefault(term, set()).add(name)
        if tf:
            score += (weigh or idf)(df.get(term, 0), total) * tf * (K1 + 1) / (tf + norm)
    return score, matched


# -- standards for a role --------------------------------------------------------------------


@frozen
class StandardSuggestion:
    standard: Standard
    source: str  # "framework", "preset policing", "library uk-nos"
    score: float
    words: tuple[str, ...]  # the query's words (as written) that matched, in query order
    fields: dict[str, tuple[str, ...]]  # field -> the words that matched there
    in_role: bool = False  # the role already has it
    #: similar roles of the framework that take it: role id -> the query's words its
    #: description shares
    roles: dict[str, tuple[str, ...]] = {}
    #: how much of the score comes from those roles and the roles before (the rest is the
    #: standard's own words)
    from_roles: float = 0.0
    #: roles that progress to the role suggestions are for and require it (a person promoted
    #: keeps most of what the role before required)
    kept_from: tuple[str, ...] = ()
    #: how many other roles of the framework were compared (to say "most roles take it")
    of_roles: int = 0

    def brief(self) -> str:
        """Why it is suggested, in the fewest words (a table column): the words it matched,
        then the similar roles that take it. :meth:`reasons` says the same whole."""
        parts = []
        if self.words:
            parts.append(", ".join(self.words))
        if self.kept_from:
            parts.append("kept from " + ", ".join(self.kept_from))
        others = [r for r in self.roles if r not in self.kept_from]
        if others:
            parts.append("like " + ", ".join(others))
        return "; ".join(parts)

    def reasons(self) -> tuple[str, ...]:
        """Why it is suggested, in words, shortest first: what the CLI and the NOS picker say.
        A standard most of the framework's other roles take is said with how many, not listed
        role by role (nine names say nothing)."""
        out = []
        if self.words:
            out.append("words: " + ", ".join(self.words))
        if self.kept_from:
            out.append("required by the role before it (kept on promotion): "
                       + ", ".join(self.kept_from))
        others = [r for r in self.roles if r not in self.kept_from]
        if others:
            if self.of_roles >= 4 and len(self.roles) > self.of_roles / 2:
                out.append(f"taken by {len(self.roles)} similar roles of the {self.of_roles} "
                           "others")
            else:
                out.append("taken by similar roles: " + ", ".join(others))
        return tuple(out)

    def to_json(self) -> dict:
        return {"code": self.standard.code, "title": self.standard.title,
                "source": self.source, "score": round(self.score, 3),
                "words": list(self.words),
                "fields": {k: list(v) for k, v in self.fields.items()},
                "roles": {k: list(v) for k, v in self.roles.items()},
                "from_roles": round(self.from_roles, 3), "kept_from": list(self.kept_from),
                "in_role": self.in_role}


@frozen
class StandardSuggestions:
    query: Query
    suggestions: tuple[StandardSuggestion, ...]
    considered: int  # standards scored
    notes: tuple[str, ...] = ()  # sources that could not take part, and why


def standard_fields(standard: Standard) -> dict[str, str]:
    return {"code": f"{standard.code} {standard.key}", "title": standard.title,
            "overview": standard.overview, "keywords": " ; ".join(standard.keywords),
            "suites": " ; ".join(standard.suites),
            "occupations": " ; ".join(standard.occupations),
            "soc_codes": " ".join(standard.soc_codes)}


def role_text(role: Role, *, title: bool = True, responsibilities: bool = True) -> str:
    """The text a role is described by: its title, purpose and responsibilities."""
    parts = ([role.title] if title and role.title else []) + [role.purpose]
    if responsibilities:
        parts += list(role.responsibilities)
    return "\n".join(p for p in parts if p)


@frozen
class RoleText:
    """A role of the framework as the suggestions use it: what it says, what it takes."""

    id: str
    text: str
    standards: tuple[str, ...]
    optional: tuple[str, ...] = ()
    #: it progresses to the role suggestions are for, or that role progresses to it
    neighbour: bool = False
    #: it progresses to the role suggestions are for: the share of a role's standards that
    #: the roles after it keep, in this framework (0 for any other role; :func:`kept_share`)
    keeps: float = 0.0


#: how much a similar role's score passes to each standard it takes (optional ones: half)
ROLE_SHARE = 1.0
#: what a role next to this one in the progression graph adds to its similarity
NEIGHBOUR_SCORE = 3.0
#: how much of (the best words' score x the framework's kept share) a standard required by a
#: role that progresses to this one is passed (see :func:`kept_share`, docs/suggest.md)
KEPT_WEIGHT = 0.5


def kept_share(framework: Framework, *, leave_out: str = "") -> float:
    """Of the standards each role requires, the share that the roles it progresses to require
    too, over every step of the framework's progression graph but those to or from
    ``leave_out`` (so a role's own standards never decide how much its predecessors count).
    0 when no step is left to measure."""
    by_id = {r.id: r for r in framework.roles}
    held = kept = 0
    for role in framework.roles:
        if role.id == leave_out:
            continue
        before = {normalise_code(c) for c in role.standards}
        for successor in dict.fromkeys(role.progresses_to):
            after = by_id.get(successor)
            if after is None or successor == leave_out or successor == role.id:
                continue
            held += len(before)
            kept += len(before & {normalise_code(c) for c in after.standards})
    return kept / held if held else 0.0


def framework_roles(framework: Framework, *, leave_out: str = "") -> list[RoleText]:
    """The framework's roles (but ``leave_out``, the role suggestions are for), those next to
    ``leave_out`` in the progression graph marked, and those that progress to it given the
    framework's :func:`kept_share`."""
    this = next((r for r in framework.roles if r.id == leave_out), None)
    nearby = set(this.progresses_to) if this else set()
    before = {r.id for r in framework.roles if leave_out and leave_out in r.progresses_to}
    nearby |= before
    share = kept_share(framework, leave_out=leave_out) if before else 0.0
    return [RoleText(r.id, role_text(r), r.standards, r.optional_standards, r.id in nearby,
                     share if r.id in before else 0.0)
            for r in framework.roles if r.id != leave_out]


def _similar_roles(query: Query, roles: Sequence[RoleText]
                   ) -> dict[str, tuple[float, tuple[str, ...]]]:
    """Role id -> (BM25 score of its text for the query, the words it shares)."""
    docs = {r.id: _document({"text": r.text}) for r in roles}
    neighbours = {r.id: r.neighbour for r in roles}
    if not docs:
        return {}
    df = frequencies(docs.values())
    avglen = sum(d.length for d in docs.values()) / len(docs)
    out = {}
    for role_id, doc in docs.items():
        score, matched = bm25(query.terms, doc, df, len(docs), avglen, {})
        # the words that say something: not those half the roles use
        words = query.words(t for t in matched if idf(df[t], len(docs)) > 0.01)
        if neighbours.get(role_id):
            score += NEIGHBOUR_SCORE
            words += ("(next in progression)",)
        if score >= 0.01:
            out[role_id] = (score, words)
    return out


def removed_standards(own: Framework) -> set[str]:
    """Codes the file ``own`` (a framework file's own content, not the composed one) removes
    with a ``remove`` override: never suggested, since the file chose to leave them out."""
    return {normalise_code(o.target.partition(":")[2]) for o in own.overrides
            if o.action is OverrideAction.REMOVE and o.target.startswith("standard:")}


def suggest_standards(text: str, entries: Iterable[Any], libraries: Iterable[Any] = (), *,
                      limit: int = 20, have: Iterable[str] = (),
                      roles: Sequence[RoleText] = (),
                      exclude: Iterable[str] = ()) -> StandardSuggestions:
    """Standards ranked for ``text`` (a role's purpose, a job description).

    ``entries``: the framework's and the presets' standards, each with ``.standard`` and
    ``.source`` (the picker's catalogue entries); the first of a code wins. ``libraries``:
    registered libraries; one that can rank (the national library) adds its candidates.
    ``have``: codes the role has already (marked ``in_role``). ``roles``: the framework's
    other roles: each whose description shares the query's words passes its BM25 score
    (times :data:`ROLE_SHARE`, half for optional standards) to the standards it takes ("roles
    like this one take it"). ``exclude``: codes never suggested (standards the framework
    removes). Only standards that match at least one word, or are taken by a similar role,
    are returned, at most ``limit``.
    """
    query = make_query(text)
    limit = max(int(limit), 0)
    local: dict[str, tuple[Standard, str]] = {}
    excluded = {normalise_code(c) for c in exclude}
    for entry in entries:
        if entry.standard.key not in excluded:
            local.setdefault(entry.standard.key, (entry.standard, entry.source))
    if not query.terms or limit == 0:
        return StandardSuggestions(query, (), len(local))
    docs = {key: _document(standard_fields(s)) for key, (s, _) in local.items()}
    df = frequencies(docs.values())
    total, tokens = len(docs), sum(d.length for d in docs.values())
    notes: list[str] = []
    written = [query.written[t] for t in query.terms]
    for library in libraries:
        rank = getattr(getattr(library, "inner", library), "rank", None)
        name = getattr(library, "name", "?")
        if not callable(rank):
            continue
        try:
            ranked = rank(written, list(query.terms), limit=LIBRARY_CANDIDATES)
            rows, more = int(ranked.rows), int(ranked.tokens)
            counts = {str(t): int(n) for t, n in dict(ranked.df).items()}
            candidates = [s for s in ranked.standards if isinstance(s, Standard)]
        except Exception as exc:  # a library that fails must not stop the suggestions
            notes.append(f"library {name}: {getattr(exc, 'message', None) or exc}")
            continue
        if not rows:
            notes.append(f"library {name} has no search index (FTS5), so it cannot rank")
            continue
        total += rows
        tokens += more
        for term, n in counts.items():
            df[term] = df.get(term, 0) + n
        for standard in candidates:
            if standard.key not in local and standard.key not in excluded:
                local[standard.key] = (standard, f"library {name}")
                docs[standard.key] = _document(standard_fields(standard))
    avglen = tokens / total if total else 0.0
    have_keys = {normalise_code(c) for c in have}
    via: dict[str, dict[str, tuple[str, ...]]] = {}
    passed: dict[str, float] = {}
    for role_id, (role_score, shared) in _similar_roles(query, list(roles)).items():
        role = next(r for r in roles if r.id == role_id)
        for codes, share in ((role.standards, ROLE_SHARE), (role.optional, ROLE_SHARE / 2)):
            for code in codes:
                key = normalise_code(code)
                if key in docs and role_id not in via.get(key, {}):
                    via.setdefault(key, {})[role_id] = shared
                    passed[key] = passed.get(key, 0.0) + role_score * share
    own_scores = {key: bm25(query.terms, doc, df, total, avglen, FIELD_WEIGHTS)
                  for key, doc in docs.items()}
    # a person moving up keeps most of what the role before required: each standard a role
    # that progresses to this one requires is passed the best words' score times the share
    # of standards that roles keep from one step to the next in this framework
    best = max((score for score, _ in own_scores.values()), default=0.0)
    kept: dict[str, list[str]] = {}
    for role in roles:
        if role.keeps <= 0:
            continue
        for code in dict.fromkeys(normalise_code(c) for c in role.standards):
            if code in docs:
                kept.setdefault(code, []).append(role.id)
                passed[code] = passed.get(code, 0.0) + best * role.keeps * KEPT_WEIGHT
    scored = []
    for key, doc in docs.items():
        score, matched = own_scores[key]
        if not matched and key not in via and key not in kept:
            continue
        standard, source = local[key]
        by_field: dict[str, list[str]] = {}
        for term in query.terms:
            for name in sorted(matched.get(term, ()), key=list(FIELD_WEIGHTS).index):
                by_field.setdefault(name, []).append(query.written[term])
        scored.append(StandardSuggestion(
            standard, source, score + passed.get(key, 0.0), query.words(matched),
            {n: tuple(w) for n, w in by_field.items()}, key in have_keys,
            via.get(key, {}), passed.get(key, 0.0), tuple(kept.get(key, ())), len(roles)))
    scored.sort(key=lambda s: (-s.score, s.standard.key))
    return StandardSuggestions(query, tuple(scored[:limit]), len(docs), tuple(notes))


def suggest_for_role(role: Role, framework: Framework, entries: Iterable[Any],
                     libraries: Iterable[Any] = (), *, own: Framework | None = None,
                     text: str | None = None, limit: int = 20) -> StandardSuggestions:
    """What ``nosframe suggest standards --role`` and the NOS picker rank for ``role`` of the
    composed ``framework``: its title, purpose and responsibilities (or ``text``), the
    framework's other roles like it, the role's standards marked, and never a standard the
    file ``own`` removes."""
    return suggest_standards(
        role_text(role) if text is None else text, entries, libraries, limit=limit,
        have=role.standards + role.optional_standards,
        roles=framework_roles(framework, leave_out=role.id),
        exclude=removed_standards(own) if own is not None else ())


# -- criteria for behaviours and values ------------------------------------------------------


@frozen
class MappingSuggestion:
    criterion: str  # criterion id of the standard
    target: str  # "behaviour:ID" or "value:ID"
    score: float
    words: tuple[str, ...]  # the criterion's words (as written) that the target's text shares

    def to_json(self) -> dict:
        return {"criterion": self.criterion, "target": self.target,
                "score": round(self.score, 3), "words": list(self.words)}


#: a criterion is suggested for a target when its score is at least this (one shared word
#: that only that target uses scores about 1.5-2.5; a word every target uses, near 0)
MIN_MAPPING_SCORE = 1.0


def target_text(element: Behaviour | Value) -> dict[str, str]:
    """What a behaviour or value says: its name, description and, for a behaviour, its
    indicators at every level."""
    fields = {"name": element.name or element.id, "description": element.description}
    if isinstance(element, Behaviour):
        fields["indicators"] = "\n".join(i for level in sorted(element.levels)
                                         for i in element.levels[level])
    return fields


_TARGET_WEIGHTS = {"name": 3.0, "description": 1.0, "indicators": 1.0}


def suggest_mappings(standard: Standard, framework: Framework,
                     min_score: float = MIN_MAPPING_SCORE) -> tuple[MappingSuggestion, ...]:
    """For each criterion of ``standard``, the behaviours and values whose text shares its
    words, best first; ranked by BM25 of the criterion's words over the framework's behaviours
    and values (their name counting most, then description and indicators). A framework has
    few of those, so a word's idf here is Lucene's ``ln(1 + (N - n + 0.5) / (n + 0.5))``, never
    zero: a word every behaviour shares still supports a mapping, only less."""
    targets = [(f"behaviour:{b.id}", target_text(b)) for b in framework.behaviours]
    targets += [(f"value:{v.id}", target_text(v)) for v in framework.values]
    if not targets or not standard.criteria:
        return ()
    docs = {key: _document(fields) for key, fields in targets}
    df = frequencies(docs.values())
    total = len(docs)
    avglen = sum(d.length for d in docs.values()) / total
    template = _template_words(framework)
    out = []
    for criterion in standard.criteria:
        query = make_query(criterion.text)
        query = evolve(query, terms=tuple(t for t in query.terms if t not in template))
        for key, doc in docs.items():
            score, matched = bm25(query.terms, doc, df, total, avglen, _TARGET_WEIGHTS,
                                  idf_plus)
            if matched and score >= min_score:
                out.append(MappingSuggestion(criterion.id, key, score, query.words(matched)))
    out.sort(key=lambda s: (-s.score, s.criterion, s.target))
    return tuple(out)


#: a word in at least this share of a framework's criteria is the template of their wording
#: ("Westvale evidence statement: ..."), not what one criterion is about
TEMPLATE_SHARE = 0.5


def _template_words(framework: Framework) -> frozenset[str]:
    """Words (stems) in half or more of the framework's criteria that have text, when four or
    more have: a prefix an organisation writes before each of its evidence statements
    ("Westvale evidence statement: ...") says nothing of which behaviour one criterion
    evidences."""
    criteria = [c for s in framework.standards for c in s.criteria if c.text.strip()]
    if len(criteria) < 4:
        return frozenset()
    counts: dict[str, int] = {}
    for words in stems([c.text for c in criteria]):
        for term in set(words):
            counts[term] = counts.get(term, 0) + 1
    return frozenset(t for t, n in counts.items() if n >= TEMPLATE_SHARE * len(criteria))


def suggested_for(suggestions: Iterable[MappingSuggestion], target: str
                  ) -> dict[str, MappingSuggestion]:
    """Criterion id -> the suggestion of it for ``target`` ("behaviour:ID" or "value:ID")."""
    return {s.criterion: s for s in suggestions if s.target == target}


__all__ = ["FIELD_WEIGHTS", "LIBRARY_CANDIDATES", "MAX_QUERY_CHARS", "MAX_QUERY_WORDS",
           "MIN_MAPPING_SCORE", "MappingSuggestion", "NEIGHBOUR_SCORE", "Query", "ROLE_SHARE",
           "RoleText", "STOP_WORDS", "StandardSuggestion", "StandardSuggestions", "bm25",
           "framework_roles", "idf", "idf_plus", "make_query", "removed_standards", "role_text",
           "suggest_for_role", "suggest_mappings", "suggest_standards", "suggested_for", "target_text"]
