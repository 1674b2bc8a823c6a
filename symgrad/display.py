"""Every format and Jupyter's rich display for a result, without a base class.

:func:`displayable` gives a result class ``to_text``/``to_latex``/``to_markdown``/
``to_html``, ``render`` and the ``_repr_*_`` methods Jupyter calls. Each delegates, on
call, to the render layer that :func:`bind_renderer` gave it (``symgrad/__init__.py``
binds :func:`symgrad.render.render`, which sits above every result module): result
modules import no renderer, and a result is plain data (its fields and ``to_dict()``). ``lang=None`` means the locale's
language (:func:`symgrad.phrases.default_language`).

>>> from symgrad import derivative
>>> d = derivative("x e^(3x)", "x")
>>> print(d.to_text(lang="en", steps=False), end="")
df/dx = e^(3x)(3x + 1)
>>> print(d.to_latex(lang="en", steps=False).splitlines()[-2])
\\frac{df}{dx} = \\left(3 x + 1\\right) e^{3 x}
>>> d.to_html(lang="ko").startswith('<section class="symgrad" lang="ko">')
True
"""

from __future__ import annotations

from typing import TypeVar

from symgrad.phrases import default_language

T = TypeVar("T", bound=type)


class _Unbound:
    """The renderer before :func:`bind_renderer`: says how to get one."""

    def render(self, result, fmt, lang, **options):
        raise RuntimeError("no renderer bound: import symgrad (its __init__ binds symgrad.render)")

    math_summary = render


_renderer = _Unbound()


def bind_renderer(renderer) -> None:
    """Show results through ``renderer``: an object with ``render(result, fmt, lang, **options)``
    and ``math_summary(result, lang)`` (the :mod:`symgrad.render` module)."""
    global _renderer
    _renderer = renderer


def render(self, fmt: str = "text", lang: str | None = None, **options) -> str:
    """This result as ``fmt`` (text, json, latex, markdown, html) in ``lang``."""
    return _renderer.render(self, fmt, lang or default_language(), **options)


def to_text(self, lang: str | None = None, steps: bool = True) -> str:
    return self.render("text", lang, steps=steps)


def to_latex(self, lang: str | None = None, standalone: bool = False, steps: bool = True) -> str:
    return self.render("latex", lang, standalone=standalone, steps=steps)


def to_markdown(self, lang: str | None = None, steps: bool = True) -> str:
    return self.render("markdown", lang, steps=steps)


def to_html(self, lang: str | None = None, standalone: bool = False, steps: bool = True) -> str:
    return self.render("html", lang, standalone=standalone, steps=steps)


# -- Jupyter: results only (steps are one call away: to_markdown()) ---------------------
def _repr_markdown_(self) -> str:
    return self.to_markdown(steps=False)


def _repr_html_(self) -> str:
    return self.to_html(steps=False)


def _repr_latex_(self) -> str:
    """The displayed equations only, as one ``$$ … $$`` block MathJax can render."""
    return _renderer.math_summary(self, default_language())


DISPLAY_METHODS = (render, to_text, to_latex, to_markdown, to_html, _repr_markdown_, _repr_html_, _repr_latex_)


def displayable(cls: T) -> T:
    """``cls`` with :data:`DISPLAY_METHODS` (a class decorator; ``cls`` keeps its own bases)."""
    for method in DISPLAY_METHODS:
        setattr(cls, method.__name__, method)
    return cls
