"""The data the template is filled with: plain values computed from a cycle and its
coverage. No docx here; the template decides how everything looks."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from .coverage import (
    MILESTONE_STATE_LABELS,
    Coverage,
    MilestoneState,
    PlacedReport,
    date_text,
    due_text,
    join_names,
)
from .cycle import Cycle
from .models import STATUS_LABELS, Indicator

STATUS_PHRASES = {
    "not_started": "work had not yet started",
    "planned": "work was planned",
    "in_progress": "work was in progress",
    "completed": "the action had been completed",
    "ongoing": "work was ongoing",
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

_UNITS = ("", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_TEENS = (
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
)
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_TENS_ORD = (
    "",
    "",
    "twentieth",
    "thirtieth",
    "fortieth",
    "fiftieth",
    "sixtieth",
    "seventieth",
    "eightieth",
    "ninetieth",
)


def ordinal_words(n: int) -> str:
    """82 -> 'Eighty-second', as the UN names General Assembly sessions (1 to 199)."""
    hundreds, rest = divmod(n, 100)
    if rest == 0:
        words = "hundredth"
    elif rest < 10:
        words = _UNITS[rest]
    elif rest < 20:
        words = _TEENS[rest - 10]
    else:
        tens, unit = divmod(rest, 10)
        words = f"{_TENS[tens]}-{_UNITS[unit]}" if unit else _TENS_ORD[tens]
    if hundreds:
        words = f"one hundred and {words}" if rest else "one hundredth"
    return words[0].upper() + words[1:]


def ga_session(year: int) -> int:
    """The General Assembly session current in the first half of ``year``: 2027 -> 82."""
    return year - 1945


def symbol(year: int) -> str:
    return f"A/{ga_session(year)}/xx\N{EN DASH}E/{year}/xx"


def _format_number(value: float) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}"


def _indicator(ind: Indicator) -> str:
    text = f"{ind.name}: {_format_number(ind.value)}"
    if ind.unit:
        text += f" {ind.unit}"
    if ind.year:
        text += f" ({ind.year})"
    return text


def _report(placed: PlacedReport) -> dict[str, Any]:
    report = placed.report
    return {
        "entity": f"The {placed.entity.name}",
        "voluntary": placed.voluntary,
        "status": STATUS_LABELS[report.status],
        "status_phrase": STATUS_PHRASES[report.status],
        "summary": report.summary,
        "activities": "; ".join(report.activities),
        "indicators": "; ".join(_indicator(i) for i in report.indicators),
        "links": "; ".join(report.links),
        "challenges": report.challenges or "",
        "next_steps": report.next_steps or "",
    }


def build_context(cycle: Cycle, cov: Coverage, day: dt.date) -> dict[str, Any]:
    reference = cycle.reference
    table = reference.table
    accountable = [e for e in cov.entities if e.asked]
    contributors = [e for e in cov.entities if e.submitted]

    themes = []
    for _, title, actions in reference.actions_by_theme():
        paragraphs = []
        for action in actions:
            para = cov.paragraphs[action.paragraph]
            paragraphs.append(
                {
                    "number": action.paragraph,
                    "action": action.action,
                    "asked": action.asked,
                    "is_report": action.paragraph == table.reporting_paragraph,
                    "reports": [_report(r) for r in para.reports],
                    "flags": [{"note": f.note} for f in para.flags],
                }
            )
        themes.append({"title": title, "paragraphs": paragraphs})

    milestones = []
    for status in cov.milestones:
        para = cov.paragraphs[status.paragraph]
        statuses = Counter(
            STATUS_LABELS[r.report.status] for r in para.reports if r.role in ("lead", "partner")
        )
        reported = "; ".join(f"{label}: {n}" for label, n in statuses.most_common())
        recurring = status.milestone.recurring
        milestones.append(
            {
                "paragraph": status.paragraph,
                "event": status.milestone.event,
                "when": f"{recurring.capitalize()}; this cycle by {due_text(status)}"
                if recurring
                else due_text(status),
                "status": reported or "No report",
                "state": MILESTONE_STATE_LABELS[status.state],
            }
        )
    falling_due = [m for m in cov.milestones if m.date.year <= cycle.year]

    matrix_paragraphs = [p for p, ids in reference.accountable.items() if ids]
    status_of = {
        (r.entity.id, p): STATUS_LABELS[r.report.status]
        for p, para in cov.paragraphs.items()
        for r in para.reports
    }
    rows = []
    for entity in accountable:
        cells = []
        for p in matrix_paragraphs:
            label = status_of.get((entity.id, p)) or (MISSING if p in entity.asked else "")
            cells.append({"label": label, "fill": STATUS_FILLS[label]})
        rows.append({"name": entity.name, "cells": cells})

    return {
        "year": cycle.year,
        "date_text": date_text(day),
        "symbol": symbol(cycle.year),
        # The agenda documents of the front page's footnotes: the General Assembly's
        # preliminary list and the Council's provisional agenda.
        "ga_agenda_symbol": f"A/{ga_session(cycle.year)}/50",
        "ecosoc_agenda_symbol": f"E/{cycle.year}/1",
        "ga_session_title": ordinal_words(ga_session(cycle.year)),
        "resolution": table.resolution.removeprefix("A/RES/"),
        "adopted_text": date_text(table.adopted),
        "reporting_paragraph": table.reporting_paragraph,
        "counts": {
            "contributors": len(contributors),
            "accountable": len(accountable),
            "accountable_submitted": sum(1 for e in accountable if e.submitted),
            "paragraphs": len(cov.paragraphs),
            "paragraphs_reported": sum(1 for p in cov.paragraphs.values() if not p.gap),
            "milestones": len(falling_due),
            "met": sum(1 for m in falling_due if m.state is MilestoneState.MET),
            "overdue": sum(1 for m in falling_due if m.state is MilestoneState.OVERDUE),
            "due": sum(1 for m in falling_due if m.state is MilestoneState.DUE),
        },
        "contributors_text": join_names([f"the {e.name}" for e in contributors]),
        "themes": themes,
        "milestones": milestones,
        "matrix": {"paragraphs": matrix_paragraphs, "rows": rows},
        "contributors": [
            {
                "name": e.name,
                "submitted_on": date_text(dt.date.fromisoformat(e.submitted_on)),
                "paragraphs": ", ".join(str(p) for p in sorted(e.reported + e.voluntary)),
            }
            for e in contributors
        ],
        "outstanding": [
            {
                "name": e.name,
                "submission": "Received" if e.submitted else "None",
                "missing": ", ".join(str(p) for p in e.missing),
            }
            for e in accountable
            if e.missing
        ],
    }
