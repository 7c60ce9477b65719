"""The plugin manager: default plugins, entry points, an optional local folder, failures by name.

A plugin that fails to import, implements a hook nosframe does not know, or raises inside a hook
is recorded in :attr:`Plugins.failures` under its name and left out; everything else keeps
working. Environment variables:

``NOSFRAME_LOAD_PLUGINS``
    comma-separated entry-point plugin names to load (set but empty: none). Unset: all.
``NOSFRAME_DISABLE_PLUGINS``
    comma-separated plugin names to leave out (entry points, local files or default plugins).
``NOSFRAME_PLUGINS_DIR``
    a folder of ``*.py`` plugin modules to load; never loaded unless asked for.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import os
import sys
from pathlib import Path
from typing import Any, Iterable

import pluggy
from attrs import evolve, frozen

from nosframe import hookspecs
from nosframe.hookspecs import hookimpl
from nosframe.registry import Check, Exporter, Importer, Library, Preset

ENTRY_POINT_GROUP = "nosframe"

DEFAULT_PLUGINS: tuple[str, ...] = (
    "nosframe.checks.builtin",
    "nosframe.formats.json_format",
    "nosframe.formats.markdown",
    "nosframe.library.plugin",
)



@frozen
class PluginFailure:
    plugin: str
    stage: str  # "import", "hooks" or the hook name
    error: str

    def __str__(self) -> str:
        return f"plugin {self.plugin!r} failed ({self.stage}): {self.error}"


@frozen
class PluginInfo:
    name: str
    version: str
    kind: str  # "default", "entry point", "local", "registered"
    hooks: tuple[str, ...]


def _nosframe_version() -> str:
    try:
        return importlib.metadata.version("nosframe")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - source checkout
        return "0+unknown"


def _env_list(name: str) -> list[str] | None:
    value = os.environ.get(name)
    if value is None:
        return None
    return [part.strip() for part in value.split(",") if part.strip()]


class Plugins:
    """Loaded plugins and what they contributed. Build with :func:`load_plugins`."""

    def __init__(self) -> None:
        self.pm = pluggy.PluginManager("nosframe")
        self.pm.add_hookspecs(hookspecs)
        self.failures: list[PluginFailure] = []
        self._kinds: dict[str, str] = {}
        self._versions: dict[str, str] = {}
        self._cache: dict[str, dict] = {}

    # -- registration ------------------------------------------------------------------------

    def register(self, module: Any, name: str, *, kind: str = "registered",
                 version: str = "") -> bool:
        """Register a plugin object; a misspelled hook name is a failure, not a silent no-op."""
        try:
            self.pm.register(module, name=name)
            self.pm.check_pending()
        except Exception as exc:  # pluggy raises PluginValidationError and others
            if self.pm.is_registered(module):
                self.pm.unregister(module)
            self.failures.append(PluginFailure(name, "hooks", str(exc)))
            return False
        self._kinds[name] = kind
        self._versions[name] = version or _nosframe_version()
        self._cache.clear()
        return True

    def unregister(self, name: str) -> None:
        plugin = self.pm.get_plugin(name)
        if plugin is not None:
            self.pm.unregister(plugin)
        self._kinds.pop(name, None)
        self._cache.clear()

    # -- what plugins contribute -------------------------------------------------------------

    def _collect(self, hook_name: str, kind: type) -> dict[str, Any]:
        if hook_name in self._cache:
            return self._cache[hook_name]
        found: dict[str, Any] = {}
        hook = getattr(self.pm.hook, hook_name)
        # call each implementation on its own, so one failing plugin does not hide the others
        for impl in hook.get_hookimpls():  # registration order: first registered wins
            plugin = impl.plugin_name
            version = self._versions.get(plugin, "")
            batch: list[Any] = []

            def register(item: Any, _batch: list = batch) -> None:
                if not isinstance(item, kind):
                    raise TypeError(f"register() expects a {kind.__name__}, got {item!r}")
                _batch.append(item)

            try:
                impl.function(register=register)
            except Exception as exc:
                self.failures.append(PluginFailure(plugin, hook_name,
                                                   f"{type(exc).__name__}: {exc}"))
                continue
            for item in batch:
                key = getattr(item, "id", None) or item.name
                if key in found:
                    self.failures.append(PluginFailure(
                        plugin, hook_name,
                        f"{kind.__name__.lower()} {key!r} is already registered by "
                        f"{found[key].plugin!r}; kept the first"))
                    continue
                found[key] = evolve(item, plugin=plugin, version=version)
        self._cache[hook_name] = found
        return found

    def presets(self) -> dict[str, Preset]:
        return self._collect("nosframe_presets", Preset)

    def checks(self) -> dict[str, Check]:
        return self._collect("nosframe_checks", Check)

    def importers(self) -> dict[str, Importer]:
        return self._collect("nosframe_importers", Importer)

    def exporters(self) -> dict[str, Exporter]:
        return self._collect("nosframe_exporters", Exporter)

    def libraries(self) -> dict[str, Library]:
        return self._collect("nosframe_libraries", Library)

    def collect_all(self) -> None:
        """Call every hook once, so failures inside hooks are known (for listings)."""
        self.presets(), self.checks(), self.importers(), self.exporters(), self.libraries()

    def info(self) -> list[PluginInfo]:
        out = []
        for name, plugin in self.pm.list_name_plugin():
            hooks = tuple(sorted(h.name for h in self.pm.get_hookcallers(plugin) or ()))
            out.append(PluginInfo(name, self._versions.get(name, ""),
                                  self._kinds.get(name, "registered"), hooks))
        return sorted(out, key=lambda p: (p.kind != "default", p.name))


def _import_default(plugins: Plugins, disabled: set[str]) -> None:
    for dotted in DEFAULT_PLUGINS:
        if dotted in disabled or dotted.rsplit(".", 1)[-1] in disabled:
            continue
        try:
            module = importlib.import_module(dotted)
        except Exception as exc:  # a broken install must not stop the rest from working
            plugins.failures.append(PluginFailure(dotted, "import",
                                                  f"{type(exc).__name__}: {exc}"))
            continue
        plugins.register(module, dotted, kind="default")


def _load_entry_points(plugins: Plugins, disabled: set[str]) -> None:
    wanted = _env_list("NOSFRAME_LOAD_PLUGINS")
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        if ep.name in disabled or (wanted is not None and ep.name not in wanted):
            continue
        version = ep.dist.version if ep.dist else ""
        try:
            module = ep.load()
        except Exception as exc:
            plugins.failures.append(PluginFailure(ep.name, "import",
                                                  f"{type(exc).__name__}: {exc}"))
            continue
        plugins.register(module, ep.name, kind="entry point", version=version)


def _load_folder(plugins: Plugins, folder: Path, disabled: set[str]) -> None:
    if not folder.is_dir():
        plugins.failures.append(PluginFailure(str(folder), "import", "plugins folder not found"))
        return
    for path in sorted(folder.glob("*.py")):
        name = path.stem
        if name in disabled or name.startswith("_"):
            continue
        module_name = f"nosframe_local_plugin_{name}"
        try:
            spec = importlib.util.spec_from_file_location(module_name, path)
            assert spec and spec.loader
            module = importlib.util.module_from_spec(spec)
            sys.modules[module_name] = module
            spec.loader.exec_module(module)
        except Exception as exc:
            sys.modules.pop(module_name, None)
            plugins.failures.append(PluginFailure(name, "import",
                                                  f"{type(exc).__name__}: {exc}"))
            continue
        plugins.register(module, name, kind="local", version="local")


def load_plugins(*, plugins_dir: str | os.PathLike | None = None,
                 disabled: Iterable[str] = (), entry_points: bool = True,
                 extra: Iterable[tuple[str, Any]] = ()) -> Plugins:
    """Build the plugin manager.

    ``plugins_dir`` (or ``NOSFRAME_PLUGINS_DIR``) is the only way a local folder is loaded.
    ``extra`` registers (name, plugin object) pairs, which is how tests add plugins.
    """
    disabled_set = set(disabled) | set(_env_list("NOSFRAME_DISABLE_PLUGINS") or [])
    plugins = Plugins()
    _import_default(plugins, disabled_set)
    if entry_points:
        _load_entry_points(plugins, disabled_set)
    folder = plugins_dir or os.environ.get("NOSFRAME_PLUGINS_DIR")
    if folder:
        _load_folder(plugins, Path(folder), disabled_set)
    for name, plugin in extra:
        plugins.register(plugin, name)
    return plugins


__all__: list[str] = ["DEFAULT_PLUGINS", "ENTRY_POINT_GROUP", "PluginFailure", "PluginInfo",
                      "Plugins", "hookimpl", "load_plugins"]
