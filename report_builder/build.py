"""``build``: load, validate, analyse, render and write the draft of one cycle."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import time
from dataclasses import dataclass
from pathlib import Path

from .context import build_context, symbol
from .coverage import Coverage, Flag, FlagKind, coverage
from .cycle import load_cycle, no_submissions
from .diagnostics import Diagnostic, InputError, Severity
from .output import write_outputs
from .yaml_reader import DEFAULT_LIMITS, Limits

COVERAGE_FILE = "coverage.json"
MISSING_FILE = "missing-submissions.csv"


@dataclass(frozen=True)
class BuildResult:
    draft: Path
    written: tuple[Path, ...]
    flags: tuple[Flag, ...]
    flag_counts: dict[FlagKind, int]
    word_count: int
    warnings: tuple[Diagnostic, ...]
    timings: dict[str, float]
    """Seconds spent in each stage: load and validate, analyse, render, write."""


def default_output(year: int) -> Path:
    return Path("outputs") / str(year) / f"WSIS-report-{year}-draft.docx"


def coverage_json(cov: Coverage) -> bytes:
    return (json.dumps(cov.as_json(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def missing_csv(cov: Coverage) -> bytes:
    """One row per accountable entity and paragraph without a report, for chasing."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["entity_id", "entity_name", "paragraph", "flag"])
    for flag in cov.flags:
        if flag.entity_id:
            writer.writerow([flag.entity_id, flag.entity_name, flag.paragraph, flag.kind.value])
    return out.getvalue().encode("utf-8")


def build(
    year: int,
    inputs: str | Path = "inputs",
    template: str | Path | None = None,
    output: str | Path | None = None,
    date: dt.date | None = None,
    force: bool = False,
    track_changes: bool = True,
    limits: Limits = DEFAULT_LIMITS,
) -> BuildResult:
    """Build the Word draft of cycle ``year``, with coverage.json and
    missing-submissions.csv beside it.

    Raises InputError (invalid inputs) or BuildError (template or output problems); in
    both cases nothing is written.
    """
    # Imported here so that validate and status never pay for loading the Word libraries.
    from .render import DEFAULT_TEMPLATE, TITLE, WORD_LIMIT, render_draft

    clock = _Stopwatch()
    cycle = load_cycle(inputs, year, limits)
    # A draft in which every entity is missing helps nobody; a typo in --inputs or the
    # year is the likelier cause.
    absent = no_submissions(inputs, year)
    if absent is not None:
        raise InputError([absent])
    clock.lap("load and validate")
    cov = coverage(cycle)
    clock.lap("analyse")
    day = date or dt.date.today()
    draft = Path(output) if output is not None else default_output(year)
    flags = cov.flags
    rendered = render_draft(
        Path(template) if template is not None else DEFAULT_TEMPLATE,
        build_context(cycle, cov, day),
        {flag.note: flag.comment for flag in flags},
        day,
        {
            "title": TITLE,
            "subject": f"Report of the Secretary-General, {symbol(year)}",
            "keywords": f"WSIS; {cycle.reference.table.resolution}; CSTD; ECOSOC; {year}",
            "comments": f"Draft built by report-builder from {len(cycle.submissions)} "
            f"submissions for the {year} cycle.",
        },
        track_changes=track_changes,
    )
    clock.lap("render")
    warnings = list(cycle.warnings)
    if rendered.word_count > WORD_LIMIT:
        warnings.append(
            Diagnostic(
                str(draft),
                0,
                0,
                "",
                f"the report has {rendered.word_count:,} words without annexes, over the "
                f"limit of {WORD_LIMIT:,} for Secretariat reports",
                Severity.WARNING,
            )
        )
    written = write_outputs(
        {
            draft: rendered.docx,
            draft.parent / COVERAGE_FILE: coverage_json(cov),
            draft.parent / MISSING_FILE: missing_csv(cov),
        },
        force=force,
    )
    clock.lap("write")
    return BuildResult(
        draft,
        tuple(written),
        tuple(flags),
        cov.flag_counts(),
        rendered.word_count,
        tuple(warnings),
        clock.laps,
    )


class _Stopwatch:
    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps[stage] = now - self._last
        self._last = now
