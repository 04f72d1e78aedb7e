"""Work that runs beside the rest of a build, in a second process, where that is cheap.

Half the submission files, and the compilation, need nothing from the other half or
from the report: on a machine with two cores they are done in a forked copy of the
build process. Forking copies nothing up front, and only the result comes back,
pickled, through a pipe. Where fork is not the platform's way (Windows; macOS, where it
is unsafe), with one core, or while other threads run, the work runs in this process
when its result is asked for, with the same result.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any, Generic, TypeVar

from .diagnostics import BuildError

T = TypeVar("T")


def forking() -> bool:
    """Whether a second process is worth starting, and safe to fork, here: not while
    another thread runs (a program calling ``build`` from one), whose locks the copy
    would inherit held."""
    return sys.platform == "linux" and (os.cpu_count() or 1) > 1 and threading.active_count() == 1


class Pending(Generic[T]):
    """A result that may still be in the making."""

    def __init__(self, function: Callable[..., T], args: tuple[Any, ...]) -> None:
        self._function = function
        self._args = args
        self._pid = 0  # the copy's, while it may still run
        self._pipe: IO[bytes] | None = None
        # A program that froze objects itself keeps them frozen after the build.
        self._froze = False

    def start(self) -> None:
        readable, writable = os.pipe()
        # Objects that exist now are left out of garbage collections until the result is
        # in: neither process rescans them, and the copy does not write to their pages.
        self._froze = gc.get_freeze_count() == 0
        if self._froze:
            gc.freeze()
        try:
            pid = os.fork()
        except OSError:  # no process to spare (a limit, or memory): do it here instead
            self._thaw()
            os.close(readable)
            os.close(writable)
            return
        if pid == 0:
            # The copy: it must never return into the build, nor run its exit handlers.
            try:
                os.close(readable)
                with os.fdopen(writable, "wb") as pipe:
                    _run(pipe, self._function, self._args)
            finally:
                os._exit(0)
        os.close(writable)
        self._pid = pid
        self._pipe = os.fdopen(readable, "rb")

    def result(self) -> T:
        if self._pipe is None:
            return self._function(*self._args)
        try:
            data = self._pipe.read()
        except BaseException:  # interrupted while waiting: stop the copy too
            self.cancel()
            raise
        self._pipe.close()
        self._pipe = None
        self._thaw()
        _, status = os.waitpid(self._pid, 0)
        self._pid = 0
        try:
            outcome, value = pickle.loads(data)
        except Exception:  # nothing, or a part: the copy died while writing
            raise BuildError(
                "the second process of the build ended without a result (exit code "
                f"{os.waitstatus_to_exitcode(status)}); nothing was written"
            ) from None
        if outcome == "raised":
            raise value
        result: T = value
        return result

    def _thaw(self) -> None:
        if self._froze:
            gc.unfreeze()
            self._froze = False

    def cancel(self) -> None:
        """Stop the copy if it still runs, and wait for it, so that none is left over."""
        if self._pipe is not None:
            self._pipe.close()
            self._pipe = None
            self._thaw()
        if self._pid:
            os.kill(self._pid, signal.SIGTERM)
            os.waitpid(self._pid, 0)
            self._pid = 0


@contextmanager
def beside(function: Callable[..., T], *args: Any) -> Iterator[Pending[T]]:
    """``function(*args)``, started in a second process where that pays, for the body
    of the ``with`` to collect with ``result()``; stopped if the body fails first."""
    pending = Pending(function, args)
    if forking():
        pending.start()
    try:
        yield pending
    finally:
        pending.cancel()


def _run(pipe: IO[bytes], function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        outcome: tuple[str, Any] = ("returned", function(*args))
    except BaseException as exc:  # every failure goes back to the build, to be reported there
        # The traceback stays here; --debug in the build shows it through this note.
        exc.add_note("In the build's second process:\n" + "".join(traceback.format_exception(exc)))
        outcome = ("raised", exc)
    try:
        data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        if outcome[0] == "raised":
            pickle.loads(data)  # some exceptions pickle but cannot be rebuilt
    except Exception:  # then send what it said
        _, value = outcome
        data = pickle.dumps(("raised", RuntimeError(f"{type(value).__name__}: {value}")))
    pipe.write(data)
