"""Problems found in the inputs, each tied to a file and, where one exists, a position."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

Path_ = tuple[str | int, ...]

# A message that tells how to fix a problem names the setting to change with setting():
# the library shows it by its parameter name, and the command line by its option, which
# only cli.py knows. It is marked with private-use characters, which printable() escapes
# in the file names and values that messages quote.
_SETTING = re.compile("\ue000([a-z_]+)\ue001")


def setting(name: str) -> str:
    """The setting ``name`` (a parameter of the library's functions) in a message."""
    return f"\ue000{name}\ue001"


def name_settings(text: str, name: Callable[[str], str] = str) -> str:
    """``text`` with each setting shown as ``name`` shows it: by default as the parameter."""
    if "\ue000" not in text:
        return text
    return _SETTING.sub(lambda m: name(m[1]), text)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Shown(StrEnum):
    """When a diagnostic is printed: many alike in one file are summed up in one line,
    and --verbose prints each instead."""

    ALWAYS = "always"
    SUMMARY = "summary"
    VERBOSE = "verbose"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem, printed as ``FILE:LINE:COL: path: message``.

    Lines and columns count from 1, as editors show them; 0 means the problem has no
    position (a file that cannot be read at all, a missing folder).
    """

    file: str
    line: int
    column: int
    path: str
    marked: str
    """The message, with the settings it names marked (see ``setting``)."""
    severity: Severity = Severity.ERROR
    shown: Shown = field(default=Shown.ALWAYS, compare=False)
    label: str = field(default="", compare=False)
    """What the message names instead of ``path``, as the person sees the file:
    ``paragraph 67, indicators 2, value`` for ``reports[3].indicators[1].value``."""
    paragraph: int | None = field(default=None, compare=False)
    """The paragraph of the report the problem is in, or None outside a report."""

    @property
    def message(self) -> str:
        return name_settings(self.marked)

    def __str__(self) -> str:
        return self.text()

    def text(self, name: Callable[[str], str] = str) -> str:
        """The line as printed, each setting in the message shown by ``name``."""
        where = printable(self.file)
        if self.line:
            where += f":{self.line}:{self.column}"
        mark = "warning: " if self.severity is Severity.WARNING else ""
        shown_as = self.label or self.path
        subject = f"{shown_as}: " if shown_as else ""
        return f"{where}: {mark}{subject}{name_settings(self.marked, name)}"

    def as_json(self, name: Callable[[str], str] = str) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "paragraph": self.paragraph,
            "message": name_settings(self.marked, name),
            "severity": self.severity.value,
        }


class InputError(Exception):
    """The inputs are invalid; carries every problem found, not just the first."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]


def format_path(path: Iterable[str | int]) -> str:
    """``("reports", 2, "status")`` -> ``reports[2].status``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


_IN_REPORT = re.compile(r"reports\[(\d+)\](.*)", re.DOTALL)
_PARTS = re.compile(r"\.([^.\[]+)|\[(\d+)\]")


def name_in_report(path: str, data: Any) -> tuple[str, int | None]:
    """``path`` as a person finds it in the file ``data`` was read from, and the paragraph
    of the report it is in: ``reports[3].indicators[1].value`` -> ``paragraph 67,
    indicators 2, value`` and 67, counting from 1; ``report 4, …`` for a report without a
    paragraph number. A path outside the reports is returned as it is, with None."""
    found = _IN_REPORT.fullmatch(path)
    if found is None:
        return path, None
    index = int(found[1])
    reports = data.get("reports") if isinstance(data, dict) else None
    report = reports[index] if isinstance(reports, list) and index < len(reports) else None
    paragraph = report.get("paragraph") if isinstance(report, dict) else None
    if not isinstance(paragraph, int) or isinstance(paragraph, bool):
        paragraph = None
    rest = found[2]
    if paragraph is not None and rest == ".paragraph":
        rest = ""
    label = f"paragraph {paragraph}" if paragraph is not None else f"report {index + 1}"
    for name, number in _PARTS.findall(rest):
        label += f", {name}" if name else f" {int(number) + 1}"
    return label, paragraph


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A suggestion such as `` (did you mean 'summary'?)``, or '' when nothing is close;
    case does not count ('unesco' is close to 'UNESCO')."""
    by_key = {choice.casefold(): choice for choice in choices}
    close = difflib.get_close_matches(word.casefold(), list(by_key), n=1, cutoff=0.7)
    return f" (did you mean '{by_key[close[0]]}'?)" if close else ""


def for_display(diagnostics: Iterable[Diagnostic], verbose: bool) -> list[Diagnostic]:
    """The diagnostics to print: summaries, or with ``verbose`` what they sum up."""
    hidden = Shown.SUMMARY if verbose else Shown.VERBOSE
    return [d for d in diagnostics if d.shown is not hidden]


def printable(text: str) -> str:
    """``text`` with control and other invisible characters escaped (a newline as ``\\n``),
    so that a file name cannot split or disguise a one-line message."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


_NOT_SHOWN = re.compile(r"(\d+) more problems in this file not shown")


def cap_problems(problems: Sequence[Diagnostic], file: str, limit: int) -> list[Diagnostic]:
    """The first ``limit`` problems of one file, then one line counting the rest, so that
    no kind of problem can flood the output. A count already made is carried over."""
    kept: list[Diagnostic] = []
    hidden = 0
    hidden_error = False
    for problem in problems:
        counted = _NOT_SHOWN.match(problem.message) if not problem.line else None
        if counted or len(kept) >= limit:
            hidden += int(counted[1]) if counted else 1
            hidden_error = hidden_error or problem.severity is Severity.ERROR
        else:
            kept.append(problem)
    if hidden:
        severity = Severity.ERROR if hidden_error else Severity.WARNING
        message = f"{hidden} more problems in this file not shown; fix these first"
        kept.append(Diagnostic(file, 0, 0, "", message, severity))
    return kept


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


class BuildError(Exception):
    """A build that cannot produce a valid draft, or may not write it: a broken template,
    an output that was edited by a person, a folder that cannot be written."""

    def __str__(self) -> str:
        return self.text()

    def text(self, name: Callable[[str], str] = str) -> str:
        """The message, each setting in it shown by ``name``."""
        return name_settings(super().__str__(), name)


class Interrupted(KeyboardInterrupt):
    """Ctrl+C stopped a build while it replaced its files; the message says what is on
    disk now. Still a KeyboardInterrupt, so that whoever stops on one stops on this."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "interrupted"
