"""What the commands look like in a terminal: widths, alignment, colour, --out -, completion.

Widths are measured as a terminal shows them: each command runs in a pseudo-terminal
(:mod:`pty`) whose window is set to 80 columns (TIOCSWINSZ, no COLUMNS variable), and every
line's width is counted here with the East Asian Width property of :mod:`unicodedata`
(wide and full-width characters take two columns), independently of symgrad's own
:func:`symgrad.columns.display_width`.
"""

from __future__ import annotations

import csv
import fcntl
import io
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
import unicodedata
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from symgrad.cli import main
from symgrad.columns import wrap_line
from symgrad.exercises import load_bank
from symgrad.optim import METHODS
from symgrad.render import FORMATS

ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
CAMELBACK = "(4 - 2.1x^2 + x^4/3)x^2 + xy + (-4 + 4y^2)y^2"


def columns(text: str) -> int:
    """Terminal columns of one line, counted from Unicode's East Asian Width (ANSI codes take none)."""
    text = ESCAPE.sub("", text)
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
               for c in text)


def clean_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    env.update(TERM="xterm", PYTHONIOENCODING="utf-8", **extra)
    return env


def in_terminal(args, width: int = 80, **env) -> tuple[str, int]:
    """Run ``symgrad ARGS`` with standard input, output and error on a pseudo-terminal of
    ``width`` columns; its screen output (CR LF as LF) and exit code."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, width, 0, 0))
    process = subprocess.Popen([sys.executable, "-m", "symgrad", *args], stdin=slave, stdout=slave, stderr=slave,
                               env=clean_env(**env), close_fds=True)
    os.close(slave)
    chunks, deadline = [], time.monotonic() + 240
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 1.0)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        elif process.poll() is not None:
            break
    os.close(master)
    code = process.wait(timeout=30)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n"), code


def piped(args, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "symgrad", *args], capture_output=True, text=True,
                          encoding="utf-8", env=clean_env(**env), timeout=240)


# ---------------------------------------------------------------- widths

WIDE_COMMANDS = [
    ["exercises", "solve", "camelback"],
    ["exercises", "solve", "p2", "--lang", "ko"],
    ["walk", "ln(x^2+2xy-y^2)", "--at", "1,1", "--lang", "ko"],
    ["check", "p2", "--answer", "f_x=1/(x^2+2xy-y^2)", "--answer", "f_x(1,1)=2", "--lang", "ko"],
    ["exercises", "list", "--lang", "ko"],
]


@pytest.mark.parametrize("args", WIDE_COMMANDS, ids=lambda a: " ".join(a[:3]))
def test_every_line_fits_an_80_column_terminal(args):
    output, code = in_terminal(args, 80)
    assert code == 0, output
    wide = [line for line in output.split("\n") if columns(line) > 80]
    assert not wide, wide
    # the same command in a wide terminal has lines past 80 columns: the 80-column run wrapped them
    unwrapped, _ = in_terminal(args, 250)
    assert max(columns(line) for line in unwrapped.split("\n")) > 80


def test_the_width_follows_the_terminal_and_a_pipe_gets_80_columns():
    narrow, code = in_terminal(["exercises", "solve", "p2"], 60)
    assert code == 0 and max(columns(line) for line in narrow.split("\n")) <= 60
    result = piped(["exercises", "solve", "p2"])
    lines = result.stdout.split("\n")
    assert max(columns(line) for line in lines) <= 80
    assert max(columns(line) for line in piped(["exercises", "solve", "p2"], COLUMNS="200").stdout.split("\n")) > 80


def test_wrapping_never_splits_a_word_english_or_korean():
    sentences = ["The lecture's −0.24906 is J at the printed, rounded Θ₁ = (−0.4748, 0.525); at the exact "
                 "Θ₁ = (−0.474875, 0.525) J = −0.24888. Both are accepted.",
                 "연쇄법칙: 속미분(안쪽 함수의 도함수)이 빠졌습니다 — 겉미분에 속미분을 곱하세요. "
                 "매끄러운 함수이므로 혼합 편도함수가 같다 (슈바르츠/클레로 정리)"]
    for sentence in sentences:
        for width in (20, 33, 47, 80):
            lines = wrap_line("  " + sentence, width)
            assert [word for line in lines for word in line.split()] == sentence.split()
            assert all(columns(line) <= width for line in lines), (width, lines)
            assert all(line.startswith("    ") for line in lines[1:])


def test_a_wide_matrix_is_laid_out_in_blocks_of_columns():
    from symgrad import walkthrough

    walk = walkthrough("ln(x^2+2xy-y^2)", critical_points=False)
    text = walk.render("text", "en", width=60)
    hessian = text[text.index("∇²f ="):].split("\n\n")[0].strip("\n").split("\n")
    assert all(columns(line) <= 60 for line in hessian)
    assert len(hessian) == 4 and "⋯" in hessian[0] and "⋯" in hessian[2]  # two blocks of one column each
    for entry in ("(−2x² − 4xy − 6y²)/(x² + 2xy − y²)²", "(−6x² + 4xy − 2y²)/(x² + 2xy − y²)²"):
        assert any(entry in line for line in hessian)
    # unwrapped, it is one block of two rows
    whole = walk.render("text", "en")
    assert len(whole[whole.index("∇²f ="):].split("\n\n")[0].strip("\n").split("\n")) == 2


# ---------------------------------------------------------------- Korean alignment

def column_starts(line: str, cells) -> list[int]:
    """The terminal column where each of ``cells`` starts in ``line`` (searched left to right)."""
    starts, position = [], 0
    for cell in cells:
        position = line.index(cell, position)
        starts.append(columns(line[:position]))
        position += len(cell)
    return starts


def test_korean_tables_line_up_by_display_width():
    result = CliRunner().invoke(main, ["exercises", "solve", "p1", "--lang", "ko"])
    lines = result.stdout.split("\n")
    header = next(line for line in lines if line.strip().startswith("문항"))
    row = lines[lines.index(header) + 1]
    assert row.split()[0] == "f_x"
    # the header's 답 stands over the row's answer: both start in the same terminal column
    assert column_starts(header, ["문항", "답"]) == column_starts(row, ["f_x", "2xy + y²"])

    sweep = CliRunner().invoke(main, ["sweep", "x^2 + y^2", "--start", "1,1", "--lr", "0.1,0.5", "--lang", "ko"])
    lines = sweep.stdout.split("\n")
    header = next(line for line in lines if "학습률" in line)
    first = lines[lines.index(header) + 1]
    header_cells = re.split(r"\s{2,}", header.strip())
    row_cells = re.split(r"\s{2,}", first.strip())
    assert len(header_cells) == len(row_cells) == 5
    # left-aligned columns (final θ, outcome) start where their header starts
    assert column_starts(header, header_cells)[1] == column_starts(first, row_cells)[1]
    assert column_starts(header, header_cells)[4] == column_starts(first, row_cells)[4]


# ---------------------------------------------------------------- colour

WRONG_AND_RIGHT = ["check", "p2", "--answer", "f_x=1/(x^2+2xy-y^2)", "--answer", "f_x(1,1)=2"]


def test_verdicts_are_coloured_on_a_terminal_only():
    output, code = in_terminal(WRONG_AND_RIGHT)
    assert code == 0
    assert "\x1b[" in output
    assert re.search(r"\x1b\[[0-9;]*31m[^\x1b]*incorrect", output) or re.search(r"\x1b\[31m.*incorrect", output)
    plain, _ = in_terminal(WRONG_AND_RIGHT, NO_COLOR="1")
    assert "\x1b[" not in plain and "incorrect (0/1)" in plain
    result = piped(WRONG_AND_RIGHT)
    assert result.returncode == 0 and "\x1b[" not in result.stdout and "incorrect (0/1)" in result.stdout


# ---------------------------------------------------------------- --out -

def submissions(tmp_path, rows):
    path = tmp_path / "subs.csv"
    path.write_text("student,f_x\n" + "".join(f"{name},{answer}\n" for name, answer in rows), encoding="utf-8")
    return str(path)


def test_grade_out_dash_writes_csv_to_standard_output(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = submissions(tmp_path, [("kim", "y^2+2xy")])
    result = CliRunner().invoke(main, ["grade", "p1", path, "--out", "-", "--workers", "1"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(row["student"], row["f_x:verdict"]) for row in rows] == [("kim", "correct")]
    assert "p1: 1 submission (0 malformed)" in result.stderr  # the summary beside the CSV, singular
    assert not (tmp_path / "-").exists()
    gradescope = CliRunner().invoke(main, ["grade", "p1", path, "--out", "-", "--gradescope"])
    assert gradescope.exit_code == 2 and gradescope.stderr.count("\n") == 1


def test_summaries_say_one_submission_and_two_submissions(tmp_path):
    one = CliRunner().invoke(main, ["grade", "p1", submissions(tmp_path, [("kim", "2x")]), "--out",
                                    str(tmp_path / "one.csv"), "--workers", "1"])
    assert "1 submission (" in one.stdout and "1 distinct answer in" in one.stdout and "on 1 worker\n" in one.stdout
    two = CliRunner().invoke(main, ["grade", "p1", submissions(tmp_path, [("kim", "2x"), ("lee", "y^2")]), "--out",
                                    str(tmp_path / "two.csv"), "--workers", "1", "--lang", "ko"])
    assert "제출 2건" in two.stdout


def test_autograder_and_worksheet_out_dash(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["autograder", "p1", "--out", "-"])
    assert result.exit_code == 0, result.stderr
    names = zipfile.ZipFile(io.BytesIO(result.stdout_bytes)).namelist()
    assert "setup.sh" in names and "run_autograder" in names
    assert "wrote -" in result.stderr and not (tmp_path / "-").exists()

    sheet = CliRunner().invoke(main, ["worksheet", "p1", "--out", "-", "--format", "markdown"])
    assert sheet.exit_code == 0 and sheet.stdout.startswith("# ") and "p1" in sheet.stdout
    assert not (tmp_path / "-").exists()
    unknown = CliRunner().invoke(main, ["worksheet", "p1", "--out", "-"])
    assert unknown.exit_code == 2 and "--format" in unknown.stderr and unknown.stderr.count("\n") == 1


# ---------------------------------------------------------------- progress bar

def test_the_batch_progress_bar_is_clicks_on_a_terminal(tmp_path):
    path = submissions(tmp_path, [("kim", "y^2+2xy"), ("lee", "2x")])
    output, code = in_terminal(["grade", "p1", path, "--out", str(tmp_path / "r.csv"), "--workers", "1"])
    assert code == 0, output
    assert "grading" in output and "2/2" in output  # click.progressbar: label and position
    result = piped(["grade", "p1", path, "--out", str(tmp_path / "r2.csv"), "--workers", "1"])
    assert "grading" not in result.stderr and "2/2" not in result.stderr


# ---------------------------------------------------------------- check --validate

def test_validate_shows_readings_and_grades_nothing():
    args = ["check", "p2", "--validate", "--answer", "f_x=2(x+y)/(x^2+2xy-y^2)", "--answer", "f_y=(2x-2y",
            "--answer", "f_x(1,1)=2 + z"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "read as: 2(x + y)/(x² + 2xy − y²)    variables: x, y" in out
    assert "cannot be graded as typed: The answer could not be read" in out
    assert "uses z" in out
    for verdict in ("correct", "incorrect", "score:"):
        assert verdict not in out
    assert "readable as typed: 2/3" in out
    data = json.loads(CliRunner().invoke(main, args + ["--format", "json"]).stdout)
    assert data["graded"] is False and [item["valid"] for item in data["items"]] == [True, False, True]
    korean = CliRunner().invoke(main, args + ["--lang", "ko"]).stdout
    assert "읽은 식: 2(x + y)/(x² + 2xy − y²)" in korean and "채점하지 않았다" in korean


def test_validation_reads_an_answer_as_the_grader_does():
    from symgrad.catalog import find_exercise
    from symgrad.grading.grade import grade_item
    from symgrad.grading.validate import validate_item
    from symgrad.phrases import message_text

    exercise = find_exercise("p2")
    item = exercise.item("f_x")
    for text in ("2(x+y)/(x^2+2xy-y^2)", "(2x+2y", "diff(ln(x))", "(1, 2)", "", "2x + 2z"):
        reading, graded = validate_item(item, text), grade_item(exercise, item, text)
        assert reading.interpreted == graded.interpreted
        assert reading.valid == (graded.verdict not in ("invalid", "blank")), text
        if not reading.valid:
            assert message_text(reading.problem, "en") == message_text(graded.message, "en")


# ---------------------------------------------------------------- completion

def complete(words: str) -> list[str]:
    """What bash completion offers for ``symgrad WORDS`` (click's bash_complete protocol)."""
    parts = words.split(" ")
    script = Path(sys.executable).with_name("symgrad")  # the installed command: its name names the variable
    if not script.exists():
        pytest.skip("the symgrad command is not installed beside this Python")
    result = subprocess.run([str(script)], capture_output=True, text=True, timeout=120,
                            env=clean_env(_SYMGRAD_COMPLETE="bash_complete", COMP_WORDS="symgrad " + words,
                                          COMP_CWORD=str(len(parts))))
    return [line.split(",", 1)[1] for line in result.stdout.splitlines()]


def test_shell_completion_of_exercise_ids_methods_and_formats():
    bank = sorted(load_bank())
    assert complete("check ") == bank
    assert complete("exercises solve p") == [i for i in bank if i.startswith("p")]
    assert complete("descend x^2 --method ") == list(METHODS)
    assert complete("walk x --format ") == list(FORMATS)
    assert complete("descend x --format c") == ["csv"]
