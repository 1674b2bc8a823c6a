"""Pictures of descent runs (the optional ``plot`` extra, matplotlib).

:func:`plot_trace` and :func:`plot_sweep` draw one figure with two panels:

- left, for two variables, the contour lines of f with each run's path, its start
  marked ○ and its end ★, and the critical points of f in view (▽ minimum, △ maximum,
  ◇ saddle); for one variable, the curve of f with the path on it; for more variables,
  f(θₖ) per iteration;
- right, ‖∇f(θₖ)‖ per iteration on a log scale: the lecture's "look at the gradient
  plot" stopping rule.

The figure's title is f typeset (matplotlib's mathtext, from SymPy's LaTeX; the Unicode
notation where mathtext cannot read it). Every word comes from the phrase catalogue in
``lang``. Korean needs a font with Hangul, looked for among the installed fonts at run
time (:func:`hangul_font`); when there is none the figure is drawn in English and the
functions return a warning saying which package to install. The legend sits below the
panels, so it never covers a path; the colourbar's ticks are round numbers.

The view is ``view`` (one (low, high) range per variable, ``--plot-range``) or else a
box around the paths and the critical points near them (:func:`default_view`).

Without matplotlib, :func:`require_matplotlib` raises :class:`PlotUnavailable`, whose
one line says how to install the extra.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import math
from typing import Sequence

import numpy as np
import sympy

from symgrad.errors import SymgradError
from symgrad.messages import Message
from symgrad.notation import format_expr, symbol_name
from symgrad.phrases import phrase
from symgrad.trace import Trace

INSTALL_HINT = "install the plot extra: pip install 'symgrad[plot]'"
GRID = 160
LEVELS = 28  # contour lines drawn (before rounding merges some)
MOST_TICKS = 8  # on the colourbar
CRITICAL_GRID = 25  # Newton starts per axis when looking for critical points
NEWTON_STEPS = 40
HANGUL_FAMILIES = ("NanumGothic", "NanumBarunGothic", "Noto Sans CJK KR", "Noto Sans KR", "Source Han Sans KR",
                   "UnDotum", "Baekmuk Dotum", "Baekmuk Gulim")
"""Fonts with Hangul, preferred in this order (sans-serif first); any other installed font
with Hangul comes after them."""
FALLBACK_FAMILY = "DejaVu Sans"  # matplotlib's own: θ, ₖ, ∇, ‖ where a Hangul font lacks them
HANGUL_SAMPLE = "가힣각"  # the first and last syllables and one in between
NOT_TEXT_FONTS = ("Last Resort",)  # covers every code point with placeholder boxes
CRITICAL_MARKERS = {"minimum": "v", "maximum": "^", "saddle": "D", "inconclusive": "s"}


class PlotUnavailable(SymgradError):
    """matplotlib is not installed."""


def require_matplotlib() -> None:
    """Raise PlotUnavailable (one line with the install command) unless matplotlib imports."""
    if importlib.util.find_spec("matplotlib") is None:
        raise PlotUnavailable(INSTALL_HINT)


# ------------------------------------------------------------------ public


def plot_trace(trace: Trace, path: str, lang: str = "en", view=None) -> tuple[Message, ...]:
    """Draw the run ``trace`` (it must carry its problem) into the image file ``path``;
    the warnings (as messages) are returned."""
    from symgrad.render.table import method_name

    return plot_runs(trace.problem, [(method_name(trace.method, _drawn(lang)), trace)], path, lang, view)


def plot_sweep(result, path: str, lang: str = "en", view=None) -> tuple[Message, ...]:
    """Draw every run of the sweep ``result`` into ``path``: one path per learning rate."""
    from symgrad.render.table import method_name, number

    drawn = _drawn(lang)
    runs = [(phrase("plot.sweep_run", drawn, lr=number(run.lr, 4), outcome=phrase(f"outcome.{run.outcome}", drawn)),
             run.trace) for run in result.runs]
    return plot_runs(result.problem, runs, path, lang, view, legend_title=method_name(result.method, drawn))


def plot_runs(problem, runs: Sequence[tuple[str, Trace]], path: str, lang: str = "en", view=None,
              legend_title: str | None = None) -> tuple[Message, ...]:
    """Draw ``runs`` (label, trace) of ``problem`` (a :class:`~symgrad.parse.Problem`) into ``path``."""
    require_matplotlib()
    view = check_view(view, problem.variables)
    drawn, warnings = _language(lang)
    with figure_style(drawn):
        figure = runs_figure(problem, runs, drawn, view, legend_title)
        try:
            figure.savefig(path, dpi=110)
        except (OSError, ValueError) as error:
            raise SymgradError.from_phrase("plot.error.cannot_write", path=path, reason=error) from None
    return warnings


def runs_figure(problem, runs, lang: str = "en", view=None, legend_title: str | None = None):
    """The figure :func:`plot_runs` saves (a matplotlib Figure), in ``lang``'s words.

    Draw it inside :func:`figure_style` (``lang``) so that its text finds its font."""
    from matplotlib.figure import Figure

    variables = problem.variables
    figure = Figure(figsize=(11, 5.6), layout="constrained")
    left, right = figure.subplots(1, 2, width_ratios=(1.25, 1))
    colours = [f"C{i % 10}" for i in range(len(runs))]
    if len(variables) == 2:
        _contour_panel(left, problem, runs, colours, lang, view)
    elif len(variables) == 1:
        _curve_panel(left, problem, runs, colours, lang, view)
    else:
        _value_panel(left, runs, colours, len(variables), lang)
    _gradient_panel(right, runs, colours, lang)
    for panel in (left, right):
        _number_font(panel)
    figure.suptitle(title_text(problem), fontsize="large")
    _legend(figure, left, legend_title, lang)
    return figure


# ------------------------------------------------------------------ words and fonts


def title_text(problem) -> str:
    """f(θ₁, θ₂) = … typeset: mathtext from SymPy's LaTeX (decimals as typed), or the
    Unicode notation where mathtext cannot parse that LaTeX."""
    from matplotlib.mathtext import MathTextParser

    from symgrad.render.document import decimal_form
    from symgrad.render.latex import latex_expr

    shown = decimal_form(problem.expr) if problem.decimal_display else problem.expr
    arguments = ", ".join(latex_expr(v) for v in problem.variables)
    math = f"$f({arguments}) = {latex_expr(shown)}$"
    try:
        MathTextParser("path").parse(math)
    except (ValueError, RuntimeError):
        names = ", ".join(format_expr(v) for v in problem.variables)
        return f"f({names}) = {format_expr(problem.expr, problem.decimal_display)}".replace("$", r"\$")
    return math


@functools.cache
def hangul_font() -> str | None:
    """The family name of an installed font with Hangul (:data:`HANGUL_FAMILIES` first), or None.

    matplotlib's font list is cached; a font installed after the cache was made is found
    by searching the system's font folders and added for this process."""
    from matplotlib import font_manager

    known = {entry.fname for entry in font_manager.fontManager.ttflist}
    for fname in font_manager.findSystemFonts():
        if fname not in known and _covers(fname, HANGUL_SAMPLE):
            with contextlib.suppress(Exception):  # a broken font file is skipped, as matplotlib does
                font_manager.fontManager.addfont(fname)
    found = {entry.name for entry in font_manager.fontManager.ttflist
             if not entry.name.startswith(NOT_TEXT_FONTS) and _covers(entry.fname, HANGUL_SAMPLE)}
    preferred = [name for name in HANGUL_FAMILIES if name in found]
    return (preferred or sorted(found) or [None])[0]


@functools.cache
def _covers(fname: str, text: str) -> bool:
    """Whether the font file ``fname`` has a glyph for every character of ``text``."""
    from matplotlib.ft2font import FT2Font

    try:
        charmap = FT2Font(fname).get_charmap()
    except (OSError, RuntimeError, ValueError):
        return False
    return all(ord(c) in charmap for c in text)


def _language(lang: str) -> tuple[str, tuple[Message, ...]]:
    """The language the figure is drawn in, and the warning when that is not ``lang``."""
    if lang == "ko" and hangul_font() is None:
        return "en", (Message.of("plot.warning.no_hangul_font"),)
    return lang, ()


def _drawn(lang: str) -> str:
    return _language(lang)[0]


def figure_style(lang: str):
    """A matplotlib rc context with the fonts ``lang`` needs (Hangul for Korean, falling
    back to DejaVu Sans glyph by glyph)."""
    import matplotlib

    families = [hangul_font(), FALLBACK_FAMILY] if lang == "ko" and hangul_font() else [FALLBACK_FAMILY]
    return matplotlib.rc_context({"font.family": families})


# ------------------------------------------------------------------ the view


def check_view(view, variables) -> tuple[tuple[float, float], ...] | None:
    """``view`` as one (low, high) pair per variable: given as 2·n numbers (x₀, x₁[, y₀, y₁])
    or as pairs; None stays None (the default view). A bad range is one SymgradError line."""
    if view is None:
        return None
    numbers = [float(v) for pair in view for v in (pair if isinstance(pair, (tuple, list)) else (pair,))]
    names = ", ".join(symbol_name(v.name) for v in variables)
    if len(variables) > 2:
        raise SymgradError.from_phrase("plot.error.range_dimensions", count=len(variables))
    if len(numbers) != 2 * len(variables):
        raise SymgradError.from_phrase("plot.error.range_count", count=2 * len(variables), names=names,
                                       given=len(numbers))
    pairs = tuple((numbers[i], numbers[i + 1]) for i in range(0, len(numbers), 2))
    for variable, (low, high) in zip(variables, pairs):
        if not (math.isfinite(low) and math.isfinite(high) and low < high):
            raise SymgradError.from_phrase("plot.error.range_order", name=symbol_name(variable.name),
                                           low=f"{low:g}", high=f"{high:g}")
    return pairs


def default_view(problem, runs) -> list[tuple[float, float]]:
    """A box around the paths of the bounded runs and the critical points near them.

    "Near" is within the paths' box grown on every side by its width (at least 1); the
    result is padded by a quarter of its width (at least 0.5). A diverged path is clipped.
    """
    box = _path_box(runs, len(problem.variables))
    near = [(low - max(high - low, 1.0), high + max(high - low, 1.0)) for low, high in box]
    for point, _ in critical_points(problem, near):
        box = [(min(low, c), max(high, c)) for c, (low, high) in zip(point, box)]
    return [(low - max(0.25 * (high - low), 0.5), high + max(0.25 * (high - low), 0.5)) for low, high in box]


def _path_box(runs, axis_count: int) -> list[tuple[float, float]]:
    starts = [np.array(trace.iterations[0].theta) for _, trace in runs]
    reach = 10.0 * (max(float(np.abs(s).max()) for s in starts) + 1.0)
    points = np.array([row.theta for _, trace in _bounded(runs) for row in _finite_rows(trace)
                       if max(abs(c) for c in row.theta) <= reach] + [tuple(s) for s in starts])
    return [(float(points[:, axis].min()), float(points[:, axis].max())) for axis in range(axis_count)]


def critical_points(problem, box) -> list[tuple[tuple[float, ...], str]]:
    """The critical points of f (one or two variables) in ``box``, as ((coordinates), kind).

    Numeric, so that it takes milliseconds whatever f is: Newton's method on ∇f = 0 from
    every node of a grid over the box (∇f and the Hessian exact, from SymPy, evaluated
    by NumPy), the converged points merged, each classified by its Hessian's eigenvalues
    as the walkthrough's critical stage does (:func:`symgrad.critical.classify`).
    """
    variables = problem.variables
    if not 1 <= len(variables) <= 2:
        return []
    gradient = [sympy.diff(problem.expr, v) for v in variables]
    hessian = [[sympy.diff(g, v) for v in variables] for g in gradient]
    try:
        grad = sympy.lambdify(variables, gradient, "numpy")
        hess = sympy.lambdify(variables, hessian, "numpy")
    except (TypeError, ValueError, NameError, SyntaxError):
        return []
    axes = np.meshgrid(*(np.linspace(low, high, CRITICAL_GRID) for low, high in box), indexing="ij")
    points = np.stack([a.ravel() for a in axes], axis=1)
    try:
        with np.errstate(all="ignore"):
            for _ in range(NEWTON_STEPS):
                points = points - _newton_step(grad, hess, points)
            g = _evaluated(grad, points)
            h = _evaluated(hess, points)
    except (TypeError, ValueError, NameError, ArithmeticError):
        return []  # ∇f or the Hessian has no NumPy form (DiracDelta from |x|, ...): no points marked
    size = max(high - low for low, high in box)
    found: dict[tuple, tuple[tuple[float, ...], str]] = {}
    for point, slope, curvature in zip(points, g, h):
        inside = all(low - 1e-9 <= c <= high + 1e-9 for c, (low, high) in zip(point, box))
        if not (inside and np.all(np.isfinite(point)) and np.all(np.isfinite(curvature))):
            continue
        if np.max(np.abs(slope)) > 1e-8 * max(1.0, float(np.max(np.abs(curvature)))) * max(size, 1.0):
            continue
        key = tuple(np.round(point / (1e-6 * max(size, 1e-12))).astype(int))
        if not any(max(abs(a - b) for a, b in zip(key, other)) <= 1 for other in found):
            found[key] = (tuple(float(c) for c in point), _kind(curvature))
    return sorted(found.values())


def _evaluated(function, points: np.ndarray) -> np.ndarray:
    """``function`` (a lambdified vector or matrix) at each row of ``points``: an array of
    one vector or matrix per point."""
    values = function(*points.T)
    n = len(points)
    if isinstance(values[0], list):  # a matrix: rows of entries, each a scalar or an array
        return np.stack([np.stack([np.broadcast_to(np.asarray(e, dtype=float), n) for e in row], axis=-1)
                         for row in values], axis=-2)
    return np.stack([np.broadcast_to(np.asarray(e, dtype=float), n) for e in values], axis=-1)


def _newton_step(grad, hess, points: np.ndarray) -> np.ndarray:
    """H⁻¹∇f at each point (nan where f, ∇f or H is undefined or H is singular)."""
    g, h = _evaluated(grad, points), _evaluated(hess, points)
    if points.shape[1] == 1:
        return g / h[:, 0]
    (a, b), (c, d) = (h[:, 0, 0], h[:, 0, 1]), (h[:, 1, 0], h[:, 1, 1])
    det = a * d - b * c
    return np.stack([(d * g[:, 0] - b * g[:, 1]) / det, (a * g[:, 1] - c * g[:, 0]) / det], axis=1)


def _kind(hessian: np.ndarray) -> str:
    """The second-derivative test: minimum, maximum, saddle, or inconclusive (singular)."""
    eigenvalues = np.linalg.eigvalsh((hessian + hessian.T) / 2)
    tolerance = 1e-10 * max(1.0, float(np.max(np.abs(eigenvalues))))
    if np.all(eigenvalues > tolerance):
        return "minimum"
    if np.all(eigenvalues < -tolerance):
        return "maximum"
    if np.any(eigenvalues > tolerance) and np.any(eigenvalues < -tolerance):
        return "saddle"
    return "inconclusive"


def _finite_rows(trace: Trace) -> list:
    return [row for row in trace.iterations
            if math.isfinite(row.value) and all(math.isfinite(c) for c in row.theta)]


def _bounded(runs):
    """The runs that did not diverge, or all of them when every one did."""
    kept = [(label, trace) for label, trace in runs if trace.stopped.reason not in ("diverged", "undefined")]
    return kept or list(runs)


# ------------------------------------------------------------------ contour levels


def roundest(low: float, high: float) -> float:
    """The roundest number in [low, high]: 0, else the multiple of the largest step
    1, 2 or 5 × 10ᵉ that has a multiple there.

    >>> roundest(0.337, 0.403), roundest(-1.07, -0.99), roundest(137.0, 163.0), roundest(-0.2, 0.1)
    (0.4, -1.0, 150.0, 0.0)
    """
    if low <= 0.0 <= high:
        return 0.0
    exponent = math.floor(math.log10(high - low)) + 1 if high > low else math.floor(math.log10(abs(low)))
    for e in range(exponent, exponent - 20, -1):
        for mantissa in (5, 2, 1):
            step = mantissa * 10.0 ** e
            k = math.ceil(low / step)
            if k * step <= high:
                return float(f"{k * step:.12g}")
    return low


def contour_levels(values: np.ndarray, count: int = LEVELS) -> list[float]:
    """Round levels spread like f's values on the view: ``count`` quantiles, each moved to
    the roundest number within a third of the gap to its neighbours."""
    finite = values[np.isfinite(values)]
    if not finite.size:
        return []
    quantiles = np.unique(np.percentile(finite, np.linspace(0, 100, count)))
    if quantiles.size < 2:
        return []
    levels = []
    for i, q in enumerate(quantiles):
        gaps = [abs(q - quantiles[j]) for j in (i - 1, i + 1) if 0 <= j < quantiles.size]
        reach = min(gaps) / 3
        levels.append(roundest(q - reach, q + reach))
    return sorted(set(levels))


def _roundness(value: float) -> int:
    """How round ``value`` is: the rank of the largest step 1, 2 or 5 × 10ᵉ it is a
    multiple of (… 0.5 > 0.2 > 0.1 > 0.05 …); 0 is the roundest."""
    if value == 0:
        return 10**6
    for e in range(12, -13, -1):
        for mantissa, rank in ((5, 2), (2, 1), (1, 0)):
            step = mantissa * 10.0 ** e
            k = round(value / step)
            if k and math.isclose(value / step, k, rel_tol=1e-9):
                return 3 * e + rank
    return -10**6


def colourbar_ticks(levels: Sequence[float], most: int = MOST_TICKS) -> list[float]:
    """At most ``most`` of the ``levels``, spread over them, the roundest of each stretch."""
    if len(levels) <= most:
        return list(levels)
    bounds = np.linspace(0, len(levels), most + 1).round().astype(int)
    return [max(levels[a:b], key=_roundness) for a, b in zip(bounds[:-1], bounds[1:]) if b > a]


# ------------------------------------------------------------------ panels


def _grid_values(expr, variables, axes) -> np.ndarray:
    """f on a grid, nan where it is undefined or not real."""
    function = sympy.lambdify(variables, expr, "numpy")
    with np.errstate(all="ignore"):
        values = np.asarray(function(*axes), dtype=np.complex128 if expr.has(sympy.I) else None)
        values = np.broadcast_to(values, np.broadcast_shapes(*(a.shape for a in axes)))
        if np.iscomplexobj(values):
            values = np.where(np.abs(values.imag) < 1e-12, values.real, np.nan)
        return np.where(np.isfinite(values), values, np.nan).astype(float)


def _contour_panel(axes, problem, runs, colours, lang, view) -> None:
    (x0, x1), (y0, y1) = view = view or default_view(problem, runs)
    critical = critical_points(problem, view)
    xs, ys = np.meshgrid(np.linspace(x0, x1, GRID), np.linspace(y0, y1, GRID))
    try:
        values = _grid_values(problem.expr, problem.variables, (xs, ys))
    except (TypeError, ValueError, NameError):
        values = np.full(xs.shape, np.nan)
    levels = contour_levels(values)
    if len(levels) >= 2:
        from matplotlib.colors import BoundaryNorm

        # coloured by the level's rank, so that the colours spread over the lines however f is skewed
        contours = axes.contour(xs, ys, values, levels=levels, cmap="viridis", linewidths=0.8,
                                norm=BoundaryNorm(levels, 256, extend="both"))
        bar = axes.figure.colorbar(contours, ax=axes, ticks=colourbar_ticks(levels), label="$f$")
        bar.ax.yaxis.set_major_formatter(_plain_numbers())
        _number_font(bar.ax)
    for (label, trace), colour in zip(runs, colours):
        rows = _finite_rows(trace)
        _draw_path(axes, [row.theta[0] for row in rows], [row.theta[1] for row in rows], label, colour)
    _draw_critical(axes, critical, lang)
    axes.set_xlim(x0, x1)
    axes.set_ylim(y0, y1)
    axes.set_xlabel(_math_name(problem.variables[0]))
    axes.set_ylabel(_math_name(problem.variables[1]))
    axes.set_title(phrase("plot.contour_title", lang))


def _curve_panel(axes, problem, runs, colours, lang, view) -> None:
    variable = problem.variables[0]
    (x0, x1), = view = view or default_view(problem, runs)
    critical = critical_points(problem, view)
    xs = np.linspace(x0, x1, 400)
    try:
        curve = _grid_values(problem.expr, (variable,), (xs,))
        axes.plot(xs, curve, color="0.5", linewidth=1)
    except (TypeError, ValueError, NameError):
        pass
    for (label, trace), colour in zip(runs, colours):
        rows = _finite_rows(trace)
        _draw_path(axes, [row.theta[0] for row in rows], [row.value for row in rows], label, colour)
    function = sympy.lambdify((variable,), problem.expr, "math")
    on_curve = []
    for (x,), kind in critical:
        with contextlib.suppress(ArithmeticError, ValueError, TypeError):
            on_curve.append(((x, float(function(x))), kind))
    _draw_critical(axes, on_curve, lang)
    axes.set_xlim(x0, x1)
    axes.set_xlabel(_math_name(variable))
    axes.set_ylabel("$f$")
    axes.set_title(phrase("plot.curve_title", lang))


def _value_panel(axes, runs, colours, count: int, lang) -> None:
    for (label, trace), colour in zip(runs, colours):
        rows = _finite_rows(trace)
        axes.plot([row.k for row in rows], [row.value for row in rows], label=label, color=colour)
    axes.set_xlabel(phrase("plot.iteration", lang))
    axes.set_ylabel(r"$f(\theta_k)$")
    axes.set_title(phrase("plot.value_title", lang, count=count))


def _draw_path(axes, xs, ys, label, colour) -> None:
    axes.plot(xs, ys, marker=".", markersize=3, linewidth=1, label=label, color=colour, zorder=3)
    if xs:
        axes.plot(xs[:1], ys[:1], marker="o", markersize=8, color=colour, markerfacecolor="none",
                  linestyle="none", zorder=4)
        axes.plot(xs[-1:], ys[-1:], marker="*", markersize=12, color=colour, linestyle="none", zorder=4)


def _draw_critical(axes, points, lang) -> None:
    for kind, marker in CRITICAL_MARKERS.items():
        chosen = [point for point, found in points if found == kind]
        if chosen:
            axes.plot([p[0] for p in chosen], [p[1] for p in chosen], marker=marker, markersize=6,
                      linestyle="none", color="black", markerfacecolor="white", zorder=2,
                      label=phrase(f"walk.kind.{kind}", lang))


def _gradient_panel(axes, runs, colours, lang) -> None:
    """‖∇f‖ per iteration; the y range is that of the bounded runs (a diverged one is clipped)."""
    shown = []
    bounded = {id(trace) for _, trace in _bounded(runs)}
    for (label, trace), colour in zip(runs, colours):
        ks, norms = [], []
        for row in trace.iterations:
            norm = math.hypot(*row.gradient)
            if math.isfinite(norm):
                ks.append(row.k)
                norms.append(norm)
        if id(trace) in bounded:
            shown += [n for n in norms if n > 0]
        axes.plot(ks, norms, color=colour)
    if shown:
        axes.set_yscale("log")
        axes.set_ylim(min(shown) / 3, max(shown) * 3)
    axes.set_xlabel(phrase("plot.iteration", lang))
    axes.set_ylabel(r"$\|\nabla f(\theta_k)\|$")
    axes.set_title(phrase("plot.gradient_title", lang))


def _legend(figure, axes, title, lang) -> None:
    """One legend below both panels: the runs, start ○, end ★ and the kinds of critical point."""
    from matplotlib.lines import Line2D

    handles, labels = axes.get_legend_handles_labels()
    runs = [(h, l) for h, l in zip(handles, labels) if h.get_marker() == "."]
    critical = [(h, l) for h, l in zip(handles, labels) if h.get_marker() in CRITICAL_MARKERS.values()]
    ends = [(Line2D([], [], marker="o", markersize=8, color="0.3", markerfacecolor="none", linestyle="none"),
             phrase("plot.start", lang)),
            (Line2D([], [], marker="*", markersize=12, color="0.3", linestyle="none"), phrase("plot.end", lang))]
    if not runs:  # the many-variable panel: plain lines, no start or end markers
        runs, ends = list(zip(handles, labels)), []
    entries = runs + ends + critical
    figure.legend([h for h, _ in entries], [l for _, l in entries], loc="outside lower center",
                  ncols=len(entries) if len(entries) <= 6 else 5, fontsize="small", title=title, frameon=False)


def _math_name(variable) -> str:
    """A variable's name in mathtext (θ₁ as $\\theta_{1}$): the Hangul fonts' subscripts are poor."""
    from symgrad.render.latex import latex_expr

    return f"${latex_expr(variable)}$"


def _number_font(axes) -> None:
    """Tick numbers in DejaVu Sans: the log axis's 10⁻² is mathtext, which has no glyph
    fallback, and Hangul fonts such as NanumGothic lack the minus sign U+2212."""
    axes.tick_params(which="both", labelfontfamily=FALLBACK_FAMILY)


def _plain_numbers():
    """Colourbar labels as the numbers are (0.4, −1, 150), with a real minus sign."""
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, position: f"{value:g}".replace("-", "−"))


def plot_fit_losses(results: Sequence, path: str, lang: str = "en") -> tuple[Message, ...]:
    """Draw the loss per epoch of each fit (one line per batch size) and, beside it, the
    batch loss of every step of the fits that took several steps per epoch, into ``path``;
    the warnings (as messages) are returned."""
    require_matplotlib()
    lang, warnings = _language(lang)
    with figure_style(lang):
        _fit_figure(results, path, lang)
    return warnings


def _fit_figure(results: Sequence, path: str, lang: str) -> None:
    from matplotlib.figure import Figure

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
