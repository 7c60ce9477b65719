"""Analyses built on the composed model and its graph: coverage, role profiles, where-used."""

from nosframe.analysis.coverage import Cell, CoverageMatrix, coverage_matrix
from nosframe.analysis.profile import role_profile

__all__ = ["Cell", "CoverageMatrix", "coverage_matrix", "role_profile"]
