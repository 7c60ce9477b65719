"""Team training needs: importing an evidence CSV into the store, and the needs report.

    .venv/bin/python benchmarks/needs_bench.py [--people 5000] [--rows 60] [--repeat 3]

Generates an evidence CSV (evidence_generate.py: fictional people, the real NOS codes and
criterion ids of frameworks/northshire-police.toml, its three-year first-aid validity) of
--people x --rows rows, then measures, best of --repeat, each in this run:

1. ``csv.reader`` over the file alone (the baseline the import's ratio is against);
2. the import: read, check every row against the framework, store (``nosframe evidence
   import`` without the CLI); target under 10 s at 5,000 x 60 = 300,000 rows;
3. opening the store again;
4. the full needs report, every role (``analysis.needs.needs``); target under 2 s at 300,000
   rows; next to one SQL pass over every evidence row (the baseline of its ratio);
5. the needs report for one role, and ``nosframe needs --json`` end to end (a new process:
   Python, plugins, composing the framework, the report, JSON).
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from evidence_generate import generate  # noqa: E402
from report import compile_sources, figure  # noqa: E402

import nosframe  # noqa: E402
from nosframe.analysis.needs import needs  # noqa: E402
from nosframe.evidence import import_evidence, open_store  # noqa: E402

ROOT = Path(__file__).parents[1]
FRAMEWORK = ROOT / "frameworks" / "northshire-police.toml"
IMPORT_TARGET_S = 10.0
NEEDS_TARGET_S = 2.0


def best(repeat: int, run) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--rows", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"bytecode: {compile_sources()} source files compiled (as an installed copy has them)")
    framework = nosframe.load(FRAMEWORK).framework
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        csv_path = tmp / "people.csv"
        start = time.perf_counter()
        rows = generate(csv_path, framework, args.people, args.rows, seed=1)
        print(f"{args.people:,} people x {args.rows} rows = {rows:,} evidence rows "
              f"({csv_path.stat().st_size / 1e6:.1f} MB CSV, generated in "
              f"{time.perf_counter() - start:.1f} s)")

        def parse() -> int:
            with open(csv_path, newline="", encoding="utf-8") as handle:
                return sum(1 for _ in csv.reader(handle))

        parse_s, _ = best(args.repeat, parse)
        stores = iter(range(args.repeat))

        def run_import():
            return import_evidence(csv_path, framework, tmp / f"team-{next(stores)}.db")

        import_s, summary = best(args.repeat, run_import)
        store_path = tmp / "team-0.db"
        assert summary.bad_rows == 0 and summary.imported == rows, summary
        open_s, _ = best(args.repeat, lambda: open_store(store_path).close())
        with open_store(store_path) as store:
            scan_s, _ = best(args.repeat, lambda: store.query(
                "SELECT count(*), max(e.date), max(p.role) FROM criterion_evidence e "
                "JOIN people p ON p.id = e.person"))
            needs_s, report = best(args.repeat, lambda: needs(framework, store))
            one_s, _ = best(args.repeat, lambda: needs(framework, store,
                                                       role="police-constable"))
        cli_s, result = best(args.repeat, lambda: subprocess.run(
            [str(Path(sys.executable).parent / "nosframe"), "needs", str(FRAMEWORK),
             "--evidence", str(store_path), "--json"], capture_output=True, text=True))
        assert result.returncode == 0, result.stderr  # type: ignore[attr-defined]
        size = store_path.stat().st_size / 1e6

    def verdict(seconds: float, target: float) -> str:
        return f"target {target:.0f} s: {seconds / target:.2f} x target, " + (
            "ok" if seconds < target else "OVER TARGET")

    print(f"{'csv.reader alone (baseline)':<36} {parse_s:7.2f} s")
    print(f"{'import (read, check, store)':<36} {import_s:7.2f} s   {import_s / parse_s:5.1f} x "
          f"csv.reader   {verdict(import_s, IMPORT_TARGET_S)}")
    print(f"{'store: {:.0f} MB, reopen'.format(size):<36} {open_s * 1000:7.1f} ms")
    print(f"{'one SQL pass over the rows (baseline)':<36} {scan_s:7.2f} s")
    print(f"{'needs report, every role':<36} {needs_s:7.2f} s   {needs_s / scan_s:5.1f} x "
          f"one pass   {verdict(needs_s, NEEDS_TARGET_S)}")
    print(f"{'needs report, one role':<36} {one_s:7.2f} s")
    print(f"{'nosframe needs --json (a process)':<36} {cli_s:7.2f} s   "
          f"{verdict(cli_s, NEEDS_TARGET_S)}")
    figure(f"evidence import, {rows:,} rows", import_s, "s", target=IMPORT_TARGET_S,
           baseline=("csv.reader alone", parse_s))
    figure("needs report, every role", needs_s, "s", target=NEEDS_TARGET_S,
           baseline=("one SQL pass over the rows", scan_s))
    figure("nosframe needs --json, a process", cli_s, "s", target=NEEDS_TARGET_S)
    print(f"report: {report.people:,} people in {len(report.roles)} roles, "  # type: ignore
          f"{sum(len(r.requirements) for r in report.roles)} requirements")  # type: ignore


if __name__ == "__main__":
    main()
