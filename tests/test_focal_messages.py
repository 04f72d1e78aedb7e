"""Messages a focal point can act on: each test holds the input as a programme officer
would type it, and the whole message expected."""

from __future__ import annotations

import json
from pathlib import Path

from report_builder import InputError, load_cycle

from .conftest import VALID_SUBMISSION, write


def problems(inputs: Path, text: str, name: str = "itu.yaml") -> list[str]:
    """Every diagnostic for the 2027 cycle with one more file, relative to ``inputs``."""
    write(inputs / "2027" / name, text)
    try:
        found = list(load_cycle(inputs, 2027).warnings)
    except InputError as exc:
        found = exc.diagnostics
    return [str(d).replace(f"{inputs}/", "") for d in found if d.file.endswith(name)]


def test_messages_name_the_paragraph_not_an_index(empty_cycle: Path) -> None:
    text = VALID_SUBMISSION.replace("in_progress", "done") + (
        "    indicators:\n"
        "      - name: Countries supported\n"
        "        value: 12\n"
        "      - name: Staff trained\n"
        "        value: many\n"
    )
    assert problems(empty_cycle, text) == [
        "2027/itu.yaml:6:13: paragraph 67, status: 'done' is not one of not_started, planned, "
        "in_progress, completed, ongoing (did you mean 'completed'?)",
        "2027/itu.yaml:12:16: paragraph 67, indicators 2, value: 'many' is not a number; "
        "write digits, e.g. 12 or 3.5",
    ]


def test_a_report_without_its_paragraph_is_counted_from_one(empty_cycle: Path) -> None:
    text = VALID_SUBMISSION + "  - status: planned\n    summary: More.\n"
    assert problems(empty_cycle, text) == [
        "2027/itu.yaml:8:5: report 2: missing required key 'paragraph'",
    ]


def test_json_keeps_the_path_and_adds_the_paragraph(cli, empty_cycle: Path) -> None:
    text = VALID_SUBMISSION.replace("in_progress", "done").replace("2027-01-31", "soon")
    write(empty_cycle / "2027" / "itu.yaml", text)
    result = cli("validate", "2027", "--inputs", str(empty_cycle), "--format", "json")
    found = [(d["path"], d["paragraph"]) for d in json.loads(result.stdout)]
    assert found == [("submitted", None), ("reports[0].status", 67)]


def test_a_prompt_left_in_place_is_not_filled_in_yet(empty_cycle: Path) -> None:
    text = VALID_SUBMISSION + (
        "    highlight: >-\n"
        "      The sentence or two for the Secretary-General's report (optional).\n"
        "  - paragraph: 108\n"
        "    status: planned\n"
        "    summary: Staff were trained.\n"
        "    highlight: >-\n"
        "      one or two sentences in the past tense, beginning with ITU, for example:\n"
        "      ITU launched\n"
        '    next_steps: "optional: what comes next"\n'
    )
    assert problems(empty_cycle, text) == [
        "2027/itu.yaml:9:7: paragraph 67, highlight: not filled in yet: replace The sentence "
        "or two for the Secretary-General's report (optional). with your text",
        "2027/itu.yaml:14:7: paragraph 108, highlight: not filled in yet: replace one or two "
        "sentences in the past tense, beginning with ITU, for example: ITU launched with your "
        "text",
        "2027/itu.yaml:16:17: paragraph 108, next_steps: not filled in yet: replace optional: "
        "what comes next with your text",
    ]


def test_the_prefilled_prompt_is_a_placeholder(empty_cycle: Path) -> None:
    from report_builder import new_submission

    made = new_submission("ECA", 2027, empty_cycle)
    text = made.path.read_text(encoding="utf-8")
    text = text.replace("    # highlight: >-\n    #   ", "    highlight: >-\n      ", 1)
    text = text.replace("TODO", "Work began.").replace(
        "submitted: Work began.", "submitted: 2027-01-31"
    )
    text = text.replace("status: Work began.", "status: planned")
    found = [p for p in problems(empty_cycle, text, made.path.name) if "highlight" in p]
    assert [p.split(": ", 1)[1] for p in found] == [
        "paragraph 53, highlight: not filled in yet: replace One or two sentences in the past "
        "tense, beginning with ECA, for example: ECA launched … with your text"
    ]


def test_dates_in_another_order_say_how_to_write_them(empty_cycle: Path) -> None:
    day_first = VALID_SUBMISSION.replace("2027-01-31", "20/01/2027")
    assert problems(empty_cycle, day_first) == [
        "2027/itu.yaml:3:12: submitted: write the date as YYYY-MM-DD: 2027-01-20"
    ]
    ambiguous = VALID_SUBMISSION.replace("2027-01-31", "01/02/2027")
    assert problems(empty_cycle, ambiguous) == [
        "2027/itu.yaml:3:12: submitted: write the date as YYYY-MM-DD "
        "(01/02/2027: 2027-02-01 or 2027-01-02?)"
    ]


LINES = "C1, C2, C3, C4, C5, C6, C7, C8, C9, C10, C11"


def test_action_lines_as_people_write_them(empty_cycle: Path) -> None:
    text = VALID_SUBMISSION + "    action_lines: [C 7, c7, e-agriculture, E-Health]\n"
    assert problems(empty_cycle, text) == [
        f"2027/itu.yaml:8:20: paragraph 67, action_lines 1: 'C 7' is not one of {LINES} "
        "(did you mean 'C7'?)",
        f"2027/itu.yaml:8:25: paragraph 67, action_lines 2: 'c7' is not one of {LINES} "
        "(did you mean 'C7'?)",
        f"2027/itu.yaml:8:29: paragraph 67, action_lines 3: 'e-agriculture' is not one of "
        f"{LINES}: e-agriculture is part of action line C7; write C7",
        f"2027/itu.yaml:8:44: paragraph 67, action_lines 4: 'E-Health' is not one of {LINES}: "
        "E-Health is part of action line C7; write C7",
    ]


def test_a_link_without_https_and_a_value_with_its_unit(empty_cycle: Path) -> None:
    text = VALID_SUBMISSION + (
        "    links:\n"
        "      - www.fao.org/family-farming/en/\n"
        "    indicators:\n"
        "      - name: Districts reached\n"
        "        value: 45%\n"
        "      - name: Countries supported\n"
        "        value: 12 countries\n"
    )
    assert problems(empty_cycle, text) == [
        "2027/itu.yaml:9:9: paragraph 67, links 1: 'www.fao.org/family-farming/en/' is not a "
        "web link; did you mean https://www.fao.org/family-farming/en/?",
        "2027/itu.yaml:12:16: paragraph 67, indicators 1, value: '45%' is not a number; write "
        "'value: 45' and 'unit: per cent'",
        "2027/itu.yaml:14:16: paragraph 67, indicators 2, value: '12 countries' is not a "
        "number; write 'value: 12' and 'unit: countries'",
    ]


def test_an_item_that_starts_with_a_hash_is_one_error(empty_cycle: Path) -> None:
    text = VALID_SUBMISSION + (
        "    activities:\n"
        "      - Workshop held in Nairobi\n"
        "      - #1 guide published\n"
        "    challenges: #2 on the list: funding\n"
    )
    assert problems(empty_cycle, text) == [
        "2027/itu.yaml:10:9: paragraph 67, activities 2: '#' starts a comment here, so this "
        'item is read as empty; put the text in double quotes: - "#1 guide published"',
        "2027/itu.yaml:11:17: paragraph 67, challenges: '#' starts a comment here, so "
        "'challenges' is read as empty; write the text on the lines under 'challenges: >-', indented, "
        "where '#' is text",
    ]


def test_text_that_yaml_read_as_keys_says_where_to_write_it(empty_cycle: Path) -> None:
    text = VALID_SUBMISSION.replace(
        "    summary: The task force met.\n",
        "    summary:\n      FAO\u2019s work \u2013 e.g.: Kenya \u2013 reached 45% of districts.\n",
    ) + ("    activities:\n      - Workshop held: Nairobi\n    next_steps:\n      - Report\n")
    assert problems(empty_cycle, text) == [
        "2027/itu.yaml:8:7: paragraph 67, summary: expected text, but YAML read it as "
        "'key: value', because it contains ': '; write the text under 'summary: >-', indented",
        "2027/itu.yaml:10:9: paragraph 67, activities 1: expected text, but YAML read it as "
        "'key: value', because it contains ': '; put the whole item in double quotes",
        "2027/itu.yaml:12:7: paragraph 67, next_steps: expected text, but YAML read it as a "
        "list, because its lines start with '- '; write the text under 'next_steps: >-', "
        "indented",
    ]


def test_an_indentation_error_points_at_the_line_to_fix(empty_cycle: Path) -> None:
    text = VALID_SUBMISSION.replace(
        "    summary: The task force met.\n",
        "    summary: The task force met\nand agreed on a plan.\n    highlight: ITU met.\n",
    )
    assert problems(empty_cycle, text) == [
        "2027/itu.yaml:8:1: YAML syntax error: line 8 is not indented under 'summary'; write "
        "the text on the lines under 'summary: >-', indented by two more spaces than 'summary'"
    ]


def test_indentation_with_another_space_is_named(empty_cycle: Path) -> None:
    text = VALID_SUBMISSION.replace("    summary:", "\u00a0\u00a0\u00a0 summary:").replace(
        "    status:", "\tstatus:"
    )
    assert problems(empty_cycle, text) == [
        "2027/itu.yaml:6:1: line 6 starts with a tab; indent with ordinary spaces",
        "2027/itu.yaml:7:1: line 7 starts with a non-breaking space (pasted from Word?); "
        "indent with ordinary spaces",
    ]
