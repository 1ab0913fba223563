"""Lesson 2's further claims: the 1-nearest-neighbour experiments (memorizing
real and shuffled labels, density of sampling) and pixel averages of two
digits, judged on the variables the lesson leaves behind."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from benchmarks.claims import (
    CHANCE_ACCURACY,
    SHUFFLED_VAL_BAND,
    Check,
    ClaimResult,
    LessonClaim,
    MissingData,
)

LESSON = 2

NEIGHBOUR_FIT_MIN = 0.99
"""A 1-nearest-neighbour classifier asked about its stored images finds each
one at distance 0, so it is right on all of them; only exact duplicates with
different labels could cost a few (none are expected among 10,000 digits)."""

NEIGHBOUR_REAL_MIN = 0.85
"""1-nearest neighbour on real labels generalizes: published 1-NN error rates
on MNIST with Euclidean pixels are about 3-5 % with the full training set; with
10,000 stored digits a few points more. 0.85 leaves room for that and for
1,000 test images (standard error about 0.01)."""

DENSITY_GAIN_MIN = 0.10
"""Tenfold and hundredfold more stored images: the largest set beats the
smallest by at least 10 points (1-NN learning curves on MNIST rise by about
25 points from 100 to 10,000 examples)."""

BLEND_RATIO_MIN = 1.05
"""Pixel averages of two different digits lie farther from the stored digits
than real unseen digits: their median distance is at least 5 % larger. The
medians over a few hundred images move by about 1 % between random sets of
stored digits, so 5 % is no accident."""

BLENDS_FARTHER_MIN = 0.6
"""More than 60 % of the averages lie farther than the median real digit
(half of the real digits do, by definition of the median)."""


def _number(values: Mapping[str, Any], key: str) -> float:
    for candidate, value in values.items():
        if str(candidate) == key:
            return float(value)
    raise MissingData(f"no {key!r} among {sorted(map(str, values))}")


def memorize_not_generalize(neighbour_fit: Any, neighbour_test: Any) -> ClaimResult:
    """1-NN fits real and shuffled labels alike; only real ones generalize."""
    fit_real, fit_shuffled = (_number(neighbour_fit, k) for k in ("real", "shuffled"))
    test_real, test_shuffled = (
        _number(neighbour_test, k) for k in ("real", "shuffled")
    )
    low, high = CHANCE_ACCURACY - SHUFFLED_VAL_BAND, CHANCE_ACCURACY + SHUFFLED_VAL_BAND
    return ClaimResult(
        LESSON,
        "1-NN: stored images all right with real and shuffled labels; "
        "new images only with real ones",
        [
            Check(
                f"accuracy on stored images >= {NEIGHBOUR_FIT_MIN} (real, shuffled)",
                min(fit_real, fit_shuffled) >= NEIGHBOUR_FIT_MIN,
                f"{fit_real:.3f}, {fit_shuffled:.3f}",
            ),
            Check(
                f"real labels: accuracy on new images >= {NEIGHBOUR_REAL_MIN}",
                test_real >= NEIGHBOUR_REAL_MIN,
                f"{test_real:.3f}",
            ),
            Check(
                f"shuffled labels: accuracy on new images within [{low:.2f}, "
                f"{high:.2f}]",
                low <= test_shuffled <= high,
                f"{test_shuffled:.3f}",
            ),
        ],
        {
            "fit_real": fit_real,
            "fit_shuffled": fit_shuffled,
            "test_real": test_real,
            "test_shuffled": test_shuffled,
        },
    )


def density(accuracy_by_size: Any) -> ClaimResult:
    """1-NN accuracy on new images rises with the number of stored images."""
    if not isinstance(accuracy_by_size, Mapping) or len(accuracy_by_size) < 2:
        raise MissingData(f"need accuracies for several sizes: {accuracy_by_size}")
    pairs = sorted((int(float(k)), float(v)) for k, v in accuracy_by_size.items())
    values = [v for _, v in pairs]
    rising = all(b > a for a, b in zip(values, values[1:], strict=False))
    gain = values[-1] - values[0]
    listing = ", ".join(f"{size}: {value:.3f}" for size, value in pairs)
    return ClaimResult(
        LESSON,
        "1-NN accuracy on new images grows with the number of stored images",
        [
            Check("accuracy rises at every size", rising, listing),
            Check(
                f"largest - smallest size >= {DENSITY_GAIN_MIN}",
                gain >= DENSITY_GAIN_MIN,
                f"{gain:.3f}",
            ),
        ],
        {f"accuracy_{size}": value for size, value in pairs},
    )


def averages_off_manifold(
    median_digit_distance: float, median_blend_distance: float, blends_farther: float
) -> ClaimResult:
    """Pixel averages of two digits lie farther from stored digits than real
    unseen digits do."""
    digit, blend = float(median_digit_distance), float(median_blend_distance)
    farther = float(blends_farther)
    ratio = blend / digit if digit > 0 else float("inf")
    return ClaimResult(
        LESSON,
        "averages of two different digits lie farther from the stored digits "
        "than new real digits",
        [
            Check(
                f"median distance: averages >= {BLEND_RATIO_MIN} x real digits",
                ratio >= BLEND_RATIO_MIN,
                f"{blend:.3f} vs {digit:.3f} ({ratio:.3f} x)",
            ),
            Check(
                f"share of averages farther than the median real digit >= "
                f"{BLENDS_FARTHER_MIN}",
                farther >= BLENDS_FARTHER_MIN,
                f"{farther:.3f}",
            ),
        ],
        {
            "median_digit_distance": digit,
            "median_blend_distance": blend,
            "blends_farther": farther,
        },
    )


CLAIMS = [
    LessonClaim(
        LESSON,
        "1-NN fits real and shuffled labels alike (>= 0.99 on stored images); "
        "new images: real >= 0.85, shuffled within 0.10 ± 0.03",
        memorize_not_generalize,
        {
            "neighbour_fit": ("neighbour_fit",),
            "neighbour_test": ("neighbour_test",),
        },
    ),
    LessonClaim(
        LESSON,
        "1-NN accuracy on new images rises with 1 %, 10 %, 100 % of the stored "
        "images, by >= 0.10 overall",
        density,
        {"accuracy_by_size": ("accuracy_by_size",)},
    ),
    LessonClaim(
        LESSON,
        "pixel averages of two different digits: median distance to the stored "
        "digits >= 1.05 x real digits', > 60 % beyond the real median",
        averages_off_manifold,
        {
            "median_digit_distance": ("median_digit_distance",),
            "median_blend_distance": ("median_blend_distance",),
            "blends_farther": ("blends_farther",),
        },
    ),
]
