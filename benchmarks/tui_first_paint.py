"""TUI first paint: from starting ``nosframe edit FILE`` to the first frame that shows the file.

    .venv/bin/python benchmarks/tui_first_paint.py [--library PATH | --rows-json FILE | --no-library]
        [--roles 2000 --standards 5000 --mappings 50000] [--repeat 5]

Each sample is a real process in a pseudo-terminal of 120x40: the clock starts just before
``fork`` and stops when the terminal has received the first frame showing what is looked for
(its text, with the colour codes taken out); then ctrl+q quits it. What is looked for:

* ``content``: the framework's own title as the file states it (the editor's title field and
  heading), so the tree and the editor are on screen with the file's details;
* ``screen``: the editor's own screen (the tree's headings), which for a large file opening in
  the background shows its loading state first;
* ``ready``: the problems panel with the checks' counts and no "checking…" (everything filled in).

Measured, interleaved, ``--repeat`` times each (the median is the figure):

* a trivial Textual app (one label) as the baseline: Python, Textual and the first frame alone;
* the largest example of ``frameworks/`` (by roles + standards), with the national library
  installed (the real UK NOS list exports of ../shared/data/nos imported into a temporary
  ``NOSFRAME_HOME``, as benchmarks/search_bench.py does): ``content``, target under 1.5 s;
* a generated framework (benchmarks/generate.py: --roles, --standards, --mappings, as
  benchmarks/check_bench.py uses it): ``screen``, target under 2 s, with ``content`` and
  ``ready`` shown beside it.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate import generate  # noqa: E402
from report import compile_sources, figure  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED_NOS = ROOT.parent / "shared" / "data" / "nos"
EXPORTS = [SHARED_NOS / "PublishedNos_Details.xlsx", SHARED_NOS / "PublishedNos-old_Details.xlsx"]
NOSFRAME = Path(sys.executable).parent / "nosframe"
EXAMPLE_TARGET = 1.5  # seconds (issue 13)
LARGE_TARGET = 2.0
COLS, ROWS = 120, 40
SGR = re.compile(rb"\x1b\[[0-9;:]*m")  # colours and styles: text runs join up without them
READY = re.compile(rb"Problems \d+ errors? \xc2\xb7 \d+ warnings? \xc2\xb7 \d+ info([^\x1b]*)\x1b")
TRIVIAL = ("from textual.app import App\nfrom textual.widgets import Label\n"
           "class Trivial(App):\n    def compose(self):\n        yield Label('trivial app ready')\n"
           "Trivial().run()\n")


def ready(text: bytes) -> bool:
    return any("checking".encode() not in m.group(1) for m in READY.finditer(text))


def paint_times(argv: list[str], env: dict[str, str], looks: dict[str, object],
                timeout: float = 120.0) -> dict[str, float]:
    """Seconds from fork to the first output containing each of ``looks`` (bytes, or a
    function of the output so far) in a pseudo-terminal; then ctrl+q, and the process ends."""
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: a terminal of COLS x ROWS, then the command
        try:
            fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
            os.execve(argv[0], argv, env)
        finally:
            os._exit(127)
    raw = bytearray()
    found: dict[str, float] = {}
    deadline = start + timeout
    try:
        while len(found) < len(looks) and time.perf_counter() < deadline:
            if not select.select([fd], [], [], 0.05)[0]:
                continue
            try:
                chunk = os.read(fd, 1 << 16)
            except OSError:
                break
            if not chunk:
                break
            now = time.perf_counter()
            raw += chunk
            text = SGR.sub(b"", bytes(raw))
            for name, look in looks.items():
                if name not in found and (look(text) if callable(look) else look in text):
                    found[name] = now - start
        os.write(fd, b"\x11")  # ctrl+q: nothing was edited, so it quits at once
        end = time.perf_counter() + 10
        while time.perf_counter() < end:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            if select.select([fd], [], [], 0.05)[0]:
                try:
                    os.read(fd, 1 << 16)
                except OSError:
                    pass
        else:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    finally:
        os.close(fd)
    missing = set(looks) - set(found)
    if missing:
        tail = SGR.sub(b"", bytes(raw))[-2000:].decode("utf-8", "replace")
        raise RuntimeError(f"{' '.join(argv)}: never showed {sorted(missing)}; last output:\n"
                           f"{tail}")
    return found


def title_of(path: Path) -> bytes:
    """What the editor shows of the file's framework title (its first 30 characters)."""
    info = tomllib.loads(path.read_text(encoding="utf-8")).get("framework", {})
    return str(info.get("title") or info.get("id")).encode()[:30]


def largest_example() -> Path:
    from nosframe.editing.session import Session
    from nosframe.plugins import load_plugins

    plugins = load_plugins()  # as nosframe edit loads them

    def size(path: Path) -> int:
        fw = Session.open(path, plugins).composed.framework
        return len(fw.roles) + len(fw.standards)

    return max(sorted((ROOT / "frameworks").glob("*.toml")), key=size)


def build_library(args: argparse.Namespace, home: Path) -> str:
    """The national library in ``home`` (or the one named); what was installed, for people."""
    db = home / "library.sqlite"
    if args.no_library:
        return "no library installed"
    if args.library:
        db.symlink_to(args.library.resolve())
        return f"library {args.library}"
    if args.rows_json:
        from search_bench import build_from_rows

        (home / "rows").mkdir()
        built = build_from_rows(args.rows_json, home / "rows")
        db.symlink_to(built)
        return f"a library of {args.rows_json.name}'s rows"
    missing = [p for p in EXPORTS if not p.is_file()]
    if missing:
        return f"no library ({', '.join(map(str, missing))} not found: ../shared is absent)"
    from nosframe.library import import_exports

    t = time.perf_counter()
    report = import_exports(EXPORTS, db)
    return (f"the national library ({report.codes:,} codes, imported in "
            f"{time.perf_counter() - t:.1f} s)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--library", type=Path, help="a library file already built")
    where.add_argument("--rows-json", type=Path, help="build a small library from these rows")
    where.add_argument("--no-library", action="store_true")
    parser.add_argument("--roles", type=int, default=2000)
    parser.add_argument("--standards", type=int, default=5000)
    parser.add_argument("--mappings", type=int, default=50000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"bytecode: {compile_sources()} source files compiled (as an installed copy has them)")
    with tempfile.TemporaryDirectory(prefix="nosframe-paint-") as tmp:
        home = Path(tmp)
        print(f"installed: {build_library(args, home)}")
        example = largest_example()
        t = time.perf_counter()
        large = generate(home / "large", standards=args.standards, roles=args.roles,
                         mappings=args.mappings)[-1]
        size = sum(p.stat().st_size for p in large.parent.glob("*.toml")) / 1e6
        print(f"generated: {args.roles} roles, {args.standards} standards, {args.mappings} "
              f"mappings ({size:.1f} MB) in {time.perf_counter() - t:.1f} s; largest example: "
              f"{example.name}")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("NOSFRAME_", "TEXTUAL"))}
        env.update(NOSFRAME_HOME=str(home), NOSFRAME_TUI_CONFIG=str(home / "no-config.toml"),
                   TERM="xterm-256color", COLORTERM="truecolor")
        cases = {
            "trivial": ([sys.executable, "-c", TRIVIAL], {"content": b"trivial app ready"}),
            "example": ([str(NOSFRAME), "edit", str(example)],
                        {"content": title_of(example), "ready": ready}),
            "large": ([str(NOSFRAME), "edit", str(large)],
                      {"screen": b"Roles", "content": title_of(large), "ready": ready}),
        }
        samples: dict[str, dict[str, list[float]]] = {c: {} for c in cases}
        for _ in range(args.repeat):  # interleaved: the machine's load falls on every case
            for case, (argv, looks) in cases.items():
                for name, value in paint_times(argv, env, looks).items():
                    samples[case].setdefault(name, []).append(value)
    med = {case: {name: statistics.median(v) for name, v in got.items()}
           for case, got in samples.items()}
    for case, got in samples.items():
        print(f"  {case:<8} " + "   ".join(
            f"{name} median {statistics.median(v):.2f} s (min {min(v):.2f}, max {max(v):.2f})"
            for name, v in got.items()))
    trivial = ("a trivial Textual app", med["trivial"]["content"])
    ok = figure(f"TUI first paint, largest example ({example.name}), library installed",
                med["example"]["content"], "s", target=EXAMPLE_TARGET, baseline=trivial,
                note=f"median of {args.repeat}, process start to the frame with its title")
    ok &= figure(f"TUI first paint, {args.roles:,}-role framework", med["large"]["screen"], "s",
                 target=LARGE_TARGET, baseline=trivial,
                 note=(f"median of {args.repeat}, process start to the editor's screen; its "
                       f"content at {med['large']['content']:.2f} s, checked at "
                       f"{med['large']['ready']:.2f} s"))
    return 0 if ok or args.rows_json or args.no_library else 1


if __name__ == "__main__":
    sys.exit(main())
