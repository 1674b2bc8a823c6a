"""LaTeX rendering: a fragment by default, a complete amsmath document with ``standalone``.

Expressions go through SymPy's ``latex()`` (``ln`` notation; decimals shown as typed when
the problem was typed with decimals).  Steps are an aligned derivation (one ``align*``
per rule tree, nested steps indented), matrices are ``pmatrix``; :func:`latex_tabular`
lays out tables (e.g. descent iterates) as a ``tabular``.  Korean documents load
``kotex``, so they compile with pdfLaTeX.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Sequence

import sympy

from symgrad.render.document import Display, DocumentPrinter, Heading, Paragraph, Steps, Table
from symgrad.notation import instantiate_formula
from symgrad.symbols import LATEX_GREEK, LOWERED, RAISED

if TYPE_CHECKING:
    from symgrad.steps import Rule


_GENERIC_X = re.compile(r"(?<![A-Za-z\\])x(?![A-Za-z])")


def latex_operator(name: str, partial: bool) -> str:
    """``\\frac{d}{dx}`` or ``\\frac{\\partial}{\\partial x}`` for the variable's LaTeX ``name``."""
    return rf"\frac{{\partial}}{{\partial {name}}}" if partial else rf"\frac{{d}}{{d{name}}}"


def latex_formula_for(formula: str, name: str, partial: bool) -> str:
    """A rule's LaTeX formula (:attr:`symgrad.steps.Rule.latex`, written for d/dx) for the
    variable whose LaTeX is ``name``, with ∂ for a partial derivative."""
    return instantiate_formula(formula, partial, derivative=r"\frac{d}{dx}", generic_x=_GENERIC_X, name=name,
                               operator=latex_operator(name, partial),
                               inner_derivative=rf"\frac{{\partial u}}{{\partial {name}}}")


_TEXT_SPECIALS = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
    "%": r"\%", "_": r"\_", "^": r"\^{}", "~": r"\~{}",
}
#: Unicode math in phrases and formulas, as LaTeX math
_UNICODE_MATH = {
    "∇": r"\nabla ", "·": r"\cdot ", "≠": r"\neq ", "≈": r"\approx ", "−": "-", "±": r"\pm ",
    "∂": r"\partial ", "×": r"\times ", "√": r"\sqrt ", "′": "'", "²": "^{2}", "³": "^{3}",
    "ⁿ": "^{n}", "⁻¹": "^{-1}", "ⁿ⁻¹": "^{n-1}", "ˣ": "^{x}", "→": r"\to ", "|": "|",
}


def latex_expr(expr, ln_notation: bool = True) -> str:
    """SymPy's LaTeX for ``expr``, with ``ln`` for the natural logarithm."""
    return sympy.latex(expr, ln_notation=ln_notation)


#: more Unicode a text may hold (Greek letters, arrows, sub- and superscripts), for text mode
_TEXT_MATH = {
    **LATEX_GREEK, "←": r"\leftarrow", "⇒": r"\Rightarrow", "⊙": r"\odot", "≤": r"\leq",
    "≥": r"\geq", "∞": r"\infty", "√": r"\surd",  # a lone √ in text (√(y² + z²)) has no argument
    "<": "<", ">": ">", "|": "|",  # text-mode <, > and | are ¡, ¿ and — in the default OT1 encoding
}
_SUBSCRIPTS = LOWERED
_SUPERSCRIPTS = RAISED


def _math_run(tokens: list[tuple[str, str]]) -> str:
    """One ``$…$`` for a run of math characters; neighbouring sub/superscripts are merged
    (Θₖ₊₁ → ``$\\Theta_{k+1}$``), so no ``$$`` or double subscript can arise."""
    math, index = "", 0
    while index < len(tokens):
        kind, value = tokens[index]
        if kind == "symbol":
            math += (" " if math and math[-1].isalpha() and value[:1].isalpha() else "") + value
            index += 1
            continue
        group = ""
        while index < len(tokens) and tokens[index][0] == kind:
            group += tokens[index][1]
            index += 1
        math += ("_" if kind == "sub" else "^") + "{" + group + "}"
    return "$" + math + "$"


_LONG_WORD = re.compile(r"\S{16,}")


def latex_text(plain: str) -> str:
    """Plain Unicode text made safe for LaTeX text mode; Unicode math (∇, ·, Greek letters,
    sub- and superscripts) becomes inline math, one ``$…$`` per run of such characters."""
    # a long word of code (descent_down_parabola(w_start,) may break after _ ( and ,
    plain = _LONG_WORD.sub(lambda word: re.sub(r"([_(,])", "\\1\x01", word.group(0)) if "(" in word.group(0)
                           else word.group(0), plain)
    out: list[str] = []
    run: list[tuple[str, str]] = []
    for index, char in enumerate(plain):
        if char in _SUBSCRIPTS:
            run.append(("sub", _SUBSCRIPTS[char]))
            continue
        if char in _SUPERSCRIPTS:
            run.append(("sup", _SUPERSCRIPTS[char]))
            continue
        if (char in _UNICODE_MATH and char != "|") or char in _TEXT_MATH:  # − is a math minus, not a hyphen
            run.append(("symbol", (_TEXT_MATH.get(char) or _UNICODE_MATH[char]).strip()))
            continue
        if run:
            out.append(_math_run(run))
            run = []
        if char == "\u0302":  # a combining circumflex (x̂): an accent on the previous letter
            if out and len(out[-1]) == 1:
                out[-1] = r"\^{" + out[-1] + "}"
        elif char in _TEXT_SPECIALS:
            out.append(_TEXT_SPECIALS[char])
        elif char == "-" and plain[index + 1:index + 2] == "-":
            out.append("-{}")  # two hyphens stay two hyphens (--answer), not an en dash
        else:
            out.append(char)
    if run:
        out.append(_math_run(run))
    return "".join(out).replace("\x01", r"\allowbreak{}")


_CODE_BREAKS = re.compile(r"([,=+/(])")


def latex_code(plain: str) -> str:
    """Text set verbatim in ``\\texttt``: LaTeX's specials escaped, every hyphen its own
    (``-{}-answer``: no dash ligature, so a PDF reader copies ``--answer``), straight quotes
    (the typewriter font's own ' and `, not its curly ’), and room to
    break a long command after , = + / and ( as well as at its spaces."""
    marked = plain.translate({ord("-"): "\x02", ord("−"): "\x02", ord("'"): "\x03", ord("`"): "\x04", ord("_"): "\x05"})
    escaped = latex_text(marked).translate({2: "-{}", 3: r"\char13{}", 4: r"\char18{}",
                                            5: r"\char95{}"})  # the typewriter font's own _, which copies
    return r"\texttt{" + _CODE_BREAKS.sub(r"\1\\allowbreak{}", escaped) + "}"


def unicode_formula_to_latex(formula: str) -> str:
    """A rule's Unicode formula (its docstring) as LaTeX math: the generic fallback."""
    text = formula
    for unicode, tex in sorted(_UNICODE_MATH.items(), key=lambda item: -len(item[0])):
        text = text.replace(unicode, tex)
    text = re.sub(r"d/d([a-z])", r"\\frac{d}{d\1}", text)
    for name in ("sin", "cos", "tan", "sec", "csc", "cot", "ln", "log"):
        text = re.sub(rf"\b{name}\b", rf"\\{name}", text)
    return text


def latex_tabular(headers: Sequence[str], rows: Sequence[Sequence[str]], align: str | None = None) -> str:
    """A ``tabular`` with a header row; cells are LaTeX already (math in ``$…$``).

    ``align`` is the column spec (default: right-aligned columns).  Used for iterate
    tables, whose headers come from the phrase catalogue.
    """
    spec = align or "r" * len(headers)
    lines = [rf"\begin{{tabular}}{{{spec}}}", r"\hline", " & ".join(headers) + r" \\", r"\hline"]
    lines += [" & ".join(row) + r" \\" for row in rows]
    lines += [r"\hline", r"\end{tabular}"]
    return "\n".join(lines)


_FORMULA_CELL = re.compile(r"\$[^$]*\$")
LONG_TABLE_ROWS = 40
"""A document's table of more rows than this is a ``longtable``, which breaks across pages."""


def column_alignments(rows: Sequence[Sequence[str]]) -> list[str]:
    """``r`` for a column whose every filled cell is one formula (a number, a point), else ``l``."""
    columns = list(zip(*rows)) if rows else []
    return ["r" if any(cells) and all(not c or _FORMULA_CELL.fullmatch(c.strip()) for c in cells) else "l"
            for cells in columns]


def _group(text: str, start: int) -> tuple[str, int]:
    """The brace group opening at ``text[start]`` ("{"): its contents and the index after it."""
    depth = 0
    for index in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        if depth == 0:
            return text[start + 1:index], index + 1
    return text[start + 1:], len(text)


def math_width(math: str) -> float:
    """Roughly how wide ``math`` (LaTeX) is set, in characters: a fraction as wide as its
    wider part, scripts at 0.7, a matrix as its widest entries side by side."""
    width, index = 0.0, 0
    while index < len(math):
        if math.startswith(r"\begin{pmatrix}", index):
            end = math.find(r"\end{pmatrix}", index)
            end = len(math) if end < 0 else end
            rows = [row.split("&") for row in math[index + 15:end].split(r"\\")]
            columns = max(len(row) for row in rows)
            width += 2 + sum(max(math_width(row[c]) if c < len(row) else 0 for row in rows) + 1.5
                             for c in range(columns))
            index = end + 13
        elif math.startswith(r"\frac{", index):
            top, after = _group(math, index + 5)
            bottom, after = _group(math, after) if after < len(math) and math[after] == "{" else ("", after)
            width += max(math_width(top), math_width(bottom)) + 0.5
            index = after
        elif math[index] in "^_" and index + 1 < len(math):
            script, index = _group(math, index + 1) if math[index + 1] == "{" else (math[index + 1], index + 2)
            width += 0.7 * math_width(script)
        elif math[index] == "\\":
            command = re.match(r"\\([A-Za-z]+|.)", math[index:]).group(0)
            width += 0 if command in (r"\left", r"\right") else 1.5 if command == r"\approx" else 1
            index += len(command)
        elif math[index] in "{} ":
            index += 1
        else:
            width += 1.5 if math[index] in "=+-,<>" else 1
            index += 1
    return width


def _visible_width(cell: str, breakable: bool) -> float:
    """Roughly how many characters wide ``cell`` is set: its formulas as :func:`math_width`
    says; a cell of text that may wrap counts its longest word (at most 30)."""
    formulas = [math_width(m[1:-1]) for m in _FORMULA_CELL.findall(cell)]
    words = re.sub(r"\\[A-Za-z]+|[{}]", "", _FORMULA_CELL.sub(" ", cell)).split()
    if breakable:
        return max([min(30, len(word)) for word in words] + formulas + [1])
    return max(sum(formulas) + len(" ".join(words)), 1)


def column_widths(headers: Sequence[str], rows: Sequence[Sequence[str]], alignments: list[str]) -> list[float]:
    """Each column's share of the line: in proportion to what its cells show (formulas do not
    wrap, text and headers do), at least 6% each."""
    needs = []
    for index, align in enumerate(alignments):
        cells = [row[index] for row in rows]
        header = _visible_width(headers[index], False)  # a short header ("step k") stays on one line
        header = header if header <= 12 else max(_visible_width(headers[index], True), 12)
        need = max([_visible_width(c, align == "l") for c in cells] + [header])
        needs.append(need)
    total = sum(needs)
    shares = [max(0.06, need / total) for need in needs]
    scale = sum(shares) / 0.995  # a hair under the full line, so rounding never overfills it
    return [share / scale for share in shares]


def latex_table(headers: Sequence[str], rows: Sequence[Sequence[str]], fit_width: bool = False) -> str:
    """A table whose formula columns are right-aligned and text columns left-aligned.

    ``fit_width`` (a document, whose line width is known): the columns share the line, in
    proportion to what they show, and headers and text wrap inside them; more than
    :data:`LONG_TABLE_ROWS` rows make a ``longtable`` (the ``longtable`` package) that
    continues on the next page, repeating its header.  Otherwise a ``tabular`` of natural width.
    """
    alignments = column_alignments(rows) if rows else ["l"] * len(headers)
    if not fit_width:
        return latex_tabular(headers, rows, "".join(alignments))
    widths = column_widths(headers, rows, alignments)
    spec = "".join((r">{\raggedleft\arraybackslash}" if align == "r" else r">{\raggedright\arraybackslash}")
                   + rf"p{{\dimexpr {width:.3f}\linewidth-2\tabcolsep\relax}}"
                   for align, width in zip(alignments, widths))
    if len(rows) <= LONG_TABLE_ROWS:
        return "\\noindent\n" + latex_tabular(headers, rows, spec)
    head = " & ".join(headers) + r" \\"
    lines = [rf"\begin{{longtable}}{{{spec}}}", r"\hline", head, r"\hline", r"\endhead",
             r"\hline", r"\endfoot"]
    lines += [" & ".join(row) + r" \\" for row in rows]
    lines += [r"\end{longtable}"]
    return "\n".join(lines)


def has_hangul(text: str) -> bool:
    return any("\uac00" <= c <= "\ud7a3" or "\u3130" <= c <= "\u318f" for c in text)


FIT_MACRO = (r"\newsavebox{\symgradbox}\newcommand{\symgradfit}[2]{\sbox{\symgradbox}{#2}"
             r"\ifdim\wd\symgradbox>#1\resizebox{#1}{!}{\usebox{\symgradbox}}\else\usebox{\symgradbox}\fi}")
"""``\symgradfit{width}{content}``: the content as it is, or shrunk to ``width`` when TeX
measures it wider (a formula cannot break across lines)."""

MAY_NOT_FIT = 60
"""A line estimated at this many characters or more (:func:`math_width`) is set through
``\symgradfit``, which measures it; shorter lines surely fit and are set as they are."""


def fitted(content: str, width: str, estimate: float) -> str:
    """``content`` (text mode) through ``\symgradfit`` when it may be wider than ``width``."""
    return rf"\symgradfit{{{width}}}{{{content}}}" if estimate >= MAY_NOT_FIT else content


def latex_document(body: str, lang: str = "en") -> str:
    """``body`` in a complete document: article on A4 with 2 cm margins (geometry), amsmath,
    array and longtable for tables, and kotex for Korean; a little emergency stretch lets
    a paragraph with wide formulas break its lines rather than run into the margin."""
    preamble = [r"\documentclass{article}", r"\usepackage[a4paper,margin=2cm]{geometry}", r"\usepackage{amsmath}",
                r"\usepackage{array}", r"\usepackage{longtable}", r"\usepackage{graphicx}", r"\allowdisplaybreaks",
                r"\setlength{\emergencystretch}{3em}", r"\setlength{\tabcolsep}{4pt}", FIT_MACRO]
    if lang == "ko" or has_hangul(body):
        preamble.insert(1, r"\usepackage{kotex}")
    return "\n".join(preamble + [r"\begin{document}", body.rstrip(), r"\end{document}"]) + "\n"


class LatexNotation:
    """Notation primitives in LaTeX math (shared by the LaTeX and Markdown printers)."""

    def math_of(self, expr) -> str:
        return latex_expr(expr)

    def symbol(self, name: str) -> str:
        names = {"∇f": r"\nabla f", "∇²f": r"\nabla^{2} f", "∂": r"\partial ", "∂f": r"\partial f",
                 "d": "d", "df": "df", "f": "f"}
        return names.get(name, unicode_formula_to_latex(name))

    def relation(self, left: str, op: str, right: str) -> str:
        ops = {"=": "=", "≈": r"\approx", "≠": r"\neq", "·": r"\cdot"}
        return " ".join(part for part in (left, ops[op], right) if part)

    def operator(self, variable, partial: bool) -> str:
        d = r"\partial" if partial else "d"
        return rf"\frac{{{d}}}{{{d} {self.expr(variable)}}}"

    def fraction_name(self, top: str, bottom: str) -> str:
        return rf"\frac{{{top}}}{{{bottom}}}"

    def power_name(self, base: str, exponent: str) -> str:
        return f"{base}^{{{exponent}}}"

    def parenthesized(self, markup: str) -> str:
        return rf"\left({markup}\right)"

    def sequence(self, items: list[str]) -> str:
        return ", ".join(items)

    def juxtapose(self, *items: str) -> str:
        return " ".join(items)

    def matrix(self, rows: list[list[str]]) -> str:
        body = r" \\ ".join(" & ".join(row) for row in rows)
        return rf"\begin{{pmatrix}} {body} \end{{pmatrix}}"

    def inline(self, math: str) -> str:
        return f"${math}$"

    def inline_text(self, text_markup: str) -> str:
        return rf"\text{{{text_markup}}}"

    def formula(self, rule: Rule) -> str:
        """The rule's formula in LaTeX, in the variable and notation of the derivative at hand."""
        partial = bool(self.partial)
        table = getattr(rule, "TABLE", None)
        if table and getattr(rule, "function", None) in table:
            func = getattr(sympy, rule.function)
            derivative = table[rule.function][1](rule.variable)
            return rf"{latex_operator(latex_expr(rule.variable), partial)} {latex_expr(func(rule.variable))} = {latex_expr(derivative)}"
        if rule.latex:
            return latex_formula_for(rule.latex, latex_expr(rule.variable), partial)
        return unicode_formula_to_latex(self.unicode_formula(rule))


class LatexPrinter(LatexNotation, DocumentPrinter):
    """Renders results as LaTeX: sections, displayed equations and aligned derivations."""

    format_name = "latex"

    def text(self, plain: str) -> str:
        return latex_text(plain)

    def code(self, plain: str) -> str:
        return latex_code(plain)

    def symbol(self, name: str) -> str:  # d and ∂ in notation such as ∂²f/∂x∂y
        return {"∂": r"\partial ", "d": "d"}.get(name) or LatexNotation.symbol(self, name)

    def assemble(self, blocks: list) -> str:
        parts = [self.block(b) for b in blocks]
        body = "\n\n".join(p for p in parts if p) + "\n"
        return latex_document(body, self.lang) if self.standalone else body

    def block(self, block) -> str:
        if isinstance(block, Heading):
            return (r"\section*{" if block.level == 1 else r"\subsection*{") + block.text + "}"
        if isinstance(block, Paragraph):
            return block.text
        if isinstance(block, Display):
            math = block.math
            if self.standalone and math_width(math) >= MAY_NOT_FIT:
                math = fitted(rf"$\displaystyle {math}$", r"\linewidth", math_width(math))
            return r"\[" + "\n" + math + "\n" + r"\]"
        if isinstance(block, Steps):
            return self.derivation(block.rows)
        if isinstance(block, Table):
            return latex_table(block.headers, block.rows, fit_width=self.standalone)
        raise TypeError(f"unknown block {block!r}")

    def derivation(self, rows) -> str:
        """An ``align*``: every step on its own line, nested steps indented by depth."""
        lines = []
        for row in rows:
            indent = r"\quad " * row.depth
            estimate = (math_width(row.content) if row.is_math else _visible_width(row.content, False)) + row.depth
            if self.standalone and estimate >= MAY_NOT_FIT:
                shown = rf"$\displaystyle {row.content}$" if row.is_math else row.content
                room = rf"\dimexpr\linewidth-{row.depth + 1}em\relax"
                content = r"\text{" + fitted(shown, room, estimate) + "}"
            else:
                content = row.content if row.is_math else rf"\text{{{row.content}}}"
            lines.append(f"& {indent}{content}")
        return "\\begin{align*}\n" + " \\\\\n".join(lines) + "\n\\end{align*}"


def latex_math_summary(result, lang: str = "en") -> str:
    """The result's displayed equations (no prose, no steps) in one ``$$\\begin{aligned}`` block.

    This is what Jupyter's ``_repr_latex_`` shows: MathJax renders math, not documents.
    """
    printer = LatexPrinter(lang=lang, steps=False)
    blocks = printer._print(result, 0)
    lines = [b.math.replace(" = ", " &= ", 1) if " = " in b.math else "& " + b.math
             for b in blocks if isinstance(b, Display)]
    return "$$\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}$$"


def render_latex(result, lang: str = "en", standalone: bool = False, steps: bool = True,
                 **options) -> str:
    """LaTeX for a walkthrough or derivative: a fragment, or a whole document with ``standalone``."""
    return LatexPrinter(lang=lang, standalone=standalone, steps=steps, **options).doprint(result)


__all__ = ["LatexPrinter", "LatexNotation", "latex_code", "latex_document", "latex_expr", "latex_math_summary",
           "latex_table", "latex_tabular", "latex_text", "render_latex", "unicode_formula_to_latex"]
