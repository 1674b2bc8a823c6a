"""A learning-rate sweep (LECTURE.md §6: "try powers of ten"): one run per rate, classified.

Each run ends in one outcome:

``converged``
    the tolerance rule fired (‖∇f‖ < tol), or f stopped changing (``no-change``)
    while the steps were not flipping back and forth;
``oscillated``
    the run stayed bounded but did not converge, and its steps flip direction: of the
    last :data:`OSCILLATION_WINDOW` steps dₖ = θₖ − θₖ₋₁ (or all, if fewer), at least
    :data:`OSCILLATION_SHARE` of consecutive pairs point against each other
    (dₖ · dₖ₋₁ < 0). A rate just below the stability limit 2/L of a quadratic makes
    such a zigzag; a rate that lands on a 2-cycle keeps it forever;
``diverged``
    the run stopped as diverged (non-finite values, overflow, ‖θ‖ past the bound) or
    left the domain of f (a domain error after the start);
``slow``
    the iteration limit came first while the steps still went one way: the rate is too
    small for the budget.

Each run also says why, as data: a :class:`~symgrad.walkthrough.Note` (phrase key and
fields) that the renderers put into words in any language.

And each run is explained by the Hessian (:mod:`symgrad.curvature`): damped Newton
(:func:`~symgrad.optim.newton.nearest_minimum`) finds the minimum the run reached or was
heading for (from its last iterate; from the start when it diverged), and the
eigenvalues of ∇²f there give the method's stability bound (plain GD: lr < 2/λmax)
and the factor by which one step shrinks the error. A :class:`Stability` says whether
the rate was above the bound (oscillated or diverged), just below it, below it, or far
below it (slow).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import partial
from types import MappingProxyType
from typing import TYPE_CHECKING, Mapping, Sequence

from symgrad.compile import Compiled
from symgrad.curvature import (Curvature, bound_formula, error_factor, iterations_per_digit, relation,
                               stability_bound)
from symgrad.errors import EvaluationError, SymgradError
from symgrad.limits import within
from symgrad.optim.alias import get_method
from symgrad.optim.newton import nearest_minimum
from symgrad.optim.run import StopRules, run
from symgrad.display import displayable
from symgrad.trace import StopReason, Trace
from symgrad.messages import Message as Note

if TYPE_CHECKING:
    from symgrad.parse import Problem

STABILITY_SECONDS = 5.0
"""The bound on explaining one run by the Hessian (compiling ∇²f, damped Newton to the minimum)."""

_TIMED_OUT = object()

STABILITY_MAX_VARIABLES = 20
"""Beyond this many variables a sweep does not explain its runs by the Hessian (n² entries
to compile and an n×n eigenproblem per run); each run says so instead."""

OSCILLATION_WINDOW = 50
OSCILLATION_SHARE = 2 / 3
OUTCOMES = ("converged", "oscillated", "diverged", "slow", "refused")
"""``refused``: Newton's method with ``refuse`` met a Hessian it would not invert."""


@dataclass(frozen=True)
class Stability:
    """The Hessian at the minimum a run went for, against the run's learning rate.

    ``where`` is "reached" (the run converged there), "approached" (found from the run's
    last iterate) or "start" (found from the start, for a run that diverged);
    ``bound`` is the method's largest stable rate there (None for the adaptive methods),
    ``gd_bound`` plain GD's 2/λmax, ``factor`` the asymptotic error factor per step at
    this rate, ``relation`` one of :func:`symgrad.curvature.relation`'s answers.
    """

    where: str
    minimum: tuple[float, ...]
    value: float
    curvature: Curvature
    bound: float | None
    gd_bound: float | None
    factor: float | None
    relation: str

    def to_dict(self) -> dict:
        return {"where": self.where, "minimum": list(self.minimum), "value": self.value,
                "hessian_eigenvalues": list(self.curvature.eigenvalues),
                "condition_number": self.curvature.condition_number, "lr_bound": self.bound,
                "gd_lr_bound": self.gd_bound, "error_factor": self.factor, "relation": self.relation}


@dataclass(frozen=True)
class SweepRun:
    """One learning rate's run: the final iterate, iterations used, the outcome and why."""

    lr: float
    theta: tuple[float, ...]
    value: float
    iterations: int
    outcome: str
    why: Note
    trace: Trace
    stability: Stability | None = None
    because: Note | None = None  # the stability in words (or that no minimum was found)

    def to_dict(self) -> dict:
        return {"lr": self.lr, "theta": list(self.theta), "value": self.value,
                "iterations": self.iterations, "outcome": self.outcome,
                "stability": None if self.stability is None else self.stability.to_dict()}


@displayable
@dataclass(frozen=True)
class Sweep:
    """Runs of one method from one start, one per learning rate (``problem``: see Trace)."""

    method: str
    hyperparameters: Mapping[str, float | bool]  # everything but lr
    variables: tuple[str, ...]
    start: tuple[float, ...]
    runs: tuple[SweepRun, ...]
    problem: "Problem | None" = field(default=None, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "hyperparameters", MappingProxyType(dict(self.hyperparameters)))

    def to_dict(self) -> dict:
        return {"method": self.method, "hyperparameters": dict(self.hyperparameters),
                "variables": list(self.variables), "start": list(self.start),
                "runs": [r.to_dict() for r in self.runs]}


def sweep_compiled(
    compiled: Compiled,
    start: Sequence[float],
    method: str,
    rates: Sequence[float],
    rules: StopRules = StopRules(),
    problem: Problem | None = None,
    **hyperparameters: float | bool | None,
) -> Sweep:
    """Run ``method`` from ``start`` once per learning rate in ``rates`` and classify each run
    (``problem``, the function as read, goes into the sweep and each trace)."""
    if not rates:
        raise SymgradError.from_phrase("descent.error.no_rates")
    if hyperparameters.get("lr") is not None:
        raise SymgradError.from_phrase("descent.error.lr_in_sweep")
    chosen = get_method(method)
    runs = []
    values = {}
    minima: dict = {}
    timed_out = False
    for lr in rates:
        values = chosen.hyperparameters({**hyperparameters, "lr": lr})
        try:
            trace = run(compiled, chosen(**values), start, rules, method=method, hyperparameters=values,
                        problem=problem)
        except EvaluationError as error:
            trace = getattr(error, "trace", None)
            if trace is None or len(trace.iterations) == 0 or error.k == 0:
                raise
            outcome, why = "diverged", Note("sweep.left_domain", (("k", error.k),))
        else:
            outcome, why = classify(trace)
        if len(compiled.variables) > STABILITY_MAX_VARIABLES:
            because = Note("sweep.stability.too_many", (("count", STABILITY_MAX_VARIABLES),))
            runs.append(_summary(lr, trace, outcome, why, None, because))
            continue
        if not timed_out:
            found = within(STABILITY_SECONDS, partial(stability_of, compiled, start, trace, outcome, method, values,
                                                      rules.bound, minima), _TIMED_OUT, "stability")
            timed_out = found is _TIMED_OUT
        if timed_out:  # the Hessian is too costly to compile or evaluate: the later runs skip it too
            because = Note("sweep.stability.timeout", (("seconds", STABILITY_SECONDS),))
            runs.append(_summary(lr, trace, outcome, why, None, because))
            continue
        runs.append(_summary(lr, trace, outcome, why, found, stability_note(found, method, values)))
    others = {name: value for name, value in values.items() if name != "lr"}
    return Sweep(method, others, compiled.names, tuple(float(c) for c in start), tuple(runs), problem)


def _summary(lr: float, trace: Trace, outcome: str, why: Note, stability=None, because=None) -> SweepRun:
    final = trace.final
    return SweepRun(lr, final.theta, final.value, final.k, outcome, why, trace, stability, because)


def stability_of(compiled: Compiled, start, trace: Trace, outcome: str, method: str,
                 values: Mapping[str, float | bool], bound: float = 1e12, minima: dict | None = None) -> Stability | None:
    """The Hessian's verdict on one run (see :class:`Stability`); None when no minimum is found.

    ``minima`` caches the minimum found from each point (runs that end at one point share it).
    """
    maximize = bool(values.get("maximize"))
    if outcome == "diverged" or trace.stopped.reason == "hessian":
        where, origin = "start", tuple(float(c) for c in start)
    else:
        where, origin = ("reached" if outcome == "converged" else "approached"), trace.final.theta
    cache = {} if minima is None else minima
    if origin not in cache:
        cache[origin] = nearest_minimum(compiled, origin, maximize=maximize, bound=bound)
    found = cache[origin]
    if found is None:
        return None
    point, value, curvature = found
    lr = float(values["lr"])
    top = stability_bound(method, values, curvature)
    signed = curvature.flipped() if maximize else curvature
    return Stability(where, point, value, curvature, top, signed.lr_bound, error_factor(method, values, curvature, lr),
                     relation(lr, top))


def stability_note(stability: Stability | None, method: str, values: Mapping[str, float | bool]) -> Note:
    """The stability in words, as a phrase key and fields (``sweep.stability.<relation>``)."""
    if stability is None:
        return Note("sweep.stability.none")
    extreme = "maximum" if values.get("maximize") else "minimum"
    fields = [("where", Note(f"sweep.where.{stability.where}.{extreme}")), ("point", stability.minimum),
              ("eigenvalues", stability.curvature.eigenvalues), ("lr", float(values["lr"]))]
    if method == "newton":
        return Note("sweep.stability.newton", tuple(fields + [("factor", stability.factor)]))
    if stability.bound is None:
        return Note("sweep.stability.no-bound", tuple(fields + [("method", Note(f"method.{method}")),
                                                                ("bound", stability.gd_bound)]))
    per_digit = iterations_per_digit(stability.factor)
    fields += [("name", bound_formula(method, values)), ("bound", stability.bound), ("factor", stability.factor),
               ("per_digit", 1 if per_digit is None else max(1, math.ceil(per_digit)))]
    return Note(f"sweep.stability.{stability.relation}", tuple(fields))


def _stop_note(stop: StopReason) -> Note:
    """Why a run stopped, as the note of its sweep line (with the iteration k)."""
    return Note(stop.key, (("k", stop.k),) + stop.fields)


def classify(trace: Trace) -> tuple[str, Note]:
    """The outcome of a run (see the module docstring) and why, as a phrase key and fields."""
    reason = trace.stopped.reason
    if reason in ("diverged", "undefined"):
        return "diverged", _stop_note(trace.stopped)
    if reason == "hessian":
        return "refused", _stop_note(trace.stopped)
    share = flip_share(trace)
    flipping = share is not None and share >= OSCILLATION_SHARE
    if reason == "converged":
        return "converged", _stop_note(trace.stopped)
    if flipping:
        return "oscillated", Note("sweep.oscillated", (("percent", round(100 * share)),))
    if reason == "no-change":
        return "converged", _stop_note(trace.stopped)
    return "slow", Note("sweep.slow")


def flip_share(trace: Trace) -> float | None:
    """The share of consecutive step pairs, among the last ones, that point against each other.

    None when the trace has fewer than three recorded iterates, or only zero steps.
    """
    rows = trace.iterations[-(OSCILLATION_WINDOW + 2):]
    steps = [tuple(b - a for a, b in zip(p.theta, q.theta)) for p, q in zip(rows, rows[1:])]
    pairs = [sum(x * y for x, y in zip(d, e)) for d, e in zip(steps, steps[1:])]
    pairs = [p for p in pairs if p != 0]
    if not pairs:
        return None
    return sum(p < 0 for p in pairs) / len(pairs)
