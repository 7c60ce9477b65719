"""Progression: the gap view between two roles (``g`` in the tree, F9, the palette) and the
progression ladder drawn (the palette)."""

from __future__ import annotations

from nosframe.tui.guard import guarded
from nosframe.tui.screens.gap import GapScreen
from nosframe.tui.screens.ladder import LadderScreen


class ProgressionActions:
    """Mixin of :class:`~nosframe.tui.screens.main.MainScreen`."""

    @guarded
    def action_show_gap(self) -> None:
        composed = self.session.ensure_composed()
        roles = composed.framework.roles
        if len(roles) < 2:
            self.notify("the gap view compares two roles: the framework has "
                        f"{len(roles)}", severity="warning")
            return
        ids = [r.id for r in roles]
        start = self._role_in_context() or ids[0]
        role = next(r for r in roles if r.id == start)
        onward = [r for r in role.progresses_to if r in ids and r != start]
        to = onward[0] if onward else next(i for i in ids if i != start)
        self.app.push_screen(GapScreen(composed.framework, start, to))

    @guarded
    def action_show_ladder(self) -> None:
        self.app.push_screen(LadderScreen(self.session.ensure_composed().framework))


__all__ = ["ProgressionActions"]
