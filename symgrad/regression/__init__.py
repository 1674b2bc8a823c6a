"""Fitting the lectures' regression models to data: the derivation, the run and the Hessian.

:func:`fit` takes a CSV file (or arrays, or a :class:`~symgrad.regression.data.Dataset`),
derives the gradient of the loss step by step (:mod:`symgrad.regression.derivation`),
descends it over the data in batches (:mod:`symgrad.regression.run`: batch GD,
mini-batch, SGD with any of ``descend``'s optimizers, or Newton) and reports, at the
solution, the Hessian's eigenvalues, its condition number and the plain-GD stability
bound lr < 2/λmax (:class:`HessianReport`). The result, a :class:`Fit`, has ``to_dict()``
and renders itself in every format and language.

Linear regression on y = 1 + 2x (three points on a line; θ = (intercept, slope)):

>>> result = fit("linear", ([[0], [1], [2]], [1, 3, 5]), lr=0.5, epochs=500)
>>> [round(t, 6) for t in result.theta]
[1.0, 2.0]
>>> result.stopped.reason
'converged'
>>> round(result.curvature.bound, 6)     # 2/λmax of H = (1/n)AᵀA = [[1, 1], [1, 5/3]]
0.837722
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Mapping, Sequence

import numpy as np

from symgrad.curvature import Curvature
from symgrad.display import displayable
from symgrad.errors import SymgradError
from symgrad.messages import Message
from symgrad.optim.run import StopRules
from symgrad.regression import models
from symgrad.regression.data import Dataset, check_for_model, from_arrays, read_csv
from symgrad.regression.derivation import Derivation, derive
from symgrad.regression.run import NEWTON, Epoch, method_hyperparameters, run_epochs
from symgrad.trace import StopReason

SINGULAR_CONDITION = 1e12
"""A Hessian whose condition number reaches this is singular for the report (a flat direction)."""

SLOW_FACTOR = 0.999
"""A plain-GD step that shrinks the error along some direction by less than this is slow."""


@dataclass(frozen=True)
class HessianReport:
    """The Hessian ∇²J at the solution, as a :class:`symgrad.curvature.Curvature` (its
    eigenvalues), with the learning rate it is compared with and ``verdict`` (stable, slow,
    above, newton or not-gd) whose numbers are in ``message``."""

    curvature: Curvature
    lr: float
    verdict: str
    message: Message

    @property
    def eigenvalues(self) -> tuple[float, ...]:
        return self.curvature.eigenvalues

    @property
    def condition(self) -> float:
        """κ = λmax/λmin; ∞ where a direction is flat (λmin ≤ λmax/SINGULAR_CONDITION)."""
        largest, smallest = self.eigenvalues[-1], self.eigenvalues[0]
        return largest / smallest if smallest > largest / SINGULAR_CONDITION else math.inf

    @property
    def bound(self) -> float:
        """2/λmax, the plain-GD bound (also where a flat direction makes H singular)."""
        largest = self.eigenvalues[-1]
        return 2.0 / largest if largest > 0 else math.inf

    @property
    def factor(self) -> float:
        """Plain GD's error factor per step at ``lr`` (:meth:`Curvature.factor`)."""
        return self.curvature.factor(self.lr) if all(math.isfinite(e) for e in self.eigenvalues) else math.nan

    def to_dict(self) -> dict:
        return {"eigenvalues": list(self.eigenvalues), "condition_number": self.condition,
                "lr_bound": self.bound, "lr": self.lr, "contraction": self.factor, "verdict": self.verdict}


@displayable
@dataclass(frozen=True)
class Fit:
    """A fit of ``model`` to ``data``: the derivation, each recorded epoch, θ, the stop and the Hessian.

    ``parameters`` names the entries of θ (the intercept first when there is one);
    ``step_losses`` (the batch loss of every step) are kept only when asked for (a plot).
    """

    model: str
    data: Dataset
    intercept: bool
    l2: float
    standardized: bool
    method: str
    hyperparameters: Mapping[str, float | bool]
    batch_size: int
    shuffle: bool
    seed: int | None
    parameters: tuple[str, ...]
    epochs: tuple[Epoch, ...]
    steps: int
    stopped: StopReason
    theta: tuple[float, ...]
    curvature: HessianReport
    derivation: Derivation
    notes: tuple[Message, ...] = ()
    step_losses: tuple[float, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "hyperparameters", MappingProxyType(dict(self.hyperparameters)))

    @property
    def final(self) -> Epoch:
        return self.epochs[-1]

    @property
    def batch_kind(self) -> str:
        """batch, mini-batch or sgd."""
        if self.batch_size >= self.data.rows:
            return "batch"
        return "sgd" if self.batch_size == 1 else "mini-batch"

    def to_dict(self) -> dict:
        return {
            "model": self.model, "data": self.data.to_dict(), "intercept": self.intercept, "l2": self.l2,
            "standardized": self.standardized, "method": self.method, "hyperparameters": dict(self.hyperparameters),
            "batch_size": self.batch_size, "batch": self.batch_kind, "shuffle": self.shuffle, "seed": self.seed,
            "parameters": list(self.parameters), "theta": list(self.theta), "steps": self.steps,
            "epochs": [row.to_dict() for row in self.epochs], "stopped": self.stopped.to_dict(),
            "hessian": self.curvature.to_dict(), "derivation": self.derivation.to_dict(),
            "notes": [note.to_dict() for note in self.notes],
        }


def as_dataset(data, target: str | None = None, features: Sequence[str] | None = None) -> Dataset:
    """``data`` as a Dataset: a Dataset as it is, a CSV path (with ``target``), or (X, y) arrays."""
    if isinstance(data, Dataset):
        return data
    if isinstance(data, (tuple, list)) and len(data) == 2:
        return from_arrays(data[0], data[1], features, target or "y")
    if isinstance(data, str) or hasattr(data, "__fspath__"):
        if not target:
            raise SymgradError.from_phrase("fit.error.no_target")
        return read_csv(data, target, features)
    raise SymgradError.from_phrase("fit.error.data_kind", kind=type(data).__name__)


def batch_size_of(batch_size, rows: int) -> int:
    """A batch size as rows: a whole number ≥ 1 (at most all rows), or "all"."""
    if batch_size is None or batch_size == "all":
        return rows
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise SymgradError.from_phrase("fit.error.batch_size", given=repr(batch_size))
    return min(batch_size, rows)


def fit(
    model: str,
    data,
    target: str | None = None,
    features: Sequence[str] | None = None,
    *,
    intercept: bool = True,
    l2: float = 0.0,
    standardize: bool = False,
    method: str = "gd",
    batch_size: int | str | None = None,
    epochs: int = 1000,
    shuffle: bool = True,
    seed: int | None = 0,
    tol: float = 1e-8,
    patience: int | None = None,
    min_delta: float = 0.0,
    bound: float = 1e12,
    every: int = 1,
    record_steps: bool = False,
    **hyperparameters: float | bool | None,
) -> Fit:
    """Fit ``model`` ("linear" or "logistic") to ``data`` by descending the mean loss from θ = 0.

    ``data`` is a CSV path (``target`` names the column to predict, ``features`` the
    columns to predict it from, default all others), a pair (X, y) of array-likes, or a
    Dataset. ``intercept`` adds θ₀; ``l2`` = λ adds (λ/2)‖θ̃‖² (not on θ₀);
    ``standardize`` rescales every feature to mean 0 and standard deviation 1 first (θ
    is then in those units). ``method`` is one of descend's optimizers or "newton";
    ``hyperparameters`` (lr, momentum, …) as in :func:`symgrad.descend`. ``batch_size``
    rows per step (None or "all": batch GD; 1: SGD), ``epochs`` passes, each in a new
    order drawn with ``seed`` when ``shuffle``; the stop rules (tol on ‖∇J‖ over all
    the data, patience/min_delta on the epoch loss, bound on ‖θ‖) are checked after
    every epoch; ``every`` keeps every k-th epoch's row (first and last always).
    """
    if model not in models.MODELS:
        raise SymgradError.from_phrase("fit.error.unknown_model", given=repr(model), models=", ".join(models.MODELS))
    dataset = as_dataset(data, target, features)
    check_for_model(dataset, model)
    if not (isinstance(l2, (int, float)) and not isinstance(l2, bool) and math.isfinite(l2) and l2 >= 0):
        raise SymgradError.from_phrase("descent.error.out_of_range", option="--l2",
                                       words=Message.of("descent.range.at_least_zero"), given=repr(l2))
    l2 = float(l2)
    rules = StopRules(iters=epochs, tol=tol, patience=patience, min_delta=min_delta, bound=bound, record_every=every)
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**32):
        raise SymgradError.from_phrase("descent.error.seed", largest=2**32 - 1, given=repr(seed))
    values = method_hyperparameters(method, hyperparameters)
    size = batch_size_of(batch_size, dataset.rows)
    X = dataset.X
    if standardize:
        X = (X - X.mean(axis=0)) / X.std(axis=0)
    X = np.ascontiguousarray(X, dtype=np.float64)
    mask = models.penalty_mask(X.shape[1] + intercept, intercept)
    outcome = run_epochs(model, X, dataset.y, l2, mask, method, values, size, rules, shuffle, seed, record_steps)
    notes = list(outcome.notes)
    stopped = outcome.stopped
    if model == "logistic" and not l2 and _separates(outcome.theta, X, dataset.y, intercept):
        # the gradient vanishes only as ‖θ‖ → ∞: whatever stopped the run, there is no minimum
        notes.append(Message.of("fit.note.separable"))
        stopped = StopReason("separable", stopped.k, fields=(("norm", float(np.linalg.norm(outcome.theta))),))
    if standardize:
        notes.append(Message.of("fit.note.standardized"))
    curvature = _curvature(model, outcome.theta, X, dataset.y, l2, mask, method, values)
    if not curvature.condition < SINGULAR_CONDITION:
        notes.append(Message.of("fit.note.singular_hessian"))
    names = (("intercept",) if intercept else ()) + dataset.features
    return Fit(model, dataset, intercept, l2, standardize, method, values, size, shuffle, seed, names,
               outcome.rows, outcome.steps, stopped, tuple(outcome.theta.tolist()), curvature,
               derive(model, intercept, l2), tuple(notes), outcome.step_losses)


def _separates(theta: np.ndarray, X: np.ndarray, y: np.ndarray, intercept: bool) -> bool:
    """Whether θ classifies every row correctly (every margin (2y − 1)·θᵀa > 0): then the
    logistic loss keeps falling as θ grows along it, and has no finite minimiser."""
    with np.errstate(all="ignore"):
        margins = (2 * y - 1) * models.scores(theta, X, intercept)
    return bool(np.all(margins > 0))


def _curvature(model, theta, A, y, l2, mask, method, values) -> HessianReport:
    """The Hessian at θ and what it says about plain GD with the run's learning rate."""
    with np.errstate(all="ignore"):
        H = models.hessian(model, theta, A, y, l2, mask)
    eigenvalues = np.linalg.eigvalsh(H) if np.isfinite(H).all() else np.full(len(theta), np.nan)
    lr = float(values.get("lr", 1.0))
    report = HessianReport(Curvature(tuple(eigenvalues.tolist())), lr, "", Message.of("fit.hessian.stable"))
    condition, bound, factor = report.condition, report.bound, report.factor
    best = (condition - 1) / (condition + 1) if math.isfinite(condition) else 1.0
    fields = {"lr": lr, "bound": bound, "factor": factor, "condition": condition, "best": best}
    if method == NEWTON:
        verdict = "newton"
    elif method != "gd":
        verdict = "not-gd"
    elif not lr < bound:
        verdict = "above"
    elif factor > SLOW_FACTOR:
        verdict = "slow"
        fields["tenfold"] = math.ceil(math.log(10) / -math.log(factor)) if factor < 1 else math.inf
    else:
        verdict = "stable"
    return replace(report, verdict=verdict, message=Message.of(f"fit.hessian.{verdict}", **fields))


__all__ = ["Dataset", "Fit", "HessianReport", "as_dataset", "fit"]
