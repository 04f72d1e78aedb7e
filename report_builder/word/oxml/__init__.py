"""The raw WordprocessingML that python-docx has no API for, kept in one place.

Everything here reads or edits lxml elements under python-docx objects: numbering
definitions, paragraph borders, fields, footnotes, table header rows and alt text, widths,
the Track Changes setting, and the queries the renderer makes of the body and footnotes.
Children are inserted in the order the schema's ``xsd:sequence`` demands (Word repairs a
file that breaks it), through python-docx's ``get_or_add_*`` where it has one and ``_set``
otherwise.
"""

from __future__ import annotations

import copy
import hashlib
import io
import itertools
import zipfile
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.table import CT_Tc
from docx.oxml.text.paragraph import CT_P
from docx.oxml.text.run import CT_R
from docx.parts.document import DocumentPart
from docx.settings import Settings
from docx.styles.style import BaseStyle
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from report_builder.diagnostics import BuildError


@dataclass(frozen=True)
class Level:
    """One level of a Word list: ``fmt`` upperRoman, upperLetter, decimal; ``text`` '%1.'."""

    fmt: str
    text: str
    indent: int
    hanging: int
    style: str | None = None


# Child order of the elements this module adds children to (ECMA-376 part 1, the
# xsd:sequence of each type). A child is inserted after its last predecessor present.
_SEQUENCES: dict[str, tuple[str, ...]] = {
    "w:pPr": (
        "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
        "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
        "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
        "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
        "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
        "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
        "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
        "w:pPrChange",
    ),
    "w:tblPr": (
        "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
        "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
        "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
        "w:tblDescription", "w:tblPrChange",
    ),
    "w:tcPr": (
        "w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd",
        "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
        "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange",
    ),
    "w:tblCellMar": ("w:top", "w:left", "w:start", "w:bottom", "w:right", "w:end"),
    "w:pBdr": ("w:top", "w:left", "w:bottom", "w:right", "w:between", "w:bar"),
    "w:numPr": ("w:ilvl", "w:numberingChange", "w:numId", "w:ins"),
    "w:abstractNum": (
        "w:nsid", "w:multiLevelType", "w:tmpl", "w:name", "w:styleLink", "w:numStyleLink",
        "w:lvl",
    ),
    "w:lvl": (
        "w:start", "w:numFmt", "w:lvlRestart", "w:pStyle", "w:isLgl", "w:suff", "w:lvlText",
        "w:lvlPicBulletId", "w:legacy", "w:lvlJc", "w:pPr", "w:rPr",
    ),
    "w:settings": (
        "w:writeProtection", "w:view", "w:zoom", "w:removePersonalInformation",
        "w:removeDateAndTime", "w:doNotDisplayPageBoundaries", "w:displayBackgroundShape",
        "w:printPostScriptOverText", "w:printFractionalCharacterWidth", "w:printFormsData",
        "w:embedTrueTypeFonts", "w:embedSystemFonts", "w:saveSubsetFonts", "w:saveFormsData",
        "w:mirrorMargins", "w:alignBordersAndEdges", "w:bordersDoNotSurroundHeader",
        "w:bordersDoNotSurroundFooter", "w:gutterAtTop", "w:hideSpellingErrors",
        "w:hideGrammaticalErrors", "w:activeWritingStyle", "w:proofState", "w:formsDesign",
        "w:attachedTemplate", "w:linkStyles", "w:stylePaneFormatFilter",
        "w:stylePaneSortMethod", "w:documentType", "w:mailMerge", "w:revisionView",
        "w:trackRevisions",
    ),
}  # fmt: skip
_ORDER = {
    qn(parent): {qn(tag): i for i, tag in enumerate(tags)} for parent, tags in _SEQUENCES.items()
}


def _set(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    """The ``tag`` child of ``parent`` (added in schema order if absent), with ``attrs``."""
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        order = _ORDER.get(parent.tag, {})
        rank = order.get(qn(tag))
        before = [c for c in parent if order.get(c.tag, len(order)) < (rank or 0)]
        if rank is None:
            # A parent whose children are an xsd:choice (w:trPr, w:tabs) takes any order.
            parent.append(child)
        elif before:
            before[-1].addnext(child)
        else:
            parent.insert(0, child)
    for name, value in attrs.items():
        child.set(qn(f"w:{name}"), value)
    return child


def _restore_order(parent: etree._Element) -> None:
    """Put ``parent``'s children back in schema order, after a tool that inserts
    carelessly (docxtpl's ``cellbg`` puts ``w:shd`` first in a cell's properties)."""
    order = _ORDER[parent.tag]
    children = sorted(parent, key=lambda c: order.get(c.tag, len(order)))
    for child in children:
        parent.append(child)


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
        abstract.append(lvl)  # levels come last in an abstractNum
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
    numpr = style.element.get_or_add_pPr().get_or_add_numPr()
    _set(numpr, "w:ilvl", val=str(level))
    _set(numpr, "w:numId", val=str(num_id))


def outline_level(style: BaseStyle, level: int) -> None:
    """Show paragraphs of ``style`` in Word's navigation pane at ``level`` (0 = top)."""
    style.element.get_or_add_pPr().get_or_add_outlineLvl().set(qn("w:val"), str(level))


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
            tc_pr = cast(CT_Tc, tc).get_or_add_tcPr()
            _set(tc_pr, "w:tcW", w=str(width), type="dxa")
            _restore_order(tc_pr)
    table._tbl.tblPr.get_or_add_tblLayout().set(qn("w:type"), "fixed")


def set_track_revisions(settings: Settings, on: bool) -> None:
    existing = settings.element.find(qn("w:trackRevisions"))
    if on:
        _set(settings.element, "w:trackRevisions")
    elif existing is not None:
        settings.element.remove(existing)


def runs_in_character_style(doc: DocxDocument, style_id: str) -> list[Run]:
    """Every run of the body whose character style is ``style_id``, in document order."""
    return [
        Run(r, Paragraph(cast(CT_P, r.getparent()), doc._body)) for r in _styled_runs(doc, style_id)
    ]


def _styled_runs(doc: DocxDocument, style_id: str) -> list[CT_R]:
    """The ``w:r`` elements in character style ``style_id``, found from their ``w:rStyle``
    (an XPath predicate on every run is several times slower on a long document)."""
    run_tag, properties_tag, value = qn("w:r"), qn("w:rPr"), qn("w:val")
    found: list[CT_R] = []
    for style in doc.element.body.iter(qn("w:rStyle")):
        properties = style.getparent()
        if style.get(value) != style_id or properties is None or properties.tag != properties_tag:
            continue
        run = properties.getparent()
        if run is not None and run.tag == run_tag and (not found or found[-1] is not run):
            found.append(cast(CT_R, run))
    return found


def adjacent_runs(runs: list[Run]) -> list[list[Run]]:
    """``runs`` (in document order) in groups of runs that follow each other directly in
    the same paragraph."""
    groups: list[list[Run]] = []
    for run in runs:
        if groups and groups[-1][-1]._r is run._r.getprevious():
            groups[-1].append(run)
        else:
            groups.append([run])
    return groups


_RUN_PROPERTIES, _TEXT = qn("w:rPr"), qn("w:t")


def run_text(run: Run) -> str:
    """``run.text``, read directly when the run holds nothing but text: python-docx asks
    XPath for the children of each run, which adds up over a compilation's summaries."""
    r = run._r
    if all(child.tag in (_RUN_PROPERTIES, _TEXT) for child in r):
        return "".join(child.text or "" for child in r if child.tag == _TEXT)
    return run.text


def paragraphs_in_style(doc: DocxDocument, style_id: str) -> list[Paragraph]:
    """Every body paragraph (tables included) whose paragraph style is ``style_id``."""
    return [
        Paragraph(p, doc._body)
        for p in doc.element.body.xpath(f'.//w:p[w:pPr/w:pStyle/@w:val="{style_id}"]')
    ]


def text_before(doc: DocxDocument, style_id: str) -> str:
    """The body's text up to the first paragraph in ``style_id`` (all of it if none), with
    a space between paragraphs, so that words are split as Word counts them; then the text
    of the footnotes referenced there, which count towards a report's length as its body
    does. Headers and footers are not read."""
    body = doc.element.body
    marks = body.xpath(f'.//w:p[w:pPr/w:pStyle/@w:val="{style_id}"]')
    end = marks[0] if marks else None
    texts: list[str] = []
    referenced: list[str] = []
    text_tag, paragraph_tag, reference_tag = qn("w:t"), qn("w:p"), qn("w:footnoteReference")
    # Line breaks and tabs separate words too.
    for element in body.iter(
        paragraph_tag, text_tag, reference_tag, qn("w:br"), qn("w:cr"), qn("w:tab")
    ):
        if element.tag == text_tag:
            texts.append(element.text or "")
        elif element.tag == reference_tag:
            referenced.append(element.get(qn("w:id"), ""))
        elif element is end:
            break
        else:
            texts.append(" ")
    return "".join(texts) + " " + footnotes_text(doc, referenced)


def footnotes_text(doc: DocxDocument, ids: Collection[str]) -> str:
    """The text of the footnotes whose ids are ``ids``, a space between paragraphs."""
    root = _footnotes_root(doc)
    if root is None or not ids:
        return ""
    wanted = set(ids)
    texts: list[str] = []
    text_tag, paragraph_tag = qn("w:t"), qn("w:p")
    for note in root.iterchildren(qn("w:footnote")):
        if note.get(qn("w:id")) not in wanted:
            continue
        for element in note.iter(paragraph_tag, text_tag, qn("w:br"), qn("w:cr"), qn("w:tab")):
            texts.append(element.text or "" if element.tag == text_tag else " ")
    return "".join(texts)


def _footnotes_root(doc: DocxDocument) -> etree._Element | None:
    """The root of the document's footnotes part, read from its bytes when python-docx,
    which has no class for the part, or docxtpl, which renders it as text, holds it so."""
    try:
        part = doc.part.part_related_by(RT.FOOTNOTES)
    except KeyError:
        return None
    if isinstance(part, XmlPart):
        return cast(etree._Element, part.element)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    return etree.fromstring(part.blob, parser)


# Footnote -1 is the separator Word draws above the footnotes, 0 the longer one above
# footnotes continued from the page before; settings.xml names both.
_SEPARATORS = (
    f"<w:footnotes {nsdecls('w')}>"
    + "".join(
        f'<w:footnote w:type="{kind}" w:id="{number}"><w:p><w:pPr>'
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        f"<w:r><w:{kind}/></w:r></w:p></w:footnote>"
        for kind, number in (("separator", -1), ("continuationSeparator", 0))
    )
    + "</w:footnotes>"
)
# The children of w:settings that come after w:footnotePr (ECMA-376 part 1, CT_Settings).
_AFTER_FOOTNOTE_PROPERTIES = (
    "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema",
    "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown",
    "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags",
    "w:decimalSymbol", "w:listSeparator",
)  # fmt: skip
FOOTNOTE_TEXT = "FootnoteText"
FOOTNOTE_REFERENCE = "FootnoteReference"


def _footnotes(paragraph: Paragraph) -> etree._Element:
    """The footnotes of the document that holds ``paragraph``: a footnotes part is added,
    with its separators, when it has none, and one read as bytes is parsed to be edited."""
    document = cast(DocumentPart, paragraph.part)
    try:
        part = document.part_related_by(RT.FOOTNOTES)
    except KeyError:
        part = None
    if isinstance(part, XmlPart):
        return cast(etree._Element, part.element)
    if part is None:
        root = parse_xml(_SEPARATORS)
        settings = document.settings.element
        if settings.find(qn("w:footnotePr")) is None:
            properties = OxmlElement("w:footnotePr")
            for number in ("-1", "0"):
                properties.append(OxmlElement("w:footnote", attrs={qn("w:id"): number}))
            settings.insert_element_before(properties, *_AFTER_FOOTNOTE_PROPERTIES)
        partname = PackURI("/word/footnotes.xml")
    else:
        root = parse_xml(part.blob)
        partname = part.partname
        for r_id, rel in list(document.rels.items()):
            if rel.reltype == RT.FOOTNOTES:
                document.drop_rel(r_id)
    editable = XmlPart(partname, CT.WML_FOOTNOTES, root, document.package)
    document.relate_to(editable, RT.FOOTNOTES)
    return root


def add_footnote(paragraph: Paragraph, text: str, mark: str | None = None) -> None:
    """A footnote whose reference ends ``paragraph`` and whose text is ``text`` (which may
    hold Jinja tags), in styles ``FootnoteText`` and ``FootnoteReference``.

    Without ``mark`` Word numbers it; with one (the front page's '*' and '**') the mark
    is written in the text and the footnote starts with it, as UN documents do for
    agenda footnotes, and the automatic numbers do not count it."""
    notes = _footnotes(paragraph)
    ids = (note.get(qn("w:id"), "0") for note in notes.iterchildren(qn("w:footnote")))
    number = 1 + max((int(i) for i in ids), default=0)
    reference = OxmlElement("w:r")
    at = OxmlElement("w:footnoteReference", attrs={qn("w:id"): str(number)})
    note_mark = OxmlElement("w:r")
    if mark is None:
        for run in (reference, note_mark):
            _set(run, "w:rPr").append(
                OxmlElement("w:rStyle", attrs={qn("w:val"): FOOTNOTE_REFERENCE})
            )
        reference.append(at)
        note_mark.append(OxmlElement("w:footnoteRef"))
    else:
        at.set(qn("w:customMarkFollows"), "1")
        reference.append(at)
        # One w:t per character, which Word reads as the one mark: LibreOffice takes a
        # longer w:t as the mark and shows it once more as text ('agenda****').
        reference.extend(_text(character) for character in mark)
        note_mark.append(_text(mark))
    paragraph._p.append(reference)
    note = OxmlElement("w:footnote", attrs={qn("w:id"): str(number)})
    p = OxmlElement("w:p")
    _set(p, "w:pPr").append(OxmlElement("w:pStyle", attrs={qn("w:val"): FOOTNOTE_TEXT}))
    body = OxmlElement("w:r")
    body.append(_text(" " + text))
    p.extend((note_mark, body))
    note.append(p)
    notes.append(note)


def _text(text: str) -> etree._Element:
    element = OxmlElement("w:t")
    element.text = text
    if text != text.strip():
        element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return element


def end_body_with_paragraph(doc: DocxDocument) -> None:
    """A body whose last block is a table makes LibreOffice add a paragraph of its own,
    which, with Track Changes on, it shows as a tracked insertion of the whole table."""
    blocks = (qn("w:p"), qn("w:tbl"))
    last = next((c for c in reversed(doc.element.body) if c.tag in blocks), None)
    if last is not None and last.tag == qn("w:tbl"):
        last.addnext(OxmlElement("w:p"))


_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def drop_styles_with_effects(doc: DocxDocument) -> None:
    """Word 2010's copy of styles.xml goes stale as soon as styles change, and Word then
    treats the file as damaged; without it, Word reads styles.xml alone."""
    for r_id, rel in list(doc.part.rels.items()):
        if rel.reltype == _STYLES_WITH_EFFECTS:
            doc.part.drop_rel(r_id)


def drop_unused_table_styles(doc: DocxDocument) -> None:
    """Remove the table styles that no table of ``doc`` uses, directly or as the style
    another is based on, but the default: python-docx's blank document defines a hundred,
    most of its styles part, which every build and questionnaire reads and writes again.
    Word offers its built-in table styles whether a document defines them or not."""
    style_tag, type_attr, id_attr = qn("w:style"), qn("w:type"), qn("w:styleId")
    val = qn("w:val")
    used = {
        element.get(val)
        for part in doc.part.package.iter_parts()
        if isinstance(part, XmlPart)
        for element in part.element.iter(qn("w:tblStyle"))
    }
    tables = {
        style.get(id_attr): style
        for style in doc.styles.element.iter(style_tag)
        if style.get(type_attr) == "table"
    }
    kept: set[str | None] = set()
    for name, style in tables.items():
        if name in used or style.get(qn("w:default")) in ("1", "true", "on"):
            while name is not None and name not in kept:
                kept.add(name)
                based = tables.get(name)
                on = based.find(qn("w:basedOn")) if based is not None else None
                name = on.get(val) if on is not None else None
    for name, style in tables.items():
        if name not in kept:
            doc.styles.element.remove(style)


def link_runs(doc: DocxDocument, style_id: str, urls: set[str]) -> None:
    """Make each run in ``style_id`` whose text is one of ``urls`` a hyperlink to it: the
    run moves into a ``w:hyperlink`` whose external relationship holds the address."""
    rels = doc.part.rels
    # One relationship per address, numbered past the part's own: python-docx's
    # relate_to() searches every relationship on each call, which is quadratic.
    taken = {int(r[3:]) for r in rels if r.startswith("rId") and r[3:].isdigit()}
    numbers = (n for n in itertools.count(1) if n not in taken)
    r_ids: dict[str, str] = {}
    text_tag = qn("w:t")
    for r in _styled_runs(doc, style_id):
        url = "".join(cast(Iterator[str], r.itertext(text_tag))).strip()
        if url not in urls:
            continue
        if url not in r_ids:
            r_ids[url] = f"rId{next(numbers)}"
            rels.add_relationship(RT.HYPERLINK, url, r_ids[url], is_external=True)
        link = OxmlElement("w:hyperlink", attrs={qn("r:id"): r_ids[url], qn("w:history"): "1"})
        r.addprevious(link)
        link.append(r)


def link_to_headings(doc: DocxDocument, style_id: str, prefix: str) -> None:
    """Make each body paragraph in ``style_id`` (a contents line) a link to the first
    paragraph after it, outside that style, that reads the same (its heading): the heading
    gets a bookmark named ``prefix`` and a number, and the line's runs move into a
    ``w:hyperlink`` to it. A line that no heading matches stays as it is."""
    body = doc.element.body
    paragraph_tag, style_tag, value = qn("w:p"), qn("w:pStyle"), qn("w:val")
    # Lines wait, by their text, for the heading that reads the same.
    waiting: dict[str, list[etree._Element]] = {}
    # Numbered past the template's own bookmarks, whatever their ids.
    ids = (m.get(qn("w:id")) or "" for m in body.iter(qn("w:bookmarkStart")))
    numbers = itertools.count(max((int(i) for i in ids if i.isdigit()), default=0) + 1)
    # A list: the loop adds elements to the tree.
    for paragraph in list(body.iter(paragraph_tag)):
        properties = paragraph.find(qn("w:pPr"))
        style = properties.find(style_tag) if properties is not None else None
        is_line = style is not None and style.get(value) == style_id
        if not is_line and not waiting:
            continue  # every line has its heading: the rest of a long body is not read
        text = "".join(cast(Iterator[str], paragraph.itertext(_TEXT)))
        if is_line:
            # Only a line whose text is all in its own runs can move into a link.
            if text.strip() and text == "".join(
                t.text or "" for r in paragraph.iterchildren(qn("w:r")) for t in r.iter(_TEXT)
            ):
                waiting.setdefault(text, []).append(paragraph)
            continue
        lines = waiting.get(text)
        if not lines:
            continue
        line = lines.pop(0)
        if not lines:
            del waiting[text]
        number = next(numbers)
        name = f"{prefix}{number}"
        start = OxmlElement("w:bookmarkStart", attrs={qn("w:id"): str(number), qn("w:name"): name})
        if properties is not None:
            properties.addnext(start)
        else:
            paragraph.insert(0, start)
        paragraph.append(OxmlElement("w:bookmarkEnd", attrs={qn("w:id"): str(number)}))
        runs = list(line.iterchildren(qn("w:r")))
        link = OxmlElement("w:hyperlink", attrs={qn("w:anchor"): name, qn("w:history"): "1"})
        runs[0].addprevious(link)
        link.extend(runs)


def serialized_parts(doc: DocxDocument) -> set[str]:
    """The parts python-docx writes from a tree it holds: lxml cannot write one that is not
    well-formed. docxtpl leaves others as bytes (footnotes), as do parts python-docx has no
    class for."""
    return {
        str(part.partname).lstrip("/")
        for part in doc.part.package.iter_parts()
        if isinstance(part, XmlPart)
    }


def check_parts(data: bytes, name: str, written_from_trees: Collection[str] = ()) -> None:
    """Parse every XML part strictly, as Word does: a build never writes a broken draft.
    Parts ``written_from_trees`` are known well-formed: reading them again (45 MB of XML
    in the compilation of 1,000 submissions) would prove nothing."""
    parser = etree.XMLParser(recover=False, resolve_entities=False, huge_tree=True)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for info in package.infolist():
            if info.filename in written_from_trees:
                continue
            if info.filename.endswith((".xml", ".rels")):
                try:
                    etree.fromstring(package.read(info), parser)
                except etree.XMLSyntaxError as exc:
                    raise BuildError(
                        f"{name}: part {info.filename} is not well-formed XML ({exc}); "
                        "nothing was written"
                    ) from None


_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VARIANT_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
# The format id Word gives every user-defined property.
_USER_DEFINED = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def _related_xml(rels: Any, reltype: str, drop: bool = False) -> tuple[etree._Element | None, bool]:
    """The parsed XML part related by ``reltype`` in ``rels`` (a package's or a part's
    relationships), None if absent or unreadable, and whether one was there; ``drop``
    removes the relationship, for a part about to be written anew (python-docx cannot
    change a part it does not know)."""
    found = next(
        (
            (rid, rel.target_part)
            for rid, rel in rels.items()
            if rel.reltype == reltype and not rel.is_external
        ),
        None,
    )
    if found is None:
        return None, False
    if drop:
        rels.pop(found[0])
    try:
        return etree.fromstring(found[1].blob, _SAFE_PARSER), True
    except etree.XMLSyntaxError:
        return None, True


def _new_part(owner: Any, name: str, content_type: str, reltype: str, root: etree._Element) -> None:
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    owner.relate_to(Part(PackURI(name), content_type, blob, _package_of(owner)), reltype)


def _package_of(owner: Any) -> Any:
    """The package of ``owner``, a package or a part."""
    return getattr(owner, "package", owner)


def custom_properties(doc: DocxDocument) -> dict[str, str]:
    """The document's custom properties that hold text, by name (docProps/custom.xml)."""
    root, _ = _related_xml(doc.part.package.rels, RT.CUSTOM_PROPERTIES)
    if root is None:
        return {}
    return {
        prop.get("name", ""): "".join(str(t) for t in prop.itertext())
        for prop in root.iterchildren(f"{{{_CUSTOM}}}property")
    }


def set_custom_properties(doc: DocxDocument, values: dict[str, str]) -> None:
    """Set the custom properties ``values`` (as text), keeping any others the document has.
    python-docx has no API for them: the part is replaced by one written anew."""
    package = doc.part.package
    root, _ = _related_xml(package.rels, RT.CUSTOM_PROPERTIES, drop=True)
    if root is None:
        namespaces = {None: _CUSTOM, "vt": _VARIANT_TYPES}
        root = etree.Element(f"{{{_CUSTOM}}}Properties", nsmap=cast(Any, namespaces))
    properties = {p.get("name"): p for p in root.iterchildren(f"{{{_CUSTOM}}}property")}
    ids = [int(p.get("pid", "1")) for p in properties.values() if p.get("pid", "").isdigit()]
    next_id = itertools.count(max([1, *ids]) + 1)
    for name, value in values.items():
        prop = properties.get(name)
        if prop is None:
            prop = etree.SubElement(
                root,
                f"{{{_CUSTOM}}}property",
                fmtid=_USER_DEFINED,
                pid=str(next(next_id)),
                name=name,
            )
        for child in list(prop):
            prop.remove(child)
        etree.SubElement(prop, f"{{{_VARIANT_TYPES}}}lpwstr").text = value
    _new_part(package, "/docProps/custom.xml", CT.OFC_CUSTOM_PROPERTIES, RT.CUSTOM_PROPERTIES, root)


_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def carry_styles(doc: DocxDocument, source: DocxDocument, also: Sequence[str] = ()) -> None:
    """Copy from ``source`` the definitions of the styles ``doc``'s body uses (and the
    styles ``also``) but does not define (content copied from ``source`` into a draft
    saved by another editor, which renamed or dropped styles it had no use for), with
    the styles they are based on. A copied style whose name ``doc`` gives another style
    is renamed, as two styles of one name are not allowed."""
    styles = doc.styles.element
    defined = {s.get(qn("w:styleId")) for s in styles.iterchildren(qn("w:style"))}
    names = {n.get(qn("w:val")) for n in styles.iter(qn("w:name"))}
    offered = {s.get(qn("w:styleId")): s for s in source.styles.element.iterchildren(qn("w:style"))}
    wanted = [*also] + [
        value
        for tag in ("w:pStyle", "w:rStyle", "w:tblStyle")
        for node in doc.element.body.iter(qn(tag))
        if (value := node.get(qn("w:val"))) is not None
    ]
    while wanted:
        style_id = wanted.pop()
        if style_id in defined or style_id not in offered:
            continue
        copied = copy.deepcopy(offered[style_id])
        name = copied.find(qn("w:name"))
        if name is not None and name.get(qn("w:val")) in names:
            name.set(qn("w:val"), f"{name.get(qn('w:val'))} (report-builder)")
        styles.append(copied)
        defined.add(style_id)
        wanted += [
            value
            for tag in ("w:basedOn", "w:link", "w:next")
            for node in copied.iterchildren(qn(tag))
            if (value := node.get(qn("w:val"))) is not None
        ]


_W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
_W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_COMMENTS_EXTENDED = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
_COMMENTS_EXTENDED_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"
)


def resolve_comments(doc: DocxDocument, comments: Collection[etree._Element]) -> None:
    """Mark ``comments`` (``w:comment`` elements of ``doc``) resolved, as Word's 'Resolve'
    does: in word/commentsExtended.xml, keyed by the paragraph id of each comment's last
    paragraph. python-docx has no API for it; the part is replaced by one written anew."""
    if not comments:
        return
    part = doc.part
    root, _ = _related_xml(part.rels, _COMMENTS_EXTENDED, drop=True)
    if root is None:
        namespaces = {"w15": _W15, "mc": _MC}
        root = etree.Element(f"{{{_W15}}}commentsEx", nsmap=cast(Any, namespaces))
        root.set(f"{{{_MC}}}Ignorable", "w15")
    entries = {e.get(f"{{{_W15}}}paraId"): e for e in root.iterchildren(f"{{{_W15}}}commentEx")}
    for comment in comments:
        paragraphs = comment.findall(qn("w:p"))
        if not paragraphs:
            continue
        last = paragraphs[-1]
        para_id = last.get(f"{{{_W14}}}paraId")
        if para_id is None:
            # Below 0x80000000, as the schema requires; from the comment's id, so that the
            # same update writes the same bytes.
            number = int(hashlib.sha256(comment.get(qn("w:id"), "").encode()).hexdigest(), 16)
            para_id = f"{number % 0x7FFFFFFF + 1:08X}"
            last.set(f"{{{_W14}}}paraId", para_id)
        entry = entries.get(para_id)
        if entry is None:
            entry = etree.SubElement(root, f"{{{_W15}}}commentEx")
            entry.set(f"{{{_W15}}}paraId", para_id)
        entry.set(f"{{{_W15}}}done", "1")
    _new_part(part, "/word/commentsExtended.xml", _COMMENTS_EXTENDED_TYPE, _COMMENTS_EXTENDED, root)


def part_blobs(doc: DocxDocument) -> dict[str, bytes]:
    """Each part of ``doc``'s package, by name without the leading '/', as saving it
    writes it."""
    return {str(part.partname).lstrip("/"): part.blob for part in doc.part.package.iter_parts()}
