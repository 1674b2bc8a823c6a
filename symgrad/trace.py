"""The record of a descent: every iterate θₖ with ∇f(θₖ) and f(θₖ), and why it stopped.

``Trace.to_dict()`` is the JSON the CLI prints, field for field:
``{method, hyperparameters, variables, iterations: [{k, theta, gradient, value}],
stopped: {reason, k}}`` with full float precision.

Why a run stopped is data, not a sentence: a :class:`StopReason` holds the reason, the
iteration, a ``cause`` refining the reason and the numbers behind it; the renderers
turn ``key`` and ``fields`` into words through the phrase catalogue, in any language.
A Trace renders itself (:func:`~symgrad.display.displayable`) as text, LaTeX,
Markdown or HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Mapping, NamedTuple

from symgrad.display import displayable

if TYPE_CHECKING:
    from symgrad.parse import Problem

STOP_REASONS = {
    "converged": "‖∇f‖ fell below the tolerance",
    "no-change": "f changed by at most min-delta for `patience` iterations in a row",
    "max-iterations": "the maximum number of iterations was reached",
    "diverged": "θ or f left the finite range or grew past the bound",
    "undefined": "f or ∇f is undefined at the point reached (a domain error)",
    "hessian": "Newton's method was told to refuse a singular or not positive definite ∇²f (--refuse)",
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

    ``cause`` refines the reason where it has several (``diverged``: ``overflow``,
    ``not-finite``, ``bound``); ``fields`` are the numbers the explanation names
    (``gradient_norm`` and ``tol``, ``iters``, ...). Only ``reason`` and ``k`` are JSON;
    ``key`` (``stop.<reason>[.<cause>]``) and ``fields`` are a phrase of the catalogue,
    as :func:`symgrad.phrases.note_phrase` reads it.

    >>> StopReason("max-iterations", 2, fields=(("iters", 2),)).key
    'stop.max-iterations'
    >>> StopReason("diverged", 4, "overflow").key
    'stop.diverged.overflow'
    """

    reason: str
    k: int
    cause: str = ""
    fields: tuple[tuple[str, object], ...] = ()

    @property
    def key(self) -> str:
        """The phrase key of the explanation."""
        return f"stop.{self.reason}" + (f".{self.cause}" if self.cause else "")

    def to_dict(self) -> dict:
        return {"reason": self.reason, "k": self.k}


@displayable
@dataclass(frozen=True)
class Trace:
    """A whole run: the method, its hyperparameters, the variables, the iterates, the stop.

    ``problem`` is the function descended, when the run started from text (it is shown
    by the document formats and the plots, and is not part of the JSON). ``notes`` are
    what the method has to say about the run (Newton's damped steps), as messages; JSON
    lists them under "notes" when there are any.
    """

    method: str
    hyperparameters: Mapping[str, float | bool]
    variables: tuple[str, ...]
    iterations: tuple[Iterate, ...]
    stopped: StopReason
    problem: "Problem | None" = field(default=None, compare=False)
    notes: tuple = ()

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
            **({"notes": [note.to_dict() for note in self.notes]} if self.notes else {}),
        }
