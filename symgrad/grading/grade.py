"""Grading one student's answers to one exercise.

For each answer: refuse functions that would compute the answer (``invalid``), read the
text with :mod:`symgrad.parse` (an expression, a vector ``(a, b)`` / ``[a, b]`` or a
matrix ``[[a, b], [c, d]]``; ``invalid`` when it cannot be read or has the wrong shape),
report how it was read and which variables it uses, then compare it with the item's
reference (:mod:`symgrad.grading.equivalence`): exact values for numbers unless the item
states decimals, sampling for formulas. An incorrect answer is checked against the
mistaken derivations of :mod:`symgrad.grading.mistakes` for feedback. Every answer is
bounded in time (``seconds``, default 2); past it the verdict is ``undecided``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping

import mpmath
import sympy

from symgrad.errors import ParseError, ResourceLimitError, SymgradError
from symgrad.exercises import Exercise, ExerciseError, Item, Text, free_symbols_of, shape_of
from symgrad.grading.equivalence import (DEFAULT_SECONDS, WORKING_DIGITS, SamplePlan, equivalent,
                                         evaluate_real, sample_plan, says)
from symgrad.grading.mistakes import (INTEGRATED_FEEDBACK, Mistake, answer_is_antiderivative,
                                      mistaken_answers)
from symgrad.limits import time_limit
from symgrad.display import displayable
from symgrad.parse import normalize_text, parse_expression, parse_matrix, parse_vector
from symgrad.notation import format_expr
from symgrad.messages import Message as Note

CORRECT = "correct"
INCORRECT = "incorrect"
INVALID = "invalid"
BLANK = "blank"
"""The verdict of an item left unanswered (score 0): not a wrong answer, no answer at all."""
UNDECIDED = "undecided"
VERDICTS = (CORRECT, INCORRECT, INVALID, UNDECIDED, BLANK)

MAX_ANSWER_LENGTH = 2000
FORBIDDEN_NAMES = ("diff", "differentiate", "derivative", "integrate", "integral", "int", "limit",
                   "lim", "subs", "substitute", "solve", "dsolve", "nsolve", "simplify", "series",
                   "grad", "gradient", "hessian", "jacobian", "summation", "product", "evalf",
                   "lambdify", "sympify", "eval", "exec", "import", "open", "compile", "getattr",
                   "globals", "locals", "system", "os", "sys")
_CALL_PATTERN = re.compile(r"([A-Za-z_][A-Za-z_0-9]*)\s*\(")
_DUNDER = re.compile(r"__|[`;'\"\\]")
GRADIENT_KEYS = ("grad", "gradient", "∇f")
HESSIAN_KEYS = ("hessian", "H")


@dataclass(frozen=True)
class ItemResult:
    """The verdict on one item, with how the answer was read and feedback.

    ``message`` (the feedback) and ``remarks`` (the notes: how the answer was read, the
    exercise's note on rounding, ...) are data: phrase notes or bank texts, which the
    renderers translate (:func:`symgrad.phrases.message_text`); ``to_dict()`` keeps them as
    data, and the JSON renderer writes them in its language. ``reading`` is the value the
    answer was read as (an expression, vector or matrix), for the document formats.
    """

    key: str
    verdict: str
    score: int
    max_score: int
    interpreted: str | None
    variables: tuple[str, ...] = ()
    message: Note | None = None
    remarks: tuple = ()
    mistake: str | None = None
    answer: str | None = None
    reading: object = field(default=None, compare=False)

    def to_dict(self) -> dict:
        """The item as data; ``feedback`` and ``notes`` are messages (no feedback: "")."""
        return {"key": self.key, "verdict": self.verdict, "score": self.score,
                "interpreted": self.interpreted, "feedback": "" if self.message is None else self.message,
                "notes": list(self.remarks)}


@displayable
@dataclass(frozen=True)
class Grade:
    """All item results of one submission, rendered in every format (``to_text()``,
    ``to_markdown()``, ...); ``title`` is the exercise's title, for the heading.

    >>> from symgrad import check
    >>> grade = check("p1", {"f_x": "y^2 + 2xy", "f_x(1,2)": "7"})
    >>> grade.score, grade.max_score, [item.verdict for item in grade.items]
    (1, 2, ['correct', 'incorrect'])
    >>> print(grade.to_text(lang="ko").splitlines()[-1])
    점수: 1/2
    """

    exercise: str
    items: tuple[ItemResult, ...]
    title: Text | None = field(default=None, compare=False)

    @property
    def score(self) -> int:
        return sum(item.score for item in self.items)

    @property
    def max_score(self) -> int:
        return sum(item.max_score for item in self.items)

    def to_dict(self) -> dict:
        return {"exercise": self.exercise, "score": self.score, "max_score": self.max_score,
                "items": [item.to_dict() for item in self.items]}


# ------------------------------------------------------------------ reading answers

def forbidden_name(text: str) -> str | None:
    """The first name in ``text`` that would compute the answer or reach Python, else None.

    Checked on the raw text, before parsing, because the parser may read ``diff(x)`` as
    d·i·f·f·x: a forbidden name followed by ``(``, a bare ``Derivative``/``Integral``, or
    Python syntax (``__``, quotes, backticks, ``;``).
    """
    match = _DUNDER.search(text)
    if match:
        return match.group(0)
    for call in _CALL_PATTERN.finditer(text):
        name = call.group(1)
        lowered = name.lower()
        for forbidden in FORBIDDEN_NAMES:
            if lowered == forbidden or (len(forbidden) > 3 and lowered.startswith(forbidden)):
                return name
    for word in re.findall(r"[A-Za-z]+", text):
        if word.lower() in ("derivative", "integral", "integrate", "diff", "limit", "subs", "lambdify",
                            "sympify", "eval", "exec", "import"):
            return word
    return None


@dataclass(frozen=True)
class Reading:
    """An answer as read: its value (expression, vector or matrix) and how to show it."""

    value: object
    shown: str
    variables: tuple[str, ...]


def _looks_like(text: str) -> str:
    stripped = text.strip()
    if re.match(r"^[\[(]\s*[\[(]", stripped):
        return "matrix"
    if stripped[:1] in "[(" and _top_level_comma(stripped[1:-1]) or "," in stripped and _top_level_comma(stripped):
        return "vector"
    return "scalar"


def _top_level_comma(text: str) -> bool:
    return len(_top_level_parts(text)) > 1


def _top_level_parts(text: str) -> list[str]:
    """``text`` split at the commas outside any bracket, each part stripped."""
    parts, depth, current = [], 0, ""
    for char in text:
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts.append(current.strip())
    return parts


_PARSERS = {"matrix": parse_matrix, "vector": parse_vector, "scalar": parse_expression}


def _parse_shaped(text: str, kind: str):
    """``text`` read as ``kind``; a bracketed text that is no vector or matrix is read as a number
    or formula, so extra parentheses (``((2x+2y))/(x^2+2xy-y^2)``) never change a verdict.

    When neither reading works, the error is the one of the reading the text is closer to:
    the shaped one if its brackets hold a comma-separated list, else the formula's."""
    if kind == "scalar":
        return parse_expression(text)
    try:
        return _PARSERS[kind](text)
    except ParseError as shaped_error:
        try:
            return parse_expression(text)
        except ParseError as formula_error:
            stripped = text.strip()
            raise shaped_error if _top_level_comma(stripped[1:-1]) else formula_error from None


MAX_REDUNDANT_PAIRS = 8
"""How many redundant pairs of parentheses around a whole answer are taken off before reading."""


def _wraps_whole(text: str) -> bool:
    """Whether ``text``'s first character opens a bracket that its last character closes."""
    if len(text) < 2 or text[0] not in "([" or text[-1] not in ")]":
        return False
    depth = 0
    for index, char in enumerate(text):
        depth += char in "([{"
        depth -= char in ")]}"
        if depth == 0:
            return index == len(text) - 1
    return False


def _without_redundant_parentheses(text: str) -> str:
    """``((a, b))`` → ``(a, b)``: a pair of parentheses around a whole bracketed text says nothing."""
    stripped = text.strip()
    for _ in range(MAX_REDUNDANT_PAIRS):  # deeper nesting is left to the parser's depth bound
        if not (stripped.startswith("(") and _wraps_whole(stripped) and _wraps_whole(stripped[1:-1].strip())):
            break
        stripped = stripped[1:-1].strip()
    return stripped


def read_answer(text: str, shape: str = "scalar") -> Reading:
    """Parse ``text`` as the given shape (or the shape it looks like); ParseError if unreadable."""
    if len(text) > MAX_ANSWER_LENGTH:
        raise ParseError.from_phrase("parse.answer_too_long", limit=MAX_ANSWER_LENGTH)
    text = _without_redundant_parentheses(normalize_text(text))  # full-width brackets and commas too
    looks = _looks_like(text)
    if shape == "scalar" and looks != "scalar":
        try:  # brackets around a formula are parentheses for a one-expression item
            value = parse_expression(text)
        except ParseError:
            value = _parse_shaped(text, looks)
    else:
        value = _parse_shaped(text, looks)
    decimals = bool(re.search(r"\d\.\d|(^|[^\d])\.\d", text))
    symbols = sorted({str(s) for s in free_symbols_of(value)})
    return Reading(value, _show(value, decimals), tuple(symbols))


def error_note(error: SymgradError) -> Note | str:
    """A refusal as feedback data, so it is shown in the reader's language: its phrase
    (with the 1-based position, where known) as a note; an error without a phrase stays
    its English text. In English it reads exactly as ``str(error)``."""
    if error.key is None:
        return str(error)
    message = Note(error.key, tuple((name, str(value)) for name, value in error.fields))
    if error.position is None:
        return message
    return Note("error.at_position", (("message", message), ("position", str(error.position + 1))))


def _show(value, decimals: bool) -> str:
    if isinstance(value, tuple):
        if value and isinstance(value[0], tuple):
            return "[" + ", ".join(_show(row, decimals).replace("(", "[", 1)[:-1] + "]" for row in value) + "]"
        return "(" + ", ".join(_show(entry, decimals) for entry in value) + ")"
    return format_expr(value, decimal_display=decimals)


# ------------------------------------------------------------------ comparing

_PLANS: dict = {}
_MISTAKES: dict = {}


def _plan(expected: sympy.Expr, variables) -> SamplePlan:
    key = (expected, tuple(variables))
    plan = _PLANS.get(key)
    if plan is None:
        plan = sample_plan(expected, variables)
        _PLANS[key] = plan
    return plan


def _compare(answer, reference, item: Item, seconds: float):
    """(all_same, undecided, first difference detail, notes) over the entries."""
    if shape_of(answer) != shape_of(reference) or \
            (isinstance(answer, tuple) and (len(answer) != len(reference) or
                                            (answer and isinstance(answer[0], tuple) and
                                             any(len(a) != len(r) for a, r in zip(answer, reference))))):
        return False, False, Note("compare.shape"), ()
    if isinstance(answer, tuple):
        notes, undecided = [], False
        for index, (a, r) in enumerate(zip(answer, reference)):
            same, unsure, detail, entry_notes = _compare(a, r, item, seconds)
            notes.extend(entry_notes)
            if unsure:
                undecided = True
            elif not same:
                return False, False, says("compare.entry", index=index + 1, detail=detail), tuple(notes)
        return not undecided, undecided, None, tuple(notes)
    result = equivalent(answer, reference, item.variables, plan=_plan(reference, item.variables),
                        abs_tol=item.tolerance, seconds=seconds)
    return result.same, result.verdict == "undecided", result.message, result.remarks


def _mistakes(exercise: Exercise, item: Item) -> list[tuple[Mistake, object]]:
    """The item's mistaken answers with their values at the probe point (cached)."""
    key = (exercise.id, item.key, id(exercise))
    if key not in _MISTAKES:
        probe_plan = _plan(_first_entry(item.reference), item.variables)
        _MISTAKES[key] = [(mistake, _probe_value(mistake.answer, probe_plan))
                          for mistake in mistaken_answers(exercise, item)]
    return _MISTAKES[key]


def _probe_value(value, plan: SamplePlan, index: int = 0):
    """``value`` at the plan's first point (a tuple for vectors), None where undefined."""
    if isinstance(value, tuple):
        return tuple(_probe_value(entry, plan, index) for entry in value)
    if not plan.points or value.free_symbols - set(plan.variables):
        return None
    with mpmath.workdps(WORKING_DIGITS):
        try:
            return evaluate_real(value, plan.points[index])
        except Exception:  # an unsupported node: no probe, the full comparison decides
            return None


def _probe_differs(a, b, tolerance=None) -> bool:
    """Whether two probe values certainly differ (both defined and far apart)."""
    if isinstance(a, tuple) or isinstance(b, tuple):
        if not (isinstance(a, tuple) and isinstance(b, tuple)) or len(a) != len(b):
            return True
        return any(_probe_differs(x, y, tolerance) for x, y in zip(a, b))
    if a is None or b is None:
        return False
    slack = mpmath.mpf("1e-6") * max(abs(a), abs(b), 1)
    if tolerance is not None:
        slack += 2 * mpmath.mpf(tolerance.p) / tolerance.q
    return abs(a - b) > slack


def diagnose(answer, exercise: Exercise, item: Item, seconds: float) -> tuple[str | None, Note | None]:
    """(mistake id, feedback) for an incorrect answer, or (None, None) if none matches.

    Each mistaken answer is first compared at one probe point (a cheap filter); only
    those that agree there are compared in full.
    """
    mistakes = _mistakes(exercise, item)
    probe_plan = _plan(_first_entry(item.reference), item.variables)
    answer_probe = _probe_value(answer, probe_plan)
    a_number = _is_number(answer)
    matches = []
    for mistake, mistake_probe in mistakes:
        if shape_of(mistake.answer) != shape_of(answer):
            continue
        if _probe_differs(answer_probe, mistake_probe, item.tolerance):
            continue
        same, _, _, _ = _compare(answer, mistake.answer, item, seconds)
        if same and not a_number:
            return mistake.id, mistake.message
        if same:
            matches.append(mistake)
    if a_number:  # one number matches many slips by chance: name one only when it alone explains it
        if len({mistake.id for mistake in matches}) == 1 and not _common_slip(answer):
            return matches[0].id, matches[0].message
        return None, None
    if answer_is_antiderivative(answer, item, _plan(item.function, item.variables)) is True:
        return "integrated", INTEGRATED_FEEDBACK
    return None, None


def _is_number(value) -> bool:
    """Whether an answer is one number (a value at a point), not a formula, vector or matrix."""
    return isinstance(value, sympy.Expr) and not value.free_symbols


COMMON_SLIPS = (0, 1, -1)
"""Numbers a student writes for many reasons: never taken as the sign of one mistake."""


def _common_slip(answer) -> bool:
    """Whether the number ``answer`` is 0 or ±1."""
    try:
        value = complex(answer)
    except (TypeError, ValueError):
        return False
    return any(abs(value - slip) <= 1e-9 for slip in COMMON_SLIPS)


def _first_entry(value):
    while isinstance(value, tuple):
        value = value[0]
    return value


def grade_item(exercise: Exercise, item: Item, text: str | None, *,
               seconds: float = DEFAULT_SECONDS) -> ItemResult:
    """Grade one answer (``None``: not answered) to ``item``."""
    base = dict(key=item.key, max_score=item.points, answer=text)
    if text is None or not text.strip():
        return ItemResult(verdict=BLANK, score=0, interpreted=None, message=says("grade.no_answer"), **base)
    name = forbidden_name(text)
    if name is not None:
        return ItemResult(verdict=INVALID, score=0, interpreted=None, message=says("grade.forbidden", name=name),
                          **base)
    try:
        with time_limit(seconds, "read_answer"):
            reading = read_answer(text, item.shape)
    except ParseError as error:
        return ItemResult(verdict=INVALID, score=0, interpreted=None, message=says("grade.unreadable", error=error_note(error)),
                          **base)
    except (ResourceLimitError, RecursionError):
        return ItemResult(verdict=INVALID, score=0, interpreted=None, message=says("grade.too_large_to_read"),
                          **base)
    base.update(interpreted=reading.shown, variables=reading.variables, reading=reading.value)
    notes: list = [says("grade.read_as", shown=reading.shown,
                        variables=", ".join(reading.variables) or says("check.no_variables"))]
    shape = shape_of(reading.value)
    if shape != item.shape:
        wanted = says(f"grade.expected_{item.shape}", **({"count": len(item.expected)} if item.shape == "vector" else {}))
        return ItemResult(verdict=INVALID, score=0, message=wanted, remarks=tuple(notes), **base)
    allowed = {str(v) for v in item.variables} if not item.numeric else set()
    unknown = [name for name in reading.variables if name not in allowed]
    if unknown:
        if item.numeric:
            notes.append(says("grade.unknown_in_number", names=", ".join(unknown)))
        else:
            notes.append(says("grade.unknown_in_expression", names=", ".join(unknown),
                              variables=", ".join(map(str, item.variables))))
    try:
        with time_limit(seconds, "grade_answer"):
            return _judge(exercise, item, reading, notes, seconds, base)
    except ResourceLimitError:
        return ItemResult(verdict=UNDECIDED, score=0, message=says("grade.timeout", seconds=f"{seconds:g}"),
                          remarks=tuple(notes), **base)
    except (RecursionError, MemoryError):
        return ItemResult(verdict=UNDECIDED, score=0, message=says("grade.too_large_to_check"),
                          remarks=tuple(notes), **base)


def _judge(exercise: Exercise, item: Item, reading: Reading, notes: list, seconds: float, base) -> ItemResult:
    answer = reading.value
    same, undecided, detail, entry_notes = _compare(answer, item.reference, item, seconds)
    notes.extend(entry_notes)
    if same:
        if item.exact is not None and item.note is not None:
            printed_same, _, _, _ = _compare(answer, item.expected, item, seconds)
            if printed_same or item.printed_at is not None:
                notes.append(item.note)
        return ItemResult(verdict=CORRECT, score=item.points, message=says("grade.correct"), remarks=tuple(notes),
                          **base)
    if item.exact is not None and item.decimals is not None:
        printed_same, _, _, _ = _compare(answer, item.expected, item, seconds)
        if printed_same:
            if item.note is not None:
                notes.append(item.note)
            return ItemResult(verdict=CORRECT, score=item.points, message=says("grade.correct_printed"),
                              remarks=tuple(notes), **base)
    if undecided:
        return ItemResult(verdict=UNDECIDED, score=0, message=says("grade.undecided"), remarks=tuple(notes), **base)
    mistake, feedback = diagnose(answer, exercise, item, seconds)
    if feedback is None:
        feedback = says("grade.not_equal_because", detail=detail) if detail else says("grade.not_equal")
    return ItemResult(verdict=INCORRECT, score=0, message=feedback, remarks=tuple(notes), mistake=mistake, **base)


# ------------------------------------------------------------------ whole submissions

def compact_key(key: str) -> str:
    """An answer key without its spaces: ``"f_x(1, 1)"`` names the item ``f_x(1,1)``."""
    return "".join(normalize_text(key).split())


def split_whole_answers(exercise: Exercise, answers: Mapping[str, str]) -> dict[str, str]:
    """Answers by item key; a whole gradient (``grad=(a, b)``) or Hessian (``hessian=[[..]]``)
    given for an exercise without such an item is split into its partial items."""
    result: dict[str, str] = {}
    keys = {item.key for item in exercise.items}
    by_compact = {compact_key(item.key): item.key for item in exercise.items}
    for key, text in answers.items():
        key = by_compact.get(compact_key(key), key)
        if key in keys:
            result[key] = text
            continue
        if key in GRADIENT_KEYS:
            targets = {item.wrt[0]: item.key for item in exercise.items
                       if item.kind == "partial" and item.at is None}
            entries = _split_entries(text, "vector")
            if entries is not None and len(entries) == len(exercise.variables) and \
                    all(v in targets for v in exercise.variables):
                for variable, entry in zip(exercise.variables, entries):
                    result.setdefault(targets[variable], entry)
                continue
        if key in HESSIAN_KEYS:
            targets = {item.wrt: item.key for item in exercise.items
                       if item.kind == "second_partial" and item.at is None}
            rows = _split_entries(text, "matrix")
            if rows is not None and len(rows) == len(exercise.variables):
                used = False
                for a, row in zip(exercise.variables, rows):
                    for b, entry in zip(exercise.variables, row):
                        if (a, b) in targets:
                            result.setdefault(targets[(a, b)], entry)
                            used = True
                if used:
                    continue
        raise ExerciseError.from_phrase("exercise.error.no_item", exercise=exercise.id, item=key,
                                        items=", ".join(item.key for item in exercise.items))
    return result


def _split_entries(text: str, shape: str):
    """The entry texts of a vector (list of str) or matrix (list of lists), or None."""
    stripped = normalize_text(text).strip()
    if len(stripped) < 2 or stripped[0] not in "[(" or stripped[-1] not in "])":
        return None
    parts = _top_level_parts(stripped[1:-1])
    if shape == "vector":
        return parts
    rows = [_split_entries(part, "vector") for part in parts]
    return None if any(row is None for row in rows) else rows


def grade_answers(exercise: Exercise, answers: Mapping[str, str], *, only_answered: bool = False,
                  seconds: float = DEFAULT_SECONDS) -> Grade:
    """Grade ``answers`` (item key -> text). Unknown keys raise ExerciseError; items without
    an answer are ``blank`` (score 0), or left out with ``only_answered``."""
    answers = split_whole_answers(exercise, answers)
    results = []
    for item in exercise.items:
        if only_answered and item.key not in answers:
            continue
        results.append(grade_item(exercise, item, answers.get(item.key), seconds=seconds))
    return Grade(exercise.id, tuple(results), exercise.title)


def check(exercise_id: str, answers: Mapping[str, str], *, seconds: float = DEFAULT_SECONDS) -> Grade:
    """Grade ``answers`` (item key -> what the student typed) to the bank's exercise
    ``exercise_id``; only the answered items are graded.

    Runs in this process, each answer bounded by ``seconds`` (in the main thread; use
    :func:`symgrad.grading.batch.grade_isolated` for answers that must not share the
    process). A whole gradient (``grad``) or Hessian (``hessian``) answers several items.

    >>> grade = check("p2", {"f_x": "1/(x^2 + 2xy - y^2)", "f_x(1,1)": "2"})
    >>> [(item.key, item.verdict, item.mistake) for item in grade.items]
    [('f_x', 'incorrect', 'chain_rule_inner'), ('f_x(1,1)', 'correct', None)]
    >>> from symgrad.phrases import message_text
    >>> message_text(grade.items[0].message, "ko").startswith("연쇄법칙")
    True
    """
    from symgrad.catalog import find_exercise

    if not isinstance(exercise_id, str):
        raise TypeError(f"exercise_id must be a bank id such as 'p2', not {type(exercise_id).__name__}")
    return grade_answers(find_exercise(exercise_id), answer_texts(answers), only_answered=True, seconds=seconds)


def answer_texts(answers) -> dict[str, str]:
    """``answers`` as item key -> text: numbers (int, Fraction, SymPy) and SymPy expressions
    are written out exactly (``5`` → ``"5"``, ``Rational(1, 2)`` → ``"1/2"``), floats as their
    decimal text; any other value, or a mapping that is not one, is a TypeError naming it.

    >>> answer_texts({"f_x": 5, "f_y": "2x"})
    {'f_x': '5', 'f_y': '2x'}
    """
    import fractions

    if not isinstance(answers, Mapping):
        raise TypeError(f"answers must be a mapping of item keys to answers, not {type(answers).__name__}")
    texts = {}
    for key, value in answers.items():
        if not isinstance(key, str):
            raise TypeError(f"answer keys must be item keys as text, not {type(key).__name__}")
        if isinstance(value, str):
            texts[key] = value
        elif isinstance(value, sympy.Basic):
            texts[key] = str(value.xreplace({sympy.E: sympy.Symbol("e")}))  # symgrad reads e as Euler's number
        elif isinstance(value, (int, float, fractions.Fraction)) and not isinstance(value, bool):
            texts[key] = str(value)
        else:
            raise TypeError(f"the answer to {key!r} must be text, a number or a SymPy expression, "
                            f"not {type(value).__name__}")
    return texts


def parse_answer_options(options) -> dict[str, str]:
    """``KEY=EXPR`` strings as a dict; the key is everything before the first ``=``."""
    answers = {}
    for option in options:
        key, separator, text = normalize_text(option).partition("=")  # a full-width ＝ too
        if not separator or not key.strip():
            raise SymgradError.from_phrase("check.error.answer_form", given=option)
        key = key.strip()
        if key in answers:
            raise SymgradError.from_phrase("check.error.answer_twice", item=key)
        answers[key] = text
    return answers
