"""The equivalence engine against STACK's answer-test fixtures and hand-made cases.

``tests/data/stack-equivalence.tsv`` is the STACK project's fixture table (GPL-3.0-or-later
test data, github.com/maths/moodle-qtype_stack, see /work/shared/external/README.md).
Its rows are trusted test data, so they are read here with SymPy's parser (case
sensitive, real symbols, ``e`` the constant, decimals kept as exact fractions); student
text in symgrad itself only goes through :mod:`symgrad.parse`.

Two rows keep STACK's verdict ``different`` although the functions are equal wherever
both are real (the README documents them). symgrad compares on the expected answer's
real domain, so it calls both ``same``; the test asserts that, deliberately.
"""

from __future__ import annotations

import csv
import re
import time
from pathlib import Path

import pytest
import sympy
from sympy.parsing.sympy_parser import convert_xor, parse_expr, rationalize, standard_transformations

from symgrad.grading.equivalence import (DIFFERENT, SAME, UNDECIDED, compare_constants, equivalent,
                                         evaluate_real, sample_plan)
from symgrad.phrases import message_text

TABLE = Path(__file__).parent / "data" / "stack-equivalence.tsv"
FUNCTIONS = {"sqrt", "exp", "log", "ln", "sin", "cos", "tan", "sec", "csc", "cot", "asin", "acos",
             "atan", "sinh", "cosh", "tanh", "abs", "pi"}
DOMAIN_ROWS = {("sqrt((x-3)*(x-5))", "sqrt(x-3)*sqrt(x-5)"),
               ("log(abs((x^2-9)))", "log(abs(x-3))+log(abs(x+3))")}


def read_fixture(text: str) -> sympy.Expr:
    names = {name: sympy.E if name == "e" else sympy.Symbol(name, real=True)
             for name in set(re.findall(r"[A-Za-z]+", text)) - FUNCTIONS}
    names.update(abs=sympy.Abs, ln=sympy.log, pi=sympy.pi)
    return parse_expr(text, local_dict=names,
                      transformations=standard_transformations + (convert_xor, rationalize))


def fixture_rows():
    with TABLE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_fixture_table_is_complete():
    rows = fixture_rows()
    assert len(rows) == 98
    assert sum(r["expected"] == "same" for r in rows) == 58


@pytest.mark.parametrize("row", fixture_rows(), ids=lambda r: f"{r['test']}:{r['student'][:30]}|{r['teacher'][:30]}")
def test_stack_fixture_row(row):
    comparison = equivalent(read_fixture(row["student"]), read_fixture(row["teacher"]))
    if (row["student"], row["teacher"]) in DOMAIN_ROWS:
        # Equal wherever the teacher's answer is real: symgrad's documented choice.
        assert comparison.verdict == SAME
    else:
        assert comparison.verdict == row["expected"], message_text(comparison.message)


x, y, z, n = (sympy.Symbol(name, real=True) for name in "xyzn")


def test_decimal_and_fraction_as_stack_does():
    assert compare_constants(sympy.Rational(1, 2), sympy.Rational(1, 2)).verdict == SAME
    assert compare_constants(sympy.Rational(33, 100), sympy.Rational(1, 3)).verdict == DIFFERENT
    # a 15-digit float literal times x^2 is not x^2/3 (differs at 1e-15 relative)
    answer = sympy.Rational(333333333333333, 10**15) * x**2
    assert equivalent(answer, x**2 / 3).verdict == DIFFERENT


def test_natural_domain_equality_ln_x_cubed():
    # ln(x^3) and 3 ln x are defined on x > 0 and equal there.
    assert equivalent(3 * sympy.log(x), sympy.log(x**3)).verdict == SAME
    assert equivalent(sympy.log(x**3), 3 * sympy.log(x)).verdict == SAME


def test_removable_singularity_is_not_a_domain_mismatch():
    assert equivalent((x**2 - 1) / (x + 1), x - 1).verdict == SAME


def test_domain_mismatch_is_detected():
    # sqrt(-x^2-1) is never real while x^2 is defined everywhere.
    result = equivalent(sympy.sqrt(-x**2 - 1), x**2)
    assert result.verdict == DIFFERENT and result.method == "domain"


def test_partial_domain_is_reported_in_notes():
    answer = 2 * x * sympy.log(x**2) / (2 * sympy.log(x))  # 2x for x > 0 only
    result = equivalent(answer, 2 * x)
    assert result.verdict == SAME
    assert result.remarks and "undefined" in message_text(result.remarks[0])


def test_difference_gives_a_witness_point():
    result = equivalent(2 * x * y, y**2 + 2 * x * y)
    assert result.verdict == DIFFERENT
    assert {name for name, _ in result.witness} == {"x", "y"}


def test_absolute_tolerance_for_stated_decimals():
    # Theta_1's first coordinate, exact -0.474875 (LECTURE 4); 4 decimals stated.
    exact = sympy.Rational(-474875, 10**6)
    assert compare_constants(sympy.Rational(-4749, 10**4), exact, abs_tol=sympy.Rational(1, 10**4)).same
    assert not compare_constants(sympy.Rational(-4760, 10**4), exact, abs_tol=sympy.Rational(1, 10**4)).same


def test_real_evaluator_refuses_complex_subexpressions():
    import mpmath
    with mpmath.workdps(30):
        assert evaluate_real(sympy.sqrt(x), {x: mpmath.mpf(-2)}) is None
        assert evaluate_real(sympy.log(x), {x: mpmath.mpf(0)}) is None
        assert evaluate_real((-1) ** n, {n: mpmath.mpf(3)}) == -1
        assert evaluate_real((-1) ** n, {n: mpmath.mpf("0.5")}) is None


def test_sample_plan_only_keeps_points_where_expected_is_defined():
    plan = sample_plan(sympy.sqrt(x - 3), [x])
    assert plan.points and all(point[x] >= 3 for point in plan.points)


def test_comparison_is_bounded_in_time():
    # A sum whose evaluation needs ~10^6 multiplications per point at 60 digits.
    slow = sympy.Add(*[x**k / (k + 1) for k in range(1, 400)], evaluate=False)
    started = time.monotonic()
    result = equivalent(slow, x, seconds=0.05)
    assert result.verdict in (UNDECIDED, DIFFERENT)
    assert time.monotonic() - started < 5  # generous safety bound, not a speed test
