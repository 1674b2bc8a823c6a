"""What the --plot figures show: Korean words in a Hangul font, f typeset as the title, a
legend that covers no path, round colourbar ticks, and views that hold the critical points.

The figures are read back from their matplotlib artists (Text, Line2D, the legend's box
in display coordinates). Expected values come from LECTURE.md §4 (the camelback's six
minima, from the SFU library) and from hand calculation, not from the plots themselves.
"""

from __future__ import annotations

import importlib.util
import logging
import math
import os
import string
import warnings

import numpy as np
import pytest
import sympy
from click.testing import CliRunner

pytestmark = pytest.mark.skipif(importlib.util.find_spec("matplotlib") is None,
                                reason="the plot extra (matplotlib) is not installed")

from symgrad.cli import main  # noqa: E402
from symgrad.descent import descend, sweep  # noqa: E402
from symgrad.notation import format_expr  # noqa: E402
from symgrad.parse import Problem, parse  # noqa: E402
from symgrad.phrases import PHRASES  # noqa: E402
from symgrad.render import plot  # noqa: E402

CAMELBACK = "(4 - 2.1θ1^2 + θ1^4/3)θ1^2 + θ1θ2 + (-4+4θ2^2)θ2^2"
# LECTURE.md §4: two global minima ±(0.0898420, −0.7126564), local minima ±(1.703607, −0.796084)
# and ±(1.607105, 0.568651); the saddle (0, 0); the usual domain θ₁ ∈ [−3, 3], θ₂ ∈ [−2, 2].
SIX_MINIMA = [(s * 0.0898420, s * -0.7126564) for s in (1, -1)] + \
             [(s * 1.703607, s * -0.796084) for s in (1, -1)] + [(s * 1.607105, s * 0.568651) for s in (1, -1)]
DOMAIN = ((-3.0, 3.0), (-2.0, 2.0))
GLYPH_WARNINGS = ("missing from font", "does not have a glyph")


def needs_hangul_font() -> str:
    font = plot.hangul_font()
    if font is None:
        if os.environ.get("CI"):
            pytest.fail("no Hangul font: .ci/run must install fonts-nanum")
        pytest.skip("no font with Hangul installed (apt install fonts-nanum)")
    return font


class _Logged(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


def drawn(figure, lang):
    """Draw ``figure`` with Agg as savefig does, returning the renderer and every missing-glyph
    message: the text engine warns (warnings), mathtext logs (logging)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(figure)
    logged, logger = _Logged(), logging.getLogger("matplotlib")
    logger.addHandler(logged)
    try:
        with warnings.catch_warnings(record=True) as caught, plot.figure_style(lang):
            warnings.simplefilter("always")
            canvas.draw()
    finally:
        logger.removeHandler(logged)
    messages = [str(w.message) for w in caught] + logged.lines
    return canvas.get_renderer(), [m for m in messages if any(text in m for text in GLYPH_WARNINGS)]


def texts(figure) -> list[str]:
    from matplotlib.text import Text

    return [t.get_text() for t in figure.findobj(Text) if t.get_text()]


def camelback_figure(lang="en", view=None, rates=None):
    if rates:
        result = sweep(CAMELBACK, "-0.5,0.5", "gd", rates)
        runs = [(f"lr {run.lr}", run.trace) for run in result.runs]
        problem = result.problem
    else:
        trace = descend(CAMELBACK, "-0.5,0.5", lr=0.01)
        runs, problem = [(PHRASES[lang]["method.gd"], trace)], trace.problem
    with plot.figure_style(lang):
        return plot.runs_figure(problem, runs, lang, plot.check_view(view, problem.variables)), runs


def contour_axes(figure):
    return figure.axes[0]


# ------------------------------------------------------------------ Korean


def test_korean_figures_read_back_in_korean_in_a_font_with_the_glyphs():
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    font = needs_hangul_font()
    figure, _ = camelback_figure("ko")
    _, missing = drawn(figure, "ko")
    assert missing == []
    shown = texts(figure)
    ko = PHRASES["ko"]
    for key in ("plot.contour_title", "plot.gradient_title", "plot.iteration", "plot.start", "plot.end",
                "method.gd", "walk.kind.minimum", "walk.kind.saddle"):
        assert ko[key] in shown, (key, shown)
    assert not any(PHRASES["en"][key] in shown for key in ("plot.contour_title", "plot.iteration"))
    # every Hangul syllable on the figure is in the font the figure names first
    hangul = {c for text in shown for c in text if "\uac00" <= c <= "\ud7a3"}
    assert len(hangul) > 20
    path = font_manager.findfont(font_manager.FontProperties(family=font), fallback_to_default=False)
    charmap = FT2Font(path).get_charmap()
    assert all(ord(c) in charmap for c in hangul)
    from matplotlib.text import Text

    korean = [t for t in figure.findobj(Text) if any("\uac00" <= c <= "\ud7a3" for c in t.get_text())]
    assert korean and all(t.get_fontfamily()[0] == font for t in korean)


def test_english_figures_have_every_glyph_too():
    figure, _ = camelback_figure("en")
    _, missing = drawn(figure, "en")
    assert missing == []
    assert PHRASES["en"]["plot.contour_title"] in texts(figure)


def test_korean_sweep_cli_writes_korean_words(tmp_path):
    needs_hangul_font()
    target = tmp_path / "sweep.png"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = CliRunner().invoke(main, ["sweep", CAMELBACK, "--start=-0.5,0.5", "--lr", "0.001,0.01,0.1,1",
                                           "--lang", "ko", "--plot", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert not [w for w in caught if any(text in str(w.message) for text in GLYPH_WARNINGS)]
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_without_a_hangul_font_korean_is_drawn_in_english_with_one_warning(tmp_path, monkeypatch):
    monkeypatch.setattr(plot, "hangul_font", lambda: None)
    target = tmp_path / "camelback.png"
    result = CliRunner().invoke(main, ["descend", CAMELBACK, "--start=-0.5,0.5", "--lr", "0.01", "--lang", "ko",
                                       "--plot", str(target)])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == ["경고: " + PHRASES["ko"]["plot.warning.no_hangul_font"]]
    assert "fonts-nanum" in result.stderr
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert plot._language("ko") == ("en", (plot.Message.of("plot.warning.no_hangul_font"),))


# ------------------------------------------------------------------ the title


def bank_problems():
    from symgrad.exercises import load_bank

    return [(id_, parse(exercise.function_text, [v.name for v in exercise.variables]))
            for id_, exercise in load_bank().items()]


@pytest.mark.parametrize("exercise_id, problem", bank_problems(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_bank_function_is_typeset_by_mathtext(exercise_id, problem):
    from matplotlib.mathtext import MathTextParser

    title = plot.title_text(problem)
    assert title.startswith("$f(") and title.endswith("$"), title
    MathTextParser("path").parse(title)  # raises ValueError on what mathtext cannot read


def test_camelback_title_shows_its_decimal_as_typed():
    assert r"2.1 \theta_{1}^{2}" in plot.title_text(parse(CAMELBACK))


def test_a_title_mathtext_cannot_read_falls_back_to_the_unicode_notation():
    x = sympy.Symbol("x", real=True)
    expr = sympy.Piecewise((x, x > 0), (0, True))  # SymPy writes \begin{cases}, which mathtext lacks
    assert plot.title_text(Problem("piecewise", expr, (x,), False)) == f"f(x) = {format_expr(expr)}"


# ------------------------------------------------------------------ legend and colourbar


@pytest.mark.parametrize("rates", [None, (0.001, 0.01, 0.1, 1)])
def test_the_legend_covers_no_path_point_and_names_start_and_end(rates):
    figure, runs = camelback_figure("en", rates=rates)
    renderer, _ = drawn(figure, "en")
    legend = figure.legends[0]
    box = legend.get_window_extent(renderer)
    for axes in figure.axes[:2]:
        for line in axes.get_lines():
            xy = np.column_stack(line.get_data()).astype(float)
            xy = xy[np.all(np.isfinite(xy), axis=1)]
            if not len(xy):
                continue
            shown = axes.transData.transform(xy)
            inside_axes = axes.get_window_extent(renderer).contains
            visible = [p for p in shown if inside_axes(*p)]
            assert not any(box.contains(*p) for p in visible), line.get_label()
    labels = [t.get_text() for t in legend.get_texts()]
    assert PHRASES["en"]["plot.start"] in labels and PHRASES["en"]["plot.end"] in labels
    markers = {label: handle.get_marker() for handle, label in zip(legend.legend_handles, labels)}
    assert markers[PHRASES["en"]["plot.start"]] == "o" and markers[PHRASES["en"]["plot.end"]] == "*"
    for label, _ in runs:
        assert label in labels


@pytest.mark.parametrize("view", [None, DOMAIN])
def test_colourbar_ticks_are_round_numbers(view):
    figure, _ = camelback_figure("en", view=view)
    drawn(figure, "en")
    bar_axes = figure.axes[-1]  # the colourbar's axes is added last
    ticks = [float(t) for t in bar_axes.get_yticks()]
    assert len(ticks) >= 4 and ticks == sorted(ticks)
    for tick in ticks:  # one significant digit, or two with the second even or 5: 1.4, 2.5, 15, not 1.3
        digits = f"{abs(tick):.12g}".replace(".", "").lstrip("0").rstrip("0")
        assert len(digits) <= 2 and (len(digits) < 2 or digits[1] in "024685"), tick
    labels = [t.get_text() for t in bar_axes.get_yticklabels()]
    assert all(len(label) <= 5 for label in labels), labels


def test_roundest_numbers_by_hand():
    assert plot.roundest(0.337, 0.403) == 0.4
    assert plot.roundest(-1.07, -0.99) == -1.0
    assert plot.roundest(137.0, 163.0) == 150.0
    assert plot.roundest(-0.2, 0.1) == 0.0
    assert plot.roundest(0.0012, 0.0019) == 0.0015


def test_contour_levels_follow_the_quantiles_of_f():
    values = np.exp(np.linspace(0, 6, 5000))  # skewed: most of the area is low
    levels = plot.contour_levels(values, count=12)
    quantiles = np.percentile(values, np.linspace(0, 100, 12))
    assert levels == sorted(set(levels)) and len(levels) == 12
    for i, (level, q) in enumerate(zip(levels, quantiles)):
        gap = min(abs(q - quantiles[j]) for j in (i - 1, i + 1) if 0 <= j < len(quantiles))
        assert abs(level - q) <= gap / 3 + 1e-12


# ------------------------------------------------------------------ views and critical points


def test_numeric_critical_points_of_the_camelback_are_the_lectures():
    found = plot.critical_points(parse(CAMELBACK), DOMAIN)
    minima = [point for point, kind in found if kind == "minimum"]
    assert len(minima) == 6
    for expected in SIX_MINIMA:
        assert min(math.dist(expected, m) for m in minima) < 1e-6
    assert ((0.0, 0.0), "saddle") in [(tuple(round(c, 9) + 0.0 for c in p), k) for p, k in found]
    assert len(found) == 15  # 6 minima, 2 maxima, 7 saddles (the exact solution of ∇J = 0 has 15)


def test_numeric_critical_points_in_one_variable_by_hand():
    # f = x³ − 3x: f' = 3x² − 3 = 0 at ±1, f'' = 6x
    assert plot.critical_points(parse("x^3 - 3x"), ((-3.0, 3.0),)) == [((-1.0,), "maximum"), ((1.0,), "minimum")]
    # LECTURE.md g1: y = (x − 2)² + 2 has its minimum at x̂ = 2
    assert plot.critical_points(parse("(x-2)^2 + 2"), ((-5.0, 5.0),)) == [((2.0,), "minimum")]


def marked(axes, kind):
    marker = plot.CRITICAL_MARKERS[kind]
    return [tuple(xy) for line in axes.get_lines() if line.get_marker() == marker and line.get_linestyle() == "None"
            for xy in np.column_stack(line.get_data())]


def test_plot_range_shows_the_whole_domain_with_the_six_minima():
    figure, _ = camelback_figure("en", view=DOMAIN)
    axes = contour_axes(figure)
    assert axes.get_xlim() == DOMAIN[0] and axes.get_ylim() == DOMAIN[1]
    minima = marked(axes, "minimum")
    assert len(minima) == 6
    for expected in SIX_MINIMA:
        assert min(math.dist(expected, m) for m in minima) < 1e-6


def test_the_default_view_holds_the_path_and_the_critical_points_near_it():
    figure, runs = camelback_figure("en")
    axes = contour_axes(figure)
    (x0, x1), (y0, y1) = axes.get_xlim(), axes.get_ylim()
    for row in runs[0][1].iterations:
        assert x0 <= row.theta[0] <= x1 and y0 <= row.theta[1] <= y1
    # the path ends at the global minimum (−0.0898, 0.7127); the saddle (0, 0) is next to it
    assert min(math.dist((-0.0898420, 0.7126564), m) for m in marked(axes, "minimum")) < 1e-6
    assert min(math.dist((0.0, 0.0), s) for s in marked(axes, "saddle")) < 1e-9
    # but the far side of the domain is not in view
    assert not x0 <= 1.703607 <= x1


def test_plot_range_given_on_the_command_line(tmp_path):
    target = tmp_path / "domain.png"
    result = CliRunner().invoke(main, ["descend", CAMELBACK, "--start=-0.5,0.5", "--lr", "0.01",
                                       "--plot", str(target), "--plot-range", "-3,3,-2,2"])
    assert result.exit_code == 0, result.output
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("given, lang, key", [
    ("-3,3", "en", "plot.error.range_count"), ("3,-3,-2,2", "ko", "plot.error.range_order"),
])
def test_a_bad_plot_range_is_one_line_before_anything_is_printed(tmp_path, given, lang, key):
    target = tmp_path / "a.png"
    result = CliRunner().invoke(main, ["descend", CAMELBACK, "--start=-0.5,0.5", "--plot", str(target),
                                       "--plot-range", given, "--lang", lang])
    assert result.exit_code == 2 and result.stdout == "" and not target.exists()
    (line,) = result.stderr.splitlines()
    words = [literal.strip(" ():.,") for literal, *_ in string.Formatter().parse(PHRASES[lang][key])]
    assert line.startswith("error: ") and all(w in line for w in words if w)


def test_plot_range_needs_one_or_two_variables():
    result = CliRunner().invoke(main, ["descend", "x^2+y^2+z^2", "--start=1,1,1", "--plot", "a.png",
                                       "--plot-range", "0,1"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: " + PHRASES["en"]["plot.error.range_dimensions"].format(count=3)


@pytest.mark.parametrize("expr, start", [("abs(x) + y^2", "1.5,0.5"), ("x + y", "1,1")])
def test_functions_without_critical_points_in_numpy_still_plot(tmp_path, expr, start):
    """|x|'s Hessian holds DiracDelta, which NumPy cannot evaluate; x + y has no critical point."""
    target = tmp_path / "a.png"
    result = CliRunner().invoke(main, ["descend", expr, "--start", start, "--lr", "0.01", "--iters", "50",
                                       "--lang", "ko", "--plot", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
