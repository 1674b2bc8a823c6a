"""Looking an exercise up by the id a user types: one of the bank (``p2``) or a variant
of one (``p2~7.1``, see :mod:`symgrad.variants`).

This sits above the bank and the variants, so that the bank (:mod:`symgrad.exercises`)
knows nothing of variants; every command and the grader look ids up here.

>>> find_exercise("p2").id, find_exercise("p2~7.1").title.en
('p2', 'A variant of p2: f(x, y) = ln(x² + 5xy − y²)')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from symgrad.exercises import Exercise


def find_exercise(exercise_id: str, directory: str | None = None) -> Exercise:
    """The exercise ``exercise_id`` names; a variant is regenerated from its parent and seed.

    ExerciseError (unknown id) or VariantError (a malformed variant id), one line each."""
    if "~" in exercise_id:
        from symgrad.variants import resolve_variant

        return resolve_variant(exercise_id, directory)
    from symgrad.exercises import get_exercise

    return get_exercise(exercise_id, directory)
