"""The shared layout of every format (text, LaTeX, Markdown, HTML), SymPy-printer style.

:class:`DocumentPrinter` walks a result once and decides *what* is shown, in one order
and with one set of phrases for every format: rule trees become :class:`Row`\\ s
(``_print_<Rule class>`` found by walking the MRO, with ``_print_Rule`` as the generic
fallback), results become :class:`Block`\\ s.  A format decides only *how* things look,
by implementing the notation primitives (``expr``, ``operator``, ``matrix``, ``say``'s
``text`` escaping, ...) and :meth:`DocumentPrinter.assemble`.  So a new rule, or a new
format, prints something sensible everywhere before anyone writes its special case.

Every expression goes through :meth:`DocumentPrinter.expr`, which records the markup it
produced next to the expression in :attr:`DocumentPrinter.fragments` (tests parse the
LaTeX back and compare).  All words come from :mod:`symgrad.phrases`.
"""

from __future__ import annotations

import math
import string
from typing import TYPE_CHECKING

import sympy

from symgrad.phrases import message_text, note_phrase, phrase, phrase_template, rule_name
from symgrad.render.blocks import Display, Heading, Paragraph, Row, Steps, Table  # noqa: F401  (the printers' blocks)
from symgrad.render.table import (
    DEFAULT_DIGITS, SolutionTable, answer_cells, comparison_cells, explanation, fit_cells, hyperparameter_description,
    hyperparameter_list, iterate_cells, method_name, number, stop_fields, sweep_cells, trace_cells,
)
from symgrad.notation import decimal_text, format_expr, formula_for, is_terminating
from symgrad.render.worksheet import answer_key_blocks, worksheet_blocks

if TYPE_CHECKING:  # the printers find a rule's method by its class name: no import needed to run
    from symgrad.steps import (
        ChainRule, ConstantMultipleRule, ConstantRule, DontKnowRule, LogBaseRule,
        LogDifferentiationRule, PowerRule, ProductRule, QuotientRule, Rule, SimplifyRule,
    )


def decimal_form(expr):
    """``expr`` with terminating non-integer rationals (not exponents) as decimal atoms.

    A problem typed with decimals keeps them exact (2.1 is 21/10) and shows them back as
    typed, as :func:`symgrad.notation.format_expr` does with ``decimal_display``:
    for display only, 21/10 becomes a Float carrying every digit of its exact decimal.
    """
    if isinstance(expr, sympy.Rational) and not expr.is_Integer and is_terminating(expr):
        text = decimal_text(expr)
        return sympy.Float(text, max(15, len(text)))
    if isinstance(expr, sympy.Pow):
        return sympy.Pow(decimal_form(expr.base), expr.exp)
    if isinstance(expr, sympy.Basic) and expr.args and not isinstance(expr, sympy.CRootOf):
        return expr.func(*(decimal_form(a) for a in expr.args))
    return expr


def is_short_decimal(value: sympy.Basic) -> bool:
    """An integer, or a terminating rational of at most 12 characters as a decimal (−0.474875)."""
    return bool(value.is_Rational and (value.is_Integer or (is_terminating(value) and len(decimal_text(value)) <= 12)))


def short_float(number: float) -> str:
    """Six significant digits, as the text printer shows decimals (ASCII minus)."""
    return f"{number:.6g}"


# ------------------------------------------------------------------ the printer


class DocumentPrinter:
    """Base of the document printers; see the module docstring.

    Subclasses implement the notation primitives below that raise NotImplementedError.
    """

    format_name = "document"

    def __init__(self, lang: str = "en", decimal_display: bool = False, steps: bool = True,
                 standalone: bool = False, partial: bool | None = None, digits: int = DEFAULT_DIGITS):
        self.lang = lang
        self.digits = digits  # significant digits of the numbers in descent tables
        self.decimal_display = decimal_display
        self.steps = steps
        self.standalone = standalone
        self.partial = partial
        self.fragments: list[tuple[str, sympy.Basic]] = []
        self.title = ""
        self.approximations_explained = False  # whether this solution said what ≈ means

    # -- dispatch --------------------------------------------------------------
    def doprint(self, obj) -> str:
        """The whole document for ``obj`` (a result, or a single rule tree)."""
        printed = self._print(obj, 0)
        if printed and isinstance(printed[0], Row):
            printed = [Steps(tuple(printed))]
        return self.assemble(printed)

    def _print(self, obj, depth: int = 0) -> list:
        for cls in type(obj).__mro__:
            method = getattr(self, "_print_" + cls.__name__, None)
            if method is not None:
                return method(obj, depth)
        return self._print_object(obj, depth)

    def _print_object(self, obj, depth: int) -> list:
        return [Paragraph(self.text(str(obj)))]

    def _print_Basic(self, expr, depth: int) -> list:
        return [Display(self.expr(expr))]

    # -- notation primitives (per format) ---------------------------------------
    def math_of(self, expr) -> str:
        """Markup of a SymPy expression (already in decimal form where asked)."""
        raise NotImplementedError

    def symbol(self, name: str) -> str:
        """A notation symbol such as f, ∇f, ∇²f, u, D_u f (given in Unicode)."""
        raise NotImplementedError

    def relation(self, left: str, op: str, right: str) -> str:
        """``left op right`` for op in "=", "≈", "≠", "·"."""
        raise NotImplementedError

    def operator(self, variable, partial: bool) -> str:
        """d/dx or ∂/∂x."""
        raise NotImplementedError

    def fraction_name(self, top: str, bottom: str) -> str:
        """∂f/∂x-style notation: ``top`` over ``bottom`` (both markup)."""
        raise NotImplementedError

    def power_name(self, base: str, exponent: str) -> str:
        raise NotImplementedError

    def parenthesized(self, markup: str) -> str:
        raise NotImplementedError

    def sequence(self, items: list[str]) -> str:
        """``a, b, c`` (markup)."""
        raise NotImplementedError

    def juxtapose(self, *items: str) -> str:
        """Items written next to each other (∂/∂x followed by its argument)."""
        raise NotImplementedError

    def matrix(self, rows: list[list[str]]) -> str:
        raise NotImplementedError

    def inline(self, math: str) -> str:
        """Math markup for use inside a sentence."""
        raise NotImplementedError

    def text(self, plain: str) -> str:
        """Plain (Unicode) text escaped for the format."""
        raise NotImplementedError

    def code(self, plain: str) -> str:
        """Text set verbatim, exactly as it is typed: a command or a typed answer (default:
        :meth:`text`; formats set it in a monospaced font)."""
        return self.text(plain)

    def formula(self, rule: Rule) -> str:
        """The rule's general formula as inline-ready markup (default: its Unicode text),
        in the variable and notation of the derivative at hand."""
        return self.text(self.unicode_formula(rule))

    def unicode_formula(self, rule: Rule) -> str:
        return formula_for(rule.formula, format_expr(rule.variable), bool(self.partial))

    def assemble(self, blocks: list) -> str:
        raise NotImplementedError

    # -- helpers built on the primitives ------------------------------------------
    def expr(self, expr) -> str:
        """Markup of ``expr``; the pair is recorded in :attr:`fragments`."""
        expr = sympy.sympify(expr)
        markup = self.math_of(self.shown_form(expr))
        self.fragments.append((markup, expr))
        return markup

    def shown_form(self, expr):
        """``expr`` as :meth:`math_of` receives it: in :func:`decimal_form` when the problem
        was typed with decimals (a notation that shows decimals itself returns ``expr``)."""
        return decimal_form(expr) if self.decimal_display else expr

    def say(self, key: str, **fields: str) -> str:
        """The phrase ``key``: its words escaped by :meth:`text`, its fields inserted as markup."""
        template = phrase_template(key, self.lang, **fields)
        pieces = []
        for literal, field, _, _ in string.Formatter().parse(template):
            pieces.append(self.text(literal))
            if field is not None:
                pieces.append(fields[field])
        return "".join(pieces)

    def d(self) -> str:
        return "∂" if self.partial else "d"

    def applied(self, variable, expr) -> str:
        """∂/∂x(x² + 2xy − y²): the operator applied to an expression."""
        inner = self.expr(expr)
        return self.juxtapose(self.operator(variable, bool(self.partial)),
                              self.parenthesized(inner) if self.is_compound_operand(expr, inner) else inner)

    def is_compound_operand(self, expr, markup: str) -> bool:
        """Whether ``expr`` (shown as ``markup``) needs brackets after an operator: a sum,
        a product or a negative term."""
        return isinstance(expr, (sympy.Add, sympy.Mul)) or (isinstance(expr, sympy.Expr)
                                                             and expr.could_extract_minus_sign())

    def statement(self, rule: Rule) -> str:
        return self.relation(self.applied(rule.variable, rule.expr), "=", self.expr(rule.result))

    def unevaluated_quotient(self, numerator, denominator) -> str:
        """``numerator / denominator`` as written, not simplified (ln(x)/ln(2))."""
        return self.expr(sympy.Mul(numerator, 1 / denominator, evaluate=False))

    def factor(self, expr) -> str:
        """An expression as a factor of a product: parenthesized when it is a sum or negative."""
        markup = self.expr(expr)
        return self.parenthesized(markup) if self.is_compound_factor(expr, markup) else markup

    def is_compound_factor(self, expr, markup: str) -> bool:
        """Whether ``expr`` (shown as ``markup``) needs brackets as a factor: a sum or a negative term."""
        negative = isinstance(expr, sympy.Expr) and expr.could_extract_minus_sign()
        return isinstance(expr, sympy.Add) or negative

    def first_name(self, variable) -> str:
        """∂f/∂x (df/dx for one variable)."""
        d = self.d()
        return self.fraction_name(self.symbol(d + "f"), self.symbol(d) + self.expr(variable))

    def second_name(self, first, second) -> str:
        """∂²f/∂x∂y for ∂/∂y(∂f/∂x) (the lecture's notation), ∂²f/∂x² when equal."""
        d = self.d()
        top = self.power_name(self.symbol(d), self.math_of(sympy.Integer(2))) + self.symbol("f")
        if first == second:
            bottom = self.symbol(d) + self.power_name(self.expr(first), self.math_of(sympy.Integer(2)))
        else:
            bottom = self.symbol(d) + self.expr(first) + self.symbol(d) + self.expr(second)
        return self.fraction_name(top, bottom)

    def nth_name(self, variable, order: int) -> str:
        if order == 1:
            return self.first_name(variable)
        d, n = self.d(), self.math_of(sympy.Integer(order))
        return self.fraction_name(self.power_name(self.symbol(d), n) + self.symbol("f"),
                                  self.symbol(d) + self.power_name(self.expr(variable), n))

    def vector(self, items: list[str]) -> str:
        return self.parenthesized(self.sequence(items))

    def call(self, name: str, arguments: list[str]) -> str:
        """f(1, 2), ∇f(1, 2)."""
        return self.juxtapose(self.symbol(name), self.parenthesized(self.sequence(arguments)))

    def point(self, names: list[str], values: list[str]) -> str:
        """(x, y) = (1, 2)."""
        return self.relation(self.vector(names), "=", self.vector(values))

    def number(self, value: float) -> str:
        return self.expr(sympy.Float(short_float(value)))

    def value(self, value) -> str:
        """An exact value, with ≈ its decimal where the exact form is not already a plain number."""
        if value.decimal is not None and (value.exact.has(sympy.CRootOf) or value.exact.has(sympy.Float)):
            return self.relation("", "≈", self.number(value.decimal))
        exact = self.expr(value.exact)
        if value.decimal is None:
            return exact if value.exact.free_symbols else self.undefined(value, exact)
        if self.reads_as_number(value, exact):
            return exact
        return self.relation(exact, "≈", self.number(value.decimal))

    def undefined(self, value, exact: str) -> str:
        """A value that is no finite number (zoo, nan), shown as ``exact`` marked undefined."""
        return exact + " " + self.inline_text(self.say("walk.undefined"))

    def reads_as_number(self, value, exact: str) -> bool:
        """Whether the exact form (shown as ``exact``) already is the number, so no ≈ decimal
        follows: an integer, or a decimal as the problem typed it."""
        return bool(value.exact.is_Integer or (self.decimal_display and value.exact.is_Rational
                                               and is_terminating(value.exact)))

    def related(self, left: str, value) -> str:
        """``left = exact`` (≈ decimal where useful), or ``left ≈ decimal`` with no closed form."""
        if value.decimal is not None and (value.exact.has(sympy.CRootOf) or value.exact.has(sympy.Float)):
            return self.relation(left, "≈", self.number(value.decimal))
        return self.relation(left, "=", self.value(value))

    def inline_text(self, text_markup: str) -> str:
        """A sentence fragment placed inside math (e.g. "undefined"); formats override."""
        return text_markup

    def coordinate(self, value) -> str:
        if value.exact.has(sympy.CRootOf) and value.decimal is not None:
            return self.number(value.decimal)
        return self.expr(value.exact)

    # -- rules ---------------------------------------------------------------------
    def header(self, rule: Rule, depth: int) -> list[Row]:
        name = self.text(rule_name(rule.name, self.lang))
        return [Row(depth, self.say("step.rule", rule=name, formula=self.inline(self.formula(rule))), False),
                Row(depth + 1, self.statement(rule), True)]

    def substeps(self, rule: Rule, depth: int) -> list[Row]:
        rows: list[Row] = []
        for step in rule.substeps():
            rows += self._print(step, depth)
        return rows

    def note(self, depth: int, key: str, **fields: str) -> Row:
        return Row(depth, self.say(key, **fields), False)

    def held_constant(self, symbols, depth: int) -> list[Row]:
        names = [self.inline(self.expr(s)) for s in symbols]
        if len(names) == 1:
            return [self.note(depth, "step.held_constant.one", names=names[0])]
        if names:
            joined = self.say("step.list_and").join([", ".join(names[:-1]), names[-1]])
            return [self.note(depth, "step.held_constant.many", names=joined)]
        return []

    def _print_Rule(self, rule: Rule, depth: int) -> list[Row]:
        return self.header(rule, depth) + self.substeps(rule, depth + 1)

    def _print_ConstantRule(self, rule: ConstantRule, depth: int) -> list[Row]:
        return self.header(rule, depth) + self.held_constant(rule.held_constant, depth + 1)

    def _print_ConstantMultipleRule(self, rule: ConstantMultipleRule, depth: int) -> list[Row]:
        rows = self.header(rule, depth)
        rows.append(self.note(depth + 1, "step.constant_factor", constant=self.inline(self.expr(rule.constant))))
        held = sorted(rule.constant.free_symbols, key=lambda s: s.name) if self.partial else []
        return rows + self.held_constant(held, depth + 1) + self.substeps(rule, depth + 1)

    def _print_PowerRule(self, rule: PowerRule, depth: int) -> list[Row]:
        rows = self.header(rule, depth)
        exponent = rule.exponent
        if not (exponent.is_Integer and exponent > 0):
            base = self.expr(rule.base)
            if not (rule.base.is_Symbol or rule.base.is_Number):
                base = self.parenthesized(base)
            rewritten = self.power_name(base, self.expr(exponent))
            rows.append(self.note(depth + 1, "step.rewrite", expression=self.inline(self.expr(rule.expr)),
                                  rewritten=self.inline(rewritten)))
        return rows

    def _print_LogBaseRule(self, rule: LogBaseRule, depth: int) -> list[Row]:
        rows = self.header(rule, depth)
        rewritten = self.unevaluated_quotient(sympy.log(rule.variable), sympy.log(rule.base))
        rows.append(self.note(depth + 1, "step.rewrite", expression=self.inline(self.expr(rule.expr)),
                              rewritten=self.inline(rewritten)))
        return rows

    def _print_ProductRule(self, rule: ProductRule, depth: int) -> list[Row]:
        rows = self.header(rule, depth)
        factors = self.text(", ").join(self.inline(self.expr(f)) for f in rule.factors)
        rows.append(self.note(depth + 1, "step.factors", factors=factors))
        return rows + self.substeps(rule, depth + 1)

    def _print_QuotientRule(self, rule: QuotientRule, depth: int) -> list[Row]:
        rows = self.header(rule, depth)
        rows.append(self.note(depth + 1, "step.quotient_parts", numerator=self.inline(self.expr(rule.numerator)),
                              denominator=self.inline(self.expr(rule.denominator))))
        return rows + self.substeps(rule, depth + 1)

    def _print_ChainRule(self, rule: ChainRule, depth: int) -> list[Row]:
        u = self.expr(rule.u)
        rows = self.header(rule, depth)
        rows.append(self.note(depth + 1, "step.chain_let",
                              u=self.inline(u), inner=self.inline(self.expr(rule.inner)),
                              outer=self.inline(self.expr(rule.outer))))
        outer = self.relation(self.juxtapose(self.operator(rule.u, False), self.expr(rule.outer)), "=",
                              self.expr(rule.outer_step.result))
        rows.append(self.note(depth + 1, "step.chain_outer", statement=self.inline(outer)))
        partial, self.partial = self.partial, False  # f is a function of u alone
        try:
            rows += self._print(rule.outer_step, depth + 2)
        finally:
            self.partial = partial
        d = self.d()
        inner = self.relation(self.fraction_name(self.symbol(d) + u, self.symbol(d) + self.expr(rule.variable)),
                              "=", self.expr(rule.inner_step.result))
        rows.append(self.note(depth + 1, "step.chain_inner", statement=self.inline(inner)))
        rows += self._print(rule.inner_step, depth + 2)
        rows.append(self.note(
            depth + 1, "step.chain_product",
            outer_derivative=self.inline(self.factor(rule.outer_step.result.subs(rule.u, rule.inner))),
            inner_derivative=self.inline(self.factor(rule.inner_step.result)),
            result=self.inline(self.expr(rule.result))))
        return rows

    def _print_LogDifferentiationRule(self, rule: LogDifferentiationRule, depth: int) -> list[Row]:
        rows = self.header(rule, depth)
        rows.append(self.note(depth + 1, "step.take_log", log_expr=self.inline(self.expr(rule.log_expr))))
        rows.append(self.note(depth + 1, "step.log_derivative", statement=self.inline(self.statement(rule.log_step))))
        return rows + self._print(rule.log_step, depth + 2)

    def _print_DontKnowRule(self, rule: DontKnowRule, depth: int) -> list[Row]:
        return self.header(rule, depth) + [
            self.note(depth + 1, "step.dont_know", expression=self.inline(self.expr(rule.expr)))]

    def _print_SimplifyRule(self, rule: SimplifyRule, depth: int) -> list[Row]:
        partial = self.partial
        if partial is None:
            self.partial = bool(rule.expr.free_symbols - {rule.variable})
        try:
            rows = [Row(depth, self.applied(rule.variable, rule.expr), True)]
            rows += self._print(rule.substep, depth + 1)
            rows.append(self.note(depth + 1, "step.simplify", result=self.inline(self.expr(rule.result))))
        finally:
            self.partial = partial
        return rows

    # -- results ---------------------------------------------------------------------
    def tree(self, rule: Rule, name=None) -> list:
        """The steps of ``rule`` (when steps are shown); ``name`` (called only then) gives
        the markup of the derivative's name."""
        if not self.steps:
            return []
        return [Steps(tuple(self._print(rule, 0)), name() if name is not None else "")]

    def document_heading(self, title: str) -> list:
        """The heading of a result that only a document titles (a walkthrough, a derivative,
        the exercise list)."""
        return [Heading(1, title)]

    def _print_Walkthrough(self, walk, depth: int) -> list:
        self.decimal_display = walk.problem.decimal_display
        self.partial = len(walk.variables) > 1
        names = [self.expr(v) for v in walk.variables]
        function = self.expr(walk.problem.as_typed)
        self.title = self.say("doc.walk_title", expression=self.inline(function))
        blocks: list = self.document_heading(self.title)
        blocks.append(Display(self.relation(self.call("f", names), "=", function)))
        blocks += self.first_partials(walk)
        blocks += self.second_partials(walk)
        blocks += self.gradient_and_hessian(walk)
        if walk.at is not None:
            blocks += self.at_point(walk, names)
        if walk.critical_points is not None:
            blocks += self.critical(walk, names)
        if walk.directional is not None:
            blocks += self.directional(walk)
        return blocks

    def first_partials(self, walk) -> list:
        blocks: list = [Heading(2, self.say("walk.first_partials"))]
        for partial in walk.partials:
            blocks += self.tree(partial.steps, lambda: self.first_name(partial.variable))
            blocks.append(Display(self.relation(self.first_name(partial.variable), "=", self.expr(partial.result))))
        return blocks

    def second_partials(self, walk) -> list:
        blocks: list = [Heading(2, self.say("walk.second_partials"))]
        if len(walk.variables) > 1:
            a, b = walk.variables[0], walk.variables[1]
            meaning = self.juxtapose(self.operator(b, True), self.parenthesized(self.first_name(a)))
            blocks.append(Paragraph(self.say("walk.second_notation", name=self.inline(self.second_name(a, b)),
                                             meaning=self.inline(meaning), first=self.inline(self.expr(a)),
                                             second=self.inline(self.expr(b)))))
        for second in walk.second_partials:
            blocks += self.tree(second.steps, lambda: self.second_name(second.first, second.second))
            blocks.append(Display(self.relation(self.second_name(second.first, second.second), "=",
                                                self.expr(second.result))))
        for pair in walk.mixed:
            key = {True: "walk.mixed_agree", False: "walk.mixed_differ", None: "walk.mixed_unknown"}[pair.agree]
            blocks.append(Paragraph(self.say(key, left=self.inline(self.second_name(pair.a, pair.b)),
                                             right=self.inline(self.second_name(pair.b, pair.a)))))
        return blocks

    def gradient_and_hessian(self, walk) -> list:
        gradient = self.vector([self.expr(g) for g in walk.gradient])
        hessian = self.matrix([[self.expr(h) for h in row] for row in walk.hessian])
        return [Heading(2, self.say("walk.gradient")), Display(self.relation(self.symbol("∇f"), "=", gradient)),
                Heading(2, self.say("walk.hessian")), Display(self.relation(self.symbol("∇²f"), "=", hessian))]

    def at_point(self, walk, names) -> list:
        at = walk.at
        coordinates = [self.expr(c.exact) for c in at.point]
        blocks: list = [Heading(2, self.say("walk.at", point=self.inline(self.point(names, coordinates))))]
        blocks.append(Display(self.related(self.call("f", coordinates), at.value)))
        blocks.append(Display(self.relation(self.call("∇f", coordinates), "=",
                                            self.vector([self.value(g) for g in at.gradient]))))
        rows = [[self.value(h) for h in row] for row in at.hessian]
        blocks.append(Display(self.relation(self.call("∇²f", coordinates), "=", self.matrix(rows))))
        curvature = at.curvature
        if curvature is not None:  # ∇f = 0 here: what H says about a learning rate
            values = self.sequence([self.number(e) for e in curvature.eigenvalues])
            blocks.append(Paragraph(self.say("walk.eigenvalues", values=self.inline(values))))
            blocks += self.curvature_lines(curvature)
        return blocks

    def curvature_lines(self, curvature) -> list:
        """What the Hessian's eigenvalues at a critical point mean for a learning rate
        (:mod:`symgrad.curvature`): κ and lr < 2/λmax at a minimum, the ascent bound at a
        maximum, the escape direction at a saddle."""
        n = self.number
        if curvature.kind == "positive-definite":
            bound = curvature.lr_bound
            return [Paragraph(self.say("walk.curvature.minimum", kappa=self.inline(n(curvature.condition_number)),
                                       bound=self.inline(n(bound)), half=self.inline(n(bound / 2))), detail=True),
                    Paragraph(self.say("walk.curvature.best", best=self.inline(n(curvature.best_lr)),
                                       factor=self.inline(n(curvature.best_factor))), detail=True)]
        if curvature.kind == "negative-definite":
            return [Paragraph(self.say("walk.curvature.maximum", kappa=self.inline(n(curvature.condition_number)),
                                       bound=self.inline(n(curvature.flipped().lr_bound))), detail=True)]
        if curvature.kind == "indefinite":
            return [Paragraph(self.say("walk.curvature.saddle", lowest=self.inline(n(curvature.eigenvalues[0]))),
                              detail=True)]
        return []

    def critical(self, walk, names) -> list:
        found = walk.critical_points
        blocks: list = [Heading(2, self.say("walk.critical"))]
        for point in found.points:
            coordinates = [self.coordinate(c) for c in point.point]
            blocks.append(Paragraph(self.say(
                "walk.critical_point", point=self.inline(self.point(names, coordinates)),
                kind=self.text(phrase(f"walk.kind.{point.kind}", self.lang)),
                value=self.inline(self.related("", point.value)))))
            if point.eigenvalues:
                values = self.sequence([self.number(e) for e in point.eigenvalues])
                blocks.append(Paragraph(self.say("walk.eigenvalues", values=self.inline(values)), detail=True))
                blocks += self.curvature_lines(point.curvature)
        for curve in found.sets:
            equations = self.inline(self.sequence([self.relation(self.expr(left), "=", self.expr(right))
                                                   for left, right in curve.equations]))
            if curve.value is None:
                blocks.append(Paragraph(self.say("walk.critical_set", equations=equations)))
            else:
                blocks.append(Paragraph(self.say("walk.critical_set_value", equations=equations,
                                                 value=self.inline(self.related("", curve.value)))))
            blocks.append(Paragraph(self.say(f"walk.set_kind.{curve.kind}"), detail=True))
        if not found.points and not found.sets and found.complete:
            blocks.append(Paragraph(self.say("walk.critical_none")))
        if found.note:
            blocks.append(Paragraph(self.text(note_phrase(found.note, self.lang))))
        return blocks

    def directional(self, walk) -> list:
        along = walk.directional
        blocks: list = [Heading(2, self.say("walk.directional", direction=self.inline(
            self.vector([self.expr(c) for c in along.direction]))))]
        blocks.append(Paragraph(self.say("walk.unit_vector", unit=self.inline(
            self.vector([self.expr(c) for c in along.unit])))))
        blocks.append(Paragraph(self.say("walk.directional_formula", result=self.inline(self.expr(along.result)))))
        if along.at_point is not None and walk.at is not None:
            where = self.vector([self.expr(c.exact) for c in walk.at.point])
            blocks.append(Paragraph(self.say("walk.directional_at", point=self.inline(where),
                                             value=self.inline(self.value(along.at_point)))))
        return blocks

    def _print_Derivative(self, result, depth: int) -> list:
        self.decimal_display = result.problem.decimal_display
        self.partial = len(result.problem.variables) > 1
        self.title = self.say("doc.diff_title", expression=self.inline(self.expr(result.problem.as_typed)))
        blocks: list = self.document_heading(self.title)
        for order, tree in enumerate(result.trees, start=1):
            blocks += self.tree(tree, lambda: self.nth_name(result.variable, order))
        blocks.append(Display(self.relation(self.nth_name(result.variable, result.order), "=",
                                            self.expr(result.result))))
        return blocks

    # -- descent traces and learning-rate sweeps (cells: symgrad.render.table) -----------
    def real(self, shown: str) -> str:
        """A number the table already wrote with its digits ("-0.474875"), as math."""
        if shown.lstrip("-").isdigit():
            return self.expr(sympy.Integer(shown))  # 1, not 1.0
        return self.expr(sympy.Float(shown, max(self.digits, 15)))

    def reals(self, shown) -> str:
        """A point or gradient whose coordinates the table wrote, as an inline vector."""
        return self.inline(self.vector([self.real(c) for c in shown]))

    def descended_function(self, problem) -> list:
        """f(θ₁, θ₂) = … when the run knows the function it descended."""
        if problem is None:
            return []
        self.decimal_display = problem.decimal_display
        names = [self.expr(v) for v in problem.variables]
        return [Display(self.relation(self.call("f", names), "=", self.expr(problem.as_typed)))]

    def hyperparameter_values(self, values) -> str:
        """"lr = 0.01 (learning rate); maximize = off (…)", each described from the catalogue."""
        items = []
        for name, value in values.items():
            if isinstance(value, bool):
                shown = self.text(phrase("hyper.on" if value else "hyper.off", self.lang))
            else:
                shown = self.inline(self.real(number(value, self.digits)))
            items.append(self.say("hyper.value", name=self.text(name), value=shown,
                                  description=self.text(hyperparameter_description(name, self.lang))))
        return self.text("; ").join(items)

    def descent_header(self, kind: str, method: str, problem, start, hyperparameters) -> list:
        """Title, f, start point and hyperparameters of a run (``kind`` "descent") or a sweep
        ("sweep"), as sentences."""
        self.title = self.say(f"{kind}.title", name=self.text(method_name(method, self.lang)), method=self.text(method))
        blocks: list = [Heading(1, self.title)] + self.descended_function(problem)
        blocks.append(Paragraph(self.say("descent.start", point=self.reals([number(c, self.digits) for c in start]))))
        if hyperparameters:
            blocks.append(Paragraph(self.say("descent.hyperparameters",
                                             values=self.hyperparameter_values(hyperparameters))))
        return blocks

    def _print_Trace(self, trace, depth: int) -> list:
        start = trace.iterations[0].theta if trace.iterations else ()
        blocks = self.descent_header("descent", trace.method, trace.problem, start, trace.hyperparameters)
        blocks.append(self.trace_table(trace))
        stop = trace.stopped
        blocks.append(Paragraph(self.say(
            "descent.stopped", reason=self.text(phrase(f"stop.name.{stop.reason}", self.lang)),
            k=self.inline(self.expr(sympy.Integer(stop.k))),
            detail=self.text(explanation(stop.key, stop_fields(stop), self.lang)))))
        blocks += [Paragraph(self.text(explanation(note.key, dict(note.fields), self.lang))) for note in trace.notes]
        return blocks

    def trace_table(self, trace) -> Table:
        """k, θₖ, ∇f(θₖ), f(θₖ): one row per iterate (cells: :func:`~symgrad.render.table.trace_cells`)."""
        theta_k = self.expr(sympy.Symbol("theta_k"))
        names = self.vector([self.expr(sympy.Symbol(name)) for name in trace.variables])
        headers = (self.inline(self.expr(sympy.Symbol("k"))), self.inline(self.relation(theta_k, "=", names)),
                   self.inline(self.call("∇f", [theta_k])), self.inline(self.call("f", [theta_k])))
        rows = tuple((self.inline(self.expr(sympy.Integer(row.k))), self.reals(row.theta), self.reals(row.gradient),
                      self.inline(self.real(row.value))) for row in trace_cells(trace, self.digits))
        return Table(headers, rows)

    def _print_Sweep(self, result, depth: int) -> list:
        blocks = self.descent_header("sweep", result.method, result.problem, result.start, result.hyperparameters)
        blocks.append(self.sweep_table(result))
        for run in result.runs:
            blocks.append(Paragraph(self.say(
                "sweep.run", lr=self.inline(self.real(number(run.lr, self.digits))),
                outcome=self.text(phrase(f"outcome.{run.outcome}", self.lang)),
                detail=self.text(explanation(run.why.key, dict(run.why.fields), self.lang)))))
            if run.because is not None:
                blocks.append(Paragraph(self.text(explanation(run.because.key, dict(run.because.fields), self.lang)),
                                        detail=True))
        return blocks

    def sweep_table(self, result) -> Table:
        """lr, final θ, f(θ), iterations, outcome: one row per learning rate
        (cells: :func:`~symgrad.render.table.sweep_cells`)."""
        theta = self.expr(sympy.Symbol("theta"))
        names = self.vector([self.expr(sympy.Symbol(name)) for name in result.variables])
        headers = (self.say("sweep.column.lr"), self.say("sweep.column.final", names=self.inline(names)),
                   self.inline(self.call("f", [theta])), self.say("sweep.column.iterations"),
                   self.say("sweep.column.outcome"))
        rows = tuple((self.inline(self.real(row.lr)), self.reals(row.theta), self.inline(self.real(row.value)),
                      self.text(row.iterations), self.text(phrase(f"outcome.{row.outcome}", self.lang)))
                     for row in sweep_cells(result, self.digits))
        return Table(headers, rows)

    # -- a fit over data: the derivation, the epochs, θ and the Hessian -------------------
    def _print_Fit(self, result, depth: int) -> list:
        """Title and data; the derivation of the gradient (sentences, rule trees, equations);
        the epochs table and the stop; θ by parameter; the Hessian at the solution; notes."""
        data = result.data
        self.decimal_display = False
        self.title = self.say("fit.title", model=self.text(phrase(f"fit.model.{result.model}", self.lang)),
                              source=self.text(data.source))
        yes_no = self.text(phrase("fit.yes" if result.intercept else "fit.no", self.lang))
        blocks: list = [Heading(1, self.title),
                        Paragraph(self.say("fit.data", rows=self.text(str(data.rows)), target=self.text(data.target),
                                           features=self.text(", ".join(data.features)))),
                        Paragraph(self.say("fit.options", intercept=yes_no, l2=self.text(number(result.l2, 6))))]
        blocks += self.fit_derivation(result.derivation)
        blocks.append(Heading(2, self.say("fit.heading.run")))
        blocks += self.fit_run_line(result)
        blocks.append(self.fit_table(result))
        stop = result.stopped
        blocks.append(Paragraph(self.say(
            "fit.stopped", reason=self.text(phrase(f"stop.name.{stop.reason}", self.lang)), k=self.text(str(stop.k)),
            detail=self.text(explanation(stop.key, stop_fields(stop), self.lang)), steps=self.text(str(result.steps)))))
        blocks.append(Heading(2, self.say("fit.heading.result")))
        blocks.append(Table((self.say("fit.column.parameter"), self.inline(self.expr(sympy.Symbol("theta")))),
                            tuple((self.text(name), self.inline(self.real(number(value, self.digits))))
                                  for name, value in zip(result.parameters, result.theta))))
        curvature = result.curvature
        blocks.append(Heading(2, self.say("fit.heading.hessian")))
        condition = curvature.condition if math.isfinite(curvature.condition) else "∞"
        blocks.append(Paragraph(self.text(explanation("fit.hessian.eigenvalues", {
            "values": curvature.eigenvalues, "condition": condition}, self.lang))))
        blocks.append(Paragraph(self.text(explanation("fit.hessian.bound_line", {"bound": curvature.bound}, self.lang))))
        blocks.append(Paragraph(self.text(explanation(curvature.message.key, dict(curvature.message.fields), self.lang))))
        if result.batch_kind != "batch" and curvature.verdict != "newton":
            blocks.append(Paragraph(self.say("fit.hessian.noisy", batch=self.text(phrase(f"fit.batch.{result.batch_kind}",
                                                                                            self.lang)))))
        if result.notes:
            blocks.append(Heading(2, self.say("fit.heading.notes")))
            blocks += [Paragraph(self.text(explanation(note.key, dict(note.fields), self.lang))) for note in result.notes]
        return blocks

    def fit_derivation(self, derivation) -> list:
        """Each step's sentence, its rule tree (with steps) and its equation."""
        if not self.steps:
            return [Heading(2, self.say("fit.heading.derivation")),
                    Paragraph(self.text(note_phrase(derivation.steps[-1].message, self.lang)))]
        blocks: list = [Heading(2, self.say("fit.heading.derivation"))]
        partial, self.partial = self.partial, None
        try:
            for step in derivation.steps:
                blocks.append(Paragraph(self.text(explanation(step.message.key, dict(step.message.fields), self.lang))))
                if step.tree is not None:
                    blocks += self.tree(step.tree)
                if step.left is not None:
                    blocks.append(Display(self.relation(self.fit_name(step.left), "=", self.fit_value(step.right))))
        finally:
            self.partial = partial
        return blocks

    def fit_value(self, right) -> str:
        """The right side of a derivation step: an expression, or factors of a product as written."""
        if not isinstance(right, tuple):
            return self.expr(right)
        shown = self.factor(right[0])
        for factor in right[1:]:
            shown = self.relation(shown, "·", self.factor(factor))
        return shown

    def fit_name(self, left: tuple) -> str:
        """lᵢ, ∂lᵢ/∂θⱼ or dpᵢ/dzᵢ: the left side of a derivation step."""
        if left[0] == "value":
            return self.expr(left[1])
        d = self.symbol("∂" if left[0] == "partial" else "d")
        return self.fraction_name(d + self.expr(left[1]), d + self.expr(left[2]))

    def fit_run_line(self, result) -> list:
        """The method, its hyperparameters, the batch and the order of the rows."""
        order = phrase("fit.order.shuffled", self.lang, seed=result.seed) if result.shuffle and result.batch_kind != "batch" \
            else phrase("fit.order.fixed", self.lang)
        return [Paragraph(self.say(
            "fit.run_line", name=self.text(method_name(result.method, self.lang)), method=self.text(result.method),
            hyperparameters=self.text(hyperparameter_list(result.hyperparameters, self.digits)),
            batch=self.text(phrase(f"fit.batch.{result.batch_kind}", self.lang)), size=self.text(str(result.batch_size)),
            rows=self.text(str(result.data.rows)), order=self.text(order)))]

    def fit_table(self, result) -> Table:
        """epoch, θ, ‖∇J(θ)‖, J(θ): one row per recorded epoch (cells: :func:`~symgrad.render.table.fit_cells`)."""
        theta = self.expr(sympy.Symbol("theta"))
        headers = (self.say("fit.column.epoch"), self.inline(theta), self.text("‖∇J(θ)‖"), self.text("J(θ)"))
        rows = tuple((self.text(row.epoch), self.reals(row.theta), self.inline(self.real(row.gradient_norm)),
                      self.inline(self.real(row.loss))) for row in fit_cells(result, self.digits))
        return Table(headers, rows)

    # -- exercises: solutions ------------------------------------------------------
    def exact_number(self, value) -> str:
        """A number: its exact decimal when short (−0.474875), else ≈ six digits; vectors and
        matrices entry by entry."""
        if isinstance(value, tuple):
            return self.entrywise(value, self.exact_number)
        value = sympy.sympify(value)
        if is_short_decimal(value):
            shown, self.decimal_display = self.decimal_display, True
            try:
                return self.expr(value)
            finally:
                self.decimal_display = shown
        if value.free_symbols or not value.is_number:
            return self.expr(value)
        return self.relation("", "≈", self.number(float(value)))

    def shows_exactly(self, value) -> bool:
        """Whether :meth:`exact_number` shows ``value`` as it is, with no ≈ (entry by entry)."""
        if value is None:
            return True
        if isinstance(value, tuple):
            return all(self.shows_exactly(v) for v in value)
        value = sympy.sympify(value)
        return is_short_decimal(value) or bool(value.free_symbols) or not value.is_number

    def approximation_legend(self, values) -> list:
        """The one sentence saying what ≈ means, under the first table of a solution that
        shows a value rounded (then never again in it)."""
        if self.approximations_explained or all(self.shows_exactly(v) for v in values):
            return []
        self.approximations_explained = True
        return [Paragraph(self.say("solution.approx_note"))]

    def answer_value(self, value) -> str:
        """An item's answer: a formula (vector, matrix) as typed in the exercise, or a number."""
        if isinstance(value, tuple):
            return self.entrywise(value, self.answer_value)
        return self.exact_number(value) if not sympy.sympify(value).free_symbols else self.expr(value)

    def entrywise(self, value: tuple, show) -> str:
        """A vector, or a matrix (a tuple of rows), with ``show`` of each entry."""
        if value and isinstance(value[0], tuple):
            return self.matrix([[show(v) for v in row] for row in value])
        return self.vector([show(v) for v in value])

    def iterate_name(self, exercise):
        """Θₖ for several variables, xₖ for one."""
        names = [str(v) for v in exercise.variables]
        return sympy.Symbol(f"{names[0]}_k" if len(names) == 1 else "Theta_k")

    def _print_Worksheet(self, sheet, depth: int) -> list:
        return worksheet_blocks(self, sheet)

    def _print_AnswerKey(self, key, depth: int) -> list:
        return answer_key_blocks(self, key)

    def _print_Solution(self, solution, depth: int) -> list:
        exercise = solution.exercise
        title = self.say("solution.title", exercise=self.text(exercise.id), title=self.text(exercise.title.get(self.lang)))
        blocks: list = [Heading(1, title)]
        self.approximations_explained = False
        walk = solution.walkthrough
        self.decimal_display = bool(walk is not None and walk.problem.decimal_display)
        names = [self.expr(v) for v in exercise.variables]
        blocks.append(Display(self.relation(self.call(exercise.name, names), "=", self.expr(exercise.function))))
        blocks.append(Heading(2, self.say("solution.task")))
        blocks += self.exercise_statement(exercise)
        if walk is not None:
            blocks.append(Heading(2, self.say("solution.walkthrough")))
            blocks += self.worked_walkthrough(walk, depth)
            self.decimal_display = walk.problem.decimal_display
        if solution.iterates:
            blocks += self.iterate_table(solution)
        if solution.compared:
            blocks += self.solution_table(comparison_cells(solution))
        blocks += self.solution_table(answer_cells(solution))
        explained = bool(solution.compared and comparison_cells(solution).notes)
        blocks += self.exercise_notes(exercise, printed_values_explained=explained)
        self.title = title
        return blocks

    def worked_walkthrough(self, walk, depth: int) -> list:
        """The walkthrough inside a solution: its sections one level down, without its title
        or function (the solution shows them)."""
        blocks: list = []
        for block in self._print(walk, depth):
            if isinstance(block, Heading):
                if block.level == 1:
                    continue
                block = Heading(block.level + 1, block.text)
            blocks.append(block)
        return blocks

    def exercise_statement(self, exercise) -> list:
        """The task, what is given, and the descent's start and rate."""
        blocks: list = [Paragraph(self.text(exercise.task.get(self.lang)))]
        if exercise.given:
            blocks.append(Paragraph(self.say("exercise.given", given=self.text(exercise.given))))
        if exercise.descent is not None:
            descent = exercise.descent
            start = self.exact_number(tuple(descent.start)) if len(descent.start) > 1 else \
                self.exact_number(descent.start[0])
            blocks.append(Paragraph(self.say(f"exercise.{descent.rule}", start=self.inline(start),
                                             rate=self.inline(self.exact_number(descent.rate)))))
        return blocks

    def iterate_table(self, solution) -> list:
        exercise = solution.exercise
        theta = self.expr(self.iterate_name(exercise))
        name = exercise.name
        cells = iterate_cells(solution)
        names = (self.inline(theta), self.inline(self.call("∇" + name, [theta])), self.inline(self.call(name, [theta])))
        # a column is labelled exact only when it shows every value exactly (no ≈)
        headers = (self.say("solution.col.k"),) + tuple(
            self.say("solution.col.exact" if all(self.shows_exactly(row[column]) for row in cells)
                     else "solution.col.value", name=shown)
            for column, shown in enumerate(names, start=1))
        rows = tuple((self.inline(self.expr(sympy.Integer(k))), self.inline(self.exact_number(point)),
                      self.inline(self.exact_number(gradient)), self.inline(self.exact_number(value)))
                     for k, point, gradient, value in cells)
        return [Heading(2, self.say("solution.iterates")), Table(headers, rows)] + self.approximation_legend(
            [value for row in cells for value in row[1:]])

    def solution_table(self, table: SolutionTable) -> list:
        """A comparison or answer table (cells: :mod:`symgrad.render.table`), then its items' notes."""
        def header(index: int, column: str) -> str:
            """"exact" only over a column that shows every value exactly (no ≈)."""
            approximate = column == "exact_value" and not all(self.shows_exactly(row[index]) for row in table.rows)
            return self.say("solution.col.computed" if approximate else f"solution.col.{column}")

        headers = tuple(header(index, column) for index, column in enumerate(table.columns))
        rows = tuple(tuple(self.solution_cell(column, value) for column, value in zip(table.columns, row))
                     for row in table.rows)
        numbers = [value for row in table.rows for column, value in zip(table.columns, row)
                   if column not in ("item", "answer")]
        blocks: list = [Heading(2, self.say(table.title)), Table(headers, rows)] + self.approximation_legend(numbers)
        return blocks + [Paragraph(self.say("solution.item_note", item=self.text(key),
                                            note=self.text(note.get(self.lang)))) for key, note in table.notes]

    def solution_cell(self, column: str, value) -> str:
        """The item's key as text, an answer as typed, every other value as a number (markup)."""
        if value is None:
            return ""
        if column == "item":
            return self.text(value)
        return self.inline(self.answer_value(value) if column == "answer" else self.exact_number(value))

    def exercise_notes(self, exercise, printed_values_explained: bool = False) -> list:
        """The exercise's notes and the handouts' errata that touch it; an erratum's
        explanation is left out when the notes under the comparison table already explained
        each printed value (``printed_values_explained``), so it is said once."""
        if not exercise.notes and not exercise.errata:
            return []
        blocks: list = [Heading(2, self.say("solution.notes"))]
        blocks += [Paragraph(self.text(note.get(self.lang))) for note in exercise.notes]
        for erratum in exercise.errata:
            line = self.say("exercise.erratum", handout=self.text(erratum.handout),
                            printed=self.text(erratum.printed), correct=self.text(erratum.correct))
            if not printed_values_explained:
                line += " " + self.text(erratum.explanation.get(self.lang))
            blocks.append(Paragraph(line))
        return blocks

    # -- exercises: the task, the bank, checked answers ---------------------------
    def item_details(self, item) -> str:
        """partial derivative, by x, at (1, 2), 4 decimals (markup)."""
        parts = [self.say(f"exercise.kind.{item.kind}")]
        if item.wrt:
            parts.append(self.say("exercise.item_by", variables=self.inline(self.sequence([self.expr(v) for v in item.wrt]))))
        if item.at is not None:
            parts.append(self.say("exercise.item_at", point=self.inline(self.exact_number(tuple(item.at)))))
        elif item.step is not None:
            parts.append(self.say("exercise.item_step", k=self.inline(self.expr(sympy.Integer(item.step)))))
        if item.decimals is not None:
            parts.append(self.say("exercise.item_decimals", count=self.text(str(item.decimals))))
        return self.text(", ").join(parts)

    def card_heading(self, level: int, title: str) -> list:
        """A heading of an exercise or a grade (a card): its title (level 1) or a section (2)."""
        return [Heading(level, title)]

    def _print_Exercise(self, exercise, depth: int) -> list:
        """Title, function and task of an exercise, then the keys of its items to answer."""
        self.decimal_display = "." in exercise.function_text
        self.title = self.say("exercise.title", exercise=self.text(exercise.id),
                              title=self.text(exercise.title.get(self.lang)))
        names = [self.expr(v) for v in exercise.variables]
        blocks: list = self.card_heading(1, self.title)
        blocks += self.card_function(self.relation(self.call(exercise.name, names), "=", self.expr(exercise.function)))
        blocks += self.exercise_statement(exercise)
        blocks += self.card_heading(2, self.say("exercise.items_heading"))
        command = phrase("exercise.check_command", self.lang, exercise=exercise.id)
        blocks.append(Paragraph(self.say("exercise.items", command=self.code(command))))
        blocks += self.item_table(exercise)
        blocks += [Paragraph(self.say("exercise.erratum", handout=self.text(e.handout), printed=self.text(e.printed),
                                      correct=self.text(e.correct))) for e in exercise.errata]
        return blocks

    def card_function(self, relation: str) -> list:
        """The exercise's function under its title, f(x, y) = …: displayed."""
        return [Display(relation)]

    def item_table(self, exercise) -> list:
        """Each item's key and details (by x, at (1, 2), …), one row per item."""
        rows = tuple((self.text(item.key), self.item_details(item)) for item in exercise.items)
        return [Table((self.say("solution.col.item"), self.say("exercise.items_heading")), rows)]

    def _print_ExerciseList(self, bank, depth: int) -> list:
        self.title = self.say("exercise.list_title")
        return self.document_heading(self.title) + [self.exercise_table(bank)]

    def exercise_table(self, bank) -> Table:
        """id, section, title and item keys: one row per exercise of the bank."""
        headers = tuple(self.say(f"exercise.col.{name}") for name in ("id", "section", "title", "items"))
        rows = tuple((self.text(e.id), self.text(str(e.section)), self.text(e.title.get(self.lang)),
                      self.text(", ".join(i.key for i in e.items))) for e in bank.exercises)
        return Table(headers, rows)

    def _print_Grade(self, grade, depth: int) -> list:
        """Each answer under its item's heading, with details: how the grader read it, its
        verdict and notes; then the score."""
        title = grade.title.get(self.lang) if grade.title is not None else ""
        self.title = self.say("check.title", exercise=self.text(grade.exercise), title=self.text(title))
        blocks: list = self.card_heading(1, self.title)
        for item in grade.items:
            answer = item.answer if item.answer is not None else phrase("check.not_answered", self.lang)
            blocks += self.card_heading(2, self.text(item.key))
            shown = self.code(answer) if item.answer is not None else self.text(answer)
            blocks.append(Paragraph(self.say("check.answer", item=self.text(item.key), answer=shown)))
            notes = tuple(message_text(remark, self.lang) for remark in item.remarks)
            if item.interpreted is not None:
                variables = ", ".join(item.variables) or phrase("check.no_variables", self.lang)
                blocks.append(Paragraph(self.say("check.read_as", shown=self.reading(item),
                                                 variables=self.text(variables)), detail=True))
                notes = notes[1:]
            blocks.append(Paragraph(self.say("check.verdict", verdict=self.verdict_word(item.verdict),
                                             score=self.text(str(item.score)), max_score=self.text(str(item.max_score)),
                                             feedback=self.text(message_text(item.message, self.lang))), detail=True))
            blocks += [Paragraph(self.say("check.note", note=self.text(note)), detail=True) for note in notes]
        blocks.append(Paragraph(self.say("check.score", score=self.text(str(grade.score)),
                                         max_score=self.text(str(grade.max_score)))))
        return blocks

    def _print_Validation(self, validation, depth: int) -> list:
        """Each answer and how it was read, as ``check`` shows it, and whether it can be
        graded as typed (STACK's validation step); nothing is graded."""
        title = validation.title.get(self.lang) if validation.title is not None else ""
        self.title = self.say("check.title", exercise=self.text(validation.exercise), title=self.text(title))
        blocks: list = self.card_heading(1, self.title)
        for item in validation.items:
            blocks += self.card_heading(2, self.text(item.key))
            blocks.append(Paragraph(self.say("check.answer", item=self.text(item.key), answer=self.text(item.answer))))
            if item.interpreted is not None:
                variables = ", ".join(item.variables) or phrase("check.no_variables", self.lang)
                blocks.append(Paragraph(self.say("check.read_as", shown=self.reading(item),
                                                 variables=self.text(variables)), detail=True))
            if item.problem is not None:
                blocks.append(Paragraph(self.say("validate.problem",
                                                 problem=self.text(message_text(item.problem, self.lang))), detail=True))
            blocks += [Paragraph(self.say("check.note", note=self.text(message_text(remark, self.lang))), detail=True)
                       for remark in item.remarks]
        blocks.append(Paragraph(self.say("validate.summary", valid=self.text(str(validation.valid)),
                                         count=self.text(str(len(validation.items))))))
        return blocks

    def verdict_word(self, verdict: str) -> str:
        """A verdict in words (correct, 정답), as text of the format."""
        return self.text(phrase(f"verdict.{verdict}", self.lang))

    def reading(self, item) -> str:
        """How the grader read a checked answer: its value as math, else its ``interpreted`` text."""
        if item.reading is not None:
            return self.inline(self.answer_value(item.reading))
        return self.text(item.interpreted)

    def _print_PracticeSession(self, session, depth: int) -> list:
        """A practice round's summary: each question's outcome, counted attempts, hints
        used and score, then the total."""
        from symgrad.practice import outcome_phrase, score_text

        title = self.text(session.title.get(self.lang))
        self.title = self.say("practice.summary.title", exercise=self.text(session.exercise.id), title=title) \
            if session.source.exercise is not None else self.say("practice.summary.title_expression", title=title)
        headers = tuple(self.say(f"practice.col.{name}") for name in ("question", "outcome", "attempts", "hints", "score"))
        rows = tuple((self.text(record.key), self.text(note_phrase(outcome_phrase(record), self.lang)),
                      self.text(str(record.attempt_count)), self.text(str(record.hints)),
                      self.text(f"{score_text(record.score)}/{record.points}")) for record in session.records)
        correct = sum(record.outcome == "correct" for record in session.records)
        return self.card_heading(1, self.title) + [Table(headers, rows), Paragraph(self.say(
            "practice.summary.score", score=self.text(score_text(session.score)),
            max_score=self.text(str(session.max_score)), correct=self.text(str(correct)),
            count=self.text(str(len(session.records)))))]


__all__ = ["DocumentPrinter", "Row", "Heading", "Paragraph", "Display", "Steps", "Table",
           "decimal_form", "is_short_decimal", "short_float"]
