"""The template contract: the styles the code looks for, and the page that lists them
with every variable a template receives."""

from __future__ import annotations

import re
import typing
import zipfile
from pathlib import Path

import docx
import pytest

from report_builder import BuildError
from report_builder.documents.questionnaire import new_questionnaire
from report_builder.word import contract

from .conftest import INPUTS, REPO, TEMPLATE
from .test_templates_hostile import refused


def without_style(tmp_path: Path, source: Path, name: str) -> Path:
    doc = docx.Document(str(source))
    style = doc.styles[name]
    style.element.getparent().remove(style.element)
    target = tmp_path / f"without-{name}.docx"
    doc.save(str(target))
    return target


def test_a_report_template_without_the_flag_style_is_refused_by_name(cli, tmp_path: Path) -> None:
    template = without_style(tmp_path, TEMPLATE, "Flag")
    assert refused(cli, template) == (
        f"error: {template}: the template lacks the style 'Flag' (character style, for the notes "
        "of flags, which get a comment each); add it in Word (Styles pane, New Style) or "
        "start from the default template\n"
    )


def test_a_questionnaire_template_without_the_masthead_is_refused_by_name(
    tmp_path: Path,
) -> None:
    compilation = REPO / "templates" / "contributions_template.docx"
    template = without_style(tmp_path, compilation, "Masthead")
    output = tmp_path / "fao.docx"
    with pytest.raises(BuildError) as refusal:
        new_questionnaire("FAO", 2027, INPUTS, output, template)
    assert str(refusal.value) == (
        f"{template}: the template lacks the style 'Masthead' (paragraph style, for the "
        "questionnaire's first line); add it in Word (Styles pane, New Style) or start from "
        "the default template"
    )
    assert not output.exists()


def test_the_template_page_lists_every_variable_and_style() -> None:
    """Each data type has a section listing exactly its variables, and the styles table
    lists exactly the styles the code looks for."""
    page = (REPO / "docs" / "template.md").read_text(encoding="utf-8")
    sections = {
        title: set(re.findall(r"^\| `(\w+)` \|", body, re.M))
        for title, body in re.findall(r"^### (\w+)\n(.*?)(?=^### |\Z)", page, re.M | re.S)
    }
    pending = [contract.ReportData, contract.CompilationData]
    documented = set()
    while pending:
        data = pending.pop()
        if data.__name__ in documented:
            continue
        documented.add(data.__name__)
        hints = typing.get_type_hints(data)
        assert sections.get(data.__name__) == set(hints), data.__name__
        for hint in hints.values():
            for inner in (hint, *typing.get_args(hint)):
                if typing.is_typeddict(inner):
                    pending.append(inner)
    assert set(sections) - {"Styles", "Table caption"} == documented
    styles = {
        *contract.REPORT_STYLES,
        *contract.COMPILATION_STYLES,
        *contract.QUESTIONNAIRE_STYLES,
    }
    rows = set(re.findall(r"^\| ([\w ]+) \| `(\w+)` \|", page, re.M))
    assert rows == {(s.name, s.style_id) for s in styles}
    assert f"`{contract.MATRIX_CAPTION}`" in page


def test_a_questionnaire_template_is_checked_like_the_reports(tmp_path: Path) -> None:
    template = tmp_path / "macros.docx"
    compilation = REPO / "templates" / "contributions_template.docx"
    with zipfile.ZipFile(compilation) as source, zipfile.ZipFile(template, "w") as out:
        for info in source.infolist():
            out.writestr(info, source.read(info))
        out.writestr("word/vbaProject.bin", b"macros")
    output = tmp_path / "fao.docx"
    with pytest.raises(BuildError) as refusal:
        new_questionnaire("FAO", 2027, INPUTS, output, template)
    assert str(refusal.value) == (
        f"{template}: part word/vbaProject.bin holds macros (VBA); the template is refused"
    )
    assert not output.exists()
