"""The terminal editor (``nosframe edit``), built on Textual.

Nothing outside this package imports Textual: the model, files, composition and checks stay
headless (a test imports them and asserts ``textual`` is absent from ``sys.modules``).
The editing rules live in :mod:`nosframe.editing` (headless); :mod:`nosframe.tui.fields` and
:mod:`nosframe.tui.config` are headless too; only the widgets, screens and app use Textual.
"""
