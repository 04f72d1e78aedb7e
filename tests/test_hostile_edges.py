"""Hostile edges: folders that loop, names that are not UTF-8 or too long, numbers Python
will not read, times a .docx cannot hold, Ctrl+C between two renames, and a computer out
of memory. Each gets a message and exit 1, never "internal error", and leaves the files
as they were."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from report_builder import InputError, build, load_cycle
from report_builder.diagnostics import Interrupted
from report_builder.outputs.atomic import TEMP_PREFIX, stage

from .conftest import INPUTS, TEMPLATE, VALID_SUBMISSION, write
from .test_hostile import read_only
from .test_hostile_outputs import THREE, refused_by_the_command, snapshot
from .test_hostile_outputs import write as write_files

DAY = dt.date(2027, 3, 15)


def no_internal_error(result) -> None:
    assert "internal error" not in result.output and "Traceback" not in result.output


# --- Folders that loop ----------------------------------------------------------------

LEADS_NOWHERE = (
    "warning: a symbolic link that leads nowhere (a loop, or a missing folder), so this "
    "cycle is not compared; replace it with the folder itself, or remove it"
)


@pytest.mark.parametrize(
    "command",
    [
        ("build", "2027", "--date", "2027-03-15"),
        ("status", "2027"),
        ("new-submission", "FAO", "2027"),
    ],
    ids=["build", "status", "new-submission"],
)
def test_an_earlier_cycle_that_is_a_symlink_loop_is_not_compared(
    cli, inputs: Path, command: tuple[str, ...]
) -> None:
    (inputs / "2025").symlink_to("2025")
    result = cli(*command, "--inputs", str(inputs))
    no_internal_error(result)
    assert result.exit_code == 0, result.output
    if command[0] != "new-submission":
        assert f"{inputs / '2025'}: {LEADS_NOWHERE}" in result.stderr


@pytest.mark.parametrize("fmt", ["yaml", "docx"])
def test_new_submission_into_a_folder_that_loops_is_refused(cli, inputs: Path, fmt: str) -> None:
    folder = inputs / "2028" if fmt == "yaml" else Path("outputs/2028/questionnaires")
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.symlink_to(folder.name)
    result = cli("new-submission", "FAO", "2028", "--inputs", str(inputs), "--format", fmt)
    no_internal_error(result)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{folder}: {folder} is a symbolic link to something that does not exist\n"
        "1 error; nothing was written.\n"
    )


def test_new_submission_into_a_read_only_folder_is_refused(
    cli, inputs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read_only(monkeypatch, inputs / "2027")
    result = cli("new-submission", "FAO", "2027", "--inputs", str(inputs))
    no_internal_error(result)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{inputs / '2027' / 'fao.yaml'}: cannot create the file: Permission denied\n"
        "1 error; nothing was written.\n"
    )
    assert not (inputs / "2027" / "fao.yaml").exists()


# --- Names ----------------------------------------------------------------------------

NOT_UTF8 = (
    "the file's name is not valid UTF-8 (as happens when an archive made on Windows is "
    "unzipped); rename it, using the letters a-z, digits and hyphens, such as itu.yaml"
)


def with_a_windows_name(inputs: Path) -> Path:
    """UNDP's submission under a name in Windows-1252 ('café.yaml'), as unzipped."""
    folder = os.fsencode(inputs / "2027")
    try:
        os.rename(inputs / "2027" / "undp.yaml", folder + b"/caf\xe9.yaml")
    except OSError:
        pytest.skip("this file system takes only UTF-8 names (macOS, Windows)")
    Path(os.fsdecode(folder + b"/r\xe9sum\xe9.txt")).write_text("notes")
    return inputs


@pytest.mark.parametrize("locale", ["C.UTF-8", "C"])
@pytest.mark.parametrize(
    "command",
    [("validate",), ("validate", "--format", "json"), ("status",), ("build",)],
    ids=["validate", "json", "status", "build"],
)
def test_a_file_name_that_is_not_utf8_is_named_and_refused(
    inputs: Path, tmp_path: Path, locale: str, command: tuple[str, ...]
) -> None:
    with_a_windows_name(inputs)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "report_builder",
            command[0],
            "2027",
            "--inputs",
            str(inputs),
            *command[1:],
        ],
        capture_output=True,
        cwd=tmp_path,
        env={**os.environ, "LC_ALL": locale},
        check=False,
    )
    output = (result.stdout + result.stderr).decode("utf-8")  # valid UTF-8 throughout
    assert result.returncode == 1, output
    assert "internal error" not in output
    shown = str(inputs / "2027" / "caf\\xe9.yaml")
    if "json" in command:
        assert f'"file": "{shown}"'.replace("\\", "\\\\") in output
        assert f'"message": "{NOT_UTF8}"' in output
    else:
        assert f"{shown}: {NOT_UTF8}\n" in output
        assert f"{inputs / '2027' / 'r'}\\xe9sum\\xe9.txt: warning: skipped" in output
    assert not (tmp_path / "outputs").exists()


def test_an_output_folder_name_over_the_system_limit_is_refused(cli, tmp_path: Path) -> None:
    for output in (f"out/{'a' * 300}/d.docx", f"{'a' * 300}/x/d.docx"):
        err = refused_by_the_command(cli, "--output", output)
        folder = str(Path(output).parent)
        assert err == (
            f"error: cannot write to {folder}: a name in it is longer than this system allows; "
            "choose a shorter one; nothing was written\n"
        )
    assert not (tmp_path / "out").exists()


def test_the_schema_into_a_folder_name_over_the_limit_is_refused(cli) -> None:
    result = cli("schema", "--output", f"out/{'a' * 300}/s.json")
    no_internal_error(result)
    assert result.exit_code == 1
    assert "a name in it is longer than this system allows; choose a shorter one" in result.stderr


@pytest.mark.parametrize("letter", ["é", "文"])
def test_a_temporary_name_is_cut_in_bytes(tmp_path: Path, letter: str) -> None:
    """A name of 245 or 254 bytes in two- or three-byte letters leaves room for the
    temporary written beside it, whose name must fit in 255 bytes too."""
    name = letter * (240 // len(letter.encode())) + ".docx"
    temp = stage(tmp_path / name, b"draft")
    assert temp.name.startswith(TEMP_PREFIX)
    assert len(os.fsencode(temp.name)) <= 255
    assert temp.name.endswith(".docx") and letter in temp.name
    temp.unlink()
    write_files(tmp_path, {name: b"first"})
    write_files(tmp_path, {name: b"second"})
    assert (tmp_path / name).read_bytes() == b"second"


# --- Numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["9" * 5000, "0x" + "f" * 5000, "-" + "1" * 4301, "1" * 101], ids=len
)
def test_a_number_of_thousands_of_digits_is_an_error(empty_cycle: Path, value: str) -> None:
    text = VALID_SUBMISSION + f"    indicators: [{{name: Big, value: {value}}}]\n"
    write(empty_cycle / "2027" / "itu.yaml", text)
    with pytest.raises(InputError) as caught:
        load_cycle(empty_cycle, 2027)
    assert str(caught.value) == (
        f"{empty_cycle / '2027' / 'itu.yaml'}:8:37: a number of {len(value):,} characters, "
        "over the limit of 100; write the number as it should appear in the report (or put "
        "text in quotes)"
    )


# --- Times a .docx cannot hold --------------------------------------------------------


@pytest.mark.parametrize(
    ("epoch", "message"),
    [
        ("0", "SOURCE_DATE_EPOCH=0 is before 1980, the first year a .docx file can record"),
        ("315532799", "SOURCE_DATE_EPOCH=315532799 is before 1980"),
        ("-1", "SOURCE_DATE_EPOCH=-1 is before 1980"),
        ("4354819200", "SOURCE_DATE_EPOCH=4354819200 is after 2107"),
        ("9" * 5000, " is after 2107, the last year a .docx file can record"),
        ("²", "SOURCE_DATE_EPOCH=² is not a Unix time in seconds; give whole seconds in the "),
        # Arabic-Indic digits, which isdigit() accepts and int() reads.
        ("\u0661\u0667" + "\u0660" * 8, " is not a Unix time in seconds"),
        ("1.7e9", "SOURCE_DATE_EPOCH=1.7e9 is not a Unix time in seconds"),
        ("now", "SOURCE_DATE_EPOCH=now is not a Unix time in seconds"),
    ],
)
def test_a_source_date_epoch_a_docx_cannot_hold_is_refused_not_clamped(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, epoch: str, message: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    err = refused_by_the_command(cli)
    assert err.startswith(f"error: SOURCE_DATE_EPOCH={epoch} ") and message in err
    assert not (tmp_path / "outputs").exists()


def test_the_last_second_a_docx_can_hold_is_accepted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "4354819199")  # 2107-12-31 23:59:59 UTC
    out = tmp_path / "d.docx"
    build(2027, inputs=INPUTS, template=TEMPLATE, output=out, date=DAY)
    with zipfile.ZipFile(out) as package:
        # A zip file counts seconds in twos.
        assert {i.date_time for i in package.infolist()} == {(2107, 12, 31, 23, 59, 58)}
        assert "2107-12-31T23:59:59Z" in package.read("docProps/core.xml").decode()


# --- Ctrl+C ---------------------------------------------------------------------------

INTERRUPTED = (
    "the build was interrupted (Ctrl+C) while replacing its files; the previous files are unchanged"
)


def interrupt_replace(monkeypatch: pytest.MonkeyPatch, at: int, after: bool = False) -> None:
    """Make the ``at``-th call of os.replace raise KeyboardInterrupt, before it renames or
    (``after``) once it has."""
    real = os.replace
    calls = 0

    def replace(src: object, dst: object) -> None:
        nonlocal calls
        calls += 1
        if calls == at and not after:
            raise KeyboardInterrupt
        real(src, dst)  # type: ignore[arg-type]
        if calls == at:
            raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", replace)


@pytest.mark.parametrize("after", [False, True], ids=["before-the-rename", "after-the-rename"])
def test_ctrl_c_between_two_renames_puts_every_file_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, after: bool
) -> None:
    write_files(tmp_path, THREE)
    before = snapshot(tmp_path)
    # The manifest is the first rename, the draft the second.
    interrupt_replace(monkeypatch, 3, after)
    new = {name: data + b" again" for name, data in THREE.items()}
    with pytest.raises(Interrupted) as caught:
        write_files(tmp_path, new)
    assert str(caught.value) == INTERRUPTED
    monkeypatch.undo()
    after_all = snapshot(tmp_path)
    assert {n: after_all[n] for n in THREE} == {n: before[n] for n in THREE}
    assert not [n for n in after_all if n.startswith(TEMP_PREFIX)]
    write_files(tmp_path, new)  # and the next write is not refused as if a person had edited


def test_ctrl_c_during_a_build_leaves_the_previous_set_and_says_so(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = cli("build", "2027", "--inputs", str(INPUTS), "--date", "2027-03-15")
    assert first.exit_code == 0, first.output
    folder = tmp_path / "outputs" / "2027"
    before = snapshot(folder)
    interrupt_replace(monkeypatch, 3)
    result = cli("build", "2027", "--inputs", str(INPUTS), "--date", "2027-03-16")
    monkeypatch.undo()
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"error: {INTERRUPTED}"
    assert result.stderr.splitlines()[-1] == "Aborted!"
    after = snapshot(folder)
    outputs = [n for n in before if not n.startswith(".")]
    assert len(outputs) == 4
    assert {n: after[n] for n in outputs} == {n: before[n] for n in outputs}


# --- Memory ---------------------------------------------------------------------------


def test_running_out_of_memory_is_a_message(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import report_builder.pipeline

    def exhausted(*args: object, **kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr(report_builder.pipeline, "build", exhausted)
    result = cli("build", "2027", "--inputs", str(INPUTS))
    no_internal_error(result)
    assert result.exit_code == 1
    assert result.stderr == (
        "error: the computer ran out of memory; nothing was written. Close other programs "
        "and run the command again; if this happens again, look for a file far larger than "
        "the others\n"
    )
