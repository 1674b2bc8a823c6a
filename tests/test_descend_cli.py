"""`symgrad descend` and `symgrad sweep` through click's CliRunner."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner

from symgrad.cli import main

CAMELBACK = "(4 - 2.1θ1^2 + θ1^4/3)θ1^2 + θ1θ2 + (-4+4θ2^2)θ2^2"
NUMBER = r"-?\d+(?:\.\d+)?(?:e[-+]\d+)?"


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def table_rows(stdout: str) -> list[list[float]]:
    """The numbers of each table row (k, θ..., ∇f..., f), skipping header and stop lines."""
    rows = []
    for line in stdout.splitlines():
        if re.match(r"\s*\d+\s+\(", line):
            rows.append([float(x) for x in re.findall(NUMBER, line)])
    return rows


def assert_one_error_line(result, words):
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines[0].startswith("error: ") and words in lines[0], result.stderr
    assert all(not line.startswith("Traceback") for line in lines)
    assert len(lines) <= 3  # the error line, and at most the input with a caret under it


def test_camelback_two_iterations_print_the_lecture_values():
    result = run("descend", CAMELBACK, "--start", "-0.5,0.5", "--lr", "0.01", "--iters", "2")
    assert result.exit_code == 0, result.output
    rows = table_rows(result.stdout)
    assert [row[0] for row in rows] == [0, 1, 2]
    # LECTURE.md §4: Θ₁ = (−0.474875, 0.525), Θ₂ = (−0.45064736, 0.54859625)
    assert rows[1][1:3] == [-0.474875, 0.525]
    assert rows[2][1:3] == [-0.45064736, 0.54859625]
    # ∇J(Θ₀) = (−2.5125, −2.5), ∇J(Θ₁) = (−2.4227645, −2.359625); J(Θ₀) = −0.1260416…
    assert rows[0][3:5] == [-2.5125, -2.5]
    assert rows[1][3:5] == pytest.approx([-2.4227645, -2.359625], abs=1e-7)
    assert rows[0][5] == pytest.approx(-0.12604167, abs=1e-8)
    assert "stopped: max-iterations at k = 2" in result.stdout


def test_start_with_equals_sign_and_with_space_are_the_same():
    spaced = run("descend", CAMELBACK, "--start", "-0.5,0.5", "--lr", "0.01", "--iters", "2")
    joined = run("descend", CAMELBACK, "--start=-0.5,0.5", "--lr", "0.01", "--iters", "2")
    first = run("descend", "--start", "-0.5,0.5", CAMELBACK, "--lr", "0.01", "--iters", "2")
    assert spaced.exit_code == joined.exit_code == first.exit_code == 0
    assert spaced.stdout == joined.stdout == first.stdout


def test_longer_run_reaches_the_global_minimum():
    result = run("descend", CAMELBACK, "--start=-0.5,0.5", "--lr", "0.01", "--iters", "5000",
                 "--tol", "1e-10", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    final = data["iterations"][-1]
    assert final["theta"] == pytest.approx([-0.0898420, 0.7126564], abs=1e-7)
    assert final["value"] == pytest.approx(-1.0316285, abs=1e-7)
    assert data["stopped"] == {"reason": "converged", "k": final["k"]}


def test_json_has_exactly_the_issue_fields_at_full_precision():
    result = run("descend", CAMELBACK, "--start=-0.5,0.5", "--lr", "0.01", "--iters", "2", "--format", "json")
    data = json.loads(result.stdout)
    assert list(data) == ["method", "hyperparameters", "variables", "iterations", "stopped"]
    assert data["method"] == "gd" and data["variables"] == ["theta1", "theta2"]
    assert data["hyperparameters"]["lr"] == 0.01
    assert [list(row) for row in data["iterations"]] == [["k", "theta", "gradient", "value"]] * 3
    # full precision: Θ₂ = Θ₁ − 0.01·∇J(Θ₁) to the last bit of a float
    theta1, gradient1 = data["iterations"][1]["theta"], data["iterations"][1]["gradient"]
    assert data["iterations"][2]["theta"] == [t - 0.01 * g for t, g in zip(theta1, gradient1)]


def test_csv_has_one_row_per_iterate():
    result = run("descend", CAMELBACK, "--start=-0.5,0.5", "--lr", "0.01", "--iters", "2", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["k", "theta1", "theta2", "grad_theta1", "grad_theta2", "value"]
    assert float(rows[1]["theta1"]) == -0.474875 and float(rows[0]["grad_theta1"]) == -2.5125


def test_every_keeps_first_and_last_rows():
    result = run("descend", "x^2", "--start", "1", "--lr", "0.01", "--iters", "25", "--tol", "0",
                 "--every", "10")
    assert [row[0] for row in table_rows(result.stdout)] == [0, 10, 20, 25]


def test_digits_controls_the_table():
    result = run("descend", "x^2", "--start", "1", "--lr", "0.1", "--iters", "1", "--digits", "3")
    assert table_rows(result.stdout)[1] == [1, 0.8, 1.6, 0.64]
    result = run("descend", "x^2", "--start", "0.123456789", "--iters", "0", "--digits", "4")
    assert "0.1235" in result.stdout and "0.12346" not in result.stdout


def test_expression_may_start_with_a_minus_and_come_from_stdin():
    minus = run("descend", "-x^2", "--start", "1", "--maximize", "--lr", "0.1", "--iters", "1")
    assert minus.exit_code == 0, minus.output
    assert table_rows(minus.stdout)[1][1] == pytest.approx(0.8)  # 1 + 0.1·(−2)
    piped = run("descend", "-", "--start", "1", "--lr", "0.1", "--iters", "1", input="x^2\n")
    assert table_rows(piped.stdout)[1][1] == pytest.approx(0.8)  # 1 − 0.1·2


def test_seeded_gaussian_start_is_reproducible_and_announced():
    first = run("descend", "x^2+y^2", "--seed", "3", "--iters", "1")
    second = run("descend", "x^2+y^2", "--seed", "3", "--iters", "1")
    assert first.exit_code == 0 and first.stdout == second.stdout
    assert "--seed 3" in first.stderr


@pytest.mark.parametrize("method", ["momentum", "nesterov", "nesterov-lookahead", "adagrad", "rmsprop", "adam"])
def test_every_method_runs_from_the_command_line(method):
    result = run("descend", CAMELBACK, "--start=-0.5,0.5", "--method", method, "--lr", "0.01",
                 "--iters", "3", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["method"] == method


def test_method_flags_reach_the_optimizer():
    result = run("descend", "x^2", "--start", "1", "--method", "adam", "--amsgrad", "--beta1", "0.5",
                 "--iters", "1", "--format", "json")
    hyper = json.loads(result.stdout)["hyperparameters"]
    assert hyper["amsgrad"] is True and hyper["beta1"] == 0.5 and hyper["lr"] == 1e-3


@pytest.mark.parametrize("args, words", [
    (["--method", "lbfgs"], "invalid value for '--method': 'lbfgs' is not one of 'gd', 'momentum'"),
    (["--lr", "-0.1"], "--lr must be a positive number"),
    (["--lr", "fast"], "invalid value for '--lr': 'fast' is not a number"),
    (["--lr", "inf"], "invalid value for '--lr': 'inf' is not a finite number"),
    (["--start", "1,2,3"], "expected 2 values"),
    (["--vars", "x,y"], "not in the variable list"),
    (["--beta1", "0.9"], "does not apply to method gd"),
    (["--iters", "many"], "invalid value for '--iters': 'many' is not a whole number"),
    (["--format", "xml"], "invalid value for '--format': 'xml' is not one of"),
    (["--digits", "40"], "invalid value for '--digits': 40 is not in the range 1<=x<=17"),
    (["--seed", "-1"], "invalid value for '--seed': -1 is not in the range"),
])
def test_bad_input_is_one_line_and_exit_2(args, words):
    start = [] if "--start" in args else ["--start=-0.5,0.5"]
    assert_one_error_line(run("descend", CAMELBACK, *start, *args), words)


def test_function_undefined_at_the_start():
    assert_one_error_line(run("descend", "log(x)", "--start", "-1"), "undefined at the start point")


def test_domain_error_mid_run_prints_the_rows_so_far_then_one_line():
    result = run("descend", "log(x)", "--start", "2", "--lr", "1")
    assert result.exit_code == 2
    assert [row[0] for row in table_rows(result.stdout)] == [0, 1, 2]
    assert result.stderr.startswith("error: f is undefined at iteration 3")


def test_divergence_is_reported_not_an_error():
    result = run("descend", "x^2", "--start", "1", "--lr", "1.5", "--bound", "1000")
    assert result.exit_code == 0
    assert "stopped: diverged at k = 10" in result.stdout


def test_no_progress_bar_when_stderr_is_not_a_terminal():
    result = run("descend", "x^2", "--start", "1", "--lr", "1e-9", "--iters", "100001", "--tol", "0",
                 "--every", "100000")
    assert result.exit_code == 0 and result.stderr == ""


def test_help_shows_torch_defaults():
    result = run("descend", "--help")
    text = " ".join(result.stdout.split())
    for fragment in ("gd 0.001", "adagrad 0.01", "rmsprop 0.01", "adam 0.001", "rmsprop 0.99",
                     "adagrad 1e-10", "adam 0.999"):
        assert fragment in text


# ---------------------------------------------------------------- sweep


def test_sweep_prints_one_line_per_rate_with_outcomes():
    result = run("sweep", "w^2", "--start", "1", "--method", "gd", "--lr", "1e-4,0.1,1,1.5", "--iters", "200")
    assert result.exit_code == 0, result.output
    outcomes = {float(m.group(1)): m.group(2)
                for m in re.finditer(r"^\s*(" + NUMBER + r")\s+\(.*\)\s+\S+\s+\d+\s+(\w+)$", result.stdout, re.M)}
    assert outcomes == {1e-4: "slow", 0.1: "converged", 1.0: "oscillated", 1.5: "diverged"}


def test_sweep_json_and_csv():
    data = json.loads(run("sweep", CAMELBACK, "--start=-0.5,0.5", "--lr", "0.01,1", "--format", "json").stdout)
    assert [r["lr"] for r in data["runs"]] == [0.01, 1.0]
    assert [r["outcome"] for r in data["runs"]] == ["converged", "diverged"]
    assert data["runs"][0]["theta"] == pytest.approx([-0.0898420, 0.7126564], abs=1e-6)
    rows = list(csv.DictReader(io.StringIO(run("sweep", "w^2", "--start", "1", "--lr", "0.1",
                                               "--format", "csv").stdout)))
    assert rows[0]["outcome"] == "converged" and float(rows[0]["lr"]) == 0.1


def test_sweep_bad_rate_is_one_line():
    assert_one_error_line(run("sweep", "w^2", "--start", "1", "--lr", "0.1,x"), "invalid value for '--lr': 'x' is not a number")
    assert_one_error_line(run("sweep", "w^2", "--start", "1", "--lr", "0.1,-1"), "--lr must be a positive")


@pytest.mark.parametrize("args, korean", [
    (["--method", "lbfgs"], "'--method'의 값이 올바르지 않습니다: 'lbfgs'은(는) 'gd', 'momentum'"),
    (["--lr", "-0.1"], "--lr은(는) 양수여야 합니다. 받은 값: -0.1"),
    (["--lr", "fast"], "'--lr'의 값이 올바르지 않습니다: 'fast'은(는) 수가 아닙니다"),
    (["--beta1", "0.9"], "--beta1은(는) gd 방법에 쓸 수 없습니다"),
    (["--iters", "many"], "'--iters'의 값이 올바르지 않습니다: 'many'은(는) 정수가 아닙니다"),
    (["--digits", "40"], "'--digits'의 값이 올바르지 않습니다: 40은(는) 범위 1<=x<=17 밖입니다"),
    (["--momentum", "-1", "--method", "momentum"], "--momentum은(는) 0 이상의 수여야 합니다"),
])
def test_bad_options_are_said_in_korean(args, korean):
    result = run("descend", CAMELBACK, "--start=-0.5,0.5", *args, "--lang", "ko")
    assert result.exit_code == 2 and result.stderr.startswith("error: " + korean), result.stderr


def test_a_domain_error_is_said_in_korean():
    result = run("descend", "log(x)", "--start", "2", "--lr", "1", "--lang", "ko")
    assert result.exit_code == 2
    # by hand: θ = 2 → 2 − 1/2 = 1.5 → 1.5 − 2/3 = 5/6 → 5/6 − 6/5 = −11/30
    assert result.stderr.startswith("error: 3번째 반복에서 f가 정의되지 않습니다, (x) = (-0.3666666667): 함수가 정의역 밖입니다")
