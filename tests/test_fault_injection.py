"""Fault injection: a save, a library import or an evidence import interrupted at any step (a
write, fsync, chmod or rename failing; the process killed with SIGKILL mid-way) leaves the old
file or the new one, never a partial one, and the editor's journal still recovers the edits.

The kill tests run a child process that stops itself at one step (the function there is
replaced by one that writes a marker and sleeps), and kill it there with SIGKILL.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import nosframe
from nosframe.editing import Retitle, Session
from nosframe.io import NosframeError
from nosframe.plugins import load_plugins

DATA = Path(__file__).parent / "data"
NEW_TITLE = "Police constable (after the save)"

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")


@pytest.fixture(scope="module")
def plugins():
    return load_plugins(entry_points=False)


def _edited_session(path: Path, plugins) -> Session:
    session = Session.open(path, plugins)
    session.do(Retitle("role", "constable", NEW_TITLE), check=False)
    session.write_journal()
    return session


def _title(path: Path, plugins) -> str:
    return Session.open(path, plugins).element("role", "constable").title


def _assert_recovers(path: Path, plugins) -> None:
    recovery = Session.open(path, plugins).read_journal()
    assert recovery is not None
    assert {r.id: r.title for r in recovery.framework.roles}["constable"] == NEW_TITLE


# -- a step failing, in process -------------------------------------------------------------

class _Broken:
    """``open`` of nosframe.io.atomic whose handles fail on write."""

    def __init__(self, real):
        self.real = real

    def __call__(self, *args, **kwargs):
        handle = self.real(*args, **kwargs)
        real_write = handle.write

        def write(data):
            real_write(data[: len(data) // 2])  # half of it reaches the temporary file
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        handle.write = write
        return handle


@pytest.mark.parametrize("step", ["mkstemp", "write", "fsync", "chmod", "replace"])
def test_a_save_failing_at_any_step_keeps_the_old_file_and_the_journal(tmp_path, plugins,
                                                                      monkeypatch, step):
    import tempfile

    import nosframe.io.atomic as atomic

    path = tmp_path / "mini.toml"
    shutil.copy(DATA / "mini.toml", path)
    old = path.read_bytes()
    session = _edited_session(path, plugins)

    def fail(*args, **kwargs):
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    if step == "write":
        monkeypatch.setattr(atomic, "open", _Broken(open), raising=False)
    else:
        monkeypatch.setattr(tempfile if step == "mkstemp" else os, step, fail)
    with pytest.raises(NosframeError, match=f"cannot write {path}"):
        session.save()
    monkeypatch.undo()
    assert path.read_bytes() == old and session.dirty
    # (nosframe-home is the tests' NOSFRAME_HOME: the cache of compositions opening wrote)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "nosframe-home") == [
        ".mini.toml.nosframe-journal", "mini.toml"]
    _assert_recovers(path, plugins)
    session.save()  # the disk is back: the same session saves
    assert _title(path, plugins) == NEW_TITLE and not session.journal.exists()


# -- killed mid-way, in a child process -----------------------------------------------------

CHILD_PRELUDE = """
import os, sys, time
from pathlib import Path

def stop_at(owner, name, marker, after=False):
    real = getattr(owner, name)
    def stopped(*args, **kwargs):
        if after:
            result = real(*args, **kwargs)
        Path(marker).write_text(name)
        time.sleep(60)
        return result if after else real(*args, **kwargs)
    setattr(owner, name, stopped)
"""


def _kill_when_stopped(code: str, marker: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", CHILD_PRELUDE + textwrap.dedent(code)],
                             stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not marker.exists():
        if child.poll() is not None:
            pytest.fail(f"the child ended before the step: {child.stderr.read()}")
        assert time.monotonic() < deadline, "the child never reached the step"
        time.sleep(0.02)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    child.stderr.close()
    assert child.returncode == -signal.SIGKILL


# where the child stops: (owner, function, after the call?); half-write stops mid-write
SAVE_STEPS = {
    "half-written": None,
    "before fsync": ("os", "fsync", False),
    "before rename": ("os", "replace", False),
    "after rename": ("os", "replace", True),
}


@pytest.mark.parametrize("step", list(SAVE_STEPS))
def test_a_save_killed_at_any_step_leaves_old_or_new_and_the_journal_recovers(
        tmp_path, plugins, step):
    path = tmp_path / "mini.toml"
    shutil.copy(DATA / "mini.toml", path)
    old = path.read_bytes()
    marker = tmp_path / "stopped"
    where = SAVE_STEPS[step]
    if where is None:
        stop = f"""
import nosframe.io.atomic as atomic
real_open = open
def half_open(*args, **kwargs):
    handle = real_open(*args, **kwargs)
    real_write = handle.write
    def write(data):
        real_write(data[: len(data) // 2]); handle.flush()
        Path({str(marker)!r}).write_text("write"); time.sleep(60)
    handle.write = write
    return handle
atomic.open = half_open
"""
    else:
        stop = f"stop_at({where[0]}, {where[1]!r}, {str(marker)!r}, after={where[2]})"
    _kill_when_stopped(f"""
from nosframe.editing import Retitle, Session
from nosframe.plugins import load_plugins
session = Session.open(Path({str(path)!r}), load_plugins(entry_points=False))
session.do(Retitle("role", "constable", {NEW_TITLE!r}), check=False)
session.write_journal()
{stop}
session.save()
""", marker)
    text = path.read_bytes()
    if step == "after rename":
        assert _title(path, plugins) == NEW_TITLE  # the new file, whole
    else:
        assert text == old  # the old file, whole
    _assert_recovers(path, plugins)  # the journal, written before the save, is still there
    leftovers = [p.name for p in tmp_path.iterdir()
                 if p.name not in ("mini.toml", ".mini.toml.nosframe-journal", "stopped",
                                   "nosframe-home")]
    assert all(name.startswith(".mini.toml.") and name.endswith(".tmp") for name in leftovers)


def test_an_evidence_import_killed_before_its_commit_leaves_the_store_as_it_was(tmp_path):
    from nosframe.evidence import import_evidence, open_store

    framework = nosframe.load(DATA / "evidence" / "team.toml").framework
    store = tmp_path / "evidence.sqlite"
    import_evidence(DATA / "evidence" / "team.csv", framework, store)
    with open_store(store) as opened:
        before = opened.totals()
    smaller = tmp_path / "other" / "team.csv"  # same name: its rows replace the first file's
    smaller.parent.mkdir()
    smaller.write_text("\n".join((DATA / "evidence" / "team.csv").read_text().splitlines()[:3])
                       + "\n")
    marker = tmp_path / "stopped"
    _kill_when_stopped(f"""
import nosframe
from nosframe.evidence import import_evidence
from nosframe.evidence.store import EvidenceStore
stop_at(EvidenceStore, "_replace", {str(marker)!r}, after=True)  # rows written, no COMMIT
framework = nosframe.load({str(DATA / "evidence" / "team.toml")!r}).framework
import_evidence({str(smaller)!r}, framework, {str(store)!r})
""", marker)
    with open_store(store) as opened:
        assert opened.totals() == before
    summary = import_evidence(smaller, framework, store)  # and the store takes the next import
    assert summary.replaced and summary.totals["criterion_evidence"] < \
        before["criterion_evidence"]


def _write_export(path: Path, codes: list[str]) -> Path:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "library_conftest", Path(__file__).parent / "library" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write_export(path, [module._nos_row(code) for code in codes])


def test_a_library_import_killed_before_its_rename_leaves_the_old_library(tmp_path):
    from nosframe.library.store import import_exports, open_library

    db = tmp_path / "lib" / "library.sqlite"
    import_exports([_write_export(tmp_path / "a.xlsx", ["SFJAA1"])], db)
    old = db.read_bytes()
    second = _write_export(tmp_path / "b.xlsx", ["SFJAB1", "SFJAC1"])
    marker = tmp_path / "stopped"
    _kill_when_stopped(f"""
import nosframe.library.store as store
stop_at(store, "_write", {str(marker)!r}, after=True)  # the new library written, not renamed
store.import_exports([{str(second)!r}], {str(db)!r})
""", marker)
    assert db.read_bytes() == old
    library = open_library(db)
    assert library.size() == 1 and library.get("SFJAB1") is None
    import_exports([second], db)
    assert open_library(db).size() == 3


def test_a_library_import_failing_in_its_transaction_leaves_the_old_library(tmp_path,
                                                                           monkeypatch):
    import sqlite3

    import nosframe.library.store as store

    db = tmp_path / "library.sqlite"
    store.import_exports([_write_export(tmp_path / "a.xlsx", ["SFJAA1"])], db)
    old = db.read_bytes()

    def disk_full(conn, *args):
        conn.execute("BEGIN")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store, "_write", disk_full)
    with pytest.raises(NosframeError, match="library"):
        store.import_exports([_write_export(tmp_path / "b.xlsx", ["SFJAB1"])], db)
    assert db.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "b.xlsx", "library.sqlite"]


def test_the_person_view_killed_after_an_edit_leaves_a_journal_that_recovers_it(tmp_path):
    """The person view (driven by Pilot in a child process) adds evidence and is killed with
    SIGKILL before any save: the record is as it was, and its journal (mode 0600) gives the
    edit back to the next session."""
    from nosframe.editing.person import PersonSession
    from nosframe.editing.session import journal_path

    record = tmp_path / "person.toml"
    text = ('# a test record (fictional)\n[person]\nid = "T-1"\nrole = "constable"\n\n'
            '[[evidence]]\nstandard = "SFJAA1"\ncriterion = "P1"\ndate = 2026-01-10\n')
    record.write_text(text, encoding="utf-8")
    marker = tmp_path / "stopped"
    _kill_when_stopped(f"""
import asyncio, datetime as dt
import nosframe
from nosframe.editing.person import PersonSession
from nosframe.plugins import load_plugins
from nosframe.tui.person_app import PersonApp

async def main():
    composed = nosframe.load({str(DATA / "mini.toml")!r}, load_plugins(entry_points=False))
    app = PersonApp(PersonSession.open({str(record)!r}), composed, "constable",
                    dt.date(2026, 12, 3))
    async with app.run_test(size=(80, 24)) as pilot:
        for key in ("down", "down", "a", "tab", "S", "g", "t", "space", "K", "enter"):
            await pilot.press(key)
        await pilot.pause()
        assert app.session.dirty, "the evidence was not added"
        Path({str(marker)!r}).write_text("added")
        time.sleep(60)

asyncio.run(main())
""", marker)
    assert record.read_text(encoding="utf-8") == text  # nothing saved
    journal = journal_path(record)
    assert journal.stat().st_mode & 0o777 == 0o600
    session = PersonSession.open(record)
    recovery = session.read_journal()
    assert recovery is not None and recovery.base_matches
    assert recovery.changes == ("add evidence of SFJAA1 K1",)
    session.recover(recovery)
    added = session.person.evidence[-1]
    assert (added.criterion, added.assessor, added.date.isoformat()) == ("K1", "Sgt K",
                                                                         "2026-12-03")
