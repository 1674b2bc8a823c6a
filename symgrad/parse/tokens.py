"""Characters to tokens: Unicode normalisation (NFKC per character, positions kept), the tokenizer and bracket matching."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Sequence

from sympy import Integer, S

from symgrad.errors import ParseError
from symgrad.parse.limits import (MAX_DEPTH, MAX_INPUT_LENGTH, MAX_LITERAL_DIGITS, MAX_SCIENTIFIC_EXPONENT,
                                  _fail)
from symgrad.parse.names import (_CONSTANTS, _CONSTANT_CHARS, _FUNCTIONS, _GREEK_CHARS, _KNOWN_WORDS,
                                 _LONGEST_WORD, _SUBSCRIPT_DIGITS, _SUPERSCRIPTS)


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
