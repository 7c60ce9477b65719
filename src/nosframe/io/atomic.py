"""The one atomic writer: readers see the old file or the new one, never half of either.

Everything nosframe writes (framework files, exports, the recovery journal, the national
library's database) goes through :func:`replacing`: a temporary file beside the target, synced,
given the target's mode (a new file gets 0644, text or bytes alike), then renamed over it. On any
failure the temporary file is removed and the error names the target, never the temporary file
(``cannot write northshire.toml: No space left on device``).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator

from nosframe.io.errors import NosframeError
from nosframe.model.findings import Location

#: the mode of a file nosframe creates (an existing file keeps its own)
NEW_FILE_MODE = 0o644


class WriteError(NosframeError, OSError):
    """A file could not be written (full disk, read-only file system, no permission ...).

    Also an :class:`OSError`, so code that handles those keeps working."""

    def __init__(self, path: Path, exc: OSError):
        self.reason = exc.strerror or str(exc) or type(exc).__name__
        super().__init__(f"cannot write {path}: {self.reason}",
                         location=Location(file=str(path)), hint=_hint(exc))
        self.errno = exc.errno
        self.strerror = self.reason
        self.filename = str(path)

    def __str__(self) -> str:
        text = self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


def _hint(exc: OSError) -> str:
    import errno

    return {
        errno.ENOSPC: "free some space on that disk, then save again",
        errno.EROFS: "the folder is on a read-only file system: save to another folder",
        errno.EACCES: "you may not write there: check the folder's permissions",
        errno.EPERM: "you may not write there: check the folder's permissions",
        errno.ENOENT: "the folder does not exist: create it first",
    }.get(exc.errno or 0, "")


@contextlib.contextmanager
def replacing(path: str | os.PathLike, *, mode: int | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``path`` to write; on leaving the block it replaces
    ``path`` (synced, with the target's mode, or ``mode`` when given: 0o600 for what is
    personal data). On any failure it is removed, and an :class:`OSError` becomes a
    :class:`WriteError` naming ``path``."""
    path = Path(path)
    target = path.resolve() if path.is_symlink() else path  # a link keeps pointing at the file
    tmp: Path | None = None
    try:
        try:
            fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                        dir=target.parent)
        except OSError as exc:
            raise WriteError(path, exc) from None
        os.close(fd)
        tmp = Path(name)
        yield tmp
        try:
            if mode is None:
                try:
                    mode = target.stat().st_mode & 0o7777
                except FileNotFoundError:
                    mode = NEW_FILE_MODE
            os.chmod(tmp, mode)
            os.replace(tmp, target)
            tmp = None
        except OSError as exc:
            raise WriteError(path, exc) from None
        _sync_folder(target.parent)
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (a crash right after it keeps the new file); a folder
    that cannot be opened or synced (some file systems) is no failure of the write."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path: str | os.PathLike, content: str | bytes, *,
                 mode: int | None = None) -> None:
    """Write text (UTF-8, ``\\n`` line ends as given) or bytes to ``path`` atomically (``mode``:
    the file's mode, else the target's own or, for a new file, :data:`NEW_FILE_MODE`)."""
    path = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
    with replacing(path, mode=mode) as tmp:
        try:
            with open(tmp, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            raise WriteError(path, exc) from None


__all__ = ["NEW_FILE_MODE", "WriteError", "atomic_write", "replacing"]
