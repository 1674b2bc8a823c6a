"""Renderers: one module per format, one phrase catalogue per language.

:func:`render` is the one entry point: ``render(result, fmt, lang="en", **options)``
for ``fmt`` in :data:`FORMATS`.  Options: ``steps`` (every format but json),
``standalone`` (latex, markdown, html: a complete document).
"""

from __future__ import annotations

FORMATS = ("text", "json", "latex", "markdown", "html")


def render(result, fmt: str = "text", lang: str = "en", **options) -> str:
    """``result`` (a Walkthrough, Derivative, ...) rendered as ``fmt`` in ``lang``.

    >>> from symgrad import walkthrough
    >>> walk = walkthrough("x y^2 + x^2 y", at="x=1,y=2", critical_points=False)
    >>> print(render(walk, "markdown", steps=False).splitlines()[0])
    ## Walkthrough of $x^{2} y + x y^{2}$
    >>> import json
    >>> json.loads(render(walk, "json"))["at"]["gradient"][0]["exact"]
    '8'
    """
    if fmt == "text":
        from symgrad.render.text import render_text

        options.pop("standalone", None)
        return render_text(result, lang=lang, **options)
    if fmt == "json":
        from symgrad.render.json import render_json

        return render_json(result)  # a machine contract: its messages in English, whatever lang
    if fmt == "latex":
        from symgrad.render.latex import render_latex

        return render_latex(result, lang=lang, **options)
    if fmt == "markdown":
        from symgrad.render.markdown import render_markdown

        return render_markdown(result, lang=lang, **options)
    if fmt == "html":
        from symgrad.render.html import render_html

        return render_html(result, lang=lang, **options)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def math_summary(result, lang: str = "en") -> str:
    """The displayed equations of ``result`` only, as one ``$$ … $$`` LaTeX block."""
    from symgrad.render.latex import latex_math_summary

    return latex_math_summary(result, lang)


__all__ = ["FORMATS", "math_summary", "render"]
