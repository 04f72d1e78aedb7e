"""Where sentences end, for the sentence the report quotes from a summary and for the
check on how each sentence of a highlight begins.

A sentence ends at . ! ? or the Arabic question mark (maybe followed by a closing quote or
bracket) before white space and a letter that is not a small Latin one (a capital, or a
script without case), unless the word before is a common abbreviation; and at the
Chinese and Japanese full stop, exclamation and question marks (maybe followed by a
closing quote or bracket) whatever follows, since those scripts put no space after them.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

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


# What opens a sentence as a credit in the report does ("ITU: …"): a name, maybe after
# "the", and a colon.
_LABEL = re.compile(r"\s*(?:the\s+)?([^\s:\uff1a][^:\uff1a\n]{0,119}?)\s*[:\uff1a]", re.IGNORECASE)


def _ends(text: str) -> Iterator[int]:
    """Where each sentence of ``text`` but the last ends."""
    start = 0
    for end in _SENTENCE_END.finditer(text):
        if not _ABBREVIATION.search(text[start : end.start()]):
            start = end.end()
            yield start


def sentences(text: str) -> list[str]:
    """``text`` split into sentences, white space collapsed."""
    bounds = [0, *_ends(text), len(text)]
    out = (" ".join(text[a:b].split()) for a, b in itertools.pairwise(bounds))
    return [s for s in out if s]


def labels(text: str) -> Iterator[tuple[int, str]]:
    """Each sentence or line of ``text`` that opens with a label and a colon ("ESCAP: …",
    "Note: …"): where the label starts, and the label."""
    starts = {0, *_ends(text), *(m.end() for m in re.finditer("\n", text))}
    found = (_LABEL.match(text, start) for start in starts)
    yield from sorted({(label.start(1), label[1]) for label in found if label})
