"""nosframe plugin: the ``probation`` and ``civil-service-behaviours`` presets.

``civil-service-behaviours`` holds the nine Civil Service Success Profiles behaviours (no level
scale of its own); ``probation`` extends it and ``justice-common`` (from
nosframe-community-justice), with the Probation Institute register levels A-D as its scale 1-4.
Facts and sources: ``SOURCES.md``.
"""

from __future__ import annotations

from pathlib import Path

from nosframe import hookimpl
from nosframe.registry import Preset

__version__ = "0.1.0"

DATA = Path(__file__).parent / "data"

PRESETS = (
    Preset(id="civil-service-behaviours", title="Civil Service Success Profiles: behaviours",
           path=DATA / "civil-service-behaviours.toml",
           description="The nine Civil Service behaviours; bring your own level scale."),
    Preset(id="probation", title="Probation and rehabilitation services",
           path=DATA / "probation.toml",
           description="Probation NOS, Probation Institute register levels A-D (1-4), Civil "
                       "Service behaviours and role templates; extends justice-common and "
                       "civil-service-behaviours."),
)


@hookimpl
def nosframe_presets(register) -> None:
    for preset in PRESETS:
        register(preset)
