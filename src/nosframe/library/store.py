"""The on-disk library: an SQLite index of list-export rows, built atomically, opened cheaply.

``$NOSFRAME_HOME/library.sqlite`` (default ``~/.local/share/nosframe/library.sqlite``) holds one
record per spreadsheet row (normalised fields, the raw cells, and whether it is the preferred row
of its code), the import findings, and an FTS5 index for search when SQLite has FTS5 (else search
falls back to ``LIKE``). Opening it reads nothing; :meth:`NosLibrary.get` is one indexed lookup.

An import builds a new file beside the old one (a copy of it, minus the rows of the files being
imported again, plus the new rows) and swaps it in with :func:`os.replace`, so a reader sees the
old library or the new one, and a failed import changes nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import sqlite3
import threading
import zlib
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from attrs import frozen

from nosframe.io.atomic import replacing
from nosframe.io.toml import gc_paused
from nosframe.library.crossref import Entry, analyse, preference
from nosframe.library.normalise import CHECK, PLUGIN, NormalRow, normalise_row
from nosframe.library.reader import ExportFile, LibraryError, read_export
from nosframe.model import (
    Category,
    Finding,
    Location,
    Severity,
    Standard,
    StandardStatus,
    Validity,
    normalise_code,
)

SCHEMA_VERSION = "1"
FILE_NAME = "library.sqlite"
LIBRARY_NAME = "uk-nos"

_SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,          -- file name: re-importing a file of that name replaces it
    path TEXT NOT NULL,                 -- where it was imported from
    columns TEXT NOT NULL,              -- JSON list: the sheet's column names, order of raw
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    rows INTEGER NOT NULL,
    blank_rows INTEGER NOT NULL,
    imported_at TEXT NOT NULL
);
CREATE TABLE records (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    row INTEGER NOT NULL,
    code TEXT NOT NULL,
    key TEXT NOT NULL,
    title TEXT NOT NULL,
    developed_by TEXT NOT NULL,
    suites TEXT NOT NULL,               -- JSON lists
    occupations TEXT NOT NULL,
    soc_codes TEXT NOT NULL,
    keywords TEXT NOT NULL,
    validity TEXT,                      -- current, legacy or NULL (raw value in raw)
    category TEXT,
    status TEXT,
    indicative_review_date TEXT,
    original_urn TEXT NOT NULL,
    created TEXT,
    modified TEXT,
    document TEXT NOT NULL,
    unconfirmed TEXT NOT NULL,
    raw BLOB NOT NULL,                  -- every cell as read: zlib(JSON list, sources.columns)
    preferred INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX records_key ON records(key, preferred);
CREATE INDEX records_source ON records(source_id, row);
CREATE TABLE findings (
    id INTEGER PRIMARY KEY,
    source_id INTEGER REFERENCES sources(id),
    row INTEGER,
    field TEXT NOT NULL,
    key TEXT NOT NULL,
    code TEXT NOT NULL,
    severity TEXT NOT NULL,
    message TEXT NOT NULL,
    hint TEXT NOT NULL,
    scope TEXT NOT NULL                 -- 'row' (one row) or 'library' (rows compared)
);
CREATE INDEX findings_code ON findings(code);
CREATE INDEX findings_key ON findings(key);
CREATE INDEX findings_source ON findings(source_id, row);
"""

_FTS = ("CREATE VIRTUAL TABLE records_fts USING fts5(key, code, title, keywords, suites, "
        "occupations, content='records', content_rowid='id', "
        "tokenize='porter unicode61 remove_diacritics 2')")
_FTS_WEIGHTS = "10.0, 10.0, 5.0, 2.0, 1.0, 1.0"

_RECORD_COLUMNS = ("row", "code", "key", "title", "developed_by", "suites", "occupations",
                   "soc_codes", "keywords", "validity", "category", "status",
                   "indicative_review_date", "original_urn", "created", "modified", "document",
                   "unconfirmed", "raw")
_SELECT = ("SELECT s.columns, s.name, " + ", ".join(f"r.{c}" for c in _RECORD_COLUMNS)
           + ", r.preferred FROM records r JOIN sources s ON s.id = r.source_id")
_CODE_LIKE = re.compile(r"[A-Z0-9][A-Z0-9._\-/&]*")
#: A search uses at most this many words of its text (a query of 2,000 words took 4.5 s, and
#: no title needs more); :func:`bounded_query` says how many were left out.
MAX_QUERY_WORDS = 32
#: ... and at most this many characters of it.
MAX_QUERY_CHARS = 1000
_SURROGATE = re.compile("[\ud800-\udfff]")
_WORD = re.compile(r"\w+", flags=re.UNICODE)


def bounded_query(text: str) -> tuple[str, int]:
    """The text a search uses, and how many of its words were left out.

    Lone surrogates (which SQLite cannot encode) are dropped; beyond :data:`MAX_QUERY_WORDS`
    words or :data:`MAX_QUERY_CHARS` characters the rest is left out."""
    text = _SURROGATE.sub("", text or "")
    words = _WORD.findall(text[:MAX_QUERY_CHARS * 4])
    if len(text) <= MAX_QUERY_CHARS and len(words) <= MAX_QUERY_WORDS:
        return text, 0
    kept = words[:MAX_QUERY_WORDS]
    while kept and len(" ".join(kept)) > MAX_QUERY_CHARS:
        kept.pop()
    total = len(_WORD.findall(text))
    return " ".join(kept), total - len(kept)


def nosframe_home() -> Path:
    """``$NOSFRAME_HOME``, else ``~/.local/share/nosframe``."""
    home = os.environ.get("NOSFRAME_HOME")
    return Path(home).expanduser() if home else Path.home() / ".local" / "share" / "nosframe"


def default_db_path() -> Path:
    return nosframe_home() / FILE_NAME


@functools.cache
def fts5_available() -> bool:
    try:
        with sqlite3.connect(":memory:") as conn:
            conn.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='porter unicode61')")
        return True
    except sqlite3.Error:
        return False


def _nosframe_version() -> str:
    from nosframe.plugins import _nosframe_version as version

    return version()


# -- rows <-> database -----------------------------------------------------------------------


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_quoted = json.encoder.encode_basestring  # a str as a JSON string, as _json writes it


def _json_strings(items: Sequence[str]) -> str:
    """``_json(list(items))`` for a sequence of strings (the same text), without the encoder's
    per-call setup: six lists a record."""
    try:
        return "[" + ",".join(map(_quoted, items)) + "]"
    except TypeError:  # not all strings
        return _json(list(items))


#: zlib's fastest level: the raw cells are read back rarely (``record``, ``row``), and level 6
#: took most of an import's encoding time for a library 8% smaller
_RAW_LEVEL = 1


def _record_values(source_id: int, columns: Sequence[str], r: NormalRow) -> tuple:
    raw = zlib.compress(_json([r.raw.get(c) for c in columns]).encode(), _RAW_LEVEL)
    return (source_id, r.row, r.code, r.key, r.title, r.developed_by, _json_strings(r.suites),
            _json_strings(r.occupations), _json_strings(r.soc_codes),
            _json_strings(r.keywords),
            r.validity.value if r.validity else None,
            r.category.value if r.category else None,
            r.status.value if r.status else None,
            _iso(r.indicative_review_date), r.original_urn, _iso(r.created), _iso(r.modified),
            r.document, _json_strings(r.unconfirmed), raw)


def _row_from_db(values: Sequence[Any]) -> NormalRow:
    (columns, source, row, code, key, title, developed_by, suites, occupations, soc_codes,
     keywords, validity, category, status, review, original_urn, created, modified, document,
     unconfirmed, raw, preferred) = values
    return NormalRow(
        source=source, row=row, code=code, key=key, title=title, developed_by=developed_by,
        suites=tuple(json.loads(suites)), occupations=tuple(json.loads(occupations)),
        soc_codes=tuple(json.loads(soc_codes)), keywords=tuple(json.loads(keywords)),
        validity=Validity(validity) if validity else None,
        category=Category(category) if category else None,
        status=StandardStatus(status) if status else None,
        indicative_review_date=dt.date.fromisoformat(review) if review else None,
        original_urn=original_urn,
        created=dt.datetime.fromisoformat(created) if created else None,
        modified=dt.datetime.fromisoformat(modified) if modified else None,
        document=document, unconfirmed=tuple(json.loads(unconfirmed)),
        raw=dict(zip(json.loads(columns), json.loads(zlib.decompress(raw)))),
        preferred=bool(preferred))


def _finding_from_db(values: Sequence[Any]) -> Finding:
    source, row, field, key, code, severity, message, hint = values
    return Finding(code, Severity(severity), message, hint,
                   Location(file=source or "", line=row, path=field),
                   ("standard", key) if key else None, check=CHECK, plugin=PLUGIN)


def _finding_values(source_ids: dict[str, int], f: Finding, scope: str) -> tuple:
    key = f.element[1] if f.element else ""
    return (source_ids.get(f.location.file), f.location.line, f.location.path, key, f.code,
            f.severity.value, f.message, f.hint, scope)


# -- import ----------------------------------------------------------------------------------


@frozen
class SourceStats:
    name: str
    path: str
    sha256: str
    rows: int  # records kept (every non-blank row)
    blank_rows: int  # rows with no value at all, skipped
    standards: int  # records with a URN
    codes: int  # distinct normalised codes in this file
    imported_at: str

    def to_json(self) -> dict:
        return {"name": self.name, "path": self.path, "sha256": self.sha256, "rows": self.rows,
                "blank_rows": self.blank_rows, "standards": self.standards,
                "codes": self.codes, "imported_at": self.imported_at}


@frozen
class ImportReport:
    db: Path
    sources: tuple[SourceStats, ...]  # the files just imported
    findings_by_code: dict[str, int]  # findings on rows of the files just imported
    rows: int  # whole library
    standards: int
    codes: int
    fts: bool


def _fail_db(path: Path, message: str, hint: str = "") -> LibraryError:
    return LibraryError(message, location=Location(file=str(path)), hint=hint)


def _check_schema(conn: sqlite3.Connection, path: Path) -> dict[str, str]:
    try:
        meta = dict(conn.execute("SELECT name, value FROM meta").fetchall())
    except sqlite3.DatabaseError as exc:
        raise _fail_db(path, f"not a nosframe library ({exc})",
                       "pass another --db path, or move this file away and import again"
                       ) from None
    if meta.get("schema") != SCHEMA_VERSION:
        raise _fail_db(path, f"library schema {meta.get('schema')!r} is not the one this "
                             f"nosframe uses ({SCHEMA_VERSION!r})",
                       "delete the file and import the list exports again")
    return meta


def _start(db: Path, tmp: Path) -> sqlite3.Connection:
    """A connection to ``tmp`` holding a copy of the existing library, or a new empty one."""
    conn = sqlite3.connect(tmp, isolation_level=None)
    if _has_library(db):  # an empty file is no library: the import writes a new one
        try:
            source = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
        except sqlite3.Error as exc:
            conn.close()
            raise _fail_db(db, f"cannot open the library ({exc})") from None
        try:
            _check_schema(source, db)
            source.backup(conn)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise _fail_db(db, f"not a nosframe library ({exc})",
                           "pass another --db path, or move this file away and import again"
                           ) from None
        except BaseException:
            conn.close()
            raise
        finally:
            source.close()
    else:
        conn.executescript(_SCHEMA)
    conn.execute("PRAGMA journal_mode=OFF")  # a temporary file: atomicity comes from os.replace
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-65536")  # 64 MB: the import's pages and the index builds
    conn.execute("PRAGMA temp_store=MEMORY")
    return conn


#: the schema's indexes (name, statement): dropped while rows are written, made again after
_INDEXES = tuple((line.split()[2], line.strip().rstrip(";"))
                 for line in _SCHEMA.splitlines() if line.startswith("CREATE INDEX "))


def import_exports(paths: Iterable[str | os.PathLike], db: str | os.PathLike | None = None,
                   *, fts: bool | None = None) -> ImportReport:
    """Import list exports into the library at ``db`` (default :func:`default_db_path`).

    Files are read and checked before anything is written; a file of the same name as one
    already imported replaces its rows. ``fts`` forces the search index on or off (tests).
    """
    with gc_paused():  # tens of thousands of rows of objects, none in a cycle
        return _import(paths, db, fts)


def _import(paths: Iterable[str | os.PathLike], db: str | os.PathLike | None,
            fts: bool | None) -> ImportReport:
    db = Path(db) if db is not None else default_db_path()
    exports: dict[str, ExportFile] = {}
    for path in paths:
        export = read_export(path)
        known = exports.get(export.name)
        if known is not None and known.path.resolve() != export.path.resolve():
            raise LibraryError(f"two files named {export.name!r}: {known.path} and "
                               f"{export.path}", location=Location(file=str(export.path)),
                               hint="the library identifies an export by its file name; "
                                    "import them one at a time, or rename one")
        exports[export.name] = export
    if not exports:
        raise LibraryError("no files to import")
    normalised = {name: [normalise_row(name, number, cells) for number, cells in export.rows]
                  for name, export in exports.items()}
    use_fts = fts5_available() if fts is None else fts
    if use_fts and not fts5_available():
        raise LibraryError("this SQLite has no FTS5; import without the search index")
    db.parent.mkdir(parents=True, exist_ok=True)
    # the one atomic writer: a temporary file beside the library, renamed over it; removed on
    # any failure, which names the library file
    try:
        with replacing(db) as tmp:
            conn = _start(db, tmp)
            try:
                replaced = _write(conn, exports, normalised, use_fts)
                if replaced:
                    conn.execute("VACUUM")
            finally:
                conn.close()
            with open(tmp, "rb+") as handle:
                os.fsync(handle.fileno())
    except sqlite3.DatabaseError as exc:
        raise _fail_db(db, f"cannot write the library ({exc})") from None
    return _report(db, list(exports))


def _write(conn: sqlite3.Connection, exports: dict[str, ExportFile],
           normalised: dict[str, list[tuple[NormalRow, list[Finding]]]], use_fts: bool) -> bool:
    """Replace the rows of ``exports`` and recompute what depends on all rows. One transaction."""
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    replaced = False
    conn.execute("BEGIN")
    try:
        try:
            conn.execute("DROP TABLE IF EXISTS records_fts")
        except sqlite3.OperationalError as exc:  # an FTS5 table, and no FTS5 here
            raise LibraryError(f"cannot update the search index ({exc})",
                               hint="import with the SQLite that built this library, or "
                                    "delete it and import again") from None
        for name, _ in _INDEXES:  # built once after the rows, not kept up row by row
            conn.execute(f"DROP INDEX IF EXISTS {name}")
        for name, export in exports.items():
            old = conn.execute("SELECT id FROM sources WHERE name = ?", (name,)).fetchone()
            if old:
                replaced = True
                conn.execute("DELETE FROM findings WHERE source_id = ?", old)
                conn.execute("DELETE FROM records WHERE source_id = ?", old)
                conn.execute("DELETE FROM sources WHERE id = ?", old)
            cur = conn.execute(
                "INSERT INTO sources (name, path, columns, sha256, size, rows, blank_rows, "
                "imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (name, str(export.path.resolve()), _json(list(export.columns)), export.sha256,
                 export.size,
                 len(export.rows), export.blank_rows, now))
            source_id = cur.lastrowid
            rows = normalised[name]
            conn.executemany(
                "INSERT INTO records (source_id, row, code, key, title, developed_by, suites, "
                "occupations, soc_codes, keywords, validity, category, status, "
                "indicative_review_date, original_urn, created, modified, document, "
                "unconfirmed, raw) VALUES (" + ", ".join("?" * 20) + ")",
                (_record_values(source_id, export.columns, row) for row, _ in rows))
            ids = {name: source_id}
            conn.executemany(
                "INSERT INTO findings (source_id, row, field, key, code, severity, message, "
                "hint, scope) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (_finding_values(ids, f, "row") for _, found in rows for f in found))
        # what depends on all rows: the preferred row of each code, findings across rows
        conn.execute("DELETE FROM findings WHERE scope = 'library'")
        entries = [Entry(*values) for values in conn.execute(
            "SELECT r.id, s.name, r.row, r.code, r.key, r.validity, r.modified, r.created "
            "FROM records r JOIN sources s ON s.id = r.source_id WHERE r.key != ''")]
        preferred, cross = analyse(entries)
        conn.execute("UPDATE records SET preferred = 0 WHERE preferred != 0")
        conn.executemany("UPDATE records SET preferred = 1 WHERE id = ?",
                         ((i,) for i in preferred))
        source_ids = dict(conn.execute("SELECT name, id FROM sources"))
        conn.executemany(
            "INSERT INTO findings (source_id, row, field, key, code, severity, message, hint, "
            "scope) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (_finding_values(source_ids, f, "library") for f in cross))
        for _, statement in _INDEXES:
            conn.execute(statement)
        if use_fts:
            conn.execute(_FTS)
            conn.execute("INSERT INTO records_fts(records_fts) VALUES ('rebuild')")
        (rows,) = conn.execute("SELECT count(*) FROM records").fetchone()
        meta = {"schema": SCHEMA_VERSION, "fts": "1" if use_fts else "0", "built_at": now,
                "nosframe_version": _nosframe_version(), "rows": str(rows),
                "codes": str(len(preferred))}
        conn.executemany("INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)",
                         meta.items())
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return replaced


def _report(db: Path, names: list[str]) -> ImportReport:
    library = NosLibrary.open(db)
    try:
        sources = tuple(s for s in library.sources() if s.name in names)
        by_code = library.findings_by_code(names)
        totals = library.totals()
        return ImportReport(db=db, sources=sources, findings_by_code=by_code,
                            rows=totals["rows"], standards=totals["standards"],
                            codes=totals["codes"], fts=library.fts)
    finally:
        library.close()


# -- reading ---------------------------------------------------------------------------------


def _fts_query(text: str) -> str:
    """User text -> an FTS5 query: every word must match, as a prefix; no FTS syntax leaks in."""
    words = re.findall(r"\w+", text, flags=re.UNICODE)
    return " ".join(f'"{w}"*' for w in words)


@frozen
class Ranked:
    """What :meth:`NosLibrary.rank` found: the candidates, best first, and the statistics of
    the collection they were ranked in (rows and tokens indexed, rows holding each word)."""

    standards: tuple[Standard, ...]
    rows: int
    tokens: int
    df: dict[str, int]


_LIGHT = ("r.key, r.code, r.title, r.developed_by, r.original_urn, r.indicative_review_date, "
          "r.validity, r.status, r.category, r.suites, r.occupations, r.soc_codes, r.keywords, "
          "r.unconfirmed")


_SELECT_LIGHT = f"SELECT {_LIGHT} FROM records r"


@functools.lru_cache(maxsize=None)
def _filters(suite: bool, developer: bool, row: str = "r") -> str:
    """The SQL of search's filters on the preferred row (``row``: its alias), one text per
    combination, so SQLite's statement cache keeps each query prepared."""
    filters = [f"{row}.preferred = 1"]
    if suite:
        filters.append(f"instr(lower({row}.suites), lower(?)) > 0")
    if developer:
        filters.append(f"instr(lower({row}.developed_by), lower(?)) > 0")
    return " AND ".join(filters)


@functools.lru_cache(maxsize=None)
def _fts_sql(suite: bool, developer: bool) -> str:
    """The keys of matching rows, best first; with filters, of keys whose preferred row
    passes them."""
    exists = ""
    if suite or developer:
        exists = (" AND EXISTS (SELECT 1 FROM records p WHERE p.key = r.key AND "
                  f"{_filters(suite, developer, 'p')})")
    return ("SELECT r.key FROM records_fts JOIN records r ON r.id = records_fts.rowid "
            f"WHERE records_fts MATCH ? AND r.key != ''{exists} "
            f"ORDER BY bm25(records_fts, {_FTS_WEIGHTS}), length(r.key), r.key LIMIT ? OFFSET ?")


def _light_standard(values: Sequence[Any]) -> Standard | None:
    """A row's :class:`Standard` from its normalised columns alone (what ``rank`` reads)."""
    (_key, code, title, developed_by, original_urn, review, validity, status, category, suites,
     occupations, soc_codes, keywords, unconfirmed) = values
    if not code:
        return None
    return Standard(
        code=code, title=title, developed_by=developed_by, original_urn=original_urn,
        indicative_review_date=dt.date.fromisoformat(review) if review else None,
        validity=Validity(validity) if validity else Validity.LEGACY,
        status=StandardStatus(status) if status else StandardStatus.ORIGINAL,
        category=Category(category) if category else None,
        suites=tuple(json.loads(suites)), occupations=tuple(json.loads(occupations)),
        soc_codes=tuple(json.loads(soc_codes)), keywords=tuple(json.loads(keywords)),
        unconfirmed=tuple(json.loads(unconfirmed)))


def _has_library(path: Path) -> bool:
    """A library file is there: a regular file that is not empty (an empty file, as a failed
    copy or ``touch`` leaves, is no library, not a broken one)."""
    try:
        return path.is_file() and path.stat().st_size > 0
    except OSError:
        return False


class NosLibrary:
    """A library file, opened lazily: constructing one reads nothing.

    Safe to share between threads (one connection behind a lock). When an import replaces the
    file, the next call reads the new one (one ``stat`` per call notices). Database errors
    become :class:`LibraryError` naming the file.
    """

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = Path(path) if path is not None else default_db_path()
        self._conn: sqlite3.Connection | None = None
        self._meta: dict[str, str] | None = None
        self._identity: tuple[int, int, int] | None = None  # of the file the connection reads
        self._lock = threading.RLock()

    @classmethod
    def open(cls, path: str | os.PathLike | None = None) -> "NosLibrary":
        """Open and check a library now (for the CLI); errors if there is none."""
        library = cls(path)
        if not _has_library(library.path):
            raise _fail_db(library.path, "no library here",
                           "import the NOS list exports first: nosframe library import "
                           "PublishedNos_Details.xlsx PublishedNos-old_Details.xlsx")
        library.meta  # noqa: B018 - checks the schema
        return library

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    # -- plumbing

    def _file_identity(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def _connect(self) -> sqlite3.Connection:
        identity = self._file_identity()
        if self._conn is not None and identity != self._identity:
            self.close()  # a new import replaced the file: read the new one
        if self._conn is None:
            if identity is None or not _has_library(self.path):
                raise _fail_db(self.path, "no library here",
                               "import the NOS list exports first: nosframe library import "
                               "PublishedNos_Details.xlsx PublishedNos-old_Details.xlsx")
            try:
                conn = sqlite3.connect(self.path.resolve().as_uri() + "?mode=ro", uri=True,
                                       check_same_thread=False)
            except sqlite3.Error as exc:
                raise _fail_db(self.path, f"cannot open the library ({exc})") from None
            try:
                self._meta = _check_schema(conn, self.path)
            except BaseException:
                conn.close()
                raise
            self._conn = conn
            self._identity = identity
        return self._conn

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        # SQLite cannot encode a lone surrogate (UnicodeEncodeError): such a character matches
        # nothing, as U+FFFD (search drops them from its text first)
        params = tuple(_SURROGATE.sub("\ufffd", p) if isinstance(p, str) else p for p in params)
        with self._lock:
            conn = self._connect()
            try:
                return conn.execute(sql, params).fetchall()
            except sqlite3.DatabaseError as exc:
                raise _fail_db(self.path, f"library query failed ({exc})",
                               "import the list exports again to rebuild it") from None

    @property
    def meta(self) -> dict[str, str]:
        with self._lock:
            self._connect()
            assert self._meta is not None
            return self._meta

    @property
    def fts(self) -> bool:
        return self.meta.get("fts") == "1"

    # -- the Library interface

    def get(self, key: str) -> Standard | None:
        """The preferred standard whose normalised code is ``key`` (normalised again here)."""
        row = self.record(key)
        return row.to_standard() if row else None

    def source_of(self, key: str) -> str:
        """Where the standard ``get(key)`` returns comes from: the list export's file name, the
        spreadsheet row and the file's SHA-256 (recorded with a framework's copy of it)."""
        row = self.record(key)
        if row is None:
            return ""
        found = self._query("SELECT sha256 FROM sources WHERE name = ?", (row.source,))
        sha = found[0][0] if found else ""
        return f"{row.source} row {row.row}" + (f", sha256 {sha}" if sha else "")

    def size(self) -> int:
        """Number of distinct codes."""
        return int(self.meta.get("codes", "0"))

    def search(self, text: str = "", suite: str | None = None, developer: str | None = None,
               limit: int = 50) -> list[Standard]:
        """The standards :meth:`search_records` finds, in its order; read from the normalised
        columns alone (the raw cells are never decoded)."""
        found = self._search(text, suite, developer, limit, light=True)
        return [s for s in map(_light_standard, found) if s is not None]

    def keys(self) -> list[str]:
        """Every normalised code in the library, sorted."""
        return [k for (k,) in self._query(
            "SELECT key FROM records WHERE preferred = 1 ORDER BY key")]

    # -- records

    def record(self, key: str) -> NormalRow | None:
        found = self._query(_SELECT + " WHERE r.key = ? AND r.preferred = 1",
                            (normalise_code(key),))
        return _row_from_db(found[0]) if found else None

    def records(self, key: str) -> list[NormalRow]:
        """Every row of a code, the preferred one first."""
        rows = [_row_from_db(v) for v in self._query(_SELECT + " WHERE r.key = ?",
                                                      (normalise_code(key),))]
        return sorted(rows, key=lambda r: (not r.preferred, preference(Entry(
            0, r.source, r.row, r.code, r.key, r.validity.value if r.validity else None,
            _iso(r.modified), _iso(r.created)))))

    def all_rows(self) -> list[NormalRow]:
        """Every stored row, by file name and row number (for exports and checks)."""
        return [_row_from_db(v) for v in self._query(_SELECT + " ORDER BY s.name, r.row")]

    def row(self, source: str, number: int) -> NormalRow | None:
        found = self._query(_SELECT + " WHERE s.name = ? AND r.row = ?", (source, number))
        return _row_from_db(found[0]) if found else None

    def search_records(self, text: str = "", suite: str | None = None,
                       developer: str | None = None, limit: int = 50) -> list[NormalRow]:
        """Preferred rows matching ``text`` in code, title, keywords, suites or occupations.

        Exact code matches first, then codes starting with the text, then text matches by
        relevance. ``suite`` and ``developer`` are case-insensitive substrings of a suite
        name and of Developed By.
        """
        return [_row_from_db(v) for v in self._search(text, suite, developer, limit, light=False)]

    def _search(self, text: str, suite: str | None, developer: str | None, limit: int,
                light: bool) -> list[tuple]:
        """The rows (undecoded: ``_LIGHT`` or ``_SELECT`` columns) :meth:`search_records`
        returns. Only the rows returned are read: the text matches are ranked in SQL
        (``ORDER BY bm25 ... LIMIT``), their keys alone, until ``limit`` rows are found."""
        limit = max(int(limit), 0)
        if limit == 0:
            return []
        text, _ = bounded_query(text)
        suite = _SURROGATE.sub("", suite) if suite else suite
        developer = _SURROGATE.sub("", developer) if developer else developer
        where = _filters(bool(suite), bool(developer))
        params = [p for p in (suite, developer) if p]
        select, at = (_SELECT_LIGHT, 0) if light else (_SELECT, 4)  # at: the key's column
        text = text.strip()
        if not text:
            return self._query(select + f" WHERE {where} ORDER BY length(r.key), r.key LIMIT ?",
                               (*params, limit))
        results: dict[str, tuple] = {}

        def add(rows: Iterable[tuple]) -> None:
            for values in rows:
                if values[at] not in results and len(results) < limit:
                    results[values[at]] = values

        key = normalise_code(text)
        add(self._query(select + f" WHERE r.key = ? AND {where}", (key, *params)))
        if _CODE_LIKE.fullmatch(key) and len(results) < limit:
            add(self._query(select + f" WHERE r.key > ? AND r.key < ? AND {where} "
                            "ORDER BY length(r.key), r.key LIMIT ?",
                            (key, key + "\uffff", *params, limit)))
        if len(results) >= limit:
            return list(results.values())
        pages = self._fts_pages(text, (bool(suite), bool(developer)), params,
                                limit + len(results)) if self.fts else \
            iter([self._like_keys(text)])
        seen = set(results)
        for page in pages:
            ranked = [k for k in dict.fromkeys(page) if k not in seen]
            seen.update(ranked)
            for start in range(0, len(ranked), 500):
                batch = ranked[start:start + 500]
                found = {v[at]: v for v in self._query(
                    select + f" WHERE r.key IN ({', '.join('?' * len(batch))}) AND {where}",
                    (*batch, *params))}
                add(found[k] for k in batch if k in found)
                if len(results) >= limit:
                    return list(results.values())
        return list(results.values())

    def _fts_pages(self, text: str, filters: tuple[bool, bool], params: list[Any], want: int
                   ) -> Iterator[list[str]]:
        """Pages of the keys whose rows match ``text``, best first (bm25, title and code weigh
        most; a key at its best row's score, ties by length and key), ranked in SQL: the first
        page holds ``want`` rows and a few more (for codes with several rows), each next one
        twice as many. With filters, only keys whose preferred row passes them."""
        query = _fts_query(text)
        if not query:
            return
        sql = _fts_sql(*filters)
        offset, size = 0, want + 16
        while True:
            page = [k for (k,) in self._query(sql, (query, *params, size, offset))]
            yield page
            if len(page) < size:
                return
            offset += size
            size *= 2

    def rank(self, words: Sequence[str], stems: Sequence[str], limit: int = 200
             ) -> "Ranked":
        """Candidates for suggestions: preferred rows matching *any* of ``words`` (the query's
        words as typed: FTS5 stems them as it stemmed the index), best first by FTS5's
        ``bm25()`` (code and title weigh most), at most ``limit``; rows matching a four-digit
        word by SOC code after them. Only the columns a :class:`Standard` needs are read (no raw
        cells). With the collection's statistics for ``stems`` (the same words as the index's
        terms), so a caller can score the candidates on one scale with its own standards.
        Without FTS5 the library cannot rank: no candidates."""
        limit = max(int(limit), 0)
        words = list(dict.fromkeys(_SURROGATE.sub("", w) for w in words if _WORD.fullmatch(w)))
        if not self.fts or not words or limit == 0:
            return Ranked((), 0, 0, {})
        query = " OR ".join(f'"{w}"' for w in words)
        found = self._query(
            f"SELECT {_LIGHT} FROM records_fts JOIN records r ON r.id = records_fts.rowid "
            "WHERE records_fts MATCH ? AND r.preferred = 1 AND r.key != '' "
            f"ORDER BY bm25(records_fts, {_FTS_WEIGHTS}), r.key LIMIT ?", (query, limit))
        socs = [w for w in words if re.fullmatch(r"\d{4}", w)][:8]
        if socs:
            have = {v[0] for v in found}
            for soc in socs:
                for values in self._query(
                        f"SELECT {_LIGHT} FROM records r WHERE r.preferred = 1 AND r.key != '' "
                        "AND instr(r.soc_codes, ?) > 0 ORDER BY length(r.key), r.key LIMIT ?",
                        (f'"{soc}"', limit)):
                    if values[0] not in have:
                        have.add(values[0])
                        found.append(values)
        rows, tokens, df = self._statistics(list(dict.fromkeys(stems)), socs)
        standards = tuple(s for s in map(_light_standard, found) if s is not None)
        return Ranked(standards, rows, tokens, df)

    def _statistics(self, stems: list[str], socs: list[str]
                    ) -> tuple[int, int, dict[str, int]]:
        """(rows indexed, tokens indexed, rows holding each stem); the first two cached until
        the file changes."""
        with self._lock:
            self._connect()
            cached = getattr(self, "_collection", None)
            if cached is None or cached[0] != self._identity:
                self._query("CREATE VIRTUAL TABLE IF NOT EXISTS temp.nosframe_vocab USING "
                            "fts5vocab(main, records_fts, row)")
                (rows,) = self._query("SELECT count(*) FROM records_fts")[0]
                (tokens,) = self._query("SELECT coalesce(sum(cnt), 0) FROM temp.nosframe_vocab")[0]
                self._collection = cached = (self._identity, int(rows), int(tokens))
            df: dict[str, int] = {}
            for start in range(0, len(stems), 200):
                batch = stems[start:start + 200]
                df.update(self._query(
                    "SELECT term, doc FROM temp.nosframe_vocab WHERE term IN "
                    f"({', '.join('?' * len(batch))})", batch))
            for soc in socs:
                (n,) = self._query("SELECT count(*) FROM records WHERE preferred = 1 AND "
                                   "instr(soc_codes, ?) > 0", (f'"{soc}"',))[0]
                df[soc] = df.get(soc, 0) + int(n)
            return cached[1], cached[2], df

    def _like_keys(self, text: str) -> list[str]:
        """Without FTS5: codes whose rows hold every word of ``text``; title matches first."""
        words = [w.lower() for w in re.findall(r"\w+", text, flags=re.UNICODE)]
        if not words:
            return []
        haystack = ("lower(key || ' ' || code || ' ' || title || ' ' || keywords || ' ' || "
                    "suites || ' ' || occupations)")
        match = " AND ".join(f"instr({haystack}, ?) > 0" for _ in words)
        in_title = " + ".join("(instr(lower(title), ?) > 0)" for _ in words)
        rows = self._query(f"SELECT key, max({in_title}) FROM records WHERE key != '' AND "
                           f"{match} GROUP BY key", (*words, *words))
        return [k for k, _ in sorted(rows, key=lambda kv: (-kv[1], len(kv[0]), kv[0]))]

    # -- what the library holds

    def sources(self) -> list[SourceStats]:
        rows = self._query(
            "SELECT s.name, s.path, s.sha256, s.rows, s.blank_rows, "
            "(SELECT count(*) FROM records r WHERE r.source_id = s.id AND r.key != ''), "
            "(SELECT count(DISTINCT r.key) FROM records r WHERE r.source_id = s.id "
            "AND r.key != ''), s.imported_at FROM sources s ORDER BY s.name")
        return [SourceStats(*values) for values in rows]

    def totals(self) -> dict[str, int]:
        (rows, standards, codes) = self._query(
            "SELECT count(*), sum(key != ''), count(DISTINCT nullif(key, '')) FROM records")[0]
        validity = dict(self._query(
            "SELECT coalesce(validity, 'unknown'), count(*) FROM records WHERE preferred = 1 "
            "GROUP BY 1"))
        return {"rows": rows, "standards": standards or 0, "codes": codes,
                "current": validity.get("current", 0), "legacy": validity.get("legacy", 0),
                "unknown_validity": validity.get("unknown", 0)}

    def findings_by_code(self, sources: Iterable[str] | None = None) -> dict[str, int]:
        sql = ("SELECT f.code, count(*) FROM findings f LEFT JOIN sources s "
               "ON s.id = f.source_id")
        params: list[Any] = []
        if sources is not None:
            names = list(sources)
            sql += f" WHERE s.name IN ({', '.join('?' * len(names))})"
            params = names
        return dict(self._query(sql + " GROUP BY f.code ORDER BY f.code", params))

    def findings(self, code: str | None = None, key: str | None = None,
                 sources: Iterable[str] | None = None, limit: int | None = None
                 ) -> list[Finding]:
        sql = ("SELECT s.name, f.row, f.field, f.key, f.code, f.severity, f.message, f.hint "
               "FROM findings f LEFT JOIN sources s ON s.id = f.source_id")
        filters, params = [], []
        if code:
            filters.append("f.code = ?")
            params.append(code.upper())
        if key:
            filters.append("f.key = ?")
            params.append(normalise_code(key))
        if sources is not None:
            names = list(sources)
            filters.append(f"s.name IN ({', '.join('?' * len(names))})")
            params += names
        if filters:
            sql += " WHERE " + " AND ".join(filters)
        sql += " ORDER BY s.name, f.row, f.code"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [_finding_from_db(v) for v in self._query(sql, params)]

    def info(self) -> dict[str, Any]:
        meta = self.meta
        return {
            "path": str(self.path),
            "size_bytes": self.path.stat().st_size,
            "schema": meta.get("schema"),
            "fts": self.fts,
            "built_at": meta.get("built_at"),
            "nosframe_version": meta.get("nosframe_version"),
            "sources": [s.to_json() for s in self.sources()],
            "totals": self.totals(),
            "findings_by_code": self.findings_by_code(),
        }


def open_library(path: str | os.PathLike | None = None) -> NosLibrary:
    """Open and check the library at ``path`` (default :func:`default_db_path`)."""
    return NosLibrary.open(path)


__all__ = ["FILE_NAME", "ImportReport", "LIBRARY_NAME", "NosLibrary", "Ranked", "SourceStats",
           "default_db_path", "fts5_available", "import_exports", "nosframe_home",
           "open_library", "read_export"]
