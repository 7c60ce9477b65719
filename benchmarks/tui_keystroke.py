"""Keystroke-to-screen latency of ``nosframe edit`` on a large framework (target: 50 ms).

Generates a framework of N standards (default 2,000, each with 20 criteria) plus roles,
behaviours and mappings, opens it in the TUI with Textual's Pilot (headless, 120x40), and types
into fields. Each sample is the time from a key event entering the app (as the terminal driver
sends it) to the first screen update that shows the typed character (Textual's ``_display``,
called once a frame). Pilot's own round trip (``press`` + ``pause``, which waits for every
widget to go idle) is printed too, but it measures the test harness more than the app.
Scenarios:

* ``burst``: typing a standard's title quickly (recompose and checks are debounced);
* ``paced``: typing with 0.4 s between keys, so composition and checks (a worker thread) run
  after every key and the next key arrives while they may still be busy;
* ``codes``: typing into a role's standards list, which completes each code.

Run: ``.venv/bin/python benchmarks/tui_keystroke.py [--standards 2000] [--keys 30]``
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

from textual import events

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
from nosframe.plugins import load_plugins

TARGET_MS = 50.0


def big_framework(n_standards: int, n_roles: int = 60, n_behaviours: int = 12) -> Framework:
    levels = tuple(Level(i, f"Level {i}") for i in (1, 2, 3))
    values = tuple(Value(f"value-{i}", f"Value {i}") for i in range(5))
    behaviours = tuple(
        Behaviour(f"behaviour-{i}", f"Behaviour {i}", cluster=f"Cluster {i % 3}",
                  values=(f"value-{i % 5}",), levels={1: ("first",), 2: ("second",)})
        for i in range(n_behaviours))
    standards = tuple(
        Standard(f"BIG{i:04d}", f"Standard number {i}", suites=(f"Suite {i % 20:02d}",),
                 keywords=("keyword",),
                 performance=tuple(Criterion(f"P{j}", f"Performance {j}") for j in range(1, 9)),
                 knowledge=tuple(Criterion(f"K{j}", f"Knowledge {j}") for j in range(1, 13)))
        for i in range(n_standards))
    roles = tuple(
        Role(f"role-{i}", f"Role {i}", family=f"Family {i % 5}", level=str(i % 3 + 1),
             standards=tuple(f"BIG{(i * 7 + j) % n_standards:04d}" for j in range(10)),
             behaviours={f"behaviour-{j}": 1 + (i + j) % 3 for j in range(0, n_behaviours, 2)})
        for i in range(n_roles))
    mappings = tuple(Mapping(f"BIG{i:04d}", ("P1", "K2"), behaviour=f"behaviour-{i % 12}")
                     for i in range(0, n_standards, 3))
    return Framework(FrameworkInfo("big", "Big framework", organisation="Benchmark"),
                     levels=levels, values=values, behaviours=behaviours, standards=standards,
                     roles=roles, mappings=mappings)


def summary(name: str, samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    p90 = ms[int(len(ms) * 0.9) - 1] if len(ms) >= 10 else ms[-1]
    verdict = "ok" if statistics.median(ms) <= TARGET_MS and p90 <= TARGET_MS * 2 else "SLOW"
    return (f"{name:<8} n={len(ms):<3} median {statistics.median(ms):6.1f} ms   "
            f"p90 {p90:6.1f} ms   max {ms[-1]:6.1f} ms   [{verdict}]")


async def run(n_standards: int, n_keys: int) -> int:
    from nosframe.tui.app import NosframeApp
    from nosframe.editing.session import Session

    folder = Path(tempfile.mkdtemp(prefix="nosframe-bench-"))
    path = folder / "big.toml"
    t = time.perf_counter()
    save(big_framework(n_standards), path)
    print(f"generated {path.name}: {n_standards} standards, "
          f"{path.stat().st_size / 1e6:.1f} MB in {time.perf_counter() - t:.1f} s")
    plugins = load_plugins(entry_points=False)
    t = time.perf_counter()
    session = Session.open(path, plugins, today=dt.date(2025, 1, 1))
    print(f"opened and composed in {time.perf_counter() - t:.2f} s")
    app = NosframeApp(session, theme="textual-dark", cursor_blink=False)
    app.animation_level = "none"
    results: dict[str, list[float]] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        t = time.perf_counter()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        print(f"first screen and checks in {time.perf_counter() - t:.2f} s "
              f"({len(app.main.findings)} findings)")

        frames: list[tuple[float, str]] = []
        display = app._display

        def recording_display(screen, renderable):  # every frame: when, and what is shown
            focused = app.focused
            frames.append((time.perf_counter(), getattr(focused, "value", "")))
            return display(screen, renderable)

        app._display = recording_display  # type: ignore[method-assign]

        async def type_into(field: str, text: str, gap: float) -> list[float]:
            app.main.editor.focus_field(field)
            await pilot.pause()
            samples = []
            for ch in text:
                before = getattr(app.focused, "value", "")
                start = time.perf_counter()
                app._driver.send_message(events.Key(ch, ch))
                while True:  # until a frame shows the new value
                    await asyncio.sleep(0.0005)
                    shown = [t for t, value in frames if t > start and value != before]
                    if shown:
                        samples.append(shown[0] - start)
                        break
                    if time.perf_counter() - start > 10:
                        raise RuntimeError("the key never reached the screen")
                if gap:
                    await asyncio.sleep(gap)
                else:
                    await asyncio.sleep(0.03)  # a fast typist: ~30 keys a second
            return samples

        async def pilot_round_trip(text: str) -> list[float]:
            samples = []
            for ch in text:
                start = time.perf_counter()
                await pilot.press(ch)
                await pilot.pause()
                samples.append(time.perf_counter() - start)
            return samples

        app.main.go_to("standard", "BIG1234")
        await pilot.pause()
        text = ("abcdefghijklmnopqrstuvwxyz" * 4)[:n_keys]
        results["burst"] = await type_into("title", text, 0.0)
        await asyncio.sleep(0.5)
        results["paced"] = await type_into("title", text[: max(10, n_keys // 3)], 0.4)
        app.main.go_to("role", "role-7")
        await pilot.pause()
        results["codes"] = await type_into("standards", ", BIG00" + "12"[: n_keys], 0.0)
        app.main.go_to("standard", "BIG0042")
        await pilot.pause()
        app.main.editor.focus_field("title")
        await pilot.pause()
        pilot_samples = await pilot_round_trip("xyz" * 3)
        await asyncio.sleep(0.5)
        await app.workers.wait_for_complete()
        t = time.perf_counter()
        app.main.settle()
        settle_ms = (time.perf_counter() - t) * 1000
    print(f"recompose + redraw after an edit (debounced, off the keystroke path): "
          f"{settle_ms:.0f} ms")
    print(f"keystroke to screen, target {TARGET_MS:.0f} ms:")
    for name, samples in results.items():
        print("  " + summary(name, samples))
    ms = statistics.median(pilot_samples) * 1000
    print(f"Pilot press+pause round trip (harness, for reference): median {ms:.0f} ms")
    slow = any(statistics.median(s) * 1000 > TARGET_MS for s in results.values())
    return 1 if slow else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--standards", type=int, default=2000)
    parser.add_argument("--keys", type=int, default=30)
    args = parser.parse_args()
    sys.exit(asyncio.run(run(args.standards, args.keys)))


if __name__ == "__main__":
    main()
