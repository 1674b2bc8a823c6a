"""`symgrad exercises list|show|solve`, `symgrad check` and `symgrad grade`."""

from __future__ import annotations

import json
import sys

import click
import sympy

from symgrad.cli import main
from symgrad.exercises import Exercise, Item, descent_iterates, get_exercise, load_bank
from symgrad.render.unicode import format_expr

FORMATS = click.Choice(["text", "json"])


def _echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _show_value(value, decimals: bool = True) -> str:
    if isinstance(value, tuple):
        if value and isinstance(value[0], tuple):
            return "[" + ", ".join("[" + ", ".join(_show_value(v, decimals) for v in row) + "]" for row in value) + "]"
        return "(" + ", ".join(_show_value(v, decimals) for v in value) + ")"
    return format_expr(value, decimal_display=decimals)


def _decimal(value, places: int = 8) -> str:
    if isinstance(value, tuple):
        return "(" + ", ".join(_decimal(v, places) for v in value) + ")"
    return format(float(value), f".{places}g")


@main.group("exercises", help="Browse and solve the lecture's exercises.")
def exercises_group() -> None:
    """Browse and solve the lecture's exercises."""


@exercises_group.command("list", help="List the exercises of the bank.")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True, help="Output format.")
@click.option("--lang", type=click.Choice(["en", "ko"]), default="en", show_default=True, help="Language of titles.")
def list_command(fmt: str, lang: str) -> None:
    """List the exercises with their titles and item keys."""
    bank = load_bank()
    if fmt == "json":
        _echo_json([{"id": e.id, "section": e.section, "title": e.title.to_dict(),
                     "items": [i.key for i in e.items]} for e in bank.values()])
        return
    for exercise in bank.values():
        click.echo(f"{exercise.id:10} §{exercise.section}  {exercise.title.get(lang)}  "
                   f"[{', '.join(i.key for i in exercise.items)}]")


def _describe_item(item: Item) -> str:
    where = ""
    if item.at is not None:
        where = f" at ({', '.join(map(str, item.at))})"
    elif item.step is not None:
        where = f" at iterate k = {item.step}"
    wrt = f" by {', '.join(map(str, item.wrt))}" if item.wrt else ""
    decimals = f", {item.decimals} decimals" if item.decimals is not None else ""
    return f"  {item.key:18} {item.kind}{wrt}{where}{decimals}"


@exercises_group.command("show", help="Show an exercise's task and the keys to answer.")
@click.argument("exercise_id")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True, help="Output format.")
@click.option("--lang", type=click.Choice(["en", "ko"]), default="en", show_default=True, help="Language.")
def show_command(exercise_id: str, fmt: str, lang: str) -> None:
    """Show the task of EXERCISE_ID and its item keys."""
    exercise = get_exercise(exercise_id)
    if fmt == "json":
        data = exercise.to_dict()
        data["items"] = [{k: v for k, v in item.items() if k in ("key", "kind", "wrt", "at", "step", "expected",
                                                                   "decimals", "points")}
                         for item in data["items"]]
        _echo_json(data)
        return
    click.echo(f"{exercise.id}: {exercise.title.get(lang)}")
    click.echo(f"  {exercise.name}({', '.join(map(str, exercise.variables))}) = {format_expr(exercise.function)}")
    if exercise.given:
        click.echo(f"  given: {exercise.given}")
    click.echo(exercise.task.get(lang))
    if exercise.descent is not None:
        d = exercise.descent
        click.echo(f"  {d.rule}: start ({', '.join(_show_value(v) for v in d.start)}), "
                   f"rate {_show_value(d.rate)}")
    click.echo("Items (answer with: symgrad check "
               f"{exercise.id} --answer KEY=EXPR):")
    for item in exercise.items:
        click.echo(_describe_item(item))
    for erratum in exercise.errata:
        click.echo(f"Erratum ({erratum.handout}): printed \"{erratum.printed}\"; correct: {erratum.correct}")


def _descent_table(exercise: Exercise) -> list[dict]:
    """Exact iterates up to the largest step any item asks for, with printed values beside."""
    steps = max((i.step for i in exercise.items if i.step is not None), default=0)
    if exercise.descent is None:
        return []
    iterates = descent_iterates(exercise.function, exercise.variables, exercise.descent, max(steps, 1))
    gradient = [sympy.diff(exercise.function, v) for v in exercise.variables]
    rows = []
    for k, theta in enumerate(iterates):
        point = dict(zip(exercise.variables, theta))
        row = {"k": k, "theta": [str(v) for v in theta], "theta_decimal": [float(v) for v in theta],
               "gradient_decimal": [float(g.xreplace(point)) for g in gradient],
               "value_decimal": float(exercise.function.xreplace(point)), "printed": {}}
        for item in exercise.items:
            if item.step == k:
                row["printed"][item.kind] = _show_value(item.expected)
        rows.append(row)
    return rows


def _solution_items(exercise: Exercise) -> list[dict]:
    result = []
    for item in exercise.items:
        entry = {"key": item.key, "kind": item.kind, "expected": _show_value(item.expected)}
        if item.exact is not None:
            entry["exact"] = _show_value(item.exact, decimals=False)
            entry["exact_decimal"] = _decimal(item.exact)
        if item.note is not None:
            entry["note"] = item.note.en
        result.append(entry)
    return result


def _walkthrough_text(exercise: Exercise, fmt: str):
    """The walkthrough of the exercise's function, or None where it is not available."""
    try:
        from symgrad.walkthrough import walkthrough
        from symgrad.render.text import render_text
    except ImportError:
        return None
    at = None
    for item in exercise.items:
        if item.at is not None and len(item.at) == len(exercise.variables):
            at = [str(v) for v in item.at]
            break
    walk = walkthrough(exercise.function_text, [str(v) for v in exercise.variables], at=at,
                       critical_points=False)
    return walk.to_dict() if fmt == "json" else render_text(walk)


@exercises_group.command("solve", help="Show the full worked solution of an exercise.")
@click.argument("exercise_id")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True, help="Output format.")
@click.option("--lang", type=click.Choice(["en", "ko"]), default="en", show_default=True, help="Language of titles.")
def solve_command(exercise_id: str, fmt: str, lang: str) -> None:
    """The walkthrough, each item's answer, and for descent items the iterate table."""
    exercise = get_exercise(exercise_id)
    walk = _walkthrough_text(exercise, fmt)
    table = _descent_table(exercise)
    items = _solution_items(exercise)
    if fmt == "json":
        _echo_json({"exercise": exercise.id, "title": exercise.title.to_dict(), "walkthrough": walk,
                    "items": items, "iterates": table, "notes": [n.to_dict() for n in exercise.notes],
                    "errata": [e.to_dict() for e in exercise.errata]})
        return
    click.echo(f"{exercise.id}: {exercise.title.get(lang)}")
    click.echo(exercise.task.get(lang))
    click.echo("")
    if walk:
        click.echo(walk.rstrip())
        click.echo("")
    if table:
        names = ", ".join(map(str, exercise.variables))
        click.echo(f"{exercise.descent.rule.capitalize()} (exact rational arithmetic), rate "
                   f"{_show_value(exercise.descent.rate)}:")
        click.echo(f"  {'k':>2}  {'(' + names + ') exact':40} {'gradient':32} {exercise.name}")
        for row in table:
            theta = "(" + ", ".join(format(v, '.8g') for v in row["theta_decimal"]) + ")"
            grad = "(" + ", ".join(format(v, '.8g') for v in row["gradient_decimal"]) + ")"
            click.echo(f"  {row['k']:>2}  {theta:40} {grad:32} {row['value_decimal']:.8g}")
            for kind, printed in row["printed"].items():
                click.echo(f"      lecture prints {kind}: {printed}")
        click.echo("")
    click.echo("Answers:")
    for entry in items:
        line = f"  {entry['key']:18} {entry['expected']}"
        if "exact" in entry and entry["exact"] != entry["expected"]:
            exact = entry["exact"] if len(entry["exact"]) <= 40 else "(a long fraction)"
            line += f"   (exact {exact} ≈ {entry['exact_decimal']})"
        click.echo(line)
        if "note" in entry:
            click.echo(f"      {entry['note']}")
    for note in exercise.notes:
        click.echo(f"Note: {note.get(lang)}")
    for erratum in exercise.errata:
        click.echo(f"Erratum ({erratum.handout}): printed \"{erratum.printed}\"; correct: {erratum.correct}. "
                   f"{erratum.explanation.get(lang)}")


@main.command("check", help="Check one student's answers to an exercise.")
@click.argument("exercise_id")
@click.option("--answer", "answers", multiple=True, metavar="KEY=EXPR",
              help="An answer for item KEY (repeatable), e.g. --answer 'f_x=y^2+2xy'.")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True, help="Output format.")
@click.option("--timeout", type=click.FloatRange(0.1, 60), default=2.0, show_default=True,
              help="Seconds allowed per answer before it is 'undecided'.")
def check_command(exercise_id: str, answers: tuple[str, ...], fmt: str, timeout: float) -> None:
    """Show how each answer was read, then its verdict, score and feedback."""
    from symgrad.grading.batch import grade_isolated
    from symgrad.grading.grade import parse_answer_options, split_whole_answers

    exercise = get_exercise(exercise_id)
    if not answers:
        raise click.UsageError("give at least one --answer KEY=EXPR "
                               f"(keys: {', '.join(i.key for i in exercise.items)})")
    given = split_whole_answers(exercise, parse_answer_options(answers))
    grade = grade_isolated(exercise, given, seconds=timeout)
    if fmt == "json":
        _echo_json(grade.to_dict())
        return
    click.echo(f"{exercise.id}: {exercise.title.en}")
    for item in grade.items:
        click.echo(f"{item.key}: {item.answer!s}")
        if item.interpreted is not None:
            click.echo(f"  read as: {item.interpreted}    variables: {', '.join(item.variables) or 'none'}")
        click.echo(f"  {item.verdict} ({item.score}/{item.max_score}) — {item.feedback}")
        for note in item.notes[1:] if item.interpreted is not None else item.notes:
            click.echo(f"  note: {note}")
    click.echo(f"score: {grade.score}/{grade.max_score}")


@main.command("grade", help="Grade a file of submissions (CSV or JSON Lines) for one exercise.")
@click.argument("exercise_id")
@click.argument("submissions", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--out", "out", type=click.Path(dir_okay=False, writable=True), required=True,
              help="Result file: .csv or .json (by extension), or Gradescope results.json with --gradescope.")
@click.option("--gradescope", is_flag=True, help="Write Gradescope's results.json format.")
@click.option("--workers", type=click.IntRange(1, 256), default=None, help="Worker processes (default: all cores).")
@click.option("--timeout", type=click.FloatRange(0.1, 60), default=2.0, show_default=True,
              help="Seconds allowed per answer before it is 'undecided'.")
def grade_command(exercise_id: str, submissions: str, out: str, gradescope: bool, workers, timeout: float) -> None:
    """Grade every submission (one result row each), write OUT and print a summary."""
    from symgrad.grading.batch import grade_file
    from symgrad.grading.exporters import render_summary, write_results

    from symgrad.errors import SymgradError

    if not gradescope and not out.lower().endswith((".csv", ".json")):
        raise SymgradError(f"cannot tell the output format of '{out}': use .csv or .json, or --gradescope")
    exercise = get_exercise(exercise_id)
    progress = sys.stderr.isatty()
    report = grade_file(exercise, submissions, workers=workers, seconds=timeout, progress=progress)
    write_results(report, out, gradescope=gradescope)
    click.echo(render_summary(report))
