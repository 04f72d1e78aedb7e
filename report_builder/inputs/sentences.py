"""Where sentences end, for the sentence the report quotes from a summary and for the
checks on each sentence of a highlight.

A sentence ends at . ! ? or the Arabic question mark (maybe followed by a closing quote or
bracket) before white space and a letter that is not a small Latin one (a capital, or a
script without case), unless the word before is a common abbreviation; and at the
Chinese and Japanese full stop, exclamation and question marks (maybe followed by a
closing quote or bracket) whatever follows, since those scripts put no space after them.
"""

from __future__ import annotations

import re

_CLOSING = "\"'\u201d\u2019)\\]"
_CLOSING_CJK = "\u300d\u300f\u3011\u3015\u3009\u300b\uff09\uff3d"
_SENTENCE_END = re.compile(
    f"[.!?\u061f][{_CLOSING}]*(?=\\s+[\"'\u201c\u2018(\\[]?[^\\W\\d_a-z\u00df-\u00ff])"
    f"|[\u3002\uff01\uff1f]+[{_CLOSING}{_CLOSING_CJK}]*"
)
_ABBREVIATION = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|para|paras|No|Nos|approx|vol|pp|art|cf|Mr|Ms|Mrs|Dr|St|Jan|Feb|"
    r"Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)|\b[A-Z](?:\.[A-Z])+)$"
)


def sentences(text: str) -> list[str]:
    """``text`` split into sentences, white space collapsed."""
    out = []
    start = 0
    for end in _SENTENCE_END.finditer(text):
        if _ABBREVIATION.search(text[start : end.start()]):
            continue
        out.append(" ".join(text[start : end.end()].split()))
        start = end.end()
    out.append(" ".join(text[start:].split()))
    return [s for s in out if s]
