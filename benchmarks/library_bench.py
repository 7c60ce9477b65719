"""The national NOS library on the real list exports: import, open, get and search times.

    .venv/bin/python benchmarks/library_bench.py [--repeat 5] [--fts/--no-fts] [--exports X ...]

Reads ../shared/data/nos/PublishedNos_Details.xlsx and PublishedNos-old_Details.xlsx (skips with
a message when ../shared is absent) and builds a library in a temporary folder. Every number is
measured in this run; nothing is hard-coded. ``--exports`` names other list exports (the test
suite runs it on a small one).

Its figure (issue 13): the cold import, ``import_exports`` of both exports into a new library in
a new temporary folder, divided by openpyxl (``read_only=True``, ``values_only=True``) iterating
every row of the ``owssvr`` sheet of both files, the baseline. The two are timed in
``--repeat`` interleaved rounds (so load from other work falls on both); the figure is the
median of the rounds' ratios, the best round's beside it.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from report import figure  # noqa: E402

from nosframe.library import NosLibrary, fts5_available, import_exports, read_export  # noqa: E402
from nosframe.library.normalise import normalise_row  # noqa: E402
from nosframe.library.reader import SHEET  # noqa: E402

SHARED_NOS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "nos"
EXPORTS = [SHARED_NOS / "PublishedNos_Details.xlsx", SHARED_NOS / "PublishedNos-old_Details.xlsx"]
IMPORT_TARGET = 1.3  # x openpyxl reading the exports alone (issue 13)
QUERIES = ["victims", "SFJ", "sfj ea2", "domestic violence", "health and safety", "welding",
           "customer service", "zebra"]


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def openpyxl_rows(paths: list[Path]) -> int:
    """The baseline: openpyxl's read-only mode iterating every row of the sheet the import
    reads, in each file (as the import's own fallback opens it: values only, data only,
    dimensions reset)."""
    import openpyxl

    rows = 0
    for path in paths:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
            try:
                sheet = workbook[SHEET]
                sheet.reset_dimensions()
                for _ in sheet.iter_rows(values_only=True):
                    rows += 1
            finally:
                workbook.close()
    return rows


def cold_import(exports: list[Path], use_fts: bool):
    """``import_exports`` into a library file in a new temporary folder (no cache, no old
    library to copy)."""
    with tempfile.TemporaryDirectory() as tmp:
        return import_exports(exports, Path(tmp) / "library.sqlite", fts=use_fts)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5,
                        help="interleaved rounds of openpyxl and the cold import")
    parser.add_argument("--fts", action=argparse.BooleanOptionalAction, default=None,
                        help="force the FTS5 index on or off (default: on when available)")
    parser.add_argument("--exports", type=Path, nargs="+", default=EXPORTS,
                        help="the list exports (default: the two in ../shared/data/nos)")
    args = parser.parse_args()
    exports = list(args.exports)
    missing = [p for p in exports if not p.is_file()]
    if missing:
        print(f"skipped: {', '.join(str(p) for p in missing)} not found"
              + (" (../shared is absent)" if exports == EXPORTS else ""))
        return 0
    use_fts = fts5_available() if args.fts is None else args.fts

    # the figure: cold imports and the openpyxl baseline, interleaved
    rounds: list[tuple[float, float]] = []
    for _ in range(max(1, args.repeat)):
        t_base, sheet_rows = timed(lambda: openpyxl_rows(exports))
        t_cold, _ = timed(lambda: cold_import(exports, use_fts))
        rounds.append((t_cold, t_base))
    ratios = [cold / base for cold, base in rounds]
    median_cold = statistics.median(cold for cold, _ in rounds)
    median_base = statistics.median(base for _, base in rounds)

    # where import time goes: reading the workbooks, then normalising rows
    t_read, read = timed(lambda: [read_export(p) for p in exports])
    t_norm, _ = timed(lambda: [normalise_row(e.name, n, cells)
                               for e in read for n, cells in e.rows])
    rows = sum(len(e.rows) for e in read)

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "library.sqlite"
        t_again, report = timed(lambda: import_exports(exports, db, fts=use_fts))
        t_replace, report = timed(lambda: import_exports(exports, db, fts=use_fts))
        size = db.stat().st_size / 1e6

        t_open, library = timed(lambda: NosLibrary(db))
        t_first, _ = timed(lambda: library.get("SFJAA1"))  # connects, checks the schema
        keys = library.keys()
        sample = random.Random(1).sample(keys, min(2000, len(keys)))
        t_gets, found = timed(lambda: [library.get(k) for k in sample])
        assert all(found)
        t_miss, _ = timed(lambda: [library.get(f"NOPE{i}") for i in range(1000)])
        searches = []
        for query in QUERIES:
            seconds, results = timed(lambda q=query: library.search(q, limit=50))
            searches.append((query, seconds, len(results)))
        library.close()

    print(f"{rows:,} rows in {len(exports)} exports -> {report.codes:,} codes, "
          f"{sum(report.findings_by_code.values()):,} findings; library {size:.1f} MB; "
          f"search index: {'FTS5' if use_fts else 'LIKE'}")
    print(f"  read workbooks (read_export)   {t_read:>8.2f} s")
    print(f"  normalise rows                 {t_norm:>8.2f} s")
    print(f"  re-import over that library    {t_replace:>8.2f} s  (into a new folder: "
          f"{t_again:.2f} s)")
    print(f"{len(rounds)} interleaved rounds, openpyxl iterating {sheet_rows:,} sheet rows / "
          "cold import:")
    for number, (cold, base) in enumerate(rounds, start=1):
        print(f"  round {number}: openpyxl {base:.2f} s, cold import {cold:.2f} s, "
              f"{cold / base:.2f}x")
    print(f"  open (construct NosLibrary)    {t_open * 1e6:>8.1f} us")
    print(f"  first get (connect + schema)   {t_first * 1e3:>8.2f} ms")
    print(f"  get, hit (mean of {len(sample)})      {t_gets / len(sample) * 1e6:>8.1f} us")
    print(f"  get, miss (mean of 1000)       {t_miss / 1000 * 1e6:>8.1f} us")
    for query, seconds, n in searches:
        print(f"  search {query!r:<24}{seconds * 1e3:>8.2f} ms  ({n} results)")
    name = ("the two list exports" if exports == EXPORTS
            else f"{len(exports)} list export{'s' if len(exports) > 1 else ''}")
    figure(f"cold import of {name} / openpyxl reading them alone",
           statistics.median(ratios), "x", target=IMPORT_TARGET,
           note=f"median of {len(ratios)} interleaved rounds (best {min(ratios):.2f}x); "
                f"median {median_cold:.2f} s / {median_base:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
