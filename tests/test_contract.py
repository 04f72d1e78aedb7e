"""The template contract: the styles the code looks for, and the page that lists them
with every variable a template receives."""

from __future__ import annotations

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
    page = (REPO / "docs" / "template.md").read_text(encoding="utf-8")
    for data in (contract.ReportData, contract.CompilationData):
        for name in typing.get_type_hints(data):
            assert f"| `{name}` |" in page, name
    for style in (
        *contract.REPORT_STYLES,
        *contract.COMPILATION_STYLES,
        *contract.QUESTIONNAIRE_STYLES,
    ):
        assert f"| {style.name} | `{style.style_id}` |" in page, style.name


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
