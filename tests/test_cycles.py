"""inputs/cycles.yaml: the optional settings of each reporting cycle, validated like every
input, and the settings of the command line that they give way to."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from report_builder import CycleSettings, InputError, build, load_cycle

from .conftest import write

Cli = Callable[..., Result]
FROM = "CSTD secretariat <wsis@example.org>"
DAY = dt.date(2027, 3, 15)


def cycles(inputs: Path, text: str) -> Path:
    return write(inputs / "cycles.yaml", text)


def problems(inputs: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_cycle(inputs, 2027)
    return [str(d) for d in caught.value.errors]


def test_without_the_file_every_setting_keeps_its_default(inputs: Path) -> None:
    (inputs / "cycles.yaml").unlink()
    settings = load_cycle(inputs, 2027).settings
    assert settings == CycleSettings()
    assert settings.symbol is None
    assert settings.word_limit is None
    assert settings.deadline is None
    assert settings.period_end is None
    assert settings.guide_url is None
    reserved = settings.reserved_words
    assert (reserved.key_trends, reserved.challenges, reserved.conclusions) == (800, 500, 700)


def test_a_year_the_file_does_not_name_keeps_the_defaults(inputs: Path) -> None:
    cycles(inputs, "2029:\n  word_limit: 9000\n")
    assert load_cycle(inputs, 2027).settings == CycleSettings()


def test_a_file_of_comments_only_or_a_year_without_keys_keeps_the_defaults(
    inputs: Path,
) -> None:
    cycles(inputs, "# nothing yet\n")
    assert load_cycle(inputs, 2027).settings == CycleSettings()
    cycles(inputs, "2027:\n  # deadline: 2027-01-31\n")
    assert load_cycle(inputs, 2027).settings == CycleSettings()


def test_the_shipped_file_gives_the_2027_deadline(inputs: Path) -> None:
    settings = load_cycle(inputs, 2027).settings
    assert settings.deadline == dt.date(2027, 1, 31)
    assert settings.symbol is None
    assert settings.reserved_words.key_trends == 800


def test_every_key_is_read(inputs: Path) -> None:
    cycles(
        inputs,
        """
        2027:
          symbol: A/82/64–E/2027/12
          ga_item: "18 (b)"
          council_item: 18 (b)
          council_session: 2027 session
          job_number: GE.27-01234 (E)
          compilation_symbol: E/CN.16/2027/CRP.1
          word_limit: 9000
          reserved_words: {key_trends: 900, challenges: 0}
          deadline: 2027-01-31
          period_end: '2027-03-15'
          guide_url: https://example.org/wsis-guide
        2029:
          word_limit: 8000
        """,
    )
    settings = load_cycle(inputs, 2027).settings
    assert settings.symbol == "A/82/64–E/2027/12"
    assert settings.ga_item == settings.council_item == "18 (b)"
    assert settings.council_session == "2027 session"
    assert settings.job_number == "GE.27-01234 (E)"
    assert settings.compilation_symbol == "E/CN.16/2027/CRP.1"
    assert settings.word_limit == 9000
    reserved = settings.reserved_words
    assert (reserved.key_trends, reserved.challenges, reserved.conclusions) == (900, 0, 700)
    assert settings.deadline == dt.date(2027, 1, 31)
    assert settings.period_end == dt.date(2027, 3, 15)
    assert settings.guide_url == "https://example.org/wsis-guide"


def test_an_unknown_key_is_placed_with_a_suggestion(inputs: Path) -> None:
    cycles(
        inputs,
        "2027:\n  word_limt: 9000\n  reserved_words:\n    conclusion: 600\n",
    )
    path = inputs / "cycles.yaml"
    assert problems(inputs) == [
        f"{path}:2:3: 2027: unknown key 'word_limt' (did you mean 'word_limit'?)",
        f"{path}:4:5: 2027.reserved_words: unknown key 'conclusion' (did you mean 'conclusions'?)",
    ]


def test_every_error_in_the_file_is_reported_at_once_at_its_line_and_column(
    inputs: Path,
) -> None:
    cycles(
        inputs,
        """
        2027:
          symbol: "A/82/64\\nE/2027/12"
          ga_item: 18
          word_limit: 0
          reserved_words: {key_trends: many, challenges: -5, conclusions: 700.5}
          deadline: 31 January 2027
          guide_url: www.example.org/guide
        2O29:
          word_limit: yes
        1999:
          deadline: 2027-01-31
        2031: 8500
        """,
    )
    path = inputs / "cycles.yaml"
    assert problems(inputs) == [
        f"{path}:2:11: 2027.symbol: the text runs over several lines; write it on one line",
        f"{path}:3:12: 2027.ga_item: expected text, but '18' reads as a number; put it in quotes",
        f"{path}:4:15: 2027.word_limit: 0 words leaves no room for the report; give a "
        "number above 0",
        f"{path}:5:32: 2027.reserved_words.key_trends: 'many' is not a whole number; write "
        "digits, e.g. 800",
        f"{path}:5:50: 2027.reserved_words.challenges: -5 is below 0; give a number of words, "
        "0 or more",
        f"{path}:5:67: 2027.reserved_words.conclusions: '700.5' is not a whole number; write "
        "digits, e.g. 700",
        f"{path}:6:13: 2027.deadline: '31 January 2027' is not a valid date (invalid "
        "character in year); write it as YYYY-MM-DD",
        f"{path}:7:14: 2027.guide_url: 'www.example.org/guide' is not a web link; did you "
        "mean https://www.example.org/guide?",
        f"{path}:8:1: '2O29' is not a year; each block of cycles.yaml starts with the year "
        "of a cycle, from 2026 to 2100, and a colon, such as '2027:'",
        f"{path}:9:15: 2O29.word_limit: 'yes' is not a whole number; write digits, e.g. 8500",
        f"{path}:10:1: '1999' is not a year; each block of cycles.yaml starts with the year "
        "of a cycle, from 2026 to 2100, and a colon, such as '2027:'",
        f"{path}:12:7: 2031: expected a mapping of keys (key: value)",
    ]


def test_an_error_in_another_years_block_is_an_error_of_this_cycle(inputs: Path) -> None:
    cycles(inputs, "2027:\n  deadline: 2027-01-31\n2029:\n  word_limit: lots\n")
    assert problems(inputs) == [
        f"{inputs / 'cycles.yaml'}:4:15: 2029.word_limit: 'lots' is not a whole number; "
        "write digits, e.g. 8500"
    ]


def test_errors_in_the_file_come_with_those_in_the_submissions(inputs: Path) -> None:
    cycles(inputs, "2027:\n  deadline: soon\n")
    write(inputs / "2027" / "itu.yaml", "entity: ITU\n")
    found = problems(inputs)
    assert f"{inputs / 'cycles.yaml'}:2:13: 2027.deadline: 'soon' is not a valid date " in (
        "".join(found)
    )
    assert any(p.startswith(f"{inputs / '2027' / 'itu.yaml'}:") for p in found)


def test_validate_checks_the_file(cli: Cli, inputs: Path) -> None:
    cycles(inputs, "2027:\n  dedline: 2027-01-31\n")
    result = cli("validate", "2027", "--inputs", str(inputs))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-2:] == [
        f"{inputs / 'cycles.yaml'}:2:3: 2027: unknown key 'dedline' (did you mean 'deadline'?)",
        "1 error.",
    ]


def test_a_build_with_an_error_in_the_file_writes_nothing(
    cli: Cli, inputs: Path, tmp_path: Path
) -> None:
    cycles(inputs, "2027:\n  word_limit: 8,500\n")
    result = cli("2027", "--inputs", "inputs", "--date", "2027-03-15")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-2:] == [
        "inputs/cycles.yaml:2:15: 2027.word_limit: '8,500' is not a whole number; write "
        "digits, e.g. 8500",
        "1 error; nothing was written.",
    ]
    assert not (tmp_path / "outputs").exists()


def test_the_files_word_limit_is_the_reports_and_word_limit_beats_it(
    inputs: Path, tmp_path: Path
) -> None:
    cycles(inputs, "2027:\n  word_limit: 7000\n")
    from_file = build(2027, inputs=inputs, output=tmp_path / "a" / "d.docx", date=DAY)
    assert from_file.word_limit == 7000
    given = build(2027, inputs=inputs, output=tmp_path / "b" / "d.docx", date=DAY, word_limit=9000)
    assert given.word_limit == 9000


def test_without_either_the_word_limit_is_8500(inputs: Path, tmp_path: Path) -> None:
    assert build(2027, inputs=inputs, output=tmp_path / "d.docx", date=DAY).word_limit == 8500


def test_the_command_line_says_where_the_word_limit_comes_from(cli: Cli) -> None:
    result = cli("build", "--help")
    assert "[default: the year's word_limit in inputs/cycles.yaml, else 8500]" in " ".join(
        result.output.split()
    )


def reminder_to_itu() -> str:
    sent = email.message_from_bytes(
        Path("outputs/2027/call/itu-reminder.eml").read_bytes(), policy=email.policy.default
    )
    body = sent.get_body()
    assert body is not None
    return str(body.get_content())


def test_call_takes_the_deadline_from_the_file(cli: Cli, inputs: Path) -> None:
    cycles(inputs, "2027:\n  deadline: 2027-02-14\n")
    # Reminders are the cheapest letters that name the deadline.
    result = cli(
        "call", "2027", "--from", FROM, "--inputs", str(inputs), "--date", "2026-11-16",
        "--reminders",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "14 February 2027" in reminder_to_itu()


def test_the_deadline_option_beats_the_file(cli: Cli, inputs: Path) -> None:
    cycles(inputs, "2027:\n  deadline: 2027-02-14\n")
    result = cli(
        "call", "2027", "--from", FROM, "--inputs", str(inputs), "--date", "2026-11-16",
        "--deadline", "2027-01-20", "--reminders",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    body = reminder_to_itu()
    assert "20 January 2027" in body and "14 February 2027" not in body


def test_call_without_a_deadline_anywhere_says_how_to_give_one(
    cli: Cli, inputs: Path, tmp_path: Path
) -> None:
    cycles(inputs, "2027:\n  word_limit: 8000\n")
    result = cli("call", "2027", "--from", FROM, "--inputs", "inputs")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: the call for contributions needs a deadline: pass --deadline YYYY-MM-DD, or "
        "add 'deadline: YYYY-MM-DD' under '2027:' in inputs/cycles.yaml"
    )
    assert not (tmp_path / "outputs").exists()
