"""`grade` gives an instructor every answer with the right mark (issue 13): keys with spaces,
unknown columns, duplicate students, formula-injection names, '((' answers, SIGTERM."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from symgrad.cli import main
from symgrad.exercises import get_exercise
from symgrad.grading.batch import grade_file

# p2: f = ln(x² + 2xy − y²); f_x = (2x+2y)/(x²+2xy−y²), f_y = (2x−2y)/(x²+2xy−y²);
# at (1, 1): f_x = 4/2 = 2, f_y = 0 (LECTURE.md §2)
CSV = '''student,f_x,f_y,"f_x(1, 1)","f_y( 1,1 )"
kim,((2x+2y))/(x^2+2xy-y^2),(2x-2y)/(x^2+2xy-y^2),2,0
"=HYPERLINK(""http://evil"",""x"")",2(x+y)/(x^2+2xy-y^2),0,2,0
kim,1,1,1,1
'''


def test_grade_gives_every_answer_its_mark(tmp_path):
    source = tmp_path / "subs.csv"
    source.write_text(CSV, encoding="utf-8")
    out = tmp_path / "results.csv"
    result = CliRunner().invoke(main, ["grade", "p2", str(source), "--out", str(out), "--workers", "1"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [row["score"] for row in rows] == ["4", "3", "0"]
    # the spaced columns name f_x(1,1) and f_y(1,1): their answers are graded, not dropped
    assert rows[0]["f_x(1,1):verdict"] == "correct" and rows[0]["f_y(1,1):verdict"] == "correct"
    assert rows[0]["f_x:verdict"] == "correct"  # the '((' answer
    # the name is shown as text, never as a live formula
    assert rows[1]["student"].startswith("'=HYPERLINK")
    assert "kim has 2 submissions (lines 2, 4)" in result.output


def test_a_column_that_names_no_item_stops_with_one_line(tmp_path):
    source = tmp_path / "subs.csv"
    source.write_text("student,f_x,fy\nkim,1,2\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["grade", "p2", str(source), "--out", str(tmp_path / "r.csv")])
    assert result.exit_code == 2
    assert "fy" in result.output and "f_x(1,1)" in result.output
    assert not (tmp_path / "r.csv").exists()
    result = CliRunner().invoke(main, ["grade", "p2", str(source), "--out", str(tmp_path / "r.csv"),
                                       "--ignore-unknown-columns", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "columns ignored" in result.output
    row = next(csv.DictReader(io.StringIO((tmp_path / "r.csv").read_text(encoding="utf-8"))))
    assert row["ignored"] == "fy = 2"  # the row says which answer no item took
    CliRunner().invoke(main, ["grade", "p2", str(source), "--out", str(tmp_path / "r.json"),
                              "--ignore-unknown-columns", "--workers", "1"])
    assert json.loads((tmp_path / "r.json").read_text())["results"][0]["ignored"] == {"fy": "2"}
    CliRunner().invoke(main, ["grade", "p2", str(source), "--out", str(tmp_path / "gs"), "--gradescope",
                              "--ignore-unknown-columns", "--workers", "1"])
    output = json.loads((tmp_path / "gs" / "kim" / "results.json").read_text())["output"]
    assert output == "Answers in columns that name no item were not graded: fy = 2."


def test_jsonl_keys_with_spaces_name_their_items(tmp_path):
    source = tmp_path / "subs.jsonl"
    source.write_text('{"student": "lee", "answers": {"f_x( 1, 1)": "2"}}\n', encoding="utf-8")
    report = grade_file(get_exercise("p2"), str(source), workers=1)
    (result,) = report.results
    assert result.error is None and result.score == 1


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc").exists(), reason="reads /proc")
def test_sigterm_ends_the_workers_and_writes_nothing(tmp_path):
    source = tmp_path / "subs.csv"
    source.write_text("student,f_x\n" + "".join(f"s{i},{i}x\n" for i in range(4)), encoding="utf-8")
    out = tmp_path / "results.csv"
    # every answer hangs in its worker (forked workers inherit the patched grade_item)
    script = (f"import time, symgrad.grading.batch as b\n"
              f"b.grade_item = lambda *a, **k: time.sleep(600)\n"
              f"from symgrad.cli import main\n"
              f"main(['grade', 'p2', {str(source)!r}, '--out', {str(out)!r}, '--workers', '2', '--timeout', '60'])\n")
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while len(_children(process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    workers = _children(process.pid)
    assert workers, "the grader started no workers"
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    time.sleep(0.5)
    alive = [pid for pid in workers if Path(f"/proc/{pid}").exists()
             and "Z" not in (Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0])]
    assert alive == []
    assert not out.exists()
