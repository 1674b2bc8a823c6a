"""Every formula shown uses the variable and notation of the derivative at hand (issue 13):
a rule's general formula, written for d/dx, reads ∂/∂y for a partial derivative by y,
d/du under the chain rule's outer derivative, d/dt for f(t); a negative factor after
'·' is parenthesized; hyperbolic quotients are simplified as a textbook prints them."""

from __future__ import annotations

import sympy
from click.testing import CliRunner

import symgrad
from symgrad.cli import main


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_a_partial_derivative_by_y_shows_its_formulas_for_y():
    text = run("walk", "ln(x^2 + 2xy - y^2)", "--no-critical")
    by_y = text[text.index("∂/∂y(ln"):text.index("∂f/∂y =")]
    assert "chain rule: ∂/∂y f(u) = f'(u)·∂u/∂y" in by_y
    assert "power rule: ∂/∂y(yⁿ) = n·yⁿ⁻¹" in by_y
    assert "natural logarithm rule: d/du(ln u) = 1/u" in by_y  # the outer function is of u alone
    assert "d/dx" not in text  # a two-variable walkthrough never writes d/dx


def test_one_variable_keeps_d_and_its_own_letter():
    assert "chain rule: d/dx f(u(x)) = f'(u)·u'(x)" in run("diff", "ln(x^2 + 1)")
    text = run("diff", "sin(t^2)")
    assert "chain rule: d/dt f(u(t)) = f'(u)·u'(t)" in text and "d/dx" not in text


def test_indexed_and_greek_variables_in_every_format():
    latex = run("walk", "theta1^2*theta2", "--format", "latex", "--no-critical")
    assert r"\frac{\partial}{\partial \theta_{1}}\left(\theta_{1}^{n}\right) = n \cdot \theta_{1}^{n-1}" in latex
    assert r"\frac{d}{dx}" not in latex
    markdown = run("walk", "theta1^2*theta2", "--format", "markdown", "--no-critical")
    assert r"$\frac{\partial}{\partial \theta_{1}}\left(\theta_{1}^{n}\right)" in markdown
    assert r"\frac{d}{dx}" not in markdown
    html = run("walk", "x*sin(y)", "--format", "html", "--no-critical")
    sin_rule = ("<mfrac><mo>∂</mo><mrow><mo>∂</mo><mi>y</mi></mrow></mfrac><mrow><mo>(</mo><mrow><mi>sin</mi>"
                '<mo>\u2061</mo><mspace width="0.1667em"/><mi>y</mi></mrow><mo>)</mo></mrow>')
    assert sin_rule in html  # ∂/∂y(sin y) = cos y, typeset


def test_a_negative_factor_after_a_dot_is_parenthesized():
    text = run("walk", "ln(y/x)", "--vars", "x,y", "--no-critical")
    assert "multiply: x/y · (−y/x²) = −1/x" in text
    latex = run("walk", "ln(y/x)", "--vars", "x,y", "--no-critical", "--format", "latex")
    assert r"$\cdot$ $\left(- \frac{y}{x^{2}}\right)$" in latex


def test_hyperbolic_quotients_are_simplified():
    x = sympy.Symbol("x", real=True)
    for text, expected in (("ln(cosh(x))", sympy.tanh(x)), ("sinh(x)/cosh(x)", 1 / sympy.cosh(x) ** 2)):
        result = symgrad.derivative(text).result
        assert result == expected
        assert sympy.simplify(result - sympy.diff(symgrad.parse(text).expr, x)) == 0
    # a double angle is not the textbook's form of d/dx(sinh² x)
    assert symgrad.derivative("sinh(x)^2").result == 2 * sympy.sinh(x) * sympy.cosh(x)
