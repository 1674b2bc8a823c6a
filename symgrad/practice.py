"""Practice: a tutor that asks one question at a time, grades the answer and gives hints.

The whole surface (everything else here is an implementation detail)::

    session = practice("p2", lang="en")            # a bank id (or variant id), or
    session = practice("x^3 + 2xy^3", at="1,1")    # an expression: partials, second
                                                   # partials, ∇f, H, values at the point
    session.question            # the Question to answer now (None once finished)
    session = session.answer("2x + 2y")   # each action returns a NEW session ...
    session = session.hint()              # ... hints rise: 1 rule, 2 parts, 3 worked step,
    session = session.show()              #     4 the answer, marked revealed (score 0)
    session = session.skip()
    session.feedback            # what the last action gave: Feedback(attempt=..., hint=...)
    session.finished, session.score, session.max_score, session.records
    session.lines(session.feedback)       # any of these as text lines in session.lang
    data = session.to_dict()              # JSON-ready, versioned; no language in it
    session = PracticeSession.from_dict(data)
    session.to_text(lang="ko")            # the summary (every format, as every result)

A session is a frozen dataclass: ``answer``/``hint``/``skip``/``show`` never change it,
they return the next state.  Answers are graded by the bank's grader
(:func:`symgrad.grading.grade.grade_item`, with its time limit); a wrong answer that is
a known mistaken derivation (:mod:`symgrad.grading.mistakes`) is named in the feedback
and again in every hint to that question.  Questions, feedback and hints are
:class:`~symgrad.messages.Message` data (phrase key and fields; formulas in the fields
are already written in symgrad's Unicode notation), translated only when shown.

Scoring: a question answered right scores its points × (1 − hints/4): full without a
hint, ¾ after one, … ; shown (level 4) or skipped scores 0.  Wrong attempts cost
nothing but are recorded; an answer that cannot be read (``invalid``) or was not
decided in time (``undecided``) is recorded and the question stays open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

import sympy

from symgrad.display import displayable
from symgrad.errors import SymgradError
from symgrad.exercises import Exercise, Item, Text, exact_value
from symgrad.grading.equivalence import DEFAULT_SECONDS
from symgrad.messages import Message
from symgrad.notation import format_expr
from symgrad.phrases import message_text

FORMAT_VERSION = 1
"""The version of :meth:`PracticeSession.to_dict`; :meth:`PracticeSession.from_dict` refuses others."""

MAX_HINT_LEVEL = 4
"""1 which rule, 2 its parts, 3 the partly worked step, 4 the answer (revealed)."""

OPEN, CORRECT, REVEALED, SKIPPED = "open", "correct", "revealed", "skipped"
OUTCOMES = (OPEN, CORRECT, REVEALED, SKIPPED)
MAX_ATTEMPTS_KEPT = 50
"""Attempts kept per question (the count goes on; older answer texts are dropped)."""

_ID = re.compile(r"[A-Za-z][A-Za-z0-9_]*(~.*)?")


def _m(phrase_key: str, /, **fields) -> Message:
    """A Message whose fields are text (or Messages, translated with it)."""
    return Message(phrase_key, tuple((name, value if isinstance(value, Message) else str(value))
                              for name, value in fields.items()))


# ------------------------------------------------------------------ the data


@dataclass(frozen=True)
class Question:
    """What to answer now: the item ``key`` of the exercise, its ``kind`` and ``shape``
    (scalar, vector, matrix), the question as a Message, its points and position."""

    index: int
    count: int
    key: str
    kind: str
    shape: str
    prompt: Message
    points: int

    def to_dict(self) -> dict:
        return {"index": self.index, "count": self.count, "key": self.key, "kind": self.kind,
                "shape": self.shape, "prompt": message_data(self.prompt), "points": self.points}


@dataclass(frozen=True)
class Hint:
    """A hint at ``level`` (1–4) as lines of Messages; ``mistake`` is the id of the mistake
    the last answer made (named in the first line), ``revealed`` whether it gives the answer."""

    level: int
    lines: tuple[Message | Text, ...]
    mistake: str | None = None

    @property
    def revealed(self) -> bool:
        return self.level >= MAX_HINT_LEVEL

    def to_dict(self) -> dict:
        return {"level": self.level, "revealed": self.revealed, "mistake": self.mistake,
                "lines": [message_data(line) for line in self.lines]}


@dataclass(frozen=True)
class Attempt:
    """One answer to a question: what was typed and the grader's verdict, mistake id,
    feedback and remarks (how it was read, …)."""

    answer: str
    verdict: str
    mistake: str | None = None
    message: Any = None
    remarks: tuple = ()

    def to_dict(self) -> dict:
        return {"answer": self.answer, "verdict": self.verdict, "mistake": self.mistake,
                "message": message_data(self.message), "remarks": [message_data(r) for r in self.remarks]}

    @classmethod
    def from_dict(cls, data: dict) -> "Attempt":
        return cls(str(data["answer"]), str(data["verdict"]), data.get("mistake"),
                   message_from_data(data.get("message")),
                   tuple(message_from_data(r) for r in data.get("remarks", ())))


@dataclass(frozen=True)
class Record:
    """One question's history: attempts, the highest hint level used, the outcome."""

    key: str
    points: int = 1
    attempts: tuple[Attempt, ...] = ()
    attempt_count: int = 0
    hints: int = 0
    outcome: str = OPEN

    @property
    def score(self) -> Fraction:
        if self.outcome != CORRECT:
            return Fraction(0)
        return self.points * Fraction(MAX_HINT_LEVEL - min(self.hints, MAX_HINT_LEVEL), MAX_HINT_LEVEL)

    @property
    def mistakes(self) -> tuple[str, ...]:
        return tuple(a.mistake for a in self.attempts if a.mistake)

    def to_dict(self) -> dict:
        return {"key": self.key, "points": self.points, "attempts": [a.to_dict() for a in self.attempts],
                "attempt_count": self.attempt_count, "hints": self.hints, "outcome": self.outcome,
                "score": str(self.score)}


@dataclass(frozen=True)
class Feedback:
    """What the last action gave: the question it was about (``key``), the graded
    ``attempt`` or the ``hint``, and whether the session moved on to the next question."""

    action: str
    key: str
    attempt: Attempt | None = None
    hint: Hint | None = None
    advanced: bool = False

    @property
    def correct(self) -> bool:
        return self.attempt is not None and self.attempt.verdict == "correct"

    def to_dict(self) -> dict:
        return {"action": self.action, "key": self.key, "advanced": self.advanced,
                "attempt": None if self.attempt is None else self.attempt.to_dict(),
                "hint": None if self.hint is None else self.hint.to_dict()}


@dataclass(frozen=True)
class Source:
    """What a session practises: a bank ``exercise`` id, or an ``expression`` with its
    ``variables`` (None: read from it) and optional point ``at`` (text)."""

    exercise: str | None = None
    expression: str | None = None
    variables: tuple[str, ...] | None = None
    at: str | None = None

    def to_dict(self) -> dict:
        if self.exercise is not None:
            return {"exercise": self.exercise}
        return {"expression": self.expression,
                "variables": None if self.variables is None else list(self.variables), "at": self.at}


@displayable
@dataclass(frozen=True)
class PracticeSession:
    """The state of one practice round (see the module docstring)."""

    source: Source
    exercise: Exercise = field(compare=False, repr=False)
    records: tuple[Record, ...]
    position: int = 0
    lang: str = "en"
    seconds: float = DEFAULT_SECONDS
    feedback: Feedback | None = field(default=None, compare=False)

    # -- reading the state ---------------------------------------------------------
    @property
    def finished(self) -> bool:
        return self.position >= len(self.records)

    @property
    def question(self) -> Question | None:
        """The question to answer now; None when every question is done."""
        if self.finished:
            return None
        item = self.exercise.items[self.position]
        return Question(self.position + 1, len(self.records), item.key, item.kind, item.shape,
                        question_prompt(self.exercise, item), item.points)

    @property
    def record(self) -> Record | None:
        return None if self.finished else self.records[self.position]

    @property
    def score(self) -> Fraction:
        return sum((record.score for record in self.records), Fraction(0))

    @property
    def max_score(self) -> int:
        return sum(record.points for record in self.records)

    @property
    def title(self) -> Text:
        return self.exercise.title

    # -- actions: each returns the next state ----------------------------------------
    def answer(self, text: str) -> "PracticeSession":
        """Grade ``text`` as the answer to the current question (with the grader's time
        limit). Right: the question is done and the session moves on. Wrong, unreadable
        or undecided: the question stays open."""
        from symgrad.grading.grade import CORRECT as RIGHT, INCORRECT, grade_item

        item, record = self._current()
        if not isinstance(text, str):
            raise TypeError(f"an answer is text, not {type(text).__name__}")
        result = grade_item(self.exercise, item, text, seconds=self.seconds)
        attempt = Attempt(text, result.verdict, result.mistake, result.message, tuple(result.remarks))
        counted = result.verdict in (RIGHT, INCORRECT)
        kept = (record.attempts + (attempt,))[-MAX_ATTEMPTS_KEPT:]
        record = replace(record, attempts=kept, attempt_count=record.attempt_count + counted,
                         outcome=CORRECT if result.verdict == RIGHT else OPEN)
        done = result.verdict == RIGHT
        return self._with(record, Feedback("answer", item.key, attempt=attempt, advanced=done), done)

    def hint(self) -> "PracticeSession":
        """The next hint level for the current question; level 4 reveals the answer and
        moves on (the question then scores 0)."""
        item, record = self._current()
        level = min(record.hints + 1, MAX_HINT_LEVEL)
        hint = hint_for(self.exercise, item, level, _last_mistake(record))
        revealed = hint.revealed
        record = replace(record, hints=level, outcome=REVEALED if revealed else record.outcome)
        return self._with(record, Feedback("hint", item.key, hint=hint, advanced=revealed), revealed)

    def show(self) -> "PracticeSession":
        """Reveal the answer (hint level 4) and move on; the question scores 0."""
        item, record = self._current()
        hint = hint_for(self.exercise, item, MAX_HINT_LEVEL, _last_mistake(record))
        record = replace(record, hints=MAX_HINT_LEVEL, outcome=REVEALED)
        return self._with(record, Feedback("show", item.key, hint=hint, advanced=True), True)

    def skip(self) -> "PracticeSession":
        """Leave the current question unanswered (score 0) and move on."""
        item, record = self._current()
        record = replace(record, outcome=SKIPPED)
        return self._with(record, Feedback("skip", item.key, advanced=True), True)

    def _current(self) -> tuple[Item, Record]:
        if self.finished:
            raise SymgradError.from_phrase("practice.error.finished")
        return self.exercise.items[self.position], self.records[self.position]

    def _with(self, record: Record, feedback: Feedback, advance: bool) -> "PracticeSession":
        records = self.records[:self.position] + (record,) + self.records[self.position + 1:]
        return replace(self, records=records, position=self.position + advance, feedback=feedback)

    # -- showing ----------------------------------------------------------------------
    def lines(self, shown, lang: str | None = None) -> list[str]:
        """A Question, Hint, Attempt, Feedback or Message as lines of text in ``lang``
        (default: the session's language)."""
        return shown_lines(shown, lang or self.lang)

    # -- saving -----------------------------------------------------------------------
    def to_dict(self) -> dict:
        return {"format": "symgrad-practice", "version": FORMAT_VERSION, "source": self.source.to_dict(),
                "exercise": self.exercise.id, "lang": self.lang, "seconds": self.seconds,
                "position": self.position, "records": [record.to_dict() for record in self.records],
                "score": str(self.score), "max_score": self.max_score, "finished": self.finished}

    @classmethod
    def from_dict(cls, data) -> "PracticeSession":
        """The session ``to_dict`` saved; a file of another version or shape is one clear
        SymgradError (``practice.error.bad_save``)."""
        try:
            return _session_from_dict(data)
        except SymgradError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError) as error:
            raise SymgradError.from_phrase("practice.error.bad_save", reason=_reason(error)) from None


def _reason(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"missing '{error.args[0]}'"
    return str(error) or type(error).__name__


def _session_from_dict(data) -> PracticeSession:
    if not isinstance(data, dict) or data.get("format") != "symgrad-practice":
        raise SymgradError.from_phrase("practice.error.bad_save", reason="not a symgrad practice session")
    if data.get("version") != FORMAT_VERSION:
        raise SymgradError.from_phrase("practice.error.bad_version", version=str(data.get("version")),
                                       supported=str(FORMAT_VERSION))
    source_data = data["source"]
    if not isinstance(source_data, dict):
        raise TypeError("source is not a table")
    if source_data.get("exercise") is not None:
        source = Source(exercise=str(source_data["exercise"]))
    else:
        variables = source_data.get("variables")
        source = Source(expression=str(source_data["expression"]),
                        variables=None if variables is None else tuple(str(v) for v in variables),
                        at=None if source_data.get("at") is None else str(source_data["at"]))
    lang = str(data.get("lang", "en"))
    from symgrad.phrases import LANGUAGES

    if lang not in LANGUAGES:
        raise ValueError(f"unknown language '{lang}'")
    seconds = float(data.get("seconds", DEFAULT_SECONDS))
    if not 0 < seconds <= 60:
        raise ValueError("seconds out of range")
    fresh = _start(source, lang, seconds)
    saved = data["records"]
    if not isinstance(saved, list) or [str(r["key"]) for r in saved] != [r.key for r in fresh.records]:
        raise SymgradError.from_phrase("practice.error.save_mismatch", exercise=fresh.exercise.id)
    records = []
    for base, entry in zip(fresh.records, saved):
        outcome = str(entry.get("outcome", OPEN))
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome '{outcome}'")
        hints = int(entry.get("hints", 0))
        if not 0 <= hints <= MAX_HINT_LEVEL:
            raise ValueError("hints out of range")
        attempts = tuple(Attempt.from_dict(a) for a in entry.get("attempts", ()))[-MAX_ATTEMPTS_KEPT:]
        records.append(replace(base, attempts=attempts, hints=hints, outcome=outcome,
                               attempt_count=int(entry.get("attempt_count", len(attempts)))))
    position = int(data["position"])
    if not 0 <= position <= len(records):
        raise ValueError("position out of range")
    return replace(fresh, records=tuple(records), position=position)


def message_data(message) -> Any:
    """A Message (fields may be Messages), a bank Text, a string or None as JSON-ready data."""
    if message is None or isinstance(message, str):
        return message
    if isinstance(message, Text):
        return {"text": message.to_dict()}
    if isinstance(message, Message):
        return {"key": message.key,
                "fields": [[name, message_data(value) if isinstance(value, (Message, Text)) else str(value)]
                           for name, value in message.fields]}
    return str(message)


def message_from_data(data) -> Any:
    """The inverse of :func:`message_data`."""
    if data is None or isinstance(data, str):
        return data
    if "text" in data:
        return Text(str(data["text"]["en"]), str(data["text"]["ko"]))
    from symgrad.phrases import has_phrase

    key = str(data["key"])
    if not has_phrase(key):
        raise ValueError(f"unknown phrase '{key}'")
    fields = tuple((str(name), message_from_data(value) if isinstance(value, dict) else str(value))
                   for name, value in data["fields"])
    return Message(key, fields)


def _last_mistake(record: Record) -> tuple[str, Message] | None:
    for attempt in reversed(record.attempts):
        if attempt.verdict in ("correct", "incorrect"):
            return (attempt.mistake, attempt.message) if attempt.mistake else None
    return None


# ------------------------------------------------------------------ starting


def practice(source, lang: str | None = None, *, variables=None, at=None,
             seconds: float = DEFAULT_SECONDS) -> PracticeSession:
    """A practice session on a bank exercise (``"p2"``, ``"camelback"``, a variant
    ``"p2~7.1"``) or on an expression (its first partials, second partials, gradient,
    Hessian and, with ``at``, the values at that point).

    >>> session = practice("p2")
    >>> session.question.key, session.lines(session.question)
    ('f_x', ['Question 1 of 4: find f_x = ∂f/∂x.'])
    >>> session = session.answer("1/(x^2 + 2xy - y^2)")
    >>> session.feedback.attempt.mistake
    'chain_rule_inner'
    >>> session = session.answer("(2x + 2y)/(x^2 + 2xy - y^2)")
    >>> session.question.key, session.score
    ('f_y', Fraction(1, 1))
    """
    from symgrad.phrases import LANGUAGES, default_language

    lang = lang or default_language()
    if lang not in LANGUAGES:
        raise SymgradError.from_phrase("practice.error.language", given=str(lang), known=", ".join(LANGUAGES))
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        raise TypeError(f"seconds must be a number, not {type(seconds).__name__}")
    if not 0 < seconds <= 60:
        raise ValueError("seconds must be more than 0 and at most 60")
    if not isinstance(source, str):
        raise TypeError(f"practice takes a bank id such as 'p2' or an expression as text, "
                        f"not {type(source).__name__}")
    text = source.strip()
    chosen = None
    if variables is None and at is None and _ID.fullmatch(text):
        from symgrad.catalog import find_exercise
        from symgrad.exercises import ExerciseError

        try:
            chosen = Source(exercise=find_exercise(text).id)
        except ExerciseError:
            if "~" in text:
                raise
    if chosen is None:
        if isinstance(variables, str):
            variables = tuple(v.strip() for v in variables.split(",") if v.strip())
        at_text = None
        if at is not None:
            at_text = at if isinstance(at, str) else ",".join(str(v) for v in at)
        chosen = Source(expression=source, variables=None if variables is None else tuple(map(str, variables)),
                        at=at_text)
    return _start(chosen, lang, float(seconds))


def _start(source: Source, lang: str, seconds: float) -> PracticeSession:
    if source.exercise is not None:
        from symgrad.catalog import find_exercise

        exercise = find_exercise(source.exercise)
    else:
        exercise = expression_exercise(source.expression, source.variables, source.at)
    records = tuple(Record(item.key, item.points) for item in exercise.items)
    return PracticeSession(source, exercise, records, 0, lang, seconds)


EXPRESSION_ID = "expression"
"""The id of the exercise :func:`expression_exercise` builds (no bank id is one)."""

MAX_PRACTICE_VARIABLES = 4
"""An expression with more variables would ask too many second partials for one round."""


def expression_exercise(text: str, variables=None, at: str | None = None) -> Exercise:
    """An exercise built from an expression, in the order a walkthrough shows it: each
    first partial, the second partials, the gradient and the Hessian (one variable: f'
    and f''), then, with ``at``, the first partials' values at the point."""
    from symgrad.parse import parse
    from symgrad.walkthrough import read_point

    problem = parse(text, variables)
    variables = problem.variables
    if not variables:
        raise SymgradError.from_phrase("walk.error.no_variables", expression=text.strip())
    if len(variables) > MAX_PRACTICE_VARIABLES:
        raise SymgradError.from_phrase("practice.error.too_many_variables", count=str(len(variables)),
                                       limit=str(MAX_PRACTICE_VARIABLES))
    f = problem.expr
    point = None if at is None else read_point(at, problem)
    names = [format_expr(v) for v in variables]
    single = len(variables) == 1
    items: list[Item] = []

    def add(key, kind, wrt, expected, at_=None, exact=None):
        items.append(Item(key=key, kind=kind, wrt=tuple(wrt), expected=expected,
                          expected_text=_shape_str(expected), variables=variables, function=f,
                          at=at_, exact=exact))

    first = {v: sympy.diff(f, v) for v in variables}
    for v in variables:
        add("f'" if single else f"f_{v}", "derivative" if single else "partial", [v], first[v])
    for a in variables:
        for b in variables:
            add("f''" if single else f"f_{a}{b}" if all(len(n) == 1 for n in names) else f"f_{a}_{b}",
                "second_partial", [a, b], sympy.diff(first[a], b))
    if not single:
        add("grad", "gradient", variables, tuple(first[v] for v in variables))
        add("hessian", "hessian", variables, tuple(tuple(sympy.diff(first[a], b) for b in variables)
                                                    for a in variables))
    if point is not None:
        shown = ",".join(format_expr(p) for p in point)
        for v in variables:
            key = f"f'({shown})" if single else f"f_{v}({shown})"
            exact = exact_value(f, variables, "value", (v,), point, None, None)
            add(key, "value", [v], exact, at_=point, exact=exact)
    shown_f = format_expr(f, decimal_display=problem.decimal_display)
    title = Text(f"f({', '.join(names)}) = {shown_f}", f"f({', '.join(names)}) = {shown_f}")
    return Exercise(id=EXPRESSION_ID, section=0, source="", title=title, task=title,
                    function_text=text, function=f, name="f", variables=variables, items=tuple(items))


def _shape_str(value):
    if isinstance(value, tuple):
        return [_shape_str(v) for v in value]
    return str(value)


# ------------------------------------------------------------------ questions


def _decimal_display(exercise: Exercise) -> bool:
    return "." in exercise.function_text


SHOWN_DECIMALS = 10
"""Places a long exact number is rounded to in a question or hint (marked ≈)."""


def shown(value, exercise: Exercise | None = None) -> str:
    """A scalar, vector ``(a, b)`` or matrix ``[[a, b], [c, d]]`` in symgrad's Unicode
    notation; a number with a long exact form is shown rounded, marked ≈."""
    decimals = exercise is not None and _decimal_display(exercise)
    if isinstance(value, tuple):
        if value and isinstance(value[0], tuple):
            return "[" + ", ".join("[" + ", ".join(shown(e, exercise) for e in row) + "]" for row in value) + "]"
        return "(" + ", ".join(shown(e, exercise) for e in value) + ")"
    if isinstance(value, sympy.Rational) and not value.is_Integer:
        from symgrad.notation import decimal_text, is_terminating

        if is_terminating(value) and len(decimal_text(value)) <= 12:
            return decimal_text(value).replace("-", "−")
        if len(str(value)) > 12:
            from symgrad.solution import round_to

            return "≈ " + decimal_text(round_to(value, SHOWN_DECIMALS)).replace("-", "−")
    return format_expr(value, decimal_display=decimals)


def _operator(variables, wrt, name: str) -> str:
    partial = "∂" if len(variables) > 1 else "d"
    if len(wrt) == 1:
        return f"{partial}{name}/{partial}{format_expr(wrt[0])}"
    a, b = (format_expr(v) for v in wrt)
    return f"{partial}/{partial}{b}({partial}{name}/{partial}{a})"


def _iterate_name(exercise: Exercise, k) -> str:
    from symgrad.notation import symbol_name

    digits = str(k).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
    if len(exercise.variables) == 1:
        return symbol_name(exercise.variables[0].name) + digits
    return "Θ" + digits


def question_prompt(exercise: Exercise, item: Item) -> Message:
    """The question for ``item`` as a Message."""
    name = exercise.name
    fields: dict = {"item": item.key, "name": name}
    if item.kind in ("derivative", "partial", "second_partial"):
        key, fields["operator"] = "practice.ask.derivative", _operator(item.variables, item.wrt, name)
    elif item.kind == "gradient" and item.step is None and item.at is None:
        key, fields["form"] = "practice.ask.gradient", "(" + ", ".join("…" for _ in item.variables) + ")"
    elif item.kind == "gradient":
        key, fields["where"] = "practice.ask.gradient_at", _where(exercise, item)
    elif item.kind == "hessian":
        key = "practice.ask.hessian"
    elif item.kind == "value" and item.wrt:
        key, fields["operator"], fields["where"] = ("practice.ask.derivative_value",
                                                    _operator(item.variables, item.wrt, name), _where(exercise, item))
    elif item.kind == "value":
        key, fields["where"] = "practice.ask.value", _where(exercise, item)
    elif item.kind == "iterate" and (item.step is None or exercise.descent is None):
        key, fields["variables"] = "practice.ask.iterate_formula", ", ".join(format_expr(v) for v in item.variables)
    elif item.kind == "iterate":
        descent = exercise.descent
        k = item.step
        fields.update(theta=_iterate_name(exercise, k), previous=_iterate_name(exercise, k - 1),
                      sign="−" if descent.sign < 0 else "+", rate=shown(descent.rate))
        key = "practice.ask.iterate"
    elif item.kind in ("minimum", "maximum"):
        key = f"practice.ask.{item.kind}_descent" if exercise.descent is not None else f"practice.ask.{item.kind}"
    else:
        key = "practice.ask.item"
    prompt = _m(key, **fields)
    if item.decimals is not None:
        prompt = _m("practice.ask.decimals", question=prompt, decimals=item.decimals)
    return prompt


def _where(exercise: Exercise, item: Item) -> str:
    if item.step is not None:
        return _iterate_name(exercise, item.step)
    return shown(tuple(item.at), exercise) if len(item.at) > 1 else f"({shown(item.at[0], exercise)})"


# ------------------------------------------------------------------ hints


HINT_SECONDS = 5.0
"""The bound on working out one hint (a rule tree, a descent preview); past it the hint
says there is no further hint, and ``show`` still gives the answer."""


def hint_for(exercise: Exercise, item: Item, level: int, mistake: tuple[str, Message] | None = None) -> Hint:
    """The hint of ``level`` (1–4) for ``item``; with the last answer's ``mistake`` (id,
    feedback), the first line names it."""
    from symgrad.limits import within

    level = max(1, min(level, MAX_HINT_LEVEL))
    if level == MAX_HINT_LEVEL:
        lines = _reveal(exercise, item)
    else:
        lines = tuple(within(HINT_SECONDS, lambda: _HINTS.get(item.kind, _item_hints)(exercise, item, level), [],
                             "practice_hint"))
        if not lines:
            lines = (_m("practice.hint.none"),)
    if mistake is not None:
        focus = () if level == MAX_HINT_LEVEL else tuple(
            within(HINT_SECONDS, lambda: _focus(exercise, item, mistake[0]), [], "practice_hint"))
        lines = (_m("practice.hint.mistake", feedback=mistake[1]),) + focus + tuple(lines)
    return Hint(level, tuple(lines), None if mistake is None else mistake[0])


def _focus(exercise: Exercise, item: Item, mistake: str) -> list:
    """A line that points the mistake at this derivative's rule tree: the inner function
    the chain rule multiplies by, the variables held constant, the quotient's f and g."""
    from symgrad.steps import ChainRule, QuotientRule

    if item.kind not in ("derivative", "partial", "second_partial") and not (item.kind == "value" and item.wrt):
        return []
    expr, variable, rule, _ = _tree(exercise, item)
    if mistake in ("wrong_variable", "other_variable_varied"):
        held = [format_expr(v) for v in item.variables if v != variable]
        return [_m("practice.focus.variable", variable=format_expr(variable), names=", ".join(held))] if held else []
    wanted = {"chain_rule_inner": ChainRule, "quotient_reversed": QuotientRule}.get(mistake)
    found = _first_rule(rule, wanted) if wanted else None
    if isinstance(found, ChainRule):
        d = "∂" if len(item.variables) > 1 else "d"
        return [_m("practice.focus.chain", inner=shown(found.inner, exercise), u=format_expr(found.u),
                   derivative=f"{d}{format_expr(found.u)}/{d}{format_expr(variable)}")]
    if isinstance(found, QuotientRule):
        return [_m("practice.focus.quotient", numerator=shown(found.numerator, exercise),
                   denominator=shown(found.denominator, exercise))]
    return []


def _first_rule(rule, wanted: type):
    """The first rule of class ``wanted`` in the tree, breadth first."""
    queue = [rule]
    while queue:
        step = queue.pop(0)
        if isinstance(step, wanted):
            return step
        queue.extend(step.substeps())
    return None


def _reveal(exercise: Exercise, item: Item) -> tuple:
    lines = [_m("practice.hint.answer", item=item.key, answer=shown(item.expected, exercise))]
    if item.exact is not None and _differs(item.exact, item.expected):
        lines.append(_m("practice.hint.exact", answer=shown(item.exact, exercise)))
    if item.note is not None:
        lines.append(item.note)
    return tuple(lines)


def _differs(a, b) -> bool:
    """Whether two numbers (or vectors of them) differ exactly."""
    if isinstance(a, tuple):
        return any(_differs(x, y) for x, y in zip(a, b))
    return sympy.expand(a - b) != 0


def _statement(variables, variable, expr, result, exercise) -> str:
    d = "∂" if len(variables) > 1 else "d"
    return f"{d}/{d}{format_expr(variable)}({shown(expr, exercise)}) = {shown(result, exercise)}"


def _tree(exercise: Exercise, item: Item):
    """(expression differentiated last, variable, raw rule tree, textbook result)."""
    from symgrad.steps import derivative_steps

    expr = item.function
    for variable in item.wrt[:-1]:
        expr = derivative_steps(expr, variable, item.variables).result
    tree = derivative_steps(expr, item.wrt[-1], item.variables)
    return expr, item.wrt[-1], tree.substep, tree.result


_TRIVIAL = ("constant", "variable", "simplify")


def _rule_line(rule, key: str = "practice.hint.rule") -> Message:
    return _m(key, rule=Message(f"rule.{rule.name}"), formula=rule.formula)


def _inner_rules(rule) -> list:
    """The rules the top rule's sub-steps apply (distinct, non-trivial, at most three)."""
    seen, found = {rule.name}, []
    stack = list(rule.substeps())
    while stack and len(found) < 3:
        step = stack.pop(0)
        if step.name not in seen and step.name not in _TRIVIAL:
            seen.add(step.name)
            found.append(step)
        if step.name in ("sum", "constant_multiple"):
            stack.extend(step.substeps())
    return found


def _parts(rule, exercise, depth: int = 0) -> list:
    """Level 2: what the rule works on (u, outer and inner, factors, numerator and denominator, terms)."""
    from symgrad.steps import ChainRule, ConstantMultipleRule, ProductRule, QuotientRule, SumRule

    lines: list = []
    if isinstance(rule, ChainRule):
        lines.append(_m("step.chain_let", u=format_expr(rule.u), inner=shown(rule.inner, exercise),
                        outer=format_expr(rule.outer)))
    elif isinstance(rule, QuotientRule):
        lines.append(_m("step.quotient_parts", numerator=shown(rule.numerator, exercise),
                        denominator=shown(rule.denominator, exercise)))
    elif isinstance(rule, ProductRule):
        lines.append(_m("step.factors", factors=", ".join(shown(f, exercise) for f in rule.factors)))
    elif isinstance(rule, ConstantMultipleRule):
        lines.append(_m("step.constant_factor", constant=shown(rule.constant, exercise)))
        if depth < 2:
            lines += _parts(rule.substep, exercise, depth + 1)
    elif isinstance(rule, SumRule):
        lines.append(_m("practice.hint.terms", terms=", ".join(shown(t.expr, exercise) for t in rule.term_steps)))
        if depth < 1:
            for term in rule.term_steps:
                if term.name in ("chain", "quotient", "product"):
                    lines += _parts(term, exercise, depth + 1)
    return lines


def _worked(rule, variables, exercise) -> list:
    """Level 3: the step partly worked out, the last piece left to the student."""
    from symgrad.steps import ChainRule, ConstantMultipleRule, ProductRule, QuotientRule, SumRule

    v = rule.variable
    if isinstance(rule, ChainRule):
        return [_m("step.chain_outer", statement=f"d/d{format_expr(rule.u)}({format_expr(rule.outer)}) = "
                                                 f"{format_expr(rule.outer_step.result)}"),
                _m("step.chain_inner", statement=_statement(variables, v, rule.inner, rule.inner_step.result,
                                                            exercise)),
                _m("practice.hint.multiply")]
    if isinstance(rule, QuotientRule):
        return [_m("practice.hint.quotient_derivatives",
                   numerator=_statement(variables, v, rule.numerator, rule.numerator_step.result, exercise),
                   denominator=_statement(variables, v, rule.denominator, rule.denominator_step.result, exercise))]
    if isinstance(rule, ProductRule):
        return [_m("practice.hint.factor_derivative", statement=_statement(variables, v, f, s.result, exercise))
                for f, s in zip(rule.factors, rule.factor_steps)]
    if isinstance(rule, ConstantMultipleRule):
        inner = rule.substep
        if isinstance(inner, (ChainRule, QuotientRule, ProductRule, SumRule)):
            return [_m("step.constant_factor", constant=shown(rule.constant, exercise))] + \
                _worked(inner, variables, exercise)
        return [_m("practice.hint.then_multiply", constant=shown(rule.constant, exercise),
                   statement=_statement(variables, v, inner.expr, inner.result, exercise))]
    if isinstance(rule, SumRule) and len(rule.term_steps) > 1:
        terms = rule.term_steps
        moving = [i for i, t in enumerate(terms) if t.result != 0]
        left = moving[-1] if moving else len(terms) - 1  # the term left to the student
        lines = [_m("step.term", index=i + 1, statement=_statement(variables, v, t.expr, t.result, exercise))
                 for i, t in enumerate(terms) if i != left]
        if len(moving) == 1:  # the others vanish: work that one term partly instead
            return lines + _worked(terms[left], variables, exercise)
        lines.append(_m("practice.hint.last_term", index=left + 1,
                        expression=_statement(variables, v, terms[left].expr, sympy.Symbol("?"), exercise)))
        return lines
    from symgrad.steps import LogDifferentiationRule, PowerRule

    if isinstance(rule, PowerRule):
        return [_m("practice.hint.power_parts", base=shown(rule.base, exercise), exponent=shown(rule.exponent, exercise))]
    if isinstance(rule, LogDifferentiationRule):
        return [_m("step.take_log", log_expr=shown(rule.log_expr, exercise))]
    if not rule.substeps() and rule.name not in ("dont_know",):
        return [_m("practice.hint.apply", formula=rule.formula, expression=shown(rule.expr, exercise))]
    return [_m("practice.hint.before_simplifying", result=shown(rule.result, exercise))]


def _derivative_hints(exercise: Exercise, item: Item, level: int) -> list:
    expr, variable, rule, _ = _tree(exercise, item)
    variables = item.variables
    lines: list = []
    if level == 1:
        if len(item.wrt) == 2:
            first_key = _first_key(exercise, item.wrt[0])
            lines.append(_m("practice.hint.second", first=first_key, formula=shown(expr, exercise),
                            variable=format_expr(variable)))
        lines.append(_rule_line(rule))
        lines += [_rule_line(r, "practice.hint.inner_rule") for r in _inner_rules(rule)]
        return lines
    if level == 2:
        held = [format_expr(v) for v in variables if v != variable and v in expr.free_symbols]
        if held:
            lines.append(_m("step.held_constant.one" if len(held) == 1 else "step.held_constant.many",
                            names=", ".join(held)))
        return lines + _parts(rule, exercise)
    return _worked(rule, variables, exercise)


def _first_key(exercise: Exercise, variable) -> str:
    for item in exercise.items:
        if item.kind in ("partial", "derivative") and item.wrt == (variable,) and item.at is None:
            return item.key
    return _operator(exercise.variables, (variable,), exercise.name)


def _point_mapping(exercise: Exercise, item: Item) -> dict:
    if item.step is not None:
        from symgrad.exercises import descent_iterates

        theta = descent_iterates(exercise.function, exercise.variables, exercise.descent, item.step)[item.step]
        return dict(zip(exercise.variables, theta))
    return dict(zip(exercise.variables, item.at))


def _assignments(mapping: dict, exercise) -> str:
    return ", ".join(f"{format_expr(v)} = {shown(value, exercise)}" for v, value in mapping.items())


def _evaluated_parts(expr, mapping: dict, exercise) -> Message:
    """Level 3 of a value: the formula's numerator and denominator (or terms) at the point."""
    numerator, denominator = sympy.fraction(sympy.together(expr)) if expr.is_Mul or expr.is_Pow else (expr, 1)
    if denominator != 1 and denominator.free_symbols:
        return _m("practice.hint.quotient_values",
                  numerator=f"{shown(numerator, exercise)} = {shown(numerator.xreplace(mapping), exercise)}",
                  denominator=f"{shown(denominator, exercise)} = {shown(denominator.xreplace(mapping), exercise)}")
    terms = sympy.Add.make_args(expr)
    if len(terms) > 1:
        values = "; ".join(f"{shown(t, exercise)} = {shown(sympy.expand(t.xreplace(mapping)), exercise)}"
                           for t in terms[:-1])
        return _m("practice.hint.term_values", values=values, last=shown(terms[-1], exercise))
    return _m("practice.hint.substitute", assignments=_assignments(mapping, exercise), formula=shown(expr, exercise))


def _value_hints(exercise: Exercise, item: Item, level: int) -> list:
    mapping = _point_mapping(exercise, item)
    where = _where(exercise, item)
    if item.wrt:
        formula = _textbook(exercise, item.function, item.wrt)
        label = _first_key(exercise, item.wrt[0]) if len(item.wrt) == 1 else \
            _operator(item.variables, item.wrt, exercise.name)
        if level == 1:
            _, _, rule, _ = _tree(exercise, item)
            return [_m("practice.hint.value_first", item=label, where=where), _rule_line(rule)]
        if level == 2:
            return [_m("practice.hint.formula", item=label, formula=shown(formula, exercise)),
                    _m("practice.hint.substitute", assignments=_assignments(mapping, exercise), formula=label)]
        return [_evaluated_parts(formula, mapping, exercise)]
    if level == 1:
        return [_m("practice.hint.value_at", name=exercise.name, where=where)]
    if level == 2:
        return [_m("practice.hint.substitute", assignments=_assignments(mapping, exercise),
                   formula=shown(item.function, exercise))]
    return [_evaluated_parts(item.function, mapping, exercise)]


def _textbook(exercise, function, wrt):
    from symgrad.steps import derivative_steps

    expr = function
    for variable in wrt:
        expr = derivative_steps(expr, variable, exercise.variables).result
    return expr


def _gradient_hints(exercise: Exercise, item: Item, level: int) -> list:
    variables = item.variables
    name = exercise.name
    components = [_textbook(exercise, item.function, (v,)) for v in variables]
    operators = ", ".join(_operator(variables, (v,), name) for v in variables)
    if item.step is None and item.at is None:
        if level == 1:
            lines = [_m("practice.hint.gradient", name=name, components=operators)]
            for v in variables:
                _, _, rule, _ = _tree(exercise, replace(item, kind="partial", wrt=(v,)))
                lines.append(_m("practice.hint.component_rule", operator=_operator(variables, (v,), name),
                                rule=Message(f"rule.{rule.name}"), formula=rule.formula))
            return lines
        held = [_m("practice.hint.component_held", operator=_operator(variables, (v,), name),
                   names=", ".join(format_expr(w) for w in variables if w != v)) for v in variables]
        if level == 2:
            return held
        return [_m("practice.hint.formula", item=_operator(variables, (v,), name), formula=shown(c, exercise))
                for v, c in zip(variables[:-1], components[:-1])] + [
            _m("practice.hint.last_component", operator=_operator(variables, (variables[-1],), name))]
    mapping = _point_mapping(exercise, item)
    where = _where(exercise, item)
    if level == 1:
        return [_m("practice.hint.gradient_at", name=name, where=where, components=operators)]
    if level == 2:
        return [_m("practice.hint.formula", item=f"∇{name}", formula=shown(tuple(components), exercise)),
                _m("practice.hint.substitute", assignments=_assignments(mapping, exercise), formula=f"∇{name}")]
    first = components[0]
    return [_m("practice.hint.formula", item=f"{_operator(variables, (variables[0],), name)}({where})",
               formula=shown(sympy.expand(first.xreplace(mapping)), exercise)),
            _m("practice.hint.last_component", operator=_operator(variables, (variables[-1],), name))]


def _hessian_hints(exercise: Exercise, item: Item, level: int) -> list:
    variables = item.variables
    name = exercise.name
    if level == 1:
        rows = "[" + ", ".join("[" + ", ".join(_second_key(exercise, a, b) for b in variables) + "]"
                               for a in variables) + "]"
        return [_m("practice.hint.hessian", rows=rows)]
    if level == 2:
        return [_m("practice.hint.formula", item=_first_key(exercise, v),
                   formula=shown(_textbook(exercise, item.function, (v,)), exercise)) for v in variables]
    a = variables[0]
    row = tuple(_textbook(exercise, item.function, (a, b)) for b in variables)
    return [_m("practice.hint.first_row", row="[" + ", ".join(shown(e, exercise) for e in row) + "]")]


def _second_key(exercise: Exercise, a, b) -> str:
    for item in exercise.items:
        if item.kind == "second_partial" and item.wrt == (a, b) and item.at is None:
            return item.key
    return f"{exercise.name}_{a}{b}"


def _iterate_hints(exercise: Exercise, item: Item, level: int) -> list:
    from symgrad.exercises import descent_iterates

    descent = exercise.descent
    k = item.step
    name = exercise.name
    sign = "−" if descent is None or descent.sign < 0 else "+"
    if k is None or descent is None:  # the update rule as a formula (w_new = w − δ·2w)
        if level == 1:
            return [_m("practice.hint.update_formula", sign=sign, name=name,
                       variables=", ".join(format_expr(v) for v in item.variables))]
        if level == 2:
            gradient = tuple(_textbook(exercise, exercise.function, (v,)) for v in exercise.variables)
            return [_m("practice.hint.formula", item=f"∇{name}",
                       formula=shown(gradient if len(gradient) > 1 else gradient[0], exercise))]
        return []
    theta, previous = _iterate_name(exercise, k), _iterate_name(exercise, k - 1)
    if level == 1:
        return [_m("practice.hint.update", theta=theta, previous=previous, sign=sign, rate=shown(descent.rate),
                   name=name)]
    iterates = descent_iterates(exercise.function, exercise.variables, descent, k - 1)
    before = iterates[k - 1]
    point = dict(zip(exercise.variables, before))
    gradient = tuple(sympy.diff(exercise.function, v).xreplace(point) for v in exercise.variables)
    if level == 2:
        return [_m("practice.hint.formula", item=previous, formula=shown(before, exercise)),
                _m("practice.hint.formula", item=f"∇{name}({previous})", formula=shown(gradient, exercise))]
    rate = shown(descent.rate)
    entries = [f"{shown(t)} {sign} {rate}·{_parenthesized(shown(g))}" for t, g in zip(before, gradient)]
    return [_m("practice.hint.formula", item=theta, formula="(" + ", ".join(entries) + ")"
               if len(entries) > 1 else entries[0])]


def _parenthesized(text: str) -> str:
    return f"({text})" if text.startswith("−") else text


def _extremum_hints(exercise: Exercise, item: Item, level: int) -> list:
    name = exercise.name
    if exercise.descent is None:
        if level == 1:
            return [_m(f"practice.hint.{item.kind}_solve", name=name)]
        derivative = _textbook(exercise, item.function, item.variables[:1])
        if level == 2:
            return [_m("practice.hint.formula", item=f"{name}'", formula=shown(derivative, exercise))]
        second = _textbook(exercise, item.function, item.variables[:1] * 2)
        return [_m("practice.hint.formula", item=f"{name}''", formula=shown(second, exercise))]
    descent = exercise.descent
    if level == 1:
        return [_m("practice.hint.descent_until", name=name, sign="−" if descent.sign < 0 else "+",
                   rate=shown(descent.rate), start=shown(descent.start))]
    if level == 2:
        gradient = tuple(_textbook(exercise, item.function, (v,)) for v in item.variables)
        return [_m("practice.hint.stationary", name=name, gradient=shown(gradient, exercise))]
    return [_descent_after(exercise, item)]


DESCENT_PREVIEW_STEPS = 100
"""Level 3 of "where does the descent end": the iterate after this many steps."""


def _descent_after(exercise: Exercise, item: Item) -> Message:
    from symgrad.descent import descend

    descent = exercise.descent
    trace = descend(exercise.function, [float(v) for v in descent.start], "gd",
                    variables=[v.name for v in exercise.variables], iters=DESCENT_PREVIEW_STEPS, tol=0.0,
                    lr=float(descent.rate), maximize=descent.sign > 0)
    last = trace.final

    def numbers(values) -> str:
        text = ", ".join(f"{v:.4f}".replace("-", "−") for v in values)
        return text if len(values) == 1 else f"({text})"

    point = _iterate_name(exercise, "")
    gradient = f"{exercise.name}'" if len(exercise.variables) == 1 else f"∇{exercise.name}"
    return _m("practice.hint.after_steps", steps=last.k, point=point, theta=numbers(last.theta),
              gradient=gradient, value=numbers(last.gradient))


def _item_hints(exercise: Exercise, item: Item, level: int) -> list:
    return []


_HINTS = {"derivative": _derivative_hints, "partial": _derivative_hints, "second_partial": _derivative_hints,
          "value": _value_hints, "gradient": _gradient_hints, "hessian": _hessian_hints,
          "iterate": _iterate_hints, "minimum": _extremum_hints, "maximum": _extremum_hints}


# ------------------------------------------------------------------ as text


def shown_lines(obj, lang: str) -> list[str]:
    """A Question, Hint, Attempt, Feedback, Message or Text as lines of text in ``lang``."""
    if obj is None:
        return []
    if isinstance(obj, Question):
        return [message_text(_m("practice.question", index=obj.index, count=obj.count, question=obj.prompt), lang)]
    if isinstance(obj, Hint):
        head = message_text(_m("practice.hint.revealed" if obj.revealed else "practice.hint.level",
                               level=obj.level, levels=MAX_HINT_LEVEL - 1), lang)
        return [head] + ["  " + message_text(line, lang) for line in obj.lines]
    if isinstance(obj, Attempt):
        lines = [message_text(_m(f"practice.verdict.{obj.verdict}"), lang)]
        if obj.message is not None and obj.verdict != "correct":
            lines.append("  " + message_text(obj.message, lang))
        lines += ["  " + message_text(remark, lang) for remark in obj.remarks
                  if obj.verdict != "correct" or not (isinstance(remark, Message) and remark.key == "grade.read_as")]
        return lines
    if isinstance(obj, Feedback):
        if obj.attempt is not None:
            return shown_lines(obj.attempt, lang)
        if obj.hint is not None:
            return shown_lines(obj.hint, lang)
        return [message_text(_m("practice.skipped", item=obj.key), lang)]
    return [message_text(obj, lang)]


def outcome_phrase(record: Record) -> Message:
    """The outcome of one question, for the summary."""
    return _m(f"practice.outcome.{record.outcome}")


def score_text(value: Fraction) -> str:
    """A score: an integer, or a decimal (scores are multiples of ¼ of a point)."""
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):g}"


__all__ = ["Attempt", "Feedback", "Hint", "PracticeSession", "Question", "Record", "Source", "practice",
           "FORMAT_VERSION", "MAX_HINT_LEVEL"]
