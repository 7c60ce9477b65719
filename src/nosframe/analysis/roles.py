"""Finding a role a person names: by its id, or by its title, with a close match offered.

Every command that takes a role (``--role``, ``--from``, ``--to``, a person record's role)
looks it up here, so each accepts the same spellings and says the same when it cannot.
"""

from __future__ import annotations

import difflib

from nosframe.io import FormatError, Location
from nosframe.model import Framework, Role


def find_role(framework: Framework, text: str, *, given: str = "--role",
              file: str = "") -> Role:
    """The role ``text`` names: its id exactly, else its id or its title in any case (when
    one role has it). Raises :class:`FormatError` saying where the name was ``given``
    (``--role``, ``[person] role``) with the closest id and the roles there are."""
    wanted = text.strip()
    for role in framework.roles:
        if role.id == wanted:
            return role
    folded = wanted.casefold()
    for attr in ("id", "title"):
        found = [r for r in framework.roles if getattr(r, attr).casefold() == folded]
        if len(found) == 1:
            return found[0]
    ids = [r.id for r in framework.roles]
    names = {r.title.casefold(): r.id for r in framework.roles if r.title}
    close = difflib.get_close_matches(wanted, ids, n=1) or [
        names[t] for t in difflib.get_close_matches(folded, list(names), n=1)]
    hint = (f"did you mean {close[0]!r}? " if close else "") + (
        "the roles are " + ", ".join(ids) if ids else "the framework has no roles")
    raise FormatError(f"no role {wanted!r} ({given})", location=Location(file=file),
                      hint=hint)


__all__ = ["find_role"]
