"""The ``build-report`` command: a thin click layer over the library functions."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .cycle import YEAR_MAX, YEAR_MIN
from .diagnostics import BuildError, Diagnostic, InputError, printable
from .files import folder_problem

F = TypeVar("F", bound=Callable[..., Any])

EXIT_INVALID = 1
EXIT_FLAGS = 3
# Commands that write files, whose input errors are worth saying left nothing behind.
WRITERS = {"build", "new_submission"}


class Year(click.ParamType[int]):
    name = "YEAR"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        if not re.fullmatch(r"\d{4}", str(value)) or not YEAR_MIN <= int(value) <= YEAR_MAX:
            self.fail(f"{value!r} is not a year from {YEAR_MIN} to {YEAR_MAX}", param, ctx)
        return int(value)


class DefaultToBuild(click.Group):
    """``build-report 2027`` means ``build-report build 2027``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        own = {*ctx.help_option_names, "--version"}
        if args and args[0] not in self.commands and args[0] not in own:
            named = [i for i, arg in enumerate(args) if arg in self.commands]
            if args[0].startswith("-") and named:
                # Options written before the command name: 'build-report --debug status 2027'.
                i = named[0]
                args = [args[i], *args[:i], *args[i + 1 :]]
            else:
                close = difflib.get_close_matches(args[0], list(self.commands), n=1, cutoff=0.6)
                if close and not args[0][:1].isdigit():
                    raise click.UsageError(
                        f"no such command '{args[0]}' (did you mean '{close[0]}'?)", ctx
                    )
                args = ["build", *args]
        return super().parse_args(ctx, args)


def _print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    for d in diagnostics:
        click.echo(str(d), err=True)


def _print_error_count(exc: InputError, writes: bool) -> None:
    errors = len(exc.errors)
    written = "; nothing was written" if writes else ""
    click.echo(f"{errors} error{'s' * (errors != 1)}{written}.", err=True)


def runs_library(func: F) -> F:
    """Turns library exceptions into messages and exit codes; tracebacks only with --debug."""

    @functools.wraps(func)
    def wrapper(*args: Any, debug: bool = False, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            _print_diagnostics(exc.diagnostics)
            _print_error_count(exc, writes=func.__name__ in WRITERS)
            sys.exit(EXIT_INVALID)
        except BuildError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_INVALID)
        except (click.ClickException, click.exceptions.Exit, SystemExit):
            raise
        except Exception as exc:
            if debug:
                raise
            click.echo(
                f"internal error: {type(exc).__name__}: {exc}\n"
                "This is a bug in report-builder; run again with --debug for the traceback "
                "and report it.",
                err=True,
            )
            sys.exit(EXIT_INVALID)

    wrapper = click.option(
        "--debug", is_flag=True, help="Show a Python traceback on internal errors."
    )(wrapper)
    return wrapper  # type: ignore[return-value]


def inputs_option(func: F) -> F:
    return click.option(
        "--inputs",
        type=click.Path(file_okay=False, path_type=Path),
        default="inputs",
        show_default=True,
        help="Folder with action_table.yaml, entities.yaml and <YEAR>/ submissions.",
    )(func)


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


@main.command(epilog="Example: build-report build 2027 --date 2027-03-15 --strict")
@click.argument("year", type=Year())
@inputs_option
@click.option(
    "--template",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Word template to use.  [default: templates/report_template.docx]",
)
@click.option(
    "--output",
    # Kept as typed: a trailing slash says a folder was meant, and Path would drop it.
    type=str,
    default=None,
    help="Where to write the draft.  [default: outputs/YEAR/WSIS-report-YEAR-draft.docx]",
)
@click.option(
    "--date",
    "date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Date on the front page, YYYY-MM-DD.  [default: today]",
)
@click.option("--strict", is_flag=True, help="Exit with 3 when any flag was raised.")
@click.option("--force", is_flag=True, help="Overwrite a draft that was edited since it was built.")
@click.option(
    "--no-track-changes", is_flag=True, help="Do not switch on Track Changes in the draft."
)
@runs_library
def build(
    year: int,
    inputs: Path,
    template: Path | None,
    output: str | None,
    date: dt.datetime | None,
    strict: bool,
    force: bool,
    no_track_changes: bool,
) -> None:
    """Build the Word draft for the reporting cycle YEAR.

    Writes the draft, coverage.json and missing-submissions.csv, and prints how many
    flags of each kind were raised. A draft that was edited since the last build is
    never overwritten: use --output for a new file, or --force.
    """
    from .build import build as run_build
    from .coverage import FLAG_LABELS

    result = run_build(
        year,
        inputs=inputs,
        template=template,
        output=output,
        date=date.date() if date else None,
        force=force,
        track_changes=not no_track_changes,
    )
    _print_diagnostics(list(result.warnings))
    for kind, label in FLAG_LABELS.items():
        click.echo(f"{result.flag_counts.get(kind, 0):5d} {label}", err=True)
    click.echo(f"Body: {result.word_count:,} words.", err=True)
    for path in result.written:
        click.echo(f"Wrote {path}")
    if strict and result.flags:
        click.echo(f"--strict: {len(result.flags)} flags raised.", err=True)
        sys.exit(EXIT_FLAGS)


@main.command(epilog="Example: build-report validate 2027 --format json")
@click.argument("year", type=Year())
@inputs_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one line per problem on stderr; json: a list on stdout.",
)
@runs_library
def validate(year: int, inputs: Path, fmt: str) -> None:
    """Check the reference data and every submission of cycle YEAR.

    Exit 0 when everything is valid (warnings allowed), 1 otherwise.
    """
    from .cycle import load_cycle

    try:
        cycle = load_cycle(inputs, year)
        diagnostics, failure = list(cycle.warnings), None
    except InputError as exc:
        diagnostics, failure = exc.diagnostics, exc
    if fmt == "json":
        click.echo(json.dumps([d.as_json() for d in diagnostics], indent=2, ensure_ascii=False))
    else:
        _print_diagnostics(diagnostics)
        if failure:
            _print_error_count(failure, writes=False)
        else:
            count = len(cycle.submissions)
            click.echo(f"{inputs}: cycle {year} is valid ({count} submission{'s' * (count != 1)}).")
    if failure:
        sys.exit(EXIT_INVALID)


@main.command(epilog="Example: build-report status 2027 --json > coverage.json")
@click.argument("year", type=Year())
@inputs_option
@click.option("--json", "as_json", is_flag=True, help="Print the coverage as JSON on stdout.")
@runs_library
def status(year: int, inputs: Path, as_json: bool) -> None:
    """Show who has submitted and what is missing or overdue in cycle YEAR.

    Exit 0 whenever the inputs are valid: flags are information, not failure.
    """
    from .coverage import coverage
    from .cycle import load_cycle
    from .status import format_status

    cycle = load_cycle(inputs, year)
    _print_diagnostics(list(cycle.warnings))
    cov = coverage(cycle)
    if as_json:
        click.echo(json.dumps(cov.as_json(), indent=2, ensure_ascii=False))
    else:
        click.echo(format_status(cov))


@main.command("new-submission", epilog="Example: build-report new-submission ITU 2027")
@click.argument("entity")
@click.argument("year", type=Year())
@inputs_option
@runs_library
def new_submission(entity: str, year: int, inputs: Path) -> None:
    """Write inputs/YEAR/<id>.yaml for ENTITY (an id, name or alias), ready to fill in.

    The file lists every paragraph the entity is asked to act on. An existing file is
    never overwritten.
    """
    from .scaffold import ScaffoldExists
    from .scaffold import new_submission as scaffold

    try:
        made = scaffold(entity, year, inputs)
    except ScaffoldExists as exc:
        click.echo(f"error: {exc} exists already; edit it, or move it away first.", err=True)
        sys.exit(EXIT_INVALID)
    count = len(made.paragraphs)
    click.echo(f"Wrote {made.path} with {count} paragraph{'s' * (count != 1)} to fill in.")


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
    from .schema import submission_schema_text

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
        click.echo(f"Wrote {output}")
