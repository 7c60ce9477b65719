"""Reading and writing nosframe files: TOML through one cattrs converter. No Textual here.

:func:`structure` is the same strict converter for importers holding plain data (JSON, rows of
a spreadsheet): errors come as :class:`LoadError` with the path inside the document.
"""

from nosframe.io.errors import ComposeError, FormatError, LoadError, Location, NosframeError
from nosframe.io.structuring import Problem, StructureError, structure
from nosframe.io.toml import (
    Document,
    atomic_write,
    dumps,
    load_document,
    loads,
    read_text,
    save,
    to_data,
)

__all__ = ["ComposeError", "Document", "FormatError", "LoadError", "Location", "NosframeError",
           "Problem", "StructureError", "atomic_write", "dumps", "load_document", "loads",
           "read_text", "save", "structure", "to_data"]
