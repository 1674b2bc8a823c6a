"""Step-by-step derivatives: a tree of small rule objects, one per textbook rule.

Modelled on SymPy's ``manualintegrate``: every rule is a frozen dataclass holding the
expression it differentiates, the variable and its sub-steps; its docstring *is* the
rule (exposed as :attr:`Rule.formula`), :meth:`Rule.eval` returns the derivative and
:meth:`Rule.contains_dont_know` carries a "don't know" leaf up the tree.  One finder,
:func:`_find_rule`, picks the rule for an expression by its type.

The raw tree's result equals ``sympy.diff`` as mathematics; :func:`derivative_steps`
wraps it in a :class:`SimplifyRule` so the simplification to textbook form is a visible
last step, never hidden inside a rule.

When is a product a quotient?  A ``Mul`` is shown as ``f/g`` when, after setting the
constant factors aside, some factor is a power with a negative exponent whose base
depends on the variable (the denominator) and some other factor depends on the
variable too (the numerator), e.g. ``eˣ/(1 + eˣ)`` or ``sin(x)/x``.  A lone ``1/xⁿ``
or ``c/g(x)`` is what a textbook does with the power rule: the constant multiple of
``x⁻ⁿ`` or of ``g⁻¹`` (the latter through the chain rule).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar

import sympy
from sympy import Abs, Add, Expr, Mul, Pow, Symbol, exp, log

from symgrad.parse import as_expression, make_symbol, merges_powers
from symgrad.textbook import textbook_form


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class Rule:
    """d/dx f = f'"""

    expr: Expr
    variable: Symbol

    name: ClassVar[str] = "rule"
    latex: ClassVar[str] = ""
    """The formula in LaTeX, where the renderer cannot transliterate the docstring's well."""

    @property
    def formula(self) -> str:
        """The rule as a short plain-Unicode statement (the class docstring)."""
        return (type(self).__doc__ or "").strip().splitlines()[0]

    def eval(self) -> Expr:
        """The derivative of :attr:`expr` with respect to :attr:`variable`."""
        raise NotImplementedError

    @cached_property
    def result(self) -> Expr:
        """:meth:`eval`, computed once."""
        return self.eval()

    def substeps(self) -> tuple[Rule, ...]:
        """The rules this one applies, in the order a derivation shows them."""
        steps: list[Rule] = []
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Rule):
                steps.append(value)
            elif isinstance(value, tuple) and value and all(isinstance(v, Rule) for v in value):
                steps.extend(value)
        return tuple(steps)

    def contains_dont_know(self) -> bool:
        """True when this rule or any sub-step fell back to SymPy's own derivative."""
        return any(step.contains_dont_know() for step in self.substeps())

    def details(self) -> dict[str, object]:
        """Rule-specific fields as plain data (SymPy strings, lists of them)."""
        data: dict[str, object] = {}
        for f in dataclasses.fields(self):
            if f.name in ("expr", "variable", "result"):
                continue
            value = getattr(self, f.name)
            if isinstance(value, Rule) or (
                isinstance(value, tuple) and value and all(isinstance(v, Rule) for v in value)
            ):
                continue
            if isinstance(value, tuple):
                data[f.name] = [str(v) for v in value]
            else:
                data[f.name] = str(value)
        return data

    def to_dict(self) -> dict[str, object]:
        """JSON-ready plain data: rule, formula, expression, variable, result, substeps, details."""
        data: dict[str, object] = {
            "rule": self.name,
            "formula": self.formula,
            "expression": str(self.expr),
            "variable": str(self.variable),
            "result": str(self.result),
            "substeps": [step.to_dict() for step in self.substeps()],
        }
        data.update(self.details())
        return data


@dataclass(frozen=True)
class ConstantRule(Rule):
    """d/dx(c) = 0"""

    held_constant: tuple[Symbol, ...] = ()
    name: ClassVar[str] = "constant"
    latex: ClassVar[str] = r"\frac{d}{dx}(c) = 0"

    def eval(self) -> Expr:
        return sympy.S.Zero

    def details(self) -> dict[str, object]:
        return {"held_constant": [s.name for s in self.held_constant]}


@dataclass(frozen=True)
class VariableRule(Rule):
    """d/dx(x) = 1"""

    name: ClassVar[str] = "variable"
    latex: ClassVar[str] = r"\frac{d}{dx}(x) = 1"

    def eval(self) -> Expr:
        return sympy.S.One


@dataclass(frozen=True)
class ConstantMultipleRule(Rule):
    """d/dx(c·f) = c·f'"""

    constant: Expr
    other: Expr
    substep: Rule
    name: ClassVar[str] = "constant_multiple"
    latex: ClassVar[str] = r"\frac{d}{dx}(c \cdot f) = c \cdot f'"

    def eval(self) -> Expr:
        return self.constant * self.substep.result


@dataclass(frozen=True)
class SumRule(Rule):
    """d/dx(f ± g) = f' ± g'"""

    term_steps: tuple[Rule, ...]
    name: ClassVar[str] = "sum"
    latex: ClassVar[str] = r"\frac{d}{dx}(f \pm g) = f' \pm g'"

    def eval(self) -> Expr:
        return Add(*(step.result for step in self.term_steps))


@dataclass(frozen=True)
class PowerRule(Rule):
    """d/dx(xⁿ) = n·xⁿ⁻¹"""

    base: Expr
    exponent: Expr
    name: ClassVar[str] = "power"
    latex: ClassVar[str] = r"\frac{d}{dx}\left(x^{n}\right) = n \cdot x^{n-1}"

    def eval(self) -> Expr:
        return self.exponent * self.base ** (self.exponent - 1)


@dataclass(frozen=True)
class ProductRule(Rule):
    """d/dx(f·g) = f'·g + f·g'"""

    factors: tuple[Expr, ...]
    factor_steps: tuple[Rule, ...]
    name: ClassVar[str] = "product"
    latex: ClassVar[str] = r"\frac{d}{dx}(f \cdot g) = f' \cdot g + f \cdot g'"

    def eval(self) -> Expr:
        terms = []
        for i, step in enumerate(self.factor_steps):
            others = self.factors[:i] + self.factors[i + 1 :]
            terms.append(Mul(step.result, *others))
        return Add(*terms)


@dataclass(frozen=True)
class QuotientRule(Rule):
    """d/dx(f/g) = (f'·g − f·g')/g²"""

    numerator: Expr
    denominator: Expr
    numerator_step: Rule
    denominator_step: Rule
    name: ClassVar[str] = "quotient"
    latex: ClassVar[str] = r"\frac{d}{dx}\left(\frac{f}{g}\right) = \frac{f' \cdot g - f \cdot g'}{g^{2}}"

    def eval(self) -> Expr:
        f, g = self.numerator, self.denominator
        df, dg = self.numerator_step.result, self.denominator_step.result
        return (df * g - f * dg) / g**2


@dataclass(frozen=True)
class ChainRule(Rule):
    """d/dx f(u(x)) = f'(u)·u'(x)"""

    u: Symbol
    inner: Expr
    outer: Expr
    outer_step: Rule
    inner_step: Rule
    name: ClassVar[str] = "chain"
    latex: ClassVar[str] = r"\frac{d}{dx} f(u(x)) = f'(u) \cdot u'(x)"

    def eval(self) -> Expr:
        return self.outer_step.result.subs(self.u, self.inner) * self.inner_step.result

    def details(self) -> dict[str, object]:
        return {
            "u": str(self.u),
            "inner": str(self.inner),
            "outer": str(self.outer),
            "outer_derivative": str(self.outer_step.result),
            "inner_derivative": str(self.inner_step.result),
        }


@dataclass(frozen=True)
class ExpRule(Rule):
    """d/dx(eˣ) = eˣ"""

    name: ClassVar[str] = "exp"
    latex: ClassVar[str] = r"\frac{d}{dx}\left(e^{x}\right) = e^{x}"

    def eval(self) -> Expr:
        return exp(self.variable)


@dataclass(frozen=True)
class ExpBaseRule(Rule):
    """d/dx(aˣ) = aˣ·ln a"""

    base: Expr
    name: ClassVar[str] = "exp_base"
    latex: ClassVar[str] = r"\frac{d}{dx}\left(a^{x}\right) = a^{x} \ln a"

    def eval(self) -> Expr:
        return self.base**self.variable * log(self.base)


@dataclass(frozen=True)
class LogRule(Rule):
    """d/dx(ln x) = 1/x"""

    name: ClassVar[str] = "log"
    latex: ClassVar[str] = r"\frac{d}{dx}(\ln x) = \frac{1}{x}"

    def eval(self) -> Expr:
        return 1 / self.variable


@dataclass(frozen=True)
class LogBaseRule(Rule):
    """d/dx(log_a x) = 1/(x·ln a)"""

    base: Expr
    name: ClassVar[str] = "log_base"
    latex: ClassVar[str] = r"\frac{d}{dx}(\log_{a} x) = \frac{1}{x \ln a}"

    def eval(self) -> Expr:
        return 1 / (self.variable * log(self.base))


@dataclass(frozen=True)
class _FunctionTableRule(Rule):
    """d/dx f(x) = f'(x), f from a table of elementary functions"""

    function: str
    # name -> (formula, derivative as a function of the variable)
    TABLE: ClassVar[dict[str, tuple[str, object]]] = {}

    @property
    def formula(self) -> str:
        return self.TABLE[self.function][0]

    def eval(self) -> Expr:
        derivative = self.TABLE[self.function][1]
        return derivative(self.variable)


def _sympy_fdiff(func):
    """The derivative SymPy itself knows for a one-argument function ``func``."""
    return lambda x: func(x).diff(x)


@dataclass(frozen=True)
class TrigRule(_FunctionTableRule):
    """d/dx(sin x) = cos x, (cos x)' = −sin x, (tan x)' = sec²x, (sec x)' = sec x·tan x, (csc x)' = −csc x·cot x, (cot x)' = −csc²x"""

    name: ClassVar[str] = "trig"
    TABLE: ClassVar[dict[str, tuple[str, object]]] = {
        "sin": ("d/dx(sin x) = cos x", sympy.cos),
        "cos": ("d/dx(cos x) = −sin x", lambda x: -sympy.sin(x)),
        "tan": ("d/dx(tan x) = sec²x", lambda x: sympy.sec(x) ** 2),
        "sec": ("d/dx(sec x) = sec x·tan x", lambda x: sympy.sec(x) * sympy.tan(x)),
        "csc": ("d/dx(csc x) = −csc x·cot x", lambda x: -sympy.csc(x) * sympy.cot(x)),
        "cot": ("d/dx(cot x) = −csc²x", lambda x: -sympy.csc(x) ** 2),
    }


@dataclass(frozen=True)
class InverseTrigRule(_FunctionTableRule):
    """d/dx(arcsin x) = 1/√(1 − x²), (arccos x)' = −1/√(1 − x²), (arctan x)' = 1/(1 + x²), ..."""

    name: ClassVar[str] = "inverse_trig"
    TABLE: ClassVar[dict[str, tuple[str, object]]] = {
        "asin": ("d/dx(arcsin x) = 1/√(1 − x²)", lambda x: 1 / sympy.sqrt(1 - x**2)),
        "acos": ("d/dx(arccos x) = −1/√(1 − x²)", lambda x: -1 / sympy.sqrt(1 - x**2)),
        "atan": ("d/dx(arctan x) = 1/(1 + x²)", lambda x: 1 / (1 + x**2)),
        "acot": ("d/dx(arccot x) = −1/(1 + x²)", lambda x: -1 / (1 + x**2)),
        "asec": ("d/dx(arcsec x) = 1/(|x|·√(x² − 1))", _sympy_fdiff(sympy.asec)),
        "acsc": ("d/dx(arccsc x) = −1/(|x|·√(x² − 1))", _sympy_fdiff(sympy.acsc)),
    }


@dataclass(frozen=True)
class HyperbolicRule(_FunctionTableRule):
    """d/dx(sinh x) = cosh x, (cosh x)' = sinh x, (tanh x)' = sech²x, ..."""

    name: ClassVar[str] = "hyperbolic"
    TABLE: ClassVar[dict[str, tuple[str, object]]] = {
        "sinh": ("d/dx(sinh x) = cosh x", sympy.cosh),
        "cosh": ("d/dx(cosh x) = sinh x", sympy.sinh),
        "tanh": ("d/dx(tanh x) = sech²x", lambda x: sympy.sech(x) ** 2),
        "coth": ("d/dx(coth x) = −csch²x", lambda x: -sympy.csch(x) ** 2),
        "sech": ("d/dx(sech x) = −sech x·tanh x", lambda x: -sympy.sech(x) * sympy.tanh(x)),
        "csch": ("d/dx(csch x) = −csch x·coth x", lambda x: -sympy.csch(x) * sympy.coth(x)),
    }


@dataclass(frozen=True)
class InverseHyperbolicRule(_FunctionTableRule):
    """d/dx(arsinh x) = 1/√(x² + 1), (arcosh x)' = 1/√(x² − 1), (artanh x)' = 1/(1 − x²), ..."""

    name: ClassVar[str] = "inverse_hyperbolic"
    TABLE: ClassVar[dict[str, tuple[str, object]]] = {
        "asinh": ("d/dx(arsinh x) = 1/√(x² + 1)", lambda x: 1 / sympy.sqrt(x**2 + 1)),
        "acosh": ("d/dx(arcosh x) = 1/√(x² − 1)", _sympy_fdiff(sympy.acosh)),
        "atanh": ("d/dx(artanh x) = 1/(1 − x²)", lambda x: 1 / (1 - x**2)),
        "acoth": ("d/dx(arcoth x) = 1/(1 − x²)", lambda x: 1 / (1 - x**2)),
        "asech": ("d/dx(arsech x) = −1/(x·√(1 − x²))", _sympy_fdiff(sympy.asech)),
        "acsch": ("d/dx(arcsch x) = −1/(|x|·√(1 + x²))", _sympy_fdiff(sympy.acsch)),
    }


@dataclass(frozen=True)
class LogDifferentiationRule(Rule):
    """d/dx(f^g) = f^g·d/dx(g·ln f)"""

    base: Expr
    exponent: Expr
    log_expr: Expr
    log_step: Rule
    name: ClassVar[str] = "log_differentiation"
    latex: ClassVar[str] = r"\frac{d}{dx}\left(f^{g}\right) = f^{g} \cdot \frac{d}{dx}(g \ln f)"

    def eval(self) -> Expr:
        return self.expr * self.log_step.result


@dataclass(frozen=True)
class AbsRule(Rule):
    """d/dx|x| = x/|x| = sgn(x)"""

    name: ClassVar[str] = "abs"
    latex: ClassVar[str] = r"\frac{d}{dx}|x| = \frac{x}{|x|} = \operatorname{sgn}(x)"

    def eval(self) -> Expr:
        return sympy.sign(self.variable)


@dataclass(frozen=True)
class SimplifyRule(Rule):
    """f' = simplify(f')"""

    substep: Rule
    result: Expr = field()
    name: ClassVar[str] = "simplify"
    latex: ClassVar[str] = r"f' = \operatorname{simplify}(f')"

    def eval(self) -> Expr:
        return self.result

    def details(self) -> dict[str, object]:
        return {"before": str(self.substep.result)}


@dataclass(frozen=True)
class DontKnowRule(Rule):
    """d/dx f = sympy.diff(f, x)"""

    name: ClassVar[str] = "dont_know"
    latex: ClassVar[str] = r"\frac{d}{dx} f = \texttt{sympy.diff}(f, x)"

    def eval(self) -> Expr:
        try:
            return sympy.diff(self.expr, self.variable)
        except Exception:  # noqa: BLE001 - not knowing is a value, never a crash
            return sympy.Derivative(self.expr, self.variable)

    def contains_dont_know(self) -> bool:
        return True


# ---------------------------------------------------------------- the rule finder

_FUNCTION_RULES: dict[type, type[_FunctionTableRule]] = {}
for _rule in (TrigRule, InverseTrigRule, HyperbolicRule, InverseHyperbolicRule):
    for _fname in _rule.TABLE:
        _FUNCTION_RULES[getattr(sympy, _fname)] = _rule

_CHAIN_NAMES = ("u", "v", "w", "s", "r", "q", "p")


@dataclass(frozen=True)
class _Context:
    """What the finder needs besides the expression: the problem's variables and taken names."""

    variables: frozenset[Symbol]
    taken: frozenset[str]

    def fresh_symbol(self) -> Symbol:
        """A chain-rule variable whose name clashes with nothing in sight."""
        for name in _CHAIN_NAMES:
            if name not in self.taken:
                return make_symbol(name)
        i = 1
        while f"u{i}" in self.taken:
            i += 1
        return make_symbol(f"u{i}")

    def with_name(self, symbol: Symbol) -> _Context:
        return _Context(self.variables | {symbol}, self.taken | {symbol.name})


def _depends(expr: Expr, variable: Symbol) -> bool:
    return variable in expr.free_symbols


def _find_rule(expr: Expr, variable: Symbol, ctx: _Context) -> Rule:
    """The rule a textbook applies to ``expr`` (a DontKnowRule when none does)."""
    if not _depends(expr, variable):
        held = tuple(sorted((s for s in expr.free_symbols if s in ctx.variables), key=lambda s: s.name))
        return ConstantRule(expr, variable, held)
    if expr == variable:
        return VariableRule(expr, variable)
    if isinstance(expr, Add):
        terms = expr.as_ordered_terms(order="grlex")  # the order the formatter shows them
        return SumRule(expr, variable, tuple(_find_rule(t, variable, ctx) for t in terms))
    if isinstance(expr, Mul):
        return _mul_rule(expr, variable, ctx)
    if isinstance(expr, Pow):
        return _pow_rule(expr, variable, ctx)
    if isinstance(expr, exp):
        return _maybe_chain(expr, variable, expr.args[0], lambda u: exp(u), ExpRule, ctx)
    if isinstance(expr, log) and len(expr.args) == 1:
        return _maybe_chain(expr, variable, expr.args[0], lambda u: log(u), LogRule, ctx)
    if isinstance(expr, Abs):
        return _maybe_chain(expr, variable, expr.args[0], lambda u: Abs(u), AbsRule, ctx)
    rule_class = _FUNCTION_RULES.get(type(expr))
    if rule_class is not None and len(expr.args) == 1:
        func = type(expr)
        return _maybe_chain(
            expr, variable, expr.args[0], lambda u: func(u),
            lambda e, v: rule_class(e, v, func.__name__), ctx,
        )
    return DontKnowRule(expr, variable)


def _maybe_chain(expr, variable, inner, outer_of, atomic, ctx: _Context) -> Rule:
    """``atomic(expr, variable)`` when the argument is the variable, else the chain rule."""
    if inner == variable:
        return atomic(expr, variable)
    u = ctx.fresh_symbol()
    inner_ctx = ctx.with_name(u)
    outer = outer_of(u)
    return ChainRule(
        expr, variable, u, inner, outer,
        outer_step=_find_rule(outer, u, inner_ctx),
        inner_step=_find_rule(inner, variable, inner_ctx),
    )


def _pow_rule(expr: Pow, variable: Symbol, ctx: _Context) -> Rule:
    base, exponent = expr.args
    base_depends, exponent_depends = _depends(base, variable), _depends(exponent, variable)
    if base_depends and exponent_depends:
        log_expr = exponent * log(base)
        return LogDifferentiationRule(
            expr, variable, base, exponent, log_expr, _find_rule(log_expr, variable, ctx)
        )
    if base_depends:
        return _maybe_chain(
            expr, variable, base, lambda u: u**exponent,
            lambda e, v: PowerRule(e, v, base, exponent), ctx,
        )
    return _maybe_chain(
        expr, variable, exponent, lambda u: base**u,
        lambda e, v: ExpBaseRule(e, v, base), ctx,
    )


def _log_base_of(factor: Expr) -> Expr | None:
    """b when ``factor`` is 1/ln(b) for a positive number b (SymPy's log(x, b) = ln x/ln b)."""
    if isinstance(factor, Pow) and factor.exp == -1 and isinstance(factor.base, log):
        b = factor.base.args[0]
        if b.is_number and b.is_positive and b != 1:
            return b
    return None


def _mul_rule(expr: Mul, variable: Symbol, ctx: _Context) -> Rule:
    constants = [f for f in expr.args if not _depends(f, variable)]
    dependent = [f for f in expr.args if _depends(f, variable)]
    other = _typed_product(dependent)

    if len(dependent) == 1 and isinstance(other, log):
        bases = [b for b in map(_log_base_of, constants) if b is not None]
        if bases:
            base = bases[0]
            log_b = other / log(base)
            rest = Mul(*constants) * log(base)
            inner_rule = _maybe_chain(
                log_b, variable, other.args[0], lambda u: log(u) / log(base),
                lambda e, v: LogBaseRule(e, v, base), ctx,
            )
            if rest == 1:
                return inner_rule
            return ConstantMultipleRule(expr, variable, rest, log_b, inner_rule)

    if constants:
        return ConstantMultipleRule(
            expr, variable, Mul(*constants), other, _find_rule(other, variable, ctx)
        )

    denominator = [f for f in dependent if _is_reciprocal_factor(f)]
    numerator = [f for f in dependent if not _is_reciprocal_factor(f)]
    if denominator and numerator:
        num = _typed_product(numerator)
        den = _typed_product([1 / f for f in denominator])
        return QuotientRule(
            expr, variable, num, den,
            _find_rule(num, variable, ctx), _find_rule(den, variable, ctx),
        )
    factors = tuple(dependent)
    return ProductRule(
        expr, variable, factors, tuple(_find_rule(f, variable, ctx) for f in factors)
    )


def _typed_product(factors: list) -> Expr:
    """The product of ``factors``, left unmerged where SymPy would merge powers of numbers
    (``3^y·2^y`` stays so, not ``6^y``): the steps differentiate what the student typed."""
    product = Mul(*factors)
    return Mul(*factors, evaluate=False) if merges_powers(factors, product) else product


def _is_reciprocal_factor(factor: Expr) -> bool:
    """A power with a negative exponent, e.g. x⁻² or (1 + eˣ)⁻¹ (a denominator factor)."""
    return isinstance(factor, Pow) and factor.exp.could_extract_minus_sign()


# ---------------------------------------------------------------- public API


def _context_for(expr: Expr, variable: Symbol, variables) -> _Context:
    if variables is None:
        chosen = frozenset(expr.free_symbols) | {variable}
    else:
        chosen = frozenset(variables) | {variable}
    taken = frozenset(s.name for s in expr.free_symbols | chosen)
    return _Context(chosen, taken)


def raw_derivative_steps(expr: Expr, variable: Symbol, variables=None) -> Rule:
    """The rule tree for d(expr)/d(variable) without the final simplification."""
    expr = as_expression(expr)
    return _find_rule(expr, variable, _context_for(expr, variable, variables))


def derivative_steps(expr: Expr, variable: Symbol, variables=None) -> SimplifyRule:
    """The rule tree for d(expr)/d(variable), rooted at the visible simplification step.

    ``variables`` are all variables of the problem: constant terms name those among
    them they contain ("y is held constant").  With None, the expression's own free
    symbols are the variables (for a single-variable problem: just ``variable``).
    """
    expr = as_expression(expr)
    raw = raw_derivative_steps(expr, variable, variables)
    problem_variables = tuple(variables) if variables is not None else tuple(
        sorted(expr.free_symbols | {variable}, key=lambda s: s.name)
    )
    return SimplifyRule(expr, variable, raw, textbook_form(raw.result, problem_variables))


def nth_derivative_steps(expr: Expr, variable: Symbol, order: int, variables=None) -> tuple[SimplifyRule, ...]:
    """Trees for the 1st … ``order``-th derivative, each differentiating the previous textbook result."""
    if order < 1:
        raise ValueError("order must be at least 1")
    trees: list[SimplifyRule] = []
    current = as_expression(expr)
    for _ in range(order):
        tree = derivative_steps(current, variable, variables)
        trees.append(tree)
        current = tree.result
    return tuple(trees)


__all__ = [
    "Rule", "ConstantRule", "VariableRule", "ConstantMultipleRule", "SumRule", "PowerRule",
    "ProductRule", "QuotientRule", "ChainRule", "ExpRule", "ExpBaseRule", "LogRule",
    "LogBaseRule", "TrigRule", "InverseTrigRule", "HyperbolicRule", "InverseHyperbolicRule",
    "LogDifferentiationRule", "AbsRule", "SimplifyRule", "DontKnowRule",
    "derivative_steps", "raw_derivative_steps", "nth_derivative_steps",
]
