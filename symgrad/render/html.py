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


def mathml_expr(expr) -> str:
    """Presentation MathML of ``expr`` (ln notation), decimal atoms as numbers."""
    markup = xml_safe(mathml(expr, printer="presentation", ln_notation=True))
    return re.sub(r"<mi>(-?\d+(?:\.\d+)?)</mi>", r"<mn>\1</mn>", markup)


def html_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A ``<table>``; cells are HTML already (math as ``<math>`` elements)."""
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="iterates"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


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
        return html.escape(plain, quote=False)

    def formula(self, rule) -> str:
        return f'<mtext class="formula">{html.escape(self.unicode_formula(rule), quote=False)}</mtext>'

    def assemble(self, blocks: list) -> str:
        body = "\n".join(self.block(b) for b in blocks)
        if not self.standalone:
            return f'<section class="symgrad" lang="{self.lang}">\n{body}\n</section>\n'
        title = re.sub(r"<math.*?</math>", "f", self.title, flags=re.S) if self.title else "symgrad"
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
            return self.derivation(block.rows)
        if isinstance(block, Table):
            return html_table(block.headers, block.rows)
        raise TypeError(f"unknown block {block!r}")

    def derivation(self, rows) -> str:
        """A list with one item per step line, indented by depth."""
        items = [f'<li style="margin-left: {1.5 * row.depth:g}em">'
                 + (self.inline(row.content) if row.is_math else row.content) + "</li>" for row in rows]
        return '<ul class="steps">\n' + "\n".join(items) + "\n</ul>"


def render_html(result, lang: str = "en", standalone: bool = False, steps: bool = True,
                **options) -> str:
    """HTML for a walkthrough or derivative: a ``<section>``, or a whole page with ``standalone``."""
    return HtmlPrinter(lang=lang, standalone=standalone, steps=steps, **options).doprint(result)


__all__ = ["HtmlPrinter", "MathMLNotation", "html_table", "mathml_expr", "render_html", "xml_safe"]
