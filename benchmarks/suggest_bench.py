"""Suggestions: recall@10 of each example role's own standards, its purpose text alone the query.

    .venv/bin/python benchmarks/suggest_bench.py [--library PATH | --import-shared]
                                                 [--frameworks F.toml ...] [--k 10]

For every role of every example framework (frameworks/*.toml), the query is the role's
``purpose`` alone (no title, no responsibilities); the answer is the role's own mandatory
``standards``. recall@k is the share of them among the first k suggestions, over every
installed preset's standards (and the national library with --library, or --import-shared,
which imports ../shared/data/nos into a temporary library first). Two rankings:

* ``words``: BM25 of the purpose over the standards' fields alone;
* ``+roles``: plus the framework's other roles like this one (sharing the purpose's words, or
  next to it in the progression graph) passing their score to the standards they take, and
  the roles that progress to it passing the standards a promoted person keeps. The role
  itself is always left out, so its own standards never vote for themselves;
* ``--role``: what ``nosframe suggest standards --role`` ranks (the role's title, purpose and
  responsibilities, and the roles as in ``+roles``).

Targets: the Northshire constable's standards all in the top 10; every figure measured in this
run (the ratio is +roles against words, and each query's time against the picker's plain
search of the same text).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nosframe
from nosframe.analysis.suggest import (framework_roles, removed_standards, suggest_for_role,
                                       suggest_standards)
from nosframe.editing.catalogue import Catalogue
from nosframe.io import load_document
from nosframe.model import normalise_code
from nosframe.plugins import load_plugins
from nosframe.registry import Library

sys.path.insert(0, str(Path(__file__).parent))
from report import figure  # noqa: E402

ROOT = Path(__file__).parents[1]
SHARED = ROOT.parent / "shared" / "data" / "nos"
TARGET_ROLE = ("northshire-police.toml", "police-constable")


def library_entry(path: Path) -> Library:
    from nosframe.library import NosLibrary

    store = NosLibrary(path)
    entry = Library(name="uk-nos", title="UK NOS", get=store.get, search=store.search,
                    size=store.size)
    entry.rank = store.rank  # type: ignore[attr-defined]
    return entry


def run(frameworks: list[Path], libraries: list, k: int) -> int:
    plugins = load_plugins()
    totals: dict[str, list[float]] = {"words": [], "+roles": [], "--role": []}
    times: list[float] = []
    plain: list[float] = []
    target: tuple[int, int] | None = None
    print(f"recall@{k} of each role's own standards, its purpose alone the query"
          + (" (with the national library)" if libraries else " (presets only)"))
    print(f"  {'framework':<34} {'role':<28} {'own':>3} {'words':>6} {'+roles':>7} "
          f"{'--role':>7}")
    for path in frameworks:
        composed = nosframe.load(path, plugins)
        catalogue = Catalogue.build(composed, plugins)
        own_file = load_document(path).framework
        exclude = removed_standards(own_file)
        for role in composed.framework.roles:
            own = {normalise_code(c) for c in role.standards}
            if not own or not role.purpose:
                continue
            found = {}
            for mode in totals:
                start = time.perf_counter()
                if mode == "--role":
                    result = suggest_for_role(role, composed.framework, catalogue.entries,
                                              libraries, own=own_file, limit=k)
                else:
                    roles = framework_roles(composed.framework, leave_out=role.id) \
                        if mode == "+roles" else ()
                    result = suggest_standards(role.purpose, catalogue.entries, libraries,
                                               limit=k, roles=roles, exclude=exclude)
                times.append(time.perf_counter() - start)
                hits = sum(1 for s in result.suggestions if s.standard.key in own)
                found[mode] = hits
                totals[mode].append(hits / len(own))
            start = time.perf_counter()
            catalogue.search(role.purpose, limit=k)
            plain.append(time.perf_counter() - start)
            print(f"  {path.name:<34} {role.id:<28} {len(own):>3} {found['words']:>6} "
                  f"{found['+roles']:>7} {found['--role']:>7}")
            if (path.name, role.id) == TARGET_ROLE:
                target = (min(found["+roles"], found["--role"]), len(own))
                target_line = (f"{found['words']}/{len(own)} words, "
                               f"{found['+roles']}/{len(own)} +roles, "
                               f"{found['--role']}/{len(own)} --role")
    words, roles, as_cli = (statistics.mean(totals[m]) if totals[m] else 0.0 for m in totals)
    print(f"mean recall@{k}: words {words:.2f}, +roles {roles:.2f} "
          f"(ratio {roles / words if words else 0:.2f}x), --role {as_cli:.2f} "
          f"over {len(totals['words'])} roles")
    figure(f"mean recall@{k}, purpose alone, +roles", roles, "",
           baseline=("words alone", words))
    median = statistics.median(times) * 1000 if times else 0.0
    base = statistics.median(plain) * 1000 if plain else 0.0
    print(f"one query: median {median:.1f} ms ({median / base if base else 0:.1f} x the "
          f"picker's plain search, {base:.2f} ms)")
    if target is not None:
        print(f"target: every standard of the Northshire constable in the top {k}: "
              f"{target_line}: {'met' if target[0] == target[1] else 'NOT MET'}")
        figure(f"Northshire constable's standards missing from the top {k}",
               target[1] - target[0], "", target=0, note=target_line)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frameworks", nargs="*", type=Path,
                        default=sorted((ROOT / "frameworks").glob("*.toml")))
    parser.add_argument("--library", type=Path, help="a library file (nosframe library import)")
    parser.add_argument("--import-shared", action="store_true",
                        help="import ../shared/data/nos into a temporary library first")
    parser.add_argument("--k", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        libraries = []
        if args.import_shared:
            from nosframe.library import import_exports

            db = Path(tmp) / "library.sqlite"
            start = time.perf_counter()
            import_exports(sorted(SHARED.glob("PublishedNos*_Details.xlsx")), db)
            print(f"imported {SHARED} in {time.perf_counter() - start:.1f} s")
            libraries = [library_entry(db)]
        elif args.library:
            libraries = [library_entry(args.library)]
        return run(args.frameworks, libraries, args.k)


if __name__ == "__main__":
    sys.exit(main())
