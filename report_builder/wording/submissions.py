"""The warnings on submissions that are worded with the report's dates: a ``submitted``
date outside the period of the cycle's report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from report_builder.diagnostics import Diagnostic, Severity, setting
from report_builder.inputs.cycle import EntitySubmission, PeriodStart
from report_builder.wording.dates import date_text


def dating_warnings(
    submissions: Iterable[EntitySubmission], start: PeriodStart, day: dt.date | None = None
) -> list[Diagnostic]:
    """A warning on each ``submitted`` date before ``start``, or after ``day`` (the date
    given to the run, if any)."""
    warnings: list[Diagnostic] = []
    for s in submissions:
        sent = s.submission.submitted
        messages: list[str] = []
        if sent < start.first:
            messages.append(_too_early(sent, start, s.submission.cycle))
        if day is not None and sent > day:
            messages.append(
                f"{date_text(sent)} is after {date_text(day)}, the {setting('date')} of this "
                f"run; check the date: it should be the day this submission was sent, or "
                f"{setting('date')} is too early"
            )
        line, column = s.submitted_at
        warnings += [
            Diagnostic(s.file, line, column, "submitted", message, Severity.WARNING)
            for message in messages
        ]
    return warnings


def _too_early(sent: dt.date, start: PeriodStart, year: int) -> str:
    if start.end is None:
        return (
            f"{date_text(sent)} is before {date_text(start.first)}, the earliest the period "
            f"of the {year} report can begin; check the date: it should be the day this "
            "submission was sent"
        )
    source = (
        "its period_end in cycles.yaml" if start.recorded else "the date of its latest submission"
    )
    return (
        f"{date_text(sent)} is on or before {date_text(start.end)}, when the period of the "
        f"{start.earlier} report ended ({source}); check the date: it should be the day "
        "this submission was sent, after that period"
    )
