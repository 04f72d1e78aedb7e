"""A submission's date against the period of its report: before it, or after the date
given to the run, it is a warning naming both dates, shown by validate, status and build."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import write

ITU_2029 = """
entity: ITU
cycle: 2029
submitted: {day}
reports:
  - paragraph: 67
    status: in_progress
    summary: The task force met.
"""

SAMPLES_ENDED = (
    "inputs/2029/itu.yaml:3:12: warning: submitted: {sent} is on or before 20 February 2027, "
    "when the period of the 2027 report ended (the date of its latest submission); check the "
    "date: it should be the day this submission was sent, after that period"
)


def renewed(inputs: Path, day: str) -> None:
    """ITU's 2029 submission dated ``day``, after the 2027 samples (the latest of which
    is the CSTD's, of 20 February 2027)."""
    write(inputs / "2029" / "itu.yaml", ITU_2029.format(day=day))


def warnings(output: str) -> list[str]:
    return [line for line in output.splitlines() if "warning: submitted:" in line]


@pytest.mark.parametrize("command", ["validate", "status", "build"])
def test_a_date_in_the_earlier_period_warns_in_every_command(
    cli, inputs: Path, command: str
) -> None:
    renewed(inputs, "2027-02-03")
    result = cli(command, "2029", "--inputs", "inputs")
    assert result.exit_code == 0, result.output
    assert warnings(result.stderr) == [SAMPLES_ENDED.format(sent="3 February 2027")]


def test_the_last_day_of_the_earlier_period_warns_and_the_next_does_not(cli, inputs: Path) -> None:
    renewed(inputs, "2027-02-20")
    result = cli("validate", "2029", "--inputs", "inputs")
    assert warnings(result.stderr) == [SAMPLES_ENDED.format(sent="20 February 2027")]
    renewed(inputs, "2027-02-21")
    assert warnings(cli("validate", "2029", "--inputs", "inputs").stderr) == []


def test_the_period_end_recorded_in_cycles_yaml_comes_first(cli, inputs: Path) -> None:
    cycles = inputs / "cycles.yaml"
    text = cycles.read_text(encoding="utf-8")
    cycles.write_text(text.replace("  # period_end: 2027-03-15", "  period_end: 2027-03-15"))
    renewed(inputs, "2027-03-01")
    result = cli("validate", "2029", "--inputs", "inputs", "inputs/2029/itu.yaml")
    assert result.exit_code == 0, result.output
    assert warnings(result.stderr) == [
        "inputs/2029/itu.yaml:3:12: warning: submitted: 1 March 2027 is on or before "
        "15 March 2027, when the period of the 2027 report ended (its period_end in "
        "cycles.yaml); check the date: it should be the day this submission was sent, after "
        "that period"
    ]


def test_without_an_earlier_cycle_the_period_begins_on_1_january_of_the_year_before(
    cli, inputs: Path
) -> None:
    itu = inputs / "2027" / "itu.yaml"
    text = itu.read_text(encoding="utf-8")
    itu.write_text(text.replace("submitted: 2027-01-29", "submitted: 2025-12-31"))
    result = cli("validate", "2027", "--inputs", "inputs")
    assert result.exit_code == 0, result.output
    assert warnings(result.stderr) == [
        "inputs/2027/itu.yaml:5:12: warning: submitted: 31 December 2025 is before 1 January "
        "2026, the earliest the period of the 2027 report can begin; check the date: it "
        "should be the day this submission was sent"
    ]
    itu.write_text(text.replace("submitted: 2027-01-29", "submitted: 2026-01-01"))
    assert warnings(cli("validate", "2027", "--inputs", "inputs").stderr) == []


@pytest.mark.parametrize("command", ["status", "build"])
def test_a_date_after_the_runs_date_warns_only_when_one_is_given(
    cli, inputs: Path, command: str
) -> None:
    renewed(inputs, "2029-03-16")
    result = cli(command, "2029", "--inputs", "inputs", "--date", "2029-03-15")
    assert result.exit_code == 0, result.output
    assert warnings(result.stderr) == [
        "inputs/2029/itu.yaml:3:12: warning: submitted: 16 March 2029 is after 15 March 2029, "
        "the --date of this run; check the date: it should be the day this submission was "
        "sent, or --date is too early"
    ]
    undated = cli(command, "2029", "--inputs", "inputs")
    assert undated.exit_code == 0, undated.output
    assert warnings(undated.stderr) == []
