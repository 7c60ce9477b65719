"""The TUI's optional user config: a theme and a keymap (binding id -> keys).

Read from ``$NOSFRAME_TUI_CONFIG``, else ``$XDG_CONFIG_HOME/nosframe/tui.toml`` (default
``~/.config/nosframe/tui.toml``). Only ``nosframe edit`` reads it; tests never do. Example::

    theme = "textual-light"
    [keymap]
    save = "ctrl+s,f10"
    "tree.add" = "a,insert"

A setting that will not do (a theme Textual does not have, a binding id the editor does not
have, keys that are not keys, a key another action of that screen already has) is one problem,
``FILE:LINE: setting: why; what is used instead (hint: ...)``; that setting is not used (its
default stays) and the editor opens as usual. So is a file that is not TOML (the defaults are
used) and a file named by ``$NOSFRAME_TUI_CONFIG`` that is not there (the default location,
when nothing is there, is silent).
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from functools import lru_cache
from pathlib import Path

from attrs import field, frozen

from nosframe.io.locate import Locator

SETTINGS_DOC = "docs/tui.md, Settings"
DEFAULTS_USED = "the editor's default settings are used"


class SettingProblem(str):
    """One problem of the settings file: its message (``FILE:LINE: setting: ...``), which
    also knows the file, the line (None: the whole file) and the setting ("": the file)."""

    path: Path
    line: int | None
    setting: str

    def __new__(cls, path: Path, line: int | None, setting: str, text: str) -> SettingProblem:
        where = f"{path}:{line}" if line else str(path)
        self = super().__new__(cls, f"{where}: {setting}: {text}" if setting else
                               f"{where}: {text}")
        self.path, self.line, self.setting = path, line, setting
        return self


@frozen
class TuiConfig:
    theme: str | None = None
    keymap: dict[str, str] = field(factory=dict)
    path: Path | None = None
    problems: tuple[SettingProblem, ...] = ()


def config_path() -> Path:
    explicit = os.environ.get("NOSFRAME_TUI_CONFIG")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "nosframe" / "tui.toml"


def load_config(path: Path | None = None) -> TuiConfig:
    """The config at ``path`` (default :func:`config_path`); problems are reported, not raised.
    A file that is not there is a problem when it was named (``path``, or
    ``$NOSFRAME_TUI_CONFIG``); the default location may have none."""
    by_variable = path is None and bool(os.environ.get("NOSFRAME_TUI_CONFIG"))
    named = path is not None or by_variable
    path = path or config_path()
    if not path.is_file():
        if not named:
            return TuiConfig(path=path)
        why = "is a folder, not a settings file" if path.is_dir() else "no such file"
        source = " (named by NOSFRAME_TUI_CONFIG)" if by_variable else ""
        return TuiConfig(path=path, problems=(SettingProblem(
            path, None, "", f"{why}{source}; {DEFAULTS_USED} (hint: name a .toml file such as "
            f'one holding theme = "nord", or unset the variable; {SETTINGS_DOC})'),))
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        why = "is not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else \
            f"cannot be read ({exc.strerror or exc})"
        return TuiConfig(path=path, problems=(SettingProblem(
            path, None, "", f"{why}; {DEFAULTS_USED} (hint: {SETTINGS_DOC})"),))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"at line (\d+)", str(exc))
        line = int(at.group(1)) if at else None
        return TuiConfig(path=path, problems=(SettingProblem(
            path, line, "", f"TOML syntax error: {exc}; {DEFAULTS_USED} (hint: fix "
            f"{'that line' if line else 'the file'}: a value is a quoted string, "
            f'theme = "nord", and keys go under [keymap], save = "ctrl+s,f10"; '
            f"{SETTINGS_DOC})"),))
    lines = Locator(text)  # the line of each key, as framework files' findings get theirs
    problems: list[SettingProblem] = []
    theme = data.get("theme")
    if theme is not None:
        error = theme_error(theme)
        if error:
            problems.append(SettingProblem(path, lines.line_of("theme"), "theme",
                                           f"{error}; the default theme is used"))
            theme = None
    keymap = data.get("keymap", {})
    if not isinstance(keymap, dict):
        problems.append(SettingProblem(
            path, lines.line_of("keymap"), "keymap", "must be a table, [keymap], of binding ids and "
            "keys; the default keys are used (hint: [keymap] then save = \"ctrl+s,f10\")"))
        keymap = {}
    kept: dict[str, str] = {}
    for ident, keys in keymap.items():
        error = keymap_error(ident, keys)
        if error:
            kept_what = (f"{ident} keeps its keys, {default_keys(ident)}"
                         if ident in binding_ids() else "this setting does nothing")
            problems.append(SettingProblem(path, lines.line_of(f"keymap.{ident}"), f"[keymap] {ident}",
                                           _consequence(error, kept_what)))
        else:
            kept[ident] = normalise_keys(keys)
    for ident, error in keymap_conflicts(kept).items():
        del kept[ident]
        problems.append(SettingProblem(path, lines.line_of(f"keymap.{ident}"), f"[keymap] {ident}", error))
    for key in sorted(set(data) - {"theme", "keymap"}):
        close = difflib.get_close_matches(key, ["theme", "keymap"], n=1, cutoff=0.6)
        hint = f"did you mean {close[0]!r}? " if close else ""
        problems.append(SettingProblem(
            path, lines.line_of(key), key, f"not a setting of the editor, so it is not used "
            f"(hint: {hint}the settings are theme and [keymap]; {SETTINGS_DOC})"))
    problems.sort(key=lambda p: p.line or 0)
    return TuiConfig(theme, kept, path, tuple(problems))


def _consequence(error: str, kept: str) -> str:
    """``error``'s why, then what is used instead, then its hint: "why; kept (hint: ...)"."""
    why, sep, hint = error.partition(" (hint: ")
    return f"{why}; {kept}{' (hint: ' + hint if sep else ''}"


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
                "the ids are the editor's actions, such as save, undo, quit, help, "
                "tree.add, problems.filter, picker.mark; docs/tui.md, Keys, lists them all")
        return f"{ident!r} is not a binding id of the editor (hint: {hint})"
    if not isinstance(keys, str):
        return f"the keys must be a string (hint: {KEY_HINT})"
    parts = [part.strip() for part in keys.split(",")]
    for part in parts:
        if not part or not _is_key(part):
            return f"{part!r} is not a key (hint: {KEY_HINT})"
    return None


#: where the editor's bindings apply together: (name, the classes' dotted names); a key may
#: be the key of one action only in each (the app's bindings apply on every screen)
_SCOPES = (
    ("the tree", ("screens.main.MainScreen", "widgets.framework_tree.FrameworkTree")),
    ("the field editor", ("screens.main.MainScreen", "widgets.element_editor.ElementEditor",
                          "widgets.code_list.CodesInput")),
    ("the problems panel", ("screens.main.MainScreen", "widgets.problems.ProblemsPanel")),
    ("the coverage matrix", ("screens.main.MainScreen", "widgets.coverage.CoverageView")),
    ("the NOS picker", ("screens.picker.PickerScreen",)),
    ("the mapping editor", ("screens.mapping.MappingScreen",)),
    ("the help screen", ("screens.help.HelpScreen",)),
    ("the gap view", ("screens.gap.GapScreen",)),
    ("the ladder", ("screens.ladder.LadderScreen",)),
    ("a question", ("screens.dialogs.ChoiceScreen",)),
    ("a list to pick from", ("screens.dialogs.PickScreen",)),
    ("a form", ("screens.modal.FormDialog",)),
)
#: the bindings of the app and the main screen, which apply wherever the main screen is
_ANYWHERE = ("app.NosframeApp", "screens.main.MainScreen")


@frozen
class _Bound:
    ident: str | None
    action: str
    name: str  # as a warning names it: "quit (Quit)", "Textual's cursor_down"
    keys: frozenset[str]
    anywhere: bool


@lru_cache(1)
def _scoped() -> tuple[tuple[str, tuple[_Bound, ...]], ...]:
    """Every scope's bindings (the editor's and Textual's own), the app's included."""
    import importlib

    binding_ids()  # the editor's modules, imported

    def cls(dotted: str) -> type:
        module, _, name = dotted.rpartition(".")
        return getattr(importlib.import_module(f"nosframe.tui.{module}"), name)

    def bound(dotted: str) -> list[_Bound]:
        keys: dict[tuple[str | None, str], set[str]] = {}
        names: dict[tuple[str | None, str], str] = {}
        for key, bindings in cls(dotted)._merge_bindings().key_to_bindings.items():
            for binding in bindings:
                action = binding.action.removeprefix("app.").removeprefix("screen.")
                which = (binding.id, action)
                keys.setdefault(which, set()).add(key)
                names[which] = (f"{binding.id} ({binding.description})" if binding.id and
                                binding.description else binding.id or
                                f"{binding.description or action} (Textual's)")
        result = [_Bound(ident, action, names[(ident, action)], frozenset(k),
                         dotted in _ANYWHERE) for (ident, action), k in keys.items()]
        if dotted == "app.NosframeApp":
            result.append(_Bound(None, "command_palette", "the command palette (ctrl+p)",
                                 frozenset({"ctrl+p"}), True))
        return result

    app = bound("app.NosframeApp")
    return tuple((name, tuple(app + [b for dotted in classes for b in bound(dotted)]))
                 for name, classes in _SCOPES)


def default_keys(ident: str) -> str:
    """The keys the editor gives binding ``ident`` ("ctrl+s")."""
    keys = {k for _, scope in _scoped() for b in scope if b.ident == ident for k in b.keys}
    return ",".join(sorted(keys)).replace("question_mark", "?")


def keymap_conflicts(keymap: dict[str, str]) -> dict[str, str]:
    """The entries of ``keymap`` (good ids and keys, as :func:`normalise_keys` spells them)
    that give a key another action already has where the binding applies, each with why; the
    caller drops them (their defaults stay). Of two entries giving one key, the later one."""
    order = list(keymap)
    problems: dict[str, str] = {}
    changed = True
    while changed:  # a dropped entry's default keys are back: they may clash with another
        changed = False
        for ident in reversed(order):
            if ident in problems:
                continue
            now = {i: set(k.split(",")) for i, k in keymap.items() if i not in problems}
            clash = _clash(ident, now)
            if clash:
                problems[ident] = clash
                changed = True
    return problems


def _clash(ident: str, keymap: dict[str, set[str]]) -> str | None:
    mine = keymap[ident]
    for where, scope in _scoped():
        own = [b for b in scope if b.ident == ident]
        if not own:
            continue
        new = mine - {k for b in own for k in b.keys}
        for other in scope:
            if other.ident == ident or other.action in {b.action for b in own}:
                continue
            keys = keymap.get(other.ident, other.keys) if other.ident else other.keys
            both = sorted(new & set(keys))
            if both:
                place = ("on the main screen" if other.anywhere and all(b.anywhere for b in own)
                         else f"in {where}")
                key = both[0].replace("question_mark", "?")
                move = (f", or give {other.ident} another key too" if other.ident else "")
                return (f"{key!r} is already the key of {other.name} {place}, so this setting "
                        f"is not used: {ident} keeps its keys, {default_keys(ident)} (hint: "
                        f"choose a key nothing else there uses{move}; docs/tui.md, Keys)")
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


__all__ = ["SettingProblem", "TuiConfig", "binding_ids", "config_path", "default_keys",
           "keymap_conflicts", "keymap_error", "load_config",
           "theme_error"]
