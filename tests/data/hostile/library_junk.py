"""A library whose get returns a dict, whose search returns junk and whose size is text."""

from nosframe import hookimpl
from nosframe.registry import Library


class JunkLibrary(Library):
    name = "junk-library"
    title = "Answers with the wrong types"

    def get(self, key):
        return {"code": key, "title": "a dict, not a Standard"}

    def search(self, text, limit=50):
        return "not a list"

    def size(self):
        return "many"


@hookimpl
def nosframe_libraries(register):
    register(JunkLibrary())
