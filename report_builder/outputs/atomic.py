"""Atomic writes: a file appears whole under its name or not at all, and one build at a
time writes into a folder (its lock file)."""

from __future__ import annotations

import contextlib
import errno
import importlib
import os
import re
import secrets
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from report_builder.diagnostics import BuildError, printable
from report_builder.files import NOFOLLOW, NONBLOCK, create_exclusive, kind_of

LOCK = ".report-builder.lock"
TEMP_PREFIX = ".report-builder-tmp-"
# Temporaries are named TEMP_PREFIX, a hex token, '-' and the target's name; only such
# names are swept, and no output may start with TEMP_PREFIX.
_TEMP_NAME = re.compile(re.escape(TEMP_PREFIX) + r"[0-9a-f]+-.+", re.DOTALL)


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold ``folder``'s lock for the block. Refuses at once, without waiting, while
    another build holds it, and refuses a lock file that is not a regular file."""
    path = folder / LOCK
    # Checked by name first, for Windows, which has no O_NOFOLLOW; elsewhere the open
    # also refuses a link planted in between, and the open file is checked again.
    _refuse_odd_lock(path)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | NOFOLLOW | NONBLOCK, 0o644)
    except OSError:
        _refuse_odd_lock(path)
        raise
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise BuildError(
                f"{printable(str(path))} is {kind_of(mode)}; remove it, then build again"
            )
        unlock = _try_lock(fd)
        if unlock is None:
            raise BuildError(
                f"another build is writing to {printable(str(folder))}; try again when it "
                "has finished"
            )
        try:
            yield
        finally:
            unlock()
    finally:
        os.close(fd)


def _refuse_odd_lock(path: Path) -> None:
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        raise BuildError(f"{printable(str(path))} is {kind_of(mode)}; remove it, then build again")


def _try_lock(fd: int) -> Callable[[], None] | None:
    """Lock ``fd`` without waiting; returns how to unlock, or None when another process
    holds it. fcntl exists only on Unix and msvcrt only on Windows, so each is imported
    when needed, never when the package is."""
    try:
        import fcntl
    except ImportError:
        return _try_lock_windows(fd)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return None
    return lambda: fcntl.flock(fd, fcntl.LOCK_UN)


def _try_lock_windows(fd: int) -> Callable[[], None] | None:
    # Looked up at run time: type checkers on Unix do not know msvcrt's names.
    msvcrt = importlib.import_module("msvcrt")
    os.lseek(fd, 0, os.SEEK_SET)
    try:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError:
        return None

    def unlock() -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

    return unlock


def stage(path: Path, data: bytes) -> Path:
    """Write ``data`` to a new temporary file beside ``path``; returns it, ready to rename.

    Where the system allows (Linux), the file is written unnamed (O_TMPFILE) and given its
    name only once complete, so a build killed while writing leaves no partial file.
    Elsewhere the temporary is named from the start, created exclusively (never through
    a symbolic link); a killed build's leftover is swept by the next build and, being
    hidden, is never read as a submission or taken for a draft.
    """
    temp = path.with_name(f"{TEMP_PREFIX}{secrets.token_hex(8)}-{_name_end(path.name)}")
    try:
        try:
            _write_unnamed(path.parent, temp, data)
        except (AttributeError, FileNotFoundError, IsADirectoryError, NotImplementedError):
            fd = create_exclusive(temp)
            try:
                _write_synced(fd, data)
            finally:
                os.close(fd)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def _name_end(name: str, limit: int = 150) -> str:
    """The end of ``name`` in at most ``limit`` bytes, so that a temporary named after a
    long target still fits the 255 bytes a name may have (an 'é' takes two)."""
    tail = os.fsencode(name)[-limit:]
    # Never begin inside a character: drop the rest of one cut at its start.
    while tail and 0x80 <= tail[0] < 0xC0:
        tail = tail[1:]
    return os.fsdecode(tail)


def _write_synced(fd: int, data: bytes) -> None:
    """Write all of ``data`` and fsync, so that the rename that follows never exposes a
    partial file after a crash."""
    # os.write may write less than it was given; the rest goes in the next call.
    rest = memoryview(data)
    while rest:
        rest = rest[os.write(fd, rest) :]
    os.fsync(fd)


def _write_unnamed(folder: Path, name: Path, data: bytes) -> None:
    try:
        fd = os.open(folder, os.O_TMPFILE | os.O_WRONLY, 0o644)
    except OSError as exc:
        if exc.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
            raise NotImplementedError from exc
        raise
    try:
        _write_synced(fd, data)
        root = os.open("/", os.O_RDONLY)
        try:
            # With a src_dir_fd, os.link calls linkat(AT_SYMLINK_FOLLOW), which links the
            # open file itself rather than the /proc symlink to it. Linking fails when the
            # name exists, a symbolic link included.
            os.link(f"/proc/self/fd/{fd}", name, src_dir_fd=root)
        finally:
            os.close(root)
    finally:
        os.close(fd)


def replace_atomically(path: Path, data: bytes) -> None:
    """Put ``data`` under ``path`` in one rename: a reader sees the old file or the new."""
    temp = stage(path, data)
    try:
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def sweep(folder: Path) -> None:
    """Remove what killed builds left: temporaries only, never a file named otherwise."""
    for entry in os.scandir(folder):
        if _TEMP_NAME.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
            Path(entry.path).unlink(missing_ok=True)
