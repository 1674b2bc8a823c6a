"""What the web app's requests compute, run inside a worker process (:mod:`symgrad.cli.web.pool`).

Each task takes plain keyword arguments (the request's text fields, already capped in
length) and returns plain data: HTML fragments from the result's own renderer
(``result.to_html(lang=…)``, math as MathML) and small dicts. Nothing here is
evaluated: text reaches only symgrad's parser. A :class:`~symgrad.errors.SymgradError`
raised here becomes the request's one-line error (with its position, for the input box).
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import replace

from symgrad.errors import SymgradError
from symgrad.phrases import message_text, phrase

MAX_ITERATIONS = 2000
"""Most iterations one descent on the page may run."""

MAX_METHODS = 4
"""Most methods compared side by side."""

TABLE_ROWS = 25
"""About how many iterates each method's table shows."""

DESCENT_METHODS = ("gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")

_STEPS = re.compile(r'<ul class="steps">\n<li[^>]*>(.*?)</li>', re.S)


def fold_steps(markup: str, lang: str) -> str:
    """Each derivation (``<ul class="steps">``) folded into a ``<details>`` whose summary is
    the derivative it works out; markup that folds its steps already is left as it is."""
    if "<details" in markup:
        return markup
    parts, position = [], 0
    for match in _STEPS.finditer(markup):
        end = markup.index("</ul>", match.end()) + len("</ul>")
        parts.append(markup[position:match.start()])
        parts.append(f'<details class="steps"><summary>{phrase("web.steps_of", lang, derivative=match.group(1))}'
                     f"</summary>\n{markup[match.start():end]}\n</details>")
        position = end
    parts.append(markup[position:])
    return "".join(parts)


def read(f: str, variables: str = "") -> dict:
    """How ``f`` (and the variable list) is read: the function as symgrad writes it and its variables."""
    from symgrad.notation import format_expr
    from symgrad.parse import parse
    from symgrad.render.html import mathml_expr

    problem = parse(f, variables or None)
    names = [str(v) for v in problem.variables]
    return {"shown": format_expr(problem.expr, problem.decimal_display), "variables": names,
            "mathml": f'<math xmlns="http://www.w3.org/1998/Math/MathML">{mathml_expr(problem.expr)}</math>'}


@functools.lru_cache(maxsize=32)
def derived(f: str, variables: str, critical: bool):
    """The walkthrough of ``f`` without a point, kept per worker: a student tries several
    points and directions (and both languages) on one function, derived once."""
    from symgrad.walkthrough import walkthrough

    return walkthrough(f, variables or None, critical_points=critical)


def walk(f: str, variables: str = "", at: str = "", direction: str = "", critical: bool = True,
         lang: str = "en") -> dict:
    """The walkthrough page's result: the walkthrough as HTML, each derivation folded; the
    values at ``at`` and the derivative along ``direction`` as :func:`~symgrad.walkthrough.walkthrough`
    computes them."""
    from symgrad.walkthrough import directional_derivative, evaluate_at, read_direction, read_point

    base = derived(f, variables, critical)
    point = read_point(at, base.problem) if at.strip() else None
    along = directional_derivative(base, read_direction(direction, base.problem), point) if direction.strip() else None
    result = replace(base, at=None if point is None else evaluate_at(base, point), directional=along)
    return {"html": fold_steps(result.to_html(lang=lang), lang)}


def descent(f: str, start: str, methods: tuple[str, ...], lr: str, iters: int, lang: str = "en") -> dict:
    """Each method's run from ``start`` (its iterate table as HTML), and for one or two
    variables the picture of the paths (SVG)."""
    from symgrad.descent import prepare, stop_rules
    from symgrad.optim.run import descend_compiled
    from symgrad.parse import parse_expression
    from symgrad.render.svg import descent_svg

    methods = tuple(dict.fromkeys(m for m in methods if m))[:MAX_METHODS] or ("gd",)
    for method in methods:
        if method not in DESCENT_METHODS:
            raise SymgradError.from_phrase("web.error.unknown_method", method=method,
                                           methods=", ".join(DESCENT_METHODS))
    rate = parse_expression(lr or "0.1")
    if not rate.is_number or not rate.is_real or not (0 < rate < 100):
        raise SymgradError.from_phrase("web.error.learning_rate", given=lr)
    iters = max(1, min(int(iters), MAX_ITERATIONS))
    setup = prepare(f, start or None)
    rules = stop_rules(iters)
    runs = [(method, descend_compiled(setup.compiled, setup.start, method, rules, None, setup.problem, lr=float(rate)))
            for method in methods]
    tables = [{"method": method, "html": shortened(trace).to_html(lang=lang),
               "final": [float(v) for v in trace.final.theta], "value": float(trace.final.value),
               "iterations": trace.final.k, "reason": phrase(f"stop.name.{trace.stopped.reason}", lang)}
              for method, trace in runs]
    picture = descent_svg(setup.problem.expr, setup.problem.variables, runs, lang)
    return {"runs": tables, "svg": picture, "variables": [str(v) for v in setup.problem.variables]}


def shortened(trace, rows: int = TABLE_ROWS):
    """``trace`` with at most about ``rows`` iterates (the first, every k-th and the last) for
    its table; the picture draws the whole path."""
    if len(trace.iterations) <= rows:
        return trace
    every = -(-len(trace.iterations) // rows)
    kept = trace.iterations[::every]
    if kept[-1] is not trace.iterations[-1]:
        kept += (trace.iterations[-1],)
    return replace(trace, iterations=kept)


def bank(lang: str = "en") -> dict:
    """The exercise bank: id, section, title and item keys of each exercise."""
    from symgrad.exercises import load_bank

    return {"exercises": [{"id": e.id, "section": e.section, "title": e.title.get(lang),
                           "items": [item.key for item in e.items]} for e in load_bank().values()]}


def exercise(exercise_id: str, lang: str = "en") -> dict:
    """One exercise: its card as HTML and the keys of its items, for the check form."""
    from symgrad.catalog import find_exercise
    from symgrad.render import render

    found = find_exercise(exercise_id)
    return {"id": found.id, "title": found.title.get(lang), "html": render(found, "html", lang),
            "items": [{"key": item.key, "shape": item.shape} for item in found.items]}


def check(exercise_id: str, answers: tuple[tuple[str, str], ...], lang: str = "en") -> dict:
    """The answered items of ``exercise_id`` graded: how each answer was read, its verdict and
    feedback (each answer bounded by the grader's own time limit inside the request's)."""
    from symgrad.catalog import find_exercise
    from symgrad.grading.grade import grade_answers

    found = find_exercise(exercise_id)
    given = {key: text for key, text in answers if text.strip()}
    if not given:
        raise SymgradError.from_phrase("check.error.no_answers", keys=", ".join(i.key for i in found.items))
    grade = grade_answers(found, given, only_answered=True, seconds=1.0)
    items = [{"key": item.key, "answer": item.answer, "verdict": item.verdict,
              "verdict_text": phrase(f"verdict.{item.verdict}", lang),
              "interpreted": item.interpreted, "feedback": message_text(item.message, lang),
              "mistake": item.mistake, "score": item.score, "max_score": item.max_score}
             for item in grade.items]
    return {"html": grade.to_html(lang=lang), "items": items, "score": grade.score,
            "max_score": sum(i["max_score"] for i in items)}


PRACTICE_ACTIONS = ("answer", "hint", "show", "skip")


def practise(source: str, state: str | None = None, action: str = "", answer: str = "", lang: str = "en") -> dict:
    """One step of a practice round (:func:`symgrad.practice.practice`): start one on
    ``source`` (a bank id or an expression), or take ``action`` on the saved ``state`` (JSON).
    Returns the new state to carry in the page, the question, the feedback and, once
    finished, the summary."""
    from symgrad.practice import PracticeSession, practice

    session = practice(source, lang=lang) if state is None else PracticeSession.from_dict(json.loads(state))
    if state is not None and action in PRACTICE_ACTIONS and not session.finished:
        session = session.answer(answer) if action == "answer" else getattr(session, action)()
    feedback = session.feedback
    return {
        "state": session.to_dict(),
        "title": session.title.get(lang),
        "question": session.lines(session.question, lang) if not session.finished else [],
        "key": None if session.finished else session.question.key,
        "feedback": session.lines(feedback, lang) if feedback is not None else [],
        "feedback_kind": "none" if feedback is None else "correct" if feedback.correct
        else feedback.action if feedback.action != "answer" else "wrong",
        "finished": session.finished,
        "summary": session.to_html(lang=lang) if session.finished else None,
    }


TASKS = {"read": read, "walk": walk, "descent": descent, "bank": bank, "exercise": exercise, "check": check,
         "practise": practise}
"""The tasks a worker runs, by name."""

# Imported here so that the forkserver (which preloads this module) holds SymPy, the
# parser, the walkthrough, the optimizers and the grader, and each worker starts warm.
import symgrad.catalog  # noqa: E402,F401
import symgrad.descent  # noqa: E402,F401
import symgrad.optim.run  # noqa: E402,F401
import symgrad.practice  # noqa: E402,F401
import symgrad.render.svg  # noqa: E402,F401
import symgrad.grading.grade  # noqa: E402,F401
import symgrad.render.html  # noqa: E402,F401
import symgrad.walkthrough  # noqa: E402,F401
