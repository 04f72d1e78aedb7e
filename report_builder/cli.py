"""The ``build-report`` command: a thin click layer over the library functions."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import json
import os
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from report_builder.diagnostics import (
    BuildError,
    Diagnostic,
    InputError,
    Interrupted,
    for_display,
    name_settings,
    printable,
)
from report_builder.files import folder_problem
from report_builder.inputs.cycle import AUTO, DEFAULT_INPUTS, submission_folder
from report_builder.inputs.cycles import YEAR_MAX, YEAR_MIN
from report_builder.settings import WORD_LIMIT, Settings
from report_builder.wording import console

if TYPE_CHECKING:
    from report_builder.analysis.coverage import FlagKind
    from report_builder.analysis.history import SinceBuild

F = TypeVar("F", bound=Callable[..., Any])

EXIT_INVALID = 1
EXIT_FLAGS = 3
# Commands that write files, whose input errors are worth saying left nothing behind.
WRITERS = {"build", "update", "new_submission", "call", "import_"}


class Year(click.ParamType[int]):
    name = "YEAR"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        if not re.fullmatch(r"\d{4}", str(value)) or not YEAR_MIN <= int(value) <= YEAR_MAX:
            self.fail(f"{value!r} is not a year from {YEAR_MIN} to {YEAR_MAX}", param, ctx)
        return int(value)


def first_sentence(help: str) -> str:
    """The first sentence of a command's help, on one line."""
    paragraph = " ".join(help.strip().split("\n\n")[0].split())
    end = re.search(r"\.(\s|$)", paragraph)
    return paragraph[: end.start() + 1] if end else paragraph


class DefaultToBuild(click.Group):
    """``build-report 2027`` means ``build-report build 2027``, and the commands' options
    may come before the command name: ``build-report --inputs X validate 2027``."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        # The list of commands shows each one's first sentence whole: click would cut it
        # to fit a line.
        if cmd.short_help is None and cmd.help:
            cmd.short_help = first_sentence(cmd.help)
        super().add_command(cmd, name)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in {*ctx.help_option_names, "--version"}:
            args = self._command_first(args)
        return super().parse_args(ctx, args)

    def _command_first(self, args: list[str]) -> list[str]:
        """``args`` with the command name first, found by stepping over the options before
        it as click would parse them, so that an option's value ('--inputs build') is
        never taken for a command."""
        options = {
            name: param
            for command in self.commands.values()
            for param in command.params
            if isinstance(param, click.Option)
            for name in (*param.opts, *param.secondary_opts)
        }
        i = 0
        while i < len(args) and args[i].startswith("-") and args[i] != "-":
            name, has_value, _ = args[i].partition("=")
            option = options.get(name)
            if option is None:
                # The build command reports an unknown option, with its suggestion.
                return ["build", *args]
            i += 1 if option.is_flag or option.count or has_value else 2
        if i == len(args):
            return ["build", *args]
        word = args[i]
        if word in self.commands or (
            not word[:1].isdigit() and difflib.get_close_matches(word, self.commands)
        ):
            # A command, or a misspelt one that click reports with its suggestion.
            return [word, *args[:i], *args[i + 1 :]]
        return ["build", *args]


def option(setting: str) -> str:
    """The option that changes a library setting: ``word_limit`` -> ``--word-limit``."""
    return "--" + setting.replace("_", "-")


def _print_diagnostics(diagnostics: Iterable[Diagnostic], verbose: bool = False) -> None:
    for d in for_display(diagnostics, verbose):
        click.echo(d.text(option), err=True)


def _print_error_count(exc: InputError, writes: bool) -> None:
    click.echo(console.error_count(len(exc.errors), writes), err=True)


def runs_library(func: F) -> F:
    """Turns library exceptions into messages and exit codes; tracebacks only with --debug."""

    @functools.wraps(func)
    def wrapper(*args: Any, debug: bool = False, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            _print_diagnostics(exc.diagnostics, kwargs.get("verbose", False))
            _print_error_count(exc, writes=func.__name__ in WRITERS)
            sys.exit(EXIT_INVALID)
        except BuildError as exc:
            click.echo(console.error(exc.text(option)), err=True)
            sys.exit(EXIT_INVALID)
        except Interrupted as exc:
            # click then says "Aborted!" and exits as it does for any Ctrl+C.
            click.echo(console.error(str(exc)), err=True)
            raise
        except (click.ClickException, click.exceptions.Exit, SystemExit):
            raise
        except MemoryError:
            if debug:
                raise
            click.echo(console.out_of_memory(writes=func.__name__ in WRITERS), err=True)
            sys.exit(EXIT_INVALID)
        except Exception as exc:
            if debug:
                raise
            click.echo(console.internal_error(type(exc).__name__, str(exc)), err=True)
            sys.exit(EXIT_INVALID)

    wrapper = click.option(
        "--debug", is_flag=True, help="Show a Python traceback on internal errors."
    )(wrapper)
    return wrapper  # type: ignore[return-value]


def verbose_option(func: F) -> F:
    return click.option(
        "--verbose",
        is_flag=True,
        help="Print each warning, not one line for several alike in a file.",
    )(func)


def inputs_option(func: F) -> F:
    return click.option(
        "--inputs",
        type=click.Path(file_okay=False, path_type=Path),
        default=DEFAULT_INPUTS,
        show_default=True,
        help="Folder with action_table.yaml, entities.yaml and <YEAR>/ submissions.",
    )(func)


class Previous(click.ParamType[int | str | None]):
    """An earlier cycle's year, or 'none'."""

    name = "YEAR|none"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> int | str | None:
        if value is None or isinstance(value, int):
            return value
        if value == AUTO:
            return AUTO
        if str(value).lower() == "none":
            return None
        if not re.fullmatch(r"\d{4}", str(value)):
            self.fail(f"{value!r} is not a year (such as 2027) or none", param, ctx)
        return int(value)


def previous_option(func: F) -> F:
    return click.option(
        "--previous",
        type=Previous(),
        default=AUTO,
        show_default=False,
        help="The earlier cycle to compare with, or none.  [default: the latest earlier "
        "folder in --inputs that holds submissions]",
    )(func)


def _earlier(inputs: Path, year: int, previous: int | str | None) -> int | str | None:
    """``previous`` once checked: an explicit year must have a folder (exit 2 otherwise)."""
    if isinstance(previous, int):
        if previous >= year:
            raise click.BadParameter(
                f"{previous} is not earlier than {year}", param_hint="'--previous'"
            )
        if not submission_folder(inputs, previous).is_dir():
            raise click.BadParameter(
                f"there is no folder {submission_folder(inputs, previous)} to compare with; "
                "give the year of an earlier cycle, or none",
                param_hint="'--previous'",
            )
    return previous


def template_option(name: str, what: str, default: str) -> Callable[[F], F]:
    return click.option(
        name,
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help=f"{what}.  [default: templates/{default}]",
    )


def day_option(name: str, help: str, required: bool = False) -> Callable[[F], F]:
    return click.option(
        name,
        type=click.DateTime(formats=["%Y-%m-%d"]),
        required=required,
        help=help,
        metavar="YYYY-MM-DD",
    )


@click.group(
    cls=DefaultToBuild,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="Example: build-report 2027   (the same as: build-report build 2027)",
)
@click.version_option(package_name="report-builder")
def main() -> None:
    """Build the Word draft of the Secretary-General's biennial WSIS report.

    Entities' YAML submissions in inputs/YEAR/ are validated against the action table of
    resolution A/RES/80/173 and merged into templates/report_template.docx.

    Exit codes: 0 success, 1 invalid input or refused output (nothing written),
    2 usage error, 3 a --strict build that raised flags.
    """


def _with_templates(
    settings: Settings, template: Path | None, contributions_template: Path | None
) -> Settings:
    """``settings`` with the templates given; a template option not given keeps the
    setting's own default."""
    if template is not None:
        settings = replace(settings, template=template)
    if contributions_template is not None:
        settings = replace(settings, contributions_template=contributions_template)
    return settings


def _print_findings(
    warnings: Iterable[Diagnostic],
    verbose: bool,
    since: SinceBuild | None,
    flag_counts: dict[FlagKind, int],
) -> None:
    """The warnings, what changed since the last build, and the flags of each kind."""
    from report_builder.wording.flags import FLAG_LABELS
    from report_builder.wording.status import since_text

    _print_diagnostics(warnings, verbose)
    if since is not None:
        click.echo(since_text(since), err=True)
    for label in dict.fromkeys(FLAG_LABELS.values()):
        count = sum(n for kind, n in flag_counts.items() if FLAG_LABELS[kind] == label)
        click.echo(console.flag_count(count, label), err=True)


@main.command(epilog="Example: build-report build 2027 --date 2027-03-15 --strict")
@click.argument("year", type=Year())
@inputs_option
@template_option("--template", "Word template of the report", "report_template.docx")
@click.option(
    "--output",
    # Kept as typed: a trailing slash says a folder was meant, and Path would drop it.
    type=str,
    default=None,
    help="Where to write the draft; the compilation goes beside it as NAME-contributions.docx.  "
    "[default: outputs/YEAR/WSIS-report-YEAR-draft.docx]",
)
@day_option(
    "--date",
    "Date on the front page, and the date milestones are judged by, YYYY-MM-DD.  [default: today]",
)
@template_option(
    "--contributions-template", "Word template of the compilation", "contributions_template.docx"
)
@click.option(
    "--word-limit",
    type=click.IntRange(min=1),
    default=None,
    help="Most words in the report, from the masthead to the end of the conclusions.  "
    f"[default: the year's word_limit in inputs/cycles.yaml, else {WORD_LIMIT}]",
)
@click.option(
    "--strict", is_flag=True, help="Exit with 3 when any flag was raised or the report is over."
)
@click.option("--force", is_flag=True, help="Overwrite a draft that was edited since it was built.")
@click.option(
    "--no-track-changes", is_flag=True, help="Do not switch on Track Changes in the draft."
)
@previous_option
@verbose_option
@runs_library
def build(
    year: int,
    inputs: Path,
    template: Path | None,
    output: str | None,
    date: dt.datetime | None,
    contributions_template: Path | None,
    word_limit: int | None,
    strict: bool,
    force: bool,
    no_track_changes: bool,
    previous: int | str | None,
    verbose: bool,
) -> None:
    """Build the Word draft for the reporting cycle YEAR.

    Writes the Secretary-General's report (condensed to the word limit), the compilation
    of contributions (every submission in full), coverage.json and
    missing-submissions.csv, and prints how many flags of each kind were raised. A file
    that was edited since the last build is never overwritten: use --output for a new
    file, or --force.
    """
    from report_builder.pipeline import build as run_build

    settings = Settings(
        inputs=inputs,
        output=output,
        date=date.date() if date else None,
        force=force,
        track_changes=not no_track_changes,
        word_limit=word_limit,
        previous=_earlier(inputs, year, previous),
    )
    result = run_build(year, _with_templates(settings, template, contributions_template))
    _print_findings(result.warnings, verbose, result.since, result.flag_counts)
    shown, offered = result.highlights
    click.echo(
        console.body_length(
            result.word_count, result.reserved_words, result.word_limit, shown, offered
        ),
        err=True,
    )
    for path in result.written:
        click.echo(console.wrote(path))
    total = result.word_count + result.reserved_words
    over = total > result.word_limit
    if strict and (result.flags or over):
        failure = console.strict_failure(len(result.flags), total, result.word_limit)
        click.echo(failure, err=True)
        sys.exit(EXIT_FLAGS)


@main.command(epilog="Example: build-report update 2027 --draft outputs/2027/edited.docx")
@click.argument("year", type=Year())
@inputs_option
@click.option(
    "--draft",
    type=str,
    default=None,
    help="The reviewers' edited draft; it is never written to.  [default: the report "
    "written last in outputs/YEAR]",
)
@click.option(
    "--output",
    type=str,
    default=None,
    help="Where to write the updated draft; the compilation, coverage.json and "
    "missing-submissions.csv go beside it.  [default: NAME-updated-DATE.docx beside the draft]",
)
@day_option(
    "--date",
    "Date of the update, on the front page and in the new file's name, YYYY-MM-DD.  "
    "[default: today]",
)
@template_option("--template", "Word template of the report", "report_template.docx")
@template_option(
    "--contributions-template", "Word template of the compilation", "contributions_template.docx"
)
@previous_option
@verbose_option
@runs_library
def update(
    year: int,
    inputs: Path,
    draft: str | None,
    output: str | None,
    date: dt.datetime | None,
    template: Path | None,
    contributions_template: Path | None,
    previous: int | str | None,
    verbose: bool,
) -> None:
    """Carry new and changed submissions into the reviewers' edited draft.

    Builds the report again and writes the reviewers' draft with everything that changed
    since the build it came from as tracked changes by "report-builder", to a new file:
    their edits, comments and tracked changes are kept as they are, and where they edited
    or deleted text whose source changed, a comment says so. Nothing is regrouped. The
    compilation, coverage.json and missing-submissions.csv are written as by build.
    """
    from report_builder.pipeline import update as run_update
    from report_builder.wording.update import conflicts, summary

    settings = Settings(
        inputs=inputs,
        output=output,
        date=date.date() if date else None,
        previous=_earlier(inputs, year, previous),
    )
    settings = _with_templates(settings, template, contributions_template)
    result = run_update(year, settings, draft=draft)
    _print_findings(result.warnings, verbose, result.since, result.flag_counts)
    click.echo(
        console.updated_length(result.word_count, result.reserved_words, result.word_limit),
        err=True,
    )
    for line in summary(result.blocks):
        click.echo(line, err=True)
    for line in conflicts(result.conflicts):
        click.echo(line, err=True)
    for path in result.written:
        click.echo(console.wrote(path))


@main.command(
    epilog="Example: build-report validate 2027 Downloads/itu.yaml --inputs C:/wsis/inputs"
)
@click.argument("year", type=Year())
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@inputs_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one line per problem on stderr; json: a list on stdout.",
)
@verbose_option
@runs_library
def validate(year: int, files: tuple[Path, ...], inputs: Path, fmt: str, verbose: bool) -> None:
    """Check the reference data and every submission of cycle YEAR, or only FILES.

    FILES may be anywhere (a Downloads folder, say); they are checked against the
    reference data in --inputs, and the rest of the cycle is not read.

    Exit 0 when everything is valid (warnings allowed), 1 otherwise.
    """
    from report_builder.inputs.cycle import check_files, cycle_period_start, load_cycle
    from report_builder.wording.submissions import dating_warnings

    try:
        if files:
            checked = check_files(inputs, year, files)
            submissions, warnings = checked.submissions, checked.warnings
            count = len(submissions)
            valid = f"{count} file{'s' * (count != 1)} valid for cycle {year}."
        else:
            cycle = load_cycle(inputs, year)
            submissions, warnings = cycle.submissions, cycle.warnings
            count = len(submissions)
            folder = printable(str(inputs))
            valid = f"{folder}: cycle {year} is valid ({count} submission{'s' * (count != 1)})."
        dating = dating_warnings(submissions, cycle_period_start(inputs, year))
        diagnostics, failure = sorted((*warnings, *dating)), None
    except InputError as exc:
        diagnostics, failure = exc.diagnostics, exc
    if fmt == "json":
        shown = for_display(diagnostics, verbose=True)
        click.echo(json.dumps([d.as_json(option) for d in shown], indent=2, ensure_ascii=False))
    else:
        _print_diagnostics(diagnostics, verbose)
        if failure:
            _print_error_count(failure, writes=False)
        else:
            click.echo(valid)
    if failure:
        sys.exit(EXIT_INVALID)


@main.command(epilog="Example: build-report status 2027 --json > coverage.json")
@click.argument("year", type=Year())
@inputs_option
@click.option("--json", "as_json", is_flag=True, help="Print the coverage as JSON on stdout.")
@day_option("--date", "Judge milestones as of this date, YYYY-MM-DD.  [default: today]")
@previous_option
@verbose_option
@runs_library
def status(
    year: int,
    inputs: Path,
    as_json: bool,
    date: dt.datetime | None,
    previous: int | str | None,
    verbose: bool,
) -> None:
    """Show who has submitted and what is missing or overdue in cycle YEAR.

    Exit 0 whenever the inputs are valid: flags are information, not failure.
    """
    from report_builder.analysis.coverage import coverage
    from report_builder.inputs.cycle import earlier_cycle, load_cycle, period_start
    from report_builder.wording.status import format_status
    from report_builder.wording.submissions import dating_warnings

    cycle = load_cycle(inputs, year)
    earlier, notes = earlier_cycle(inputs, year, _earlier(inputs, year, previous))
    start = period_start(year, earlier)
    dating = dating_warnings(cycle.submissions, start, date.date() if date else None)
    _print_diagnostics([*sorted((*cycle.warnings, *dating)), *notes], verbose)
    cov = coverage(cycle, as_of=date.date() if date else None, earlier=earlier)
    if as_json:
        click.echo(json.dumps(cov.as_json(), indent=2, ensure_ascii=False))
    else:
        click.echo(format_status(cov))


@main.command(
    "new-submission",
    epilog="Example: build-report new-submission ITU 2027 --format docx",
)
@click.argument("entity")
@click.argument("year", type=Year())
@inputs_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["yaml", "docx"]),
    default="yaml",
    show_default=True,
    help="yaml: inputs/YEAR/<id>.yaml; docx: a Word questionnaire, "
    "outputs/YEAR/questionnaires/<id>.docx.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write the questionnaire (--format docx only).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Overwrite a questionnaire that was edited since it was written (--format docx only).",
)
@runs_library
def new_submission(
    entity: str, year: int, inputs: Path, fmt: str, output: Path | None, force: bool
) -> None:
    """Write inputs/YEAR/<id>.yaml for ENTITY (an id, name or alias), ready to fill in, or
    with --format docx a Word questionnaire to send to the entity.

    Either lists every paragraph that names the entity. An existing YAML file is never
    overwritten, nor a questionnaire edited since it was written (unless --force).
    """
    from report_builder.inputs.scaffold import ScaffoldExists
    from report_builder.inputs.scaffold import new_submission as scaffold

    if fmt == "docx":
        # Imported here: the YAML scaffold needs none of the Word libraries.
        from report_builder.documents.questionnaire import new_questionnaire

        made = new_questionnaire(entity, year, inputs, output, force=force)
    elif output is not None or force:
        raise click.UsageError(
            "--output and --force are for --format docx; a YAML file goes in inputs/YEAR/ "
            "and is never overwritten"
        )
    else:
        try:
            made = scaffold(entity, year, inputs)
        except ScaffoldExists as exc:
            click.echo(console.scaffold_exists(str(exc)), err=True)
            sys.exit(EXIT_INVALID)
    click.echo(console.scaffold_written(made.path, len(made.paragraphs)))


def _checked_sender(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from report_builder.documents.letters import sender_problem

    problem = sender_problem(value)
    if problem:
        raise click.BadParameter(problem, ctx, param)
    return value


@main.command(epilog="Example: build-report call 2027 --deadline 2027-01-31 --from wsis@unctad.org")
@click.argument("year", type=Year())
@day_option(
    "--deadline",
    "The date contributions are due, YYYY-MM-DD.  [default: the year's deadline in "
    "inputs/cycles.yaml]",
)
@click.option(
    "--from",
    "sender",
    required=True,
    callback=_checked_sender,
    help="The sender of the letters, e.g. 'CSTD secretariat <wsis@unctad.org>'.",
)
@day_option("--date", "Date of the letters, YYYY-MM-DD.  [default: today]")
@click.option(
    "--reminders",
    is_flag=True,
    help="Write reminders to the entities still outstanding (the default once --date is "
    "past --deadline).",
)
@inputs_option
@click.option("--force", is_flag=True, help="Overwrite files that were edited since written.")
@verbose_option
@runs_library
def call(
    year: int,
    deadline: dt.datetime | None,
    sender: str,
    date: dt.datetime | None,
    reminders: bool,
    inputs: Path,
    force: bool,
    verbose: bool,
) -> None:
    """Prepare the call for contributions of cycle YEAR in outputs/YEAR/call/.

    For every entity the Secretariat chases: a letter (<id>.eml), a draft to send with its
    Word questionnaire attached. With --reminders: a reminder (<id>-reminder.eml), the
    questionnaire attached, for every entity that has not reported on all it is asked to
    act on.
    """
    from report_builder.documents.letters import call_for_contributions
    from report_builder.inputs.cycles import load_cycle_settings, no_deadline

    due = deadline.date() if deadline else load_cycle_settings(inputs, year).deadline
    if due is None:
        raise click.UsageError(name_settings(no_deadline(year, inputs), option))
    result = call_for_contributions(
        year,
        due,
        sender,
        inputs,
        date=date.date() if date else None,
        reminders=reminders,
        force=force,
    )
    _print_diagnostics(result.warnings, verbose)
    for path in result.written:
        click.echo(console.wrote(path))
    click.echo(console.call_written(result.letters, result.reminders), err=True)


@main.command("import", epilog="Example: build-report import Downloads/eca.docx Downloads/itu.docx")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--year", type=Year(), default=None, help="Refuse questionnaires of another cycle.")
@click.option("--force", is_flag=True, help="Replace an entity's existing submission.")
@inputs_option
@verbose_option
@runs_library
def import_(
    files: tuple[Path, ...], year: int | None, force: bool, inputs: Path, verbose: bool
) -> None:
    """Read filled-in Word questionnaires (FILES) into inputs/YEAR/<id>.yaml, validated.

    All are written or none: any problem in any file stops the import. An entity's
    existing submission is replaced only with --force.
    """
    from report_builder.documents.importing import import_questionnaires

    result = import_questionnaires(files, inputs, year, force)
    _print_diagnostics(result.warnings, verbose)
    for item in result.imported:
        click.echo(console.imported(item.target, item.source, len(item.paragraphs)))


@main.command(epilog="Example: build-report schema --output schemas/submission.schema.json")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the schema to FILE instead of stdout.",
)
@runs_library
def schema(output: Path | None) -> None:
    """Print the JSON Schema of a submission, for editors that validate as you type."""
    from report_builder.inputs.schema import submission_schema_text

    text = submission_schema_text()
    if output is None:
        click.echo(text, nl=False)
    else:
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            why = folder_problem(output.parent) or exc.strerror
            raise BuildError(f"cannot write {printable(str(output))}: {why}") from None
        click.echo(console.wrote(output))


def run() -> None:
    """The ``build-report`` command: ``main``, then an exit that leaves the memory to the
    operating system instead of freeing a large build's objects one by one, which took a
    quarter of a second at 200 submissions."""
    try:
        main()
        status = 0
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            status = exc.code or 0
        else:
            print(exc.code, file=sys.stderr)
            status = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # closed, or its reader went away (`status | head`)
            status = status or 1
    os._exit(status)
