"""Importers returning a dict, an ImportResult holding a dict, and raising."""

from nosframe import hookimpl
from nosframe.registry import Importer, ImportResult


def raises(path):
    raise ValueError("cannot parse row 3")


@hookimpl
def nosframe_importers(register):
    register(Importer("hostile-dict", "Returns a dict", lambda path: {"framework": {}}))
    register(Importer("hostile-inner", "Framework is a dict",
                      lambda path: ImportResult({"framework": {"id": "x"}})))
    register(Importer("hostile-raises", "Raises", raises))
