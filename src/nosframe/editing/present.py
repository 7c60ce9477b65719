"""How elements and their origins read for people: one headless presenter for every face.

The TUI's tree, palette, editor header and dialogs, and the CLI, take their labels and
provenance text from here, so an element reads the same everywhere. Screens never show full
paths: a file layer is named by its file name, a preset by its id and plugin.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from nosframe.compose import Composed, Origin
    from nosframe.editing.session import Session


def cut(text: str, width: int) -> str:
    """``text`` in at most ``width`` characters: whole, or cut at a word with ``…`` (mid-word
    only when the first word alone is too long), so a cut title never reads as another one."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    head = text[: width - 1]
    space = head.rfind(" ")
    if space >= width // 2:  # a word boundary not too far back
        head = head[:space]
    return head.rstrip(" ,;:-–") + "…"


def override_text(override: Any) -> str:
    """What one override does, in words: ``retitled to 'PCSO'``, ``behaviours, level
    changed``, ``removed``."""
    action = override.action.value
    if action == "retitle":
        return f"retitled to {override.title!r}"
    if action == "set":
        return f"{', '.join(sorted(override.fields)) or 'no fields'} changed"
    return {"remove": "removed", "replace": "replaced"}.get(action, action)


def element_label(kind: str, element: Any) -> str:
    """The one-line label of an element: ``SFJ AB1 Conduct investigations``, ``[2] Custody
    officer``, ``2 Supervisor``, a behaviour's or value's name, a mapping's standard."""
    if kind == "framework":
        return element.title or element.id
    if kind == "standard":
        return f"{element.code} {element.title}".strip()
    if kind == "role":
        return (f"[{element.level}] " if element.level else "") + (element.title or element.id)
    if kind == "level":
        return f"{element.number} {element.name}".strip()
    if kind == "mapping":
        return f"{element.standard} ({len(element.criteria)})"
    return getattr(element, "name", "") or getattr(element, "title", "") or element.key


def element_title(element: Any) -> str:
    """An element's title or name alone (``""`` when it has none)."""
    return getattr(element, "title", "") or getattr(element, "name", "")


def origin_text(origin: "Origin") -> str:
    """``force.toml``, or ``preset policing (nosframe-policing 0.1.0)``."""
    if origin.kind == "file":
        return Path(origin.name).name
    credit = f" ({origin.plugin} {origin.version})" if origin.plugin else ""
    return f"{origin.kind} {origin.name}{credit}"


def without_paths(composed: "Composed", text: str) -> str:
    """``text`` with the full paths of file layers replaced by their file names."""
    for layer in composed.layers:
        if layer.origin.kind == "file":
            text = text.replace(layer.origin.name, Path(layer.origin.name).name)
    return text


def file_text(composed: "Composed", file: str) -> str:
    """A finding's file as a person knows it: the organisation's file by name, a preset's as
    ``preset ID (plugin version): NAME.toml``, never a long path."""
    if not file:
        return ""
    for layer in composed.layers:
        path = layer.document.path
        if path is not None and str(path) == file and layer.origin.kind != "file":
            return f"{origin_text(layer.origin)}: {Path(file).name}"
    return Path(file).name


def state_of(session: "Session", kind: str, key: str, *, fresh: bool = True) -> str:
    """``own`` (the file defines it), ``overridden`` (inherited, changed by the file's
    overrides) or ``inherited``."""
    if kind == "framework" or session.is_own(kind, key):
        return "own"
    prov = session.provenance(kind, key, fresh=fresh)
    return "overridden" if prov is not None and prov.overridden else "inherited"


def provenance_text(session: "Session", kind: str, key: str) -> tuple[str, tuple[str, ...]]:
    """Where an element comes from and what editing it writes, in one sentence, with the
    overrides that changed it (``retitled to 'PCSO' by force.toml``)."""
    name = session.name
    if kind == "framework":
        return f"the framework's own details, in {name}", ()
    own = session.is_own(kind, key)
    prov = session.provenance(kind, key, fresh=False)
    if prov is None:
        return (f"defined in {name} (not composed yet)" if own else ""), ()
    overrides = tuple(without_paths(session.composed, what) for what, _ in prov.overrides)
    where = origin_text(prov.origin)
    if own:
        return f"defined in {name}", overrides
    if prov.origin.kind == "library":
        return f"from {where} — a change copies it into {name}, to tailor it", overrides
    return f"inherited from {where} — changes are saved as overrides in {name}", overrides


# -- a person's record (the person view and `nosframe match`, `plan`, `audit`) -----------------

#: what a piece of evidence says when its record names nobody who assessed it
NO_ASSESSOR = "no assessor named"


#: what a piece of evidence says when its record names no method
NO_METHOD = "method not recorded"


def method_text(entry: Any) -> str:
    """How an entry was assessed, in words: its method; for an assessed level without one,
    "assessed"; for evidence of a criterion without one, :data:`NO_METHOD`."""
    if entry.method:
        return entry.method.value
    return "assessed" if hasattr(entry, "level") else NO_METHOD


def evidence_text(held: Any) -> str:
    """One piece of evidence that decides a requirement (an ``analysis.people.Held``), as the
    CLI prints it: ``observation, Sgt B, 2025-05-12, until 2028-05-12``."""
    if held is None:
        return ""
    e = held.evidence
    text = f"{method_text(e)}, {e.assessor or NO_ASSESSOR}, {e.date.isoformat()}"
    if held.until:
        text += f", {'expired' if held.expired else 'until'} {held.until.isoformat()}"
    return text


def entry_text(entry: Any) -> str:
    """One entry of a record (``[[evidence]]`` or ``[[behaviours]]``) in the same words:
    ``observation, Sgt B, 2025-05-12 (PDR-1), expires 2028-05-12``; an assessment starts
    ``level 2, ``."""
    text = (f"level {entry.level}, " if hasattr(entry, "level") else "") + (
        f"{method_text(entry)}, {entry.assessor or NO_ASSESSOR}, {entry.date.isoformat()}")
    if entry.reference:
        text += f" ({entry.reference})"
    if entry.expires:
        text += f", expires {entry.expires.isoformat()}"
    return text


def fit_text(status: Any) -> str:
    """How far a person meets a role (an ``analysis.people.RoleStatus``), with what is not met
    and how much of that is expired evidence, in one phrase: ``24 of 32 met (75%) · 8 not met
    (3 of them expired)``. Optional criteria are not counted, as in ``nosframe match``."""
    text = f"{status.met} of {status.total} met ({status.fit:.0%})"
    missing = status.missing
    if missing:
        expired = sum(r.state.value == "expired" for r in missing)
        text += f" · {len(missing)} not met"
        if expired == len(missing):
            text += " (expired)" if expired == 1 else " (all expired)"
        elif expired:
            text += f" ({expired} of them expired)"
    return text


__all__ = ["NO_ASSESSOR", "NO_METHOD", "cut", "element_label", "entry_text", "evidence_text", "method_text", "fit_text", "override_text", "element_title", "file_text", "origin_text", "provenance_text",
           "state_of", "without_paths"]
