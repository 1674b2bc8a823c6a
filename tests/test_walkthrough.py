"""The walkthrough against LECTURE.md sections 1–3 and 8 (values from the lecture or by hand)."""

from __future__ import annotations

import pytest
import sympy
from sympy import E, Rational, exp, log, sin, cos, sqrt

from symgrad.errors import ParseError
from symgrad.parse import make_symbol
from symgrad.walkthrough import derivative, walkthrough

x, y, z, t = (make_symbol(n) for n in "xyzt")
x1, x2, x3 = (make_symbol(n) for n in ("x1", "x2", "x3"))
th1, th2 = make_symbol("theta1"), make_symbol("theta2")


def same(a, b) -> bool:
    return sympy.simplify(sympy.sympify(a) - sympy.sympify(b)) == 0


# LECTURE.md section 1: single-variable derivatives (id, f, variable, expected f').
SINGLE = [
    ("d1", "ln x", "x", 1 / x),
    ("d2", "ln(x³)", "x", 3 / x),
    ("d3", "e^(4x)", "x", 4 * exp(4 * x)),
    ("d4", "x·e^(3x)", "x", exp(3 * x) * (1 + 3 * x)),
    ("d5", "eˣ/(1 + eˣ)", "x", exp(x) / (1 + exp(x)) ** 2),
    ("d6", "sin(t²)", "t", 2 * t * cos(t ** 2)),
    ("d7", "e^(−2x)", "x", -2 * exp(-2 * x)),
]


@pytest.mark.parametrize("item, text, wrt, expected", SINGLE, ids=[row[0] for row in SINGLE])
def test_single_variable_derivatives_match_the_lecture(item, text, wrt, expected):
    result = derivative(text, wrt)
    assert same(result.result, expected)
    assert result.order == 1 and len(result.trees) == 1


# LECTURE.md section 2: first partials (id, f, expected gradient in natural variable order).
FIRST = [
    ("p1", "x y² + x² y", (y ** 2 + 2 * x * y, 2 * x * y + x ** 2)),
    ("p2", "ln(x² + 2xy − y²)", ((2 * x + 2 * y) / (x ** 2 + 2 * x * y - y ** 2),
                                 (2 * x - 2 * y) / (x ** 2 + 2 * x * y - y ** 2))),
    ("p3", "xy + yz + xz", (y + z, x + z, x + y)),
    ("p4", "x₁x₂ + x₂x₃ + x₃x₁", (x2 + x3, x1 + x3, x2 + x1)),
    ("p5", "(x − 6y)(2x + 3y²)", (4 * x + 3 * y ** 2 - 12 * y, 6 * x * y - 12 * x - 54 * y ** 2)),
    ("p6", "(2t2 + 4t1)/(t2² − 3t1)", (
        2 * make_symbol("t2") * (2 * make_symbol("t2") + 3) / (make_symbol("t2") ** 2 - 3 * make_symbol("t1")) ** 2,
        -2 * (make_symbol("t2") ** 2 + 4 * make_symbol("t1") * make_symbol("t2") + 3 * make_symbol("t1"))
        / (make_symbol("t2") ** 2 - 3 * make_symbol("t1")) ** 2)),
    ("p7", "(3x² + z²)(z − y)", (6 * x * (z - y), -3 * x ** 2 - z ** 2, 3 * x ** 2 + 3 * z ** 2 - 2 * y * z)),
]


@pytest.mark.parametrize("item, text, gradient", FIRST, ids=[row[0] for row in FIRST])
def test_first_partials_match_the_lecture(item, text, gradient):
    walk = walkthrough(text, critical_points=False)
    assert len(walk.gradient) == len(gradient)
    for got, expected in zip(walk.gradient, gradient):
        assert same(got, expected)


def test_p1_at_1_2_gives_8_and_5():
    walk = walkthrough("x y² + x² y", at="x=1,y=2", critical_points=False)
    assert [g.exact for g in walk.at.gradient] == [8, 5]
    assert [g.decimal for g in walk.at.gradient] == [8.0, 5.0]


def test_p2_at_1_1_matches_the_lecture_and_s5_hessian():
    walk = walkthrough("ln(x^2+2xy-y^2)", at="x=1,y=1", critical_points=False)
    assert [g.exact for g in walk.at.gradient] == [2, 0]
    assert [[h.exact for h in row] for row in walk.at.hessian] == [[-3, 1], [1, -1]]
    assert walk.at.value.exact == log(2)


D = x ** 2 + 2 * x * y - y ** 2

# LECTURE.md section 3: Hessians (id, f, variables, expected Hessian).
HESSIANS = [
    ("s1", "x³ + 2xy³", "x,y", [[6 * x, 6 * y ** 2], [6 * y ** 2, 12 * x * y]]),
    ("s2", "2x1^3x2 + 5x3^4x2", "x1,x2,x3",
     [[12 * x1 * x2, 6 * x1 ** 2, 0], [6 * x1 ** 2, 0, 20 * x3 ** 3], [0, 20 * x3 ** 3, 60 * x2 * x3 ** 2]]),
    ("s3", "x − √(y² + z²)", "x,y,z",
     [[0, 0, 0],
      [0, -z ** 2 / (y ** 2 + z ** 2) ** Rational(3, 2), y * z / (y ** 2 + z ** 2) ** Rational(3, 2)],
      [0, y * z / (y ** 2 + z ** 2) ** Rational(3, 2), -y ** 2 / (y ** 2 + z ** 2) ** Rational(3, 2)]]),
    ("s4", "x ln y", "x,y", [[0, 1 / y], [1 / y, -x / y ** 2]]),
    ("s5", "ln(x² + 2xy − y²)", "x,y",
     [[-2 * (x ** 2 + 2 * x * y + 3 * y ** 2) / D ** 2, 2 * (-x ** 2 + 2 * x * y + y ** 2) / D ** 2],
      [2 * (-x ** 2 + 2 * x * y + y ** 2) / D ** 2, -2 * (3 * x ** 2 - 2 * x * y + y ** 2) / D ** 2]]),
    ("s6", "(4 - 2.1θ1^2 + θ1^4/3)θ1^2 + θ1θ2 + (-4+4θ2^2)θ2^2", "theta1,theta2",
     [[10 * th1 ** 4 - Rational(126, 5) * th1 ** 2 + 8, 1], [1, 48 * th2 ** 2 - 8]]),
]


@pytest.mark.parametrize("item, text, variables, hessian", HESSIANS, ids=[row[0] for row in HESSIANS])
def test_hessians_match_the_lecture(item, text, variables, hessian):
    walk = walkthrough(text, variables, critical_points=False)
    for got_row, expected_row in zip(walk.hessian, hessian, strict=True):
        for got, expected in zip(got_row, expected_row, strict=True):
            assert same(got, expected)
    assert all(pair.agree for pair in walk.mixed)


def test_s1_mixed_partials_agree_each_by_its_own_steps():
    walk = walkthrough("x³ + 2xy³", critical_points=False)
    f_xy, f_yx = walk.second(x, y), walk.second(y, x)
    assert same(f_xy.result, 6 * y ** 2) and same(f_yx.result, 6 * y ** 2)
    assert f_xy.steps.variable == y and f_yx.steps.variable == x
    assert walk.mixed[0].agree is True


def test_camelback_gradient_and_hessian_at_the_start_point():
    walk = walkthrough("(4 - 2.1θ1^2 + θ1^4/3)θ1^2 + θ1θ2 + (-4+4θ2^2)θ2^2", at="-0.5,0.5",
                       critical_points=False)
    lecture_gradient = (2 * th1 ** 5 - Rational(42, 5) * th1 ** 3 + 8 * th1 + th2,
                        16 * th2 ** 3 - 8 * th2 + th1)
    assert all(same(g, e) for g, e in zip(walk.gradient, lecture_gradient))
    assert [g.exact for g in walk.at.gradient] == [Rational(-25125, 10000), Rational(-5, 2)]
    assert [[h.decimal for h in row] for row in walk.at.hessian] == [[2.325, 1.0], [1.0, 4.0]]
    assert walk.at.value.decimal == pytest.approx(-0.1260416, abs=1e-7)


CRITICAL = [
    ("(x − 2)² + 2", [((2,), "minimum", 2)]),           # g1: x̂ = 2, minimum 2
    ("x² + y²", [((0, 0), "minimum", 0)]),
    ("x² − y²", [((0, 0), "saddle", 0)]),
    ("-x² - 3y² + 4", [((0, 0), "maximum", 4)]),
    ("x⁴ + y⁴", [((0, 0), "inconclusive", 0)]),        # Hessian zero at the origin
]


@pytest.mark.parametrize("text, expected", CRITICAL)
def test_critical_points_are_classified_by_the_hessian(text, expected):
    found = walkthrough(text).critical_points
    got = sorted((tuple(c.exact for c in p.point), p.kind, p.value.exact) for p in found.points)
    assert got == sorted((tuple(sympy.Integer(c) for c in pt), kind, value) for pt, kind, value in expected)


def test_critical_points_of_a_cubic_include_a_saddle_and_a_minimum():
    # f = x³ − 3x + y²: ∇f = (3x² − 3, 2y) = 0 at (±1, 0); f_xx = 6x, so (1,0) min, (−1,0) saddle.
    found = walkthrough("x^3 - 3x + y^2").critical_points
    kinds = {tuple(c.exact for c in p.point): p.kind for p in found.points}
    assert kinds == {(1, 0): "minimum", (-1, 0): "saddle"}
    assert found.complete


def test_directional_derivative_along_the_diagonal():
    # ∇(x² + y²) at (1, 1) is (2, 2); u = (1, 1)/√2, so D_u f = 4/√2 = 2√2 (= |∇f|, the largest).
    walk = walkthrough("x^2 + y^2", at="1,1", direction="1,1", critical_points=False)
    assert same(walk.directional.at_point.exact, 2 * sqrt(2))
    assert same(walk.directional.result, sqrt(2) * (x + y))


def test_directional_derivative_perpendicular_to_the_gradient_is_zero():
    walk = walkthrough("x^2 + y^2", at="1,1", direction="1,-1", critical_points=False)
    assert walk.directional.at_point.exact == 0


def test_values_where_f_is_undefined_have_no_float():
    walk = walkthrough("ln(x)", at="x=0", critical_points=False)
    assert walk.at.value.decimal is None
    walk = walkthrough("ln(x)", at="x=-1", critical_points=False)
    assert walk.at.value.decimal is None


def test_json_contract_keys():
    data = walkthrough("ln(x^2+2xy-y^2)", at="x=1,y=1").to_dict()
    assert {"expression", "variables", "partials", "second_partials", "gradient", "hessian", "at"} <= set(data)
    assert data["variables"] == ["x", "y"]
    assert set(data["second_partials"]) == {"x,x", "x,y", "y,x", "y,y"}
    assert data["at"]["gradient"] == [{"exact": "2", "float": 2.0}, {"exact": "0", "float": 0.0}]
    step = data["partials"]["x"]["steps"]
    assert {"rule", "expression", "result", "substeps"} <= set(step)


def test_higher_order_derivative_differentiates_the_previous_result():
    result = derivative("x^5", "x", order=3)
    assert result.result == 60 * x ** 2
    assert [tree.variable for tree in result.trees] == [x, x, x]


@pytest.mark.parametrize("bad", ["x=1", "1,2,3", "x=1,y=", "x=1,z=2"])
def test_bad_points_are_parse_errors(bad):
    with pytest.raises(ParseError):
        walkthrough("x^2 + y^2", at=bad, critical_points=False)


def test_derivative_needs_wrt_when_there_are_several_variables():
    with pytest.raises(ParseError, match="--wrt"):
        derivative("x*y")


def test_camelback_critical_points_match_the_sfu_library():
    # LECTURE.md §4 (SFU Virtual Library): six local minima, two global, f* = −1.0316285 at
    # ±(0.0898420, −0.7126564); minima ±(1.703607, −0.796084) f = −0.215464 and
    # ±(1.607105, 0.568651) f = 2.104250; a saddle at (0, 0).
    found = walkthrough("(4 - 2.1θ1^2 + θ1^4/3)θ1^2 + θ1θ2 + (-4+4θ2^2)θ2^2").critical_points
    assert found.complete
    minima = sorted((round(p.point[0].decimal, 6), round(p.point[1].decimal, 6), round(p.value.decimal, 6))
                    for p in found.points if p.kind == "minimum")
    expected = sorted([(0.089842, -0.712656, -1.031628), (-0.089842, 0.712656, -1.031628),
                       (1.703607, -0.796084, -0.215464), (-1.703607, 0.796084, -0.215464),
                       (1.607105, 0.568651, 2.10425), (-1.607105, -0.568651, 2.10425)])
    assert len(minima) == 6
    for got, want in zip(minima, expected):
        assert got == pytest.approx(want, abs=2e-6)
    origin = [p for p in found.points if p.point[0].exact == 0 and p.point[1].exact == 0]
    assert [p.kind for p in origin] == ["saddle"]


def test_values_of_unevaluated_derivatives_do_not_crash():
    # SymPy leaves d/dx sign(ln(1.5xy)) unevaluated; substituting a number for x in it must not raise.
    walk = walkthrough("sqrt(abs(ln(1.5xy)))", at="1,1", critical_points=False)
    assert walk.at.value.decimal == pytest.approx(0.6367, abs=1e-4)  # √(ln 1.5) = √0.405465


@pytest.mark.parametrize("text", ["x y² + x² y", "x³ + 2xy³"])
def test_zero_dimensional_systems_out_of_shape_position_are_solved_completely(text):
    # p1: ∇f = (y² + 2xy, 2xy + x²) vanishes only at (0, 0) (y = 0 forces x = 0; y = −2x forces
    # −3x² = 0). s1: (3x² + 2y³, 6xy²) likewise. Both Hessians vanish there: inconclusive.
    found = walkthrough(text).critical_points
    assert found.complete and found.note is None
    assert [(tuple(c.exact for c in p.point), p.kind) for p in found.points] == [((0, 0), "inconclusive")]


def test_a_curve_of_critical_points_is_reported_as_lines():
    found = walkthrough("x² y²").critical_points  # ∇f = 0 on both axes (issue 13; more in test_critical.py)
    assert found.complete and found.note is None and len(found.sets) == 2
