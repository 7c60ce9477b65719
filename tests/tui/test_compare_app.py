"""nosframe compare A B --tui: the table of role pairs and the highlighted pair's differences."""

from __future__ import annotations

import nosframe
from nosframe.analysis.compare import compare

A = """
[framework]
id = "a"
[[standards]]
code = "SFJAA1"
title = "Promote equality"
[[standards]]
code = "SFJZZ1"
title = "Archive things"
[[roles]]
id = "clerk"
title = "Clerk"
standards = ["SFJAA1", "SFJZZ1"]
[[roles]]
id = "archivist"
title = "Archivist"
standards = ["SFJZZ1"]
"""
B = """
[framework]
id = "b"
[[standards]]
code = "SFJ AA1"
title = "Promote equality"
[[roles]]
id = "officer"
title = "Officer"
standards = ["sfjaa1"]
"""


def _frameworks(tmp_path):
    (tmp_path / "a.toml").write_text(A)
    (tmp_path / "b.toml").write_text(B)
    return tmp_path / "a.toml", tmp_path / "b.toml"


async def test_compare_screen_shows_the_pairs_and_the_selected_pairs_differences(
        tmp_path, plugins, settle, keys):
    from nosframe.tui.compare_app import CompareApp

    a, b = _frameworks(tmp_path)
    app = CompareApp(compare(nosframe.load(a, plugins), nosframe.load(b, plugins)))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.query_one("#pairs")
        assert table.row_count == 2
        assert (app.selected.a, app.selected.b, app.selected.score) == ("clerk", "officer", 0.5)
        text = str(app.query_one("#pair-text").render())
        assert "SFJAA1" in text and "Only A's role requires" in text and "SFJZZ1" in text
        await keys(pilot, "down")
        assert (app.selected.a, app.selected.score) == ("archivist", 0.0)
        assert "Both require\n  nothing" in str(app.query_one("#pair-text").render())
        await keys(pilot, "q")
    assert not app.is_running


def test_nosframe_compare_tui_opens_the_screen(tmp_path, plugins, monkeypatch, cli_run):
    """The wiring: --tui hands the comparison to the app (App.run replaced: the terminal is
    not taken over)."""
    from nosframe.tui.compare_app import CompareApp

    apps = []
    monkeypatch.setattr(CompareApp, "run", lambda self, *a, **k: apps.append(self))
    a, b = _frameworks(tmp_path)
    result = cli_run("compare", a, b, "--tui")
    assert result.exit_code == 0, result.output
    (app,) = apps
    assert (app.comparison.a, app.comparison.b) == ("a", "b")
