"""The national NOS library on the real list exports: import, open, get and search times.

    .venv/bin/python benchmarks/library_bench.py [--repeat 3] [--fts/--no-fts]

Reads ../shared/data/nos/PublishedNos_Details.xlsx and PublishedNos-old_Details.xlsx (skips with
a message when ../shared is absent) and builds a library in a temporary folder. Every number is
measured in this run; nothing is hard-coded.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from nosframe.library import NosLibrary, fts5_available, import_exports, read_export
from nosframe.library.normalise import normalise_row

SHARED_NOS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "nos"
EXPORTS = [SHARED_NOS / "PublishedNos_Details.xlsx", SHARED_NOS / "PublishedNos-old_Details.xlsx"]
QUERIES = ["victims", "SFJ", "sfj ea2", "domestic violence", "health and safety", "welding",
           "customer service", "zebra"]


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3, help="import runs (best is shown)")
    parser.add_argument("--fts", action=argparse.BooleanOptionalAction, default=None,
                        help="force the FTS5 index on or off (default: on when available)")
    args = parser.parse_args()
    missing = [p for p in EXPORTS if not p.is_file()]
    if missing:
        print(f"skipped: {', '.join(str(p) for p in missing)} not found (../shared is absent)")
        return 0
    use_fts = fts5_available() if args.fts is None else args.fts

    # where import time goes: reading the workbooks, then normalising rows
    t_read, exports = timed(lambda: [read_export(p) for p in EXPORTS])
    t_norm, _ = timed(lambda: [normalise_row(e.name, n, cells)
                               for e in exports for n, cells in e.rows])
    rows = sum(len(e.rows) for e in exports)

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "library.sqlite"
        imports = []
        for _ in range(max(1, args.repeat)):
            seconds, report = timed(lambda: import_exports(EXPORTS, db, fts=use_fts))
            imports.append(seconds)
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

    print(f"{rows:,} rows in {len(EXPORTS)} exports -> {report.codes:,} codes, "
          f"{sum(report.findings_by_code.values()):,} findings; library {size:.1f} MB; "
          f"search index: {'FTS5' if use_fts else 'LIKE'}")
    print(f"  read workbooks (openpyxl)      {t_read:>8.2f} s")
    print(f"  normalise rows                 {t_norm:>8.2f} s")
    print(f"  import (read + normalise + write), best of {len(imports)}: "
          f"{min(imports):.2f} s (median {statistics.median(imports):.2f} s)")
    print(f"  open (construct NosLibrary)    {t_open * 1e6:>8.1f} us")
    print(f"  first get (connect + schema)   {t_first * 1e3:>8.2f} ms")
    print(f"  get, hit (mean of {len(sample)})      {t_gets / len(sample) * 1e6:>8.1f} us")
    print(f"  get, miss (mean of 1000)       {t_miss / 1000 * 1e6:>8.1f} us")
    for query, seconds, n in searches:
        print(f"  search {query!r:<24}{seconds * 1e3:>8.2f} ms  ({n} results)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
