"""Generate synthetic framework libraries for benchmarks (not real NOS: codes start with ZZB).

    python benchmarks/generate.py OUT_DIR --standards 2000 --roles 200 --mappings 2000

Writes OUT_DIR/library-K.toml files (N standards in all, ~8 P and ~12 K criteria each, at most
CHUNK standards a file, as a person would split a large set; the first file also holds 3 levels,
12 behaviours and 4 values) and OUT_DIR/framework.toml, which extends them and adds R roles and
M mappings.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from nosframe.io import save
from nosframe.model import (
    Behaviour,
    Criterion,
    Framework,
    FrameworkInfo,
    Level,
    Mapping,
    Role,
    Standard,
    Value,
)


CHUNK = 5000


def generate(out: Path, standards: int, roles: int, mappings: int,
             seed: int = 1) -> list[Path]:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    values = tuple(Value(f"value-{i}", f"Value {i}") for i in range(4))
    behaviours = tuple(
        Behaviour(f"behaviour-{i}", f"Behaviour {i}", f"Cluster {i % 3}",
                  values=(f"value-{i % 4}",),
                  levels={lv: (f"indicator {i}.{lv}.a", f"indicator {i}.{lv}.b")
                          for lv in (1, 2, 3)})
        for i in range(12))
    stds = tuple(
        Standard(
            code=f"ZZB{i:05d}", title=f"Synthetic standard {i} about {rng.choice(WORDS)}",
            overview=f"Overview of synthetic standard {i}.",
            performance=tuple(Criterion(f"P{j}", f"perform {rng.choice(WORDS)} {j}")
                              for j in range(1, 9)),
            knowledge=tuple(Criterion(f"K{j}", f"know {rng.choice(WORDS)} {j}")
                            for j in range(1, 13)),
            suites=(f"Suite {i % 40}",), keywords=(rng.choice(WORDS), rng.choice(WORDS)))
        for i in range(standards))
    libraries = []
    for k, start in enumerate(range(0, max(standards, 1), CHUNK)):
        first = k == 0
        libraries.append(Framework(
            FrameworkInfo(id=f"bench-library-{k}", title=f"Synthetic library part {k}"),
            levels=tuple(Level(n, f"Level {n}") for n in (1, 2, 3)) if first else (),
            values=values if first else (), behaviours=behaviours if first else (),
            standards=stds[start:start + CHUNK]))
    role_list = []
    for r in range(roles):
        picked = rng.sample(range(standards), k=min(8, standards))
        role_list.append(Role(
            f"role-{r}", f"Role {r}", family=f"Family {r % 7}", level=str(r % 3 + 1),
            standards=tuple(f"ZZB{i:05d}" for i in picked),
            behaviours={f"behaviour-{b}": rng.randint(1, 3) for b in rng.sample(range(12), 4)},
            progresses_to=(f"role-{r + 1}",) if r + 1 < roles and r % 5 else ()))
    seen = set()
    mapping_list = []
    while len(mapping_list) < mappings:
        s, b = rng.randrange(standards), rng.randrange(12)
        if (s, b) in seen:
            continue
        seen.add((s, b))
        mapping_list.append(Mapping(f"ZZB{s:05d}", (f"P{rng.randint(1, 8)}",
                                                    f"K{rng.randint(1, 12)}"),
                                    behaviour=f"behaviour-{b}"))
    names = [f"library-{k}.toml" for k in range(len(libraries))]
    framework = Framework(FrameworkInfo(id="bench", title="Benchmark framework",
                                        extends=tuple(names)),
                          roles=tuple(role_list), mappings=tuple(mapping_list))
    paths = []
    for name, library in zip(names, libraries):
        save(library, out / name)
        paths.append(out / name)
    save(framework, out / "framework.toml")
    return paths + [out / "framework.toml"]


WORDS = ("victims", "risk", "evidence", "safeguarding", "interview", "custody", "courts",
         "assessment", "partnership", "diversity", "communication", "investigation", "records")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--standards", type=int, default=2000)
    parser.add_argument("--roles", type=int, default=200)
    parser.add_argument("--mappings", type=int, default=2000)
    args = parser.parse_args()
    for path in generate(args.out, args.standards, args.roles, args.mappings):
        print(path)


if __name__ == "__main__":
    main()
