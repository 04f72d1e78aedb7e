"""Condensing chapter II into the word limit: which highlights the report carries, and
which contributions it only points to. Pure functions over the coverage; no docx.

Each report offers one highlight: the entity's own ``highlight``, or else the first
sentence of its summary, cut at a word boundary to 60 words. A paragraph's highlights are
considered in a fixed order: leads, then partners, then members of an asked constituency,
then voluntary reports; within each, by submission date (earliest first), then by id.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from report_builder.analysis.coverage import Coverage, PlacedReport
from report_builder.inputs.models import HIGHLIGHT_MAX_WORDS
from report_builder.inputs.words import first_words, word_count


@dataclass(frozen=True)
class Highlight:
    placed: PlacedReport
    text: str
    from_summary: bool
    lead: str
    """What the report writes before the highlight, which counts towards the limit."""

    @cached_property
    def words(self) -> int:
        return word_count(self.lead) + word_count(self.text)


@dataclass(frozen=True)
class Condensed:
    """Per paragraph, the highlights the report carries and the reports it leaves to the
    compilation, both in the fixed order."""

    shown: dict[int, tuple[Highlight, ...]]
    left_out: dict[int, tuple[Highlight, ...]]

    @property
    def words(self) -> int:
        return sum(h.words for shown in self.shown.values() for h in shown)


# A sentence ends at . ! or ? (maybe followed by a closing quote or bracket) before white
# space; an abbreviation such as "e.g." may end one early, which a reviewer sees flagged.
_SENTENCE_END = re.compile("[.!?][\"'\u201d\u2019)\\]]*(?=\\s)")


def first_sentence(summary: str, max_words: int = HIGHLIGHT_MAX_WORDS) -> str:
    """The summary's first sentence, cut at a word boundary to ``max_words`` words."""
    end = _SENTENCE_END.search(summary)
    sentence = " ".join((summary[: end.end()] if end else summary).split())
    if word_count(sentence) > max_words:
        return first_words(sentence, max_words) + " …"
    return sentence


def highlight_of(placed: PlacedReport, lead: Callable[[PlacedReport], str]) -> Highlight:
    given = placed.report.highlight
    if given is not None:
        return Highlight(placed, given, False, lead(placed))
    return Highlight(placed, first_sentence(placed.report.summary), True, lead(placed))


Offers = dict[int, list[Highlight]]


def offers(cov: Coverage, lead: Callable[[PlacedReport], str]) -> Offers:
    """Each paragraph's highlights, in the fixed order, each after the words ``lead``
    gives it (the wording's business: this module only counts them)."""
    return {p: [highlight_of(r, lead) for r in para.reports] for p, para in cov.paragraphs.items()}


def condense(offers: Offers, budget: int) -> Condensed:
    """Choose among ``offers`` highlights worth at most ``budget`` words in all.

    Each paragraph gets a fair share of the budget (paragraphs that need less than their
    share give the rest to the others), and fills it in the fixed order, skipping a
    highlight that does not fit; what any paragraph leaves unused then goes, paragraph by
    paragraph, to highlights that were skipped.
    """
    demand = {p: sum(h.words for h in hs) for p, hs in offers.items() if hs}
    shares: dict[int, int] = {}
    remaining = max(budget, 0)
    for i, paragraph in enumerate(sorted(demand, key=lambda p: (demand[p], p))):
        shares[paragraph] = min(demand[paragraph], remaining // (len(demand) - i))
        remaining -= shares[paragraph]
    chosen: dict[int, list[bool]] = {}
    used = 0
    for paragraph, highlights in offers.items():
        left = shares.get(paragraph, 0)
        picks = []
        for h in highlights:
            fits = h.words <= left
            left -= h.words if fits else 0
            used += h.words if fits else 0
            picks.append(fits)
        chosen[paragraph] = picks
    spare = max(budget, 0) - used
    for paragraph, highlights in offers.items():
        for i, h in enumerate(highlights):
            if not chosen[paragraph][i] and h.words <= spare:
                chosen[paragraph][i] = True
                spare -= h.words
    return Condensed(
        {p: tuple(h for h, c in zip(hs, chosen[p], strict=True) if c) for p, hs in offers.items()},
        {
            p: tuple(h for h, c in zip(hs, chosen[p], strict=True) if not c)
            for p, hs in offers.items()
        },
    )
