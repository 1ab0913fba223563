"""Lesson 4's further claims (benchmarks/lesson_claims/capacity.py): each
holds on numbers like the lesson's and fails where the sentence is false."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks.claims import MissingData
from benchmarks.lesson_claims import capacity
from helpers.exercises.capacity import noisy_cosine, polynomial_errors


def _sweep(seed: int = 42) -> dict:
    x_train, y_train, x_val, y_val = noisy_cosine(np.random.default_rng(seed), 16, 200)
    degrees = list(range(1, 16))
    train, val, _ = polynomial_errors(x_train, y_train, x_val, y_val, degrees)
    return {"degrees": degrees, "train": train, "val": val, "x": x_train.tolist()}


def _judge(sweep: dict):
    return capacity.polynomial_degrees(
        degrees=sweep["degrees"],
        degree_errors=[sweep["train"], sweep["val"], 7],
        x_train=sweep["x"],
    )


def test_polynomial_claim_holds_on_a_lesson_like_sweep():
    result = _judge(_sweep())
    assert result.holds, result.describe()


def test_polynomial_claim_fails_without_an_overfitting_degree():
    sweep = _sweep()
    for key in ("degrees", "train", "val"):
        sweep[key] = sweep[key][:8]
    result = _judge(sweep)
    assert result.holds is False
    assert {c.requirement.split(":")[0] for c in result.failures()} >= {
        "degree 8 overfits"
    }


def test_polynomial_claim_fails_when_degree_one_is_best():
    sweep = _sweep()
    sweep["val"] = [0.01, *sweep["val"][1:]]
    assert _judge(sweep).holds is False


def test_polynomial_claim_needs_matching_lists():
    sweep = _sweep()
    sweep["val"] = sweep["val"][:3]
    with pytest.raises(MissingData):
        _judge(sweep)


def _curve(stop: int, best: int) -> dict:
    losses = [0.5 - 0.02 * e for e in range(1, best + 1)]
    losses += [losses[-1] + 0.01 * k for k in range(1, stop - best + 1)]
    return {"val_loss": losses, "loss": [0.1] * len(losses)}


def test_early_stopping_claim_holds_when_all_agree():
    result = capacity.early_stopping(
        history_early=_curve(8, 6),
        history_dense={"val_loss": [0.3] * 20},
        stopped_after=8,
        restored_epoch=6,
        predicted_epochs=[8, 6],
    )
    assert result.holds, result.describe()


@pytest.mark.parametrize(
    ("stopped", "restored", "predicted"),
    [(20, 18, (20, 18)), (8, 7, (8, 7)), (8, 6, (9, 6))],
    ids=["never-stops", "wrong-restore", "student-disagrees"],
)
def test_early_stopping_claim_fails(stopped, restored, predicted):
    result = capacity.early_stopping(
        history_early=_curve(stopped, 6 if stopped < 20 else 18),
        history_dense={"val_loss": [0.3] * 20},
        stopped_after=stopped,
        restored_epoch=restored,
        predicted_epochs=list(predicted),
    )
    assert result.holds is False


def test_clock_claim():
    good = {"pixels": 51.5, "hand tips": 98.0, "hand angles": 1e-13}
    assert capacity.clock_features(good).holds
    assert capacity.clock_features({**good, "hand angles": 3.0}).holds is False
    assert capacity.clock_features({**good, "hand tips": 5.0}).holds is False
    with pytest.raises(MissingData):
        capacity.clock_features({"pixels": 1.0})


def test_imdb_early_stopping_claim():
    histories = {
        "4-4": {"val_loss": [0.5, 0.4, 0.35, 0.36, 0.37, 0.38]},
        "16-16": {"val_loss": [0.5, 0.3, 0.4, 0.5, 0.6, 0.7]},
        "512-512": {"val_loss": [0.3, 0.5, 0.7, 0.9, 1.0, 1.1]},
    }
    stops = {"4-4": [5, 3], "16-16": [4, 2], "512-512": [3, 1]}
    assert capacity.imdb_early_stopping(histories, stops).holds
    assert (
        capacity.imdb_early_stopping(histories, {**stops, "4-4": [5, 4]}).holds is False
    )
    smaller = {**histories, "512-512": {"val_loss": [0.3, 0.31, 0.32, 0.33, 0.3, 0.3]}}
    assert capacity.imdb_early_stopping(smaller, stops).holds is False
    with pytest.raises(MissingData):
        capacity.imdb_early_stopping(histories, {"4-4": [5, 3]})
