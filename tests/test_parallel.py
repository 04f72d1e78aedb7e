"""Where the platform forks, a build reads half the submissions, and renders the
compilation, in a second process. Nothing a user sees may depend on that: not the
documents, not the messages, not what happens when something fails."""

from __future__ import annotations

import errno
import gc
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from report_builder import build, parallel, pipeline
from report_builder.cycle import _SHARED_FROM
from report_builder.diagnostics import BuildError

from .conftest import write

pytestmark = pytest.mark.skipif(
    sys.platform != "linux", reason="report-builder forks a second process on Linux only"
)

COUNT = _SHARED_FROM + 12


def many_submissions(inputs: Path, count: int = COUNT) -> list[Path]:
    """``count`` organizations added to the registry, each with a valid submission (the
    synthetic text describes nothing)."""
    with open(inputs / "entities.yaml", "a", encoding="utf-8") as registry:
        for i in range(count):
            registry.write(f"  - id: test-{i:03d}\n    name: Test organization {i:03d}\n")
            registry.write("    kind: organization\n")
    return [
        write(
            inputs / "2027" / f"test-{i:03d}.yaml",
            f"""
            # Test data; describes nothing.
            entity: test-{i:03d}
            cycle: 2027
            submitted: 2027-01-31
            reports:
              - paragraph: 67
                status: in_progress
                summary: Work number {i} went on.
                links: [https://example.org/{i}]
            """,
        )
        for i in range(count)
    ]


def with_forking(monkeypatch: pytest.MonkeyPatch, on: bool) -> None:
    monkeypatch.setattr(parallel, "forking", lambda: on)


def test_both_ways_give_the_same_files(
    empty_cycle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    many_submissions(empty_cycle)
    written = {}
    for on in (True, False):
        with_forking(monkeypatch, on)
        out = tmp_path / f"forked-{on}" / "draft.docx"
        result = build(2027, inputs=empty_cycle, output=out, date=pipeline.dt.date(2027, 3, 15))
        written[on] = {p.name: p.read_bytes() for p in result.written}
    assert written[True] == written[False]
    assert len(written[True]) == 4


def test_messages_are_the_same_and_in_file_order(
    empty_cycle: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Result]
) -> None:
    files = many_submissions(empty_cycle)
    # A duplicate read in the second half of the first file's organization, and an
    # error in each half.
    files[-1].write_text(files[-1].read_text().replace("test-059", "test-000"))
    for broken in (files[3], files[-2]):
        broken.write_text(broken.read_text().replace("in_progress", "in progres"))
    outputs = []
    for on in (True, False):
        with_forking(monkeypatch, on)
        result = cli("validate", "2027", "--inputs", str(empty_cycle))
        assert result.exit_code == 1
        outputs.append(result.output)
    assert outputs[0] == outputs[1]
    assert "test-003.yaml:7:13" in outputs[0] and "test-058.yaml:7:13" in outputs[0]
    assert "test-059.yaml:2:9: entity: a second submission from test-000;" in outputs[0]
    assert outputs[0].index("test-003.yaml") < outputs[0].index("test-058.yaml")


def test_a_second_process_that_dies_stops_the_build_and_writes_nothing(
    inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_forking(monkeypatch, True)

    def dies(*args: object) -> bytes:
        os._exit(9)

    monkeypatch.setattr(pipeline, "_render_compilation", dies)
    out = tmp_path / "out" / "draft.docx"
    with pytest.raises(BuildError, match=r"ended without a result \(exit code 9\)"):
        build(2027, inputs=inputs, output=out)
    assert not out.parent.exists() or not any(out.parent.iterdir())


def test_an_error_in_the_second_process_reaches_the_user(
    inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_forking(monkeypatch, True)

    def fails(*args: object) -> bytes:
        raise BuildError("the compilation's template is broken")

    monkeypatch.setattr(pipeline, "_render_compilation", fails)
    with pytest.raises(BuildError, match="the compilation's template is broken") as raised:
        build(2027, inputs=inputs, output=tmp_path / "out" / "draft.docx")
    # The traceback from the other process travels with it, for --debug.
    assert "In the build's second process" in "".join(raised.value.__notes__)


def test_no_fork_while_another_thread_runs() -> None:
    assert parallel.forking(), "a second process is expected on Linux with two cores"
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not parallel.forking()
    finally:
        stop.set()
        thread.join()


def test_without_a_process_to_spare_the_build_runs_in_turn(
    inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_forking(monkeypatch, True)

    def no_fork() -> int:
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    result = build(2027, inputs=inputs, output=tmp_path / "out" / "draft.docx")
    assert len(result.written) == 4
    assert gc.get_freeze_count() == 0, "objects frozen for the copy are collected again"


class Picky(Exception):
    """Pickles, but cannot be rebuilt from its pickle (like files.NotRegularFile)."""

    def __init__(self, kind: str, where: str) -> None:
        super().__init__(f"{kind} at {where}")


def test_an_exception_that_cannot_travel_still_says_what_went_wrong(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with_forking(monkeypatch, True)

    def fails() -> None:
        raise Picky("a FIFO", "inputs/2027/x.yaml")

    with parallel.beside(fails) as pending, pytest.raises(RuntimeError) as raised:
        pending.result()
    assert str(raised.value) == "Picky: a FIFO at inputs/2027/x.yaml"


def test_an_interrupt_while_waiting_stops_the_copy_and_leaves_no_zombie(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with_forking(monkeypatch, True)

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    def interrupts_the_build() -> None:
        os.kill(os.getppid(), signal.SIGUSR1)
        time.sleep(60)

    previous = signal.signal(signal.SIGUSR1, interrupt)
    try:
        with pytest.raises(KeyboardInterrupt), parallel.beside(interrupts_the_build) as pending:
            pid = pending._pid
            pending.result()
    finally:
        signal.signal(signal.SIGUSR1, previous)
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already reaped
    assert gc.get_freeze_count() == 0


def test_objects_a_program_froze_stay_frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    with_forking(monkeypatch, True)
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with parallel.beside(sum, [1, 2]) as pending:
            assert pending.result() == 3
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()
