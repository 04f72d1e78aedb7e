"""Writing the build's files: reproducibly, atomically, and never over a person's edits."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import importlib
import json
import os
import re
import secrets
import stat
import struct
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from report_builder.diagnostics import BuildError, printable
from report_builder.files import (
    FileTooLarge,
    NotRegularFile,
    create_exclusive,
    folder_problem,
    kind_of,
    read_regular,
)

MANIFEST = ".report-builder-manifest.json"
# The manifest's key for the records of the builds (what each read), beside the hashes of
# the files written, which are keyed by file name.
HISTORY = "builds"
LOCK = ".report-builder.lock"
TEMP_PREFIX = ".report-builder-tmp-"
# Temporaries are named TEMP_PREFIX, a hex token, '-' and the target's name; only such
# names are swept, and no output may start with TEMP_PREFIX.
_TEMP_NAME = re.compile(re.escape(TEMP_PREFIX) + r"[0-9a-f]+-.+", re.DOTALL)
# A draft is a few megabytes; a larger file under an output's name was not written by
# report-builder, and reading it whole to hash it could exhaust memory.
MAX_OUTPUT_BYTES = 256 * 1024 * 1024
_ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
# The last moment a zip file's DOS date fields can hold.
_ZIP_END = dt.datetime(2107, 12, 31, 23, 59, 58, tzinfo=dt.UTC)


def build_time(day: dt.date | None) -> dt.datetime:
    """The one timestamp a build stamps into its files: SOURCE_DATE_EPOCH, else the
    report's date at midnight UTC, so that the same inputs give the same bytes.

    Raises BuildError for a time a .docx (a zip file) cannot record.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        seconds = int(epoch)
        if seconds > _ZIP_END.timestamp():
            raise BuildError(
                f"SOURCE_DATE_EPOCH={seconds} is after {_ZIP_END:%Y}, the last year a .docx "
                "file can record; give a Unix time in seconds, or unset it"
            )
        return dt.datetime.fromtimestamp(seconds, dt.UTC)
    if day is None:
        return _ZIP_EPOCH
    if not _ZIP_EPOCH.year <= day.year <= _ZIP_END.year:
        raise BuildError(
            f"the date {day.isoformat()} is outside {_ZIP_EPOCH:%Y}-{_ZIP_END:%Y}, the years a "
            ".docx file can record; give the report's date with --date YYYY-MM-DD"
        )
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


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    path = folder / LOCK
    # Checked by name first, for Windows, which has no O_NOFOLLOW; elsewhere the open
    # also refuses a link planted in between, and the open file is checked again.
    _refuse_odd_lock(path)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | _NOFOLLOW | _NONBLOCK, 0o644)
    except OSError:
        _refuse_odd_lock(path)
        raise
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise BuildError(f"{_shown(path)} is {kind_of(mode)}; remove it, then build again")
        unlock = _try_lock(fd)
        if unlock is None:
            raise BuildError(
                f"another build is writing to {_shown(folder)}; try again when it has finished"
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
        raise BuildError(f"{_shown(path)} is {kind_of(mode)}; remove it, then build again")


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


def _shown(path: Path) -> str:
    return printable(str(path))


def _read_manifest(folder: Path) -> dict[str, list[str]]:
    """File name -> hashes of what report-builder last wrote there (newest first).

    A manifest that cannot be read vouches for nothing, so every existing output then
    counts as not written by report-builder and is left alone.
    """
    try:
        raw = read_regular(folder / MANIFEST, MAX_MANIFEST_BYTES, follow_symlinks=False)
        data = json.loads(raw)
    except (OSError, ValueError, RecursionError):
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


MAX_MANIFEST_BYTES = 1024 * 1024


def read_history(folder: Path) -> Any:
    """The build records kept in ``folder``'s manifest, as stored: [] without a manifest,
    None when the manifest cannot be read (what changed since the last build is then
    unknown, but edited files are still never overwritten)."""
    path = folder / MANIFEST
    if not path.exists() and not path.is_symlink():
        return []
    try:
        data = json.loads(read_regular(path, MAX_MANIFEST_BYTES, follow_symlinks=False))
    except (OSError, ValueError, RecursionError):
        return None
    return data.get(HISTORY, []) if isinstance(data, dict) else None


def _manifest_bytes(manifest: dict[str, list[str]], history: list[Any]) -> bytes:
    stored: dict[str, Any] = dict(manifest)
    if history:
        stored[HISTORY] = history
    return (json.dumps(stored, indent=2, sort_keys=True) + "\n").encode()


def _write_atomically(path: Path, data: bytes) -> Path:
    """Write ``data`` to a new temporary file beside ``path``; returns it, ready to rename.

    Where the system allows (Linux), the file is written unnamed (O_TMPFILE) and given its
    name only once complete, so a build killed while writing leaves no partial file.
    Elsewhere the temporary is named from the start, created exclusively (never through
    a symbolic link); a killed build's leftover is swept by the next build and, being
    hidden, is never read as a submission or taken for a draft.
    """
    # The target's name is shortened so that a long one still leaves a valid temporary name.
    temp = path.with_name(f"{TEMP_PREFIX}{secrets.token_hex(8)}-{path.name[-150:]}")
    try:
        try:
            _write_unnamed(path.parent, temp, data)
        except (AttributeError, FileNotFoundError, IsADirectoryError, NotImplementedError):
            fd = create_exclusive(temp)
            try:
                _write(fd, data)
            finally:
                os.close(fd)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def _write(fd: int, data: bytes) -> None:
    """Write, flush and fsync, so that the rename that follows never exposes a partial
    file after a crash."""
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
            # open file itself rather than the /proc symlink to it. Linking fails when the
            # name exists, a symbolic link included.
            os.link(f"/proc/self/fd/{fd}", name, src_dir_fd=root)
        finally:
            os.close(root)
    finally:
        os.close(fd)


def _replace_with(path: Path, data: bytes) -> None:
    temp = _write_atomically(path, data)
    try:
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def owner_files(path: Path) -> list[Path]:
    """The files an editor leaves beside a document it has open.

    Word's owner file is '~$' followed by the name, of which it drops the first
    character when the name before the extension has 7 characters and the first two
    when it has 8 or more (the owner file keeps the length of the original 8.3 name);
    LibreOffice's is '.~lock.NAME#'.
    """
    name = path.name
    stem = len(path.stem)
    word = "~$" + (name if stem < 7 else name[1:] if stem == 7 else name[2:])
    # A name longer than a file system holds cannot be there (and asking would fail).
    return [path.with_name(n) for n in (word, f".~lock.{name}#") if len(n.encode()) <= 255]


def check_output_names(files: dict[Path, bytes]) -> Path:
    """The one folder ``files`` go to; refuses names that belong to the build's own
    bookkeeping or that clash with each other (as Windows and macOS compare them)."""
    folders = {path.parent for path in files}
    if len(folders) != 1:
        raise ValueError("write_outputs writes into one folder")
    seen: dict[str, Path] = {}
    for path in files:
        key = path.name.casefold()
        if key in (MANIFEST.casefold(), LOCK.casefold()) or key.startswith(TEMP_PREFIX):
            raise BuildError(
                f"{_shown(path)}: report-builder keeps its own records under this name; "
                "choose another name"
            )
        if key in seen:
            raise BuildError(
                f"{_shown(path)} and {_shown(seen[key])} would be the same file; choose "
                "another name for the draft"
            )
        seen[key] = path
    return folders.pop()


def write_outputs(
    files: dict[Path, bytes], force: bool = False, history: list[Any] | None = None
) -> list[Path]:
    """Write ``files`` (all in one folder) all or nothing, and ``history`` (the records of
    the builds; by default the manifest's own are kept) into the manifest.

    A file that exists and differs from what report-builder last wrote there has been
    edited by a person: refuse, unless ``force``. A file open in Word or LibreOffice,
    and a name taken by anything but a regular file, are refused even with ``force``.
    A refused or failed build leaves no folder or lock file it created.
    """
    folder = check_output_names(files)
    blocked = folder_problem(folder)
    if blocked:
        raise BuildError(f"cannot write to {_shown(folder)}: {blocked}; nothing was written")
    created = _missing_folders(folder)
    try:
        if not created:
            # Refuse before taking the lock, so that a refused build leaves no trace; the
            # checks are repeated under the lock, against a build that ended meanwhile.
            _check_targets(folder, files, force)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BuildError(
                f"cannot create the folder {_shown(folder)}: {exc.strerror}; nothing was written"
            ) from None
        with _locked(folder):
            return _write_locked(folder, files, force, history)
    except OSError as exc:
        raise BuildError(
            f"cannot write to {_shown(folder)}: {exc.strerror}; the previous files are unchanged"
        ) from None
    finally:
        if created and not any(path.exists() for path in files):
            _remove_created(created)


def _missing_folders(folder: Path) -> list[Path]:
    """The folders that ``folder.mkdir(parents=True)`` would create, deepest first."""
    missing: list[Path] = []
    while not folder.exists() and not folder.is_symlink() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    return missing


def _remove_created(created: list[Path]) -> None:
    with contextlib.suppress(OSError):
        (created[0] / LOCK).unlink(missing_ok=True)
        for folder in created:
            folder.rmdir()


def _check_targets(
    folder: Path, files: dict[Path, bytes], force: bool
) -> tuple[dict[str, list[str]], dict[Path, bytes | None]]:
    """The manifest, and what each target holds now (None: absent). Refuses a target
    open in an editor, not a regular file, edited by a person (unless ``force``), or
    that cannot be replaced."""
    manifest = _read_manifest(folder)
    old: dict[Path, bytes | None] = {}
    for path, data in files.items():
        for owner in owner_files(path):
            if owner.exists() or owner.is_symlink():
                raise BuildError(
                    f"{_shown(path)} is open in Word or LibreOffice (its lock file "
                    f"{_shown(owner)} is beside it), so it is left as it is. Close it and "
                    "build again, or write the new draft elsewhere with --output FILE. If no "
                    "editor has it open, delete the lock file"
                )
        try:
            current = read_regular(path, MAX_OUTPUT_BYTES, follow_symlinks=False)
        except FileNotFoundError:
            old[path] = None
            continue
        except NotRegularFile as exc:
            raise BuildError(
                f"{_shown(path)} is {exc.kind}, not a file report-builder wrote, so it is "
                "left as it is; write the draft elsewhere with --output FILE"
            ) from None
        except FileTooLarge as exc:
            raise BuildError(
                f"{_shown(path)} is {exc.size:,} bytes, too large to be a file "
                "report-builder wrote, so it is left as it is; move it away or write the "
                "draft elsewhere with --output FILE"
            ) from None
        except OSError as exc:
            # A symbolic link, refused by O_NOFOLLOW (ELOOP), or a file that cannot be read.
            what = "a symbolic link" if path.is_symlink() else exc.strerror
            raise BuildError(f"{_shown(path)}: {what}; it is left as it is") from None
        old[path] = current
        if not os.access(path, os.W_OK):
            raise BuildError(
                f"{_shown(path)} cannot be replaced (it is read-only or locked); nothing "
                "was written"
            )
        digest = sha256(current)
        if force or digest in manifest.get(path.name, []) or digest == sha256(data):
            continue
        what = (
            "was changed since report-builder wrote it (edited in Word?)"
            if path.name in manifest
            else "exists and was not written by report-builder"
        )
        raise BuildError(
            f"{_shown(path)} {what}, so it is left as it is. Write the new draft elsewhere "
            "with --output FILE, or replace it with --force"
        )
    return manifest, old


def _sweep(folder: Path) -> None:
    """Remove what killed builds left: temporaries only, never a file named otherwise."""
    for entry in os.scandir(folder):
        if _TEMP_NAME.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
            Path(entry.path).unlink(missing_ok=True)


def _write_locked(
    folder: Path, files: dict[Path, bytes], force: bool, history: list[Any] | None
) -> list[Path]:
    _sweep(folder)
    manifest, old = _check_targets(folder, files, force)
    if history is None:
        kept = read_history(folder)
        history = kept if isinstance(kept, list) else []
    # Every new file is written out before any is replaced, so a full disk or a write
    # error changes nothing.
    staged: dict[Path, Path] = {}
    try:
        for path, data in files.items():
            staged[path] = _write_atomically(path, data)
        # While files are being replaced, the manifest lists both the new hash and the
        # one on disk, so a build stopped between two renames never mistakes its own
        # file for a person's edit; once all are in place it lists what is on disk.
        during = dict(manifest)
        for path, data in files.items():
            previous = old[path]
            kept = [] if previous is None else [sha256(previous)]
            during[path.name] = [sha256(data), *kept]
        _replace_with(folder / MANIFEST, _manifest_bytes(during, history))
        _replace_all(staged, old)
    finally:
        for temp in staged.values():
            temp.unlink(missing_ok=True)
    for path, data in files.items():
        manifest[path.name] = [sha256(data)]
    _replace_with(folder / MANIFEST, _manifest_bytes(manifest, history))
    return list(files)


def _replace_all(staged: dict[Path, Path], old: dict[Path, bytes | None]) -> None:
    """Rename each staged file over its target; on failure put back the ones already
    replaced, or say exactly which files are new and which are old."""
    done: list[Path] = []
    for path, temp in staged.items():
        try:
            os.replace(temp, path)
        except OSError as exc:
            why = f"cannot replace {_shown(path)}: {exc.strerror}"
            break
        done.append(path)
    else:
        return
    not_restored: list[Path] = []
    for path in done:
        previous = old[path]
        try:
            if previous is None:
                path.unlink()
            else:
                _replace_with(path, previous)
        except OSError:
            not_restored.append(path)
    if not not_restored:
        raise BuildError(f"{why}; the previous files are unchanged")
    old_ones = [p for p in staged if p not in not_restored]
    raise BuildError(
        f"{why}, and the previous version could not be put back everywhere. New (this "
        f"build): {', '.join(_shown(p) for p in not_restored)}. Unchanged: "
        f"{', '.join(_shown(p) for p in old_ones)}"
    )
