"""Worksheets: a problem sheet of exercises and a separate answer key with worked solutions.

:func:`build_worksheet` picks exercises of the bank by id (every exercise when none is
named) or, with ``variants``, that many new exercises of the same shape as each chosen
one (:mod:`symgrad.variants`, reproducible from ``seed``). The :class:`Worksheet` holds
the exercises in order; :func:`answer_key` solves each one (:func:`symgrad.solution.solve`:
the walkthrough with its steps, the iterate table of a descent, every item's answer) and
lists, per exercise, answer texts that ``symgrad check`` grades as fully correct.

Both are plain data; the renderers show them in LaTeX, Markdown and HTML (the problem
sheet leaves space under each item for the answer).

>>> sheet = build_worksheet(["p2"], variants=2, seed=7)
>>> [entry.exercise.id for entry in sheet.exercises]
['p2~7.1', 'p2~7.2']
>>> answer_texts(sheet.exercises[0].exercise)["f_x(-1,-2)"]
'-12/7'
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import Sequence

import sympy

from symgrad.catalog import find_exercise
from symgrad.exercises import Exercise, free_symbols_of, load_bank
from symgrad.notation import decimal_text
from symgrad.display import displayable
from symgrad.variants import VariantError, check_request, make_variants, parse_variant_id, is_variant_id

DEFAULT_SEED = 1


@dataclass(frozen=True)
class SheetEntry:
    """One exercise of a worksheet, its number on the sheet, and the exercise it varies."""

    number: int
    exercise: Exercise
    parent: str | None = None
    seed: int | None = None

    def to_dict(self) -> dict:
        return {"number": self.number, "id": self.exercise.id, "parent": self.parent, "seed": self.seed,
                "exercise": self.exercise.to_dict()}


@displayable
@dataclass(frozen=True)
class Worksheet:
    """A problem sheet: numbered exercises, each with its task and the items to answer."""

    exercises: tuple[SheetEntry, ...]
    variants: int = 0
    seed: int | None = None

    def to_dict(self) -> dict:
        return {"variants": self.variants, "seed": self.seed,
                "exercises": [entry.to_dict() for entry in self.exercises]}


@dataclass(frozen=True)
class KeyEntry:
    """The worked solution of one exercise of a sheet and its answers as ``check`` reads them."""

    entry: SheetEntry
    solution: object  # symgrad.solution.Solution
    answers: tuple[tuple[str, str], ...]

    @property
    def check_command(self) -> str:
        """``symgrad check ID --answer 'KEY=EXPR' ...``, which grades every item correct."""
        options = " ".join(f"--answer {shlex.quote(f'{key}={text}')}" for key, text in self.answers)
        return f"symgrad check {self.entry.exercise.id} {options}"

    def to_dict(self) -> dict:
        return {"number": self.entry.number, "id": self.entry.exercise.id, "answers": dict(self.answers),
                "check": self.check_command, "solution": self.solution.to_dict()}


@displayable
@dataclass(frozen=True)
class AnswerKey:
    """The answer key of a worksheet: one worked solution per exercise, in the sheet's order."""

    sheet: Worksheet
    entries: tuple[KeyEntry, ...]

    def to_dict(self) -> dict:
        return {"variants": self.sheet.variants, "seed": self.sheet.seed,
                "exercises": [entry.to_dict() for entry in self.entries]}


def build_worksheet(ids: Sequence[str] = (), variants: int | None = None, seed: int | None = None,
                    directory: str | None = None) -> Worksheet:
    """The sheet of exercises ``ids`` (all of the bank when empty), or of ``variants`` variants
    of each (1 ≤ variants ≤ 20) for ``seed`` (default 1). ExerciseError for an unknown id."""
    if isinstance(ids, str):
        raise TypeError(f"ids is a list of exercise ids; for one exercise write [{ids!r}]")
    named = list(ids)
    if not all(isinstance(exercise_id, str) for exercise_id in named):
        raise TypeError("each exercise id must be text such as 'p1'")
    chosen = [find_exercise(exercise_id, directory) for exercise_id in named] if named else \
        list(load_bank(directory).values())
    if variants is None:
        if seed is not None:
            raise VariantError.from_phrase("variant.error.seed_without_count")
        entries = [SheetEntry(n, exercise, *_parentage(exercise.id)) for n, exercise in enumerate(chosen, 1)]
        return Worksheet(tuple(entries))
    seed = DEFAULT_SEED if seed is None else seed
    check_request(variants, seed)
    made: list[Exercise] = []
    for exercise in chosen:
        try:
            made += make_variants(exercise, variants, seed)
        except VariantError:
            if named:
                raise
            # the whole bank was asked for: leave out what cannot vary (written-out answers)
    entries = [SheetEntry(n, exercise, *_parentage(exercise.id)) for n, exercise in enumerate(made, 1)]
    return Worksheet(tuple(entries), variants, seed)


def _parentage(exercise_id: str) -> tuple[str | None, int | None]:
    if not is_variant_id(exercise_id):
        return None, None
    identity = parse_variant_id(exercise_id)
    return identity.parent, identity.seed


def answer_key(sheet: Worksheet) -> AnswerKey:
    """Each exercise of ``sheet`` solved (:func:`symgrad.solution.solve`), with its answers."""
    from symgrad.solution import solve

    entries = tuple(KeyEntry(entry, solve(entry.exercise), tuple(answer_texts(entry.exercise).items()))
                    for entry in sheet.exercises)
    return AnswerKey(sheet, entries)


def answer_texts(exercise: Exercise) -> dict[str, str]:
    """Item key → the answer as a student types it: exact values and formulas as
    ``symgrad check`` reads them (vectors ``(a, b)``, matrices ``[[a, b], [c, d]]``);
    numbers the item asks to some decimals, rounded to them."""
    from symgrad.solution import round_to, shape_map

    texts = {}
    for item in exercise.items:
        value = item.reference
        if item.decimals is not None and not any(free_symbols_of(value)):
            value = shape_map(lambda v: round_to(v, item.decimals), value)
        texts[item.key] = _answer_text(value, item.decimals)
    return texts


def _answer_text(value, decimals: int | None) -> str:
    if isinstance(value, tuple):
        if value and isinstance(value[0], tuple):
            return "[" + ", ".join("[" + ", ".join(_answer_text(v, decimals) for v in row) + "]"
                                   for row in value) + "]"
        return "(" + ", ".join(_answer_text(v, decimals) for v in value) + ")"
    if decimals is not None and isinstance(value, sympy.Rational) and not value.is_Integer:
        return decimal_text(value)
    return sympy.sstr(value)


__all__ = ["AnswerKey", "KeyEntry", "SheetEntry", "Worksheet", "answer_key", "answer_texts", "build_worksheet"]
