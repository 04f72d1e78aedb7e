"""The highlight: how focal points are asked to write it (in the prefilled file, the Word
questionnaire and the JSON Schema), and the warning for one written in the first person."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from click.testing import Result

from report_builder import InputError, load_cycle, new_submission, submission_schema

from .conftest import write
from .questionnaires import returned_by_eca
from .test_draft import full_text

Cli = Callable[..., Result]
GUIDANCE = "in the past tense and beginning with"


def submission(highlight: str) -> str:
    return (
        "entity: ITU\ncycle: 2027\nsubmitted: 2027-01-31\nreports:\n"
        "  - paragraph: 67\n    status: in_progress\n    summary: The task force met.\n"
        f"    highlight: >-\n      {highlight}\n"
    )


def test_the_prefilled_file_asks_for_the_past_tense_and_the_entitys_name(
    empty_cycle: Path,
) -> None:
    text = new_submission("ITU", 2027, empty_cycle).path.read_text(encoding="utf-8")
    assert (
        "#   that you would like to see in it, in the past tense and beginning with your\n"
        "#   organization's name, for example: ITU launched … To give one, delete\n"
    ) in text
    assert (
        "    # highlight: >-\n"
        "    #   One or two sentences in the past tense, beginning with ITU, for example: "
        "ITU launched …\n"
    ) in text


def test_the_questionnaire_asks_for_the_past_tense_and_the_entitys_name(
    cli: Cli, inputs: Path
) -> None:
    result = cli("new-submission", "ECA", "2027", "--format", "docx", "--inputs", str(inputs))
    assert result.exit_code == 0, result.output
    text = full_text(docx.Document("outputs/2027/questionnaires/eca.docx"))
    assert (
        "The report itself quotes your highlight, or the start of the summary: write the "
        "highlight in the past tense, beginning with ECA, for example: ECA launched …"
    ) in text
    with zipfile.ZipFile("outputs/2027/questionnaires/eca.docx") as package:
        prompts = package.read("word/document.xml").decode("utf-8")
    assert (
        "Optional: one or two sentences, at most 60 words, you would like to see in the "
        "Secretary-General's report, in the past tense and beginning with your "
        "organization's name, for example: ITU launched …"
    ) in prompts


def test_the_schema_describes_the_highlight_the_same_way() -> None:
    report = submission_schema()["$defs"]["Report"]["properties"]["highlight"]
    assert report["description"] == (
        "One or two sentences, 1 to 60 words, that the entity would like to see in the "
        "Secretary-General's report, in the past tense and beginning with the organization's "
        "name, for example: ITU launched …; the summary is published in full in the "
        "compilation of contributions."
    )
    shipped = json.loads(Path("schemas/submission.schema.json").read_text(encoding="utf-8"))
    assert shipped == submission_schema()


def test_validate_warns_of_a_highlight_in_the_first_person(cli: Cli, empty_cycle: Path) -> None:
    path = write(empty_cycle / "2027" / "itu.yaml", submission("We trained 200 regulators."))
    result = cli("validate", "2027", "--inputs", str(empty_cycle))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"{path}:9:7: warning: paragraph 67, highlight: the highlight is written in the first "
        'person ("We …"); the report quotes it under your organization\'s name, so begin '
        'with the name, for example: "ITU trained …"'
    ]


def test_our_in_any_case_is_the_first_person_too(empty_cycle: Path) -> None:
    write(empty_cycle / "2027" / "itu.yaml", submission("our regulators were trained."))
    (warning,) = load_cycle(empty_cycle, 2027).warnings
    assert warning.message == (
        'the highlight is written in the first person ("our …"); the report quotes it under '
        'your organization\'s name, so begin with the name, for example: "ITU trained …"'
    )


def test_words_that_only_begin_like_we_or_our_are_not_warned_of(empty_cycle: Path) -> None:
    for highlight in ("Western Asia joined.", "Outreach grew.", "Weekly forums met.", "ITU: we"):
        write(empty_cycle / "2027" / "itu.yaml", submission(highlight))
        assert load_cycle(empty_cycle, 2027).warnings == ()


def test_import_warns_of_a_highlight_in_the_first_person(
    cli: Cli, inputs: Path, tmp_path: Path
) -> None:
    returned, result = returned_by_eca(
        cli,
        inputs,
        tmp_path,
        {
            "summary": "Staff in ten countries were trained.",
            "highlight": "We trained staff in ten countries.",
        },
    )
    assert (
        f"{returned}: warning: paragraph 108, Highlight: the highlight is written in the first "
        'person ("We …"); the report quotes it under your organization\'s name, so begin with '
        'the name, for example: "ECA trained …"'
    ) in result.stderr.splitlines()


def borrowed(label: str, other: str) -> str:
    return (
        f"'{label}:' at the start of a sentence reads as a credit to {other}, but a highlight "
        f"speaks for its own entity; write 'ITU and {other} completed …'"
    )


@pytest.mark.parametrize(
    ("highlight", "column", "label", "other"),
    [
        ("Work continued. ESCAP: ESCAP has completed the regional roadmap.", 23, "ESCAP", "ESCAP"),
        ("ESCAP: the regional roadmap was completed.", 7, "ESCAP", "ESCAP"),
        ("Work continued. UNESCAP : the roadmap was completed.", 23, "UNESCAP", "ESCAP"),
        (
            "Work continued! Economic and Social Commission for Asia and the Pacific: the "
            "roadmap was completed.",
            23,
            "Economic and Social Commission for Asia and the Pacific",
            "ESCAP",
        ),
        ("Work continued. The World Bank: loans were made.", 27, "World Bank", "World Bank"),
        (
            "Work continued. General Assembly: a resolution.",
            23,
            "General Assembly",
            "General Assembly",
        ),
        ("工作继续进行。UNESCO\uff1a路线图已完成。", 14, "UNESCO", "UNESCO"),
    ],
    ids=["after a sentence", "first", "alias", "full name", "short name", "organ", "chinese"],
)
def test_a_highlight_that_reads_as_another_entitys_credit_is_refused(
    cli: Cli, empty_cycle: Path, highlight: str, column: int, label: str, other: str
) -> None:
    path = write(empty_cycle / "2027" / "itu.yaml", submission(highlight))
    result = cli("validate", "2027", "--inputs", str(empty_cycle))
    assert result.exit_code == 1, result.output
    assert (
        f"{path}:9:{column}: paragraph 67, highlight: {borrowed(label, other)}"
    ) in result.stderr.splitlines()


def test_a_line_of_its_own_is_a_sentence_start_too(empty_cycle: Path) -> None:
    write(
        empty_cycle / "2027" / "itu.yaml",
        submission("Work continued").replace(">-", "|-") + "      ESCAP: the roadmap was done.\n",
    )
    with pytest.raises(InputError) as caught:
        load_cycle(empty_cycle, 2027)
    assert [(d.line, d.column, d.message) for d in caught.value.diagnostics] == [
        (10, 7, borrowed("ESCAP", "ESCAP"))
    ]


@pytest.mark.parametrize(
    "highlight",
    [
        "UNDP and ITU launched the Connect 2030 toolkit.",
        "ITU: the Connect 2030 toolkit was launched.",
        "Work continued. ITU: the toolkit was launched.",
        "Together with ESCAP, ITU completed the roadmap: a first for the region.",
        "Work continued. Note: the roadmap was completed.",
        "Work continued. Governments: twelve adopted the roadmap.",
        "Work continued. Who: twelve ministries.",
        "ITU launched the toolkit with ESCAP: a first for the region.",
    ],
    ids=["joint", "own id", "own id later", "colon later", "label", "constituency", "who", "mid"],
)
def test_joint_work_and_the_entitys_own_name_are_accepted(
    empty_cycle: Path, highlight: str
) -> None:
    write(empty_cycle / "2027" / "itu.yaml", submission(highlight))
    assert [s.entity.id for s in load_cycle(empty_cycle, 2027).submissions] == ["ITU"]


def test_a_summary_the_report_would_quote_is_checked_as_a_highlight(empty_cycle: Path) -> None:
    """Without a highlight the report quotes a sentence of the summary; with one, the
    summary goes to the compilation alone, under the entity's name."""
    summary = ">-\n      Work continued. ESCAP: the roadmap was completed."
    text = submission("ITU launched the toolkit.").replace("The task force met.", summary)
    write(empty_cycle / "2027" / "itu.yaml", text)
    assert load_cycle(empty_cycle, 2027).submissions
    write(empty_cycle / "2027" / "itu.yaml", text.split("    highlight:")[0])
    with pytest.raises(InputError) as caught:
        load_cycle(empty_cycle, 2027)
    assert [(d.line, d.column, d.path, d.message) for d in caught.value.diagnostics] == [
        (
            8,
            23,
            "reports[0].summary",
            "'ESCAP:' at the start of a sentence reads as a credit to ESCAP, and the report "
            "quotes a sentence of the summary for want of a highlight, which speaks for its "
            "own entity; write 'ITU and ESCAP completed …', or give a highlight",
        )
    ]


def test_import_refuses_a_highlight_that_reads_as_another_entitys_credit(
    cli: Cli, inputs: Path, tmp_path: Path
) -> None:
    returned, result = returned_by_eca(
        cli,
        inputs,
        tmp_path,
        {"summary": "Staff were trained.", "highlight": "Work continued. ESCAP: staff trained."},
        1,
    )
    assert (
        f"{returned}: paragraph 108, Highlight: 'ESCAP:' at the start of a sentence reads "
        "as a credit to ESCAP, but a highlight speaks for its own entity; write 'ECA and "
        "ESCAP completed …'"
    ) in result.stderr.splitlines()
