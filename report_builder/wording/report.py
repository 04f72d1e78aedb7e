"""The sentences the report itself says: its symbol, the state of play of each
paragraph, movement since the last report, pointers to the compilation, and the comments
that mark what is new since a build."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from report_builder.analysis.condense import Condensed, Highlight
from report_builder.analysis.coverage import ParagraphCoverage, PlacedReport
from report_builder.analysis.history import Mark, SinceBuild
from report_builder.inputs.models import Entity
from report_builder.inputs.words import word_count
from report_builder.wording.dates import date_text
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


def document_properties(year: int, resolution: str, submissions: int) -> Properties:
    shared = {
        "subject": f"Report of the Secretary-General, {symbol(year)}",
        "keywords": f"WSIS; {resolution}; CSTD; ECOSOC; {year}",
        "comments": f"Built by report-builder from {submissions} submissions for the {year} cycle.",
        "author": "United Nations",
        "category": "Report of the Secretary-General",
    }
    return Properties(
        {**shared, "title": TITLE},
        {**shared, "title": f"Contributions to the report of the Secretary-General, {year}"},
    )


def word_count_comment(words: int, limit: int) -> str:
    """The comment on the report's title: its length against the limit."""
    over = words - limit
    verdict = (
        f"{over:,} words over the limit of {limit:,} for Secretariat reports"
        if over > 0
        else f"within the limit of {limit:,} for Secretariat reports"
    )
    return (
        f"Word count of the report without annexes: {words:,} ({verdict}; headings and "
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


# What each status says of the entities that report it: (one, several).
_STATUS_VERBS = {
    "completed": ("has completed the work", "have completed the work"),
    "ongoing": ("reports ongoing work", "report ongoing work"),
    "in_progress": ("has the work in progress", "have the work in progress"),
    "planned": ("has the work planned", "have the work planned"),
    "not_started": ("has not started", "have not started"),
}


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


def state_of_play(para: ParagraphCoverage, previous_cycle: int | None = None) -> str:
    """'Seven of the 22 entities asked reported on this paragraph: two have completed the
    work and five have the work in progress.' A paragraph asked only of constituencies or organs
    counts its reporters instead. Movement since the earlier cycle follows."""
    return " ".join(t for t in (_state(para), movement(para, previous_cycle)) if t)


def _state(para: ParagraphCoverage) -> str:
    asked = set(para.accountable)
    answering = [r for r in para.reports if r.entity.id in asked]
    others = [r for r in para.reports if r.entity.id not in asked]
    if asked:
        if not answering:
            return (
                "The entity asked has not reported on this paragraph."
                if len(asked) == 1
                else f"None of the {number_text(len(asked))} entities asked has reported on "
                "this paragraph."
            )
        if len(asked) == 1:
            head = "The entity asked reported on this paragraph"
        elif len(answering) == len(asked):
            head = f"All {number_text(len(asked))} entities asked reported on this paragraph"
        else:
            head = (
                f"{number_text(len(answering), start=True)} of the "
                f"{number_text(len(asked))} entities asked reported on this paragraph"
            )
        sentence = f"{head}: {_breakdown(answering, of_one=len(answering) == 1)}."
        if others:
            sentence += (
                f" {number_text(len(others), start=True)} other {_entities(len(others))} "
                "also reported."
            )
        return sentence
    if not others:
        return ""
    return (
        f"{number_text(len(others), start=True)} {_entities(len(others))} reported on this "
        f"paragraph: {_breakdown(others, of_one=len(others) == 1)}."
    )


def _breakdown(reports: list[PlacedReport], of_one: bool) -> str:
    counts: Counter[str] = Counter(r.report.status for r in reports)
    parts = []
    for status, (one, several) in _STATUS_VERBS.items():
        n = counts.get(status, 0)
        if n:
            who = "it" if of_one else number_text(n)
            parts.append(f"{who} {one if n == 1 else several}")
    return join_names(parts)


def lead(placed: PlacedReport) -> str:
    """What the report writes before an entity's highlight: its short name."""
    voluntary = " (voluntary report)" if placed.voluntary else ""
    return f"{placed.entity.short}{voluntary}: "


def taken_from_summary(entity: Entity, paragraph: int) -> str:
    """The comment on a highlight the report quotes from the entity's summary."""
    return (
        f"Taken from the summary: the {entity.name} gave no highlight for paragraph "
        f"{paragraph}, so the report quotes the first sentence of its summary. Edit it here, "
        "or ask the entity for a highlight."
    )


def left_out_for_length(left_out: tuple[Highlight, ...], paragraph: int, compilation: str) -> str:
    """The comment on a pointer sentence: whose highlights did not fit, and where they are
    (``compilation``: the compilation's file name, without .docx)."""
    everyone = join_names([f"the {h.placed.entity.name}" for h in left_out])
    return (
        f"Left out for length: the highlights of {everyone} on paragraph {paragraph} did not "
        "fit within the word limit. Their contributions are reproduced in full in the "
        f"compilation ({compilation}). Comments do not count towards the limit."
    )


def pointer(left_out: tuple[Highlight, ...]) -> str:
    """The sentence that sends the reader to the compilation for what the report leaves
    out, naming at most three entities."""
    names = [h.placed.entity.short for h in left_out]
    if not names:
        return ""
    if len(names) == 1:
        return f"The contribution of {names[0]} is reproduced in the compilation."
    if len(names) > 3:
        names = [*names[:2], f"{number_text(len(names) - 2)} other entities"]
    return f"Contributions from {join_names(names)} are reproduced in the compilation."


def pointer_words(condensed: Condensed) -> int:
    return sum(word_count(pointer(left_out)) for left_out in condensed.left_out.values())


def mark(since: SinceBuild | None, entity: Entity, paragraph: int) -> list[str]:
    """The comment marking a report new or changed since the previous build, if it is."""
    kind = since.marks.get((entity.id, paragraph)) if since else None
    if since is None or kind is None:
        return []
    word, what = _MARKS[kind]
    return [
        f"{word} since the build of {date_text(since.date)}: the {entity.name}'s report on "
        f"paragraph {paragraph} {what}."
    ]


_MARKS = {
    Mark.NEW: ("New", "was not in that build"),
    Mark.CHANGED: ("Changed", "differs from the one in that build"),
}
