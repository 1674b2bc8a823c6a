"""Time `symgrad walk` on the lecture's p2 against bare SymPy computing the same derivatives.

Both run as fresh processes (import time included, as a student experiences it), in
alternation, in this one run. Prints the median of each and their ratio (aim: <= 1.5).

    python benchmarks/bench_walk.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import sys

from paired import paired_medians

P2 = "ln(x^2+2xy-y^2)"

SYMGRAD = [sys.executable, "-m", "symgrad", "walk", P2, "--at", "x=1,y=1"]

# The reference: the same first and second partials and their values at (1, 1), nothing else.
BARE_SYMPY = [sys.executable, "-c", (
    "import sympy\n"
    "x, y = sympy.symbols('x y', real=True)\n"
    "f = sympy.log(x**2 + 2*x*y - y**2)\n"
    "g = [sympy.diff(f, v) for v in (x, y)]\n"
    "h = [[sympy.diff(gi, v) for v in (x, y)] for gi in g]\n"
    "at = {x: 1, y: 1}\n"
    "print(f, g, h, f.subs(at), [gi.subs(at) for gi in g], [[e.subs(at) for e in r] for r in h])\n"
)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    repeat = parser.parse_args().repeat
    ours_median, reference_median = paired_medians(SYMGRAD, BARE_SYMPY, repeat)
    print(f"symgrad walk p2 --at x=1,y=1 : {ours_median * 1000:8.1f} ms (median of {repeat})")
    print(f"bare sympy, same derivatives : {reference_median * 1000:8.1f} ms (median of {repeat})")
    print(f"ratio                        : {ours_median / reference_median:8.2f}  (aim <= 1.5)")


if __name__ == "__main__":
    main()
