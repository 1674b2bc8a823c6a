"""`symgrad fit linear|logistic DATA --target COL`: the lectures' regressions on a CSV file.

The command reads its options, calls :func:`symgrad.regression.fit` once per batch size
(``--batch-size 1,32,all`` compares SGD, mini-batch and batch GD, as the lecture does)
and prints each result in ``--format`` and ``--lang``; ``--plot`` draws the loss per
epoch (and per step) of every batch size into one figure. Every bad file, column, cell
or option is one ``error:`` line and exit code 2.
"""

from __future__ import annotations

import click

from symgrad.cli import main
from symgrad.cli.descend import _FLAG_HELP, _NUMBER_HELP, HYPERPARAMETERS, _check_output, _default_list, _taken
from symgrad.cli.options import FINITE_NUMBER, emit, lang_option, standalone_option
from symgrad.optim import METHODS
from symgrad.render import FORMATS as DOCUMENT_FORMATS

MODELS = ("linear", "logistic")
FIT_METHODS = tuple(METHODS)
FORMATS = ("text", "csv", *(fmt for fmt in DOCUMENT_FORMATS if fmt != "text"))
STOP_RULES = ("epochs", "tol", "patience", "min_delta", "bound")


class BatchSizes(click.ParamType):
    """Batch sizes separated by commas: whole numbers ≥ 1 or ``all`` (``1,32,all``)."""

    name = "sizes"

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        sizes = []
        for part in str(value).split(","):
            part = part.strip().lower()
            if part == "all":
                sizes.append("all")
                continue
            try:
                size = int(part)
            except ValueError:
                size = 0
            if size < 1:
                self.fail(f"'{part}' is not a valid integer range.", param, ctx)
            sizes.append(size)
        return tuple(sizes)


def _features(value: str | None):
    if value is None:
        return None
    return tuple(name.strip() for name in value.split(",") if name.strip())


@main.command("fit")
@click.argument("model", type=click.Choice(MODELS))
@click.argument("data")
@click.option("--target", required=True, help="The column to predict (logistic: 0s and 1s).")
@click.option("--features", help="The columns to predict it from, separated by commas (default: all others).")
@click.option("--intercept/--no-intercept", default=True, show_default=True, help="Fit an intercept θ₀ (a column of ones).")
@click.option("--l2", default=0.0, type=FINITE_NUMBER, show_default=True,
              help="L2 penalty λ: adds (λ/2)‖θ‖² to the mean loss (not on the intercept).")
@click.option("--standardize", is_flag=True, help="Rescale every feature to mean 0 and standard deviation 1 first.")
@click.option("--method", default="gd", type=click.Choice(FIT_METHODS), show_default=True,
              help=f"The optimizer: {', '.join(FIT_METHODS)} (newton: θ ← θ − lr·H⁻¹∇J).")
@click.option("--lr", type=FINITE_NUMBER, help=f"Learning rate. Defaults: {_default_list('lr')}.")
@click.option("--batch-size", "batch_sizes", default="all", type=BatchSizes(), show_default=True,
              help="Rows per step: all (batch GD), 1 (SGD) or anything between (mini-batch); "
                   "several separated by commas to compare them (1,32,all).")
@click.option("--epochs", default=1000, type=click.IntRange(min=0), show_default=True,
              help="Maximum number of passes over the data.")
@click.option("--shuffle/--no-shuffle", default=True, show_default=True,
              help="Draw a new order of the rows every epoch (mini-batch and SGD).")
@click.option("--seed", default=0, type=click.IntRange(0, 2**32 - 1), show_default=True, help="Seed of the shuffling.")
@click.option("--tol", default=1e-8, type=FINITE_NUMBER, show_default=True,
              help="Stop once ‖∇J(θ)‖ over all the data < tol (0 turns it off).")
@click.option("--patience", type=click.IntRange(min=1),
              help="Stop when the loss changed by at most --min-delta for this many epochs in a row.")
@click.option("--min-delta", default=0.0, type=FINITE_NUMBER, show_default=True,
              help="The change in the loss that --patience counts as no change.")
@click.option("--bound", default=1e12, type=FINITE_NUMBER, show_default=True,
              help="Call the run diverged once ‖θ‖ exceeds this.")
@click.option("--every", default=1, type=click.IntRange(min=1), show_default=True,
              help="Show every k-th epoch only (the first and last are always shown).")
@click.option("--digits", default=8, type=click.IntRange(1, 17), show_default=True,
              help="Significant digits in the tables.")
@click.option("--format", "output_format", default="text", type=click.Choice(FORMATS), show_default=True,
              help=f"Output format: {', '.join(FORMATS)}.")
@standalone_option()
@lang_option()
@click.option("--plot", "plot_path", help="Also draw the loss per epoch (and per step) into this PNG file "
                                          "(needs the plot extra: pip install 'symgrad[plot]').")
@click.option("--steps/--no-steps", default=True, show_default=True, help="Show the derivation's rule trees.")
def fit_command(model, data, target, features, intercept, l2, standardize, method, lr, batch_sizes, shuffle, seed,
                every, digits, output_format, standalone, lang, plot_path, steps, **options):
    """Fit MODEL (linear or logistic regression) to the CSV file DATA by gradient descent over the data."""
    import json

    from symgrad.regression import as_dataset, fit
    from symgrad.render import render
    from symgrad.render.table import fit_csv

    _check_output(plot_path)
    rules = _taken(options, STOP_RULES)
    hyperparameters = {name: value for name, value in _taken(options, HYPERPARAMETERS).items()}
    dataset = as_dataset(data, target, _features(features))
    results = [fit(model, dataset, intercept=intercept, l2=l2, standardize=standardize, method=method,
                   batch_size=size, shuffle=shuffle, seed=seed, every=every, record_steps=bool(plot_path),
                   lr=lr, **rules, **hyperparameters)
               for size in batch_sizes]
    if output_format == "csv":
        click.echo("\n\n".join(fit_csv(result) for result in results))
    elif output_format == "json" and len(results) > 1:
        click.echo(json.dumps([json.loads(render(result, "json")) for result in results], ensure_ascii=False, indent=2))
    else:
        for index, result in enumerate(results):
            if index:
                click.echo("")
            emit(result, output_format, standalone, lang, digits=digits, steps=steps)
    if plot_path:
        from symgrad.phrases import default_language, message_text, phrase
        from symgrad.render.plot import plot_fit_losses

        lang = lang or default_language()
        for warning in plot_fit_losses(results, plot_path, lang):
            click.echo(phrase("summary.warning", lang, warning=message_text(warning, lang)), err=True)


def _hyperparameter_options(function):
    """descend's optimizer options (--momentum, --beta1, …), for fit too."""
    options = [
        *(click.option(f"--{name}", type=FINITE_NUMBER, help=text.format(defaults=_default_list(name)))
          for name, text in _NUMBER_HELP.items()),
        *(click.option(f"--{name}", is_flag=True, default=None, help=text) for name, text in _FLAG_HELP.items()),
    ]
    for option in reversed(options):
        function = option(function)
    return function


fit_command = _hyperparameter_options(fit_command)
