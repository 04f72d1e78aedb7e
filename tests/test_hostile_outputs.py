"""Hostile outputs: names, special files, editors, failed renames and kills. Each is
refused with a message and exit 1, and nothing on disk changes.

The write layer is tested with a few bytes per file; a few tests go through the command,
where what the user sees (the 'error:' line, the exit status) is the point."""

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
from report_builder.cli import option
from report_builder.outputs.atomic import LOCK, TEMP_PREFIX
from report_builder.outputs.manifest import MANIFEST, sha256
from report_builder.outputs.write import write_outputs

from .conftest import INPUTS, TEMPLATE

DAY = dt.date(2027, 3, 15)
FIRST = {"d.docx": b"first draft", "coverage.json": b"{}\n"}
SECOND = {"d.docx": b"second draft", "coverage.json": b'{"a": 1}\n'}
LEFT_AS_IT_IS = "so it is left as it is; write the draft elsewhere with --output FILE"
NOT_WRITTEN_BY_US = (
    "exists and was not written by report-builder, so it is left as it is. Write the new "
    "draft elsewhere with --output FILE, or replace it with --force"
)


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry of ``folder``: a regular file's bytes, or what else it is."""
    out: dict[str, bytes | str] = {}
    for entry in sorted(folder.iterdir()):
        mode = entry.lstat().st_mode
        out[entry.name] = entry.read_bytes() if stat.S_ISREG(mode) else stat.filemode(mode)
    return out


def write(folder: Path, files: dict[str, bytes], force: bool = False) -> list[Path]:
    return write_outputs({folder / name: data for name, data in files.items()}, force=force)


@pytest.fixture
def written(tmp_path: Path) -> Path:
    """A folder holding what one write left: a draft, a sidecar and the manifest."""
    folder = tmp_path / "out"
    write(folder, FIRST)
    return folder


def refused(folder: Path, files: dict[str, bytes] = SECOND, force: bool = False) -> str:
    """The message a write of ``files`` into ``folder`` is refused with, as the command
    prints it (with options where the library names its settings)."""
    with pytest.raises(BuildError) as caught:
        write(folder, files, force)
    return caught.value.text(option)


def refused_by_the_command(cli, *args: str) -> str:
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
    assert message in refused_by_the_command(cli, "--output", output)
    assert not (tmp_path / "out").exists(), "a refused build creates no folder"
    assert not (tmp_path / "outputs").exists()


def test_an_upper_case_docx_name_is_a_draft(cli, tmp_path: Path) -> None:
    result = cli("2027", "--inputs", str(INPUTS), "--output", "out/DRAFT.DOCX")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "DRAFT.DOCX").is_file()


def test_a_newline_in_the_output_name_is_escaped(cli, tmp_path: Path) -> None:
    err = refused_by_the_command(cli, "--output", "out/a\nb.txt")
    assert "error: --output out/a\\nb.txt: the draft must be a Word file" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("name", [MANIFEST, LOCK, ".REPORT-BUILDER.LOCK", f"{TEMP_PREFIX}x"])
def test_the_builds_own_records_are_no_output_name(tmp_path: Path, name: str) -> None:
    assert refused(tmp_path, {name: b"x"}) == (
        f"{tmp_path / name}: report-builder keeps its own records under this name; choose "
        "another name"
    )
    assert list(tmp_path.iterdir()) == []


def test_names_that_differ_only_in_case_are_refused(tmp_path: Path) -> None:
    assert refused(tmp_path, {"d.docx": b"a", "D.DOCX": b"b"}) == (
        f"{tmp_path / 'D.DOCX'} and {tmp_path / 'd.docx'} would be the same file; choose "
        "another name for the draft"
    )
    assert list(tmp_path.iterdir()) == []


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
    written: Path, name: str, device: tuple[int, int], force: bool
) -> None:
    (written / name).unlink()
    _device(written / name, *device)
    before = snapshot(written)
    assert refused(written, force=force) == (
        f"{written / name} is a device, not a file report-builder wrote, {LEFT_AS_IT_IS}"
    )
    assert snapshot(written) == before


@pytest.mark.parametrize("name", ["d.docx", "coverage.json"])
def test_a_fifo_under_an_output_name_is_refused_without_hanging(written: Path, name: str) -> None:
    (written / name).unlink()
    os.mkfifo(written / name)
    before = snapshot(written)
    assert refused(written, force=True) == (
        f"{written / name} is a FIFO (named pipe), not a file report-builder wrote, {LEFT_AS_IT_IS}"
    )
    assert snapshot(written) == before


def test_a_socket_under_an_output_name_is_refused(written: Path) -> None:
    (written / "coverage.json").unlink()
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(written / "coverage.json"))
        before = snapshot(written)
        message = refused(written, force=True)
    finally:
        server.close()
    assert message == (
        f"{written / 'coverage.json'} is a socket, not a file report-builder wrote, {LEFT_AS_IT_IS}"
    )
    assert snapshot(written) == before


@pytest.mark.parametrize("name", ["d.docx", "coverage.json"])
def test_a_folder_under_an_output_name_is_refused(written: Path, name: str) -> None:
    (written / name).unlink()
    (written / name).mkdir()
    before = snapshot(written)
    assert refused(written, force=True) == (
        f"{written / name} is a folder, not a file report-builder wrote, {LEFT_AS_IT_IS}"
    )
    assert snapshot(written) == before


def test_a_symbolic_link_under_an_output_name_is_refused(written: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.docx"
    target.write_bytes(FIRST["d.docx"])
    (written / "d.docx").unlink()
    (written / "d.docx").symlink_to(target)
    before = snapshot(written)
    assert refused(written, force=True) == (
        f"{written / 'd.docx'} is a symbolic link, not a file report-builder wrote, {LEFT_AS_IT_IS}"
    )
    assert snapshot(written) == before
    assert target.read_bytes() == FIRST["d.docx"]


def test_a_huge_file_under_the_drafts_name_is_not_read(written: Path) -> None:
    with open(written / "d.docx", "r+b") as big:
        big.truncate(300 * 1024 * 1024)  # sparse: nothing is allocated
    assert refused(written, force=True) == (
        f"{written / 'd.docx'} is 314,572,800 bytes, too large to be a file report-builder "
        "wrote, so it is left as it is; move it away or write the draft elsewhere with "
        "--output FILE"
    )


# --- Editors --------------------------------------------------------------------------


def open_in_an_editor(draft: Path, owner: Path) -> str:
    return (
        f"{draft} is open in Word or LibreOffice (its lock file {owner} is beside it), so it "
        "is left as it is. Close it and build again, or write the new draft elsewhere with "
        "--output FILE. If no editor has it open, delete the lock file"
    )


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
        ("coverage.json", ".~lock.coverage.json#"),
    ],
)
def test_a_file_open_in_an_editor_is_not_replaced(tmp_path: Path, draft: str, owner: str) -> None:
    write(tmp_path, {draft: b"first"})
    (tmp_path / owner).write_bytes(b"\x05someone")
    before = snapshot(tmp_path)
    assert refused(tmp_path, {draft: b"second"}, force=True) == open_in_an_editor(
        tmp_path / draft, tmp_path / owner
    )
    assert snapshot(tmp_path) == before


def test_the_command_refuses_a_draft_open_in_word(cli, tmp_path: Path) -> None:
    draft = tmp_path / "out" / "WSIS-report-2027-draft.docx"
    build(2027, inputs=INPUTS, template=TEMPLATE, output=draft, date=DAY)
    owner = draft.with_name("~$IS-report-2027-draft.docx")
    owner.write_bytes(b"\x05someone")
    before = snapshot(draft.parent)
    err = refused_by_the_command(cli, "--output", str(draft), "--date", "2027-04-01", "--force")
    assert f"error: {open_in_an_editor(draft, owner)}" in err.splitlines()
    assert snapshot(draft.parent) == before


# --- All or nothing -------------------------------------------------------------------


def test_an_immutable_file_changes_nothing(written: Path) -> None:
    sidecar = written / "coverage.json"
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(sidecar)], check=False).returncode:
        pytest.skip("chattr +i is not available here (needs root and a supporting file system)")
    try:
        before = snapshot(written)
        assert refused(written) == (
            f"{sidecar} cannot be replaced (it is read-only or locked); nothing was written"
        )
        assert snapshot(written) == before
    finally:
        subprocess.run([chattr, "-i", str(sidecar)], check=True)


THREE = {"d.docx": b"draft", "coverage.json": b"{}", "missing-submissions.csv": b"entity_id"}


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


def test_a_failed_rename_puts_every_file_back(tmp_path: Path, monkeypatch) -> None:
    write(tmp_path, THREE)
    before = snapshot(tmp_path)
    error = PermissionError(1, "Operation not permitted")
    failing_replace(monkeypatch, lambda target, _: target.endswith(".csv"), error)
    new = {name: data + b" again" for name, data in THREE.items()}
    assert refused(tmp_path, new) == (
        f"cannot replace {tmp_path / 'missing-submissions.csv'}: Operation not permitted; the "
        "previous files are unchanged"
    )
    monkeypatch.undo()
    after = snapshot(tmp_path)
    for name in THREE:
        assert after[name] == before[name], name
    assert not [n for n in after if n.startswith(TEMP_PREFIX)]
    write(tmp_path, new)  # and the next write is not refused as if a person had edited


def test_a_failed_rollback_says_which_files_are_new(tmp_path: Path, monkeypatch) -> None:
    write(tmp_path, THREE)

    def fails(target: str, times: int) -> bool:
        return target.endswith(".csv") or (target.endswith("d.docx") and times > 1)

    failing_replace(monkeypatch, fails, OSError(5, "Input/output error"))
    new = {name: data + b" again" for name, data in THREE.items()}
    assert refused(tmp_path, new) == (
        f"cannot replace {tmp_path / 'missing-submissions.csv'}: Input/output error, and the "
        f"previous version could not be put back everywhere. New (this build): "
        f"{tmp_path / 'd.docx'}. Unchanged: {tmp_path / 'coverage.json'}, "
        f"{tmp_path / 'missing-submissions.csv'}"
    )
    on_disk = {name: (tmp_path / name).read_bytes() for name in THREE}
    assert on_disk == {**THREE, "d.docx": new["d.docx"]}, "the message tells the truth"


# The sidecar is renamed first, then the process is killed at the draft's rename.
KILLED_BETWEEN_RENAMES = """
import os, signal, sys
from pathlib import Path
from report_builder.outputs.write import write_outputs
real = os.replace
def die_at_the_draft(src, dst):
    if str(dst).endswith("d.docx"):
        os.kill(os.getpid(), signal.SIGKILL)
    real(src, dst)
os.replace = die_at_the_draft
folder, version = Path(sys.argv[1]), sys.argv[2].encode()
write_outputs({folder / "coverage.json": b"sidecar " + version, folder / "d.docx": b"draft " + version})
"""


def test_writes_killed_between_renames_do_not_cause_a_false_refusal(written: Path) -> None:
    for version in ("2", "3"):
        proc = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(KILLED_BETWEEN_RENAMES), str(written), version],
            capture_output=True,
            check=False,
        )
        assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert (written / "coverage.json").read_bytes() == b"sidecar 3"
    assert (written / "d.docx").read_bytes() == FIRST["d.docx"]
    write(written, SECOND)
    assert (written / "d.docx").read_bytes() == SECOND["d.docx"]
    manifest = json.loads((written / MANIFEST).read_text())
    assert manifest == {name: [sha256(data)] for name, data in SECOND.items()}


def test_the_manifest_lists_what_is_on_disk_and_nothing_else(written: Path) -> None:
    manifest = json.loads((written / MANIFEST).read_text())
    assert manifest == {name: [sha256((written / name).read_bytes())] for name in FIRST}
    assert sorted(p.name for p in written.iterdir()) == sorted([*FIRST, LOCK, MANIFEST])


@pytest.mark.parametrize(
    "spoil",
    [
        lambda manifest: manifest.write_text("[" * 100_000 + "]" * 100_000),
        lambda manifest: manifest.write_text("{not json"),
        lambda manifest: manifest.write_text('["d.docx"]'),
        lambda manifest: (manifest.unlink(), os.mkfifo(manifest)),
        lambda manifest: (manifest.unlink(), manifest.symlink_to(manifest.with_name("copy"))),
    ],
    ids=["deeply-nested", "not-json", "not-a-mapping", "fifo", "symbolic-link"],
)
def test_a_manifest_that_cannot_be_read_vouches_for_nothing(
    written: Path, spoil: Callable[[Path], object]
) -> None:
    manifest = written / MANIFEST
    shutil.copy(manifest, written / "copy")
    spoil(manifest)
    assert refused(written) == (
        f"{written / 'd.docx'} cannot be told from an edited file, as the manifest cannot be "
        "read, so it is left as it is. Write the new draft elsewhere with --output FILE, or "
        "replace it with --force"
    )
    assert (written / "d.docx").read_bytes() == FIRST["d.docx"]


def test_an_edited_file_is_kept_unless_forced(written: Path) -> None:
    (written / "d.docx").write_bytes(b"a reviewer's edit")
    assert refused(written) == (
        f"{written / 'd.docx'} was changed since report-builder wrote it (edited in Word?), so "
        "it is left as it is. Write the new draft elsewhere with --output FILE, or replace it "
        "with --force"
    )
    assert (written / "d.docx").read_bytes() == b"a reviewer's edit"
    write(written, SECOND, force=True)
    assert (written / "d.docx").read_bytes() == SECOND["d.docx"]


# --- Files outside what was asked -----------------------------------------------------


def test_a_symlinked_lock_file_is_not_followed(written: Path, tmp_path: Path) -> None:
    (written / LOCK).unlink()
    target = tmp_path / "victim"
    (written / LOCK).symlink_to(target)
    assert refused(written) == f"{written / LOCK} is a symbolic link; remove it, then build again"
    assert not target.exists()


@pytest.mark.parametrize(
    ("kind", "shown"), [("fifo", "a FIFO (named pipe)"), ("folder", "a folder")]
)
def test_a_lock_file_that_is_not_a_file_is_refused(written: Path, kind: str, shown: str) -> None:
    (written / LOCK).unlink()
    os.mkfifo(written / LOCK) if kind == "fifo" else (written / LOCK).mkdir()
    assert refused(written) == f"{written / LOCK} is {shown}; remove it, then build again"


def test_a_symlinked_temporary_name_is_never_written_through(
    written: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import secrets

    target = written.parent / "victim"
    monkeypatch.setattr(secrets, "token_hex", lambda n: "ab" * n)
    monkeypatch.delattr(os, "O_TMPFILE", raising=False)
    (written / f"{TEMP_PREFIX}{'ab' * 8}-d.docx").symlink_to(target)
    assert refused(written, force=True) == (
        f"cannot write to {written}: File exists; the previous files are unchanged"
    )
    assert not target.exists()


def test_a_failed_write_leaves_no_folder_or_lock(tmp_path: Path, monkeypatch) -> None:
    def disk_full(fd: int, data: bytes) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", disk_full)
    with pytest.raises(BuildError) as caught:
        write_outputs({tmp_path / "a" / "b" / "d.docx": b"draft"})
    assert str(caught.value) == (
        f"cannot write to {tmp_path / 'a' / 'b'}: No space left on device; the previous files "
        "are unchanged"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_refused_write_in_an_existing_folder_leaves_no_lock(tmp_path: Path) -> None:
    (tmp_path / "d.docx").write_bytes(b"a person's draft")
    assert refused(tmp_path, {"d.docx": b"draft"}) == f"{tmp_path / 'd.docx'} {NOT_WRITTEN_BY_US}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.docx"]


def test_a_file_named_like_a_temporary_is_never_deleted(written: Path) -> None:
    mine = written / f"{TEMP_PREFIX}my-draft.docx"
    mine.write_bytes(b"a person's file")
    write(written, SECOND)
    assert mine.read_bytes() == b"a person's file"


# --- Dates ----------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["2108-01-01", "9999-12-31", "1979-12-31"])
def test_a_date_a_docx_cannot_hold_is_refused(cli, tmp_path: Path, day: str) -> None:
    err = refused_by_the_command(cli, "--date", day)
    assert f"error: the date {day} is outside 1980-2107, the years a .docx file can record" in err
    assert not (tmp_path / "outputs").exists()


@pytest.mark.parametrize("epoch", ["99999999999", "9" * 40])
def test_a_source_date_epoch_a_docx_cannot_hold_is_refused(
    cli, tmp_path: Path, monkeypatch, epoch: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    err = refused_by_the_command(cli)
    assert f"error: SOURCE_DATE_EPOCH={epoch} is after 2107" in err
    assert not (tmp_path / "outputs").exists()


# --- Variations -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("folder", "blocked"),
    [
        ("afile", "afile is a file, not a folder"),
        ("afile/x", "afile is a file, not a folder"),
        ("dangling", "dangling is a symbolic link to something that does not exist"),
    ],
)
def test_an_output_folder_that_cannot_be_a_folder(
    tmp_path: Path, folder: str, blocked: str
) -> None:
    (tmp_path / "afile").write_text("x")
    (tmp_path / "dangling").symlink_to("nowhere")
    assert refused(tmp_path / folder, {"d.docx": b"draft"}) == (
        f"cannot write to {tmp_path / folder}: {tmp_path}/{blocked}; nothing was written"
    )
    assert (tmp_path / "afile").read_text() == "x"


def test_the_longest_name_still_leaves_room_for_temporaries(tmp_path: Path) -> None:
    name = "x" * 250 + ".docx"  # 255 bytes, the most a file system holds
    write(tmp_path, {name: b"first"})
    write(tmp_path, {name: b"second"})
    assert (tmp_path / name).read_bytes() == b"second"


def test_a_draft_name_too_long_for_its_compilation_is_refused_first(tmp_path: Path) -> None:
    out = tmp_path / ("x" * 240 + ".docx")
    with pytest.raises(BuildError, match="too long: the compilation beside it"):
        build(2027, inputs=INPUTS, template=TEMPLATE, output=out, date=DAY)
    assert list(tmp_path.iterdir()) == []
