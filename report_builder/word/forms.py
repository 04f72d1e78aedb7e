"""The raw WordprocessingML of a questionnaire: content controls, bookmarks and custom
document properties, written and read back, kept in one place beside ``oxml``.

Content controls (``w:sdt``) are what Word fills in; each one also sits inside a bookmark
of the same name, because LibreOffice drops the controls' tags when it saves a .docx but
keeps bookmarks. Children go in the order ECMA-376 lists them (CT_SdtPr: rPr, alias, tag,
id, lock, showingPlcHdr, then the control's type).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
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


def clear_body(doc: DocxDocument) -> None:
    """Remove every block of the body, keeping its section properties (page size and
    margins, header and footer)."""
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def set_style_id(paragraph: Paragraph, style_id: str) -> None:
    """Give ``paragraph`` the style ``style_id`` directly: python-docx's lookup by name
    scans every style of a large styles part, and its setter looks for each of the
    properties that may follow, for each of a questionnaire's 200 paragraphs. The style
    is the first property of a paragraph, and its properties the paragraph's first
    child (CT_P, CT_PPrBase)."""
    p = paragraph._p
    properties = p.find(qn("w:pPr"))
    if properties is None:
        properties = OxmlElement("w:pPr")
        p.insert(0, properties)
    style = properties.find(qn("w:pStyle"))
    if style is None:
        style = OxmlElement("w:pStyle")
        properties.insert(0, style)
    style.set(qn("w:val"), style_id)


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


# --- Reading a questionnaire back ------------------------------------------------------

_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_ALTERNATE, _CHOICE, _FALLBACK = (
    f"{{{_MC}}}{n}" for n in ("AlternateContent", "Choice", "Fallback")
)
# What Word does not show: a revision's deleted text, and text moved elsewhere.
_DELETED = frozenset({qn("w:del"), qn("w:moveFrom")})
_INSERTED = frozenset({qn("w:ins"), qn("w:moveTo")})
# Properties, and text Word keeps but never shows (deleted text, field codes).
_NOT_SHOWN = frozenset(
    qn(f"w:{name}")
    for name in (
        "pPr", "rPr", "sdtPr", "sdtEndPr", "tblPr", "tblGrid", "trPr", "tcPr", "sectPr",
        "delText", "instrText", "delInstrText",
    )
)  # fmt: skip
_SHOWN_AS = {
    qn("w:br"): "\n",
    qn("w:cr"): "\n",
    qn("w:tab"): "\t",
    qn("w:noBreakHyphen"): "\u2011",
}
_OFF = ("0", "false", "off")


def _on(toggle: etree._Element) -> bool:
    """A toggle property such as ``<w:vanish/>``: on unless its value says off."""
    return toggle.get(qn("w:val"), "true").lower() not in _OFF


@dataclass(frozen=True)
class FormLimits:
    """Bounds on the document of a questionnaire from outside, far above what a filled-in
    one holds (a few hundred paragraphs and bookmarks), so that reading it stays quick."""

    max_paragraphs: int = 50_000
    max_marks: int = 5_000
    """Bookmarks, and content controls, each."""
    max_field_chars: int = 40_000
    """Twice what a value of a submission may hold: a longer field is refused unread."""


class DeclaresEntities(Exception):
    """The part has a document type declaration (DTD), which Word never writes: its
    entities would be read as nothing, and the text after them lost."""


class EmbeddedContent(Exception):
    """The document holds an altChunk (HTML or another document), which has no text here."""


class TooMany(Exception):
    """More paragraphs, bookmarks or content controls (``what``) than ``limit``."""

    def __init__(self, what: str, limit: int) -> None:
        super().__init__(f"over {limit:,} {what}")
        self.what = what
        self.limit = limit


def parse_part(xml: bytes) -> etree._Element:
    """A part of an untrusted file, parsed without entities, network or huge trees;
    DeclaresEntities where it has a DTD."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False
    )
    root = etree.fromstring(xml, parser)
    if root.getroottree().docinfo.internalDTD is not None:
        raise DeclaresEntities()
    return root


def custom_properties(xml: bytes | None) -> dict[str, str]:
    """The custom properties in ``docProps/custom.xml``, as text."""
    if xml is None:
        return {}
    root = parse_part(xml)
    return {
        p.get("name", ""): "".join(str(t) for t in p.itertext())
        for p in root.iter(f"{{{_CUSTOM_NS}}}property")
    }


@dataclass(frozen=True)
class Symbol:
    """``w:sym``: a character given by its code in a font's table (``Symbol``, ``F061``)."""

    font: str
    code: str


@dataclass(frozen=True)
class Field:
    """What a content control or a bookmark shows, as Word shows it with every tracked
    change accepted; whether it shows its placeholder, and the control's details."""

    text: str
    placeholder: bool = False
    revised: bool = False
    """Tracked changes were met, and taken as accepted."""
    hidden: bool = False
    """Text formatted as hidden was left out."""
    symbols: tuple[Symbol, ...] = ()
    """Symbols of a symbol font, which have no character of their own."""
    too_long: bool = False
    """Over FormLimits.max_field_chars, and left unread (its text is empty)."""
    full_date: str | None = None
    choices: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class _Span:
    """Where a control or bookmark is in the document's text (offsets) and among the
    things met on the way (event numbers), both from its start to its end."""

    start: int
    end: int
    first: int
    last: int


class Fields:
    """The tagged content controls and the bookmarks of a document, read in one pass;
    each field's text is taken when asked for."""

    def __init__(self, rendering: _Rendering, limits: FormLimits) -> None:
        self._rendering = rendering
        self.limits = limits
        self._controls: dict[str, tuple[etree._Element, _Span]] = {}
        duplicates: set[str] = set()
        for tag, pr, span in rendering.controls:
            if tag in self._controls:
                duplicates.add(tag)
            else:
                self._controls[tag] = (pr, span)
        self.duplicates = tuple(sorted(duplicates))
        """Tags found on more than one control."""

    @property
    def names(self) -> list[str]:
        """The tags of the controls and the names of the bookmarks."""
        return [*self._controls, *self._rendering.marks]

    def get(self, tag: str) -> Field | None:
        """The control tagged ``tag``, else the bookmark named after it (all that is left
        of the control once LibreOffice has saved the file), else None; None too for
        bookmarks of that name of which more than one holds text (``ambiguous``)."""
        if tag in self._controls:
            pr, span = self._controls[tag]
            return _control(pr, self._field(span))
        filled, empty = self._bookmarks(tag)
        if len(filled) == 1:
            return filled[0]
        return empty if not filled else None

    def ambiguous(self, tag: str) -> bool:
        """Whether the field is only in bookmarks, of which more than one holds text."""
        return tag not in self._controls and len(self._bookmarks(tag)[0]) > 1

    def _bookmarks(self, tag: str) -> tuple[list[Field], Field | None]:
        """The first two bookmarks named after ``tag`` that hold text, and the first that
        is empty: an emptied field saved by LibreOffice may leave a second, empty, one."""
        filled: list[Field] = []
        empty: Field | None = None
        for span in self._rendering.marks.get(bookmark_name(tag), ()):
            field = self._field(span)
            if field.text.strip() or field.too_long:
                filled.append(field)
                if len(filled) > 1:
                    break
            elif empty is None:
                empty = field
        return filled, empty

    def _field(self, span: _Span) -> Field:
        r = self._rendering
        too_long = span.end - span.start > self.limits.max_field_chars
        first, last = (
            bisect_right(r.symbol_events, span.first),
            bisect_left(r.symbol_events, span.last),
        )
        return Field(
            "" if too_long else r.text[span.start : span.end].removesuffix("\n"),
            revised=_met(r.revisions, span),
            hidden=_met(r.hidden, span),
            symbols=tuple(r.symbols[first:last]),
            too_long=too_long,
        )


# Namespaces of Office's own: Word understands a choice that requires only these.
_OFFICE = (
    "http://schemas.microsoft.com/office/",
    "http://schemas.openxmlformats.org/",
    "urn:schemas-microsoft-com:",
)


def _alternative(alternate: etree._Element) -> etree._Element | None:
    """The branch of ``mc:AlternateContent`` Word shows: the first choice whose required
    namespaces it understands, else the fallback. A text box is stored both ways, its
    text in each, and is read once."""
    for choice in alternate.iterfind(_CHOICE):
        prefixes = choice.get("Requires", "").split()
        if all(choice.nsmap.get(p, "").startswith(_OFFICE) for p in prefixes):
            return choice
    return alternate.find(_FALLBACK)


def _met(events: list[int], span: _Span) -> bool:
    """Whether one of ``events`` (ascending) happened inside ``span``."""
    i = bisect_right(events, span.first)
    return i < len(events) and events[i] < span.last


def _control(pr: etree._Element, field: Field) -> Field:
    date = pr.find(qn("w:date"))
    listing = pr.find(qn("w:dropDownList"))
    choices = tuple(
        Choice(item.get(qn("w:value"), ""), item.get(qn("w:displayText"), ""))
        for item in (listing.iter(qn("w:listItem")) if listing is not None else ())
    )
    return replace(
        field,
        placeholder=pr.find(qn("w:showingPlcHdr")) is not None,
        full_date=date.get(qn("w:fullDate")) if date is not None else None,
        choices=choices,
    )


def hidden_styles(styles_xml: bytes | None) -> dict[str, bool]:
    """Whether each style of ``styles.xml`` makes its text hidden (Font > Hidden), for the
    styles that say so, themselves or through the styles they are based on."""
    if styles_xml is None:
        return {}
    own: dict[str, tuple[bool | None, str | None]] = {}
    for style in parse_part(styles_xml).iter(qn("w:style")):
        vanish = style.find(f"{qn('w:rPr')}/{qn('w:vanish')}")
        based = style.find(qn("w:basedOn"))
        own[style.get(qn("w:styleId"), "")] = (
            None if vanish is None else _on(vanish),
            None if based is None else based.get(qn("w:val")),
        )
    resolved: dict[str, bool | None] = {}
    for style_id in own:
        # Up the chain of basedOn to a style that says, or one already resolved; each
        # style is walked once, and a loop ends it.
        chain: list[str] = []
        current: str | None = style_id
        value: bool | None = None
        while current in own and current not in resolved and current not in chain:
            chain.append(current)
            value, current = own[current]
            if value is not None:
                break
        else:
            value = resolved.get(current) if current is not None else None
        for walked in chain:
            resolved[walked] = value
    return {style_id: value for style_id, value in resolved.items() if value is not None}


def read_fields(
    document_xml: bytes, limits: FormLimits = FormLimits(), hidden: dict[str, bool] | None = None
) -> Fields:
    """Every tagged content control and every bookmark of ``document.xml``, whose styles
    that hide text or say not to are ``hidden`` (``hidden_styles``); TooMany,
    EmbeddedContent or DeclaresEntities where it cannot be read."""
    body = parse_part(document_xml).find(qn("w:body"))
    rendering = _Rendering(limits, hidden or {})
    if body is not None:
        rendering.walk(body, shown=True)
    return Fields(rendering.finish(), limits)


class _Rendering:
    """The text of a document as Word shows it in the accepted view: insertions kept,
    deletions and moved-away text dropped, hidden text left out, a text box stored two
    ways read once, a deleted paragraph mark joining its paragraph to the next; with the
    place of every control and bookmark in that text. The one reading of a
    questionnaire's text, in one pass, so that overlapping or unclosed bookmarks cost
    nothing more."""

    def __init__(self, limits: FormLimits, hidden_styles: dict[str, bool]) -> None:
        self.limits = limits
        self.hidden_styles = hidden_styles
        # Whether the paragraph being read hides its text through its style.
        self._hidden_paragraph = False
        self.pieces: list[str] = []
        self.text = ""
        self.offset = 0
        self.events = 0
        self.revisions: list[int] = []
        self.hidden: list[int] = []
        self.symbols: list[Symbol] = []
        self.symbol_events: list[int] = []
        self.paragraphs = 0
        self.controls: list[tuple[str, etree._Element, _Span]] = []
        self.marks: dict[str, list[_Span]] = {}
        self._open: dict[str, tuple[str, int, int]] = {}
        self._starts = 0

    def _event(self) -> int:
        self.events += 1
        return self.events

    def _emit(self, text: str, shown: bool) -> None:
        if shown and text:
            self.pieces.append(text)
            self.offset += len(text)

    def walk(self, parent: etree._Element, shown: bool) -> None:
        for element in parent:
            tag = element.tag
            if not isinstance(tag, str) or tag in _NOT_SHOWN:
                continue  # comments and processing instructions; properties
            if tag == qn("w:t"):
                self._emit(element.text or "", shown)
            elif tag in _SHOWN_AS:
                self._emit(_SHOWN_AS[tag], shown)
            elif tag == qn("w:r"):
                self._run(element, shown)
            elif tag == qn("w:p"):
                self._paragraph(element, shown)
            elif tag in _DELETED:
                self.revisions.append(self._event())
                self.walk(element, shown=False)
            elif tag in _INSERTED:
                self.revisions.append(self._event())
                self.walk(element, shown)
            elif tag == _ALTERNATE:
                chosen = _alternative(element)
                if chosen is not None:
                    self.walk(chosen, shown)
            elif tag == qn("w:sdt"):
                self._control(element, shown)
            elif tag == qn("w:bookmarkStart"):
                self._starts += 1
                if self._starts > self.limits.max_marks:
                    raise TooMany("bookmarks", self.limits.max_marks)
                name = element.get(qn("w:name"), "")
                self._open[element.get(qn("w:id"), "")] = (name, self.offset, self._event())
            elif tag == qn("w:bookmarkEnd"):
                opened = self._open.pop(element.get(qn("w:id"), ""), None)
                if opened is not None:
                    name, start, first = opened
                    span = _Span(start, self.offset, first, self._event())
                    self.marks.setdefault(name, []).append(span)
            elif tag == qn("w:sym"):
                self._symbol(element, shown)
            elif tag == qn("w:altChunk"):
                raise EmbeddedContent()
            else:
                self.walk(element, shown)

    def _run(self, run: etree._Element, shown: bool) -> None:
        # Formatting given to the run wins over its character style, which wins over
        # the paragraph's style.
        props = run.find(qn("w:rPr"))
        vanish = props.find(qn("w:vanish")) if props is not None else None
        style = props.find(qn("w:rStyle")) if props is not None else None
        style_id = style.get(qn("w:val"), "") if style is not None else ""
        if vanish is not None:
            hidden = _on(vanish)
        elif style_id in self.hidden_styles:
            hidden = self.hidden_styles[style_id]
        else:
            hidden = self._hidden_paragraph
        if hidden and shown:
            self.hidden.append(self._event())
        self.walk(run, shown and not hidden)

    def _paragraph(self, paragraph: etree._Element, shown: bool) -> None:
        self.paragraphs += 1
        if self.paragraphs > self.limits.max_paragraphs:
            raise TooMany("paragraphs", self.limits.max_paragraphs)
        mark = paragraph.find(f"{qn('w:pPr')}/{qn('w:rPr')}")
        changes = [c.tag for c in mark if c.tag in _DELETED | _INSERTED] if mark is not None else []
        if changes:
            self.revisions.append(self._event())
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        outer = self._hidden_paragraph  # (of the paragraph a text box is in)
        self._hidden_paragraph = self.hidden_styles.get(
            style.get(qn("w:val"), "") if style is not None else "", False
        )
        self.walk(paragraph, shown)
        self._hidden_paragraph = outer
        # A deleted paragraph mark joins the paragraph to the next, as Word shows it.
        if not _DELETED.intersection(changes):
            self._emit("\n", shown)

    def _control(self, sdt: etree._Element, shown: bool) -> None:
        pr, content = sdt.find(qn("w:sdtPr")), sdt.find(qn("w:sdtContent"))
        if content is None:
            return
        start, first = self.offset, self._event()
        self.walk(content, shown)
        tag_el = pr.find(qn("w:tag")) if pr is not None else None
        tag = tag_el.get(qn("w:val")) if tag_el is not None else None
        if pr is not None and tag:
            if len(self.controls) >= self.limits.max_marks:
                raise TooMany("content controls", self.limits.max_marks)
            self.controls.append((tag, pr, _Span(start, self.offset, first, self._event())))

    def _symbol(self, sym: etree._Element, shown: bool) -> None:
        """A character from a font's table: its own where it has one, else (a symbol
        font's private code) a symbol to refuse."""
        code = sym.get(qn("w:char"), "")
        font = sym.get(qn("w:font"), "")
        try:
            char = chr(int(code, 16))
        except (ValueError, OverflowError):
            char = ""
        if char.isprintable() and not "\ue000" <= char <= "\uf8ff":
            self._emit(char, shown)
        elif shown:
            self.symbols.append(Symbol(font, code))
            self.symbol_events.append(self._event())

    def finish(self) -> _Rendering:
        """The rendering complete: its text joined, a bookmark that never ends (as
        LibreOffice writes an emptied field) read as empty."""
        self.text = "".join(self.pieces)
        for name, start, first in self._open.values():
            self.marks.setdefault(name, []).append(_Span(start, start, first, first))
        self._open.clear()
        return self
