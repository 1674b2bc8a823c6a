"""The one exception family symgrad raises for anything a user can get wrong."""

from __future__ import annotations

from symgrad.columns import display_width

CARET_CONTEXT = 20
"""How many characters of the input :meth:`SymgradError.caret` shows on each side of the caret."""


class SymgradError(Exception):
    """Base class: a problem with the user's input or request, shown as one clear line.

    ``text`` and ``position`` (0-based index into ``text``) are optional; when both
    are set, :meth:`caret` draws the input with a caret under the offending place.

    ``key`` and ``fields`` (optional) name the message as a phrase of
    :mod:`symgrad.phrases`, so it can be shown in another language
    (:meth:`message_in`, :meth:`text_in`); ``message`` and ``str(error)`` stay English.
    :meth:`from_phrase` builds an error whose English message comes from the catalogue.
    """

    def __init__(self, message: str, *, text: str | None = None, position: int | None = None,
                 key: str | None = None, fields: tuple[tuple[str, object], ...] = ()):
        super().__init__(message)
        self.message = message
        self.text = text
        self.position = position
        self.key = key
        self.fields = tuple(fields)

    @classmethod
    def from_phrase(cls, key: str, *, text: str | None = None, position: int | None = None,
                    **fields: object):
        """The error whose message is the phrase ``key`` with ``fields`` (English as ``message``).

        >>> error = SymgradError.from_phrase("parse.unknown_function", name="foo", text="foo(x)", position=0)
        >>> str(error)
        "unknown function 'foo' (at position 1)"
        >>> error.message_in("ko")
        "알 수 없는 함수 'foo'"
        """
        from symgrad.messages import Message
        from symgrad.phrases import note_phrase

        return cls(note_phrase(Message.of(key, **fields), "en"), text=text, position=position, key=key,
                   fields=tuple(fields.items()))

    def message_in(self, lang: str) -> str:
        """The message in ``lang`` (its phrase when it has a key, else the English ``message``).

        A field that is itself a :class:`~symgrad.messages.Message` is translated too.
        """
        if self.key is None:
            return self.message
        from symgrad.messages import Message
        from symgrad.phrases import note_phrase

        return note_phrase(Message(self.key, self.fields), lang)

    def as_message(self):
        """The error as a :class:`~symgrad.messages.Message`, to show later in any language:
        its phrase when it has one, else its English text as it is (``error.plain``)."""
        from symgrad.messages import Message

        if self.key is None:
            return Message.of("error.plain", message=str(self))
        return Message(self.key, self.fields)

    def text_in(self, lang: str) -> str:
        """``str(error)`` in ``lang``: the message and, where known, the position (1-based)."""
        if lang == "en" or (self.key is None and self.position is None):
            return str(self)
        from symgrad.phrases import phrase

        if self.position is None:
            return self.message_in(lang)
        return phrase("error.at_position", lang, message=self.message_in(lang), position=self.position + 1)

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
        return f"  {shown}\n  {' ' * (len(left) + display_width(text[start:position]))}^"


class ParseError(SymgradError):
    """The text could not be read as an expression, point, vector or option value."""


class EvaluationError(SymgradError):
    """A value could not be computed: a domain error, division by zero, or a divergent run."""


class ResourceLimitError(SymgradError):
    """The work on an input exceeded a size or time bound."""
