"""Descent traces and learning-rate sweeps as tables: the cells, the text alignment and CSV.

This module is the one place that decides what a descent table holds: one row per
iterate (k, θₖ, ∇f(θₖ), f(θₖ)) or per learning rate (lr, final θ, f, iterations,
outcome), numbers with ``digits`` significant digits (``format(x, ".{digits}g")``).
:func:`trace_cells` and :func:`sweep_cells` give those cells; every format
(:mod:`symgrad.render.document`: a LaTeX ``tabular``, a Markdown table, an HTML table,
and :mod:`symgrad.render.text`, aligned with :func:`aligned_lines`) only dresses them.  CSV keeps full precision (``repr``).  Every
word comes from the phrase catalogue, so both tables read in English and Korean.
Likewise :func:`iterate_cells`, :func:`comparison_cells` and :func:`answer_cells` give
the exact cells of a worked solution's tables, which the text and document printers format.

Text tables right-align every coordinate in its own slot, so the columns of θₖ and
∇f(θₖ) line up down the table.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Mapping, NamedTuple, Sequence

from symgrad.columns import display_width, pad
from symgrad.phrases import PHRASES, phrase
from symgrad.notation import symbol_name

if TYPE_CHECKING:
    from symgrad.optim.sweep import Sweep
    from symgrad.trace import StopReason, Trace

DEFAULT_DIGITS = 8


def number(value: float, digits: int = DEFAULT_DIGITS) -> str:
    """``value`` with ``digits`` significant digits; -0 shows as 0."""
    text = format(value, f".{digits}g")
    return "0" if text in ("-0", "0") else text


def aligned_vectors(shown: Sequence[Sequence[str]]) -> list[str]:
    """Each vector (its coordinates as written) as "(a, b, …)", every slot right-aligned to
    its column's width, so the coordinates line up down a text table."""
    if not shown:
        return []
    widths = [max(display_width(row[i]) for row in shown) for i in range(len(shown[0]))]
    return ["(" + ", ".join(pad(cell, width, right=True) for cell, width in zip(row, widths)) + ")" for row in shown]


def aligned_lines(header: Sequence[str], columns: Sequence[Sequence[str]], right: Sequence[bool]) -> list[str]:
    """A text table: the header line, then one line per row, each column padded to its
    widest cell (``right``: right-aligned), two spaces apart; widths are terminal columns
    (:func:`symgrad.columns.display_width`: 한 takes two), so Korean headers line up."""
    widths = [max([display_width(header[i])] + [display_width(c) for c in column]) for i, column in enumerate(columns)]
    def line(cells):
        return "  ".join(pad(c, w, right=r) for c, w, r in zip(cells, widths, right)).rstrip()
    lines = [line(header)]
    lines += [line(row) for row in zip(*columns)]
    return lines


# ------------------------------------------------------------------ words


def _known(key: str) -> bool:
    return key in PHRASES["en"]


def method_name(method: str, lang: str = "en") -> str:
    """The optimizer's name in words ("gd" → "gradient descent", 경사하강법)."""
    key = f"method.{method}"
    return phrase(key, lang) if _known(key) else phrase("method.unknown", lang, name=method)


def hyperparameter_description(name: str, lang: str = "en") -> str:
    """What a hyperparameter is ("lr" → "learning rate", 학습률)."""
    key = f"hyper.{name}"
    return phrase(key, lang) if _known(key) else phrase("hyper.unknown", lang, name=name)


def field_text(value: object) -> str:
    """A number of an explanation as text: floats with 6 significant digits, points as (a, b)."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return number(value, 6)
    if isinstance(value, (tuple, list)):
        return "(" + ", ".join(field_text(v) for v in value) + ")"
    return str(value)


def stop_fields(stop: "StopReason") -> dict[str, object]:
    """The fields of a stop's explanation, with the iteration ``k`` among them."""
    return {"k": stop.k, **dict(stop.fields)}


def explanation(key: str, fields: Mapping[str, object], lang: str = "en") -> str:
    """The phrase ``key`` with its numbers written out (see :func:`field_text`); a field that
    is itself a message (phrase key and fields) is explained in ``lang`` too."""
    def shown(value):
        if hasattr(value, "key") and hasattr(value, "fields"):
            return explanation(value.key, dict(value.fields), lang)
        return field_text(value)

    return phrase(key, lang, **{name: shown(value) for name, value in fields.items()})


def hyperparameter_list(values: Mapping[str, object], digits: int = DEFAULT_DIGITS) -> str:
    """"lr=0.01, momentum=0.9": numbers with their values, a switch by its name only when on."""
    shown = []
    for name, value in values.items():
        if isinstance(value, bool):
            if value:
                shown.append(name)
        else:
            shown.append(f"{name}={number(value, digits) if isinstance(value, float) else value}")
    return ", ".join(shown)


def tuple_header(names: Sequence[str]) -> str:
    """"(θ₁, θ₂)" for a text table's header; "(θ₁, …, θ₉)" beyond six names."""
    shown = [symbol_name(n) for n in names]
    return "(" + ", ".join(shown) + ")" if len(shown) <= 6 else f"({shown[0]}, …, {shown[-1]})"


# ------------------------------------------------------------------ cells


class TraceRow(NamedTuple):
    """One row of an iterate table, numbers as text."""

    k: str
    theta: tuple[str, ...]
    gradient: tuple[str, ...]
    value: str


class SweepRow(NamedTuple):
    """One row of a sweep table, numbers as text; ``outcome`` is its key (converged, ...)."""

    lr: str
    theta: tuple[str, ...]
    value: str
    iterations: str
    outcome: str


def trace_cells(trace: "Trace", digits: int = DEFAULT_DIGITS) -> list[TraceRow]:
    """The rows of the iterate table of ``trace``."""
    def shown(vector):
        return tuple(number(c, digits) for c in vector)
    return [TraceRow(str(row.k), shown(row.theta), shown(row.gradient), number(row.value, digits))
            for row in trace.iterations]


def sweep_cells(result: "Sweep", digits: int = DEFAULT_DIGITS) -> list[SweepRow]:
    """The rows of the sweep table of ``result``, one per learning rate."""
    return [SweepRow(number(r.lr, digits), tuple(number(c, digits) for c in r.theta), number(r.value, digits),
                     str(r.iterations), r.outcome) for r in result.runs]


class FitRow(NamedTuple):
    """One row of a fit's epoch table, numbers as text."""

    epoch: str
    theta: tuple[str, ...]
    gradient_norm: str
    loss: str


def fit_cells(result, digits: int = DEFAULT_DIGITS) -> list[FitRow]:
    """The rows of the epoch table of a :class:`~symgrad.regression.Fit`."""
    return [FitRow(str(row.epoch), tuple(number(c, digits) for c in row.theta), number(row.gradient_norm, digits),
                   number(row.loss, digits)) for row in result.epochs]


# ------------------------------------------------------------------ solutions


class SolutionTable(NamedTuple):
    """A table of a worked solution (:mod:`symgrad.solution`) as plain data.

    ``title`` is a phrase key, each column a ``solution.col.<column>`` phrase key; a row
    holds the item's key, then exact values (None: an empty cell); ``notes`` are the
    (key, note) of the items whose note is shown under the table.  Every printer
    formats these same cells.
    """

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]
    notes: tuple[tuple[str, object], ...]


def comparison_cells(solution) -> SolutionTable:
    """Each rounded number the lecture prints beside the exact value, that value rounded as
    printed, and (where the lecture computed it there) the value at its rounded point."""
    compared = solution.compared
    at_printed = any(s.at_printed is not None for s in compared)
    columns = ("item", "printed", "exact_value", "rounded") + (("at_printed",) if at_printed else ())
    rows = tuple((s.key, s.printed, s.exact, s.rounded) + ((s.at_printed,) if at_printed else ())
                 for s in compared)
    notes = tuple((s.key, s.item.note) for s in compared if s.item.note is not None)
    return SolutionTable("solution.compare", columns, rows, notes)


def answer_cells(solution) -> SolutionTable:
    """Every item's answer, with its exact value where that differs; the notes of the items
    the comparison table did not already show."""
    rows = tuple((s.key, s.printed, s.exact if s.exact is not None and s.exact != s.printed else None)
                 for s in solution.answers)
    compared = {s.key for s in solution.compared}
    notes = tuple((s.key, s.item.note) for s in solution.answers
                  if s.item.note is not None and s.key not in compared)
    return SolutionTable("solution.answers", ("item", "answer", "exact_value"), rows, notes)


def iterate_cells(solution) -> list[tuple]:
    """(k, Θₖ, ∇f(Θₖ), f(Θₖ)) of the exact descent, a point of one coordinate as that number."""
    def single(vector):
        return vector if len(vector) > 1 else vector[0]
    return [(row.k, single(row.theta), single(row.gradient), row.value) for row in solution.iterates]


# ------------------------------------------------------------------ CSV


def trace_csv(trace: "Trace") -> str:
    """One CSV row per iterate: k, θ coordinates, ∇f coordinates, f (full precision)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["k", *trace.variables, *(f"grad_{n}" for n in trace.variables), "value"])
    for row in trace.iterations:
        writer.writerow([row.k, *map(repr, row.theta), *map(repr, row.gradient), repr(row.value)])
    return out.getvalue().rstrip("\n")


def sweep_csv(result: "Sweep") -> str:
    """One CSV row per learning rate: lr, final θ coordinates, f, iterations, outcome."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["lr", *result.variables, "value", "iterations", "outcome"])
    for r in result.runs:
        writer.writerow([repr(r.lr), *map(repr, r.theta), repr(r.value), r.iterations, r.outcome])
    return out.getvalue().rstrip("\n")


def fit_csv(result) -> str:
    """One CSV row per recorded epoch: epoch, θ by parameter, ‖∇J‖, J (full precision)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["epoch", *result.parameters, "gradient_norm", "loss"])
    for row in result.epochs:
        writer.writerow([row.epoch, *map(repr, row.theta), repr(row.gradient_norm), repr(row.loss)])
    return out.getvalue().rstrip("\n")
