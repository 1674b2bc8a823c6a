"""The one table of symbols the parser reads and every printer writes: Greek letters by
name and glyph, and the super- and subscript characters.

Nothing here imports from symgrad: :mod:`symgrad.parse` and :mod:`symgrad.render` both
build their lookups from these tables, so a letter the parser reads is one a printer
writes, and the other way round.

>>> GREEK_LETTERS["theta"], GREEK_CAPITALS["Theta"], GLYPH_NAMES["ϑ"]
('θ', 'Θ', 'theta')
>>> "x".join(SUPERSCRIPTS[c] for c in "2-1"), SUBSCRIPTS["1"] + SUBSCRIPTS["k"]
('²x⁻x¹', '₁ₖ')
"""

from __future__ import annotations

GREEK_LETTERS: dict[str, str] = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ",
    "nu": "ν", "xi": "ξ", "omicron": "ο", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ",
    "upsilon": "υ", "phi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
}
"""The lowercase Greek letters by name, in alphabetical (Greek) order."""

GREEK_CAPITALS: dict[str, str] = {name.capitalize(): glyph.upper() for name, glyph in GREEK_LETTERS.items()}
"""The capital letters: ``Theta`` → ``Θ``."""

GREEK_VARIANTS: dict[str, str] = {"ϵ": "epsilon", "ϑ": "theta", "µ": "mu", "ς": "sigma", "ϕ": "phi"}
"""Other glyphs read as a letter: lunate epsilon, script theta, the micro sign, final
sigma, the straight phi."""

GLYPH_NAMES: dict[str, str] = {**{glyph: name for name, glyph in GREEK_LETTERS.items()},
                               **GREEK_VARIANTS,
                               **{glyph: name for name, glyph in GREEK_CAPITALS.items()}}
"""Every Greek glyph by the name it stands for (``π`` → ``pi``, ``Π`` → ``Pi``)."""

LATEX_GREEK: dict[str, str] = {
    **{glyph: "\\" + ("varepsilon" if name == "epsilon" else name)
       for name, glyph in GREEK_LETTERS.items() if name != "omicron"},
    **{GREEK_CAPITALS[name]: "\\" + name for name in
       ("Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega")},
}
"""The LaTeX command of each glyph LaTeX has one for (ε is ``\\varepsilon``, as printed)."""

SUPERSCRIPT_LETTERS: dict[str, str] = dict(zip("abcdefghijklmnoprstuvwxyz", "ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ"))
"""The lowercase letters Unicode has a superscript for (all but q)."""

SUPERSCRIPTS: dict[str, str] = {**dict(zip("0123456789+-()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁽⁾")), **SUPERSCRIPT_LETTERS, "T": "ᵀ"}
"""Plain character → its superscript."""

SUBSCRIPTS: dict[str, str] = dict(zip("0123456789+-ktenij", "₀₁₂₃₄₅₆₇₈₉₊₋ₖₜₑₙᵢⱼ"))
"""Plain character → its subscript."""

RAISED: dict[str, str] = {raised: plain for plain, raised in SUPERSCRIPTS.items()}
"""Superscript → the plain character (``²`` → ``2``)."""

LOWERED: dict[str, str] = {lowered: plain for plain, lowered in SUBSCRIPTS.items()}
"""Subscript → the plain character (``₁`` → ``1``)."""
