"""The hooks a nosframe plugin can implement.

Every hook that contributes things takes a ``register`` callback, so each contribution is credited
to the plugin that made it (shown by ``nosframe plugins`` and in provenance). Implement a hook by
decorating a module-level function with :data:`nosframe.hookimpl` and exposing the module through
the ``nosframe`` entry-point group::

    from nosframe import hookimpl
    from nosframe.registry import Preset

    @hookimpl
    def nosframe_presets(register):
        register(Preset(id="my-sector", title="My sector", path=DATA / "my-sector.toml"))

The types passed to ``register`` live in :mod:`nosframe.registry`.
"""

from __future__ import annotations

from typing import Callable

import pluggy

hookspec = pluggy.HookspecMarker("nosframe")
hookimpl = pluggy.HookimplMarker("nosframe")


@hookspec
def nosframe_presets(register: Callable) -> None:
    """Register presets: framework TOML files an organisation can ``extends = [id]``.

    Call ``register(Preset(id, title, path, description=...))`` once per preset. A preset is an
    ordinary framework file shipped as package data; it may itself extend other presets by id.
    """


@hookspec
def nosframe_checks(register: Callable) -> None:
    """Register checks run by ``nosframe check``, the TUI's problems panel and the API.

    Call ``register(Check(name, run, codes={...}))``. ``run(ctx: CheckContext)`` yields
    :class:`nosframe.checks.Finding` objects; each finding code must be one of ``codes``, which
    maps a stable code (``XY123``) to a one-line description. A check that raises is reported as
    a finding naming the plugin, and the other checks still run.
    """


@hookspec
def nosframe_importers(register: Callable) -> None:
    """Register importers for ``nosframe import FILE --from NAME``.

    Call ``register(Importer(name, title, read))``; ``read(path)`` returns an
    :class:`ImportResult` holding a :class:`nosframe.model.Framework` and the findings met while
    reading (rows that could not be normalised, values guessed, ...).
    """


@hookspec
def nosframe_exporters(register: Callable) -> None:
    """Register exporters for ``nosframe export PATH --to NAME``.

    Call ``register(Exporter(name, title, suffix, write))``; ``write(composed)`` returns an
    :class:`ExportResult` with the bytes or text and a list of ``losses``: everything the format
    could not carry, which nosframe reports to the user.
    """


@hookspec
def nosframe_libraries(register: Callable) -> None:
    """Register libraries of standards that frameworks can pull NOS from by code.

    Call ``register(Library(name, title, get, search))``. ``get(key)`` returns the
    :class:`nosframe.model.Standard` whose normalised code is ``key`` or ``None``; it is called
    only for codes a framework references but does not define, so opening a framework costs what
    it references, not the size of the library. ``search(query)`` returns standards for pickers.
    """
