"""The hooks a nosframe plugin can implement (docs/plugins.md shows each with an example).

Every hook that contributes things takes a ``register`` callback, so each contribution is credited
to the plugin that made it (shown by ``nosframe plugins`` and in provenance). Implement a hook by
decorating a module-level function with :data:`nosframe.hookimpl` and exposing the module through
the ``nosframe`` entry-point group::

    from nosframe import hookimpl
    from nosframe.registry import Preset

    @hookimpl
    def nosframe_presets(register):
        register(Preset(id="my-sector", title="My sector", path=DATA / "my-sector.toml"))

The types passed to ``register`` live in :mod:`nosframe.registry`. Built-in checks, formats and
the national library are registered through these same hooks by default plugins, which load
first: a plugin registering a check, importer, exporter or library under a name already used
replaces it (``nosframe plugins`` says so).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

import pluggy

if TYPE_CHECKING:  # pragma: no cover - types only
    import click

    from nosframe.registry import Check, Correspondence, Exporter, Importer, Library, Preset

hookspec = pluggy.HookspecMarker("nosframe")
hookimpl = pluggy.HookimplMarker("nosframe")


@hookspec
def nosframe_presets(register: Callable[[Preset], None]) -> None:
    """Register presets: framework TOML files an organisation can ``extends = [id]``.

    Call ``register(Preset(id, title, path, description=...))`` once per preset. A preset is an
    ordinary framework file shipped as package data; it may itself extend other presets by id.
    A preset id registered twice keeps the first (frameworks depend on it) and reports the
    second.
    """


@hookspec
def nosframe_checks(register: Callable[[Check], None]) -> None:
    """Register checks run by ``nosframe check``, the TUI's problems panel and the API.

    Call ``register(Check(name, run, codes={...}))``. ``run(ctx: CheckContext)`` yields
    :class:`nosframe.model.Finding` objects (made with ``ctx.finding``); each finding code must
    be one of ``codes``, which maps a stable code (``XY123``) to a one-line description. A check
    that raises is reported as a finding naming the plugin, and the other checks still run; so
    is one that yields something that is not a Finding with a Severity. A check with the name
    of a built-in one (``coverage``) replaces it.
    """


@hookspec
def nosframe_importers(register: Callable[[Importer], None]) -> None:
    """Register importers for ``nosframe import FILE --from NAME``.

    Call ``register(Importer(name, title, read))``; ``read(path)`` returns an
    :class:`ImportResult` holding a :class:`nosframe.model.Framework` and the findings met while
    reading (rows that could not be normalised, values guessed, ...). Build the framework from
    plain data with :func:`nosframe.io.structure`, which raises ``LoadError`` with locations.
    """


@hookspec
def nosframe_exporters(register: Callable[[Exporter], None]) -> None:
    """Register exporters for ``nosframe export PATH --to NAME``.

    Call ``register(Exporter(name, title, suffix, write))``; ``write(composed)`` returns an
    :class:`ExportResult` with the bytes or text and a list of ``losses``: everything the format
    could not carry, which nosframe reports to the user.
    """


@hookspec
def nosframe_libraries(register: Callable[[Library], None]) -> None:
    """Register libraries of standards that frameworks can pull NOS from by code.

    Register a :class:`nosframe.registry.Library` subclass instance, or
    ``Library(name, title, get, search, size)``. ``get(key)`` returns the
    :class:`nosframe.model.Standard` whose normalised code is ``key`` or ``None``; it is called
    only for codes a framework references but does not define, so opening a framework costs what
    it references, not the size of the library. ``search(text, limit=50)`` returns a list of
    standards for pickers; ``size()`` how many the library holds.
    """


@hookspec
def nosframe_commands(cli: click.Group) -> None:
    """Add commands to the ``nosframe`` command line.

    Decorate functions with ``@cli.command()`` (or ``cli.add_command(...)``, ``@cli.group()``):
    ``nosframe my-command`` then runs them, and ``nosframe --help`` lists them. ``cli`` is a
    group of the plugin's own, so its commands are credited to it; a name nosframe already uses
    (``check``, ``export``, ...) is refused and reported, and an error in a command is reported
    naming the plugin.
    """


@hookspec
def nosframe_correspondences(register: Callable[[Correspondence], None]) -> None:
    """Register correspondences between presets, for ``nosframe migrate``.

    Call ``register(Correspondence(from_preset, to_preset, mapping, notes=..., source=...))``:
    ``mapping`` maps ``"kind:id"`` of the old preset to a list of ``"kind:id"`` of the new one
    (``{"behaviour:we-are-collaborative": ["behaviour:we-collaborate"]}``). One target is a
    rename migrate applies; several or none are left to a person, with the note. A
    correspondence registered again for the same two presets replaces the earlier one.
    """
