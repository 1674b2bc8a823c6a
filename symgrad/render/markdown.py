"""Markdown rendering with ``$…$`` and ``$$…$$`` math (renders in Jupyter and on GitHub).

The math is the LaTeX of :mod:`symgrad.render.latex`; a derivation is a nested bullet
list (one bullet per step line), so it reads on GitHub, whose math renderer does not
put text with math inside an aligned environment.
"""

from __future__ import annotations

import re
from typing import Sequence

from symgrad.render.document import Display, DocumentPrinter, Heading, Paragraph, Steps, Table
from symgrad.render.latex import LatexNotation

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]<>|$])")


def markdown_text(plain: str) -> str:
    """Plain text with Markdown's special characters escaped."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", plain)


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A pipe table; cells are Markdown already (math in ``$…$``)."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" ---: " for _ in headers) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


class MarkdownPrinter(LatexNotation, DocumentPrinter):
    """Renders results as Markdown: headings, ``$$`` equations, nested lists of steps."""

    format_name = "markdown"

    def text(self, plain: str) -> str:
        return markdown_text(plain)

    def code(self, plain: str) -> str:
        """A code span (two backticks when the text holds one)."""
        fence = "``" if "`" in plain else "`"
        padding = " " if fence == "``" else ""
        return fence + padding + plain.replace("|", "\\|") + padding + fence

    def inline(self, math: str) -> str:
        # GitHub needs no space just inside the dollars; $…$ holds no newline.
        return "$" + math.strip() + "$"

    def assemble(self, blocks: list) -> str:
        return "\n\n".join(self.block(b) for b in blocks) + "\n"

    def block(self, block) -> str:
        if isinstance(block, Heading):
            return "#" * (block.level + (0 if self.standalone else 1)) + " " + block.text
        if isinstance(block, Paragraph):
            return block.text
        if isinstance(block, Display):
            return "$$\n" + block.math + "\n$$"
        if isinstance(block, Steps):
            return "\n".join("  " * row.depth + "- " + (self.inline(row.content) if row.is_math else row.content)
                             for row in block.rows)
        if isinstance(block, Table):
            return markdown_table(block.headers, block.rows)
        raise TypeError(f"unknown block {block!r}")


def render_markdown(result, lang: str = "en", standalone: bool = False, steps: bool = True,
                    **options) -> str:
    """Markdown for a walkthrough or derivative (``standalone``: the title is a level-1 heading)."""
    return MarkdownPrinter(lang=lang, standalone=standalone, steps=steps, **options).doprint(result)


__all__ = ["MarkdownPrinter", "markdown_table", "markdown_text", "render_markdown"]
