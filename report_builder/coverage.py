"""Who was asked, who reported, what is missing or overdue: pure functions over a Cycle."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .cycle import Cycle
from .models import Entity, Milestone, Report


class FlagKind(StrEnum):
    NO_SUBMISSION = "no_submission"
    MISSING_REPORT = "missing_report"
    GAP = "gap"
    OVERDUE = "overdue"


FLAG_LABELS = {
    FlagKind.NO_SUBMISSION: "accountable entities with no submission (per paragraph)",
    FlagKind.MISSING_REPORT: "missing reports from entities that did submit",
    FlagKind.GAP: "paragraphs with no report at all",
    FlagKind.OVERDUE: "overdue milestones",
}


@dataclass(frozen=True)
class Flag:
    """Something a reviewer must see: ``note`` goes in the text, ``comment`` beside it."""

    kind: FlagKind
    paragraph: int
    note: str
    comment: str
    entity_id: str = ""
    entity_name: str = ""
    milestone: Milestone | None = None


@dataclass(frozen=True)
class PlacedReport:
    """One entity's report on one paragraph, as the draft presents it."""

    entity: Entity
    report: Report
    voluntary: bool


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
    overdue: tuple[Milestone, ...]
    flags: tuple[Flag, ...]

    @property
    def reported_by(self) -> tuple[str, ...]:
        return tuple(r.entity.id for r in self.reports)

    @property
    def gap(self) -> bool:
        return not self.reports


@dataclass(frozen=True)
class Coverage:
    cycle: int
    entities: tuple[EntityCoverage, ...]
    paragraphs: dict[int, ParagraphCoverage]

    @property
    def flags(self) -> list[Flag]:
        return [f for p in self.paragraphs.values() for f in p.flags]

    def flag_counts(self) -> dict[FlagKind, int]:
        counts = dict.fromkeys(FlagKind, 0)
        for flag in self.flags:
            counts[flag.kind] += 1
        return counts

    def as_json(self) -> dict[str, Any]:
        """The shape of ``status --json`` and ``coverage.json``: a published contract."""
        return {
            "cycle": self.cycle,
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
                    "overdue": [{"by": m.by, "event": m.event} for m in p.overdue],
                }
                for p in self.paragraphs.values()
            ],
        }


def coverage(cycle: Cycle) -> Coverage:
    """Analyse ``cycle``: no I/O, the same answer for the same cycle."""
    reference = cycle.reference
    registry = reference.registry
    order = {entity_id: i for i, entity_id in enumerate(registry.entities)}
    by_entity = {s.entity.id: s for s in cycle.submissions}
    reports: dict[int, list[PlacedReport]] = {p: [] for p in reference.actions}
    for s in sorted(cycle.submissions, key=lambda s: order[s.entity.id]):
        for report in s.submission.reports:
            voluntary = not reference.is_named(s.entity.id, report.paragraph)
            reports[report.paragraph].append(PlacedReport(s.entity, report, voluntary))
    for placed in reports.values():
        placed.sort(key=lambda r: r.voluntary)

    paragraphs: dict[int, ParagraphCoverage] = {}
    for paragraph, action in reference.actions.items():
        accountable = reference.accountable[paragraph]
        placed = reports[paragraph]
        reporters = {r.entity.id for r in placed}
        missing = tuple(e for e in accountable if e not in reporters)
        completed = {
            r.entity.id
            for r in placed
            if r.report.status == "completed" and (not accountable or r.entity.id in accountable)
        }
        overdue = tuple(
            m for m in action.due if m.by is not None and m.by <= cycle.year and not completed
        )
        flags = [
            _missing_flag(registry.entities[e], paragraph, e in by_entity, cycle.year)
            for e in missing
        ]
        if not placed:
            flags.append(_gap_flag(paragraph))
        flags += [_overdue_flag(m, paragraph) for m in overdue]
        paragraphs[paragraph] = ParagraphCoverage(
            paragraph, tuple(placed), tuple(accountable), missing, overdue, tuple(flags)
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
                missing=tuple(p for p in mine if p not in done),
                voluntary=tuple(p for p in done if not reference.is_named(entity_id, p)),
            )
        )
    return Coverage(cycle.year, tuple(entities), paragraphs)


def _missing_flag(entity: Entity, paragraph: int, submitted: bool, year: int) -> Flag:
    if submitted:
        return Flag(
            FlagKind.MISSING_REPORT,
            paragraph,
            f"[Missing: the {entity.name} did not report on paragraph {paragraph}]",
            f"The {entity.name} ({entity.id}) is asked to act on paragraph {paragraph} and sent a "
            f"submission for {year}, but it has no report on this paragraph. Ask for one, or "
            "resolve this comment with the reason.",
            entity.id,
            entity.name,
        )
    return Flag(
        FlagKind.NO_SUBMISSION,
        paragraph,
        f"[Missing: no submission from the {entity.name} on paragraph {paragraph}]",
        f"The {entity.name} ({entity.id}) is asked to act on paragraph {paragraph} and has sent no "
        f"submission for {year}. Chase the entity and rebuild, or resolve this comment with "
        "the reason.",
        entity.id,
        entity.name,
    )


def _gap_flag(paragraph: int) -> Flag:
    return Flag(
        FlagKind.GAP,
        paragraph,
        f"[Gap: no entity reported on paragraph {paragraph}]",
        f"No contribution reports progress on paragraph {paragraph}. Consider seeking input or "
        "noting the gap in the conclusions.",
    )


def _overdue_flag(milestone: Milestone, paragraph: int) -> Flag:
    return Flag(
        FlagKind.OVERDUE,
        paragraph,
        f"[Overdue: {milestone.event}, due by {milestone.by}, paragraph {paragraph}]",
        f"The milestone of paragraph {paragraph} ({milestone.event}) was due by "
        f"{milestone.by}, and no accountable entity reports it completed.",
        milestone=milestone,
    )
