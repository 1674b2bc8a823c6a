"""Plain-text (Unicode) rendering, in the style of SymPy's printers.

:class:`TextPrinter` dispatches ``doprint(obj)`` to ``_print_<ClassName>`` by walking
``type(obj).__mro__``; every ``_print_*`` method takes ``(obj, depth)`` and returns a
list of already indented lines.  ``_print_Rule`` is the generic fallback for any rule
(name, formula, expression and result), so a new rule prints sensibly before anyone
writes its special case.  All words come from :mod:`symgrad.render.phrases`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from symgrad.render.document import is_short_decimal, short_float
from symgrad.render.phrases import join_names, note_phrase, phrase, rule_name
from symgrad.render.table import (
    DEFAULT_DIGITS, SolutionTable, answer_cells, comparison_cells, iterate_cells, sweep_text, trace_text,
)
from symgrad.render.unicode import format_expr, formula_for, superscript

if TYPE_CHECKING:  # the printers find a rule's method by its class name: no import needed to run
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
            INDENT * depth + self.say("step.rule", rule=rule_name(rule.name, self.lang),
                                      formula=formula_for(rule.formula, self.math(rule.variable), bool(self.partial))),
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
        """``expr`` as a factor after ``·``: parenthesized when it is a sum or negative."""
        text = self.math(expr)
        return f"({text})" if " " in text or text.startswith("−") else text


def render_steps(rule: Rule, lang: str = "en", decimal_display: bool = False, variables=None) -> str:
    """An indented derivation of ``rule`` a student reads, one step per line group.

    Uses ∂ when the problem has more than one variable (``variables``, or else the
    free symbols of the tree's expression), d otherwise.
    """
    partial = None if variables is None else len(tuple(variables)) > 1
    return TextPrinter(lang=lang, decimal_display=decimal_display, partial=partial).doprint(rule)


class ResultTextPrinter(TextPrinter):
    """Prints whole results (walkthroughs, derivatives) with their rule trees.

    ``steps=False`` leaves the rule trees out and keeps every result line.
    """

    def __init__(self, lang: str = "en", decimal_display: bool = False, steps: bool = True,
                 digits: int = DEFAULT_DIGITS):
        super().__init__(lang=lang, decimal_display=decimal_display, partial=None)
        self.steps = steps
        self.digits = digits  # significant digits of the numbers in descent tables

    def tree(self, rule: Rule, depth: int) -> list[str]:
        return self._print(rule, depth) if self.steps else []

    # -- descent (the tables of symgrad.render.table) ------------------------------
    def _print_Trace(self, trace, depth: int) -> list[str]:
        return trace_text(trace, self.digits, self.lang).splitlines()

    def _print_Sweep(self, result, depth: int) -> list[str]:
        return sweep_text(result, self.digits, self.lang).splitlines()

    # -- notation --------------------------------------------------------------
    def first_name(self, variable) -> str:
        """∂f/∂x (or df/dx for one variable)."""
        d = "∂" if self.partial else "d"
        return f"{d}f/{d}{self.math(variable)}"

    def second_name(self, first, second) -> str:
        """∂²f/∂x∂y for ∂/∂y(∂f/∂x) (the lecture's notation), ∂²f/∂x² when equal."""
        d = "∂" if self.partial else "d"
        a, b = self.math(first), self.math(second)
        return f"{d}²f/{d}{a}²" if first == second else f"{d}²f/{d}{a}{d}{b}"

    def point(self, names, values) -> str:
        return f"({', '.join(names)}) = ({', '.join(values)})"

    def value(self, value) -> str:
        """An exact value, with its decimal where the exact form is not already a plain number.

        Roots with no closed form (CRootOf) and values computed from them show as decimals.
        """
        if value.decimal is not None and (value.exact.has(sympy.CRootOf) or value.exact.has(sympy.Float)):
            return "≈ " + self.decimal(value.decimal)
        if value.exact is sympy.nan:
            return self.say("walk.undefined")
        if value.decimal is None:
            exact = self.math(value.exact)
            return exact if value.exact.free_symbols else f"{exact} ({self.say('walk.undefined')})"
        exact = self.math(value.exact)
        decimal = self.decimal(value.decimal)
        return exact if exact == decimal or value.exact.is_Integer else f"{exact} ≈ {decimal}"

    def relation(self, value) -> str:
        """"= exact" (with "≈ decimal" where useful), or "≈ decimal" for a value with no closed form."""
        text = self.value(value)
        return text if text.startswith("≈") else "= " + text

    def decimal(self, number: float) -> str:
        return short_float(number).replace("-", "−")

    def coordinate(self, value) -> str:
        """A coordinate of a point: exact where it has a closed form, else its decimal."""
        if value.exact.has(sympy.CRootOf) and value.decimal is not None:
            return self.decimal(value.decimal)
        return self.math(value.exact)

    def vector(self, entries: list[str]) -> str:
        return "(" + ", ".join(entries) + ")"

    def matrix(self, rows: list[list[str]], lead: str) -> list[str]:
        """A bracketed matrix with aligned columns; ``lead`` stands left of the middle row."""
        widths = [max(len(row[j]) for row in rows) for j in range(len(rows[0]))]
        body = ["  ".join(cell.rjust(width) for cell, width in zip(row, widths)) for row in rows]
        if len(body) == 1:
            brackets = [("[", "]")]
        else:
            brackets = [("⎡", "⎤")] + [("⎢", "⎥")] * (len(body) - 2) + [("⎣", "⎦")]
        middle = (len(body) - 1) // 2
        pad = " " * len(lead)
        return [(lead if i == middle else pad) + f"{left} {line} {right}"
                for i, (line, (left, right)) in enumerate(zip(body, brackets))]

    # -- results ---------------------------------------------------------------
    def _print_Walkthrough(self, walk, depth: int) -> list[str]:
        self.decimal_display = walk.problem.decimal_display
        self.partial = len(walk.variables) > 1
        names = [self.math(v) for v in walk.variables]
        lines = [self.say("walk.function", variables=", ".join(names), expression=self.math(walk.problem.as_typed)), ""]
        lines += self.first_partials(walk)
        lines += self.second_partials(walk)
        lines += self.gradient_and_hessian(walk, names)
        if walk.at is not None:
            lines += self.at_point(walk, names)
        if walk.critical_points is not None:
            lines += self.critical(walk, names)
        if walk.directional is not None:
            lines += self.directional(walk, names)
        return lines

    def first_partials(self, walk) -> list[str]:
        lines = [self.say("walk.first_partials")]
        for partial in walk.partials:
            lines += self.tree(partial.steps, 1)
            lines.append(INDENT + f"{self.first_name(partial.variable)} = {self.math(partial.result)}")
            lines.append("")
        return lines

    def second_partials(self, walk) -> list[str]:
        lines = [self.say("walk.second_partials")]
        if len(walk.variables) > 1:
            a, b = walk.variables[0], walk.variables[1]
            lines.append(INDENT + self.say(
                "walk.second_notation", name=self.second_name(a, b),
                meaning=f"∂/∂{self.math(b)}(∂f/∂{self.math(a)})", first=self.math(a), second=self.math(b)))
        for second in walk.second_partials:
            lines += self.tree(second.steps, 1)
            lines.append(INDENT + f"{self.second_name(second.first, second.second)} = {self.math(second.result)}")
            if self.steps:
                lines.append("")
        for pair in walk.mixed:
            key = {True: "walk.mixed_agree", False: "walk.mixed_differ", None: "walk.mixed_unknown"}[pair.agree]
            lines.append(INDENT + self.say(key, left=self.second_name(pair.a, pair.b),
                                           right=self.second_name(pair.b, pair.a)))
        return lines + [""]

    def gradient_and_hessian(self, walk, names) -> list[str]:
        gradient = [self.math(g) for g in walk.gradient]
        hessian = [[self.math(h) for h in row] for row in walk.hessian]
        lines = [self.say("walk.gradient"), INDENT + "∇f = " + self.vector(gradient), ""]
        lines += [self.say("walk.hessian")] + [INDENT + line for line in self.matrix(hessian, "∇²f = ")]
        return lines + [""]

    def at_point(self, walk, names) -> list[str]:
        at = walk.at
        coordinates = [self.math(c.exact) for c in at.point]
        where = "(" + ", ".join(coordinates) + ")"
        lines = [self.say("walk.at", point=self.point(names, coordinates))]
        lines.append(INDENT + f"f{where} {self.relation(at.value)}")
        lines.append(INDENT + f"∇f{where} = " + self.vector([self.value(g) for g in at.gradient]))
        rows = [[self.value(h) for h in row] for row in at.hessian]
        lines += [INDENT + line for line in self.matrix(rows, f"∇²f{where} = ")]
        return lines + [""]

    def critical(self, walk, names) -> list[str]:
        found = walk.critical_points
        lines = [self.say("walk.critical")]
        for point in found.points:
            coordinates = [self.coordinate(c) for c in point.point]
            lines.append(INDENT + self.say(
                "walk.critical_point", point=self.point(names, coordinates),
                kind=self.say(f"walk.kind.{point.kind}"), value=self.relation(point.value)))
            if point.eigenvalues:
                values = ", ".join(self.decimal(e) for e in point.eigenvalues)
                lines.append(INDENT * 2 + self.say("walk.eigenvalues", values=values))
        for curve in found.sets:
            equations = ", ".join(f"{self.math(left)} = {self.math(right)}" for left, right in curve.equations)
            if curve.value is None:
                lines.append(INDENT + self.say("walk.critical_set", equations=equations))
            else:
                lines.append(INDENT + self.say("walk.critical_set_value", equations=equations,
                                               value=self.relation(curve.value)))
            lines.append(INDENT * 2 + self.say(f"walk.set_kind.{curve.kind}"))
        if not found.points and not found.sets and found.complete:
            lines.append(INDENT + self.say("walk.critical_none"))
        if found.note:
            lines.append(INDENT + note_phrase(found.note, self.lang))
        return lines + [""]

    def directional(self, walk, names) -> list[str]:
        along = walk.directional
        lines = [self.say("walk.directional", direction=self.vector([self.math(c) for c in along.direction]))]
        lines.append(INDENT + self.say("walk.unit_vector", unit=self.vector([self.math(c) for c in along.unit])))
        lines.append(INDENT + self.say("walk.directional_formula", result=self.math(along.result)))
        if along.at_point is not None and walk.at is not None:
            where = "(" + ", ".join(self.math(c.exact) for c in walk.at.point) + ")"
            lines.append(INDENT + self.say("walk.directional_at", point=where, value=self.value(along.at_point)))
        return lines + [""]

    def _print_Derivative(self, result, depth: int) -> list[str]:
        self.decimal_display = result.problem.decimal_display
        self.partial = len(result.problem.variables) > 1
        lines = []
        for tree in result.trees:
            lines += self.tree(tree, 0)
        d = "∂" if self.partial else "d"
        v = self.math(result.variable)
        name = f"{d}f/{d}{v}" if result.order == 1 else f"{d}{superscript(result.order)}f/{d}{v}{superscript(result.order)}"
        return lines + [self.say("diff.result", name=name, result=self.math(result.result))]

    # -- exercises: solutions --------------------------------------------------
    def exact_number(self, value) -> str:
        """A number: its exact decimal when short (−0.474875), else ≈ six digits; entry by entry."""
        if isinstance(value, tuple):
            return self.entrywise(value, self.exact_number)
        value = sympy.sympify(value)
        if is_short_decimal(value):
            return format_expr(value, decimal_display=True)
        if value.free_symbols or not value.is_number:
            return self.math(value)
        return "≈ " + self.decimal(float(value))

    def answer_value(self, value) -> str:
        """An item's answer: a formula (vector, matrix) as typed in the exercise, or a number."""
        if isinstance(value, tuple):
            return self.entrywise(value, self.answer_value)
        return self.math(value) if sympy.sympify(value).free_symbols else self.exact_number(value)

    def entrywise(self, value: tuple, show) -> str:
        """A vector "(a, b)", or a matrix (a tuple of rows) "[[a, b], [c, d]]", with ``show`` of each entry."""
        if value and isinstance(value[0], tuple):
            return "[" + ", ".join("[" + ", ".join(show(v) for v in row) + "]" for row in value) + "]"
        return "(" + ", ".join(show(v) for v in value) + ")"

    def table(self, headers, rows) -> list[str]:
        """Left-aligned columns under a header line, indented once."""
        widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows)]
        return [INDENT + "  ".join(str(cell).ljust(width) for cell, width in zip(line, widths)).rstrip()
                for line in (headers, *rows)]

    def _print_Solution(self, solution, depth: int) -> list[str]:
        exercise = solution.exercise
        walk = solution.walkthrough
        self.decimal_display = bool(walk is not None and walk.problem.decimal_display)
        names = ", ".join(self.math(v) for v in exercise.variables)
        lines = [self.say("solution.title", exercise=exercise.id, title=exercise.title.get(self.lang)),
                 INDENT + f"{exercise.name}({names}) = {self.math(exercise.function)}", ""]
        lines += [self.say("solution.task")] + [INDENT + line for line in self.exercise_statement(exercise)] + [""]
        if walk is not None:
            lines += [self.say("solution.walkthrough")] + self._print(walk, depth) + [""]
            self.decimal_display = walk.problem.decimal_display
        if solution.iterates:
            lines += self.iterate_table(solution) + [""]
        if solution.compared:
            lines += self.solution_table(comparison_cells(solution)) + [""]
        lines += self.solution_table(answer_cells(solution)) + [""]
        lines += self.exercise_notes(exercise)
        return lines

    def exercise_statement(self, exercise) -> list[str]:
        lines = [exercise.task.get(self.lang)]
        if exercise.given:
            lines.append(self.say("exercise.given", given=exercise.given))
        if exercise.descent is not None:
            descent = exercise.descent
            start = self.exact_number(tuple(descent.start) if len(descent.start) > 1 else descent.start[0])
            lines.append(self.say(f"exercise.{descent.rule}", start=start, rate=self.exact_number(descent.rate)))
        return lines

    def iterate_table(self, solution) -> list[str]:
        exercise = solution.exercise
        theta = "Θₖ" if len(exercise.variables) > 1 else self.math(exercise.variables[0]) + "ₖ"
        name = exercise.name
        headers = (self.say("solution.col.k"), self.say("solution.col.exact", name=theta),
                   self.say("solution.col.exact", name=f"∇{name}({theta})"),
                   self.say("solution.col.exact", name=f"{name}({theta})"))
        rows = [(str(k), self.exact_number(point), self.exact_number(gradient), self.exact_number(value))
                for k, point, gradient, value in iterate_cells(solution)]
        return [self.say("solution.iterates")] + self.table(headers, rows)

    def solution_table(self, table: SolutionTable) -> list[str]:
        """A comparison or answer table (cells: :mod:`symgrad.render.table`), then its items' notes."""
        headers = [self.say(f"solution.col.{column}") for column in table.columns]
        rows = [[self.solution_cell(column, value) for column, value in zip(table.columns, row)]
                for row in table.rows]
        lines = [self.say(table.title)] + self.table(headers, rows)
        return lines + [INDENT + self.say("solution.item_note", item=key, note=note.get(self.lang))
                        for key, note in table.notes]

    def solution_cell(self, column: str, value) -> str:
        """The item's key as is, an answer as typed, every other value as a number."""
        if value is None:
            return ""
        if column == "item":
            return value
        return self.answer_value(value) if column == "answer" else self.exact_number(value)

    def exercise_notes(self, exercise) -> list[str]:
        if not exercise.notes and not exercise.errata:
            return []
        lines = [self.say("solution.notes")]
        lines += [INDENT + note.get(self.lang) for note in exercise.notes]
        lines += [INDENT + self.say("exercise.erratum", handout=e.handout, printed=e.printed, correct=e.correct)
                  + " " + e.explanation.get(self.lang) for e in exercise.errata]
        return lines

    # -- exercises: the task, the bank, checked answers ---------------------------
    def item_details(self, item) -> str:
        """partial derivative, by x, at (1, 2), 4 decimals."""
        parts = [self.say(f"exercise.kind.{item.kind}")]
        if item.wrt:
            parts.append(self.say("exercise.item_by", variables=", ".join(self.math(v) for v in item.wrt)))
        if item.at is not None:
            parts.append(self.say("exercise.item_at", point="(" + ", ".join(self.exact_number(v) for v in item.at) + ")"))
        elif item.step is not None:
            parts.append(self.say("exercise.item_step", k=item.step))
        if item.decimals is not None:
            parts.append(self.say("exercise.item_decimals", count=item.decimals))
        return ", ".join(parts)

    def _print_Exercise(self, exercise, depth: int) -> list[str]:
        self.decimal_display = "." in exercise.function_text
        names = ", ".join(self.math(v) for v in exercise.variables)
        lines = [self.say("exercise.title", exercise=exercise.id, title=exercise.title.get(self.lang)),
                 INDENT + f"{exercise.name}({names}) = {self.math(exercise.function)}"]
        lines += self.exercise_statement(exercise)
        lines.append(self.say("exercise.items", exercise=exercise.id))
        lines += [INDENT + f"{item.key:18} {self.item_details(item)}" for item in exercise.items]
        lines += [self.say("exercise.erratum", handout=e.handout, printed=e.printed, correct=e.correct)
                  for e in exercise.errata]
        return lines

    def _print_ExerciseList(self, bank, depth: int) -> list[str]:
        return [f"{e.id:10} §{e.section}  {e.title.get(self.lang)}  [{', '.join(i.key for i in e.items)}]"
                for e in bank.exercises]

    def _print_Grade(self, grade, depth: int) -> list[str]:
        title = grade.title.get(self.lang) if grade.title is not None else ""
        lines = [self.say("check.title", exercise=grade.exercise, title=title)]
        for item in grade.items:
            answer = item.answer if item.answer is not None else self.say("check.not_answered")
            lines.append(self.say("check.answer", item=item.key, answer=answer))
            notes = item.notes_in(self.lang)
            if item.interpreted is not None:
                lines.append(INDENT + self.say("check.read_as", shown=item.interpreted,
                                               variables=", ".join(item.variables) or self.say("check.no_variables")))
                notes = notes[1:]
            lines.append(INDENT + self.say("check.verdict", verdict=self.say(f"verdict.{item.verdict}"),
                                           score=item.score, max_score=item.max_score,
                                           feedback=item.feedback_in(self.lang)))
            lines += [INDENT + self.say("check.note", note=note) for note in notes]
        lines.append(self.say("check.score", score=grade.score, max_score=grade.max_score))
        return lines


def render_text(result, lang: str = "en", steps: bool = True, **options) -> str:
    """The text a student reads for a result (``steps=False``: results only; ``digits``: descent tables)."""
    return ResultTextPrinter(lang=lang, steps=steps, **options).doprint(result).rstrip() + "\n"
