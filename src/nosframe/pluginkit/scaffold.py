"""``nosframe plugin init NAME``: a plugin package that installs, loads, lints and tests clean."""

from __future__ import annotations

import re
from pathlib import Path

from nosframe.io import NosframeError, atomic_write, dumps
from nosframe.model import (
    Behaviour,
    Framework,
    FrameworkInfo,
    FrameworkStatus,
    Level,
    Role,
    Source,
    TextOrigin,
    Value,
)

_NAME = re.compile(r"^[a-z][a-z0-9-]*[a-z0-9]$")

#: placeholder licences the scaffold writes; ``nosframe plugin lint`` warns (PL011) while they
#: remain. The pyproject one is a valid SPDX expression (a ``LicenseRef-``), so the package
#: installs before a licence is chosen.
PLACEHOLDER_LICENCE = "CHOOSE A LICENCE"
PLACEHOLDER_SPDX = "LicenseRef-Choose-A-Licence"


def _names(name: str) -> tuple[str, str, str]:
    """(distribution name, module name, preset id) for a plugin called ``name``."""
    preset = name.removeprefix("nosframe-")
    dist = f"nosframe-{preset}"
    return dist, dist.replace("-", "_"), preset


def starter_preset(preset_id: str, title: str) -> Framework:
    """A small preset with no invented facts: the organisation fills in real sources."""
    return Framework(
        FrameworkInfo(id=preset_id, title=title, version="0.1.0", status=FrameworkStatus.DRAFT,
                      licence=f"{PLACEHOLDER_LICENCE} for this preset's own structure and text",
                      description="Replace this starter content with your sector's presets."),
        sources=(Source(id="own-work", title=f"{title}: structure written by the plugin's authors",
                        licence=PLACEHOLDER_LICENCE,
                        notes="Add one [[sources]] entry per public source of facts (NOS list "
                              "exports, published behaviour frameworks), with its licence, and "
                              "say what is verbatim, paraphrased or unconfirmed."),),
        levels=(Level(1, "Practitioner"), Level(2, "Supervisor")),
        values=(Value("example-value", "Example value", "Replace with a real value.",
                      text_origin=TextOrigin.ORGANISATION),),
        behaviours=(Behaviour("example-behaviour", "Example behaviour", "Example cluster",
                              values=("example-value",),
                              levels={1: ("Replace with a level 1 indicator",),
                                      2: ("Replace with a level 2 indicator",)},
                              text_origin=TextOrigin.ORGANISATION),),
        roles=(Role("example-role", "Example role", purpose="Replace with a real role template.",
                    behaviours={"example-behaviour": 1}),),
    )


def scaffold_plugin(name: str, parent: Path) -> Path:
    """Write the plugin folder ``parent/<dist name>``; refuses to overwrite anything."""
    if not _NAME.match(name):
        raise NosframeError(f"plugin name {name!r} is not lower-case kebab-case",
                            hint="e.g. `nosframe plugin init fire-and-rescue`")
    dist, module, preset = _names(name)
    root = parent / dist
    if root.exists():
        raise NosframeError(f"{root} already exists", hint="choose another name or folder")
    title = preset.replace("-", " ").capitalize()
    files = {
        "pyproject.toml": PYPROJECT.format(dist=dist, module=module, preset=preset, title=title,
                                           licence=PLACEHOLDER_SPDX),
        "README.md": README.format(dist=dist, module=module, preset=preset, title=title),
        "SOURCES.md": SOURCES.format(dist=dist, preset=preset),
        f"src/{module}/__init__.py": INIT.format(dist=dist, preset=preset, title=title),
        f"src/{module}/data/{preset}.toml": dumps(starter_preset(preset, title)),
        "tests/test_presets.py": TEST.format(module=module, preset=preset),
    }
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, text)
    return root


# setuptools 77 is the first to accept a PEP 639 licence expression (``license = "MIT"``)
PYPROJECT = '''[build-system]
requires = ["setuptools>=77"]
build-backend = "setuptools.build_meta"

[project]
name = "{dist}"
version = "0.1.0"
description = "nosframe presets: {title}"
readme = "README.md"
requires-python = ">=3.11"
license = "{licence}"
dependencies = ["nosframe>=0.1"]

[project.optional-dependencies]
test = ["pytest>=8.3"]

[project.entry-points.nosframe]
{preset} = "{module}"

[tool.setuptools.packages.find]
where = ["src"]

[tool.setuptools.package-data]
{module} = ["data/*.toml"]
'''

INIT = '''"""nosframe plugin {dist}: presets for {title}."""

from __future__ import annotations

from pathlib import Path

from nosframe import hookimpl
from nosframe.registry import Preset

DATA = Path(__file__).parent / "data"


@hookimpl
def nosframe_presets(register) -> None:
    register(Preset(id="{preset}", title="{title}", path=DATA / "{preset}.toml"))
'''

TEST = '''"""Every preset of this plugin composes and checks without errors."""

import {module} as plugin
from nosframe.plugins import load_plugins
from nosframe.testing import preset_problems


def test_presets_are_clean():
    plugins = load_plugins(entry_points=False, extra=[("{preset}", plugin)])
    assert plugins.failures == []
    assert preset_problems(plugins, "{preset}", plugin="{preset}") == []
'''

README = '''# {dist}

A [nosframe](https://pypi.org/project/nosframe/) plugin with presets for {title}.

```sh
pip install -e .            # then: nosframe presets
nosframe plugin lint .      # before publishing
pytest tests
```

Preset `{preset}`: `src/{module}/data/{preset}.toml`. Sources and licences: `SOURCES.md`.
'''

SOURCES = '''# Sources of {dist}

List every public source the preset `{preset}` takes facts from, with its licence, and say
what is verbatim, paraphrased or could not be confirmed. Keep this in step with the `[[sources]]`
tables of the data files.
'''
