"""HTML rendering: one self-contained page, math in presentation MathML, no JavaScript.

Expressions come from SymPy's presentation MathML printer; named entities are written
as characters, so each ``<math>`` element is well-formed XML and the page reads offline
in any browser that renders MathML (no fonts, scripts or styles are fetched).  Without
``standalone`` the result is a ``<section>`` to embed (Jupyter's ``_repr_html_``).
"""

from __future__ import annotations

import html
import re
from html.entities import html5
from typing import Sequence

from sympy.printing.mathml import mathml

from symgrad.render.document import Display, DocumentPrinter, Heading, Paragraph, Steps, Table
from symgrad.notation import format_expr
from symgrad.symbols import LOWERED, RAISED

MATHML_NS = "http://www.w3.org/1998/Math/MathML"
_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_XML_ENTITIES = {"lt", "gt", "amp", "quot", "apos"}

STYLE = """
body { font-family: system-ui, "Noto Sans", "Noto Sans CJK KR", "Nanum Gothic", sans-serif;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1a1a1a; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
math { font-size: 1.1em; }
math[display="block"] { margin: 0.6rem 0; }
ul.steps { border-left: 3px solid #d6e4f0; padding-left: 1.2rem; }
ul.steps li { margin: 0.15rem 0; list-style: none; }
.formula { color: #555; }
details.steps > summary { cursor: pointer; color: #2a5d8f; }
details.steps { margin: 0.3rem 0; }
table.iterates { border-collapse: collapse; } table.iterates td, table.iterates th
  { border: 1px solid #ccc; padding: 0.2rem 0.6rem; text-align: right; }
"""


def xml_safe(markup: str) -> str:
    """MathML with HTML's named entities (&InvisibleTimes;) replaced by their characters."""
    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name in _XML_ENTITIES:
            return match.group(0)
        char = html5.get(name + ";")
        return html.escape(char, quote=False) if char is not None else match.group(0)

    text = _ENTITY.sub(replace, markup)
    return text.replace("\u2147", "e")  # ⅇ (ExponentialE) shows as a plain e, as in the lecture


MINUS = "\u2212"
_SIGNED_NUMBER = re.compile(r"<m[in]>-(\d+(?:\.\d+)?(?:e[+-]?\d+)?)</m[in]>")
_PROSE_MINUS = re.compile(r"(?<![\w.])-(?=\.?\d)")


def mathml_expr(expr) -> str:
    """Presentation MathML of ``expr`` (ln notation), decimal atoms as numbers, every minus
    sign U+2212 (a negative number is the sign before the digits)."""
    markup = xml_safe(mathml(expr, printer="presentation", ln_notation=True))
    markup = _SIGNED_NUMBER.sub(rf"<mrow><mo>{MINUS}</mo><mn>\1</mn></mrow>", markup)
    markup = re.sub(r"<mi>(\d+(?:\.\d+)?)</mi>", r"<mn>\1</mn>", markup)
    return markup.replace("<mo>-</mo>", f"<mo>{MINUS}</mo>")


def prose_minus(text: str) -> str:
    """A hyphen that is a minus sign (before a number, not inside a word: "(-0.5, 0.5)") as U+2212."""
    return _PROSE_MINUS.sub(MINUS, text)


def html_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A ``<table>``; cells are HTML already (math as ``<math>`` elements)."""
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="iterates"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


# -- a rule's Unicode formula (its docstring, for the variable at hand) as MathML ----------
#: words a formula calls as functions (applied to what follows: ln a, sin x, sgn(x))
FORMULA_FUNCTIONS = frozenset(
    "sin cos tan sec csc cot arcsin arccos arctan arccot arcsec arccsc sinh cosh tanh coth sech csch "
    "arsinh arcosh artanh arcoth arsech arcsch ln log exp sgn simplify sympy.diff".split())
_LETTER = r"A-Za-zα-ωΑ-Ω"
_FORMULA_TOKEN = re.compile(
    rf"(?P<space>\s+)|(?P<operator>([d∂])/\3(?P<var>[{_LETTER}][₀-₉]*))|(?P<diff>∂(?=[{_LETTER}]))"
    rf"|(?P<word>[{_LETTER}](?:[{_LETTER}.]*[{_LETTER}])?)|(?P<number>\d+(?:\.\d+)?)"
    rf"|(?P<sup>[{''.join(sorted(RAISED))}]+)|(?P<sub>[{''.join(sorted(LOWERED))}]+|_[{_LETTER}0-9])"
    r"|(?P<prime>['′])|(?P<op>\.\.\.|…|[=+−\-±·/(),|^√])")


class FormulaSyntax(ValueError):
    """The formula is not in the small notation :func:`formula_mathml` reads."""


class _FormulaReader:
    """Recursive descent over the tokens of one formula; each method returns MathML."""

    def __init__(self, text: str):
        self.tokens: list[tuple[str, str]] = []
        position = 0
        while position < len(text):
            match = _FORMULA_TOKEN.match(text, position)
            if match is None:
                raise FormulaSyntax(f"unexpected {text[position]!r}")
            kind = match.lastgroup if match.lastgroup != "var" else "operator"
            if kind == "operator":
                self.tokens.append(("operator", match.group(3) + "\0" + match.group("var")))
            elif kind != "space":
                self.tokens.append((kind, match.group(0)))
            position = match.end()
        self.index = 0
        self.bars = 0  # how many |…| are open: a | then closes one

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.index] if self.index < len(self.tokens) else ("end", "")

    def take(self, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token[0] == "end" or (value is not None and token[1] != value):
            raise FormulaSyntax(f"expected {value!r}, found {token[1]!r}")
        self.index += 1
        return token

    def read(self) -> str:
        markup = self.relation()
        if self.peek()[0] != "end":
            raise FormulaSyntax(f"unexpected {self.peek()[1]!r}")
        return markup

    def relation(self) -> str:
        parts = [self.sum()]
        while self.peek()[1] in ("=", ","):
            parts.append(f"<mo>{self.take()[1]}</mo>" + self.sum())
        return parts[0] if len(parts) == 1 else "<mrow>" + "".join(parts) + "</mrow>"

    def sum(self) -> str:
        parts = []
        if self.peek()[1] in ("−", "-", "±"):
            parts.append(f"<mo>{_sign(self.take()[1])}</mo>")
        parts.append(self.term())
        while self.peek()[1] in ("+", "−", "-", "±"):
            parts.append(f"<mo>{_sign(self.take()[1])}</mo>")
            parts.append(self.term())
        return parts[0] if len(parts) == 1 else "<mrow>" + "".join(parts) + "</mrow>"

    def starts_factor(self) -> bool:
        kind, value = self.peek()
        if kind in ("word", "number", "operator", "diff"):
            return True
        return value in ("(", "√", "...", "…") or (value == "|" and not self.bars)

    def term(self) -> str:
        markup, inner = self.factor()
        parts: list[str] = []
        while True:
            value = self.peek()[1]
            if value == "·":
                self.take()
                parts += [markup, "<mo>·</mo>"]
                markup, inner = self.factor()
            elif value == "/":
                self.take()
                denominator, denominator_inner = self.factor()
                markup = inner = f"<mfrac>{inner}{denominator_inner}</mfrac>"
            elif self.starts_factor():
                parts.append(markup)
                markup, inner = self.factor()
            else:
                break
        parts.append(markup)
        return parts[0] if len(parts) == 1 else "<mrow>" + "".join(parts) + "</mrow>"

    def factor(self) -> tuple[str, str]:
        """(markup, markup without its outer brackets, for a fraction's part)."""
        markup, inner = self.primary()
        while True:
            kind, value = self.peek()
            if kind == "prime":
                self.take()
                markup = inner = f"<mrow>{markup}<mo>′</mo></mrow>"
            elif kind == "sup":
                markup = inner = f"<msup>{markup}{_script(self.take()[1], RAISED)}</msup>"
            elif kind == "sub":
                markup = inner = f"<msub>{markup}{_script(self.take()[1], LOWERED)}</msub>"
            elif value == "^":
                self.take()
                exponent, exponent_inner = self.primary()
                markup = inner = f"<msup>{markup}{exponent_inner}</msup>"
            else:
                return markup, inner

    def primary(self) -> tuple[str, str]:
        kind, value = self.take()
        if kind == "number":
            return (f"<mn>{value}</mn>",) * 2
        if value in ("...", "…"):
            return ("<mo>…</mo>",) * 2
        if kind == "diff":
            markup, _ = self.factor()
            return (f"<mrow><mo>∂</mo>{markup}</mrow>",) * 2
        if kind == "operator":
            d, name = value.split("\0")
            top = "<mo>∂</mo>" if d == "∂" else "<mi>d</mi>"
            variable = _FormulaReader(name).read()
            return (f"<mfrac>{top}<mrow>{top}{variable}</mrow></mfrac>",) * 2
        if kind == "word" and value in FORMULA_FUNCTIONS:
            return (self.application(value),) * 2
        if kind == "word":
            return (f"<mi>{html.escape(value)}</mi>",) * 2
        if value == "(":
            inner = self.relation()
            self.take(")")
            return f"<mrow><mo>(</mo>{inner}<mo>)</mo></mrow>", inner
        if value == "|":
            self.bars += 1
            inner = self.sum()
            self.take("|")
            self.bars -= 1
            return (f"<mrow><mo>|</mo>{inner}<mo>|</mo></mrow>",) * 2
        if value == "√":
            _, inner = self.factor()
            return (f"<msqrt>{inner}</msqrt>",) * 2
        raise FormulaSyntax(f"unexpected {value!r}")

    def application(self, name: str) -> str:
        """ln a, sec²x, log_a x, sgn(x): the function's name (with its scripts), then its argument."""
        head = f"<mi>{html.escape(name)}</mi>"
        while self.peek()[0] in ("sup", "sub"):
            kind, value = self.take()
            tag, table = ("msup", RAISED) if kind == "sup" else ("msub", LOWERED)
            head = f"<{tag}>{head}{_script(value, table)}</{tag}>"
        bracketed = self.peek()[1] == "("
        argument, _ = self.factor()
        space = "" if bracketed else '<mspace width="0.1667em"/>'  # ln a: a thin space, as TeX sets it
        return f"<mrow>{head}<mo>\u2061</mo>{space}{argument}</mrow>"


def _sign(value: str) -> str:
    return "−" if value in ("-", "−") else value


def _script(value: str, table: dict[str, str]) -> str:
    """A run of super- or subscript characters (or ``_a``) as MathML: ⁿ⁻¹ → n − 1."""
    plain = value[1:] if value.startswith("_") else "".join(table.get(char, char) for char in value)
    pieces = []
    for char in plain:
        if char.isdigit():
            if pieces and pieces[-1].startswith("<mn>"):
                pieces[-1] = pieces[-1][:-5] + char + "</mn>"
            else:
                pieces.append(f"<mn>{char}</mn>")
        elif char in "+-":
            pieces.append(f"<mo>{_sign(char)}</mo>")
        else:
            pieces.append(f"<mi>{html.escape(char)}</mi>")
    return pieces[0] if len(pieces) == 1 else "<mrow>" + "".join(pieces) + "</mrow>"


def formula_mathml(text: str) -> str:
    """A rule's Unicode formula as presentation MathML (FormulaSyntax when it is not in
    the formulas' notation).

    >>> print(formula_mathml("∂/∂y(c·f) = c·f'"))
    <mrow><mrow><mfrac><mo>∂</mo><mrow><mo>∂</mo><mi>y</mi></mrow></mfrac><mrow><mo>(</mo><mrow><mi>c</mi><mo>·</mo><mi>f</mi></mrow><mo>)</mo></mrow></mrow><mo>=</mo><mrow><mi>c</mi><mo>·</mo><mrow><mi>f</mi><mo>′</mo></mrow></mrow></mrow>
    >>> formula_mathml("d/dx(xⁿ) = n·xⁿ⁻¹").count("<msup>")
    2
    """
    return _FormulaReader(text).read()


class MathMLNotation:
    """Notation primitives in presentation MathML."""

    def math_of(self, expr) -> str:
        return mathml_expr(expr)

    def symbol(self, name: str) -> str:
        names = {"∇f": "<mo>∇</mo><mi>f</mi>", "∇²f": "<msup><mo>∇</mo><mn>2</mn></msup><mi>f</mi>",
                 "∂": "<mo>∂</mo>", "d": "<mi>d</mi>", "∂f": "<mo>∂</mo><mi>f</mi>",
                 "df": "<mi>d</mi><mi>f</mi>", "f": "<mi>f</mi>"}
        return names.get(name) or f"<mi>{html.escape(name)}</mi>"

    def relation(self, left: str, op: str, right: str) -> str:
        return "<mrow>" + left + f"<mo>{html.escape(op)}</mo>" + right + "</mrow>"

    def operator(self, variable, partial: bool) -> str:
        d = "<mo>∂</mo>" if partial else "<mi>d</mi>"
        return f"<mfrac>{d}<mrow>{d}{self.expr(variable)}</mrow></mfrac>"

    def fraction_name(self, top: str, bottom: str) -> str:
        return f"<mfrac><mrow>{top}</mrow><mrow>{bottom}</mrow></mfrac>"

    def power_name(self, base: str, exponent: str) -> str:
        return f"<msup><mrow>{base}</mrow><mrow>{exponent}</mrow></msup>"

    def parenthesized(self, markup: str) -> str:
        return f"<mrow><mo>(</mo>{markup}<mo>)</mo></mrow>"

    def sequence(self, items: list[str]) -> str:
        return "<mrow>" + "<mo>,</mo>".join(items) + "</mrow>"

    def juxtapose(self, *items: str) -> str:
        return "<mrow>" + "".join(items) + "</mrow>"

    def matrix(self, rows: list[list[str]]) -> str:
        body = "".join("<mtr>" + "".join(f"<mtd>{cell}</mtd>" for cell in row) + "</mtr>" for row in rows)
        return f"<mrow><mo>(</mo><mtable>{body}</mtable><mo>)</mo></mrow>"

    def inline(self, math: str) -> str:
        return f'<math xmlns="{MATHML_NS}">{math}</math>'

    def inline_text(self, text_markup: str) -> str:
        return f"<mtext>{text_markup}</mtext>"


class HtmlPrinter(MathMLNotation, DocumentPrinter):
    """Renders results as HTML with MathML math; ``standalone`` gives a whole page."""

    format_name = "html"

    def text(self, plain: str) -> str:
        return prose_minus(html.escape(plain, quote=False))

    def code(self, plain: str) -> str:
        return "<code>" + html.escape(plain, quote=False) + "</code>"

    def formula(self, rule) -> str:
        """The rule's formula typeset (:func:`formula_mathml`); as text only if it cannot be read."""
        unicode = self.unicode_formula(rule)
        try:
            return f'<mrow class="formula">{formula_mathml(unicode)}</mrow>'
        except FormulaSyntax:
            return f'<mtext class="formula">{html.escape(unicode, quote=False)}</mtext>'

    def assemble(self, blocks: list) -> str:
        body = "\n".join(self.block(b) for b in blocks)
        if not self.standalone:
            return f'<section class="symgrad" lang="{self.lang}">\n{body}\n</section>\n'
        title = self.plain_title() or "symgrad"
        return (f'<!DOCTYPE html>\n<html lang="{self.lang}">\n<head>\n<meta charset="utf-8">\n'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                f"<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")

    def block(self, block) -> str:
        if isinstance(block, Heading):
            level = block.level if self.standalone else block.level + 1
            return f"<h{level}>{block.text}</h{level}>"
        if isinstance(block, Paragraph):
            return f"<p>{block.text}</p>"
        if isinstance(block, Display):
            return f'<math xmlns="{MATHML_NS}" display="block">{block.math}</math>'
        if isinstance(block, Steps):
            return self.derivation(block.rows, block.name)
        if isinstance(block, Table):
            return html_table(block.headers, block.rows)
        raise TypeError(f"unknown block {block!r}")

    def plain_title(self) -> str:
        """The title as text for ``<title>``: each formula in it as the Unicode notation of
        its expression (ln(x² + 2xy − y²)), markup removed."""
        shown = {self.inline(markup): expr for markup, expr in self.fragments}

        def plain(match: re.Match) -> str:
            expr = shown.get(match.group(0))
            if expr is None:
                return html.escape(html.unescape(re.sub(r"<[^>]+>", "", match.group(0))), quote=False)
            return html.escape(format_expr(expr, decimal_display=self.decimal_display), quote=False)

        return re.sub(r"\s+", " ", re.sub(r"<math.*?</math>", plain, self.title, flags=re.S)).strip()

    def derivation(self, rows, name: str = "") -> str:
        """The steps folded in a ``<details>`` under a summary naming the derivative, one
        list item per step line, indented by depth."""
        items = [f'<li style="margin-left: {1.5 * row.depth:g}em">'
                 + (self.inline(row.content) if row.is_math else row.content) + "</li>" for row in rows]
        summary = self.say("doc.steps_summary", name=self.inline(name)) if name else self.say("doc.steps_summary_plain")
        return (f'<details class="steps">\n<summary>{summary}</summary>\n<ul class="steps">\n'
                + "\n".join(items) + "\n</ul>\n</details>")


def render_html(result, lang: str = "en", standalone: bool = False, steps: bool = True,
                **options) -> str:
    """HTML for a walkthrough or derivative: a ``<section>``, or a whole page with ``standalone``."""
    return HtmlPrinter(lang=lang, standalone=standalone, steps=steps, **options).doprint(result)


__all__ = ["HtmlPrinter", "MathMLNotation", "html_table", "mathml_expr", "render_html", "xml_safe"]
