"""Newton's method with the exact Hessian, and the minimum a run was heading for.

Newton's step solves the quadratic model of f at θ exactly:

    θ ← θ − lr·H⁻¹∇f(θ),   H = ∇²f(θ) (exact: compiled from SymPy's second derivatives).

On a quadratic with a positive definite H one step with lr = 1 lands on the minimum,
whatever the condition number; near any minimum the error shrinks quadratically. Where
H is singular or not positive definite (negative definite for ``maximize``) the step
is undefined or heads for a saddle or a maximum. Then Newton's method either

- refuses (``refuse=True``): the run stops with reason ``hessian`` at that iterate; or
- damps (the default): the step uses H + μI instead, μ the smallest shift that makes
  the smallest eigenvalue max(|λmin|, 10⁻³·max(1, |λ|max)) (a negative eigenvalue is
  mirrored, a zero one lifted), so the step goes downhill, and the step is halved
  until f decreases (at most :data:`MAX_HALVINGS` times). The trace says how often,
  where first and how large μ was (a :class:`~symgrad.messages.Message` in
  ``Trace.notes``).

:class:`Newton` has the same ``specialise(θ) → (init, step)`` surface as the chained
optimizers, once :meth:`Newton.bind` has given it the compiled Hessian; the run loop
(:func:`symgrad.optim.run.run`) does that, and stops when ``step`` raises
:class:`StopRun`. ``bind`` needs only ``hessian(θ)`` (rows of floats or a 2-D array),
``value(θ)``, ``floats(point)`` and ``backend`` ("scalar": θ a tuple of floats, "numpy":
a 1-D array) of what it is given, so a loss over data (a regression's XᵀWX) can be
stepped on as well as a :class:`~symgrad.compile.Compiled` function; ``hessian_exprs``,
when present, is checked first (:func:`check_hessian`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from symgrad.curvature import RELATIVE_ZERO, Curvature
from symgrad.errors import ResourceLimitError, SymgradError
from symgrad.messages import Message
from symgrad.trace import StopReason

if TYPE_CHECKING:
    from symgrad.compile import Compiled

LIFT = 1e-3
"""A damped step lifts the smallest eigenvalue to at least this × max(1, |λ|max)."""

MAX_HALVINGS = 40
"""A damped step is halved at most this many times while f does not decrease."""


class StopRun(Exception):
    """Raised by an optimizer's step to end the run with ``args[0]``, a StopReason."""


@dataclass(frozen=True)
class Newton:
    """θ ← θ − lr·H⁻¹∇f (see the module docstring); torch.optim has no counterpart.

    Unlike the chained optimizers it must be bound to the function first (:meth:`bind`).
    """

    lr: float = 1.0
    refuse: bool = False
    maximize: bool = False

    def bind(self, compiled: Compiled) -> "_BoundNewton":
        """This method with the compiled f and Hessian it steps on; a SymgradError when ∇²f
        is not a function that can be evaluated (see :func:`check_hessian`)."""
        check_hessian(compiled)
        return _BoundNewton(self, compiled)

    gradient_point = None

    def specialise(self, params):
        """Refused: Newton steps on the Hessian, so it must be bound to the function first."""
        raise TypeError("Newton needs the Hessian: call bind(compiled) and use what it returns")


class _BoundNewton:
    """Newton bound to one compiled function; its state is (t, damped steps, first k damped,
    largest μ, halvings), a flat tuple, as the other optimizers' states are."""

    gradient_point = None

    def __init__(self, method: Newton, compiled: Compiled):
        import numpy as np

        self.method, self.compiled, self.np = method, compiled, np
        self.hessian = compiled.hessian
        self.sign = -1.0 if method.maximize else 1.0

    def specialise(self, params) -> "_BoundNewton":
        return self

    def init(self, params) -> tuple:
        return (0, 0, -1, 0.0, 0)

    def step(self, theta, gradient, state):
        np = self.np
        t, damped, first, largest, halvings = state
        sign = self.sign
        matrix = sign * np.asarray(self.hessian(theta), dtype=np.float64)
        slope = sign * np.asarray(self.compiled.floats(gradient), dtype=np.float64)
        if not (np.all(np.isfinite(matrix)) and np.all(np.isfinite(slope))):
            raise FloatingPointError("overflow: the Hessian is not finite")
        eigenvalues, vectors = np.linalg.eigh((matrix + matrix.T) / 2)
        scale = max(1.0, float(np.max(np.abs(eigenvalues))))
        lowest = float(eigenvalues[0])
        if lowest > RELATIVE_ZERO * scale:
            direction = -(vectors @ ((vectors.T @ slope) / eigenvalues))
            return self._moved(theta, direction * self.method.lr), (t + 1, damped, first, largest, halvings)
        if self.method.refuse:
            raise StopRun(refusal(t, Curvature(tuple(sorted(float(e) for e in eigenvalues))), self.method.maximize))
        target = max(abs(lowest), LIFT * scale)
        mu = target - lowest
        direction = -(vectors @ ((vectors.T @ slope) / (eigenvalues + mu))) * self.method.lr
        before = sign * self.compiled.value(theta)
        moved = self._moved(theta, direction)
        halved = 0
        while halved < MAX_HALVINGS and not self._signed_value(moved) < before:
            direction = direction / 2
            moved = self._moved(theta, direction)
            halved += 1
        return moved, (t + 1, damped + 1, t if first < 0 else first, max(largest, mu), halvings + halved)

    def _signed_value(self, point) -> float:
        """f at a trial point (−f when maximizing), +inf where f is undefined or not finite,
        so that such a step is halved again."""
        try:
            value = self.sign * float(self.compiled.value(point))  # an int for some constants; complex fails
        except (ArithmeticError, ValueError, TypeError):
            return math.inf
        return value if math.isfinite(value) else math.inf

    def _moved(self, theta, direction):
        if self.compiled.backend == "numpy":
            return theta + direction
        return tuple(float(a + b) for a, b in zip(theta, direction.tolist()))

    def notes(self, state) -> tuple[Message, ...]:
        """What the run should say about its damped steps (none when every H was usable)."""
        t, damped, first, largest, halvings = state
        if not damped:
            return ()
        wanted = "negative" if self.method.maximize else "positive"
        return (Message("newton.damped", (("count", damped), ("steps", t), ("first", first), ("mu", largest),
                                          ("halvings", halvings), ("wanted", Message(f"newton.definite.{wanted}")))),)


def check_hessian(compiled: Compiled) -> None:
    """Refuse, with one clear SymgradError, a ∇²f that holds a distribution (the DiracDelta
    of d²|x|/dx²): the compiled code cannot evaluate it, and it has no value at the kink."""
    import sympy

    for row in getattr(compiled, "hessian_exprs", ()):
        for entry in row:
            if entry.has(sympy.DiracDelta):
                raise SymgradError.from_phrase("newton.error.not_twice_differentiable", entry=str(entry))


def refusal(k: int, curvature: Curvature, maximize: bool) -> StopReason:
    """The stop of a refused Newton step at iterate k (curvature of the signed Hessian)."""
    eigenvalues = tuple(sorted(-e for e in curvature.eigenvalues)) if maximize else curvature.eigenvalues
    cause = "singular" if curvature.kind == "singular" else ("not-negative-definite" if maximize
                                                              else "not-positive-definite")
    return StopReason("hessian", k, cause, (("eigenvalues", eigenvalues),))


# ---------------------------------------------------------------- where a run was going


def nearest_minimum(compiled: Compiled, start: Any, maximize: bool = False, iters: int = 100,
                    bound: float = 1e12) -> tuple[tuple[float, ...], float, Curvature] | None:
    """The local minimum (maximum with ``maximize``) that damped Newton reaches from ``start``:
    (point, f there, the Hessian's curvature there), or None when it finds none (no
    minimum nearby, an undefined point, a Hessian that is not definite at the end).

    Damped Newton goes downhill wherever H is not positive definite, so from the end of
    a run it settles in the basin the run was in: the minimum it was approaching. The
    point counts as found once ∇²f is positive definite (λmin > 10⁻⁸·max|λ|) and the
    Newton step there is below 10⁻⁹ of the point's size and at most a hundredth of the
    step before (10⁻¹⁴: rounding), which quadratic convergence reaches in a few steps at
    a nondegenerate minimum and never at a degenerate critical point such as 0 of x³ or
    x⁴ (there the steps only halve or shrink by a third).
    """
    import numpy as np

    from symgrad.compile import EVALUATION_FAILURES

    try:
        bound_method = Newton(maximize=maximize).bind(compiled)
    except ResourceLimitError:
        raise
    except SymgradError:  # ∇²f cannot be evaluated (check_hessian)
        return None
    theta = compiled.as_point(compiled.floats(start))
    state = bound_method.init(theta)
    previous = None  # the length of the last Newton step
    try:
        with compiled.errors_raised():
            for k in range(iters + 1):
                value, gradient = compiled.value_and_gradient(theta)
                norm = math.sqrt(sum(g * g for g in compiled.floats(gradient)))
                if not math.isfinite(norm) or math.sqrt(sum(c * c for c in compiled.floats(theta))) > bound:
                    return None
                matrix = np.array([compiled.floats(row) for row in compiled.hessian(theta)], dtype=np.float64)
                curvature = Curvature.of(matrix.tolist())
                signed = curvature.flipped() if maximize else curvature
                if signed.eigenvalues[0] > 1e-8 * signed.scale:  # positive definite, not nearly singular
                    step = np.linalg.solve(matrix, np.array(compiled.floats(gradient), dtype=np.float64))
                    size = max([1.0] + [abs(c) for c in compiled.floats(theta)])
                    length = math.sqrt(float(step @ step))
                    quadratic = previous is None or length <= 1e-2 * previous
                    if length <= 1e-14 * size or (length <= 1e-9 * size and quadratic):  # settled
                        return _snapped(compiled.floats(theta)), float(value), curvature
                    previous = length
                else:
                    previous = None
                if k == iters:
                    return None
                theta, state = bound_method.step(theta, gradient, state)
    except (StopRun, *EVALUATION_FAILURES):  # never a ResourceLimitError: a time limit goes on to its owner
        return None
    return None


def _snapped(point: tuple[float, ...]) -> tuple[float, ...]:
    """Coordinates below 10⁻¹² of the point's size, rounding noise of Newton's last step, as 0."""
    size = max([1.0] + [abs(c) for c in point])
    return tuple(0.0 if abs(c) <= 1e-12 * size else c for c in point)


__all__ = ["LIFT", "MAX_HALVINGS", "Newton", "StopRun", "nearest_minimum", "refusal"]
