"""Critical points: the real solutions of ∇f = 0, classified by the Hessian.

:mod:`symgrad.walkthrough` calls :func:`find_critical_points` for every walkthrough,
which it takes for its variables, gradient and Hessian (so this module imports it only
for type hints). Everything is exact until the Hessian's eigenvalues are taken.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import sympy

from symgrad.curvature import Curvature, symmetric_eigenvalues  # noqa: F401  (re-exported)
from symgrad.limits import within
from symgrad.messages import Message as Note
from symgrad.points import PointEvaluation, Value, evaluate, substitute, to_float

if TYPE_CHECKING:  # critical points are found for a walkthrough, which lists them
    from symgrad.walkthrough import Walkthrough

CRITICAL_POINT_SECONDS = 2.0
MAX_CRITICAL_POINTS = 24
MAX_SET_VARIABLES = 8  # common factors of ∇f are looked for up to this many variables
MAX_SET_DEGREE = 12  # and up to this degree


@dataclass(frozen=True)
class CriticalPoint:
    """A real solution of ∇f = 0 and what the Hessian says about it."""

    point: tuple[Value, ...]
    value: Value
    kind: str  # "minimum", "maximum", "saddle" or "inconclusive"
    eigenvalues: tuple[float, ...]

    @property
    def curvature(self) -> Curvature | None:
        """What the eigenvalues say about descending here (condition number, the plain-GD
        bound lr < 2/λmax); None where the test did not apply."""
        return Curvature(self.eigenvalues) if self.eigenvalues else None

    def to_dict(self) -> dict:
        data = {"point": [v.to_dict() for v in self.point], "value": self.value.to_dict(),
                "kind": self.kind, "hessian_eigenvalues": list(self.eigenvalues)}
        if self.kind in ("minimum", "maximum"):
            curvature = self.curvature
            data["condition_number"] = curvature.condition_number
            data["gd_lr_bound"] = curvature.lr_bound if self.kind == "minimum" else curvature.flipped().lr_bound
        return data


@dataclass(frozen=True)
class CriticalSet:
    """A line or curve (or surface) of critical points: every point where all ``equations`` hold.

    The second-derivative test is always inconclusive on such a set (∇f = 0 along it,
    so the Hessian kills its tangent directions): ``kind`` is "inconclusive". ``value``
    is f on the set where it is one constant found exactly, else None.
    """

    equations: tuple[tuple[sympy.Expr, sympy.Expr], ...]  # (left, right) for left = right
    value: Value | None
    kind: str = "inconclusive"

    def to_dict(self) -> dict:
        return {"equations": [f"{left} = {right}" for left, right in self.equations], "kind": self.kind,
                "value": None if self.value is None else self.value.to_dict()}


@dataclass(frozen=True)
class CriticalPoints:
    """The critical points found; ``complete`` is False when SymPy could not solve ∇f = 0."""

    points: tuple[CriticalPoint, ...]
    complete: bool
    note: Note | None = None
    sets: tuple[CriticalSet, ...] = ()

    def to_dict(self) -> dict:
        return {"points": [p.to_dict() for p in self.points], "complete": self.complete,
                "note": None if self.note is None else self.note.to_dict(),
                "sets": [s.to_dict() for s in self.sets]}


def find_critical_points(walk: Walkthrough) -> CriticalPoints:
    """Real solutions of ∇f = 0 (where SymPy finds them in time), classified by the Hessian."""
    def solve_and_classify():
        sets, equations = critical_sets(walk)
        points, complete = solve_gradient(walk, equations) if equations or not sets else ([], True)
        points = [p for p in points if not any(on_set(walk, s, p) for s in sets)]
        classified = tuple(filter(None, (classify(walk, p) for p in points[:MAX_CRITICAL_POINTS])))
        return points, complete, classified + gradient_undefined_points(walk), sets

    try:
        found = within(CRITICAL_POINT_SECONDS, solve_and_classify, None, "solve_critical")
    except (NotImplementedError, ValueError, TypeError, ZeroDivisionError, RecursionError,
            sympy.PolynomialError) as error:
        return CriticalPoints((), False, Note("walk.note.unsolvable", (("error", type(error).__name__),)))
    if found is None:
        return CriticalPoints((), False, Note("walk.note.timeout"))
    points, complete, classified, sets = found
    note = None
    if len(points) > MAX_CRITICAL_POINTS:
        complete, note = False, Note("walk.note.truncated", (("count", MAX_CRITICAL_POINTS),))
    elif not complete:
        note = Note("walk.note.incomplete")
    return CriticalPoints(classified, complete, note, tuple(sets))


def gradient_undefined_points(walk: Walkthrough) -> tuple[CriticalPoint, ...]:
    """Points where f is defined but the formula of ∇f is not (critical in most textbooks).

    Candidates are the real zeros of the bases of negative or fractional powers in the
    partials (denominators, square-root arguments): the roots of a base in one variable,
    else the isolated real zeros of a polynomial base b, which solve b = 0, ∇b = 0. A
    candidate is kept where f has a finite real value and some partial has none.
    """
    variables, found = walk.variables, {}
    for base in dict.fromkeys(b for g in walk.gradient for b, e in powers(g) if e.is_negative or not e.is_integer):
        base = sympy.numer(sympy.together(base))
        if not base.free_symbols or not base.is_polynomial(*variables):
            continue
        system = [base] if len(variables) == 1 else [base] + [sympy.diff(base, v) for v in variables]
        for point in solve_gradient(walk, [e for e in system if e != 0])[0]:
            value = Value.of(substitute(walk.problem.expr, variables, point))
            if value.decimal is not None and any(to_float(substitute(g, variables, point)) is None
                                                 for g in walk.gradient):
                found[point] = CriticalPoint(tuple(Value.of(c) for c in point), value, "gradient_undefined", ())
    return tuple(found.values())


def powers(expr: sympy.Expr):
    """(base, exponent) of every power inside expr."""
    return [p.as_base_exp() for p in expr.atoms(sympy.Pow)]


def gradient_equations(walk: Walkthrough) -> list[sympy.Expr]:
    """The numerators of ∇f's components that are not identically 0 (∇f = 0 ⟺ all vanish where f is defined)."""
    equations = [sympy.numer(sympy.together(g)) for g in walk.gradient]
    return [e for e in equations if e != 0]


def critical_sets(walk: Walkthrough) -> tuple[list[CriticalSet], list[sympy.Expr]]:
    """Curves of critical points from a common factor of ∇f's (polynomial) numerators.

    If every equation is g·hᵢ, the solutions are the zero set of g together with the
    solutions of hᵢ = 0, so each real factor of g is a set of critical points and the
    cofactors hᵢ are left for the point solvers. Returns the sets and the equations left.
    """
    variables = walk.variables
    equations = gradient_equations(walk)
    if not 2 <= len(variables) <= MAX_SET_VARIABLES or not all(e.is_polynomial(*variables) for e in equations):
        return [], equations
    if all(is_linear(e, variables) for e in equations):
        return linear_family(walk, equations)
    if any(degree_bound(e, set(variables)) > MAX_SET_DEGREE for e in equations):
        return [], equations  # a common factor of such large polynomials is not looked for
    common = sympy.gcd_list(equations, *variables)
    if not common.free_symbols:
        return [], equations
    factors = sorted((factor for factor, _ in sympy.factor_list(common, *variables)[1]), key=sympy.default_sort_key)
    sets = [critical_set(walk, factor) for factor in factors]
    return sets, [sympy.cancel(e / common) for e in equations]


def linear_family(walk: Walkthrough, equations) -> tuple[list[CriticalSet], list[sympy.Expr]]:
    """A linear ∇f = 0 whose solutions form a line or plane: that set, with no equations left.

    A unique solution (or none) is left to :func:`solve_linear_system` (equations returned as they are).
    """
    (solution, *_) = list(sympy.linsolve(equations, *walk.variables)) or [None]
    if solution is None or not any(c.free_symbols for c in solution):
        return [], equations
    pairs = tuple((v, c) for v, c in zip(walk.variables, solution) if c != v)
    value = sympy.expand(walk.problem.expr.xreplace(dict(pairs)))
    return [CriticalSet(pairs, None if value.free_symbols else Value.of(value))], []


def critical_set(walk: Walkthrough, factor: sympy.Expr) -> CriticalSet:
    """The set factor = 0, written v = … where the factor is linear in some v, with f's value on it."""
    for variable in walk.variables:
        poly = sympy.Poly(factor, variable)
        if poly.degree() == 1 and poly.LC().is_number:
            solved = sympy.expand(-poly.nth(0) / poly.LC())
            value = sympy.expand(walk.problem.expr.xreplace({variable: solved}))
            return CriticalSet(((variable, solved),), None if value.free_symbols else Value.of(value))
    return CriticalSet(((sympy.expand(factor), sympy.Integer(0)),), None)


def on_set(walk: Walkthrough, found: CriticalSet, point) -> bool:
    """The point satisfies every equation of the set."""
    return all(vanishes(left - right, walk.variables, point) for left, right in found.equations)


def solve_gradient(walk: Walkthrough, equations) -> tuple[list[tuple[sympy.Expr, ...]], bool]:
    """Candidate real solutions of ∇f = 0 and whether the list is known to be complete.

    ``sympy.solve`` silently drops roots it cannot write in radicals (it finds only
    (0, 0) of the camelback's fifteen critical points), so polynomial systems go through
    a lex Gröbner basis and exact real-root isolation instead, which is complete.
    """
    variables = walk.variables
    if not equations:
        return [], False  # f is constant in every variable: every point is critical
    if all(e.is_polynomial(*variables) for e in equations):
        if all(is_linear(e, variables) for e in equations):
            return solve_linear_system(equations, variables)
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


def is_linear(polynomial: sympy.Expr, variables) -> bool:
    """The polynomial's degree bound is ≤ 1, read off its tree without expanding (a
    degree-30 power is not multiplied out, and Poly is dense in 200 variables)."""
    return degree_bound(polynomial, set(variables)) <= 1


def degree_bound(expr: sympy.Expr, variables: set) -> int:
    """An upper bound of the total degree: max over sums, sum over products, n·d for powers."""
    if expr in variables:
        return 1
    if not expr.free_symbols & variables:
        return 0
    if expr.is_Add:
        return max(degree_bound(a, variables) for a in expr.args)
    if expr.is_Mul:
        return sum(degree_bound(a, variables) for a in expr.args)
    if expr.is_Pow and expr.exp.is_Integer and expr.exp > 0:
        return int(expr.exp) * degree_bound(expr.base, variables)
    return 2  # not a polynomial form: never linear


def solve_linear_system(equations, variables) -> tuple[list[tuple[sympy.Expr, ...]], bool]:
    """A linear ∇f = 0 solved exactly by ``linsolve`` (200 variables in well under a second).

    A unique solution is the one point; a family of solutions (free parameters) is not
    listed as points, so the result is then incomplete.
    """
    solutions = sympy.linsolve(equations, *variables)
    points = [tuple(s) for s in solutions if not any(c.free_symbols for c in s)]
    return points, len(points) == len(solutions)


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


def evaluate_at(walk: Walkthrough, point) -> PointEvaluation:
    """f, ∇f and ∇²f of ``walk`` at ``point``."""
    return evaluate(walk.problem.expr, walk.gradient, walk.hessian, walk.variables, point)


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
