"""A submission validated from text under the name it is shown by, as from a file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from report_builder import Diagnostic, InputError
from report_builder.inputs.cycle import Checked, check_files, check_text

from .conftest import VALID_SUBMISSION

SUBMISSION = VALID_SUBMISSION.lstrip("\n")


def test_text_is_validated_under_its_display_name(inputs: Path) -> None:
    """Checks that need the reference data and the year, placed as an editor shows them."""
    text = (
        SUBMISSION.replace("entity: ITU", "entity: ITUU")
        .replace("cycle: 2027", "cycle: 2029")
        .replace("paragraph: 67", "paragraph: 999")
    )
    with pytest.raises(InputError) as caught:
        check_text(inputs, 2027, text, name="Downloads/itu.yaml")
    assert str(caught.value) == (
        "Downloads/itu.yaml:1:9: entity: unknown entity 'ITUU' (did you mean 'ITU'?); use an "
        "id, full name or alias from entities.yaml\n"
        "Downloads/itu.yaml:2:8: cycle: the submission is for cycle 2029, but this is the 2027 "
        "cycle; move the file to inputs/2029/ or correct the year\n"
        "Downloads/itu.yaml:5:16: reports[0].paragraph: paragraph 999 is not in the action "
        "table"
    )


def test_valid_text_gives_its_submission_and_warnings(inputs: Path) -> None:
    text = SUBMISSION + "  - paragraph: 108\n    status: planned\n    summary: Extra.\n"
    checked = check_text(inputs, 2027, text, name="inputs/2027/itu.yaml")
    assert [(s.file, s.entity.id) for s in checked.submissions] == [("inputs/2027/itu.yaml", "ITU")]
    assert [str(d) for d in checked.warnings] == [
        "inputs/2027/itu.yaml:8:16: warning: reports[1].paragraph: voluntary report: ITU is "
        "not asked to act on paragraph 108; the draft marks it as voluntary"
    ]


def outcome(check: Callable[[], Checked]) -> tuple[list[str], list[Diagnostic]]:
    """The entities of the valid submissions, and every problem."""
    try:
        checked = check()
    except InputError as exc:
        return [], exc.diagnostics
    return [s.entity.id for s in checked.submissions], list(checked.warnings)


@pytest.mark.parametrize(
    "text",
    [
        SUBMISSION,
        "\ufeff" + SUBMISSION,
        SUBMISSION.replace("in_progress", "done"),
        SUBMISSION.replace("status: in_progress", "status: [in_progress"),
        SUBMISSION.replace("The task", "Thé task\x07"),
        SUBMISSION.replace("The task", "The \ud800task"),
        SUBMISSION + "# " + "é" * 600_000 + "\n",
    ],
    # The last is under the limit of 1 MB in characters, over it in the bytes of a file.
    ids=["valid", "byte order mark", "bad status", "syntax", "control", "surrogate", "size"],
)
def test_text_and_a_file_holding_it_are_validated_alike(
    inputs: Path, tmp_path: Path, text: str
) -> None:
    path = tmp_path / "Downloads" / "itu.yaml"
    path.parent.mkdir()
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    from_text = outcome(lambda: check_text(inputs, 2027, text, name=str(path)))
    assert from_text == outcome(lambda: check_files(inputs, 2027, [path]))
