"""helpers.checks: pass messages, failure messages with expected/found/hint."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from helpers import checks, models


def test_check_passes_with_a_tick(capsys):
    checks.check(True, "labels kept intact")
    assert capsys.readouterr().out == "✓ labels kept intact\n"


def test_failure_says_expected_found_and_hint():
    with pytest.raises(checks.CheckFailed) as caught:
        checks.check_close("gap", 0.5, 0.01, tolerance=1e-3, hint="subtract in order")
    message = str(caught.value)
    assert message.startswith("✗ gap is off by more than 0.001")
    assert "expected: 0.01" in message and "found:    0.5" in message
    assert "Hint: subtract in order" in message
    assert isinstance(caught.value, AssertionError)  # nbgrader counts it as failed


@pytest.mark.parametrize("value", [np.array([1.0, 2.0]), float("nan"), "0.5", None])
def test_check_number_rejects_non_numbers(value):
    with pytest.raises(checks.CheckFailed, match="single finite number"):
        checks.check_number("gap", value)


def test_check_unchanged_and_check_raises():
    before = np.arange(5)
    checks.check_unchanged("labels", before, before.copy())
    with pytest.raises(checks.CheckFailed, match="modified in place"):
        checks.check_unchanged("labels", before, before[::-1])
    checks.check_raises(lambda: int("x"), ValueError, "rejects text")
    with pytest.raises(checks.CheckFailed, match="nothing was raised"):
        checks.check_raises(lambda: 1, ValueError, "never")
    with pytest.raises(checks.CheckFailed, match="got KeyError"):
        checks.check_raises(lambda: {}["x"], ValueError, "wrong kind")


def test_layer_and_optimizer_checks_explain_differences():
    model = keras.Sequential(
        [keras.Input(shape=(20,))]
        + [keras.layers.Dense(16, activation="relu"), keras.layers.Dropout(0.5)]
        + [keras.layers.Dense(16, activation="relu"), keras.layers.Dropout(0.5)]
        + [keras.layers.Dense(1, activation="sigmoid")]
    )
    with pytest.raises(checks.CheckFailed) as caught:
        checks.check_layers(
            model, [("Dense", 16, "relu", None)] * 2 + [("Dense", 1, "sigmoid", None)]
        )
    assert "5 layers, expected 3" in str(caught.value)
    assert "Dropout(0.5)" in str(caught.value)
    with pytest.raises(checks.CheckFailed, match="layer 1 differs"):
        checks.check_layers(
            models.imdb_classifier((16, 8)),
            [("Dense", 16, "relu", None)] * 2 + [("Dense", 1, "sigmoid", None)],
        )
    checks.check_optimizer(models.mnist_classifier(learning_rate=0.01), "RMSprop", 0.01)
    with pytest.raises(checks.CheckFailed, match="optimizer differs"):
        checks.check_optimizer(
            models.mnist_classifier(learning_rate=1.0), "RMSprop", 0.01
        )


def test_functional_models_are_summarized_like_sequential_ones():
    import keras

    inputs = keras.Input(shape=(10,))
    hidden = keras.layers.Dense(4, activation="relu")(inputs)
    outputs = keras.layers.Dense(1, activation="sigmoid")(hidden)
    model = keras.Model(inputs, outputs)
    assert checks.layer_summary(model) == [
        ("Dense", 4, "relu", None),
        ("Dense", 1, "sigmoid", None),
    ]


def test_numpy_scalars_print_as_plain_numbers():
    with pytest.raises(checks.CheckFailed) as caught:
        checks.fail("off", expected=np.float32(6.5), found=np.int64(3))
    assert "expected: 6.5" in str(caught.value) and "np." not in str(caught.value)
