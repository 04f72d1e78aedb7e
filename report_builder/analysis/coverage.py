"""Who was asked, who reported, what is missing or overdue: pure functions over a Cycle."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from report_builder.inputs.cycle import Cycle, Earlier, EntitySubmission
from report_builder.inputs.models import Action, Entity, Milestone, Report
from report_builder.inputs.reference import ROLE_ORDER, Reference, Role


class FlagKind(StrEnum):
    NO_SUBMISSION = "no_submission"
    NO_REPORT = "no_report"
    MISSING_REPORT = "missing_report"
    TO_BE_COMPLETED = "to_be_completed"
    GAP = "gap"
    OVERDUE = "overdue"
    REGRESSED = "regressed"


@dataclass(frozen=True)
class Flag:
    """Something a reviewer must see, as facts; ``report_builder.wording.flags`` says it
    as a note in the text and a comment beside it.

    A flag stands for one finding: the entities it is about are all in ``entities``, so
    the draft shows one note and one comment per flag. Findings are on one paragraph, but
    for the entities asked that sent no submission at all, found once for the whole
    report (``paragraph`` None): each is listed there, not under every paragraph it was
    asked about.
    """

    kind: FlagKind
    paragraph: int | None
    cycle: int
    """The cycle the finding is about; for a regression, the earlier cycle compared with."""
    entities: tuple[Entity, ...] = ()
    asked: int = 0
    """How many entities the paragraph asks to act."""
    milestone: MilestoneStatus | None = None
    changes: tuple[Change, ...] = ()
    """For a regression: each regressed entity's status then and now."""
    outstanding: tuple[tuple[int, ...], ...] = ()
    """For the report's no-submission flag: the paragraphs each entity was asked about."""
    submitted: tuple[Entity, ...] = ()
    """For a paragraph that none of the entities asked reported on (NO_REPORT): those of
    ``entities`` that sent a submission without a report on it."""


class MilestoneState(StrEnum):
    MET = "met"
    OVERDUE = "overdue"
    DUE = "due"
    NOT_YET_DUE = "not_yet_due"


@dataclass(frozen=True)
class MilestoneStatus:
    """A milestone as of the build's date: when it falls due and whether it was met."""

    paragraph: int
    milestone: Milestone
    date: dt.date
    state: MilestoneState
    met_by: tuple[str, ...]
    met_since: bool = False
    """Met now, and not yet in the earlier cycle compared with."""
    met_in: int | None = None
    """The earlier cycle whose reports met it; None while unmet or when met in this
    cycle's own reports."""
    partners_completed: tuple[str, ...] = ()
    """Partners that reported the work completed, which alone does not meet it."""
    leads_not_completed: tuple[str, ...] = ()
    """Where it is met: the leads that reported the work otherwise."""

    @property
    def occurrence(self) -> int | None:
        """For a recurring milestone, the year of the occurrence judged."""
        return self.date.year if self.milestone.recurring else None

    def as_json(self) -> dict[str, Any]:
        return {"by": self.milestone.by, "event": self.milestone.event, "date": str(self.date)}


# Statuses in the order work moves through them; ongoing is continuous work.
_ORDER = {"not_started": 0, "planned": 1, "in_progress": 2, "completed": 3}


@dataclass(frozen=True)
class Change:
    """An entity's status on a paragraph in the earlier cycle and now; None where it made
    no report on the paragraph in that cycle."""

    entity: Entity
    previous: str | None
    current: str | None

    @property
    def kind(self) -> str:
        """'status' (both cycles reported), 'new' or 'not_renewed'."""
        if self.previous is None:
            return "new"
        if self.current is None:
            return "not_renewed"
        return "status"

    @property
    def regressed(self) -> bool:
        """Backwards: from completed to anything else, or from ongoing or in progress back
        to planned or not started. A report not renewed is not a regression."""
        if self.previous is None or self.current is None:
            return False
        if self.previous == "completed":
            return self.current != "completed"
        return self.previous in ("ongoing", "in_progress") and self.current in (
            "planned",
            "not_started",
        )

    @property
    def completed(self) -> bool:
        return self.current == "completed" and self.previous != "completed"

    @property
    def started(self) -> bool:
        return self.current in ("in_progress", "ongoing") and (
            self.previous is None or _ORDER.get(self.previous, 2) < 2
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "entity": self.entity.id,
            "previous": self.previous,
            "current": self.current,
            "kind": self.kind,
        }


@dataclass(frozen=True)
class PlacedReport:
    """One entity's report on one paragraph, as the draft presents it."""

    entity: Entity
    report: Report
    role: Role
    submitted: dt.date

    @property
    def voluntary(self) -> bool:
        return self.role == "voluntary"


@dataclass(frozen=True)
class EntityCoverage:
    id: str
    name: str
    submitted: bool
    submitted_on: str
    files: tuple[str, ...]
    asked: tuple[int, ...]
    reported: tuple[int, ...]
    missing: tuple[int, ...]
    voluntary: tuple[int, ...]


@dataclass(frozen=True)
class ParagraphCoverage:
    paragraph: int
    reports: tuple[PlacedReport, ...]
    accountable: tuple[str, ...]
    missing: tuple[str, ...]
    to_be_completed: tuple[str, ...]
    milestones: tuple[MilestoneStatus, ...]
    flags: tuple[Flag, ...]
    changes: tuple[Change, ...] = ()
    unsubmitted: tuple[Entity, ...] = ()
    """Of ``missing``, the entities that sent no submission."""
    unreported: tuple[Entity, ...] = ()
    """Of ``missing``, the entities that sent a submission without a report on this."""
    asked_group: Entity | None = None
    """The one group the paragraph asks to act, when it asks no one else."""
    done_before: tuple[tuple[Entity, int], ...] = ()
    """Entities asked that reported the work completed in an earlier cycle (with its year)
    and have not reported on it in this one: not chased again."""

    @property
    def reported_by(self) -> tuple[str, ...]:
        return tuple(r.entity.id for r in self.reports)

    @property
    def gap(self) -> bool:
        return not self.reports

    @property
    def overdue(self) -> tuple[MilestoneStatus, ...]:
        return tuple(m for m in self.milestones if m.state is MilestoneState.OVERDUE)


@dataclass(frozen=True)
class Coverage:
    cycle: int
    as_of: dt.date
    entities: tuple[EntityCoverage, ...]
    paragraphs: dict[int, ParagraphCoverage]
    previous_cycle: int | None = None
    report_flags: tuple[Flag, ...] = ()
    """The findings on the whole report, shown once in its introduction."""

    @property
    def flags(self) -> list[Flag]:
        """Every flag, in the order the report shows them."""
        return [*self.report_flags, *(f for p in self.paragraphs.values() for f in p.flags)]

    def chased(self) -> list[tuple[Entity, int, FlagKind]]:
        """Each entity asked for a report on a paragraph, with the paragraph and why: no
        submission, no report on it, or less progress than before. Paragraph by paragraph,
        in that order."""
        rows: list[tuple[Entity, int, FlagKind]] = []
        for p, para in self.paragraphs.items():
            rows += [(e, p, FlagKind.NO_SUBMISSION) for e in para.unsubmitted]
            rows += [(e, p, FlagKind.MISSING_REPORT) for e in para.unreported]
            rows += [
                (e, p, FlagKind.REGRESSED)
                for f in para.flags
                if f.kind is FlagKind.REGRESSED
                for e in f.entities
            ]
        return rows

    @property
    def milestones(self) -> list[MilestoneStatus]:
        return [m for p in self.paragraphs.values() for m in p.milestones]

    def flag_counts(self) -> dict[FlagKind, int]:
        counts = dict.fromkeys(FlagKind, 0)
        for flag in self.flags:
            counts[flag.kind] += 1
        return counts

    def as_json(self) -> dict[str, Any]:
        """The shape of ``status --json`` and ``coverage.json``: a published contract."""
        return {
            "cycle": self.cycle,
            "as_of": str(self.as_of),
            "previous_cycle": self.previous_cycle,
            "entities": [
                {
                    "id": e.id,
                    "name": e.name,
                    "submitted": e.submitted,
                    "files": list(e.files),
                    "asked": list(e.asked),
                    "reported": list(e.reported),
                    "missing": list(e.missing),
                    "voluntary": list(e.voluntary),
                }
                for e in self.entities
            ],
            "paragraphs": [
                {
                    "paragraph": p.paragraph,
                    "reported_by": list(p.reported_by),
                    "missing": list(p.missing),
                    "gap": p.gap,
                    "overdue": [m.as_json() for m in p.overdue],
                    "to_be_completed": list(p.to_be_completed),
                    "milestones": [
                        {
                            **m.as_json(),
                            "state": m.state.value,
                            "met_by": list(m.met_by),
                            "met_in": m.met_in,
                        }
                        for m in p.milestones
                    ],
                    "changes": [c.as_json() for c in p.changes],
                }
                for p in self.paragraphs.values()
            ],
        }


def coverage(
    cycle: Cycle, as_of: dt.date | None = None, earlier: Earlier | None = None
) -> Coverage:
    """Analyse ``cycle`` as of a date (default: today), and what moved since the
    ``earlier`` cycle: no I/O, the same answer for the same cycles and date."""
    as_of = as_of or dt.date.today()
    before = _statuses(earlier.submissions) if earlier else {}
    # What any earlier cycle left completed: the latest that did, walking back.
    completed_in: dict[tuple[str, int], int] = {}
    for older in earlier.chain if earlier else ():
        for number, statuses in _statuses(older.submissions).items():
            for entity_id, status in statuses.items():
                if status == "completed":
                    completed_in.setdefault((entity_id, number), older.year)
    reference = cycle.reference
    registry = reference.registry
    order = {entity_id: i for i, entity_id in enumerate(registry.entities)}
    by_entity = {s.entity.id: s for s in cycle.submissions}
    reports: dict[int, list[PlacedReport]] = {p: [] for p in reference.actions}
    for s in cycle.submissions:
        for report in s.submission.reports:
            role = reference.role(s.entity.id, report.paragraph)
            reports[report.paragraph].append(
                PlacedReport(s.entity, report, role, s.submission.submitted)
            )
    for placed_reports in reports.values():
        # Role, then the registry's order, which the Secretariat controls; never arrival.
        placed_reports.sort(key=lambda r: (ROLE_ORDER[r.role], order[r.entity.id], r.submitted))

    paragraphs: dict[int, ParagraphCoverage] = {}
    for paragraph, action in reference.actions.items():
        placed = reports[paragraph]
        reporters = {r.entity.id for r in placed}
        accountable = tuple(reference.accountable[paragraph])
        # Work reported completed in an earlier cycle stays done: it is not chased again.
        done_earlier = {
            e
            for e in (*accountable, *reference.recorded[paragraph])
            if e not in reporters and (e, paragraph) in completed_in
        }
        missing = tuple(e for e in accountable if e not in reporters and e not in done_earlier)
        is_report = paragraph == reference.table.reporting_paragraph
        unrecorded = (
            ()
            if is_report
            else tuple(
                e
                for e in reference.recorded[paragraph]
                if e not in reporters and e not in done_earlier
            )
        )
        earlier_status = before.get(paragraph, {})
        leads = registry.expand_refs(action, ("lead",))
        milestones = tuple(
            _milestone_status(
                m,
                paragraph,
                placed,
                leads,
                cycle.year,
                as_of,
                is_report,
                earlier_status,
                completed_in,
            )
            for m in action.due
        )
        changes = _changes(placed, earlier_status, reference) if earlier else ()
        flags = _paragraph_flags(
            paragraph,
            placed,
            missing,
            unrecorded,
            milestones,
            by_entity,
            cycle,
            is_report,
            bool(done_earlier),
        )
        regressed = tuple(c for c in changes if c.regressed)
        if regressed and earlier:
            flags.append(
                Flag(
                    FlagKind.REGRESSED,
                    paragraph,
                    earlier.year,
                    tuple(c.entity for c in regressed),
                    len(accountable),
                    changes=regressed,
                )
            )
        paragraphs[paragraph] = ParagraphCoverage(
            paragraph,
            tuple(placed),
            accountable,
            missing,
            unrecorded,
            milestones,
            tuple(flags),
            changes,
            tuple(registry.entities[e] for e in missing if e not in by_entity),
            tuple(registry.entities[e] for e in missing if e in by_entity),
            _asked_group(action, reference),
            tuple(
                (registry.entities[e], completed_in[e, paragraph])
                for e in accountable
                if e in done_earlier
            ),
        )

    asked: dict[str, list[int]] = {}
    for paragraph, ids in reference.accountable.items():
        for entity_id in ids:
            asked.setdefault(entity_id, []).append(paragraph)
    listed = sorted(set(asked) | set(by_entity), key=order.__getitem__)
    entities = []
    for entity_id in listed:
        entity = registry.entities[entity_id]
        sub = by_entity.get(entity_id)
        done = sorted(r.paragraph for r in sub.submission.reports) if sub else []
        mine = asked.get(entity_id, [])
        entities.append(
            EntityCoverage(
                id=entity_id,
                name=entity.name,
                submitted=sub is not None,
                submitted_on=sub.submission.submitted.isoformat() if sub else "",
                files=(sub.file,) if sub else (),
                asked=tuple(mine),
                reported=tuple(p for p in done if reference.is_named(entity_id, p)),
                # Work completed in an earlier cycle is not asked for again.
                missing=tuple(
                    p for p in mine if p not in done and (entity_id, p) not in completed_in
                ),
                voluntary=tuple(p for p in done if not reference.is_named(entity_id, p)),
            )
        )
    silent = [e for e in entities if not e.submitted and e.missing]
    report_flags = (
        (
            Flag(
                FlagKind.NO_SUBMISSION,
                None,
                cycle.year,
                tuple(registry.entities[e.id] for e in silent),
                sum(1 for e in entities if e.asked),
                outstanding=tuple(e.missing for e in silent),
            ),
        )
        if silent
        else ()
    )
    return Coverage(
        cycle.year,
        as_of,
        tuple(entities),
        paragraphs,
        earlier.year if earlier else None,
        report_flags,
    )


def _asked_group(action: Action, reference: Reference) -> Entity | None:
    leads = [reference.registry.entities[r.entity] for r in action.entities if r.role == "lead"]
    if len(leads) == 1 and leads[0].kind == "group":
        return leads[0]
    return None


def _statuses(submissions: tuple[EntitySubmission, ...]) -> dict[int, dict[str, str]]:
    """Per paragraph, each entity's status in ``submissions``."""
    out: dict[int, dict[str, str]] = {}
    for s in submissions:
        for report in s.submission.reports:
            out.setdefault(report.paragraph, {})[s.entity.id] = report.status
    return out


def _changes(
    placed: list[PlacedReport], earlier: dict[str, str], reference: Reference
) -> tuple[Change, ...]:
    """Entities whose status on the paragraph differs from the earlier cycle's, new and
    dropped reports included: current reporters in the report's order, then the dropped."""
    now = {r.entity.id: r.report.status for r in placed}
    entities = reference.registry.entities
    changes = [
        Change(r.entity, earlier.get(r.entity.id), r.report.status)
        for r in placed
        if earlier.get(r.entity.id) != r.report.status
    ]
    changes += [
        Change(entities[e], status, None)
        for e, status in earlier.items()
        if e not in now and e in entities
    ]
    return tuple(changes)


def _milestone_status(
    milestone: Milestone,
    paragraph: int,
    placed: list[PlacedReport],
    leads: list[str],
    year: int,
    as_of: dt.date,
    is_report: bool,
    earlier: dict[str, str],
    completed_in: dict[tuple[str, int], int],
) -> MilestoneStatus:
    """Met when a lead reports the work completed (an organ, through the Secretariat's
    record); a partner's report alone does not meet it.

    A one-off milestone met in an earlier cycle stays met (``met_in``). A recurring one is
    judged per occurrence, this cycle's: due until its date has passed, and only then met
    (a lead reported the work completed or ongoing) or overdue. Overdue once its date has
    passed unmet; the reporting paragraph's milestone is the present report itself, so it
    is never overdue."""
    meeting = {"completed", "ongoing"} if milestone.recurring else {"completed"}
    lead_reports = [r for r in placed if r.role == "lead"]
    met_by = tuple(r.entity.id for r in lead_reports if r.report.status in meeting)
    partners = tuple(
        r.entity.id for r in placed if r.role != "lead" and r.report.status == "completed"
    )
    date = milestone.due_date(year)
    met_in = None
    if milestone.recurring and date >= as_of:
        # This cycle's occurrence has not taken place yet.
        met_by = ()
    elif not milestone.recurring and not met_by:
        earlier_years = [
            completed_in[e, paragraph] for e in leads if (e, paragraph) in completed_in
        ]
        if earlier_years:
            met_in = max(earlier_years)
            met_by = tuple(e for e in leads if completed_in.get((e, paragraph)) == met_in)
    if met_by:
        state = MilestoneState.MET
    elif date < as_of and not is_report:
        state = MilestoneState.OVERDUE
    elif date.year <= year:
        state = MilestoneState.DUE
    else:
        state = MilestoneState.NOT_YET_DUE
    met = state is MilestoneState.MET
    met_before = met_in is not None or any(
        e in leads and status in meeting for e, status in earlier.items()
    )
    return MilestoneStatus(
        paragraph,
        milestone,
        date,
        state,
        met_by,
        met_since=met and bool(earlier) and not met_before,
        met_in=met_in,
        partners_completed=() if met else partners,
        leads_not_completed=tuple(r.entity.id for r in lead_reports if r.entity.id not in met_by)
        if met and met_in is None
        else (),
    )


def _paragraph_flags(
    paragraph: int,
    placed: list[PlacedReport],
    missing: tuple[str, ...],
    unrecorded: tuple[str, ...],
    milestones: tuple[MilestoneStatus, ...],
    by_entity: dict[str, Any],
    cycle: Cycle,
    is_report: bool,
    done_earlier: bool,
) -> list[Flag]:
    """At most one flag per kind, plus one per overdue milestone. A paragraph whose work
    an entity asked completed in an earlier cycle is no gap.

    An entity that sent no submission is flagged once for the whole report; under a
    paragraph it is flagged only when none of the entities asked reported on it. An entity
    that submitted without a report on the paragraph is flagged there."""
    entities = cycle.reference.registry.entities
    asked = len(cycle.reference.accountable[paragraph])
    silent = tuple(entities[e] for e in missing if e not in by_entity)
    quiet = tuple(entities[e] for e in missing if e in by_entity)
    answered = len(missing) < asked
    flags: list[Flag] = []
    year = cycle.year
    if silent and not answered:
        everyone = tuple(entities[e] for e in missing)
        flags.append(Flag(FlagKind.NO_REPORT, paragraph, year, everyone, asked, submitted=quiet))
    elif quiet:
        flags.append(Flag(FlagKind.MISSING_REPORT, paragraph, year, quiet, asked))
    if unrecorded:
        organs = tuple(entities[e] for e in unrecorded)
        flags.append(Flag(FlagKind.TO_BE_COMPLETED, paragraph, year, organs, asked))
    if not placed and not flags and not is_report and not done_earlier:
        flags.append(Flag(FlagKind.GAP, paragraph, year, asked=asked))
    flags += [
        Flag(FlagKind.OVERDUE, paragraph, year, asked=asked, milestone=m)
        for m in milestones
        if m.state is MilestoneState.OVERDUE
    ]
    return flags
