"""Lesson 7's further claims (benchmarks/lesson_claims/kfold_validation.py)
on synthetic numbers: each holds on numbers like our full-mode runs and fails
when one of its parts breaks."""

from __future__ import annotations

import pytest

from benchmarks import claims
from benchmarks.lesson_claims import kfold_validation as lesson

# Shaped like a full-mode run: 5 shuffles x 4 folds, single splits from
# about 1.9 to 3.0, K-fold means within a few tenths of each other.
SPLITS = [
    [2.1, 2.9, 2.3, 2.5],
    [2.6, 2.0, 2.8, 2.4],
    [2.2, 2.7, 1.9, 3.0],
    [2.5, 2.3, 2.6, 2.2],
    [2.8, 2.1, 2.4, 2.7],
]
MEANS = [sum(row) / len(row) for row in SPLITS]
SMOOTHED = [3.0 - 0.006 * e for e in range(130)] + [
    2.22 + 0.0015 * e for e in range(360)
]


def test_holdout_variance_holds_on_runs_like_ours():
    result = lesson.holdout_variance(SPLITS, MEANS)
    assert result.holds is True, result.describe()
    assert result.numbers["split_mae_min"] == pytest.approx(1.9)
    assert result.numbers["iterated_mae"] == pytest.approx(sum(MEANS) / 5)


@pytest.mark.parametrize(
    ("splits", "means"),
    [
        # single splits that barely differ
        ([[2.4, 2.5, 2.45, 2.5], [2.45, 2.4, 2.5, 2.42]], [2.46, 2.44]),
        # K-fold means as scattered as the single splits
        (SPLITS, [1.9, 3.0, 2.0, 2.9, 2.45]),
    ],
)
def test_holdout_variance_fails_when_a_part_breaks(splits, means):
    assert lesson.holdout_variance(splits, means).holds is False


def test_holdout_variance_needs_several_shuffles():
    with pytest.raises(claims.MissingData):
        lesson.holdout_variance([SPLITS[0]], MEANS[:1])


def test_smoothed_curve_holds_on_a_curve_like_ours():
    result = lesson.smoothed_curve(SMOOTHED, best_num_epochs=140, skip=10)
    assert result.holds is True, result.describe()
    assert result.numbers["smoothed_last"] == pytest.approx(SMOOTHED[-1])


@pytest.mark.parametrize(
    ("curve", "epoch"),
    [
        ([3.0 - 0.001 * e for e in range(490)], 500),  # never turns up
        (SMOOTHED, 300),  # the minimum late in the run
        ([2.4 + 0.0001 * e for e in range(490)], 11),  # a rise of 2 % only
    ],
)
def test_smoothed_curve_fails_when_a_part_breaks(curve, epoch):
    assert lesson.smoothed_curve(curve, epoch, 10).holds is False


def test_final_model_holds_and_fails():
    assert lesson.final_model(2.6, 6.53).holds is True
    assert lesson.final_model(3.5, 6.53).holds is False


def test_claims_read_the_probed_variables():
    """The probe turns arrays into nested lists; the claims take them."""
    variables = {
        "split_scores": SPLITS,
        "kfold_means": MEANS,
        "smoothed": SMOOTHED,
        "best_num_epochs": 140,
        "skip": 10,
        "test_mae": 2.6,
        "baseline_test_mae": 6.53,
    }
    results = claims.evaluate_further(7, variables)
    assert [r.claim for r in results] == [c.text for c in lesson.CLAIMS]
    assert all(r.holds for r in results), [r.describe() for r in results]
    assert claims.evaluate_further(7, {})[0].holds is None
