"""The build-report command: its shape, exit codes and messages."""

from __future__ import annotations

import json
import shutil
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
    # A new user's first run shows no warning.
    assert result.stderr == ""


def test_validate_warns_of_an_action_without_a_title(cli, inputs: Path) -> None:
    table = inputs / "action_table.yaml"
    text = table.read_text(encoding="utf-8")
    table.write_text(
        text.replace("    title: Accessibility and assistive technologies\n", ""), encoding="utf-8"
    )
    result = cli("validate", "2027", "--inputs", str(inputs))
    assert result.exit_code == 0
    assert (
        f"{table}:54:5: warning: actions[0]: paragraph 23 has no title: the report's heading "
        "will read \"Paragraph 23 (resolution 80/173)\"; add 'title:' with a short title of at "
        "most eight words\n"
    ) in result.stderr


def test_validate_reports_every_problem_and_exits_1(cli, empty_cycle: Path) -> None:
    write(empty_cycle / "2027" / "itu.yaml", VALID_SUBMISSION.replace("in_progress", "done"))
    write(empty_cycle / "2027" / "x.yaml", "entity: [")
    result = cli("validate", "2027", "--inputs", str(empty_cycle))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{empty_cycle}/2027/itu.yaml:6:13: paragraph 67, status: 'done'")
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
            "paragraph": 67,
            "message": "'done' is not one of not_started, planned, in_progress, completed, "
            "ongoing (did you mean 'completed'?)",
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
    assert set(data) == {"cycle", "as_of", "previous_cycle", "entities", "paragraphs"}
    assert data["previous_cycle"] is None
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
            "changes",
        }
        assert paragraph["changes"] == []
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


def test_status_shows_an_organ_awaiting_the_secretariats_record_in_its_row_as_below(
    cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    result = cli("status", "2027", "--inputs", str(INPUTS), "--date", "2027-03-15")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert (
        "CSTD               Commission on Science and Technology for D…  2027-02-20  -  "
        "(to be completed by the Secretariat: 53, 100)" in lines
    )
    assert (
        "To be completed by the Secretariat (action by organs):\n"
        "  paragraph 53: CSTD\n"
        "  paragraph 100: CSTD\n"
        "  paragraph 103: UNSG\n"
        "  paragraph 125: UNGA\n"
        "  paragraph 126: UNGA\n"
        "  paragraph 127: UNGA\n" in result.stdout
    )


def test_status_judges_milestones_as_of_date(cli) -> None:
    early = cli("status", "2027", "--inputs", str(INPUTS), "--date", "2027-03-15")
    # UN-DESA, a partner, reports 103's proposal completed; the Secretary-General, who is
    # asked to submit it, has no record yet.
    assert (
        "Overdue milestones as of 2027-03-15:\n  paragraph 103, due by September 2026: Submit "
        "a proposal to the General Assembly at its eightieth session on sustainable funding "
        "for the IGF\n" in early.stdout
    )
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


@pytest.mark.parametrize(
    ("args", "status", "shown"),
    [
        (["validate", "2027"], 0, "12 submissions"),
        (["validate", "2027", "--inputs", "nowhere"], 1, "cannot read the file"),
        (["validate", "twenty"], 2, "'twenty' is not a year from 2026 to 2100"),
    ],
)
def test_the_command_keeps_its_exit_status_and_every_line(
    tmp_path: Path, args: list[str], status: int, shown: str
) -> None:
    """``run`` ends the process without tearing it down: what was printed must still
    arrive, and the status must be the command's."""
    shutil.copytree(INPUTS, tmp_path / "inputs")
    result = subprocess.run(
        [sys.executable, "-m", "report_builder", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == status, result.stderr
    assert shown in result.stdout + result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="closes a stream with sh")
def test_the_command_runs_with_its_output_closed(tmp_path: Path) -> None:
    """A scheduler may start it with no standard output: the check still runs and its
    verdict is in the exit status."""
    command = f"'{sys.executable}' -m report_builder validate 2027 --inputs '{INPUTS}' >&-"
    result = subprocess.run(["sh", "-c", command], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_main_is_the_click_group() -> None:
    assert set(COMMANDS) <= set(main.commands)


def test_a_misspelt_command_gets_a_suggestion(cli) -> None:
    result = cli("statsu", "2027")
    assert result.exit_code == 2
    assert "Error: No such command 'statsu'. Did you mean 'status'?" in result.stderr


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


def test_an_option_value_is_never_taken_for_a_command(cli, tmp_path: Path) -> None:
    """'--inputs build' names a folder called build, then the command validate."""
    shutil.copytree(INPUTS, tmp_path / "build")
    result = cli("--inputs", "build", "validate", "2027")
    assert result.exit_code == 0, result.output
    assert "build: cycle 2027 is valid (12 submissions)." in result.stdout
    assert not (tmp_path / "outputs").exists()
    result = cli("--inputs=build", "--verbose", "status", "2027")
    assert result.exit_code == 0, result.output
    assert "Cycle 2027: 11 of 24 accountable entities submitted" in result.stdout


def test_an_unknown_option_before_the_command_gets_clicks_suggestion(cli) -> None:
    result = cli("--inptus", str(INPUTS), "validate", "2027")
    assert result.exit_code == 2
    assert "Error: No such option '--inptus'. Did you mean '--inputs'?" in result.stderr


VOLUNTARY = VALID_SUBMISSION + "".join(
    f"  - paragraph: {p}\n    status: planned\n    summary: Extra.\n" for p in (98, 102, 108)
)


def test_voluntary_reports_are_one_line_per_file_unless_verbose(cli, empty_cycle: Path) -> None:
    write(empty_cycle / "2027" / "itu.yaml", VOLUNTARY)
    result = cli("validate", "2027", "--inputs", str(empty_cycle))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"{empty_cycle}/2027/itu.yaml:8:16: warning: reports: 3 voluntary reports: ITU is not "
        "asked to act on paragraphs 98, 102, 108; the draft credits them after the entities "
        "asked (--verbose lists each)"
    ]
    verbose = cli("validate", "2027", "--inputs", str(empty_cycle), "--verbose")
    assert [line.split(": warning: ")[1] for line in verbose.stderr.splitlines()] == [
        f"paragraph {p}: voluntary report: ITU is not asked to act on paragraph {p}; "
        "the draft credits it after the entities asked"
        for i, p in ((1, 98), (2, 102), (3, 108))
    ]
    for command in ("status", "build"):
        brief = cli(command, "2027", "--inputs", str(empty_cycle))
        assert [line for line in brief.stderr.splitlines() if "voluntary" in line] == [
            result.stderr.rstrip("\n")
        ], command
        detailed = cli(command, "2027", "--inputs", str(empty_cycle), "--verbose")
        assert detailed.stderr.count("voluntary report:") == 3, command


def test_json_lists_each_warning(cli, empty_cycle: Path) -> None:
    write(empty_cycle / "2027" / "itu.yaml", VOLUNTARY)
    result = cli("validate", "2027", "--inputs", str(empty_cycle), "--format", "json")
    assert [d["path"] for d in json.loads(result.stdout)] == [
        "reports[1].paragraph",
        "reports[2].paragraph",
        "reports[3].paragraph",
    ]


def test_building_a_year_without_a_folder_writes_nothing(cli, inputs: Path, tmp_path: Path) -> None:
    result = cli("2029", "--inputs", "inputs", "--date", "2029-03-15")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "inputs/2029: no submissions for 2029 in inputs/2029/ (the folder does not exist); "
        "submissions go in inputs/2029/, or point --inputs at the folder that holds 2029/",
        "1 error; nothing was written.",
    ]
    assert not (tmp_path / "outputs").exists()


def test_status_of_a_year_without_a_folder_lists_everyone_outstanding(cli, inputs: Path) -> None:
    result = cli("status", "2029", "--inputs", "inputs")
    assert result.exit_code == 0, result.output
    assert "Cycle 2029: 0 of 24 accountable entities submitted" in result.stdout
    assert result.stderr == (
        "inputs/2029: warning: the folder does not exist: no submissions yet; submissions go "
        "in inputs/2029/, or point --inputs at the folder that holds 2029/\n"
    )


def test_validate_named_files_from_anywhere(
    cli, inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A focal point checks the file in Downloads against the Secretariat's reference data;
    the rest of the cycle (here one broken file) is not read."""
    write(inputs / "2027" / "broken.yaml", "entity: [")
    downloads = tmp_path / "home" / "Downloads"
    good = write(downloads / "itu.yaml", VALID_SUBMISSION)
    bad = write(
        downloads / "undp.yaml",
        VALID_SUBMISSION.replace("ITU", "UNDP").replace("2027-01-31", "0"),
    )
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    result = cli("validate", "2027", "../home/Downloads/itu.yaml", "--inputs", str(inputs))
    assert result.exit_code == 0, result.output
    assert result.stdout == "1 file valid for cycle 2027.\n"
    assert result.stderr == ""
    result = cli("validate", "2027", str(good), str(bad), "--inputs", str(inputs))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{bad}:3:12: submitted: '0' is not a valid date; write it as YYYY-MM-DD",
        "1 error.",
    ]


def test_validate_named_files_checks_their_cycle(cli, inputs: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "itu.yaml", VALID_SUBMISSION.replace("cycle: 2027", "cycle: 2029"))
    missing = tmp_path / "nothing.yaml"
    result = cli("validate", "2027", str(path), str(missing), "--inputs", str(inputs))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:2:8: cycle: the submission is for cycle 2029, but this is the 2027 cycle; move "
        "the file to inputs/2029/ or correct the year",
        f"{missing}: cannot read the file: No such file or directory",
        "2 errors.",
    ]


def test_options_before_the_year_alone_build(cli, inputs: Path, tmp_path: Path) -> None:
    result = cli("--inputs", str(inputs), "--date=2027-03-15", "2027")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "outputs/2027/WSIS-report-2027-draft.docx").exists()


def test_the_documented_api_and_its_modules() -> None:
    """The functions keep their names; the modules are named apart from them, so that
    importing a module never replaces a function of the same name."""
    import importlib
    import pkgutil
    import types

    import report_builder

    for module in pkgutil.walk_packages(report_builder.__path__, "report_builder."):
        if module.name != "report_builder.__main__":  # runs the command
            importlib.import_module(module.name)
    for name in ("build", "coverage", "load_cycle", "load_reference", "new_submission"):
        assert isinstance(getattr(report_builder, name), types.FunctionType), name


def test_the_library_names_a_setting_and_the_command_its_option(cli) -> None:
    """A remedy names what to change: the parameter to the library's users, the option to
    the command's."""
    from report_builder import BuildError, build

    with pytest.raises(BuildError) as refusal:
        build(2027, inputs=INPUTS, output="-")
    assert str(refusal.value) == (
        "output '-': give the draft's file name, ending in .docx (the draft cannot go to "
        "standard output)"
    )
    result = cli("build", "2027", "--inputs", str(INPUTS), "--output", "-")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: --output '-': give the draft's file name, ending in .docx (the draft cannot "
        "go to standard output)\n"
    )


def test_the_help_lists_each_command_with_its_first_sentence_whole(cli) -> None:
    result = cli("--help")
    assert result.exit_code == 0
    listed = " ".join(result.stdout.split("Commands:")[1].split())
    assert "Prepare the call for contributions of cycle YEAR in outputs/YEAR/call/." in listed
    assert (
        "Write inputs/YEAR/<id>.yaml for ENTITY (an id, name or alias), ready to fill in, or "
        "with --format docx a Word questionnaire to send to the entity." in listed
    )
    assert "..." not in listed


@pytest.mark.parametrize("command", ["build", "status", "call"])
def test_date_options_show_the_form_to_type(cli, command: str) -> None:
    result = cli(command, "--help")
    assert "--date YYYY-MM-DD" in result.stdout
    assert "%Y" not in result.stdout
