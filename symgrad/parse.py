"""Safe parsing of what a student types: expressions, variable lists, points, vectors, matrices.

The text never reaches ``eval``, ``exec``, ``sympify`` or ``parse_expr``.  A hand-written
tokenizer turns it into tokens, a recursive-descent parser builds SymPy objects directly
from a whitelist of names, and every step is bounded (length, nesting, exponent and number
size, number of parts), so hostile input is refused quickly with a :class:`ParseError`
that names the problem and its 0-based position.

The notation, rule by rule:

* Numbers are exact: ``2.1`` is 21/10, ``.5`` is 1/2, ``1.5e-3`` and ``2e3`` (digits, ``e``
  or ``E``, optional sign, digits, no spaces) are scientific notation.  A decimal literal
  sets :attr:`Problem.decimal_display`.
* Operators: ``+``, ``-`` (and the Unicode minus and dashes), ``*`` ``·`` ``⋅`` ``×``,
  ``/`` ``÷``, ``^`` or ``**`` for powers (right-associative: ``2^3^2`` is 2^9), Unicode
  superscripts (``x²``, ``x⁻¹``, ``eˣ``).  ``-x^2`` is -(x²); ``2^-1`` and ``x^-2`` work.
* Implicit multiplication binds like ``*`` (left to right): ``2x``, ``xy``, ``x(y+1)``,
  ``(x+1)(x-1)``, ``2 sin x``; so ``1/2x`` is x/2.  Two numbers in a row are refused.
* A run of letters that is not one known name splits greedily from the left into the
  longest known names (functions, ``pi``, Greek letter names, ``e``), otherwise single
  letters: ``xy`` = x·y, ``sinx`` = sin(x), ``xe`` = x·e.  Digits (or ``_1``, ``_{1}``,
  ``₁``) right after a variable index it: ``x1``, ``theta_1``, ``θ₁`` are one variable.
  After a function name digits are an argument (``sin2x`` = sin(2x)), except that
  ``log2``/``log10``/``log₂``/``log_2``/``log_{b}`` give the logarithm's base.
* Unknown names: a run of three or more letters that splits into single letters only and
  is followed by ``(`` is refused as an unknown function (``foo(x)``, ``max(x, y)``);
  shorter runs are products (``xy(x+1)`` = x·y·(x+1), ``f(x)`` = f·x).
* ``e`` is Euler's number (``e^x`` = exp(x)), ``pi`` and ``π`` are π.  Greek letters and
  their names (``θ``, ``theta``, ``lambda``) are real variables; capital letters are
  distinct variables (``X`` ≠ ``x``).
* Functions: sin cos tan sec csc cot, their inverses (asin.., arcsin..), the hyperbolic
  ones and their inverses, exp, ln, log (natural; ``log(x, b)`` and ``log_b`` for base b),
  log2, log10, sqrt, cbrt, abs and ``|x|``, ``√``, ``∛``, ``∜``.  A bracket right after the
  name is the argument (``sin(x)^2`` is (sin x)²).  Without a bracket the argument is the
  following implicit product, up to the next ``+ - * /``, closing bracket or next function
  name: ``sin 2x`` = sin(2x), ``ln x^3`` = ln(x³), ``sin x cos x`` = sin(x)·cos(x).
  ``sin^2 x`` = sin(x)², and ``sin^-1 x`` = asin(x).  ``√`` applies to the following power:
  ``√x^2`` = √(x²), ``√2x`` = √2·x.
"""

from __future__ import annotations

import difflib
import fractions
import math
import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Callable, Iterable, Sequence

import sympy
from sympy import Abs, Add, Integer, Mul, Pow, Rational, S, Symbol

from symgrad.errors import ParseError

__all__ = [
    "MAX_INPUT_LENGTH",
    "MAX_DEPTH",
    "MAX_SYMBOLIC_EXPONENT",
    "MAX_LITERAL_DIGITS",
    "MAX_SCIENTIFIC_EXPONENT",
    "MAX_ROOT_DEGREE",
    "MAX_RESULT_DIGITS",
    "MAX_ROOT_BASE_DIGITS",
    "MAX_NODES",
    "ParseError",
    "Problem",
    "make_symbol",
    "canonical_name",
    "parse_expression",
    "parse",
    "natural_order",
    "parse_point",
    "parse_vector",
    "parse_matrix",
    "parse_variables",
]

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

# ---------------------------------------------------------------------------------------
# Names.
# ---------------------------------------------------------------------------------------

_GREEK_NAMES = (
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron "
    "rho sigma tau upsilon phi chi psi omega"
).split()
_CAPITAL_GREEK_NAMES = [name.capitalize() for name in _GREEK_NAMES]

_GREEK_CHARS = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ϵ": "epsilon",
    "ζ": "zeta", "η": "eta", "θ": "theta", "ϑ": "theta", "ι": "iota", "κ": "kappa",
    "λ": "lambda", "μ": "mu", "µ": "mu", "ν": "nu", "ξ": "xi", "ο": "omicron", "ρ": "rho",
    "σ": "sigma", "ς": "sigma", "τ": "tau", "υ": "upsilon", "φ": "phi", "ϕ": "phi",
    "χ": "chi", "ψ": "psi", "ω": "omega",
    "Α": "Alpha", "Β": "Beta", "Γ": "Gamma", "Δ": "Delta", "Ε": "Epsilon", "Ζ": "Zeta",
    "Η": "Eta", "Θ": "Theta", "Ι": "Iota", "Κ": "Kappa", "Λ": "Lambda", "Μ": "Mu",
    "Ν": "Nu", "Ξ": "Xi", "Ο": "Omicron", "Π": "Pi", "Ρ": "Rho", "Σ": "Sigma", "Τ": "Tau",
    "Υ": "Upsilon", "Φ": "Phi", "Χ": "Chi", "Ψ": "Psi", "Ω": "Omega",
}
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

#: Every multi-letter word the letter-run splitter knows, longest match first.
_KNOWN_WORDS = frozenset(_FUNCTIONS) | {"pi"} | set(_GREEK_NAMES) | (
    set(_CAPITAL_GREEK_NAMES) - {"Pi"}
)
_LONGEST_WORD = max(len(word) for word in _KNOWN_WORDS)

# ---------------------------------------------------------------------------------------
# Characters.
# ---------------------------------------------------------------------------------------

_DIGITS = "0123456789"
_ASCII_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_OPERATORS = {
    "+": "+", "＋": "+",
    "-": "-", "−": "-", "–": "-", "—": "-", "‐": "-", "‑": "-", "‒": "-", "﹣": "-", "－": "-",
    "*": "*", "·": "*", "⋅": "*", "×": "*", "∙": "*",
    "/": "/", "÷": "/", "∕": "/", "⁄": "/",
    "^": "^",
}
_OPENERS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = {")": "(", "]": "[", "}": "{"}
_ROOTS = {"√": 2, "∛": 3, "∜": 4}
_SUPERSCRIPTS = {
    "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7",
    "⁸": "8", "⁹": "9", "⁻": "-", "⁺": "+", "⁽": "(", "⁾": ")",
    "ᵃ": "a", "ᵇ": "b", "ᶜ": "c", "ᵈ": "d", "ᵉ": "e", "ᶠ": "f", "ᵍ": "g", "ʰ": "h",
    "ⁱ": "i", "ʲ": "j", "ᵏ": "k", "ˡ": "l", "ᵐ": "m", "ⁿ": "n", "ᵒ": "o", "ᵖ": "p",
    "ʳ": "r", "ˢ": "s", "ᵗ": "t", "ᵘ": "u", "ᵛ": "v", "ʷ": "w", "ˣ": "x", "ʸ": "y",
    "ᶻ": "z",
}
_SUBSCRIPT_DIGITS = {"₀": "0", "₁": "1", "₂": "2", "₃": "3", "₄": "4", "₅": "5",
                     "₆": "6", "₇": "7", "₈": "8", "₉": "9"}
#: Characters refused with a hint: the phrase key of their message.
_CHARACTER_HINTS = {
    "=": "parse.unexpected_character.equals",
    "!": "parse.unexpected_character.factorial",
    "_": "parse.unexpected_character.underscore",
}

_UNDERSCORE_INDEX = re.compile(r"_(?:(\d+)|\{(\d+)\})")

#: Exceptions SymPy itself may raise while evaluating what the parser builds.
_SYMPY_FAILURES = (ValueError, TypeError, ArithmeticError, NotImplementedError, RecursionError)

_INFINITIES = (S.ComplexInfinity, S.Infinity, S.NegativeInfinity, S.NaN)


def _is_letter(char: str) -> bool:
    return char in _ASCII_LETTERS or char in _GREEK_CHARS or char in _CONSTANT_CHARS


def _describe(char: str) -> str:
    """A character as an error message quotes it: printable ones in quotes, others as U+XXXX."""
    return f"'{char}'" if char.isprintable() and not char.isspace() else f"U+{ord(char):04X}"


# ---------------------------------------------------------------------------------------
# Tokens.
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    """One token: ``kind`` is num, var, const, func, op, open, close, bar, comma, equals,
    root, base (the '_' after log) or end; ``pos`` is its 0-based start in the text."""

    kind: str
    value: object
    pos: int
    text: str
    base: object = None  # a log base written into the name: log2, log10, log₂
    decimal: bool = False


def _fail(key: str, text: str | None, position: int | None, **fields: object) -> ParseError:
    """The ParseError whose message is the phrase ``key`` of :mod:`symgrad.render.phrases`
    with ``fields``: English as ``message``, any language through ``message_in``."""
    return ParseError.from_phrase(key, text=text, position=position, **fields)


class _Tokenizer:
    """Turns text into tokens, splitting letter runs into names as the module doc says."""

    def __init__(self, text: str, *, allow_equals: bool = False):
        self.text = text
        self.allow_equals = allow_equals
        self.tokens: list[_Token] = []

    def run(self) -> list[_Token]:
        self._scan(self.text, 0, len(self.text))
        self.tokens.append(_Token("end", None, len(self.text), ""))
        return self.tokens

    def _error(self, key: str, position: int, **fields: object) -> ParseError:
        return _fail(key, self.text, position, **fields)

    def _add(self, kind: str, value, pos: int, text: str, **extra) -> None:
        self.tokens.append(_Token(kind, value, pos, text, **extra))

    def _scan(self, source: str, start: int, stop: int) -> None:
        """Tokenize ``source[start:stop]``; positions are indexes into ``self.text``,
        which has the same length as ``source`` (superscripts are translated 1:1)."""
        i = start
        while i < stop:
            char = source[i]
            if char.isspace():
                i += 1
            elif char in _DIGITS or (char == "." and i + 1 < stop and source[i + 1] in _DIGITS):
                i = self._read_number(source, i, stop)
            elif _is_letter(char):
                i = self._read_word(source, i, stop)
            elif char == "*" and i + 1 < stop and source[i + 1] == "*":
                self._add("op", "^", i, "**")
                i += 2
            elif char in _OPERATORS:
                self._add("op", _OPERATORS[char], i, char)
                i += 1
            elif char in _OPENERS:
                self._add("open", char, i, char)
                i += 1
            elif char in _CLOSERS:
                self._add("close", char, i, char)
                i += 1
            elif char == "|":
                self._add("bar", "|", i, char)
                i += 1
            elif char == ",":
                self._add("comma", ",", i, char)
                i += 1
            elif char == "=" and self.allow_equals:
                self._add("equals", "=", i, char)
                i += 1
            elif char in _ROOTS:
                self._add("root", _ROOTS[char], i, char)
                i += 1
            elif char in _SUPERSCRIPTS:
                i = self._read_superscript(source, i, stop)
            elif char in _SUBSCRIPT_DIGITS:
                raise self._error("parse.unexpected_subscript", i, char=_describe(char))
            else:
                key = _CHARACTER_HINTS.get(char, "parse.unexpected_character")
                raise self._error(key, i, char=_describe(char))

    def _read_number(self, source: str, i: int, stop: int) -> int:
        """Digits [. digits] [e|E [sign] digits]; the value is an exact Rational."""
        start = i
        if source[i] == "." and i > 0 and (source[i - 1] in _ASCII_LETTERS or source[i - 1] in ")]}_"):
            raise self._error("parse.unexpected_character", i, char="'.'")  # x.5, (x).5: attribute-like
        while i < stop and source[i] in _DIGITS:
            i += 1
        integer_part = source[start:i]
        fraction_part = ""
        decimal = False
        if i < stop and source[i] == "." and i + 1 < stop and source[i + 1] in _DIGITS:
            i += 1
            fraction_start = i
            while i < stop and source[i] in _DIGITS:
                i += 1
            fraction_part = source[fraction_start:i]
            decimal = True
        exponent = 0
        if i < stop and source[i] in "eE":
            j = i + 1
            if j < stop and source[j] in "+-":
                j += 1
            if j < stop and source[j] in _DIGITS:
                k = j
                while k < stop and source[k] in _DIGITS:
                    k += 1
                exponent_text = source[i + 1:k]
                if k - j > 3 or abs(int(exponent_text)) > MAX_SCIENTIFIC_EXPONENT:
                    raise self._error("parse.number_exponent_too_large", start,
                                      number=source[start:k], limit=MAX_SCIENTIFIC_EXPONENT)
                exponent = int(exponent_text)
                decimal = True
                i = k
        if i < stop and source[i] == ".":
            raise self._error("parse.unexpected_character", i, char="'.'")
        digits = integer_part + fraction_part
        if len(digits) > MAX_LITERAL_DIGITS:
            raise self._error("parse.number_too_long", start, digits=len(digits), limit=MAX_LITERAL_DIGITS)
        scale = len(fraction_part) - exponent
        mantissa = Integer(int(digits))
        value = mantissa / Integer(10) ** scale if scale > 0 else mantissa * Integer(10) ** (-scale)
        self._add("num", value, start, source[start:i], decimal=decimal)
        return i

    def _read_superscript(self, source: str, i: int, stop: int) -> int:
        """A run of superscript characters is an exponent: x²ʸ is x^(2y)."""
        start = i
        while i < stop and source[i] in _SUPERSCRIPTS:
            i += 1
        translated = "".join(_SUPERSCRIPTS[c] for c in source[start:i])
        self._add("op", "^", start, source[start])
        self._add("open", "(", start, source[start])
        padded = " " * start + translated  # keep positions aligned with the text
        self._scan(padded, start, i)
        self._add("close", ")", i - 1, source[i - 1])
        return i

    def _read_word(self, source: str, i: int, stop: int) -> int:
        start = i
        while i < stop and _is_letter(source[i]):
            i += 1
        pieces = _split_letters(source[start:i], start)
        index, i_after_index, index_kind = self._read_index(source, i, stop)
        last_kind, last_name, last_pos = pieces[-1]
        base = None
        if index is not None:
            if last_kind == "var":
                pieces[-1] = ("var", last_name + index, last_pos)
                i = i_after_index
            elif last_kind == "func" and last_name == "log":
                if index_kind != "underscore":  # log_2 is read by the parser as a base
                    base = Integer(int(index))
                    i = i_after_index
            elif index_kind in ("subscript", "underscore"):
                raise self._error("parse.cannot_take_index", i, name=last_name)
        if i < stop and source[i] == "_":
            if last_kind == "func" and last_name == "log" and base is None:
                self._emit_pieces(pieces, None)
                self._add("base", "_", i, "_")
                return i + 1
            if last_kind == "var":
                raise self._error("parse.underscore_needs_number", i)
            raise self._error(_CHARACTER_HINTS["_"], i, char="'_'")
        self._check_unknown_function(source, start, i, stop, pieces, index)
        self._emit_pieces(pieces, base)
        return i

    def _emit_pieces(self, pieces, base) -> None:
        for n, (kind, name, pos) in enumerate(pieces):
            last = n == len(pieces) - 1
            if kind == "const":
                self._add("const", name, pos, name)
            elif kind == "func":
                self._add("func", name, pos, name, base=base if last else None)
            else:
                self._add("var", name, pos, name)

    def _read_index(self, source: str, i: int, stop: int):
        """Digits, subscript digits, ``_digits`` or ``_{digits}`` right after a name."""
        if i < stop and source[i] in _DIGITS:
            j = i
            while j < stop and source[j] in _DIGITS:
                j += 1
            if j < stop and source[j] == ".":
                return None, i, None  # x1.5 is not an index; let the number reader refuse it
            return source[i:j], j, "digits"
        if i < stop and source[i] in _SUBSCRIPT_DIGITS:
            j = i
            while j < stop and source[j] in _SUBSCRIPT_DIGITS:
                j += 1
            return "".join(_SUBSCRIPT_DIGITS[c] for c in source[i:j]), j, "subscript"
        if i + 1 < stop and source[i] == "_":
            match = _UNDERSCORE_INDEX.match(source, i, stop)
            if match:
                return match.group(1) or match.group(2), match.end(), "underscore"
        return None, i, None

    def _check_unknown_function(self, source, start, end, stop, pieces, index) -> None:
        """Refuse ``foo(x)``, ``sine(x)``, ``gamma(x)``: a name of three or more letters right
        before ``(`` that does not end in a known function is no product of its letters."""
        if end - start < 3 or index is not None or pieces[-1][0] == "func":
            return
        j = end
        while j < stop and source[j].isspace():
            j += 1
        if j < stop and source[j] == "(":
            name = source[start:end]
            close = difflib.get_close_matches(name.lower(), sorted(_FUNCTIONS), n=1, cutoff=0.6)
            if close:
                raise self._error("parse.unknown_function_suggest", start, name=name, suggestion=close[0])
            raise self._error("parse.unknown_function", start, name=name)


def _split_letters(run: str, offset: int) -> list[tuple[str, str, int]]:
    """Split a letter run greedily from the left into known words, else single letters.

    Returns (kind, name, position) triples, kind being func, const or var.
    """
    pieces = []
    i = 0
    while i < len(run):
        char = run[i]
        if char in _CONSTANT_CHARS:
            pieces.append(("const", _CONSTANT_CHARS[char], offset + i))
            i += 1
            continue
        if char in _GREEK_CHARS:
            pieces.append(("var", _GREEK_CHARS[char], offset + i))
            i += 1
            continue
        word = _longest_word_at(run, i)
        if word in _FUNCTIONS:
            pieces.append(("func", word, offset + i))
        elif word in _CONSTANTS:
            pieces.append(("const", word, offset + i))
        else:
            pieces.append(("var", word, offset + i))
        i += len(word)
    return pieces


def _longest_word_at(run: str, i: int) -> str:
    for length in range(min(_LONGEST_WORD, len(run) - i), 1, -1):
        candidate = run[i:i + length]
        if candidate in _KNOWN_WORDS:
            return candidate
    return run[i]


_KEPT_AS_TYPED = frozenset(_SUPERSCRIPTS) | frozenset(_SUBSCRIPT_DIGITS) | frozenset(_OPERATORS) | \
    frozenset(_GREEK_CHARS) | frozenset(_CONSTANT_CHARS) | frozenset(_ROOTS)
"""Characters the tokenizer reads as they are: NFKC would turn ``x²`` into ``x2`` and
``x₁`` into ``x1``, and would change operator glyphs the tokenizer already knows."""


def normalize_with_origins(text: str) -> tuple[str, tuple[int, ...]]:
    """``text`` with each character in Unicode NFKC form (full-width ``１/ｘ`` → ``1/x``,
    non-breaking and ideographic spaces → space, ``½`` → ``1⁄2``) except the characters
    of :data:`_KEPT_AS_TYPED`; and for each character of the result, the index of the
    character of ``text`` it came from, so that errors point at what the user typed.

    >>> normalize_with_origins("１/ｘ²")
    ('1/x²', (0, 1, 2, 3))
    >>> normalize_with_origins("½x")
    ('1⁄2x', (0, 0, 0, 1))
    """
    pieces: list[str] = []
    origins: list[int] = []
    for index, char in enumerate(text):
        mapped = char if char.isascii() or char in _KEPT_AS_TYPED else unicodedata.normalize("NFKC", char) or char
        pieces.append(mapped)
        origins.extend([index] * len(mapped))
    return "".join(pieces), tuple(origins)


def normalize_text(text: str) -> str:
    """:func:`normalize_with_origins` without the origins: the text as symgrad reads it."""
    return normalize_with_origins(text)[0]


def _in_typed_text(error: ParseError, text: str, origins: Sequence[int]) -> ParseError:
    """``error`` (about the normalised text) pointing into the ``text`` the user typed."""
    position = error.position
    if position is not None:
        position = origins[position] if position < len(origins) else len(text)
    if error.key is None:
        return ParseError(error.message, text=text, position=position)
    fields = dict(error.fields)
    if "char" in fields and position is not None and position < len(text):
        fields["char"] = _describe(text[position])  # the character as typed: '＠', not '@'
    return ParseError.from_phrase(error.key, text=text, position=position, **fields)


def _tokenize(text: str, *, allow_equals: bool = False) -> list[_Token]:
    """Check the length, tokenize and check that brackets balance and nest shallowly."""
    return _tokenize_matched(text, allow_equals=allow_equals)[0]


def _tokenize_matched(text: str, *, allow_equals: bool = False) -> tuple[list[_Token], dict[int, int]]:
    """:func:`_tokenize`, with the bracket matches {index of opener: index of closer}."""
    if not isinstance(text, str):
        raise _fail("parse.not_text", None, None, type=type(text).__name__)
    if len(text) > MAX_INPUT_LENGTH:
        raise _fail("parse.input_too_long", text[:200], 0, limit=MAX_INPUT_LENGTH)
    normalized, origins = normalize_with_origins(text)
    if normalized == text:
        tokens = _Tokenizer(text, allow_equals=allow_equals).run()
        return tokens, _check_brackets(tokens, text)
    if len(normalized) > MAX_INPUT_LENGTH:
        raise _fail("parse.input_too_long", text[:200], 0, limit=MAX_INPUT_LENGTH)
    try:
        tokens = _Tokenizer(normalized, allow_equals=allow_equals).run()
    except ParseError as error:
        raise _in_typed_text(error, text, origins) from None
    tokens = [replace(token, pos=origins[token.pos] if token.pos < len(origins) else len(text)) for token in tokens]
    return tokens, _check_brackets(tokens, text)


def _check_brackets(tokens: Sequence[_Token], text: str) -> dict[int, int]:
    """Match brackets; return {index of opener: index of closer}.  Unmatched ones are
    refused, pointing at the unclosed opener; nesting beyond MAX_DEPTH is refused."""
    stack: list[int] = []
    matches: dict[int, int] = {}
    for n, token in enumerate(tokens):
        if token.kind == "open":
            stack.append(n)
            if len(stack) > MAX_DEPTH:
                raise _fail("parse.nesting_too_deep", text, token.pos, limit=MAX_DEPTH)
        elif token.kind == "close":
            if not stack:
                raise _fail("parse.unmatched", text, token.pos, bracket=token.text)
            opener = tokens[stack[-1]]
            if _OPENERS[opener.value] != token.value:
                raise _missing_closer(opener, text)
            matches[stack.pop()] = n
    if stack:
        raise _missing_closer(tokens[stack[-1]], text)
    return matches


def _missing_closer(opener: _Token, text: str) -> ParseError:
    return _fail("parse.missing_closer", text, opener.pos, closer=_OPENERS[opener.value], opener=opener.value)


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


#: An exponent with this many digits or more is not spelled out in an error message.
_SHOWN_EXPONENT_DIGITS = 30
#: The phrases of an exponent that is too large, spelled out or by its length.
_EXPONENT_OVER_LIMIT = ("parse.exponent_too_large", "parse.long_exponent_too_large")
_RESULT_TOO_LONG = ("parse.exponent_too_many_digits", "parse.long_exponent_too_many_digits")


# ---------------------------------------------------------------------------------------
# Public API.
# ---------------------------------------------------------------------------------------

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
