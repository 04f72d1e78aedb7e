"""Names the commands print (output files, submissions since the last build, the inputs
folder) are escaped: a line break in a name cannot forge a line of the output, such as a
"Wrote" line for a file that was never written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

Cli = Callable[..., Result]

FORGED = "a\nWrote /etc/passwd.docx"


def forged_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("Wrote /etc")]


def test_an_output_name_is_printed_escaped(cli: Cli, inputs: Path) -> None:
    result = cli(
        "build", "2027", "--inputs", str(inputs), "--date", "2027-03-15",
        "--output", f"out/{FORGED}",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert forged_lines(result.output) == []
    assert "Wrote out/a\\nWrote /etc/passwd.docx\n" in result.stdout
    assert Path("out", FORGED).is_file()


@pytest.mark.parametrize(
    "command",
    [
        ("new-submission", "ITU", "2027", "--format", "docx", "--output"),
        ("schema", "--output"),
    ],
    ids=["new-submission", "schema"],
)
def test_other_output_names_are_printed_escaped(
    cli: Cli, inputs: Path, command: tuple[str, ...]
) -> None:
    extra = ("--inputs", str(inputs)) if command[0] == "new-submission" else ()
    result = cli(*command, f"out/{FORGED}", *extra)
    assert result.exit_code == 0, result.output
    assert forged_lines(result.output) == []
    assert "Wrote out/a\\nWrote /etc/passwd.docx" in result.stdout


def test_names_since_the_last_build_are_printed_escaped(cli: Cli, inputs: Path) -> None:
    """A submission's file name reaches the console from the build record that the
    manifest keeps, in the 'Since the build' block."""
    folder = inputs / "2027"
    forged = folder / "itu.yaml\n  1 withdrawn submission: nothing.yaml"
    (folder / "itu.yaml").rename(forged)
    args = ("build", "2027", "--inputs", str(inputs), "--date", "2027-03-15")
    assert cli(*args).exit_code == 0
    forged.rename(folder / "itu.yaml")
    result = cli(*args)
    assert result.exit_code == 0, result.output
    assert "  1 withdrawn submission: nothing.yaml" not in result.stderr.splitlines()
    assert (
        f"  1 new submission: {folder / 'itu.yaml'}\n"
        "  0 changed submissions\n"
        f"  1 withdrawn submission: {folder}/itu.yaml\\n  1 withdrawn submission: "
        "nothing.yaml\n" in result.stderr
    )


def test_the_inputs_folder_is_printed_escaped(cli: Cli, inputs: Path) -> None:
    forged = inputs.rename(inputs.parent / "in\nWrote x")
    result = cli("validate", "2027", "--inputs", str(forged))
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(
        f"{inputs.parent}/in\\nWrote x: cycle 2027 is valid (12 submissions).\n"
    )
