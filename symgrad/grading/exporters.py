"""Writing batch results: CSV, JSON, or a folder of Gradescope results; the text summary.

- CSV: one row per submission: ``student, line, score, max_score, error``, then for each
  item key ``KEY``, ``KEY:verdict``, ``KEY:feedback``; with ``--ignore-unknown-columns``
  and a column that names no item, a last column ``ignored`` with the row's answers there.
- JSON: ``{"exercise", "summary", "results": [one object per submission]}``.
- Gradescope (``--gradescope``): ``OUT/STUDENT/results.json``, Gradescope's own format
  for each submission (:func:`symgrad.grading.gradescope.write_gradescope_folder`).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from symgrad.errors import SymgradError
from symgrad.files import write_atomically
from symgrad.grading.batch import BatchReport, ignored_text
from symgrad.grading.gradescope import write_gradescope_folder
from symgrad.phrases import message_text, phrase, translated


FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection)."""


def spreadsheet_safe(cell):
    """A text cell that starts like a formula (``=HYPERLINK(…)``) gets a leading ``'``, so a
    spreadsheet shows it as text; numbers and other text are unchanged.

    >>> spreadsheet_safe("=SUM(A1:A9)"), spreadsheet_safe("kim"), spreadsheet_safe(3)
    ("'=SUM(A1:A9)", 'kim', 3)
    """
    if isinstance(cell, str) and cell.startswith(FORMULA_TRIGGERS):
        return "'" + cell
    return cell


def to_csv(report: BatchReport, lang: str = "en") -> str:
    """The report as CSV: a row per submission, three columns per item; every text cell is
    :func:`spreadsheet_safe`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header = ["student", "line", "score", "max_score", "error"]
    for key in report.keys:
        header += [key, f"{key}:verdict", f"{key}:feedback"]
    reports_ignored = any(result.ignored for result in report.results)
    if reports_ignored:
        header.append("ignored")
    writer.writerow([spreadsheet_safe(cell) for cell in header])
    for result in report.results:
        row = [result.student, result.line, result.score, result.grade.max_score, message_text(result.error, lang)]
        for item in result.grade.items:
            row += [item.score, item.verdict, message_text(item.message, lang)]
        if reports_ignored:
            row.append(ignored_text(result.ignored))
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return buffer.getvalue()


def to_json(report: BatchReport, lang: str = "en") -> str:
    data = {"exercise": report.exercise.id, "summary": report.summary(),
            "results": [result.to_dict() for result in report.results]}
    return json.dumps(translated(data, lang), ensure_ascii=False, indent=2)


def write_results(report: BatchReport, path: str, *, gradescope: bool = False, lang: str = "en") -> None:
    """Write ``report`` to ``path``: a folder of Gradescope results.json files, else by
    extension (.csv, .json); the feedback and notes for students in ``lang``."""
    suffix = Path(path).suffix.lower()
    if gradescope:
        write_gradescope_folder(report, Path(path), lang)
        return
    if suffix == ".csv":
        text = to_csv(report, lang)
    elif suffix == ".json":
        text = to_json(report, lang)
    else:
        raise SymgradError.from_phrase("batch.error.output_format", path=path)
    write_atomically(Path(path), text)


def render_summary(report: BatchReport, lang: str = "en") -> str:
    """The summary an instructor reads after a batch, in ``lang``."""
    summary = translated(report.summary(), lang)
    say = lambda key, **fields: phrase(key, lang, **fields)  # noqa: E731
    lines = [say("summary.head", exercise=summary["exercise"], submissions=summary["submissions"],
                 malformed=summary["malformed"], mean=f"{summary['mean_score']:.2f}", max=summary["max_score"]),
             say("summary.timing", answers=summary["answers_graded"], seconds=f"{summary['seconds']:.1f}",
                 workers=summary["workers"]),
             say("summary.per_item")]
    for key, mean in summary["mean_per_item"].items():
        lines.append(f"  {key:18} {mean:.2f}")
    if summary["verdicts"]:
        counts = ", ".join(f"{say('verdict.' + v)} {n}" for v, n in sorted(summary["verdicts"].items()))
        lines.append(say("summary.verdicts", counts=counts))
    if summary["common_mistakes"]:
        lines.append(say("summary.mistakes"))
        for entry in summary["common_mistakes"]:
            lines.append(f"  {entry['key']:18} {entry['mistake']:24} {entry['count']}")
    for warning in summary["warnings"]:
        lines.append(say("summary.warning", warning=warning))
    return "\n".join(lines)
