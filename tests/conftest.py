from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings

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
    """Convert ``document`` with LibreOffice; skips the test where it is not installed."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
        )
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{outdir}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(document),
        ],
        capture_output=True,
        timeout=300,
        check=False,
    )
    # soffice exits 0 even when it could not load the file: check what it wrote.
    pdf = outdir / (document.stem + ".pdf")
    assert pdf.exists(), "soffice exited without writing a PDF"
    return pdf
