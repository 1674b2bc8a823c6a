"""Output options shared by commands: ``--format``, ``--standalone`` and ``--lang``.

``@output_options()`` adds all three to a command, which receives ``output_format``,
``standalone`` and ``lang``; :func:`emit` renders a result with them.  ``--lang``
defaults to the locale's language (LC_ALL, LC_MESSAGES, LANG starting with "ko" → ko).

The text format is laid out for the screen it goes to (:func:`terminal_width`): wrapped to
the terminal's width, or to ``COLUMNS`` when that is set, and to 80 columns when standard
output is a pipe or a file; verdicts are coloured only on a terminal, and never under
``NO_COLOR`` (:func:`use_color`).  Every other format is written as it is.
"""

from __future__ import annotations

import math
import os
import sys
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


PIPE_WIDTH = 80
"""The width text is wrapped to when standard output is no terminal (a pipe, a file) and
``COLUMNS`` is not set: what a terminal has by default, so a saved file reads as on screen."""


def terminal_width(stream=None) -> int:
    """The columns the text format wraps to: ``COLUMNS`` when it is a positive number, else
    the width of the terminal ``stream`` (standard output) is, else :data:`PIPE_WIDTH`."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    stream = sys.stdout if stream is None else stream
    try:
        if stream.isatty():
            return os.get_terminal_size(stream.fileno()).columns or PIPE_WIDTH
    except (AttributeError, OSError, ValueError):
        pass
    return PIPE_WIDTH


def use_color(stream=None) -> bool:
    """Whether to colour what goes to ``stream`` (standard output): only a terminal, and
    not when ``NO_COLOR`` is set to anything (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    stream = sys.stdout if stream is None else stream
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def emit(result, output_format: str, standalone: bool, lang: str | None, **options) -> None:
    """Render ``result`` and print it (one trailing newline); text is wrapped to
    :func:`terminal_width` and coloured where :func:`use_color` says so."""
    if output_format in ("latex", "markdown", "html"):
        options["standalone"] = standalone
    if output_format == "json":
        options.clear()
    color = False
    if output_format == "text":
        color = use_color()
        options.update(width=terminal_width(), color=color)
    text = render(result, output_format, lang or default_language(), **options)
    click.echo(text.rstrip("\n"), color=color)


def echo_to(path: str, content: str | bytes) -> bool:
    """Write ``content`` to standard output when ``path`` is ``-`` (True), else do nothing (False):
    every ``--out`` takes ``-`` for standard output."""
    if path != "-":
        return False
    if isinstance(content, bytes):
        sys.stdout.flush()
        stream = getattr(sys.stdout, "buffer", sys.stdout)
        stream.write(content)
        stream.flush()
    else:
        click.echo(content.rstrip("\n"))
    return True


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


def bank_ids() -> list[str]:
    """The ids of the exercises shipped in the bank, read from its file names only (so that
    completing an id at the shell's Tab imports neither SymPy nor the bank itself)."""
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec("symgrad.exercises")
    folders = list(spec.submodule_search_locations or []) if spec else []
    return sorted({path.stem for folder in folders for path in Path(folder).glob("*.toml")} - {"errata"})


class ExerciseId(click.ParamType):
    """An exercise id (``p2``, or a variant ``p2~3``), completed at the shell's Tab from the
    bank's ids (``symgrad check p<Tab>``); it is looked up by the command itself."""

    name = "exercise"

    def convert(self, value, param, ctx):
        return value

    def shell_complete(self, ctx, param, incomplete):
        from click.shell_completion import CompletionItem

        return [CompletionItem(exercise_id) for exercise_id in bank_ids() if exercise_id.startswith(incomplete)]


EXERCISE_ID = ExerciseId()
