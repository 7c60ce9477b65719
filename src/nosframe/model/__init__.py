"""The nosframe model: frozen attrs classes, no I/O, no Textual.

Everything a framework file can say is one of these classes. Collections are tuples and changes
go through :func:`attrs.evolve`. Rules *between* objects (references, cycles, coverage) are not
validators here: they are checks (``nosframe.checks``), so a half-finished framework can still
be loaded, shown and edited.
"""

from nosframe.model.elements import (
    Acknowledgement,
    Behaviour,
    Category,
    CriteriaGroup,
    Criterion,
    Framework,
    FrameworkInfo,
    FrameworkStatus,
    Level,
    LockedStandard,
    Mapping,
    Override,
    OverrideAction,
    Role,
    Source,
    Standard,
    StandardStatus,
    TextOrigin,
    Validity,
    Value,
    element_key,
    normalise_code,
)
from nosframe.model.findings import Finding, FindingOrigin, Location, Severity
from nosframe.model.kinds import ELEMENT_KINDS, KINDS, Kind

__all__ = [
    "Acknowledgement",
    "ELEMENT_KINDS",
    "KINDS",
    "Kind",
    "Behaviour",
    "Category",
    "CriteriaGroup",
    "Criterion",
    "Finding",
    "FindingOrigin",
    "Location",
    "Severity",
    "Framework",
    "FrameworkInfo",
    "FrameworkStatus",
    "Level",
    "LockedStandard",
    "Mapping",
    "Override",
    "OverrideAction",
    "Role",
    "Source",
    "Standard",
    "StandardStatus",
    "TextOrigin",
    "Validity",
    "Value",
    "element_key",
    "normalise_code",
]
