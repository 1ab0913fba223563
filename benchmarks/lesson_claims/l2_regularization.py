"""Lesson 5's further claims: the sweep of L2 factors.

The lesson's sweep holds four runs of the (16, 16) IMDB model, all from the
same seed: the reference (factor 0) and the student's ``build_l2_model``
with factors 0.002, 0.01 and 0.03 (``SWEEP_FACTORS``). Per factor it keeps
the history (``sweep_histories``) and the sum of the squared hidden weights
after training (``squared_weights``, from the student's
``l2_penalty(model, 1.0)``). The probe turns the factors into strings;
:func:`by_factor` turns them back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from benchmarks.claims import (
    Check,
    ClaimResult,
    LessonClaim,
    MissingData,
    _fmt,
    lowest,
    second_half_label,
    second_half_mean,
    series,
)

LESSON = 5

SHRINK_TEXT = (
    "L2 sweep: stronger factor, smaller squared weights and higher final "
    "training cross-entropy, step by step"
)
ENDS_TEXT = (
    "L2 sweep: late val cross-entropy is lowest inside the sweep (0 and the "
    "largest factor both cost); the largest factor underfits"
)

MIN_FACTORS = 3
"""A sweep needs a factor of 0, a middle one and a large one to say
anything about too little and too much penalty."""

LATE_END_MARGIN = 0.02
""""Both too little and too much penalty cost": the mean penalty-free
validation cross-entropy over the second half of training, at factor 0 and
at the largest factor, is each at least 0.02 nats above the best factor's.
0.02 is twice the seed-to-seed spread of a best-epoch cross-entropy that the
lesson states (about 0.01), so the difference is no seed accident."""

UNDERFIT_MARGIN = 0.02
""""Too strong a penalty underfits": the largest factor's lowest validation
cross-entropy (its best epoch) is at least 0.02 nats above the lowest of the
whole sweep. Overfitting does not touch a best epoch, underfitting does; 0.02
is again twice the best-epoch seed spread."""


def by_factor(values: Any) -> list[tuple[float, Any]]:
    """``(factor, value)`` pairs sorted by factor, from a dict keyed by
    factors (numbers, or their text as the benchmark probe stores them)."""
    if not isinstance(values, Mapping) or not values:
        raise MissingData(f"expected a dict keyed by L2 factors, got {type(values)}")
    try:
        pairs = [(float(key), value) for key, value in values.items()]
    except (TypeError, ValueError) as error:
        raise MissingData(f"keys are not L2 factors: {sorted(values)}") from error
    if len(pairs) < MIN_FACTORS:
        raise MissingData(f"a sweep needs {MIN_FACTORS} factors, got {len(pairs)}")
    return sorted(pairs, key=lambda pair: pair[0])


def _listing(pairs: list[tuple[float, float]]) -> str:
    return ", ".join(f"{factor:g}: {_fmt(value)}" for factor, value in pairs)


def _strictly(pairs: list[tuple[float, float]], rising: bool) -> bool:
    values = [value for _, value in pairs]
    steps = zip(values, values[1:], strict=False)
    return all((b > a) if rising else (b < a) for a, b in steps)


def weights_shrink(sweep_histories: Any, squared_weights: Any) -> ClaimResult:
    """A stronger penalty leaves smaller weights and a looser fit: the sum of
    squared hidden weights falls and the final training cross-entropy rises
    at every step up the factors."""
    squares = [(f, float(v)) for f, v in by_factor(squared_weights)]
    train = [
        (f, series(history, "cross_entropy")[-1])
        for f, history in by_factor(sweep_histories)
    ]
    return ClaimResult(
        LESSON,
        SHRINK_TEXT,
        [
            Check(
                "sum of squared hidden weights falls as the factor grows",
                _strictly(squares, rising=False),
                _listing(squares),
            ),
            Check(
                "final training cross-entropy rises as the factor grows",
                _strictly(train, rising=True),
                _listing(train),
            ),
        ],
        {
            **{f"squared_weights_{f:g}": v for f, v in squares},
            **{f"final_train_ce_{f:g}": v for f, v in train},
        },
    )


def too_little_and_too_much(sweep_histories: Any) -> ClaimResult:
    """Both ends of the sweep cost: the late mean validation cross-entropy
    (penalty excluded) is lowest at a factor strictly inside the sweep, with
    factor 0 and the largest factor each LATE_END_MARGIN above it; and the
    largest factor's best epoch is UNDERFIT_MARGIN above the sweep's best."""
    runs = [(f, series(h, "val_cross_entropy")) for f, h in by_factor(sweep_histories)]
    late = [(f, second_half_mean(values)) for f, values in runs]
    best_epoch = [(f, lowest(values)) for f, values in runs]
    best_factor, best_late = min(late, key=lambda pair: pair[1])
    (first, first_late), (last, last_late) = late[0], late[-1]
    sweep_lowest = min(value for _, value in best_epoch)
    last_lowest = best_epoch[-1][1]
    window = second_half_label(runs[0][1])
    return ClaimResult(
        LESSON,
        ENDS_TEXT,
        [
            Check(
                f"mean val cross-entropy over {window}: factor {first:g} and "
                f"factor {last:g} each >= {LATE_END_MARGIN} above the best "
                "factor's",
                first_late - best_late >= LATE_END_MARGIN
                and last_late - best_late >= LATE_END_MARGIN,
                f"best {best_factor:g}: {_fmt(best_late)}; {first:g}: "
                f"+{first_late - best_late:.4f}, {last:g}: "
                f"+{last_late - best_late:.4f} ({_listing(late)})",
            ),
            Check(
                f"lowest val cross-entropy at factor {last:g} >= "
                f"{UNDERFIT_MARGIN} above the sweep's lowest",
                last_lowest - sweep_lowest >= UNDERFIT_MARGIN,
                f"{_fmt(last_lowest)} vs {_fmt(sweep_lowest)} ({_listing(best_epoch)})",
            ),
        ],
        {
            "best_late_factor": best_factor,
            **{f"late_mean_val_ce_{f:g}": v for f, v in late},
            **{f"lowest_val_ce_{f:g}": v for f, v in best_epoch},
        },
    )


CLAIMS = [
    LessonClaim(
        LESSON,
        SHRINK_TEXT,
        weights_shrink,
        {
            "sweep_histories": ("sweep_histories",),
            "squared_weights": ("squared_weights",),
        },
    ),
    LessonClaim(
        LESSON,
        ENDS_TEXT,
        too_little_and_too_much,
        {"sweep_histories": ("sweep_histories",)},
    ),
]
