"""Hostile outputs: names, special files, editors, failed renames and kills. Each is
refused with a message and exit 1, and nothing on disk changes."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from report_builder import BuildError, build
from report_builder.outputs.atomic import LOCK, TEMP_PREFIX
from report_builder.outputs.manifest import MANIFEST, sha256
from report_builder.outputs.write import write_outputs

from .conftest import INPUTS, TEMPLATE

DAY = dt.date(2027, 3, 15)
SIDECARS = ("coverage.json", "missing-submissions.csv")


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry of ``folder``: a regular file's bytes, or what else it is."""
    out: dict[str, bytes | str] = {}
    for entry in sorted(folder.iterdir()):
        mode = entry.lstat().st_mode
        out[entry.name] = entry.read_bytes() if stat.S_ISREG(mode) else stat.filemode(mode)
    return out


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """A folder holding one build's draft, sidecars and manifest."""
    folder = tmp_path / "out"
    build(2027, inputs=INPUTS, template=TEMPLATE, output=folder / "d.docx", date=DAY)
    return folder


def refused(cli, *args: str) -> str:
    result = cli("build", "2027", "--inputs", str(INPUTS), "--date", "2027-03-15", *args)
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    return result.stderr


# --- Names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("-", "error: --output '-': give the draft's file name, ending in .docx"),
        ("", "error: --output '': give the draft's file name, ending in .docx"),
        ("  ", "error: --output '  ': give the draft's file name, ending in .docx"),
        ("out/", "error: --output out/: a folder; give the draft's file name, such as out/"),
        ("out/d.docx/", "error: --output out/d.docx/: a folder"),
        ("templates", "error: --output templates: a folder"),
        ("out/coverage.json", "error: --output out/coverage.json: the draft must be a Word file"),
        ("out/missing-submissions.csv", "the draft must be a Word file ending in .docx"),
        ("out/.report-builder-manifest.json", "the draft must be a Word file ending in .docx"),
        ("out/.report-builder.lock", "the draft must be a Word file ending in .docx"),
        ("out/draft.doc", "the draft must be a Word file ending in .docx"),
        ("out/draft", "the draft must be a Word file ending in .docx"),
        ("out/.report-builder-tmp-d.docx", "names starting with '.report-builder-tmp-'"),
        ("out/.report-builder-tmp-0a-d.docx", "names starting with '.report-builder-tmp-'"),
        ("out/~$draft.docx", "or '~$' (Word's lock files) are not for drafts"),
    ],
)
def test_an_output_name_that_is_not_a_draft_is_refused(
    cli, tmp_path: Path, output: str, message: str
) -> None:
    assert message in refused(cli, "--output", output)
    assert not (tmp_path / "out").exists(), "a refused build creates no folder"
    assert not (tmp_path / "outputs").exists()


def test_an_upper_case_docx_name_is_a_draft(cli, tmp_path: Path) -> None:
    result = cli("2027", "--inputs", str(INPUTS), "--output", "out/DRAFT.DOCX")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "DRAFT.DOCX").is_file()


def test_a_newline_in_the_output_name_is_escaped(cli, tmp_path: Path) -> None:
    err = refused(cli, "--output", "out/a\nb.txt")
    assert "error: --output out/a\\nb.txt: the draft must be a Word file" in err
    assert len(err.strip().splitlines()) == 1


# --- Special files --------------------------------------------------------------------


def _device(path: Path, major: int, minor: int) -> None:
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(major, minor))
    except (PermissionError, AttributeError) as exc:
        pytest.skip(f"cannot create a device node here (mknod needs root): {exc}")


@pytest.mark.parametrize("force", [False, True])
@pytest.mark.parametrize(
    ("name", "device"), [("d.docx", (1, 5)), ("d.docx", (1, 7)), ("coverage.json", (1, 3))]
)
def test_a_device_under_an_output_name_is_refused_and_kept(
    cli, built: Path, name: str, device: tuple[int, int], force: bool
) -> None:
    (built / name).unlink()
    _device(built / name, *device)
    before = snapshot(built)
    err = refused(cli, "--output", str(built / "d.docx"), *(["--force"] if force else []))
    assert f"error: {built / name} is a device, not a file report-builder wrote" in err
    assert snapshot(built) == before


@pytest.mark.parametrize("name", ["d.docx", "coverage.json", "missing-submissions.csv"])
def test_a_fifo_under_an_output_name_is_refused_without_hanging(
    cli, built: Path, name: str
) -> None:
    (built / name).unlink()
    os.mkfifo(built / name)
    before = snapshot(built)
    err = refused(cli, "--output", str(built / "d.docx"), "--force")
    assert f"{built / name} is a FIFO (named pipe), not a file report-builder wrote" in err
    assert snapshot(built) == before


def test_a_socket_under_an_output_name_is_refused(cli, built: Path) -> None:
    (built / "coverage.json").unlink()
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(built / "coverage.json"))
        before = snapshot(built)
        err = refused(cli, "--output", str(built / "d.docx"), "--force")
    finally:
        server.close()
    assert f"{built / 'coverage.json'} is a socket" in err
    assert snapshot(built) == before


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("d.docx", "d.docx: a folder; give the draft's file name, such as"),
        ("coverage.json", "coverage.json is a folder, not a file report-builder wrote"),
    ],
)
def test_a_folder_under_an_output_name_is_refused(
    cli, built: Path, name: str, message: str
) -> None:
    (built / name).unlink()
    (built / name).mkdir()
    before = snapshot(built)
    err = refused(cli, "--output", str(built / "d.docx"), "--force")
    assert message in err
    assert snapshot(built) == before


def test_a_symbolic_link_under_an_output_name_is_refused(cli, built: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.docx"
    target.write_bytes((built / "d.docx").read_bytes())
    (built / "d.docx").unlink()
    (built / "d.docx").symlink_to(target)
    before = snapshot(built)
    err = refused(cli, "--output", str(built / "d.docx"), "--force")
    assert f"{built / 'd.docx'} is a symbolic link" in err
    assert snapshot(built) == before
    assert (built / "d.docx").is_symlink()


def test_a_huge_file_under_the_drafts_name_is_not_read(cli, built: Path) -> None:
    with open(built / "d.docx", "r+b") as big:
        big.truncate(300 * 1024 * 1024)  # sparse: nothing is allocated
    err = refused(cli, "--output", str(built / "d.docx"), "--force")
    assert "is 314,572,800 bytes, too large to be a file report-builder wrote" in err


# --- Editors --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("draft", "owner"),
    [
        ("WSIS-report-2027-draft.docx", "~$IS-report-2027-draft.docx"),
        ("draft-v2.docx", "~$aft-v2.docx"),
        ("abcdefg.docx", "~$bcdefg.docx"),
        ("abcdef.docx", "~$abcdef.docx"),
        ("d.docx", "~$d.docx"),
        ("d.docx", ".~lock.d.docx#"),
        ("WSIS-report-2027-draft.docx", ".~lock.WSIS-report-2027-draft.docx#"),
    ],
)
def test_a_draft_open_in_an_editor_is_not_replaced(
    cli, tmp_path: Path, draft: str, owner: str
) -> None:
    folder = tmp_path / "out"
    build(2027, inputs=INPUTS, template=TEMPLATE, output=folder / draft, date=DAY)
    (folder / owner).write_bytes(b"\x05someone")
    before = snapshot(folder)
    err = refused(cli, "--output", str(folder / draft), "--date", "2027-04-01", "--force")
    assert (
        f"error: {folder / draft} is open in Word or LibreOffice (its lock file "
        f"{folder / owner} is beside it), so it is left as it is." in err
    )
    assert snapshot(folder) == before


def test_an_open_sidecar_is_not_replaced_either(cli, built: Path) -> None:
    (built / ".~lock.missing-submissions.csv#").write_text("x")
    err = refused(cli, "--output", str(built / "d.docx"), "--date", "2027-04-01")
    assert f"{built / 'missing-submissions.csv'} is open in Word or LibreOffice" in err


# --- All or nothing -------------------------------------------------------------------


def _rebuild(folder: Path, day: dt.date = dt.date(2027, 4, 1)) -> None:
    build(2027, inputs=INPUTS, template=TEMPLATE, output=folder / "d.docx", date=day)


def test_a_folder_in_place_of_the_csv_changes_nothing(built: Path) -> None:
    (built / "missing-submissions.csv").unlink()
    (built / "missing-submissions.csv").mkdir()
    before = snapshot(built)
    with pytest.raises(BuildError, match="is a folder"):
        _rebuild(built)
    assert snapshot(built) == before


def test_an_immutable_csv_changes_nothing(built: Path) -> None:
    csv = built / "missing-submissions.csv"
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(csv)], check=False).returncode:
        pytest.skip("chattr +i is not available here (needs root and a supporting file system)")
    try:
        before = snapshot(built)
        with pytest.raises(BuildError, match=r"cannot be replaced \(it is read-only or locked\)"):
            _rebuild(built)
        assert snapshot(built) == before
    finally:
        subprocess.run([chattr, "-i", str(csv)], check=True)


def failing_replace(monkeypatch, fails: Callable[[str, int], bool], error: OSError) -> None:
    """Make os.replace raise ``error`` when ``fails(target, how many times so far)``."""
    real = os.replace
    calls: list[str] = []

    def replace(src: object, dst: object) -> None:
        calls.append(str(dst))
        if fails(str(dst), calls.count(str(dst))):
            raise error
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", replace)


def test_a_failed_rename_puts_every_file_back(built: Path, monkeypatch) -> None:
    before = snapshot(built)
    error = PermissionError(1, "Operation not permitted")
    failing_replace(monkeypatch, lambda target, _: target.endswith(".csv"), error)
    with pytest.raises(BuildError) as caught:
        _rebuild(built)
    assert str(caught.value) == (
        f"cannot replace {built / 'missing-submissions.csv'}: Operation not permitted; the "
        "previous files are unchanged"
    )
    monkeypatch.undo()
    after = snapshot(built)
    for name in ("d.docx", *SIDECARS):
        assert after[name] == before[name], name
    assert not [n for n in after if n.startswith(".report-builder-tmp-")]
    _rebuild(built)  # and the next build is not refused as if a person had edited


def test_a_failed_rollback_says_which_files_are_new(built: Path, monkeypatch) -> None:
    def fails(target: str, times: int) -> bool:
        return target.endswith(".csv") or (target.endswith("d.docx") and times > 1)

    failing_replace(monkeypatch, fails, OSError(5, "Input/output error"))
    with pytest.raises(BuildError) as caught:
        _rebuild(built)
    assert str(caught.value) == (
        f"cannot replace {built / 'missing-submissions.csv'}: Input/output error, and the "
        f"previous version could not be put back everywhere. New (this build): {built / 'd.docx'}. "
        f"Unchanged: {built / 'd-contributions.docx'}, {built / 'coverage.json'}, "
        f"{built / 'missing-submissions.csv'}"
    )


KILL_BEFORE_DRAFT = """
import datetime, os, signal, sys
real = os.replace
def die_at_the_draft(src, dst):
    if str(dst).endswith("d.docx"):
        os.kill(os.getpid(), signal.SIGKILL)
    real(src, dst)
os.replace = die_at_the_draft
from report_builder import build
build(2027, inputs=sys.argv[1], output=sys.argv[2], date=datetime.date.fromisoformat(sys.argv[3]))
"""


def test_builds_killed_between_renames_do_not_cause_a_false_refusal(built: Path) -> None:
    for day in ("2027-04-01", "2027-04-02"):
        proc = subprocess.run(
            [
                sys.executable,
                "-c",
                textwrap.dedent(KILL_BEFORE_DRAFT),
                str(INPUTS),
                str(built / "d.docx"),
                day,
            ],
            capture_output=True,
            check=False,
        )
        assert proc.returncode == -signal.SIGKILL, proc.stderr
    _rebuild(built, dt.date(2027, 4, 3))
    manifest = json.loads((built / MANIFEST).read_text())
    for name in ("d.docx", *SIDECARS):
        assert manifest[name] == [sha256((built / name).read_bytes())], name


def test_the_manifest_lists_only_what_is_on_disk(built: Path) -> None:
    manifest = json.loads((built / MANIFEST).read_text())
    written = sorted(name for name in manifest if name != "builds")
    assert written == ["coverage.json", "d-contributions.docx", "d.docx", "missing-submissions.csv"]
    assert sorted(p.name for p in built.iterdir() if not p.name.startswith(".")) == written


def test_a_deeply_nested_manifest_vouches_for_nothing(cli, built: Path) -> None:
    (built / MANIFEST).write_text("[" * 100_000 + "]" * 100_000)
    err = refused(cli, "--output", str(built / "d.docx"), "--date", "2027-04-01")
    assert f"{built / 'd.docx'} exists and was not written by report-builder" in err


def test_a_manifest_that_is_a_fifo_vouches_for_nothing(cli, built: Path) -> None:
    (built / MANIFEST).unlink()
    os.mkfifo(built / MANIFEST)
    err = refused(cli, "--output", str(built / "d.docx"), "--date", "2027-04-01")
    assert "exists and was not written by report-builder" in err


# --- Files outside what was asked -----------------------------------------------------


def test_a_symlinked_lock_file_is_not_followed(cli, built: Path, tmp_path: Path) -> None:
    (built / LOCK).unlink()
    target = tmp_path / "victim"
    (built / LOCK).symlink_to(target)
    err = refused(cli, "--output", str(built / "d.docx"), "--date", "2027-04-01")
    assert f"error: {built / LOCK} is a symbolic link; remove it, then build again" in err
    assert not target.exists()


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_lock_file_that_is_not_a_file_is_refused(cli, built: Path, kind: str) -> None:
    (built / LOCK).unlink()
    os.mkfifo(built / LOCK) if kind == "fifo" else (built / LOCK).mkdir()
    err = refused(cli, "--output", str(built / "d.docx"), "--date", "2027-04-01")
    assert str(built / LOCK) in err


def test_a_symlinked_temporary_name_is_never_written_through(built: Path, monkeypatch) -> None:
    import secrets

    target = built.parent / "victim"
    monkeypatch.setattr(secrets, "token_hex", lambda n: "ab" * n)
    monkeypatch.delattr(os, "O_TMPFILE", raising=False)
    planted = built / f"{TEMP_PREFIX}{'ab' * 8}-d.docx"
    planted.symlink_to(target)
    with pytest.raises(BuildError, match="File exists"):
        write_outputs({built / "d.docx": b"new"}, force=True)
    assert not target.exists()


def test_a_refused_build_leaves_no_folder_or_lock(tmp_path: Path, monkeypatch) -> None:
    def disk_full(fd: int, data: bytes) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", disk_full)
    monkeypatch.delattr(os, "O_TMPFILE", raising=False)
    with pytest.raises(BuildError, match="No space left on device"):
        build(2027, inputs=INPUTS, template=TEMPLATE, output=tmp_path / "a/b/d.docx", date=DAY)
    assert list(tmp_path.iterdir()) == []


def test_a_draft_named_like_a_temporary_is_never_deleted(built: Path) -> None:
    mine = built / ".report-builder-tmp-my-draft.docx"
    mine.write_bytes(b"a person's file")
    _rebuild(built)
    assert mine.read_bytes() == b"a person's file"


# --- Dates ----------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["2108-01-01", "9999-12-31", "1979-12-31"])
def test_a_date_a_docx_cannot_hold_is_refused(cli, tmp_path: Path, day: str) -> None:
    err = refused(cli, "--date", day)
    assert f"error: the date {day} is outside 1980-2107, the years a .docx file can record" in err
    assert not (tmp_path / "outputs").exists()


@pytest.mark.parametrize("epoch", ["99999999999", "9" * 40])
def test_a_source_date_epoch_a_docx_cannot_hold_is_refused(
    cli, tmp_path: Path, monkeypatch, epoch: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    err = refused(cli)
    assert f"error: SOURCE_DATE_EPOCH={epoch} is after 2107" in err
    assert not (tmp_path / "outputs").exists()


# --- Variations -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("afile/d.docx", "error: cannot write to afile: afile is a file, not a folder"),
        ("afile/x/d.docx", "error: cannot write to afile/x: afile is a file, not a folder"),
        ("dangling/d.docx", "dangling is a symbolic link to something that does not exist"),
    ],
)
def test_an_output_folder_that_cannot_be_a_folder(
    cli, tmp_path: Path, output: str, message: str
) -> None:
    (tmp_path / "afile").write_text("x")
    (tmp_path / "dangling").symlink_to("nowhere")
    assert message in refused(cli, "--output", output)
    assert (tmp_path / "afile").read_text() == "x"


def test_a_long_draft_name_still_leaves_room_for_temporaries(tmp_path: Path) -> None:
    out = tmp_path / ("x" * 236 + ".docx")  # the longest whose compilation name fits
    build(2027, inputs=INPUTS, template=TEMPLATE, output=out, date=DAY)
    build(2027, inputs=INPUTS, template=TEMPLATE, output=out, date=dt.date(2027, 4, 1))
    assert out.is_file()
    assert out.with_name("x" * 236 + "-contributions.docx").is_file()


def test_a_draft_name_too_long_for_its_compilation_is_refused_first(tmp_path: Path) -> None:
    out = tmp_path / ("x" * 240 + ".docx")
    with pytest.raises(BuildError, match="too long: the compilation beside it"):
        build(2027, inputs=INPUTS, template=TEMPLATE, output=out, date=DAY)
    assert list(tmp_path.iterdir()) == []


def test_a_symlinked_manifest_vouches_for_nothing(cli, built: Path, tmp_path: Path) -> None:
    planted = tmp_path / "planted.json"
    planted.write_bytes((built / MANIFEST).read_bytes())
    (built / MANIFEST).unlink()
    (built / MANIFEST).symlink_to(planted)
    err = refused(cli, "--output", str(built / "d.docx"), "--date", "2027-04-01")
    assert "exists and was not written by report-builder" in err


def test_a_refused_build_in_an_existing_folder_leaves_no_lock(cli, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "d.docx").write_bytes(b"a person's draft")
    err = refused(cli, "--output", str(folder / "d.docx"))
    assert "exists and was not written by report-builder" in err
    assert sorted(p.name for p in folder.iterdir()) == ["d.docx"]
