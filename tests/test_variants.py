"""Variants (symgrad.variants): same shape, new numbers, checked, reproducible and gradable.

Expected values of a variant are checked against sympy.diff at the variant's point and
against a descent loop written out here (Θₖ₊₁ = Θₖ − ρ∇f(Θₖ)), and the camelback's
end point against the local minima listed in LECTURE.md §4 (SFU library).
"""

from __future__ import annotations

import json

import pytest
import sympy
from click.testing import CliRunner

from symgrad.cli import main
from symgrad.catalog import find_exercise
from symgrad.exercises import get_exercise, load_bank
from symgrad.grading.grade import grade_answers
from symgrad.parse import make_symbol
from symgrad.variants import (MAX_VARIANTS, VariantError, defined_at, is_clean, make_variants,
                              parse_variant_id, redraw_coefficients)
from symgrad.worksheet import answer_texts
from symgrad.phrases import message_text

x, y = make_symbol("x"), make_symbol("y")
VARIED = ["d1", "d3", "d4", "d5", "d7", "p1", "p2", "p3", "p5", "p6", "s1", "s2", "s3", "s4", "s5", "s6",
          "g1", "g2", "g3", "g4", "g5", "g6", "camelback"]
# LECTURE.md §4: the camelback's six local minima (SFU Virtual Library of Simulation Experiments)
CAMELBACK_MINIMA = [(0.0898420, -0.7126564), (-0.0898420, 0.7126564), (1.703607, -0.796084),
                    (-1.703607, 0.796084), (1.607105, 0.568651), (-1.607105, -0.568651)]


def run(*args):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def variants():
    return {exercise_id: make_variants(get_exercise(exercise_id), 3, seed=7) for exercise_id in VARIED}


def entries(value):
    """The entries of a scalar, vector or matrix, flattened."""
    if isinstance(value, tuple):
        return [e for v in value for e in entries(v)]
    return [value]


def same(a, b) -> bool:
    left, right = entries(a), entries(b)
    return len(left) == len(right) and all(sympy.simplify(p - q) == 0 for p, q in zip(left, right))


# ------------------------------------------------------------------ shape and difference

def test_p2_variants_are_ln_of_a_quadratic_form_with_small_integer_coefficients(variants):
    for variant in variants["p2"]:
        assert isinstance(variant.function, sympy.log)
        inner = sympy.Poly(variant.function.args[0], x, y).as_dict()
        assert set(inner) == {(2, 0), (1, 1), (0, 2)}             # a x² + b xy − c y², as in the lecture
        a, b, c = inner[(2, 0)], inner[(1, 1)], -inner[(0, 2)]
        assert all(1 <= k <= 5 for k in (a, b, c))
        point = variant.items[2].at
        assert (a * point[0] ** 2 + b * point[0] * point[1] - c * point[1] ** 2) > 0   # ln is defined there
        assert variant.items[2].key == f"f_x({point[0]},{point[1]})"


@pytest.mark.parametrize("exercise_id", VARIED)
def test_variants_differ_from_the_parent_and_from_each_other(variants, exercise_id):
    parent = get_exercise(exercise_id)

    def numbers(exercise):
        descent = None if exercise.descent is None else (exercise.descent.start, exercise.descent.rate)
        return exercise.function, tuple(item.at for item in exercise.items), descent

    drawn = [numbers(v) for v in variants[exercise_id]]
    assert numbers(parent) not in drawn
    assert len(set(drawn)) == 3
    assert [v.id for v in variants[exercise_id]] == [f"{exercise_id}~7.{n}" for n in (1, 2, 3)]
    for variant in variants[exercise_id]:
        assert [i.kind for i in variant.items] == [i.kind for i in parent.items]
        assert [i.wrt for i in variant.items] == [i.wrt for i in parent.items]


def test_exercises_whose_answers_are_written_out_keep_their_function(variants):
    g2 = get_exercise("g2")
    for variant in variants["g2"]:            # w_k = w0(1 − 2δ)^k is written in the file: f stays w²
        assert variant.function == g2.function
        assert (variant.descent.start, variant.descent.rate) != (g2.descent.start, g2.descent.rate)
        assert variant.item("w_k").expected == g2.item("w_k").expected
    for variant in variants["camelback"]:     # the minimum is found numerically: J stays the camelback
        assert variant.function == get_exercise("camelback").function


def test_an_exercise_with_nothing_to_vary_is_refused():
    with pytest.raises(VariantError, match="d6 has nothing a variant can change"):
        make_variants(get_exercise("d6"), 2, seed=7)


# ------------------------------------------------------------------ values, independently

@pytest.mark.parametrize("exercise_id", VARIED)
def test_expected_values_equal_sympy_diff_at_the_variants_point(variants, exercise_id):
    for variant in variants[exercise_id]:
        f, names = variant.function, variant.variables
        for item in variant.items:
            if item.step is not None or item.kind in ("minimum", "maximum") or \
                    (item.kind == "iterate" and item.step is None):
                continue
            if item.kind == "gradient":
                formula = tuple(sympy.diff(f, v) for v in names)
            elif item.kind == "hessian":
                formula = tuple(tuple(sympy.diff(sympy.diff(f, a), b) for b in names) for a in names)
            else:
                formula = f
                for v in item.wrt:
                    formula = sympy.diff(formula, v)
            if item.at is not None:
                point = dict(zip(names, item.at))
                formula = tuple(e.xreplace(point) for e in entries(formula))
            assert same(tuple(entries(formula)), tuple(entries(item.reference))), (variant.id, item.key)


@pytest.mark.parametrize("exercise_id", ["g2", "g3", "g4", "g5", "g6", "camelback"])
def test_iterates_follow_the_update_rule_written_out_here(variants, exercise_id):
    for variant in variants[exercise_id]:
        f, names, descent = variant.function, variant.variables, variant.descent
        sign = -1 if descent.rule == "descent" else 1
        theta = list(descent.start)
        path = [tuple(theta)]
        for _ in range(2):
            gradient = [sympy.diff(f, v).subs(dict(zip(names, theta))) for v in names]
            theta = [t + sign * descent.rate * g for t, g in zip(theta, gradient)]
            path.append(tuple(theta))
        for item in variant.items:
            if item.kind == "iterate" and item.step is not None:
                expected = path[item.step] if len(names) > 1 else path[item.step][0]
                assert same(expected, item.reference), (variant.id, item.key)
            if item.kind == "value" and item.step is not None:
                assert sympy.simplify(f.subs(dict(zip(names, path[item.step]))) - item.reference) == 0


def test_the_camelback_variants_end_at_one_of_the_six_local_minima(variants):
    for variant in variants["camelback"]:
        end = variant.item("minimum").expected
        assert variant.item("minimum").decimals == 4
        assert any(abs(float(end[0]) - a) <= 1e-4 and abs(float(end[1]) - b) <= 1e-4
                   for a, b in CAMELBACK_MINIMA), end


def test_one_variable_extrema_are_where_the_derivative_vanishes(variants):
    for exercise_id, key in (("g1", "x_min"), ("g6", "alpha_max")):
        for variant in variants[exercise_id]:
            (v,) = variant.variables
            extremum = variant.item(key).reference
            assert sympy.diff(variant.function, v).subs(v, extremum) == 0
            if exercise_id == "g1":                          # y_min is f at x_min
                assert variant.item("y_min").reference == variant.function.subs(v, extremum)
                assert variant.item("y_min").at == (extremum,)


def test_descent_values_at_the_start_follow_the_new_start(variants):
    for variant in variants["g4"]:
        (v,) = variant.variables
        start = variant.descent.start[0]
        assert variant.item("f'(x_t)").at == (start,)
        assert variant.item("f'(x_t)").reference == sympy.diff(variant.function, v).subs(v, start)


# ------------------------------------------------------------------ checks

def test_clean_numbers():
    assert is_clean(sympy.Integer(8)) and is_clean(sympy.Rational(-12, 7)) and is_clean(sympy.Rational(231, 40))
    assert not is_clean(sympy.Rational(1, 23)) and not is_clean(sympy.Integer(1001))
    assert not is_clean(sympy.log(7)) and not is_clean(sympy.sqrt(2))
    assert is_clean((sympy.Integer(1), sympy.Rational(1, 2)))


def test_defined_at_needs_f_gradient_and_hessian_finite_and_real():
    f = sympy.log(x**2 + 2 * x * y - y**2)
    assert defined_at(f, (x, y), (1, 1))                # 1 + 2 − 1 = 2 > 0
    assert not defined_at(f, (x, y), (1, -1))           # 1 − 2 − 1 = −2: ln of a negative number
    assert not defined_at(f, (x, y), (0, 0))            # ln 0
    assert not defined_at(sympy.sqrt(x**2 + y**2), (x, y), (0, 0))   # f defined, ∇f not


@pytest.mark.parametrize("exercise_id", VARIED)
def test_every_exact_number_of_a_variant_is_clean_where_the_parents_is(variants, exercise_id):
    parent = get_exercise(exercise_id)
    for variant in variants[exercise_id]:
        for mine, theirs in zip(variant.items, parent.items):
            if mine.exact is not None and mine.decimals is None and is_clean(theirs.reference):
                assert is_clean(mine.exact), (variant.id, mine.key, mine.exact)


def test_redrawn_coefficients_keep_signs_and_exponents():
    import random

    rng = random.Random(3)
    f = x**3 + 2 * x * y**3
    for _ in range(20):
        g = redraw_coefficients(f, rng)
        terms = sympy.Poly(g, x, y).as_dict()
        assert set(terms) == {(3, 0), (1, 3)} and all(1 <= c <= 5 for c in terms.values())


# ------------------------------------------------------------------ ids and reproducibility

def test_ids_encode_parent_seed_and_number():
    identity = parse_variant_id("p2~7.1")
    assert (identity.parent, identity.seed, identity.index) == ("p2", 7, 1) and str(identity) == "p2~7.1"
    for bad in ("p2~x", "p2~7", "p2~7.0", f"p2~7.{MAX_VARIANTS + 1}", "p2~-1.1"):
        with pytest.raises(VariantError):
            parse_variant_id(bad)


def test_the_same_seed_gives_the_same_variants_and_another_seed_others():
    from symgrad import variants as module

    first = make_variants(get_exercise("s1"), 2, seed=11)
    module._MADE.clear()
    again = make_variants(get_exercise("s1"), 2, seed=11)
    assert [v.function for v in first] == [v.function for v in again] and first == again
    other = make_variants(get_exercise("s1"), 2, seed=12)
    assert [v.function for v in other] != [v.function for v in first]


def test_get_exercise_regenerates_a_variant_from_its_id(variants):
    assert find_exercise("p2~7.2") == variants["p2"][1]
    assert find_exercise("camelback~7.3") == variants["camelback"][2]


@pytest.mark.parametrize("bad", ["zz~7.1", "p2~7.0", "p2~x", "d6~1.1"])
def test_a_bad_variant_id_is_one_error_line(bad):
    result = run("exercises", "show", bad)
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1 and result.output.startswith("error: ")


# ------------------------------------------------------------------ grading variants

@pytest.mark.parametrize("exercise_id", VARIED)
def test_a_variants_own_answers_grade_fully_correct(variants, exercise_id):
    for variant in variants[exercise_id]:
        grade = grade_answers(variant, answer_texts(variant))
        assert grade.score == grade.max_score, [(i.key, i.verdict, message_text(i.message)) for i in grade.items]


def test_a_common_mistake_on_a_variant_gets_its_feedback(variants):
    variant = variants["p2"][0]
    u = variant.function.args[0]                       # f = ln u: forgetting the inner factor u_x
    grade = grade_answers(variant, {"f_x": sympy.sstr(1 / u)}, only_answered=True)
    assert grade.items[0].verdict == "incorrect" and grade.items[0].mistake == "chain_rule_inner"


def test_check_show_and_solve_accept_a_variant_id(variants):
    variant = variants["p2"][0]
    answers = answer_texts(variant)
    args = ["check", variant.id, "--format", "json"]
    for key, text in answers.items():
        args += ["--answer", f"{key}={text}"]
    result = run(*args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["exercise"] == variant.id and data["score"] == data["max_score"] == len(variant.items)
    shown = run("exercises", "show", variant.id)
    assert shown.exit_code == 0 and variant.items[2].key in shown.output
    solved = run("exercises", "solve", variant.id)
    assert solved.exit_code == 0 and variant.id in solved.output


def test_every_bank_exercise_but_d6_has_variants():
    assert set(load_bank()) - set(VARIED) == {"d2", "d6", "p4", "p7"}
    for exercise_id in ("d2", "p4", "p7"):
        assert len(make_variants(get_exercise(exercise_id), 2, seed=1)) == 2


def test_variant_ids_are_resolved_above_the_bank():
    """The bank reads its own files only; find_exercise (symgrad.catalog) adds the variants,
    so symgrad.exercises never imports symgrad.variants (issue 9: no upward import)."""
    import ast
    from pathlib import Path

    import symgrad.exercises
    from symgrad.exercises import ExerciseError

    with pytest.raises(ExerciseError):
        get_exercise("p2~7.1")
    assert find_exercise("p2~7.1").id == "p2~7.1" and find_exercise("p2") is get_exercise("p2")
    tree = ast.parse(Path(symgrad.exercises.__file__).read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert "symgrad.variants" not in imported
