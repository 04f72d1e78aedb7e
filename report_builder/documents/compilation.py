"""The data the compilation of contributions is filled with: every submission in full,
and the challenges reported, gathered by paragraph. No docx here; the template decides
how everything looks."""

from __future__ import annotations

import datetime as dt

from report_builder.analysis.history import SinceBuild
from report_builder.documents.report import Notes
from report_builder.inputs.cycle import Cycle, EntitySubmission
from report_builder.inputs.models import STATUS_LABELS
from report_builder.word.contract import (
    ChallengeData,
    ChallengesData,
    CompilationData,
    EntitySectionData,
    ReportSectionData,
)
from report_builder.wording.dates import date_text
from report_builder.wording.numbers import format_number
from report_builder.wording.report import mark, symbol


def compilation_notes(cycle: Cycle, since: SinceBuild | None) -> Notes:
    """In the compilation, the marks of new and changed reports, on their summaries."""
    notes: Notes = []
    for s in cycle.submissions:
        for report in s.submission.reports:
            notes.append((report.summary, mark(since, s.entity, report.paragraph)))
    return notes


def in_registry_order(cycle: Cycle) -> list[EntitySubmission]:
    """The submissions in the order of the registry, which is the compilation's order."""
    order = {entity_id: i for i, entity_id in enumerate(cycle.reference.registry.entities)}
    return sorted(cycle.submissions, key=lambda s: order[s.entity.id])


def compilation_context(cycle: Cycle, day: dt.date) -> CompilationData:
    """The data of the compilation: every submission in full, entity by entity in registry
    order, report by report in paragraph order, then the challenges reported, paragraph by
    paragraph. Contact details are not published."""
    actions = cycle.reference.actions
    submissions = in_registry_order(cycle)
    sections: list[EntitySectionData] = []
    for sub in submissions:
        reports: list[ReportSectionData] = []
        for report in sorted(sub.submission.reports, key=lambda r: r.paragraph):
            action = actions[report.paragraph]
            reports.append(
                {
                    "paragraph": report.paragraph,
                    "title": action.title or "",
                    "action": action.action,
                    "status": STATUS_LABELS[report.status],
                    "highlight": report.highlight or "",
                    "summary": report.summary,
                    "activities": list(report.activities),
                    "indicators": [
                        {
                            "name": i.name,
                            "value": format_number(i.value),
                            "unit": i.unit or "",
                            "year": str(i.year or ""),
                        }
                        for i in report.indicators
                    ],
                    "links": list(report.links),
                    "action_lines": ", ".join(report.action_lines),
                    "sdg_targets": ", ".join(report.sdg_targets),
                    "challenges": report.challenges or "",
                    "next_steps": report.next_steps or "",
                }
            )
        sections.append(
            {
                "name": sub.entity.name,
                "short": sub.entity.short,
                "submitted_on": date_text(sub.submission.submitted),
                "reports": reports,
            }
        )
    return {
        "year": cycle.year,
        "date_text": date_text(day),
        "symbol": cycle.settings.symbol or symbol(cycle.year),
        "resolution": cycle.reference.table.resolution.removeprefix("A/RES/"),
        "count": len(sections),
        "entities": sections,
        "challenges": challenges_reported(cycle, submissions),
    }


def challenges_reported(cycle: Cycle, submissions: list[EntitySubmission]) -> list[ChallengesData]:
    """Every report's challenges, verbatim, by paragraph in the action table's order and,
    within a paragraph, in the order of ``submissions``; paragraphs without any are left
    out."""
    by_paragraph: dict[int, list[ChallengeData]] = {}
    for sub in submissions:
        for report in sub.submission.reports:
            if report.challenges:
                by_paragraph.setdefault(report.paragraph, []).append(
                    {"name": sub.entity.name, "short": sub.entity.short, "text": report.challenges}
                )
    return [
        {"paragraph": paragraph, "title": action.title or "", "reports": by_paragraph[paragraph]}
        for paragraph, action in cycle.reference.actions.items()
        if paragraph in by_paragraph
    ]
