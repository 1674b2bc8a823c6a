"""What input methods type: full-width and other compatibility characters are read in
their NFKC form, character by character, with errors pointing at what was typed."""

from __future__ import annotations

import pytest
import sympy
from click.testing import CliRunner

from symgrad.cli import main
from symgrad.errors import ParseError
from symgrad.exercises import get_exercise
from symgrad.grading.gradescope import read_answer_sheet
from symgrad.parse import normalize_with_origins, parse_expression, parse_point

x, y = sympy.symbols("x y", real=True)


@pytest.mark.parametrize("typed, plain", [
    ("１/x", "1/x"),
    ("ｘ²＋ｙ²", "x^2 + y^2"),
    ("x\u00a0+\u3000y", "x + y"),
    ("x\u2009*\u202fy", "x*y"),
    ("（ｘ＋１）＾２", "(x + 1)^2"),
    ("½x", "x/2"),
    ("ｘ₁²", "x_1^2"),
    ("ln（ｘ）", "ln(x)"),
    ("ｓｉｎ(ｘ)", "sin(x)"),
])
def test_compatibility_characters_read_as_their_plain_forms(typed, plain):
    assert parse_expression(typed) == parse_expression(plain)
    assert sympy.srepr(parse_expression(typed)) == sympy.srepr(parse_expression(plain))


@pytest.mark.parametrize("typed", ["x²", "x₁", "α+β", "π·x", "√x", "x−y", "x×y", "µ"])
def test_characters_the_parser_knows_keep_their_meaning(typed):
    assert parse_expression(typed) == parse_expression(typed)  # reads at all
    assert normalize_with_origins(typed)[0] == typed


@pytest.mark.parametrize("typed, position, char", [
    ("ｘ＠", 1, "'＠'"), ("½＠", 1, "'＠'"), ("ｘ＋＄ｙ", 2, "'＄'"), ("x@", 1, "'@'"),
])
def test_errors_point_at_the_character_typed(typed, position, char):
    with pytest.raises(ParseError) as caught:
        parse_expression(typed)
    assert caught.value.position == position and caught.value.text == typed
    assert dict(caught.value.fields)["char"] == char


def test_the_caret_stands_under_a_full_width_character():
    result = CliRunner().invoke(main, ["diff", "２ｘ＋＄"])
    assert result.exit_code == 2
    picture = result.stderr.splitlines()[1:]
    assert picture == ["  ２ｘ＋＄", "        ^"]  # 2 + 2 + 2 columns before '＄'


def test_points_and_answers_in_full_width():
    assert parse_point("ｘ＝１，ｙ＝２", (x, y)) == (1, 2)
    result = CliRunner().invoke(main, ["check", "p2", "--answer", "f_x＝（２ｘ＋２ｙ）／（ｘ²＋２ｘｙ－ｙ²）",
                                       "--answer", "ｆ_ｙ（１，１）=０"])
    assert result.exit_code == 0, result.output
    assert "read as: (2x + 2y)/(x² + 2xy − y²)" in result.output and "score: 2/2" in result.output
    hessian = CliRunner().invoke(main, ["check", "s1", "--answer", "hessian=［［6x，6y²］，［6y²，12xy］］"])
    assert "score: 1/1" in hessian.output


def test_an_answer_sheet_typed_with_a_korean_input_method():
    sheet = read_answer_sheet("［p2］\nf_x ＝ ２ｘ\nｆ_ｙ（１, １） ＝ ０\n", [get_exercise("p2"), get_exercise("p1")])
    assert sheet.problems == ()
    assert dict(sheet.answers["p2"]) == {"f_x": "2x", "f_y(1,1)": "0"}
