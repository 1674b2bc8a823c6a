"""Deciding whether a student's expression equals the expected one.

The rule, in the order it is applied:

1. **Both sides constant** (no free symbols): rational numbers are compared exactly, so
   ``0.33`` (read as 33/100) is not ``1/3`` while ``0.5`` is ``1/2``, as in STACK.
   Irrational constants are compared to 60 significant digits; a side that is not a
   finite real number (``sqrt(-2)``) never equals a real one.
2. **Numeric sampling**: a pool of random real points is drawn where the *expected*
   answer is defined — every subexpression real and finite, the convention of the
   STACK check that ``stack-equivalence.tsv`` documents; points where it is undefined
   are redrawn. Each coordinate is a small integer, a half-integer or a random real
   (mixed scales), so a power like ``(-1)^n`` or ``(a^b)^c`` meets the points where it
   is real. The answer is evaluated there with 60-digit arithmetic; one point where the
   values differ beyond the relative tolerance makes the answer ``different``.
   Differences at the 10⁻¹² level are re-checked at 120 digits, so a float literal
   (``0.333333333333333``) is told apart from an exact fraction.
3. **Domain**: a point where the expected answer is defined but the answer is not is
   re-tried a hair away (a removable singularity such as ``(x²-1)/(x+1)`` at -1 is not
   a mismatch). Equal on the common natural domain counts as equal (``ln(x³)`` and
   ``3 ln x``) with a note; an answer defined on too few of the expected answer's points
   is ``different`` for its domain.
4. **Symbolic confirmation where cheap**: small rational expressions are confirmed with
   ``cancel(answer - expected) == 0`` under a short bound; the verdict does not depend
   on it, the reported ``method`` does.

Everything runs under a time bound (:func:`symgrad.limits.time_limit`); past it the
verdict is ``undecided``.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass, field
from typing import Mapping, Sequence

import mpmath
import sympy

from symgrad.errors import ResourceLimitError
from symgrad.limits import time_limit
from symgrad.parse import as_expression
from symgrad.messages import Message as Note

SAME = "same"
DIFFERENT = "different"
UNDECIDED = "undecided"

DEFAULT_SECONDS = 2.0
RELATIVE_TOLERANCE = mpmath.mpf("1e-20")
ZERO_FLOOR = mpmath.mpf("1e-30")
NEAR_MISS = mpmath.mpf("1e-12")
WORKING_DIGITS = 60
RECHECK_DIGITS = 120
POOL_SIZE = 32
MAX_DRAWS = 400
MIN_COMMON_POINTS = 5
CONFIRM_SECONDS = 0.25
CONFIRM_MAX_OPS = 80


@dataclass(frozen=True)
class Comparison:
    """The verdict on one answer: ``same``, ``different`` or ``undecided``.

    ``method`` says how it was reached (exact, numeric, symbolic, domain, timeout,
    no-points); ``message`` is one sentence for a person, as a phrase key of
    :mod:`symgrad.phrases` and its fields, translated when shown;
    ``witness`` is a point that shows a difference (variable name -> value) where there
    is one; ``remarks`` (messages too) do not change the verdict (a partial domain mismatch).
    """

    verdict: str
    method: str
    message: Note | None = None
    witness: tuple[tuple[str, str], ...] = ()
    remarks: tuple[Note, ...] = ()

    @property
    def same(self) -> bool:
        return self.verdict == SAME

    def to_dict(self) -> dict:
        """The comparison as data; ``detail`` and ``notes`` are messages (no detail: "")."""
        return {"verdict": self.verdict, "method": self.method, "detail": "" if self.message is None else self.message,
                "witness": dict(self.witness), "notes": list(self.remarks)}


# ---------------------------------------------------------------- real evaluation

class _Undefined(Exception):
    """A subexpression is not a finite real number at this point."""


class _Unsupported(Exception):
    """The expression holds something the evaluator does not know."""


def _real(value) -> mpmath.mpf:
    """``value`` as a finite real mpf, else :class:`_Undefined`."""
    if isinstance(value, mpmath.mpc):
        if value.imag != 0:
            raise _Undefined
        value = value.real
    if not isinstance(value, mpmath.mpf):
        value = mpmath.mpf(value)
    if not mpmath.isfinite(value):
        raise _Undefined
    return value


def _log(x):
    if x <= 0:
        raise _Undefined
    return mpmath.log(x)


def _inverse_trig(function, low=-1, high=1):
    def apply(x):
        if x < low or x > high:
            raise _Undefined
        return function(x)
    return apply


def _nonzero_divisor(function, divisor):
    def apply(x):
        if divisor(x) == 0:
            raise _Undefined
        return function(x)
    return apply


_FUNCTIONS = {
    sympy.exp: mpmath.exp,
    sympy.log: _log,
    sympy.sin: mpmath.sin,
    sympy.cos: mpmath.cos,
    sympy.tan: _nonzero_divisor(mpmath.tan, mpmath.cos),
    sympy.sec: _nonzero_divisor(mpmath.sec, mpmath.cos),
    sympy.csc: _nonzero_divisor(mpmath.csc, mpmath.sin),
    sympy.cot: _nonzero_divisor(mpmath.cot, mpmath.sin),
    sympy.asin: _inverse_trig(mpmath.asin),
    sympy.acos: _inverse_trig(mpmath.acos),
    sympy.atan: mpmath.atan,
    sympy.sinh: mpmath.sinh,
    sympy.cosh: mpmath.cosh,
    sympy.tanh: mpmath.tanh,
    sympy.asinh: mpmath.asinh,
    sympy.acosh: _inverse_trig(mpmath.acosh, 1, mpmath.inf),
    sympy.atanh: _inverse_trig(mpmath.atanh, -1, 1),
    sympy.Abs: abs,
    sympy.sign: mpmath.sign,
}


def _power(base, exponent):
    """Real power: a negative base needs an integer exponent; 0 needs a positive one."""
    if base == 0:
        if exponent <= 0:
            raise _Undefined
        return mpmath.mpf(0)
    if base < 0 and exponent != mpmath.floor(exponent):
        raise _Undefined
    return base ** exponent


def evaluate_real(expr: sympy.Expr, point: Mapping[sympy.Symbol, mpmath.mpf]) -> mpmath.mpf | None:
    """``expr`` at ``point`` at the current mpmath precision, or None where it is undefined.

    Undefined means some subexpression is not a finite real number (log of a negative,
    a division by zero, an even root of a negative): the real-domain convention.
    Raises :class:`_Unsupported` for a node the evaluator does not know.
    """
    memo: dict = {}
    try:
        return _evaluate(expr, point, memo)
    except (_Undefined, ZeroDivisionError, ValueError, OverflowError):
        return None


def _evaluate(expr, point, memo):
    cached = memo.get(expr)
    if cached is not None:
        return cached
    value = _evaluate_node(expr, point, memo)
    value = _real(value)
    memo[expr] = value
    return value


def _evaluate_node(expr, point, memo):
    if expr.is_Symbol:
        try:
            return point[expr]
        except KeyError:
            raise _Unsupported(f"no value for {expr}") from None
    if expr.is_Rational:
        return mpmath.mpf(expr.p) / expr.q
    if expr.is_Float:
        return mpmath.mpf(expr._mpf_)
    if expr is sympy.pi:
        return +mpmath.pi
    if expr is sympy.E:
        return +mpmath.e
    if expr.is_Add:
        return mpmath.fsum(_evaluate(term, point, memo) for term in expr.args)
    if expr.is_Mul:
        return mpmath.fprod(_evaluate(factor, point, memo) for factor in expr.args)
    if expr.is_Pow:
        base = _evaluate(expr.base, point, memo)
        exponent = _evaluate(expr.exp, point, memo)
        return _power(base, exponent)
    function = _FUNCTIONS.get(type(expr))
    if function is not None and len(expr.args) == 1:
        return function(_evaluate(expr.args[0], point, memo))
    if isinstance(expr, (sympy.Max, sympy.Min)):
        values = [_evaluate(arg, point, memo) for arg in expr.args]
        return max(values) if isinstance(expr, sympy.Max) else min(values)
    if expr.is_number:
        value = sympy.N(expr, mpmath.mp.dps)
        if value.is_real and value.is_finite:
            return mpmath.mpf(value._mpf_) if value.is_Float else mpmath.mpf(str(value))
        raise _Undefined
    raise _Unsupported(f"cannot evaluate {type(expr).__name__}")


# ---------------------------------------------------------------- sample points

@dataclass(frozen=True)
class SamplePlan:
    """Points where the expected answer is defined, with its values there.

    Built once per expected answer (:func:`sample_plan`) and reused for every answer
    compared with it; that is what makes grading a class cheap.
    """

    expected: sympy.Expr
    variables: tuple[sympy.Symbol, ...]
    points: tuple[dict, ...]
    values: tuple[mpmath.mpf, ...]
    seed: int
    unsupported: str | None = None
    draws: int = 0
    extra_values: dict = field(default_factory=dict, compare=False, hash=False)


def _stable_seed(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


NICE_VALUES = tuple(sympy.Rational(n, 2) for n in (-4, -3, -2, -1, 1, 2, 3, 4))
NICE_SHARE = 0.6


def _draw_coordinate(rng: random.Random) -> sympy.Rational:
    """A random real at mixed scales (6 significant digits, either sign)."""
    style = rng.random()
    if style < 0.55:
        magnitude = rng.uniform(0.05, 3.0)
    elif style < 0.8:
        magnitude = rng.uniform(3.0, 12.0)
    else:
        magnitude = 10 ** rng.uniform(-2, 2)
    sign = 1 if rng.random() < 0.6 else -1
    return sympy.Rational(sign * round(magnitude * 10**6), 10**6)


def _candidate_points(symbols: tuple, rng: random.Random):
    """Candidate points: first small "nice" values (±1/2, ±1, ±3/2, ±2), where powers of a
    negative base are real; all their combinations for one variable, random ones else;
    then random reals. Each candidate is a dict symbol -> exact Rational."""
    if len(symbols) == 1:
        for value in NICE_VALUES:
            yield {symbols[0]: value}
    while True:
        if rng.random() < NICE_SHARE:
            yield {symbol: rng.choice(NICE_VALUES) for symbol in symbols}
        else:
            yield {symbol: _draw_coordinate(rng) for symbol in symbols}


def _as_mpf(value: sympy.Rational) -> mpmath.mpf:
    return mpmath.mpf(value.p) / value.q


def sample_plan(expected: sympy.Expr, variables: Sequence[sympy.Symbol] = (), *,
                seed: int | None = None, size: int = POOL_SIZE) -> SamplePlan:
    """Draw up to ``size`` points where ``expected`` is defined (at most MAX_DRAWS tries).

    ``variables`` are the exercise's variables; the expected answer's own free symbols
    are added. The draw is deterministic for a given expected answer.
    """
    expected = as_expression(expected)
    names = {str(v): v for v in variables}
    for symbol in sorted(expected.free_symbols, key=str):
        names.setdefault(str(symbol), symbol)
    ordered = tuple(names[n] for n in sorted(names))
    seed = _stable_seed(sympy.srepr(expected)) if seed is None else seed
    rng = random.Random(seed)
    points, values = [], []
    draws = 0
    if not ordered:
        return SamplePlan(expected, ordered, (), (), seed)
    try:
        with mpmath.workdps(WORKING_DIGITS):
            candidates = _candidate_points(ordered, rng)
            while len(points) < size and draws < MAX_DRAWS:
                draws += 1
                point = {symbol: _as_mpf(value) for symbol, value in next(candidates).items()}
                value = evaluate_real(expected, point)
                if value is not None:
                    points.append(point)
                    values.append(value)
    except _Unsupported as error:
        return SamplePlan(expected, ordered, (), (), seed, unsupported=str(error), draws=draws)
    return SamplePlan(expected, ordered, tuple(points), tuple(values), seed, draws=draws)


def _extra_value(plan: SamplePlan, symbol: sympy.Symbol, index: int) -> mpmath.mpf:
    """A value for a symbol the expected answer lacks, fixed per (plan, symbol, point)."""
    key = (str(symbol), index)
    if key not in plan.extra_values:
        rng = random.Random(_stable_seed(f"{plan.seed}:{symbol}:{index}"))
        plan.extra_values[key] = _as_mpf(_draw_coordinate(rng))
    return plan.extra_values[key]


# ---------------------------------------------------------------- comparison

def _agree(a: mpmath.mpf, b: mpmath.mpf, abs_tol) -> bool:
    if abs_tol is not None:
        return abs(a - b) <= abs_tol + ZERO_FLOOR
    scale = max(abs(a), abs(b))
    return abs(a - b) <= max(RELATIVE_TOLERANCE * scale, ZERO_FLOOR)


def _relative_gap(a, b) -> mpmath.mpf:
    scale = max(abs(a), abs(b))
    return abs(a - b) / scale if scale else mpmath.mpf(0)


def _fmt(value, digits: int = 10) -> str:
    return mpmath.nstr(value, digits)


def _witness(point: Mapping) -> tuple[tuple[str, str], ...]:
    return tuple((str(symbol), _fmt(value, 8)) for symbol, value in
                 sorted(point.items(), key=lambda item: str(item[0])))


def says(key: str, **fields) -> Note:
    """A message for a person: the phrase ``key`` of :mod:`symgrad.phrases` with its
    fields as text (a field that is itself a note stays one, and is translated with it)."""
    return Note(key, tuple((name, value if isinstance(value, Note) else str(value)) for name, value in fields.items()))


def _describe(point: Mapping) -> str:
    return ", ".join(f"{name} = {value}" for name, value in _witness(point))


def compare_constants(answer: sympy.Expr, expected: sympy.Expr, abs_tol=None) -> Comparison:
    """Two constants: exactly when both are rational, else to 60 digits (or ``abs_tol``)."""
    if answer.is_Rational and expected.is_Rational and abs_tol is None:
        if answer == expected:
            return Comparison(SAME, "exact", Note("compare.numbers_equal"))
        return Comparison(DIFFERENT, "exact", says("compare.numbers_differ", answer=answer, expected=expected))
    with mpmath.workdps(WORKING_DIGITS):
        try:
            a = evaluate_real(answer, {})
            e = evaluate_real(expected, {})
        except _Unsupported:
            return Comparison(UNDECIDED, "unsupported", Note("compare.not_evaluable"))
        if e is None:
            if a is None:
                return Comparison(UNDECIDED, "domain", Note("compare.neither_real"))
            return Comparison(DIFFERENT, "domain", Note("compare.expected_not_real"))
        if a is None:
            return Comparison(DIFFERENT, "domain", Note("compare.answer_not_real"))
        if _agree(a, e, abs_tol):
            method = "exact" if abs_tol is None else "tolerance"
            return Comparison(SAME, method, says("compare.numbers_agree", answer=_fmt(a), expected=_fmt(e)))
        return Comparison(DIFFERENT, "exact" if abs_tol is None else "tolerance",
                          says("compare.numbers_differ", answer=_fmt(a), expected=_fmt(e)))


def _recheck_differs(answer, expected, point) -> bool:
    """At 120 digits, whether the values at ``point`` still differ (rules out round-off)."""
    with mpmath.workdps(RECHECK_DIGITS):
        a = evaluate_real(answer, point)
        e = evaluate_real(expected, point)
        return a is None or e is None or not _agree(a, e, None)


def _nudged(point: Mapping, index: int) -> dict:
    rng = random.Random(index * 7919 + 17)
    return {symbol: value * (1 + mpmath.mpf(rng.uniform(1, 2)) * mpmath.mpf("1e-7")) + mpmath.mpf("1e-9")
            for symbol, value in point.items()}


def compare_on_plan(answer: sympy.Expr, plan: SamplePlan, abs_tol=None) -> Comparison:
    """Compare ``answer`` with ``plan.expected`` at the plan's points (rules 2 and 3)."""
    expected = plan.expected
    if plan.unsupported:
        return Comparison(UNDECIDED, "unsupported", says("compare.unsupported", reason=plan.unsupported))
    if not plan.points:
        return Comparison(UNDECIDED, "no-points", Note("compare.no_points"))
    extra = sorted(answer.free_symbols - set(plan.variables), key=str)
    common = mismatches = 0
    mismatch_at = None
    with mpmath.workdps(WORKING_DIGITS):
        for index, (point, e) in enumerate(zip(plan.points, plan.values)):
            if extra:
                point = dict(point)
                for symbol in extra:
                    point[symbol] = _extra_value(plan, symbol, index)
            try:
                a = evaluate_real(answer, point)
                if a is None:
                    nudged = _nudged(point, index)
                    e_nudged = evaluate_real(expected, nudged)
                    a = evaluate_real(answer, nudged)
                    if a is None or e_nudged is None:
                        mismatches += 1
                        mismatch_at = mismatch_at or point
                        continue
                    point, e = nudged, e_nudged
            except _Unsupported as error:
                return Comparison(UNDECIDED, "unsupported", says("compare.unsupported", reason=str(error)))
            if not _agree(a, e, abs_tol):
                if abs_tol is None and _relative_gap(a, e) < NEAR_MISS and not _recheck_differs(answer, expected, point):
                    common += 1
                    continue
                return Comparison(
                    DIFFERENT, "numeric",
                    says("compare.differs_at", point=_describe(point), answer=_fmt(a), expected=_fmt(e)),
                    witness=_witness(point))
            common += 1
    if common < MIN_COMMON_POINTS:
        if mismatches:
            return Comparison(
                DIFFERENT, "domain",
                says("compare.domains_differ", point=_describe(mismatch_at)), witness=_witness(mismatch_at))
        return Comparison(UNDECIDED, "no-points", Note("compare.too_few_points"))
    remarks = ()
    if mismatches:
        remarks = (says("compare.partly_undefined", point=_describe(mismatch_at)),)
    return Comparison(SAME, "numeric", says("compare.equal_at_points", count=common), remarks=remarks)


def _cheap_to_confirm(answer: sympy.Expr, expected: sympy.Expr) -> bool:
    for expr in (answer, expected):
        if sympy.count_ops(expr) > CONFIRM_MAX_OPS:
            return False
        if expr.atoms(sympy.Function):
            return False
        if any(not power.exp.is_Integer for power in expr.atoms(sympy.Pow)):
            return False
    return True


def confirm_symbolically(answer: sympy.Expr, expected: sympy.Expr) -> bool:
    """Whether a cheap rational simplification proves ``answer == expected``."""
    if not _cheap_to_confirm(answer, expected):
        return False
    try:
        with time_limit(CONFIRM_SECONDS, "confirm"):
            return sympy.cancel(answer - expected) == 0
    except ResourceLimitError:
        return False


def equivalent(answer: sympy.Expr, expected: sympy.Expr, variables: Sequence[sympy.Symbol] = (), *,
               plan: SamplePlan | None = None, abs_tol=None,
               seconds: float = DEFAULT_SECONDS) -> Comparison:
    """Whether ``answer`` equals ``expected`` on the expected answer's real domain.

    ``abs_tol`` (a number) switches to an absolute tolerance, for values the exercise
    states to a number of decimals. ``plan`` reuses the sample points of an earlier
    call with the same expected answer. Bounded by ``seconds``; past it: ``undecided``.
    """
    answer, expected = as_expression(answer), as_expression(expected)
    tolerance = None if abs_tol is None else mpmath.mpf(str(abs_tol))
    try:
        with time_limit(seconds, "compare"):
            if not answer.free_symbols and not expected.free_symbols:
                return compare_constants(answer, expected, tolerance)
            if plan is None or plan.expected != expected:
                plan = sample_plan(expected, variables)
            if not plan.variables:
                plan = sample_plan(expected, sorted(answer.free_symbols, key=str))
            result = compare_on_plan(answer, plan, tolerance)
            if result.same and result.method == "numeric" and not result.remarks \
                    and confirm_symbolically(answer, expected):
                return Comparison(SAME, "symbolic", Note("compare.equal_symbolically"), remarks=result.remarks)
            return result
    except ResourceLimitError:
        return Comparison(UNDECIDED, "timeout", says("compare.timeout", seconds=f"{seconds:g}"))
    except RecursionError:
        return Comparison(UNDECIDED, "timeout", Note("compare.too_deep"))
