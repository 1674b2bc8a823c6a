"""Golden files: walk on the lecture's p1, p2, s1 and camelback, and the camelback descent
(``descend … --start -0.5,0.5 --lr 0.01 --iters 2``), in every format and language.

They are snapshots, so a change in any renderer shows up as a diff to review; the
facts behind them are asserted independently in tests/test_render_formats.py.
Regenerate after an intended change with

    SYMGRAD_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py

and review ``git diff tests/golden``.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import pytest

from symgrad import walkthrough
from symgrad.render import render
from click.testing import CliRunner

from symgrad.cli import main
from tests.lecture_items import CAMELBACK, GOLDEN_WALKS

GOLDEN = Path(__file__).resolve().parent / "golden"
EXTENSIONS = {"text": "txt", "json": "json", "latex": "tex", "markdown": "md", "html": "html"}
UPDATE = bool(os.environ.get("SYMGRAD_UPDATE_GOLDEN"))


@lru_cache(maxsize=None)
def walk(item: str):
    text, at = GOLDEN_WALKS[item]
    return walkthrough(text, at=at)


def cases():
    for item in sorted(GOLDEN_WALKS):
        for fmt, extension in EXTENSIONS.items():
            for lang in (["any"] if fmt == "json" else ["en", "ko"]):
                yield item, fmt, lang, GOLDEN / f"{item}.{lang}.{extension}"


@pytest.mark.parametrize("item, fmt, lang, path", list(cases()), ids=lambda v: v.name if isinstance(v, Path) else None)
def test_output_matches_its_golden_file(item, fmt, lang, path):
    options = {"standalone": True} if fmt in ("latex", "markdown", "html") else {}
    actual = render(walk(item), fmt, "en" if lang == "any" else lang, **options)
    compare_with_golden(actual, path)


def compare_with_golden(actual: str, path: Path) -> None:
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"missing {path.name}: run SYMGRAD_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py"
    assert actual == path.read_text(encoding="utf-8"), f"{path.name} differs (regenerate if intended)"


#: the lecture's camelback descent (LECTURE.md §4) as the command line prints it
CAMELBACK_DESCENT = ["descend", CAMELBACK, "--start", "-0.5,0.5", "--lr", "0.01", "--iters", "2"]


def descent_cases():
    for fmt, extension in {**EXTENSIONS, "csv": "csv"}.items():
        for lang in (["any"] if fmt in ("json", "csv") else ["en", "ko"]):
            yield fmt, lang, GOLDEN / f"camelback-descent.{lang}.{extension}"


@pytest.mark.parametrize("fmt, lang, path", list(descent_cases()), ids=lambda v: v.name if isinstance(v, Path) else None)
def test_descent_matches_its_golden_file(fmt, lang, path):
    standalone = ["--standalone"] if fmt in ("latex", "markdown", "html") else []
    result = CliRunner().invoke(main, CAMELBACK_DESCENT + ["--format", fmt, "--lang", "en" if lang == "any" else lang]
                                + standalone)
    assert result.exit_code == 0, result.output
    compare_with_golden(result.stdout, path)


#: `exercises solve` on the lecture's p1, p2, s1 and camelback, and one `check`: p2's f_x without
#: the chain rule's inner factor (a mistake the feedback names) beside a correct value
EXERCISE_COMMANDS = {
    **{f"solve-{item}": ["exercises", "solve", item] for item in ("p1", "p2", "s1", "camelback")},
    "check-p2": ["check", "p2", "--answer", "f_x=1/(x^2+2xy-y^2)", "--answer", "f_x(1,1)=2"],
}


def exercise_cases():
    for name in sorted(EXERCISE_COMMANDS):
        for fmt, extension in EXTENSIONS.items():
            for lang in (["any"] if fmt == "json" else ["en", "ko"]):
                yield name, fmt, lang, GOLDEN / f"{name}.{lang}.{extension}"


@pytest.mark.parametrize("name, fmt, lang, path", list(exercise_cases()),
                         ids=lambda v: v.name if isinstance(v, Path) else None)
def test_exercise_output_matches_its_golden_file(name, fmt, lang, path):
    standalone = ["--standalone"] if fmt in ("latex", "markdown", "html") else []
    result = CliRunner().invoke(main, EXERCISE_COMMANDS[name] + ["--format", fmt, "--lang", "en" if lang == "any" else lang]
                                + standalone)
    assert result.exit_code == 0, result.output
    compare_with_golden(result.stdout, path)
