"""The Gradescope autograder: build the zip, run its run_autograder on sample submissions
as Gradescope would (paths moved by environment variables), and check every
results.json against Gradescope's specification.

Expected scores come from LECTURE.md: p2, f = ln(x² + 2xy − y²), has f_x = (2x + 2y)/u,
f_y = (2x − 2y)/u with u = x² + 2xy − y², and at (1, 1) f_x = 2, f_y = 0; p1,
f = xy² + x²y, has f_x = y² + 2xy, f_y = 2xy + x², and at (1, 2) 8 and 5.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest
from click.testing import CliRunner

from symgrad.cli import main
from symgrad.exercises import get_exercise
from symgrad.grading.gradescope import (MAX_SUBMISSION_BYTES, find_submission, read_answer_sheet,
                                        safe_file_name)

P2_CORRECT = """# my answers
f_x = (2x + 2y)/(x^2 + 2xy - y^2)
f_y = 2(x - y)/(x^2 + 2*x*y - y^2)
f_x(1,1) = 2
f_y(1, 1) = 0
"""
P2_WRONG = """f_x = 2x/(x^2 + 2xy - y^2)
f_y = (2x - 2y)/(x^2 + 2xy - y^2)
f_x(1,1) = 2
f_y(1,1) = 1
"""
P2_HOSTILE = """f_x = __import__('os').system('touch {marker}')
f_y = 9^9^9^9^9^9
f_x(1,1) = {nested}
f_y(1,1) = {long}
[p1]
""".format(marker="PWNED", nested="(" * 5000 + "x" + ")" * 5000, long="x+" * 20000 + "x")
TEST_FIELDS = {"name": str, "score": (int, float), "max_score": (int, float), "output": str, "visibility": str}
VISIBILITIES = {"visible", "hidden", "after_due_date", "after_published"}


def validate_results(data: dict) -> None:
    """Gradescope's results.json: ``score`` a number, ``output`` text, ``tests`` a list of
    objects with the documented fields and types; visibilities from the documented set."""
    assert isinstance(data, dict)
    assert isinstance(data["score"], (int, float)) and not isinstance(data["score"], bool)
    assert isinstance(data.get("output", ""), str)
    assert data.get("visibility", "visible") in VISIBILITIES
    assert data.get("stdout_visibility", "hidden") in VISIBILITIES
    assert isinstance(data["tests"], list)
    for test in data["tests"]:
        for name, kind in TEST_FIELDS.items():
            assert isinstance(test[name], kind), (name, test)
        assert test["visibility"] in VISIBILITIES
        assert test.get("status", "passed") in {"passed", "failed"}
        assert 0 <= test["score"] <= test["max_score"]
    if data["tests"]:
        assert data["score"] == sum(test["score"] for test in data["tests"])


def build(tmp_path: Path, *ids: str, lang: str = "en") -> Path:
    out = tmp_path / f"autograder-{'-'.join(ids)}-{lang}.zip"
    result = CliRunner().invoke(main, ["autograder", *ids, "--out", str(out), "--lang", lang])
    assert result.exit_code == 0, result.output
    source = tmp_path / f"source-{'-'.join(ids)}-{lang}"
    with zipfile.ZipFile(out) as archive:
        archive.extractall(source)
    return source


def run_autograder(source: Path, tmp_path: Path, files: dict[str, bytes | str] | None, name: str,
                   python: str = sys.executable) -> dict:
    """Run the zip's run_autograder on a submission folder holding ``files`` (None: no folder)."""
    submission = tmp_path / f"submission-{name}"
    results = tmp_path / f"results-{name}"
    if files is not None:
        submission.mkdir()
        for file_name, content in files.items():
            path = submission / file_name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    environment = {**os.environ, "SYMGRAD_AUTOGRADER_SOURCE": str(source), "SYMGRAD_SUBMISSION_DIR": str(submission),
                   "SYMGRAD_RESULTS_DIR": str(results), "SYMGRAD_PYTHON": python}
    environment.pop("PYTHONPATH", None)
    completed = subprocess.run(["bash", str(source / "run_autograder")], env=environment, cwd=tmp_path,
                               capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr
    data = json.loads((results / "results.json").read_text(encoding="utf-8"))
    validate_results(data)
    return data


@pytest.fixture(scope="module")
def p2_source(tmp_path_factory):
    return build(tmp_path_factory.mktemp("autograder"), "p2")


def scores(data: dict) -> dict[str, int]:
    return {test["name"]: test["score"] for test in data["tests"]}


def test_the_zip_holds_what_gradescope_runs(p2_source):
    with zipfile.ZipFile(p2_source.parent / "autograder-p2-en.zip") as archive:
        for name in ("setup.sh", "run_autograder"):
            assert (archive.getinfo(name).external_attr >> 16) & stat.S_IXUSR
            assert subprocess.run(["bash", "-n", str(p2_source / name)]).returncode == 0
    pins = (p2_source / "requirements.txt").read_text().split()
    assert f"sympy=={version('sympy')}" in pins and f"mpmath=={version('mpmath')}" in pins
    assert (p2_source / "symgrad" / "grading" / "gradescope.py").exists()
    assert (p2_source / "symgrad" / "exercises" / "p2.toml").exists()
    template = (p2_source / "answers_template.txt").read_text()
    assert [line.split("=")[0].strip() for line in template.splitlines() if "=" in line and not line.startswith("#")] \
        == ["f_x", "f_y", "f_x(1,1)", "f_y(1,1)"]


def test_the_zip_runs_its_own_copy_of_symgrad(p2_source, tmp_path):
    copy = subprocess.run([sys.executable, "-c", "import symgrad; print(symgrad.__file__)"],
                          env={**os.environ, "PYTHONPATH": str(p2_source)}, cwd=tmp_path,
                          capture_output=True, text=True)
    assert Path(copy.stdout.strip()).is_relative_to(p2_source)


def test_a_correct_submission_scores_full_marks(p2_source, tmp_path):
    data = run_autograder(p2_source, tmp_path, {"answers.txt": P2_CORRECT}, "correct")
    assert data["score"] == 4
    assert scores(data) == {"f_x": 1, "f_y": 1, "f_x(1,1)": 1, "f_y(1,1)": 1}
    assert all(test["status"] == "passed" for test in data["tests"])
    assert "4 of 4 items answered" in data["output"]


def test_a_wrong_submission_scores_the_right_items_and_says_why(p2_source, tmp_path):
    data = run_autograder(p2_source, tmp_path, {"answers.txt": P2_WRONG}, "wrong")
    assert scores(data) == {"f_x": 0, "f_y": 1, "f_x(1,1)": 1, "f_y(1,1)": 0}
    assert data["score"] == 2
    f_x = data["tests"][0]
    assert f_x["status"] == "failed" and "Your answer: 2x/(x^2 + 2xy - y^2)" in f_x["output"]
    assert "incorrect" in f_x["output"]


@pytest.mark.parametrize("files, says", [
    ({"answers.txt": ""}, "KEY = ANSWER"),
    (None, "No answer file was submitted"),
    ({}, "No answer file was submitted"),
    ({"notes.md": "f_x = 1", "draft.txt": "f_x = 2"}, "name your answer file answers.txt"),
    ({"answers.txt": b"\x89PNG\r\n\x1a\n\x00\x00"}, "is not a text file"),
    ({"answers.txt": b"f_x = \xff\xfe"}, "is not a text file"),
    ({"answers.txt": "f_x = x\n" * (MAX_SUBMISSION_BYTES // 4)}, "more than the"),
])
def test_an_empty_missing_or_unreadable_submission_scores_zero_and_says_so(p2_source, tmp_path, files, says):
    data = run_autograder(p2_source, tmp_path, files, "empty")
    assert data["score"] == 0 and says in data["output"]
    assert [test["output"].splitlines()[-1] for test in data["tests"]] == ["blank: No answer was given."] * 4
    assert sum(test["max_score"] for test in data["tests"]) == 4


def test_a_hostile_submission_is_never_run_and_never_crashes(p2_source, tmp_path):
    data = run_autograder(p2_source, tmp_path, {"answers.txt": P2_HOSTILE}, "hostile")
    assert data["score"] == 0
    assert not (tmp_path / "PWNED").exists() and not (p2_source / "PWNED").exists()
    verdicts = [test["output"].splitlines()[-1].split(":")[0] for test in data["tests"]]
    assert verdicts[0] == "invalid"  # __import__ is refused before parsing
    assert set(verdicts) <= {"invalid", "undecided"}
    assert "[p1] is not an exercise of this assignment" in data["output"]


def test_the_answer_file_may_sit_in_a_folder_beside_others(p2_source, tmp_path):
    data = run_autograder(p2_source, tmp_path, {"hw/answers.txt": P2_CORRECT, "hw/scratch.py": "print(1)"}, "nested")
    assert data["score"] == 4


def test_run_autograder_takes_relative_paths_as_the_readme_shows(p2_source, tmp_path):
    (tmp_path / "submission").mkdir()
    (tmp_path / "submission" / "answers.txt").write_text(P2_CORRECT, encoding="utf-8")
    environment = {**os.environ, "SYMGRAD_AUTOGRADER_SOURCE": os.path.relpath(p2_source, tmp_path),
                   "SYMGRAD_SUBMISSION_DIR": "submission", "SYMGRAD_RESULTS_DIR": "results",
                   "SYMGRAD_PYTHON": sys.executable}
    subprocess.run(["bash", str(p2_source / "run_autograder")], env=environment, cwd=tmp_path, check=True, timeout=300)
    assert json.loads((tmp_path / "results" / "results.json").read_text())["score"] == 4


def test_when_python_cannot_start_the_student_still_gets_a_results_file(p2_source, tmp_path):
    data = run_autograder(p2_source, tmp_path, {"answers.txt": P2_CORRECT}, "no-python",
                          python=str(tmp_path / "no-such-python"))
    assert data["score"] == 0 and data["tests"] == [] and "not graded" in data["output"]


def test_a_broken_config_still_writes_results(tmp_path):
    source = build(tmp_path, "p2")
    (source / "symgrad-autograder.json").write_text("{not json", encoding="utf-8")
    data = run_autograder(source, tmp_path, {"answers.txt": P2_CORRECT}, "broken")
    assert data["score"] == 0 and "The autograder failed" in data["output"]


def test_several_exercises_take_sections_and_korean_feedback(tmp_path):
    source = build(tmp_path, "p1", "p2", lang="ko")
    text = "[p1]\nf_x = y^2 + 2xy\nf_y = x^2 + 2xy\nf_x(1,2) = 8\nf_y(1,2) = 4\n\n[p2]\n" + P2_CORRECT
    data = run_autograder(source, tmp_path, {"answers.txt": text}, "two")
    assert data["score"] == 7
    assert scores(data)["p1: f_y(1,2)"] == 0 and scores(data)["p2: f_x"] == 1
    assert "8문항 중 8문항에 답했습니다" in data["output"]
    assert "오답" in data["tests"][3]["output"]


# ------------------------------------------------------------------ the answer file, directly

def test_the_answer_sheet_reader():
    p1, p2 = get_exercise("p1"), get_exercise("p2")
    sheet = read_answer_sheet("\ufefff_x = 1\r\nf_x=2\r\ngrad = (a, b)\r\nf_x(1, 1) = 3\n", [p2])
    assert dict(sheet.answers["p2"]) == {"f_x": "a", "f_y": "b", "f_x(1,1)": "3"}
    assert [problem.key for problem in sheet.problems] == ["autograder.given_twice", "autograder.given_twice"]
    several = read_answer_sheet("f_x = 1\n[p1]\nf_x = 2\n[ p2 ]\nf_y = 3\n", [p1, p2])
    assert several.answers == {"p1": {"f_x": "2"}, "p2": {"f_y": "3"}}
    assert [problem.key for problem in several.problems] == ["autograder.no_section"]


def test_find_submission_prefers_answers_txt(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "Answers.TXT").write_text("x")
    (tmp_path / "other.txt").write_text("y")
    (tmp_path / ".hidden").write_text("z")
    assert find_submission(tmp_path)[0] == tmp_path / "a" / "Answers.TXT"


def test_safe_file_names_stay_inside_the_folder():
    assert safe_file_name("../../etc/passwd") == "_.._.._etc_passwd"
    assert "/" not in safe_file_name("a/b") and safe_file_name(".") == "_."


def test_unknown_exercise_is_one_line(tmp_path):
    result = CliRunner().invoke(main, ["autograder", "nope", "--out", str(tmp_path / "a.zip")])
    assert result.exit_code == 2 and result.output.startswith("error: no exercise 'nope'")
    assert not (tmp_path / "a.zip").exists()


def test_an_unwritable_zip_is_one_line(tmp_path):
    result = CliRunner().invoke(main, ["autograder", "p2", "--out", str(tmp_path / "no" / "such" / "a.zip")])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: cannot write") and "Traceback" not in result.output
