"""Cycle after cycle: what an earlier report found done stays done. The samples are the
2027 cycle, and four of them are renewed for 2029 (a test fixture)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from pathlib import Path

import docx
import pytest

from report_builder import build
from report_builder.documents.letters import call_folder

from .conftest import INPUTS, TEMPLATE, ooxml_errors

DAY = dt.date(2029, 3, 15)
RENEWED = ("itu", "unesco", "undp", "unctad")


@pytest.fixture
def renewed(tmp_path: Path) -> Path:
    inputs = tmp_path / "inputs"
    shutil.copytree(INPUTS, inputs)
    (inputs / "2029").mkdir()
    for name in RENEWED:
        text = (inputs / "2027" / f"{name}.yaml").read_text(encoding="utf-8")
        text = text.replace("cycle: 2027", "cycle: 2029").replace(
            "submitted: 2027-", "submitted: 2029-"
        )
        (inputs / "2029" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return inputs


def milestone(cov: dict, paragraph: int) -> dict:
    (para,) = [p for p in cov["paragraphs"] if p["paragraph"] == paragraph]
    (found,) = para["milestones"]
    return found


def test_milestones_met_in_2027_stay_met_in_2029(renewed: Path, tmp_path: Path, cli) -> None:
    out = tmp_path / "out" / "d.docx"
    result = build(2029, inputs=renewed, template=TEMPLATE, output=out, date=DAY)
    cov = json.loads((out.parent / "coverage.json").read_text(encoding="utf-8"))
    found = milestone(cov, 86)
    assert (found["state"], found["met_in"], found["met_by"]) == ("met", 2027, ["IAWG-AI"])
    assert (milestone(cov, 122)["state"], milestone(cov, 122)["met_in"]) == ("met", 2027)
    # The Secretary-General's proposal (103) was never recorded: still overdue.
    assert (milestone(cov, 103)["state"], milestone(cov, 103)["met_in"]) == ("overdue", None)

    status = cli("status", "2029", "--inputs", str(renewed), "--date", "2029-03-15", "--json")
    assert milestone(json.loads(status.stdout), 86)["met_in"] == 2027
    text = cli("status", "2029", "--inputs", str(renewed), "--date", "2029-03-15").stdout
    assert "paragraph 86" not in text.split("Overdue milestones")[1].split("\n\n")[0]

    draft = docx.Document(str(out))
    table = next(t for t in draft.tables if t.rows[0].cells[-1].text == "State")
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows[1:]}
    assert rows["86"][4] == "Met in 2027 by IAWG-AI"
    assert rows["122"][4] == "Met in 2027 by UNGIS"
    assert rows["103"][4] == "Overdue"

    # IAWG-AI completed 86 in 2027: not flagged, not in the CSV, not reminded; nor is 86
    # or 122 a gap.
    assert not [f for f in result.flags if any(e.id == "IAWG-AI" for e in f.entities)]
    assert not [f for f in result.flags if f.paragraph in (86, 122)]
    with open(out.parent / "missing-submissions.csv", newline="", encoding="utf-8") as f:
        rows = {(r["entity_id"], r["paragraph"]) for r in csv.DictReader(f)}
    assert ("IAWG-AI", "86") not in rows and ("UNGIS", "122") not in rows
    # UNGIS still owes 121, which it did not complete.
    assert ("UNGIS", "121") in rows
    matrix = next(t for t in draft.tables if t.rows[0].cells[0].text == "Entity")
    header = [c.text for c in matrix.rows[0].cells]
    ungis = next(r for r in matrix.rows if r.cells[0].text.startswith("United Nations Group"))
    assert ungis.cells[header.index("122")].text == "Completed (2027)"
    body = "\n".join(p.text for p in draft.paragraphs)
    assert "UNGIS reported the work completed in the 2027 report." in body
    assert "IAWG-AI reported the work completed in the 2027 report." in body

    call = cli(
        "call",
        "2029",
        "--reminders",
        "--inputs",
        str(renewed),
        "--deadline",
        "2029-01-31",
        "--from",
        "wsis@example.org",
        "--date",
        "2029-03-15",
    )
    letters = tmp_path / call_folder(2029)
    assert call.exit_code == 0, call.output
    reminded = {p.name for p in letters.iterdir()}
    assert "iawg-ai-reminder.eml" not in reminded
    assert "itu-reminder.eml" in reminded
    # Both 2029 documents are valid WordprocessingML.
    assert ooxml_errors(out) == []
    assert ooxml_errors(out.with_name("d-contributions.docx")) == []


def test_an_entity_that_completed_work_may_still_report_it(renewed: Path, tmp_path: Path) -> None:
    (renewed / "2029" / "iawg-ai.yaml").write_text(
        "# Test fixture; describes nothing.\nentity: IAWG-AI\ncycle: 2029\n"
        "submitted: 2029-02-01\nreports:\n  - paragraph: 86\n    status: completed\n"
        "    summary: The report was presented again.\n",
        encoding="utf-8",
    )
    out = tmp_path / "d.docx"
    build(2029, inputs=renewed, template=TEMPLATE, output=out, date=DAY)
    cov = json.loads((tmp_path / "coverage.json").read_text(encoding="utf-8"))
    assert (milestone(cov, 86)["state"], milestone(cov, 86)["met_in"]) == ("met", None)


def period(out: Path) -> str:
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    return text.split("The report covers the period from ")[1].split(".")[0]


def test_the_second_report_covers_the_period_since_the_first(renewed: Path, tmp_path: Path) -> None:
    outputs = tmp_path / "outputs"
    # Without a record of the 2027 report, the day after its latest submission.
    out = outputs / "2029" / "d.docx"
    build(2029, inputs=renewed, template=TEMPLATE, output=out, date=DAY)
    assert period(out) == "21 February 2027 to 15 March 2029"
    # The 2027 build, in the year's folder beside 2029's: the day after it.
    build(
        2027,
        inputs=renewed,
        template=TEMPLATE,
        output=outputs / "2027" / "d.docx",
        date=dt.date(2027, 3, 20),
    )
    build(2029, inputs=renewed, template=TEMPLATE, output=out, date=DAY, force=True)
    assert period(out) == "21 March 2027 to 15 March 2029"
    # What the Secretariat records in cycles.yaml comes first.
    (renewed / "cycles.yaml").write_text("2027:\n  period_end: 2027-03-31\n", encoding="utf-8")
    build(2029, inputs=renewed, template=TEMPLATE, output=out, date=DAY, force=True)
    assert period(out) == "1 April 2027 to 15 March 2029"
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "In all, contributions were received from four entities." in text
