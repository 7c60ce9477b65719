"""Mutation fuzzing of every input nosframe reads: a clean error or a valid load, nothing else.

Each format starts from valid files (the test fixtures and what nosframe's own exporters write
from them) and mutates them: bytes flipped, spans deleted, duplicated or swapped, tokens that
matter to the format inserted (brackets, quotes, NUL, huge numbers, lone surrogates), the text
cut short. An xlsx workbook is a zip: its XML parts are mutated and the zip written again (and
now and then the zip's own bytes); so is a NOS list export (``nos-export``), imported into a
new library as ``nosframe library import`` does. Each case is read the way the command line
reads it; the outcome must be a value (a valid load) or a :class:`nosframe.NosframeError` (the
command line's clean exit 2). Any other exception, or a case taking longer than the time bound,
is a failure, printed with its format, case number and seed, and the input kept when ``--keep
DIR`` is given.

    .venv/bin/python benchmarks/fuzz.py                      # 300 cases in all, seed 0
    .venv/bin/python benchmarks/fuzz.py --cases 10000        # the long run: 10,000 per format
    .venv/bin/python benchmarks/fuzz.py --formats toml xlsx --cases 2000 --seed 7 --keep /tmp/f

``tests/test_fuzz.py`` runs a few hundred seeded cases in the test suite; the long run's result is
in docs/hardening.md. Exit status: 0 no failures, 1 failures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import re
import random
import signal
import sys
import tempfile
import time
import traceback
import zipfile
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"

#: tokens a mutation inserts: what each format's parser reacts to
TOKENS = [b"[", b"]", b"{", b"}", b"[[", b"]]", b'"', b"'", b'"""', b"'''", b"=", b",", b".",
          b":", b";", b"\n", b"\r\n", b"\t", b"\x00", b"\xff", b"\xef\xbb\xbf", b"#", b"\\",
          b"\\u", b"\\ud800", b"\\uDFFF", b"1e999", b"-1", b"0", b"99999999999999999999999",
          b"nan", b"inf", b"true", b"null", b"1979-05-27", b"2025-02-30", b"<", b">", b"</",
          b"&", b"&amp;", b"<![CDATA[", b"<!DOCTYPE x [<!ENTITY a 'aaaa'>]>", b"&a;",
          b"x" * 300, b"\xc3", b"\xe2\x80\xae", b"\xf0\x9f\x98\x80", b"P1", b"K1", b"SFJAA1",
          b"constable", b"id", b"level", b"levels", b"roles", b"extends", b"../", b"/dev/zero"]

#: the per-case time bound, seconds
TIME_BOUND = 10.0


class Hang(Exception):
    """A case ran past the time bound."""


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to four random mutations of ``data``."""
    data = bytearray(data)
    for _ in range(rng.choice((1, 1, 1, 2, 3, 4))):
        size = len(data)
        op = rng.randrange(8)
        at = rng.randrange(size + 1) if size else 0
        span = rng.randint(1, max(1, min(64, size // 4 or 1)))
        if op == 0 and size:  # flip a byte
            data[min(at, size - 1)] = rng.randrange(256)
        elif op == 1:  # delete a span
            del data[at:at + span]
        elif op == 2:  # duplicate a span
            data[at:at] = data[at:at + span] * rng.choice((1, 2, 10))
        elif op == 3 or op == 4:  # insert a token
            data[at:at] = rng.choice(TOKENS)
        elif op == 5:  # swap two lines
            lines = bytes(data).split(b"\n")
            if len(lines) > 2:
                i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
                lines[i], lines[j] = lines[j], lines[i]
                data = bytearray(b"\n".join(lines))
        elif op == 6:  # cut short
            del data[at:]
        else:  # replace a span by another of the file
            src = rng.randrange(size + 1) if size else 0
            data[at:at + span] = data[src:src + rng.randint(0, 64)]
    return bytes(data)


def mutate_zip(data: bytes, rng: random.Random) -> bytes:
    """Mutate one or two XML parts of a zip (an xlsx workbook); now and then its raw bytes."""
    if rng.random() < 0.1:
        return mutate(data, rng)
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    names = sorted(parts)
    for name in rng.sample(names, k=min(len(names), rng.choice((1, 1, 2)))):
        if rng.random() < 0.05:
            del parts[name]
        else:
            parts[name] = mutate(parts[name], rng)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return out.getvalue()


_INLINE = re.compile(rb'<c ([^>]*?)t="inlineStr"([^>]*)><is><t(?: [^>]*)?>(.*?)</t></is></c>',
                     re.S)


def shared_strings(workbook: bytes) -> bytes:
    """An openpyxl-written workbook (inline strings only) with its strings made shared strings,
    as the NOS database and Excel write them."""
    with zipfile.ZipFile(io.BytesIO(workbook)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    strings: list[bytes] = []

    def shared(match: re.Match) -> bytes:
        before, after, text = match.groups()
        strings.append(text)
        return b'<c ' + before + b't="s"' + after + b"><v>%d</v></c>" % (len(strings) - 1)

    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = _INLINE.sub(shared, parts[sheet])
    parts["xl/sharedStrings.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main" count="%d" uniqueCount="%d">' % (len(strings), len(strings))
        + b"".join(b'<si><t xml:space="preserve">' + t + b"</t></si>" for t in strings)
        + b"</sst>")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
                     b'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    rels = "xl/_rels/workbook.xml.rels"
    parts[rels] = parts[rels].replace(
        b"</Relationships>", b'<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats'
                             b'.org/officeDocument/2006/relationships/sharedStrings" '
                             b'Target="sharedStrings.xml"/></Relationships>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return out.getvalue()


def list_export_seeds() -> list[bytes]:
    """A small NOS list export: the 19 columns and the real rows of tests/data/nos/rows.json,
    with a blank row and a row without a URN; written by openpyxl (inline strings) and as the
    NOS database writes its exports (shared strings)."""
    import openpyxl

    from nosframe.library import COLUMNS

    data = json.loads((DATA / "nos" / "rows.json").read_text(encoding="utf-8"))
    rows = [entry["cells"] for name, entry in data.items() if not name.startswith("_")]
    when = ("Indicative Review Date", "Created", "Modified")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "owssvr"
    sheet.append(list(COLUMNS))
    for cells in rows:
        sheet.append([dt.datetime.fromisoformat(cells[c]) if c in when and cells.get(c)
                      else cells.get(c) for c in COLUMNS])
    sheet.append([None] * len(COLUMNS))
    sheet.append([rows[0].get(c) if c not in ("URN", "Original URN") else None
                  for c in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return [buffer.getvalue(), shared_strings(buffer.getvalue())]


class Format:
    """One input format: its valid seed files, how to mutate them, how nosframe reads one."""

    def __init__(self, name: str, suffix: str, seeds: list[bytes],
                 read: Callable[[Path], object], mutator=mutate):
        self.name, self.suffix, self.seeds, self.read, self.mutator = (
            name, suffix, seeds, read, mutator)


def build_formats(workdir: Path) -> dict[str, Format]:
    """The formats, with seeds written by nosframe itself from the test fixtures."""
    import nosframe
    from nosframe.checks import run_checks
    from nosframe.evidence.reader import read_evidence
    from nosframe.formats.case import export_case, import_case
    from nosframe.formats.json_format import import_json
    from nosframe.formats.moodle import export_moodle, import_moodle
    from nosframe.formats.xlsx import export_xlsx, import_xlsx
    from nosframe.io import dumps
    from nosframe.io.people import load_person
    from nosframe.library import import_exports
    from nosframe.plugins import load_plugins

    plugins = load_plugins(entry_points=False)
    exporters = plugins.exporters()
    frameworks = [DATA / "mini.toml", DATA / "evidence" / "team.toml"]
    composed = [nosframe.load(path, plugins) for path in frameworks]
    framework_for_evidence = composed[1].framework

    def export(name: str) -> list[bytes]:
        seeds = []
        for item in composed:
            content = exporters[name].write(item).content
            seeds.append(content.encode() if isinstance(content, str) else content)
        return seeds

    def read_toml(path: Path):
        item = nosframe.load(path, plugins)
        return run_checks(item, plugins)

    def imported(read):
        def run(path: Path):
            result = read(path)
            dumps(result.framework)  # what `import -o` writes next must not fail either
            return result
        return run

    def import_export(path: Path):
        """``nosframe library import PATH`` into a new library."""
        db = workdir / "library.sqlite"
        db.unlink(missing_ok=True)
        return import_exports([path], db)

    assert export_case and export_moodle and export_xlsx  # the exporters the seeds come from
    return {
        "toml": Format("toml", ".toml", [p.read_bytes() for p in frameworks], read_toml),
        "json": Format("json", ".json", export("json"), imported(import_json)),
        "case": Format("case", ".json", export("case"), imported(import_case)),
        "xlsx": Format("xlsx", ".xlsx", export("xlsx"), imported(import_xlsx), mutate_zip),
        "moodle": Format("moodle", ".csv", export("moodle"), imported(import_moodle)),
        "evidence": Format("evidence", ".csv", [(DATA / "evidence" / "team.csv").read_bytes()],
                           lambda path: read_evidence(path, framework_for_evidence)),
        "person": Format("person", ".toml",
                         [(ROOT / "examples" / "people" / "constable-a.toml").read_bytes()],
                         load_person),
        "nos-export": Format("nos-export", ".xlsx", list_export_seeds(), import_export,
                             mutate_zip),
    }


class Failure:
    def __init__(self, fmt: str, case: int, seed: int, error: str, data: bytes):
        self.fmt, self.case, self.seed, self.error, self.data = fmt, case, seed, error, data

    def __str__(self) -> str:
        return f"{self.fmt} case {self.case} (seed {self.seed}): {self.error}"


def _alarm(signum, frame):
    raise Hang()


def run_format(fmt: Format, cases: int, seed: int, workdir: Path,
               time_bound: float = TIME_BOUND) -> tuple[dict[str, int], list[Failure]]:
    """``cases`` mutated inputs of one format; counts of outcomes and the failures."""
    from nosframe.io import NosframeError

    rng = random.Random(f"{fmt.name}:{seed}")
    counts = {"loaded": 0, "refused": 0, "failed": 0}
    slowest = 0.0
    failures: list[Failure] = []
    path = workdir / f"case{fmt.suffix}"
    previous = signal.signal(signal.SIGALRM, _alarm)
    try:
        for case in range(cases):
            data = fmt.mutator(rng.choice(fmt.seeds), rng)
            path.write_bytes(data)
            signal.setitimer(signal.ITIMER_REAL, time_bound)
            start = time.perf_counter()
            try:
                fmt.read(path)
                counts["loaded"] += 1
            except NosframeError:
                counts["refused"] += 1
            except Hang:
                counts["failed"] += 1
                failures.append(Failure(fmt.name, case, seed, f"ran past {time_bound} s", data))
            except Exception as exc:  # noqa: BLE001 - what the fuzzer is looking for
                counts["failed"] += 1
                tail = "".join(traceback.format_exception(exc)[-3:]).strip()
                failures.append(Failure(fmt.name, case, seed,
                                        f"{type(exc).__name__}: {exc}\n{tail}", data))
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
                slowest = max(slowest, time.perf_counter() - start)
    finally:
        signal.signal(signal.SIGALRM, previous)
    counts["slowest_ms"] = round(slowest * 1000)
    return counts, failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=0,
                        help="cases per format (default: 300 in all)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--formats", nargs="*", default=None)
    parser.add_argument("--time-bound", type=float, default=TIME_BOUND,
                        help="seconds one case may take")
    parser.add_argument("--keep", type=Path, default=None,
                        help="write each failing input into this folder")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        formats = build_formats(workdir)
        chosen = args.formats or list(formats)
        per_format = args.cases or max(1, 300 // len(chosen))
        print(f"nosframe fuzz: {per_format} cases per format, seed {args.seed}, "
              f"time bound {args.time_bound} s a case")
        all_failures: list[Failure] = []
        for name in chosen:
            start = time.perf_counter()
            counts, failures = run_format(formats[name], per_format, args.seed, workdir,
                                          args.time_bound)
            took = time.perf_counter() - start
            print(f"{name:9} {per_format:6} cases  {counts['loaded']:6} loaded  "
                  f"{counts['refused']:6} refused (NosframeError)  {counts['failed']:4} failed"
                  f"  {took:7.1f} s  ({1000 * took / per_format:.1f} ms a case, slowest "
                  f"{counts['slowest_ms']} ms)", flush=True)
            all_failures.extend(failures)
    for failure in all_failures[:50]:
        print(f"FAIL {failure}")
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            suffix = formats[failure.fmt].suffix
            (args.keep / f"{failure.fmt}-{failure.seed}-{failure.case}{suffix}").write_bytes(
                failure.data)
    print(f"total: {len(all_failures)} failures")
    return 1 if all_failures else 0


if __name__ == "__main__":
    sys.exit(main())
