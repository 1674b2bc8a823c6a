"""Plain-text (Unicode) rendering: one more format of the document printer.

:class:`TextPrinter` is :class:`~symgrad.render.document.DocumentPrinter` with the
:class:`TextNotation` (Unicode math from :func:`symgrad.notation.format_expr`,
words as they are) and an :meth:`~TextPrinter.assemble` that lays the blocks out as
indented lines: headings flush left, sections indented, derivations by their depth,
tables in aligned columns.  So every result and rule has one ``_print_<Class>`` that
says what it shows, for text as for LaTeX, Markdown and HTML.  Where the text shows a
result its own way (the blank lines of a walkthrough, the compact cards of an exercise
and a grade, the descent tables of :mod:`symgrad.render.table`), TextPrinter overrides
the hook that method calls and says why.  All words come from :mod:`symgrad.phrases`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import sympy

from symgrad.render.document import Display, DocumentPrinter, Heading, Paragraph, Steps, Table, short_float
from symgrad.phrases import phrase
from symgrad.render.table import (
    aligned_lines, aligned_vectors, hyperparameter_list, method_name, number, sweep_cells, trace_cells, tuple_header,
)
from symgrad.notation import format_expr, superscript

if TYPE_CHECKING:
    from symgrad.steps import Rule

INDENT = "  "


class TextNotation:
    """Notation primitives in Unicode text (:func:`symgrad.notation.format_expr`), words as is.

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


@dataclass(frozen=True)
class Lines:
    """Lines laid out already, printed flush left as they are."""

    lines: tuple[str, ...]


def spaced_results(blocks: list, after_last: bool) -> list:
    """``blocks`` with a :class:`Blank` after each displayed result (the last one too
    when ``after_last``)."""
    results = [i for i, block in enumerate(blocks) if isinstance(block, Display)]
    spaced = list(blocks)
    for i in reversed(results if after_last else results[:-1]):
        spaced.insert(i + 1, Blank())
    return spaced


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
            return [INDENT * (depth + 1 if block.detail else depth) + block.text]
        if isinstance(block, Table):
            return self.table_lines(block, depth)
        if isinstance(block, Blank):
            return [""]
        if isinstance(block, Lines):
            return list(block.lines)
        raise TypeError(f"unknown block {block!r}")

    def table_lines(self, table: Table, depth: int) -> list[str]:
        """Left-aligned columns under a header line, two spaces apart."""
        widths = [max(len(cell) for cell in column) for column in zip(table.headers, *table.rows)]
        return [INDENT * depth + "  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip()
                for line in (table.headers, *table.rows)]

    # -- where text differs from a document --------------------------------------
    def document_heading(self, title: str) -> list:
        """None: the text of a walkthrough or derivative starts with the function itself,
        the exercise list with its first exercise."""
        return []

    def exercise_table(self, bank) -> Lines:
        """One line per exercise, no header: id, §section, title and [item keys]."""
        return Lines(tuple(f"{e.id:10} §{e.section}  {e.title.get(self.lang)}  [{', '.join(i.key for i in e.items)}]"
                           for e in bank.exercises))

    def first_partials(self, walk) -> list:
        """As a document has them, with a blank line between the partials."""
        return spaced_results(super().first_partials(walk), after_last=False)

    def second_partials(self, walk) -> list:
        """As a document has them, with a blank line after each derivation (none between
        bare results)."""
        blocks = super().second_partials(walk)
        return spaced_results(blocks, after_last=True) if self.steps else blocks

    def undefined(self, value, exact: str) -> str:
        """"undefined" for nan; ``exact (undefined)`` for an infinity."""
        if value.exact is sympy.nan:
            return self.say("walk.undefined")
        return f"{exact} ({self.say('walk.undefined')})"

    def reads_as_number(self, value, exact: str) -> bool:
        """Whether the exact form reads like its six-digit decimal (or is an integer)."""
        return bool(value.exact.is_Integer or exact == self.number(value.decimal))

    def entrywise(self, value: tuple, show) -> str:
        """As a document has it, but a matrix on one line, [[a, b], [c, d]], to fit a table cell."""
        if value and isinstance(value[0], tuple):
            return "[" + ", ".join("[" + ", ".join(show(v) for v in row) + "]" for row in value) + "]"
        return super().entrywise(value, show)

    def iterate_name(self, exercise):
        """Θₖ or xₖ with its subscript written out (format_expr subscripts digits only)."""
        if len(exercise.variables) > 1:
            return sympy.Symbol("Θₖ")
        return sympy.Symbol(format_expr(exercise.variables[0]) + "ₖ")

    def worked_walkthrough(self, walk, depth: int) -> list:
        """The walkthrough flush left, exactly as it prints alone, and a blank line after it."""
        return [Lines(tuple(self.assemble(self._print(walk, depth)).split("\n")) + ("",))]

    # -- descent: a compact header and tables aligned for the terminal ---------------
    def descent_header(self, kind: str, method: str, problem, start, hyperparameters) -> list:
        """One line: the method with its hyperparameters (lr=0.01), and a sweep's start."""
        shown_start = "(" + ", ".join(number(c, self.digits) for c in start) + ")"
        return [Paragraph(phrase(f"{kind}.header", self.lang, name=method_name(method, self.lang), method=method,
                                 hyperparameters=hyperparameter_list(hyperparameters), start=shown_start))]

    def real(self, shown: str) -> str:
        """The number as the table wrote it (ASCII minus, its digits)."""
        return shown

    def trace_table(self, trace) -> Lines:
        """k, θ, ∇f(θ), f(θ) in aligned columns, every coordinate in its own slot."""
        rows = trace_cells(trace, self.digits)
        header = ["k", f"θ = {tuple_header(trace.variables)}", "∇f(θ)", "f(θ)"]
        columns = [[row.k for row in rows], aligned_vectors([row.theta for row in rows]),
                   aligned_vectors([row.gradient for row in rows]), [row.value for row in rows]]
        return Lines(tuple(aligned_lines(header, columns, right=[True, False, False, True])))

    def sweep_table(self, result) -> Lines:
        """lr, final θ, f(θ), iterations, outcome in aligned columns."""
        rows = sweep_cells(result, self.digits)
        header = [self.say("sweep.column.lr"), self.say("sweep.column.final", names=tuple_header(result.variables)),
                  "f(θ)", self.say("sweep.column.iterations"), self.say("sweep.column.outcome")]
        columns = [[row.lr for row in rows], aligned_vectors([row.theta for row in rows]), [row.value for row in rows],
                   [row.iterations for row in rows], [phrase(f"outcome.{row.outcome}", self.lang) for row in rows]]
        return Lines(tuple(aligned_lines(header, columns, right=[True, False, True, True, False])))

    # -- exercises and grades: compact cards, flush left with indented details ------------
    def card_heading(self, level: int, title: str) -> list:
        """The title as the card's first line, so what follows stays flush left (its details
        indented); no section headings."""
        return [Paragraph(title)] if level == 1 else []

    def card_function(self, relation: str) -> list:
        """Indented one step under the title line."""
        return [Paragraph(relation, detail=True)]

    def item_table(self, exercise) -> list:
        """One indented line per item, no header: its key in a column of 18, its details."""
        return [Paragraph(f"{item.key:18} {self.item_details(item)}", detail=True) for item in exercise.items]

    def reading(self, item) -> str:
        """The grader's own Unicode text of the answer it read (``interpreted``)."""
        return item.interpreted


def render_steps(rule: Rule, lang: str = "en", decimal_display: bool = False, variables=None) -> str:
    """An indented derivation of ``rule`` a student reads, one step per line group.

    Uses ∂ when the problem has more than one variable (``variables``, or else the
    free symbols of the tree's expression), d otherwise.
    """
    partial = None if variables is None else len(tuple(variables)) > 1
    return TextPrinter(lang=lang, decimal_display=decimal_display, partial=partial).doprint(rule)


def render_text(result, lang: str = "en", steps: bool = True, **options) -> str:
    """The text a student reads for a result (``steps=False``: results only; ``digits``: descent tables)."""
    return TextPrinter(lang=lang, steps=steps, **options).doprint(result).rstrip() + "\n"

