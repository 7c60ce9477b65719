"""Compose a framework and report behaviour coverage per role, in a dozen lines.

    python examples/coverage_report.py [PATH]
"""

import sys
from pathlib import Path

import nosframe
from nosframe.analysis import coverage_matrix

path = sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parents[1] / "frameworks" / "northshire-police.toml"
matrix = coverage_matrix(nosframe.load(path).framework)
for role in matrix.roles:
    cells = [matrix.cell(role, b) for b in matrix.behaviours if matrix.cell(role, b).level]
    gaps = [c.behaviour for c in cells if c.status.value == "gap"]
    print(f"{role:<32} {len(cells) - len(gaps)}/{len(cells)} behaviours evidenced"
          + (f"; gaps: {', '.join(gaps)}" if gaps else ""))
print(f"overall: {matrix.ratio:.0%} of required behaviours evidenced by mandatory NOS")
