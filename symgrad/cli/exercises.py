"""`symgrad exercises list|show|solve`, `symgrad check` and `symgrad grade`.

Each command builds one result object (an :class:`~symgrad.solution.ExerciseList`, an
:class:`~symgrad.exercises.Exercise`, a :class:`~symgrad.solution.Solution`, a
:class:`~symgrad.grading.grade.Grade`) and hands it to :func:`symgrad.cli.options.emit`,
which renders it in ``--format`` and ``--lang``.  JSON is the objects' ``to_dict()``
(feedback in English: a stable contract for programs).
"""

from __future__ import annotations

import json
import sys

import click

from symgrad.cli import main
from symgrad.cli.options import emit, lang_option, output_options
from symgrad.phrases import default_language

SHOW_ITEM_FIELDS = ("key", "kind", "wrt", "at", "step", "expected", "decimals", "points")


@main.group("exercises", help="Browse and solve the lecture's exercises.")
def exercises_group() -> None:
    """Browse and solve the lecture's exercises."""


@exercises_group.command("list", help="List the exercises of the bank.")
@output_options()
def list_command(output_format: str, standalone: bool, lang: str | None) -> None:
    """List the exercises with their titles and item keys."""
    from symgrad.exercises import load_bank
    from symgrad.solution import ExerciseList

    emit(ExerciseList(tuple(load_bank().values())), output_format, standalone, lang)


@exercises_group.command("show", help="Show an exercise's task and the keys to answer.")
@click.argument("exercise_id")
@output_options()
def show_command(exercise_id: str, output_format: str, standalone: bool, lang: str | None) -> None:
    """Show the task of EXERCISE_ID and its item keys."""
    from symgrad.catalog import find_exercise

    exercise = find_exercise(exercise_id)
    if output_format == "json":
        data = exercise.to_dict()
        data["items"] = [{k: v for k, v in item.items() if k in SHOW_ITEM_FIELDS} for item in data["items"]]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    emit(exercise, output_format, standalone, lang)


@exercises_group.command("solve", help="Show the full worked solution of an exercise.")
@click.argument("exercise_id")
@click.option("--no-steps", is_flag=True, help="Leave out the rule-by-rule steps of the walkthrough.")
@output_options()
def solve_command(exercise_id: str, no_steps: bool, output_format: str, standalone: bool, lang: str | None) -> None:
    """The walkthrough, each item's answer, and for descent items the exact iterate table."""
    from symgrad.catalog import find_exercise
    from symgrad.solution import solve

    emit(solve(find_exercise(exercise_id)), output_format, standalone, lang, steps=not no_steps)


@main.command("check", help="Check one student's answers to an exercise.")
@click.argument("exercise_id")
@click.option("--answer", "answers", multiple=True, metavar="KEY=EXPR",
              help="An answer for item KEY (repeatable), e.g. --answer 'f_x=y^2+2xy'.")
@click.option("--timeout", type=click.FloatRange(0.1, 60), default=2.0, show_default=True,
              help="Seconds allowed per answer before it is 'undecided'.")
@output_options()
def check_command(exercise_id: str, answers: tuple[str, ...], timeout: float, output_format: str,
                  standalone: bool, lang: str | None) -> None:
    """Show how each answer was read, then its verdict, score and feedback."""
    from symgrad.catalog import find_exercise
    from symgrad.grading.batch import grade_isolated
    from symgrad.grading.grade import parse_answer_options, split_whole_answers

    exercise = find_exercise(exercise_id)
    if not answers:
        from symgrad.errors import SymgradError

        raise SymgradError.from_phrase("check.error.no_answers", keys=", ".join(i.key for i in exercise.items))
    given = split_whole_answers(exercise, parse_answer_options(answers))
    emit(grade_isolated(exercise, given, seconds=timeout), output_format, standalone, lang)


@main.command("grade", help="Grade a file of submissions (CSV or JSON Lines) for one exercise.")
@click.argument("exercise_id")
@click.argument("submissions", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--out", "out", type=click.Path(), required=True,
              help="Result file: .csv or .json (by extension); with --gradescope a folder.")
@click.option("--gradescope", is_flag=True,
              help="Write OUT/STUDENT/results.json, Gradescope's format, for each submission.")
@click.option("--workers", type=click.IntRange(1, 256), default=None, help="Worker processes (default: all cores).")
@click.option("--ignore-unknown-columns", is_flag=True,
              help="Grade on when a column names no item (it is listed in the summary) instead of stopping.")
@click.option("--timeout", type=click.FloatRange(0.1, 60), default=2.0, show_default=True,
              help="Seconds allowed per answer before it is 'undecided'.")
@lang_option()
def grade_command(exercise_id: str, submissions: str, out: str, gradescope: bool, workers,
                  ignore_unknown_columns: bool, timeout: float, lang: str | None) -> None:
    """Grade every submission (one result row each), write OUT and print a summary."""
    from pathlib import Path

    from symgrad.catalog import find_exercise
    from symgrad.errors import SymgradError
    from symgrad.grading.batch import grade_file
    from symgrad.grading.exporters import render_summary, write_results

    if gradescope and Path(out).exists() and not Path(out).is_dir():
        raise SymgradError.from_phrase("batch.error.not_a_folder", path=out)
    if not gradescope and not out.lower().endswith((".csv", ".json")):
        raise SymgradError.from_phrase("batch.error.output_format", path=out)
    exercise = find_exercise(exercise_id)
    progress = sys.stderr.isatty()
    report = grade_file(exercise, submissions, workers=workers, seconds=timeout, progress=progress,
                        ignore_unknown_columns=ignore_unknown_columns)
    lang = lang or default_language()
    write_results(report, out, gradescope=gradescope, lang=lang)
    click.echo(render_summary(report, lang))


@main.command("autograder", help="Build a Gradescope autograder zip for one or more exercises.")
@click.argument("exercise_ids", nargs=-1, required=True, metavar="ID [ID ...]")
@click.option("--out", "out", type=click.Path(dir_okay=False), default="autograder.zip", show_default=True,
              help="The zip to write.")
@click.option("--template", "template", type=click.Path(dir_okay=False), default=None,
              help="Also write the answer file students fill in (the zip holds it as answers_template.txt).")
@click.option("--timeout", type=click.FloatRange(0.1, 60), default=2.0, show_default=True,
              help="Seconds allowed per answer before it is 'undecided'.")
@click.option("--visibility", type=click.Choice(["visible", "hidden", "after_due_date", "after_published"]),
              default="visible", show_default=True, help="When students see the results (Gradescope's setting).")
@lang_option()
def autograder_command(exercise_ids: tuple[str, ...], out: str, template: str | None, timeout: float,
                       visibility: str, lang: str | None) -> None:
    """Write OUT: setup.sh, run_autograder and symgrad itself, grading EXERCISE_IDS; the
    feedback students read is in --lang."""
    from pathlib import Path

    from symgrad.files import write_atomically
    from symgrad.grading.gradescope import SUBMISSION_FILE, build_autograder
    from symgrad.phrases import phrase

    lang = lang or default_language()
    built = build_autograder(exercise_ids, Path(out), lang=lang, seconds=timeout, visibility=visibility)
    click.echo(phrase("autograder.written", lang, path=out, exercises=", ".join(built.config.exercises),
                      points=built.points, name=SUBMISSION_FILE))
    if template:
        write_atomically(Path(template), built.template)
        click.echo(phrase("autograder.template_written", lang, path=template))
