"""Bounds on the time symbolic work may take on untrusted input.

SymPy can run for minutes on an innocent-looking input (``solve``, ``simplify``).
:func:`time_limit` raises :class:`~symgrad.errors.ResourceLimitError` when the block
runs past its bound. It uses ``SIGALRM``, so it bounds work only in the main thread
of a process on a POSIX system; elsewhere the block runs unbounded (callers that run
untrusted work in threads or pools must isolate it in a process of its own).
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from typing import Callable, Iterator, TypeVar

from symgrad.errors import ResourceLimitError

T = TypeVar("T")


def _can_use_alarm() -> bool:
    return hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def time_limit(seconds: float, what: str = "the computation") -> Iterator[None]:
    """Run the block, raising ResourceLimitError if it takes longer than ``seconds``.

    Nested limits are honoured: the inner one never extends an outer deadline.
    """
    if seconds is None or seconds <= 0 or not _can_use_alarm():
        yield
        return

    def on_alarm(signum, frame):
        raise ResourceLimitError(f"{what} took longer than {seconds:g} s and was stopped")

    outer_remaining, _ = signal.getitimer(signal.ITIMER_REAL)
    bound = seconds if outer_remaining <= 0 else min(seconds, outer_remaining)
    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, bound)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_remaining > 0:
            left = max(outer_remaining - (time.monotonic() - started), 1e-3)
            signal.setitimer(signal.ITIMER_REAL, left)


def within(seconds: float, compute: Callable[[], T], fallback: T, what: str = "the computation") -> T:
    """``compute()``, or ``fallback`` when it runs past ``seconds``."""
    try:
        with time_limit(seconds, what):
            return compute()
    except ResourceLimitError:
        return fallback
