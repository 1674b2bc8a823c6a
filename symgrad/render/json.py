"""JSON rendering: every result object's ``to_dict()``, printed as UTF-8 JSON."""

from __future__ import annotations

import json
import math

from symgrad.phrases import translated


def render_json(result, lang: str = "en") -> str:
    """``result.to_dict()`` as indented JSON, its messages (feedback, notes) in ``lang``;
    non-finite floats become null (JSON has no nan)."""
    return json.dumps(_finite(translated(result.to_dict(), lang)), ensure_ascii=False, indent=2)


def _finite(data):
    if isinstance(data, float) and not math.isfinite(data):
        return None
    if isinstance(data, dict):
        return {key: _finite(value) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [_finite(value) for value in data]
    return data
