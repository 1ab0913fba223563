"""Lesson 6's further claims (benchmarks/lesson_claims/dropout.py) hold on
numbers that satisfy them and fail on numbers that do not."""

from __future__ import annotations

import pytest

from benchmarks.claims import evaluate_further, lesson_claims
from benchmarks.lesson_claims import dropout as claims


def _layer_numbers(your_fraction: float = 0.5, your_scale: float = 2.0):
    statistics = {
        "Keras Dropout": (0.49, 2.0),
        "your dropout": (your_fraction, your_scale),
    }
    cross_entropy = {
        "Keras Dropout, inference": 0.40,
        "Keras Dropout, training": 0.52,
        "your dropout, inference": 0.40,
        "your dropout, training": 0.53,
    }
    return statistics, cross_entropy


def test_your_dropout_claim_holds_when_it_behaves_like_keras():
    statistics, cross_entropy = _layer_numbers()
    result = claims.your_dropout_matches_keras(statistics, cross_entropy, True)
    assert result.holds, result.describe()


@pytest.mark.parametrize(
    ("fraction", "scale", "same"),
    [(0.25, 2.0, True), (0.5, 1.0, True), (0.5, 2.0, False)],
)
def test_your_dropout_claim_fails_on_a_wrong_layer(fraction, scale, same):
    statistics, cross_entropy = _layer_numbers(fraction, scale)
    result = claims.your_dropout_matches_keras(statistics, cross_entropy, same)
    assert result.holds is False


def test_your_dropout_claim_fails_when_the_thinned_networks_disagree():
    statistics, cross_entropy = _layer_numbers()
    cross_entropy["your dropout, training"] = 0.70
    result = claims.your_dropout_matches_keras(statistics, cross_entropy, True)
    assert result.holds is False


def _history(values):
    return {"val_loss": list(values)}


SMALL = _history([0.40, 0.30, 0.29, 0.31, 0.35, 0.40])
SMALL_DROPOUT = _history([0.45, 0.32, 0.28, 0.29, 0.33, 0.37])
LARGE = _history([0.34, 0.29, 0.28, 0.40, 0.55, 0.70])
LARGE_DROPOUT = _history([0.36, 0.29, 0.27, 0.30, 0.35, 0.40])


def test_big_model_claim_holds_when_the_big_model_gains_more():
    result = claims.dropout_pays_off_on_big_models(
        SMALL, SMALL_DROPOUT, LARGE, LARGE_DROPOUT
    )
    assert result.holds, result.describe()
    assert result.numbers["512-512 late gain"] == pytest.approx(0.20)


def test_big_model_claim_fails_when_the_gains_are_alike():
    result = claims.dropout_pays_off_on_big_models(SMALL, SMALL_DROPOUT, LARGE, LARGE)
    assert result.holds is False


def test_big_model_claim_fails_when_the_big_gain_is_tiny():
    barely = _history([0.34, 0.29, 0.28, 0.40, 0.53, 0.70])
    small_dropout = _history([0.40, 0.30, 0.29, 0.31, 0.35, 0.39])
    result = claims.dropout_pays_off_on_big_models(SMALL, small_dropout, LARGE, barely)
    assert result.holds is False
    assert result.failures()[0].requirement.endswith(f">= {claims.LARGE_GAIN_MIN}")


def test_the_lessons_claims_are_found_and_report_missing_variables():
    assert len(lesson_claims(6)) == len(claims.CLAIMS) == 2
    results = evaluate_further(6, {"history_reference": SMALL})
    assert all(result.holds is None and result.missing for result in results)
