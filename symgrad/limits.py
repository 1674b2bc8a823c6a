"""Bounds on the time symbolic work may take on untrusted input.

SymPy can run for minutes on an innocent-looking input (``solve``, ``simplify``).
:func:`time_limit` raises :class:`~symgrad.errors.ResourceLimitError` when the block
runs past its bound, in any thread:

- in the main thread of a POSIX process, by ``SIGALRM`` (it interrupts the block at the
  next bytecode), backed by a watchdog thread that raises the error in the block a
  moment later should the alarm be lost (Python can drop a signal raised inside a
  garbage-collector callback, and a block may mask the signal);
- in any other thread (a web server's worker, a library user's thread), by the
  watchdog alone: at the deadline it raises the error asynchronously in the thread
  running the block (``PyThreadState_SetAsyncExc``).

Both act between Python bytecodes, so a single long call into C (one huge integer
product) finishes before the error is raised; SymPy's work is Python, so this bounds it.
Work that must be killable even inside C runs in a process of its own
(:func:`symgrad.grading.batch.grade_isolated`).

Bounds on the size of a request that ``--help`` states live here too
(:data:`MAX_VARIANTS`), so that help can show them without importing SymPy.
"""

from __future__ import annotations

import contextlib
import functools
import ctypes
import signal
import threading
import time
from typing import Callable, Iterator, TypeVar

from symgrad.errors import ResourceLimitError

MAX_VARIANTS = 20
"""How many variants of one exercise a request may ask for (:mod:`symgrad.variants`)."""

T = TypeVar("T")

WATCHDOG_GRACE = 0.5  # seconds the main thread's watchdog waits for the alarm before acting
_deadlines = threading.local()  # per thread: the stack of (monotonic deadline, error factory) of open limits


class _Expired(ResourceLimitError):
    """What a watchdog raises in a thread (an exception class raised asynchronously, so its
    message is a default); the limit it belongs to turns it into the stated message."""

    def __init__(self, message: str = "the time limit ran out"):
        super().__init__(message)


def _can_use_alarm() -> bool:
    return hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()


class _Watchdog:
    """Raises ResourceLimitError in thread ``ident`` once ``delay`` seconds pass, unless
    stopped first; ``fired`` says it did."""

    def __init__(self, ident: int, delay: float):
        self.ident = ident
        self.fired = False
        self._lock = threading.Lock()
        self._active = True
        self._timer = threading.Timer(delay, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self) -> None:
        with self._lock:
            if self._active:
                self.fired = True
                _raise_in(self.ident, _Expired)

    def stop(self) -> None:
        """Stop the timer; a raise it made that the block has not yet seen is withdrawn."""
        self._timer.cancel()
        with self._lock:
            self._active = False
        if self.fired:
            _raise_in(self.ident, None)


def _raise_in(ident: int, exception) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident),
                                               ctypes.py_object(exception) if exception else None)


@contextlib.contextmanager
def time_limit(seconds: float, what: str = "computation") -> Iterator[None]:
    """Run the block, raising ResourceLimitError if it takes longer than ``seconds``.

    ``what`` names the work for the message: a task of the phrase catalogue
    (``"walkthrough"`` for the phrase ``task.walkthrough``), else shown as it is.
    Nested limits are honoured: the inner one never extends an outer deadline.
    """
    if seconds is None or seconds <= 0:
        yield
        return
    stack = _deadlines.__dict__.setdefault("stack", [])
    now = time.monotonic()
    bound = min([seconds] + [deadline - now for deadline, _ in stack])
    bound = max(bound, 1e-3)
    message = functools.partial(limit_error, what, seconds)
    stack.append((now + bound, message))
    try:
        if _can_use_alarm():
            with _alarm(bound, message):
                yield
        else:
            with _watched(bound, 0.0, message):
                yield
    finally:
        stack.pop()


@contextlib.contextmanager
def _watched(bound: float, grace: float, message: Callable[[], ResourceLimitError]) -> Iterator[None]:
    """The watchdog alone: the error is raised in this thread after ``bound + grace``."""
    watchdog = _Watchdog(threading.get_ident(), bound + grace)
    try:
        yield
    except _Expired:
        if watchdog.fired:  # ours; an outer limit's goes on to it
            raise message() from None
        raise
    finally:
        watchdog.stop()


@contextlib.contextmanager
def _alarm(bound: float, message: Callable[[], ResourceLimitError]) -> Iterator[None]:
    """SIGALRM at ``bound``, the watchdog a grace period later in case the alarm is lost."""

    def on_alarm(signum, frame):
        raise message()

    outer_remaining, _ = signal.getitimer(signal.ITIMER_REAL)
    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, bound)
    try:
        with _watched(bound, WATCHDOG_GRACE, message):
            yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_remaining > 0:
            left = max(outer_remaining - (time.monotonic() - started), 1e-3)
            signal.setitimer(signal.ITIMER_REAL, left)


def limit_error(what: str, seconds: float) -> ResourceLimitError:
    """The error for ``what`` running past ``seconds``, in every language of the catalogue."""
    from symgrad.messages import Message
    from symgrad.phrases import has_phrase

    task = Message(f"task.{what}") if has_phrase(f"task.{what}") else what
    return ResourceLimitError.from_phrase("limit.took_too_long", what=task, seconds=f"{seconds:g}")


def within(seconds: float, compute: Callable[[], T], fallback: T, what: str = "computation") -> T:
    """``compute()``, or ``fallback`` when it runs past ``seconds``."""
    try:
        with time_limit(seconds, what):
            return compute()
    except ResourceLimitError:
        expired = _expired_outer_limit()
        if expired is not None:  # the time was the enclosing limit's, not ours to absorb
            raise expired() from None
        return fallback


def _expired_outer_limit() -> Callable[[], ResourceLimitError] | None:
    """The error factory of the outermost open limit of this thread whose deadline has passed."""
    now = time.monotonic()
    for deadline, make_error in _deadlines.__dict__.get("stack", []):
        if deadline <= now:
            return make_error
    return None
