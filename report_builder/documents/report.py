"""The data the template is filled with: plain values computed from a cycle and its
coverage. No docx here; the template decides how everything looks."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import TypedDict, cast

from report_builder.analysis.condense import Condensed
from report_builder.analysis.coverage import (
    Coverage,
    MilestoneState,
)
from report_builder.analysis.history import SinceBuild
from report_builder.inputs.cycle import Cycle
from report_builder.inputs.models import STATUS_LABELS, Entity
from report_builder.word.contract import (
    CellData,
    CountsData,
    CountsTextData,
    MatrixRowData,
    MilestoneData,
    ParagraphData,
    ReportData,
    TaggedData,
    ThemeData,
)
from report_builder.wording.dates import date_text, recurring_due_text
from report_builder.wording.flags import note
from report_builder.wording.labels import NO_REPORT
from report_builder.wording.names import join_names
from report_builder.wording.numbers import number_text, ordinal_words
from report_builder.wording.report import (
    AGENDA_ITEM,
    COMPILATION,
    challenges_comment,
    default_council_session,
    default_job_number,
    done_earlier,
    ga_session,
    in_another_language,
    in_words,
    left_out_for_length,
    mark,
    matrix_change,
    milestone_comments,
    milestone_event,
    milestone_state,
    outstanding,
    paragraph_heading,
    placeholder,
    state_of_play,
    symbol,
    taken_from_summary,
)

# The action lines of the Geneva Plan of Action, which submissions tag their reports with.
ACTION_LINES = {
    "C1": "The role of public governance authorities and all stakeholders in the promotion of "
    "ICTs for development",
    "C2": "Information and communication infrastructure",
    "C3": "Access to information and knowledge",
    "C4": "Capacity building",
    "C5": "Building confidence and security in the use of ICTs",
    "C6": "Enabling environment",
    "C7": "ICT applications",
    "C8": "Cultural diversity and identity, linguistic diversity and local content",
    "C9": "Media",
    "C10": "Ethical dimensions of the Information Society",
    "C11": "International and regional cooperation",
}
MISSING = "Missing"
# Light fills that keep black text readable in print and for colour-blind readers,
# paired with distinct words, so colour is never the only signal.
STATUS_FILLS = {
    "Completed": "C6EFCE",
    "Ongoing": "E2EFDA",
    "In progress": "FFEB9C",
    "Planned": "DDEBF7",
    "Not started": "EDEDED",
    MISSING: "FFC7CE",
    "": "FFFFFF",
}

Notes = list[tuple[str, list[str]]]
"""Each noted text, in document order, with the comments on it (maybe none)."""


def report_notes(
    cov: Coverage,
    condensed: Condensed,
    headings: dict[int, str],
    compilation: str,
    since: SinceBuild | None,
    reserved: dict[str, int],
    registry: dict[str, Entity],
) -> Notes:
    """The comments that are notes, not flags, on the texts they are anchored on: on a
    paragraph's heading, whose highlights were left out for length; on the first credit
    of a numbered paragraph that quotes summaries, whose they are; on each credit, whether
    its report is new or changed since the previous build, and whether the words it quotes
    are in another language than English; and on chapter V's
    placeholder, where the challenges reported are; and on each milestone's state, a
    partner's completion that does not meet it, or leads that disagree."""
    notes: Notes = []
    for paragraph in cov.paragraphs:
        left_out = condensed.left_out[paragraph]
        comments = [left_out_for_length(left_out, paragraph, compilation)] if left_out else []
        for h in left_out:
            comments += mark(since, h.placed.entity, paragraph)
        notes.append((headings[paragraph], comments))
        for group in condensed.groups(paragraph):
            quoted = [h.placed.entity for h in group if h.from_summary]
            for h in group:
                comments = mark(since, h.placed.entity, paragraph)
                if quoted and h.from_summary and h.placed.entity is quoted[0]:
                    comments.insert(0, taken_from_summary(quoted, paragraph))
                if h.language is not None:
                    comments.append(in_another_language(h, paragraph))
                notes.append((h.text, comments))
    for status in cov.milestones:
        notes.append(
            (
                milestone_state(status, shorts(registry, status.met_by)),
                milestone_comments(
                    status,
                    shorts(registry, status.partners_completed),
                    shorts(registry, status.leads_not_completed),
                ),
            )
        )
    notes.append(
        (placeholder("challenges", reserved["challenges"]), [challenges_comment(compilation)])
    )
    return notes


def shorts(registry: dict[str, Entity], ids: tuple[str, ...]) -> list[str]:
    return [registry[e].short for e in ids]


def headings(cycle: Cycle) -> dict[int, str]:
    """Each paragraph's heading in chapter III."""
    resolution = cycle.reference.table.resolution.removeprefix("A/RES/")
    return {
        p: paragraph_heading(p, action.title, resolution)
        for p, action in cycle.reference.actions.items()
    }


class Furniture(TypedDict):
    """What the front page and the page furniture name that a cycle may set: the agenda
    items, the Council's session, the job number, and how the compilation is named."""

    ga_item: str
    council_item: str
    council_session: str
    job_number: str
    compilation_symbol: str


def furniture(
    year: int,
    ga_item: str | None = None,
    council_item: str | None = None,
    council_session: str | None = None,
    job_number: str | None = None,
    compilation_symbol: str | None = None,
) -> Furniture:
    """Each value given, or the draft's placeholder for it."""
    return {
        "ga_item": ga_item if ga_item is not None else AGENDA_ITEM,
        "council_item": council_item if council_item is not None else AGENDA_ITEM,
        "council_session": council_session
        if council_session is not None
        else default_council_session(year),
        "job_number": job_number if job_number is not None else default_job_number(year),
        "compilation_symbol": compilation_symbol if compilation_symbol is not None else COMPILATION,
    }


def build_context(
    cycle: Cycle,
    cov: Coverage,
    day: dt.date,
    condensed: Condensed,
    reserved: dict[str, int],
    period_start: dt.date | None = None,
) -> ReportData:
    """The data of the Secretary-General's report: chapter III condensed to ``condensed``;
    ``reserved`` gives the words of the Secretariat's own chapters (key_trends,
    challenges, conclusions); the period covered starts on ``period_start`` (by default
    the resolution's adoption)."""
    reference = cycle.reference
    table = reference.table
    registry = reference.registry.entities
    accountable = [e for e in cov.entities if e.asked]
    contributors = [e for e in cov.entities if e.submitted]
    titles = headings(cycle)
    settings = cycle.settings

    themes: list[ThemeData] = []
    for theme, title, actions in reference.actions_by_theme():
        paragraphs: list[ParagraphData] = []
        for action in actions:
            para = cov.paragraphs[action.paragraph]
            paragraphs.append(
                {
                    "number": action.paragraph,
                    "heading": titles[action.paragraph],
                    "is_report": action.paragraph == table.reporting_paragraph,
                    "state": state_of_play(para, cov.previous_cycle),
                    "groups": [
                        {"credits": [h.text for h in group]}
                        for group in condensed.groups(action.paragraph)
                    ],
                    "flags": [{"note": note(f)} for f in para.flags],
                }
            )
        themes.append({"id": theme, "title": title, "paragraphs": paragraphs})

    milestones: list[MilestoneData] = []
    for status in cov.milestones:
        para = cov.paragraphs[status.paragraph]
        # The leads' state: a partner's report does not meet a milestone.
        statuses = Counter(STATUS_LABELS[r.report.status] for r in para.reports if r.role == "lead")
        reported = "; ".join(f"{label}: {n}" for label, n in statuses.most_common())
        milestones.append(
            {
                "paragraph": status.paragraph,
                "event": milestone_event(status),
                "when": recurring_due_text(status),
                "status": reported or NO_REPORT,
                "state": milestone_state(status, shorts(registry, status.met_by)),
            }
        )
    falling_due = [m for m in cov.milestones if m.date.year <= cycle.year]

    matrix_paragraphs = [p for p, ids in reference.accountable.items() if ids]
    status_of = {
        (r.entity.id, p): STATUS_LABELS[r.report.status]
        for p, para in cov.paragraphs.items()
        for r in para.reports
    }
    was = {
        (c.entity.id, p): STATUS_LABELS[c.previous] if c.previous else NO_REPORT
        for p, para in cov.paragraphs.items()
        for c in para.changes
    }
    done_in = {
        (e.id, p): year for p, para in cov.paragraphs.items() for e, year in para.done_before
    }
    rows: list[MatrixRowData] = []
    for entity in accountable:
        cells: list[CellData] = []
        for p in matrix_paragraphs:
            label = status_of.get((entity.id, p)) or (MISSING if p in entity.asked else "")
            if (entity.id, p) in done_in:
                # Completed in an earlier cycle, and not reported again.
                cells.append(
                    {
                        "label": done_earlier(done_in[entity.id, p]),
                        "fill": STATUS_FILLS["Completed"],
                    }
                )
                continue
            before = was.get((entity.id, p))
            # Where the status moved since the earlier report: 'Planned → Completed'; a
            # report not renewed is no movement: 'Missing (Ongoing in 2027)'.
            shown = (
                matrix_change(before, label, cov.previous_cycle, (entity.id, p) in status_of)
                if before
                else label
            )
            cells.append({"label": shown, "fill": STATUS_FILLS[label]})
        rows.append({"name": entity.name, "cells": cells})

    def named(action_refs: list[str]) -> str:
        return in_words([registry[e] for e in action_refs])

    counts: CountsData = {
        "contributors": len(contributors),
        "accountable": len(accountable),
        "accountable_submitted": sum(1 for e in accountable if e.submitted),
        "paragraphs": len(cov.paragraphs),
        "paragraphs_reported": sum(1 for p in cov.paragraphs.values() if not p.gap),
        "milestones": len(falling_due),
        "met": sum(1 for m in falling_due if m.state is MilestoneState.MET),
        "overdue": sum(1 for m in falling_due if m.state is MilestoneState.OVERDUE),
        "due": sum(1 for m in falling_due if m.state is MilestoneState.DUE),
    }
    return {
        **furniture(
            cycle.year,
            settings.ga_item,
            settings.council_item,
            settings.council_session,
            settings.job_number,
            settings.compilation_symbol,
        ),
        "year": cycle.year,
        "date_text": date_text(day),
        "symbol": settings.symbol or symbol(cycle.year),
        # The agenda documents of the front page's footnotes: the General Assembly's
        # preliminary list and the Council's provisional agenda.
        "ga_agenda_symbol": f"A/{ga_session(cycle.year)}/50",
        "ecosoc_agenda_symbol": f"E/{cycle.year}/1",
        "ga_session_title": ordinal_words(ga_session(cycle.year)),
        "resolution": table.resolution.removeprefix("A/RES/"),
        "adopted_text": date_text(table.adopted),
        "period_start_text": date_text(period_start or table.adopted),
        "period_end_text": date_text(settings.period_end or day),
        "reporting_paragraph": table.reporting_paragraph,
        "counts": counts,
        # The same numbers as the Editorial Manual writes them in running text.
        "counts_text": cast(
            CountsTextData, {key: number_text(cast(int, n)) for key, n in counts.items()}
        ),
        "report_flags": [{"note": note(f)} for f in cov.report_flags],
        "placeholders": {
            "key_trends": placeholder("key_trends", reserved["key_trends"]),
            "challenges": placeholder("challenges", reserved["challenges"]),
            "conclusions": placeholder("conclusions", reserved["conclusions"]),
        },
        "themes": themes,
        "milestones": milestones,
        "previous_cycle": cov.previous_cycle or "",
        "met_since": join_names(
            [
                f"paragraph {m.paragraph} ({m.milestone.event})"
                for m in cov.milestones
                if m.met_since
            ]
        ),
        "actions": [
            {
                "paragraph": action.paragraph,
                "title": action.title or "",
                "action": action.action,
                "asked": named([r.entity for r in action.entities if r.role == "lead"]),
                "partners": named([r.entity for r in action.entities if r.role == "partner"]),
            }
            for action in table.actions
        ],
        "matrix": {"paragraphs": matrix_paragraphs, "rows": rows},
        "contributors": [
            {
                "name": e.name,
                "submitted_on": date_text(dt.date.fromisoformat(e.submitted_on)),
                "paragraphs": ", ".join(str(p) for p in sorted(e.reported + e.voluntary)),
            }
            for e in contributors
        ],
        "action_lines": _tagged(cov, "action_lines", lambda line: (ACTION_LINES[line], 0)),
        "sdg_targets": _tagged(cov, "sdg_targets", _sdg_order),
        "outstanding": [
            {"name": e.name, "outstanding": outstanding(e.submitted, e.missing)}
            for e in accountable
            if e.missing
        ],
    }


def _sdg_order(target: str) -> tuple[str, int]:
    goal, _, item = target.partition(".")
    return "", int(goal) * 1000 + (int(item) if item.isdigit() else 100 + ord(item[0]))


def _tagged(
    cov: Coverage, field: str, describe: Callable[[str], tuple[str, int]]
) -> list[TaggedData]:
    """Who reported under each action line or SDG target, on which paragraphs: one row per
    tag, in the tags' own order (C1 to C11; goal, then target)."""
    entities: dict[str, list[str]] = {}
    paragraphs: dict[str, set[int]] = {}
    for p, para in cov.paragraphs.items():
        for r in para.reports:
            for tag in getattr(r.report, field):
                names = entities.setdefault(tag, [])
                if r.entity.short not in names:
                    names.append(r.entity.short)
                paragraphs.setdefault(tag, set()).add(p)
    order = {"C" + str(i): i for i in range(1, 12)}
    rows = sorted(entities, key=lambda t: (order.get(t, 0), describe(t)[1]))
    return [
        {
            "tag": tag,
            "title": describe(tag)[0],
            "entities": ", ".join(sorted(entities[tag], key=str.casefold)),
            "paragraphs": ", ".join(str(p) for p in sorted(paragraphs[tag])),
        }
        for tag in rows
    ]


def credits_in_order(cycle: Cycle, condensed: Condensed) -> list[tuple[str, str]]:
    """Each credit chapter III prints, as (entity id, text), in the order printed."""
    return [
        (h.placed.entity.id, h.text)
        for _, _, actions in cycle.reference.actions_by_theme()
        for action in actions
        for group in condensed.groups(action.paragraph)
        for h in group
    ]


def without_annexes(context: ReportData) -> ReportData:
    """The report's data with the annexes' tables empty: they do not count towards the
    word limit, so measuring the report need not fill them."""
    return {
        **context,
        "matrix": {"paragraphs": [], "rows": []},
        "actions": [],
        "contributors": [],
        "outstanding": [],
        "action_lines": [],
        "sdg_targets": [],
    }
