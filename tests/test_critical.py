"""Critical points as textbooks define them (issue 13): lines and curves of solutions of
∇f = 0, and linear systems solved directly."""

import sympy

from symgrad import walkthrough
from symgrad.render.json import render_json

def equations(found):
    return [[(str(left), str(right)) for left, right in s.equations] for s in found.sets]


def test_both_axes_of_x2y2_are_lines_of_critical_points():
    # ∇(x²y²) = (2xy², 2x²y) = 0 exactly where x = 0 or y = 0; f = 0 on both lines.
    found = walkthrough("x^2*y^2").critical_points
    assert found.complete and found.note is None
    assert equations(found) == [[("x", "0")], [("y", "0")]]
    assert all(s.value.exact == 0 and s.kind == "inconclusive" for s in found.sets)
    assert found.points == ()  # (0, 0) lies on both lines and is not listed again


def test_a_circle_of_critical_points_and_the_isolated_maximum_inside():
    # ∇((x²+y²−1)²) = 4(x²+y²−1)·(x, y): the unit circle, and (0, 0) where f = 1.
    found = walkthrough("(x^2+y^2-1)^2").critical_points
    assert found.complete
    assert [str(sympy.expand(left - right)) for s in found.sets for left, right in s.equations] == \
        ["x**2 + y**2 - 1"]
    (point,) = found.points
    assert [c.exact for c in point.point] == [0, 0] and point.kind == "maximum" and point.value.exact == 1


def test_a_linear_gradient_with_a_line_of_solutions():
    # ∇((x−y)²) = (2(x−y), −2(x−y)): every point of the line x = y, where f = 0.
    found = walkthrough("(x-y)^2").critical_points
    assert found.complete and equations(found) == [[("x", "y")]] and found.sets[0].value.exact == 0


def test_curves_are_shown_in_every_format_and_language():
    walk = walkthrough("x^2*y^2")
    text = walk.render("text")
    assert "every point with x = 0 is critical" in text and "inconclusive" in text
    assert "x = 0인 모든 점이 임계점" in walk.render("text", lang="ko")
    for fmt in ("latex", "markdown", "html"):
        assert "every point with" in walk.render(fmt) and "none:" not in walk.render(fmt)
    assert '"equations": [\n          "x = 0"' in render_json(walk)


def test_the_200_variable_sum_of_squares_is_solved_as_a_linear_system():
    # ∇(Σ xᵢ²) = (2x₁, …, 2x₂₀₀) = 0 only at the origin: a minimum with Hessian 2·I.
    walk = walkthrough(" + ".join(f"x{i}^2" for i in range(1, 201)))
    found = walk.critical_points
    assert found.complete and found.note is None
    (point,) = found.points
    assert all(c.exact == 0 for c in point.point) and point.kind == "minimum"
    assert set(point.eigenvalues) == {2.0}


def test_the_cone_vertex_is_critical_where_the_gradient_is_undefined():
    # f = √(x²+y²): f_x = x/√(x²+y²) has no value at (0, 0), where f = 0 is defined.
    found = walkthrough("sqrt(x^2+y^2)").critical_points
    (point,) = found.points
    assert [c.exact for c in point.point] == [0, 0] and point.value.exact == 0
    assert point.kind == "gradient_undefined" and point.eigenvalues == ()
    walk = walkthrough("sqrt(x^2+y^2)")
    assert "∇f is undefined there while f is defined" in walk.render("text")
    assert "∇f가 정의되지 않는" in walk.render("text", lang="ko")
    assert '"kind": "gradient_undefined"' in render_json(walk)


def test_a_pole_is_not_listed_because_f_is_undefined_there():
    # f = 1/x: f' = −1/x² is undefined at 0, but so is f, so 0 is not critical.
    assert walkthrough("1/x").critical_points.points == ()
