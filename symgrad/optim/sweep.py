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
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Mapping, Sequence

from symgrad.compile import Compiled
from symgrad.errors import EvaluationError, SymgradError
from symgrad.optim.alias import get_method
from symgrad.optim.run import StopRules, run
from symgrad.display import displayable
from symgrad.trace import StopReason, Trace
from symgrad.messages import Message as Note

if TYPE_CHECKING:
    from symgrad.parse import Problem

OSCILLATION_WINDOW = 50
OSCILLATION_SHARE = 2 / 3
OUTCOMES = ("converged", "oscillated", "diverged", "slow")


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

    def to_dict(self) -> dict:
        return {"lr": self.lr, "theta": list(self.theta), "value": self.value,
                "iterations": self.iterations, "outcome": self.outcome}


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
    for lr in rates:
        values = chosen.hyperparameters({**hyperparameters, "lr": lr})
        try:
            trace = run(compiled, chosen(**values), start, rules, method=method, hyperparameters=values,
                        problem=problem)
        except EvaluationError as error:
            trace = getattr(error, "trace", None)
            if trace is None or len(trace.iterations) == 0 or error.k == 0:
                raise
            runs.append(_summary(lr, trace, "diverged", Note("sweep.left_domain", (("k", error.k),))))
            continue
        outcome, why = classify(trace)
        runs.append(_summary(lr, trace, outcome, why))
    others = {name: value for name, value in values.items() if name != "lr"}
    return Sweep(method, others, compiled.names, tuple(float(c) for c in start), tuple(runs), problem)


def _summary(lr: float, trace: Trace, outcome: str, why: Note) -> SweepRun:
    final = trace.final
    return SweepRun(lr, final.theta, final.value, final.k, outcome, why, trace)


def _stop_note(stop: StopReason) -> Note:
    """Why a run stopped, as the note of its sweep line (with the iteration k)."""
    return Note(stop.key, (("k", stop.k),) + stop.fields)


def classify(trace: Trace) -> tuple[str, Note]:
    """The outcome of a run (see the module docstring) and why, as a phrase key and fields."""
    reason = trace.stopped.reason
    if reason in ("diverged", "undefined"):
        return "diverged", _stop_note(trace.stopped)
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
