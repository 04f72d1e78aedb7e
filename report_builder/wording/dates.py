"""Dates as UN documents write them: '15 March 2027', day month year, no comma."""

from __future__ import annotations

import datetime as dt

from report_builder.analysis.coverage import MilestoneStatus

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def date_text(day: dt.date) -> str:
    """'15 March 2027'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def due_text(status: MilestoneStatus) -> str:
    """The due date as precise as the table gives it: '2027', 'May 2027', '15 May 2027';
    a recurring milestone names the cycle's occurrence."""
    by = status.milestone.by
    if by is None or isinstance(by, int):
        return str(status.date.year)
    if len(by) == 7:
        return f"{MONTHS[status.date.month - 1]} {status.date.year}"
    return date_text(status.date)


def recurring_due_text(status: MilestoneStatus) -> str:
    """When a milestone falls due: 'Every two years; this cycle by 2027' for a recurring
    one, else as ``due_text``."""
    recurring = status.milestone.recurring
    if recurring:
        return f"{recurring.capitalize()}; this cycle by {due_text(status)}"
    return due_text(status)
