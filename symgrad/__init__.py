"""symgrad: a symbolic calculus tutor (derivatives, gradients, Hessians, gradient descent).

The public API, re-exported here; nothing else imports from :mod:`symgrad.cli`. Every
result object has ``to_dict()``, ``to_text()``, ``to_latex()``, ``to_markdown()`` and
``to_html()``, and displays itself in Jupyter.

Every name loads its module on first use (PEP 562), so ``symgrad --help`` imports no
SymPy and a walkthrough does not import NumPy, the optimizers or the grader. ``parse``
and ``walkthrough`` are also the names of their modules, and the functions win: once
the module is imported, ``symgrad.parse`` is the function, however the import happened.

>>> from symgrad import walkthrough
>>> walk = walkthrough("ln(x^2 + 2xy - y^2)", at="x=1,y=1")
>>> [v.exact for v in walk.at.gradient]
[2, 0]
"""

from __future__ import annotations

import importlib
import sys
import types

from symgrad import display as _display
from symgrad.errors import EvaluationError, ParseError, ResourceLimitError, SymgradError

__version__ = "0.1.0"

_EXPORTS = {
    # parse -> steps -> walkthrough
    "symgrad.parse": ("Problem", "parse"),
    "symgrad.steps": ("derivative_steps",),
    "symgrad.walkthrough": ("Derivative", "Walkthrough", "derivative", "walkthrough"),
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

__all__ = ["EvaluationError", "ParseError", "ResourceLimitError", "SymgradError", *_MODULE_OF]


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


class _Package(types.ModuleType):
    """The ``symgrad`` module, whose exported functions win over submodules of the same name.

    Importing ``symgrad.parse`` (the module) binds it as the package's attribute
    ``parse``; this binds the function ``parse`` of that module instead.
    """

    def __setattr__(self, name: str, value) -> None:
        if isinstance(value, types.ModuleType) and _MODULE_OF.get(name) == value.__name__:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


class _RenderLayer:
    """:mod:`symgrad.render`, imported on first use: results show themselves through it
    (:mod:`symgrad.display`) although every result module sits below it."""

    @staticmethod
    def render(result, fmt, lang, **options):
        from symgrad import render

        return render.render(result, fmt, lang, **options)

    @staticmethod
    def math_summary(result, lang):
        from symgrad import render

        return render.math_summary(result, lang)


_display.bind_renderer(_RenderLayer())
