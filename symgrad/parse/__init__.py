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

The package in the order of the data flow: :mod:`~symgrad.parse.limits` (the bounds and
the refusal helper), :mod:`~symgrad.parse.names` (functions, constants, Greek names,
variable names), :mod:`~symgrad.parse.tokens` (characters, normalisation, tokens),
:mod:`~symgrad.parse.grammar` (the recursive-descent parser) and
:mod:`~symgrad.parse.values` (expressions, problems, variable lists, points, vectors and
matrices: the public API, re-exported here).
"""

from __future__ import annotations

from symgrad.errors import ParseError
from symgrad.parse.grammar import evaluated, merges_powers
from symgrad.parse.limits import (MAX_DEPTH, MAX_INPUT_LENGTH, MAX_LITERAL_DIGITS, MAX_NODES,
                                  MAX_RESULT_DIGITS, MAX_ROOT_BASE_DIGITS, MAX_ROOT_DEGREE,
                                  MAX_SCIENTIFIC_EXPONENT, MAX_SYMBOLIC_EXPONENT)
from symgrad.parse.names import canonical_name, make_symbol, natural_order
from symgrad.parse.tokens import normalize_text, normalize_with_origins
from symgrad.parse.values import (Problem, as_expression, parse, parse_expression, parse_matrix, parse_point,
                                  parse_variables, parse_vector)

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
    "as_expression",
    "normalize_text",
    "normalize_with_origins",
    "merges_powers",
    "evaluated",
]
