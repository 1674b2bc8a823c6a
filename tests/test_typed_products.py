"""``2^x·3^x·4^x`` is differentiated as typed (issue 13): SymPy merges powers of numbers
into ``24^x`` as soon as they are multiplied, which hid the product rule the student is
practising. The steps start from the typed product; everything computed stays exact and
equal to SymPy's derivative."""

from __future__ import annotations

import pytest
import sympy
from click.testing import CliRunner

import symgrad
from symgrad.cli import main
from symgrad.parse import parse, parse_expression
from symgrad.steps import ProductRule, QuotientRule

x, y = sympy.symbols("x y", real=True)


@pytest.mark.parametrize("text, wrt, product", [
    ("2^x*3^x*4^x", "x", True), ("2^x 3^x", "x", True), ("x·2^x·3^x", "x", True),
    ("2^x·3^y·2^y", "y", True), ("2^x·3^y·2^y", "x", False),
])
def test_a_typed_product_of_powers_of_numbers_is_differentiated_as_typed(text, wrt, product):
    problem = parse(text)
    assert problem.typed is not None
    tree = symgrad.derivative(text, wrt).trees[0]
    assert tree.substep.expr == problem.typed  # the steps start from what was typed
    assert any(isinstance(step, ProductRule) for step in _walk(tree)) == product
    assert sympy.simplify(tree.result - sympy.diff(problem.expr, sympy.Symbol(wrt, real=True))) == 0


def _walk(rule):
    yield rule
    for value in vars(rule).values():
        items = value if isinstance(value, tuple) else (value,)
        for item in items:
            if hasattr(item, "expr") and hasattr(item, "variable") and item is not rule:
                yield from _walk(item)


def test_the_product_rule_shows_each_factor_and_the_rewrite_is_the_last_step():
    result = CliRunner().invoke(main, ["diff", "2^x*3^x*4^x"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "d/dx 2^x·3^x·4^x"
    assert "product rule" in lines[1] and "factors: 2^x, 3^x, 4^x" in result.output
    assert "d/dx 3^x = 3^x·ln(3)" in result.output
    assert lines[-2].lstrip().startswith("simplify:")


def test_the_walkthrough_shows_the_function_as_typed():
    output = CliRunner().invoke(main, ["walk", "2^x*3^y*2^y", "--no-critical"]).output
    assert output.splitlines()[0] == "f(x, y) = 2^x·3^y·2^y"


def test_a_quotient_of_powers_is_differentiated_by_the_quotient_rule():
    tree = symgrad.derivative("2^x/3^x").trees[0]
    assert any(isinstance(step, QuotientRule) for step in _walk(tree))
    assert sympy.simplify(tree.result - sympy.diff((sympy.Rational(2, 3)) ** x, x)) == 0


def test_values_answers_and_compiled_code_use_the_evaluated_expression():
    assert parse_expression("2^x*3^x*4^x") == 24**x  # answers compare as SymPy reads them
    problem = parse("2^x*3^x*4^x")
    assert problem.expr == 24**x and problem.as_typed != problem.expr
    walk = symgrad.walkthrough("2^x*3^x*4^x", at="x=1")
    assert sympy.simplify(walk.at.gradient[0].exact - 24 * sympy.log(24)) == 0
    assert parse("x^2 + 2^x").typed is None  # nothing merged: nothing kept
