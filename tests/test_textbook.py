"""Textbook form: equal to its input, and never longer than the answers LECTURE.md prints."""

from __future__ import annotations

import pytest
import sympy
from hypothesis import HealthCheck, assume, given, settings
from sympy import Rational, cos, count_ops, exp, fraction, log, sqrt

from symgrad.parse import make_symbol
from symgrad.steps import derivative_steps
from symgrad.textbook import textbook_form
from tests.test_steps import CAMELBACK, EXPRESSIONS, numerically_equal

x, y, z, t = (make_symbol(n) for n in "xyzt")
x1, x2, x3 = (make_symbol(n) for n in ("x1", "x2", "x3"))
t1, t2 = make_symbol("t1"), make_symbol("t2")
th1, th2 = make_symbol("theta1"), make_symbol("theta2")
D = x**2 + 2 * x * y - y**2

# (id, f, variables, derivative as (v,) or (v, w), the answer LECTURE.md prints, typed in by hand)
PRINTED = [
    ("d1", log(x), (x,), (x,), 1 / x),
    ("d2", log(x**3), (x,), (x,), 3 / x),
    ("d3", exp(4 * x), (x,), (x,), 4 * exp(4 * x)),
    ("d4", x * exp(3 * x), (x,), (x,), exp(3 * x) * (1 + 3 * x)),
    ("d5", exp(x) / (1 + exp(x)), (x,), (x,), exp(x) / (1 + exp(x)) ** 2),
    ("d6", sympy.sin(t**2), (t,), (t,), 2 * t * cos(t**2)),
    ("d7", exp(-2 * x), (x,), (x,), -2 * exp(-2 * x)),
    ("p1 f_x", x * y**2 + x**2 * y, (x, y), (x,), y**2 + 2 * x * y),
    ("p1 f_y", x * y**2 + x**2 * y, (x, y), (y,), 2 * x * y + x**2),
    ("p2 f_x", log(D), (x, y), (x,), (2 * x + 2 * y) / D),
    ("p2 f_y", log(D), (x, y), (y,), (2 * x - 2 * y) / D),
    ("p3 f_x", x * y + y * z + x * z, (x, y, z), (x,), y + z),
    ("p3 f_y", x * y + y * z + x * z, (x, y, z), (y,), x + z),
    ("p3 f_z", x * y + y * z + x * z, (x, y, z), (z,), x + y),
    ("p5 f_x", (x - 6 * y) * (2 * x + 3 * y**2), (x, y), (x,), 4 * x + 3 * y**2 - 12 * y),
    ("p5 f_y", (x - 6 * y) * (2 * x + 3 * y**2), (x, y), (y,), 6 * x * y - 12 * x - 54 * y**2),
    ("p6 g_t1", (2 * t2 + 4 * t1) / (t2**2 - 3 * t1), (t1, t2), (t1,),
     sympy.Mul(2 * t2, 2 * t2 + 3, evaluate=False) / (t2**2 - 3 * t1) ** 2),
    ("p6 g_t2", (2 * t2 + 4 * t1) / (t2**2 - 3 * t1), (t1, t2), (t2,),
     sympy.Mul(-2, t2**2 + 4 * t1 * t2 + 3 * t1, evaluate=False) / (t2**2 - 3 * t1) ** 2),
    ("p7 f_x", (3 * x**2 + z**2) * (z - y), (x, y, z), (x,), sympy.Mul(6 * x, z - y, evaluate=False)),
    ("p7 f_y", (3 * x**2 + z**2) * (z - y), (x, y, z), (y,), -3 * x**2 - z**2),
    ("p7 f_z", (3 * x**2 + z**2) * (z - y), (x, y, z), (z,), 3 * x**2 + 3 * z**2 - 2 * y * z),
    ("s1 f_x", x**3 + 2 * x * y**3, (x, y), (x,), 3 * x**2 + 2 * y**3),
    ("s1 f_y", x**3 + 2 * x * y**3, (x, y), (y,), 6 * x * y**2),
    ("s1 f_xx", x**3 + 2 * x * y**3, (x, y), (x, x), 6 * x),
    ("s1 f_xy", x**3 + 2 * x * y**3, (x, y), (x, y), 6 * y**2),
    ("s1 f_yx", x**3 + 2 * x * y**3, (x, y), (y, x), 6 * y**2),
    ("s1 f_yy", x**3 + 2 * x * y**3, (x, y), (y, y), 12 * x * y),
    ("s2 11", 2 * x1**3 * x2 + 5 * x3**4 * x2, (x1, x2, x3), (x1, x1), 12 * x1 * x2),
    ("s2 12", 2 * x1**3 * x2 + 5 * x3**4 * x2, (x1, x2, x3), (x1, x2), 6 * x1**2),
    ("s2 23", 2 * x1**3 * x2 + 5 * x3**4 * x2, (x1, x2, x3), (x2, x3), 20 * x3**3),
    ("s2 33", 2 * x1**3 * x2 + 5 * x3**4 * x2, (x1, x2, x3), (x3, x3), 60 * x2 * x3**2),
    ("s4 xy", x * log(y), (x, y), (x, y), 1 / y),
    ("s4 yy", x * log(y), (x, y), (y, y), -x / y**2),
    ("s5 xx", log(D), (x, y), (x, x), sympy.Mul(-2, x**2 + 2 * x * y + 3 * y**2, evaluate=False) / D**2),
    ("s5 xy", log(D), (x, y), (x, y), sympy.Mul(2, -x**2 + 2 * x * y + y**2, evaluate=False) / D**2),
    ("s5 yx", log(D), (x, y), (y, x), sympy.Mul(2, -x**2 + 2 * x * y + y**2, evaluate=False) / D**2),
    ("s5 yy", log(D), (x, y), (y, y), sympy.Mul(-2, 3 * x**2 - 2 * x * y + y**2, evaluate=False) / D**2),
    ("s6 J_1", CAMELBACK, (th1, th2), (th1,), 2 * th1**5 - Rational(42, 5) * th1**3 + 8 * th1 + th2),
    ("s6 J_2", CAMELBACK, (th1, th2), (th2,), 16 * th2**3 - 8 * th2 + th1),
    ("s6 11", CAMELBACK, (th1, th2), (th1, th1), 10 * th1**4 - Rational(126, 5) * th1**2 + 8),
    ("s6 12", CAMELBACK, (th1, th2), (th1, th2), sympy.Integer(1)),
    ("s6 22", CAMELBACK, (th1, th2), (th2, th2), 48 * th2**2 - 8),
]


def textbook_derivative(f, variables, order):
    """Each derivative from the previous textbook result, as the walkthrough does."""
    result = f
    for v in order:
        result = derivative_steps(result, v, variables).result
    return result


@pytest.mark.parametrize("item, f, variables, order, printed", PRINTED, ids=[row[0] for row in PRINTED])
def test_never_longer_than_the_lecture_and_equal_to_it(item, f, variables, order, printed):
    result = textbook_derivative(f, variables, order)
    assert sympy.simplify(result - printed) == 0
    assert count_ops(result) <= count_ops(printed)


def test_polynomials_are_expanded():
    assert textbook_form((x + 1) ** 2) == x**2 + 2 * x + 1
    assert textbook_form((x - 6 * y) * (2 * x + 3 * y**2)) == 2 * x**2 + 3 * x * y**2 - 12 * x * y - 18 * y**3


def test_rational_functions_become_one_fraction_with_a_power_denominator():
    expr = 2 / D - (2 * x + 2 * y) ** 2 / D**2  # the quotient rule's raw f_xx for p2
    result = textbook_form(expr, (x, y))
    numerator, denominator = fraction(result)
    assert denominator == D**2  # kept as a power of the expanded polynomial
    assert sympy.expand(numerator - (-2 * x**2 - 4 * x * y - 6 * y**2)) == 0  # 2D − (2x+2y)², by hand


def test_algebraic_powers_collect_into_one_power():
    raw = (sqrt(y**2 + z**2) - y**2 / sqrt(y**2 + z**2)) / (y**2 + z**2)
    assert textbook_form(-raw, (y, z)) == -(z**2) / (y**2 + z**2) ** Rational(3, 2)  # s3's f_yy


def test_large_inputs_come_back_unchanged():
    big = sympy.Add(*[sympy.sin(k * x) / (x + k) for k in range(1, 80)])
    assert textbook_form(big, (x,)) == big


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(EXPRESSIONS)
def test_textbook_form_is_equal_and_never_longer(f):
    assume(f.has(x) and not f.has(sympy.zoo, sympy.nan))
    result = textbook_form(f, (x, y))
    if not f.is_polynomial(x, y):  # polynomials are expanded, which may be longer
        assert count_ops(result) <= count_ops(f)
    assert result == f or numerically_equal(result, f)
