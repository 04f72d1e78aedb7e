"""Reading and creating files whose names a hostile folder may have taken: only regular
files are read, never more than a bound, and new files never follow a symbolic link."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

# Absent on Windows, where neither FIFOs nor symbolic links to devices arise in practice.
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


class NotRegularFile(OSError):
    """The name is taken by a folder, a device, a FIFO, a socket or a symbolic link."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(f"{path} is {kind}, not a regular file")
        self.path = path
        self.kind = kind


class FileTooLarge(OSError):
    def __init__(self, path: Path, size: int) -> None:
        super().__init__(f"{path} is {size:,} bytes")
        self.path = path
        self.size = size


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def read_regular(path: Path, max_bytes: int, *, follow_symlinks: bool = True) -> bytes:
    """The contents of ``path``, which must be a regular file of at most ``max_bytes``.

    The kind is checked before opening, since opening a FIFO waits for a writer and a
    device may never end; the open itself does not block or follow a link when
    ``follow_symlinks`` is false, and the open file is checked again, so a name swapped
    in between is caught too.
    """
    before = os.stat(path, follow_symlinks=follow_symlinks)
    if not stat.S_ISREG(before.st_mode):
        raise NotRegularFile(path, kind_of(before.st_mode))
    if before.st_size > max_bytes:
        raise FileTooLarge(path, before.st_size)
    flags = os.O_RDONLY | NONBLOCK | _BINARY | _CLOEXEC
    if not follow_symlinks:
        flags |= NOFOLLOW
    fd = os.open(path, flags)
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):
            raise NotRegularFile(path, kind_of(opened.st_mode))
        with os.fdopen(fd, "rb", closefd=False) as source:
            data = source.read(max_bytes + 1)
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise FileTooLarge(path, len(data))
    return data


def create_exclusive(path: Path) -> int:
    """A new file at ``path`` open for writing: fails if the name exists in any form,
    symbolic links included, so nothing is ever written through a planted link."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | _BINARY | _CLOEXEC
    return os.open(path, flags, 0o644)


NAME_TOO_LONG = "a name in it is longer than this system allows; choose a shorter one"


def folder_problem(folder: Path) -> str | None:
    """Why ``folder`` cannot be a folder, when a file or a dangling link holds its name
    or one of its parents' names; None when nothing is in the way."""
    for place in (folder, *folder.parents):
        try:
            if place.is_symlink() and not place.exists():
                return f"{place} is a symbolic link to something that does not exist"
            if place.exists() and not place.is_dir():
                return f"{place} is a file, not a folder"
        except OSError as exc:
            if exc.errno == errno.ENAMETOOLONG:
                return NAME_TOO_LONG
            return f"{place}: {exc.strerror}"
    return None
