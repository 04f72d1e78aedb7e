"""Pydantic schemas of the three kinds of input: the action table, the entity registry and a
submission. They check each file on its own; checks across files live in ``reference`` and
``cycle``."""

from __future__ import annotations

import datetime as dt
import math
import re
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


class Schema(BaseModel):
    """Unknown keys are errors: a misspelt optional key would otherwise vanish silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# The scaffold that ``new-submission`` writes puts this where the submitter must write.
PLACEHOLDER = "TODO"
# What people write while a text is unfinished: a text that is, or starts with, one of these
# marks, or holds TODO or TBD as a word, is not ready for the report.
_PLACEHOLDER_TEXT = re.compile(
    r"(?P<whole>…|\.\.\.)$"
    r"|(?P<start>(?:TODO|TBD|TBC|XXX|FIXME)\b|(?i:\[insert\b[^\]]*\]?))"
    r"|.*?\b(?P<word>TODO|TBD)\b",
    re.DOTALL,
)
# Format characters (Unicode category Cf: zero-width space, joiners, direction marks, soft
# hyphen, …) show nothing, so they neither make a text visible nor join two words.
_FORMAT_CHARS = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f"
)
_WORD_BREAK = re.compile(f"[\\s{_FORMAT_CHARS}]+")


def placeholder_in(text: str) -> str | None:
    """The placeholder that shows ``text`` is not filled in yet, or None."""
    found = _PLACEHOLDER_TEXT.match(text)
    if found is None:
        return None
    return found.group(found.lastgroup or 0)


def _filled_in(text: str) -> str:
    found = placeholder_in(text)
    if found == text:
        raise ValueError(f"not filled in yet: replace {text} with your text")
    if found is not None:
        raise ValueError(
            f"not filled in yet: the text still holds the placeholder '{found}'; replace it "
            "with your text"
        )
    if not _WORD_BREAK.sub("", text):
        raise ValueError(
            "the text is made only of invisible characters (such as U+200B, a zero-width "
            "space); write your text"
        )
    return text


Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_filled_in)
]
# Ids of entities and themes become file names and lookup keys: letters, digits, hyphens.
Identifier = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9-]*$", max_length=40),
]

# --------------------------------------------------------------------------------------
# Entity registry (inputs/entities.yaml)

EntityKind = Literal["organization", "group", "constituency"]


class Entity(Schema):
    id: Identifier = Field(description="Short, stable identifier, e.g. ITU or UN-DESA.")
    name: Text = Field(description="Full name, as the report spells it.")
    aliases: list[Text] = Field(default_factory=list)
    kind: EntityKind
    members: list[Identifier] = Field(default_factory=list)

    @model_validator(mode="after")
    def _members_only_for_groups(self) -> Self:
        if self.kind == "group" and not self.members:
            raise ValueError("a group needs 'members' (a list of entity ids)")
        if self.kind != "group" and self.members:
            raise ValueError(f"only a group has 'members'; this entity is an {self.kind}")
        return self


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


class Milestone(Schema):
    by: int | None = Field(default=None, ge=2000, le=2100)
    recurring: Literal["annual"] | None = None
    event: Text

    @model_validator(mode="after")
    def _one_kind_of_date(self) -> Self:
        if (self.by is None) == (self.recurring is None):
            raise ValueError("give either 'by: <year>' or 'recurring: annual'")
        return self

    @property
    def when(self) -> str:
        return f"by {self.by}" if self.by is not None else "annually"


class Action(Schema):
    paragraph: int = Field(ge=1, le=999)
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
SUMMARY_MAX_WORDS = 250
# Where a submission holds prose ("*" is any list index). Text typed there may contain
# anything, so the reader checks these places for text that YAML would cut or misread.
FREE_TEXT: tuple[tuple[str, ...], ...] = (
    ("reports", "*", "summary"),
    ("reports", "*", "challenges"),
    ("reports", "*", "next_steps"),
    ("reports", "*", "activities", "*"),
    ("reports", "*", "indicators", "*", "name"),
)


def word_count(text: str) -> int:
    return len([word for word in _WORD_BREAK.split(text) if word])


def _summary_length(text: str) -> str:
    words = word_count(text)
    if words > SUMMARY_MAX_WORDS:
        raise ValueError(
            f"the summary has {words} words, over the limit of {SUMMARY_MAX_WORDS}; shorten it"
        )
    return text


def _web_link(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{url!r} is not a web link; only http:// and https:// links are accepted")
    if re.search(r"\s", url):
        raise ValueError(f"{url!r} contains spaces; encode them as %20")
    return url


Summary = Annotated[Text, AfterValidator(_summary_length)]
WebLink = Annotated[Text, AfterValidator(_web_link)]
ActionLine = Literal["C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9", "C10", "C11"]
SdgTarget = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^(1[0-7]|[1-9])\.([1-9][0-9]?|[a-z])$"),
]
Email = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
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
