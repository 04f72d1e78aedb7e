"""Hostile questionnaires, round three: an import never hangs, reads the text Word shows
and nothing else, treats a file's name as data, and reads a form LibreOffice emptied."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from docx.oxml.ns import qn
from lxml import etree

from report_builder.documents.importing import import_questionnaires

from .questionnaires import fill, fill_in_libreoffice, rewrite
from .test_questionnaire import ANSWERS, refused

Cli = Callable[..., Result]
DOCUMENT = "word/document.xml"
RESEND = "save it in Word as a Word Document (.docx) and import that"
_DELETED = b'w:id="901" w:author="A" w:date="2027-01-02T00:00:00Z"'


@pytest.fixture
def questionnaire(cli: Cli, inputs: Path) -> Path:
    result = cli("new-submission", "ECA", "2027", "--format", "docx", "--inputs", str(inputs))
    assert result.exit_code == 0, result.output
    return Path("outputs/2027/questionnaires/eca.docx").resolve()


def document_of(path: Path) -> bytes:
    with zipfile.ZipFile(path) as package:
        return package.read(DOCUMENT)


def with_document(source: Path, target: Path, document: bytes) -> Path:
    return rewrite(source, target, {DOCUMENT: document})


def with_run(questionnaire: Path, tmp_path: Path, field: str, xml: bytes) -> Path:
    """ECA's questionnaire filled in, with ``xml`` as the runs of paragraph 108's ``field``."""
    source = fill(
        questionnaire, tmp_path / "filled.docx", {**ANSWERS, f"report.108.{field}": "MARK"}
    )
    document = document_of(source)
    mark = b'<w:r><w:t xml:space="preserve">MARK</w:t></w:r>'
    assert document.count(mark) == 1
    return with_document(source, tmp_path / "eca.docx", document.replace(mark, xml))


def block(questionnaire: Path, tmp_path: Path, field: str, paragraphs: bytes) -> Path:
    """ECA's questionnaire with paragraph 108's ``field`` a control of whole paragraphs,
    as Word holds one after Enter: ``paragraphs`` are its content."""
    source = fill(questionnaire, tmp_path / "filled.docx", ANSWERS)
    root = etree.fromstring(document_of(source))
    sdt = next(
        s
        for s in root.iter(qn("w:sdt"))
        if s.find(f".//{qn('w:tag')}").get(qn("w:val")) == f"report.108.{field}"
    )
    paragraph = sdt.getparent()
    content = sdt.find(qn("w:sdtContent"))
    for child in list(content):
        content.remove(child)
    wrapper = etree.fromstring(b"<w:x %s>%s</w:x>" % (NAMESPACES, paragraphs))
    content.extend(list(wrapper))
    paragraph.addprevious(sdt)
    paragraph.getparent().remove(paragraph)
    return with_document(source, tmp_path / "eca.docx", etree.tostring(root))


NAMESPACES = (
    b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    b'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    b'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    b'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def imported(cli: Cli, inputs: Path, source: Path) -> tuple[str, Result]:
    result = cli("import", str(source), "--inputs", str(inputs))
    assert result.exit_code == 0, result.output
    return (inputs / "2027" / "eca.yaml").read_text("utf-8"), result


# --- Class 2: an import never hangs -----------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_named_like_a_questionnaire_is_refused(
    cli: Cli, inputs: Path, tmp_path: Path
) -> None:
    fifo = tmp_path / "q.docx"
    os.mkfifo(fifo)
    assert refused(cli, inputs, fifo) == (
        f"{fifo}: the file is a FIFO (named pipe), not a Word document; {RESEND}"
    )


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="a POSIX device")
def test_a_link_to_a_device_is_refused(cli: Cli, inputs: Path, tmp_path: Path) -> None:
    link = tmp_path / "q.docx"
    link.symlink_to("/dev/zero")
    assert refused(cli, inputs, link) == (
        f"{link}: the file is a device, not a Word document; {RESEND}"
    )


def test_a_file_too_large_is_refused_unread(cli: Cli, inputs: Path, tmp_path: Path) -> None:
    large = tmp_path / "q.docx"
    with large.open("wb") as out:
        out.truncate(21 * 1024 * 1024)
    assert refused(cli, inputs, large) == (
        f"{large}: the file has 21 MB, over the limit of 20 MB for a questionnaire"
    )


def _many(questionnaire: Path, tmp_path: Path, marks: int, paragraphs: int) -> Path:
    """ECA's questionnaire filled in, then ``marks`` bookmarks that never end and
    ``paragraphs`` empty paragraphs before its first field."""
    source = fill(questionnaire, tmp_path / "filled.docx", ANSWERS)
    padding = b"".join(b'<w:bookmarkStart w:id="x%d" w:name="m%d"/>' % (i, i) for i in range(marks))
    padding = b"<w:p>" + padding + b"</w:p>" + b"<w:p/>" * paragraphs
    document = document_of(source).replace(b"<w:body>", b"<w:body>" + padding, 1)
    return with_document(source, tmp_path / "eca.docx", document)


def test_unclosed_bookmarks_and_empty_paragraphs_are_read_in_one_pass(
    questionnaire: Path, cli: Cli, inputs: Path, tmp_path: Path
) -> None:
    """Every element was added to every open bookmark: 4,000 bookmarks that never end
    over 40,000 paragraphs took 160 million steps. Now one pass reads them, each empty."""
    text, _ = imported(cli, inputs, _many(questionnaire, tmp_path, 4_000, 40_000))
    assert "    summary: >-\n      ECA trained staff" in text


def test_bookmarks_and_paragraphs_are_capped(
    questionnaire: Path, cli: Cli, inputs: Path, tmp_path: Path
) -> None:
    """The red team's 131 KB file: 20,000 bookmarks, 200,000 empty paragraphs."""
    flood = _many(questionnaire, tmp_path, 20_000, 200_000)
    assert flood.stat().st_size < 200_000
    assert refused(cli, inputs, flood) == (
        f"{flood}: the document holds over 5,000 bookmarks, more than a questionnaire ever "
        "needs; fill in a fresh copy of the questionnaire"
    )
    paragraphs = _many(questionnaire, tmp_path, 0, 200_000)
    assert refused(cli, inputs, paragraphs) == (
        f"{paragraphs}: the document holds over 50,000 paragraphs, more than a questionnaire "
        "ever needs; fill in a fresh copy of the questionnaire"
    )


def test_a_field_of_a_whole_book_is_refused(
    questionnaire: Path, cli: Cli, inputs: Path, tmp_path: Path
) -> None:
    """Over twice what a value may hold, a field is refused unread; below, validation
    says how long it is."""
    long = b"<w:r><w:t>" + b"word " * 10_000 + b"</w:t></w:r>"
    source = with_run(questionnaire, tmp_path, "challenges", long)
    assert refused(cli, inputs, source) == (
        f"{source}: paragraph 108, Challenges: the field holds more than 40,000 characters; "
        "shorten it to what the report needs"
    )


# --- Class 5: the text Word shows ----------------------------------------------------------


@pytest.mark.parametrize(
    ("runs", "summary"),
    [
        (
            b"<w:r><w:t>ECA built e</w:t><w:noBreakHyphen/><w:t>government services.</w:t></w:r>",
            "ECA built e\u2011government services.",
        ),
        (
            b'<w:r><w:t>Uptake rose </w:t><w:sym w:font="Calibri" w:char="2192"/>'
            b"<w:t> 12 countries.</w:t></w:r>",
            "Uptake rose \u2192 12 countries.",
        ),
        (
            b"<w:r><w:t>Shown </w:t></w:r><w:r><w:rPr><w:vanish w:val=\"0\"/></w:rPr>"
            b"<w:t>and not hidden.</w:t></w:r>",
            "Shown and not hidden.",
        ),
        (
            b"<w:r><w:t>Kept.</w:t></w:r><w:del " + _DELETED + b"><w:customXml w:element=\"x\">"
            b"<w:r><w:t> Deleted in custom XML.</w:t></w:r></w:customXml></w:del>",
            "Kept.",
        ),
        (
            b"<w:r><w:t>Kept.</w:t></w:r><w:del " + _DELETED + b"><w:sdt><w:sdtContent>"
            b"<w:r><w:t> Deleted in a control.</w:t></w:r></w:sdtContent></w:sdt></w:del>",
            "Kept.",
        ),
        (
            b"<w:r><w:t>Kept.</w:t></w:r><w:moveFrom " + _DELETED + b"><w:r><w:t> Moved away."
            b"</w:t></w:r></w:moveFrom>",
            "Kept.",
        ),
        (
            b"<w:r><w:t>Before </w:t></w:r><w:r><mc:AlternateContent " + NAMESPACES + b">"
            b"<mc:Choice Requires=\"wps\"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r>"
            b"<w:t>in a box</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>"
            b"<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>in a box"
            b"</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
            b"</mc:AlternateContent></w:r><w:r><w:t>after.</w:t></w:r>",
            "Before in a box\nafter.",
        ),
        (
            b"<w:r><w:t>Before </w:t></w:r><w:r><mc:AlternateContent " + NAMESPACES + b">"
            b'<mc:Choice xmlns:x="urn:example:unknown" Requires="x"><w:t>never shown</w:t>'
            b"</mc:Choice><mc:Fallback><w:t>as Word shows it</w:t></mc:Fallback>"
            b"</mc:AlternateContent></w:r>",
            "Before as Word shows it",
        ),
    ],
    ids=["no-break-hyphen", "symbol", "vanish-off", "deleted-in-custom-xml", "deleted-in-control",
         "moved-away", "text-box-once", "unknown-choice"],
)  # fmt: skip
def test_a_field_reads_as_word_shows_it(
    questionnaire: Path, cli: Cli, inputs: Path, tmp_path: Path, runs: bytes, summary: str
) -> None:
    source = with_run(questionnaire, tmp_path, "summary", runs)
    text, _ = imported(cli, inputs, source)
    written = text.split("    summary: ")[1].split("\n    highlight:")[0]
    assert [line.strip() for line in written.split("\n")[1:]] == summary.split("\n")


ASIDE = (
    b'<w:style w:type="character" w:styleId="Aside"><w:name w:val="Aside"/>'
    b'<w:basedOn w:val="Secret"/></w:style>'
    b'<w:style w:type="character" w:styleId="Secret"><w:name w:val="Secret"/>'
    b"<w:rPr><w:vanish/></w:rPr></w:style>"
)


@pytest.mark.parametrize(
    "hidden",
    [b"<w:rPr><w:vanish/></w:rPr>", b'<w:rPr><w:rStyle w:val="Aside"/></w:rPr>'],
    ids=["formatted", "by-style"],
)
def test_hidden_text_is_left_out_with_a_warning(
    questionnaire: Path, cli: Cli, inputs: Path, tmp_path: Path, hidden: bytes
) -> None:
    runs = (
        b"<w:r>"
        + hidden
        + b"<w:t>A secret aside. </w:t></w:r><w:r><w:t>ECA trained staff.</w:t></w:r>"
    )
    filled = with_run(questionnaire, tmp_path, "summary", runs)
    with zipfile.ZipFile(filled) as package:
        styles = package.read("word/styles.xml").replace(b"</w:styles>", ASIDE + b"</w:styles>")
    source = rewrite(filled, tmp_path / "hidden.docx", {"word/styles.xml": styles})
    text, result = imported(cli, inputs, source)
    assert "    summary: >-\n      ECA trained staff.\n" in text
    assert "secret" not in text
    assert result.stderr == (
        f"{source}: warning: paragraph 108, Summary: hidden text (Font > Hidden in Word) was "
        "left out, as Word does not show or print it; if it belongs in the report, unhide it "
        "and import again with --force\n"
    )


def test_a_deleted_paragraph_mark_joins_the_paragraphs(
    questionnaire: Path, cli: Cli, inputs: Path, tmp_path: Path
) -> None:
    paragraphs = (
        b"<w:p><w:pPr><w:rPr><w:del " + _DELETED + b"/></w:rPr></w:pPr>"
        b"<w:r><w:t>One challenge</w:t></w:r></w:p>"
        b'<w:p><w:r><w:t xml:space="preserve"> went on.</w:t></w:r></w:p>'
        b"<w:p><w:r><w:t>Another.</w:t></w:r></w:p>"
    )
    text, _ = imported(cli, inputs, block(questionnaire, tmp_path, "challenges", paragraphs))
    assert "    challenges: |-\n      One challenge went on.\n      Another.\n" in text


def test_embedded_html_is_refused(
    questionnaire: Path, cli: Cli, inputs: Path, tmp_path: Path
) -> None:
    chunk = b'<w:altChunk xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId99"/>'
    source = block(
        questionnaire, tmp_path, "challenges", b"<w:p><w:r><w:t>A.</w:t></w:r></w:p>" + chunk
    )
    assert refused(cli, inputs, source) == (
        f"{source}: the document holds embedded HTML or another document (altChunk), which "
        "cannot be read as text; in Word, copy that part and paste it back with Paste Special "
        "> Unformatted Text, then save and import again"
    )  # fmt: skip


def test_a_symbol_font_character_is_refused(
    questionnaire: Path, cli: Cli, inputs: Path, tmp_path: Path
) -> None:
    runs = b'<w:r><w:t>Growth </w:t><w:sym w:font="Symbol" w:char="F061"/></w:r>'
    source = with_run(questionnaire, tmp_path, "summary", runs)
    assert refused(cli, inputs, source) == (
        f"{source}: paragraph 108, Summary: a symbol from the font Symbol (F061) has no "
        "character of its own; type the character itself, or choose it in Insert > Symbol "
        "from (normal text)"
    )


@pytest.mark.parametrize("part", [DOCUMENT, "docProps/custom.xml"])
def test_entities_are_refused(
    questionnaire: Path, cli: Cli, inputs: Path, tmp_path: Path, part: str
) -> None:
    """An entity reference was kept unexpanded, and the text after it was lost."""
    source = fill(questionnaire, tmp_path / "filled.docx", ANSWERS)
    with zipfile.ZipFile(source) as package:
        data = package.read(part)
    dtd = b'<!DOCTYPE d [<!ENTITY a "x">]>'
    data = data.replace(b"?>", b"?>" + dtd, 1).replace(b">ECA<", b">Before &a; after<", 1)
    tricked = rewrite(source, tmp_path / "eca.docx", {part: data})
    assert refused(cli, inputs, tricked) == (
        f"{tricked}: {part} declares its own entities (a DTD), which Word never writes; {RESEND}"
    )


# --- Class 6: a file name is data -------------------------------------------------------


@pytest.mark.parametrize(
    ("newline", "escaped"), [("\n", "\\n"), ("\r", "\\r"), ("\u2028", "\\u2028")]
)
def test_a_file_name_cannot_write_yaml(
    questionnaire: Path, cli: Cli, inputs: Path, tmp_path: Path, newline: str, escaped: str
) -> None:
    """A name that breaks the line of the comment it is written in wrote this contact."""
    answers = {k: v for k, v in ANSWERS.items() if not k.startswith("contact.")}
    name = f"eca{newline}contact: {{email: focal@attacker.example}}{newline}#.docx"
    source = fill(questionnaire, tmp_path / name, answers)
    text, result = imported(cli, inputs, source)
    assert "attacker" not in text.split("\nentity:")[1]
    assert (
        "# imported by build-report from the Word questionnaire "
        f"eca{escaped}contact: {{email: focal@attacker.example}}{escaped}#.docx.\n"
    ) in text
    shown = str(source).replace(newline, escaped)
    assert result.stdout == f"Wrote {inputs}/2027/eca.yaml from {shown} (1 paragraph).\n"


def test_a_link_to_a_questionnaire_is_read(
    questionnaire: Path, cli: Cli, inputs: Path, tmp_path: Path
) -> None:
    link = tmp_path / "link.docx"
    link.symlink_to(fill(questionnaire, tmp_path / "eca.docx", ANSWERS))
    text, _ = imported(cli, inputs, link)
    assert "    summary: >-\n      ECA trained staff" in text


def test_a_file_name_is_escaped_in_messages(
    questionnaire: Path, cli: Cli, inputs: Path, tmp_path: Path
) -> None:
    first = fill(questionnaire, tmp_path / "eca\rone.docx", ANSWERS)
    second = fill(questionnaire, tmp_path / "eca\ntwo.docx", ANSWERS)
    result = cli("import", str(first), str(second), "--inputs", str(inputs))
    assert result.exit_code == 1
    one, two = (str(p).replace("\r", "\\r").replace("\n", "\\n") for p in (first, second))
    assert result.output == (
        f"{two}: a second questionnaire from ECA; {one} is already one. Import one of them\n"
        "1 error; nothing was written.\n"
    )


# --- Class 13: cycles, macros and LibreOffice's bookmarks ------------------------------------


@pytest.mark.parametrize("cycle", ["0999", "9999"])
def test_a_cycle_out_of_range_is_refused(
    questionnaire: Path, cli: Cli, inputs: Path, tmp_path: Path, cycle: str
) -> None:
    source = fill(questionnaire, tmp_path / "filled.docx", ANSWERS)
    parts = {}
    with zipfile.ZipFile(source) as package:
        for part in (DOCUMENT, "docProps/custom.xml"):
            parts[part] = package.read(part).replace(b">2027<", b">" + cycle.encode() + b"<")
    source = rewrite(source, tmp_path / "eca.docx", parts)
    before = sorted(inputs.rglob("*"))
    assert refused(cli, inputs, source) == (
        f"{source}: cycle: '{cycle}' is not a cycle from 2026 to 2100; fill in the "
        "questionnaire the Secretariat sent"
    )
    assert sorted(inputs.rglob("*")) == before


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (
            {
                "word/code.bin": b"\0" * 64,
                "[Content_Types].xml": b'</Types>|<Override PartName="/word/code.bin" '
                b'ContentType="application/vnd.ms-office.vbaProject"/></Types>',
            },
            "the document contains macros or ActiveX controls (word/code.bin, declared as "
            "application/vnd.ms-office.vbaProject), which are refused",
        ),
        (
            {
                "word/code.bin": b"\0" * 64,
                "word/_rels/document.xml.rels": b'</Relationships>|<Relationship Id="rId98" '
                b'Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
                b'Target="code.bin"/></Relationships>',
            },
            "the document contains macros (vbaProject), which are refused",
        ),
        (
            {"[Content_Types].xml": b"document.main+xml|document.macroenabled.main+xml"},
            "a macro-enabled document (.docm content type) is refused",
        ),
    ],
    ids=["vba-content-type", "vba-relationship", "lower-case-macroenabled"],
)
def test_macros_under_other_names_are_refused(
    questionnaire: Path,
    cli: Cli,
    inputs: Path,
    tmp_path: Path,
    parts: dict[str, bytes],
    message: str,
) -> None:
    source = fill(questionnaire, tmp_path / "filled.docx", ANSWERS)
    changed: dict[str, bytes | None] = {}
    with zipfile.ZipFile(source) as package:
        for part, data in parts.items():
            if b"|" in data:
                old, new = data.split(b"|")
                data = package.read(part).replace(old, new)
            changed[part] = data
    with_macros = rewrite(source, tmp_path / "eca.docx", changed)
    assert refused(cli, inputs, with_macros) == f"{with_macros}: {message}; {RESEND}"


def as_libreoffice(root: etree._Element) -> etree._Element:
    """The document as LibreOffice saves it: the controls gone, their content and the
    bookmarks around them left."""
    for sdt in list(root.iter(qn("w:sdt"))):
        content = sdt.find(qn("w:sdtContent"))
        for child in list(content):
            sdt.addprevious(child)
        sdt.getparent().remove(sdt)
    return root


def _saved_by_libreoffice(
    questionnaire: Path, tmp_path: Path, change: Callable[[etree._Element], None]
) -> Path:
    source = fill(questionnaire, tmp_path / "filled.docx", ANSWERS)
    root = as_libreoffice(etree.fromstring(document_of(source)))
    change(root)
    return with_document(source, tmp_path / "eca.docx", etree.tostring(root))


def _mark(root: etree._Element, name: str) -> etree._Element:
    return next(m for m in root.iter(qn("w:bookmarkStart")) if m.get(qn("w:name")) == name)


def _end(root: etree._Element, name: str) -> etree._Element:
    mark = _mark(root, name).get(qn("w:id"))
    return next(e for e in root.iter(qn("w:bookmarkEnd")) if e.get(qn("w:id")) == mark)


def test_an_emptied_field_saved_by_libreoffice_reads_as_empty(
    questionnaire: Path, cli: Cli, inputs: Path, tmp_path: Path
) -> None:
    """LibreOffice writes a field emptied there as a bookmark start with no end, which
    took in the rest of the form; and may add an empty bookmark of the same name."""

    def empty(root: etree._Element) -> None:
        highlight = _mark(root, "report_108_highlight")
        end = _end(root, "report_108_highlight")
        for run in list(highlight.itersiblings(qn("w:r"))):
            run.getparent().remove(run)
        end.getparent().remove(end)
        extra = etree.Element(
            qn("w:bookmarkStart"), {qn("w:id"): "990", qn("w:name"): "report_108_summary"}
        )
        _mark(root, "report_108_summary").addprevious(extra)
        extra.addnext(etree.Element(qn("w:bookmarkEnd"), {qn("w:id"): "990"}))

    text, _ = imported(cli, inputs, _saved_by_libreoffice(questionnaire, tmp_path, empty))
    assert "highlight" not in text
    assert "    summary: >-\n      ECA trained staff" in text
    assert "    challenges: |-\n      Funding.\n      Second line.\n" in text


@pytest.mark.parametrize("tag", ["report.108.summary", "other.1.paragraph", "entity"])
def test_two_bookmarks_of_one_name_with_text_are_refused(
    questionnaire: Path, cli: Cli, inputs: Path, tmp_path: Path, tag: str
) -> None:
    def copy(root: etree._Element) -> None:
        paragraph = _mark(root, tag.replace(".", "_")).getparent()
        twin = etree.fromstring(etree.tostring(paragraph))
        for mark in twin.iter(qn("w:bookmarkStart"), qn("w:bookmarkEnd")):
            mark.set(qn("w:id"), "99" + mark.get(qn("w:id")))
        paragraph.addnext(twin)

    source = _saved_by_libreoffice(questionnaire, tmp_path, copy)
    assert refused(cli, inputs, source) == (
        f"{source}: {tag}: this field appears more than once (copied?); keep one, or fill in a "
        "fresh copy of the questionnaire"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_where_the_submission_goes_is_refused(
    questionnaire: Path, cli: Cli, inputs: Path, tmp_path: Path
) -> None:
    """It was read, to compare it with the questionnaire, and that waited for a writer."""
    source = fill(questionnaire, tmp_path / "eca.docx", ANSWERS)
    fifo = inputs / "2027" / "eca.yaml"
    os.mkfifo(fifo)
    result = cli("import", str(source), "--inputs", str(inputs))
    assert result.exit_code == 1
    assert result.output == (
        f"{source}: {fifo} is a FIFO (named pipe), not a submission file; move it out of the "
        "way and import again\n"
        "1 error; nothing was written.\n"
    )


def test_a_document_nested_as_deep_as_xml_allows_is_read(
    questionnaire: Path, cli: Cli, inputs: Path, tmp_path: Path
) -> None:
    """The reading walks the tree; the parser's own bound on depth (256) keeps it far
    from Python's limit on recursion, and deeper is refused as damaged."""
    runs = b"<w:p>" * 240 + b"<w:r><w:t>Deep.</w:t></w:r>" + b"</w:p>" * 240
    text, _ = imported(cli, inputs, with_run(questionnaire, tmp_path, "summary", runs))
    assert "    summary: >-\n      Deep.\n" in text
    (inputs / "2027" / "eca.yaml").unlink()
    deeper = b"<w:p>" * 300 + b"</w:p>" * 300
    source = with_run(questionnaire, tmp_path, "summary", deeper)
    assert refused(cli, inputs, source).startswith(
        f"{source}: the document is damaged (Excessive depth in document: 256"
    )


def test_a_field_emptied_in_libreoffice_reads_as_empty(
    questionnaire: Path, inputs: Path, tmp_path: Path
) -> None:
    """LibreOffice itself empties fields, prefilled ones among them, and saves as .docx."""
    work = tmp_path / "lo"
    work.mkdir()
    prefilled = fill(questionnaire, tmp_path / "prefilled.docx", ANSWERS)
    answers = {"report.108.highlight": "", "report.108.summary": "Typed in LibreOffice."}
    answers |= {"report.108.activities": "", "contact.name": ""}
    emptied = fill_in_libreoffice(prefilled, work / "eca.docx", answers, work)
    result = import_questionnaires([emptied], inputs)
    assert result.imported[0].paragraphs == (108,)
    text = (inputs / "2027" / "eca.yaml").read_text("utf-8")
    assert "    summary: >-\n      Typed in LibreOffice.\n" in text
    assert "    challenges: |-\n      Funding.\n      Second line.\n" in text
    assert "highlight" not in text and "activities" not in text
    assert "  email: >-\n    amina.diallo@example.org\n" in text and "Amina" not in text
