"""The letters of the call for contributions and the reminders, as plain text wrapped
for e-mail: lines of at most 76 characters, broken at spaces only, never inside a word, a
name or a date."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence

from report_builder.analysis.coverage import EntityCoverage
from report_builder.inputs.models import Entity
from report_builder.inputs.reference import Reference
from report_builder.wording.dates import date_text
from report_builder.wording.names import join_names
from report_builder.wording.numbers import ordinal_words
from report_builder.wording.report import ga_session

WIDTH = 76
COMMISSION = "Commission on Science and Technology for Development"
# Names a line never breaks inside.
NAMES = (
    COMMISSION,
    "Economic and Social Council",
    "General Assembly",
    "World Summit on the Information Society",
)
SIGNATURE = (
    f"With best regards,\nSecretariat of the {COMMISSION}\n"
    "United Nations Conference on Trade and Development"
)
_NO_BREAK = "\N{NO-BREAK SPACE}"


def fill(text: str, keep: Sequence[str] = (), indent: str = "") -> str:
    """``text`` wrapped at spaces only: no word or hyphenated word broken across lines,
    nor a name of ``NAMES`` or ``keep`` that fits on a line."""
    for name in (*NAMES, *keep):
        if len(name) <= WIDTH:  # a longer one breaks at spaces, as any text
            text = text.replace(name, name.replace(" ", _NO_BREAK))
    wrapped = textwrap.fill(
        text,
        WIDTH,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return wrapped.replace(_NO_BREAK, " ")


def the_report(year: int) -> str:
    """The report as UN style names it, with the session and the route it takes."""
    session = ordinal_words(ga_session(year)).lower()
    return (
        "the report of the Secretary-General to the General Assembly at its "
        f"{session} session, through the {COMMISSION} and the Economic and Social Council"
    )


def _paragraph_list(reference: Reference, paragraphs: Sequence[int]) -> str:
    return "\n".join(
        fill(f"- Paragraph {p}: {reference.actions[p].action}", indent="  ") for p in paragraphs
    )


def _how_to_reply(attachment: str, by: str, guide_url: str | None) -> list[str]:
    reply = [
        fill(
            f"Please fill in the attached questionnaire ({attachment}), a Word document, and "
            f"return it to us by e-mail {by}.",
            keep=(by,),
        )
    ]
    if guide_url:
        reply.append(
            fill("If you prefer, you may reply with a YAML file instead, as described at:")
            + f"\n{guide_url}"
        )
    return reply


def letter_subject(year: int, deadline: dt.date) -> str:
    return f"Call for contributions: the WSIS report {year}, by {date_text(deadline)}"


def reminder_subject(year: int) -> str:
    return f"Reminder: your contribution to the WSIS report {year}"


def letter_text(
    reference: Reference,
    entity: Entity,
    year: int,
    deadline: dt.date,
    attachment: str,
    guide_url: str | None = None,
) -> str:
    """The call for contributions to ``entity``, sent with its questionnaire
    ``attachment``; ``guide_url``, where focal points read how to write a YAML file."""
    named = reference.paragraphs_naming(entity.id)
    asked = [p for p in named if entity.id in reference.accountable[p]]
    partner = [p for p in named if p not in asked]
    due = date_text(deadline)
    invited = f"{entity.name} ({entity.short})" if entity.short != entity.name else entity.name
    body = [
        "Dear colleague,",
        fill(
            "In its resolution 80/173, the General Assembly requested the Secretary-General "
            "to report on the implementation of the outcomes of the World Summit on the "
            f"Information Society. {the_report(year)[0].upper()}{the_report(year)[1:]}, "
            "will draw on the contributions of the entities concerned. We invite the "
            f"{invited} to send its contribution by {due}.",
            keep=(entity.name, f"({entity.short})", due),
        ),
    ]
    if asked:
        body.append("The resolution asks you to act on these paragraphs:")
        body.append(_paragraph_list(reference, asked))
    if partner:
        body.append(
            fill("It also names you as a partner on these, where reporting is optional:")
            if asked
            else fill(
                "The resolution names you as a partner on these paragraphs, where reporting "
                "is optional:"
            )
        )
        body.append(_paragraph_list(reference, partner))
    body += _how_to_reply(attachment, f"by {due}", guide_url)
    body.append(SIGNATURE)
    return "\n\n".join(body) + "\n"


def reminder_text(
    reference: Reference,
    entity: Entity,
    covered: EntityCoverage,
    year: int,
    deadline: dt.date,
    attachment: str,
    guide_url: str | None = None,
) -> str:
    """A reminder to ``entity``: what was received, and what is missing, paragraph by
    paragraph."""
    due = date_text(deadline)
    on = ""
    if covered.submitted:
        on = date_text(dt.date.fromisoformat(covered.submitted_on))
        received = (
            f"Thank you for the contribution received on {on}, which "
            f"reports on paragraph{'s' * (len(covered.reported) != 1)} "
            f"{join_names([str(p) for p in covered.reported])}."
            if covered.reported
            else f"Thank you for the contribution received on {on}."
        )
    else:
        received = "We have not yet received a contribution from you."
    body = [
        "Dear colleague,",
        fill(
            f"This is a reminder of our call for contributions to {the_report(year)}, "
            f"due by {due}. {received}",
            keep=tuple(d for d in (due, on) if d),
        ),
        "Still missing, on the paragraphs the resolution asks you to act on:",
        _paragraph_list(reference, covered.missing),
        *_how_to_reply(attachment, "as soon as possible", guide_url),
        SIGNATURE,
    ]
    return "\n\n".join(body) + "\n"
