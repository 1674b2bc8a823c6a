"""Unicode formatting conventions, the phrase catalogue and the step-tree text printer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pytest
from hypothesis import HealthCheck, given, settings
import sympy
from sympy import Abs, Rational, cos, exp, log, sin, sqrt

from symgrad.parse import make_symbol
from symgrad.render.document import Row
from symgrad.phrases import PHRASES, phrase, rule_name
from symgrad.render.text import TextPrinter, render_steps
from symgrad.notation import format_expr
from symgrad import steps
from symgrad.steps import Rule, derivative_steps
from tests.test_steps import EXPRESSIONS

x, y, z, t = (make_symbol(n) for n in "xyzt")
x1, x2 = make_symbol("x1"), make_symbol("x2")
th1, th2 = make_symbol("theta1"), make_symbol("theta2")
D = x**2 + 2 * x * y - y**2

# The notation the brief and LECTURE.md use, written out by hand.
FORMATS = [
    (D, "x² + 2xy − y²"),
    ((2 * x + 2 * y) / D, "(2x + 2y)/(x² + 2xy − y²)"),
    (log(D), "ln(x² + 2xy − y²)"),
    (2 * t * cos(t**2), "2t·cos(t²)"),
    (-2 * exp(-2 * x), "−2e^(−2x)"),
    (exp(x), "eˣ"),
    (exp(x) / (1 + exp(x)) ** 2, "eˣ/(eˣ + 1)²"),
    (th1 * th2, "θ₁θ₂"),
    (x1 * x2, "x₁x₂"),
    (16 * th2**3 - 8 * th2, "16θ₂³ − 8θ₂"),
    (sqrt(y**2 + z**2), "√(y² + z²)"),
    (sqrt(x), "√x"),
    (z**2 / (y**2 + z**2) ** Rational(3, 2), "z²/(y² + z²)^(3/2)"),
    (Abs(x), "|x|"),
    (log(x, 2), "log₂(x)"),
    (1 / x**2, "1/x²"),
    (sympy.Mul(6 * x, z - y, evaluate=False), "6x(z − y)"),
    (x**x, "x^x"),
    (sympy.pi * x, "πx"),
]


@pytest.mark.parametrize("expr, text", FORMATS, ids=[row[1] for row in FORMATS])
def test_format_expr_uses_textbook_notation(expr, text):
    assert format_expr(expr) == text


def test_decimal_display_shows_terminating_rationals_as_decimals():
    gradient = 2 * th1**5 - Rational(42, 5) * th1**3 + 8 * th1 + th2
    assert format_expr(gradient, decimal_display=True) == "2θ₁⁵ − 8.4θ₁³ + 8θ₁ + θ₂"
    assert format_expr(Rational(21, 10), decimal_display=True) == "2.1"
    assert format_expr(Rational(1, 3), decimal_display=True) == "1/3"  # not terminating
    assert "42" in format_expr(gradient)  # exact by default


def test_every_rule_has_a_name_in_the_catalogue():
    names = {cls.name for cls in vars(steps).values()
             if isinstance(cls, type) and issubclass(cls, Rule) and "name" in vars(cls)}
    assert {"constant", "chain", "quotient", "log_differentiation", "dont_know", "simplify"} <= names
    for name in names - {"rule"}:
        assert f"rule.{name}" in PHRASES["en"]
    assert rule_name("chain") == "chain rule"


def test_phrases_format_fields_and_fall_back_to_english():
    assert phrase("step.held_constant.one", names="y") == "y is held constant"
    assert phrase("step.held_constant.one", lang="xx", names="y") == "y is held constant"


def test_p2_text_shows_the_lectures_chain_rule():
    text = render_steps(derivative_steps(log(D), x, (x, y)), variables=(x, y))
    assert "chain rule" in text
    assert "u = x² + 2xy − y²" in text and "ln(u)" in text
    assert "1/u" in text                       # the outer derivative
    assert "∂u/∂x = 2x + 2y" in text           # the inner derivative, its own sub-tree
    assert "y is held constant" in text
    assert "∂/∂x" in text
    lines = text.splitlines()
    inner = next(i for i, line in enumerate(lines) if "∂u/∂x" in line)
    indent = len(lines[inner]) - len(lines[inner].lstrip())
    assert len(lines[inner + 1]) - len(lines[inner + 1].lstrip()) > indent  # sub-tree indented deeper
    assert lines[-1].strip().startswith("simplify")


def test_single_variable_problems_use_d_not_partial():
    text = render_steps(derivative_steps(x * exp(3 * x), x))
    assert "d/dx" in text and "∂" not in text
    assert "product rule" in text and "d/dx(f·g) = f'·g + f·g'" in text


def test_square_root_is_shown_as_a_power_and_dont_know_is_printed():
    text = render_steps(derivative_steps(sqrt(x) + sympy.erf(x), x))
    assert "x^(1/2)" in text
    assert "no rule known" in text and "None" not in text


@dataclass(frozen=True)
class _TwiceRule(Rule):
    """d/dx(2f) = 2f'"""

    name: ClassVar[str] = "twice"

    def eval(self):
        return 2 * sympy.diff(self.expr, self.variable)


def test_a_new_rule_prints_through_the_generic_fallback():
    text = TextPrinter().doprint(_TwiceRule(x**2, x))
    assert "rule twice" in text and "d/dx(2f) = 2f'" in text and "4x" in text


def test_dispatch_walks_the_mro():
    class Custom(TextPrinter):
        def _print_ChainRule(self, rule, depth):
            return [Row(depth, "custom chain", False)]

    assert "custom chain" in Custom().doprint(derivative_steps(sin(x**2), x))
    assert TextPrinter().doprint(x**2) == "x²"  # _print_Basic


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(EXPRESSIONS)
def test_any_tree_renders_without_crashing(f):
    text = render_steps(derivative_steps(f, x, (x, y)), variables=(x, y))
    assert text and "None" not in text


def test_text_is_one_notation_of_the_document_printer():
    """Rules and results print through DocumentPrinter's one _print_<Class> method; text
    overrides only the hooks those call (its compact cards, its aligned tables)."""
    from symgrad.render.document import DocumentPrinter

    assert issubclass(TextPrinter, DocumentPrinter)
    own = sorted(name for name in vars(TextPrinter) if name.startswith("_print_"))
    assert own == []


def test_a_matrix_on_the_right_of_a_relation_gets_the_left_side_on_its_middle_line():
    printer = TextPrinter()
    shown = printer.relation("∇²f", "=", printer.matrix([["2", "10"], ["10", "2"], ["1", "1"]]))
    assert shown.split("\n") == ["      ⎡  2  10 ⎤",
                                 "∇²f = ⎢ 10   2 ⎥",
                                 "      ⎣  1   1 ⎦"]
