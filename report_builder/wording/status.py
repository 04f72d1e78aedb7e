"""The terminal view of a cycle's coverage (``build-report status``)."""

from __future__ import annotations

import shutil

from report_builder.analysis.coverage import Coverage, MilestoneState
from report_builder.analysis.history import SinceBuild
from report_builder.diagnostics import printable
from report_builder.wording.dates import date_text, due_text


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _numbers(values: tuple[int, ...]) -> str:
    return ", ".join(str(v) for v in values) or "-"


def format_status(cov: Coverage, width: int | None = None) -> str:
    width = width or shutil.get_terminal_size((100, 24)).columns
    accountable = [e for e in cov.entities if e.asked]
    submitted = [e for e in accountable if e.submitted]
    reported = [p for p in cov.paragraphs.values() if not p.gap]
    lines = [
        f"Cycle {cov.cycle}: {len(submitted)} of {len(accountable)} accountable entities "
        f"submitted; {len(reported)} of {len(cov.paragraphs)} paragraphs have reports.",
        "",
    ]
    id_width = max((len(e.id) for e in cov.entities), default=2)
    name_width = max(20, min(44, width - id_width - 40))
    header = f"{'Entity':<{id_width}}  {'Name':<{name_width}}  {'Submitted':<10}  Missing"
    lines += [header, "-" * min(width, len(header) + 20)]
    # An organ is not chased: the Secretariat records its action, as the footer says.
    awaiting: dict[str, tuple[int, ...]] = {}
    for p in cov.paragraphs.values():
        for organ in p.to_be_completed:
            awaiting[organ] = (*awaiting.get(organ, ()), p.paragraph)
    for e in cov.entities:
        when = e.submitted_on if e.submitted else "no"
        missing = _numbers(e.missing)
        if e.id in awaiting:
            missing += f"  (to be completed by the Secretariat: {_numbers(awaiting[e.id])})"
        if e.voluntary:
            missing += f"  (voluntary: {_numbers(e.voluntary)})"
        lines.append(
            f"{e.id:<{id_width}}  {_shorten(e.name, name_width):<{name_width}}  {when:<10}  "
            f"{missing}"
        )
    gaps = tuple(p.paragraph for p in cov.paragraphs.values() if p.gap)
    lines += ["", f"Paragraphs without reports: {_numbers(gaps)}"]
    overdue = [m for m in cov.milestones if m.state is MilestoneState.OVERDUE]
    lines.append(f"Overdue milestones as of {cov.as_of}:" + ("" if overdue else " none"))
    lines += [
        f"  paragraph {m.paragraph}, due by {due_text(m)}: {m.milestone.event}" for m in overdue
    ]
    lines += _since(cov)
    unrecorded = [p for p in cov.paragraphs.values() if p.to_be_completed]
    if unrecorded:
        lines.append("To be completed by the Secretariat (action by organs):")
        lines += [f"  paragraph {p.paragraph}: {', '.join(p.to_be_completed)}" for p in unrecorded]
    return "\n".join(lines)


def _since(cov: Coverage) -> list[str]:
    """The short 'since <previous cycle>' block."""
    if cov.previous_cycle is None:
        return []
    every = [c for p in cov.paragraphs.values() for c in p.changes]
    # Reports not renewed are not movement: they are counted apart.
    changes = [c for c in every if c.kind == "status"]
    moved = {p.paragraph for p in cov.paragraphs.values() for c in p.changes if c.kind == "status"}
    new = sum(c.kind == "new" for c in every)
    dropped = sum(c.kind == "not_renewed" for c in every)
    lines = [
        f"Since {cov.previous_cycle}: {len(changes)} change{'s' * (len(changes) != 1)} of "
        f"status on {len(moved)} paragraph{'s' * (len(moved) != 1)} "
        f"({sum(c.completed for c in changes)} completed, "
        f"{sum(c.started for c in changes)} started); {new} new report{'s' * (new != 1)}; "
        f"{dropped} report{'s' * (dropped != 1)} not renewed."
    ]
    for p in cov.paragraphs.values():
        regressed = [c for c in p.changes if c.regressed]
        if regressed:
            lines.append(
                f"  regressed on paragraph {p.paragraph}: "
                + ", ".join(f"{c.entity.id} ({c.previous} -> {c.current})" for c in regressed)
            )
    met = [m for m in cov.milestones if m.met_since]
    lines.append(
        "  milestones met since: "
        + (", ".join(f"paragraph {m.paragraph} ({m.milestone.event})" for m in met) or "none")
    )
    return lines


def _names(files: tuple[str, ...]) -> str:
    """File names from a build record, escaped: a name cannot forge a line."""
    return ", ".join(printable(name) for name in files)


def since_text(since: SinceBuild) -> str:
    """What changed since the previous build, file by file."""
    lines = [f"Since the build of {date_text(since.date)}:"]
    for label, files in (
        ("new", since.new_files),
        ("changed", since.changed_files),
        ("withdrawn", since.withdrawn_files),
    ):
        lines.append(
            f"  {len(files)} {label} submission{'s' * (len(files) != 1)}"
            + (f": {_names(files)}" if files else "")
        )
    if since.other_inputs:
        lines.append(f"  also changed: {_names(since.other_inputs)}")
    return "\n".join(lines)
