"""Reading and writing nosframe files: TOML through one cattrs converter. No Textual here."""

from nosframe.io.errors import ComposeError, FormatError, LoadError, Location, NosframeError
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
           "atomic_write", "dumps", "load_document", "loads", "read_text", "save", "to_data"]
