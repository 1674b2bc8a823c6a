"""Practice sessions (symgrad.practice): right answers from LECTURE.md, every mistake the
grader knows named in the hints, rising hint levels, `show`, scores, and save/resume."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
import sympy

from symgrad import SymgradError, practice
from symgrad.catalog import find_exercise
from symgrad.grading.grade import answer_texts, grade_item
from symgrad.grading.mistakes import mistaken_answers
from symgrad.phrases import message_text, note_phrase, phrase
from symgrad.practice import FORMAT_VERSION, PracticeSession

# LECTURE.md §2 (p2), §3 (s1), §4 (camelback): the values symgrad must reproduce.
RIGHT = {
    "p2": {"f_x": "(2x + 2y)/(x^2 + 2xy - y^2)", "f_y": "(2x - 2y)/(x^2 + 2xy - y^2)",
           "f_x(1,1)": "2", "f_y(1,1)": "0"},
    "s1": {"f_x": "3x^2 + 2y^3", "f_y": "6xy^2", "f_xx": "6x", "f_xy": "6y^2", "f_yx": "6y^2",
           "f_yy": "12xy", "hessian": "[[6x, 6y^2], [6y^2, 12xy]]"},
    "camelback": {"grad": "(2theta1^5 - 8.4theta1^3 + 8theta1 + theta2, 16theta2^3 - 8theta2 + theta1)",
                  "grad0": "(-2.5125, -2.5)", "theta1": "(-0.4748, 0.525)", "grad1": "(-2.4228, -2.3596)",
                  "theta2": "(-0.4506, 0.5486)", "J0": "-0.12604", "J1": "-0.24906", "J2": "-0.36036",
                  "minimum": "(-0.0898, 0.7127)"},
}


def move_to(session, key: str):
    """The session skipped forward to the question ``key``."""
    while session.question.key != key:
        session = session.skip()
    return session


def hint_text(hint, lang: str) -> str:
    return "\n".join(message_text(line, lang) for line in hint.lines)


@pytest.mark.parametrize("exercise_id", sorted(RIGHT))
def test_right_answers_from_the_lecture_score_full_marks(exercise_id):
    session = practice(exercise_id, lang="en")
    assert [record.key for record in session.records] == [item.key for item in find_exercise(exercise_id).items]
    answers = RIGHT[exercise_id]
    while not session.finished:
        key = session.question.key
        session = session.answer(answers[key])
        assert session.feedback.attempt.verdict == "correct", (key, session.lines(session.feedback))
        assert session.feedback.advanced
    assert session.score == session.max_score == len(answers)
    assert session.question is None and all(record.outcome == "correct" for record in session.records)


def test_camelback_accepts_the_exact_iterates_rounded_too():
    """LECTURE.md §4: θ₁ = −0.474875 rounds to −0.4749 (the slide truncated); J(Θ₁) at the exact
    iterate is −0.24888."""
    session = move_to(practice("camelback"), "theta1").answer("(-0.4749, 0.525)")
    assert session.feedback.correct
    session = move_to(session, "J1").answer("-0.24888")
    assert session.feedback.correct


def all_mistakes(exercise_id):
    exercise = find_exercise(exercise_id)
    for item in exercise.items:
        for mistake in mistaken_answers(exercise, item):
            yield exercise, item, mistake


MISTAKE_CASES = [(e.id, item.key, m.id, m.answer) for exercise_id in ("p2", "s1", "camelback")
                 for e, item, m in all_mistakes(exercise_id)]


def answer_text(value) -> str:
    if isinstance(value, tuple):
        if value and isinstance(value[0], tuple):
            return "[" + ", ".join(answer_text(row).replace("(", "[", 1)[:-1] + "]" for row in value) + "]"
        return "(" + ", ".join(answer_text(entry) for entry in value) + ")"
    return answer_texts({"a": value})["a"]


@pytest.mark.parametrize("exercise_id, key, mistake_id, mistaken", MISTAKE_CASES,
                         ids=[f"{e}-{k}-{m}-{i}" for i, (e, k, m, _) in enumerate(MISTAKE_CASES)])
def test_every_known_mistake_is_graded_by_the_grader_and_named_in_the_hints(exercise_id, key, mistake_id,
                                                                            mistaken):
    """Each mistaken derivation the grader carries out, typed as an answer: the session's
    verdict and diagnosis are the grader's own, and a diagnosed mistake is named in every
    hint level (in both languages) until the question is answered."""
    text = answer_text(mistaken)
    exercise = find_exercise(exercise_id)
    expected = grade_item(exercise, exercise.item(key), text)
    session = move_to(practice(exercise_id), key).answer(text)
    attempt = session.feedback.attempt
    assert attempt.verdict == expected.verdict == "incorrect"
    assert attempt.mistake == expected.mistake
    assert session.question.key == key  # the question stays open
    if attempt.mistake is None:  # a number that several slips give: the grader names none
        assert mistaken.is_number
        return
    for level in (1, 2, 3):
        session = session.hint()
        hint = session.feedback.hint
        assert hint.level == level and hint.mistake == attempt.mistake
        for lang in ("en", "ko"):
            assert note_phrase(attempt.message, lang) in hint_text(hint, lang)


@pytest.mark.parametrize("exercise_id, key, answer, mistake", [
    # hand-derived mistaken answers (not taken from the grader's list)
    ("p2", "f_x", "1/(x^2 + 2xy - y^2)", "chain_rule_inner"),       # ln u differentiated as 1/u alone
    ("p2", "f_x", "(2x - 2y)/(x^2 + 2xy - y^2)", "wrong_variable"),  # that is f_y
    ("p2", "f_x", "-(2x + 2y)/(x^2 + 2xy - y^2)", "sign_error"),
    ("p2", "f_x(1,1)", "(2x + 2y)/(x^2 + 2xy - y^2)", "not_evaluated"),
    ("s1", "f_x", "3x^2 + 2y^3 + 6xy^2", "other_variable_varied"),  # f_x + f_y
    ("s1", "f_x", "x^4/4 + x^2 y^3", "integrated"),                 # d/dx of it is f itself
    ("s1", "f_xy", "6x", "wrong_variable"),                         # that is f_xx
    ("camelback", "grad0", "(-2.5, -2.5125)", "components_swapped"),
    ("camelback", "theta1", "(-0.525125, 0.475)", "descent_sign"),   # Θ₀ + 0.01·∇J(Θ₀)
    ("camelback", "theta1", "(-0.24875, 0.75)", "learning_rate"),    # Θ₀ − 0.1·∇J(Θ₀)
])
def test_hand_derived_mistakes_are_named(exercise_id, key, answer, mistake):
    session = move_to(practice(exercise_id), key).answer(answer)
    assert session.feedback.attempt.mistake == mistake
    session = session.hint()
    assert session.feedback.hint.mistake == mistake
    assert session.lines(session.feedback)[1].startswith("  Your last answer: ")


def test_hints_rise_from_the_rule_to_the_revealed_answer():
    """p2's f_x: the lecture derives it with the chain rule, u = x² + 2xy − y², f = ln u."""
    session = practice("p2", lang="en")
    levels = []
    for _ in range(4):
        session = session.hint()
        levels.append(session.feedback.hint)
    assert [hint.level for hint in levels] == [1, 2, 3, 4]
    assert phrase("rule.chain", "en") in hint_text(levels[0], "en")
    assert phrase("rule.chain", "ko") in hint_text(levels[0], "ko")
    assert "u = x² + 2xy − y²" in hint_text(levels[1], "en")
    assert "y is held constant" in hint_text(levels[1], "en")
    assert "2x + 2y" in hint_text(levels[2], "en")  # the inner derivative, worked
    assert not any(hint.revealed for hint in levels[:3]) and levels[3].revealed
    assert "f_x = (2x + 2y)/(x² + 2xy − y²)" in hint_text(levels[3], "en")
    assert session.question.key == "f_y"  # level 4 moves on
    assert session.records[0].outcome == "revealed" and session.records[0].score == 0


@pytest.mark.parametrize("hints, score", [(0, 1), (1, Fraction(3, 4)), (2, Fraction(1, 2)), (3, Fraction(1, 4))])
def test_each_hint_costs_a_quarter(hints, score):
    session = practice("s1")
    for _ in range(hints):
        session = session.hint()
    session = session.answer("2y^3 + 3x^2")
    assert session.records[0].score == score and session.records[0].hints == hints
    assert session.score == score


def test_show_reveals_the_answer_with_the_lecture_note():
    session = move_to(practice("camelback"), "theta1").show()
    hint = session.feedback.hint
    assert hint.revealed and session.feedback.action == "show" and session.feedback.advanced
    text = hint_text(hint, "en")
    assert "theta1 = (−0.4748, 0.525)" in text and "(−0.474875, 0.525)" in text  # printed and exact
    assert "truncated" in text
    record = session.records[[r.key for r in session.records].index("theta1")]
    assert record.outcome == "revealed" and record.score == 0


def test_descent_hints_work_the_update_step():
    """Θ₁ = Θ₀ − ρ∇J(Θ₀) with Θ₀ = (−0.5, 0.5), ρ = 0.01, ∇J(Θ₀) = (−2.5125, −2.5) (LECTURE.md §4)."""
    session = move_to(practice("camelback"), "theta1")
    assert "Θ₁ = Θ₀ − 0.01·∇J(Θ₀)" in session.lines(session.question)[0]
    session = session.hint().hint()
    assert "(−2.5125, −2.5)" in hint_text(session.feedback.hint, "en")
    session = session.hint()
    assert "(−0.5 − 0.01·(−2.5125), 0.5 − 0.01·(−2.5))" in hint_text(session.feedback.hint, "en")


def test_actions_return_new_states_and_leave_the_old_one_alone():
    start = practice("p2")
    after = start.answer("2").hint().skip()
    assert start.position == 0 and start.records[0].attempts == () and start.feedback is None
    assert after.position == 1 and after.records[0].outcome == "skipped"
    assert after.records[0].attempt_count == 1 and after.records[0].hints == 1


@pytest.mark.parametrize("text", ["__import__('os').system('true')", "diff(ln(x^2+2xy-y^2), x)",
                                  "(" * 500, "x" * 5000, "", "1/0", "2x +* y", "[[1, 2], [3]]"])
def test_bad_answers_are_refused_and_the_question_stays(text):
    session = practice("p2").answer(text)
    attempt = session.feedback.attempt
    assert attempt.verdict in ("invalid", "blank", "incorrect")
    assert session.question.key == "f_x" and session.records[0].score == 0
    for lang in ("en", "ko"):
        lines = session.lines(session.feedback, lang)
        assert lines and all(line.strip() for line in lines)


def test_a_finished_session_refuses_more_answers():
    session = practice("p2")
    for _ in range(4):
        session = session.skip()
    assert session.finished and session.question is None
    with pytest.raises(SymgradError) as error:
        session.answer("2")
    assert error.value.key == "practice.error.finished"


def test_saved_session_resumes_where_it_stopped():
    session = practice("camelback", lang="ko")
    session = session.answer(RIGHT["camelback"]["grad"]).hint().answer("(-2.5, -2.5125)").hint()
    data = json.loads(json.dumps(session.to_dict(), ensure_ascii=False))
    assert data["version"] == FORMAT_VERSION and data["lang"] == "ko"
    resumed = PracticeSession.from_dict(data)
    assert resumed == session
    assert resumed.question.key == "grad0" and resumed.records[1].hints == 2
    assert resumed.records[1].attempts[-1].mistake == "components_swapped"
    # the next hint still names the mistake, and the rest of the round plays on
    resumed = resumed.hint()
    assert resumed.feedback.hint.mistake == "components_swapped"
    resumed = resumed.answer(RIGHT["camelback"]["grad0"])
    assert resumed.records[1].score == Fraction(1, 4) and resumed.records[1].outcome == "correct"  # 3 hints
    assert resumed.question.key == "theta1"


def test_resumed_expression_session():
    session = practice("x y^2 + x^2 y", at="x=1,y=2").answer("y^2 + 2xy")
    resumed = PracticeSession.from_dict(json.loads(json.dumps(session.to_dict())))
    assert resumed == session and resumed.question.key == "f_y"


@pytest.mark.parametrize("change, key", [
    (lambda d: d.update(version=FORMAT_VERSION + 1), "practice.error.bad_version"),
    (lambda d: d.update(format="other"), "practice.error.bad_save"),
    (lambda d: d["records"].pop(), "practice.error.save_mismatch"),
    (lambda d: d.update(position=99), "practice.error.bad_save"),
    (lambda d: d["records"][0].update(hints="many"), "practice.error.bad_save"),
    (lambda d: d["records"][0]["attempts"][0]["message"].update(key="no.such.phrase"), "practice.error.bad_save"),
    (lambda d: d.pop("records"), "practice.error.bad_save"),
    (lambda d: d.update(lang="fr"), "practice.error.bad_save"),
    (lambda d: d.update(seconds="forever"), "practice.error.bad_save"),
    (lambda d: d.update(source={"expression": "x +"}), "parse.nothing_after"),
    (lambda d: d.update(source={"exercise": "nope"}), "exercise.error.unknown"),
])
def test_a_damaged_save_is_one_clear_error(change, key):
    data = practice("p2").answer("1").to_dict()
    change(data)
    with pytest.raises(SymgradError) as error:
        PracticeSession.from_dict(data)
    assert error.value.key == key


def test_an_expression_is_practised_as_a_walkthrough():
    """LECTURE.md §2, p1: f = xy² + x²y, f_x = y² + 2xy, f_y = 2xy + x², at (1, 2): 8 and 5; the
    second partials against SymPy's diff."""
    session = practice("x y^2 + x^2 y", at="1,2")
    keys = [record.key for record in session.records]
    assert keys == ["f_x", "f_y", "f_xx", "f_xy", "f_yx", "f_yy", "grad", "hessian", "f_x(1,2)", "f_y(1,2)"]
    x, y = sympy.symbols("x y")
    f = x * y**2 + x**2 * y
    answers = {"f_x": "y^2 + 2xy", "f_y": "2xy + x^2", "grad": "(y^2 + 2xy, 2xy + x^2)",
               "f_x(1,2)": "8", "f_y(1,2)": "5",
               **{f"f_{a}{b}": str(sympy.diff(f, a, b)).replace("**", "^") for a in (x, y) for b in (x, y)}}
    answers["hessian"] = "[[" + "], [".join(", ".join(answers[f"f_{a}{b}"] for b in "xy") for a in "xy") + "]]"
    while not session.finished:
        session = session.answer(answers[session.question.key])
        assert session.feedback.correct, session.lines(session.feedback)
    assert session.score == 10


def test_single_variable_expression_and_refusals():
    session = practice("e^(4x)")  # LECTURE.md §1, d3: 4e^(4x)
    assert [r.key for r in session.records] == ["f'", "f''"]
    assert session.answer("4e^(4x)").feedback.correct
    with pytest.raises(SymgradError):
        practice("x +")
    with pytest.raises(SymgradError):
        practice("p2~x")
    with pytest.raises(SymgradError):
        practice("p2", lang="fr")
    with pytest.raises(TypeError):
        practice(3)


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "latex", "json"])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_summary_renders_in_every_format(fmt, lang):
    session = practice("p2").answer(RIGHT["p2"]["f_x"]).hint().skip().show()
    out = session.render(fmt, lang)
    assert "f_x(1,1)" in out.replace("\\_", "_").replace("f\\textunderscore x", "f_x") or fmt == "latex"
    if fmt == "text":
        assert out.splitlines()[-1] == phrase("practice.summary.score", lang, score="1", max_score="4",
                                              correct="1", count="4")
    if fmt == "json":
        assert json.loads(out)["score"] == "1"


def bank_ids():
    from symgrad.exercises import load_bank

    return list(load_bank())


@pytest.mark.parametrize("exercise_id", bank_ids())
def test_every_bank_exercise_has_questions_and_four_hint_levels(exercise_id):
    """Every item of the bank can be asked and hinted in both languages; the last level
    reveals the bank's expected answer."""
    session = practice(exercise_id)
    while not session.finished:
        item = session.exercise.items[session.position]
        for lang in ("en", "ko"):
            assert session.lines(session.question, lang)[0].strip()
        for level in range(1, 5):
            session = session.hint()
            hint = session.feedback.hint
            assert hint.level == level and hint.lines
            for lang in ("en", "ko"):
                assert all(line.strip() for line in session.lines(hint, lang))
        assert hint.revealed and message_text(hint.lines[0], "en").startswith(f"{item.key} = ")
    assert session.score == 0 and all(record.outcome == "revealed" for record in session.records)


@pytest.mark.parametrize("exercise_id, answer, focus", [
    ("p2", "1/(x^2 + 2xy - y^2)", "Here the inner function is u = x² + 2xy − y²"),
    ("sin(t^2)", "cos(t^2)", "Here the inner function is u = t²: the outer derivative must be multiplied by du/dt."),
    ("s1", "3x^2 + 2y^3 + 6xy^2", "Differentiate with respect to x only: y stay constant"),
    # d5: (g·f' − f·g')/g² reversed, f = eˣ, g = 1 + eˣ
    ("d5", "(e^x e^x - e^x (1 + e^x))/(1 + e^x)^2", "Here f = eˣ (top) and g = eˣ + 1 (bottom)"),
])
def test_a_named_mistake_points_into_the_rule_tree(exercise_id, answer, focus):
    session = practice(exercise_id).answer(answer)
    assert session.feedback.attempt.mistake is not None
    session = session.hint()
    assert any(focus in line for line in session.lines(session.feedback)), session.lines(session.feedback)


@pytest.mark.parametrize("exercise_id, key", [("p2", "f_x"), ("p2", "f_y"), ("s1", "f_x"), ("s1", "f_y"),
                                              ("s1", "f_xx"), ("s1", "f_yy"), ("camelback", "grad")])
def test_hints_below_the_last_level_keep_the_answer_back(exercise_id, key):
    session = move_to(practice(exercise_id), key)
    item = session.exercise.item(key)
    from symgrad.practice import shown

    answer = shown(item.expected, session.exercise)
    for _ in range(3):
        session = session.hint()
        assert answer not in "\n".join(session.lines(session.feedback)), session.lines(session.feedback)
