"""Hostile reference files and folders: each gets a clear message and exit 1 or 2, never
an internal error or a hang."""

from __future__ import annotations

import os
import stat
import unicodedata
from pathlib import Path

import pytest

from report_builder import load_cycle
from report_builder.inputs.reference import load_reference, lookup_key

from .conftest import VALID_SUBMISSION, write


def failing(cli, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code in (1, 2), result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    return result.stderr


@pytest.mark.parametrize("name", ["action_table.yaml", "entities.yaml"])
def test_a_fifo_as_reference_file_is_refused_without_hanging(cli, inputs: Path, name: str) -> None:
    (inputs / name).unlink()
    os.mkfifo(inputs / name)
    err = failing(cli, "validate", "2027", "--inputs", str(inputs))
    assert f"{inputs / name}: a FIFO (named pipe), not a regular file; it cannot be read" in err


@pytest.mark.parametrize("name", ["action_table.yaml", "entities.yaml"])
def test_a_device_as_reference_file_is_refused_unread(cli, inputs: Path, name: str) -> None:
    (inputs / name).unlink()
    try:
        os.mknod(inputs / name, stat.S_IFCHR | 0o666, os.makedev(1, 5))  # /dev/zero
    except PermissionError as exc:
        pytest.skip(f"cannot create a device node here (mknod needs root): {exc}")
    err = failing(cli, "2027", "--inputs", str(inputs))
    assert f"{inputs / name}: a device, not a regular file; it cannot be read" in err


def test_a_fifo_submission_behind_a_link_is_skipped_without_hanging(cli, empty_cycle: Path) -> None:
    os.mkfifo(empty_cycle / "2027" / "pipe")
    (empty_cycle / "2027" / "itu.yaml").symlink_to("pipe")
    result = cli("validate", "2027", "--inputs", str(empty_cycle))
    assert f"{empty_cycle}/2027/itu.yaml: warning: skipped: not a regular file" in result.stderr


@pytest.mark.parametrize(
    "link", [("loop.yaml", "loop.yaml"), ("a.yaml", "b.yaml"), ("gone.yaml", "missing.yaml")]
)
def test_a_symbolic_link_that_leads_nowhere_is_an_error(
    cli, empty_cycle: Path, link: tuple[str, str]
) -> None:
    name, target = link
    (empty_cycle / "2027" / name).symlink_to(target)
    if name == "a.yaml":
        (empty_cycle / "2027" / "b.yaml").symlink_to("a.yaml")
    err = failing(cli, "validate", "2027", "--inputs", str(empty_cycle))
    assert (
        f"{empty_cycle}/2027/{name}: a symbolic link that leads nowhere (a loop, or a missing "
        "file); replace it with the file itself" in err
    )


def test_a_cycle_folder_that_is_a_file(cli, empty_cycle: Path) -> None:
    (empty_cycle / "2027").rmdir()
    (empty_cycle / "2027").write_text("x")
    for command in ("validate", "build", "status"):
        err = failing(cli, command, "2027", "--inputs", str(empty_cycle))
        assert f"{empty_cycle}/2027: {empty_cycle}/2027 is a file, not a folder" in err


def test_a_cycle_folder_that_cannot_be_read(cli, empty_cycle: Path, monkeypatch) -> None:
    real = os.scandir

    def refuse(path: object) -> object:
        if str(path).endswith("2027"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)  # type: ignore[arg-type]

    # Root reads any folder, so the refusal is simulated.
    monkeypatch.setattr(os, "scandir", refuse)
    err = failing(cli, "validate", "2027", "--inputs", str(empty_cycle))
    assert f"{empty_cycle}/2027: cannot read the folder: Permission denied" in err


@pytest.mark.parametrize("kind", ["file", "dangling link"])
def test_new_submission_when_the_year_is_not_a_folder(cli, inputs: Path, kind: str) -> None:
    year = inputs / "2029"
    year.write_text("x") if kind == "file" else year.symlink_to("nowhere")
    err = failing(cli, "new-submission", "ITU", "2029", "--inputs", str(inputs))
    what = "is a file, not a folder" if kind == "file" else "is a symbolic link to something"
    assert f"{year}: {year} {what}" in err
    assert "nothing was written" in err


def test_schema_to_a_full_device(cli) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    err = failing(cli, "schema", "--output", "/dev/full")
    assert "error: cannot write /dev/full: No space left on device" in err


def test_schema_under_a_file(cli, tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    err = failing(cli, "schema", "--output", "f/s.json")
    assert "error: cannot write f/s.json: f is a file, not a folder" in err


def chain(length: int, closed: bool = False) -> str:
    groups = [
        f"  - id: g{i}\n    name: Group {i}\n    kind: group\n"
        f"    members: [{'g' + str(i - 1) if i else ('g' + str(length - 1) if closed else 'ITU')}]\n"
        for i in range(length)
    ]
    return "".join(groups)


@pytest.mark.slow
def test_a_1500_level_group_chain_is_followed(inputs: Path) -> None:
    with open(inputs / "entities.yaml", "a", encoding="utf-8") as registry:
        registry.write(chain(1500))
    reference = load_reference(inputs)
    assert reference.registry.expand("g1499") == ["ITU"]


@pytest.mark.slow
def test_a_1500_level_group_cycle_is_an_error(cli, inputs: Path) -> None:
    with open(inputs / "entities.yaml", "a", encoding="utf-8") as registry:
        registry.write(chain(1500, closed=True))
    err = failing(cli, "validate", "2027", "--inputs", str(inputs))
    assert "groups contain each other: g0 -> g1499 -> g1498" in err
    assert len([line for line in err.splitlines() if "entities.yaml" in line]) == 51


def test_an_nfd_spelling_of_an_entity_name_resolves(empty_cycle: Path) -> None:
    name = "Comisión Económica para América Latina y el Caribe"
    decomposed = unicodedata.normalize("NFD", name)
    assert decomposed != name and lookup_key(decomposed) == lookup_key(name)
    write(
        empty_cycle / "2027" / "eclac.yaml",
        VALID_SUBMISSION.replace("entity: ITU", f"entity: {decomposed}").replace(
            "paragraph: 67", "paragraph: 108"
        ),
    )
    (submission,) = load_cycle(empty_cycle, 2027).submissions
    assert submission.entity.id == "ECLAC"


def test_a_newline_in_a_file_name_is_escaped(cli, empty_cycle: Path) -> None:
    write(empty_cycle / "2027" / "it\nu.yaml", "entity: ITU\n")
    err = failing(cli, "validate", "2027", "--inputs", str(empty_cycle))
    lines = [line for line in err.splitlines() if "it\\nu.yaml" in line]
    assert lines and all(line.startswith(f"{empty_cycle}/2027/it\\nu.yaml") for line in lines)
    assert "u.yaml:" not in err.replace("it\\nu.yaml", "")


@pytest.mark.parametrize(
    ("count", "report"),
    [
        # Problems found against the action table, after the file is read.
        (300, "  - paragraph: {n}\n    status: ongoing\n    summary: Done.\n"),
        # Problems found by the schema.
        (120, "  - paragraph: 67\n    status: done{n}\n    summary: x\n"),
    ],
    ids=["table-checks", "schema-checks"],
)
def test_every_kind_of_problem_is_capped_at_50_per_file(
    cli, empty_cycle: Path, count: int, report: str
) -> None:
    reports = "".join(report.format(n=9000 + i) for i in range(count))
    write(
        empty_cycle / "2027" / "itu.yaml",
        f"entity: ITU\ncycle: 2027\nsubmitted: 2027-01-31\nreports:\n{reports}",
    )
    err = failing(cli, "validate", "2027", "--inputs", str(empty_cycle))
    lines = [line for line in err.splitlines() if "itu.yaml" in line]
    assert len(lines) == 51
    assert lines[0] == (
        f"{empty_cycle}/2027/itu.yaml: {count - 50} more problems in this file not shown; "
        "fix these first"
    )


@pytest.mark.parametrize("name", ["ITU.YAML", "itu.Yml", "Itu.yAmL"])
def test_yaml_extensions_are_accepted_in_any_case(empty_cycle: Path, name: str) -> None:
    write(empty_cycle / "2027" / name, VALID_SUBMISSION)
    cycle = load_cycle(empty_cycle, 2027)
    assert [s.entity.id for s in cycle.submissions] == ["ITU"]
    assert cycle.warnings == ()


def test_new_submission_over_a_dangling_link_is_refused_as_taken(cli, empty_cycle: Path) -> None:
    (empty_cycle / "2027" / "itu.yaml").symlink_to("/nonexistent/itu.yaml")
    err = failing(cli, "new-submission", "ITU", "2027", "--inputs", str(empty_cycle))
    assert f"error: {empty_cycle}/2027/itu.yaml exists already" in err
    assert not Path("/nonexistent/itu.yaml").exists()
