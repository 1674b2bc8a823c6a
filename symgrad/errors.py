"""The one exception family symgrad raises for anything a user can get wrong."""

from __future__ import annotations


CARET_CONTEXT = 20
"""How many characters of the input :meth:`SymgradError.caret` shows on each side of the caret."""


class SymgradError(Exception):
    """Base class: a problem with the user's input or request, shown as one clear line.

    ``text`` and ``position`` (0-based index into ``text``) are optional; when both
    are set, :meth:`caret` draws the input with a caret under the offending place.
    """

    def __init__(self, message: str, *, text: str | None = None, position: int | None = None):
        super().__init__(message)
        self.message = message
        self.text = text
        self.position = position

    def __str__(self) -> str:
        if self.position is not None:
            return f"{self.message} (at position {self.position + 1})"
        return self.message

    def caret(self) -> str | None:
        """Two lines, the input and a caret under ``position``; None without both.

        Only a window of the input around the position is shown (… marks what is cut),
        so a long input still gives two short lines.
        """
        if self.text is None or self.position is None:
            return None
        text = self.text.replace("\n", " ").replace("\t", " ")
        position = min(self.position, len(text))
        start = max(0, position - CARET_CONTEXT)
        end = min(len(text), position + CARET_CONTEXT)
        left = "…" if start > 0 else ""
        right = "…" if end < len(text) else ""
        shown = left + text[start:end] + right
        return f"  {shown}\n  {' ' * (len(left) + position - start)}^"


class ParseError(SymgradError):
    """The text could not be read as an expression, point, vector or option value."""


class EvaluationError(SymgradError):
    """A value could not be computed: a domain error, division by zero, or a divergent run."""


class ResourceLimitError(SymgradError):
    """The work on an input exceeded a size or time bound."""
