"""Validation without grading (``symgrad check --validate``): how each answer was read.

This is STACK's validation step: before an answer is marked, the student sees the
expression the system read from what they typed and the variables in it, so a typo
(``x^2y`` for ``x^2 y``, a missing bracket) is caught before it costs a mark.  Nothing is
compared with the expected answer here.  The checks are those :func:`symgrad.grading.grade.grade_item`
makes before it compares (a forbidden name, a parse error, an answer too large to read,
the wrong shape, a name that is no variable of the item), with the same messages, so an
answer that validates is one the grader reads the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from symgrad.display import displayable
from symgrad.errors import ParseError, ResourceLimitError
from symgrad.exercises import Exercise, Item, Text, shape_of
from symgrad.grading.equivalence import DEFAULT_SECONDS, says
from symgrad.grading.grade import error_note, forbidden_name, read_answer, split_whole_answers
from symgrad.limits import time_limit
from symgrad.messages import Message
from symgrad.phrases import message_text


@displayable
@dataclass(frozen=True)
class AnswerReading:
    """One answer as the grader reads it: ``interpreted`` (its Unicode text; None when it
    cannot be read) and its ``variables``; ``problem`` says why it cannot be graded as
    typed (None: it can), ``remarks`` what else the grader will note."""

    key: str
    answer: str
    interpreted: str | None
    variables: tuple[str, ...] = ()
    problem: Message | None = None
    remarks: tuple[Message, ...] = ()
    reading: object = field(default=None, compare=False, repr=False)

    @property
    def valid(self) -> bool:
        return self.problem is None

    def to_dict(self) -> dict:
        """Plain data; the messages in English (the JSON contract of ``check``)."""
        return {"key": self.key, "answer": self.answer, "interpreted": self.interpreted,
                "variables": list(self.variables), "valid": self.valid,
                "problem": message_text(self.problem, "en") or None,
                "remarks": [message_text(remark, "en") for remark in self.remarks]}


@displayable
@dataclass(frozen=True)
class Validation:
    """The readings of one student's answers to an exercise, none of them graded."""

    exercise: str
    items: tuple[AnswerReading, ...]
    title: Text | None = field(default=None, compare=False)

    @property
    def valid(self) -> int:
        """How many answers can be graded as typed."""
        return sum(item.valid for item in self.items)

    def to_dict(self) -> dict:
        return {"exercise": self.exercise, "graded": False, "valid": self.valid, "answers": len(self.items),
                "items": [item.to_dict() for item in self.items]}


def validate_item(item: Item, text: str, *, seconds: float = DEFAULT_SECONDS) -> AnswerReading:
    """How ``text`` answering ``item`` is read, and whether it can be graded as typed."""
    base = dict(key=item.key, answer=text)
    if not text.strip():
        return AnswerReading(interpreted=None, problem=says("grade.no_answer"), **base)
    name = forbidden_name(text)
    if name is not None:
        return AnswerReading(interpreted=None, problem=says("grade.forbidden", name=name), **base)
    try:
        with time_limit(seconds, "read_answer"):
            reading = read_answer(text, item.shape)
    except ParseError as error:
        return AnswerReading(interpreted=None, problem=says("grade.unreadable", error=error_note(error)), **base)
    except (ResourceLimitError, RecursionError):
        return AnswerReading(interpreted=None, problem=says("grade.too_large_to_read"), **base)
    base.update(interpreted=reading.shown, variables=reading.variables, reading=reading.value)
    if shape_of(reading.value) != item.shape:
        fields = {"count": len(item.expected)} if item.shape == "vector" else {}
        return AnswerReading(problem=says(f"grade.expected_{item.shape}", **fields), **base)
    allowed = {str(v) for v in item.variables} if not item.numeric else set()
    unknown = [name for name in reading.variables if name not in allowed]
    remarks = ()
    if unknown and item.numeric:
        remarks = (says("grade.unknown_in_number", names=", ".join(unknown)),)
    elif unknown:
        remarks = (says("grade.unknown_in_expression", names=", ".join(unknown),
                        variables=", ".join(map(str, item.variables))),)
    return AnswerReading(remarks=remarks, **base)


def validate_answers(exercise: Exercise, answers: Mapping[str, str], *,
                     seconds: float = DEFAULT_SECONDS) -> Validation:
    """The readings of ``answers`` (item key → text; a whole ``grad`` or ``hessian`` is split
    into its items, as for grading), in the order of the exercise's items.

    >>> from symgrad.catalog import find_exercise
    >>> v = validate_answers(find_exercise("p2"), {"f_x": "2(x+y)/(x^2+2xy-y^2)", "f_y": "(2x-2y"})
    >>> [(item.key, item.interpreted, item.valid) for item in v.items]
    [('f_x', '2(x + y)/(x² + 2xy − y²)', True), ('f_y', None, False)]
    """
    answers = split_whole_answers(exercise, answers)
    return Validation(exercise.id, tuple(validate_item(item, answers[item.key], seconds=seconds)
                                         for item in exercise.items if item.key in answers), exercise.title)
