"""Descent runs as an SVG picture written directly (no matplotlib): the contour lines of f
(marching squares over a grid) with each run's path for two variables, the curve of f with
the path on it for one. The web app shows it inline, so it needs nothing from outside.

The picture is a plain string: every label is escaped, numbers are rounded to what a
screen shows.
"""

from __future__ import annotations

import html
import math
from typing import Sequence

import numpy as np
import sympy

from symgrad.notation import symbol_name
from symgrad.phrases import phrase
from symgrad.trace import Trace

GRID = 64
LEVELS = 14
WIDTH, HEIGHT, MARGIN = 620, 420, 48
LEGEND_WIDTH = 104
MAX_PATH_POINTS = 400
COLOURS = ("#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")
CONTOUR_COLOUR = "#9aa5b1"

# marching squares: for each corner pattern (bit 0: lower-left, 1: lower-right, 2: upper-right,
# 3: upper-left above the level), the pairs of cell edges (0 bottom, 1 right, 2 top, 3 left) joined
_CASES = {1: ((3, 0),), 2: ((0, 1),), 3: ((3, 1),), 4: ((1, 2),), 5: ((3, 2), (0, 1)), 6: ((0, 2),),
          7: ((3, 2),), 8: ((2, 3),), 9: ((0, 2),), 10: ((0, 3), (1, 2)), 11: ((1, 2),), 12: ((1, 3),),
          13: ((0, 1),), 14: ((0, 3),)}


def _bounds(values: Sequence[float]) -> tuple[float, float]:
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        return -1.0, 1.0
    low, high = min(finite), max(finite)
    if high - low > 1e4:  # a diverged run: show where it started
        low, high = finite[0] - 5, finite[0] + 5
    span = max(high - low, 1.0)
    return low - 0.15 * span, high + 0.15 * span


def _path_points(trace: Trace) -> list[tuple[float, ...]]:
    rows = [row.theta for row in trace.iterations if all(math.isfinite(t) for t in row.theta)]
    if len(rows) > MAX_PATH_POINTS:
        step = len(rows) / MAX_PATH_POINTS
        rows = [rows[int(i * step)] for i in range(MAX_PATH_POINTS)] + [rows[-1]]
    return rows


def _number(value: float) -> str:
    return f"{value:.3g}"


def _function(expr: sympy.Expr, variables: Sequence[sympy.Symbol]):
    function = sympy.lambdify(list(variables), expr, "numpy")

    def evaluate(*arrays):
        with np.errstate(all="ignore"):
            try:
                values = np.asarray(function(*arrays), dtype=float)
            except (TypeError, ValueError, ZeroDivisionError, OverflowError):
                return np.full(np.broadcast(*arrays).shape, np.nan)
        values = np.broadcast_to(values, np.broadcast(*arrays).shape).copy()
        values[~np.isfinite(values)] = np.nan
        return values

    return evaluate


_EDGES = ((0, 1, (0, 0), (1, 0)), (1, 2, (1, 0), (1, 1)), (2, 3, (1, 1), (0, 1)), (3, 0, (0, 1), (0, 0)))
"""Each cell edge: its two corners (0 lower-left, 1 lower-right, 2 upper-right, 3 upper-left) and their places."""


def _contours(grid: np.ndarray, levels: Sequence[float], sx, sy) -> list[str]:
    """SVG path data of the contour lines of ``grid`` (rows: y, columns: x) at ``levels``,
    by marching squares over all cells at once."""
    corners = (grid[:-1, :-1], grid[:-1, 1:], grid[1:, 1:], grid[1:, :-1])
    valid = ~np.any([np.isnan(c) for c in corners], axis=0)
    rows, columns = np.indices(corners[0].shape)
    paths = []
    for level in levels:
        case = sum((c > level).astype(int) << bit for bit, c in enumerate(corners))
        case[~valid] = 0
        points = []
        with np.errstate(all="ignore"):
            for a, b, (ax, ay), (bx, by) in _EDGES:
                va, vb = corners[a], corners[b]
                t = np.where(vb == va, 0.5, (level - va) / (vb - va))
                points.append((sx(columns + ax + t * (bx - ax)), sy(rows + ay + t * (by - ay))))
        parts = []
        for number, pairs in _CASES.items():
            mask = case == number
            if not mask.any():
                continue
            for start, end in pairs:
                for x0, y0, x1, y1 in zip(points[start][0][mask], points[start][1][mask],
                                          points[end][0][mask], points[end][1][mask]):
                    parts.append(f"M{x0:.1f} {y0:.1f}L{x1:.1f} {y1:.1f}")
        if parts:
            paths.append("".join(parts))
    return paths


def descent_svg(expr: sympy.Expr, variables: Sequence[sympy.Symbol], runs: Sequence[tuple[str, Trace]],
                lang: str = "en") -> str | None:
    """The picture of ``runs`` (label, trace) on f = ``expr``; None for three or more variables."""
    if len(variables) not in (1, 2) or not runs:
        return None
    paths = [(label, _path_points(trace)) for label, trace in runs]
    xs = [p[0] for _, points in paths for p in points]
    x_low, x_high = _bounds(xs)
    evaluate = _function(expr, variables)
    left, right, top, bottom = MARGIN, WIDTH - 12 - LEGEND_WIDTH, 28, HEIGHT - MARGIN
    body = []
    if len(variables) == 2:
        ys = [p[1] for _, points in paths for p in points]
        y_low, y_high = _bounds(ys)
        gx = np.linspace(x_low, x_high, GRID)
        gy = np.linspace(y_low, y_high, GRID)
        grid = evaluate(*np.meshgrid(gx, gy))
        scale_x = (right - left) / (GRID - 1)
        scale_y = (bottom - top) / (GRID - 1)
        finite = grid[np.isfinite(grid)]
        if finite.size:
            levels = sorted(set(np.quantile(finite, np.linspace(0.02, 0.98, LEVELS)).tolist()))
            for data in _contours(grid, levels, lambda i: left + i * scale_x, lambda j: bottom - j * scale_y):
                body.append(f'<path d="{data}" fill="none" stroke="{CONTOUR_COLOUR}" stroke-width="0.8"/>')

        def to_screen(point):
            return (left + (point[0] - x_low) / (x_high - x_low) * (right - left),
                    bottom - (point[1] - y_low) / (y_high - y_low) * (bottom - top))
        y_label = symbol_name(str(variables[1]))
    else:
        gx = np.linspace(x_low, x_high, 200)
        values = evaluate(gx)
        finite = values[np.isfinite(values)]
        y_low, y_high = (float(finite.min()), float(finite.max())) if finite.size else (-1.0, 1.0)
        if y_high - y_low < 1e-12:
            y_low, y_high = y_low - 1, y_high + 1

        def to_screen(point):
            value = evaluate(np.array([point[0]]))[0]
            value = y_low if not math.isfinite(value) else value
            return (left + (point[0] - x_low) / (x_high - x_low) * (right - left),
                    bottom - (value - y_low) / (y_high - y_low) * (bottom - top))
        curve = [to_screen((x,)) for x, v in zip(gx, values) if math.isfinite(v)]
        if curve:
            body.append('<polyline fill="none" stroke="#555" stroke-width="1.2" points="'
                        + " ".join(f"{x:.1f},{y:.1f}" for x, y in curve) + '"/>')
        y_label = "f"
    legend = []
    for index, (label, points) in enumerate(paths):
        colour = COLOURS[index % len(COLOURS)]
        screen = [to_screen(p) for p in points]
        if not screen:
            continue
        body.append(f'<polyline class="path" data-method="{html.escape(label)}" fill="none" stroke="{colour}" '
                    'stroke-width="1.8" points="' + " ".join(f"{x:.1f},{y:.1f}" for x, y in screen) + '"/>')
        (x0, y0), (x1, y1) = screen[0], screen[-1]
        body.append(f'<circle cx="{x0:.1f}" cy="{y0:.1f}" r="4" fill="white" stroke="{colour}" stroke-width="2"/>')
        body.append(f'<rect x="{x1 - 4:.1f}" y="{y1 - 4:.1f}" width="8" height="8" fill="{colour}"/>')
        legend.append(f'<text x="{right + 10}" y="{top + 12 + 18 * index}" fill="{colour}" font-size="13">'
                      f"■ {html.escape(label)}</text>")
    x_label = symbol_name(str(variables[0]))
    frame = [
        f'<rect x="{left}" y="{top}" width="{right - left}" height="{bottom - top}" fill="none" stroke="#333"/>',
        f'<text x="{(left + right) / 2}" y="{HEIGHT - 10}" text-anchor="middle" font-size="14">{html.escape(x_label)}</text>',
        f'<text x="14" y="{(top + bottom) / 2}" text-anchor="middle" font-size="14">{html.escape(y_label)}</text>',
        f'<text x="{left}" y="{bottom + 16}" font-size="11">{_number(x_low)}</text>',
        f'<text x="{right}" y="{bottom + 16}" font-size="11" text-anchor="end">{_number(x_high)}</text>',
        f'<text x="{left - 4}" y="{bottom}" font-size="11" text-anchor="end">{_number(y_low)}</text>',
        f'<text x="{left - 4}" y="{top + 10}" font-size="11" text-anchor="end">{_number(y_high)}</text>',
    ]
    title = html.escape(phrase("web.descent.picture", lang))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="descent-plot" viewBox="0 0 {WIDTH} {HEIGHT}" '
            f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{title}"><title>{title}</title>'
            f'<defs><clipPath id="plot-area"><rect x="{left}" y="{top}" width="{right - left}" '
            f'height="{bottom - top}"/></clipPath></defs>'
            f'<g clip-path="url(#plot-area)">{"".join(body)}</g>{"".join(frame + legend)}</svg>')
