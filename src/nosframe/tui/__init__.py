"""The terminal editor (``nosframe edit``), built on Textual.

Nothing outside this package imports Textual: the model, files, composition and checks stay
headless (a test imports them and asserts ``textual`` is absent from ``sys.modules``).
:mod:`nosframe.tui.session`, :mod:`nosframe.tui.edits`, :mod:`nosframe.tui.fields` and
:mod:`nosframe.tui.catalogue` are headless too; only the widgets, screens and app use Textual.
"""
