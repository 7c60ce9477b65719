"""One way for every benchmark to print a figure next to its target, so `run_all.py` collects them.

Each benchmark prints its own detail as it likes, and calls :func:`figure` once per figure the
issues set a target for. The line it prints is for people; when ``NOSFRAME_BENCH_JSON`` names a
file, the figure is also appended to it as one JSON line, which `run_all.py` reads back.

    figure("full check, 2,000 roles", 0.68, "s", target=1.0, baseline=("tomllib", 0.2))

``target`` is an upper bound in the figure's own unit (every target here is "at most");
``baseline`` is a (name, value) measured in the same run, printed as a ratio. A figure whose
target is a ratio passes ``unit="x"`` and its ratio as the value.
"""

from __future__ import annotations

import json
import os


def _fmt(value: float, unit: str) -> str:
    if unit == "%":
        return f"{value:.1%}"
    if unit == "x":
        return f"{value:.2f}x"
    if unit == "s" and value < 1:
        return f"{value * 1000:.1f} ms"
    if unit == "ms":
        return f"{value:.1f} ms"
    return f"{value:.3g} {unit}".rstrip()


def figure(name: str, value: float, unit: str, *, target: float | None = None,
           baseline: tuple[str, float] | None = None, note: str = "") -> bool:
    """Print one figure (and record it for `run_all.py`); True when it meets its target."""
    met = target is None or value <= target
    parts = [f"FIGURE {name}: {_fmt(value, unit)}"]
    if baseline is not None and baseline[1] > 0:
        parts.append(f"{value / baseline[1]:.2f}x {baseline[0]} ({_fmt(baseline[1], unit)})")
    if target is not None:
        parts.append(f"target at most {_fmt(target, unit)}: {'met' if met else 'NOT MET'}")
    if note:
        parts.append(note)
    print(" | ".join(parts), flush=True)
    path = os.environ.get("NOSFRAME_BENCH_JSON")
    if path:
        record = {"name": name, "value": value, "unit": unit, "target": target, "met": met,
                  "baseline": list(baseline) if baseline else None, "note": note}
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps(record) + "\n")
    return met


def compile_sources() -> int:
    """Compile nosframe's and the plugins' sources to bytecode, as an installed package has
    it, and return how many files were compiled.

    A benchmark that starts ``nosframe`` as a process times its imports. An editable checkout
    run with ``PYTHONDONTWRITEBYTECODE=1`` (set on some machines, this one among them) never
    writes ``__pycache__``, so every start compiled all of nosframe again: 1.0-1.5 s more of
    first paint than a person's installed copy (pip compiles at install). Compiled once here
    (``__pycache__`` is git-ignored), every process the benchmark starts reads the bytecode."""
    import compileall
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    before = sum(1 for _ in root.glob("**/__pycache__/*.pyc"))
    for folder in [root / "src", *sorted((root / "plugins").glob("*/src"))]:
        if folder.is_dir():
            compileall.compile_dir(str(folder), quiet=1)
    return sum(1 for _ in root.glob("**/__pycache__/*.pyc")) - before
