"""Expressions that begin with a minus sign are arguments, not options (issue 12).

click reads ``-4x+3y`` as an unknown option ``-4``; every command that takes an
expression must read it as the expression, whatever its position among the options.
"""

import pytest
import sympy
from click.testing import CliRunner

from symgrad.cli import main

x, y = sympy.symbols("x y")


def run(*args):
    result = CliRunner().invoke(main, list(args))
    assert "No such option" not in result.output, result.output
    return result


@pytest.mark.parametrize("args", [
    ["walk", "-4x+3y", "--no-steps", "--no-critical"],
    ["walk", "--no-steps", "--no-critical", "-4x+3y"],
    ["walk", "--at", "-1,2", "--no-critical", "-4x+3y"],
])
def test_walk_reads_a_leading_minus_expression(args):
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert "∂f/∂x = −4" in result.output and "∂f/∂y = 3" in result.output


def test_walk_textbook_exercise_with_leading_minus():
    result = run("walk", "-x^2y+xy^2+xy", "--at", "-1,2", "--no-steps", "--no-critical", "--format", "json")
    assert result.exit_code == 0, result.output
    import json
    data = json.loads(result.output)
    f = -x**2 * y + x * y**2 + x * y
    gradient = [sympy.sympify(entry) for entry in data["gradient"]]
    assert [sympy.simplify(g - sympy.diff(f, v)) for g, v in zip(gradient, (x, y))] == [0, 0]


def test_diff_reads_a_leading_minus_expression():
    result = run("diff", "-x^2", "--wrt", "x", "--format", "json")
    assert result.exit_code == 0, result.output
    assert "-2*x" in result.output


def test_descend_and_sweep_read_a_leading_minus_expression():
    # f = −(−x²) = x²: from 1 with lr 0.25 the first step is 1 − 0.25·2 = 0.5.
    result = run("descend", "-(-x^2)", "--start", "1", "--lr", "0.25", "--iters", "1", "--format", "json")
    assert result.exit_code == 0, result.output
    assert "0.5" in result.output
    result = run("sweep", "-(-x^2)", "--start", "-1", "--lr", "0.25,0.5", "--iters", "3")
    assert result.exit_code == 0, result.output


def test_check_reads_negative_answers():
    # d1: y = ln x, so y' = 1/x; "-1/x" is a sign slip, read as an answer, not an option
    result = run("check", "d1", "--answer", "y'=-1/x")
    assert result.exit_code in (0, 1), result.output
    assert "read as" in result.output


def test_a_lone_minus_still_means_standard_input():
    result = CliRunner().invoke(main, ["diff", "-", "--wrt", "x"], input="-x^3\n")
    assert result.exit_code == 0, result.output
    assert "−3x²" in result.output
