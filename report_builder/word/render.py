"""Rendering: fills the Word templates with docxtpl, then adds what a template cannot
express (comments on flags and notes, the word count, hyperlinks, Track Changes,
properties)."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import json
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Cm, Pt
from docx.text.run import Run
from markupsafe import Markup, escape

from report_builder.diagnostics import BuildError
from report_builder.inputs.words import word_count
from report_builder.outputs.package import (
    BUILD_PROPERTY,
    PARTS_PROPERTY,
    parts_digest,
    reproducible_docx,
)
from report_builder.word import contract, docxtpl_adapter, oxml, template_safety
from report_builder.word.contract import CompilationData, ReportData
from report_builder.word.oxml import blocks
from report_builder.wording.report import word_count_comment

COMMENT_AUTHOR = "report-builder"
COMMENT_INITIALS = "RB"


@dataclass(frozen=True)
class RenderedDraft:
    docx: bytes
    word_count: int
    flags_placed: int
    build: str = ""
    """The SHA-256 of the draft's word/document.xml, which its property records."""
    credits: dict[str, str] = field(default_factory=dict)
    """The bookmark of each credit, with its entity's id."""


# The custom document properties a report carries besides its build (BUILD_PROPERTY and
# the others in outputs/package.py): its cycle.
CYCLE_PROPERTY = "report-builder cycle"


def build_properties(
    build: str, year: int, recorded: Mapping[str, object] | None = None
) -> dict[str, str]:
    """The custom properties of a report of ``year`` whose document.xml has hash
    ``build``; ``recorded`` adds others (FILES_PROPERTY, CREDITS_PROPERTY,
    REPORTS_PROPERTY), each written as JSON."""
    properties = {BUILD_PROPERTY: build, CYCLE_PROPERTY: str(year)}
    for name, value in (recorded or {}).items():
        properties[name] = json.dumps(value, sort_keys=True, separators=(",", ":"))
    return properties


# The headings whose text keys the blocks below them, by level.
OUTLINE = {
    contract.HEADING_1.style_id: 1,
    contract.ANNEX_HEADING.style_id: 1,
    "AnnexTitle": 2,
    contract.HEADING_2.style_id: 2,
    "Heading3": 3,
}


def jinja_environment() -> template_safety.TemplateEnvironment:
    """Autoescaped, so '&' and '<' in a summary reach Word intact; sandboxed and strict, so
    a template can neither reach into Python nor silently print nothing for a typo."""
    return template_safety.TemplateEnvironment(
        autoescape=True, undefined=jinja2.StrictUndefined, finalize=_shield
    )


@dataclass(frozen=True)
class Template:
    """A template's bytes, read once per build: every fill uses the bytes that were
    checked, even if the file changes meanwhile."""

    path: Path
    data: bytes


def load_template(path: Path) -> Template:
    return Template(path, template_safety.read_template(path))


def open_template(template: Template) -> docxtpl_adapter.Filler:
    tpl = docxtpl_adapter.Filler(
        template.data, functools.partial(template_safety.check_tags, template.path)
    )
    try:
        tpl.get_docx()
    except Exception as exc:
        raise BuildError(f"{template.path}: cannot be opened as a Word document: {exc}") from None
    return tpl


def template_variables(path: Path) -> set[str]:
    """The top-level names the template at ``path`` uses."""
    return set(_variables(load_template(path)))


@functools.lru_cache(maxsize=4)
def _variables(template: Template) -> frozenset[str]:
    """Read once per template, though the report may be filled more than once."""
    try:
        names = open_template(template).get_undeclared_template_variables(jinja_environment())
    except jinja2.TemplateSyntaxError as exc:
        raise BuildError(f"{template.path}: template syntax error: {exc.message}") from None
    return frozenset(names)


def _fill(source: Template, context: Mapping[str, object]) -> DocxDocument:
    """The template filled with ``context`` by docxtpl, checked for names it lacks."""
    template = source.path
    missing = sorted(_variables(source) - set(context))
    if missing:
        raise BuildError(
            f"{template}: the template uses {', '.join(missing)}, which the build does not "
            f"provide; available: {', '.join(sorted(context))}"
        )
    tpl = open_template(source)
    env = jinja_environment()
    try:
        tpl.render(dict(context), jinja_env=env, autoescape=True)
    except jinja2.TemplateError as exc:
        raise BuildError(f"{template}: the template cannot be filled: {exc}") from None
    template_safety.check_rendered(tpl.docx, env, template)
    doc: DocxDocument = tpl.docx
    oxml.end_body_with_paragraph(doc)
    oxml.drop_styles_with_effects(doc)
    ensure_comment_styles(doc)
    return doc


def _package(
    doc: DocxDocument,
    template: Template,
    stamp: dt.datetime,
    properties: dict[str, str],
    what: str,
    custom: dict[str, str] | None = None,
) -> bytes:
    """The filled document as a .docx; ``custom`` are the custom properties of a report,
    to which the digest of its parts is added last, once nothing else changes."""
    _set_properties(doc, properties, stamp)
    if custom is not None:
        digest = parts_digest(oxml.part_blobs(doc))
        oxml.set_custom_properties(doc, {**custom, PARTS_PROPERTY: digest})
    buffer = io.BytesIO()
    doc.save(buffer)
    data = reproducible_docx(buffer.getvalue(), stamp)
    name = f"the {what} rendered from {template.path}"
    oxml.check_parts(data, name, oxml.serialized_parts(doc))
    return data


def measure_words(template: Template, context: ReportData) -> int:
    """The body's word count of the report ``context`` would fill ``template`` with."""
    doc = _fill(template, context)
    contract.check_styles(doc, contract.REPORT_STYLES, template.path)
    return body_word_count(doc)


def render_draft(
    template: Template,
    context: ReportData,
    flags: list[tuple[str, str]],
    notes: list[tuple[str, list[str]]],
    stamp: dt.datetime,
    properties: dict[str, str],
    track_changes: bool,
    word_limit: int,
    reserved_words: int = 0,
    credits: Sequence[tuple[str, str]] = (),
    year: int = 0,
    recorded: Mapping[str, object] | None = None,
) -> RenderedDraft:
    """Fill ``template`` with ``context``. ``flags`` pairs each flag's note with its
    comment, ``notes`` each noted text (a highlight taken from a summary, a pointer to the
    compilation) with its comment; ``credits`` are chapter III's credits as (entity id,
    text) in order, each marked as a block of its own for ``update``; ``recorded`` are the
    custom properties it records besides its build (see ``build_properties``)."""
    doc = _fill(template, context)
    contract.check_styles(doc, contract.REPORT_STYLES, template.path)
    marked = blocks.mark_blocks(
        doc.element.body,
        OUTLINE,
        contract.REPORT_NOTE.style_id,
        credits,
        _heading_identities(context),
    )
    flagged = _comment_runs(
        doc, contract.FLAG.style_id, [(note, [text]) for note, text in flags], stamp
    )
    _comment_runs(doc, contract.REPORT_NOTE.style_id, notes, stamp)
    words = body_word_count(doc)
    _note_word_count(doc, words, reserved_words, word_limit, stamp)
    _size_matrix(doc)
    oxml.set_track_revisions(doc.settings, track_changes)
    build = hashlib.sha256(doc.part.blob).hexdigest()
    data = _package(
        doc, template, stamp, properties, "draft", build_properties(build, year, recorded)
    )
    return RenderedDraft(data, words, flagged, build, marked)


def _heading_identities(context: ReportData) -> dict[str, str]:
    """What each heading of chapter III heads, by its text: a theme, or a paragraph of the
    resolution, whose heading changes with its title in the action table."""
    identities: dict[str, str] = {}
    for theme in context["themes"]:
        identities[blocks.collapsed(theme["title"])] = f"theme {theme['id']}"
        for paragraph in theme["paragraphs"]:
            identities[blocks.collapsed(paragraph["heading"])] = f"paragraph {paragraph['number']}"
    return identities


# The prefix of the bookmarks the contents lines link to: the leading underscore hides them
# from Word's list of bookmarks, as Word hides those of its own tables of contents.
CONTENTS_BOOKMARK = "_Contents"


def render_compilation(
    template: Template,
    context: CompilationData,
    links: set[str],
    notes: list[tuple[str, list[str]]],
    stamp: dt.datetime,
    properties: dict[str, str],
) -> bytes:
    """Fill the compilation's template; every run in the link style that shows one of
    ``links`` (checked http(s) addresses) becomes a hyperlink to it, each contents line a
    link to the heading that reads the same, and ``notes`` pairs noted texts with their
    comments."""
    doc = _fill(template, context)
    contract.check_styles(doc, contract.COMPILATION_STYLES, template.path)
    oxml.link_runs(doc, contract.HYPERLINK.style_id, links)
    oxml.link_to_headings(doc, contract.CONTENTS_ENTRY.style_id, CONTENTS_BOOKMARK)
    _comment_runs(doc, contract.REPORT_NOTE.style_id, notes, stamp)
    return _package(doc, template, stamp, properties, "compilation")


_DOCXTPL_ESCAPES = ("{_{", "}_}", "{_%", "%_}")


def _shield(value: Any) -> Any:
    """docxtpl turns '{_{' into '{{' (and the like) anywhere in the rendered XML, which
    would alter such text in a submission: write the '_' of these as a character
    reference, already escaped, so the XML still reads '_' and docxtpl sees nothing."""
    if isinstance(value, str) and "_" in value and any(s in value for s in _DOCXTPL_ESCAPES):
        return Markup(str(escape(value)).replace("_", "&#95;"))
    return value


def _comment_runs(
    doc: DocxDocument, style: str, notes: list[tuple[str, list[str]]], stamp: dt.datetime
) -> int:
    """Word comments on the texts in character style ``style``, so reviewers can work
    through them in Word.

    ``notes`` gives, in document order, each text with the comments it carries (maybe
    none). Each occurrence of a text takes the next entry for that text, so that two
    places with the same text keep their own comments; returns how many comments were
    placed, fewer than given when a template leaves some texts out.
    """
    if not any(comments for _, comments in notes):
        return 0
    pending: dict[str, deque[list[str]]] = {}
    for text, comments in notes:
        pending.setdefault(_compared(text), deque()).append(comments)
    placed = 0
    writer = docxtpl_adapter.Comments(doc, COMMENT_AUTHOR, COMMENT_INITIALS, stamp)
    for group in oxml.adjacent_runs(oxml.runs_in_character_style(doc, style)):
        # docxtpl writes a tab in a text as a run of its own: the text's runs side by side
        # carry its comment together, unless they are texts of their own.
        spans = [group] if pending.get(_spanned_text(group)) else [[run] for run in group]
        for span in spans:
            queue = pending.get(_spanned_text(span))
            for text in queue.popleft() if queue else []:
                writer.add(span[0], span[-1], text)
                placed += 1
    return placed


def _compared(text: str) -> str:
    """``text`` with its white space collapsed: docxtpl writes tabs and line breaks as
    elements of their own, which read back as other white space."""
    return " ".join(text.split())


def _spanned_text(runs: list[Run]) -> str:
    return _compared("".join(oxml.run_text(run) for run in runs))


def body_word_count(doc: DocxDocument) -> int:
    """Words from the masthead to the first annex, headings and tables included, counted
    as the highlights' budget is."""
    return word_count(oxml.text_before(doc, contract.ANNEX_HEADING.style_id))


def _note_word_count(
    doc: DocxDocument, words: int, reserved: int, limit: int, stamp: dt.datetime
) -> None:
    """A comment on the report's title giving its length against the limit."""
    titles = oxml.paragraphs_in_style(doc, contract.REPORT_TITLE.style_id)
    runs = titles[0].runs if titles else []
    if not runs:
        return
    writer = docxtpl_adapter.Comments(doc, COMMENT_AUTHOR, COMMENT_INITIALS, stamp)
    writer.add(runs[0], runs[-1], word_count_comment(words, reserved, limit))


def _size_matrix(doc: DocxDocument) -> None:
    """docxtpl adds the paragraph columns at render time; share the width out evenly."""
    for table in doc.tables:
        if oxml.table_caption(table) != contract.MATRIX_CAPTION:
            continue
        columns = len(table.columns)
        available = max(
            (s.page_width or 0) - (s.left_margin or 0) - (s.right_margin or 0) for s in doc.sections
        )
        first = int(Cm(4.2))
        rest = (available - first) // max(columns - 1, 1)
        twips = [first // 635] + [rest // 635] * (columns - 1)
        oxml.set_column_widths(table, twips)


def ensure_comment_styles(doc: DocxDocument) -> None:
    """Word's built-in styles for comments, which python-docx's comments refer to: a
    template made elsewhere may not define them."""
    styles = doc.styles
    for name, style_id, kind in (
        ("annotation text", "CommentText", WD_STYLE_TYPE.PARAGRAPH),
        ("annotation reference", "CommentReference", WD_STYLE_TYPE.CHARACTER),
    ):
        if not any(s.style_id == style_id for s in styles):
            style = styles.add_style(name, kind)
            style.style_id = style_id
            style.hidden = False
            if kind == WD_STYLE_TYPE.CHARACTER:
                style.font.size = Pt(8)


def _set_properties(doc: DocxDocument, properties: dict[str, str], stamp: dt.datetime) -> None:
    props = doc.core_properties
    props.title = properties["title"]
    props.subject = properties["subject"]
    props.keywords = properties["keywords"]
    props.comments = properties["comments"]
    props.author = properties["author"]
    props.last_modified_by = COMMENT_AUTHOR
    props.category = properties["category"]
    props.language = "en"
    props.revision = 1
    naive = stamp.replace(tzinfo=None)
    props.created = naive
    props.modified = naive
