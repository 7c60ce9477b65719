"""nosframe: compose National Occupational Standards with an organisation's values and
behaviours into a checked professional development framework.

The API most integrators need::

    import nosframe

    composed = nosframe.load("frameworks/northshire-police.toml")
    for finding in nosframe.check(composed):
        print(finding)
"""

from __future__ import annotations

from typing import Any

from nosframe.compose import Composed, compose, load, recompose
from nosframe.hookspecs import hookimpl
from nosframe.io import LoadError, NosframeError, dumps, load_document, save
from nosframe.model import Finding, Framework, Severity


def check(composed: Composed, plugins: Any = None, **kwargs: Any) -> list[Finding]:
    """Run every registered check on a composed framework (see :func:`nosframe.checks.run_checks`)."""
    from nosframe.checks import run_checks
    from nosframe.plugins import load_plugins

    return run_checks(composed, plugins if plugins is not None else load_plugins(), **kwargs)


__all__ = ["Composed", "Finding", "Framework", "LoadError", "NosframeError", "Severity", "check",
           "compose", "dumps", "hookimpl", "load", "load_document", "recompose", "save"]
