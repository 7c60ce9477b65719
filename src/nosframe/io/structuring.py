"""Plain data (read from JSON, a spreadsheet, an API) into model classes, for importers.

The same strict converter as framework TOML files: unknown keys, wrong types, ``"false"`` for
a bool and a string where a list belongs are errors, each with the path inside the document
(``roles[3].standards[1]``) and a hint. An importer a plugin writes gets the same messages as
nosframe's own JSON importer.
"""

from __future__ import annotations

import os
from typing import Any, TypeVar

from attrs import frozen

from nosframe.io.convert import converter, problems_from
from nosframe.io.errors import LoadError
from nosframe.model import Framework
from nosframe.model.findings import Location

T = TypeVar("T")


@frozen
class Problem:
    """One thing wrong with the data: what, where, and how to fix it."""

    message: str
    location: Location
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        return text + (f"\n  hint: {self.hint}" if self.hint else "")


class StructureError(LoadError):
    """Data that does not fit the model class. ``location`` and ``hint`` are the first
    problem's; :attr:`problems` holds every one found."""

    def __init__(self, problems: list[Problem]):
        first = problems[0]
        rest = len(problems) - 1
        more = f" (and {rest} more problem{'s' if rest > 1 else ''})" if rest else ""
        super().__init__(first.message + more, location=first.location, hint=first.hint)
        self.problems = tuple(problems)


def _join(at: str, path: str) -> str:
    if not at or not path:
        return at or path
    return f"{at}{path}" if path.startswith("[") else f"{at}.{path}"


def structure(data: Any, path: str | os.PathLike | None = None, *,
              into: type[T] = Framework, at: str = "") -> T:  # type: ignore[assignment]
    """Structure ``data`` into ``into`` (a :class:`~nosframe.model.Framework` by default, or
    any model class such as :class:`~nosframe.model.Standard`).

    ``path`` is the file the data was read from (named in errors); ``at`` is where the data
    sits inside that file (``"framework"`` when it is the value of a ``framework`` key), so
    locations read ``in.json: framework.roles[3].standards[1]``. Raises
    :class:`StructureError` (a :class:`LoadError`) listing every problem.

    >>> structure({"framework": {"id": "f"}}).framework.id
    'f'
    """
    try:
        return converter.structure(data, into)
    except Exception as exc:  # cattrs raises exception groups of many kinds
        file = os.fspath(path) if path is not None else ""
        problems = [Problem(p.message, Location(file, None, _join(at, p.path)), p.hint)
                    for p in problems_from(exc)]
        if not problems:  # pragma: no cover - cattrs always says something
            problems = [Problem(f"{type(exc).__name__}: {exc}", Location(file, None, at))]
        raise StructureError(problems) from None


__all__ = ["Problem", "StructureError", "structure"]
