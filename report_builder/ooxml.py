"""The raw WordprocessingML that python-docx has no API for, kept in one place.

Everything here edits lxml elements under python-docx objects: numbering definitions,
paragraph borders, fields, table header rows and alt text, cell shading, widths, the
Track Changes setting and comment dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from docx.comments import Comment
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tc
from docx.settings import Settings
from docx.styles.style import BaseStyle
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph
from lxml import etree


@dataclass(frozen=True)
class Level:
    """One level of a Word list: ``fmt`` upperRoman, upperLetter, decimal; ``text`` '%1.'."""

    fmt: str
    text: str
    indent: int
    hanging: int
    style: str | None = None


def _set(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        parent.append(child)
    for name, value in attrs.items():
        child.set(qn(f"w:{name}"), value)
    return child


def add_numbering(numbering: etree._Element, abstract_id: int, levels: Sequence[Level]) -> int:
    """Add a list definition to numbering.xml; returns the ``numId`` that refers to it."""
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(abstract_id))
    _set(abstract, "w:multiLevelType", val="multilevel" if len(levels) > 1 else "singleLevel")
    for i, level in enumerate(levels):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(i))
        _set(lvl, "w:start", val="1")
        _set(lvl, "w:numFmt", val=level.fmt)
        if level.style:
            _set(lvl, "w:pStyle", val=level.style)
        _set(lvl, "w:lvlText", val=level.text)
        _set(lvl, "w:lvlJc", val="left")
        ppr = _set(lvl, "w:pPr")
        tabs = _set(ppr, "w:tabs")
        _set(tabs, "w:tab", val="num", pos=str(level.indent))
        _set(ppr, "w:ind", left=str(level.indent), hanging=str(level.hanging))
        abstract.append(lvl)
    # abstractNum elements must precede num elements in numbering.xml.
    nums = numbering.findall(qn("w:num"))
    if nums:
        nums[0].addprevious(abstract)
    else:
        numbering.append(abstract)
    num_id = 1 + max((int(n.get(qn("w:numId"), "0")) for n in nums), default=0)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(num_id))
    _set(num, "w:abstractNumId", val=str(abstract_id))
    numbering.append(num)
    return num_id


def number_style(style: BaseStyle, num_id: int, level: int = 0) -> None:
    """Every paragraph of ``style`` is numbered by list ``num_id`` (0: by none)."""
    ppr = style.element.get_or_add_pPr()
    numpr = _set(ppr, "w:numPr")
    _set(numpr, "w:ilvl", val=str(level))
    _set(numpr, "w:numId", val=str(num_id))


def outline_level(style: BaseStyle, level: int) -> None:
    """Show paragraphs of ``style`` in Word's navigation pane at ``level`` (0 = top)."""
    _set(style.element.get_or_add_pPr(), "w:outlineLvl", val=str(level))


def use_font(style: BaseStyle, name: str) -> None:
    """Set ``name`` for every script, dropping theme fonts, which would take precedence."""
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{attr}"), name)


def set_cell_margins(table: Table, left: int, right: int) -> None:
    """Inner left and right margins of every cell, in twentieths of a point."""
    margins = _set(table._tbl.tblPr, "w:tblCellMar")
    _set(margins, "w:left", w=str(left), type="dxa")
    _set(margins, "w:right", w=str(right), type="dxa")


def box_style(style: BaseStyle) -> None:
    """A single-line border around paragraphs of ``style`` (the report's summary box)."""
    borders = _set(style.element.get_or_add_pPr(), "w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        _set(borders, f"w:{side}", val="single", sz="4", space="4", color="auto")


def rule_below(paragraph: Paragraph, size: int = 12) -> None:
    borders = _set(paragraph._p.get_or_add_pPr(), "w:pBdr")
    _set(borders, "w:bottom", val="single", sz=str(size), space="1", color="auto")


def add_field(paragraph: Paragraph, instruction: str) -> None:
    """A field such as PAGE, which Word computes when it lays out the page."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def repeat_header_row(row: _Row) -> None:
    _set(row._tr.get_or_add_trPr(), "w:tblHeader")


def keep_row_together(row: _Row) -> None:
    _set(row._tr.get_or_add_trPr(), "w:cantSplit")


def set_table_caption(table: Table, caption: str) -> None:
    """Alt text that identifies a table for post-processing and for screen readers."""
    _set(table._tbl.tblPr, "w:tblCaption", val=caption)


def table_caption(table: Table) -> str:
    caption = table._tbl.tblPr.find(qn("w:tblCaption"))
    return "" if caption is None else caption.get(qn("w:val"), "")


def set_column_widths(table: Table, widths: Sequence[int]) -> None:
    """Column widths in twentieths of a point, in the grid and in every cell."""
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=False):
        col.set(qn("w:w"), str(width))
    for tr in table._tbl.findall(qn("w:tr")):
        for tc, width in zip(tr.findall(qn("w:tc")), widths, strict=False):
            _set(cast(CT_Tc, tc).get_or_add_tcPr(), "w:tcW", w=str(width), type="dxa")
    _set(table._tbl.tblPr, "w:tblLayout", type="fixed")


# The elements that CT_Settings orders before trackRevisions.
_BEFORE_TRACK_REVISIONS = frozenset(
    qn(f"w:{name}")
    for name in (
        "writeProtection",
        "view",
        "zoom",
        "removePersonalInformation",
        "removeDateAndTime",
        "doNotDisplayPageBoundaries",
        "displayBackgroundShape",
        "printPostScriptOverText",
        "printFractionalCharacterWidth",
        "printFormsData",
        "embedTrueTypeFonts",
        "embedSystemFonts",
        "saveSubsetFonts",
        "saveFormsData",
        "mirrorMargins",
        "alignBordersAndEdges",
        "bordersDoNotSurroundHeader",
        "bordersDoNotSurroundFooter",
        "gutterAtTop",
        "hideSpellingErrors",
        "hideGrammaticalErrors",
        "activeWritingStyle",
        "proofState",
        "formsDesign",
        "attachedTemplate",
        "linkStyles",
        "stylePaneFormatFilter",
        "stylePaneSortMethod",
        "documentType",
        "mailMerge",
        "revisionView",
    )
)


def set_track_revisions(settings: Settings, on: bool) -> None:
    existing = settings.element.find(qn("w:trackRevisions"))
    if on and existing is None:
        element = OxmlElement("w:trackRevisions")
        earlier = [c for c in settings.element if c.tag in _BEFORE_TRACK_REVISIONS]
        if earlier:
            earlier[-1].addnext(element)
        else:
            settings.element.insert(0, element)
    elif not on and existing is not None:
        settings.element.remove(existing)


def set_comment_date(comment: Comment, when: dt.datetime) -> None:
    """python-docx stamps comments with the current time; a reproducible build cannot."""
    comment._comment_elm.set(qn("w:date"), when.strftime("%Y-%m-%dT%H:%M:%SZ"))
