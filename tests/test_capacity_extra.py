"""Lesson 4: the early-stopping rule the checks use is Keras' own.

``helpers.exercises.capacity.keras_early_stopping`` judges the students'
``early_stopping_epoch``; here it is compared with
``keras.callbacks.EarlyStopping(restore_best_weights=True)`` replayed epoch
by epoch on a model whose single weight records the epoch, so the restored
weight tells which epoch Keras kept.
"""

from __future__ import annotations

import numpy as np
import pytest

from helpers.exercises.capacity import keras_early_stopping, polynomial_errors


def _keras(val_losses: list[float], patience: int) -> tuple[int, int]:
    import keras

    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1)])
    callback = keras.callbacks.EarlyStopping(
        monitor="val_loss", patience=patience, restore_best_weights=True
    )
    callback.set_model(model)
    model.stop_training = False
    callback.on_train_begin()
    ran = 0
    for epoch, loss in enumerate(val_losses):
        model.set_weights([np.full((1, 1), epoch + 1.0), np.zeros(1)])
        callback.on_epoch_end(epoch, {"loss": 0.1, "val_loss": float(loss)})
        ran = epoch + 1
        if model.stop_training:
            break
    callback.on_train_end()
    return ran, int(model.get_weights()[0][0, 0])


def _curves() -> list[list[float]]:
    rng = np.random.default_rng(7)
    found = [
        [0.5, 0.4, 0.45, 0.41, 0.6],
        [0.5, 0.4, 0.4, 0.4, 0.3],
        [0.5, 0.3, 0.35],
        [0.4, 0.4, 0.4, 0.4],
        [0.7],
        [0.5, 0.6, 0.45, 0.5, 0.55, 0.6],
    ]
    for _ in range(12):
        epochs = int(rng.integers(5, 25))
        turn = int(rng.integers(1, epochs))
        steps = np.arange(1, epochs + 1)
        curve = 0.3 + 0.002 * (steps - turn) ** 2 + rng.normal(0, 0.004, epochs)
        found.append([round(float(v), 3) for v in curve])
    return found


@pytest.mark.parametrize("patience", [0, 1, 2, 3, 5])
def test_rule_matches_keras_early_stopping(patience):
    for losses in _curves():
        assert keras_early_stopping(losses, patience) == _keras(losses, patience), (
            losses
        )


def test_polynomial_rule_interpolates_and_picks_on_validation():
    rng = np.random.default_rng(1)
    x = np.linspace(0, 2 * np.pi, 16)
    y = np.cos(x) + rng.normal(0, 0.2, 16)
    x_val = rng.uniform(0, 2 * np.pi, 100)
    y_val = np.cos(x_val) + rng.normal(0, 0.2, 100)
    train, val, best = polynomial_errors(x, y, x_val, y_val, [1, 4, 15])
    assert train[-1] < 1e-12
    assert best == 4
    assert val[0] > val[1] < val[2]
