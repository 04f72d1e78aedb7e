"""Validates a parsed YAML file against a pydantic schema and turns pydantic's errors into
diagnostics placed on the YAML node each one is about."""

from __future__ import annotations

import re
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .diagnostics import Path_, did_you_mean, format_path, has_errors
from .models import PLACEHOLDER
from .yaml_reader import YamlDocument

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
    doc.error(loc, _message(error), subject=format_path(loc))


def _message(error: ErrorDetails) -> str:
    kind = error["type"]
    ctx = error.get("ctx", {})
    given = error["input"]
    if kind == "literal_error":
        choices = re.sub(r"'([^']*)'", r"\1", str(ctx.get("expected", ""))).replace(" or ", ", ")
        expected = f"one of {choices}"
    elif kind.startswith("date"):
        expected = "a date (YYYY-MM-DD)"
    elif kind.startswith("int"):
        expected = "a whole number"
    else:
        expected = "your text"
    if given == PLACEHOLDER:
        return f"not filled in yet: replace {PLACEHOLDER} with {expected}"
    if kind == "literal_error":
        return f"{given!r} is not {expected}"
    if kind == "date_from_datetime_inexact":
        return f"{given!r} has a time of day; give the date alone, as YYYY-MM-DD"
    if kind.startswith("date"):
        reason = f" ({ctx['error']})" if "error" in ctx else ""
        return f"{given!r} is not a valid date{reason}; write it as YYYY-MM-DD"
    if kind == "int_type":
        return f"{given!r} is not a whole number; write digits, e.g. 67"
    if kind == "string_type":
        return f"expected text, but {given!r} reads as a {type(given).__name__}; put it in quotes"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "string_pattern_mismatch":
        return f"{given!r} is not in the expected form"
    if kind in ("model_type", "model_attributes_type"):
        return "expected a mapping of keys (key: value)"
    if kind == "string_too_short":
        return "must not be empty"
    return error["msg"][0].lower() + error["msg"][1:]


def _field_names(schema: type[BaseModel], path: Path_) -> list[str]:
    """The keys the schema accepts at ``path`` (a mapping inside the document)."""
    current: Any = schema
    for part in path:
        if isinstance(part, int):
            current = _item_type(current)
        elif isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(part)
            current = field.annotation if field else None
        else:
            return []
        current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


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
