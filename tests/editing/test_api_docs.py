"""Every Python example in docs/api.md runs as written (from the repository root, with the
installed plugins and no national library)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
API = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", API, re.S)


def test_the_api_doc_has_examples():
    assert len(BLOCKS) >= 3


@pytest.mark.parametrize("n", range(len(BLOCKS)))
def test_api_doc_example_runs(n, tmp_path):
    code = BLOCKS[n].replace("/tmp/", f"{tmp_path}/")
    env = dict(os.environ, NOSFRAME_HOME=str(tmp_path / "home"))
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, env=env)
    assert result.returncode == 0, f"docs/api.md example {n + 1}:\n{result.stderr}"
    assert result.stdout.strip(), "an example prints what it shows"
