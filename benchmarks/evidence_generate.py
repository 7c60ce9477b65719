"""Generate an evidence CSV for the team needs benchmark: fictional people, real NOS codes.

    .venv/bin/python benchmarks/evidence_generate.py OUT.csv [--people 5000] [--rows 60]
        [--framework frameworks/northshire-police.toml]

Each person (an invented id and a name made from common first names and surnames: nobody real)
holds one of the framework's roles and --rows evidence rows: criteria of the standards their
role needs (and a few of other roles'), the framework's own criterion ids of real NOS codes, and
behaviour assessments at levels of its scale; a standard whose criteria the framework does not
list is evidenced as a whole (criterion ``*``). Dates spread over five years; some criteria are
assessed more than once, some carry an expiry, and some requirements are left without
evidence, so a needs report has every kind of answer. Deterministic for a --seed.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
from pathlib import Path

FIRST = ("Alex", "Sam", "Jo", "Chris", "Priya", "Aisha", "Tom", "Megan", "Owen", "Ffion",
         "Rhys", "Hannah", "Callum", "Zara", "Imran", "Ellie", "Niamh", "Ravi", "Grace", "Ben")
LAST = ("Example", "Sample", "Fielding", "Marsh", "Okafor", "Patel", "Hughes", "Nowak",
        "Campbell", "Lloyd", "Ahmed", "Murray", "Price", "Kaur", "Walsh", "Reid")
METHODS = ("observation", "simulation", "professional discussion", "product", "questioning")
HEADER = ("person_id", "name", "role", "standard", "criterion", "behaviour", "level", "date",
          "assessor", "method", "reference", "expires", "note")


def requirements(framework, role):
    """(standard code, criterion id) of the role's standards, and (behaviour, level)."""
    standards = {s.key: s for s in framework.standards}
    from nosframe.model import normalise_code

    criteria = []
    for code in role.standards:
        standard = standards.get(normalise_code(code))
        if standard is None:
            continue
        # a standard whose criteria the framework does not list is evidenced as a whole ("*")
        criteria += [(standard.code, c.id) for c in standard.criteria] or [(standard.code, "*")]
    return criteria, list(role.behaviours.items())


def generate(out: Path, framework, people: int = 5000, rows: int = 60, seed: int = 1,
             today: dt.date | None = None) -> int:
    """Write the CSV; the number of data rows written."""
    rng = random.Random(seed)
    today = today or dt.date.today()
    roles = [r for r in framework.roles if requirements(framework, r)[0]
             or r.behaviours]
    every = sorted({pair for r in roles for pair in requirements(framework, r)[0]})
    written = 0
    with open(out, "w", newline="", encoding="utf-8") as handle:
        w = csv.writer(handle)
        w.writerow(HEADER)
        for n in range(people):
            ref = f"E{n + 1:06d}"
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            role = rng.choice(roles)
            criteria, behaviours = requirements(framework, role)
            # most people hold most of their role's requirements; some hold few
            keep = rng.choice((0.95, 0.9, 0.8, 0.6, 0.3))
            held_c = [c for c in criteria if rng.random() < keep]
            held_b = [b for b in behaviours if rng.random() < keep]
            pool = held_c * 2 + [rng.choice(every) for _ in range(4)] if held_c or every else []
            for i in range(rows):
                day = today - dt.timedelta(days=rng.randrange(1, 5 * 365))
                expires = ""
                if rng.random() < 0.15:
                    expires = (day + dt.timedelta(days=rng.choice((365, 730, 1095)))).isoformat()
                method = rng.choice(METHODS)
                assessor = f"Assessor {rng.randrange(1, 120)}"
                reference = f"PDR-{n + 1}-{i + 1}"
                if held_b and (i % 6 == 5 or not pool):
                    behaviour, level = rng.choice(held_b)
                    got = level if rng.random() < 0.85 else max(1, level - 1)
                    w.writerow((ref, name, role.id, "", "", behaviour, got, day.isoformat(),
                                assessor, method, reference, expires, ""))
                elif pool:
                    code, criterion = rng.choice(pool)
                    w.writerow((ref, name, role.id, code, criterion, "", "", day.isoformat(),
                                assessor, method, reference, expires, ""))
                else:
                    continue
                written += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--rows", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--framework", type=Path,
                        default=Path(__file__).parents[1] / "frameworks" / "northshire-police.toml")
    args = parser.parse_args()
    import nosframe

    framework = nosframe.load(args.framework).framework
    n = generate(args.out, framework, args.people, args.rows, args.seed)
    print(f"wrote {args.out}: {n:,} rows for {args.people:,} people")


if __name__ == "__main__":
    main()
