"""symgrad: a symbolic calculus tutor (derivatives, gradients, Hessians, gradient descent).

The public API, re-exported here; nothing else imports from :mod:`symgrad.cli`. Every
result object has ``to_dict()``, ``to_text()``, ``to_latex()``, ``to_markdown()`` and
``to_html()``, and displays itself in Jupyter.

The parse → steps → walkthrough names are imported at once (``parse`` and ``walkthrough``
are also the names of their modules, and the functions must win); the rest load on first
use (PEP 562), so a walkthrough does not import NumPy, the optimizers or the grader.

>>> from symgrad import walkthrough
>>> walk = walkthrough("ln(x^2 + 2xy - y^2)", at="x=1,y=1")
>>> [v.exact for v in walk.at.gradient]
[2, 0]
"""

from __future__ import annotations

import importlib

from symgrad.errors import EvaluationError, ParseError, ResourceLimitError, SymgradError
from symgrad.parse import Problem, parse
from symgrad.steps import derivative_steps
from symgrad.walkthrough import Derivative, Walkthrough, derivative, walkthrough

__version__ = "0.1.0"

_EXPORTS = {
    # compile -> optimize -> trace
    "symgrad.descent": ("descend", "sweep"),
    "symgrad.optim.sweep": ("Sweep", "SweepRun"),
    "symgrad.trace": ("Iterate", "StopReason", "Trace"),
    # exercises -> grade, solutions and worksheets
    "symgrad.exercises": ("Exercise", "load_exercises"),
    "symgrad.grading.grade": ("Grade", "ItemResult", "check"),
    "symgrad.solution": ("Solution", "solve"),
    "symgrad.variants": ("make_variants",),
    "symgrad.worksheet": ("AnswerKey", "Worksheet", "answer_key", "build_worksheet"),
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = [
    "EvaluationError", "ParseError", "ResourceLimitError", "SymgradError",
    "Problem", "parse", "derivative_steps", "Derivative", "Walkthrough", "derivative", "walkthrough",
    *_MODULE_OF,
]


def __getattr__(name: str):
    """Import an exported name's module on first use (``symgrad.walkthrough``, ``symgrad.check``, ...)."""
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'symgrad' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
