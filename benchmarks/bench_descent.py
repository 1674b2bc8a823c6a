"""Time symgrad's descent against hand-written loops, measured in one run; print ratios.

1. 10,000 Adam iterations on the six-hump camelback: symgrad (parse-free sympy
   expression -> compile -> run loop, scalar backend) against a pure-Python loop with
   a hand-coded gradient. Aim: ratio <= 1.5.
2. Compiling the n-variable Rosenbrock function (f and its exact gradient, numpy
   backend) for n = 10, 100, 1000. Aim: under 1 s at n = 1000.
3. Adam on the n-variable Rosenbrock function for n = 10, 100, 1000: symgrad (numpy
   backend) against a hand-written numpy loop with a hand-coded vectorised gradient.
   Aim: ratio <= 1.3 for every n.
4. Peak memory (tracemalloc) of Adam on the 1000-variable Rosenbrock function with
   ``every=100`` for growing iteration counts, next to what the trace itself holds:
   the working memory of the run (peak minus the trace) stays flat, and the trace
   grows by one recorded row per 100 iterations only (every=1 keeps a row per
   iteration, shown once for comparison).

The references do the same job as symgrad's run loop: they keep every iterate with its
gradient and value as Python floats (what a student's loop printing the iterates keeps)
and stop on the iteration count. Compilation is timed separately and not part of the
ratios. Each timing is the best of several repeats, the two sides run alternately.
Run: python benchmarks/bench_descent.py
"""

from __future__ import annotations

import gc
import math
import time
import tracemalloc

import numpy as np
import sympy

from symgrad.compile import compile_expression
from symgrad.optim import StopRules, descend_compiled

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


def camelback() -> None:
    rules = StopRules(iters=10_000, tol=0.0)
    expr, variables = camelback_expression()
    started = time.perf_counter()
    compiled = compile_expression(expr, variables)
    compile_time = time.perf_counter() - started
    start = (-0.5, 0.5)
    ours, reference = best_of(15, lambda: descend_compiled(compiled, start, "adam", rules, lr=0.01),
                              lambda: hand_adam_python(start, 0.01, 10_000))
    trace = descend_compiled(compiled, start, "adam", rules, lr=0.01)
    hand = hand_adam_python(start, 0.01, 10_000)
    agree = max(abs(a - b) for a, b in zip(trace.final.theta, hand[-1][1]))
    print(f"camelback, Adam, 10,000 iterations ({compiled.backend} backend; compile {compile_time * 1e3:.0f} ms)")
    print(f"  symgrad run loop          {ours * 1e3:8.1f} ms")
    print(f"  hand-written pure Python  {reference * 1e3:8.1f} ms")
    print(f"  ratio                     {ours / reference:8.2f}   (aim <= 1.5; final θ agree to {agree:.1e})")


def rosenbrock_start(count):
    return tuple(-1.2 + 2.4 * i / (count - 1) for i in range(count))


def rosenbrock_compile(counts) -> dict:
    """Compile Rosenbrock for each count; print the times; return the compiled functions."""
    print("Rosenbrock, compile f and its exact gradient (numpy backend)")
    compiled = {}
    for count in counts:
        expr, variables = rosenbrock_expression(count)
        started = time.perf_counter()
        compiled[count] = compile_expression(expr, variables)
        seconds = time.perf_counter() - started
        aim = "   (aim < 1 s)" if count == max(counts) else ""
        print(f"  n = {count:<5}  {seconds:8.3f} s{aim}")
    return compiled


def rosenbrock_loops(compiled: dict, iterations: dict) -> None:
    """Adam on Rosenbrock: symgrad's run loop against the hand-written numpy loop, per n."""
    print("Rosenbrock, Adam (lr 1e-3), symgrad run loop vs hand-written numpy, every row kept")
    print(f"  {'n':>5} {'iterations':>10} {'symgrad':>11} {'numpy':>11} {'ratio':>7}   θ at k/2 agree to")
    for count, function in compiled.items():
        steps = iterations[count]
        start = rosenbrock_start(count)
        rules = StopRules(iters=steps, tol=0.0)
        ours, reference = best_of(7, lambda: descend_compiled(function, start, "adam", rules, lr=1e-3),
                                  lambda: hand_adam_numpy(start, 1e-3, steps))
        trace = descend_compiled(function, start, "adam", rules, lr=1e-3)
        hand = hand_adam_numpy(start, 1e-3, steps)
        # Adam's near-sign steps on coordinates whose gradient is ~0 amplify rounding late in
        # the run, so agreement is reported at the halfway iterate
        half = steps // 2
        agree = max(abs(a - b) for a, b in zip(trace.iterations[half].theta, hand[half][1]))
        print(f"  {count:>5} {steps:>10,} {ours * 1e3:8.1f} ms {reference * 1e3:8.1f} ms {ours / reference:7.2f}"
              f"   {agree:.1e}")
    print("  (aim: ratio <= 1.3 for every n)")


def traced(function):
    """(peak traced bytes while ``function`` runs, bytes still traced after, its result)."""
    gc.collect()
    tracemalloc.start()
    try:
        result = function()
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, held, result


def rosenbrock_memory(compiled, counts, every: int) -> None:
    """Peak memory of long runs with ``every``, against the iteration count."""
    count = len(compiled.variables)
    start = rosenbrock_start(count)
    mib = 2.0**20
    print(f"Rosenbrock, {count} variables, Adam: peak memory (tracemalloc) against the iteration count")
    print(f"  {'every':>5} {'iterations':>10} {'rows kept':>9} {'peak':>10} {'trace':>10} {'peak - trace':>12}"
          f" {'per iteration':>13}")
    for keep, steps in [(every, n) for n in counts] + [(1, counts[0])]:
        rules = StopRules(iters=steps, tol=0.0, record_every=keep)
        peak, held, trace = traced(lambda: descend_compiled(compiled, start, "adam", rules, lr=1e-3))
        print(f"  {keep:>5} {steps:>10,} {len(trace.iterations):>9,} {peak / mib:6.2f} MiB {held / mib:6.2f} MiB"
              f" {(peak - held) / mib:8.2f} MiB {peak / steps / 1024:9.1f} KiB")
        del trace
    print(f"  (aim: peak - trace flat; the trace holds the every-{every} rows, the last row and the stop)")


def main() -> None:
    camelback()
    counts = (10, 100, 1000)
    compiled = rosenbrock_compile(counts)
    rosenbrock_loops(compiled, {10: 5_000, 100: 2_000, 1000: 500})
    rosenbrock_memory(compiled[1000], (1_000, 4_000, 16_000), every=100)


if __name__ == "__main__":
    main()
