"""Generate templates/report_template.docx, the default docxtpl template of the draft.

The template holds the report's fixed wording, styles, numbering and layout; the build
provides only data. Edit this script and run it (``python tools/make_template.py``) to
change the default, or edit the .docx in Word and pass it with ``--template``.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_COLOR_INDEX, WD_TAB_ALIGNMENT
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import Table
from docx.text.paragraph import Paragraph

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from report_builder.outputs.package import build_time, reproducible_docx
from report_builder.word import contract, oxml
from report_builder.word.render import ensure_comment_styles

FONT = "Times New Roman"
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
OUT = TEMPLATES / "report_template.docx"
CONTRIBUTIONS_OUT = TEMPLATES / "contributions_template.docx"


def define_styles(doc: DocxDocument) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = Pt(12)
    oxml.use_font(normal, FONT)

    def paragraph_style(name: str, base: str = "Normal", **fmt: object) -> ParagraphStyle:
        style: ParagraphStyle = (
            styles[name] if name in styles else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        )
        style.base_style = styles[base]
        font = style.font
        oxml.use_font(style, FONT)
        font.color.rgb = RGBColor(0, 0, 0)
        for key, value in fmt.items():
            if key in ("bold", "italic", "size"):
                setattr(font, key, value)
            else:
                setattr(style.paragraph_format, key, value)
        size = fmt.get("size")
        if isinstance(size, Pt) and size > Pt(10) and "line_spacing" not in fmt:
            style.paragraph_format.line_spacing = 1.0
        return style

    for name, size, before in (("Heading 1", 12, 12), ("Heading 2", 11, 10), ("Heading 3", 10, 8)):
        paragraph_style(
            name,
            bold=True,
            size=Pt(size),
            space_before=Pt(before),
            space_after=Pt(6),
            keep_with_next=True,
        )
    annex = paragraph_style(
        "Annex Heading",
        page_break_before=True,
        bold=True,
        size=Pt(14),
        space_after=Pt(12),
        keep_with_next=True,
    )
    oxml.outline_level(annex, 0)
    paragraph_style("Annex Title", bold=True, size=Pt(12), space_after=Pt(12), keep_with_next=True)
    paragraph_style("Numbered Paragraph", alignment=WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph_style("Action Text", italic=True, left_indent=Cm(1), space_after=Pt(3))
    paragraph_style("Entities Asked", size=Pt(9), left_indent=Cm(1), space_after=Pt(6))
    paragraph_style("Flag Note", left_indent=Cm(1), space_after=Pt(3))
    paragraph_style("Masthead", bold=True, size=Pt(16), space_after=Pt(0))
    paragraph_style("Masthead Small", size=Pt(10), space_after=Pt(0))
    paragraph_style(
        "Report Title",
        bold=True,
        size=Pt(16),
        space_before=Pt(24),
        space_after=Pt(12),
        left_indent=Cm(1.5),
        right_indent=Cm(1.5),
    )
    paragraph_style(
        "Report Author", bold=True, size=Pt(12), left_indent=Cm(1.5), space_after=Pt(18)
    )
    paragraph_style(
        "Summary Heading",
        bold=True,
        size=Pt(12),
        alignment=WD_ALIGN_PARAGRAPH.CENTER,
        space_before=Pt(12),
        keep_with_next=True,
    )
    summary = paragraph_style(
        "Summary Text",
        alignment=WD_ALIGN_PARAGRAPH.JUSTIFY,
        left_indent=Cm(1.2),
        right_indent=Cm(1.2),
    )
    oxml.box_style(summary)
    paragraph_style("Table Text", size=Pt(9), space_after=Pt(2))
    paragraph_style("Matrix Text", size=Pt(6), space_after=Pt(0), line_spacing=Pt(7))
    paragraph_style("Table Caption", bold=True, space_before=Pt(6), keep_with_next=True)
    paragraph_style("Placeholder", italic=True)

    footnotes(doc)

    # Highlighting is direct formatting on each flag run (flag_run): Word does not allow
    # it in a style.
    flag = styles.add_style(contract.FLAG.name, WD_STYLE_TYPE.CHARACTER)
    flag.font.bold = True
    # Text that carries a reviewer's note (a highlight taken from a summary, a pointer to
    # the compilation): plain to the reader, found by the build to anchor the comment.
    styles.add_style(contract.REPORT_NOTE.name, WD_STYLE_TYPE.CHARACTER)
    link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    link.font.underline = True
    ensure_comment_styles(doc)


def footnotes(doc: DocxDocument) -> None:
    """Word's built-in footnote styles, which Word shows as "Footnote Text" and "Footnote
    Reference": the text small and single-spaced, the number raised."""
    styles = doc.styles
    text = styles.add_style("footnote text", WD_STYLE_TYPE.PARAGRAPH)
    text.style_id = oxml.FOOTNOTE_TEXT
    text.base_style = styles["Normal"]
    text.font.size = Pt(8)
    text.paragraph_format.space_after = Pt(0)
    text.paragraph_format.line_spacing = Pt(10)
    text.paragraph_format.left_indent = Cm(1.5)
    text.paragraph_format.first_line_indent = Cm(-0.3)
    reference = styles.add_style("footnote reference", WD_STYLE_TYPE.CHARACTER)
    reference.style_id = oxml.FOOTNOTE_REFERENCE
    reference.font.superscript = True


def footnote(paragraph: Paragraph, text: str) -> None:
    """A footnote numbered by Word at the end of ``paragraph``, such as '… were received.¹';
    ``text`` may hold Jinja tags, as in 'See {{ compilation_symbol }}.'"""
    oxml.add_footnote(paragraph, text)


def number_report(doc: DocxDocument) -> None:
    """Chapters I., II.; sections A., B.; body paragraphs 1, 2, 3 through the report."""
    styles = doc.styles
    numbering = doc.part.numbering_part.element
    chapters = oxml.add_numbering(
        numbering,
        90,
        [
            oxml.Level("upperRoman", "%1.", 567, 567, "Heading1"),
            oxml.Level("upperLetter", "%2.", 567, 567, "Heading2"),
        ],
    )
    oxml.number_style(styles["Heading 1"], chapters, 0)
    oxml.number_style(styles["Heading 2"], chapters, 1)
    paragraphs = oxml.add_numbering(
        numbering, 91, [oxml.Level("decimal", "%1.", 567, 567, "NumberedParagraph")]
    )
    oxml.number_style(styles["Numbered Paragraph"], paragraphs, 0)
    # The annexes start on their own page, without a chapter number.
    oxml.number_style(styles["Annex Heading"], 0)
    assert contract.ANNEX_HEADING.style_id == "AnnexHeading"


def p(doc: DocxDocument, text: str = "", style: str = "Normal") -> Paragraph:
    return doc.add_paragraph(text, style=style)


def loop(doc: DocxDocument, tag: str) -> None:
    """A paragraph-level Jinja tag; docxtpl removes the paragraph that holds it."""
    doc.add_paragraph("{%p " + tag + " %}")


def flag_run(paragraph: Paragraph, text: str) -> None:
    """Flag notes carry the Flag style and direct highlighting: LibreOffice ignores
    highlighting that comes only from a character style."""
    run = paragraph.add_run(text, style=contract.FLAG.name)
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def table(
    doc: DocxDocument, rows: list[list[str]], widths: list[float], style: str = "Table Grid"
) -> Table:
    t: Table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    t.style = doc.styles[style]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = t.cell(r, c)
            cell.paragraphs[0].text = text
            cell.paragraphs[0].style = doc.styles["Table Text"]
    oxml.set_column_widths(t, [int(Cm(w).twips) for w in widths])
    return t


def front_page(doc: DocxDocument) -> None:
    top = table(doc, [["United Nations", "{{ symbol }}"]], [8.5, 8.5], style="Normal Table")
    top.cell(0, 0).paragraphs[0].style = doc.styles["Masthead"]
    right = top.cell(0, 1).paragraphs[0]
    right.style = doc.styles["Masthead"]
    right.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    oxml.rule_below(p(doc, "", "Masthead Small"), 18)
    organs = table(
        doc,
        [
            [
                "General Assembly\nEconomic and Social Council",
                "Distr.: General\n{{ date_text }}\n\nOriginal: English",
            ]
        ],
        [11, 6],
        style="Normal Table",
    )
    organs.cell(0, 0).paragraphs[0].style = doc.styles["Masthead"]
    organs.cell(0, 0).paragraphs[0].runs[0].font.size = Pt(14)
    oxml.rule_below(p(doc, "", "Masthead Small"), 6)
    blocks = table(doc, [["", ""]], [8.5, 8.5], style="Normal Table")
    assembly, council = (cell.paragraphs[0] for cell in blocks.rows[0].cells)
    # The agenda items carry asterisk footnotes naming the agenda documents.
    assembly.add_run(
        "General Assembly\n{{ ga_session_title }} session\n"
        "Item {{ ga_item }} of the preliminary list"
    )
    oxml.add_footnote(assembly, "{{ ga_agenda_symbol }}.", mark="*")
    assembly.add_run("\nInformation and communications technologies for sustainable development")
    council.add_run(
        "Economic and Social Council\n{{ council_session }}\n"
        "Item {{ council_item }} of the provisional agenda"
    )
    oxml.add_footnote(council, "{{ ecosoc_agenda_symbol }}.", mark="**")
    council.add_run(
        "\nEconomic and environmental questions: science and technology for development"
    )
    for paragraph in (assembly, council):
        paragraph.style = doc.styles["Masthead Small"]
    oxml.rule_below(p(doc, "", "Masthead Small"), 6)
    p(
        doc,
        "Progress made in the implementation of and follow-up to the outcomes of the World "
        "Summit on the Information Society at the regional and international levels",
        "Report Title",
    )
    p(doc, "Report of the Secretary-General", "Report Author")
    p(doc, "Summary", "Summary Heading")
    p(
        doc,
        "The present report responds to the request of the General Assembly in paragraph "
        "{{ reporting_paragraph }} of its resolution {{ resolution }} of {{ adopted_text }} that "
        "the Secretary-General submit a biennial report on the implementation of and follow-up "
        "to the outcomes of the World Summit on the Information Society through the Commission "
        "on Science and Technology for Development, for consideration by the Commission and the "
        "Economic and Social Council, incorporating updates on the implementation of the "
        "recommendations of the resolution.",
        "Summary Text",
    )
    p(
        doc,
        "The report was prepared by the secretariat of the United Nations Conference on Trade "
        "and Development on the basis of contributions from entities of the United Nations "
        "system and other stakeholders. [Key messages: to be drafted by the Secretariat.]",
        "Summary Text",
    )
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def numbered(doc: DocxDocument, text: str) -> Paragraph:
    return p(doc, text, "Numbered Paragraph")


def flag_notes(doc: DocxDocument, flags: str) -> None:
    loop(doc, f"for flag in {flags}")
    flag_run(doc.add_paragraph(style="Flag Note"), "{{ flag.note }}")
    loop(doc, "endfor")


def noted(doc: DocxDocument, text: str, style: str = "Numbered Paragraph") -> Paragraph:
    """A paragraph whose text carries a comment for reviewers (the ReportNote style)."""
    paragraph = doc.add_paragraph(style=style)
    paragraph.add_run(text, style=contract.REPORT_NOTE.name)
    return paragraph


def body(doc: DocxDocument) -> None:
    p(doc, "Introduction", "Heading 1")
    numbered(
        doc,
        "In paragraph {{ reporting_paragraph }} of its resolution {{ resolution }}, adopted on "
        "{{ adopted_text }}, the General Assembly requested the Secretary-General to submit a "
        "biennial report on the implementation of and follow-up to the outcomes of the World "
        "Summit on the Information Society through the Commission on Science and Technology "
        "for Development, incorporating updates on the implementation of the recommendations "
        "of the resolution, and to ensure its consideration by the Commission and the Economic "
        "and Social Council in line with the biennial cycle. The present report is submitted "
        "in response to that request.",
    )
    numbered(
        doc,
        "The report covers the period from {{ period_start_text }} to {{ period_end_text }}."
        "{% if previous_cycle %} It builds on the {{ previous_cycle }} report: chapter III "
        "notes the work completed and started since then, chapter IV the milestones met "
        "since, and annex II each change of status, shown as the earlier status followed by "
        "the current one.{% endif %} It was prepared by the secretariat of the "
        "United Nations Conference on Trade and Development on the basis of contributions "
        "from entities of the United Nations system and other stakeholders, which the "
        "secretariat invited to report on the actions that the resolution asks of them.",
    )
    counts = numbered(
        doc,
        "Of the {{ counts_text.accountable }} entities asked by the resolution to act, "
        "{{ counts_text.accountable_submitted }} submitted a contribution, and progress was "
        "reported on {{ counts_text.paragraphs_reported }} of the {{ counts_text.paragraphs }} "
        "paragraphs that call for action. Annex III lists the contributing entities and "
        "annex IV the reports outstanding. {% if counts.contributors %}In all, contributions "
        "were received from {{ counts_text.contributors }} {{ 'entity' if counts.contributors "
        "== 1 else 'entities' }}.{% else %}No contributions had been received.{% endif %}",
    )
    # The one place the report points to the compilation.
    footnote(
        counts,
        "{% if counts.contributors %}The contributions are reproduced in full in "
        "{{ compilation_symbol }}.{% else %}Contributions received later will be reproduced "
        "in full in {{ compilation_symbol }}.{% endif %}",
    )
    flag_notes(doc, "report_flags")
    numbered(
        doc,
        "Chapter II of the present report sets out key trends. Chapter III reviews, theme "
        "by theme, progress on the actions that the resolution calls for, and chapter IV the "
        "milestones that it sets. Chapter V describes the challenges "
        "encountered, and chapter VI contains conclusions and recommendations.",
    )

    p(doc, "Key trends", "Heading 1")
    numbered(doc, "{{ placeholders.key_trends }}")

    p(doc, "Progress on the recommendations of resolution {{ resolution }}", "Heading 1")
    numbered(
        doc,
        "The present chapter reviews, paragraph by paragraph, progress on the actions that "
        "the resolution calls for. The text of each action and the entities asked to take it "
        "are set out in annex I, and the status reported by each entity asked in annex II.",
    )
    loop(doc, "for theme in themes")
    p(doc, "{{ theme.title }}", "Heading 2")
    loop(doc, "for para in theme.paragraphs")
    # The heading carries the comment on highlights left out for length.
    noted(doc, "{{ para.heading }}", "Heading 3")
    loop(doc, "if para.is_report")
    numbered(
        doc,
        "The present report responds to this paragraph: it is submitted through the "
        "Commission for its consideration and that of the Economic and Social Council.",
    )
    loop(doc, "endif")
    loop(doc, "if para.state")
    numbered(doc, "{{ para.state }}")
    loop(doc, "endif")
    loop(doc, "for group in para.groups")
    credits = doc.add_paragraph(style="Numbered Paragraph")
    credits.add_run("{% for c in group.credits %}")
    credits.add_run("{{ c }}", style=contract.REPORT_NOTE.name)
    credits.add_run("{% if not loop.last %} {% endif %}{% endfor %}")
    loop(doc, "endfor")
    flag_notes(doc, "para.flags")
    loop(doc, "endfor")
    loop(doc, "endfor")

    p(doc, "Milestones and reporting deadlines", "Heading 1")
    numbered(
        doc,
        "The resolution sets the milestones and reporting deadlines listed in the table below. "
        "As at {{ date_text }}, {{ counts_text.milestones if counts.milestones else 'none' }} "
        "of them {{ 'falls' if counts.milestones <= 1 else 'fall' }} due by the end of "
        "{{ year }}: {{ counts_text.met if counts.met else 'none' }} had been met, "
        "{{ counts_text.overdue if counts.overdue else 'none' }} "
        "{{ 'were' if counts.overdue > 1 else 'was' }} overdue and "
        "{{ counts_text.due if counts.due else 'none' }} "
        "{{ 'were' if counts.due > 1 else 'was' }} still due. A milestone is met when an entity "
        "that its paragraph asks to act reports the work completed, in the present report or "
        "an earlier one; a recurring milestone, once its occurrence for the year has taken "
        "place and the work is reported completed or ongoing. It is overdue once its date "
        "has passed unmet.",
    )
    loop(doc, "if previous_cycle")
    numbered(
        doc,
        "Since the {{ previous_cycle }} report, {% if met_since %}the following milestones "
        "were met: {{ met_since }}.{% else %}no further milestone was met.{% endif %}",
    )
    loop(doc, "endif")
    p(doc, "Milestones set by resolution {{ resolution }}", "Table Caption")
    t = table(
        doc,
        [
            ["Paragraph", "What is due", "By", "Reported status", "State"],
            ["{%tr for m in milestones %}", "", "", "", ""],
            [
                "{{ m.paragraph }}",
                "{{ m.event }}",
                "{{ m.when }}",
                "{{ m.status }}",
                "{{ m.state }}",
            ],
            ["{%tr endfor %}", "", "", "", ""],
        ],
        [2.3, 6.7, 2.7, 3.0, 2.3],
    )
    oxml.repeat_header_row(t.rows[0])
    oxml.keep_row_together(t.rows[2])
    for cell in t.rows[0].cells:
        cell.paragraphs[0].runs[0].bold = True
    # The state carries the comment on how the milestone was judged, where there is one.
    t.rows[2].cells[4].paragraphs[0].runs[0].style = doc.styles[contract.REPORT_NOTE.name]

    p(doc, "Challenges", "Heading 1")
    # The placeholder carries a comment pointing to the challenges the entities reported.
    noted(doc, "{{ placeholders.challenges }}")

    p(doc, "Conclusions and recommendations", "Heading 1")
    numbered(doc, "{{ placeholders.conclusions }}")


def annexes(doc: DocxDocument) -> None:
    p(doc, "Annex I", "Annex Heading")
    p(doc, "Actions requested by resolution {{ resolution }}", "Annex Title")
    actions = table(
        doc,
        [
            ["Paragraph", "Action", "Asked to act"],
            ["{%tr for a in actions %}", "", ""],
            [
                "{{ a.paragraph }}",
                "{{ a.action }}",
                "{{ a.asked }}{% if a.partners %}, with {{ a.partners }}{% endif %}",
            ],
            ["{%tr endfor %}", "", ""],
        ],
        [2.4, 9.6, 5],
    )
    oxml.repeat_header_row(actions.rows[0])
    for cell in actions.rows[0].cells:
        cell.paragraphs[0].runs[0].bold = True

    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    p(doc, "Annex II", "Annex Heading")
    p(doc, "Implementation matrix", "Annex Title")
    p(
        doc,
        "Status reported by each entity asked to act, by paragraph of resolution "
        "{{ resolution }}. “Missing”: the entity is asked to act and has not reported; blank: "
        "the entity is not asked to act on the paragraph.",
        "Table Text",
    )
    m = table(
        doc,
        [
            ["Entity", "{%tc for n in matrix.paragraphs %}", "{{ n }}", "{%tc endfor %}"],
            ["{%tr for row in matrix.rows %}", "", "", ""],
            [
                "{{ row.name }}",
                "{%tc for cell in row.cells %}",
                "{% cellbg cell.fill %}{{ cell.label }}",
                "{%tc endfor %}",
            ],
            ["{%tr endfor %}", "", "", ""],
        ],
        [4.5, 1, 1.2, 1],
    )
    oxml.set_table_caption(m, contract.MATRIX_CAPTION)
    oxml.set_cell_margins(m, 20, 20)
    oxml.repeat_header_row(m.rows[0])
    for row in m.rows:
        oxml.keep_row_together(row)
        for cell in row.cells:
            cell.paragraphs[0].style = doc.styles["Matrix Text"]
    for cell in m.rows[0].cells:
        cell.paragraphs[0].runs[0].bold = True

    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = section.page_height, section.page_width
    annex_list(
        doc,
        "Annex III",
        "Contributing entities",
        "contributors",
        [
            ("Entity", "name"),
            ("Date submitted", "submitted_on"),
            ("Paragraphs reported", "paragraphs"),
        ],
    )
    annex_list(
        doc,
        "Annex IV",
        "Outstanding reports",
        "outstanding",
        [("Entity", "name"), ("Outstanding", "outstanding")],
        widths=[8, 9],
        empty="No report is outstanding.",
    )
    annex_list(
        doc,
        "Annex V",
        "Contributions by action line of the World Summit on the Information Society",
        "action_lines",
        [
            ("Action line", "tag"),
            ("Title", "title"),
            ("Entities", "entities"),
            ("Paragraphs", "paragraphs"),
        ],
        widths=[2, 6, 5, 4],
        empty="No contribution named an action line.",
    )
    annex_list(
        doc,
        "Annex VI",
        "Contributions by target of the Sustainable Development Goals",
        "sdg_targets",
        [("Target", "tag"), ("Entities", "entities"), ("Paragraphs", "paragraphs")],
        widths=[2, 9, 6],
        empty="No contribution named a Sustainable Development Goal target.",
    )


def annex_list(
    doc: DocxDocument,
    annex: str,
    title: str,
    items: str,
    columns: list[tuple[str, str]],
    widths: list[float] | None = None,
    empty: str = "",
) -> None:
    """An annex holding one table row per item of the context list ``items``, or the
    sentence ``empty`` when there is none."""
    p(doc, annex, "Annex Heading")
    p(doc, title, "Annex Title")
    if empty:
        loop(doc, f"if not {items}")
        p(doc, empty)
        loop(doc, "else")
    blank = [""] * (len(columns) - 1)
    t = table(
        doc,
        [
            [heading for heading, _ in columns],
            [f"{{%tr for e in {items} %}}", *blank],
            [f"{{{{ e.{key} }}}}" for _, key in columns],
            ["{%tr endfor %}", *blank],
        ],
        widths or [8, 3, 6],
    )
    oxml.repeat_header_row(t.rows[0])
    for cell in t.rows[0].cells:
        cell.paragraphs[0].runs[0].bold = True
    if empty:
        loop(doc, "endif")


def page_setup(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2))
    section.top_margin = section.bottom_margin = Cm(2)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    oxml.add_field(footer, "PAGE")
    tabs = doc.styles["Masthead"].paragraph_format.tab_stops
    tabs.add_tab_stop(Cm(17), WD_TAB_ALIGNMENT.RIGHT)


def report_furniture(doc: DocxDocument) -> None:
    """The report's running heads and feet, as UN documents have them: page 1 carries the
    job number at its foot and no running head; every later page the symbol at the head
    and the page number out of the total at the foot, on the outer edge (left on even
    pages, right on odd ones). The annexes' sections repeat them, with no first page of
    their own. Run once every section is added."""
    doc.settings.odd_and_even_pages_header_footer = True
    first, *later = doc.sections
    first.different_first_page_header_footer = True
    first.first_page_header.is_linked_to_previous = False
    job = first.first_page_footer.paragraphs[0]
    job.style = doc.styles["Footer"]
    job.add_run("{{ job_number }}").font.size = Pt(9)
    for header, footer, side in (
        (first.header, first.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (first.even_page_header, first.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        head = header.paragraphs[0]
        head.style = doc.styles["Header"]
        head.alignment = side
        head.add_run("{{ symbol }}").bold = True
        oxml.rule_below(head, 4)
        foot = footer.paragraphs[0].clear()
        foot.style = doc.styles["Footer"]
        foot.alignment = side
        oxml.add_field(foot, "PAGE")
        foot.add_run("/")
        oxml.add_field(foot, "NUMPAGES")
    for section in later:
        section.different_first_page_header_footer = False
        for part in (
            section.header,
            section.footer,
            section.even_page_header,
            section.even_page_footer,
            section.first_page_header,
            section.first_page_footer,
        ):
            part.is_linked_to_previous = True


def contributions(doc: DocxDocument) -> None:
    """The compilation: a front page, the contents, every submission in full, entity by
    entity, then the challenges reported, paragraph by paragraph."""
    p(doc, "United Nations", "Masthead")
    oxml.rule_below(p(doc, "", "Masthead Small"), 18)
    p(
        doc,
        "Contributions to the report of the Secretary-General on progress made in the "
        "implementation of and follow-up to the outcomes of the World Summit on the "
        "Information Society at the regional and international levels, {{ year }} cycle",
        "Report Title",
    )
    p(doc, "Compilation of the contributions received", "Report Author")
    p(
        doc,
        "This document compiles the {{ count }} "
        "{{ 'contribution' if count == 1 else 'contributions' }} received, as at "
        "{{ date_text }}, for the report of the Secretary-General {{ symbol }} on the "
        "implementation of resolution {{ resolution }}. They are reproduced as submitted, "
        "without editing, entity by entity; the views expressed are those of the contributing "
        "entities. Contact details are not published.",
        "Summary Text",
    )
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    contents = doc.styles.add_style(contract.CONTENTS_ENTRY.name, WD_STYLE_TYPE.PARAGRAPH)
    contents.base_style = doc.styles["Normal"]
    contents.paragraph_format.space_after = Pt(3)
    contents.paragraph_format.left_indent = Cm(0.5)
    loop(doc, "if entities")
    p(doc, "Contents", "Heading 1")
    loop(doc, "for e in entities")
    # The build links each line to the entity's heading, which reads the same.
    p(doc, "{{ e.name }} ({{ e.short }})", contract.CONTENTS_ENTRY.name)
    loop(doc, "endfor")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    loop(doc, "endif")
    loop(doc, "for e in entities")
    # An entity's heading, the date of its submission, a report's heading and its action
    # stay with what follows them, never alone at the foot of a page.
    keep_with_next(p(doc, "{{ e.name }} ({{ e.short }})", "Heading 1"))
    keep_with_next(p(doc, "Submitted on {{ e.submitted_on }}.", "Entities Asked"))
    loop(doc, "for r in e.reports")
    keep_with_next(p(doc, paragraph_heading("r"), "Heading 2"))
    keep_with_next(p(doc, "{{ r.action }}", "Action Text"))
    status = p(doc, "", "Normal")
    status.add_run("Status: ").bold = True
    status.add_run("{{ r.status }}")
    loop(doc, "if r.highlight")
    highlight = p(doc, "", "Normal")
    highlight.add_run("Highlight: ").bold = True
    highlight.add_run("{{ r.highlight }}")
    loop(doc, "endif")
    # The summary carries the build's notes on the report (new or changed since the
    # previous build).
    doc.add_paragraph(style="Body Text").add_run("{{ r.summary }}", style=contract.REPORT_NOTE.name)
    loop(doc, "if r.activities")
    label(doc, "Activities")
    loop(doc, "for a in r.activities")
    p(doc, "{{ a }}", "List Bullet")
    loop(doc, "endfor")
    loop(doc, "endif")
    loop(doc, "if r.indicators")
    label(doc, "Indicators")
    t = table(
        doc,
        [
            ["Indicator", "Value", "Unit", "Year"],
            ["{%tr for i in r.indicators %}", "", "", ""],
            ["{{ i.name }}", "{{ i.value }}", "{{ i.unit }}", "{{ i.year }}"],
            ["{%tr endfor %}", "", "", ""],
        ],
        [8, 3, 4, 2],
    )
    oxml.repeat_header_row(t.rows[0])
    for cell in t.rows[0].cells:
        cell.paragraphs[0].runs[0].bold = True
    loop(doc, "endif")
    loop(doc, "if r.links")
    label(doc, "Links")
    loop(doc, "for link in r.links")
    # The build turns each of these runs into a clickable hyperlink to the address it shows.
    doc.add_paragraph(style="List Bullet").add_run("{{ link }}", style=contract.HYPERLINK.name)
    loop(doc, "endfor")
    loop(doc, "endif")
    for key, title in (
        ("action_lines", "Action lines"),
        ("sdg_targets", "Sustainable Development Goal targets"),
        ("challenges", "Challenges"),
        ("next_steps", "Next steps"),
    ):
        loop(doc, f"if r.{key}")
        line = p(doc, "", "Normal")
        line.add_run(f"{title}: ").bold = True
        line.add_run(f"{{{{ r.{key} }}}}")
        loop(doc, "endif")
    loop(doc, "endfor")
    loop(doc, "endfor")
    loop(doc, "if entities")
    heading = p(doc, "Challenges reported", "Heading 1")
    heading.paragraph_format.page_break_before = True
    loop(doc, "for c in challenges")
    keep_with_next(p(doc, paragraph_heading("c"), "Heading 2"))
    loop(doc, "for x in c.reports")
    credited = p(doc, "", "Normal")
    credited.add_run("{{ x.short }}: ").bold = True
    credited.add_run("{{ x.text }}")
    loop(doc, "endfor")
    loop(doc, "else")
    p(doc, "No contributing entity reported challenges.", "Normal")
    loop(doc, "endfor")
    loop(doc, "endif")


def paragraph_heading(item: str) -> str:
    """A paragraph's heading in the compilation, for a loop variable (``r`` or ``c``) that
    holds its paragraph and its title (empty when the action table gives none)."""
    return (
        "Paragraph {{ " + item + ".paragraph }}"
        "{% if " + item + ".title %}: {{ " + item + ".title }}{% endif %}"
    )


def keep_with_next(paragraph: Paragraph) -> Paragraph:
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def label(doc: DocxDocument, text: str) -> None:
    p(doc, text, "Table Caption")


def save(doc: DocxDocument, path: Path, title: str) -> None:
    oxml.end_body_with_paragraph(doc)
    oxml.drop_styles_with_effects(doc)
    oxml.drop_unused_table_styles(doc)
    props = doc.core_properties
    props.author = "United Nations"
    props.title = title
    props.comments = "report-builder template; generated by tools/make_template.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    # The template goes through the same deterministic writer as drafts.
    buffer = io.BytesIO()
    doc.save(buffer)
    path.write_bytes(reproducible_docx(buffer.getvalue(), build_time(None)))
    print(f"Wrote {path}")


def make(path: Path = OUT) -> None:
    """The report's template."""
    doc = Document()
    define_styles(doc)
    number_report(doc)
    page_setup(doc)
    front_page(doc)
    body(doc)
    annexes(doc)
    report_furniture(doc)
    save(doc, path, "Report of the Secretary-General on WSIS (template)")


def make_contributions(path: Path = CONTRIBUTIONS_OUT) -> None:
    """The compilation's template: the report's styles, without its numbering, so that the
    Secretariat restyles each document on its own."""
    doc = Document()
    define_styles(doc)
    page_setup(doc)
    contributions(doc)
    save(doc, path, "Contributions to the report of the Secretary-General on WSIS (template)")


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else TEMPLATES
    make(folder / OUT.name)
    make_contributions(folder / CONTRIBUTIONS_OUT.name)
