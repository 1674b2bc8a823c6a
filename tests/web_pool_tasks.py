"""Tasks for tests/test_web_pool.py, run inside the pool's worker processes: one that
answers, one stuck where no signal reaches it (as work inside one long C call is), one
whose process dies."""

from __future__ import annotations

import os
import signal
import time


def echo(value: str) -> str:
    return value


def stuck(seconds: float) -> str:
    """Sleep with SIGALRM blocked: neither the alarm nor the watchdog (between bytecodes) can stop it."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    time.sleep(seconds)
    return "finished"


def die() -> str:
    os._exit(3)


TASKS = {"echo": echo, "stuck": stuck, "die": die}
