"""What text pasted from Word, a chat or a web page brings that the report cannot print as
it is: emoji and other pictographs, and bullet characters at the start of lines. Pure
functions over text; the warnings are worded where they are raised.

**Pictographs.** A character is a pictograph when Unicode classes it as an other symbol
(category So) and it lies in a block where emoji live: Miscellaneous Technical
(U+2300–U+23FF), Miscellaneous Symbols and Dingbats (U+2600–U+27BF), Miscellaneous Symbols
and Arrows (U+2B00–U+2BFF), and U+1F000–U+1FAFF (emoticons, transport and map symbols,
flags, the supplemental symbols and pictographs). That is nearly Unicode's
Extended_Pictographic property, which the standard library does not expose, and leaves
alone the symbols a report may use and its fonts carry (©, °, ™, arrows, geometric
shapes). What completes the pictograph (a variation selector, a skin tone, a zero-width
joiner and the pictograph it joins, the second letter of a flag) belongs to it: 👍🏽 is one.

**Bullets.** A line that starts with •, ◦, ▪, ‣ or – and a space.

**Changes of direction.** An embedding or override (U+202A, U+202B, U+202D, U+202E) lasts
until U+202C, an isolate (U+2066 to U+2068) until U+2069, which also ends the embeddings
begun inside it; else until the end of the paragraph, which in the report holds other
entities' text as well. A text must end each change it begins, and end none it did not.
"""

from __future__ import annotations

import re
import unicodedata

_BLOCKS = ((0x2300, 0x23FF), (0x2600, 0x27BF), (0x2B00, 0x2BFF), (0x1F000, 0x1FAFF))
_JOINER = "\u200d"
_SELECTORS = "\ufe0e\ufe0f\u20e3"
_SKIN_TONES = range(0x1F3FB, 0x1F400)
_FLAG_LETTERS = range(0x1F1E6, 0x1F200)
BULLETS = "•◦▪‣–"


def is_pictograph(char: str) -> bool:
    code = ord(char)
    return unicodedata.category(char) == "So" and any(lo <= code <= hi for lo, hi in _BLOCKS)


# Characters of those blocks: only where one occurs is a text looked at closely, which
# spares reading every character of every summary in Python.
_IN_BLOCKS = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _BLOCKS) + "]")


def pictographs(text: str) -> list[tuple[int, str]]:
    """Each pictograph in ``text`` with what completes it, and where it starts."""
    found: list[tuple[int, str]] = []
    i = 0
    while (candidate := _IN_BLOCKS.search(text, i)) is not None:
        i = candidate.start()
        if not is_pictograph(text[i]):
            i += 1
            continue
        start = i
        flag = ord(text[i]) in _FLAG_LETTERS
        i += 1
        if flag and i < len(text) and ord(text[i]) in _FLAG_LETTERS:
            i += 1
        while i < len(text):
            if text[i] in _SELECTORS or ord(text[i]) in _SKIN_TONES:
                i += 1
            elif text[i] == _JOINER and i + 1 < len(text) and is_pictograph(text[i + 1]):
                i += 2
            else:
                break
        found.append((start, text[start:i]))
    return found


def char_label(cluster: str) -> str:
    """The Unicode name of a pictograph's first character: ROCKET."""
    return unicodedata.name(cluster[0], f"U+{ord(cluster[0]):04X}")


def bullet_lines(lines: list[str]) -> list[int]:
    """The indexes of ``lines`` that start, after any indentation, with a bullet and a
    space."""
    return [
        i
        for i, line in enumerate(lines)
        if (text := line.lstrip()) and text[0] in BULLETS and text[1:2].isspace()
    ]


_EMBEDDINGS = "\u202a\u202b\u202d\u202e"
_ISOLATES = "\u2066\u2067\u2068"
_POP_EMBEDDING = "\u202c"
_DIRECTION = re.compile("[\u202a-\u202e\u2066-\u2069]")


def unbalanced_direction(text: str) -> tuple[int, bool] | None:
    """The first change of direction that ``text`` begins and never ends, or the first end
    of one it never began, as (where it stands, whether it begins one); or None."""
    begun: list[int] = []
    for found in _DIRECTION.finditer(text):
        at, char = found.start(), found.group()
        if char in _EMBEDDINGS or char in _ISOLATES:
            begun.append(at)
        elif char == _POP_EMBEDDING:
            if not begun or text[begun[-1]] in _ISOLATES:
                return at, False
            begun.pop()
        else:
            isolate = next(
                (i for i in reversed(range(len(begun))) if text[begun[i]] in _ISOLATES), None
            )
            if isolate is None:
                return at, False
            del begun[isolate:]
    return (begun[0], True) if begun else None
