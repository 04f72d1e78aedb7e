"""A submission validated from text under the name it is shown by, as from a file; and
the import, which validates what it read from Word without writing it anywhere first."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from report_builder import Diagnostic, InputError
from report_builder.inputs.cycle import Checked, check_files, check_text

from .conftest import VALID_SUBMISSION, write
from .questionnaires import fill

Cli = Callable[..., Result]
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
        "Downloads/itu.yaml:5:16: paragraph 999: paragraph 999 is not in the action "
        "table"
    )


def test_valid_text_gives_its_submission_and_warnings(inputs: Path) -> None:
    text = SUBMISSION + "  - paragraph: 108\n    status: planned\n    summary: Extra.\n"
    checked = check_text(inputs, 2027, text, name="inputs/2027/itu.yaml")
    assert [(s.file, s.entity.id) for s in checked.submissions] == [("inputs/2027/itu.yaml", "ITU")]
    assert [str(d) for d in checked.warnings] == [
        "inputs/2027/itu.yaml:8:16: warning: paragraph 108: voluntary report: ITU is "
        "not asked to act on paragraph 108; the draft credits it after the entities asked"
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


def fields(**answers: str) -> dict[str, str]:
    """A questionnaire's answers, with the date and contact every one needs."""
    return {
        "submitted": "2027-01-31",
        "contact.name": "Amina Diallo",
        "contact.email": "amina.diallo@example.org",
        **{key.replace("__", "."): value for key, value in answers.items()},
    }


def test_import_writes_no_temporary_file_and_reports_every_problem(
    cli: Cli, empty_cycle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = empty_cycle
    for entity in ("ECA", "ITU"):
        made = cli("new-submission", entity, "2027", "--format", "docx", "--inputs", str(inputs))
        assert made.exit_code == 0, made.output
    blank = Path("outputs/2027/questionnaires")
    eca = fill(
        blank / "eca.docx",
        tmp_path / "eca.docx",
        fields(
            report__108__status="Completed",
            report__108__summary="Done.",
            report__108__links="www.example.org",
        ),
    )
    itu = fill(
        blank / "itu.docx",
        tmp_path / "itu.docx",
        fields(report__67__status="Planned", report__67__summary=" ".join(["word"] * 300)),
    )
    not_word = write(tmp_path / "notes.docx", "not a Word document")

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the import made a temporary file")

    for name in ("TemporaryDirectory", "mkdtemp", "mkstemp", "NamedTemporaryFile"):
        monkeypatch.setattr(tempfile, name, refuse)
    # Where anything that asks for the system's temporary folder would write: watched too.
    (tmp_path / "temp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    outside = outside_inputs(tmp_path, inputs)
    result = cli("import", str(eca), str(itu), str(not_word), "--inputs", str(inputs))
    assert result.exit_code == 1
    assert result.output == (
        f"{eca}: paragraph 108, Links, line 1: 'www.example.org' is not a web link; did you "
        "mean https://www.example.org?\n"
        f"{itu}: paragraph 67, Summary: the summary has 300 words, over the limit of 250; "
        "shorten it\n"
        f"{not_word}: not a Word document (.docx); save it in Word as a Word Document (.docx) "
        "and import that\n"
        "3 errors; nothing was written.\n"
    )
    assert outside_inputs(tmp_path, inputs) == outside
    assert list((inputs / "2027").iterdir()) == []
    eca = fill(
        blank / "eca.docx",
        eca,
        fields(report__108__status="Completed", report__108__summary="Done."),
    )
    itu = fill(
        blank / "itu.docx", itu, fields(report__67__status="Planned", report__67__summary="Soon.")
    )
    outside = outside_inputs(tmp_path, inputs)
    result = cli("import", str(eca), str(itu), "--inputs", str(inputs))
    assert result.exit_code == 0, result.output
    assert (inputs / "2027" / "eca.yaml").is_file() and (inputs / "2027" / "itu.yaml").is_file()
    assert outside_inputs(tmp_path, inputs) == outside


def outside_inputs(root: Path, inputs: Path) -> dict[Path, bytes]:
    """Every file under ``root`` but in ``inputs``, with its contents."""
    return {
        path: path.read_bytes()
        for path in root.rglob("*")
        if path.is_file() and inputs not in path.parents
    }
