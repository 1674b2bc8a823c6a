"""One-line Unicode math: ``x² + 2xy − y²``, ``(2x + 2y)/(x² + 2xy − y²)``, ``e^(3x)(3x + 1)``.

:func:`format_expr` is the only place that decides how an expression looks in plain
text. Conventions: superscript digits for integer powers, implicit multiplication
between a number and what follows and between single-letter symbols (``2xy``,
``θ₁θ₂``), ``·`` before and after function calls and multi-letter names
(``2t·cos(t²)``), ``θ₁`` for ``theta1``, ``√(…)``, ``ln``, ``log₂``, ``eˣ``/``e^(…)``,
``|x|``, one fraction ``(num)/(den)`` per product, the Unicode minus ``−``, and terms
in a deterministic order (graded: descending total degree for polynomials).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy
from sympy import Abs, Add, Expr, Mul, Pow, Symbol, exp, log

from symgrad.symbols import GREEK_CAPITALS, GREEK_LETTERS, SUBSCRIPTS, SUPERSCRIPT_LETTERS, SUPERSCRIPTS

MINUS = "−"
DOT = "·"
_SUPERSCRIPT = str.maketrans({plain: SUPERSCRIPTS[plain] for plain in "0123456789-"})
_SUBSCRIPT = str.maketrans({plain: SUBSCRIPTS[plain] for plain in "0123456789ijkn"})
_SUPERSCRIPT_LETTERS = SUPERSCRIPT_LETTERS
_GREEK = {**GREEK_LETTERS, "lamda": GREEK_LETTERS["lambda"], **GREEK_CAPITALS, "Lamda": GREEK_CAPITALS["Lambda"]}
"""Symbol names (as SymPy spells them: ``lamda``) → glyphs."""
_FUNCTION_NAMES = {
    "asin": "arcsin", "acos": "arccos", "atan": "arctan", "acot": "arccot", "asec": "arcsec",
    "acsc": "arccsc", "asinh": "arsinh", "acosh": "arcosh", "atanh": "artanh",
    "acoth": "arcoth", "asech": "arsech", "acsch": "arcsch", "sign": "sgn", "log": "ln",
}

# precedence of what a string shows at its top level
_ADD, _MUL, _POW, _ATOM = 1, 2, 3, 4


@dataclass(frozen=True)
class _Shown:
    """A formatted piece: its text, its precedence and what kind of factor it is."""

    text: str
    prec: int
    kind: str = "other"  # number | letter | word | call | group | other


def symbol_name(name: str) -> str:
    """``theta1`` → ``θ₁``, ``x_2`` → ``x₂``, ``alpha`` → ``α``, ``x_ij`` → ``xᵢⱼ`` (the index
    letters i, j, k, n of a sum); other names unchanged."""
    match = re.fullmatch(r"([A-Za-z]+?)_?(\d+)", name) or re.fullmatch(r"([A-Za-z]+)_([ijkn]+)", name)
    base, digits = (match.group(1), match.group(2)) if match else (name, "")
    base = _GREEK.get(base, base)
    return base + digits.translate(_SUBSCRIPT)


def _is_single_letter(text: str) -> bool:
    return len(text.rstrip("₀₁₂₃₄₅₆₇₈₉")) == 1


_GENERIC_X = re.compile(r"(?<![A-Za-z_])x(?![A-Za-z_])")


def formula_for(formula: str, name: str, partial: bool) -> str:
    """A rule's general formula (written for d/dx) in the notation of the derivative at
    hand: the variable ``name`` and ∂ for a partial derivative.

    >>> formula_for("d/dx f(u(x)) = f'(u)·u'(x)", "y", True)
    "∂/∂y f(u) = f'(u)·∂u/∂y"
    >>> formula_for("d/dx(aˣ) = aˣ·ln a", "u", False)
    'd/du(aᵘ) = aᵘ·ln a'
    >>> formula_for("d/dx(xⁿ) = n·xⁿ⁻¹", "θ₁", True)
    '∂/∂θ₁(θ₁ⁿ) = n·θ₁ⁿ⁻¹'
    """
    d = "∂" if partial else "d"
    raised = "".join(_SUPERSCRIPT_LETTERS.get(char, "") for char in name)
    raised = raised if len(raised) == len(name) else f"^{name}"
    written = instantiate_formula(formula, partial, derivative="d/dx", generic_x=_GENERIC_X, name=name,
                                  operator=f"{d}/{d}{name}", inner_derivative=f"∂u/∂{name}")
    return written.replace("ˣ", raised)


def instantiate_formula(formula: str, partial: bool, *, derivative: str, generic_x: re.Pattern, name: str,
                        operator: str, inner_derivative: str) -> str:
    """The one rewriting of a rule's general formula (written for d/dx, in any notation) for
    the derivative at hand: ``derivative`` (d/dx) becomes ``operator``, the generic x (as
    ``generic_x`` finds it) becomes ``name``, and for a partial derivative the chain rule's
    f(u(x)) becomes f(u) and u'(x) becomes ``inner_derivative``. Placeholders keep one
    replacement from touching what another wrote."""
    if partial:
        formula = formula.replace("f(u(x))", "f(u)").replace("u'(x)", "\0U\0")
    formula = generic_x.sub("\0N\0", formula.replace(derivative, "\0D\0"))
    return formula.replace("\0D\0", operator).replace("\0U\0", inner_derivative).replace("\0N\0", name)


def superscript(n: int) -> str:
    """Superscript digits for an integer exponent: 2 → ², −1 → ⁻¹."""
    return str(n).translate(_SUPERSCRIPT)


def is_terminating(q: sympy.Rational) -> bool:
    """True when the denominator of ``q`` divides a power of ten (21/10, 1/8, 3/4)."""
    d = int(q.q)
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


def decimal_text(q: sympy.Rational) -> str:
    """The exact decimal digits of a terminating rational (21/10 → "2.1", −1/8 → "-0.125")."""
    p, d = int(q.p), int(q.q)
    digits = 0
    while 10**digits % d:
        digits += 1
    scaled = abs(p) * 10**digits // d
    text = str(scaled).rjust(digits + 1, "0")
    text = text[:-digits] + "." + text[-digits:] if digits else text
    return ("-" if p < 0 else "") + text


class _Formatter:
    def __init__(self, decimal_display: bool):
        self.decimal_display = decimal_display

    # -- entry -------------------------------------------------------------
    def show(self, e) -> _Shown:
        if isinstance(e, bool) or not isinstance(e, sympy.Basic):
            e = sympy.sympify(e)
        if e.is_Number:
            return self.number(e)
        if isinstance(e, Symbol):
            text = symbol_name(e.name)
            return _Shown(text, _ATOM, "letter" if _is_single_letter(text) else "word")
        if isinstance(e, sympy.NumberSymbol) or e in (sympy.I, sympy.zoo, sympy.nan):
            names = {sympy.pi: "π", sympy.E: "e", sympy.I: "i", sympy.zoo: "∞̃", sympy.nan: "NaN",
                     sympy.EulerGamma: "γ", sympy.GoldenRatio: "φ"}
            return _Shown(names.get(e, str(e)), _ATOM, "letter")
        if isinstance(e, Add):
            return self.add(e)
        if isinstance(e, Mul):
            return self.mul(e)
        if isinstance(e, Pow):
            return self.power(e)
        if isinstance(e, exp):
            return self.exponential(e.args[0])
        if isinstance(e, Abs):
            return _Shown("|" + self.text(e.args[0]) + "|", _ATOM, "power")
        if isinstance(e, sympy.Derivative):
            variables = "".join(symbol_name(str(v)) for v in e.variables)
            return _Shown(f"d/d{variables}({self.text(e.expr)})", _ATOM, "call")
        if isinstance(e, sympy.Function) or isinstance(e, sympy.core.function.AppliedUndef):
            name = type(e).__name__
            name = _FUNCTION_NAMES.get(name, name)
            return _Shown(f"{name}({', '.join(self.text(a) for a in e.args)})", _ATOM, "call")
        return _Shown(sympy.sstr(e), _ATOM, "other")

    def text(self, e) -> str:
        return self.show(e).text

    def wrapped(self, e, min_prec: int) -> str:
        shown = self.show(e)
        return f"({shown.text})" if shown.prec < min_prec else shown.text

    # -- numbers -----------------------------------------------------------
    def number(self, e) -> _Shown:
        if e.is_Integer:
            text = str(abs(int(e)))
        elif e.is_Rational:
            if self.decimal_display and is_terminating(e):
                text = decimal_text(abs(e))
            else:
                return _Shown(("" if e > 0 else MINUS) + f"{abs(e.p)}/{e.q}", _MUL, "number")
        elif e.is_Float:
            text = format(abs(float(e)), ".12g")
        else:
            return _Shown(sympy.sstr(e), _ATOM, "other")
        if e.is_negative:
            return _Shown(MINUS + text, _MUL, "number")
        return _Shown(text, _ATOM, "number")

    # -- sums --------------------------------------------------------------
    def add(self, e: Add) -> _Shown:
        terms = e.as_ordered_terms(order="grlex")
        if len(terms) == 2 and _is_negative_term(terms[0]) and not _is_negative_term(terms[1]):
            terms.reverse()  # z − y rather than −y + z
        pieces = []
        for i, term in enumerate(terms):
            negative = _is_negative_term(term)
            body = self.wrapped(-term if negative else term, _MUL)
            if i == 0:
                pieces.append((MINUS if negative else "") + body)
            else:
                pieces.append((f" {MINUS} " if negative else " + ") + body)
        return _Shown("".join(pieces), _ADD)

    # -- products and fractions ---------------------------------------------
    def mul(self, e: Expr) -> _Shown:
        if _is_negative_term(e):
            inner = self.mul(-e) if isinstance(-e, Mul) or _is_reciprocal(-e) else self.show(-e)
            text = inner.text if inner.prec > _ADD else f"({inner.text})"
            return _Shown(MINUS + text, _MUL)
        numerator, denominator = [], []
        factors = self._merge_log_bases(_flat_factors(e))
        for f in factors:
            if isinstance(f, _Shown):
                numerator.append(f)
            elif f.is_Rational and not f.is_Integer and not (self.decimal_display and is_terminating(f)):
                if f.p != 1:
                    numerator.append(self.number(sympy.Integer(f.p)))
                denominator.append(self.number(sympy.Integer(f.q)))
            elif _is_reciprocal(f):
                denominator.append(self.show(1 / f))
            else:
                numerator.append(self.show(f))
        if not denominator:
            if len(numerator) == 1:
                return numerator[0]
            return _Shown(self.join_factors(numerator), _MUL)
        num_text = self.join_factors(numerator) if numerator else "1"
        den_text = self.join_factors(denominator)
        if len(denominator) > 1:  # a single sum or fraction is already parenthesised
            den_text = f"({den_text})"
        return _Shown(f"{num_text}/{den_text}", _MUL)

    def _merge_log_bases(self, factors: list) -> list:
        """Show ln(f)·(1/ln b) as log_b(f) (SymPy's log(f, b) is ln f/ln b)."""
        logs = [f for f in factors if isinstance(f, log)]
        inverse_logs = [f for f in factors if isinstance(f, Pow) and f.exp == -1
                        and isinstance(f.base, log) and f.base.args[0].is_Integer and f.base.args[0] > 1]
        if len(logs) != 1 or not inverse_logs:
            return factors
        base = inverse_logs[0].base.args[0]
        shown = _Shown(f"log{str(base).translate(_SUBSCRIPT)}({self.text(logs[0].args[0])})", _ATOM, "call")
        rest = [f for f in factors if f is not logs[0] and f is not inverse_logs[0]]
        return rest + [shown]

    def join_factors(self, shown: list[_Shown]) -> str:
        order = {"number": 0, "letter": 1, "word": 2, "power": 3, "call": 3, "other": 3, "group": 4}
        items = []
        for s in shown:
            if s.prec < _MUL or (s.prec == _MUL and s.kind != "number"):
                s = _Shown(f"({s.text})", _ATOM, "group")
            items.append(s)
        items.sort(key=lambda s: order[s.kind])
        text = items[0].text
        for left, right in zip(items, items[1:]):
            text += _separator(left, right) + right.text
        return text

    # -- powers ------------------------------------------------------------
    def power(self, e: Pow) -> _Shown:
        base, exponent = e.args
        if _is_reciprocal(e):
            return self.mul(e)
        if exponent == sympy.Rational(1, 2):
            inner = self.show(base)
            text = f"√{inner.text}" if inner.prec == _ATOM and inner.kind in ("letter", "number") else f"√({inner.text})"
            return _Shown(text, _ATOM, "power")
        base_shown = self.show(base)
        base_text = base_shown.text
        kind = base_shown.kind if base_shown.kind in ("letter", "word", "call") else "other"
        if base_shown.prec < _ATOM or isinstance(base, Pow) or base_shown.text.startswith(MINUS):
            base_text, kind = f"({base_text})", "group"
        if exponent.is_Integer and exponent > 0:
            return _Shown(base_text + superscript(int(exponent)), _POW, kind)
        exp_shown = _Formatter(decimal_display=False).show(exponent)
        exp_text = exp_shown.text if exp_shown.prec == _ATOM and exp_shown.kind in ("letter", "number") else f"({exp_shown.text})"
        return _Shown(f"{base_text}^{exp_text}", _POW, "power")

    def exponential(self, arg) -> _Shown:
        if isinstance(arg, Symbol) and arg.name in _SUPERSCRIPT_LETTERS:
            return _Shown("e" + _SUPERSCRIPT_LETTERS[arg.name], _ATOM, "power")
        shown = self.show(arg)
        if shown.prec == _ATOM and shown.kind in ("letter", "number") and not shown.text.startswith(MINUS):
            return _Shown(f"e^{shown.text}", _ATOM, "power")
        return _Shown(f"e^({shown.text})", _ATOM, "power")


def _separator(left: _Shown, right: _Shown) -> str:
    """'' for implicit multiplication (2x, xy, x(z − y), e^(3x)(3x + 1)), else '·'."""
    if left.kind == "number":
        return DOT if right.kind in ("number", "call", "word") else ""
    if right.kind == "group":
        return "" if left.kind in ("letter", "group", "power") else DOT
    if left.kind == "letter" and right.kind == "letter":
        return ""
    return DOT


def _flat_factors(e: Expr) -> list:
    """The factors of a product, unevaluated nested products flattened."""
    factors = []
    for f in Mul.make_args(e):
        factors.extend(_flat_factors(f) if isinstance(f, Mul) else [f])
    return sorted(factors, key=_factor_order)


def _factor_order(f: Expr) -> tuple:
    """Numbers and constants (2π) first, then powers of symbols by name (x²y, not yx²), then the rest
    in SymPy's order; the sort is stable, so sums and functions keep their places."""
    if f.is_Number:
        return (0, ())
    base = f.base if isinstance(f, Pow) else f
    if isinstance(base, sympy.NumberSymbol):
        return (1, ())
    if isinstance(base, Symbol):
        return (2, _natural_name_key(base.name))
    return (3, ())


def _natural_name_key(name: str) -> tuple:
    letters = name.rstrip("0123456789")
    digits = name[len(letters):]
    return (letters, int(digits) if digits else -1)


def _is_negative_term(term: Expr) -> bool:
    coeff = term.as_coeff_Mul()[0]
    return bool(coeff.is_negative)


def _is_reciprocal(e: Expr) -> bool:
    return isinstance(e, Pow) and e.exp.is_Rational and e.exp.is_negative


def format_expr(expr, decimal_display: bool = False) -> str:
    """``expr`` as readable one-line Unicode math (see the module docstring for conventions).

    With ``decimal_display``, rationals whose denominator divides a power of ten are
    shown as decimals (21/10 → 2.1, −42/5 → −8.4).
    """
    return _Formatter(decimal_display).show(expr).text
