"""Killable worker processes for the web app: every computation a request asks for runs
in one of them, under a deadline.

The server's threads never run SymPy. A request takes an idle worker (waiting at most
until its deadline), sends it the task and waits on the pipe until the deadline plus
:data:`GRACE_SECONDS`. Inside the worker the task runs under
:func:`symgrad.limits.time_limit` (the polite stop, which gives a clear message); a
worker that misses the deadline anyway (work stuck in C code ignores that) or dies is
killed and replaced, and the request is answered with a clear error. So a hostile or
hanging request costs one worker for at most its time limit and never stalls another
request beyond that request's own limit.

Workers are forked from a clean single-threaded process that has imported SymPy and
symgrad once (multiprocessing's *forkserver*), not from the threaded server, so a new
worker starts in milliseconds and inherits no lock another thread held. They end with
the server (the parent-death signal and the memory bound are those of the batch
grader: :func:`symgrad.grading.batch.die_with_parent`, :func:`~symgrad.grading.batch.limit_memory`).
"""

from __future__ import annotations

import collections
import multiprocessing
import os
import queue
import threading
import time
from dataclasses import dataclass
from typing import Any, Mapping

from symgrad.messages import Message

STARTUP_SECONDS = 120.0
"""How long a new worker may take to import SymPy and symgrad before it is used anyway."""

GRACE_SECONDS = 0.2
"""How long past a request's deadline its worker may still answer before it is killed."""

WHOLE_LIMIT = 0.9
"""A time-out is remembered (and the same request refused at once) only when the task had at
least this share of its limit, not when waiting for a worker had eaten into it."""

INNER_MARGIN = 0.3
"""The polite in-worker limit stops this much before the deadline, so its message arrives in time."""

TASKS_MODULE = "symgrad.cli.web.tasks"
"""The module whose ``TASKS`` (name -> function) the workers run; the forkserver imports it first."""


@dataclass(frozen=True)
class Outcome:
    """What a task gave: ``value`` (plain data) or ``error`` (a one-line error, shown as it is)."""

    value: Any = None
    error: Message | None = None
    position: int | None = None
    text: str | None = None
    seconds: float = 0.0
    cached: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None


def _worker(connection, tasks_module: str) -> None:
    """Run (task name, keyword arguments, seconds left, the request's limit) from
    ``connection`` until it closes."""
    from symgrad.errors import ResourceLimitError, SymgradError
    from symgrad.grading.batch import die_with_parent, limit_memory
    from symgrad.limits import time_limit
    import importlib

    die_with_parent()
    tasks = importlib.import_module(tasks_module).TASKS
    connection.send("ready")
    limit_memory()
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        name, arguments, seconds, limit = task
        try:
            with time_limit(max(seconds - INNER_MARGIN, 0.05), "request"):
                answer = ("ok", tasks[name](**arguments))
        except ResourceLimitError as error:
            ours = error.key == "limit.took_too_long" and dict(error.fields).get("what") == Message("task.request")
            answer = ("error", Message.of("web.error.time_limit", seconds=f"{limit:g}") if ours else error.as_message(),
                      error.position, error.text)
        except SymgradError as error:
            answer = ("error", error.as_message(), error.position, error.text)
        except RecursionError:
            answer = ("error", Message.of("cli.too_deep"), None, None)
        except MemoryError:
            answer = ("error", Message.of("cli.out_of_memory"), None, None)
        except Exception as error:  # a bug in symgrad or SymPy: a clear line, and the worker lives on
            answer = ("error", Message.of("cli.bug", kind=type(error).__name__, detail=str(error)[:200]), None, None)
        try:
            connection.send(answer)
        except (OSError, ValueError):
            return


class _Worker:
    def __init__(self, context, tasks_module: str):
        parent, child = context.Pipe()
        self.process = context.Process(target=_worker, args=(child, tasks_module), daemon=True)
        self.process.start()
        child.close()
        self.connection = parent

    def wait_ready(self, timeout: float = STARTUP_SECONDS) -> bool:
        """Wait until the worker has imported its tasks (so no request meets a cold worker)."""
        try:
            return self.connection.poll(timeout) and self.connection.recv() == "ready"
        except (EOFError, OSError):
            return False

    def kill(self) -> None:
        try:
            self.process.kill()
        except (OSError, ValueError, AttributeError):
            pass
        self.process.join(timeout=5.0)
        self.connection.close()

    def stop(self) -> None:
        try:
            self.connection.send(None)
        except (OSError, ValueError):
            pass
        self.process.join(timeout=1.0)
        if self.process.is_alive():
            self.kill()
        else:
            self.connection.close()


def _context(tasks_module: str):
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["symgrad.grading.batch", tasks_module])  # SymPy and symgrad, imported once
        return context
    return multiprocessing.get_context("spawn")


class WorkerPool:
    """``size`` worker processes; :meth:`run` gives a task to one of them under a deadline.

    Outcomes are cached by (task, arguments): the same request is computed once, and one
    that ran out of time is refused at once the next time rather than costing a worker again.
    """

    def __init__(self, size: int | None = None, cache_size: int = 512, tasks_module: str = TASKS_MODULE):
        self.size = max(1, size or os.cpu_count() or 1)
        self._tasks = tasks_module
        self._context = _context(tasks_module)
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._lock = threading.Lock()
        self._cache: collections.OrderedDict = collections.OrderedDict()
        self._cache_size = cache_size
        self._closed = False
        self.killed = 0
        starting = [_Worker(self._context, self._tasks) for _ in range(self.size)]
        for worker in starting:
            worker.wait_ready()
            self._idle.put(worker)

    # ---------------------------------------------------------------- the cache
    def _cached(self, key) -> Outcome | None:
        with self._lock:
            outcome = self._cache.get(key)
            if outcome is not None:
                self._cache.move_to_end(key)
            return outcome

    def _remember(self, key, outcome: Outcome) -> None:
        with self._lock:
            self._cache[key] = outcome
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)

    # ---------------------------------------------------------------- running a task
    def run(self, name: str, arguments: Mapping[str, Any], seconds: float) -> Outcome:
        """Task ``name`` of the tasks module (:data:`symgrad.cli.web.tasks.TASKS`) with ``arguments``,
        answered within ``seconds`` (plus :data:`GRACE_SECONDS` when its worker must be killed)."""
        started = time.monotonic()
        deadline = started + seconds
        key = (name, tuple(sorted(arguments.items())))
        known = self._cached(key)
        if known is not None:
            return Outcome(known.value, known.error, known.position, known.text, 0.0, cached=True)
        try:
            worker = self._idle.get(timeout=max(deadline - time.monotonic(), 0.0))
        except queue.Empty:
            return Outcome(error=Message.of("web.error.busy", seconds=f"{seconds:g}"))
        if not worker.process.is_alive():
            worker.connection.close()
            worker = _Worker(self._context, self._tasks)
            worker.wait_ready(max(deadline - time.monotonic(), 0.0))
        remaining = deadline - time.monotonic()
        if remaining <= 0.05:
            self._idle.put(worker)
            return Outcome(error=Message.of("web.error.busy", seconds=f"{seconds:g}"))
        whole = remaining >= WHOLE_LIMIT * seconds  # only a run that had its whole time may be refused next time
        answer, died = None, False
        try:
            worker.connection.send((name, dict(arguments), remaining, seconds))
            if worker.connection.poll(remaining + GRACE_SECONDS):
                answer = worker.connection.recv()
        except (EOFError, OSError):  # the pipe closed: the worker ended
            died = True
        elapsed = time.monotonic() - started
        if answer is None:
            died = died or not worker.process.is_alive()
            self._replace(worker)
            reason = "web.error.worker_died" if died else "web.error.time_limit"
            outcome = Outcome(error=Message.of(reason, seconds=f"{seconds:g}"), seconds=elapsed)
            if reason == "web.error.time_limit" and whole:
                self._remember(key, outcome)
            return outcome
        self._idle.put(worker)
        if answer[0] == "ok":
            outcome = Outcome(value=answer[1], seconds=elapsed)
        else:
            outcome = Outcome(error=answer[1], position=answer[2], text=answer[3], seconds=elapsed)
        if outcome.error is None or outcome.error.key not in ("cli.out_of_memory", "web.error.time_limit") or whole:
            self._remember(key, outcome)
        return outcome

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and put a fresh one in its place, without holding up the request."""
        self.killed += 1

        def replace() -> None:
            worker.kill()
            if not self._closed:
                fresh = _Worker(self._context, self._tasks)
                fresh.wait_ready()
                self._idle.put(fresh)

        threading.Thread(target=replace, daemon=True).start()

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().stop()
            except queue.Empty:
                break

