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
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import cached_property

from report_builder.analysis.coverage import Coverage, PlacedReport
from report_builder.inputs.language import is_foreign
from report_builder.inputs.models import HIGHLIGHT_MAX_WORDS, Entity
from report_builder.inputs.sentences import sentences
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
    quoted: str
    """The entity's own words the credit quotes: its highlight, or the summary's sentence."""

    @cached_property
    def words(self) -> int:
        return word_count(self.text)

    @cached_property
    def language(self) -> str | None:
        """The code of the language of the words quoted when it is surely not English
        ("es"), else None."""
        return is_foreign(self.quoted)


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
        paragraphs: a new one starts with a new role (leads, partners, …), after four
        credits, or before 150 words are passed."""
        groups: list[list[Highlight]] = []
        words = 0
        for h in self.shown[paragraph]:
            full = groups and (
                len(groups[-1]) >= CREDITS_PER_PARAGRAPH
                or words + h.words > PARAGRAPH_WORDS
                or groups[-1][-1].placed.role != h.placed.role
            )
            if not groups or full:
                groups.append([])
                words = 0
            groups[-1].append(h)
            words += h.words
        return tuple(tuple(g) for g in groups)


# Openings that introduce a sentence rather than say what was done; a summary's sentence
# that starts so is passed over for the report when a later one does not. So is one in the
# first person, which would read as the Secretary-General's.
_PREAMBLE = re.compile(r"(as|in its capacity|following|within|we|our)\b", re.IGNORECASE)


def _names(entity: Entity) -> list[str]:
    """The entity's names, longest first."""
    return sorted({entity.short, entity.id, entity.name, *entity.aliases}, key=len)[::-1]


def _matches(text: str, name: str) -> bool:
    """Whether ``text`` starts with ``name`` as a whole name: an acronym in its own case
    ("WHO", not "Who"), a full name in any case but not as the start of a longer
    capitalized name ("UN Human Rights", not "UN Human Rights Council")."""
    acronym = not any(c.islower() for c in name)
    if acronym:
        if not text.startswith(name):
            return False
    elif not text.casefold().startswith(name.casefold()):
        return False
    rest = text[len(name) :]
    if rest[:1].isalnum():
        return False
    following = rest.split(maxsplit=1)
    return acronym or " " not in name or not (following and following[0][:1].isupper())


def names_entity(text: str, entity: Entity) -> bool:
    """Whether ``text`` begins with ``entity``'s name, short name, id or an alias, maybe
    after "The" and maybe as a possessive: "ITU launched", "ITU's", "The Economic
    Commission for Africa"."""
    start = text.lstrip()
    if start[:4].casefold() == "the ":
        start = start[4:]
    return any(_matches(start, name) for name in _names(entity))


def mentions_entity(text: str, entity: Entity) -> bool:
    """Whether ``text``'s first sentence names ``entity`` anywhere, as a whole name: then
    the report need not credit it again ("Together with UNESCO, ITU launched …")."""
    first = (sentences(text) or [""])[0]
    return any(
        _matches(first[m.start() :], name)
        for name in _names(entity)
        for m in re.finditer(r"(?<![\w-])" + re.escape(name[:1]), first)
    )


def summary_sentence(summary: str, entity: Entity, max_words: int = HIGHLIGHT_MAX_WORDS) -> str:
    """The sentence of ``summary`` the report quotes for lack of a highlight: the first
    that begins with the entity's name, else the first that does not open with a
    preamble or in the first person, else the first; cut at a word boundary to
    ``max_words`` words."""
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
        return Highlight(placed, credit(placed, given), False, given)
    quoted = summary_sentence(placed.report.summary, placed.entity)
    return Highlight(placed, credit(placed, quoted), True, quoted)


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
    share give the rest to the others) and fills it in order, stopping at the first
    highlight that does not fit, so that no highlight is carried while one before it in
    the order (a lead before a partner, say) is left out. What the paragraphs leave
    unused then goes, rank by rank across the paragraphs, to the next highlight of each
    that fits.
    """
    demand = {p: sum(h.words for h in hs) for p, hs in offers.items() if hs}
    shares: dict[int, int] = {}
    remaining = max(budget, 0)
    for i, paragraph in enumerate(sorted(demand, key=lambda p: (demand[p], p))):
        shares[paragraph] = min(demand[paragraph], remaining // (len(demand) - i))
        remaining -= shares[paragraph]
    taken: dict[int, int] = {}
    used = 0
    for paragraph, highlights in offers.items():
        left = shares.get(paragraph, 0)
        count = 0
        for h in highlights:
            if h.words > left:
                break
            left -= h.words
            count += 1
        taken[paragraph] = count
        used += sum(h.words for h in highlights[:count])
    spare = max(budget, 0) - used
    growing = True
    while growing:
        growing = False
        for paragraph, highlights in offers.items():
            count = taken[paragraph]
            if count < len(highlights) and highlights[count].words <= spare:
                spare -= highlights[count].words
                taken[paragraph] = count + 1
                growing = True
    return Condensed(
        {p: tuple(hs[: taken[p]]) for p, hs in offers.items()},
        {p: tuple(hs[taken[p] :]) for p, hs in offers.items()},
    )


def chosen(offers: Offers, keep: Collection[tuple[str, int]]) -> Condensed:
    """The highlights of ``offers`` whose (entity id, paragraph) is in ``keep``, whatever
    their words: what an update shows, the choice of the draft's build kept."""
    shown = {p: tuple(h for h in hs if (h.placed.entity.id, p) in keep) for p, hs in offers.items()}
    return Condensed(
        shown,
        {p: tuple(h for h in hs if h not in shown[p]) for p, hs in offers.items()},
    )
