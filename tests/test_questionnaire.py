"""The Word questionnaire: generated, filled in as Word would, imported back as a YAML
submission, built into the compilation verbatim; and every kind of bad return refused."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from click.testing import Result
from docx.oxml.ns import qn
from lxml import etree

from report_builder import InputError
from report_builder.documents.importing import PackageLimits, import_questionnaires

from .conftest import convert, ooxml_errors
from .questionnaires import fill, fill_in_libreoffice, rewrite
from .test_draft import full_text

Cli = Callable[..., Result]
SUMMARY = 'ECA trained staff in #10 countries: "Phase 1" - done; *all* <w:t> & {{ x }} 中文 اب'
ANSWERS = {
    "submitted": "2027-01-31",
    "contact.name": "Amina Diallo",
    "contact.email": "amina.diallo@example.org",
    "report.108.status": "In progress",
    "report.108.summary": SUMMARY,
    "report.108.highlight": "Staff in ten countries trained.",
    "report.108.activities": "Workshop in Addis Ababa\n- Webinar: 3 sessions",
    "report.108.indicators": "Countries supported: 1,200 countries (2026)\nShare online: 45.5 %",
    "report.108.links": "https://example.org/eca",
    "report.108.action_lines": "C1, C7",
    "report.108.sdg_targets": "9.c\n17.8",
    "report.108.challenges": "Funding.\nSecond line.",
    "report.53.status": "not_reporting",
}


@pytest.fixture
def questionnaire(cli: Cli, inputs: Path) -> Path:
    result = cli("new-submission", "ECA", "2027", "--format", "docx", "--inputs", str(inputs))
    assert result.exit_code == 0, result.output
    path = Path("outputs/2027/questionnaires/eca.docx")
    assert result.output == f"Wrote {path} with 9 paragraphs to fill in.\n"
    return path.resolve()


def filled(questionnaire: Path, tmp_path: Path, **changes: str) -> Path:
    values = {**ANSWERS, **{k.replace("__", "."): v for k, v in changes.items()}}
    return fill(questionnaire, tmp_path / "eca.docx", values)


def tags(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    return [t.get(qn("w:val")) for t in root.iter(qn("w:tag"))]


def test_the_questionnaire_holds_the_contract_fields(questionnaire: Path) -> None:
    found = tags(questionnaire)
    assert found[:5] == ["entity", "cycle", "submitted", "contact.name", "contact.email"]
    per_paragraph = [t for t in found if t.startswith("report.108.")]
    assert per_paragraph == [
        f"report.108.{k}"
        for k in (
            "status", "summary", "highlight", "activities", "indicators", "links",
            "action_lines", "sdg_targets", "challenges", "next_steps",
        )
    ]  # fmt: skip
    with zipfile.ZipFile(questionnaire) as package:
        document = package.read("word/document.xml")
        custom = package.read("docProps/custom.xml")
    assert b'w:name="report_108_summary"' in document
    assert b'w:displayText="In progress" w:value="in_progress"' in document
    assert b'w:displayText="Not reporting" w:value="not_reporting"' in document
    assert b"<vt:lpwstr>ECA</vt:lpwstr>" in custom
    text = full_text(docx.Document(str(questionnaire)))
    assert "Paragraph 67 (you are named as a partner: reporting is optional)" in text


def test_the_questionnaire_is_valid_and_reproducible(
    questionnaire: Path, cli: Cli, inputs: Path, tmp_path: Path
) -> None:
    assert ooxml_errors(questionnaire) == []
    again = tmp_path / "again.docx"
    cli("new-submission", "ECA", "2027", "--format", "docx", "--output", str(again),
        "--inputs", str(inputs))  # fmt: skip
    assert again.read_bytes() == questionnaire.read_bytes()


def test_a_questionnaire_filled_where_it_was_written_is_kept(
    questionnaire: Path, cli: Cli, inputs: Path, tmp_path: Path
) -> None:
    filled(questionnaire, tmp_path).replace(questionnaire)
    mine = questionnaire.read_bytes()
    args = ("new-submission", "ECA", "2027", "--format", "docx", "--inputs", str(inputs))
    result = cli(*args)
    assert result.exit_code == 1
    assert result.output.startswith(
        "error: outputs/2027/questionnaires/eca.docx was changed since report-builder wrote it"
    )
    assert questionnaire.read_bytes() == mine
    assert cli(*args, "--force").exit_code == 0
    assert questionnaire.read_bytes() != mine
    result = cli("new-submission", "ECA", "2027", "--force", "--inputs", str(inputs))
    assert result.exit_code == 2
    assert result.output.endswith(
        "Error: --output and --force are for --format docx; a YAML file goes in inputs/YEAR/ "
        "and is never overwritten\n"
    )


def test_a_filled_questionnaire_is_valid(questionnaire: Path, tmp_path: Path) -> None:
    assert ooxml_errors(filled(questionnaire, tmp_path)) == []


def test_import_writes_the_submission_in_block_scalars(
    questionnaire: Path, cli: Cli, inputs: Path, tmp_path: Path
) -> None:
    source = filled(questionnaire, tmp_path)
    result = cli("import", str(source), "--inputs", str(inputs))
    assert result.exit_code == 0, result.output
    target = inputs / "2027" / "eca.yaml"
    assert result.output == f"Wrote {target} from {source} (1 paragraph).\n"
    text = target.read_text("utf-8")
    assert text.endswith(
        "entity: ECA\ncycle: 2027\nsubmitted: 2027-01-31\ncontact:\n  name: >-\n"
        "    Amina Diallo\n  email: >-\n    amina.diallo@example.org\nreports:\n"
        "  - paragraph: 108\n    status: in_progress\n    summary: >-\n"
        f"      {SUMMARY}\n    highlight: >-\n      Staff in ten countries trained.\n"
        "    activities:\n      - >-\n        Workshop in Addis Ababa\n"
        "      - >-\n        - Webinar: 3 sessions\n"
        "    indicators:\n      - name: >-\n          Countries supported\n"
        "        value: 1200\n        unit: >-\n          countries\n        year: 2026\n"
        "      - name: >-\n          Share online\n        value: 45.5\n"
        "        unit: >-\n          %\n"
        "    links:\n      - >-\n        https://example.org/eca\n"
        "    action_lines:\n      - >-\n        C1\n      - >-\n        C7\n"
        "    sdg_targets:\n      - >-\n        9.c\n      - >-\n        17.8\n"
        "    challenges: |-\n      Funding.\n      Second line.\n"
    )
    # Importing the same questionnaire again gives the same bytes.
    before = target.read_bytes()
    assert cli("import", str(source), "--inputs", str(inputs), "--force").exit_code == 0
    assert target.read_bytes() == before


def test_imported_text_reaches_the_compilation_verbatim(
    questionnaire: Path, cli: Cli, inputs: Path, tmp_path: Path
) -> None:
    source = filled(questionnaire, tmp_path)
    assert cli("import", str(source), "--inputs", str(inputs)).exit_code == 0
    result = cli("build", "2027", "--inputs", str(inputs), "--date", "2027-03-15")
    assert result.exit_code == 0, result.output
    text = full_text(docx.Document("outputs/2027/WSIS-contributions-2027.docx"))
    for value in (SUMMARY, "Workshop in Addis Ababa", "- Webinar: 3 sessions", "Second line."):
        assert value in text
    assert "Staff in ten countries trained." in full_text(
        docx.Document("outputs/2027/WSIS-report-2027-draft.docx")
    )


def test_an_existing_submission_is_kept_without_force(
    questionnaire: Path, cli: Cli, inputs: Path, tmp_path: Path
) -> None:
    existing = inputs / "2027" / "from-eca.yaml"
    existing.write_text(
        "entity: Economic Commission for Africa\ncycle: 2027\nsubmitted: 2027-01-02\n"
        "reports:\n  - paragraph: 108\n    status: planned\n    summary: Typed by hand.\n",
        encoding="utf-8",
    )
    source = filled(questionnaire, tmp_path)
    result = cli("import", str(source), "--inputs", str(inputs))
    assert result.exit_code == 1
    assert result.output == (
        f"{source}: {existing} is already ECA's submission and is left as it is; import with "
        "--force to replace it with this questionnaire\n1 error; nothing was written.\n"
    )
    assert "Typed by hand." in existing.read_text("utf-8")
    assert not (inputs / "2027" / "eca.yaml").exists()
    assert cli("import", str(source), "--inputs", str(inputs), "--force").exit_code == 0
    assert SUMMARY in existing.read_text("utf-8")


def test_errors_name_the_questionnaire_and_the_place(
    questionnaire: Path, cli: Cli, inputs: Path, tmp_path: Path
) -> None:
    source = filled(
        questionnaire,
        tmp_path,
        report__108__summary=" ".join(["word"] * 300),
        report__108__indicators="Share online: 45%\nCountries: many\nGrowth: 12,5 %",
        report__108__links="www.example.org",
        report__111__summary="Written, but no status chosen.",
    )
    result = cli("import", str(source), "--inputs", str(inputs))
    assert result.exit_code == 1
    assert result.output == (
        f"{source}: paragraph 108, Indicators, line 2: 'Countries: many' is not written as "
        "name: value unit (year); write, for example, Countries supported: 12 countries (2026)\n"
        f"{source}: paragraph 108, Indicators, line 3: 'Growth: 12,5 %' is not written as "
        "name: value unit (year); write, for example, Countries supported: 12 countries (2026)\n"
        f"{source}: paragraph 108, Links, line 1: 'www.example.org' is not a web link; did you "
        "mean https://www.example.org?\n"
        f"{source}: paragraph 108, Summary: the summary has 300 words, over the limit of 250; "
        "shorten it\n"
        f"{source}: paragraph 111, Status: no status was chosen; choose one of: Not reporting, "
        "Not started, Planned, In progress, Completed, Ongoing\n"
        "5 errors; nothing was written.\n"
    )
    assert not (inputs / "2027" / "eca.yaml").exists()


def test_two_questionnaires_from_one_entity_are_refused(
    questionnaire: Path, cli: Cli, inputs: Path, tmp_path: Path
) -> None:
    first = filled(questionnaire, tmp_path)
    second = fill(questionnaire, tmp_path / "eca-again.docx", ANSWERS)
    result = cli("import", str(first), str(second), "--inputs", str(inputs))
    assert result.exit_code == 1
    assert result.output == (
        f"{second}: a second questionnaire from ECA; {first} is already one. Import one of "
        "them\n1 error; nothing was written.\n"
    )


def test_a_questionnaire_left_blank_says_nothing_was_filled_in(
    questionnaire: Path, cli: Cli, inputs: Path, tmp_path: Path
) -> None:
    source = fill(questionnaire, tmp_path / "eca.docx", {"submitted": "2027-01-31"})
    result = cli("import", str(source), "--inputs", str(inputs))
    assert result.exit_code == 1
    assert result.output == (
        f"{source}: nothing was filled in: every paragraph still shows its prompt or is marked "
        "Not reporting; choose a status and write a summary for at least one\n"
        "1 error; nothing was written.\n"
    )


def test_other_paragraphs_are_reported_voluntarily(
    questionnaire: Path, cli: Cli, inputs: Path, tmp_path: Path
) -> None:
    voluntary = {
        "other__1__paragraph": "110",
        "other__1__status": "Completed",
        "other__1__summary": "A voluntary report.",
    }
    unnumbered = {"other__2__summary": "No number given.", "other__2__status": "Planned"}
    source = filled(questionnaire, tmp_path, **voluntary, **unnumbered)
    assert cli("import", str(source), "--inputs", str(inputs)).output == (
        f"{source}: other paragraph 2, Paragraph number: type the number of the paragraph you "
        "report on\n1 error; nothing was written.\n"
    )
    source = filled(questionnaire, tmp_path, **voluntary)
    result = cli("import", str(source), "--inputs", str(inputs))
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"{source}: warning: paragraph 110, Paragraph number: voluntary report: ECA is not "
        "asked to act on paragraph 110; the draft credits it after the entities asked\n"
    )
    written = (inputs / "2027" / "eca.yaml").read_text("utf-8")
    assert written.endswith("  - paragraph: 110\n    status: completed\n    summary: >-\n"
                            "      A voluntary report.\n")  # fmt: skip


def test_paragraphs_in_a_field_become_line_breaks(
    questionnaire: Path, inputs: Path, tmp_path: Path
) -> None:
    """Enter in a control that fills its paragraph makes Word hold it at block level, its
    text in paragraphs of their own."""
    source = filled(questionnaire, tmp_path, report__108__challenges="MARK")
    with zipfile.ZipFile(source) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    sdt = next(
        s
        for s in root.iter(qn("w:sdt"))
        if s.find(f".//{qn('w:tag')}").get(qn("w:val")) == "report.108.challenges"
    )
    paragraph = sdt.getparent()
    content = sdt.find(qn("w:sdtContent"))
    for child in list(content):
        content.remove(child)
    for line in ("First paragraph.", "Second paragraph."):
        p = etree.SubElement(content, qn("w:p"))
        etree.SubElement(etree.SubElement(p, qn("w:r")), qn("w:t")).text = line
    paragraph.addprevious(sdt)
    paragraph.getparent().remove(paragraph)
    source = rewrite(source, tmp_path / "block.docx", {"word/document.xml": etree.tostring(root)})
    import_questionnaires([source], inputs)
    assert "    challenges: |-\n      First paragraph.\n      Second paragraph.\n" in (
        inputs / "2027" / "eca.yaml"
    ).read_text("utf-8")


def test_the_date_picker_and_the_status_value(
    questionnaire: Path, inputs: Path, tmp_path: Path
) -> None:
    """The picker's fullDate wins over its text; the drop-down's value is accepted too."""
    source = filled(questionnaire, tmp_path, report__108__status="in_progress")
    with zipfile.ZipFile(source) as package:
        document = package.read("word/document.xml")
    document = document.replace(b">2027-01-31<", b">31 January 2027<")
    source = rewrite(source, tmp_path / "dated.docx", {"word/document.xml": document})
    import_questionnaires([source], inputs)
    text = (inputs / "2027" / "eca.yaml").read_text("utf-8")
    assert "submitted: 2027-01-31\n" in text
    assert "status: in_progress\n" in text


def test_tracked_changes_are_taken_as_accepted(
    questionnaire: Path, cli: Cli, inputs: Path, tmp_path: Path
) -> None:
    source = filled(questionnaire, tmp_path, report__108__summary="MARK")
    with zipfile.ZipFile(source) as package:
        document = package.read("word/document.xml")
    revised = (
        b'<w:del w:id="901" w:author="A" w:date="2027-01-02T00:00:00Z"><w:r><w:delText>'
        b"Old words. </w:delText></w:r></w:del>"
        b'<w:ins w:id="902" w:author="A" w:date="2027-01-02T00:00:00Z"><w:r><w:t>'
        b"New words.</w:t></w:r></w:ins>"
    )
    document = document.replace(b'<w:r><w:t xml:space="preserve">MARK</w:t></w:r>', revised)
    assert revised in document
    source = rewrite(source, tmp_path / "revised.docx", {"word/document.xml": document})
    result = cli("import", str(source), "--inputs", str(inputs))
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"{source}: warning: tracked changes were left in the document; their text was taken "
        "as if every change were accepted\n"
    )
    assert "    summary: >-\n      New words.\n" in (inputs / "2027" / "eca.yaml").read_text()


# --------------------------------------------------------------------------------------
# Bad input: each refused with a clear message, and nothing written.


def refused(cli: Cli, inputs: Path, source: Path, *args: str) -> str:
    result = cli("import", str(source), "--inputs", str(inputs), *args)
    assert result.exit_code == 1, result.output
    assert result.output.endswith("nothing was written.\n")
    assert not (inputs / "2027" / "eca.yaml").exists()
    return result.output.split("\n")[0]


def test_not_a_docx_is_refused(cli: Cli, inputs: Path, tmp_path: Path) -> None:
    source = tmp_path / "eca.docx"
    source.write_bytes(b"%PDF-1.7 not a Word document")
    assert refused(cli, inputs, source) == (
        f"{source}: not a Word document (.docx); save it in Word as a Word Document (.docx) "
        "and import that"
    )


def test_a_file_that_is_not_there_is_named(cli: Cli, inputs: Path, tmp_path: Path) -> None:
    missing = tmp_path / "eca.docx"
    assert refused(cli, inputs, missing) == (
        f"{missing}: the file does not exist; check its name and folder"
    )


def test_a_macro_enabled_document_is_refused(
    questionnaire: Path, cli: Cli, inputs: Path, tmp_path: Path
) -> None:
    source = filled(questionnaire, tmp_path)
    with_macros = rewrite(source, tmp_path / "m.docx", {"word/vbaProject.bin": b"\0" * 64})
    assert refused(cli, inputs, with_macros) == (
        f"{with_macros}: the document contains macros (vbaProject.bin), which are refused; save "
        "it in Word as a Word Document (.docx) and import that"
    )
    with zipfile.ZipFile(source) as package:
        types = package.read("[Content_Types].xml").replace(
            b"document.main+xml", b"document.macroEnabled.main+xml"
        )
    docm = rewrite(source, tmp_path / "eca-docm.docx", {"[Content_Types].xml": types})
    assert refused(cli, inputs, docm) == (
        f"{docm}: a macro-enabled document (.docm content type) is refused; save it in Word as "
        "a Word Document (.docx) and import that"
    )


@pytest.mark.parametrize(
    ("part", "data", "message"),
    [
        (
            "word/vbaData.xml",
            b"<vbaSuppData/>",
            "the document contains macros (vbaData.xml), which are refused",
        ),
        (
            "[Content_Types].xml",
            None,
            "the document contains macros or ActiveX controls (word/activeX/activeX1.xml, "
            "declared as application/vnd.ms-office.activeX+xml), which are refused",
        ),
    ],
    ids=["vba-data", "activex-content-type"],
)
def test_macros_only_templates_were_checked_for_are_refused(
    questionnaire: Path,
    cli: Cli,
    inputs: Path,
    tmp_path: Path,
    part: str,
    data: bytes | None,
    message: str,
) -> None:
    """Templates and questionnaires pass one guard, with the markers of macros either
    check knew."""
    source = filled(questionnaire, tmp_path)
    if data is None:
        with zipfile.ZipFile(source) as package:
            data = package.read(part).replace(
                b"</Types>",
                b'<Override PartName="/word/activeX/activeX1.xml" '
                b'ContentType="application/vnd.ms-office.activeX+xml"/></Types>',
            )
    with_macros = rewrite(source, tmp_path / "m.docx", {part: data})
    assert refused(cli, inputs, with_macros) == (
        f"{with_macros}: {message}; save it in Word as a Word Document (.docx) and import that"
    )


def test_a_link_word_made_from_an_e_mail_address_is_imported(
    questionnaire: Path, cli: Cli, inputs: Path, tmp_path: Path
) -> None:
    """The guard's checks of outside links are a template's: Word makes a typed e-mail
    address a mailto: link."""
    source = filled(questionnaire, tmp_path)
    rels = "word/_rels/document.xml.rels"
    with zipfile.ZipFile(source) as package:
        data = package.read(rels).replace(
            b"</Relationships>",
            b'<Relationship Id="rId999" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/hyperlink" Target="mailto:amina.diallo@example.org" '
            b'TargetMode="External"/></Relationships>',
        )
    linked = rewrite(source, tmp_path / "eca-linked.docx", {rels: data})
    result = cli("import", str(linked), "--inputs", str(inputs))
    assert result.exit_code == 0, result.output


def test_a_zip_bomb_is_refused(questionnaire: Path, cli: Cli, inputs: Path, tmp_path: Path) -> None:
    bomb = filled(questionnaire, tmp_path)
    with (
        zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as package,
        package.open("word/media/zeros.bin", "w") as part,
    ):
        for _ in range(210):
            part.write(bytes(2**20))
    assert bomb.stat().st_size < 2**20
    assert refused(cli, inputs, bomb) == (
        f"{bomb}: the file unpacks to 210 MB, over the limit of 200 MB; it is not a questionnaire"
    )


def test_too_many_parts_are_refused(questionnaire: Path, inputs: Path, tmp_path: Path) -> None:
    source = filled(questionnaire, tmp_path)
    with pytest.raises(InputError, match=r"holds \d+ parts, over the limit of 5; it is not a"):
        import_questionnaires([source], inputs, limits=PackageLimits(max_parts=5))
    assert not (inputs / "2027" / "eca.yaml").exists()


def test_a_part_larger_than_declared_is_refused(
    questionnaire: Path, inputs: Path, tmp_path: Path
) -> None:
    """The limit holds on what is actually unpacked, whatever the headers declare."""
    source = filled(questionnaire, tmp_path)
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as package:
        info = package.getinfo("word/document.xml")
    lying = tmp_path / "lying.docx"
    header = data.find(b"word/document.xml") - 30  # the local file header
    data[header + 22 : header + 26] = (100).to_bytes(4, "little")
    central = data.rfind(b"word/document.xml") - 46
    data[central + 24 : central + 28] = (100).to_bytes(4, "little")
    lying.write_bytes(bytes(data))
    assert info.file_size > 100
    with pytest.raises(InputError, match=r"word/document\.xml is damaged"):
        import_questionnaires([lying], inputs)
    assert not (inputs / "2027" / "eca.yaml").exists()


def test_damaged_xml_and_entity_tricks_are_refused(
    questionnaire: Path, cli: Cli, inputs: Path, tmp_path: Path
) -> None:
    source = filled(questionnaire, tmp_path)
    damaged = rewrite(source, tmp_path / "damaged.docx", {"word/document.xml": b"<w:document"})
    message = refused(cli, inputs, damaged)
    assert message.startswith(f"{damaged}: the document is damaged (")
    assert message.endswith("); save it again in Word")
    with zipfile.ZipFile(source) as package:
        document = package.read("word/document.xml")
    # An entity declared in the document is never expanded (nor fetched): it is refused.
    laughs = b'<!DOCTYPE d [<!ENTITY a "' + b"x" * 1000 + b'">]>'
    document = document.replace(b"?>", b"?>" + laughs, 1).replace(b">Amina Diallo<", b">&a;<")
    tricked = rewrite(source, tmp_path / "tricked.docx", {"word/document.xml": document})
    assert refused(cli, inputs, tricked) == (
        f"{tricked}: word/document.xml declares its own entities (a DTD), which Word never "
        "writes; save it in Word as a Word Document (.docx) and import that"
    )


def test_missing_and_duplicated_fields_are_refused(
    questionnaire: Path, cli: Cli, inputs: Path, tmp_path: Path
) -> None:
    source = filled(questionnaire, tmp_path)
    with zipfile.ZipFile(source) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    sdts = {
        s.find(qn("w:sdtPr")).find(qn("w:tag")).get(qn("w:val")): s for s in root.iter(qn("w:sdt"))
    }
    sdts["report.108.links"].getparent().remove(sdts["report.108.links"])
    for mark in list(root.iter(qn("w:bookmarkStart"))):
        if mark.get(qn("w:name")) == "report_108_links":
            mark.getparent().remove(mark)
    copy = etree.fromstring(etree.tostring(sdts["report.108.summary"]))
    sdts["report.108.summary"].addnext(copy)
    broken = rewrite(source, tmp_path / "broken.docx", {"word/document.xml": etree.tostring(root)})
    result = cli("import", str(broken), "--inputs", str(inputs))
    assert result.exit_code == 1
    assert result.output == (
        f"{broken}: report.108.links: this field is missing from the questionnaire (deleted?); "
        "fill in a fresh copy of the questionnaire\n"
        f"{broken}: report.108.summary: this field appears more than once (copied?); keep one, "
        "or fill in a fresh copy of the questionnaire\n"
        "2 errors; nothing was written.\n"
    )


def test_a_questionnaire_for_another_year_is_refused(
    questionnaire: Path, cli: Cli, inputs: Path, tmp_path: Path
) -> None:
    source = filled(questionnaire, tmp_path)
    assert refused(cli, inputs, source, "--year", "2029") == (
        f"{source}: cycle: this questionnaire is for the 2027 cycle, not 2029; import it with "
        "--year 2027, or ask the entity for the 2029 questionnaire"
    )


def test_an_entity_field_edited_to_another_entity_is_refused(
    questionnaire: Path, cli: Cli, inputs: Path, tmp_path: Path
) -> None:
    source = filled(questionnaire, tmp_path, entity="ITU")
    assert refused(cli, inputs, source) == (
        f"{source}: entity: the entity was changed from ECA to 'ITU'; each entity has its own "
        "questionnaire: fill in ECA's as sent, or ask the Secretariat for another"
    )


def test_a_word_file_that_is_no_questionnaire_is_refused(
    cli: Cli, inputs: Path, tmp_path: Path
) -> None:
    plain = tmp_path / "letter.docx"
    docx.Document().save(str(plain))
    assert refused(cli, inputs, plain) == (
        f"{plain}: not a questionnaire from build-report: it has no entity or cycle field; fill "
        "in the questionnaire the Secretariat sent"
    )


def test_comments_are_ignored(questionnaire: Path, inputs: Path, tmp_path: Path) -> None:
    source = filled(questionnaire, tmp_path, report__108__summary="Kept.")
    with zipfile.ZipFile(source) as package:
        document = package.read("word/document.xml")
    document = document.replace(
        b'<w:t xml:space="preserve">Kept.</w:t></w:r>',
        b'<w:t xml:space="preserve">Kept.</w:t></w:r><w:commentRangeEnd w:id="5"/>'
        b'<w:r><w:commentReference w:id="5"/></w:r>',
    )
    source = rewrite(source, tmp_path / "commented.docx", {"word/document.xml": document})
    import_questionnaires([source], inputs)
    assert "    summary: >-\n      Kept.\n" in (inputs / "2027" / "eca.yaml").read_text()


# --------------------------------------------------------------------------------------
# LibreOffice drops the controls' tags when it saves, but keeps the bookmarks.


def test_a_questionnaire_saved_by_libreoffice_imports_from_its_bookmarks(
    questionnaire: Path, inputs: Path, tmp_path: Path
) -> None:
    source = filled(questionnaire, tmp_path)
    outdir = tmp_path / "lo"
    outdir.mkdir()
    resaved = convert(source, outdir, "docx")
    assert "report.108.summary" not in tags(resaved)
    import_questionnaires([resaved], inputs)
    text = (inputs / "2027" / "eca.yaml").read_text("utf-8")
    assert f"    summary: >-\n      {SUMMARY}\n" in text
    assert "    challenges: |-\n      Funding.\n      Second line.\n" in text
    assert "    status: in_progress\n" in text


def test_a_questionnaire_filled_in_libreoffice_imports_from_its_bookmarks(
    questionnaire: Path, inputs: Path, tmp_path: Path
) -> None:
    typed = 'Typed in LibreOffice: #10 countries, "quoted", 中文.'
    answers = {"submitted": "2027-01-31", "report.108.status": "In progress"}
    answers |= {"report.108.summary": typed, "report.108.challenges": "Funding."}
    work = tmp_path / "lo"
    work.mkdir()
    filled_in = fill_in_libreoffice(questionnaire, work / "eca.docx", answers, work)
    assert "report.108.summary" not in tags(filled_in)
    result = import_questionnaires([filled_in], inputs)
    assert result.imported[0].paragraphs == (108,)
    text = (inputs / "2027" / "eca.yaml").read_text("utf-8")
    assert text.endswith(
        "submitted: 2027-01-31\nreports:\n  - paragraph: 108\n    status: in_progress\n"
        f"    summary: >-\n      {typed}\n    challenges: >-\n      Funding.\n"
    )


def test_a_prompt_typed_over_with_itself_is_not_filled_in_yet(
    questionnaire: Path, cli: Cli, inputs: Path, tmp_path: Path
) -> None:
    source = filled(questionnaire, tmp_path, report__108__next_steps="optional: what comes next")
    result = cli("import", str(source), "--inputs", str(inputs))
    assert result.exit_code == 1
    assert result.output == (
        f"{source}: paragraph 108, Next steps: not filled in yet: replace optional: what comes "
        "next with your text\n"
        "1 error; nothing was written.\n"
    )
