"""The build fills templates through docxtpl, and writes comments, with some of docxtpl's
and python-docx's steps replaced (word/docxtpl_adapter.py). What comes out must be what
docxtpl and python-docx themselves make, for the shapes docxtpl handles specially."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from lxml import etree

from report_builder import BuildError, build
from report_builder.word import docxtpl_adapter
from report_builder.word.render import jinja_environment, load_template, open_template

from .conftest import INPUTS


def template_with_every_shape(path: Path, tab: bool = True) -> Path:
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
    document.add_paragraph(
        "{% for item in items %}{{ item }}" + ("\t" if tab else " ") + "{% endfor %}"
    )
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


@pytest.mark.parametrize(
    ("lines", "tab"), [(CONTEXT["lines"], True), ("One line", False)], ids=["listing", "plain"]
)
def test_the_build_fills_a_template_as_docxtpl_does(tmp_path: Path, lines: str, tab: bool) -> None:
    """With tabs and line breaks, which docxtpl turns into markup, and without."""
    path = template_with_every_shape(tmp_path / "shapes.docx", tab)
    context = {**CONTEXT, "lines": lines}
    plain = DocxTemplate(path)
    plain.render(context, jinja_env=jinja_environment(), autoescape=True)
    ours = open_template(load_template(path))
    ours.render(context, jinja_env=jinja_environment(), autoescape=True)
    expected = document_xml(plain)
    assert document_xml(ours) == expected
    # The shapes did what they are here for.
    assert expected.count(b"<w:gridCol ") > 4 + 3 + 2 + 1 + 2
    assert (b"<w:tab/>" in expected, b"<w:br/>" in expected) == (tab, tab)


def template_closing_its_body_early(path: Path) -> Path:
    """A block opened in a table cell and closed after the table: when the condition is
    false, docxtpl's rendered body ends inside the table, before the text that follows."""
    document = docx.Document()
    table = document.add_table(rows=2, cols=1)
    table.cell(0, 0).text = "{%tc if year > 2030 %}"
    table.cell(1, 0).text = "Year {{ year }}"
    document.add_paragraph("{% endif %}")
    document.add_paragraph("Compilation of {{ count }} contributions")
    document.save(path)
    return path


def test_a_body_closed_early_is_filled_as_docxtpl_does(tmp_path: Path) -> None:
    path = template_closing_its_body_early(tmp_path / "early.docx")
    context = {"year": 2027, "count": 12}
    plain = DocxTemplate(path)
    plain.render(context, jinja_env=jinja_environment(), autoescape=True)
    ours = open_template(load_template(path))
    ours.render(context, jinja_env=jinja_environment(), autoescape=True)
    assert document_xml(ours) == document_xml(plain)


def test_a_compilation_template_closing_its_body_early_is_refused(tmp_path: Path) -> None:
    """What follows the early end is lost: the build says so and writes nothing, rather
    than writing text after the body, where Word does not expect it."""
    template = template_closing_its_body_early(tmp_path / "early.docx")
    out = tmp_path / "out" / "draft.docx"
    with pytest.raises(BuildError, match=r"the value '12' was printed into word/document.xml"):
        build(2027, inputs=INPUTS, output=out, contributions_template=template)
    assert not out.parent.exists()


@pytest.mark.parametrize(
    "text", ["", "one line", "two\nlines", "\nafter an empty line", "a\n\nc", "a\ttab", "end\n"]
)
def test_comments_are_written_as_python_docx_writes_them(text: str) -> None:
    when = dt.datetime(2027, 3, 15, 9, 30)
    theirs, ours = docx.Document(), docx.Document()
    run = theirs.add_paragraph("anchor").runs[0]
    theirs.add_comment(run, text=text, author="report-builder", initials="RB")
    # python-docx dates a comment now; the build, at the build's time.
    comments_part(theirs)[-1].set(qn("w:date"), "2027-03-15T09:30:00Z")
    run = ours.add_paragraph("anchor").runs[0]
    docxtpl_adapter.Comments(ours, "report-builder", "RB", when).add(run, run, text)
    for document in (theirs, ours):
        document.comments  # noqa: B018 - the part exists in both, even with no comment
    assert etree.tostring(ours.element.body) == etree.tostring(theirs.element.body)
    assert etree.tostring(comments_part(ours)) == etree.tostring(comments_part(theirs))


def comments_part(document: Any) -> Any:
    return document.part.part_related_by(RT.COMMENTS).element
