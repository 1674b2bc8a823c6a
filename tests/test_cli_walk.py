"""`symgrad walk` and `symgrad diff` through click's CliRunner."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from symgrad.cli import main


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def test_walk_p2_shows_the_chain_rule_with_u_as_the_lecture_does():
    result = run("walk", "ln(x²+2xy−y²)", "--at", "x=1,y=1")
    assert result.exit_code == 0, result.output
    assert "chain rule" in result.output
    assert "u = x² + 2xy − y²" in result.output
    assert "held constant" in result.output
    # the lecture's values at (1, 1): f_x = 2, f_y = 0, Hessian [[−3, 1], [1, −1]]
    assert "∇f(1, 1) = (2, 0)" in result.output
    assert "⎡ −3   1 ⎤" in result.output and "⎣  1  −1 ⎦" in result.output


def test_walk_json_follows_the_contract():
    result = run("walk", "ln(x^2+2xy-y^2)", "--at", "x=1,y=1", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["expression"] == "log(x**2 + 2*x*y - y**2)"
    assert data["variables"] == ["x", "y"]
    assert data["at"]["point"] == [{"exact": "1", "float": 1.0}, {"exact": "1", "float": 1.0}]
    assert [g["float"] for g in data["at"]["gradient"]] == [2.0, 0.0]
    assert [[h["exact"] for h in row] for row in data["at"]["hessian"]] == [["-3", "1"], ["1", "-1"]]
    chain = data["partials"]["x"]["steps"]["substeps"][0]
    assert chain["rule"] == "chain" and chain["u"] == "u"


def test_walk_reads_stdin_and_honours_vars_order():
    result = run("walk", "-", "--vars", "y,x", "--no-steps", "--format", "json", input="x*y^2\n")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["variables"] == ["y", "x"]
    assert data["gradient"] == ["2*x*y", "y**2"]


def test_walk_start_with_negative_point_via_equals():
    result = run("walk", "x^2", "--at=-3", "--no-steps")
    assert result.exit_code == 0, result.output
    assert "f′" not in result.output and "(−6)" in result.output


def test_diff_json_and_order():
    result = run("diff", "x^5", "--wrt", "x", "--order", "2", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["expression"], data["variable"], data["order"], data["result"]) == ("x**5", "x", 2, "20*x**3")
    assert len(data["steps"]) == 2 and data["steps"][0]["result"] == "5*x**4"


def test_diff_d6_chain_rule():
    result = run("diff", "sin(t^2)")
    assert result.exit_code == 0, result.output
    assert "chain rule" in result.output and "df/dt = 2t·cos(t²)" in result.output


BAD_INPUTS = [
    "__import__('os').system('echo pwned')", "x^^2", "", "ln(x", "().__class__", "9**9**9**9",
    "lambda: 1", "x.y", "(" * 10000, "x" * 1_000_000,
]


@pytest.mark.parametrize("text", BAD_INPUTS, ids=lambda t: t[:20])
def test_bad_input_is_one_line_and_exit_2(text):
    result = run("walk", text)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "pwned" not in [line.strip() for line in result.output.splitlines()]  # echoed, never run
    assert result.output.startswith("error: ")
    assert len(result.output.splitlines()) <= 3  # the line, the input, the caret


def test_error_has_a_caret_under_the_place():
    result = run("walk", "x + @y")
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert lines[1] == "  x + @y" and lines[2] == "      ^"


@pytest.mark.parametrize("args", [
    ["diff", "x*y"],                      # no --wrt
    ["diff", "x*y", "--wrt", "z+"],       # bad variable
    ["walk", "x^2+y^2", "--at", "1"],     # too few coordinates
    ["walk", "x^2+y^2", "--at", "x=1,q=2"],
    ["walk", "x^2+y^2", "--vars", "x"],   # y missing from --vars
    ["walk", "x^2+y^2", "--direction", "0,0"],
    ["diff", "x", "--order", "0"],
])
def test_bad_options_exit_2_without_traceback(args):
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("text", ["abs(x)", "x^x^x", "sqrt(x) + |y|"])
def test_functions_sympy_cannot_solve_still_walk(text):
    result = run("walk", text, "--no-steps")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output


def test_walk_past_its_time_limit_is_one_line_and_exit_2():
    nested = "x*y*z*w"
    for _ in range(8):
        nested = f"sin(exp({nested}))"
    result = run("walk", nested, "--time-limit", "1")
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error: the walkthrough took longer than 1 s")


def test_walk_of_a_constant_says_there_is_nothing_to_differentiate():
    result = run("walk", "5")
    assert result.exit_code == 2
    assert result.output.startswith("error: 5 has no variables")
    assert run("walk", "5", "--vars", "x", "--no-steps").exit_code == 0
