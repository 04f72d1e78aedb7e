"""Numbers as the UN Editorial Manual writes them: words below 10, figures with
thousands separators above, and ordinals for sessions."""

from __future__ import annotations

_UNITS = ("", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_TEENS = (
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
)
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_TENS_ORD = (
    "",
    "",
    "twentieth",
    "thirtieth",
    "fortieth",
    "fiftieth",
    "sixtieth",
    "seventieth",
    "eightieth",
    "ninetieth",
)


def ordinal_words(n: int) -> str:
    """82 -> 'Eighty-second', as the UN names General Assembly sessions (1 to 199)."""
    hundreds, rest = divmod(n, 100)
    if rest == 0:
        words = "hundredth"
    elif rest < 10:
        words = _UNITS[rest]
    elif rest < 20:
        words = _TEENS[rest - 10]
    else:
        tens, unit = divmod(rest, 10)
        words = f"{_TENS[tens]}-{_UNITS[unit]}" if unit else _TENS_ORD[tens]
    if hundreds:
        words = f"one hundred and {words}" if rest else "one hundredth"
    return words[0].upper() + words[1:]


def format_number(value: float) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}"


_NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]


def number_text(n: int, start: bool = False) -> str:
    """Numbers below 10 in words, as the UN Editorial Manual asks; at the start of a
    sentence, words up to 99 and a capital."""
    if n < 10 or (start and n < 100):
        tens, unit = divmod(n, 10)
        if n < 20:
            words = _NUMBER_WORDS[n]
        else:
            words = _TENS[tens] + (f"-{_NUMBER_WORDS[unit]}" if unit else "")
        return words.capitalize() if start else words
    return f"{n:,}"


def ordinal(n: int) -> str:
    """82 -> '82nd'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
