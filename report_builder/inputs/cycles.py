"""The per-cycle settings in ``inputs/cycles.yaml``: for each year, the report's symbol and
agenda items, its word limit and the words reserved for its chapters, and the call's
deadline. The file is optional, and so is every key in it: what is not given keeps its
default, which the code that uses the setting applies."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, RootModel
from pydantic_core import PydanticCustomError

from report_builder.diagnostics import Diagnostic, InputError, cap_problems, setting
from report_builder.inputs.models import Date, Schema, Text, WebLink
from report_builder.inputs.reference import read_file
from report_builder.inputs.validation import validate_document
from report_builder.inputs.yaml_reader import DEFAULT_LIMITS, EMPTY_FILE, Limits, YamlDocument

CYCLES_FILE = "cycles.yaml"
# The years a reporting cycle may have: on the command line, and as keys of cycles.yaml.
YEAR_MIN, YEAR_MAX = 2026, 2100


def _one_line(text: str) -> str:
    if "\n" in text:
        raise ValueError("the text runs over several lines; write it on one line")
    return text


def _whole_number(example: int) -> BeforeValidator:
    """A whole number as YAML reads one (not yes, 8500.0 or "8500")."""

    def check(value: object) -> object:
        if isinstance(value, bool) or not isinstance(value, int):
            raise PydanticCustomError("whole_number", "not a whole number", {"example": example})
        return value

    return BeforeValidator(check)


def _positive(value: int) -> int:
    if value < 1:
        raise ValueError(f"{value} words leaves no room for the report; give a number above 0")
    return value


def _not_negative(value: int) -> int:
    if value < 0:
        raise ValueError(f"{value} is below 0; give a number of words, 0 or more")
    return value


Line = Annotated[Text, AfterValidator(_one_line)]
WordLimit = Annotated[int, _whole_number(8500), AfterValidator(_positive)]


class ReservedWords(Schema):
    """The words kept back, out of the word limit, for the chapters the Secretariat writes."""

    key_trends: Annotated[int, _whole_number(800), AfterValidator(_not_negative)] = 800
    challenges: Annotated[int, _whole_number(500), AfterValidator(_not_negative)] = 500
    conclusions: Annotated[int, _whole_number(700), AfterValidator(_not_negative)] = 700


class CycleSettings(Schema):
    """One year's block of cycles.yaml. A key not given is None (its default depends on
    the year or the build, and the code that uses it applies it), except
    ``reserved_words``, whose defaults are fixed."""

    symbol: Line | None = Field(
        default=None, description="The report's symbol; default A/<session>/xx–E/<YEAR>/xx."
    )
    ga_item: Line | None = Field(
        default=None, description="The item of the General Assembly's preliminary list."
    )
    council_item: Line | None = Field(
        default=None, description="The item of the Council's provisional agenda."
    )
    council_session: Line | None = Field(
        default=None, description="The Council's session; default '<YEAR> session'."
    )
    job_number: Line | None = Field(
        default=None, description="The job number; default GE.<YY>-xxxxx (E)."
    )
    compilation_symbol: Line | None = Field(
        default=None, description="The compilation's symbol; default 'a conference room paper'."
    )
    word_limit: WordLimit | None = Field(
        default=None, description="The report's word limit; default 8500."
    )
    reserved_words: ReservedWords = Field(default_factory=ReservedWords)
    deadline: Date | None = Field(default=None, description="The call's deadline, YYYY-MM-DD.")
    period_end: Date | None = Field(
        default=None, description="The last day the report covers; default the build's date."
    )
    guide_url: WebLink | None = Field(
        default=None, description="Where focal points read how to submit."
    )


def _empty_is_defaults(value: object) -> object:
    # A year whose keys are all commented out ("2027:" alone) keeps every default.
    return {} if value is None else value


class CyclesFile(
    RootModel[dict[str, Annotated[CycleSettings, BeforeValidator(_empty_is_defaults)]]]
):
    """The whole of cycles.yaml: a block of settings per year."""


def cycles_path(inputs: str | Path) -> Path:
    return Path(inputs) / CYCLES_FILE


def read_cycle_settings(
    inputs: str | Path, year: int, limits: Limits = DEFAULT_LIMITS
) -> tuple[CycleSettings, list[Diagnostic]]:
    """The settings of ``year`` in ``inputs``/cycles.yaml, and every problem in the file
    (every year's block is checked: the file is one input). The defaults when the file,
    or the year in it, is absent, or when the file has errors."""
    path = cycles_path(inputs)
    if not path.exists():
        return CycleSettings(), []
    doc = read_file(path, str(path), limits, year_keys=True)
    if doc.root is None and [d.message for d in doc.problems] == [EMPTY_FILE]:
        return CycleSettings(), []  # nothing but comments: every default
    read = validate_document(doc, CyclesFile)
    if isinstance(doc.data, dict):
        _check_years(doc)
    problems = cap_problems(doc.problems, doc.file, limits.max_errors)
    if read is None or problems:
        return CycleSettings(), problems
    return read.root.get(str(year), CycleSettings()), problems


def load_cycle_settings(
    inputs: str | Path, year: int, limits: Limits = DEFAULT_LIMITS
) -> CycleSettings:
    """The settings of ``year`` in ``inputs``/cycles.yaml (the defaults without one).

    Raises InputError with every problem in the file.
    """
    settings, problems = read_cycle_settings(inputs, year, limits)
    if problems:
        raise InputError(problems)
    return settings


def _check_years(doc: YamlDocument) -> None:
    for key in doc.data:
        if not re.fullmatch(r"[0-9]{4}", key) or not YEAR_MIN <= int(key) <= YEAR_MAX:
            doc.error(
                (key,),
                f"{key!r} is not a year; each block of {CYCLES_FILE} starts with the year of "
                f"a cycle, from {YEAR_MIN} to {YEAR_MAX}, and a colon, such as '2027:'",
                key=True,
            )


def no_deadline(year: int, inputs: str | Path) -> str:
    """Why the call of ``year`` has no deadline, and the two ways to give it."""
    return (
        f"the call for contributions needs a deadline: pass {setting('deadline')} YYYY-MM-DD, "
        f"or add 'deadline: YYYY-MM-DD' under '{year}:' in {cycles_path(inputs)}"
    )
