"""A notebook run in a real Jupyter kernel (nbclient, ipykernel: the test extra) shows
symgrad's results as Jupyter shows them: text/plain short, text/html with each derivative's
steps folded in <details>, and Korean after ``symgrad.set_language("ko")``.

The kernel is this interpreter (ipykernel's own "python3" spec), with an English locale so
the language comes from ``set_language`` alone. Values: LECTURE.md §2 (p2) — ∇f(1, 1) = (2, 0).
"""

from __future__ import annotations

import os
import re
import sys

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

CELLS = [
    'import symgrad\nwalk = symgrad.walkthrough("ln(x^2 + 2xy - y^2)", at="1,1")\nwalk',
    'repr(walk)',
    'symgrad.set_language("ko")\nwalk',
    'symgrad.check("p2", {"f_x": "1/(x^2+2xy-y^2)", "f_x(1,1)": "2"})',
    'symgrad.set_language("fr")',
]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """Each cell's outputs, the notebook executed top to bottom."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in CELLS]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    environment = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "LC_MESSAGES": ""}
    client = nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3", allow_errors=True,
                                     resources={"metadata": {"path": str(tmp_path_factory.mktemp("notebook"))}})
    client.km = client.create_kernel_manager()
    client.km.kernel_spec.argv[0] = sys.executable  # this interpreter, where symgrad is installed
    client.execute(env=environment)
    return [cell.outputs for cell in notebook.cells]


def result(cell_outputs) -> dict:
    [shown] = [o for o in cell_outputs if o.output_type == "execute_result"]
    return shown["data"]


def test_plain_text_is_short_and_html_folds_the_steps(outputs):
    data = result(outputs[0])
    plain = data["text/plain"]
    assert plain.splitlines()[0] == "f(x, y) = ln(x² + 2xy − y²)"
    assert "∇f(1, 1) = (2, 0)" in plain and "chain rule" not in plain  # results, no steps
    assert len(plain.splitlines()) <= 40 and "Walkthrough(" not in plain
    html = data["text/html"]
    assert html.startswith('<section class="symgrad" lang="en">')
    assert html.count("<details") == 6 and html.count("<summary>Steps for ") == 6
    assert "chain rule" in html  # the steps are there, folded


def test_repr_is_one_line(outputs):
    shown = result(outputs[1])["text/plain"]
    assert re.fullmatch(r"'<Walkthrough: f\(x, y\) = ln\(x² \+ 2xy − y²\)>'", shown)


def test_set_language_switches_every_display_to_korean(outputs):
    data = result(outputs[2])
    assert "그래디언트" in data["text/plain"]
    assert data["text/html"].startswith('<section class="symgrad" lang="ko">') and "의 풀이 단계" in data["text/html"]
    grade = result(outputs[3])
    assert "연쇄법칙" in grade["text/plain"] and "점수: 1/2" in grade["text/plain"]
    assert 'lang="ko"' in grade["text/html"]


def test_an_unknown_language_is_one_clear_error(outputs):
    [error] = [o for o in outputs[4] if o.output_type == "error"]
    assert error.ename == "SymgradError" and error.evalue == "unknown language 'fr' (choose one of en, ko)"
