"""The model, files, composition, checks, analysis and the CLI never import Textual."""

from __future__ import annotations

import subprocess
import sys

HEADLESS = ["nosframe", "nosframe.model", "nosframe.io", "nosframe.compose", "nosframe.checks",
            "nosframe.analysis", "nosframe.graph", "nosframe.plugins", "nosframe.cli",
            "nosframe.cli.edit", "nosframe.editing.session", "nosframe.editing.rules",
            "nosframe.tui.fields", "nosframe.editing.catalogue", "nosframe.tui.config"]


def test_headless_modules_do_not_import_textual():
    code = ("import sys\n"
            f"for name in {HEADLESS!r}:\n"
            "    __import__(name)\n"
            "loaded = sorted(m for m in sys.modules if m == 'textual' or "
            "m.startswith('textual.'))\n"
            "print(','.join(loaded))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "", f"textual imported: {result.stdout[:200]}"


def test_the_tui_itself_does_use_textual():
    code = "import sys, nosframe.tui.app; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "True"
