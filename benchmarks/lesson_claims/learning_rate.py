"""Lesson 3's further claims: overshooting on a quadratic, the range test,
the batch size at rate 1.0, and the Dense network's missing spatial prior.

Each function takes the lesson's own numbers (the variables its cells
leave behind, as plain data) and returns a :class:`ClaimResult`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from benchmarks.claims import (
    GOOD_RATE_BEST_MIN,
    Check,
    ClaimResult,
    LessonClaim,
    MissingData,
    best,
    series,
)

LESSON = 3

RANGE_LIMIT_LOWEST = 1e-3
"""The range test's blow-up rate is at least RMSprop's default rate 0.001:
the default that the lesson calls safe must lie below the limit the test
finds."""

RANGE_LIMIT_HIGHEST = 0.1
"""The range test's blow-up rate is at most 0.1, so the sweep's failing rate
1.0 lies at least ten times past the limit (the lesson's point: one short run
shows that 1.0 is far too large)."""

RANGE_FIRST_FALL = 0.5
"""Before it blows up the loss falls: the lowest running-average loss is at
most half the first one (a range test that never descends shows nothing)."""

BIG_BATCH_GAP_MIN = 0.1
"""Rate 1.0 with batch 2048 "is not rescued": its best validation accuracy
stays ten points or more below the rate-0.01 run's. A rescued run would come
within a point of it (the 0.01 run's seed spread is 0.972-0.974)."""

PERMUTATION_TOLERANCE = 0.01
"""Shuffled pixels "leave the accuracy unchanged": the best validation
accuracies differ by at most one point, three times the seed spread of the
unshuffled run (0.972-0.975 over seeds 42, 1, 2), and small next to what a
model that used pixel neighbourhoods would lose."""


def _number(value: Any, name: str) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise MissingData(f"{name} is not a number: {value!r}") from None


def _fmt(value: float) -> str:
    return f"{value:.4g}" if math.isfinite(value) else str(value)


def overshoot(paths: Mapping[Any, Sequence[float]], critical_rate: Any) -> ClaimResult:
    """Gradient descent on a/2 * w**2: every rate below the critical one
    ends closer to the minimum than it started, every rate above it
    farther."""
    critical = _number(critical_rate, "critical_rate")
    checks = []
    numbers = {"critical_rate": critical}
    for key, path in paths.items():
        rate = _number(key, "a rate")
        values = [float(v) for v in path]
        start, end = abs(values[0]), abs(values[-1])
        below = rate < critical
        holds = end < start if below else end > start
        checks.append(
            Check(
                f"rate {rate:g} {'below' if below else 'above'} the critical "
                f"{critical:g}: |w| {'shrinks' if below else 'grows'}",
                holds,
                f"|w| {_fmt(start)} -> {_fmt(end)}",
            )
        )
        numbers[f"final_abs_w_rate_{rate:g}"] = end
    if not checks or all(_number(k, "a rate") < critical for k in paths):
        checks.append(Check("some rate lies above the critical one", False, "none"))
    return ClaimResult(LESSON, "", checks, numbers)


def range_test(blowup_rate: Any, smoothed_losses: Sequence[float]) -> ClaimResult:
    """The smoothed range-test loss first falls, then blows up at a rate
    between RMSprop's default 0.001 and 0.1 (so 1.0 is >= 10x past it)."""
    rate = _number(blowup_rate, "blowup_rate")
    losses = [float(v) for v in smoothed_losses]
    if not losses:
        raise MissingData("smoothed_losses is empty")
    lowest = min((v for v in losses if math.isfinite(v)), default=math.nan)
    return ClaimResult(
        LESSON,
        "",
        [
            Check(
                f"lowest smoothed loss <= {RANGE_FIRST_FALL} x the first",
                lowest <= RANGE_FIRST_FALL * losses[0],
                f"{_fmt(lowest)} vs first {_fmt(losses[0])}",
            ),
            Check(
                f"blow-up rate in [{RANGE_LIMIT_LOWEST:g}, {RANGE_LIMIT_HIGHEST:g}]",
                RANGE_LIMIT_LOWEST <= rate <= RANGE_LIMIT_HIGHEST,
                f"{rate:.3g}",
            ),
        ],
        {"blowup_rate": rate, "lowest_smoothed_loss": lowest},
    )


def big_batch(history_big_batch: Any, history_good: Any) -> ClaimResult:
    """Rate 1.0 with batch 2048 is not rescued: its validation accuracy is
    lower at the last epoch than at the first, and its best stays at least
    BIG_BATCH_GAP_MIN below the 0.01 run's best."""
    big = series(history_big_batch, "val_accuracy")
    good = best(series(history_good, "val_accuracy"))
    first, last, top = big[0], big[-1], best(big)
    gap = good - top  # NaN when the big-batch run has no finite accuracy: fails
    return ClaimResult(
        LESSON,
        "",
        [
            Check(
                "rate 1.0, batch 2048: last val acc < first",
                math.isfinite(last) and last < first,
                f"{_fmt(first)} -> {_fmt(last)}",
            ),
            Check(
                f"rate 0.01 best - rate 1.0 batch 2048 best >= {BIG_BATCH_GAP_MIN}",
                gap >= BIG_BATCH_GAP_MIN,
                f"{_fmt(good)} - {_fmt(top)} = {gap:.4f}",
            ),
        ],
        {
            "big_batch_first_val_acc": first,
            "big_batch_best_val_acc": top,
            "big_batch_last_val_acc": last,
            "good_best_val_acc": good,
        },
    )


def no_spatial_prior(best_shuffled_pixels: Any, best_good: Any) -> ClaimResult:
    """A fixed pixel permutation leaves the Dense network's best validation
    accuracy within PERMUTATION_TOLERANCE of the unshuffled run's."""
    shuffled = _number(best_shuffled_pixels, "best_shuffled_pixels")
    original = _number(best_good, "best_good")
    gap = abs(shuffled - original)
    return ClaimResult(
        LESSON,
        "",
        [
            Check(
                f"|shuffled - in place| best val acc <= {PERMUTATION_TOLERANCE}",
                gap <= PERMUTATION_TOLERANCE,
                f"{_fmt(shuffled)} vs {_fmt(original)} ({gap:.4f})",
            ),
            Check(
                f"shuffled pixels: best val acc > {GOOD_RATE_BEST_MIN}",
                shuffled > GOOD_RATE_BEST_MIN,
                _fmt(shuffled),
            ),
        ],
        {"best_shuffled_pixels": shuffled, "best_in_place": original, "gap": gap},
    )


CLAIMS = [
    LessonClaim(
        LESSON,
        "quadratic: |w| shrinks below the critical rate 2/a and grows above it",
        overshoot,
        {"paths": ("paths",), "critical_rate": ("critical_rate",)},
    ),
    LessonClaim(
        LESSON,
        "range test: the smoothed loss falls, then blows up between 0.001 and 0.1",
        range_test,
        {"blowup_rate": ("blowup_rate",), "smoothed_losses": ("smoothed_losses",)},
    ),
    LessonClaim(
        LESSON,
        "rate 1.0 with batch 2048 is not rescued: val acc falls after epoch 1 and "
        "stays >= 0.1 below the 0.01 run's best",
        big_batch,
        {
            "history_big_batch": ("history_big_batch",),
            "history_good": ("history_good", "histories_by_rate[0.01]"),
        },
    ),
    LessonClaim(
        LESSON,
        "shuffled pixels leave the Dense network's best val acc within 0.01",
        no_spatial_prior,
        {
            "best_shuffled_pixels": ("best_shuffled_pixels",),
            "best_good": ("best_good",),
        },
    ),
]
