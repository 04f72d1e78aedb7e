"""Runs without fcntl and O_TMPFILE (as on Windows and macOS), and from any folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from report_builder.outputs.write import write_outputs

from .conftest import INPUTS, REPO, TEMPLATE
from .test_hostile import killed_while_writing

# Run before report_builder is imported: fcntl cannot be imported, os has no O_TMPFILE,
# and a stand-in msvcrt (built on the real fcntl, saved first) takes the Windows path.
WITHOUT_FCNTL = """
import os, sys
import fcntl as _real
class _Msvcrt:
    LK_UNLCK, LK_NBLCK = 0, 2
    @staticmethod
    def locking(fd, mode, nbytes):
        if mode == _Msvcrt.LK_UNLCK:
            _real.lockf(fd, _real.LOCK_UN, nbytes, 0)
            return
        try:
            _real.lockf(fd, _real.LOCK_EX | _real.LOCK_NB, nbytes, 0)
        except OSError:
            raise PermissionError(13, "Permission denied") from None
sys.modules["msvcrt"] = _Msvcrt
sys.modules["fcntl"] = None
if hasattr(os, "O_TMPFILE"):
    del os.O_TMPFILE
"""

RUN_CLI = (
    WITHOUT_FCNTL
    + """
from report_builder.cli import main
main(sys.argv[1:], prog_name="build-report")
"""
)


def run_without_fcntl(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(RUN_CLI), *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
    )


def test_the_package_imports_without_fcntl_or_msvcrt() -> None:
    code = (
        "import sys; sys.modules['fcntl'] = None; sys.modules['msvcrt'] = None\n"
        "import report_builder, report_builder.cli, report_builder.outputs.write, "
        "report_builder.outputs.atomic, report_builder.pipeline"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_build_and_validate_without_fcntl_or_o_tmpfile(tmp_path: Path) -> None:
    out = tmp_path / "d.docx"
    result = run_without_fcntl("validate", "2027", "--inputs", str(INPUTS))
    assert result.returncode == 0, result.stderr
    result = run_without_fcntl("2027", "--inputs", str(INPUTS), "--output", str(out))
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(out) as package:
        assert package.testzip() is None
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".report-builder",
        ".report-builder-manifest.json",
        ".report-builder.lock",
        "coverage.json",
        "d-contributions.docx",
        "d.docx",
        "missing-submissions.csv",
    ]


def test_a_write_killed_without_o_tmpfile_is_swept(tmp_path: Path) -> None:
    draft = tmp_path / "d.docx"
    write_outputs({draft: b"the previous draft"})
    killed_while_writing(draft, before=WITHOUT_FCNTL)
    assert draft.read_bytes() == b"the previous draft"
    partial = [p for p in tmp_path.iterdir() if p.name.startswith(".report-builder-tmp-")]
    assert partial, "without O_TMPFILE the partial file is named; the next write sweeps it"
    write_outputs({draft: b"the next draft"})
    assert draft.read_bytes() == b"the next draft"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".report-builder-tmp-")]


def test_the_lock_without_fcntl_refuses_a_second_writer(tmp_path: Path) -> None:
    # A second process holds the lock while this one tries to write.
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            WITHOUT_FCNTL
            + "from pathlib import Path\nfrom report_builder.outputs.atomic import locked\n"
            "with locked(Path(sys.argv[1])):\n    print('held', flush=True)\n"
            "    sys.stdin.readline()\n",
            str(tmp_path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdin is not None
    assert holder.stdout.readline().strip() == "held"
    try:
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                WITHOUT_FCNTL
                + "from pathlib import Path\nfrom report_builder.outputs.write import write_outputs\n"
                "from report_builder import BuildError\n"
                "try:\n    write_outputs({Path(sys.argv[1]) / 'a.txt': b'x'})\n"
                "except BuildError as exc:\n    print(exc)\n",
                str(tmp_path),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)
    assert result.stdout == (
        f"another build is writing to {tmp_path}; try again when it has finished\n"
    ), result.stderr
    assert not (tmp_path / "a.txt").exists()


def test_default_template_is_found_from_any_folder(tmp_path: Path) -> None:
    """From a folder with no templates/, the default template still resolves."""
    exe = Path(sys.executable).with_name("build-report")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "report_builder"]
    result = subprocess.run(
        [*command, "2027", "--inputs", str(INPUTS.resolve())],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "outputs" / "2027" / "WSIS-report-2027-draft.docx").is_file()
    assert not (tmp_path / "templates").exists()


def test_the_wheel_carries_the_template(tmp_path: Path) -> None:
    """A regular installation has no repository: the wheel holds the template itself."""
    # Built from a copy, since building writes build/ beside the sources.
    source = tmp_path / "source"
    for name in ("pyproject.toml", "setup.py", "README.md"):
        source.mkdir(exist_ok=True)
        shutil.copy(REPO / name, source / name)
    for folder in ("report_builder", "templates"):
        shutil.copytree(
            REPO / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(source)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {result.stderr.strip()[-300:]}")
    (wheel,) = tmp_path.glob("*.whl")
    with zipfile.ZipFile(wheel) as package:
        packaged = package.read("report_builder/templates/report_template.docx")
    assert packaged == TEMPLATE.read_bytes()


def test_the_shipped_templates_are_current(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(REPO / "tools" / "make_template.py"), str(tmp_path)],
        capture_output=True,
        check=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": ""},
    )
    for name in ("report_template.docx", "contributions_template.docx"):
        assert (tmp_path / name).read_bytes() == (REPO / "templates" / name).read_bytes(), (
            f"templates/{name} is stale: run python tools/make_template.py"
        )
