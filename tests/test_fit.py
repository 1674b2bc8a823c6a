"""symgrad.fit against independent references: numpy's least squares, scikit-learn's
LogisticRegression, finite differences, SymPy's diff of the summed loss, numpy's eigenvalues."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy

from symgrad.regression import fit, models
from symgrad.regression.derivation import LOSSES, SIGMOID, SYMBOLS, derive

sklearn_datasets = pytest.importorskip("sklearn.datasets")
from sklearn.linear_model import LogisticRegression  # noqa: E402


def standardized(X):
    return (X - X.mean(axis=0)) / X.std(axis=0)


def with_ones(X):
    return np.column_stack([np.ones(len(X)), X])


@pytest.fixture(scope="module")
def diabetes():
    return sklearn_datasets.load_diabetes(return_X_y=True)


@pytest.fixture(scope="module")
def cancer():
    """Three features of scikit-learn's breast-cancer data (not separable: a finite minimum)."""
    X, y = sklearn_datasets.load_breast_cancer(return_X_y=True)
    return X[:, [0, 1, 4]], y


def sklearn_logistic(X, y, C=np.inf):
    # C=inf is penalty=None (scikit-learn 1.8 deprecates the penalty argument)
    model = LogisticRegression(C=C, tol=1e-12, max_iter=100_000).fit(X, y)
    return np.r_[model.intercept_, model.coef_[0]]


# ------------------------------------------------------------------ references


def test_linear_batch_gd_matches_lstsq(diabetes):
    X, y = diabetes
    reference = np.linalg.lstsq(with_ones(standardized(X)), y, rcond=None)[0]
    newton = fit("linear", (X, y), standardize=True, method="newton", epochs=3, tol=1e-9)
    rate = 0.95 * newton.curvature.bound
    result = fit("linear", (X, y), standardize=True, lr=rate, epochs=100_000, tol=1e-9)
    assert result.stopped.reason == "converged"
    np.testing.assert_allclose(result.theta, reference, atol=1e-6)
    np.testing.assert_allclose(newton.theta, reference, atol=1e-9)
    assert newton.stopped.k == 1  # one Newton step lands on the minimum of a quadratic


def test_linear_without_intercept_matches_lstsq(diabetes):
    X, y = diabetes
    reference = np.linalg.lstsq(X, y, rcond=None)[0]
    result = fit("linear", (X, y), intercept=False, method="newton", epochs=2, tol=1e-9)
    np.testing.assert_allclose(result.theta, reference, rtol=1e-8)
    assert result.parameters == tuple(f"x{j + 1}" for j in range(X.shape[1]))


def test_ridge_matches_closed_form(diabetes):
    X, y = diabetes
    A, n, lam = with_ones(standardized(X)), len(y), 0.3
    penalty = lam * np.diag([0.0] + [1.0] * X.shape[1])  # the intercept is not penalised
    reference = np.linalg.solve(A.T @ A / n + penalty, A.T @ y / n)
    bound = fit("linear", (X, y), standardize=True, l2=lam, epochs=0).curvature.bound  # H is constant
    result = fit("linear", (X, y), standardize=True, l2=lam, lr=0.9 * bound, epochs=100_000, tol=1e-10)
    np.testing.assert_allclose(result.theta, reference, atol=1e-6)


def test_logistic_matches_sklearn(cancer):
    X, y = cancer
    reference = sklearn_logistic(standardized(X), y)
    newton = fit("logistic", (X, y), standardize=True, method="newton", epochs=50, tol=1e-10)
    result = fit("logistic", (X, y), standardize=True, lr=0.9 * newton.curvature.bound, epochs=100_000, tol=1e-9)
    assert result.stopped.reason == "converged" and newton.stopped.reason == "converged"
    np.testing.assert_allclose(result.theta, reference, atol=1e-6)
    np.testing.assert_allclose(newton.theta, reference, atol=1e-6)
    assert newton.stopped.k < 15 < result.stopped.k  # Newton's few steps beside GD's many


def test_logistic_l2_matches_sklearn(cancer):
    X, y = cancer
    lam = 0.05
    reference = sklearn_logistic(standardized(X), y, C=1 / (len(y) * lam))  # sklearn: C·Σlᵢ + ½‖w‖²
    result = fit("logistic", (X, y), standardize=True, l2=lam, method="newton", epochs=50, tol=1e-11)
    np.testing.assert_allclose(result.theta, reference, atol=1e-6)


def test_sgd_and_mini_batch_reach_the_least_squares_solution(diabetes):
    X, y = diabetes
    reference = np.linalg.lstsq(with_ones(standardized(X)), y, rcond=None)[0]
    mini = fit("linear", (X, y), standardize=True, batch_size=32, lr=0.05, epochs=400, tol=0, seed=1)
    sgd = fit("linear", (X, y), standardize=True, batch_size=1, lr=0.002, epochs=30, tol=0, seed=1)
    n = len(y)
    assert mini.steps == 400 * math.ceil(n / 32) and sgd.steps == 30 * n
    assert mini.batch_kind == "mini-batch" and sgd.batch_kind == "sgd"
    best = 0.5 * np.mean((with_ones(standardized(X)) @ reference - y) ** 2)
    for result in (mini, sgd):  # noisy steps: near the minimum (within 2 % of it), not on it
        assert best <= result.final.loss < best * 1.02
    again = fit("linear", (X, y), standardize=True, batch_size=32, lr=0.05, epochs=400, tol=0, seed=1)
    assert again.theta == mini.theta  # the seed repeats the order of the rows
    other = fit("linear", (X, y), standardize=True, batch_size=32, lr=0.05, epochs=400, tol=0, seed=2)
    assert other.theta != mini.theta


def test_momentum_and_adam_run_over_batches(cancer):
    X, y = cancer
    reference = sklearn_logistic(standardized(X), y)
    for method, rate in (("momentum", 0.5), ("adam", 0.05)):
        result = fit("logistic", (X, y), standardize=True, method=method, lr=rate, epochs=50_000, tol=1e-9)
        np.testing.assert_allclose(result.theta, reference, atol=1e-5)


# ------------------------------------------------------------------ the gradient and the Hessian


@pytest.mark.parametrize("model", ["linear", "logistic"])
@pytest.mark.parametrize("l2", [0.0, 0.7])
def test_gradient_and_hessian_against_finite_differences(model, l2):
    rng = np.random.default_rng(3)
    A = rng.normal(size=(40, 3))  # the intercept's column of ones is implicit
    y = (rng.random(40) < 0.5).astype(float) if model == "logistic" else rng.normal(size=40)
    mask = models.penalty_mask(4, True)
    theta = rng.normal(size=4)
    _, gradient = models.loss_and_gradient(model, theta, A, y, l2, mask)
    H = models.hessian(model, theta, A, y, l2, mask)
    h = 1e-6
    for j in range(4):
        e = np.zeros(4)
        e[j] = h
        numeric = (models.loss(model, theta + e, A, y, l2, mask) - models.loss(model, theta - e, A, y, l2, mask)) / (2 * h)
        assert numeric == pytest.approx(gradient[j], abs=1e-7)
        column = (models.loss_and_gradient(model, theta + e, A, y, l2, mask)[1]
                  - models.loss_and_gradient(model, theta - e, A, y, l2, mask)[1]) / (2 * h)
        np.testing.assert_allclose(H[:, j], column, atol=1e-6)


def test_hessian_report_and_the_stability_bound(diabetes):
    X, y = diabetes
    A = with_ones(standardized(X))
    eigenvalues = np.linalg.eigvalsh(A.T @ A / len(y))  # linear regression: H = AᵀA/n everywhere
    result = fit("linear", (X, y), standardize=True, lr=0.1, epochs=5)
    curvature = result.curvature
    np.testing.assert_allclose(curvature.eigenvalues, eigenvalues, rtol=1e-10)
    assert curvature.bound == pytest.approx(2 / eigenvalues[-1])
    assert curvature.condition == pytest.approx(eigenvalues[-1] / eigenvalues[0])
    # the bound is real: just below it the run settles, just above it it blows up
    below = fit("linear", (X, y), standardize=True, lr=0.98 * curvature.bound, epochs=60_000, tol=1e-6)
    above = fit("linear", (X, y), standardize=True, lr=1.02 * curvature.bound, epochs=60_000, tol=1e-6)
    assert below.stopped.reason == "converged" and below.curvature.verdict == "stable"
    assert above.stopped.reason == "diverged" and above.curvature.verdict == "above"
    slow = fit("linear", (X, y), standardize=True, lr=1e-4, epochs=3)
    assert slow.curvature.verdict == "slow"
    text = slow.to_text(lang="en")
    assert "2/λmax = " in text and "far below the bound" in text


def test_separable_data_is_reported():
    X, y = sklearn_datasets.load_iris(return_X_y=True)
    setosa = (y == 0).astype(float)  # setosa is separable from the others by its petals
    result = fit("logistic", (X[:, 2:], setosa), standardize=True, lr=1.0, epochs=3000)
    assert result.stopped.reason == "separable"
    assert any(note.key == "fit.note.separable" for note in result.notes)
    assert "perfectly separable" in result.to_text(lang="en")
    newton = fit("logistic", (X[:, 2:], setosa), standardize=True, method="newton", epochs=100)
    assert newton.stopped.reason == "separable"
    assert all(math.isfinite(t) for t in newton.theta)
    ridge = fit("logistic", (X[:, 2:], setosa), standardize=True, l2=0.01, method="newton", epochs=100, tol=1e-10)
    assert ridge.stopped.reason == "converged"  # with a penalty the minimum is finite


# ------------------------------------------------------------------ the derivation against SymPy


def example_data(model: str, rows: int = 3, features: int = 2):
    """A small symbolic data set: x_ij, y_i as symbols; the summed loss of θ."""
    thetas = sympy.symbols(f"t0:{features}", real=True)
    xs = [[sympy.Symbol(f"a{i}{j}", real=True) for j in range(features)] for i in range(rows)]
    ys = sympy.symbols(f"b0:{rows}", real=True)
    zs = [sum(t * x for t, x in zip(thetas, row)) for row in xs]
    total = 0
    for zi, yi in zip(zs, ys):
        if model == "linear":
            total += LOSSES["linear"].subs({SYMBOLS["y"]: yi, SYMBOLS["z"]: zi})
        else:
            total += LOSSES["logistic"].subs({SYMBOLS["p"]: SIGMOID.subs(SYMBOLS["z"], zi)}).subs(SYMBOLS["y"], yi)
    return thetas, xs, ys, zs, total


def per_row(expr, xi_j, yi, zi):
    """A formula in one example's symbols, for row i and column j."""
    return expr.subs({SYMBOLS["p"]: SIGMOID.subs(SYMBOLS["z"], zi)}).subs(
        {SYMBOLS["x"]: xi_j, SYMBOLS["y"]: yi, SYMBOLS["z"]: zi})


def equal(a, b) -> bool:
    return sympy.simplify(sympy.expand(a - b)) == 0 or sympy.simplify(sympy.exp(0) * (a - b)).equals(0)


@pytest.mark.parametrize("model", ["linear", "logistic"])
def test_derivation_steps_against_sympy_diff(model):
    derivation = derive(model)
    y, z, p, x, theta, l = (SYMBOLS[k] for k in ("y", "z", "p", "x", "theta", "l"))
    equations = {step.message.key: step for step in derivation.steps if step.left is not None}
    assert equations[f"fit.step.loss_{model}"].right == LOSSES[model]
    through = z if model == "linear" else p
    outer = [s for s in derivation.steps if s.left == ("partial", l, through)]
    assert len(outer) == 1 and sympy.simplify(outer[0].right - sympy.diff(LOSSES[model], through)) == 0
    assert sympy.simplify(outer[0].tree.result - sympy.diff(LOSSES[model], through)) == 0
    assert equations["fit.step.inner"].right == x
    if model == "logistic":
        sigma = sympy.diff(SIGMOID, z)
        assert sympy.simplify(equations["fit.step.sigmoid_derivative"].right - sigma) == 0
        identity = equations["fit.step.sigmoid_identity"].right.subs(p, SIGMOID)
        assert sympy.simplify(identity - sigma) == 0  # σ'(z) = σ(z)(1 − σ(z))
        product = sympy.Mul(*equations["fit.step.multiply_logistic"].right)
        assert sympy.simplify(product - derivation.per_example) == 0
    # the final formula, summed over a small symbolic data set, is SymPy's diff of the summed loss
    assert sympy.simplify(derivation.per_example - (-(y - (z if model == "linear" else p)) * x)) == 0
    thetas, xs, ys, zs, total = example_data(model)
    for j, theta_j in enumerate(thetas):
        summed = sum(per_row(derivation.per_example, xs[i][j], ys[i], zs[i]) for i in range(len(ys)))
        assert sympy.simplify(summed - sympy.diff(total, theta_j)) == 0


def test_derivation_renders_the_lecture_formula():
    text = fit("logistic", ([[0.0], [1.0], [2.0], [3.0]], [0, 1, 0, 1]), epochs=2).to_text(lang="en")
    assert "σ(z)(1 − σ(z))" in text
    assert "∂lᵢ/∂θⱼ = −xᵢⱼ·(yᵢ − pᵢ)" in text
    assert "Xᵀ(p − y)" in text
    korean = fit("linear", ([[0.0], [1.0], [2.0]], [1, 2, 4]), epochs=2).to_text(lang="ko")
    assert "연쇄법칙" in korean and "∂lᵢ/∂θⱼ = −xᵢⱼ·(yᵢ − zᵢ)" in korean


@pytest.mark.parametrize("fmt", ["json", "latex", "markdown", "html"])
def test_every_format(fmt):
    import json

    result = fit("linear", ([[0.0], [1.0], [2.0]], [1, 3, 5]), lr=0.5, epochs=50)
    shown = result.render(fmt, lang="ko")
    if fmt == "json":
        data = json.loads(shown)
        assert data["model"] == "linear" and data["hessian"]["lr_bound"] == pytest.approx(result.curvature.bound)
        assert data["epochs"][0] == {"epoch": 0, "theta": [0.0, 0.0], "gradient_norm": pytest.approx(math.sqrt(3**2 + (13 / 3) ** 2)),
                                     "loss": pytest.approx((1 + 9 + 25) / 6)}
    else:
        assert "로지스틱" not in shown and "선형" in shown


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_latex_document_compiles_and_html_parses(lang):
    from html.parser import HTMLParser

    from tests.test_latex_compile import compile_latex, pdflatex

    X, y = sklearn_datasets.load_iris(return_X_y=True)
    result = fit("logistic", (X[:, 2:], (y == 2).astype(float)), standardize=True, method="newton", epochs=20)
    ok, log = compile_latex(pdflatex(), result.to_latex(lang=lang, standalone=True))
    assert ok, log[-2000:]

    class Strict(HTMLParser):
        def __init__(self):
            super().__init__()
            self.open: list[str] = []

        def handle_starttag(self, tag, attrs):
            if tag not in ("meta", "br", "hr", "img", "link", "input"):
                self.open.append(tag)

        def handle_endtag(self, tag):
            assert self.open and self.open.pop() == tag, f"</{tag}> closes nothing"

    page = Strict()
    page.feed(result.to_html(lang=lang, standalone=True))
    assert page.open == []


def test_collinear_features_singular_hessian():
    rng = np.random.default_rng(0)
    x = rng.normal(size=50)
    X, y = np.column_stack([x, 2 * x]), 1 + 3 * x + 0.1 * rng.normal(size=50)
    reference = np.linalg.lstsq(with_ones(X), y, rcond=None)[0]  # the minimum-norm solution
    newton = fit("linear", (X, y), method="newton", epochs=20, tol=1e-9)
    assert [note.key for note in newton.notes] == ["fit.note.newton_damped", "fit.note.singular_hessian"]
    np.testing.assert_allclose(with_ones(X) @ newton.theta, with_ones(X) @ reference, atol=1e-7)
    gd = fit("linear", (X, y), lr=0.4, epochs=50_000, tol=1e-10)  # from θ = 0 it stays in A's row space
    np.testing.assert_allclose(gd.theta, reference, atol=1e-7)
    assert "κ = λmax/λmin = ∞" in gd.to_text(lang="en") and gd.curvature.condition == math.inf
