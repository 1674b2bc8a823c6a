"""`symgrad worksheet`: write a problem sheet and its answer key as complete documents."""

from __future__ import annotations

from pathlib import Path

import click

from symgrad.cli import main
from symgrad.cli.options import EXERCISE_ID, echo_to, lang_option
from symgrad.errors import SymgradError
from symgrad.limits import MAX_VARIANTS
from symgrad.render import render
from symgrad.phrases import default_language, phrase

WORKSHEET_FORMATS = ("markdown", "latex", "html")
EXTENSIONS = {".md": "markdown", ".markdown": "markdown", ".tex": "latex", ".html": "html", ".htm": "html"}


def format_for(path: str, chosen: str | None) -> str:
    """``chosen``, else the format the file's extension names; SymgradError when neither does
    (``-``, standard output, has no extension: it needs ``chosen``)."""
    if chosen:
        return chosen
    if path == "-":
        raise SymgradError.from_phrase("file.error.stdout_format")
    suffix = Path(path).suffix.lower()
    if suffix not in EXTENSIONS:
        raise SymgradError.from_phrase("file.error.unknown_format", path=path)
    return EXTENSIONS[suffix]


def write_document(path: str, text: str) -> None:
    """Write ``text`` (UTF-8), to standard output for ``-``; SymgradError naming the file
    when it cannot be written."""
    if echo_to(path, text):
        return
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as error:
        raise SymgradError.from_phrase("file.error.cannot_write", path=path,
                                       reason=error.strerror or error) from None


@main.command("worksheet", help="Write a problem sheet of exercises (or of new variants of them) "
                                "and, with --answers, its answer key.")
@click.argument("exercise_ids", nargs=-1, metavar="[ID ...]", type=EXERCISE_ID)
@click.option("--format", "output_format", type=click.Choice(WORKSHEET_FORMATS), default=None,
              help="Document format (default: from the --out file's extension, .md, .tex or .html).")
@click.option("--out", "out", required=True, metavar="FILE",
              help="The problem sheet: a complete document (LaTeX with its preamble, a whole HTML page); "
                   "- for standard output (with --format).")
@click.option("--answers", "answers", default=None, metavar="FILE",
              help="Also write the answer key: every exercise's worked solution and a check command "
                   "(- for standard output, when --out is a file).")
@lang_option()
@click.option("--variants", type=int, default=None, metavar="N",
              help=f"Instead of the exercises themselves, N new ones of the same shape as each (1 to {MAX_VARIANTS}).")
@click.option("--seed", type=int, default=None, metavar="S",
              help="The seed the variants are drawn from (default 1); the same seed gives the same sheet.")
def worksheet_command(exercise_ids: tuple[str, ...], output_format: str | None, out: str, answers: str | None,
                      lang: str | None, variants: int | None, seed: int | None) -> None:
    """Write the sheet of EXERCISE_IDS (every exercise of the bank when none is given)."""
    from symgrad.worksheet import answer_key, build_worksheet

    lang = lang or default_language()
    fmt = format_for(out, output_format)
    if answers is not None:
        format_for(answers, fmt)
        if answers == out or "-" not in (answers, out) and Path(answers).resolve() == Path(out).resolve():
            raise SymgradError.from_phrase("file.error.same_answers_file")
    sheet = build_worksheet(exercise_ids, variants=variants, seed=seed)
    documents = [(out, render(sheet, fmt, lang, standalone=True))]
    if answers is not None:
        documents.append((answers, render(answer_key(sheet), fmt, lang, standalone=True)))
    for path, text in documents:
        write_document(path, text)
    to_stderr = "-" in (out, answers)  # standard output holds a document: the report goes beside it
    click.echo(phrase("worksheet.written", lang, path=out, count=len(sheet.exercises)), err=to_stderr)
    if answers is not None:
        click.echo(phrase("worksheet.written_key", lang, path=answers), err=to_stderr)
