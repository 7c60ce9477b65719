"""The one atomic writer (issue 9 defect 8): failures name the target and leave no temp file;
text and bytes alike; the target's mode is kept."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from pathlib import Path

import pytest

from nosframe.io import NosframeError, atomic_write, save
from nosframe.io.atomic import WriteError, replacing
from nosframe.model import Framework, FrameworkInfo

DATA = Path(__file__).parent / "data"


def fail_with(code: int):
    def broken(*args, **kwargs):
        raise OSError(code, os.strerror(code), "/somewhere/.x.toml.abc123.tmp")

    return broken


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("content", ["text é\n", b"\x00bytes\xff"])
def test_new_files_get_0644_text_or_bytes(tmp_path, content):
    old = os.umask(0o077)  # a strict umask must not make bytes 0600 and text 0644
    try:
        atomic_write(tmp_path / "out", content)
    finally:
        os.umask(old)
    assert mode(tmp_path / "out") == 0o644
    expected = content.encode() if isinstance(content, str) else content
    assert (tmp_path / "out").read_bytes() == expected


@pytest.mark.parametrize("content", ["text\n", b"bytes"])
def test_the_target_keeps_its_mode(tmp_path, content):
    target = tmp_path / "out"
    target.write_text("old")
    target.chmod(0o600)
    atomic_write(target, content)
    assert mode(target) == 0o600


@pytest.mark.parametrize("where, code, words", [
    ("fsync", errno.ENOSPC, "No space left on device"),
    ("replace", errno.EROFS, "Read-only file system"),
    ("mkstemp", errno.EROFS, "Read-only file system"),
    ("chmod", errno.EPERM, "Operation not permitted"),
])
@pytest.mark.parametrize("content", ["text\n", b"bytes"])
def test_failures_name_the_target_and_leave_no_temp_file(tmp_path, monkeypatch, where, code,
                                                          words, content):
    target = tmp_path / "northshire.toml"
    target.write_text("the old content")
    module = tempfile if where == "mkstemp" else os
    monkeypatch.setattr(module, where, fail_with(code))
    with pytest.raises(WriteError) as caught:
        atomic_write(target, content)
    assert str(caught.value).splitlines()[0] == f"cannot write {target}: {words}"
    assert ".tmp" not in str(caught.value) and caught.value.hint
    assert isinstance(caught.value, NosframeError) and isinstance(caught.value, OSError)
    assert caught.value.errno == code and caught.value.location.file == str(target)
    monkeypatch.undo()
    assert target.read_text() == "the old content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["northshire.toml"]


def test_an_interrupted_writer_leaves_no_temp_file(tmp_path):
    with pytest.raises(KeyboardInterrupt):
        with replacing(tmp_path / "db") as tmp:
            tmp.write_bytes(b"half")
            raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_a_symlink_keeps_pointing_at_the_file(tmp_path):
    real = tmp_path / "real.toml"
    real.write_text("old")
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    atomic_write(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


def test_save_on_a_full_disk(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "fsync", fail_with(errno.ENOSPC))
    with pytest.raises(WriteError, match=r"cannot write .*a\.toml: No space left on device"):
        save(Framework(FrameworkInfo(id="x")), tmp_path / "a.toml")
    assert list(tmp_path.iterdir()) == []


def test_cli_export_on_a_full_disk_names_the_output(tmp_path, monkeypatch, cli_run):
    source = tmp_path / "mini.toml"
    shutil.copy(DATA / "mini.toml", source)
    monkeypatch.setattr(os, "fsync", fail_with(errno.ENOSPC))
    out = tmp_path / "mini.json"
    result = cli_run("export", source, "--to", "json", "-o", out)
    assert result.exit_code == 2
    assert f"error: cannot write {out}: No space left on device" in result.stderr
    assert ".tmp" not in result.stderr
    # nothing left beside the source (the tests' NOSFRAME_HOME, with its cache, lives here too)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "nosframe-home") == [
        "mini.toml"]


def test_editor_save_on_a_read_only_file_system(tmp_path, monkeypatch, tui_plugins, force_file):
    from nosframe.editing import Retitle, Session

    session = Session.open(force_file, tui_plugins)
    session.do(Retitle("role", "custody-officer", "Custody sergeant"), check=False)
    before = force_file.read_text()
    monkeypatch.setattr(os, "replace", fail_with(errno.EROFS))
    with pytest.raises(NosframeError, match="cannot write .*force.toml: Read-only file system"):
        session.save()
    monkeypatch.undo()
    assert force_file.read_text() == before and session.dirty
    assert sorted(p.name for p in force_file.parent.iterdir()) == ["force.toml"]


def test_no_other_copy_of_the_writer():
    """mkstemp and os.replace appear in one module of src/ and plugins/: nosframe.io.atomic."""
    root = Path(__file__).parents[1]
    users = sorted(str(p.relative_to(root)) for folder in ("src", "plugins")
                   for p in (root / folder).rglob("*.py")
                   if any(word in p.read_text(encoding="utf-8")
                          for word in ("mkstemp", "os.replace(")))
    assert users == ["src/nosframe/io/atomic.py"]


def test_an_error_without_a_file_name_is_not_prefixed_with_a_colon(tmp_path, monkeypatch,
                                                                   cli_run):
    import nosframe.cli as cli_module

    source = tmp_path / "mini.toml"
    shutil.copy(DATA / "mini.toml", source)

    def no_name(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(cli_module, "_load", no_name)
    result = cli_run("show", source)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: No space left on device"), result.stderr
