"""A message for the user as data: a phrase key and its fields, translated only when shown.

Notes of a walkthrough, a sweep's reasons, grading remarks and errors all say what they
mean this way; :func:`symgrad.phrases.note_phrase` turns one into a sentence in
a language.  A field may itself be a :class:`Message` (a reason inside a sentence).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    """The phrase ``key`` of :mod:`symgrad.phrases` with its ``fields`` (name, value) pairs."""

    key: str
    fields: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, key: str, **fields: object) -> "Message":
        """``Message.of("walk.note.truncated", count=50)``: the fields as keywords."""
        return cls(key, tuple(fields.items()))

    def to_dict(self) -> dict:
        """The key and the fields, a field that is a message as its own dict (JSON-ready)."""
        return {"key": self.key, **{name: value.to_dict() if isinstance(value, Message) else value
                                    for name, value in self.fields}}
