"""Writing the build's files: reproducibly, atomically, and never over a person's edits."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import hashlib
import io
import json
import os
import struct
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from .diagnostics import BuildError

MANIFEST = ".report-builder-manifest.json"
# The manifest's key for the records of the builds (what each read), beside the hashes of
# the files written, which are keyed by file name.
HISTORY = "builds"
LOCK = ".report-builder.lock"
TEMP_PREFIX = ".report-builder-tmp-"
_ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)


def build_time(day: dt.date | None) -> dt.datetime:
    """The one timestamp a build stamps into its files: SOURCE_DATE_EPOCH, else the
    report's date at midnight UTC, so that the same inputs give the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    if day is None:
        return _ZIP_EPOCH
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def reproducible_docx(data: bytes, day: dt.date | None) -> bytes:
    """The same .docx with every zip timestamp set to ``build_time(day)``.

    python-docx stamps zip entries with the current time. Rather than unpack and
    recompress the package, rewrite the date fields in place in each entry's local and
    central headers (and the attributes that depend on the writing system), which keeps
    the compressed data as it is.
    """
    stamp = max(build_time(day), _ZIP_EPOCH)
    dos_time = (stamp.hour << 11) | (stamp.minute << 5) | (stamp.second // 2)
    dos_date = ((stamp.year - 1980) << 9) | (stamp.month << 5) | stamp.day
    out = bytearray(data)
    end = out.rfind(b"PK\x05\x06")
    if end < 0:
        raise ValueError("not a zip file")
    entries, _, directory = struct.unpack_from("<HII", out, end + 10)
    at = directory
    for _ in range(entries):
        if out[at : at + 4] != b"PK\x01\x02":
            raise ValueError("damaged zip central directory")
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", out, at + 28)
        (local,) = struct.unpack_from("<I", out, at + 42)
        out[at + 5] = 3  # made on Unix, whatever system ran the build
        struct.pack_into("<HH", out, at + 12, dos_time, dos_date)
        struct.pack_into("<I", out, at + 38, 0o644 << 16)
        struct.pack_into("<HH", out, local + 10, dos_time, dos_date)
        at += 46 + name_len + extra_len + comment_len
    return bytes(out)


def check_parts(data: bytes, name: str) -> None:
    """Parse every XML part strictly, as Word does: a build never writes a broken draft."""
    parser = etree.XMLParser(recover=False, resolve_entities=False, huge_tree=True)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for info in package.infolist():
            if info.filename.endswith((".xml", ".rels")):
                try:
                    etree.fromstring(package.read(info), parser)
                except etree.XMLSyntaxError as exc:
                    raise BuildError(
                        f"{name}: part {info.filename} is not well-formed XML ({exc}); "
                        "nothing was written"
                    ) from None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    with open(folder / LOCK, "a+b") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(
                f"another build is writing to {folder}; try again when it has finished"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _read_manifest(folder: Path) -> dict[str, list[str]]:
    """File name -> hashes of what report-builder last wrote there (newest first)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    manifest: dict[str, list[str]] = {}
    for name, hashes in data.items():
        if name == HISTORY:
            continue
        listed = [hashes] if isinstance(hashes, str) else hashes
        if isinstance(listed, list):
            manifest[str(name)] = [h for h in listed if isinstance(h, str)]
    return manifest


def read_history(folder: Path) -> Any:
    """The build records kept in ``folder``'s manifest, as stored: [] without a manifest,
    None when the manifest cannot be read (what changed since the last build is then
    unknown, but edited files are still never overwritten)."""
    path = folder / MANIFEST
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    return data.get(HISTORY, []) if isinstance(data, dict) else None


def _write_atomically(path: Path, data: bytes) -> Path:
    """Write ``data`` to a temporary file beside ``path``; returns it, ready to rename.

    Where the system allows, the file is written unnamed (O_TMPFILE) and given its name
    only once complete, so a build killed while writing leaves no partial file behind.
    """
    temp = path.with_name(f"{TEMP_PREFIX}{os.getpid()}-{path.name}")
    try:
        try:
            _write_unnamed(path.parent, temp, data)
        except (AttributeError, FileNotFoundError, IsADirectoryError, NotImplementedError):
            _write(os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644), data)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def _write(fd: int, data: bytes) -> None:
    with os.fdopen(fd, "wb", closefd=False) as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())


def _write_unnamed(folder: Path, name: Path, data: bytes) -> None:
    try:
        fd = os.open(folder, os.O_TMPFILE | os.O_WRONLY, 0o644)
    except OSError as exc:
        if exc.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
            raise NotImplementedError from exc
        raise
    try:
        _write(fd, data)
        root = os.open("/", os.O_RDONLY)
        try:
            # With a src_dir_fd, os.link calls linkat(AT_SYMLINK_FOLLOW), which links the
            # open file itself rather than the /proc symlink to it.
            os.link(f"/proc/self/fd/{fd}", name, src_dir_fd=root)
        finally:
            os.close(root)
    finally:
        os.close(fd)


def write_outputs(
    files: dict[Path, bytes], force: bool = False, history: list[Any] | None = None
) -> list[Path]:
    """Write ``files`` (all in one folder) all or nothing, and ``history`` (the build
    records) into the manifest.

    A file that exists and differs from what report-builder last wrote there has been
    edited by a person: refuse, unless ``force``.
    """
    folders = {path.parent for path in files}
    if len(folders) != 1:
        raise ValueError("write_outputs writes into one folder")
    folder = folders.pop()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildError(f"cannot create the folder {folder}: {exc.strerror}") from None
    try:
        with _locked(folder):
            return _write_locked(folder, files, force, history)
    except OSError as exc:
        raise BuildError(
            f"cannot write to {folder}: {exc.strerror}; the previous files are unchanged"
        ) from None


def _write_locked(
    folder: Path, files: dict[Path, bytes], force: bool, history: list[Any] | None
) -> list[Path]:
    for stale in folder.glob(f"{TEMP_PREFIX}*"):
        stale.unlink(missing_ok=True)
    manifest = _read_manifest(folder)
    for path, data in files.items():
        if force or not path.exists():
            continue
        current = sha256(path.read_bytes())
        if current in manifest.get(path.name, []) or current == sha256(data):
            continue
        what = (
            "was changed since report-builder wrote it (edited in Word?)"
            if path.name in manifest
            else "exists and was not written by report-builder"
        )
        raise BuildError(
            f"{path} {what}, so it is left as it is. Write the new draft elsewhere with "
            "--output FILE, or replace it with --force"
        )
    for path, data in files.items():
        # The previous hash stays listed until the new file is in place, so a build
        # stopped between the renames below does not mistake its own file for an edit.
        new = sha256(data)
        manifest[path.name] = [new, *(h for h in manifest.get(path.name, []) if h != new)][:2]
    stored: dict[str, Any] = dict(manifest)
    kept = read_history(folder) if history is None else history
    if kept:
        stored[HISTORY] = kept
    manifest_bytes = (json.dumps(stored, indent=2, sort_keys=True) + "\n").encode()
    temps: list[tuple[Path, Path]] = []
    try:
        temps.append((_write_atomically(folder / MANIFEST, manifest_bytes), folder / MANIFEST))
        for path, data in files.items():
            temps.append((_write_atomically(path, data), path))
        for temp, path in temps:
            os.replace(temp, path)
    finally:
        for temp, _ in temps:
            temp.unlink(missing_ok=True)
    return list(files)
