"""The lecture's walkthrough items (../shared/LECTURE.md §1–3, s6 = §4's camelback), typed as a student would."""

from __future__ import annotations

CAMELBACK = "(4 - 2.1θ1^2 + θ1^4/3)θ1^2 + θ1θ2 + (-4 + 4θ2^2)θ2^2"

# id -> (expression, point or None)
LECTURE_WALKS = {
    "d1": ("ln(x)", None),
    "d2": ("ln(x^3)", None),
    "d3": ("e^(4x)", None),
    "d4": ("x e^(3x)", None),
    "d5": ("e^x/(1 + e^x)", None),
    "d6": ("sin(t^2)", None),
    "d7": ("e^(-2x)", None),
    "p1": ("x y^2 + x^2 y", "1,2"),
    "p2": ("ln(x^2 + 2xy - y^2)", "1,1"),
    "p3": ("xy + yz + xz", None),
    "p4": ("x1 x2 + x2 x3 + x3 x1", None),
    "p5": ("(x - 6y)(2x + 3y^2)", None),
    "p6": ("(2t2 + 4t1)/(t2^2 - 3t1)", None),
    "p7": ("(3x^2 + z^2)(z - y)", None),
    "s1": ("x^3 + 2x y^3", None),
    "s2": ("2x1^3 x2 + 5x3^4 x2", None),
    "s3": ("x - sqrt(y^2 + z^2)", None),
    "s4": ("x ln(y)", None),
    "s5": ("ln(x^2 + 2xy - y^2)", "1,1"),
    "s6": (CAMELBACK, "-0.5,0.5"),
}

#: the items with golden files in every format and language
GOLDEN_WALKS = {"p1": LECTURE_WALKS["p1"], "p2": LECTURE_WALKS["p2"], "s1": LECTURE_WALKS["s1"],
                "camelback": LECTURE_WALKS["s6"]}
