"""Filling in a questionnaire the way Word does: the content control's prompt run is
replaced by the text typed, and ``w:showingPlcHdr`` goes."""

from __future__ import annotations

import io
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

from click.testing import Result
from docx.oxml.ns import qn
from lxml import etree

from .conftest import soffice

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


_MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1"
 script:language="StarBasic">
Sub Fill
  Dim hidden(0) As New com.sun.star.beans.PropertyValue
  hidden(0).Name = "Hidden"
  hidden(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL("{source}"), "_blank", 0, hidden())
  marks = doc.getBookmarks()
{sets}
  Dim filter(0) As New com.sun.star.beans.PropertyValue
  filter(0).Name = "FilterName"
  filter(0).Value = "MS Word 2007 XML"
  doc.storeToURL(ConvertToURL("{target}"), filter())
  doc.close(True)
End Sub
</script:module>
"""


def fill_in_libreoffice(source: Path, target: Path, values: dict[str, str], work: Path) -> Path:
    """Fill the questionnaire in LibreOffice, as a person would there: a Basic macro types
    each value over the bookmark named after its field, and saves as Word 2007-365. Skips
    the test where LibreOffice is not installed."""
    profile = f"-env:UserInstallation=file://{work}/profile"
    run = [soffice(), "--headless", profile]
    subprocess.run([*run, "--terminate_after_init"], capture_output=True, timeout=300, check=False)

    def basic(text: str) -> str:
        return escape(text.replace('"', '""'))

    sets = "\n".join(
        f'  marks.getByName("{tag.replace(".", "_")}").getAnchor().setString("{basic(value)}")'
        for tag, value in values.items()
    )
    module = _MACRO.format(source=basic(str(source)), target=basic(str(target)), sets=sets)
    (work / "profile" / "user" / "basic" / "Standard" / "Module1.xba").write_text(
        module, encoding="utf-8"
    )
    macro = "vnd.sun.star.script:Standard.Module1.Fill?language=Basic&location=application"
    subprocess.run([*run, macro], capture_output=True, timeout=300, check=False)
    assert target.exists(), "LibreOffice did not save the filled-in questionnaire"
    return target


def returned_by_eca(
    cli: Callable[..., Result],
    inputs: Path,
    tmp_path: Path,
    fields: dict[str, str],
    exit_code: int = 0,
) -> tuple[Path, Result]:
    """ECA's questionnaire, made by new-submission, filled in on paragraph 108 with
    ``fields`` (its summary, highlight, …) and imported with ``exit_code``: the file and
    the import's result."""
    made = cli("new-submission", "ECA", "2027", "--format", "docx", "--inputs", str(inputs))
    assert made.exit_code == 0, made.output
    values = {"submitted": "2027-01-31", "report.108.status": "In progress"}
    values.update({f"report.108.{key}": text for key, text in fields.items()})
    returned = fill(Path("outputs/2027/questionnaires/eca.docx"), tmp_path / "eca.docx", values)
    result = cli("import", str(returned), "--inputs", str(inputs))
    assert result.exit_code == exit_code, result.output
    return returned, result
