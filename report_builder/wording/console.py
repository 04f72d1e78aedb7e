"""What the command prints besides the library's messages: counts, summaries and the
files it wrote. Options are the command line's own words, so they appear here as typed."""

from __future__ import annotations

from pathlib import Path

from report_builder.diagnostics import printable


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def error_count(errors: int, writes: bool) -> str:
    """'2 errors; nothing was written.'"""
    written = "; nothing was written" if writes else ""
    return f"{_plural(errors, 'error')}{written}."


def internal_error(kind: str, detail: str) -> str:
    return (
        f"internal error: {kind}: {detail}\n"
        "This is a bug in report-builder; run again with --debug for the traceback and "
        "report it."
    )


def error(message: str) -> str:
    return f"error: {message}"


def wrote(path: Path) -> str:
    return f"Wrote {path}"


def flag_count(count: int, label: str) -> str:
    return f"{count:5d} {label}"


def body_length(words: int, reserved: int, limit: int, shown: int, offered: int) -> str:
    """'Body: 5,912 words + 2,000 reserved = 7,912 of 8,500; …'"""
    return (
        f"Body: {words:,} words + {reserved:,} reserved = {words + reserved:,} of {limit:,}; "
        f"{shown:,} of {offered:,} highlights in the report, all in the compilation."
    )


def strict_failure(flags: int, words: int, limit: int) -> str:
    """Why a --strict build exits with 3: its flags, its length (reserved words
    included), or both."""
    why = [f"{flags} flags raised"] if flags else []
    why += [f"{words:,} words, over {limit:,}"] if words > limit else []
    return f"--strict: {'; '.join(why)}."


def scaffold_exists(path: str) -> str:
    return error(f"{path} exists already; edit it, or move it away first.")


def scaffold_written(path: Path, paragraphs: int) -> str:
    return f"Wrote {path} with {_plural(paragraphs, 'paragraph')} to fill in."


def call_written(letters: int, reminders: int) -> str:
    if letters:
        return f"{letters} letters with questionnaires."
    return f"{reminders} reminders; the other entities have reported."


def imported(target: Path, source: Path, paragraphs: int) -> str:
    return (
        f"Wrote {printable(str(target))} from {printable(str(source))} "
        f"({_plural(paragraphs, 'paragraph')})."
    )
