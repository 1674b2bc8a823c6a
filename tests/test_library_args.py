"""Library arguments: a mapping point substitutes by name, SymPy expressions are accepted,
anything else is refused with one clear TypeError or SymgradError (issues 8 §2 and 13)."""

import subprocess
import sys
import threading

import pytest
import sympy

import symgrad
from symgrad.errors import SymgradError
from symgrad.parse import make_symbol
from symgrad.walkthrough import expressions_equal

F = "x*y^2 + x^2*y"
x, y = make_symbol("x"), make_symbol("y")
EXPR = x * y**2 + x**2 * y


def expected_at(point):
    values = {x: point[0], y: point[1]}
    return ([sympy.diff(EXPR, v).subs(values) for v in (x, y)], EXPR.subs(values))


@pytest.mark.parametrize("at", [{"x": 1, "y": 2}, {"y": 2, "x": 1}, {y: 2, x: 1}, [1, 2], (1, 2), "x=1,y=2"])
def test_the_point_substitutes_by_name(at):
    walk = symgrad.walkthrough(F, at=at, critical_points=False)
    gradient, value = expected_at((1, 2))
    assert [v.exact for v in walk.at.gradient] == gradient == [8, 5]
    assert walk.at.value.exact == value == 6


@pytest.mark.parametrize("at, error, words", [
    ({"x": 1}, SymgradError, "no value for y"),
    ({"x": 1, "y": 2, "z": 3}, SymgradError, "z"),
    ({1: 1, 2: 2}, TypeError, "variable names"),
    ({1, 2}, TypeError, "set"),
    ([1], SymgradError, "coordinates"),
    ([1, 2, 3], SymgradError, "coordinates"),
    (["a", 1], SymgradError, "numbers"),
    ({"x": "y", "y": 1}, SymgradError, "numbers"),
    (object(), TypeError, "object"),
])
def test_a_point_that_is_not_one_is_refused(at, error, words):
    with pytest.raises(error, match=words):
        symgrad.walkthrough(F, at=at, critical_points=False)


def test_sympy_expressions_are_accepted():
    plain_x, plain_y = sympy.symbols("x y")  # a user's symbols, without symgrad's real=True
    walk = symgrad.walkthrough(plain_x ** 2, critical_points=False)
    assert walk.partials[0].result == 2 * x
    assert symgrad.derivative(sympy.sin(plain_x) * plain_y, "y").result == sympy.sin(x)
    assert symgrad.walkthrough(EXPR, variables="y,x", critical_points=False).variables == (y, x)


@pytest.mark.parametrize("bad", [None, [1, 2], {"x": 1}, True])
def test_what_is_not_a_function_is_a_type_error(bad):
    with pytest.raises(TypeError, match="expected a function"):
        symgrad.walkthrough(bad)
    with pytest.raises(TypeError, match="expected a function"):
        symgrad.derivative(bad, "x")


@pytest.mark.parametrize("order", ["2", 2.0, None, True])
def test_the_order_must_be_an_integer(order):
    with pytest.raises(TypeError, match="order must be a positive integer"):
        symgrad.derivative("x^2", "x", order=order)


@pytest.mark.parametrize("seed", [-1, 2**32, 1.5, "3"])
def test_a_bad_seed_is_refused(seed):
    with pytest.raises(SymgradError, match="seed"):
        symgrad.descend("x^2", seed=seed)


def test_a_negative_seed_is_one_error_line_in_the_cli():
    run = subprocess.run([sys.executable, "-m", "symgrad", "descend", "x^2", "--seed", "-1"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert run.stderr.strip().startswith("error:") and "seed" in run.stderr
    assert "Traceback" not in run.stderr


def nested(depth):
    text = "x*y"
    for i in range(depth):
        text = ("sin(%s)" if i % 2 == 0 else "exp(%s)") % text
    return text


def finishes_within(seconds, compute):
    """compute() in a thread; its result, or a failure when it hangs past ``seconds``."""
    box = {}
    thread = threading.Thread(target=lambda: box.setdefault("value", compute()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    return box["value"]


def test_mixed_partials_of_a_deep_composition_are_compared_within_the_bound():
    # a thread has no SIGALRM bound; the comparison itself must be cheap (it expanded a - b)
    walk = finishes_within(60, lambda: symgrad.walkthrough(nested(24), critical_points=False))
    (pair,) = walk.mixed
    assert pair.agree is True


def test_different_expressions_are_told_apart_by_sampling():
    f = sympy.sympify(nested(24).replace("^", "**"), locals={"x": x, "y": y})
    f_xy = sympy.diff(f, x, y)
    assert expressions_equal(f_xy, f_xy * (1 + sympy.Rational(1, 10**6))) is False
    assert expressions_equal(x * y + 1, y * x + 1) is True
    assert expressions_equal(sympy.sin(x) ** 2 + sympy.cos(x) ** 2, sympy.Integer(1)) is True
    assert expressions_equal(sympy.sin(x) ** 2, sympy.cos(x) ** 2) is False


@pytest.mark.parametrize("call, error, words", [
    (lambda: symgrad.solve(None), TypeError, "exercise"),
    (lambda: symgrad.solve(3), TypeError, "exercise"),
    (lambda: symgrad.build_worksheet("p1"), TypeError, r"\['p1'\]"),
    (lambda: symgrad.build_worksheet([None]), TypeError, "exercise id"),
    (lambda: symgrad.build_worksheet(["p1"], variants="2"), SymgradError, "'2'"),
    (lambda: symgrad.make_variants("p1", 2, 1), TypeError, "Exercise"),
    (lambda: symgrad.make_variants(None, 2, 1), TypeError, "Exercise"),
])
def test_exercise_functions_refuse_what_they_cannot_take(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_exercise_functions_take_what_they_document():
    from symgrad.exercises import get_exercise

    assert symgrad.solve("p1").answer("f_x(1,2)").exact == 8  # the lecture's value
    assert len(symgrad.make_variants(get_exercise("p2"), 2, 7)) == 2


def test_a_direction_mapping_is_read_by_name():
    walk = symgrad.walkthrough(F, at={"x": 1, "y": 2}, direction={"y": 0, "x": 1}, critical_points=False)
    assert walk.directional.at_point.exact == sympy.diff(EXPR, x).subs({x: 1, y: 2}) == 8
    with pytest.raises(TypeError, match="direction"):
        symgrad.walkthrough(F, at=(1, 2), direction={1, 0}, critical_points=False)


def test_check_takes_numbers_and_sympy_expressions_as_answers():
    import sympy

    import symgrad

    x, y = sympy.symbols("x y")
    # p2 at (1, 1): f_x = 2 (LECTURE.md §2); d3: y = e^(4x), y' = 4e^(4x)
    grade = symgrad.check("p2", {"f_x(1,1)": 2, "f_x": 2 * (x + y) / (x**2 + 2 * x * y - y**2)})
    assert [item.verdict for item in grade.items] == ["correct", "correct"]
    assert symgrad.check("d3", {"y'": 4 * sympy.E ** (4 * x)}).items[0].verdict == "correct"
    assert symgrad.check("p2", {"f_x(1,1)": 5}).items[0].verdict == "incorrect"


@pytest.mark.parametrize("answers", [{"f_x": [1]}, {"f_x": None}, {1: "2"}, ["f_x=2"]])
def test_check_refuses_answers_it_cannot_read_with_a_type_error(answers):
    import symgrad

    with pytest.raises(TypeError):
        symgrad.check("p2", answers)
