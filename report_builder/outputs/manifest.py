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
# The manifest's keys for the records of the builds and for the build each report came
# from, beside the hashes of the files written, which are keyed by file name (no output's
# name is one of these: outputs end in .docx, .json or .csv).
HISTORY = "builds"
REPORTS = "reports"
# The folder beside the outputs that keeps a copy of each report as built, named by the
# hash of its document.xml, which ``update`` compares a reviewer's draft with.
BASES = ".report-builder"
# The writer keeps the manifest within this size (see ``manifest_data``), so the reader's
# limit is never what refuses a manifest report-builder wrote.
MAX_MANIFEST_BYTES = 32 * 1024 * 1024

# File name -> hashes of what report-builder wrote there (newest first).
Hashes = dict[str, list[str]]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(folder: Path) -> Hashes | None:
    """What report-builder last wrote in ``folder``, by file name; None for a manifest
    that is there but cannot be read, which vouches for nothing."""
    path = folder / MANIFEST
    if not path.exists() and not path.is_symlink():
        return {}
    try:
        raw = read_regular(path, MAX_MANIFEST_BYTES, follow_symlinks=False)
        data = json.loads(raw)
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    manifest: Hashes = {}
    for name, hashes in data.items():
        if name in (HISTORY, REPORTS):
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


def read_reports(folder: Path) -> dict[str, str]:
    """The build each report in ``folder`` came from (the hash of its document.xml as
    built), by file name; empty when the manifest cannot be read."""
    try:
        data = json.loads(
            read_regular(folder / MANIFEST, MAX_MANIFEST_BYTES, follow_symlinks=False)
        )
    except (OSError, ValueError, RecursionError):
        return {}
    reports = data.get(REPORTS) if isinstance(data, dict) else None
    if not isinstance(reports, dict):
        return {}
    return {str(k): v for k, v in reports.items() if isinstance(v, str)}


def manifest_data(
    manifest: Hashes, history: list[Any], reports: dict[str, str], limit: int = MAX_MANIFEST_BYTES
) -> bytes:
    """The manifest as written: within ``limit`` bytes, the oldest records of the builds
    left out first (the latest is always kept), so that the reader never refuses it."""
    records = list(history)
    while True:
        stored: dict[str, Any] = dict(manifest)
        if records:
            stored[HISTORY] = records
        if reports:
            stored[REPORTS] = reports
        data = (json.dumps(stored, indent=1, sort_keys=True) + "\n").encode()
        if len(data) <= limit or not records:
            return data
        records = records[1:] if len(records) > 1 else []


def write_manifest(
    folder: Path, manifest: Hashes, history: list[Any], reports: dict[str, str]
) -> None:
    replace_atomically(folder / MANIFEST, manifest_data(manifest, history, reports))
