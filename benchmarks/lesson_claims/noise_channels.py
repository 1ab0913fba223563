"""Lesson 1's further claims: noisy labels and ambiguous inputs.

The table's claim (noise columns cost accuracy) lives in
:mod:`benchmarks.claims`. These check the lesson's two later experiments in
full mode: training on labels of which a share was made wrong on purpose
(by the student's ``corrupt_labels``), and the rain-from-cloudiness demo whose
inputs do not determine the label.
"""

from __future__ import annotations

from typing import Any

from benchmarks.claims import Check, ClaimResult, LessonClaim, best, series

NOISY_LABELS_CLAIM = (
    "noisy labels: best val acc falls from 0 % to 20 % to 40 % wrong labels; "
    "with 40 % the last epoch is ≥ 0.01 below the best (memorization)"
)
AMBIGUOUS_CLAIM = (
    "ambiguous inputs: best rule ≈ 0.75; 1 neighbour perfect on training, "
    "≥ 0.05 below on test; 200 neighbours level with the best rule"
)

NOISY_FRACTIONS = (0.0, 0.2, 0.4)
"""The shares of wrong training labels the lesson trains with."""

MEMORIZATION_SLIDE_MIN = 0.01
"""Noisy labels, "longer training memorizes the mistakes": with 40 % wrong
labels the validation accuracy ends at least one percentage point below its
best epoch, more than the clean run slides. One point is about seven standard
errors of an accuracy near 0.95 on 12,000 validation images (0.002), so it is
no epoch-to-epoch wobble."""

BAYES_RATE = 0.75
"""Ambiguous inputs: with P(rain | cloudiness c) = c and c uniform on [0, 1],
the best rule (rain iff c > 0.5) is right with probability E[max(c, 1 - c)] =
3/4."""

SAMPLING_TOLERANCE = 0.015
"""Ambiguous inputs: an accuracy near 0.75 measured on 10,000 test days has a
standard error of about 0.0043; 0.015 is three and a half of them."""

MEMORIZER_DEFICIT_MIN = 0.05
"""Ambiguous inputs: the 1-nearest-neighbour rule is right with probability
E[c^2 + (1 - c)^2] = 2/3 in the limit of many training days, 0.083 below the
Bayes rate; requiring at least 0.05 below the measured Bayes rule leaves room
for sampling."""


def noisy_labels(history_clean: Any, history_20: Any, history_40: Any) -> ClaimResult:
    """Best val acc falls as the share of wrong labels grows (0 > 20 % > 40 %),
    and with 40 % wrong the last epoch is well below the best one, further
    than with clean labels (the model memorizes the wrong labels)."""
    curves = [
        series(history, "val_accuracy")
        for history in (history_clean, history_20, history_40)
    ]
    bests = [best(curve) for curve in curves]
    slides = [b - curve[-1] for b, curve in zip(bests, curves, strict=True)]
    names = [f"{fraction:.0%}" for fraction in NOISY_FRACTIONS]
    return ClaimResult(
        1,
        NOISY_LABELS_CLAIM,
        [
            Check(
                "best val acc: 0 % wrong > 20 % wrong > 40 % wrong",
                bests[0] > bests[1] > bests[2],
                ", ".join(f"{n} {b:.4f}" for n, b in zip(names, bests, strict=True)),
            ),
            Check(
                f"40 % wrong: best - last val acc >= {MEMORIZATION_SLIDE_MIN} and "
                "above the clean run's",
                slides[2] >= MEMORIZATION_SLIDE_MIN and slides[2] > slides[0],
                f"40 % {slides[2]:.4f}, 0 % {slides[0]:.4f}",
            ),
        ],
        {
            **{f"best_val_acc_{n}": b for n, b in zip(names, bests, strict=True)},
            **{f"slide_{n}": s for n, s in zip(names, slides, strict=True)},
        },
    )


def ambiguous_inputs(
    bayes_accuracy: float,
    memorizer_train_accuracy: float,
    memorizer_test_accuracy: float,
    smooth_test_accuracy: float,
) -> ClaimResult:
    """The best rule scores about 0.75; the 1-neighbour rule is perfect on its
    training days but well below that on new ones; the 200-neighbour vote is
    level with the best rule and no model passes it."""
    bayes = float(bayes_accuracy)
    memorizer_train = float(memorizer_train_accuracy)
    memorizer = float(memorizer_test_accuracy)
    smooth = float(smooth_test_accuracy)
    return ClaimResult(
        1,
        AMBIGUOUS_CLAIM,
        [
            Check(
                f"best rule's test accuracy within {SAMPLING_TOLERANCE} of "
                f"{BAYES_RATE}",
                abs(bayes - BAYES_RATE) <= SAMPLING_TOLERANCE,
                f"{bayes:.4f}",
            ),
            Check(
                "1 neighbour: training accuracy 1, test accuracy at least "
                f"{MEMORIZER_DEFICIT_MIN} below the best rule",
                memorizer_train == 1.0 and bayes - memorizer >= MEMORIZER_DEFICIT_MIN,
                f"training {memorizer_train:.4f}, test {memorizer:.4f} vs {bayes:.4f}",
            ),
            Check(
                f"200 neighbours within {SAMPLING_TOLERANCE} of the best rule, "
                "and no model above it by more than that",
                abs(smooth - bayes) <= SAMPLING_TOLERANCE
                and max(smooth, memorizer) <= bayes + SAMPLING_TOLERANCE,
                f"{smooth:.4f} vs {bayes:.4f}",
            ),
        ],
        {
            "bayes_accuracy": bayes,
            "memorizer_train_accuracy": memorizer_train,
            "memorizer_test_accuracy": memorizer,
            "smooth_test_accuracy": smooth,
        },
    )


CLAIMS = [
    LessonClaim(
        1,
        NOISY_LABELS_CLAIM,
        noisy_labels,
        {
            "history_clean": ("histories_by_fraction[0.0]",),
            "history_20": ("histories_by_fraction[0.2]",),
            "history_40": ("histories_by_fraction[0.4]",),
        },
    ),
    LessonClaim(
        1,
        AMBIGUOUS_CLAIM,
        ambiguous_inputs,
        {
            "bayes_accuracy": ("bayes_accuracy",),
            "memorizer_train_accuracy": ("memorizer_train_accuracy",),
            "memorizer_test_accuracy": ("memorizer_test_accuracy",),
            "smooth_test_accuracy": ("smooth_test_accuracy",),
        },
    ),
]
"""Lesson 1's further claims, judged in full mode."""
