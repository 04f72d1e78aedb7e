"""Loading one reporting cycle: the reference data and every submission in inputs/<YEAR>/."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from report_builder.diagnostics import (
    BuildError,
    Diagnostic,
    InputError,
    Severity,
    Shown,
    cap_problems,
    did_you_mean,
    format_path,
    has_errors,
    printable,
    setting,
)
from report_builder.files import folder_problem
from report_builder.inputs.cycles import CycleSettings, read_cycle_settings
from report_builder.inputs.language import LANGUAGE_NAMES, is_foreign
from report_builder.inputs.models import (
    FREE_TEXT,
    SUMMARY_MAX_WORDS,
    Entity,
    Report,
    Submission,
)
from report_builder.inputs.pasted import bullet_lines, char_label, pictographs
from report_builder.inputs.reference import Reference, Registry, load_reference, read_file
from report_builder.inputs.sentences import labels
from report_builder.inputs.validation import validate_document
from report_builder.inputs.words import word_count
from report_builder.inputs.yaml_reader import (
    DEFAULT_LIMITS,
    Limits,
    YamlDocument,
    check_cut_comments,
    read_yaml,
)

SUMMARY_WARN_WORDS = int(SUMMARY_MAX_WORDS * 0.9)
# A highlight that begins "We" or "Our", which the report would quote under the entity's name.
_FIRST_PERSON = re.compile(r"(we|our)\b", re.IGNORECASE)


@dataclass(frozen=True)
class EntitySubmission:
    """A validated submission, with the entity its ``entity`` key stands for."""

    file: str
    entity: Entity
    submission: Submission
    submitted_at: tuple[int, int] = (0, 0)
    """The line and column of the file's ``submitted`` date."""


@dataclass(frozen=True)
class Cycle:
    """Everything a build needs, validated; ``warnings`` never stop a build.

    Several warnings alike in one file come with a line summing them up; print
    ``diagnostics.for_display(warnings, verbose)`` to show one or the other. ``settings``
    are the year's block of inputs/cycles.yaml (every default without one).
    """

    year: int
    inputs: str
    reference: Reference
    submissions: tuple[EntitySubmission, ...]
    warnings: tuple[Diagnostic, ...]
    settings: CycleSettings = field(default_factory=CycleSettings)


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
                "the folder does not exist: no submissions yet; " + _where_submissions_go(folder),
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
        undecodable = _undecodable(entry.name)
        shown = str(folder / undecodable) if undecodable else str(path)

        def skip(why: str, shown: str = shown) -> None:
            notes.append(Diagnostic(shown, 0, 0, "", f"skipped: {why}", Severity.WARNING))

        # Windows users write ITU.YAML as readily as itu.yaml.
        if not entry.name.lower().endswith((".yaml", ".yml")):
            skip("not a .yaml or .yml file")
        elif undecodable:
            # An error, not a note: it may well be an entity's submission, and its name
            # could be neither shown as it is nor recorded in coverage.json.
            notes.append(
                Diagnostic(
                    shown,
                    0,
                    0,
                    "",
                    "the file's name is not valid UTF-8 (as happens when an archive made on "
                    "Windows is unzipped); rename it, using the letters a-z, digits and "
                    "hyphens, such as itu.yaml",
                )
            )
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


@dataclass(frozen=True)
class Checked:
    """Submissions (files, or text) checked on their own, outside a cycle's folder."""

    submissions: tuple[EntitySubmission, ...]
    warnings: tuple[Diagnostic, ...]


def _undecodable(name: str) -> str | None:
    """``name`` with each byte that is not UTF-8 written as \\xNN; None when it is all
    UTF-8. Python keeps such bytes in a name as lone surrogates, which no text file,
    message or JSON may hold."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "backslashreplace")
    return None


def _link_target(path: Path) -> Path | None:
    """The folder a symbolic link's file is in, or None when it leads nowhere."""
    try:
        return path.resolve(strict=True).parent
    except (OSError, RuntimeError):  # RuntimeError: a loop, before Python 3.13
        return None


def load_cycle(inputs: str | Path, year: int, limits: Limits = DEFAULT_LIMITS) -> Cycle:
    """Load and validate the reference data, the year's settings in cycles.yaml and every
    submission for ``year``.

    Raises InputError holding every error (and warning) in every file.
    """
    files, notes = discover(submission_folder(inputs, year))
    reference, submissions, problems = _load(inputs, year, _read_files(files, limits), limits)
    settings, setting_problems = read_cycle_settings(inputs, year, limits)
    problems += notes + setting_problems
    if reference is not None:
        # The reference data's warnings (actions without a title) concern the whole cycle:
        # checking files on their own leaves them out.
        problems += reference.warnings
    if reference is None or has_errors(problems):
        raise InputError(problems)
    return Cycle(year, str(inputs), reference, submissions, tuple(sorted(problems)), settings)


def check_files(
    inputs: str | Path, year: int, files: Sequence[Path], limits: Limits = DEFAULT_LIMITS
) -> Checked:
    """Validate only ``files`` (anywhere on disk) as submissions for ``year``, against the
    reference data in ``inputs``; the rest of the cycle is not read.

    Raises InputError holding every error (and warning) in these files.
    """
    return _check(inputs, year, _read_files(files, limits), limits)


def check_text(
    inputs: str | Path, year: int, text: str, *, name: str, limits: Limits = DEFAULT_LIMITS
) -> Checked:
    """Validate ``text`` as a submission for ``year`` against the reference data in
    ``inputs``, as ``check_files`` validates a file: the same checks, and the same messages
    and positions as for a file ``name`` holding ``text`` in UTF-8. ``name`` is what the
    problems show as their file (``Downloads/fao.docx``, ``inputs/2027/fao.yaml``).

    Raises InputError holding every error (and warning) in the text.
    """
    # The bytes a file would hold, so that the size limit counts what it counts in a
    # file; a lone surrogate, which no file can hold, then shows as a byte that is not
    # UTF-8, where it stands, rather than raising.
    raw = text.encode("utf-8", "surrogatepass")
    return _check(inputs, year, [read_yaml(raw, name, limits)], limits)


def _check(inputs: str | Path, year: int, docs: Iterable[YamlDocument], limits: Limits) -> Checked:
    reference, submissions, problems = _load(inputs, year, docs, limits)
    if reference is None or has_errors(problems):
        raise InputError(problems)
    return Checked(submissions, tuple(sorted(problems)))


def _read_files(files: Iterable[Path], limits: Limits) -> Iterator[YamlDocument]:
    """Each file as ``read_file`` reads it, one at a time as it is validated, so that a
    whole cycle's node trees are never held at once."""
    return (read_file(path, str(path), limits) for path in files)


def no_submissions(inputs: str | Path, year: int) -> Diagnostic | None:
    """The error for a build of a cycle whose folder does not exist, or None."""
    folder = submission_folder(inputs, year)
    if folder.is_dir():
        return None
    return Diagnostic(
        str(folder),
        0,
        0,
        "",
        f"no submissions for {year} in {folder}{os.sep} (the folder does not exist); "
        + _where_submissions_go(folder),
    )


def _where_submissions_go(folder: Path) -> str:
    return (
        f"submissions go in {folder}{os.sep}, or point {setting('inputs')} at the folder "
        f"that holds {folder.name}{os.sep}"
    )


def previous_year(inputs: str | Path, year: int) -> int | None:
    """The latest cycle before ``year`` whose folder in ``inputs`` holds submissions."""
    try:
        entries = list(os.scandir(inputs))
    except OSError:
        return None
    years = [
        int(e.name)
        for e in entries
        if re.fullmatch(r"\d{4}", e.name) and int(e.name) < year and _is_folder(e)
    ]
    for earlier in sorted(years, reverse=True):
        if discover(submission_folder(inputs, earlier))[0]:
            return earlier
    return None


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a link in a loop, or one too deep to follow, holds no cycle
        return False


def _leads_nowhere(entry: os.DirEntry[str]) -> bool:
    return entry.is_symlink() and _link_target(Path(entry.path)) is None


@dataclass(frozen=True)
class Earlier:
    """The submissions of an earlier cycle, read against today's reference data."""

    year: int
    submissions: tuple[EntitySubmission, ...]
    period_end: dt.date | None = None
    """The last day its report covered, where cycles.yaml records it."""
    older: tuple[Earlier, ...] = ()
    """The cycles before it with valid submissions, latest first: what it leaves open may
    have been done in one of them."""

    @property
    def chain(self) -> tuple[Earlier, ...]:
        """This cycle and the older ones, latest first."""
        return (self, *self.older)


def load_earlier(
    inputs: str | Path, year: int, limits: Limits = DEFAULT_LIMITS, chain: bool = True
) -> tuple[Earlier | None, list[Diagnostic]]:
    """The earlier cycle ``year`` to compare with, or None and why not.

    Its files are read against today's reference data: a report on a paragraph that is no
    longer in the action table is compared by its number, with a warning. A cycle with
    any other error is not compared at all, and that is a warning too: an earlier cycle
    never stops today's build. With ``chain``, the older cycles are read too, each the
    same way.
    """
    files, _ = discover(submission_folder(inputs, year))
    docs = _read_files(files, limits)
    reference, submissions, problems = _load(inputs, year, docs, limits, earlier=True)
    if reference is None or has_errors(problems):
        errors = sum(1 for d in problems if d.severity is Severity.ERROR)
        why = Diagnostic(
            str(submission_folder(inputs, year)),
            0,
            0,
            "",
            f"the {year} cycle has {errors} error{'s' * (errors != 1)} against today's "
            f"reference data (see: build-report validate {year}), so the comparison with "
            f"{year} is skipped; pass {setting('previous')} none to stop this warning",
            Severity.WARNING,
        )
        return None, [why]
    older: list[Earlier] = []
    warnings = [d for d in problems if d.severity is Severity.WARNING]
    before = previous_year(inputs, year) if chain else None
    while before is not None:
        found, notes = load_earlier(inputs, before, limits, chain=False)
        warnings += notes
        if found is not None:
            older.append(found)
        before = previous_year(inputs, before)
    settings, _ = read_cycle_settings(inputs, year, limits)
    return Earlier(year, submissions, settings.period_end, tuple(older)), warnings


AUTO = "auto"
# Where the reference data and the cycles' folders are, relative to where the command runs.
DEFAULT_INPUTS = Path("inputs")


def load_earlier_if_any(
    inputs: str | Path, year: int, limits: Limits = DEFAULT_LIMITS
) -> tuple[Earlier | None, list[Diagnostic]]:
    """The latest earlier cycle with submissions, as ``load_earlier`` reads it, or None."""
    chosen = previous_year(inputs, year)
    found, notes = (None, []) if chosen is None else load_earlier(inputs, chosen, limits)
    return found, [*_cycle_links_leading_nowhere(inputs, year), *notes]


def _cycle_links_leading_nowhere(inputs: str | Path, year: int) -> list[Diagnostic]:
    """A note for each earlier cycle's folder that is a symbolic link in a loop, or one
    that cannot be followed: it holds no submissions to compare with."""
    try:
        entries = list(os.scandir(inputs))
    except OSError:
        return []
    return [
        Diagnostic(
            str(submission_folder(inputs, int(e.name))),
            0,
            0,
            "",
            "a symbolic link that leads nowhere (a loop, or a missing folder), so this cycle "
            "is not compared; replace it with the folder itself, or remove it",
            Severity.WARNING,
        )
        for e in sorted(entries, key=lambda e: e.name)
        if re.fullmatch(r"\d{4}", e.name) and int(e.name) < year and _leads_nowhere(e)
    ]


def earlier_cycle(
    inputs: str | Path,
    year: int,
    previous: int | str | None = AUTO,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[Earlier | None, list[Diagnostic]]:
    """The cycle to compare ``year`` with: ``previous`` (a year), none (None), or by
    default the latest earlier one that holds submissions; with warnings."""
    if previous == AUTO:
        return load_earlier_if_any(inputs, year, limits)
    chosen = previous
    if not isinstance(chosen, int):
        return None, []
    if not submission_folder(inputs, chosen).is_dir():
        raise BuildError(
            f"{setting('previous')} {chosen}: there is no folder "
            f"{printable(str(submission_folder(inputs, chosen)))} to compare with; give the "
            "year of an earlier cycle, or none"
        )
    return load_earlier(inputs, chosen, limits)


@dataclass(frozen=True)
class PeriodStart:
    """Where the period of a cycle's report begins, for the dates of its submissions: after
    ``end``, the end of the earlier report's period (its ``period_end`` in cycles.yaml when
    ``recorded``, else the date of its latest submission); without an earlier cycle
    (``earlier`` None), on 1 January of the year before, ``first``."""

    first: dt.date
    earlier: int | None = None
    end: dt.date | None = None
    recorded: bool = False


def period_start(year: int, earlier: Earlier | None) -> PeriodStart:
    """Where the period of ``year``'s report begins, after that of the ``earlier`` cycle
    (None: there is none, or none to compare with)."""
    if earlier is None:
        return PeriodStart(dt.date(year - 1, 1, 1))
    recorded = earlier.period_end
    latest = max((s.submission.submitted for s in earlier.submissions), default=None)
    end = recorded or latest
    if end is None:
        return PeriodStart(dt.date(year - 1, 1, 1))
    return PeriodStart(end + dt.timedelta(days=1), earlier.year, end, recorded is not None)


def cycle_period_start(
    inputs: str | Path, year: int, limits: Limits = DEFAULT_LIMITS
) -> PeriodStart:
    """``period_start`` after the latest earlier cycle with submissions, whose files are
    read only when cycles.yaml records no ``period_end`` for it; an earlier cycle with
    errors counts as none."""
    previous = previous_year(inputs, year)
    if previous is None:
        return PeriodStart(dt.date(year - 1, 1, 1))
    recorded = read_cycle_settings(inputs, previous, limits)[0].period_end
    if recorded is not None:
        return PeriodStart(recorded + dt.timedelta(days=1), previous, recorded, True)
    # The older cycles do not move where this period begins.
    return period_start(year, load_earlier(inputs, previous, limits, chain=False)[0])


def _load(
    inputs: str | Path,
    year: int,
    docs: Iterable[YamlDocument],
    limits: Limits,
    earlier: bool = False,
) -> tuple[Reference | None, tuple[EntitySubmission, ...], list[Diagnostic]]:
    """The reference data, the valid submissions among ``docs``, and every problem;
    ``earlier`` reads an earlier cycle's files, whose paragraphs may since have gone."""
    problems: list[Diagnostic] = []
    try:
        reference: Reference | None = load_reference(inputs, limits)
    except InputError as exc:
        reference = None
        problems += exc.diagnostics
    submissions: list[EntitySubmission] = []
    first_file: dict[str, str] = {}
    for read in _read_each(docs, reference, year, earlier):
        found = list(read.problems)
        # Two files from one entity are worth knowing about even while either has errors.
        duplicate = read.named is not None and read.named in first_file
        if read.named is not None and duplicate:
            line, column = read.entity_at
            message = (
                f"a second submission from {read.named}; {first_file[read.named]} is already "
                "one. Merge the two files into one"
            )
            found.insert(read.checked_from, Diagnostic(read.file, line, column, "entity", message))
        elif read.named is not None:
            first_file[read.named] = read.file
        if (
            read.submission is not None
            and read.entity is not None
            and reference is not None
            and not duplicate
            and not has_errors(found)
        ):
            entity = reference.registry.entities[read.entity]
            submissions.append(
                EntitySubmission(read.file, entity, read.submission, read.submitted_at)
            )
        problems += cap_problems(found, read.file, limits.max_errors)
    return reference, tuple(submissions), problems


@dataclass(frozen=True)
class _FileRead:
    """What one submission file gave: the ids of the organization it names and of the
    entity it validly submits for, and its problems, those that need the reference data
    from ``checked_from`` on."""

    file: str
    named: str | None
    entity_at: tuple[int, int]
    submission: Submission | None
    entity: str | None
    problems: list[Diagnostic]
    checked_from: int
    submitted_at: tuple[int, int]


def _read_each(
    docs: Iterable[YamlDocument], reference: Reference | None, year: int, earlier: bool
) -> list[_FileRead]:
    reads = []
    for doc in docs:
        submission = validate_document(doc, Submission)
        if doc.root is not None:
            check_cut_comments(doc, FREE_TEXT)
        named = _named_entity(doc, reference)
        checked_from = len(doc.problems)
        entity = None
        if submission is not None and reference is not None:
            entity = _check_submission(doc, submission, reference, year, earlier)
        reads.append(
            _FileRead(
                doc.file,
                named.id if named is not None else None,
                doc.position(("entity",)) if named is not None else (0, 0),
                submission,
                entity.id if entity is not None else None,
                doc.problems,
                checked_from,
                doc.position(("submitted",)),
            )
        )
    return reads


def suggest_entity(registry: Registry, name: str) -> str:
    """`` (did you mean 'ECA'?)``, from the closest id, full name or alias."""
    names = [n for e in registry.entities.values() for n in (e.id, e.name, *e.aliases)]
    return did_you_mean(name, names)


def _named_entity(doc: YamlDocument, reference: Reference | None) -> Entity | None:
    """The organization a file's ``entity`` key names, whether or not the file is valid."""
    name = doc.data.get("entity") if isinstance(doc.data, dict) else None
    if reference is None or not isinstance(name, str):
        return None
    entity = reference.registry.find(name)
    return entity if entity is not None and entity.submits else None


def _check_submission(
    doc: YamlDocument,
    submission: Submission,
    reference: Reference,
    year: int,
    earlier: bool = False,
) -> Entity | None:
    """Checks that need the reference data; returns the resolved entity when it is valid."""
    errors_before = len(doc.problems)
    registry = reference.registry
    entity = registry.find(submission.entity)
    if entity is None:
        doc.error(
            ("entity",),
            f"unknown entity '{submission.entity}'{suggest_entity(registry, submission.entity)}"
            "; use an id, full name or alias from entities.yaml",
            subject="entity",
        )
    elif not entity.submits:
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
    voluntary: list[int] = []
    for i, report in enumerate(submission.reports):
        where = ("reports", i, "paragraph")
        subject = f"reports[{i}].paragraph"
        if report.paragraph not in reference.actions and earlier:
            doc.warn(
                where,
                f"paragraph {report.paragraph} is no longer in the action table; the "
                "comparison with this cycle goes by its number",
                subject=subject,
            )
        elif report.paragraph not in reference.actions:
            doc.error(
                where,
                f"paragraph {report.paragraph} is not in the action table",
                subject=subject,
            )
        elif report.paragraph in seen:
            doc.error(
                where,
                f"paragraph {report.paragraph} is already reported on line "
                f"{doc.position(('reports', seen[report.paragraph], 'paragraph'))[0]}; "
                "combine the two",
                subject=subject,
            )
        else:
            seen[report.paragraph] = i
            if (
                entity is not None
                and entity.submits
                and not reference.is_named(entity.id, report.paragraph)
            ):
                voluntary.append(i)
        words = word_count(report.summary)
        if words >= SUMMARY_WARN_WORDS and not earlier:
            doc.warn(
                ("reports", i, "summary"),
                f"{words} words, near the limit of {SUMMARY_MAX_WORDS}",
                subject=f"reports[{i}].summary",
            )
        first_person = _FIRST_PERSON.match(report.highlight or "")
        if first_person and not earlier:
            name = entity.short if entity is not None else submission.entity
            doc.warn(
                ("reports", i, "highlight"),
                f'the highlight is written in the first person ("{first_person[1]} …"); the '
                "report quotes it under your organization's name, so begin with the name, "
                f'for example: "{name} trained …"',
                subject=f"reports[{i}].highlight",
            )
        foreign = is_foreign(report.highlight or "")
        if foreign and not earlier:
            language = LANGUAGE_NAMES[foreign]
            doc.warn(
                ("reports", i, "highlight"),
                f"the highlight is in {language}; the report is in English and quotes the "
                f"highlight as it is, so write it in English (the summary may stay in "
                f"{language})",
                subject=f"reports[{i}].highlight",
            )
        if entity is not None and not earlier:
            _refuse_borrowed_credits(doc, registry, entity, i, report)
    if not earlier:
        _warn_pasted(doc)
    if entity is not None and not earlier:
        _warn_voluntary(doc, entity, [(i, submission.reports[i].paragraph) for i in voluntary])
    return None if has_errors(doc.problems[errors_before:]) else entity


def _refuse_borrowed_credits(
    doc: YamlDocument, registry: Registry, entity: Entity, index: int, report: Report
) -> None:
    """An error on each sentence of the text the report quotes (the highlight, or for want
    of one the summary) that opens as the report credits another entity: "ESCAP: …"."""
    key, text = (
        ("summary", report.summary) if report.highlight is None else ("highlight", report.highlight)
    )
    for start, label in labels(text):
        other = registry.credited(label)
        if other is None or other.id == entity.id:
            continue
        joint = f"write '{entity.short} and {other.short} completed …'"
        why = (
            f"but a highlight speaks for its own entity; {joint}"
            if key == "highlight"
            else "and the report quotes a sentence of the summary for want of a highlight, "
            f"which speaks for its own entity; {joint}, or give a highlight"
        )
        path = ("reports", index, key)
        line, column = doc.text_position(path, label, text.count(label, 0, start))
        doc.problems.append(
            doc.diagnostic(
                line,
                column,
                format_path(path),
                f"'{printable(label)}:' at the start of a sentence reads as a credit to "
                f"{other.short}, {why}",
            )
        )


# What each text that goes to the report or the compilation is called in a warning.
_TEXT_NAMES = {
    "summary": "the summary",
    "highlight": "the highlight",
    "challenges": "the text on challenges",
    "next_steps": "the text on next steps",
    "activities": "the activity",
    "indicators": "the indicator's name",
}


def _warn_pasted(doc: YamlDocument) -> None:
    """A warning on each pictograph in a text that goes to the report or the compilation,
    where it stands, and one on a text folded by YAML whose lines start with bullets."""
    for pattern in FREE_TEXT:
        for path, node in doc.values_at(pattern):
            what = _TEXT_NAMES[str(pattern[2])]
            subject = format_path(path)
            source = doc.text[node.start_mark.index : node.end_mark.index]
            for start, cluster in pictographs(node.value):
                occurrence = node.value.count(cluster, 0, start)
                line, column = doc.text_position(path, cluster, occurrence)
                doc.problems.append(
                    doc.diagnostic(
                        line,
                        column,
                        subject,
                        f"{what} holds the emoji {cluster} ({char_label(cluster)}), which "
                        "Word may print as a gap; delete it",
                        Severity.WARNING,
                    )
                )
            if node.style == "|":
                continue
            bullets = bullet_lines(source.split("\n")[1:])
            if bullets:
                first = node.start_mark.line + 2 + bullets[0]
                text = doc.text.splitlines()[first - 1]
                bullet = text.lstrip()[0]
                key = path[-1] if isinstance(path[-1], str) else None
                fix = (
                    f"to keep the lines, write '{key}: |-' instead of '{key}: >-', or list "
                    "them under 'activities', one item each"
                    if key is not None
                    else "to keep the lines, make each one an item of its own"
                )
                doc.problems.append(
                    doc.diagnostic(
                        first,
                        len(text) - len(text.lstrip()) + 1,
                        subject,
                        f"{what} has lines that start with a bullet ('{bullet}'), which YAML "
                        f"joins into one line; {fix}",
                        Severity.WARNING,
                    )
                )


def _warn_voluntary(doc: YamlDocument, entity: Entity, reports: list[tuple[int, int]]) -> None:
    """One warning per voluntary report; several in a file are also summed up in one line,
    printed instead of them unless --verbose."""
    shown = Shown.VERBOSE if len(reports) > 1 else Shown.ALWAYS
    for i, paragraph in reports:
        doc.warn(
            ("reports", i, "paragraph"),
            f"voluntary report: {entity.id} is not asked to act on paragraph {paragraph}; "
            "the draft credits it after the entities asked",
            subject=f"reports[{i}].paragraph",
            shown=shown,
        )
    if len(reports) > 1:
        paragraphs = ", ".join(str(p) for _, p in reports)
        doc.warn(
            ("reports", reports[0][0], "paragraph"),
            f"{len(reports)} voluntary reports: {entity.id} is not asked to act on paragraphs "
            f"{paragraphs}; the draft credits them after the entities asked "
            f"({setting('verbose')} lists each)",
            subject="reports",
            shown=Shown.SUMMARY,
        )
