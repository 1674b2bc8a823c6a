"""HTML: each derivative's steps folded under a summary, results open; U+2212 minus signs;
rule formulas typeset as MathML; the page's <title> names the function.

Expected values come from the lecture (LECTURE.md §1–2: ln(x² + 2xy − y²) has two first
and four second partials, ∂f/∂x = (2x + 2y)/(x² + 2xy − y²)) and from the rules' own
docstrings, read by hand.
"""

from __future__ import annotations

import inspect
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from symgrad import derivative, solve, steps, walkthrough
from symgrad.notation import formula_for
from symgrad.render import render
from symgrad.render.html import FormulaSyntax, formula_mathml
from tests.lecture_items import LECTURE_WALKS

MATHML = "{http://www.w3.org/1998/Math/MathML}"


class Outline(HTMLParser):
    """Where each <details>, <summary> and display formula sits in a page."""

    def __init__(self):
        super().__init__()
        self.open: list[str] = []
        self.details = 0
        self.summaries: list[str] = []
        self.displays_inside = 0
        self.displays_outside = 0
        self._summary: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("math",) and ("display", "block") in attrs:
            if "details" in self.open:
                self.displays_inside += 1
            else:
                self.displays_outside += 1
        if tag == "details":
            self.details += 1
            assert ("open", None) not in attrs, "steps start folded"
        if tag == "summary":
            self._summary = []
        self.open.append(tag)

    def handle_endtag(self, tag):
        while self.open and self.open.pop() != tag:
            pass
        if tag == "summary" and self._summary is not None:
            self.summaries.append("".join(self._summary))
            self._summary = None

    def handle_data(self, data):
        if self._summary is not None:
            self._summary.append(data)


def outline(page: str) -> Outline:
    parser = Outline()
    parser.feed(page)
    return parser


@pytest.mark.parametrize("standalone", [False, True])
def test_each_derivative_of_p2_folds_its_steps_and_shows_its_result(standalone):
    text, at = LECTURE_WALKS["p2"]
    page = render(walkthrough(text, at=at), "html", "en", standalone=standalone)
    shape = outline(page)
    assert shape.details == 2 + 4  # ∂f/∂x, ∂f/∂y and the four second partials
    assert len(shape.summaries) == 6 and all(s.startswith("Steps for ") for s in shape.summaries)
    assert shape.displays_inside == 0  # every result (∂f/∂x = …, ∇f, ∇²f, values) stays visible
    assert shape.displays_outside >= 6 + 3
    # the steps themselves are inside: the chain rule of ∂f/∂x
    first = page[page.index("<details"):page.index("</details>")]
    assert "chain rule" in first and "outer derivative" in first


def test_korean_summaries_and_a_derivative_without_partials():
    page = render(walkthrough("x y^2 + x^2 y", at="1,2"), "html", "ko")
    assert outline(page).summaries[0].endswith("의 풀이 단계")
    single = render(derivative("x e^(3x)", "x"), "html", "en")
    shape = outline(single)
    assert shape.details == 1 and shape.displays_inside == 0 and shape.displays_outside == 1


def test_no_steps_means_nothing_to_fold():
    page = render(walkthrough("x^2 + y^2"), "html", "en", steps=False)
    assert "<details" not in page


def test_jupyter_html_shows_results_with_folded_steps():
    walk = walkthrough("ln(x^2 + 2xy - y^2)", at="1,1")
    shape = outline(walk._repr_html_())
    assert shape.details == 6 and shape.displays_inside == 0


def every_formula() -> set[str]:
    """Every rule's general formula: the docstrings and the function tables of symgrad.steps."""
    formulas = set()
    for _, cls in inspect.getmembers(steps, inspect.isclass):
        if issubclass(cls, steps.Rule):
            formulas.add((cls.__doc__ or "").strip().splitlines()[0])
            formulas.update(formula for formula, _ in getattr(cls, "TABLE", {}).values())
    return formulas


@pytest.mark.parametrize("name", ["x", "θ₁", "u"])
@pytest.mark.parametrize("partial", [False, True])
def test_every_rule_formula_is_typeset(name, partial):
    for formula in sorted(every_formula()):
        shown = formula_for(formula, name, partial)
        markup = formula_mathml(shown)
        root = ET.fromstring(f'<math xmlns="http://www.w3.org/1998/Math/MathML">{markup}</math>')
        assert root.find(f".//{MATHML}mtext") is None, shown
        assert "-" not in "".join(e.text or "" for e in root.iter(f"{MATHML}mo")), shown


def test_formulas_read_as_written():
    """The shapes of a few formulas, by hand: a quotient is a fraction without its brackets,
    xⁿ⁻¹ a power whose exponent is n − 1, the chain rule's ∂u/∂y a fraction of differentials."""
    def tree(text):
        return ET.fromstring(f'<math xmlns="http://www.w3.org/1998/Math/MathML">{formula_mathml(text)}</math>')

    quotient = tree("d/dx(f/g) = (f'·g − f·g')/g²")
    fractions = list(quotient.iter(f"{MATHML}mfrac"))
    assert len(fractions) == 3  # d/dx inside the argument's operator, f/g, and the result
    numerator, denominator = list(fractions[-1])
    assert "".join(numerator.itertext()) == "f′·g−f·g′" and "".join(denominator.itertext()) == "g2"
    power = tree("d/dx(xⁿ) = n·xⁿ⁻¹")
    assert "".join(list(power.iter(f"{MATHML}msup"))[-1][1].itertext()) == "n−1"
    chain = tree(formula_for("d/dx f(u(x)) = f'(u)·u'(x)", "y", True))
    assert "".join(list(chain.iter(f"{MATHML}mfrac"))[-1].itertext()) == "∂u∂y"
    with pytest.raises(FormulaSyntax):
        formula_mathml("d/dx @")


def test_rule_formulas_in_a_page_are_mathml_not_text():
    text, at = LECTURE_WALKS["p2"]
    page = render(walkthrough(text, at=at), "html", "en")
    assert '<mtext class="formula">' not in page and page.count('<mrow class="formula">') > 10


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_minus_signs_are_u2212(lang):
    """In MathML (operators and negative numbers) and in sentences; commands and typed
    answers keep the ASCII hyphen, so they can be copied."""
    pages = [render(walkthrough(text, at=at), "html", lang) for text, at in LECTURE_WALKS.values()]
    pages.append(render(solve("camelback"), "html", lang))
    for page in pages:
        for math in re.findall(r"<math\b.*?</math>", page, flags=re.S):
            assert "<mo>-</mo>" not in math and not re.search(r"<m[no]>-", math)
    camelback = pages[-1]
    prose = re.sub(r"<math\b.*?</math>|<code>.*?</code>", "", camelback, flags=re.S)
    assert not re.search(r"(?<![\w.])-\d", prose)
    if lang == "en":
        assert "(−0.4748, 0.525)" in prose  # the erratum's printed value, from the bank's text
    key = render(__import__("symgrad").answer_key(__import__("symgrad").build_worksheet(["camelback"])), "html", lang)
    command = re.search(r"<code>(symgrad check camelback .*?)</code>", key).group(1)
    assert "--answer" in command and "(-2.5125, -2.5)" in command


def test_page_title_names_the_function():
    text, at = LECTURE_WALKS["p2"]
    walk = walkthrough(text, at=at)
    page = render(walk, "html", "en", standalone=True)
    title = re.search(r"<title>(.*?)</title>", page).group(1)
    function = walk.to_text(lang="en", steps=False).splitlines()[0].split(" = ", 1)[1]  # ln(x² + 2xy − y²)
    assert title == f"Walkthrough of {function}"
    korean = re.search(r"<title>(.*?)</title>", render(walk, "html", "ko", standalone=True)).group(1)
    assert korean.startswith(function) and "<" not in korean
    decimal = walkthrough(LECTURE_WALKS["s6"][0]).to_html(lang="en", standalone=True)
    assert "2.1θ₁²" in re.search(r"<title>(.*?)</title>", decimal).group(1)  # as typed, not 21/10
