"""Files that ship with report-builder, found wherever the command runs."""

from __future__ import annotations

from pathlib import Path

TEMPLATE_NAME = "report_template.docx"
CONTRIBUTIONS_TEMPLATE_NAME = "contributions_template.docx"
_PACKAGE = Path(__file__).resolve().parent


def default_template(name: str = TEMPLATE_NAME) -> Path:
    """The default Word template ``name``, independent of the working directory.

    A built wheel carries a copy inside the package (setup.py copies it from the
    repository); an editable installation runs from the repository itself, where the
    template lives in templates/ beside the package.
    """
    packaged = _PACKAGE / "templates" / name
    return packaged if packaged.is_file() else _PACKAGE.parent / "templates" / name


def default_contributions_template() -> Path:
    """The default template of the compilation, in whose styles questionnaires are written."""
    return default_template(CONTRIBUTIONS_TEMPLATE_NAME)
