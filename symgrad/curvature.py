"""What the Hessian says about a learning rate: eigenvalues, condition number, stability bound.

Near a minimum θ* the function is almost the quadratic ½(θ − θ*)ᵀH(θ − θ*), and one
step of plain gradient descent multiplies the error e = θ − θ* by I − lr·H. Along the
eigenvector of an eigenvalue λ that is the factor 1 − lr·λ, so the run

- converges, and only then, when every |1 − lr·λ| < 1, i.e. **lr < 2/λmax**;
- zigzags along the steepest direction when 1 − lr·λmax < 0 (lr > 1/λmax), and the
  zigzag dies out only below the bound;
- is slow when lr·λmin is tiny: each step removes only about lr·λmin of the error
  along the flattest direction, about ln 10/(lr·λmin) iterations per decimal digit.

The best single rate 2/(λmin + λmax) shrinks the error by (κ − 1)/(κ + 1) per step,
κ = λmax/λmin being the condition number: a badly conditioned minimum (large κ) is
slow for every rate. Momentum methods move the bound (heavy ball: 2(1 + μ)/λmax,
Nesterov: (2 + 2μ)/((1 + 2μ)λmax)); Newton's method divides by the curvature itself,
so its bound is lr < 2 whatever H is; the adaptive methods (AdaGrad, RMSProp, Adam)
rescale every step by running averages of the gradient and have no such fixed bound.

Everything here is plain floats (NumPy for the eigenvalues of more than 2 variables):
the walkthrough, the sweep, Newton's method and the regression fits share it.

>>> c = Curvature.of([[2.0, 0.0], [0.0, 20.0]])      # x² + 10y² (hand: λ = 2, 20)
>>> c.eigenvalues, c.condition_number, c.lr_bound
((2.0, 20.0), 10.0, 0.1)
>>> round(c.factor(0.05), 12)                         # max(|1 − 0.1|, |1 − 1|)
0.9
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, Sequence

RELATIVE_ZERO = 1e-10
"""An eigenvalue counts as zero when |λ| ≤ this × max(1, |λ|max)."""

FAR_BELOW = 0.1
"""A rate at most this share of the bound is "far below" it (slow territory)."""

CLOSE_BELOW = 0.5
"""A rate above this share of the bound (and below it) is "just below" it: GD overshoots
the steepest direction there (lr > 1/λmax)."""


def symmetric_eigenvalues(entries: Sequence[Sequence[float]]) -> list[float]:
    """Eigenvalues of a symmetric matrix, ascending (closed form up to 2×2, NumPy beyond)."""
    if len(entries) == 1:
        return [float(entries[0][0])]
    if len(entries) == 2:
        (a, b), (_, d) = entries
        mean, radius = (a + d) / 2, math.hypot((a - d) / 2, b)
        return [float(mean - radius), float(mean + radius)]
    import numpy  # imported here so that walking a 1- or 2-variable function does not pay for it

    return sorted(float(v) for v in numpy.linalg.eigvalsh(numpy.array(entries, dtype=float)))


@dataclass(frozen=True)
class Curvature:
    """The eigenvalues of a Hessian at a point (ascending) and what they mean for descent."""

    eigenvalues: tuple[float, ...]

    @classmethod
    def of(cls, hessian: Sequence[Sequence[float]]) -> "Curvature":
        """The curvature of a symmetric matrix of floats (rows)."""
        return cls(tuple(symmetric_eigenvalues([[float(v) for v in row] for row in hessian])))

    @property
    def scale(self) -> float:
        return max([1.0] + [abs(e) for e in self.eigenvalues])

    @property
    def kind(self) -> str:
        """"positive-definite", "negative-definite", "indefinite" or "singular"."""
        zero = RELATIVE_ZERO * self.scale
        if all(e > zero for e in self.eigenvalues):
            return "positive-definite"
        if all(e < -zero for e in self.eigenvalues):
            return "negative-definite"
        if any(e > zero for e in self.eigenvalues) and any(e < -zero for e in self.eigenvalues):
            return "indefinite"
        return "singular"

    @property
    def definite(self) -> bool:
        return self.kind in ("positive-definite", "negative-definite")

    @property
    def condition_number(self) -> float | None:
        """κ = |λ|max/|λ|min for a definite Hessian (a minimum or a maximum), else None."""
        if not self.definite:
            return None
        sizes = [abs(e) for e in self.eigenvalues]
        return max(sizes) / min(sizes)

    @property
    def lr_bound(self) -> float | None:
        """2/λmax: plain gradient descent is stable near a minimum only for lr below it
        (None unless the Hessian is positive definite)."""
        if self.kind != "positive-definite":
            return None
        return 2.0 / self.eigenvalues[-1]

    @property
    def best_lr(self) -> float | None:
        """2/(λmin + λmax), the plain-GD rate with the smallest worst-case factor."""
        if self.kind != "positive-definite":
            return None
        return 2.0 / (self.eigenvalues[0] + self.eigenvalues[-1])

    @property
    def best_factor(self) -> float | None:
        """(κ − 1)/(κ + 1): the error factor per step at :attr:`best_lr`."""
        kappa = self.condition_number
        if kappa is None or self.kind != "positive-definite":
            return None
        return (kappa - 1) / (kappa + 1)

    def factor(self, lr: float) -> float:
        """max |1 − lr·λ|: plain GD's error factor per step near the point."""
        return max(abs(1.0 - lr * e) for e in self.eigenvalues)

    def flipped(self) -> "Curvature":
        """The curvature of −f (a maximum of f is a minimum of −f: gradient ascent)."""
        return Curvature(tuple(sorted(-e for e in self.eigenvalues)))

    def to_dict(self) -> dict:
        return {"eigenvalues": list(self.eigenvalues), "kind": self.kind,
                "condition_number": self.condition_number, "gd_lr_bound": self.lr_bound}


# ---------------------------------------------------------------- bounds per method


FIXED_BOUND_METHODS = ("gd", "momentum", "nesterov", "nesterov-lookahead", "newton")
"""The methods whose stable rates near a minimum have a closed form (see :func:`stability_bound`)."""


BOUND_FORMULAS = {
    "gd": "2/λmax",
    "momentum": "2(1 + μ)/λmax",
    "momentum-dampened": "2(1 + μ)/((1 − τ)λmax)",
    "nesterov": "(2 + 2μ)/((1 + 2μ)λmax)",
    "nesterov-lookahead": "(2 + 2μ)/((1 + 2μ)λmax)",
    "newton": "2",
}
"""The bound of :func:`stability_bound` as a formula (the same in every language)."""


def bound_formula(method: str, hyperparameters: Mapping[str, object]) -> str:
    """The formula of ``method``'s bound, e.g. "2/λmax" for gd."""
    if method == "momentum" and hyperparameters.get("dampening"):
        return BOUND_FORMULAS["momentum-dampened"]
    return BOUND_FORMULAS[method]


def stability_bound(method: str, hyperparameters: Mapping[str, object], curvature: Curvature) -> float | None:
    """The largest stable learning rate of ``method`` near a minimum of this curvature.

    From the linearised iteration e ← M·e along each eigenvector (λ = lr·eigenvalue):
    gd, 1 − a: a < 2; heavy-ball momentum (torch's SGD, b ← μb + (1 − τ)g), roots of
    z² − (1 + μ − a')z + μ with a' = (1 − τ)a: a' < 2(1 + μ) (and μ < 1); Nesterov
    (both forms), z² − (1 − a)(1 + μ)z + (1 − a)μ: a < (2 + 2μ)/(1 + 2μ); Newton, the
    error times 1 − lr: lr < 2. None for the adaptive methods and where the curvature
    is not that of a minimum (of f, or of −f with ``maximize``).
    """
    if method == "newton":
        return 2.0
    if hyperparameters.get("maximize"):
        curvature = curvature.flipped()
    top = curvature.eigenvalues[-1] if curvature.eigenvalues else 0.0
    if curvature.kind != "positive-definite" or method not in FIXED_BOUND_METHODS:
        return None
    mu = float(hyperparameters.get("momentum", 0.0) or 0.0)
    if method == "gd":
        return 2.0 / top
    if method == "momentum":
        keep = 1.0 - float(hyperparameters.get("dampening", 0.0) or 0.0)
        if mu >= 1.0 or keep <= 0.0:
            return None
        return 2.0 * (1.0 + mu) / (keep * top)
    if mu >= 1.0:
        return None
    return (2.0 + 2.0 * mu) / ((1.0 + 2.0 * mu) * top)  # nesterov, nesterov-lookahead


def error_factor(method: str, hyperparameters: Mapping[str, object], curvature: Curvature, lr: float) -> float | None:
    """The spectral radius of the linearised iteration: how much of the error is left after
    one step, asymptotically, near a minimum of this curvature (None where
    :func:`stability_bound` has no closed form)."""
    if method == "newton":
        return abs(1.0 - lr)
    if stability_bound(method, hyperparameters, curvature) is None:
        return None
    if hyperparameters.get("maximize"):
        curvature = curvature.flipped()
    mu = float(hyperparameters.get("momentum", 0.0) or 0.0)
    worst = 0.0
    for eigenvalue in curvature.eigenvalues:
        a = lr * eigenvalue
        if method == "gd":
            worst = max(worst, abs(1.0 - a))
            continue
        if method == "momentum":
            a *= 1.0 - float(hyperparameters.get("dampening", 0.0) or 0.0)
            p, q = 1.0 + mu - a, mu
        else:
            p, q = (1.0 - a) * (1.0 + mu), (1.0 - a) * mu
        worst = max(worst, _largest_root(p, q))  # roots of z² − p·z + q
    return worst


def _largest_root(p: float, q: float) -> float:
    """max |z| over the roots of z² − p·z + q."""
    discriminant = p * p - 4.0 * q
    if discriminant < 0:
        return math.sqrt(q)  # complex pair: |z|² = q
    root = math.sqrt(discriminant)
    return max(abs((p + root) / 2.0), abs((p - root) / 2.0))


def relation(lr: float, bound: float | None) -> str:
    """Where ``lr`` sits against the bound: "above", "just-below", "below", "far-below"
    (or "no-bound")."""
    if bound is None:
        return "no-bound"
    if lr >= bound:
        return "above"
    if lr > CLOSE_BELOW * bound:
        return "just-below"
    if lr <= FAR_BELOW * bound:
        return "far-below"
    return "below"


def iterations_per_digit(factor: float | None) -> float | None:
    """ln 10 / −ln(factor): iterations for each tenfold shrinking of the error (None if it does not shrink)."""
    if factor is None or not 0.0 < factor < 1.0:
        return None
    return math.log(10.0) / -math.log(factor)


__all__ = ["BOUND_FORMULAS", "bound_formula", "CLOSE_BELOW", "Curvature", "FAR_BELOW", "FIXED_BOUND_METHODS", "error_factor", "iterations_per_digit",
           "relation", "stability_bound", "symmetric_eigenvalues"]
