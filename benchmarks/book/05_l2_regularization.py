"""Lesson 5, book style: IMDB as dense float64 multi-hot rows, the 16-16
model without and with l2(0.002) on both hidden layers, 20 epochs each.
Written by us for the benchmark. One addition to the book's code: a
penalty-free cross-entropy metric (labels shaped (n, 1) for it), so that the
claim can be checked on this run too."""

# %%
import keras
import numpy as np
from keras import layers, regularizers

from benchmarks.book.datasets import load_imdb

keras.utils.set_random_seed(42)

# %%
(train_reviews, train_targets), _ = load_imdb(num_words=10000)


def multi_hot(reviews, width=10000):
    rows = np.zeros((len(reviews), width))
    for row, review in enumerate(reviews):
        rows[row, review] = 1.0
    return rows


train_reviews = multi_hot(train_reviews)
train_targets = np.asarray(train_targets).astype("float32").reshape(-1, 1)


# %%
def fit_imdb(penalty):
    classifier = keras.Sequential(
        [
            layers.Dense(16, kernel_regularizer=penalty, activation="relu"),
            layers.Dense(16, kernel_regularizer=penalty, activation="relu"),
            layers.Dense(1, activation="sigmoid"),
        ]
    )
    classifier.compile(
        optimizer="rmsprop",
        loss="binary_crossentropy",
        metrics=["accuracy", keras.metrics.BinaryCrossentropy(name="cross_entropy")],
    )
    return classifier.fit(
        train_reviews,
        train_targets,
        epochs=20,
        batch_size=512,
        validation_split=0.4,
        verbose=0,
    )


# %%
history_reference = fit_imdb(None)

# %%
history_l2 = fit_imdb(regularizers.l2(0.002))
