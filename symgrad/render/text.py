"""Plain-text (Unicode) rendering, in the style of SymPy's printers.

:class:`TextPrinter` dispatches ``doprint(obj)`` to ``_print_<ClassName>`` by walking
``type(obj).__mro__``; every ``_print_*`` method takes ``(obj, depth)`` and returns a
list of already indented lines.  ``_print_Rule`` is the generic fallback for any rule
(name, formula, expression and result), so a new rule prints sensibly before anyone
writes its special case.  All words come from :mod:`symgrad.render.phrases`.
"""

from __future__ import annotations

import sympy

from symgrad.render.phrases import join_names, phrase, rule_name
from symgrad.render.unicode import format_expr, superscript
from symgrad.steps import (
    ChainRule, ConstantMultipleRule, ConstantRule, DontKnowRule, LogBaseRule,
    LogDifferentiationRule, PowerRule, ProductRule, QuotientRule, Rule, SimplifyRule,
)

INDENT = "  "


class TextPrinter:
    """Renders symgrad objects as indented Unicode text.

    ``partial`` chooses ∂ (a problem with several variables) or d; None decides per
    rule tree from the free symbols of its expression.
    """

    def __init__(self, lang: str = "en", decimal_display: bool = False, partial: bool | None = None):
        self.lang = lang
        self.decimal_display = decimal_display
        self.partial = partial

    # -- dispatch --------------------------------------------------------------
    def doprint(self, obj) -> str:
        """The whole text for ``obj``."""
        return "\n".join(self._print(obj, 0))

    def _print(self, obj, depth: int = 0) -> list[str]:
        for cls in type(obj).__mro__:
            method = getattr(self, "_print_" + cls.__name__, None)
            if method is not None:
                return method(obj, depth)
        return self._print_object(obj, depth)

    def _print_object(self, obj, depth: int) -> list[str]:
        return [INDENT * depth + str(obj)]

    def _print_Basic(self, expr: sympy.Basic, depth: int) -> list[str]:
        return [INDENT * depth + self.math(expr)]

    # -- helpers ---------------------------------------------------------------
    def math(self, expr) -> str:
        return format_expr(expr, decimal_display=self.decimal_display)

    def say(self, key: str, **fields) -> str:
        return phrase(key, self.lang, **fields)

    def operator(self, variable) -> str:
        """d/dx or ∂/∂x."""
        name = self.math(variable)
        return f"∂/∂{name}" if self.partial else f"d/d{name}"

    def applied(self, variable, expr) -> str:
        """∂/∂x(x² + 2xy − y²), ∂/∂x ln(u): the operator applied to an expression."""
        text = self.math(expr)
        if " " in text or text.startswith("−"):
            return f"{self.operator(variable)}({text})"
        return f"{self.operator(variable)} {text}"

    def statement(self, rule: Rule) -> str:
        """∂/∂x(expr) = result."""
        return f"{self.applied(rule.variable, rule.expr)} = {self.math(rule.result)}"

    def header(self, rule: Rule, depth: int) -> list[str]:
        """The rule's name and formula, then what it gives for this expression."""
        return [
            INDENT * depth + self.say("step.rule", rule=rule_name(rule.name, self.lang), formula=rule.formula),
            INDENT * (depth + 1) + self.statement(rule),
        ]

    def substeps(self, rule: Rule, depth: int) -> list[str]:
        lines: list[str] = []
        for step in rule.substeps():
            lines += self._print(step, depth)
        return lines

    # -- rules -----------------------------------------------------------------
    def _print_Rule(self, rule: Rule, depth: int) -> list[str]:
        return self.header(rule, depth) + self.substeps(rule, depth + 1)

    def _print_ConstantRule(self, rule: ConstantRule, depth: int) -> list[str]:
        return self.header(rule, depth) + self.held_constant(rule.held_constant, depth + 1)

    def held_constant(self, symbols, depth: int) -> list[str]:
        """"y is held constant" (or "y and z are …") for the given symbols; nothing for none."""
        names = [self.math(s) for s in symbols]
        if len(names) == 1:
            return [INDENT * depth + self.say("step.held_constant.one", names=names[0])]
        if names:
            return [INDENT * depth + self.say("step.held_constant.many", names=join_names(names, self.lang))]
        return []

    def _print_ConstantMultipleRule(self, rule: ConstantMultipleRule, depth: int) -> list[str]:
        lines = self.header(rule, depth)
        lines.append(INDENT * (depth + 1) + self.say("step.constant_factor", constant=self.math(rule.constant)))
        held = sorted(rule.constant.free_symbols, key=lambda s: s.name) if self.partial else []
        lines += self.held_constant(held, depth + 1)
        return lines + self.substeps(rule, depth + 1)

    def _print_PowerRule(self, rule: PowerRule, depth: int) -> list[str]:
        lines = self.header(rule, depth)
        exponent = rule.exponent
        if not (exponent.is_Integer and exponent > 0):
            base = self.math(rule.base)
            if exponent.is_Integer:
                rewritten = base + superscript(int(exponent))
            else:
                rewritten = f"{base}^({format_expr(exponent)})"
            lines.append(INDENT * (depth + 1) + self.say("step.rewrite", expression=self.math(rule.expr), rewritten=rewritten))
        return lines

    def _print_LogBaseRule(self, rule: LogBaseRule, depth: int) -> list[str]:
        lines = self.header(rule, depth)
        rewritten = self.math(sympy.log(rule.variable)) + "/" + self.math(sympy.log(rule.base))
        lines.append(INDENT * (depth + 1) + self.say("step.rewrite", expression=self.math(rule.expr), rewritten=rewritten))
        return lines

    def _print_ProductRule(self, rule: ProductRule, depth: int) -> list[str]:
        lines = self.header(rule, depth)
        factors = ", ".join(self.math(f) for f in rule.factors)
        lines.append(INDENT * (depth + 1) + self.say("step.factors", factors=factors))
        return lines + self.substeps(rule, depth + 1)

    def _print_QuotientRule(self, rule: QuotientRule, depth: int) -> list[str]:
        lines = self.header(rule, depth)
        lines.append(INDENT * (depth + 1) + self.say(
            "step.quotient_parts", numerator=self.math(rule.numerator), denominator=self.math(rule.denominator)))
        return lines + self.substeps(rule, depth + 1)

    def _print_ChainRule(self, rule: ChainRule, depth: int) -> list[str]:
        pad = INDENT * (depth + 1)
        u = self.math(rule.u)
        lines = self.header(rule, depth)
        lines.append(pad + self.say("step.chain_let", u=u, inner=self.math(rule.inner), outer=self.math(rule.outer)))
        outer_statement = f"d/d{u} {self.math(rule.outer)} = {self.math(rule.outer_step.result)}"
        lines.append(pad + self.say("step.chain_outer", statement=outer_statement))
        partial, self.partial = self.partial, False  # f is a function of u alone
        try:
            lines += self._print(rule.outer_step, depth + 2)
        finally:
            self.partial = partial
        d = "∂" if self.partial else "d"
        inner_statement = f"{d}{u}/{d}{self.math(rule.variable)} = {self.math(rule.inner_step.result)}"
        lines.append(pad + self.say("step.chain_inner", statement=inner_statement))
        lines += self._print(rule.inner_step, depth + 2)
        lines.append(pad + self.say(
            "step.chain_product",
            outer_derivative=self.bracket(rule.outer_step.result.subs(rule.u, rule.inner)),
            inner_derivative=self.bracket(rule.inner_step.result),
            result=self.math(rule.result),
        ))
        return lines

    def _print_LogDifferentiationRule(self, rule: LogDifferentiationRule, depth: int) -> list[str]:
        lines = self.header(rule, depth)
        lines.append(INDENT * (depth + 1) + self.say("step.take_log", log_expr=self.math(rule.log_expr)))
        lines.append(INDENT * (depth + 1) + self.say("step.log_derivative", statement=self.statement(rule.log_step)))
        return lines + self._print(rule.log_step, depth + 2)

    def _print_DontKnowRule(self, rule: DontKnowRule, depth: int) -> list[str]:
        lines = self.header(rule, depth)
        lines.append(INDENT * (depth + 1) + self.say("step.dont_know", expression=self.math(rule.expr)))
        return lines

    def _print_SimplifyRule(self, rule: SimplifyRule, depth: int) -> list[str]:
        partial = self.partial
        if partial is None:
            self.partial = bool(rule.expr.free_symbols - {rule.variable})
        try:
            lines = [INDENT * depth + self.applied(rule.variable, rule.expr)]
            lines += self._print(rule.substep, depth + 1)
            lines.append(INDENT * (depth + 1) + self.say("step.simplify", result=self.math(rule.result)))
        finally:
            self.partial = partial
        return lines

    def bracket(self, expr) -> str:
        text = self.math(expr)
        return f"({text})" if " " in text else text


def render_steps(rule: Rule, lang: str = "en", decimal_display: bool = False, variables=None) -> str:
    """An indented derivation of ``rule`` a student reads, one step per line group.

    Uses ∂ when the problem has more than one variable (``variables``, or else the
    free symbols of the tree's expression), d otherwise.
    """
    partial = None if variables is None else len(tuple(variables)) > 1
    return TextPrinter(lang=lang, decimal_display=decimal_display, partial=partial).doprint(rule)
