"""Output options shared by commands: ``--format``, ``--standalone`` and ``--lang``.

``@output_options()`` adds all three to a command, which receives ``output_format``,
``standalone`` and ``lang``; :func:`emit` renders a result with them.  ``--lang``
defaults to the locale's language (LC_ALL, LC_MESSAGES, LANG starting with "ko" → ko).
"""

from __future__ import annotations

import math
from typing import Sequence

import click

from symgrad.render import FORMATS, render
from symgrad.phrases import LANGUAGES, default_language


def format_option(formats: Sequence[str] = FORMATS):
    return click.option("--format", "output_format", type=click.Choice(list(formats)), default="text",
                        show_default=True, help="Output format.")


def standalone_option():
    return click.option("--standalone", is_flag=True,
                        help="A complete document (LaTeX with amsmath, a whole HTML page) instead of a fragment.")


LANG_META_KEY = "symgrad.lang"
"""Where ``--lang`` leaves its value in ``click.Context.meta``, so that an error line
(:func:`symgrad.cli.report_error`) is in the language the user asked for."""


def _remember_language(ctx: click.Context, param, value: str | None) -> str | None:
    if value is not None:
        ctx.meta[LANG_META_KEY] = value
    return value


def lang_option():
    return click.option("--lang", type=click.Choice(list(LANGUAGES)), default=None, is_eager=True,
                        callback=_remember_language,
                        help="Language of the explanations and error messages (default: from the locale, else en).")


def output_options(formats: Sequence[str] = FORMATS):
    """``--format``, ``--standalone`` and ``--lang`` in one decorator."""
    def decorate(command):
        for option in (lang_option(), standalone_option(), format_option(formats)):
            command = option(command)
        return command
    return decorate


def emit(result, output_format: str, standalone: bool, lang: str | None, **options) -> None:
    """Render ``result`` and print it (one trailing newline)."""
    if output_format in ("latex", "markdown", "html"):
        options["standalone"] = standalone
    if output_format == "json":
        options.clear()
    text = render(result, output_format, lang or default_language(), **options)
    click.echo(text.rstrip("\n"))


class ExpressionFirstCommand(click.Command):
    """A command whose arguments may begin with a minus sign: ``symgrad walk "-4x+3y"``.

    click would take ``-4x+3y`` for an unknown option. A token that starts with one '-'
    and is not an option's value (nor ``-h``) is moved after '--', so it is read as an
    argument; ``--at -1,2`` and ``--start=-0.5,0.5`` keep working as click reads them.
    """

    def parse_args(self, ctx, args):
        if "--" not in args:
            takes_value = {name for p in self.params if isinstance(p, click.Option) and not p.is_flag
                           for name in p.opts}
            kept, moved, after_option = [], [], False
            for arg in args:
                if not after_option and arg.startswith("-") and not arg.startswith("--") \
                        and len(arg) > 1 and arg not in ctx.help_option_names:
                    moved.append(arg)
                else:
                    kept.append(arg)
                after_option = arg in takes_value
            if moved:
                args = kept + ["--"] + moved
        return super().parse_args(ctx, args)


class FiniteNumber(click.ParamType):
    """A finite number (``1e-3``, ``0.5``); a word, ``nan`` or ``inf`` is refused with click's
    usage error, which :mod:`symgrad.cli.usage` says in ``--lang``."""

    name = "number"

    def convert(self, value, param, ctx):
        if isinstance(value, float):
            return value
        try:
            number = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a valid float.", param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number.", param, ctx)
        return number


class Numbers(click.ParamType):
    """Finite numbers separated by commas (``1e-4,1e-3,0.1``), as a tuple."""

    name = "numbers"

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        return tuple(FINITE_NUMBER.convert(part.strip(), param, ctx) for part in str(value).split(","))


FINITE_NUMBER = FiniteNumber()
NUMBERS = Numbers()
