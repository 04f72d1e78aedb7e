"""The letters of the call for contributions and the reminders, as plain text wrapped
for e-mail."""

from __future__ import annotations

import datetime as dt
import textwrap

from report_builder.analysis.coverage import EntityCoverage
from report_builder.inputs.models import Entity
from report_builder.inputs.reference import Reference
from report_builder.wording.dates import date_text
from report_builder.wording.names import join_names
from report_builder.wording.numbers import ordinal
from report_builder.wording.report import ga_session

SIGNATURE = (
    "With best regards,\nThe secretariat of the Commission on Science and\n"
    "Technology for Development (UNCTAD)"
)


def _paragraph_list(reference: Reference, paragraphs: tuple[int, ...] | list[int]) -> list[str]:
    lines: list[str] = []
    for paragraph in paragraphs:
        action = reference.actions[paragraph].action
        lines += textwrap.wrap(f"- Paragraph {paragraph}: {action}", 76, subsequent_indent="  ")
    return lines


def _how_to_reply(entity: Entity, year: int, sent_with: str) -> list[str]:
    name = entity.id.lower()
    return [
        f"How to reply: fill in the Word questionnaire sent with {sent_with} "
        f"({name}.docx) and return it by e-mail. If you prefer, send a YAML file instead: "
        f"'build-report new-submission {entity.id} {year}' writes one ready to fill in.",
    ]


def letter_subject(year: int, deadline: dt.date) -> str:
    return f"Call for contributions: the WSIS report {year}, by {date_text(deadline)}"


def reminder_subject(year: int) -> str:
    return f"Reminder: your contribution to the WSIS report {year}"


def letter_text(reference: Reference, entity: Entity, year: int, deadline: dt.date) -> str:
    """The call for contributions to ``entity``."""
    named = reference.paragraphs_naming(entity.id)
    asked = [p for p in named if entity.id in reference.accountable[p]]
    partner = [p for p in named if p not in asked]
    session = ga_session(year)
    paras = [
        "Dear colleague,",
        f"In resolution 80/173, the General Assembly requested the Secretary-General to "
        "report on the implementation of the outcomes of the World Summit on the "
        f"Information Society. The report of {year}, to the Assembly at its "
        f"{ordinal(session)} session through the Commission on Science and Technology for "
        f"Development, will draw on the contributions of the entities concerned. We invite "
        f"the {entity.name} ({entity.short}) to send its contribution by "
        f"{date_text(deadline)}.",
    ]
    body = [textwrap.fill(p, 76) for p in paras]
    if asked:
        body.append("The resolution asks you to act on these paragraphs:")
        body.append("\n".join(_paragraph_list(reference, asked)))
    if partner:
        body.append("It also names you as a partner on these, where reporting is optional:")
        body.append("\n".join(_paragraph_list(reference, partner)))
    body += [textwrap.fill(p, 76) for p in _how_to_reply(entity, year, "this letter")]
    body.append(SIGNATURE)
    return "\n\n".join(body) + "\n"


def reminder_text(
    reference: Reference, entity: Entity, covered: EntityCoverage, year: int, deadline: dt.date
) -> str:
    """A reminder to ``entity``: what was received, and what is missing, paragraph by
    paragraph."""
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
        textwrap.fill(
            f"This is a reminder of our call for contributions to the report of the "
            f"Secretary-General on WSIS, {year}, due by {date_text(deadline)}. {received}",
            76,
        ),
        "Still missing, on the paragraphs the resolution asks you to act on:",
        "\n".join(_paragraph_list(reference, covered.missing)),
        *(textwrap.fill(p, 76) for p in _how_to_reply(entity, year, "our letter")),
        SIGNATURE,
    ]
    return "\n\n".join(body) + "\n"
