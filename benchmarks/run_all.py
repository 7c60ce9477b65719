"""Every benchmark, one after the other, then every figure with its target in one table.

    .venv/bin/python benchmarks/run_all.py [--quick] [--only NAME ...] [--library PATH]
                                           [--json FILE] [--strict]

Each benchmark runs as its own process (so one's imports and caches never help another) with the
sizes the issues set its targets at; ``--quick`` runs them at the small sizes the test suite uses
(the figures then say nothing about the targets: it checks that everything still runs). The ones
that search the national library share one library, imported from ../shared/data/nos into a
temporary folder first (``--library PATH`` reuses one made by ``nosframe library import``); where
../shared is absent they run on the four rows of tests/data/nos/rows.json and say so.

Every figure a benchmark prints through ``report.figure`` is collected; the table at the end shows
each with its baseline ratio and target, measured in that benchmark's run. ``--json FILE`` writes
them too; ``--strict`` exits 1 when a target is not met (a benchmark that fails always exits 1).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared" / "data" / "nos"
ROWS = ROOT / "tests" / "data" / "nos" / "rows.json"

sys.path.insert(0, str(HERE))
from report import _fmt  # noqa: E402


def benchmarks(library: Path | None) -> list[tuple[str, list[str], list[str]]]:
    """(script, its arguments at full size, at --quick size)."""
    lib = ["--library", str(library)] if library else ["--rows-json", str(ROWS)]
    return [
        ("bench_core.py", [], ["--sizes", "30", "--repeat", "1"]),
        ("check_bench.py", [], ["--roles", "20", "--standards", "50", "--mappings", "200",
                                "--repeat", "1"]),
        ("load_bench.py", [], ["--roles", "20", "--standards", "50", "--mappings", "200",
                               "--repeat", "1"]),
        ("search_bench.py", lib, ["--rows-json", str(ROWS), "--keys", "3", "--gap", "0.02"]),
        ("save.py", [], ["--roles", "20", "--repeat", "1"]),
        ("suggest_bench.py", [], ["--frameworks",
                                  str(ROOT / "frameworks" / "northshire-police.toml")]),
        ("needs_bench.py", [], ["--people", "40", "--rows", "12", "--repeat", "1"]),
        ("library_bench.py", [], ["--repeat", "1"]),
        ("tui_first_paint.py", lib, ["--no-library", "--roles", "20", "--standards", "50",
                                     "--mappings", "200", "--repeat", "1"]),
        ("tui_keystroke.py", lib, ["--no-library", "--standards", "40", "--keys", "3"]),
    ]


def import_library(folder: Path) -> Path | None:
    exports = sorted(SHARED.glob("PublishedNos*_Details.xlsx"))
    if not exports:
        print(f"note: {SHARED} not found: the library benchmarks run on {ROWS.name}")
        return None
    from nosframe.library import import_exports

    db = folder / "library.sqlite"
    start = time.perf_counter()
    import_exports(exports, db)
    print(f"imported the national library ({len(exports)} exports) in "
          f"{time.perf_counter() - start:.1f} s, for the benchmarks that search it")
    return db


def table(figures: list[dict]) -> str:
    rows = [("benchmark", "figure", "measured", "ratio to its baseline", "target", "")]
    for f in figures:
        base = f.get("baseline")
        ratio = (f"{f['value'] / base[1]:.2f}x {base[0]}" if base and base[1] else "")
        target = "" if f["target"] is None else f"at most {_fmt(f['target'], f['unit'])}"
        verdict = "" if f["target"] is None else ("met" if f["met"] else "NOT MET")
        rows.append((f["script"], f["name"], _fmt(f["value"], f["unit"]), ratio, target,
                     verdict))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the test suite's small sizes")
    parser.add_argument("--only", nargs="+", metavar="NAME",
                        help="only these benchmarks (script names, .py optional)")
    parser.add_argument("--library", type=Path, help="a library to search (else imported)")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    wanted = {n.removesuffix(".py") + ".py" for n in args.only or ()}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        plan = benchmarks(None)
        known = {script for script, _, _ in plan}
        unknown = wanted - known
        if unknown:
            print(f"error: no benchmark {', '.join(sorted(unknown))}; there are "
                  f"{', '.join(sorted(known))}", file=sys.stderr)
            return 2
        needs_library = not args.quick and any(
            "--library" in full for script, full, _ in benchmarks(folder / "x")
            if not wanted or script in wanted)
        library = args.library or (import_library(folder) if needs_library else None)
        figures: list[dict] = []
        failed: list[str] = []
        for script, full, quick in benchmarks(library):
            if wanted and script not in wanted:
                continue
            if not (HERE / script).is_file():
                failed.append(f"{script} (missing)")
                continue
            record = folder / f"{script}.jsonl"
            command = [sys.executable, str(HERE / script), *(quick if args.quick else full)]
            print(f"\n=== {script} {' '.join(command[2:])}", flush=True)
            env = dict(os.environ, NOSFRAME_BENCH_JSON=str(record))
            start = time.perf_counter()
            code = subprocess.run(command, cwd=ROOT, env=env).returncode
            print(f"=== {script}: exit {code}, {time.perf_counter() - start:.1f} s", flush=True)
            if code:
                failed.append(script)
            if record.is_file():
                for line in record.read_text(encoding="utf-8").splitlines():
                    figures.append({"script": script.removesuffix(".py"), **json.loads(line)})
    print("\nEvery figure, each measured in its benchmark's own run"
          + (" (--quick: small sizes, the targets do not apply)" if args.quick else "") + ":")
    print(table(figures))
    with_target = [f for f in figures if f["target"] is not None]
    missed = [f for f in with_target if not f["met"]]
    print(f"\n{len(with_target) - len(missed)} of {len(with_target)} targets met"
          + (" (at --quick sizes, which are not the targets')" if args.quick else "")
          + (f"; failed: {', '.join(failed)}" if failed else ""))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    if failed:
        return 1
    return 1 if args.strict and missed and not args.quick else 0


if __name__ == "__main__":
    sys.exit(main())
