"""The ``symgrad`` command line: a thin click group; each command lives in its own module.

Commands parse options, call one library function and hand its result to a renderer.
Any :class:`~symgrad.errors.SymgradError` becomes one clear line (plus a caret under the
input where there is a position) and exit code 2; nothing prints a traceback.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from symgrad.errors import SymgradError


class SymgradGroup(click.Group):
    """A click group that turns symgrad's errors into one line and exit code 2.

    Commands are loaded on first use from :data:`COMMAND_MODULES`.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMAND_MODULES) | set(self.commands))

    def get_command(self, ctx: click.Context, name: str):
        if name not in self.commands and name in COMMAND_MODULES:
            importlib.import_module(f"symgrad.cli.{COMMAND_MODULES[name]}")
        return self.commands.get(name)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """click's ``main``, except that a usage error is said in ``--lang``
        (:mod:`symgrad.cli.usage`) instead of click's English."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        arguments = sys.argv[1:] if args is None else list(args)
        try:
            result = super().main(arguments, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as error:
            from symgrad.cli.usage import report_usage_error

            report_usage_error(error, arguments)
            sys.exit(error.exit_code)
        except click.ClickException as error:
            error.show()
            sys.exit(error.exit_code)
        except click.Abort:
            report_line("cli.interrupted", None, prefix="")
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except SymgradError as error:
            report_error(error, ctx)
            ctx.exit(2)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except RecursionError:
            report_line("cli.too_deep", ctx)
            ctx.exit(2)
        except MemoryError:
            report_line("cli.out_of_memory", ctx)
            ctx.exit(2)
        except BrokenPipeError:
            # The reader went away (`symgrad walk ... | head`): stop quietly, as Unix tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(141)
        except KeyboardInterrupt:
            report_line("cli.interrupted", ctx, prefix="")
            ctx.exit(130)
        except Exception as error:  # a bug in symgrad or SymPy: still one line, never a traceback
            report_line("cli.bug", ctx, kind=type(error).__name__, detail=error)
            ctx.exit(1)


def error_language(ctx: click.Context | None) -> str:
    """The language of error lines: ``--lang`` when the command got one, else the locale's."""
    from symgrad.cli.options import LANG_META_KEY
    from symgrad.phrases import default_language

    chosen = ctx.meta.get(LANG_META_KEY) if ctx is not None else None
    return chosen or default_language()


def report_error(error: SymgradError, ctx: click.Context | None = None) -> None:
    """Print ``error`` as one ``error:`` line, and the caret picture where it has one.

    The message is in :func:`error_language` (``--lang``, else the locale: Korean under
    ``LANG=ko_KR.UTF-8``) when the error names its phrase, else English.
    """
    click.echo(f"error: {error.text_in(error_language(ctx))}", err=True)
    caret = error.caret()
    if caret:
        click.echo(caret, err=True)


def report_line(key: str, ctx: click.Context | None, *, prefix: str = "error: ", **fields: object) -> None:
    """Print the phrase ``key`` as one line on standard error, in :func:`error_language`."""
    from symgrad.phrases import phrase

    click.echo(prefix + phrase(key, error_language(ctx), **fields), err=True)


def time_limit_option(default: float = 30.0):
    """``--time-limit SECONDS``: the bound on symbolic work for one command (0: none)."""
    return click.option("--time-limit", "time_limit_seconds", type=click.FloatRange(min=0), default=default,
                        show_default=True, help="Stop symbolic work that takes longer than this many seconds (0: no limit).")


def read_text_argument(value: str) -> str:
    """The argument itself, or standard input when it is ``-``."""
    if value == "-":
        return sys.stdin.read().strip()
    return value


@click.group(cls=SymgradGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="symgrad")
def main() -> None:
    """symgrad: step-by-step derivatives, gradients, Hessians and gradient descent."""


COMMAND_MODULES = {
    "diff": "walk", "walk": "walk",
    "descend": "descend", "sweep": "descend",
    "exercises": "exercises", "check": "exercises", "grade": "exercises", "autograder": "exercises",
    "worksheet": "worksheet",
    "practice": "practice",
    "fit": "fit",
    "serve": "serve",
}
"""Which module of :mod:`symgrad.cli` defines each command. A module is imported only when
one of its commands runs (or ``--help`` lists them all), so ``symgrad walk`` does not pay
for NumPy, the optimizers or the grader. A command module imports SymPy, NumPy and the
library modules that use them inside its command functions only, so that ``--help``
imports neither (tests/test_startup.py)."""
