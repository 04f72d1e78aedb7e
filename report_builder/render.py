"""Rendering: fills the Word template with docxtpl, then adds what a template cannot
express (comments on flags, the word count, Track Changes, properties) in one pass."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import jinja2
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.oxml.text.paragraph import CT_P
from docx.shared import Cm
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from markupsafe import Markup, escape

from . import ooxml, template_safety
from .diagnostics import BuildError
from .output import build_time, check_parts, reproducible_docx
from .resources import default_template

FLAG_STYLE = "Flag"
MATRIX_CAPTION = "Implementation matrix"
TITLE_STYLE_ID = "ReportTitle"
# Words are counted from the start of the document to the first annex.
WORD_COUNT_END_STYLE = "AnnexHeading"
WORD_LIMIT = 8500
COMMENT_AUTHOR = "report-builder"
DEFAULT_TEMPLATE = default_template()
TITLE = (
    "Progress made in the implementation of and follow-up to the outcomes of the World "
    "Summit on the Information Society at the regional and international levels"
)


@dataclass(frozen=True)
class RenderedDraft:
    docx: bytes
    word_count: int


def jinja_environment() -> template_safety.TemplateEnvironment:
    """Autoescaped, so '&' and '<' in a summary reach Word intact; sandboxed and strict, so
    a template can neither reach into Python nor silently print nothing for a typo."""
    return template_safety.TemplateEnvironment(
        autoescape=True, undefined=jinja2.StrictUndefined, finalize=_shield
    )


def open_template(template: Path) -> Any:
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(template_safety.read_template(template)))
    template_safety.guard(tpl, template)
    try:
        tpl.get_docx()
    except Exception as exc:
        raise BuildError(f"{template}: cannot be opened as a Word document: {exc}") from None
    return tpl


def template_variables(template: Path) -> set[str]:
    """The top-level names the template uses."""
    return _variables(open_template(template), template)


def _variables(tpl: Any, template: Path) -> set[str]:
    try:
        return set(tpl.get_undeclared_template_variables(jinja_environment()))
    except jinja2.TemplateSyntaxError as exc:
        raise BuildError(f"{template}: template syntax error: {exc.message}") from None


def render_draft(
    template: Path,
    context: dict[str, Any],
    comments: dict[str, str],
    day: dt.date,
    properties: dict[str, str],
    track_changes: bool = True,
) -> RenderedDraft:
    """Fill ``template`` with ``context``; ``comments`` maps each flag note to its comment."""
    tpl = open_template(template)
    missing = sorted(_variables(tpl, template) - set(context))
    if missing:
        raise BuildError(
            f"{template}: the template uses {', '.join(missing)}, which the build does not "
            f"provide; available: {', '.join(sorted(context))}"
        )
    env = jinja_environment()
    try:
        tpl.render(context, jinja_env=env, autoescape=True)
    except jinja2.TemplateError as exc:
        raise BuildError(f"{template}: the template cannot be filled: {exc}") from None
    template_safety.check_rendered(tpl.docx, env, template)
    doc: DocxDocument = tpl.docx
    stamp = build_time(day)
    _comment_flags(doc, comments, stamp)
    words = body_word_count(doc)
    _note_word_count(doc, words, stamp)
    _size_matrix(doc)
    ooxml.set_track_revisions(doc.settings, track_changes)
    _set_properties(doc, properties, stamp)
    buffer = io.BytesIO()
    doc.save(buffer)
    data = reproducible_docx(buffer.getvalue(), day)
    check_parts(data, f"the draft rendered from {template}")
    return RenderedDraft(data, words)


_DOCXTPL_ESCAPES = ("{_{", "}_}", "{_%", "%_}")


def _shield(value: Any) -> Any:
    """docxtpl turns '{_{' into '{{' (and the like) anywhere in the rendered XML, which
    would alter such text in a submission: write the '_' of these as a character
    reference, already escaped, so the XML still reads '_' and docxtpl sees nothing."""
    if isinstance(value, str) and "_" in value and any(s in value for s in _DOCXTPL_ESCAPES):
        return Markup(str(escape(value)).replace("_", "&#95;"))
    return value


def _comment_flags(doc: DocxDocument, comments: dict[str, str], stamp: dt.datetime) -> None:
    """A Word comment on every flag note, so reviewers can work through them in Word."""
    runs = doc.element.body.xpath(f'.//w:r[w:rPr/w:rStyle/@w:val="{FLAG_STYLE}"]')
    flagged: list[tuple[Any, Any, str]] = []
    for r in runs:
        text = "".join(t.text or "" for t in r.iter(qn("w:t"))).strip()
        if text in comments:
            flagged.append((r.getparent(), r, comments[text]))
    for p, r, text in flagged:
        run = Run(r, Paragraph(cast(CT_P, p), doc._body))
        comment = doc.add_comment(run, text=text, author=COMMENT_AUTHOR, initials="RB")
        ooxml.set_comment_date(comment, stamp)


def body_word_count(doc: DocxDocument) -> int:
    """Words from the masthead to the first annex, headings and tables included."""
    body = doc.element.body
    annexes = body.xpath(f'.//w:p[w:pPr/w:pStyle/@w:val="{WORD_COUNT_END_STYLE}"]')
    end = annexes[0] if annexes else None
    texts: list[str] = []
    text_tag = qn("w:t")
    for element in body.iter(qn("w:p"), text_tag):
        if element.tag == text_tag:
            texts.append(element.text or "")
        elif element is end:
            break
        else:
            texts.append(" ")
    return len("".join(texts).split())


def _note_word_count(doc: DocxDocument, words: int, stamp: dt.datetime) -> None:
    """A comment on the report's title giving its length against the limit."""
    titles = doc.element.body.xpath(f'.//w:p[w:pPr/w:pStyle/@w:val="{TITLE_STYLE_ID}"]')
    runs = Paragraph(cast(CT_P, titles[0]), doc._body).runs if titles else []
    if not runs:
        return
    over = words - WORD_LIMIT
    verdict = (
        f"{over:,} words over the limit of {WORD_LIMIT:,} for Secretariat reports"
        if over > 0
        else f"within the limit of {WORD_LIMIT:,} for Secretariat reports"
    )
    text = (
        f"Word count of the report without annexes: {words:,} ({verdict}; headings and "
        "footnotes count)."
    )
    comment = doc.add_comment(runs, text=text, author=COMMENT_AUTHOR, initials="RB")
    ooxml.set_comment_date(comment, stamp)


def _size_matrix(doc: DocxDocument) -> None:
    """docxtpl adds the paragraph columns at render time; share the width out evenly."""
    for element in doc.element.body.iter(qn("w:tbl")):
        table = Table(element, doc._body)
        if ooxml.table_caption(table) != MATRIX_CAPTION:
            continue
        columns = len(table._tbl.tblGrid.findall(qn("w:gridCol")))
        available = max(
            (s.page_width or 0) - (s.left_margin or 0) - (s.right_margin or 0) for s in doc.sections
        )
        first = int(Cm(4.2))
        rest = (available - first) // max(columns - 1, 1)
        twips = [first // 635] + [rest // 635] * (columns - 1)
        ooxml.set_column_widths(table, twips)


def _set_properties(doc: DocxDocument, properties: dict[str, str], stamp: dt.datetime) -> None:
    props = doc.core_properties
    props.title = properties["title"]
    props.subject = properties["subject"]
    props.keywords = properties["keywords"]
    props.comments = properties["comments"]
    props.author = "United Nations"
    props.last_modified_by = COMMENT_AUTHOR
    props.category = "Report of the Secretary-General"
    props.language = "en"
    props.revision = 1
    naive = stamp.replace(tzinfo=None)
    props.created = naive
    props.modified = naive
