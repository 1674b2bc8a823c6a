"""Library arguments that may be text are parsed, never evaluated (sympify evaluates strings)."""

from fractions import Fraction

import pytest
import sympy

import symgrad
from symgrad.grading.equivalence import equivalent
from symgrad.parse import as_expression, make_symbol
from symgrad.steps import derivative_steps
from symgrad.textbook import textbook_form

PAYLOAD = "__import__('pathlib').Path('{path}').touch()"
x = make_symbol("x")


@pytest.mark.parametrize("call", [
    lambda text: derivative_steps(text, x),
    lambda text: textbook_form(text),
    lambda text: symgrad.walkthrough("x^2", at=[text], critical_points=False),
    lambda text: symgrad.walkthrough("x^2+y^2", at="1,1", direction=[text, 1], critical_points=False),
    lambda text: equivalent(text, x),
    lambda text: equivalent(x, text),
])
def test_text_arguments_are_parsed_not_evaluated(call, tmp_path):
    target = tmp_path / "executed"
    with pytest.raises(symgrad.ParseError):
        call(PAYLOAD.format(path=target))
    assert not target.exists()


@pytest.mark.parametrize("value, expected", [
    (3, sympy.Integer(3)),
    (0.1, sympy.Rational(1, 10)),          # the decimal a float prints as, kept exact
    (-2.5, sympy.Rational(-5, 2)),
    (Fraction(2, 3), sympy.Rational(2, 3)),
    ("2x + 1", 2 * x + 1),
    (x ** 2, x ** 2),
])
def test_as_expression_is_exact(value, expected):
    assert as_expression(value) == expected


@pytest.mark.parametrize("value", [float("nan"), float("inf"), True, None, object()])
def test_as_expression_refuses_what_is_not_a_number_or_expression(value):
    with pytest.raises(symgrad.ParseError):
        as_expression(value)
