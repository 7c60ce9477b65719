"""The TUI's optional user config: a theme and a keymap (binding id -> keys).

Read from ``$NOSFRAME_TUI_CONFIG``, else ``$XDG_CONFIG_HOME/nosframe/tui.toml`` (default
``~/.config/nosframe/tui.toml``). Only ``nosframe edit`` reads it; tests never do. Example::

    theme = "textual-light"
    [keymap]
    save = "ctrl+s,f10"
    "tree.add" = "a,insert"

A setting that will not do (a theme Textual does not have, a binding id the editor does not
have, keys that are not keys) is one problem, naming the file, the setting and a hint; that
setting keeps its default and the editor opens as usual.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from functools import lru_cache
from pathlib import Path

from attrs import field, frozen


@frozen
class TuiConfig:
    theme: str | None = None
    keymap: dict[str, str] = field(factory=dict)
    path: Path | None = None
    problems: tuple[str, ...] = ()


def config_path() -> Path:
    explicit = os.environ.get("NOSFRAME_TUI_CONFIG")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "nosframe" / "tui.toml"


def load_config(path: Path | None = None) -> TuiConfig:
    """The config at ``path`` (default :func:`config_path`); problems are reported, not raised."""
    path = path or config_path()
    if not path.is_file():
        return TuiConfig(path=path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return TuiConfig(path=path, problems=(f"{path}: {exc}",))
    problems = []
    theme = data.get("theme")
    if theme is not None:
        error = theme_error(theme)
        if error:
            problems.append(f"{path}: theme: {error}; the default theme is used")
            theme = None
    keymap = data.get("keymap", {})
    if not isinstance(keymap, dict):
        problems.append(f"{path}: keymap must be a table, [keymap], of binding ids and keys "
                        "(hint: [keymap] then save = \"ctrl+s,f10\"); the default keys are used")
        keymap = {}
    kept: dict[str, str] = {}
    for ident, keys in keymap.items():
        error = keymap_error(ident, keys)
        if error:
            problems.append(f"{path}: [keymap] {ident}: {error}; its default keys are kept")
        else:
            kept[ident] = normalise_keys(keys)
    unknown = set(data) - {"theme", "keymap"}
    if unknown:
        problems.append(f"{path}: unknown keys {', '.join(sorted(unknown))} (hint: the settings "
                        "are theme and [keymap]); they are ignored")
    return TuiConfig(theme, kept, path, tuple(problems))


# -- what a setting may be -------------------------------------------------------------------

MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")
KEY_HINT = ('a key looks like "ctrl+s", "f10", "a", "shift+tab" or "delete"; '
            'several keys are separated by commas: "ctrl+s,f10"')


def known_themes() -> list[str]:
    from textual.theme import BUILTIN_THEMES

    return sorted(BUILTIN_THEMES)


def theme_error(theme: object) -> str | None:
    """Why ``theme`` is not a theme the editor can use (None: it is)."""
    themes = known_themes()
    if isinstance(theme, str) and theme in themes:
        return None
    what = f"{theme!r} is not a theme" if isinstance(theme, str) else "must be a string"
    return f"{what} (hint: one of {', '.join(themes)})"


@lru_cache(1)
def binding_ids() -> frozenset[str]:
    """The ids of the editor's bindings, which ``[keymap]`` can remap: every binding with an id
    of the screens and widgets of ``nosframe edit`` (the person view reads no keymap)."""
    from textual.dom import DOMNode

    import nosframe.tui.app  # noqa: F401 - the editor's screens and widgets, defined
    import nosframe.tui.screens.gap  # noqa: F401
    import nosframe.tui.screens.ladder  # noqa: F401
    import nosframe.tui.screens.mapping  # noqa: F401
    import nosframe.tui.screens.picker  # noqa: F401

    ids: set[str] = set()
    seen: set[type] = set()
    todo = [DOMNode]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
        module = cls.__module__
        if not module.startswith("nosframe.tui.") or module in _NOT_THE_EDITOR:
            continue
        for binding in cls.__dict__.get("BINDINGS", ()):
            ident = getattr(binding, "id", None)
            if ident:
                ids.add(ident)
    return frozenset(ids)


_NOT_THE_EDITOR = {"nosframe.tui.person_app", "nosframe.tui.screens.person",
                   "nosframe.tui.compare_app"}


def keymap_error(ident: str, keys: object) -> str | None:
    """Why ``ident = keys`` in ``[keymap]`` will not do (None: it will)."""
    ids = binding_ids()
    if ident not in ids:
        close = difflib.get_close_matches(ident, sorted(ids), n=1, cutoff=0.8)
        group = ident.partition(".")[0] + "." if "." in ident else ""
        same = sorted(i for i in ids if group and i.startswith(group))
        hint = (f"did you mean {close[0]!r}?" if close else
                f"the {group[:-1]} ids are {', '.join(same)}" if same else
                "F1 in the editor lists every key with its binding id (docs/tui.md too)")
        return f"{ident!r} is not a binding id of the editor (hint: {hint})"
    if not isinstance(keys, str):
        return f"the keys must be a string (hint: {KEY_HINT})"
    parts = [part.strip() for part in keys.split(",")]
    for part in parts:
        if not part or not _is_key(part):
            return f"{part!r} is not a key (hint: {KEY_HINT})"
    return None


def _is_key(key: str) -> bool:
    from textual.keys import REPLACED_KEYS, Keys, key_to_character

    if len(key) == 1:
        return key.isprintable()
    *modifiers, name = key.split("+")
    if not name or any(m not in MODIFIERS for m in modifiers):
        return False
    if len(name) == 1:
        return name.isprintable()
    names = {k.value for k in Keys if "+" not in k.value and not k.value.startswith("<")}
    return name in names or key_to_character(REPLACED_KEYS.get(name, name)) is not None


def normalise_keys(keys: str) -> str:
    """Keys as Textual's bindings spell them: no spaces after the commas, and a character
    written as itself ("?") named as a key event names it ("question_mark")."""
    from textual.keys import _character_to_key

    return ",".join(_character_to_key(k) if len(k) == 1 else k
                    for k in (part.strip() for part in keys.split(",")))


__all__ = ["TuiConfig", "binding_ids", "config_path", "keymap_error", "load_config",
           "theme_error"]
