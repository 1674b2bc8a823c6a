"""Gradescope: the autograder zip, the student's answer sheet, and results.json.

A Gradescope autograder is a zip that Gradescope unpacks into ``/autograder/source``.
``setup.sh`` runs once, as root, on Gradescope's Ubuntu image (it installs Python ≥ 3.11
and the pinned dependencies into a virtual environment); ``run_autograder`` runs for each
submission: it reads the student's file under ``/autograder/submission/`` and writes
``/autograder/results/results.json`` in Gradescope's format::

    {"score": 3, "output": "...", "visibility": "visible", "stdout_visibility": "hidden",
     "tests": [{"name": "p2: f_x", "score": 1, "max_score": 1, "status": "passed",
                "output": "...", "visibility": "visible"}, ...]}

The three paths can be moved with ``SYMGRAD_AUTOGRADER_SOURCE``, ``SYMGRAD_SUBMISSION_DIR``
and ``SYMGRAD_RESULTS_DIR`` (and the interpreter with ``SYMGRAD_PYTHON``), so that the
same ``run_autograder`` runs on an instructor's machine against a sample submission.

The student submits a text file, ``answers.txt`` (any name, when it is the only file):
one ``KEY = ANSWER`` per line, the keys ``symgrad exercises show ID`` lists; blank lines
and lines starting with ``#`` are skipped; with several exercises a line ``[ID]`` starts
each exercise's answers. Whatever the file holds, results.json is written: a missing,
empty, binary or oversized file, a line that is not ``KEY = ANSWER`` or an unknown key is
said in the output, every unanswered item is ``blank`` with score 0, and the rest is
graded. Every answer is graded in a worker process with a time bound
(:func:`symgrad.grading.batch.grade_submissions`); nothing in the file is run as code.
"""

from __future__ import annotations

import io
import json
import os
import re
import stat
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

from symgrad.catalog import find_exercise
from symgrad.exercises import Exercise, ExerciseError
from symgrad.files import write_atomically
from symgrad.grading.batch import BatchReport, Submission, SubmissionResult, grade_submissions, ignored_text
from symgrad.grading.grade import CORRECT, split_whole_answers
from symgrad.messages import Message
from symgrad.parse import normalize_text
from symgrad.phrases import message_text, note_phrase, phrase

SUBMISSION_FILE = "answers.txt"
TEMPLATE_FILE = "answers_template.txt"
CONFIG_FILE = "symgrad-autograder.json"
MAX_SUBMISSION_BYTES = 64 * 1024
VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")
"""Gradescope's visibility values for tests and for the whole result."""
SOURCE_VARIABLE, SUBMISSION_VARIABLE, RESULTS_VARIABLE = (
    "SYMGRAD_AUTOGRADER_SOURCE", "SYMGRAD_SUBMISSION_DIR", "SYMGRAD_RESULTS_DIR")
DEFAULT_SOURCE, DEFAULT_SUBMISSION, DEFAULT_RESULTS = (
    "/autograder/source", "/autograder/submission", "/autograder/results")
PINNED = ("sympy", "mpmath", "click")
"""Dependencies pinned to the versions the zip was built with: verdicts depend on them."""
AT_LEAST = {"numpy": "1.24"}
"""Dependencies left to pip (a wheel for Gradescope's Python), at least these versions."""
_SECTION = re.compile(r"^\[\s*([^\]]*?)\s*\]$")


@dataclass(frozen=True)
class AutograderConfig:
    """What ``run_autograder`` grades and how: written into the zip as JSON."""

    exercises: tuple[str, ...]
    lang: str = "en"
    seconds: float = 2.0
    visibility: str = "visible"

    def to_dict(self) -> dict:
        return {"exercises": list(self.exercises), "lang": self.lang, "seconds": self.seconds,
                "visibility": self.visibility}

    @classmethod
    def from_dict(cls, data: Mapping) -> "AutograderConfig":
        return cls(tuple(data["exercises"]), data.get("lang", "en"), float(data.get("seconds", 2.0)),
                   data.get("visibility", "visible"))


@dataclass(frozen=True)
class AnswerSheet:
    """What a submission file said: answers by exercise id and item key, and the lines
    that could not be used (each a :class:`~symgrad.messages.Message` naming its line)."""

    answers: Mapping[str, Mapping[str, str]]
    problems: tuple[Message, ...] = ()
    file: str | None = None


# ------------------------------------------------------------------ reading the submission

def read_answer_sheet(text: str, exercises: Sequence[Exercise], file: str | None = None) -> AnswerSheet:
    """The answers in ``text`` (see the module doc for the format), never raising on its content.

    >>> from symgrad.exercises import get_exercise
    >>> sheet = read_answer_sheet("f_x = 2x + 2y\\nf_z = 1\\n", [get_exercise("p2")])
    >>> dict(sheet.answers["p2"]), [problem.key for problem in sheet.problems]
    ({'f_x': '2x + 2y'}, ['autograder.unknown_key'])
    """
    by_id = {exercise.id: exercise for exercise in exercises}
    answers: dict[str, dict[str, str]] = {exercise.id: {} for exercise in exercises}
    given_on: dict[tuple[str, str], int] = {}
    problems: list[Message] = []
    current = exercises[0].id if len(exercises) == 1 else None
    for number, raw in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):
        line = normalize_text(raw).strip()  # a full-width ＝ or ［p2］ from a Korean input method
        if not line or line.startswith("#"):
            continue
        section = _SECTION.match(line)
        if section:
            current = section.group(1)
            if current not in by_id:
                problems.append(Message.of("autograder.unknown_section", line=number, section=current,
                                           known=", ".join(by_id)))
            continue
        key, separator, answer = line.partition("=")
        if not separator or not key.strip():
            problems.append(Message.of("autograder.not_key_value", line=number, given=_shortened(line)))
        elif current is None:
            problems.append(Message.of("autograder.no_section", line=number, known=", ".join(by_id)))
        elif current in by_id:
            exercise = by_id[current]
            try:
                split = split_whole_answers(exercise, {key.strip(): answer.strip()})
            except ExerciseError:
                problems.append(Message.of("autograder.unknown_key", line=number, item=_shortened(key.strip()),
                                           exercise=exercise.id, keys=", ".join(i.key for i in exercise.items)))
                continue
            for item_key, item_answer in split.items():
                if (current, item_key) in given_on:
                    problems.append(Message.of("autograder.given_twice", line=number, item=item_key,
                                               first=given_on[(current, item_key)]))
                given_on[(current, item_key)] = number
                answers[current][item_key] = item_answer
    return AnswerSheet(answers, tuple(problems), file)


def _shortened(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def find_submission(directory: Path) -> tuple[Path | None, Message | None]:
    """The student's answer file in ``directory``: ``answers.txt`` (at any depth), else the
    only file there; or None and the reason."""
    if not directory.is_dir():
        return None, Message.of("autograder.no_file", name=SUBMISSION_FILE)
    files = sorted(path for path in directory.rglob("*")
                   if path.is_file() and not any(part.startswith(".") for part in path.relative_to(directory).parts))
    named = [path for path in files if path.name.lower() == SUBMISSION_FILE]
    if named:
        return named[0], None
    if len(files) == 1:
        return files[0], None
    if not files:
        return None, Message.of("autograder.no_file", name=SUBMISSION_FILE)
    return None, Message.of("autograder.several_files", name=SUBMISSION_FILE,
                            files=", ".join(_shortened(str(p.relative_to(directory))) for p in files[:5]))


def read_submission_text(path: Path) -> tuple[str | None, Message | None]:
    """The text of ``path`` (UTF-8, a byte-order mark allowed), or None and the reason:
    over :data:`MAX_SUBMISSION_BYTES`, not UTF-8 text, or unreadable."""
    try:
        size = path.stat().st_size
        if size > MAX_SUBMISSION_BYTES:
            return None, Message.of("autograder.too_large", file=path.name, size=size, limit=MAX_SUBMISSION_BYTES)
        data = path.read_bytes()
    except OSError as error:
        return None, Message.of("autograder.unreadable", file=path.name, reason=error.strerror or error)
    if b"\0" in data:
        return None, Message.of("autograder.not_text", file=path.name)
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return None, Message.of("autograder.not_text", file=path.name)


def read_submission(directory: Path, exercises: Sequence[Exercise]) -> AnswerSheet:
    """The answer sheet submitted in ``directory``; an empty one with the reason when there is none."""
    path, problem = find_submission(directory)
    text = None
    if path is not None:
        text, problem = read_submission_text(path)
    if text is None:
        return AnswerSheet({exercise.id: {} for exercise in exercises}, (problem,))
    return read_answer_sheet(text, exercises, path.name)


# ------------------------------------------------------------------ results.json

def item_tests(exercise_id: str, result: SubmissionResult, lang: str = "en", visibility: str = "visible",
               prefix: bool = True) -> list[dict]:
    """One Gradescope test per item of ``result``: its score, and the answer as read,
    the verdict and the feedback as its output."""
    tests = []
    for item in result.grade.items:
        lines = []
        if item.answer is not None and item.answer.strip():
            lines.append(phrase("autograder.your_answer", lang, answer=item.answer.strip()))
        lines.extend(message_text(remark, lang) for remark in item.remarks[:1] if item.interpreted)
        verdict = phrase("verdict." + item.verdict, lang)
        feedback = message_text(item.message, lang)
        lines.append(feedback if item.verdict == CORRECT else f"{verdict}: {feedback}")
        tests.append({"name": f"{exercise_id}: {item.key}" if prefix else item.key,
                      "score": item.score, "max_score": item.max_score,
                      "status": "passed" if item.score >= item.max_score else "failed",
                      "output": "\n".join(lines), "visibility": visibility})
    return tests


def gradescope_result(result: SubmissionResult, exercise_id: str, lang: str = "en",
                      visibility: str = "visible") -> dict:
    """Gradescope's results.json object for one batch row (feedback in ``lang``)."""
    data = _results(item_tests(exercise_id, result, lang, visibility, prefix=False), visibility)
    if result.error:
        data["output"] = phrase("autograder.not_graded", lang, reason=message_text(result.error, lang))
    elif result.ignored:
        data["output"] = phrase("autograder.ignored_columns", lang, answers=ignored_text(result.ignored))
    return data


def _results(tests: list[dict], visibility: str, output: str = "") -> dict:
    return {"score": sum(test["score"] for test in tests), "output": output, "visibility": visibility,
            "stdout_visibility": "hidden", "tests": tests}


def grade_sheet(sheet: AnswerSheet, exercises: Sequence[Exercise], config: AutograderConfig,
                workers: int | None = None) -> dict:
    """results.json for ``sheet``: every item of every exercise a test, the file's problems
    and a count of the answered items in the output."""
    tests: list[dict] = []
    answered = 0
    for exercise in exercises:
        answers = sheet.answers.get(exercise.id, {})
        answered += sum(1 for text in answers.values() if text.strip())
        report = grade_submissions(exercise, [Submission("submission", answers, 0)], workers=workers,
                                   seconds=config.seconds)
        tests += item_tests(exercise.id, report.results[0], config.lang, config.visibility,
                            prefix=len(exercises) > 1)
    lines = [note_phrase(problem, config.lang) for problem in sheet.problems]
    if sheet.file is not None:
        lines.insert(0, phrase("autograder.read", config.lang, file=sheet.file, answered=answered,
                               items=sum(len(e.items) for e in exercises)))
    if not answered:
        lines.append(phrase("autograder.format_help", config.lang, name=SUBMISSION_FILE))
    return _results(tests, config.visibility, "\n".join(lines))


def failure_result(error: BaseException, lang: str = "en") -> dict:
    """results.json when the autograder itself failed: score 0, and the reason for the instructor."""
    reason = f"{type(error).__name__}: {_shortened(str(error), 200)}"
    return {"score": 0, "output": phrase("autograder.failed", lang, reason=reason), "tests": []}


def run(source: Path, submission: Path, results: Path) -> dict:
    """Grade the submission in ``submission`` by the config in ``source``; write and return
    ``results/results.json``. Any failure still writes one, with score 0 and the reason."""
    lang = "en"
    try:
        config = AutograderConfig.from_dict(json.loads((source / CONFIG_FILE).read_text(encoding="utf-8")))
        lang = config.lang
        exercises = [find_exercise(exercise_id) for exercise_id in config.exercises]
        data = grade_sheet(read_submission(submission, exercises), exercises, config)
    except Exception as error:  # the student must get a results.json, whatever broke
        data = failure_result(error, lang)
    results.mkdir(parents=True, exist_ok=True)
    write_atomically(results / "results.json", json.dumps(data, ensure_ascii=False, indent=2))
    return data


def main(environ: Mapping[str, str] | None = None) -> int:
    """``run_autograder``'s entry point: the paths from the environment (or Gradescope's)."""
    environ = os.environ if environ is None else environ
    run(Path(environ.get(SOURCE_VARIABLE, DEFAULT_SOURCE)), Path(environ.get(SUBMISSION_VARIABLE, DEFAULT_SUBMISSION)),
        Path(environ.get(RESULTS_VARIABLE, DEFAULT_RESULTS)))
    return 0


# ------------------------------------------------------------------ batch rows as Gradescope files

def write_gradescope_folder(report: BatchReport, folder: Path, lang: str = "en") -> list[Path]:
    """One Gradescope results.json per submission of ``report``: ``folder/STUDENT/results.json``
    (a student name made safe for a file name; a repeated one gets ``-LINE``)."""
    written = []
    used: set[str] = set()
    for result in report.results:
        name = safe_file_name(result.student)
        if name in used:
            name = f"{name}-{result.line}"
        used.add(name)
        target = folder / name
        target.mkdir(parents=True, exist_ok=True)
        data = gradescope_result(result, report.exercise.id, lang)
        write_atomically(target / "results.json", json.dumps(data, ensure_ascii=False, indent=2))
        written.append(target / "results.json")
    return written


def safe_file_name(name: str) -> str:
    """``name`` with everything but letters, digits, ``.``, ``-``, ``_`` and ``@`` made ``_``;
    never empty, never starting with a dot.

    >>> safe_file_name("../kim lee"), safe_file_name("김민수"), safe_file_name("")
    ('_.._kim_lee', '김민수', '_')
    """
    cleaned = "".join(c if c.isalnum() or c in "-_@." else "_" for c in name)[:100]
    return "_" + cleaned if not cleaned or cleaned.startswith(".") else cleaned


# ------------------------------------------------------------------ building the zip

@dataclass(frozen=True)
class Autograder:
    """A written autograder zip: where, for which exercises, and the files in it."""

    path: Path
    config: AutograderConfig
    files: tuple[str, ...]
    points: int
    template: str


def answer_template(exercises: Sequence[Exercise], lang: str = "en") -> str:
    """The file students fill in: the format, each exercise's task, and every key with ``=``."""
    lines = [f"# {line}" for line in phrase("autograder.template_head", lang, name=SUBMISSION_FILE).splitlines()]
    for exercise in exercises:
        lines += ["", f"[{exercise.id}]", f"# {exercise.title.get(lang)}", f"# {exercise.task.get(lang)}"]
        lines += [f"{item.key} = " for item in exercise.items]
    return "\n".join(lines) + "\n"


def requirements() -> str:
    """requirements.txt for setup.sh: :data:`PINNED` at this machine's versions, the rest at least."""
    from importlib.metadata import version

    lines = [f"{name}=={version(name)}" for name in PINNED]
    lines += [f"{name}>={minimum}" for name, minimum in AT_LEAST.items()]
    return "\n".join(lines) + "\n"


def package_files() -> list[tuple[Path, str]]:
    """symgrad's own source files (code and exercise bank) with their names in the zip."""
    root = Path(__file__).resolve().parent.parent
    files = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".toml") and "__pycache__" not in path.parts:
            files.append((path, "symgrad/" + path.relative_to(root).as_posix()))
    return files


SETUP_SH = r"""#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image (Ubuntu).
# It finds (or installs) Python >= 3.11 and puts symgrad's dependencies into a virtual
# environment beside this file; run_autograder uses that environment.
set -euo pipefail
SOURCE="${SYMGRAD_AUTOGRADER_SOURCE:-/autograder/source}"

find_python() {
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

PYTHON="$(find_python || true)"
if [ -z "$PYTHON" ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y python3.11 python3.11-venv
  PYTHON=python3.11
fi
if ! "$PYTHON" -m venv "$SOURCE/venv"; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y "$(basename "$PYTHON")-venv" || \
    DEBIAN_FRONTEND=noninteractive apt-get install -y python3-venv
  "$PYTHON" -m venv "$SOURCE/venv"
fi
"$SOURCE/venv/bin/python" -m pip install --no-cache-dir --quiet -r "$SOURCE/requirements.txt"
cd "$SOURCE" && "$SOURCE/venv/bin/python" -c "import symgrad.grading.gradescope"
echo "symgrad autograder is set up with $("$SOURCE/venv/bin/python" --version)"
"""

RUN_AUTOGRADER = r"""#!/usr/bin/env bash
# Gradescope runs this for each submission. It grades /autograder/submission/answers.txt
# and writes /autograder/results/results.json. To try it on your own machine:
#   SYMGRAD_AUTOGRADER_SOURCE=DIR_OF_THIS_ZIP SYMGRAD_SUBMISSION_DIR=DIR_WITH_answers.txt \
#   SYMGRAD_RESULTS_DIR=OUT_DIR SYMGRAD_PYTHON=python3 bash run_autograder
set -u
absolute() { case "$1" in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
SOURCE="$(absolute "${SYMGRAD_AUTOGRADER_SOURCE:-/autograder/source}")"
SUBMISSION="$(absolute "${SYMGRAD_SUBMISSION_DIR:-/autograder/submission}")"
RESULTS="$(absolute "${SYMGRAD_RESULTS_DIR:-/autograder/results}")"
PYTHON="${SYMGRAD_PYTHON:-$SOURCE/venv/bin/python}"
export SYMGRAD_AUTOGRADER_SOURCE="$SOURCE" SYMGRAD_SUBMISSION_DIR="$SUBMISSION" SYMGRAD_RESULTS_DIR="$RESULTS"
mkdir -p "$RESULTS"
cd "$SOURCE" || exit 0
PYTHONPATH="$SOURCE" PYTHONNOUSERSITE=1 "$PYTHON" -m symgrad.grading.gradescope
status=$?
if [ ! -s "$RESULTS/results.json" ]; then
  # Python itself could not start: the student still gets a results.json.
  printf '{"score": 0, "output": "The autograder could not run (exit status %s); this submission was not graded. Please tell your instructor.", "tests": []}\n' "$status" > "$RESULTS/results.json"
fi
exit 0
"""


def build_autograder(exercise_ids: Sequence[str], out: Path, *, lang: str = "en", seconds: float = 2.0,
                     visibility: str = "visible") -> Autograder:
    """Write the Gradescope autograder zip for ``exercise_ids`` to ``out``.

    It holds ``setup.sh``, ``run_autograder``, ``requirements.txt``, the config, the answer
    template for students and symgrad's own source (so the zip grades with exactly this
    version). Unknown exercise ids raise ExerciseError before anything is written."""
    exercises = [find_exercise(exercise_id) for exercise_id in dict.fromkeys(exercise_ids)]
    if visibility not in VISIBILITIES:
        raise ValueError(f"visibility must be one of {', '.join(VISIBILITIES)}")
    config = AutograderConfig(tuple(exercise.id for exercise in exercises), lang, seconds, visibility)
    template = answer_template(exercises, lang)
    entries = [("setup.sh", SETUP_SH, True), ("run_autograder", RUN_AUTOGRADER, True),
               ("requirements.txt", requirements(), False),
               (CONFIG_FILE, json.dumps(config.to_dict(), ensure_ascii=False, indent=2) + "\n", False),
               (TEMPLATE_FILE, template, False)]
    sources = package_files()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text, executable in entries:
            _add(archive, name, text.encode("utf-8"), executable)
        for path, name in sources:
            _add(archive, name, path.read_bytes(), False)
    write_atomically(out, buffer.getvalue())
    names = tuple(name for name, _, _ in entries) + tuple(name for _, name in sources)
    return Autograder(out, config, names, sum(e.max_score for e in exercises), template)


def _add(archive: zipfile.ZipFile, name: str, data: bytes, executable: bool) -> None:
    info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    mode = 0o755 if executable else 0o644
    info.external_attr = (stat.S_IFREG | mode) << 16
    archive.writestr(info, data)


if __name__ == "__main__":
    sys.exit(main())
