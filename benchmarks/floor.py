"""The arithmetic floor in the report: what each lesson's Keras runs need
(``benchmarks/flops.py``) divided by this machine's best float32 matrix
product (``benchmarks/gemm.py``), both measured in the same benchmark run."""

from __future__ import annotations

import benchmarks.report as tables

MNIST_LESSONS = (1, 2, 3)
FLOOR_FACTOR_MAX = 3.0
"""Target: MNIST lessons within 3x of their floor (wall time)."""


def best_rate(results: dict) -> float | None:
    """GFLOP/s of the run's best matrix product, or None if not measured."""
    gemm = results.get("gemm") or {}
    return gemm.get("best_gflops")


def floor_seconds(run: dict | None, rate: float | None) -> float | None:
    """Seconds the run's counted arithmetic takes at ``rate`` GFLOP/s."""
    arithmetic = (run or {}).get("arithmetic") or {}
    if not rate or not arithmetic.get("flops"):
        return None
    return arithmetic["flops"] / (rate * 1e9)


def floor_table(results: dict) -> str:
    """Per lesson: counted TFLOP, floor, and ours / floor next to the book's."""
    rate = best_rate(results)
    if rate is None:
        return "The matrix-product rate was not measured in this run."
    rows = []
    for n in tables.lesson_numbers(results):
        ours = tables.first(results, kind="ours", mode="full", lesson=n)
        book = tables.first(results, kind="book", mode="full", lesson=n)
        if ours is None:
            continue
        ours_floor = floor_seconds(ours, rate)
        book_floor = floor_seconds(book, rate)
        counted = ours.get("arithmetic") or {}
        flops, missed = counted.get("flops"), len(counted.get("uncounted") or [])
        ours_ratio = tables.ratio(tables.wall(ours), ours_floor)
        if missed:  # the floor would be too low and the ratio too high
            ours_ratio = f"– ({missed} calls not counted)"
        rows.append(
            [
                tables.lesson_name(n),
                f"{flops / 1e12:.2f}" if flops else "–",
                tables.seconds(ours_floor),
                tables.seconds(tables.wall(ours)),
                ours_ratio,
                tables.seconds(book_floor),
                tables.ratio(tables.wall(book), book_floor),
            ]
        )
    return tables.table(
        [
            "lesson",
            "TFLOP counted (ours)",
            "floor (ours)",
            "our wall",
            "ours / floor",
            "floor (book code)",
            "book / its floor",
        ],
        rows,
    )


def floor_target(results: dict) -> dict | None:
    """The "MNIST lessons within 3x of their floor" target, or None."""
    rate = best_rate(results)
    factors = {}
    for n in MNIST_LESSONS:
        run = tables.first(results, kind="ours", mode="full", lesson=n)
        floor, took = floor_seconds(run, rate), tables.wall(run)
        if floor and took:
            factors[n] = took / floor
    if not factors:
        return None
    worst = max(factors, key=lambda n: factors[n])
    met = all(f <= FLOOR_FACTOR_MAX for f in factors.values())
    return {
        "target": f"MNIST lessons within {FLOOR_FACTOR_MAX:.0f}× of their "
        "arithmetic floor (wall time)",
        "measured": ", ".join(f"lesson {n} {f:.1f}×" for n, f in factors.items()),
        "verdict": "met" if met else "missed",
        "why": "" if met else f"lesson {worst} is {factors[worst]:.1f}× its floor",
    }
