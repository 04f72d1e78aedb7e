"""What a focal point types is kept as typed, or refused with a message that quotes it and
says what to type instead (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest

from report_builder import load_cycle
from report_builder.inputs.words import word_count

from .conftest import VALID_SUBMISSION, write
from .test_submissions import problems

SUMMARY = "summary: The task force met."
HOW_TO_QUOTE = (
    "Text that contains ': ' or ' #', or starts with -, @, *, ` or a quote, must go on the "
    "lines under 'summary: >-', indented by two more spaces"
)
INDENTATION = (
    "Check the indentation of this line and the one above: keys at the same level start in "
    "the same column, indented with spaces"
)


def summary_of(inputs: Path, text: str) -> str:
    write(inputs / "2027" / "itu.yaml", text)
    return load_cycle(inputs, 2027).submissions[0].submission.reports[0].summary


# --- Text after ' #' -------------------------------------------------------------------


def test_text_after_a_single_space_and_hash_is_an_error(empty_cycle: Path) -> None:
    text = VALID_SUBMISSION.replace(SUMMARY, "summary: ECA trained staff in #10 countries")
    assert problems(empty_cycle, "itu.yaml", text) == [
        "2027/itu.yaml:7:35: paragraph 67, summary: the text after ' #' was left out, because "
        "YAML reads it as a comment; write the text on the lines under 'summary: >-', "
        "indented, where '#' is text. For a comment, put two spaces before '#'"
    ]


def test_a_comment_after_two_spaces_stays_allowed(empty_cycle: Path) -> None:
    text = VALID_SUBMISSION.replace(SUMMARY, "summary: The task force met.  # checked by DG")
    assert summary_of(empty_cycle, text) == "The task force met."


def test_every_free_text_field_is_checked_for_a_cut_comment(empty_cycle: Path) -> None:
    text = VALID_SUBMISSION + (
        "    activities:\n"
        "      - Trained #10 staff\n"
        "    indicators:\n"
        "      - name: Staff #trained\n"
        "        value: 1\n"
        "    challenges: Funding #2027\n"
        "    next_steps: Report #3\n"
    )
    assert [p.split(": the text")[0] for p in problems(empty_cycle, "itu.yaml", text)] == [
        "2027/itu.yaml:9:17: paragraph 67, activities 1",
        "2027/itu.yaml:11:21: paragraph 67, indicators 1, name",
        "2027/itu.yaml:13:25: paragraph 67, challenges",
        "2027/itu.yaml:14:24: paragraph 67, next_steps",
    ]
    assert "put the whole item in double quotes" in problems(empty_cycle, "itu.yaml", text)[0]


def test_hash_in_a_block_scalar_or_in_quotes_is_text(empty_cycle: Path) -> None:
    block = VALID_SUBMISSION.replace(SUMMARY, "summary: >-\n      Staff in #10 countries")
    assert summary_of(empty_cycle, block) == "Staff in #10 countries"
    quoted = VALID_SUBMISSION.replace(SUMMARY, "summary: 'Staff in #10 countries'")
    assert summary_of(empty_cycle, quoted) == "Staff in #10 countries"


# --- Numbers as typed --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("paragraph: 67", "paragraph: 0x43", "5:16: '0x43' would be read as the number 67"),
        ("paragraph: 67", "paragraph: 0103", "5:16: '0103' would be read as the number 67"),
        ("paragraph: 67", "paragraph: 6_7", "5:16: '6_7' would be read as the number 67"),
        ("paragraph: 67", "paragraph: 1:07", "5:16: '1:07' would be read as the number 67"),
        ("cycle: 2027", "cycle: 03726", "2:8: '03726' would be read as the number 2006"),
    ],
)
def test_numbers_in_other_forms_are_refused(
    empty_cycle: Path, old: str, new: str, message: str
) -> None:
    assert problems(empty_cycle, "itu.yaml", VALID_SUBMISSION.replace(old, new)) == [
        f"2027/itu.yaml:{message}, not as typed; write plain digits, without a leading zero, "
        "'_' or ':' (or put text in quotes)"
    ]


def test_indicator_numbers_are_refused_unless_plain(empty_cycle: Path) -> None:
    text = VALID_SUBMISSION + (
        "    indicators:\n"
        "      - {name: A, value: 012}\n"
        "      - {name: B, value: 1:30}\n"
        "      - {name: C, value: 1_000.5}\n"
        "      - {name: D, value: 12, year: 03726}\n"
    )
    got = [p.split(", not as typed")[0] for p in problems(empty_cycle, "itu.yaml", text)]
    assert got == [
        "2027/itu.yaml:9:26: '012' would be read as the number 10",
        "2027/itu.yaml:10:26: '1:30' would be read as the number 90",
        "2027/itu.yaml:11:26: '1_000.5' would be read as the number 1000.5",
        "2027/itu.yaml:12:36: '03726' would be read as the number 2006",
    ]


def test_plain_numbers_are_kept_as_typed(empty_cycle: Path) -> None:
    text = VALID_SUBMISSION + (
        "    indicators:\n"
        "      - {name: A, value: 0}\n"
        "      - {name: B, value: 0.5}\n"
        "      - {name: C, value: -12, year: 2026}\n"
    )
    write(empty_cycle / "2027" / "itu.yaml", text)
    report = load_cycle(empty_cycle, 2027).submissions[0].submission.reports[0]
    assert [(i.value, i.year) for i in report.indicators] == [(0, None), (0.5, None), (-12, 2026)]


def test_a_number_is_not_a_date(empty_cycle: Path) -> None:
    text = VALID_SUBMISSION.replace("submitted: 2027-01-31", "submitted: 0")
    assert problems(empty_cycle, "itu.yaml", text) == [
        "2027/itu.yaml:3:12: submitted: '0' is not a valid date; write it as YYYY-MM-DD"
    ]


def test_a_yaml_1_2_directive_is_refused(empty_cycle: Path) -> None:
    text = "%YAML 1.2\n---\n" + VALID_SUBMISSION.lstrip()
    assert problems(empty_cycle, "itu.yaml", text) == [
        "2027/itu.yaml:1:1: '%YAML 1.2' asks for rules this reader does not follow; delete "
        "the %YAML line (submissions are read as YAML 1.1)"
    ]
    assert problems(empty_cycle, "itu.yaml", "%YAML 1.1\n---\n" + VALID_SUBMISSION) == []


# --- Placeholders and invisible text -----------------------------------------------------


@pytest.mark.parametrize(
    ("summary", "message"),
    [
        ("TBD", "not filled in yet: replace TBD with your text"),
        ("TBC", "not filled in yet: replace TBC with your text"),
        ("XXX", "not filled in yet: replace XXX with your text"),
        ("FIXME", "not filled in yet: replace FIXME with your text"),
        ("'...'", "not filled in yet: replace ... with your text"),
        ("…", "not filled in yet: replace … with your text"),
        ("'[insert]'", "not filled in yet: replace [insert] with your text"),
        (
            "'TODO: add figures'",
            "not filled in yet: the text still holds the placeholder 'TODO'; replace it with "
            "your text",
        ),
        (
            "'[Insert figures] trained.'",
            "not filled in yet: the text still holds the placeholder '[Insert figures]'; "
            "replace it with your text",
        ),
        (
            "Staff were trained, dates TBD.",
            "not filled in yet: the text still holds the placeholder 'TBD'; replace it with "
            "your text",
        ),
        (
            '"\\u200b\\u2060\\u200d"',
            "the text is made only of invisible characters (such as U+200B, a zero-width "
            "space); write your text",
        ),
    ],
)
def test_unfinished_text_is_not_filled_in_yet(
    empty_cycle: Path, summary: str, message: str
) -> None:
    text = VALID_SUBMISSION.replace(SUMMARY, f"summary: {summary}")
    assert problems(empty_cycle, "itu.yaml", text) == [
        f"2027/itu.yaml:7:14: paragraph 67, summary: {message}"
    ]


@pytest.mark.parametrize("summary", ["Todo lists were shared.", "TODOs", "Ellipses... work."])
def test_words_that_only_look_like_placeholders_pass(empty_cycle: Path, summary: str) -> None:
    text = VALID_SUBMISSION.replace(SUMMARY, f"summary: {summary}")
    assert summary_of(empty_cycle, text) == summary


def test_a_zero_width_space_parts_words_and_joiners_do_not(empty_cycle: Path) -> None:
    """As in Word: U+200B separates words; a word joiner or soft hyphen is inside one."""
    assert word_count("one\u200btwo\u2060three\u00adfour five") == 3
    joined = "\u200b".join(["word"] * 251)
    text = VALID_SUBMISSION.replace(SUMMARY, f'summary: "{joined}"')
    assert problems(empty_cycle, "itu.yaml", text) == [
        "2027/itu.yaml:7:14: paragraph 67, summary: the summary has 251 words, over the limit of "
        "250; shorten it"
    ]


# --- Messages ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("summary", "where", "problem"),
    [
        ("ECA: trained staff", "7:17", "mapping values are not allowed in this context"),
        ("- trained staff", "7:14", "block sequence entries are not allowed in this context"),
        (
            "@ECA trained staff",
            "7:14",
            "while scanning for the next token: found character that cannot start any token",
        ),
        ("*bold text", "7:14", "found undefined alias"),
        ('"Quoted" and more', "7:23", "while parsing a block mapping: did not find expected key"),
        (
            "We did:\n    - one\n    - two",
            "7:20",
            "mapping values are not allowed in this context",
        ),
        (
            "We did\n    - one\n    - two",
            "8:5",
            "while parsing a block mapping: did not find expected key",
        ),
    ],
)
def test_syntax_errors_in_text_say_how_to_write_it(
    empty_cycle: Path, summary: str, where: str, problem: str
) -> None:
    text = VALID_SUBMISSION.replace(SUMMARY, f"summary: {summary}")
    assert problems(empty_cycle, "itu.yaml", text) == [
        f"2027/itu.yaml:{where}: YAML syntax error: {problem}. {HOW_TO_QUOTE}"
    ]


def test_indentation_errors_get_an_indentation_hint(empty_cycle: Path) -> None:
    text = VALID_SUBMISSION.replace("    status:", "     status:")
    assert problems(empty_cycle, "itu.yaml", text) == [
        "2027/itu.yaml:6:12: YAML syntax error: mapping values are not allowed in this "
        f"context. {INDENTATION}"
    ]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "yes",
            "'yes' is not one of not_started, planned, in_progress, completed, ongoing",
        ),
        (
            "in progress",
            "'in progress' is not one of not_started, planned, in_progress, completed, ongoing "
            "(did you mean 'in_progress'?)",
        ),
        (
            "Done",
            "'Done' is not one of not_started, planned, in_progress, completed, ongoing "
            "(did you mean 'completed'?)",
        ),
        (
            "Not-Started",
            "'Not-Started' is not one of not_started, planned, in_progress, completed, ongoing "
            "(did you mean 'not_started'?)",
        ),
        (
            "on going",
            "'on going' is not one of not_started, planned, in_progress, completed, ongoing "
            "(did you mean 'ongoing'?)",
        ),
    ],
)
def test_status_echoes_what_was_typed_and_suggests(
    empty_cycle: Path, typed: str, message: str
) -> None:
    text = VALID_SUBMISSION.replace("status: in_progress", f"status: {typed}")
    assert problems(empty_cycle, "itu.yaml", text) == [
        f"2027/itu.yaml:6:13: paragraph 67, status: {message}"
    ]


@pytest.mark.parametrize(
    ("typed", "suggestion"),
    [
        ("itu", None),
        ("Unesko", "UNESCO"),
        ("International Telecom Union", "International Telecommunication Union"),
    ],
)
def test_entity_names_get_the_closest_id_name_or_alias(
    empty_cycle: Path, typed: str, suggestion: str | None
) -> None:
    text = VALID_SUBMISSION.replace("entity: ITU", f"entity: {typed}")
    expected = (
        []
        if suggestion is None
        else [
            f"2027/itu.yaml:1:9: entity: unknown entity '{typed}' (did you mean "
            f"'{suggestion}'?); use an id, full name or alias from entities.yaml"
        ]
    )
    assert problems(empty_cycle, "itu.yaml", text) == expected


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-16"])
def test_a_file_saved_as_utf16_says_how_to_save_as_utf8(empty_cycle: Path, encoding: str) -> None:
    raw = VALID_SUBMISSION.lstrip().encode(encoding)
    assert problems(empty_cycle, "itu.yaml", "", raw=raw) == [
        '2027/itu.yaml: the file is saved as UTF-16 ("Unicode"), not UTF-8; open it in '
        "Notepad, choose File > Save As, set Encoding to UTF-8 and save"
    ]


def test_utf8_text_in_other_scripts_is_not_taken_for_utf16(empty_cycle: Path) -> None:
    text = VALID_SUBMISSION.replace(SUMMARY, "summary: 信息社会世界峰会成果落实进展 التقدم المحرز")
    assert summary_of(empty_cycle, text) == "信息社会世界峰会成果落实进展 التقدم المحرز"


def test_syntax_errors_in_a_list_of_texts_say_to_quote_the_item(empty_cycle: Path) -> None:
    text = VALID_SUBMISSION + "    activities:\n      - Workshops held\n      - @ECA posted\n"
    assert problems(empty_cycle, "itu.yaml", text) == [
        "2027/itu.yaml:10:9: YAML syntax error: while scanning for the next token: found "
        "character that cannot start any token. Text that contains ': ' or ' #', or starts "
        "with -, @, *, ` or a quote, must be put in double quotes when it is an item of "
        "activities"
    ]


def test_problems_in_a_block_scalar_point_at_its_text(empty_cycle: Path) -> None:
    text = VALID_SUBMISSION.replace(SUMMARY, "summary: >-\n      TBD")
    assert problems(empty_cycle, "itu.yaml", text) == [
        "2027/itu.yaml:8:7: paragraph 67, summary: not filled in yet: replace TBD with your text"
    ]


def test_a_number_tag_on_words_is_an_error_not_a_crash(empty_cycle: Path) -> None:
    text = VALID_SUBMISSION.replace("paragraph: 67", "paragraph: !!int sixty-seven")
    assert problems(empty_cycle, "itu.yaml", text) == [
        "2027/itu.yaml:5:16: cannot read 'sixty-seven' as a int"
    ]


def test_an_empty_text_says_to_write_it(empty_cycle: Path) -> None:
    text = VALID_SUBMISSION.replace(SUMMARY, "summary:")
    assert problems(empty_cycle, "itu.yaml", text) == [
        "2027/itu.yaml:7:13: paragraph 67, summary: empty; write your text"
    ]
