"""Critical points: the real solutions of ∇f = 0, classified by the Hessian.

Split from :mod:`symgrad.walkthrough`, which calls :func:`find_critical_points` for
every walkthrough. Everything is exact until the Hessian's eigenvalues are taken.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, replace

import sympy

from symgrad.limits import within
from symgrad.walkthrough import Note, Value, Walkthrough, evaluate_at, to_float

CRITICAL_POINT_SECONDS = 2.0
MAX_CRITICAL_POINTS = 24


@dataclass(frozen=True)
class CriticalPoint:
    """A real solution of ∇f = 0 and what the Hessian says about it."""

    point: tuple[Value, ...]
    value: Value
    kind: str  # "minimum", "maximum", "saddle" or "inconclusive"
    eigenvalues: tuple[float, ...]

    def to_dict(self) -> dict:
        return {"point": [v.to_dict() for v in self.point], "value": self.value.to_dict(),
                "kind": self.kind, "hessian_eigenvalues": list(self.eigenvalues)}


@dataclass(frozen=True)
class CriticalPoints:
    """The critical points found; ``complete`` is False when SymPy could not solve ∇f = 0."""

    points: tuple[CriticalPoint, ...]
    complete: bool
    note: Note | None = None

    def to_dict(self) -> dict:
        return {"points": [p.to_dict() for p in self.points], "complete": self.complete,
                "note": None if self.note is None else self.note.to_dict()}


def find_critical_points(walk: Walkthrough) -> CriticalPoints:
    """Real solutions of ∇f = 0 (where SymPy finds them in time), classified by the Hessian."""
    def solve_and_classify():
        points, complete = solve_gradient(walk)
        return points, complete, tuple(filter(None, (classify(walk, p) for p in points[:MAX_CRITICAL_POINTS])))

    try:
        found = within(CRITICAL_POINT_SECONDS, solve_and_classify, None, "solving ∇f = 0")
    except (NotImplementedError, ValueError, TypeError, ZeroDivisionError, sympy.PolynomialError) as error:
        return CriticalPoints((), False, Note("walk.note.unsolvable", (("error", type(error).__name__),)))
    if found is None:
        return CriticalPoints((), False, Note("walk.note.timeout"))
    points, complete, classified = found
    note = None
    if len(points) > MAX_CRITICAL_POINTS:
        complete, note = False, Note("walk.note.truncated", (("count", MAX_CRITICAL_POINTS),))
    elif not complete:
        note = Note("walk.note.incomplete")
    return CriticalPoints(classified, complete, note)


def solve_gradient(walk: Walkthrough) -> tuple[list[tuple[sympy.Expr, ...]], bool]:
    """Candidate real solutions of ∇f = 0 and whether the list is known to be complete.

    ``sympy.solve`` silently drops roots it cannot write in radicals (it finds only
    (0, 0) of the camelback's fifteen critical points), so polynomial systems go through
    a lex Gröbner basis and exact real-root isolation instead, which is complete.
    """
    variables = walk.variables
    equations = [sympy.numer(sympy.together(g)) for g in walk.gradient]
    equations = [e for e in equations if e != 0]
    if not equations:
        return [], False  # f is constant in every variable: every point is critical
    if all(e.is_polynomial(*variables) for e in equations):
        for last in reversed(variables):  # the shape position may need another variable last
            order = tuple(v for v in variables if v != last) + (last,)
            points = solve_polynomial_system(equations, order)
            if points is not None:
                return [tuple(p[order.index(v)] for v in variables) for p in points], True
        points = solve_by_eliminants(equations, variables)
        if points is not None:
            return points, True
    return solve_with_sympy(equations, variables)


def solve_polynomial_system(equations, variables) -> list[tuple[sympy.Expr, ...]] | None:
    """All real solutions of a zero-dimensional polynomial system in shape position.

    The lex basis is then g(vₙ) = 0 and vᵢ = hᵢ(vₙ); every real root of g (isolated
    exactly, as CRootOf where needed) gives one point. None when the basis has
    another shape, so the caller falls back to ``sympy.solve``.
    """
    basis = sympy.groebner(equations, *variables, order="lex")
    if list(basis.exprs) == [1]:
        return []
    if not basis.is_zero_dimensional:
        return None
    last = variables[-1]
    univariate = [p for p in basis.exprs if p.free_symbols <= {last}]
    if len(univariate) != 1:
        return None
    back_substitution = {}
    for variable in variables[:-1]:
        linear = [p for p in basis.exprs if p.free_symbols <= {variable, last}
                  and sympy.degree(p, variable) == 1 and sympy.Poly(p, variable).LC().is_number]
        if not linear:
            return None
        (value,) = sympy.solve(linear[0], variable)
        back_substitution[variable] = value
    roots = sympy.Poly(univariate[0], last).real_roots()
    points = []
    for root in dict.fromkeys(roots):
        points.append(tuple(sympy.expand(back_substitution[v].xreplace({last: root}))
                            if v in back_substitution else root for v in variables))
    return points


MAX_CANDIDATE_POINTS = 4096


def solve_by_eliminants(equations, variables) -> list[tuple[sympy.Expr, ...]] | None:
    """All real solutions of a zero-dimensional system that is not in shape position.

    Each coordinate of a solution is a real root of that variable's eliminant (the
    univariate polynomial of a lex basis with the variable last), so trying every
    combination of those roots finds every solution. None when the system is not
    zero-dimensional or the combinations are too many.
    """
    candidates = []
    for variable in variables:
        order = tuple(v for v in variables if v != variable) + (variable,)
        basis = sympy.groebner(equations, *order, order="lex")
        if list(basis.exprs) == [1]:
            return []
        eliminants = [p for p in basis.exprs if p.free_symbols <= {variable}]
        if not basis.is_zero_dimensional or not eliminants:
            return None
        candidates.append(tuple(dict.fromkeys(sympy.Poly(eliminants[0], variable).real_roots())))
    if math.prod(len(c) for c in candidates) > MAX_CANDIDATE_POINTS:
        return None
    return [point for point in itertools.product(*candidates)
            if all(vanishes(e, variables, point) for e in equations)]


def vanishes(expr: sympy.Expr, variables, point) -> bool:
    """expr is 0 at the point: exactly for rational points, else at 50 digits (algebraic roots)."""
    value = expr.xreplace(dict(zip(variables, point)))
    if all(c.is_Rational for c in point):
        return value == 0
    return abs(sympy.N(value, 50)) < sympy.Float(10) ** -40


def solve_with_sympy(equations, variables) -> tuple[list[tuple[sympy.Expr, ...]], bool]:
    """``sympy.solve``'s real solutions; complete only for a linear system."""
    raw = sympy.solve(equations, variables, dict=True)
    linear = all(sympy.Poly(e, *variables).total_degree() <= 1
                 for e in equations if e.is_polynomial(*variables)) and all(
        e.is_polynomial(*variables) for e in equations)
    points, complete = [], linear
    for solution in raw:
        coordinates = tuple(solution.get(v, v) for v in variables)
        if any(c.free_symbols for c in coordinates):
            complete = False
        elif all(to_float(c) is not None for c in coordinates):
            points.append(coordinates)
    return points, complete


def classify(walk: Walkthrough, point: tuple[sympy.Expr, ...]) -> CriticalPoint | None:
    """Second-derivative test by the Hessian's eigenvalues; None where f is undefined at the point."""
    if any(c.has(sympy.CRootOf) for c in point):
        # A root with no closed form: evaluate at 30 digits rather than with the exact CRootOf.
        evaluation = evaluate_at(walk, tuple(sympy.N(c, 30) for c in point))
        evaluation = replace(evaluation, point=tuple(Value(c, to_float(c)) for c in point))
    else:
        evaluation = evaluate_at(walk, point)
    slopes = [g.decimal for g in evaluation.gradient]
    if not evaluation.defined or any(s is None or abs(s) > 1e-9 for s in slopes):
        return None
    entries = [[h.decimal for h in row] for row in evaluation.hessian]
    if any(e is None for row in entries for e in row):
        return CriticalPoint(evaluation.point, evaluation.value, "inconclusive", ())
    eigenvalues = symmetric_eigenvalues(entries)
    tolerance = 1e-10 * max([1.0] + [abs(e) for e in eigenvalues])
    positive = sum(e > tolerance for e in eigenvalues)
    negative = sum(e < -tolerance for e in eigenvalues)
    if positive == len(eigenvalues):
        kind = "minimum"
    elif negative == len(eigenvalues):
        kind = "maximum"
    elif positive and negative:
        kind = "saddle"
    else:
        kind = "inconclusive"
    return CriticalPoint(evaluation.point, evaluation.value, kind, tuple(eigenvalues))


def symmetric_eigenvalues(entries: list[list[float]]) -> list[float]:
    """Eigenvalues of a symmetric matrix, ascending (closed form up to 2×2, NumPy beyond)."""
    if len(entries) == 1:
        return [entries[0][0]]
    if len(entries) == 2:
        (a, b), (_, d) = entries
        mean, radius = (a + d) / 2, math.hypot((a - d) / 2, b)
        return [mean - radius, mean + radius]
    import numpy  # imported here so that walking a 1- or 2-variable function does not pay for it

    return sorted(float(v) for v in numpy.linalg.eigvalsh(numpy.array(entries, dtype=float)))
