"""Worked solutions of the bank's exercises: what ``symgrad exercises solve`` shows.

:func:`solve` builds a :class:`Solution` from an :class:`~symgrad.exercises.Exercise`:
the walkthrough of its function (at the exercise's point, or at the descent's start),
every item's answer (the lecture's printed value beside the exact one symgrad computes),
and for exercises with a descent the exact iterates Θ₀ … Θₙ with ∇f(Θₖ) and f(Θₖ),
computed by Θₖ₊₁ = Θₖ ∓ ρ∇f(Θₖ) in rational arithmetic.  Where the lecture prints a
value computed at a rounded point (camelback's J(Θ₁) at (−0.4748, 0.525)), the value at
that printed point is computed too, so the difference can be explained.

Nothing here prints: the renderers (:mod:`symgrad.render`) show a Solution in every
format and language.

>>> from symgrad.exercises import get_exercise
>>> solution = solve(get_exercise("camelback"))
>>> [str(v) for v in solution.iterates[1].theta]
['-3799/8000', '21/40']
>>> theta1 = solution.answer("theta1")
>>> theta1.printed, theta1.rounded
((-1187/2500, 21/40), (-4749/10000, 21/40))
>>> round(float(solution.answer("J1").at_printed), 5)
-0.24906
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from symgrad.catalog import find_exercise
from symgrad.exercises import Exercise, Item, descent_iterates
from symgrad.display import displayable


def shape_map(function, value):
    """``function`` applied to every entry of a scalar, vector (tuple) or matrix (tuple of tuples)."""
    if isinstance(value, tuple):
        return tuple(shape_map(function, entry) for entry in value)
    return function(value)


def round_to(value: sympy.Expr, decimals: int) -> sympy.Rational:
    """``value`` rounded half away from zero to ``decimals`` places, exactly."""
    scale = sympy.Integer(10) ** decimals
    scaled = abs(sympy.Rational(value) * scale) if value.is_Rational else abs(sympy.nsimplify(
        sympy.Float(value, 40) * scale, rational=True))
    rounded = sympy.floor(scaled + sympy.Rational(1, 2))
    return sympy.sign(value) * rounded / scale


@dataclass(frozen=True)
class SolvedItem:
    """One item's answer: the lecture's ``printed`` value (or the expected formula), the
    ``exact`` value symgrad computed (None for formulas), the exact value ``rounded`` to
    the decimals the lecture prints, and ``at_printed``: the value at the lecture's
    printed, rounded point, where the lecture computed it there."""

    item: Item
    printed: Any
    exact: Any = None
    rounded: Any = None
    at_printed: Any = None

    @property
    def key(self) -> str:
        return self.item.key

    @property
    def differs(self) -> bool:
        """Whether the lecture's printed value is not the exact one rounded to its decimals."""
        return self.rounded is not None and self.rounded != self.printed

    def to_dict(self) -> dict:
        def text(value):
            return None if value is None else shape_map(str, value)

        def decimal(value):
            return None if value is None else shape_map(float, value)

        return {"key": self.key, "kind": self.item.kind, "expected": text(self.printed),
                "exact": text(self.exact), "exact_decimal": decimal(self.exact),
                "decimals": self.item.decimals, "rounded": text(self.rounded),
                "at_printed_point": text(self.at_printed),
                "printed_at": None if self.item.printed_at is None else [str(v) for v in self.item.printed_at],
                "note": None if self.item.note is None else self.item.note.to_dict()}


@dataclass(frozen=True)
class IterateRow:
    """Θₖ, ∇f(Θₖ) and f(Θₖ) of the descent, exactly."""

    k: int
    theta: tuple[sympy.Expr, ...]
    gradient: tuple[sympy.Expr, ...]
    value: sympy.Expr

    def to_dict(self) -> dict:
        return {"k": self.k, "theta": [str(v) for v in self.theta],
                "theta_decimal": [float(v) for v in self.theta],
                "gradient": [str(v) for v in self.gradient],
                "gradient_decimal": [float(v) for v in self.gradient],
                "value": str(self.value), "value_decimal": float(self.value)}


@displayable
@dataclass(frozen=True)
class Solution:
    """The worked solution of one exercise (see the module docstring)."""

    exercise: Exercise
    walkthrough: Any
    answers: tuple[SolvedItem, ...]
    iterates: tuple[IterateRow, ...] = ()

    def answer(self, key: str) -> SolvedItem:
        for solved in self.answers:
            if solved.key == key:
                return solved
        self.exercise.item(key)  # raises ExerciseError listing the keys
        raise AssertionError(key)

    @property
    def compared(self) -> tuple[SolvedItem, ...]:
        """The items whose printed value is a rounded number (printed beside the exact one)."""
        return tuple(s for s in self.answers if s.exact is not None and s.item.decimals is not None)

    def to_dict(self) -> dict:
        exercise = self.exercise
        return {"exercise": exercise.id, "title": exercise.title.to_dict(), "task": exercise.task.to_dict(),
                "function": exercise.function_text, "variables": [str(v) for v in exercise.variables],
                "walkthrough": None if self.walkthrough is None else self.walkthrough.to_dict(),
                "items": [solved.to_dict() for solved in self.answers],
                "descent": None if exercise.descent is None else exercise.descent.to_dict(),
                "iterates": [row.to_dict() for row in self.iterates],
                "notes": [note.to_dict() for note in exercise.notes],
                "errata": [erratum.to_dict() for erratum in exercise.errata]}


@displayable
@dataclass(frozen=True)
class ExerciseList:
    """The bank (or part of it) as one renderable list: id, section, title and item keys."""

    exercises: tuple[Exercise, ...]

    def to_dict(self) -> list:
        return [{"id": e.id, "section": e.section, "title": e.title.to_dict(), "items": [i.key for i in e.items]}
                for e in self.exercises]


def _walkthrough_point(exercise: Exercise):
    """The point the walkthrough evaluates at: the first item's point, else the descent's start."""
    for item in exercise.items:
        if item.at is not None and len(item.at) == len(exercise.variables):
            return item.at
    if exercise.descent is not None:
        return exercise.descent.start
    return None


def _walkthrough(exercise: Exercise):
    from symgrad.walkthrough import walkthrough

    point = _walkthrough_point(exercise)
    at = None if point is None else [str(v) for v in point]
    optimum = any(item.kind in ("minimum", "maximum") for item in exercise.items)
    return walkthrough(exercise.function_text, [str(v) for v in exercise.variables], at=at,
                       critical_points=optimum and len(exercise.variables) == 1)


def _solved(exercise: Exercise, item: Item) -> SolvedItem:
    if item.exact is None:
        return SolvedItem(item, item.expected)
    rounded = None
    if item.decimals is not None:
        rounded = shape_map(lambda v: round_to(v, item.decimals), item.exact)
    at_printed = None
    if item.printed_at is not None and item.kind == "value":
        at_printed = item.function.xreplace(dict(zip(exercise.variables, item.printed_at)))
    return SolvedItem(item, item.expected, item.exact, rounded, at_printed)


def iterate_rows(exercise: Exercise) -> tuple[IterateRow, ...]:
    """Θ₀ … Θₙ (n: the largest step an item asks for, at least 1) with ∇f and f, exactly."""
    if exercise.descent is None:
        return ()
    steps = max((item.step for item in exercise.items if item.step is not None), default=1)
    gradient = [sympy.diff(exercise.function, v) for v in exercise.variables]
    rows = []
    for k, theta in enumerate(descent_iterates(exercise.function, exercise.variables, exercise.descent,
                                               max(steps, 1))):
        point = dict(zip(exercise.variables, theta))
        rows.append(IterateRow(k, theta, tuple(g.xreplace(point) for g in gradient),
                               exercise.function.xreplace(point)))
    return tuple(rows)


def solve(exercise: Exercise | str) -> Solution:
    """The worked solution of ``exercise`` (an Exercise or a bank id).

    >>> solve("p1").answer("f_x(1,2)").exact
    8
    """
    if isinstance(exercise, str):
        exercise = find_exercise(exercise)
    if not isinstance(exercise, Exercise):
        raise TypeError(f"expected an exercise or a bank id such as 'p1', not {type(exercise).__name__}")
    return Solution(exercise, _walkthrough(exercise),
                    tuple(_solved(exercise, item) for item in exercise.items), iterate_rows(exercise))


__all__ = ["ExerciseList", "IterateRow", "Solution", "SolvedItem", "iterate_rows", "round_to", "shape_map", "solve"]
