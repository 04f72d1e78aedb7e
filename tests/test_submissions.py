"""The submission rules, each with a broken file and its exact FILE:LINE:COL message."""

from __future__ import annotations

from pathlib import Path

import pytest

from report_builder import InputError, load_cycle
from report_builder.diagnostics import Severity

from .conftest import VALID_SUBMISSION, write


def problems(inputs: Path, name: str, text: str, *, raw: bytes | None = None) -> list[str]:
    """Every diagnostic for the 2027 cycle with one more file, relative to ``inputs``."""
    path = inputs / "2027" / name
    if raw is None:
        write(path, text)
    else:
        path.write_bytes(raw)
    try:
        cycle = load_cycle(inputs, 2027)
        found = list(cycle.warnings)
    except InputError as exc:
        found = exc.diagnostics
    return [str(d).replace(f"{inputs}/", "") for d in found if d.file.endswith(name)]


def test_a_valid_submission_loads(empty_cycle: Path) -> None:
    write(empty_cycle / "2027" / "itu.yaml", VALID_SUBMISSION)
    cycle = load_cycle(empty_cycle, 2027)
    assert [s.entity.id for s in cycle.submissions] == ["ITU"]
    assert cycle.submissions[0].submission.reports[0].summary == "The task force met."


def test_status_not_in_the_list(empty_cycle: Path) -> None:
    text = VALID_SUBMISSION.replace("status: in_progress", "status: done")
    assert problems(empty_cycle, "itu.yaml", text) == [
        "2027/itu.yaml:6:13: paragraph 67, status: 'done' is not one of not_started, planned, "
        "in_progress, completed, ongoing (did you mean 'completed'?)"
    ]


def test_unknown_key_with_suggestion(empty_cycle: Path) -> None:
    text = VALID_SUBMISSION.replace("summary:", "sumary:")
    assert problems(empty_cycle, "itu.yaml", text) == [
        "2027/itu.yaml:5:5: paragraph 67: missing required key 'summary'",
        "2027/itu.yaml:7:5: paragraph 67: unknown key 'sumary' (did you mean 'summary'?)",
    ]


def test_unknown_top_level_key(empty_cycle: Path) -> None:
    text = VALID_SUBMISSION + "contatc:\n  name: X\n"
    assert problems(empty_cycle, "itu.yaml", text) == [
        "2027/itu.yaml:8:1: unknown key 'contatc' (did you mean 'contact'?)"
    ]


def test_paragraph_twice_in_one_file(empty_cycle: Path) -> None:
    text = VALID_SUBMISSION + "  - paragraph: 67\n    status: planned\n    summary: Again.\n"
    assert problems(empty_cycle, "itu.yaml", text) == [
        "2027/itu.yaml:8:16: paragraph 67: paragraph 67 is already reported on line 5; "
        "combine the two"
    ]


def test_two_files_for_the_same_entity_name_both(empty_cycle: Path) -> None:
    write(empty_cycle / "2027" / "a-itu.yaml", VALID_SUBMISSION)
    text = VALID_SUBMISSION.replace("entity: ITU", "entity: International Telecommunication Union")
    assert problems(empty_cycle, "b-itu.yaml", text) == [
        "2027/b-itu.yaml:1:9: entity: a second submission from ITU; 2027/a-itu.yaml is "
        "already one. Merge the two files into one"
    ]


def test_voluntary_report_is_a_warning(empty_cycle: Path) -> None:
    text = VALID_SUBMISSION + "  - paragraph: 108\n    status: planned\n    summary: Extra.\n"
    got = problems(empty_cycle, "itu.yaml", text)
    assert got == [
        "2027/itu.yaml:8:16: warning: paragraph 108: voluntary report: ITU is not asked "
        "to act on paragraph 108; the draft credits it after the entities asked"
    ]
    assert load_cycle(empty_cycle, 2027).warnings[0].severity is Severity.WARNING


def test_partner_report_is_not_voluntary(empty_cycle: Path) -> None:
    text = (
        "entity: OHCHR\ncycle: 2027\nsubmitted: 2027-01-31\nreports:\n"
        "  - paragraph: 112\n    status: planned\n    summary: Partner work.\n"
    )
    assert problems(empty_cycle, "ohchr.yaml", text) == []


@pytest.mark.parametrize(
    ("entity", "paragraph"),
    # All stakeholders (23, 33) and UN entities (116).
    [("ITU", 23), ("UN-DESA", 116), ("IGF", 33)],
)
def test_a_member_of_an_asked_constituency_is_not_voluntary(
    empty_cycle: Path, entity: str, paragraph: int
) -> None:
    text = (
        f"entity: {entity}\ncycle: 2027\nsubmitted: 2027-01-31\nreports:\n"
        f"  - paragraph: {paragraph}\n    status: planned\n    summary: Asked as a member.\n"
    )
    assert problems(empty_cycle, f"{entity.lower()}.yaml", text) == []


def test_paragraph_not_in_the_table(empty_cycle: Path) -> None:
    text = VALID_SUBMISSION.replace("paragraph: 67", "paragraph: 68")
    assert problems(empty_cycle, "itu.yaml", text) == [
        "2027/itu.yaml:5:16: paragraph 68: paragraph 68 is not in the action table"
    ]


def test_duplicate_keys(empty_cycle: Path) -> None:
    text = VALID_SUBMISSION.replace("cycle: 2027\n", "cycle: 2027\ncycle: 2027\n")
    assert problems(empty_cycle, "itu.yaml", text) == [
        "2027/itu.yaml:3:1: duplicate key 'cycle' (first given on line 2); keep one, or the "
        "other is lost"
    ]


def test_unknown_entity_with_suggestion(empty_cycle: Path) -> None:
    text = VALID_SUBMISSION.replace("entity: ITU", "entity: ITUU")
    assert problems(empty_cycle, "itu.yaml", text) == [
        "2027/itu.yaml:1:9: entity: unknown entity 'ITUU' (did you mean 'ITU'?); use an id, "
        "full name or alias from entities.yaml"
    ]


def test_a_group_cannot_submit(empty_cycle: Path) -> None:
    text = VALID_SUBMISSION.replace("entity: ITU", "entity: UN Regional Commissions")
    assert problems(empty_cycle, "rc.yaml", text) == [
        "2027/rc.yaml:1:9: entity: 'UN Regional Commissions' is a group, not an organization; "
        "each member submits for itself (members: ECA, ECE, ECLAC, ESCAP, ESCWA)"
    ]


def test_cycle_must_match_the_year(empty_cycle: Path) -> None:
    text = VALID_SUBMISSION.replace("cycle: 2027", "cycle: 2029")
    assert problems(empty_cycle, "itu.yaml", text) == [
        "2027/itu.yaml:2:8: cycle: the submission is for cycle 2029, but this is the 2027 "
        "cycle; move the file to inputs/2029/ or correct the year"
    ]


@pytest.mark.parametrize("date", ["2027-01-31", "'2027-01-31'", '"2027-01-31"'])
def test_dates_quoted_or_not(empty_cycle: Path, date: str) -> None:
    text = VALID_SUBMISSION.replace("submitted: 2027-01-31", f"submitted: {date}")
    assert problems(empty_cycle, "itu.yaml", text) == []


def test_bad_date(empty_cycle: Path) -> None:
    text = VALID_SUBMISSION.replace("submitted: 2027-01-31", "submitted: 31/01/2027")
    assert problems(empty_cycle, "itu.yaml", text) == [
        "2027/itu.yaml:3:12: submitted: write the date as YYYY-MM-DD: 2027-01-31"
    ]


def test_byte_order_mark_is_accepted(empty_cycle: Path) -> None:
    raw = b"\xef\xbb\xbf" + VALID_SUBMISSION.lstrip().encode()
    assert problems(empty_cycle, "itu.yaml", "", raw=raw) == []


def test_text_fields_are_stripped(empty_cycle: Path) -> None:
    text = VALID_SUBMISSION.replace("summary: The task force met.", "summary: '  Met.  '")
    write(empty_cycle / "2027" / "itu.yaml", text)
    assert load_cycle(empty_cycle, 2027).submissions[0].submission.reports[0].summary == "Met."


def test_summary_word_limit_and_warning(empty_cycle: Path) -> None:
    long = VALID_SUBMISSION.replace("The task force met.", "word " * 251)
    assert problems(empty_cycle, "itu.yaml", long) == [
        "2027/itu.yaml:7:14: paragraph 67, summary: the summary has 251 words, over the limit of "
        "250; shorten it"
    ]
    near = VALID_SUBMISSION.replace("The task force met.", "word " * 240)
    assert problems(empty_cycle, "itu.yaml", near) == [
        "2027/itu.yaml:7:14: warning: paragraph 67, summary: 240 words, near the limit of 250"
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "links",
            "[javascript:alert(1)]",
            "paragraph 67, links 1: 'javascript:alert(1)' is not a web link; only http:// and https:// links are accepted",
        ),
        (
            "links",
            "['file:///etc/passwd']",
            "paragraph 67, links 1: 'file:///etc/passwd' is not a web link; only http:// and https:// links are accepted",
        ),
        (
            "action_lines",
            "[C12]",
            "paragraph 67, action_lines 1: 'C12' is not one of C1, C2, C3, C4, C5, C6, C7, C8, C9, C10, C11",
        ),
        (
            "sdg_targets",
            "['18.1']",
            "paragraph 67, sdg_targets 1: '18.1' is not in the expected form",
        ),
        (
            "indicators",
            "[{name: N, value: many}]",
            "paragraph 67, indicators 1, value: 'many' is not a number; write digits, e.g. 12 or 3.5",
        ),
    ],
)
def test_optional_fields_are_checked(
    empty_cycle: Path, field: str, value: str, message: str
) -> None:
    text = VALID_SUBMISSION + f"    {field}: {value}\n"
    got = problems(empty_cycle, "itu.yaml", text)
    assert len(got) == 1 and got[0].endswith(message), got


def test_every_problem_in_every_file_at_once_sorted(empty_cycle: Path) -> None:
    write(
        empty_cycle / "2027" / "b.yaml",
        VALID_SUBMISSION.replace("status: in_progress", "status: x"),
    )
    write(empty_cycle / "2027" / "a.yaml", "entity: ITU\ncycle: 2027\n")
    with pytest.raises(InputError) as caught:
        load_cycle(empty_cycle, 2027)
    located = [(d.file.rsplit("/", 1)[1], d.line) for d in caught.value.diagnostics]
    assert located == [("a.yaml", 1), ("a.yaml", 1), ("b.yaml", 1), ("b.yaml", 6)]
    assert "missing required key 'reports'" in str(caught.value)


def test_hidden_and_editor_files_are_ignored(empty_cycle: Path) -> None:
    for name in (".itu.yaml", "itu.yaml~", ".itu.yaml.swp"):
        write(empty_cycle / "2027" / name, "not: [valid")
    assert load_cycle(empty_cycle, 2027).submissions == ()


def test_other_files_are_skipped_with_a_note(empty_cycle: Path) -> None:
    write(empty_cycle / "2027" / "notes.txt", "hello")
    cycle = load_cycle(empty_cycle, 2027)
    assert [str(w) for w in cycle.warnings] == [
        f"{empty_cycle}/2027/notes.txt: warning: skipped: not a .yaml or .yml file"
    ]


def test_samples_are_valid_and_cover_the_format() -> None:
    from .conftest import INPUTS

    cycle = load_cycle(INPUTS, 2027)
    assert len(cycle.submissions) >= 10
    reports = [r for s in cycle.submissions for r in s.submission.reports]
    assert {r.status for r in reports} == {
        "not_started",
        "planned",
        "in_progress",
        "completed",
        "ongoing",
    }
    assert any(r.indicators for r in reports) and any(r.links for r in reports)
    # The samples build without a warning, a new user's first run included.
    assert cycle.warnings == ()
    assert any(s.submission.entity != s.entity.id for s in cycle.submissions)
    for s in cycle.submissions:
        assert "ILLUSTRATIVE SAMPLE" in Path(s.file).read_text(encoding="utf-8").splitlines()[0]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "submitted: 2027-01-31",
            "submitted: 2027-02-30",
            "2027/itu.yaml:3:12: '2027-02-30' is not a valid date; write it as YYYY-MM-DD",
        ),
        (
            "submitted: 2027-01-31",
            "submitted: 2027-01-31 10:00:00",
            "2027/itu.yaml:3:12: submitted: '2027-01-31 10:00:00' has a time of day; give the date alone, as YYYY-MM-DD",
        ),
        (
            "cycle: 2027",
            "cycle: true",
            "2027/itu.yaml:2:8: cycle: 'true' is not a whole number; write digits, e.g. 67",
        ),
        (
            "paragraph: 67",
            "paragraph: '67'",
            "2027/itu.yaml:5:16: report 1, paragraph: '67' is not a whole number; write digits, e.g. 67",
        ),
        (
            "summary: The task force met.",
            "summary: yes",
            "2027/itu.yaml:7:14: paragraph 67, summary: expected text, but 'yes' reads as yes/no; put it in quotes",
        ),
        (
            "entity: ITU",
            "entity: ITU\n2027: x",
            "2027/itu.yaml:2:1: the key '2027' reads as a int, not a word; keys are words such as 'summary' (quote it if needed)",
        ),
    ],
)
def test_type_mistakes_say_what_to_write(
    empty_cycle: Path, old: str, new: str, message: str
) -> None:
    assert problems(empty_cycle, "itu.yaml", VALID_SUBMISSION.replace(old, new)) == [message]


def test_large_whole_numbers_stay_exact(empty_cycle: Path) -> None:
    text = VALID_SUBMISSION + "    indicators: [{name: Big, value: 12345678901234567890123}]\n"
    write(empty_cycle / "2027" / "itu.yaml", text)
    value = load_cycle(empty_cycle, 2027).submissions[0].submission.reports[0].indicators[0].value
    assert value == 12345678901234567890123 and isinstance(value, int)


def test_a_second_file_is_reported_even_while_the_first_has_errors(empty_cycle: Path) -> None:
    write(empty_cycle / "2027" / "a.yaml", VALID_SUBMISSION.replace("in_progress", "done"))
    got = problems(empty_cycle, "b.yaml", VALID_SUBMISSION)
    assert got == [
        "2027/b.yaml:1:9: entity: a second submission from ITU; 2027/a.yaml is already one. "
        "Merge the two files into one"
    ]
