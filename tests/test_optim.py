"""Optimizers and the run loop, against LECTURE.md and update rules computed by hand here."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import sympy

from symgrad.compile import compile_expression
from symgrad.errors import EvaluationError, SymgradError
from symgrad.optim import METHODS, StopRules, descend_compiled, gaussian_start, get_method
from symgrad.optim.sweep import classify, sweep_compiled

T1, T2 = sympy.symbols("theta1 theta2", real=True)
X, Y, W = sympy.symbols("x y w", real=True)
CAMELBACK = (4 - sympy.Rational(21, 10) * T1**2 + T1**4 / 3) * T1**2 + T1 * T2 + (-4 + 4 * T2**2) * T2**2
EXACT = StopRules(iters=3, tol=0.0)


def camelback():
    return compile_expression(CAMELBACK, (T1, T2))


def lecture_gradient(t1, t2):
    """∇J = (2θ₁⁵ − 8.4θ₁³ + 8θ₁ + θ₂, 16θ₂³ − 8θ₂ + θ₁) (LECTURE.md §4), in Fractions."""
    return (2 * t1**5 - Fraction(42, 5) * t1**3 + 8 * t1 + t2, 16 * t2**3 - 8 * t2 + t1)


def lecture_value(t1, t2):
    return (4 - Fraction(21, 10) * t1**2 + t1**4 / 3) * t1**2 + t1 * t2 + (-4 + 4 * t2**2) * t2**2


def thetas(trace):
    return [row.theta for row in trace.iterations]


# ---------------------------------------------------------------- LECTURE.md §4


def test_camelback_first_two_steps_match_the_lecture():
    trace = descend_compiled(camelback(), (-0.5, 0.5), "gd", StopRules(iters=2, tol=0.0), lr=0.01)
    rows = trace.iterations
    assert [row.k for row in rows] == [0, 1, 2]
    # Θₖ₊₁ = Θₖ − ρ∇J(Θₖ) by hand, exactly
    theta = [(Fraction(-1, 2), Fraction(1, 2))]
    for _ in range(2):
        g = lecture_gradient(*theta[-1])
        theta.append(tuple(t - Fraction(1, 100) * d for t, d in zip(theta[-1], g)))
    assert theta[1] == (Fraction(-474875, 10**6), Fraction(525, 1000))  # (−0.474875, 0.525)
    for row, exact in zip(rows, theta):
        assert row.theta == pytest.approx([float(c) for c in exact], rel=1e-14)
        assert row.gradient == pytest.approx([float(c) for c in lecture_gradient(*exact)], rel=1e-13)
        assert row.value == pytest.approx(float(lecture_value(*exact)), rel=1e-13)
    # the table in LECTURE.md §4, to the digits it prints
    assert rows[2].theta == pytest.approx((-0.45064736, 0.54859625), abs=5e-9)
    assert rows[0].gradient == pytest.approx((-2.5125, -2.5), abs=1e-15)
    assert rows[1].gradient == pytest.approx((-2.4227645, -2.359625), abs=5e-8)
    assert rows[0].value == pytest.approx(-0.1260416, abs=1e-7)
    assert rows[1].value == pytest.approx(-0.2488766, abs=1e-7)
    assert rows[2].value == pytest.approx(-0.3602380, abs=1e-7)


def test_lecture_values_of_j_are_at_the_rounded_points():
    """The lecture's J(Θ₁) = −0.24906 and J(Θ₂) = −0.36036 are J at (−0.4748, 0.525), (−0.4506, 0.5486)."""
    compiled = camelback()
    assert round(compiled.value((-0.4748, 0.525)), 5) == -0.24906
    assert round(compiled.value((-0.4506, 0.5486)), 5) == -0.36036
    assert round(compiled.value((-0.474875, 0.525)), 5) != -0.24906


def test_camelback_descent_reaches_the_global_minimum():
    trace = descend_compiled(camelback(), (-0.5, 0.5), "gd", StopRules(iters=5000, tol=1e-10), lr=0.01)
    assert trace.stopped.reason == "converged"
    assert trace.final.theta == pytest.approx((-0.0898420, 0.7126564), abs=1e-7)
    assert trace.final.value == pytest.approx(-1.0316285, abs=1e-7)


# ---------------------------------------------------------------- LECTURE.md §5


@pytest.mark.parametrize("delta", [0.1, 0.25, 0.4])
def test_g2_parabola(delta):
    """L(w) = w², w ← w − δ·2w: wₖ = w₀(1 − 2δ)ᵏ."""
    trace = descend_compiled(compile_expression(W**2, (W,)), (3.0,), "gd", StopRules(iters=5, tol=0.0), lr=delta)
    assert [row.theta[0] for row in trace.iterations] == pytest.approx([3.0 * (1 - 2 * delta) ** k for k in range(6)],
                                                                       rel=1e-14)


def test_g3_two_weights():
    """L = 3w₁² + 4w₂²: wₖ = (w₀,₁(1 − 6δ)ᵏ, w₀,₂(1 − 8δ)ᵏ)."""
    w1, w2 = sympy.symbols("w1 w2", real=True)
    delta = 0.05
    trace = descend_compiled(compile_expression(3 * w1**2 + 4 * w2**2, (w1, w2)), (1.0, -2.0), "gd",
                    StopRules(iters=6, tol=0.0), lr=delta)
    for row in trace.iterations:
        assert row.theta == pytest.approx((1.0 * (1 - 6 * delta) ** row.k, -2.0 * (1 - 8 * delta) ** row.k), rel=1e-14)


@pytest.mark.parametrize("start, alpha, expected", [(2.0, 0.01, 1.96), (-3.0, 0.1, -2.4)])
def test_g4_g5_one_step_on_x_squared(start, alpha, expected):
    trace = descend_compiled(compile_expression(X**2, (X,)), (start,), "gd", StopRules(iters=1, tol=0.0), lr=alpha)
    assert trace.iterations[1].theta[0] == pytest.approx(expected, rel=1e-15)


def test_g6_gradient_ascent_is_descent_on_minus_f():
    f = -(X - 1) ** 2 - (Y + 2) ** 2 + X * Y / 4
    up = descend_compiled(compile_expression(f, (X, Y)), (0.3, 0.7), "gd", StopRules(iters=20, tol=0.0), lr=0.1,
                 maximize=True)
    down = descend_compiled(compile_expression(-f, (X, Y)), (0.3, 0.7), "gd", StopRules(iters=20, tol=0.0), lr=0.1)
    assert thetas(up) == thetas(down)
    assert up.iterations[1].theta == pytest.approx((0.3 + 0.1 * (-2 * (0.3 - 1) + 0.7 / 4),
                                                     0.7 + 0.1 * (-2 * (0.7 + 2) + 0.3 / 4)), rel=1e-15)


# ---------------------------------------------------------------- each method's rule, three steps by hand

# f(x, y) = x² + 3y² + xy, ∇f = (2x + y, 6y + x): exact in Fractions.
QUADRATIC = X**2 + 3 * Y**2 + X * Y
START = (Fraction(1), Fraction(-1, 2))


def quadratic_gradient(p):
    x, y = p
    return (2 * x + y, 6 * y + x)


def hand_momentum(lr, mu, tau, steps, nesterov=False):
    """torch SGD: b₁ = g, b ← μb + (1 − τ)g; d = g + μb (nesterov) or b; θ ← θ − lr·d."""
    theta, buffer, out = START, None, [START]
    for _ in range(steps):
        g = quadratic_gradient(theta)
        buffer = g if buffer is None else tuple(mu * b + (1 - tau) * gi for b, gi in zip(buffer, g))
        d = tuple(gi + mu * b for gi, b in zip(g, buffer)) if nesterov else buffer
        theta = tuple(t - lr * di for t, di in zip(theta, d))
        out.append(theta)
    return out


def hand_lookahead(lr, rho, steps):
    """The lecture: v ← ρv − α∇f(x + ρv), x ← x + v."""
    x, v, out = START, (0, 0), [START]
    for _ in range(steps):
        g = quadratic_gradient(tuple(xi + rho * vi for xi, vi in zip(x, v)))
        v = tuple(rho * vi - lr * gi for vi, gi in zip(v, g))
        x = tuple(xi + vi for xi, vi in zip(x, v))
        out.append(x)
    return out


def run_quadratic(method, **hyperparameters):
    compiled = compile_expression(QUADRATIC, (X, Y))
    return thetas(descend_compiled(compiled, tuple(map(float, START)), method, EXACT, **hyperparameters))


def assert_iterates(ours, exact, rel=1e-14):
    """Agreement to ``rel`` relative to the coordinate or to the start's scale (1), whichever
    is larger: a coordinate that has cancelled down near 0 carries the start's rounding."""
    assert len(ours) == len(exact)
    for row, expected in zip(ours, exact):
        assert row == pytest.approx([float(c) for c in expected], rel=rel, abs=rel)


def test_gd_three_steps():
    lr = Fraction(1, 10)
    exact = [START]
    for _ in range(3):
        exact.append(tuple(t - lr * g for t, g in zip(exact[-1], quadratic_gradient(exact[-1]))))
    assert_iterates(run_quadratic("gd", lr=0.1), exact)


def test_momentum_three_steps():
    assert_iterates(run_quadratic("momentum", lr=0.1, momentum=0.9),
                    hand_momentum(Fraction(1, 10), Fraction(9, 10), 0, 3))


def test_momentum_with_dampening_three_steps():
    assert_iterates(run_quadratic("momentum", lr=0.1, momentum=0.5, dampening=0.25),
                    hand_momentum(Fraction(1, 10), Fraction(1, 2), Fraction(1, 4), 3))


def test_nesterov_three_steps():
    assert_iterates(run_quadratic("nesterov", lr=0.1, momentum=0.9),
                    hand_momentum(Fraction(1, 10), Fraction(9, 10), 0, 3, nesterov=True))


def test_nesterov_lookahead_three_steps():
    assert_iterates(run_quadratic("nesterov-lookahead", lr=0.1, momentum=0.9),
                    hand_lookahead(Fraction(1, 10), Fraction(9, 10), 3))


def hand_adaptive(rule, steps=3):
    theta, state, out = tuple(map(float, START)), {}, [tuple(map(float, START))]
    for t in range(1, steps + 1):
        g = quadratic_gradient(theta)
        theta = tuple(theta[i] - rule(i, g[i], t, state) for i in range(2))
        out.append(theta)
    return out


def test_adagrad_three_steps():
    lr, eps = 0.1, 1e-10

    def rule(i, g, t, s):  # S ← S + g², step = lr·g/(√S + eps)
        s[i] = s.get(i, 0.0) + g * g
        return lr * g / (math.sqrt(s[i]) + eps)

    assert_iterates(run_quadratic("adagrad", lr=lr), hand_adaptive(rule))


@pytest.mark.parametrize("centered", [False, True])
def test_rmsprop_three_steps(centered):
    lr, alpha, eps = 0.01, 0.99, 1e-8

    def rule(i, g, t, s):  # v ← αv + (1 − α)g²; centered: ḡ ← αḡ + (1 − α)g, v − ḡ²; lr·g/(√· + eps)
        s[i] = alpha * s.get(i, 0.0) + (1 - alpha) * g * g
        s[i, "mean"] = alpha * s.get((i, "mean"), 0.0) + (1 - alpha) * g
        square = s[i] - s[i, "mean"] ** 2 if centered else s[i]
        return lr * g / (math.sqrt(square) + eps)

    assert_iterates(run_quadratic("rmsprop", lr=lr, centered=centered or None), hand_adaptive(rule), rel=1e-13)


@pytest.mark.parametrize("amsgrad", [False, True])
def test_adam_three_steps(amsgrad):
    lr, b1, b2, eps = 0.1, 0.9, 0.999, 1e-8

    def rule(i, g, t, s):  # Kingma & Ba with torch's eps placement and AMSGrad's max
        s["m", i] = b1 * s.get(("m", i), 0.0) + (1 - b1) * g
        s["v", i] = b2 * s.get(("v", i), 0.0) + (1 - b2) * g * g
        s["vmax", i] = max(s.get(("vmax", i), 0.0), s["v", i])
        v = s["vmax", i] if amsgrad else s["v", i]
        return lr * (s["m", i] / (1 - b1**t)) / (math.sqrt(v / (1 - b2**t)) + eps)

    assert_iterates(run_quadratic("adam", lr=lr, amsgrad=amsgrad or None), hand_adaptive(rule), rel=1e-13)


# ---------------------------------------------------------------- identities between methods


def test_momentum_zero_is_gd():
    assert run_quadratic("momentum", lr=0.1, momentum=0.0) == run_quadratic("gd", lr=0.1)


def test_lookahead_and_torch_nesterov_are_related_by_x_plus_rho_v():
    rho, lr = 0.9, 0.01
    rules = StopRules(iters=40, tol=0.0)
    lookahead = thetas(descend_compiled(camelback(), (-0.5, 0.5), "nesterov-lookahead", rules, lr=lr, momentum=rho))
    torch_form = thetas(descend_compiled(camelback(), (-0.5, 0.5), "nesterov", rules, lr=lr, momentum=rho))
    for k in range(1, len(lookahead)):
        velocity = [a - b for a, b in zip(lookahead[k], lookahead[k - 1])]
        assert torch_form[k] == pytest.approx([x + rho * v for x, v in zip(lookahead[k], velocity)], rel=1e-12)


def test_adam_first_step_moves_every_coordinate_by_lr():
    """m̂₁ = g, v̂₁ = g²: the first Adam step is lr·g/(|g| + eps) ≈ lr·sign(g)."""
    rows = run_quadratic("adam", lr=0.01)
    step = [b - a for a, b in zip(rows[0], rows[1])]
    g = [float(c) for c in quadratic_gradient(START)]
    assert step == pytest.approx([-0.01 * gi / (abs(gi) + 1e-8) for gi in g], rel=1e-14)


def test_adam_with_beta1_zero_is_bias_corrected_rmsprop():
    """β₁ = 0: m = g, so the step is lr·g/(√(v/(1 − β₂ᵗ)) + eps), RMSProp's rule with a bias correction."""
    b2 = 0.9

    def rule(i, g, t, s):
        s[i] = b2 * s.get(i, 0.0) + (1 - b2) * g * g
        return 0.05 * g / (math.sqrt(s[i] / (1 - b2**t)) + 1e-8)

    assert_iterates(run_quadratic("adam", lr=0.05, beta1=0.0, beta2=b2), hand_adaptive(rule), rel=1e-13)


@pytest.mark.parametrize("method", sorted(METHODS))
def test_numpy_and_scalar_backends_give_the_same_iterates(method):
    xs = sympy.symbols("x0:4", real=True)
    expr = sum(100 * (xs[i + 1] - xs[i] ** 2) ** 2 + (1 - xs[i]) ** 2 for i in range(3))
    rules = StopRules(iters=25, tol=0.0)
    start = (-1.2, 1.0, 0.5, -0.3)
    scalar = descend_compiled(compile_expression(expr, xs, backend="scalar"), start, method, rules, lr=1e-4)
    vector = descend_compiled(compile_expression(expr, xs, backend="numpy"), start, method, rules, lr=1e-4)
    for a, b in zip(thetas(scalar), thetas(vector)):
        assert a == pytest.approx(b, rel=1e-13)


@pytest.mark.parametrize("method", sorted(METHODS))
def test_every_method_reaches_the_camelback_minimum(method):
    lr = {"adagrad": 0.1, "rmsprop": 0.01, "adam": 0.01}.get(method, 0.01)
    trace = descend_compiled(camelback(), (-0.5, 0.5), method, StopRules(iters=20000, tol=1e-9), lr=lr)
    assert trace.stopped.reason == "converged"
    assert trace.final.theta == pytest.approx((-0.0898420, 0.7126564), abs=1e-6)


# ---------------------------------------------------------------- hyperparameters


def test_defaults_follow_torch_optim():
    assert METHODS["gd"].defaults["lr"] == 1e-3
    assert METHODS["adagrad"].defaults == {"lr": 1e-2, "eps": 1e-10, "maximize": False}
    assert METHODS["rmsprop"].defaults["alpha"] == 0.99 and METHODS["rmsprop"].defaults["eps"] == 1e-8
    assert (METHODS["adam"].defaults["lr"], METHODS["adam"].defaults["beta1"],
            METHODS["adam"].defaults["beta2"], METHODS["adam"].defaults["eps"]) == (1e-3, 0.9, 0.999, 1e-8)


@pytest.mark.parametrize("method, values, words", [
    ("gd", {"lr": -1.0}, "positive"),
    ("gd", {"lr": 0.0}, "positive"),
    ("gd", {"lr": math.nan}, "positive"),
    ("adam", {"beta1": 1.0}, r"\[0, 1\)"),
    ("momentum", {"momentum": -0.1}, "≥ 0"),
    ("gd", {"beta1": 0.5}, "does not apply"),
    ("nesterov", {"dampening": 0.1}, "does not apply"),
])
def test_bad_hyperparameters_are_refused(method, values, words):
    with pytest.raises(SymgradError, match=words):
        get_method(method).hyperparameters(values)


def test_unknown_method_lists_the_choices():
    with pytest.raises(SymgradError, match="adam"):
        get_method("sgd-with-magic")


def test_every_public_docstring_writes_its_rule():
    for method in METHODS.values():
        doc = method.build.__doc__
        assert "θ ←" in doc or "x ←" in doc, method.name
        assert "ecture" in doc, method.name  # says how it relates to the lecture's formula


# ---------------------------------------------------------------- the run loop


def test_trace_to_dict_is_exactly_the_issue_json():
    trace = descend_compiled(camelback(), (-0.5, 0.5), "gd", StopRules(iters=1, tol=0.0), lr=0.01)
    data = trace.to_dict()
    assert list(data) == ["method", "hyperparameters", "variables", "iterations", "stopped"]
    assert data["variables"] == ["theta1", "theta2"]
    assert data["hyperparameters"] == {"lr": 0.01, "maximize": False}
    assert list(data["iterations"][0]) == ["k", "theta", "gradient", "value"]
    assert data["stopped"] == {"reason": "max-iterations", "k": 1}


def test_tolerance_stops_the_run():
    # x² with lr 0.25: xₖ = 2·0.5ᵏ, ‖∇f‖ = 4·0.5ᵏ < 1e-3 first at k = 12
    trace = descend_compiled(compile_expression(X**2, (X,)), (2.0,), "gd", StopRules(iters=100, tol=1e-3), lr=0.25)
    assert trace.stopped.reason == "converged" and trace.stopped.k == 12


def test_tolerance_can_stop_at_the_start():
    trace = descend_compiled(compile_expression(X**2, (X,)), (0.0,), "gd", StopRules(iters=100), lr=0.25)
    assert trace.stopped.reason == "converged" and trace.stopped.k == 0 and len(trace.iterations) == 1


def test_patience_stops_when_f_stops_changing():
    # x² with lr 0.5 jumps to 0 at k = 1; f is then unchanged at k = 2, 3, ...
    rules = StopRules(iters=100, tol=0.0, patience=3)
    trace = descend_compiled(compile_expression(X**2, (X,)), (2.0,), "gd", rules, lr=0.5)
    assert trace.stopped.reason == "no-change" and trace.stopped.k == 4


def test_min_delta_counts_small_changes_as_none():
    # xₖ = 2·0.9ᵏ, f = 4·0.81ᵏ: the change 4·0.81ᵏ⁻¹·0.19 first drops to 0.1 or less at k = 19
    rules = StopRules(iters=1000, tol=0.0, patience=1, min_delta=0.1)
    trace = descend_compiled(compile_expression(X**2, (X,)), (2.0,), "gd", rules, lr=0.05)
    expected = next(k for k in range(1, 100) if 4 * 0.81 ** (k - 1) * 0.19 <= 0.1)
    assert trace.stopped.reason == "no-change" and trace.stopped.k == expected


def test_divergence_past_the_bound():
    # x² with lr 1.5: xₖ = (−2)ᵏ, |x| > 1000 first at k = 10
    trace = descend_compiled(compile_expression(X**2, (X,)), (1.0,), "gd", StopRules(iters=100, bound=1000.0), lr=1.5)
    assert trace.stopped.reason == "diverged" and trace.stopped.k == 10
    assert trace.final.theta == (1024.0,)


def test_overflow_is_divergence_not_a_crash():
    trace = descend_compiled(compile_expression(sympy.exp(X**2), (X,)), (1.0,), "gd", StopRules(iters=100), lr=1.0)
    assert trace.stopped.reason == "diverged"


def test_domain_error_names_the_iteration_and_point():
    # log x from 2 with lr 1: x = 2, 1.5, 5/6, then 5/6 − 6/5 = −11/30
    with pytest.raises(EvaluationError, match=r"iteration 3.*-0\.3666666667") as caught:
        descend_compiled(compile_expression(sympy.log(X), (X,)), (2.0,), "gd", StopRules(iters=10), lr=1.0)
    assert [row.theta[0] for row in caught.value.trace.iterations] == pytest.approx([2.0, 1.5, 5 / 6])


def test_undefined_at_the_start():
    with pytest.raises(EvaluationError, match="start point"):
        descend_compiled(compile_expression(sympy.log(X), (X,)), (-1.0,), "gd", StopRules())


def test_gaussian_start_is_a_seeded_standard_normal_draw():
    assert gaussian_start(3, seed=7) == tuple(np.random.default_rng(7).standard_normal(3))
    assert gaussian_start(3, seed=7) != gaussian_start(3, seed=8)


def test_record_every_keeps_first_and_last():
    trace = descend_compiled(compile_expression(X**2, (X,)), (1.0,), "gd", StopRules(iters=25, tol=0.0, record_every=10),
                    lr=0.01)
    assert [row.k for row in trace.iterations] == [0, 10, 20, 25]


def _peak_and_kept(compiled, start, rules):
    """(peak traced bytes during a descent, bytes still held by its trace)."""
    import gc
    import tracemalloc

    gc.collect()
    tracemalloc.start()
    try:
        trace = descend_compiled(compiled, start, "adam", rules, lr=1e-3)
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, kept, trace


def _rosenbrock(count):
    xs = sympy.symbols(f"x0:{count}", real=True)
    expr = sum(100 * (xs[i + 1] - xs[i] ** 2) ** 2 + (1 - xs[i]) ** 2 for i in range(count - 1))
    return compile_expression(expr, xs), tuple(-1.2 + 2.4 * i / (count - 1) for i in range(count))


def test_memory_is_flat_in_the_iterations_between_recorded_rows():
    """Ten times the iterations with the same rows kept (first and last) costs no memory."""
    compiled, start = _rosenbrock(300)
    descend_compiled(compiled, start, "adam", StopRules(iters=5, tol=0.0), lr=1e-3)  # warm the caches
    short, _, trace = _peak_and_kept(compiled, start, StopRules(iters=200, tol=0.0, record_every=10**6))
    long, _, trace = _peak_and_kept(compiled, start, StopRules(iters=2000, tol=0.0, record_every=10**6))
    assert [row.k for row in trace.iterations] == [0, 2000]
    assert long - short < 64 * 1024


def test_a_numpy_run_holds_its_rows_once():
    """A recorded row of the numpy backend becomes floats when it is recorded: the peak is
    the trace itself plus a little, not the trace plus every recorded point as an array."""
    compiled, start = _rosenbrock(300)
    descend_compiled(compiled, start, "adam", StopRules(iters=5, tol=0.0), lr=1e-3)
    peak, kept, trace = _peak_and_kept(compiled, start, StopRules(iters=300, tol=0.0))
    assert len(trace.iterations) == 301
    arrays = 301 * 2 * 300 * 8  # θ and ∇f of every row as float64 arrays
    assert peak - kept < arrays / 4


def test_bad_stop_rules_are_refused():
    for bad in (dict(iters=-1), dict(tol=-1.0), dict(patience=0), dict(record_every=0)):
        with pytest.raises(SymgradError):
            StopRules(**bad)


# ---------------------------------------------------------------- sweep


def test_sweep_outcomes_on_the_parabola():
    """wₖ = w₀(1 − 2δ)ᵏ (g2): δ = 0.1 converges, δ = 1 flips sign forever (oscillates),
    δ = 1.5 doubles |w| each step (diverges), δ = 1e-4 hardly moves in 200 steps (slow)."""
    compiled = compile_expression(W**2, (W,))
    result = sweep_compiled(compiled, (1.0,), "gd", (0.1, 1.0, 1.5, 1e-4), StopRules(iters=200))
    assert [r.outcome for r in result.runs] == ["converged", "oscillated", "diverged", "slow"]
    assert result.runs[1].theta == (1.0,)  # an even number of flips: back at the start
    assert result.to_dict()["runs"][0].keys() == {"lr", "theta", "value", "iterations", "outcome", "stability"}


def test_sweep_with_a_two_cycle_and_patience_still_says_oscillated():
    compiled = compile_expression(W**2, (W,))
    trace = descend_compiled(compiled, (1.0,), "gd", StopRules(iters=100, patience=5), lr=1.0)
    assert trace.stopped.reason == "no-change"
    assert classify(trace)[0] == "oscillated"


def test_sweep_counts_leaving_the_domain_as_diverged():
    result = sweep_compiled(compile_expression(sympy.log(X) + (X - 3) ** 2, (X,)), (2.0,), "gd", (0.1, 10.0),
                   StopRules(iters=500))
    assert [r.outcome for r in result.runs] == ["converged", "diverged"]
