"""The grading table: equivalent forms, each common mistake with its feedback, invalid and
malicious inputs. Verdicts come from hand calculation (each expected derivative is the
lecture's, LECTURE.md sections 1-5); mistaken answers are worked out by hand in the
comments next to them."""

from __future__ import annotations

import pytest

from symgrad.exercises import get_exercise
from symgrad.grading.grade import (CORRECT, INCORRECT, INVALID, UNDECIDED, forbidden_name, grade_answers,
                                   grade_item, parse_answer_options)
from symgrad.phrases import message_text

C, X, V = CORRECT, INCORRECT, INVALID

EQUIVALENT_FORMS = [
    ("d1", "y'", "1/x"), ("d1", "y'", "x^-1"), ("d1", "y'", "x^(-1)"), ("d1", "y'", "2/(2x)"),
    ("d2", "y'", "3/x"), ("d2", "y'", "3*x^-1"), ("d2", "y'", "3x^2/x^3"), ("d2", "y'", "6/(2x)"),
    ("d3", "y'", "4e^(4x)"), ("d3", "y'", "4*exp(4x)"), ("d3", "y'", "e^(4x)*4"), ("d3", "y'", "4(e^x)^4"),
    ("d4", "y'", "e^(3x)(1+3x)"), ("d4", "y'", "e^(3x)+3xe^(3x)"), ("d4", "y'", "(3x+1)exp(3x)"),
    ("d5", "y'", "e^x/(1+e^x)^2"), ("d5", "y'", "exp(x)/(exp(x)+1)^2"), ("d5", "y'", "e^x/(1+2e^x+e^(2x))"),
    ("d5", "y'", "1/(e^(-x)+2+e^x)"),
    ("d6", "dy/dt", "2t cos(t^2)"), ("d6", "dy/dt", "cos(t^2)*2t"), ("d6", "dx/dt", "2t"),
    ("d6", "dy/dx", "cos x"),
    ("d7", "f'", "-2e^(-2x)"), ("d7", "f'", "-2/e^(2x)"), ("d7", "f'", "-2*exp(-2*x)"),
    ("p1", "f_x", "y^2+2xy"), ("p1", "f_x", "y(y+2x)"), ("p1", "f_x", "2*x*y + y**2"),
    ("p1", "f_y", "2xy+x^2"), ("p1", "f_y", "x(2y+x)"), ("p1", "f_x(1,2)", "8"), ("p1", "f_x(1,2)", "8.0"),
    ("p1", "f_x(1,2)", "16/2"), ("p1", "f_y(1,2)", "5"), ("p1", "f_y(1,2)", "5.00"),
    ("p2", "f_x", "(2x+2y)/(x^2+2xy-y^2)"), ("p2", "f_x", "2(x+y)/(x^2+2xy-y^2)"),
    ("p2", "f_y", "2(x-y)/(x^2+2xy-y^2)"), ("p2", "f_x(1,1)", "2"), ("p2", "f_y(1,1)", "0"),
    ("p3", "f_x", "y+z"), ("p3", "f_x", "z+y"), ("p3", "f_y", "x+z"), ("p3", "f_z", "x+y"),
    ("p4", "grad", "(x2+x3, x1+x3, x2+x1)"), ("p4", "grad", "[x2+x3, x1+x3, x1+x2]"),
    ("p4", "f_x1", "x_2 + x_3"), ("p4", "f_x3", "x₁+x₂"),
    ("p5", "f_x", "4x+3y^2-12y"), ("p5", "f_x", "2(x-6y) + (2x+3y^2)"),
    ("p5", "f_y", "6xy-12x-54y^2"), ("p5", "f_y", "-6(2x+3y^2) + (x-6y)6y"),
    ("p6", "g_t1", "2t2(2t2+3)/(t2^2-3t1)^2"), ("p6", "g_t1", "(4t2^2+6t2)/(t2^2-3t1)^2"),
    ("p6", "g_t1", "(4(t2^2-3t1)+3(2t2+4t1))/(t2^2-3t1)^2"),
    ("p6", "g_t2", "(2(t2^2-3t1) - (2t2+4t1)(2t2))/(t2^2-3t1)^2"),
    ("p7", "f_x", "6x(z-y)"), ("p7", "f_x", "6xz-6xy"), ("p7", "f_y", "-(3x^2+z^2)"),
    ("p7", "f_z", "2z(z-y) + 3x^2+z^2"), ("p7", "f_z", "3x^2+3z^2-2yz"),
    ("s1", "f_x", "3x^2+2y^3"), ("s1", "f_y", "6xy^2"), ("s1", "f_xx", "6x"), ("s1", "f_xy", "6y^2"),
    ("s1", "f_yx", "6y^2"), ("s1", "f_yy", "12xy"), ("s1", "hessian", "[[6x,6y^2],[6y^2,12xy]]"),
    ("s2", "f_x1x1", "12x1x2"), ("s2", "f_x1x2", "6x1^2"), ("s2", "f_x3x3", "60x2x3^2"),
    ("s2", "hessian", "[[12x1x2,6x1^2,0],[6x1^2,0,20x3^3],[0,20x3^3,60x2x3^2]]"),
    ("s3", "f_yy", "-z^2/(y^2+z^2)^(3/2)"), ("s3", "f_yy", "-z^2/sqrt(y^2+z^2)^3"),
    ("s3", "f_yy", "-z^2*(y^2+z^2)^(-3/2)"), ("s3", "f_yz", "yz/(y^2+z^2)^(3/2)"),
    ("s3", "f_zz", "-y^2/((y^2+z^2)*sqrt(y^2+z^2))"),
    ("s4", "f_xy", "1/y"), ("s4", "f_yy", "-x/y^2"), ("s4", "hessian", "[[0,1/y],[1/y,-x/y^2]]"),
    ("s5", "hessian(1,1)", "[[-3,1],[1,-1]]"), ("s5", "f_xy", "2(-x^2+2xy+y^2)/(x^2+2xy-y^2)^2"),
    ("s6", "hessian", "[[10theta1^4-25.2theta1^2+8,1],[1,48theta2^2-8]]"),
    ("s6", "hessian(-0.5,0.5)", "[[2.325,1],[1,4]]"), ("s6", "hessian(-0.5,0.5)", "[[93/40,1],[1,4]]"),
    ("g1", "dy/dx", "2(x-2)"), ("g1", "dy/dx", "2x-4"), ("g1", "x_min", "2"), ("g1", "y_min", "2"),
    ("g2", "dL/dw", "2w"), ("g2", "w_new", "w-2*delta*w"), ("g2", "w_new", "w(1-2δ)"),
    ("g2", "w_k", "w0(1-2delta)^k"), ("g2", "w1", "0.8"), ("g2", "w2", "0.64"), ("g2", "w2", "16/25"),
    ("g3", "grad", "(6w1, 8w2)"), ("g3", "w_new", "(w1(1-6delta), w2(1-8delta))"),
    ("g3", "w(1)", "(0.4,0.2)"), ("g3", "w(2)", "(0.16,0.04)"),
    ("g4", "f'(x_t)", "4"), ("g4", "x_next", "1.96"), ("g4", "x_next", "49/25"),
    ("g5", "f'(x_t)", "-6"), ("g5", "x_next", "-2.4"), ("g5", "x_next", "-12/5"),
    ("g6", "dJ/dalpha", "4-2alpha"), ("g6", "alpha1", "0.4"), ("g6", "alpha2", "0.72"), ("g6", "alpha_max", "2"),
    ("camelback", "theta1", "(-0.4748, 0.525)"), ("camelback", "theta1", "(-0.4749, 0.525)"),
    ("camelback", "theta1", "(-0.474875, 0.525)"), ("camelback", "theta2", "(-0.4506, 0.5486)"),
    ("camelback", "J0", "-0.12604"), ("camelback", "J1", "-0.24906"), ("camelback", "J1", "-0.24888"),
    ("camelback", "J2", "-0.36036"), ("camelback", "J2", "-0.36024"), ("camelback", "grad0", "(-2.5125,-2.5)"),
    ("camelback", "grad1", "(-2.4228,-2.3596)"), ("camelback", "minimum", "(-0.0898, 0.7127)"),
    ("camelback", "grad", "(2θ1^5-8.4θ1^3+8θ1+θ2, 16θ2^3-8θ2+θ1)"),
]

MISTAKES = [
    # chain rule: d/dx ln(x^3) without the inner 3x^2 is 1/x^3
    ("d2", "y'", "1/x^3", "chain_rule_inner", "Chain rule"),
    ("d3", "y'", "e^(4x)", "chain_rule_inner", "inner function"),       # missing the 4
    ("d6", "dy/dt", "cos(t^2)", "chain_rule_inner", "Chain rule"),      # missing 2t
    ("d7", "f'", "e^(-2x)", "chain_rule_inner", "Chain rule"),          # missing -2
    ("p2", "f_x", "1/(x^2+2xy-y^2)", "chain_rule_inner", "Chain rule"),  # 1/u without du/dx
    ("d4", "y'", "e^(3x) + x e^(3x)", "chain_rule_inner", "Chain rule"),  # (e^3x)' taken as e^3x
    # wrong variable
    ("p1", "f_y", "y^2+2xy", "wrong_variable", "with respect to x instead of y"),
    ("p3", "f_x", "x+z", "wrong_variable", "instead of x"),
    ("p7", "f_x", "-3x^2-z^2", "wrong_variable", "with respect to y"),
    ("p1", "f_x(1,2)", "5", "wrong_variable", "instead of x"),          # f_y(1,2) = 4 + 1
    ("s1", "f_xx", "12xy", "wrong_variable", "(y, y)"),
    # another variable treated as a variable: (y^2 + 2xy) + (2xy + x^2)
    ("p1", "f_x", "x^2+4xy+y^2", "other_variable_varied", "y is a constant"),
    ("p3", "f_x", "x+y+2z", "other_variable_varied", "constant"),        # (y+z) + (x+z)
    # sign errors
    ("d7", "f'", "2e^(-2x)", "sign_error", "Sign error"),
    ("p7", "f_y", "3x^2+z^2", "sign_error", "Sign error"),
    ("p5", "f_x", "4x+3y^2+12y", "sign_error", "one term"),
    ("d1", "y'", "-1/x", "sign_error", "negative"),
    ("g3", "grad", "(-6w1, -8w2)", "sign_error", "−∇f"),
    # quotient rule with the numerator reversed: (f g' - f' g)/g^2
    ("d5", "y'", "-e^x/(1+e^x)^2", "quotient_reversed", "Quotient rule"),
    ("p6", "g_t1", "-2t2(2t2+3)/(t2^2-3t1)^2", "quotient_reversed", "reversed"),
    # integrated instead of differentiated
    ("d1", "y'", "x ln x - x", "integrated", "integrated"),
    ("d1", "y'", "x*ln(x) - x + C", "integrated", "integrated"),
    ("d3", "y'", "e^(4x)/4", "integrated", "integrated"),
    ("d7", "f'", "-e^(-2x)/2", "integrated", "integrated"),
    ("g2", "dL/dw", "w^3/3", "integrated", "integrated"),
    # gradient components swapped
    ("g3", "grad", "(8w2, 6w1)", "components_swapped", "wrong order"),
    ("camelback", "grad0", "(-2.5, -2.5125)", "components_swapped", "wrong order"),
    ("p4", "grad", "(x1+x3, x2+x3, x1+x2)", "components_swapped", "wrong order"),
    # descent with + instead of -: 2 + 0.01*4, -3 + 0.1*6 ... ; ascent with -
    ("g4", "x_next", "2.04", "descent_sign", "subtracts the gradient"),
    ("g5", "x_next", "-3.6", "descent_sign", "adds it"),
    ("camelback", "theta1", "(-0.5251, 0.475)", "descent_sign", "uphill"),
    ("g6", "alpha1", "-0.4", "descent_sign", "ascent adds"),
    # wrong learning rate: 2 - 0.1*4 = 1.6; 2 - 1*4 = -2; -3 - 0.01*(-6) = -2.94
    ("g4", "x_next", "1.6", "learning_rate", "learning rate 0.1"),
    ("g4", "x_next", "-2", "learning_rate", "learning rate 1"),
    ("g5", "x_next", "-2.94", "learning_rate", "learning rate 0.01"),
    ("camelback", "theta1", "(-0.24875, 0.75)", "learning_rate", "learning rate 0.1"),
    # the formula where the value at (1, 2) was asked
    ("p1", "f_x(1,2)", "y^2+2xy", "not_evaluated", "value at the point"),
]

PLAIN_WRONG = [
    ("d1", "y'", "ln(x)"), ("p3", "f_z", "x*y"), ("s4", "f_yy", "x/y^2 + 1"), ("camelback", "J1", "-0.2500"),
    ("camelback", "theta1", "(-0.4760, 0.525)"), ("g4", "x_next", "1.9"), ("s1", "hessian", "[[6x,0],[0,12xy]]"),
    ("p1", "f_x(1,2)", "9"), ("d2", "y'", "3/x^2"), ("g2", "w_k", "w0(1-delta)^k"),
    ("g3", "grad", "(6w1, 8w2, 0)"),                       # three entries for two variables
    ("d1", "y'", "1/X"),                                   # capital X is another variable
]

INVALID_INPUTS = [
    ("d1", "y'", "diff(ln(x), x)", "'diff' is not allowed"),
    ("d1", "y'", "Derivative(log(x), x)", "not allowed"),
    ("d1", "y'", "integrate(1/x^2, x)", "not allowed"),
    ("d1", "y'", "limit((ln(x+h)-ln(x))/h, h, 0)", "not allowed"),
    ("p1", "f_x", "subs(y^2+2xy, x, 1)", "not allowed"),
    ("p1", "f_x", "solve(x)", "not allowed"),
    ("p1", "f_x", "simplify(y^2+2xy)", "not allowed"),
    ("d1", "y'", "__import__('os').system('rm -rf /')", "not allowed"),
    ("d1", "y'", "eval('1/x')", "not allowed"),
    ("d1", "y'", "exec(\"import os\")", "not allowed"),
    ("d1", "y'", "open('/etc/passwd').read()", "not allowed"),
    ("d1", "y'", "x; import os", "not allowed"),
    ("d1", "y'", "`ls`", "not allowed"),
    ("d1", "y'", "1/x +* 2", "could not be read"),
    ("d1", "y'", "sin", "could not be read"),
    ("d1", "y'", "x^(10^10)", "could not be read"),
    ("d1", "y'", "(" * 200 + "x" + ")" * 200, "could not be read"),
    ("d1", "y'", "x+" * 1500 + "x", "could not be read"),
    ("d1", "y'", "foo(x)", "could not be read"),
    ("d1", "y'", "(1, 2)", "Expected one expression"),
    ("g3", "grad", "6w1 + 8w2", "Expected a vector"),
    ("s4", "hessian", "(0, 1/y)", "Expected a matrix"),
    ("d1", "y'", "x.__class__", "not allowed"),
]

TABLE = ([(e, k, a, C, None, None) for e, k, a in EQUIVALENT_FORMS]
         + [(e, k, a, X, m, f) for e, k, a, m, f in MISTAKES]
         + [(e, k, a, X, None, None) for e, k, a in PLAIN_WRONG]
         + [(e, k, a, V, None, f) for e, k, a, f in INVALID_INPUTS])


def test_table_is_large_enough():
    assert len(TABLE) >= 150


@pytest.mark.parametrize("exercise_id,key,answer,verdict,mistake,fragment", TABLE,
                         ids=[f"{r[0]}:{r[1]}:{r[2][:25]}" for r in TABLE])
def test_grading_table(exercise_id, key, answer, verdict, mistake, fragment):
    exercise = get_exercise(exercise_id)
    result = grade_item(exercise, exercise.item(key), answer)
    assert result.verdict == verdict, message_text(result.message)
    assert result.score == (1 if verdict == CORRECT else 0)
    if mistake is not None:
        assert result.mistake == mistake, message_text(result.message)
    if fragment is not None:
        assert fragment in message_text(result.message)


def test_validation_shows_how_the_answer_was_read():
    exercise = get_exercise("d4")
    result = grade_item(exercise, exercise.item("y'"), "xe^x")
    assert result.interpreted == "x·eˣ"
    assert result.variables == ("x",)
    assert result.verdict == INCORRECT


def test_camelback_printed_value_gets_the_rounding_note():
    exercise = get_exercise("camelback")
    result = grade_item(exercise, exercise.item("J1"), "-0.24906")
    assert result.verdict == CORRECT
    assert any("rounded" in note for note in map(message_text, result.remarks))
    truncated = grade_item(exercise, exercise.item("theta1"), "(-0.4748, 0.525)")
    assert any("truncated" in note for note in map(message_text, truncated.remarks))


def test_unknown_variable_is_noted():
    exercise = get_exercise("p1")
    result = grade_item(exercise, exercise.item("f_x"), "y^2 + 2xy + c")
    assert result.verdict == INCORRECT
    assert any("uses c" in note for note in map(message_text, result.remarks))


def test_whole_gradient_and_hessian_split_into_items():
    grade = grade_answers(get_exercise("p1"), {"grad": "(y^2+2xy, x^2+2xy)"}, only_answered=True)
    assert [(i.key, i.verdict) for i in grade.items] == [("f_x", CORRECT), ("f_y", CORRECT)]
    grade = grade_answers(get_exercise("s1"), {"hessian": "[[6x, 6y^2], [6y^2, 12xy]]", "f_xx": "6x"},
                          only_answered=True)
    assert {i.key: i.verdict for i in grade.items}["hessian"] == CORRECT


def test_grade_json_shape():
    grade = grade_answers(get_exercise("p1"), {"f_x": "y^2+2xy", "f_y": "1"}, only_answered=True)
    data = grade.to_dict()
    assert set(data) == {"exercise", "score", "max_score", "items"}
    assert data["score"] == 1 and data["max_score"] == 2
    assert set(data["items"][0]) == {"key", "verdict", "score", "interpreted", "feedback", "notes"}


def test_missing_answers_score_zero():
    grade = grade_answers(get_exercise("p1"), {"f_x": "y^2+2xy"})
    assert grade.max_score == 4 and grade.score == 1


def test_runaway_answer_is_undecided_within_the_bound():
    exercise = get_exercise("d1")
    # evaluating sin(x)^(10^(10^(x^2))) at 60 digits runs for minutes
    result = grade_item(exercise, exercise.item("y'"), "sin(x)^(10^(10^(x^2)))", seconds=0.5)
    assert result.verdict == UNDECIDED


@pytest.mark.parametrize("text,name", [("diff(x)", "diff"), ("Integral(x)", "Integral"), ("d(x)", None),
                                       ("sin(x)", None), ("cos(x)+os", None), ("x__y", "__")])
def test_forbidden_names_are_found_in_the_raw_text(text, name):
    assert forbidden_name(text) == name


def test_answer_options():
    assert parse_answer_options(["f_x(1,2)=8", "f_x = y"]) == {"f_x(1,2)": "8", "f_x": " y"}


@pytest.mark.parametrize("pairs", [1, 2])
@pytest.mark.parametrize("exercise_id,key,answer", EQUIVALENT_FORMS,
                         ids=[f"{e}:{k}:{a[:25]}" for e, k, a in EQUIVALENT_FORMS])
def test_extra_parentheses_never_change_a_verdict(exercise_id, key, answer, pairs):
    # "((2x+2y))/(…)" was read as a malformed matrix from its first two characters (issue 13)
    exercise = get_exercise(exercise_id)
    wrapped = "(" * pairs + answer + ")" * pairs
    assert grade_item(exercise, exercise.item(key), wrapped).verdict == CORRECT


@pytest.mark.parametrize("exercise_id,key,answer", [
    ("p2", "f_x", "((2x+2y))/(x^2+2xy-y^2)"),
    ("p2", "f_x", "((2x+2y)/(x^2+2xy-y^2))"),
    ("d1", "y'", "((1))/x"),
])
def test_answers_that_begin_with_two_parentheses_are_read_as_formulas(exercise_id, key, answer):
    exercise = get_exercise(exercise_id)
    assert grade_item(exercise, exercise.item(key), answer).verdict == CORRECT


def test_unanswered_items_are_blank_not_incorrect():
    grade = grade_answers(get_exercise("p1"), {"f_x": "y^2+2xy", "f_y": "  "})
    verdicts = {item.key: item.verdict for item in grade.items}
    assert verdicts["f_x"] == CORRECT
    assert verdicts["f_y"] == verdicts["f_x(1,2)"] == "blank"
    assert all(item.score == 0 for item in grade.items if item.verdict == "blank")


def test_a_value_that_matches_a_mistake_by_chance_is_only_called_not_equal():
    # p2: ∂f/∂y(1,1) = (2−2)/2 = 0, so "f_x(1,1) = 0" also equals the wrong-variable value;
    # 0 is what students write for many reasons: no mistake is named (issue 13)
    exercise = get_exercise("p2")
    result = grade_item(exercise, exercise.item("f_x(1,1)"), "0")
    assert result.verdict == INCORRECT and result.mistake is None
    assert "differentiated with respect to" not in message_text(result.message)


def test_a_value_explained_by_one_mistake_alone_is_named():
    # g4: x = 2 − 1·(2·2) = −2 is the step with learning rate 1 instead of 0.01 (hand calculation)
    exercise = get_exercise("g4")
    result = grade_item(exercise, exercise.item("x_next"), "-2")
    assert result.mistake == "learning_rate"
