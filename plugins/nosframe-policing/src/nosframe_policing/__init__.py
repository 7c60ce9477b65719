"""nosframe plugin: policing presets.

``policing`` (the default) is the College of Policing Competency and Values Framework 2024;
``policing-cvf-2016`` the legacy 2016 edition; ``policing-scotland`` and
``policing-northern-ireland`` follow the 2016 structure with their own values. All extend
``policing-nos`` (policing-relevant NOS), which extends ``justice-common`` from
nosframe-community-justice. The 2016 -> 2024 correspondence is plugin data:
:func:`correspondence`. Facts, licences and what is unconfirmed: ``SOURCES.md``.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from nosframe import hookimpl
from nosframe.registry import Correspondence, Preset

__version__ = "0.1.0"

DATA = Path(__file__).parent / "data"
CORRESPONDENCE = DATA / "cvf-2016-to-2024.toml"

PRESETS = (
    Preset(id="policing-nos", title="Policing-relevant National Occupational Standards",
           path=DATA / "policing-nos.toml",
           description="Policing NOS shared by the policing presets; extends justice-common."),
    Preset(id="policing", title="Policing (England and Wales): CVF 2024",
           path=DATA / "policing-cvf-2024.toml",
           description="College of Policing CVF 2024 (names only), policing NOS and role "
                       "templates."),
    Preset(id="policing-cvf-2016", title="Policing (England and Wales): CVF 2016 (legacy)",
           path=DATA / "policing-cvf-2016.toml",
           description="The 2016 CVF (names only), policing NOS and role templates."),
    Preset(id="policing-scotland", title="Policing in Scotland: Police Scotland values and CVF",
           path=DATA / "policing-scotland.toml",
           description="Police Scotland values on the 2016 CVF structure."),
    Preset(id="policing-northern-ireland", title="Policing in Northern Ireland: PSNI CVF",
           path=DATA / "policing-northern-ireland.toml",
           description="PSNI on the 2016 CVF structure (value names unconfirmed)."),
)


@hookimpl
def nosframe_presets(register) -> None:
    for preset in PRESETS:
        register(preset)


@hookimpl
def nosframe_correspondences(register) -> None:
    """The 2016 -> 2024 correspondence of ``cvf-2016-to-2024.toml``, for ``nosframe migrate
    FILE --from policing-cvf-2016 --to policing`` (editorial; see CORRESPONDENCE.md)."""
    rows = correspondence()
    register(Correspondence(
        "policing-cvf-2016", "policing", {row["from"]: row["to"] for row in rows},
        notes={row["from"]: row.get("note", "") for row in rows},
        title="CVF 2016 -> CVF 2024 (nosframe editorial correspondence, not the College's)",
        source="nosframe-policing CORRESPONDENCE.md, data/cvf-2016-to-2024.toml"))


def correspondence() -> list[dict]:
    """The editorial CVF 2016 -> 2024 correspondence: ``[{"from", "to", "note"}, ...]``.

    ``from`` is a ``kind:id`` of preset ``policing-cvf-2016``; ``to`` lists ``kind:id`` of
    preset ``policing``. Not an official College of Policing mapping (see CORRESPONDENCE.md).
    """
    with CORRESPONDENCE.open("rb") as handle:
        return tomllib.load(handle)["correspond"]
