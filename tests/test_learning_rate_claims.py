"""Lesson 3's further claims (benchmarks/lesson_claims/learning_rate.py)
hold on numbers like the lesson's and fail when the effect is missing."""

from __future__ import annotations

import pytest

from benchmarks.claims import MissingData
from benchmarks.lesson_claims import learning_rate as claims


def _path(factor: float, steps: int = 12) -> list[float]:
    return [factor**k for k in range(steps + 1)]


def test_overshoot_holds_on_the_lessons_rates():
    paths = {
        "0.1": _path(0.8),
        "0.4": _path(0.2),
        "0.9": _path(-0.8),
        "1.05": _path(-1.1),
    }
    result = claims.overshoot(paths, 1.0)
    assert result.holds, result.describe()


@pytest.mark.parametrize(
    "paths",
    [
        {"0.9": _path(1.1), "1.05": _path(-1.1)},  # a rate below the limit grows
        {"0.9": _path(-0.8), "1.05": _path(-0.9)},  # above the limit it shrinks
        {"0.1": _path(0.8), "0.4": _path(0.2)},  # no rate above the limit at all
    ],
)
def test_overshoot_fails(paths):
    assert claims.overshoot(paths, 1.0).holds is False


def test_range_test_holds_on_a_falling_then_exploding_loss():
    losses = [2.4, 2.0, 1.0, 0.4, 0.2, 0.3, 5.0]
    result = claims.range_test(0.016, losses)
    assert result.holds, result.describe()
    assert result.numbers["blowup_rate"] == 0.016


@pytest.mark.parametrize(
    ("rate", "losses"),
    [
        (0.5, [2.4, 1.0, 0.2, 9.0]),  # the limit is too close to 1.0
        (1e-4, [2.4, 1.0, 0.2, 9.0]),  # blows up below RMSprop's default
        (0.02, [2.4, 2.3, 2.2, 9.0]),  # the loss never fell
    ],
)
def test_range_test_fails(rate, losses):
    assert claims.range_test(rate, losses).holds is False


def test_range_test_reads_probe_strings_and_rejects_missing_numbers():
    assert claims.range_test("0.02", [2.4, "nan", 0.3]).holds is True
    with pytest.raises(MissingData):
        claims.range_test(None, [2.4, 0.3])


GOOD = {"val_accuracy": [0.95, 0.97, 0.974]}


def test_big_batch_holds_when_the_run_declines_after_a_good_start():
    collapsing = {"val_accuracy": [0.78, 0.55, 0.29, 0.16]}
    result = claims.big_batch(collapsing, GOOD)
    assert result.holds, result.describe()
    assert result.numbers["big_batch_best_val_acc"] == 0.78
    partly = {"val_accuracy": [0.83, 0.74, 0.59, 0.54]}  # like seed 2
    assert claims.big_batch(partly, GOOD).holds is True


@pytest.mark.parametrize(
    "big",
    [
        [0.8, 0.9, 0.93],  # keeps improving: the big batch rescued the rate
        [0.96, 0.95],  # declines, but from as good as the 0.01 run
        [0.3, float("nan")],  # ends in NaN
    ],
)
def test_big_batch_fails_when_the_big_batch_rescues_the_rate(big):
    assert claims.big_batch({"val_accuracy": big}, GOOD).holds is False


def test_no_spatial_prior_holds_within_the_tolerance_and_fails_outside():
    assert claims.no_spatial_prior(0.9738, 0.9724).holds is True
    assert claims.no_spatial_prior(0.95, 0.9724).holds is False
    assert claims.no_spatial_prior(0.85, 0.855).holds is False  # both too low


def test_every_claim_names_lesson_3():
    assert {claim.lesson for claim in claims.CLAIMS} == {3}
