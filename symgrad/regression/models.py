"""The two models of the lectures (LECTURE.md §8) as vectorised NumPy on a design matrix.

A is X with a column of ones in front when there is an intercept (θ₀ is then its
weight; the column is implicit: Aθ = Xθ̃ + θ₀, never a copy of X); the L2 penalty (λ/2)‖θ̃‖² leaves the intercept out (θ̃: θ without θ₀), as
ridge regression and scikit-learn do. symgrad minimises the *mean* loss over the rows
of a batch, J(θ) = (1/m)Σᵢ lᵢ(θ) + (λ/2)‖θ̃‖², so that one learning rate serves any
batch size; its minimiser is the minimiser of the lectures' sum Σᵢ lᵢ (for λ = 0).

- linear:   lᵢ = ½(yᵢ − θᵀaᵢ)²;  ∇J = (1/m)Aᵀ(Aθ − y) + λθ̃;  ∇²J = (1/m)AᵀA + λĨ
- logistic: pᵢ = σ(θᵀaᵢ), lᵢ = −[yᵢ ln pᵢ + (1 − yᵢ) ln(1 − pᵢ)];
            ∇J = (1/m)Aᵀ(p − y) + λθ̃;  ∇²J = (1/m)Aᵀ diag(pᵢ(1 − pᵢ)) A + λĨ

Each function works on whole arrays (one matrix–vector product each way), never a
Python loop over rows.
"""

from __future__ import annotations

import math

import numpy as np

MODELS = ("linear", "logistic")


def penalty_mask(columns: int, intercept: bool) -> np.ndarray:
    """1 for every weight the L2 penalty touches, 0 for the intercept."""
    mask = np.ones(columns)
    if intercept:
        mask[0] = 0.0
    return mask


def sigmoid(z: np.ndarray) -> np.ndarray:
    """σ(z) = 1/(1 + e^(−z)), written as (1 + tanh(z/2))/2: no overflow for any z."""
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def scores(theta: np.ndarray, X: np.ndarray, intercept: bool) -> np.ndarray:
    """z = Aθ without building A: Xθ̃ + θ₀ (the column of ones is implicit, no copy of X)."""
    return X @ theta[1:] + theta[0] if intercept else X @ theta


def transposed_times(r: np.ndarray, X: np.ndarray, intercept: bool) -> np.ndarray:
    """Aᵀr without building A: (Σr, Xᵀr)."""
    if not intercept:
        return r @ X
    out = np.empty(X.shape[1] + 1)
    out[0] = r.sum()
    out[1:] = r @ X
    return out


def loss_and_gradient(model: str, theta: np.ndarray, X: np.ndarray, y: np.ndarray, l2: float,
                      mask: np.ndarray, want_loss: bool = True) -> tuple[float, np.ndarray]:
    """J(θ) and ∇J(θ) on the rows ``X``, ``y`` (see the module docstring); the intercept is
    there when ``mask`` leaves θ₀ out (θ has one entry more than X has columns). Without
    ``want_loss`` J is not computed (nan): a step needs only the gradient."""
    m = X.shape[0]
    intercept = theta.shape[0] != X.shape[1]
    z = scores(theta, X, intercept)
    loss = math.nan
    if model == "linear":
        residual = z - y
        if want_loss:
            loss = 0.5 * float(residual @ residual) / m
    else:
        if want_loss:
            loss = float(np.logaddexp(0.0, z).sum() - y @ z) / m  # ln(1 + e^z) − y·z = lᵢ
        residual = sigmoid(z) - y
    gradient = transposed_times(residual, X, intercept) / m
    if l2:
        weights = theta * mask
        loss += 0.5 * l2 * float(weights @ weights)
        gradient = gradient + l2 * weights
    return loss, gradient


def loss(model: str, theta, X, y, l2: float, mask) -> float:
    return loss_and_gradient(model, theta, X, y, l2, mask)[0]


def hessian(model: str, theta: np.ndarray, X: np.ndarray, y: np.ndarray, l2: float, mask: np.ndarray) -> np.ndarray:
    """∇²J(θ): (1/m)AᵀA or (1/m)Aᵀ diag(p(1 − p)) A, plus λ on the penalised diagonal."""
    m = X.shape[0]
    intercept = theta.shape[0] != X.shape[1]
    if model == "linear":
        weights = None
        XtX = X.T @ X
    else:
        p = sigmoid(scores(theta, X, intercept))
        weights = p * (1.0 - p)
        XtX = (X.T * weights) @ X
    if intercept:
        H = np.empty((X.shape[1] + 1,) * 2)
        H[0, 0] = m if weights is None else weights.sum()
        H[0, 1:] = H[1:, 0] = X.sum(axis=0) if weights is None else weights @ X
        H[1:, 1:] = XtX
    else:
        H = XtX
    H = H / m
    if l2:
        H = H + l2 * np.diag(mask)
    return H


def predictions(model: str, theta: np.ndarray, X: np.ndarray, intercept: bool) -> np.ndarray:
    """ŷ = Aθ (linear) or p = σ(Aθ) (logistic)."""
    z = scores(theta, X, intercept)
    return z if model == "linear" else sigmoid(z)
