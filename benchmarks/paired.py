"""Fresh-process timing, paired: the one helper the start-up benchmarks share.

Each command runs as a new process (interpreter start and imports included, as a
student experiences them). The two commands of a pair alternate, so a machine that
gets busier or quieter during the run slows both alike; medians ignore the odd outlier.
"""

from __future__ import annotations

import statistics
import subprocess
import time


def run_once(command: list[str], cwd: str | None = None) -> float:
    """Seconds one fresh process of ``command`` takes; its output is discarded, it must succeed."""
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=cwd)
    return time.perf_counter() - started


def paired_medians(ours: list[str], reference: list[str], repeat: int, cwd: str | None = None) -> tuple[float, float]:
    """The median seconds of ``ours`` and of ``reference``, run alternately ``repeat`` times.

    One untimed run of each comes first, to warm the file cache.
    """
    run_once(ours, cwd), run_once(reference, cwd)
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        times[0].append(run_once(ours, cwd))
        times[1].append(run_once(reference, cwd))
    return statistics.median(times[0]), statistics.median(times[1])
