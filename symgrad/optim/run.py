"""The run loop: descend from a start point with an optimizer until a stopping rule fires.

The lecture's stopping rules (LECTURE.md §6), checked after every iterate θₖ:

- ``converged``: ‖∇f(θₖ)‖ < ``tol`` (the threshold rule; ``tol = 0`` turns it off);
- ``no-change``: |f(θₖ) − f(θₖ₋₁)| ≤ ``min_delta`` for ``patience`` iterations in a row
  (the "value has not changed for n iterations" rule; off unless ``patience`` is set);
- ``max-iterations``: k reached ``iters``;
- ``diverged``: f or ∇f is not finite, a value overflowed, or ‖θₖ‖ > ``bound``.

A point where f or ∇f is undefined (log of a negative number, division by zero, a
complex value) stops the run with :class:`~symgrad.errors.EvaluationError` naming the
iteration and the point; the iterates computed so far ride along as ``error.trace``.
"""

from __future__ import annotations

import math
from functools import partial
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Mapping, Sequence

from symgrad.messages import Message
from symgrad.errors import EvaluationError, SymgradError
from symgrad.optim.alias import get_method
from symgrad.optim.base import GradientTransformation
from symgrad.optim.newton import StopRun
from symgrad.trace import Iterate, StopReason, Trace

# symgrad.compile (SymPy) and NumPy are imported where they are used, so that importing
# symgrad.optim (METHODS for `symgrad descend --help`) imports neither.
if TYPE_CHECKING:
    from symgrad.compile import Compiled
    from symgrad.parse import Problem

PROGRESS_EVERY = 1 << 12
"""How many iterations pass between two calls of a ``progress`` callback."""

LARGEST_FLOAT = 1.7976931348623157e308


@dataclass(frozen=True)
class StopRules:
    """When a run stops (see the module docstring); ``record_every`` thins the stored rows."""

    iters: int = 1000
    tol: float = 1e-8
    patience: int | None = None
    min_delta: float = 0.0
    bound: float = 1e12
    record_every: int = 1

    def __post_init__(self) -> None:
        if not (isinstance(self.iters, int) and self.iters >= 0):
            raise SymgradError.from_phrase("descent.error.whole_at_least", option="--iters", least=0, given=repr(self.iters))
        for name in ("tol", "min_delta"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value >= 0):
                raise SymgradError.from_phrase("descent.error.out_of_range", option=f"--{name.replace('_', '-')}",
                                               words=Message.of("descent.range.at_least_zero"), given=repr(value))
        if self.patience is not None and not (isinstance(self.patience, int) and self.patience >= 1):
            raise SymgradError.from_phrase("descent.error.whole_at_least", option="--patience", least=1,
                                           given=repr(self.patience))
        if not (self.bound > 0):
            raise SymgradError.from_phrase("descent.error.out_of_range", option="--bound",
                                           words=Message.of("descent.range.positive"), given=repr(self.bound))
        if not (isinstance(self.record_every, int) and self.record_every >= 1):
            raise SymgradError.from_phrase("descent.error.whole_at_least", option="--every", least=1,
                                           given=repr(self.record_every))


def gaussian_start(dimension: int, seed: int | None = None) -> tuple[float, ...]:
    """A start point drawn from the standard normal distribution (the lecture's w₀)."""
    import numpy as np

    return tuple(np.random.default_rng(seed).standard_normal(dimension).tolist())


def descend_compiled(
    compiled: Compiled,
    start: Sequence[float],
    method: str = "gd",
    rules: StopRules = StopRules(),
    progress: Callable[[int], None] | None = None,
    problem: Problem | None = None,
    **hyperparameters: float | bool | None,
) -> Trace:
    """Run the named method (see :data:`~symgrad.optim.alias.METHODS`) from ``start``.

    ``hyperparameters`` override the method's defaults (``None`` keeps the default);
    ``problem``, the function as read, goes into the trace (see :class:`Trace`).
    """
    chosen = get_method(method)
    values = chosen.hyperparameters(hyperparameters)
    return run(compiled, chosen(**values), start, rules, method=method, hyperparameters=values,
               progress=progress, problem=problem)


def run(
    compiled: Compiled,
    optimizer: GradientTransformation,
    start: Sequence[float],
    rules: StopRules = StopRules(),
    *,
    method: str = "custom",
    hyperparameters: Mapping[str, float | bool] | None = None,
    progress: Callable[[int], None] | None = None,
    problem: Problem | None = None,
) -> Trace:
    """Descend with ``optimizer`` from ``start`` until a rule in ``rules`` stops the run."""
    from symgrad.compile import EVALUATION_FAILURES

    bind = getattr(optimizer, "bind", None)
    if bind is not None:  # a method that steps on more than the gradient (Newton: the Hessian)
        optimizer = bind(compiled)
    theta = compiled.as_point(start)
    rows: list[tuple] = []
    keep, iterates = _recorder(compiled, rows)
    evaluate = compiled.value_and_gradient
    norm = _norm_function(compiled)

    def traced(stop: StopReason, notes: tuple = ()) -> Trace:
        return Trace(method, hyperparameters or {}, compiled.names, iterates(), stop, problem, notes)

    def finish(stop: StopReason, state=None) -> Trace:
        if not rows or rows[-1][0] != last[0]:
            keep(last)
        notes = getattr(optimizer, "notes", None)
        return traced(stop, notes(state) if notes is not None and state is not None else ())

    try:
        with compiled.errors_raised():
            value, gradient = evaluate(theta)
            stop = _check_start(value, norm(gradient), norm(theta), rules)
            last = (0, theta, gradient, value)
            keep(last)
            if stop is not None:
                return finish(stop)
            stop, last, state = _loop(compiled, optimizer, theta, value, gradient, rules, keep, progress, norm)
            return finish(stop, state)
    except _Failure as failure:
        k, point, error, last = failure.args
        if _is_overflow(error):
            return finish(StopReason("diverged", k, "overflow"))
        raise _undefined(k, point, error, compiled, traced) from None
    except EVALUATION_FAILURES as error:  # at the start point
        if _is_overflow(error):
            raise EvaluationError.from_phrase("descent.error.overflow_at_start", point=_show(compiled, theta)) from None
        raise _undefined(0, theta, error, compiled, traced) from None


class _Failure(Exception):
    """Carries (k, point, error, last good row) out of the loop."""


def _loop(compiled, optimizer, theta, value, gradient, rules, keep, progress, norm):
    """The hot loop; returns (StopReason, last row, the optimizer's state). A step may end
    the run by raising :class:`~symgrad.optim.newton.StopRun`. Kept free of per-step allocations
    beyond the optimizer's own and one raw (k, θ, ∇f, f) tuple per step, which ``keep``
    records every ``rules.record_every`` steps and which is dropped otherwise: memory
    grows with the recorded rows only."""
    from symgrad.compile import EVALUATION_FAILURES

    evaluate = compiled.value_and_gradient
    gradient_at = compiled.gradient
    compiled_optimizer = optimizer.specialise(theta)
    step = compiled_optimizer.step
    look_ahead = compiled_optimizer.gradient_point
    state = compiled_optimizer.init(theta)
    largest = LARGEST_FLOAT
    tol, bound, every = rules.tol, rules.bound, rules.record_every
    every_one = every == 1
    patience, min_delta = rules.patience, rules.min_delta
    unchanged = 0
    next_report = PROGRESS_EVERY if progress is not None else -1
    last = (0, theta, gradient, value)
    k = 0
    point = theta
    try:
        for k in range(1, rules.iters + 1):
            if look_ahead is None:
                theta, state = step(theta, gradient, state)
            else:
                point = look_ahead(theta, state)
                theta, state = step(theta, gradient_at(point), state)
                point = theta
            previous = value
            value, gradient = evaluate(theta)
            last = (k, theta, gradient, value)
            if every_one or k % every == 0:
                keep(last)
            gradient_norm = norm(gradient)
            # one test for the common case; nan fails every comparison, complex raises TypeError
            if not (norm(theta) <= bound and gradient_norm <= largest and -largest <= value <= largest):
                return divergence_stop(k, value, bound), last, state
            if gradient_norm < tol:
                return converged_stop(k, gradient_norm, tol), last, state
            if patience is not None:
                unchanged = unchanged + 1 if abs(value - previous) <= min_delta else 0
                if unchanged >= patience:
                    fields = (("min_delta", min_delta), ("patience", patience))
                    return StopReason("no-change", k, fields=fields), last, state
            if k == next_report:
                progress(k)
                next_report += PROGRESS_EVERY
    except StopRun as refused:
        return refused.args[0], last, state
    except EVALUATION_FAILURES as error:
        raise _Failure(k, theta if look_ahead is None else point, error, last) from None
    return StopReason("max-iterations", k, fields=(("iters", rules.iters),)), last, state


def divergence_stop(k: int, value: float, bound: float) -> StopReason:
    """The stop for a run whose iterate k failed the bound or finiteness test."""
    if not math.isfinite(value):
        return StopReason("diverged", k, "not-finite")
    return StopReason("diverged", k, "bound", (("bound", bound),))


def converged_stop(k: int, gradient_norm: float, tol: float) -> StopReason:
    return StopReason("converged", k, fields=(("gradient_norm", gradient_norm), ("tol", tol)))


def _check_start(value, gradient_norm, size, rules: StopRules) -> StopReason | None:
    """The rules that can already stop a run at θ₀."""
    if not math.isfinite(value) or not gradient_norm <= LARGEST_FLOAT:
        raise EvaluationError.from_phrase("descent.error.not_finite_at_start")
    if not size <= rules.bound:
        raise EvaluationError.from_phrase("descent.error.beyond_bound", bound=f"{rules.bound:g}")
    if gradient_norm < rules.tol:
        return converged_stop(0, gradient_norm, rules.tol)
    if rules.iters == 0:
        return StopReason("max-iterations", 0, fields=(("iters", 0),))
    return None


def _norm_function(compiled: Compiled) -> Callable:
    """‖·‖₂ of a point: math.dist from 0 for float tuples, a dot product for arrays.

    Both give nan or inf for a non-finite input and raise TypeError for a complex one.
    """
    if compiled.backend == "scalar":
        return partial(math.dist, (0.0,) * len(compiled.variables))
    return lambda values: math.sqrt(float(values.dot(values)))


def _recorder(compiled: Compiled, rows: list[tuple]):
    """``(keep, iterates)``: ``keep(row)`` records a raw (k, θ, ∇f, f) row in ``rows``, and
    ``iterates()`` gives the recorded rows as Iterates of plain floats.

    A numpy row becomes floats when it is recorded, so a point is never held as an array
    and as floats at once. A scalar row is floats already (tuples of floats, shared with
    its Iterate): it is kept as it is, with no Python-level call per row, and retyped at
    the end.
    """
    if compiled.backend == "numpy":
        append = rows.append

        def keep(row):
            k, theta, gradient, value = row
            append(Iterate(k, tuple(theta.tolist()), tuple(gradient.tolist()), float(value)))

        return keep, lambda: tuple(rows)
    if compiled.float_valued:  # only retype the tuples (tuple.__new__ skips a Python call)
        return rows.append, lambda: tuple(map(partial(tuple.__new__, Iterate), rows))
    return rows.append, lambda: tuple(Iterate(k, t, tuple(map(float, g)), float(f)) for k, t, g, f in rows)


def _is_overflow(error: BaseException) -> bool:
    return isinstance(error, OverflowError) or (
        isinstance(error, FloatingPointError) and "overflow" in str(error))


def _show(compiled: Compiled, point) -> str:
    return "(" + ", ".join(f"{c:.10g}" for c in compiled.floats(point)) + ")"


def _undefined(k, point, error, compiled: Compiled, traced: Callable[[StopReason], Trace]) -> EvaluationError:
    """The EvaluationError for a point where f or ∇f is undefined; the run so far, as
    ``traced`` makes it with that stop, rides along as ``error.trace``."""
    from symgrad.compile import describe_failure

    where = Message.of("descent.where.start") if k == 0 else Message.of("descent.where.iteration", k=k)
    failure = EvaluationError.from_phrase("descent.error.undefined", where=where, names=", ".join(compiled.names),
                                          point=_show(compiled, point), reason=describe_failure(error))
    failure.trace = traced(StopReason("undefined", k, fields=(("point", compiled.floats(point)),)))
    failure.k = k
    return failure
