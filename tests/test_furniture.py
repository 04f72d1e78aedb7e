"""The report's page furniture, as UN documents have it: the front page's agenda footnotes,
the job number at the foot of page 1, the symbol and page number on every later page, and
numbered footnotes, counted in the report's length."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from lxml import etree

from report_builder import build
from report_builder.word import oxml

from .conftest import INPUTS, TEMPLATE, VALID_SUBMISSION, ooxml_errors, to_pdf, write
from .test_draft import full_text
from .test_templates_hostile import part, refused, with_parts

DAY = dt.date(2027, 3, 15)
SYMBOL = "A/82/xx–E/2027/xx"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("furniture") / "d.docx"
    build(2027, inputs=INPUTS, template=TEMPLATE, output=out, date=DAY)
    return out


def footnotes(document: Path) -> list[str]:
    """The text of each footnote of ``document`` that holds any, in order."""
    with zipfile.ZipFile(document) as package:
        root = etree.fromstring(package.read("word/footnotes.xml"))
    texts = ["".join(t.text or "" for t in note.iter(qn("w:t"))) for note in root]
    return [text for text in texts if text]


def references(document: Path) -> list[dict[str, str]]:
    """The attributes of each footnote reference in the body, without their namespace."""
    body = docx.Document(str(document)).element.body
    return [
        {etree.QName(name).localname: value for name, value in reference.attrib.items()}
        for reference in body.iter(qn("w:footnoteReference"))
    ]


def word_count(template: Path, tmp_path: Path) -> int:
    out = tmp_path / f"{template.stem}-draft.docx"
    return build(2027, inputs=INPUTS, template=template, output=out, date=DAY).word_count


# --- The front page -------------------------------------------------------------------


def test_the_agenda_items_carry_footnotes_naming_the_agenda_documents(built: Path) -> None:
    text = full_text(docx.Document(str(built)))
    assert "Item xx of the preliminary list*" in text
    assert "2027 session\nItem xx of the provisional agenda**" in text.replace("\n\n", "\n")
    assert "Agenda item" not in text
    assert footnotes(built) == [
        "* A/82/50.",
        "** E/2027/1.",
        " The contributions are reproduced in full in a conference room paper.",
    ]
    # The agenda documents are footnotes now, no longer a paragraph of the body.
    assert "A/82/50" not in text
    assert references(built) == [
        {"id": "1", "customMarkFollows": "1"},
        {"id": "2", "customMarkFollows": "1"},
        {"id": "3"},
    ]


def test_the_job_number_is_at_the_foot_of_page_1_and_the_symbol_heads_every_later_page(
    built: Path,
) -> None:
    doc = docx.Document(str(built))
    first, *later = doc.sections
    assert first.different_first_page_header_footer
    assert first.first_page_footer.paragraphs[0].text == "GE.27-xxxxx (E)"
    assert first.first_page_header.paragraphs[0].text == ""
    # Odd pages and even pages alike, the symbol on the outer edge.
    assert doc.settings.odd_and_even_pages_header_footer
    for header in (first.header, first.even_page_header):
        assert header.paragraphs[0].text == SYMBOL
    assert first.header.paragraphs[0].alignment != first.even_page_header.paragraphs[0].alignment
    for footer in (first.footer, first.even_page_footer):
        fields = footer.paragraphs[0]._p.iter(qn("w:fldSimple"))
        assert [f.get(qn("w:instr")) for f in fields] == ["PAGE", "NUMPAGES"]
    # The landscape annex and the portrait section after it repeat them, with no first
    # page of their own.
    assert len(later) == 2
    for section in later:
        assert not section.different_first_page_header_footer
        assert section.header.is_linked_to_previous
        assert section.footer.is_linked_to_previous
        assert section.even_page_header.is_linked_to_previous
        assert section.even_page_footer.is_linked_to_previous


def test_the_front_page_values_come_from_the_context(tmp_path: Path) -> None:
    """A template may place the new values anywhere, and they reach the draft."""
    template = tmp_path / "t.docx"
    doc = docx.Document(str(TEMPLATE))
    doc.add_paragraph(
        "{{ ga_item }}|{{ council_item }}|{{ council_session }}|{{ job_number }}|"
        "{{ compilation_symbol }}"
    )
    doc.save(str(template))
    out = tmp_path / "d.docx"
    build(2027, inputs=INPUTS, template=template, output=out, date=DAY)
    assert docx.Document(str(out)).paragraphs[-1].text == (
        "xx|xx|2027 session|GE.27-xxxxx (E)|a conference room paper"
    )


# --- Footnotes count towards the length; headers and footers do not -------------------


def test_footnote_words_count_towards_the_report_and_running_heads_do_not(
    tmp_path: Path,
) -> None:
    plain = word_count(TEMPLATE, tmp_path)
    longer = with_parts(
        tmp_path,
        {
            "word/footnotes.xml": part("word/footnotes.xml")
            .replace("{{ ga_agenda_symbol }}.", "{{ ga_agenda_symbol }}. One two three four five.")
            .encode()
        },
    )
    assert word_count(longer, tmp_path) == plain + 5
    headed = tmp_path / "headed.docx"
    doc = docx.Document(str(TEMPLATE))
    doc.sections[0].header.paragraphs[0].add_run(" Advance unedited version")
    doc.sections[0].first_page_footer.paragraphs[0].add_run(" 150327 160327")
    doc.save(str(headed))
    assert word_count(headed, tmp_path) == plain


def test_a_numbered_footnote_is_added_filled_and_counted(tmp_path: Path) -> None:
    """The footnote the introduction's contributions sentence carries, added to the
    shipped template as tools/make_template.py's footnote() adds it."""
    plain = word_count(TEMPLATE, tmp_path)
    template = tmp_path / "numbered.docx"
    doc = docx.Document(str(TEMPLATE))
    paragraph = doc.add_paragraph("Contributions were received.")
    oxml.add_footnote(paragraph, "See {{ compilation_symbol }}, issued with {{ symbol }}.")
    doc.save(str(template))
    out = tmp_path / "d.docx"
    result = build(2027, inputs=INPUTS, template=template, output=out, date=DAY)
    assert footnotes(out) == [
        "* A/82/50.",
        "** E/2027/1.",
        " The contributions are reproduced in full in a conference room paper.",
        f" See a conference room paper, issued with {SYMBOL}.",
    ]
    with zipfile.ZipFile(out) as package:
        root = etree.fromstring(package.read("word/footnotes.xml"))
    numbered = root[-1]
    assert numbered.get(qn("w:id")) == "4"
    assert len(list(numbered.iter(qn("w:footnoteRef")))) == 1
    assert references(out)[-1] == {"id": "4"}
    # Word numbers it: its reference is in the footnote reference style, raised.
    styles = {s.style_id: s for s in docx.Document(str(out)).styles}
    assert styles["FootnoteReference"].font.superscript
    assert styles["FootnoteText"].type == WD_STYLE_TYPE.PARAGRAPH
    # The paragraph comes after the annex headings: neither it nor its footnote counts.
    assert result.word_count == plain
    assert ooxml_errors(out) == []


def test_a_numbered_footnote_before_the_annexes_counts(tmp_path: Path) -> None:
    plain = word_count(TEMPLATE, tmp_path)
    template = tmp_path / "early.docx"
    doc = docx.Document(str(TEMPLATE))
    summary = next(p for p in doc.paragraphs if p.style.name == "Summary Text")
    oxml.add_footnote(summary, "Three more words.")
    doc.save(str(template))
    assert word_count(template, tmp_path) == plain + 3


# --- A template's footnotes are checked like its body ----------------------------------


def with_footnote(tmp_path: Path, text: str) -> Path:
    footnotes_xml = part("word/footnotes.xml").replace("{{ ga_agenda_symbol }}", escape(text))
    return with_parts(tmp_path, {"word/footnotes.xml": footnotes_xml.encode()})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{{r symbol }}", "the tag '{{r' inserts raw XML"),
        ("{{ symbol|safe }}", "the filter '|safe' is not allowed"),
        ("{% include 'x.xml' %}", "'{% include %}' is not allowed"),
        ("{{ not_provided }}", "the template uses not_provided, which the build does not provide"),
        ("{{ ('a & b'|e)[:3] }}", "word/footnotes.xml is not well-formed XML once filled"),
    ],
)
def test_a_footnote_gets_the_checks_of_the_body(
    cli, tmp_path: Path, text: str, message: str
) -> None:
    assert message in refused(cli, with_footnote(tmp_path, text))


def test_a_footnote_that_is_not_well_formed_is_refused(cli, tmp_path: Path) -> None:
    broken = part("word/footnotes.xml").replace("</w:footnotes>", "")
    template = with_parts(tmp_path, {"word/footnotes.xml": broken.encode()})
    assert re.search(r"part word/footnotes.xml is not well-formed XML", refused(cli, template))


def test_text_printed_into_a_footnote_is_not_run_as_a_template(
    empty_cycle: Path, tmp_path: Path
) -> None:
    """The report has three sections; the footnotes are still filled once, so tags in a
    submission print as written."""
    write(
        empty_cycle / "2027" / "itu.yaml",
        VALID_SUBMISSION + '    highlight: "Braces {{ year }} and {% if x %} stay."\n',
    )
    template = with_footnote(
        tmp_path,
        "{% for t in themes %}{% for p in t.paragraphs %}{% for g in p.groups %}"
        "{% for c in g.credits %}{{ c }}{% endfor %}{% endfor %}{% endfor %}{% endfor %}",
    )
    out = tmp_path / "d.docx"
    build(2027, inputs=empty_cycle, template=template, output=out, date=DAY)
    assert footnotes(out)[0] == "* ITU: Braces {{ year }} and {% if x %} stay.."


# --- In a real word processor --------------------------------------------------------------


@pytest.mark.slow
def test_the_pages_show_the_furniture_where_un_documents_do(built: Path, tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed: apt-get install poppler-utils")
    pdf = to_pdf(built, tmp_path)

    def page(number: int) -> str:
        return subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    first = page(1)
    summary_end = first.index("[Key messages: to be drafted by the Secretariat.]")
    assert first.index("A/82/50.") > summary_end
    assert first.index("E/2027/1.") > summary_end
    assert first.rstrip().endswith("GE.27-xxxxx (E)")
    assert page(2).lstrip().startswith(SYMBOL)
    assert "2/" in page(2)
    annex = next(n for n in range(3, 40) if "Implementation matrix" in page(n))
    assert page(annex).lstrip().startswith(SYMBOL)
    assert page(annex + 1).lstrip().startswith(SYMBOL)
    assert "GE.27-xxxxx" not in page(annex) + page(annex + 1)
