"""One build's settings, made once (by the command line, or from ``build``'s keyword
arguments) and passed down: each setting has its one default here, and the build's date
and timestamp are fixed the first time the build asks for them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from report_builder.inputs.cycle import AUTO, DEFAULT_INPUTS
from report_builder.inputs.yaml_reader import DEFAULT_LIMITS, Limits
from report_builder.outputs.package import build_time
from report_builder.resources import default_contributions_template, default_template

# The limit of a Secretariat report, in words, from the masthead to the annexes.
WORD_LIMIT = 8500


@dataclass(frozen=True)
class Settings:
    """What a build reads, where it writes, and how."""

    inputs: Path = DEFAULT_INPUTS
    template: Path = field(default_factory=default_template)
    contributions_template: Path = field(default_factory=default_contributions_template)
    output: str | Path | None = None
    """The draft's file; None for outputs/YEAR/WSIS-report-YEAR-draft.docx."""
    date: dt.date | None = None
    """The report's date, by which milestones are judged; None for today."""
    force: bool = False
    track_changes: bool = True
    word_limit: int | None = None
    """The report's word limit; None for the year's word_limit in inputs/cycles.yaml, or
    else WORD_LIMIT."""
    previous: int | str | None = AUTO
    """The earlier cycle to compare with: a year, None for none, or the latest earlier one."""
    limits: Limits = DEFAULT_LIMITS

    def __post_init__(self) -> None:
        # Paths may be given as text; frozen, so set as dataclasses document.
        for name in ("inputs", "template", "contributions_template"):
            object.__setattr__(self, name, Path(getattr(self, name)))

    @cached_property
    def day(self) -> dt.date:
        """The report's date, today's when none was given: one date for the whole build."""
        return self.date or dt.date.today()

    @cached_property
    def stamp(self) -> dt.datetime:
        """The one time stamped into every file the build writes. Raises BuildError for a
        date a .docx cannot hold."""
        return build_time(self.day)
