"""A library whose get calls sys.exit (callables, the old way of building a Library)."""

import sys

from nosframe import hookimpl
from nosframe.registry import Library


def get(key):
    sys.exit(7)


def search(text):  # no limit argument: still works
    raise RuntimeError("search index missing")


@hookimpl
def nosframe_libraries(register):
    register(Library("exiting-library", "Exits", get, search))
