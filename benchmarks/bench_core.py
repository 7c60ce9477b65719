"""Load, compose and check times next to tomllib alone, at N = 2,000 and N = 20,000 standards.

    .venv/bin/python benchmarks/bench_core.py [--sizes 2000 20000]

The figure is the ratio: how much nosframe adds on top of parsing the same TOML. Every number is
measured in this run (best of --repeat runs), nothing is hard-coded.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate import generate  # noqa: E402

import nosframe  # noqa: E402
from nosframe.checks import run_checks  # noqa: E402
from nosframe.compose import compose  # noqa: E402
from nosframe.io import load_document  # noqa: E402
from nosframe.plugins import load_plugins  # noqa: E402


def best(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def run(n: int, repeat: int) -> None:
    plugins = load_plugins(entry_points=False)
    with tempfile.TemporaryDirectory() as tmp:
        files = generate(Path(tmp), standards=n, roles=max(20, n // 10),
                         mappings=max(100, n // 2))
        fw = files[-1]
        size = sum(p.stat().st_size for p in files) / 1024 / 1024
        t_toml, _ = best(lambda: [tomllib.loads(p.read_text()) for p in files], repeat)
        t_load, _ = best(lambda: [load_document(p) for p in files], repeat)
        t_compose, composed = best(lambda: compose(load_document(fw), plugins), repeat)
        t_check, findings = best(lambda: run_checks(composed, plugins), repeat)
        t_save, _ = best(lambda: nosframe.dumps(composed.framework), 1)
    print(f"N={n:>6} standards  ({size:.1f} MB of TOML in {len(files)} files, "
          f"{len(composed.framework.roles)} roles, "
          f"{len(composed.framework.mappings)} mappings, {len(findings)} findings)")
    rows = [("tomllib parse only", t_toml), ("load (parse + structure + locate)", t_load),
            ("load + compose", t_compose), ("check", t_check),
            ("canonical save (dumps)", t_save)]
    for name, seconds in rows:
        print(f"  {name:<36} {seconds * 1000:>9.0f} ms   {seconds / t_toml:>6.1f} x tomllib")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for n in args.sizes:
        run(n, args.repeat if n <= 5000 else 1)


if __name__ == "__main__":
    main()
