"""The sentences the report itself says: its symbol, the headings and state of play of
each paragraph, the credits of the entities, movement since the last report, the
placeholders of the Secretariat's chapters, and the comments for reviewers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from report_builder.analysis.condense import (
    CREDITS_PER_PARAGRAPH,
    Highlight,
    mentions_entity,
    names_entity,
)
from report_builder.analysis.coverage import MilestoneStatus, ParagraphCoverage, PlacedReport
from report_builder.analysis.history import Mark, SinceBuild
from report_builder.inputs.language import ENGLISH, LANGUAGE_NAMES
from report_builder.inputs.models import Entity
from report_builder.wording.dates import date_text
from report_builder.wording.labels import MILESTONE_STATE_LABELS, NO_REPORT
from report_builder.wording.names import join_names
from report_builder.wording.numbers import number_text

TITLE = (
    "Progress made in the implementation of and follow-up to the outcomes of the World "
    "Summit on the Information Society at the regional and international levels"
)


@dataclass(frozen=True)
class Properties:
    """What File > Info shows of each document: its title, subject, keywords and so on."""

    report: dict[str, str]
    compilation: dict[str, str]


def document_properties(
    year: int, resolution: str, submissions: int, symbol_text: str | None = None
) -> Properties:
    """``symbol_text``: the report's symbol, when the cycle's settings give it."""
    shared = {
        "subject": f"Report of the Secretary-General, {symbol_text or symbol(year)}",
        "keywords": f"WSIS; {resolution}; CSTD; ECOSOC; {year}",
        "comments": f"Built by report-builder from {submissions} submissions for the {year} cycle.",
        "author": "United Nations",
        "category": "Report of the Secretary-General",
    }
    return Properties(
        {**shared, "title": TITLE},
        {**shared, "title": f"Contributions to the report of the Secretary-General, {year}"},
    )


def word_count_comment(words: int, reserved: int, limit: int) -> str:
    """The comment on the report's title: its length, with the words reserved for the
    Secretariat's chapters, against the limit."""
    total = words + reserved
    over = total - limit
    verdict = (
        f"{over:,} words over the limit of {limit:,} for Secretariat reports"
        if over > 0
        else f"within the limit of {limit:,} for Secretariat reports"
    )
    return (
        f"Word count of the report without annexes: {words:,} words of text + {reserved:,} "
        f"reserved for the Secretariat's chapters = {total:,} ({verdict}; headings and "
        "footnotes count)."
    )


def ga_session(year: int) -> int:
    """The General Assembly session current in the first half of ``year``: 2027 -> 82."""
    return year - 1945


def symbol(year: int) -> str:
    return f"A/{ga_session(year)}/xx\N{EN DASH}E/{year}/xx"


# What a draft shows until the Secretariat knows better: the agenda items, which the
# General Assembly's preliminary list and the Council's provisional agenda number, and
# the job number that document processing gives the report.
AGENDA_ITEM = "xx"
# How the report names the compilation of contributions until it has a symbol.
COMPILATION = "a conference room paper"


def default_council_session(year: int) -> str:
    """The Economic and Social Council's session on the front page: '2027 session'."""
    return f"{year} session"


def default_job_number(year: int) -> str:
    """The placeholder job number at the foot of page 1: 'GE.27-xxxxx (E)'."""
    return f"GE.{year % 100:02d}-xxxxx (E)"


def _entities(n: int) -> str:
    return "entity" if n == 1 else "entities"


def movement(para: ParagraphCoverage, previous_cycle: int | None) -> str:
    """'Since the 2027 report, work on this paragraph was completed by two entities and
    started by three.', or '' where nothing moved forward."""
    completed = sum(1 for c in para.changes if c.completed)
    started = sum(1 for c in para.changes if c.started)
    parts = [
        f"{verb} by {number_text(n)} {_entities(n)}"
        for verb, n in (("completed", completed), ("started", started))
        if n
    ]
    if previous_cycle is None or not parts:
        return ""
    return f"Since the {previous_cycle} report, work on this paragraph was {join_names(parts)}."


# Where this many entities or fewer are concerned, the state of play names them.
NAMED = 3


def matrix_change(before: str, now: str, previous_cycle: int | None, renewed: bool) -> str:
    """A matrix cell where the status moved since the earlier report ('Planned →
    Completed'), or where a report was not renewed, which is no movement ('Missing (Ongoing
    in 2027)')."""
    if renewed:
        return f"{before} \N{RIGHTWARDS ARROW} {now}"
    return f"{now or NO_REPORT} ({before} in {previous_cycle})"


def done_earlier(year: int) -> str:
    """A matrix cell: 'Completed (2027)'."""
    return f"Completed ({year})"


def milestone_event(status: MilestoneStatus) -> str:
    """The milestone, and for a recurring one the occurrence judged: 'Convene the WSIS
    Forum (2027)'."""
    event = status.milestone.event
    return f"{event} ({status.occurrence})" if status.occurrence else event


def milestone_state(status: MilestoneStatus, met_by: list[str]) -> str:
    """'Met', 'Met in 2027 by UNGIS', 'Overdue', 'Due' or 'Not yet due'."""
    label = MILESTONE_STATE_LABELS[status.state]
    if status.met_in is None:
        return label
    return f"{label} in {status.met_in} by {join_names(met_by)}"


def milestone_comments(
    status: MilestoneStatus, partners: list[str], other_leads: list[str]
) -> list[str]:
    """What the reviewer should know of how a milestone was judged: a partner's
    completion that does not meet it, or leads that reported otherwise."""
    paragraph = status.paragraph
    if partners:
        one = len(partners) == 1
        return [
            f"Reported completed by {'a partner' if one else 'partners'}: {join_names(partners)} "
            f"reported the work on paragraph {paragraph} completed, but the milestone is met "
            "only when an entity the paragraph asks to act reports it so. Check with the "
            "entities asked, or resolve this comment."
        ]
    if other_leads:
        one = len(other_leads) == 1
        return [
            f"Met, though not by every entity asked: {join_names(other_leads)} "
            f"{'reports' if one else 'report'} the work on paragraph {paragraph} not yet "
            "completed."
        ]
    return []


def state_of_play(para: ParagraphCoverage, previous_cycle: int | None = None) -> str:
    """What the credits below a paragraph's heading do not tell the reader: how many of
    the entities asked reported ('Eighteen of the 20 entities asked reported on this
    paragraph; ICAO and WTO have not.'), who reported the work completed, and what moved
    since the earlier report. Empty where the credits say it all."""
    return " ".join(
        t
        for t in (_answers(para), _completed(para), _done(para), movement(para, previous_cycle))
        if t
    )


def _done(para: ParagraphCoverage) -> str:
    """'UNGIS reported the work completed in the 2027 report.'"""
    years = sorted({year for _, year in para.done_before})
    return " ".join(
        f"{join_names([e.short for e, y in para.done_before if y == year])} reported the work "
        f"completed in the {year} report."
        for year in years
    )


def _answers(para: ParagraphCoverage) -> str:
    asked = len(para.accountable)
    absent = sorted(
        (*para.unsubmitted, *para.unreported), key=lambda e: para.accountable.index(e.id)
    )
    if not asked:
        reported = len(para.reports)
        # A few credits below say who reported; a long run of them is easier to follow
        # with its number first.
        if reported > CREDITS_PER_PARAGRAPH:
            return f"{number_text(reported, start=True)} entities reported on this paragraph."
        return ""
    # Entities asked that completed the work in an earlier report neither report now nor
    # are absent: _done says so.
    done = len(para.done_before)
    now = asked - len(absent) - done
    group = para.asked_group.members_name if para.asked_group else None
    # "the regional commissions" where one group is asked and the registry names its
    # members so, else "the entities asked".
    who = group or "entities asked"
    names = join_names([e.short for e in absent])
    have = "has" if len(absent) == 1 else "have"
    if now == 0 and not absent:
        return ""
    if now == 0 and done:
        if len(absent) <= NAMED:
            return f"{names} {have} not reported on this paragraph."
        return (
            f"{number_text(len(absent), start=True)} of the {number_text(asked)} {who} "
            "have not reported on this paragraph."
        )
    if now == 0:
        if asked == 1:
            return f"{names}, the entity asked, has not reported on this paragraph."
        if asked <= NAMED:
            return f"{names}, the {who}, have not reported on this paragraph."
        return f"None of the {number_text(asked)} {who} has reported on this paragraph."
    if not absent and not done:
        if asked == 1:
            return ""
        return f"All {number_text(asked)} {who} reported on this paragraph."
    head = (
        f"{number_text(now, start=True)} of the {number_text(asked)} {who} reported on this "
        "paragraph"
    )
    if absent and len(absent) <= NAMED:
        return f"{head}; {names} {have} not."
    return f"{head}."


def _completed(para: ParagraphCoverage) -> str:
    """Who of the entities asked (of everyone, where no one is asked) reported the work
    completed."""
    asked = set(para.accountable)
    done = [
        r.entity.short
        for r in para.reports
        if r.report.status == "completed" and (not asked or r.entity.id in asked)
    ]
    if not done:
        return ""
    if len(done) <= NAMED:
        return f"{join_names(done)} reported the work completed."
    of = " of the entities asked" if asked else " entities"
    return f"{number_text(len(done), start=True)}{of} reported the work completed."


# Words that may open a highlight and read as well after "ITU reported that" in lower
# case. Anything else (a proper noun, an acronym, a verb) keeps its capital, and the
# credit falls back to "ITU: …".
COMMON_OPENINGS = frozenset(
    [
        "A",
        "An",
        "The",
        "This",
        "These",
        "That",
        "Those",
        "Its",
        "Their",
        "In",
        "Through",
        "Under",
        "With",
        "By",
        "During",
        "Since",
        "Over",
        "Across",
        "At",
        "For",
        "On",
        "To",
        "From",
        "Among",
        "Between",
        "Some",
        "Most",
        "More",
        "Many",
        "Several",
        "All",
        "Each",
        "Both",
        "New",
        "Nearly",
        "About",
        "Almost",
        "Around",
        "Two",
        "Three",
        "Four",
        "Five",
        "Six",
        "Seven",
        "Eight",
        "Nine",
        "Ten",
    ]
)


def credit(placed: PlacedReport, text: str) -> str:
    """How the report credits an entity with ``text``: as written when its first sentence
    names the entity ("ITU launched …", "ITU's …", "Together with UNESCO, ITU …"); else
    "ITU reported that the …" where the first word is a common word that can safely take
    a small letter, a figure or a quotation; else "ITU: …". A full stop ends it if
    nothing does, so that credits never run together."""
    text = text if _ENDED.search(text) else text + "."
    if names_entity(text, placed.entity) or mentions_entity(text, placed.entity):
        return text
    name = placed.entity.short
    first, _, rest = text.partition(" ")
    if first in COMMON_OPENINGS and rest:
        return f"{name} reported that {first.lower()} {rest}"
    if first[:1].isdigit() or first[:1] in '"\u201c':
        return f"{name} reported that {text}"
    return f"{name}: {text}"


# A text that ends a sentence: with . ! ? … or the Arabic, Chinese and Japanese marks, maybe
# followed by closing quotes or brackets.
_ENDED = re.compile(
    "[.!?\u2026\u061f\u3002\uff01\uff1f][\"'\u201d\u2019)\\]\u300d\u300f\u3011\uff09]*\\s*$"
)


def paragraph_heading(paragraph: int, title: str | None, resolution: str) -> str:
    """'Accessibility and assistive technologies (resolution 80/173, para. 23)'."""
    if title:
        return f"{title} (resolution {resolution}, para. {paragraph})"
    return f"Paragraph {paragraph} (resolution {resolution})"


def taken_from_summary(entities: list[Entity], paragraph: int) -> str:
    """The comment on a numbered paragraph whose credits quote summaries."""
    everyone = join_names([f"the {e.name}" for e in entities])
    one = len(entities) == 1
    return (
        f"Taken from the summary: {everyone} gave no highlight for paragraph {paragraph}, so "
        f"the report quotes a sentence of {'its summary' if one else 'their summaries'}. Edit "
        f"it here, or ask {'the entity' if one else 'the entities'} for a highlight."
    )


def in_another_language(highlight: Highlight, paragraph: int) -> str:
    """The comment on a credit whose quoted words are not in English."""
    what = "the sentence quoted from the summary" if highlight.from_summary else "the highlight"
    language = LANGUAGE_NAMES[highlight.language or ENGLISH]
    return (
        f"Language: {what} of {highlight.placed.entity.short} on paragraph {paragraph} is in "
        f"{language}; translate or replace it."
    )


def left_out_for_length(left_out: tuple[Highlight, ...], paragraph: int, compilation: str) -> str:
    """The comment on a paragraph's heading: whose highlights did not fit, and where they
    are (``compilation``: the compilation's file name, without .docx)."""
    everyone = join_names([f"the {h.placed.entity.name}" for h in left_out])
    if len(left_out) == 1:
        return (
            f"Left out for length: the highlight of {everyone} on paragraph {paragraph} did "
            "not fit within the word limit. Its contribution is reproduced in full in the "
            f"compilation ({compilation})."
        )
    return (
        f"Left out for length: the highlights of {everyone} on paragraph {paragraph} did not "
        "fit within the word limit. Their contributions are reproduced in full in the "
        f"compilation ({compilation})."
    )


def challenges_comment(compilation: str) -> str:
    """The comment on chapter V's placeholder."""
    return (
        "Challenges: every challenge the entities reported is reproduced, paragraph by "
        "paragraph, in the section “Challenges reported” at the end of the compilation "
        f"({compilation})."
    )


# The chapters the Secretariat writes itself, each with the words it reserves.
_RESERVED = {
    "key_trends": "Key trends: to be drafted by the Secretariat, in about {words} words",
    "challenges": "Challenges: to be drafted by the Secretariat, in about {words} words, "
    "drawing on the challenges the entities reported",
    "conclusions": "Conclusions and recommendations: to be drafted by the Secretariat, in "
    "about {words} words, for consideration by the Commission",
}


def placeholder(chapter: str, words: int) -> str:
    """'[Key trends: to be drafted by the Secretariat, in about 800 words.]'; without the
    words where none are reserved."""
    text = _RESERVED[chapter].format(words=f"{words:,}")
    return "[" + (text if words else text.replace(f", in about {words:,} words", "")) + ".]"


def in_words(entities: list[Entity]) -> str:
    """Who a paragraph asks, as a sentence names them: 'the United Nations regional
    commissions, the Commission on Science and Technology for Development and the WSIS
    Action Line facilitators'."""
    return join_names([_named(e) for e in entities])


def _named(entity: Entity) -> str:
    name = entity.name
    if entity.kind in ("constituency", "group"):
        first = name.split()[0]
        # Categories read in lower case ("the members of …", "the private sector"), except
        # a proper noun and "Governments", which United Nations texts capitalize.
        if first not in _PROPER_FIRST_WORDS and not first.isupper():
            name = name[0].lower() + name[1:]
    if entity.kind == "constituency" and (name.endswith("s") or name.startswith("all ")):
        # A plural category takes no article: "all stakeholders", "Governments".
        return name
    return name if name.startswith(("The ", "the ")) else f"the {name}"


# First words of the registry's categories that keep their capital.
_PROPER_FIRST_WORDS = frozenset({"United", "Governments", "World", "WSIS"})


def outstanding(submitted: bool, missing: tuple[int, ...]) -> str:
    """What annex IV says is outstanding from an entity."""
    listed = join_names([str(p) for p in missing])
    paragraphs = "paragraph" if len(missing) == 1 else "paragraphs"
    if not submitted:
        return f"No submission (asked to act on {paragraphs} {listed})"
    return f"No report on {paragraphs} {listed}"


def mark(since: SinceBuild | None, entity: Entity, paragraph: int) -> list[str]:
    """The comment marking a report new or changed since the previous build, if it is."""
    kind = since.marks.get((entity.id, paragraph)) if since else None
    if since is None or kind is None:
        return []
    word, what = _MARKS[kind]
    return [
        f"{word} since the build of {date_text(since.date)}: the report of the {entity.name} "
        f"on paragraph {paragraph} {what}."
    ]


_MARKS = {
    Mark.NEW: ("New", "was not in that build"),
    Mark.CHANGED: ("Changed", "differs from the one in that build"),
}
