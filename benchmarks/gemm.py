"""How fast this machine multiplies float32 matrices with TensorFlow.

    python benchmarks/gemm.py          # prints JSON

``benchmarks/run.py`` runs this in its own process at the start of a
benchmark, so the arithmetic floor (``benchmarks/flops.py``) is divided by a
rate measured on the same machine in the same run. Each shape is timed as a
loop of products inside one compiled TensorFlow function, best of several
repeats; the rate is ``2 * m * k * n`` operations per product.
"""

from __future__ import annotations

import json
import os
import sys
import time

SHAPES = {
    "square 2048": (2048, 2048, 2048),
    "MNIST batch 128 x 784 x 512": (128, 784, 512),
    "MNIST batch 128 x 1568 x 512": (128, 1568, 512),
}
"""(m, k, n) of ``(m, k) @ (k, n)``: the best case, and the lessons' own
first-layer products (lesson 1 doubles the pixels)."""

REPEATS = 5
MIN_SECONDS = 0.3  # per timed repeat


def rate(m: int, k: int, n: int) -> float:
    """Best GFLOP/s of ``(m, k) @ (k, n)`` over :data:`REPEATS` timed loops."""
    import tensorflow as tf

    a = tf.random.uniform((m, k), dtype=tf.float32)
    b = tf.random.uniform((k, n), dtype=tf.float32)

    @tf.function
    def products(count: tf.Tensor) -> tf.Tensor:
        total = tf.zeros((m, n), dtype=tf.float32)
        for _ in tf.range(count):
            total += tf.linalg.matmul(a, b)
        return total

    count = 1
    while True:  # enough products to run MIN_SECONDS
        start = time.perf_counter()
        products(tf.constant(count)).numpy()
        if time.perf_counter() - start >= MIN_SECONDS or count >= 1 << 16:
            break
        count *= 2
    best = float("inf")
    for _ in range(REPEATS):
        start = time.perf_counter()
        products(tf.constant(count)).numpy()
        best = min(best, time.perf_counter() - start)
    return 2.0 * m * k * n * count / best / 1e9


def measure() -> dict:
    """GFLOP/s per shape and the best of them."""
    rates = {name: round(rate(*shape), 1) for name, shape in SHAPES.items()}
    return {"gflops": rates, "best_gflops": max(rates.values())}


if __name__ == "__main__":
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    try:
        import helpers.quiet  # noqa: F401
    except ImportError:
        pass
    print(json.dumps(measure()))
