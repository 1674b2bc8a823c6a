"""Variants of an exercise: new exercises of the same shape, reproducible from a seed.

``make_variants(exercise, count, seed)`` draws ``count`` variants of one exercise of the
bank. A variant keeps the parent's items (keys, kinds, what they differentiate by) and
changes the numbers:

* the function's integer coefficients are redrawn as small integers of the same sign
  (ln(x² + 2xy − y²) → ln(ax² + bxy − cy²)); a coefficient 1 is redrawn only where it
  multiplies a term of a sum, so exp(x) and ln(x) keep their argument; a function with
  no such coefficient gets a new constant factor (ln x → 3 ln x);
* each point an item is evaluated at gets new coordinates on the parent's grid
  (integers in [−3, 3], halves or tenths in [−1, 1], ...); a point that is the descent's start
  or the minimizer follows the new start or minimizer;
* a descent gets a new start (the same grid) and a new learning rate (the parent's
  times ½, 1, 3/2 or 2, a short exact decimal).

The function stays as it is where some answer cannot be recomputed from it (a closed
form written in the file, an item with its own function) or where the answer is a
minimum found numerically (the camelback: only the start and the learning rate change).

Every expected value is recomputed from the variant's function (``sympy.diff``, exact
descent iterates), and a draw is rejected and redrawn (at most :data:`MAX_DRAWS` times)
unless: f, ∇f and ∇²f are finite and real at every point and iterate the items use; each
exact number the parent states as a clean number (an integer or a short fraction) is
clean again (:func:`is_clean`); a formula item vanishes exactly where the parent's did;
the grader can sample every formula; a descent's gradient at the start is not zero; a
minimum found numerically is a strict minimum whose 4-decimal rounding is unambiguous;
and the variant differs from its parent and from the variants drawn before it.

A variant's id names its parent, the seed and its number: ``p2~7.1`` is the first
variant of p2 for seed 7. :func:`resolve_variant` regenerates it from the id, so
``symgrad check p2~7.1`` and ``symgrad exercises solve p2~7.1`` work anywhere.

>>> from symgrad.exercises import get_exercise
>>> first = make_variants(get_exercise("p2"), 2, seed=7)[0]
>>> first.id
'p2~7.1'
>>> from symgrad.catalog import find_exercise
>>> find_exercise("p2~7.1") == first
True
"""

from __future__ import annotations

import functools
import math
import random
import re
from dataclasses import dataclass, replace
from typing import Sequence

import sympy

from symgrad.errors import SymgradError
from symgrad.exercises import Descent, Exercise, Item, Text, descent_iterates, exact_value, load_bank
from symgrad.limits import MAX_VARIANTS
from symgrad.phrases import phrase
from symgrad.notation import format_expr
from symgrad.points import to_float

SEPARATOR = "~"
MAX_SEED = 10**9
MAX_DRAWS = 200
MAX_DENOMINATOR = 20
MAX_CLEAN = 1000
COEFFICIENT_RANGE = (1, 5)
RATE_FACTORS = (sympy.Rational(1, 2), sympy.Integer(1), sympy.Rational(3, 2), sympy.Integer(2))
NUMERIC_MINIMUM_DECIMALS = 4
_VARIANT_ID = re.compile(r"^(?P<parent>[A-Za-z0-9_]+)~(?P<seed>\d{1,9})\.(?P<index>\d{1,3})$")


class VariantError(SymgradError):
    """A variant cannot be made (bad count, seed or id, or no clean draw was found)."""


# ------------------------------------------------------------------ ids

@dataclass(frozen=True)
class VariantId:
    """``parent~seed.index``: the index-th variant of ``parent`` for ``seed`` (from 1)."""

    parent: str
    seed: int
    index: int

    def __str__(self) -> str:
        return f"{self.parent}{SEPARATOR}{self.seed}.{self.index}"


def is_variant_id(text: str) -> bool:
    return SEPARATOR in text


def parse_variant_id(text: str) -> VariantId:
    """``"p2~7.1"`` → VariantId("p2", 7, 1); VariantError for anything else."""
    match = _VARIANT_ID.match(text.strip())
    if not match:
        raise VariantError.from_phrase("variant.error.bad_id", given=text)
    index = int(match["index"])
    if not 1 <= index <= MAX_VARIANTS:
        raise VariantError.from_phrase("variant.error.index", index=index, given=text, largest=MAX_VARIANTS)
    return VariantId(match["parent"], int(match["seed"]), index)


def check_request(count: int, seed: int) -> None:
    """VariantError unless 1 ≤ count ≤ MAX_VARIANTS and 0 ≤ seed ≤ MAX_SEED."""
    if not (isinstance(count, int) and not isinstance(count, bool) and 1 <= count <= MAX_VARIANTS):
        raise VariantError.from_phrase("variant.error.count", largest=MAX_VARIANTS, count=repr(count))
    if not (isinstance(seed, int) and not isinstance(seed, bool) and 0 <= seed <= MAX_SEED):
        raise VariantError.from_phrase("variant.error.seed", largest=MAX_SEED, seed=repr(seed))


# ------------------------------------------------------------------ the public API

def make_variants(exercise: Exercise, count: int, seed: int) -> tuple[Exercise, ...]:
    """Variants 1…count of ``exercise`` for ``seed`` (the same ones on every call)."""
    if not isinstance(exercise, Exercise):
        raise TypeError(f"expected an Exercise (e.g. symgrad.exercises.get_exercise('p2')), "
                        f"not {type(exercise).__name__}")
    check_request(count, seed)
    return _variants(exercise, seed, count)


_MADE: dict = {}


def _variants(exercise: Exercise, seed: int, count: int) -> tuple[Exercise, ...]:
    """Variants 1…count, each drawn after (and different from) the ones before it; cached."""
    key = (exercise.id, str(exercise.path), seed, count)
    if key not in _MADE:
        _MADE[key] = _draw_variants(exercise, seed, count)
    return _MADE[key]


def _draw_variants(exercise: Exercise, seed: int, count: int) -> tuple[Exercise, ...]:
    if count > 1:
        earlier = _variants(exercise, seed, count - 1)
    else:
        earlier = ()
    plan = VariantPlan.of(exercise)
    seen = {plan.signature(exercise)} | {plan.signature(v) for v in earlier}
    identity = VariantId(exercise.id, seed, count)
    rng = random.Random(str(identity))  # str seeds hash with SHA-512: the same on every run
    for _ in range(MAX_DRAWS):
        variant = plan.draw(rng, identity)
        if variant is not None and plan.signature(variant) not in seen:
            return earlier + (variant,)
    raise VariantError.from_phrase("variant.error.no_clean_variant", variant=identity, exercise=exercise.id,
                                   draws=MAX_DRAWS)


def resolve_variant(text: str, directory: str | None = None) -> Exercise:
    """The variant named by ``text`` (``p2~7.1``), regenerated from its parent and seed."""
    identity = parse_variant_id(text)
    bank = load_bank(directory)
    if identity.parent not in bank:
        raise VariantError.from_phrase("variant.error.no_parent", parent=identity.parent, given=text,
                                       known=", ".join(bank))
    return _variants(bank[identity.parent], identity.seed, identity.index)[identity.index - 1]


# ------------------------------------------------------------------ numbers

def is_clean(value) -> bool:
    """An integer or a short fraction: a rational with denominator ≤ 20 (or a terminating
    decimal with at most 3 places) and absolute value ≤ 1000; vectors entry by entry."""
    if isinstance(value, tuple):
        return all(is_clean(entry) for entry in value)
    if not isinstance(value, sympy.Rational):
        return False
    return abs(value) <= MAX_CLEAN and (value.q <= MAX_DENOMINATOR or 1000 % value.q == 0)


def finite_real(value) -> bool:
    """Whether ``value`` (a number, vector or matrix) is finite and real everywhere."""
    if isinstance(value, tuple):
        return all(finite_real(entry) for entry in value)
    return to_float(value) is not None


def defined_at(function, variables, point) -> bool:
    """f, every ∂f/∂v and every ∂²f/∂v∂w are finite and real at ``point``."""
    values = dict(zip(variables, point))
    return all(finite_real(e.xreplace(values)) for e in _up_to_second_derivatives(function, tuple(variables)))


@functools.lru_cache(maxsize=64)
def _up_to_second_derivatives(function, variables) -> tuple:
    """f, ∇f and ∇²f (flattened), computed once per function: a draw checks several points."""
    gradient = [sympy.diff(function, v) for v in variables]
    hessian = [sympy.diff(g, w) for g in gradient for w in variables]
    return (function, *gradient, *hessian)


def point_text(point: Sequence[sympy.Expr]) -> str:
    """``(1,2)``, ``(-0.5,0.5)``: a point as written in item keys."""
    return "(" + ",".join(format_expr(c, decimal_display=True).replace("−", "-") for c in point) + ")"


def _grid(value: sympy.Expr) -> tuple[sympy.Rational, sympy.Rational]:
    """(step, radius) of the grid new coordinates are drawn from, given a parent's."""
    value = sympy.Rational(value)
    if value.q == 1:
        return sympy.Integer(1), sympy.Integer(3)
    return sympy.Rational(1, value.q), sympy.Integer(1)


def draw_coordinate(parent: sympy.Expr, rng: random.Random) -> sympy.Rational:
    """A coordinate on the parent's grid: k·step with |k·step| ≤ radius."""
    step, radius = _grid(parent)
    reach = int(radius / step)
    return rng.randint(-reach, reach) * step


def draw_rate(parent: sympy.Expr, rng: random.Random) -> sympy.Rational:
    return sympy.Rational(parent) * rng.choice(RATE_FACTORS)


def redraw_coefficients(expr: sympy.Expr, rng: random.Random) -> sympy.Expr:
    """``expr`` with its integer coefficients redrawn (see the module docstring)."""
    changed = _redraw(expr, rng, in_sum=False)
    if changed == expr and not _has_slot(expr, in_sum=False):
        changed = rng.randint(2, COEFFICIENT_RANGE[1]) * expr
    return changed


def _magnitude(rng: random.Random) -> int:
    return rng.randint(*COEFFICIENT_RANGE)


def _redraw(expr, rng, in_sum: bool):
    """Rebuild ``expr`` as one term (of a sum when ``in_sum``), redrawing its coefficient."""
    if expr.is_Atom:
        if in_sum and (expr.is_Symbol or expr.is_Integer and expr != 0):
            return _magnitude(rng) * (expr if expr.is_Symbol else sympy.sign(expr))
        return expr
    if isinstance(expr, sympy.Add):
        return sympy.Add(*[_redraw(term, rng, in_sum=True) for term in expr.args])
    coefficient, rest = expr.as_coeff_Mul()
    if coefficient.is_Integer and rest != 1 and (in_sum or abs(coefficient) != 1):
        return sympy.sign(coefficient) * _magnitude(rng) * _rebuild(rest, rng)
    return _rebuild(expr, rng)


def _rebuild(expr, rng):
    """Rebuild the parts of a product, power or function call (not their coefficient)."""
    if expr.is_Atom:
        return expr
    if isinstance(expr, sympy.Mul):
        return sympy.Mul(*[_rebuild(factor, rng) if not factor.is_Number else factor for factor in expr.args])
    if isinstance(expr, sympy.Pow):
        return sympy.Pow(_redraw(expr.base, rng, in_sum=False), expr.exp)
    if isinstance(expr, sympy.Add):
        return _redraw(expr, rng, in_sum=False)
    return expr.func(*[_redraw(argument, rng, in_sum=False) for argument in expr.args])


def _has_slot(expr, in_sum: bool) -> bool:
    """Whether :func:`_redraw` finds any coefficient to redraw in ``expr``."""
    if expr.is_Atom:
        return bool(in_sum and (expr.is_Symbol or expr.is_Integer and expr != 0))
    if isinstance(expr, sympy.Add):
        return any(_has_slot(term, True) for term in expr.args)
    coefficient, rest = expr.as_coeff_Mul()
    if coefficient.is_Integer and rest != 1 and (in_sum or abs(coefficient) != 1):
        return True
    parts = expr.args if not isinstance(expr, sympy.Pow) else (expr.base,)
    return any(_has_slot(part, isinstance(part, sympy.Add)) for part in parts if not part.is_Number)


# ------------------------------------------------------------------ drawing a variant

@dataclass(frozen=True)
class VariantPlan:
    """What may change in one exercise, decided once from the parent (see the module doc)."""

    parent: Exercise
    perturb_function: bool
    points: tuple[tuple[sympy.Expr, ...], ...]  # the parent's free points (not start, not minimizer)

    @classmethod
    def of(cls, parent: Exercise) -> "VariantPlan":
        perturb = all(_recomputable(parent, item) for item in parent.items)
        points = []
        for item in parent.items:
            if item.at is not None and item.at not in points and _tie(parent, item.at) is None:
                points.append(item.at)
        plan = cls(parent, perturb, tuple(points))
        if not (perturb or points or parent.descent is not None):
            raise VariantError.from_phrase("variant.error.nothing_to_change", exercise=parent.id)
        return plan

    def signature(self, exercise: Exercise):
        descent = None if exercise.descent is None else (exercise.descent.start, exercise.descent.rate)
        return (exercise.function, tuple(item.at for item in exercise.items), descent)

    def draw(self, rng: random.Random, identity: VariantId) -> Exercise | None:
        """One candidate variant, or None when it fails a check (the caller redraws)."""
        parent = self.parent
        function = redraw_coefficients(parent.function, rng) if self.perturb_function else parent.function
        if not function.free_symbols or function.has(sympy.nan, sympy.zoo):
            return None
        moved = {point: tuple(draw_coordinate(c, rng) for c in point) for point in self.points}
        descent = parent.descent
        if descent is not None:
            descent = Descent(descent.rule, tuple(draw_coordinate(c, rng) for c in descent.start),
                              draw_rate(descent.rate, rng))
        try:
            items = self.items(function, moved, descent)
        except _Rejected:
            return None
        return self.exercise(identity, function, items, descent)

    def items(self, function, moved, descent) -> tuple[Item, ...]:
        parent = self.parent
        variables = parent.variables
        minimizer = self.minimizer(function, descent)
        checked: set = set()
        if descent is not None:
            steps = max((i.step for i in parent.items if i.step is not None), default=1)
            iterates = descent_iterates(function, variables, descent, max(steps, 1))
            for theta in iterates:
                self.require_defined(function, theta, checked)
            gradient = [sympy.diff(function, v).xreplace(dict(zip(variables, descent.start))) for v in variables]
            if all(g == 0 for g in gradient):
                raise _Rejected
        items = []
        for item in parent.items:
            at = item.at
            if at is not None:
                tie = _tie(parent, at)
                at = descent.start if tie == "start" else minimizer if tie == "minimizer" else moved[at]
                if at is None:
                    raise _Rejected
                self.require_defined(function, at, checked)
            items.append(self.item(item, function, at, descent, minimizer))
        return tuple(items)

    def require_defined(self, function, point, checked: set) -> None:
        if point not in checked:
            if not defined_at(function, self.parent.variables, point):
                raise _Rejected
            checked.add(point)

    def minimizer(self, function, descent):
        """The point of the (1-variable) minimum or maximum item, exactly; None without one."""
        for item in self.parent.items:
            if item.kind in ("minimum", "maximum") and len(self.parent.variables) == 1:
                value = exact_value(function, self.parent.variables, item.kind, item.wrt, None, None, descent)
                if value is None or not finite_real(value):
                    raise _Rejected
                return (value,)
        return None

    def item(self, item: Item, function, at, descent, minimizer) -> Item:
        parent = self.parent
        variables = parent.variables
        own_function = item.function if item.function != parent.function else function
        key = item.key
        if item.at is not None and point_text(item.at) in key:
            key = key.replace(point_text(item.at), point_text(at))
        if item.kind in ("minimum", "maximum") and len(variables) > 1:
            found = numeric_minimum(function, variables, descent)
            return replace(item, key=key, function=own_function, expected=found, exact=None,
                           expected_text=_texts(found), note=None, printed_at=None,
                           decimals=NUMERIC_MINIMUM_DECIMALS)
        if at is not None or item.step is not None or item.kind in ("minimum", "maximum"):
            exact = exact_value(own_function, variables, item.kind, item.wrt, at, item.step, descent)
            if not finite_real(exact):
                raise _Rejected
            if item.decimals is None and is_clean(item.reference) and not is_clean(exact):
                raise _Rejected
            return replace(item, key=key, function=own_function, at=at, expected=exact, exact=exact,
                           expected_text=_texts(exact), note=None, printed_at=None)
        if item.kind == "iterate" or own_function is item.function and item.function != parent.function:
            return replace(item, key=key, note=None)  # written out in the file, unchanged
        expected = _formula(own_function, item)
        if _zero_pattern(expected) != _zero_pattern(item.expected) or not _gradable(expected, item.variables):
            raise _Rejected
        return replace(item, key=key, function=own_function, expected=expected, exact=None,
                       expected_text=_texts(expected), note=None, printed_at=None)

    def exercise(self, identity: VariantId, function, items, descent) -> Exercise:
        parent = self.parent
        names = ", ".join(format_expr(v) for v in parent.variables)
        shown = format_expr(function, decimal_display=True)
        fields = dict(id=str(identity), parent=parent.id, name=parent.name, variables=names, function=shown)
        keys = ", ".join(item.key for item in items)
        title = Text(phrase("variant.title", "en", **fields), phrase("variant.title", "ko", **fields))
        task = Text(phrase("variant.task", "en", keys=keys, **fields), phrase("variant.task", "ko", keys=keys, **fields))
        text = parent.function_text if function == parent.function else sympy.sstr(function)
        return Exercise(id=str(identity), section=parent.section, source=parent.source, title=title,
                        task=task, function_text=text,
                        function=function, name=parent.name, variables=parent.variables, items=items,
                        descent=descent, given=parent.given if function == parent.function else None)


class _Rejected(Exception):
    """A draw failed a check; the caller draws again."""


def _recomputable(parent: Exercise, item: Item) -> bool:
    """Whether the item's answer follows from the exercise's function by symgrad's rules."""
    if item.function != parent.function:
        return False
    if item.kind == "iterate" and item.step is None:
        return False
    if item.kind in ("minimum", "maximum") and len(parent.variables) > 1:
        return False
    return True


def _tie(parent: Exercise, at) -> str | None:
    """"start" or "minimizer" when the point ``at`` is the parent's descent start or extremum."""
    if parent.descent is not None and tuple(at) == tuple(parent.descent.start):
        return "start"
    for item in parent.items:
        if item.kind in ("minimum", "maximum") and item.reference is not None and len(at) == 1 \
                and not isinstance(item.reference, tuple) and at[0] == item.reference:
            return "minimizer"
    return None


def _formula(function, item: Item):
    if item.kind == "gradient":
        return tuple(sympy.diff(function, v) for v in item.wrt)
    if item.kind == "hessian":
        return tuple(tuple(sympy.diff(function, a, b) for b in item.wrt) for a in item.wrt)
    result = function
    for variable in item.wrt:
        result = sympy.diff(result, variable)
    return result


def _zero_pattern(value):
    if isinstance(value, tuple):
        return tuple(_zero_pattern(entry) for entry in value)
    return value == 0


def _gradable(value, variables) -> bool:
    """The grader finds points where every entry of ``value`` is defined."""
    from symgrad.grading.equivalence import sample_plan

    if isinstance(value, tuple):
        return all(_gradable(entry, variables) for entry in value)
    if not value.free_symbols:
        return finite_real(value)
    return len(sample_plan(value, variables).points) >= 3


def _texts(value):
    if isinstance(value, tuple):
        return [_texts(entry) for entry in value]
    return sympy.sstr(value)


def numeric_minimum(function, variables, descent) -> tuple[sympy.Rational, ...]:
    """Where plain gradient descent from ``descent.start`` ends, rounded to 4 decimals.

    Rejected (the caller redraws) unless the run converges (‖∇f‖ < 1e-12) to a strict
    local minimum (positive definite Hessian) and no coordinate lies within 1% of a
    rounding boundary, so the rounded answer is unambiguous.
    """
    from symgrad.compile import compile_expression
    from symgrad.optim.run import StopRules, descend_compiled

    compiled = compile_expression(function, variables)
    try:
        trace = descend_compiled(compiled, [float(c) for c in descent.start], "gd", StopRules(iters=200_000, tol=1e-12),
                        lr=float(descent.rate), maximize=descent.rule == "ascent")
    except SymgradError:
        raise _Rejected from None
    if trace.stopped.reason != "converged":
        raise _Rejected
    point = compiled.floats(trace.final.theta)
    hessian = [[float(h.xreplace(dict(zip(variables, point)))) for h in row] for row in compiled.hessian_exprs]
    if len(point) == 2:
        determinant = hessian[0][0] * hessian[1][1] - hessian[0][1] * hessian[1][0]
        if not (hessian[0][0] > 0 and determinant > 0):
            raise _Rejected
    scale = 10**NUMERIC_MINIMUM_DECIMALS
    rounded = []
    for coordinate in point:
        scaled = coordinate * scale
        if abs(abs(scaled - math.floor(scaled)) - 0.5) < 0.01:
            raise _Rejected
        rounded.append(sympy.Rational(round(scaled), scale))
    return tuple(rounded)


__all__ = ["MAX_VARIANTS", "VariantError", "VariantId", "VariantPlan", "check_request", "defined_at",
           "finite_real", "is_clean", "is_variant_id", "make_variants", "numeric_minimum",
           "parse_variant_id", "point_text", "redraw_coefficients", "resolve_variant"]
