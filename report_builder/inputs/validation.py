"""Validates a parsed YAML file against a pydantic schema and turns pydantic's errors into
diagnostics placed on the YAML node each one is about."""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, RootModel, ValidationError
from pydantic_core import ErrorDetails

from report_builder.diagnostics import Path_, did_you_mean, format_path, has_errors
from report_builder.inputs.models import FREE_TEXT, PLACEHOLDER, date_in_order
from report_builder.inputs.yaml_reader import YamlDocument

M = TypeVar("M", bound=BaseModel)


def validate_document(doc: YamlDocument, schema: type[M]) -> M | None:
    """The validated model, or None with every problem added to ``doc.problems``."""
    if has_errors(doc.problems):
        return None
    try:
        return schema.model_validate(doc.data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            _report(doc, schema, error)
        return None


def _report(doc: YamlDocument, schema: type[BaseModel], error: ErrorDetails) -> None:
    loc: Path_ = tuple(error["loc"])
    kind = error["type"]
    if kind == "missing":
        doc.error(loc[:-1], f"missing required key '{loc[-1]}'", subject=format_path(loc[:-1]))
        return
    if kind == "extra_forbidden":
        known = _field_names(schema, loc[:-1])
        hint = did_you_mean(str(loc[-1]), known) if known else ""
        doc.error(
            loc,
            f"unknown key '{loc[-1]}'{hint}",
            key=True,
            subject=format_path(loc[:-1]),
        )
        return
    empty = kind == "string_type" and error["input"] is None
    if empty and _in_free_text(loc) and doc.comment_only(loc):
        return  # check_cut_comments says that '#' began a comment
    if kind == "direction":
        ctx = error.get("ctx", {})
        line, column = doc.text_position(loc, ctx["char"], ctx["occurrence"])
        doc.problems.append(doc.diagnostic(line, column, format_path(loc), ctx["message"]))
        return
    if kind == "string_type" and isinstance(error["input"], dict | list):
        doc.error(loc, _structure_not_text(loc, error["input"]), subject=format_path(loc))
        return
    doc.error(loc, _message(error, doc.typed(loc)), subject=format_path(loc))


def _structure_not_text(path: Path_, value: object) -> str:
    """A text that YAML read as keys and values, or as a list, and what to type instead;
    never the structure it made."""
    why = (
        "as 'key: value', because it contains ': '"
        if isinstance(value, dict)
        else "as a list, because its lines start with '- '"
    )
    key = path[-1] if path else ""
    fix = (
        f"write the text under '{key}: >-', indented"
        if isinstance(key, str)
        else "put the whole item in double quotes"
    )
    return f"expected text, but YAML read it {why}; {fix}"


def _in_free_text(path: Path_) -> bool:
    return any(
        len(pattern) == len(path)
        and all(p == "*" or p == part for p, part in zip(pattern, path, strict=True))
        for pattern in FREE_TEXT
    )


def _message(error: ErrorDetails, typed: str | None) -> str:
    """The message for one of pydantic's errors, quoting the value as it was ``typed``
    (``'yes'``, not True) where the file has it."""
    kind = error["type"]
    ctx = error.get("ctx", {})
    value = error["input"]
    given = value if typed is None else typed
    choices: list[str] = []
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        expected = f"one of {', '.join(choices)}"
    elif kind.startswith("date"):
        expected = "a date (YYYY-MM-DD)"
    elif kind.startswith("int"):
        expected = "a whole number"
    else:
        expected = "your text"
    if given == PLACEHOLDER:
        return f"not filled in yet: replace {PLACEHOLDER} with {expected}"
    if kind == "literal_error" and (part_of := _action_line_of(str(given), choices)):
        return f"{given!r} is not {expected}: {part_of}"
    if kind == "literal_error":
        return f"{given!r} is not {expected}{_closest_choice(str(given), choices)}"
    if kind == "number_type" and isinstance(value, str) and (split := _with_unit(value)):
        number, unit = split
        return f"{given!r} is not a number; write 'value: {number}' and 'unit: {unit}'"
    if kind == "number_type":
        return f"{given!r} is not a number; write digits, e.g. 12 or 3.5"
    if kind == "date_from_datetime_inexact":
        return f"{given!r} has a time of day; give the date alone, as YYYY-MM-DD"
    if kind.startswith("date") and isinstance(value, str) and (order := date_in_order(value)):
        return order
    if kind.startswith("date"):
        reason = f" ({ctx['error']})" if "error" in ctx else ""
        return f"{given!r} is not a valid date{reason}; write it as YYYY-MM-DD"
    if kind == "int_type":
        return f"{given!r} is not a whole number; write digits, e.g. 67"
    if kind == "whole_number":
        return f"{given!r} is not a whole number; write digits, e.g. {ctx['example']}"
    if kind == "string_type" and value is None:
        return "empty; write your text"
    if kind == "string_type":
        reads_as = _READS_AS.get(type(value), "a value")
        return f"expected text, but {given!r} reads as {reads_as}; put it in quotes"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "string_pattern_mismatch":
        return f"{given!r} is not in the expected form"
    if kind in ("model_type", "model_attributes_type"):
        return "expected a mapping of keys (key: value)"
    if kind == "string_too_short":
        return "must not be empty"
    return error["msg"][0].lower() + error["msg"][1:]


# A number with its unit written after it: 45%, 12 countries.
_NUMBER_AND_UNIT = re.compile(r"\s*([-+]?[0-9]+(?:\.[0-9]+)?)\s*(%|[^\W\d_][^\n]{0,40}?)\s*")


def _with_unit(typed: str) -> tuple[str, str] | None:
    """``("45", "per cent")`` for ``45%``; ``("12", "countries")`` for ``12 countries``."""
    found = _NUMBER_AND_UNIT.fullmatch(typed)
    if found is None:
        return None
    return found[1], "per cent" if found[2] == "%" else found[2]


# How YAML read a plain value that should have been text.
_READS_AS: dict[type, str] = {
    bool: "yes/no",
    int: "a number",
    float: "a number",
    dt.date: "a date",
    dt.datetime: "a date and time",
}
# Words people write for a status, and the status they mean.
_SYNONYMS = {"done": "completed", "finished": "completed", "complete": "completed"}


# The ICT applications of WSIS action line C7, by the names people give them.
_APPLICATIONS: tuple[str, ...] = ("government", "business", "learning", "health")
_APPLICATIONS += ("employment", "environment", "agriculture", "science")
_ACTION_LINE_OF = {f"e{name}": "C7" for name in _APPLICATIONS}


def _action_line_of(given: str, choices: list[str]) -> str:
    """``e-agriculture is part of action line C7; write C7`` for an ICT application named
    where an action line belongs, or ''."""
    line = _ACTION_LINE_OF.get(re.sub(r"[\s_-]+", "", given).casefold())
    if line is None or line not in choices:
        return ""
    return f"{given.strip()} is part of action line {line}; write {line}"


def _closest_choice(given: str, choices: list[str]) -> str:
    """`` (did you mean 'in_progress'?)`` for 'in progress', 'In-Progress' or 'Done'; ``
    (did you mean 'C7'?)`` for 'C 7' or 'c7'."""
    word = re.sub(r"[\s-]+", "_", given.strip()).casefold()
    word = _SYNONYMS.get(word, word)
    by_key = {choice.casefold(): choice for choice in choices}
    if word in by_key:
        return f" (did you mean '{by_key[word]}'?)"
    compact = re.sub(r"[\s_.-]+", "", given).casefold()
    if compact in by_key:
        return f" (did you mean '{by_key[compact]}'?)"
    # Short codes such as C12 are close to too many others for a guess to help.
    return did_you_mean(word, choices) if len(word) > 3 else ""


def _field_names(schema: type[BaseModel], path: Path_) -> list[str]:
    """The keys the schema accepts at ``path`` (a mapping inside the document)."""
    current: Any = schema
    for part in path:
        current = _rooted(current)
        if isinstance(part, int):
            current = _item_type(current)
        elif typing.get_origin(current) is dict:
            current = typing.get_args(current)[1]
        elif isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(part)
            current = field.annotation if field else None
        else:
            return []
        current = _unwrap(current)
    current = _rooted(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _rooted(annotation: Any) -> Any:
    """A RootModel's root type (a mapping of years, say); any other annotation as it is."""
    if isinstance(annotation, type) and issubclass(annotation, RootModel):
        return _unwrap(annotation.model_fields["root"].annotation)
    return annotation


def _unwrap(annotation: Any) -> Any:
    """``Contact | None`` -> ``Contact``; ``Annotated[X, ...]`` -> ``X``."""
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(options) == 1:
            return _unwrap(options[0])
    return annotation


def _item_type(annotation: Any) -> Any:
    args = typing.get_args(annotation)
    return args[0] if typing.get_origin(annotation) is list and args else None
