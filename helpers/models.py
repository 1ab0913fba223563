"""Model builders for the course, each returning a compiled Keras model.

All models use RMSprop and are compiled with keyword arguments. Models are
built for a known input width, so ``model.summary()`` and
``model.count_params()`` work before any training.
"""

from __future__ import annotations

from collections.abc import Sequence

import keras

from helpers.training import STEPS_PER_EXECUTION

MNIST_PIXELS = 28 * 28
MNIST_CLASSES = 10
IMDB_WORDS = 10_000
BOSTON_FEATURES = 13


def _plain_cross_entropy(y_true, y_pred):
    """Binary cross-entropy per sample, accepting labels of shape (n,) or
    (n, 1). ``keras.metrics.BinaryCrossentropy`` rejects (n,) labels."""
    y_true = keras.ops.reshape(
        keras.ops.cast(y_true, y_pred.dtype), keras.ops.shape(y_pred)
    )
    return keras.losses.binary_crossentropy(y_true, y_pred)


def cross_entropy_metric() -> keras.metrics.Metric:
    """A ``cross_entropy`` metric: binary cross-entropy without any
    regularization penalty (Keras' ``loss`` and ``val_loss`` include it)."""
    return keras.metrics.MeanMetricWrapper(_plain_cross_entropy, name="cross_entropy")


def _compiled(
    model: keras.Sequential, learning_rate: float, *, loss: str, metrics: list
) -> keras.Sequential:
    """Compile ``model`` the course's way: RMSprop, keyword arguments, and
    several batches per backend call (:data:`STEPS_PER_EXECUTION`)."""
    if not learning_rate > 0:
        raise ValueError(f"learning_rate must be positive, got {learning_rate}")
    model.compile(
        optimizer=keras.optimizers.RMSprop(learning_rate=learning_rate),
        loss=loss,
        metrics=metrics,
        steps_per_execution=STEPS_PER_EXECUTION,
    )
    return model


def _check_units(hidden_units: Sequence[int]) -> list[int]:
    units = list(hidden_units)
    if any(int(u) != u or u < 1 for u in units):
        raise ValueError(f"hidden_units must be positive integers, got {units}")
    return units


def mnist_classifier(
    hidden_units: Sequence[int] = (512,),
    *,
    learning_rate: float = 1e-3,
    input_dim: int = MNIST_PIXELS,
) -> keras.Sequential:
    """An MNIST classifier: ReLU ``Dense`` layers, then ``Dense(10, softmax)``.

    Args:
        hidden_units: widths of the hidden layers; ``(512,)`` is the book's
            model, ``(96, 96)`` the lesson-4 model, ``()`` logistic regression.
        learning_rate: RMSprop's learning rate (Keras' default is 1e-3).
        input_dim: features per sample (784, or 1568 with noise channels).

    Compiled with sparse categorical cross-entropy and accuracy.
    """
    units = _check_units(hidden_units)
    model = keras.Sequential(
        [keras.Input(shape=(input_dim,))]
        + [keras.layers.Dense(width, activation="relu") for width in units]
        + [keras.layers.Dense(MNIST_CLASSES, activation="softmax")]
    )
    return _compiled(
        model,
        learning_rate,
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )


def logistic_regression(*, input_dim: int = MNIST_PIXELS) -> keras.Sequential:
    """Multinomial logistic regression on MNIST: a single ``Dense(10, softmax)``."""
    return mnist_classifier((), input_dim=input_dim)


def imdb_classifier(
    hidden_units: Sequence[int] = (16, 16),
    *,
    learning_rate: float = 1e-3,
    input_dim: int = IMDB_WORDS,
) -> keras.Sequential:
    """An IMDB sentiment classifier on multi-hot reviews.

    Args:
        hidden_units: widths of the ReLU hidden layers; the book's reference
            model is ``(16, 16)``, the smaller ``(4, 4)``, the larger
            ``(512, 512)``.
        learning_rate: RMSprop's learning rate.
        input_dim: vocabulary size of the multi-hot input.

    Compiled with binary cross-entropy, accuracy, and ``cross_entropy``: the
    same cross-entropy as a metric, which (unlike ``loss``) never includes a
    regularization penalty, so models with and without one compare fairly.
    Regularized versions are the lessons' exercises: this builder has none.
    """
    units = _check_units(hidden_units)
    layers: list[keras.layers.Layer] = [keras.Input(shape=(input_dim,))]
    layers += [keras.layers.Dense(width, activation="relu") for width in units]
    layers.append(keras.layers.Dense(1, activation="sigmoid"))
    model = keras.Sequential(layers)
    return _compiled(
        model,
        learning_rate,
        loss="binary_crossentropy",
        metrics=["accuracy", cross_entropy_metric()],
    )


def boston_regressor(
    hidden_units: Sequence[int] = (64, 64),
    *,
    learning_rate: float = 1e-3,
    input_dim: int = BOSTON_FEATURES,
) -> keras.Sequential:
    """The Boston-housing regressor: ReLU ``Dense`` layers, then ``Dense(1)``.

    The output has no activation, so it can predict any price. Compiled with
    mean squared error as the loss and mean absolute error (``mae``, in
    thousands of dollars) as the metric.
    """
    units = _check_units(hidden_units)
    model = keras.Sequential(
        [keras.Input(shape=(input_dim,))]
        + [keras.layers.Dense(width, activation="relu") for width in units]
        + [keras.layers.Dense(1)]
    )
    return _compiled(model, learning_rate, loss="mse", metrics=["mae"])
