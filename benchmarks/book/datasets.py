"""Plain NumPy loaders for the book-style baselines.

Each returns exactly what ``keras.datasets.<name>.load_data()`` returns (same
shuffling seed, same IMDB index offsets and markers). With ``COURSE_DATA_DIR``
set, the Keras-format file in that directory is read with ``np.load``, the way
Keras reads it; without it, Keras downloads the data.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

SEED = 113  # Keras' shuffling seed for IMDB and Boston housing


def _file(name: str) -> Path | None:
    directory = os.environ.get("COURSE_DATA_DIR", "").strip()
    return Path(directory) / name if directory else None


def load_mnist():
    """``(x_train, y_train), (x_test, y_test)``: uint8 images (n, 28, 28)."""
    path = _file("mnist.npz")
    if path is None:
        import keras

        return keras.datasets.mnist.load_data()
    with np.load(path) as arrays:
        return (arrays["x_train"], arrays["y_train"]), (
            arrays["x_test"],
            arrays["y_test"],
        )


def load_imdb(num_words: int = 10_000):
    """Reviews as lists of word indices (1 = start, 2 = out of vocabulary,
    words from 3 on), labels 0/1, as ``keras.datasets.imdb.load_data``."""
    path = _file("imdb.npz")
    if path is None:
        import keras

        return keras.datasets.imdb.load_data(num_words=num_words)
    with np.load(path, allow_pickle=True) as arrays:
        x_train, y_train = arrays["x_train"], arrays["y_train"]
        x_test, y_test = arrays["x_test"], arrays["y_test"]
    rng = np.random.RandomState(SEED)
    order = np.arange(len(x_train))
    rng.shuffle(order)
    x_train, y_train = x_train[order], y_train[order]
    order = np.arange(len(x_test))
    rng.shuffle(order)
    x_test, y_test = x_test[order], y_test[order]

    def encode(reviews):
        return np.array(
            [[1] + [w + 3 if w + 3 < num_words else 2 for w in r] for r in reviews],
            dtype="object",
        )

    return (encode(x_train), y_train), (encode(x_test), y_test)


def load_boston_housing(test_split: float = 0.2):
    """``(x_train, y_train), (x_test, y_test)``: 404 / 102 houses, 13 raw
    features (float64), prices in thousands of dollars."""
    path = _file("boston_housing.npz")
    if path is None:
        import keras

        return keras.datasets.boston_housing.load_data()
    with np.load(path) as arrays:
        x, y = arrays["x"], arrays["y"]
    order = np.arange(len(x))
    np.random.RandomState(SEED).shuffle(order)
    x, y = x[order], y[order]
    split = int(len(x) * (1 - test_split))
    return (x[:split], y[:split]), (x[split:], y[split:])
