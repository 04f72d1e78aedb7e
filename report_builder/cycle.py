"""Loading one reporting cycle: the reference data and every submission in inputs/<YEAR>/."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, InputError, Severity, cap_problems, has_errors
from .files import folder_problem
from .models import SUMMARY_MAX_WORDS, Entity, Submission, word_count
from .reference import Reference, load_reference, read_file
from .validation import validate_document
from .yaml_reader import DEFAULT_LIMITS, Limits, YamlDocument

YEAR_MIN, YEAR_MAX = 2026, 2100
SUMMARY_WARN_WORDS = int(SUMMARY_MAX_WORDS * 0.9)


@dataclass(frozen=True)
class EntitySubmission:
    """A validated submission, with the entity its ``entity`` key stands for."""

    file: str
    entity: Entity
    submission: Submission


@dataclass(frozen=True)
class Cycle:
    """Everything a build needs, validated; ``warnings`` never stop a build."""

    year: int
    inputs: str
    reference: Reference
    submissions: tuple[EntitySubmission, ...]
    warnings: tuple[Diagnostic, ...]


def submission_folder(inputs: str | Path, year: int) -> Path:
    return Path(inputs) / str(year)


def is_ignored(name: str) -> bool:
    """Hidden files and editor leftovers, which are never submissions."""
    return name.startswith(".") or name.endswith(("~", ".swp", ".swo", ".bak", ".tmp"))


def discover(folder: Path) -> tuple[list[Path], list[Diagnostic]]:
    """The submission files in ``folder``, sorted, and notes on what was skipped."""
    files: list[Path] = []
    notes: list[Diagnostic] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except FileNotFoundError:
        return [], [
            Diagnostic(
                str(folder),
                0,
                0,
                "",
                "the folder does not exist: no submissions yet",
                Severity.WARNING,
            )
        ]
    except OSError as exc:
        why = folder_problem(folder) or f"cannot read the folder: {exc.strerror}"
        return [], [Diagnostic(str(folder), 0, 0, "", why)]
    real_folder = folder.resolve()
    for entry in entries:
        path = folder / entry.name
        if is_ignored(entry.name):
            continue

        def skip(why: str, path: Path = path) -> None:
            notes.append(Diagnostic(str(path), 0, 0, "", f"skipped: {why}", Severity.WARNING))

        # Windows users write ITU.YAML as readily as itu.yaml.
        if not entry.name.lower().endswith((".yaml", ".yml")):
            skip("not a .yaml or .yml file")
        elif entry.is_symlink() and (target := _link_target(path)) is None:
            # An error, not a note: it may well be an entity's submission.
            notes.append(
                Diagnostic(
                    str(path),
                    0,
                    0,
                    "",
                    "a symbolic link that leads nowhere (a loop, or a missing file); "
                    "replace it with the file itself",
                )
            )
        elif entry.is_symlink() and target != real_folder:
            skip("a symbolic link to a file outside this folder")
        elif not entry.is_file():
            skip("not a regular file")
        else:
            files.append(path)
    return files, notes


def _link_target(path: Path) -> Path | None:
    """The folder a symbolic link's file is in, or None when it leads nowhere."""
    try:
        return path.resolve(strict=True).parent
    except (OSError, RuntimeError):  # RuntimeError: a loop, before Python 3.13
        return None


def load_cycle(inputs: str | Path, year: int, limits: Limits = DEFAULT_LIMITS) -> Cycle:
    """Load and validate the reference data and every submission for ``year``.

    Raises InputError holding every error (and warning) in every file.
    """
    problems: list[Diagnostic] = []
    try:
        reference: Reference | None = load_reference(inputs, limits)
    except InputError as exc:
        reference = None
        problems += exc.diagnostics
    files, notes = discover(submission_folder(inputs, year))
    problems += notes
    submissions: list[EntitySubmission] = []
    first_file: dict[str, str] = {}
    for path in files:
        doc = read_file(path, str(path), limits)
        submission = validate_document(doc, Submission)
        # Two files from one entity are worth knowing about even while either has errors.
        named = _named_entity(doc, reference)
        duplicate = named is not None and named.id in first_file
        if named is not None and duplicate:
            doc.error(
                ("entity",),
                f"a second submission from {named.id}; {first_file[named.id]} is already "
                "one. Merge the two files into one",
                subject="entity",
            )
        elif named is not None:
            first_file[named.id] = doc.file
        if submission is not None and reference is not None:
            entity = _check_submission(doc, submission, reference, year)
            if entity is not None and not duplicate:
                submissions.append(EntitySubmission(doc.file, entity, submission))
        problems += cap_problems(doc.problems, doc.file, limits.max_errors)
    if reference is None or has_errors(problems):
        raise InputError(problems)
    return Cycle(year, str(inputs), reference, tuple(submissions), tuple(sorted(problems)))


def _named_entity(doc: YamlDocument, reference: Reference | None) -> Entity | None:
    """The organization a file's ``entity`` key names, whether or not the file is valid."""
    name = doc.data.get("entity") if isinstance(doc.data, dict) else None
    if reference is None or not isinstance(name, str):
        return None
    entity = reference.registry.find(name)
    return entity if entity is not None and entity.kind == "organization" else None


def _check_submission(
    doc: YamlDocument, submission: Submission, reference: Reference, year: int
) -> Entity | None:
    """Checks that need the reference data; returns the resolved entity when it is valid."""
    errors_before = len(doc.problems)
    registry = reference.registry
    entity = registry.find(submission.entity)
    if entity is None:
        doc.error(
            ("entity",),
            f"unknown entity '{submission.entity}'{registry.suggest(submission.entity)}; use "
            "an id, full name or alias from entities.yaml",
            subject="entity",
        )
    elif entity.kind != "organization":
        members = ", ".join(registry.expand(entity.id)) or "none"
        doc.error(
            ("entity",),
            f"'{submission.entity}' is a {entity.kind}, not an organization; each member "
            f"submits for itself (members: {members})",
            subject="entity",
        )
    if submission.cycle != year:
        doc.error(
            ("cycle",),
            f"the submission is for cycle {submission.cycle}, but this is the {year} cycle; "
            f"move the file to inputs/{submission.cycle}/ or correct the year",
            subject="cycle",
        )
    seen: dict[int, int] = {}
    for i, report in enumerate(submission.reports):
        where = ("reports", i, "paragraph")
        subject = f"reports[{i}].paragraph"
        if report.paragraph not in reference.actions:
            doc.error(
                where,
                f"paragraph {report.paragraph} is not in the action table",
                subject=subject,
            )
        elif report.paragraph in seen:
            doc.error(
                where,
                f"paragraph {report.paragraph} is already reported in "
                f"reports[{seen[report.paragraph]}]; combine the two",
                subject=subject,
            )
        else:
            seen[report.paragraph] = i
            if (
                entity is not None
                and entity.kind == "organization"
                and not reference.is_named(entity.id, report.paragraph)
            ):
                doc.warn(
                    where,
                    f"voluntary report: {entity.id} is not asked to act on paragraph "
                    f"{report.paragraph}; the draft marks it as voluntary",
                    subject=subject,
                )
        words = word_count(report.summary)
        if words >= SUMMARY_WARN_WORDS:
            doc.warn(
                ("reports", i, "summary"),
                f"{words} words, near the limit of {SUMMARY_MAX_WORDS}",
                subject=f"reports[{i}].summary",
            )
    return None if has_errors(doc.problems[errors_before:]) else entity
