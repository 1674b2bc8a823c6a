"""Time symgrad's descent against hand-written loops, measured in one run; print ratios.

1. 10,000 Adam iterations on the six-hump camelback: symgrad (parse-free sympy
   expression -> compile -> run loop, scalar backend) against a pure-Python loop with
   a hand-coded gradient. Aim: ratio <= 1.5.
2. Adam on the 100-variable Rosenbrock function: symgrad (numpy backend) against a
   hand-written numpy loop with a hand-coded vectorised gradient. Aim: ratio <= 1.5.

Both references do the same job as symgrad's run loop: they keep every iterate with its
gradient and value (what a student's loop printing the iterates keeps) and stop on the
iteration count. Compilation is timed separately and not part of the ratio. Each timing
is the best of several repeats. Run: python benchmarks/bench_descent.py
"""

from __future__ import annotations

import math
import time

import numpy as np
import sympy

from symgrad.compile import compile_expression
from symgrad.optim import StopRules, descend

B1, B2, EPS = 0.9, 0.999, 1e-8


def best_of(repeats, ours, reference):
    """The best time of each of two functions, run alternately ``repeats`` times.

    Alternating and taking the minimum keeps a busy machine from favouring either side.
    """
    best = [math.inf, math.inf]
    for _ in range(repeats):
        for side, function in enumerate((ours, reference)):
            started = time.perf_counter()
            function()
            best[side] = min(best[side], time.perf_counter() - started)
    return best


# ---------------------------------------------------------------- camelback, pure Python


def camelback_expression():
    t1, t2 = sympy.symbols("theta1 theta2", real=True)
    f = (4 - sympy.Rational(21, 10) * t1**2 + t1**4 / 3) * t1**2 + t1 * t2 + (-4 + 4 * t2**2) * t2**2
    return f, (t1, t2)


def camelback_value(t1, t2):
    return (4 - 2.1 * t1**2 + t1**4 / 3) * t1**2 + t1 * t2 + (-4 + 4 * t2**2) * t2**2


def camelback_gradient(t1, t2):
    return (2 * t1**5 - 8.4 * t1**3 + 8 * t1 + t2, 16 * t2**3 - 8 * t2 + t1)


def hand_adam_python(start, lr, iterations):
    """Adam written out by hand over two floats, keeping (k, θ, ∇f, f) for every k."""
    t1, t2 = start
    m1 = m2 = v1 = v2 = 0.0
    g1, g2 = camelback_gradient(t1, t2)
    rows = [(0, (t1, t2), (g1, g2), camelback_value(t1, t2))]
    for k in range(1, iterations + 1):
        m1 = B1 * m1 + (1 - B1) * g1
        m2 = B1 * m2 + (1 - B1) * g2
        v1 = B2 * v1 + (1 - B2) * g1 * g1
        v2 = B2 * v2 + (1 - B2) * g2 * g2
        c1 = 1 - B1**k
        c2 = math.sqrt(1 - B2**k)
        t1 -= lr * (m1 / c1) / (math.sqrt(v1) / c2 + EPS)
        t2 -= lr * (m2 / c1) / (math.sqrt(v2) / c2 + EPS)
        g1, g2 = camelback_gradient(t1, t2)
        rows.append((k, (t1, t2), (g1, g2), camelback_value(t1, t2)))
    return rows


# ---------------------------------------------------------------- Rosenbrock, numpy


def rosenbrock_expression(count):
    xs = sympy.symbols(f"x0:{count}", real=True)
    return sum(100 * (xs[i + 1] - xs[i] ** 2) ** 2 + (1 - xs[i]) ** 2 for i in range(count - 1)), xs


def rosenbrock_value(x):
    return float(np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2))


def rosenbrock_gradient(x):
    inner = x[1:] - x[:-1] ** 2
    g = np.zeros_like(x)
    g[:-1] = -400.0 * x[:-1] * inner - 2.0 * (1.0 - x[:-1])
    g[1:] += 200.0 * inner
    return g


def hand_adam_numpy(start, lr, iterations):
    """Adam written out by hand with numpy arrays, keeping (k, θ, ∇f, f) for every k."""
    x = np.array(start, dtype=np.float64)
    m = np.zeros_like(x)
    v = np.zeros_like(x)
    g = rosenbrock_gradient(x)
    rows = [(0, x, g, rosenbrock_value(x))]
    for k in range(1, iterations + 1):
        m = B1 * m + (1 - B1) * g
        v = B2 * v + (1 - B2) * g * g
        x = x - lr * (m / (1 - B1**k)) / (np.sqrt(v) / math.sqrt(1 - B2**k) + EPS)
        g = rosenbrock_gradient(x)
        rows.append((k, x, g, rosenbrock_value(x)))
    return [(k, tuple(t.tolist()), tuple(d.tolist()), f) for k, t, d, f in rows]


def main() -> None:
    rules = StopRules(iters=10_000, tol=0.0)

    expr, variables = camelback_expression()
    started = time.perf_counter()
    compiled = compile_expression(expr, variables)
    compile_time = time.perf_counter() - started
    start = (-0.5, 0.5)
    ours, reference = best_of(15, lambda: descend(compiled, start, "adam", rules, lr=0.01),
                              lambda: hand_adam_python(start, 0.01, 10_000))
    trace = descend(compiled, start, "adam", rules, lr=0.01)
    hand = hand_adam_python(start, 0.01, 10_000)
    agree = max(abs(a - b) for a, b in zip(trace.final.theta, hand[-1][1]))
    print(f"camelback, Adam, 10,000 iterations ({compiled.backend} backend; compile {compile_time * 1e3:.0f} ms)")
    print(f"  symgrad run loop          {ours * 1e3:8.1f} ms")
    print(f"  hand-written pure Python  {reference * 1e3:8.1f} ms")
    print(f"  ratio                     {ours / reference:8.2f}   (aim <= 1.5; final θ agree to {agree:.1e})")

    count, iterations = 100, 2_000
    expr, variables = rosenbrock_expression(count)
    started = time.perf_counter()
    compiled = compile_expression(expr, variables)
    compile_time = time.perf_counter() - started
    start = tuple(-1.2 + 2.4 * i / (count - 1) for i in range(count))
    rules = StopRules(iters=iterations, tol=0.0)
    ours, reference = best_of(7, lambda: descend(compiled, start, "adam", rules, lr=1e-3),
                              lambda: hand_adam_numpy(start, 1e-3, iterations))
    trace = descend(compiled, start, "adam", rules, lr=1e-3)
    hand = hand_adam_numpy(start, 1e-3, iterations)
    # Adam's near-sign steps on coordinates whose gradient is ~0 amplify rounding late in the
    # run, so agreement is reported at the halfway iterate
    half = iterations // 2
    agree = max(abs(a - b) for a, b in zip(trace.iterations[half].theta, hand[half][1]))
    print(f"Rosenbrock, {count} variables, Adam, {iterations:,} iterations "
          f"({compiled.backend} backend; compile {compile_time:.1f} s)")
    print(f"  symgrad run loop          {ours * 1e3:8.1f} ms")
    print(f"  hand-written numpy        {reference * 1e3:8.1f} ms")
    print(f"  ratio                     {ours / reference:8.2f}   (aim <= 1.5; θ at k = {half} agree to {agree:.1e})")


if __name__ == "__main__":
    main()
