"""The two models of the lectures (LECTURE.md §8) as vectorised NumPy on a design matrix.

A is X with a column of ones in front when there is an intercept (θ₀ is then its
weight); the L2 penalty (λ/2)‖θ̃‖² leaves the intercept out (θ̃: θ without θ₀), as
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

import numpy as np

MODELS = ("linear", "logistic")


def design_matrix(X: np.ndarray, intercept: bool) -> np.ndarray:
    """A = [1 X] with an intercept, else X itself (C-contiguous float64)."""
    if not intercept:
        return np.ascontiguousarray(X, dtype=np.float64)
    A = np.empty((X.shape[0], X.shape[1] + 1))
    A[:, 0] = 1.0
    A[:, 1:] = X
    return A


def penalty_mask(columns: int, intercept: bool) -> np.ndarray:
    """1 for every weight the L2 penalty touches, 0 for the intercept."""
    mask = np.ones(columns)
    if intercept:
        mask[0] = 0.0
    return mask


def sigmoid(z: np.ndarray) -> np.ndarray:
    """σ(z) = 1/(1 + e^(−z)), written as (1 + tanh(z/2))/2: no overflow for any z."""
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def loss_and_gradient(model: str, theta: np.ndarray, A: np.ndarray, y: np.ndarray, l2: float,
                      mask: np.ndarray) -> tuple[float, np.ndarray]:
    """J(θ) and ∇J(θ) on the rows ``A``, ``y`` (see the module docstring)."""
    m = A.shape[0]
    z = A @ theta
    if model == "linear":
        residual = z - y
        loss = 0.5 * float(residual @ residual) / m
        gradient = (residual @ A) / m
    else:
        loss = float(np.logaddexp(0.0, z).sum() - y @ z) / m  # ln(1 + e^z) − y·z = lᵢ
        gradient = ((sigmoid(z) - y) @ A) / m
    if l2:
        weights = theta * mask
        loss += 0.5 * l2 * float(weights @ weights)
        gradient = gradient + l2 * weights
    return loss, gradient


def loss(model: str, theta, A, y, l2: float, mask) -> float:
    return loss_and_gradient(model, theta, A, y, l2, mask)[0]


def hessian(model: str, theta: np.ndarray, A: np.ndarray, y: np.ndarray, l2: float, mask: np.ndarray) -> np.ndarray:
    """∇²J(θ): (1/m)AᵀA or (1/m)Aᵀ diag(p(1 − p)) A, plus λ on the penalised diagonal."""
    m = A.shape[0]
    if model == "linear":
        H = (A.T @ A) / m
    else:
        p = sigmoid(A @ theta)
        H = (A.T * (p * (1.0 - p))) @ A / m
    if l2:
        H = H + l2 * np.diag(mask)
    return H


def predictions(model: str, theta: np.ndarray, A: np.ndarray) -> np.ndarray:
    """ŷ = Aθ (linear) or p = σ(Aθ) (logistic)."""
    z = A @ theta
    return z if model == "linear" else sigmoid(z)
