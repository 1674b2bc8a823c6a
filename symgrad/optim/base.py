"""The optax pattern: an optimizer is an ``(init, update)`` pair over immutable state.

``init(params) -> state`` and ``update(updates, state, params) -> (updates, state)``:
an update turns the incoming gradient into the step to add to the parameters and
returns a *new* state (a flat tuple, never mutated). Small transformations compose
with :func:`chain`; the learning rate and the sign of the step live in one place,
:func:`scale_by_learning_rate`.

Each transformation is written once, leaf by leaf, as a :class:`LeafRule`: a few
assignments in ordinary arithmetic, read exactly like the update rule in its
docstring (``m = b1 * m + r1 * u``). A rule is compiled, per parameter shape, into one
Python function: for a tuple of n floats (the scalar backend) the statements are
unrolled over the n leaves, so a step makes no per-element function call; for a numpy
array (many variables) the same statements run once on whole arrays, with
``sqrt``/``max`` bound to ``numpy.sqrt``/``numpy.maximum`` (the ``per_step`` statements,
such as Adam's bias corrections, stay on Python floats with ``math.sqrt`` and ``max``:
a numpy call on a single float costs more than the float arithmetic). The generated text comes
only from these rules (never from user input); constants are bound as values.

Names a rule may use: ``u`` (the incoming update of a leaf; assign it to pass an update
on), ``x`` (the parameter leaf, in ``point`` only), ``t`` (the step number, 1 on the
first update), its own ``constants`` and ``state`` names, ``sqrt`` and ``max``. A rule
may also give ``point``, an expression for where the *next* gradient must be taken
(the lecture's Nesterov look-ahead evaluates ∇f at x + ρv); the run loop asks for it
through ``gradient_point(params, state)``.
"""

from __future__ import annotations

import ast
import math
import operator
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

Tree = Any  # tuple[float, ...] or a 1-D numpy array
State = tuple  # (t, then every state leaf of every rule, in order)


@dataclass(frozen=True)
class LeafRule:
    """One transformation, written for a single leaf (see the module docstring)."""

    name: str
    per_leaf: tuple[str, ...]
    constants: Mapping[str, float] = field(default_factory=dict)
    state: Mapping[str, float] = field(default_factory=dict)  # name -> initial value
    per_step: tuple[str, ...] = ()
    point: str | None = None


class Specialised:
    """A transformation compiled for one parameter shape.

    ``init(params)``, ``update(updates, state, params)``, ``gradient_point`` (or None), and
    ``step(params, gradient, state) -> (params + update, state)``: update and
    :func:`apply_updates` fused into one call, which is what the run loop makes per step.
    """

    def __init__(self, rules: tuple[LeafRule, ...], leaves: int | None):
        self.leaves = leaves  # None: one numpy-array leaf
        self.initial = tuple(value for rule in rules for value in rule.state.values()
                             for _ in _leaf_range(leaves))
        self.update, self.step, self.gradient_point = _generate(rules, leaves)

    def init(self, params: Tree) -> State:
        if self.leaves is None:
            import numpy as np

            return (0,) + tuple(np.full_like(params, value, dtype=np.float64) for value in self.initial)
        return (0,) + tuple(float(value) for value in self.initial)


@dataclass(frozen=True)
class GradientTransformation:
    """An optimizer or a piece of one: ``init(params)`` and ``update(updates, state, params)``.

    ``gradient_point(params, state)`` is where the next gradient must be taken, or the
    attribute is None when that is ``params`` itself.
    """

    rules: tuple[LeafRule, ...]
    _compiled: dict = field(default_factory=dict, repr=False, compare=False)

    def specialise(self, params: Tree) -> Specialised:
        """The generated functions for the shape of ``params`` (cached)."""
        leaves = len(params) if type(params) is tuple else None
        found = self._compiled.get(leaves)
        if found is None:
            found = self._compiled[leaves] = Specialised(self.rules, leaves)
        return found

    def init(self, params: Tree) -> State:
        return self.specialise(params).init(params)

    def update(self, updates: Tree, state: State, params: Tree | None = None) -> tuple[Tree, State]:
        return self.specialise(updates).update(updates, state, params)

    @property
    def gradient_point(self) -> Callable[[Tree, State], Tree] | None:
        if not any(rule.point for rule in self.rules):
            return None
        return lambda params, state: self.specialise(params).gradient_point(params, state)


def chain(*transformations: GradientTransformation) -> GradientTransformation:
    """The transformations applied one after the other, as one transformation."""
    return GradientTransformation(tuple(rule for t in transformations for rule in t.rules))


def rule(leaf_rule: LeafRule) -> GradientTransformation:
    """A single leaf rule as a transformation."""
    return GradientTransformation((leaf_rule,))


def scale(factor: float) -> GradientTransformation:
    """u ← factor · u."""
    return rule(LeafRule("scale", ("u = factor * u",), constants={"factor": factor}))


def scale_by_learning_rate(learning_rate: float, maximize: bool = False) -> GradientTransformation:
    """u ← −lr · u (descent), or +lr · u with ``maximize`` (the lecture's gradient ascent).

    The one place where the learning rate and the sign of a step are decided.
    """
    return scale(learning_rate if maximize else -learning_rate)


def tree_map(function: Callable[..., Any], tree: Tree, *rest: Tree) -> Tree:
    """``function`` applied leaf by leaf: over the floats of a tuple, or once to an array."""
    if type(tree) is tuple:
        return tuple(map(function, tree, *rest))
    return function(tree, *rest)


def apply_updates(params: Tree, updates: Tree) -> Tree:
    """θ + u, leaf by leaf (the step already carries its sign)."""
    if type(params) is tuple:
        return tuple(map(operator.add, params, updates))
    return params + updates


# ---------------------------------------------------------------- code generation


def _leaf_range(leaves: int | None) -> range:
    return range(1 if leaves is None else leaves)


class _Renamer(ast.NodeTransformer):
    """Rename a rule's names to their unique names in the generated function."""

    def __init__(self, mapping: Callable[[str], str]):
        self.mapping = mapping

    def visit_Name(self, node: ast.Name) -> ast.Name:
        return ast.copy_location(ast.Name(self.mapping(node.id), node.ctx), node)


def _rename(source: str, mapping: Callable[[str], str]) -> str:
    tree = ast.parse(source)
    return ast.unparse(_Renamer(mapping).visit(tree))


def _names_for(index: int, rule: LeafRule, leaf: int | None, step_locals: set[str]) -> Callable[[str], str]:
    """How rule number ``index`` sees its names, for leaf ``leaf`` (None: per-step code)."""

    def mapping(name: str) -> str:
        if name in ("t", "sqrt", "max"):
            if leaf is None:  # per-step code works on Python floats, also for a numpy leaf
                return {"t": "t", "sqrt": "scalar_sqrt", "max": "scalar_max"}[name]
            return {"t": "t", "sqrt": "sqrt", "max": "maximum"}[name]
        if name in ("u", "x"):
            return f"{name}_{leaf}"
        if name in rule.constants:
            return f"c{index}_{name}"
        if name in step_locals:
            return f"p{index}_{name}"
        if name in rule.state:
            return f"s{index}_{name}_{leaf}"
        return f"w{index}_{name}_{leaf}"  # a per-leaf temporary

    return mapping


def _assigned(statements: tuple[str, ...]) -> set[str]:
    names = set()
    for statement in statements:
        for node in ast.walk(ast.parse(statement)):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
    return names


def _generate(rules: tuple[LeafRule, ...], leaves: int | None):
    """Source for ``update`` and ``gradient_point``, compiled with the constants bound."""
    array = leaves is None
    namespace: dict[str, Any] = {"scalar_sqrt": math.sqrt, "scalar_max": max, "sqrt": math.sqrt, "maximum": max}
    if array:  # numpy only for an array leaf: scalar runs never import it
        import numpy as np

        namespace.update(sqrt=np.sqrt, maximum=np.maximum)
    state_vars = ["t"]
    for index, leaf_rule in enumerate(rules):
        for name, value in leaf_rule.constants.items():
            namespace[f"c{index}_{name}"] = value
        state_vars += [f"s{index}_{name}_{j}" for name in leaf_rule.state for j in _leaf_range(leaves)]
    leaf_vars = [f"u_{j}" for j in _leaf_range(leaves)]
    param_vars = [f"x_{j}" for j in _leaf_range(leaves)]

    def unpack(names: list[str], source: str) -> str:
        return f"    {names[0]} = {source}" if array and len(names) == 1 and source != "state" \
            else f"    ({', '.join(names)},) = {source}"

    def pack(names: list[str]) -> str:
        return names[0] if array else f"({', '.join(names)},)"

    body = [unpack(leaf_vars, "updates"), unpack(state_vars, "state"), "    t = t + 1"]
    for index, leaf_rule in enumerate(rules):
        step_locals = _assigned(leaf_rule.per_step)
        for statement in leaf_rule.per_step:
            body.append("    " + _rename(statement, _names_for(index, leaf_rule, None, step_locals)))
        for j in _leaf_range(leaves):
            for statement in leaf_rule.per_leaf:
                body.append("    " + _rename(statement, _names_for(index, leaf_rule, j, step_locals)))
    state_tuple = f"({', '.join(state_vars)},)"
    update_source = ("def update(updates, state, params=None):\n" + "\n".join(body)
                     + f"\n    return {pack(leaf_vars)}, {state_tuple}\n")
    moved = [f"    {x} = {x} + {u}" for x, u in zip(param_vars, leaf_vars)]
    step_source = ("def step(params, updates, state):\n" + unpack(param_vars, "params") + "\n"
                   + "\n".join(body + moved) + f"\n    return {pack(param_vars)}, {state_tuple}\n")
    label = f"<symgrad.optim {'+'.join(r.name for r in rules)}>"
    exec(compile(update_source + step_source, label, "exec"), namespace)

    gradient_point = None
    pointing = [(index, r) for index, r in enumerate(rules) if r.point]
    if pointing:
        index, leaf_rule = pointing[-1]
        points = [_rename(leaf_rule.point, _names_for(index, leaf_rule, j, set()))
                  for j in _leaf_range(leaves)]
        point_source = ("def gradient_point(params, state):\n" + unpack(param_vars, "params") + "\n"
                        + unpack(state_vars, "state") + "\n"
                        + f"    return {points[0] if array else '(' + ', '.join(points) + ',)'}\n")
        exec(compile(point_source, "<symgrad.optim gradient_point>", "exec"), namespace)
        gradient_point = namespace["gradient_point"]
    return namespace["update"], namespace["step"], gradient_point
