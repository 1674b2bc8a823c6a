"""The recursive-descent parser over tokens, building SymPy objects directly (nothing is evaluated as code)."""

from __future__ import annotations

from typing import Sequence

import sympy
from sympy import Abs, Add, Integer, Mul, Pow, Rational, S

from symgrad.errors import ParseError
from symgrad.parse.limits import (MAX_DEPTH, MAX_NODES, MAX_RESULT_DIGITS, MAX_ROOT_BASE_DIGITS,
                                  MAX_ROOT_DEGREE, MAX_SYMBOLIC_EXPONENT, _EXPONENT_OVER_LIMIT,
                                  _RESULT_TOO_LONG, _SHOWN_EXPONENT_DIGITS, _digits, _fail, _leading_numbers)
from symgrad.parse.names import _CONSTANTS, _FUNCTIONS, _INVERSES, _TWO_ARGUMENTS, make_symbol
from symgrad.parse.tokens import _INFINITIES, _SYMPY_FAILURES, _Token, _missing_closer, _tokenize


# ---------------------------------------------------------------------------------------
# The parser.
# ---------------------------------------------------------------------------------------


class _Parser:
    """Recursive descent over a token list ending in an ``end`` token.

    sum    := term (('+'|'-') term)*
    term   := signed (('*'|'/') signed | power)*        -- the bare power is implicit '*'
    signed := ('+'|'-') signed | power
    power  := atom ('^' signed)?                        -- right-associative
    atom   := number | variable | constant | '(' sum ')' | '|' sum '|' | root power
            | function [^n] ('(' sum [',' sum] ')' | implicit product)
    """

    def __init__(self, tokens: Sequence[_Token], text: str, keep_typed: bool = False):
        self.tokens = tokens
        self.text = text
        self.keep_typed = keep_typed
        self.kept_typed = False
        self.i = 0
        self.depth = 0
        self.nodes = 0
        self.abs_depth = 0

    # -- helpers ------------------------------------------------------------------------

    def peek(self) -> _Token:
        return self.tokens[self.i]

    def advance(self) -> _Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def error(self, key: str, position: int, **fields: object) -> ParseError:
        return _fail(key, self.text, position, **fields)

    def count(self, token: _Token) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.error("parse.too_many_parts", token.pos, limit=MAX_NODES)

    def enter(self, token: _Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error("parse.nesting_too_deep", token.pos, limit=MAX_DEPTH)

    def leave(self) -> None:
        self.depth -= 1

    def is_op(self, token: _Token, *ops: str) -> bool:
        return token.kind == "op" and token.value in ops

    def starts_factor(self, token: _Token) -> bool:
        """Whether ``token`` can begin an implicitly multiplied factor."""
        if token.kind in ("num", "var", "const", "func", "open", "root"):
            return True
        return token.kind == "bar" and self.abs_depth == 0

    def require_operand(self, operator: _Token) -> None:
        token = self.peek()
        if self.starts_factor(token) or self.is_op(token, "+", "-") or token.kind == "bar":
            return
        if token.kind in ("end", "close", "comma", "equals"):
            raise self.error("parse.nothing_after", operator.pos, operator=operator.text)
        raise self.error("parse.unexpected", token.pos, token=token.text)

    def check_numbers(self, expr, token: _Token):
        for number in _leading_numbers(expr):
            if _digits(number) > MAX_RESULT_DIGITS:
                raise self.error("parse.number_too_large", token.pos, limit=MAX_RESULT_DIGITS)
        return expr

    def check_defined(self, expr, token: _Token, key: str, **fields: object):
        if expr in _INFINITIES:
            raise self.error(key, token.pos, **fields)
        return expr

    # -- grammar ------------------------------------------------------------------------

    def parse_all(self):
        """The whole token list as one expression.  SymPy's own failures while building
        (e.g. a ValueError from its factor cache) become a ParseError at the last token."""
        if self.peek().kind == "end":
            raise self.error("parse.expression_empty", 0)
        try:
            expr = self.parse_sum()
        except _SYMPY_FAILURES as failure:
            position = self.tokens[max(self.i - 1, 0)].pos
            raise self.error("parse.sympy_failed", position, failure=type(failure).__name__) from None
        token = self.peek()
        if token.kind != "end":
            raise self.unexpected(token)
        return expr

    def unexpected(self, token: _Token) -> ParseError:
        if token.kind == "close":
            return self.error("parse.unmatched", token.pos, bracket=token.text)
        if token.kind == "comma":
            return self.error("parse.unexpected", token.pos, token=",")
        if token.kind == "num":
            return self.error("parse.missing_operator", token.pos, number=token.text)
        return self.error("parse.unexpected", token.pos, token=token.text)

    def parse_sum(self):
        first = self.peek()
        terms = [self.parse_term()]
        while self.is_op(self.peek(), "+", "-"):
            operator = self.advance()
            self.require_operand(operator)
            self.count(operator)
            term = self.parse_term()
            terms.append(term if operator.value == "+" else Mul(S.NegativeOne, term))
        if len(terms) == 1:
            return terms[0]
        return self.check_numbers(Add(*terms), first)

    def parse_term(self):
        first = self.peek()
        factors = [self.parse_signed()]
        while True:
            token = self.peek()
            if self.is_op(token, "*", "/"):
                operator = self.advance()
                self.require_operand(operator)
                self.count(operator)
                factor = self.parse_signed()
                if operator.value == "/":
                    factor = self.check_defined(Pow(factor, S.NegativeOne), operator, "parse.division_by_zero")
                factors.append(factor)
            elif self.starts_factor(token):
                previous = self.tokens[self.i - 1]
                if token.kind == "num" and previous.kind == "num":
                    raise self.unexpected(token)
                factors.append(self.parse_power())
            else:
                break
        if len(factors) == 1:
            return factors[0]
        product = Mul(*factors)
        if self.keep_typed and merges_powers(factors, product):
            self.kept_typed = True
            product = Mul(*factors, evaluate=False)
        return self.check_numbers(product, first)

    def parse_signed(self, counted: bool = True):
        """Signs, then one power (no implicit product).  Each sign is one of the MAX_NODES
        parts when ``counted``; an exponent's or a root operand's signs are not."""
        token = self.peek()
        if self.is_op(token, "+", "-"):
            self.advance()
            self.require_operand(token)
            if counted:
                self.count(token)
            self.enter(token)
            operand = self.parse_signed(counted)
            self.leave()
            return operand if token.value == "+" else Mul(S.NegativeOne, operand)
        return self.parse_power()

    def parse_power(self):
        base = self.parse_atom()
        if self.is_op(self.peek(), "^"):
            caret = self.advance()
            self.require_operand(caret)
            self.count(caret)
            self.enter(caret)
            exponent = self.parse_signed(counted=False)
            self.leave()
            return self.power(base, exponent, caret)
        return base

    def parse_atom(self):
        token = self.advance()
        self.count(token)
        if token.kind in ("num", "var", "const"):
            return self.parse_atom_value(token)
        if token.kind == "open":
            return self.parse_group(token)
        if token.kind == "bar":
            return self.parse_abs_bars(token)
        if token.kind == "root":
            self.require_operand(token)
            self.enter(token)
            operand = self.parse_signed(counted=False)
            self.leave()
            return self.power(operand, Rational(1, token.value), token)
        if token.kind == "func":
            return self.parse_function(token)
        if token.kind == "end":
            previous = self.tokens[self.i - 2] if self.i >= 2 else None
            if previous is None:
                raise self.error("parse.expression_empty", 0)
            raise self.error("parse.nothing_after", previous.pos, operator=previous.text)
        raise self.unexpected(token)

    def parse_group(self, opener: _Token):
        if self.peek().kind == "close":
            raise self.error("parse.empty_brackets", opener.pos, brackets=f"{opener.value}{self.peek().value}")
        self.enter(opener)
        saved_abs, self.abs_depth = self.abs_depth, 0
        inner = self.parse_sum()
        self.abs_depth = saved_abs
        self.expect_closer(opener)
        self.leave()
        return inner

    def expect_closer(self, opener: _Token) -> None:
        token = self.peek()
        if token.kind == "close":
            self.advance()
            return
        if token.kind == "end":
            raise _missing_closer(opener, self.text)
        raise self.unexpected(token)

    def parse_abs_bars(self, bar: _Token):
        self.enter(bar)
        self.abs_depth += 1
        inner = self.parse_sum()
        self.abs_depth -= 1
        if self.peek().kind != "bar":
            if self.peek().kind in ("end", "close", "comma"):
                raise self.error("parse.missing_closer", bar.pos, closer="|", opener="|")
            raise self.unexpected(self.peek())
        self.advance()
        self.leave()
        return Abs(inner)

    def parse_function(self, token: _Token):
        self.enter(token)
        name = token.value
        base = token.base
        if name == "log" and self.peek().kind == "base":
            self.advance()
            base = self.parse_log_base(token)
        power = None
        if self.is_op(self.peek(), "^"):
            name, power = self.parse_function_power(name)
        if self.peek().kind == "open" and self.peek().value == "(":
            arguments = self.parse_call_arguments(name, token)
        else:
            arguments = [self.parse_implicit_argument(token)]
        if name == "CRootOf":
            result = self.root_of(arguments, token)
            self.leave()
            return result if power is None else self.power(result, Integer(power), token)
        if len(arguments) == 2:
            if base is not None:
                raise self.error("parse.log_base_twice", token.pos)
            base = arguments[1]
        result = self.apply(name, arguments[0], base, token)
        if power is not None:
            result = self.power(result, Integer(power), token)
        self.leave()
        return result

    def parse_log_base(self, log_token: _Token):
        token = self.peek()
        if token.kind in ("num", "var", "const", "open"):
            self.advance()
            self.count(token)
            if token.kind == "open":
                return self.parse_group(token)
            return self.parse_atom_value(token)
        raise self.error("parse.log_base_expected", log_token.pos)

    def parse_atom_value(self, token: _Token):
        """The value of a number, variable or constant token."""
        if token.kind == "num":
            return token.value
        if token.kind == "var":
            return make_symbol(token.value)
        return _CONSTANTS[token.value]

    def parse_function_power(self, name: str):
        """``sin^2 x`` is sin(x)²; ``sin^-1 x`` is asin(x); other powers are refused."""
        caret = self.advance()
        self.require_operand(caret)
        self.enter(caret)
        exponent = self.parse_signed(counted=False)
        self.leave()
        if exponent == -1 and name in _INVERSES:
            return _INVERSES[name], None
        if not exponent.is_Integer or exponent < 1:
            raise self.error("parse.function_power", caret.pos, name=name)
        return name, int(exponent)

    def parse_call_arguments(self, name: str, function: _Token) -> list:
        opener = self.advance()
        if self.peek().kind == "close":
            raise self.error("parse.needs_argument", opener.pos, name=name)
        self.enter(opener)
        saved_abs, self.abs_depth = self.abs_depth, 0
        arguments = [self.parse_sum()]
        while self.peek().kind == "comma":
            comma = self.advance()
            if name not in _TWO_ARGUMENTS or len(arguments) == 2:
                key = {"log": "parse.takes_two_arguments", "CRootOf": "parse.root_of.arguments"}.get(
                    name, "parse.takes_one_argument")
                raise self.error(key, comma.pos, name=name)
            self.require_operand(comma)
            arguments.append(self.parse_sum())
        self.abs_depth = saved_abs
        self.expect_closer(opener)
        self.leave()
        return arguments

    def parse_implicit_argument(self, function: _Token):
        """The implicit product after a bare function name, stopping at the next name."""
        token = self.peek()
        negate = False
        if self.is_op(token, "+", "-"):
            self.advance()
            negate = token.value == "-"
            token = self.peek()
        if not self.starts_factor(token):
            raise self.error("parse.needs_argument", function.pos, name=function.value)
        factors = [self.parse_power()]
        while True:
            token = self.peek()
            if token.kind == "func" or not self.starts_factor(token):
                break
            if token.kind == "num" and self.tokens[self.i - 1].kind == "num":
                raise self.unexpected(token)
            factors.append(self.parse_power())
        argument = factors[0] if len(factors) == 1 else self.check_numbers(Mul(*factors), function)
        return Mul(S.NegativeOne, argument) if negate else argument

    # -- building -----------------------------------------------------------------------

    def apply(self, name: str, argument, base, token: _Token):
        if name == "sqrt":
            return self.power(argument, Rational(1, 2), token)
        if name == "cbrt":
            return self.power(argument, Rational(1, 3), token)
        if name == "exp":
            return self.power(sympy.E, argument, token)
        if base is not None:
            self.check_log_base(base, token)
            result = sympy.log(argument, base)
        else:
            result = _FUNCTIONS[name](argument)
        shown = str(argument) if len(str(argument)) <= 40 else "..."
        return self.check_defined(result, token, "parse.undefined_value", name=name, argument=shown)

    def root_of(self, arguments: list, token: _Token):
        """``CRootOf(p, k)``: the k-th root of the polynomial p in one variable, as SymPy
        writes it (real roots first, in increasing order); bounded by :data:`MAX_ROOT_DEGREE`."""
        if len(arguments) != 2:
            raise self.error("parse.root_of.arguments", token.pos)
        polynomial, index = arguments
        symbols = polynomial.free_symbols
        if len(symbols) != 1 or not polynomial.is_polynomial(*symbols):
            raise self.error("parse.root_of.arguments", token.pos)
        degree = sympy.degree(polynomial, *symbols)
        if degree > MAX_ROOT_DEGREE:
            raise self.error("parse.root_of.degree", token.pos, degree=degree, limit=MAX_ROOT_DEGREE)
        if not (index.is_Integer and 0 <= index < degree):
            raise self.error("parse.root_of.index", token.pos, largest=degree - 1)
        try:
            return sympy.CRootOf(polynomial, int(index))
        except (sympy.PolynomialError, *_SYMPY_FAILURES):
            raise self.error("parse.root_of.arguments", token.pos) from None

    def check_log_base(self, base, token: _Token) -> None:
        """A logarithm's base must be positive and not 1 (``log(x, 0)`` was silently 0):
        a number base that is not is refused; a base with variables is left to the domain."""
        if base.free_symbols or not base.is_number:
            return
        if base.is_real is False or base.is_positive is False:
            raise self.error("parse.log_base_not_positive", token.pos, base=base)
        if sympy.Eq(base, 1) is sympy.true:
            raise self.error("parse.log_base_one", token.pos)

    def power(self, base, exponent, token: _Token):
        """base^exponent, refused before computing when the result would be too large."""
        if exponent.is_Rational:
            self.check_power_size(base, exponent, token)
        else:
            self.check_exponent_terms(exponent, token)
        result = Pow(base, exponent)
        self.check_defined(result, token, "parse.undefined_power")
        return self.check_numbers(result, token)

    def check_exponent_terms(self, exponent, token: _Token) -> None:
        """Bound the constant terms of a non-rational exponent.  SymPy rewrites
        exp(n·log 2) and 2^(n·log 3/log 2) into 2^n and 3^n, so a constant term whose
        size exceeds MAX_SYMBOLIC_EXPONENT is refused before SymPy sees it."""
        for term in Add.make_args(exponent):
            if term.is_Rational or term.free_symbols:
                continue
            try:
                magnitude = abs(complex(term.evalf(3)))
            except (TypeError, ValueError, ArithmeticError):
                continue  # not a plain number (e.g. zoo is refused elsewhere)
            if magnitude > MAX_SYMBOLIC_EXPONENT:
                raise self.error("parse.exponent_size_too_large", token.pos, size=f"{magnitude:.3g}",
                                 limit=MAX_SYMBOLIC_EXPONENT)

    def check_power_size(self, base, exponent, token: _Token) -> None:
        magnitude = abs(exponent)
        if base.is_Rational:
            if base in (S.Zero, S.One, S.NegativeOne):
                return
            if magnitude > 10 ** 7 or _digits(base) * float(magnitude) > MAX_RESULT_DIGITS:
                raise self.exponent_error(_RESULT_TOO_LONG, exponent, token, MAX_RESULT_DIGITS)
            if not exponent.is_Integer and _digits(base) > MAX_ROOT_BASE_DIGITS:
                raise self.error("parse.root_base_too_large", token.pos, limit=MAX_ROOT_BASE_DIGITS)
            return
        if magnitude > MAX_SYMBOLIC_EXPONENT:
            raise self.exponent_error(_EXPONENT_OVER_LIMIT, exponent, token, MAX_SYMBOLIC_EXPONENT)
        coefficient = base.as_coeff_Mul()[0]
        if coefficient.is_Rational and coefficient not in (S.One, S.NegativeOne):
            if _digits(coefficient) * float(magnitude) > MAX_RESULT_DIGITS:
                raise self.exponent_error(_RESULT_TOO_LONG, exponent, token, MAX_RESULT_DIGITS)
            if not exponent.is_Integer and _digits(coefficient) > MAX_ROOT_BASE_DIGITS:
                raise self.error("parse.root_base_too_large", token.pos, limit=MAX_ROOT_BASE_DIGITS)

    def exponent_error(self, keys: tuple[str, str], exponent, token: _Token, limit: int) -> ParseError:
        """``exponent`` is too large: the first phrase of ``keys`` names it, the second
        (for an exponent of 30 digits or more, not spelled out) gives its length."""
        short_key, long_key = keys
        if _digits(exponent) < _SHOWN_EXPONENT_DIGITS:
            return self.error(short_key, token.pos, exponent=f"{exponent}", limit=limit)
        return self.error(long_key, token.pos, digits=_SHOWN_EXPONENT_DIGITS, limit=limit)


def _parse_tokens(tokens: Sequence[_Token], text: str):
    return _Parser(tokens, text).parse_all()


def merges_powers(factors: Sequence[sympy.Expr], product: sympy.Expr) -> bool:
    """Whether SymPy merged typed powers of numbers in ``product``: ``2^x·3^x·4^x`` is
    ``24^x`` and ``2^x/3^x`` is ``(2/3)^x`` as soon as they are multiplied."""
    powers = [f for f in factors if f.is_Pow and f.base.is_Rational and not f.exp.is_number]
    return len(powers) >= 2 and not set(powers) <= set(Mul.make_args(product))


def evaluated(expr: sympy.Expr) -> sympy.Expr:
    """``expr`` rebuilt bottom-up with SymPy's automatic simplification, so that no product
    is left as typed (see :attr:`Problem.typed`)."""
    if not expr.args:
        return expr
    return expr.func(*[evaluated(arg) for arg in expr.args])


def _parse_text(text: str, keep_typed: bool = False):
    """(expression, whether a decimal literal was used, the expression as typed or None).

    With ``keep_typed``, a product whose powers of numbers SymPy would merge is kept as
    typed in the third value, and the first is its :func:`evaluated` form."""
    tokens = _tokenize(text)
    parser = _Parser(tokens, text, keep_typed)
    expr = parser.parse_all()
    typed = None
    if parser.kept_typed:
        typed, expr = expr, evaluated(expr)
    return expr, any(token.decimal for token in tokens), typed
