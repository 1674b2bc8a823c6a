"""The epochs of a fit: batch gradient descent, mini-batch and SGD with any optimizer, or Newton.

One epoch is one pass over the data in batches of ``batch_size`` rows (all rows: batch
GD, one step per epoch; one row: SGD, n steps; in between: mini-batch), in a fresh
random order each epoch with ``shuffle``. Each step takes the mean gradient of its batch
(one vectorised pass, :mod:`symgrad.regression.models`) and hands it to the optimizer's
generated step (:mod:`symgrad.optim.base`, the same ``(init, update)`` pairs ``descend``
uses). After every epoch the loss and ‖∇J‖ on the whole data set decide the lecture's
stopping rules (:mod:`symgrad.optim.run`): ‖∇J‖ < tol, no change for ``patience`` epochs,
the epoch limit, or divergence (‖θ‖ past the bound, a value not finite).

``newton`` steps θ ← θ − lr·H⁻¹∇J with the exact Hessian of the batch. H of these losses
is positive semi-definite; where it is singular (collinear features, or separable data
where p(1 − p) → 0) it is damped to H + μI, and the run says so.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from symgrad.messages import Message
from symgrad.optim.alias import get_method
from symgrad.optim.run import LARGEST_FLOAT, StopRules, converged_stop, divergence_stop
from symgrad.regression import models
from symgrad.trace import StopReason

NEWTON = "newton"
NEWTON_DEFAULTS = {"lr": 1.0}
SINGULAR = 1e-10
"""H counts as singular when its smallest eigenvalue is below this share of its largest."""


class Epoch(NamedTuple):
    """One row of a fit's table: after ``epoch`` passes, θ, ‖∇J(θ)‖ and J(θ) on all the data."""

    epoch: int
    theta: tuple[float, ...]
    gradient_norm: float
    loss: float

    def to_dict(self) -> dict:
        return {"epoch": self.epoch, "theta": list(self.theta), "gradient_norm": self.gradient_norm, "loss": self.loss}


class RunResult(NamedTuple):
    rows: tuple[Epoch, ...]
    steps: int
    step_losses: tuple[float, ...]
    stopped: StopReason
    notes: tuple[Message, ...]
    theta: np.ndarray


def method_hyperparameters(method: str, given: dict) -> dict:
    """The method's hyperparameters with ``given`` overriding the defaults (checked)."""
    if method == NEWTON:
        values = dict(NEWTON_DEFAULTS)
        for name, value in given.items():
            if value is None:
                continue
            if name not in values:
                from symgrad.errors import SymgradError

                raise SymgradError.from_phrase("descent.error.not_for_method", option=f"--{name}", method=method,
                                               options="--lr")
            values[name] = value
        from symgrad.optim.alias import _check_range

        _check_range("lr", values["lr"])
        return values
    return get_method(method).hyperparameters(given)


def newton_step(model, theta, A, y, l2, mask, gradient, lr):
    """θ − lr·(H + μI)⁻¹∇J, μ = 0 unless H is singular; returns (θ, μ)."""
    H = models.hessian(model, theta, A, y, l2, mask)
    eigenvalues = np.linalg.eigvalsh(H)
    largest = max(float(eigenvalues[-1]), 0.0)
    damping = 0.0
    if not eigenvalues[0] > SINGULAR * largest or largest == 0.0:
        damping = max(SINGULAR * largest, 1e-12) - min(float(eigenvalues[0]), 0.0)
        H = H + damping * np.eye(len(theta))
    return theta - lr * np.linalg.solve(H, gradient), damping


def run_epochs(model: str, A: np.ndarray, y: np.ndarray, l2: float, mask: np.ndarray, method: str,
               hyperparameters: dict, batch_size: int, rules: StopRules, shuffle: bool, seed: int | None,
               record_steps: bool = False) -> RunResult:
    """Fit from θ = 0 (see the module docstring); ``rules.iters`` is the number of epochs.

    ``A`` holds the features (the intercept's column of ones is implicit: θ has one entry
    more than ``A`` has columns, and ``mask`` leaves it out of the penalty)."""
    n = A.shape[0]
    theta = np.zeros(mask.shape[0])
    rng = np.random.default_rng(seed)
    full = models.loss_and_gradient
    notes: list[Message] = []
    rows: list[Epoch] = []
    step_losses: list[float] = []
    every = rules.record_every

    def norm(vector) -> float:
        return math.sqrt(float(vector @ vector))

    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        value, gradient = full(model, theta, A, y, l2, mask)
        rows.append(Epoch(0, tuple(theta.tolist()), norm(gradient), value))
        if norm(gradient) < rules.tol:
            return RunResult(tuple(rows), 0, (), converged_stop(0, norm(gradient), rules.tol), (), theta)
        newton = method == NEWTON
        if not newton:
            compiled = get_method(method)(**hyperparameters).specialise(theta)
            step, look_ahead, state = compiled.step, compiled.gradient_point, compiled.init(theta)
        lr = hyperparameters.get("lr", 1.0)
        whole = batch_size >= n
        steps = 0
        damped_at = None
        unchanged = 0
        stop = None
        for epoch in range(1, rules.iters + 1):
            if whole:
                batches = ((A, y, value, gradient),)
            else:
                order = rng.permutation(n) if shuffle else None
                batches = _batches(A, y, batch_size, order)
            for Ab, yb, known_loss, known_gradient in batches:
                if newton:
                    if known_gradient is None:
                        known_loss, known_gradient = full(model, theta, Ab, yb, l2, mask)
                    theta, damping = newton_step(model, theta, Ab, yb, l2, mask, known_gradient, lr)
                    if damping and damped_at is None:
                        damped_at = (epoch, damping)
                else:
                    if look_ahead is not None:
                        known_loss, known_gradient = full(model, look_ahead(theta, state), Ab, yb, l2, mask,
                                                          record_steps)
                    elif known_gradient is None:
                        known_loss, known_gradient = full(model, theta, Ab, yb, l2, mask, record_steps)
                    theta, state = step(theta, known_gradient, state)
                steps += 1
                if record_steps:
                    step_losses.append(known_loss)
            previous = value
            value, gradient = full(model, theta, A, y, l2, mask)
            gradient_norm = norm(gradient)
            if epoch % every == 0 or epoch == rules.iters:
                rows.append(Epoch(epoch, tuple(theta.tolist()), gradient_norm, value))
            if not (math.isfinite(value) and gradient_norm <= LARGEST_FLOAT) or not norm(theta) <= rules.bound:
                stop = divergence_stop(epoch, value if gradient_norm <= LARGEST_FLOAT else math.nan, rules.bound)
            elif gradient_norm < rules.tol:
                stop = converged_stop(epoch, gradient_norm, rules.tol)
            elif rules.patience is not None:
                unchanged = unchanged + 1 if abs(value - previous) <= rules.min_delta else 0
                if unchanged >= rules.patience:
                    stop = StopReason("no-change", epoch, fields=(("min_delta", rules.min_delta),
                                                                   ("patience", rules.patience)))
            if stop is not None:
                if rows[-1].epoch != epoch:
                    rows.append(Epoch(epoch, tuple(theta.tolist()), gradient_norm, value))
                break
        else:
            stop = StopReason("max-iterations", rules.iters, "epochs", (("iters", rules.iters),))
    if damped_at is not None:
        notes.append(Message.of("fit.note.newton_damped", epoch=damped_at[0], damping=float(damped_at[1])))
    return RunResult(tuple(rows), steps, tuple(step_losses), stop, tuple(notes), theta)


def _batches(A, y, size: int, order):
    """(A_b, y_b, None, None) per batch of ``size`` rows, in ``order`` (None: as stored).

    Without shuffling a batch is a view (no copy); with it, one gather per batch."""
    n = A.shape[0]
    if order is not None and size == 1:  # SGD: a one-row slice is a view, no gather
        for i in order.tolist():
            yield A[i:i + 1], y[i:i + 1], None, None
        return
    for start in range(0, n, size):
        if order is None:
            yield A[start:start + size], y[start:start + size], None, None
        else:
            index = order[start:start + size]
            yield A[index], y[index], None, None
