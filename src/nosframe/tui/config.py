"""The TUI's optional user config: a theme and a keymap (binding id -> keys).

Read from ``$NOSFRAME_TUI_CONFIG``, else ``$XDG_CONFIG_HOME/nosframe/tui.toml`` (default
``~/.config/nosframe/tui.toml``). Only ``nosframe edit`` reads it; tests never do. Example::

    theme = "textual-light"
    [keymap]
    save = "ctrl+s,f10"
    "tree.add" = "a,insert"
"""

from __future__ import annotations

import os
import tomllib
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
    if theme is not None and not isinstance(theme, str):
        problems.append(f"{path}: theme must be a string")
        theme = None
    keymap = data.get("keymap", {})
    if not isinstance(keymap, dict) or not all(isinstance(v, str) for v in keymap.values()):
        problems.append(f"{path}: [keymap] maps binding ids to key strings")
        keymap = {}
    unknown = set(data) - {"theme", "keymap"}
    if unknown:
        problems.append(f"{path}: unknown keys {', '.join(sorted(unknown))}")
    return TuiConfig(theme, dict(keymap), path, tuple(problems))


__all__ = ["TuiConfig", "config_path", "load_config"]
