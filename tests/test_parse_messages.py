"""Parse errors in the reader's language: every refusal names a phrase of the catalogue.

The English text of each refusal comes from ``PHRASES["en"]`` and must read exactly as it
did before the messages moved into the catalogue (the README and other tests quote it);
the Korean text is what ``--lang ko`` and a Korean locale show.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from symgrad.cli import main
from symgrad.errors import ParseError, SymgradError
from symgrad.parse import make_symbol, parse_expression, parse_matrix, parse_point, parse_variables
from symgrad.phrases import PHRASES, phrase
from tests.test_parse import REFUSED

x, y = make_symbol("x"), make_symbol("y")
# import_module: ``symgrad.parse`` the attribute is the function symgrad exports, not the module
parse_module = importlib.import_module("symgrad.parse")
grade_module = importlib.import_module("symgrad.grading.grade")

_KEY_LITERAL = re.compile(r"""["'](parse\.[a-z_]+(?:\.[a-z_]+)*)["']""")


def _keys_in_source(module) -> set[str]:
    """The phrase keys written in ``module``'s source (every file of a package)."""
    path = Path(module.__file__)
    files = sorted(path.parent.glob("*.py")) if path.name == "__init__.py" else [path]
    return set().union(*(_KEY_LITERAL.findall(file.read_text(encoding="utf-8")) for file in files))


def _refusal(call, *args) -> ParseError:
    with pytest.raises(ParseError) as caught:
        call(*args)
    return caught.value


# Refusals beyond the expression table of test_parse: points, variable lists, matrices.
OTHER_REFUSALS = [
    (parse_point, "x=1", (x, y)), (parse_point, "x=1, y=2, z=3", (x, y)), (parse_point, "x=1, x=2", (x, y)),
    (parse_point, "1, 2, 3", (x, y)), (parse_point, "x=1, 2", (x, y)), (parse_point, "x=y, y=1", (x, y)),
    (parse_point, "x=, y=1", (x, y)), (parse_point, "", (x, y)), (parse_point, "x==1, y=2", (x, y)),
    (parse_point, "x=sqrt(-1), y=0", (x, y)), (parse_point, "xy=1, y=2", (x, y)),
    (parse_variables, "x,x"), (parse_variables, ""), (parse_variables, "x,,y"), (parse_variables, "pi"),
    (parse_variables, "xy"), (parse_variables, "x+1"),
    (parse_matrix, "[[1, 2], [3]]"), (parse_matrix, "[1, 2]"), (parse_matrix, "1, 2"), (parse_matrix, ""),
]


def _all_refusals() -> list[ParseError]:
    errors = [_refusal(parse_expression, text) for text, _, _ in REFUSED]
    errors += [_refusal(call, *args) for call, *args in OTHER_REFUSALS]
    return errors


def test_every_key_the_parser_uses_exists_in_english_and_korean():
    keys = _keys_in_source(parse_module) | _keys_in_source(grade_module)
    assert len(keys) >= 50  # the scan found the parser's keys, not nothing
    for key in sorted(keys):
        assert key in PHRASES["en"], key
        assert key in PHRASES["ko"], key
    assert "error.at_position" in PHRASES["en"] and "error.at_position" in PHRASES["ko"]


def test_every_refusal_names_its_phrase_and_its_english_comes_from_the_catalogue():
    source_keys = _keys_in_source(parse_module)
    errors = _all_refusals()
    for error in errors:
        assert error.key in source_keys, error
        assert phrase(error.key, "en", **dict(error.fields)) == error.message
        korean = error.message_in("ko")
        assert korean != error.message, error.key
        assert re.search("[가-힣]", korean), korean
    assert len({error.key for error in errors}) >= 30


# Today's English, letter for letter (0-based position; str() shows it 1-based).
ENGLISH = [
    (parse_expression, ("y = x^2",), "unexpected character '=' (enter an expression, not an equation)", 2),
    (parse_expression, ("x!",), "unexpected character '!' (factorials are not supported)", 1),
    (parse_expression, ("_x",), "unexpected character '_' ('_' only indexes a variable, x_1, or gives a log base, log_2)", 0),
    (parse_expression, ("x\x00",), "unexpected character U+0000", 1),
    (parse_expression, ("(x+1",), "missing ')' for the '(' opened here", 0),
    (parse_expression, ("|x",), "missing '|' for the '|' opened here", 0),
    (parse_expression, ("sin^x(y)",), "a power written after 'sin' must be a positive whole number; "
                                      "write it after the argument, as in sin(x)^2", 3),
    (parse_expression, ("log(x, 2, 3)",), "'log' takes two arguments (x, base)", 8),
    (parse_expression, ("1" * 1001,), "the number is too long (1001 digits, limit 1000)", 0),
    # 9^9^9 = 9^(9^9) = 9^387420489: 387420489 · log10(9) ≈ 3.7e8 digits > 4000
    (parse_expression, ("9^9^9",), "exponent 387420489 is too large: the result would have more than 4000 digits", 1),
    (parse_expression, ("exp(10^99)",), "exponent with more than 30 digits is too large (limit 10000)", 0),
    (parse_expression, ("log(0)",), "log(0) is undefined", 0),
    (parse_expression, ("2 3",), "missing operator before the number 3", 2),
    (parse_point, ("x=1, y=2, z=3", (x, y)), "unknown variable 'z' (the variables are x, y)", 10),
    (parse_point, ("1, 2, 3", (x, y)), "expected 2 values (x, y), got 3", 0),
    (parse_point, ("x=, y=1", (x, y)), "the value of x is empty", 2),
    (parse_matrix, ("[[1, 2], [3]]",), "row 2 has 1 entries, row 1 has 2", 9),
    (parse_variables, ("xy",), "'xy' is not one variable (a letter or Greek letter, optionally indexed)", 0),
]


@pytest.mark.parametrize("call, args, message, position", ENGLISH, ids=[str(row[1][0])[:20] for row in ENGLISH])
def test_english_messages_are_unchanged(call, args, message, position):
    error = _refusal(call, *args)
    assert error.message == message
    assert error.position == position
    assert str(error) == f"{message} (at position {position + 1})"
    assert error.message_in("en") == message
    assert error.text_in("en") == str(error)


def test_korean_message_and_position():
    error = _refusal(parse_expression, "x+@")
    assert error.message_in("ko") == "예상하지 못한 문자 '@'"
    assert error.text_in("ko") == "예상하지 못한 문자 '@' (3번째 글자)"  # '@' is the 3rd character of x+@
    assert error.message == "unexpected character '@'"


def test_an_error_without_a_phrase_keeps_its_text_in_every_language():
    error = SymgradError("cannot write the plot", text="abc", position=1)
    assert error.key is None and error.fields == ()
    assert error.message_in("ko") == "cannot write the plot"
    assert str(error) == "cannot write the plot (at position 2)"
    assert error.text_in("en") == str(error)
    assert SymgradError("plain").text_in("ko") == "plain"


def _check(*args: str, env=None):
    return CliRunner().invoke(main, ["check", "p2", "--answer", "f_x=x+@", *args], env=env)


@pytest.mark.parametrize("fmt", ["text", "latex", "markdown", "html"])
def test_an_unreadable_answer_is_explained_in_korean(fmt):
    english = _refusal(parse_expression, "x+@").message  # "unexpected character '@'"
    result = _check("--lang", "ko", "--format", fmt)
    assert "예상하지 못한 문자 '@' (3번째 글자)" in result.output
    assert english not in result.output
    assert "at position" not in result.output
    assert "could not be read" not in result.output


def test_an_unreadable_answer_in_json_stays_english():
    import json

    result = _check("--lang", "ko", "--format", "json")
    feedback = json.loads(result.output)["items"][0]["feedback"]
    assert feedback == "The answer could not be read: unexpected character '@' (at position 3)."


def test_the_english_check_reads_as_before():
    result = _check("--lang", "en")
    shown = " ".join(result.output.split())  # the line may be wrapped to the 80 columns of a pipe
    assert "The answer could not be read: unexpected character '@' (at position 3)." in shown


_UNSET = {"LC_ALL": None, "LC_MESSAGES": None}


def test_a_korean_locale_gives_a_korean_error_line_with_the_caret():
    result = CliRunner().invoke(main, ["walk", "x+@"], env={**_UNSET, "LANG": "ko_KR.UTF-8"})
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == "error: 예상하지 못한 문자 '@' (3번째 글자)"
    assert lines[1:] == ["  x+@", "    ^"]
    assert "Traceback" not in result.output


def test_an_english_locale_gives_the_english_error_line():
    result = CliRunner().invoke(main, ["walk", "x+@"], env={**_UNSET, "LANG": "C.UTF-8"})
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == "error: unexpected character '@' (at position 3)"


@pytest.mark.parametrize("text, name, suggestion", [
    ("sine(x)", "sine", "sin"), ("sympify(x)", "sympify", None), ("gamma(x)", "gamma", None),
    ("lnx(x)", "lnx", "ln"),
])
def test_a_name_before_a_parenthesis_that_is_no_function_is_refused(text, name, suggestion):
    # "sine(x)" was read as sin(e·x), "sympify(x)" as a product of seven symbols (issue 13)
    with pytest.raises(ParseError) as caught:
        parse_expression(text)
    message = str(caught.value)
    assert f"unknown function '{name}'" in message and caught.value.position == 0
    if suggestion:
        assert f"did you mean {suggestion}?" in message


@pytest.mark.parametrize("text", ["xsin(x)", "x(x+1)", "xy(x+y)", "e(x+1)", "arcsin(x)", "sinh(x)"])
def test_products_and_known_functions_before_a_parenthesis_still_read(text):
    parse_expression(text)


@pytest.mark.parametrize("text, words", [
    ("log(x, 0)", "positive number, not 0"), ("log(x,-2)", "positive number, not -2"),
    ("log(x, 1)", "cannot be 1"), ("log_1(x)", "cannot be 1"),
])
def test_a_logarithm_base_of_zero_one_or_a_negative_number_is_refused(text, words):
    # log(x, 0) silently became 0 (SymPy: log(x)/log(0) = log(x)/zoo = 0), issue 13
    with pytest.raises(ParseError, match=re.escape(words)):
        parse_expression(text)


def test_valid_logarithm_bases_still_read():
    import sympy

    x = make_symbol("x")
    assert parse_expression("log(x, 2)") == sympy.log(x) / sympy.log(2)
    assert sympy.simplify(parse_expression("log(x, 1/2)") + sympy.log(x) / sympy.log(2)) == 0
