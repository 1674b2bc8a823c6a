"""The walkthrough: partials, second partials, gradient, Hessian, values at a point,
critical points and directional derivatives of one function.

Contract: every derivative here comes from a rule tree of :mod:`symgrad.steps` (so a
student can see how it was found), and second partials differentiate the *textbook
form* of the first partial, as a student would by hand. Everything stays exact; the
decimals shown next to exact values are computed last, from the exact values.
"""

from __future__ import annotations

import fractions
from dataclasses import dataclass
from typing import Mapping, Sequence

import sympy

from symgrad.errors import ParseError
from symgrad.messages import Message as Note  # noqa: F401  (walkthrough's name for a message)
from symgrad.parse import (Problem, as_expression, make_symbol, natural_order, parse, parse_point,
                           parse_variables, parse_vector)
from symgrad.display import displayable
from symgrad.critical import CriticalPoints, evaluate_at, find_critical_points
from symgrad.points import PointEvaluation, Value, substitute, to_float  # noqa: F401  (re-exported)
from symgrad.steps import derivative_steps, nth_derivative_steps

EQUALITY_SECONDS = 1.0


@dataclass(frozen=True)
class Partial:
    """∂f/∂variable with the rule tree that finds it."""

    variable: sympy.Symbol
    steps: object
    result: sympy.Expr

    def to_dict(self) -> dict:
        return {"variable": str(self.variable), "result": str(self.result), "steps": self.steps.to_dict()}


@dataclass(frozen=True)
class SecondPartial:
    """∂/∂second (∂f/∂first), written f_{first second} as in the lecture."""

    first: sympy.Symbol
    second: sympy.Symbol
    steps: object
    result: sympy.Expr

    @property
    def key(self) -> str:
        return f"{self.first},{self.second}"

    def to_dict(self) -> dict:
        return {"first": str(self.first), "second": str(self.second),
                "result": str(self.result), "steps": self.steps.to_dict()}


@dataclass(frozen=True)
class MixedPair:
    """Whether f_ab and f_ba came out equal (Schwarz/Clairaut)."""

    a: sympy.Symbol
    b: sympy.Symbol
    agree: bool | None  # None: equality could not be decided within the bound

    def to_dict(self) -> dict:
        return {"a": str(self.a), "b": str(self.b), "agree": self.agree}


@dataclass(frozen=True)
class DirectionalDerivative:
    """D_u f = ∇f · u for the unit vector u along ``direction``."""

    direction: tuple[sympy.Expr, ...]
    unit: tuple[sympy.Expr, ...]
    result: sympy.Expr
    at_point: Value | None

    def to_dict(self) -> dict:
        return {"direction": [str(c) for c in self.direction], "unit": [str(c) for c in self.unit],
                "result": str(self.result),
                "at": None if self.at_point is None else self.at_point.to_dict()}


@displayable
@dataclass(frozen=True)
class Walkthrough:
    """Everything a student is shown about f: see the module docstring."""

    problem: Problem
    partials: tuple[Partial, ...]
    second_partials: tuple[SecondPartial, ...]
    mixed: tuple[MixedPair, ...]
    at: PointEvaluation | None
    critical_points: CriticalPoints | None
    directional: DirectionalDerivative | None

    @property
    def variables(self) -> tuple[sympy.Symbol, ...]:
        return self.problem.variables

    @property
    def gradient(self) -> tuple[sympy.Expr, ...]:
        return tuple(p.result for p in self.partials)

    @property
    def hessian(self) -> tuple[tuple[sympy.Expr, ...], ...]:
        """H[i][j] = ∂²f/∂vᵢ∂vⱼ = ∂/∂vⱼ(∂f/∂vᵢ)."""
        n = len(self.variables)
        return tuple(tuple(self.second_partials[i * n + j].result for j in range(n)) for i in range(n))

    def second(self, first: sympy.Symbol, second: sympy.Symbol) -> SecondPartial:
        i, j = self.variables.index(first), self.variables.index(second)
        return self.second_partials[i * len(self.variables) + j]

    def to_dict(self) -> dict:
        data = {
            "expression": str(self.problem.expr),
            "variables": [str(v) for v in self.variables],
            "partials": {str(p.variable): {"result": str(p.result), "steps": p.steps.to_dict()}
                         for p in self.partials},
            "second_partials": {s.key: {"result": str(s.result), "steps": s.steps.to_dict()}
                                for s in self.second_partials},
            "mixed_partials": [m.to_dict() for m in self.mixed],
            "gradient": [str(g) for g in self.gradient],
            "hessian": [[str(h) for h in row] for row in self.hessian],
        }
        if self.at is not None:
            data["at"] = self.at.to_dict()
        if self.critical_points is not None:
            data["critical_points"] = self.critical_points.to_dict()
        if self.directional is not None:
            data["directional"] = self.directional.to_dict()
        return data


def walkthrough(
    problem: Problem | str,
    variables: str | Sequence[str] | None = None,
    at: str | Sequence | None = None,
    direction: str | Sequence | None = None,
    critical_points: bool = True,
) -> Walkthrough:
    """Build the walkthrough of ``problem`` (a Problem, or text to parse).

    ``at`` is a point ("x=1,y=1", "1,1" or a sequence of numbers); ``direction`` a
    vector ("1,1" or a sequence) for the directional derivative.
    """
    problem = as_problem(problem, variables)
    if not problem.variables:
        raise ParseError.from_phrase("walk.error.no_variables", expression=problem.text.strip())
    partials = tuple(first_partial(problem, v) for v in problem.variables)
    seconds = tuple(second_partial(problem, p, w) for p in partials for w in problem.variables)
    walk = Walkthrough(problem, partials, seconds, (), None, None, None)
    mixed = mixed_pairs(walk)
    point = None if at is None else read_point(at, problem)
    at_point = None if point is None else evaluate_at(walk, point)

    found = find_critical_points(walk) if critical_points else None
    along = None if direction is None else directional_derivative(walk, read_direction(direction, problem), point)
    return Walkthrough(problem, partials, seconds, mixed, at_point, found, along)


def as_problem(problem, variables=None) -> Problem:
    """A library argument as a Problem: a Problem as it is, text parsed, a SymPy expression
    or a number through :func:`symgrad.parse.as_expression`; anything else a TypeError."""
    if isinstance(problem, Problem):
        return problem
    if isinstance(problem, str):
        return parse(problem, variables)
    if isinstance(problem, bool) or not isinstance(problem, (sympy.Expr, int, float, fractions.Fraction)):
        raise TypeError(f"expected a function as text, a SymPy expression or a Problem, "
                        f"not {type(problem).__name__}")
    expr = as_expression(problem)
    expr = expr.xreplace({s: make_symbol(s.name) for s in expr.free_symbols})  # symgrad's own symbols
    if variables is None:
        ordered = natural_order(expr.free_symbols)
    else:
        ordered = parse_variables(variables)
        missing = sorted(s.name for s in expr.free_symbols - set(ordered))
        if missing:
            raise ParseError.from_phrase("walk.error.unlisted_variables", names=", ".join(missing))
    return Problem(text=str(expr), expr=expr, variables=ordered, decimal_display=False)


def first_partial(problem: Problem, variable: sympy.Symbol) -> Partial:
    tree = derivative_steps(problem.as_typed, variable, problem.variables)
    return Partial(variable, tree, tree.result)


def second_partial(problem: Problem, first: Partial, second: sympy.Symbol) -> SecondPartial:
    tree = derivative_steps(first.result, second, problem.variables)
    return SecondPartial(first.variable, second, tree, tree.result)


def mixed_pairs(walk: Walkthrough) -> tuple[MixedPair, ...]:
    """One MixedPair for each pair of distinct variables, i before j."""
    variables = walk.variables
    return tuple(
        MixedPair(a, b, expressions_equal(walk.second(a, b).result, walk.second(b, a).result))
        for i, a in enumerate(variables) for b in variables[i + 1:]
    )


def expressions_equal(a: sympy.Expr, b: sympy.Expr) -> bool | None:
    """Equality, every step bounded: structural first, then the grader's numeric sampling
    (:func:`symgrad.grading.equivalence.equivalent`: 60-digit values at random real points;
    one differing point makes them unequal; a cheap bounded symbolic check where it
    applies). Agreement at every sampled point counts as equal; None when the bound runs
    out first. No unbounded ``expand`` or ``simplify``."""
    if a == b:
        return True
    from symgrad.grading.equivalence import DIFFERENT, SAME, equivalent  # the grader imports this module

    verdict = equivalent(a, b, seconds=EQUALITY_SECONDS).verdict
    return True if verdict == SAME else False if verdict == DIFFERENT else None


def read_point(at, problem: Problem) -> tuple[sympy.Expr, ...]:
    """The point ``at`` in the order of f's variables: text ("x=1,y=1" or "1,1"), a mapping
    from variable (name or Symbol) to value, substituted by name, or a list or tuple of
    coordinates. Anything else, a missing or unknown name, or a coordinate that is not a
    number is refused."""
    if isinstance(at, str):
        return parse_point(at, problem.variables)
    if isinstance(at, Mapping):
        values = point_from_mapping(at, problem.variables)
    elif isinstance(at, (list, tuple)):
        values = tuple(as_expression(v) for v in at)
    else:
        raise TypeError(f"the point must be text such as 'x=1,y=2', a mapping of variable names to "
                        f"numbers or a list of numbers, not {type(at).__name__}")
    if any(v.free_symbols for v in values):
        raise ParseError.from_phrase("walk.error.point_not_numbers")
    if len(values) != len(problem.variables):
        raise ParseError.from_phrase("walk.error.point_length", given=len(values),
                                     needed=len(problem.variables))
    return values


def point_from_mapping(at: Mapping, variables: Sequence[sympy.Symbol]) -> tuple[sympy.Expr, ...]:
    """The values of a mapping {variable: value} in the order of ``variables``; keys are
    names or Symbols, and every variable must be given, no other."""
    by_name = {}
    for key, value in at.items():
        if isinstance(key, sympy.Symbol):
            key = key.name
        if not isinstance(key, str):
            raise TypeError(f"the point's keys must be variable names, not {type(key).__name__}")
        (symbol,) = parse_variables(key)
        by_name[symbol.name] = as_expression(value)
    names = [v.name for v in variables]
    unknown = sorted(set(by_name) - set(names))
    missing = [n for n in names if n not in by_name]
    if unknown:
        raise ParseError.from_phrase("walk.error.point_unknown_names", names=", ".join(unknown),
                                     variables=", ".join(names))
    if missing:
        raise ParseError.from_phrase("walk.error.point_missing", names=", ".join(missing))
    return tuple(by_name[n] for n in names)


def read_direction(direction: str | Sequence, problem: Problem) -> tuple[sympy.Expr, ...]:
    if isinstance(direction, str):
        values = parse_vector(direction)
    elif isinstance(direction, Mapping):
        values = point_from_mapping(direction, problem.variables)
    elif isinstance(direction, (list, tuple)):
        values = tuple(as_expression(v) for v in direction)
    else:
        raise TypeError(f"the direction must be text such as '1,1', a mapping of variable names to "
                        f"numbers or a list of numbers, not {type(direction).__name__}")
    if len(values) != len(problem.variables):
        raise ParseError.from_phrase("walk.error.direction_length", given=len(values),
                                     needed=len(problem.variables))
    if any(v.free_symbols for v in values):
        raise ParseError.from_phrase("walk.error.direction_not_numbers")
    if all(v == 0 for v in values):
        raise ParseError.from_phrase("walk.error.direction_zero")
    return values


def directional_derivative(walk: Walkthrough, direction: tuple[sympy.Expr, ...],
                           point: tuple[sympy.Expr, ...] | None) -> DirectionalDerivative:
    """D_u f = ∇f · u with u = direction / |direction| (lecture, section 8)."""
    length = sympy.sqrt(sum(c ** 2 for c in direction))
    unit = tuple(sympy.radsimp(c / length) for c in direction)
    result = sympy.together(sum(g * u for g, u in zip(walk.gradient, unit)))
    at_point = None if point is None else Value.of(
        sympy.radsimp(substitute(result, walk.variables, point)))
    return DirectionalDerivative(direction, unit, result, at_point)


@displayable
@dataclass(frozen=True)
class Derivative:
    """The n-th derivative of f by one variable, one rule tree per differentiation."""

    problem: Problem
    variable: sympy.Symbol
    order: int
    trees: tuple
    result: sympy.Expr

    def to_dict(self) -> dict:
        return {"expression": str(self.problem.expr), "variable": str(self.variable),
                "order": self.order, "result": str(self.result),
                "steps": [tree.to_dict() for tree in self.trees]}


MAX_ORDER = 10


def derivative(problem: Problem | str, wrt: str | sympy.Symbol | None = None, order: int = 1,
               variables: str | Sequence[str] | None = None) -> Derivative:
    """dⁿf/dvⁿ with its steps; ``wrt`` may be omitted when f has one variable."""
    problem = as_problem(problem, variables)
    if isinstance(order, bool) or not isinstance(order, int):
        raise TypeError(f"order must be a positive integer, not {type(order).__name__}")
    if not 1 <= order <= MAX_ORDER:
        raise ParseError.from_phrase("walk.error.order", largest=MAX_ORDER, order=order)
    variable = choose_variable(problem, wrt)
    trees = nth_derivative_steps(problem.as_typed, variable, order, problem.variables)
    return Derivative(problem, variable, order, tuple(trees), trees[-1].result)


def choose_variable(problem: Problem, wrt: str | sympy.Symbol | None) -> sympy.Symbol:
    """The variable named by ``wrt`` (any spelling parse accepts), or f's only variable."""
    if wrt is None:
        if len(problem.variables) == 1:
            return problem.variables[0]
        if not problem.variables:
            raise ParseError.from_phrase("walk.error.no_variables", expression=problem.text.strip())
        raise ParseError.from_phrase("walk.error.which_variable",
                                     names=", ".join(str(v) for v in problem.variables))
    if isinstance(wrt, sympy.Symbol):
        return make_symbol(wrt.name)
    (variable,) = parse_variables(wrt)
    return variable
