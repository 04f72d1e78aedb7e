"""What changed since the previous build: pure functions over build records.

A record is what one build read: its date, the hash of every input file, and a hash of
each report of each submission, so that a changed file can be traced to the reports that
changed in it. The manifest keeps the records of an output folder; "the previous build" is
the latest one whose inputs differ from this build's, so that rebuilding unchanged inputs
keeps the same markers and gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Collection
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from report_builder.inputs.cycle import Cycle


def report_hash(report: Any) -> str:
    return hashlib.sha256(report.model_dump_json().encode("utf-8")).hexdigest()


def build_record(cycle: Cycle, day: dt.date, input_hashes: dict[str, str]) -> dict[str, Any]:
    """The record of this build: ``input_hashes`` maps each input file read to its hash."""
    return {
        "date": day.isoformat(),
        "inputs": dict(sorted(input_hashes.items())),
        "submissions": {
            s.file: {
                "entity": s.entity.id,
                "reports": {str(r.paragraph): report_hash(r) for r in s.submission.reports},
            }
            for s in sorted(cycle.submissions, key=lambda s: s.file)
        },
    }


class Mark(StrEnum):
    """How a report differs from the previous build's."""

    NEW = "new"
    CHANGED = "changed"


@dataclass(frozen=True)
class SinceBuild:
    """What changed since the previous build whose inputs differed."""

    date: dt.date
    new_files: tuple[str, ...] = ()
    changed_files: tuple[str, ...] = ()
    withdrawn_files: tuple[str, ...] = ()
    other_inputs: tuple[str, ...] = ()
    """Inputs other than submissions that changed: the reference data, the templates."""
    marks: dict[tuple[str, int], Mark] = field(default_factory=dict)
    """(entity id, paragraph) -> how its report differs."""

    @property
    def submissions_changed(self) -> int:
        return len(self.new_files) + len(self.changed_files) + len(self.withdrawn_files)


def valid_records(history: Any) -> list[dict[str, Any]] | None:
    """The records in a manifest's history, or None when it is not what a build wrote."""
    if not isinstance(history, list):
        return None
    for record in history:
        if not (
            isinstance(record, dict)
            and isinstance(record.get("date"), str)
            and isinstance(record.get("inputs"), dict)
            and isinstance(record.get("submissions"), dict)
            and all(
                isinstance(s, dict) and isinstance(s.get("reports"), dict)
                for s in record["submissions"].values()
            )
        ):
            return None
        try:
            dt.date.fromisoformat(record["date"])
        except ValueError:
            return None
    return history


def since_last_build(history: list[dict[str, Any]], record: dict[str, Any]) -> SinceBuild | None:
    """Compare ``record`` with the latest build in ``history`` whose inputs differ, or
    None when there is none."""
    previous = next((r for r in reversed(history) if r["inputs"] != record["inputs"]), None)
    if previous is None:
        return None
    before, now = previous["submissions"], record["submissions"]
    marks: dict[tuple[str, int], Mark] = {}
    for file, submission in now.items():
        earlier = _same_entity(before, file, submission["entity"])
        for paragraph, digest in submission["reports"].items():
            old = earlier["reports"].get(paragraph) if earlier else None
            if old is None:
                marks[(submission["entity"], int(paragraph))] = Mark.NEW
            elif old != digest:
                marks[(submission["entity"], int(paragraph))] = Mark.CHANGED
    submission_files = set(before) | set(now)
    return SinceBuild(
        date=dt.date.fromisoformat(previous["date"]),
        new_files=tuple(sorted(set(now) - set(before))),
        changed_files=tuple(
            sorted(
                f
                for f in set(now) & set(before)
                if previous["inputs"].get(f) != record["inputs"].get(f)
            )
        ),
        withdrawn_files=tuple(sorted(set(before) - set(now))),
        other_inputs=tuple(
            sorted(
                name
                for name in set(record["inputs"]) | set(previous["inputs"])
                if name not in submission_files
                and previous["inputs"].get(name) != record["inputs"].get(name)
            )
        ),
        marks=marks,
    )


def _same_entity(before: dict[str, Any], file: str, entity: str) -> dict[str, Any] | None:
    """The entity's submission in the previous build: the same file, or its file under
    another name."""
    if file in before and before[file].get("entity") == entity:
        result: dict[str, Any] = before[file]
        return result
    return next((s for s in before.values() if s.get("entity") == entity), None)


def remembered(
    history: list[dict[str, Any]], record: dict[str, Any], builds: Collection[str]
) -> list[dict[str, Any]]:
    """The history to write after this build, bounded: this record (or the latest, when
    it read the same inputs, with this build added to it), the latest one whose inputs
    differ (what changed since the last build is told against it), and the record of
    each of ``builds`` (the builds the reports in the folder came from)."""
    build = record.get("builds", [])
    if history and history[-1]["inputs"] == record["inputs"]:
        latest = dict(history[-1])
        latest["builds"] = [
            *latest.get("builds", []),
            *(b for b in build if b not in latest.get("builds", [])),
        ]
        history = [*history[:-1], latest]
    else:
        history = [*history, record]
    latest = history[-1]
    differing = next((r for r in reversed(history) if r["inputs"] != latest["inputs"]), None)
    wanted = set(builds)
    return [
        r
        for r in history
        if r is latest or r is differing or wanted.intersection(r.get("builds", []))
    ]


def record_of(history: list[dict[str, Any]], build: str) -> dict[str, Any] | None:
    """The record of the build whose report's document.xml has hash ``build``."""
    return next((r for r in reversed(history) if build in r.get("builds", [])), None)
