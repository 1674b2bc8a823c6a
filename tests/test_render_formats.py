"""LaTeX, Markdown and HTML renderers, the Korean catalogue, the dispatcher and the CLI flags.

Facts asserted here come from LECTURE.md (f_x(1, 2) = 8, the p2 Hessian [[−3, 1], [1, −1]],
the camelback gradient 2θ₁⁵ − 8.4θ₁³ + 8θ₁ + θ₂, ...) or from SymPy, never from output
the renderers printed once.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

import pytest
import sympy
from click.testing import CliRunner

from symgrad import derivative, walkthrough
from symgrad.cli import main
from symgrad.render import FORMATS, render
from symgrad.render.html import HtmlPrinter
from symgrad.render.latex import LatexPrinter, latex_tabular
from symgrad.render.markdown import MarkdownPrinter
from symgrad.phrases import PHRASES, default_language, note_phrase, phrase
from symgrad.steps import Rule
from tests.lecture_items import CAMELBACK, GOLDEN_WALKS

MATHML = "{http://www.w3.org/1998/Math/MathML}"


@lru_cache(maxsize=None)
def walk(item: str):
    text, at = GOLDEN_WALKS[item]
    return walkthrough(text, at=at)


# ------------------------------------------------------------------ phrases


def test_every_phrase_exists_in_every_language():
    """A key in one language only fails here (covers keys other parts add later)."""
    languages = sorted(PHRASES)
    assert {"en", "ko"} <= set(languages)
    all_keys = set().union(*(PHRASES[lang] for lang in languages))
    for lang in languages:
        missing = sorted(all_keys - set(PHRASES[lang]))
        assert not missing, f"{lang} lacks {missing}"


def test_no_phrase_key_is_written_twice_in_a_table():
    """A dict literal keeps the last of two equal keys without a word: two parts that both
    add a phrase (say "method.newton") would silently overwrite one another."""
    import ast

    import symgrad.phrases

    source = ast.parse(open(symgrad.phrases.__file__, encoding="utf-8").read())
    written_twice = []
    for node in ast.walk(source):
        if isinstance(node, ast.Dict):
            keys = [key.value for key in node.keys if isinstance(key, ast.Constant) and isinstance(key.value, str)]
            written_twice += sorted({key for key in keys if keys.count(key) > 1})
    assert written_twice == []


def test_every_phrase_takes_the_same_fields_in_every_language():
    import string

    def fields(template):  # a plural word {n|one|other} depends on the field n
        return {name.split("|")[0] for _, name, _, _ in string.Formatter().parse(template) if name}

    for key, english in PHRASES["en"].items():
        for lang, table in PHRASES.items():
            assert fields(table[key]) == fields(english), (lang, key)


def test_korean_uses_the_lectures_terms():
    ko = PHRASES["ko"]
    assert ko["rule.chain"] == "연쇄법칙"
    assert ko["rule.product"] == "곱의 미분법" and ko["rule.quotient"] == "몫의 미분법"
    assert ko["walk.gradient"] == "그래디언트" and ko["walk.hessian"] == "헤시안"
    assert "편미분" in ko["walk.first_partials"] and "이계 편미분" in ko["walk.second_partials"]
    assert "임계점" in ko["walk.critical"] and "방향도함수" in ko["walk.directional"]
    # the Korean table is a translation, not a copy of the English one
    def has_words(template: str) -> bool:  # "{name} ({method}): {values}" has none to translate
        return any(ch.isalpha() for ch in re.sub(r"\{[^}]*\}", "", template))

    assert sum(ko[k] == v and has_words(v) for k, v in PHRASES["en"].items()) <= 6


@pytest.mark.parametrize("environ, expected", [
    ({"LANG": "ko_KR.UTF-8"}, "ko"), ({"LC_ALL": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}, "ko"),
    ({"LC_MESSAGES": "ko", "LANG": "C"}, "ko"), ({"LC_ALL": "C.UTF-8", "LANG": "ko_KR"}, "en"),
    ({"LANG": "de_DE.UTF-8"}, "en"), ({}, "en"), ({"LANG": ""}, "en"),
])
def test_default_language_follows_the_locale(environ, expected):
    assert default_language(environ) == expected


def test_walkthrough_notes_are_translated():
    from symgrad.walkthrough import Note

    assert note_phrase(Note("walk.note.incomplete"), "ko") == PHRASES["ko"]["walk.note.incomplete"]
    assert note_phrase(Note("walk.note.truncated", (("count", 24),)), "ko") == "처음 24개의 임계점만 보인다"
    assert note_phrase(Note("walk.note.truncated", (("count", 24),)), "en") == \
        "only the first 24 critical points are listed"
    assert note_phrase(None, "ko") is None


# ------------------------------------------------------------- facts per format


def test_p1_gradient_at_the_point_in_every_format():
    """LECTURE p1: at (1, 2), f_x = 8 and f_y = 5."""
    w = walk("p1")
    assert "∇f(1, 2) = (8, 5)" in render(w, "text", "en")
    data = json.loads(render(w, "json"))
    assert [g["exact"] for g in data["at"]["gradient"]] == ["8", "5"]
    vector = r"\nabla f \left(1, 2\right) = \left(8, 5\right)"
    assert vector in render(w, "latex", "en")
    assert "$$\n" + vector + "\n$$" in render(w, "markdown", "ko")
    assert "<mn>8</mn><mo>,</mo><mn>5</mn>" in render(w, "html", "en")


def test_p1_partials_in_latex():
    """f_x = y² + 2xy, f_y = 2xy + x² (LECTURE p1)."""
    tex = render(walk("p1"), "latex", "en", steps=False)
    assert r"\frac{\partial f}{\partial x} = 2 x y + y^{2}" in tex
    assert r"\frac{\partial f}{\partial y} = x^{2} + 2 x y" in tex


def mathml_matrices(page: str) -> list[list[list[str]]]:
    """Every <mtable> in the page's <math> elements, as rows of cell texts ("−3", "1", ...)."""
    tables = []
    for math in re.findall(r"<math\b.*?</math>", page, flags=re.S):
        root = ET.fromstring(math)
        for table in root.iter(MATHML + "mtable"):
            tables.append([["".join(cell.itertext()).strip() for cell in row.findall(MATHML + "mtd")]
                           for row in table.findall(MATHML + "mtr")])
    return tables


def test_p2_hessian_at_the_point_is_a_matrix_in_every_format():
    """LECTURE s5: the Hessian of ln(x² + 2xy − y²) at (1, 1) is [[−3, 1], [1, −1]]."""
    w = walk("p2")
    pmatrix = r"\begin{pmatrix} -3 & 1 \\ 1 & -1 \end{pmatrix}"
    assert pmatrix in render(w, "latex", "en")
    assert pmatrix in render(w, "markdown", "en")
    assert [["−3", "1"], ["1", "−1"]] in mathml_matrices(render(w, "html", "en"))  # U+2212 minus signs
    assert [[h["exact"] for h in row] for row in json.loads(render(w, "json"))["at"]["hessian"]] == [["-3", "1"], ["1", "-1"]]
    assert "⎡ −3   1 ⎤" in render(w, "text", "en")


def test_p2_chain_rule_in_every_format_and_language():
    """The lecture derives p2 with u = x² + 2xy − y², f = ln u."""
    w = walk("p2")
    u = r"$x^{2} + 2 x y - y^{2}$"
    assert "chain rule" in render(w, "latex", "en") and "연쇄법칙" in render(w, "latex", "ko")
    assert "let $u$ = " + u in render(w, "markdown", "en")
    assert "치환 $u$ = " + u in render(w, "markdown", "ko")
    assert "겉미분" in render(w, "html", "ko") and "속미분" in render(w, "html", "ko")
    assert "outer derivative" in render(w, "text", "en") and "겉미분" in render(w, "text", "ko")


def test_s1_second_partials_and_hessian():
    """LECTURE s1: f_xx = 6x, f_xy = 6y² = f_yx, f_yy = 12xy."""
    tex = render(walk("s1"), "latex", "en")
    assert r"\begin{pmatrix} 6 x & 6 y^{2} \\ 6 y^{2} & 12 x y \end{pmatrix}" in tex
    assert r"\frac{\partial ^{2}f}{\partial x\partial y} = 6 y^{2}" in tex
    page = render(walk("s1"), "html", "ko")
    assert len([t for t in mathml_matrices(page) if len(t) == 2]) == 1


def test_camelback_keeps_the_decimals_it_was_typed_with():
    """LECTURE §4: ∇J = (2θ₁⁵ − 8.4θ₁³ + 8θ₁ + θ₂, 16θ₂³ − 8θ₂ + θ₁); s6: H(−0.5, 0.5) = [[2.325, 1], [1, 4]]."""
    w = walk("camelback")
    tex = render(w, "latex", "en")
    assert r"2 \theta_{1}^{5} - 8.4 \theta_{1}^{3} + 8 \theta_{1} + \theta_{2}" in tex
    assert r"\begin{pmatrix} 2.325 & 1 \\ 1 & 4 \end{pmatrix}" in tex
    assert r"\left(-2.5125, -2.5\right)" in tex  # ∇J(Θ₀), lecture table k = 0
    assert "21" not in render(w, "markdown", "en").split("## First")[0]  # 2.1, not 21/10
    assert [["2.325", "1"], ["1", "4"]] in mathml_matrices(render(w, "html", "en"))


def test_korean_documents_use_korean_headings():
    w = walk("p1")
    for fmt in ("latex", "markdown", "html", "text"):
        out = render(w, fmt, "ko")
        assert "그래디언트" in out and "헤시안" in out and "편미분" in out, fmt
        assert "Gradient" not in out and "First partial" not in out, fmt


# -------------------------------------------------------------- documents


def test_latex_fragment_and_standalone_document():
    w = walk("p1")
    fragment = render(w, "latex", "en")
    assert r"\documentclass" not in fragment and r"\begin{align*}" in fragment
    document = render(w, "latex", "en", standalone=True)
    assert document.startswith(r"\documentclass{article}") and r"\usepackage{amsmath}" in document
    assert document.rstrip().endswith(r"\end{document}") and "kotex" not in document
    assert r"\usepackage{kotex}" in render(w, "latex", "ko", standalone=True)


def test_html_page_is_self_contained_and_scriptless():
    page = render(walk("p2"), "html", "ko", standalone=True)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="ko">' in page and '<meta charset="utf-8">' in page
    assert "<script" not in page.lower() and "http://" not in page.replace("http://www.w3.org/1998/Math/MathML", "")
    assert "https://" not in page and "src=" not in page
    section = render(walk("p2"), "html", "en")
    assert section.startswith('<section class="symgrad" lang="en">') and "<html" not in section


@pytest.mark.parametrize("item", sorted(GOLDEN_WALKS))
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_mathml_element_is_well_formed(item, lang):
    page = render(walk(item), "html", lang, standalone=True)
    elements = re.findall(r"<math\b.*?</math>", page, flags=re.S)
    assert len(elements) > 10
    for element in elements:
        root = ET.fromstring(element)  # raises on malformed XML or unknown entities
        assert root.tag == MATHML + "math"


def test_markdown_math_is_dollar_delimited_and_balanced():
    text = render(walk("p2"), "markdown", "en")
    assert text.count("$$") % 2 == 0
    for line in text.splitlines():
        if line != "$$":
            assert line.replace("\\$", "").count("$") % 2 == 0, line
    assert "$$\n" in text and "- $" in text


def test_latex_tabular_lays_out_a_table():
    table = latex_tabular(["$k$", r"$\theta_{1}$"], [["0", "$-0.5$"], ["1", "$-0.474875$"]])
    lines = table.splitlines()
    assert lines[0] == r"\begin{tabular}{rr}" and lines[-1] == r"\end{tabular}"
    assert r"0 & $-0.5$ \\" in lines and r"$k$ & $\theta_{1}$ \\" in lines


# -------------------------------------------------- generic fallback for a new rule


@dataclass(frozen=True)
class SquareRootRule(Rule):
    """d/dx(√x) = 1/(2√x)"""

    name: ClassVar[str] = "square_root_for_test"

    def eval(self):
        return 1 / (2 * sympy.sqrt(self.variable))


@pytest.mark.parametrize("printer", [LatexPrinter, MarkdownPrinter, HtmlPrinter])
def test_a_new_rule_prints_sensibly_in_every_format(printer):
    x = sympy.Symbol("x", real=True)
    out = printer(lang="ko").doprint(SquareRootRule(sympy.sqrt(x), x))
    name = "square_root_for_test" if printer is HtmlPrinter else r"square\_root\_for\_test"
    assert "미분법 " + name in out  # rule.unknown, with the name escaped for the format
    # the docstring formula, typeset (MathML: 1/(2√x) is a fraction over 2 times a root)
    assert '<mfrac><mn>1</mn><mrow><mn>2</mn><msqrt><mi>x</mi></msqrt></mrow></mfrac>' in out \
        if printer is HtmlPrinter else r"\sqrt x" in out
    if printer is HtmlPrinter:
        assert "<msqrt>" in out
    else:
        assert r"\sqrt{x}" in out and r"\frac{1}{2 \sqrt{x}}" in out


# ------------------------------------------------------------ dispatcher, API, CLI


def test_render_dispatches_every_format():
    d = derivative("x e^(3x)", "x")
    assert set(FORMATS) == {"text", "json", "latex", "markdown", "html"}
    assert json.loads(render(d, "json"))["result"] == str(sympy.diff(sympy.Symbol("x", real=True)
                                                                    * sympy.exp(3 * sympy.Symbol("x", real=True)),
                                                                    sympy.Symbol("x", real=True)).factor())
    with pytest.raises(ValueError):
        render(d, "pdf")


def test_result_objects_render_themselves():
    d = derivative("x e^(3x)", "x")
    assert d.to_text(lang="en") == render(d, "text", "en")
    assert d.to_latex(lang="ko", standalone=True) == render(d, "latex", "ko", standalone=True)
    assert d.to_markdown(lang="en") == render(d, "markdown", "en")
    assert d.to_html(lang="en") == render(d, "html", "en")
    w = walk("p2")
    assert w._repr_html_().startswith("<section") and "$" in w._repr_markdown_()
    summary = w._repr_latex_()
    assert summary.startswith("$$\\begin{aligned}") and r"\begin{pmatrix} -3 & 1 \\ 1 & -1 \end{pmatrix}" in summary
    assert r"\text" not in summary  # math only, for MathJax


def run(*args, env=None):
    return CliRunner(env=env).invoke(main, list(args))


@pytest.mark.parametrize("fmt, marker", [("latex", r"\begin{pmatrix}"), ("markdown", "$$"), ("html", "<math"),
                                         ("json", '"gradient"'), ("text", "∇f = ")])
def test_walk_command_prints_every_format(fmt, marker):
    result = run("walk", "x y^2 + x^2 y", "--at", "1,2", "--no-critical", "--format", fmt, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert marker in result.output


def test_standalone_and_lang_flags():
    result = run("diff", "x e^(3x)", "--format", "latex", "--standalone", "--lang", "ko")
    assert result.exit_code == 0 and result.output.startswith(r"\documentclass") and "kotex" in result.output
    assert "곱의 미분법" in result.output
    page = run("walk", "x^2 + y^2", "--format", "html", "--standalone", "--no-critical", "--lang", "ko").output
    assert '<html lang="ko">' in page
    assert run("walk", "x", "--lang", "fr").exit_code == 2


def test_lang_defaults_to_the_locale():
    korean = run("walk", "x^2 + y^2", "--no-critical", "--no-steps", env={"LC_ALL": None, "LC_MESSAGES": None,
                                                                          "LANG": "ko_KR.UTF-8"})
    assert "그래디언트" in korean.output
    english = run("walk", "x^2 + y^2", "--no-critical", "--no-steps", env={"LC_ALL": "C.UTF-8"})
    assert "Gradient" in english.output
