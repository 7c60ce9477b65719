"""Default plugin: registers the national NOS library (``uk-nos``) when it has been imported.

Costs one ``stat`` when nothing is imported; otherwise the library file is opened on the first
``get`` or ``search``, never while plugins load.
"""

from __future__ import annotations

from nosframe.hookspecs import hookimpl
from nosframe.library.store import LIBRARY_NAME, NosLibrary, default_db_path
from nosframe.registry import Library

TITLE = "UK National Occupational Standards (NOS database list exports)"


@hookimpl
def nosframe_libraries(register) -> None:
    path = default_db_path()
    if not path.is_file() or path.stat().st_size == 0:  # an empty file is no library
        return
    library = NosLibrary(path)
    entry = Library(name=LIBRARY_NAME, title=TITLE, get=library.get, search=library.search,
                    size=library.size, source=library.source_of)
    entry.rank = library.rank  # type: ignore[attr-defined]  # BM25 candidates (suggestions)
    # what changes when the library is imported again: composed frameworks cached with the
    # standards it gave are not used after that (nosframe.compose.cache)
    entry.cache_stamp = lambda: _stamp(path)  # type: ignore[attr-defined]
    register(entry)


def _stamp(path) -> str:
    try:
        info = path.stat()
    except OSError:
        return "missing"
    return f"{info.st_ino}:{info.st_size}:{info.st_mtime_ns}"
