"""The evidence store: an organisation's evidence for many people, in one SQLite file.

Evidence is personal data, so it lives only here: in the file named by ``--store`` (and, while
it is open, SQLite's ``-wal`` and ``-shm`` files beside it), never in a framework file or an
export of one. A new store is created readable by its owner only (mode 0600).

The file is embedded SQLite in WAL mode, its schema versioned in ``meta``. An import is one
transaction: a reader sees the store before it or after it, and a failed import (a bad file,
Ctrl-C, a full disk) changes nothing. A CSV is identified by its file name: importing
``people.csv`` again replaces the rows of the earlier ``people.csv``, like the national
library's exports. Rows have the fields of :class:`nosframe.model.people.CriterionEvidence`
and :class:`nosframe.model.people.BehaviourAssessment`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
import threading
from pathlib import Path
from typing import Any, Sequence

from attrs import frozen

from nosframe.evidence.mapping import EvidenceError
from nosframe.evidence.reader import EvidenceFile, RowProblem
from nosframe.io import Location
from nosframe.model.people import (
    BehaviourAssessment,
    CriterionEvidence,
    Method,
    Person,
    PersonInfo,
)

SCHEMA_VERSION = "2"  # 2: problems name the person of their row
#: ``PRAGMA application_id``: the file says what it is ("NFEV")
APPLICATION_ID = 0x4E464556
APPLICATION = "nosframe-evidence"

_SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,          -- file name: importing a file of that name replaces it
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    columns TEXT NOT NULL,              -- JSON list: the header
    mapping TEXT NOT NULL,              -- JSON: the column mapping used
    framework TEXT NOT NULL,            -- id of the framework the rows were checked against
    rows INTEGER NOT NULL,
    blank_rows INTEGER NOT NULL,
    bad_rows INTEGER NOT NULL,
    imported_at TEXT NOT NULL
);
CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    ref TEXT NOT NULL UNIQUE,           -- the organisation's own id of the person
    name TEXT NOT NULL,
    role TEXT NOT NULL,                 -- current role id in the framework
    source_id INTEGER,                  -- the import that last set name and role
    line INTEGER
);
CREATE TABLE criterion_evidence (
    id INTEGER PRIMARY KEY,
    person INTEGER NOT NULL REFERENCES people(id),
    standard TEXT NOT NULL,             -- as written
    key TEXT NOT NULL,                  -- normalised code
    criterion TEXT NOT NULL,
    date TEXT NOT NULL,                 -- ISO dates
    assessor TEXT NOT NULL,
    method TEXT,
    reference TEXT NOT NULL,
    expires TEXT,
    note TEXT NOT NULL,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    line INTEGER NOT NULL
);
CREATE TABLE behaviour_evidence (
    id INTEGER PRIMARY KEY,
    person INTEGER NOT NULL REFERENCES people(id),
    behaviour TEXT NOT NULL,
    level INTEGER NOT NULL,
    date TEXT NOT NULL,
    assessor TEXT NOT NULL,
    method TEXT,
    reference TEXT NOT NULL,
    expires TEXT,
    note TEXT NOT NULL,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    line INTEGER NOT NULL
);
CREATE TABLE problems (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    line INTEGER,
    field TEXT NOT NULL,
    severity TEXT NOT NULL,
    message TEXT NOT NULL,
    hint TEXT NOT NULL,
    person TEXT NOT NULL DEFAULT ''
);
"""
_INDEXES = """
CREATE INDEX IF NOT EXISTS criterion_evidence_person ON criterion_evidence(person, key);
CREATE INDEX IF NOT EXISTS criterion_evidence_source ON criterion_evidence(source_id);
CREATE INDEX IF NOT EXISTS behaviour_evidence_person ON behaviour_evidence(person, behaviour);
CREATE INDEX IF NOT EXISTS behaviour_evidence_source ON behaviour_evidence(source_id);
CREATE INDEX IF NOT EXISTS people_role ON people(role);
"""
_DROP_INDEXES = """
DROP INDEX IF EXISTS criterion_evidence_person;
DROP INDEX IF EXISTS criterion_evidence_source;
DROP INDEX IF EXISTS behaviour_evidence_person;
DROP INDEX IF EXISTS behaviour_evidence_source;
"""
_HINT_NEW = ("import an export first: nosframe evidence import people.csv --framework "
             "FRAMEWORK --store STORE")
_HINT_OTHER = "give the path of an evidence store (--store), or move this file away"


def _fail(path: Path, message: str, hint: str = "") -> EvidenceError:
    return EvidenceError(message, location=Location(file=str(path)), hint=hint)


def _nosframe_version() -> str:
    from nosframe.plugins import _nosframe_version as version

    return version()


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    """Statements one by one, inside the caller's transaction (``executescript`` commits)."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _configure(conn: sqlite3.Connection) -> None:
    """WAL (readers never wait for an import), and erased personal data overwritten."""
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA secure_delete=ON")
    conn.execute("PRAGMA foreign_keys=ON")


def _is_store_file(path: Path) -> bool:
    try:
        return path.is_file() and path.stat().st_size > 0
    except OSError:
        return False


def _check(conn: sqlite3.Connection, path: Path) -> dict[str, str]:
    """The store's meta, or one clear error: not SQLite, not a store, damaged, other schema."""
    try:
        (app,) = conn.execute("PRAGMA application_id").fetchone()
        names = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        meta = dict(conn.execute("SELECT name, value FROM meta").fetchall()) \
            if "meta" in names else {}
    except sqlite3.DatabaseError as exc:
        raise _fail(path, f"not a nosframe evidence store ({exc})", _HINT_OTHER) from None
    if app != APPLICATION_ID or meta.get("application") != APPLICATION:
        raise _fail(path, "not a nosframe evidence store (an SQLite file of something else)",
                    _HINT_OTHER)
    if meta.get("schema") not in (SCHEMA_VERSION, *_MIGRATIONS):
        raise _fail(path, f"evidence store schema {meta.get('schema')!r} is not the one this "
                          f"nosframe uses ({SCHEMA_VERSION!r})",
                    "import the CSV exports again into a new store (--store NEW.db)")
    return meta


def _migrate_1(conn: sqlite3.Connection) -> None:
    """Schema 1 -> 2: problems get the person id of their row, read back from the message
    (every message about a row with a person says ``person 'ID'``)."""
    conn.execute("ALTER TABLE problems ADD COLUMN person TEXT NOT NULL DEFAULT ''")
    about = re.compile(r"\bperson '([^']*)'")
    conn.executemany("UPDATE problems SET person = ? WHERE id = ?",
                     ((m.group(1), pid) for pid, message in
                      conn.execute("SELECT id, message FROM problems").fetchall()
                      if (m := about.search(message))))


#: schema -> the step to the next one
_MIGRATIONS = {"1": _migrate_1}


def _migrated(conn: sqlite3.Connection, path: Path, meta: dict[str, str]) -> dict[str, str]:
    """An older store brought to this schema, in one transaction (all steps or none)."""
    if meta.get("schema") == SCHEMA_VERSION:
        return meta
    try:
        conn.execute("BEGIN IMMEDIATE")
        schema = meta["schema"]
        while schema != SCHEMA_VERSION:
            _MIGRATIONS[schema](conn)
            schema = str(int(schema) + 1)
        conn.execute("UPDATE meta SET value = ? WHERE name = 'schema'", (SCHEMA_VERSION,))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return {**meta, "schema": SCHEMA_VERSION}


@frozen
class ImportSummary:
    """What one import did."""

    store: Path
    source: str  # the CSV's file name
    rows: int  # data rows in the file
    imported: int  # rows stored
    criteria: int
    behaviours: int
    people: int  # people in the file
    bad_rows: int
    warnings: int
    blank_rows: int
    replaced: bool  # a file of that name was imported before and its rows were replaced
    problems: tuple[RowProblem, ...]
    totals: dict[str, int]  # the whole store

    def to_json(self) -> dict:
        return {"store": str(self.store), "source": self.source, "rows": self.rows,
                "imported": self.imported, "criteria": self.criteria,
                "behaviours": self.behaviours, "people": self.people,
                "bad_rows": self.bad_rows, "warnings": self.warnings,
                "blank_rows": self.blank_rows, "replaced": self.replaced,
                "problems": [p.to_json() for p in self.problems], "totals": self.totals}


class EvidenceStore:
    """An evidence store file. :meth:`open` checks an existing one, :meth:`create` makes one.

    One connection behind a lock; database errors become :class:`EvidenceError` naming the file.
    """

    def __init__(self, path: str | os.PathLike, conn: sqlite3.Connection,
                 meta: dict[str, str]):
        self.path = Path(path)
        self._conn = conn
        self.meta = meta
        self._lock = threading.RLock()

    # -- opening

    @classmethod
    def open(cls, path: str | os.PathLike, *, create: bool = False) -> "EvidenceStore":
        path = Path(path)
        if path.is_dir():
            raise _fail(path, "is a folder, not an evidence store", "give the path of a file")
        if not _is_store_file(path):
            if path.exists() and not path.is_file():
                raise _fail(path, "not a regular file", _HINT_OTHER)
            if not create:
                raise _fail(path, "no evidence store here", _HINT_NEW)
            return cls._create(path)
        try:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise _fail(path, f"cannot open the evidence store ({exc})") from None
        try:
            meta = _check(conn, path)
            _configure(conn)
            meta = _migrated(conn, path, meta)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise _fail(path, f"the evidence store is damaged ({exc})", _HINT_OTHER) from None
        except BaseException:
            conn.close()
            raise
        return cls(path, conn, meta)

    @classmethod
    def _create(cls, path: Path) -> "EvidenceStore":
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.exists():
                path.unlink()  # an empty file (touch, a failed copy) is no store
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            os.close(fd)
        except OSError as exc:
            raise _fail(path, f"cannot create the evidence store ({exc.strerror or exc})"
                        ) from None
        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            _configure(conn)
            now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
            conn.execute("BEGIN")  # schema, mark and meta together: never half a store
            _run_script(conn, _SCHEMA + _INDEXES)
            conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
            conn.executemany("INSERT INTO meta (name, value) VALUES (?, ?)", (
                ("application", APPLICATION), ("schema", SCHEMA_VERSION),
                ("created_at", now), ("nosframe_version", _nosframe_version())))
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
            for leftover in (path, path.with_name(path.name + "-wal"),
                             path.with_name(path.name + "-shm")):
                leftover.unlink(missing_ok=True)  # no half-made store is left behind
            raise _fail(path, f"cannot create the evidence store ({exc})") from None
        return cls(path, conn, _check(conn, path))

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None  # type: ignore[assignment]

    def __enter__(self) -> "EvidenceStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- plumbing

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.DatabaseError as exc:
                raise _fail(self.path, f"the evidence store is damaged or unreadable ({exc})",
                            _HINT_OTHER) from None

    @property
    def connection(self) -> sqlite3.Connection:
        """The connection, for analyses that aggregate in SQL (``nosframe.analysis.needs``)."""
        return self._conn

    # -- import

    def import_file(self, read: EvidenceFile, framework_id: str,
                    mapping_json: dict | None = None, *,
                    replaces: tuple[str, ...] = ()) -> ImportSummary:
        """Store the rows of one read CSV, replacing those of an earlier file of its name and
        of the earlier files named in ``replaces`` (a new dated export of the same system).
        A file whose content was imported already under another name is refused (its rows
        would count twice). One transaction."""
        now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
        conn = self._conn
        with self._lock:
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    replaced = self._replace(conn, read, framework_id, mapping_json or {}, now,
                                             tuple(replaces))
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
                conn.execute("PRAGMA optimize")
            except sqlite3.DatabaseError as exc:
                raise _fail(self.path, f"cannot write the evidence store ({exc})",
                            "check the disk has space; the store is as it was before") from None
        return ImportSummary(
            store=self.path, source=read.name, rows=read.rows,
            imported=len(read.criteria) + len(read.behaviours), criteria=len(read.criteria),
            behaviours=len(read.behaviours), people=len(read.people), bad_rows=read.bad_rows,
            warnings=read.warnings, blank_rows=read.blank_rows, replaced=replaced,
            problems=tuple(read.problems), totals=self.totals())

    def _replace(self, conn: sqlite3.Connection, read: EvidenceFile, framework_id: str,
                 mapping_json: dict, now: str, replaces: tuple[str, ...] = ()) -> bool:
        sources = dict(conn.execute("SELECT name, sha256 FROM sources"))
        unknown = [n for n in replaces if n not in sources]
        if unknown:
            raise _fail(self.path, f"no earlier import named {unknown[0]!r} to replace",
                        "the files imported: " + (", ".join(sorted(sources)) or "none"))
        for name, sha in sources.items():
            if sha == read.sha256 and name != read.name and name not in replaces:
                raise _fail(read.path, f"the same content was imported already as {name!r}: "
                            "importing it again would count its rows twice",
                            f"import it as {name!r} to replace that import, or give "
                            f"--replaces {name}")
        large = len(read.criteria) + len(read.behaviours) > 20_000
        if large:  # one sorted index build is quicker than 300,000 index updates
            _run_script(conn, _DROP_INDEXES)
        old = None
        for name in (read.name, *replaces):
            found = conn.execute("SELECT id FROM sources WHERE name = ?", (name,)).fetchone()
            if found is None:
                continue
            if name == read.name:
                old = found
            for table in ("criterion_evidence", "behaviour_evidence", "problems"):
                conn.execute(f"DELETE FROM {table} WHERE source_id = ?", found)
            conn.execute("UPDATE people SET source_id = NULL WHERE source_id = ?", found)
            conn.execute("DELETE FROM sources WHERE id = ?", found)
        source_id = conn.execute(
            "INSERT INTO sources (name, path, sha256, size, columns, mapping, framework, rows, "
            "blank_rows, bad_rows, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (read.name, str(read.path.resolve()), read.sha256, read.size,
             json.dumps(list(read.columns), ensure_ascii=False),
             json.dumps(mapping_json, ensure_ascii=False), framework_id, read.rows,
             read.blank_rows, read.bad_rows, now)).lastrowid
        conn.executemany(
            "INSERT INTO people (ref, name, role, source_id, line) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(ref) DO UPDATE SET name = excluded.name, role = excluded.role, "
            "source_id = excluded.source_id, line = excluded.line",
            ((ref, name, role, source_id, line) for ref, (name, role, line)
             in read.people.items()))
        ids = dict(conn.execute("SELECT ref, id FROM people"))
        conn.executemany(
            "INSERT INTO criterion_evidence (person, standard, key, criterion, date, assessor, "
            "method, reference, expires, note, source_id, line) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((ids[r[0]], *r[1:10], source_id, r[10]) for r in read.criteria))
        conn.executemany(
            "INSERT INTO behaviour_evidence (person, behaviour, level, date, assessor, method, "
            "reference, expires, note, source_id, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((ids[r[0]], *r[1:9], source_id, r[9]) for r in read.behaviours))
        conn.executemany(
            "INSERT INTO problems (source_id, line, field, severity, message, hint, person) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            ((source_id, p.line, p.field, p.severity, p.message, p.hint, p.person)
             for p in read.problems))
        # people no import names any more and with no evidence left go (personal data is
        # kept no longer than the exports that hold it)
        conn.execute(
            "DELETE FROM people WHERE source_id IS NULL "
            "AND NOT EXISTS (SELECT 1 FROM criterion_evidence e WHERE e.person = people.id) "
            "AND NOT EXISTS (SELECT 1 FROM behaviour_evidence b WHERE b.person = people.id)")
        _run_script(conn, _INDEXES)
        conn.executemany("INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)",
                         (("updated_at", now), ("nosframe_version", _nosframe_version())))
        return bool(old)

    # -- erasing a person

    def forget(self, ref: str) -> int:
        """Delete everything about one person (their evidence, their entry, and the import
        problems about their rows); the number of evidence rows deleted. A person who had
        only bad rows is forgotten too (their problems). Deleted pages are overwritten
        (``secure_delete``)."""
        conn = self._conn
        with self._lock:
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    found = conn.execute("SELECT id FROM people WHERE ref = ?", (ref,)).fetchone()
                    problems = conn.execute("DELETE FROM problems WHERE person = ?",
                                            (ref,)).rowcount
                    if found is None and not problems:
                        conn.execute("ROLLBACK")
                        raise _fail(self.path, f"no person {ref!r} in the store",
                                    "nosframe evidence info lists how many people it holds")
                    n = 0
                    if found is not None:
                        n = conn.execute("DELETE FROM criterion_evidence WHERE person = ?",
                                         found).rowcount
                        n += conn.execute("DELETE FROM behaviour_evidence WHERE person = ?",
                                          found).rowcount
                        conn.execute("DELETE FROM people WHERE id = ?", found)
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # out of the -wal file too
            except sqlite3.DatabaseError as exc:
                raise _fail(self.path, f"cannot write the evidence store ({exc})") from None
        return n

    # -- reading

    def totals(self) -> dict[str, int]:
        (people, criteria, behaviours, sources) = self.query(
            "SELECT (SELECT count(*) FROM people), (SELECT count(*) FROM criterion_evidence), "
            "(SELECT count(*) FROM behaviour_evidence), (SELECT count(*) FROM sources)")[0]
        return {"people": people, "criterion_evidence": criteria,
                "behaviour_evidence": behaviours, "sources": sources}

    def sources(self) -> list[dict]:
        rows = self.query("SELECT name, path, sha256, size, framework, rows, blank_rows, "
                          "bad_rows, imported_at FROM sources ORDER BY name")
        keys = ("name", "path", "sha256", "size", "framework", "rows", "blank_rows",
                "bad_rows", "imported_at")
        return [dict(zip(keys, row)) for row in rows]

    def problems(self, source: str | None = None) -> list[RowProblem]:
        sql = ("SELECT s.name, p.line, p.field, p.message, p.hint, p.severity, p.person "
               "FROM problems p JOIN sources s ON s.id = p.source_id")
        params: tuple = ()
        if source:
            sql += " WHERE s.name = ?"
            params = (source,)
        return [RowProblem(line, fld, message, hint, severity, name, person) for
                name, line, fld, message, hint, severity, person in
                self.query(sql + " ORDER BY s.name, p.line", params)]

    def people(self) -> list[tuple[str, str, str]]:
        """(id, name, role) of everyone in the store, by id."""
        return self.query("SELECT ref, name, role FROM people ORDER BY ref")

    def person(self, ref: str) -> Person | None:
        """One person's record from the store, as the model holds it (for match, plan and
        audit of someone whose evidence came from an HR export)."""
        found = self.query("SELECT p.id, p.ref, p.name, p.role, coalesce(s.framework, '') "
                           "FROM people p LEFT JOIN sources s ON s.id = p.source_id "
                           "WHERE p.ref = ?", (ref,))
        if not found:
            return None
        pid, ref, name, role, framework = found[0]

        def method(value: str | None) -> Method | None:
            return Method(value) if value else None

        evidence = tuple(
            CriterionEvidence(standard=standard, criterion=criterion,
                              date=dt.date.fromisoformat(date), assessor=assessor,
                              method=method(m), reference=reference,
                              expires=dt.date.fromisoformat(expires) if expires else None,
                              note=note)
            for standard, criterion, date, assessor, m, reference, expires, note in self.query(
                "SELECT standard, criterion, date, assessor, method, reference, expires, note "
                "FROM criterion_evidence WHERE person = ? ORDER BY key, criterion, date",
                (pid,)))
        behaviours = tuple(
            BehaviourAssessment(behaviour=behaviour, level=level,
                                date=dt.date.fromisoformat(date), assessor=assessor,
                                method=method(m), reference=reference,
                                expires=dt.date.fromisoformat(expires) if expires else None,
                                note=note)
            for behaviour, level, date, assessor, m, reference, expires, note in self.query(
                "SELECT behaviour, level, date, assessor, method, reference, expires, note "
                "FROM behaviour_evidence WHERE person = ? ORDER BY behaviour, date", (pid,)))
        return Person(person=PersonInfo(id=ref, name=name, role=role, framework=framework),
                      evidence=evidence,
                      behaviours=behaviours)

    def info(self) -> dict[str, Any]:
        return {"path": str(self.path), "size_bytes": self.path.stat().st_size,
                "schema": self.meta.get("schema"), "created_at": self.meta.get("created_at"),
                "sources": self.sources(), "totals": self.totals()}


def open_store(path: str | os.PathLike, *, create: bool = False) -> EvidenceStore:
    """Open (and check) the evidence store at ``path``; ``create`` makes a new one there when
    there is none (never over a file that is not a store)."""
    return EvidenceStore.open(path, create=create)


__all__ = ["APPLICATION_ID", "EvidenceStore", "ImportSummary", "SCHEMA_VERSION", "open_store"]
