"""Terminal columns: how wide text is on screen, padding by that width, and wrapping.

A terminal gives a wide or full-width character (한, ｘ) two columns and a combining mark
none, so ``len()`` misaligns Korean tables and cuts lines at the wrong place.  Every text
layout of symgrad measures with :func:`display_width` (the Unicode East Asian Width
property, from :mod:`unicodedata`: no dependency), pads with :func:`pad` and wraps with
:func:`wrap_line`, which breaks only at spaces, never inside a word, so a Korean
sentence is broken between its words (어절) as an English one is.

>>> display_width("항목"), pad("항목", 6) + "|", pad("x", 3, right=True)
(4, '항목  |', '  x')
>>> wrap_line("gradient descent takes a step against the gradient", 20)
['gradient descent', '  takes a step', '  against the', '  gradient']
"""

from __future__ import annotations

import re
import unicodedata

OPERATORS = frozenset({"=", "+", "−", "-", "·", "×", "≈", "≤", "≥", "<", ">", "→", "⇒", "±"})
"""Tokens a formula is best broken before: the continuation line starts with the operator."""

_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
"""A terminal colour code (what :func:`click.style` writes): it takes no column."""


def display_width(text: str) -> int:
    """The columns ``text`` takes in a terminal: wide and full-width characters (ｘ, 한) take
    two, combining marks none, a colour code none, so that a caret stands under the
    character it means.

    >>> display_width("x+y"), display_width("ｘ＋ｙ"), display_width("e\u0301"), display_width("\x1b[32mok\x1b[0m")
    (3, 6, 1, 2)
    """
    if "\x1b" in text:
        text = _ESCAPE.sub("", text)
    return sum(0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1
               for char in text)


def pad(text: str, width: int, right: bool = False) -> str:
    """``text`` padded with spaces to ``width`` columns (on the left when ``right``)."""
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


def wrap_line(line: str, width: int | None, *, hang: int = 2, math: bool = False) -> list[str]:
    """``line`` as lines of at most ``width`` columns, broken only at spaces.

    Continuation lines keep the line's own indentation plus ``hang`` spaces.  For a
    formula (``math``) the break goes before an operator (=, +, −, ·) where there is one,
    outside as many parentheses as possible and before ``=`` rather than another, so
    ``∂/∂x(…) = a + b`` continues as ``    = a + b``.
    A word wider than the line stays whole (the line runs over rather than split it).
    ``width`` None (or a line that fits) gives the line as it is.
    """
    if width is None or display_width(line) <= width:
        return [line]
    body = line.lstrip(" ")
    indent = " " * (len(line) - len(body))
    lines, first = [], True
    while True:
        lead = indent if first else indent + " " * hang
        if display_width(lead + body) <= width:
            lines.append(lead + body)
            return lines
        cut = _break_at(body, width - display_width(lead), math)
        if cut is None:  # no space at all: the rest stays one (over-long) line
            lines.append(lead + body)
            return lines
        lines.append(lead + body[:cut].rstrip(" "))
        body = body[cut:].lstrip(" ")
        first = False


def _break_at(text: str, room: int, math: bool) -> int | None:
    """Where to break ``text`` so its first part takes at most ``room`` columns: the index
    of a space; the first space when even the first word is too wide; None without spaces."""
    spaces = [i for i, char in enumerate(text) if char == " " and i > 0 and text[i - 1] != " "]
    if not spaces:
        return None
    fitting = [i for i in spaces if display_width(text[:i]) <= room]
    if not fitting:
        return spaces[0]
    if math:
        depth, depths = 0, {}
        for i, char in enumerate(text):
            if char in "([{":
                depth += 1
            elif char in ")]}":
                depth -= 1
            elif char == " ":
                depths[i] = depth
        following = {i: text[i + 1:].split(" ", 1)[0] for i in fitting}
        before_operator = [i for i in fitting if following[i] in OPERATORS and display_width(text[:i]) >= room // 3]
        if before_operator:  # outermost first, an equals sign before other operators, then the latest
            return min(before_operator, key=lambda i: (depths[i], following[i] != "=", -i))
    return fitting[-1]
