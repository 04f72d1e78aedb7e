"""How large a value a template may make, and what it may print, checked before the value
is made: a template that doubles a string a dozen times, raises a number to a power of a
power, or pads a value to a width of a billion would otherwise run for minutes or take
gigabytes before any limit on what is printed is reached. And a printed object whose text
holds a memory address would make two builds of the same inputs differ."""

from __future__ import annotations

import math
import re
import string
from collections.abc import Iterator
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError

# Characters a single value may have, printed or not.
MAX_VALUE_CHARS = 1_000_000
# Digits a number may have: Python prints no longer integer (sys.set_int_max_str_digits).
MAX_DIGITS = 4_300
# A width, padding or count given to a filter or a format: a line of a page holds about
# a hundred characters.
MAX_WIDTH = 1_000

# The filters whose number arguments are widths, lengths or counts that make text or lists.
WIDTH_FILTERS = frozenset({"center", "indent", "wordwrap", "truncate", "batch", "slice"})
# The filters that make text of any value they are given.
_TEXT_FILTERS = frozenset(
    {"string", "e", "escape", "forceescape", "upper", "lower", "title", "capitalize", "trim"}
    | {"striptags", "urlencode", "wordcount", "replace", "format", "center", "indent"}
    | {"wordwrap", "truncate"}
)
# The str methods whose number arguments pad or repeat.
_WIDTH_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})
# What Python shows for an object without text of its own: '<… at 0x7f3a…>'.
_ADDRESS = re.compile(r" at 0x[0-9A-Fa-f]+>")
# A printf-style conversion's flags, width and precision ('%-20.5s').
_PRINTF = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
# A format spec's width and precision ('>20.5', '_^30').
_SPEC = re.compile(r"(?:.?[<>=^])?[-+ ]?z?#?0?(\d+)?[,_]?(?:\.(\d+))?")
_JINJA_ARGUMENTS = (jinja2.runtime.Context, jinja2.nodes.EvalContext, jinja2.Environment)


def digits(number: int) -> int:
    """About how many digits ``number`` has, without printing it."""
    return max(1, math.ceil(abs(number).bit_length() * math.log10(2)))


def text_size(value: Any, limit: int = MAX_VALUE_CHARS) -> int:
    """About how many characters ``value`` has as text, counted no further than past
    ``limit``: a list of a million references to one long string is short in memory and
    enormous as text."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, bool) or value is None:
        return 5
    if isinstance(value, int):
        return digits(value)
    if isinstance(value, float):
        return 24
    if isinstance(value, list | tuple | dict):
        items = value.items() if isinstance(value, dict) else value
        total = 2
        for item in items:
            total += text_size(item, limit - total) + 2
            if total > limit:
                break
        return total
    return 0


def check_size(size: int) -> None:
    if size > MAX_VALUE_CHARS:
        raise SecurityError(
            f"a value of more than {MAX_VALUE_CHARS:,} characters, over the limit; print a "
            "part of it, such as value|truncate(1000)"
        )


def check_number(size: int) -> None:
    if size > MAX_DIGITS:
        raise SecurityError(
            f"a number of about {size:,} digits, over the limit of {MAX_DIGITS:,}; a report "
            "prints no such number"
        )


def check_width(width: int, where: str) -> None:
    if abs(width) > MAX_WIDTH:
        raise SecurityError(
            f"a width or count of {width:,} in {where}, over the limit of {MAX_WIDTH:,}; a "
            "line of a page holds about a hundred characters"
        )


def check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse ``left operator right`` when its result would be over a limit."""
    if operator == "**" and _is_int(left) and _is_int(right) and right > 0:
        # The digits of left ** right: right times those of left (a base of 0 or ±1 stays).
        if abs(left) > 1:
            check_number(math.ceil(right * math.log10(abs(left))))
    elif operator == "*" and _is_int(left) and _is_int(right):
        check_number(digits(left) + digits(right))
    elif operator == "*" and (_is_int(left) or _is_int(right)):
        sized, count = (left, right) if _is_int(right) else (right, left)
        if isinstance(sized, str | list | tuple) and len(sized) * count > MAX_VALUE_CHARS:
            raise SecurityError(f"repeating a value {count:,} times is over the limit")
    elif operator == "+" and isinstance(left, str | list | tuple):
        if isinstance(right, str | list | tuple):
            check_size(len(left) + len(right))
    elif operator == "+" and _is_int(left) and _is_int(right):
        check_number(max(digits(left), digits(right)) + 1)
    elif operator == "%" and isinstance(left, str):
        check_printf(left, "a '%' format")
        check_stable(right)


def check_concat(items: tuple[Any, ...]) -> None:
    """Refuse joining ``items`` with '~' when the text would be over the limit."""
    check_stable(*items)
    total = 0
    for item in items:
        total += text_size(item, MAX_VALUE_CHARS - total)
        check_size(total)


def check_printf(form: str, where: str) -> None:
    for width, precision in _PRINTF.findall(form):
        if "*" in (width, precision):
            raise SecurityError(f"a width given as '*' in {where}; write the width in the format")
        for number in (width, precision):
            if number:
                check_width(int(number), where)


def check_format(form: str, where: str) -> None:
    """Refuse a str.format pattern whose widths are over the limit, or given by values."""
    try:
        fields = list(string.Formatter().parse(form))
    except ValueError:
        return  # str.format itself says what is wrong
    for _, _, spec, _ in fields:
        if not spec:
            continue
        if "{" in spec:
            raise SecurityError(
                f"a width given by a value in {where}; write the width in the format"
            )
        found = _SPEC.match(spec)
        for number in found.groups() if found else ():
            if number:
                check_width(int(number), where)


def check_filter(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse a filter whose arguments would make it run long or make too large a value,
    and one given an object without stable text."""
    positional = [a for a in args if not isinstance(a, _JINJA_ARGUMENTS)]
    if not positional:
        return
    subject, rest = positional[0], positional[1:]
    check_stable(*rest, *kwargs.values())
    # Filters such as join and list consume a generator, which is no text until printed.
    if name in _TEXT_FILTERS or not isinstance(subject, Iterator):
        check_stable(subject)

    def argument(keyword: str, at: int, default: Any) -> Any:
        return kwargs.get(keyword, rest[at] if len(rest) > at else default)

    if name in WIDTH_FILTERS:
        for number in (*rest, *kwargs.values()):
            if _is_int(number):
                check_width(number, f"|{name}")
    if name == "indent" and isinstance(subject, str):
        width = argument("width", 0, 4)
        prefix = width if _is_int(width) else text_size(width)
        check_size(len(subject) + (subject.count("\n") + 1) * prefix)
    elif name == "format" and isinstance(subject, str):
        check_printf(subject, "|format")
    elif name == "join":
        check_stable(*_items(subject))
        separator = argument("d", 0, "")
        check_size(text_size(subject) + len(_items(subject)) * text_size(separator))
    elif name == "replace" and isinstance(subject, str):
        _check_replace(subject, argument("old", 0, None), argument("new", 1, None))
    elif name == "sum" and not isinstance(argument("start", 1, 0), int | float):
        raise SecurityError("|sum adds numbers; to join lists or text, use |join or a loop")


def check_method(method: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse a call of a str method that would pad, repeat or format past a limit."""
    subject = getattr(method, "__self__", None)
    if not isinstance(subject, str):
        return
    name = getattr(method, "__name__", "")
    check_stable(*args, *kwargs.values())
    where = f"'{name}'"
    if name in _WIDTH_METHODS:
        for number in (*args, *kwargs.values()):
            if _is_int(number):
                check_width(number, where)
        if name == "expandtabs":
            check_size(len(subject) * (1 + max([8, *[a for a in args if _is_int(a)]])))
    elif name == "join" and args:
        check_stable(*_items(args[0]))
        check_size(text_size(args[0]) + len(_items(args[0])) * len(subject))
    elif name == "replace" and len(args) >= 2:
        _check_replace(subject, args[0], args[1])


def _check_replace(text: str, old: Any, new: Any) -> None:
    if isinstance(old, str) and isinstance(new, str):
        found = text.count(old) if old else len(text) + 1
        check_size(len(text) + found * (len(new) - len(old)))


def _items(value: Any) -> list[Any] | tuple[Any, ...]:
    if isinstance(value, dict):
        return list(value)
    return value if isinstance(value, list | tuple) else ()


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def unstable(value: Any) -> Any:
    """The first object in ``value`` (itself, or an item of a list or mapping) whose text
    holds a memory address; None when there is none."""
    if isinstance(value, str | int | float) or value is None:
        return None
    if isinstance(value, list | tuple | dict):
        items = [*value.keys(), *value.values()] if isinstance(value, dict) else value
        for item in items:
            found = unstable(item)
            if found is not None:
                return found
        return None
    return value if _ADDRESS.search(repr(value)) else None


def check_stable(*values: Any) -> None:
    for value in values:
        found = unstable(value)
        if found is not None:
            raise _no_text(type(found).__name__)


def check_constant(text: str) -> None:
    """Refuse a constant that Jinja made text while compiling ('x'.upper) when that text
    holds a memory address. Jinja then leaves the value to be made as the template runs,
    where check_stable names what it is."""
    if _ADDRESS.search(text):
        raise _no_text("value")


def _no_text(kind: str) -> SecurityError:
    return SecurityError(
        f"the template prints a {kind}, which has no text of its own: Python shows it with "
        "a memory address, which differs from one build to the next; print a value instead "
        "(for a cycler, cycler.next())"
    )
