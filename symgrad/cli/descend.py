"""`symgrad descend` and `symgrad sweep`: gradient descent on what a student types.

Both read the options and call one library function (:func:`symgrad.descent.descend`,
:func:`symgrad.descent.sweep`: parse EXPR, compile f and its exact gradient, run from
``--start`` or a Gaussian draw with ``--seed``), then print the result in ``--format``
(text, csv, json, latex, markdown, html) and ``--lang``. Every bad value is one
``error:`` line and exit code 2.
"""

from __future__ import annotations

import math
import sys

import click

from symgrad.cli import main, read_text_argument
from symgrad.cli.options import ExpressionFirstCommand, emit, lang_option, standalone_option
from symgrad.errors import EvaluationError, ParseError
from symgrad.optim import METHODS
from symgrad.optim.run import PROGRESS_EVERY
from symgrad.render import FORMATS as DOCUMENT_FORMATS

PROGRESS_THRESHOLD = 100_000
FORMATS = ("text", "csv", *(fmt for fmt in DOCUMENT_FORMATS if fmt != "text"))
"""Every format of :func:`symgrad.render.render`, plus CSV (descent only)."""


def _default_list(name: str) -> str:
    """"gd 0.001, momentum 0.9, …": the per-method defaults of a hyperparameter, for --help."""
    return ", ".join(f"{m.name} {m.defaults[name]:g}" for m in METHODS.values() if name in m.defaults)


# ---------------------------------------------------------------- option values


def _number(ctx, param, value):
    """An option's text as a float; ParseError (one line) when it is not a number."""
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        raise ParseError.from_phrase("descent.error.not_a_number", option=param.opts[0], given=repr(value)) from None
    if not math.isfinite(number):
        raise ParseError.from_phrase("descent.error.not_finite", option=param.opts[0], given=repr(value))
    return number


def _whole(ctx, param, value):
    """An option's text as an int; ParseError (one line) when it is not a whole number."""
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise ParseError.from_phrase("descent.error.not_whole", option=param.opts[0], given=repr(value)) from None


def _numbers(ctx, param, value):
    """A comma-separated list of numbers (the rates of a sweep)."""
    if value is None:
        return None
    rates = []
    for part in value.split(","):
        try:
            rates.append(float(part))
        except ValueError:
            raise ParseError.from_phrase("descent.error.rates", given=repr(part.strip())) from None
    return tuple(rates)


def _choice(choices):
    def check(ctx, param, value):
        if value is not None and value not in choices:
            raise ParseError.from_phrase("descent.error.choice", option=param.opts[0], choices=", ".join(choices),
                                         given=repr(value))
        return value
    return check


def common_options(function):
    """The options descend and sweep share (all but --lr, --every and --seed's text)."""
    options = [
        click.option("--start", help="Start point θ₀, e.g. -0.5,0.5 or θ1=-0.5,θ2=0.5 "
                                     "(default: drawn from N(0, 1), see --seed)."),
        click.option("--vars", "variables", help="The variables in order, e.g. x,y (default: natural order)."),
        click.option("--method", default="gd", callback=_choice(tuple(METHODS)), show_default=True,
                     help=f"The optimizer: {', '.join(METHODS)}."),
        click.option("--iters", default="1000", callback=_whole, show_default=True,
                     help="Maximum number of iterations."),
        click.option("--momentum", callback=_number,
                     help=f"Momentum μ (ρ in the lecture). Defaults: {_default_list('momentum')}."),
        click.option("--dampening", callback=_number,
                     help=f"Momentum dampening τ (method momentum). Default: {_default_list('dampening')}."),
        click.option("--beta1", callback=_number, help=f"Adam's β₁. Default: {_default_list('beta1')}."),
        click.option("--beta2", callback=_number, help=f"Adam's β₂. Default: {_default_list('beta2')}."),
        click.option("--alpha", callback=_number,
                     help=f"RMSProp's smoothing constant α. Default: {_default_list('alpha')}."),
        click.option("--eps", callback=_number, help=f"ε in the denominator. Defaults: {_default_list('eps')}."),
        click.option("--centered", is_flag=True, default=None, help="RMSProp: divide by the centred "
                                                                    "(variance) average. Default: off."),
        click.option("--amsgrad", is_flag=True, default=None, help="Adam: use the running maximum of v "
                                                                   "(AMSGrad). Default: off."),
        click.option("--maximize", is_flag=True, default=None,
                     help="Ascend instead of descend (gradient ascent, θ ← θ + lr·∇f)."),
        click.option("--tol", default="1e-8", callback=_number, show_default=True,
                     help="Stop once ‖∇f(θₖ)‖ < tol (0 turns it off)."),
        click.option("--patience", callback=_whole,
                     help="Stop when f changed by at most --min-delta for this many iterations in a row."),
        click.option("--min-delta", default="0", callback=_number, show_default=True,
                     help="The change in f that --patience counts as no change."),
        click.option("--bound", default="1e12", callback=_number, show_default=True,
                     help="Call the run diverged once ‖θₖ‖ exceeds this."),
        click.option("--seed", callback=_whole, help="Seed for the Gaussian start point when --start is not given."),
        click.option("--digits", default="8", callback=_whole, show_default=True,
                     help="Significant digits in the tables (text, LaTeX, Markdown, HTML)."),
        click.option("--format", "output_format", default="text", callback=_choice(FORMATS),
                     show_default=True, help=f"Output format: {', '.join(FORMATS)}."),
        standalone_option(),
        lang_option(),
        click.option("--plot", "plot_path", help="Also draw the contour of f with the path(s) and the "
                                                 "gradient norm per iteration into this PNG file "
                                                 "(needs the plot extra: pip install 'symgrad[plot]')."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


# ---------------------------------------------------------------- shared steps


def _check_output(digits, plot_path) -> None:
    """Options checked before any work: --digits in range, the plot extra installed."""
    if plot_path:
        from symgrad.plot import require_matplotlib

        require_matplotlib()
    if digits is not None and not 1 <= digits <= 17:
        raise ParseError.from_phrase("descent.error.digits", given=digits)


def _announce(seed) -> None:
    if seed is not None:
        click.echo(f"start θ₀ drawn from N(0, 1) with --seed {seed}", err=True)


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
@click.option("--lr", callback=_number, help=f"Learning rate (α, ρ or η in the lectures). "
                                             f"Defaults (torch.optim): {_default_list('lr')}.")
@click.option("--every", default="1", callback=_whole, show_default=True,
              help="Keep every k-th iterate only (the first and last are always kept).")
def descend_command(expr, start, variables, method, iters, momentum, dampening, beta1, beta2, alpha, eps,
                    centered, amsgrad, maximize, tol, patience, min_delta, bound, seed, digits,
                    output_format, standalone, lang, plot_path, lr, every):
    """Descend EXPR from --start and print every iterate θₖ, ∇f(θₖ), f(θₖ) (EXPR may be -)."""
    from symgrad.descent import descend, start_seed

    _check_output(digits, plot_path)
    seed = start_seed(start, seed)
    try:
        with _Progress(iters) as progress:
            trace = descend(read_text_argument(expr), start, method, variables=variables, seed=seed,
                            iters=iters, tol=tol, patience=patience, min_delta=min_delta, bound=bound,
                            every=every, progress=progress, lr=lr, momentum=momentum, dampening=dampening,
                            beta1=beta1, beta2=beta2, alpha=alpha, eps=eps, centered=centered,
                            amsgrad=amsgrad, maximize=maximize)
    except EvaluationError as error:
        partial = getattr(error, "trace", None)
        if partial is not None and error.k > 0:
            _announce(seed)
            _print(partial, output_format, standalone, lang, digits)
        raise
    _announce(seed)
    _print(trace, output_format, standalone, lang, digits)
    if plot_path:
        from symgrad.plot import plot_runs

        problem = trace.problem
        plot_runs(problem.expr, problem.variables, [(method, trace)], plot_path,
                  title=f"{method} on f = {problem.text}")


@main.command("sweep", cls=ExpressionFirstCommand)
@click.argument("expr")
@common_options
@click.option("--lr", "rates", default="1e-4,1e-3,1e-2,1e-1,1", callback=_numbers, show_default=True,
              help="The learning rates to try, separated by commas.")
def sweep_command(expr, start, variables, method, iters, momentum, dampening, beta1, beta2, alpha, eps,
                  centered, amsgrad, maximize, tol, patience, min_delta, bound, seed, digits,
                  output_format, standalone, lang, plot_path, rates):
    """Run EXPR once per learning rate (--lr a,b,c) and say which converged, oscillated or diverged.

    Outcomes: converged (‖∇f‖ < tol, or f stopped changing without zigzag), oscillated
    (bounded, not converged, and at least 2/3 of the last 50 step pairs reversed direction),
    diverged (non-finite, overflow, ‖θ‖ past --bound, or left the domain of f), slow (the
    iteration limit came first while θ still moved one way). EXPR may be -.
    """
    from symgrad.descent import start_seed, sweep

    _check_output(digits, plot_path)
    seed = start_seed(start, seed)
    result = sweep(read_text_argument(expr), start, method, rates, variables=variables, seed=seed,
                   iters=iters, tol=tol, patience=patience, min_delta=min_delta, bound=bound,
                   momentum=momentum, dampening=dampening, beta1=beta1, beta2=beta2, alpha=alpha, eps=eps,
                   centered=centered, amsgrad=amsgrad, maximize=maximize)
    _announce(seed)
    _print(result, output_format, standalone, lang, digits)
    if plot_path:
        from symgrad.plot import plot_runs
        from symgrad.render.table import number

        problem = result.problem
        plot_runs(problem.expr, problem.variables,
                  [(f"lr={number(r.lr, 4)} ({r.outcome})", r.trace) for r in result.runs], plot_path,
                  title=f"{method} learning-rate sweep on f = {problem.text}")
