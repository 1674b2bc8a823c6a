"""Grade 1,000 mixed submissions with symgrad and with a naive grader, in one run.

The naive grader is the usual first attempt: parse the answer (same safe parser) and
accept it when ``simplify(expected - answer) == 0`` (one call per answer, bounded at
10 s). symgrad grades the same submissions with :func:`grade_submissions` (worker
processes, identical answers graded once), and once more in-process one answer at a
time with no sharing, so the ratio is shown with and without those two effects.

Submissions are a mix for exercise p2 (f = ln(x² + 2xy − y²)): equivalent forms of the
right answer, the common mistakes, answers with random wrong coefficients (so most
answers are distinct), decimals, and invalid input. Run:

    python benchmarks/bench_grading.py [--submissions 1000] [--seed 1]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time

import sympy

from symgrad.errors import ResourceLimitError, SymgradError
from symgrad.exercises import get_exercise
from symgrad.grading.batch import Submission, grade_submissions
from symgrad.grading.grade import CORRECT, grade_item
from symgrad.limits import time_limit
from symgrad.parse import parse_expression

D = "(x^2+2xy-y^2)"
FX_RIGHT = [f"(2x+2y)/{D}", f"2(x+y)/{D}", f"(2y+2x)/{D}", f"2*(x + y)*{D}^(-1)", f"(x+y)/(0.5*{D})"]
FY_RIGHT = [f"(2x-2y)/{D}", f"2(x-y)/{D}", f"-2(y-x)/{D}", f"(2x-2y)*{D}^-1"]
FX_WRONG = [f"1/{D}", f"(2x-2y)/{D}", f"-(2x+2y)/{D}", f"ln{D}", f"(2x+2y)/{D}^2", "2x+2y"]
FY_WRONG = [f"1/{D}", f"(2x+2y)/{D}", f"(2y-2x)/{D}", f"(2x-2y)*ln{D}"]
INVALID = ["diff(ln(x^2+2xy-y^2), x)", "(2x+2y)/(", "__import__('os')", "x +* y"]


def random_answer(rng: random.Random, right, wrong, variable_pair: str) -> str:
    roll = rng.random()
    if roll < 0.35:
        return rng.choice(right)
    if roll < 0.55:
        return rng.choice(wrong)
    if roll < 0.6:
        return rng.choice(INVALID)
    a, b, c = (rng.randint(-9, 9) for _ in range(3))
    return f"({a}x{b:+d}y)/(x^2{c:+d}xy-y^2)" if variable_pair == "x" else f"({a}x{b:+d}y)/{D}^{rng.randint(1, 3)}"


def make_submissions(count: int, seed: int) -> list[Submission]:
    rng = random.Random(seed)
    submissions = []
    for n in range(count):
        answers = {"f_x": random_answer(rng, FX_RIGHT, FX_WRONG, "x"),
                   "f_y": random_answer(rng, FY_RIGHT, FY_WRONG, "y"),
                   "f_x(1,1)": rng.choice(["2", "2.0", "4/2", "1", "0", str(rng.randint(-5, 5))]),
                   "f_y(1,1)": rng.choice(["0", "0.0", "2", "-1", str(rng.randint(-5, 5))])}
        submissions.append(Submission(f"s{n:04d}", answers, n + 2))
    return submissions


def naive_verdict(expected: sympy.Expr, text: str) -> str:
    try:
        answer = parse_expression(text)
    except SymgradError:
        return "invalid"
    try:
        with time_limit(10.0, "simplify"):
            return CORRECT if sympy.simplify(expected - answer) == 0 else "incorrect"
    except (ResourceLimitError, RecursionError):
        return "undecided"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=1000, help="number of submissions")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the mix")
    args = parser.parse_args()
    exercise = get_exercise("p2")
    submissions = make_submissions(args.submissions, args.seed)
    answers = [(s.student, key, text) for s in submissions for key, text in s.answers.items()]
    distinct = len({(key, text) for _, key, text in answers})
    print(f"{len(submissions)} submissions, {len(answers)} answers ({distinct} distinct), "
          f"{os.cpu_count()} cores", flush=True)

    started = time.perf_counter()
    report = grade_submissions(exercise, submissions)
    batch_seconds = time.perf_counter() - started
    ours = {(r.student, item.key): item.verdict for r in report.results for item in r.grade.items}

    started = time.perf_counter()
    for student, key, text in answers:
        grade_item(exercise, exercise.item(key), text)
    serial_seconds = time.perf_counter() - started

    started = time.perf_counter()
    naive = {}
    for student, key, text in answers:
        naive[(student, key)] = naive_verdict(exercise.item(key).reference, text)
    naive_seconds = time.perf_counter() - started

    differ = [(k, ours[k], naive[k]) for k in naive if ours[k] != naive[k]]
    n = len(answers)
    print(f"symgrad batch (workers, shared answers): {batch_seconds:8.2f} s  {n / batch_seconds:8.1f} answers/s")
    print(f"symgrad serial (one process, no sharing): {serial_seconds:8.2f} s  {n / serial_seconds:8.1f} answers/s")
    print(f"naive simplify(expected - answer) == 0:   {naive_seconds:8.2f} s  {n / naive_seconds:8.1f} answers/s")
    print(f"ratio naive/batch  = {naive_seconds / batch_seconds:6.1f}x")
    print(f"ratio naive/serial = {naive_seconds / serial_seconds:6.1f}x")
    print(f"verdicts that differ: {len(differ)} of {n}")
    for (student, key), mine, theirs in differ[:8]:
        text = next(s.answers[key] for s in submissions if s.student == student)
        print(f"  {key:9} {text[:48]:48} symgrad {mine:10} naive {theirs}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
