"""The Hessian at work: eigenvalues, condition number and the stability bound lr < 2/λmax
in walk and sweep, and Newton's method in descend and sweep.

References are independent of the code under test: hand calculations for x² + 10y²
(H = diag(2, 20)), SymPy's ``hessian`` and NumPy's ``eigvalsh``/``eigvals``/``solve`` at
the SFU library's camelback minima (LECTURE.md §4), and the lecture's ∇J(Θ₀) and
∇²J(Θ₀) (§3 s6, §4).
"""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest
import sympy
from click.testing import CliRunner

from symgrad import descend, sweep, walkthrough
from symgrad.cli import main
from symgrad.curvature import Curvature, error_factor, stability_bound
from symgrad.phrases import PHRASES

CAMELBACK = "(4 - 2.1θ1^2 + θ1^4/3)θ1^2 + θ1θ2 + (-4 + 4θ2^2)θ2^2"
BOWL = "x^2 + 10y^2"
GLOBAL_MINIMUM = (-0.0898420, 0.7126564)  # SFU Virtual Library, LECTURE.md §4
RATES = (1e-4, 1e-3, 1e-2, 1e-1, 1.0)


def camelback_eigenvalues(point) -> np.ndarray:
    """∇²J by SymPy's hessian, at ``point``, its eigenvalues by NumPy."""
    t1, t2 = sympy.symbols("t1 t2")
    j = (4 - sympy.Rational(21, 10) * t1**2 + t1**4 / 3) * t1**2 + t1 * t2 + (-4 + 4 * t2**2) * t2**2
    h = sympy.hessian(j, (t1, t2)).subs({t1: point[0], t2: point[1]})
    return np.linalg.eigvalsh(np.array(h.tolist(), dtype=float))


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


# ---------------------------------------------------------------- the bound and its siblings


def test_the_bowl_by_hand():
    c = Curvature.of([[2, 0], [0, 20]])
    assert c.eigenvalues == (2.0, 20.0) and c.kind == "positive-definite"
    assert c.condition_number == 10.0 and c.lr_bound == 0.1
    assert c.best_lr == pytest.approx(2 / 22) and c.best_factor == pytest.approx(9 / 11)
    assert c.factor(0.01) == pytest.approx(0.98) and c.factor(0.1) == pytest.approx(1.0)
    assert c.factor(2 / 22) == pytest.approx(9 / 11)  # the best rate's factor is (κ − 1)/(κ + 1)


def test_kinds_of_curvature():
    assert Curvature.of([[-2, 0], [0, -4]]).kind == "negative-definite"
    assert Curvature.of([[-2, 0], [0, -4]]).flipped().lr_bound == 0.5  # ascent: 2/|λ|max
    assert Curvature.of([[1, 0], [0, -1]]).kind == "indefinite"
    assert Curvature.of([[1, 0], [0, 0]]).kind == "singular"
    assert Curvature.of([[1, 0], [0, -1]]).lr_bound is None and Curvature.of([[1, 0], [0, 0]]).condition_number is None


@pytest.mark.parametrize("method, mu", [("gd", 0.0), ("momentum", 0.9), ("momentum", 0.5), ("nesterov", 0.9),
                                        ("nesterov-lookahead", 0.5)])
def test_each_bound_is_where_the_iteration_matrix_reaches_spectral_radius_one(method, mu):
    """The linearised iteration on eigenvalue λ: e ← (1 − a)e for gd; heavy ball
    [[1 + μ − a, −μ], [1, 0]]; Nesterov [[(1 − a)(1 + μ), −(1 − a)μ], [1, 0]] (a = lr·λ):
    NumPy's eigenvalues give the spectral radius, which must be 1 at the bound, below 1
    just under it, above 1 just over it, and equal the error factor reported."""
    curvature = Curvature.of([[2, 0], [0, 20]])
    values = {"momentum": mu, "dampening": 0.0}

    def radius(lr):
        worst = 0.0
        for eigenvalue in (2.0, 20.0):
            a = lr * eigenvalue
            if method == "gd":
                matrix = np.array([[1 - a]])
            elif method == "momentum":
                matrix = np.array([[1 + mu - a, -mu], [1, 0]])
            else:
                matrix = np.array([[(1 - a) * (1 + mu), -(1 - a) * mu], [1, 0]])
            worst = max(worst, max(abs(np.linalg.eigvals(matrix))))
        return worst

    bound = stability_bound(method, values, curvature)
    assert radius(bound) == pytest.approx(1.0, abs=1e-9)
    assert radius(0.99 * bound) < 1 < radius(1.01 * bound)
    for lr in (1e-3, 0.3 * bound, 0.99 * bound, 1.5 * bound):
        assert error_factor(method, values, curvature, lr) == pytest.approx(radius(lr), rel=1e-9)


@pytest.mark.parametrize("method, extra", [("gd", {}), ("momentum", {"momentum": 0.9}), ("nesterov", {"momentum": 0.9})])
def test_the_bound_decides_convergence_in_real_runs(method, extra):
    curvature = Curvature.of([[2, 0], [0, 20]])
    bound = stability_bound(method, {"momentum": 0.0, **extra}, curvature)
    below = descend(BOWL, "1,1", method, lr=0.98 * bound, iters=20000, **extra)
    above = descend(BOWL, "1,1", method, lr=1.02 * bound, iters=20000, **extra)
    assert below.stopped.reason == "converged"
    assert above.stopped.reason == "diverged"


# ---------------------------------------------------------------- walk


def test_walk_reports_the_bound_at_each_camelback_minimum(monkeypatch):
    import symgrad.critical

    monkeypatch.setattr(symgrad.critical, "CRITICAL_POINT_SECONDS", 60.0)  # 2 s may not do on a loaded machine
    found = walkthrough(CAMELBACK).critical_points
    assert found.complete
    minima = [p for p in found.points if p.kind == "minimum"]
    assert len(minima) == 6
    for point in minima:
        eigenvalues = camelback_eigenvalues([c.decimal for c in point.point])
        assert point.curvature.condition_number == pytest.approx(eigenvalues[-1] / eigenvalues[0], rel=1e-6)
        assert point.to_dict()["gd_lr_bound"] == pytest.approx(2 / eigenvalues[-1], rel=1e-6)
    best = min(minima, key=lambda p: p.value.decimal)
    assert best.curvature.lr_bound == pytest.approx(2 / camelback_eigenvalues(GLOBAL_MINIMUM)[-1], rel=1e-5)


@pytest.mark.parametrize("lang, words", [("en", ["condition number κ = λmax/λmin = 10",
                                                 "only for lr < 2/λmax = 0.1", "1/λmax = 0.05"]),
                                         ("ko", ["조건수 κ = λmax/λmin = 10", "lr < 2/λmax = 0.1일 때만"])])
def test_walk_at_a_critical_point_explains_the_rate(lang, words):
    out = walkthrough(BOWL, at="0,0").to_text(lang=lang)
    at_section = out.split("Critical" if lang == "en" else "임계점")[0]
    for word in words:
        assert word in at_section, word
    assert "2/λmax" not in walkthrough(BOWL, at="1,1").to_text().split("Critical")[0]  # ∇f ≠ 0 there


def test_walk_at_a_maximum_and_a_saddle():
    assert "lr < 2/|λ|max = 1" in walkthrough("-x^2 - y^2").to_text()  # −f has λ = 2, 2
    assert "negative eigenvalue −2" in walkthrough("x^2 - y^2").to_text()


# ---------------------------------------------------------------- sweep


def test_sweep_on_the_bowl_against_the_hand_bound():
    """H = diag(2, 20): 2/λmax = 0.1, so 0.1 sits on the bound (a 2-cycle along y) and 1 is
    far above it; 1e-4 is far below it, with the error factor 1 − lr·2 per step."""
    result = sweep(BOWL, "1,1", rates=RATES)
    for run in result.runs:
        assert run.stability.bound == pytest.approx(0.1) and run.stability.gd_bound == pytest.approx(0.1)
        assert run.stability.curvature.eigenvalues == pytest.approx((2, 20))
        assert run.stability.minimum == pytest.approx((0, 0), abs=1e-12)
    relations = {run.lr: (run.outcome, run.stability.relation) for run in result.runs}
    assert relations[0.1] == ("oscillated", "above") and relations[1.0] == ("diverged", "above")
    assert relations[1e-4] == ("slow", "far-below")
    assert result.runs[0].stability.factor == pytest.approx(1 - 2e-4)
    assert result.runs[-1].stability.where == "start" and result.runs[2].stability.where == "reached"


def test_sweep_on_the_camelback_against_sympy_and_numpy():
    eigenvalues = camelback_eigenvalues(GLOBAL_MINIMUM)
    result = sweep(CAMELBACK, "-0.5,0.5", rates=RATES)
    for run in result.runs:
        assert run.stability.minimum == pytest.approx(GLOBAL_MINIMUM, abs=1e-6)
        assert run.stability.curvature.eigenvalues == pytest.approx(tuple(eigenvalues), rel=1e-5)
        assert run.stability.bound == pytest.approx(2 / eigenvalues[-1], rel=1e-5)
    outcomes = {run.lr: (run.outcome, run.stability.relation) for run in result.runs}
    assert outcomes[1.0] == ("diverged", "above")  # 1 > 0.1213
    assert outcomes[0.1] == ("converged", "just-below")  # 0.0606 < 0.1 < 0.1213: a zigzag that dies out
    assert outcomes[1e-4][1] == "far-below"


@pytest.mark.parametrize("expr, start, bound", [(BOWL, "1,1", "0.1"), (CAMELBACK, "-0.5,0.5", "0.121262")])
def test_sweep_prints_the_bound_beside_each_rate(expr, start, bound):
    for lang, above in (("en", "at or above it"), ("ko", "이 값 이상")):
        out = cli("sweep", expr, "--start", start, "--lang", lang)
        assert out.exit_code == 0, out.output
        lines = out.stdout.splitlines()
        runs = [i for i, line in enumerate(lines) if re.match(r"(lr|학습률) [\d.e-]+: ", line)]
        assert len(runs) == len(RATES)
        # each rate's line is followed by its Hessian sentence with the bound (the text
        # format wraps it at the terminal's width: its lines are joined back here)
        ends = runs[1:] + [len(lines)]
        sentences = [" ".join(line.strip() for line in lines[i + 1:end]) for i, end in zip(runs, ends)]
        for sentence in sentences:
            assert f"2/λmax = {bound}" in sentence, sentence
        assert above in sentences[-1]  # lr = 1 diverged


def test_sweep_json_carries_the_stability():
    out = cli("sweep", BOWL, "--start", "1,1", "--lr", "0.01,0.2", "--format", "json")
    runs = json.loads(out.stdout)["runs"]
    assert [r["stability"]["relation"] for r in runs] == ["far-below", "above"]
    assert runs[0]["stability"]["lr_bound"] == pytest.approx(0.1)
    assert runs[0]["stability"]["hessian_eigenvalues"] == pytest.approx([2, 20])
    assert runs[0]["stability"]["condition_number"] == pytest.approx(10)


def test_sweep_of_an_adaptive_method_gives_gd_bound_for_comparison():
    result = sweep(BOWL, "1,1", "adam", rates=[0.1])
    (run,) = result.runs
    assert run.stability.bound is None and run.stability.gd_bound == pytest.approx(0.1)
    assert "no fixed bound" in result.to_text()


@pytest.mark.parametrize("expr", ["x^3", "x^4", "x"])
def test_sweep_without_a_minimum_says_so(expr):
    """x³ has no minimum, x⁴'s at 0 is degenerate (f'' = 0: no bound), x none at all."""
    result = sweep(expr, "1", rates=[0.1], iters=50)
    assert result.runs[0].stability is None
    assert "no minimum was found" in result.to_text()
    assert "극소점을 찾지 못해" in result.to_text(lang="ko")


# ---------------------------------------------------------------- Newton


def test_newton_lands_on_the_bowl_minimum_in_one_step():
    trace = descend(BOWL, "1,1", "newton")
    assert trace.stopped.reason == "converged" and trace.stopped.k == 1
    assert trace.final.theta == (0.0, 0.0)


def test_newtons_first_camelback_step_against_the_lecture_hessian():
    """Θ₁ = Θ₀ − H⁻¹∇J with the lecture's ∇J(Θ₀) = (−2.5125, −2.5) and ∇²J(Θ₀) = [[2.325, 1], [1, 4]]."""
    expected = np.array([-0.5, 0.5]) - np.linalg.solve([[2.325, 1], [1, 4]], [-2.5125, -2.5])
    trace = descend(CAMELBACK, "-0.5,0.5", "newton", iters=1)
    assert trace.final.theta == pytest.approx(tuple(expected), rel=1e-12)


def test_newton_takes_few_steps_where_gd_takes_many():
    newton = descend(CAMELBACK, "-0.5,0.5", "newton", iters=100)
    gd = descend(CAMELBACK, "-0.5,0.5", "gd", lr=0.01, iters=10000)
    assert newton.final.theta == pytest.approx(GLOBAL_MINIMUM, abs=1e-6)
    assert gd.final.theta == pytest.approx(GLOBAL_MINIMUM, abs=1e-6)
    assert newton.stopped.k <= 10 < 100 < gd.stopped.k
    assert [note.key for note in newton.notes] == ["sweep.stability.newton"]  # no damping: H > 0 all the way


def test_newton_damps_an_indefinite_hessian_and_says_so():
    """At (0.1, 0.1), near the camelback's saddle at 0, ∇²J has a negative eigenvalue:
    plain Newton would head for the saddle; the damped step goes downhill instead."""
    start = (0.1, 0.1)
    assert min(camelback_eigenvalues(start)) < 0
    trace = descend(CAMELBACK, start, "newton", iters=100)
    assert trace.stopped.reason == "converged"
    assert min(camelback_eigenvalues(trace.final.theta)) > 0  # a minimum, not the saddle
    assert trace.iterations[1].value < trace.iterations[0].value
    note, explained = trace.notes  # the damping, then the Hessian at the minimum reached
    assert note.key == "newton.damped" and dict(note.fields)["first"] == 0
    assert explained.key == "sweep.stability.newton"
    assert "∇²f + μI" in trace.to_text() and "∇²f + μI" in trace.to_text(lang="ko")
    assert trace.to_dict()["notes"][0]["key"] == "newton.damped"
    data = json.loads(cli("descend", CAMELBACK, "--start=0.1,0.1", "--method", "newton", "--format", "json").stdout)
    assert data["notes"][0]["wanted"] == {"key": "newton.definite.positive"} and data["notes"][0]["first"] == 0


def test_newton_refuses_when_told_to():
    trace = descend(CAMELBACK, "0.1,0.1", "newton", refuse=True)
    assert (trace.stopped.reason, trace.stopped.k, trace.stopped.cause) == ("hessian", 0, "not-positive-definite")
    eigenvalues = dict(trace.stopped.fields)["eigenvalues"]
    assert eigenvalues == pytest.approx(tuple(camelback_eigenvalues((0.1, 0.1))))
    singular = descend("x + y^2", "1,1", "newton", refuse=True)  # ∇²f = diag(0, 2)
    assert (singular.stopped.reason, singular.stopped.cause) == ("hessian", "singular")
    assert "--refuse" in singular.to_text() and "특이행렬" in singular.to_text(lang="ko")


def test_newton_ascends_with_maximize():
    trace = descend("-(x - 1)^2 - 3(y + 2)^2", "0,0", "newton", maximize=True)
    assert trace.final.theta == pytest.approx((1.0, -2.0)) and trace.stopped.k == 1


def test_newton_in_a_sweep_is_bounded_by_two():
    result = sweep(BOWL, "1,1", "newton", rates=[0.5, 1.0, 1.9, 2.5], iters=2000)
    assert [run.outcome for run in result.runs] == ["converged", "converged", "converged", "diverged"]
    assert [run.stability.factor for run in result.runs] == pytest.approx([0.5, 0.0, 0.9, 1.5])
    assert all(run.stability.bound == 2.0 for run in result.runs)


def test_newton_from_the_command_line():
    out = cli("descend", CAMELBACK, "--start=-0.5,0.5", "--method", "newton")
    assert out.exit_code == 0, out.output
    assert "Newton" in out.stdout and "converged" in out.stdout
    out = cli("sweep", CAMELBACK, "--start=0.1,0.1", "--method", "newton", "--refuse", "--lr", "1", "--lang", "ko")
    assert out.exit_code == 0, out.output
    assert "거부" in out.stdout
    bad = cli("descend", BOWL, "--start", "1,1", "--refuse")
    assert bad.exit_code == 2 and "--refuse" in bad.output and "Traceback" not in bad.output


def test_every_new_phrase_is_in_both_languages():
    new = [k for k in PHRASES["en"] if k.startswith(("walk.curvature", "sweep.stability", "sweep.where", "newton.",
                                                     "stop.hessian", "stop.name.hessian", "outcome.refused",
                                                     "method.newton", "hyper.refuse"))]
    assert len(new) >= 25
    for key in new:
        assert key in PHRASES["ko"] and PHRASES["ko"][key] != PHRASES["en"][key], key


def test_the_lecture_bound_matches_math():
    """2/λmax at the camelback's global minimum, from NumPy alone: 0.1212621…"""
    assert 2 / camelback_eigenvalues(GLOBAL_MINIMUM)[-1] == pytest.approx(0.121262, rel=1e-5)
    assert math.isclose(stability_bound("gd", {}, Curvature(tuple(camelback_eigenvalues(GLOBAL_MINIMUM)))),
                        2 / camelback_eigenvalues(GLOBAL_MINIMUM)[-1])


def test_a_sweep_over_many_variables_skips_the_hessian():
    from symgrad.optim.sweep import STABILITY_MAX_VARIABLES

    n = STABILITY_MAX_VARIABLES + 1
    expr = " + ".join(f"x{i}^2" for i in range(1, n + 1))
    result = sweep(expr, ",".join(["1"] * n), rates=[0.1], iters=200)
    assert result.runs[0].stability is None and result.runs[0].outcome == "converged"
    assert f"at most {STABILITY_MAX_VARIABLES} variables" in result.to_text()


def test_walk_json_at_a_critical_point_carries_the_curvature():
    data = walkthrough(BOWL, at="0,0").to_dict()["at"]
    assert data["curvature"] == {"eigenvalues": [2.0, 20.0], "kind": "positive-definite",
                                 "condition_number": 10.0, "gd_lr_bound": 0.1}
    assert "curvature" not in walkthrough(BOWL, at="1,1").to_dict()["at"]


def test_a_hessian_too_slow_to_explain_is_said_once_per_run(monkeypatch):
    import symgrad.optim.sweep

    import time

    def slow(*args):  # a Hessian that takes long to compile (a sleep, so the alarm lands in plain Python)
        time.sleep(2)

    monkeypatch.setattr(symgrad.optim.sweep, "STABILITY_SECONDS", 0.05)
    monkeypatch.setattr(symgrad.optim.sweep, "stability_of", slow)
    result = sweep(CAMELBACK, "-0.5,0.5", rates=[0.01, 0.1])
    assert [run.because.key for run in result.runs] == ["sweep.stability.timeout"] * 2
    assert all(run.stability is None for run in result.runs)
    assert "took longer than" in result.to_text() and "오래 걸렸다" in result.to_text(lang="ko")


def test_newton_on_a_kink_is_one_clear_line_and_sweep_still_runs():
    out = cli("descend", "abs(x) + y^2", "--start", "1,1", "--method", "newton")
    assert out.exit_code == 2 and "Traceback" not in out.output
    assert out.output.count("\n") == 1 and "DiracDelta" in out.output and "--method" in out.output
    result = sweep("abs(x)", "1", rates=[0.1], iters=50)  # GD runs; the Hessian just cannot explain it
    assert result.runs[0].stability is None and result.runs[0].because.key == "sweep.stability.none"


def test_damped_newton_ascent_climbs_to_a_maximum():
    """−J near its saddle at 0: the damped ascent step goes uphill and ends at a maximum of −J,
    which is one of the camelback's minima."""
    negated = f"-({CAMELBACK})"
    trace = descend(negated, "0.1,0.1", "newton", maximize=True, iters=100)
    assert trace.stopped.reason == "converged"
    assert trace.iterations[1].value > trace.iterations[0].value
    assert min(camelback_eigenvalues(trace.final.theta)) > 0  # a minimum of J
    assert dict(trace.notes[0].fields)["wanted"].key == "newton.definite.negative"


def test_a_converged_descent_says_what_the_hessian_allowed():
    eigenvalues = camelback_eigenvalues(GLOBAL_MINIMUM)
    trace = descend(CAMELBACK, "-0.5,0.5", lr=0.01)
    (note,) = trace.notes
    fields = dict(note.fields)
    assert note.key == "sweep.stability.far-below" and fields["name"] == "2/λmax"
    assert fields["bound"] == pytest.approx(2 / eigenvalues[-1], rel=1e-5)
    assert fields["factor"] == pytest.approx(1 - 0.01 * eigenvalues[0], rel=1e-5)  # the flattest direction
    assert "2/λmax = 0.121262" in trace.to_text() and "2/λmax = 0.121262" in trace.to_text(lang="ko")
    assert descend(CAMELBACK, "-0.5,0.5", lr=0.01, iters=2).notes == ()  # not converged: nothing to say


def test_newton_binds_to_a_loss_over_data_and_lands_on_least_squares():
    """½‖Xθ − y‖² has ∇ = Xᵀ(Xθ − y) and H = XᵀX: one Newton step from 0 is NumPy's lstsq."""
    from symgrad.optim import Newton

    rng = np.random.default_rng(7)
    X, y = rng.standard_normal((50, 3)), rng.standard_normal(50)

    class Loss:
        backend = "numpy"

        def value(self, theta):
            return 0.5 * float(np.sum((X @ theta - y) ** 2))

        def gradient(self, theta):
            return X.T @ (X @ theta - y)

        def hessian(self, theta):
            return X.T @ X

        @staticmethod
        def floats(point):
            return tuple(np.asarray(point).tolist())

    bound = Newton().bind(Loss())
    theta = np.zeros(3)
    theta, state = bound.step(theta, Loss().gradient(theta), bound.init(theta))
    assert theta == pytest.approx(np.linalg.lstsq(X, y, rcond=None)[0], rel=1e-10)
    with pytest.raises(TypeError):
        Newton().specialise(theta)
