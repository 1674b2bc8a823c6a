"""Time each `symgrad` command against a bare SymPy script doing the same work; print ratios.

Every command runs as a fresh process (start-up and imports included, as a student
experiences them), paired with its reference in alternation, in this one run; the
medians and their ratio are printed per command (aim: every ratio <= 1.3). The
references run with the same Python: `--help` against `import sympy` (help needs no
SymPy at all), the other commands against a script that imports SymPy (and only what
the work needs), parses the same text with SymPy's parser, does the same SymPy work
and prints the result. Both sides load modules from bytecode, cached in a temporary
folder (see :func:`paired.bytecode_environment`).

    python benchmarks/bench_startup.py [--repeat 11] [--only TEXT]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from paired import bytecode_environment, paired_medians

AIM = 1.3
BANK = Path(__file__).resolve().parent.parent / "symgrad" / "exercises"

# SymPy's own reading of what a student types: implicit products, ^ for powers.
PARSE = (
    "import sympy\n"
    "from sympy.parsing.sympy_parser import (convert_xor, implicit_multiplication_application,\n"
    "                                        parse_expr, standard_transformations)\n"
    "T = standard_transformations + (implicit_multiplication_application, convert_xor)\n"
    "x, y = sympy.symbols('x y', real=True)\n"
    "read = lambda text: parse_expr(text, {'x': x, 'y': y}, transformations=T)\n"
)

WALK = PARSE + (
    "f = read('x^2*y')\n"
    "g = [sympy.simplify(sympy.diff(f, v)) for v in (x, y)]\n"
    "h = [[sympy.simplify(sympy.diff(gi, v)) for v in (x, y)] for gi in g]\n"
    "print(f, g, sympy.Matrix(h), sympy.solve(g, [x, y], dict=True))\n"
)

DIFF = PARSE + "print(sympy.factor(sympy.diff(read('sin(x)*exp(x^2)'), x)))\n"

CHECK = PARSE + (
    "expected = sympy.diff(read('ln(x^2+2xy-y^2)'), x)\n"
    "answer = read('(2x+2y)/(x^2+2xy-y^2)')\n"
    "print(answer, 'correct' if sympy.simplify(expected - answer) == 0 else 'incorrect')\n"
)

CAMELBACK = "(4 - 2.1x^2 + x^4/3)x^2 + xy + (-4+4y^2)y^2"
DESCEND = PARSE + (
    f"f = read({CAMELBACK!r})\n"
    "both = sympy.lambdify([[x, y]], (f, [sympy.diff(f, v) for v in (x, y)]), 'math', cse=True)\n"
    "theta = (-0.5, 0.5)\n"
    "for k in range(3):\n"
    "    value, gradient = both(theta)\n"
    "    print(k, theta, gradient, value)\n"
    "    theta = tuple(t - 0.01 * g for t, g in zip(theta, gradient))\n"
)

LIST = PARSE + (
    "import tomllib, pathlib\n"
    f"for path in sorted(pathlib.Path({str(BANK)!r}).glob('*.toml')):\n"
    "    data = tomllib.loads(path.read_text(encoding='utf-8'))\n"
    "    if 'function' in data:\n"
    "        read(data['function'])\n"
    "        print(data['id'], data['title']['en'], [item['key'] for item in data['items']])\n"
)

SUBMISSIONS = "student,f_x,f_y,\"f_x(1,2)\",\"f_y(1,2)\"\nana,y^2+2xy,2xy+x^2,8,5\nben,y^2+2xy,2xy,8,4\n"
GRADE = PARSE + (
    "import csv\n"
    "f = read('x*y^2 + x^2*y')\n"
    "expected = {'f_x': sympy.diff(f, x), 'f_y': sympy.diff(f, y)}\n"
    "expected.update({f'{k}(1,2)': e.subs({x: 1, y: 2}) for k, e in list(expected.items())})\n"
    "with open('submissions.csv', newline='') as source, open('reference.csv', 'w', newline='') as out:\n"
    "    writer = csv.writer(out)\n"
    "    for row in csv.DictReader(source):\n"
    "        marks = [sympy.simplify(expected[k] - read(row[k])) == 0 for k in expected]\n"
    "        writer.writerow([row['student'], sum(marks)])\n"
    "print('graded')\n"
)

CASES = [
    ("symgrad --help", ["--help"], "import sympy"),
    ("symgrad walk --help", ["walk", "--help"], "import sympy"),
    ("symgrad descend --help", ["descend", "--help"], "import sympy"),
    ("symgrad walk x^2*y --no-steps", ["walk", "x^2*y", "--no-steps"], WALK),
    ("symgrad diff sin(x)exp(x^2) --no-steps", ["diff", "sin(x)*exp(x^2)", "--no-steps"], DIFF),
    ("symgrad check p2 --answer f_x=...", ["check", "p2", "--answer", "f_x=(2x+2y)/(x^2+2xy-y^2)"], CHECK),
    ("symgrad descend camelback --iters 2",
     ["descend", CAMELBACK, "--start", "-0.5,0.5", "--lr", "0.01", "--iters", "2"], DESCEND),
    ("symgrad exercises list", ["exercises", "list"], LIST),
    ("symgrad grade p1 (2 rows)", ["grade", "p1", "submissions.csv", "--out", "results.csv"], GRADE),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--only", default="", help="time only the commands whose label contains this")
    args = parser.parse_args()
    repeat = args.repeat
    worst = 0.0
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "submissions.csv").write_text(SUBMISSIONS, encoding="utf-8")
        env = bytecode_environment(str(Path(folder) / "pycache"))
        print(f"{'command':40} {'symgrad':>9} {'bare SymPy':>11} {'ratio':>6}   (medians of {repeat})")
        for label, arguments, reference in (case for case in CASES if args.only in case[0]):
            ours = [sys.executable, "-m", "symgrad", *arguments]
            ours_median, reference_median = paired_medians(ours, [sys.executable, "-c", reference], repeat,
                                                           cwd=folder, env=env)
            ratio = ours_median / reference_median
            worst = max(worst, ratio)
            print(f"{label:40} {ours_median * 1000:6.0f} ms {reference_median * 1000:8.0f} ms {ratio:6.2f}",
                  flush=True)
    print(f"all ratios <= {AIM}: {'yes' if worst <= AIM else 'no'} (largest {worst:.2f})")


if __name__ == "__main__":
    main()
