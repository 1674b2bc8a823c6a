"""`symgrad diff` and `symgrad walk`: derivatives and walkthroughs of what a student types."""

from __future__ import annotations

import click

from symgrad.cli import main, read_text_argument, time_limit_option
from symgrad.cli.options import ExpressionFirstCommand, emit, output_options


@main.command("diff", cls=ExpressionFirstCommand)
@click.argument("expr")
@click.option("--wrt", help="The variable to differentiate by (may be omitted for one variable).")
@click.option("--order", default=1, show_default=True, type=click.IntRange(1, 10),
              help="How many times to differentiate.")
@click.option("--vars", "variables", help="The variables in order, e.g. x,y (default: natural order).")
@click.option("--no-steps", is_flag=True, help="Print the result only, without the rule-by-rule steps.")
@output_options()
@time_limit_option()
def diff_command(expr, wrt, order, variables, no_steps, output_format, standalone, lang, time_limit_seconds):
    """Differentiate EXPR step by step (EXPR may be - to read standard input)."""
    from symgrad.limits import time_limit
    from symgrad.walkthrough import derivative

    with time_limit(time_limit_seconds, "differentiate"):
        result = derivative(read_text_argument(expr), wrt, order, variables)
    emit(result, output_format, standalone, lang, steps=not no_steps)


@main.command("walk", cls=ExpressionFirstCommand)
@click.argument("expr")
@click.option("--vars", "variables", help="The variables in order, e.g. x,y (default: natural order).")
@click.option("--at", "at", help="A point to evaluate at, e.g. x=1,y=1 or 1,1.")
@click.option("--direction", help="A direction for the directional derivative, e.g. 1,1.")
@click.option("--no-steps", is_flag=True, help="Show results only, without the rule-by-rule steps.")
@click.option("--no-critical", is_flag=True, help="Skip solving ∇f = 0 for critical points.")
@output_options()
@time_limit_option()
def walk_command(expr, variables, at, direction, no_steps, no_critical, output_format, standalone, lang,
                 time_limit_seconds):
    """Walk through EXPR: partials, second partials, gradient, Hessian, values (EXPR may be -)."""
    from symgrad.limits import time_limit
    from symgrad.walkthrough import walkthrough

    with time_limit(time_limit_seconds, "walkthrough"):
        result = walkthrough(read_text_argument(expr), variables, at=at, direction=direction,
                             critical_points=not no_critical)
    emit(result, output_format, standalone, lang, steps=not no_steps)
