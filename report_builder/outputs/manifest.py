"""The manifest: for each file report-builder wrote in a folder, the hashes of what it
wrote there, which tell its own files from a person's edits; and the records of the builds
(what each read)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from report_builder.files import read_regular
from report_builder.outputs.atomic import replace_atomically

MANIFEST = ".report-builder-manifest.json"
# The manifest's key for the records of the builds, beside the hashes of the files
# written, which are keyed by file name.
HISTORY = "builds"
MAX_MANIFEST_BYTES = 1024 * 1024

# File name -> hashes of what report-builder wrote there (newest first).
Hashes = dict[str, list[str]]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(folder: Path) -> Hashes:
    """What report-builder last wrote in ``folder``, by file name.

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
    manifest: Hashes = {}
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
    if not path.exists() and not path.is_symlink():
        return []
    try:
        data = json.loads(read_regular(path, MAX_MANIFEST_BYTES, follow_symlinks=False))
    except (OSError, ValueError, RecursionError):
        return None
    return data.get(HISTORY, []) if isinstance(data, dict) else None


def write_manifest(folder: Path, manifest: Hashes, history: list[Any]) -> None:
    stored: dict[str, Any] = dict(manifest)
    if history:
        stored[HISTORY] = history
    data = (json.dumps(stored, indent=2, sort_keys=True) + "\n").encode()
    replace_atomically(folder / MANIFEST, data)
