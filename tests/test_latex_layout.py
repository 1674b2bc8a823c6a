"""The LaTeX documents look right on paper: commands copy as typed, nothing runs into the
margin, numbers line up, "exact" means exact, and the camelback's rounding is explained once.

The worksheet and its answer key for the whole bank are compiled with pdfLaTeX; the PDF's
text comes from ``pdftotext`` (poppler-utils) and the overfull boxes from the .log. Skipped
when a tool is missing, except under CI (``CI=true``), where .ci/run installs both.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from symgrad import answer_key, build_worksheet, descend, solve
from symgrad.render import render
from symgrad.render.latex import column_alignments, latex_code, latex_table
from tests.lecture_items import LECTURE_WALKS

OVERFULL_LIMIT_PT = 3.0
"""An overfull \\hbox wider than this many points is a layout bug (TeX's own \\hfuzz is 0.1pt)."""
_OVERFULL = re.compile(r"^Overfull \\hbox \((\d+(?:\.\d+)?)pt too wide\) (.*)$", re.M)


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing: .ci/run must install it")
        pytest.skip(f"{name} is not installed")
    return found


def compile_pdf(source: str) -> tuple[str, str]:
    """(the PDF's text by pdftotext, the .log) of a document; fails when pdfLaTeX fails."""
    engine, pdftotext = tool("pdflatex"), tool("pdftotext")
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "doc.tex"
        path.write_text(source, encoding="utf-8")
        run = subprocess.run([engine, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", path.name],
                             cwd=directory, capture_output=True, timeout=300)
        log = (Path(directory) / "doc.log").read_text(encoding="utf-8", errors="replace")
        assert run.returncode == 0, log[-2000:]
        subprocess.run([pdftotext, "-enc", "UTF-8", "doc.pdf", "doc.txt"], cwd=directory, check=True, timeout=60)
        return (Path(directory) / "doc.txt").read_text(encoding="utf-8"), log


def overfull_boxes(log: str) -> list[str]:
    """Each overfull \\hbox wider than :data:`OVERFULL_LIMIT_PT`, with where TeX found it."""
    return [f"{width}pt: {where}" for width, where in _OVERFULL.findall(log) if float(width) > OVERFULL_LIMIT_PT]


def test_the_overfull_check_can_fail():
    """A word wider than the line is reported (so a clean log means something)."""
    _, log = compile_pdf("\\documentclass{article}\\begin{document}\\noindent\\hbox to 1.2\\linewidth{x\\hfil}"
                         "\\end{document}")
    assert overfull_boxes(log)


@pytest.fixture(scope="module")
def bank_documents():
    """The whole bank's worksheet and answer key, in English and Korean, compiled."""
    sheet = build_worksheet(())
    sources = {(kind, lang): render(sheet if kind == "sheet" else answer_key(sheet), "latex", lang, standalone=True)
               for kind in ("sheet", "key") for lang in ("en", "ko")}
    with ThreadPoolExecutor(max_workers=2) as pool:
        compiled = dict(zip(sources, pool.map(compile_pdf, sources.values())))
    return sources, compiled


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_commands_in_the_pdf_read_as_typed(bank_documents, lang):
    """`--answer` stays two hyphens (no en dash) and copies out of the PDF as typed."""
    _, compiled = bank_documents
    sheet_text, _ = compiled["sheet", lang]
    key_text, _ = compiled["key", lang]
    flat_sheet = " ".join(sheet_text.split())
    assert "symgrad check ID --answer" in flat_sheet and "–answer" not in sheet_text
    flat_key = " ".join(key_text.split())
    assert "symgrad check p2 --answer" in flat_key and "–" not in "".join(re.findall(r"symgrad check.{0,80}", flat_key))
    assert "'grad0=(-2.5125, -2.5)'" in flat_key  # the camelback's command, hyphens (minus signs) included


@pytest.mark.parametrize("kind", ["sheet", "key"])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_nothing_runs_into_the_margin(bank_documents, kind, lang):
    _, compiled = bank_documents
    _, log = compiled[kind, lang]
    assert not overfull_boxes(log), "\n".join(overfull_boxes(log)[:10])


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_solutions_and_a_long_descent_fit_the_page(lang):
    """Every solution of the bank in one document's width, and a 60-iterate table (a
    longtable over pages) of the camelback descent."""
    from symgrad import load_exercises

    documents = [render(solve(exercise), "latex", lang, standalone=True) for exercise in load_exercises().values()]
    long_run = descend(LECTURE_WALKS["s6"][0], "-0.5,0.5", lr=0.01, iters=60).to_latex(lang, standalone=True)
    assert r"\begin{longtable}" in long_run
    documents.append(long_run)
    with ThreadPoolExecutor(max_workers=2) as pool:
        logs = [log for _, log in pool.map(compile_pdf, documents)]
    problems = [box for log in logs for box in overfull_boxes(log)]
    assert not problems, "\n".join(problems[:10])


def test_number_columns_are_right_aligned():
    table = latex_table(["item", "lecture", "exact"], [["theta1", "$-0.4748$", "$-0.474875$"], ["grad", "$x$", ""]],
                        fit_width=True)
    spec = re.search(r"\\begin\{tabular\}\{(.*)\}\n", table).group(1)
    assert spec.count(r"\raggedleft") == 2 and spec.count(r"\raggedright") == 1
    assert spec.index(r"\raggedright") < spec.index(r"\raggedleft")  # the item column, then the numbers
    assert column_alignments([["theta1", "$1$", "a word"]]) == ["l", "r", "l"]
    document = render(solve("camelback"), "latex", "en", standalone=True)
    comparison = document[document.index("The lecture's printed values"):]
    spec = re.search(r"\\begin\{tabular\}\{(.*)\}\n", comparison).group(1)
    assert spec.count(r"\raggedleft") == 4  # lecture, computed, rounded, at the rounded point


def cell_texts(document: str, heading: str) -> tuple[list[str], list[list[str]]]:
    """(headers, rows) of the first table after ``heading`` in a LaTeX document."""
    part = document[document.index(heading):]
    body = part[part.index(r"\hline") + len(r"\hline"):part.index(r"\end{tabular}")]
    lines = [line.strip().removesuffix(r"\\").strip() for line in body.splitlines()
             if line.strip() and line.strip() != r"\hline"]
    rows = [[cell.strip() for cell in line.split(" & ")] for line in lines]
    return rows[0], rows[1:]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_columns_labelled_exact_hold_no_approximations(lang):
    """The camelback's iterates are exact rationals with up to 129 digits, shown rounded
    (≈ …): their columns are not labelled exact, and ≈ is explained once."""
    document = render(solve("camelback"), "latex", lang, standalone=True)
    exact_word = {"en": "exact", "ko": "정확한 값"}[lang]
    headings = {"en": ("Iterates, in exact arithmetic", "The lecture's printed values", "Answers"),
                "ko": ("반복값", "강의 자료에 인쇄된 값과", "\\subsection*{답}")}[lang]
    for heading in headings:
        headers, rows = cell_texts(document, heading)
        for index, header in enumerate(headers):
            if exact_word in header and "rounded" not in header and "반올림" not in header:
                assert not any(r"\approx" in row[index] for row in rows if index < len(row)), (heading, header)
    assert any(r"\approx" in cell for row in cell_texts(document, headings[0])[1] for cell in row)
    legend = {"en": "marks an exact value shown rounded", "ko": "유효숫자 6자리로 반올림"}[lang]
    assert document.count(legend) == 1


@pytest.mark.parametrize("fmt", ["text", "latex", "markdown", "html"])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_camelback_rounding_is_explained_once(fmt, lang):
    """LECTURE.md §4: the slide's Θ₁ is truncated and its J values are taken at the rounded
    points; each of these is said once in the solution (under the comparison table)."""
    out = render(solve("camelback"), fmt, lang)
    truncated = {"en": "(truncated)", "ko": "잘라낸"}[lang]
    at_rounded = {"en": "0.24906 is J at the printed, rounded", "ko": "0.24906 은 반올림된"}[lang]
    assert out.count(truncated) == 1 and out.count(at_rounded) == 1
    assert "−0.24888" in out or "-0.24888" in out  # the exact J(Θ₁), rounded as printed, still shown


def test_latex_code_keeps_every_character():
    code = latex_code("symgrad check p2 --answer 'f_x=(2x)' -0.5")
    assert code.startswith(r"\texttt{") and "-{}-{}answer" in code and r"f\char95{}x" in code and "-{}0.5" in code and r"\char13{}" in code
