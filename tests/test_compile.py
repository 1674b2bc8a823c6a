"""compile.py: f, ∇f and the Hessian as numbers, checked against hand calculations and sympy.diff."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy

from symgrad.compile import SCALAR_MAX_VARIABLES, compile_expression, evaluate_at, exact_gradient
from symgrad.errors import EvaluationError, SymgradError

T1, T2 = sympy.symbols("theta1 theta2", real=True)
X = sympy.Symbol("x", real=True)
CAMELBACK = (4 - sympy.Rational(21, 10) * T1**2 + T1**4 / 3) * T1**2 + T1 * T2 + (-4 + 4 * T2**2) * T2**2


def camelback_exact(t1: Fraction, t2: Fraction):
    """J and the lecture's gradient (LECTURE.md §4) in exact rational arithmetic."""
    value = (4 - Fraction(21, 10) * t1**2 + t1**4 / 3) * t1**2 + t1 * t2 + (-4 + 4 * t2**2) * t2**2
    gradient = (2 * t1**5 - Fraction(42, 5) * t1**3 + 8 * t1 + t2, 16 * t2**3 - 8 * t2 + t1)
    return value, gradient


def rosenbrock(count):
    xs = sympy.symbols(f"x0:{count}", real=True)
    return sum(100 * (xs[i + 1] - xs[i] ** 2) ** 2 + (1 - xs[i]) ** 2 for i in range(count - 1)), xs


def rosenbrock_gradient_by_hand(x):
    """∂/∂xᵢ of Σ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)², written out."""
    n = len(x)
    out = []
    for i in range(n):
        g = 0.0
        if i < n - 1:
            g += -400 * x[i] * (x[i + 1] - x[i] ** 2) - 2 * (1 - x[i])
        if i > 0:
            g += 200 * (x[i] - x[i - 1] ** 2)
        out.append(g)
    return out


def test_camelback_value_and_gradient_at_the_lecture_start():
    compiled = compile_expression(CAMELBACK, (T1, T2))
    value, gradient = compiled.value_and_gradient((-0.5, 0.5))
    exact_value, exact_gradient_ = camelback_exact(Fraction(-1, 2), Fraction(1, 2))
    assert exact_gradient_ == (Fraction(-201, 80), Fraction(-5, 2))  # (−2.5125, −2.5), LECTURE.md §4
    assert value == pytest.approx(float(exact_value), rel=1e-15)
    assert gradient == pytest.approx([float(g) for g in exact_gradient_], rel=1e-15)
    assert compiled.value((-0.5, 0.5)) == pytest.approx(-0.12604166666666666, rel=1e-15)


def test_camelback_hessian_by_hand():
    """J_11 = 10θ₁⁴ − 25.2θ₁² + 8, J_12 = 1, J_22 = 48θ₂² − 8: at (−0.5, 0.5) 2.325, 1, 4."""
    compiled = compile_expression(CAMELBACK, (T1, T2))
    hessian = compiled.hessian((-0.5, 0.5))
    assert hessian[0][0] == pytest.approx(2.325, rel=1e-14)
    assert hessian[0][1] == hessian[1][0] == 1
    assert hessian[1][1] == pytest.approx(4.0, rel=1e-14)


def test_exact_gradient_equals_sympy_diff():
    expr, xs = rosenbrock(7)
    for expression, variables in ((CAMELBACK, (T1, T2)), (expr, xs),
                                  (sympy.log(X**2 + 1) * sympy.exp(-X), (X,))):
        assert exact_gradient(expression, variables) == tuple(sympy.diff(expression, v) for v in variables)


def test_backend_chosen_by_variable_count_or_request():
    assert compile_expression(CAMELBACK, (T1, T2)).backend == "scalar"
    expr, xs = rosenbrock(SCALAR_MAX_VARIABLES + 1)
    assert compile_expression(expr, xs).backend == "numpy"
    assert compile_expression(CAMELBACK, (T1, T2), backend="numpy").backend == "numpy"


@pytest.mark.parametrize("count", [3, 12, 100])
def test_numpy_backend_gradient_matches_the_hand_formula(count):
    expr, xs = rosenbrock(count)
    compiled = compile_expression(expr, xs, backend="numpy")
    point = [-1.2 + 0.37 * i - 0.01 * i * i for i in range(count)]
    value, gradient = compiled.value_and_gradient(compiled.as_point(point))
    by_hand = sum(100 * (point[i + 1] - point[i] ** 2) ** 2 + (1 - point[i]) ** 2 for i in range(count - 1))
    assert value == pytest.approx(by_hand, rel=1e-13)
    assert np.allclose(gradient, rosenbrock_gradient_by_hand(point), rtol=1e-13, atol=1e-12)


def test_numpy_backend_with_a_non_sum_expression_and_scattered_indices():
    xs = sympy.symbols("x0:10", real=True)
    expr = sympy.log(1 + sum(x**2 for x in xs)) + xs[0] * xs[9] + sum(xs[i] * xs[i + 3] for i in range(0, 7, 2))
    scalar = compile_expression(expr, xs, backend="scalar")
    vector = compile_expression(expr, xs, backend="numpy")
    point = [0.1 * (i - 4) for i in range(10)]
    assert vector.value(vector.as_point(point)) == pytest.approx(scalar.value(tuple(point)), rel=1e-14)
    assert np.allclose(vector.gradient(vector.as_point(point)), scalar.gradient(tuple(point)), rtol=1e-14)
    assert np.allclose(vector.hessian(vector.as_point(point)), scalar.hessian(tuple(point)), rtol=1e-14)


def test_a_symbol_that_is_not_a_variable_is_refused():
    with pytest.raises(SymgradError, match="theta2"):
        compile_expression(CAMELBACK, (T1,))


def test_wrong_number_of_coordinates_is_refused():
    compiled = compile_expression(CAMELBACK, (T1, T2))
    with pytest.raises(SymgradError, match="expected 2 coordinates"):
        compiled.as_point((1.0, 2.0, 3.0))


@pytest.mark.parametrize("expr, point, words", [
    (sympy.log(X), -1.0, "outside its domain"),
    (1 / X, 0.0, "division by zero"),
    (X ** sympy.Rational(1, 3), -1.0, "not a real number"),
    (sympy.sqrt(X), -4.0, "outside its domain"),
    (sympy.exp(X), 1000.0, "overflow"),
])
def test_domain_errors_are_named_never_nan(expr, point, words):
    compiled = compile_expression(expr, (X,))
    with pytest.raises(EvaluationError, match=words):
        evaluate_at(compiled, (point,))


def test_numpy_backend_domain_errors_raise_too():
    xs = sympy.symbols("x0:10", real=True)
    compiled = compile_expression(sum(sympy.log(x) for x in xs), xs)
    assert compiled.backend == "numpy"
    with pytest.raises(EvaluationError, match="undefined"):
        evaluate_at(compiled, [1.0] * 9 + [-1.0])
    assert evaluate_at(compiled, [1.0] * 10) == (0.0, (1.0,) * 10)


def _counting_diff(monkeypatch):
    """Count the calls of sympy.diff from here on (the count is the list's length)."""
    calls, diff = [], sympy.diff

    def counting(*args, **kwargs):
        calls.append(args)
        return diff(*args, **kwargs)

    monkeypatch.setattr(sympy, "diff", counting)
    return calls


def test_terms_of_one_shape_are_differentiated_once(monkeypatch):
    """Rosenbrock(200) is 199 terms 100(x_{i+1} − x_i²)² and 199 terms (1 − x_i)²: two
    templates, in two variables and in one, so three derivatives, not three per i; the
    result is still sympy.diff's."""
    expr, xs = rosenbrock(200)
    expected = tuple(sympy.diff(expr, v) for v in xs)
    calls = _counting_diff(monkeypatch)
    assert exact_gradient(expr, xs) == expected
    assert len(calls) == 3
    calls.clear()
    compiled = compile_expression(expr, xs, backend="numpy")
    assert len(calls) == 3  # compiling differentiates the template only
    assert compiled.gradient_exprs == expected  # built when asked for


@pytest.mark.parametrize("symbols", [sympy.symbols("a0:5", real=True), sympy.symbols("b0:5", positive=True)])
def test_a_shared_template_keeps_the_variables_assumptions(symbols):
    """d|x|/dx is sign(x) for a real x; for a positive x, |x| is x already and d/dx is 1."""
    expr = sum(sympy.Abs(s) * s for s in symbols) + sum(sympy.sqrt(s**2) for s in symbols)
    assert exact_gradient(expr, symbols) == tuple(sympy.diff(expr, s) for s in symbols)


def exact_at(exprs, variables, point):
    """Expressions at a point of exact rationals, then as floats (the reference values)."""
    values = dict(zip(variables, (sympy.Rational(p) for p in point)))
    return [float(e.xreplace(values)) for e in exprs]


def test_numpy_backend_adds_repeated_indices_constants_and_leftovers():
    """x_i·x_{7i mod 12} repeats indices within a shape; 2x_i has a constant derivative;
    3x₀ + 7 and exp(x₁x₂) are left over; all agree with sympy.diff at an exact point."""
    xs = sympy.symbols("x0:12", real=True)
    expr = (sum(xs[i] * xs[(7 * i) % 12] for i in range(12)) + sum(2 * x for x in xs)
            + 3 * xs[0] + 7 + sympy.exp(xs[1] * xs[2]))
    point = [f"{i - 4}/8" for i in range(12)]
    compiled = compile_expression(expr, xs, backend="numpy")
    value, gradient = compiled.value_and_gradient(compiled.as_point([float(sympy.Rational(p)) for p in point]))
    assert value == pytest.approx(exact_at([expr], xs, point)[0], rel=1e-14)
    assert compiled.value(compiled.as_point([float(sympy.Rational(p)) for p in point])) == pytest.approx(value, rel=1e-15)
    assert np.allclose(gradient, exact_at([sympy.diff(expr, x) for x in xs], xs, point), rtol=1e-14, atol=1e-15)


def test_a_chain_of_terms_reads_slices_of_the_point():
    """SymPy sorts Rosenbrock's terms by name (x0, x1, x10, ...); the vectorised terms
    still read a = x[0:n−1] and b = x[1:n] as slices (views), not gathered index arrays,
    and both shapes, (1 − a)² and 100(b − a²)², are one block over those two slices."""
    from symgrad.compile import _blocks, _shapes

    expr, xs = rosenbrock(30)
    shapes = _shapes(sympy.Add.make_args(expr), xs)
    assert sorted(len(shape.placeholders) for shape in shapes) == [1, 2]
    (block,) = _blocks(shapes)
    assert block.arguments == (slice(0, 29, 1), slice(1, 30, 1))
    assert block.unique == (True, True)


def test_f_and_its_gradient_share_their_subexpressions():
    """f = x·e^(x²+y²): f, ∂f/∂x = (1 + 2x²)e^(x²+y²) and ∂f/∂y = 2xy·e^(x²+y²) need the
    exponential once in the generated code."""
    import inspect

    y = sympy.Symbol("y", real=True)
    expr = X * sympy.exp(X**2 + y**2)
    scalar = compile_expression(expr, (X, y))
    assert inspect.getsource(scalar.value_and_gradient).count("exp(") == 1
    value, gradient = scalar.value_and_gradient((0.5, -1.0))
    e = np.exp(1.25)
    assert value == pytest.approx(0.5 * e, rel=1e-15)
    assert gradient == pytest.approx((1.5 * e, -1.0 * e), rel=1e-15)
