"""A cache of composed frameworks, keyed by the content of every file that went into them.

Opening a large framework again, unchanged, reads its composed model from the user's cache
instead of parsing, structuring and composing it again (issue 13: at most 0.2x the time tomllib
takes to parse the files). One entry a framework file, in ``$NOSFRAME_HOME/cache/`` when
``NOSFRAME_HOME`` is set, else ``$XDG_CACHE_HOME/nosframe/`` (``~/.cache/nosframe/``).
``NOSFRAME_CACHE=0`` (or ``off``) turns it off.

An entry is used only when all of these are what they were when it was written, else the file
is read as usual (and the entry written again):

* the SHA-256 of the bytes of the file and of every file it extends (presets' files included),
  read again on every open: the texts are taken from those reads, not from the cache;
* nosframe's version and the size and time of its own code (model, io, compose), so an edited
  checkout never reads objects of an older shape;
* the installed presets (id, plugin, version, path) and libraries (name, plugin, version and
  their ``cache_stamp``; with a library that has none, nothing is cached);
* the entry's own checksum: a cut or damaged entry is a normal load, never an error.

What is cached is the :class:`~nosframe.compose.Composed` (frameworks, provenance, composition
findings), never a person's evidence (person records and evidence stores are not read here).
Entries are written atomically (:func:`nosframe.io.atomic.atomic_write`), readable by the user
alone; writing one that fails (a read-only cache folder) is no failure of the load.
"""

from __future__ import annotations

import copyreg
import functools
import hashlib
import io
import operator
import os
import pickle
import struct
import threading
import zlib
from pathlib import Path
from typing import Any

import attrs

from nosframe.compose.composer import (
    Composed,
    FieldSource,
    Layer,
    Origin,
    Provenance,
    compose,
)
from nosframe.io import Document, loads
from nosframe.io.atomic import atomic_write
from nosframe.io.limits import MAX_BYTES, read_regular_file
from nosframe.io.locate import Locator
from nosframe.io.toml import decode_text, gc_paused, mark_composed
from nosframe.model import Finding, Framework
from nosframe.model.findings import Location

ENV = "NOSFRAME_CACHE"
_OFF = {"0", "off", "no", "false"}
_MAGIC = b"NFCACHE\x01"
_FORMAT = 1

# -- where, and whether ---------------------------------------------------------------------


def enabled() -> bool:
    """False when ``NOSFRAME_CACHE`` is ``0``, ``off``, ``no`` or ``false``."""
    return os.environ.get(ENV, "").strip().lower() not in _OFF


def cache_dir() -> Path:
    """``$NOSFRAME_HOME/cache``, else ``$XDG_CACHE_HOME/nosframe``, else ``~/.cache/nosframe``."""
    home = os.environ.get("NOSFRAME_HOME")
    if home:
        return Path(home).expanduser() / "cache"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "nosframe"


def entry_path(path: str | os.PathLike) -> Path:
    """The cache entry of the framework file ``path`` (one a file, named by its full path)."""
    name = hashlib.sha256(str(Path(path).resolve()).encode("utf-8", "surrogatepass"))
    return cache_dir() / f"composed-{name.hexdigest()[:40]}.pickle"


@functools.cache
def _code_stamp() -> str:
    """nosframe's version and the size and time of its model, io and compose code."""
    from nosframe.plugins import _nosframe_version

    root = Path(__file__).resolve().parents[1]
    parts = [_nosframe_version(), str(_FORMAT)]
    for folder in ("model", "io", "compose"):
        for file in sorted((root / folder).glob("*.py")):
            info = file.stat()
            parts.append(f"{folder}/{file.name}:{info.st_size}:{info.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _plugins_stamp(plugins: Any) -> str | None:
    """What the installed plugins give composition, or None when it cannot be known (a library
    without a ``cache_stamp``)."""
    parts = []
    for preset in sorted(plugins.presets().values(), key=lambda p: p.id):
        parts.append(f"preset {preset.id}|{preset.plugin}|{preset.version}|{preset.path}")
    for library in sorted(plugins.libraries().values(), key=lambda lib: lib.name):
        stamp = getattr(library, "cache_stamp", None)
        if callable(stamp):
            stamp = stamp()
        if not stamp:
            return None
        parts.append(f"library {library.name}|{library.plugin}|{library.version}|{stamp}")
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


# -- loading --------------------------------------------------------------------------------


def load(path: str | os.PathLike, plugins: Any = None) -> Composed:
    """Read a framework file and compose it, through the cache when an entry holds exactly what
    reading it would give (:func:`nosframe.compose.load` calls this)."""
    if plugins is None:
        from nosframe.plugins import load_plugins

        plugins = load_plugins()
    path = Path(path)
    if not enabled():
        return compose(_read(path), plugins)
    try:
        raw = read_regular_file(path, max_bytes=MAX_BYTES)
    except Exception:
        return compose(_read(path), plugins)  # the usual error
    stamp = _plugins_stamp(plugins)
    try:
        entry = entry_path(path)
    except (OSError, RuntimeError):  # no home folder to hold a cache
        stamp = None
    if stamp is None:
        return compose(loads(decode_text(raw, path), path), plugins)
    digest = hashlib.sha256(raw).hexdigest()
    found = _read_entry(entry, path, digest, raw, stamp)
    if found is not None:
        return found
    composed = compose(loads(decode_text(raw, path), path), plugins)
    _write_entry(entry, path, digest, stamp, composed)
    return composed


def _read(path: Path) -> Document:
    from nosframe.io import load_document

    return load_document(path)


def _header(path: Path, stamp: str) -> dict:
    return {"format": _FORMAT, "code": _code_stamp(), "plugins": stamp,
            "path": str(path.resolve())}


def _read_entry(entry: Path, path: Path, digest: str, raw: bytes, stamp: str) -> Composed | None:
    """The cached composition, or None when there is none, it is stale, or it is damaged."""
    try:
        with open(entry, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    try:
        if data[:len(_MAGIC)] != _MAGIC:
            return None
        (size,) = struct.unpack_from("<Q", data, len(_MAGIC))
        start = len(_MAGIC) + 8
        header = pickle.loads(data[start:start + size])
        payload = memoryview(data)[start + size:]
        if header.get("expect") != _header(path, stamp) or header["files"][0][1] != digest:
            return None
        if header["checksum"] != zlib.crc32(payload) or header["size"] != len(payload):
            return None
        texts = [decode_text(raw, path)]
        for name, want in header["files"][1:]:  # the files it extends, read again
            other = read_regular_file(name, max_bytes=MAX_BYTES)
            if hashlib.sha256(other).hexdigest() != want:
                return None
            texts.append(decode_text(other, Path(name)))
        with gc_paused(), _texts_lock:
            _texts.current = texts
            try:
                composed = pickle.loads(payload)
            finally:
                _texts.current = None
        if not isinstance(composed, Composed):
            return None
    except Exception:  # damaged, cut, or of another shape: read the file as usual
        return None
    mark_composed(composed.framework)  # save() refuses it, as after compose()
    return composed


def _write_entry(entry: Path, path: Path, digest: str, stamp: str, composed: Composed) -> None:
    """Write the entry for ``composed`` (nothing when a file it read changed meanwhile)."""
    try:
        files: list[tuple[str, str]] = [(str(path.resolve()), digest)]
        texts: dict[int, int] = {}
        for layer in composed.layers:
            document = layer.document
            if document.path is None or not document.text:
                continue
            if layer is composed.root:
                texts[id(document.text)] = 0
                continue
            other = read_regular_file(document.path, max_bytes=MAX_BYTES)
            if decode_text(other, Path(document.path)) != document.text:
                return  # changed since composed: an entry now could hold the older text
            texts[id(document.text)] = len(files)
            files.append((str(Path(document.path).resolve()), hashlib.sha256(other).hexdigest()))
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dispatch_table = _dispatch(texts)
        with gc_paused():
            pickler.dump(composed)
        payload = buffer.getbuffer()
        header = pickle.dumps({"expect": _header(path, stamp), "files": files,
                               "checksum": zlib.crc32(payload), "size": len(payload)})
        folder = entry.parent
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        atomic_write(entry, b"".join((_MAGIC, struct.pack("<Q", len(header)), header,
                                      payload)))
        os.chmod(entry, 0o600)
    except Exception:  # a cache that cannot be written is only slower next time
        return


def forget(path: str | os.PathLike) -> None:
    """Remove the cache entry of ``path``, if any."""
    try:
        entry_path(path).unlink()
    except OSError:
        pass


# -- the pickled form -------------------------------------------------------------------------
# Model objects are written as their class and field values (made again by calling the class),
# not as attrs's default state dictionaries; documents' texts are not written at all: they come
# from the files, read again to check their hashes.

class _Texts:
    current: list[str] | None = None  # while an entry is read: the texts of its files


_texts = _Texts()
_texts_lock = threading.Lock()  # one entry read at a time: _texts is the one being read


def _document(framework: Framework, path: Any, text: Any, locator: Locator) -> Document:
    return Document(framework, path, _text(text), locator)


def _locator(text: Any) -> Locator:
    return Locator(_text(text))


def _text(text: Any) -> str:
    return _texts.current[text] if isinstance(text, int) else text


def _location(file: str, line: Any, path: str, pending: Any) -> Location:
    return Location(file, line, path, pending=pending)


def _attrs_classes() -> list[type]:
    seen: list[type] = []

    def walk(cls: type) -> None:
        if cls in seen or not attrs.has(cls):
            return
        seen.append(cls)
        import typing

        for tp in typing.get_type_hints(cls).values():
            for arg in typing.get_args(tp) or (tp,):
                for inner in typing.get_args(arg) or (arg,):
                    if isinstance(inner, type):
                        walk(inner)

    for cls in (Framework, Composed, Layer, Origin, Provenance, FieldSource, Finding):
        walk(cls)
    return seen


def _positional(cls: type) -> Any:
    fields = attrs.fields(cls)
    if not all(a.init and not a.kw_only and a.alias == a.name for a in fields):
        return None
    getter = operator.attrgetter(*(a.name for a in fields))
    if len(fields) == 1:
        return lambda obj: (cls, (getter(obj),))
    return lambda obj: (cls, getter(obj))


@functools.cache
def _model_reducers() -> dict[type, Any]:
    table = {}
    for cls in _attrs_classes():
        reducer = _positional(cls)
        if reducer is not None:
            table[cls] = reducer
    return table


def _dispatch(texts: dict[int, int]) -> dict[type, Any]:
    table = dict(copyreg.dispatch_table)
    table.update(_model_reducers())
    table[Location] = lambda loc: (_location, (loc.file, loc._line, loc.path, loc._pending))
    table[Document] = lambda doc: (_document, (doc.framework, doc.path,
                                               texts.get(id(doc.text), doc.text), doc.locator))

    table[Locator] = lambda loc: (_locator, (texts.get(id(loc.text), loc.text),))
    return table


__all__ = ["ENV", "cache_dir", "enabled", "entry_path", "forget", "load"]
