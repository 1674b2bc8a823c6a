"""The blocks of a worksheet and of its answer key, for every document format.

:class:`~symgrad.render.document.DocumentPrinter` hands a
:class:`~symgrad.worksheet.Worksheet` to :func:`worksheet_blocks` and an
:class:`~symgrad.worksheet.AnswerKey` to :func:`answer_key_blocks`; both use only the
printer's notation primitives and phrases, so each format shows them its own way.

The problem sheet: a title, the instructions, then per exercise its number, id and
title, the function, the task (with the descent's start and rate) and its items, each
named by its key (what ``symgrad check`` expects) with what it asks for, followed by
space for the answer (:func:`answer_space`: ``\\vspace`` in LaTeX, a rule in HTML, a
blank line to write on in Markdown).  The answer key: per exercise the worked solution
of :mod:`symgrad.solution` as its printer shows it, and the ``symgrad check`` command
that grades a perfect answer sheet.
"""

from __future__ import annotations

import string

from symgrad.render.blocks import Display, Heading, Paragraph
from symgrad.phrases import phrase

#: vertical space left for an answer, by the item's shape (LaTeX lengths; HTML em)
SPACE = {"scalar": ("2.5cm", 5), "vector": ("3cm", 6), "matrix": ("4.5cm", 8)}


def _letter(index: int) -> str:
    letters = string.ascii_lowercase
    return letters[index] if index < len(letters) else letters[index // 26 - 1] + letters[index % 26]


def answer_space(printer, shape: str) -> Paragraph:
    """A paragraph holding the "Answer:" label and the room to write it, per format."""
    label = printer.say("worksheet.answer")
    latex_length, html_em = SPACE.get(shape, SPACE["scalar"])
    if printer.format_name == "latex":
        return Paragraph(label + "\n\n" + rf"\vspace{{{latex_length}}}")
    if printer.format_name == "html":
        return Paragraph(label + f'<span class="answer-space" style="display: block; height: {html_em}em; '
                                 'border-bottom: 1px solid #999"></span>')
    return Paragraph(label + " " + printer.text("_" * 40) + "\n\n&nbsp;")


def command_markup(printer, command: str) -> str:
    """A shell command in a monospaced font (breakable at its spaces in LaTeX)."""
    if printer.format_name == "latex":
        return r"{\small\texttt{" + printer.text(command) + "}}"
    if printer.format_name == "html":
        return "<code>" + printer.text(command) + "</code>"
    return "`" + command.replace("`", "'") + "`"


def _decimal_display(exercise) -> bool:
    from symgrad.parse import parse

    return parse(exercise.function_text, [str(v) for v in exercise.variables]).decimal_display


def item_description(printer, item) -> str:
    """What the item asks, with its key: "f_x(1,1): value, by x, at (1, 1)"."""
    parts = [printer.text(phrase(f"exercise.kind.{item.kind}", printer.lang))]
    if item.wrt and item.kind in ("derivative", "partial", "second_partial", "value"):
        names = printer.sequence([printer.expr(v) for v in item.wrt])
        parts.append(printer.say("exercise.item_by", variables=printer.inline(names)))
    if item.at is not None:
        point = printer.vector([printer.exact_number(c) for c in item.at])
        parts.append(printer.say("exercise.item_at", point=printer.inline(point)))
    elif item.step is not None:
        parts.append(printer.say("exercise.item_step", k=printer.inline(printer.expr(item.step))))
    if item.decimals is not None:
        parts.append(printer.say("exercise.item_decimals", count=printer.text(str(item.decimals))))
    return printer.say("worksheet.item", item=printer.text(item.key), kind=printer.text(", ").join(parts))


def worksheet_blocks(printer, sheet) -> list:
    """The problem sheet (see the module docstring)."""
    printer.title = printer.say("worksheet.title")
    blocks: list = [Heading(1, printer.title), Paragraph(printer.say("worksheet.instructions"))]
    for entry in sheet.exercises:
        exercise = entry.exercise
        printer.decimal_display = _decimal_display(exercise)
        printer.partial = len(exercise.variables) > 1
        heading = printer.say("worksheet.exercise", number=printer.text(str(entry.number)),
                              id=printer.text(exercise.id))
        blocks.append(Heading(2, heading + printer.text(": " + exercise.title.get(printer.lang))))
        if entry.parent is not None:
            blocks.append(Paragraph(printer.say("worksheet.variant_of", parent=printer.text(entry.parent),
                                                seed=printer.text(str(entry.seed)))))
        names = [printer.expr(v) for v in exercise.variables]
        blocks.append(Display(printer.relation(printer.call(exercise.name, names), "=",
                                               printer.expr(exercise.function))))
        blocks += printer.exercise_statement(exercise)
        for index, item in enumerate(exercise.items):
            blocks.append(Paragraph(printer.text(f"({_letter(index)}) ") + item_description(printer, item)))
            blocks.append(answer_space(printer, item.shape))
    printer.title = printer.say("worksheet.title")
    return blocks


def answer_key_blocks(printer, key) -> list:
    """The answer key: each exercise's worked solution, then the check command."""
    title = printer.say("worksheet.answer_key")
    blocks: list = [Heading(1, title)]
    for entry in key.entries:
        for block in printer._print(entry.solution, 0):
            blocks.append(Heading(block.level + 1, block.text) if isinstance(block, Heading) else block)
        blocks.append(Paragraph(printer.say("worksheet.check")))
        blocks.append(Paragraph(command_markup(printer, entry.check_command)))
    printer.title = title
    return blocks


__all__ = ["answer_key_blocks", "answer_space", "command_markup", "item_description", "worksheet_blocks"]
