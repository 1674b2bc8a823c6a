"""The parser's bounds (each checked before the work it guards) and the one way it refuses: :func:`_fail`."""

from __future__ import annotations

import math
from typing import Iterable


from symgrad.errors import ParseError


# ---------------------------------------------------------------------------------------
# Limits.  Each one is checked before the work it guards is done.
# ---------------------------------------------------------------------------------------

#: Longest text accepted; longer input is refused before tokenizing.
MAX_INPUT_LENGTH = 2000
#: Deepest nesting of brackets, bars, function calls, signs, roots and powers.
MAX_DEPTH = 64
#: Largest |n| in a power with a non-rational base (x^n).  The STACK fixture table
#: needs (x-a)^6000, so the bound is 10,000 rather than the 1,000 first suggested.
MAX_SYMBOLIC_EXPONENT = 10_000
#: Most digits in one number literal: enough for the exact values symgrad writes itself
#: (the camelback's are up to 128 digits), which must read back.
MAX_LITERAL_DIGITS = 1000
#: Most |exponent| in scientific notation (1.5e-3).
MAX_SCIENTIFIC_EXPONENT = 100
#: Highest degree of the polynomial in CRootOf(polynomial, index), as SymPy writes an
#: exact root it cannot put in radicals (isolating roots of degree 32 takes milliseconds).
MAX_ROOT_DEGREE = 32
#: Most digits of an exact number the parser builds; kept under Python's 4300-digit
#: int-to-str limit so every number produced can still be printed.
MAX_RESULT_DIGITS = 4000
#: Most digits of a rational base raised to a non-integer power.  SymPy trial-factors
#: such bases (sqrt of an 800-digit integer takes a quarter of a second, and a product
#: of 40 square roots of 40-digit numbers 1.5 s); at 12 digits a 2000-character
#: product of distinct roots stays under 0.3 s.
MAX_ROOT_BASE_DIGITS = 12
#: Most parts (numbers, names, operations, calls) in one expression.
MAX_NODES = 1000

_LOG10_2 = math.log10(2)

def _fail(key: str, text: str | None, position: int | None, **fields: object) -> ParseError:
    """The ParseError whose message is the phrase ``key`` of :mod:`symgrad.phrases`
    with ``fields``: English as ``message``, any language through ``message_in``."""
    return ParseError.from_phrase(key, text=text, position=position, **fields)



# ---------------------------------------------------------------------------------------
# Exact-number bounds.
# ---------------------------------------------------------------------------------------


def _digits(number) -> float:
    """Approximate count of decimal digits of the larger of numerator and denominator."""
    p, q = abs(int(number.p)), int(number.q)
    return max(max(p.bit_length(), q.bit_length()) - 1, 0) * _LOG10_2


def _leading_numbers(expr) -> Iterable:
    """The numbers SymPy just built at the top of ``expr`` (coefficients of its terms)."""
    if expr.is_Rational:
        yield expr
    elif expr.is_Mul or expr.is_Add:
        for arg in expr.args if expr.is_Add else expr.args[:1]:
            coefficient = arg.as_coeff_Mul()[0] if arg.is_Mul else arg
            if coefficient.is_Rational:
                yield coefficient


#: An exponent with this many digits or more is not spelled out in an error message.
_SHOWN_EXPONENT_DIGITS = 30
#: The phrases of an exponent that is too large, spelled out or by its length.
_EXPONENT_OVER_LIMIT = ("parse.exponent_too_large", "parse.long_exponent_too_large")
_RESULT_TOO_LONG = ("parse.exponent_too_many_digits", "parse.long_exponent_too_many_digits")
