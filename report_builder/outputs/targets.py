"""What a build may replace: names that are not its own bookkeeping, and files that no
editor has open, that are regular files, and that report-builder wrote, unless the person
replaces their edits with --force."""

from __future__ import annotations

import os
from pathlib import Path

from report_builder.diagnostics import BuildError, printable, setting
from report_builder.files import FileTooLarge, NotRegularFile, read_regular
from report_builder.outputs.atomic import LOCK, TEMP_PREFIX
from report_builder.outputs.manifest import MANIFEST, Hashes, read_manifest, sha256
from report_builder.outputs.package import built_as_is

# A draft is a few megabytes; a larger file under an output's name was not written by
# report-builder, and reading it whole to hash it could exhaust memory.
MAX_OUTPUT_BYTES = 256 * 1024 * 1024


def _shown(path: Path) -> str:
    return printable(str(path))


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


def open_in_editor(path: Path) -> Path | None:
    """The lock file of the editor that has ``path`` open, if one is beside it."""
    return next((o for o in owner_files(path) if o.exists() or o.is_symlink()), None)


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


def check_targets(
    folder: Path, files: dict[Path, bytes], force: bool
) -> tuple[Hashes, dict[Path, bytes | None]]:
    """The manifest, and what each target holds now (None: absent). Refuses a target
    open in an editor, not a regular file, edited by a person (unless ``force``), or
    that cannot be replaced."""
    recorded = read_manifest(folder)
    manifest = recorded if recorded is not None else _vouched(files)
    old: dict[Path, bytes | None] = {}
    for path, data in files.items():
        owner = open_in_editor(path)
        if owner is not None:
            raise BuildError(
                f"{_shown(path)} is open in Word or LibreOffice (its lock file "
                f"{_shown(owner)} is beside it), so it is left as it is. Close it and "
                "build again, or write the new draft elsewhere with "
                f"{setting('output')} FILE. If no editor has it open, delete the lock file"
            )
        try:
            current = read_regular(path, MAX_OUTPUT_BYTES, follow_symlinks=False)
        except FileNotFoundError:
            old[path] = None
            continue
        except NotRegularFile as exc:
            raise BuildError(
                f"{_shown(path)} is {exc.kind}, not a file report-builder wrote, so it is "
                f"left as it is; write the draft elsewhere with {setting('output')} FILE"
            ) from None
        except FileTooLarge as exc:
            raise BuildError(
                f"{_shown(path)} is {exc.size:,} bytes, too large to be a file "
                "report-builder wrote, so it is left as it is; move it away or write the "
                f"draft elsewhere with {setting('output')} FILE"
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
            "cannot be told from an edited file, as the manifest cannot be read"
            if recorded is None
            else "was changed since report-builder wrote it (edited in Word?)"
            if path.name in manifest
            else "exists and was not written by report-builder"
        )
        raise BuildError(
            f"{_shown(path)} {what}, so it is left as it is. Write the new draft elsewhere "
            f"with {setting('output')} FILE, or replace it with {setting('force')}"
        )
    return manifest, old


def _vouched(files: dict[Path, bytes]) -> Hashes:
    """Without a readable manifest, what the reports among ``files`` as they are on disk
    vouch for: a report whose recorded build still matches its content is
    report-builder's, and so are the files whose hashes it records."""
    vouched: Hashes = {}
    for path in files:
        if path.suffix.lower() != ".docx":
            continue
        try:
            current = read_regular(path, MAX_OUTPUT_BYTES, follow_symlinks=False)
        except OSError:
            continue
        siblings = built_as_is(current)
        if siblings is not None:
            vouched.setdefault(path.name, []).append(sha256(current))
            for name, digest in siblings.items():
                vouched.setdefault(name, []).append(digest)
    return vouched
