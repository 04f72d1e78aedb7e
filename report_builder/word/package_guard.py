"""The check of a Word package (.docx) from outside, before its content is used: a
template given with --template, a questionnaire sent back filled in.

The rules every such package meets are here: bounded parts and sizes, no macros or
ActiveX controls by part name or declared content type, the two parts every Word
document has, and XML parsed without entities or network access. A caller passes in the
checks only its kind of document needs, and words each refusal for its own readers.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from lxml import etree

MB = 1024 * 1024
DOCUMENT = "word/document.xml"
CONTENT_TYPES = "[Content_Types].xml"
# Parts that hold macros, matched at the end of a part's name in any case.
MACRO_PARTS = ("vbaProject.bin", "vbaData.xml")
# Content types of macro-enabled documents, macros and ActiveX controls, matched in any
# case anywhere in a type [Content_Types].xml declares.
MACRO_CONTENT = ("macroEnabled", "vbaProject", "vbaData", "activeX")
# Relationships that load macros or ActiveX controls from a part under any name, matched
# in any case at the end of a relationship's type.
MACRO_RELATIONSHIPS = ("vbaProject", "vbaProjectSignature", "wordVbaData", "activeXControlBinary")


@dataclass(frozen=True)
class PackageLimits:
    """Bounds on a package from outside; the defaults are a questionnaire's, far above
    what a filled-in one holds."""

    max_file_bytes: int = 20 * MB
    max_parts: int = 500
    max_unpacked_bytes: int = 200 * MB
    max_part_bytes: int = 50 * MB


@dataclass(frozen=True)
class TooManyParts:
    parts: int
    limit: int


@dataclass(frozen=True)
class TooLarge:
    """The parts' sizes, as their headers declare them, add up to ``unpacked`` bytes."""

    unpacked: int
    limit: int


@dataclass(frozen=True)
class MacroPart:
    """``part`` holds macros: by its name, or as the target of a relationship of type
    ``marker``."""

    part: str
    marker: str


@dataclass(frozen=True)
class MacroContent:
    part: str
    content_type: str
    marker: str


@dataclass(frozen=True)
class NotWordDocument:
    """A zip file without word/document.xml or [Content_Types].xml."""


@dataclass(frozen=True)
class PartTooLarge:
    """``part`` unpacks to more than ``limit`` bytes, whatever its header declares."""

    part: str
    limit: int


@dataclass(frozen=True)
class DamagedPart:
    """The zip file's record of ``part`` is wrong (a CRC or size that does not match)."""

    part: str
    detail: str


@dataclass(frozen=True)
class Unreadable:
    """A part is encrypted, oddly compressed or cut short."""

    detail: str


@dataclass(frozen=True)
class MalformedXml:
    part: str
    detail: str


Finding = (
    TooManyParts
    | TooLarge
    | MacroPart
    | MacroContent
    | NotWordDocument
    | PartTooLarge
    | DamagedPart
    | Unreadable
    | MalformedXml
)


class Refused(Exception):
    """The package breaks a rule; ``finding`` says which, for the caller to word."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding)
        self.finding = finding


class Package:
    """A package that passed the shared checks, whose parts are read within the limits."""

    def __init__(self, package: zipfile.ZipFile, limits: PackageLimits) -> None:
        self.zip = package
        self.limits = limits
        self.names = frozenset(info.filename for info in package.infolist())

    def read(self, name: str) -> bytes:
        """Part ``name``, read no further than the limit whatever its header declares."""
        limit = self.limits.max_part_bytes
        try:
            with self.zip.open(name) as stream:
                data = stream.read(limit + 1)
        except zipfile.BadZipFile as exc:
            raise Refused(DamagedPart(name, str(exc))) from None
        except (EOFError, zlib.error, NotImplementedError, RuntimeError) as exc:
            raise Refused(Unreadable(str(exc))) from None
        if len(data) > limit:
            raise Refused(PartTooLarge(name, limit))
        return data

    def xml(self, name: str) -> Any:
        """Part ``name`` parsed, entities and network access refused."""
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        try:
            return etree.fromstring(self.read(name), parser)
        except etree.XMLSyntaxError as exc:
            raise Refused(MalformedXml(name, str(exc))) from None


Check = Callable[[Package], None]


def guard(
    package: zipfile.ZipFile,
    limits: PackageLimits,
    checks: Sequence[Check] = (),
    parts_before_macros: bool = False,
) -> Package:
    """``package``, once it meets the shared rules and then each of ``checks``; Refused
    names the first rule it breaks. ``parts_before_macros`` looks for the document's
    required parts before its macro parts, the order templates have always been checked
    in, so that each caller's first message stays the one its users know."""
    infos = package.infolist()
    if len(infos) > limits.max_parts:
        raise Refused(TooManyParts(len(infos), limits.max_parts))
    unpacked = sum(info.file_size for info in infos)
    if unpacked > limits.max_unpacked_bytes:
        raise Refused(TooLarge(unpacked, limits.max_unpacked_bytes))
    checked = Package(package, limits)
    complete = {DOCUMENT, CONTENT_TYPES} <= checked.names
    if parts_before_macros and not complete:
        raise Refused(NotWordDocument())
    for name in sorted(checked.names):
        for marker in MACRO_PARTS:
            if name.lower().endswith(marker.lower()):
                raise Refused(MacroPart(name, marker))
    if not complete:
        raise Refused(NotWordDocument())
    for element in checked.xml(CONTENT_TYPES).iter():
        declared = element.get("ContentType") or ""
        for marker in MACRO_CONTENT:
            if marker.lower() in declared.lower():
                part = element.get("PartName") or element.get("Extension") or "?"
                raise Refused(MacroContent(part.lstrip("/"), declared, marker))
    for name in sorted(n for n in checked.names if n.endswith(".rels")):
        for relationship in checked.xml(name).iter():
            kind = (relationship.get("Type") or "").lower()
            for marker in MACRO_RELATIONSHIPS:
                if kind.endswith(f"/{marker.lower()}"):
                    target = _target(name, relationship.get("Target") or "")
                    raise Refused(MacroPart(target, marker))
    for check in checks:
        check(checked)
    return checked


def _target(relationships: str, target: str) -> str:
    """The part a relationship in the part ``relationships`` (``word/_rels/x.rels``)
    points to: relative to the folder of the part it belongs to, or from the root."""
    if target.startswith("/"):
        return target.lstrip("/")
    folder = posixpath.dirname(posixpath.dirname(relationships))
    return posixpath.normpath(posixpath.join(folder, target))
