"""Writing a build's files into one folder: all or nothing, under the folder's lock, and
never over a person's edits."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from report_builder.diagnostics import BuildError, Interrupted, printable
from report_builder.files import folder_problem
from report_builder.outputs.atomic import LOCK, locked, replace_atomically, stage, sweep
from report_builder.outputs.manifest import (
    BASES,
    read_history,
    read_reports,
    sha256,
    write_manifest,
)
from report_builder.outputs.targets import check_output_names, check_targets


def write_outputs(
    files: dict[Path, bytes],
    force: bool = False,
    history: list[Any] | None = None,
    reports: dict[Path, tuple[str, bytes]] | None = None,
) -> list[Path]:
    """Write ``files`` (all in one folder) all or nothing, and ``history`` (the records of
    the builds; by default the manifest's own are kept) into the manifest.

    ``reports`` gives, for each report among ``files``, the build it came from (the hash
    of its document.xml as built) and the report as built, which is kept in the folder
    BASES for as long as a report from that build is in the manifest.

    A file that exists and differs from what report-builder last wrote there has been
    edited by a person: refuse, unless ``force``. A file open in Word or LibreOffice,
    and a name taken by anything but a regular file, are refused even with ``force``.
    A refused or failed build leaves no folder or lock file it created.
    """
    folder = check_output_names(files)
    shown = printable(str(folder))
    blocked = folder_problem(folder)
    if blocked:
        raise BuildError(f"cannot write to {shown}: {blocked}; nothing was written")
    created = _missing_folders(folder)
    try:
        if not created:
            # Refuse before taking the lock, so that a refused build leaves no trace; the
            # checks are repeated under the lock, against a build that ended meanwhile.
            check_targets(folder, files, force)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BuildError(
                f"cannot create the folder {shown}: {exc.strerror}; nothing was written"
            ) from None
        with locked(folder):
            return _write_locked(folder, files, force, history, reports or {})
    except OSError as exc:
        raise BuildError(
            f"cannot write to {shown}: {exc.strerror}; the previous files are unchanged"
        ) from None
    finally:
        # os.path.exists, unlike Path.exists, is False for a name too long to look up.
        if created and not any(os.path.exists(path) for path in files):
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


def _write_locked(
    folder: Path,
    files: dict[Path, bytes],
    force: bool,
    history: list[Any] | None,
    reports: dict[Path, tuple[str, bytes]],
) -> list[Path]:
    sweep(folder)
    manifest, old = check_targets(folder, files, force)
    if history is None:
        kept = read_history(folder)
        history = kept if isinstance(kept, list) else []
    builds = {
        name: build
        for name, build in read_reports(folder).items()
        if (folder / name).is_file() and name in manifest
    }
    builds.update({path.name: build for path, (build, _) in reports.items()})
    _keep_bases(folder, {build: data for build, data in reports.values()})
    # Every new file is written out before any is replaced, so a full disk or a write
    # error changes nothing.
    staged: dict[Path, Path] = {}
    try:
        for path, data in files.items():
            staged[path] = stage(path, data)
        # While files are being replaced, the manifest lists both the new hash and the
        # one on disk, so a build stopped between two renames never mistakes its own
        # file for a person's edit; once all are in place it lists what is on disk.
        during = dict(manifest)
        for path, data in files.items():
            previous = old[path]
            kept = [] if previous is None else [sha256(previous)]
            during[path.name] = [sha256(data), *kept]
        write_manifest(folder, during, history, builds)
        _replace_all(staged, old)
    finally:
        for temp in staged.values():
            temp.unlink(missing_ok=True)
    for path, data in files.items():
        manifest[path.name] = [sha256(data)]
    write_manifest(folder, manifest, history, builds)
    _drop_bases(folder, set(builds.values()))
    return list(files)


def _keep_bases(folder: Path, bases: dict[str, bytes]) -> None:
    """A copy of each report as built, named by its build."""
    if not bases:
        return
    kept = folder / BASES
    kept.mkdir(exist_ok=True)
    for build, data in bases.items():
        path = kept / f"{build}.docx"
        if not path.is_file():
            replace_atomically(path, data)


def _drop_bases(folder: Path, builds: set[str]) -> None:
    """Remove the copies of builds no report in the manifest came from."""
    kept = folder / BASES
    if not kept.is_dir() or kept.is_symlink():
        return
    for path in kept.glob("*.docx"):
        if path.stem not in builds:
            with contextlib.suppress(OSError):
                path.unlink()


def _replace_all(staged: dict[Path, Path], old: dict[Path, bytes | None]) -> None:
    """Rename each staged file over its target; on failure or Ctrl+C put back the ones
    already replaced, or say exactly which files are new and which are old."""
    stop: type[BuildError | Interrupted] = BuildError
    try:
        for path, temp in staged.items():
            try:
                os.replace(temp, path)
            except OSError as exc:
                why = f"cannot replace {printable(str(path))}: {exc.strerror}"
                break
        else:
            return
    except KeyboardInterrupt:
        why, stop = "the build was interrupted (Ctrl+C) while replacing its files", Interrupted
    # A file is replaced once its temporary is gone: an interrupt may come just after a
    # rename that succeeded, before anything records it.
    done = [path for path, temp in staged.items() if not temp.exists()]
    not_restored: list[Path] = []
    for path in done:
        previous = old[path]
        try:
            if previous is None:
                path.unlink()
            else:
                replace_atomically(path, previous)
        except OSError:
            not_restored.append(path)
    if not not_restored:
        raise stop(f"{why}; the previous files are unchanged")
    old_ones = [p for p in staged if p not in not_restored]
    raise stop(
        f"{why}, and the previous version could not be put back everywhere. New (this "
        f"build): {', '.join(printable(str(p)) for p in not_restored)}. Unchanged: "
        f"{', '.join(printable(str(p)) for p in old_ones)}"
    )
