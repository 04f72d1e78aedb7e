"""The words for states and statuses where a sentence or a table cell needs them."""

from __future__ import annotations

from report_builder.analysis.coverage import MilestoneState
from report_builder.inputs.models import STATUS_LABELS

MILESTONE_STATE_LABELS = {
    MilestoneState.MET: "Met",
    MilestoneState.OVERDUE: "Overdue",
    MilestoneState.DUE: "Due",
    MilestoneState.NOT_YET_DUE: "Not yet due",
}


# Where an entity made no report, in a table cell.
NO_REPORT = "No report"

# The statuses as a sentence says them: 'from in progress to planned'.
STATUS_WORDS = {status: label.lower() for status, label in STATUS_LABELS.items()}
STATUS_WORDS[""] = NO_REPORT.lower()
