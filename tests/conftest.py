from __future__ import annotations

import datetime as dt
import functools
import json
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings

from report_builder import build
from report_builder.cli import main

REPO = Path(__file__).resolve().parents[1]
INPUTS = REPO / "inputs"
TEMPLATE = REPO / "templates" / "report_template.docx"


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """A private copy of the shipped inputs (reference data and the 2027 samples)."""
    target = tmp_path / "inputs"
    shutil.copytree(INPUTS, target)
    return target


@pytest.fixture
def empty_cycle(inputs: Path) -> Path:
    """The shipped reference data with an empty 2027 folder."""
    shutil.rmtree(inputs / "2027")
    (inputs / "2027").mkdir()
    return inputs


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


VALID_SUBMISSION = """
entity: ITU
cycle: 2027
submitted: 2027-01-31
reports:
  - paragraph: 67
    status: in_progress
    summary: The task force met.
"""


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[..., Result]:
    """Run build-report in ``tmp_path``, laid out like the repository (templates/ and
    default outputs/ relative to it)."""
    if not (tmp_path / "templates").exists():
        shutil.copytree(REPO / "templates", tmp_path / "templates")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(main, list(args), catch_exceptions=False)

    return run


# Property tests run a fixed sequence of examples (derandomize), so a failure in CI
# reproduces anywhere; CI runs more of them.
settings.register_profile("dev", max_examples=40, derandomize=True, deadline=None)
settings.register_profile("ci", max_examples=300, derandomize=True, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


def to_pdf(document: Path, outdir: Path) -> Path:
    """Convert ``document`` to PDF with LibreOffice; skips the test where it is not
    installed."""
    return convert(document, outdir, "pdf")


def soffice() -> str:
    """LibreOffice's command; skips the test where it is not installed."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
        )
    return found


def convert(document: Path, outdir: Path, extension: str) -> Path:
    """Convert ``document`` with LibreOffice into ``outdir`` (a file of the same stem with
    ``extension``); skips the test where LibreOffice is not installed."""
    subprocess.run(
        [
            soffice(),
            "--headless",
            f"-env:UserInstallation=file://{outdir}/profile",
            "--convert-to",
            extension,
            "--outdir",
            str(outdir),
            str(document),
        ],
        capture_output=True,
        timeout=300,
        check=False,
    )
    # soffice exits 0 even when it could not load the file: check what it wrote.
    converted = outdir / f"{document.stem}.{extension}"
    assert converted.exists(), f"soffice exited without writing {converted.name}"
    return converted


@functools.cache
def _validator() -> Any:
    """The validator ``openxml-audit -m 0`` runs, made once per test process: loading its
    schemas takes half of each check, and the command would load them for every file."""
    from openxml_audit import FileFormat, OpenXmlValidator

    return OpenXmlValidator(file_format=FileFormat.OFFICE_2019, max_errors=0, strict=True)


def ooxml_errors(document: Path) -> list[str]:
    """What the independent ECMA-376 validator (openxml-audit) finds wrong in
    ``document``: schema errors and Word's repair triggers, as ``openxml-audit -m 0``
    reports them (tests/test_validity.py checks the command finds the same)."""
    return [
        f"{e.part_uri} {e.path}: {e.description}" for e in _validator().validate(document).errors
    ]


def ooxml_audit_command(document: Path) -> tuple[int, list[str]]:
    """The exit code of ``openxml-audit -m 0`` on ``document``, and the errors it reports."""
    result = subprocess.run(
        [sys.executable, "-m", "openxml_audit", "-m", "0", "-o", "json", str(document)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(result.stdout)[0]
    errors = [f"{e['part_uri']} {e['path']}: {e['description']}" for e in report["errors"]]
    return result.returncode, errors


# Texts that break naive document tools: markup, template syntax, docxtpl's own escapes,
# six scripts, emoji and combining characters.
SPECIAL = [
    "Tom & Jerry <b>bold</b> 'single' \"double\" {{ x }} {% if %} ]]> <![CDATA[ x ]]> &amp;",
    "{_{ docxtpl's own escapes }_} {_% and %_}",
    "Arabic: التقدم المحرز في تنفيذ نتائج القمة",
    "Chinese: 信息社会世界峰会成果落实进展",
    "Russian: Прогресс в осуществлении решений",
    "French: Progrès réalisés dans la mise en œuvre, « guillemets »",
    "Spanish: Progresos logrados en la aplicación, ¿sí? ¡Sí!",
    "Emoji and combining: 🌍👩🏽‍💻 e\u0301 a\u0308 ﷽",
]


@pytest.fixture(scope="module")
def special_draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Markup, template syntax, six scripts and emoji in every kind of field."""
    root = tmp_path_factory.mktemp("special")
    inputs = root / "inputs"
    shutil.copytree(INPUTS, inputs, ignore=shutil.ignore_patterns("2027"))
    # Each text in every kind of field: summary, challenges, activity, indicator.
    reports = "\n".join(
        f"  - paragraph: {p}\n    status: ongoing\n    summary: {quoted}\n"
        f"    challenges: {quoted}\n    activities: [{quoted}]\n"
        f"    indicators: [{{name: {quoted}, value: 1, unit: {quoted}}}]"
        for p, quoted in zip(
            (67, 110, 111, 112, 113, 53, 100, 23),
            (json.dumps(text, ensure_ascii=False) for text in SPECIAL),
            strict=True,
        )
    )
    write(
        inputs / "2027" / "itu.yaml",
        f"entity: ITU\ncycle: 2027\nsubmitted: 2027-01-31\nreports:\n{reports}\n",
    )
    out = root / "d.docx"
    build(2027, inputs=inputs, template=TEMPLATE, output=out, date=dt.date(2027, 3, 15))
    return out
