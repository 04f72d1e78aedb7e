"""One build's settings, made once (by the command line, or from ``build``'s keyword
arguments) and passed down: each setting has its one default here, and the build's
timestamp is fixed when the settings are made."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from report_builder.inputs.cycle import AUTO
from report_builder.inputs.yaml_reader import DEFAULT_LIMITS, Limits
from report_builder.outputs.package import build_time
from report_builder.resources import CONTRIBUTIONS_TEMPLATE_NAME, default_template

# The limit of a Secretariat report, in words, from the masthead to the annexes.
WORD_LIMIT = 8500


def _contributions_template() -> Path:
    return default_template(CONTRIBUTIONS_TEMPLATE_NAME)


@dataclass(frozen=True)
class Settings:
    """What a build reads, where it writes, and how."""

    inputs: Path = Path("inputs")
    template: Path = field(default_factory=default_template)
    contributions_template: Path = field(default_factory=_contributions_template)
    output: str | Path | None = None
    """The draft's file; None for outputs/YEAR/WSIS-report-YEAR-draft.docx."""
    date: dt.date | None = None
    """The report's date, by which milestones are judged; None for today."""
    force: bool = False
    track_changes: bool = True
    word_limit: int = WORD_LIMIT
    previous: int | str | None = AUTO
    """The earlier cycle to compare with: a year, None for none, or the latest earlier one."""
    limits: Limits = DEFAULT_LIMITS
    day: dt.date = field(init=False)
    """The report's date, today's when none was given: one date for the whole build."""
    stamp: dt.datetime = field(init=False)
    """The one time stamped into every file the build writes."""

    def __post_init__(self) -> None:
        # Frozen: the derived fields are set once, here, as dataclasses document.
        object.__setattr__(self, "inputs", Path(self.inputs))
        object.__setattr__(self, "template", Path(self.template))
        object.__setattr__(self, "contributions_template", Path(self.contributions_template))
        day = self.date or dt.date.today()
        object.__setattr__(self, "day", day)
        # Refuses a date a .docx cannot hold before any work is done.
        object.__setattr__(self, "stamp", build_time(day))
