"""Batch grading: many submissions, in parallel, each answer isolated.

Submissions come as CSV (a ``student`` column and one column per item key; ``grad`` or
``hessian`` columns are split into their partial items) or JSON Lines
(``{"student": ..., "answers": {key: expr}}``). Every submission yields exactly one
:class:`SubmissionResult`, whatever it contains: a malformed row is scored 0 with the
reason.

Isolation: answers are graded by a pool of worker processes the parent can kill. Inside
a worker every answer runs under ``SIGALRM`` (:func:`symgrad.limits.time_limit`) and an
address-space limit; the parent also keeps a deadline per task and kills a worker that
misses it (work stuck in C code ignores signals) or dies, records that answer as
``undecided`` and starts a replacement. So one runaway answer can neither stall nor kill
the batch. Identical answers to the same item are graded once.
"""

from __future__ import annotations

import csv
import contextlib
import io
import json
import multiprocessing
import os
import signal
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from multiprocessing.connection import wait
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from symgrad.errors import SymgradError
from symgrad.catalog import find_exercise
from symgrad.exercises import Exercise, ExerciseError
from symgrad.grading.equivalence import says
from symgrad.grading.grade import INCORRECT, UNDECIDED, Grade, ItemResult, compact_key, grade_item, split_whole_answers
from symgrad.messages import Message

GRACE_SECONDS = 2.0
MEMORY_LIMIT_BYTES = 2 * 1024**3
POLL_SECONDS = 0.05
ENDING_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
PR_SET_PDEATHSIG = 1  # prctl(2)


@dataclass(frozen=True)
class Submission:
    """One student's answers (key -> text), or the reason the row could not be read (a
    :class:`~symgrad.messages.Message`, shown in the report's language)."""

    student: str
    answers: Mapping[str, str]
    line: int
    error: Message | None = None
    ignored: Mapping[str, str] = field(default_factory=dict)
    """Answers in columns that name no item (read with ``ignore_unknown_columns``), by column."""


@dataclass(frozen=True)
class SubmissionResult:
    """The result row of one submission."""

    student: str
    line: int
    grade: Grade
    error: Message | None = None
    ignored: Mapping[str, str] = field(default_factory=dict)

    @property
    def score(self) -> int:
        return 0 if self.error else self.grade.score

    def to_dict(self) -> dict:
        """The row as data; ``error`` is why it could not be graded (a message), or None."""
        data = self.grade.to_dict()
        data["score"] = self.score
        row = {"student": self.student, "line": self.line, "error": self.error, **data}
        if self.ignored:
            row["ignored"] = dict(self.ignored)
        return row


def ignored_text(ignored) -> str:
    """The answers of a row that no item took, as ``column = answer; …`` ("" for none)."""
    return "; ".join(f"{column} = {answer}" for column, answer in ignored.items())


@dataclass(frozen=True)
class BatchReport:
    """All result rows with the summary an instructor reads at the end."""

    exercise: Exercise
    results: tuple[SubmissionResult, ...]
    warnings: tuple[Message, ...] = ()
    answers_graded: int = 0
    seconds: float = 0.0
    workers: int = 1

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(item.key for item in self.exercise.items)

    def summary(self) -> dict:
        """Mean score per item, verdict counts, the most common mistakes, and the warnings (messages)."""
        per_item = defaultdict(list)
        verdicts = Counter()
        mistakes = Counter()
        for result in self.results:
            for item in result.grade.items:
                per_item[item.key].append(0 if result.error else item.score)
                verdicts[item.verdict] += 1
                if item.mistake:
                    mistakes[(item.key, item.mistake)] += 1
        count = len(self.results)
        return {
            "exercise": self.exercise.id,
            "submissions": count,
            "malformed": sum(1 for r in self.results if r.error),
            "mean_score": (sum(r.score for r in self.results) / count) if count else 0.0,
            "max_score": self.exercise.max_score,
            "mean_per_item": {key: (sum(v) / len(v) if v else 0.0) for key, v in
                              ((key, per_item.get(key, [])) for key in self.keys)},
            "verdicts": dict(verdicts),
            "common_mistakes": [{"key": key, "mistake": mistake, "count": n}
                                for (key, mistake), n in mistakes.most_common(10)],
            "answers_graded": self.answers_graded,
            "seconds": round(self.seconds, 3),
            "workers": self.workers,
            "warnings": list(self.warnings),
        }


# ------------------------------------------------------------------ reading submissions

def read_submissions(text: str, exercise: Exercise, kind: str, *,
                     ignore_unknown_columns: bool = False) -> tuple[list[Submission], list[Message]]:
    """Parse CSV (``kind='csv'``) or JSON Lines (``'jsonl'``) text into submissions, and the
    warnings about them (duplicate students, ignored columns).

    Spaces in keys do not matter. A CSV column that names no item stops the reading with
    a SymgradError naming it and the exercise's keys, unless ``ignore_unknown_columns``
    (then it is warned about); an unknown key on a JSON line makes that line's error."""
    if kind == "jsonl":
        submissions = _read_jsonl(text, exercise)
        return submissions, duplicate_students(submissions)
    return _read_csv(text, exercise, ignore_unknown_columns)


def _read_csv(text: str, exercise: Exercise, ignore_unknown_columns: bool) -> tuple[list[Submission], list[Message]]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise SymgradError.from_phrase("batch.error.empty") from None
    except csv.Error as error:
        raise SymgradError.from_phrase("batch.error.not_csv", reason=error) from None
    header = [name.strip() for name in header]
    if "student" not in header:
        raise SymgradError.from_phrase("batch.error.no_student_column", header=", ".join(header))
    warnings = []
    known = {compact_key(item.key) for item in exercise.items} | {"grad", "gradient", "hessian", "student"}
    unknown = [name for name in header if compact_key(name) not in known]
    if unknown and not ignore_unknown_columns:
        raise SymgradError.from_phrase("batch.error.unknown_columns", columns=", ".join(unknown),
                                       exercise=exercise.id, keys=", ".join(i.key for i in exercise.items))
    if unknown:
        warnings.append(Message.of("batch.warning.columns_ignored", exercise=exercise.id, columns=", ".join(unknown)))
    submissions = []
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            line = reader.line_num
            submissions.append(Submission(f"(line {line})", {}, line, Message.of("batch.row.unreadable_csv", reason=str(error))))
            continue
        line = reader.line_num
        if not row or all(not cell.strip() for cell in row):
            continue
        values = dict(zip(header, row))
        student = values.get("student", "").strip() or f"(line {line})"
        if len(row) != len(header):
            submissions.append(Submission(student, {}, line, Message.of("batch.row.field_count", fields=len(row),
                                                                        header=len(header))))
            continue
        if not values.get("student", "").strip():
            submissions.append(Submission(student, {}, line, Message.of("batch.row.no_student")))
            continue
        answers = {name: value for name, value in values.items()
                   if name != "student" and name not in unknown and value.strip()}
        ignored = {name: values[name] for name in unknown if values.get(name, "").strip()}
        submissions.append(replace(_checked(exercise, student, answers, line), ignored=ignored))
    return submissions, warnings + duplicate_students(submissions)


def duplicate_students(submissions: Sequence[Submission]) -> list[Message]:
    """A warning for each student with more than one submission, naming their lines."""
    lines: dict[str, list[int]] = {}
    for submission in submissions:
        lines.setdefault(submission.student, []).append(submission.line)
    return [Message.of("batch.warning.duplicate_student", student=student, count=len(at),
                       lines=", ".join(map(str, at)))
            for student, at in lines.items() if len(at) > 1 and not student.startswith("(line ")]


def _checked(exercise: Exercise, student: str, answers: Mapping, line: int) -> Submission:
    try:
        return Submission(student, split_whole_answers(exercise, answers), line)
    except ExerciseError as error:
        return Submission(student, {}, line, error.as_message())


def _read_jsonl(text: str, exercise: Exercise) -> list[Submission]:
    submissions = []
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except (json.JSONDecodeError, RecursionError) as error:
            submissions.append(Submission(f"(line {line})", {}, line, Message.of("batch.row.not_json", reason=getattr(error, "msg", str(error)))))
            continue
        if not isinstance(record, dict):
            submissions.append(Submission(f"(line {line})", {}, line, Message.of("batch.row.not_object")))
            continue
        student = record.get("student")
        student = str(student) if isinstance(student, (str, int)) and str(student).strip() else f"(line {line})"
        answers = record.get("answers")
        if "student" not in record or not str(record.get("student", "")).strip():
            submissions.append(Submission(student, {}, line, Message.of("batch.row.no_student_field")))
        elif not isinstance(answers, dict):
            submissions.append(Submission(student, {}, line, Message.of("batch.row.answers_not_object")))
        elif not all(isinstance(v, str) for v in answers.values()):
            submissions.append(Submission(student, {}, line, Message.of("batch.row.answer_not_string")))
        else:
            submissions.append(_checked(exercise, student, answers, line))
    return submissions


# ------------------------------------------------------------------ the worker pool

def _limit_memory() -> None:
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        with open("/proc/self/statm") as handle:
            current = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = current + MEMORY_LIMIT_BYTES
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, OSError, ValueError):
        pass


def _die_with_parent() -> None:
    """End this worker when the grading process ends, however it ends (Linux: the parent-death
    signal; a SIGKILLed parent runs no clean-up of its own)."""
    for number in ENDING_SIGNALS:
        signal.signal(number, signal.SIG_DFL)  # a forked worker inherits the parent's handlers
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:  # the parent is already gone
        os._exit(0)


@contextlib.contextmanager
def _ending_on_signals():
    """SIGTERM and SIGHUP end the grading like Ctrl-C does: the workers are stopped and no
    result file is written (exit 128 + the signal's number). Only in the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def end(number, frame):
        raise SystemExit(128 + number)

    previous = {number: signal.signal(number, end) for number in ENDING_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _worker(connection, exercise_id: str, bank: str | None, seconds: float) -> None:
    """Grade (task id, key, text) tasks from ``connection`` until it sends None."""
    _die_with_parent()
    _limit_memory()
    exercise = find_exercise(exercise_id, bank)
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        task_id, key, text = task
        try:
            result = grade_item(exercise, exercise.item(key), text, seconds=seconds)
        except MemoryError:
            result = ItemResult(key=key, verdict=UNDECIDED, score=0, max_score=exercise.item(key).points,
                                interpreted=None, message=says("grade.out_of_memory"), answer=text)
        except Exception as error:  # a bug must not lose the row: report it as undecided
            result = ItemResult(key=key, verdict=UNDECIDED, score=0, max_score=exercise.item(key).points,
                                interpreted=None, message=says("grade.crashed", error=type(error).__name__),
                                answer=text)
        connection.send((task_id, result))


class _Slot:
    """One worker process, its pipe and the task it is working on."""

    def __init__(self, context, exercise: Exercise, bank: str | None, seconds: float):
        parent, child = context.Pipe()
        self.process = context.Process(target=_worker, args=(child, exercise.id, bank, seconds), daemon=True)
        self.process.start()
        child.close()
        self.connection = parent
        self.task = None
        self.deadline = 0.0

    def stop(self, kill: bool = False) -> None:
        try:
            if kill:
                self.process.kill()
            else:
                self.connection.send(None)
        except (OSError, ValueError, BrokenPipeError):
            pass
        self.process.join(timeout=1.0 if not kill else 5.0)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=5.0)
        self.connection.close()


def _context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def grade_tasks(exercise: Exercise, tasks: Sequence[tuple[str, str]], *, workers: int | None = None,
                seconds: float = 2.0, bank: str | None = None, progress=None) -> list[ItemResult]:
    """Grade (key, text) tasks in worker processes; results in the order of ``tasks``.

    A task that runs past ``seconds + GRACE_SECONDS`` has its worker killed and replaced;
    its result is ``undecided``. So is a task whose worker dies.
    """
    results: list[ItemResult | None] = [None] * len(tasks)
    if not tasks:
        return []
    workers = max(1, min(workers or os.cpu_count() or 1, len(tasks)))
    context = _context()
    slots = [_Slot(context, exercise, bank, seconds) for _ in range(workers)]
    pending = list(range(len(tasks)))[::-1]
    try:
        with _ending_on_signals():
            _run_tasks(exercise, tasks, results, slots, pending, context, bank, seconds, progress)
    finally:
        for slot in slots:
            slot.stop()
    return results  # type: ignore[return-value]


def _run_tasks(exercise, tasks, results, slots, pending, context, bank, seconds, progress) -> int:
    """The scheduling loop of :func:`grade_tasks`: hand out tasks, collect results, replace
    workers that die or overrun; returns how many tasks are done (all of them)."""
    done = 0
    while done < len(tasks):
        for index, slot in enumerate(slots):
            if slot.task is None and pending:
                task_id = pending.pop()
                try:
                    slot.connection.send((task_id, *tasks[task_id]))
                except (OSError, BrokenPipeError):
                    pending.append(task_id)
                    slots[index] = _Slot(context, exercise, bank, seconds)
                    continue
                slot.task = task_id
                slot.deadline = time.monotonic() + seconds + GRACE_SECONDS
        busy = {slot.connection: slot for slot in slots if slot.task is not None}
        ready = wait(list(busy), timeout=POLL_SECONDS) if busy else []
        for connection in ready:
            slot = busy[connection]
            try:
                task_id, result = connection.recv()
            except (EOFError, OSError):
                continue  # the worker died; handled below
            results[task_id] = result
            slot.task = None
            done += 1
            if progress:
                progress(done, len(tasks))
        now = time.monotonic()
        for index, slot in enumerate(slots):
            if slot.task is None:
                continue
            dead = not slot.process.is_alive()
            if dead or now > slot.deadline:
                key, text = tasks[slot.task]
                reason = (says("grade.worker_died") if dead else
                          says("grade.worker_timeout", seconds=f"{seconds + GRACE_SECONDS:g}"))
                results[slot.task] = ItemResult(
                    key=key, verdict=UNDECIDED, score=0, max_score=exercise.item(key).points,
                    interpreted=None, message=says("grade.stopped", reason=reason), answer=text)
                done += 1
                if progress:
                    progress(done, len(tasks))
                slot.stop(kill=True)
                slots[index] = _Slot(context, exercise, bank, seconds)
    return done


def _progress_bar(done: int, total: int) -> None:
    import sys

    width = 30
    filled = int(width * done / total) if total else width
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def grade_submissions(exercise: Exercise, submissions: Sequence[Submission], *, workers: int | None = None,
                      seconds: float = 2.0, bank: str | None = None, progress: bool = False,
                      warnings: Iterable[Message] = ()) -> BatchReport:
    """One result row per submission; identical (key, answer) pairs are graded once."""
    started = time.monotonic()
    unique: dict[tuple[str, str], int] = {}
    tasks: list[tuple[str, str]] = []
    for submission in submissions:
        if submission.error:
            continue
        for key, text in submission.answers.items():
            pair = (key, text.strip())
            if pair not in unique:
                unique[pair] = len(tasks)
                tasks.append(pair)
    graded = grade_tasks(exercise, tasks, workers=workers, seconds=seconds, bank=bank,
                         progress=_progress_bar if progress else None)
    results = []
    for submission in submissions:
        items = []
        for item in exercise.items:
            if submission.error:
                items.append(ItemResult(key=item.key, verdict=INCORRECT, score=0, max_score=item.points,
                                        interpreted=None, message=says("grade.not_graded", reason=submission.error)))
                continue
            text = submission.answers.get(item.key)
            if text is None or not text.strip():
                items.append(grade_item(exercise, item, None))
            else:
                result = graded[unique[(item.key, text.strip())]]
                items.append(result)
        results.append(SubmissionResult(submission.student, submission.line, Grade(exercise.id, tuple(items), exercise.title),
                                        submission.error, submission.ignored))
    used = max(1, min(workers or os.cpu_count() or 1, len(tasks) or 1))
    return BatchReport(exercise, tuple(results), tuple(warnings), len(tasks), time.monotonic() - started, used)


def grade_file(exercise: Exercise, path: str, *, workers: int | None = None, seconds: float = 2.0,
               progress: bool = False, ignore_unknown_columns: bool = False) -> BatchReport:
    """Read ``path`` (``-`` is standard input; ``.jsonl``/``.ndjson``/``.json`` is JSON Lines,
    anything else CSV) and grade it."""
    import sys

    if path == "-":
        text = sys.stdin.read()
        kind = "jsonl" if text.lstrip().startswith("{") else "csv"
    else:
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except OSError as error:
            raise SymgradError.from_phrase("file.error.cannot_read", path=path, reason=error.strerror) from None
        except UnicodeDecodeError:
            raise SymgradError.from_phrase("file.error.not_utf8", path=path) from None
        kind = "jsonl" if Path(path).suffix.lower() in (".jsonl", ".ndjson", ".json") else "csv"
    submissions, warnings = read_submissions(text, exercise, kind, ignore_unknown_columns=ignore_unknown_columns)
    return grade_submissions(exercise, submissions, workers=workers, seconds=seconds, progress=progress,
                             warnings=warnings)


def grade_isolated(exercise: Exercise, answers: Mapping[str, str], *, seconds: float = 2.0) -> Grade:
    """One student's answers (only the answered items), each in a worker process."""
    keys = [item.key for item in exercise.items if item.key in answers]
    results = grade_tasks(exercise, [(key, answers[key]) for key in keys], seconds=seconds)
    return Grade(exercise.id, tuple(results), exercise.title)
