"""Names the parser knows: functions, constants, Greek letters, super- and subscripts, and the one spelling of a variable."""

from __future__ import annotations

import re
from typing import Callable, Iterable

import sympy
from sympy import Abs, Symbol

from symgrad.parse.limits import _fail
from symgrad.symbols import GLYPH_NAMES, GREEK_LETTERS, LOWERED, RAISED


# ---------------------------------------------------------------------------------------
# Names.
# ---------------------------------------------------------------------------------------

_GREEK_NAMES = [name for name in GREEK_LETTERS if name != "pi"]  # pi is the constant
_CAPITAL_GREEK_NAMES = [name.capitalize() for name in _GREEK_NAMES]
#: Greek glyphs read as variables, by name (π is the constant; Π is a variable, Pi)
_GREEK_CHARS = {glyph: name for glyph, name in GLYPH_NAMES.items() if name != "pi"}
#: Characters that stand for a constant rather than a variable.
_CONSTANT_CHARS = {"π": "pi", "ℯ": "e"}


_FUNCTIONS: dict[str, Callable] = {
    "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan,
    "sec": sympy.sec, "csc": sympy.csc, "cot": sympy.cot, "cosec": sympy.csc,
    "asin": sympy.asin, "acos": sympy.acos, "atan": sympy.atan,
    "asec": sympy.asec, "acsc": sympy.acsc, "acot": sympy.acot,
    "arcsin": sympy.asin, "arccos": sympy.acos, "arctan": sympy.atan,
    "arcsec": sympy.asec, "arccsc": sympy.acsc, "arccot": sympy.acot,
    "sinh": sympy.sinh, "cosh": sympy.cosh, "tanh": sympy.tanh,
    "sech": sympy.sech, "csch": sympy.csch, "coth": sympy.coth,
    "asinh": sympy.asinh, "acosh": sympy.acosh, "atanh": sympy.atanh,
    "asech": sympy.asech, "acsch": sympy.acsch, "acoth": sympy.acoth,
    "arcsinh": sympy.asinh, "arccosh": sympy.acosh, "arctanh": sympy.atanh,
    "arsinh": sympy.asinh, "arcosh": sympy.acosh, "artanh": sympy.atanh,
    "exp": sympy.exp, "ln": sympy.log, "log": sympy.log,
    "sqrt": None, "cbrt": None, "abs": Abs,  # roots go through the size-checked power
    "CRootOf": None,  # SymPy's exact root of a polynomial: CRootOf(x**5 - x + 1, 0)
}
_TWO_ARGUMENTS = ("log", "CRootOf")
#: f^-1 written after a function name means its inverse function (sin^-1 x = asin x).
_INVERSES = {
    "sin": "asin", "cos": "acos", "tan": "atan", "sec": "asec", "csc": "acsc",
    "cot": "acot", "cosec": "acsc", "sinh": "asinh", "cosh": "acosh", "tanh": "atanh",
    "sech": "asech", "csch": "acsch", "coth": "acoth",
}
_CONSTANTS = {"pi": sympy.pi, "e": sympy.E, "E": sympy.E}  # E: as SymPy writes Euler's number

_SUPERSCRIPTS = RAISED
_SUBSCRIPT_DIGITS = {lowered: plain for lowered, plain in LOWERED.items() if plain.isdigit()}
#: Every multi-letter word the letter-run splitter knows, longest match first.
_KNOWN_WORDS = frozenset(_FUNCTIONS) | {"pi"} | set(_GREEK_NAMES) | (
    set(_CAPITAL_GREEK_NAMES) - {"Pi"}
)
_LONGEST_WORD = max(len(word) for word in _KNOWN_WORDS)

_CANONICAL_NAME = re.compile(r"([A-Za-z]+)(?:(\d+)|_(\d+)|_\{(\d+)\})?")


def canonical_name(raw: str) -> str:
    """The one spelling of a variable name: Greek letters by name, index as plain digits.

    'θ₁', 'θ1', 'theta_1', 'theta1' -> 'theta1'; 'x₁', 'x_1', 'x_{1}' -> 'x1'.
    Anything that is not letters with an optional index raises ParseError.
    """
    if not isinstance(raw, str):
        raise _fail("parse.not_variable_type", None, None, type=type(raw).__name__)
    spelled = "".join(
        _GREEK_CHARS.get(c) or _SUBSCRIPT_DIGITS.get(c) or c for c in raw.strip()
    )
    match = _CANONICAL_NAME.fullmatch(spelled)
    if not match:
        raise _fail("parse.not_a_variable_name", raw, 0, name=raw)
    index = match.group(2) or match.group(3) or match.group(4) or ""
    return match.group(1) + index


def make_symbol(name: str) -> Symbol:
    """The real SymPy symbol symgrad uses for the variable ``name`` (canonicalized)."""
    return Symbol(canonical_name(name), real=True)


_NAME_PARTS = re.compile(r"(.*?)(\d*)")


def _natural_key(symbol) -> tuple:
    letters, digits = _NAME_PARTS.fullmatch(symbol.name).groups()
    return (letters.casefold(), letters, int(digits) if digits else -1, symbol.name)


def natural_order(symbols: Iterable[Symbol]) -> tuple[Symbol, ...]:
    """Symbols ordered by their letters, then their numeric index as a number:
    x, y, z; x1, x2, x10; theta1, theta2.  An unindexed name comes before its indexed ones."""
    return tuple(sorted(set(symbols), key=_natural_key))
