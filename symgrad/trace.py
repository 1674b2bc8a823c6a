"""The record of a descent: every iterate θₖ with ∇f(θₖ) and f(θₖ), and why it stopped.

``Trace.to_dict()`` is the JSON the CLI prints, field for field:
``{method, hyperparameters, variables, iterations: [{k, theta, gradient, value}],
stopped: {reason, k}}`` with full float precision.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping, NamedTuple

STOP_REASONS = {
    "converged": "‖∇f‖ fell below the tolerance",
    "no-change": "f changed by at most min-delta for `patience` iterations in a row",
    "max-iterations": "the maximum number of iterations was reached",
    "diverged": "θ or f left the finite range or grew past the bound",
    "undefined": "f or ∇f is undefined at the point reached (a domain error)",
}
"""Why a run stops, each reason with what it means."""


class Iterate(NamedTuple):
    """One row of a trace: θₖ, ∇f(θₖ) and f(θₖ).

    A NamedTuple (immutable, like a frozen dataclass) because a run makes one per
    iteration, up to millions, and a tuple is several times cheaper to create.
    """

    k: int
    theta: tuple[float, ...]
    gradient: tuple[float, ...]
    value: float

    def to_dict(self) -> dict:
        return {"k": self.k, "theta": list(self.theta), "gradient": list(self.gradient), "value": self.value}


@dataclass(frozen=True)
class StopReason:
    """Why the run stopped (one of :data:`STOP_REASONS`) at iteration ``k``.

    ``detail`` is the sentence shown to a student; it is not part of the JSON.
    """

    reason: str
    k: int
    detail: str = ""

    def to_dict(self) -> dict:
        return {"reason": self.reason, "k": self.k}


@dataclass(frozen=True)
class Trace:
    """A whole run: the method, its hyperparameters, the variables, the iterates, the stop."""

    method: str
    hyperparameters: Mapping[str, float | bool]
    variables: tuple[str, ...]
    iterations: tuple[Iterate, ...]
    stopped: StopReason

    def __post_init__(self) -> None:
        object.__setattr__(self, "hyperparameters", MappingProxyType(dict(self.hyperparameters)))

    @property
    def final(self) -> Iterate:
        """The last iterate."""
        return self.iterations[-1]

    def to_dict(self) -> dict:
        return {
            "method": self.method,
            "hyperparameters": dict(self.hyperparameters),
            "variables": list(self.variables),
            "iterations": [row.to_dict() for row in self.iterations],
            "stopped": self.stopped.to_dict(),
        }
