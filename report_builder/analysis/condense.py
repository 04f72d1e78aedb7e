"""Condensing chapter II into the word limit: which highlights the report carries, and
which contributions it only points to. Pure functions over the coverage; no docx.

Each report offers one highlight: the entity's own ``highlight``, or else a sentence of
its summary (the first that begins with the entity's name, else the first that does not
open with a preamble such as "As …" or "Following …"), cut at a word boundary to 60
words. A paragraph's highlights are considered in the coverage's order: leads, then
partners, then members of an asked constituency, then voluntary reports; within each, in
the registry's order. The chosen ones are grouped into numbered paragraphs of at most
four entities and about 150 words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from report_builder.analysis.coverage import Coverage, PlacedReport
from report_builder.inputs.models import HIGHLIGHT_MAX_WORDS, Entity
from report_builder.inputs.words import first_words, word_count

# A numbered paragraph of the report credits at most this many entities, in about this
# many words, as paragraphs of the Secretary-General's reports do.
CREDITS_PER_PARAGRAPH = 4
PARAGRAPH_WORDS = 150


@dataclass(frozen=True)
class Highlight:
    placed: PlacedReport
    text: str
    """The credit as the report prints it, the entity named: all of it counts."""
    from_summary: bool

    @cached_property
    def words(self) -> int:
        return word_count(self.text)


@dataclass(frozen=True)
class Condensed:
    """Per paragraph, the highlights the report carries and the reports it leaves to the
    compilation, both in the fixed order."""

    shown: dict[int, tuple[Highlight, ...]]
    left_out: dict[int, tuple[Highlight, ...]]

    @property
    def words(self) -> int:
        return sum(h.words for shown in self.shown.values() for h in shown)

    def groups(self, paragraph: int) -> tuple[tuple[Highlight, ...], ...]:
        """The highlights shown on ``paragraph``, in order, grouped into numbered
        paragraphs: a new one starts after four credits or before 150 words are passed."""
        groups: list[list[Highlight]] = []
        words = 0
        for h in self.shown[paragraph]:
            full = groups and (
                len(groups[-1]) >= CREDITS_PER_PARAGRAPH or words + h.words > PARAGRAPH_WORDS
            )
            if not groups or full:
                groups.append([])
                words = 0
            groups[-1].append(h)
            words += h.words
        return tuple(tuple(g) for g in groups)


# A sentence ends at . ! or ? (maybe followed by a closing quote or bracket) before white
# space; an abbreviation such as "e.g." may end one early, which a reviewer sees flagged.
_SENTENCE_END = re.compile("[.!?][\"'\u201d\u2019)\\]]*(?=\\s)")


# Openings that introduce a sentence rather than say what was done; a summary's sentence
# that starts so is passed over for the report when a later one does not.
_PREAMBLE = re.compile(r"(as|in its capacity|following|within)\b", re.IGNORECASE)


def names_entity(text: str, entity: Entity) -> bool:
    """Whether ``text`` begins with ``entity``'s name, short name, id or an alias, maybe
    after "The" and maybe as a possessive: "ITU launched", "ITU's", "The Economic
    Commission for Africa"."""
    start = text.lstrip()
    if start[:4].casefold() == "the ":
        start = start[4:]
    folded = start.casefold()
    for name in sorted({entity.short, entity.id, entity.name, *entity.aliases}, key=len)[::-1]:
        key = name.casefold()
        if folded.startswith(key) and not folded[len(key) : len(key) + 1].isalnum():
            return True
    return False


def sentences(text: str) -> list[str]:
    """``text`` split into sentences, white space collapsed."""
    out = []
    start = 0
    for end in _SENTENCE_END.finditer(text):
        out.append(" ".join(text[start : end.end()].split()))
        start = end.end()
    out.append(" ".join(text[start:].split()))
    return [s for s in out if s]


def summary_sentence(summary: str, entity: Entity, max_words: int = HIGHLIGHT_MAX_WORDS) -> str:
    """The sentence of ``summary`` the report quotes for lack of a highlight: the first
    that begins with the entity's name, else the first that does not open with a
    preamble, else the first; cut at a word boundary to ``max_words`` words."""
    candidates = sentences(summary) or [""]
    sentence = next(
        (s for s in candidates if names_entity(s, entity)),
        next((s for s in candidates if not _PREAMBLE.match(s)), candidates[0]),
    )
    if word_count(sentence) > max_words:
        return first_words(sentence, max_words) + " …"
    return sentence


Credit = Callable[[PlacedReport, str], str]
"""How the report credits an entity with a text: the wording's business."""


def highlight_of(placed: PlacedReport, credit: Credit) -> Highlight:
    given = placed.report.highlight
    if given is not None:
        return Highlight(placed, credit(placed, given), False)
    quoted = summary_sentence(placed.report.summary, placed.entity)
    return Highlight(placed, credit(placed, quoted), True)


Offers = dict[int, list[Highlight]]


def offers(cov: Coverage, credit: Credit) -> Offers:
    """Each paragraph's highlights, in the coverage's order, each as ``credit`` prints it
    (the wording's business: this module only counts them)."""
    return {
        p: [highlight_of(r, credit) for r in para.reports] for p, para in cov.paragraphs.items()
    }


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
