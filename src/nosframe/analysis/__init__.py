"""Analyses built on the composed model and its graph: coverage, role profiles, gaps
between roles, where-used."""

from nosframe.analysis.coverage import Cell, CoverageMatrix, coverage_matrix
from nosframe.analysis.gap import (
    BehaviourGap,
    Gap,
    Pathway,
    Pathways,
    StandardGap,
    gap,
    gap_data,
    pathways,
    pathways_data,
)
from nosframe.analysis.profile import role_profile

__all__ = ["BehaviourGap", "Cell", "CoverageMatrix", "Gap", "Pathway", "Pathways", "StandardGap",
           "coverage_matrix", "gap", "gap_data", "pathways", "pathways_data", "role_profile"]
