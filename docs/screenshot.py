"""Regenerate docs/screenshot.svg: the editor on a copy of the bundled example framework.

    .venv/bin/python docs/screenshot.py            # writes docs/screenshot.svg
    .venv/bin/python docs/screenshot.py OUT.svg    # elsewhere

It drives the real app with Pilot like the snapshot tests do (a fixed theme and date, no
cursor blink, no notifications), with the installed plugins, and never touches the example
file itself: the session edits a copy in a temporary folder.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "frameworks" / "northshire-police.toml"
SIZE = (120, 36)
TODAY = dt.date(2026, 12, 1)


async def shoot(out: Path) -> None:
    from nosframe.plugins import load_plugins
    from nosframe.tui.app import NosframeApp
    from nosframe.editing.session import Session

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / EXAMPLE.name
        shutil.copy(EXAMPLE, path)
        session = Session.open(path, load_plugins(), today=TODAY)
        app = NosframeApp(session, theme="textual-dark", check_delay=0, journal_delay=0,
                          cursor_blink=False)
        app.animation_level = "none"
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            # an inherited role that the organisation's file overrides
            app.main.go_to("role", "pcso")
            for _ in range(3):
                await pilot.pause(0.2)
                for worker in list(app.workers):
                    if not worker.is_finished and worker.group in ("checks", "editor"):
                        await worker.wait()
            app.main.framework_tree.focus()
            app.clear_notifications()
            await pilot.pause(0.2)
            app.save_screenshot(filename=out.name, path=str(out.parent))
    print(f"wrote {out}")


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshot.svg"
    asyncio.run(shoot(target.resolve()))
