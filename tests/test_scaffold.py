"""new-submission and the JSON Schema."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import docx
import pytest

from report_builder import InputError, build, load_cycle
from report_builder.inputs.scaffold import ScaffoldExists, new_submission
from report_builder.inputs.schema import submission_schema_text

from .conftest import REPO, TEMPLATE
from .test_draft import full_text


def test_schema_shipped_in_the_repository_is_current() -> None:
    shipped = (REPO / "schemas" / "submission.schema.json").read_text(encoding="utf-8")
    assert shipped == submission_schema_text(), (
        "schemas/submission.schema.json is stale: run "
        "build-report schema --output schemas/submission.schema.json"
    )


def test_schema_command(cli, tmp_path: Path) -> None:
    result = cli("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["required"] == ["entity", "cycle", "submitted", "reports"]
    assert schema["additionalProperties"] is False
    result = cli("schema", "--output", "out/s.json")
    assert json.loads((tmp_path / "out/s.json").read_text()) == schema


def test_scaffold_lists_every_paragraph_the_entity_is_named_in(empty_cycle: Path) -> None:
    made = new_submission("International Telecommunication Union", 2027, empty_cycle)
    assert made.path == empty_cycle / "2027" / "itu.yaml"
    assert made.paragraphs == (53, 67, 86, 100, 110, 111, 112, 113, 117)
    text = made.path.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("# yaml-language-server: $schema=")
    assert "# Paragraph 67: Establish an internal UNGIS task force" in text
    assert "# Paragraph 86 (named as a partner): Map UN system-wide AI" in text
    assert text.count("  - paragraph:") == 9


def schema_line(path: Path) -> str:
    return path.read_text(encoding="utf-8").splitlines()[0].split("$schema=")[1]


def test_the_schema_line_points_at_the_shipped_schema(empty_cycle: Path) -> None:
    """Wherever --inputs points (here a temporary folder, not the repository's inputs/)."""
    made = new_submission("ITU", 2027, empty_cycle)
    relative = schema_line(made.path)
    assert not relative.startswith(("/", "file:")) and "\\" not in relative
    assert (made.path.parent / relative).resolve() == REPO / "schemas" / "submission.schema.json"


def test_the_schema_line_in_a_repository_layout_is_short(
    empty_cycle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # inputs/ and schemas/ side by side, as in the repository.
    schema = empty_cycle.parent / "schemas" / "submission.schema.json"
    schema.parent.mkdir()
    schema.write_text("{}", encoding="utf-8")
    monkeypatch.setattr("report_builder.inputs.schema.SCHEMA_FILE", schema)
    made = new_submission("ITU", 2027, empty_cycle)
    assert schema_line(made.path) == "../../schemas/submission.schema.json"


def test_the_schema_line_is_a_file_uri_where_no_relative_path_exists(
    empty_cycle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def other_drive(path: str, start: str) -> str:
        raise ValueError("path is on mount 'C:', start on mount 'D:'")

    monkeypatch.setattr(os.path, "relpath", other_drive)
    made = new_submission("ITU", 2027, empty_cycle)
    assert schema_line(made.path) == (REPO / "schemas" / "submission.schema.json").as_uri()


def test_scaffold_for_an_entity_named_nowhere(empty_cycle: Path) -> None:
    registry = empty_cycle / "entities.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8")
        + "  - id: NEW\n    name: A new organization\n    kind: organization\n",
        encoding="utf-8",
    )
    made = new_submission("NEW", 2027, empty_cycle)
    assert made.paragraphs == ()
    with pytest.raises(InputError) as caught:
        load_cycle(empty_cycle, 2027)
    assert "report 1, paragraph: not filled in yet: replace TODO with a whole number" in str(
        caught.value
    )


def test_scaffold_fails_only_on_what_the_submitter_must_fill(empty_cycle: Path) -> None:
    new_submission("ECA", 2027, empty_cycle)
    with pytest.raises(InputError) as caught:
        load_cycle(empty_cycle, 2027)
    messages = {d.message for d in caught.value.errors}
    assert messages == {
        "not filled in yet: replace TODO with a date (YYYY-MM-DD)",
        "not filled in yet: replace TODO with one of not_started, planned, in_progress, "
        "completed, ongoing",
        "not filled in yet: replace TODO with your text",
    }
    paths = {d.path for d in caught.value.errors}
    assert paths == {"submitted"} | {
        f"reports[{i}].{key}" for i in range(9) for key in ("status", "summary")
    }


def test_scaffold_fill_validate_round_trip(empty_cycle: Path) -> None:
    made = new_submission("ECA", 2027, empty_cycle)
    text = made.path.read_text(encoding="utf-8")
    text = text.replace("submitted: TODO", "submitted: 2027-02-01")
    text = text.replace("status: TODO", "status: planned").replace(
        "summary: >-\n      TODO", "summary: >-\n      Done."
    )
    made.path.write_text(text, encoding="utf-8")
    cycle = load_cycle(empty_cycle, 2027)
    reported = [r.paragraph for r in cycle.submissions[0].submission.reports]
    assert reported == [53, 67, 86, 100, 108, 111, 112, 113, 117]


def test_scaffold_never_overwrites(cli, empty_cycle: Path) -> None:
    target = empty_cycle / "2027" / "itu.yaml"
    target.write_text("# my work\n", encoding="utf-8")
    with pytest.raises(ScaffoldExists):
        new_submission("ITU", 2027, empty_cycle)
    result = cli("new-submission", "ITU", "2027", "--inputs", str(empty_cycle))
    assert result.exit_code == 1
    assert "exists already" in result.stderr
    assert target.read_text(encoding="utf-8") == "# my work\n"


def test_scaffold_cli_and_unknown_entity(cli, empty_cycle: Path) -> None:
    result = cli("new-submission", "unesco", "2027", "--inputs", str(empty_cycle))
    assert result.exit_code == 0
    assert "with 9 paragraphs to fill in" in result.stdout
    result = cli("new-submission", "OHCHR", "2027", "--inputs", str(empty_cycle))
    assert "with 2 paragraphs to fill in" in result.stdout
    result = cli("new-submission", "UNESCOO", "2027", "--inputs", str(empty_cycle))
    assert result.exit_code == 1
    assert "unknown entity 'UNESCOO' (did you mean 'UNESCO'?)" in result.stderr
    result = cli("new-submission", "Private sector", "2027", "--inputs", str(empty_cycle))
    assert result.exit_code == 1
    assert "is a constituency; only organizations submit" in result.stderr


@pytest.mark.parametrize("name", ["../evil", "a/b", "a\\b", ".."])
def test_entity_names_with_path_characters_never_escape(cli, empty_cycle: Path, name: str) -> None:
    result = cli("new-submission", name, "2027", "--inputs", str(empty_cycle))
    assert result.exit_code == 1
    assert list((empty_cycle / "2027").iterdir()) == []
    assert not (empty_cycle / "evil.yaml").exists()


def test_ids_with_path_characters_are_refused_in_the_registry(empty_cycle: Path) -> None:
    registry = empty_cycle / "entities.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8").replace("  - id: ITU\n", "  - id: ../ITU\n"),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        new_submission("ITU", 2027, empty_cycle)
    assert "entities[0].id: '../ITU' is not in the expected form" in str(caught.value)


ROUND_TRIP = [
    "Result: ECA trained staff in #10 countries; next: 20 #more.",
    "- a leading dash is text here",
    "@ECA_Official posted the results.",
    "*Important*: funding is secured.",
    "'Single' and \"double\" quotes stay, as does a trailing colon:",
    "التقدم المحرز في تنفيذ نتائج القمة",
    "信息社会世界峰会成果落实进展",
]
PASTED_LIST = ["We did three things:", "- trained staff", "- held workshops: 4"]


def test_text_typed_under_the_scaffold_block_scalars_reaches_the_draft_verbatim(
    empty_cycle: Path, tmp_path: Path
) -> None:
    made = new_submission("ECA", 2027, empty_cycle)
    text = made.path.read_text(encoding="utf-8")
    assert text.count("    summary: >-\n      TODO\n") == 9
    text = text.replace("submitted: TODO", "submitted: 2027-02-01")
    text = text.replace("status: TODO", "status: planned")
    for typed in ROUND_TRIP:
        text = text.replace("      TODO\n", f"      {typed}\n", 1)
    # The header's advice: '|-' keeps the line breaks of a pasted list, '>-' folds them.
    listed = "\n".join(f"      {line}" for line in PASTED_LIST)
    text = text.replace("summary: >-\n      TODO\n", f"summary: |-\n{listed}\n", 1)
    text = text.replace("summary: >-\n      TODO\n", f"summary: >-\n{listed}\n", 1)
    made.path.write_text(text, encoding="utf-8")
    assert "TODO" not in text.split("reports:")[1]
    summaries = [r.summary for r in load_cycle(empty_cycle, 2027).submissions[0].submission.reports]
    folded = " ".join(PASTED_LIST)
    assert summaries == [*ROUND_TRIP, "\n".join(PASTED_LIST), folded]
    draft = tmp_path / "draft.docx"
    build(2027, inputs=empty_cycle, template=TEMPLATE, output=draft, date=dt.date(2027, 3, 15))
    # Every text is published in full in the compilation, built beside the draft.
    in_draft = full_text(docx.Document(str(tmp_path / "draft-contributions.docx")))
    for summary in summaries:
        assert summary in in_draft, summary


def test_no_schema_line_where_the_schema_is_not_on_disk(
    empty_cycle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("report_builder.inputs.schema.SCHEMA_FILE", empty_cycle / "missing.json")
    made = new_submission("ITU", 2027, empty_cycle)
    assert "$schema" not in made.path.read_text(encoding="utf-8")


def test_the_scaffold_offers_a_highlight_that_reaches_the_report(
    empty_cycle: Path, tmp_path: Path
) -> None:
    """Deleting the '# ' in front of the two highlight lines gives a valid highlight,
    which the report carries verbatim; left as they are, they are comments."""
    made = new_submission("IGF", 2027, empty_cycle)
    text = made.path.read_text(encoding="utf-8")
    offered = (
        "    # highlight: >-\n    #   One or two sentences in the past tense, beginning with IGF, "
        "for example: IGF launched …\n"
    )
    assert offered in text
    filled = (
        text.replace("submitted: TODO", "submitted: 2027-01-15")
        .replace("status: TODO", "status: ongoing")
        .replace("      TODO", "      Intersessional work continued: #3 of the year.")
    )
    made.path.write_text(filled, encoding="utf-8")
    (submission,) = load_cycle(empty_cycle, 2027).submissions
    assert submission.submission.reports[0].highlight is None
    first = filled.index("    # highlight: >-\n    #   ")
    end = filled.index("\n", first + len("    # highlight: >-\n    #   "))
    filled = (
        filled[:first]
        + "    highlight: >-\n      Twelve national forums joined: #IGF2027 & more."
        + filled[end:]
    )
    made.path.write_text(filled, encoding="utf-8")
    out = tmp_path / "d.docx"
    build(2027, inputs=empty_cycle, template=TEMPLATE, output=out, date=dt.date(2027, 3, 15))
    assert "IGF: Twelve national forums joined: #IGF2027 & more." in full_text(
        docx.Document(str(out))
    )


def test_the_prefilled_file_carries_over_the_earlier_contact(inputs: Path) -> None:
    made = new_submission("ITU", 2029, inputs)
    text = made.path.read_text(encoding="utf-8")
    assert (
        "submitted: TODO  # the date you send this file, YYYY-MM-DD\n"
        "contact:  # your contact in 2027: correct it if it has changed\n"
        "  name: >-\n"
        "    Sample Contact\n"
        "  email: >-\n"
        "    wsis-sample@example.org\n"
        "reports:\n" in text
    )
    filled = (
        text.replace("submitted: TODO", "submitted: 2029-02-01")
        .replace("status: TODO", "status: planned")
        .replace("summary: >-\n      TODO", "summary: >-\n      Done.")
    )
    made.path.write_text(filled, encoding="utf-8")
    cycle = load_cycle(inputs, 2029)
    contact = cycle.submissions[0].submission.contact
    assert contact is not None
    assert (contact.name, contact.email) == ("Sample Contact", "wsis-sample@example.org")


def test_without_an_earlier_contact_the_contact_is_offered_commented(inputs: Path) -> None:
    text = new_submission("UNESCO", 2029, inputs).path.read_text(encoding="utf-8")
    assert "\n# contact:\n#   name: \n#   email: \nreports:\n" in text
