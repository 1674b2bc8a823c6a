"""Pictures of descent runs (the optional ``plot`` extra, matplotlib).

:func:`plot_runs` draws one figure with two panels:

- left, for two variables, the contour lines of f with each run's path, its start
  marked with a circle and its end with a star; for one variable, the curve of f with
  the path on it; for more variables, f(θₖ) per iteration;
- right, ‖∇f(θₖ)‖ per iteration on a log scale: the lecture's "look at the gradient
  plot" stopping rule.

Without matplotlib, :func:`require_matplotlib` raises :class:`PlotUnavailable`, whose
one line says how to install the extra.
"""

from __future__ import annotations

import importlib.util
import math
from typing import Sequence

import numpy as np
import sympy

from symgrad.errors import SymgradError
from symgrad.notation import symbol_name
from symgrad.trace import Trace

INSTALL_HINT = "install the plot extra: pip install 'symgrad[plot]'"
GRID = 160


class PlotUnavailable(SymgradError):
    """matplotlib is not installed."""


def require_matplotlib() -> None:
    """Raise PlotUnavailable (one line with the install command) unless matplotlib imports."""
    if importlib.util.find_spec("matplotlib") is None:
        raise PlotUnavailable(INSTALL_HINT)


def plot_runs(expr: sympy.Expr, variables: Sequence[sympy.Symbol], runs: Sequence[tuple[str, Trace]],
              path: str, title: str | None = None) -> None:
    """Draw ``runs`` (label, trace) of f = ``expr`` into the image file ``path``."""
    require_matplotlib()
    from matplotlib.figure import Figure

    figure = Figure(figsize=(11, 4.8), layout="constrained")
    left, right = figure.subplots(1, 2, width_ratios=(1.25, 1))
    if len(variables) == 2:
        _contour_panel(left, expr, variables, runs)
    elif len(variables) == 1:
        _curve_panel(left, expr, variables[0], runs)
    else:
        _value_panel(left, runs, len(variables))
    _gradient_panel(right, runs)
    if title:
        figure.suptitle(title)
    try:
        figure.savefig(path, dpi=110)
    except (OSError, ValueError) as error:
        raise SymgradError.from_phrase("plot.error.cannot_write", path=path, reason=error) from None


def _finite_rows(trace: Trace) -> list:
    return [row for row in trace.iterations
            if math.isfinite(row.value) and all(math.isfinite(c) for c in row.theta)]


def _bounded(runs):
    """The runs that did not diverge, or all of them when every one did."""
    kept = [(label, trace) for label, trace in runs if trace.stopped.reason not in ("diverged", "undefined")]
    return kept or list(runs)


def _window(runs, axis_count: int) -> list[tuple[float, float]]:
    """A box around the paths of the runs that stayed bounded (a diverged path is clipped)."""
    starts = [np.array(trace.iterations[0].theta) for _, trace in runs]
    reach = 10.0 * (max(float(np.abs(s).max()) for s in starts) + 1.0)
    points = np.array([row.theta for _, trace in _bounded(runs) for row in _finite_rows(trace)
                       if max(abs(c) for c in row.theta) <= reach] + [tuple(s) for s in starts])
    box = []
    for axis in range(axis_count):
        low, high = float(points[:, axis].min()), float(points[:, axis].max())
        pad = max(0.25 * (high - low), 0.5)
        box.append((low - pad, high + pad))
    return box


def _grid_values(expr, variables, axes) -> np.ndarray:
    """f on a grid, nan where it is undefined or not real."""
    function = sympy.lambdify(variables, expr, "numpy")
    with np.errstate(all="ignore"):
        values = np.asarray(function(*axes), dtype=np.complex128 if expr.has(sympy.I) else None)
        values = np.broadcast_to(values, np.broadcast_shapes(*(a.shape for a in axes)))
        if np.iscomplexobj(values):
            values = np.where(np.abs(values.imag) < 1e-12, values.real, np.nan)
        return np.where(np.isfinite(values), values, np.nan).astype(float)


def _contour_panel(axes, expr, variables, runs) -> None:
    (x0, x1), (y0, y1) = _window(runs, 2)
    xs, ys = np.meshgrid(np.linspace(x0, x1, GRID), np.linspace(y0, y1, GRID))
    try:
        values = _grid_values(expr, variables, (xs, ys))
    except (TypeError, ValueError, NameError):
        values = np.full(xs.shape, np.nan)
    finite = values[np.isfinite(values)]
    if finite.size:
        levels = np.unique(np.percentile(finite, np.linspace(0, 100, 30)))
        if levels.size >= 2:
            contours = axes.contour(xs, ys, values, levels=levels, cmap="viridis", linewidths=0.8)
            axes.figure.colorbar(contours, ax=axes, label="f")
    for label, trace in runs:
        rows = _finite_rows(trace)
        _draw_path(axes, [row.theta[0] for row in rows], [row.theta[1] for row in rows], label)
    axes.set_xlim(x0, x1)
    axes.set_ylim(y0, y1)
    axes.set_xlabel(symbol_name(variables[0].name))
    axes.set_ylabel(symbol_name(variables[1].name))
    axes.set_title("contours of f and the paths")
    axes.legend(loc="best", fontsize="small")


def _curve_panel(axes, expr, variable, runs) -> None:
    (x0, x1), = _window(runs, 1)
    xs = np.linspace(x0, x1, 400)
    try:
        axes.plot(xs, _grid_values(expr, (variable,), (xs,)), color="0.5", linewidth=1)
    except (TypeError, ValueError, NameError):
        pass
    for label, trace in runs:
        rows = _finite_rows(trace)
        _draw_path(axes, [row.theta[0] for row in rows], [row.value for row in rows], label)
    axes.set_xlim(x0, x1)
    axes.set_xlabel(symbol_name(variable.name))
    axes.set_ylabel("f")
    axes.set_title("f and the path")
    axes.legend(loc="best", fontsize="small")


def _value_panel(axes, runs, count: int) -> None:
    for label, trace in runs:
        rows = _finite_rows(trace)
        axes.plot([row.k for row in rows], [row.value for row in rows], label=label)
    axes.set_xlabel("iteration k")
    axes.set_ylabel("f(θₖ)")
    axes.set_title(f"f per iteration ({count} variables: no contour)")
    axes.legend(loc="best", fontsize="small")


def _draw_path(axes, xs, ys, label) -> None:
    line, = axes.plot(xs, ys, marker=".", markersize=3, linewidth=1, label=label)
    if xs:
        axes.plot(xs[:1], ys[:1], marker="o", markersize=8, color=line.get_color(),
                  markerfacecolor="none")
        axes.plot(xs[-1:], ys[-1:], marker="*", markersize=12, color=line.get_color())


def _gradient_panel(axes, runs) -> None:
    """‖∇f‖ per iteration; the y range is that of the bounded runs (a diverged one is clipped)."""
    shown = []
    bounded = {id(trace) for _, trace in _bounded(runs)}
    for label, trace in runs:
        ks, norms = [], []
        for row in trace.iterations:
            norm = math.hypot(*row.gradient)
            if math.isfinite(norm):
                ks.append(row.k)
                norms.append(norm)
        if id(trace) in bounded:
            shown += [n for n in norms if n > 0]
        axes.plot(ks, norms, label=label)
    if shown:
        axes.set_yscale("log")
        axes.set_ylim(min(shown) / 3, max(shown) * 3)
    axes.set_xlabel("iteration k")
    axes.set_ylabel("‖∇f(θₖ)‖")
    axes.set_title("gradient norm per iteration")
    axes.legend(loc="best", fontsize="small")


def plot_fit_losses(results: Sequence, path: str, lang: str = "en") -> None:
    """Draw the loss per epoch of each fit (one line per batch size) and, beside it, the
    batch loss of every step of the fits that took several steps per epoch, into ``path``."""
    require_matplotlib()
    from matplotlib.figure import Figure

    from symgrad.phrases import phrase

    stepped = [r for r in results if r.step_losses and r.batch_kind != "batch"]
    figure = Figure(figsize=(11 if stepped else 6.5, 4.8), layout="constrained")
    panels = figure.subplots(1, 2 if stepped else 1, squeeze=False)[0]

    def label(result) -> str:
        return phrase("fit.plot.label", lang, size=result.batch_size, batch=phrase(f"fit.batch.{result.batch_kind}", lang))

    epochs = panels[0]
    for result in results:
        rows = [row for row in result.epochs if math.isfinite(row.loss)]
        epochs.plot([row.epoch for row in rows], [row.loss for row in rows], marker=".", markersize=3, label=label(result))
    if all(row.loss > 0 for result in results for row in result.epochs if math.isfinite(row.loss)):
        epochs.set_yscale("log")
    epochs.set_xlabel(phrase("fit.plot.epoch", lang))
    epochs.set_ylabel(phrase("fit.plot.loss", lang))
    epochs.legend(loc="best", fontsize="small")
    if stepped:
        steps = panels[1]
        for result in stepped:
            losses = np.asarray(result.step_losses)
            per_epoch = math.ceil(result.data.rows / result.batch_size)  # steps, placed on the epoch axis
            steps.plot(np.arange(1, losses.size + 1) / per_epoch, losses, linewidth=0.6, alpha=0.7, label=label(result))
        if all(np.all(np.asarray(r.step_losses) > 0) for r in stepped):
            steps.set_yscale("log")
        steps.set_xlabel(phrase("fit.plot.step", lang))
        steps.set_ylabel(phrase("fit.plot.batch_loss", lang))
        steps.legend(loc="best", fontsize="small")
    model = phrase(f"fit.model.{results[0].model}", lang)
    figure.suptitle(phrase("fit.plot.title", lang, model=model))
    try:
        figure.savefig(path, dpi=110)
    except (OSError, ValueError) as error:
        raise SymgradError.from_phrase("plot.error.cannot_write", path=path, reason=error) from None
