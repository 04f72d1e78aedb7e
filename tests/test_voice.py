"""The report reads like the Secretary-General's: short numbered paragraphs, entities
credited once, in the order of their role and the registry, and one flag per finding.

Checked on a realistic synthetic cycle (40 entities, 6 to 10 reports each, highlights on
half of them, written the way contributions are) and on the shipped samples.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from report_builder import build, coverage, load_cycle, load_reference
from report_builder.analysis.condense import (
    condense,
    mentions_entity,
    names_entity,
    offers,
    sentences,
    summary_sentence,
)
from report_builder.analysis.coverage import PlacedReport
from report_builder.inputs.models import Entity, Report
from report_builder.inputs.words import word_count
from report_builder.pipeline import BuildResult
from report_builder.wording.report import credit

from .conftest import INPUTS, TEMPLATE

DAY = dt.date(2027, 3, 15)
# Entities asked to act that send nothing in the synthetic cycle.
SILENT = ("ICAO", "UNIDO", "WTO")
# Openings of highlights as focal points write them, some with the entity's name and some
# without.
OPENINGS = [
    "{short} launched a regional programme on {topic} in {n} countries.",
    "{short}'s {topic} initiative reached {n} national administrations.",
    "The {name} published guidance on {topic} with {n} partner institutions.",
    "Through its {topic} programme, {short} trained {n} officials.",
    "In 2026, {n} countries received technical assistance on {topic}.",
    "Guidelines on {topic} were adopted by {n} member States.",
    "A toolkit on {topic} was piloted in {n} countries.",
]
TOPICS = [
    "digital public infrastructure",
    "meaningful connectivity",
    "e-government services",
    "digital skills for women and girls",
    "cybersecurity capacity",
    "data governance",
    "broadband mapping",
    "artificial intelligence readiness",
]
DETAIL = (
    "The work combined policy advice, peer learning among national regulators and a shared "
    "monitoring framework that countries now use to report their progress each year."
)
SUMMARY = (
    "As lead facilitator of the relevant action lines, {short} continued its work on "
    "{topic}. {short} worked with {n} countries on national assessments and policy advice. "
    "Following requests from member States, a second phase is planned for 2027."
)


@dataclass(frozen=True)
class Built:
    result: BuildResult
    draft: Document
    inputs: Path


def synthetic_cycle(root: Path, seed: int = 7) -> Path:
    """The shipped reference data with 40 synthetic 2027 submissions; illustrative data
    generated for tests, describing nothing real."""
    rng = random.Random(seed)
    inputs = root / "inputs"
    shutil.copytree(INPUTS, inputs, ignore=shutil.ignore_patterns("2027"))
    reference = load_reference(inputs)
    paragraphs = list(reference.actions)
    organizations = [
        e
        for e in reference.registry.entities.values()
        if e.kind == "organization" and e.id not in SILENT
    ][:40]
    folder = inputs / "2027"
    folder.mkdir()
    for index, entity in enumerate(organizations):
        named = list(reference.paragraphs_naming(entity.id))
        rng.shuffle(named)
        count = rng.randint(6, 10)
        chosen = named[:count]
        others = [p for p in paragraphs if p not in chosen]
        chosen += rng.sample(others, count - len(chosen))
        if entity.id in ("ECA", "ECE", "ECLAC", "ESCAP", "ESCWA") and 108 not in chosen:
            chosen[0] = 108
        lines = [
            "# Illustrative data generated for tests; it describes nothing real.",
            f"entity: {entity.id}",
            "cycle: 2027",
            # Later entities in the registry submit first: arrival must not set the order.
            f"submitted: 2027-01-{31 - index % 28:02d}",
            "reports:",
        ]
        for number, paragraph in enumerate(sorted(set(chosen))):
            values = {
                "short": entity.short,
                "name": entity.name,
                "topic": rng.choice(TOPICS),
                "n": rng.randint(12, 60),
            }
            lines += [
                f"  - paragraph: {paragraph}",
                f"    status: {rng.choice(['planned', 'in_progress', 'ongoing', 'completed'])}",
                f"    summary: {yaml_text(SUMMARY.format(**values))}",
            ]
            if (index + number) % 2 == 0:
                opening = OPENINGS[(index + number) % len(OPENINGS)]
                highlight = opening.format(**values) + " " + DETAIL
                lines.append(f"    highlight: {yaml_text(highlight)}")
        (folder / f"{entity.id.lower()}.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    return inputs


def yaml_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("voice")
    inputs = synthetic_cycle(root)
    out = root / "draft.docx"
    result = build(2027, inputs=inputs, template=TEMPLATE, output=out, date=DAY)
    return Built(result, docx.Document(str(out)), inputs)


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Built:
    out = tmp_path_factory.mktemp("samples") / "draft.docx"
    result = build(2027, inputs=INPUTS, template=TEMPLATE, output=out, date=DAY)
    return Built(result, docx.Document(str(out)), INPUTS)


def body(doc: Document) -> list[Paragraph]:
    """The paragraphs before the first annex, table cells included."""
    out = []
    for element in doc.element.body.iter(qn("w:p")):
        paragraph = Paragraph(element, doc)
        if paragraph.style is not None and paragraph.style.name == "Annex Heading":
            break
        out.append(paragraph)
    return out


def credits(paragraph: Paragraph) -> list[str]:
    return [r.text for r in paragraph.runs if r.style is not None and r.style.name == "ReportNote"]


def sections(doc: Document) -> list[tuple[int, list[Paragraph]]]:
    """Chapter III's paragraph sections: the paragraph number and what follows its heading."""
    out: list[tuple[int, list[Paragraph]]] = []
    for paragraph in body(doc):
        style = paragraph.style.name if paragraph.style is not None else ""
        if style == "Heading 3":
            number = re.search(r"para\. (\d+)\)$|^Paragraph (\d+) ", paragraph.text)
            assert number, paragraph.text
            out.append((int(number.group(1) or number.group(2)), []))
        elif style.startswith("Heading"):
            if out and style == "Heading 1":
                break
        elif out:
            out[-1][1].append(paragraph)
    return out


def credited(text: str, entities: list[Entity]) -> str:
    """The id of the entity a credit is about: the one it begins with, else the one its
    first sentence names (the synthetic highlights name no other)."""
    for found in (
        lambda e: names_entity(text, e) or text.startswith((f"{e.short}: ", f"{e.short} reported")),
        lambda e: mentions_entity(text, e),
    ):
        for e in entities:
            if found(e):
                return e.id
    raise AssertionError(text)


@pytest.mark.parametrize("cycle", ["synthetic", "samples"])
def test_numbered_paragraphs_are_short_and_credit_at_most_four_entities(
    cycle: str, request: pytest.FixtureRequest
) -> None:
    built: Built = request.getfixturevalue(cycle)
    numbered = [p for p in body(built.draft) if p.style.name == "Numbered Paragraph"]
    assert numbered
    for paragraph in numbered:
        assert word_count(paragraph.text) <= 160, paragraph.text
        assert len(credits(paragraph)) <= 4, paragraph.text


@pytest.mark.parametrize("cycle", ["synthetic", "samples"])
def test_no_credit_repeats_its_entitys_name(cycle: str, request: pytest.FixtureRequest) -> None:
    built: Built = request.getfixturevalue(cycle)
    entities = load_reference(built.inputs).registry.entities.values()
    seen = 0
    for paragraph in body(built.draft):
        for text in credits(paragraph):
            for entity in entities:
                for prefix in (f"{entity.short}: ", f"{entity.short} reported that "):
                    if text.startswith(prefix):
                        seen += 1
                        assert not mentions_entity(text.removeprefix(prefix), entity), text
    assert seen or cycle == "synthetic"


@pytest.mark.parametrize("cycle", ["synthetic", "samples"])
def test_the_resolution_is_cited_not_restated_before_the_annexes(
    cycle: str, request: pytest.FixtureRequest
) -> None:
    built: Built = request.getfixturevalue(cycle)
    text = "\n".join(p.text for p in body(built.draft))
    reference = load_reference(built.inputs)
    for action in reference.actions.values():
        assert action.action not in text, action.paragraph
    assert "Asked:" not in text


def test_credits_follow_role_then_registry_not_arrival(synthetic: Built) -> None:
    reference = load_reference(synthetic.inputs)
    registry = list(reference.registry.entities)
    entities = list(reference.registry.entities.values())
    checked = 0
    for number, paragraphs in sections(synthetic.draft):
        names = [credited(text, entities) for p in paragraphs for text in credits(p)]
        keys = [
            (
                ["lead", "partner", "constituency", "voluntary"].index(reference.role(e, number)),
                registry.index(e),
            )
            for e in names
        ]
        assert keys == sorted(keys), (number, names)
        checked += len(names) > 1
    assert checked > 10
    (commissions,) = [
        [credited(t, entities) for p in paragraphs for t in credits(p)]
        for number, paragraphs in sections(synthetic.draft)
        if number == 108
    ]
    # The five regional commissions asked, then the voluntary reports.
    assert commissions[:5] == ["ECA", "ECE", "ECLAC", "ESCAP", "ESCWA"]


def test_selection_under_the_limit_keeps_the_leads(synthetic: Built) -> None:
    """The cycle offers more highlights than fit: those left out are the last in order."""
    shown, offered = synthetic.result.highlights
    assert 0 < shown < offered
    itu = [t for p in body(synthetic.draft) for t in credits(p) if t.startswith("ITU")]
    assert itu


@pytest.mark.parametrize("cycle", ["synthetic", "samples"])
def test_each_entity_without_a_submission_is_flagged_once(
    cycle: str, request: pytest.FixtureRequest
) -> None:
    built: Built = request.getfixturevalue(cycle)
    notes = [
        r.text
        for p in body(built.draft)
        for r in p.runs
        if r.style is not None and r.style.name == "Flag" and "no submission from" in r.text
    ]
    assert len(notes) == 1
    silent = {
        f.entities[i].short
        for f in built.result.flags
        if f.kind == "no_submission"
        for i in range(len(f.entities))
    }
    if cycle == "synthetic":
        assert silent >= set(SILENT)
    for short in silent:
        assert len(re.findall(rf"(?<![\w-]){re.escape(short)}(?![\w-])", notes[0])) == 1


@pytest.mark.parametrize("cycle", ["synthetic", "samples"])
def test_the_body_and_reserved_words_fit_and_the_count_is_the_text_s(
    cycle: str, request: pytest.FixtureRequest
) -> None:
    built: Built = request.getfixturevalue(cycle)
    result = built.result
    assert result.word_count + result.reserved_words <= result.word_limit
    assert result.reserved_words == 2000
    text = "\n".join(p.text for p in body(built.draft))
    with zipfile.ZipFile(result.draft) as package:
        notes = etree.fromstring(package.read("word/footnotes.xml"))
    footnotes = [
        "".join(t.text or "" for t in note.iter(qn("w:t")))
        for note in notes.iter(qn("w:footnote"))
        if int(note.get(qn("w:id"))) > 0
    ]
    # The front page's two agenda footnotes and the introduction's.
    assert len(footnotes) == 3
    assert (
        footnotes[2].strip()
        == "The contributions are reproduced in full in a conference room paper."
    )
    assert result.word_count == word_count("\n".join([text, *footnotes]))


def comments_on(paragraph: Paragraph, doc: Document) -> list[str]:
    """The text of the comments anchored in ``paragraph``."""
    ids = [c.get(qn("w:id")) for c in paragraph._p.iter(qn("w:commentRangeStart"))]
    by_id = {str(c.comment_id): c.text for c in doc.comments}
    return [by_id[i] for i in ids]


def test_reviewers_get_one_comment_per_paragraph_for_what_was_quoted_or_left_out(
    synthetic: Built,
) -> None:
    doc = synthetic.draft
    quoted = left_out = 0
    for paragraph in body(doc):
        comments = comments_on(paragraph, doc)
        taken = [c for c in comments if c.startswith("Taken from the summary:")]
        assert len(taken) <= 1, paragraph.text
        quoted += len(taken)
        dropped = [c for c in comments if c.startswith("Left out for length:")]
        if dropped:
            assert paragraph.style.name == "Heading 3"
            assert len(dropped) == 1
            left_out += 1
    assert quoted and left_out
    text = "\n".join(p.text for p in body(doc))
    assert "reproduced in the compilation" not in text


def test_the_challenges_chapter_points_reviewers_to_the_compilation(samples: Built) -> None:
    (placeholder,) = [p for p in body(samples.draft) if p.text.startswith("[Challenges:")]
    assert placeholder.text == (
        "[Challenges: to be drafted by the Secretariat, in about 500 words, drawing on the "
        "challenges the entities reported.]"
    )
    assert comments_on(placeholder, samples.draft) == [
        "Challenges: every challenge the entities reported is reproduced, paragraph by "
        "paragraph, in the section \u201cChallenges reported\u201d at the end of the "
        "compilation (draft-contributions)."
    ]


def test_selection_never_skips_a_highlight_for_one_after_it(synthetic: Built) -> None:
    """Under any budget, each paragraph carries the first highlights of its order: a lead
    is never left out while a partner or a voluntary report is carried."""
    cycle = load_cycle(synthetic.inputs, 2027)
    offered = offers(coverage(cycle, as_of=DAY), credit)
    for budget in (0, 500, 2000, 4000, 6500):
        condensed = condense(offered, budget)
        assert condensed.words <= budget
        for paragraph, highlights in offered.items():
            shown = condensed.shown[paragraph]
            assert shown == tuple(highlights[: len(shown)]), (budget, paragraph)


ITU = Entity(
    id="ITU",
    name="International Telecommunication Union",
    aliases=["International Telecommunications Union"],
    kind="organization",
)


@pytest.mark.parametrize(
    ("highlight", "printed"),
    [
        ("ITU launched a guide.", "ITU launched a guide."),
        ("ITU's guide was launched.", "ITU's guide was launched."),
        (
            "The International Telecommunication Union launched a guide.",
            "The International Telecommunication Union launched a guide.",
        ),
        (
            "Together with UNESCO, ITU launched a guide.",
            "Together with UNESCO, ITU launched a guide.",
        ),
        ("The guide was launched", "ITU reported that the guide was launched."),
        (
            "Through its programme, 40 officials were trained.",
            "ITU reported that through its programme, 40 officials were trained.",
        ),
        ("45 countries adopted the guide.", "ITU reported that 45 countries adopted the guide."),
        ("Guidelines were adopted.", "ITU: Guidelines were adopted."),
        ("UNESCO and others met.", "ITU: UNESCO and others met."),
        ("MITU met.", "ITU: MITU met."),
    ],
)
def test_a_highlight_is_credited_once(highlight: str, printed: str) -> None:
    placed = PlacedReport(ITU, Report(paragraph=23, status="planned", summary="S."), "lead", DAY)
    assert credit(placed, highlight) == printed


def test_the_summary_sentence_skips_preambles_and_the_first_person_not_abbreviations() -> None:
    summary = (
        "As lead facilitator, following resolution 80/173, para. 23, the work went on. We "
        "trained 40 regulators, e.g. in Kenya. The guide was published. ITU launched a "
        "second phase, i.e. the pilot."
    )
    assert summary_sentence(summary, ITU) == "ITU launched a second phase, i.e. the pilot."
    assert summary_sentence(summary.replace("ITU launched", "It launched"), ITU) == (
        "The guide was published."
    )
    # A sentence in a script without small Latin letters starts a new one.
    assert sentences("It supported follow-up. Пример текста. 示例文本。") == [
        "It supported follow-up.",
        "Пример текста.",
        "示例文本。",
    ]
    who = Entity(id="WHO", name="World Health Organization", kind="organization")
    assert not names_entity("Who would have thought it.", who)
    assert names_entity("WHO trained nurses.", who)


def test_reserved_words_come_from_the_cycle_and_none_reserved_says_so(
    inputs: Path, tmp_path: Path
) -> None:
    (inputs / "cycles.yaml").write_text(
        "2027:\n  reserved_words: {key_trends: 0, challenges: 250, conclusions: 1000}\n",
        encoding="utf-8",
    )
    out = tmp_path / "d.docx"
    result = build(2027, inputs=inputs, template=TEMPLATE, output=out, date=DAY)
    assert result.reserved_words == 1250
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "[Key trends: to be drafted by the Secretariat.]" in texts
    assert (
        "[Conclusions and recommendations: to be drafted by the Secretariat, in about 1,000 "
        "words, for consideration by the Commission.]" in texts
    )


def test_the_synthetic_english_cycle_gets_no_language_comment(synthetic: Built) -> None:
    doc = synthetic.draft
    assert [
        c for p in doc.paragraphs for c in comments_on(p, doc) if c.startswith("Language:")
    ] == []
