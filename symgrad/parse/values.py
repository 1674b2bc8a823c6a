"""The public API: expressions, problems, variable lists, points, vectors and matrices read from text."""

from __future__ import annotations

import fractions
import math
from dataclasses import dataclass
from typing import Sequence

import sympy
from sympy import Symbol

from symgrad.errors import ParseError
from symgrad.parse.limits import MAX_INPUT_LENGTH, _fail
from symgrad.parse.names import (_CONSTANTS, _FUNCTIONS, _GREEK_CHARS, _GREEK_NAMES, _NAME_PARTS,
                                 canonical_name, make_symbol, natural_order)
from symgrad.parse.tokens import _Token, _tokenize, _tokenize_matched
from symgrad.parse.grammar import _Parser, _parse_text


def parse_expression(text: str) -> sympy.Expr:
    """The SymPy expression ``text`` denotes (see the module doc); raises ParseError."""
    return _parse_text(text)[0]


def as_expression(value) -> sympy.Expr:
    """A library argument as a SymPy expression, safely: SymPy objects as they are, text
    through :func:`parse_expression` (never ``sympify``, which evaluates strings), and
    Python numbers exactly (a float as the decimal it prints as: 0.1 is 1/10)."""
    if isinstance(value, sympy.Basic):
        return value
    if isinstance(value, str):
        return parse_expression(value)
    if isinstance(value, bool):
        raise ParseError(f"expected an expression or a number, got {value!r}")
    if isinstance(value, int):
        return sympy.Integer(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ParseError(f"expected a finite number, got {value!r}")
        return sympy.Rational(repr(value))
    if isinstance(value, fractions.Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    raise ParseError(f"expected an expression or a number, got {type(value).__name__}")


@dataclass(frozen=True)
class Problem:
    """A parsed expression with its variables in order.

    ``decimal_display`` says the student wrote a decimal literal, so results are best
    shown back as decimals.
    """

    text: str
    expr: sympy.Expr
    variables: tuple[Symbol, ...]
    decimal_display: bool
    typed: sympy.Expr | None = None
    """The expression as typed where SymPy's automatic simplification changed it
    (``2^x·3^x·4^x``, whose ``expr`` is ``24^x``): the steps start from it, so that a
    student sees the product rule they are practising; None when it is ``expr``."""

    @property
    def as_typed(self) -> sympy.Expr:
        """What the steps differentiate: :attr:`typed`, else :attr:`expr`."""
        return self.expr if self.typed is None else self.typed

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "expression": str(self.expr),
            "variables": [symbol.name for symbol in self.variables],
        }


def parse(text: str, variables: str | Sequence[str] | None = None) -> Problem:
    """Parse ``text``; variables are natural_order(free symbols) unless ``variables`` gives
    an order, which must list every free symbol (it may list extra ones)."""
    expr, decimal, typed = _parse_text(text, keep_typed=True)
    if variables is None:
        ordered = natural_order(expr.free_symbols)
    else:
        ordered = parse_variables(variables)
        missing = natural_order(expr.free_symbols - set(ordered))
        if missing:
            raise _fail("parse.variable_not_listed", text, _position_of(text, missing[0].name),
                        name=missing[0].name)
    return Problem(text=text, expr=expr, variables=ordered, decimal_display=decimal, typed=typed)


def _position_of(text: str, name: str) -> int | None:
    for token in _tokenize(text):
        if token.kind == "var" and token.value == name:
            return token.pos
    return None


def parse_variables(text_or_seq) -> tuple[Symbol, ...]:
    """Variables in the given order from "x,y", "θ1, θ2", "(x, y)" or a sequence of names
    or symbols.  Each must read as one variable (a letter or Greek name, optional index);
    constants, function names and duplicates are refused."""
    if isinstance(text_or_seq, str):
        text = text_or_seq
        if len(text) > MAX_INPUT_LENGTH:
            raise _fail("parse.input_too_long", text[:200], 0, limit=MAX_INPUT_LENGTH)
        stripped = text.strip()
        offset = len(text) - len(text.lstrip())
        if len(stripped) >= 2 and stripped[0] + stripped[-1] in ("()", "[]"):
            stripped, offset = stripped[1:-1], offset + 1
        items = []
        for part in stripped.split(","):
            lead = len(part) - len(part.lstrip())
            items.append((part.strip(), offset + lead))
            offset += len(part) + 1
    else:
        text = None
        items = [(getattr(item, "name", item), None) for item in text_or_seq]
    if not items or items == [("", items[0][1])]:
        raise _fail("parse.variable_list_empty", text, 0 if text else None)
    symbols: list[Symbol] = []
    for name, position in items:
        symbol = _variable(name, text, position)
        if symbol in symbols:
            raise _fail("parse.variable_listed_twice", text, position, name=symbol.name)
        symbols.append(symbol)
    return tuple(symbols)


def _variable(name, text, position) -> Symbol:
    if not isinstance(name, str) or not name:
        raise _fail("parse.variable_name_missing", text, position)
    try:
        canonical = canonical_name(name)
    except ParseError:
        raise _fail("parse.not_a_variable_name", text, position, name=name) from None
    letters = _NAME_PARTS.fullmatch(canonical).group(1)
    if letters in _CONSTANTS or letters in _FUNCTIONS:
        raise _fail("parse.constant_not_variable", text, position, name=name)
    is_greek = letters in _GREEK_NAMES or letters in _GREEK_CHARS.values()
    if len(letters) != 1 and not is_greek:
        raise _fail("parse.not_one_variable", text, position, name=name)
    return make_symbol(canonical)


def _split_top_level(tokens: Sequence[_Token], start: int, stop: int) -> list[tuple[int, int]]:
    """(start, stop) token ranges separated by commas outside brackets."""
    parts, depth, begin = [], 0, start
    for n in range(start, stop):
        kind = tokens[n].kind
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
        elif kind == "comma" and depth == 0:
            parts.append((begin, n))
            begin = n + 1
    parts.append((begin, stop))
    return parts


def _enclosing(tokens: Sequence[_Token], matches: dict[int, int], start: int, stop: int) -> bool:
    """Whether tokens[start:stop] is one bracket pair around everything inside it."""
    return stop - start >= 2 and tokens[start].kind == "open" and matches.get(start) == stop - 1


def _parse_range(tokens, text, start, stop, empty_key: str, **fields: object):
    """The expression tokens[start:stop]; when there are none, the phrase ``empty_key``."""
    if start == stop:
        position = tokens[start].pos if start < len(tokens) else len(text)
        raise _fail(empty_key, text, position, **fields)
    end = _Token("end", None, tokens[stop].pos, "")
    return _Parser(list(tokens[start:stop]) + [end], text).parse_all()


def _elements(tokens, text, matches, start, stop, empty_key: str) -> list:
    """The comma-separated entries of tokens[start:stop]; none at all: the phrase ``empty_key``."""
    if start == stop:
        raise _fail(empty_key, text, tokens[start].pos)
    return [_parse_range(tokens, text, a, b, "parse.entry_empty") for a, b in _split_top_level(tokens, start, stop)]


def parse_vector(text: str) -> tuple[sympy.Expr, ...]:
    """Entries of "(a, b)", "[a, b]" or "a, b"; entries may contain symbols."""
    tokens, matches = _tokenize_matched(text)
    start, stop = 0, len(tokens) - 1
    if _enclosing(tokens, matches, start, stop):
        start, stop = start + 1, stop - 1
    return tuple(_elements(tokens, text, matches, start, stop, "parse.vector_empty"))


def parse_matrix(text: str) -> tuple[tuple[sympy.Expr, ...], ...]:
    """Rows of "[[a, b], [c, d]]" (any bracket kind); every row has the same length."""
    tokens, matches = _tokenize_matched(text)
    stop = len(tokens) - 1
    if stop == 0:
        raise _fail("parse.matrix_empty", text, 0)
    if not _enclosing(tokens, matches, 0, stop):
        raise _fail("parse.matrix_form", text, tokens[0].pos)
    rows = []
    for a, b in _split_top_level(tokens, 1, stop - 1):
        if not _enclosing(tokens, matches, a, b):
            raise _fail("parse.matrix_row_form", text, tokens[a].pos)
        row = tuple(_elements(tokens, text, matches, a + 1, b - 1, "parse.row_empty"))
        if rows and len(row) != len(rows[0]):
            raise _fail("parse.matrix_row_length", text, tokens[a].pos,
                        row=len(rows) + 1, count=len(row), first=len(rows[0]))
        rows.append(row)
    return tuple(rows)


def parse_point(text: str, variables: Sequence[Symbol]) -> tuple[sympy.Expr, ...]:
    """Values for ``variables`` from "x=1, y=2" (any order, every variable once) or "1, 2"
    (positional); "(1, 2)" is also accepted.  Values are exact numbers or number
    expressions (-0.5, 1/2, pi/4, sqrt(2)) without free symbols."""
    if isinstance(variables, str):
        variables = parse_variables(variables)
    variables = tuple(variables)
    tokens, matches = _tokenize_matched(text, allow_equals=True)
    start, stop = 0, len(tokens) - 1
    if start == stop:
        raise _fail("parse.point_empty", text, 0)
    if _enclosing(tokens, matches, start, stop):
        start, stop = start + 1, stop - 1
    parts = _split_top_level(tokens, start, stop)
    named = [any(tokens[n].kind == "equals" for n in range(a, b)) for a, b in parts]
    if any(named) and not all(named):
        a, _ = parts[named.index(False)]
        raise _fail("parse.point_mixed", text, tokens[a].pos)
    if all(named):
        values = _named_values(tokens, text, parts, variables)
    else:
        if len(parts) != len(variables):
            names = ", ".join(symbol.name for symbol in variables)
            raise _fail("parse.point_count", text, 0, count=len(variables), names=names, given=len(parts))
        values = [(_parse_range(tokens, text, a, b, "parse.value_empty"), tokens[a].pos) for a, b in parts]
    for (value, position), symbol in zip(values, variables):
        if value.free_symbols:
            other = natural_order(value.free_symbols)[0].name
            raise _fail("parse.point_not_number", text, position, name=symbol.name, other=other)
        if value.is_extended_real is False:
            raise _fail("parse.point_not_real", text, position, name=symbol.name)
    return tuple(value for value, _ in values)


def _named_values(tokens, text, parts, variables) -> list:
    by_name: dict[str, tuple] = {}
    known = {symbol.name for symbol in variables}
    for a, b in parts:
        equals = next(n for n in range(a, b) if tokens[n].kind == "equals")
        if equals - a != 1 or tokens[a].kind != "var":
            raise _fail("parse.point_name_before_equals", text, tokens[a].pos)
        name = tokens[a].value
        if name not in known:
            listed = ", ".join(symbol.name for symbol in variables)
            raise _fail("parse.point_unknown_variable", text, tokens[a].pos, name=name, variables=listed)
        if name in by_name:
            raise _fail("parse.point_given_twice", text, tokens[a].pos, name=name)
        second_equals = next((n for n in range(equals + 1, b) if tokens[n].kind == "equals"), None)
        if second_equals is not None:
            raise _fail("parse.unexpected", text, tokens[second_equals].pos, token="=")
        by_name[name] = (_parse_range(tokens, text, equals + 1, b, "parse.value_of_empty", name=name),
                         tokens[equals].pos)
    for symbol in variables:
        if symbol.name not in by_name:
            raise _fail("parse.point_missing_value", text, len(text), name=symbol.name)
    return [by_name[symbol.name] for symbol in variables]
