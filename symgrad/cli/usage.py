"""click's usage errors (unknown option, missing argument, bad value, ...) in ``--lang``.

click words these in English; symgrad says them as its other errors: one ``error:``
line in the user's language, then the command's usage and where to find its help. The
error is read from the exception's fields (option name, parameter, the value's type
message), not from its English text, except for the few type messages matched below;
anything else keeps click's own words.
"""

from __future__ import annotations

import re
from typing import Sequence

import click

from symgrad.phrases import LANGUAGES, default_language, phrase

_TYPE_MESSAGES = (
    (re.compile(r"^'(?P<given>.*)' is not one of (?P<choices>.*)\.$", re.S), "cli.usage.not_one_of"),
    (re.compile(r"^'(?P<given>.*)' is not '(?P<choices>.*)'\.$", re.S), "cli.usage.not_one_of"),
    (re.compile(r"^'(?P<given>.*)' is not a valid integer( range)?\.$", re.S), "cli.usage.not_integer"),
    (re.compile(r"^'(?P<given>.*)' is not a valid float( range)?\.$", re.S), "cli.usage.not_number"),
    (re.compile(r"^'(?P<given>.*)' is not a finite number\.$", re.S), "cli.usage.not_finite"),
    (re.compile(r"^(?P<given>.*) is not in the range (?P<range>.*)\.$", re.S), "cli.usage.out_of_range"),
    (re.compile(r"^(File|Directory|Path) '(?P<given>.*)' does not exist\.$", re.S), "cli.usage.no_such_path"),
    (re.compile(r"^(File|Directory|Path) '(?P<given>.*)' is a directory\.$", re.S), "cli.usage.is_a_folder"),
)
_NO_SUCH_COMMAND = re.compile(r"^No such command '(?P<name>.*)'\.$", re.S)
_EXTRA_ARGUMENTS = re.compile(r"^Got unexpected extra arguments? \((?P<arguments>.*)\)$", re.S)
_REQUIRES_VALUE = re.compile(r"^Option '(?P<name>.*)' requires (an argument|\d+ arguments)\.$", re.S)


def language_in_arguments(arguments: Sequence[str]) -> str | None:
    """The ``--lang`` value among the command-line ``arguments`` (``--lang ko``, ``--lang=ko``),
    for errors found before click has read the options; None when there is none."""
    for index, argument in enumerate(arguments):
        value = None
        if argument == "--lang" and index + 1 < len(arguments):
            value = arguments[index + 1]
        elif argument.startswith("--lang="):
            value = argument.partition("=")[2]
        if value in LANGUAGES:
            return value
    return None


def usage_error_message(error: click.UsageError, lang: str) -> str:
    """The first line of a usage error, in ``lang``, without ``error:``."""
    if isinstance(error, click.NoSuchOption):
        message = phrase("cli.usage.no_such_option", lang, name=error.option_name)
        if error.possibilities:
            names = ", ".join(f"'{name}'" for name in sorted(error.possibilities))
            message = phrase("cli.usage.did_you_mean", lang, message=message, names=names)
        return message
    if isinstance(error, click.MissingParameter):
        kind = "argument" if isinstance(error.param, click.Argument) else "option"
        return phrase(f"cli.usage.missing_{kind}", lang, name=_hint(error))
    if isinstance(error, click.BadParameter):
        return phrase("cli.usage.invalid_value", lang, name=_hint(error), reason=_type_message(error.message, lang))
    text = error.message
    for pattern, key in ((_NO_SUCH_COMMAND, "cli.usage.no_such_command"),
                         (_EXTRA_ARGUMENTS, "cli.usage.extra_arguments"),
                         (_REQUIRES_VALUE, "cli.usage.requires_value")):
        match = pattern.match(text)
        if match:
            return phrase(key, lang, **match.groupdict())
    return text


def _hint(error: click.BadParameter) -> str:
    if error.param_hint is not None:
        hint = error.param_hint
        return " / ".join(hint) if isinstance(hint, (list, tuple)) else str(hint)
    if error.param is not None:
        return error.param.get_error_hint(error.ctx)
    return "?"


def _type_message(message: str, lang: str) -> str:
    for pattern, key in _TYPE_MESSAGES:
        match = pattern.match(message)
        if match:
            return phrase(key, lang, **match.groupdict())
    return message


def usage_error_lines(error: click.UsageError, lang: str) -> list[str]:
    """What symgrad prints for ``error``: the ``error:`` line, then the usage and the help hint."""
    lines = ["error: " + usage_error_message(error, lang)]
    ctx = error.ctx
    if ctx is not None:
        usage = ctx.get_usage().removeprefix("Usage: ").strip()
        lines.append(phrase("cli.usage.hint", lang, usage=usage, command=ctx.command_path))
    return lines


def report_usage_error(error: click.UsageError, arguments: Sequence[str]) -> None:
    """Print ``error`` on standard error in ``--lang`` (from the context, the arguments, or the locale)."""
    from symgrad.cli.options import LANG_META_KEY

    lang = (error.ctx.meta.get(LANG_META_KEY) if error.ctx is not None else None) \
        or language_in_arguments(arguments) or default_language()
    for line in usage_error_lines(error, lang):
        click.echo(line, err=True)
