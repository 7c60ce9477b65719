"""The plugin manager: default plugins, entry points, an optional local folder, failures by name.

Built-in behaviour is ordinary plugins (:data:`DEFAULT_PLUGINS`), loaded first; entry points
come next, then a local folder, then plugins registered in code. **Later wins**: a check,
importer, exporter, library or command registered under a name an earlier plugin used replaces
it, and :attr:`Plugins.replacements` (shown by ``nosframe plugins``) says what replaced what. A
preset id is the exception: frameworks ``extends`` it, so the first is kept and a second is a
failure (``nosframe plugin lint`` reports it before publishing).

A plugin that fails to import, implements a hook nosframe does not know, or raises inside a hook
(a ``SystemExit`` included) is recorded in :attr:`Plugins.failures` under its name and left out;
everything else keeps working. What plugins' callables return is checked where nosframe calls
them (:class:`PluginError` names the plugin). Environment variables:

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
from typing import Any, Callable, Iterable

import pluggy
from attrs import evolve, frozen

from nosframe import hookspecs
from nosframe.hookspecs import hookimpl
from nosframe.io.errors import NosframeError
from nosframe.model import Finding, Framework, Severity, Standard
from nosframe.registry import (
    Check,
    Correspondence,
    Exporter,
    ExportResult,
    Importer,
    ImportResult,
    Library,
    Preset,
)

ENTRY_POINT_GROUP = "nosframe"

DEFAULT_PLUGINS: tuple[str, ...] = (
    "nosframe.checks.builtin",
    "nosframe.formats.json_format",
    "nosframe.formats.markdown",
    "nosframe.formats.xlsx",
    "nosframe.formats.case",
    "nosframe.formats.moodle",
    "nosframe.formats.documents",
    "nosframe.formats.graph_formats",
    "nosframe.formats.svg",
    "nosframe.library.plugin",
)


class PluginError(NosframeError):
    """A plugin returned something nosframe cannot use, or raised, while nosframe called it.

    One line: what was called, what it did wrong, and the plugin, with a hint.
    """

    def __init__(self, message: str, *, plugin: str, hint: str = ""):
        super().__init__(message, hint=hint or f"report it to the plugin's authors, or leave "
                                               f"it out with --disable-plugin {plugin}")
        self.plugin = plugin

    def __str__(self) -> str:
        return f"{self.message} (hint: {self.hint})"


@frozen
class PluginFailure:
    plugin: str
    stage: str  # "import", "hooks" or the hook name
    error: str

    def __str__(self) -> str:
        return f"plugin {self.plugin!r} failed ({self.stage}): {self.error}"


@frozen
class Replacement:
    """A contribution registered under a name an earlier plugin had used: the later one wins."""

    kind: str  # "check", "importer", "exporter", "library", "command"
    name: str
    plugin: str  # the plugin whose contribution is used
    replaced: str  # the plugin whose contribution it replaced

    def __str__(self) -> str:
        return (f"{self.kind} {self.name!r} from plugin {self.replaced!r} is replaced by "
                f"plugin {self.plugin!r}")


@frozen
class PluginInfo:
    name: str
    version: str
    kind: str  # "default", "entry point", "local", "registered"
    hooks: tuple[str, ...]


@frozen
class PluginCommand:
    """A click command a plugin added through ``nosframe_commands``."""

    name: str
    command: Any  # click.Command
    plugin: str
    version: str = ""


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


def _error_text(exc: BaseException) -> str:
    if isinstance(exc, SystemExit):
        return f"SystemExit({exc.code!r}): a plugin must not end the program"
    return f"{type(exc).__name__}: {exc}"


def _describe(value: Any) -> str:
    text = repr(value)
    return f"{type(value).__name__} {text if len(text) <= 40 else text[:37] + '...'}"


#: the kinds of contribution, by hook: (class registered, label, the field that names it)
_KINDS = {
    "nosframe_presets": (Preset, "preset", "id"),
    "nosframe_checks": (Check, "check", "name"),
    "nosframe_importers": (Importer, "importer", "name"),
    "nosframe_exporters": (Exporter, "exporter", "name"),
    "nosframe_libraries": (Library, "library", "name"),
    "nosframe_correspondences": (Correspondence, "correspondence", "key"),
}


class Plugins:
    """Loaded plugins and what they contributed. Build with :func:`load_plugins`."""

    def __init__(self) -> None:
        self.pm = pluggy.PluginManager("nosframe")
        self.pm.add_hookspecs(hookspecs)
        self._load_failures: list[PluginFailure] = []
        self._kinds: dict[str, str] = {}
        self._versions: dict[str, str] = {}
        self._cache: dict[str, dict] = {}
        self._hook_failures: dict[str, list[PluginFailure]] = {}
        self._replacements: dict[str, list[Replacement]] = {}

    @property
    def failures(self) -> list[PluginFailure]:
        """Plugins that failed to load, and hooks that failed (for hooks called so far)."""
        out = list(self._load_failures)
        for found in self._hook_failures.values():
            out += found
        return out

    @property
    def replacements(self) -> list[Replacement]:
        """What replaced what (for hooks called so far; :meth:`collect_all` calls them all)."""
        return [r for found in self._replacements.values() for r in found]

    def failed(self, plugin: str, stage: str, error: str) -> None:
        """Record that a plugin could not be loaded."""
        self._load_failures.append(PluginFailure(plugin, stage, error))

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
            self.failed(name, "hooks", str(exc))
            return False
        self._kinds[name] = kind
        self._versions[name] = version or _nosframe_version()
        self._forget()
        return True

    def unregister(self, name: str) -> None:
        plugin = self.pm.get_plugin(name)
        if plugin is not None:
            self.pm.unregister(plugin)
        self._kinds.pop(name, None)
        self._forget()

    def _forget(self) -> None:
        self._cache.clear()
        self._hook_failures.clear()
        self._replacements.clear()

    # -- calling hooks -------------------------------------------------------------------------

    def _call_each(self, hook_name: str, make_args: Callable[[], dict[str, Any]],
                   ) -> Iterable[tuple[str, dict[str, Any]]]:
        """Call each implementation on its own, in registration order, so one failing plugin
        hides nothing; yield (plugin name, the arguments it was given) for those that worked."""
        failures = self._hook_failures.setdefault(hook_name, [])
        for impl in getattr(self.pm.hook, hook_name).get_hookimpls():
            args = make_args()
            try:
                impl.function(**{arg: args[arg] for arg in impl.argnames})
            except BaseException as exc:  # SystemExit too: a plugin never ends the program
                if isinstance(exc, KeyboardInterrupt):
                    raise
                failures.append(PluginFailure(impl.plugin_name, hook_name, _error_text(exc)))
                continue
            yield impl.plugin_name, args

    def _collect(self, hook_name: str) -> dict[str, Any]:
        if hook_name in self._cache:
            return self._cache[hook_name]
        kind, label, key_field = _KINDS[hook_name]
        found: dict[str, Any] = {}
        replacements = self._replacements.setdefault(hook_name, [])

        def make_args() -> dict[str, Any]:
            batch: list[Any] = []

            def register(item: Any) -> None:
                if not isinstance(item, kind):
                    raise TypeError(f"register() expects a {kind.__name__}, got "
                                    f"{_describe(item)}")
                batch.append(item)

            return {"register": register, "batch": batch}

        for plugin, args in self._call_each(hook_name, make_args):
            version = self._versions.get(plugin, "")
            mine: set[str] = set()
            for item in args["batch"]:
                key = getattr(item, key_field)
                earlier = found.get(key)
                if key in mine:
                    self._hook_failures[hook_name].append(PluginFailure(
                        plugin, hook_name, f"registers {label} {key!r} twice; kept the last"))
                elif earlier is not None and kind is Preset:
                    self._hook_failures[hook_name].append(PluginFailure(
                        plugin, hook_name, f"preset {key!r} is already registered by "
                                           f"{earlier.plugin!r}; kept the first"))
                    continue
                elif earlier is not None:
                    replacements.append(Replacement(label, key, plugin, earlier.plugin))
                mine.add(key)
                found[key] = _guarded(_credited(item, plugin, version))
        self._cache[hook_name] = found
        return found

    def presets(self) -> dict[str, Preset]:
        return self._collect("nosframe_presets")

    def checks(self) -> dict[str, Check]:
        return self._collect("nosframe_checks")

    def importers(self) -> dict[str, Importer]:
        return self._collect("nosframe_importers")

    def exporters(self) -> dict[str, Exporter]:
        return self._collect("nosframe_exporters")

    def libraries(self) -> dict[str, Library]:
        return self._collect("nosframe_libraries")

    def correspondences(self) -> dict[str, Correspondence]:
        """By ``"from_preset->to_preset"`` (:attr:`Correspondence.key`)."""
        return self._collect("nosframe_correspondences")

    def commands(self, reserved: Iterable[str] = ()) -> dict[str, PluginCommand]:
        """Click commands added by ``nosframe_commands``; names in ``reserved`` (nosframe's own
        commands) are refused. Each plugin is given a group of its own, so its commands are
        credited to it and a plugin failing half way adds none."""
        if "nosframe_commands" in self._cache:
            return self._cache["nosframe_commands"]
        import click

        reserved = set(reserved)
        found: dict[str, PluginCommand] = {}
        failures = self._hook_failures.setdefault("nosframe_commands", [])
        replacements = self._replacements.setdefault("nosframe_commands", [])
        for plugin, args in self._call_each("nosframe_commands",
                                            lambda: {"cli": click.Group("nosframe")}):
            for name, command in args["cli"].commands.items():
                if name in reserved:
                    failures.append(PluginFailure(
                        plugin, "nosframe_commands",
                        f"command {name!r} is one of nosframe's own commands; left out "
                        "(choose another name)"))
                    continue
                if name in found:
                    replacements.append(Replacement("command", name, plugin,
                                                    found[name].plugin))
                found[name] = PluginCommand(name, command, plugin,
                                            self._versions.get(plugin, ""))
        self._cache["nosframe_commands"] = found
        return found

    def collect_all(self) -> None:
        """Call every hook once, so failures inside hooks are known (for listings)."""
        for hook_name in _KINDS:
            self._collect(hook_name)

    def info(self) -> list[PluginInfo]:
        out = []
        for name, plugin in self.pm.list_name_plugin():
            hooks = tuple(sorted(h.name for h in self.pm.get_hookcallers(plugin) or ()))
            out.append(PluginInfo(name, self._versions.get(name, ""),
                                  self._kinds.get(name, "registered"), hooks))
        return sorted(out, key=lambda p: (p.kind != "default", p.name))


# -- what plugins' callables return is checked where nosframe calls them ----------------------


def _credited(item: Any, plugin: str, version: str) -> Any:
    if isinstance(item, Library):
        return item.credited(plugin, version)
    return evolve(item, plugin=plugin, version=version)


def _guarded(item: Any) -> Any:
    if isinstance(item, Library):
        return GuardedLibrary(item)
    if isinstance(item, Exporter):
        return evolve(item, write=_guard_write(item))
    if isinstance(item, Importer):
        return evolve(item, read=_guard_read(item))
    return item  # presets are data; checks are checked by nosframe.checks.run_checks


def _calling(plugin: str, what: str, call: Callable[[], Any]) -> Any:
    """``call()``, with whatever it raises (a SystemExit too) turned into a PluginError;
    NosframeErrors (a plugin's own clear report about its input) pass through."""
    try:
        return call()
    except NosframeError:
        raise
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt):
            raise
        raise PluginError(f"{what} failed: {_error_text(exc)}", plugin=plugin) from exc


def _guard_write(exporter: Exporter) -> Callable[[Any], ExportResult]:
    write, who = exporter.write, f"exporter {exporter.name!r} from plugin {exporter.plugin!r}"

    def checked_write(composed: Any, **options: Any) -> ExportResult:
        result = _calling(exporter.plugin, who, lambda: write(composed, **options))
        if not isinstance(result, ExportResult):
            raise PluginError(f"{who}: write() returned {_describe(result)}, not an "
                              "ExportResult", plugin=exporter.plugin,
                              hint="return nosframe.registry.ExportResult(content, losses); "
                                   f"or leave it out with --disable-plugin {exporter.plugin}")
        if not isinstance(result.content, (str, bytes)):
            raise PluginError(f"{who}: the export's content is {_describe(result.content)}, "
                              "not text or bytes", plugin=exporter.plugin)
        if isinstance(result.losses, (str, bytes)) or not all(
                isinstance(loss, str) for loss in result.losses):
            raise PluginError(f"{who}: losses must be a list of strings, got "
                              f"{_describe(result.losses)}", plugin=exporter.plugin)
        return result

    return checked_write


def _guard_read(importer: Importer) -> Callable[[Path], ImportResult]:
    read, who = importer.read, f"importer {importer.name!r} from plugin {importer.plugin!r}"

    def checked_read(path: Path) -> ImportResult:
        result = _calling(importer.plugin, who, lambda: read(path))
        problem = ""
        if not isinstance(result, ImportResult):
            problem = f"read() returned {_describe(result)}, not an ImportResult"
        elif not isinstance(result.framework, Framework):
            problem = f"read() returned a framework that is {_describe(result.framework)}"
        else:
            bad = [f for f in result.findings
                   if not isinstance(f, Finding) or not isinstance(f.severity, Severity)]
            if bad:
                problem = f"read() returned findings that are not Findings: {_describe(bad[0])}"
        if problem:
            raise PluginError(f"{who}: {problem}", plugin=importer.plugin,
                              hint="return nosframe.registry.ImportResult(framework, findings);"
                                   " nosframe.io.structure(data, path) makes the framework; or "
                                   f"leave it out with --disable-plugin {importer.plugin}")
        return result

    return checked_read


class GuardedLibrary(Library):
    """A plugin's library as nosframe calls it: what it returns is checked, what it raises
    becomes a :class:`PluginError` naming the plugin."""

    def __init__(self, inner: Library):  # no super().__init__: the inner library is the data
        self.inner = inner
        self.name, self.title = inner.name, inner.title
        self.plugin, self.version = inner.plugin, inner.version

    def _wrong(self, what: str, got: Any, expected: str) -> PluginError:
        return PluginError(
            f"library {self.name!r} from plugin {self.plugin!r}: {what} returned "
            f"{_describe(got)}, expected {expected}", plugin=self.plugin,
            hint="return nosframe.model.Standard objects; or leave it out with "
                 f"--disable-plugin {self.plugin}")

    def _call(self, what: str, call: Callable[[], Any]) -> Any:
        return _calling(self.plugin, f"library {self.name!r} from plugin {self.plugin!r}: "
                                     f"{what}", call)

    def get(self, key: str) -> Standard | None:
        found = self._call(f"get({key!r})", lambda: self.inner.get(key))
        if found is not None and not isinstance(found, Standard):
            raise self._wrong(f"get({key!r})", found, "a Standard or None")
        return found

    def search(self, text: str, limit: int = 50) -> list[Standard]:
        found = self._call(f"search({text!r})", lambda: self.inner.search(text, limit=limit))
        if not isinstance(found, (list, tuple)) or not all(
                isinstance(s, Standard) for s in found):
            raise self._wrong(f"search({text!r})", found, "a list of Standards")
        return list(found)[:limit]

    def size(self) -> int:
        found = self._call("size()", self.inner.size)
        if not isinstance(found, int) or isinstance(found, bool) or found < 0:
            raise self._wrong("size()", found, "a whole number")
        return found

    def source_of(self, key: str) -> str:
        """Where the library says a standard comes from; "" when it fails or says nothing
        usable (only recorded beside a copy of the standard, so never worth a failure)."""
        source_of = getattr(self.inner, "source_of", None)
        if not callable(source_of):
            return ""
        try:
            found = self._call(f"source_of({key!r})", lambda: source_of(key))
        except NosframeError:
            return ""
        return found.strip() if isinstance(found, str) else ""

    def credited(self, plugin: str, version: str) -> Library:
        return GuardedLibrary(self.inner.credited(plugin, version))

    @property
    def cache_stamp(self) -> Any:
        """The inner library's ``cache_stamp`` (what changes when what ``get`` returns may
        change), called safely: one that fails or gives no string is None, so nothing is
        cached (:mod:`nosframe.compose.cache`). Without it here, no framework was ever cached
        while the national library was installed."""
        stamp = getattr(self.inner, "cache_stamp", None)
        if not callable(stamp):
            return stamp if isinstance(stamp, str) and stamp else None

        def guarded() -> str | None:
            try:
                found = stamp()
            except Exception:
                return None
            return found if isinstance(found, str) and found else None

        return guarded


# -- loading ----------------------------------------------------------------------------------


def _import_default(plugins: Plugins, disabled: set[str]) -> None:
    for dotted in DEFAULT_PLUGINS:
        if dotted in disabled or dotted.rsplit(".", 1)[-1] in disabled:
            continue
        try:
            module = importlib.import_module(dotted)
        except Exception as exc:  # a broken install must not stop the rest from working
            plugins.failed(dotted, "import", _error_text(exc))
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
        except BaseException as exc:  # SystemExit at import is the plugin's failure
            if isinstance(exc, KeyboardInterrupt):
                raise
            plugins.failed(ep.name, "import", _error_text(exc))
            continue
        plugins.register(module, ep.name, kind="entry point", version=version)


def _load_folder(plugins: Plugins, folder: Path, disabled: set[str]) -> None:
    if not folder.is_dir():
        plugins.failed(str(folder), "import", "plugins folder not found")
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
        except BaseException as exc:  # SystemExit at import is the plugin's failure
            sys.modules.pop(module_name, None)
            if isinstance(exc, KeyboardInterrupt):
                raise
            plugins.failed(name, "import", _error_text(exc))
            continue
        plugins.register(module, name, kind="local", version="local")


def load_plugins(*, plugins_dir: str | os.PathLike | None = None,
                 disabled: Iterable[str] = (), entry_points: bool = True,
                 extra: Iterable[tuple[str, Any]] = ()) -> Plugins:
    """Build the plugin manager.

    ``plugins_dir`` (or ``NOSFRAME_PLUGINS_DIR``) is the only way a local folder is loaded.
    ``extra`` registers (name, plugin object) pairs, last, which is how tests add plugins.
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


__all__: list[str] = ["DEFAULT_PLUGINS", "ENTRY_POINT_GROUP", "GuardedLibrary", "PluginCommand",
                      "PluginError", "PluginFailure", "PluginInfo", "Plugins", "Replacement",
                      "hookimpl", "load_plugins"]
