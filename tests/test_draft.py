"""The Word draft, read back with python-docx as a reviewer would see it."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table

from report_builder import build, coverage, load_cycle
from report_builder.analysis.coverage import FlagKind
from report_builder.word.render import template_variables
from report_builder.wording.flags import comment as flag_comment
from report_builder.wording.flags import note as flag_note

from .conftest import INPUTS, TEMPLATE, to_pdf

DAY = dt.date(2027, 3, 15)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("draft") / "WSIS-report-2027-draft.docx"
    result = build(2027, inputs=INPUTS, template=TEMPLATE, output=out, date=DAY)
    return result


@pytest.fixture(scope="module")
def draft(built) -> Document:
    return docx.Document(str(built.draft))


@pytest.fixture(scope="module")
def compilation(built) -> Document:
    return docx.Document(str(built.draft.with_name("WSIS-report-2027-draft-contributions.docx")))


@pytest.fixture(scope="module")
def cov():
    return coverage(load_cycle(INPUTS, 2027), as_of=DAY)


def all_paragraphs(doc: Document) -> Iterator:
    """Body paragraphs and table-cell paragraphs, in document order."""
    from docx.text.paragraph import Paragraph

    for p in doc.element.body.iter(qn("w:p")):
        yield Paragraph(p, doc._body)


def full_text(doc: Document) -> str:
    return "\n".join(p.text for p in all_paragraphs(doc))


def comments_by_anchor(doc: Document) -> dict[str, list[str]]:
    """Comment text by the text it is anchored on."""
    body = doc.element.body
    anchored: dict[str, str] = {}
    for start in body.iter(qn("w:commentRangeStart")):
        cid = start.get(qn("w:id"))
        texts = []
        node = start.getnext()
        while node is not None and not (
            node.tag == qn("w:commentRangeEnd") and node.get(qn("w:id")) == cid
        ):
            texts += [t.text or "" for t in node.iter(qn("w:t"))]
            node = node.getnext()
        anchored[cid] = "".join(texts).strip()
    out: dict[str, list[str]] = {}
    for comment in doc.comments:
        assert comment.author == "report-builder"
        out.setdefault(anchored[str(comment.comment_id)], []).append(comment.text)
    return out


def test_front_page(draft: Document) -> None:
    text = full_text(draft)
    for expected in (
        "United Nations",
        "A/82/xx–E/2027/xx",
        "Eighty-second session",
        "2027 session",
        "Distr.: General",
        "15 March 2027",
        "Original: English",
        "Report of the Secretary-General",
        "Progress made in the implementation of and follow-up to the outcomes of the World "
        "Summit on the Information Society at the regional and international levels",
    ):
        assert expected in text


def test_summary_gives_the_mandate_and_the_introduction_the_counts(draft: Document) -> None:
    summary = " ".join(p.text for p in draft.paragraphs if p.style.name == "Summary Text")
    assert "paragraph 124 of its resolution 80/173" in summary
    assert "Commission on Science and Technology for Development" in summary
    assert "[Key messages: to be drafted by the Secretariat.]" in summary
    assert "entities" not in summary.split("stakeholders.")[-1]
    numbered = [p.text for p in draft.paragraphs if p.style.name == "Numbered Paragraph"]
    assert (
        "Of the 24 entities asked by the resolution to act, 11 submitted a contribution, and "
        "progress was reported on 21 of the 41 paragraphs that call for action. Annex III "
        "lists the contributing entities and annex IV the reports outstanding. In all, "
        "contributions were received from 12 entities." in numbered
    )


def test_every_submitted_summary_appears_verbatim_in_the_compilation(compilation) -> None:
    text = full_text(compilation)
    cycle = load_cycle(INPUTS, 2027)
    for s in cycle.submissions:
        for report in s.submission.reports:
            assert report.summary in text, (s.entity.id, report.paragraph)


def test_reports_are_condensed_to_state_of_play_and_highlights(draft: Document) -> None:
    numbered = [p.text for p in draft.paragraphs if p.style.name == "Numbered Paragraph"]
    assert "UN-DESA reported the work completed." in numbered
    # Paragraph 108: ECLAC and ESCAP of the five regional commissions, in the registry's
    # order, the absent named.
    assert (
        "Two of the five regional commissions reported on this paragraph; ECA, ECE and ESCWA "
        "have not." in numbered
    )
    assert any(t.startswith("ECLAC: ") and "ESCAP: Illustrative" in t for t in numbered)
    # Paragraph 110: the WSIS Forum's four co-organizers, the leads in the registry's order.
    assert "All four entities asked reported on this paragraph." in numbered
    credits = next(t for t in numbered if t.startswith("ITU: Illustrative sample: the WSIS Forum"))
    assert [credits.index(f"{e}: ") for e in ("ITU", "UNESCO", "UNDP", "UNCTAD")] == sorted(
        credits.index(f"{e}: ") for e in ("ITU", "UNESCO", "UNDP", "UNCTAD")
    )
    assert "None of the 20 Action Line facilitators has reported on this paragraph." in numbered
    # Where a paragraph asks more than one group or entity, they are the entities asked.
    assert "Two of the 20 entities asked reported on this paragraph." in numbered
    # Summaries are in the compilation, not the report; the report carries highlights.
    text = "\n".join(numbered)
    assert "Terms of reference agreed with UNGIS members" not in text


def test_body_paragraphs_use_word_numbering_not_typed_digits(draft: Document) -> None:
    style = draft.styles["Numbered Paragraph"]
    numpr = style.element.pPr.find(qn("w:numPr"))
    assert numpr is not None and numpr.find(qn("w:numId")).get(qn("w:val")) != "0"
    numbered = [p for p in draft.paragraphs if p.style.name == "Numbered Paragraph"]
    assert len(numbered) > 30
    assert not any(re.match(r"\d+\.\s", p.text) for p in numbered)
    numbering = draft.part.numbering_part.element
    num_id = numpr.find(qn("w:numId")).get(qn("w:val"))
    num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id)
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(
        a
        for a in numbering.findall(qn("w:abstractNum"))
        if a.get(qn("w:abstractNumId")) == abstract_id
    )
    assert abstract.find(f"{qn('w:lvl')}/{qn('w:numFmt')}").get(qn("w:val")) == "decimal"


def test_chapters_and_sections_are_numbered_headings(draft: Document) -> None:
    chapters = [p.text for p in draft.paragraphs if p.style.name == "Heading 1"]
    assert chapters == [
        "Introduction",
        "Key trends",
        "Progress on the recommendations of resolution 80/173",
        "Milestones and reporting deadlines",
        "Challenges",
        "Conclusions and recommendations",
    ]
    sections = [p.text for p in draft.paragraphs if p.style.name == "Heading 2"]
    assert sections[0] == "Bridging digital divides" and len(sections) == 13
    formats = [
        lvl.find(qn("w:numFmt")).get(qn("w:val"))
        for lvl in draft.part.numbering_part.element.iter(qn("w:lvl"))
        if lvl.find(qn("w:pStyle")) is not None
        and lvl.find(qn("w:pStyle")).get(qn("w:val")) in ("Heading1", "Heading2")
    ]
    assert formats == ["upperRoman", "upperLetter"]
    paragraphs = [p.text for p in draft.paragraphs if p.style.name == "Heading 3"]
    assert paragraphs[0].endswith("(resolution 80/173, para. 23)")
    assert len(paragraphs) == 41
    annexes = [
        (p.text, next_p.text)
        for p, next_p in itertools.pairwise(draft.paragraphs)
        if p.style.name == "Annex Heading"
    ]
    assert annexes == [
        ("Annex I", "Actions requested by resolution 80/173"),
        ("Annex II", "Implementation matrix"),
        ("Annex III", "Contributing entities"),
        ("Annex IV", "Outstanding reports"),
        ("Annex V", "Contributions by action line of the World Summit on the Information Society"),
        ("Annex VI", "Contributions by target of the Sustainable Development Goals"),
    ]


def test_every_flag_is_in_the_text_and_a_comment(draft: Document, cov) -> None:
    notes = [
        r.text.strip()
        for p in all_paragraphs(draft)
        for r in p.runs
        if r.style is not None and r.style.name == "Flag"
    ]
    comments = comments_by_anchor(draft)
    for flag in cov.flags:
        assert flag_note(flag) in notes, flag_note(flag)
        assert flag_comment(flag) in comments[flag_note(flag)]
    assert (
        "[Missing: no submission from 13 of the 24 entities asked: FAO, ILO, UPU, WHO, WMO, "
        "UNEP, UN-Habitat, ICAO, WTO, UNIDO, ECA, ECE and ESCWA]" in notes
    )
    assert "[Missing: none of the 20 entities asked reported on paragraph 113]" in notes


def test_one_comment_per_flag(draft: Document, cov) -> None:
    """Every flag has one comment in Word, and every flag comment is a flag's."""
    kinds = ("Missing:", "Gap:", "Overdue:", "To be completed:")
    flag_comments = [c.text for c in draft.comments if c.text.startswith(kinds)]
    assert sorted(flag_comments) == sorted(flag_comment(f) for f in cov.flags)


def test_flag_counts_match(built) -> None:
    assert built.flag_counts == {
        FlagKind.NO_SUBMISSION: 1,
        FlagKind.NO_REPORT: 1,
        FlagKind.MISSING_REPORT: 4,
        FlagKind.TO_BE_COMPLETED: 6,
        FlagKind.GAP: 16,
        FlagKind.OVERDUE: 1,
        FlagKind.REGRESSED: 0,
    }


def matrix(doc: Document) -> Table:
    return next(
        t for t in doc.tables if t.rows[0].cells[0].text == "Entity" and len(t.columns) > 10
    )


def test_matrix_agrees_with_coverage(draft: Document, cov) -> None:
    table = matrix(draft)
    header = [c.text for c in table.rows[0].cells]
    paragraphs = [int(h) for h in header[1:]]
    accountable = [e for e in cov.entities if e.asked]
    assert [r.cells[0].text for r in table.rows[1:]] == [e.name for e in accountable]
    for row, entity in zip(table.rows[1:], accountable, strict=True):
        for cell, paragraph in zip(row.cells[1:], paragraphs, strict=True):
            reporters = cov.paragraphs[paragraph].reported_by
            if paragraph in entity.missing:
                assert cell.text == "Missing"
                fill = cell._tc.tcPr.find(qn("w:shd")).get(qn("w:fill"))
                assert fill == "FFC7CE"
            elif entity.id in reporters:
                assert cell.text in (
                    "Completed",
                    "In progress",
                    "Planned",
                    "Not started",
                    "Ongoing",
                )
            else:
                assert cell.text == ""
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def milestone_rows(doc: Document) -> dict[str, list[str]]:
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Paragraph")
    assert [c.text for c in table.rows[0].cells] == [
        "Paragraph",
        "What is due",
        "By",
        "Reported status",
        "State",
    ]
    return {r.cells[0].text: [c.text for c in r.cells] for r in table.rows[1:]}


def test_milestones_table(draft: Document) -> None:
    rows = milestone_rows(draft)
    assert rows["122"][2:] == ["2026", "Completed: 1", "Met"]
    # A partner's completion (UN-DESA's) does not meet the Secretary-General's milestone.
    assert rows["103"][2:] == ["September 2026", "No report", "Overdue"]
    assert rows["67"][2:] == ["2027", "In progress: 1", "Due"]
    # The 2027 WSIS Forum has not taken place by 15 March 2027: due, not met.
    assert rows["110"][1:] == [
        "Convene the WSIS Forum (2027)",
        "Annual; this cycle by 2027",
        "Ongoing: 4",
        "Due",
    ]
    assert rows["127"][4] == "Not yet due"


def test_annexes_list_contributors_and_outstanding(draft: Document, cov) -> None:
    contributors = next(t for t in draft.tables if t.rows[0].cells[1].text == "Date submitted")
    names = [r.cells[0].text for r in contributors.rows[1:]]
    assert len(names) == 12 and "International Telecommunication Union" in names
    assert contributors.rows[1].cells[1].text.endswith("2027")
    outstanding = next(t for t in draft.tables if t.rows[0].cells[1].text == "Outstanding")
    rows = {r.cells[0].text: r.cells[1].text for r in outstanding.rows[1:]}
    assert rows["Economic Commission for Africa"] == (
        "No submission (asked to act on paragraphs 53, 100, 108, 111, 112 and 113)"
    )
    assert rows["International Telecommunication Union"] == (
        "No report on paragraphs 53, 100, 112 and 113"
    )
    assert len(rows) == len([e for e in cov.entities if e.missing])


def test_word_native_settings_and_properties(built, draft: Document) -> None:
    assert draft.settings.element.find(qn("w:trackRevisions")) is not None
    props = draft.core_properties
    assert props.title.startswith("Progress made in the implementation")
    assert props.subject == "Report of the Secretary-General, A/82/xx–E/2027/xx"
    assert "A/RES/80/173" in props.keywords
    footer = draft.sections[0].footer.paragraphs[0]._p
    assert any(f.get(qn("w:instr")) == "PAGE" for f in footer.iter(qn("w:fldSimple")))
    title = next(p for p in draft.paragraphs if p.style.name == "Report Title")
    assert comments_by_anchor(draft)[title.text][0].startswith(
        f"Word count of the report without annexes: {built.word_count:,}"
    )
    assert 1000 < built.word_count < 8500


def test_outputs_beside_the_draft(built, cov) -> None:
    folder = built.draft.parent
    assert json.loads((folder / "coverage.json").read_text()) == cov.as_json()
    with open(folder / "missing-submissions.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["entity_id", "entity_name", "paragraph", "flag"]
    assert {
        "entity_id": "ECA",
        "entity_name": "Economic Commission for Africa",
        "paragraph": "108",
        "flag": "no_submission",
    } in rows
    assert {r["flag"] for r in rows} == {"no_submission", "missing_report"}
    # One row per entity and paragraph without a report, whatever the flags shown.
    assert len(rows) == sum(len(p.missing) for p in cov.paragraphs.values())


# --- Building, rebuilding, options -------------------------------------------------------


def test_default_paths_flag_counts_and_strict(cli, inputs: Path, tmp_path: Path) -> None:
    result = cli("build", "2027", "--inputs", str(inputs), "--date", "2027-03-15")
    assert result.exit_code == 0
    # The samples build without a warning: a new user's first run shows none.
    assert not [line for line in result.stderr.splitlines() if "warning:" in line]
    assert "16 paragraphs with no report and no one to chase" in result.stderr
    assert "1 overdue milestones" in result.stderr
    assert re.search(
        r"Body: [\d,]+ words \+ 2,000 reserved = [\d,]+ of 8,500; 26 of 26 highlights in the "
        "report",
        result.stderr,
    )
    folder = tmp_path / "outputs" / "2027"
    assert {p.name for p in folder.iterdir()} >= {
        "WSIS-report-2027-draft.docx",
        "WSIS-contributions-2027.docx",
        "coverage.json",
        "missing-submissions.csv",
    }
    strict = cli("build", "2027", "--inputs", str(inputs), "--date", "2027-03-15", "--strict")
    assert strict.exit_code == 3
    assert (folder / "WSIS-report-2027-draft.docx").exists()


def test_no_track_changes(tmp_path: Path) -> None:
    out = tmp_path / "d.docx"
    build(2027, inputs=INPUTS, template=TEMPLATE, output=out, date=DAY, track_changes=False)
    assert docx.Document(str(out)).settings.element.find(qn("w:trackRevisions")) is None


def test_reproducible_and_source_date_epoch(tmp_path: Path, monkeypatch) -> None:
    a, b = tmp_path / "a" / "d.docx", tmp_path / "b" / "d.docx"
    build(2027, inputs=INPUTS, template=TEMPLATE, output=a, date=DAY)
    build(2027, inputs=INPUTS, template=TEMPLATE, output=b, date=DAY)
    assert a.read_bytes() == b.read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    c = tmp_path / "c" / "d.docx"
    build(2027, inputs=INPUTS, template=TEMPLATE, output=c, date=DAY)
    assert c.read_bytes() != a.read_bytes()
    with zipfile.ZipFile(c) as package:
        assert {i.date_time for i in package.infolist()} == {(2027, 1, 15, 8, 0, 0)}


def test_rebuild_never_overwrites_a_reviewers_edits(cli, inputs: Path, tmp_path: Path) -> None:
    args = ("build", "2027", "--inputs", str(inputs), "--date", "2027-03-15")
    assert cli(*args).exit_code == 0
    draft = tmp_path / "outputs" / "2027" / "WSIS-report-2027-draft.docx"
    assert cli(*args).exit_code == 0, "an untouched draft is rebuilt in place"
    edited = docx.Document(str(draft))
    edited.add_paragraph("A reviewer's paragraph.")
    edited.save(str(draft))
    before = draft.read_bytes()
    refused = cli(*args)
    assert refused.exit_code == 1
    assert "was changed since report-builder wrote it" in refused.stderr
    assert "--output" in refused.stderr and "--force" in refused.stderr
    assert draft.read_bytes() == before
    elsewhere = cli(*args, "--output", "review/v2.docx")
    assert elsewhere.exit_code == 0
    assert (tmp_path / "review" / "coverage.json").exists()
    assert (tmp_path / "review" / "missing-submissions.csv").exists()
    assert draft.read_bytes() == before
    assert cli(*args, "--force").exit_code == 0
    assert "A reviewer's paragraph." not in full_text(docx.Document(str(draft)))


# --- The template ------------------------------------------------------------------------


def test_template_variables_are_all_provided(built) -> None:
    from report_builder.analysis.condense import condense, offers
    from report_builder.documents.compilation import compilation_context
    from report_builder.documents.report import build_context
    from report_builder.wording.report import credit

    cycle = load_cycle(INPUTS, 2027)
    cov = coverage(cycle, as_of=DAY)
    reserved = cycle.settings.reserved_words.model_dump()
    context = build_context(cycle, cov, DAY, condense(offers(cov, credit), 8500), reserved)
    assert template_variables(TEMPLATE) <= set(context)
    contributions = TEMPLATE.with_name("contributions_template.docx")
    assert template_variables(contributions) <= set(compilation_context(cycle, DAY))


def test_text_added_to_the_template_in_word_appears(tmp_path: Path) -> None:
    template = tmp_path / "t.docx"
    doc = docx.Document(str(TEMPLATE))
    doc.add_paragraph("Acknowledgement added by the Secretariat & friends.")
    doc.save(str(template))
    out = tmp_path / "d.docx"
    build(2027, inputs=INPUTS, template=template, output=out, date=DAY)
    assert "Acknowledgement added by the Secretariat & friends." in full_text(
        docx.Document(str(out))
    )


def broken_template(tmp_path: Path, text: str) -> Path:
    template = tmp_path / "broken.docx"
    doc = docx.Document(str(TEMPLATE))
    doc.add_paragraph(text)
    doc.save(str(template))
    return template


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{{ unclosed", "template syntax error"),
        ("{% if %}", "template syntax error"),
        ("{{ not_provided }}", "the template uses not_provided, which the build does not provide"),
        ("{{ year.__class__.__mro__ }}", "cannot be filled"),
    ],
)
def test_template_errors_name_the_template(
    cli, inputs, tmp_path: Path, text: str, message: str
) -> None:
    template = broken_template(tmp_path, text)
    result = cli("build", "2027", "--inputs", str(inputs), "--template", str(template))
    assert result.exit_code == 1
    assert str(template) in result.stderr and message in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "outputs" / "2027" / "WSIS-report-2027-draft.docx").exists()


@pytest.mark.parametrize("kind", ["text", "zip", "missing"])
def test_template_that_is_not_a_docx(cli, inputs, tmp_path: Path, kind: str) -> None:
    template = tmp_path / "t.docx"
    if kind == "text":
        template.write_text("hello")
    elif kind == "zip":
        with zipfile.ZipFile(template, "w") as z:
            z.writestr("readme.txt", "not word")
    result = cli("build", "2027", "--inputs", str(inputs), "--template", str(template))
    assert result.exit_code == 1
    assert str(template) in result.stderr
    assert "Traceback" not in result.output


# --- In a real word processor --------------------------------------------------------------


def test_libreoffice_converts_the_draft_to_pdf(built, tmp_path: Path) -> None:
    pdf = to_pdf(built.draft, tmp_path)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert pages >= 10
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Report of the Secretary-General" in text
        assert "Annex I" in text


def test_a_report_over_the_word_limit_is_warned_about(tmp_path: Path) -> None:
    """Even with every highlight left to the compilation, the fixed text runs over a
    limit of 3,000 words, 2,000 of them reserved: the build says so, and so does the comment
    on the title."""
    out = tmp_path / "d.docx"
    result = build(2027, inputs=INPUTS, template=TEMPLATE, output=out, date=DAY, word_limit=3000)
    assert result.highlights == (0, 26)
    over = result.word_count + 2000 - 3000
    assert [w.message for w in result.warnings if w.file == str(out)] == [
        f"the report has {result.word_count:,} words without annexes and 2,000 reserved for "
        "the Secretariat's chapters, over the limit of 3,000, even with every highlight left "
        "to the compilation; shorten the template's fixed text, reserve fewer words in "
        "cycles.yaml or raise word_limit"
    ]
    title = next(p for p in docx.Document(str(out)).paragraphs if p.style.name == "Report Title")
    comment = comments_by_anchor(docx.Document(str(out)))[title.text][0]
    assert f"{over:,} words over the limit of 3,000" in comment


def test_one_contribution_reads_in_the_singular(empty_cycle: Path, tmp_path: Path) -> None:
    from .conftest import VALID_SUBMISSION, write

    write(empty_cycle / "2027" / "itu.yaml", VALID_SUBMISSION)
    out = tmp_path / "d.docx"
    build(2027, inputs=empty_cycle, template=TEMPLATE, output=out, date=DAY)
    text = full_text(docx.Document(str(out)))
    assert "In all, contributions were received from one entity." in text
    out.unlink()
    (empty_cycle / "2027" / "itu.yaml").unlink()
    build(2027, inputs=empty_cycle, template=TEMPLATE, output=out, date=DAY, force=True)
    assert "No contributions had been received." in full_text(docx.Document(str(out)))


def test_a_milestone_row_shows_its_state_and_chapter_ii_has_the_one_comment(
    inputs: Path, tmp_path: Path
) -> None:
    table = inputs / "action_table.yaml"
    text = table.read_text(encoding="utf-8")
    anchor = (
        "    due:\n      - by: 2027\n        event: Report the outcomes of the UNGIS task force"
    )
    assert anchor in text
    table.write_text(
        text.replace(anchor, "    due:\n      - by: 2030\n        event: CSTD\n" + anchor[9:]),
        encoding="utf-8",
    )
    out = tmp_path / "d.docx"
    result = build(2027, inputs=inputs, template=TEMPLATE, output=out, date=dt.date(2028, 1, 15))
    doc = docx.Document(str(out))
    table_rows = next(t for t in doc.tables if t.rows[0].cells[0].text == "Paragraph").rows
    states = {(r.cells[0].text, r.cells[1].text): r.cells[4].text for r in table_rows[1:]}
    assert states[("67", "CSTD")] == "Not yet due"
    event = "Report the outcomes of the UNGIS task force on financial mechanisms to the CSTD"
    assert states[("67", event)] == "Overdue"
    overdue = [c.text for c in doc.comments if c.text.startswith("Overdue:")]
    assert len(overdue) == result.flag_counts[FlagKind.OVERDUE]
    assert sum(event in c for c in overdue) == 1


def test_a_file_report_builder_did_not_write_is_never_overwritten(tmp_path: Path) -> None:
    from report_builder import BuildError

    mine = tmp_path / "coverage.json"
    mine.write_text("my own notes", encoding="utf-8")
    with pytest.raises(BuildError, match="exists and was not written by report-builder"):
        build(2027, inputs=INPUTS, template=TEMPLATE, output=tmp_path / "d.docx", date=DAY)
    assert mine.read_text(encoding="utf-8") == "my own notes"
    assert not (tmp_path / "d.docx").exists()
