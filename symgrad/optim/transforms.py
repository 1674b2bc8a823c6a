"""Small gradient transformations; the public optimizers (alias.py) chain them.

Each ``update`` works leaf by leaf through :func:`~symgrad.optim.base.tree_map`, so one
definition serves a tuple of floats and a numpy array alike; ``math.sqrt``/``max`` or
their numpy counterparts are picked once per call by :func:`_ops`. Where torch.optim
orders a floating-point operation in a particular way, the leaf function follows it.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np

from symgrad.optim.base import GradientTransformation, tree_map, tree_zeros_like


def _ops(tree: Any) -> tuple:
    """(sqrt, maximum) for the leaves of ``tree``: math for floats, numpy for arrays."""
    if type(tree) is tuple:
        return math.sqrt, max
    return np.sqrt, np.maximum


class TraceState(NamedTuple):
    count: int
    trace: Any


def trace(decay: float, dampening: float = 0.0, nesterov: bool = False) -> GradientTransformation:
    """The momentum buffer of torch.optim.SGD.

    b₁ = u (the first update, undamped), then b ← decay·b + (1 − dampening)·u;
    the output is b, or u + decay·b with ``nesterov``.
    """
    keep = 1.0 - dampening

    def init(params):
        return TraceState(0, tree_zeros_like(params))

    def update(updates, state, params=None):
        if state.count == 0:
            buffer = updates
        else:
            buffer = tree_map(lambda u, b: decay * b + keep * u, updates, state.trace)
        out = tree_map(lambda u, b: u + decay * b, updates, buffer) if nesterov else buffer
        return out, TraceState(state.count + 1, buffer)

    return GradientTransformation(init, update)


class ScaleByRssState(NamedTuple):
    sum_of_squares: Any


def scale_by_rss(eps: float = 1e-10, initial_accumulator_value: float = 0.0) -> GradientTransformation:
    """AdaGrad's scaling (torch.optim.Adagrad): S ← S + g², u = g / (√S + eps)."""

    def init(params):
        return ScaleByRssState(tree_map(lambda p: p * 0.0 + initial_accumulator_value, params))

    def update(updates, state, params=None):
        sqrt, _ = _ops(updates)
        total = tree_map(lambda s, g: s + g * g, state.sum_of_squares, updates)
        out = tree_map(lambda g, s: g / (sqrt(s) + eps), updates, total)
        return out, ScaleByRssState(total)

    return GradientTransformation(init, update)


class ScaleByRmsState(NamedTuple):
    square_average: Any
    gradient_average: Any  # used only when centered


def scale_by_rms(alpha: float = 0.99, eps: float = 1e-8, centered: bool = False) -> GradientTransformation:
    """RMSProp's scaling (torch.optim.RMSprop), eps outside the root.

    v ← α·v + (1 − α)·g²; centered: ḡ ← ḡ + (1 − α)·(g − ḡ) and v is replaced by
    v − ḡ² under the root; u = g / (√v + eps).
    """
    rest = 1.0 - alpha

    def init(params):
        zeros = tree_zeros_like(params)
        return ScaleByRmsState(zeros, zeros)

    def update(updates, state, params=None):
        sqrt, _ = _ops(updates)
        square = tree_map(lambda v, g: v * alpha + rest * g * g, state.square_average, updates)
        if centered:
            mean = tree_map(lambda a, g: a + rest * (g - a), state.gradient_average, updates)
            out = tree_map(lambda g, v, a: g / (sqrt(v - a * a) + eps), updates, square, mean)
        else:
            mean = state.gradient_average
            out = tree_map(lambda g, v: g / (sqrt(v) + eps), updates, square)
        return out, ScaleByRmsState(square, mean)

    return GradientTransformation(init, update)


class ScaleByAdamState(NamedTuple):
    count: int
    mu: Any
    nu: Any
    nu_max: Any  # used only with amsgrad


def scale_by_adam(
    beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8, amsgrad: bool = False
) -> GradientTransformation:
    """Adam's scaling (torch.optim.Adam), eps added after the bias correction.

    m ← β₁·m + (1 − β₁)·g,  v ← β₂·v + (1 − β₂)·g²,  (amsgrad: v_max ← max(v_max, v), used for v)
    u = (m / (1 − β₁ᵗ)) / (√v / √(1 − β₂ᵗ) + eps).
    """
    rest1, rest2 = 1.0 - beta1, 1.0 - beta2

    def init(params):
        zeros = tree_zeros_like(params)
        return ScaleByAdamState(0, zeros, zeros, zeros)

    def update(updates, state, params=None):
        sqrt, maximum = _ops(updates)
        count = state.count + 1
        mu = tree_map(lambda m, g: beta1 * m + rest1 * g, state.mu, updates)
        nu = tree_map(lambda v, g: beta2 * v + rest2 * g * g, state.nu, updates)
        nu_max = tree_map(maximum, state.nu_max, nu) if amsgrad else state.nu_max
        correction1 = 1.0 - beta1**count
        root_correction2 = math.sqrt(1.0 - beta2**count)
        out = tree_map(
            lambda m, v: (m / correction1) / (sqrt(v) / root_correction2 + eps),
            mu,
            nu_max if amsgrad else nu,
        )
        return out, ScaleByAdamState(count, mu, nu, nu_max)

    return GradientTransformation(init, update)
