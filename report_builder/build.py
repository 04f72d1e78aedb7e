"""``build``: load, validate, analyse, render and write the draft of one cycle."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from .context import build_context, symbol
from .coverage import Coverage, Flag, FlagKind, coverage
from .cycle import load_cycle
from .diagnostics import BuildError, Diagnostic, Severity, printable
from .output import TEMP_PREFIX, build_time, write_outputs
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


def draft_path(output: str | Path | None, year: int) -> Path:
    """Where the draft goes: ``output`` when it names a .docx file, else the default.

    Checked before anything is loaded, so that a mistyped --output costs nothing and
    can never make the build write something other than a draft: a folder, standard
    output, or the name of a file the build writes beside the draft.
    """
    if output is None:
        return default_output(year)
    text = os.fspath(output)
    shown = printable(text)
    if text.strip() in ("", "-"):
        raise BuildError(
            f"--output {shown!r}: give the draft's file name, ending in .docx (the draft "
            "cannot go to standard output)"
        )
    path = Path(text)
    if text.endswith(("/", os.sep)) or path.is_dir():
        raise BuildError(
            f"--output {shown}: a folder; give the draft's file name, such as "
            f"{printable(str(path / f'WSIS-report-{year}-draft.docx'))}"
        )
    if path.suffix.lower() != ".docx":
        raise BuildError(f"--output {shown}: the draft must be a Word file ending in .docx")
    if path.name.startswith((TEMP_PREFIX, "~$")):
        raise BuildError(
            f"--output {shown}: names starting with {TEMP_PREFIX!r} (report-builder's "
            "temporary files) or '~$' (Word's lock files) are not for drafts"
        )
    return path


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

    draft = draft_path(output, year)
    build_time(date)  # refuses a date a .docx cannot hold before any work is done
    clock = _Stopwatch()
    cycle = load_cycle(inputs, year, limits)
    clock.lap("load and validate")
    cov = coverage(cycle)
    clock.lap("analyse")
    day = date or dt.date.today()
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
