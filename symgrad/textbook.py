"""Textbook form: the tidy way a lecture prints a derivative.

Contract of :func:`textbook_form`: the result is mathematically equal to the input
(only expansion, collection over a common denominator, cancellation, factoring of
common content and the hyperbolic identities cosh² − sinh² = 1 and sinh/cosh = tanh are
used), and, except for polynomials (always expanded, as a textbook
prints them), it is never longer (``sympy.count_ops``) than the input.

- A polynomial is expanded; its common monomial content is pulled out only when that
  saves at least two operations (``6xz − 6xy`` → ``6x(z − y)``, but ``y² + 2xy`` stays).
- Anything else is written as ONE fraction: the numerator expanded, or with its common
  content factored out when that is shorter; the denominator as a product of
  powers of expanded polynomials (``(x² + 2xy − y²)²`` is kept as a power).
- The cost is bounded: large inputs, or inputs whose expansion would be large, come
  back unchanged rather than through an expensive ``simplify``.
"""

from __future__ import annotations

import sympy
from sympy import Add, Expr, Mul, Pow, count_ops, factor_terms, fraction, together

from symgrad.limits import within
from symgrad.parse import as_expression

#: inputs with more operations than this are returned unchanged (bounded cost)
MAX_OPS = 200
#: a sum over more distinct denominators than this is not put over one denominator
MAX_DENOMINATORS = 4
#: a power of a sum is expanded only up to this exponent
MAX_EXPAND_EXPONENT = 12
#: factoring a polynomial must save this many operations to be preferred to its expansion
POLYNOMIAL_FACTOR_SAVING = 2
#: a numerator is factored as soon as that is shorter (−2(x² + 2xy + 3y²) over D²)
NUMERATOR_FACTOR_SAVING = 1


def _expand(expr: Expr) -> Expr:
    """Distribute products and integer powers of sums; leave exp/log/powers of products alone."""
    return sympy.expand(expr, power_exp=False, power_base=False, log=False, deep=True)


def _expansion_is_bounded(expr: Expr) -> bool:
    """False when expanding would multiply out a big power of a sum."""
    for sub in sympy.preorder_traversal(expr):
        if isinstance(sub, Pow) and isinstance(sub.base, Add) and sub.exp.is_Integer:
            if abs(int(sub.exp)) > MAX_EXPAND_EXPONENT or len(sub.base.args) ** abs(int(sub.exp)) > 5000:
                return False
    return True


def _ops(expr: Expr) -> int:
    return count_ops(expr)


def _tidy_polynomial(expr: Expr, saving: int) -> Expr:
    """Expanded, or with the common content pulled out when that saves ``saving`` ops."""
    expanded = _expand(expr)
    factored = factor_terms(expanded)
    if _ops(factored) <= _ops(expanded) - saving:
        return factored
    return expanded


def _tidy_denominator(den: Expr) -> Expr:
    """A product of powers whose bases are expanded: (x² + 2xy − y²)² stays a square."""
    factors = []
    for factor in Mul.make_args(den):
        base, exponent = factor.as_base_exp()
        if isinstance(base, Add):
            base = _expand(base)
        factors.append(base**exponent)
    return Mul(*factors)


def _one_fraction(expr: Expr) -> Expr:
    """``expr`` over a common denominator with tidy numerator and denominator."""
    combined = together(expr)
    num, den = fraction(combined)
    num = _tidy_polynomial(num, saving=NUMERATOR_FACTOR_SAVING)
    den = _tidy_denominator(den)
    return num / den


def _cancelled(expr: Expr) -> Expr:
    """``expr`` with common polynomial factors of numerator and denominator cancelled."""
    cancelled = sympy.cancel(expr)
    num, den = fraction(cancelled)
    num = _tidy_polynomial(num, saving=NUMERATOR_FACTOR_SAVING)
    if den != 1 and _ops(den) <= 60:
        den = sympy.factor(den)
    return num / _tidy_denominator(den)


def textbook_form(expr: Expr, variables=()) -> Expr:
    """The lecture's way of writing ``expr``: equal to it; polynomials expanded, anything
    else one tidy fraction never longer (count_ops) than ``expr``.

    ``variables`` are the problem's variables (the other free symbols are treated as
    constants when deciding whether ``expr`` is a polynomial).
    """
    expr = as_expression(expr)
    symbols = tuple(variables) or tuple(sorted(expr.free_symbols, key=lambda s: s.name))
    if not expr.free_symbols or _ops(expr) > MAX_OPS or not _expansion_is_bounded(expr):
        return expr
    if expr.is_polynomial(*symbols):
        return _tidy_polynomial(expr, saving=POLYNOMIAL_FACTOR_SAVING)

    denominators = {fraction(term)[1] for term in Add.make_args(expr)}
    if len(denominators) > MAX_DENOMINATORS:
        return expr
    candidates = [_one_fraction(expr)]
    if expr.is_rational_function(*symbols) or _ops(expr) <= 120:
        try:
            candidates.append(_cancelled(candidates[0]))
        except sympy.PolynomialError:
            pass
    candidates += _hyperbolic_forms(min(candidates, key=_ops))
    best = min(candidates, key=_ops)
    return best if _ops(best) <= _ops(expr) else expr


_HYPERBOLIC = (sympy.sinh, sympy.cosh, sympy.tanh, sympy.coth, sympy.sech, sympy.csch)
_TRIGONOMETRIC = (sympy.sin, sympy.cos, sympy.tan, sympy.cot, sympy.sec, sympy.csc)
#: hyperbolic identities are tried only on expressions this short
MAX_HYPERBOLIC_OPS = 60
#: and for this many seconds at most (trigsimp took 4 s on the derivative of x·sinh(x + ln(x² + 1)))
HYPERBOLIC_SECONDS = 0.5


def _hyperbolic_forms(expr: Expr) -> list[Expr]:
    """``expr`` with the hyperbolic identities applied (cosh² − sinh² = 1, sinh/cosh = tanh),
    when that takes no new arguments (``sinh(2x)`` for 2·sinh x·cosh x is not the textbook's)
    and ``expr`` has no trigonometric functions, within :data:`HYPERBOLIC_SECONDS`; otherwise
    nothing."""
    if not expr.has(*_HYPERBOLIC) or expr.has(*_TRIGONOMETRIC) or _ops(expr) > MAX_HYPERBOLIC_OPS:
        return []
    simplified = within(HYPERBOLIC_SECONDS, lambda: sympy.trigsimp(expr), None)
    if simplified is None:
        return []
    return [simplified] if _hyperbolic_arguments(simplified) <= _hyperbolic_arguments(expr) else []


def _hyperbolic_arguments(expr: Expr) -> set:
    """The arguments the hyperbolic functions in ``expr`` are applied to."""
    return {function.args for function in expr.atoms(*_HYPERBOLIC)}
