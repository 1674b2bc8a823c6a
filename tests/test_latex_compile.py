"""The standalone LaTeX of every lecture walkthrough (LECTURE.md §1–3) compiles with pdfLaTeX.

Korean documents use kotex (Debian: texlive-lang-korean). Skipped only when no
pdflatex is installed, and under CI (where .ci/run installs it) even that fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from symgrad import walkthrough
from symgrad.render import render
from tests.lecture_items import LECTURE_WALKS


def pdflatex() -> str:
    engine = shutil.which("pdflatex")
    if engine is None:
        if os.environ.get("CI"):
            pytest.fail("pdflatex is missing: .ci/run must install a TeX engine")
        pytest.skip("no TeX engine (pdflatex) installed")
    return engine


def compile_latex(engine: str, source: str) -> tuple[bool, str]:
    """(success, the log's error lines) for one document, compiled in a fresh directory."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "walk.tex"
        path.write_text(source, encoding="utf-8")
        run = subprocess.run([engine, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", path.name],
                             cwd=directory, capture_output=True, timeout=180)
        log = (Path(directory) / "walk.log").read_text(encoding="utf-8", errors="replace") \
            if (Path(directory) / "walk.log").exists() else run.stdout.decode(errors="replace")
        pdf = Path(directory) / "walk.pdf"
        ok = run.returncode == 0 and pdf.exists() and pdf.stat().st_size > 1000
        errors = [line for line in log.splitlines() if line.startswith("!") or "Missing character" in line]
        return ok and not errors, "\n".join(errors[:10]) or log[-1500:]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_lecture_walkthrough_compiles(lang):
    engine = pdflatex()
    documents = {item: render(walkthrough(text, at=at), "latex", lang, standalone=True)
                 for item, (text, at) in LECTURE_WALKS.items()}
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = dict(zip(documents, pool.map(lambda source: compile_latex(engine, source), documents.values())))
    failed = {item: log for item, (ok, log) in results.items() if not ok}
    assert not failed, "\n\n".join(f"{item}:\n{log}" for item, log in failed.items())


def test_a_broken_document_is_reported():
    """The check above can fail: an undefined command makes pdfLaTeX stop."""
    ok, log = compile_latex(pdflatex(), "\\documentclass{article}\\begin{document}\\undefinedcommand\\end{document}")
    assert not ok and "Undefined control sequence" in log


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_descent_and_sweep_documents_compile(lang):
    """The camelback descent (LECTURE.md §4) and a sweep that converges, oscillates and diverges."""
    from symgrad import descend, sweep

    engine = pdflatex()
    documents = [descend(LECTURE_WALKS["s6"][0], "-0.5,0.5", lr=0.01, iters=2).to_latex(lang, standalone=True),
                 sweep(LECTURE_WALKS["s6"][0], "-0.5,0.5", rates=[0.01, 1]).to_latex(lang, standalone=True),
                 sweep("w^2", [1], rates=[0.1, 1, 1.5], iters=200).to_latex(lang, standalone=True)]
    assert all(r"\begin{tabular}" in document for document in documents)
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda source: compile_latex(engine, source), documents))
    failed = [log for ok, log in results if not ok]
    assert not failed, "\n\n".join(failed)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_lecture_exercise_solution_compiles(lang):
    """`symgrad exercises solve ID --format latex --standalone` for every exercise of the bank
    (LECTURE.md §1–6 and camelback): walkthrough, iterate tables, notes and errata compile."""
    from symgrad import load_exercises, solve

    engine = pdflatex()
    documents = {exercise_id: render(solve(exercise), "latex", lang, standalone=True)
                 for exercise_id, exercise in load_exercises().items()}
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = dict(zip(documents, pool.map(lambda source: compile_latex(engine, source), documents.values())))
    failed = {item: log for item, (ok, log) in results.items() if not ok}
    assert not failed, "\n\n".join(f"{item}:\n{log}" for item, log in failed.items())
