"""`symgrad descend` and `symgrad sweep`: gradient descent on what a student types.

Both read the options and call one library function (:func:`symgrad.descent.descend`,
:func:`symgrad.descent.sweep`: parse EXPR, compile f and its exact gradient, run from
``--start`` or a Gaussian draw with ``--seed``), then print the result in ``--format``
(text, csv, json, latex, markdown, html) and ``--lang``. Every bad value is one
``error:`` line and exit code 2.
"""

from __future__ import annotations

import sys

import click

from symgrad.cli import main, read_text_argument
from symgrad.cli.options import (FINITE_NUMBER, NUMBERS, ExpressionFirstCommand, emit, lang_option,
                                 standalone_option)
from symgrad.errors import EvaluationError
from symgrad.optim import METHODS
from symgrad.optim.run import PROGRESS_EVERY
from symgrad.render import FORMATS as DOCUMENT_FORMATS

PROGRESS_THRESHOLD = 100_000
FORMATS = ("text", "csv", *(fmt for fmt in DOCUMENT_FORMATS if fmt != "text"))
"""Every format of :func:`symgrad.render.render`, plus CSV (descent only)."""


def _default_list(name: str) -> str:
    """"gd 0.001, momentum 0.9, …": the per-method defaults of a hyperparameter, for --help."""
    return ", ".join(f"{m.name} {m.defaults[name]:g}" for m in METHODS.values() if name in m.defaults)


# ---------------------------------------------------------------- options

HYPERPARAMETERS = ("momentum", "dampening", "beta1", "beta2", "alpha", "eps", "centered", "amsgrad", "refuse",
                   "maximize")
"""The optimizer options both commands take (``--lr`` is each command's own)."""
STOP_RULES = ("iters", "tol", "patience", "min_delta", "bound")
"""The stopping-rule options both commands take (``--every`` is descend's own)."""

_NUMBER_HELP = {
    "momentum": "Momentum μ (ρ in the lecture). Defaults: {defaults}.",
    "dampening": "Momentum dampening τ (method momentum). Default: {defaults}.",
    "beta1": "Adam's β₁. Default: {defaults}.",
    "beta2": "Adam's β₂. Default: {defaults}.",
    "alpha": "RMSProp's smoothing constant α. Default: {defaults}.",
    "eps": "ε in the denominator. Defaults: {defaults}.",
}
_FLAG_HELP = {
    "centered": "RMSProp: divide by the centred (variance) average. Default: off.",
    "amsgrad": "Adam: use the running maximum of v (AMSGrad). Default: off.",
    "refuse": "Newton: stop where ∇²f is singular or not positive definite, instead of stepping with "
              "∇²f + μI (halved until f decreases). Default: off.",
    "maximize": "Ascend instead of descend (gradient ascent, θ ← θ + lr·∇f).",
}


def common_options(function):
    """The options descend and sweep share (all but --lr and --every), checked by click's
    parameter types: one error line in --lang for a bad value."""
    options = [
        click.option("--start", help="Start point θ₀, e.g. -0.5,0.5 or θ1=-0.5,θ2=0.5 "
                                     "(default: drawn from N(0, 1), see --seed)."),
        click.option("--vars", "variables", help="The variables in order, e.g. x,y (default: natural order)."),
        click.option("--method", default="gd", type=click.Choice(tuple(METHODS)), show_default=True,
                     help=f"The optimizer: {', '.join(METHODS)}."),
        click.option("--iters", default=1000, type=click.IntRange(min=0), show_default=True,
                     help="Maximum number of iterations."),
        *(click.option(f"--{name}", type=FINITE_NUMBER, help=text.format(defaults=_default_list(name)))
          for name, text in _NUMBER_HELP.items()),
        *(click.option(f"--{name}", is_flag=True, default=None, help=text) for name, text in _FLAG_HELP.items()),
        click.option("--tol", default=1e-8, type=FINITE_NUMBER, show_default=True,
                     help="Stop once ‖∇f(θₖ)‖ < tol (0 turns it off)."),
        click.option("--patience", type=click.IntRange(min=1),
                     help="Stop when f changed by at most --min-delta for this many iterations in a row."),
        click.option("--min-delta", default=0.0, type=FINITE_NUMBER, show_default=True,
                     help="The change in f that --patience counts as no change."),
        click.option("--bound", default=1e12, type=FINITE_NUMBER, show_default=True,
                     help="Call the run diverged once ‖θₖ‖ exceeds this."),
        click.option("--seed", type=click.IntRange(0, 2**32 - 1),
                     help="Seed for the Gaussian start point when --start is not given."),
        click.option("--digits", default=8, type=click.IntRange(1, 17), show_default=True,
                     help="Significant digits in the tables (text, LaTeX, Markdown, HTML)."),
        click.option("--format", "output_format", default="text", type=click.Choice(FORMATS),
                     show_default=True, help=f"Output format: {', '.join(FORMATS)}."),
        standalone_option(),
        lang_option(),
        click.option("--plot", "plot_path", help="Also draw the contour of f with the path(s) and the "
                                                 "gradient norm per iteration into this PNG file "
                                                 "(needs the plot extra: pip install 'symgrad[plot]'). Its words "
                                                 "are in --lang (Korean needs a Hangul font, e.g. fonts-nanum)."),
        click.option("--plot-range", "plot_range", type=NUMBERS,
                     help="The view of --plot: low and high end per variable, e.g. -3,3,-2,2 "
                          "(default: the paths and the critical points near them)."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _taken(options: dict, names) -> dict:
    """The ``names`` of ``options``, removed from it: one mapping to pass on."""
    return {name: options.pop(name) for name in names}


# ---------------------------------------------------------------- shared steps


def _check_output(plot_path) -> None:
    """Checked before any work: the plot extra is installed when --plot asks for it."""
    if plot_path:
        from symgrad.render.plot import require_matplotlib

        require_matplotlib()


def _check_view(plot_path, plot_range, problem) -> None:
    """Checked before anything is printed: --plot-range fits the function's variables."""
    if plot_path and plot_range is not None:
        from symgrad.render.plot import check_view

        check_view(plot_range, problem.variables)


def _draw(draw, result, plot_path, plot_range, lang) -> None:
    """``draw`` (plot_trace or plot_sweep) into --plot; its warnings go to stderr, one line each."""
    from symgrad.phrases import default_language, message_text, phrase

    lang = lang or default_language()
    for warning in draw(result, plot_path, lang, plot_range):
        click.echo(phrase("summary.warning", lang, warning=message_text(warning, lang)), err=True)


def _announce(seed, lang) -> None:
    if seed is not None:
        from symgrad.phrases import default_language, phrase

        click.echo(phrase("descent.seed_announced", lang or default_language(), seed=seed), err=True)


def _print(result, output_format: str, standalone: bool, lang, digits: int) -> None:
    """The result in ``output_format``: CSV here, every other format through the renderers."""
    if output_format == "csv":
        from symgrad.render.table import sweep_csv, trace_csv

        click.echo(trace_csv(result) if hasattr(result, "iterations") else sweep_csv(result))
    else:
        emit(result, output_format, standalone, lang, digits=digits)


class _Progress:
    """A progress bar on stderr for long runs in a terminal; a no-op otherwise."""

    def __init__(self, iters: int):
        self.bar = None
        if iters > PROGRESS_THRESHOLD and sys.stderr.isatty():
            self.bar = click.progressbar(length=iters, label="descending", file=sys.stderr)

    def __enter__(self):
        if self.bar is not None:
            self.bar.__enter__()
            return lambda k: self.bar.update(PROGRESS_EVERY)
        return None

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(*exc)
        return False


# ---------------------------------------------------------------- commands


@main.command("descend", cls=ExpressionFirstCommand)
@click.argument("expr")
@common_options
@click.option("--lr", type=FINITE_NUMBER, help=f"Learning rate (α, ρ or η in the lectures). "
                                               f"Defaults (torch.optim): {_default_list('lr')}.")
@click.option("--every", default=1, type=click.IntRange(min=1), show_default=True,
              help="Keep every k-th iterate only (the first and last are always kept).")
def descend_command(expr, start, variables, method, seed, digits, output_format, standalone, lang, plot_path,
                    plot_range, lr, every, **options):
    """Descend EXPR from --start and print every iterate θₖ, ∇f(θₖ), f(θₖ) (EXPR may be -)."""
    from symgrad.descent import descend, start_seed

    _check_output(plot_path)
    seed = start_seed(start, seed)
    rules, hyperparameters = _taken(options, STOP_RULES), _taken(options, HYPERPARAMETERS)
    try:
        with _Progress(rules["iters"]) as progress:
            trace = descend(read_text_argument(expr), start, method, variables=variables, seed=seed,
                            every=every, progress=progress, lr=lr, **rules, **hyperparameters)
    except EvaluationError as error:
        partial = getattr(error, "trace", None)
        if partial is not None and error.k > 0:
            _announce(seed, lang)
            _print(partial, output_format, standalone, lang, digits)
        raise
    _check_view(plot_path, plot_range, trace.problem)
    _announce(seed, lang)
    _print(trace, output_format, standalone, lang, digits)
    if plot_path:
        from symgrad.render.plot import plot_trace

        _draw(plot_trace, trace, plot_path, plot_range, lang)


@main.command("sweep", cls=ExpressionFirstCommand)
@click.argument("expr")
@common_options
@click.option("--lr", "rates", default="1e-4,1e-3,1e-2,1e-1,1", type=NUMBERS, show_default=True,
              help="The learning rates to try, separated by commas.")
def sweep_command(expr, start, variables, method, seed, digits, output_format, standalone, lang, plot_path,
                  plot_range, rates, **options):
    """Run EXPR once per learning rate (--lr a,b,c) and say which converged, oscillated or diverged.

    Outcomes: converged (‖∇f‖ < tol, or f stopped changing without zigzag), oscillated
    (bounded, not converged, and at least 2/3 of the last 50 step pairs reversed direction),
    diverged (non-finite, overflow, ‖θ‖ past --bound, or left the domain of f), slow (the
    iteration limit came first while θ still moved one way), refused (newton --refuse met
    a Hessian it would not invert). Each rate is then explained by the Hessian at the
    minimum the run went for: its eigenvalues, the method's bound (gd: lr < 2/λmax) and
    how much of the error one step leaves. EXPR may be -.
    """
    from symgrad.descent import start_seed, sweep

    _check_output(plot_path)
    seed = start_seed(start, seed)
    result = sweep(read_text_argument(expr), start, method, rates, variables=variables, seed=seed,
                   **_taken(options, STOP_RULES), **_taken(options, HYPERPARAMETERS))
    _check_view(plot_path, plot_range, result.problem)
    _announce(seed, lang)
    _print(result, output_format, standalone, lang, digits)
    if plot_path:
        from symgrad.render.plot import plot_sweep

        _draw(plot_sweep, result, plot_path, plot_range, lang)
