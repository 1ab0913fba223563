"""Lesson 6's further claims: the student's dropout, run inside the trained
network, behaves like Keras' ``Dropout``; and dropout pays off more on the big
(512, 512) IMDB model than on the (16, 16) reference."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from benchmarks.claims import (
    Check,
    ClaimResult,
    LessonClaim,
    MissingData,
    lowest,
    second_half_mean,
    series,
)

LESSON = 6

DROPOUT_RATE = 0.5
"""The rate of both dropout layers in the lesson's network."""

FRACTION_TOLERANCE = 0.03
"""Each layer drops DROPOUT_RATE of the non-zero hidden outputs within 0.03:
the lesson's sample has thousands of them (2,000 reviews x 16 units, about
half non-zero), so one standard deviation of the fraction is under 0.01."""

SCALE_TOLERANCE = 1e-3
"""Survivors are scaled by exactly 1 / (1 - rate); 1e-3 allows float32
rounding only."""

CROSS_ENTROPY_TOLERANCE = 0.05
"""The two thinned networks' cross-entropies on the same reviews differ only
by their random masks: within 0.05 (several standard deviations of a mean
over 2,000 reviews)."""

LARGE_GAIN_MIN = 0.03
"""On the (512, 512) model dropout lowers the mean validation cross-entropy
over the second half of the epochs by at least 0.03: a clear effect, not the
last digit of a noisy curve (on the (16, 16) model the same gain is only
0.01-0.05 across seeds, so "more on the big model" needs the big one to gain
visibly)."""

LAYER_NAMES = ("Keras Dropout", "your dropout")
"""The keys of ``statistics_by_layer`` and the prefixes of
``sample_cross_entropy``'s keys in the notebook."""


def _number(mapping: Mapping[str, Any], key: str) -> float:
    if not isinstance(mapping, Mapping) or key not in mapping:
        raise MissingData(f"no {key!r} in the sample cross-entropies")
    return float(mapping[key])


def _pair(mapping: Mapping[str, Any], key: str) -> tuple[float, float]:
    if not isinstance(mapping, Mapping) or key not in mapping:
        raise MissingData(f"no {key!r} in the dropout statistics")
    value = mapping[key]
    if not isinstance(value, Sequence) or len(value) != 2:
        raise MissingData(f"statistics of {key!r} are not a pair: {value!r}")
    return float(value[0]), float(value[1])


def _fmt(value: float) -> str:
    return f"{value:.4g}" if math.isfinite(value) else str(value)


def your_dropout_matches_keras(
    statistics_by_layer: Mapping[str, Any],
    sample_cross_entropy: Mapping[str, Any],
    same_at_inference: Any,
) -> ClaimResult:
    """The student's layer, in place of Keras' Dropout in the trained network:
    same predictions at inference; in training mode both drop DROPOUT_RATE of
    the non-zero hidden outputs and double the survivors, and both thinned
    networks score about the same cross-entropy, worse than at inference."""
    checks = []
    numbers: dict[str, float] = {}
    checks.append(
        Check(
            "same predictions at inference",
            same_at_inference is True,
            str(same_at_inference),
        )
    )
    expected_scale = 1 / (1 - DROPOUT_RATE)
    for name in LAYER_NAMES:
        fraction, scale = _pair(statistics_by_layer, name)
        numbers[f"{name} fraction dropped"] = fraction
        numbers[f"{name} survivor scale"] = scale
        checks.append(
            Check(
                f"{name}: fraction dropped within {FRACTION_TOLERANCE} of "
                f"{DROPOUT_RATE}",
                abs(fraction - DROPOUT_RATE) <= FRACTION_TOLERANCE,
                _fmt(fraction),
            )
        )
        checks.append(
            Check(
                f"{name}: survivor scale {expected_scale:g}",
                abs(scale - expected_scale) <= SCALE_TOLERANCE,
                _fmt(scale),
            )
        )
    for name in LAYER_NAMES:
        inference = _number(sample_cross_entropy, f"{name}, inference")
        thinned = _number(sample_cross_entropy, f"{name}, training")
        numbers[f"{name} inference cross-entropy"] = inference
        numbers[f"{name} training cross-entropy"] = thinned
        checks.append(
            Check(
                f"{name}: thinned network scores worse than the full one",
                thinned > inference,
                f"{_fmt(thinned)} vs {_fmt(inference)}",
            )
        )
    keras_ce = numbers["Keras Dropout training cross-entropy"]
    yours_ce = numbers["your dropout training cross-entropy"]
    checks.append(
        Check(
            f"thinned cross-entropies within {CROSS_ENTROPY_TOLERANCE}",
            abs(keras_ce - yours_ce) <= CROSS_ENTROPY_TOLERANCE,
            f"{_fmt(yours_ce)} vs {_fmt(keras_ce)}",
        )
    )
    return ClaimResult(LESSON, CLAIMS[0].text, checks, numbers)


def dropout_pays_off_on_big_models(
    history_reference: Any,
    history_dropout: Any,
    history_large: Any,
    history_large_dropout: Any,
) -> ClaimResult:
    """Dropout's gain in late validation cross-entropy (reference minus
    dropout, mean over the second half of the epochs) is larger on the
    (512, 512) model than on the (16, 16) one, and at least LARGE_GAIN_MIN."""
    curves = {
        "16-16": series(history_reference, "val_loss"),
        "16-16 dropout": series(history_dropout, "val_loss"),
        "512-512": series(history_large, "val_loss"),
        "512-512 dropout": series(history_large_dropout, "val_loss"),
    }
    late = {name: second_half_mean(values) for name, values in curves.items()}
    best = {name: lowest(values) for name, values in curves.items()}
    small_gain = late["16-16"] - late["16-16 dropout"]
    large_gain = late["512-512"] - late["512-512 dropout"]
    numbers = {f"{name} late mean val loss": value for name, value in late.items()}
    numbers |= {f"{name} lowest val loss": value for name, value in best.items()}
    numbers |= {"16-16 late gain": small_gain, "512-512 late gain": large_gain}
    checks = [
        Check(
            "late-mean gain from dropout: 512-512 > 16-16",
            large_gain > small_gain,
            f"{_fmt(large_gain)} vs {_fmt(small_gain)}",
        ),
        Check(
            f"late-mean gain from dropout on 512-512 >= {LARGE_GAIN_MIN}",
            large_gain >= LARGE_GAIN_MIN,
            _fmt(large_gain),
        ),
    ]
    return ClaimResult(LESSON, CLAIMS[1].text, checks, numbers)


CLAIMS = [
    LessonClaim(
        LESSON,
        "your inverted_dropout, as a layer in the trained network, behaves like "
        "keras.layers.Dropout: identical at inference; in training it drops about "
        "half the active hidden units, doubles the rest, and raises the "
        "cross-entropy by about as much",
        your_dropout_matches_keras,
        {
            "statistics_by_layer": ("statistics_by_layer",),
            "sample_cross_entropy": ("sample_cross_entropy",),
            "same_at_inference": ("same_at_inference",),
        },
    ),
    LessonClaim(
        LESSON,
        "dropout pays off more on the (512, 512) model: it lowers the late "
        "validation cross-entropy (epochs 11-20) by more than on the (16, 16) "
        "model, and by at least 0.03",
        dropout_pays_off_on_big_models,
        {
            "history_reference": ("history_reference",),
            "history_dropout": ("history_dropout",),
            "history_large": ("history_large",),
            "history_large_dropout": ("history_large_dropout",),
        },
    ),
]
