"""Plain-text (Unicode) rendering, in the style of SymPy's printers.

:class:`TextPrinter` dispatches ``doprint(obj)`` to ``_print_<ClassName>`` by walking
``type(obj).__mro__``; every ``_print_*`` method takes ``(obj, depth)`` and returns a
list of already indented lines.  ``_print_Rule`` is the generic fallback for any rule
(name, formula, expression and result), so a new rule prints sensibly before anyone
writes its special case.  All words come from :mod:`symgrad.render.phrases`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import sympy

from symgrad.render.document import (
    Display, DocumentPrinter, Heading, Paragraph, Steps, is_short_decimal, short_float,
)
from symgrad.render.phrases import note_phrase, phrase
from symgrad.render.table import (
    DEFAULT_DIGITS, SolutionTable, answer_cells, comparison_cells, iterate_cells, sweep_text, trace_text,
)
from symgrad.render.unicode import format_expr, superscript

if TYPE_CHECKING:
    from symgrad.steps import Rule

INDENT = "  "


class TextNotation:
    """Notation primitives in Unicode text (:func:`symgrad.render.unicode.format_expr`), words as is.

    A multi-line right side of :meth:`relation` (a :meth:`matrix`) gets its left side on
    the middle line, the other lines padded under it.
    """

    def shown_form(self, expr):
        return expr  # format_expr shows typed decimals itself

    def math_of(self, expr) -> str:
        return format_expr(expr, decimal_display=self.decimal_display)

    def symbol(self, name: str) -> str:
        return name

    def relation(self, left: str, op: str, right: str) -> str:
        lines = right.split("\n")
        if len(lines) == 1:
            return " ".join(part for part in (left, op, right) if part)
        lead = f"{left} {op} "
        middle = (len(lines) - 1) // 2
        return "\n".join((lead if i == middle else " " * len(lead)) + line for i, line in enumerate(lines))

    def operator(self, variable, partial: bool) -> str:
        d = "∂" if partial else "d"
        return f"{d}/{d}{self.expr(variable)}"

    def fraction_name(self, top: str, bottom: str) -> str:
        return f"{top}/{bottom}"

    def power_name(self, base: str, exponent: str) -> str:
        """x² for an integer exponent, x^(1/2) for any other."""
        integer = exponent.replace("−", "-")
        if integer.lstrip("-").isdigit():
            return base + superscript(int(integer))
        return f"{base}^({exponent})"

    def parenthesized(self, markup: str) -> str:
        return f"({markup})"

    def sequence(self, items: list[str]) -> str:
        return ", ".join(items)

    def juxtapose(self, *items: str) -> str:
        """Items separated by a space, none before an opening bracket: d/dx x², f(1, 2)."""
        text = items[0]
        for item in items[1:]:
            text += item if item.startswith("(") else " " + item
        return text

    def matrix(self, rows: list[list[str]]) -> str:
        """A bracketed matrix with right-aligned columns, one line per row."""
        widths = [max(len(row[j]) for row in rows) for j in range(len(rows[0]))]
        body = ["  ".join(cell.rjust(width) for cell, width in zip(row, widths)) for row in rows]
        if len(body) == 1:
            brackets = [("[", "]")]
        else:
            brackets = [("⎡", "⎤")] + [("⎢", "⎥")] * (len(body) - 2) + [("⎣", "⎦")]
        return "\n".join(f"{left} {line} {right}" for line, (left, right) in zip(body, brackets))

    def inline(self, math: str) -> str:
        return math

    def text(self, plain: str) -> str:
        return plain

    def unevaluated_quotient(self, numerator, denominator) -> str:
        return self.fraction_name(self.expr(numerator), self.expr(denominator))  # format_expr would merge logs

    def is_compound_operand(self, expr, markup: str) -> bool:
        return " " in markup or markup.startswith("−")

    def is_compound_factor(self, expr, markup: str) -> bool:
        return " " in markup or markup.startswith("−")

    def number(self, value: float) -> str:
        """Six significant digits, with a true minus sign."""
        return short_float(value).replace("-", "−")


@dataclass(frozen=True)
class Blank:
    """An empty line: the spacing plain text has where documents separate every block."""


class TextPrinter(TextNotation, DocumentPrinter):
    """Renders symgrad objects as indented Unicode text: the blocks of
    :class:`~symgrad.render.document.DocumentPrinter`, laid out by :meth:`assemble`.

    ``partial`` chooses ∂ (a problem with several variables) or d; None decides per
    rule tree from the free symbols of its expression.
    """

    format_name = "text"

    def assemble(self, blocks: list) -> str:
        """Headings flush left, each closing the section before with a blank line; what
        follows a heading indented one step (a detail two, a derivation by its depth)."""
        lines: list[str] = []
        depth = 0
        for block in blocks:
            if isinstance(block, Heading):
                lines += [""] if lines else []
                lines.append(block.text)
                depth = 1
            else:
                lines += self.block_lines(block, depth)
        return "\n".join(lines).rstrip("\n")

    def block_lines(self, block, depth: int) -> list[str]:
        """The lines of one block other than a heading, indented ``depth`` steps."""
        if isinstance(block, Steps):
            return [INDENT * (depth + row.depth) + row.content for row in block.rows]
        if isinstance(block, Display):
            return [INDENT * depth + line for line in block.math.split("\n")]
        if isinstance(block, Paragraph):
            return [INDENT * (depth + block.detail) + block.text]
        if isinstance(block, Blank):
            return [""]
        raise TypeError(f"unknown block {block!r}")

    # -- where text differs from a document --------------------------------------
    def document_heading(self, title: str) -> list:
        return []  # the text of a walkthrough or derivative starts with the function

    def first_partials(self, walk) -> list:
        """As a document has them, with a blank line between the partials."""
        blocks = super().first_partials(walk)
        results = [i for i, block in enumerate(blocks) if isinstance(block, Display)]
        for i in reversed(results[:-1]):
            blocks.insert(i + 1, Blank())
        return blocks

    def second_partials(self, walk) -> list:
        """As a document has them, with a blank line after each derivation (none between
        bare results)."""
        blocks = super().second_partials(walk)
        if not self.steps:
            return blocks
        results = [i for i, block in enumerate(blocks) if isinstance(block, Display)]
        for i in reversed(results):
            blocks.insert(i + 1, Blank())
        return blocks

    def value(self, value) -> str:
        """An exact value, with ≈ its decimal unless that reads the same; "≈ decimal" alone for
        a root with no closed form (or a value computed from one)."""
        if value.decimal is not None and (value.exact.has(sympy.CRootOf) or value.exact.has(sympy.Float)):
            return self.relation("", "≈", self.number(value.decimal))
        if value.exact is sympy.nan:
            return self.say("walk.undefined")
        exact = self.expr(value.exact)
        if value.decimal is None:
            return exact if value.exact.free_symbols else f"{exact} ({self.say('walk.undefined')})"
        decimal = self.number(value.decimal)
        return exact if exact == decimal or value.exact.is_Integer else self.relation(exact, "≈", decimal)


def render_steps(rule: Rule, lang: str = "en", decimal_display: bool = False, variables=None) -> str:
    """An indented derivation of ``rule`` a student reads, one step per line group.

    Uses ∂ when the problem has more than one variable (``variables``, or else the
    free symbols of the tree's expression), d otherwise.
    """
    partial = None if variables is None else len(tuple(variables)) > 1
    return TextPrinter(lang=lang, decimal_display=decimal_display, partial=partial).doprint(rule)


class ResultTextPrinter:
    """Prints whole results (walkthroughs, derivatives) with their rule trees.

    ``steps=False`` leaves the rule trees out and keeps every result line.
    """

    def __init__(self, lang: str = "en", decimal_display: bool = False, steps: bool = True,
                 digits: int = DEFAULT_DIGITS):
        self.lang = lang
        self.decimal_display = decimal_display
        self.partial = None
        self.steps = steps
        self.digits = digits  # significant digits of the numbers in descent tables

    # -- dispatch --------------------------------------------------------------
    def doprint(self, obj) -> str:
        """The whole text for ``obj``."""
        return "\n".join(self._print(obj, 0))

    def _print(self, obj, depth: int = 0) -> list[str]:
        for cls in type(obj).__mro__:
            method = getattr(self, "_print_" + cls.__name__, None)
            if method is not None:
                return method(obj, depth)
        return self.lines_of(obj, depth)

    def math(self, expr) -> str:
        return format_expr(expr, decimal_display=self.decimal_display)

    def say(self, key: str, **fields) -> str:
        return phrase(key, self.lang, **fields)

    def decimal(self, number: float) -> str:
        return short_float(number).replace("-", "−")

    def lines_of(self, obj, depth: int) -> list[str]:
        """A rule tree (or any other object) as :class:`TextPrinter` shows it, ``depth`` steps in."""
        printer = TextPrinter(lang=self.lang, decimal_display=self.decimal_display, steps=self.steps,
                              partial=self.partial, digits=self.digits)
        return [INDENT * depth + line for line in printer.doprint(obj).split("\n")]

    # -- descent (the tables of symgrad.render.table) ------------------------------
    def _print_Trace(self, trace, depth: int) -> list[str]:
        return trace_text(trace, self.digits, self.lang).splitlines()

    def _print_Sweep(self, result, depth: int) -> list[str]:
        return sweep_text(result, self.digits, self.lang).splitlines()

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
            lines += [self.say("solution.walkthrough")] + self._print(walk, depth) + ["", ""]
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
