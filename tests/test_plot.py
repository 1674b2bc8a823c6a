"""--plot: the missing-extra message everywhere; the pictures where matplotlib is installed."""

from __future__ import annotations

import importlib.util

import pytest
import sympy
from click.testing import CliRunner

from symgrad.render import plot
from symgrad.cli import main
from symgrad.compile import compile_expression
from symgrad.optim import StopRules, descend_compiled
from symgrad.parse import Problem

CAMELBACK = "(4 - 2.1θ1^2 + θ1^4/3)θ1^2 + θ1θ2 + (-4+4θ2^2)θ2^2"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def no_matplotlib(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name.split(".")[0] == "matplotlib" else real(name, *a))


def test_missing_matplotlib_is_one_line_with_the_install_command(no_matplotlib, tmp_path):
    with pytest.raises(plot.PlotUnavailable, match=r"pip install 'symgrad\[plot\]'"):
        plot.require_matplotlib()
    target = tmp_path / "out.png"
    for command in ("descend", "sweep"):
        result = CliRunner().invoke(main, [command, CAMELBACK, "--start=-0.5,0.5", "--plot", str(target)])
        assert result.exit_code == 2
        assert result.stderr.strip() == "error: install the plot extra: pip install 'symgrad[plot]'"
        assert result.stdout == "" and not target.exists()  # refused before any work


@pytest.mark.skipif(importlib.util.find_spec("matplotlib") is not None,
                    reason="matplotlib is installed here")
def test_without_the_extra_installed_descend_plot_refuses(tmp_path):
    result = CliRunner().invoke(main, ["descend", "x^2", "--start", "1", "--plot", str(tmp_path / "a.png")])
    assert result.exit_code == 2 and "pip install 'symgrad[plot]'" in result.stderr


needs_matplotlib = pytest.mark.skipif(importlib.util.find_spec("matplotlib") is None,
                                      reason="the plot extra (matplotlib) is not installed")


def _is_png(path) -> bool:
    return path.exists() and path.read_bytes()[:8] == PNG_SIGNATURE and path.stat().st_size > 10_000


@needs_matplotlib
def test_descend_plot_writes_a_png(tmp_path):
    target = tmp_path / "camelback.png"
    result = CliRunner().invoke(main, ["descend", CAMELBACK, "--start=-0.5,0.5", "--lr", "0.01",
                                       "--plot", str(target)])
    assert result.exit_code == 0, result.output
    assert _is_png(target)


@needs_matplotlib
def test_sweep_plot_draws_every_rate_even_a_diverged_one(tmp_path):
    target = tmp_path / "sweep.png"
    result = CliRunner().invoke(main, ["sweep", CAMELBACK, "--start=-0.5,0.5", "--lr", "0.001,0.01,0.1,1",
                                       "--plot", str(target)])
    assert result.exit_code == 0, result.output
    assert _is_png(target)


@needs_matplotlib
@pytest.mark.parametrize("count", [1, 3])
def test_one_and_many_variables_plot_without_a_contour(tmp_path, count):
    xs = sympy.symbols(f"x0:{count}", real=True)
    expr = sum((x - i) ** 2 for i, x in enumerate(xs))
    trace = descend_compiled(compile_expression(expr, xs), (0.5,) * count, "gd", StopRules(iters=30), lr=0.1)
    target = tmp_path / f"plot{count}.png"
    assert plot.plot_runs(Problem(str(expr), expr, xs, False), [("gd", trace)], str(target)) == ()
    assert _is_png(target)


@needs_matplotlib
def test_an_unwritable_path_is_one_line(tmp_path):
    result = CliRunner().invoke(main, ["descend", "x^2", "--start", "1", "--plot",
                                       str(tmp_path / "missing-dir" / "a.png")])
    assert result.exit_code == 2 and result.stderr.startswith("error: cannot write the plot")
