"""The compilation of contributions, read back with python-docx as a reader sees it: its
contents, its headings and what keeps them on the page, and the challenges reported."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from report_builder import build, load_cycle

from .conftest import INPUTS, TEMPLATE, ooxml_errors, write

DAY = dt.date(2027, 3, 15)
LONG_TITLE = "Accessibility, interoperability and internationalization of telecommunications-dependent public services"
ITU_23 = "Audits cost more than planned & partners' data arrive late."
ITU_67 = "Financing data are scattered across\nmany institutions."
ITU_67_YAML = ITU_67.replace("\n", "\\n")
UNESCO_23 = "Few sign-language interpreters are available."
IGF_98 = "Travel funding for participants from developing countries is uncertain."


def compilation_of(out: Path) -> Document:
    return docx.Document(str(out.with_name(f"{out.stem}-contributions.docx")))


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The compilation of the shipped samples."""
    out = tmp_path_factory.mktemp("shipped") / "draft.docx"
    build(2027, inputs=INPUTS, template=TEMPLATE, output=out, date=DAY)
    return out.with_name("draft-contributions.docx")


@pytest.fixture(scope="module")
def challenged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three submissions with challenges, paragraph 23 titled at eight long words and
    paragraph 98 without a title."""
    root = tmp_path_factory.mktemp("challenged")
    inputs = root / "inputs"
    shutil.copytree(INPUTS, inputs, ignore=shutil.ignore_patterns("2027"))
    table = inputs / "action_table.yaml"
    text = table.read_text(encoding="utf-8")
    text = text.replace(
        "title: Accessibility and assistive technologies", f"title: {LONG_TITLE}"
    ).replace("    title: IGF working modalities and outcomes\n", "")
    table.write_text(text, encoding="utf-8")
    # Written in an order other than the registry's (ITU, UNESCO, …, IGF).
    write(
        inputs / "2027" / "igf.yaml",
        f"""
        entity: IGF
        cycle: 2027
        submitted: 2027-01-20
        reports:
          - paragraph: 98
            status: ongoing
            summary: Working modalities were improved.
            challenges: "{IGF_98}"
        """,
    )
    write(
        inputs / "2027" / "unesco.yaml",
        f"""
        entity: UNESCO
        cycle: 2027
        submitted: 2027-01-25
        reports:
          - paragraph: 39
            status: ongoing
            summary: Heritage collections were digitized.
          - paragraph: 23
            status: in_progress
            summary: Guidelines were drafted.
            challenges: "{UNESCO_23}"
        """,
    )
    write(
        inputs / "2027" / "itu.yaml",
        f"""
        entity: ITU
        cycle: 2027
        submitted: 2027-01-29
        reports:
          - paragraph: 67
            status: in_progress
            summary: The task force met.
            challenges: "{ITU_67_YAML}"
          - paragraph: 23
            status: in_progress
            summary: Audits were run.
            challenges: "{ITU_23}"
        """,
    )
    out = root / "draft.docx"
    build(2027, inputs=inputs, template=TEMPLATE, output=out, date=DAY)
    return out.with_name("draft-contributions.docx")


def texts(doc: Document) -> list[str]:
    return [p.text for p in doc.paragraphs]


def in_style(doc: Document, style: str) -> list[Paragraph]:
    return [p for p in doc.paragraphs if p.style is not None and p.style.name == style]


def keeps_with_next(paragraph: Paragraph) -> bool:
    """Whether the paragraph keeps with the next, set on it or by its style."""
    if paragraph.paragraph_format.keep_with_next is not None:
        return paragraph.paragraph_format.keep_with_next
    style = paragraph.style
    while style is not None:
        if style.paragraph_format.keep_with_next is not None:
            return bool(style.paragraph_format.keep_with_next)
        style = style.base_style
    return False


def section(doc: Document, heading: str, until: str | None = None) -> list[Paragraph]:
    """The paragraphs after the Heading 1 ``heading``, up to the next Heading 1."""
    paragraphs = doc.paragraphs
    start = next(
        i for i, p in enumerate(paragraphs) if p.style.name == "Heading 1" and p.text == heading
    )
    out = []
    for p in paragraphs[start + 1 :]:
        if p.style.name == "Heading 1":
            break
        out.append(p)
    return out


def test_report_headings_carry_the_whole_title(challenged: Path) -> None:
    doc = docx.Document(str(challenged))
    headings = [p.text for p in in_style(doc, "Heading 2")]
    assert f"Paragraph 23: {LONG_TITLE}" in headings
    assert "Paragraph 67: UNGIS task force on financial mechanisms" in headings
    # Without a title, the number alone.
    assert "Paragraph 98" in headings
    # The action follows its heading in full.
    cycle = load_cycle(challenged.parent / "inputs", 2027)
    action = cycle.reference.actions[23].action
    assert len(action.split()) > 20
    assert action in texts(doc)


def test_the_shipped_headings_are_paragraph_and_title(shipped: Path) -> None:
    doc = docx.Document(str(shipped))
    headings = [p.text for p in in_style(doc, "Heading 2")]
    titles = {a.paragraph: a.title for a in load_cycle(INPUTS, 2027).reference.table.actions}
    reported = [h for h in headings if h.startswith("Paragraph ")]
    assert reported
    for heading in reported:
        number, _, title = heading.removeprefix("Paragraph ").partition(": ")
        assert title == titles[int(number)], heading


def test_headings_and_submission_dates_keep_with_the_next_paragraph(shipped: Path) -> None:
    doc = docx.Document(str(shipped))
    paragraphs = doc.paragraphs
    entity_headings = [
        i for i, p in enumerate(paragraphs) if p.text.startswith("International Telecommunication")
    ]
    # In the contents, then as the section's heading.
    assert len(entity_headings) == 2
    submitted = [p for p in paragraphs if p.text.startswith("Submitted on ")]
    assert len(submitted) == 12
    for p in [*in_style(doc, "Heading 1"), *submitted, *in_style(doc, "Heading 2")]:
        assert keeps_with_next(p), p.text
    # What follows an entity's heading is its date, then its first report's heading.
    heading = entity_headings[1]
    assert paragraphs[heading + 1].text == "Submitted on 29 January 2027."
    assert paragraphs[heading + 2].text.startswith("Paragraph ")
    assert keeps_with_next(paragraphs[heading + 3])


def test_the_contents_list_every_entity_in_order_each_linked_to_its_section(
    shipped: Path,
) -> None:
    doc = docx.Document(str(shipped))
    cycle = load_cycle(INPUTS, 2027)
    order = list(cycle.reference.registry.entities)
    entities = sorted((s.entity for s in cycle.submissions), key=lambda e: order.index(e.id))
    expected = [f"{e.name} ({e.short})" for e in entities]
    lines = [p for p in section(doc, "Contents") if p.text]
    assert [p.text for p in lines] == expected
    # The sections follow in the same order.
    assert [p.text for p in in_style(doc, "Heading 1")] == [
        "Contents",
        *expected,
        "Challenges reported",
    ]
    bookmarks = {
        b.get(qn("w:name")): "".join(t.text or "" for t in b.getparent().iter(qn("w:t")))
        for b in doc.element.body.iter(qn("w:bookmarkStart"))
    }
    for line, text in zip(lines, expected, strict=True):
        (link,) = line.hyperlinks
        assert link.text == text
        assert bookmarks[link.fragment] == text


def test_the_challenges_are_gathered_verbatim_by_paragraph_and_credited(
    challenged: Path,
) -> None:
    doc = docx.Document(str(challenged))
    gathered = [p.text for p in section(doc, "Challenges reported")]
    assert gathered == [
        f"Paragraph 23: {LONG_TITLE}",
        f"ITU: {ITU_23}",
        f"UNESCO: {UNESCO_23}",
        "Paragraph 67: UNGIS task force on financial mechanisms",
        f"ITU: {ITU_67}",
        "Paragraph 98",
        f"IGF: {IGF_98}",
    ]
    challenges = section(doc, "Challenges reported")
    assert challenges[0].style.name == "Heading 2"
    # The credit is a bold lead.
    lead = challenges[1].runs[0]
    assert lead.text == "ITU: " and lead.bold
    assert keeps_with_next(challenges[0])


def test_without_challenges_the_section_says_so(shipped: Path) -> None:
    doc = docx.Document(str(shipped))
    assert [p.text for p in section(doc, "Challenges reported")] == [
        "No contributing entity reported challenges."
    ]


def test_a_compilation_without_contributions_has_neither_contents_nor_challenges(
    empty_cycle: Path, tmp_path: Path
) -> None:
    out = tmp_path / "draft.docx"
    build(2027, inputs=empty_cycle, template=TEMPLATE, output=out, date=DAY)
    headings = [p.text for p in in_style(compilation_of(out), "Heading 1")]
    assert headings == []


def test_the_compilations_are_valid(shipped: Path, challenged: Path) -> None:
    assert ooxml_errors(shipped) == []
    assert ooxml_errors(challenged) == []


def anchored_texts(doc: Document) -> dict[str, str]:
    """Each comment's text by the text it is anchored on, tabs and line breaks read as
    Word shows them."""
    shown = {qn("w:t"): None, qn("w:tab"): "\t", qn("w:br"): "\n"}
    anchored: dict[str, str] = {}
    for start in doc.element.body.iter(qn("w:commentRangeStart")):
        cid = start.get(qn("w:id"))
        parts: list[str] = []
        node = start.getnext()
        while not (node.tag == qn("w:commentRangeEnd") and node.get(qn("w:id")) == cid):
            for element in node.iter(*shown):
                parts.append(shown[element.tag] or element.text or "")
            node = node.getnext()
        anchored[cid] = "".join(parts)
    return {c.text: anchored[str(c.comment_id)] for c in doc.comments}


@pytest.mark.parametrize(
    "summary",
    [
        "Technical assistance\twas provided on request.",
        "Technical assistance\nwas provided on request.",
        "Technical assistance:\tstrategies,\nplans\tand\tlaws.",
    ],
    ids=["tab", "line break", "both"],
)
def test_a_summary_with_tabs_or_line_breaks_keeps_its_marks(
    inputs: Path, tmp_path: Path, summary: str
) -> None:
    out = tmp_path / "draft.docx"
    build(2027, inputs=inputs, template=TEMPLATE, output=out, date=DAY)
    undp = inputs / "2027" / "undp.yaml"
    text = undp.read_text(encoding="utf-8")
    old = (
        "    summary: >-\n"
        "      Illustrative sample: technical assistance on national digital transformation"
        " strategies\n      was provided on request.\n"
    )
    assert old in text
    quoted = summary.replace("\t", "\\t").replace("\n", "\\n")
    text = text.replace(old, f'    summary: "{quoted}"\n')
    text += f'  - paragraph: 33\n    status: in_progress\n    summary: "New: {quoted}"\n'
    undp.write_text(text, encoding="utf-8")
    build(2027, inputs=inputs, template=TEMPLATE, output=out, date=dt.date(2027, 3, 20))
    assert {
        comment: anchor
        for comment, anchor in anchored_texts(compilation_of(out)).items()
        if comment.startswith(("New since", "Changed since"))
    } == {
        "Changed since the build of 15 March 2027: the report of the United Nations "
        "Development Programme on paragraph 50 differs from the one in that build.": summary,
        "New since the build of 15 March 2027: the report of the United Nations Development "
        "Programme on paragraph 33 was not in that build.": f"New: {summary}",
    }
