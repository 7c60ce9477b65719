"""nosframe plugin: the ``justice-common`` and ``community-justice`` presets.

``justice-common`` holds the generic NOS every justice framework shares (other justice plugins
extend it); ``community-justice`` adds victims and witnesses, restorative practice, community
safety, youth justice and unpaid work, with role templates. Facts and sources: ``SOURCES.md``.
"""

from __future__ import annotations

from pathlib import Path

from nosframe import hookimpl
from nosframe.registry import Preset

__version__ = "0.1.0"

DATA = Path(__file__).parent / "data"

PRESETS = (
    Preset(id="justice-common", title="Justice sector common standards",
           path=DATA / "justice-common.toml",
           description="Generic justice NOS shared by every justice framework "
                       "(equality, communication, team working, own development, ...)."),
    Preset(id="community-justice", title="Community justice",
           path=DATA / "community-justice.toml",
           description="Victims and witnesses, restorative practice, community safety, youth "
                       "justice and unpaid work NOS with role templates; extends "
                       "justice-common."),
)


@hookimpl
def nosframe_presets(register) -> None:
    for preset in PRESETS:
        register(preset)
