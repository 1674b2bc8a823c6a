"""Whatever symgrad writes, it reads back (issue 12): every expression in every golden JSON
file, read by symgrad's parser, is the expression SymPy reads from the same text.

SymPy's ``sympify`` is the reference here, on trusted text symgrad wrote itself."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sympy

from symgrad.parse import make_symbol, parse_expression

GOLDEN = Path(__file__).parent / "golden"
EXPRESSION_FIELDS = {"before", "constant", "denominator", "expected", "exponent", "expression", "inner",
                     "inner_derivative", "numerator", "other", "outer", "outer_derivative", "rate", "result",
                     "rounded", "value", "at_printed_point", "exact", "gradient", "hessian", "point", "values"}


def _expressions(data, field=None):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _expressions(value, key)
    elif isinstance(data, list):
        for value in data:
            yield from _expressions(value, field)
    elif isinstance(data, str) and field in EXPRESSION_FIELDS:
        yield data


def _golden_expressions():
    found = set()
    for path in sorted(GOLDEN.glob("*.json")):
        found.update(_expressions(json.loads(path.read_text(encoding="utf-8"))))
    return sorted(found)


def _reference(text: str):
    names = {name: make_symbol(name) for name in ("x", "y", "z", "u", "theta1", "theta2", "t")}
    return sympy.sympify(text, locals=names)


@pytest.mark.parametrize("text", _golden_expressions())
def test_every_expression_symgrad_writes_reads_back(text):
    expected = _reference(text)
    read = parse_expression(text)
    assert sympy.simplify(read - expected) == 0, (text, read, expected)


@pytest.mark.parametrize("text", ["E", "E**x", "exp(1)", "log(x, 2)", "sqrt(x)", "x**(1/3)", "2*E*x", "pi/2"])
def test_sympy_syntax_reads_back(text):
    assert sympy.simplify(parse_expression(text) - _reference(text)) == 0


def test_golden_files_hold_the_hard_cases():
    """The camelback's roots (CRootOf) and 128-digit exact values are among what reads back."""
    texts = _golden_expressions()
    assert any("CRootOf" in text for text in texts)
    assert any(len(run) > 100 for text in texts for run in "".join(c if c.isdigit() else " " for c in text).split())


@pytest.mark.parametrize("text, words", [
    ("CRootOf(x**2 - 2, 2)", "from 0 to 1"), ("CRootOf(x*y, 0)", "polynomial in one variable"),
    ("CRootOf(x**40 + 1, 0)", "degree 40, more than 32"), ("CRootOf(x**2 - 2)", "polynomial in one variable"),
])
def test_a_root_that_is_not_one_is_refused(text, words):
    from symgrad.errors import ParseError

    with pytest.raises(ParseError) as caught:
        parse_expression(text)
    assert words in str(caught.value)
