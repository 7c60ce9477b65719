"""An integrator composes a framework, checks it and reads provenance.

    python examples/compose_and_check.py [PATH]     (default: the bundled example framework)
"""

import sys
from pathlib import Path

import nosframe

path = Path(sys.argv[1] if len(sys.argv) > 1 else
            Path(__file__).parents[1] / "frameworks" / "northshire-police.toml")
composed = nosframe.load(path)  # resolves extends (presets, files), overrides, libraries
fw = composed.framework
print(f"{fw.framework.title}: {len(fw.roles)} roles, {len(fw.standards)} standards, "
      f"{len(fw.behaviours)} behaviours")
for role in fw.roles:
    origin = composed.provenance_of("role", role.id).origin
    print(f"  {role.id:<32} from {origin}")
findings = nosframe.check(composed)
errors = [f for f in findings if f.severity is nosframe.Severity.ERROR]
print(f"{len(errors)} errors, {len(findings) - len(errors)} warnings/info")
sys.exit(1 if errors else 0)
