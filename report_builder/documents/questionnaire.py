"""The Word questionnaire: one entity's submission as a form to fill in, in the report's
look. Its content controls are a contract (see docs/secretariat.md): ``importing`` reads them back,
and other tools may fill them in."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import RGBColor
from docx.text.paragraph import Paragraph

from report_builder.diagnostics import BuildError
from report_builder.inputs.cycle import DEFAULT_INPUTS
from report_builder.inputs.models import (
    PROMPTS,
    STATUS_LABELS,
    SUMMARY_MAX_WORDS,
    Report,
    Submission,
)
from report_builder.inputs.reference import Reference, load_reference
from report_builder.inputs.scaffold import Scaffold, entity_file, submitting_entity
from report_builder.outputs.package import build_time, reproducible_docx
from report_builder.outputs.write import write_outputs
from report_builder.resources import default_contributions_template
from report_builder.word import oxml
from report_builder.word.contract import (
    ACTION_TEXT,
    HEADING_1,
    HEADING_2,
    MASTHEAD,
    NORMAL,
    QUESTIONNAIRE_STYLES,
    REPORT_TITLE,
    SUMMARY_HEADING,
    SUMMARY_TEXT,
    TABLE_CAPTION,
    Style,
    check_styles,
)
from report_builder.word.forms import (
    PLACEHOLDER_STYLE,
    Choice,
    ControlWriter,
    clear_body,
    set_custom_properties,
    set_style_id,
)
from report_builder.word.oxml import check_parts
from report_builder.word.template_safety import read_template
from report_builder.wording.numbers import format_number

NOT_REPORTING = Choice("not_reporting", "Not reporting")
STATUS_CHOICES = (NOT_REPORTING, *(Choice(k, v) for k, v in STATUS_LABELS.items()))
# Custom document properties: where the questionnaire records whom and which cycle it is
# for, out of reach of an edit to the body.
ENTITY_PROPERTY = "report-builder entity"
CYCLE_PROPERTY = "report-builder cycle"


@dataclass(frozen=True)
class FormField:
    """A field of the questionnaire: ``key`` in the submission, ``label`` in the document
    and in messages, ``prompt`` shown until it is filled in; ``lines``: one item a line."""

    key: str
    label: str
    prompt: str
    lines: bool = False


SUBMITTED = FormField("submitted", "Date sent", PROMPTS["submitted"])
CONTACT = (
    FormField("contact.name", "Contact name", PROMPTS["contact.name"]),
    FormField("contact.email", "Contact e-mail", PROMPTS["contact.email"]),
)
STATUS = FormField("status", "Status", PROMPTS["status"])
REPORT_FIELDS = (
    FormField("summary", "Summary", PROMPTS["summary"]),
    FormField("highlight", "Highlight", PROMPTS["highlight"]),
    FormField("activities", "Activities", PROMPTS["activities"], lines=True),
    FormField("indicators", "Indicators", PROMPTS["indicators"], lines=True),
    FormField("links", "Links", PROMPTS["links"], lines=True),
    FormField("action_lines", "WSIS action lines", PROMPTS["action_lines"]),
    FormField("sdg_targets", "SDG targets", PROMPTS["sdg_targets"]),
    FormField("challenges", "Challenges", PROMPTS["challenges"]),
    FormField("next_steps", "Next steps", PROMPTS["next_steps"]),
)


# The optional section where an entity reports on paragraphs that do not name it: a few
# slots, each with a paragraph number and the fields of a report, tagged other.<slot>.*.
OTHER = "other"
OTHER_SLOTS = 3
OTHER_PARAGRAPH = FormField("paragraph", "Paragraph number", PROMPTS["paragraph"])


@dataclass(frozen=True)
class QuestionnaireTemplate:
    """A questionnaire's template, read and checked once for every questionnaire made
    from it."""

    path: Path
    data: bytes


def load_questionnaire_template(path: Path) -> QuestionnaireTemplate:
    # A template passed in is checked as the report's templates are, before it is opened.
    return QuestionnaireTemplate(path, read_template(path))


def questionnaire_docx(
    reference: Reference,
    entity_id: str,
    year: int,
    template: Path | QuestionnaireTemplate,
    deadline: str = "",
    submission: Submission | None = None,
) -> bytes:
    """The questionnaire of ``entity_id`` for cycle ``year``, in the styles of ``template``
    (the compilation's template, whose body is replaced); prefilled with ``submission``,
    the entity's submission so far, so that what comes back is complete. The same inputs
    give the same bytes."""
    import docx

    if not isinstance(template, QuestionnaireTemplate):
        template = load_questionnaire_template(template)
    try:
        doc: DocxDocument = docx.Document(io.BytesIO(template.data))
    except Exception as exc:
        raise BuildError(f"cannot open the template {template.path}: {exc}") from None
    clear_body(doc)
    _placeholder_style(doc)
    entity = reference.registry.entities[entity_id]
    controls = ControlWriter()
    check_styles(doc, QUESTIONNAIRE_STYLES, template.path)
    style_ids = {s.name: s.style_id for s in doc.styles}

    def add(text: str, style: Style) -> Paragraph:
        paragraph = doc.add_paragraph(text)
        set_style_id(paragraph, style_ids.get(style.name, style.style_id))
        return paragraph

    add("United Nations", MASTHEAD)
    add(f"Contribution to the report of the Secretary-General on WSIS, {year}", REPORT_TITLE)
    add("How to fill in this questionnaire", SUMMARY_HEADING)
    until = f" by {deadline}" if deadline else ""
    for line in (
        "Click a grey prompt and type over it; leave a field you do not need as it is. "
        "Write in plain text: bold, tables or pictures are not carried over.",
        "For each paragraph, choose a status. Choose Not reporting for a paragraph you "
        "have nothing to report on: it is left out.",
        f"Write the summary as it should read in the compilation: 1 to {SUMMARY_MAX_WORDS} "
        "words. The report itself quotes your highlight, or the start of the summary: write "
        f"the highlight in the past tense, beginning with {entity.short}, for example: "
        f"{entity.short} launched …",
        "Do not change the entity or the year, do not delete fields, and keep the file a "
        f"Word document (.docx). Send it back by e-mail{until}.",
    ):
        add(line, SUMMARY_TEXT)
    add("I. Your entity", HEADING_1)
    named_as = add("Entity: ", NORMAL)
    _inline(controls, named_as, "entity", "Entity", entity.id)
    named_as.add_run(f" ({entity.name})")
    _inline(controls, add("Reporting cycle: ", NORMAL), "cycle", "Cycle", str(year))
    given = _given(submission)
    date = add(f"{SUBMITTED.label}: ", NORMAL)
    _field(controls, date, SUBMITTED.key, SUBMITTED, given, date=True)
    for field in CONTACT:
        _field(controls, add(f"{field.label}: ", NORMAL), field.key, field, given)
    add("II. The paragraphs of resolution 80/173 that name your entity", HEADING_1)
    named = reference.paragraphs_naming(entity_id)
    if not named:
        add(f"{entity.short} is not named in the action table.", NORMAL)
    for paragraph in named:
        asked = entity_id in reference.accountable[paragraph]
        role = "" if asked else " (you are named as a partner: reporting is optional)"
        add(f"Paragraph {paragraph}{role}", HEADING_2)
        add(reference.actions[paragraph].action, ACTION_TEXT)
        _report_fields(controls, add, str(paragraph), "report", given)
    add("III. Other paragraphs (optional)", HEADING_1)
    add(
        "Report here on paragraphs of the resolution that do not name your entity: type the "
        "paragraph's number, then fill in the fields as above.",
        NORMAL,
    )
    # Reports on paragraphs that do not name the entity fill the slots, in order.
    others = [r for r in submission.reports if r.paragraph not in named] if submission else []
    for slot in range(1, OTHER_SLOTS + 1):
        add(f"Other paragraph {slot}", HEADING_2)
        number = add(f"{OTHER_PARAGRAPH.label}: ", NORMAL)
        tag = f"{OTHER}.{slot}.{OTHER_PARAGRAPH.key}"
        if slot <= len(others):
            given[tag] = str(others[slot - 1].paragraph)
            given.update(_report_values(others[slot - 1], f"{OTHER}.{slot}"))
        _field(controls, number, tag, OTHER_PARAGRAPH, given)
        _report_fields(controls, add, str(slot), OTHER, given)
    oxml.end_body_with_paragraph(doc)
    oxml.drop_styles_with_effects(doc)
    set_custom_properties(doc, {ENTITY_PROPERTY: entity_id, CYCLE_PROPERTY: str(year)})
    stamp = build_time(None)
    props = doc.core_properties
    props.title = f"Questionnaire: contribution of {entity.short} to the WSIS report, {year}"
    props.subject = f"Contribution to the report of the Secretary-General on WSIS, {year}"
    props.author = "United Nations"
    props.comments = "Filled in and returned to the Secretariat; read by build-report import"
    props.created = props.modified = stamp.replace(tzinfo=None)
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    data = reproducible_docx(buffer.getvalue(), stamp)
    check_parts(data, f"the questionnaire for {entity_id}", oxml.serialized_parts(doc))
    return data


def _report_fields(
    controls: ControlWriter,
    add: Callable[[str, Style], Paragraph],
    key: str,
    prefix: str,
    given: dict[str, str],
) -> None:
    """The status and the fields of one report, tagged ``<prefix>.<key>.<field>``, each
    showing its value in ``given`` or else its prompt."""
    status = add(f"{STATUS.label}: ", NORMAL)
    _field(controls, status, f"{prefix}.{key}.{STATUS.key}", STATUS, given, STATUS_CHOICES)
    for field in REPORT_FIELDS:
        add(field.label, TABLE_CAPTION)
        _field(controls, add("", NORMAL), f"{prefix}.{key}.{field.key}", field, given)


def _field(
    controls: ControlWriter,
    paragraph: Paragraph,
    tag: str,
    field: FormField,
    given: dict[str, str],
    choices: tuple[Choice, ...] = (),
    date: bool = False,
) -> None:
    value = given.get(tag)
    controls.inline(
        paragraph,
        tag,
        field.label,
        field.prompt if value is None else value,
        placeholder=value is None,
        choices=choices,
        date=date,
    )


def _given(submission: Submission | None) -> dict[str, str]:
    """The text of each field that ``submission`` fills, by tag, as import reads it back."""
    if submission is None:
        return {}
    given = {SUBMITTED.key: submission.submitted.isoformat()}
    if submission.contact is not None:
        for field in CONTACT:
            value = getattr(submission.contact, field.key.removeprefix("contact."), None)
            if value:
                given[field.key] = str(value)
    for report in submission.reports:
        given.update(_report_values(report, f"report.{report.paragraph}"))
    return given


def _report_values(report: Report, prefix: str) -> dict[str, str]:
    indicators = [
        f"{i.name}: {format_number(i.value)}"
        + (f" {i.unit}" if i.unit else "")
        + (f" ({i.year})" if i.year else "")
        for i in report.indicators
    ]
    texts = {
        STATUS.key: STATUS_LABELS[report.status],
        "summary": report.summary,
        "highlight": report.highlight or "",
        "activities": "\n".join(report.activities),
        "indicators": "\n".join(indicators),
        "links": "\n".join(report.links),
        "action_lines": ", ".join(report.action_lines),
        "sdg_targets": ", ".join(report.sdg_targets),
        "challenges": report.challenges or "",
        "next_steps": report.next_steps or "",
    }
    return {f"{prefix}.{key}": text for key, text in texts.items() if text}


def _inline(controls: ControlWriter, paragraph: Paragraph, tag: str, alias: str, text: str) -> None:
    """A prefilled field the entity may not change."""
    controls.inline(paragraph, tag, alias, text, placeholder=False, locked=True)


def _placeholder_style(doc: DocxDocument) -> None:
    """Word's grey style for a content control's prompt, which a template may lack."""
    if any(s.style_id == PLACEHOLDER_STYLE for s in doc.styles):
        return
    style = doc.styles.add_style("Placeholder Text", WD_STYLE_TYPE.CHARACTER)
    style.style_id = PLACEHOLDER_STYLE
    style.font.color.rgb = RGBColor(0x80, 0x80, 0x80)


def default_questionnaire(year: int, entity_id: str) -> Path:
    """outputs/<YEAR>/questionnaires/<id>.docx: never inside inputs/, which holds YAML."""
    return Path("outputs") / str(year) / "questionnaires" / f"{entity_id.lower()}.docx"


def new_questionnaire(
    entity: str,
    year: int,
    inputs: str | Path = DEFAULT_INPUTS,
    output: str | Path | None = None,
    template: str | Path | None = None,
    force: bool = False,
) -> Scaffold:
    """Write the questionnaire of ``entity`` (an id, name or alias) for cycle ``year``.

    A file a person edited (a questionnaire filled in where it was written) is never
    overwritten, unless ``force``.
    """

    reference = load_reference(inputs)
    found = submitting_entity(reference, entity, inputs)
    if output is None:
        target = entity_file(default_questionnaire(year, found.id).parent, found, ".docx", inputs)
    else:
        target = Path(output)
    data = questionnaire_docx(
        reference, found.id, year, Path(template or default_contributions_template())
    )
    write_outputs({target: data}, force=force)
    paragraphs = reference.paragraphs_naming(found.id)
    return Scaffold(target, found.id, paragraphs)
