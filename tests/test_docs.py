"""docs/format.md describes every key of every table; the README keeps its two commands."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest

from nosframe import model

ROOT = Path(__file__).parents[1]
FORMAT = (ROOT / "docs" / "format.md").read_text()

SECTIONS = {
    "FrameworkInfo": "## `[framework]`", "Source": "## `[[sources]]`", "Level": "## `[[levels]]`",
    "Value": "## `[[values]]`", "Behaviour": "## `[[behaviours]]`",
    "Standard": "## `[[standards]]`", "Criterion": "## `[[standards]]`",
    "CriteriaGroup": "## `[[standards]]`", "Role": "## `[[roles]]`",
    "Mapping": "## `[[mappings]]`",
    "Override": "## `[[overrides]]`",
    "LockedStandard": "## `[[library_lock]]`",
}


def section(heading: str) -> str:
    start = FORMAT.index(heading)
    end = FORMAT.find("\n## ", start + 1)
    return FORMAT[start:end if end > 0 else None]


@pytest.mark.parametrize("cls", sorted(SECTIONS))
def test_every_key_is_documented(cls):
    text = section(SECTIONS[cls])
    for field in attrs.fields(getattr(model, cls)):
        assert f"`{field.name}`" in text, f"{cls}.{field.name} missing from docs/format.md"


def test_framework_tables_are_documented():
    for field in attrs.fields(model.Framework):
        if field.name != "framework":
            assert f"[[{field.name}]]" in FORMAT


def test_readme_opens_with_two_commands():
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", readme, re.S)
    first = [line for line in blocks[0].splitlines() if line and not line.startswith("#")]
    assert first == ["./dev run", "./dev test"]
    ci = (ROOT / ".ci" / "run").read_text()
    assert "./dev test" in ci


def test_format_example_checks_clean(tmp_path):
    """The example in docs/format.md composes against the installed policing preset."""
    import nosframe
    from nosframe.model import Severity
    from nosframe.plugins import load_plugins

    plugins = load_plugins()
    if "policing" not in plugins.presets():
        pytest.fail("the policing plugin is not installed: run ./dev test, which installs it")
    example = re.search(r"## Example\n\n```toml\n(.*?)```", FORMAT, re.S).group(1)
    path = tmp_path / "example.toml"
    path.write_text(example)
    composed = nosframe.load(path, plugins)
    errors = [f for f in nosframe.check(composed, plugins) if f.severity is Severity.ERROR]
    assert errors == []
    assert composed.framework.roles[-1].id == "neighbourhood-sergeant"
    assert composed.provenance_of("role", "pcso").overridden
