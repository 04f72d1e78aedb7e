"""The build-report command: its shape, exit codes and messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from report_builder.cli import main

from .conftest import INPUTS, VALID_SUBMISSION, write

COMMANDS = ["build", "validate", "status", "new-submission", "schema"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(cli, command: str) -> None:
    result = cli(command, "--help")
    assert result.exit_code == 0
    assert "Example: build-report" in result.output


def test_group_help_lists_commands_and_exit_codes(cli) -> None:
    result = cli("--help")
    assert result.exit_code == 0
    for command in COMMANDS:
        assert command in result.output
    assert "3 a --strict build" in result.output


@pytest.mark.parametrize("year", ["27", "2025", "2101", "02027", "next", "2027.0"])
def test_year_out_of_range_is_a_usage_error(cli, year: str) -> None:
    for command in (["build"], ["validate"], ["status"], []):
        result = cli(*command, year)
        assert result.exit_code == 2, (command, year)
        assert "is not a year from 2026 to 2100" in result.stderr


def test_year_alone_builds(cli, inputs: Path, tmp_path: Path) -> None:
    result = cli("2027", "--inputs", str(inputs), "--date", "2027-03-15")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "outputs/2027/WSIS-report-2027-draft.docx").exists()
    assert "Wrote outputs/2027/WSIS-report-2027-draft.docx" in result.stdout


def test_validate_passes_on_samples(cli) -> None:
    result = cli("validate", "2027", "--inputs", str(INPUTS))
    assert result.exit_code == 0
    assert "cycle 2027 is valid (12 submissions)" in result.stdout
    assert "warning: reports[" in result.stderr


def test_validate_reports_every_problem_and_exits_1(cli, empty_cycle: Path) -> None:
    write(empty_cycle / "2027" / "itu.yaml", VALID_SUBMISSION.replace("in_progress", "done"))
    write(empty_cycle / "2027" / "x.yaml", "entity: [")
    result = cli("validate", "2027", "--inputs", str(empty_cycle))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{empty_cycle}/2027/itu.yaml:6:13: reports[0].status: 'done'")
    assert lines[1].startswith(f"{empty_cycle}/2027/x.yaml:")
    assert "Traceback" not in result.output


def test_validate_json(cli, empty_cycle: Path) -> None:
    write(empty_cycle / "2027" / "itu.yaml", VALID_SUBMISSION.replace("in_progress", "done"))
    result = cli("validate", "2027", "--inputs", str(empty_cycle), "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [
        {
            "file": f"{empty_cycle}/2027/itu.yaml",
            "line": 6,
            "column": 13,
            "path": "reports[0].status",
            "message": "'done' is not one of not_started, planned, in_progress, completed, ongoing",
            "severity": "error",
        }
    ]


def test_paths_stay_relative_as_given(cli, inputs: Path, tmp_path: Path) -> None:
    write(inputs / "2027" / "zz.yaml", "entity: ITU\n")
    result = cli("validate", "2027", "--inputs", "inputs")
    assert result.exit_code == 1
    assert "inputs/2027/zz.yaml:1:1: missing required key 'cycle'" in result.stderr


def test_status_json_has_exactly_the_contract_keys(cli) -> None:
    result = cli("status", "2027", "--inputs", str(INPUTS), "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) == {"cycle", "as_of", "entities", "paragraphs"}
    assert data["cycle"] == 2027
    for entity in data["entities"]:
        assert set(entity) == {
            "id",
            "name",
            "submitted",
            "files",
            "asked",
            "reported",
            "missing",
            "voluntary",
        }
        assert entity["missing"] == [p for p in entity["asked"] if p not in entity["reported"]]
    assert len(data["paragraphs"]) == 41
    for paragraph in data["paragraphs"]:
        assert set(paragraph) == {
            "paragraph",
            "reported_by",
            "missing",
            "gap",
            "overdue",
            "to_be_completed",
            "milestones",
        }
    itu = next(e for e in data["entities"] if e["id"] == "ITU")
    assert itu["asked"] == [53, 67, 100, 110, 111, 112, 113]
    assert itu["voluntary"] == []
    assert 23 in itu["reported"]
    assert itu["files"] == [f"{INPUTS}/2027/itu.yaml"]
    p108 = next(p for p in data["paragraphs"] if p["paragraph"] == 108)
    assert p108["missing"] == ["ECA", "ECE", "ESCWA"]
    assert next(p for p in data["paragraphs"] if p["paragraph"] == 24)["gap"] is True
    assert "warning:" not in result.stdout


def test_status_text(cli) -> None:
    result = cli("status", "2027", "--inputs", str(INPUTS))
    assert result.exit_code == 0
    assert "Cycle 2027: 11 of 24 accountable entities submitted" in result.stdout
    assert "Paragraphs without reports: 24, 26" in result.stdout
    assert "paragraph 125: UNGA" in result.stdout


def test_status_judges_milestones_as_of_date(cli) -> None:
    early = cli("status", "2027", "--inputs", str(INPUTS), "--date", "2027-03-15")
    assert "Overdue milestones as of 2027-03-15: none" in early.stdout
    late = cli("status", "2027", "--inputs", str(INPUTS), "--date", "2028-01-15", "--json")
    p113 = next(p for p in json.loads(late.stdout)["paragraphs"] if p["paragraph"] == 113)
    assert p113["overdue"] == [
        {
            "by": 2027,
            "event": "Report the outcomes of the implementation roadmaps to the CSTD",
            "date": "2027-12-31",
        }
    ]


def test_status_exits_1_on_invalid_input(cli, empty_cycle: Path) -> None:
    write(empty_cycle / "2027" / "itu.yaml", "entity: ITU\n")
    assert cli("status", "2027", "--inputs", str(empty_cycle)).exit_code == 1


def test_no_traceback_for_unreadable_inputs(cli, tmp_path: Path) -> None:
    result = cli("validate", "2027", "--inputs", str(tmp_path / "nowhere"))
    assert result.exit_code == 1
    assert "cannot read the file" in result.stderr
    assert "Traceback" not in result.output


def test_installed_entry_point_runs() -> None:
    """The console script, as a user runs it (a real process, not CliRunner)."""
    exe = Path(sys.executable).with_name("build-report")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "report_builder"]
    result = subprocess.run(
        [*command, "validate", "2027", "--inputs", str(INPUTS)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_main_is_the_click_group() -> None:
    assert set(COMMANDS) <= set(main.commands)


def test_a_misspelt_command_gets_a_suggestion(cli) -> None:
    result = cli("statsu", "2027")
    assert result.exit_code == 2
    assert "no such command 'statsu' (did you mean 'status'?)" in result.stderr


def test_only_commands_that_write_say_nothing_was_written(cli, empty_cycle: Path) -> None:
    write(empty_cycle / "2027" / "itu.yaml", "entity: ITU\n")
    validate = cli("validate", "2027", "--inputs", str(empty_cycle))
    assert validate.stderr.splitlines()[-1] == "3 errors."
    built = cli("build", "2027", "--inputs", str(empty_cycle))
    assert built.stderr.splitlines()[-1] == "3 errors; nothing was written."


def test_options_may_come_before_the_command(cli) -> None:
    result = cli("--inputs", str(INPUTS), "validate", "2027")
    assert result.exit_code == 0, result.output
    assert "cycle 2027 is valid" in result.stdout
    assert cli("--debug", "status", "2027", "--inputs", str(INPUTS)).exit_code == 0
