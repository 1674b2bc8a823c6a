"""Batch grading: one row per submission whatever it holds; runaway answers isolated."""

from __future__ import annotations

import json
import os
import signal
import time

import pytest

from symgrad.exercises import get_exercise
from symgrad.grading import batch
from symgrad.grading.batch import grade_file, grade_submissions, read_submissions
from symgrad.grading.exporters import render_summary, to_csv, write_results
from symgrad.phrases import message_text

HANGING = "sin(x)^(10^(10^(x^2)))"  # evaluating it at 60 digits runs for minutes

CSV = f"""student,f_x,f_y,"f_x(1,2)","f_y(1,2)"
alice,y^2+2xy,2xy+x^2,8,5
bob,y^2+2xy,y^2+2xy,8,4
carol,"__import__('os').system('echo pwned')",x^2+2xy,8.0,5
dave,{HANGING},x^2+2xy,8,5
eve,only,three
,y^2,x^2,1,1
frank,y*(y+2x),x*(x+2y),16/2,5
"""


def test_every_student_gets_a_row(tmp_path):
    source = tmp_path / "subs.csv"
    source.write_text(CSV, encoding="utf-8")
    report = grade_file(get_exercise("p1"), str(source), workers=2, seconds=1.0)
    by_student = {r.student: r for r in report.results}
    assert [r.student for r in report.results] == ["alice", "bob", "carol", "dave", "eve", "(line 7)", "frank"]
    assert by_student["alice"].score == 4
    assert by_student["frank"].score == 4
    # bob: f_y is f_x (wrong variable) and f_y(1,2) = 4 + 1 = 5, not 4
    assert by_student["bob"].score == 2
    assert by_student["bob"].grade.items[1].mistake == "wrong_variable"
    carol = by_student["carol"].grade.items[0]
    assert carol.verdict == "invalid"
    assert by_student["dave"].grade.items[0].verdict == "undecided"
    assert by_student["dave"].score == 3
    assert by_student["eve"].score == 0 and "fields" in message_text(by_student["eve"].error, "en")
    assert message_text(by_student["(line 7)"].error, "en") == "the student column is empty"
    assert message_text(by_student["(line 7)"].error, "ko") == "student 열이 비어 있습니다"
    summary = report.summary()
    assert summary["submissions"] == 7 and summary["malformed"] == 2
    assert {"key": "f_y", "mistake": "wrong_variable", "count": 1} in summary["common_mistakes"]
    assert "mean score per item" in render_summary(report)


def test_jsonl_with_malformed_lines(tmp_path):
    lines = [json.dumps({"student": "a", "answers": {"y'": "3/x"}}),
             "{not json",
             json.dumps({"student": "b", "answers": {"y'": 3}}),
             json.dumps({"student": "c", "answers": {"nokey": "1"}}),
             json.dumps(["x"]),
             json.dumps({"answers": {"y'": "3/x"}}),
             json.dumps({"student": "d", "answers": {"y'": "1/x^3"}})]
    source = tmp_path / "subs.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = grade_file(get_exercise("d2"), str(source), workers=1, seconds=1.0)
    assert len(report.results) == 7
    scores = [r.score for r in report.results]
    assert scores == [1, 0, 0, 0, 0, 0, 0]
    assert all(r.error for r in report.results[1:6])
    assert report.results[6].grade.items[0].mistake == "chain_rule_inner"


def test_a_worker_stuck_in_c_code_is_killed_and_replaced(monkeypatch):
    """An answer that ignores SIGALRM (blocked here, as C code would) and one that kills its
    process: the parent's watchdog records both as undecided and the batch goes on."""
    real = batch.grade_item

    def stubborn(exercise, item, text, seconds=2.0):
        if text == "hang":
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            time.sleep(120)
        if text == "crash":
            os._exit(3)
        return real(exercise, item, text, seconds=seconds)

    monkeypatch.setattr(batch, "grade_item", stubborn)
    monkeypatch.setattr(batch, "GRACE_SECONDS", 0.5)
    exercise = get_exercise("d2")
    submissions, _ = read_submissions("student,y'\na,3/x\nb,hang\nc,crash\nd,3/x^2\ne,6/(2x)\n", exercise, "csv")
    started = time.monotonic()
    report = grade_submissions(exercise, submissions, workers=2, seconds=0.5)
    assert time.monotonic() - started < 60  # generous: the hang alone would take 120 s
    verdicts = [r.grade.items[0].verdict for r in report.results]
    assert verdicts == ["correct", "undecided", "undecided", "incorrect", "correct"]


def test_exporters(tmp_path):
    exercise = get_exercise("d2")
    submissions, _ = read_submissions("student,y'\nann,3/x\nben,1/x^3\n", exercise, "csv")
    report = grade_submissions(exercise, submissions, workers=1)
    csv_text = to_csv(report)
    assert csv_text.splitlines()[0] == "student,line,score,max_score,error,y',y':verdict,y':feedback"
    assert csv_text.splitlines()[1].startswith("ann,2,1,1,,1,correct")
    write_results(report, str(tmp_path / "gradescope"), gradescope=True)
    tests = json.loads((tmp_path / "gradescope" / "ben" / "results.json").read_text())["tests"]
    assert tests[0]["name"] == "y'" and tests[0]["score"] == 0 and tests[0]["max_score"] == 1
    assert "Chain rule" in tests[0]["output"]
    out = tmp_path / "r.json"
    write_results(report, str(out))
    assert json.loads(out.read_text())["summary"]["mean_score"] == 0.5
