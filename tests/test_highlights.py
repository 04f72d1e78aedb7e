"""The highlight: how focal points are asked to write it (in the prefilled file, the Word
questionnaire and the JSON Schema), and the warning for one written in the first person."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
from click.testing import Result

from report_builder import load_cycle, new_submission, submission_schema

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
