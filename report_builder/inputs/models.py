"""Pydantic schemas of the three kinds of input: the action table, the entity registry and a
submission. They check each file on its own; checks across files live in ``reference`` and
``cycle``."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from typing import Annotated, Literal, Self
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

from report_builder.diagnostics import printable
from report_builder.inputs.addresses import email_problem
from report_builder.inputs.pasted import unbalanced_direction
from report_builder.inputs.words import word_count


class Schema(BaseModel):
    """Unknown keys are errors: a misspelt optional key would otherwise vanish silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# The scaffold that ``new-submission`` writes puts this where the submitter must write.
PLACEHOLDER = "TODO"
# What people write while a text is unfinished: a text that is, or starts with, one of these
# marks, or holds TODO or TBD as a word, is not ready for the report.
_PLACEHOLDER_TEXT = re.compile(
    r"(?P<whole>…|\.\.\.)$"
    r"|(?P<start>(?:TODO|TBD|TBC|XXX|FIXME)\b|(?i:\[insert\b[^\]]*\]?))",
    re.DOTALL,
)
_PLACEHOLDER_WORD = re.compile(r"\b(TODO|TBD)\b")
# Format characters (Unicode category Cf: zero-width space, joiners, direction marks, soft
# hyphen, …) show nothing, so they neither make a text visible nor join two words.
_FORMAT_CHARS = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f"
)
_WORD_BREAK = re.compile(f"[\\s{_FORMAT_CHARS}]+")
_FORMAT_CHAR = re.compile(f"[{_FORMAT_CHARS}]")


SUMMARY_MAX_WORDS = 250
HIGHLIGHT_MAX_WORDS = 60
# The prompts that the prefilled file (``new-submission``) and the Word questionnaire write
# where a person is to write, by the field they stand in; "{entity}" stands for an entity's
# short name. They live here, with the submission, so that a prompt left in place is a
# placeholder; the questionnaire and the prefilled file take them from here.
PROMPTS: dict[str, str] = {
    "submitted": "Choose the date you send this questionnaire.",
    "contact.name": "Type your name.",
    "contact.email": "Type your e-mail address.",
    "status": "Choose a status.",
    "paragraph": "Type the paragraph's number.",
    "summary": f"Type the summary: plain prose, 1 to {SUMMARY_MAX_WORDS} words, as it should "
    "read in the compilation of contributions.",
    "highlight": f"Optional: one or two sentences, at most {HIGHLIGHT_MAX_WORDS} words, you "
    "would like to see in the Secretary-General's report, in the past tense and beginning "
    "with your organization's name, for example: ITU launched …",
    "activities": "Optional: one activity per line.",
    "indicators": "Optional: one indicator per line, as name: value unit (year), for example "
    "Countries supported: 12 countries (2026).",
    "links": "Optional: one web address (https://…) per line.",
    "action_lines": "Optional: the action lines concerned, C1 to C11, separated by commas.",
    "sdg_targets": "Optional: the targets of the Sustainable Development Goals concerned, "
    "such as 9.c, separated by commas.",
    "challenges": "Optional: the challenges you met.",
    "next_steps": "Optional: what comes next.",
    "scaffold.highlight": "One or two sentences in the past tense, beginning with {entity}, "
    "for example: {entity} launched …",
}
# Prompts that earlier versions wrote, still in files prefilled then.
_EARLIER_PROMPTS = ("The sentence or two for the Secretary-General's report (optional).",)
# A prompt's text compared as a person may leave it: in any case, with or without its
# final punctuation, its lines joined.
_FINAL_PUNCTUATION = re.compile(r"[\s.…:;!?]+$")


def _prompt_key(text: str) -> str:
    return _FINAL_PUNCTUATION.sub("", " ".join(text.split())).casefold()


_PROMPT = re.compile(
    "|".join(
        re.escape(_prompt_key(prompt)).replace(re.escape("{entity}"), r"[^,]{1,80}?")
        for prompt in (*PROMPTS.values(), *_EARLIER_PROMPTS)
    )
)


def is_prompt(text: str) -> bool:
    """Whether ``text`` is one of the prompts, left as it was written."""
    return _PROMPT.fullmatch(_prompt_key(text)) is not None


def placeholder_in(text: str) -> str | None:
    """The placeholder that shows ``text`` is not filled in yet, or None."""
    found = _PLACEHOLDER_TEXT.match(text)
    if found is not None:
        return found.group(found.lastgroup or 0)
    # Most texts hold neither word, and need no scan for one.
    word = _PLACEHOLDER_WORD.search(text) if "TODO" in text or "TBD" in text else None
    return word.group(1) if word else None


def _filled_in(text: str) -> str:
    found = placeholder_in(text)
    if found == text or (found is None and len(text) < 400 and is_prompt(text)):
        raise ValueError(f"not filled in yet: replace {text} with your text")
    if found is not None:
        raise ValueError(
            f"not filled in yet: the text still holds the placeholder '{found}'; replace it "
            "with your text"
        )
    # Format characters are never ASCII: most texts need no scan.
    if not text.isascii() and _FORMAT_CHAR.search(text) and not _WORD_BREAK.sub("", text):
        raise ValueError(
            "the text is made only of invisible characters (such as U+200B, a zero-width "
            "space); write your text"
        )
    return text


# How much of the text around an invisible character a message quotes, to find it by.
_AROUND = 30


def _one_direction(text: str) -> str:
    # Changes of direction are never ASCII: most texts need no scan.
    found = None if text.isascii() else unbalanced_direction(text)
    if found is None:
        return text
    at, begins = found
    char = text[at]
    after, before = text[at + 1 :], text[:at]
    if after:
        cut = after[:_AROUND] + ("…" if len(after) > _AROUND else "")
        where = f"just before '{printable(cut)}'"
    else:
        cut = ("…" if len(before) > _AROUND else "") + before[-_AROUND:]
        where = f"at the end, after '{printable(cut)}'"
    what = (
        "turns the direction of the text after it and nothing ends it"
        if begins
        else "ends a change of direction that the text never began"
    )
    message = (
        f"invisible character U+{ord(char):04X} ({unicodedata.name(char).lower()}) {what}, so "
        f"it could reorder other entities' text in the report; delete it (it stands {where})"
    )
    # Where the character stands is told from which of its kind it is: the file may have
    # it escaped ("\u202e").
    raise PydanticCustomError(
        "direction",
        "{message}",
        {"message": message, "char": char, "occurrence": before.count(char)},
    )


Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    AfterValidator(_filled_in),
    AfterValidator(_one_direction),
]
# Ids of entities and themes become file names and lookup keys: letters, digits, hyphens.
Identifier = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9-]*$", max_length=40),
]

# --------------------------------------------------------------------------------------
# Entity registry (inputs/entities.yaml)

# An address alone, or a name and the address in angle brackets: focal@example.org or
# FAO focal point <focal@example.org>. The pattern is what editors check as you type; the
# validator reads the address as a mail program will (see addresses.mailbox).
EMAIL_FORMS = r"^([^@\s<>]+@[^@\s<>]+\.[^@\s<>]+|[^<>@\r\n]*<[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+>)$"


def _email(text: str) -> str:
    problem = email_problem(text)
    if problem:
        raise ValueError(problem)
    return text


Email = Annotated[
    str,
    StringConstraints(strip_whitespace=True),
    AfterValidator(_email),
    Field(json_schema_extra={"pattern": EMAIL_FORMS}),
]

EntityKind = Literal["organization", "organ", "group", "constituency"]
# Where a registry does not say which constituencies an organization belongs to, it belongs
# to these open ones, which hold everyone.
DEFAULT_CONSTITUENCIES = ("all-stakeholders", "relevant-stakeholders")


class Entity(Schema):
    id: Identifier = Field(description="Short, stable identifier, e.g. ITU or UN-DESA.")
    name: Text = Field(description="Full name, as the report spells it.")
    aliases: list[Text] = Field(default_factory=list)
    kind: EntityKind
    members: list[Identifier] = Field(default_factory=list)
    short_name: Text | None = Field(
        default=None,
        description="How the report names the entity in running text and flags; default: the id.",
    )
    constituencies: list[Identifier] | None = Field(
        default=None,
        description="The constituencies an organization or organ belongs to; default: "
        + " and ".join(DEFAULT_CONSTITUENCIES)
        + ".",
    )
    email: Email | None = Field(
        default=None,
        description="Where the call for contributions goes; default: the contact of the "
        "entity's latest submission.",
    )
    members_name: Text | None = Field(
        default=None,
        description="For a group: how running text names its members together, e.g. "
        "'regional commissions' in 'All five regional commissions reported'.",
    )

    @model_validator(mode="after")
    def _members_only_for_groups(self) -> Self:
        article = "an" if self.kind[0] in "aeiou" else "a"
        if self.kind == "group" and not self.members:
            raise ValueError("a group needs 'members' (a list of entity ids)")
        if self.kind != "group" and self.members:
            raise ValueError(f"only a group has 'members'; this entity is {article} {self.kind}")
        if self.kind != "group" and self.members_name is not None:
            raise ValueError(
                f"only a group has 'members_name'; this entity is {article} {self.kind}"
            )
        if self.kind in ("group", "constituency") and self.constituencies is not None:
            raise ValueError(
                f"only an organization or organ belongs to 'constituencies'; this entity is "
                f"{article} {self.kind}"
            )
        return self

    @property
    def short(self) -> str:
        return self.short_name or self.id

    @property
    def chased(self) -> bool:
        """Whether the Secretariat asks this entity for a submission. Organs (the General
        Assembly, ECOSOC, the CSTD, the Secretary-General) act through their records, which
        the Secretariat enters itself."""
        return self.kind == "organization"

    @property
    def submits(self) -> bool:
        """Whether a submission file may speak for this entity."""
        return self.kind in ("organization", "organ")

    @property
    def belongs_to(self) -> tuple[str, ...]:
        if self.constituencies is None:
            return DEFAULT_CONSTITUENCIES
        return tuple(self.constituencies)


class EntityRegistryFile(Schema):
    entities: list[Entity] = Field(min_length=1)


# --------------------------------------------------------------------------------------
# Action table (inputs/action_table.yaml)


class Theme(Schema):
    id: Identifier
    title: Text


class EntityRef(Schema):
    entity: Identifier
    role: Literal["lead", "partner"] = "lead"
    note: Text | None = None


_MONTH = re.compile(r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$")
RECURRENCE_YEARS = {"annual": 1, "biennial": 2}


def _due_by(value: object) -> object:
    # A year (2027), a month ("2027-05") or a day (2027-05-15, which YAML reads as a date).
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a year, month or date")
    if isinstance(value, int):
        if not 2000 <= value <= 2100:
            raise ValueError(f"{value} is not a year from 2000 to 2100")
        return value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, str) and (_MONTH.match(value) or _is_iso_day(value)):
        return value
    raise ValueError(f"{value!r} is not a year (2027), a month (2027-05) or a date (2027-05-15)")


def _is_iso_day(text: str) -> bool:
    try:
        return dt.date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


class Milestone(Schema):
    by: Annotated[int | str, BeforeValidator(_due_by)] | None = Field(
        default=None,
        description="When it falls due: a year (by 31 December), YYYY-MM (by the month's end) "
        "or YYYY-MM-DD.",
    )
    recurring: Literal["annual", "biennial"] | None = None
    event: Text
    source: Text | None = Field(
        default=None, description="Where the date comes from, when it is not the text's year."
    )

    @model_validator(mode="after")
    def _one_kind_of_date(self) -> Self:
        if (self.by is None) == (self.recurring is None):
            raise ValueError(
                "give either 'by: <year, YYYY-MM or YYYY-MM-DD>' or 'recurring: annual' "
                "(or biennial)"
            )
        return self

    def due_date(self, cycle: int) -> dt.date:
        """The last day on which the milestone is on time. A recurring milestone falls due
        at the end of each reporting cycle's year."""
        if self.by is None:
            return dt.date(cycle, 12, 31)
        if isinstance(self.by, int):
            return dt.date(self.by, 12, 31)
        if _MONTH.match(self.by):
            year, month = (int(x) for x in self.by.split("-"))
            first_of_next = dt.date(year + month // 12, month % 12 + 1, 1)
            return first_of_next - dt.timedelta(days=1)
        return dt.date.fromisoformat(self.by)


# A title heads the paragraph in the report and the compilation: a short topic name.
TITLE_MAX_WORDS = 8


def _short_title(text: str) -> str:
    words = word_count(text)
    if words > TITLE_MAX_WORDS:
        raise ValueError(
            f"the title has {words} words, over the limit of eight; shorten it to eight words "
            "or fewer"
        )
    return text


Title = Annotated[Text, AfterValidator(_short_title)]


class Action(Schema):
    paragraph: int = Field(ge=1, le=999)
    title: Title | None = Field(
        default=None,
        description=f"A short topic name for headings, at most {TITLE_MAX_WORDS} words.",
    )
    theme: Identifier
    action: Text
    asked: Text
    entities: list[EntityRef] = Field(min_length=1)
    due: list[Milestone] = Field(default_factory=list)


class ActionTableFile(Schema):
    resolution: Text
    adopted: Date
    source: Text
    reporting_paragraph: int
    themes: list[Theme] = Field(min_length=1)
    actions: list[Action] = Field(min_length=1)


# --------------------------------------------------------------------------------------
# Submissions (inputs/<YEAR>/*.yaml)

Status = Literal["not_started", "planned", "in_progress", "completed", "ongoing"]
STATUS_LABELS: dict[str, str] = {
    "not_started": "Not started",
    "planned": "Planned",
    "in_progress": "In progress",
    "completed": "Completed",
    "ongoing": "Ongoing",
}
# Where a submission holds prose ("*" is any list index). Text typed there may contain
# anything, so the reader checks these places for text that YAML would cut or misread.
FREE_TEXT: tuple[tuple[str, ...], ...] = (
    ("reports", "*", "summary"),
    ("reports", "*", "highlight"),
    ("reports", "*", "challenges"),
    ("reports", "*", "next_steps"),
    ("reports", "*", "activities", "*"),
    ("reports", "*", "indicators", "*", "name"),
)


def _at_most(limit: int, what: str) -> AfterValidator:
    def check(text: str) -> str:
        words = word_count(text)
        if words > limit:
            raise ValueError(f"the {what} has {words} words, over the limit of {limit}; shorten it")
        return text

    return AfterValidator(check)


# A web address without its https:// (www.fao.org/…, fao.org).
_BARE_ADDRESS = re.compile(r"(?:www\.|[a-z0-9-]+\.)[a-z0-9.-]*[a-z]{2,}(?:[/:?#]|$)", re.IGNORECASE)


def _web_link(url: str) -> str:
    parts = urlsplit(url)
    if not parts.scheme and _BARE_ADDRESS.match(url):
        raise ValueError(f"{url!r} is not a web link; did you mean https://{url}?")
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{url!r} is not a web link; only http:// and https:// links are accepted")
    if re.search(r"\s", url):
        raise ValueError(f"{url!r} contains spaces; encode them as %20")
    return url


Summary = Annotated[Text, _at_most(SUMMARY_MAX_WORDS, "summary")]
Highlight = Annotated[Text, _at_most(HIGHLIGHT_MAX_WORDS, "highlight")]
WebLink = Annotated[Text, AfterValidator(_web_link)]
ActionLine = Literal["C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9", "C10", "C11"]
SdgTarget = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^(1[0-7]|[1-9])\.([1-9][0-9]?|[a-z])$"),
]


class Contact(Schema):
    name: Text | None = None
    email: Email | None = None


def _number_only(value: object) -> object:
    # YAML already gives numbers; a string or a yes/no here is a mistake, not a value. The
    # message is worded where the text as typed is known (validation).
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError("number_type", "not a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{value!r} is not a finite number")
    return value


# Whole numbers stay exact integers (a float would change the digits of large ones).
Number = Annotated[int | float, BeforeValidator(_number_only)]


def _not_a_number(value: object) -> object:
    # Pydantic would read 0 as 1 January 1970: a date is only ever written as a date.
    if isinstance(value, int | float):
        raise PydanticCustomError("date_type", "not a date")
    return value


Date = Annotated[dt.date, BeforeValidator(_not_a_number)]

# A date written with the day and month first, as most of the world writes it (20/01/2027),
# or the month first (01/20/2027); '/', '.' or '-' between.
_OTHER_ORDER = re.compile(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*")


def _day(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def date_in_order(typed: str) -> str | None:
    """What to write for a date ``typed`` in another order than YYYY-MM-DD, or None:
    ``write the date as YYYY-MM-DD: 2027-01-20`` for 20/01/2027, and both readings where
    the order is ambiguous (01/02/2027)."""
    found = _OTHER_ORDER.fullmatch(typed)
    if found is None:
        return None
    first, second, year = (int(x) for x in found.groups())
    readings = list(
        dict.fromkeys(r for r in (_day(year, second, first), _day(year, first, second)) if r)
    )
    if not readings:
        return None
    if len(readings) == 1:
        return f"write the date as YYYY-MM-DD: {readings[0]}"
    return f"write the date as YYYY-MM-DD ({typed.strip()}: {readings[0]} or {readings[1]}?)"


class Indicator(Schema):
    name: Text
    value: Number
    unit: Text | None = None
    year: int | None = Field(default=None, ge=1990, le=2100)


class Report(Schema):
    paragraph: StrictInt = Field(description="A paragraph of the action table, e.g. 67.")
    status: Status
    summary: Summary = Field(
        description=f"Plain prose for the report, 1 to {SUMMARY_MAX_WORDS} words."
    )
    highlight: Highlight | None = Field(
        default=None,
        description=f"One or two sentences, 1 to {HIGHLIGHT_MAX_WORDS} words, that the entity "
        "would like to see in the Secretary-General's report, in the past tense and beginning "
        "with the organization's name, for example: ITU launched …; the summary is published "
        "in full in the compilation of contributions.",
    )
    activities: list[Text] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    links: list[WebLink] = Field(default_factory=list)
    action_lines: list[ActionLine] = Field(default_factory=list)
    sdg_targets: list[SdgTarget] = Field(default_factory=list)
    challenges: Text | None = None
    next_steps: Text | None = None


class Submission(Schema):
    """One entity's progress report for one cycle."""

    model_config = ConfigDict(
        title="report-builder submission",
        json_schema_extra={
            "description": "An entity's progress on the actions of General Assembly "
            "resolution A/RES/80/173, for one biennial reporting cycle."
        },
    )

    entity: Text = Field(description="An id, full name or alias from entities.yaml.")
    cycle: StrictInt = Field(description="The reporting cycle (the year being built), e.g. 2027.")
    submitted: Date = Field(description="Date of submission, YYYY-MM-DD.")
    contact: Contact | None = None
    reports: list[Report] = Field(min_length=1)
