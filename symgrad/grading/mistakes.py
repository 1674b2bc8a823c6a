"""Common mistakes, each found by carrying out the mistaken derivation and comparing.

For an item, :func:`mistaken_answers` builds what a student would get by making each
mistake (the chain rule without the inner factor, the wrong variable, a sign error, …);
an incorrect answer that equals one of them gets that mistake's feedback. Nothing here
guesses from the answer's shape: a mistake is named only when the answer *is* the
result of that mistaken derivation.

Mistake ids (stable, used in batch summaries):

- ``chain_rule_inner``: outer derivative without the inner function's derivative,
- ``wrong_variable``: differentiated by another variable,
- ``other_variable_varied``: another variable treated as a variable, not a constant,
- ``sign_error``: the negative of the answer, or one term with the wrong sign,
- ``quotient_reversed``: quotient rule with the numerator g·f' − f·g' reversed,
- ``integrated``: an antiderivative instead of the derivative,
- ``components_swapped``: gradient components in the wrong order,
- ``descent_sign``: the descent step taken with + (an ascent step with −),
- ``learning_rate``: the step taken with another learning rate,
- ``not_evaluated``: the formula given where its value at the point was asked.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Sequence

import sympy

from symgrad.exercises import Descent, Exercise, Item, descent_iterates
from symgrad.grading.equivalence import says
from symgrad.messages import Message as Note

MAX_SIGN_TERMS = 6


@dataclass(frozen=True)
class Mistake:
    """A named mistake, its feedback (a phrase key and fields, translated when shown),
    and the answer it leads to (same shape as the item)."""

    id: str
    message: Note
    answer: object

    def to_dict(self) -> dict:
        """The mistake as data; ``feedback`` is its message."""
        return {"id": self.id, "feedback": self.message}


# ------------------------------------------------------------ mistaken derivations

def derivative_without_inner(expr: sympy.Expr, variable: sympy.Symbol) -> sympy.Expr:
    """d/dv as a student who forgets the chain rule's inner factor computes it:
    g(u)' = g'(u) and uⁿ' = n·uⁿ⁻¹ for a compound u, with sums and products as usual."""
    if not expr.has(variable):
        return sympy.Integer(0)
    if expr == variable:
        return sympy.Integer(1)
    if expr.is_Add:
        return sympy.Add(*[derivative_without_inner(term, variable) for term in expr.args])
    if expr.is_Mul:
        factors = expr.args
        return sympy.Add(*[sympy.Mul(*factors[:i], derivative_without_inner(f, variable), *factors[i + 1:])
                           for i, f in enumerate(factors)])
    if expr.is_Pow:
        base, exponent = expr.args
        if exponent.has(variable):
            return sympy.diff(expr, variable)
        return exponent * base ** (exponent - 1)
    if isinstance(expr, sympy.Function) and len(expr.args) == 1:
        u = sympy.Dummy("u")
        outer = sympy.diff(type(expr)(u), u)
        return outer.subs(u, expr.args[0])
    return sympy.diff(expr, variable)


def _differentiate(expr, wrt: Sequence[sympy.Symbol]):
    for variable in wrt:
        expr = sympy.diff(expr, variable)
    return expr


def _quotient_parts(expr: sympy.Expr):
    """(numerator, denominator) when ``expr`` is written as a quotient (a factor with a
    negative numeric power of a non-constant base), else None."""
    factors = expr.args if expr.is_Mul else (expr,)
    written_as_quotient = any(factor.is_Pow and factor.exp.is_number and factor.exp.is_negative
                              and factor.base.free_symbols for factor in factors)
    if not written_as_quotient:
        return None
    numerator, denominator = sympy.fraction(expr)
    return (numerator, denominator) if denominator.free_symbols else None


def _scalar_mistakes(item: Item, exercise: Exercise) -> list[Mistake]:
    """Mistakes for a derivative, partial or second partial (as formulas)."""
    f, wrt = item.function, item.wrt
    mistakes: list[Mistake] = []
    variables = item.variables
    name = exercise.name
    first = wrt[0]
    # chain rule inner factor missing
    if len(wrt) == 1:
        mistakes.append(Mistake("chain_rule_inner", says("mistake.chain_rule_inner"),
                                derivative_without_inner(f, first)))
    else:
        mistakes.append(Mistake("chain_rule_inner", says("mistake.chain_rule_inner_step"),
                                derivative_without_inner(sympy.diff(f, wrt[0]), wrt[1])))
        mistakes.append(Mistake("chain_rule_inner", says("mistake.chain_rule_inner_step"),
                                sympy.diff(derivative_without_inner(f, wrt[0]), wrt[1])))
    # quotient rule reversed (checked before the generic sign error)
    if len(wrt) == 1:
        parts = _quotient_parts(f)
        if parts:
            top, bottom = parts
            reversed_ = (top * sympy.diff(bottom, first) - sympy.diff(top, first) * bottom) / bottom**2
            mistakes.append(Mistake("quotient_reversed", says("mistake.quotient_reversed"), reversed_))
    # wrong variable
    if len(variables) > 1:
        for other in variables:
            if other in wrt or len(wrt) != 1:
                continue
            mistakes.append(Mistake("wrong_variable", says("mistake.wrong_variable", name=name, other=other,
                                                           wanted=first), sympy.diff(f, other)))
        if len(wrt) == 2:
            for pair in itertools.product(variables, repeat=2):
                if sorted(map(str, pair)) != sorted(map(str, wrt)):
                    mistakes.append(Mistake("wrong_variable",
                                            says("mistake.wrong_variable_second", first=pair[0], second=pair[1],
                                                 wanted_first=wrt[0], wanted_second=wrt[1]),
                                            _differentiate(f, pair)))
    # another variable treated as a variable (moving with the one we differentiate by)
    if len(wrt) == 1 and len(variables) > 1:
        others = [v for v in variables if v != first and f.has(v)]
        for other in others:
            mistakes.append(Mistake("other_variable_varied",
                                    says("mistake.other_variable_varied", wanted=first, other=other),
                                    sympy.diff(f, first) + sympy.diff(f, other)))
        if len(others) > 1:
            mistakes.append(Mistake("other_variable_varied", says("mistake.others_varied", wanted=first),
                                    sum((sympy.diff(f, v) for v in variables), sympy.Integer(0))))
    # sign errors
    correct = _differentiate(f, wrt)
    mistakes.append(Mistake("sign_error", says("mistake.sign_negative"), -correct))
    expanded = sympy.expand(correct)
    if expanded.is_Add and len(expanded.args) <= MAX_SIGN_TERMS:
        for term in expanded.args:
            mistakes.append(Mistake("sign_error", says("mistake.sign_term"), expanded - 2 * term))
    return mistakes


def _integrated_checker(item: Item):
    """For a first derivative: the answer differentiates back to the function itself."""
    return len(item.wrt) == 1 and item.kind in ("derivative", "partial")


def _at_point(value, variables, point):
    mapping = dict(zip(variables, point))
    if isinstance(value, tuple):
        return tuple(_at_point(entry, variables, point) for entry in value)
    return sympy.simplify(value.xreplace(mapping))


def _descent_mistakes(item: Item, exercise: Exercise) -> list[Mistake]:
    descent = exercise.descent
    if descent is None or item.step is None or item.kind != "iterate":
        return []
    f, variables = exercise.function, exercise.variables
    step = item.step

    def iterate_with(rule: str, rate) -> object:
        theta = descent_iterates(f, variables, Descent(rule, descent.start, rate), step)[step]
        return theta if len(theta) > 1 else theta[0]

    mistakes = []
    wrong_rule = "ascent" if descent.rule == "descent" else "descent"
    message = says("mistake.descent_sign" if descent.rule == "descent" else "mistake.ascent_sign")
    mistakes.append(Mistake("descent_sign", message, iterate_with(wrong_rule, descent.rate)))
    candidates = [descent.rate * sympy.Integer(10) ** k for k in (-2, -1, 1, 2)] + [sympy.Integer(1)]
    for rate in candidates:
        if rate == descent.rate:
            continue
        shown = sympy.nsimplify(rate)
        mistakes.append(Mistake("learning_rate",
                                says("mistake.learning_rate", rate=_decimal(shown), expected=_decimal(descent.rate)),
                                iterate_with(descent.rule, rate)))
    return mistakes


def _decimal(value: sympy.Expr) -> str:
    if value.is_Rational and value.q != 1:
        text = format(float(value), ".10g")
        return text
    return str(value)


def mistaken_answers(exercise: Exercise, item: Item) -> list[Mistake]:
    """Every mistaken answer for ``item``, in the order feedback prefers them."""
    mistakes: list[Mistake] = []
    if item.kind in ("derivative", "partial", "second_partial"):
        formulas = _scalar_mistakes(item, exercise)
        if item.at is None:
            mistakes.extend(formulas)
        else:
            mistakes.extend(Mistake(m.id, m.message, _at_point(m.answer, exercise.variables, item.at))
                            for m in formulas)
    elif item.kind == "value" and item.at is not None and item.wrt:
        formulas = _scalar_mistakes(item, exercise)
        mistakes.extend(Mistake(m.id, m.message, _at_point(m.answer, exercise.variables, item.at))
                        for m in formulas)
        mistakes.append(Mistake("not_evaluated",
                                says("mistake.not_evaluated", point=", ".join(map(str, item.at))), _differentiate(item.function, item.wrt)))
    elif item.kind == "gradient":
        reference = item.reference
        for order in itertools.permutations(range(len(reference))):
            if list(order) != sorted(order):
                swapped = tuple(reference[i] for i in order)
                if swapped != reference:
                    mistakes.append(Mistake(
                        "components_swapped",
                        says("mistake.components_swapped", variables=", ".join(map(str, exercise.variables))),
                        swapped))
        mistakes.append(Mistake("sign_error", says("mistake.gradient_sign"),
                                tuple(-entry for entry in reference)))
    mistakes.extend(_descent_mistakes(item, exercise))
    return [m for m in mistakes if not _same_structure(m.answer, item.reference)]


def _same_structure(a, b) -> bool:
    if isinstance(a, tuple) or isinstance(b, tuple):
        return isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b) and \
            all(_same_structure(x, y) for x, y in zip(a, b))
    try:
        return sympy.expand(a - b) == 0
    except (TypeError, ValueError):
        return False


def answer_is_antiderivative(answer, item: Item, plan) -> bool:
    """Whether d/dv(answer) equals the function (the student integrated).

    Checked numerically at the plan's points (where the function is defined): the
    central difference (A(p + h) − A(p − h))/2h with h = 10⁻²⁰ at 60 digits against f(p),
    to a relative 10⁻¹²; a constant of integration cancels in the difference.
    """
    import mpmath

    from symgrad.grading.equivalence import WORKING_DIGITS, evaluate_real

    if not _integrated_checker(item) or isinstance(answer, tuple) or not plan.points:
        return False
    variable = item.wrt[0]
    if answer.free_symbols - set(plan.variables) - {sympy.Symbol(n, real=True) for n in "cCK"}:
        return False
    constants = {symbol: mpmath.mpf(3) for symbol in answer.free_symbols - set(plan.variables)}
    h = mpmath.mpf("1e-20")
    checked = 0
    with mpmath.workdps(WORKING_DIGITS):
        for point, value in zip(plan.points[:6], plan.values[:6]):
            point = {**point, **constants}
            above = evaluate_real(answer, {**point, variable: point[variable] + h})
            below = evaluate_real(answer, {**point, variable: point[variable] - h})
            if above is None or below is None:
                continue
            slope = (above - below) / (2 * h)
            if abs(slope - value) > mpmath.mpf("1e-12") * max(abs(value), 1):
                return False
            checked += 1
    return checked >= 3


INTEGRATED_FEEDBACK = Note("mistake.integrated")
