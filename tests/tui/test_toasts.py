"""Notifications never hide a dialog's title."""

from __future__ import annotations

import pytest

from nosframe.tui.selection import Item


def _toasts(app):
    from textual.widgets._toast import Toast

    return [t.region for t in app.screen.query(Toast)]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_notification_does_not_hide_the_title_of_a_dialog_opened_after_it(
        make_app, force_file, settle, tree_to, keys, size):
    app = make_app(force_file)
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("role", "custody-officer"))
        app.notify("a notification about what was done before " * 3)
        await keys(pilot, "f9")  # the gap view, whose title is as wide as the screen's half
        await settle(pilot)
        assert type(app.screen).__name__ == "GapScreen"
        title = app.screen.query_one(".dialog-title").region
        toasts = _toasts(app)
        assert toasts, "the notification is shown over the dialog"
        assert not any(t.overlaps(title) for t in toasts), (title, toasts)
        await keys(pilot, "escape")
        # a confirmation, and a notification raised while it is open
        await keys(pilot, "ctrl+b", "d")
        assert type(app.screen).__name__ == "ChoiceScreen"
        app.notify("another notification, raised over the dialog " * 3)
        await settle(pilot)
        title = app.screen.query_one(".dialog-title").region
        toasts = _toasts(app)
        assert toasts and not any(t.overlaps(title) for t in toasts), (title, toasts)
        await keys(pilot, "escape")
