"""Filling in a questionnaire the way Word does: the content control's prompt run is
replaced by the text typed, and ``w:showingPlcHdr`` goes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from docx.oxml.ns import qn
from lxml import etree

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _run(text: str) -> etree._Element:
    run = etree.Element(qn("w:r"))
    for i, line in enumerate(text.split("\n")):
        if i:
            etree.SubElement(run, qn("w:br"))
        t = etree.SubElement(run, qn("w:t"))
        t.set(XML_SPACE, "preserve")
        t.text = line
    return run


def fill_xml(document: bytes, values: dict[str, str]) -> bytes:
    """``document.xml`` with each control tagged in ``values`` showing that text. In a
    control of whole paragraphs, each line of the text is a paragraph; a drop-down takes
    the label, a date picker the date in its fullDate too."""
    root = etree.fromstring(document)
    for sdt in root.iter(qn("w:sdt")):
        pr = sdt.find(qn("w:sdtPr"))
        tag = pr.find(qn("w:tag")).get(qn("w:val"))
        if tag not in values:
            continue
        text = values[tag]
        shown = pr.find(qn("w:showingPlcHdr"))
        if shown is not None:
            pr.remove(shown)
        date = pr.find(qn("w:date"))
        if date is not None:
            date.set(qn("w:fullDate"), f"{text}T00:00:00Z")
        content = sdt.find(qn("w:sdtContent"))
        paragraphs = content.findall(qn("w:p"))
        if not paragraphs:
            for run in content.findall(qn("w:r")):
                content.remove(run)
            content.append(_run(text))
            continue
        first = paragraphs[0]
        end = first.find(qn("w:bookmarkEnd"))
        for run in first.findall(qn("w:r")):
            first.remove(run)
        for extra in paragraphs[1:]:
            content.remove(extra)
        lines = text.split("\n")
        first.insert(len(first) - (end is not None), _run(lines[0]))
        previous = first
        for line in lines[1:]:
            p = etree.Element(qn("w:p"))
            p.append(_run(line))
            previous.addnext(p)
            previous = p
        if end is not None and len(lines) > 1:
            previous.append(end)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def rewrite(source: Path, target: Path, parts: dict[str, bytes | None]) -> Path:
    """A copy of the package ``source`` with ``parts`` replaced (None: removed) or added."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            if item.filename in parts:
                continue
            new.writestr(item, old.read(item))
        for name, data in parts.items():
            if data is not None:
                new.writestr(name, data)
    target.write_bytes(buffer.getvalue())
    return target


def fill(source: Path, target: Path, values: dict[str, str]) -> Path:
    with zipfile.ZipFile(source) as package:
        document = package.read("word/document.xml")
    return rewrite(source, target, {"word/document.xml": fill_xml(document, values)})
