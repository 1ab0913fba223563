"""Lesson 5's further claims (benchmarks/lesson_claims/l2_regularization.py)
hold on curves shaped like the lesson's sweep and fail when one part breaks."""

from __future__ import annotations

import pytest

from benchmarks import claims
from benchmarks.lesson_claims import l2_regularization as sweep_claims

FACTORS = ["0.0", "0.002", "0.01", "0.03"]
"""As the benchmark probe stores the lesson's keys: text."""


def _run(lowest: float, late: float, final_train: float) -> dict:
    """A 20-epoch history: val cross-entropy at ``lowest`` for 10 epochs,
    then ``late`` for the second half; training cross-entropy ending at
    ``final_train``."""
    val = [lowest + 0.1] + [lowest] * 9 + [late] * 10
    train = [0.5 - i * (0.5 - final_train) / 19 for i in range(20)]
    return {"val_cross_entropy": val, "cross_entropy": train}


def _sweep(
    lowest=(0.285, 0.280, 0.292, 0.332),
    late=(0.458, 0.320, 0.303, 0.344),
    final_train=(0.020, 0.123, 0.227, 0.320),
) -> dict:
    rows = zip(lowest, late, final_train, strict=True)
    return {factor: _run(*row) for factor, row in zip(FACTORS, rows, strict=True)}


SQUARES = {"0.0": 223.3, "0.002": 41.2, "0.01": 12.9, "0.03": 5.1}


def test_weights_shrink_holds_on_a_lesson_like_sweep():
    result = sweep_claims.weights_shrink(_sweep(), SQUARES)
    assert result.holds is True, result.describe()
    assert result.numbers["squared_weights_0.03"] == 5.1


def test_weights_shrink_fails_when_weights_or_fit_do_not_follow_the_factor():
    bumped = dict(SQUARES, **{"0.01": 50.0})
    assert sweep_claims.weights_shrink(_sweep(), bumped).holds is False
    flat = _sweep(final_train=(0.02, 0.123, 0.1, 0.32))
    assert sweep_claims.weights_shrink(flat, SQUARES).holds is False


def test_factors_are_sorted_by_value_not_by_text():
    shuffled = {key: SQUARES[key] for key in ["0.03", "0.0", "0.01", "0.002"]}
    numeric = {float(key): value for key, value in SQUARES.items()}
    assert sweep_claims.weights_shrink(_sweep(), shuffled).holds is True
    assert sweep_claims.weights_shrink(_sweep(), numeric).holds is True


def test_both_ends_cost_on_a_lesson_like_sweep():
    result = sweep_claims.too_little_and_too_much(_sweep())
    assert result.holds is True, result.describe()
    assert result.numbers["best_late_factor"] == 0.01


@pytest.mark.parametrize(
    "changes",
    [
        {"late": (0.458, 0.320, 0.303, 0.31)},  # largest factor no worse
        {"late": (0.31, 0.320, 0.303, 0.344)},  # no penalty no worse
        {"late": (0.458, 0.320, 0.303, 0.290)},  # best at the end
        {"lowest": (0.285, 0.280, 0.292, 0.29)},  # no underfitting
    ],
)
def test_both_ends_cost_fails_when_one_end_is_fine(changes):
    result = sweep_claims.too_little_and_too_much(_sweep(**changes))
    assert result.holds is False, result.describe()


def test_a_sweep_without_the_plain_metric_or_factors_is_missing_data():
    variables = {
        "sweep_histories": {f: {"val_loss": [0.3] * 4} for f in FACTORS},
        "squared_weights": SQUARES,
    }
    results = [r for r in claims.evaluate_further(5, variables) if r.missing]
    assert len(results) == 2
    with pytest.raises(claims.MissingData):
        sweep_claims.by_factor({"0.0": 1.0, "0.1": 2.0})
    with pytest.raises(claims.MissingData):
        sweep_claims.by_factor({"none": 1.0, "0.1": 2.0, "1": 3.0})


def test_lesson_5_lists_both_claims():
    texts = [claim.text for claim in claims.lesson_claims(5)]
    assert texts == [sweep_claims.SHRINK_TEXT, sweep_claims.ENDS_TEXT]
