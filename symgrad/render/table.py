"""Text tables and CSV for descent traces and learning-rate sweeps.

Numbers are printed with ``digits`` significant digits (``format(x, ".{digits}g")``) in
text, and in full precision (``repr``) in CSV. Text tables right-align every
coordinate in its own slot, so the columns of θₖ and ∇f(θₖ) line up down the table.
"""

from __future__ import annotations

import csv
import io
from typing import Sequence

from symgrad.optim.sweep import Sweep
from symgrad.render.unicode import symbol_name
from symgrad.trace import Trace

DEFAULT_DIGITS = 8


def number(value: float, digits: int = DEFAULT_DIGITS) -> str:
    """``value`` with ``digits`` significant digits; -0 shows as 0."""
    text = format(value, f".{digits}g")
    return "0" if text in ("-0", "0") else text


def _vector_cells(vectors: Sequence[Sequence[float]], digits: int) -> list[str]:
    """Each vector as "(a, b, …)" with every slot right-aligned to its column's width."""
    shown = [[number(c, digits) for c in vector] for vector in vectors]
    if not shown:
        return []
    widths = [max(len(row[i]) for row in shown) for i in range(len(shown[0]))]
    return ["(" + ", ".join(cell.rjust(width) for cell, width in zip(row, widths)) + ")" for row in shown]


def _align(header: Sequence[str], columns: Sequence[Sequence[str]], right: Sequence[bool]) -> list[str]:
    widths = [max([len(header[i])] + [len(c) for c in column]) for i, column in enumerate(columns)]
    def line(cells):
        return "  ".join(c.rjust(w) if r else c.ljust(w) for c, w, r in zip(cells, widths, right)).rstrip()
    lines = [line(header)]
    lines += [line(row) for row in zip(*columns)]
    return lines


def _hyperparameters(values) -> str:
    return ", ".join(f"{name}={number(value) if isinstance(value, float) else value}"
                     for name, value in values.items())


def _tuple_header(names: Sequence[str]) -> str:
    shown = [symbol_name(n) for n in names]
    return "(" + ", ".join(shown) + ")" if len(shown) <= 6 else f"({shown[0]}, …, {shown[-1]})"


def trace_text(trace: Trace, digits: int = DEFAULT_DIGITS) -> str:
    """The aligned table k | θₖ | ∇f(θₖ) | f(θₖ), a header line and the stop line."""
    rows = trace.iterations
    header = ["k", f"θ = {_tuple_header(trace.variables)}", "∇f(θ)", "f(θ)"]
    columns = [
        [str(row.k) for row in rows],
        _vector_cells([row.theta for row in rows], digits),
        _vector_cells([row.gradient for row in rows], digits),
        [number(row.value, digits) for row in rows],
    ]
    lines = [f"method {trace.method} ({_hyperparameters(trace.hyperparameters)})"]
    lines += _align(header, columns, right=[True, False, False, True])
    stop = trace.stopped
    lines.append(f"stopped: {stop.reason} at k = {stop.k}" + (f" ({stop.detail})" if stop.detail else ""))
    return "\n".join(lines)


def trace_csv(trace: Trace) -> str:
    """One CSV row per iterate: k, θ coordinates, ∇f coordinates, f (full precision)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["k", *trace.variables, *(f"grad_{n}" for n in trace.variables), "value"])
    for row in trace.iterations:
        writer.writerow([row.k, *map(repr, row.theta), *map(repr, row.gradient), repr(row.value)])
    return out.getvalue().rstrip("\n")


def sweep_text(result: Sweep, digits: int = DEFAULT_DIGITS) -> str:
    """One line per learning rate: lr, final θ, f, iterations used, outcome."""
    runs = result.runs
    header = ["lr", f"final θ = {_tuple_header(result.variables)}", "f(θ)", "iterations", "outcome"]
    columns = [
        [number(r.lr, digits) for r in runs],
        _vector_cells([r.theta for r in runs], digits),
        [number(r.value, digits) for r in runs],
        [str(r.iterations) for r in runs],
        [r.outcome for r in runs],
    ]
    start = ", ".join(number(c, digits) for c in result.start)
    lines = [f"method {result.method} ({_hyperparameters(result.hyperparameters)}) from ({start})"]
    lines += _align(header, columns, right=[True, False, True, True, False])
    lines += [f"lr {number(r.lr, digits)}: {r.outcome}: {r.detail}" for r in runs]
    return "\n".join(lines)


def sweep_csv(result: Sweep) -> str:
    """One CSV row per learning rate: lr, final θ coordinates, f, iterations, outcome."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["lr", *result.variables, "value", "iterations", "outcome"])
    for r in result.runs:
        writer.writerow([repr(r.lr), *map(repr, r.theta), repr(r.value), r.iterations, r.outcome])
    return out.getvalue().rstrip("\n")
