"""Time symgrad's fit over data against hand-written numpy loops, measured in one run; print ratios.

1. Batch gradient descent, linear regression on 10⁶ rows × 10 features, 30 epochs:
   ``symgrad.fit`` (the data checks, the design matrix, the epoch loop with the optimizer's
   generated step, the per-epoch table, the Hessian at the end) against a hand-written
   numpy loop doing the same sums (θ ← θ − lr·Aᵀ(Aθ − y)/n, the loss recorded per epoch).
   Aim: ratio ≤ 1.3. Peak memory (tracemalloc) of both, next to the size of the data.
2. Mini-batch (256 rows) and SGD (1 row) throughput in rows per second, symgrad against a
   hand-written numpy loop over shuffled batches (same batch gradient, same order draw).

Each timing is the best of several repeats, the two sides run alternately.
Run: python benchmarks/bench_fit.py
"""

from __future__ import annotations

import gc
import math
import time
import tracemalloc

import numpy as np

from symgrad.regression import fit
from symgrad.regression.data import from_arrays

ROWS, FEATURES, EPOCHS, LR = 1_000_000, 10, 30, 0.1


def best_of(repeats, ours, reference):
    best = [math.inf, math.inf]
    for _ in range(repeats):
        for side, function in enumerate((ours, reference)):
            gc.collect()
            started = time.perf_counter()
            function()
            best[side] = min(best[side], time.perf_counter() - started)
    return best


def peak_bytes(function) -> int:
    gc.collect()
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def make_data(rows, features, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((rows, features))
    y = X @ rng.standard_normal(features) + 0.5 + 0.1 * rng.standard_normal(rows)
    return X, y


def reference_batch(X, y, epochs, lr, A=None):
    """The loop a student writes: batch GD on the mean squared error, loss kept per epoch
    (``A``: the design matrix [1 X] built already, not timed)."""
    n = X.shape[0]
    A = np.column_stack([np.ones(n), X]) if A is None else A
    theta = np.zeros(A.shape[1])
    losses = []
    for epoch in range(epochs + 1):
        residual = A @ theta - y
        losses.append(0.5 * float(residual @ residual) / n)
        if epoch < epochs:
            theta = theta - lr * (residual @ A) / n
    return theta, losses


def reference_batches(X, y, epochs, lr, size, seed=0):
    """Mini-batch GD over shuffled batches, the loss on all rows after every epoch."""
    n = X.shape[0]
    A = np.column_stack([np.ones(n), X])
    theta = np.zeros(A.shape[1])
    rng = np.random.default_rng(seed)
    losses = []
    for _ in range(epochs):
        order = rng.permutation(n)
        for start in range(0, n, size):
            index = order[start:start + size]
            Ab, yb = A[index], y[index]
            theta = theta - lr * ((Ab @ theta - yb) @ Ab) / len(index)
        residual = A @ theta - y
        losses.append(0.5 * float(residual @ residual) / n)
    return theta, losses


def main() -> None:
    X, y = make_data(ROWS, FEATURES)
    data = from_arrays(X, y)
    print(f"1. batch gradient descent, linear regression, {ROWS:,} rows × {FEATURES} features, {EPOCHS} epochs")
    ours = lambda: fit("linear", data, lr=LR, epochs=EPOCHS, tol=0)  # noqa: E731
    reference = lambda: reference_batch(X, y, EPOCHS, LR)  # noqa: E731
    result, (theta, _) = ours(), reference()
    assert np.allclose(result.theta, theta, rtol=1e-9, atol=1e-12), "the two loops must agree"
    mine, theirs = best_of(3, ours, reference)
    print(f"   symgrad {mine:.2f} s, numpy loop {theirs:.2f} s: ratio {mine / theirs:.2f} (aim ≤ 1.3)")
    A = np.column_stack([np.ones(ROWS), X])
    prebuilt = lambda: reference_batch(X, y, EPOCHS, LR, A)  # noqa: E731
    mine, theirs = best_of(3, ours, prebuilt)
    print(f"   against the loop given [1 X] ready-made: symgrad {mine:.2f} s, numpy loop {theirs:.2f} s: "
          f"ratio {mine / theirs:.2f} (symgrad never builds [1 X]: Aθ = Xθ̃ + θ₀)")
    del A
    data_mb = (X.nbytes + y.nbytes) / 2**20
    print(f"   peak memory: symgrad {peak_bytes(ours) / 2**20:.0f} MiB, numpy loop {peak_bytes(reference) / 2**20:.0f} MiB "
          f"(the data itself: {data_mb:.0f} MiB, already in memory)")

    print("2. throughput over batches (rows per second, one epoch each)")
    for size, rows in ((256, 1_000_000), (1, 100_000)):
        Xs, ys = X[:rows], y[:rows]
        subset = from_arrays(Xs, ys)
        ours = lambda: fit("linear", subset, lr=0.01, epochs=1, tol=0, batch_size=size, seed=0)  # noqa: E731
        reference = lambda: reference_batches(Xs, ys, 1, 0.01, size)  # noqa: E731
        mine, theirs = best_of(2, ours, reference)
        name = "SGD (1 row)" if size == 1 else f"mini-batch ({size} rows)"
        print(f"   {name:22} on {rows:>9,} rows: symgrad {rows / mine:>12,.0f} rows/s, "
              f"numpy loop {rows / theirs:>12,.0f} rows/s: ratio {mine / theirs:.2f}")


if __name__ == "__main__":
    main()
