"""Reproducible .docx packages: the one timestamp a build stamps into its files, and zip
bytes that depend only on it."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import struct
import zipfile
import zlib

from lxml import etree

from report_builder.diagnostics import BuildError, printable, setting

_ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
# The last moment a zip file's DOS date fields can hold.
_ZIP_END = dt.datetime(2107, 12, 31, 23, 59, 59, tzinfo=dt.UTC)
# Whole seconds in ASCII digits, as the reproducible-builds specification defines
# SOURCE_DATE_EPOCH; a sign is read only to say that the time is before 1980.
_EPOCH = re.compile(r"-?[0-9]+")


def build_time(day: dt.date | None) -> dt.datetime:
    """The one timestamp a build stamps into its files: SOURCE_DATE_EPOCH, else the
    report's date at midnight UTC, so that the same inputs give the same bytes.

    Raises BuildError for a time a .docx (a zip file) cannot record.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return _epoch_time(epoch)
    if day is None:
        return _ZIP_EPOCH
    if not _ZIP_EPOCH.year <= day.year <= _ZIP_END.year:
        raise BuildError(
            f"the date {day.isoformat()} is outside {_ZIP_EPOCH:%Y}-{_ZIP_END:%Y}, the years a "
            f".docx file can record; give the report's date with {setting('date')} YYYY-MM-DD"
        )
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _epoch_time(epoch: str) -> dt.datetime:
    """The time SOURCE_DATE_EPOCH gives, refused rather than clamped when a .docx cannot
    hold it: a build that silently stamps another time is not reproducible."""
    if not _EPOCH.fullmatch(epoch):
        raise BuildError(
            f"SOURCE_DATE_EPOCH={printable(epoch)} is not a Unix time in seconds; give "
            f"whole seconds in the digits 0-9, such as {int(_ZIP_EPOCH.timestamp())} for "
            f"{_ZIP_EPOCH:%Y-%m-%d}, or unset it"
        )
    first, last = int(_ZIP_EPOCH.timestamp()), int(_ZIP_END.timestamp())
    # Python refuses to read a number of thousands of digits: one longer than the last
    # time a .docx can hold is after it.
    digits = epoch.lstrip("-").lstrip("0") or "0"
    if epoch.startswith("-"):
        seconds = -1
    else:
        seconds = int(digits) if len(digits) <= len(str(last)) else last + 1
    if seconds < first:
        raise BuildError(
            f"SOURCE_DATE_EPOCH={epoch} is before {_ZIP_EPOCH:%Y}, the first year a .docx "
            f"file can record; give a Unix time in seconds from {first} "
            f"({_ZIP_EPOCH:%Y-%m-%d}), or unset it"
        )
    if seconds > last:
        raise BuildError(
            f"SOURCE_DATE_EPOCH={epoch} is after {_ZIP_END:%Y}, the last year a .docx "
            "file can record; give a Unix time in seconds, or unset it"
        )
    return dt.datetime.fromtimestamp(seconds, dt.UTC)


def reproducible_docx(data: bytes, stamp: dt.datetime) -> bytes:
    """The same .docx with every zip timestamp set to ``stamp`` (see ``build_time``).

    python-docx stamps zip entries with the current time. Rather than unpack and
    recompress the package, rewrite the date fields in place in each entry's local and
    central headers (and the attributes that depend on the writing system), which keeps
    the compressed data as it is.
    """
    stamp = max(stamp, _ZIP_EPOCH)
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


# The custom property in which a report records the hash of its document.xml as built
# (word/render.py writes it), by which ``update`` finds the build a draft came from, and
# ``built_as_is`` knows a report without the manifest.
BUILD_PROPERTY = "report-builder build"
# And the hashes of the files written beside it, by name (JSON), and of its own parts but
# the custom properties (``parts_digest``).
FILES_PROPERTY = "report-builder files"
PARTS_PROPERTY = "report-builder parts"
# For ``update``: the credits the report shows and the reports it chose them from, each
# as {entity id: [paragraph, …]}.
CREDITS_PROPERTY = "report-builder credits"
REPORTS_PROPERTY = "report-builder reports"
# What parts_digest leaves out: the custom properties, which hold the digest, and the
# package's indexes, which python-docx writes as it saves.
_UNDIGESTED = ("[Content_Types].xml", "docProps/custom.xml")
_CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
_PART_LIMIT = 256 * 1024 * 1024
_MAX_PARTS = 2000


def parts_digest(parts: dict[str, bytes]) -> str:
    """One hash of a package's parts (by name, without a leading '/') but its custom
    properties, content types and relationships: an edit to any other part changes it."""
    digest = hashlib.sha256()
    for name in sorted(parts):
        if name in _UNDIGESTED or name.endswith(".rels"):
            continue
        digest.update(name.encode("utf-8") + b"\0" + hashlib.sha256(parts[name]).digest())
    return digest.hexdigest()


def built_as_is(data: bytes) -> dict[str, str] | None:
    """For the .docx ``data`` that is a report as report-builder built it (its recorded
    build is the hash of its document.xml, and no other part changed either), the hashes
    of the files written beside it, by name; None for any other file."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            if len(names) > _MAX_PARTS or not {"docProps/custom.xml", "word/document.xml"} <= names:
                return None
            parts: dict[str, bytes] = {}
            for name in names:
                with package.open(name) as part:
                    parts[name] = part.read(_PART_LIMIT + 1)
                if len(parts[name]) > _PART_LIMIT:
                    return None
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        root = etree.fromstring(parts["docProps/custom.xml"], parser)
    except (
        zipfile.BadZipFile,
        OSError,
        ValueError,
        EOFError,
        RuntimeError,
        zlib.error,
        etree.XMLSyntaxError,
    ):
        return None
    recorded = {
        p.get("name"): "".join(str(t) for t in p.itertext())
        for p in root.iter(f"{_CUSTOM}property")
    }
    if recorded.get(BUILD_PROPERTY) != hashlib.sha256(parts["word/document.xml"]).hexdigest():
        return None
    if recorded.get(PARTS_PROPERTY) != parts_digest(parts):
        return None
    try:
        files = json.loads(recorded.get(FILES_PROPERTY) or "{}")
    except ValueError:
        files = {}
    if not isinstance(files, dict):
        return {}
    return {str(k): v for k, v in files.items() if isinstance(v, str)}
