"""What the draft flags, and when: milestones judged as of a date, organs recorded rather
than chased, constituency members asked rather than voluntary, one flag per finding."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import docx
import pytest

from report_builder import build, coverage, load_cycle
from report_builder.analysis.coverage import FlagKind, MilestoneState
from report_builder.wording.flags import comment, note

from .conftest import INPUTS, TEMPLATE

EARLY = dt.date(2027, 3, 15)
LATE = dt.date(2028, 1, 15)
ORGANS = {"UNGA", "ECOSOC", "CSTD", "UN-StatCom", "UNSG"}


def states(inputs: Path, as_of: dt.date) -> dict[int, MilestoneState]:
    cov = coverage(load_cycle(inputs, 2027), as_of=as_of)
    return {m.paragraph: m.state for m in cov.milestones if m.milestone.by is not None}


def set_status(inputs: Path, file: str, paragraph: int, status: str) -> None:
    path = inputs / "2027" / file
    text = path.read_text(encoding="utf-8")
    anchor = f"  - paragraph: {paragraph}\n    status: "
    start = text.index(anchor) + len(anchor)
    end = text.index("\n", start)
    path.write_text(text[:start] + status + text[end:], encoding="utf-8")


def test_no_2027_milestone_is_overdue_in_march_2027() -> None:
    got = states(INPUTS, EARLY)
    assert {p: got[p] for p in (67, 113, 117, 125)} == dict.fromkeys(
        (67, 113, 117, 125), MilestoneState.DUE
    )
    assert got[126] is got[127] is MilestoneState.NOT_YET_DUE


def test_unmet_2027_milestones_are_overdue_in_january_2028() -> None:
    got = states(INPUTS, LATE)
    assert {p for p, s in got.items() if s is MilestoneState.OVERDUE} == {
        67,
        103,
        113,
        117,
        125,
    }


def test_a_partner_alone_does_not_meet_a_milestone(inputs: Path, tmp_path: Path) -> None:
    """Paragraph 103: UN-DESA, a partner, reports the proposal completed; the
    Secretary-General, asked to submit it, has no record. One comment names the partner."""
    assert states(inputs, EARLY)[103] is MilestoneState.OVERDUE  # due September 2026
    out = tmp_path / "d.docx"
    build(2027, inputs=inputs, template=TEMPLATE, output=out, date=EARLY)
    partner = [c.text for c in docx.Document(str(out)).comments if "partner" in c.text]
    assert partner == [
        "Reported completed by a partner: UN-DESA reported the work on paragraph 103 "
        "completed, but the milestone is met only when an entity the paragraph asks to act "
        "reports it so. Check with the entities asked, or resolve this comment."
    ]
    # The Secretariat records the Secretary-General's action: met.
    (inputs / "2027" / "unsg.yaml").write_text(
        "# Test fixture; describes nothing.\nentity: UNSG\ncycle: 2027\n"
        "submitted: 2027-02-01\nreports:\n  - paragraph: 103\n    status: completed\n"
        "    summary: The proposal was submitted.\n",
        encoding="utf-8",
    )
    assert states(inputs, EARLY)[103] is MilestoneState.MET


def test_recurring_milestones_are_due_until_their_occurrence_has_passed() -> None:
    """The 2027 CSTD session (98) and WSIS Forum (110): their leads report the work
    ongoing, but neither has taken place by March 2027."""
    cycle = load_cycle(INPUTS, 2027)
    for day, state in ((EARLY, MilestoneState.DUE), (LATE, MilestoneState.MET)):
        got = {m.paragraph: m.state for m in coverage(cycle, as_of=day).milestones}
        assert got[98] is got[110] is state, day


def test_86_is_overdue_only_while_unmet(inputs: Path) -> None:
    assert states(inputs, EARLY)[86] is MilestoneState.MET
    set_status(inputs, "iawg-ai.yaml", 86, "in_progress")
    assert states(inputs, EARLY)[86] is MilestoneState.OVERDUE
    assert states(inputs, dt.date(2026, 6, 1))[86] is MilestoneState.DUE


def test_a_milestone_date_may_be_a_month_or_a_day(inputs: Path) -> None:
    table = inputs / "action_table.yaml"
    text = table.read_text(encoding="utf-8")
    table.write_text(
        text.replace(
            "      - by: 2027\n        event: Report the outcomes of the UNGIS",
            "      - by: 2027-05-15\n        event: Report the outcomes of the UNGIS",
        ),
        encoding="utf-8",
    )
    assert states(inputs, dt.date(2027, 5, 15))[67] is MilestoneState.DUE
    assert states(inputs, dt.date(2027, 5, 16))[67] is MilestoneState.OVERDUE
    cov = coverage(load_cycle(inputs, 2027), as_of=dt.date(2027, 5, 16))
    overdue = next(f for f in cov.flags if f.kind is FlagKind.OVERDUE and f.paragraph == 67)
    assert "due by 15 May 2027" in note(overdue)


@pytest.mark.parametrize(
    ("by", "message"),
    [
        ("2027-13", "'2027-13' is not a year (2027), a month (2027-05) or a date (2027-05-15)"),
        ("soon", "'soon' is not a year (2027), a month (2027-05) or a date (2027-05-15)"),
        ("27", "27 is not a year from 2000 to 2100"),
        ("2027-02-30", "'2027-02-30' is not a valid date; write it as YYYY-MM-DD"),
    ],
)
def test_a_malformed_milestone_date_is_a_positioned_error(
    inputs: Path, by: str, message: str
) -> None:
    from report_builder import InputError

    table = inputs / "action_table.yaml"
    text = table.read_text(encoding="utf-8")
    table.write_text(text.replace("      - by: 2026\n", f"      - by: {by}\n", 1), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_cycle(inputs, 2027)
    (problem,) = caught.value.errors
    assert problem.file.endswith("action_table.yaml") and problem.line > 0
    assert problem.message == message


def test_organs_are_never_chased(tmp_path: Path) -> None:
    out = tmp_path / "d.docx"
    result = build(2027, inputs=INPUTS, template=TEMPLATE, output=out, date=EARLY)
    with open(tmp_path / "missing-submissions.csv", newline="", encoding="utf-8") as f:
        chased = {row["entity_id"] for row in csv.DictReader(f)}
    assert chased and not chased & ORGANS
    for flag in result.flags:
        if flag.kind in (FlagKind.NO_SUBMISSION, FlagKind.MISSING_REPORT):
            assert not {e.id for e in flag.entities} & ORGANS
            assert "General Assembly" not in note(flag)
    notes = {f.paragraph: note(f) for f in result.flags if f.kind is FlagKind.TO_BE_COMPLETED}
    assert notes[125] == (
        "[To be completed by the Secretariat: action by the General Assembly on paragraph 125]"
    )
    # Paragraph 124 is the present report: no flag of any kind.
    assert not [f for f in result.flags if f.paragraph == 124]


def test_a_record_of_an_organs_action_clears_its_note(inputs: Path) -> None:
    (inputs / "2027" / "unga.yaml").write_text(
        "# ILLUSTRATIVE SAMPLE for a test: not a real record.\n"
        "entity: UNGA\ncycle: 2027\nsubmitted: 2027-02-01\nreports:\n"
        "  - paragraph: 125\n    status: planned\n    summary: The meeting is scheduled.\n",
        encoding="utf-8",
    )
    cov = coverage(load_cycle(inputs, 2027), as_of=EARLY)
    assert cov.paragraphs[125].to_be_completed == ()
    assert cov.paragraphs[126].to_be_completed == ("UNGA",)
    assert "UNGA" not in {e.id for e in cov.entities if not e.submitted}


def test_no_constituency_member_is_called_voluntary() -> None:
    cycle = load_cycle(INPUTS, 2027)
    cov = coverage(cycle, as_of=EARLY)
    reference = cycle.reference
    for paragraph in cov.paragraphs.values():
        for placed in paragraph.reports:
            constituencies = {
                ref.entity
                for ref in reference.actions[paragraph.paragraph].entities
                if reference.registry.entities[ref.entity].kind == "constituency"
            }
            if constituencies & set(placed.entity.belongs_to):
                assert not placed.voluntary, (placed.entity.id, paragraph.paragraph)
    # The samples report only on paragraphs their entities are asked about.
    assert [w.message for w in cycle.warnings if "voluntary report" in w.message] == []


def test_one_flag_per_paragraph_and_kind() -> None:
    cov = coverage(load_cycle(INPUTS, 2027), as_of=EARLY)
    for paragraph in cov.paragraphs.values():
        kinds = [f.kind for f in paragraph.flags if f.kind is not FlagKind.OVERDUE]
        assert len(kinds) == len(set(kinds)), paragraph.paragraph
    # Paragraph 113: none of the 20 facilitators asked reported; 13 sent nothing at all.
    (flag,) = [f for f in cov.paragraphs[113].flags if f.kind is FlagKind.NO_REPORT]
    assert note(flag) == "[Missing: none of the 20 entities asked reported on paragraph 113]"
    assert comment(flag).startswith(
        "Missing: none of the 20 entities asked reported on paragraph 113: the Food and "
        "Agriculture Organization of the United Nations (FAO), "
    )
    assert all(f"({e.id})" in comment(flag) for e in flag.entities)
    # Paragraph 112: one facilitator reported; the others are not flagged there for want of
    # a submission, only for a submission without a report.
    assert [f.kind for f in cov.paragraphs[112].flags] == [FlagKind.MISSING_REPORT]


def test_an_entity_that_sent_nothing_is_flagged_once_for_the_report() -> None:
    cov = coverage(load_cycle(INPUTS, 2027), as_of=EARLY)
    (flag,) = cov.report_flags
    silent = [e for e in cov.entities if e.asked and not e.submitted]
    assert [e.id for e in flag.entities] == [e.id for e in silent]
    assert note(flag) == (
        "[Missing: no submission from 13 of the 24 entities asked: FAO, ILO, UPU, WHO, WMO, "
        "UNEP, UN-Habitat, ICAO, WTO, UNIDO, ECA, ECE and ESCWA]"
    )
    assert comment(flag).startswith(
        "Missing: 13 of the 24 entities asked to act sent no submission for 2027: the "
        "Food and Agriculture Organization of the United Nations (FAO), asked to act on "
        "paragraphs 53, 100, 111, 112 and 113; "
    )
    # Each entity without a submission is in exactly one no-submission flag; ECA is also
    # named under paragraph 113, which none of the entities asked reported on, but not
    # under 108, which ECLAC and ESCAP reported on.
    no_submission = [
        e.id for f in cov.flags if f.kind is FlagKind.NO_SUBMISSION for e in f.entities
    ]
    assert sorted(no_submission) == sorted(e.id for e in silent)
    assert not [f for f in cov.paragraphs[108].flags if f.kind is FlagKind.NO_REPORT]
    assert [f for f in cov.paragraphs[113].flags if f.kind is FlagKind.NO_REPORT]


def test_leads_that_disagree_are_named_where_a_milestone_is_met(
    inputs: Path, tmp_path: Path
) -> None:
    """Paragraph 110's WSIS Forum: three of its four leads report it ongoing, UNESCO only
    planned; once the 2027 Forum has taken place the milestone is met, and one comment
    names UNESCO."""
    set_status(inputs, "unesco.yaml", 110, "planned")
    out = tmp_path / "d.docx"
    build(2027, inputs=inputs, template=TEMPLATE, output=out, date=LATE)
    met = [c.text for c in docx.Document(str(out)).comments if c.text.startswith("Met,")]
    assert met == [
        "Met, though not by every entity asked: UNESCO reports the work on paragraph 110 "
        "not yet completed."
    ]
