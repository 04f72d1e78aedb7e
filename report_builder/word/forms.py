"""The raw WordprocessingML of a questionnaire: content controls, bookmarks and custom
document properties, written and read back, kept in one place beside ``oxml``.

Content controls (``w:sdt``) are what Word fills in; each one also sits inside a bookmark
of the same name, because LibreOffice drops the controls' tags when it saves a .docx but
keeps bookmarks. Children go in the order ECMA-376 lists them (CT_SdtPr: rPr, alias, tag,
id, lock, showingPlcHdr, then the control's type).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

PLACEHOLDER_STYLE = "PlaceholderText"
_CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
# The format id Office gives every user-defined property.
_USER_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
# A revision's deleted text (w:del, w:moveFrom) is not part of what the author meant.
_DELETED = frozenset({qn("w:del"), qn("w:moveFrom")})
_REVISIONS = frozenset({qn("w:ins"), qn("w:del"), qn("w:moveFrom"), qn("w:moveTo")})


def clear_body(doc: DocxDocument) -> None:
    """Remove every block of the body, keeping its section properties (page size and
    margins, header and footer)."""
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def set_style_id(paragraph: Paragraph, style_id: str) -> None:
    """Give ``paragraph`` the style ``style_id`` directly: python-docx's lookup by name
    scans every style of a large styles part, for each paragraph."""
    paragraph._p.style = style_id


def bookmark_name(tag: str) -> str:
    """``report.108.summary`` -> ``report_108_summary``: Word's bookmark names allow no dots."""
    return tag.replace(".", "_")


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


class ControlWriter:
    """Adds content controls to one document, numbering their ids and bookmarks."""

    def __init__(self) -> None:
        self._next_id = 1

    def _id(self) -> str:
        self._next_id += 1
        return str(self._next_id)

    def _properties(
        self, tag: str, alias: str, *, placeholder: bool, locked: bool = False
    ) -> etree._Element:
        pr = OxmlElement("w:sdtPr")
        for name, value in (("w:alias", alias), ("w:tag", tag), ("w:id", self._id())):
            pr.append(OxmlElement(name, attrs={qn("w:val"): value}))
        if locked:
            pr.append(OxmlElement("w:lock", attrs={qn("w:val"): "sdtContentLocked"}))
        if placeholder:
            pr.append(OxmlElement("w:showingPlcHdr"))
        return pr

    def _bookmarks(self, tag: str) -> tuple[etree._Element, etree._Element]:
        mark = self._id()
        start = OxmlElement(
            "w:bookmarkStart", attrs={qn("w:id"): mark, qn("w:name"): bookmark_name(tag)}
        )
        return start, OxmlElement("w:bookmarkEnd", attrs={qn("w:id"): mark})

    def inline(
        self,
        paragraph: Paragraph,
        tag: str,
        alias: str,
        text: str,
        *,
        placeholder: bool = True,
        locked: bool = False,
        choices: Sequence[Choice] = (),
        date: bool = False,
    ) -> None:
        """A control at the end of ``paragraph`` showing ``text``: a drop-down list
        (``choices``), a date picker (``date``), plain text where ``locked``, else rich
        text, which may hold line breaks and paragraphs. Always inline: LibreOffice 7.4
        splits a control of whole paragraphs, duplicates its text and empties its
        bookmark; and it loses the line breaks of a plain-text control."""
        pr = self._properties(tag, alias, placeholder=placeholder, locked=locked)
        if choices:
            listing = OxmlElement("w:dropDownList")
            for choice in choices:
                listing.append(
                    OxmlElement(
                        "w:listItem",
                        attrs={qn("w:displayText"): choice.label, qn("w:value"): choice.value},
                    )
                )
            pr.append(listing)
        elif date:
            picker = OxmlElement("w:date")
            for name, value in (
                ("w:dateFormat", "yyyy-MM-dd"),
                ("w:lid", "en-GB"),
                ("w:storeMappedDataAs", "dateTime"),
                ("w:calendar", "gregorian"),
            ):
                picker.append(OxmlElement(name, attrs={qn("w:val"): value}))
            pr.append(picker)
        elif locked:
            pr.append(OxmlElement("w:text"))
        content = OxmlElement("w:sdtContent")
        content.append(_run(text, placeholder))
        sdt = OxmlElement("w:sdt")
        sdt.append(pr)
        sdt.append(content)
        start, end = self._bookmarks(tag)
        paragraph._p.append(start)
        paragraph._p.append(sdt)
        paragraph._p.append(end)


def _run(text: str, placeholder: bool) -> etree._Element:
    """A run showing ``text``, its line breaks as Word's."""
    run = OxmlElement("w:r")
    if placeholder:
        props = OxmlElement("w:rPr")
        props.append(OxmlElement("w:rStyle", attrs={qn("w:val"): PLACEHOLDER_STYLE}))
        run.append(props)
    for i, line in enumerate(text.split("\n")):
        if i:
            run.append(OxmlElement("w:br"))
        t = OxmlElement("w:t", attrs={"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
        t.text = line
        run.append(t)
    return run


def set_custom_properties(doc: DocxDocument, properties: dict[str, str]) -> None:
    """Store ``properties`` as the document's custom properties (File > Properties >
    Custom in Word), which survive a user's edits of the body."""
    items = "".join(
        f'<property fmtid="{_USER_FMTID}" pid="{pid}" name={quoteattr(name)}>'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(properties.items(), start=2)
    )
    blob = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Properties xmlns="{_CUSTOM_NS}" xmlns:vt="{_VT_NS}">{items}</Properties>'
    ).encode()
    package = doc.part.package
    part = Part(PackURI("/docProps/custom.xml"), _CUSTOM_CT, blob, package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


def custom_properties(xml: bytes | None) -> dict[str, str]:
    """The custom properties in ``docProps/custom.xml``, as text."""
    if xml is None:
        return {}
    root = etree.fromstring(xml, safe_parser())
    return {
        p.get("name", ""): "".join(str(t) for t in p.itertext())
        for p in root.iter(f"{{{_CUSTOM_NS}}}property")
    }


def safe_parser() -> etree.XMLParser:
    """For parts of an untrusted file: no entities, no network, no huge trees."""
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


@dataclass(frozen=True)
class Field:
    """What a content control or a bookmark holds: its text as if every tracked change
    were accepted, whether it still shows its placeholder, and the control's details."""

    text: str
    placeholder: bool = False
    revised: bool = False
    full_date: str | None = None
    choices: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class Fields:
    """The tagged content controls of a document, its bookmarks, and the tags found on
    more than one control."""

    controls: dict[str, Field]
    bookmarks: dict[str, Field]
    duplicates: tuple[str, ...]

    def get(self, tag: str) -> Field | None:
        """The control tagged ``tag``, else the bookmark named after it (all that is left
        of the control once LibreOffice has saved the file)."""
        return self.controls.get(tag) or self.bookmarks.get(bookmark_name(tag))


def read_fields(document_xml: bytes) -> Fields:
    """Every tagged content control and every bookmark of ``document.xml``."""
    body = etree.fromstring(document_xml, safe_parser())
    controls: dict[str, Field] = {}
    duplicates: set[str] = set()
    for sdt in body.iter(qn("w:sdt")):
        pr = sdt.find(qn("w:sdtPr"))
        tag_el = pr.find(qn("w:tag")) if pr is not None else None
        tag = tag_el.get(qn("w:val")) if tag_el is not None else None
        content = sdt.find(qn("w:sdtContent"))
        if pr is None or not tag or content is None:
            continue
        if tag in controls:
            duplicates.add(tag)
        else:
            controls[tag] = _control(pr, content)
    return Fields(controls, _bookmarked(body), tuple(sorted(duplicates)))


def _control(pr: etree._Element, content: etree._Element) -> Field:
    text, revised = _text(content.iter())
    date = pr.find(qn("w:date"))
    listing = pr.find(qn("w:dropDownList"))
    choices = tuple(
        Choice(item.get(qn("w:value"), ""), item.get(qn("w:displayText"), ""))
        for item in (listing.iter(qn("w:listItem")) if listing is not None else ())
    )
    return Field(
        text,
        placeholder=pr.find(qn("w:showingPlcHdr")) is not None,
        revised=revised,
        full_date=date.get(qn("w:fullDate")) if date is not None else None,
        choices=choices,
    )


def _bookmarked(body: etree._Element) -> dict[str, Field]:
    """The text inside each bookmark, in one pass over the body."""
    names: dict[str, str] = {}
    open_marks: dict[str, list[etree._Element]] = {}
    spans: dict[str, list[etree._Element]] = {}
    for element in body.iter():
        if element.tag == qn("w:bookmarkStart"):
            mark, name = element.get(qn("w:id"), ""), element.get(qn("w:name"), "")
            if name not in spans:
                names[mark] = name
                open_marks[mark] = spans[name] = []
        elif element.tag == qn("w:bookmarkEnd"):
            open_marks.pop(element.get(qn("w:id"), ""), None)
        else:
            for collected in open_marks.values():
                collected.append(element)
    out = {}
    for name, elements in spans.items():
        text, revised = _text(elements)
        out[name] = Field(text, revised=revised)
    return out


def _text(elements: Iterable[etree._Element]) -> tuple[str, bool]:
    """The text of ``elements`` (in document order) with paragraphs and breaks as line
    breaks, deleted revisions left out; and whether any revision was met."""
    parts: list[str] = []
    revised = False
    started = False
    for element in elements:
        tag = element.tag
        if tag in _REVISIONS:
            revised = True
        elif tag == qn("w:p"):
            if started:
                parts.append("\n")
            started = True
        elif tag == qn("w:t"):
            if _parent_tag(element.getparent()) not in _DELETED:
                parts.append(element.text or "")
        elif tag in (qn("w:br"), qn("w:cr")):
            parts.append("\n")
        elif tag == qn("w:tab") and _parent_tag(element) == qn("w:r"):
            # (A w:tab elsewhere is a tab stop of the paragraph's properties.)
            parts.append("\t")
    return "".join(parts), revised


def _parent_tag(element: etree._Element | None) -> object:
    parent = element.getparent() if element is not None else None
    return parent.tag if parent is not None else None
