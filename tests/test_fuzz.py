"""Mutation fuzzing in CI: every importer's input and the framework and person files, mutated,
give a valid load or a NosframeError (exit 2), never another exception or a hang.

A few hundred seeded cases here (about 2 s); the long run (``benchmarks/fuzz.py --cases 10000``,
10,000 a format) and its result are in docs/hardening.md.
"""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
FORMATS = ("toml", "json", "case", "xlsx", "moodle", "evidence", "person", "nos-export")


def _fuzz():
    spec = importlib.util.spec_from_file_location("nosframe_fuzz", ROOT / "benchmarks" / "fuzz.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fuzz = _fuzz()


@pytest.fixture(scope="module")
def formats(tmp_path_factory):
    return fuzz.build_formats(tmp_path_factory.mktemp("fuzz"))


@pytest.mark.parametrize("name", FORMATS)
def test_mutated_input_loads_or_is_refused_cleanly(formats, name, tmp_path):
    cases = {"xlsx": 30, "nos-export": 30}.get(name, 50)  # a workbook case takes 15-20 ms
    counts, failures = fuzz.run_format(formats[name], cases, seed=2026, workdir=tmp_path,
                                       time_bound=5.0)
    assert not failures, "\n".join(map(str, failures))
    assert counts["loaded"] + counts["refused"] == cases


def test_every_seed_loads(formats, tmp_path):
    """The mutations start from valid input (else the fuzzer only tests the error path)."""
    for fmt in formats.values():
        for index, seed in enumerate(fmt.seeds):
            path = tmp_path / f"{fmt.name}{index}{fmt.suffix}"
            path.write_bytes(seed)
            fmt.read(path)


def test_the_harness_reports_other_exceptions_and_hangs(tmp_path):
    def read(path):
        if path.read_bytes().startswith(b"h"):
            time.sleep(5)
        raise ValueError("boom")

    fmt = fuzz.Format("probe", ".txt", [b"hang"], read, mutator=lambda data, rng: data)
    counts, failures = fuzz.run_format(fmt, 1, seed=0, workdir=tmp_path, time_bound=0.2)
    assert counts["failed"] == 1 and "ran past 0.2 s" in failures[0].error
    fmt.seeds = [b"x"]
    counts, failures = fuzz.run_format(fmt, 2, seed=0, workdir=tmp_path, time_bound=0.2)
    assert counts["failed"] == 2 and failures[0].error.startswith("ValueError: boom")


def test_mutations_change_the_input_and_keep_a_workbook_a_zip():
    import io
    import random
    import zipfile

    rng = random.Random(1)
    data = b'[framework]\nid = "x"\n'
    assert any(fuzz.mutate(data, rng) != data for _ in range(5))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    zipped = [fuzz.mutate_zip(buffer.getvalue(), rng) for _ in range(20)]
    assert sum(zipfile.is_zipfile(io.BytesIO(z)) for z in zipped) >= 10
