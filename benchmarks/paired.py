"""Fresh-process timing, paired: the one helper the start-up benchmarks share.

Each command runs as a new process (interpreter start and imports included, as a
student experiences them). The two commands of a pair alternate, so a machine that
gets busier or quieter during the run slows both alike; medians ignore the odd outlier.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time


def bytecode_environment(folder: str) -> dict[str, str]:
    """This process's environment, with Python's bytecode cache on and kept in ``folder``.

    As after any installation, modules then load from bytecode, not source: under
    PYTHONDONTWRITEBYTECODE an editable checkout would compile symgrad's own modules on
    every run, while SymPy's were compiled when it was installed. Both sides of a pair
    use the same cache folder, and nothing is written next to the sources.
    """
    environment = {**os.environ, "PYTHONPYCACHEPREFIX": folder}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return environment


def run_once(command: list[str], cwd: str | None = None, env: dict[str, str] | None = None) -> float:
    """Seconds one fresh process of ``command`` takes; its output is discarded, it must succeed."""
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=cwd, env=env)
    return time.perf_counter() - started


def paired_medians(ours: list[str], reference: list[str], repeat: int, cwd: str | None = None,
                   env: dict[str, str] | None = None) -> tuple[float, float]:
    """The median seconds of ``ours`` and of ``reference``, run alternately ``repeat`` times.

    One untimed run of each comes first, to warm the file cache (and the bytecode cache).
    """
    run_once(ours, cwd, env), run_once(reference, cwd, env)
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        times[0].append(run_once(ours, cwd, env))
        times[1].append(run_once(reference, cwd, env))
    return statistics.median(times[0]), statistics.median(times[1])
