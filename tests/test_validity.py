"""Every .docx report-builder writes is valid WordprocessingML, as an independent ECMA-376
validator sees it, and opens in a word processor without repairs or phantom revisions."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from report_builder import build

from .conftest import INPUTS, TEMPLATE, convert, ooxml_errors, write
from .test_hostile import SPECIAL

DAY = dt.date(2027, 3, 15)


@pytest.fixture(scope="module")
def sample_draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample") / "WSIS-report-2027-draft.docx"
    build(2027, inputs=INPUTS, template=TEMPLATE, output=out, date=DAY)
    return out


@pytest.fixture(scope="module")
def hostile_draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Markup, template syntax, six scripts and emoji in every kind of field."""
    root = tmp_path_factory.mktemp("hostile")
    inputs = root / "inputs"
    shutil.copytree(INPUTS, inputs, ignore=shutil.ignore_patterns("2027"))
    reports = "\n".join(
        f"  - paragraph: {p}\n    status: ongoing\n    summary: {json.dumps(text, ensure_ascii=False)}\n"
        f"    challenges: {json.dumps(text, ensure_ascii=False)}\n    activities: [{json.dumps(text, ensure_ascii=False)}]\n"
        f"    indicators: [{{name: {json.dumps(text, ensure_ascii=False)}, value: 1, unit: {json.dumps(text, ensure_ascii=False)}}}]"
        for p, text in zip((67, 110, 111, 112, 113, 53, 100, 23), SPECIAL, strict=True)
    )
    write(
        inputs / "2027" / "itu.yaml",
        f"entity: ITU\ncycle: 2027\nsubmitted: 2027-01-31\nreports:\n{reports}\n",
    )
    out = root / "d.docx"
    build(2027, inputs=inputs, template=TEMPLATE, output=out, date=DAY)
    return out


def test_the_template_is_valid() -> None:
    assert ooxml_errors(TEMPLATE) == []


def test_the_sample_draft_is_valid(sample_draft: Path) -> None:
    assert ooxml_errors(sample_draft) == []


def test_a_draft_of_hostile_text_is_valid(hostile_draft: Path) -> None:
    assert ooxml_errors(hostile_draft) == []


def test_the_validator_catches_what_word_would_repair(sample_draft: Path, tmp_path: Path) -> None:
    """The check can fail: a cell width written after the shading is reported."""
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(sample_draft) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b'<w:tcW w:w="812" w:type="dxa"/><w:shd', b"<w:shd", 1).replace(
                    b"</w:tcPr>", b'<w:tcW w:w="812" w:type="dxa"/></w:tcPr>', 1
                )
            target.writestr(item, data)
    assert any("Unexpected element" in e for e in ooxml_errors(broken))


def test_the_body_ends_with_a_paragraph(sample_draft: Path) -> None:
    import docx
    from docx.oxml.ns import qn

    body = docx.Document(str(sample_draft)).element.body
    blocks = [c.tag for c in body if c.tag in (qn("w:p"), qn("w:tbl"))]
    assert blocks[-1] == qn("w:p")


def test_libreoffice_shows_no_tracked_insertion(sample_draft: Path, tmp_path: Path) -> None:
    """With Track Changes on, a body ending in a table made LibreOffice show Annex III as a
    tracked insertion; saved back to .docx, the draft must carry no revision at all."""
    resaved = convert(sample_draft, tmp_path, "odt")
    with zipfile.ZipFile(resaved) as package:
        content = package.read("content.xml")
    assert b"<text:changed-region" not in content
    assert b"Annex III" in content
