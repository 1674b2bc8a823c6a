"""The bank's regression exercises (LECTURE.md §8): graded by `check`, values worked by hand.

r1: L = ½[(1 − θ₀)² + (3 − θ₀ − θ₁)² + (4 − θ₀ − 2θ₁)²] on (0, 1), (1, 3), (2, 4):
∇L = (3θ₀ + 3θ₁ − 8, 3θ₀ + 5θ₁ − 11); from (0, 0) with ρ = 0.1 batch GD goes to (0.8, 1.1)
and (1.03, 1.41); SGD on the second point alone, ∇l₂(0) = (−3, −3), goes to (0.3, 0.3);
the least-squares solution is (7/6, 3/2) (numpy's lstsq agrees, below).
r2: at θ = 0 every pᵢ = ½, ∇l = −Σ(yᵢ − ½)(1, xᵢ) = (0, −1) on (0, 0), (1, 1), (2, 0), (3, 1).
"""

from __future__ import annotations

import numpy as np

from symgrad import check
from symgrad.catalog import find_exercise

SECONDS = 30  # a loaded machine must not turn a checkable answer into "undecided"

R1 = {"grad": "(3θ0 + 3θ1 - 8, 3θ0 + 5θ1 - 11)", "hessian": "[[3, 3], [3, 5]]", "grad0": "(-8, -11)",
      "batch1": "(0.8, 1.1)", "batch2": "(1.03, 1.41)", "grad_l2": "(θ0 + θ1 - 3, θ0 + θ1 - 3)",
      "sgd1": "(0.3, 0.3)", "minimum": "(1.1667, 1.5)"}


def verdicts(exercise, answers):
    return {item.key: item.verdict for item in check(exercise, answers, seconds=SECONDS).items}


def test_r1_right_answers():
    assert set(verdicts("r1", R1).values()) == {"correct"}
    A = np.array([[1, 0], [1, 1], [1, 2]], dtype=float)
    np.testing.assert_allclose(np.linalg.lstsq(A, [1, 3, 4], rcond=None)[0], [7 / 6, 3 / 2])


def test_r1_batch_and_sgd_steps_are_not_interchangeable():
    wrong = verdicts("r1", {"sgd1": "(0.8, 1.1)", "batch1": "(0.3, 0.3)", "grad": "(3θ0 + 3θ1 + 8, 3θ0 + 5θ1 + 11)"})
    assert wrong == {"sgd1": "incorrect", "batch1": "incorrect", "grad": "incorrect"}


def test_r2_logistic_gradient():
    right = verdicts("r2", {"dl/dtheta1": "-(y - 1/(1 + e^(-(θ1 x1 + θ2 x2)))) x1", "grad0": "(0, -1)",
                            "theta(1)": "(0, 0.5)"})
    assert set(right.values()) == {"correct"}
    grade = check("r2", {"dl/dtheta1": "(y - 1/(1 + e^(-(θ1 x1 + θ2 x2)))) x1"}, seconds=SECONDS)
    assert grade.items[0].verdict == "incorrect"  # the sign of −(y − p) forgotten


def test_korean_titles():
    for exercise_id in ("r1", "r2"):
        exercise = find_exercise(exercise_id)
        assert exercise.section == 8
        assert any("\uac00" <= char <= "\ud7a3" for char in exercise.title.ko)
