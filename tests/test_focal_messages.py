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
