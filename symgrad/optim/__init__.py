"""Optimizers as ``(init, update)`` pairs over immutable state, and the run loop.

See :mod:`symgrad.optim.base` for the pattern, :mod:`symgrad.optim.transforms` for the
pieces, :mod:`symgrad.optim.alias` for the public methods and :mod:`symgrad.optim.run`
for descending with them.
"""

from symgrad.optim.alias import (
    METHODS,
    Method,
    adagrad,
    adam,
    gd,
    get_method,
    momentum,
    nesterov,
    nesterov_lookahead,
    newton,
    rmsprop,
)
from symgrad.optim.base import (
    GradientTransformation,
    LeafRule,
    apply_updates,
    chain,
    scale,
    scale_by_learning_rate,
    tree_map,
)
from symgrad.optim.newton import Newton, nearest_minimum
from symgrad.optim.run import StopRules, descend_compiled, gaussian_start, run
from symgrad.optim.transforms import scale_by_adam, scale_by_rms, scale_by_rss, trace

__all__ = [
    "METHODS", "Method", "adagrad", "adam", "gd", "get_method", "momentum", "nesterov",
    "nesterov_lookahead", "newton", "Newton", "nearest_minimum", "rmsprop", "LeafRule", "GradientTransformation", "apply_updates",
    "chain", "scale", "scale_by_learning_rate", "tree_map", "StopRules", "descend_compiled",
    "gaussian_start", "run", "scale_by_adam", "scale_by_rms", "scale_by_rss", "trace",
]
