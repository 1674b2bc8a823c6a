"""Descent traces and sweeps in every format and language, and the library API.

The numbers come from LECTURE.md §4 (the camelback: Θ₁ = (−0.474875, 0.525),
∇J(Θ₀) = (−2.5125, −2.5), Θ₂ = (−0.45064736, 0.54859625)) and from hand calculation on
w² (w ← w(1 − 2·lr): lr 0.1 shrinks w, lr 1 flips its sign forever, lr 1.5 doubles it);
the words from the lecture's Korean terms. Never from output printed once.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from functools import lru_cache

import pytest
import sympy
from click.testing import CliRunner

import symgrad
from symgrad.cli import main
from symgrad.errors import ParseError, SymgradError
from symgrad.render import render
from symgrad.phrases import PHRASES
from tests.lecture_items import CAMELBACK

MATHML = "{http://www.w3.org/1998/Math/MathML}"
LECTURE_ARGS = ["descend", CAMELBACK, "--start", "-0.5,0.5", "--lr", "0.01", "--iters", "2"]
THETA1 = (-0.474875, 0.525)  # LECTURE.md §4, k = 1
GRADIENT0 = (-2.5125, -2.5)  # ∇J(Θ₀)
THETA2 = (-0.45064736, 0.54859625)  # Θ₂ rounded to 8 digits


def run(*args):
    return CliRunner().invoke(main, list(args))


@lru_cache(maxsize=None)
def cli(fmt: str, lang: str = "en", standalone: bool = True) -> str:
    result = run(*LECTURE_ARGS, "--format", fmt, "--lang", lang, *(["--standalone"] if standalone else []))
    assert result.exit_code == 0, result.output
    return result.stdout


@lru_cache(maxsize=None)
def w_squared_sweep():
    return symgrad.sweep("w^2", [1], rates=[0.1, 1, 1.5], iters=200)


# ------------------------------------------------------------- the lecture's numbers


def numbers(text: str) -> list[float]:
    return [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?", text)]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_text_shows_the_lecture_iterates(lang):
    rows = [numbers(line) for line in cli("text", lang).splitlines() if re.match(r"\d+\s+\(", line)]
    assert tuple(rows[1][1:3]) == THETA1 and tuple(rows[0][3:5]) == GRADIENT0 and tuple(rows[2][1:3]) == THETA2


def test_json_and_csv_carry_the_lecture_iterates():
    data = json.loads(cli("json"))
    assert data["iterations"][1]["theta"] == pytest.approx(THETA1, abs=1e-15)
    assert data["iterations"][0]["gradient"] == pytest.approx(GRADIENT0, abs=1e-15)
    rows = list(csv.DictReader(io.StringIO(cli("csv"))))
    assert (float(rows[1]["theta1"]), float(rows[1]["theta2"])) == pytest.approx(THETA1, abs=1e-15)
    assert (float(rows[0]["grad_theta1"]), float(rows[0]["grad_theta2"])) == pytest.approx(GRADIENT0, abs=1e-15)


@pytest.mark.parametrize("fmt", ["latex", "markdown"])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_latex_and_markdown_tables_show_the_lecture_iterates(fmt, lang):
    out = cli(fmt, lang)
    vector = r"$\left({}, {}\right)$"
    assert vector.format(*THETA1) in out and vector.format(*GRADIENT0) in out and vector.format(*THETA2) in out
    row = [line for line in out.splitlines() if line.lstrip("| ").startswith("$1$")][0]
    assert vector.format(*THETA1) in row  # Θ₁ is in the row of k = 1
    if fmt == "latex":
        assert r"\begin{tabular}" in out and out.startswith(r"\documentclass")
    else:
        assert row.startswith("| $1$ |") and "| ---: |" in out


def mathml_numbers(cell: ET.Element) -> list[float]:
    """The numbers of a cell; a negative one is written <mrow><mo>−</mo><mn>…</mn></mrow> (U+2212)."""
    negative = {id(row[1]) for row in cell.iter(MATHML + "mrow") if len(row) == 2 and row[0].tag == MATHML + "mo"
                and row[0].text == "\u2212" and row[1].tag == MATHML + "mn"}
    return [(-1 if id(mn) in negative else 1) * float(mn.text) for mn in cell.iter(MATHML + "mn")]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_html_table_is_well_formed_and_shows_the_lecture_iterates(lang):
    page = cli("html", lang)
    assert page.startswith("<!DOCTYPE html>") and f'<html lang="{lang}">' in page and "<script" not in page
    table = ET.fromstring(re.search(r"<table\b.*?</table>", page, flags=re.S).group(0))  # well-formed XML
    rows = [row.findall("td") for row in table.iter("tr") if row.findall("td")]
    assert [mathml_numbers(row[0]) for row in rows] == [[0], [1], [2]]
    assert tuple(mathml_numbers(rows[1][1])) == THETA1
    assert tuple(mathml_numbers(rows[0][2])) == GRADIENT0
    for element in re.findall(r"<math\b.*?</math>", page, flags=re.S):
        assert ET.fromstring(element).tag == MATHML + "math"


# ------------------------------------------------------------- languages


@pytest.mark.parametrize("fmt", ["text", "latex", "markdown", "html"])
def test_korean_uses_the_lectures_terms(fmt):
    out = cli(fmt, "ko")
    assert "최대 반복 횟수" in out  # stopped after --iters (반복)
    if fmt != "text":
        assert "경사하강법" in out and "학습률" in out and "하이퍼파라미터" in out and "시작점" in out
    english = cli(fmt, "en")
    assert "stopped" in english and "stopped" not in out
    assert "maximum of 2 iterations" in english and "maximum" not in out


@pytest.mark.parametrize("fmt", ["text", "latex", "markdown", "html"])
def test_sweep_outcomes_in_korean(fmt):
    """w²: lr 0.1 converges, lr 1 oscillates (w → −w), lr 1.5 diverges (w → −2w)."""
    out = render(w_squared_sweep(), fmt, "ko")
    for word in ("수렴", "진동", "발산", "학습률"):
        assert word in out, (fmt, word)
    assert "converged" not in out and "oscillated" not in out


def test_sweep_outcomes_are_the_hand_computed_ones():
    assert [(run.lr, run.outcome) for run in w_squared_sweep().runs] == [
        (0.1, "converged"), (1.0, "oscillated"), (1.5, "diverged")]


def test_every_stop_reason_and_outcome_has_words_in_both_languages():
    from symgrad.optim.sweep import OUTCOMES
    from symgrad.trace import STOP_REASONS

    for lang in ("en", "ko"):
        for reason in STOP_REASONS:
            assert f"stop.name.{reason}" in PHRASES[lang]
        for outcome in OUTCOMES:
            assert f"outcome.{outcome}" in PHRASES[lang]
    assert PHRASES["ko"]["outcome.oscillated"] == "진동" and PHRASES["ko"]["outcome.diverged"] == "발산"
    assert PHRASES["ko"]["method.gd"] == "경사하강법" and PHRASES["ko"]["hyper.lr"] == "학습률"


def test_stop_reasons_are_data_and_translated():
    converged = symgrad.descend("x^2", [1], lr=0.25, tol=1e-6)  # x ← x/2: ‖∇f‖ = 2x < 1e-6 at k = 21
    assert converged.stopped.to_dict() == {"reason": "converged", "k": 21}
    assert dict(converged.stopped.fields)["tol"] == 1e-6
    assert "stopped: converged at k = 21" in converged.to_text(lang="en")
    assert "k = 21에서 수렴" in converged.to_text(lang="ko")
    diverged = symgrad.descend("x^2", [1], lr=1.5, bound=1000)  # x ← −2x: |x| = 1024 > 1000 at k = 10
    assert diverged.stopped.to_dict() == {"reason": "diverged", "k": 10} and diverged.stopped.cause == "bound"
    assert "발산" in diverged.to_markdown(lang="ko") and "diverged" in diverged.to_markdown(lang="en")


# ------------------------------------------------------------- the library API


def test_library_returns_what_the_cli_prints():
    trace = symgrad.descend(CAMELBACK, "-0.5,0.5", lr=0.01, iters=2)
    assert trace.to_dict() == json.loads(cli("json"))
    same = symgrad.descend(symgrad.parse(CAMELBACK), [-0.5, 0.5], "gd", lr=0.01, iters=2)
    assert same.to_dict() == trace.to_dict()
    assert trace.final.theta == pytest.approx(THETA2, abs=5e-9)


def test_library_sweep_returns_what_the_cli_prints():
    data = json.loads(run("sweep", "w^2", "--start", "1", "--lr", "0.1,1,1.5", "--iters", "200",
                          "--format", "json").stdout)
    assert w_squared_sweep().to_dict() == data


def test_result_objects_render_themselves():
    trace = symgrad.descend(CAMELBACK, "-0.5,0.5", lr=0.01, iters=2)
    assert trace.to_latex(lang="ko", standalone=True) == cli("latex", "ko")
    assert trace.to_text(lang="en") == cli("text", "en")
    assert trace._repr_html_().startswith('<section class="symgrad"') and "<table" in trace._repr_html_()
    assert "| $1$ |" in trace._repr_markdown_()
    assert w_squared_sweep().to_html(lang="en").count("<tr>") == 4  # header + three rates


def test_seeded_start_is_reproducible():
    first = symgrad.descend("x^2 + y^2", seed=3, iters=1)
    assert first.iterations == symgrad.descend("x^2 + y^2", seed=3, iters=1).iterations
    assert first.iterations[0].theta != symgrad.descend("x^2 + y^2", seed=4, iters=1).iterations[0].theta


@pytest.mark.parametrize("start, words", [([1, 2, 3], "expected 2 start values"), ("1,x", "must be a number"), ([1j, 1], "real numbers"),
                                          ([float("nan"), 1], "finite")])
def test_bad_start_is_a_parse_error(start, words):
    with pytest.raises(ParseError, match=words):
        symgrad.descend("x^2 + y^2", start)


def test_digits_reach_every_format():
    result = run(*LECTURE_ARGS, "--format", "markdown", "--digits", "4")
    assert r"$\left(-0.4506, 0.5486\right)$" in result.stdout  # Θ₂ to 4 digits


PLAIN_X, PLAIN_Y = sympy.symbols("x y")  # a user's own symbols, without symgrad's real=True


@pytest.mark.parametrize("start", [{"x": 1, "y": 2}, {"y": 2, "x": 1}, {PLAIN_Y: 2, PLAIN_X: 1},
                                   {"x": "1", "y": 2.0}, {"x": sympy.Integer(1), "y": sympy.Rational(4, 2)}])
def test_descend_takes_a_sympy_expression_and_a_mapping_start(start):
    """f = x² + y², gd with lr 0.25: ∇f(θ₀) = 2θ₀ = (2, 4) and θ₁ = θ₀ − 0.25·2θ₀ = (0.5, 1)."""
    trace = symgrad.descend(PLAIN_X**2 + PLAIN_Y**2, start, lr=0.25, iters=1)
    assert trace.variables == ("x", "y")
    assert trace.iterations[0] == (0, (1.0, 2.0), (2.0, 4.0), 5.0)
    assert trace.final.theta == (0.5, 1.0)


def test_sweep_takes_a_sympy_expression_and_a_mapping_start():
    """w ← w(1 − 2·lr) from w = 1 (the hand calculation in the module docstring)."""
    w = sympy.Symbol("w")
    result = symgrad.sweep(w**2, {w: 1}, rates=[0.1, 1, 1.5], iters=200)
    assert [(run.lr, run.outcome) for run in result.runs] == [
        (0.1, "converged"), (1.0, "oscillated"), (1.5, "diverged")]
    assert result.runs[0].trace.iterations[1].theta == pytest.approx((0.8,), rel=1e-15)


@pytest.mark.parametrize("start, words", [
    ({"x": 1}, "no value for y"),
    ({"x": 1, "y": 2, "z": 3}, "z"),
    ({1: 1, 2: 2}, "variable names"),
    ({1, 2}, "set"),
    (object(), "object"),
    (3, "int"),
    ({"x": "y", "y": 1}, "real numbers"),
    ({"x": 1j, "y": 1}, "number"),
    ({"x": float("inf"), "y": 1}, "finite"),
])
def test_a_start_that_is_not_a_point_is_a_symgrad_error(start, words):
    with pytest.raises(SymgradError, match=words):
        symgrad.descend("x^2 + y^2", start)
    with pytest.raises(SymgradError, match=words):
        symgrad.sweep(PLAIN_X**2 + PLAIN_Y**2, start)


@pytest.mark.parametrize("bad", [None, [1, 2], {"x": 1}, True, object()])
def test_what_is_not_a_function_is_a_symgrad_error(bad):
    with pytest.raises(SymgradError, match="expected a function"):
        symgrad.descend(bad, [1])


def test_variables_order_a_sympy_expression_and_a_list_start():
    trace = symgrad.descend(PLAIN_X**2 + 3 * PLAIN_Y**2, [2, 1], variables="y,x", lr=0.1, iters=1)
    assert trace.variables == ("y", "x")
    assert trace.iterations[0].gradient == (12.0, 2.0)  # (∂/∂y, ∂/∂x) = (6y, 2x) at y = 2, x = 1


def test_adam_on_a_many_variable_sympy_expression_follows_the_published_rule():
    """Rosenbrock in 20 plain SymPy symbols (the numpy backend), started from a mapping:
    three Adam steps by Kingma & Ba's Algorithm 1 with the gradient written out by hand."""
    import math

    count, lr, b1, b2, eps = 20, 1e-3, 0.9, 0.999, 1e-8
    xs = sympy.symbols(f"x0:{count}")
    f = sum(100 * (xs[i + 1] - xs[i] ** 2) ** 2 + (1 - xs[i]) ** 2 for i in range(count - 1))
    start = [-1.2 + 0.1 * i for i in range(count)]

    def gradient(x):
        return [(-400 * x[i] * (x[i + 1] - x[i] ** 2) - 2 * (1 - x[i]) if i < count - 1 else 0.0)
                + (200 * (x[i] - x[i - 1] ** 2) if i > 0 else 0.0) for i in range(count)]

    theta, m, v = list(start), [0.0] * count, [0.0] * count
    expected = [tuple(theta)]
    for t in range(1, 4):
        g = gradient(theta)
        m = [b1 * a + (1 - b1) * c for a, c in zip(m, g)]
        v = [b2 * a + (1 - b2) * c * c for a, c in zip(v, g)]
        theta = [p - lr * (a / (1 - b1**t)) / (math.sqrt(c / (1 - b2**t)) + eps) for p, a, c in zip(theta, m, v)]
        expected.append(tuple(theta))
    trace = symgrad.descend(f, dict(zip(reversed(xs), reversed(start))), "adam", lr=lr, iters=3)
    assert trace.variables == tuple(f"x{i}" for i in range(count))
    for row, theta in zip(trace.iterations, expected):
        assert row.theta == pytest.approx(theta, rel=1e-12, abs=1e-15)
    assert trace.iterations[0].gradient == pytest.approx(gradient(start), rel=1e-13)
