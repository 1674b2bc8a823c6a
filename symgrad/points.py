"""Exact values at a point: the numbers a walkthrough and its critical points report.

Every value is exact (a SymPy number) and carries its decimal, computed last, from the
exact value; ``decimal`` is None where the value is not a finite real.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import sympy

from symgrad.curvature import Curvature


@dataclass(frozen=True)
class Value:
    """An exact value with its decimal; ``decimal`` is None where it is not a finite real."""

    exact: sympy.Expr
    decimal: float | None

    @classmethod
    def of(cls, exact: sympy.Expr) -> "Value":
        return cls(exact, to_float(exact))

    def to_dict(self) -> dict:
        return {"exact": str(self.exact), "float": self.decimal}


@dataclass(frozen=True)
class PointEvaluation:
    """f, ∇f and ∇²f at one point."""

    point: tuple[Value, ...]
    value: Value
    gradient: tuple[Value, ...]
    hessian: tuple[tuple[Value, ...], ...]

    @property
    def defined(self) -> bool:
        return self.value.decimal is not None

    @property
    def curvature(self) -> Curvature | None:
        """What ∇²f says about a learning rate here (:mod:`symgrad.curvature`), when the point
        is critical (∇f = 0 exactly) and every Hessian entry is a real number; else None."""
        entries = [[h.decimal for h in row] for row in self.hessian]
        if not all(g.decimal == 0 for g in self.gradient) or any(e is None for row in entries for e in row):
            return None
        return Curvature.of(entries)

    def to_dict(self) -> dict:
        data = {
            "point": [v.to_dict() for v in self.point],
            "value": self.value.to_dict(),
            "gradient": [v.to_dict() for v in self.gradient],
            "hessian": [[v.to_dict() for v in row] for row in self.hessian],
        }
        curvature = self.curvature
        if curvature is not None:
            data["curvature"] = curvature.to_dict()
        return data


def substitute(expr: sympy.Expr, variables: Sequence[sympy.Symbol], point: Sequence[sympy.Expr]) -> sympy.Expr:
    """expr at the point, exact; ``nan`` where the substitution is undefined."""
    values = dict(zip(variables, point))
    try:
        value = expr.xreplace(values)
    except ValueError:  # an unevaluated Derivative cannot take a number for its variable
        value = expr.subs(values)
    if value.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        return sympy.nan
    return value


def evaluate(expr: sympy.Expr, gradient: Sequence[sympy.Expr], hessian: Sequence[Sequence[sympy.Expr]],
             variables: Sequence[sympy.Symbol], point: Sequence[sympy.Expr]) -> PointEvaluation:
    """f, ∇f and ∇²f at ``point``, each exact with its decimal; each distinct entry is
    substituted once (a 200×200 Hessian may have only two)."""
    memo: dict = {}

    def at(e):
        if e not in memo:
            memo[e] = Value.of(substitute(e, variables, point))
        return memo[e]

    return PointEvaluation(
        point=tuple(Value.of(c) for c in point),
        value=at(expr),
        gradient=tuple(at(g) for g in gradient),
        hessian=tuple(tuple(at(h) for h in row) for row in hessian),
    )


def to_float(value: sympy.Expr) -> float | None:
    """The value as a float, or None when it is not a finite real number."""
    if not isinstance(value, sympy.Expr) or value.free_symbols:
        return None
    try:
        number = complex(sympy.N(value, 20))
    except (TypeError, ValueError, OverflowError):
        return None
    if not math.isfinite(number.real) or abs(number.imag) > 1e-12 * max(1.0, abs(number.real)):
        return None
    return number.real


__all__ = ["PointEvaluation", "Value", "evaluate", "substitute", "to_float"]
