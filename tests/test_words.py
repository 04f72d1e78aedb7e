"""One word counter, Word's, for the limits on summaries and highlights, the highlights'
budget and the length printed for the draft."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import Result
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from report_builder.analysis.condense import summary_sentence
from report_builder.inputs.models import Entity
from report_builder.inputs.words import first_words, word_count

from .conftest import VALID_SUBMISSION, convert, write


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        (" \t\n ", 0),
        ("The task force met.", 4),
        ("a\u200bb", 2),
        ("co\u00adoperation", 1),
        ("two\u2060three", 1),
        ("a\u200cb a\u200db", 2),
        ("e\u0301te", 1),
        ("a \u0301 b", 3),
        ("a\u00a0b", 2),
        ("信息社会", 4),
        ("信息社会。", 5),
        ("AI数据 2027年", 5),
        ("日本語です", 5),
        ("か\u3099き", 2),
        ("葛\U000e0100城", 2),
        ("정보 사회", 4),
        ("« Accès universel », café, naïve", 6),
    ],
)
def test_words_are_counted_as_word_counts_them(text: str, words: int) -> None:
    assert word_count(text) == words


# Characters of several scripts and kinds, CJK and U+200B left out.
PLAIN = st.text(
    st.characters(
        blacklist_categories=["Cs"],
        blacklist_characters="\u200b",
        max_codepoint=0x2FFF,
    )
)


@given(PLAIN)
def test_without_cjk_or_zero_width_spaces_white_space_alone_parts_words(text: str) -> None:
    assert word_count(text) == len(text.split())


def test_first_words_cuts_after_the_last_word_kept() -> None:
    assert first_words("one two\u200bthree four", 3) == "one two\u200bthree"
    assert first_words("信息社会 society", 2) == "信息"
    assert first_words("one two", 5) == "one two"


def test_a_highlight_from_a_summary_is_cut_to_sixty_counted_words() -> None:
    itu = Entity(id="ITU", name="International Telecommunication Union", kind="organization")
    cut = summary_sentence("信" * 100 + " and more.", itu)
    assert cut == "信" * 60 + " …"


def test_libreoffice_counts_the_same_words(tmp_path: Path) -> None:
    """LibreOffice splits at en and em dashes, and joins at U+200B, where Word does not:
    the text has neither."""
    texts = [
        "Cooperation and co\u00adoperation, e\u0301te\u0301 and café: naïve résumé.",
        "信息社会世界峰会成果落实进展。亚太信息高速公路",
        "日本語のテキストです 정보 사회",
        "AI数据 2027年 x\u200dy a\u200cb two\u2060three",
        "Non\u00a0breaking spaces, « guillemets » ¿sí? ¡Sí!",
        "Arabic: التقدم المحرز في تنفيذ نتائج القمة",
    ]
    document = docx.Document()
    for text in texts:
        document.add_paragraph(text)
    document.save(str(tmp_path / "words.docx"))
    converted = convert(tmp_path / "words.docx", tmp_path, "fodt")
    statistic = re.search(r'meta:word-count="(\d+)"', converted.read_text("utf-8"))
    assert statistic is not None
    assert int(statistic.group(1)) == sum(word_count(text) for text in texts)


def body_text(draft: Path) -> str:
    """The draft's text from the masthead to the first annex, read with python-docx, and
    the text of its footnotes (all referenced before the annexes), read from the package."""
    document = docx.Document(str(draft))
    texts = []
    for p in document.element.body.iter(qn("w:p")):
        if p.style == "AnnexHeading":
            break
        texts.append(Paragraph(p, document).text)
    with zipfile.ZipFile(draft) as package:
        footnotes = etree.fromstring(package.read("word/footnotes.xml"))
    for p in footnotes.iter(qn("w:p")):
        texts.append("".join(t.text or "" for t in p.iter(qn("w:t"))))
    return "\n".join(texts)


def test_the_printed_length_of_the_report_is_the_counters(
    cli, empty_cycle: Path, tmp_path: Path
) -> None:
    highlight = '    highlight: "Digital\\u200bconnectivity for 信息社会, in co\\u00adoperation."\n'
    write(empty_cycle / "2027" / "itu.yaml", VALID_SUBMISSION + highlight)
    result: Result = cli("build", "2027", "--inputs", str(empty_cycle))
    assert result.exit_code == 0, result.output
    printed = re.search(r"Body: ([\d,]+) words", result.stderr)
    assert printed is not None
    text = body_text(tmp_path / "outputs" / "2027" / "WSIS-report-2027-draft.docx")
    assert "信息社会" in text
    assert int(printed.group(1).replace(",", "")) == word_count(text) != len(text.split())
