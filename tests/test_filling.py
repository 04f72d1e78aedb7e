"""The build fills templates through docxtpl with the steps that grew faster than the
document made linear (render._Filler). What comes out must be what docxtpl itself makes,
for the template shapes those steps handle specially."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import docx
from docxtpl import DocxTemplate

from report_builder.render import jinja_environment, load_template, open_template


def template_with_every_shape(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("{{ lines }}")
    document.add_paragraph("Plain {{ word }} text.")
    # docxtpl adds grid columns for the cells a {%tc %} loop makes.
    looped = document.add_table(rows=2, cols=4)
    for row, first in zip(looped.rows, ["Name", "Row"], strict=True):
        texts = [first, "{%tc for c in columns %}", "{{ c }}", "{%tc endfor %}"]
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    # Merged cells: docxtpl works out the spans itself.
    merged = document.add_table(rows=2, cols=3)
    merged.cell(0, 0).merge(merged.cell(0, 1))
    merged.cell(1, 2).text = "{{ word }}"
    # A table inside a table, and a table that needs nothing.
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).add_table(rows=1, cols=1).cell(0, 0).text = "{{ word }}"
    document.add_table(rows=1, cols=2).cell(0, 1).text = "{{ word }}"
    document.add_paragraph("{% for item in items %}{{ item }}\t{% endfor %}")
    document.save(path)
    return path


CONTEXT: dict[str, Any] = {
    "lines": "First line\nsecond line\tafter a tab\fon a new page\aa new paragraph",
    "word": "<&>",
    "columns": ["A", "B", "C", "D", "E"],
    "items": ["one", "two"],
}


def document_xml(tpl: Any) -> bytes:
    buffer = io.BytesIO()
    tpl.save(buffer)
    with zipfile.ZipFile(buffer) as package:
        return package.read("word/document.xml")


def test_the_build_fills_a_template_as_docxtpl_does(tmp_path: Path) -> None:
    path = template_with_every_shape(tmp_path / "shapes.docx")
    plain = DocxTemplate(path)
    plain.render(CONTEXT, jinja_env=jinja_environment(), autoescape=True)
    ours = open_template(load_template(path))
    ours.render(CONTEXT, jinja_env=jinja_environment(), autoescape=True)
    expected = document_xml(plain)
    assert document_xml(ours) == expected
    # The shapes did what they are here for.
    assert expected.count(b"<w:gridCol ") > 4 + 3 + 2 + 1 + 2
    assert b"<w:br/>" in expected and b"<w:tab/>" in expected
