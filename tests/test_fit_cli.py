"""`symgrad fit` on the command line: a run on the shipped iris data, and every kind of bad
data as one clear line and exit code 2 (in English and Korean)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from symgrad.cli import main

IRIS = Path(__file__).resolve().parent.parent / "examples" / "iris.csv"


def run(*args, lang="en"):
    result = CliRunner().invoke(main, ["fit", *args, "--lang", lang])
    return result


def one_error_line(result) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    return lines[0]


def test_linear_fit_on_iris_matches_lstsq():
    result = run("linear", str(IRIS), "--target", "petal_width", "--features", "petal_length,sepal_length",
                 "--method", "newton", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    table = np.genfromtxt(IRIS, delimiter=",", names=True, dtype=None, encoding="utf-8")
    A = np.column_stack([np.ones(len(table)), table["petal_length"], table["sepal_length"]])
    reference = np.linalg.lstsq(A, table["petal_width"], rcond=None)[0]
    np.testing.assert_allclose(data["theta"], reference, atol=1e-9)
    assert data["parameters"] == ["intercept", "petal_length", "sepal_length"]


def test_text_run_in_both_languages():
    english = run("logistic", str(IRIS), "--target", "virginica", "--features", "petal_length,petal_width",
                  "--standardize", "--lr", "5", "--epochs", "300", "--every", "100")
    assert english.exit_code == 0, english.output
    assert "2/λmax" in english.output and "epoch" in english.output and "σ(z)(1 − σ(z))" in english.output
    korean = run("logistic", str(IRIS), "--target", "virginica", "--features", "petal_length,petal_width",
                 "--standardize", "--lr", "5", "--epochs", "300", "--every", "100", lang="ko")
    assert korean.exit_code == 0 and "에포크" in korean.output and "헤시안" in korean.output


def test_several_batch_sizes_and_the_plot(tmp_path):
    pytest.importorskip("matplotlib")
    picture = tmp_path / "loss.png"
    result = run("linear", str(IRIS), "--target", "petal_width", "--features", "petal_length", "--lr", "0.01",
                 "--epochs", "20", "--batch-size", "1,32,all", "--format", "json", "--plot", str(picture))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [d["batch"] for d in data] == ["sgd", "mini-batch", "batch"]
    assert [d["steps"] for d in data] == [20 * 150, 20 * 5, 20]
    assert picture.stat().st_size > 10_000 and picture.read_bytes()[:4] == b"\x89PNG"


def test_csv_output():
    result = run("linear", str(IRIS), "--target", "petal_width", "--features", "petal_length", "--epochs", "3",
                 "--format", "csv")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "epoch,intercept,petal_length,gradient_norm,loss" and len(lines) == 5


def write(tmp_path, text: str, name="data.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


BAD = [
    # (file text or None for a missing file, extra args, words the line must have)
    (None, [], ["no such data file"]),
    ("", [], ["is empty"]),
    ("x,y\n", [], ["no rows of data"]),
    ("x,y\n1,2\n2,4\n", ["--features", "z"], ["no column 'z'", "x, y"]),
    ("x,y\n1,2\n2,4\n", ["--target", "w"], ["no column 'w'"]),
    ("x,y\n1,2\nabc,4\n3,5\n", [], ["column 'x'", "line 3", "'abc' is not a number"]),
    ("x,y\n1,2\n,4\n3,5\n", [], ["missing value", "column 'x'", "line 3"]),
    ("x,y\n1,2\n2,NA\n3,5\n", [], ["missing value", "column 'y'", "line 3"]),
    ("x,y\n1,2\n2\n3,5\n", [], ["line 3 has 1 cells", "header has 2"]),
    ("x,c,y\n1,7,2\n2,7,4\n3,7,5\n", [], ["feature 'c' is 7 in every row"]),
    ("x,y\n1,inf\n2,4\n", [], ["'inf' is not a finite number"]),
]


@pytest.mark.parametrize("text, extra, words", BAD)
def test_bad_data_is_one_line(tmp_path, text, extra, words):
    path = str(tmp_path / "missing.csv") if text is None else write(tmp_path, text)
    args = ["linear", path, "--target", "y", *extra]
    if "--target" in extra:
        args = ["linear", path, *extra]
    line = one_error_line(run(*args))
    for word in words:
        assert word in line


def test_logistic_targets(tmp_path):
    path = write(tmp_path, "x,y\n1,0\n2,1\n3,2\n")
    line = one_error_line(run("logistic", path, "--target", "y"))
    assert "0s and 1s" in line and "row 3" in line and "2" in line
    path = write(tmp_path, "x,y\n1,1\n2,1\n3,1\n", "one.csv")
    assert "both 0 and 1" in one_error_line(run("logistic", path, "--target", "y"))


def test_korean_errors(tmp_path):
    path = write(tmp_path, "x,y\n1,2\nabc,4\n")
    line = one_error_line(run("linear", path, "--target", "y", lang="ko"))
    assert "'x' 열" in line and "3번째 줄" in line and "수가 아닙니다" in line
    line = one_error_line(run("linear", str(tmp_path / "none.csv"), "--target", "y", lang="ko"))
    assert "데이터 파일이 없습니다" in line


def test_bad_options(tmp_path):
    line = run("linear", str(IRIS), "--target", "petal_width", "--batch-size", "0")
    assert line.exit_code == 2 and "Traceback" not in line.output
    result = run("linear", str(IRIS), "--target", "petal_width", "--features", "petal_length", "--method", "newton",
                 "--momentum", "0.9")
    assert "does not apply to method newton" in one_error_line(result)
    result = run("linear", str(IRIS), "--target", "species")
    assert "'setosa' is not a number" in one_error_line(result)


def test_separable_data_is_reported_not_run_to_inf(tmp_path):
    rows = "x,y\n0,0\n1,0\n2,1\n3,1\n"
    separable = run("logistic", write(tmp_path, rows), "--target", "y", "--lr", "1", "--epochs", "2000")
    assert separable.exit_code == 0
    assert "perfectly separable" in separable.output and "inf" not in separable.output.replace("info", "")


def test_line_numbers_count_blank_lines_and_big_files_stream(tmp_path, monkeypatch):
    line = one_error_line(run("linear", write(tmp_path, "x,y\n\n1,2\n\n3,x\n"), "--target", "y"))
    assert "line 5" in line and "column 'y'" in line
    import symgrad.regression.data as data

    monkeypatch.setattr(data, "CHUNK_ROWS", 7)  # several chunks, the bad cell in the third
    rows = "".join(f"{i},{2 * i + 1}\n" for i in range(20)) + "oops,1\n"
    line = one_error_line(run("linear", write(tmp_path, "x,y\n" + rows, "long.csv"), "--target", "y"))
    assert "line 22" in line and "'oops'" in line
    good = data.read_csv(write(tmp_path, "x,y\n" + "".join(f"{i},{2 * i + 1}\n" for i in range(20)), "ok.csv"), "y")
    assert good.X[:, 0].tolist() == list(range(20)) and good.y.tolist() == [2 * i + 1 for i in range(20)]


def test_mini_batch_report_says_the_bound_is_for_the_mean():
    result = run("linear", str(IRIS), "--target", "petal_width", "--features", "petal_length", "--batch-size", "16",
                 "--lr", "0.01", "--epochs", "3")
    assert result.exit_code == 0 and "With mini-batch each step follows the gradient of its own batch" in result.output
