"""Counting words as Word does, for every limit and count the build states.

A summary's limit, a highlight's, the budget the report's highlights get and the length
printed for the draft must all agree: were the budget counted one way and the draft
another, filling the report to its limit would take guesses instead of one measurement.

Word's rule: words are separated by white space and by U+200B (zero-width space); soft
hyphens, joiners, variation selectors and combining marks stay inside the word they are
in; each East Asian character is a word of its own (ideographs, kana, hangul, bopomofo,
Yi, and these scripts' punctuation and full-width forms: "信息社会。" is five words,
"abc、def" three, "２０２７年" five), as is each run of other characters between them.
LibreOffice counts the same, but for U+200B, dashes and the dictionary it parts Thai and
Lao with.
"""

from __future__ import annotations

import re
from itertools import islice

# Characters that are words on their own, by block: hangul jamo; CJK radicals; CJK
# symbols and punctuation (not the ideographic space, nor the tone marks); kana (not the
# voicing marks); bopomofo, hangul compatibility jamo, enclosed and compatibility CJK and
# ideographs; Yi; hangul syllables; compatibility ideographs; CJK compatibility and small
# forms; full-width and half-width forms (not the half-width voicing marks); the kana,
# ideograph and extension blocks beyond U+FFFF.
_CJK = (
    "\u1100-\u11ff\u2e80-\u2fff\u3001-\u3029\u3030-\u303f\u3041-\u3096\u309d-\u30ff"
    "\u3100-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff"
    "\ufe30-\ufe6f\uff01-\uff9d\uffa0-\uffdc\uffe0-\uffee\U0001b000-\U0001b16f"
    "\U00020000-\U0002fa1f\U00030000-\U000323af"
)
# What stays with the CJK character before it rather than starting a word: combining
# marks (kana voicing and ideographic tone marks included), variation selectors, joiners
# and soft hyphens.
_INSIDE = (
    "\u00ad\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u200c\u200d\u2060\u20d0-\u20ff"
    "\u302a-\u302f\u3099-\u309c\ufe00-\ufe0f\ufe20-\ufe2f\uff9e\uff9f\U000e0100-\U000e01ef"
)
# \s is str.split()'s white space, so that text without U+200B or East Asian characters
# counts as it splits.
_WORD = re.compile(f"[{_CJK}][{_INSIDE}]*|[^\\s\u200b{_CJK}]+")


def word_count(text: str) -> int:
    """The words of ``text``, as Word counts them."""
    # Nearly all text is ASCII, where Word's rule is white space alone.
    if text.isascii():
        return len(text.split())
    return len(_WORD.findall(text))


def first_words(text: str, count: int) -> str:
    """``text`` up to the end of its ``count``-th word, by the same rule."""
    end = 0
    for word in islice(_WORD.finditer(text), count):
        end = word.end()
    return text[:end]
