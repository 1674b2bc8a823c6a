"""Gradient descent on what a student types: text → Problem → compiled f, ∇f → a run.

:func:`descend` and :func:`sweep` are the whole glue between a function typed as text
and the optimizers of :mod:`symgrad.optim`; the command line calls them too. They
return a :class:`~symgrad.trace.Trace` and a :class:`~symgrad.optim.sweep.Sweep`, which
have ``to_dict()`` and render themselves (``to_text``, ``to_latex``, ``to_markdown``,
``to_html``; Jupyter shows them as tables).

The lecture's camelback (LECTURE.md §4), first step: Θ₁ = Θ₀ − ρ∇J(Θ₀) with
∇J(Θ₀) = (−2.5125, −2.5) and ρ = 0.01:

>>> trace = descend("(4 - 2.1θ1^2 + θ1^4/3)θ1^2 + θ1θ2 + (-4 + 4θ2^2)θ2^2", "-0.5,0.5", lr=0.01, iters=2)
>>> trace.iterations[0].gradient
(-2.5125, -2.5)
>>> trace.iterations[1].theta
(-0.474875, 0.525)
>>> trace.stopped.to_dict()
{'reason': 'max-iterations', 'k': 2}
>>> print(trace.to_text(lang="ko").splitlines()[-1])
종료: k = 2에서 최대 반복 횟수 (최대 반복 횟수 2에 도달)
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import partial
from typing import Callable, NamedTuple

import sympy

from symgrad.compile import Compiled, compile_expression, is_array
from symgrad.errors import ParseError, SymgradError
from symgrad.limits import time_limit, within
from symgrad.optim.run import StopRules, descend_compiled, gaussian_start
from symgrad.optim.sweep import (STABILITY_MAX_VARIABLES, STABILITY_SECONDS, Sweep, stability_note, stability_of,
                                 sweep_compiled)
from symgrad.parse import Problem, parse_point
from symgrad.trace import Trace
from symgrad.walkthrough import as_problem, point_from_mapping

COMPILE_SECONDS = 20
"""The bound on compiling f and ∇f (lambdify with common-subexpression elimination)."""

DEFAULT_RATES = (1e-4, 1e-3, 1e-2, 1e-1, 1.0)
"""The learning rates a sweep tries unless told otherwise: the lecture's powers of ten."""


class Setup(NamedTuple):
    """A function ready to descend: the problem, its compiled form, θ₀, and the seed θ₀ was drawn with."""

    problem: Problem
    compiled: Compiled
    start: tuple[float, ...]
    seed: int | None


def prepare(expr: str | sympy.Expr | Problem, start: str | Mapping | Sequence[float] | None = None, variables=None, seed: int | None = None) -> Setup:
    """Read ``expr`` as a Problem, compile f and ∇f, and read θ₀.

    ``expr`` is text, a SymPy expression or a Problem, read as
    :func:`symgrad.walkthrough.as_problem` reads it (text through the safe parser, never
    ``sympify``). ``start`` is a point ("-0.5,0.5" or "θ1=-0.5,θ2=0.5"), a mapping
    {name or Symbol: value} (every variable once, values as
    :func:`symgrad.parse.as_expression` reads them) or a sequence of numbers; None draws
    θ₀ from N(0, 1) with ``seed`` (a fresh random seed when that is None too; the one
    used is in the result, so the run can be repeated). Anything else is refused with a
    SymgradError.
    """
    problem = _problem(expr, variables)
    if not problem.variables:
        raise SymgradError.from_phrase("descent.error.no_variables")
    with time_limit(COMPILE_SECONDS, "compile"):
        compiled = compile_expression(problem.expr, problem.variables)
    seed = start_seed(start, seed)
    if seed is not None:
        return Setup(problem, compiled, gaussian_start(len(problem.variables), seed), seed)
    return Setup(problem, compiled, _start_point(start, problem), None)


def start_seed(start, seed: int | None = None) -> int | None:
    """The seed θ₀ is drawn with: None when ``start`` is given, else ``seed`` or a fresh one.

    The command line calls it before the run, so it can announce the seed to repeat it with.
    """
    if start is not None:
        return None
    if seed is None:
        return secrets.randbelow(2**31)
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**32:
        raise SymgradError.from_phrase("descent.error.seed", largest=2**32 - 1, given=repr(seed))
    return seed


def _problem(expr, variables) -> Problem:
    """``expr`` as a Problem (:func:`~symgrad.walkthrough.as_problem`); a SymgradError, not a
    TypeError, for what is not a function."""
    try:
        return as_problem(expr, variables)
    except TypeError as error:
        raise SymgradError(str(error)) from None


def _start_point(start, problem: Problem) -> tuple[float, ...]:
    """θ₀ as floats in the order of the variables (see :func:`prepare` for what ``start`` may be)."""
    if isinstance(start, str):
        values = parse_point(start, problem.variables)
    elif isinstance(start, Mapping):
        try:
            values = point_from_mapping(start, problem.variables)
        except TypeError as error:
            raise SymgradError(str(error)) from None
    elif not (isinstance(start, Sequence) or (is_array(start) and start.ndim == 1)):
        raise SymgradError.from_phrase("descent.error.start_kind", kind=type(start).__name__)
    else:
        values = tuple(start)
        if len(values) != len(problem.variables):
            names = ", ".join(v.name for v in problem.variables)
            raise ParseError.from_phrase("descent.error.start_count", count=len(problem.variables), names=names,
                                         given=len(values))
    return tuple(_real(value, start) for value in values)


def _real(value, start) -> float:
    text = start if isinstance(start, str) else None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ParseError.from_phrase("descent.error.start_not_real", given=value, text=text) from None
    if not math.isfinite(number):
        raise ParseError.from_phrase("descent.error.start_not_finite", given=value, text=text)
    return number


def stop_rules(iters: int = 1000, tol: float = 1e-8, patience: int | None = None, min_delta: float = 0.0,
               bound: float = 1e12, every: int = 1) -> StopRules:
    """The lecture's stopping rules (see :mod:`symgrad.optim.run`) from keyword options."""
    return StopRules(iters=iters, tol=tol, patience=patience, min_delta=min_delta, bound=bound,
                     record_every=every)


def descend(
    expr: str | sympy.Expr | Problem,
    start: str | Mapping | Sequence[float] | None = None,
    method: str = "gd",
    *,
    variables=None,
    iters: int = 1000,
    tol: float = 1e-8,
    patience: int | None = None,
    min_delta: float = 0.0,
    bound: float = 1e12,
    every: int = 1,
    seed: int | None = None,
    progress: Callable[[int], None] | None = None,
    **hyperparameters: float | bool | None,
) -> Trace:
    """Descend ``expr`` from ``start`` with ``method`` and return every iterate θₖ, ∇f(θₖ), f(θₖ).

    ``method`` is one of gd, momentum, nesterov, nesterov-lookahead, adagrad, rmsprop,
    adam, newton (the exact Hessian: :mod:`symgrad.optim.newton`); ``hyperparameters``
    (lr, momentum, dampening, beta1, beta2, alpha, eps, centered, amsgrad, refuse,
    maximize) override torch.optim's defaults. The run stops after
    ``iters`` iterations, once ‖∇f‖ < ``tol``, when f changed by at most ``min_delta``
    for ``patience`` iterations, or when it diverges (‖θ‖ > ``bound``); ``every`` keeps
    every k-th row (first and last always). Without ``start``, θ₀ is drawn from N(0, 1)
    with ``seed``; ``expr`` and ``start`` may be what :func:`prepare` takes. A point where
    f is undefined raises EvaluationError naming the iteration; the rows so far ride
    along as ``error.trace``. A run that converged gets a note (``trace.notes``) with the
    Hessian at its minimum and the method's bound there (see :func:`explained`).

    >>> trace = descend("x^2", [2], lr=0.01, iters=1)   # LECTURE.md §5, g4: 2 − 0.01·4
    >>> trace.final.theta
    (1.96,)
    >>> descend("x^2 + y^2", "x=1,y=1", method="adam", lr=0.1, iters=3).method
    'adam'
    >>> x, y = sympy.symbols("x y")
    >>> descend(x**2 + y**2, {y: 2, "x": 1}, lr=0.25, iters=1).final.theta   # θ − θ/2
    (0.5, 1.0)
    """
    setup = prepare(expr, start, variables, seed)
    rules = stop_rules(iters, tol, patience, min_delta, bound, every)
    trace = descend_compiled(setup.compiled, setup.start, method, rules, progress, setup.problem, **hyperparameters)
    return explained(setup, trace, bound)


def explained(setup: Setup, trace: Trace, bound: float = 1e12) -> Trace:
    """A converged ``trace`` with one more note: the Hessian at the minimum it reached, the
    method's bound there (plain GD: lr < 2/λmax) and how much of the error each step left,
    as a sweep says it for each rate (:func:`symgrad.optim.sweep.stability_of`); the trace
    as it is otherwise (not converged, too many variables, or no answer within
    :data:`~symgrad.optim.sweep.STABILITY_SECONDS`)."""
    if trace.stopped.reason != "converged" or len(setup.compiled.variables) > STABILITY_MAX_VARIABLES:
        return trace
    values = dict(trace.hyperparameters)
    found = within(STABILITY_SECONDS, partial(stability_of, setup.compiled, setup.start, trace, "converged",
                                              trace.method, values, bound), None, "stability")
    if found is None:
        return trace
    return replace(trace, notes=trace.notes + (stability_note(found, trace.method, values),))


def sweep(
    expr: str | sympy.Expr | Problem,
    start: str | Mapping | Sequence[float] | None = None,
    method: str = "gd",
    rates: Sequence[float] = DEFAULT_RATES,
    *,
    variables=None,
    iters: int = 1000,
    tol: float = 1e-8,
    patience: int | None = None,
    min_delta: float = 0.0,
    bound: float = 1e12,
    seed: int | None = None,
    **hyperparameters: float | bool | None,
) -> Sweep:
    """Run ``method`` once per learning rate in ``rates`` and say which converged, oscillated,
    diverged or was slow (options as in :func:`descend`), and why, by the Hessian at the
    minimum each run went for (``run.stability``: eigenvalues, the bound lr < 2/λmax for
    gd, the error factor per step; see :mod:`symgrad.optim.sweep`).

    >>> result = sweep("w^2", [1], rates=[0.1, 1, 1.5], iters=200)
    >>> [(run.lr, run.outcome) for run in result.runs]
    [(0.1, 'converged'), (1.0, 'oscillated'), (1.5, 'diverged')]
    >>> [(run.stability.bound, run.stability.relation) for run in result.runs]   # f'' = 2: lr < 2/2
    [(1.0, 'far-below'), (1.0, 'above'), (1.0, 'above')]
    """
    setup = prepare(expr, start, variables, seed)
    rules = stop_rules(iters, tol, patience, min_delta, bound)
    return sweep_compiled(setup.compiled, setup.start, method, [float(r) for r in rates], rules, setup.problem,
                          **hyperparameters)


__all__ = ["COMPILE_SECONDS", "DEFAULT_RATES", "Setup", "descend", "explained", "prepare", "start_seed", "stop_rules", "sweep"]
