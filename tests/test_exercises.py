"""The exercise bank: complete, consistent with LECTURE.md, and validated on load."""

from __future__ import annotations

import textwrap

import pytest
import sympy

from symgrad.exercises import ExerciseError, get_exercise, load_bank, load_exercise
from symgrad.parse import make_symbol

LECTURE_IDS = ([f"d{n}" for n in range(1, 8)] + [f"p{n}" for n in range(1, 8)]
               + [f"s{n}" for n in range(1, 7)] + [f"g{n}" for n in range(1, 7)] + ["camelback"]
               + ["r1", "r2"])  # §8: the regressions over data
R = sympy.Rational


def test_bank_has_every_lecture_item():
    assert list(load_bank()) == LECTURE_IDS


@pytest.mark.parametrize("exercise_id", LECTURE_IDS)
def test_titles_in_english_and_korean(exercise_id):
    exercise = get_exercise(exercise_id)
    assert exercise.title.en and exercise.title.ko
    assert any("\uac00" <= ch <= "\ud7a3" for ch in exercise.title.ko)  # Hangul


def _symbolic_items():
    for exercise in load_bank().values():
        for item in exercise.items:
            if item.kind in ("derivative", "partial", "second_partial", "gradient", "hessian") \
                    and item.at is None and item.step is None:
                yield pytest.param(exercise, item, id=f"{exercise.id}:{item.key}")


@pytest.mark.parametrize("exercise,item", list(_symbolic_items()))
def test_expected_derivatives_equal_sympy_diff(exercise, item):
    f = item.function
    if item.kind == "gradient":
        reference = tuple(sympy.diff(f, v) for v in item.wrt)
    elif item.kind == "hessian":
        reference = tuple(tuple(sympy.diff(f, a, b) for b in item.wrt) for a in item.wrt)
    else:
        reference = sympy.diff(f, *item.wrt)
    flat_expected = sympy.flatten([item.expected])
    flat_reference = sympy.flatten([reference])
    assert len(flat_expected) == len(flat_reference)
    for got, want in zip(flat_expected, flat_reference):
        assert sympy.simplify(got - want) == 0


def test_camelback_iterates_match_the_lecture_exact_column():
    # LECTURE.md section 4, "exact" columns.
    camelback = get_exercise("camelback")
    assert camelback.item("theta1").exact == (R("-0.474875"), R("0.525"))
    theta2 = camelback.item("theta2").exact
    assert abs(theta2[0] - R("-0.45064736")) < R(1, 10**8) and theta2[1] == R("0.54859625")
    assert camelback.item("grad0").exact == (R("-2.5125"), R("-2.5"))
    grad1 = camelback.item("grad1").exact
    assert abs(grad1[0] - R("-2.4227645")) < R(1, 10**7) and grad1[1] == R("-2.359625")
    assert abs(camelback.item("J1").exact - R("-0.2488766")) < R(1, 10**7)
    assert abs(camelback.item("J2").exact - R("-0.3602380")) < R(1, 10**7)
    assert abs(camelback.item("J0").exact - R("-0.1260416")) < R(1, 10**7)


def test_camelback_printed_values_are_j_at_the_printed_points():
    camelback = get_exercise("camelback")
    theta1, theta2 = (make_symbol(n) for n in ("theta1", "theta2"))
    for key in ("J1", "J2"):
        item = camelback.item(key)
        at_printed = camelback.function.xreplace(dict(zip((theta1, theta2), item.printed_at)))
        assert round(float(at_printed), 5) == float(item.expected)
        assert "rounded" in item.note.en


def test_theta1_is_truncated_in_the_lecture():
    item = get_exercise("camelback").item("theta1")
    assert item.expected[0] == R("-0.4748")
    assert round(float(item.exact[0]), 4) == -0.4749


@pytest.mark.parametrize("exercise_id,key,value", [
    ("g4", "x_next", R("1.96")), ("g5", "x_next", R("-2.4")),      # LECTURE 5 (004)
    ("g2", "w2", R(1) * (1 - 2 * R("0.1")) ** 2),                  # w_k = w0 (1 - 2 delta)^k
    ("g3", "w(2)", ((1 - 6 * R("0.1")) ** 2, (1 - 8 * R("0.1")) ** 2)),                 # (1 - 6 delta)^k, (1 - 8 delta)^k
    ("g6", "alpha2", R("0.4") + R("0.1") * (4 - 2 * R("0.4"))),    # ascent by hand
    ("g1", "x_min", 2), ("p1", "f_x(1,2)", 8), ("p1", "f_y(1,2)", 5), ("p2", "f_x(1,1)", 2),
    ("p2", "f_y(1,1)", 0),
])
def test_exact_values_from_the_update_rule_and_the_lecture(exercise_id, key, value):
    assert get_exercise(exercise_id).item(key).exact == value


def test_numeric_expected_values_agree_with_exact_to_the_stated_decimals():
    for exercise in load_bank().values():
        for item in exercise.items:
            if item.exact is None or item.decimals is None or item.printed_at is not None:
                continue
            for printed, exact in zip(sympy.flatten([item.expected]), sympy.flatten([item.exact])):
                assert abs(printed - exact) <= item.tolerance, (exercise.id, item.key)


def test_errata_are_data():
    assert {e.id for e in get_exercise("camelback").errata} == {"camelback-rounding"}
    log_rule = get_exercise("d2").errata[0]
    assert "ln a" in log_rule.correct and log_rule.handout == "001"


def test_show_data_has_the_fields_the_issue_names():
    data = get_exercise("p1").to_dict()
    item = data["items"][2]
    assert item["key"] == "f_x(1,2)" and item["kind"] == "value"
    assert item["wrt"] == ["x"] and item["at"] == ["1", "2"] and item["expected"] == "8"


GOOD = """
id = "{name}"
section = 2
source = "001"
function = "x*y"
variables = ["x", "y"]
title = {{ en = "t", ko = "제목" }}
task = {{ en = "t", ko = "과제" }}

[[items]]
key = "f_x"
kind = "partial"
wrt = ["x"]
expected = "y"
"""


def _write(tmp_path, text, name="e1"):
    path = tmp_path / f"{name}.toml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_a_good_file_loads(tmp_path):
    exercise = load_exercise(_write(tmp_path, GOOD.format(name="e1")))
    assert exercise.item("f_x").expected == make_symbol("y")


@pytest.mark.parametrize("change,where", [
    (lambda s: s.replace('kind = "partial"', 'kind = "partal"'), "items[0] (key 'f_x').kind"),
    (lambda s: s.replace('expected = "y"', 'expected = "y +"'), "items[0] (key 'f_x').expected"),
    (lambda s: s.replace('expected = "y"', 'expected = "q"'), "items[0] (key 'f_x').expected"),
    (lambda s: s.replace('wrt = ["x"]', 'wrt = ["z"]'), "items[0] (key 'f_x').wrt"),
    (lambda s: s.replace('wrt = ["x"]', 'wrt = ["x", "y"]'), "items[0] (key 'f_x').wrt"),
    (lambda s: s.replace('section = 2', 'section = "two"'), "section"),
    (lambda s: s.replace('id = "e1"', 'id = "other"'), "id"),
    (lambda s: s.replace(', ko = "제목"', ''), "title"),
    (lambda s: s.replace('source = "001"', 'source = "001"\ncolour = "red"'), "unknown key 'colour'"),
    (lambda s: s + '\n[[items]]\nkey = "f_x"\nkind = "partial"\nwrt = ["y"]\nexpected = "x"\n', "duplicate key"),
    (lambda s: s + '\n[[items]]\nkey = "h"\nkind = "hessian"\nwrt = ["x", "y"]\nexpected = [["0", "1"]]\n',
     "items[1] (key 'h').expected"),
    (lambda s: s + '\n[[items]]\nkey = "v"\nkind = "value"\nexpected = "1"\n', "items[1] (key 'v')"),
    (lambda s: s + '\n[[items]]\nkey = "t1"\nkind = "iterate"\nstep = 1\nexpected = "1"\n', "needs a [descent]"),
    (lambda s: s.replace('[[items]]', 'items = 3\n[[oops]]'), ""),
    (lambda s: s.replace('function = "x*y"', 'function = "x*y'), "not valid TOML"),
])
def test_broken_files_name_the_file_and_key(tmp_path, change, where):
    path = _write(tmp_path, change(GOOD.format(name="e1")))
    with pytest.raises(ExerciseError) as error:
        load_exercise(path)
    message = str(error.value)
    assert message.startswith("e1.toml: ")
    assert where in message


def test_bank_directory_with_a_broken_file(tmp_path):
    _write(tmp_path, GOOD.format(name="e1"))
    _write(tmp_path, GOOD.format(name="e2").replace('kind = "partial"', 'kind = 7'), name="e2")
    with pytest.raises(ExerciseError, match=r"e2.toml: items\[0\] \(key 'f_x'\).kind"):
        load_bank(str(tmp_path))


def test_getting_one_exercise_reads_its_file_alone(tmp_path):
    """`symgrad check e1` does not pay for (nor stop at) the other files; load_bank checks them all."""
    _write(tmp_path, GOOD.format(name="e1"))
    _write(tmp_path, GOOD.format(name="e2").replace('kind = "partial"', 'kind = 7'), name="e2")
    assert get_exercise("e1", str(tmp_path)).id == "e1"
    with pytest.raises(ExerciseError, match="e2.toml"):
        get_exercise("e2", str(tmp_path))
    with pytest.raises(ExerciseError, match="e2.toml"):
        load_bank(str(tmp_path))


def test_exact_values_are_computed_when_first_read(tmp_path, monkeypatch):
    """Loading (`symgrad exercises list`) differentiates nothing; reading ``exact`` does, once."""
    import symgrad.exercises as exercises

    calls = []
    monkeypatch.setattr(exercises, "exact_value", lambda *args: calls.append(args) or sympy.Integer(2))
    value_item = '\n[[items]]\nkey = "f_x(1,2)"\nkind = "value"\nwrt = ["x"]\nat = ["1", "2"]\nexpected = "2"\n'
    item = load_exercise(_write(tmp_path, GOOD.format(name="e1") + value_item)).item("f_x(1,2)")
    assert calls == []
    assert item.exact == 2 and item.reference == 2 and item.to_dict()["exact"] == "2"
    assert len(calls) == 1


def test_getting_an_exercise_gives_the_banks_object():
    assert get_exercise("p2") is load_bank()["p2"]


def test_unknown_exercise_lists_the_known_ones():
    with pytest.raises(ExerciseError, match="known: d1, d2"):
        get_exercise("zz")


@pytest.mark.parametrize("exercise_id", ["a" * 300, "../p2", "p2/../p2", "errata", "", "p2\x00"])
def test_an_id_that_names_no_exercise_file_is_unknown(exercise_id):
    with pytest.raises(ExerciseError, match="no exercise"):
        get_exercise(exercise_id)
