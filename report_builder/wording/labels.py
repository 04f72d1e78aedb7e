"""The words for states and statuses where a sentence or a table cell needs them."""

from __future__ import annotations

from report_builder.analysis.coverage import MilestoneState

MILESTONE_STATE_LABELS = {
    MilestoneState.MET: "Met",
    MilestoneState.OVERDUE: "Overdue",
    MilestoneState.DUE: "Due",
    MilestoneState.NOT_YET_DUE: "Not yet due",
}

STATUS_WORDS = {
    "not_started": "not started",
    "planned": "planned",
    "in_progress": "in progress",
    "completed": "completed",
    "ongoing": "ongoing",
    "": "no report",
}

# Where an entity made no report, in a table cell.
NO_REPORT = "No report"
