"""The editor's actions that run dialog flows, one module a theme, as mixins of
:class:`~nosframe.tui.app.NosframeApp` (which holds the state: ``session``, ``main``,
``selection`` ...):

* :mod:`.files`: save (file changed on disk; only what was edited changes), quit with
  unsaved changes, recovery after a crash;
* :mod:`.elements`: add, rename, retitle, delete (after showing what uses it), revert overrides;
* :mod:`.combine`: the NOS picker and the mapping editor.
"""
