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

from symgrad.columns import display_width, pad, wrap_line
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
    the middle line, the other lines padded under it.  Widths are terminal columns
    (:func:`symgrad.columns.display_width`), so Hangul and full-width text line up.
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
        text = "\n".join((lead if i == middle else " " * display_width(lead)) + line for i, line in enumerate(lines))
        return MatrixText(text, right.rows, lead) if isinstance(right, MatrixText) else text

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
        """A bracketed matrix with right-aligned columns, one line per row (it keeps its
        cells, so that :meth:`TextPrinter.matrix_blocks` can lay it out for a narrow terminal)."""
        return MatrixText("\n".join(matrix_lines(rows, True, True)), tuple(tuple(row) for row in rows))

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


class MatrixText(str):
    """The lines of a matrix (after :meth:`TextNotation.relation`, with its left side
    ``lead`` on the middle line), which remembers its cells."""

    def __new__(cls, text: str, rows: tuple, lead: str = ""):
        laid = super().__new__(cls, text)
        laid.rows, laid.lead = rows, lead
        return laid


def matrix_lines(rows, opens: bool, closes: bool) -> list[str]:
    """The lines of a bracketed matrix with right-aligned columns; a side that does not
    ``opens`` (``closes``) the matrix has ⋯ instead of its bracket: the matrix goes on."""
    widths = [max(display_width(row[j]) for row in rows) for j in range(len(rows[0]))]
    body = ["  ".join(pad(cell, width, right=True) for cell, width in zip(row, widths)) for row in rows]
    if len(body) == 1:
        brackets = [("[", "]")]
    else:
        brackets = [("⎡", "⎤")] + [("⎢", "⎥")] * (len(body) - 2) + [("⎣", "⎦")]
    return [f"{left if opens else '⋯'} {line} {right if closes else '⋯'}" for line, (left, right) in zip(body, brackets)]


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

    ``width`` (terminal columns; None: no limit) wraps what is wider: sentences at the
    spaces between words (Korean too), formulas before an operator, a matrix in blocks
    of columns, a table as one record per row (as psql's expanded display).  Tables of
    descent iterates stay tables.  ``color`` shows each verdict in its colour (for a
    terminal: the command line decides, :func:`symgrad.cli.options.use_color`).
    """

    format_name = "text"

    def __init__(self, *args, width: int | None = None, color: bool = False, **options):
        super().__init__(*args, **options)
        self.width = width if width and width > 0 else None
        self.color = color

    def assemble(self, blocks: list) -> str:
        """Headings flush left, each closing the section before with a blank line; what
        follows a heading indented one step (a detail two, a derivation by its depth)."""
        lines: list[str] = []
        depth = 0
        for block in blocks:
            if isinstance(block, Heading):
                lines += [""] if lines else []
                lines += wrap_line(block.text, self.width)
                depth = 1
            else:
                lines += self.block_lines(block, depth)
        return "\n".join(lines).rstrip("\n")

    def block_lines(self, block, depth: int) -> list[str]:
        """The lines of one block other than a heading, indented ``depth`` steps."""
        if isinstance(block, Steps):
            return [line for row in block.rows
                    for line in wrap_line(INDENT * (depth + row.depth) + row.content, self.width, hang=4, math=True)]
        if isinstance(block, Display):
            lines = block.math.split("\n")
            if len(lines) == 1:
                return wrap_line(INDENT * depth + block.math, self.width, hang=4, math=True)
            if isinstance(block.math, MatrixText) and self.too_wide(lines, depth):
                lines = self.matrix_blocks(block.math, self.width - len(INDENT * depth))
            return [INDENT * depth + line for line in lines]
        if isinstance(block, Paragraph):
            return wrap_line(INDENT * (depth + 1 if block.detail else depth) + block.text, self.width)
        if isinstance(block, Table):
            return self.table_lines(block, depth)
        if isinstance(block, Blank):
            return [""]
        if isinstance(block, Lines):
            return list(block.lines)
        raise TypeError(f"unknown block {block!r}")

    def table_lines(self, table: Table, depth: int) -> list[str]:
        """Left-aligned columns under a header line, two spaces apart; wider than
        ``width``, one record per row (:meth:`table_records`)."""
        widths = [max(display_width(cell) for cell in column) for column in zip(table.headers, *table.rows)]
        lines = [INDENT * depth + "  ".join(pad(cell, width) for cell, width in zip(line, widths)).rstrip()
                 for line in (table.headers, *table.rows)]
        return self.table_records(table, depth) if len(table.headers) > 1 and self.too_wide(lines, 0) else lines

    def table_records(self, table: Table, depth: int) -> list[str]:
        """A table too wide for the terminal: per row, its first cell after the first
        header, then every other non-empty cell under its header, one per line."""
        label = max(display_width(header) for header in table.headers[1:]) + 1
        beside = len(INDENT * (depth + 1)) + label + 1 <= self.width // 2  # else each cell under its header
        lines = []
        for row in table.rows:
            lines += wrap_line(f"{INDENT * depth}{table.headers[0]}: {row[0]}", self.width)
            for header, cell in zip(table.headers[1:], row[1:]):
                if cell and beside:
                    lines += wrap_line(f"{INDENT * (depth + 1)}{pad(header + ':', label)} {cell}", self.width,
                                       hang=label + 1)
                elif cell:
                    lines += wrap_line(f"{INDENT * (depth + 1)}{header}:", self.width)
                    lines += wrap_line(f"{INDENT * (depth + 2)}{cell}", self.width)
        return lines

    def too_wide(self, lines, depth: int) -> bool:
        """Whether a line of ``lines``, indented ``depth`` steps, runs past ``width``."""
        return self.width is not None and max(display_width(line) for line in lines) + len(INDENT * depth) > self.width

    def matrix_blocks(self, matrix: MatrixText, room: int) -> list[str]:
        """A matrix too wide for ``room`` columns in blocks of as many columns as fit, one
        under the other; ⋯ ends a block the next one continues (as numpy wraps an array)."""
        lead = display_width(matrix.lead)
        widths = [max(display_width(row[j]) for row in matrix.rows) for j in range(len(matrix.rows[0]))]
        chunks, start = [], 0
        while start < len(widths):
            end, used = start + 1, 4 + widths[start]
            while end < len(widths) and lead + used + 2 + widths[end] <= room:
                used += 2 + widths[end]
                end += 1
            chunks.append((start, end))
            start = end
        lines = []
        for chunk, (start, end) in enumerate(chunks):
            block = matrix_lines([row[start:end] for row in matrix.rows], start == 0, end == len(widths))
            middle = (len(block) - 1) // 2
            lines += [(matrix.lead if chunk == 0 and i == middle else " " * lead) + line
                      for i, line in enumerate(block)]
        return lines

    # -- where text differs from a document --------------------------------------
    def document_heading(self, title: str) -> list:
        """None: the text of a walkthrough or derivative starts with the function itself,
        the exercise list with its first exercise."""
        return []

    def exercise_table(self, bank) -> Lines:
        """One line per exercise, no header: id, §section, title and [item keys]; a line
        wrapped to ``width`` continues under the title."""
        lines = []
        for e in bank.exercises:
            lead = f"{e.id:10} §{e.section}  "
            line = f"{lead}{e.title.get(self.lang)}  [{', '.join(i.key for i in e.items)}]"
            lines += wrap_line(line, self.width, hang=display_width(lead))
        return Lines(tuple(lines))

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

    def verdict_word(self, verdict: str) -> str:
        """The verdict, in its colour (:data:`VERDICT_COLORS`) when ``color``."""
        word = super().verdict_word(verdict)
        if not self.color or verdict not in VERDICT_COLORS:
            return word
        import click

        return click.style(word, fg=VERDICT_COLORS[verdict], bold=True)


VERDICT_COLORS = {"correct": "green", "incorrect": "red", "invalid": "magenta", "undecided": "yellow"}
"""The colour of each verdict on a terminal (a blank answer stays plain)."""


def render_steps(rule: Rule, lang: str = "en", decimal_display: bool = False, variables=None) -> str:
    """An indented derivation of ``rule`` a student reads, one step per line group.

    Uses ∂ when the problem has more than one variable (``variables``, or else the
    free symbols of the tree's expression), d otherwise.
    """
    partial = None if variables is None else len(tuple(variables)) > 1
    return TextPrinter(lang=lang, decimal_display=decimal_display, partial=partial).doprint(rule)


def render_text(result, lang: str = "en", steps: bool = True, **options) -> str:
    """The text a student reads for a result (``steps=False``: results only; ``digits``: descent
    tables; ``width``: wrap to that many terminal columns, see :class:`TextPrinter`)."""
    return TextPrinter(lang=lang, steps=steps, **options).doprint(result).rstrip() + "\n"

