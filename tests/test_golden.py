"""Golden files: walk on the lecture's p1, p2, s1 and camelback in every format and language.

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
from tests.lecture_items import GOLDEN_WALKS

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
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"missing {path.name}: run SYMGRAD_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py"
    assert actual == path.read_text(encoding="utf-8"), f"{path.name} differs (regenerate if intended)"
