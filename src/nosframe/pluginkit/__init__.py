"""Tools for sector bodies publishing plugins: a scaffold (``nosframe plugin init``) and a
linter (``nosframe plugin lint``) that checks a plugin before it is published."""

from nosframe.pluginkit.lint import LINT_CODES, lint_plugin
from nosframe.pluginkit.scaffold import scaffold_plugin

__all__ = ["LINT_CODES", "lint_plugin", "scaffold_plugin"]
