"""The contract between report-builder and a Word template: the data each template is
filled with, and the styles the code looks for by name.

A restyled template may change how everything looks, but it must keep these styles and
may use only these variables; docs/template.md lists them for the people who restyle
the templates, and a test keeps that page in step with this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypedDict

from docx.document import Document as DocxDocument

from report_builder.diagnostics import BuildError, printable


@dataclass(frozen=True)
class Style:
    """A style the code finds by its id; ``name`` is what Word's Styles pane shows."""

    name: str
    style_id: str
    kind: Literal["paragraph", "character"]
    purpose: str


FLAG = Style("Flag", "Flag", "character", "the notes of flags, which get a comment each")
REPORT_NOTE = Style(
    "ReportNote", "ReportNote", "character", "texts that get an explanatory comment"
)
REPORT_TITLE = Style(
    "Report Title", "ReportTitle", "paragraph", "the title, which carries the word count"
)
ANNEX_HEADING = Style(
    "Annex Heading", "AnnexHeading", "paragraph", "annex headings: the word count stops there"
)
HYPERLINK = Style("Hyperlink", "Hyperlink", "character", "links, made clickable")
CONTENTS_ENTRY = Style(
    "Contents Entry",
    "ContentsEntry",
    "paragraph",
    "contents lines, each made a link to the heading that reads the same",
)
MASTHEAD = Style("Masthead", "Masthead", "paragraph", "the questionnaire's first line")
SUMMARY_HEADING = Style(
    "Summary Heading", "SummaryHeading", "paragraph", "the questionnaire's instructions heading"
)
SUMMARY_TEXT = Style("Summary Text", "SummaryText", "paragraph", "the questionnaire's instructions")
HEADING_1 = Style("Heading 1", "Heading1", "paragraph", "the questionnaire's parts")
HEADING_2 = Style("Heading 2", "Heading2", "paragraph", "the questionnaire's paragraphs")
ACTION_TEXT = Style("Action Text", "ActionText", "paragraph", "the text of an action")
TABLE_CAPTION = Style("Table Caption", "TableCaption", "paragraph", "a field's label")
NORMAL = Style("Normal", "Normal", "paragraph", "ordinary text")

# The caption (alt text title) of the report's table whose columns the build sizes to the
# paragraphs it lists; a restyled template keeps it, or the matrix keeps its own widths.
MATRIX_CAPTION = "Implementation matrix"

REPORT_STYLES = (FLAG, REPORT_NOTE, REPORT_TITLE, ANNEX_HEADING)
COMPILATION_STYLES = (REPORT_NOTE, HYPERLINK, CONTENTS_ENTRY)
# The questionnaire is written in the compilation template's styles.
QUESTIONNAIRE_STYLES = (
    MASTHEAD,
    REPORT_TITLE,
    SUMMARY_HEADING,
    SUMMARY_TEXT,
    HEADING_1,
    HEADING_2,
    ACTION_TEXT,
    TABLE_CAPTION,
    NORMAL,
)


def check_styles(doc: DocxDocument, required: tuple[Style, ...], template: Path) -> None:
    """Refuse a template that lacks a style the code looks for, naming each one."""
    present = {(s.style_id, s.name) for s in doc.styles}
    ids = {style_id for style_id, _ in present}
    names = {name for _, name in present}
    missing = [s for s in required if s.style_id not in ids and s.name not in names]
    if missing:
        listed = "; ".join(f"'{s.name}' ({s.kind} style, for {s.purpose})" for s in missing)
        raise BuildError(
            f"{printable(str(template))}: the template lacks the "
            f"style{'s' * (len(missing) > 1)} {listed}; add "
            f"{'them' if len(missing) > 1 else 'it'} in Word (Styles pane, New Style) or start "
            "from the default template"
        )


class FlagData(TypedDict):
    note: str


class GroupData(TypedDict):
    credits: list[str]


class ParagraphData(TypedDict):
    number: int
    heading: str
    is_report: bool
    state: str
    groups: list[GroupData]
    flags: list[FlagData]


class ThemeData(TypedDict):
    id: str
    title: str
    paragraphs: list[ParagraphData]


class MilestoneData(TypedDict):
    paragraph: int
    event: str
    when: str
    status: str
    state: str


class CellData(TypedDict):
    label: str
    fill: str


class MatrixRowData(TypedDict):
    name: str
    cells: list[CellData]


class MatrixData(TypedDict):
    paragraphs: list[int]
    rows: list[MatrixRowData]


class CountsData(TypedDict):
    contributors: int
    accountable: int
    accountable_submitted: int
    paragraphs: int
    paragraphs_reported: int
    milestones: int
    met: int
    overdue: int
    due: int


class CountsTextData(TypedDict):
    """The counts in words, as running text writes them: 'nine', '24'."""

    contributors: str
    accountable: str
    accountable_submitted: str
    paragraphs: str
    paragraphs_reported: str
    milestones: str
    met: str
    overdue: str
    due: str


class ContributorData(TypedDict):
    name: str
    submitted_on: str
    paragraphs: str


class TaggedData(TypedDict):
    tag: str
    title: str
    entities: str
    paragraphs: str


class OutstandingData(TypedDict):
    name: str
    outstanding: str


class ActionData(TypedDict):
    paragraph: int
    title: str
    action: str
    asked: str
    partners: str


class PlaceholdersData(TypedDict):
    key_trends: str
    challenges: str
    conclusions: str


class ReportData(TypedDict):
    """What templates/report_template.docx is filled with."""

    year: int
    date_text: str
    symbol: str
    ga_agenda_symbol: str
    ecosoc_agenda_symbol: str
    ga_session_title: str
    ga_item: str
    council_item: str
    council_session: str
    job_number: str
    compilation_symbol: str
    resolution: str
    adopted_text: str
    period_start_text: str
    period_end_text: str
    reporting_paragraph: int
    counts: CountsData
    counts_text: CountsTextData
    report_flags: list[FlagData]
    placeholders: PlaceholdersData
    themes: list[ThemeData]
    milestones: list[MilestoneData]
    previous_cycle: int | str
    met_since: str
    actions: list[ActionData]
    matrix: MatrixData
    contributors: list[ContributorData]
    action_lines: list[TaggedData]
    sdg_targets: list[TaggedData]
    outstanding: list[OutstandingData]


class IndicatorData(TypedDict):
    name: str
    value: str
    unit: str
    year: str


class ReportSectionData(TypedDict):
    paragraph: int
    title: str
    action: str
    status: str
    highlight: str
    summary: str
    activities: list[str]
    indicators: list[IndicatorData]
    links: list[str]
    action_lines: str
    sdg_targets: str
    challenges: str
    next_steps: str


class EntitySectionData(TypedDict):
    name: str
    short: str
    submitted_on: str
    reports: list[ReportSectionData]


class ChallengeData(TypedDict):
    name: str
    short: str
    text: str


class ChallengesData(TypedDict):
    paragraph: int
    title: str
    reports: list[ChallengeData]


class CompilationData(TypedDict):
    """What templates/contributions_template.docx is filled with."""

    year: int
    date_text: str
    symbol: str
    resolution: str
    count: int
    entities: list[EntitySectionData]
    challenges: list[ChallengesData]
