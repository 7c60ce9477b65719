"""The national NOS library: the UK NOS database's list exports, indexed on disk.

``nosframe library import`` reads the list exports (``PublishedNos_Details.xlsx`` and
``PublishedNos-old_Details.xlsx``), normalises what is unambiguous, reports the rest as findings
(codes ``NL...``, see :data:`CODES` and ``docs/library.md``) and keeps every row. The default
plugin :mod:`nosframe.library.plugin` registers the library as ``uk-nos`` when it exists, so a
framework that references a code it does not define gets the standard from it.
"""

from nosframe.library.codes import CODES, SEVERITIES
from nosframe.library.normalise import NormalRow, normalise_row
from nosframe.library.reader import COLUMNS, SHEET, ExportFile, LibraryError, read_export
from nosframe.library.store import (
    FILE_NAME,
    LIBRARY_NAME,
    ImportReport,
    NosLibrary,
    SourceStats,
    default_db_path,
    fts5_available,
    import_exports,
    nosframe_home,
    open_library,
)

__all__ = ["CODES", "COLUMNS", "FILE_NAME", "LIBRARY_NAME", "SEVERITIES", "SHEET", "ExportFile",
           "ImportReport", "LibraryError", "NormalRow", "NosLibrary", "SourceStats",
           "default_db_path", "fts5_available", "import_exports", "normalise_row",
           "nosframe_home", "open_library", "read_export"]
