"""The progression ladder view, through Pilot: the palette's action opens it (the drawing is
tested headless in tests/test_pictures.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

MINI = Path(__file__).parents[1] / "data" / "mini.toml"


async def test_the_palette_opens_the_ladder(make_app, tmp_path, settle, keys):
    path = tmp_path / "mini.toml"
    shutil.copy(MINI, path)
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "show_ladder" in [action for _, action, _ in app.main.palette_actions()]
        await app.main.run_action("show_ladder")
        await pilot.pause()
        assert type(app.screen).__name__ == "LadderScreen"
        text = app.screen.text()
        assert "Police sergeant" in text and "Police constable" in text
        assert text.index("Police sergeant") < text.index("Police constable")  # up the ladder
        assert "┌" in text and "▲" in text
        await keys(pilot, "escape")
        assert app.screen is app.main
