"""Every format and Jupyter's rich display for a result, without a base class.

:func:`displayable` gives a result class ``to_text``/``to_latex``/``to_markdown``/
``to_html``, ``render``, the ``_repr_*_`` methods Jupyter calls, a one-line ``__repr__``
(the class and the head of its text) and IPython's ``_repr_pretty_`` (the text without
steps). Each delegates, on call, to the render layer that :func:`bind_renderer` gave it
(``symgrad/__init__.py`` binds :func:`symgrad.render.render`, which sits above every
result module): result modules import no renderer, and a result is plain data (its
fields and ``to_dict()``).
``lang=None`` means the library's language: the one :func:`symgrad.set_language` chose,
else the locale's (:func:`get_language`). In Jupyter, ``_repr_html_``
shows the results with each derivative's steps folded (``<details>``).

>>> from symgrad import derivative
>>> d = derivative("x e^(3x)", "x")
>>> print(d.to_text(lang="en", steps=False), end="")
df/dx = e^(3x)(3x + 1)
>>> print(d.to_latex(lang="en", steps=False).splitlines()[-2])
\\frac{df}{dx} = \\left(3 x + 1\\right) e^{3 x}
>>> d.to_html(lang="ko").startswith('<section class="symgrad" lang="ko">')
True
>>> d
<Derivative: df/dx = e^(3x)(3x + 1)>
"""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T", bound=type)


# -- the library's language ---------------------------------------------------------
_CHOSEN_LANGUAGE: str | None = None


def set_language(lang: str | None) -> None:
    """Show every result in ``lang`` ("en" or "ko") wherever no language is given: Jupyter's
    display, ``repr`` and ``to_text()``/``to_html()``/... called without ``lang``.
    ``None`` goes back to the locale's language (:func:`default_language`).

    >>> set_language("ko"); get_language()
    'ko'
    >>> set_language(None)
    >>> set_language("fr")
    Traceback (most recent call last):
    ...
    symgrad.errors.SymgradError: unknown language 'fr' (choose one of en, ko)
    """
    from symgrad.errors import SymgradError
    from symgrad.phrases import LANGUAGES

    global _CHOSEN_LANGUAGE
    if lang is not None and lang not in LANGUAGES:
        raise SymgradError.from_phrase("language.unknown", name=lang, languages=", ".join(LANGUAGES))
    _CHOSEN_LANGUAGE = lang


def get_language() -> str:
    """The language results show themselves in when none is given: the one
    :func:`set_language` chose, else the locale's (:func:`default_language`).
    The catalogue is imported here, not with the module: ``import symgrad`` imports this
    module, and ``symgrad --help`` should not pay for the phrases."""
    from symgrad.phrases import default_language

    return _CHOSEN_LANGUAGE or default_language()


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
    return _renderer.render(self, fmt, lang or get_language(), **options)


def to_text(self, lang: str | None = None, steps: bool = True) -> str:
    return self.render("text", lang, steps=steps)


def to_latex(self, lang: str | None = None, standalone: bool = False, steps: bool = True) -> str:
    return self.render("latex", lang, standalone=standalone, steps=steps)


def to_markdown(self, lang: str | None = None, steps: bool = True) -> str:
    return self.render("markdown", lang, steps=steps)


def to_html(self, lang: str | None = None, standalone: bool = False, steps: bool = True) -> str:
    return self.render("html", lang, standalone=standalone, steps=steps)


# -- Jupyter and the REPL: results shown, steps folded or one call away -----------------
HEAD_WIDTH = 100
"""The most characters of the text's first line that ``repr`` shows."""


def __repr__(self) -> str:
    """``<Walkthrough: f(x, y) = ln(x² + 2xy − y²)>``: the class and the first line of its text."""
    name = type(self).__name__
    try:
        lines = [line.strip() for line in self.to_text(steps=False).splitlines() if line.strip()]
    except Exception:  # a repr never fails: a debugger or a traceback calls it on anything
        return f"<{name}>"
    head = lines[0] if lines else ""
    if len(head) > HEAD_WIDTH:
        head = head[:HEAD_WIDTH - 1] + "…"
    return f"<{name}: {head}>" if head else f"<{name}>"


def _repr_pretty_(self, printer, cycle: bool) -> None:
    """IPython's plain-text display: the text rendering without steps."""
    printer.text(repr(self) if cycle else self.to_text(steps=False).rstrip("\n"))


def _repr_markdown_(self) -> str:
    return self.to_markdown(steps=False)


def _repr_html_(self) -> str:
    """The results, with each derivative's steps folded in a ``<details>`` element."""
    return self.to_html()


def _repr_latex_(self) -> str:
    """The displayed equations only, as one ``$$ … $$`` block MathJax can render."""
    return _renderer.math_summary(self, get_language())


DISPLAY_METHODS = (render, to_text, to_latex, to_markdown, to_html, __repr__, _repr_pretty_, _repr_markdown_,
                   _repr_html_, _repr_latex_)


def displayable(cls: T) -> T:
    """``cls`` with :data:`DISPLAY_METHODS` (a class decorator; ``cls`` keeps its own bases)."""
    for method in DISPLAY_METHODS:
        setattr(cls, method.__name__, method)
    return cls
