"""The blocks a document is made of: headings, paragraphs, displayed formulas, derivations
and tables, each holding markup of its format. :class:`~symgrad.render.document.DocumentPrinter`
turns a result into a list of them; each format's ``assemble`` lays them out."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """One line of a derivation: ``math`` (a formula) or ``text`` (a sentence), at a depth."""

    depth: int
    content: str
    is_math: bool


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    """A sentence or a few; a ``detail`` adds to the paragraph before it (an eigenvalue to
    its critical point), which plain text indents one step further."""

    text: str
    detail: bool = False


@dataclass(frozen=True)
class Display:
    """One displayed formula (math markup)."""

    math: str


@dataclass(frozen=True)
class Steps:
    """A derivation, one :class:`Row` per step line."""

    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Table:
    """A table: header cells and rows of cells, all markup of the format."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
