"""Build a framework in code, check it, and save it as canonical TOML.

    python examples/build_in_code.py OUT.toml
"""

import sys

import nosframe
from nosframe.model import Behaviour, Framework, FrameworkInfo, Level, Mapping, Role, Standard
from nosframe.model import Criterion, TextOrigin, Value

framework = Framework(
    FrameworkInfo(id="example-unit", title="Example Unit Framework", organisation="Example Unit"),
    levels=(Level(1, "Practitioner"), Level(2, "Supervisor")),
    values=(Value("fairness", "Fairness", text_origin=TextOrigin.ORGANISATION),),
    behaviours=(Behaviour("listens", "Listens", values=("fairness",),
                          levels={1: ("Listens before acting",), 2: ("Coaches others to listen",)}),),
    # an organisation's own local standard (not a NOS), so the example invents no NOS facts
    standards=(Standard("LOCAL1", "Run a team briefing",
                        performance=(Criterion("P1", "Plan the briefing"),
                                     Criterion("P2", "Check understanding"))),),
    roles=(Role("officer", "Officer", standards=("LOCAL1",), behaviours={"listens": 1}),),
    mappings=(Mapping("LOCAL1", ("P2",), behaviour="listens"),),
)
findings = nosframe.check(nosframe.compose(framework))
for finding in findings:
    print(finding)
out = sys.argv[1] if len(sys.argv) > 1 else "example-unit.toml"
nosframe.save(framework, out)
print(f"wrote {out} ({len(findings)} findings)")
