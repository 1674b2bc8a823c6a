"""`symgrad worksheet`: problem sheets and answer keys, reproducible, gradable, in every document format."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from symgrad.cli import main
from symgrad.catalog import find_exercise
from symgrad.exercises import get_exercise
from symgrad.variants import make_variants

IDS = ["p2", "s1", "camelback"]
SUFFIX = {"markdown": ".md", "latex": ".tex", "html": ".html"}
REPO = Path(__file__).resolve().parents[1]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def write_sheet(directory: Path, fmt: str, lang: str = "en", ids=IDS, extra=("--variants", "3", "--seed", "7")):
    sheet, key = directory / f"sheet{SUFFIX[fmt]}", directory / f"key{SUFFIX[fmt]}"
    result = run("worksheet", *ids, *extra, "--format", fmt, "--lang", lang, "--out", sheet, "--answers", key)
    assert result.exit_code == 0, result.output
    return sheet.read_text(encoding="utf-8"), key.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    """Sheet and key of `worksheet p2 s1 camelback --variants 3 --seed 7` per format (English)."""
    made = {}
    for fmt in SUFFIX:
        made[fmt] = write_sheet(tmp_path_factory.mktemp(fmt), fmt)
    return made


# ------------------------------------------------------------------ reproducible

@pytest.mark.parametrize("fmt", sorted(SUFFIX))
def test_the_same_command_gives_byte_identical_files_in_a_fresh_process(documents, tmp_path, fmt):
    sheet, key = tmp_path / f"sheet{SUFFIX[fmt]}", tmp_path / f"key{SUFFIX[fmt]}"
    environment = dict(os.environ, PYTHONHASHSEED="12345", LANG="C.UTF-8")
    subprocess.run([sys.executable, "-m", "symgrad", "worksheet", *IDS, "--variants", "3", "--seed", "7",
                    "--format", fmt, "--lang", "en", "--out", str(sheet), "--answers", str(key)],
                   check=True, cwd=tmp_path, env=environment, capture_output=True, timeout=300)
    assert sheet.read_bytes() == documents[fmt][0].encode("utf-8")
    assert key.read_bytes() == documents[fmt][1].encode("utf-8")


def test_the_sheet_holds_the_variants_in_order_and_no_answers(documents):
    sheet, key = documents["markdown"]
    ids = re.findall(r"^## Exercise (\d+) \((\S+)\)", sheet, flags=re.M)
    expected = [f"{parent}~7.{n}" for parent in IDS for n in (1, 2, 3)]
    assert [i for _, i in ids] == expected and [int(n) for n, _ in ids] == list(range(1, 10))
    assert "symgrad check p2~7.1 --answer" not in sheet and "symgrad check p2~7.1 --answer" in key
    variant = find_exercise("p2~7.1")
    for item in variant.items:                                       # every key is named on the sheet
        assert item.key.replace("_", "\\_") in sheet


def test_latex_sheet_leaves_vertical_space_under_every_item(documents):
    sheet, _ = documents["latex"]
    items = sum(len(find_exercise(f"{p}~7.{n}").items) for p in IDS for n in (1, 2, 3))
    assert sheet.count(r"\vspace{") == items
    assert sheet.startswith(r"\documentclass{article}") and sheet.rstrip().endswith(r"\end{document}")


# ------------------------------------------------------------------ the key grades as correct

def check_commands(key_markdown: str) -> list[list[str]]:
    """Every `symgrad check ...` command of a Markdown answer key, split as a shell would."""
    commands = re.findall(r"^`(symgrad check .*)`$", key_markdown, flags=re.M)
    return [shlex.split(command)[1:] for command in commands]


def test_every_variants_answer_key_grades_fully_correct_with_symgrad_check(documents):
    import json

    commands = check_commands(documents["markdown"][1])
    assert len(commands) == 9
    for args in commands:
        result = run(*args, "--format", "json")
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        exercise = find_exercise(args[1])
        assert data["score"] == data["max_score"] == len(exercise.items), data
        assert {item["key"] for item in data["items"]} == {item.key for item in exercise.items}
        assert all(item["verdict"] == "correct" for item in data["items"])


def test_the_answer_key_shows_the_worked_solution_and_the_iterate_table(documents):
    _, key = documents["markdown"]
    assert key.count("Worked solution") == 9                # the walkthrough with its steps, per exercise
    assert "chain rule" in key and "- $" in key             # steps as nested lists
    assert key.count("Iterates, in exact arithmetic") == 3  # the camelback variants' descent
    camelback = make_variants(get_exercise("camelback"), 3, seed=7)[0]
    start = ", ".join(str(float(c)).rstrip("0").rstrip(".") for c in camelback.descent.start)
    assert f"\\left({start}\\right)" in key


# ------------------------------------------------------------------ formats and languages

def test_html_pages_are_well_formed_and_their_math_is_xml(documents):
    for page in documents["html"]:
        assert page.startswith("<!DOCTYPE html>")
        TagBalance().check(page)
        elements = re.findall(r"<math\b.*?</math>", page, flags=re.S)
        assert len(elements) > 20
        for element in elements:
            ET.fromstring(element)


class TagBalance(HTMLParser):
    """Fails on an end tag that does not close the innermost open element."""

    VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"}

    def check(self, page: str) -> None:
        self.stack: list[str] = []
        self.feed(page)
        self.close()
        assert self.stack == [], self.stack

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
        self.stack.pop()


def test_korean_sheets_use_korean_headings(tmp_path):
    sheet, key = write_sheet(tmp_path, "markdown", "ko", ids=["p2"], extra=("--variants", "1", "--seed", "7"))
    assert sheet.startswith("# 연습 문제") and "## 문제 1 (p2~7.1)" in sheet and "편도함수" in sheet
    assert key.startswith("# 정답 및 풀이") and "단계별 풀이" in key
    assert "Worksheet" not in sheet and "Answer key" not in key


def test_without_variants_the_sheet_holds_the_lecture_exercises(tmp_path):
    sheet, key = write_sheet(tmp_path, "markdown", ids=["p1", "g4"], extra=())
    assert "## Exercise 1 (p1)" in sheet and "## Exercise 2 (g4)" in sheet and "variant" not in sheet
    assert "--answer 'f_x(1,2)=8' --answer 'f_y(1,2)=5'" in key     # LECTURE.md §2: at (1, 2) 8 and 5
    assert "--answer x_next=1.96" in key                              # LECTURE.md §5, g4: 1.96


def test_the_format_follows_the_files_extension(tmp_path):
    result = run("worksheet", "p1", "--out", tmp_path / "p1.html")
    assert result.exit_code == 0 and (tmp_path / "p1.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# ------------------------------------------------------------------ LaTeX compiles

@pytest.mark.parametrize("lang", ["en", "ko"])
def test_standalone_latex_sheet_and_key_compile(tmp_path, lang):
    from tests.test_latex_compile import compile_latex, pdflatex

    engine = pdflatex()
    for source in write_sheet(tmp_path, "latex", lang):
        ok, log = compile_latex(engine, source)
        assert ok, log


# ------------------------------------------------------------------ bad input

@pytest.mark.parametrize("args, message", [
    (["zz", "--out", "{tmp}/a.md"], "no exercise 'zz'"),
    (["p2", "--variants", "0", "--out", "{tmp}/a.md"], "between 1 and 20, got 0"),
    (["p2", "--variants", "1000", "--out", "{tmp}/a.md"], "between 1 and 20, got 1000"),
    (["p2", "--variants", "2", "--seed", "-1", "--out", "{tmp}/a.md"], "the seed must be"),
    (["p2", "--seed", "3", "--out", "{tmp}/a.md"], "give --variants N too"),
    (["p2", "--out", "{tmp}/missing/dir/a.md"], "cannot write"),
    (["p2", "--out", "{tmp}/a.txt"], "cannot tell the format"),
    (["p2", "--out", "{tmp}/a.md", "--answers", "{tmp}/a.md"], "another file"),
    (["d6", "--variants", "2", "--out", "{tmp}/a.md"], "nothing a variant can change"),
])
def test_bad_input_is_one_error_line_and_exit_2(tmp_path, args, message):
    result = run("worksheet", *[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], result.output
    assert not (tmp_path / "a.md").exists()
