"""``build``: load, validate, analyse, render and write the report and the compilation of
one cycle."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import os
import re
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from report_builder.analysis.condense import Condensed, chosen, condense, offers
from report_builder.analysis.coverage import Coverage, Flag, FlagKind, coverage
from report_builder.analysis.history import (
    SinceBuild,
    build_record,
    record_of,
    remembered,
    since_last_build,
    valid_records,
)
from report_builder.diagnostics import (
    BuildError,
    Diagnostic,
    InputError,
    Severity,
    printable,
    setting,
)
from report_builder.documents.compilation import compilation_context, compilation_notes
from report_builder.documents.report import (
    build_context,
    credits_in_order,
    headings,
    report_notes,
    without_annexes,
)
from report_builder.files import (
    NAME_TOO_LONG,
    FileTooLarge,
    NotRegularFile,
    folder_problem,
    read_regular,
)
from report_builder.inputs.cycle import (
    Cycle,
    Earlier,
    PeriodStart,
    earlier_cycle,
    load_cycle,
    no_submissions,
    period_start,
)
from report_builder.inputs.cycles import cycles_path
from report_builder.inputs.reference import ACTION_TABLE, ENTITY_REGISTRY
from report_builder.outputs.atomic import TEMP_PREFIX
from report_builder.outputs.manifest import BASES, MANIFEST, read_history, read_reports, sha256
from report_builder.outputs.package import CREDITS_PROPERTY, FILES_PROPERTY, REPORTS_PROPERTY
from report_builder.outputs.targets import MAX_OUTPUT_BYTES, open_in_editor
from report_builder.outputs.write import write_outputs
from report_builder.settings import WORD_LIMIT, Settings
from report_builder.wording import update as wording_update
from report_builder.wording.flags import comment, note
from report_builder.wording.report import credit, document_properties, word_count_comment
from report_builder.wording.submissions import dating_warnings

if TYPE_CHECKING:
    from report_builder.word.render import RenderedDraft, Template

COVERAGE_FILE = "coverage.json"
COMPILATION_SUFFIX = "-contributions.docx"
# The longest file name (in bytes) most file systems hold.
NAME_MAX = 255
# Inputs larger than this are refused where they are read; they are not hashed.
MAX_INPUT_BYTES = 64 * 1024 * 1024
MISSING_FILE = "missing-submissions.csv"
OUTPUT = setting("output")


@dataclass(frozen=True)
class BuildResult:
    draft: Path
    written: tuple[Path, ...]
    flags: tuple[Flag, ...]
    flag_counts: dict[FlagKind, int]
    word_count: int
    """The words of the report's text without annexes, headings and footnotes included."""
    word_limit: int
    reserved_words: int
    """The words reserved for the Secretariat's own chapters, counted against the limit."""
    highlights: tuple[int, int]
    """How many highlights the report carries, of how many reports."""
    warnings: tuple[Diagnostic, ...]
    timings: dict[str, float]
    """Seconds spent in each stage: load and validate, analyse, render, write."""
    since: SinceBuild | None = None
    """What changed since the previous build whose inputs differed."""


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
            f"{OUTPUT} {shown!r}: give the draft's file name, ending in .docx (the draft "
            "cannot go to standard output)"
        )
    path = Path(text)
    # os.path.isdir, unlike Path.is_dir, is False for a name too long to look up.
    if text.endswith(("/", os.sep)) or os.path.isdir(path):
        raise BuildError(
            f"{OUTPUT} {shown}: a folder; give the draft's file name, such as "
            f"{printable(str(path / f'WSIS-report-{year}-draft.docx'))}"
        )
    if path.suffix.lower() != ".docx":
        raise BuildError(f"{OUTPUT} {shown}: the draft must be a Word file ending in .docx")
    longest = NAME_MAX - len(COMPILATION_SUFFIX)
    if len(path.stem.encode()) > longest:
        raise BuildError(
            f"{OUTPUT} {shown}: the name is too long: the compilation beside it, "
            f"NAME{COMPILATION_SUFFIX}, would not fit in a file name; keep the name before "
            f".docx within {longest} bytes: as many unaccented Latin letters, fewer "
            "letters of other scripts"
        )
    if path.name.startswith((TEMP_PREFIX, "~$")):
        raise BuildError(
            f"{OUTPUT} {shown}: names starting with {TEMP_PREFIX!r} (report-builder's "
            "temporary files) or '~$' (Word's lock files) are not for drafts"
        )
    blocked = folder_problem(path.parent)
    if any(len(os.fsencode(part)) > NAME_MAX for part in path.parent.parts):
        # Looked for by length too: the system names no error below a missing folder.
        blocked = NAME_TOO_LONG
    if blocked:
        raise BuildError(
            f"cannot write to {printable(str(path.parent))}: {blocked}; nothing was written"
        )
    return path


def coverage_json(cov: Coverage) -> bytes:
    return (json.dumps(cov.as_json(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def missing_csv(cov: Coverage) -> bytes:
    """One row per accountable entity and paragraph without a report, for chasing."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["entity_id", "entity_name", "paragraph", "flag"])
    for entity, paragraph, kind in cov.chased():
        writer.writerow([entity.id, entity.name, paragraph, kind.value])
    return out.getvalue().encode("utf-8")


def compilation_path(draft: Path, year: int, default: bool) -> Path:
    """Beside the draft: WSIS-contributions-YEAR.docx, or NAME-contributions.docx for an
    explicit --output NAME.docx."""
    if default:
        return draft.with_name(f"WSIS-contributions-{year}.docx")
    return draft.with_name(f"{draft.stem}{COMPILATION_SUFFIX}")


def effective_word_limit(settings: Settings, cycle: Cycle) -> int:
    """The report's word limit: the setting (--word-limit) when given, else the year's
    word_limit in cycles.yaml, else WORD_LIMIT."""
    if settings.word_limit is not None:
        return settings.word_limit
    return cycle.settings.word_limit or WORD_LIMIT


@dataclass(frozen=True)
class _Built:
    """What a build made, before anything is written."""

    cycle: Cycle
    coverage: Coverage
    report: RenderedDraft
    condensed: Condensed
    compilation: bytes
    compilation_file: Path
    record: dict[str, Any]
    records: list[dict[str, Any]] | None
    since: SinceBuild | None
    warnings: list[Diagnostic]
    limit: int
    reserved: int
    clock: _Stopwatch


def build(year: int, settings: Settings | None = None, **changes: Any) -> BuildResult:
    """Build the Word draft of cycle ``year`` within the word limit, and the compilation
    of contributions, with coverage.json and missing-submissions.csv beside them.

    ``settings`` (by default ``Settings()``) says what to read, where to write and how;
    ``changes`` replace any of its fields by name, as in ``build(2027, inputs="inputs",
    date=dt.date(2027, 3, 15))``.

    Raises InputError (invalid inputs) or BuildError (template or output problems); in
    both cases nothing is written.
    """
    settings = replace(settings or Settings(), **changes) if changes else settings or Settings()
    draft = draft_path(settings.output, year)
    made = _make(year, settings, draft, compilation_path(draft, year, settings.output is None))
    try:
        written = _write(made, settings, {draft: made.report.docx}, draft)
    except BuildError as exc:
        raise _edited_draft(exc, made, draft, year) from None
    made.clock.lap("write")
    flags = made.coverage.flags
    return _result(
        made, draft, written, tuple(flags), made.coverage.flag_counts(), made.report.word_count
    )


@dataclass(frozen=True)
class UpdateResult:
    """What ``update`` did: the reviewers' draft, the updated draft written beside it, and
    how many blocks changed in which way."""

    draft: Path
    updated: Path
    written: tuple[Path, ...]
    outcomes: dict[str, int]
    """Blocks inserted, replaced, deleted and left in conflict, by those words."""
    blocks: dict[str, dict[str, int]]
    """The same by kind of block: "credits", "paragraphs", "table rows"."""
    conflicts: tuple[str, ...]
    flag_counts: dict[FlagKind, int]
    """The flags the updated draft shows, tracked changes accepted."""
    word_count: int
    word_limit: int
    reserved_words: int
    warnings: tuple[Diagnostic, ...]
    since: SinceBuild | None
    """What changed since the build the draft came from."""


# What an update adds to the name of the draft it updates.
_UPDATED = re.compile(r"-updated-\d{4}-\d{2}-\d{2}(?:-\d+)?$")


def _updated_name(reviewed: Path, day: dt.date) -> Path:
    """NAME-updated-DATE.docx beside the draft, NAME without the date of an update it
    came from (draft-updated-2027-03-05.docx updated on 6 March is
    draft-updated-2027-03-06.docx); NAME-updated-DATE-2.docx, -3, ... where that is the
    draft itself or is taken, as by an earlier update that day."""
    stem = _UPDATED.sub("", reviewed.stem)
    names = (
        f"{stem}-updated-{day.isoformat()}{'' if n == 1 else f'-{n}'}.docx"
        for n in itertools.count(1)
    )
    return next(
        reviewed.with_name(name)
        for name in names
        if name != reviewed.name and not os.path.lexists(reviewed.with_name(name))
    )


def latest_draft(year: int) -> Path:
    """The report written last in outputs/YEAR (an updated draft, once there is one),
    else the default draft."""
    default = default_output(year)
    reports = read_reports(default.parent)
    records = valid_records(read_history(default.parent)) or []
    for record in reversed(records):
        for name, build in reports.items():
            if build in record.get("builds", []) and (default.parent / name).is_file():
                return default.parent / name
    return default


def update(
    year: int,
    settings: Settings | None = None,
    draft: str | Path | None = None,
    **changes: Any,
) -> UpdateResult:
    """Carry what changed since ``draft`` was built into it as tracked changes by
    report-builder, written to ``settings.output`` (by default NAME-updated-DATE.docx
    beside the draft), with the rest of the build (compilation, coverage.json, CSV)
    beside it. The draft itself is never written to.

    Raises BuildError when the draft is not one report-builder built for ``year``, or its
    build's copy is missing; InputError for invalid inputs; nothing is written then.
    """
    from report_builder.word import update as merging
    from report_builder.word.render import build_properties

    settings = replace(settings or Settings(), **changes) if changes else settings or Settings()
    reviewed = Path(draft) if draft is not None else latest_draft(year)
    shown = printable(str(reviewed))
    data = _read_draft(reviewed, shown)
    recorded = merging.draft_build(data, shown)
    if recorded is None:
        raise BuildError(wording_update.not_built(shown, year, OUTPUT))
    if recorded.cycle and recorded.cycle != str(year):
        raise BuildError(wording_update.other_cycle(shown, recorded.cycle, year))
    base = _read_base(reviewed, recorded.build, year, shown)
    output = settings.output or _updated_name(reviewed, settings.day)
    updated = draft_path(output, year)
    if _same_file(updated, reviewed):
        raise BuildError(wording_update.same_file(printable(str(updated))))
    recorded_base = merging.properties_of(base)
    made = _make(
        year,
        settings,
        updated,
        updated.parent / _compilation_of(recorded_base, year),
        _base_choice(recorded_base),
    )
    registry = made.cycle.reference.registry.entities
    files = {s.entity.id: Path(s.file).name for s in made.cycle.submissions}
    sources = {
        name: wording_update.source(registry[entity].short, files[entity])
        for name, entity in made.report.credits.items()
        if entity in files and entity in registry
    }
    merged = merging.merge_draft(
        data,
        base,
        made.report.docx,
        sources,
        settings.stamp,
        lambda words: word_count_comment(words, made.reserved, made.limit),
        build_properties(made.report.build, year),
    )
    made.clock.lap("merge")
    written = _write(made, settings, {updated: merged.docx}, updated)
    previous = record_of(made.records or [], recorded.build)
    counts = Counter(
        f.kind for f in made.coverage.flags if " ".join(note(f).split()) in merged.texts
    )
    return UpdateResult(
        reviewed,
        updated,
        tuple(written),
        _totals(merged.outcomes),
        _by_kind(merged.outcomes),
        merged.conflicts,
        dict(counts),
        merged.word_count,
        made.limit,
        made.reserved,
        tuple(made.warnings),
        since_last_build([previous], made.record) if previous else None,
    )


def _compilation_of(properties: dict[str, str], year: int) -> str:
    """The name of the compilation written with a report: as its build recorded it, else
    the default."""
    files = _decoded(properties.get(FILES_PROPERTY))
    named = [name for name in files if name.endswith(".docx")]
    return named[0] if len(named) == 1 else f"WSIS-contributions-{year}.docx"


def _base_choice(properties: dict[str, str]) -> BaseChoice | None:
    """The credits a report showed and the reports it chose from, as recorded in it."""
    credits = _decoded(properties.get(CREDITS_PROPERTY))
    reports = _decoded(properties.get(REPORTS_PROPERTY))
    if not reports:
        return None

    def pairs(recorded: dict[str, Any]) -> frozenset[tuple[str, int]]:
        return frozenset(
            (str(entity), paragraph)
            for entity, paragraphs in recorded.items()
            if isinstance(paragraphs, list)
            for paragraph in paragraphs
            if isinstance(paragraph, int)
        )

    return BaseChoice(pairs(credits), pairs(reports))


def _decoded(text: str | None) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _totals(outcomes: dict[tuple[str, Any], int]) -> dict[str, int]:
    totals: Counter[str] = Counter()
    for (_, outcome), n in outcomes.items():
        totals[str(outcome)] += n
    return dict(totals)


def _by_kind(outcomes: dict[tuple[str, Any], int]) -> dict[str, dict[str, int]]:
    from report_builder.word.oxml.blocks import CREDIT, PARAGRAPH, ROW
    from report_builder.word.update import Outcome

    kinds: dict[str, dict[str, int]] = {}
    for kind, name in ((CREDIT, "credits"), (PARAGRAPH, "paragraphs"), (ROW, "table rows")):
        for outcome in Outcome:
            if outcomes.get((kind, outcome)):
                kinds.setdefault(name, {})[str(outcome)] = outcomes[(kind, outcome)]
    return kinds


def _read_draft(path: Path, shown: str) -> bytes:
    """The reviewers' draft, refused while an editor has it open."""
    owner = open_in_editor(path)
    if owner is not None:
        raise BuildError(
            f"{shown} is open in Word or LibreOffice (its lock file "
            f"{printable(str(owner))} is beside it). Save and close it, then run update "
            "again. If no editor has it open, delete the lock file"
        )
    if path.suffix.lower() != ".docx":
        raise BuildError(wording_update.not_a_draft(shown, "not a Word document (.docx)"))
    try:
        return read_regular(path, MAX_OUTPUT_BYTES)
    except FileNotFoundError:
        raise BuildError(
            f"{shown}: no such file; give the reviewers' draft with {setting('draft')} FILE"
        ) from None
    except FileTooLarge:
        raise BuildError(wording_update.not_a_draft(shown, "too large to be a draft")) from None
    except NotRegularFile as exc:
        raise BuildError(wording_update.not_a_draft(shown, f"it is {exc.kind}")) from None
    except OSError as exc:
        raise BuildError(wording_update.not_a_draft(shown, str(exc.strerror))) from None


def _read_base(draft: Path, build: str, year: int, shown: str) -> bytes:
    """The copy of the build the draft came from, beside the draft or in outputs/YEAR."""
    from report_builder.word.update import document_hash

    places = [draft.parent / BASES, default_output(year).parent / BASES]
    for place in places:
        path = place / f"{build}.docx"
        try:
            data = read_regular(path, MAX_OUTPUT_BYTES)
        except OSError:
            continue
        if document_hash(data) != build:
            raise BuildError(wording_update.base_changed(shown, printable(str(path)), year, OUTPUT))
        return data
    missing = printable(str(places[0] / f"{build}.docx"))
    raise BuildError(wording_update.base_missing(shown, missing, year, OUTPUT))


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.resolve() == other.resolve() or (one.exists() and one.samefile(other))
    except OSError:
        return False


def _make(
    year: int,
    settings: Settings,
    draft: Path,
    compilation_file: Path,
    base: BaseChoice | None = None,
) -> _Built:
    """Load, validate, analyse and render cycle ``year``; the records of the builds are
    those of ``draft``'s folder. For an update, ``base`` is the choice of credits of the
    build the draft came from, which the report keeps."""
    # Imported here so that validate and status never pay for loading the Word libraries.
    from report_builder.word.render import load_template

    # Fixing the build's timestamp now refuses a date a .docx cannot hold before any work.
    settings.stamp  # noqa: B018
    inputs, limits, day = settings.inputs, settings.limits, settings.day
    clock = _Stopwatch()
    cycle = load_cycle(inputs, year, limits)
    limit = effective_word_limit(settings, cycle)
    # A draft in which every entity is missing helps nobody; a typo in --inputs or the
    # year is the likelier cause.
    absent = no_submissions(inputs, year)
    if absent is not None:
        raise InputError([absent])
    earlier, earlier_warnings = earlier_cycle(inputs, year, settings.previous, limits)
    start = period_start(year, earlier)
    dating = dating_warnings(cycle.submissions, start, settings.date)
    clock.lap("load and validate")
    cov = coverage(cycle, as_of=day, earlier=earlier)
    clock.lap("analyse")
    report_template = settings.template
    report_source = load_template(report_template)
    compilation_source = load_template(settings.contributions_template)
    record = build_record(
        cycle, day, _input_hashes(inputs, cycle, (report_source, compilation_source))
    )
    history = read_history(draft.parent)
    records = valid_records(history)
    since = since_last_build(records, record) if records else None
    flags = cov.flags
    properties = document_properties(
        year, cycle.reference.table.resolution, len(cycle.submissions), cycle.settings.symbol
    )
    reserved = cycle.settings.reserved_words.model_dump()
    compilation = _render_compilation(
        compilation_source, cycle, cov, settings, since, properties.compilation
    )
    # The report vouches for the files written beside it, should the manifest be lost.
    siblings = {
        compilation_file.name: sha256(compilation),
        COVERAGE_FILE: sha256(coverage_json(cov)),
        MISSING_FILE: sha256(missing_csv(cov)),
    }
    rendered, condensed = _render_within(
        cycle,
        cov,
        report_source,
        settings,
        limit,
        properties.report,
        since,
        compilation_file.stem,
        reserved,
        report_period_start(cycle, earlier, start, draft),
        siblings,
        base,
    )
    record["builds"] = [rendered.build]
    clock.lap("render")
    warnings = [*sorted((*cycle.warnings, *dating)), *earlier_warnings]
    if rendered.flags_placed < len(flags):
        warnings.append(
            Diagnostic(
                str(report_template),
                0,
                0,
                "",
                f"the template shows {rendered.flags_placed} of the {len(flags)} flags; the "
                "others have no note or comment in the draft (see coverage.json)",
                Severity.WARNING,
            )
        )
    if rendered.word_count + sum(reserved.values()) > limit:
        warnings.append(
            Diagnostic(
                str(draft),
                0,
                0,
                "",
                f"the report has {rendered.word_count:,} words without annexes and "
                f"{sum(reserved.values()):,} reserved for the Secretariat's chapters, over the "
                f"limit of {limit:,}, even with every highlight left to the compilation; "
                "shorten the template's fixed text, reserve fewer words in cycles.yaml or "
                f"raise {setting('word_limit')}",
                Severity.WARNING,
            )
        )
    if records is None:
        warnings.append(
            Diagnostic(
                str(draft.parent / MANIFEST),
                0,
                0,
                "",
                "the manifest cannot be read (edited by hand?), so what changed since the last "
                "build is not shown; it is written anew, and edited outputs are still never "
                "overwritten",
                Severity.WARNING,
            )
        )
    return _Built(
        cycle,
        cov,
        rendered,
        condensed,
        compilation,
        compilation_file,
        record,
        records,
        since,
        warnings,
        limit,
        sum(reserved.values()),
        clock,
    )


def _write(made: _Built, settings: Settings, report: dict[Path, bytes], draft: Path) -> list[Path]:
    """Write ``report`` (the draft's file and bytes) with the rest of the build, and keep
    the report as built for ``update``."""
    folder = draft.parent
    builds = {*read_reports(folder).values(), made.report.build}
    return write_outputs(
        {
            **report,
            made.compilation_file: made.compilation,
            folder / COVERAGE_FILE: coverage_json(made.coverage),
            folder / MISSING_FILE: missing_csv(made.coverage),
        },
        force=settings.force,
        history=remembered(made.records or [], made.record, builds),
        reports={draft: (made.report.build, made.report.docx)},
    )


def _edited_draft(exc: BuildError, made: _Built, draft: Path, year: int) -> BuildError:
    """The refusal of a build over an edited draft, pointing to ``update``."""
    if "edited in Word" not in exc.text(setting):
        return exc
    changed = _changed_since_draft(made, draft)
    told = (
        f" {changed} submission{'s' * (changed != 1)} {'is' if changed == 1 else 'are'} new or "
        "changed since the draft's build."
        if changed is not None
        else ""
    )
    return BuildError(
        # Kept with its settings marked, for the command line to name as options.
        f"{exc.text(setting)}.{told} To carry what changed into the edited draft as tracked "
        f"changes, run: build-report update {year} {setting('draft')} "
        f"{printable(str(draft))}"
    )


def _changed_since_draft(made: _Built, draft: Path) -> int | None:
    """How many submissions are new or changed since the build ``draft`` came from."""
    build = read_reports(draft.parent).get(draft.name)
    previous = record_of(made.records or [], build) if build else None
    if previous is None:
        return None
    since = since_last_build([previous], made.record)
    return 0 if since is None else len(since.new_files) + len(since.changed_files)


def _result(
    made: _Built,
    draft: Path,
    written: list[Path],
    flags: tuple[Flag, ...],
    counts: dict[FlagKind, int],
    words: int,
) -> BuildResult:
    shown = sum(len(h) for h in made.condensed.shown.values())
    return BuildResult(
        draft,
        tuple(written),
        flags,
        counts,
        words,
        made.limit,
        made.reserved,
        (shown, shown + sum(len(h) for h in made.condensed.left_out.values())),
        tuple(made.warnings),
        made.clock.laps,
        made.since,
    )


def _render_compilation(
    template: Template,
    cycle: Cycle,
    cov: Coverage,
    settings: Settings,
    since: SinceBuild | None,
    properties: dict[str, str],
) -> bytes:
    from report_builder.word.render import render_compilation

    return render_compilation(
        template,
        compilation_context(cycle, settings.day),
        {link for s in cycle.submissions for r in s.submission.reports for link in r.links},
        compilation_notes(cycle, since),
        settings.stamp,
        properties,
    )


def report_period_start(
    cycle: Cycle, earlier: Earlier | None, start: PeriodStart, draft: Path
) -> dt.date:
    """The first day the report covers: the resolution's adoption for the first report;
    for a later one, the day after the earlier report's period ended, as cycles.yaml
    records it, else as the date of the earlier cycle's last build in its outputs (the
    year's folder beside the draft's), else the day after its latest submission."""
    if earlier is None or start.end is None:
        return cycle.reference.table.adopted
    if not start.recorded:
        records = valid_records(read_history(draft.parent.parent / str(earlier.year)))
        if records:
            built = max(dt.date.fromisoformat(r["date"]) for r in records)
            return built + dt.timedelta(days=1)
    return start.end + dt.timedelta(days=1)


def _render_within(
    cycle: Cycle,
    cov: Coverage,
    template: Template,
    settings: Settings,
    limit: int,
    properties: dict[str, str],
    since: SinceBuild | None,
    compilation: str,
    reserved: dict[str, int],
    start: dt.date,
    siblings: dict[str, str],
    base: BaseChoice | None = None,
) -> tuple[RenderedDraft, Condensed]:
    """Render the report with as many highlights as the word limit leaves room for, after
    the words ``reserved`` for the Secretariat's own chapters, filling it at most twice.

    When the highlights alone fit within the limit, a first fill tries them all, which
    is enough for most cycles. Otherwise a fill without any highlight (and without the
    annexes, which do not count) measures the words everything else takes. Either fill
    tells the words the report takes besides its highlights: the highlights, counted as
    the report prints them, get the rest, and the second fill is the report.

    For an update, ``base`` gives the credits of the draft's build, which the report
    keeps, and the reports it chose from: those new since are added, within the limit or
    not.
    """
    from report_builder.word.render import measure_words, render_draft

    day = settings.day
    # What the highlights and everything else may take together.
    room = limit - sum(reserved.values())
    flags = [(note(flag), comment(flag)) for flag in cov.flags]
    titles = headings(cycle)

    def fill(condensed: Condensed) -> RenderedDraft:
        return render_draft(
            template,
            build_context(cycle, cov, day, condensed, reserved, start),
            flags,
            report_notes(
                cov,
                condensed,
                titles,
                compilation,
                since,
                reserved,
                cycle.reference.registry.entities,
            ),
            settings.stamp,
            properties,
            track_changes=settings.track_changes,
            word_limit=limit,
            reserved_words=sum(reserved.values()),
            credits=credits_in_order(cycle, condensed),
            year=cycle.year,
            recorded={
                FILES_PROPERTY: siblings,
                CREDITS_PROPERTY: _by_entity(
                    (h.placed.entity.id, p) for p, hs in condensed.shown.items() for h in hs
                ),
                REPORTS_PROPERTY: reports,
            },
        )

    offered = offers(cov, credit)
    reports = _by_entity((h.placed.entity.id, p) for p, hs in offered.items() for h in hs)
    if base is not None:
        # An update places what the draft's build placed and the reports new since, and
        # re-divides nothing.
        new = {(e, p) for e, ps in reports.items() for p in ps} - base.reports
        condensed = chosen(offered, base.credits | new)
        return fill(condensed), condensed
    everything = condense(offered, room)
    if not any(everything.left_out.values()):
        # The highlights alone fit: try them all at once, which most cycles need.
        rendered = fill(everything)
        if rendered.word_count <= room:
            return rendered, everything
        fixed = rendered.word_count - everything.words
    else:
        nothing = condense(offered, 0)
        # The annexes do not count, so the measuring fill leaves their tables empty.
        skeleton = without_annexes(build_context(cycle, cov, day, nothing, reserved, start))
        fixed = measure_words(template, skeleton)
    condensed = condense(offered, room - fixed)
    return fill(condensed), condensed


@dataclass(frozen=True)
class BaseChoice:
    """What the build a draft came from chose from and showed, as (entity id, paragraph)."""

    credits: frozenset[tuple[str, int]]
    reports: frozenset[tuple[str, int]]


def _by_entity(pairs: Iterable[tuple[str, int]]) -> dict[str, list[int]]:
    grouped: dict[str, list[int]] = {}
    for entity, paragraph in pairs:
        grouped.setdefault(entity, []).append(paragraph)
    return {entity: sorted(set(ps)) for entity, ps in sorted(grouped.items())}


def _input_hashes(
    inputs: str | Path, cycle: Cycle, templates: tuple[Template, ...]
) -> dict[str, str]:
    """The hash of every file the build read: the reference data, the templates (as
    read for this build) and the submissions."""
    folder = Path(inputs)
    files = [folder / ACTION_TABLE, folder / ENTITY_REGISTRY]
    if cycles_path(folder).exists():
        files.append(cycles_path(folder))
    files += [Path(s.file) for s in cycle.submissions]
    hashes = {str(t.path): sha256(t.data) for t in templates}
    for path in files:
        try:
            # Regular files only: a FIFO or a device in place of an input is refused with
            # a message where it is read for its content, and must not hang the build here.
            hashes[str(path)] = sha256(read_regular(path, MAX_INPUT_BYTES))
        except OSError:
            hashes[str(path)] = ""
    return hashes


class _Stopwatch:
    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps[stage] = now - self._last
        self._last = now
