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

from report_builder.analysis.condense import sentences, summary_sentence
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


# Characters of several scripts and kinds, East Asian ones and U+200B left out.
PLAIN = st.text(
    st.characters(
        blacklist_categories=["Cs"],
        blacklist_characters="\u200b",
        max_codepoint=0x2E7F,
    ).filter(lambda c: not "\u1100" <= c <= "\u11ff")
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


# Forty words with 21 soft hyphens.
SOFT_HYPHENATED = " ".join(["co\u00adop\u00adera\u00adtion"] * 7 + ["work"] * 33)


def test_libreoffice_counts_the_same_words(tmp_path: Path) -> None:
    """LibreOffice splits at en and em dashes, and joins at U+200B, where Word does not,
    and counts a joiner or variation selector after an ideograph as a word of its own: the
    text has none of these. Thai and Lao, which LibreOffice parts by a dictionary, are
    left out too."""
    texts = [
        "Cooperation and co\u00adoperation, e\u0301te\u0301 and café: naïve résumé.",
        "信息社会世界峰会成果落实进展。亚太信息高速公路",
        "日本語のテキストです 정보 사회",
        "AI数据 2027年 x\u200dy a\u200cb two\u2060three",
        "Non\u00a0breaking spaces, « guillemets » ¿sí? ¡Sí!",
        "Arabic: التقدم المحرز في تنفيذ نتائج القمة",
        SOFT_HYPHENATED,
        "A \U0001f469\u200d\U0001f4bb coder, \U0001f3f3\ufe0f\u200d\U0001f308 flag",
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \u0628\u0631\u0648\u0645",
        "信息社会。世界峰会\uff01进展\uff1fabc。abc、def abc「def」\uff08信息\uff09",
        "\uff21\uff22\uff23 def ２０２７年 ￥100 ㄅㄆㄇ ꀀꀁ ㈠㈡ ㌀ ﾡﾢ ｱ｡ｲ コーヒー 人々 \u1100\u1161",
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


# The red team's cases, and their neighbours: each East Asian character a word of its own
# (punctuation and full-width forms included, as LibreOffice counts them), soft hyphens,
# joiners and variation selectors inside the word they are in.


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (SOFT_HYPHENATED, 40),
        ("A \U0001f469\u200d\U0001f4bb coder", 3),
        ("\U0001f3f3\ufe0f\u200d\U0001f308 flag", 2),
        ("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \u0628\u0631\u0648\u0645", 2),
        ("信息社会。世界峰会\uff01进展\uff1f", 13),
        ("abc。", 2),
        ("abc、def", 3),
        ("abc「def」", 4),
        ("\uff21\uff22\uff23 def", 4),
        ("２０２７年", 5),
        ("￥100", 2),
        ("ㄅㄆㄇ", 3),
        ("ꀀꀁ", 2),
        ("㈠㈡ ㌀", 3),
        ("ﾡﾢ", 2),
        ("\u1100\u1161", 2),
        ("信\ufe00息", 2),
    ],
)
def test_other_scripts_are_counted_as_word_counts_them(text: str, words: int) -> None:
    assert word_count(text) == words


ITU = Entity(id="ITU", name="International Telecommunication Union", kind="organization")
# A summary in Chinese of three sentences, each ended as Chinese ends them.
CHINESE = "国际电联发布了区域路线图。共培训了四十名官员\uff01下一步是什么\uff1f"


def test_sentences_end_at_chinese_and_arabic_marks() -> None:
    assert sentences(CHINESE + "还有更多") == [
        "国际电联发布了区域路线图。",
        "共培训了四十名官员\uff01",
        "下一步是什么\uff1f",
        "还有更多",
    ]
    assert sentences("「完成了。」然后继续。") == ["「完成了。」", "然后继续。"]
    assert sentences("هل تم ذلك؟ نعم تم.") == ["هل تم ذلك؟", "نعم تم."]
    assert summary_sentence(CHINESE * 5, ITU) == "国际电联发布了区域路线图。"


def test_the_printed_length_counts_chinese_as_libreoffice_does(
    cli, empty_cycle: Path, tmp_path: Path
) -> None:
    """Seven Chinese summaries: the draft quotes each one's first sentence, and the length
    printed for it is LibreOffice's count of the same text, its dashes made hyphens (which
    LibreOffice alone parts words at)."""
    paragraphs = (23, 24, 26, 28, 33, 39, 45)
    reports = "".join(
        f"  - paragraph: {p}\n    status: in_progress\n    summary: {CHINESE * 8}\n"
        for p in paragraphs
    )
    write(
        empty_cycle / "2027" / "itu.yaml",
        "entity: ITU\ncycle: 2027\nsubmitted: 2027-01-31\nreports:\n" + reports,
    )
    result: Result = cli("build", "2027", "--inputs", str(empty_cycle))
    assert result.exit_code == 0, result.output
    printed = re.search(r"Body: ([\d,]+) words", result.stderr)
    assert printed is not None
    text = body_text(tmp_path / "outputs" / "2027" / "WSIS-report-2027-draft.docx")
    assert text.count("国际电联发布了区域路线图。") == len(paragraphs)
    assert "共培训了" not in text
    assert "\u3002." not in text  # the full stop ends the credit; none is added
    document = docx.Document()
    for line in re.sub("[\u2013\u2014]", "-", text).split("\n"):
        document.add_paragraph(line)
    document.save(str(tmp_path / "body.docx"))
    converted = convert(tmp_path / "body.docx", tmp_path, "fodt")
    statistic = re.search(r'meta:word-count="(\d+)"', converted.read_text("utf-8"))
    assert statistic is not None
    assert int(printed.group(1).replace(",", "")) == int(statistic.group(1))
