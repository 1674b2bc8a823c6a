"""The optax pattern: an optimizer is an ``(init, update)`` pair over immutable state.

``init(params) -> state`` and ``update(updates, state, params) -> (updates, state)``:
an update turns the incoming gradient into the step to add to the parameters, and
returns a *new* state (NamedTuples, never mutated). Small transformations compose
with :func:`chain`; the learning rate and the sign of the step live in one place,
:func:`scale_by_learning_rate`.

A parameter tree is either a tuple of Python floats (the scalar backend) or a single
numpy array (many variables); :func:`tree_map` applies a leaf function to either, so
every transformation is written once, with ordinary arithmetic on its leaves.

A transformation may also carry ``gradient_point(params, state) -> point``: where the
gradient fed to the next update must be taken (the lecture's Nesterov look-ahead
evaluates ∇f at x + ρv, not at x). The run loop asks for it; ``None`` means ``params``.
"""

from __future__ import annotations

from typing import Any, Callable, NamedTuple, Optional

Tree = Any  # tuple[float, ...] or a 1-D numpy array


class GradientTransformation(NamedTuple):
    """An optimizer or a piece of one: ``init(params)`` and ``update(updates, state, params)``."""

    init: Callable[[Tree], Any]
    update: Callable[[Tree, Any, Optional[Tree]], tuple[Tree, Any]]
    gradient_point: Optional[Callable[[Tree, Any], Tree]] = None


class EmptyState(NamedTuple):
    """The state of a transformation that keeps none."""


def tree_map(function: Callable[..., Any], tree: Tree, *rest: Tree) -> Tree:
    """``function`` applied leaf by leaf: over the floats of a tuple, or once to an array."""
    if type(tree) is tuple:
        return tuple(map(function, tree, *rest))
    return function(tree, *rest)


def tree_zeros_like(tree: Tree) -> Tree:
    """A tree of zeros shaped like ``tree``."""
    return tree_map(lambda leaf: leaf * 0.0, tree)


def apply_updates(params: Tree, updates: Tree) -> Tree:
    """θ + u, leaf by leaf (the step already carries its sign)."""
    return tree_map(lambda p, u: p + u, params, updates)


def chain(*transformations: GradientTransformation) -> GradientTransformation:
    """The transformations applied one after the other; the state is the tuple of theirs."""
    inits = tuple(t.init for t in transformations)
    updates_ = tuple(t.update for t in transformations)

    def init(params):
        return tuple(init_one(params) for init_one in inits)

    def update(updates, state, params=None):
        new_state = []
        for update_one, state_one in zip(updates_, state):
            updates, state_one = update_one(updates, state_one, params)
            new_state.append(state_one)
        return updates, tuple(new_state)

    return GradientTransformation(init, update)


def scale(factor: float) -> GradientTransformation:
    """u ← factor · u."""

    def init(params):
        return EmptyState()

    def update(updates, state, params=None):
        return tree_map(lambda u: factor * u, updates), state

    return GradientTransformation(init, update)


def scale_by_learning_rate(learning_rate: float, maximize: bool = False) -> GradientTransformation:
    """u ← −lr · u (descent), or +lr · u with ``maximize`` (the lecture's gradient ascent).

    The one place where the learning rate and the sign of a step are decided.
    """
    return scale(learning_rate if maximize else -learning_rate)
